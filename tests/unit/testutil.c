/* testutil.c — helpers shared by the unit tests. */
#include "testutil.h"

#include <errno.h>
#include <libpq-fe.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/buf.h"
#include "util/xalloc.h"

/* The folder of temporary files, created when missing. */
static const char *tmp_dir(void)
{
	const char *dir = getenv("PTDV_TEST_TMP");
	if (!dir || !*dir)
		return "/tmp";
	if (mkdir(dir, 0777) != 0 && errno != EEXIST)
		fail_msg("cannot create PTDV_TEST_TMP '%s': %s", dir, strerror(errno));
	return dir;
}

char *tu_path(const char *name)
{
	struct buf b = BUF_INIT;
	buf_addf(&b, "%s/%s", tmp_dir(), name);
	size_t n = b.len;
	unlink(b.s);
	buf_adds(&b, "-wal");
	unlink(b.s);
	buf_setlen(&b, n);
	buf_adds(&b, "-shm");
	unlink(b.s);
	buf_setlen(&b, n);
	return buf_detach(&b);
}

void tu_write(const char *path, const char *text)
{
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(text, 1, strlen(text), f), strlen(text));
	assert_int_equal(fclose(f), 0);
}

char *tu_read(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	struct buf b = BUF_INIT;
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_add(&b, chunk, n);
	fclose(f);
	if (len)
		*len = b.len;
	return buf_detach(&b);
}

bool tu_postgres(void)
{
	const char *e = getenv("PTDV_TEST_ENGINE");
	if (!e || !*e || strcmp(e, "sqlite") == 0)
		return false;
	if (strcmp(e, "postgres") == 0)
		return true;
	fail_msg("PTDV_TEST_ENGINE='%s': use sqlite or postgres", e);
	return false;
}

bool tu_have_postgres(void)
{
	const char *url = getenv("PTDV_TEST_PG");
	return url && *url;
}

/* Databases created on the server by this process, dropped at exit. */
static char **pg_dbs;
static size_t pg_ndbs;

static void pg_quiet(void *arg, const char *message)
{
	(void)arg;
	(void)message; /* "database ... does not exist, skipping" and the like */
}

/* Connects to url with notices dropped. */
static PGconn *pg_connect(const char *url)
{
	PGconn *c = PQconnectdb(url);
	PQsetNoticeProcessor(c, pg_quiet, NULL);
	return c;
}

/* Connects to the PTDV_TEST_PG server, failing the test loudly without one. */
static PGconn *pg_admin(void)
{
	const char *url = getenv("PTDV_TEST_PG");
	if (!url || !*url)
		fail_msg("PTDV_TEST_PG is not set: the postgres tests need a server; run "
			 "scripts/pg.sh start and export PTDV_TEST_PG=$(scripts/pg.sh url) "
			 "(make check does both)");
	PGconn *c = pg_connect(url);
	if (PQstatus(c) != CONNECTION_OK) {
		char msg[512];
		snprintf(msg, sizeof(msg), "%s", PQerrorMessage(c));
		PQfinish(c);
		fail_msg("cannot connect to PTDV_TEST_PG '%s': %s", url, msg);
	}
	return c;
}

static bool pg_run(PGconn *c, const char *sql, char *why, size_t size)
{
	PGresult *r = PQexec(c, sql);
	ExecStatusType s = PQresultStatus(r);
	bool ok = s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK;
	if (!ok && why)
		snprintf(why, size, "%s", PQresultErrorMessage(r));
	PQclear(r);
	return ok;
}

static void pg_drop_all(void)
{
	if (pg_ndbs == 0 || getenv("PTDV_TEST_KEEP"))
		goto out;
	PGconn *c = pg_connect(getenv("PTDV_TEST_PG"));
	for (size_t i = 0; PQstatus(c) == CONNECTION_OK && i < pg_ndbs; i++) {
		char sql[160];
		snprintf(
			sql, sizeof(sql), "DROP DATABASE IF EXISTS \"%s\" WITH (FORCE)", pg_dbs[i]);
		pg_run(c, sql, NULL, 0);
	}
	PQfinish(c);
out:
	for (size_t i = 0; i < pg_ndbs; i++)
		free(pg_dbs[i]);
	free(pg_dbs);
	pg_dbs = NULL;
	pg_ndbs = 0;
}

/* Returns the PTDV_TEST_PG URL with its database replaced by dbname (caller frees). */
static char *pg_url(const char *dbname)
{
	const char *url = getenv("PTDV_TEST_PG");
	const char *auth = strstr(url, "://");
	assert_non_null(auth);
	auth += 3;
	const char *end = auth + strcspn(auth, "/?");
	const char *rest = end + strcspn(end, "?");
	struct buf b = BUF_INIT;
	buf_add(&b, url, (size_t)(end - url));
	buf_addf(&b, "/%s%s", dbname, rest);
	return buf_detach(&b);
}

char *tu_db_on(bool postgres, const char *name)
{
	if (!postgres)
		return tu_path(name);
	/* t_<pid>_<name with [a-z0-9] kept and the rest as '_'>, at most 63 bytes. */
	char db[64];
	int n = snprintf(db, sizeof(db), "t_%ld_", (long)getpid());
	for (const char *p = name; *p && n < (int)sizeof(db) - 1; p++) {
		char c = *p;
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		db[n++] = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ? c : '_';
	}
	db[n] = '\0';
	PGconn *c = pg_admin();
	char sql[256], why[512];
	snprintf(sql, sizeof(sql), "DROP DATABASE IF EXISTS \"%s\" WITH (FORCE)", db);
	bool ok = pg_run(c, sql, why, sizeof(why));
	if (ok) {
		/* Bytewise text order and UTF-8, as ptdv requires, whatever the server's default. */
		snprintf(sql, sizeof(sql),
			"CREATE DATABASE \"%s\" TEMPLATE template0 LOCALE 'C' ENCODING 'UTF8'", db);
		ok = pg_run(c, sql, why, sizeof(why));
	}
	PQfinish(c);
	if (!ok)
		fail_msg("cannot create test database '%s': %s", db, why);
	bool known = false;
	for (size_t i = 0; i < pg_ndbs; i++)
		known = known || strcmp(pg_dbs[i], db) == 0;
	if (!known) {
		if (pg_ndbs == 0)
			atexit(pg_drop_all);
		pg_dbs = xrealloc(pg_dbs, (pg_ndbs + 1) * sizeof(*pg_dbs));
		pg_dbs[pg_ndbs++] = xstrdup(db);
	}
	return pg_url(db);
}

char *tu_db(const char *name)
{
	return tu_db_on(tu_postgres(), name);
}

int tu_sql(const char *url, const char *sql)
{
	int rc;
	if (strncmp(url, "postgres", 8) == 0) {
		PGconn *c = pg_connect(url);
		char why[512];
		rc = PQstatus(c) == CONNECTION_OK && pg_run(c, sql, why, sizeof(why)) ? 0 : 1;
		PQfinish(c);
	} else {
		sqlite3 *h = NULL;
		rc = sqlite3_open(url, &h) == SQLITE_OK &&
				     sqlite3_exec(h, sql, NULL, NULL, NULL) == SQLITE_OK
			     ? 0
			     : 1;
		sqlite3_close(h);
	}
	return rc;
}

struct app *tu_app_at(const char *url, date_t today)
{
	struct msgs errs;
	struct app *app = NULL;
	msgs_init(&errs, 0);
	enum ptdv_err err = app_open(url, "test", &app, &errs);
	if (err)
		fail_msg("cannot open '%s': %s", url, errs.n ? errs.v[0].text : "?");
	app->today = today;
	msgs_free(&errs);
	return app;
}

struct app *tu_app(const char *name, date_t today)
{
	char *url = tu_db(name);
	struct app *app = tu_app_at(url, today);
	free(url);
	return app;
}

date_t tu_date(const char *iso)
{
	date_t d;
	assert_int_equal(date_parse(iso, strlen(iso), &d), PTDV_OK);
	return d;
}

enum ptdv_err tu_import(struct app *app, enum app_entity entity, const char *file, const char *text,
	struct msgs *errs)
{
	struct app_import_result res;
	char *path = tu_path(file);
	tu_write(path, text);
	enum ptdv_err err = app_import(app, entity, path, false, &res, errs);
	free(path);
	return err;
}
