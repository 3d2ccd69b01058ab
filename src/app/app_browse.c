/* app_browse.c — organisations and members within the actor's scope. */
#include "app/app_browse.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app_impl.h"
#include "app/cache.h"
#include "core/user.h"
#include "store/store.h"
#include "util/vn.h"
#include "util/xalloc.h"

enum ptdv_err app_org_list(
	struct app *app, const char *root_code, app_org_fn fn, void *arg, struct msgs *errs)
{
	struct org root = {0};
	const char *path = app->scope_path;
	enum ptdv_err err;
	if (root_code) {
		err = app_org_get(app, root_code, "org", &root, errs);
		if (err)
			return err;
		path = root.path;
	}
	err = store_begin_read(app->st);
	if (!err)
		err = app__org_tree(app, path, fn, arg);
	store_rollback(app->st);
	if (err == PTDV_DB)
		app__db_error(app, errs);
	core_org_clear(&root);
	return err;
}

/* --- bounded lists of the tree --- */

/* Levels a bounded list shows at most when not all fit (the picker's rule from the start). */
#define PICK_LEVELS 15

/* The top of a subtree as app_org_pick lists it, cached per database revision. */
struct org_top {
	struct org *v; /* the orgs of the levels listed, strings owned */
	size_t n, alloc;
	int full;      /* the deepest level listed, whole; INT_MAX when every org is */
	int64_t total; /* orgs of the subtree, of every kind; -1 when not counted */
};

static void top_free(void *value)
{
	struct org_top *t = value;
	for (size_t i = 0; i < t->n; i++)
		core_org_clear(&t->v[i]);
	free(t->v);
	free(t);
}

static const struct cache_type top_cache = {"org top", top_free};
/* The selected org's line beside a cut top (add_selected), per top and selected org. */
static const struct cache_type line_cache = {"org line", top_free};

/* Appends a copy of o to the orgs of t. */
static void top_add(struct org_top *t, const struct org *o)
{
	if (t->n == t->alloc) {
		t->alloc = t->alloc ? 2 * t->alloc : 64;
		t->v = xrealloc(t->v, t->alloc * sizeof(*t->v));
	}
	struct org *c = &t->v[t->n++];
	*c = *o;
	c->code = xstrdup(o->code);
	c->name = xstrdup(o->name);
	c->path = xstrdup(o->path);
}

/* Reading the top: the depth of each org read, in reading order. */
struct top_read {
	struct org_top *t;
	int *depth;
};

static enum ptdv_err top_row(void *arg, const struct org *o, int depth)
{
	struct top_read *r = arg;
	size_t alloc = r->t->alloc;
	top_add(r->t, o);
	if (r->t->alloc != alloc)
		r->depth = xrealloc(r->depth, r->t->alloc * sizeof(*r->depth));
	r->depth[r->t->n - 1] = depth;
	return PTDV_OK;
}

/*
 * Reads the top of the subtree at path: max + 1 orgs level by level, of which the levels
 * that fit in max are kept (all when the subtree has no more). When not all fit and count
 * is set, counts the orgs of the subtree (for the number a list leaves out).
 */
static enum ptdv_err top_read(struct app *app, const char *path, const struct app_org_pick *q,
	bool count, struct org_top **out)
{
	struct org_top *t = xcalloc(1, sizeof(*t));
	struct top_read r = {t, NULL};
	t->total = -1;
	enum ptdv_err err = store_org_top(app->st, path, q->above_cells, q->max + 1, top_row, &r);
	if (err)
		goto fail;
	if ((int64_t)t->n <= q->max) {
		t->full = INT_MAX;
	} else {
		/* The last org read starts a level that does not fit: keep those above it. */
		int deepest = r.depth[t->n - 1] - 1;
		t->full = deepest < PICK_LEVELS - 1 ? deepest : PICK_LEVELS - 1;
		size_t kept = 0;
		for (size_t i = 0; i < t->n; i++) {
			if (r.depth[i] <= t->full)
				t->v[kept++] = t->v[i];
			else
				core_org_clear(&t->v[i]);
		}
		t->n = kept;
		if (count) {
			err = store_org_count(app->st, path, &t->total);
			if (err)
				goto fail;
		}
	}
	free(r.depth);
	*out = t;
	return PTDV_OK;
fail:
	free(r.depth);
	top_free(t);
	return err;
}

/* The number of components of a path: 0 for "/", 2 for "/1/5/". */
static int path_levels(const char *path)
{
	int n = -1;
	for (const char *p = path; *p; p++)
		n += *p == '/';
	return n < 0 ? 0 : n;
}

static bool left_out(const struct app_org_pick *q, enum org_kind kind)
{
	return q->above_cells && (kind == ORG_CELL || kind == ORG_SUB_COMMITTEE);
}

/* The direct subordinates of the selected org, read into an org_top. */
struct below {
	struct org_top *t;
	const struct app_org_pick *q;
};

static enum ptdv_err below_row(void *arg, const struct org *o, const char *parent_code)
{
	(void)parent_code;
	struct below *b = arg;
	if (!left_out(b->q, o->kind))
		top_add(b->t, o);
	return PTDV_OK;
}

/*
 * Adds to more the orgs of the selected one's line a list cut below level full shows
 * beside the top: its superiors in the subtree at path and itself deeper than full, and its
 * direct subordinates when they are deeper than full. Nothing for an org that does not
 * exist, is outside the subtree or left out.
 */
static enum ptdv_err add_selected(struct app *app, const char *path, const struct app_org_pick *q,
	const struct org_top *top, struct org_top *more)
{
	int full = top->full;
	struct org sel = {0};
	enum ptdv_err err = PTDV_OK;
	/* Often one the top lists (a dashboard's own org): then the top's copy, of the same
	 * revision, instead of a read. */
	const struct org *known = NULL;
	for (size_t i = 0; i < top->n && !known; i++)
		if (strcmp(top->v[i].code, q->selected) == 0)
			known = &top->v[i];
	if (known) {
		sel = *known;
		sel.code = xstrdup(known->code);
		sel.name = xstrdup(known->name);
		sel.path = xstrdup(known->path);
	} else {
		err = store_org_by_code(app->st, q->selected, &sel);
		if (err == PTDV_NOTFOUND)
			return PTDV_OK;
		if (err)
			return err;
	}
	size_t plen = strlen(path);
	if (strncmp(sel.path, path, plen) != 0 || left_out(q, sel.kind))
		goto out;
	int base = path_levels(path) > 0 ? path_levels(path) : 1;
	int depth = path_levels(sel.path) - base;
	/* Superiors: each prefix of its path ending in '/' is an org's path, its id last. */
	for (size_t end = plen - 1; sel.path[end]; end++) {
		if (sel.path[end] != '/')
			continue;
		char prefix[512];
		snprintf(prefix, sizeof(prefix), "%.*s", (int)end + 1, sel.path);
		if (path_levels(prefix) - base <= full || strcmp(prefix, sel.path) == 0)
			continue;
		const char *id = strrchr(prefix, '/');
		while (id > prefix && id[-1] != '/')
			id--;
		struct org up = {0};
		err = store_org_by_id(app->st, strtoll(id, NULL, 10), &up);
		if (err)
			goto out;
		top_add(more, &up);
		core_org_clear(&up);
	}
	if (depth > full)
		top_add(more, &sel);
	if (depth + 1 > full) {
		struct below b = {more, q};
		err = store_org_children(app->st, sel.id, below_row, &b);
	}
out:
	core_org_clear(&sel);
	return err;
}

enum ptdv_err app_org_pick(struct app *app, const struct app_org_pick *q, app_org_fn fn, void *arg,
	int64_t *hidden, struct msgs *errs)
{
	struct org root = {0};
	struct org *all = NULL;
	const struct cache_entry *e = NULL, *le = NULL;
	const char *path = app->scope_path;
	struct buf key = BUF_INIT;
	int64_t rev;
	enum ptdv_err err;
	if (hidden)
		*hidden = 0;
	if (q->root_code) {
		err = app_org_get(app, q->root_code, "org", &root, errs);
		if (err)
			return err;
		path = root.path;
	}
	if (!path)
		path = "/";
	err = store_begin_read(app->st);
	if (!err)
		err = store_revision(app->st, &rev);
	if (!err) {
		buf_addf(&key, "%s|%lld|%d", path, (long long)q->max, q->above_cells);
		e = app_cache_get(&top_cache, key.s, rev);
	}
	if (!err && !e) {
		struct org_top *t;
		err = top_read(app, path, q, !q->above_cells, &t);
		if (!err)
			e = app_cache_put(&top_cache, key.s, rev, t);
	}
	const struct org_top *top = e ? e->value : NULL;
	if (!err && top->full != INT_MAX && q->selected && *q->selected) {
		/* The line depends on the top, the selected org and the revision alone. */
		buf_addf(&key, "|%s", q->selected);
		le = app_cache_get(&line_cache, key.s, rev);
		if (!le) {
			struct org_top *line = xcalloc(1, sizeof(*line));
			err = add_selected(app, path, q, top, line);
			if (err)
				top_free(line);
			else
				le = app_cache_put(&line_cache, key.s, rev, line);
		}
	}
	store_rollback(app->st);
	if (err)
		goto out;
	/* The listed orgs: the top's then the selected org's line (both borrowed). */
	const struct org_top *more = le ? le->value : NULL;
	size_t nmore = more ? more->n : 0;
	all = xcalloc(top->n + nmore + 1, sizeof(*all));
	memcpy(all, top->v, top->n * sizeof(*all));
	if (nmore)
		memcpy(all + top->n, more->v, nmore * sizeof(*all));
	if (hidden && top->total >= 0)
		*hidden = top->total - (int64_t)(top->n + nmore);
	err = app__org_walk(all, top->n + nmore, fn, arg);
out:
	if (err == PTDV_DB)
		app__db_error(app, errs);
	app_cache_release(e);
	app_cache_release(le);
	free(all);
	buf_free(&key);
	core_org_clear(&root);
	return err;
}

/* Passes the direct subordinates of an org on to an app_org_fn at depth 1. */
struct kids {
	app_org_fn fn;
	void *arg;
};

static enum ptdv_err kid_row(void *arg, const struct org *o, const char *parent_code)
{
	struct kids *k = arg;
	return k->fn(k->arg, o, parent_code, 1);
}

enum ptdv_err app_org_children(
	struct app *app, const char *code, app_org_fn fn, void *arg, struct msgs *errs)
{
	struct org o = {0}, parent = {0};
	enum ptdv_err err = app_org_get(app, code, "org", &o, errs);
	if (err)
		return err;
	err = store_begin_read(app->st);
	if (!err && o.parent_id)
		err = store_org_by_id(app->st, o.parent_id, &parent);
	if (!err) {
		/* fn's own errors pass through; only the store's are database errors */
		enum ptdv_err ferr = fn(arg, &o, parent.code, 0);
		struct kids k = {fn, arg};
		if (!ferr)
			err = store_org_children(app->st, o.id, kid_row, &k);
		else
			err = ferr;
	}
	store_rollback(app->st);
	if (err == PTDV_DB)
		app__db_error(app, errs);
	core_org_clear(&o);
	core_org_clear(&parent);
	return err;
}

enum ptdv_err app_scope_root(struct app *app, char *code, size_t size, struct msgs *errs)
{
	/* An account's scope is its org's subtree: that org, known since the session was
	 * resumed (no read on every dashboard). The whole database: its first root. */
	if (app->scope_code) {
		snprintf(code, size, "%s", app->scope_code);
		return PTDV_OK;
	}
	struct org first = {0};
	enum ptdv_err err = store_org_first(app->st, app->scope_path, &first);
	if (err == PTDV_NOTFOUND) {
		msgs_add(errs, 0, NULL, "chưa có tổ chức nào trong phạm vi của tài khoản");
		return PTDV_NOTFOUND;
	}
	if (err) {
		app__db_error(app, errs);
		return err;
	}
	snprintf(code, size, "%s", first.code);
	core_org_clear(&first);
	return PTDV_OK;
}

static char *dup0(const char *s)
{
	return s && *s ? xstrdup(s) : NULL;
}

static enum ptdv_err keep_row(void *arg, const struct store_member_row *r)
{
	struct app_member_page *pg = arg;
	if (pg->n == pg->alloc) {
		pg->alloc = pg->alloc ? 2 * pg->alloc : 64;
		pg->rows = xrealloc(pg->rows, pg->alloc * sizeof(*pg->rows));
	}
	struct store_member_row *c = &pg->rows[pg->n++];
	*c = *r;
	c->p.full_name = dup0(r->p.full_name);
	c->p.citizen_id = dup0(r->p.citizen_id);
	c->p.ethnicity = dup0(r->p.ethnicity);
	c->p.religion = dup0(r->p.religion);
	c->m.card_no = dup0(r->m.card_no);
	c->m.exit_reason = NULL;
	c->org_code = xstrdup(r->org_code);
	c->org_name = xstrdup(r->org_name);
	return PTDV_OK;
}

static void page_free(void *v)
{
	struct app_member_page *pg = v;
	for (size_t i = 0; i < pg->n; i++) {
		struct store_member_row *r = &pg->rows[i];
		free(r->p.full_name);
		free(r->p.citizen_id);
		free(r->p.ethnicity);
		free(r->p.religion);
		free(r->m.card_no);
		free((char *)r->org_code);
		free((char *)r->org_name);
	}
	free(pg->rows);
	free(pg);
}

/*
 * Whether the actor may read the party's member records: not a liaison, who sees its
 * referrals only (PTDV_DENIED, with a message, rather than an empty list).
 */
static bool sees_members(const struct app *app, struct msgs *errs)
{
	if (core_role_sees_members((enum role)app->role))
		return true;
	msgs_add(errs, 0, NULL,
		"tài khoản %s chỉ xem hồ sơ do tổ chức mình giới thiệu, không xem danh sách "
		"đảng viên",
		core_role_name((enum role)app->role));
	return false;
}

static const struct cache_type page_cache = {"member page", page_free};

/*
 * The held cache entry of the page q asks for (fetched when missing), or NULL with the
 * error; the caller releases it.
 */
static enum ptdv_err member_page_entry(struct app *app, const struct app_member_query *q,
	const struct cache_entry **out, struct msgs *errs)
{
	struct org o = {0};
	struct buf folded = BUF_INIT, key = BUF_INIT;
	enum ptdv_err err = PTDV_OK;
	const char *path = app->scope_path;
	int64_t rev = 0;
	*out = NULL;
	if (!sees_members(app, errs))
		return PTDV_DENIED;
	if (q->org_code && *q->org_code) {
		err = app_org_get(app, q->org_code, "org", &o, errs);
		if (err)
			return err;
		path = o.path;
	}
	if (q->text)
		vn_fold(q->text, strlen(q->text), &folded);
	int per = q->per_page < 1 ? 50 : q->per_page > 200 ? 200 : q->per_page;
	int page = q->page < 1 ? 1 : q->page;
	struct store_member_query sq = {
		.path = path,
		.folded = folded.s,
		.as_of = q->as_of == DATE_NONE ? app->today : q->as_of,
		.offset = (page - 1) * per,
		.limit = per,
	};
	/* Scope is settled above (path); the page depends only on the query. */
	buf_addf(&key, "%s|%s|%d|%d|%d", sq.path, sq.folded, (int)sq.as_of, sq.offset, sq.limit);
	err = store_begin_read(app->st);
	if (!err)
		err = store_revision(app->st, &rev);
	const struct cache_entry *e = err ? NULL : app_cache_get(&page_cache, key.s, rev);
	if (!e && !err) {
		struct app_member_page *pg = xcalloc(1, sizeof(*pg));
		err = store_member_search(app->st, &sq, keep_row, pg, &pg->total);
		if (err)
			page_free(pg);
		else
			e = app_cache_put(&page_cache, key.s, rev, pg);
	}
	store_rollback(app->st);
	if (err == PTDV_DB)
		app__db_error(app, errs);
	buf_free(&folded);
	buf_free(&key);
	core_org_clear(&o);
	*out = e;
	return err;
}

enum ptdv_err app_member_search(struct app *app, const struct app_member_query *q,
	store_member_row_fn fn, void *arg, int64_t *total, struct msgs *errs)
{
	const struct cache_entry *e;
	*total = 0;
	enum ptdv_err err = member_page_entry(app, q, &e, errs);
	if (e) {
		const struct app_member_page *pg = e->value;
		*total = pg->total;
		for (size_t i = 0; i < pg->n && !err; i++)
			err = fn(arg, &pg->rows[i]);
	}
	app_cache_release(e);
	return err;
}

enum ptdv_err app_member_search_view(struct app *app, const struct app_member_query *q,
	const struct app_view *vt, void **view, int64_t *total, struct msgs *errs)
{
	const struct cache_entry *e;
	*view = NULL;
	*total = 0;
	enum ptdv_err err = member_page_entry(app, q, &e, errs);
	if (e) {
		*total = ((const struct app_member_page *)e->value)->total;
		*view = app_cache_view(e, vt);
	}
	app_cache_release(e);
	return err;
}

struct stays_ctx {
	struct app_person *ap;
	size_t alloc;
	const char *scope;
	bool visible;
	int64_t last_member;
	char *last_path; /* path of the latest stay of the current membership */
};

static void settle_visibility(struct stays_ctx *c)
{
	if (c->last_path && strncmp(c->last_path, c->scope, strlen(c->scope)) == 0)
		c->visible = true;
	free(c->last_path);
	c->last_path = NULL;
}

static enum ptdv_err keep_stay(void *arg, const struct store_stay *s)
{
	struct stays_ctx *c = arg;
	struct app_person *ap = c->ap;
	if (s->m->id != c->last_member)
		settle_visibility(c);
	c->last_member = s->m->id;
	free(c->last_path);
	c->last_path = xstrdup(s->org_path);
	if (ap->nstays == c->alloc) {
		c->alloc = c->alloc ? 2 * c->alloc : 4;
		ap->stays = xrealloc(ap->stays, c->alloc * sizeof(*ap->stays));
	}
	struct app_stay *st = &ap->stays[ap->nstays++];
	st->m = *s->m;
	st->m.card_no = dup0(s->m->card_no);
	st->m.exit_reason = dup0(s->m->exit_reason);
	st->start = s->start;
	st->end = s->end;
	st->org_code = xstrdup(s->org_code);
	st->org_name = xstrdup(s->org_name);
	return PTDV_OK;
}

void app_person_clear(struct app_person *ap)
{
	if (!ap)
		return;
	for (size_t i = 0; i < ap->nstays; i++) {
		core_member_clear(&ap->stays[i].m);
		free(ap->stays[i].org_code);
		free(ap->stays[i].org_name);
	}
	free(ap->stays);
	core_person_clear(&ap->p);
	memset(ap, 0, sizeof(*ap));
}

enum ptdv_err app_person_get(struct app *app, int64_t id, struct app_person *out, struct msgs *errs)
{
	struct stays_ctx c = {.ap = out, .scope = app->scope_path};
	memset(out, 0, sizeof(*out));
	if (!sees_members(app, errs))
		return PTDV_DENIED;
	enum ptdv_err err = store_begin_read(app->st);
	if (!err)
		err = store_person_get(app->st, id, &out->p);
	if (!err)
		err = store_person_stays(app->st, id, keep_stay, &c);
	store_rollback(app->st);
	settle_visibility(&c);
	if (!err && !c.visible)
		err = PTDV_NOTFOUND;
	if (err == PTDV_NOTFOUND)
		msgs_add(errs, 0, NULL, "không tìm thấy người này");
	else if (err)
		app__db_error(app, errs);
	if (err)
		app_person_clear(out);
	return err;
}
