/* app_backup.c — backups and restores of the whole database. */
#include "app/app_backup.h"

#include <stdlib.h>
#include <string.h>

#include "app/app_impl.h"
#include "core/user.h"
#include "store/store.h"
#include "store/store_backup.h"

enum ptdv_err app_backup(struct app *app, const char *path, struct msgs *errs)
{
	char *why = NULL;
	if (!core_role_is_admin((enum role)app->role) || strcmp(app->scope_path, "/") != 0) {
		msgs_add(errs, 0, NULL, "chỉ quản trị toàn hệ thống được sao lưu");
		return PTDV_DENIED;
	}
	/* Audit first, so the backup holds the record of itself. */
	json_t *after = json_pack("{s:s}", "file", path);
	enum ptdv_err err = store_begin(app->st);
	if (!err)
		err = app__audit(app, "backup", "database", path, NULL, after);
	json_decref(after);
	err = app__end(app, err, errs);
	if (err)
		return err;
	err = store_backup(app->st, path, &why);
	if (err)
		msgs_add(errs, 0, NULL, "%s", why ? why : "sao lưu thất bại");
	free(why);
	return err;
}

enum ptdv_err app_restore(const char *url, const char *file, const char *actor, struct msgs *errs)
{
	char *why = NULL;
	enum ptdv_err err = store_restore(url, file, &why);
	if (err) {
		msgs_add(errs, 0, NULL, "%s", why ? why : "khôi phục thất bại");
		free(why);
		return err;
	}
	struct app *app = NULL;
	err = app_open(url, actor, &app, errs);
	if (err)
		return err;
	json_t *after = json_pack("{s:s}", "file", file);
	err = store_begin(app->st);
	if (!err)
		err = app__audit(app, "restore", "database", file, NULL, after);
	json_decref(after);
	err = app__end(app, err, errs);
	app_close(app);
	return err;
}
