/* store_user.c — accounts, sessions and login attempts. */
#include "store/store_user.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_impl.h"
#include "util/xalloc.h"

#define USER_COLS "u.id, u.login, u.full_name, u.role, u.org_id, u.disabled, u.source"

/* Reads into u the USER_COLS of q from column first. */
static void read_user(struct db_stmt *q, int first, struct user *u)
{
	u->id = db_col_int(q, first);
	u->login = xstrdup(db_col_text(q, first + 1));
	u->full_name = xstrdup(db_col_text(q, first + 2));
	u->role = (enum role)db_col_int(q, first + 3);
	u->org_id = db_col_int(q, first + 4);
	u->disabled = db_col_int(q, first + 5) != 0;
	u->source = db_col_null(q, first + 6) ? 0 : (int)db_col_int(q, first + 6);
}

enum ptdv_err store_user_insert(
	struct store *st, struct user *u, const char *pass_hash, int64_t now)
{
	struct db_stmt *q =
		STMT(st, "INSERT INTO app_user(login, full_name, role, org_id, "
			 "pass_hash, disabled, created_at, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
			 "@returning");
	if (!q)
		return PTDV_DB;
	db_bind_text(q, 1, u->login, -1);
	db_bind_text(q, 2, u->full_name, -1);
	db_bind_int(q, 3, u->role);
	db_bind_opt_id(q, 4, u->org_id);
	db_bind_text(q, 5, pass_hash, -1);
	db_bind_int(q, 6, u->disabled);
	db_bind_int(q, 7, now);
	db_bind_opt_id(q, 8, u->source);
	return db_insert(q, &u->id);
}

enum ptdv_err store_user_by_login(
	struct store *st, const char *login, struct user *out, char **pass_hash)
{
	struct db_stmt *q = STMT(st, "SELECT " USER_COLS ", u.pass_hash FROM app_user u "
				     "WHERE u.login = ?");
	if (!q)
		return PTDV_DB;
	db_bind_text(q, 1, login, -1);
	enum ptdv_err err = db_step_one(q);
	if (!err) {
		read_user(q, 0, out);
		if (pass_hash)
			*pass_hash = xstrdup(db_col_text(q, 7));
	}
	db_done(q);
	return err;
}

enum ptdv_err store_user_by_id(struct store *st, int64_t id, struct user *out)
{
	struct db_stmt *q = STMT(st, "SELECT " USER_COLS " FROM app_user u WHERE u.id = ?");
	if (!q)
		return PTDV_DB;
	db_bind_int(q, 1, id);
	enum ptdv_err err = db_step_one(q);
	if (!err)
		read_user(q, 0, out);
	db_done(q);
	return err;
}

enum ptdv_err store_user_set_password(struct store *st, int64_t id, const char *pass_hash)
{
	struct db_stmt *q = STMT(st, "UPDATE app_user SET pass_hash = ? WHERE id = ?");
	if (!q)
		return PTDV_DB;
	db_bind_text(q, 1, pass_hash, -1);
	db_bind_int(q, 2, id);
	return db_run(q);
}

enum ptdv_err store_user_set_disabled(struct store *st, int64_t id, bool disabled)
{
	struct db_stmt *q = STMT(st, "UPDATE app_user SET disabled = ? WHERE id = ?");
	if (!q)
		return PTDV_DB;
	db_bind_int(q, 1, disabled);
	db_bind_int(q, 2, id);
	return db_run(q);
}

enum ptdv_err store_user_each(struct store *st, store_user_fn fn, void *arg)
{
	struct db_stmt *q = STMT(st, "SELECT " USER_COLS ", o.code FROM app_user u "
				     "LEFT JOIN org o ON o.id = u.org_id ORDER BY u.login");
	enum ptdv_err err;
	bool row;
	if (!q)
		return PTDV_DB;
	while ((err = db_step(q, &row)) == PTDV_OK && row) {
		struct user u = {0};
		read_user(q, 0, &u);
		err = fn(arg, &u, db_col_null(q, 7) ? NULL : db_col_text(q, 7));
		core_user_clear(&u);
		if (err)
			break;
	}
	db_done(q);
	return err;
}

enum ptdv_err store_session_insert(
	struct store *st, const char *token_hash, int64_t user_id, const char *csrf, int64_t now)
{
	struct db_stmt *q = STMT(st, "INSERT INTO session(token_hash, user_id, csrf, created_at, "
				     "last_seen) VALUES (?, ?, ?, ?, ?)");
	if (!q)
		return PTDV_DB;
	db_bind_text(q, 1, token_hash, -1);
	db_bind_int(q, 2, user_id);
	db_bind_text(q, 3, csrf, -1);
	db_bind_int(q, 4, now);
	db_bind_int(q, 5, now);
	return db_run(q);
}

/* The user's columns and its org's, after a row that names the user (alias u, org o). */
#define USER_ORG_COLS USER_COLS ", " STORE_ORG_COLS

/*
 * Reads the USER_ORG_COLS of q's row from column first: the user into u and its org, when
 * it names one, into o (else zeroed). PTDV_NOTFOUND when the org it names is gone.
 */
static enum ptdv_err read_user_org(struct db_stmt *q, int first, struct user *u, struct org *o)
{
	memset(o, 0, sizeof(*o));
	/* An org the user names but that is gone: as a lookup of it would say. */
	if (!db_col_null(q, first + 4) && db_col_null(q, first + 7))
		return PTDV_NOTFOUND;
	read_user(q, first, u);
	if (u->org_id)
		store__col_org(q, first + 7, o);
	return PTDV_OK;
}

enum ptdv_err store_session_resume(struct store *st, const char *token_hash,
	struct store_session *s, struct user *u, struct org *o)
{
	struct db_stmt *q =
		STMT(st, "SELECT s.user_id, s.csrf, s.created_at, s.last_seen, " USER_ORG_COLS
			 " FROM session s JOIN app_user u ON "
			 "u.id = s.user_id LEFT JOIN org o ON o.id = u.org_id "
			 "WHERE s.token_hash = ? AND s.ended_at IS NULL");
	memset(o, 0, sizeof(*o));
	if (!q)
		return PTDV_DB;
	db_bind_text(q, 1, token_hash, -1);
	enum ptdv_err err = db_step_one(q);
	if (!err)
		err = read_user_org(q, 4, u, o);
	if (!err) {
		s->user_id = db_col_int(q, 0);
		snprintf(s->csrf, sizeof(s->csrf), "%s", db_col_text(q, 1));
		s->created_at = db_col_int(q, 2);
		s->last_seen = db_col_int(q, 3);
	}
	db_done(q);
	return err;
}

enum ptdv_err store_session_touch(struct store *st, const char *token_hash, int64_t now)
{
	struct db_stmt *q = STMT(st, "UPDATE session SET last_seen = ? WHERE token_hash = ?");
	if (!q)
		return PTDV_DB;
	db_bind_int(q, 1, now);
	db_bind_text(q, 2, token_hash, -1);
	return db_run(q);
}

enum ptdv_err store_session_end(struct store *st, const char *token_hash, int64_t now)
{
	struct db_stmt *q = STMT(st, "UPDATE session SET ended_at = ? WHERE token_hash = ? "
				     "AND ended_at IS NULL");
	if (!q)
		return PTDV_DB;
	db_bind_int(q, 1, now);
	db_bind_text(q, 2, token_hash, -1);
	return db_run(q);
}

enum ptdv_err store_session_end_user(struct store *st, int64_t user_id, int64_t now)
{
	struct db_stmt *q = STMT(st, "UPDATE session SET ended_at = ? WHERE user_id = ? "
				     "AND ended_at IS NULL");
	if (!q)
		return PTDV_DB;
	db_bind_int(q, 1, now);
	db_bind_int(q, 2, user_id);
	return db_run(q);
}

enum ptdv_err store_token_insert(
	struct store *st, const char *token_hash, int64_t user_id, const char *label, int64_t now)
{
	struct db_stmt *q =
		STMT(st, "INSERT INTO api_token(token_hash, user_id, label, created_at) "
			 "VALUES (?, ?, ?, ?)");
	if (!q)
		return PTDV_DB;
	db_bind_text(q, 1, token_hash, -1);
	db_bind_int(q, 2, user_id);
	db_bind_text(q, 3, label, -1);
	db_bind_int(q, 4, now);
	return db_run(q);
}

enum ptdv_err store_token_resume(
	struct store *st, const char *token_hash, struct user *u, struct org *o)
{
	struct db_stmt *q = STMT(st, "SELECT " USER_ORG_COLS " FROM api_token t JOIN app_user u "
				     "ON u.id = t.user_id LEFT JOIN org o ON o.id = u.org_id "
				     "WHERE t.token_hash = ? AND t.revoked_at IS NULL");
	memset(o, 0, sizeof(*o));
	if (!q)
		return PTDV_DB;
	db_bind_text(q, 1, token_hash, -1);
	enum ptdv_err err = db_step_one(q);
	if (!err)
		err = read_user_org(q, 0, u, o);
	db_done(q);
	return err;
}

enum ptdv_err store_token_revoke(
	struct store *st, int64_t user_id, const char *label, int64_t now, int64_t *n)
{
	struct db_stmt *q = STMT(st, "SELECT count(*) FROM api_token WHERE user_id = ? "
				     "AND label = ? AND revoked_at IS NULL");
	*n = 0;
	if (!q)
		return PTDV_DB;
	db_bind_int(q, 1, user_id);
	db_bind_text(q, 2, label, -1);
	enum ptdv_err err = store__one_int(q, n);
	if (err || !*n)
		return err;
	q = STMT(st, "UPDATE api_token SET revoked_at = ? WHERE user_id = ? AND label = ? "
		     "AND revoked_at IS NULL");
	if (!q)
		return PTDV_DB;
	db_bind_int(q, 1, now);
	db_bind_int(q, 2, user_id);
	db_bind_text(q, 3, label, -1);
	return db_run(q);
}

enum ptdv_err store_login_attempt_add(
	struct store *st, const char *login, const char *address, bool ok, int64_t now)
{
	struct db_stmt *q = STMT(st, "INSERT INTO login_attempt(at, login, address, ok) "
				     "VALUES (?, ?, ?, ?)");
	if (!q)
		return PTDV_DB;
	db_bind_int(q, 1, now);
	db_bind_text(q, 2, login, -1);
	db_bind_text(q, 3, address, -1);
	db_bind_int(q, 4, ok);
	return db_run(q);
}

enum ptdv_err store_login_failures(struct store *st, const char *login, const char *address,
	int64_t since, int64_t *by_login, int64_t *by_address)
{
	struct db_stmt *q = STMT(st,
		"SELECT (SELECT count(*) FROM login_attempt WHERE login = ? AND at >= ? AND ok = 0), "
		"(SELECT count(*) FROM login_attempt WHERE address = ? AND at >= ? AND ok = 0)");
	bool row;
	if (!q)
		return PTDV_DB;
	db_bind_text(q, 1, login, -1);
	db_bind_int(q, 2, since);
	db_bind_text(q, 3, address, -1);
	db_bind_int(q, 4, since);
	enum ptdv_err err = db_step(q, &row);
	*by_login = !err && row ? db_col_int(q, 0) : 0;
	*by_address = !err && row ? db_col_int(q, 1) : 0;
	db_done(q);
	return err;
}
