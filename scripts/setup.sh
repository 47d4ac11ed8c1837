#!/usr/bin/env bash
# Installs every Debian package sodlift needs. Idempotent: safe to run again.
# Runs as root on a fresh Debian 12 machine (uses sudo when not root).
# Usage: scripts/setup.sh [extra Debian packages...] (scripts/fuzz.sh adds clang).
set -euo pipefail
PKGS=(
  build-essential cmake ninja-build ccache git
  libeigen3-dev libxtensor-dev xtl-dev libxsimd-dev
  catch2 libboost1.81-dev libmpfr-dev libgmp-dev
  libcli11-dev nlohmann-json3-dev libfmt-dev libbenchmark-dev
  libpcg-cpp-dev gnuplot-nox
  parallel
  libcmark-gfm-dev libcmark-gfm-extensions-dev libxml2-utils
  python3-dev pybind11-dev python3-pybind11 python3-numpy python3-mpmath python3-pytest python3-pandas
  libflint-arb-dev libflint-dev
  "$@"
)
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#PKGS[@]} packages already installed"
  exit 0
fi
echo "setup: installing ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
echo "setup: done"
