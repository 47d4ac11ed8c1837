#!/usr/bin/env bash
# Fuzzes the instance JSON reader (fuzz/fuzz_instance_json.cpp) with libFuzzer
# for SECONDS seconds (default 60), under ASan + UBSan.
# Usage: scripts/fuzz.sh [SECONDS] [extra libFuzzer flags...]
#   Builds ./build-fuzz with clang-14 (installed on first use), starts from the
#   checked-in seed corpus fuzz/corpus/instance_json plus the inputs found by
#   earlier runs (build-fuzz/corpus), and exits non-zero on any finding; the
#   input that triggered it is saved under build-fuzz/artifacts/ (add it to
#   fuzz/corpus/instance_json and a row to the bad-input table test).
# Example long run on a shared machine: nice -n 19 scripts/fuzz.sh 3600
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
shift || true
bash scripts/setup.sh clang-14 libfuzzer-14-dev libclang-rt-14-dev
# -O1 without NDEBUG: Eigen's own bounds assertions stay on and count as findings.
CXX=clang++-14 SODLIFT_BUILD_DIR=build-fuzz SODLIFT_BUILD_TARGETS=fuzz_instance_json \
  bash scripts/build.sh -DCMAKE_BUILD_TYPE=None -DCMAKE_CXX_FLAGS="-O1 -g" -DSODLIFT_FUZZ=ON \
  -DSODLIFT_BUILD_TESTS=OFF -DSODLIFT_BUILD_BENCH=OFF -DSODLIFT_PYTHON=OFF
mkdir -p build-fuzz/corpus build-fuzz/artifacts
# New inputs go to the first corpus directory (build-fuzz/corpus); the seed
# corpus is only read. -timeout: one input taking 10 s counts as a hang.
exec build-fuzz/fuzz/fuzz_instance_json -max_total_time="$seconds" -timeout=10 \
  -rss_limit_mb=2048 -max_len=4096 -print_final_stats=1 \
  -dict=fuzz/instance_json.dict -artifact_prefix=build-fuzz/artifacts/ \
  "$@" build-fuzz/corpus fuzz/corpus/instance_json
