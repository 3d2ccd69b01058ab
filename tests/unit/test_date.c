/*
 * test_date.c — unit tests of util/date: day numbers, calendar rules, parsing, formatting,
 * month arithmetic and the PTDV_TODAY override.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "util/date.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* Parses a date the test knows to be valid. */
static date_t d(const char *s)
{
	date_t day = DATE_NONE;

	assert_int_equal(date_parse(s, strlen(s), &day), PTDV_OK);
	return day;
}

static void test_epoch(void **state)
{
	(void)state;
	assert_int_equal(date_from_ymd(1970, 1, 1), 0);
	assert_int_equal(date_from_ymd(1970, 1, 2), 1);
	assert_int_equal(date_from_ymd(1969, 12, 31), -1);
	assert_int_equal(date_from_ymd(2000, 3, 1), 11017);
	assert_int_equal(date_from_ymd(2024, 4, 22), 19835);
	assert_int_equal(date_from_ymd(1, 1, 1), -719162);
	assert_int_equal(date_from_ymd(9999, 12, 31), 2932896);
}

/* Every day from 1900-01-01 to 2100-12-31 converts to y-m-d and back, consecutively. */
static void test_round_trip(void **state)
{
	date_t day = date_from_ymd(1900, 1, 1);
	date_t last = date_from_ymd(2100, 12, 31);
	int py = 1899, pm = 12, pd = 31;

	(void)state;
	for (; day <= last; day++) {
		int y, m, dd;

		date_to_ymd(day, &y, &m, &dd);
		assert_true(date_valid(y, m, dd));
		assert_int_equal(date_from_ymd(y, m, dd), day);
		/* Each day is the one after the previous. */
		if (dd == 1) {
			assert_int_equal(pd, date_days_in_month(py, pm));
			assert_int_equal(m, pm == 12 ? 1 : pm + 1);
			assert_int_equal(y, pm == 12 ? py + 1 : py);
		} else {
			assert_int_equal(dd, pd + 1);
			assert_int_equal(m, pm);
			assert_int_equal(y, py);
		}
		py = y;
		pm = m;
		pd = dd;
	}
	assert_int_equal(py, 2100);
	assert_int_equal(pm, 12);
	assert_int_equal(pd, 31);
}

/* The far ends of the valid range and the NULL out-parameters of date_to_ymd. */
static void test_to_ymd_extremes(void **state)
{
	int y, m, dd;

	(void)state;
	date_to_ymd(date_from_ymd(1, 1, 1), &y, &m, &dd);
	assert_int_equal(y, 1);
	assert_int_equal(m, 1);
	assert_int_equal(dd, 1);
	date_to_ymd(date_from_ymd(9999, 12, 31), &y, NULL, NULL);
	assert_int_equal(y, 9999);
	date_to_ymd(date_from_ymd(1600, 2, 29), NULL, &m, &dd);
	assert_int_equal(m, 2);
	assert_int_equal(dd, 29);
}

static void test_leap_years(void **state)
{
	static const struct {
		int y;
		int feb;
	} cases[] = {
		{1900, 28},
		{2000, 29},
		{2100, 28},
		{2400, 29},
		{2023, 28},
		{2024, 29},
		{1996, 29},
		{1, 28},
		{4, 29},
		{9996, 29},
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		assert_int_equal(date_days_in_month(cases[i].y, 2), cases[i].feb);
		assert_int_equal(date_valid(cases[i].y, 2, 29), cases[i].feb == 29);
		/* A year has 365 or 366 days. */
		if (cases[i].y < 9999) {
			int len = date_from_ymd(cases[i].y + 1, 1, 1) -
				  date_from_ymd(cases[i].y, 1, 1);
			assert_int_equal(len, cases[i].feb == 29 ? 366 : 365);
		}
	}
}

static void test_days_in_month(void **state)
{
	static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	(void)state;
	for (int m = 1; m <= 12; m++)
		assert_int_equal(date_days_in_month(2023, m), days[m - 1]);
	assert_int_equal(date_days_in_month(2023, 0), 0);
	assert_int_equal(date_days_in_month(2023, 13), 0);
}

static void test_valid(void **state)
{
	static const struct {
		int y, m, d;
		bool ok;
	} cases[] = {
		{2024, 2, 29, true},
		{2023, 2, 29, false},
		{2024, 2, 30, false},
		{2024, 4, 30, true},
		{2024, 4, 31, false},
		{2024, 12, 31, true},
		{2024, 0, 1, false},
		{2024, 13, 1, false},
		{2024, 1, 0, false},
		{2024, 1, -1, false},
		{0, 1, 1, false},
		{1, 1, 1, true},
		{9999, 12, 31, true},
		{10000, 1, 1, false},
		{-1, 1, 1, false},
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(cases); i++)
		assert_int_equal(date_valid(cases[i].y, cases[i].m, cases[i].d), cases[i].ok);
}

static void test_weekday(void **state)
{
	static const struct {
		int y, m, d;
		int wd;
	} cases[] = {
		{2024, 4, 22, 0}, /* Monday */
		{1970, 1, 1, 3},  /* Thursday */
		{1969, 12, 29, 0},
		{1969, 12, 31, 2},
		{2000, 1, 1, 5},
		{1945, 9, 2, 6},
		{1975, 4, 30, 2},
		{2024, 2, 29, 3},
		{1900, 1, 1, 0},
		{2100, 12, 31, 4},
		{1, 1, 1, 0},
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		date_t day = date_from_ymd(cases[i].y, cases[i].m, cases[i].d);
		assert_int_equal(date_weekday(day), cases[i].wd);
	}
	/* Consecutive days cycle through the week, across the epoch too. */
	for (date_t day = -800; day < 800; day++)
		assert_int_equal(date_weekday(day + 1), (date_weekday(day) + 1) % 7);
}

static void test_parse_good(void **state)
{
	static const struct {
		const char *s;
		int y, m, d;
	} cases[] = {
		{"22/04/2024", 2024, 4, 22},
		{"2/4/2024", 2024, 4, 2},
		{"02/4/2024", 2024, 4, 2},
		{"2/04/2024", 2024, 4, 2},
		{"2024-04-22", 2024, 4, 22},
		{"  22/04/2024", 2024, 4, 22},
		{"22/04/2024 \t", 2024, 4, 22},
		{"\t 2024-04-22\r\n", 2024, 4, 22},
		{"29/02/2024", 2024, 2, 29},
		{"2000-02-29", 2000, 2, 29},
		{"31/12/9999", 9999, 12, 31},
		{"01/01/0001", 1, 1, 1},
		{"1/1/1900", 1900, 1, 1},
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		date_t day = DATE_NONE;

		assert_int_equal(date_parse(cases[i].s, strlen(cases[i].s), &day), PTDV_OK);
		assert_int_equal(day, date_from_ymd(cases[i].y, cases[i].m, cases[i].d));
	}
}

static void test_parse_bad(void **state)
{
	static const char *const cases[] = {
		"",
		"   ",
		"22/04/2024x",
		"22/04/2024 x",
		"x22/04/2024",
		"22/04/24",
		"22/04/024",
		"22/04/20245",
		"00/01/0000",
		"01/01/0000",
		"0000-01-01",
		"31/02/2024",
		"29/02/2023",
		"2023-02-29",
		"30/02/2000",
		"32/01/2024",
		"00/01/2024",
		"01/00/2024",
		"01/13/2024",
		"001/01/2024",
		"1/001/2024",
		"22-04-2024",
		"22.04.2024",
		"2024/04/22",
		"2024-4-22",
		"2024-04-2",
		"2024-04-222",
		"24-04-22",
		"2024-04-22T00:00",
		"22 / 04 / 2024",
		"22//2024",
		"/04/2024",
		"22/04/",
		"2024--04-22",
		"+2/04/2024",
		"-2024-04-22",
		"22/04/2024/",
		"２２/04/2024",
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		date_t day = 12345;

		if (date_parse(cases[i], strlen(cases[i]), &day) != PTDV_INVALID)
			fail_msg("accepted '%s'", cases[i]);
		assert_int_equal(day, 12345);
	}
}

/* Only s[0..len) is read: text after len and a NUL inside len both count correctly. */
static void test_parse_len(void **state)
{
	date_t day = DATE_NONE;

	(void)state;
	assert_int_equal(date_parse("22/04/2024junk", 10, &day), PTDV_OK);
	assert_int_equal(day, date_from_ymd(2024, 4, 22));
	assert_int_equal(date_parse("22/04/2024\0", 11, &day), PTDV_INVALID);
	assert_int_equal(date_parse("2/4/2024", 5, &day), PTDV_INVALID);
	assert_int_equal(date_parse(NULL, 0, &day), PTDV_INVALID);
}

static void test_months_between(void **state)
{
	static const struct {
		const char *a, *b;
		int months;
	} cases[] = {
		{"23/04/2006", "22/04/2024", 215}, /* 17 years 11 months */
		{"23/04/2006", "23/04/2024", 216}, /* turns 18 */
		{"23/04/2006", "24/04/2024", 216},
		{"29/02/2008", "28/02/2026", 215},
		{"29/02/2008", "01/03/2026", 216},
		{"29/02/2008", "29/02/2024", 192},
		{"29/02/2008", "28/02/2024", 191},
		{"31/01/2024", "29/02/2024", 0},
		{"31/01/2024", "01/03/2024", 1},
		{"31/03/2024", "30/04/2024", 0},
		{"31/03/2024", "01/05/2024", 1},
		{"15/05/2024", "15/05/2024", 0},
		{"15/05/2024", "14/06/2024", 0},
		{"15/05/2024", "15/06/2024", 1},
		{"31/12/2023", "01/01/2024", 0},
		{"01/12/2023", "01/01/2024", 1},
		{"10/10/2000", "09/10/2001", 11},
		{"10/10/2000", "10/10/2001", 12},
		{"01/01/1900", "01/01/2100", 2400},
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		date_t a = d(cases[i].a), b = d(cases[i].b);

		if (date_months_between(a, b) != cases[i].months)
			fail_msg("%s -> %s: %d, want %d", cases[i].a, cases[i].b,
				date_months_between(a, b), cases[i].months);
		/* Reversed, the count is negated. */
		assert_int_equal(date_months_between(b, a), -cases[i].months);
	}
}

static void test_add_months(void **state)
{
	static const struct {
		const char *from;
		int n;
		const char *to;
	} cases[] = {
		{"31/01/2024", 1, "29/02/2024"},
		{"31/01/2023", 1, "28/02/2023"},
		{"31/03/2024", 1, "30/04/2024"},
		{"31/03/2024", -1, "29/02/2024"},
		{"29/02/2024", 12, "28/02/2025"},
		{"29/02/2024", 48, "29/02/2028"},
		{"29/02/2024", -12, "28/02/2023"},
		{"15/01/2024", 0, "15/01/2024"},
		{"15/11/2024", 2, "15/01/2025"},
		{"15/01/2024", -1, "15/12/2023"},
		{"15/01/2024", -13, "15/12/2022"},
		{"15/01/2024", -24, "15/01/2022"},
		{"31/12/2024", 2, "28/02/2025"},
		{"23/04/2006", 216, "23/04/2024"},
		{"31/05/2024", 1, "30/06/2024"},
		{"30/06/2024", 1, "30/07/2024"},
		{"15/06/2024", 1200, "15/06/2124"},
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		date_t got = date_add_months(d(cases[i].from), cases[i].n);

		if (got != d(cases[i].to)) {
			char s[DATE_STRLEN];
			fail_msg("%s %+d months: %s, want %s", cases[i].from, cases[i].n,
				date_format(got, s), cases[i].to);
		}
	}
}

/* date_add_months(a, n) is the first day on which date_months_between reaches n, or before. */
static void test_add_months_agrees(void **state)
{
	(void)state;
	for (date_t a = d("01/01/2020"); a <= d("31/12/2024"); a += 3) {
		for (int n = 0; n <= 30; n += 5) {
			date_t b = date_add_months(a, n);
			assert_true(date_months_between(a, b) <= n);
			assert_true(date_months_between(a, b) >= n - 1);
			assert_true(date_months_between(a, b + 1) >= n);
		}
	}
}

static void test_format(void **state)
{
	static const struct {
		int y, m, d;
		const char *dmy, *iso;
	} cases[] = {
		{2024, 4, 22, "22/04/2024", "2024-04-22"},
		{2024, 1, 2, "02/01/2024", "2024-01-02"},
		{1, 1, 1, "01/01/0001", "0001-01-01"},
		{9999, 12, 31, "31/12/9999", "9999-12-31"},
		{1969, 12, 31, "31/12/1969", "1969-12-31"},
		{1970, 1, 1, "01/01/1970", "1970-01-01"},
	};
	char out[DATE_STRLEN];

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		date_t day = date_from_ymd(cases[i].y, cases[i].m, cases[i].d);

		assert_ptr_equal(date_format(day, out), out);
		assert_string_equal(out, cases[i].dmy);
		assert_ptr_equal(date_format_iso(day, out), out);
		assert_string_equal(out, cases[i].iso);
		/* Both forms parse back. */
		assert_int_equal(d(cases[i].dmy), day);
		assert_int_equal(d(cases[i].iso), day);
	}
	memset(out, 'x', sizeof out);
	assert_string_equal(date_format(DATE_NONE, out), "");
	memset(out, 'x', sizeof out);
	assert_string_equal(date_format_iso(DATE_NONE, out), "");
	/* Outside years 1-9999 there is no four-digit form. */
	assert_string_equal(date_format(date_from_ymd(1, 1, 1) - 1, out), "");
	assert_string_equal(date_format_iso(date_from_ymd(9999, 12, 31) + 1, out), "");
}

static void test_today(void **state)
{
	(void)state;
	assert_int_equal(setenv("PTDV_TODAY", "2024-04-22", 1), 0);
	assert_int_equal(date_today(), date_from_ymd(2024, 4, 22));
	assert_int_equal(setenv("PTDV_TODAY", "29/02/2024", 1), 0);
	assert_int_equal(date_today(), date_from_ymd(2024, 2, 29));
	/* A value that is not a date is ignored: the clock gives a plausible date. */
	assert_int_equal(setenv("PTDV_TODAY", "yesterday", 1), 0);
	date_t bad = date_today();
	assert_int_equal(unsetenv("PTDV_TODAY"), 0);
	date_t now = date_today();
	assert_true(now >= date_from_ymd(2024, 1, 1));
	assert_true(now < date_from_ymd(2200, 1, 1));
	assert_true(bad == now || bad + 1 == now);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_epoch),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_to_ymd_extremes),
		cmocka_unit_test(test_leap_years),
		cmocka_unit_test(test_days_in_month),
		cmocka_unit_test(test_valid),
		cmocka_unit_test(test_weekday),
		cmocka_unit_test(test_parse_good),
		cmocka_unit_test(test_parse_bad),
		cmocka_unit_test(test_parse_len),
		cmocka_unit_test(test_months_between),
		cmocka_unit_test(test_add_months),
		cmocka_unit_test(test_add_months_agrees),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_today),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
