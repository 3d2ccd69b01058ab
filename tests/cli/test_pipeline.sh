#!/usr/bin/env bash
# test_pipeline.sh PTDV [--engine sqlite|postgres] — the admission pipeline from the command
# line (the issue's acceptance): one person from the source list to official member,
# checking the member record, every event and the audit log; a correction superseding an
# event with the state as of a day before and after it; a step refused with every failing
# rule named; the holiday calendar; candidate import; and `ptdv due --org TP-BN --within 30`
# on the demo. With --engine postgres the databases are new ones on the server named by
# $PTDV_TEST_PG (scripts/pg.sh url), as in test_cli.sh.
set -u
usage="usage: test_pipeline.sh PATH-TO-PTDV [--engine sqlite|postgres]"
PTDV=${1:?$usage}
ENGINE=sqlite
if [ "${2:-}" = "--engine" ]; then ENGINE=${3:?$usage}; fi
case "$ENGINE" in
sqlite) ;;
postgres)
	if [ -z "${PTDV_TEST_PG:-}" ]; then
		echo "not ok - PTDV_TEST_PG is not set: run scripts/pg.sh start and export PTDV_TEST_PG=\$(scripts/pg.sh url)"
		exit 1
	fi ;;
*) echo "$usage" >&2; exit 2 ;;
esac
T=$(mktemp -d)
PG_DBS=()
cleanup() {
	rm -rf "$T"
	for d in "${PG_DBS[@]}"; do
		psql "$PTDV_TEST_PG" -qX -c "DROP DATABASE IF EXISTS \"$d\" WITH (FORCE)" >/dev/null 2>&1
	done
}
trap cleanup EXIT
# db NAME — the URL of a new, empty database: a file in $T or a database on the server.
db() {
	if [ "$ENGINE" = sqlite ]; then rm -f "$T/$1.db"; echo "$T/$1.db"; return; fi
	local name="pipe_$$_$1"
	psql "$PTDV_TEST_PG" -qX -v ON_ERROR_STOP=1 -c "DROP DATABASE IF EXISTS \"$name\" WITH (FORCE)" \
		-c "CREATE DATABASE \"$name\" TEMPLATE template0 LOCALE 'C' ENCODING 'UTF8'" >/dev/null 2>&1 ||
		{ echo "not ok - cannot create database $name on $PTDV_TEST_PG" >&2; exit 1; }
	echo "$PTDV_TEST_PG" | sed -E "s#^(postgres(ql)?://[^/?]*)(/[^?]*)?#\1/$name#"
}
P_DB=$(db p)
D=$(db demo)
[ "$ENGINE" = postgres ] && PG_DBS+=("pipe_$$_p" "pipe_$$_demo")
export PTDV_TODAY=2026-11-27 PTDV_DB="$P_DB"
pass=0
fail=0
ok() { pass=$((pass + 1)); echo "ok - $1"; }
no() { fail=$((fail + 1)); echo "not ok - $1"; [ -n "${2:-}" ] && echo "$2" | sed 's/^/#   /'; }
run() { # name, want-rc, cmd... — runs, keeps the output in $out
	local name=$1 want=$2; shift 2
	out=$("$@" 2>&1); local rc=$?
	if [ "$rc" -eq "$want" ]; then ok "$name"; else no "$name (exit $rc, want $want)" "$out"; fi
}
has() { # name, text — $out contains text
	case "$out" in *"$2"*) ok "$1" ;; *) no "$1" "$out" ;; esac
}

cat >"$T/orgs.csv" <<'CSV'
Mã tổ chức,Tên tổ chức,Loại,Mã cấp trên,Ngày thành lập,Ngày giải thể
T,Đảng bộ tỉnh Thử,Đảng bộ cấp trên,,,
C,Đảng bộ thành phố Thử,Đảng bộ cấp trên,T,,
B,Đảng bộ phường Một,Đảng bộ cơ sở,C,01/01/1970,
B-C1,Chi bộ khu phố 1,Chi bộ trực thuộc,B,01/01/1975,
CSV
{
	echo "Họ và tên,Giới tính,Ngày sinh,Mã tổ chức,Ngày quyết định kết nạp,Ngày kết nạp,Ngày chính thức,Số thẻ đảng viên"
	for i in 1 2 3 4 5 6 7 8 9; do echo "Đảng Viên $i,Nam,01/01/1970,B-C1,01/01/2000,15/01/2000,15/01/2001,1000000$i"; done
} >"$T/members.csv"
run "import orgs" 0 "$PTDV" import orgs "$T/orgs.csv"
run "import members" 0 "$PTDV" import members "$T/members.csv"

# --- one person from the source list to official member ---
run "candidate add" 0 "$PTDV" candidate add --org B-C1 --name "Nguyễn Văn An" --gender Nam \
	--birth 15/03/2000 --cid 027200000001 --education "Đại học" --youth Có --source youth \
	--date 06/01/2025
has "add names the case" "hồ sơ số 1"
steps=(
	"helper --date 10/01/2025 --member 10000001"
	"course --date 01/03/2025 --number GCN-12 --issuer Trung_tâm_Chính_trị"
	"document --doc application --date 01/04/2025"
	"document --doc history --date 01/04/2025"
	"document --doc verification --date 01/04/2025"
	"document --doc work-opinion --date 01/04/2025"
	"document --doc home-opinion --date 01/04/2025"
	"document --doc introduction --member 10000002 --date 02/04/2025"
	"document --doc introduction --member 10000003 --date 02/04/2025"
)
for s in "${steps[@]}"; do
	# shellcheck disable=SC2086
	run "advance ${s%% *}" 0 "$PTDV" candidate advance 1 $s
done
# Too few votes: refused, naming rule 7 and its numbers; nothing written.
run "cell vote with 5 of 9 refused" 1 "$PTDV" candidate advance 1 cell-vote --date 05/05/2025 \
	--present 9 --yes 5
has "refusal names rule 7 and the numbers" "Quy tắc 7 – Biểu quyết: Chi bộ: 5 tán thành trên 9 đảng viên chính thức; cần ít nhất 6 (2/3)"
run "cell vote" 0 "$PTDV" candidate advance 1 cell-vote --date 05/05/2025 --present 9 --yes 8 \
	--number 12-NQ/CB
run "committee vote" 0 "$PTDV" candidate advance 1 committee-vote --date 15/05/2025 --size 9 --yes 8
run "decision" 0 "$PTDV" candidate advance 1 decision --date 20/06/2025 --number 123-QĐ/TU \
	--signer "Bí thư Thành ủy"
run "ceremony" 0 "$PTDV" candidate advance 1 ceremony --date 01/07/2025
run "export members after the ceremony" 0 "$PTDV" export members "$T/m1.csv"
line=$(grep "Nguyễn Văn An" "$T/m1.csv")
case "$line" in "Nguyễn Văn An,Nam,15/03/2000,027200000001,,,B-C1,20/06/2025,01/07/2025,,"*)
	ok "the ceremony created the probationary member in the cell" ;;
	*) no "the ceremony created the probationary member in the cell" "$line" ;; esac
run "probation helper" 0 "$PTDV" candidate advance 1 helper --date 02/07/2025 --member 10000004
run "self-assessment" 0 "$PTDV" candidate advance 1 assessment --kind self --date 20/06/2026
run "helper's assessment" 0 "$PTDV" candidate advance 1 assessment --kind helper --date 20/06/2026
run "recognition vote" 0 "$PTDV" candidate advance 1 recognition-vote --date 10/07/2026 \
	--present 9 --yes 9
run "recognition committee vote" 0 "$PTDV" candidate advance 1 recognition-committee-vote \
	--date 15/07/2026 --size 9 --yes 9
run "recognition decision" 0 "$PTDV" candidate advance 1 recognition --date 30/07/2026 \
	--number 456-QĐ/TU
run "export members after recognition" 0 "$PTDV" export members "$T/m2.csv"
line=$(grep "Nguyễn Văn An" "$T/m2.csv")
case "$line" in "Nguyễn Văn An,Nam,15/03/2000,027200000001,,,B-C1,20/06/2025,01/07/2025,01/07/2026,"*)
	ok "official date = end of probation, whatever the delays" ;;
	*) no "official date = end of probation, whatever the delays" "$line" ;; esac
run "summary before the recognition decision" 0 "$PTDV" report summary --org C --as-of 29/07/2026
has "not yet official the day before it was decided" "9 chính thức, 1 dự bị"
run "summary on the decision day" 0 "$PTDV" report summary --org C --as-of 30/07/2026
has "official from the day it was decided" "10 chính thức, 0 dự bị"
run "history" 0 "$PTDV" candidate history 1
n=$(echo "$out" | grep -c "ghi bởi cli:")
[ "$n" -eq 20 ] && ok "history lists the 20 events with who recorded them" || no "history lists the 20 events ($n)" "$out"
for want in "Vào danh sách nguồn: Đoàn Thanh niên" "Giấy giới thiệu người vào Đảng — Đảng Viên 2 (thẻ 10000002)" \
	"Chi bộ xét, biểu quyết đề nghị kết nạp; số 12-NQ/CB" "9 đảng viên chính thức, 9 có mặt, 8 tán thành" \
	"Quyết định kết nạp — C; số 123-QĐ/TU" "Lễ kết nạp" "Quyết định công nhận đảng viên chính thức — C; số 456-QĐ/TU"; do
	has "history has '$want'" "$want"
done
run "show" 0 "$PTDV" candidate show 1
has "show: recognised" "Đã công nhận đảng viên chính thức ngày 30/07/2026"
run "audit log" 0 "$PTDV" audit --limit 100 --format json
a=$(echo "$out" | python3 -c '
import json, sys
rows = [json.loads(l) for l in sys.stdin if l.strip()]
acts = [r["action"] for r in rows if r["entity"] == "candidate" and r["key"] == "1"]
ok = len(acts) == 20 and "candidate.add" in acts and "candidate.ceremony" in acts \
    and "candidate.recognition" in acts and all(r["actor"].startswith("cli:") for r in rows)
print("yes" if ok else acts)')
[ "$a" = yes ] && ok "audit: one event per step, with the actor" || no "audit: one event per step" "$a"

# --- a correction supersedes an event; the state as of a day before and after ---
run "second case" 0 "$PTDV" candidate add --org B-C1 --name "Lê Thị Sửa" --gender Nữ \
	--birth 01/02/1999 --education THPT --date 06/01/2025
for s in "${steps[@]}"; do
	# shellcheck disable=SC2086
	"$PTDV" candidate advance 2 $s >/dev/null 2>&1 || no "second case: $s"
done
run "cell vote recorded on 20/05" 0 "$PTDV" candidate advance 2 cell-vote --date 20/05/2025 \
	--present 9 --yes 9
ev=$(echo "$out" | sed -n 's/.*(sự kiện #\([0-9]*\)).*/\1/p')
run "as of 10/05 before the correction" 0 "$PTDV" candidate show 2 --as-of 10/05/2025
has "before: still at the dossier" "Giai đoạn: 4. Hồ sơ"
run "correction: the vote was on 05/05" 0 "$PTDV" candidate advance 2 cell-vote --supersedes "$ev" \
	--date 05/05/2025
has "correction recorded as a new event" "thay cho một sự kiện đã ghi"
run "as of 10/05 after the correction" 0 "$PTDV" candidate show 2 --as-of 10/05/2025
has "after: the cell has voted" "Giai đoạn: 5. Chi bộ xét (từ 05/05/2025)"
has "after: the correction names the event it replaces" "(sửa #$ev)"
run "history keeps both" 0 "$PTDV" candidate history 2
has "history: the original, superseded" "đã được thay bằng #"
run "correcting the corrected event again is refused" 1 "$PTDV" candidate advance 2 cell-vote \
	--supersedes "$ev" --date 06/05/2025
has "named: already corrected" "đã được sửa"

# --- the calendar and the rules ---
run "holiday list 2024" 0 "$PTDV" holiday list --year 2024
has "Tết Giáp Thìn listed" "08/02/2024 T5  nghỉ"
has "the Saturday worked" "04/05/2024 T7  làm việc"
run "holiday add" 0 "$PTDV" holiday add --date 24/11/2026 --name "Ngày Văn hóa Việt Nam"
run "holiday list 2026" 0 "$PTDV" holiday list --year 2026
has "new day off listed" "24/11/2026 T3  nghỉ        Ngày Văn hóa Việt Nam"
run "rule list" 0 "$PTDV" rule list --date 01/07/2025
has "rules of 294-QĐ/TW from 01/07/2025" "Quy định 294-QĐ/TW"
run "bad step word" 2 "$PTDV" candidate advance 2 dance --date 01/01/2026
run "option of another step" 2 "$PTDV" candidate advance 2 course --date 01/01/2026 --yes 3

# --- candidate import, all or nothing ---
{
	echo "Họ và tên,Giới tính,Ngày sinh,Mã chi bộ,Ngày vào danh sách nguồn,Ngày phân công giúp đỡ,Ngày chứng nhận học lớp"
	echo "Nhập Một,Nam,01/01/2000,B-C1,02/01/2026,10/01/2026,"
	echo "Nhập Hai,Nữ,01/01/2001,B-C1,02/01/2026,,01/03/2026"
} >"$T/c.csv"
run "bad candidates file refused" 1 "$PTDV" import candidates "$T/c.csv"
has "names file, line 3 and column" "c.csv:3: cột 'Ngày chứng nhận học lớp': có ngày này nhưng thiếu 'Ngày phân công giúp đỡ'"
sed -i 's/^Nhập Hai.*/Nhập Hai,Nữ,01\/01\/2001,B-C1,02\/01\/2026,05\/01\/2026,01\/03\/2026/' "$T/c.csv"
run "candidates file imported" 0 "$PTDV" import candidates "$T/c.csv"
run "list" 0 "$PTDV" candidate list --org C
has "list counts the open cases" "Hồ sơ đang xem xét tính đến ngày 27/11/2026: 3"

# --- the demo city's deadlines ---
run "demo" 0 "$PTDV" demo --db "$D" --until 2026-11-27
run "due --org TP-BN --within 30" 0 "$PTDV" due --db "$D" --org TP-BN --within 30
has "due: header" "Hạn xử lý hồ sơ phát triển đảng viên tính đến ngày 27/11/2026 — Đảng bộ thành phố Bắc Ninh"
has "due: probations ending" "Hết thời gian dự bị (tính từ"
has "due: dates left" "còn "
run "due as JSON" 0 "$PTDV" due --db "$D" --org TP-BN --within 30 --format json
j=$(echo "$out" | python3 -c '
import json, sys
d = json.load(sys.stdin)
rows = d["due"]
ok = d["open_cases"] > 300 and rows and all(r["due"] and r["reason"] and r["name"] for r in rows) \
    and any(r["kind"] == "probation-end" for r in rows) \
    and sorted(r["due"] for r in rows) == [r["due"] for r in rows]
print("yes" if ok else json.dumps(d)[:400])')
[ "$j" = yes ] && ok "due JSON: dated, with reasons, in date order" || no "due JSON" "$j"
run "due as of a day with overdue cases" 0 "$PTDV" due --db "$D" --org TP-BN --within 30 --as-of 2025-06-30
has "overdue cases listed" "quá hạn "
run "report pipeline" 0 "$PTDV" report pipeline --db "$D" --org TP-BN --from 2025-01-01 --as-of 2025-12-31
has "time in stage table" "1. Nguồn"
has "conversion column" "Tỷ lệ"

echo "pipeline: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
