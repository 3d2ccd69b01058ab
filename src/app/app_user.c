/* app_user.c — accounts, login with throttling, sessions. */
#include "app/app_user.h"

#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/app_impl.h"
#include "core/candidate.h"
#include "store/store.h"
#include "store/store_user.h"
#include "util/xalloc.h"

/* argon2id cost: OWASP's 19 MiB, 2 passes — strong, and light enough for a busy server. */
#define PWHASH_OPS 2
#define PWHASH_MEM (19u << 20)

static const char WRONG_LOGIN[] = "tên đăng nhập hoặc mật khẩu không đúng";

static bool sodium_ready(void)
{
	return sodium_init() >= 0;
}

static bool hash_password(const char *password, char out[crypto_pwhash_STRBYTES])
{
	return sodium_ready() &&
	       crypto_pwhash_str(out, password, strlen(password), PWHASH_OPS, PWHASH_MEM) == 0;
}

/* A hash of a random password, verified against for unknown logins. */
static char dummy_hash[crypto_pwhash_STRBYTES];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;

static void make_dummy(void)
{
	unsigned char pw[16];
	randombytes_buf(pw, sizeof(pw));
	if (!sodium_ready() || crypto_pwhash_str(dummy_hash, (const char *)pw, sizeof(pw),
				       PWHASH_OPS, PWHASH_MEM) != 0)
		dummy_hash[0] = '\0';
}

static void hex_token_hash(const char *token, char out[APP_TOKEN_HEX])
{
	unsigned char h[32];
	crypto_generichash(h, sizeof(h), (const unsigned char *)token, strlen(token), NULL, 0);
	sodium_bin2hex(out, APP_TOKEN_HEX, h, sizeof(h));
}

static void random_hex(char out[APP_TOKEN_HEX])
{
	unsigned char r[32];
	randombytes_buf(r, sizeof(r));
	sodium_bin2hex(out, APP_TOKEN_HEX, r, sizeof(r));
}

static enum ptdv_err act_as(struct app *app, int64_t user_id, struct app_session *out);
static enum ptdv_err become(struct app *app, struct app_session *out, struct org *o);

static bool require_admin(struct app *app, struct msgs *errs)
{
	if (core_role_is_admin((enum role)app->role))
		return true;
	msgs_add(errs, 0, NULL, "chỉ quản trị viên được quản lý tài khoản");
	return false;
}

static bool check_login_text(const char *login, struct msgs *errs)
{
	size_t n = strlen(login);
	if (n < 3 || n > 64 || strspn(login, "abcdefghijklmnopqrstuvwxyz0123456789._-") != n) {
		msgs_add(errs, 0, "login",
			"tên đăng nhập '%s' không hợp lệ: 3–64 ký tự gồm chữ thường không dấu, "
			"chữ số, '.', '_' hoặc '-'",
			login);
		return false;
	}
	return true;
}

enum ptdv_err app_user_add(struct app *app, const char *login, const char *full_name,
	enum role role, int source, const char *org_code, const char *password, struct msgs *errs)
{
	struct org o = {0};
	char hash[crypto_pwhash_STRBYTES];
	enum ptdv_err err = PTDV_INVALID;
	if (!require_admin(app, errs))
		return PTDV_DENIED;
	bool ok = check_login_text(login, errs);
	if (!full_name || !*full_name) {
		msgs_add(errs, 0, "name", "họ và tên không được để trống");
		ok = false;
	}
	const char *why = core_password_problem(password);
	if (why) {
		msgs_add(errs, 0, "password", "%s", why);
		ok = false;
	}
	why = core_user_source_problem(role, source);
	if (why) {
		msgs_add(errs, 0, "source", "%s", why);
		ok = false;
	}
	if (org_code && *org_code) {
		if (app_org_get(app, org_code, "org", &o, errs) != PTDV_OK)
			ok = false;
	} else if (role != ROLE_ADMIN) {
		msgs_add(errs, 0, "org", "tài khoản %s phải gắn với một tổ chức",
			core_role_name(role));
		ok = false;
	} else if (strcmp(app->scope_path, "/") != 0) {
		msgs_add(errs, 0, "org",
			"chỉ quản trị toàn hệ thống được tạo quản trị toàn hệ thống");
		ok = false;
	}
	if (!ok)
		goto out;
	if (!hash_password(password, hash)) {
		msgs_add(errs, 0, NULL, "không tạo được mật khẩu (thiếu bộ nhớ?)");
		goto out;
	}
	struct user u = {.login = (char *)login,
		.full_name = (char *)full_name,
		.role = role,
		.org_id = o.id,
		.source = source};
	err = store_begin(app->st);
	if (!err)
		err = store_user_insert(app->st, &u, hash, (int64_t)time(NULL));
	if (err == PTDV_CONFLICT) {
		msgs_add(errs, 0, "login", "tên đăng nhập '%s' đã có", login);
		store_rollback(app->st);
		goto out;
	}
	if (!err) {
		json_t *after = json_pack("{s:s, s:s, s:s, s:s?}", "login", login, "name",
			full_name, "role", core_role_code(role), "org", org_code);
		if (source)
			json_object_set_new(after, "source",
				json_string(core_cand_source_word((enum cand_source)source)));
		err = app__audit(app, "user.add", "user", login, NULL, after);
		json_decref(after);
	}
	err = app__end(app, err, errs);
out:
	sodium_memzero(hash, sizeof(hash));
	core_org_clear(&o);
	return err;
}

/* Loads an account the acting admin may manage (in scope); adds a message when not. */
static enum ptdv_err managed_user(
	struct app *app, const char *login, struct user *u, struct msgs *errs)
{
	enum ptdv_err err = store_user_by_login(app->st, login, u, NULL);
	if (!err && u->org_id) {
		struct org o = {0};
		err = store_org_by_id(app->st, u->org_id, &o);
		if (!err && strncmp(o.path, app->scope_path, strlen(app->scope_path)) != 0)
			err = PTDV_NOTFOUND;
		core_org_clear(&o);
	} else if (!err && strcmp(app->scope_path, "/") != 0) {
		err = PTDV_NOTFOUND;
	}
	if (err == PTDV_NOTFOUND)
		msgs_add(errs, 0, "login", "không tìm thấy tài khoản '%s'", login);
	else if (err)
		app__db_error(app, errs);
	return err;
}

enum ptdv_err app_user_passwd(
	struct app *app, const char *login, const char *password, struct msgs *errs)
{
	struct user u = {0};
	char hash[crypto_pwhash_STRBYTES];
	if (!require_admin(app, errs))
		return PTDV_DENIED;
	const char *why = core_password_problem(password);
	if (why) {
		msgs_add(errs, 0, "password", "%s", why);
		return PTDV_INVALID;
	}
	enum ptdv_err err = managed_user(app, login, &u, errs);
	if (err)
		return err;
	if (!hash_password(password, hash)) {
		msgs_add(errs, 0, NULL, "không tạo được mật khẩu (thiếu bộ nhớ?)");
		core_user_clear(&u);
		return PTDV_INVALID;
	}
	err = store_begin(app->st);
	if (!err)
		err = store_user_set_password(app->st, u.id, hash);
	if (!err)
		err = store_session_end_user(app->st, u.id, (int64_t)time(NULL));
	if (!err)
		err = app__audit(app, "user.passwd", "user", login, NULL, NULL);
	err = app__end(app, err, errs);
	sodium_memzero(hash, sizeof(hash));
	core_user_clear(&u);
	return err;
}

enum ptdv_err app_user_disable(struct app *app, const char *login, bool disabled, struct msgs *errs)
{
	struct user u = {0};
	if (!require_admin(app, errs))
		return PTDV_DENIED;
	enum ptdv_err err = managed_user(app, login, &u, errs);
	if (err)
		return err;
	err = store_begin(app->st);
	if (!err)
		err = store_user_set_disabled(app->st, u.id, disabled);
	if (!err && disabled)
		err = store_session_end_user(app->st, u.id, (int64_t)time(NULL));
	if (!err) {
		json_t *before = json_pack("{s:b}", "disabled", u.disabled);
		json_t *after = json_pack("{s:b}", "disabled", disabled);
		err = app__audit(app, disabled ? "user.disable" : "user.enable", "user", login,
			before, after);
		json_decref(before);
		json_decref(after);
	}
	err = app__end(app, err, errs);
	core_user_clear(&u);
	return err;
}

struct list_ctx {
	struct app *app;
	app_user_fn fn;
	void *arg;
};

static enum ptdv_err list_one(void *arg, const struct user *u, const char *org_code)
{
	struct list_ctx *c = arg;
	if (strcmp(c->app->scope_path, "/") != 0) {
		/* Outside the whole database, only accounts of orgs in scope. */
		struct org o = {0};
		bool in = false;
		if (u->org_id && store_org_by_id(c->app->st, u->org_id, &o) == PTDV_OK)
			in = strncmp(o.path, c->app->scope_path, strlen(c->app->scope_path)) == 0;
		core_org_clear(&o);
		if (!in)
			return PTDV_OK;
	}
	return c->fn(c->arg, u, org_code);
}

enum ptdv_err app_user_list(struct app *app, app_user_fn fn, void *arg, struct msgs *errs)
{
	if (!require_admin(app, errs))
		return PTDV_DENIED;
	struct list_ctx c = {app, fn, arg};
	enum ptdv_err err = store_begin_read(app->st);
	if (!err)
		err = store_user_each(app->st, list_one, &c);
	store_rollback(app->st);
	if (err == PTDV_DB)
		app__db_error(app, errs);
	return err;
}

enum ptdv_err app_login(struct app *app, const char *login, const char *password,
	const char *address, char token[APP_TOKEN_HEX], struct msgs *errs)
{
	struct user u = {0};
	char *hash = NULL;
	int64_t now = (int64_t)time(NULL), fails_login = 0, fails_addr = 0;
	char token_hash[APP_TOKEN_HEX], csrf[APP_TOKEN_HEX];
	bool ok = false;

	if (!sodium_ready()) {
		msgs_add(errs, 0, NULL, "lỗi hệ thống: không khởi tạo được thư viện mật mã");
		return PTDV_DB;
	}
	enum ptdv_err err = store_login_failures(
		app->st, login, address, now - APP_LOGIN_WINDOW_SECONDS, &fails_login, &fails_addr);
	if (err) {
		app__db_error(app, errs);
		return err;
	}
	if (fails_login >= APP_LOGIN_MAX_FAILS_PER_LOGIN ||
		fails_addr >= APP_LOGIN_MAX_FAILS_PER_ADDRESS) {
		msgs_add(errs, 0, NULL,
			"đăng nhập sai quá nhiều lần; hãy thử lại sau %d phút hoặc liên hệ quản trị",
			APP_LOGIN_WINDOW_SECONDS / 60);
		return PTDV_DENIED;
	}
	err = store_user_by_login(app->st, login, &u, &hash);
	if (err && err != PTDV_NOTFOUND) {
		app__db_error(app, errs);
		return err;
	}
	if (!err) {
		ok = crypto_pwhash_str_verify(hash, password, strlen(password)) == 0 && !u.disabled;
	} else {
		/* Same work for an unknown login, so timing does not tell which logins exist. */
		pthread_once(&dummy_once, make_dummy);
		if (crypto_pwhash_str_verify(dummy_hash, password, strlen(password)) == 0)
			ok = false; /* cannot happen: nobody knows the dummy password */
	}
	err = store_begin(app->st);
	if (!err)
		err = store_login_attempt_add(app->st, login, address, ok, now);
	if (!err && ok) {
		random_hex(token);
		random_hex(csrf);
		hex_token_hash(token, token_hash);
		err = store_session_insert(app->st, token_hash, u.id, csrf, now);
		if (!err) {
			/* Logged as the user, in the user's scope, so the user's admins read it. */
			struct app_session as;
			err = act_as(app, u.id, &as);
			core_user_clear(&as.user);
		}
		if (!err) {
			json_t *after = json_pack("{s:s}", "address", address);
			err = app__audit(app, "login", "user", login, NULL, after);
			json_decref(after);
		}
	}
	err = app__end(app, err, errs);
	if (!err && !ok) {
		msgs_add(errs, 0, NULL, "%s", u.disabled ? "tài khoản đã bị khóa" : WRONG_LOGIN);
		err = PTDV_DENIED;
	}
	if (hash)
		sodium_memzero(hash, strlen(hash));
	free(hash);
	core_user_clear(&u);
	return err;
}

void app_act_as_nobody(struct app *app)
{
	free(app->actor);
	app->actor = xstrdup("anonymous");
	free(app->scope_path);
	app->scope_path = xstrdup("/nobody/"); /* matches no org path */
	free(app->scope_code);
	app->scope_code = NULL;
	app->role = 0;
	app->user_id = 0;
	app->source = 0;
}

enum ptdv_err app_session_resume(struct app *app, const char *token, struct app_session *out)
{
	struct store_session s;
	struct org o;
	char token_hash[APP_TOKEN_HEX];
	int64_t now = (int64_t)time(NULL);
	memset(out, 0, sizeof(*out));
	if (strlen(token) != APP_TOKEN_HEX - 1)
		return PTDV_NOTFOUND;
	hex_token_hash(token, token_hash);
	/* The session, its user and the user's org in one read: every request starts here. */
	enum ptdv_err err = store_session_resume(app->st, token_hash, &s, &out->user, &o);
	if (err)
		return err;
	if (now - s.last_seen > APP_SESSION_IDLE_SECONDS ||
		now - s.created_at > APP_SESSION_ABSOLUTE_SECONDS) {
		core_user_clear(&out->user);
		core_org_clear(&o);
		if (store_session_end(app->st, token_hash, now) != PTDV_OK)
			return PTDV_DB;
		return PTDV_NOTFOUND;
	}
	err = become(app, out, &o);
	if (err)
		return err;
	snprintf(out->csrf, sizeof(out->csrf), "%s", s.csrf);
	/* Write last_seen at most once a minute: reads should not all become writes. */
	if (now - s.last_seen >= 60 && store_session_touch(app->st, token_hash, now) != PTDV_OK)
		return PTDV_DB;
	return PTDV_OK;
}

/*
 * Makes app act as out->user (actor, role, scope), whose org (or a zeroed one when it has
 * none) is o; takes o's strings. PTDV_NOTFOUND, with out->user cleared, when disabled.
 */
static enum ptdv_err become(struct app *app, struct app_session *out, struct org *o)
{
	if (out->user.disabled) {
		core_user_clear(&out->user);
		core_org_clear(o);
		return PTDV_NOTFOUND;
	}
	char *path = xstrdup("/"), *code = NULL;
	if (out->user.org_id) {
		free(path);
		path = o->path;
		o->path = NULL;
		snprintf(out->org_code, sizeof(out->org_code), "%s", o->code);
		code = o->code;
		o->code = NULL;
	}
	core_org_clear(o);
	free(app->actor);
	app->actor = xstrdup(out->user.login);
	free(app->scope_path);
	app->scope_path = path;
	free(app->scope_code);
	app->scope_code = code;
	app->role = out->user.role;
	app->user_id = out->user.id;
	app->source = out->user.role == ROLE_LIAISON ? out->user.source : 0;
	return PTDV_OK;
}

/* Makes app act as user id (actor, role, scope) and fills out; PTDV_NOTFOUND when disabled. */
static enum ptdv_err act_as(struct app *app, int64_t user_id, struct app_session *out)
{
	struct org o = {0};
	enum ptdv_err err = store_user_by_id(app->st, user_id, &out->user);
	if (err)
		return err;
	if (!out->user.disabled && out->user.org_id) {
		err = store_org_by_id(app->st, out->user.org_id, &o);
		if (err) {
			core_user_clear(&out->user);
			return err;
		}
	}
	return become(app, out, &o);
}

enum ptdv_err app_token_resume(struct app *app, const char *token, struct app_session *out)
{
	char token_hash[APP_TOKEN_HEX];
	struct org o;
	memset(out, 0, sizeof(*out));
	if (strlen(token) != APP_TOKEN_HEX - 1)
		return PTDV_NOTFOUND;
	hex_token_hash(token, token_hash);
	/* The token, its user and the user's org in one read, as a session's. */
	enum ptdv_err err = store_token_resume(app->st, token_hash, &out->user, &o);
	if (err)
		return err;
	return become(app, out, &o);
}

enum ptdv_err app_token_create(struct app *app, const char *login, const char *label,
	char token[APP_TOKEN_HEX], struct msgs *errs)
{
	struct user u = {0};
	char token_hash[APP_TOKEN_HEX];
	if (!require_admin(app, errs))
		return PTDV_DENIED;
	if (!label || !*label) {
		msgs_add(errs, 0, "label", "hãy ghi mục đích của mã truy cập");
		return PTDV_INVALID;
	}
	enum ptdv_err err = managed_user(app, login, &u, errs);
	if (err)
		return err;
	random_hex(token);
	hex_token_hash(token, token_hash);
	err = store_begin(app->st);
	if (!err)
		err = store_token_insert(app->st, token_hash, u.id, label, (int64_t)time(NULL));
	if (!err) {
		json_t *after = json_pack("{s:s}", "label", label);
		err = app__audit(app, "token.create", "user", login, NULL, after);
		json_decref(after);
	}
	err = app__end(app, err, errs);
	core_user_clear(&u);
	return err;
}

enum ptdv_err app_token_revoke(
	struct app *app, const char *login, const char *label, int64_t *n, struct msgs *errs)
{
	struct user u = {0};
	*n = 0;
	if (!require_admin(app, errs))
		return PTDV_DENIED;
	if (!label || !*label) {
		msgs_add(errs, 0, "label", "hãy ghi nhãn của mã truy cập cần thu hồi");
		return PTDV_INVALID;
	}
	enum ptdv_err err = managed_user(app, login, &u, errs);
	if (err)
		return err;
	err = store_begin(app->st);
	if (!err)
		err = store_token_revoke(app->st, u.id, label, (int64_t)time(NULL), n);
	if (!err && !*n) {
		msgs_add(errs, 0, "label",
			"tài khoản '%s' không có mã truy cập nào còn hiệu lực mang nhãn '%s'",
			login, label);
		err = PTDV_NOTFOUND;
		store_rollback(app->st);
		core_user_clear(&u);
		return err;
	}
	if (!err) {
		json_t *after = json_pack("{s:s, s:I}", "label", label, "revoked", (json_int_t)*n);
		err = app__audit(app, "token.revoke", "user", login, NULL, after);
		json_decref(after);
	}
	err = app__end(app, err, errs);
	core_user_clear(&u);
	return err;
}

enum ptdv_err app_logout(struct app *app, const char *token)
{
	char token_hash[APP_TOKEN_HEX];
	if (strlen(token) != APP_TOKEN_HEX - 1)
		return PTDV_OK;
	hex_token_hash(token, token_hash);
	enum ptdv_err err = store_begin(app->st);
	if (!err)
		err = store_session_end(app->st, token_hash, (int64_t)time(NULL));
	if (!err)
		err = app__audit(app, "logout", "user", app->actor, NULL, NULL);
	if (!err)
		err = store_commit(app->st);
	if (err)
		store_rollback(app->st);
	return err;
}

enum ptdv_err app_demo_accounts(struct app *app, const char *city_code, struct msgs *errs)
{
	static const struct {
		const char *login, *name;
		enum role role;
		int source;
		const char *org; /* NULL = the city */
	} accounts[] = {
		{"admin", "Quản trị viên", ROLE_ADMIN, 0, NULL},
		{"bantochuc", "Nguyễn Thị Thu Hà", ROLE_STAFF, 0, NULL},
		{"lanhdao", "Trần Văn Hùng", ROLE_VIEWER, 0, NULL},
		{"bithu.vean", "Lê Minh Tuấn", ROLE_SECRETARY, 0, "BN-P05"},
		{"doanthanhnien", "Phạm Thị Hồng Nhung", ROLE_LIAISON, SRC_YOUTH, NULL},
	};
	for (size_t i = 0; i < sizeof(accounts) / sizeof(accounts[0]); i++) {
		enum ptdv_err err = app_user_add(app, accounts[i].login, accounts[i].name,
			accounts[i].role, accounts[i].source,
			accounts[i].org ? accounts[i].org : city_code, APP_DEMO_PASSWORD, errs);
		if (err)
			return err;
	}
	return PTDV_OK;
}

enum ptdv_err app_audit_list(struct app *app, int64_t before_id, int limit, store_audit_fn fn,
	void *arg, struct msgs *errs)
{
	if (!core_role_is_admin((enum role)app->role)) {
		msgs_add(errs, 0, NULL, "chỉ quản trị viên được xem nhật ký");
		return PTDV_DENIED;
	}
	if (limit < 1 || limit > 1000) {
		msgs_add(errs, 0, "limit", "số dòng phải từ 1 đến 1000 (đang là %d)", limit);
		return PTDV_INVALID;
	}
	enum ptdv_err err = store_begin_read(app->st);
	if (!err)
		err = store_audit_each(app->st, app->scope_path, before_id, limit, fn, arg);
	store_rollback(app->st);
	if (err == PTDV_DB)
		app__db_error(app, errs);
	return err;
}
