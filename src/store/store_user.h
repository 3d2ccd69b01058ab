/*
 * store_user.h — persistence of accounts, sessions and login attempts (part of the store
 * interface; see store.h). Sessions and attempts are in the database so that several app
 * servers share them.
 */
#ifndef PTDV_STORE_STORE_USER_H
#define PTDV_STORE_STORE_USER_H

#include <stdbool.h>
#include <stdint.h>

#include "core/org.h"
#include "core/user.h"
#include "util/err.h"

struct store;

/* Inserts u with its password hash; sets u->id. PTDV_CONFLICT when the login is taken. */
enum ptdv_err store_user_insert(
	struct store *st, struct user *u, const char *pass_hash, int64_t now) PTDV_MUST_USE;
/* Loads a user by login; *pass_hash (caller frees) may be NULL. PTDV_NOTFOUND when none. */
enum ptdv_err store_user_by_login(
	struct store *st, const char *login, struct user *out, char **pass_hash) PTDV_MUST_USE;
enum ptdv_err store_user_by_id(struct store *st, int64_t id, struct user *out) PTDV_MUST_USE;
enum ptdv_err store_user_set_password(
	struct store *st, int64_t id, const char *pass_hash) PTDV_MUST_USE;
enum ptdv_err store_user_set_disabled(struct store *st, int64_t id, bool disabled) PTDV_MUST_USE;
/* Calls fn for every user in login order. */
typedef enum ptdv_err (*store_user_fn)(void *arg, const struct user *u, const char *org_code);
enum ptdv_err store_user_each(struct store *st, store_user_fn fn, void *arg) PTDV_MUST_USE;

struct store_session {
	int64_t user_id;
	char csrf[65];
	int64_t created_at, last_seen;
};
enum ptdv_err store_session_insert(struct store *st, const char *token_hash, int64_t user_id,
	const char *csrf, int64_t now) PTDV_MUST_USE;
/*
 * Loads an open session with its user and the user's org in one read (a request's first):
 * *o is filled when the user has an org (strings owned: core_org_clear), else zeroed.
 * PTDV_NOTFOUND when the session is not open, or its user or the user's org is missing.
 */
enum ptdv_err store_session_resume(struct store *st, const char *token_hash,
	struct store_session *s, struct user *u, struct org *o) PTDV_MUST_USE;
enum ptdv_err store_session_touch(
	struct store *st, const char *token_hash, int64_t now) PTDV_MUST_USE;
enum ptdv_err store_session_end(
	struct store *st, const char *token_hash, int64_t now) PTDV_MUST_USE;
/* Ends every open session of a user (password change, account disabled). */
enum ptdv_err store_session_end_user(struct store *st, int64_t user_id, int64_t now) PTDV_MUST_USE;

/* API tokens. */
enum ptdv_err store_token_insert(struct store *st, const char *token_hash, int64_t user_id,
	const char *label, int64_t now) PTDV_MUST_USE;
/*
 * Loads the user of an unrevoked token and the user's org in one read, as
 * store_session_resume. PTDV_NOTFOUND when the token is unknown or revoked, or its user
 * or the user's org is missing.
 */
enum ptdv_err store_token_resume(
	struct store *st, const char *token_hash, struct user *u, struct org *o) PTDV_MUST_USE;
/* Revokes, as of now, user_id's unrevoked tokens labelled label; *n: how many. */
enum ptdv_err store_token_revoke(struct store *st, int64_t user_id, const char *label, int64_t now,
	int64_t *n) PTDV_MUST_USE;

enum ptdv_err store_login_attempt_add(struct store *st, const char *login, const char *address,
	bool ok, int64_t now) PTDV_MUST_USE;
/* Failed attempts since `since` for the login and for the address. */
enum ptdv_err store_login_failures(struct store *st, const char *login, const char *address,
	int64_t since, int64_t *by_login, int64_t *by_address) PTDV_MUST_USE;

#endif
