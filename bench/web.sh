#!/usr/bin/env bash
# web.sh [--duration S] [--connections N] — the web server under wrk, each page beside the
# floor measured in the same run: a static file served by the same server. Uses the demo
# city (created in bench/out/web/ when missing) and a logged-in session. Prints requests/s,
# p50 and p99 latency, the ratio to the floor and the server's RSS before and after.
set -euo pipefail
cd "$(dirname "$0")/.."
dur=10
conns=64
while [ $# -gt 0 ]; do
	case "$1" in
	--duration) dur=$2; shift 2 ;;
	--connections) conns=$2; shift 2 ;;
	*) echo "usage: bench/web.sh [--duration S] [--connections N]" >&2; exit 2 ;;
	esac
done
B=${BUILD:-build}
command -v wrk >/dev/null || { echo "web.sh: needs wrk (apt-get install wrk)" >&2; exit 1; }
out=bench/out/web
mkdir -p "$out"
db="$out/demo.db"
[ -f "$db" ] || PTDV_TODAY=2026-11-27 "$B/ptdv" demo --db "$db" --until 2026-11-27 >/dev/null
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
PTDV_TODAY=2026-11-27 "$B/ptdv" serve --db "$db" --listen "127.0.0.1:$port" --quiet 2>"$out/serve.log" &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null' EXIT
url="http://127.0.0.1:$port"
for _ in $(seq 50); do curl -sf "$url/healthz" >/dev/null && break; sleep 0.1; done
csrf=$(curl -s -c "$out/cj" -b "$out/cj" "$url/login" | sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p')
curl -s -o /dev/null -c "$out/cj" -b "$out/cj" --data-urlencode "csrf=$csrf" \
	--data-urlencode login=admin --data-urlencode password=demo-bac-ninh "$url/login"
sess=$(awk '$6 == "ptdv_session" {print $7}' "$out/cj")
[ -n "$sess" ] || { echo "web.sh: login failed" >&2; exit 1; }
rss() { awk '/VmRSS/ {print int($2/1024)}' "/proc/$pid/status"; }
rss0=$(rss)

run() { # label path -> "rps p50 p99"
	wrk -t2 -c"$conns" -d"${dur}s" --latency -H "Cookie: ptdv_session=$sess" "$url$2" |
		awk '/Requests\/sec/ {r=$2} /^ +50%/ {p50=$2} /^ +99%/ {p99=$2} /Non-2xx/ {bad=$5}
			END {printf "%s %s %s %s\n", r, p50, p99, bad+0}'
}
printf '%-28s %10s %9s %9s %7s %7s\n' "page ($conns connections, ${dur}s)" "req/s" "p50" "p99" "ratio" "errors"
read -r frps fp50 fp99 fbad <<<"$(run floor /static/style.css)"
printf '%-28s %10.0f %9s %9s %7s %7s\n' "floor: static file" "$frps" "$fp50" "$fp99" "1.00" "$fbad"
for spec in "dashboard|/?org=TP-BN" "member list|/members" "member search|/members?q=nguyen+van" \
	"organisation page|/org/BN-P05"; do
	label=${spec%%|*}
	path=${spec#*|}
	read -r rps p50 p99 bad <<<"$(run "$label" "$path")"
	printf '%-28s %10.0f %9s %9s %7.2f %7s\n' "$label" "$rps" "$p50" "$p99" \
		"$(python3 -c "print($rps / $frps)")" "$bad"
done
echo "server RSS: ${rss0} MB before, $(rss) MB after"
