/*
 * rules.c — the table of admission rules and their checks.
 *
 * The table has one row per rule and regulation: the Charter's implementing regulation
 * changed in 2016 (29-QĐ/TW), 2021 (24-QĐ/TW), January 2025 (232-QĐ/TW) and July 2025
 * (294-QĐ/TW), with the Secretariat's and the Organisation Commission's guidance beside
 * them. The numbers have stayed the same through these regulations, so each regulation's
 * rows are written by one macro with the regulation's name and dates; a regulation that
 * changes a number gets its rows written out. Messages name the rule, the numbers that
 * failed and the source of the row in force.
 */
#include "core/rules.h"

#include <stdio.h>
#include <string.h>

#include "core/calendar.h"
#include "util/buf.h"
#include "util/msgs.h"
#include "util/vn.h"

/* Rules whose numbers are the same under every regulation since 2016. */
#define RULE_ROWS(SRC, FROM, TO) \
	{RULE_AGE, "Tuổi đời", {{"min_months", 216}, {"max_months", 720}}, NULL, SRC, FROM, TO}, \
		{RULE_EDUCATION, "Trình độ học vấn", {{"min_level", EDU_LOWER_SECONDARY}}, NULL, \
			SRC, FROM, TO}, \
		{RULE_COURSE, "Giấy chứng nhận học lớp bồi dưỡng nhận thức về Đảng", \
			{{"valid_months", 60}}, NULL, SRC, FROM, TO}, \
		{RULE_DOSSIER_AGE, "Thời hạn giá trị của hồ sơ", {{"max_months", 12}}, NULL, SRC, \
			FROM, TO}, \
		{RULE_INTRODUCERS, "Người giới thiệu", \
			{{"count", 2}, {"together_months", 12}, {"official_whole_period", 1}}, \
			NULL, SRC, FROM, TO}, \
		{RULE_DOSSIER_COMPLETE, "Hồ sơ đầy đủ trước khi chi bộ xét", {{NULL, 0}}, NULL, \
			SRC, FROM, TO}, \
		{RULE_VOTE, "Biểu quyết", {{"num", 2}, {"den", 3}}, NULL, SRC, FROM, TO}, \
		{RULE_DECISION_DEADLINE, "Thời hạn quyết định kết nạp", \
			{{"working_days", 60}, {"extension", 30}}, NULL, SRC, FROM, TO}, \
		{RULE_CEREMONY_DEADLINE, "Thời hạn tổ chức lễ kết nạp", {{"working_days", 30}}, \
			NULL, SRC, FROM, TO}, \
		{RULE_PROBATION, "Thời gian dự bị", {{"months", 12}, {"alert_days", 30}}, NULL, \
			SRC, FROM, TO}, \
		{RULE_RECOGNITION, "Thời hạn xét công nhận đảng viên chính thức", \
			{{"meeting_working_days", 30}, {"decision_working_days", 30}, \
				{"extension", 30}}, \
			NULL, SRC, FROM, TO}, \
		{RULE_OFFICIAL_DATE, "Ngày công nhận chính thức", {{NULL, 0}}, NULL, SRC, FROM, \
			TO}, \
		{RULE_PARTY_AGE, "Tuổi đảng", {{NULL, 0}}, NULL, SRC, FROM, TO}, \
		{RULE_READMISSION, "Kết nạp lại", {{"min_months", 36}}, READMIT_BARRED, SRC, FROM, \
			TO}, \
		{RULE_COMPETENT, "Cấp có thẩm quyền quyết định kết nạp", {{NULL, 0}}, NULL, SRC, \
			FROM, TO}, \
	{ \
		RULE_HELPER, "Đảng viên giúp đỡ", {{NULL, 0}}, NULL, SRC, FROM, TO \
	}

/*
 * Exit reasons that bar readmission (folded keywords): leaving party activity on one's
 * own, asking to leave, serious disunity, a conviction for corruption or a serious crime.
 */
#define READMIT_BARRED "bỏ sinh hoạt;xin ra khỏi đảng;mất đoàn kết;tham nhũng;kết án"

static const struct rule builtin[] = {
	RULE_ROWS("Điều lệ Đảng; Quy định 29-QĐ/TW ngày 25/7/2016; Hướng dẫn 01-HD/TW ngày "
		  "20/9/2016",
		0, 20210729),
	RULE_ROWS("Điều lệ Đảng; Quy định 24-QĐ/TW ngày 30/7/2021; Hướng dẫn 01-HD/TW ngày "
		  "28/9/2021; Hướng dẫn 12-HD/BTCTW năm 2022",
		20210730, 20250119),
	RULE_ROWS(
		"Điều lệ Đảng; Quy định 232-QĐ/TW ngày 20/01/2025; Hướng dẫn 12-HD/BTCTW năm 2022",
		20250120, 20250630),
	RULE_ROWS("Điều lệ Đảng; Quy định 294-QĐ/TW ngày 26/5/2025 (hiệu lực 01/7/2025); Hướng dẫn "
		  "06-HD/TW năm 2025",
		20250701, 0),
};

const struct rule *core_rules_table(size_t *n)
{
	*n = sizeof(builtin) / sizeof(builtin[0]);
	return builtin;
}

/* The day as yyyymmdd, the form of the table's validity (compared as integers). */
static int day_key(date_t day)
{
	int y, m, d;
	date_to_ymd(day, &y, &m, &d);
	return y * 10000 + m * 100 + d;
}

static bool in_force(const struct rule *r, int key)
{
	return (!r->from || key >= r->from) && (!r->to || key <= r->to);
}

bool core_rule_in_force(const struct rule *r, date_t day)
{
	return in_force(r, day_key(day));
}

int core_rules_at(const struct rule *table, size_t n, date_t day, struct rule_set *set)
{
	int missing = 0, key = day_key(day);
	memset(set, 0, sizeof(*set));
	for (size_t i = 0; i < n; i++) {
		const struct rule *r = &table[i];
		if (r->id <= 0 || r->id >= RULE__MAX)
			continue;
		const struct rule *have = set->r[r->id];
		if (in_force(r, key)) {
			set->r[r->id] = r;
			continue;
		}
		/* Not in force: keep it only as the earliest row, until one in force turns up. */
		if (!have || (!in_force(have, key) && r->from < have->from))
			set->r[r->id] = r;
	}
	for (int k = 1; k < RULE__MAX; k++)
		missing += set->r[k] == NULL;
	return missing;
}

void core_rules_default(date_t day, struct rule_set *set)
{
	size_t n;
	const struct rule *t = core_rules_table(&n);
	(void)core_rules_at(t, n, day, set);
}

const char *core_rule_label(const struct rule *r, char *out, size_t size)
{
	snprintf(out, size, "Quy tắc %d – %s", (int)r->id, r->name);
	return out;
}

/* Adds one failure of rule r: the text, then the source in parentheses. */
static void fail(const struct rule *r, struct msgs *out, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void fail(const struct rule *r, struct msgs *out, const char *fmt, ...)
{
	char label[160];
	struct buf b = BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	msgs_add(out, 0, core_rule_label(r, label, sizeof(label)), "%s (theo %s)", b.s, r->source);
	buf_free(&b);
}

static int P(const struct rule *r, int i)
{
	return r->p[i].value;
}

/* "17 năm 9 tháng" */
static const char *years_months(int months, char *out, size_t size)
{
	snprintf(out, size, "%d năm %d tháng", months / 12, months % 12);
	return out;
}

/* --- documents --- */

static const char *const doc_names[DOC__MAX] = {
	[DOC_APPLICATION] = "Đơn xin vào Đảng",
	[DOC_HISTORY] = "Lý lịch của người xin vào Đảng",
	[DOC_VERIFICATION] = "Kết quả thẩm tra lý lịch",
	[DOC_INTRODUCTION] = "Giấy giới thiệu người vào Đảng",
	[DOC_YOUTH_RESOLUTION] = "Nghị quyết giới thiệu đoàn viên của Đoàn cơ sở",
	[DOC_UNION_RESOLUTION] = "Nghị quyết giới thiệu của Công đoàn cơ sở",
	[DOC_WORK_OPINION] = "Tổng hợp ý kiến nhận xét của đoàn thể nơi làm việc",
	[DOC_HOME_OPINION] = "Tổng hợp ý kiến nhận xét của chi ủy nơi cư trú",
};

const char *core_doc_name(enum doc_kind k)
{
	return k > 0 && k < DOC__MAX ? doc_names[k] : "";
}

bool core_doc_expires(enum doc_kind k)
{
	return k == DOC_INTRODUCTION || k == DOC_YOUTH_RESOLUTION || k == DOC_UNION_RESOLUTION ||
	       k == DOC_WORK_OPINION || k == DOC_HOME_OPINION;
}

/* --- the checks --- */

int core_rule_check_age(const struct rule *r, date_t birth, date_t review, date_t decision,
	date_t over60_approval, struct msgs *out)
{
	char a[DATE_STRLEN], b[DATE_STRLEN], c[DATE_STRLEN], ym[32];
	if (birth == DATE_NONE) {
		fail(r, out, "chưa có ngày sinh để tính tuổi tại ngày chi bộ xét %s",
			date_format(review, a));
		return 1;
	}
	int months = date_months_between(birth, review);
	if (months < P(r, P_AGE_MIN_MONTHS)) {
		fail(r, out, "Tuổi tại ngày chi bộ xét (%s): %s; cần đủ %d tuổi",
			date_format(review, a),
			years_months(months < 0 ? 0 : months, ym, sizeof(ym)),
			P(r, P_AGE_MIN_MONTHS) / 12);
		return 1;
	}
	if (decision == DATE_NONE || months <= P(r, P_AGE_MAX_MONTHS))
		return 0;
	if (over60_approval != DATE_NONE && over60_approval <= decision)
		return 0;
	if (over60_approval == DATE_NONE)
		fail(r, out,
			"Tuổi tại ngày chi bộ xét (%s): %s, trên %d tuổi; cần văn bản đồng ý của cấp "
			"có thẩm quyền trước ngày quyết định",
			date_format(review, a), years_months(months, ym, sizeof(ym)),
			P(r, P_AGE_MAX_MONTHS) / 12);
	else
		fail(r, out,
			"Tuổi tại ngày chi bộ xét (%s): %s, trên %d tuổi; văn bản đồng ý đề ngày %s, "
			"sau ngày quyết định %s",
			date_format(review, a), years_months(months, ym, sizeof(ym)),
			P(r, P_AGE_MAX_MONTHS) / 12, date_format(over60_approval, b),
			date_format(decision, c));
	return 1;
}

int core_rule_check_education(
	const struct rule *r, enum education edu, date_t review, date_t exception, struct msgs *out)
{
	char a[DATE_STRLEN];
	if ((int)edu >= P(r, P_EDU_MIN_LEVEL))
		return 0;
	if (exception != DATE_NONE && exception <= review)
		return 0;
	if (edu == EDU_NONE)
		fail(r, out, "chưa ghi trình độ học vấn; cần từ %s trở lên",
			core_education_name((enum education)P(r, P_EDU_MIN_LEVEL)));
	else
		fail(r, out,
			"trình độ học vấn %s, cần từ %s trở lên (hoặc trường hợp ngoại lệ được ghi "
			"nhận trước ngày chi bộ xét %s)",
			core_education_name(edu),
			core_education_name((enum education)P(r, P_EDU_MIN_LEVEL)),
			date_format(review, a));
	return 1;
}

int core_rule_check_course(
	const struct rule *r, date_t certificate, date_t review, struct msgs *out)
{
	char a[DATE_STRLEN], b[DATE_STRLEN], c[DATE_STRLEN];
	if (certificate == DATE_NONE) {
		fail(r, out, "chưa có giấy chứng nhận học lớp bồi dưỡng nhận thức về Đảng");
		return 1;
	}
	if (certificate > review) {
		fail(r, out, "giấy chứng nhận đề ngày %s, sau ngày chi bộ xét %s",
			date_format(certificate, a), date_format(review, b));
		return 1;
	}
	date_t until = date_add_months(certificate, P(r, P_COURSE_VALID_MONTHS));
	if (review <= until)
		return 0;
	fail(r, out,
		"giấy chứng nhận đề ngày %s có giá trị %d tháng, đến %s; chi bộ xét ngày %s, quá "
		"hạn %d ngày",
		date_format(certificate, a), P(r, P_COURSE_VALID_MONTHS), date_format(until, b),
		date_format(review, c), (int)(review - until));
	return 1;
}

int core_rule_check_dossier_age(const struct rule *r, const struct rule_doc *docs, size_t n,
	date_t review, struct msgs *out)
{
	char a[DATE_STRLEN], b[DATE_STRLEN], ym[32];
	int failed = 0;
	for (size_t i = 0; i < n; i++) {
		const struct rule_doc *d = &docs[i];
		if (!core_doc_expires(d->kind) || d->date == DATE_NONE)
			continue;
		date_t until = date_add_months(d->date, P(r, P_DOSSIER_MAX_MONTHS));
		if (review <= until)
			continue;
		int months = date_months_between(d->date, review);
		fail(r, out,
			"%s%s%s đề ngày %s đã %s tại ngày chi bộ xét %s (quá %d tháng); phải làm lại",
			core_doc_name(d->kind), d->who ? " của " : "", d->who ? d->who : "",
			date_format(d->date, a), years_months(months, ym, sizeof(ym)),
			date_format(review, b), P(r, P_DOSSIER_MAX_MONTHS));
		failed++;
	}
	return failed;
}

int core_rule_check_introducers(const struct rule *r, const struct rule_introducer *in, size_t n,
	date_t youth_resolution, date_t union_resolution, enum tristate youth_member,
	struct msgs *out)
{
	char a[DATE_STRLEN], b[DATE_STRLEN], ym[32];
	struct msgs why; /* why each introducer does not qualify; kept only if too few do */
	int good = 0;
	msgs_init(&why, 0);
	for (size_t i = 0; i < n; i++) {
		const struct rule_introducer *x = &in[i];
		date_format(x->introduced, a);
		if (!x->member || x->official == DATE_NONE || x->official > x->introduced) {
			if (x->member && x->official != DATE_NONE)
				fail(r, &why,
					"người giới thiệu %s chưa là đảng viên chính thức ngày giới "
					"thiệu %s (chính thức từ %s)",
					x->name, a, date_format(x->official, b));
			else
				fail(r, &why,
					"người giới thiệu %s không phải đảng viên chính thức ngày giới "
					"thiệu %s",
					x->name, a);
			continue;
		}
		date_t since = x->together_since;
		bool whole = P(r, P_INTRO_OFFICIAL_WHOLE_PERIOD) != 0;
		if (since == DATE_NONE) {
			fail(r, &why,
				"chưa ghi từ ngày nào người giới thiệu %s công tác cùng người vào Đảng",
				x->name);
			continue;
		}
		if (whole && x->official > since)
			since = x->official;
		int months = since <= x->introduced ? date_months_between(since, x->introduced) : 0;
		if (months < P(r, P_INTRO_TOGETHER_MONTHS)) {
			fail(r, &why,
				"người giới thiệu %s %scùng công tác với người vào Đảng %s tính đến ngày "
				"giới thiệu %s (từ %s); cần ít nhất %d tháng",
				x->name, whole ? "là đảng viên chính thức và " : "",
				years_months(months, ym, sizeof(ym)), a, date_format(since, b),
				P(r, P_INTRO_TOGETHER_MONTHS));
			continue;
		}
		good++;
	}
	int need = P(r, P_INTRO_COUNT);
	bool youth_ok = youth_resolution != DATE_NONE && youth_member == TRI_YES;
	if (youth_ok || union_resolution != DATE_NONE)
		need--;
	if (good >= need) {
		msgs_free(&why);
		return 0;
	}
	if (youth_resolution != DATE_NONE && !youth_ok)
		fail(r, &why,
			"nghị quyết giới thiệu của Đoàn chỉ thay một người giới thiệu khi người vào "
			"Đảng là đoàn viên");
	fail(r, &why, "có %d người giới thiệu đủ điều kiện; cần %d%s", good, need,
		need < P(r, P_INTRO_COUNT)
			? " cùng nghị quyết giới thiệu của đoàn thể"
			: " (hoặc 1 người và nghị quyết giới thiệu của Đoàn hoặc Công đoàn)");
	int failed = (int)why.n;
	for (size_t i = 0; i < why.n; i++)
		msgs_add(out, why.v[i].line, why.v[i].field, "%s", why.v[i].text);
	msgs_free(&why);
	return failed;
}

int core_rule_check_dossier_complete(const struct rule *r, const date_t have[DOC__MAX],
	int introductions, date_t review, struct msgs *out)
{
	static const enum doc_kind required[] = {
		DOC_APPLICATION, DOC_HISTORY, DOC_VERIFICATION, DOC_WORK_OPINION, DOC_HOME_OPINION};
	char a[DATE_STRLEN], b[DATE_STRLEN];
	int failed = 0;
	for (size_t i = 0; i < sizeof(required) / sizeof(required[0]); i++) {
		date_t d = have[required[i]];
		if (d == DATE_NONE) {
			fail(r, out, "thiếu %s", core_doc_name(required[i]));
			failed++;
		} else if (d > review) {
			fail(r, out, "%s đề ngày %s, sau ngày chi bộ xét %s",
				core_doc_name(required[i]), date_format(d, a),
				date_format(review, b));
			failed++;
		}
	}
	bool resolution =
		(have[DOC_YOUTH_RESOLUTION] != DATE_NONE && have[DOC_YOUTH_RESOLUTION] <= review) ||
		(have[DOC_UNION_RESOLUTION] != DATE_NONE && have[DOC_UNION_RESOLUTION] <= review);
	int need = 2 - (resolution ? 1 : 0);
	if (introductions < need) {
		fail(r, out, "có %d giấy giới thiệu; cần %d%s", introductions, need,
			resolution
				? " cùng nghị quyết giới thiệu của đoàn thể"
				: " (hoặc 1 giấy và nghị quyết giới thiệu của Đoàn hoặc Công đoàn)");
		failed++;
	}
	return failed;
}

int core_rule_check_vote(const struct rule *r, const char *body, const char *base_name, int base,
	int yes, struct msgs *out)
{
	int num = P(r, P_VOTE_NUM), den = P(r, P_VOTE_DEN);
	int need = (num * base + den - 1) / den;
	if (yes >= need && base > 0)
		return 0;
	if (base <= 0)
		fail(r, out, "%s có 0 %s: không thể biểu quyết", body, base_name);
	else
		fail(r, out, "%s: %d tán thành trên %d %s; cần ít nhất %d (%d/%d)", body, yes, base,
			base_name, need, num, den);
	return 1;
}

int core_rule_check_decision_deadline(const struct rule *r, struct calendar *cal, date_t resolution,
	date_t decision, date_t extension, struct msgs *out)
{
	char a[DATE_STRLEN], b[DATE_STRLEN], c[DATE_STRLEN];
	int n = P(r, P_DECISION_WORKING_DAYS);
	date_t due = core_calendar_add_working(cal, resolution, n);
	bool extended = extension != DATE_NONE && extension <= due;
	if (extended) {
		n += P(r, P_DECISION_EXTENSION);
		due = core_calendar_add_working(cal, resolution, n);
	}
	if (decision <= due)
		return 0;
	fail(r, out,
		"quyết định ngày %s là ngày làm việc thứ %d kể từ nghị quyết của chi bộ ngày %s; "
		"hạn là %d ngày làm việc (đến %s)%s",
		date_format(decision, a), core_calendar_working_between(cal, resolution, decision),
		date_format(resolution, b), n, date_format(due, c),
		extended ? ", đã tính gia hạn" : "");
	return 1;
}

int core_rule_check_ceremony_deadline(const struct rule *r, struct calendar *cal, date_t received,
	date_t ceremony, date_t late_approval, struct msgs *out)
{
	char a[DATE_STRLEN], b[DATE_STRLEN], c[DATE_STRLEN];
	int n = P(r, P_CEREMONY_WORKING_DAYS);
	date_t due = core_calendar_add_working(cal, received, n);
	if (ceremony <= due)
		return 0;
	if (late_approval != DATE_NONE && late_approval <= ceremony)
		return 0;
	fail(r, out,
		"lễ kết nạp ngày %s là ngày làm việc thứ %d kể từ ngày nhận quyết định %s; hạn là "
		"%d ngày làm việc (đến %s); tổ chức muộn cần văn bản đồng ý",
		date_format(ceremony, a), core_calendar_working_between(cal, received, ceremony),
		date_format(received, b), n, date_format(due, c));
	return 1;
}

date_t core_rule_probation_end(const struct rule *r, date_t ceremony)
{
	return date_add_months(ceremony, P(r, P_PROBATION_MONTHS));
}

int core_rule_check_probation(const struct rule *r, date_t ceremony, date_t vote,
	date_t self_assessment, date_t helper_assessment, struct msgs *out)
{
	char a[DATE_STRLEN], b[DATE_STRLEN];
	int failed = 0;
	date_t end = core_rule_probation_end(r, ceremony);
	if (vote < end) {
		fail(r, out, "chi bộ xét ngày %s, trước khi hết %d tháng dự bị (%s)",
			date_format(vote, a), P(r, P_PROBATION_MONTHS), date_format(end, b));
		failed++;
	}
	if (self_assessment == DATE_NONE || self_assessment > vote) {
		fail(r, out,
			"chưa có bản tự kiểm điểm của đảng viên dự bị trước ngày chi bộ xét %s",
			date_format(vote, a));
		failed++;
	}
	if (helper_assessment == DATE_NONE || helper_assessment > vote) {
		fail(r, out, "chưa có bản nhận xét của đảng viên giúp đỡ trước ngày chi bộ xét %s",
			date_format(vote, a));
		failed++;
	}
	return failed;
}

int core_rule_check_recognition(const struct rule *r, struct calendar *cal, date_t probation_end,
	date_t vote, date_t decision, date_t extension, struct msgs *out)
{
	char a[DATE_STRLEN], b[DATE_STRLEN], c[DATE_STRLEN];
	int failed = 0;
	int n = P(r, P_RECOG_MEETING_WORKING_DAYS);
	date_t due = core_calendar_add_working(cal, probation_end, n);
	if (vote > due) {
		fail(r, out,
			"chi bộ xét công nhận chính thức ngày %s, ngày làm việc thứ %d sau khi hết dự "
			"bị (%s); hạn là %d ngày làm việc (đến %s)",
			date_format(vote, a),
			core_calendar_working_between(cal, probation_end, vote),
			date_format(probation_end, b), n, date_format(due, c));
		failed++;
	}
	if (decision == DATE_NONE)
		return failed;
	int m = P(r, P_RECOG_DECISION_WORKING_DAYS);
	date_t ddue = core_calendar_add_working(cal, vote, m);
	bool extended = extension != DATE_NONE && extension <= ddue;
	if (extended) {
		m += P(r, P_RECOG_EXTENSION);
		ddue = core_calendar_add_working(cal, vote, m);
	}
	if (decision > ddue) {
		fail(r, out,
			"quyết định công nhận ngày %s là ngày làm việc thứ %d sau nghị quyết của chi bộ "
			"ngày %s; hạn là %d ngày làm việc (đến %s)%s",
			date_format(decision, a),
			core_calendar_working_between(cal, vote, decision), date_format(vote, b), m,
			date_format(ddue, c), extended ? ", đã tính gia hạn" : "");
		failed++;
	}
	return failed;
}

int core_rule_check_official_date(const struct rule *r, const struct rule *probation,
	date_t ceremony, date_t official, struct msgs *out)
{
	char a[DATE_STRLEN], b[DATE_STRLEN], c[DATE_STRLEN];
	date_t end = core_rule_probation_end(probation, ceremony);
	if (official == end)
		return 0;
	fail(r, out, "ngày chính thức %s phải là ngày hết dự bị %s (kết nạp %s + %d tháng)",
		date_format(official, a), date_format(end, b), date_format(ceremony, c),
		P(probation, P_PROBATION_MONTHS));
	return 1;
}

int core_rule_party_age_months(
	date_t decision, const date_t *gap_from, const date_t *gap_to, size_t ngaps, date_t day)
{
	if (decision == DATE_NONE || day <= decision)
		return 0;
	int64_t gap_days = 0;
	for (size_t i = 0; i < ngaps; i++) {
		date_t lo = gap_from[i] > decision ? gap_from[i] : decision;
		date_t hi = gap_to[i] < day ? gap_to[i] : day;
		if (hi > lo)
			gap_days += hi - lo;
	}
	/* Gaps shift the start later by their length; months are counted as ages are. */
	date_t start = decision + (date_t)gap_days;
	return start < day ? date_months_between(start, day) : 0;
}

int core_rule_check_readmission(
	const struct rule *r, date_t exit, const char *exit_reason, date_t day, struct msgs *out)
{
	char a[DATE_STRLEN], b[DATE_STRLEN], ym[32];
	if (exit == DATE_NONE)
		return 0;
	int failed = 0;
	if (exit_reason && *exit_reason && r->text) {
		struct buf reason = BUF_INIT, word = BUF_INIT;
		vn_fold(exit_reason, strlen(exit_reason), &reason);
		const char *p = r->text;
		while (*p) {
			const char *e = strchr(p, ';');
			size_t len = e ? (size_t)(e - p) : strlen(p);
			buf_reset(&word);
			vn_fold(p, len, &word);
			if (word.len && strstr(reason.s, word.s)) {
				fail(r, out,
					"ra khỏi Đảng ngày %s với lý do '%s': không xem xét kết nạp "
					"lại",
					date_format(exit, a), exit_reason);
				failed++;
				break;
			}
			p += len + (e ? 1 : 0);
		}
		buf_free(&reason);
		buf_free(&word);
	}
	int months = exit <= day ? date_months_between(exit, day) : 0;
	if (months < P(r, P_READMIT_MIN_MONTHS)) {
		fail(r, out,
			"ra khỏi Đảng ngày %s, đến ngày %s mới được %s; kết nạp lại cần ít nhất %d "
			"tháng",
			date_format(exit, a), date_format(day, b),
			years_months(months, ym, sizeof(ym)), P(r, P_READMIT_MIN_MONTHS));
		failed++;
	}
	return failed;
}

int core_rule_check_competent(const struct rule *r, const char *deciding, const char *competent,
	date_t decision, struct msgs *out)
{
	char a[DATE_STRLEN];
	if (!competent) {
		fail(r, out, "không tìm thấy cấp ủy cấp trên có thẩm quyền ngày %s",
			date_format(decision, a));
		return 1;
	}
	if (deciding && strcmp(deciding, competent) == 0)
		return 0;
	fail(r, out, "quyết định của '%s', nhưng cấp có thẩm quyền ngày %s là '%s'",
		deciding ? deciding : "", date_format(decision, a), competent);
	return 1;
}

int core_rule_check_helper(const struct rule *r, const char *name, date_t official, bool member,
	date_t day, struct msgs *out)
{
	char a[DATE_STRLEN], b[DATE_STRLEN];
	if (member && official != DATE_NONE && official <= day)
		return 0;
	if (member && official != DATE_NONE)
		fail(r, out, "%s chưa là đảng viên chính thức ngày %s (chính thức từ %s)", name,
			date_format(day, a), date_format(official, b));
	else
		fail(r, out, "%s không phải đảng viên chính thức ngày %s", name,
			date_format(day, a));
	return 1;
}
