#!/usr/bin/env bash
# check.sh — what `make check` runs: test dependencies, two builds (normal and ASan+UBSan),
# every test suite on both, the format check and a quick benchmark run so it cannot rot.
# Ends with one line "check: N passed, M failed" and exits non-zero on any failure.
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

passed=0
failed=0
record() { # name, status
	if [ "$2" -eq 0 ]; then passed=$((passed + 1)); echo "PASS $1"; else failed=$((failed + 1)); echo "FAIL $1"; fi
}

# meson test prints a summary block; count its Ok/Fail lines per build.
run_meson() { # dir, label
	local log
	log=$(meson test -C "$1" --print-errorlogs 2>&1)
	local rc=$?
	echo "$log" | grep -E '^ *[0-9]+/[0-9]+ ' || true
	local ok fail
	ok=$(echo "$log" | sed -n 's/^Ok: *\([0-9]*\).*/\1/p')
	fail=$(echo "$log" | sed -n 's/^Fail: *\([0-9]*\).*/\1/p')
	echo "$2: ${ok:-0} passed, ${fail:-0} failed"
	[ $rc -eq 0 ] || echo "$log" | tail -60
	passed=$((passed + ${ok:-0}))
	failed=$((failed + ${fail:-0}))
	[ $rc -eq 0 ] || failed=$((failed + (${fail:-0} == 0 ? 1 : 0)))
}

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
run_meson build "tests (normal build)"
run_meson build-asan "tests (ASan+UBSan build)"

# Format: every C file as clang-format would write it.
bad=$(git ls-files '*.c' '*.h' | xargs clang-format --dry-run -Werror 2>&1 | grep -c 'error:' || true)
if [ "$bad" = "0" ]; then record "clang-format" 0; else
	git ls-files '*.c' '*.h' | xargs clang-format --dry-run -Werror 2>&1 | grep 'error:' | head -20
	record "clang-format" 1
fi

# The import benchmark on a small file, so the script stays working (figures not judged here).
if bench/import.sh --rows 20000 >/tmp/ptdv-bench-quick.log 2>&1; then
	record "bench/import.sh --rows 20000" 0
else
	tail -20 /tmp/ptdv-bench-quick.log
	record "bench/import.sh --rows 20000" 1
fi

echo "check: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
