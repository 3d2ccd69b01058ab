/*
 * test_anonymize.c — ptdv anonymize (app/app_anonymize.c) on the demo city: into a database
 * of the engine of PTDV_TEST_ENGINE, the summary as of 22/04/2024 is the source's and the
 * number of people is the same; into a SQLite file, every text value of every table (and
 * every string inside the JSON columns) is checked against the source's full names and
 * citizen IDs and card numbers, none of which may appear; the keys are recomputed from the
 * new names, birth dates keep their year and only move earlier by 0–14 days, a name given
 * twice in the source gets the same replacement, and two runs give different replacements.
 */
#include "testutil.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/summary.h"
#include "util/buf.h"
#include "util/strmap.h"
#include "util/vn.h"

static const char *const TODAY = "2024-12-31";

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

static void anonymize_ok(const char *from, const char *to, struct app_anonymize_result *res)
{
	struct msgs errs;
	msgs_init(&errs, 0);
	enum ptdv_err err = app_anonymize(from, to, "test", NULL, false, res, &errs);
	if (err)
		fail_msg("anonymize %s → %s: %s", from, to, errs.n ? errs.v[0].text : "?");
	msgs_free(&errs);
}

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

static sqlite3 *open_db(const char *path)
{
	sqlite3 *db = NULL;
	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	return db;
}

static int64_t one_int(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *q;
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &q, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	int64_t v = sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	return v;
}

/* Adds every non-NULL value of the query's first column to m. */
static size_t collect(sqlite3 *db, const char *sql, struct strmap *m)
{
	sqlite3_stmt *q;
	size_t n = 0;
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &q, NULL), SQLITE_OK);
	while (sqlite3_step(q) == SQLITE_ROW) {
		const char *s = (const char *)sqlite3_column_text(q, 0);
		if (s) {
			strmap_put(m, s, 1);
			n++;
		}
	}
	sqlite3_finalize(q);
	return n;
}

/* Fails when s, or a "..." string inside it (JSON), is one of the originals. */
static void check_text(const struct strmap *orig, const char *table, const char *col, const char *s)
{
	if (strmap_get(orig, s, NULL))
		fail_msg("%s.%s holds the original value '%s'", table, col, s);
	for (const char *p = strchr(s, '"'); p; p = strchr(p + 1, '"')) {
		const char *e = strchr(p + 1, '"');
		if (!e)
			break;
		char *inner = strndup(p + 1, (size_t)(e - p - 1));
		if (strmap_get(orig, inner, NULL))
			fail_msg("%s.%s holds the original value '%s' in '%s'", table, col, inner,
				s);
		free(inner);
		p = e;
	}
}

/* Checks every text value of every table of db against orig; returns how many it read. */
static int64_t scan_all_text(sqlite3 *db, const struct strmap *orig)
{
	sqlite3_stmt *t, *c;
	int64_t cells = 0;
	assert_int_equal(sqlite3_prepare_v2(db,
				 "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT "
				 "LIKE 'sqlite_%'",
				 -1, &t, NULL),
		SQLITE_OK);
	while (sqlite3_step(t) == SQLITE_ROW) {
		char *table = strdup((const char *)sqlite3_column_text(t, 0));
		char sql[256];
		snprintf(sql, sizeof(sql), "SELECT * FROM \"%s\"", table);
		assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &c, NULL), SQLITE_OK);
		while (sqlite3_step(c) == SQLITE_ROW) {
			for (int i = 0; i < sqlite3_column_count(c); i++) {
				if (sqlite3_column_type(c, i) != SQLITE_TEXT)
					continue;
				check_text(orig, table, sqlite3_column_name(c, i),
					(const char *)sqlite3_column_text(c, i));
				cells++;
			}
		}
		sqlite3_finalize(c);
		free(table);
	}
	sqlite3_finalize(t);
	return cells;
}

static void test_demo_city(void **state)
{
	(void)state;
	char *src = demo_city("anon-src");
	char *out = tu_db("anon-out");
	char *file = tu_db_on(false, "anon-file");
	char *again = tu_db_on(false, "anon-again");
	struct app_anonymize_result res, res2;

	/* On the test's engine: the same reports and people. */
	anonymize_ok(src, out, &res);
	char *a = summary_json(src, "TP-BN", "2024-04-22"),
	     *b = summary_json(out, "TP-BN", "2024-04-22");
	assert_string_equal(a, b);
	free(a);
	free(b);
	sqlite3 *s = open_db(src);
	int64_t people = one_int(s, "SELECT count(*) FROM person");
	assert_true(people > 10000);
	assert_int_equal(res.people, people);

	/* Into a SQLite file: nothing of the originals is left. */
	anonymize_ok(src, file, &res);
	struct strmap orig = {0};
	size_t names = collect(
		s, "SELECT full_name FROM person UNION SELECT full_name FROM app_user", &orig);
	size_t ids =
		collect(s, "SELECT citizen_id FROM person UNION SELECT card_no FROM member", &orig);
	assert_true(names > 1000 && ids > 10000);
	sqlite3 *o = open_db(file);
	assert_int_equal(one_int(o, "SELECT count(*) FROM person"), people);
	assert_true(scan_all_text(o, &orig) > 100000);
	assert_int_equal(one_int(o, "SELECT count(*) FROM session"), 0);
	assert_int_equal(
		one_int(o,
			"SELECT count(*) FROM audit WHERE (before IS NOT NULL OR after IS NOT NULL) AND action <> 'anonymize.in'"),
		0);
	/* Only "admin" keeps its login (the demo's accounts: bantochuc, lanhdao, …). */
	assert_true(one_int(o, "SELECT count(*) FROM app_user WHERE login LIKE 'tk-%'") >=
		    one_int(s, "SELECT count(*) FROM app_user WHERE login <> 'admin'"));
	assert_int_equal(
		one_int(o,
			"SELECT count(*) FROM app_user WHERE login NOT LIKE 'tk-%' AND login <> 'admin'"),
		0);

	/* Keys follow the new names; birth dates keep their year and move 0–14 days earlier;
	 * a citizen ID keeps its first six digits. */
	sqlite3_stmt *q;
	sqlite3_close(o);
	o = NULL;
	assert_int_equal(sqlite3_open(file, &o), SQLITE_OK);
	char attach[4200];
	snprintf(attach, sizeof(attach), "ATTACH DATABASE '%s' AS src", src);
	assert_int_equal(sqlite3_exec(o, attach, NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(
		sqlite3_prepare_v2(o,
			"SELECT p.full_name, p.name_key, p.sort_key, p.birth_date, s.birth_date, "
			"p.citizen_id, s.citizen_id, p.gender = s.gender FROM person p JOIN src.person s "
			"USING (id)",
			-1, &q, NULL),
		SQLITE_OK);
	int64_t rows = 0, moved = 0;
	struct buf key = BUF_INIT;
	while (sqlite3_step(q) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(q, 0);
		buf_reset(&key);
		vn_fold(name, strlen(name), &key);
		assert_string_equal(sqlite3_column_text(q, 1), key.s);
		buf_reset(&key);
		vn_name_sort_key(name, strlen(name), &key);
		assert_int_equal(sqlite3_column_bytes(q, 2), (int)key.len);
		assert_memory_equal(sqlite3_column_blob(q, 2), key.s, key.len);
		if (sqlite3_column_type(q, 4) != SQLITE_NULL) {
			date_t nb = (date_t)sqlite3_column_int(q, 3),
			       ob = (date_t)sqlite3_column_int(q, 4);
			int ny, oy;
			date_to_ymd(nb, &ny, NULL, NULL);
			date_to_ymd(ob, &oy, NULL, NULL);
			assert_int_equal(ny, oy);
			assert_true(nb <= ob && ob - nb <= 14);
			moved += nb != ob;
		}
		if (sqlite3_column_type(q, 6) != SQLITE_NULL) {
			const char *nc = (const char *)sqlite3_column_text(q, 5);
			const char *oc = (const char *)sqlite3_column_text(q, 6);
			assert_int_equal(strlen(nc), strlen(oc));
			assert_memory_equal(nc, oc, 6);
			assert_string_not_equal(nc, oc);
		}
		assert_int_equal(sqlite3_column_int(q, 7), 1);
		rows++;
	}
	sqlite3_finalize(q);
	buf_free(&key);
	assert_int_equal(rows, people);
	assert_true(moved > people * 9 / 10);
	/* The same name in the source gives the same name in the copy. */
	assert_int_equal(
		one_int(o, "SELECT count(*) FROM (SELECT s.full_name, s.gender FROM src.person s "
			   "JOIN person p USING (id) GROUP BY s.full_name, s.gender "
			   "HAVING count(DISTINCT p.full_name) > 1)"),
		0);
	assert_true(one_int(o, "SELECT count(*) FROM (SELECT full_name FROM src.person GROUP BY "
			       "full_name, gender HAVING count(*) > 1)") > 0);

	/* The name words are those of the new names, every one of them (none of the source's). */
	static const char *const words_off =
		"SELECT count(*) FROM person_word w JOIN person p ON p.id = w.person_id "
		"WHERE (' ' || p.name_key || ' ') NOT LIKE ('% ' || w.word || ' %')";
	assert_int_equal(one_int(o, words_off), 0);
	assert_int_equal(one_int(s, words_off), 0);
	assert_true(one_int(o, "SELECT count(*) FROM person_word") >= 2 * people);
	assert_int_equal(one_int(o, "SELECT count(*) FROM person p WHERE NOT EXISTS "
				    "(SELECT 1 FROM person_word w WHERE w.person_id = p.id)"),
		0);

	/* Another run draws another key: other replacements. */
	anonymize_ok(src, again, &res2);
	snprintf(attach, sizeof(attach), "ATTACH DATABASE '%s' AS again", again);
	assert_int_equal(sqlite3_exec(o, attach, NULL, NULL, NULL), SQLITE_OK);
	assert_true(one_int(o, "SELECT count(*) FROM person p JOIN again.person g USING (id) WHERE "
			       "p.citizen_id = g.citizen_id") < people / 100);

	sqlite3_close(o);
	sqlite3_close(s);
	strmap_free(&orig);
	free(src);
	free(out);
	free(file);
	free(again);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_demo_city),
	};
	return cmocka_run_group_tests_name("anonymize", tests, NULL, NULL);
}
