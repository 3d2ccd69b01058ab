/* member.c — the facts between a membership's dates, and its counting rules. */
#include "core/member.h"

#include <stdlib.h>
#include <string.h>

#include "core/org.h"
#include "core/person.h"
#include "util/msgs.h"

/* Minimum age at the admission decision, in months (Điều lệ Đảng: đủ 18 tuổi). */
#define MIN_AGE_MONTHS 216

void core_member_clear(struct member *m)
{
	if (!m)
		return;
	free(m->card_no);
	free(m->exit_reason);
	memset(m, 0, sizeof(*m));
}

date_t core_member_admission_date(const struct member *m)
{
	return m->decision_date != DATE_NONE ? m->decision_date : m->ceremony_date;
}

bool core_member_active(const struct member *m, date_t d)
{
	if (m->ceremony_date == DATE_NONE || m->ceremony_date > d)
		return false;
	return m->exit_date == DATE_NONE || m->exit_date > d;
}

bool core_member_official(const struct member *m, date_t d)
{
	return core_member_active(m, d) && m->official_date != DATE_NONE && m->official_date <= d;
}

static void future(struct msgs *errs, long line, const char *col, date_t d, date_t today, int *n)
{
	char a[DATE_STRLEN], b[DATE_STRLEN];
	if (d != DATE_NONE && d > today) {
		msgs_add(errs, line, col, "ngày %s ở tương lai (hôm nay là %s)", date_format(d, a),
			date_format(today, b));
		(*n)++;
	}
}

int core_member_check(const struct member *m, const struct person *p, const struct org *o,
	date_t today, long line, struct msgs *errs)
{
	char a[DATE_STRLEN], b[DATE_STRLEN];
	int n = 0;

	if (m->ceremony_date == DATE_NONE) {
		msgs_add(errs, line, "Ngày kết nạp", "không được để trống");
		return 1;
	}
	future(errs, line, "Ngày quyết định kết nạp", m->decision_date, today, &n);
	future(errs, line, "Ngày kết nạp", m->ceremony_date, today, &n);
	future(errs, line, "Ngày chính thức", m->official_date, today, &n);
	future(errs, line, "Ngày ra khỏi Đảng", m->exit_date, today, &n);
	if (m->decision_date != DATE_NONE && m->ceremony_date < m->decision_date) {
		msgs_add(errs, line, "Ngày kết nạp",
			"ngày kết nạp %s trước ngày quyết định kết nạp %s",
			date_format(m->ceremony_date, a), date_format(m->decision_date, b));
		n++;
	}
	if (m->official_date != DATE_NONE && m->official_date <= m->ceremony_date) {
		msgs_add(errs, line, "Ngày chính thức",
			"ngày chính thức %s không sau ngày kết nạp %s",
			date_format(m->official_date, a), date_format(m->ceremony_date, b));
		n++;
	}
	if (m->exit_date != DATE_NONE && m->exit_date < m->ceremony_date) {
		msgs_add(errs, line, "Ngày ra khỏi Đảng",
			"ngày ra khỏi Đảng %s trước ngày kết nạp %s", date_format(m->exit_date, a),
			date_format(m->ceremony_date, b));
		n++;
	}
	if (m->exit_date != DATE_NONE && (!m->exit_reason || !*m->exit_reason)) {
		msgs_add(errs, line, "Lý do", "cần ghi lý do ra khỏi Đảng");
		n++;
	}
	if (m->exit_date == DATE_NONE && m->exit_reason && *m->exit_reason) {
		msgs_add(errs, line, "Ngày ra khỏi Đảng",
			"có lý do '%s' nhưng không có ngày ra khỏi Đảng", m->exit_reason);
		n++;
	}
	date_t adm = core_member_admission_date(m);
	if (p && p->birth_date != DATE_NONE) {
		if (p->birth_date >= adm) {
			msgs_add(errs, line, "Ngày sinh",
				"ngày sinh %s không trước ngày kết nạp %s",
				date_format(p->birth_date, a), date_format(adm, b));
			n++;
		} else if (date_months_between(p->birth_date, adm) < MIN_AGE_MONTHS) {
			int mo = date_months_between(p->birth_date, adm);
			msgs_add(errs, line, "Ngày sinh",
				"tuổi tại ngày quyết định kết nạp %s: %d năm %d tháng; cần đủ 18 tuổi",
				date_format(adm, a), mo / 12, mo % 12);
			n++;
		}
	}
	if (o && !core_org_alive(o, m->ceremony_date)) {
		msgs_add(errs, line, "Mã tổ chức",
			"tổ chức '%s' chưa thành lập hoặc đã giải thể vào ngày kết nạp %s", o->code,
			date_format(m->ceremony_date, a));
		n++;
	}
	return n;
}

int core_member_check_move(const struct member *m, const struct org *admit, const struct org *cur,
	date_t moved, date_t today, long line, struct msgs *errs)
{
	char a[DATE_STRLEN], b[DATE_STRLEN];
	int n = 0;

	if (m->ceremony_date != DATE_NONE && !core_org_alive(admit, m->ceremony_date)) {
		msgs_add(errs, line, "Tổ chức khi kết nạp",
			"tổ chức '%s' chưa thành lập hoặc đã giải thể vào ngày kết nạp %s",
			admit->code, date_format(m->ceremony_date, a));
		n++;
	}
	if (m->ceremony_date != DATE_NONE && moved <= m->ceremony_date) {
		msgs_add(errs, line, "Ngày chuyển đến",
			"ngày chuyển đến %s không sau ngày kết nạp %s", date_format(moved, a),
			date_format(m->ceremony_date, b));
		n++;
	}
	future(errs, line, "Ngày chuyển đến", moved, today, &n);
	if (m->exit_date != DATE_NONE && moved > m->exit_date) {
		msgs_add(errs, line, "Ngày chuyển đến",
			"ngày chuyển đến %s sau ngày ra khỏi Đảng %s", date_format(moved, a),
			date_format(m->exit_date, b));
		n++;
	}
	if (!core_org_alive(cur, moved)) {
		msgs_add(errs, line, "Mã tổ chức",
			"tổ chức '%s' chưa thành lập hoặc đã giải thể vào ngày chuyển đến %s",
			cur->code, date_format(moved, a));
		n++;
	}
	return n;
}
