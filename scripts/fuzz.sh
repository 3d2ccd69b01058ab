#!/usr/bin/env bash
# fuzz.sh [SECONDS] — builds the libFuzzer targets of the CSV and XLSX readers
# (tests/fuzz/fuzz_*.c, clang with -fsanitize=fuzzer,address,undefined) into build-fuzz/ and
# runs each for SECONDS (default 20) from its seed corpus tests/fuzz/corpus/NAME/. Inputs
# the fuzzer finds go to build-fuzz/corpus/NAME/, not into the repository; a crash, leak,
# timeout or sanitizer report leaves its input as build-fuzz/crash-NAME-* and fails the
# script. Prints one line per target: executions, seconds, corpus size.
# To turn a crash into a regression test: tests/unit/test_xlsx.c (or test_csv.c) names
# its tests after the crash file.
set -euo pipefail
cd "$(dirname "$0")/.."

secs=${1:-20}
out=build-fuzz
cc=${FUZZ_CC:-clang}
mkdir -p "$out"

cflags=(-std=c17 -g -O1 -D_GNU_SOURCE -Wall -Wextra -Werror -Isrc
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined)
util=(src/util/buf.c src/util/xalloc.c src/util/err.c src/util/date.c)

build() { # name, sources and flags...
	local name=$1; shift
	# shellcheck disable=SC2046
	"$cc" "${cflags[@]}" -o "$out/fuzz_$name" "tests/fuzz/fuzz_$name.c" "$@"
}
build csv src/util/csv.c "${util[@]}"
build xlsx src/util/xlsx_read.c "${util[@]}" \
	$(pkg-config --cflags --libs libzip libxml-2.0) -lm

export ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
status=0
for name in csv xlsx; do
	mkdir -p "$out/corpus/$name"
	dict=()
	[ -f "tests/fuzz/$name.dict" ] && dict=(-dict="tests/fuzz/$name.dict")
	log="$out/fuzz_$name.log"
	if "$out/fuzz_$name" "${dict[@]}" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
		-max_len=65536 -print_final_stats=1 -artifact_prefix="$out/crash-$name-" \
		"$out/corpus/$name" "tests/fuzz/corpus/$name" >"$log" 2>&1; then
		result=ok
	else
		result=FAILED
		status=1
	fi
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
	took=$(sed -n 's/^Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "$log" | tail -1)
	corpus=$(find "$out/corpus/$name" -type f | wc -l)
	echo "fuzz_$name: ${runs:-?} runs in ${took:-$secs} s, corpus $corpus, $result"
	if [ "$result" = FAILED ]; then
		grep -E 'ERROR|SUMMARY|Test unit written|^ *#[0-9]+ 0x' "$log" | head -30
	fi
done
exit $status
