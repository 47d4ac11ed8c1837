#!/usr/bin/env bash
# Runs one sodlift study as N shards under GNU parallel (this machine, or ssh
# hosts with --sshlogin), then merges the shards into one summary.
#
#   scripts/study-parallel.sh --shards 4 --out runs/toy -- toy --trials 200
#   scripts/study-parallel.sh --shards 8 --sshlogin 4/alice@hostA,4/hostB \
#       --out runs/fig10 -- fig10 --trials 50
#
# Layout: OUT/shards/shard-K/ (one run directory per shard, --shard K/N), then
# `sodlift study merge OUT/shards/shard-* --out OUT`. Rerunning the same
# command resumes every shard (each shard runs with --resume), so an
# interrupted scale-out is continued by running it again.
#
# Over ssh, every host needs sodlift at the path given by --bin (default: the
# `sodlift` on PATH there, or build/bin/sodlift relative to the login
# directory) and the shards' directories come back with --return.
set -euo pipefail

usage() {
  sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'
  echo "Options: --shards N (default: nproc) --jobs J (parallel jobs per host, default N)"
  echo "         --out DIR (required) --sshlogin LOGINS (GNU parallel syntax) --bin PATH"
  echo "         --quiet; everything after -- is passed to \`sodlift study\`."
  exit "${1:-0}"
}

shards=$(nproc 2>/dev/null || echo 2)
jobs=""
out=""
sshlogin=""
bin=""
quiet=""
while [ $# -gt 0 ]; do
  case "$1" in
    --shards) shards="$2"; shift 2 ;;
    --jobs) jobs="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --sshlogin) sshlogin="$2"; shift 2 ;;
    --bin) bin="$2"; shift 2 ;;
    --quiet) quiet="--quiet"; shift ;;
    -h|--help) usage 0 ;;
    --) shift; break ;;
    *) echo "study-parallel.sh: unknown option '$1'; see --help" >&2; exit 2 ;;
  esac
done
if [ -z "$out" ] || [ $# -lt 1 ]; then
  echo "study-parallel.sh: need --out DIR and, after --, the study name and its flags; see --help" >&2
  exit 2
fi
case "$shards" in ''|*[!0-9]*|0) echo "study-parallel.sh: --shards '$shards': need a positive integer" >&2; exit 2 ;; esac
if ! command -v parallel >/dev/null 2>&1; then
  echo "study-parallel.sh: GNU parallel not found; install it with scripts/setup.sh (Debian package 'parallel')" >&2
  exit 2
fi
here="$(cd "$(dirname "$0")/.." && pwd)"
# This checkout's build, or the installed layout (<prefix>/share/sodlift/scripts/
# next to <prefix>/bin/sodlift, cmake/SodliftInstall.cmake).
own="$here/build/bin/sodlift"
[ -x "$own" ] || own="$(cd "$here/../.." && pwd)/bin/sodlift"
if [ -z "$bin" ]; then
  if [ -n "$sshlogin" ]; then bin="sodlift"
  elif [ -x "$own" ]; then bin="$own"
  else bin="sodlift"; fi
fi
# The merge always runs here: --bin when it exists here too, else this
# checkout's build, else sodlift on PATH.
local_bin="$bin"
if ! command -v "$local_bin" >/dev/null 2>&1; then
  if [ -x "$own" ]; then local_bin="$own"; else local_bin="sodlift"; fi
fi
if ! command -v "$local_bin" >/dev/null 2>&1; then
  echo "study-parallel.sh: no local sodlift for the merge (tried $bin, $own, PATH); build it with scripts/build.sh" >&2
  exit 2
fi
mkdir -p "$out/shards"

# Quote the study arguments once, for the command line parallel runs.
study_args=""
for a in "$@"; do study_args+=" $(printf '%q' "$a")"; done

popts=(--jobs "${jobs:-$shards}" --halt "now,fail=1" --line-buffer --tagstring 'shard {}/'"$shards")
if [ -n "$sshlogin" ]; then
  # Remote shards write under the login directory and come back with --return.
  popts+=(--sshlogin "$sshlogin" --return "$out/shards/shard-{}" --cleanup)
  mkcmd="mkdir -p $(printf '%q' "$out")/shards && "
else
  mkcmd=""
fi
echo "study-parallel.sh: $shards shards of \`sodlift study$study_args\` -> $out" >&2
set +e
seq 0 $((shards - 1)) | parallel "${popts[@]}" \
  "$mkcmd$(printf '%q' "$bin") study$study_args --shard {}/$shards --resume $quiet --out $(printf '%q' "$out")/shards/shard-{}"
rc=$?
set -e
if [ $rc -ne 0 ]; then
  echo "study-parallel.sh: a shard failed or was stopped (parallel exit $rc); records so far are kept: run the same command again to resume" >&2
  exit $rc
fi
"$local_bin" study merge "$out"/shards/shard-* --out "$out" $quiet
