#!/usr/bin/env bash
# Quickstart command 2 and CI (.ci/run runs exactly this): every test stage.
#   build  scripts/build.sh: install packages, Release build in ./build
#   tests  the default ctest suite (long studies are hidden [.long] Catch2 tests)
#   install scripts/check-install.sh: install into a temporary prefix, build
#          examples/ against it with find_package, import the installed
#          Python module
#   asan   scripts/sanitize.sh --ci: ASan + UBSan build (clang-14) of
#          test_support, test_core, test_experiments and test_study (double,
#          bf50, bf100) in ./build-asan-ci, their tests
#   fuzz   scripts/fuzz.sh 60: libFuzzer on the instance JSON reader
# Default: all five. The asan stage is a second, sanitized compile of the
# core library and two test programs, sized so that the whole run fits CI's
# 45 minutes on 2 cores; `scripts/sanitize.sh` alone runs the whole suite
# sanitized (docs/reliability.md). Each stage prints its wall time;
# docs/reliability.md records them. Pick stages with e.g.
# SODLIFT_TEST_STAGES="build tests".
set -euo pipefail
cd "$(dirname "$0")/.."
stages=${SODLIFT_TEST_STAGES:-build tests install asan fuzz}
jobs=$(nproc 2>/dev/null || echo 2)
stage() {
  local name=$1
  shift
  case " $stages " in *" $name "*) ;; *) return 0 ;; esac
  local t0=$SECONDS
  echo "== test.sh: stage $name" >&2
  "$@"
  echo "== test.sh: stage $name passed in $((SECONDS - t0)) s" >&2
}
# Every scalar and every target (command 1, scripts/validate.sh, may have
# configured ./build with fewer scalars).
stage build bash scripts/build.sh -DSODLIFT_SCALARS="double;long_double;f128;bf50;bf100"
stage tests ctest --test-dir build --output-on-failure -j "$jobs" --timeout 1200
stage install bash scripts/check-install.sh
stage asan bash scripts/sanitize.sh --ci
stage fuzz bash scripts/fuzz.sh 60
echo "== test.sh: all stages passed in $SECONDS s" >&2
