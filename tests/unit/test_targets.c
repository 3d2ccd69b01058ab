/*
 * test_targets.c — the referral targets of the mass organisations (issue 5, "Targets"):
 * setting and listing them through app/ (roles, scope, invalid year, source and target,
 * the audit with before and after, the subtree's sums), and the referrals report's
 * columns "Chỉ tiêu giới thiệu", "Giới thiệu trong năm" and "Đạt (%)" on a small
 * hand-made database whose figures are worked out below. Runs on the engine of
 * PTDV_TEST_ENGINE (testutil.h).
 */
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "app/app_pipeline.h"
#include "core/user.h"
#include "report/reports.h"
#include "store/store.h"
#include "util/buf.h"

/* T > C > {B > {B-C1, B-S > B-S-C1}, K}. */
static const char ORGS[] = "Mã tổ chức,Tên tổ chức,Loại,Mã cấp trên,Ngày thành lập,Ngày giải thể\n"
			   "T,Tỉnh Thử,Đảng bộ cấp trên,,,\n"
			   "C,Thành phố Thử,Đảng bộ cấp trên,T,,\n"
			   "B,Đảng bộ phường Một,Đảng bộ cơ sở,C,01/01/1970,\n"
			   "B-C1,Chi bộ khu phố 1,Chi bộ trực thuộc,B,01/01/1975,\n"
			   "B-S,Đảng bộ bộ phận Khối Một,Đảng bộ bộ phận,B,01/01/1980,\n"
			   "B-S-C1,Chi bộ Tổ 1,Chi bộ trực thuộc,B-S,01/01/1980,\n"
			   "K,Chi bộ Trường Một,Chi bộ cơ sở,C,01/01/1990,\n";

static struct app *setup_db(const char *name, const char *today)
{
	struct msgs errs;
	struct app *app = tu_app(name, tu_date(today));
	msgs_init(&errs, 0);
	assert_int_equal(tu_import(app, APP_ORGS, "t-orgs.csv", ORGS, &errs), PTDV_OK);
	msgs_free(&errs);
	return app;
}

/* Sets a referral target; returns the error, and the first message's field in *field. */
static enum ptdv_err set(
	struct app *app, const char *org, int year, int source, int64_t target, char field[32])
{
	struct msgs errs;
	msgs_init(&errs, 0);
	enum ptdv_err err = app_referral_target_set(app, org, year, source, target, &errs);
	if (field)
		snprintf(field, 32, "%s", errs.n && errs.v[0].field ? errs.v[0].field : "");
	if (!err && errs.n)
		fail_msg("no error but a message: %s", errs.v[0].text);
	if (err && !errs.n)
		fail_msg("error %d without a message", (int)err);
	msgs_free(&errs);
	return err;
}

struct listed {
	char rows[16][64];
	int n;
};

static enum ptdv_err collect(void *arg, const struct store_referral_target_row *r)
{
	struct listed *l = arg;
	assert_true(l->n < 16);
	snprintf(l->rows[l->n++], 64, "%s %d %s %lld", r->org_code, r->year,
		core_cand_source_word((enum cand_source)r->source), (long long)r->target);
	return PTDV_OK;
}

static struct listed list(struct app *app, const char *org, int year)
{
	struct listed l = {0};
	struct msgs errs;
	msgs_init(&errs, 0);
	assert_int_equal(app_referral_target_list(app, org, year, collect, &l, &errs), PTDV_OK);
	msgs_free(&errs);
	return l;
}

struct audit_pick {
	char before[64], after[64], key[64];
	bool found;
};

/* The newest referral_target.set event. */
static enum ptdv_err pick_audit(void *arg, const struct store_audit_event *e)
{
	struct audit_pick *p = arg;
	if (p->found || strcmp(e->action, "referral_target.set") != 0)
		return PTDV_OK;
	p->found = true;
	snprintf(p->before, sizeof(p->before), "%s", e->before ? e->before : "null");
	snprintf(p->after, sizeof(p->after), "%s", e->after ? e->after : "null");
	snprintf(p->key, sizeof(p->key), "%s", e->key ? e->key : "");
	assert_string_equal(e->entity, "referral_target");
	return PTDV_OK;
}

static struct audit_pick last_audit(struct app *app)
{
	struct audit_pick p = {0};
	assert_int_equal(store_audit_each(app->st, "/", 0, 50, pick_audit, &p), PTDV_OK);
	assert_true(p.found);
	return p;
}

static void test_set_and_list(void **state)
{
	(void)state;
	struct app *app = setup_db("referral-set.db", "2024-04-22");
	char field[32];
	int64_t sum[SRC__MAX], events0, events1;

	assert_int_equal(set(app, "C", 2024, SRC_YOUTH, 10, NULL), PTDV_OK);
	struct audit_pick a = last_audit(app);
	assert_string_equal(a.key, "C/2024/youth");
	assert_string_equal(a.before, "null");
	assert_non_null(strstr(a.after, "10"));
	assert_int_equal(set(app, "B", 2024, SRC_YOUTH, 4, NULL), PTDV_OK);
	assert_int_equal(set(app, "B", 2024, SRC_WOMEN, 3, NULL), PTDV_OK);
	assert_int_equal(set(app, "K", 2023, SRC_YOUTH, 7, NULL), PTDV_OK);
	/* Setting again replaces, audited with the value before. */
	assert_int_equal(set(app, "B", 2024, SRC_YOUTH, 5, NULL), PTDV_OK);
	a = last_audit(app);
	assert_string_equal(a.key, "B/2024/youth");
	assert_non_null(strstr(a.before, "4"));
	assert_non_null(strstr(a.after, "5"));

	struct listed l = list(app, "B", 0);
	assert_int_equal(l.n, 2);
	assert_string_equal(l.rows[0], "B 2024 youth 5");
	assert_string_equal(l.rows[1], "B 2024 women 3");
	l = list(app, NULL, 2024);
	assert_int_equal(l.n, 3);
	assert_string_equal(l.rows[0], "B 2024 youth 5");
	assert_string_equal(l.rows[2], "C 2024 youth 10");
	assert_int_equal(list(app, "C", 0).n, 4);

	/* Summed over the subtree, per source; -1 where none, always for the cell. */
	struct org c = {0};
	struct msgs e;
	msgs_init(&e, 0);
	assert_int_equal(app_org_get(app, "C", "--org", &c, &e), PTDV_OK);
	msgs_free(&e);
	assert_int_equal(store_referral_target_sum(app->st, c.path, 2024, sum), PTDV_OK);
	assert_int_equal(sum[SRC_YOUTH], 15);
	assert_int_equal(sum[SRC_WOMEN], 3);
	assert_int_equal(sum[SRC_UNION], -1);
	assert_int_equal(sum[SRC_CELL], -1);
	assert_int_equal(store_referral_target_sum(app->st, c.path, 2023, sum), PTDV_OK);
	core_org_clear(&c);
	assert_int_equal(sum[SRC_YOUTH], 7);
	assert_int_equal(sum[SRC_WOMEN], -1);

	/* Invalid values: refused with a message on the field, nothing written. */
	assert_int_equal(store_audit_count(app->st, &events0), PTDV_OK);
	assert_int_equal(set(app, "B", 1929, SRC_YOUTH, 1, field), PTDV_INVALID);
	assert_string_equal(field, "--year");
	assert_int_equal(set(app, "B", 2101, SRC_YOUTH, 1, field), PTDV_INVALID);
	assert_string_equal(field, "--year");
	assert_int_equal(set(app, "B", 2024, SRC_CELL, 1, field), PTDV_INVALID);
	assert_string_equal(field, "--source");
	assert_int_equal(set(app, "B", 2024, 0, 1, field), PTDV_INVALID);
	assert_string_equal(field, "--source");
	assert_int_equal(set(app, "B", 2024, SRC__MAX, 1, field), PTDV_INVALID);
	assert_string_equal(field, "--source");
	assert_int_equal(set(app, "B", 2024, SRC_UNION, -1, field), PTDV_INVALID);
	assert_string_equal(field, "--referrals");
	assert_int_equal(set(app, "NOPE", 2024, SRC_UNION, 1, field), PTDV_NOTFOUND);
	assert_string_equal(field, "--org");

	/* Committee staff and administrators only. */
	static const int refused[] = {ROLE_SECRETARY, ROLE_LIAISON, ROLE_VIEWER};
	for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
		app->role = refused[i];
		assert_int_equal(set(app, "B", 2024, SRC_YOUTH, 9, NULL), PTDV_DENIED);
	}
	assert_int_equal(store_audit_count(app->st, &events1), PTDV_OK);
	assert_int_equal(events1, events0);
	assert_string_equal(list(app, "B", 2024).rows[0], "B 2024 youth 5");
	app->role = ROLE_STAFF;
	assert_int_equal(set(app, "B", 2024, SRC_FRONT, 0, NULL), PTDV_OK);

	/* Scope: an org outside it is not found, for setting and for listing. */
	struct msgs errs;
	msgs_init(&errs, 0);
	assert_int_equal(app_set_scope(app, "B", &errs), PTDV_OK);
	assert_int_equal(set(app, "K", 2024, SRC_YOUTH, 1, field), PTDV_NOTFOUND);
	assert_string_equal(field, "--org");
	assert_int_equal(set(app, "B-S-C1", 2024, SRC_VETERANS, 2, NULL), PTDV_OK);
	struct listed dummy = {0};
	assert_int_equal(
		app_referral_target_list(app, "C", 0, collect, &dummy, &errs), PTDV_NOTFOUND);
	msgs_free(&errs);
	l = list(app, NULL, 0);
	assert_int_equal(l.n, 4); /* B youth, women, front; B-S-C1 veterans */
	assert_string_equal(l.rows[3], "B-S-C1 2024 veterans 2");
	app_close(app);
}

/* Adds a case to a cell's source list on date, referred by source. */
static void add_case(struct app *app, const char *cell, const char *name, const char *date,
	enum cand_source source)
{
	struct app_candidate_new in = {0};
	struct msgs errs;
	int64_t id = 0;
	in.person.full_name = (char *)name;
	in.person.gender = GENDER_FEMALE;
	in.person.birth_date = tu_date("1999-05-05");
	in.person.education = EDU_UNIVERSITY;
	in.person.youth_union = TRI_YES;
	in.org_code = cell;
	in.date = tu_date(date);
	in.source = source;
	msgs_init(&errs, 0);
	enum ptdv_err err = app_candidate_add(app, &in, &id, &errs);
	for (size_t i = 0; err && i < errs.n; i++)
		fprintf(stderr, "add %s: %s: %s\n", name, errs.v[i].field, errs.v[i].text);
	assert_int_equal(err, PTDV_OK);
	msgs_free(&errs);
}

static json_t *referrals(struct app *app, const char *org, const char *day)
{
	struct msgs errs;
	struct report r;
	struct buf b = BUF_INIT;
	json_error_t e;
	msgs_init(&errs, 0);
	assert_int_equal(app_report(app, "referrals", org, tu_date(day), NULL, &r, &errs), PTDV_OK);
	assert_int_equal(report_render(&r, RF_JSON, &b), PTDV_OK);
	json_t *j = json_loads(b.s, 0, &e);
	assert_non_null(j);
	report_free(&r);
	buf_free(&b);
	msgs_free(&errs);
	return j;
}

/* The row of source word w (or "" for the total). */
static json_t *row(json_t *j, const char *w)
{
	json_t *t = json_object_get(json_object_get(j, "tables"), "referrals");
	for (size_t i = 0; i < json_array_size(t); i++) {
		json_t *r = json_array_get(t, i);
		if (strcmp(json_string_value(json_object_get(r, "source")), w) == 0)
			return r;
	}
	fail_msg("no row '%s'", w);
	return NULL;
}

static void want_int(json_t *r, const char *key, int64_t v)
{
	json_t *x = json_object_get(r, key);
	if (!json_is_integer(x) || json_integer_value(x) != v)
		fail_msg("'%s': want %lld", key, (long long)v);
}

static void want_pct(json_t *r, const char *key, double v)
{
	json_t *x = json_object_get(r, key);
	if (!json_is_number(x) || fabs(json_number_value(x) - v) > 1e-9)
		fail_msg("'%s': want %.1f", key, v);
}

static void want_null(json_t *r, const char *key)
{
	json_t *x = json_object_get(r, key);
	if (!json_is_null(x))
		fail_msg("'%s': want null", key);
}

static void test_referrals_report_columns(void **state)
{
	(void)state;
	struct app *app = setup_db("referral-report.db", "2025-06-30");
	/* Targets of 2024: youth 10 at C and 5 at B (15 in C's subtree, 5 in B's); women 4 at
	 * K; union 0 at C. None in 2023. */
	assert_int_equal(set(app, "C", 2024, SRC_YOUTH, 10, NULL), PTDV_OK);
	assert_int_equal(set(app, "B", 2024, SRC_YOUTH, 5, NULL), PTDV_OK);
	assert_int_equal(set(app, "K", 2024, SRC_WOMEN, 4, NULL), PTDV_OK);
	assert_int_equal(set(app, "C", 2024, SRC_UNION, 0, NULL), PTDV_OK);
	/* Cases: youth in 2023 and twice in 2024 (B), once after the day; women in 2024 (K);
	 * one put on the list by the cell itself in 2024. */
	add_case(app, "B-C1", "Nguyễn Thị Một", "2023-05-02", SRC_YOUTH);
	add_case(app, "B-C1", "Nguyễn Thị Hai", "2024-02-01", SRC_YOUTH);
	add_case(app, "B-S-C1", "Nguyễn Thị Ba", "2024-03-01", SRC_YOUTH);
	add_case(app, "B-C1", "Nguyễn Thị Bốn", "2024-06-03", SRC_YOUTH);
	add_case(app, "K", "Trần Thị Năm", "2024-03-11", SRC_WOMEN);
	add_case(app, "K", "Trần Thị Sáu", "2024-01-15", SRC_CELL);

	json_t *j = referrals(app, "C", "2024-04-22");
	/* Youth: 2 of 15 → 13,3%; women 1 of 4 → 25,0%; union: a target of 0, no ratio. */
	want_int(row(j, "youth"), "referral_target", 15);
	want_int(row(j, "youth"), "referred_year", 2);
	want_pct(row(j, "youth"), "target_pct", 13.3);
	want_int(row(j, "women"), "referral_target", 4);
	want_int(row(j, "women"), "referred_year", 1);
	want_pct(row(j, "women"), "target_pct", 25.0);
	want_int(row(j, "union"), "referral_target", 0);
	want_null(row(j, "union"), "target_pct");
	want_null(row(j, "farmers"), "referral_target");
	want_int(row(j, "farmers"), "referred_year", 0);
	want_null(row(j, "farmers"), "target_pct");
	/* The cell has no referral target; its referral counts in the year's total only. */
	want_null(row(j, "cell"), "referral_target");
	want_int(row(j, "cell"), "referred_year", 1);
	want_null(row(j, "cell"), "target_pct");
	/* Total: 19 = 15 + 4 + 0; 4 referred in the year; 3 by the organisations with a
	 * target → 15,8%. The existing columns are kept (no term: the period is the year). */
	want_int(row(j, ""), "referral_target", 19);
	want_int(row(j, ""), "referred_year", 4);
	want_pct(row(j, ""), "target_pct", 15.8);
	want_int(row(j, ""), "referred", 4);
	want_int(row(j, "youth"), "referred", 2);
	want_int(json_object_get(j, "facts"), "referral_target", 19);
	want_int(json_object_get(j, "facts"), "referred_with_target", 3);
	json_decref(j);

	/* B's subtree: its own youth target and the case in B-S-C1 too: 2 of 5 → 40,0%. */
	j = referrals(app, "B", "2024-04-22");
	want_int(row(j, "youth"), "referral_target", 5);
	want_int(row(j, "youth"), "referred_year", 2);
	want_pct(row(j, "youth"), "target_pct", 40.0);
	want_null(row(j, "women"), "referral_target");
	want_int(row(j, ""), "referral_target", 5);
	json_decref(j);

	/* As of 2023: that year's targets (none) and referrals. */
	j = referrals(app, "C", "2023-12-31");
	want_null(row(j, "youth"), "referral_target");
	want_int(row(j, "youth"), "referred_year", 1);
	want_null(row(j, "youth"), "target_pct");
	want_null(row(j, ""), "referral_target");
	want_null(row(j, ""), "target_pct");
	want_null(json_object_get(j, "facts"), "referral_target");
	json_decref(j);

	/* At the end of 2024 the June case counts: 3 of 15 → 20,0%. */
	j = referrals(app, "C", "2024-12-31");
	want_int(row(j, "youth"), "referred_year", 3);
	want_pct(row(j, "youth"), "target_pct", 20.0);
	json_decref(j);
	app_close(app);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_set_and_list),
		cmocka_unit_test(test_referrals_report_columns),
	};
	return cmocka_run_group_tests_name("targets", tests, NULL, NULL);
}
