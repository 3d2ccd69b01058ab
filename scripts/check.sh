#!/usr/bin/env bash
# check.sh — what `make check` runs: test dependencies, two builds (normal and ASan+UBSan),
# every test suite on both, the format check and a quick benchmark run so it cannot rot.
# The database suites run on SQLite and on PostgreSQL: a throwaway PostgreSQL server is
# started for the run (scripts/pg.sh, PTDV_TEST_PG) and stopped at the end, even on failure.
# Prints the count per engine and build, and ends with one line "check: N passed, M failed";
# exits non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")/.."

scripts/deps.sh --test || exit 1

setup() { # dir, extra meson options...
	local dir=$1; shift
	[ -f "$dir/build.ninja" ] || meson setup "$dir" "$@" >/dev/null || exit 1
	ninja -C "$dir" >/dev/null || { ninja -C "$dir"; exit 1; }
}
setup build --buildtype=debugoptimized
setup build-asan --buildtype=debug -Db_sanitize=address,undefined -Db_lundef=false \
	-Dc_args=-fno-sanitize-recover=all

# The PostgreSQL server of the postgres suites, in a folder of its own.
export PTDV_PG_DIR
PTDV_PG_DIR=$(mktemp -d "${TMPDIR:-/tmp}/ptdv-pg.XXXXXX")
trap 'scripts/pg.sh stop' EXIT
pg_started=0
if scripts/pg.sh start; then
	pg_started=1
	export PTDV_TEST_PG
	PTDV_TEST_PG=$(scripts/pg.sh url)
else
	unset PTDV_TEST_PG # the postgres suites then fail, saying why
fi

passed=0
failed=0
record() { # name, status
	if [ "$2" -eq 0 ]; then passed=$((passed + 1)); echo "PASS $1"; else failed=$((failed + 1)); echo "FAIL $1"; fi
}

# Runs every suite of a build at once; meson prints a line per test ("3/40 ptdv:postgres /
# store-postgres  OK  1.2s"), counted here per engine: suites 'sqlite', 'postgres', and
# the rest (no database, or the web server on SQLite).
run_meson() { # dir, build label, meson test options...
	local dir=$1 label=$2 log rc lines sel ok bad fail_all=0
	shift 2
	log=$(meson test -C "$dir" --print-errorlogs "$@" 2>&1)
	rc=$?
	# (before "Summary of Failures", which repeats the failed tests' lines)
	lines=$(echo "$log" | sed '/^Summary of Failures/,$d' | grep -E '^ *[0-9]+/[0-9]+ ' || true)
	echo "$lines"
	for group in sqlite postgres other; do
		if [ "$group" = other ]; then
			sel=$(echo "$lines" | grep -vE ' ptdv:(sqlite|postgres)(\+[a-z-]+)* / ' || true)
		else
			sel=$(echo "$lines" | grep -E " ptdv:$group(\+[a-z-]+)* / " || true)
		fi
		ok=$(echo "$sel" | grep -cE ' OK +[0-9.]+s' || true)
		bad=$(echo "$sel" | grep -cE ' (FAIL|TIMEOUT|ERROR|UNEXPECTEDPASS) +[0-9.]+s' || true)
		echo "tests ($group, $label): $ok passed, $bad failed"
		passed=$((passed + ok))
		failed=$((failed + bad))
		fail_all=$((fail_all + bad))
	done
	if [ $rc -ne 0 ]; then
		echo "$log" | tail -60
		[ "$fail_all" -gt 0 ] || failed=$((failed + 1))
	fi
}

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
[ "$pg_started" -eq 1 ] || record "scripts/pg.sh start (PostgreSQL for the postgres suites)" 1
run_meson build "normal build"
# The figures the browser suites print (authorization matrix, attacks, audit), for the log.
grep -hE '^# (authz|attacks|audit): ' build/meson-logs/testlog.txt | sed 's/^# //' || true
# The ASan+UBSan pass runs every suite but the PostgreSQL runs of the demo-sized ones
# (suite pg-demo): their C code is the same as their SQLite runs', and the PostgreSQL engine
# is exercised under the sanitizers by the other postgres suites. They take minutes each on
# PostgreSQL and would double the run.
run_meson build-asan "ASan+UBSan build" --no-suite pg-demo

# Format: every C file as clang-format would write it.
bad=$(git ls-files '*.c' '*.h' | xargs clang-format --dry-run -Werror 2>&1 | grep -c 'error:' || true)
if [ "$bad" = "0" ]; then record "clang-format" 0; else
	git ls-files '*.c' '*.h' | xargs clang-format --dry-run -Werror 2>&1 | grep 'error:' | head -20
	record "clang-format" 1
fi

# valgrind memcheck over the unit suites of the normal build (SQLite; the demo-sized ones
# are left to the ASan+UBSan pass, see the script).
if scripts/valgrind.sh >/tmp/ptdv-valgrind.log 2>&1; then
	grep '^valgrind' /tmp/ptdv-valgrind.log
	record "scripts/valgrind.sh" 0
else
	tail -40 /tmp/ptdv-valgrind.log
	record "scripts/valgrind.sh" 1
fi

# Crash consistency: SIGKILL during imports and during API writes, 20 rounds.
if tests/crash/crash.sh 20 >/tmp/ptdv-crash.log 2>&1; then
	grep -E '^crash: (imports|web|[0-9]+ rounds)' /tmp/ptdv-crash.log
	record "tests/crash/crash.sh" 0
else
	tail -40 /tmp/ptdv-crash.log
	record "tests/crash/crash.sh" 1
fi

# Fuzzing: every parser; the CSV and XLSX readers 15 s each, the others 7 s each
# (`make fuzz` runs longer).
if scripts/fuzz.sh 15 >/tmp/ptdv-fuzz-quick.log 2>&1; then
	grep -E '^fuzz(_|:)' /tmp/ptdv-fuzz-quick.log
	record "scripts/fuzz.sh 15" 0
else
	tail -40 /tmp/ptdv-fuzz-quick.log
	record "scripts/fuzz.sh 15" 1
fi

# The province topology on one machine: primary, streaming replica, two app servers.
if scripts/topology.sh >/tmp/ptdv-topology.log 2>&1; then
	grep -E '^topology: .*(ok|passed)' /tmp/ptdv-topology.log
	record "scripts/topology.sh" 0
else
	tail -40 /tmp/ptdv-topology.log
	record "scripts/topology.sh" 1
fi

# Load and soak: 15 s of wrk (64 connections, pages, API reads and writes) after a warm-up;
# fails on any failed request or an RSS growth of 5% or more (docs/reliability.md).
if bench/soak.sh --duration 15 >/tmp/ptdv-soak-quick.log 2>&1; then
	grep '^soak: ' /tmp/ptdv-soak-quick.log
	record "bench/soak.sh --duration 15" 0
else
	tail -20 /tmp/ptdv-soak-quick.log
	record "bench/soak.sh --duration 15" 1
fi

# The import benchmark on a small file, so the script stays working (figures not judged here).
if bench/import.sh --rows 20000 >/tmp/ptdv-bench-quick.log 2>&1; then
	record "bench/import.sh --rows 20000" 0
else
	tail -20 /tmp/ptdv-bench-quick.log
	record "bench/import.sh --rows 20000" 1
fi

# The national benchmark at 1% on SQLite: every command must succeed; its ratios are not
# judged here.
if bench/run --quick >/tmp/ptdv-bench-national.log 2>&1; then
	record "bench/run --quick" 0
else
	tail -20 /tmp/ptdv-bench-national.log
	record "bench/run --quick" 1
fi

echo "check: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
