/*
 * db.h — the small database driver under store/: one interface, one file per engine.
 *
 * Only store/ includes this header. SQL is written once with '?' placeholders; the engine
 * file turns it into its own dialect (PostgreSQL's $1...). Statements are prepared once per
 * connection and cached by the address of their SQL text, which must therefore be a string
 * literal or otherwise live as long as the connection.
 *
 * Placeholders are '?' (numbered in order) or '?N' (the N-th parameter, for SQL that
 * uses one value twice); a statement uses one form or the other, not both.
 *
 * Usage:
 *	struct db_stmt *st = db_stmt(db, "SELECT name FROM org WHERE code = ?");
 *	db_bind_text(st, 1, code, -1);
 *	while ((err = db_step(st, &row)) == PTDV_OK && row) ... db_col_text(st, 0) ...
 *	db_done(st);
 */
#ifndef PTDV_STORE_DB_H
#define PTDV_STORE_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/date.h"
#include "util/err.h"

enum db_engine { DB_SQLITE, DB_POSTGRES };

/* SQLite: the memory map of a connection's reads, in bytes (PRAGMA mmap_size). */
#define DB_SQLITE_MMAP "1073741824"

struct db;
struct db_stmt;

/*
 * Opens the database named by url: a file path (SQLite, created if missing) or a
 * postgres:// or postgresql:// URL (PostgreSQL, see db_pg.c). On failure returns PTDV_DB
 * and, when errmsg is not NULL, sets *errmsg to a description the caller frees (the
 * PostgreSQL engine's is Vietnamese, with any password in the URL masked).
 */
enum ptdv_err db_open(const char *url, struct db **out, char **errmsg) PTDV_MUST_USE;
/* True when url names a PostgreSQL database (postgres:// or postgresql://). */
bool db_url_is_postgres(const char *url);
/*
 * Returns a copy of url fit for messages and logs (caller frees): the password of a
 * PostgreSQL URL, in its user part or a password= parameter, is replaced by "***".
 */
char *db_url_redact(const char *url);
/*
 * Writes a consistent backup of the open database db (url is what it was opened with) to
 * the new file path, while others keep reading and writing. PTDV_CONFLICT when path exists.
 */
enum ptdv_err db_backup(
	struct db *db, const char *url, const char *path, char **errmsg) PTDV_MUST_USE;
/* Restores the backup file into the database at url, which must be new or empty. */
enum ptdv_err db_restore(const char *url, const char *file, char **errmsg) PTDV_MUST_USE;
/* Finalizes cached statements and closes. Accepts NULL. */
void db_close(struct db *db);
enum db_engine db_engine(const struct db *db);
/* The last engine error message; valid until the next call on db. */
const char *db_errmsg(const struct db *db);

/*
 * Runs one or more statements without parameters or results (migrations, pragmas).
 * '@'-macros in the text are expanded per engine first (see the engine file).
 */
enum ptdv_err db_exec(struct db *db, const char *sql) PTDV_MUST_USE;

/*
 * Transactions. db_begin takes the write lock at once, so writers never interleave and
 * every check-then-write of app/ holds on both engines (SQLite BEGIN IMMEDIATE;
 * PostgreSQL BEGIN and a transaction-scoped advisory lock every ptdv writer takes).
 */
enum ptdv_err db_begin(struct db *db) PTDV_MUST_USE;
/*
 * A read-only snapshot: every query until db_rollback sees the same data. PostgreSQL sends
 * its BEGIN with the first statement (db_pg.c): a failure to begin is that statement's.
 */
enum ptdv_err db_begin_read(struct db *db) PTDV_MUST_USE;
/* Commits; PTDV_DB when the engine rolled the transaction back instead. */
enum ptdv_err db_commit(struct db *db) PTDV_MUST_USE;
/* Rolls back if a transaction is open; cannot fail in a way the caller can act on. */
void db_rollback(struct db *db);
bool db_in_tx(const struct db *db);
/*
 * Long work the user may stop (an import, a copy): while flag is set (not NULL), a
 * statement or commit started after *flag became non-zero fails with PTDV_CANCELLED, and
 * SQLite stops one that is running (its progress handler); PostgreSQL finishes the one
 * it runs. NULL clears it, and so does db_rollback, which is never stopped (nor the
 * statements that put the connection back after it).
 */
void db_set_cancel(struct db *db, volatile int *flag);

/*
 * Returns the cached prepared statement for sql, ready to bind, or NULL (with db_errmsg)
 * when sql does not compile — a programming error the caller reports as PTDV_DB. SQLite
 * compiles here; PostgreSQL parses at the first run (one round trip instead of two), so
 * there such SQL is the first db_step's PTDV_DB.
 */
struct db_stmt *db_stmt(struct db *db, const char *sql);
/*
 * Binds parameter i (1-based). Text and blobs are not copied: they must stay valid until
 * the statement is stepped for the last time or db_done (len -1 = NUL-terminated text).
 */
void db_bind_int(struct db_stmt *st, int i, int64_t v);
void db_bind_text(struct db_stmt *st, int i, const char *s, int len);
void db_bind_blob(struct db_stmt *st, int i, const void *p, int len);
void db_bind_null(struct db_stmt *st, int i);
/* Binds a date, or NULL for DATE_NONE. */
void db_bind_date(struct db_stmt *st, int i, date_t d);
/* Binds text, or NULL when s is NULL or empty. */
void db_bind_opt_text(struct db_stmt *st, int i, const char *s);
/* Binds v, or NULL when v is 0. */
void db_bind_opt_id(struct db_stmt *st, int i, int64_t v);

/*
 * Runs the statement to its next row. Sets *row to true with a row to read, false when
 * done. Returns PTDV_OK, PTDV_CONFLICT on a uniqueness or foreign-key violation, or
 * PTDV_DB on any other failure (with db_errmsg).
 */
enum ptdv_err db_step(struct db_stmt *st, bool *row) PTDV_MUST_USE;
/*
 * Steps to the one row a lookup expects: PTDV_OK with the row to read, PTDV_NOTFOUND when
 * there is none, else as db_step. The caller reads the columns and calls db_done.
 */
enum ptdv_err db_step_one(struct db_stmt *st) PTDV_MUST_USE;
/* Runs a statement that returns no rows (or whose rows are ignored). */
enum ptdv_err db_run(struct db_stmt *st) PTDV_MUST_USE;
/*
 * Runs an INSERT written with the @returning macro at its end and sets *id to the new
 * row's id (SQLite: the rowid; PostgreSQL: RETURNING id). Resets the statement.
 */
enum ptdv_err db_insert(struct db_stmt *st, int64_t *id) PTDV_MUST_USE;

/* Column readers for the current row, 0-based. Text is valid until the next step. */
int64_t db_col_int(struct db_stmt *st, int i);
const char *db_col_text(struct db_stmt *st, int i); /* "" for NULL */
const void *db_col_blob(struct db_stmt *st, int i, int *len);
bool db_col_null(struct db_stmt *st, int i);
date_t db_col_date(struct db_stmt *st, int i); /* DATE_NONE for NULL */
/* Returns a copy of a text column (caller frees), or NULL for NULL or "". */
char *db_col_strdup(struct db_stmt *st, int i);

/* The type of column i of the current row (the value's type on SQLite). */
enum db_type { DB_NULL, DB_INT, DB_TEXT, DB_BLOB, DB_TYPE__MAX };
enum db_type db_col_type(struct db_stmt *st, int i);

/* Resets the statement and clears its bindings so the cache can hand it out again. */
void db_done(struct db_stmt *st);

/*
 * Statements outside the cache, for SQL built at run time (table names from the schema).
 * DB_PREPARE_SCAN asks for rows to be streamed as they come instead of fetched whole
 * (PostgreSQL single-row mode): no other statement may run on the connection until the
 * scan has returned its last row or db_done; the engine refuses one that tries.
 * Returns NULL (with db_errmsg) when sql does not compile (as db_stmt). db_finalize
 * accepts NULL.
 */
enum { DB_PREPARE_SCAN = 1 };
struct db_stmt *db_prepare(struct db *db, const char *sql, unsigned flags);
void db_finalize(struct db_stmt *st);

/*
 * The catalog, for the bulk loader and for copying whole databases. Each call runs fn
 * once per row, stopping at the first error fn returns:
 *	DB_CAT_TABLES   (name, NULL): base tables, in the order they were created;
 *	DB_CAT_COLUMNS  (name, NULL): the columns of table, in order;
 *	DB_CAT_REFS     (table, NULL): the tables table references by foreign keys;
 *	DB_CAT_INDEXES  (name, definition): the indexes of table made by CREATE INDEX (not
 *	                those behind PRIMARY KEY or UNIQUE constraints), by name; running
 *	                the definition with db_exec creates the index again;
 *	DB_CAT_TRIGGERS (name, definition): the triggers of table, likewise;
 *	DB_CAT_FKEYS    (name, definition): the foreign keys of table that can be dropped
 *	                (ALTER TABLE table DROP CONSTRAINT name) and added again by running
 *	                the definition (PostgreSQL; none on SQLite, where they are part of
 *	                the table's own definition).
 * The engine's own tables are never listed.
 */
enum db_catalog {
	DB_CAT_TABLES,
	DB_CAT_COLUMNS,
	DB_CAT_REFS,
	DB_CAT_INDEXES,
	DB_CAT_TRIGGERS,
	DB_CAT_FKEYS,
	DB_CAT__MAX
};
typedef enum ptdv_err (*db_catalog_fn)(void *arg, const char *a, const char *b);
enum ptdv_err db_catalog(struct db *db, enum db_catalog what, const char *table, db_catalog_fn fn,
	void *arg) PTDV_MUST_USE;
/*
 * After rows were inserted into table with explicit ids: makes the next generated id
 * follow the largest one present (PostgreSQL identity sequences; nothing on SQLite).
 */
enum ptdv_err db_sync_ids(struct db *db, const char *table) PTDV_MUST_USE;

/* What db_begin, db_begin_read, db_commit and db_rollback ask of the engine. */
enum db_tx { DB_TX_BEGIN, DB_TX_BEGIN_READ, DB_TX_COMMIT, DB_TX_ROLLBACK, DB_TX__MAX };

/* Engine-specific implementation table; see db_sqlite.c and db_pg.c. */
struct db_ops {
	void (*close)(struct db *db);
	enum ptdv_err (*exec)(struct db *db, const char *sql);
	enum ptdv_err (*tx)(struct db *db, enum db_tx what);
	void *(*prepare)(struct db *db, const char *sql, unsigned flags);
	void (*finalize)(void *stmt);
	void (*bind_int)(void *stmt, int i, int64_t v);
	void (*bind_text)(void *stmt, int i, const char *s, int len);
	void (*bind_blob)(void *stmt, int i, const void *p, int len);
	void (*bind_null)(void *stmt, int i);
	enum ptdv_err (*step)(struct db *db, void *stmt, bool *row);
	enum ptdv_err (*insert)(struct db *db, void *stmt, int64_t *id);
	int64_t (*col_int)(void *stmt, int i);
	const char *(*col_text)(void *stmt, int i);
	const void *(*col_blob)(void *stmt, int i, int *len);
	bool (*col_null)(void *stmt, int i);
	enum db_type (*col_type)(void *stmt, int i);
	void (*reset)(void *stmt);
	const char *(*errmsg)(const struct db *db);
	/* The SQL text of each catalog query: one parameter (the table) or none. */
	const char *catalog_sql[DB_CAT__MAX];
	enum ptdv_err (*sync_ids)(struct db *db, const char *table);
	/* Optional: stops a running statement once *flag is non-zero (db_set_cancel). */
	void (*set_cancel)(struct db *db, volatile int *flag);
};

#endif
