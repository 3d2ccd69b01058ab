#!/usr/bin/env bash
# test_report_formats.sh PTDV — every report of `ptdv report list` on the demo city as of
# 22/04/2024 in every format, checked from outside against its own JSON: the XLSX read back
# by openpyxl holds the JSON's figures (as numbers), the PDF's text (pdftotext) holds them in
# Vietnamese form with the Vietnamese text intact and pdftoppm renders every page, the CSV
# parses with the same figures, the SVG parses as XML. Prints TAP-like lines and a total.
set -u
PTDV=${1:?usage: test_report_formats.sh PATH-TO-PTDV}
export PTDV_TODAY=2026-11-27
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
PY=/usr/bin/python3 # Debian's, with python3-openpyxl (scripts/deps.sh --test)
pass=0
fail=0
ok() { pass=$((pass + 1)); echo "ok - $1"; }
no() { fail=$((fail + 1)); echo "not ok - $1"; }

"$PTDV" demo --db "$T/d.db" --until 2026-11-27 >/dev/null || { echo "not ok - demo"; exit 1; }
names=$("$PTDV" report list --db "$T/d.db" | awk 'NR > 1 {print $1}')
[ "$(echo "$names" | wc -w)" -ge 8 ] && ok "report list names $(echo $names | wc -w) reports" ||
	no "report list: '$names'"

for name in $names; do
	base="$T/$name"
	for f in json csv xlsx pdf text; do
		if ! "$PTDV" report "$name" --org TP-BN --as-of 2024-04-22 --format "$f" --out "$base.$f" \
			--db "$T/d.db" 2>"$base.$f.err"; then
			no "$name --format $f: $(head -c 300 "$base.$f.err")"
			continue
		fi
	done
	# Every figure of the JSON (facts and table cells that are numbers) must be found in
	# the XLSX as the same number, and in the PDF and CSV in the Vietnamese form.
	if out=$("$PY" - "$base" <<'PY' 2>&1
import csv, io, json, re, subprocess, sys
base = sys.argv[1]
rep = json.load(open(base + ".json"))
def walk(v, out, skip=()):  # every number of a JSON value, leaving out codes (skip)
    if isinstance(v, dict):
        for k, x in v.items():
            if k not in skip:
                walk(x, out, skip)
    elif isinstance(v, list):
        for x in v:
            walk(x, out, skip)
    elif isinstance(v, (int, float)) and not isinstance(v, bool):
        out.append(v)
    return out
if "tables" in rep:  # the schema of report/table.h: facts and tables; CSV holds the tables
    nums = walk(rep["facts"], []) + walk(rep["tables"], [])
    tnums = walk(rep["tables"], [])
else:  # a report's own JSON (summary, pipeline, due): years and stage numbers are labels
    nums = walk(rep, [], ("as_of", "within", "year", "stage", "id"))
    tnums = []
assert nums, "the JSON has no figures"

def vn(v):  # 1234 -> "1.234", 67.2 -> "67,2"
    if isinstance(v, int):
        return f"{v:,}".replace(",", ".")
    return f"{v:.1f}".replace(".", ",")

import openpyxl
wb = openpyxl.load_workbook(base + ".xlsx", read_only=True)
xnums = set()
for ws in wb.worksheets:
    for row in ws.iter_rows(values_only=True):
        for c in row:
            if isinstance(c, (int, float)) and not isinstance(c, bool):
                xnums.add(float(c))
missing = [v for v in nums if not any(abs(float(v) - x) <= 0.051 for x in xnums)]
assert not missing, f"XLSX lacks figures {missing[:5]}"

text = subprocess.run(["pdftotext", "-layout", base + ".pdf", "-"], capture_output=True, text=True, check=True).stdout
flow = " ".join(subprocess.run(["pdftotext", base + ".pdf", "-"], capture_output=True, text=True, check=True).stdout.split())
assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text, "PDF: no 'ĐẢNG CỘNG SẢN VIỆT NAM'"
title = rep.get("title", "")
assert not title or " ".join(title.split()[:3]) in flow, f"PDF: no title '{title}'"
# The committee's name heads the page (upper case, perhaps over two lines).
assert "ĐẢNG BỘ THÀNH PHỐ BẮC NINH" in flow, "PDF: the committee's name is not intact"
tokens = set(re.findall(r"-?[0-9][0-9.,]*", text))
missing = [v for v in nums if vn(v) not in tokens and vn(v) + "%" not in text]
assert not missing, f"PDF lacks figures {missing[:5]}"

cnums = set()
for row in csv.reader(io.open(base + ".csv", encoding="utf-8-sig")):
    for c in row:
        cnums.add(c.strip().rstrip("%"))
missing = [v for v in tnums if vn(v) not in cnums and str(v) not in cnums]
assert not missing, f"CSV lacks figures {missing[:5]}"
print(len(nums))
PY
	); then
		ok "$name: $out figures of the JSON found in the XLSX, PDF and CSV"
	else
		no "$name: $out"
	fi
	pages=$(pdfinfo "$base.pdf" 2>/dev/null | awk '/^Pages:/ {print $2}')
	rm -f "$T"/page-*.png
	pdftoppm -r 30 -png "$base.pdf" "$T/page" 2>/dev/null
	pngs=$(ls "$T"/page-*.png 2>/dev/null | wc -l)
	[ -n "$pages" ] && [ "$pages" -ge 1 ] && [ "$pngs" -eq "$pages" ] &&
		ok "$name: pdftoppm renders all $pages pages" || no "$name: $pngs of '$pages' pages rendered"
	if "$PTDV" report "$name" --org TP-BN --as-of 2024-04-22 --format svg --out "$base.svg" \
		--db "$T/d.db" 2>/dev/null; then
		"$PY" -c 'import sys, xml.etree.ElementTree as E; E.parse(sys.argv[1])' "$base.svg" &&
			ok "$name: SVG parses" || no "$name: SVG does not parse"
	fi
done
# A binary format to a terminal is refused in Vietnamese; an unknown format names itself.
msg=$("$PTDV" report progress --org TP-BN --format docx --db "$T/d.db" 2>&1)
[ $? -ne 0 ] && echo "$msg" | grep -q "docx" && ok "unknown format refused: $msg" ||
	no "unknown format: $msg"
echo "report formats: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
