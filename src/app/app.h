/*
 * app.h — the use cases of ptdv. Adapters (cli/, web/) call these and nothing below them.
 *
 * Each write use case runs in one transaction and appends an audit event naming the
 * actor. Every read and write is scoped to the actor's organisation subtree: an org
 * outside it is answered as not found. Problems a user must fix are added to a struct
 * msgs in Vietnamese; the return code says which kind of failure it was.
 */
#ifndef PTDV_APP_APP_H
#define PTDV_APP_APP_H

#include <stdbool.h>
#include <stdint.h>

#include "core/org.h"
#include "util/date.h"
#include "util/err.h"
#include "util/msgs.h"

struct store;

/*
 * How a caller presents a cached result, built once per cached value and then shared by
 * every reader of it: build makes the presentation from the result (with one reference,
 * the cache's; the result's type is the one the use case documents), hold takes a
 * reference for a reader, drop lets one go. The presentation must not change after build.
 */
struct app_view {
	void *(*build)(const void *result);
	void *(*hold)(void *view);
	void (*drop)(void *view);
};

struct app {
	struct store *st;
	struct store *rst; /* where reports read: st, or a replica (app_attach_replica) */
	char *actor;       /* who acts: "cli:root", a user's login */
	char *scope_path;  /* subtree the actor may see; "/" = everything */
	char *scope_code;  /* the code of the org at scope_path; NULL when none (everything) */
	int role;          /* enum role of core/user.h; the command line acts as ROLE_ADMIN */
	int64_t user_id;   /* 0 for the command line */
	int source;        /* a liaison's mass organisation (enum cand_source): it sees and adds
			      only cases referred by it; 0 for every other role */
	date_t today;
	volatile int *cancel; /* when set non-zero (by a signal handler), long work stops */
};

/*
 * Opens the database at url (migrating it) for actor with the whole database in scope.
 * On failure adds a Vietnamese message to errs and returns PTDV_DB.
 */
enum ptdv_err app_open(
	const char *url, const char *actor, struct app **out, struct msgs *errs) PTDV_MUST_USE;
/*
 * Opens another connection to the database at url acting exactly as `like` does: the same
 * actor, scope, role, user and today (a background job started by a request). Not cancelled
 * unless the caller sets cancel.
 */
enum ptdv_err app_open_like(
	const char *url, const struct app *like, struct app **out, struct msgs *errs) PTDV_MUST_USE;
/*
 * Makes the reports read from the read-only replica at url (a PostgreSQL standby) instead
 * of the primary: sessions, scope and writes stay on the primary. A report may then lag
 * the primary by the replication delay.
 */
enum ptdv_err app_attach_replica(struct app *app, const char *url, struct msgs *errs) PTDV_MUST_USE;
/*
 * One read snapshot for the read-only use cases a page calls one after the other (the
 * dashboard: its summary and its org picker), on the database and the report database,
 * until app_read_release: each would otherwise begin and end its own. Nothing may be
 * written meanwhile. When it cannot be held, each use case reads in its own snapshot as
 * without it (their errors say why); app_read_release is then a no-op.
 */
void app_read_hold(struct app *app);
void app_read_release(struct app *app);
/* Closes. Accepts NULL. */
void app_close(struct app *app);
/* The app of a server's thread, which serves request after request: its connections keep
 * more pages (store_long_lived). */
enum ptdv_err app_long_lived(struct app *app) PTDV_MUST_USE;
/* Restricts the actor to the subtree of org code (which must be in the current scope). */
enum ptdv_err app_set_scope(struct app *app, const char *code, struct msgs *errs) PTDV_MUST_USE;

/*
 * Looks up an org by code within the actor's scope; adds "không tìm thấy tổ chức" to errs
 * (field `field`) and returns PTDV_NOTFOUND for an unknown or out-of-scope code.
 */
enum ptdv_err app_org_get(struct app *app, const char *code, const char *field, struct org *out,
	struct msgs *errs) PTDV_MUST_USE;

/* --- import and export (app_import.c, app_export.c) --- */

enum app_entity { APP_ORGS, APP_MEMBERS, APP_CANDIDATES, APP_TARGETS, APP_ENTITY__MAX };
/* Parses "orgs" / "members" / "candidates" / "targets"; PTDV_INVALID otherwise. */
enum ptdv_err app_entity_parse(const char *s, enum app_entity *out) PTDV_MUST_USE;

struct app_import_result {
	int64_t rows; /* data rows read */
	/*
	 * What the rows without a problem do: add a record, change an existing one (a person
	 * matched by citizen ID or card number, a target), or leave it as it is. Counted also
	 * when the file is rejected or in a dry run, where nothing is written.
	 */
	int64_t added, changed, unchanged;
	int64_t rejected; /* rows with at least one problem */
	int64_t warnings; /* possible duplicates reported; they do not reject the file */
	bool written;     /* the transaction was committed */
	double seconds;
	char ignored[512]; /* header columns that were not used, quoted, comma-separated */
};

/*
 * Imports the CSV file at path into the entity's tables in one transaction. Any bad row
 * rejects the whole file: every problem is added to errs as (line, column, message) and
 * nothing is written (PTDV_INVALID). Shows progress on a terminal when progress is true.
 */
enum ptdv_err app_import(struct app *app, enum app_entity entity, const char *path, bool progress,
	struct app_import_result *res, struct msgs *errs) PTDV_MUST_USE;

/* Whether the actor may import files at all (administrators and committee staff). */
bool app_can_import(const struct app *app);

/* Options of an import; zero values are the defaults. */
struct app_import_options {
	const char *sheet; /* .xlsx: the sheet to read (NULL = the first) */
	long header_row;   /* the header's row number (rows above are skipped); 0 = the first */
	/*
	 * Validate and report only: the import runs as it would, in its transaction, which is
	 * then rolled back (so the database's own checks run too); nothing is written or
	 * audited. The result counts what would be added, changed and rejected.
	 */
	bool dry_run;
	/*
	 * When not NULL, each row that changes an existing record adds a message (line, no
	 * column): who it is and every changed column as "X: 'old' → 'new'".
	 */
	struct msgs *changes;
	/*
	 * When not NULL, each possible duplicate adds a message naming both rows, or the row
	 * and the database record: the same folded name and birth date with different or
	 * missing citizen IDs. A warning only: such rows are imported as separate people.
	 */
	struct msgs *warnings;
	/*
	 * When not NULL, called now and then (every 1,024 rows) with the bytes read, the
	 * file's size and the rows read: the web import's progress bar.
	 */
	void (*on_progress)(void *arg, int64_t done, int64_t total, int64_t rows);
	void *progress_arg;
};
/*
 * app_import with options (opt may be NULL). The format is the file's extension: .xlsx or
 * CSV. Members: a row whose citizen ID (or else card number) is in the database updates
 * that member with the row's non-empty cells (an empty cell never overwrites), audited
 * with the changed columns before and after; a row naming another cell than the member's
 * present one moves the member on 'Ngày chuyển đến'. When app->cancel is set the import
 * stops, rolls back and returns PTDV_CANCELLED.
 */
enum ptdv_err app_import_opts(struct app *app, enum app_entity entity, const char *path,
	const struct app_import_options *opt, bool progress, struct app_import_result *res,
	struct msgs *errs) PTDV_MUST_USE;

/*
 * Exports the entity, within the actor's scope, to the CSV file at path in the interchange
 * format (importable as it is). *rows = data rows written. Audited.
 */
enum ptdv_err app_export(struct app *app, enum app_entity entity, const char *path, bool progress,
	int64_t *rows, struct msgs *errs) PTDV_MUST_USE;

/*
 * Writes an Excel template of the entity's interchange file to path (.xlsx): the header
 * row (bold, frozen, filter), column widths and formats (text for codes and IDs, so
 * leading zeros stay; dd/mm/yyyy dates), drop-down lists on the enumerated columns (Loại,
 * Giới tính, Đoàn viên, Nhóm nghề nghiệp, Trình độ học vấn, Nguồn giới thiệu; long ones on
 * a hidden sheet "Danh mục") and one example row. Its creation time is `today`. Touches no
 * database. PTDV_IO or PTDV_INVALID with a message on failure.
 */
enum ptdv_err app_template(
	enum app_entity entity, const char *path, date_t today, struct msgs *errs) PTDV_MUST_USE;

/* --- organisations and terms (app_org.c) --- */

enum ptdv_err app_term_add(struct app *app, const char *org_code, const char *name, date_t start,
	date_t end, int64_t target, struct msgs *errs) PTDV_MUST_USE;
enum ptdv_err app_org_set_total(struct app *app, const char *org_code, date_t as_of,
	int64_t members, struct msgs *errs) PTDV_MUST_USE;

/*
 * Dissolves an org (in scope) and what is still alive under it on day; committee staff and
 * administrators only. Members still placed in the subtree on day are refused (move them
 * first with app_member_transfer). Audited.
 */
enum ptdv_err app_org_dissolve(
	struct app *app, const char *org_code, date_t day, struct msgs *errs) PTDV_MUST_USE;
/*
 * Moves a member (card number or citizen ID, placed in scope on day) to the cell org_code
 * (chi bộ, in scope, alive on day) from day; committee staff and administrators only.
 * Audited with the org before and after.
 */
enum ptdv_err app_member_transfer(struct app *app, const char *member, const char *org_code,
	date_t day, struct msgs *errs) PTDV_MUST_USE;

/* --- targets (app_org.c) --- */

/*
 * Sets the targets of an org (in scope) for a year; a negative value leaves that target as
 * it is. The registered target may be set by anyone who records data; the assigned one only
 * by committee staff and administrators. Audited with before and after.
 */
enum ptdv_err app_target_set(struct app *app, const char *org_code, int year, int64_t registered,
	int64_t assigned, int64_t women, struct msgs *errs) PTDV_MUST_USE;
struct store_target_row;
/* Calls fn for the targets of the subtree of org_code (NULL = scope) for year (0 = all). */
enum ptdv_err app_target_list(struct app *app, const char *org_code, int year,
	enum ptdv_err (*fn)(void *arg, const struct store_target_row *r), void *arg,
	struct msgs *errs) PTDV_MUST_USE;
/*
 * Sets the referral target of a mass organisation (source, an enum cand_source from
 * SRC_YOUTH to SRC_FRONT; not SRC_CELL) at an org in scope for a year: how many
 * outstanding members it should refer to the party that year. Committee staff and
 * administrators only (PTDV_DENIED otherwise); PTDV_INVALID for a year outside 1930–2100, a
 * source that is not a mass organisation or a negative target, with a message on the
 * field. Audited ("referral_target.set", key CODE/YEAR/source word) with before and after.
 */
enum ptdv_err app_referral_target_set(struct app *app, const char *org_code, int year, int source,
	int64_t target, struct msgs *errs) PTDV_MUST_USE;
struct store_referral_target_row;
/* Calls fn for the referral targets of the subtree of org_code (NULL = scope) for year
 * (0 = all), by org code, year and source. */
enum ptdv_err app_referral_target_list(struct app *app, const char *org_code, int year,
	enum ptdv_err (*fn)(void *arg, const struct store_referral_target_row *r), void *arg,
	struct msgs *errs) PTDV_MUST_USE;

/* --- reports (app_report.c) --- */

struct summary;
/*
 * Computes the summary report of the subtree of org_code as of a date, from one
 * consistent snapshot. The caller frees *out with report_summary_free().
 */
enum ptdv_err app_report_summary(struct app *app, const char *org_code, date_t as_of,
	struct summary *out, struct msgs *errs) PTDV_MUST_USE;
/*
 * As app_report_summary, but gives *view, a reference to the presentation vt built from the
 * cached summary (vt->build receives a const struct summary *) and shared with every
 * reader of the same summary; the caller drops it with vt->drop. *view is NULL on error.
 */
enum ptdv_err app_report_summary_view(struct app *app, const char *org_code, date_t as_of,
	const struct app_view *vt, void **view, struct msgs *errs) PTDV_MUST_USE;

struct report;
struct report_params;
struct report_info;
/*
 * Builds report `name` (report/reports.h: summary, progress, yoy, breakdown, pipeline, due,
 * referrals, forecast) for the subtree of org_code (NULL = the actor's scope) as of as_of
 * (DATE_NONE = today), from one consistent snapshot. p may be NULL (defaults). *out is
 * always initialised; the caller frees it with report_free. PTDV_NOTFOUND for an unknown
 * report or org, PTDV_INVALID for parameters that do not fit, each with a Vietnamese
 * message naming the option; PTDV_DB. For a liaison the due report, which names people,
 * lists only its own referrals; the others hold figures only and stay whole for its subtree.
 */
enum ptdv_err app_report(struct app *app, const char *name, const char *org_code, date_t as_of,
	const struct report_params *p, struct report *out, struct msgs *errs) PTDV_MUST_USE;
/*
 * Records that the actor took report `name` of org_code as of as_of away as a file in
 * `format` ("csv", "xlsx", "pdf"...): the audit event "report.download", key "NAME/ORG",
 * with {report, org, as_of, format}, in a transaction of its own. Call it before the file
 * is handed over; on failure (PTDV_DB, with a message) the file must not be.
 */
enum ptdv_err app_report_audit_download(struct app *app, const char *name, const char *org_code,
	date_t as_of, const char *format, struct msgs *errs) PTDV_MUST_USE;
/* Every report with its Vietnamese title and description; *n = how many. Can't fail. */
const struct report_info *app_report_list(size_t *n);

/* --- the demo city (app_demo.c) --- */

struct app_demo_result {
	char city_code[32];
	int64_t orgs, members;
};
/*
 * Fills an empty database with the demo city's synthetic history up to `until`,
 * deterministic for a given date (see README "Demo data"). PTDV_CONFLICT (with a message)
 * when the database already holds organisations.
 */
enum ptdv_err app_demo(struct app *app, date_t until, struct app_demo_result *res,
	struct msgs *errs) PTDV_MUST_USE;

/* --- copying a database (app_copy.c) --- */

struct app_copy_result {
	int64_t tables, rows;
	double seconds;
};
/*
 * Copies the database at from_url into the one at to_url, either engine on either side:
 * everything, or with org_code the org's subtree and what it refers to (the rules are in
 * store/store_copy.c). The destination must be empty: no write ever made there through
 * ptdv (tables its migrations filled are replaced). One snapshot of the source, one
 * transaction in the destination: any error, or *cancel set (cancel may be NULL), leaves
 * the destination unchanged. Audited in both as actor. Problems go to errs in Vietnamese.
 */
enum ptdv_err app_copy(const char *from_url, const char *to_url, const char *org_code,
	const char *actor, volatile int *cancel, bool progress, struct app_copy_result *res,
	struct msgs *errs) PTDV_MUST_USE;

/* --- an anonymized copy (app_anonymize.c) --- */

struct app_anonymize_result {
	int64_t tables, rows, people;
	double seconds;
};
/*
 * Copies the whole database at from_url into the empty one at to_url (either engine) like
 * app_copy, with people's names, citizen IDs, birth dates, card numbers and the accounts'
 * logins and names replaced consistently, audit before/after dropped, sessions and tokens
 * left out (what is replaced and how: app_anonymize.c). All or nothing, as app_copy.
 */
enum ptdv_err app_anonymize(const char *from_url, const char *to_url, const char *actor,
	volatile int *cancel, bool progress, struct app_anonymize_result *res,
	struct msgs *errs) PTDV_MUST_USE;

#endif
