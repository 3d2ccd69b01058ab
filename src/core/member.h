/*
 * member.h — party members: the dates of a membership and the facts that must hold
 * between them, and the counting rules of the reports (see README "Counting rules").
 */
#ifndef PTDV_CORE_MEMBER_H
#define PTDV_CORE_MEMBER_H

#include <stdbool.h>
#include <stdint.h>

#include "util/date.h"

struct msgs;
struct org;
struct person;

struct member {
	int64_t id;
	int64_t person_id;
	int64_t org_id;       /* org placed in at admission (the admitting org) */
	date_t decision_date; /* Ngày quyết định kết nạp; DATE_NONE when unknown */
	date_t ceremony_date; /* Ngày kết nạp; required */
	date_t official_date; /* Ngày chính thức; DATE_NONE while probationary */
	char *card_no;        /* Số thẻ đảng viên or NULL */
	date_t exit_date;     /* Ngày ra khỏi Đảng; DATE_NONE while a member */
	char *exit_reason;    /* Lý do */
};

/* Frees the strings of m (not m) and zeroes it. Accepts NULL. */
void core_member_clear(struct member *m);

/*
 * Checks the facts between a membership's dates, its person and the org it is placed in
 * on the ceremony date: decision ≤ ceremony ≤ official, ceremony ≤ exit, born before the
 * decision and at least 18 years old on it, a reason with every exit, the org alive on
 * the ceremony date. `today` bounds dates in the future. Adds every problem found to errs
 * (naming the interchange column) and returns how many.
 */
int core_member_check(const struct member *m, const struct person *p, const struct org *o,
	date_t today, long line, struct msgs *errs);

/*
 * Checks a member's move since the ceremony: admitted in `admit` and placed in `cur` from
 * `moved`, with nothing recorded between. The admitting org must be alive on the ceremony
 * date, the move after the ceremony, not in the future nor after the exit, and `cur` alive
 * on the day of the move. Adds problems to errs (columns "Tổ chức khi kết nạp", "Ngày
 * chuyển đến", "Mã tổ chức") and returns how many. Call core_member_check with o = NULL
 * beside it.
 */
int core_member_check_move(const struct member *m, const struct org *admit, const struct org *cur,
	date_t moved, date_t today, long line, struct msgs *errs);

/* The date an admission counts on: the decision date, or the ceremony date without one. */
date_t core_member_admission_date(const struct member *m);
/* A member counts on day d from the ceremony until the exit date (exclusive). */
bool core_member_active(const struct member *m, date_t d);
/* An active member is official on d once the official date is on or before d. */
bool core_member_official(const struct member *m, date_t d);

#endif
