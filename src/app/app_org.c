/* app_org.c — terms of organisations and recorded member totals. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "app/app.h"
#include "app/app_impl.h"
#include "core/user.h"
#include "store/store.h"

enum ptdv_err app_term_add(struct app *app, const char *org_code, const char *name, date_t start,
	date_t end, int64_t target, struct msgs *errs)
{
	struct org o = {0};
	char a[DATE_STRLEN], b[DATE_STRLEN];
	enum ptdv_err err = app_org_get(app, org_code, "--org", &o, errs);
	if (err)
		return err;
	if (!name || !*name) {
		msgs_add(errs, 0, "--name", "tên nhiệm kỳ không được để trống");
		err = PTDV_INVALID;
	}
	if (end != DATE_NONE && end <= start) {
		msgs_add(errs, 0, "--end", "ngày kết thúc %s không sau ngày bắt đầu %s",
			date_format(end, a), date_format(start, b));
		err = PTDV_INVALID;
	}
	if (target < -1) {
		msgs_add(errs, 0, "--target", "chỉ tiêu phải là số không âm");
		err = PTDV_INVALID;
	}
	if (err)
		goto out;
	struct term t = {
		.org_id = o.id, .name = (char *)name, .start = start, .end = end, .target = target};
	err = store_begin(app->st);
	if (err)
		goto dberr;
	err = store_term_insert(app->st, &t);
	if (err == PTDV_CONFLICT) {
		msgs_add(errs, 0, "--start", "tổ chức '%s' đã có nhiệm kỳ bắt đầu ngày %s",
			org_code, date_format(start, a));
		goto rollback;
	}
	if (err)
		goto dberr;
	json_t *after = json_pack("{s:s, s:s, s:s, s:s?, s:I}", "org", org_code, "name", name,
		"start", date_format_iso(start, a), "end",
		end == DATE_NONE ? NULL : date_format_iso(end, b), "target", (json_int_t)target);
	err = app__audit(app, "term.add", "term", org_code, NULL, after);
	json_decref(after);
	if (err)
		goto dberr;
	err = store_commit(app->st);
	if (err)
		goto dberr;
	goto out;
dberr:
	app__db_error(app, errs);
rollback:
	store_rollback(app->st);
out:
	core_org_clear(&o);
	return err;
}

enum ptdv_err app_org_set_total(
	struct app *app, const char *org_code, date_t as_of, int64_t members, struct msgs *errs)
{
	struct org o = {0};
	char a[DATE_STRLEN];
	enum ptdv_err err = app_org_get(app, org_code, "--org", &o, errs);
	if (err)
		return err;
	if (members < 0) {
		msgs_add(errs, 0, "--members", "số đảng viên phải là số không âm");
		err = PTDV_INVALID;
		goto out;
	}
	err = store_begin(app->st);
	if (!err)
		err = store_org_total_set(app->st, o.id, as_of, members);
	if (!err) {
		json_t *after = json_pack("{s:s, s:I}", "date", date_format_iso(as_of, a),
			"members", (json_int_t)members);
		err = app__audit(app, "org.set-total", "org", org_code, NULL, after);
		json_decref(after);
	}
	err = app__end(app, err, errs);
out:
	core_org_clear(&o);
	return err;
}

enum ptdv_err app_target_set(struct app *app, const char *org_code, int year, int64_t registered,
	int64_t assigned, int64_t women, struct msgs *errs)
{
	struct org o = {0};
	struct store_target old;
	if (!core_role_can_write((enum role)app->role)) {
		msgs_add(errs, 0, NULL, "tài khoản này chỉ được xem, không được ghi chỉ tiêu");
		return PTDV_DENIED;
	}
	if (assigned >= 0 && app->role != ROLE_STAFF && app->role != ROLE_ADMIN) {
		msgs_add(errs, 0, "--assigned",
			"chỉ cán bộ Ban Tổ chức hoặc quản trị được giao chỉ tiêu");
		return PTDV_DENIED;
	}
	if (year < 1930 || year > 2100) {
		msgs_add(errs, 0, "--year", "năm %d không hợp lệ (1930–2100)", year);
		return PTDV_INVALID;
	}
	enum ptdv_err err = app_org_get(app, org_code, "--org", &o, errs);
	if (err)
		return err;
	err = store_begin(app->st);
	if (!err)
		err = store_target_get(app->st, o.id, year, &old);
	int64_t reg = registered >= 0 ? registered : old.registered;
	int64_t asg = assigned >= 0 ? assigned : old.assigned;
	int64_t wom = women >= 0 ? women : old.women;
	if (!err && wom >= 0 && wom > (asg >= 0 ? asg : reg >= 0 ? reg : wom)) {
		msgs_add(errs, 0, "--women", "chỉ tiêu nữ %lld lớn hơn chỉ tiêu %lld",
			(long long)wom, (long long)(asg >= 0 ? asg : reg));
		store_rollback(app->st);
		core_org_clear(&o);
		return PTDV_INVALID;
	}
	if (!err)
		err = store_target_set(app->st, o.id, year, reg, asg, wom);
	if (!err) {
		char key[96];
		snprintf(key, sizeof(key), "%s/%d", org_code, year);
		json_t *before = json_pack("{s:I, s:I, s:I}", "registered",
			(json_int_t)old.registered, "assigned", (json_int_t)old.assigned, "women",
			(json_int_t)old.women);
		json_t *after = json_pack("{s:I, s:I, s:I}", "registered", (json_int_t)reg,
			"assigned", (json_int_t)asg, "women", (json_int_t)wom);
		err = app__audit(app, "target.set", "target", key, before, after);
		json_decref(before);
		json_decref(after);
	}
	err = app__end(app, err, errs);
	core_org_clear(&o);
	return err;
}

enum ptdv_err app_target_list(struct app *app, const char *org_code, int year,
	enum ptdv_err (*fn)(void *arg, const struct store_target_row *r), void *arg,
	struct msgs *errs)
{
	struct org o = {0};
	const char *path = app->scope_path;
	enum ptdv_err err;
	if (org_code) {
		err = app_org_get(app, org_code, "--org", &o, errs);
		if (err)
			return err;
		path = o.path;
	}
	err = store_begin_read(app->st);
	if (!err)
		err = store_target_each(app->st, path, year, fn, arg);
	store_rollback(app->st);
	if (err == PTDV_DB)
		app__db_error(app, errs);
	core_org_clear(&o);
	return err;
}
