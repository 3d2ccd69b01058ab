/*
 * app_user.h — accounts, logging in and sessions (use cases; see app.h for the rules
 * every use case follows).
 *
 * Passwords are hashed with argon2id (libsodium). A session is a random 256-bit token
 * given to the browser in a cookie; the database keeps only its BLAKE2b hash, so a copy of
 * the database does not give working sessions. Sessions end after IDLE_SECONDS without a
 * request or ABSOLUTE_SECONDS after login, on logout, on a password change and when the
 * account is disabled. Failed logins are throttled per account and per address.
 */
#ifndef PTDV_APP_APP_USER_H
#define PTDV_APP_APP_USER_H

#include <stdbool.h>
#include <stdint.h>

#include "app/app.h"
#include "core/user.h"
#include "store/store.h"

#define APP_SESSION_IDLE_SECONDS (30 * 60)
#define APP_SESSION_ABSOLUTE_SECONDS (12 * 60 * 60)
#define APP_LOGIN_WINDOW_SECONDS (15 * 60)
#define APP_LOGIN_MAX_FAILS_PER_LOGIN 5
#define APP_LOGIN_MAX_FAILS_PER_ADDRESS 20
#define APP_TOKEN_HEX 65 /* 64 hex digits + NUL */

struct app_session {
	struct user user;
	char org_code[64]; /* scope root code, "" for the whole database */
	char csrf[APP_TOKEN_HEX];
};

/*
 * Adds an account (admins only). org_code may be NULL for an admin of the whole database.
 * source is the mass organisation of a liaison (enum cand_source SRC_YOUTH..SRC_FRONT,
 * required for ROLE_LIAISON) and 0 for every other role; PTDV_INVALID with a message
 * otherwise.
 */
enum ptdv_err app_user_add(struct app *app, const char *login, const char *full_name,
	enum role role, int source, const char *org_code, const char *password,
	struct msgs *errs) PTDV_MUST_USE;
/* Sets a new password and ends the account's sessions. */
enum ptdv_err app_user_passwd(
	struct app *app, const char *login, const char *password, struct msgs *errs) PTDV_MUST_USE;
/* Disables (or enables again) an account; disabling ends its sessions. */
enum ptdv_err app_user_disable(
	struct app *app, const char *login, bool disabled, struct msgs *errs) PTDV_MUST_USE;
/* Calls fn for every account (admins only). */
typedef enum ptdv_err (*app_user_fn)(void *arg, const struct user *u, const char *org_code);
enum ptdv_err app_user_list(
	struct app *app, app_user_fn fn, void *arg, struct msgs *errs) PTDV_MUST_USE;

/*
 * Checks a login and password from address; on success opens a session and writes its
 * token (64 hex digits) to token. PTDV_DENIED with one Vietnamese message for a wrong
 * login or password (the same message for both), a disabled account or too many failures.
 */
enum ptdv_err app_login(struct app *app, const char *login, const char *password,
	const char *address, char token[APP_TOKEN_HEX], struct msgs *errs) PTDV_MUST_USE;
/*
 * Resumes the session of token: fills out and makes app act as that user (actor, role,
 * scope). PTDV_NOTFOUND for an unknown, ended or expired session (the caller clears out
 * with core_user_clear(&out->user)).
 */
enum ptdv_err app_session_resume(
	struct app *app, const char *token, struct app_session *out) PTDV_MUST_USE;
/*
 * Creates an API token for the account login (admins; a user for himself) and writes it
 * (64 hex digits, shown once) to token. label says what it is for ("báo cáo tự động").
 */
enum ptdv_err app_token_create(struct app *app, const char *login, const char *label,
	char token[APP_TOKEN_HEX], struct msgs *errs) PTDV_MUST_USE;
/*
 * Revokes the unrevoked API tokens of account login labelled label (admins, in their
 * scope): requests with them are refused from now on. Sets *n to how many; none is an
 * error naming the account and the label.
 */
enum ptdv_err app_token_revoke(struct app *app, const char *login, const char *label, int64_t *n,
	struct msgs *errs) PTDV_MUST_USE;
/* Like app_session_resume for an API token (no CSRF: tokens are not sent by browsers). */
enum ptdv_err app_token_resume(
	struct app *app, const char *token, struct app_session *out) PTDV_MUST_USE;

/* Ends the session of token (logging out). */
enum ptdv_err app_logout(struct app *app, const char *token) PTDV_MUST_USE;
/* The password of the demo city's accounts (synthetic data only; README "Demo data"). */
#define APP_DEMO_PASSWORD "demo-bac-ninh"
/*
 * Creates the demo city's accounts, all with APP_DEMO_PASSWORD: admin (Quản trị, the city),
 * bantochuc (Cán bộ Ban Tổ chức, the city), lanhdao (Lãnh đạo, the city), bithu.vean
 * (Bí thư, Đảng bộ phường Vệ An) and doanthanhnien (Cán bộ đoàn thể of the Đoàn Thanh niên,
 * the city: the Youth Union's referrals). city_code is the demo city's org code.
 */
enum ptdv_err app_demo_accounts(
	struct app *app, const char *city_code, struct msgs *errs) PTDV_MUST_USE;

/*
 * Calls fn for audit events newest first, below before_id (0 = from the newest), at most
 * limit (1–1000); admins only, and an admin of a subtree reads that subtree's events.
 */
enum ptdv_err app_audit_list(struct app *app, int64_t before_id, int limit, store_audit_fn fn,
	void *arg, struct msgs *errs) PTDV_MUST_USE;

/* Puts app back to acting as nobody (no scope), between two requests on one connection. */
void app_act_as_nobody(struct app *app);

#endif
