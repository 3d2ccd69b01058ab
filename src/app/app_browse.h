/*
 * app_browse.h — reading organisations and members within the actor's scope, for pages
 * and the API (use cases; see app.h for the rules every use case follows).
 */
#ifndef PTDV_APP_APP_BROWSE_H
#define PTDV_APP_APP_BROWSE_H

#include <stdint.h>

#include "app/app.h"
#include "store/store_search.h"

/*
 * Calls fn for every org of the subtree of root_code (NULL = the actor's whole scope) in
 * tree order; depth is 0 for the subtree's root.
 */
typedef enum ptdv_err (*app_org_fn)(
	void *arg, const struct org *o, const char *parent_code, int depth);
enum ptdv_err app_org_list(struct app *app, const char *root_code, app_org_fn fn, void *arg,
	struct msgs *errs) PTDV_MUST_USE;

/*
 * A bounded list of the orgs of a subtree, for a picker or a page of the tree: what
 * app_org_pick lists.
 */
struct app_org_pick {
	const char *root_code; /* the subtree; NULL = the actor's scope */
	const char *selected;  /* the org chosen (its code), or NULL or "" for none */
	int64_t max;           /* at most this many orgs from the top, by whole levels */
	bool above_cells;      /* leave out cells and sub-committees */
};
/*
 * Calls fn, in tree order (as app_org_list; depth 0 for the subtree's root), for the orgs
 * of the subtree of q->root_code a bounded list shows: all of them when they are at most
 * q->max; otherwise the levels from the top that fit in q->max (at most 15), then the
 * selected org's superiors, itself and its direct subordinates — when it is in the subtree
 * and not left out by q->above_cells. parent_code is NULL for an org whose superior is not
 * listed. Reads only those orgs (and q->max + 1 from the top, kept per database revision),
 * never the whole subtree. When hidden is not NULL it gets the number of orgs of the
 * subtree that are not listed (0 when all are), counted only without q->above_cells (0
 * with it). Fails as app_org_list (PTDV_NOTFOUND for a root out of scope).
 */
enum ptdv_err app_org_pick(struct app *app, const struct app_org_pick *q, app_org_fn fn, void *arg,
	int64_t *hidden, struct msgs *errs) PTDV_MUST_USE;
/*
 * Calls fn for the org with this code (depth 0, with its superior's code) and then for its
 * direct subordinates (depth 1) by code; reads only those. PTDV_NOTFOUND (with a message)
 * for an org out of the actor's scope.
 */
enum ptdv_err app_org_children(struct app *app, const char *code, app_org_fn fn, void *arg,
	struct msgs *errs) PTDV_MUST_USE;

/* Code of the org the actor's scope starts at (the first root for the whole database). */
enum ptdv_err app_scope_root(
	struct app *app, char *code, size_t size, struct msgs *errs) PTDV_MUST_USE;

struct app_member_query {
	const char *org_code; /* NULL = the actor's scope */
	const char *text;     /* name words, any accents and case; NULL or "" = all */
	date_t as_of;         /* DATE_NONE = today */
	int page;             /* 1-based */
	int per_page;         /* 1..200 */
};
/*
 * Members matching q, one page, in Vietnamese name order; *total for pagination.
 * PTDV_DENIED for a liaison, who sees its referrals, not the party's member records.
 */
enum ptdv_err app_member_search(struct app *app, const struct app_member_query *q,
	store_member_row_fn fn, void *arg, int64_t *total, struct msgs *errs) PTDV_MUST_USE;
/* One page of members as cached: rows in order, each string its own copy. */
struct app_member_page {
	int64_t total;
	size_t n, alloc;
	struct store_member_row *rows;
};
/*
 * As app_member_search, but gives *view, a reference to the presentation vt built from the
 * cached page (vt->build receives a const struct app_member_page *) and shared with every
 * reader of the same page; the caller drops it with vt->drop. *view is NULL on error.
 */
enum ptdv_err app_member_search_view(struct app *app, const struct app_member_query *q,
	const struct app_view *vt, void **view, int64_t *total, struct msgs *errs) PTDV_MUST_USE;

/*
 * A person's record and history for pages: the person and, in time order, every stay of
 * every membership. Visible when the latest stay of one membership lies in the actor's
 * scope; otherwise PTDV_NOTFOUND, as for a person who does not exist.
 */
struct app_stay {
	struct member m; /* strings owned */
	date_t start, end;
	char *org_code, *org_name;
};
struct app_person {
	struct person p;
	struct app_stay *stays;
	size_t nstays;
};
/*
 * A person with the stays in scope; PTDV_NOTFOUND when none is in scope, PTDV_DENIED for a
 * liaison (as app_member_search).
 */
enum ptdv_err app_person_get(
	struct app *app, int64_t id, struct app_person *out, struct msgs *errs) PTDV_MUST_USE;
void app_person_clear(struct app_person *ap);

#endif
