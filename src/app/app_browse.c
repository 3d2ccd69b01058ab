/* app_browse.c — organisations and members within the actor's scope. */
#include "app/app_browse.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app_impl.h"
#include "store/store.h"
#include "util/vn.h"

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

static enum ptdv_err first_org(void *arg, const struct org *o, const char *parent_code)
{
	(void)parent_code;
	snprintf(arg, 64, "%s", o->code);
	return PTDV_CANCELLED; /* the first is enough */
}

enum ptdv_err app_scope_root(struct app *app, char *code, size_t size, struct msgs *errs)
{
	char first[64] = "";
	enum ptdv_err err = store_org_each(app->st, app->scope_path, first_org, first);
	if (err && err != PTDV_CANCELLED) {
		app__db_error(app, errs);
		return err;
	}
	if (!first[0]) {
		msgs_add(errs, 0, NULL, "chưa có tổ chức nào trong phạm vi của tài khoản");
		return PTDV_NOTFOUND;
	}
	snprintf(code, size, "%s", first);
	return PTDV_OK;
}

enum ptdv_err app_member_search(struct app *app, const struct app_member_query *q,
	store_member_row_fn fn, void *arg, int64_t *total, struct msgs *errs)
{
	struct org o = {0};
	struct buf folded = BUF_INIT;
	enum ptdv_err err = PTDV_OK;
	const char *path = app->scope_path;
	*total = 0;
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
	err = store_begin_read(app->st);
	if (!err)
		err = store_member_search(app->st, &sq, fn, arg, total);
	store_rollback(app->st);
	if (err == PTDV_DB)
		app__db_error(app, errs);
	buf_free(&folded);
	core_org_clear(&o);
	return err;
}
