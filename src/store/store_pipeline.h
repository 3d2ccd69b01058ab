/*
 * store_pipeline.h — persistence of the admission pipeline: cases (candidate), their
 * events (candidate_event), the holiday calendar, and the member facts the pipeline's
 * rules read (official dates, placements, counts of official members in a cell).
 *
 * A case row carries the summary of its events (core/candidate.h struct cand_summary);
 * app/ rewrites it with store_candidate_update whenever it adds an event, in the same
 * transaction. Events are only ever inserted.
 */
#ifndef PTDV_STORE_STORE_PIPELINE_H
#define PTDV_STORE_STORE_PIPELINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/calendar.h"
#include "core/candidate.h"
#include "core/member.h"
#include "core/org.h"
#include "core/person.h"
#include "util/date.h"
#include "util/err.h"

struct store;

/* --- holidays --- */

/* Records the kind of a day (replacing what was recorded for it). */
enum ptdv_err store_holiday_set(
	struct store *st, date_t day, enum day_kind kind, const char *name) PTDV_MUST_USE;
/* Calls fn for every recorded day in [from, to], in order. */
typedef enum ptdv_err (*store_holiday_fn)(
	void *arg, date_t day, enum day_kind kind, const char *name);
enum ptdv_err store_holiday_each(
	struct store *st, date_t from, date_t to, store_holiday_fn fn, void *arg) PTDV_MUST_USE;
/* Adds every recorded day to cal. */
enum ptdv_err store_calendar_load(struct store *st, struct calendar *cal) PTDV_MUST_USE;
/*
 * Sets *rev to the holiday calendar's revision: a number that moves whenever a recorded day
 * is written (026_holiday_rev.sql), and that no other database's calendar has.
 */
enum ptdv_err store_holiday_rev(struct store *st, int64_t *rev) PTDV_MUST_USE;

/* --- cases and events --- */

struct store_candidate {
	int64_t id;
	int64_t person_id;
	int64_t org_id;
	int64_t member_id; /* 0 before the ceremony */
	struct cand_summary sum;
};

/*
 * Inserts c (its summary must have a source date); sets c->id. During a bulk load the row
 * waits in a batch (store_bulk_begin).
 */
enum ptdv_err store_candidate_insert(struct store *st, struct store_candidate *c) PTDV_MUST_USE;
/* Rewrites the member and summary of case c->id. */
enum ptdv_err store_candidate_update(
	struct store *st, const struct store_candidate *c) PTDV_MUST_USE;
/* Loads case id. PTDV_NOTFOUND when none. */
enum ptdv_err store_candidate_get(
	struct store *st, int64_t id, struct store_candidate *out) PTDV_MUST_USE;
/*
 * Loads case id with its org (strings owned: core_org_clear), the kind of the org's
 * superior (0 when it has none), its person (core_person_clear) and the holiday calendar's
 * revision (store_holiday_rev) in one read. PTDV_NOTFOUND when none.
 */
enum ptdv_err store_candidate_get_in(struct store *st, int64_t id, struct store_candidate *out,
	struct org *org, enum org_kind *parent_kind, struct person *person,
	int64_t *holiday_rev) PTDV_MUST_USE;
/* Sets *id to an open case of the person, or 0 when none. */
enum ptdv_err store_candidate_open_of(
	struct store *st, int64_t person_id, int64_t *id) PTDV_MUST_USE;
/* Sets *id to the latest case linked to membership member_id, or 0 when none. */
enum ptdv_err store_candidate_of_member(
	struct store *st, int64_t member_id, int64_t *id) PTDV_MUST_USE;
/* Sets *id to the latest case of the person with this citizen ID; PTDV_NOTFOUND when none. */
enum ptdv_err store_candidate_by_citizen_id(
	struct store *st, const char *cid, int64_t *id) PTDV_MUST_USE;

/*
 * Inserts event e (its candidate_id, kind, dates and facts set; the facts without a column
 * go to the JSON data); sets e->id. PTDV_CONFLICT when e->supersedes is superseded already.
 */
enum ptdv_err store_cand_event_insert(struct store *st, struct cand_event *e) PTDV_MUST_USE;
/*
 * Inserts n events at once (a few multi-row statements; their ids are not read back), for
 * writing whole cases (importers, the demo).
 */
enum ptdv_err store_cand_events_insert(
	struct store *st, const struct cand_event *ev, size_t n) PTDV_MUST_USE;
/*
 * Sets the recognition day of every member whose case ended in recognition to the day it
 * was decided (one statement, for the demo, which writes members itself).
 */
enum ptdv_err store_member_recognition_from_cases(struct store *st) PTDV_MUST_USE;
/*
 * Loads every event of case id, superseded ones flagged, in pipeline order
 * (core_candidate_sort). The caller frees with store_cand_events_free.
 */
enum ptdv_err store_cand_events(
	struct store *st, int64_t id, struct cand_event **out, size_t *n) PTDV_MUST_USE;
void store_cand_events_free(struct cand_event *ev, size_t n);

/* A case as lists and reports see it; strings valid during the callback only. */
struct store_case_row {
	int64_t id;
	const char *name;     /* the person's full name */
	const char *org_code; /* the case's cell */
	enum org_kind org_kind;
	const struct cand_summary *sum;
	enum cand_source source; /* who referred the person (the source event in force) */
};
typedef enum ptdv_err (*store_case_fn)(void *arg, const struct store_case_row *r);
/*
 * Calls fn for every case of the subtree at path with a source date on or before as_of and,
 * when open_only, not closed on as_of; in no particular order. One query.
 */
enum ptdv_err store_case_each(struct store *st, const char *path, date_t as_of, bool open_only,
	store_case_fn fn, void *arg) PTDV_MUST_USE;

/*
 * Calls fn for the cases of the subtree at path open on as_of that core_candidate_due may
 * give a deadline on or before due_by, and a few more (fn decides): those whose lower bound
 * of the deadline (core_candidate_due_floor, kept beside the summary) is on or before
 * due_by, and those whose summary holds a date after as_of (on as_of it was another
 * summary, bounded by nothing kept). When source is not 0, only the cases referred by it.
 * In no particular order; one query, each branch read by its index.
 */
enum ptdv_err store_case_each_due(struct store *st, const char *path, date_t as_of, date_t due_by,
	int source, store_case_fn fn, void *arg) PTDV_MUST_USE;
/*
 * Sets *n to the number of cases of the subtree at path open on as_of (source date on or
 * before it, not closed on it); when source is not 0, of those referred by it.
 */
enum ptdv_err store_case_count_open(
	struct store *st, const char *path, date_t as_of, int source, int64_t *n) PTDV_MUST_USE;

/* A case as the interchange file carries it; texts valid during the callback only. */
struct store_case_export {
	int64_t id;
	const struct person *person;
	const char *org_code; /* the case's cell */
	enum org_kind org_kind;
	enum cand_source source; /* the source event in force */
	const struct cand_summary *sum;
	const char *close_text; /* the text of the leave or strike-off in force, or NULL */
};
typedef enum ptdv_err (*store_case_export_fn)(void *arg, const struct store_case_export *r);
/*
 * Calls fn for every case whose cell is in the subtree at path, whatever its state or
 * dates, ordered by the cell's code, the source date, the person's sort key and the case
 * id: an order given by the data, so cases imported in that order export in it again. One
 * query; fn's error stops the walk and is returned.
 */
enum ptdv_err store_case_each_export(
	struct store *st, const char *path, store_case_export_fn fn, void *arg) PTDV_MUST_USE;

/* --- people and members, as the pipeline reads them --- */

/* (People are loaded with store_person_get of store/store_search.h.) */

/* A membership with what the rules read about it on a day. */
struct store_member_fact {
	int64_t id;
	int64_t person_id;
	char *name; /* the person's full name */
	char *card; /* NULL when none */
	date_t ceremony, official, recognized, exit;
	char *exit_reason;
	int64_t org_id;      /* placed in on the day asked; 0 when not placed then */
	date_t placed_since; /* start of that placement */
};
void store_member_fact_clear(struct store_member_fact *f);
/*
 * Finds a membership by card number, or else the latest membership of the person with
 * this citizen ID. PTDV_NOTFOUND when neither matches.
 */
enum ptdv_err store_member_find(struct store *st, const char *key, int64_t *id) PTDV_MUST_USE;
/* The latest membership of a person; *id = 0 when none. */
enum ptdv_err store_member_of_person(
	struct store *st, int64_t person_id, int64_t *id) PTDV_MUST_USE;
/* Loads membership id with its placement on day (caller clears). PTDV_NOTFOUND when none. */
enum ptdv_err store_member_fact_get(
	struct store *st, int64_t id, date_t day, struct store_member_fact *out) PTDV_MUST_USE;
/*
 * Official members placed in org on day (counting rules of the README: active, official
 * date and recognition on or before day).
 */
enum ptdv_err store_count_official_in(
	struct store *st, int64_t org_id, date_t day, int64_t *n) PTDV_MUST_USE;
/*
 * Rewrites the dates of membership m->id from the pipeline: decision, ceremony (and the
 * start of its first placement), official date, recognition day, exit and its reason.
 */
enum ptdv_err store_member_set_dates(
	struct store *st, const struct member *m, date_t recognized) PTDV_MUST_USE;

/* Sets the day the recognition of membership id was decided (DATE_NONE: none). */
enum ptdv_err store_member_set_recognized(
	struct store *st, int64_t id, date_t recognized) PTDV_MUST_USE;

#endif
