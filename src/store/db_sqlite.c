/*
 * db_sqlite.c — the SQLite engine of the database driver.
 *
 * Connections run in WAL mode with foreign keys on, synchronous=FULL (a committed
 * transaction survives a crash or power cut) and a busy timeout, so readers never block
 * the writer. Macros in SQL (migrations and statements) expand as: @id → INTEGER PRIMARY
 * KEY, @strict → STRICT, @blob → BLOB, @ckey → (nothing: SQLite compares text bytewise
 * already), @returning → (nothing: db_insert reads the rowid, cheaper than RETURNING,
 * which SQLite buffers in a temporary table), @or_fail → OR FAIL (INSERT @or_fail INTO:
 * a failing row leaves the statement's earlier changes, so SQLite needs no statement
 * journal), @no_rowid → WITHOUT ROWID (a table that is its primary key), @strpos → instr
 * (the 1-based position of a substring, 0 when absent), @or_ignore → OR IGNORE and
 * @on_conflict_ignore → (nothing) (an INSERT that skips rows already there), @name_words →
 * the words of person.name_key as rows of w(value), by json_each, @custom_plan →
 * (nothing: SQLite plans with the values it is given), @match → GLOB (a case-sensitive
 * pattern, cheaper than LIKE, which folds case; '*' for any text), @serial → 1 (SQLite
 * plans in one thread anyway). A write transaction is
 * BEGIN IMMEDIATE (the write lock at once), a read
 * snapshot a plain BEGIN.
 */
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/db_impl.h"
#include "util/buf.h"
#include "util/xalloc.h"

static const struct {
	const char *macro;
	const char *text;
} macros[] = {
	{"@id", "INTEGER PRIMARY KEY"},
	{"@strict", "STRICT"},
	{"@blob", "BLOB"},
	{"@ckey", ""},
	{"@returning", ""},
	{"@or_fail", "OR FAIL"},
	{"@no_rowid", "WITHOUT ROWID"},
	{"@strpos", "instr"},
	{"@or_ignore", "OR IGNORE"},
	{"@on_conflict_ignore", ""},
	{"@custom_plan", ""},
	{"@match", "GLOB"},
	{"@serial", "1"},
	/* The words of person.name_key (a-z, 0-9, single spaces) as rows w(value): the
	 * spaces turned into a JSON array. */
	{"@name_words", "json_each('[\"' || replace(person.name_key, ' ', '\",\"') || '\"]') AS w"},
	{NULL, NULL},
};

/* Appends sql to out with every macro expanded. */
static void expand(const char *sql, struct buf *out)
{
	const char *p = sql;
	while (*p) {
		if (*p == '@') {
			bool hit = false;
			for (int i = 0; macros[i].macro; i++) {
				size_t n = strlen(macros[i].macro);
				if (strncmp(p, macros[i].macro, n) == 0) {
					buf_adds(out, macros[i].text);
					p += n;
					hit = true;
					break;
				}
			}
			if (hit)
				continue;
		}
		buf_addc(out, *p++);
	}
}

static sqlite3 *H(const struct db *db)
{
	return db->h;
}

/* Keeps the message of the failure just met (struct db: failure) and returns err. */
static enum ptdv_err failed(struct db *db, enum ptdv_err err)
{
	/* The lock another process holds past the busy timeout: said in Vietnamese, since
	 * users meet it (a second command while an import or an upgrade writes). */
	int rc = sqlite3_errcode(H(db)) & 0xff;
	snprintf(db->failure, sizeof(db->failure), "%s",
		rc == SQLITE_BUSY || rc == SQLITE_LOCKED
			? "cơ sở dữ liệu đang được một tiến trình khác ghi (nhập tệp, nâng cấp "
			  "cấu trúc hay sao lưu) quá 10 giây; hãy chờ tiến trình đó xong rồi thử lại"
			: sqlite3_errmsg(H(db)));
	return err;
}

static void sq_close(struct db *db)
{
	sqlite3_close(H(db));
}

static enum ptdv_err sq_exec(struct db *db, const char *sql)
{
	struct buf b = BUF_INIT;
	expand(sql, &b);
	int rc = sqlite3_exec(H(db), b.s, NULL, NULL, NULL);
	buf_free(&b);
	if (rc == SQLITE_OK)
		return PTDV_OK;
	return failed(db, rc == SQLITE_CONSTRAINT ? PTDV_CONFLICT : PTDV_DB);
}

static enum ptdv_err sq_tx(struct db *db, enum db_tx what)
{
	static const char *const sql[DB_TX__MAX] = {
		[DB_TX_BEGIN] = "BEGIN IMMEDIATE",
		[DB_TX_BEGIN_READ] = "BEGIN",
		[DB_TX_COMMIT] = "COMMIT",
		[DB_TX_ROLLBACK] = "ROLLBACK",
	};
	/* An interrupted write (db_set_cancel) or a full disk has rolled back already. */
	if (what == DB_TX_ROLLBACK && sqlite3_get_autocommit(H(db)))
		return PTDV_OK;
	return sqlite3_exec(H(db), sql[what], NULL, NULL, NULL) == SQLITE_OK ? PTDV_OK
									     : failed(db, PTDV_DB);
}

static void *sq_prepare(struct db *db, const char *sql, unsigned flags)
{
	(void)flags; /* SQLite always steps row by row. */
	sqlite3_stmt *st = NULL;
	struct buf b = BUF_INIT;
	expand(sql, &b);
	int rc = sqlite3_prepare_v3(H(db), b.s, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL);
	buf_free(&b);
	if (rc != SQLITE_OK)
		(void)failed(db, PTDV_DB);
	return rc == SQLITE_OK ? st : NULL;
}

static void sq_finalize(void *st)
{
	sqlite3_finalize(st);
}

static void sq_bind_int(void *st, int i, int64_t v)
{
	sqlite3_bind_int64(st, i, v);
}

static void sq_bind_text(void *st, int i, const char *s, int len)
{
	sqlite3_bind_text(st, i, s, len, SQLITE_STATIC);
}

static void sq_bind_blob(void *st, int i, const void *p, int len)
{
	sqlite3_bind_blob(st, i, p, len, SQLITE_STATIC);
}

static void sq_bind_null(void *st, int i)
{
	sqlite3_bind_null(st, i);
}

static enum ptdv_err sq_step(struct db *db, void *st, bool *row)
{
	int rc = sqlite3_step(st);
	*row = rc == SQLITE_ROW;
	if (rc == SQLITE_ROW || rc == SQLITE_DONE)
		return PTDV_OK;
	return failed(db, (rc & 0xff) == SQLITE_CONSTRAINT ? PTDV_CONFLICT : PTDV_DB);
}

static enum ptdv_err sq_insert(struct db *db, void *st, int64_t *id)
{
	bool row;
	enum ptdv_err err = sq_step(db, st, &row);
	if (!err)
		*id = sqlite3_last_insert_rowid(H(db));
	return err;
}

static int64_t sq_col_int(void *st, int i)
{
	return sqlite3_column_int64(st, i);
}

static const char *sq_col_text(void *st, int i)
{
	return (const char *)sqlite3_column_text(st, i);
}

static const void *sq_col_blob(void *st, int i, int *len)
{
	const void *p = sqlite3_column_blob(st, i);
	*len = sqlite3_column_bytes(st, i);
	return p;
}

static bool sq_col_null(void *st, int i)
{
	return sqlite3_column_type(st, i) == SQLITE_NULL;
}

static enum db_type sq_col_type(void *st, int i)
{
	switch (sqlite3_column_type(st, i)) {
	case SQLITE_NULL:
		return DB_NULL;
	case SQLITE_INTEGER:
		return DB_INT;
	case SQLITE_BLOB:
		return DB_BLOB;
	default:
		return DB_TEXT; /* ptdv stores no floating-point values */
	}
}

static void sq_reset(void *st)
{
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
}

static const char *sq_errmsg(const struct db *db)
{
	return db->failure[0] ? db->failure : sqlite3_errmsg(H(db));
}

static enum ptdv_err sq_sync_ids(struct db *db, const char *table)
{
	(void)db;
	(void)table; /* A new rowid is always one more than the largest. */
	return PTDV_OK;
}

static int sq_progress(void *flag)
{
	return *(volatile int *)flag != 0; /* non-zero: the statement stops (SQLITE_INTERRUPT) */
}

static void sq_set_cancel(struct db *db, volatile int *flag)
{
	/* Every 1000 virtual machine steps: some microseconds. */
	sqlite3_progress_handler(H(db), flag ? 1000 : 0, flag ? sq_progress : NULL, (void *)flag);
}

static const struct db_ops sqlite_ops = {
	.close = sq_close,
	.exec = sq_exec,
	.tx = sq_tx,
	.prepare = sq_prepare,
	.finalize = sq_finalize,
	.bind_int = sq_bind_int,
	.bind_text = sq_bind_text,
	.bind_blob = sq_bind_blob,
	.bind_null = sq_bind_null,
	.step = sq_step,
	.insert = sq_insert,
	.col_int = sq_col_int,
	.col_text = sq_col_text,
	.col_blob = sq_col_blob,
	.col_null = sq_col_null,
	.col_type = sq_col_type,
	.reset = sq_reset,
	.errmsg = sq_errmsg,
	.set_cancel = sq_set_cancel,
	.catalog_sql =
		{
			[DB_CAT_TABLES] =
				"SELECT name, NULL FROM sqlite_master WHERE type = 'table' "
				"AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY rowid",
			[DB_CAT_COLUMNS] =
				"SELECT name, NULL FROM pragma_table_info(?) ORDER BY cid",
			[DB_CAT_REFS] =
				"SELECT DISTINCT \"table\", NULL FROM pragma_foreign_key_list(?)",
			[DB_CAT_INDEXES] =
				"SELECT name, sql FROM sqlite_master WHERE type = 'index' "
				"AND tbl_name = ? AND sql IS NOT NULL ORDER BY name",
			[DB_CAT_TRIGGERS] = "SELECT name, sql FROM sqlite_master "
					    "WHERE type = 'trigger' AND tbl_name = ? ORDER BY name",
			[DB_CAT_FKEYS] = "SELECT NULL, NULL WHERE ? IS NULL AND 0",
		},
	.sync_ids = sq_sync_ids,
};

/* PTDV_TRACE=1: every statement and its time to standard error (a developer's aid). */
static int trace(unsigned type, void *arg, void *stmt, void *ns)
{
	(void)type;
	(void)arg;
	char *sql = sqlite3_expanded_sql(stmt);
	fprintf(stderr, "[sql %8.3f ms] %.3000s\n", (double)*(sqlite3_int64 *)ns / 1e6,
		sql ? sql : sqlite3_sql(stmt));
	sqlite3_free(sql);
	return 0;
}

/* Memory statistics cost a global mutex on every allocation; ptdv does not read them. */
static void configure(void)
{
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

enum ptdv_err db__sqlite_open(struct db *db, const char *path, char **errmsg)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	pthread_once(&once, configure);
	sqlite3 *h = NULL;
	int rc = sqlite3_open_v2(
		path, &h, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		if (errmsg) {
			struct buf b = BUF_INIT;
			buf_addf(&b, "%s: %s", path, h ? sqlite3_errmsg(h) : sqlite3_errstr(rc));
			*errmsg = buf_detach(&b);
		}
		sqlite3_close(h);
		return PTDV_DB;
	}
	sqlite3_busy_timeout(h, 10000);
	if (getenv("PTDV_TRACE"))
		sqlite3_trace_v2(h, SQLITE_TRACE_PROFILE, trace, NULL);
	sqlite3_extended_result_codes(h, 0);
	db->ops = &sqlite_ops;
	db->engine = DB_SQLITE;
	db->h = h;
	/* Sorting for CREATE INDEX (bulk loads) may use a helper thread per extra core. */
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	sqlite3_limit(
		h, SQLITE_LIMIT_WORKER_THREADS, cpus > 1 ? (int)(cpus < 4 ? cpus - 1 : 3) : 0);
	static const char pragmas[] = "PRAGMA journal_mode=WAL;"
				      "PRAGMA threads=3;"
				      "PRAGMA synchronous=FULL;"
				      "PRAGMA foreign_keys=ON;"
				      "PRAGMA mmap_size=" DB_SQLITE_MMAP ";"
				      "PRAGMA temp_store=MEMORY;";
	if (sqlite3_exec(h, pragmas, NULL, NULL, NULL) != SQLITE_OK) {
		if (errmsg) {
			struct buf b = BUF_INIT;
			buf_addf(&b, "%s: %s", path, sqlite3_errmsg(h));
			*errmsg = buf_detach(&b);
		}
		sqlite3_close(h);
		return PTDV_DB;
	}
	return PTDV_OK;
}
