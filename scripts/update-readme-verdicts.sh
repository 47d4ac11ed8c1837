#!/usr/bin/env bash
# Regenerates the verdict matrix in README.md from a fresh default run
# (`sodlift validate --quick --no-timestamps`), between the markers
# <!-- verdicts:begin --> and <!-- verdicts:end -->. The matrix is the one of
# report.md with its links (anchors of report.md) turned into plain text.
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
./build/bin/sodlift validate --quick --no-timestamps --out "$out" >/dev/null 2>&1
python3 - "$out/report.md" README.md <<'PY'
import sys, re
report, readme = sys.argv[1], sys.argv[2]
md = open(report, encoding="utf-8").read()
start = md.index("| claim | paper |")
end = md.find("\n\n", start)
table = md[start:end if end >= 0 else len(md)].rstrip()
table = re.sub(r"\[([^\]]*)\]\((?:report\.html)?#[^)]*\)", r"\1", table)
legend = ("✅ HOLDS, ❌ FAILS, ❔ INCONCLUSIVE; – not run on that instance; "
          "\"(quick: ...)\", \"(reduced ...)\": decided on the quick run's smaller grid, sample or horizon "
          "(report.md's findings give the --full values).")
text = open(readme, encoding="utf-8").read()
new = re.sub(r"(<!-- verdicts:begin -->).*?(<!-- verdicts:end -->)",
             lambda m: m.group(1) + "\n" + legend + "\n\n" + table + "\n" + m.group(2), text, flags=re.S)
open(readme, "w", encoding="utf-8").write(new)
PY
echo "README.md verdict matrix updated"
