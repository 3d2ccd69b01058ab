/*
 * test_copy.c — ptdv copy between two databases of the engine of PTDV_TEST_ENGINE: a whole
 * copy gives the same exports and reports and goes on taking writes; a subtree copy gives
 * the subtree's exports and reports (all but the share of the superior, which needs the
 * superior's whole tree); a destination with data, the same database, and Ctrl-C are
 * refused without changing the destination; both sides are audited. (SQLite ↔ PostgreSQL:
 * test_engines.c.)
 */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/summary.h"
#include "store/store.h"
#include "util/buf.h"

static const char *const TODAY = "2024-12-31";

/* The demo city up to TODAY in the SQLite file name (fast on SQLite), returned as its path. */
static char *demo_city(const char *name)
{
	char *path = tu_db_on(false, name);
	struct app *app = tu_app_at(path, tu_date(TODAY));
	struct app_demo_result res;
	struct msgs errs;
	msgs_init(&errs, 0);
	assert_int_equal(app_demo(app, tu_date(TODAY), &res, &errs), PTDV_OK);
	msgs_free(&errs);
	app_close(app);
	return path;
}

static void copy_ok(const char *from, const char *to, const char *org)
{
	struct app_copy_result res;
	struct msgs errs;
	msgs_init(&errs, 0);
	enum ptdv_err err = app_copy(from, to, org, "test", NULL, false, &res, &errs);
	if (err)
		fail_msg("copy %s → %s: %s", from, to, errs.n ? errs.v[0].text : "?");
	assert_true(res.rows > 0);
	msgs_free(&errs);
}

/* Returns the export of entity (within org's subtree when org is set) as text (caller frees). */
static char *export_text(const char *url, enum app_entity entity, const char *org)
{
	struct app *app = tu_app_at(url, tu_date(TODAY));
	struct msgs errs;
	int64_t rows;
	char *file = tu_path("copy-export.csv");
	msgs_init(&errs, 0);
	if (org)
		assert_int_equal(app_set_scope(app, org, &errs), PTDV_OK);
	assert_int_equal(app_export(app, entity, file, false, &rows, &errs), PTDV_OK);
	assert_true(rows > 0);
	char *text = tu_read(file, NULL);
	msgs_free(&errs);
	free(file);
	app_close(app);
	return text;
}

/* Returns the summary JSON of org as of iso (caller frees). */
static char *summary_json(const char *url, const char *org, const char *iso)
{
	struct app *app = tu_app_at(url, tu_date(TODAY));
	struct msgs errs;
	struct summary s;
	struct buf b = BUF_INIT;
	msgs_init(&errs, 0);
	assert_int_equal(app_report_summary(app, org, tu_date(iso), &s, &errs), PTDV_OK);
	report_summary_json(&s, &b);
	report_summary_free(&s);
	msgs_free(&errs);
	app_close(app);
	return buf_detach(&b);
}

static void assert_same_export(const char *a, const char *b, enum app_entity e, const char *org)
{
	char *x = export_text(a, e, org), *y = export_text(b, e, org);
	assert_string_equal(x, y);
	free(x);
	free(y);
}

static void assert_same_summary(const char *a, const char *b, const char *org, const char *iso)
{
	char *x = summary_json(a, org, iso), *y = summary_json(b, org, iso);
	assert_string_equal(x, y);
	free(x);
	free(y);
}

static int64_t audit_count(const char *url)
{
	struct app *app = tu_app_at(url, tu_date(TODAY));
	int64_t n = -1;
	assert_int_equal(store_audit_count(app->st, &n), PTDV_OK);
	app_close(app);
	return n;
}

static void test_whole_copy(void **state)
{
	(void)state;
	char *city = demo_city("copy-city.db");
	char *a = tu_db("copy-a.db"), *b = tu_db("copy-b.db");
	int64_t city_events = audit_count(city);
	copy_ok(city, a, NULL);
	copy_ok(a, b, NULL);
	assert_same_export(city, b, APP_ORGS, NULL);
	assert_same_export(city, b, APP_MEMBERS, NULL);
	assert_same_summary(city, b, "TP-BN", "2024-04-22");
	assert_same_summary(a, b, "TP-BN", TODAY);
	/* Audited: the source's log travels, and each side records the copy. */
	assert_int_equal(audit_count(a), city_events + 1 /* copy.in */ + 1 /* copy.out to b */);
	/* The copy takes new rows: generated ids follow the copied ones. */
	struct app *app = tu_app_at(b, tu_date(TODAY));
	struct msgs errs;
	msgs_init(&errs, 0);
	assert_int_equal(app_term_add(app, "TP-BN", "2030–2035", tu_date("2030-10-01"), DATE_NONE,
				 700, &errs),
		PTDV_OK);
	assert_int_equal(tu_import(app, APP_ORGS, "copy-new-org.csv",
				 "Mã tổ chức,Tên tổ chức,Loại,Mã cấp trên\n"
				 "MOI,Chi bộ Mới,Chi bộ cơ sở,TP-BN\n",
				 &errs),
		PTDV_OK);
	msgs_free(&errs);
	app_close(app);
	free(city);
	free(a);
	free(b);
}

static void test_subtree_copy(void **state)
{
	(void)state;
	char *city = demo_city("copy-city2.db");
	char *a = tu_db("copy-sub-a.db"), *b = tu_db("copy-sub-b.db");
	copy_ok(city, a, NULL);
	copy_ok(a, b, "BN-P05");
	/* Only what the subtree needs: the audit log stayed with the source. */
	assert_int_equal(audit_count(b), 1);
	assert_same_export(a, b, APP_ORGS, "BN-P05");
	assert_same_export(a, b, APP_MEMBERS, "BN-P05");
	/* The same report, but for the share of the superior (see store_copy.c). */
	char *x = summary_json(a, "BN-P05", "2024-04-22"),
	     *y = summary_json(b, "BN-P05", "2024-04-22");
	char *sx = strstr(x, "\"share_of_superior_pct\""),
	     *sy = strstr(y, "\"share_of_superior_pct\"");
	assert_non_null(sx);
	assert_non_null(sy);
	assert_int_equal(sx - x, sy - y);
	assert_memory_equal(x, y, (size_t)(sx - x));
	assert_string_equal(strchr(sx, '\n'), strchr(sy, '\n'));
	free(x);
	free(y);
	/* Fewer orgs than the city (only those the subtree refers to), the chain to the root. */
	char *orgs = export_text(b, APP_ORGS, NULL), *all = export_text(a, APP_ORGS, NULL);
	size_t n = 0, n_all = 0;
	for (const char *p = orgs; (p = strchr(p, '\n')) != NULL; p++)
		n++;
	for (const char *p = all; (p = strchr(p, '\n')) != NULL; p++)
		n_all++;
	if (!(n > 10 && n < n_all))
		fail_msg("the subtree copy has %zu orgs, the city %zu", n, n_all);
	assert_non_null(strstr(orgs, "\r\nTU-BN,"));
	assert_non_null(strstr(orgs, "\r\nTP-BN,"));
	free(orgs);
	free(all);
	free(city);
	free(a);
	free(b);
}

static void test_refusals(void **state)
{
	(void)state;
	char *city = demo_city("copy-city3.db");
	char *a = tu_db("copy-ref-a.db");
	struct app_copy_result res;
	struct msgs errs;
	msgs_init(&errs, 0);
	/* The same database. */
	assert_int_equal(
		app_copy(city, city, NULL, "test", NULL, false, &res, &errs), PTDV_INVALID);
	assert_non_null(strstr(errs.v[0].text, "cùng một cơ sở dữ liệu"));
	msgs_free(&errs);
	/* Ctrl-C: nothing written. */
	volatile int cancel = 1;
	assert_int_equal(
		app_copy(city, a, NULL, "test", &cancel, false, &res, &errs), PTDV_CANCELLED);
	assert_non_null(strstr(errs.v[0].text, "đã hủy"));
	msgs_free(&errs);
	assert_int_equal(audit_count(a), 0);
	/* An unknown org. */
	assert_int_equal(
		app_copy(city, a, "NOPE", "test", NULL, false, &res, &errs), PTDV_NOTFOUND);
	msgs_free(&errs);
	/* A destination with data: refused, and left as it was. */
	copy_ok(city, a, "BN-P05");
	int64_t before = audit_count(a);
	assert_int_equal(app_copy(city, a, NULL, "test", NULL, false, &res, &errs), PTDV_CONFLICT);
	assert_non_null(strstr(errs.v[0].text, "đã có dữ liệu"));
	msgs_free(&errs);
	assert_int_equal(audit_count(a), before);
	/* Nothing there to open. */
	assert_int_equal(
		app_copy("/nonexistent-dir/x.db", a, NULL, "test", NULL, false, &res, &errs),
		PTDV_DB);
	assert_non_null(strstr(errs.v[0].text, "không mở được cơ sở dữ liệu"));
	msgs_free(&errs);
	free(city);
	free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_whole_copy),
		cmocka_unit_test(test_subtree_copy),
		cmocka_unit_test(test_refusals),
	};
	return cmocka_run_group_tests_name("copy", tests, NULL, NULL);
}
