#!/usr/bin/env bash
# soak.sh [--duration S] [--connections N] [--write-every K] — the web server under a steady
# mixed load: wrk with N connections (default 64) for S seconds (default 60) over pages, API
# reads and API writes (bench/soak.lua: one request in K, default 10, is a POST
# /api/v1/targets by token; the others half pages, half API reads), against a fresh demo
# city served by the build. A warm-up run of a quarter of S (at least 10 s) comes first;
# the server's RSS (VmRSS of /proc/PID/status), sampled twice a second, is compared as the
# peak of the run against the peak of the warm-up. Prints requests, errors, p50/p99 latency and RSS growth; fails when any request
# failed (a non-2xx/3xx status or a socket error) or the RSS grew by 5% or more.
set -euo pipefail
cd "$(dirname "$0")/.."
dur=60
conns=64
export SOAK_WRITE_EVERY=10
while [ $# -gt 0 ]; do
	case "$1" in
	--duration) dur=$2; shift 2 ;;
	--connections) conns=$2; shift 2 ;;
	--write-every) export SOAK_WRITE_EVERY=$2; shift 2 ;;
	*) echo "usage: bench/soak.sh [--duration S] [--connections N] [--write-every K]" >&2; exit 2 ;;
	esac
done
B=${BUILD:-build}
command -v wrk >/dev/null || { echo "soak.sh: needs wrk (scripts/deps.sh --test)" >&2; exit 1; }
[ -x "$B/ptdv" ] || { echo "soak.sh: no $B/ptdv; build first (ninja -C $B)" >&2; exit 1; }
out=bench/out/soak
mkdir -p "$out"
db="$out/demo.db"
rm -f "$db" "$db-wal" "$db-shm"
export PTDV_TODAY=2026-11-27
"$B/ptdv" demo --db "$db" --until 2026-11-27 >/dev/null
export SOAK_TOKEN
SOAK_TOKEN=$("$B/ptdv" user token bantochuc --label "soak" --db "$db" | grep -oE '[0-9a-f]{64}' | head -1)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$B/ptdv" serve --db "$db" --listen "127.0.0.1:$port" --quiet 2>"$out/serve.log" &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null' EXIT
url="http://127.0.0.1:$port"
for _ in $(seq 100); do curl -sf "$url/healthz" >/dev/null && break; sleep 0.1; done
csrf=$(curl -s -c "$out/cj" -b "$out/cj" "$url/login" | sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p')
curl -s -o /dev/null -c "$out/cj" -b "$out/cj" --data-urlencode "csrf=$csrf" \
	--data-urlencode login=admin --data-urlencode password=demo-bac-ninh "$url/login"
export SOAK_COOKIE
SOAK_COOKIE=$(awk '$6 == "ptdv_session" {print $7}' "$out/cj")
[ -n "$SOAK_COOKIE" ] && [ -n "$SOAK_TOKEN" ] || { echo "soak.sh: login or token failed" >&2; exit 1; }
rss() { awk '/^VmRSS/ {print $2}' "/proc/$pid/status"; } # kB

run() { # seconds -> the SOAK line of soak.lua
	wrk -t2 -c"$conns" -d"${1}s" --timeout 10s -s bench/soak.lua "$url" | grep '^SOAK '
}
warm=$((dur / 4))
[ "$warm" -ge 10 ] || warm=10
# RSS is sampled every half second: the allocator's footprint swings by a tenth under 64
# connections, so each phase is summed up by its peak — a leak raises the peak, noise does not.
sample() { # file: samples until killed
	while kill -0 "$pid" 2>/dev/null; do rss >>"$1"; sleep 0.5; done
}
peak() { sort -n "$1" | tail -1; }
rss_start=$(rss)
: >"$out/rss.warm"; : >"$out/rss.run"
sample "$out/rss.warm" & sp=$!
w=$(run "$warm")
kill $sp; wait $sp 2>/dev/null || true
sample "$out/rss.run" & sp=$!
m=$(run "$dur")
kill $sp; wait $sp 2>/dev/null || true
rss0=$(peak "$out/rss.warm")
rss1=$(peak "$out/rss.run")
kill -0 "$pid" || { echo "soak.sh: the server died" >&2; exit 1; }
field() { echo "$2" | tr ' ' '\n' | sed -n "s/^$1=//p"; }
req=$(field requests "$m")
secs=$(field seconds "$m")
bad=$(($(field status_errors "$m") + $(field socket_errors "$m") + $(field status_errors "$w") + $(field socket_errors "$w")))
growth=$(python3 -c "print(f'{($rss1 - $rss0) * 100 / $rss0:.1f}')")
echo "soak: $conns connections, ${dur} s after a ${warm} s warm-up; one request in $SOAK_WRITE_EVERY an API write, the others half pages, half API reads"
printf 'soak: %s requests in %s s (%.0f/s), %s errors (status %s, socket %s), p50 %s ms, p99 %s ms, max %s ms\n' \
	"$req" "$secs" "$(python3 -c "print($req / $secs)")" "$bad" "$(field status_errors "$m")" \
	"$(field socket_errors "$m")" "$(field p50_ms "$m")" "$(field p99_ms "$m")" "$(field max_ms "$m")"
echo "soak: server RSS $((rss_start / 1024)) MB at start, peak $((rss0 / 1024)) MB in the warm-up, peak $((rss1 / 1024)) MB in the run, $(($(rss) / 1024)) MB at the end: growth ${growth}%"
ok=1
[ "$bad" -eq 0 ] || { echo "soak: FAIL: $bad requests failed" >&2; ok=0; }
python3 -c "import sys; sys.exit(0 if $growth < 5 else 1)" || { echo "soak: FAIL: RSS grew ${growth}% (limit 5%)" >&2; ok=0; }
[ "$ok" -eq 1 ]
