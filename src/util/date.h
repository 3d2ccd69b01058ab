/*
 * date.h — civil dates as day numbers.
 *
 * A date is an int32_t counting days since 1970-01-01 (proleptic Gregorian), so dates
 * compare and subtract as integers and are stored as INTEGER in every database engine.
 * DATE_NONE marks a missing date.
 */
#ifndef PTDV_UTIL_DATE_H
#define PTDV_UTIL_DATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

typedef int32_t date_t;
#define DATE_NONE INT32_MIN

/* Returns the day number of y-m-d; the fields must form a valid date (see date_valid). */
date_t date_from_ymd(int y, int m, int d);
/* Splits day into year, month (1-12) and day (1-31). Any out-parameter may be NULL. */
void date_to_ymd(date_t day, int *y, int *m, int *d);
/* Returns true when y-m-d exists (1 <= y <= 9999, month 1-12, day within the month). */
bool date_valid(int y, int m, int d);
int date_days_in_month(int y, int m);
/* Day of week, 0 = Monday ... 6 = Sunday. */
int date_weekday(date_t day);
/* Returns day + n months, clamped to the end of the target month (31/01 + 1 month = 28/02). */
date_t date_add_months(date_t day, int n);
/*
 * Full months from a to b (b >= a): how old someone born on a is on b, in months.
 * Someone born on 29/02 turns a year older on 01/03 of a common year; likewise a month
 * without a's day of the month completes on the 1st of the next. For b < a the result
 * is -date_months_between(b, a).
 */
int date_months_between(date_t a, date_t b);

/*
 * Parses s[0..len) as dd/mm/yyyy (also d/m/yyyy) or yyyy-mm-dd, surrounding blanks ignored.
 * Returns PTDV_OK and sets *out; PTDV_INVALID (*out unchanged) when the text is not a date
 * in either form or names a date that does not exist (31/02/2024). The year always has
 * four digits (no "24"); in the ISO form month and day have two.
 */
enum ptdv_err date_parse(const char *s, size_t len, date_t *out) PTDV_MUST_USE;

#define DATE_STRLEN 11 /* "dd/mm/yyyy" + NUL; also fits "yyyy-mm-dd" */
/* Writes day as dd/mm/yyyy into out (DATE_STRLEN bytes); "" for DATE_NONE. Returns out. */
char *date_format(date_t day, char out[DATE_STRLEN]);
/* Writes day as yyyy-mm-dd into out (DATE_STRLEN bytes); "" for DATE_NONE. Returns out. */
char *date_format_iso(date_t day, char out[DATE_STRLEN]);
/* Returns today's date in local time. PTDV_TODAY=yyyy-mm-dd in the environment overrides it. */
date_t date_today(void);

#endif
