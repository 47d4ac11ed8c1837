#!/usr/bin/env bash
# Submits a sodlift study to Slurm: an array of N shards and a merge job that
# starts when every shard succeeded.
#
#   scripts/slurm/submit.sh N OUT STUDY [study flags...]
#   scripts/slurm/submit.sh 16 runs/fig10 fig10 --trials 50
#
# Prints the two job ids. Extra sbatch options (partition, time limit, ...)
# go in SBATCH_EXTRA, e.g. SBATCH_EXTRA="--partition=short --time=02:00:00".
set -euo pipefail
if [ $# -lt 3 ]; then
  echo "submit.sh: usage: submit.sh N OUT STUDY [study flags...]" >&2
  exit 2
fi
n="$1"; out="$2"; shift 2
case "$n" in ''|*[!0-9]*|0) echo "submit.sh: N '$n': need a positive number of shards" >&2; exit 2 ;; esac
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck disable=SC2086
array=$(sbatch --parsable ${SBATCH_EXTRA:-} --array=0-$((n - 1)) "$here/study.sbatch" "$out" "$@")
array="${array%%;*}"
# shellcheck disable=SC2086
merge=$(sbatch --parsable ${SBATCH_EXTRA:-} --dependency=afterok:"$array" "$here/merge.sbatch" "$out")
merge="${merge%%;*}"
echo "submit.sh: array job $array ($n shards), merge job $merge -> $out/summary.md"
echo "$array $merge"
