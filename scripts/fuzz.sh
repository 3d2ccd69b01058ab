#!/usr/bin/env bash
# fuzz.sh [SECONDS [TARGET...]] — builds the libFuzzer targets of every parser
# (tests/fuzz/fuzz_*.c, clang with -fsanitize=fuzzer,address,undefined) into build-fuzz/ and
# runs each from its seed corpus tests/fuzz/corpus/NAME/: the CSV and XLSX readers for
# SECONDS (default 20), the small parsers (form bodies and query strings, JSON API bodies,
# dates, citizen IDs, Vietnamese text, templates) for SECONDS/2 each (at least 5), so that
# `scripts/fuzz.sh 15` (make check) stays near two and a half minutes with the builds. Inputs
# the fuzzer finds go to build-fuzz/corpus/NAME/, not into the repository; a crash, leak,
# timeout or sanitizer report leaves its input as build-fuzz/crash-NAME-* and fails the
# script. Prints one line per target: executions, seconds, corpus size.
# Ends with "fuzz: N targets, E executions, C crashes".
# To turn a crash into a regression test: copy the input into tests/fuzz/regress/NAME/ under
# the crash's name (tests/unit/test_fuzz_regress.c replays every file there through the
# target's checks), or name a unit test after it (tests/unit/test_xlsx.c, test_csv.c).
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
build xlsx src/util/xlsx_read.c src/util/xlsx_common.c "${util[@]}" \
	$(pkg-config --cflags --libs libzip libxml-2.0) -lm
vn=(src/util/vn.c src/util/msgs.c $(pkg-config --cflags --libs libutf8proc))
build form src/web/form.c src/web/tmpl.c "${util[@]}" $(pkg-config --cflags --libs jansson)
build api src/web/api_body.c "${util[@]}" "${vn[@]}" $(pkg-config --cflags --libs jansson)
build date "${util[@]}"
build cid src/core/person.c "${util[@]}" "${vn[@]}"
build vn "${util[@]}" "${vn[@]}"
build tmpl src/web/tmpl.c "${util[@]}" $(pkg-config --cflags --libs jansson)

export ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
status=0
names=(csv xlsx form api date cid vn tmpl)
[ $# -gt 1 ] && names=("${@:2}")
total_runs=0
crashes=0
for name in "${names[@]}"; do
	t=$secs
	case $name in csv | xlsx) ;; *) t=$((secs / 2)); [ $t -ge 5 ] || t=5 ;; esac
	mkdir -p "$out/corpus/$name"
	dict=()
	[ -f "tests/fuzz/$name.dict" ] && dict=(-dict="tests/fuzz/$name.dict")
	log="$out/fuzz_$name.log"
	if "$out/fuzz_$name" "${dict[@]}" -max_total_time="$t" -timeout=10 -rss_limit_mb=2048 \
		-max_len=65536 -print_final_stats=1 -artifact_prefix="$out/crash-$name-" \
		"$out/corpus/$name" "tests/fuzz/corpus/$name" >"$log" 2>&1; then
		result=ok
	else
		result=FAILED
		status=1
		crashes=$((crashes + 1))
	fi
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
	took=$(sed -n 's/^Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "$log" | tail -1)
	corpus=$(find "$out/corpus/$name" -type f | wc -l)
	total_runs=$((total_runs + ${runs:-0}))
	echo "fuzz_$name: ${runs:-?} runs in ${took:-$t} s, corpus $corpus, $result"
	if [ "$result" = FAILED ]; then
		grep -E 'ERROR|SUMMARY|Test unit written|^ *#[0-9]+ 0x' "$log" | head -30
	fi
done
echo "fuzz: ${#names[@]} targets, $total_runs executions, $crashes crashes"
exit $status
