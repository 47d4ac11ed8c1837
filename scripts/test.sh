#!/usr/bin/env bash
# Quickstart command 2 (and CI): set up, build, run the default test suite.
# Long studies are hidden Catch2 tests ([.long]) and are not run here.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
jobs=$(nproc 2>/dev/null || echo 2)
ctest --test-dir build --output-on-failure -j "$jobs" --timeout 1200
