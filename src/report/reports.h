/*
 * reports.h — the report set leadership reads (issue 5), each built as a struct report
 * (report/table.h) for an org subtree as of a day, so every format renders the same figures.
 *
 * Every report reads the subtree's rows in a few queries (its orgs, its admissions, its
 * cases) and aggregates in memory: no query per org. Counting follows README "Counting
 * rules": admissions by their admission day and the org placed in at the ceremony, orgs by
 * their founding and dissolution days, cases by the dates of their stages cut at the day.
 * Targets are the ones recorded now (targets carry no date of their own).
 */
#ifndef PTDV_REPORT_REPORTS_H
#define PTDV_REPORT_REPORTS_H

#include <stddef.h>

#include "core/org.h"
#include "report/table.h"
#include "util/date.h"
#include "util/err.h"

struct calendar;
struct store;

/* The period a report covers where it has a choice. */
enum report_period {
	RPERIOD_DEFAULT = 0, /* the report's own default */
	RPERIOD_YEAR,        /* 01/01 of as_of's year to as_of */
	RPERIOD_TERM,        /* the org's term in force on as_of to as_of */
	RPERIOD__MAX
};

struct report_params {
	date_t from; /* pipeline: first day; DATE_NONE = the 12 months to as_of */
	int within;  /* due: days ahead; < 0 = 30 (rule 10's alert) */
	enum report_period
		period; /* breakdown (default: the year), referrals (default: the term) */
	int source; /* due: only the cases referred by this source (enum cand_source); 0 = all */
};

/* Sets the defaults: from DATE_NONE, within -1, period RPERIOD_DEFAULT. */
void report_params_init(struct report_params *p);
/* "year" / "term" → period; PTDV_INVALID otherwise. */
enum ptdv_err report_period_parse(const char *s, enum report_period *out) PTDV_MUST_USE;

/* A report of the set: its command name and what it gives, in Vietnamese. */
struct report_info {
	const char *name;        /* "progress" */
	const char *title;       /* "Tiến độ thực hiện chỉ tiêu" */
	const char *description; /* one sentence for lists and help */
};
/* Every report, in the order lists show them; *n = how many. This function can't fail. */
const struct report_info *report_list(size_t *n);
/* The report named name, or NULL. */
const struct report_info *report_find(const char *name);

/*
 * Builds report `name` for org's subtree as of as_of into *out (initialised here; the
 * caller frees with report_free, also on error). cal: the working-day calendar (due,
 * progress). Reads through st inside the caller's read snapshot. PTDV_NOTFOUND for an
 * unknown name, PTDV_INVALID for parameters that do not fit (from after as_of), PTDV_DB.
 */
enum ptdv_err report_build(struct store *st, const char *name, const struct org *org, date_t as_of,
	const struct report_params *p, struct calendar *cal, struct report *out) PTDV_MUST_USE;

/* The builders report_build dispatches to (same contract). */
enum ptdv_err report_build_progress(struct store *st, const struct org *org, date_t as_of,
	struct calendar *cal, struct report *out) PTDV_MUST_USE;
enum ptdv_err report_build_yoy(
	struct store *st, const struct org *org, date_t as_of, struct report *out) PTDV_MUST_USE;
enum ptdv_err report_build_breakdown(struct store *st, const struct org *org, date_t as_of,
	enum report_period period, struct report *out) PTDV_MUST_USE;
enum ptdv_err report_build_referrals(struct store *st, const struct org *org, date_t as_of,
	enum report_period period, struct report *out) PTDV_MUST_USE;
enum ptdv_err report_build_forecast(
	struct store *st, const struct org *org, date_t as_of, struct report *out) PTDV_MUST_USE;

#endif
