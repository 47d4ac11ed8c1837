#!/usr/bin/env bash
# Regenerates the verdict table in README.md from a fresh default run
# (`sodlift validate --quick --no-timestamps`), between the markers
# <!-- verdicts:begin --> and <!-- verdicts:end -->.
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d)
./build/validate/sodlift validate --quick --no-timestamps --out "$out" >/dev/null 2>&1
python3 - "$out/report.md" README.md <<'PY'
import sys, re
report, readme = sys.argv[1], sys.argv[2]
md = open(report).read()
start = md.index("| claim | instance | verdict")
end = md.find("\n\n", start)
table = md[start:end if end >= 0 else len(md)].rstrip()
text = open(readme).read()
new = re.sub(r"(<!-- verdicts:begin -->).*?(<!-- verdicts:end -->)",
             lambda m: m.group(1) + "\n" + table + "\n" + m.group(2), text, flags=re.S)
open(readme, "w").write(new)
PY
rm -rf "$out"
echo "README.md verdict table updated"
