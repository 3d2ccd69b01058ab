/*
 * calendar.c — working days from a holiday table.
 *
 * Queries over 1940–2150 use a table of cumulative working-day counts built on first use
 * (about 77,000 entries), so a deadline is two binary searches whatever its length; days
 * outside that range are counted one by one.
 */
#include "core/calendar.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

#define CUM_FIRST_YEAR 1940
#define CUM_LAST_YEAR 2150

void core_calendar_free(struct calendar *c)
{
	free(c->days);
	free(c->kinds);
	free(c->cum);
	memset(c, 0, sizeof(*c));
}

/* Index of the first entry >= day. */
static size_t lower_bound(const struct calendar *c, date_t day)
{
	size_t lo = 0, hi = c->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (c->days[mid] < day)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

void core_calendar_set(struct calendar *c, date_t day, enum day_kind kind)
{
	assert(day != DATE_NONE && (kind == DAY_OFF || kind == DAY_WORKING));
	size_t i = lower_bound(c, day);
	free(c->cum);
	c->cum = NULL;
	c->ncum = 0;
	if (i < c->n && c->days[i] == day) {
		c->kinds[i] = (unsigned char)kind;
		return;
	}
	if (c->n == c->alloc) {
		c->alloc = c->alloc ? 2 * c->alloc : 64;
		c->days = xrealloc(c->days, c->alloc * sizeof(*c->days));
		c->kinds = xrealloc(c->kinds, c->alloc * sizeof(*c->kinds));
	}
	memmove(c->days + i + 1, c->days + i, (c->n - i) * sizeof(*c->days));
	memmove(c->kinds + i + 1, c->kinds + i, (c->n - i) * sizeof(*c->kinds));
	c->days[i] = day;
	c->kinds[i] = (unsigned char)kind;
	c->n++;
}

/* The rule itself, without the cumulative table. */
static bool working_slow(const struct calendar *c, date_t day)
{
	size_t i = lower_bound(c, day);
	if (i < c->n && c->days[i] == day)
		return c->kinds[i] == DAY_WORKING;
	return date_weekday(day) < 5;
}

static void build_cum(struct calendar *c)
{
	if (c->cum)
		return;
	c->base = date_from_ymd(CUM_FIRST_YEAR, 1, 1);
	date_t end = date_from_ymd(CUM_LAST_YEAR, 12, 31) + 1;
	c->ncum = (size_t)(end - c->base) + 1;
	c->cum = xmalloc(c->ncum * sizeof(*c->cum));
	c->cum[0] = 0;
	size_t h = lower_bound(c, c->base);
	int wd = date_weekday(c->base);
	for (size_t i = 1; i < c->ncum; i++) {
		date_t day = c->base + (date_t)(i - 1);
		bool w;
		if (h < c->n && c->days[h] == day)
			w = c->kinds[h++] == DAY_WORKING;
		else
			w = wd < 5;
		c->cum[i] = c->cum[i - 1] + (w ? 1 : 0);
		wd = wd == 6 ? 0 : wd + 1;
	}
}

void core_calendar_freeze(struct calendar *c)
{
	build_cum(c);
}

/* True when [day, day] and its successor fall in the cumulative table. */
static bool in_cum(struct calendar *c, date_t day)
{
	build_cum(c);
	return day >= c->base && (size_t)(day - c->base) + 1 < c->ncum;
}

bool core_calendar_is_working(struct calendar *c, date_t day)
{
	if (c->every_day)
		return true;
	if (in_cum(c, day)) {
		size_t i = (size_t)(day - c->base);
		return c->cum[i + 1] != c->cum[i];
	}
	return working_slow(c, day);
}

int core_calendar_working_between(struct calendar *c, date_t a, date_t b)
{
	if (b <= a)
		return 0;
	if (c->every_day)
		return (int)(b - a);
	if (in_cum(c, a) && in_cum(c, b))
		return c->cum[b - c->base + 1] - c->cum[a - c->base + 1];
	int n = 0;
	for (date_t d = a + 1; d <= b; d++)
		n += working_slow(c, d);
	return n;
}

date_t core_calendar_add_working(struct calendar *c, date_t start, int n)
{
	assert(n >= 0);
	if (n == 0 || c->every_day)
		return start + n;
	/* Seven weeks of holidays in a row never happen: the answer is within 2n + 60 days. */
	date_t hi = start + 2 * n + 60;
	if (in_cum(c, start) && in_cum(c, hi)) {
		int32_t want = c->cum[start - c->base + 1] + n;
		/* Smallest e with cum[e - base + 1] >= want. */
		date_t lo = start + 1;
		while (lo < hi) {
			date_t mid = lo + (hi - lo) / 2;
			if (c->cum[mid - c->base + 1] >= want)
				hi = mid;
			else
				lo = mid + 1;
		}
		return lo;
	}
	date_t d = start;
	while (n > 0) {
		d++;
		n -= working_slow(c, d);
	}
	return d;
}
