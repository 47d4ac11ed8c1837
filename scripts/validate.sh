#!/usr/bin/env bash
# Quickstart command 1: set up, build, run the default validation on the
# built-in instances and write the report to ./sodlift-report/.
# Extra arguments go to `sodlift validate` (see `build/bin/sodlift validate --help`).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
./build/bin/sodlift validate --out sodlift-report "$@"
echo "report: $(pwd)/sodlift-report/report.html (also report.md, report.json)"
