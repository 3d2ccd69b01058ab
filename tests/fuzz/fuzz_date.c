/*
 * fuzz_date.c — libFuzzer target of date_parse (util/date.c).
 *
 * Checks: a parsed date exists (date_valid of its fields) and comes back the same through
 * both of the forms ptdv writes (date_format, date_format_iso); a refused text leaves the
 * output untouched.
 */
#include <stdint.h>
#include <string.h>

#include "util/date.h"

#define CHECK(cond) \
	do { \
		if (!(cond)) \
			__builtin_trap(); \
	} while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	date_t d = 12345, again = 0;
	char text[DATE_STRLEN];
	int y, m, dd;
	if (date_parse((const char *)data, size, &d) != PTDV_OK) {
		CHECK(d == 12345);
		return 0;
	}
	CHECK(d != DATE_NONE);
	date_to_ymd(d, &y, &m, &dd);
	CHECK(date_valid(y, m, dd));
	CHECK(date_from_ymd(y, m, dd) == d);
	date_format(d, text);
	CHECK(date_parse(text, strlen(text), &again) == PTDV_OK && again == d);
	date_format_iso(d, text);
	CHECK(date_parse(text, strlen(text), &again) == PTDV_OK && again == d);
	return 0;
}
