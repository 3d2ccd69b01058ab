#!/usr/bin/env bash
# crash.sh [ROUNDS] — crash consistency on SQLite: kills ptdv with SIGKILL at random points
# and checks what survives. ROUNDS (default 20) is split in two halves:
#  (a) `ptdv import members BIG.csv` (ptdv-gen, 40,000 rows, a few seconds) killed at a
#      random moment; then `PRAGMA integrity_check` is ok, the member count is the count
#      before the import or the count after a whole one, never in between, and ptdv opens the
#      database again (`ptdv target list`);
#  (b) `ptdv serve` under a burst of API writes (POST /api/v1/targets with a Bearer token,
#      four clients, each (org, year) written once), killed at a random moment; then
#      integrity_check is ok, every write the server acknowledged (200) is in the database
#      with its values (`ptdv target list --format json`), and the server starts again and
#      answers the API.
# Ends with "crash: N rounds, L lost acknowledged writes, H half imports"; exits non-zero
# on any failure. Needs the normal build (build/), python3 and the sqlite3 shell.
set -uo pipefail
cd "$(dirname "$0")/../.."
rounds=${1:-20}
B=${BUILD:-build}
P=$PWD/$B/ptdv
[ -x "$P" ] && [ -x "$B/ptdv-gen" ] || { echo "crash: build first (ninja -C $B)"; exit 1; }

W=$(mktemp -d "${TMPDIR:-/tmp}/ptdv-crash.XXXXXX")
server_pid=
cleanup() {
	[ -n "$server_pid" ] && kill -9 "$server_pid" 2>/dev/null
	rm -rf "$W"
}
trap cleanup EXIT

fail=0
lost=0
half=0
bad() { echo "crash: FAIL $*"; fail=$((fail + 1)); }
integrity() { # db
	local r
	r=$(sqlite3 "$1" "PRAGMA integrity_check;" 2>&1)
	[ "$r" = ok ] || { bad "integrity_check of $1: $r"; return 1; }
}
members() { sqlite3 "$1" "SELECT count(*) FROM member;"; }
rand_ms() { # lo hi: a random number of milliseconds in [lo, hi)
	python3 -c "import random,sys; print(random.randrange(int(sys.argv[1]), int(sys.argv[2])))" "$1" "$2"
}
sleep_ms() { python3 -c "import time,sys; time.sleep(int(sys.argv[1]) / 1000)" "$1"; }

# --- (a) imports ---
mkdir -p "$W/gen"
"$B/ptdv-gen" --members 40000 --out "$W/gen" >/dev/null || exit 1
head -1001 "$W/gen/members.csv" >"$W/gen/first.csv"
base=$W/base.db
"$P" import orgs "$W/gen/orgs.csv" --db "$base" >/dev/null || exit 1
"$P" import members "$W/gen/first.csv" --db "$base" >/dev/null 2>&1 || exit 1
before=$(members "$base")
# One whole import gives the count after, and how long an import takes here.
cp "$base" "$W/full.db"
t0=$(date +%s%N)
"$P" import members "$W/gen/members.csv" --db "$W/full.db" >/dev/null 2>&1 || { bad "a whole import failed"; exit 1; }
import_ms=$((($(date +%s%N) - t0) / 1000000))
after=$(members "$W/full.db")
echo "crash: import of 40,000 rows takes ${import_ms} ms here; members before $before, after $after"

import_rounds=$((rounds / 2))
n_before=0
n_after=0
for i in $(seq 1 "$import_rounds"); do
	db=$W/import-$i.db
	cp "$base" "$db"
	"$P" import members "$W/gen/members.csv" --db "$db" >/dev/null 2>&1 &
	pid=$!
	at=$(rand_ms 50 $((import_ms + 200)))
	sleep_ms "$at"
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	integrity "$db" || continue
	n=$(members "$db")
	if [ "$n" = "$before" ]; then
		n_before=$((n_before + 1))
		state=before
	elif [ "$n" = "$after" ]; then
		n_after=$((n_after + 1))
		state=after
	else
		half=$((half + 1))
		bad "round a$i: $n members after a kill at ${at} ms (before $before, after $after)"
		continue
	fi
	"$P" target list --db "$db" >/dev/null 2>&1 || bad "round a$i: ptdv cannot open the database again"
	echo "crash: round a$i: killed at ${at} ms, integrity ok, members $n ($state)"
	rm -f "$db" "$db"-*
done
echo "crash: imports: $import_rounds rounds, $n_before left as before, $n_after whole, $half half"

# --- (b) web writes ---
db=$W/web.db
cp "$base" "$db"
"$P" user add crashadmin --name "Quản trị thử" --role admin --org P --password-stdin --db "$db" \
	<<<"mat-khau-thu-nghiem-123" >/dev/null || exit 1
token=$("$P" user token crashadmin --label "crash.sh" --db "$db" | grep -oE '[0-9a-f]{64}' | head -1)
[ -n "$token" ] || { bad "no API token"; exit 1; }
sqlite3 "$db" "SELECT code FROM org WHERE code <> 'P' ORDER BY code LIMIT 120;" >"$W/orgs.txt"
port=$((20000 + RANDOM % 20000))

start_server() {
	"$P" serve --db "$db" --listen "127.0.0.1:$port" --threads 4 --quiet >>"$W/serve.log" 2>&1 &
	server_pid=$!
	for _ in $(seq 1 100); do
		curl -s -o /dev/null "http://127.0.0.1:$port/login" && return 0
		sleep_ms 50
	done
	bad "the server did not start (log: $(tail -3 "$W/serve.log"))"
	return 1
}

cat >"$W/burst.py" <<'EOF'
# burst.py PORT TOKEN ORGS YEAR0 YEARS OUT: four clients POST targets, each (org, year) once,
# until the server goes away; every 200 answer is appended to OUT as a JSON line.
import json, random, sys, threading, http.client
port, token, orgs_file, year0, years, out = sys.argv[1:7]
orgs = [l.strip() for l in open(orgs_file) if l.strip()]
keys = [(o, y) for y in range(int(year0), int(year0) + int(years)) for o in orgs]
random.shuffle(keys)
lock = threading.Lock()
acked = open(out, "w")
def client(part):
    conn = http.client.HTTPConnection("127.0.0.1", int(port), timeout=10)
    for org, year in part:
        reg, asg = random.randrange(0, 500), random.randrange(0, 500)
        body = {"org": org, "year": year, "registered": reg, "assigned": asg,
                "women": random.randrange(0, min(reg, asg) + 1)}
        try:
            conn.request("POST", "/api/v1/targets", json.dumps(body),
                         {"Authorization": "Bearer " + token,
                          "Content-Type": "application/json"})
            r = conn.getresponse()
            data = r.read()
        except Exception:
            return  # the server was killed
        if r.status == 200:
            got = json.loads(data)
            with lock:
                acked.write(json.dumps(body) + "\n")
                acked.flush()
            for k in ("registered", "assigned", "women"):
                if got.get(k) != body[k]:
                    print("answer differs from the write:", body, got, file=sys.stderr)
        else:
            print("status", r.status, data[:200], file=sys.stderr)
threads = [threading.Thread(target=client, args=(keys[i::4],)) for i in range(4)]
for t in threads: t.start()
for t in threads: t.join()
EOF

cat >"$W/verify.py" <<'EOF'
# verify.py ACKED TARGETS_JSONL: prints how many acknowledged writes are missing or differ.
import json, sys
have = {}
for line in open(sys.argv[2]):
    t = json.loads(line)
    have[(t["org"], t["year"])] = t
lost = 0
for line in open(sys.argv[1]):
    w = json.loads(line)
    t = have.get((w["org"], w["year"]))
    if not t or any(t.get(k) != w[k] for k in ("registered", "assigned", "women")):
        lost += 1
        print("lost:", w, t, file=sys.stderr)
print(lost)
EOF

web_rounds=$((rounds - import_rounds))
total_acked=0
for i in $(seq 1 "$web_rounds"); do
	start_server || break
	year0=$((1930 + (i - 1) * 8)) # eight years of keys per round, never written again
	python3 "$W/burst.py" "$port" "$token" "$W/orgs.txt" "$year0" 8 "$W/acked-$i.jsonl" \
		2>>"$W/burst.log" &
	burst=$!
	at=$(rand_ms 300 2500)
	sleep_ms "$at"
	kill -9 "$server_pid"
	wait "$server_pid" 2>/dev/null
	server_pid=
	wait "$burst"
	integrity "$db" || continue
	"$P" target list --db "$db" --format json >"$W/targets.json" 2>"$W/list.err" ||
		{ bad "round b$i: ptdv target list failed: $(cat "$W/list.err")"; continue; }
	n=$(wc -l <"$W/acked-$i.jsonl")
	total_acked=$((total_acked + n))
	l=$(python3 "$W/verify.py" "$W/acked-$i.jsonl" "$W/targets.json" 2>>"$W/verify.log")
	lost=$((lost + l))
	[ "$l" = 0 ] || bad "round b$i: $l of $n acknowledged writes lost (see below)"
	echo "crash: round b$i: killed at ${at} ms, integrity ok, $n writes acknowledged, $l lost"
done
# The server starts again after the last kill and serves the API.
if start_server; then
	code=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" \
		"http://127.0.0.1:$port/api/v1/targets?org=C&year=1930")
	[ "$code" = 200 ] || bad "the restarted server answers $code to GET /api/v1/targets"
	kill "$server_pid"
	wait "$server_pid" 2>/dev/null
	server_pid=
fi
[ -s "$W/burst.log" ] && { echo "crash: client messages:"; head -5 "$W/burst.log"; }
[ -s "$W/verify.log" ] && head -10 "$W/verify.log"
[ "$total_acked" -gt 0 ] || bad "no write was acknowledged: the burst did not run"
echo "crash: web: $web_rounds rounds, $total_acked acknowledged writes"
echo "crash: $rounds rounds, $lost lost acknowledged writes, $half half imports"
[ "$fail" -eq 0 ]
