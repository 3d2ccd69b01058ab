/*
 * test_reports.c — every report of report/reports.h on the demo city: golden JSON files
 * (tests/golden/<name>.json, written by running with PTDV_GOLDEN_UPDATE=1 and checked by
 * hand), figures that must agree between reports and with the seed article, and as-of
 * exactness: the reports of a day are byte-identical after later admissions, an exit,
 * transfers and an org dissolved.
 */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "report/reports.h"
#include "store/store.h"
#include "store/db.h"
#include "store/store_impl.h"
#include "store/store_pipeline.h"
#include "app/app_pipeline.h"
#include "util/buf.h"

static struct app *demo_app(const char *name, const char *until)
{
	struct msgs errs;
	struct app_demo_result res;
	msgs_init(&errs, 0);
	char *built = tu_db_on(false, name);
	struct app *app = tu_app_at(built, tu_date(until));
	assert_int_equal(app_demo(app, tu_date(until), &res, &errs), PTDV_OK);
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

/* Renders report name of TP-BN on day in format f. */
static char *render(struct app *app, const char *name, const char *day, enum rformat f)
{
	struct msgs errs;
	struct report r;
	struct buf b = BUF_INIT;
	msgs_init(&errs, 0);
	enum ptdv_err err = app_report(app, name, "TP-BN", tu_date(day), NULL, &r, &errs);
	if (err)
		fail_msg("%s: %s", name, errs.n ? errs.v[0].text : "?");
	assert_int_equal(report_render(&r, f, &b), PTDV_OK);
	report_free(&r);
	msgs_free(&errs);
	return buf_detach(&b);
}

static json_t *fact(json_t *j, const char *key)
{
	json_t *v = json_object_get(json_object_get(j, "facts"), key);
	if (!v)
		fail_msg("no fact '%s'", key);
	return v;
}

static json_t *table(json_t *j, const char *key)
{
	json_t *t = json_object_get(json_object_get(j, "tables"), key);
	if (!json_is_array(t))
		fail_msg("no table '%s'", key);
	return t;
}

static json_t *last_row(json_t *t)
{
	return json_array_get(t, json_array_size(t) - 1);
}

static int64_t num(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	if (!json_is_integer(v))
		fail_msg("'%s' is not an integer", key);
	return json_integer_value(v);
}

static void check_golden(const char *name, const char *json)
{
	const char *dir = getenv("PTDV_GOLDEN_DIR");
	char path[1024];
	assert_non_null(dir);
	snprintf(path, sizeof(path), "%s/%s.json", dir, name);
	if (getenv("PTDV_GOLDEN_UPDATE")) {
		tu_write(path, json);
		return;
	}
	char *want = tu_read(path, NULL);
	if (!want)
		fail_msg("missing %s (run with PTDV_GOLDEN_UPDATE=1 to write it)", path);
	if (strcmp(want, json) != 0) {
		fprintf(stderr, "%s differs; got:\n%s\n", path, json);
		fail_msg("%s differs from the golden file", name);
	}
	free(want);
}

static void test_golden_and_consistent(void **state)
{
	(void)state;
	struct app *app = demo_app("reports-golden.db", "2026-11-27");
	size_t n;
	const struct report_info *l = app_report_list(&n);
	json_t *j[16] = {0};
	assert_true(n == 8);
	for (size_t i = 0; i < n; i++) {
		char *s = render(app, l[i].name, "2024-04-22", RF_JSON);
		check_golden(l[i].name, s);
		json_error_t e;
		j[i] = json_loads(s, 0, &e);
		assert_non_null(j[i]);
		assert_string_equal(json_string_value(json_object_get(j[i], "report")), l[i].name);
		free(s);
		/* Every report renders as text and CSV too. */
		for (int f = RF_TEXT; f <= RF_CSV; f += RF_CSV - RF_TEXT) {
			char *t = render(app, l[i].name, "2024-04-22", (enum rformat)f);
			assert_true(strlen(t) > 100);
			free(t);
		}
	}
	json_t *sum = j[0], *prog = j[1], *yoy = j[2], *bd = j[3], *due = j[5], *ref = j[6],
	       *fc = j[7];
	/* The article. */
	assert_int_equal(json_integer_value(fact(sum, "base_orgs")), 68);
	assert_int_equal(json_integer_value(fact(sum, "term_admitted")), 652);
	assert_int_equal(json_integer_value(fact(sum, "term_admitted_women")), 438);
	json_t *y2023 = json_array_get(table(sum, "by_year"), 3);
	assert_string_equal(json_string_value(json_object_get(y2023, "year")), "2023");
	assert_int_equal(num(y2023, "admitted"), 209);
	/* The year's admissions agree across reports. */
	int64_t year = json_integer_value(fact(sum, "year_admitted"));
	assert_int_equal(year, 43);
	assert_int_equal(num(last_row(table(prog, "progress")), "admitted"), year);
	assert_int_equal(json_integer_value(fact(prog, "admitted")), year);
	assert_int_equal(json_integer_value(fact(bd, "admitted")), year);
	assert_int_equal(json_integer_value(fact(fc, "admitted")), year);
	assert_int_equal(num(last_row(table(fc, "forecast")), "admitted"), year);
	assert_int_equal(num(last_row(table(yoy, "years")), "admitted"), year);
	assert_int_equal(json_integer_value(fact(yoy, "term_admitted")), 652);
	assert_int_equal(num(json_array_get(table(yoy, "years"), 3), "admitted"), 209);
	/* One row per base organisation alive that day, and the totals are their sums. */
	json_t *rows = table(prog, "progress");
	assert_int_equal(json_integer_value(fact(prog, "orgs")), 68);
	assert_int_equal(json_array_size(rows), 69);
	int64_t s = 0, open = 0;
	for (size_t i = 0; i + 1 < json_array_size(rows); i++) {
		s += num(json_array_get(rows, i), "admitted");
		open += num(json_array_get(rows, i), "open_cases");
	}
	assert_int_equal(s, year);
	/* The open cases are the due list's, and the overdue ones too. */
	assert_int_equal(open, json_integer_value(fact(due, "open_cases")));
	assert_int_equal(num(last_row(rows), "overdue"), json_integer_value(fact(due, "overdue")));
	/* Referrals add up. */
	json_t *tot = last_row(table(ref, "referrals"));
	assert_int_equal(num(tot, "referred"),
		num(tot, "in_progress") + num(tot, "admitted") + num(tot, "dropped"));
	/* The back-test covers the 3 years before, with the actual admissions of each. */
	json_t *bt = table(fc, "backtest");
	assert_int_equal(json_array_size(bt), 3);
	assert_int_equal(num(json_array_get(bt, 2), "actual"), 209);
	for (int i = 0; i < 16; i++)
		json_decref(j[i]);
	app_close(app);
}

struct pick {
	int64_t id;
	enum cand_stage stage;
	date_t on;
};

static enum ptdv_err pick_case(void *arg, const struct store_case_row *c)
{
	struct pick *p = arg;
	struct cand_summary s;
	core_candidate_summary_at(c->sum, p->on, &s);
	if (!p->id && s.stage == p->stage && s.outcome == OUTCOME_OPEN &&
		c->sum->closed == DATE_NONE)
		p->id = c->id;
	return PTDV_OK;
}

struct cards {
	char ids[64][16];
	int n;
};

static enum ptdv_err pick_member(void *arg, const struct person *p, const struct member *m,
	const char *org_code, const char *admit_code, date_t placed_on)
{
	struct cards *c = arg;
	(void)org_code;
	(void)admit_code;
	(void)placed_on;
	if (m->exit_date == DATE_NONE && p->citizen_id && c->n < 64)
		snprintf(c->ids[c->n++], sizeof(c->ids[0]), "%s", p->citizen_id);
	return PTDV_OK;
}

/*
 * The day counters (org_day, kept by triggers) against the rows they count: for every org
 * and a spread of days, store_count_members equals a count of the placements, members and
 * people themselves (the counting rule written out again here, on purpose).
 */
static enum ptdv_err counts_match_rows(void *arg, const struct org *o, const char *parent_code)
{
	static const char *const days[] = {"1990-01-01", "2015-06-30", "2024-04-22", "2024-08-01",
		"2024-08-15", "2024-10-01", "2024-12-31"};
	struct app *app = arg;
	(void)parent_code;
	struct db_stmt *q = db_stmt(app->st->db,
		"SELECT count(*), coalesce(sum(CASE WHEN m.official_date <= ?1 AND "
		"(m.recognized_on IS NULL OR m.recognized_on <= ?1) THEN 1 ELSE 0 END), 0), "
		"coalesce(sum(CASE WHEN ps.gender = 2 THEN 1 ELSE 0 END), 0) "
		"FROM org o JOIN placement pl ON pl.org_id = o.id "
		"JOIN member m ON m.id = pl.member_id JOIN person ps ON ps.id = m.person_id "
		"WHERE o.path >= ?2 AND o.path < ?3 AND pl.start_date <= ?1 "
		"AND (pl.end_date IS NULL OR pl.end_date > ?1) AND m.ceremony_date <= ?1 "
		"AND (m.exit_date IS NULL OR m.exit_date > ?1)");
	char hi[512];
	assert_non_null(q);
	store__path_hi(o->path, hi, sizeof(hi));
	/* The fixed days, then today and ten days ago: the three ways store_count_members
	 * counts (up to the day; the sums less the rows after it, by org; the same by day). */
	size_t nfixed = sizeof(days) / sizeof(days[0]);
	for (size_t i = 0; i < nfixed + 2; i++) {
		struct store_member_counts c;
		bool row;
		date_t d = i < nfixed ? tu_date(days[i]) : date_today() - (date_t)(i - nfixed) * 10;
		assert_int_equal(store_count_members(app->st, o->path, d, &c), PTDV_OK);
		db_bind_date(q, 1, d);
		db_bind_text(q, 2, o->path, -1);
		db_bind_text(q, 3, hi, -1);
		assert_int_equal(db_step(q, &row), PTDV_OK);
		assert_true(row);
		if (c.total != db_col_int(q, 0) || c.official != db_col_int(q, 1) ||
			c.women != db_col_int(q, 2))
			fail_msg("%s on %s (day %d): counters %lld/%lld/%lld, rows %lld/%lld/%lld",
				o->code, i < nfixed ? days[i] : "today or before", (int)d,
				(long long)c.total, (long long)c.official, (long long)c.women,
				(long long)db_col_int(q, 0), (long long)db_col_int(q, 1),
				(long long)db_col_int(q, 2));
		db_done(q);
	}
	return PTDV_OK;
}

static void test_as_of_exact(void **state)
{
	(void)state;
	static const char *const day = "2024-04-22";
	struct app *app = demo_app("reports-asof.db", "2024-05-31");
	struct msgs errs;
	size_t n;
	const struct report_info *l = app_report_list(&n);
	char *before[16][2], *later[16];
	msgs_init(&errs, 0);
	for (size_t i = 0; i < n; i++) {
		before[i][0] = render(app, l[i].name, day, RF_JSON);
		before[i][1] = render(app, l[i].name, day, RF_TEXT);
		later[i] = render(app, l[i].name, "2024-12-31", RF_JSON);
	}
	/* Time passes: events dated after the day, recorded through the use cases. */
	app->today = tu_date("2024-12-31");
	/* An admission. */
	assert_int_equal(tu_import(app, APP_MEMBERS, "asof-new.csv",
				 "Họ và tên,Giới tính,Ngày sinh,Số CCCD,Mã tổ chức,"
				 "Ngày quyết định kết nạp,Ngày kết nạp\n"
				 "Lê Thị Thu,Nữ,02/03/2000,027300001234,BN-CB03,03/06/2024,"
				 "10/06/2024\n",
				 &errs),
		PTDV_OK);
	/* Transfers: the new member, then every member of a base cell, which is dissolved. */
	assert_int_equal(
		app_member_transfer(app, "027300001234", "BN-CB02", tu_date("2024-08-01"), &errs),
		PTDV_OK);
	struct org cb01 = {0};
	struct cards cards = {0};
	assert_int_equal(app_org_get(app, "BN-CB01", "--org", &cb01, &errs), PTDV_OK);
	assert_int_equal(store_member_each(app->st, cb01.path, pick_member, &cards), PTDV_OK);
	assert_true(cards.n > 0);
	assert_int_equal(app_org_dissolve(app, "BN-CB01", tu_date("2024-09-01"), &errs),
		PTDV_CONFLICT); /* members first */
	for (int i = 0; i < cards.n; i++)
		assert_int_equal(app_member_transfer(app, cards.ids[i], "BN-CB02",
					 tu_date("2024-08-15"), &errs),
			PTDV_OK);
	assert_int_equal(app_org_dissolve(app, "BN-CB01", tu_date("2024-09-01"), &errs), PTDV_OK);
	core_org_clear(&cb01);
	/* An exit: a probationary member is struck off (xóa tên). */
	struct pick p = {0, STAGE_PROBATION, tu_date("2024-05-30")};
	assert_int_equal(store_case_each(app->st, "/", p.on, true, pick_case, &p), PTDV_OK);
	assert_true(p.id > 0);
	struct app_step step;
	int64_t ev;
	msgs_free(&errs);
	msgs_init(&errs, 0);
	app_step_init(&step);
	step.kind = EV_STRIKE_OFF;
	step.date = tu_date("2024-10-01");
	step.text = "Không đủ tư cách đảng viên";
	step.number = "12-QĐ/ĐU";
	if (app_candidate_advance(app, p.id, &step, &ev, &errs) != PTDV_OK)
		fail_msg("strike-off: %s", errs.n ? errs.v[0].text : "?");
	/* The day's reports are unchanged, byte for byte; later days do change. */
	int changed = 0;
	for (size_t i = 0; i < n; i++) {
		char *j = render(app, l[i].name, day, RF_JSON);
		char *t = render(app, l[i].name, day, RF_TEXT);
		char *k = render(app, l[i].name, "2024-12-31", RF_JSON);
		if (strcmp(j, before[i][0]) != 0)
			fail_msg("%s JSON changed:\n%s\n---\n%s", l[i].name, before[i][0], j);
		assert_string_equal(t, before[i][1]);
		changed += strcmp(k, later[i]) != 0;
		free(j);
		free(t);
		free(k);
		free(before[i][0]);
		free(before[i][1]);
		free(later[i]);
	}
	assert_true(changed >= 4);
	/* The counters followed every write: an admission, transfers, a strike-off. Counted
	 * as of days around these events with "today" among them too, so that each of
	 * store_count_members' three ways meets rows after its day; then with today's date. */
	assert_int_equal(setenv("PTDV_TODAY", "2024-08-10", 1), 0);
	assert_int_equal(store_org_each(app->st, NULL, counts_match_rows, app), PTDV_OK);
	assert_int_equal(unsetenv("PTDV_TODAY"), 0);
	assert_int_equal(store_org_each(app->st, NULL, counts_match_rows, app), PTDV_OK);
	msgs_free(&errs);
	app_close(app);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_golden_and_consistent),
		cmocka_unit_test(test_as_of_exact),
	};
	return cmocka_run_group_tests_name("reports", tests, NULL, NULL);
}
