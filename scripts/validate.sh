#!/usr/bin/env bash
# Quickstart command 1: set up, build, run the default validation on the
# built-in instances and write the report to ./sodlift-report/.
# Extra arguments go to `sodlift validate` (see `build/bin/sodlift validate --help`).
set -euo pipefail
cd "$(dirname "$0")/.."
# Build only what this command runs: the `sodlift` program (no tests, no
# benchmarks), and in a fresh tree only the scalars validate and the
# quickstart use (double, bf50, bf100; long double and float128 are what take
# the most compile time). `sodlift ... --precision long-double|float128` then
# exits 2 naming the cmake option; scripts/test.sh (or scripts/build.sh
# -DSODLIFT_SCALARS="double;long_double;f128;bf50;bf100") builds every scalar.
# An existing ./build keeps its configuration.
args=()
[ -f "${SODLIFT_BUILD_DIR:-build}/CMakeCache.txt" ] || args=(-DSODLIFT_SCALARS="double;bf50;bf100")
SODLIFT_BUILD_TARGETS=${SODLIFT_BUILD_TARGETS:-sodlift} bash scripts/build.sh "${args[@]}"
"./${SODLIFT_BUILD_DIR:-build}/bin/sodlift" validate --out sodlift-report "$@"
echo "report: $(pwd)/sodlift-report/report.html (also report.md, report.json)"
