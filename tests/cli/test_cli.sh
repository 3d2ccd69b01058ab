#!/usr/bin/env bash
# test_cli.sh PTDV — the command line as a user meets it: exit codes, Vietnamese errors
# naming file, line and column, all-or-nothing imports, and the demo city's summary
# reproducing the seed article (the issue's acceptance commands).
set -u
PTDV=${1:?usage: test_cli.sh PATH-TO-PTDV TEMPLATES-DIR}
TEMPLATES=${2:?usage: test_cli.sh PATH-TO-PTDV TEMPLATES-DIR}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass=0
fail=0
ok() { pass=$((pass + 1)); echo "ok - $1"; }
no() { fail=$((fail + 1)); echo "not ok - $1"; [ -n "${2:-}" ] && echo "$2" | sed 's/^/#   /'; }
expect_rc() { # name, want, cmd...
	local name=$1 want=$2; shift 2
	local out rc
	out=$("$@" 2>&1); rc=$?
	if [ "$rc" -eq "$want" ]; then ok "$name"; else no "$name (exit $rc, want $want)" "$out"; fi
}

expect_rc "--version exits 0" 0 "$PTDV" --version
expect_rc "help exits 0" 0 "$PTDV" help
expect_rc "help import exits 0" 0 "$PTDV" help import
expect_rc "unknown command exits 2" 2 "$PTDV" nosuch
expect_rc "unknown option exits 2" 2 "$PTDV" report summary --db "$T/x.db" --colour
expect_rc "bad format exits 2" 2 "$PTDV" report summary --db "$T/x.db" --format xml
expect_rc "bad date exits 2" 2 "$PTDV" report summary --db "$T/x.db" --as-of 2024-02-30
expect_rc "init exits 0" 0 "$PTDV" init --db "$T/x.db"
expect_rc "unknown org exits 1" 1 "$PTDV" report summary --db "$T/x.db" --org NOPE
out=$("$PTDV" report summary --db "$T/x.db" --org NOPE 2>&1)
case "$out" in *"không tìm thấy tổ chức có mã 'NOPE'"*) ok "unknown org named in Vietnamese" ;;
	*) no "unknown org named in Vietnamese" "$out" ;; esac

# Import with an impossible date on line 7: exit 1, names line 7 and the column, no byte written.
cat >"$T/orgs.csv" <<'CSV'
Mã tổ chức,Tên tổ chức,Loại,Mã cấp trên,Ngày thành lập,Ngày giải thể
T,Đảng bộ tỉnh Thử,Đảng bộ cấp trên,,,
B,Chi bộ Thử,Chi bộ cơ sở,T,01/01/1990,
CSV
expect_rc "import orgs (options after arguments)" 0 "$PTDV" import orgs "$T/orgs.csv" --db "$T/x.db"
{
	echo "Họ và tên,Giới tính,Ngày sinh,Mã tổ chức,Ngày quyết định kết nạp,Ngày kết nạp"
	for i in 1 2 3 4 5; do echo "Người Thứ $i,Nam,01/01/1980,B,01/01/2010,15/01/2010"; done
	echo "Người Thứ Sáu,Nữ,01/01/1980,B,01/01/2010,31/02/2010"
} >"$T/m.csv"
cp "$T/x.db" "$T/before.db"
out=$("$PTDV" --db "$T/x.db" import members "$T/m.csv" 2>&1); rc=$?
[ "$rc" -eq 1 ] && ok "bad members file exits 1" || no "bad members file exits 1 (exit $rc)" "$out"
case "$out" in *"m.csv:7: cột 'Ngày kết nạp': '31/02/2010' không phải ngày hợp lệ"*) ok "error names file, line 7 and column" ;;
	*) no "error names file, line 7 and column" "$out" ;; esac
cmp -s "$T/x.db" "$T/before.db" && ok "database byte-for-byte unchanged" || no "database byte-for-byte unchanged"

# The templates shipped in docs/templates import as they are.
expect_rc "template orgs.csv imports" 0 "$PTDV" import orgs "$TEMPLATES/orgs.csv" --db "$T/tpl.db"
expect_rc "template members.csv imports" 0 "$PTDV" import members "$TEMPLATES/members.csv" --db "$T/tpl.db"

# The demo city reproduces the article as of 22/04/2024, in text and JSON.
expect_rc "demo exits 0" 0 "$PTDV" demo --db "$T/d.db" --until 2026-11-27
expect_rc "demo refuses a database with data" 1 "$PTDV" demo --db "$T/d.db"
txt=$("$PTDV" report summary --db "$T/d.db" --org TP-BN --as-of 2024-04-22)
for want in "68 tổ chức cơ sở đảng (28 đảng bộ cơ sở, 40 chi bộ cơ sở)" "kết nạp 652 đảng viên mới" \
	"438 đảng viên nữ (67,2%)" "Năm 2023 kết nạp 209" "chiếm 16,1%"; do
	case "$txt" in *"$want"*) ok "summary text has '$want'" ;; *) no "summary text has '$want'" "$txt" ;; esac
done
total=$(echo "$txt" | sed -n 's/.*tổng số \([0-9.]*\) đảng viên.*/\1/p' | tr -d .)
if [ -n "$total" ] && [ "$total" -ge 10500 ] && [ "$total" -le 10999 ]; then ok "member total $total in 10.500–10.999"
else no "member total in 10.500–10.999" "$txt"; fi
json=$("$PTDV" report summary --db "$T/d.db" --org TP-BN --as-of 2024-04-22 --format json)
check=$(python3 -c '
import json, sys
d = json.loads(sys.argv[1])
y = {r["year"]: r["admitted"] for r in d["by_year"]}
ok = (d["base_orgs"] == {"total": 68, "dang_bo_co_so": 28, "chi_bo_co_so": 40}
      and d["term"]["admitted"] == 652 and d["term"]["admitted_women"] == 438
      and d["term"]["target"] == 650 and y[2023] == 209
      and d["share_of_superior_pct"] == 16.1 and d["members"]["total"] == int(sys.argv[2]))
print("yes" if ok else json.dumps(d, ensure_ascii=False))' "$json" "${total:-0}")
[ "$check" = yes ] && ok "summary JSON has the same figures" || no "summary JSON has the same figures" "$check"

echo "cli: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
