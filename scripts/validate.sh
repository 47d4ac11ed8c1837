#!/usr/bin/env bash
# Quickstart command 1: set up, build, run the default validation on the
# built-in instances and write the report to ./sodlift-report/.
# Extra arguments go to `sodlift validate` (see `build/validate/sodlift validate --help`).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
./build/validate/sodlift validate --out sodlift-report "$@"
echo "report: $(pwd)/sodlift-report/report.html (also report.md, report.json)"
