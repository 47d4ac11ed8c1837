#!/usr/bin/env bash
# The `install` stage of scripts/test.sh (issue 24): sodlift used from an
# INSTALLED prefix, the way another project or a notebook uses it.
#   1. cmake --install ./build into a temporary prefix P;
#   2. examples/ configured as a separate project with find_package(sodlift)
#      against P (CMAKE_PREFIX_PATH=P, not the build tree), built and run;
#   3. P/bin/sodlift and P/share/sodlift/scripts/study-parallel.sh run a study;
#   4. python3 with PYTHONPATH = the path the install printed imports the
#      installed `sodlift` module (and checks it is the installed one) and
#      certifies realworld's spurious minimum in bf50.
# Usage: scripts/check-install.sh (after scripts/build.sh); SODLIFT_BUILD_DIR
# selects the build tree (default build). Removes P on exit.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${SODLIFT_BUILD_DIR:-build}
jobs=$(nproc 2>/dev/null || echo 2)
if [ ! -f "$dir/CMakeCache.txt" ]; then
  echo "check-install.sh: no build in '$dir'; run scripts/build.sh first" >&2
  exit 2
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/sodlift-install.XXXXXX")
trap 'rm -rf "$work"' EXIT
P="$work/prefix"

echo "check-install: 1. cmake --install $dir --prefix $P"
cmake --install "$dir" --prefix "$P" > "$work/install.log"
test -x "$P/bin/sodlift"
test -f "$P/lib/cmake/sodlift/sodliftConfig.cmake"
test -f "$P/lib/cmake/sodlift/sodliftConfigVersion.cmake"
test -f "$P/include/sodlift/core/critical_point.hpp"

echo "check-install: 2. examples/ against the installed package"
generator=()
command -v ninja >/dev/null 2>&1 && generator=(-G Ninja)
cmake -S examples -B "$work/examples" "${generator[@]}" -DCMAKE_BUILD_TYPE=Release \
      -DCMAKE_PREFIX_PATH="$P" > "$work/examples-configure.log"
grep -q "sodlift .* from $P/lib/cmake/sodlift" "$work/examples-configure.log" || {
  echo "check-install.sh: examples/ did not find sodlift in $P:" >&2
  cat "$work/examples-configure.log" >&2
  exit 1
}
cmake --build "$work/examples" -j "$jobs" > "$work/examples-build.log" || {
  cat "$work/examples-build.log" >&2
  exit 1
}
"$work/examples/certify_and_escape"
"$work/examples/simulate_pmc" | head -n 2
"$work/examples/run_study" "$work/toy-from-code"
"$work/examples/readme"
test -f "$work/toy-from-code/summary.md"

echo "check-install: 3. the installed program and scripts"
"$P/bin/sodlift" --version
"$P/bin/sodlift" instance --instance realworld --json > "$work/realworld.json"
if command -v parallel >/dev/null 2>&1; then
  env -u SODLIFT_BIN "$P/share/sodlift/scripts/study-parallel.sh" --shards 2 --quiet \
      --out "$work/toy-par" -- toy --trials 20
  test -f "$work/toy-par/summary.md"
fi

echo "check-install: 4. import sodlift from the installed prefix"
pypath=$(sed -n 's/.*sodlift Python package: PYTHONPATH=//p' "$work/install.log" | tail -n 1)
if [ -z "$pypath" ]; then
  echo "check-install: the build has no Python module (SODLIFT_PYTHON off or pybind11 missing); skipped"
else
  python=$(sed -n 's/^Python3_EXECUTABLE:[A-Z]*=//p' "$dir/CMakeCache.txt")
  echo "check-install: PYTHONPATH=$pypath"
  (cd "$work" && PYTHONPATH="$pypath" "${python:-python3}" - "$P" "$work/realworld.json" <<'PY'
import json, sys
import mpmath
import sodlift
prefix, cli = sys.argv[1], json.load(open(sys.argv[2]))
assert sodlift.__file__.startswith(prefix), sodlift.__file__   # the installed module
I = sodlift.instance("realworld", precision="bf50")
cp = I.certify()
assert cp["kind"] == "spurious_local_min", cp["kind"]
with mpmath.workprec(sodlift.bits("bf50")):
    for i in range(3):
        assert cp["X"][i, 0] == mpmath.mpf(cli["point"][i][0]), (i, cp["X"][i, 0])
print("check-install: python: realworld certified", cp["kind"], "x1 =", mpmath.nstr(cp["X"][0, 0], 50))
PY
  )
fi
echo "check-install: passed"
