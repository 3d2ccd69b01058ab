#!/usr/bin/env bash
# valgrind.sh [TEST...] — runs unit test executables of the normal build (build/, SQLite
# engine) under valgrind memcheck with --leak-check=full; a definite or indirect leak, or any
# memory error, fails the test. tests/valgrind.supp suppresses only one-time allocations of
# libraries (each entry says why). Prints one line per test and a total line
# "valgrind: N tests, N clean, M failed"; exits non-zero on any failure.
#
# Without arguments it runs every unit suite but the demo-sized ones (golden, copy,
# demo_pipeline, reports, engines: they build the demo city of ~11,000 members, 15-25 s each
# natively and ten minutes or more each under valgrind on the 2-core development machine);
# their code paths are run under ASan+UBSan by `make check`. Name tests to run others:
#   scripts/valgrind.sh golden
# Each test's valgrind log: build/valgrind/NAME.log (with the suppression valgrind would
# write for each report). PTDV_TEST_VALGRIND=1 tells the tests; test_xlsx then skips its
# 200,000-row RSS measurement (RSS under valgrind measures valgrind). A memcheck report
# makes valgrind exit 99 (--error-exitcode), told apart from a failing test.
set -uo pipefail
cd "$(dirname "$0")/.."

default=(buf core date vn csv rules render xlsx db store asof import pipeline)
if [ $# -gt 0 ]; then tests=("$@"); else tests=("${default[@]}"); fi

[ -f build/build.ninja ] || meson setup build --buildtype=debugoptimized >/dev/null || exit 1
ninja -C build >/dev/null || { ninja -C build; exit 1; }
command -v valgrind >/dev/null || { echo "valgrind: not installed (scripts/deps.sh --test)"; exit 1; }

logs=build/valgrind
mkdir -p "$logs"
clean=0
bad=0
start=$(date +%s)
for t in "${tests[@]}"; do
	exe=build/tests/unit/test_$t
	if [ ! -x "$exe" ]; then
		echo "valgrind $t: no such test executable $exe"
		bad=$((bad + 1))
		continue
	fi
	tmp=$(mktemp -d "${TMPDIR:-/tmp}/ptdv-vg.XXXXXX")
	t0=$(date +%s)
	PTDV_TEST_TMP=$tmp PTDV_TEST_ENGINE=sqlite PTDV_TEST_VALGRIND=1 CMOCKA_MESSAGE_OUTPUT=stdout \
		PTDV_GOLDEN_DIR=$PWD/tests/golden \
		valgrind --quiet --leak-check=full --errors-for-leak-kinds=definite,indirect \
		--show-leak-kinds=definite,indirect --error-exitcode=99 \
		--suppressions=tests/valgrind.supp --gen-suppressions=all \
		--log-file="$logs/$t.log" "$exe" >"$logs/$t.out" 2>&1
	rc=$?
	rm -rf "$tmp"
	secs=$(($(date +%s) - t0))
	errs=$(grep -cE '^==[0-9]+== ([0-9,]+ bytes in [0-9,]+ blocks are (definitely|indirectly) lost|Invalid|Conditional jump|Use of uninitialised|Mismatched|Source and destination overlap|Syscall param)' "$logs/$t.log" || true)
	if [ $rc -eq 0 ]; then
		clean=$((clean + 1))
		echo "valgrind $t: clean (${secs} s)"
	else
		bad=$((bad + 1))
		if [ $rc -eq 99 ]; then why="$errs memcheck report(s)"; else why="test failed, exit $rc"; fi
		echo "valgrind $t: FAILED, $why (${secs} s; $logs/$t.log)"
		grep -E '^==[0-9]+== (   (at|by) |[A-Z])' "$logs/$t.log" | head -30
		[ $rc -eq 99 ] || tail -20 "$logs/$t.out"
	fi
done
echo "valgrind: ${#tests[@]} tests, $clean clean, $bad failed ($(($(date +%s) - start)) s)"
[ $bad -eq 0 ]
