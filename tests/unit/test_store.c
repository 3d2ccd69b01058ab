/*
 * test_store.c — the store: migrations on an empty and on an existing database, the
 * engine settings, unopenable databases, and the subtree and as-of queries. Runs on the
 * engine of PTDV_TEST_ENGINE (testutil.h).
 */
#include "testutil.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store.h"

static void test_migrate_empty_then_existing(void **state)
{
	(void)state;
	char *path = tu_db("migrate.db");
	struct store *st = NULL;
	char *why = NULL;
	int v = -1, applied = -1;

	assert_int_equal(store_open(path, &st, &why), PTDV_OK);
	assert_int_equal(store_schema_version(st, &v), PTDV_OK);
	assert_int_equal(v, store_schema_latest());
	assert_true(v >= 1);
	/* Applying again on the same database does nothing. */
	assert_int_equal(store_migrate(st, &applied), PTDV_OK);
	assert_int_equal(applied, 0);
	struct org o = {.code = "R",
		.name = "Gốc",
		.kind = ORG_SUPERIOR,
		.founded = DATE_NONE,
		.dissolved = DATE_NONE};
	assert_int_equal(store_begin(st), PTDV_OK);
	assert_int_equal(store_org_insert(st, &o), PTDV_OK);
	assert_int_equal(store_commit(st), PTDV_OK);
	free(o.path);
	store_close(st);

	/* Reopening an existing database keeps its data and applies nothing. */
	assert_int_equal(store_open(path, &st, &why), PTDV_OK);
	assert_int_equal(store_migrate(st, &applied), PTDV_OK);
	assert_int_equal(applied, 0);
	struct org got = {0};
	assert_int_equal(store_org_by_code(st, "R", &got), PTDV_OK);
	assert_string_equal(got.name, "Gốc");
	assert_string_equal(got.path, "/1/");
	core_org_clear(&got);
	store_close(st);

	/* A text in an integer column is refused (SQLite: STRICT tables). */
	assert_int_not_equal(tu_sql(path, "INSERT INTO org(code, name, kind, path) "
					  "VALUES ('X', 'X', 'abc', '/9/')"),
		0);
	if (tu_postgres()) {
		free(path);
		return;
	}
	/* The file is a WAL database with foreign keys and STRICT tables. */
	sqlite3 *h;
	sqlite3_stmt *q;
	assert_int_equal(sqlite3_open(path, &h), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(h, "PRAGMA journal_mode", -1, &q, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(q, 0), "wal");
	sqlite3_finalize(q);
	/* STRICT: a text in an INTEGER column is refused. */
	assert_int_not_equal(sqlite3_exec(h,
				     "INSERT INTO org(code, name, kind, path) "
				     "VALUES ('X', 'X', 'abc', '/9/')",
				     NULL, NULL, NULL),
		SQLITE_OK);
	sqlite3_close(h);
	free(path);
}

static void test_migrate_older_database(void **state)
{
	(void)state;
	/* A database left at an older schema version (here: none applied) is brought up. */
	char *path = tu_db("older.db");
	assert_int_equal(tu_sql(path, "CREATE TABLE schema_migration (version BIGINT "
				      "PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT "
				      "NOT NULL)"),
		0);
	struct store *st = NULL;
	int v = 0;
	assert_int_equal(store_open(path, &st, NULL), PTDV_OK);
	assert_int_equal(store_schema_version(st, &v), PTDV_OK);
	assert_int_equal(v, store_schema_latest());
	store_close(st);
	free(path);
}

static void test_unopenable(void **state)
{
	(void)state;
	struct store *st = NULL;
	char *why = NULL;
	assert_int_equal(store_open("/nonexistent-dir/x.db", &st, &why), PTDV_DB);
	assert_non_null(why);
	assert_non_null(strstr(why, "/nonexistent-dir/x.db"));
	free(why);
	/* No server there: said in Vietnamese, with the URL but never its password. */
	why = NULL;
	assert_int_equal(store_open("postgresql://u:s3cret@/x?host=/nonexistent-dir&password=pw2",
				 &st, &why),
		PTDV_DB);
	assert_non_null(why);
	assert_non_null(strstr(why, "không kết nối được PostgreSQL 'postgresql://u:***@/x?"
				    "host=/nonexistent-dir&password=***'"));
	assert_null(strstr(why, "s3cret"));
	assert_null(strstr(why, "pw2"));
	free(why);
}

/* PostgreSQL: a database that does not sort text bytewise is refused, saying how to fix it. */
static void test_collation_checked(void **state)
{
	(void)state;
	if (!tu_postgres())
		skip();
	/* A database on the test server with another collation: t_<pid>_utf8. */
	char *url = tu_db("utf8");
	const char *admin = getenv("PTDV_TEST_PG");
	const char *name = strstr(url, "/t_") + 1;
	char sql[256];
	snprintf(sql, sizeof(sql), "DROP DATABASE \"%.*s\"", (int)strcspn(name, "?"), name);
	assert_int_equal(tu_sql(admin, sql), 0);
	snprintf(sql, sizeof(sql),
		"CREATE DATABASE \"%.*s\" TEMPLATE template0 LOCALE 'C.UTF-8' ENCODING 'UTF8'",
		(int)strcspn(name, "?"), name);
	assert_int_equal(tu_sql(admin, sql), 0);
	struct store *st = NULL;
	char *why = NULL;
	assert_int_equal(store_open(url, &st, &why), PTDV_DB);
	assert_non_null(why);
	assert_non_null(strstr(why, "LC_COLLATE 'C'"));
	assert_non_null(strstr(why, "createdb --locale=C"));
	free(why);
	free(url);
}

static void test_paths_and_subtrees(void **state)
{
	(void)state;
	char *path = tu_db("paths.db");
	struct store *st = NULL;
	assert_int_equal(store_open(path, &st, NULL), PTDV_OK);
	assert_int_equal(store_begin(st), PTDV_OK);
	/* Ids 1..12 so that "/1/10/" sorts between "/1/1/" and "/1/2/": ranges must still work. */
	struct org root = {.code = "R",
		.name = "R",
		.kind = ORG_SUPERIOR,
		.founded = DATE_NONE,
		.dissolved = DATE_NONE};
	assert_int_equal(store_org_insert(st, &root), PTDV_OK);
	int64_t ids[12];
	for (int i = 0; i < 11; i++) {
		char code[8];
		snprintf(code, sizeof(code), "B%d", i);
		struct org o = {.code = code,
			.name = code,
			.kind = ORG_BASE_CELL,
			.parent_id = root.id,
			.founded = DATE_NONE,
			.dissolved = DATE_NONE};
		assert_int_equal(store_org_insert(st, &o), PTDV_OK);
		ids[i] = o.id;
		free(o.path);
	}
	struct org sub = {.code = "S",
		.name = "S",
		.kind = ORG_SUPERIOR,
		.parent_id = root.id,
		.founded = DATE_NONE,
		.dissolved = DATE_NONE};
	assert_int_equal(store_org_insert(st, &sub), PTDV_OK);
	struct org cell = {.code = "SC",
		.name = "SC",
		.kind = ORG_BASE_CELL,
		.parent_id = sub.id,
		.founded = DATE_NONE,
		.dissolved = date_from_ymd(2020, 1, 1)};
	assert_int_equal(store_org_insert(st, &cell), PTDV_OK);
	assert_int_equal(store_commit(st), PTDV_OK);
	(void)ids;
	int64_t com, cells;
	assert_int_equal(
		store_count_base_orgs(st, root.path, date_from_ymd(2019, 12, 31), &com, &cells),
		PTDV_OK);
	assert_int_equal(cells, 12);
	assert_int_equal(
		store_count_base_orgs(st, root.path, date_from_ymd(2020, 1, 1), &com, &cells),
		PTDV_OK);
	assert_int_equal(cells, 11); /* dissolved on the day: no longer counted */
	assert_int_equal(
		store_count_base_orgs(st, sub.path, date_from_ymd(2019, 1, 1), &com, &cells),
		PTDV_OK);
	assert_int_equal(cells, 1);
	free(root.path);
	free(sub.path);
	free(cell.path);
	store_close(st);
	free(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_migrate_empty_then_existing),
		cmocka_unit_test(test_migrate_older_database),
		cmocka_unit_test(test_unopenable),
		cmocka_unit_test(test_collation_checked),
		cmocka_unit_test(test_paths_and_subtrees),
	};
	return cmocka_run_group_tests_name("store", tests, NULL, NULL);
}
