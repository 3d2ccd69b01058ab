/*
 * user.h — user accounts: roles and what each may do. Scope (which organisations a user
 * sees) is the subtree of the user's org; app/ enforces it on every read and write.
 */
#ifndef PTDV_CORE_USER_H
#define PTDV_CORE_USER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

enum role {
	ROLE_ADMIN = 1, /* quản trị: accounts, audit, everything in scope */
	ROLE_STAFF = 2, /* cán bộ Ban Tổ chức: plans, targets, dossiers, decisions, reports */
	ROLE_SECRETARY = 3, /* bí thư chi bộ / tổ chức cơ sở: its own subtree */
	ROLE_LIAISON = 4,   /* cán bộ đoàn thể: its own referrals */
	ROLE_VIEWER = 5,    /* lãnh đạo: read-only */
	ROLE__MAX
};

struct user {
	int64_t id;
	char *login;
	char *full_name;
	enum role role;
	int64_t org_id; /* scope root; 0 = whole database (admins only) */
	int source;     /* a liaison's mass organisation (enum cand_source); 0 for other roles */
	bool disabled;
};

/* Frees the strings of u and zeroes it. Accepts NULL. */
void core_user_clear(struct user *u);
/* Vietnamese name of a role ("Quản trị"); "?" for an unknown value. */
const char *core_role_name(enum role r);
/* Short code used on the command line ("admin", "staff", ...). */
const char *core_role_code(enum role r);
/* Parses a role code or Vietnamese name; PTDV_INVALID when unknown. */
enum ptdv_err core_role_parse(const char *s, enum role *out) PTDV_MUST_USE;
/* True for roles that may record data (not viewers, not liaisons). */
bool core_role_can_write(enum role r);
/*
 * True for roles that may add a person to a cell's source list: those that record data, and
 * liaisons, who refer (with their own mass organisation as the source, and nothing more).
 */
bool core_role_can_refer(enum role r);
/* True for roles that see the party's member records (member lists, a person's page). */
bool core_role_sees_members(enum role r);
/*
 * Checks the mass organisation of an account of role r: a liaison needs one of the mass
 * organisations (enum cand_source SRC_YOUTH..SRC_FRONT), any other role none (0). Returns
 * a Vietnamese reason, or NULL when fine.
 */
const char *core_user_source_problem(enum role r, int source);
/* Whether the role may import files (whole lists of a subtree): administrators and staff. */
bool core_role_can_import(enum role r);
/* True for roles that manage accounts and read the audit log. */
bool core_role_is_admin(enum role r);

/* Password policy: at least 10 characters; returns a Vietnamese reason or NULL when fine. */
const char *core_password_problem(const char *password);

#endif
