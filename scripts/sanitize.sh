#!/usr/bin/env bash
# Builds the test programs with AddressSanitizer + UndefinedBehaviorSanitizer
# in ./build-asan (-DSODLIFT_SANITIZE=ON) and runs the default test suite
# there except the tests named in SLOW below, which take minutes under the
# sanitizers' slowdown (they run unsanitized in the `tests` stage), so that
# CI stays within its budget (docs/reliability.md has the measured times).
# Usage: scripts/sanitize.sh [extra ctest args...]
#   SODLIFT_ASAN_ALL=1 scripts/sanitize.sh runs every test, SLOW included.
set -euo pipefail
cd "$(dirname "$0")/.."
# Only what the tests need (no benchmarks).
# -O0 -g1: at -O1 the sanitized compile takes about 3x the Release -O3 compile
# (docs/reliability.md); at -O0 about 1x. -g1 keeps line numbers in reports.
# Not NDEBUG: Eigen's and our asserts (index bounds, sizes) are live here.
SODLIFT_BUILD_DIR=build-asan SODLIFT_BUILD_TARGETS="sodlift test_core test_lifted test_study test_validate test_cli" \
  bash scripts/build.sh -DSODLIFT_SANITIZE=ON -DSODLIFT_BUILD_BENCH=OFF \
  -DCMAKE_BUILD_TYPE=Debug "-DCMAKE_CXX_FLAGS_DEBUG=-O0 -g1"
jobs=$(nproc 2>/dev/null || echo 2)
# halt_on_error: the first report fails the test; detect_leaks: leaks count too.
export ASAN_OPTIONS=${ASAN_OPTIONS:-halt_on_error=1:detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
SLOW='^$'
exclude=(-E "$SLOW")
[ "${SODLIFT_ASAN_ALL:-0}" = 1 ] && exclude=()
ctest --test-dir build-asan --output-on-failure -j "$jobs" --timeout 1800 "${exclude[@]}" "$@"
