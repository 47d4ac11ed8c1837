#!/usr/bin/env bash
# Refusals of the memory guard and of bad sizes (SPEC §5): each must exit 2
# with ONE line on stderr that names the input, carries the estimate where
# there is one, and says the fix. Usage: scale_refusals.sh path/to/sodlift
set -u
B="$1"
fail=0
expect() {  # expect "<description>" "<substring>" args...
  local what="$1" want="$2"
  shift 2
  local err rc
  err=$("$B" "$@" 2>&1 >/dev/null)
  rc=$?
  local lines
  lines=$(printf '%s\n' "$err" | grep -c .)
  if [[ $rc -ne 2 || $lines -ne 1 || "$err" != *"$want"* ]]; then
    echo "FAIL: $what: exit $rc, $lines line(s), wanted '$want' in: $err"
    fail=1
  else
    echo "ok: $what: $err"
  fi
}
expect "gaussian --n 100000" "needs about" instance --instance gaussian --n 100000 --precision double
expect "gaussian --n 100000 names the fix" "--mem-budget" instance --instance gaussian --n 100000 --precision double
expect "pmc over a small budget" "largest n that fits" instance --instance pmc --n 3000 --mem-budget 64M --precision double
expect "--m -1" "--m -1 is invalid" instance --instance gaussian --n 5 --m -1 --precision double
expect "--m 0" "--m 0 is invalid" instance --instance gaussian --n 5 --m 0 --precision double
expect "bad --mem-budget" "--mem-budget" instance --instance pmc --n 5 --mem-budget lots --precision double
exit $fail
