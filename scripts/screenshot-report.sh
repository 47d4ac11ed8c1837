#!/usr/bin/env bash
# Renders a report.html in headless Chromium to PNG, to look at it as a person
# would (the CI tests check that the HTML parses; only eyes check that it reads).
#
#   scripts/screenshot-report.sh REPORT.html OUT.png [WIDTH HEIGHT [ANCHOR]]
#
# WIDTH x HEIGHT is the browser window (default 1280 x 1600): the PNG shows the
# top of the page, or the part starting at ANCHOR (e.g. c-fig4a, the section
# of claim fig4a; ids are in the report's headings). Installs Chromium
# (Debian `chromium`) on first use: it is large, so it is not part of
# scripts/setup.sh.
set -euo pipefail
if [ $# -lt 2 ]; then
  echo "usage: $0 REPORT.html OUT.png [WIDTH HEIGHT [ANCHOR]]" >&2
  exit 2
fi
html=$1 png=$2 width=${3:-1280} height=${4:-1600} anchor=${5:-}
if [ ! -f "$html" ]; then
  echo "$0: no file '$html': run 'sodlift validate --out DIR' first and pass DIR/report.html" >&2
  exit 2
fi
browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
  SUDO=""
  if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
  echo "screenshot-report: installing chromium (once)" >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core
  browser=$(command -v chromium)
fi
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
url="file://$(realpath "$html")"
if [ -n "$anchor" ]; then
  # Headless Chromium does not paint a page scrolled to its #fragment; a frame
  # does scroll to it, so the part at ANCHOR is shot through a one-frame page.
  frame="$profile/frame.html"
  printf '<!DOCTYPE html><html><body style="margin:0"><iframe src="%s#%s" style="border:0;width:%spx;height:%spx"></iframe></body></html>\n' \
    "$url" "$anchor" "$width" "$height" >"$frame"
  url="file://$frame"
fi
# --no-sandbox: CI containers run as root, where Chromium's sandbox refuses to start.
"$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --user-data-dir="$profile" \
  --allow-file-access-from-files --virtual-time-budget=3000 \
  --window-size="$width,$height" --screenshot="$(realpath -m "$png")" "$url" >/dev/null 2>&1
test -s "$png" || {
  echo "$0: chromium wrote no image for $url" >&2
  exit 1
}
echo "screenshot: $png ($width x $height, $(realpath "$html")${anchor:+#$anchor})"
