#!/usr/bin/env bash
# End-to-end test of the study runner with the toy study (SPEC §6 "Records and
# scale-out"): one process, 3 shards under GNU parallel merged, and a run
# killed with SIGKILL then resumed must give byte-identical summaries with
# every (configuration, trial, method) exactly once; torn last line, foreign
# spec, conflicting duplicates, bad shard specs, unwritable --out, SIGTERM.
#
#   scaleout_test.sh SODLIFT_BINARY SOURCE_DIR WORK_DIR
set -uo pipefail
bin="$1"; src="$2"; work="$3"
rm -rf "$work"; mkdir -p "$work"; cd "$work" || exit 2
fails=0
ok() { echo "ok   - $*"; }
bad() { echo "FAIL - $*"; fails=$((fails + 1)); }
check() { local what="$1"; shift; if "$@"; then ok "$what"; else bad "$what"; fi; }

T=40                                  # trials per configuration
ARGS=(toy --bias "0.3,0.5,0.7" --flips 15 --trials "$T")
N=$((3 * T * 2))                      # configurations x trials x methods
SUMMARY_FILES="summary.md summary.json success.csv success.gp"
command -v gnuplot >/dev/null 2>&1 && SUMMARY_FILES="$SUMMARY_FILES success.svg"

# Record identity without the wall-clock field (keys are sorted, so "timing"
# sits between "study" and "trial").
strip_timing() { sed -E 's/,"timing":\{[^}]*\}//' "$@"; }
keys() { sed -E 's/.*"configuration":"([^"]*)".*"method":"([^"]*)".*"trial":([0-9]+)\}$/\1 \2 \3/' "$@"; }
exactly_once() {  # file: N lines, N distinct (configuration, method, trial)
  [ "$(wc -l < "$1")" -eq "$N" ] && [ "$(keys "$1" | sort -u | wc -l)" -eq "$N" ]
}
same_summaries() {  # dir1 dir2
  local f
  for f in $SUMMARY_FILES; do cmp -s "$1/$f" "$2/$f" || { echo "  $1/$f differs from $2/$f"; return 1; }; done
}
exit2_one_line() {  # expected-substring command...: exit 2, exactly one stderr line
  local want="$1"; shift
  "$@" >/dev/null 2>err.txt; local rc=$?
  if [ $rc -ne 2 ] || [ "$(wc -l < err.txt)" -ne 1 ] || ! grep -q -- "$want" err.txt; then
    echo "  exit $rc, stderr:"; sed 's/^/    /' err.txt; return 1
  fi
}

# 1. One process.
"$bin" study "${ARGS[@]}" --out one --quiet
check "one process: exit 0 and records exactly once" exactly_once one/records.jsonl

# 2. Three shards under GNU parallel, merged.
if command -v parallel >/dev/null 2>&1; then
  bash "$src/scripts/study-parallel.sh" --shards 3 --bin "$bin" --out par --quiet -- "${ARGS[@]}" 2>par.err
  check "3 shards under GNU parallel: merged records exactly once" exactly_once par/records.jsonl
  check "3 shards: each shard has its third of the trials" \
    test "$(cat par/shards/shard-*/records-*-of-3.jsonl | wc -l)" -eq "$N"
  check "3 shards merged: byte-identical summary" same_summaries one par
else
  bad "GNU parallel not installed (scripts/setup.sh installs the Debian package 'parallel')"
fi

# 3. SIGKILL mid-run, a torn last line, then --resume.
"$bin" study "${ARGS[@]}" --out killed --quiet --delay-ms 15 &
pid=$!
for _ in $(seq 200); do
  [ -f killed/records.jsonl ] && [ "$(wc -l < killed/records.jsonl)" -ge 40 ] && break
  sleep 0.05
done
kill -KILL $pid; wait $pid 2>/dev/null
before=$(wc -l < killed/records.jsonl)
check "SIGKILL landed mid-run ($before of $N records)" test "$before" -ge 40 -a "$before" -lt "$N"
# What a kill during write(2) leaves behind: a prefix of a record line.
printf '{"configuration":"bias=0.5","method":"maj' >> killed/records.jsonl
cp killed/records.jsonl killed-before-resume.jsonl
"$bin" study "${ARGS[@]}" --out killed --resume --quiet 2>resume.err
check "resume: warns about the torn last line" grep -q "dropping the torn last line" resume.err
check "resume: records exactly once" exactly_once killed/records.jsonl
check "resume: complete records written before the kill are kept byte for byte" \
  cmp -s <(head -n "$before" killed-before-resume.jsonl) <(head -n "$before" killed/records.jsonl)
check "SIGKILL + resume: byte-identical summary" same_summaries one killed
"$bin" study merge killed --out killed-merged --quiet
check "merge of one directory: byte-identical summary" same_summaries one killed-merged
check "one process and merged shards hold the same records (up to timing)" \
  cmp -s <(strip_timing one/records.jsonl | sort) <(strip_timing par/records.jsonl | sort)

# 4. SIGTERM stops cleanly after the trial in flight, with a resume hint.
"$bin" study "${ARGS[@]}" --out termed --delay-ms 15 2>term.err &
pid=$!
for _ in $(seq 200); do [ -f termed/records.jsonl ] && [ "$(wc -l < termed/records.jsonl)" -ge 10 ] && break; sleep 0.05; done
kill -TERM $pid; wait $pid; rc=$?
check "SIGTERM: exit 143" test $rc -eq 143
check "SIGTERM: says how to resume" bash -c 'grep -q "Resume with:" term.err && tail -n1 term.err | grep -q -- "--out termed .*--resume$"' 
check "SIGTERM: no torn line (every line ends with a newline and is a record)" \
  test "$(tail -c1 termed/records.jsonl | od -An -c | tr -d ' ')" = '\n'

# 5. --only-trial reruns one trial alone: same record as stored.
"$bin" study "${ARGS[@]}" --only-trial 7 --only-config bias=0.5 > only.jsonl
check "--only-trial reproduces the stored records" \
  cmp -s <(strip_timing only.jsonl) <(grep '"configuration":"bias=0.5"' one/records.jsonl | grep '"trial":7}' | strip_timing)

# 6. Bad input: exit 2 with one line; nothing already written changes.
sum_one=$(cat one/records.jsonl one/spec.json | md5sum)
check "--shard 3/2 refused" exit2_one_line "--shard '3/2'" "$bin" study "${ARGS[@]}" --shard 3/2 --out x
check "--shard 0/0 refused" exit2_one_line "--shard '0/0'" "$bin" study "${ARGS[@]}" --shard 0/0 --out x
check "--shard abc refused" exit2_one_line "expected K/N" "$bin" study "${ARGS[@]}" --shard abc --out x
check "resume onto another spec refused, naming both specs" \
  exit2_one_line "holds study spec .* but this run's spec is" "$bin" study toy --bias 0.4 --trials 3 --out one --resume
check "rerun without --resume refused" exit2_one_line "pass --resume" "$bin" study "${ARGS[@]}" --out one
touch not-a-dir
check "unwritable --out refused" exit2_one_line "--out 'not-a-dir/sub'" "$bin" study "${ARGS[@]}" --out not-a-dir/sub
check "bad flag value refused" exit2_one_line "--flips: 'ten'" "$bin" study toy --flips ten --out x
check "one/ untouched by the refused runs" test "$(cat one/records.jsonl one/spec.json | md5sum)" = "$sum_one"

# A record of another spec inside the records file: refused on resume and merge.
cp -r one foreign
"$bin" study toy --bias 0.4 --trials 1 --out other --quiet
head -n1 other/records.jsonl >> foreign/records.jsonl
sum_foreign=$(md5sum < foreign/records.jsonl)
check "foreign-spec record: resume refused naming file:line and both hashes" \
  exit2_one_line "records.jsonl:$((N + 1)): record of another study spec" "$bin" study "${ARGS[@]}" --out foreign --resume
check "foreign-spec record: file untouched" test "$(md5sum < foreign/records.jsonl)" = "$sum_foreign"
check "merge of two specs refused, naming both" \
  exit2_one_line "different study specs: .*--bias is .* in 'one' but 0.4 in 'other'" "$bin" study merge one other --out m-bad

# Duplicates across inputs: identical ones collapse, conflicting ones are an error.
cp -r one dup
"$bin" study merge one dup --out m-dup --quiet
check "identical duplicates: merged exactly once, same summary" \
  bash -c "$(declare -f exactly_once keys same_summaries); N=$N SUMMARY_FILES='$SUMMARY_FILES'; exactly_once m-dup/records.jsonl && same_summaries one m-dup"
cp -r one conflict
sed -i -E '5s/"heads":([0-9]+)/"heads":99/' conflict/records.jsonl
check "conflicting duplicate: merge refused naming the trial" \
  exit2_one_line "conflicting records for configuration .*trial [0-9]*, method" "$bin" study merge one conflict --out m-conf
check "conflicting duplicate: nothing written to --out" test ! -e m-conf/records.jsonl

# Not the last line and not JSON: damage, refused (not silently dropped).
cp -r one damaged
sed -i '3s/.*/garbage/' damaged/records.jsonl
check "damaged middle line refused" exit2_one_line "records.jsonl:3: not a JSON record" "$bin" study "${ARGS[@]}" --out damaged --resume

if [ $fails -ne 0 ]; then echo "$fails check(s) failed (work dir $work)"; exit 1; fi
echo "all checks passed"
