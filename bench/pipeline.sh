#!/usr/bin/env bash
# pipeline.sh [--cases N] — deadlines (`ptdv due`) and time in stage (`ptdv report pipeline`)
# over a subtree with N open cases (default 100,000), beside the floor measured in the same
# run: hand-written aggregate SQL in the sqlite3 shell over the same tables (open cases per
# stage with their earliest dates; count, median and p90 of the days in each stage with
# window functions). Each command runs three times; the best time counts.
#
# The data: the demo city (ptdv demo) and N more cases imported with `ptdv import
# candidates` into its cells, spread over stages 1–9, begun in the three years before
# 27/11/2026 (the ceremonies among them create probationary members).
set -euo pipefail
cd "$(dirname "$0")/.."
cases=100000
[ "${1:-}" = "--cases" ] && cases=$2
B=${BUILD:-build}
[ -x "$B/ptdv" ] || { echo "pipeline.sh: build first (make build)" >&2; exit 1; }
out=bench/out/pipeline-$cases
mkdir -p "$out"
export PTDV_TODAY=2026-11-27
db="$out/ptdv.db"

now() { date +%s.%N; }
best() { # command... — prints the best of three wall-clock times, in seconds
	local b=999 t0 t1
	for _ in 1 2 3; do
		t0=$(now)
		"$@" >/dev/null || { echo "pipeline.sh: '$*' failed" >&2; exit 1; }
		t1=$(now)
		b=$(python3 -c "print(min($b, $t1 - $t0))")
	done
	echo "$b"
}

if [ ! -f "$db" ]; then
	rm -f "$db"*
	"$B/ptdv" demo --db "$db" --until 2026-11-27 >/dev/null
	"$B/ptdv" export orgs "$out/orgs.csv" --db "$db" >/dev/null
	python3 - "$out/orgs.csv" "$out/candidates.csv" "$cases" <<'PY'
import csv, datetime, random, sys
orgs, dst, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
rnd = random.Random(20261127)
cells = []
with open(orgs, encoding="utf-8-sig") as f:
    for r in csv.DictReader(f):
        if r["Loại"] in ("Chi bộ trực thuộc", "Chi bộ cơ sở") and not r["Ngày giải thể"]:
            cells.append((r["Mã tổ chức"], r["Loại"] == "Chi bộ cơ sở"))
family = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô"]
middle = ["Văn", "Thị", "Minh", "Thu", "Đức", "Ngọc", "Quang", "Thanh"]
given = ["An", "Bình", "Chi", "Dũng", "Hà", "Hùng", "Lan", "Mai", "Nam", "Phương", "Quân", "Thảo"]
until = datetime.date(2026, 11, 27)
fmt = lambda d: d.strftime("%d/%m/%Y") if d else ""
head = ["Họ và tên", "Giới tính", "Ngày sinh", "Trình độ học vấn", "Đoàn viên", "Mã chi bộ",
        "Nguồn giới thiệu", "Ngày vào danh sách nguồn", "Ngày phân công giúp đỡ",
        "Ngày chứng nhận học lớp", "Ngày làm đơn xin vào Đảng", "Ngày chi bộ xét",
        "Ngày đảng ủy cơ sở xét", "Ngày quyết định kết nạp", "Ngày kết nạp"]
with open(dst, "w", encoding="utf-8", newline="") as f:
    w = csv.writer(f)
    w.writerow(head)
    for i in range(n):
        code, base = rnd.choice(cells)
        stage = rnd.choices(range(1, 10), weights=[14, 12, 16, 16, 6, 6, 6, 0, 24])[0]
        if base and stage == 6:
            stage = 5
        src = until - datetime.timedelta(days=rnd.randint(10 + 40 * stage, 1100))
        dates, d = [], src
        for k in range(1, 9):
            if k == 6 and base:
                dates.append(None)
                continue
            dates.append(d if k <= max(stage, 1) and (k != 8 or stage >= 8) else None)
            d = d + datetime.timedelta(days=rnd.randint(5, 40))
        dates = [x if x and x <= until else None for x in dates]
        # keep the stages contiguous: no date after a missing one
        seen_gap = False
        for k in range(8):
            if k == 5 and base:
                continue
            if dates[k] is None:
                seen_gap = True
            elif seen_gap:
                dates[k] = None
        birth = src - datetime.timedelta(days=365 * rnd.randint(19, 40) + rnd.randint(0, 364))
        g = rnd.choice(["Nam", "Nữ"])
        name = f"{rnd.choice(family)} {rnd.choice(middle)} {rnd.choice(given)}"
        w.writerow([name, g, fmt(birth), "THPT", "Có", code, "Đoàn Thanh niên", fmt(src)] +
                   [fmt(x) for x in dates[1:]])
PY
	"$B/ptdv" import candidates "$out/candidates.csv" --db "$db" >/dev/null
fi

path=$(sqlite3 "$db" "SELECT path FROM org WHERE code = 'TP-BN'")
hi="${path%/}0"
open=$(sqlite3 "$db" "SELECT count(*) FROM org o JOIN candidate c ON c.org_id = o.id WHERE o.path >= '$path' AND o.path < '$hi' AND c.source_on <= 20784 AND (c.closed_on IS NULL OR c.closed_on > 20784)")

# Floors: the same rows, aggregated by SQLite alone.
floor_due_sql="SELECT c.stage, count(*), min(c.cert_on), min(c.redo_on), min(c.cell_on), min(c.decision_on), min(c.ceremony_on)
 FROM org o JOIN candidate c ON c.org_id = o.id JOIN person p ON p.id = c.person_id
 WHERE o.path >= '$path' AND o.path < '$hi' AND c.source_on <= 20784
 AND (c.closed_on IS NULL OR c.closed_on > 20784) GROUP BY c.stage;"
floor_stage_sql="WITH c AS (SELECT c.* FROM org o JOIN candidate c ON c.org_id = o.id
  WHERE o.path >= '$path' AND o.path < '$hi' AND c.source_on <= 20784),
 d AS (SELECT 1 AS s, coalesce(helper_on, closed_on) - source_on AS n, coalesce(helper_on, closed_on) AS e FROM c
  UNION ALL SELECT 2, coalesce(course_on, closed_on) - helper_on, coalesce(course_on, closed_on) FROM c
  UNION ALL SELECT 3, coalesce(dossier_on, closed_on) - course_on, coalesce(dossier_on, closed_on) FROM c
  UNION ALL SELECT 4, coalesce(cell_on, closed_on) - dossier_on, coalesce(cell_on, closed_on) FROM c
  UNION ALL SELECT 5, coalesce(committee_on, decision_on, closed_on) - cell_on, coalesce(committee_on, decision_on, closed_on) FROM c
  UNION ALL SELECT 6, coalesce(decision_on, closed_on) - committee_on, coalesce(decision_on, closed_on) FROM c
  UNION ALL SELECT 7, coalesce(ceremony_on, closed_on) - decision_on, coalesce(ceremony_on, closed_on) FROM c
  UNION ALL SELECT 9, coalesce(recognition_on, closed_on) - ceremony_on, coalesce(recognition_on, closed_on) FROM c),
 r AS (SELECT s, n, row_number() OVER (PARTITION BY s ORDER BY n) AS k, count(*) OVER (PARTITION BY s) AS t
  FROM d WHERE n IS NOT NULL AND e BETWEEN 20419 AND 20784)
 SELECT s, max(t), min(CASE WHEN 2 * k >= t THEN n END), min(CASE WHEN 10 * k >= 9 * t THEN n END)
 FROM r GROUP BY s;"

t_due=$(best "$B/ptdv" due --db "$db" --org TP-BN --within 30)
t_due_json=$(best "$B/ptdv" due --db "$db" --org TP-BN --within 30 --format json)
t_stage=$(best "$B/ptdv" report pipeline --db "$db" --org TP-BN --from 2025-11-28 --as-of 2026-11-27)
f_due=$(best sqlite3 "$db" "$floor_due_sql")
f_stage=$(best sqlite3 "$db" "$floor_stage_sql")
rows=$("$B/ptdv" due --db "$db" --org TP-BN --within 30 --format json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["due"]))')

printf 'open cases in TP-BN on 27/11/2026: %s (rows due within 30 days: %s)\n' "$open" "$rows"
printf '%-52s %8s\n' "command" "seconds"
printf '%-52s %8.3f\n' "floor: sqlite3 aggregate of the open cases" "$f_due"
printf '%-52s %8.3f\n' "ptdv due --org TP-BN --within 30" "$t_due"
printf '%-52s %8.3f\n' "ptdv due ... --format json" "$t_due_json"
printf '%-52s %8.3f\n' "floor: sqlite3 count, median, p90 per stage" "$f_stage"
printf '%-52s %8.3f\n' "ptdv report pipeline (12 months)" "$t_stage"
python3 -c "print('ratio due/floor: %.1f; time in stage/floor: %.1f' % ($t_due / $f_due, $t_stage / $f_stage))"
