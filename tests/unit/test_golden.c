/*
 * test_golden.c — the demo city reproduces the seed article: as of 22/04/2024 the city
 * committee has 68 base organisations (28 base committees, 40 base cells), nearly 11,000
 * members at 16.1% of the province, 652 admissions since the start of the 2020–2025 term
 * of whom 438 women, 209 in 2023 — whatever date the demo runs until. Also: the demo is
 * deterministic, and 2021 < 2022 < 2023 admissions.
 *
 * On PostgreSQL the demo cities are built on SQLite and copied in (ptdv copy), so every
 * figure is computed by PostgreSQL in a fraction of the time; the demo writing to
 * PostgreSQL itself is checked by test_engines.c, byte for byte against SQLite.
 */
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/summary.h"
#include "util/buf.h"

/* Opens an app on a new database of the test engine holding the demo city up to until. */
static struct app *demo_app(const char *name, const char *until)
{
	struct msgs errs;
	struct app_demo_result res;
	msgs_init(&errs, 0);
	char *built = tu_db_on(false, name);
	struct app *app = tu_app_at(built, tu_date(until));
	assert_int_equal(app_demo(app, tu_date(until), &res, &errs), PTDV_OK);
	assert_string_equal(res.city_code, "TP-BN");
	if (tu_postgres()) {
		struct app_copy_result copied;
		char *pg = tu_db(name);
		app_close(app);
		assert_int_equal(
			app_copy(built, pg, NULL, "test", NULL, false, &copied, &errs), PTDV_OK);
		app = tu_app_at(pg, tu_date(until));
		free(pg);
	}
	free(built);
	msgs_free(&errs);
	return app;
}

static struct summary article_summary(const char *db, const char *until, struct buf *json)
{
	struct msgs errs;
	struct summary s;
	msgs_init(&errs, 0);
	struct app *app = demo_app(db, until);
	assert_int_equal(
		app_report_summary(app, "TP-BN", tu_date("2024-04-22"), &s, &errs), PTDV_OK);
	if (json)
		report_summary_json(&s, json);
	msgs_free(&errs);
	app_close(app);
	return s;
}

static void check_article(const struct summary *s)
{
	assert_int_equal(s->base_committees, 28);
	assert_int_equal(s->base_cells, 40);
	assert_true(s->members >= 10500 && s->members <= 10999);
	assert_true(s->has_share);
	assert_true(fabs(round(s->share_pct * 10.0) / 10.0 - 16.1) < 1e-9);
	assert_true(s->has_term);
	assert_int_equal(s->term_target, 650);
	assert_int_equal(s->term_start, date_from_ymd(2020, 10, 1));
	assert_int_equal(s->term_admitted, 652);
	assert_int_equal(s->term_admitted_women, 438);
	assert_int_equal(s->nyears, 5);
	assert_int_equal(s->years[3].year, 2023);
	assert_int_equal(s->years[3].admitted, 209);
	assert_true(s->years[1].admitted < s->years[2].admitted);
	assert_true(s->years[2].admitted < s->years[3].admitted);
	struct buf t = BUF_INIT;
	report_summary_text(s, &t);
	assert_non_null(strstr(t.s, "68 tổ chức cơ sở đảng (28 đảng bộ cơ sở, 40 chi bộ cơ sở)"));
	assert_non_null(strstr(t.s, "438 đảng viên nữ (67,2%)"));
	assert_non_null(strstr(t.s, "chiếm 16,1%"));
	buf_free(&t);
}

/* PTDV_TEST_ENGINE=postgres: the same checks on PostgreSQL, on one demo. */
static bool on_postgres(void)
{
	const char *e = getenv("PTDV_TEST_ENGINE");
	return e && strcmp(e, "postgres") == 0;
}

/*
 * On PostgreSQL the article is checked on one demo (until today's fixed date): what the
 * other until dates show is the generator's property, the same on every engine, and each
 * demo there takes half a minute. tests/unit/test_engines.c compares the engines' output.
 */
static void test_article_on_one_demo(void **state)
{
	(void)state;
	if (!on_postgres())
		skip();
	struct summary c = article_summary("golden-c.db", "2026-11-27", NULL);
	check_article(&c);
	report_summary_free(&c);
}

static void test_article_whatever_the_until_date(void **state)
{
	(void)state;
	if (on_postgres())
		skip();
	struct buf j1 = BUF_INIT, j2 = BUF_INIT, j3 = BUF_INIT;
	struct summary a = article_summary("golden-a.db", "2024-04-22", &j1);
	struct summary b = article_summary("golden-b.db", "2025-06-30", &j2);
	struct summary c = article_summary("golden-c.db", "2026-11-27", &j3);
	check_article(&a);
	check_article(&b);
	check_article(&c);
	/* Later history never changes what 22/04/2024 reports. */
	assert_string_equal(j1.s, j2.s);
	assert_string_equal(j1.s, j3.s);
	report_summary_free(&a);
	report_summary_free(&b);
	report_summary_free(&c);
	buf_free(&j1);
	buf_free(&j2);
	buf_free(&j3);
}

static void test_deterministic_and_alive(void **state)
{
	(void)state;
	if (on_postgres())
		skip(); /* the generator's property; checked on SQLite */
	struct msgs errs;
	struct app_demo_result res;
	int64_t rows;
	msgs_init(&errs, 0);
	char *e1 = tu_path("golden-m1.csv"), *e2 = tu_path("golden-m2.csv");
	for (int i = 0; i < 2; i++) {
		struct app *app = demo_app(i ? "golden-e.db" : "golden-d.db", "2026-11-27");
		assert_int_equal(
			app_export(app, APP_MEMBERS, i ? e2 : e1, false, &rows, &errs), PTDV_OK);
		assert_true(rows > 10000);
		if (i == 1) {
			/* Alive on the until date: the 2025–2030 term and admissions in 2026. */
			struct summary s;
			assert_int_equal(
				app_report_summary(app, "TP-BN", tu_date("2026-11-27"), &s, &errs),
				PTDV_OK);
			assert_true(s.has_term);
			assert_int_equal(s.term_start, date_from_ymd(2025, 10, 1));
			assert_true(s.years[s.nyears - 1].admitted > 100);
			report_summary_free(&s);
			/* A second demo into the same database is refused. */
			assert_int_equal(
				app_demo(app, tu_date("2026-11-27"), &res, &errs), PTDV_CONFLICT);
		}
		app_close(app);
	}
	char *x1 = tu_read(e1, NULL), *x2 = tu_read(e2, NULL);
	assert_string_equal(x1, x2);
	free(x1);
	free(x2);
	free(e1);
	free(e2);
	msgs_free(&errs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_article_on_one_demo),
		cmocka_unit_test(test_article_whatever_the_until_date),
		cmocka_unit_test(test_deterministic_and_alive),
	};
	return cmocka_run_group_tests_name("golden", tests, NULL, NULL);
}
