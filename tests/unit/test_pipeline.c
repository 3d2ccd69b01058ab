/*
 * test_pipeline.c — the admission pipeline through app/: a person from the source list to
 * official member (member record, events, audit), every failing rule of a blocked step at
 * once, the working-day calendar of the database across Tết, exceptions honoured,
 * corrections superseding events with the state as of a day before and after, striking
 * off, readmission, scope and roles, and the deadlines of open cases.
 */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app_pipeline.h"
#include "app/cache.h"
#include "core/user.h"
#include "report/pipeline.h"
#include "report/summary.h"
#include "store/store.h"
#include "store/store_pipeline.h"

static const char ORGS[] = "Mã tổ chức,Tên tổ chức,Loại,Mã cấp trên,Ngày thành lập,Ngày giải thể\n"
			   "T,Tỉnh Thử,Đảng bộ cấp trên,,,\n"
			   "C,Thành phố Thử,Đảng bộ cấp trên,T,,\n"
			   "B,Đảng bộ phường Một,Đảng bộ cơ sở,C,01/01/1970,\n"
			   "B-C1,Chi bộ khu phố 1,Chi bộ trực thuộc,B,01/01/1975,\n"
			   "B-S,Đảng bộ bộ phận Khối Một,Đảng bộ bộ phận,B,01/01/1980,\n"
			   "B-S-C1,Chi bộ Tổ 1,Chi bộ trực thuộc,B-S,01/01/1980,\n"
			   "K,Chi bộ Trường Một,Chi bộ cơ sở,C,01/01/1990,\n";

/* 14 official members in B-C1 (cards 10000001..14), 3 in K (20000001..3), 1 probationary. */
static char *members_csv(void)
{
	struct buf b = BUF_INIT;
	buf_adds(&b, "Họ và tên,Giới tính,Ngày sinh,Số CCCD,Mã tổ chức,Ngày quyết định kết nạp,"
		     "Ngày kết nạp,Ngày chính thức,Số thẻ đảng viên,Ngày ra khỏi Đảng,Lý do\n");
	for (int i = 1; i <= 14; i++)
		buf_addf(&b,
			"Đảng Viên %d,Nam,01/01/1970,,B-C1,01/01/2000,15/01/2000,15/01/2001,%d,,\n",
			i, 10000000 + i);
	for (int i = 1; i <= 3; i++)
		buf_addf(&b,
			"Giáo Viên %d,Nữ,01/01/1975,,K,01/01/2005,15/01/2005,15/01/2006,%d,,\n", i,
			20000000 + i);
	buf_adds(&b, "Dự Bị Một,Nam,01/01/1990,027090000098,B-C1,01/01/2024,15/01/2024,,30000001,"
		     ",\n");
	/* Struck off on 01/03/2022: may come back from 01/03/2025. */
	buf_adds(&b, "Trở Lại Hai,Nam,01/01/1980,027080000099,B-C1,01/01/2005,15/01/2005,"
		     "15/01/2006,40000001,01/03/2022,Xóa tên\n");
	return buf_detach(&b);
}

/* The orgs and members above in a new database at url. */
static struct app *setup_db_at(const char *url)
{
	struct msgs errs;
	struct app *app = tu_app_at(url, tu_date("2026-11-27"));
	msgs_init(&errs, 0);
	assert_int_equal(tu_import(app, APP_ORGS, "p-orgs.csv", ORGS, &errs), PTDV_OK);
	char *m = members_csv();
	assert_int_equal(tu_import(app, APP_MEMBERS, "p-members.csv", m, &errs), PTDV_OK);
	free(m);
	msgs_free(&errs);
	return app;
}

static struct app *setup_db(const char *name)
{
	char *url = tu_db(name);
	struct app *app = setup_db_at(url);
	free(url);
	return app;
}

static int64_t add_case(struct app *app, const char *cell, const char *name, const char *birth,
	const char *cid, const char *date, enum education edu)
{
	struct app_candidate_new in = {0};
	struct msgs errs;
	int64_t id = 0;
	in.person.full_name = (char *)name;
	in.person.gender = GENDER_MALE;
	in.person.birth_date = tu_date(birth);
	in.person.citizen_id = (char *)cid;
	in.person.education = edu;
	in.person.youth_union = TRI_YES;
	in.org_code = cell;
	in.date = tu_date(date);
	in.source = SRC_YOUTH;
	msgs_init(&errs, 0);
	enum ptdv_err err = app_candidate_add(app, &in, &id, &errs);
	if (err) {
		for (size_t i = 0; i < errs.n; i++)
			fprintf(stderr, "add %s: %s: %s\n", name, errs.v[i].field, errs.v[i].text);
	}
	assert_int_equal(err, PTDV_OK);
	msgs_free(&errs);
	return id;
}

/* Records a step; returns its error, with the messages in errs (caller frees). */
static enum ptdv_err step(
	struct app *app, int64_t id, const struct app_step *s, int64_t *ev, struct msgs *errs)
{
	int64_t dummy;
	return app_candidate_advance(app, id, s, ev ? ev : &dummy, errs);
}

/* Records a step that must succeed. */
static int64_t ok(struct app *app, int64_t id, struct app_step s)
{
	struct msgs errs;
	int64_t ev = 0;
	msgs_init(&errs, 0);
	enum ptdv_err err = step(app, id, &s, &ev, &errs);
	if (err) {
		fprintf(stderr, "step %s on %lld failed:\n", core_cand_ev_word(s.kind),
			(long long)id);
		for (size_t i = 0; i < errs.n; i++)
			fprintf(stderr, "  %s: %s\n", errs.v[i].field, errs.v[i].text);
	}
	assert_int_equal(err, PTDV_OK);
	msgs_free(&errs);
	return ev;
}

static struct app_step S(enum cand_ev kind, const char *date) {
	struct app_step s;
	app_step_init(&s);
	s.kind = kind;
	s.date = tu_date(date);
	return s;
}

static struct app_step
doc(enum doc_kind k, const char *date, const char *member)
{
	struct app_step s = S(EV_DOCUMENT, date);
	s.sub = k;
	s.member = member;
	return s;
}

/* Helper, course and a complete dossier for a case in B-C1 (introducers 2 and 3). */
static void prepare(
	struct app *app, int64_t id, const char *helper, const char *course, const char *docs)
{
	struct app_step s = S(EV_HELPER, helper);
	s.member = "10000001";
	ok(app, id, s);
	s = S(EV_COURSE, course);
	s.number = "GCN-1";
	ok(app, id, s);
	static const enum doc_kind plain[] = {
		DOC_APPLICATION, DOC_HISTORY, DOC_VERIFICATION, DOC_WORK_OPINION, DOC_HOME_OPINION};
	for (size_t i = 0; i < sizeof(plain) / sizeof(plain[0]); i++)
		ok(app, id, doc(plain[i], docs, NULL));
	ok(app, id, doc(DOC_INTRODUCTION, docs, "10000002"));
	ok(app, id, doc(DOC_INTRODUCTION, docs, "10000003"));
}

/*
 * A case of the base cell K, from 03/01/2023, to the cell's vote of 02/01/2024 (2 of 3
 * present in favour): its admission decision is due 60 working days later.
 */
static void voted_in_k(struct app *app, int64_t id)
{
	struct app_step s = S(EV_HELPER, "2023-01-05");
	s.member = "20000001";
	ok(app, id, s);
	s = S(EV_COURSE, "2023-06-01");
	s.number = "GCN";
	ok(app, id, s);
	static const enum doc_kind plain[] = {
		DOC_APPLICATION, DOC_HISTORY, DOC_VERIFICATION, DOC_WORK_OPINION, DOC_HOME_OPINION};
	for (size_t j = 0; j < sizeof(plain) / sizeof(plain[0]); j++)
		ok(app, id, doc(plain[j], "2023-12-01", NULL));
	ok(app, id, doc(DOC_INTRODUCTION, "2023-12-01", "20000001"));
	ok(app, id, doc(DOC_INTRODUCTION, "2023-12-01", "20000002"));
	s = S(EV_CELL_VOTE, "2024-01-02");
	s.present = 3;
	s.yes = 2; /* 2 of 3 passes */
	ok(app, id, s);
}

static bool has_msg(const struct msgs *m, const char *field, const char *text)
{
	for (size_t i = 0; i < m->n; i++) {
		if ((!field || (m->v[i].field && strstr(m->v[i].field, field))) &&
			(!text || strstr(m->v[i].text, text)))
			return true;
	}
	return false;
}

static void dump(const struct msgs *m)
{
	for (size_t i = 0; i < m->n; i++)
		fprintf(stderr, "  %s: %s\n", m->v[i].field ? m->v[i].field : "", m->v[i].text);
}

static int64_t audit_count(struct app *app)
{
	int64_t n = 0;
	assert_int_equal(store_audit_count(app->st, &n), PTDV_OK);
	return n;
}

/* From the source list to official member: member record, events, audit. */
static void test_source_to_official(void **state)
{
	(void)state;
	struct app *app = setup_db("pipe-full.db");
	int64_t audit0 = audit_count(app);
	int64_t id = add_case(app, "B-C1", "Nguyễn Văn An", "2000-03-15", "027200000001",
		"2025-01-06", EDU_UNIVERSITY);
	prepare(app, id, "2025-01-10", "2025-03-01", "2025-04-01");
	struct app_step s = S(EV_CELL_VOTE, "2025-05-05");
	s.present = 14;
	s.yes = 12;
	ok(app, id, s);
	s = S(EV_COMMITTEE_VOTE, "2025-05-15");
	s.size = 9;
	s.yes = 8;
	ok(app, id, s);
	s = S(EV_DECISION, "2025-06-20");
	s.number = "123-QĐ/TU";
	ok(app, id, s);
	ok(app, id, S(EV_CEREMONY, "2025-07-01"));

	/* The ceremony created the probationary member, placed in the case's cell. */
	struct summary sum;
	struct msgs errs;
	msgs_init(&errs, 0);
	assert_int_equal(app_report_summary(app, "C", tu_date("2025-07-01"), &sum, &errs), PTDV_OK);
	assert_int_equal(sum.members, 14 + 3 + 1 + 1);
	assert_int_equal(sum.probationary, 2);
	report_summary_free(&sum);
	assert_int_equal(app_report_summary(app, "C", tu_date("2025-06-30"), &sum, &errs), PTDV_OK);
	assert_int_equal(sum.members, 14 + 3 + 1);
	report_summary_free(&sum);

	s = S(EV_HELPER, "2025-07-02");
	s.member = "10000004";
	ok(app, id, s);
	s = S(EV_ASSESSMENT, "2026-06-20");
	s.sub = ASSESS_SELF;
	ok(app, id, s);
	s.sub = ASSESS_HELPER;
	ok(app, id, s);
	s = S(EV_RECOG_CELL_VOTE, "2026-07-10");
	s.present = 14;
	s.yes = 14;
	ok(app, id, s);
	s = S(EV_RECOG_COMMITTEE_VOTE, "2026-07-15");
	s.size = 9;
	s.yes = 9;
	ok(app, id, s);
	s = S(EV_RECOG_DECISION, "2026-07-30");
	s.number = "456-QĐ/TU";
	ok(app, id, s);

	/* Official from the end of probation, counted so from the day it was decided. */
	assert_int_equal(app_report_summary(app, "C", tu_date("2026-07-29"), &sum, &errs), PTDV_OK);
	assert_int_equal(sum.official, 14 + 3); /* not yet: recognised on 30/07 */
	report_summary_free(&sum);
	assert_int_equal(app_report_summary(app, "C", tu_date("2026-07-30"), &sum, &errs), PTDV_OK);
	assert_int_equal(sum.official, 14 + 3 + 1);
	report_summary_free(&sum);

	struct app_case k;
	assert_int_equal(app_candidate_show(app, id, tu_date("2026-11-27"), &k, &errs), PTDV_OK);
	assert_int_equal(k.state.outcome, OUTCOME_OFFICIAL);
	assert_int_equal(k.state.closed, tu_date("2026-07-30"));
	assert_int_equal(k.state.probation_end, tu_date("2026-07-01"));
	assert_int_equal(k.nev, 20);
	assert_true(k.member_id > 0);
	assert_int_equal(k.next[0], 0);
	static const enum cand_ev kinds[] = {EV_SOURCE, EV_HELPER, EV_COURSE, EV_DOCUMENT,
		EV_DOCUMENT, EV_DOCUMENT, EV_DOCUMENT, EV_DOCUMENT, EV_DOCUMENT, EV_DOCUMENT,
		EV_CELL_VOTE, EV_COMMITTEE_VOTE, EV_DECISION, EV_CEREMONY, EV_HELPER, EV_ASSESSMENT,
		EV_ASSESSMENT, EV_RECOG_CELL_VOTE, EV_RECOG_COMMITTEE_VOTE, EV_RECOG_DECISION};
	for (size_t i = 0; i < k.nev; i++) {
		assert_int_equal(k.ev[i].kind, kinds[i]);
		assert_string_equal(k.ev[i].recorded_by, "test");
		assert_false(k.ev[i].superseded);
	}
	assert_int_equal(k.ev[10].votes[0], 14);      /* official members of B-C1 that day */
	assert_string_equal(k.ev[12].ref_label, "C"); /* the competent committee */
	assert_non_null(
		strstr(k.ev[4].ref_label ? k.ev[4].ref_label : k.ev[9].ref_label, "Đảng Viên"));

	/* The member record: dates from the events. */
	struct store_member_fact f = {0};
	assert_int_equal(
		store_member_fact_get(app->st, k.member_id, tu_date("2026-11-27"), &f), PTDV_OK);
	assert_string_equal(f.name, "Nguyễn Văn An");
	assert_int_equal(f.ceremony, tu_date("2025-07-01"));
	assert_int_equal(f.official, tu_date("2026-07-01"));
	assert_int_equal(f.recognized, tu_date("2026-07-30"));
	assert_int_equal(f.exit, DATE_NONE);
	struct org cell = {0};
	assert_int_equal(store_org_by_code(app->st, "B-C1", &cell), PTDV_OK);
	assert_int_equal(f.org_id, cell.id);
	core_org_clear(&cell);
	store_member_fact_clear(&f);
	app_case_free(&k);

	/* One audit event per write: the add and 19 steps. */
	assert_int_equal(audit_count(app) - audit0, 20);
	msgs_free(&errs);
	app_close(app);
}

/* A blocked step writes nothing and names every failing rule. */
static void test_every_failure_at_once(void **state)
{
	(void)state;
	struct app *app = setup_db("pipe-fail.db");
	struct msgs errs;
	msgs_init(&errs, 0);
	/* 17 years 9 months at the vote, primary school, certificate expired, dossier stale,
	 * one introducer, no verification, too few yes votes. */
	int64_t id =
		add_case(app, "B-C1", "Trẻ Quá", "2007-07-10", NULL, "2018-01-02", EDU_PRIMARY);
	struct app_step s = S(EV_HELPER, "2018-01-05");
	s.member = "10000001";
	ok(app, id, s);
	s = S(EV_COURSE, "2019-03-01");
	s.number = "GCN-9";
	ok(app, id, s);
	ok(app, id, doc(DOC_APPLICATION, "2024-03-01", NULL));
	ok(app, id, doc(DOC_HISTORY, "2024-03-01", NULL));
	ok(app, id, doc(DOC_WORK_OPINION, "2024-03-01", NULL));
	ok(app, id, doc(DOC_HOME_OPINION, "2025-03-01", NULL));
	ok(app, id, doc(DOC_INTRODUCTION, "2025-03-01", "10000002"));
	int64_t before = audit_count(app);
	s = S(EV_CELL_VOTE, "2025-04-10");
	s.present = 12;
	s.yes = 9;
	assert_int_equal(step(app, id, &s, NULL, &errs), PTDV_INVALID);
	static const struct {
		const char *field, *text;
	} want[] = {
		{"Quy tắc 1 – Tuổi đời", "Tuổi tại ngày chi bộ xét (10/04/2025): 17 năm 9 tháng; "
					 "cần đủ 18 tuổi"},
		{"Quy tắc 2 – Trình độ học vấn", "Tiểu học"},
		{"Quy tắc 3", "quá hạn"},
		{"Quy tắc 4",
			"Tổng hợp ý kiến nhận xét của đoàn thể nơi làm việc đề ngày 01/03/2024"},
		{"Quy tắc 5", "có 1 người giới thiệu đủ điều kiện; cần 2"},
		{"Quy tắc 6", "thiếu Kết quả thẩm tra lý lịch"},
		{"Quy tắc 7 – Biểu quyết",
			"9 tán thành trên 14 đảng viên chính thức; cần ít nhất 10"},
	};
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		if (!has_msg(&errs, want[i].field, want[i].text)) {
			fprintf(stderr, "missing %s: %s\n", want[i].field, want[i].text);
			dump(&errs);
			fail();
		}
	}
	assert_int_equal(audit_count(app), before);
	struct app_case k;
	msgs_free(&errs);
	assert_int_equal(app_candidate_show(app, id, tu_date("2025-04-10"), &k, &errs), PTDV_OK);
	assert_int_equal(k.state.stage, STAGE_DOSSIER);
	assert_int_equal(k.needs_for, EV_CELL_VOTE);
	assert_true(k.needs.n >= 6); /* the same rules, without the vote */
	app_case_free(&k);

	/* Ten of fourteen pass once the rest is right; nine do not. */
	msgs_free(&errs);
	app_close(app);
}

/* The database's calendar: the 60th and 61st working day after a resolution across Tết. */
static void test_deadline_across_tet(void **state)
{
	(void)state;
	struct app *app = setup_db("pipe-tet.db");
	struct calendar cal = CALENDAR_INIT;
	assert_int_equal(store_calendar_load(app->st, &cal), PTDV_OK);
	assert_int_equal(
		core_calendar_add_working(&cal, tu_date("2024-01-02"), 60), tu_date("2024-04-02"));
	assert_int_equal(
		core_calendar_add_working(&cal, tu_date("2025-12-20"), 60), tu_date("2026-03-23"));
	assert_true(core_calendar_is_working(&cal, tu_date("2025-04-26"))); /* Saturday worked */
	assert_false(core_calendar_is_working(&cal, tu_date("2025-05-02")));
	core_calendar_free(&cal);

	struct msgs errs;
	msgs_init(&errs, 0);
	/* K is a base cell: its cases go straight from the cell to the committee's decision. */
	int64_t a = add_case(
		app, "K", "Trường Một An", "1995-01-01", NULL, "2023-01-03", EDU_UNIVERSITY);
	int64_t b = add_case(
		app, "K", "Trường Một Bình", "1995-01-01", NULL, "2023-01-03", EDU_UNIVERSITY);
	voted_in_k(app, a);
	voted_in_k(app, b);
	/* The committee skipped for a base cell. */
	struct app_step s = S(EV_COMMITTEE_VOTE, "2024-01-10");
	s.size = 9;
	s.yes = 9;
	assert_int_equal(step(app, a, &s, NULL, &errs), PTDV_INVALID);
	assert_true(has_msg(&errs, "Thứ tự", "chi bộ cơ sở trình thẳng cấp ủy cấp trên"));
	msgs_free(&errs);
	/* 60th working day passes, 61st fails. */
	s = S(EV_DECISION, "2024-04-02");
	s.number = "1-QĐ";
	ok(app, a, s);
	s = S(EV_DECISION, "2024-04-03");
	s.number = "2-QĐ";
	assert_int_equal(step(app, b, &s, NULL, &errs), PTDV_INVALID);
	assert_true(has_msg(&errs, "Quy tắc 8", "ngày làm việc thứ 61"));
	msgs_free(&errs);
	/* An extension, recorded by committee staff before the deadline, is honoured. */
	struct app_step x = S(EV_EXCEPTION, "2024-03-25");
	x.sub = EXC_DECISION_EXTENSION;
	x.number = "15-CV/TU";
	app->role = ROLE_SECRETARY;
	assert_int_equal(step(app, b, &x, NULL, &errs), PTDV_DENIED);
	msgs_free(&errs);
	app->role = ROLE_STAFF;
	ok(app, b, x);
	ok(app, b, s);
	/* Ceremony: the 30th working day after receiving the decision of 02/04 is 17/05. */
	struct app_step c = S(EV_CEREMONY, "2024-05-20");
	assert_int_equal(step(app, a, &c, NULL, &errs), PTDV_INVALID);
	assert_true(has_msg(&errs, "Quy tắc 9", "ngày làm việc thứ 31"));
	msgs_free(&errs);
	c.date = tu_date("2024-05-17");
	ok(app, a, c);
	app_close(app);
}

/* The decision deadline of case id as its page shows it on as_of. */
static date_t shown_due(struct app *app, int64_t id, const char *as_of)
{
	struct app_case c;
	struct msgs errs;
	msgs_init(&errs, 0);
	assert_int_equal(app_candidate_show(app, id, tu_date(as_of), &c, &errs), PTDV_OK);
	assert_true(c.has_due);
	assert_int_equal(c.due.kind, DUE_DECISION);
	date_t due = c.due.due;
	app_case_free(&c);
	msgs_free(&errs);
	return due;
}

/*
 * The calendar is kept per holiday revision: read once while no holiday is written, read
 * again as soon as one is, also by another app server on the same database.
 */
static void test_calendar_per_revision(void **state)
{
	(void)state;
	char *url = tu_db("pipe-cal.db");
	struct app *app = setup_db_at(url);
	struct app *other = tu_app_at(url, tu_date("2026-11-27"));
	free(url);
	int64_t id = add_case(
		app, "K", "Trường Một Châu", "1995-01-01", NULL, "2023-01-03", EDU_UNIVERSITY);
	voted_in_k(app, id);

	/* The 60th working day after 02/01/2024, across Tết (test_deadline_across_tet). */
	assert_int_equal(shown_due(app, id, "2024-01-03"), tu_date("2024-04-02"));
	int64_t hits0, misses0, hits1, misses1;
	app_cache_stats(&hits0, &misses0);
	assert_int_equal(shown_due(app, id, "2024-01-03"), tu_date("2024-04-02"));
	app_cache_stats(&hits1, &misses1);
	assert_true(hits1 > hits0);
	assert_int_equal(misses1, misses0);

	/* Another server makes Friday 01/03/2024 a day off: one more working day to wait. */
	int64_t rev0, rev1;
	assert_int_equal(store_holiday_rev(app->st, &rev0), PTDV_OK);
	struct msgs errs;
	msgs_init(&errs, 0);
	assert_int_equal(
		app_holiday_add(other, tu_date("2024-03-01"), DAY_OFF, "Nghỉ bù thử", &errs),
		PTDV_OK);
	assert_int_equal(store_holiday_rev(app->st, &rev1), PTDV_OK);
	assert_true(rev1 != rev0);
	assert_int_equal(shown_due(app, id, "2024-01-03"), tu_date("2024-04-03"));
	/* And back to a working day: the day before's deadline again. */
	assert_int_equal(
		app_holiday_add(other, tu_date("2024-03-01"), DAY_WORKING, "Làm việc thử", &errs),
		PTDV_OK);
	assert_int_equal(shown_due(app, id, "2024-01-03"), tu_date("2024-04-02"));
	msgs_free(&errs);
	app_close(other);
	app_close(app);
}

/* A correction is a new event superseding one; the state as of a day before and after. */
static void test_correction(void **state)
{
	(void)state;
	struct app *app = setup_db("pipe-fix.db");
	struct msgs errs;
	msgs_init(&errs, 0);
	int64_t id = add_case(
		app, "B-C1", "Lê Văn Sửa", "1999-05-05", NULL, "2025-01-06", EDU_UNIVERSITY);
	prepare(app, id, "2025-01-10", "2025-03-01", "2025-04-01");
	struct app_step s = S(EV_CELL_VOTE, "2025-05-20");
	s.present = 14;
	s.yes = 13;
	int64_t vote = ok(app, id, s);

	struct app_case k;
	assert_int_equal(app_candidate_show(app, id, tu_date("2025-05-10"), &k, &errs), PTDV_OK);
	assert_int_equal(k.state.stage, STAGE_DOSSIER);
	app_case_free(&k);

	/* The vote was on 05/05, not 20/05: corrected by a new event. */
	struct app_step fix;
	app_step_init(&fix);
	fix.supersedes = vote;
	fix.date = tu_date("2025-05-05");
	int64_t fixed = ok(app, id, fix);
	assert_true(fixed > vote);
	assert_int_equal(app_candidate_show(app, id, tu_date("2025-05-10"), &k, &errs), PTDV_OK);
	assert_int_equal(k.state.stage, STAGE_CELL);
	assert_int_equal(k.state.entered[STAGE_CELL], tu_date("2025-05-05"));
	assert_int_equal(k.state.last[EV_CELL_VOTE]->id, fixed);
	assert_int_equal(k.state.last[EV_CELL_VOTE]->votes[2], 13); /* kept from the original */
	/* Both are kept: the original flagged superseded. */
	bool seen = false;
	for (size_t i = 0; i < k.nev; i++) {
		if (k.ev[i].id == vote) {
			assert_true(k.ev[i].superseded);
			seen = true;
		}
	}
	assert_true(seen);
	app_case_free(&k);

	/* A corrected event cannot be corrected again; the correction can. */
	assert_int_equal(step(app, id, &fix, NULL, &errs), PTDV_INVALID);
	assert_true(has_msg(&errs, "--supersedes", "đã được sửa"));
	msgs_free(&errs);
	/* A correction that breaks the order of the case is refused. */
	s = S(EV_COMMITTEE_VOTE, "2025-05-15");
	s.size = 9;
	s.yes = 9;
	ok(app, id, s);
	fix.supersedes = fixed;
	fix.date = tu_date("2025-05-25");
	assert_int_equal(step(app, id, &fix, NULL, &errs), PTDV_INVALID);
	assert_true(has_msg(&errs, "Thứ tự", "không còn đúng thứ tự"));
	msgs_free(&errs);
	app_close(app);
}

/* Striking off ends the membership; leaving closes a case before admission. */
static void test_strike_off_leave_readmission(void **state)
{
	(void)state;
	struct app *app = setup_db("pipe-end.db");
	struct msgs errs;
	msgs_init(&errs, 0);
	int64_t id = add_case(
		app, "B-C1", "Xóa Tên Một", "1998-01-01", NULL, "2024-01-02", EDU_UNIVERSITY);
	prepare(app, id, "2024-01-05", "2024-02-20", "2024-03-01");
	struct app_step s = S(EV_CELL_VOTE, "2024-03-05");
	s.present = 14;
	s.yes = 14;
	ok(app, id, s);
	s = S(EV_COMMITTEE_VOTE, "2024-03-10");
	s.size = 9;
	s.yes = 9;
	ok(app, id, s);
	s = S(EV_DECISION, "2024-04-01");
	s.number = "9-QĐ";
	ok(app, id, s);
	ok(app, id, S(EV_CEREMONY, "2024-04-10"));
	struct app_step x = S(EV_STRIKE_OFF, "2025-05-20");
	x.number = "77-QĐ";
	ok(app, id, x);
	struct summary sum;
	assert_int_equal(app_report_summary(app, "C", tu_date("2025-05-19"), &sum, &errs), PTDV_OK);
	int64_t before = sum.members;
	report_summary_free(&sum);
	assert_int_equal(app_report_summary(app, "C", tu_date("2025-05-20"), &sum, &errs), PTDV_OK);
	assert_int_equal(sum.members, before - 1);
	report_summary_free(&sum);
	/* Nothing more after the case closed. */
	s = S(EV_ASSESSMENT, "2025-06-01");
	s.sub = ASSESS_SELF;
	assert_int_equal(step(app, id, &s, NULL, &errs), PTDV_INVALID);
	assert_true(has_msg(&errs, "Thứ tự", "hồ sơ đã kết thúc"));
	msgs_free(&errs);

	int64_t gone =
		add_case(app, "B-C1", "Đi Xa", "1998-01-01", NULL, "2024-01-02", EDU_UNIVERSITY);
	struct app_step l = S(EV_LEAVE, "2024-06-01");
	l.text = "Chuyển nơi cư trú";
	ok(app, gone, l);
	struct app_case k;
	assert_int_equal(app_candidate_show(app, gone, tu_date("2024-06-01"), &k, &errs), PTDV_OK);
	assert_int_equal(k.state.outcome, OUTCOME_LEFT);
	app_case_free(&k);

	/* A former member (struck off on 01/03/2022): not before 36 months. */
	struct app_candidate_new in = {0};
	int64_t back;
	in.person.full_name = "Trở Lại Hai";
	in.person.gender = GENDER_MALE;
	in.person.birth_date = tu_date("1980-01-01");
	in.person.citizen_id = "027080000099";
	in.org_code = "B-C1";
	in.source = SRC_CELL;
	in.date = tu_date("2025-02-28");
	assert_int_equal(app_candidate_add(app, &in, &back, &errs), PTDV_INVALID);
	assert_true(has_msg(&errs, "Quy tắc 14 – Kết nạp lại", "cần ít nhất 36 tháng"));
	msgs_free(&errs);
	in.date = tu_date("2025-03-01");
	assert_int_equal(app_candidate_add(app, &in, &back, &errs), PTDV_OK);
	/* One open case per person. */
	assert_int_equal(app_candidate_add(app, &in, &back, &errs), PTDV_CONFLICT);
	assert_true(has_msg(&errs, "--cid", "đang có hồ sơ"));
	msgs_free(&errs);
	/* A sitting member cannot be a candidate. */
	in.person.full_name = "Dự Bị Một";
	in.person.citizen_id = "027090000098";
	in.person.birth_date = tu_date("1990-01-01");
	assert_int_equal(app_candidate_add(app, &in, &back, &errs), PTDV_INVALID);
	assert_true(has_msg(&errs, "Người vào Đảng", "đang là đảng viên"));
	msgs_free(&errs);
	app_close(app);
}

/* Scope: a secretary of one base org does not see another's cases; viewers cannot write. */
static void test_scope_and_roles(void **state)
{
	(void)state;
	struct app *app = setup_db("pipe-scope.db");
	struct msgs errs;
	msgs_init(&errs, 0);
	int64_t id = add_case(
		app, "K", "Ngoài Phạm Vi", "1999-01-01", NULL, "2025-01-06", EDU_UNIVERSITY);
	/* K's summary, cached for the whole database's actor, is not given from the cache
	 * to an actor of B: refused as an unknown org, as a miss would be. */
	struct summary sum;
	assert_int_equal(app_report_summary(app, "K", tu_date("2026-01-01"), &sum, &errs), PTDV_OK);
	report_summary_free(&sum);
	assert_int_equal(app_set_scope(app, "B", &errs), PTDV_OK);
	assert_int_equal(
		app_report_summary(app, "K", tu_date("2026-01-01"), &sum, &errs), PTDV_NOTFOUND);
	assert_true(has_msg(&errs, "--org", "không tìm thấy tổ chức có mã 'K'"));
	msgs_free(&errs);
	assert_int_equal(app_report_summary(app, "B", tu_date("2026-01-01"), &sum, &errs), PTDV_OK);
	report_summary_free(&sum);
	struct app_case k;
	assert_int_equal(
		app_candidate_show(app, id, tu_date("2025-02-01"), &k, &errs), PTDV_NOTFOUND);
	assert_true(has_msg(&errs, "Hồ sơ", "không tìm thấy hồ sơ số"));
	msgs_free(&errs);
	struct app_step s = S(EV_HELPER, "2025-01-10");
	s.member = "20000001";
	assert_int_equal(step(app, id, &s, NULL, &errs), PTDV_NOTFOUND);
	msgs_free(&errs);
	app->role = ROLE_VIEWER;
	assert_int_equal(step(app, id, &s, NULL, &errs), PTDV_DENIED);
	msgs_free(&errs);
	app_close(app);
}

/* Deadlines of the open cases, and the time in each stage. */
static void test_due_and_time_in_stage(void **state)
{
	(void)state;
	struct app *app = setup_db("pipe-due.db");
	struct msgs errs;
	msgs_init(&errs, 0);
	/* a: certificate of 01/12/2021 expires 01/12/2026; b: cell voted 01/10/2026 → decision
	 * due 60 working days later; c: probation ends 15/12/2026. */
	int64_t a = add_case(
		app, "B-C1", "Hạn Chứng Nhận", "1999-01-01", NULL, "2021-10-01", EDU_UNIVERSITY);
	struct app_step s = S(EV_HELPER, "2021-10-05");
	s.member = "10000001";
	ok(app, a, s);
	s = S(EV_COURSE, "2021-12-01");
	s.number = "GCN";
	ok(app, a, s);
	int64_t b = add_case(
		app, "B-C1", "Chờ Quyết Định", "1999-01-01", NULL, "2026-01-06", EDU_UNIVERSITY);
	prepare(app, b, "2026-01-10", "2026-03-01", "2026-08-01");
	s = S(EV_CELL_VOTE, "2026-10-01");
	s.present = 14;
	s.yes = 14;
	ok(app, b, s);
	int64_t c = add_case(
		app, "B-C1", "Sắp Chính Thức", "1999-01-01", NULL, "2025-01-06", EDU_UNIVERSITY);
	prepare(app, c, "2025-01-10", "2025-03-01", "2025-09-01");
	s = S(EV_CELL_VOTE, "2025-10-01");
	s.present = 14;
	s.yes = 14;
	ok(app, c, s);
	s = S(EV_COMMITTEE_VOTE, "2025-10-10");
	s.size = 9;
	s.yes = 9;
	ok(app, c, s);
	s = S(EV_DECISION, "2025-12-01");
	s.number = "3-QĐ";
	ok(app, c, s);
	ok(app, c, S(EV_CEREMONY, "2025-12-15"));

	struct due_report r;
	assert_int_equal(app_due(app, "C", tu_date("2026-11-27"), 30, &r, &errs), PTDV_OK);
	assert_int_equal(r.open_cases, 3);
	assert_int_equal(r.n, 3);
	assert_int_equal(r.rows[0].id, a);
	assert_int_equal(r.rows[0].due.kind, DUE_CERTIFICATE);
	assert_int_equal(r.rows[0].due.due, tu_date("2026-12-01"));
	assert_int_equal(r.rows[1].id, c);
	assert_int_equal(r.rows[1].due.kind, DUE_PROBATION_END);
	assert_int_equal(r.rows[1].due.due, tu_date("2026-12-15"));
	assert_int_equal(r.rows[2].id, b); /* 60th working day after 01/10 */
	assert_int_equal(r.rows[2].due.kind, DUE_DECISION);
	assert_int_equal(r.rows[2].due.due, tu_date("2026-12-24"));
	assert_int_equal(r.overdue, 0);
	report_due_free(&r);
	assert_int_equal(app_due(app, "C", tu_date("2026-11-27"), 20, &r, &errs), PTDV_OK);
	assert_int_equal(r.n, 2);
	struct buf t = BUF_INIT;
	report_due_text(&r, &t);
	assert_non_null(strstr(t.s, "Hết thời gian dự bị"));
	report_due_free(&r);
	/* Later: the certificate overdue, the recognition meeting due, the decision due. */
	assert_int_equal(app_due(app, "C", tu_date("2026-12-20"), 60, &r, &errs), PTDV_OK);
	assert_int_equal(r.n, 3);
	assert_int_equal(r.overdue, 1);
	assert_int_equal(r.rows[0].due.kind, DUE_CERTIFICATE);
	assert_true(r.rows[0].days_left < 0);
	bool meeting = false, decision = false;
	for (size_t i = 0; i < r.n; i++) {
		meeting |= r.rows[i].due.kind == DUE_RECOG_MEETING;
		decision |= r.rows[i].due.kind == DUE_DECISION && r.rows[i].id == b;
	}
	assert_true(meeting && decision);
	buf_reset(&t);
	report_due_json(&r, &t);
	assert_non_null(strstr(t.s, "\"kind\": \"recognition-meeting\""));
	report_due_free(&r);
	buf_free(&t);

	struct pipeline_report p;
	assert_int_equal(app_report_pipeline(
				 app, "C", tu_date("2025-01-01"), tu_date("2026-11-27"), &p, &errs),
		PTDV_OK);
	assert_int_equal(p.cases, 3);
	assert_int_equal(p.rows[STAGE_SOURCE].entered, 2);  /* b and c */
	assert_int_equal(p.rows[STAGE_SOURCE].admitted, 1); /* c */
	assert_int_equal(p.rows[STAGE_SOURCE].done, 2);     /* b and c found helpers */
	assert_int_equal(p.rows[STAGE_SOURCE].median, 4);   /* 06/01 → 10/01 */
	assert_int_equal(p.rows[STAGE_COURSE].open, 1);     /* a */
	assert_int_equal(p.rows[STAGE_COMMITTEE].done, 1);  /* c: 10/10 → 01/12 */
	assert_int_equal(p.rows[STAGE_COMMITTEE].median, 52);
	assert_int_equal(p.rows[STAGE_CELL].open, 1);      /* b */
	assert_int_equal(p.rows[STAGE_PROBATION].open, 1); /* c */
	report_pipeline_free(&p);
	msgs_free(&errs);
	app_close(app);
}

/* The candidate importer: events from the stage dates, all or nothing. */
static void test_import_candidates(void **state)
{
	(void)state;
	static const char HEAD[] =
		"Họ và tên,Giới tính,Ngày sinh,Số CCCD,Mã chi bộ,Nguồn giới thiệu,"
		"Ngày vào danh sách nguồn,Ngày phân công giúp đỡ,Ngày chứng nhận học lớp,"
		"Ngày làm đơn xin vào Đảng,Ngày chi bộ xét,Ngày đảng ủy cơ sở xét,"
		"Ngày quyết định kết nạp,Ngày kết nạp,Ngày công nhận chính thức\n";
	static const char *const GOOD[] = {
		"Một Hai Ba,Nam,01/01/2000,,B-C1,Đoàn TN,06/01/2025,10/01/2025,01/03/2025,"
		"01/04/2025,05/05/2025,15/05/2025,20/06/2025,01/07/2025,",
		"Bốn Năm Sáu,Nữ,01/01/2001,027301000777,K,Hội LHPN,04/01/2023,10/01/2023,01/03/2023,"
		"15/03/2023,10/04/2023,,02/06/2023,20/06/2023,10/07/2024",
		"Bảy Tám,Nam,01/01/2002,,B-C1,,02/09/2025,,,,,,,,",
	};
	static const struct {
		const char *name, *row, *column, *text;
	} BAD[] = {
		{"a stage skipped", "Bảy Tám,Nam,01/01/2002,,B-C1,,02/09/2025,,01/10/2025,,,,,,",
			"Ngày chứng nhận học lớp", "thiếu 'Ngày phân công giúp đỡ'"},
		{"dates backwards", "Bảy Tám,Nam,01/01/2002,,B-C1,,02/09/2025,01/09/2025,,,,,,,",
			"Ngày phân công giúp đỡ", "trước 'Ngày vào danh sách nguồn'"},
		{"a base committee step in a base cell",
			"Bốn Năm Sáu,Nữ,01/01/2001,,K,,04/01/2023,10/01/2023,01/03/2023,15/03/2023,"
			"10/04/2023,20/04/2023,02/06/2023,20/06/2023,",
			"Ngày đảng ủy cơ sở xét", "trình thẳng cấp ủy cấp trên"},
		{"under 18 at the cell's vote",
			"Bảy Tám,Nam,01/06/2007,,B-C1,,02/09/2024,10/09/2024,01/10/2024,01/11/2024,"
			"02/05/2025,,,,",
			"Ngày sinh", "17 năm 11 tháng; cần đủ 18 tuổi"},
		{"in the future", "Bảy Tám,Nam,01/01/2002,,B-C1,,02/09/2027,,,,,,,,",
			"Ngày vào danh sách nguồn", "ở tương lai"},
		{"not a cell", "Bảy Tám,Nam,01/01/2002,,B,,02/09/2025,,,,,,,,", "Mã chi bộ",
			"không phải chi bộ"},
		{"unknown source", "Bảy Tám,Nam,01/01/2002,,B-C1,Hội Bóng đá,02/09/2025,,,,,,,,",
			"Nguồn giới thiệu", "nguồn 'Hội Bóng đá' không hợp lệ"},
	};
	struct app *app = setup_db("pipe-import.db");
	struct msgs errs;
	msgs_init(&errs, 0);
	struct buf f = BUF_INIT;
	for (size_t i = 0; i < sizeof(BAD) / sizeof(BAD[0]); i++) {
		buf_reset(&f);
		buf_adds(&f, HEAD);
		for (size_t j = 0; j < 3; j++)
			buf_addf(&f, "%s\n", j == 1 ? BAD[i].row : GOOD[j]);
		int64_t audit = audit_count(app);
		assert_int_equal(tu_import(app, APP_CANDIDATES, "c.csv", f.s, &errs), PTDV_INVALID);
		bool found = false;
		for (size_t k = 0; k < errs.n; k++)
			found |= errs.v[k].line == 3 && errs.v[k].field &&
				 strcmp(errs.v[k].field, BAD[i].column) == 0 &&
				 strstr(errs.v[k].text, BAD[i].text);
		if (!found) {
			fprintf(stderr, "%s: no message at line 3, column %s, with '%s'\n",
				BAD[i].name, BAD[i].column, BAD[i].text);
			dump(&errs);
			fail();
		}
		assert_int_equal(audit_count(app), audit);
		msgs_free(&errs);
	}
	buf_reset(&f);
	buf_adds(&f, HEAD);
	for (size_t j = 0; j < 3; j++)
		buf_addf(&f, "%s\n", GOOD[j]);
	assert_int_equal(tu_import(app, APP_CANDIDATES, "c.csv", f.s, &errs), PTDV_OK);
	struct app_case_list l;
	assert_int_equal(
		app_candidate_list(app, "C", tu_date("2026-11-27"), true, 0, &l, &errs), PTDV_OK);
	assert_int_equal(l.n, 3);
	int probation = 0, official = 0, source = 0;
	for (size_t i = 0; i < l.n; i++) {
		probation += l.v[i].sum.stage == STAGE_PROBATION;
		official += l.v[i].sum.outcome == OUTCOME_OFFICIAL;
		source += l.v[i].sum.stage == STAGE_SOURCE;
	}
	assert_int_equal(probation, 1);
	assert_int_equal(official, 1);
	assert_int_equal(source, 1);
	app_case_list_free(&l);
	/* Two admissions became members; the one in K official from 20/06/2024, known 10/07. */
	struct summary sum;
	assert_int_equal(app_report_summary(app, "K", tu_date("2024-07-10"), &sum, &errs), PTDV_OK);
	assert_int_equal(sum.members, 3 + 1);
	assert_int_equal(sum.official, 3 + 1);
	report_summary_free(&sum);
	assert_int_equal(app_report_summary(app, "K", tu_date("2024-07-09"), &sum, &errs), PTDV_OK);
	assert_int_equal(sum.official, 3);
	report_summary_free(&sum);
	buf_free(&f);
	msgs_free(&errs);
	app_close(app);
}

/*
 * Messages as text, one a line: "line|column|text".
 */
static void msgs_text(const struct msgs *m, struct buf *out)
{
	for (size_t k = 0; k < m->n; k++)
		buf_addf(out, "%ld|%s|%s\n", m->v[k].line, m->v[k].field ? m->v[k].field : "",
			m->v[k].text);
}

/*
 * Imports text as a candidates file into a fresh copy of the pipeline's database holding
 * 300 more people; pad adds blank lines, which make the file large beside those people:
 * the importer then loads them in bulk (STORE_BULK_CASES) rather than only batching its
 * rows. Sets out to its messages and warnings and, when it imported, the candidates and
 * members exported after.
 */
static enum ptdv_err import_cases(const char *name, const char *text, bool pad, struct buf *out)
{
	struct app *app = setup_db(name);
	struct msgs errs, warnings;
	struct buf f = BUF_INIT;
	msgs_init(&errs, 0);
	msgs_init(&warnings, 0);
	buf_adds(&f, "Họ và tên,Giới tính,Ngày sinh,Số CCCD,Mã tổ chức,Ngày kết nạp\n");
	for (int i = 0; i < 300; i++)
		buf_addf(&f, "Người Thêm %d,Nam,01/01/1980,,K,15/01/2010\n", i);
	assert_int_equal(tu_import(app, APP_MEMBERS, "more.csv", f.s, &errs), PTDV_OK);
	buf_reset(&f);
	buf_adds(&f, text);
	for (int i = 0; pad && i < 8 * 320; i++)
		buf_addc(&f, '\n');
	char *path = tu_path("cases.csv");
	tu_write(path, f.s);
	struct app_import_options opt = {.warnings = &warnings};
	struct app_import_result res;
	enum ptdv_err err = app_import_opts(app, APP_CANDIDATES, path, &opt, false, &res, &errs);
	free(path);
	buf_reset(out);
	msgs_text(&errs, out);
	msgs_text(&warnings, out);
	for (int e = 0; !err && e < 2; e++) {
		char *x = tu_path("cases-export.csv");
		int64_t rows;
		assert_int_equal(
			app_export(app, e ? APP_MEMBERS : APP_CANDIDATES, x, false, &rows, &errs),
			PTDV_OK);
		size_t len;
		char *data = tu_read(x, &len);
		buf_add(out, data, len);
		free(data);
		free(x);
	}
	buf_free(&f);
	msgs_free(&errs);
	msgs_free(&warnings);
	app_close(app);
	return err;
}

/*
 * A candidates file checked against the people of the database, batched or in bulk alike:
 * the case of a member linked to it (and its recognition day), a case with another
 * person's citizen ID, a repeated ID and possible duplicates by name and birth date.
 */
static void test_import_candidates_bulk(void **state)
{
	(void)state;
	static const char HEAD[] =
		"Họ và tên,Giới tính,Ngày sinh,Số CCCD,Mã chi bộ,Nguồn giới thiệu,"
		"Ngày vào danh sách nguồn,Ngày phân công giúp đỡ,Ngày chứng nhận học lớp,"
		"Ngày làm đơn xin vào Đảng,Ngày chi bộ xét,Ngày đảng ủy cơ sở xét,"
		"Ngày quyết định kết nạp,Ngày kết nạp,Ngày công nhận chính thức\n";
	/* Dự Bị Một, admitted on 15/01/2024 in B-C1: its case, recognized on 20/01/2025. */
	static const char LINKED[] = "Dự Bị Một,Nam,01/01/1990,027090000098,B-C1,,01/01/2022,"
				     "01/02/2022,01/03/2022,01/04/2022,01/05/2022,01/06/2022,"
				     "01/01/2024,15/01/2024,20/01/2025\n";
	/* The name and birth date of Giáo Viên 1 with an ID of no one; admitted anew. */
	static const char NAMESAKE[] = "Giáo Viên 1,Nữ,01/01/1975,027175000123,K,,01/01/2022,"
				       "01/02/2022,01/03/2022,01/04/2022,01/05/2022,,01/06/2022,"
				       "15/06/2022,20/06/2023\n";
	static const char OTHER[] = "Trở Lại Hai,Nam,01/01/1980,027080000099,B-C1,,01/01/2025,"
				    ",,,,,,,\n";
	static const char SAME_NAME[] = "Giáo Viên 1,Nữ,01/01/1975,,B-C1,,01/01/2025,,,,,,,,\n";
	struct buf f = BUF_INIT, rows = BUF_INIT, bulk = BUF_INIT;
	/* Bad: the member's case twice and the case of a struck-off member. */
	buf_addf(&f, "%s%s%s%s%s%s", HEAD, LINKED, NAMESAKE, LINKED, OTHER, SAME_NAME);
	assert_int_equal(import_cases("pipe-bulk-a.db", f.s, false, &rows), PTDV_INVALID);
	assert_int_equal(import_cases("pipe-bulk-b.db", f.s, true, &bulk), PTDV_INVALID);
	assert_string_equal(rows.s, bulk.s);
	assert_non_null(strstr(rows.s, "4|Số CCCD|số CCCD '027090000098' trùng với dòng 2"));
	assert_non_null(
		strstr(rows.s, "5|Số CCCD|số CCCD '027080000099' đã có trong cơ sở dữ liệu"));
	assert_non_null(strstr(rows.s, "3|Họ và tên|có thể trùng người: cơ sở dữ liệu đã có "
				       "'Giáo Viên 1', không có số CCCD, số thẻ 20000001"));
	assert_non_null(strstr(rows.s, "6|Họ và tên|có thể trùng người với dòng 3"));
	/* Good: written alike. */
	buf_reset(&f);
	buf_addf(&f, "%s%s%s%s", HEAD, LINKED, NAMESAKE, SAME_NAME);
	assert_int_equal(import_cases("pipe-bulk-a.db", f.s, false, &rows), PTDV_OK);
	assert_int_equal(import_cases("pipe-bulk-b.db", f.s, true, &bulk), PTDV_OK);
	assert_string_equal(rows.s, bulk.s);
	assert_non_null(strstr(rows.s, "Dự Bị Một,Nam,01/01/1990,027090000098,"));
	buf_free(&f);
	buf_free(&rows);
	buf_free(&bulk);
}

/* --- the due list read through its bound (store_case_each_due) against a full read --- */

static uint64_t gen_state = 0x9E3779B97F4A7C15u;
static int gen(int n)
{
	gen_state ^= gen_state >> 12;
	gen_state ^= gen_state << 25;
	gen_state ^= gen_state >> 27;
	return (int)((gen_state * 2685821657736338717u >> 33) % (uint64_t)n);
}

/*
 * n cases in the three cells as an import file: stage dates from a source date in
 * 2019–2026 onwards at random intervals, stopping at a random stage or before today;
 * some left the list before the ceremony and some struck off during probation.
 */
static char *generated_cases(int n, date_t today)
{
	static const char *const cells[] = {"B-C1", "B-S-C1", "K"};
	static const char *const sources[] = {"", "Đoàn TN", "Hội LHPN", "Công đoàn"};
	struct buf b = BUF_INIT;
	char d[DATE_STRLEN];
	buf_adds(&b, "Họ và tên,Giới tính,Ngày sinh,Số CCCD,Mã chi bộ,Nguồn giới thiệu,"
		     "Ngày vào danh sách nguồn,Ngày phân công giúp đỡ,Ngày chứng nhận học lớp,"
		     "Ngày làm đơn xin vào Đảng,Ngày chi bộ xét,Ngày đảng ủy cơ sở xét,"
		     "Ngày quyết định kết nạp,Ngày kết nạp,Ngày công nhận chính thức,"
		     "Ngày ra khỏi danh sách,Kết thúc,Lý do\n");
	for (int i = 0; i < n; i++) {
		int cell = gen(3);
		date_t at = tu_date("2019-01-01") + gen(8 * 365);
		if (at > today)
			at = today - gen(30);
		buf_addf(&b, "Người Thử %d,%s,01/01/1995,,%s,%s,%s", i, gen(2) ? "Nam" : "Nữ",
			cells[cell], sources[gen(4)], date_format(at, d));
		int reach = 1 + gen(9), stage = 1;
		for (int k = 2; k <= 9; k++) {
			date_t next = at + 1 + gen(k == 9 ? 500 : 120);
			if (k == 9)
				next = at + 366 + gen(200);
			/* A base cell (K) has no base committee's vote. */
			bool skip = k == 6 && cell == 2;
			if (skip || k > reach || next > today) {
				buf_adds(&b, ",");
				if (!skip)
					reach = k - 1 < reach ? k - 1 : reach;
				continue;
			}
			at = next;
			stage = k;
			buf_addf(&b, ",%s", date_format(at, d));
		}
		date_t end = at + 1 + gen(200);
		if (stage < 8 && gen(6) == 0 && end <= today)
			buf_addf(&b, ",%s,Ra khỏi danh sách,Chuyển đi\n", date_format(end, d));
		else if (stage == 8 && gen(6) == 0 && end <= today)
			buf_addf(&b, ",%s,Xóa tên,\n", date_format(end, d));
		else
			buf_adds(&b, ",,,\n");
	}
	return buf_detach(&b);
}

struct due_ref {
	struct due_report *r;
	struct calendar *cal;
	date_t limit;
	int source;
	size_t alloc;
};

/* The due list as report_due made it before the bound: every open case, computed here. */
static enum ptdv_err due_ref_case(void *arg, const struct store_case_row *c)
{
	struct due_ref *acc = arg;
	struct due_report *r = acc->r;
	struct cand_due d;
	struct cand_summary at;
	if (acc->source && (int)c->source != acc->source)
		return PTDV_OK;
	r->open_cases++;
	if (!core_candidate_due(c->sum, acc->cal, r->as_of, &d) || d.due > acc->limit)
		return PTDV_OK;
	if (r->n == acc->alloc) {
		acc->alloc = acc->alloc ? 2 * acc->alloc : 64;
		r->rows = realloc(r->rows, acc->alloc * sizeof(*r->rows));
	}
	core_candidate_summary_at(c->sum, r->as_of, &at);
	r->rows[r->n++] = (struct due_row){
		.id = c->id,
		.name = strdup(c->name),
		.org_code = strdup(c->org_code),
		.stage = at.stage,
		.due = d,
		.days_left = (int)(d.due - r->as_of),
	};
	r->overdue += d.due < r->as_of;
	return PTDV_OK;
}

static int due_ref_cmp(const void *a, const void *b)
{
	const struct due_row *x = a, *y = b;
	if (x->due.due != y->due.due)
		return x->due.due < y->due.due ? -1 : 1;
	int c = strcmp(x->org_code, y->org_code);
	if (c)
		return c;
	return x->id < y->id ? -1 : x->id > y->id;
}

/* Compares report_due with the full read for org code on as_of, within days; returns rows. */
static size_t due_compare(struct app *app, const char *code, date_t as_of, int within, int source)
{
	struct org o = {0};
	struct calendar cal = CALENDAR_INIT;
	struct due_report fast, full = {0};
	assert_int_equal(store_org_by_code(app->st, code, &o), PTDV_OK);
	assert_int_equal(store_begin_read(app->st), PTDV_OK);
	assert_int_equal(store_calendar_load(app->st, &cal), PTDV_OK);
	assert_int_equal(report_due(app->st, &o, as_of, within, source, &cal, &fast), PTDV_OK);
	full.as_of = as_of;
	struct due_ref ref = {&full, &cal, as_of + within, source, 0};
	assert_int_equal(
		store_case_each(app->st, o.path, as_of, true, due_ref_case, &ref), PTDV_OK);
	store_rollback(app->st);
	if (full.n > 1)
		qsort(full.rows, full.n, sizeof(*full.rows), due_ref_cmp);
	if (fast.n != full.n || fast.open_cases != full.open_cases)
		fprintf(stderr,
			"due %s as of %d within %d source %d: %zu rows of %lld, want %zu of %lld\n",
			code, as_of, within, source, fast.n, (long long)fast.open_cases, full.n,
			(long long)full.open_cases);
	assert_int_equal(fast.open_cases, full.open_cases);
	assert_int_equal(fast.overdue, full.overdue);
	assert_int_equal(fast.n, full.n);
	for (size_t i = 0; i < full.n; i++) {
		assert_int_equal(fast.rows[i].id, full.rows[i].id);
		assert_string_equal(fast.rows[i].name, full.rows[i].name);
		assert_string_equal(fast.rows[i].org_code, full.rows[i].org_code);
		assert_int_equal(fast.rows[i].stage, full.rows[i].stage);
		assert_int_equal(fast.rows[i].due.kind, full.rows[i].due.kind);
		assert_int_equal(fast.rows[i].due.due, full.rows[i].due.due);
		assert_int_equal(fast.rows[i].due.from, full.rows[i].due.from);
		assert_int_equal(fast.rows[i].days_left, full.rows[i].days_left);
	}
	size_t n = full.n;
	report_due_free(&fast);
	for (size_t i = 0; i < full.n; i++) {
		free(full.rows[i].name);
		free(full.rows[i].org_code);
	}
	free(full.rows);
	core_calendar_free(&cal);
	core_org_clear(&o);
	return n;
}

/* Every day, window, subtree and source of the comparison; returns the rows seen. */
static size_t due_compare_all(struct app *app)
{
	static const char *const days[] = {"2026-11-27", "2027-03-01", "2026-11-20", "2026-06-30",
		"2025-12-31", "2024-03-15", "2021-01-01", "2019-06-01"};
	static const int windows[] = {0, 7, 30, 90, 400};
	static const char *const orgs[] = {"T", "B", "K", "B-S"};
	size_t rows = 0;
	for (size_t d = 0; d < sizeof(days) / sizeof(days[0]); d++) {
		for (size_t w = 0; w < sizeof(windows) / sizeof(windows[0]); w++) {
			for (size_t o = 0; o < sizeof(orgs) / sizeof(orgs[0]); o++)
				rows += due_compare(app, orgs[o], tu_date(days[d]), windows[w], 0);
			rows += due_compare(app, "T", tu_date(days[d]), windows[w], SRC_YOUTH);
		}
	}
	return rows;
}

/*
 * The due list reads the cases whose bound falls in its window (and those changed after its
 * day): the same list as reading every open case, on generated cases (bulk import), after
 * steps that rewrite cases one by one (exceptions, leaving), on past and later days,
 * and with the bound filled anew by its migration.
 */
static void test_due_bound(void **state)
{
	(void)state;
	date_t today = tu_date("2026-11-27");
	char *url = tu_db("pipe-due-bound.db");
	struct app *app = setup_db_at(url);
	struct msgs errs;
	msgs_init(&errs, 0);
	char *csv = generated_cases(400, today);
	assert_int_equal(tu_import(app, APP_CANDIDATES, "due-cases.csv", csv, &errs), PTDV_OK);
	free(csv);
	size_t rows = due_compare_all(app);
	assert_true(rows > 1000);

	/* Exceptions that move deadlines, and cases leaving the list: rewritten one by one. */
	for (int64_t id = 1, moved = 0; id <= 400 && moved < 60; id++) {
		struct store_candidate c;
		assert_int_equal(store_candidate_get(app->st, id, &c), PTDV_OK);
		if (c.sum.outcome != OUTCOME_OPEN)
			continue;
		struct app_step s = S(EV_EXCEPTION, "2026-11-27");
		s.number = "GH-1";
		enum cand_stage st = c.sum.stage;
		if (st == STAGE_CELL || st == STAGE_COMMITTEE)
			s.sub = EXC_DECISION_EXTENSION;
		else if (st == STAGE_DECISION)
			s.sub = EXC_LATE_CEREMONY;
		else if (st == STAGE_RECOGNITION)
			s.sub = EXC_RECOGNITION_EXTENSION;
		else if (st < STAGE_CEREMONY && id % 2) {
			s = S(EV_LEAVE, "2026-11-26");
			s.text = "Chuyển đi";
		} else {
			continue;
		}
		struct msgs e;
		int64_t ev;
		msgs_init(&e, 0);
		if (step(app, id, &s, &ev, &e) == PTDV_OK)
			moved++;
		msgs_free(&e);
	}
	assert_true(due_compare_all(app) > 1000);

	/* The migration fills the bound of every case again from C. */
	app_close(app);
	assert_int_equal(tu_sql(url, "DROP INDEX candidate_org; DROP INDEX candidate_latest; "
				     "ALTER TABLE candidate DROP COLUMN due_on; "
				     "ALTER TABLE candidate DROP COLUMN latest_on; "
				     "DELETE FROM schema_migration WHERE version IN (16, 17); "
				     "CREATE INDEX candidate_org ON candidate(org_id, closed_on)"),
		0);
	app = tu_app_at(url, today);
	due_compare_all(app);
	free(url);
	msgs_free(&errs);
	app_close(app);
}

/*
 * A bulk load on PostgreSQL leaves every page it wrote marked all-visible, whatever the
 * server's synchronous_commit: the counts of open cases and the summaries' sums read
 * indexes alone. With synchronous_commit=off and a commit that did not wait for its flush,
 * the VACUUM after it left the cases' pages unmarked (store_commit). Nothing on SQLite.
 */
static void test_bulk_load_all_visible(void **state)
{
	(void)state;
	if (!tu_postgres())
		skip();
	date_t today = tu_date("2026-11-27");
	char *url = tu_db("pipe-all-visible.db");
	const char *was = getenv("PGOPTIONS");
	char *saved = was ? strdup(was) : NULL;
	setenv("PGOPTIONS", "-c synchronous_commit=off", 1);
	struct msgs errs;
	msgs_init(&errs, 0);
	struct app *app = tu_app_at(url, today);
	/* No autovacuum of any table of the database meanwhile: the snapshot of its ANALYZE
	 * of one table (placement, org_day: the loads change them most) keeps the load's rows
	 * of every table from counting as visible to all when the load's VACUUM comes (1 run
	 * of 6 failed while it covered the four tables checked below only). */
	assert_int_equal(tu_sql(url, "DO $$ DECLARE t text; BEGIN FOR t IN SELECT tablename "
				     "FROM pg_tables WHERE schemaname = current_schema() LOOP "
				     "EXECUTE format('ALTER TABLE %I SET (autovacuum_enabled = "
				     "off)', t); END LOOP; END $$"),
		0);
	assert_int_equal(tu_import(app, APP_ORGS, "v-orgs.csv", ORGS, &errs), PTDV_OK);
	char *m = members_csv();
	assert_int_equal(tu_import(app, APP_MEMBERS, "v-members.csv", m, &errs), PTDV_OK);
	free(m);
	char *csv = generated_cases(400, today);
	assert_int_equal(tu_import(app, APP_CANDIDATES, "visible-cases.csv", csv, &errs), PTDV_OK);
	free(csv);
	app_close(app);
	if (saved)
		setenv("PGOPTIONS", saved, 1);
	else
		unsetenv("PGOPTIONS");
	free(saved);
	assert_int_equal(tu_sql(url, "DO $$ BEGIN IF EXISTS (SELECT 1 FROM pg_class "
				     "WHERE relname IN ('person', 'member', 'candidate', "
				     "'candidate_event') AND (relpages = 0 OR relallvisible < "
				     "relpages)) THEN RAISE EXCEPTION 'pages left unmarked'; "
				     "END IF; END $$"),
		0);
	free(url);
	msgs_free(&errs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_source_to_official),
		cmocka_unit_test(test_every_failure_at_once),
		cmocka_unit_test(test_deadline_across_tet),
		cmocka_unit_test(test_calendar_per_revision),
		cmocka_unit_test(test_correction),
		cmocka_unit_test(test_strike_off_leave_readmission),
		cmocka_unit_test(test_scope_and_roles),
		cmocka_unit_test(test_due_and_time_in_stage),
		cmocka_unit_test(test_import_candidates),
		cmocka_unit_test(test_import_candidates_bulk),
		cmocka_unit_test(test_due_bound),
		cmocka_unit_test(test_bulk_load_all_visible),
	};
	return cmocka_run_group_tests_name("pipeline", tests, NULL, NULL);
}
