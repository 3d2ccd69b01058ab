/*
 * testutil.h — helpers shared by the unit tests: temporary files, databases, file bytes.
 *
 * Tests that use a database run on the engine named by PTDV_TEST_ENGINE: "sqlite" (the
 * default: a file under PTDV_TEST_TMP) or "postgres" (a database created for the test on
 * the server whose maintenance URL is PTDV_TEST_PG, e.g. `scripts/pg.sh url`). With
 * postgres and no PTDV_TEST_PG every such test fails, naming what to set.
 */
#ifndef PTDV_TESTS_TESTUTIL_H
#define PTDV_TESTS_TESTUTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "app/app.h"
#include "util/date.h"

/* Returns a fresh path "<tmp>/<name>" (caller frees); any file there and its -wal/-shm is removed. */
char *tu_path(const char *name);
/* Writes text to path, failing the test on error. */
void tu_write(const char *path, const char *text);
/* Returns the bytes of path (caller frees), NUL-terminated; *len may be NULL. NULL if missing. */
char *tu_read(const char *path, size_t *len);
/* True when the tests run on PostgreSQL (PTDV_TEST_ENGINE=postgres). */
bool tu_postgres(void);
/* True when a PostgreSQL server for tests is named (PTDV_TEST_PG). */
bool tu_have_postgres(void);
/*
 * Returns the URL of a new, empty database for name on the test engine (caller frees):
 * SQLite: tu_path(name); PostgreSQL: a database created on the PTDV_TEST_PG server (one
 * left by an earlier call with the same name is dropped first; all are dropped at exit
 * unless PTDV_TEST_KEEP is set). tu_db_on names the engine.
 */
char *tu_db(const char *name);
char *tu_db_on(bool postgres, const char *name);
/* Runs sql (no parameters, no results) directly on the database at url; 0 on success. */
int tu_sql(const char *url, const char *sql);
/* Opens an app on a new database tu_db(name), actor "test", today fixed to today. */
struct app *tu_app(const char *name, date_t today);
/* The same on a given database URL (not emptied). */
struct app *tu_app_at(const char *url, date_t today);
/* Parses yyyy-mm-dd, failing the test on error. */
date_t tu_date(const char *iso);
/* Imports text (written to a temporary CSV named file) as entity; returns the error code. */
enum ptdv_err tu_import(struct app *app, enum app_entity entity, const char *file, const char *text,
	struct msgs *errs);

#endif
