/*
 * date.c — civil dates as day numbers since 1970-01-01 (proleptic Gregorian).
 *
 * Conversions use Howard Hinnant's days_from_civil and civil_from_days algorithms
 * (http://howardhinnant.github.io/date_algorithms.html), which count in 400-year eras
 * and need no tables or loops. Parsing and formatting are hand-written so that they
 * accept exactly the documented forms and never depend on the C locale.
 */
#include "util/date.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Day number of 0000-03-01 counted back from 1970-01-01, as in Hinnant's paper. */
#define EPOCH_SHIFT 719468
#define DAYS_PER_ERA 146097

static bool is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/*
 * Hinnant's days_from_civil: valid for any y-m-d whose day number fits in a date_t,
 * including years outside 1-9999 (date_add_months relies on that for its arithmetic).
 */
static int64_t days_from_civil(int64_t y, int m, int d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * DAYS_PER_ERA + doe - EPOCH_SHIFT;
}

/* Hinnant's civil_from_days. */
static void civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
	z += EPOCH_SHIFT;
	int64_t era = (z >= 0 ? z : z - (DAYS_PER_ERA - 1)) / DAYS_PER_ERA;
	int64_t doe = z - era * DAYS_PER_ERA;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

date_t date_from_ymd(int y, int m, int d)
{
	assert(date_valid(y, m, d));
	return (date_t)days_from_civil(y, m, d);
}

void date_to_ymd(date_t day, int *y, int *m, int *d)
{
	int64_t yy;
	int mm, dd;

	assert(day != DATE_NONE);
	civil_from_days(day, &yy, &mm, &dd);
	if (y)
		*y = (int)yy;
	if (m)
		*m = mm;
	if (d)
		*d = dd;
}

bool date_valid(int y, int m, int d)
{
	if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1)
		return false;
	return d <= date_days_in_month(y, m);
}

/* Returns the number of days of month m (1-12) in year y; 0 when m is out of range. */
int date_days_in_month(int y, int m)
{
	static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	if (m < 1 || m > 12)
		return 0;
	if (m == 2 && is_leap(y))
		return 29;
	return days[m - 1];
}

int date_weekday(date_t day)
{
	assert(day != DATE_NONE);
	/* 1970-01-01 was a Thursday (3); the remainder of a negative day is in -6..0. */
	return (day % 7 + 7 + 3) % 7;
}

/*
 * The target month is computed in 64 bits, so any n is safe as long as the result lies
 * within years 1-9999 (asserted).
 */
date_t date_add_months(date_t day, int n)
{
	int y, m, d;

	assert(day != DATE_NONE);
	date_to_ymd(day, &y, &m, &d);
	int64_t months = (int64_t)y * 12 + (m - 1) + n;
	int64_t ny = months >= 0 ? months / 12 : (months - 11) / 12;
	int nm = (int)(months - ny * 12) + 1;
	assert(ny >= 1 && ny <= 9999);
	int last = date_days_in_month((int)ny, nm);
	if (d > last)
		d = last;
	return (date_t)days_from_civil(ny, nm, d);
}

/*
 * The month count goes up on the day of the month a was born on; when the target month
 * has no such day (born 31/01 or 29/02), it goes up on the 1st of the following month.
 * For b < a the result is -date_months_between(b, a).
 */
int date_months_between(date_t a, date_t b)
{
	int ya, ma, da, yb, mb, db;

	assert(a != DATE_NONE && b != DATE_NONE);
	if (b < a)
		return -date_months_between(b, a);
	date_to_ymd(a, &ya, &ma, &da);
	date_to_ymd(b, &yb, &mb, &db);
	int months = (yb - ya) * 12 + (mb - ma);
	if (db < da)
		months--;
	return months;
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/*
 * Reads between min and max decimal digits from s[*i..len) into *val and advances *i.
 * Returns false when fewer than min digits are there or a digit follows the max-th.
 */
static bool read_num(const char *s, size_t len, size_t *i, int min, int max, int *val)
{
	int n = 0;
	int v = 0;

	while (*i < len && is_digit(s[*i]) && n < max) {
		v = v * 10 + (s[*i] - '0');
		(*i)++;
		n++;
	}
	if (n < min || (*i < len && is_digit(s[*i])))
		return false;
	*val = v;
	return true;
}

/* Returns true when s[*i] is c, advancing past it. */
static bool read_char(const char *s, size_t len, size_t *i, char c)
{
	if (*i >= len || s[*i] != c)
		return false;
	(*i)++;
	return true;
}

/*
 * Blanks are the ASCII white-space characters. The year always has four digits (no
 * two-digit years); in yyyy-mm-dd the month and day have exactly two. *out is left
 * unchanged on error.
 */
enum ptdv_err date_parse(const char *s, size_t len, date_t *out)
{
	size_t i = 0;
	int y, m, d;

	assert(s || len == 0);
	while (len > 0 && is_blank(s[len - 1]))
		len--;
	while (i < len && is_blank(s[i]))
		i++;
	if (i >= len)
		goto fail;
	if (len - i >= 5 && s[i + 4] == '-') {
		if (!read_num(s, len, &i, 4, 4, &y) || !read_char(s, len, &i, '-') ||
			!read_num(s, len, &i, 2, 2, &m) || !read_char(s, len, &i, '-') ||
			!read_num(s, len, &i, 2, 2, &d))
			goto fail;
	} else {
		if (!read_num(s, len, &i, 1, 2, &d) || !read_char(s, len, &i, '/') ||
			!read_num(s, len, &i, 1, 2, &m) || !read_char(s, len, &i, '/') ||
			!read_num(s, len, &i, 4, 4, &y))
			goto fail;
	}
	if (i != len || !date_valid(y, m, d))
		goto fail;
	*out = date_from_ymd(y, m, d);
	return PTDV_OK;
fail:
	return PTDV_INVALID;
}

/* Writes v as exactly n decimal digits (v must fit). Returns the end of the digits. */
static char *put_num(char *p, int v, int n)
{
	for (int k = n - 1; k >= 0; k--) {
		p[k] = (char)('0' + v % 10);
		v /= 10;
	}
	return p + n;
}

/*
 * Writes the date as d1 sep d2 sep d3 where the first and last fields are picked by iso.
 * Returns false (out untouched) for DATE_NONE or a year outside 1-9999.
 */
static bool format_date(date_t day, char out[DATE_STRLEN], bool iso)
{
	int y, m, d;
	char *p = out;

	if (day == DATE_NONE)
		return false;
	date_to_ymd(day, &y, &m, &d);
	if (y < 1 || y > 9999)
		return false;
	if (iso) {
		p = put_num(p, y, 4);
		*p++ = '-';
		p = put_num(p, m, 2);
		*p++ = '-';
		p = put_num(p, d, 2);
	} else {
		p = put_num(p, d, 2);
		*p++ = '/';
		p = put_num(p, m, 2);
		*p++ = '/';
		p = put_num(p, y, 4);
	}
	*p = '\0';
	return true;
}

/* A day outside years 1-9999 (which date_from_ymd cannot make) is written as "" too. */
char *date_format(date_t day, char out[DATE_STRLEN])
{
	if (!format_date(day, out, false))
		out[0] = '\0';
	return out;
}

/* A day outside years 1-9999 (which date_from_ymd cannot make) is written as "" too. */
char *date_format_iso(date_t day, char out[DATE_STRLEN])
{
	if (!format_date(day, out, true))
		out[0] = '\0';
	return out;
}

/*
 * PTDV_TODAY is read with date_parse, so dd/mm/yyyy works there too; a value that does
 * not parse is ignored and the clock is used. Cannot fail: if the clock itself cannot be
 * read, 1970-01-01 is returned.
 */
date_t date_today(void)
{
	const char *env = getenv("PTDV_TODAY");
	date_t day;
	struct tm tm;
	time_t now;

	if (env && date_parse(env, strlen(env), &day) == PTDV_OK)
		return day;
	now = time(NULL);
	if (now == (time_t)-1 || !localtime_r(&now, &tm))
		return 0;
	return date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}
