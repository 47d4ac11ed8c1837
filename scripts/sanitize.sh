#!/usr/bin/env bash
# AddressSanitizer + UndefinedBehaviorSanitizer (-DSODLIFT_SANITIZE=ON) builds
# of the test programs, and ctest on them.
#
# Usage: scripts/sanitize.sh [--ci] [extra ctest args...]
#   (default)  every scalar type and every test program in ./build-asan, and
#              the whole default suite: the check that the suite passes under
#              the sanitizers (about 70 min on 2 idle cores, most of it the
#              compile; docs/reliability.md has the measured times).
#   --ci       the CI stage (scripts/test.sh stage `asan`): in ./build-asan-ci,
#              only double, bf50 and bf100 (-DSODLIFT_SCALARS; long double and
#              float128 run the same code with another arithmetic) and only
#              the test programs of CI_TARGETS below, then their tests but
#              CI_SKIP; sized to fit CI's 45 minutes beside the Release build.
#
# Both build at -O0 -g1 without NDEBUG: at -O1 the sanitized compile costs
# about 3x the Release -O3 compile, at -O0 about 1.5x; -g1 keeps line numbers
# in reports; Eigen's and our asserts (index bounds, sizes) are live.
# ASAN_OPTIONS / UBSAN_OPTIONS from the environment win over the defaults.
#
# Compiler: the --ci stage builds with clang++-14 (installed on first use, as
# scripts/fuzz.sh does): its sanitized -O0 compile of this code costs 0.45x
# GCC 12's (bench/results/ci-time.md), the same ASan + UBSan checks (clang's
# -fsanitize=undefined also has float-cast-overflow, which GCC's leaves out).
# The default mode keeps the system c++ (GCC). SODLIFT_SANITIZE_CXX=<compiler>
# picks another one for either mode; a tree configured with another compiler
# is configured afresh.
set -euo pipefail
cd "$(dirname "$0")/.."

# The CI stage's test programs: core (operators, certification, closed form,
# simulation, the study's methods) and the study runner (records, resume,
# statistics). test_lifted, test_validate and test_cli need the lifted and
# validate libraries, whose sanitized compile alone would take CI past its
# budget; they run sanitized in the default mode.
CI_TARGETS="test_support test_core test_experiments test_study"
# Left out of the CI stage for time only (each takes 3-4 min sanitized, half
# of the stage's test time); they pass sanitized in the default mode.
CI_SKIP="matrix-free certification agrees with the dense path"

ci=0
if [ "${1:-}" = "--ci" ]; then
  ci=1
  shift
fi
if [ "${1:-}" = "-h" ] || [ "${1:-}" = "--help" ]; then
  sed -n '2,27p' "$0" | sed 's/^# \{0,1\}//'
  exit 0
fi

# No Python module: an ASan-instrumented extension cannot load into an
# uninstrumented python3 (and the libraries stay non-PIC, as before).
flags=(-DSODLIFT_SANITIZE=ON -DSODLIFT_BUILD_BENCH=OFF -DSODLIFT_PYTHON=OFF -DCMAKE_BUILD_TYPE=Debug
       "-DCMAKE_CXX_FLAGS_DEBUG=-O0 -g1")
if [ "$ci" = 1 ]; then
  dir=build-asan-ci
  targets=$CI_TARGETS
  flags+=("-DSODLIFT_SCALARS=double;bf50;bf100")
  cxx=${SODLIFT_SANITIZE_CXX:-clang++-14}
else
  dir=build-asan
  targets="sodlift test_core test_lifted test_study test_validate test_cli"
  cxx=${SODLIFT_SANITIZE_CXX:-c++}
fi
case "$cxx" in
  clang++-14) bash scripts/setup.sh clang-14 libclang-rt-14-dev ;;
esac
cxx_path=$(command -v "$cxx" || true)
if [ -z "$cxx_path" ]; then
  echo "sanitize.sh: compiler '$cxx' not found: install it or set SODLIFT_SANITIZE_CXX to an installed C++ compiler" >&2
  exit 2
fi
# CMake keeps the compiler a tree was first configured with: start afresh
# when it differs.
if [ -f "$dir/CMakeCache.txt" ] &&
   ! grep -qx "CMAKE_CXX_COMPILER:[A-Z]*=$cxx_path" "$dir/CMakeCache.txt"; then
  echo "sanitize.sh: $dir was configured with another compiler; configuring it afresh with $cxx_path" >&2
  rm -rf "$dir/CMakeCache.txt" "$dir/CMakeFiles"
fi
CXX=$cxx_path SODLIFT_BUILD_DIR=$dir SODLIFT_BUILD_TARGETS=$targets bash scripts/build.sh "${flags[@]}"

jobs=$(nproc 2>/dev/null || echo 2)
# halt_on_error: the first report fails the test; detect_leaks: leaks count too.
export ASAN_OPTIONS=${ASAN_OPTIONS:-halt_on_error=1:detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
if [ "$ci" = 1 ]; then
  # Only the tests of the programs built above (ctest lists every program's).
  regex="^($(echo "$targets" | sed 's/ /|/g')):"
  ctest --test-dir "$dir" --output-on-failure -j "$jobs" --timeout 1800 -R "$regex" -E "$CI_SKIP" "$@"
else
  ctest --test-dir "$dir" --output-on-failure -j "$jobs" --timeout 1800 "$@"
fi
