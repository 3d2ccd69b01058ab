#!/usr/bin/env bash
# test_cli.sh PTDV TEMPLATES-DIR [--engine sqlite|postgres] — the command line as a user
# meets it: exit codes, Vietnamese errors naming file, line and column, all-or-nothing
# imports, and the demo city's summary reproducing the seed article (the issue's acceptance
# commands). With --engine postgres every database is a new one on the PostgreSQL server
# whose maintenance URL is $PTDV_TEST_PG (scripts/pg.sh url), passed to ptdv as --db URL.
set -u
usage="usage: test_cli.sh PATH-TO-PTDV TEMPLATES-DIR [--engine sqlite|postgres]"
PTDV=${1:?$usage}
TEMPLATES=${2:?$usage}
ENGINE=sqlite
if [ "${3:-}" = "--engine" ]; then ENGINE=${4:?$usage}; fi
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
# db NAME — prints the URL of a new, empty database: a file in $T, or a database created
# on the PostgreSQL server (the same URL with the database name replaced).
db() {
	if [ "$ENGINE" = sqlite ]; then rm -f "$T/$1.db"; echo "$T/$1.db"; return; fi
	local name="cli_$$_$1"
	psql "$PTDV_TEST_PG" -qX -v ON_ERROR_STOP=1 -c "DROP DATABASE IF EXISTS \"$name\" WITH (FORCE)" \
		-c "CREATE DATABASE \"$name\" TEMPLATE template0 LOCALE 'C' ENCODING 'UTF8'" >/dev/null 2>&1 ||
		{ echo "not ok - cannot create database $name on $PTDV_TEST_PG" >&2; exit 1; }
	PG_DBS+=("$name")
	echo "$PTDV_TEST_PG" | sed -E "s#^(postgres(ql)?://[^/?]*)(/[^?]*)?#\1/$name#"
}
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

X=$(db x)
expect_rc "--version exits 0" 0 "$PTDV" --version
expect_rc "help exits 0" 0 "$PTDV" help
expect_rc "help import exits 0" 0 "$PTDV" help import
expect_rc "unknown command exits 2" 2 "$PTDV" nosuch
expect_rc "unknown option exits 2" 2 "$PTDV" report summary --db "$X" --colour
expect_rc "bad format exits 2" 2 "$PTDV" report summary --db "$X" --format xml
expect_rc "bad date exits 2" 2 "$PTDV" report summary --db "$X" --as-of 2024-02-30
expect_rc "init exits 0" 0 "$PTDV" init --db "$X"
expect_rc "unknown org exits 1" 1 "$PTDV" report summary --db "$X" --org NOPE
out=$("$PTDV" report summary --db "$X" --org NOPE 2>&1)
case "$out" in *"không tìm thấy tổ chức có mã 'NOPE'"*) ok "unknown org named in Vietnamese" ;;
	*) no "unknown org named in Vietnamese" "$out" ;; esac

# Import with an impossible date on line 7: exit 1, names line 7 and the column, no byte written.
cat >"$T/orgs.csv" <<'CSV'
Mã tổ chức,Tên tổ chức,Loại,Mã cấp trên,Ngày thành lập,Ngày giải thể
T,Đảng bộ tỉnh Thử,Đảng bộ cấp trên,,,
B,Chi bộ Thử,Chi bộ cơ sở,T,01/01/1990,
CSV
expect_rc "import orgs (options after arguments)" 0 "$PTDV" import orgs "$T/orgs.csv" --db "$X"

# Modules (src/util/module.h): a command that needs none runs without them; one that needs a
# module it cannot open stops with exit 1 and a message naming the file, never a crash.
NOMOD=$T/no-modules
mkdir -p "$NOMOD"
expect_module() { # name, module file, cmd...
	local name=$1 file=$2 out rc
	shift 2
	out=$(PTDV_MODULE_DIR=$NOMOD "$@" 2>&1); rc=$?
	case "$rc:$out" in "1:ptdv: lỗi: "*"mô-đun "*"$file"*) ok "$name" ;;
		*) no "$name (exit $rc)" "$out" ;; esac
}
if [ "$ENGINE" = sqlite ]; then
	expect_rc "a SQLite report needs no module" 0 \
		env PTDV_MODULE_DIR="$NOMOD" "$PTDV" report summary --db "$X" --org T --as-of 2024-01-01
	expect_module "PDF without its module: exit 1, file named" ptdv-pdf.so \
		"$PTDV" report summary --db "$X" --org T --as-of 2024-01-01 --format pdf --out "$T/s.pdf"
	expect_module "XLSX export without its module: exit 1, file named" ptdv-office.so \
		"$PTDV" export orgs "$T/o.xlsx" --db "$X"
	expect_module "serve without its module: exit 1, file named" ptdv-web.so \
		"$PTDV" serve --db "$X" --listen 127.0.0.1:9
	printf 'not a shared object\n' >"$NOMOD/ptdv-pdf.so"
	expect_module "a broken module: exit 1, the loader's reason" "ptdv-pdf.so' (cần cho xuất báo cáo PDF): " \
		"$PTDV" report summary --db "$X" --org T --as-of 2024-01-01 --format pdf --out "$T/s.pdf"
else
	expect_module "PostgreSQL without its module: exit 1, file named" ptdv-pg.so \
		"$PTDV" report summary --db "$X" --org T --as-of 2024-01-01
fi
{
	echo "Họ và tên,Giới tính,Ngày sinh,Mã tổ chức,Ngày quyết định kết nạp,Ngày kết nạp"
	for i in 1 2 3 4 5; do echo "Người Thứ $i,Nam,01/01/1980,B,01/01/2010,15/01/2010"; done
	echo "Người Thứ Sáu,Nữ,01/01/1980,B,01/01/2010,31/02/2010"
} >"$T/m.csv"
# snapshot FILE-PREFIX — what must not change: the file itself, or the exports of the data.
snapshot() {
	if [ "$ENGINE" = sqlite ]; then cp "$X" "$1.db"; return; fi
	"$PTDV" export orgs "$1-orgs.csv" --db "$X" >/dev/null && "$PTDV" export members "$1-members.csv" --db "$X" >/dev/null
}
snapshot "$T/before"
out=$("$PTDV" --db "$X" import members "$T/m.csv" 2>&1); rc=$?
[ "$rc" -eq 1 ] && ok "bad members file exits 1" || no "bad members file exits 1 (exit $rc)" "$out"
case "$out" in *"m.csv:7: cột 'Ngày kết nạp': '31/02/2010' không phải ngày hợp lệ"*) ok "error names file, line 7 and column" ;;
	*) no "error names file, line 7 and column" "$out" ;; esac
snapshot "$T/after"
if [ "$ENGINE" = sqlite ]; then cmp -s "$X" "$T/before.db"; else
	cmp -s "$T/before-orgs.csv" "$T/after-orgs.csv" && cmp -s "$T/before-members.csv" "$T/after-members.csv"; fi &&
	ok "database unchanged (SQLite: byte for byte; PostgreSQL: its exports)" || no "database unchanged"

# The templates shipped in docs/templates import as they are.
TPL=$(db tpl)
expect_rc "template orgs.csv imports" 0 "$PTDV" import orgs "$TEMPLATES/orgs.csv" --db "$TPL"
expect_rc "template members.csv imports" 0 "$PTDV" import members "$TEMPLATES/members.csv" --db "$TPL"

# Targets: the template imports; a bad file is refused whole, naming line and column; a
# target set by hand is listed with the admissions of its year.
expect_rc "template targets.csv imports" 0 "$PTDV" import targets "$TEMPLATES/targets.csv" --db "$TPL"
printf 'Mã tổ chức,Năm,Chỉ tiêu giao\nXX-P01,2028,5\nXX-P01,20x8,5\n' >"$T/tg.csv"
out=$("$PTDV" import targets "$T/tg.csv" --db "$TPL" 2>&1); rc=$?
case "$rc:$out" in 1:*"tg.csv:3: cột 'Năm': năm '20x8' không hợp lệ"*) ok "bad targets file refused, line 3 named" ;;
	*) no "bad targets file refused, line 3 named" "$out" ;; esac
expect_rc "target set" 0 "$PTDV" target set --org XX-T01 --year 2027 --assigned 3 --db "$TPL"
out=$("$PTDV" target list --org XX-T01 --year 2027 --format json --db "$TPL")
case "$out" in *'"registered":2,"assigned":3,"women":1'*) ok "target list shows what was set and kept" ;;
	*) no "target list shows what was set and kept" "$out" ;; esac
# Referral targets of the mass organisations: set, replaced, listed in a second table; the
# cell or an unknown source is a usage error naming the value.
expect_rc "target set --source --referrals" 0 "$PTDV" target set --org XX-T01 --year 2027 \
	--source youth --referrals 4 --db "$TPL"
expect_rc "target set --source 'Hội LHPN'" 0 "$PTDV" target set --org XX-T01 --year 2027 \
	--source "Hội LHPN" --referrals 2 --db "$TPL"
expect_rc "referral target replaced" 0 "$PTDV" target set --org XX-T01 --year 2027 \
	--source youth --referrals 5 --db "$TPL"
out=$("$PTDV" target list --org XX-T01 --year 2027 --format json --db "$TPL")
case "$out" in *'"year":2027,"source":"youth","source_name":"Đoàn Thanh niên","referrals":5}'*'"source":"women"'*'"referrals":2}'*)
	ok "target list shows the referral targets" ;;
	*) no "target list shows the referral targets" "$out" ;; esac
out=$("$PTDV" target list --org XX-T01 --year 2027 --db "$TPL")
case "$out" in *"Chỉ tiêu giới thiệu của các đoàn thể"*"youth"*"5  Đoàn Thanh niên"*)
	ok "target list text has the referral table" ;;
	*) no "target list text has the referral table" "$out" ;; esac
for bad in cell nosuch; do
	out=$("$PTDV" target set --org XX-T01 --year 2027 --source $bad --referrals 1 --db "$TPL" 2>&1); rc=$?
	case "$rc:$out" in 2:*"nguồn '$bad' không phải một đoàn thể"*) ok "--source $bad refused, named" ;;
		*) no "--source $bad refused, named (exit $rc)" "$out" ;; esac
done
expect_rc "--referrals -1 refused" 2 "$PTDV" target set --org XX-T01 --year 2027 --source youth \
	--referrals -1 --db "$TPL"
expect_rc "--source without --referrals refused" 2 "$PTDV" target set --org XX-T01 --year 2027 \
	--source youth --db "$TPL"
expect_rc "--referrals with --assigned refused" 2 "$PTDV" target set --org XX-T01 --year 2027 \
	--source youth --referrals 3 --assigned 3 --db "$TPL"
expect_rc "referral target for an unknown org exits 1" 1 "$PTDV" target set --org NOPE --year 2027 \
	--source youth --referrals 3 --db "$TPL"

# The demo city reproduces the article as of 22/04/2024, in text and JSON.
D=$(db d)
expect_rc "demo exits 0" 0 "$PTDV" demo --db "$D" --until 2026-11-27
expect_rc "demo refuses a database with data" 1 "$PTDV" demo --db "$D"
txt=$("$PTDV" report summary --db "$D" --org TP-BN --as-of 2024-04-22)
for want in "68 tổ chức cơ sở đảng (28 đảng bộ cơ sở, 40 chi bộ cơ sở)" "kết nạp 652 đảng viên mới" \
	"438 đảng viên nữ (67,2%)" "Năm 2023 kết nạp 209" "chiếm 16,1%"; do
	case "$txt" in *"$want"*) ok "summary text has '$want'" ;; *) no "summary text has '$want'" "$txt" ;; esac
done
total=$(echo "$txt" | sed -n 's/.*tổng số \([0-9.]*\) đảng viên.*/\1/p' | tr -d .)
if [ -n "$total" ] && [ "$total" -ge 10500 ] && [ "$total" -le 10999 ]; then ok "member total $total in 10.500–10.999"
else no "member total in 10.500–10.999" "$txt"; fi
json=$("$PTDV" report summary --db "$D" --org TP-BN --as-of 2024-04-22 --format json)
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
# A command reads the answer of its last ROLLBACK before it closes: the server counts no
# session lost (it logged "FATAL: connection to client lost" for each command before).
if [ "$ENGINE" = postgres ]; then
	lost() { psql "$D" -qAtX -c "SELECT sessions_abandoned + sessions_fatal FROM pg_stat_database WHERE datname = current_database()"; }
	lost0=$(lost)
	for _ in 1 2 3; do "$PTDV" report summary --db "$D" --org TP-BN --as-of 2024-04-22 >/dev/null; done
	sleep 1
	lost1=$(lost)
	[ -n "$lost0" ] && [ "$lost0" = "$lost1" ] && ok "no session lost at the end of a command ($lost1)" ||
		no "no session lost at the end of a command (sessions abandoned or ended by a fatal error: $lost0 -> $lost1)"
fi
# The referrals report: the year's referral targets the demo gives the city, against the
# referrals of 2024 to 22/04 (34 of 123 by the Youth Union; 68 of 225 by all six).
json=$("$PTDV" report referrals --db "$D" --org TP-BN --as-of 2024-04-22 --format json)
check=$(python3 -c '
import json, sys
d = json.loads(sys.argv[1])
r = {x["source"]: x for x in d["tables"]["referrals"]}
ok = (r["youth"]["referral_target"] == 123 and r["youth"]["referred_year"] == 34
      and r["youth"]["target_pct"] == 27.6 and r["cell"]["referral_target"] is None
      and r[""]["referral_target"] == 225 and r[""]["target_pct"] == 30.2)
print("yes" if ok else json.dumps(d, ensure_ascii=False))' "$json")
[ "$check" = yes ] && ok "referrals report: targets and % achieved" || no "referrals report: targets and % achieved" "$check"

# ptdv copy: through a database of the other engine (SQLite file ↔ PostgreSQL) and back,
# the exports are byte-identical; a destination with data is refused.
expect_rc "help copy exits 0" 0 "$PTDV" help copy
expect_rc "copy without --to exits 2" 2 "$PTDV" copy --from "$D"
if [ "$ENGINE" = postgres ]; then MID="$T/copy-mid.db"; else MID=$(ENGINE=sqlite db copy-mid); fi
BACK=$(db copy-back)
expect_rc "copy to the other engine exits 0" 0 "$PTDV" copy --from "$D" --to "$MID"
expect_rc "copy back exits 0" 0 "$PTDV" copy --from "$MID" --to "$BACK"
for e in orgs members; do
	"$PTDV" export "$e" "$T/src-$e.csv" --db "$D" >/dev/null
	"$PTDV" export "$e" "$T/back-$e.csv" --db "$BACK" >/dev/null
	cmp -s "$T/src-$e.csv" "$T/back-$e.csv" && ok "copy and back: export $e identical" ||
		no "copy and back: export $e identical"
done
out=$("$PTDV" copy --from "$D" --to "$BACK" 2>&1); rc=$?
case "$rc:$out" in 1:*"đã có dữ liệu"*) ok "copy into a database with data exits 1, says why" ;;
	*) no "copy into a database with data exits 1, says why (exit $rc)" "$out" ;; esac

# Backup while writes go on, then restore, on either engine (SQLite: the online backup API;
# PostgreSQL: pg_dump): the copy is consistent (a prefix of the writes), its members are
# the original's, and on SQLite it passes integrity_check.
sql() { # url, query: one value
	if [ "$ENGINE" = sqlite ]; then sqlite3 "$1" "$2"; else psql "$1" -qAtX -c "$2"; fi
}
RESTORED=$(db restored)
"$PTDV" export members "$T/m-before.csv" --db "$D" >/dev/null
( for i in $(seq 1 60); do
	"$PTDV" term add --org BN-P0$((i % 9 + 1)) --name "Nhiệm kỳ thử $i" --start "$((2030 + i))-01-01" \
		--db "$D" >/dev/null 2>&1 || break
done ) &
writer=$!
sleep 0.3
expect_rc "backup while writing" 0 "$PTDV" backup "$T/backup.db" --db "$D"
wait $writer
n_src=$(sql "$D" "SELECT count(*) FROM term WHERE name LIKE 'Nhiệm kỳ thử %'")
[ "$n_src" = 60 ] && ok "the writer committed its 60 terms" || no "the writer committed its 60 terms ($n_src)"
expect_rc "backup refuses an existing file" 1 "$PTDV" backup "$T/backup.db" --db "$D"
expect_rc "restore into a new database" 0 "$PTDV" restore "$T/backup.db" --db "$RESTORED"
expect_rc "restore refuses a database with data" 1 "$PTDV" restore "$T/backup.db" --db "$RESTORED"
"$PTDV" export members "$T/m-after.csv" --db "$RESTORED" >/dev/null
cmp -s "$T/m-before.csv" "$T/m-after.csv" && ok "restored members equal the original's" \
	|| no "restored members equal the original's"
got=$(sql "$RESTORED" "SELECT count(*) FROM term WHERE name LIKE 'Nhiệm kỳ thử %'")
# The terms in the copy are exactly the first $got written, in order.
names=$(sql "$RESTORED" "SELECT name FROM term WHERE name LIKE 'Nhiệm kỳ thử %' ORDER BY id" |
	sed 's/^Nhiệm kỳ thử //' | tr '\n' ' ' | sed 's/ $//')
want=$(seq -s ' ' 1 "$got")
[ "$got" -gt 0 ] 2>/dev/null && [ "$names" = "$want" ] &&
	ok "backup holds a prefix of the writes ($got of 60, $ENGINE)" ||
	no "backup holds a prefix of the writes ($ENGINE)" "got: $names"
# Every table of the copy has the rows of the source as of the backup: the source less
# the terms written after it (and the audit events of those writes and of the backup).
same=0
for t in org person member placement candidate candidate_event target referral_target app_user; do
	a=$(sql "$D" "SELECT count(*) FROM $t")
	r=$(sql "$RESTORED" "SELECT count(*) FROM $t")
	if [ -n "$a" ] && [ "$a" = "$r" ]; then same=$((same + 1)); else
		no "restored table $t has the source's $a rows ($r)"; fi
done
[ "$same" = 9 ] && ok "restored tables other than term and audit have the source's row counts"
if [ "$ENGINE" = sqlite ]; then
	[ "$(sqlite3 "$RESTORED" 'PRAGMA integrity_check')" = ok ] && ok "restored database passes integrity_check" \
		|| no "restored database passes integrity_check"
fi

# A command that must upgrade the database while another process holds its write lock
# past the busy timeout (10 s) says so in Vietnamese (it said "not an error").
if [ "$ENGINE" = sqlite ]; then
	L=$(db locked)
	"$PTDV" init --db "$L" >/dev/null 2>&1
	sqlite3 "$L" "DELETE FROM schema_migration WHERE version = 1"
	{ echo "BEGIN IMMEDIATE;"; sleep 13; echo "ROLLBACK;"; } | sqlite3 "$L" &
	locker=$!
	sleep 1
	out=$("$PTDV" user list --db "$L" 2>&1); rc=$?
	wait "$locker"
	if [ "$rc" = 1 ] && grep -q "đang được một tiến trình khác ghi" <<<"$out" && ! grep -q "not an error" <<<"$out"; then
		ok "an upgrade blocked by another writer names the lock in Vietnamese"
	else no "an upgrade blocked by another writer names the lock in Vietnamese (exit $rc)" "$out"; fi
	# Lock released, the first migration runs again over its own tables and fails: the
	# message is SQLite's, said once (it was printed twice, the second time as "not an
	# error": the ROLLBACK after the failure had replaced it).
	out=$("$PTDV" user list --db "$L" 2>&1); rc=$?
	if [ "$rc" = 1 ] && [ "$(grep -o "không nâng cấp được cấu trúc cơ sở dữ liệu" <<<"$out" | wc -l)" = 1 ] &&
		grep -q "already exists" <<<"$out" && ! grep -q "not an error" <<<"$out"; then
		ok "a failed upgrade says the failure's message once"
	else no "a failed upgrade says the failure's message once (exit $rc)" "$out"; fi
fi

echo "cli: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
