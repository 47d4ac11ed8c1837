#!/usr/bin/env bash
# OPT-IN, for a scratch machine only: installs slurm-wlm and munge (Debian),
# configures a single-node Slurm cluster on this machine (daemons as root,
# no accounting, no cgroups), then runs a sodlift study end to end as a job
# array plus a dependent merge job, and prints the result.
#
#   sudo scripts/slurm/standup-single-node.sh --yes [OUT] [-- STUDY FLAGS...]
#   (default: OUT=/tmp/sodlift-slurm-toy, study: toy --trials 60, 4 shards)
#
# It overwrites /etc/slurm/slurm.conf and creates /etc/munge/munge.key if
# absent. Never run it on a machine that is part of a real cluster.
set -euo pipefail
if [ "${1:-}" != "--yes" ]; then
  sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'
  echo "Refusing to touch the system without --yes." >&2
  exit 2
fi
shift
if [ "$(id -u)" != 0 ]; then
  echo "standup-single-node.sh: must run as root (it installs packages and starts daemons)" >&2
  exit 2
fi
out="${1:-/tmp/sodlift-slurm-toy}"
[ $# -gt 0 ] && shift
[ "${1:-}" = "--" ] && shift
study=("$@")
[ ${#study[@]} -eq 0 ] && study=(toy --trials 60)
shards="${SHARDS:-4}"
here="$(cd "$(dirname "$0")/../.." && pwd)"
bin="${SODLIFT_BIN:-$here/build/bin/sodlift}"
[ -x "$bin" ] || { echo "standup-single-node.sh: $bin not built; run scripts/build.sh first" >&2; exit 2; }

echo "== installing slurm-wlm and munge (apt)"
if ! dpkg-query -W -f='${Status}' slurm-wlm 2>/dev/null | grep -q "install ok installed" ||
   ! dpkg-query -W -f='${Status}' munge 2>/dev/null | grep -q "install ok installed"; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends slurm-wlm munge >/dev/null
fi
dpkg-query -W -f='${Package} ${Version}\n' slurm-wlm munge

echo "== munge"
if [ ! -s /etc/munge/munge.key ]; then
  if command -v mungekey >/dev/null 2>&1; then mungekey --create --force; else
    dd if=/dev/urandom bs=1 count=1024 of=/etc/munge/munge.key status=none; fi
fi
chown munge:munge /etc/munge/munge.key && chmod 400 /etc/munge/munge.key
mkdir -p /run/munge && chown munge:munge /run/munge
if ! pgrep -u munge -x munged >/dev/null 2>&1; then
  runuser -u munge -- /usr/sbin/munged
fi
munge -n | unmunge | grep STATUS

echo "== slurm.conf"
host="$(hostname -s)"
node_line="$(slurmd -C | head -1)"   # NodeName=... CPUs=... RealMemory=...
mkdir -p /etc/slurm /var/spool/slurmctld /var/spool/slurmd /var/log/slurm
cat > /etc/slurm/slurm.conf <<CONF
# single-node Slurm written by sodlift scripts/slurm/standup-single-node.sh
ClusterName=sodlift-scratch
SlurmctldHost=$host
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
StateSaveLocation=/var/spool/slurmctld
SlurmdSpoolDir=/var/spool/slurmd
SlurmctldPidFile=/run/slurmctld.pid
SlurmdPidFile=/run/slurmd.pid
SlurmctldLogFile=/var/log/slurm/slurmctld.log
SlurmdLogFile=/var/log/slurm/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
MpiDefault=none
ReturnToService=2
$node_line State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
grep -v '^#' /etc/slurm/slurm.conf

echo "== starting slurmctld and slurmd"
pkill_pidfile() { if [ -s "$1" ]; then kill "$(cat "$1")" 2>/dev/null || true; fi; }
pkill_pidfile /run/slurmd.pid
pkill_pidfile /run/slurmctld.pid
sleep 1
slurmctld -c
slurmd -c
for _ in $(seq 30); do
  sinfo -h -o '%T' 2>/dev/null | grep -qE 'idle|mixed|allocated' && break
  sleep 1
done
sinfo

echo "== submitting: $shards shards of \`sodlift study ${study[*]}\` -> $out"
rm -rf "$out"
mkdir -p "$out"
cd "$out"
export SODLIFT_BIN="$bin"
read -r array merge < <("$here/scripts/slurm/submit.sh" "$shards" "$out" "${study[@]}" | tail -1)
echo "array job $array, merge job $merge"
squeue
for _ in $(seq 600); do
  state="$(scontrol show job "$merge" 2>/dev/null | grep -o 'JobState=[A-Z_]*' | head -1 | cut -d= -f2)"
  case "$state" in COMPLETED|FAILED|CANCELLED|TIMEOUT|NODE_FAIL) break ;; esac
  sleep 1
done
echo "merge job $merge: $state"
for f in slurm-*.out; do echo "--- $f"; cat "$f"; done
echo "== $out"
ls "$out" "$out/shards"
echo "== $out/summary.md"
cat "$out/summary.md"
[ "$state" = COMPLETED ]
