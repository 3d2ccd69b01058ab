/*
 * org.h — party organisations: kinds, the hierarchy's shape, and when an org is alive.
 */
#ifndef PTDV_CORE_ORG_H
#define PTDV_CORE_ORG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/date.h"
#include "util/err.h"

enum org_kind {
	ORG_SUPERIOR = 1,       /* Đảng bộ cấp trên (Thành ủy, Tỉnh ủy, ...) */
	ORG_BASE_COMMITTEE = 2, /* Đảng bộ cơ sở */
	ORG_BASE_CELL = 3,      /* Chi bộ cơ sở */
	ORG_SUB_COMMITTEE = 4,  /* Đảng bộ bộ phận */
	ORG_CELL = 5,           /* Chi bộ trực thuộc */
	ORG_KIND__MAX
};

struct org {
	int64_t id;
	char *code;
	char *name;
	enum org_kind kind;
	int64_t parent_id; /* 0 = root */
	char *path;        /* materialized path "/1/5/23/", set by the store */
	date_t founded;    /* DATE_NONE = unknown (always existed) */
	date_t dissolved;  /* DATE_NONE = still alive */
};

/* A congress term (nhiệm kỳ) of an org, with its admission target for the whole term. */
struct term {
	int64_t id;
	int64_t org_id;
	char *name; /* "2020–2025" */
	date_t start;
	date_t end;     /* DATE_NONE = open */
	int64_t target; /* -1 = none */
};

/* Frees the strings of o (not o itself) and zeroes it. Accepts NULL. */
void core_org_clear(struct org *o);
/* Frees the strings of t and zeroes it. Accepts NULL. */
void core_term_clear(struct term *t);

/* Returns the Vietnamese name of kind as used in the interchange files ("Đảng bộ cơ sở"). */
const char *core_org_kind_name(enum org_kind kind);
/*
 * Parses a kind name, ignoring case, accents and extra blanks ("dang bo co so" works).
 * Returns PTDV_OK and sets *out, or PTDV_INVALID.
 */
enum ptdv_err core_org_kind_parse(const char *s, size_t len, enum org_kind *out) PTDV_MUST_USE;
/* Returns true for the kinds that are base organisations (tổ chức cơ sở đảng). */
bool core_org_kind_is_base(enum org_kind kind);
/* Returns true when an org of kind child may sit directly under an org of kind parent. */
bool core_org_parent_allowed(enum org_kind parent, enum org_kind child);
/* Returns true when o exists on day d: founded on or before d (or unknown), not dissolved on or before d. */
bool core_org_alive(const struct org *o, date_t d);
/*
 * Checks the org's own fields (code, name, dates). Adds each problem to errs with line and
 * the interchange column it concerns. Returns the number of problems added.
 */
struct msgs;
int core_org_check(const struct org *o, long line, struct msgs *errs);

#endif
