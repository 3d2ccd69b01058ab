/*
 * app_pipeline.h — the use cases of the admission pipeline: adding a person to a cell's
 * source list, recording each step (with the Party's rules checked), corrections, leaving,
 * showing and listing cases, deadlines, time in stage, and the holiday calendar.
 *
 * Every write runs in one transaction, checks the actor's scope (a case belongs to its
 * cell's subtree) and role, and appends an audit event. A mass-organisation liaison
 * (app->source set) sees only the cases its organisation referred — any other case is
 * answered as not found — and may only add a case, with its organisation as the source. A step the rules forbid writes
 * nothing and returns PTDV_INVALID with every failing rule in errs, in Vietnamese.
 */
#ifndef PTDV_APP_APP_PIPELINE_H
#define PTDV_APP_APP_PIPELINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/app.h"
#include "core/calendar.h"
#include "core/candidate.h"
#include "core/org.h"
#include "core/person.h"

struct due_report;
struct pipeline_report;

/* A new case: the person (created, or found by citizen ID) and the source list entry. */
struct app_candidate_new {
	struct person person; /* full_name and gender required; id ignored */
	const char *org_code; /* the cell */
	date_t date;          /* added to the source list */
	enum cand_source source;
	const char *note; /* who referred, in words */
};

/*
 * Adds a person to the source list of a cell (a chi bộ trực thuộc or chi bộ cơ sở in scope,
 * alive on the date). A person already in the database (same citizen ID) is reused: not a
 * member, no open case, readmission rules for a former member. Sets *id to the new case.
 * Those who record data and liaisons may add; a liaison's case gets its own source whatever
 * in->source says. PTDV_DENIED for other roles.
 */
enum ptdv_err app_candidate_add(struct app *app, const struct app_candidate_new *in, int64_t *id,
	struct msgs *errs) PTDV_MUST_USE;

/* One step of a case. Fields that do not apply to the step are ignored. */
struct app_step {
	enum cand_ev kind;
	int sub;              /* document kind, exception kind, assessment kind, source */
	date_t date;          /* effective date (required) */
	date_t date2;         /* helper until; introducer together since; decision received */
	const char *member;   /* helper or introducer: card number or citizen ID */
	const char *org_code; /* the deciding org of a decision (default: the competent one) */
	int present, yes;     /* votes; -1 = not given */
	int size;             /* base committee members; -1 = not given */
	const char *number;   /* certificate, resolution, decision or document number */
	const char *text;     /* issuer, signer, reason, note */
	int64_t supersedes;   /* a correction of this event; 0 = a new step */
};

/* Sets every field of s to "not given". */
void app_step_init(struct app_step *s);

/*
 * Records step s of case id after checking the order of the stages and every rule of the
 * transition in force on its date. Effects in the same transaction: the ceremony creates
 * the probationary member placed in the case's cell; recognition sets the official date to
 * the end of probation and the day it was decided; striking off ends the membership. A
 * correction (s->supersedes) replaces one event: fields not given keep its values, and the
 * whole case must still hold. *event_id = the new event.
 */
enum ptdv_err app_candidate_advance(struct app *app, int64_t id, const struct app_step *s,
	int64_t *event_id, struct msgs *errs) PTDV_MUST_USE;

/*
 * Checks every event of case id as it would be checked if recorded now, in place, with the
 * facts of the database (the rules in force on each event's day): adds one message per
 * failure to out, prefixed by the event. PTDV_OK even when out gets messages.
 */
enum ptdv_err app_candidate_verify(
	struct app *app, int64_t id, struct msgs *out, struct msgs *errs) PTDV_MUST_USE;

/* A case as shown to a user. */
struct app_case {
	int64_t id;
	struct person person;
	struct org org;
	int64_t member_id;
	bool base_cell, under_sub;
	struct cand_event *ev; /* every event, corrections and corrected ones, pipeline order */
	size_t nev;
	date_t as_of;
	struct cand_state state; /* on as_of (points into ev) */
	enum cand_ev next[8];    /* what may come next, 0-terminated */
	enum cand_ev needs_for;  /* the main next step whose rules were tried on as_of, or 0 */
	struct msgs needs;       /* what it still lacks */
	bool has_due;
	struct cand_due due;
};

/* Finds a case by number or by the person's citizen ID. */
enum ptdv_err app_candidate_find(
	struct app *app, const char *key, int64_t *id, struct msgs *errs) PTDV_MUST_USE;
/* Loads case id as of a day. The caller frees with app_case_free. */
enum ptdv_err app_candidate_show(struct app *app, int64_t id, date_t as_of, struct app_case *out,
	struct msgs *errs) PTDV_MUST_USE;
void app_case_free(struct app_case *c);

struct app_case_row {
	int64_t id;
	char *name;
	char *org_code;
	struct cand_summary sum; /* on the list's day */
	bool has_due;
	struct cand_due due;
};

struct app_case_list {
	date_t as_of;
	struct app_case_row *v; /* by cell code, then name */
	size_t n;
};

/*
 * The cases of the subtree of org_code (NULL = the actor's whole scope) on as_of: the open
 * ones, or all that had started when all is set; stage > 0 keeps that stage only.
 */
enum ptdv_err app_candidate_list(struct app *app, const char *org_code, date_t as_of, bool all,
	enum cand_stage stage, struct app_case_list *out, struct msgs *errs) PTDV_MUST_USE;
void app_case_list_free(struct app_case_list *l);

/* The deadlines of the open cases of a subtree due within `within` days of as_of, or overdue. */
enum ptdv_err app_due(struct app *app, const char *org_code, date_t as_of, int within,
	struct due_report *out, struct msgs *errs) PTDV_MUST_USE;
/* Time in stage and conversion to admission for a subtree and the period [from, to]. */
enum ptdv_err app_report_pipeline(struct app *app, const char *org_code, date_t from, date_t to,
	struct pipeline_report *out, struct msgs *errs) PTDV_MUST_USE;

/* --- the holiday calendar --- */

/* Records a day off (DAY_OFF) or a working day (DAY_WORKING), replacing what was recorded. */
enum ptdv_err app_holiday_add(struct app *app, date_t day, enum day_kind kind, const char *name,
	struct msgs *errs) PTDV_MUST_USE;

struct app_holiday {
	date_t day;
	enum day_kind kind;
	char *name;
};
/* The recorded days in [from, to]; the caller frees with app_holidays_free. */
enum ptdv_err app_holiday_list(struct app *app, date_t from, date_t to, struct app_holiday **out,
	size_t *n, struct msgs *errs) PTDV_MUST_USE;
void app_holidays_free(struct app_holiday *v, size_t n);

#endif
