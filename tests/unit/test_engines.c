/*
 * test_engines.c — SQLite and PostgreSQL side by side (needs PTDV_TEST_PG): the demo city
 * built on each gives byte-identical summary JSON as of 22/04/2024 (the article's date)
 * and byte-identical exports; and `ptdv copy` SQLite → PostgreSQL → SQLite gives
 * byte-identical exports of orgs and members and the same summaries.
 */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/summary.h"
#include "util/buf.h"

static const char *const UNTIL = "2024-04-22";

static void demo(const char *url)
{
	struct app *app = tu_app_at(url, tu_date(UNTIL));
	struct app_demo_result res;
	struct msgs errs;
	msgs_init(&errs, 0);
	assert_int_equal(app_demo(app, tu_date(UNTIL), &res, &errs), PTDV_OK);
	msgs_free(&errs);
	app_close(app);
}

/* Returns the summary JSON of TP-BN as of iso (caller frees). */
static char *summary_json(const char *url, const char *iso)
{
	struct app *app = tu_app_at(url, tu_date(UNTIL));
	struct msgs errs;
	struct summary s;
	struct buf b = BUF_INIT;
	msgs_init(&errs, 0);
	assert_int_equal(app_report_summary(app, "TP-BN", tu_date(iso), &s, &errs), PTDV_OK);
	report_summary_json(&s, &b);
	report_summary_free(&s);
	msgs_free(&errs);
	app_close(app);
	return buf_detach(&b);
}

static char *export_text(const char *url, enum app_entity entity)
{
	struct app *app = tu_app_at(url, tu_date(UNTIL));
	struct msgs errs;
	int64_t rows;
	char *file = tu_path("engines-export.csv");
	msgs_init(&errs, 0);
	assert_int_equal(app_export(app, entity, file, false, &rows, &errs), PTDV_OK);
	char *text = tu_read(file, NULL);
	msgs_free(&errs);
	free(file);
	app_close(app);
	return text;
}

static void assert_same(char *x, char *y)
{
	assert_non_null(x);
	assert_non_null(y);
	assert_string_equal(x, y);
	free(x);
	free(y);
}

static void test_golden_on_both_engines(void **state)
{
	(void)state;
	char *sq = tu_db_on(false, "engines-golden.db"), *pg = tu_db_on(true, "engines-golden");
	demo(sq);
	demo(pg);
	char *a = summary_json(sq, "2024-04-22"), *b = summary_json(pg, "2024-04-22");
	assert_non_null(strstr(a, "\"admitted\": 652"));
	assert_same(a, b);
	assert_same(export_text(sq, APP_ORGS), export_text(pg, APP_ORGS));
	assert_same(export_text(sq, APP_MEMBERS), export_text(pg, APP_MEMBERS));
	free(sq);
	free(pg);
}

static void copy_ok(const char *from, const char *to)
{
	struct app_copy_result res;
	struct msgs errs;
	msgs_init(&errs, 0);
	enum ptdv_err err = app_copy(from, to, NULL, "test", NULL, false, &res, &errs);
	if (err)
		fail_msg("copy %s → %s: %s", from, to, errs.n ? errs.v[0].text : "?");
	msgs_free(&errs);
}

static void test_copy_sqlite_postgres_sqlite(void **state)
{
	(void)state;
	char *a = tu_db_on(false, "engines-a.db"), *pg = tu_db_on(true, "engines-pg");
	char *b = tu_db_on(false, "engines-b.db");
	demo(a);
	copy_ok(a, pg);
	copy_ok(pg, b);
	assert_same(export_text(a, APP_ORGS), export_text(b, APP_ORGS));
	assert_same(export_text(a, APP_MEMBERS), export_text(b, APP_MEMBERS));
	assert_same(export_text(a, APP_MEMBERS), export_text(pg, APP_MEMBERS));
	static const char *const dates[] = {"2020-10-01", "2023-12-31", "2024-04-22"};
	for (int i = 0; i < 3; i++) {
		assert_same(summary_json(a, dates[i]), summary_json(pg, dates[i]));
		assert_same(summary_json(a, dates[i]), summary_json(b, dates[i]));
	}
	free(a);
	free(pg);
	free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_golden_on_both_engines),
		cmocka_unit_test(test_copy_sqlite_postgres_sqlite),
	};
	return cmocka_run_group_tests_name("engines", tests, NULL, NULL);
}
