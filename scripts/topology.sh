#!/usr/bin/env bash
# topology.sh — the province deployment of docs/deploy.md on one machine, on loopback
# ports: a PostgreSQL 15 primary, a streaming replica made with pg_basebackup, and two ptdv
# app servers that write to the primary and answer reports from the replica
# (`serve --report-db`). Then a smoke test through both app servers:
#   1. a target written through app server A is read through app server B;
#   2. a session opened on A is honoured by B (sessions live in the database);
#   3. reports come from the replica: with the replica's replay paused, a write through A
#      shows in B's target list (primary) but not in B's summary report (replica); once
#      replay resumes, the report shows it.
# Stops everything it started and removes its folder, also on failure.
#   scripts/topology.sh [--keep]   (--keep: leave the folder for inspection)
# Needs: build/ptdv (or PTDV_BIN), PostgreSQL 15, curl, python3 (scripts/deps.sh --test).
set -euo pipefail
cd "$(dirname "$0")/.."

BIN=$(realpath "${PTDV_BIN:-build/ptdv}")
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
KEEP=0
[ "${1:-}" = "--keep" ] && KEEP=1
DIR=$(mktemp -d "${TMPDIR:-/tmp}/ptdv-topology.XXXXXX")
chmod 755 "$DIR"
RUN_AS=()
if [ "$(id -u)" -eq 0 ]; then # initdb refuses root: the servers run as ptdvtest (scripts/pg.sh)
	id ptdvtest >/dev/null 2>&1 ||
		useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin ptdvtest
	chown ptdvtest "$DIR"
	RUN_AS=(runuser -u ptdvtest --)
fi
as_pg() { "${RUN_AS[@]}" "$@"; }

free_port() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
P_PRIMARY=$(free_port)
P_REPLICA=$(free_port)
P_A=$(free_port)
P_B=$(free_port)
PRIMARY="postgresql://ptdv@127.0.0.1:$P_PRIMARY/ptdv"
REPLICA="postgresql://ptdv@127.0.0.1:$P_REPLICA/ptdv"
A="http://127.0.0.1:$P_A"
B="http://127.0.0.1:$P_B"
APPS=()

cleanup() {
	local rc=$?
	for pid in "${APPS[@]}"; do kill "$pid" 2>/dev/null || true; done
	for pid in "${APPS[@]}"; do wait "$pid" 2>/dev/null || true; done
	for d in replica primary; do
		[ -f "$DIR/$d/postmaster.pid" ] && as_pg "$PGBIN/pg_ctl" -D "$DIR/$d" -m fast -w stop >/dev/null 2>&1
	done
	if [ "$rc" -ne 0 ]; then
		echo "topology: FAILED; logs:" >&2
		tail -n 20 "$DIR"/*.log >&2 2>/dev/null || true
	fi
	[ "$KEEP" -eq 1 ] && echo "topology: kept $DIR" >&2 || rm -rf "$DIR"
	exit "$rc"
}
trap cleanup EXIT

say() { echo "topology: [${SECONDS}s] $*"; }
fail() { echo "topology: FAIL: $*" >&2; exit 1; }
pg_start() { # data dir, port, log
	as_pg "$PGBIN/pg_ctl" -D "$1" -l "$3" -w -t 60 start -o \
		"-c listen_addresses=127.0.0.1 -c port=$2 -c unix_socket_directories='$DIR'" >/dev/null
}

# 1. The primary, with streaming replication allowed from loopback (initdb's trust lines).
as_pg "$PGBIN/initdb" -D "$DIR/primary" -U ptdv --auth=trust --locale=C --encoding=UTF8 \
	>"$DIR/initdb.log" 2>&1
pg_start "$DIR/primary" "$P_PRIMARY" "$DIR/primary.log"
psql -q -h 127.0.0.1 -p "$P_PRIMARY" -U ptdv -d postgres -c "CREATE DATABASE ptdv" >/dev/null
say "primary on 127.0.0.1:$P_PRIMARY"

# 2. The data: the demo city, built on SQLite and copied in (ptdv copy); an API token.
"$BIN" demo --db "$DIR/demo.db" >/dev/null
"$BIN" copy --from "$DIR/demo.db" --to "$PRIMARY" >/dev/null
say "demo city copied to the primary"
TOKEN=$("$BIN" user token admin --label topology --db "$PRIMARY")

# 3. The replica: a base backup of the primary that streams its WAL (-R writes the
#    standby.signal and primary_conninfo; -c fast: checkpoint now, not within 5 minutes).
as_pg pg_basebackup -h 127.0.0.1 -p "$P_PRIMARY" -U ptdv -D "$DIR/replica" -R -X stream -c fast \
	>"$DIR/basebackup.log" 2>&1
pg_start "$DIR/replica" "$P_REPLICA" "$DIR/replica.log"
in_recovery=$(psql -tAq -h 127.0.0.1 -p "$P_REPLICA" -U ptdv -d ptdv -c "SELECT pg_is_in_recovery()")
[ "$in_recovery" = t ] || fail "the replica is not in recovery (pg_is_in_recovery = $in_recovery)"
say "replica on 127.0.0.1:$P_REPLICA (streaming from the primary)"

# 4. Two app servers over the primary, reports from the replica.
for port in "$P_A" "$P_B"; do
	"$BIN" serve --db "$PRIMARY" --report-db "$REPLICA" --listen "127.0.0.1:$port" \
		--threads 2 >"$DIR/app-$port.log" 2>&1 &
	APPS+=($!)
done
for url in "$A" "$B"; do
	for _ in $(seq 100); do curl -sf "$url/healthz" >/dev/null && break; sleep 0.1; done
	curl -sf "$url/healthz" >/dev/null || fail "$url does not answer /healthz"
done
say "app servers A $A and B $B"

api() { # base, path, [json body]
	if [ $# -eq 3 ]; then
		curl -sf -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
			-X POST --data "$3" "$1$2"
	else
		curl -sf -H "Authorization: Bearer $TOKEN" "$1$2"
	fi
}
json() { # python expression over d, reading JSON on stdin
	python3 -c "import json, sys; d = json.load(sys.stdin); print($1)"
}

# Smoke 1: a write through A is read through B.
api "$A" /api/v1/targets '{"org":"BN-P05","year":2025,"registered":41,"assigned":42,"women":21}' >/dev/null
got=$(api "$B" '/api/v1/targets?org=BN-P05&year=2025' | json 'd["targets"][0]["assigned"]')
[ "$got" = 42 ] || fail "target written through A, read through B: assigned = $got, want 42"
say "ok 1 - a target written through A is read through B (assigned 42)"

# Smoke 2: a login on A (form, CSRF, cookie) is a session B honours.
jar="$DIR/cookies"
login_page=$(curl -sf -c "$jar" "$A/login")
csrf=$(printf '%s' "$login_page" | python3 -c 'import re, sys; print(re.search(r"name=\"csrf\" value=\"([^\"]+)\"", sys.stdin.read()).group(1))')
curl -sf -b "$jar" -c "$jar" -o /dev/null --data-urlencode "csrf=$csrf" \
	--data-urlencode login=admin --data-urlencode password=demo-bac-ninh "$A/login"
status=$(curl -s -o "$DIR/dashboard.html" -w '%{http_code}' -b "$jar" "$B/")
[ "$status" = 200 ] && grep -q 'Đăng xuất' "$DIR/dashboard.html" ||
	fail "a session opened on A is not honoured by B (status $status)"
say "ok 2 - a session opened on A is honoured by B"

# Smoke 3: reports are answered from the replica.
summary_target() { # base → the city's 2024 target in its summary report
	api "$1" '/api/v1/summary?org=TP-BN&as_of=2024-12-31' |
		json '[y["target"] for y in d["by_year"] if y["year"] == 2024][0]'
}
before=$(summary_target "$B")
psql -q -h 127.0.0.1 -p "$P_REPLICA" -U ptdv -d ptdv -c "SELECT pg_wal_replay_pause()" >/dev/null
want=$((before + 777))
api "$A" /api/v1/targets "{\"org\":\"TP-BN\",\"year\":2024,\"assigned\":$want}" >/dev/null
primary_sees=$(api "$B" '/api/v1/targets?org=TP-BN&year=2024' |
	json '[t["assigned"] for t in d["targets"] if t["org"] == "TP-BN"][0]')
[ "$primary_sees" = "$want" ] || fail "the primary's target list through B shows $primary_sees, want $want"
paused=$(summary_target "$B")
[ "$paused" = "$before" ] ||
	fail "with the replica paused the report shows target $paused, not the replica's $before"
psql -q -h 127.0.0.1 -p "$P_REPLICA" -U ptdv -d ptdv -c "SELECT pg_wal_replay_resume()" >/dev/null
after=""
for _ in $(seq 100); do
	after=$(summary_target "$B")
	[ "$after" = "$want" ] && break
	sleep 0.1
done
[ "$after" = "$want" ] || fail "after the replica resumed the report shows target $after, want $want"
say "ok 3 - reports come from the replica (target $before while paused, $want after replay)"
say "passed: 3 of 3"
