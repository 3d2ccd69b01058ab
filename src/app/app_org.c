/* app_org.c — terms of organisations, recorded member totals, targets and referral targets. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "app/app.h"
#include "app/app_impl.h"
#include "core/user.h"
#include "store/store.h"
#include "store/store_pipeline.h"

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

/* A read of the subtree of org_code (NULL = the actor's scope) for a year, in one snapshot. */
typedef enum ptdv_err (*subtree_read_fn)(
	struct store *st, const char *path, int year, void *fn, void *arg);

static enum ptdv_err read_subtree(struct app *app, const char *org_code, int year,
	subtree_read_fn read, void *fn, void *arg, struct msgs *errs)
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
		err = read(app->st, path, year, fn, arg);
	store_rollback(app->st);
	if (err == PTDV_DB)
		app__db_error(app, errs);
	core_org_clear(&o);
	return err;
}

static enum ptdv_err read_targets(struct store *st, const char *path, int year, void *fn, void *arg)
{
	return store_target_each(st, path, year, (store_target_fn)fn, arg);
}

enum ptdv_err app_target_list(struct app *app, const char *org_code, int year,
	enum ptdv_err (*fn)(void *arg, const struct store_target_row *r), void *arg,
	struct msgs *errs)
{
	return read_subtree(app, org_code, year, read_targets, (void *)fn, arg, errs);
}

enum ptdv_err app_referral_target_set(struct app *app, const char *org_code, int year, int source,
	int64_t target, struct msgs *errs)
{
	struct org o = {0};
	int64_t old = -1;
	if (app->role != ROLE_STAFF && app->role != ROLE_ADMIN) {
		msgs_add(errs, 0, "--referrals",
			"chỉ cán bộ Ban Tổ chức hoặc quản trị được giao chỉ tiêu giới thiệu");
		return PTDV_DENIED;
	}
	enum ptdv_err err = PTDV_OK;
	if (year < 1930 || year > 2100) {
		msgs_add(errs, 0, "--year", "năm %d không hợp lệ (1930–2100)", year);
		err = PTDV_INVALID;
	}
	if (source <= SRC_CELL || source >= SRC__MAX) {
		msgs_add(errs, 0, "--source",
			"nguồn giới thiệu không phải một đoàn thể; dùng youth, women, union, "
			"farmers, veterans hoặc front");
		err = PTDV_INVALID;
	}
	if (target < 0) {
		msgs_add(errs, 0, "--referrals", "chỉ tiêu giới thiệu %lld phải là số không âm",
			(long long)target);
		err = PTDV_INVALID;
	}
	if (err)
		return err;
	err = app_org_get(app, org_code, "--org", &o, errs);
	if (err)
		return err;
	err = store_begin(app->st);
	if (!err)
		err = store_referral_target_get(app->st, o.id, year, source, &old);
	if (!err)
		err = store_referral_target_set(app->st, o.id, year, source, target);
	if (!err) {
		char key[128];
		snprintf(key, sizeof(key), "%s/%d/%s", org_code, year,
			core_cand_source_word((enum cand_source)source));
		json_t *before = old >= 0 ? json_pack("{s:I}", "target", (json_int_t)old) : NULL;
		json_t *after = json_pack("{s:I}", "target", (json_int_t)target);
		err = app__audit(app, "referral_target.set", "referral_target", key, before, after);
		json_decref(before);
		json_decref(after);
	}
	err = app__end(app, err, errs);
	core_org_clear(&o);
	return err;
}

static enum ptdv_err read_referral_targets(
	struct store *st, const char *path, int year, void *fn, void *arg)
{
	return store_referral_target_each(st, path, year,
		(enum ptdv_err(*)(void *, const struct store_referral_target_row *))fn, arg);
}

enum ptdv_err app_referral_target_list(struct app *app, const char *org_code, int year,
	enum ptdv_err (*fn)(void *arg, const struct store_referral_target_row *r), void *arg,
	struct msgs *errs)
{
	return read_subtree(app, org_code, year, read_referral_targets, (void *)fn, arg, errs);
}

static bool may_move(struct app *app, struct msgs *errs)
{
	if (app->role == ROLE_ADMIN || app->role == ROLE_STAFF)
		return true;
	msgs_add(errs, 0, NULL,
		"chỉ quản trị viên hoặc cán bộ Ban Tổ chức chuyển sinh hoạt hoặc giải thể tổ chức");
	return false;
}

enum ptdv_err app_org_dissolve(struct app *app, const char *org_code, date_t day, struct msgs *errs)
{
	struct org o = {0};
	struct store_member_counts mc = {0};
	char a[DATE_STRLEN], b[DATE_STRLEN];
	if (!may_move(app, errs))
		return PTDV_DENIED;
	enum ptdv_err err = app_org_get(app, org_code, "--org", &o, errs);
	if (err)
		return err;
	if (day == DATE_NONE || day > app->today) {
		msgs_add(errs, 0, "--date", "cần ngày giải thể không sau hôm nay");
		err = PTDV_INVALID;
	} else if (o.dissolved != DATE_NONE && o.dissolved <= day) {
		msgs_add(errs, 0, "--date", "tổ chức '%s' đã giải thể ngày %s", o.code,
			date_format(o.dissolved, a));
		err = PTDV_INVALID;
	} else if (o.founded != DATE_NONE && day <= o.founded) {
		msgs_add(errs, 0, "--date", "ngày giải thể %s không sau ngày thành lập %s",
			date_format(day, a), date_format(o.founded, b));
		err = PTDV_INVALID;
	}
	if (err)
		goto out;
	err = store_begin(app->st);
	if (!err)
		err = store_count_members(app->st, o.path, day, &mc);
	if (!err && mc.total > 0) {
		store_rollback(app->st);
		msgs_add(errs, 0, "--org",
			"tổ chức '%s' còn %lld đảng viên sinh hoạt ngày %s; hãy chuyển sinh hoạt "
			"trước khi giải thể",
			o.code, (long long)mc.total, date_format(day, a));
		err = PTDV_CONFLICT;
		goto out;
	}
	if (!err)
		err = store_org_dissolve(app->st, o.path, day);
	if (!err) {
		json_t *after = json_pack("{s:s}", "dissolved", date_format_iso(day, a));
		err = app__audit(app, "org.dissolve", "org", o.code, NULL, after);
		json_decref(after);
	}
	err = app__end(app, err, errs);
out:
	core_org_clear(&o);
	return err;
}

enum ptdv_err app_member_transfer(
	struct app *app, const char *member, const char *org_code, date_t day, struct msgs *errs)
{
	struct org to = {0}, from = {0};
	struct store_member_fact f = {0};
	char a[DATE_STRLEN];
	int64_t id = 0;
	if (!may_move(app, errs))
		return PTDV_DENIED;
	enum ptdv_err err = app_org_get(app, org_code, "--org", &to, errs);
	if (err)
		return err;
	if (to.kind != ORG_CELL && to.kind != ORG_BASE_CELL) {
		msgs_add(errs, 0, "--org", "'%s' không phải chi bộ", to.code);
		err = PTDV_INVALID;
	} else if (day == DATE_NONE || day > app->today) {
		msgs_add(errs, 0, "--date", "cần ngày chuyển không sau hôm nay");
		err = PTDV_INVALID;
	} else if (!core_org_alive(&to, day)) {
		msgs_add(errs, 0, "--org", "chi bộ '%s' không hoạt động ngày %s", to.code,
			date_format(day, a));
		err = PTDV_INVALID;
	}
	if (err)
		goto out;
	err = store_begin(app->st);
	if (!err) {
		err = store_member_find(app->st, member ? member : "", &id);
		if (!err)
			err = store_member_fact_get(app->st, id, day, &f);
		if (err == PTDV_NOTFOUND) {
			store_rollback(app->st);
			msgs_add(errs, 0, "--member", "không tìm thấy đảng viên '%s'",
				member ? member : "");
			goto out;
		}
	}
	if (!err && f.org_id)
		err = store_org_by_id(app->st, f.org_id, &from);
	if (err)
		goto end;
	bool in_scope =
		f.org_id && strncmp(from.path, app->scope_path, strlen(app->scope_path)) == 0;
	if (!in_scope || (f.exit != DATE_NONE && f.exit <= day) || f.ceremony > day) {
		store_rollback(app->st);
		msgs_add(errs, 0, "--member",
			"đảng viên '%s' không sinh hoạt trong phạm vi ngày %s", member,
			date_format(day, a));
		err = PTDV_INVALID;
		goto out;
	}
	if (f.org_id == to.id || f.placed_since >= day) {
		store_rollback(app->st);
		msgs_add(errs, 0, "--date",
			"đảng viên '%s' đã sinh hoạt ở '%s' từ %s; ngày chuyển phải sau đó và sang "
			"chi bộ khác",
			member, from.code, date_format(f.placed_since, a));
		err = PTDV_INVALID;
		goto out;
	}
	err = store_member_transfer(app->st, id, to.id, day);
	if (!err) {
		json_t *before = json_pack("{s:s}", "org", from.code);
		json_t *after =
			json_pack("{s:s, s:s}", "org", to.code, "date", date_format_iso(day, a));
		err = app__audit(app, "member.transfer", "member", member, before, after);
		json_decref(before);
		json_decref(after);
	}
end:
	err = app__end(app, err, errs);
out:
	store_member_fact_clear(&f);
	core_org_clear(&to);
	core_org_clear(&from);
	return err;
}
