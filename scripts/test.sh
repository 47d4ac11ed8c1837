#!/usr/bin/env bash
# Quickstart command 2 and CI (.ci/run runs exactly this): every test stage.
#   build  scripts/build.sh: install packages, Release build in ./build
#   tests  the default ctest suite (long studies are hidden [.long] Catch2 tests)
#   asan   scripts/sanitize.sh: ASan + UBSan build in ./build-asan, `fast` tests
#   fuzz   scripts/fuzz.sh 60: libFuzzer on the instance JSON reader
# Default: build, tests and fuzz (the fuzz build is three small translation
# units and runs 60 s). The asan stage is opt-in
# (SODLIFT_TEST_STAGES="build tests asan fuzz"): the ASan build is a second
# full compile, about as long as the Release build, which would take CI past
# its 45-minute budget on 2 cores. Each stage prints its wall time;
# docs/reliability.md records them.
set -euo pipefail
cd "$(dirname "$0")/.."
stages=${SODLIFT_TEST_STAGES:-build tests fuzz}
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
stage build bash scripts/build.sh
stage tests ctest --test-dir build --output-on-failure -j "$jobs" --timeout 1200
stage asan bash scripts/sanitize.sh
stage fuzz bash scripts/fuzz.sh 60
echo "== test.sh: all stages passed in $SECONDS s" >&2
