/*
 * org_tree.c — organisations in tree order: parents before children, siblings by code, so
 * the order depends on the data and not on internal ids (exports stay byte-identical after
 * a round trip; pages list an org's children in a stable order).
 */
#include <stdlib.h>
#include <string.h>

#include "app/app_impl.h"
#include "app/cache.h"
#include "store/store.h"
#include "util/xalloc.h"

struct org_item {
	struct org o;
	char *parent_code;
	size_t first_child, nchildren; /* into the children index */
	int depth;
};

struct org_list {
	struct org_item *v;
	size_t n, alloc;
};

static enum ptdv_err collect_org(void *arg, const struct org *o, const char *parent_code)
{
	struct org_list *l = arg;
	if (l->n == l->alloc) {
		l->alloc = l->alloc ? 2 * l->alloc : 256;
		l->v = xrealloc(l->v, l->alloc * sizeof(*l->v));
	}
	struct org_item *it = &l->v[l->n++];
	memset(it, 0, sizeof(*it));
	it->o = *o;
	it->o.code = xstrdup(o->code);
	it->o.name = xstrdup(o->name);
	it->o.path = xstrdup(o->path);
	it->parent_code = parent_code ? xstrdup(parent_code) : NULL;
	return PTDV_OK;
}

static int by_code(const void *a, const void *b)
{
	const struct org_item *x = *(const struct org_item *const *)a;
	const struct org_item *y = *(const struct org_item *const *)b;
	return strcmp(x->o.code, y->o.code);
}

static int by_id(const void *a, const void *b)
{
	const struct org_item *x = a, *y = b;
	return x->o.id < y->o.id ? -1 : x->o.id > y->o.id;
}

static struct org_item *find_id(struct org_list *l, int64_t id)
{
	struct org_item key = {.o.id = id};
	return bsearch(&key, l->v, l->n, sizeof(*l->v), by_id);
}

/* An org subtree in walk order, as cached. */
struct tree {
	struct org_list l;
	struct org_item **order; /* depth-first, siblings by code */
	size_t n;
};

static void tree_free(void *v)
{
	struct tree *t = v;
	for (size_t i = 0; i < t->l.n; i++) {
		core_org_clear(&t->l.v[i].o);
		free(t->l.v[i].parent_code);
	}
	free(t->l.v);
	free(t->order);
	free(t);
}

static const struct cache_type tree_cache = {"org tree", tree_free};

/*
 * Puts the orgs of t->l in walk order (t->order, t->n, each item's depth): depth 0 for
 * those whose parent is not in the list. Sorts t->l by id. Cannot fail.
 */
static void order(struct tree *t)
{
	struct org_list *l = &t->l;
	if (l->n == 0)
		return;
	/* Children lists: sort by id for lookup, then group by parent, siblings by code. */
	qsort(l->v, l->n, sizeof(*l->v), by_id);
	struct org_item **kids = xcalloc(l->n, sizeof(*kids));
	/* Group 0 holds the roots of the walk (their parent is outside the list). */
	size_t *count = xcalloc(l->n + 1, sizeof(*count));
	for (size_t i = 0; i < l->n; i++) {
		struct org_item *p = find_id(l, l->v[i].o.parent_id);
		count[p ? (size_t)(p - l->v) + 1 : 0]++;
	}
	size_t *start = xcalloc(l->n + 1, sizeof(*start));
	for (size_t i = 1; i <= l->n; i++)
		start[i] = start[i - 1] + count[i - 1];
	for (size_t i = 0; i <= l->n; i++)
		count[i] = 0;
	for (size_t i = 0; i < l->n; i++) {
		struct org_item *p = find_id(l, l->v[i].o.parent_id);
		size_t g = p ? (size_t)(p - l->v) + 1 : 0;
		kids[start[g] + count[g]++] = &l->v[i];
	}
	for (size_t g = 0; g <= l->n; g++)
		qsort(kids + start[g], count[g], sizeof(*kids), by_code);
	for (size_t i = 0; i < l->n; i++) {
		l->v[i].first_child = start[i + 1];
		l->v[i].nchildren = count[i + 1];
	}
	/* Depth-first walk with an explicit stack (no recursion depth limit). */
	struct org_item **stack = xcalloc(l->n, sizeof(*stack));
	t->order = xcalloc(l->n, sizeof(*t->order));
	size_t sp = 0;
	for (size_t i = count[0]; i > 0; i--) {
		kids[start[0] + i - 1]->depth = 0;
		stack[sp++] = kids[start[0] + i - 1];
	}
	while (sp > 0) {
		struct org_item *it = stack[--sp];
		t->order[t->n++] = it;
		for (size_t i = it->nchildren; i > 0; i--) {
			kids[it->first_child + i - 1]->depth = it->depth + 1;
			stack[sp++] = kids[it->first_child + i - 1];
		}
	}
	free(stack);
	free(count);
	free(start);
	free(kids);
}

/* Reads the subtree at path and puts it in walk order. */
static enum ptdv_err build(struct app *app, const char *path, struct tree **out)
{
	struct tree *t = xcalloc(1, sizeof(*t));
	enum ptdv_err err = store_org_each(app->st, path, collect_org, &t->l);
	if (err) {
		tree_free(t);
		return err;
	}
	order(t);
	*out = t;
	return PTDV_OK;
}

enum ptdv_err app__org_walk(const struct org *v, size_t n, app__tree_fn fn, void *arg)
{
	struct tree t = {{xcalloc(n ? n : 1, sizeof(*t.l.v)), n, n}, NULL, 0};
	for (size_t i = 0; i < n; i++)
		t.l.v[i].o = v[i]; /* borrowed: not freed here */
	order(&t);
	enum ptdv_err err = PTDV_OK;
	for (size_t i = 0; i < t.n && !err; i++) {
		const struct org_item *it = t.order[i];
		const struct org_item *p = find_id(&t.l, it->o.parent_id);
		err = fn(arg, &it->o, p ? p->o.code : NULL, it->depth);
	}
	free(t.l.v);
	free(t.order);
	return err;
}

enum ptdv_err app__org_tree(struct app *app, const char *path, app__tree_fn fn, void *arg)
{
	int64_t rev;
	enum ptdv_err err = store_revision(app->st, &rev);
	if (err)
		return err;
	const struct cache_entry *e = app_cache_get(&tree_cache, path, rev);
	if (!e) {
		struct tree *t;
		err = build(app, path, &t);
		if (err)
			return err;
		e = app_cache_put(&tree_cache, path, rev, t);
	}
	const struct tree *t = e->value;
	for (size_t i = 0; i < t->n && !err; i++)
		err = fn(arg, &t->order[i]->o, t->order[i]->parent_code, t->order[i]->depth);
	app_cache_release(e);
	return err;
}
