/*
 * test_db.c — the database driver (store/db.h) on the engine of PTDV_TEST_ENGINE: macros
 * and placeholders, 64-bit integers, counted text, blobs and NULLs, bytewise order of text
 * and blobs, conflicts, transactions and snapshots, the catalog, scans and identity
 * sequences after explicit ids. Whatever passes here behaves the same on both engines.
 */
#include "testutil.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>

#include "store/db.h"

static struct db *open_db(const char *name, char **url_out)
{
	char *url = tu_db(name);
	struct db *db = NULL;
	char *why = NULL;
	if (db_open(url, &db, &why) != PTDV_OK)
		fail_msg("db_open '%s': %s", url, why ? why : "?");
	if (url_out)
		*url_out = url;
	else
		free(url);
	return db;
}

static const char SCHEMA[] = "CREATE TABLE p (id @id, name TEXT NOT NULL) @strict;"
			     "CREATE TABLE t (id @id, n INTEGER, s TEXT, b @blob, "
			     "k TEXT @ckey UNIQUE, p_id INTEGER REFERENCES p(id)) @strict;"
			     "CREATE INDEX t_n ON t(n);";

static void test_values_round_trip(void **state)
{
	(void)state;
	struct db *db = open_db("db-values.db", NULL);
	assert_int_equal(db_exec(db, SCHEMA), PTDV_OK);
	struct db_stmt *q = db_stmt(db, "INSERT INTO t(n, s, b, k) VALUES (?, ?, ?, ?) @returning");
	assert_non_null(q);
	static const char blob[] = {'\0', 'x', '\0', (char)0xff};
	int64_t id1 = 0, id2 = 0;
	db_bind_int(q, 1, (int64_t)1 << 40);
	db_bind_text(q, 2, "abcdef", 3); /* counted: only "abc" */
	db_bind_blob(q, 3, blob, (int)sizeof(blob));
	db_bind_text(q, 4, "Nguyễn", -1);
	assert_int_equal(db_insert(q, &id1), PTDV_OK);
	assert_true(id1 > 0);
	db_bind_int(q, 1, INT64_MIN + 1);
	db_bind_null(q, 2);
	db_bind_null(q, 3);
	db_bind_opt_text(q, 4, "");
	assert_int_equal(db_insert(q, &id2), PTDV_OK);
	assert_int_equal(id2, id1 + 1);

	/* A '?' inside a string literal is not a placeholder. */
	q = db_stmt(db, "SELECT n, s, b, k, 'what?' FROM t WHERE id = ?");
	assert_non_null(q);
	bool row;
	db_bind_int(q, 1, id1);
	assert_int_equal(db_step(q, &row), PTDV_OK);
	assert_true(row);
	assert_int_equal(db_col_int(q, 0), (int64_t)1 << 40);
	assert_int_equal(db_col_type(q, 0), DB_INT);
	assert_string_equal(db_col_text(q, 1), "abc");
	assert_int_equal(db_col_type(q, 1), DB_TEXT);
	int len = 0;
	const void *p = db_col_blob(q, 2, &len);
	assert_int_equal(len, (int)sizeof(blob));
	assert_memory_equal(p, blob, sizeof(blob));
	assert_int_equal(db_col_type(q, 2), DB_BLOB);
	assert_string_equal(db_col_text(q, 3), "Nguyễn");
	assert_string_equal(db_col_text(q, 4), "what?");
	assert_int_equal(db_step(q, &row), PTDV_OK);
	assert_false(row);
	db_done(q);

	db_bind_int(q, 1, id2);
	assert_int_equal(db_step(q, &row), PTDV_OK);
	assert_true(row);
	assert_int_equal(db_col_int(q, 0), INT64_MIN + 1);
	assert_true(db_col_null(q, 1));
	assert_int_equal(db_col_type(q, 1), DB_NULL);
	assert_string_equal(db_col_text(q, 1), "");
	assert_null(db_col_strdup(q, 1));
	assert_true(db_col_null(q, 2));
	assert_true(db_col_null(q, 3));
	assert_int_equal(db_col_date(q, 3), DATE_NONE);
	db_done(q);

	/* '?N' names a parameter; one value used twice. */
	q = db_stmt(db, "SELECT count(*) FROM t WHERE n >= ?1 AND n <= ?1");
	assert_non_null(q);
	db_bind_int(q, 1, (int64_t)1 << 40);
	assert_int_equal(db_step(q, &row), PTDV_OK);
	assert_int_equal(db_col_int(q, 0), 1);
	db_done(q);
	if (tu_postgres())
		assert_null(db_stmt(db, "SELECT ?1, ? FROM t")); /* mixed forms are refused */
	/* PostgreSQL: a statement's first run is unnamed (one round trip), its second prepares
	 * it; the results are the same. */
	if (tu_postgres()) {
		struct db_stmt *probe = db_stmt(db, "SELECT n AS lazy_probe FROM t WHERE id = ?");
		struct db_stmt *named =
			db_stmt(db, "SELECT count(*) FROM pg_prepared_statements "
				    "WHERE statement LIKE '%' || 'lazy' || '_probe%'");
		for (int run = 0; run < 3; run++) {
			db_bind_int(probe, 1, id1);
			assert_int_equal(db_step(probe, &row), PTDV_OK);
			assert_true(row);
			assert_int_equal(db_col_int(probe, 0), (int64_t)1 << 40);
			db_done(probe);
			assert_int_equal(db_step(named, &row), PTDV_OK);
			assert_int_equal(db_col_int(named, 0), run == 0 ? 0 : 1);
			db_done(named);
		}
	}
	/* SQL that does not compile gives NULL and a message, on PostgreSQL at its first run
	 * (parsed then), and again at its second (prepared then). */
	q = db_stmt(db, "SELEKT 1");
	if (tu_postgres()) {
		assert_non_null(q);
		for (int run = 0; run < 2; run++) {
			assert_int_equal(db_step(q, &row), PTDV_DB);
			assert_non_null(strstr(db_errmsg(db), "SELEKT"));
			db_done(q);
		}
	} else {
		assert_null(q);
	}
	assert_true(strlen(db_errmsg(db)) > 0);
	db_close(db);
}

/* Text compares bytewise (code points), blobs as memcmp with the shorter first; NULLS FIRST. */
static void test_order(void **state)
{
	(void)state;
	struct db *db = open_db("db-order.db", NULL);
	assert_int_equal(db_exec(db, SCHEMA), PTDV_OK);
	static const char *const keys[] = {"b", "B", "a", "á", "Z", "đ", "ă", "a b", "ab", "A"};
	static const char *const sorted[] = {"A", "B", "Z", "a", "a b", "ab", "b", "á", "ă", "đ"};
	static const unsigned char blobs[][3] = {{1, 0, 0}, {0, 0xff, 0}, {0x80, 0, 0}, {1, 0, 1}};
	static const int blen[] = {2, 2, 1, 1};
	static const int border[] = {1, 3, 0, 2}; /* {0,ff} {1} {1,0} {80} */
	struct db_stmt *q = db_stmt(db, "INSERT INTO t(k, b, s) VALUES (?, ?, ?)");
	assert_non_null(q);
	for (int i = 0; i < 10; i++) {
		db_bind_text(q, 1, keys[i], -1);
		if (i < 4)
			db_bind_blob(q, 2, blobs[i], blen[i]);
		db_bind_opt_text(q, 3, i % 2 ? "x" : NULL);
		assert_int_equal(db_run(q), PTDV_OK);
	}
	bool row;
	int i = 0;
	q = db_stmt(db, "SELECT k FROM t ORDER BY k");
	assert_non_null(q);
	while (db_step(q, &row) == PTDV_OK && row)
		assert_string_equal(db_col_text(q, 0), sorted[i++]);
	db_done(q);
	assert_int_equal(i, 10);
	i = 0;
	q = db_stmt(db, "SELECT b FROM t WHERE b IS NOT NULL ORDER BY b");
	assert_non_null(q);
	while (db_step(q, &row) == PTDV_OK && row) {
		int len;
		const void *p = db_col_blob(q, 0, &len);
		assert_int_equal(len, blen[border[i]]);
		assert_memory_equal(p, blobs[border[i]], (size_t)len);
		i++;
	}
	db_done(q);
	assert_int_equal(i, 4);
	q = db_stmt(db, "SELECT s FROM t ORDER BY s NULLS FIRST, k");
	assert_non_null(q);
	assert_int_equal(db_step(q, &row), PTDV_OK);
	assert_true(db_col_null(q, 0));
	db_done(q);
	db_close(db);
}

static void test_conflicts_and_transactions(void **state)
{
	(void)state;
	char *url;
	struct db *db = open_db("db-tx.db", &url);
	assert_int_equal(db_exec(db, SCHEMA), PTDV_OK);
	struct db_stmt *ins = db_stmt(db, "INSERT INTO t(k, p_id) VALUES (?, ?)");
	assert_non_null(ins);
	/* A taken unique key and a missing referenced row are conflicts. */
	db_bind_text(ins, 1, "x", -1);
	assert_int_equal(db_run(ins), PTDV_OK);
	db_bind_text(ins, 1, "x", -1);
	assert_int_equal(db_run(ins), PTDV_CONFLICT);
	db_bind_text(ins, 1, "y", -1);
	db_bind_int(ins, 2, 12345);
	assert_int_equal(db_run(ins), PTDV_CONFLICT);
	/* Rolled back: the row is gone. */
	assert_int_equal(db_begin(db), PTDV_OK);
	assert_true(db_in_tx(db));
	db_bind_text(ins, 1, "z", -1);
	assert_int_equal(db_run(ins), PTDV_OK);
	db_rollback(db);
	assert_false(db_in_tx(db));
	struct db_stmt *cnt = db_stmt(db, "SELECT count(*) FROM t");
	bool row;
	assert_int_equal(db_step(cnt, &row), PTDV_OK);
	assert_int_equal(db_col_int(cnt, 0), 1);
	db_done(cnt);
	/* After an error in a transaction the caller rolls back; PostgreSQL refuses a commit. */
	assert_int_equal(db_begin(db), PTDV_OK);
	db_bind_text(ins, 1, "x", -1);
	assert_int_equal(db_run(ins), PTDV_CONFLICT);
	if (tu_postgres()) {
		assert_int_equal(db_commit(db), PTDV_DB);
		assert_non_null(strstr(db_errmsg(db), "rolled back"));
	} else {
		db_rollback(db);
	}
	db_rollback(db);

	/* A read snapshot does not see what another connection commits meanwhile. */
	struct db *other = NULL;
	assert_int_equal(db_open(url, &other, NULL), PTDV_OK);
	assert_int_equal(db_begin_read(db), PTDV_OK);
	assert_int_equal(db_step(cnt, &row), PTDV_OK);
	assert_int_equal(db_col_int(cnt, 0), 1);
	db_done(cnt);
	assert_int_equal(db_begin(other), PTDV_OK);
	struct db_stmt *ins2 = db_stmt(other, "INSERT INTO t(k) VALUES ('w')");
	assert_int_equal(db_run(ins2), PTDV_OK);
	assert_int_equal(db_commit(other), PTDV_OK);
	assert_int_equal(db_step(cnt, &row), PTDV_OK);
	assert_int_equal(db_col_int(cnt, 0), 1);
	db_done(cnt);
	db_rollback(db);
	assert_int_equal(db_step(cnt, &row), PTDV_OK);
	assert_int_equal(db_col_int(cnt, 0), 2);
	db_done(cnt);
	db_close(other);
	db_close(db);
	free(url);
}

struct names {
	char v[16][128];
	int n;
};

static enum ptdv_err collect(void *arg, const char *a, const char *b)
{
	struct names *l = arg;
	assert_true(l->n < 16);
	snprintf(l->v[l->n++], sizeof(l->v[0]), "%s|%s", a, b ? b : "");
	return PTDV_OK;
}

static bool has(const struct names *l, const char *prefix)
{
	for (int i = 0; i < l->n; i++)
		if (strncmp(l->v[i], prefix, strlen(prefix)) == 0)
			return true;
	return false;
}

static void test_catalog(void **state)
{
	(void)state;
	struct db *db = open_db("db-catalog.db", NULL);
	assert_int_equal(db_exec(db, SCHEMA), PTDV_OK);
	struct names l = {0};
	assert_int_equal(db_catalog(db, DB_CAT_TABLES, NULL, collect, &l), PTDV_OK);
	assert_int_equal(l.n, 2);
	assert_string_equal(l.v[0], "p|");
	assert_string_equal(l.v[1], "t|");
	memset(&l, 0, sizeof(l));
	assert_int_equal(db_catalog(db, DB_CAT_COLUMNS, "t", collect, &l), PTDV_OK);
	assert_int_equal(l.n, 6);
	assert_string_equal(l.v[0], "id|");
	assert_string_equal(l.v[5], "p_id|");
	memset(&l, 0, sizeof(l));
	assert_int_equal(db_catalog(db, DB_CAT_REFS, "t", collect, &l), PTDV_OK);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.v[0], "p|");
	/* Only CREATE INDEX indexes, and their definitions rebuild them. */
	memset(&l, 0, sizeof(l));
	assert_int_equal(db_catalog(db, DB_CAT_INDEXES, "t", collect, &l), PTDV_OK);
	assert_int_equal(l.n, 1);
	assert_true(has(&l, "t_n|CREATE INDEX t_n ON "));
	assert_int_equal(db_exec(db, "DROP INDEX t_n"), PTDV_OK);
	assert_int_equal(db_exec(db, strchr(l.v[0], '|') + 1), PTDV_OK);
	/* PostgreSQL's foreign keys can be dropped and added again by their definitions
	 * (what a bulk load does); SQLite's are part of the table and not listed. */
	bool pg = db_engine(db) == DB_POSTGRES;
	memset(&l, 0, sizeof(l));
	assert_int_equal(db_catalog(db, DB_CAT_FKEYS, "t", collect, &l), PTDV_OK);
	assert_int_equal(l.n, pg ? 1 : 0);
	if (pg) {
		char name[128], def[128];
		snprintf(def, sizeof(def), "%s", strchr(l.v[0], '|') + 1);
		snprintf(name, sizeof(name), "ALTER TABLE t DROP CONSTRAINT \"%.*s\"",
			(int)(strchr(l.v[0], '|') - l.v[0]), l.v[0]);
		assert_non_null(strstr(def, "FOREIGN KEY (p_id) REFERENCES p(id)"));
		assert_int_equal(db_exec(db, name), PTDV_OK);
		memset(&l, 0, sizeof(l));
		assert_int_equal(db_catalog(db, DB_CAT_FKEYS, "t", collect, &l), PTDV_OK);
		assert_int_equal(l.n, 0);
		assert_int_equal(db_exec(db, "INSERT INTO t(id, p_id) VALUES (1, 99)"), PTDV_OK);
		assert_int_equal(db_exec(db, def), PTDV_CONFLICT); /* 99 is no p: the key refuses */
		assert_int_equal(db_exec(db, "DELETE FROM t"), PTDV_OK);
		assert_int_equal(db_exec(db, def), PTDV_OK);
		assert_int_equal(
			db_exec(db, "INSERT INTO t(id, p_id) VALUES (1, 99)"), PTDV_CONFLICT);
		memset(&l, 0, sizeof(l));
		assert_int_equal(db_catalog(db, DB_CAT_FKEYS, "t", collect, &l), PTDV_OK);
		assert_int_equal(l.n, 1);
	}
	db_close(db);
}

static void test_scan_and_ids(void **state)
{
	(void)state;
	struct db *db = open_db("db-scan.db", NULL);
	assert_int_equal(db_exec(db, SCHEMA), PTDV_OK);
	assert_int_equal(db_begin(db), PTDV_OK);
	struct db_stmt *ins = db_prepare(db, "INSERT INTO p(id, name) VALUES (?, ?)", 0);
	assert_non_null(ins);
	for (int i = 1; i <= 1000; i++) {
		char name[16];
		snprintf(name, sizeof(name), "n%d", i);
		db_bind_int(ins, 1, i);
		db_bind_text(ins, 2, name, -1);
		assert_int_equal(db_run(ins), PTDV_OK);
	}
	db_finalize(ins);
	/* Explicit ids: the next generated one follows them. */
	assert_int_equal(db_sync_ids(db, "p"), PTDV_OK);
	int64_t id = 0;
	struct db_stmt *gen = db_stmt(db, "INSERT INTO p(name) VALUES ('next') @returning");
	assert_int_equal(db_insert(gen, &id), PTDV_OK);
	assert_int_equal(id, 1001);
	assert_int_equal(db_commit(db), PTDV_OK);

	struct db_stmt *scan =
		db_prepare(db, "SELECT id, name FROM p ORDER BY id", DB_PREPARE_SCAN);
	assert_non_null(scan);
	struct db_stmt *one = db_stmt(db, "SELECT count(*) FROM p");
	bool row;
	int64_t n = 0;
	enum ptdv_err err;
	while ((err = db_step(scan, &row)) == PTDV_OK && row) {
		n++;
		assert_int_equal(db_col_int(scan, 0), n);
		if (n == 10 && tu_postgres()) {
			/* While rows stream, the connection runs nothing else. */
			assert_int_equal(db_step(one, &row), PTDV_DB);
			db_done(one);
			row = true;
		}
	}
	assert_int_equal(err, PTDV_OK);
	assert_int_equal(n, 1001);
	db_done(scan);
	/* Stopped early, the scan frees the connection at db_done. */
	assert_int_equal(db_step(scan, &row), PTDV_OK);
	assert_true(row);
	db_done(scan);
	assert_int_equal(db_step(one, &row), PTDV_OK);
	assert_int_equal(db_col_int(one, 0), 1001);
	db_done(one);
	db_finalize(scan);
	db_finalize(NULL);
	db_close(db);
}

/* The server process of db's connection. */
static int64_t backend_pid(struct db *db)
{
	struct db_stmt *q = db_stmt(db, "SELECT pg_backend_pid()");
	bool row;
	assert_int_equal(db_step(q, &row), PTDV_OK);
	int64_t pid = db_col_int(q, 0);
	db_done(q);
	return pid;
}

/* Ends the server process pid, as a restart or failover would. */
static void kill_pid(int64_t pid)
{
	char sql[96];
	snprintf(sql, sizeof(sql), "SELECT pg_terminate_backend(%lld, 10000)", (long long)pid);
	assert_int_equal(tu_sql(getenv("PTDV_TEST_PG"), sql), 0);
}

/* Ends the server process of db's connection. */
static void kill_session(struct db *db)
{
	kill_pid(backend_pid(db));
}

/* PostgreSQL: a lost connection is opened again at the next safe point. */
static void test_reconnect(void **state)
{
	(void)state;
	if (!tu_postgres())
		skip();
	struct db *db = open_db("db-reconnect", NULL);
	assert_int_equal(db_exec(db, SCHEMA), PTDV_OK);
	struct db_stmt *cnt = db_stmt(db, "SELECT count(*) FROM p");
	struct db_stmt *ins = db_stmt(db, "INSERT INTO p(name) VALUES ('x')");
	bool row;
	/* A SELECT outside a transaction is retried on a new session. */
	kill_session(db);
	assert_int_equal(db_step(cnt, &row), PTDV_OK);
	assert_int_equal(db_col_int(cnt, 0), 0);
	db_done(cnt);
	/* So is a BEGIN; the statements are prepared again. */
	kill_session(db);
	assert_int_equal(db_begin(db), PTDV_OK);
	assert_int_equal(db_run(ins), PTDV_OK);
	assert_int_equal(db_commit(db), PTDV_OK);
	/* A transaction under way fails; after its rollback the next one works. */
	assert_int_equal(db_begin(db), PTDV_OK);
	kill_session(db);
	assert_int_equal(db_run(ins), PTDV_DB);
	db_rollback(db);
	assert_int_equal(db_begin_read(db), PTDV_OK);
	assert_int_equal(db_step(cnt, &row), PTDV_OK);
	assert_int_equal(db_col_int(cnt, 0), 1);
	db_done(cnt);
	db_rollback(db);
	db_close(db);
}

/* The server's state of db's session, read on other (pg_stat_activity). */
static void session_state(struct db *db, struct db *other, char *out, size_t size)
{
	int64_t pid = backend_pid(db);
	struct db_stmt *s = db_stmt(other, "SELECT state FROM pg_stat_activity WHERE pid = ?");
	db_bind_int(s, 1, pid);
	assert_int_equal(db_step_one(s), PTDV_OK);
	snprintf(out, size, "%s", db_col_text(s, 0));
	db_done(s);
}

/*
 * A snapshot's BEGIN goes with its first statement and its ROLLBACK is not waited for
 * (PostgreSQL, db_pg.c): the statements still share one snapshot, an error of the first
 * one is reported with the server's message, a scan may come first, the server ends the
 * transaction at once, and a connection lost meanwhile is opened again.
 */
static void test_snapshot_round_trips(void **state)
{
	(void)state;
	char *url;
	struct db *db = open_db("db-snap", &url);
	struct db *other = NULL;
	assert_int_equal(db_exec(db, SCHEMA), PTDV_OK);
	assert_int_equal(db_open(url, &other, NULL), PTDV_OK);
	struct db_stmt *cnt = db_stmt(db, "SELECT count(*) FROM p");
	struct db_stmt *ins = db_stmt(other, "INSERT INTO p(name) VALUES ('x')");
	struct db_stmt *div = db_stmt(db, "SELECT 1 / (count(*) - ?) FROM p");
	bool row;
	/* A snapshot whose first statement fails: the server's message; then rolled back. */
	assert_int_equal(db_begin_read(db), PTDV_OK);
	db_bind_int(div, 1, 0);
	if (tu_postgres()) {
		assert_int_equal(db_step(div, &row), PTDV_DB);
		assert_non_null(strstr(db_errmsg(db), "division by zero"));
	} else {
		assert_int_equal(db_step(div, &row), PTDV_OK); /* SQLite: NULL */
	}
	db_done(div);
	db_rollback(db);
	/* The first and later statements of a snapshot see the same data. */
	assert_int_equal(db_begin_read(db), PTDV_OK);
	assert_int_equal(db_step(cnt, &row), PTDV_OK);
	assert_int_equal(db_col_int(cnt, 0), 0);
	db_done(cnt);
	assert_int_equal(db_run(ins), PTDV_OK);
	assert_int_equal(db_step(cnt, &row), PTDV_OK);
	assert_int_equal(db_col_int(cnt, 0), 0);
	db_done(cnt);
	db_rollback(db);
	/* A scan as a snapshot's first statement is in the snapshot too. */
	struct db_stmt *scan = db_prepare(db, "SELECT name FROM p", DB_PREPARE_SCAN);
	assert_non_null(scan);
	assert_int_equal(db_begin_read(db), PTDV_OK);
	int n = 0;
	while (db_step(scan, &row) == PTDV_OK && row)
		n++;
	assert_int_equal(n, 1);
	db_done(scan);
	assert_int_equal(db_run(ins), PTDV_OK);
	assert_int_equal(db_step(cnt, &row), PTDV_OK);
	assert_int_equal(db_col_int(cnt, 0), 1);
	db_done(cnt);
	db_rollback(db);
	db_finalize(scan);
	/* A snapshot nothing was read from, then the next one sees the latest data. */
	assert_int_equal(db_begin_read(db), PTDV_OK);
	db_rollback(db);
	assert_int_equal(db_begin_read(db), PTDV_OK);
	assert_int_equal(db_step(cnt, &row), PTDV_OK);
	assert_int_equal(db_col_int(cnt, 0), 2);
	db_done(cnt);
	db_rollback(db);
	if (tu_postgres()) {
		/* The ROLLBACK not waited for has ended the transaction on the server. */
		char st[64] = "";
		for (int i = 0; i < 100; i++) {
			assert_int_equal(db_begin_read(db), PTDV_OK);
			assert_int_equal(db_step(cnt, &row), PTDV_OK);
			db_done(cnt);
			db_rollback(db);
			session_state(db, other, st, sizeof(st));
			if (strcmp(st, "idle") == 0)
				break;
		}
		assert_string_equal(st, "idle");
		/* Lost with a ROLLBACK unread, or before a snapshot's first statement. */
		int64_t pid = backend_pid(db);
		assert_int_equal(db_begin_read(db), PTDV_OK);
		assert_int_equal(db_step(cnt, &row), PTDV_OK);
		db_done(cnt);
		db_rollback(db);
		kill_pid(pid);
		assert_int_equal(db_begin_read(db), PTDV_OK);
		assert_int_equal(db_step(cnt, &row), PTDV_OK);
		assert_int_equal(db_col_int(cnt, 0), 2);
		db_done(cnt);
		db_rollback(db);
		pid = backend_pid(db);
		assert_int_equal(db_begin_read(db), PTDV_OK);
		kill_pid(pid);
		assert_int_equal(db_step(cnt, &row), PTDV_OK);
		assert_int_equal(db_col_int(cnt, 0), 2);
		db_done(cnt);
		db_rollback(db);
		/* And a write transaction after a snapshot, on the same connection. */
		struct db_stmt *ins1 = db_stmt(db, "INSERT INTO p(name) VALUES ('y')");
		assert_int_equal(db_begin(db), PTDV_OK);
		assert_int_equal(db_run(ins1), PTDV_OK);
		assert_int_equal(db_commit(db), PTDV_OK);
		assert_int_equal(db_step(cnt, &row), PTDV_OK);
		assert_int_equal(db_col_int(cnt, 0), 3);
		db_done(cnt);
	}
	db_close(other);
	db_close(db);
	free(url);
}

static volatile int stop_flag;

static void on_alarm(int sig)
{
	(void)sig;
	stop_flag = 1;
}

/* db_set_cancel: once the flag is up nothing more is written, and a rollback still runs. */
static void test_cancel(void **state)
{
	(void)state;
	struct db *db = open_db("db-cancel.db", NULL);
	assert_int_equal(db_exec(db, SCHEMA), PTDV_OK);
	struct db_stmt *ins = db_stmt(db, "INSERT INTO p(name) VALUES (?)");
	struct db_stmt *cnt = db_stmt(db, "SELECT count(*) FROM p");
	stop_flag = 0;
	db_set_cancel(db, &stop_flag);
	assert_int_equal(db_begin(db), PTDV_OK);
	db_bind_text(ins, 1, "a", -1);
	assert_int_equal(db_run(ins), PTDV_OK);
	stop_flag = 1;
	db_bind_text(ins, 1, "b", -1);
	assert_int_equal(db_run(ins), PTDV_CANCELLED);
	assert_int_equal(db_exec(db, "INSERT INTO p(name) VALUES ('c')"), PTDV_CANCELLED);
	assert_int_equal(db_commit(db), PTDV_CANCELLED);
	assert_true(db_in_tx(db));
	db_rollback(db);
	assert_false(db_in_tx(db));
	db_set_cancel(db, NULL);
	bool row;
	assert_int_equal(db_step(cnt, &row), PTDV_OK);
	assert_int_equal(db_col_int(cnt, 0), 0); /* "a" was rolled back with the rest */
	db_done(cnt);

	/* SQLite stops a statement that is running when the flag goes up (here after 100 ms,
	 * in a count that would take minutes). */
	if (db_engine(db) == DB_SQLITE) {
		stop_flag = 0;
		db_set_cancel(db, &stop_flag);
		signal(SIGALRM, on_alarm);
		struct itimerval t = {.it_value = {.tv_usec = 100000}};
		setitimer(ITIMER_REAL, &t, NULL);
		struct db_stmt *slow = db_stmt(db,
			"WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c "
			"WHERE x < 2000000000) SELECT count(*) FROM c");
		assert_int_equal(db_step(slow, &row), PTDV_CANCELLED);
		db_done(slow);
		signal(SIGALRM, SIG_DFL);
		db_set_cancel(db, NULL);
		assert_int_equal(db_step(cnt, &row), PTDV_OK);
		assert_int_equal(db_col_int(cnt, 0), 0);
		db_done(cnt);
	}
	db_close(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_values_round_trip),
		cmocka_unit_test(test_order),
		cmocka_unit_test(test_conflicts_and_transactions),
		cmocka_unit_test(test_catalog),
		cmocka_unit_test(test_scan_and_ids),
		cmocka_unit_test(test_reconnect),
		cmocka_unit_test(test_snapshot_round_trips),
		cmocka_unit_test(test_cancel),
	};
	return cmocka_run_group_tests_name("db", tests, NULL, NULL);
}
