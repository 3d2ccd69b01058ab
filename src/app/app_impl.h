/* app_impl.h — helpers shared by the app/ files (app/ internal). */
#ifndef PTDV_APP_APP_IMPL_H
#define PTDV_APP_APP_IMPL_H

#include <jansson.h>

#include "app/app.h"

/* Appends an audit event for the actor; before/after may be NULL (not stolen). */
enum ptdv_err app__audit(struct app *app, const char *action, const char *entity, const char *key,
	json_t *before, json_t *after) PTDV_MUST_USE;
/*
 * Calls fn for every org of the subtree at path in tree order (parents first, siblings by
 * code); depth 0 for the orgs whose parent is outside the subtree. Reads inside the
 * caller's transaction, if any.
 */
typedef enum ptdv_err (*app__tree_fn)(
	void *arg, const struct org *o, const char *parent_code, int depth);
enum ptdv_err app__org_tree(
	struct app *app, const char *path, app__tree_fn fn, void *arg) PTDV_MUST_USE;
/*
 * Calls fn for the n orgs of v in tree order (as app__org_tree): depth 0 for those whose
 * parent is not among them, parent_code NULL for them. v is only read. Returns fn's first
 * error, else PTDV_OK.
 */
enum ptdv_err app__org_walk(
	const struct org *v, size_t n, app__tree_fn fn, void *arg) PTDV_MUST_USE;

/*
 * A whole case written at once, by the candidate importer and the demo: its events are
 * inserted as they are (dated history; no rule is checked) with its summary, and when it
 * reached the ceremony and *member_id is 0 the membership is created with the case's dates
 * (*member_id set); a member the caller gives is the caller's to keep in line. Events
 * without recorded_by/recorded_at get the actor (not copied) and now. Inside the caller's
 * transaction; sets *id. The events' own ids are not read back.
 */
struct cand_event;
enum ptdv_err app__case_insert(struct app *app, int64_t person_id, int64_t org_id,
	int64_t *member_id, struct cand_event *ev, size_t n, int64_t *id) PTDV_MUST_USE;

/*
 * Ends a use case's write transaction: commits when err is PTDV_OK; otherwise, or when
 * the commit fails, adds the database error to errs and rolls back. Returns the outcome.
 */
enum ptdv_err app__end(struct app *app, enum ptdv_err err, struct msgs *errs) PTDV_MUST_USE;

/* Whether the org at path is in the actor's scope. */
bool app__in_scope(const struct app *app, const char *path);
/* Adds app_org_get's message for an org not found (or outside the scope) to errs. */
void app__org_not_found(struct msgs *errs, const char *field, const char *code);

/* Adds "lỗi cơ sở dữ liệu: ..." with the store's last error to errs. */
void app__db_error(struct app *app, struct msgs *errs);

/*
 * Sets *cal to st's holiday calendar at holiday revision *rev (store_holiday_rev; NULL:
 * read it here), ready to count with and shared read-only by the process's use cases:
 * kept per revision, read only when the revision has moved. Call it inside a read
 * snapshot or a transaction (the revision and the rows must be one database's). *held
 * keeps the calendar until app_cache_release(*held).
 */
struct cache_entry;
struct calendar;
enum ptdv_err app__calendar(struct store *st, const int64_t *rev, const struct cache_entry **held,
	struct calendar **cal) PTDV_MUST_USE;

/*
 * What a copy that rewrites rows (ptdv anonymize, app_anonymize.c) adds to app_copy's
 * machinery. start runs once, under the source's read snapshot, before any row is copied
 * (st is the source, for a pre-pass over its tables). row sees every row of every table,
 * values in the order of cols, and may change them in place (text it points to must stay
 * valid until its next call) or set *keep to false to leave the row out. Audited as
 * audit_in in the destination and audit_out in the source.
 */
struct store;
struct store_names;
struct store_value;
struct app__copy_hooks {
	void *arg;
	enum ptdv_err (*start)(void *arg, struct store *st, struct msgs *errs);
	enum ptdv_err (*row)(void *arg, const char *table, const struct store_names *cols,
		struct store_value *v, bool *keep);
	/* After the last row, on the destination, inside its transaction (NULL: none). */
	enum ptdv_err (*end)(void *arg, struct store *to);
	const char *audit_in, *audit_out;
};
/* app_copy with hooks (NULL: a plain copy). */
enum ptdv_err app__copy(const char *from_url, const char *to_url, const char *org_code,
	const char *actor, volatile int *cancel, bool progress, const struct app__copy_hooks *hooks,
	struct app_copy_result *res, struct msgs *errs) PTDV_MUST_USE;

#endif
