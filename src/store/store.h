/*
 * store.h — persistence of ptdv behind one interface.
 *
 * Only store/ speaks SQL. Each function runs one query (or a short fixed sequence) on the
 * connection of a struct store; callers group writes into one transaction with
 * store_begin/store_commit. Engines differ only inside store/db_<engine>.c.
 *
 * Subtrees are named by an org's materialized path ("/1/5/"): every org whose path starts
 * with it, the org itself included.
 */
#ifndef PTDV_STORE_STORE_H
#define PTDV_STORE_STORE_H

#include <stdbool.h>
#include <stdint.h>

#include "core/candidate.h"
#include "core/member.h"
#include "core/org.h"
#include "core/person.h"
#include "util/date.h"
#include "util/err.h"

struct store;

/*
 * Opens the database named by url (a SQLite file path, created when missing) and applies
 * any pending migrations. On failure returns PTDV_DB and sets *errmsg (caller frees).
 */
enum ptdv_err store_open(const char *url, struct store **out, char **errmsg) PTDV_MUST_USE;
/*
 * Opens a read-only copy of a database (a PostgreSQL streaming replica): no migration is
 * attempted; fails when the copy's schema is not the one this program knows.
 */
enum ptdv_err store_open_replica(const char *url, struct store **out, char **errmsg) PTDV_MUST_USE;
/* A connection that will serve request after request (the web server's): on SQLite a page
 * cache of 64 MB instead of the 2 MB a command's connection has (store.c). */
enum ptdv_err store_long_lived(struct store *st) PTDV_MUST_USE;
/* Closes; rolls back an open transaction. Accepts NULL. */
void store_close(struct store *st);
/*
 * Returns url fit for messages, logs and the audit (caller frees): a PostgreSQL URL's
 * password is replaced by "***".
 */
char *store_url_redact(const char *url);
/* True when url names a PostgreSQL database rather than a SQLite file. */
bool store_url_is_postgres(const char *url);
/* Applies pending migrations, each in its own transaction; *applied = how many. */
enum ptdv_err store_migrate(struct store *st, int *applied) PTDV_MUST_USE;
/* The newest migration applied to the database, and the newest this binary knows. */
enum ptdv_err store_schema_version(struct store *st, int *version) PTDV_MUST_USE;
int store_schema_latest(void);
/* The last database error, in English, for logs. */
const char *store_errmsg(struct store *st);

/* While flag is set (not NULL), work stops once *flag is non-zero: db_set_cancel. */
void store_set_cancel(struct store *st, volatile int *flag);

/* One write transaction (takes the write lock at once). */
enum ptdv_err store_begin(struct store *st) PTDV_MUST_USE;
/* One read snapshot, ended by store_rollback. */
enum ptdv_err store_begin_read(struct store *st) PTDV_MUST_USE;
enum ptdv_err store_commit(struct store *st) PTDV_MUST_USE;
void store_rollback(struct store *st);
/*
 * One read snapshot for several use cases (a page that shows two reads): until the
 * matching store_release_read, store_begin_read joins it instead of beginning one,
 * store_rollback leaves it open and store_revision reads the revision once. Holds nest.
 * No write may begin meanwhile; after a failed read the snapshot may refuse the reads
 * that follow it (PostgreSQL) until it is released. store_release_read accepts a store
 * whose hold failed.
 */
enum ptdv_err store_hold_read(struct store *st) PTDV_MUST_USE;
void store_release_read(struct store *st);

/*
 * Bulk loads: between store_bulk_begin and store_bulk_end, inside the open write
 * transaction, store_person_insert, store_member_insert, store_candidate_insert and
 * store_cand_events_insert keep their rows in batches written many to a statement, the
 * store giving the ids itself; the name words of the people inserted (person_word) are
 * written once by store_bulk_end. Rows not yet written are not seen by queries, except
 * that the lookups of a case's member (store_member_latest, store_member_fact_get,
 * store_candidate_of_member) write them first. store_rollback ends a bulk load too (the
 * transaction takes the dropped indexes and triggers back).
 *
 * STORE_BULK_PEOPLE (a members file into tables without people) also drops the indexes of
 * person, member, placement and person_word and the triggers of the day counters
 * (org_day); store_bulk_end rebuilds them from their definitions (sorting once instead of
 * inserting row by row) and writes the day counters anew; meanwhile the caller must
 * itself guarantee what the unique ones guarantee (citizen IDs, card numbers). The loads
 * of cases keep the triggers: the counters follow their rows.
 *
 * STORE_BULK_CASES (a candidates file large beside the people present) drops the indexes
 * that its rows would enter at random places (person's, the org of placement and of
 * candidate) and rebuilds them at the end; those that only grow at their end (or, as the
 * admission date of member, in a recent part) stay. Meanwhile store_person_by_citizen_id
 * and store_person_each_by_name_birth answer from keys of the people present before the
 * load, read once by store_bulk_begin (16 bytes a person; ids up to 2^32, above which the
 * load is STORE_BULK_ROWS); they do not see the people of the load, whose repeats the
 * caller finds itself.
 *
 * STORE_BULK_ROWS (a candidates file small beside the people present) only batches rows:
 * the indexes stay, lookups are queries, and they too do not see the people of the load.
 */
enum store_bulk_kind { STORE_BULK_PEOPLE, STORE_BULK_CASES, STORE_BULK_ROWS, STORE_BULK__MAX };

enum ptdv_err store_bulk_begin(struct store *st, enum store_bulk_kind kind) PTDV_MUST_USE;
enum ptdv_err store_bulk_end(struct store *st) PTDV_MUST_USE;

/* --- organisations --- */

/* Inserts o (parent_id 0 = a root); sets o->id and o->path. PTDV_CONFLICT on a taken code. */
enum ptdv_err store_org_insert(struct store *st, struct org *o) PTDV_MUST_USE;
/* Loads the org with this code into *out (caller clears). PTDV_NOTFOUND when none. */
enum ptdv_err store_org_by_code(struct store *st, const char *code, struct org *out) PTDV_MUST_USE;
enum ptdv_err store_org_by_id(struct store *st, int64_t id, struct org *out) PTDV_MUST_USE;
/* Calls fn for every org of the subtree at path (NULL = all) in path order (parents first). */
typedef enum ptdv_err (*store_org_fn)(void *arg, const struct org *o, const char *parent_code);
enum ptdv_err store_org_each(
	struct store *st, const char *path, store_org_fn fn, void *arg) PTDV_MUST_USE;
/*
 * The top of the subtree at path ("/" or NULL = every root), level by level: calls fn for
 * its root(s) (depth 0), then their subordinates (depth 1), and so on, at most limit orgs,
 * each level whole before the next one starts (the order within a level is unspecified).
 * With above_cells, cells and sub-committees are left out, and so is everything under them.
 * Reads each org by its parent (index org_parent), so the cost follows limit, not the size
 * of the subtree.
 */
typedef enum ptdv_err (*store_org_level_fn)(void *arg, const struct org *o, int depth);
enum ptdv_err store_org_top(struct store *st, const char *path, bool above_cells, int64_t limit,
	store_org_level_fn fn, void *arg) PTDV_MUST_USE;
/*
 * Loads into *out (caller clears) the first org of the subtree at path (NULL = all) in path
 * order: its root, or the first root of the database. PTDV_NOTFOUND when it has none.
 */
enum ptdv_err store_org_first(struct store *st, const char *path, struct org *out) PTDV_MUST_USE;
/* Calls fn for the direct subordinates of the org with this id, by code. */
enum ptdv_err store_org_children(
	struct store *st, int64_t parent_id, store_org_fn fn, void *arg) PTDV_MUST_USE;
/* Sets *n to the number of orgs of the subtree at path (NULL = all), the root included. */
enum ptdv_err store_org_count(struct store *st, const char *path, int64_t *n) PTDV_MUST_USE;
/*
 * Dissolves the subtree at path on day: every org of it not dissolved by then gets day as its
 * dissolution date.
 */
enum ptdv_err store_org_dissolve(struct store *st, const char *path, date_t day) PTDV_MUST_USE;
/* Records the member total of an org on a date (replacing one recorded for that date). */
enum ptdv_err store_org_total_set(
	struct store *st, int64_t org_id, date_t as_of, int64_t members) PTDV_MUST_USE;
/* The total recorded latest on or before d; *found false when none. */
enum ptdv_err store_org_total_get(
	struct store *st, int64_t org_id, date_t d, int64_t *members, bool *found) PTDV_MUST_USE;

/* --- people and members --- */

/*
 * Inserts p with its search and sort keys and its name words (person_word; during a bulk
 * load, at store_bulk_end); sets p->id. PTDV_CONFLICT on a taken citizen ID.
 */
enum ptdv_err store_person_insert(struct store *st, struct person *p) PTDV_MUST_USE;
/*
 * Writes person_word anew from every person's folded name: after a bulk load, and after a
 * copy whose rows rewrote names (ptdv anonymize). Cost: one pass over person.
 */
enum ptdv_err store_person_words_rebuild(struct store *st) PTDV_MUST_USE;
/*
 * Writes anew the stays of every person on its name words (019_word_stay.sql), from the
 * memberships and placements: after rows were copied that may leave out some of a person's
 * memberships (a subtree's copy). One pass over person_word.
 */
enum ptdv_err store_person_stays_rebuild(struct store *st) PTDV_MUST_USE;
/* Sets *id to the person with this citizen ID; PTDV_NOTFOUND when none. */
enum ptdv_err store_person_by_citizen_id(
	struct store *st, const char *cid, int64_t *id) PTDV_MUST_USE;
/*
 * Rewrites the fields of person p->id (with its search and sort keys and its name words).
 * PTDV_CONFLICT when its citizen ID belongs to another person.
 */
enum ptdv_err store_person_update(struct store *st, const struct person *p) PTDV_MUST_USE;
/*
 * Calls fn for every person whose folded name (vn_fold) is name_key and who was born on
 * birth, in id order. fn's texts are valid during the call only.
 */
typedef enum ptdv_err (*store_person_fn)(void *arg, int64_t id, const char *full_name,
	const char *citizen_id, const char *card_no, const char *org_code);
enum ptdv_err store_person_each_by_name_birth(struct store *st, const char *name_key, date_t birth,
	store_person_fn fn, void *arg) PTDV_MUST_USE;
/* Sets *id to the greatest id of a person, 0 when there is none. */
enum ptdv_err store_person_max_id(struct store *st, int64_t *id) PTDV_MUST_USE;
/* Sets *exists when a membership has this card number. */
enum ptdv_err store_member_card_exists(
	struct store *st, const char *card, bool *exists) PTDV_MUST_USE;
/*
 * Inserts m (person and org set) and its first placement, in m->org_id from the ceremony
 * date; sets m->id. PTDV_CONFLICT on a taken card number.
 */
enum ptdv_err store_member_insert(struct store *st, struct member *m) PTDV_MUST_USE;
/*
 * Loads the latest membership (by ceremony date) of person_id into *out (caller clears),
 * with the org of its latest placement and the day that placement started. PTDV_NOTFOUND
 * when the person has no membership.
 */
enum ptdv_err store_member_latest(struct store *st, int64_t person_id, struct member *out,
	int64_t *org_id, date_t *placed_on) PTDV_MUST_USE;
/* Sets *person_id to the person of the membership with this card number; PTDV_NOTFOUND. */
enum ptdv_err store_member_by_card(
	struct store *st, const char *card, int64_t *person_id) PTDV_MUST_USE;
/*
 * Rewrites the dates, card number and exit of membership m->id (not its org or person);
 * its first placement then starts on the ceremony date (the caller keeps that before any
 * later placement). PTDV_CONFLICT when the card number belongs to another membership.
 */
enum ptdv_err store_member_update(struct store *st, const struct member *m) PTDV_MUST_USE;
/* Moves a member: ends the open placement on day and opens one in org_id from it. */
enum ptdv_err store_member_transfer(
	struct store *st, int64_t member_id, int64_t org_id, date_t day) PTDV_MUST_USE;
/*
 * Calls fn for every membership placed (now, in its latest placement) in the subtree at
 * path (NULL = all), ordered by org code then Vietnamese name order. m->org_id is the
 * admitting org, admit_code its code; org_code is the org of the latest placement and
 * placed_on the day it started (the ceremony date for a member never moved).
 */
typedef enum ptdv_err (*store_member_fn)(void *arg, const struct person *p, const struct member *m,
	const char *org_code, const char *admit_code, date_t placed_on);
enum ptdv_err store_member_each(
	struct store *st, const char *path, store_member_fn fn, void *arg) PTDV_MUST_USE;

/* --- terms --- */

/* Inserts t; sets t->id. PTDV_CONFLICT when the org has a term starting that day. */
enum ptdv_err store_term_insert(struct store *st, struct term *t) PTDV_MUST_USE;
/* Loads the org's latest term started on or before d. PTDV_NOTFOUND when none. */
enum ptdv_err store_term_at(
	struct store *st, int64_t org_id, date_t d, struct term *out) PTDV_MUST_USE;

/* --- targets --- */

/* The targets of an org for a year; -1 for each one not recorded (and when no row). */
struct store_target {
	int64_t registered, assigned, women;
};
enum ptdv_err store_target_get(
	struct store *st, int64_t org_id, int year, struct store_target *out) PTDV_MUST_USE;
/*
 * Calls fn for the targets of the orgs of the subtree at path for year (0 = every year), by
 * org code then year, with the admissions counted in the org's subtree that year.
 */
struct store_target_row {
	const char *org_code, *org_name;
	int kind;
	int year;
	struct store_target t;
	int64_t admitted, admitted_women;
};
typedef enum ptdv_err (*store_target_fn)(void *arg, const struct store_target_row *r);
enum ptdv_err store_target_each(
	struct store *st, const char *path, int year, store_target_fn fn, void *arg) PTDV_MUST_USE;
/* Sets the targets of an org for a year (replacing them); a negative value stores "not set". */
enum ptdv_err store_target_set(struct store *st, int64_t org_id, int year, int64_t registered,
	int64_t assigned, int64_t women) PTDV_MUST_USE;

/* --- referral targets of the mass organisations --- */

/*
 * Sets (replaces) the referral target of source (SRC_YOUTH..SRC_FRONT) at an org for a
 * year. PTDV_DB on failure (a source out of range violates the table's check).
 */
enum ptdv_err store_referral_target_set(
	struct store *st, int64_t org_id, int year, int source, int64_t target) PTDV_MUST_USE;
/* The referral target of source at an org for a year; -1 when none is recorded. */
enum ptdv_err store_referral_target_get(
	struct store *st, int64_t org_id, int year, int source, int64_t *out) PTDV_MUST_USE;
/*
 * The referral targets of the orgs of the subtree at path for year, summed per source:
 * out[s] indexed by enum cand_source, -1 for a source with no target recorded anywhere in
 * the subtree (always for SRC_CELL). One query.
 */
enum ptdv_err store_referral_target_sum(
	struct store *st, const char *path, int year, int64_t out[SRC__MAX]) PTDV_MUST_USE;
/* One recorded referral target, for listing. */
struct store_referral_target_row {
	const char *org_code, *org_name;
	int year, source;
	int64_t target;
};
typedef enum ptdv_err (*store_referral_target_fn)(
	void *arg, const struct store_referral_target_row *r);
/* Calls fn for each referral target of the subtree at path for year (0 = every year), by
 * org code, year and source. */
enum ptdv_err store_referral_target_each(struct store *st, const char *path, int year,
	store_referral_target_fn fn, void *arg) PTDV_MUST_USE;

/* --- counts for reports (counting rules: README "Counting rules") --- */

/* Base orgs of the subtree alive on d, by kind. */
enum ptdv_err store_count_base_orgs(struct store *st, const char *path, date_t d,
	int64_t *committees, int64_t *cells) PTDV_MUST_USE;

struct store_member_counts {
	int64_t total, official, women;
};
/* Members placed in the subtree on d (from the orgs' day counters, org_day). */
enum ptdv_err store_count_members(struct store *st, const char *path, date_t d,
	struct store_member_counts *out) PTDV_MUST_USE;

/*
 * Calls fn(arg, day, admitted, women) for every day in [from, to] on which members of the
 * subtree were admitted (admitted_on), in day order.
 */
typedef void (*store_day_count_fn)(void *arg, date_t day, int64_t admitted, int64_t women);
enum ptdv_err store_admissions_by_day(struct store *st, const char *path, date_t from, date_t to,
	store_day_count_fn fn, void *arg) PTDV_MUST_USE;

/* An admission as the reports break it down; strings valid during the callback only. */
struct store_admission {
	const char *org_code;   /* the org the member was placed in at the ceremony */
	date_t day;             /* admitted_on: the decision date, else the ceremony date */
	const struct person *p; /* the person's attributes (no name, no citizen ID) */
};
/*
 * Calls fn for every member of the subtree at path admitted (admitted_on) in [from, to],
 * in no particular order. One query.
 */
typedef enum ptdv_err (*store_admission_fn)(void *arg, const struct store_admission *a);
enum ptdv_err store_admission_each(struct store *st, const char *path, date_t from, date_t to,
	store_admission_fn fn, void *arg) PTDV_MUST_USE;

/* --- audit --- */

/*
 * Appends an audit event; before/after are JSON texts or NULL; scope is the actor's org
 * path (NULL: the whole database). store_audit_add is store_audit_add_in without scope.
 */
enum ptdv_err store_audit_add_in(struct store *st, const char *scope, const char *actor,
	const char *action, const char *entity, const char *key, const char *before,
	const char *after) PTDV_MUST_USE;
enum ptdv_err store_audit_add(struct store *st, const char *actor, const char *action,
	const char *entity, const char *key, const char *before, const char *after) PTDV_MUST_USE;
/*
 * The database revision: the id of the newest audit event, its high bits mixed with a hash
 * of the database's URL so that two databases open in one process (ptdv copy, tests) never
 * give the same value. Every write appends an audit event in its transaction, so the
 * revision changes exactly when data may have changed (app/cache.h). Compare for equality
 * only.
 */
enum ptdv_err store_revision(struct store *st, int64_t *rev) PTDV_MUST_USE;
struct store_audit_event {
	int64_t id, at;
	const char *actor, *action, *entity, *key, *before, *after;
};
/*
 * Calls fn for audit events newest first: ids below before_id (0 = from the newest), at
 * most limit of them, and only those whose scope lies within scope_path ("/" = all).
 */
typedef enum ptdv_err (*store_audit_fn)(void *arg, const struct store_audit_event *e);
enum ptdv_err store_audit_each(struct store *st, const char *scope_path, int64_t before_id,
	int limit, store_audit_fn fn, void *arg) PTDV_MUST_USE;
/* Number of audit events (for tests and `ptdv check`). */
enum ptdv_err store_audit_count(struct store *st, int64_t *n) PTDV_MUST_USE;

#endif
