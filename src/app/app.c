/* app.c — opening the application, scope checks and org lookups. */
#include "app/app.h"

#include <stdlib.h>
#include <string.h>

#include "app/app_impl.h"
#include "core/user.h"
#include "store/store.h"
#include "util/xalloc.h"

enum ptdv_err app_open(const char *url, const char *actor, struct app **out, struct msgs *errs)
{
	struct store *st = NULL;
	char *why = NULL;
	enum ptdv_err err = store_open(url, &st, &why);
	if (err) {
		char *shown = store_url_redact(url);
		msgs_add(errs, 0, NULL, "không mở được cơ sở dữ liệu '%s': %s", shown,
			why ? why : "lỗi không rõ");
		free(shown);
		free(why);
		return err;
	}
	struct app *app = xcalloc(1, sizeof(*app));
	app->st = app->rst = st;
	app->actor = xstrdup(actor);
	app->scope_path = xstrdup("/");
	app->role = ROLE_ADMIN;
	app->today = date_today();
	*out = app;
	return PTDV_OK;
}

enum ptdv_err app_long_lived(struct app *app)
{
	enum ptdv_err err = store_long_lived(app->st);
	if (!err && app->rst != app->st)
		err = store_long_lived(app->rst);
	return err;
}

enum ptdv_err app_open_like(
	const char *url, const struct app *like, struct app **out, struct msgs *errs)
{
	enum ptdv_err err = app_open(url, like->actor, out, errs);
	if (err)
		return err;
	free((*out)->scope_path);
	(*out)->scope_path = xstrdup(like->scope_path);
	(*out)->scope_code = like->scope_code ? xstrdup(like->scope_code) : NULL;
	(*out)->role = like->role;
	(*out)->user_id = like->user_id;
	(*out)->source = like->source;
	(*out)->today = like->today;
	return PTDV_OK;
}

enum ptdv_err app_attach_replica(struct app *app, const char *url, struct msgs *errs)
{
	struct store *st = NULL;
	char *why = NULL;
	enum ptdv_err err = store_open_replica(url, &st, &why);
	if (err) {
		char *shown = store_url_redact(url);
		msgs_add(errs, 0, "--report-db", "không mở được cơ sở dữ liệu báo cáo '%s': %s",
			shown, why ? why : "lỗi không rõ");
		free(shown);
		free(why);
		return err;
	}
	if (app->rst != app->st)
		store_close(app->rst);
	app->rst = st;
	return PTDV_OK;
}

void app_read_hold(struct app *app)
{
	/* A failed hold leaves nothing held: store_release_read then does nothing. */
	if (store_hold_read(app->st) != PTDV_OK)
		return;
	if (app->rst != app->st && store_hold_read(app->rst) != PTDV_OK)
		return;
}

void app_read_release(struct app *app)
{
	if (app->rst != app->st)
		store_release_read(app->rst);
	store_release_read(app->st);
}

void app_close(struct app *app)
{
	if (!app)
		return;
	if (app->rst != app->st)
		store_close(app->rst);
	store_close(app->st);
	free(app->actor);
	free(app->scope_path);
	free(app->scope_code);
	free(app);
}

bool app__in_scope(const struct app *app, const char *path)
{
	return strncmp(path, app->scope_path, strlen(app->scope_path)) == 0;
}

static bool in_scope(const struct app *app, const struct org *o)
{
	return app__in_scope(app, o->path);
}

void app__org_not_found(struct msgs *errs, const char *field, const char *code)
{
	msgs_add(errs, 0, field, "không tìm thấy tổ chức có mã '%s'", code);
}

enum ptdv_err app_org_get(
	struct app *app, const char *code, const char *field, struct org *out, struct msgs *errs)
{
	enum ptdv_err err = store_org_by_code(app->st, code, out);
	if (err == PTDV_OK && !in_scope(app, out)) {
		core_org_clear(out);
		err = PTDV_NOTFOUND;
	}
	if (err == PTDV_NOTFOUND)
		app__org_not_found(errs, field, code);
	else if (err)
		msgs_add(errs, 0, NULL, "lỗi cơ sở dữ liệu: %s", store_errmsg(app->st));
	return err;
}

enum ptdv_err app_set_scope(struct app *app, const char *code, struct msgs *errs)
{
	struct org o = {0};
	enum ptdv_err err = app_org_get(app, code, "Mã tổ chức", &o, errs);
	if (err)
		return err;
	free(app->scope_path);
	app->scope_path = o.path;
	o.path = NULL;
	free(app->scope_code);
	app->scope_code = o.code;
	o.code = NULL;
	core_org_clear(&o);
	return PTDV_OK;
}

enum ptdv_err app_entity_parse(const char *s, enum app_entity *out)
{
	static const char *const names[APP_ENTITY__MAX] = {[APP_ORGS] = "orgs",
		[APP_MEMBERS] = "members",
		[APP_CANDIDATES] = "candidates",
		[APP_TARGETS] = "targets"};
	for (int i = 0; i < APP_ENTITY__MAX; i++) {
		if (strcmp(s, names[i]) == 0) {
			*out = (enum app_entity)i;
			return PTDV_OK;
		}
	}
	return PTDV_INVALID;
}

enum ptdv_err app__audit(struct app *app, const char *action, const char *entity, const char *key,
	json_t *before, json_t *after)
{
	char *b = before ? json_dumps(before, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	char *a = after ? json_dumps(after, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	enum ptdv_err err =
		store_audit_add_in(app->st, app->scope_path, app->actor, action, entity, key, b, a);
	free(b);
	free(a);
	return err;
}

enum ptdv_err app__end(struct app *app, enum ptdv_err err, struct msgs *errs)
{
	if (!err)
		err = store_commit(app->st);
	if (err) {
		app__db_error(app, errs);
		store_rollback(app->st);
	}
	return err;
}

void app__db_error(struct app *app, struct msgs *errs)
{
	if (app->cancel && *app->cancel) { /* the statement was stopped: db_set_cancel */
		msgs_add(errs, 0, NULL, "đã hủy theo yêu cầu; không có gì được ghi");
		return;
	}
	msgs_add(errs, 0, NULL, "lỗi cơ sở dữ liệu: %s", store_errmsg(app->st));
}
