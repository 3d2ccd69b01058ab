#!/usr/bin/env bash
# pg.sh — a throwaway PostgreSQL 15 server for the tests.
#   scripts/pg.sh start   initdb into $PTDV_PG_DIR and start the server; a server already
#                         running there is kept (others may be using it), a dead one replaced
#   scripts/pg.sh url     print the URL of its maintenance database (for PTDV_TEST_PG)
#   scripts/pg.sh stop    stop the server and remove $PTDV_PG_DIR
# PTDV_PG_DIR defaults to ${TMPDIR:-/tmp}/ptdv-pg-$(id -u). The server listens only on a Unix
# socket in that folder (listen_addresses=''), trusts local connections of the role "ptdv",
# sorts text bytewise (locale C, as ptdv requires) and runs without fsync: its data is
# thrown away. initdb refuses to run as root, so as root the server runs as the system user
# ptdvtest (created when missing).
set -euo pipefail

PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
DIR=${PTDV_PG_DIR:-${TMPDIR:-/tmp}/ptdv-pg-$(id -u)}
RUN_AS=()

as_owner() { # command... — runs as the server's owner
	"${RUN_AS[@]}" "$@"
}

setup_user() {
	if [ "$(id -u)" -ne 0 ]; then
		return
	fi
	if ! id ptdvtest >/dev/null 2>&1; then
		useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin ptdvtest
	fi
	RUN_AS=(runuser -u ptdvtest --)
}

url() {
	echo "postgresql://ptdv@/postgres?host=$DIR"
}

stop() {
	setup_user
	if [ -f "$DIR/data/postmaster.pid" ]; then
		as_owner "$PGBIN/pg_ctl" -D "$DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
	fi
	rm -rf "$DIR"
}

running() {
	[ -f "$DIR/data/postmaster.pid" ] && as_owner "$PGBIN/pg_ctl" -D "$DIR/data" status >/dev/null 2>&1
}

start() {
	[ -x "$PGBIN/initdb" ] || { echo "pg.sh: no PostgreSQL 15 in $PGBIN (scripts/deps.sh --test installs it)" >&2; exit 1; }
	setup_user
	if running; then
		echo "pg.sh: a server is already running in $DIR; kept" >&2
		return 0
	fi
	stop
	mkdir -p "$DIR"
	chmod 755 "$DIR"
	[ "${#RUN_AS[@]}" -eq 0 ] || chown ptdvtest "$DIR"
	as_owner "$PGBIN/initdb" -D "$DIR/data" -U ptdv --auth=trust --locale=C --encoding=UTF8 \
		>"$DIR/initdb.log" 2>&1 || { cat "$DIR/initdb.log" >&2; exit 1; }
	as_owner "$PGBIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -t 60 start -o \
		"-c listen_addresses='' -c unix_socket_directories='$DIR' -c fsync=off \
		 -c synchronous_commit=off -c full_page_writes=off -c max_connections=200 \
		 -c random_page_cost=1.1" \
		>/dev/null || { cat "$DIR/server.log" >&2; exit 1; }
}

case "${1:-}" in
start) start ;;
stop) stop ;;
url) url ;;
*) echo "usage: scripts/pg.sh start|stop|url   (folder: \$PTDV_PG_DIR, now $DIR)" >&2; exit 2 ;;
esac
