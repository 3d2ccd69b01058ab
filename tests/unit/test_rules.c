/*
 * test_rules.c — the Party's admission rules (core/rules.h) at their boundaries and one
 * step beyond, table-driven: 18 years exactly and one day short, 60 years, the certificate
 * on its 60th month and the day after, two thirds of 14 and of 3, an introducer official
 * for the whole 12 months and one day short, the 60th and 61st working day across Tết,
 * the ceremony on the 30th and 31st working day, and each documented exception honoured.
 * Also the working-day calendar, the choice of the rules in force on a day, and the bound of
 * a case's deadline that the due list filters on (core_candidate_due_floor).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "core/calendar.h"
#include "core/candidate.h"
#include "core/rules.h"
#include "util/msgs.h"

static date_t D(const char *iso)
{
	date_t d = DATE_NONE;
	assert_int_equal(date_parse(iso, strlen(iso), &d), PTDV_OK);
	return d;
}

/* The rows in force on 22/04/2024 (Quy định 24-QĐ/TW). */
static const struct rule *R(enum rule_id id)
{
	struct rule_set set;
	core_rules_default(D("2024-04-22"), &set);
	assert_non_null(set.r[id]);
	return set.r[id];
}

/* 2024 as the government scheduled it: Tết 08–14/02, the April bridge, a Saturday worked. */
static void calendar_2024(struct calendar *c)
{
	static const char *const off[] = {"2024-01-01", "2024-02-08", "2024-02-09", "2024-02-12",
		"2024-02-13", "2024-02-14", "2024-04-18", "2024-04-29", "2024-04-30", "2024-05-01",
		"2024-09-02", "2024-09-03"};
	for (size_t i = 0; i < sizeof(off) / sizeof(off[0]); i++)
		core_calendar_set(c, D(off[i]), DAY_OFF);
	core_calendar_set(c, D("2024-05-04"), DAY_WORKING);
}

/*
 * Runs one check case: expects `fails` failures and, when want is set, a message containing
 * it; every message must name its rule.
 */
static void expect(
	const char *name, int got, struct msgs *m, int fails, const char *want, const char *label)
{
	if (got != fails || (int)msgs_count(m) != fails) {
		fprintf(stderr, "%s: %d failures (%zu messages), want %d\n", name, got,
			msgs_count(m), fails);
		for (size_t i = 0; i < m->n; i++)
			fprintf(stderr, "  %s: %s\n", m->v[i].field, m->v[i].text);
		fail();
	}
	if (want) {
		bool found = false;
		for (size_t i = 0; i < m->n; i++)
			found |= strstr(m->v[i].text, want) != NULL;
		if (!found) {
			fprintf(stderr, "%s: no message contains '%s'\n", name, want);
			for (size_t i = 0; i < m->n; i++)
				fprintf(stderr, "  %s\n", m->v[i].text);
			fail();
		}
	}
	for (size_t i = 0; i < m->n; i++)
		assert_string_equal(m->v[i].field, label);
	msgs_free(m);
}

struct age_case {
	const char *name, *birth, *review, *decision, *approval;
	int fails;
	const char *want;
};

static void test_age(void **state)
{
	(void)state;
	static const struct age_case C[] = {
		{"18 years exactly", "2006-04-22", "2024-04-22", NULL, NULL, 0, NULL},
		{"one day short of 18", "2006-04-23", "2024-04-22", NULL, NULL, 1,
			"Tuổi tại ngày chi bộ xét (22/04/2024): 17 năm 11 tháng; cần đủ 18 tuổi"},
		{"17 years 9 months", "2006-07-10", "2024-04-22", NULL, NULL, 1,
			"17 năm 9 tháng; cần đủ 18 tuổi"},
		{"born 29/02, 18 on 01/03", "2004-02-29", "2022-03-01", NULL, NULL, 0, NULL},
		{"born 29/02, 28/02 is short", "2004-02-29", "2022-02-28", NULL, NULL, 1, NULL},
		{"60 years exactly at the review", "1964-03-10", "2024-03-10", "2024-04-01", NULL,
			0, NULL},
		{"60 years and a month, no approval", "1964-03-10", "2024-04-10", "2024-05-02",
			NULL, 1, "60 năm 1 tháng, trên 60 tuổi; cần văn bản đồng ý"},
		{"over 60, approval before the decision (exception honoured)", "1964-03-10",
			"2024-04-10", "2024-05-02", "2024-04-30", 0, NULL},
		{"over 60, approval on the decision day", "1964-03-10", "2024-04-10", "2024-05-02",
			"2024-05-02", 0, NULL},
		{"over 60, approval after the decision", "1964-03-10", "2024-04-10", "2024-05-02",
			"2024-05-03", 1, "sau ngày quyết định 02/05/2024"},
		{"over 60 is not checked at the cell's vote", "1950-01-01", "2024-04-10", NULL,
			NULL, 0, NULL},
	};
	const struct rule *r = R(RULE_AGE);
	for (size_t i = 0; i < sizeof(C) / sizeof(C[0]); i++) {
		struct msgs m;
		msgs_init(&m, 0);
		const struct age_case *c = &C[i];
		int got = core_rule_check_age(r, D(c->birth), D(c->review),
			c->decision ? D(c->decision) : DATE_NONE,
			c->approval ? D(c->approval) : DATE_NONE, &m);
		expect(c->name, got, &m, c->fails, c->want, "Quy tắc 1 – Tuổi đời");
	}
}

static void test_education(void **state)
{
	(void)state;
	const struct rule *r = R(RULE_EDUCATION);
	const char *label = "Quy tắc 2 – Trình độ học vấn";
	struct msgs m;
	msgs_init(&m, 0);
	date_t review = D("2024-04-22");
	expect("THCS", core_rule_check_education(r, EDU_LOWER_SECONDARY, review, DATE_NONE, &m), &m,
		0, NULL, label);
	expect("Tiểu học", core_rule_check_education(r, EDU_PRIMARY, review, DATE_NONE, &m), &m, 1,
		"trình độ học vấn Tiểu học, cần từ THCS trở lên", label);
	expect("Tiểu học with the exception (honoured)",
		core_rule_check_education(r, EDU_PRIMARY, review, D("2024-04-01"), &m), &m, 0, NULL,
		label);
	expect("exception recorded after the review",
		core_rule_check_education(r, EDU_PRIMARY, review, D("2024-04-23"), &m), &m, 1, NULL,
		label);
	expect("not recorded", core_rule_check_education(r, EDU_NONE, review, DATE_NONE, &m), &m, 1,
		"chưa ghi trình độ học vấn", label);
}

static void test_course(void **state)
{
	(void)state;
	const struct rule *r = R(RULE_COURSE);
	const char *label = "Quy tắc 3 – Giấy chứng nhận học lớp bồi dưỡng nhận thức về Đảng";
	struct msgs m;
	msgs_init(&m, 0);
	expect("on the day 60 months after",
		core_rule_check_course(r, D("2019-03-15"), D("2024-03-15"), &m), &m, 0, NULL,
		label);
	expect("the day after", core_rule_check_course(r, D("2019-03-15"), D("2024-03-16"), &m), &m,
		1,
		"giấy chứng nhận đề ngày 15/03/2019 có giá trị 60 tháng, đến 15/03/2024; chi bộ xét "
		"ngày 16/03/2024, quá hạn 1 ngày",
		label);
	expect("no certificate", core_rule_check_course(r, DATE_NONE, D("2024-03-16"), &m), &m, 1,
		"chưa có giấy chứng nhận", label);
}

static void test_dossier_age(void **state)
{
	(void)state;
	const struct rule *r = R(RULE_DOSSIER_AGE);
	const char *label = "Quy tắc 4 – Thời hạn giá trị của hồ sơ";
	struct rule_doc docs[] = {
		{DOC_WORK_OPINION, D("2023-03-01"), NULL},
		{DOC_APPLICATION, D("2020-01-01"), NULL}, /* does not expire */
		{DOC_INTRODUCTION, D("2023-06-01"), "Trần Văn B"},
	};
	struct msgs m;
	msgs_init(&m, 0);
	expect("12 months exactly", core_rule_check_dossier_age(r, docs, 3, D("2024-03-01"), &m),
		&m, 0, NULL, label);
	expect("12 months and a day", core_rule_check_dossier_age(r, docs, 3, D("2024-03-02"), &m),
		&m, 1, "Tổng hợp ý kiến nhận xét của đoàn thể nơi làm việc đề ngày 01/03/2023",
		label);
	expect("two old", core_rule_check_dossier_age(r, docs, 3, D("2024-06-02"), &m), &m, 2,
		"Giấy giới thiệu người vào Đảng của Trần Văn B", label);
}

struct intro_case {
	const char *name;
	const char *official[3]; /* NULL ends; "-" = not a member */
	const char *youth, *union_res;
	enum tristate youth_member;
	int fails;
	const char *want;
};

static void test_introducers(void **state)
{
	(void)state;
	static const struct intro_case C[] = {
		{"two official for the whole 12 months", {"2023-03-01", "2010-01-01"}, NULL, NULL,
			TRI_NO, 0, NULL},
		{"one official a day short of 12 months", {"2023-03-02", "2010-01-01"}, NULL, NULL,
			TRI_NO, 2,
			"người giới thiệu Người 1 là đảng viên chính thức và cùng công tác với người "
			"vào Đảng 0 năm 11 tháng"},
		{"one not yet official", {"2024-03-02", "2010-01-01"}, NULL, NULL, TRI_NO, 2,
			"chưa là đảng viên chính thức ngày giới thiệu 01/03/2024 (chính thức từ "
			"02/03/2024)"},
		{"one not a member", {"-", "2010-01-01"}, NULL, NULL, TRI_NO, 2,
			"không phải đảng viên chính thức"},
		{"one and a Youth Union resolution for a member", {"2010-01-01"}, "2024-02-01",
			NULL, TRI_YES, 0, NULL},
		{"one and a Youth Union resolution, not a member", {"2010-01-01"}, "2024-02-01",
			NULL, TRI_NO, 2,
			"chỉ thay một người giới thiệu khi người vào Đảng là đoàn viên"},
		{"one and a trade-union resolution", {"2010-01-01"}, NULL, "2024-02-01", TRI_NO, 0,
			NULL},
		{"one alone", {"2010-01-01"}, NULL, NULL, TRI_NO, 1,
			"có 1 người giới thiệu đủ điều kiện; cần 2"},
		{"three, one short: enough qualify", {"2023-03-02", "2010-01-01", "2012-01-01"},
			NULL, NULL, TRI_NO, 0, NULL},
	};
	const struct rule *r = R(RULE_INTRODUCERS);
	for (size_t i = 0; i < sizeof(C) / sizeof(C[0]); i++) {
		const struct intro_case *c = &C[i];
		struct rule_introducer in[3];
		char names[3][16];
		size_t n = 0;
		for (; n < 3 && c->official[n]; n++) {
			snprintf(names[n], sizeof(names[n]), "Người %zu", n + 1);
			bool member = strcmp(c->official[n], "-") != 0;
			in[n] = (struct rule_introducer){
				.name = names[n],
				.introduced = D("2024-03-01"),
				.official = member ? D(c->official[n]) : DATE_NONE,
				.member = member,
				.together_since = D("2015-01-01"),
			};
		}
		struct msgs m;
		msgs_init(&m, 0);
		int got = core_rule_check_introducers(r, in, n, c->youth ? D(c->youth) : DATE_NONE,
			c->union_res ? D(c->union_res) : DATE_NONE, c->youth_member, &m);
		expect(c->name, got, &m, c->fails, c->want, "Quy tắc 5 – Người giới thiệu");
	}
	/* Worked together for a shorter time than official: together counts. */
	struct rule_introducer x = {
		"Người 1", D("2024-03-01"), D("2000-01-01"), true, D("2023-03-02"), 0};
	struct rule_introducer y = {
		"Người 2", D("2024-03-01"), D("2000-01-01"), true, D("2023-03-01"), 0};
	struct msgs m;
	msgs_init(&m, 0);
	struct rule_introducer pair[] = {x, y};
	expect("together a day short",
		core_rule_check_introducers(r, pair, 2, DATE_NONE, DATE_NONE, TRI_NO, &m), &m, 2,
		"từ 02/03/2023", "Quy tắc 5 – Người giới thiệu");
}

static void test_dossier_complete(void **state)
{
	(void)state;
	const struct rule *r = R(RULE_DOSSIER_COMPLETE);
	const char *label = "Quy tắc 6 – Hồ sơ đầy đủ trước khi chi bộ xét";
	date_t have[DOC__MAX];
	for (int k = 0; k < DOC__MAX; k++)
		have[k] = k ? D("2024-01-10") : DATE_NONE;
	have[DOC_YOUTH_RESOLUTION] = have[DOC_UNION_RESOLUTION] = DATE_NONE;
	struct msgs m;
	msgs_init(&m, 0);
	date_t review = D("2024-02-01");
	expect("complete", core_rule_check_dossier_complete(r, have, 2, review, &m), &m, 0, NULL,
		label);
	expect("one introduction", core_rule_check_dossier_complete(r, have, 1, review, &m), &m, 1,
		"có 1 giấy giới thiệu; cần 2", label);
	have[DOC_YOUTH_RESOLUTION] = D("2024-01-15");
	expect("one introduction and a resolution",
		core_rule_check_dossier_complete(r, have, 1, review, &m), &m, 0, NULL, label);
	have[DOC_VERIFICATION] = DATE_NONE;
	have[DOC_HOME_OPINION] = D("2024-02-02");
	expect("missing and late", core_rule_check_dossier_complete(r, have, 1, review, &m), &m, 2,
		"thiếu Kết quả thẩm tra lý lịch", label);
}

struct vote_case {
	int base, yes, fails;
};

static void test_vote(void **state)
{
	(void)state;
	static const struct vote_case C[] = {
		{14, 10, 0},
		{14, 9, 1},
		{3, 2, 0},
		{3, 1, 1},
		{15, 10, 0},
		{15, 9, 1},
		{1, 1, 0},
		{0, 0, 1},
	};
	const struct rule *r = R(RULE_VOTE);
	for (size_t i = 0; i < sizeof(C) / sizeof(C[0]); i++) {
		char name[64];
		struct msgs m;
		msgs_init(&m, 0);
		snprintf(name, sizeof(name), "%d of %d", C[i].yes, C[i].base);
		int got = core_rule_check_vote(
			r, "Chi bộ", "đảng viên chính thức", C[i].base, C[i].yes, &m);
		expect(name, got, &m, C[i].fails,
			C[i].fails && C[i].base == 14
				? "Chi bộ: 9 tán thành trên 14 đảng viên chính thức; cần ít nhất 10 "
				  "(2/3)"
				: NULL,
			"Quy tắc 7 – Biểu quyết");
	}
}

static void test_calendar(void **state)
{
	(void)state;
	struct calendar c = CALENDAR_INIT;
	calendar_2024(&c);
	assert_false(core_calendar_is_working(&c, D("2024-02-08"))); /* Tết */
	assert_false(core_calendar_is_working(&c, D("2024-02-10"))); /* Saturday */
	assert_true(core_calendar_is_working(&c, D("2024-02-15")));
	assert_true(core_calendar_is_working(&c, D("2024-05-04"))); /* Saturday worked */
	assert_false(core_calendar_is_working(&c, D("2024-04-29")));
	/* Tết week: 5 weekdays off, so 6 February → 16 February is 3 working days. */
	assert_int_equal(core_calendar_working_between(&c, D("2024-02-06"), D("2024-02-16")), 3);
	assert_int_equal(core_calendar_add_working(&c, D("2024-02-07"), 1), D("2024-02-15"));
	assert_int_equal(core_calendar_add_working(&c, D("2024-02-07"), 0), D("2024-02-07"));
	/* Around the April bridge: 26/04 (Fri) + 1 = 02/05; + 2 = 03/05; + 3 = 04/05 (Sat). */
	assert_int_equal(core_calendar_add_working(&c, D("2024-04-26"), 1), D("2024-05-02"));
	assert_int_equal(core_calendar_add_working(&c, D("2024-04-26"), 3), D("2024-05-04"));
	/* Outside the table's years the same answers, day by day. */
	assert_int_equal(core_calendar_add_working(&c, D("2200-01-02"), 5), D("2200-01-09"));
	assert_int_equal(core_calendar_working_between(&c, D("1900-01-01"), D("1900-01-08")), 5);
	/* Consistency: add then count gives n back, for every start in 2024. */
	for (date_t d = D("2024-01-01"); d <= D("2024-12-31"); d++) {
		date_t e = core_calendar_add_working(&c, d, 60);
		assert_int_equal(core_calendar_working_between(&c, d, e), 60);
		assert_true(core_calendar_is_working(&c, e));
	}
	core_calendar_free(&c);
}

/* A small deterministic generator (xorshift64*). */
static uint64_t rnd_state = 88172645463325252u;
static int rnd(int n)
{
	rnd_state ^= rnd_state >> 12;
	rnd_state ^= rnd_state << 25;
	rnd_state ^= rnd_state >> 27;
	return (int)((rnd_state * 2685821657736338717u >> 33) % (uint64_t)n);
}

/* A random open (or now and then closed) summary, its dates in pipeline order from start. */
static void random_summary(date_t start, struct cand_summary *s)
{
	static const enum cand_stage order[] = {STAGE_SOURCE, STAGE_HELPER, STAGE_COURSE,
		STAGE_DOSSIER, STAGE_CELL, STAGE_COMMITTEE, STAGE_DECISION, STAGE_CEREMONY,
		STAGE_RECOGNITION};
	memset(s, 0, sizeof(*s));
	for (int k = 0; k < STAGE__MAX; k++)
		s->entered[k] = DATE_NONE;
	s->closed = s->cert = s->redo = s->received = s->recog_committee = DATE_NONE;
	for (int k = 0; k < EXC__MAX; k++)
		s->exc[k] = DATE_NONE;
	s->source = SRC_CELL;
	int reach = 1 + rnd(9);
	date_t d = start;
	for (int i = 0; i < reach; i++) {
		if (order[i] == STAGE_COMMITTEE && rnd(2))
			continue; /* a base cell */
		d += rnd(i == 7 ? 500 : 150);
		s->entered[order[i]] = d;
		s->stage = order[i];
		if (order[i] == STAGE_COURSE)
			s->cert = d;
		if (order[i] == STAGE_DOSSIER)
			s->redo = d - rnd(60);
		if (order[i] == STAGE_DECISION)
			s->received = rnd(2) ? d + rnd(20) : d;
		if (order[i] == STAGE_CEREMONY)
			s->entered[STAGE_PROBATION] = d;
	}
	if (s->stage >= STAGE_CEREMONY)
		s->stage = s->stage == STAGE_CEREMONY ? STAGE_PROBATION : s->stage;
	if (s->stage == STAGE_RECOGNITION && rnd(2))
		s->recog_committee = d + rnd(20);
	if (s->cert != DATE_NONE && rnd(4) == 0)
		s->cert += rnd(400); /* a certificate redone */
	if (s->redo != DATE_NONE && rnd(4) == 0)
		s->redo += rnd(400);
	for (int k = 1; k < EXC__MAX; k++) {
		if (rnd(4) == 0)
			s->exc[k] = d + rnd(200) - 100;
	}
	if (rnd(10) == 0) {
		s->outcome = (enum cand_outcome)(1 + rnd(3));
		s->closed = d + rnd(100);
	}
}

/*
 * The bound the due list filters on never passes the deadline core_candidate_due gives on
 * any day from the summary's latest date on, whatever the holidays; and no bound means no
 * deadline on those days.
 */
static void test_due_floor(void **state)
{
	(void)state;
	for (int round = 0; round < 5; round++) {
		struct calendar c = CALENDAR_INIT;
		/* Holidays and weekend days worked at random; then none; then every weekend day
		 * worked, the table that makes the bound the deadline itself. */
		for (int i = 0; round < 3 && i < 400 * (round + 1); i++)
			core_calendar_set(
				&c, D("2019-01-01") + rnd(9 * 365), rnd(3) ? DAY_OFF : DAY_WORKING);
		for (date_t day = D("2018-01-01"); round == 4 && day < D("2032-01-01"); day++) {
			if (date_weekday(day) >= 5)
				core_calendar_set(&c, day, DAY_WORKING);
		}
		for (int i = 0; i < 20000; i++) {
			struct cand_summary s, at;
			struct cand_due d;
			random_summary(D("2019-01-01") + rnd(6 * 365), &s);
			date_t last = core_candidate_summary_last(&s);
			date_t floor = core_candidate_due_floor(&s);
			assert_true(last != DATE_NONE);
			core_candidate_summary_at(&s, last, &at);
			assert_int_equal(at.stage, s.stage);
			for (int k = 0; k < 6; k++) {
				date_t as_of = last + (k == 0 ? 0 : rnd(k < 3 ? 60 : 900));
				if (!core_candidate_due(&s, &c, as_of, &d))
					continue;
				assert_true(floor != DATE_NONE);
				if (floor > d.due)
					fprintf(stderr,
						"stage %d kind %d as of %d: due %d < bound %d\n",
						s.stage, d.kind, as_of, d.due, floor);
				assert_true(floor <= d.due);
				if (round == 4 && k == 0)
					assert_int_equal(floor, d.due);
			}
		}
		core_calendar_free(&c);
	}
}

static void test_decision_deadline(void **state)
{
	(void)state;
	const struct rule *r = R(RULE_DECISION_DEADLINE);
	const char *label = "Quy tắc 8 – Thời hạn quyết định kết nạp";
	struct calendar c = CALENDAR_INIT;
	struct msgs m;
	calendar_2024(&c);
	msgs_init(&m, 0);
	/* The cell's resolution on 02/01/2024; Tết on the way: 60th working day 02/04. */
	date_t res = D("2024-01-02");
	expect("60th working day",
		core_rule_check_decision_deadline(r, &c, res, D("2024-04-02"), DATE_NONE, &m), &m,
		0, NULL, label);
	expect("61st working day",
		core_rule_check_decision_deadline(r, &c, res, D("2024-04-03"), DATE_NONE, &m), &m,
		1,
		"quyết định ngày 03/04/2024 là ngày làm việc thứ 61 kể từ nghị quyết của chi bộ ngày "
		"02/01/2024; hạn là 60 ngày làm việc (đến 02/04/2024)",
		label);
	expect("61st with an extension (honoured)",
		core_rule_check_decision_deadline(r, &c, res, D("2024-04-03"), D("2024-03-20"), &m),
		&m, 0, NULL, label);
	expect("extension recorded after the deadline",
		core_rule_check_decision_deadline(r, &c, res, D("2024-04-03"), D("2024-04-03"), &m),
		&m, 1, NULL, label);
	expect("91st with an extension",
		core_rule_check_decision_deadline(r, &c, res, D("2024-05-20"), D("2024-03-20"), &m),
		&m, 1, "hạn là 90 ngày làm việc (đến 17/05/2024), đã tính gia hạn", label);
	core_calendar_free(&c);
}

static void test_ceremony_deadline(void **state)
{
	(void)state;
	const struct rule *r = R(RULE_CEREMONY_DEADLINE);
	const char *label = "Quy tắc 9 – Thời hạn tổ chức lễ kết nạp";
	struct calendar c = CALENDAR_INIT;
	struct msgs m;
	calendar_2024(&c);
	msgs_init(&m, 0);
	date_t got = D("2024-01-10");
	expect("30th working day",
		core_rule_check_ceremony_deadline(r, &c, got, D("2024-02-28"), DATE_NONE, &m), &m,
		0, NULL, label);
	expect("31st working day",
		core_rule_check_ceremony_deadline(r, &c, got, D("2024-02-29"), DATE_NONE, &m), &m,
		1, "là ngày làm việc thứ 31 kể từ ngày nhận quyết định 10/01/2024", label);
	expect("31st with a late approval (honoured)",
		core_rule_check_ceremony_deadline(r, &c, got, D("2024-02-29"), D("2024-02-20"), &m),
		&m, 0, NULL, label);
	/* Across the April bridge and the Saturday worked: 01/04 + 30 = 16/05. */
	expect("30th across 30/4",
		core_rule_check_ceremony_deadline(
			r, &c, D("2024-04-01"), D("2024-05-16"), DATE_NONE, &m),
		&m, 0, NULL, label);
	expect("31st across 30/4",
		core_rule_check_ceremony_deadline(
			r, &c, D("2024-04-01"), D("2024-05-17"), DATE_NONE, &m),
		&m, 1, NULL, label);
	core_calendar_free(&c);
}

static void test_probation_and_recognition(void **state)
{
	(void)state;
	const struct rule *p = R(RULE_PROBATION), *r = R(RULE_RECOGNITION);
	struct calendar c = CALENDAR_INIT;
	struct msgs m;
	calendar_2024(&c);
	msgs_init(&m, 0);
	date_t ceremony = D("2023-04-01"), end = core_rule_probation_end(p, ceremony);
	assert_int_equal(end, D("2024-04-01"));
	const char *lp = "Quy tắc 10 – Thời gian dự bị";
	expect("vote on the last day of probation",
		core_rule_check_probation(
			p, ceremony, D("2024-03-31"), D("2024-03-01"), D("2024-03-02"), &m),
		&m, 1, "trước khi hết 12 tháng dự bị (01/04/2024)", lp);
	expect("vote when probation ends",
		core_rule_check_probation(
			p, ceremony, D("2024-04-01"), D("2024-03-01"), D("2024-03-02"), &m),
		&m, 0, NULL, lp);
	expect("no assessments",
		core_rule_check_probation(
			p, ceremony, D("2024-04-01"), DATE_NONE, D("2024-04-02"), &m),
		&m, 2, "tự kiểm điểm", lp);
	const char *lr = "Quy tắc 11 – Thời hạn xét công nhận đảng viên chính thức";
	expect("vote on the 30th working day",
		core_rule_check_recognition(r, &c, end, D("2024-05-16"), DATE_NONE, DATE_NONE, &m),
		&m, 0, NULL, lr);
	expect("vote on the 31st",
		core_rule_check_recognition(r, &c, end, D("2024-05-17"), DATE_NONE, DATE_NONE, &m),
		&m, 1, "ngày làm việc thứ 31 sau khi hết dự bị", lr);
	/* Decision: 30 working days after the vote of 16/05: 27/06; 31st 28/06; +30 extension. */
	expect("decision on the 30th",
		core_rule_check_recognition(
			r, &c, end, D("2024-05-16"), D("2024-06-27"), DATE_NONE, &m),
		&m, 0, NULL, lr);
	expect("decision on the 31st",
		core_rule_check_recognition(
			r, &c, end, D("2024-05-16"), D("2024-06-28"), DATE_NONE, &m),
		&m, 1, NULL, lr);
	expect("decision on the 31st, extended (honoured)",
		core_rule_check_recognition(
			r, &c, end, D("2024-05-16"), D("2024-06-28"), D("2024-06-01"), &m),
		&m, 0, NULL, lr);
	const char *lo = "Quy tắc 12 – Ngày công nhận chính thức";
	expect("official = end of probation",
		core_rule_check_official_date(R(RULE_OFFICIAL_DATE), p, ceremony, end, &m), &m, 0,
		NULL, lo);
	expect("official = the decision's day",
		core_rule_check_official_date(
			R(RULE_OFFICIAL_DATE), p, ceremony, D("2024-06-27"), &m),
		&m, 1, "phải là ngày hết dự bị 01/04/2024", lo);
	core_calendar_free(&c);
}

static void test_party_age_and_readmission(void **state)
{
	(void)state;
	date_t from[] = {D("2015-01-01")}, to[] = {D("2016-01-01")};
	assert_int_equal(
		core_rule_party_age_months(D("2010-01-01"), NULL, NULL, 0, D("2020-01-01")), 120);
	assert_int_equal(
		core_rule_party_age_months(D("2010-01-01"), from, to, 1, D("2020-01-01")), 108);
	assert_int_equal(
		core_rule_party_age_months(D("2010-01-01"), NULL, NULL, 0, D("2009-01-01")), 0);
	const struct rule *r = R(RULE_READMISSION);
	const char *label = "Quy tắc 14 – Kết nạp lại";
	struct msgs m;
	msgs_init(&m, 0);
	expect("36 months after",
		core_rule_check_readmission(r, D("2021-03-01"), "Xóa tên", D("2024-03-01"), &m), &m,
		0, NULL, label);
	expect("a day short",
		core_rule_check_readmission(r, D("2021-03-01"), "Xóa tên", D("2024-02-29"), &m), &m,
		1, "kết nạp lại cần ít nhất 36 tháng", label);
	expect("barred reason",
		core_rule_check_readmission(
			r, D("2010-03-01"), "Tự ý bỏ sinh hoạt đảng", D("2024-03-01"), &m),
		&m, 1, "không xem xét kết nạp lại", label);
	expect("asked to leave",
		core_rule_check_readmission(
			r, D("2010-03-01"), "Xin ra khỏi Đảng", D("2024-03-01"), &m),
		&m, 1, NULL, label);
	msgs_free(&m);
}

static void test_competent_and_helper(void **state)
{
	(void)state;
	struct msgs m;
	msgs_init(&m, 0);
	const char *lc = "Quy tắc 15 – Cấp có thẩm quyền quyết định kết nạp";
	expect("competent",
		core_rule_check_competent(R(RULE_COMPETENT), "TP-BN", "TP-BN", D("2024-04-22"), &m),
		&m, 0, NULL, lc);
	expect("not competent",
		core_rule_check_competent(
			R(RULE_COMPETENT), "BN-P05", "TP-BN", D("2024-04-22"), &m),
		&m, 1, "cấp có thẩm quyền ngày 22/04/2024 là 'TP-BN'", lc);
	const char *lh = "Quy tắc 16 – Đảng viên giúp đỡ";
	expect("official helper",
		core_rule_check_helper(
			R(RULE_HELPER), "A", D("2020-01-01"), true, D("2024-01-01"), &m),
		&m, 0, NULL, lh);
	expect("probationary helper",
		core_rule_check_helper(
			R(RULE_HELPER), "A", D("2024-01-02"), true, D("2024-01-01"), &m),
		&m, 1, "chưa là đảng viên chính thức", lh);
	expect("former member",
		core_rule_check_helper(
			R(RULE_HELPER), "A", D("2020-01-01"), false, D("2024-01-01"), &m),
		&m, 1, NULL, lh);
}

static void test_rules_in_force(void **state)
{
	(void)state;
	size_t n;
	const struct rule *t = core_rules_table(&n);
	assert_true(n >= RULE__MAX - 1);
	/* Every rule has a row on every day, from the row of its regulation. */
	static const struct {
		const char *day, *source;
	} days[] = {
		{"2010-01-01", "29-QĐ/TW"},
		{"2021-07-29", "29-QĐ/TW"},
		{"2021-07-30", "24-QĐ/TW"},
		{"2025-01-20", "232-QĐ/TW"},
		{"2025-06-30", "232-QĐ/TW"},
		{"2025-07-01", "294-QĐ/TW"},
		{"2030-01-01", "294-QĐ/TW"},
	};
	for (size_t i = 0; i < sizeof(days) / sizeof(days[0]); i++) {
		struct rule_set set;
		assert_int_equal(core_rules_at(t, n, D(days[i].day), &set), 0);
		for (int k = 1; k < RULE__MAX; k++) {
			assert_non_null(set.r[k]);
			assert_int_equal(set.r[k]->id, k);
			assert_non_null(strstr(set.r[k]->source, days[i].source));
		}
	}
	/* A new regulation is a new row: the one in force on the event's day applies. */
	static const struct rule mine[] = {
		{RULE_AGE, "Tuổi đời", {{"min_months", 216}, {"max_months", 720}}, NULL, "cũ",
			20160725, 20250630},
		{RULE_AGE, "Tuổi đời", {{"min_months", 240}, {"max_months", 720}}, NULL, "mới",
			20250701, 0},
	};
	struct rule_set set;
	assert_int_equal(core_rules_at(mine, 2, D("2025-06-30"), &set), RULE__MAX - 2);
	assert_string_equal(set.r[RULE_AGE]->source, "cũ");
	core_rules_at(mine, 2, D("2025-07-01"), &set);
	assert_string_equal(set.r[RULE_AGE]->source, "mới");
	/* Before the earliest row, the earliest applies. */
	core_rules_at(mine, 2, D("2000-01-01"), &set);
	assert_string_equal(set.r[RULE_AGE]->source, "cũ");
	struct msgs m;
	msgs_init(&m, 0);
	core_rules_at(mine, 2, D("2025-07-01"), &set);
	assert_int_equal(core_rule_check_age(set.r[RULE_AGE], D("2005-08-02"), D("2025-08-01"),
				 DATE_NONE, DATE_NONE, &m),
		1);
	assert_non_null(strstr(m.v[0].text, "19 năm 11 tháng; cần đủ 20 tuổi (theo mới)"));
	msgs_free(&m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_age),
		cmocka_unit_test(test_education),
		cmocka_unit_test(test_course),
		cmocka_unit_test(test_dossier_age),
		cmocka_unit_test(test_introducers),
		cmocka_unit_test(test_dossier_complete),
		cmocka_unit_test(test_vote),
		cmocka_unit_test(test_calendar),
		cmocka_unit_test(test_due_floor),
		cmocka_unit_test(test_decision_deadline),
		cmocka_unit_test(test_ceremony_deadline),
		cmocka_unit_test(test_probation_and_recognition),
		cmocka_unit_test(test_party_age_and_readmission),
		cmocka_unit_test(test_competent_and_helper),
		cmocka_unit_test(test_rules_in_force),
	};
	return cmocka_run_group_tests_name("rules", tests, NULL, NULL);
}
