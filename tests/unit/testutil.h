/* testutil.h — helpers shared by the unit tests: temporary files, databases, file bytes. */
#ifndef PTDV_TESTS_TESTUTIL_H
#define PTDV_TESTS_TESTUTIL_H

#include <stdarg.h>
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
/* Opens an app on a new database at tu_path(name), actor "test", today fixed to today. */
struct app *tu_app(const char *name, date_t today);
/* Parses yyyy-mm-dd, failing the test on error. */
date_t tu_date(const char *iso);
/* Imports text (written to a temporary CSV named file) as entity; returns the error code. */
enum ptdv_err tu_import(struct app *app, enum app_entity entity, const char *file, const char *text,
	struct msgs *errs);

#endif
