/*
 * calendar.h — working days: Monday to Friday, minus public holidays, plus the weekend days
 * worked in exchange for a bridge day off (ngày làm bù).
 *
 * The holidays come from the `holiday` table (DOMAIN.md: "a holiday table per year,
 * editable"); app/ loads them into a struct calendar and core/ counts with it. Deadlines of
 * the pipeline ("within 60 working days of the cell's resolution") are the n-th working day
 * after a start day, the start day itself not counted.
 */
#ifndef PTDV_CORE_CALENDAR_H
#define PTDV_CORE_CALENDAR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/date.h"

/* What a day in the holiday table is. */
enum day_kind {
	DAY_OFF = 1,     /* a public holiday or a day off in its place: not a working day */
	DAY_WORKING = 2, /* worked although a weekend day (or no longer a holiday) */
	DAY_KIND__MAX
};

struct calendar {
	date_t *days; /* sorted, unique */
	unsigned char *kinds;
	size_t n, alloc;
	/* Cumulative working days from `base`, built on the first query (see calendar.c). */
	date_t base;
	int32_t *cum; /* cum[i] = working days in [base, base + i) */
	size_t ncum;
	/*
	 * Every day is a working day, whatever days holds: the n-th working day after a start
	 * is then start + n, the earliest any holiday table can make it (bounds that must hold
	 * whatever holidays are recorded later: core_candidate_due_floor).
	 */
	bool every_day;
};

#define CALENDAR_INIT \
	{ \
		NULL, NULL, 0, 0, 0, NULL, 0, false \
	}

/* Frees what c holds and empties it. Accepts an empty calendar. */
void core_calendar_free(struct calendar *c);
/* Sets the kind of day (replacing a kind set before). This function can't fail. */
void core_calendar_set(struct calendar *c, date_t day, enum day_kind kind);
/*
 * Builds now what the queries below would build on their first call: from then on they
 * only read c, and threads may share it until the next core_calendar_set.
 */
void core_calendar_freeze(struct calendar *c);
/* Returns true when day is a working day. */
bool core_calendar_is_working(struct calendar *c, date_t day);
/*
 * Returns the n-th working day after start (start not counted): the last day something due
 * "within n working days of start" may happen. n = 0 gives start itself.
 */
date_t core_calendar_add_working(struct calendar *c, date_t start, int n);
/* Returns the number of working days in (a, b]; 0 when b <= a. */
int core_calendar_working_between(struct calendar *c, date_t a, date_t b);

#endif
