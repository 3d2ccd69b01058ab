/* user.c — roles and the password policy. */
#include "core/user.h"

#include "core/candidate.h"

#include <stdlib.h>
#include <string.h>

static const struct {
	const char *code;
	const char *name;
} roles[ROLE__MAX] = {
	[ROLE_ADMIN] = {"admin", "Quản trị"},
	[ROLE_STAFF] = {"staff", "Cán bộ Ban Tổ chức"},
	[ROLE_SECRETARY] = {"secretary", "Bí thư chi bộ, đảng bộ"},
	[ROLE_LIAISON] = {"liaison", "Cán bộ đoàn thể"},
	[ROLE_VIEWER] = {"viewer", "Lãnh đạo (chỉ xem)"},
};

void core_user_clear(struct user *u)
{
	if (!u)
		return;
	free(u->login);
	free(u->full_name);
	memset(u, 0, sizeof(*u));
}

const char *core_role_name(enum role r)
{
	return r > 0 && r < ROLE__MAX ? roles[r].name : "?";
}

const char *core_role_code(enum role r)
{
	return r > 0 && r < ROLE__MAX ? roles[r].code : "?";
}

enum ptdv_err core_role_parse(const char *s, enum role *out)
{
	for (int r = 1; r < ROLE__MAX; r++) {
		if (strcmp(s, roles[r].code) == 0 || strcmp(s, roles[r].name) == 0) {
			*out = (enum role)r;
			return PTDV_OK;
		}
	}
	return PTDV_INVALID;
}

bool core_role_can_write(enum role r)
{
	return r == ROLE_ADMIN || r == ROLE_STAFF || r == ROLE_SECRETARY;
}

bool core_role_can_refer(enum role r)
{
	return core_role_can_write(r) || r == ROLE_LIAISON;
}

bool core_role_sees_members(enum role r)
{
	return r > 0 && r < ROLE__MAX && r != ROLE_LIAISON;
}

const char *core_user_source_problem(enum role r, int source)
{
	if (r == ROLE_LIAISON && (source < SRC_YOUTH || source > SRC_FRONT))
		return "tài khoản cán bộ đoàn thể phải gắn với một tổ chức chính trị - xã hội "
		       "(youth, women, union, farmers, veterans, front)";
	if (r != ROLE_LIAISON && source != 0)
		return "chỉ tài khoản cán bộ đoàn thể mới gắn với một tổ chức chính trị - xã hội";
	return NULL;
}

bool core_role_can_import(enum role r)
{
	return r == ROLE_ADMIN || r == ROLE_STAFF;
}

bool core_role_is_admin(enum role r)
{
	return r == ROLE_ADMIN;
}

const char *core_password_problem(const char *password)
{
	if (strlen(password) < 10)
		return "mật khẩu phải có ít nhất 10 ký tự";
	return NULL;
}
