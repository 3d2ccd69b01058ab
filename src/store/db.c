/*
 * db.c — the engine-independent half of the database driver: dispatch to the engine's
 * table, the per-connection statement cache, the typed bind/column helpers, the catalog
 * queries (whose SQL each engine supplies) and the redaction of database URLs.
 */
#include "store/db.h"

#include <assert.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/db_impl.h"
#include "util/buf.h"
#include "util/xalloc.h"

enum ptdv_err db_open(const char *url, struct db **out, char **errmsg)
{
	struct db *db = xcalloc(1, sizeof(*db));
	enum ptdv_err err;
	if (errmsg)
		*errmsg = NULL;
	if (db_url_is_postgres(url)) {
		const void *t;
		err = module_open(MODULE_PG, sizeof(struct db__pg_module), &t, errmsg);
		if (!err)
			err = ((const struct db__pg_module *)t)->open(db, url, errmsg);
	} else {
		err = db__sqlite_open(db, url, errmsg);
	}
	if (err) {
		free(db);
		return err;
	}
	*out = db;
	return PTDV_OK;
}

enum ptdv_err db_backup(struct db *db, const char *url, const char *path, char **errmsg)
{
	if (errmsg)
		*errmsg = NULL;
	return db->engine == DB_POSTGRES ? db__pg_backup(url, path, errmsg)
					 : db__sqlite_backup(db, path, errmsg);
}

enum ptdv_err db_restore(const char *url, const char *file, char **errmsg)
{
	if (errmsg)
		*errmsg = NULL;
	return db_url_is_postgres(url) ? db__pg_restore(url, file, errmsg)
				       : db__sqlite_restore(url, file, errmsg);
}

bool db_url_is_postgres(const char *url)
{
	return strncmp(url, "postgres://", 11) == 0 || strncmp(url, "postgresql://", 13) == 0;
}

char *db_url_redact(const char *url)
{
	struct buf b = BUF_INIT;
	if (!db_url_is_postgres(url))
		return xstrdup(url);
	/* postgresql://user:password@host/db?password=x&... */
	const char *auth = strstr(url, "://") + 3;
	const char *end = auth + strcspn(auth, "/?");
	const char *at = memchr(auth, '@', (size_t)(end - auth));
	const char *colon = at ? memchr(auth, ':', (size_t)(at - auth)) : NULL;
	if (colon) {
		buf_add(&b, url, (size_t)(colon + 1 - url));
		buf_adds(&b, "***");
		url = at;
	}
	const char *p = url;
	while (*p) {
		bool param_start = p > url && (p[-1] == '?' || p[-1] == '&');
		if (param_start && strncmp(p, "password=", 9) == 0) {
			buf_adds(&b, "password=***");
			p += 9 + strcspn(p + 9, "&");
			continue;
		}
		buf_addc(&b, *p++);
	}
	return buf_detach(&b);
}

void db_close(struct db *db)
{
	if (!db)
		return;
	for (size_t i = 0; i < db->nslots; i++) {
		if (db->slots[i].st) {
			db->ops->finalize(db->slots[i].st->h);
			free(db->slots[i].st);
		}
	}
	free(db->slots);
	db->ops->close(db);
	free(db);
}

enum db_engine db_engine(const struct db *db)
{
	return db->engine;
}

const char *db_errmsg(const struct db *db)
{
	return db->ops->errmsg(db);
}

void db_set_cancel(struct db *db, volatile int *flag)
{
	db->cancel = flag;
	if (db->ops->set_cancel)
		db->ops->set_cancel(db, flag);
}

static bool cancelled(const struct db *db)
{
	return db->cancel && *db->cancel;
}

/* A failure once the user asked to stop is the stop (SQLite's "interrupted"). */
static enum ptdv_err stopped(const struct db *db, enum ptdv_err err)
{
	return err && cancelled(db) ? PTDV_CANCELLED : err;
}

enum ptdv_err db_exec(struct db *db, const char *sql)
{
	if (cancelled(db))
		return PTDV_CANCELLED;
	return stopped(db, db->ops->exec(db, sql));
}

enum ptdv_err db_begin(struct db *db)
{
	enum ptdv_err err = db->ops->tx(db, DB_TX_BEGIN);
	if (!err)
		db->in_tx = true;
	return err;
}

enum ptdv_err db_begin_read(struct db *db)
{
	enum ptdv_err err = db->ops->tx(db, DB_TX_BEGIN_READ);
	if (!err)
		db->in_tx = true;
	return err;
}

enum ptdv_err db_commit(struct db *db)
{
	if (cancelled(db))
		return PTDV_CANCELLED; /* the caller rolls back */
	enum ptdv_err err = stopped(db, db->ops->tx(db, DB_TX_COMMIT));
	if (!err)
		db->in_tx = false;
	return err;
}

void db_rollback(struct db *db)
{
	if (!db->in_tx)
		return;
	if (db->cancel)
		db_set_cancel(db, NULL); /* a rollback is never stopped, nor what follows it */
	if (db->ops->tx(db, DB_TX_ROLLBACK) != PTDV_OK)
		fprintf(stderr, "ptdv: rollback failed: %s\n", db_errmsg(db));
	db->in_tx = false;
}

bool db_in_tx(const struct db *db)
{
	return db->in_tx;
}

static size_t slot_of(const char *sql, size_t n)
{
	uintptr_t h = (uintptr_t)sql;
	h ^= h >> 17;
	h *= 0x9E3779B97F4A7C15u;
	return (size_t)(h >> 7) & (n - 1);
}

static void cache_grow(struct db *db)
{
	size_t n = db->nslots ? db->nslots * 2 : 64;
	struct db_cache_slot *slots = xcalloc(n, sizeof(*slots));
	for (size_t i = 0; i < db->nslots; i++) {
		if (!db->slots[i].sql)
			continue;
		size_t j = slot_of(db->slots[i].sql, n);
		while (slots[j].sql)
			j = (j + 1) & (n - 1);
		slots[j] = db->slots[i];
	}
	free(db->slots);
	db->slots = slots;
	db->nslots = n;
}

struct db_stmt *db_stmt(struct db *db, const char *sql)
{
	if (2 * (db->used + 1) > db->nslots)
		cache_grow(db);
	size_t j = slot_of(sql, db->nslots);
	while (db->slots[j].sql) {
		if (db->slots[j].sql == sql)
			return db->slots[j].st;
		j = (j + 1) & (db->nslots - 1);
	}
	void *h = db->ops->prepare(db, sql, 0);
	if (!h) {
		fprintf(stderr, "ptdv: cannot prepare SQL: %s\n%s\n", db_errmsg(db), sql);
		return NULL;
	}
	struct db_stmt *st = xmalloc(sizeof(*st));
	st->db = db;
	st->sql = sql;
	st->h = h;
	db->slots[j].sql = sql;
	db->slots[j].st = st;
	db->used++;
	return st;
}

void db_bind_int(struct db_stmt *st, int i, int64_t v)
{
	st->db->ops->bind_int(st->h, i, v);
}

void db_bind_text(struct db_stmt *st, int i, const char *s, int len)
{
	st->db->ops->bind_text(st->h, i, s, len);
}

void db_bind_blob(struct db_stmt *st, int i, const void *p, int len)
{
	st->db->ops->bind_blob(st->h, i, p, len);
}

void db_bind_null(struct db_stmt *st, int i)
{
	st->db->ops->bind_null(st->h, i);
}

void db_bind_date(struct db_stmt *st, int i, date_t d)
{
	if (d == DATE_NONE)
		db_bind_null(st, i);
	else
		db_bind_int(st, i, d);
}

void db_bind_opt_text(struct db_stmt *st, int i, const char *s)
{
	if (!s || !*s)
		db_bind_null(st, i);
	else
		db_bind_text(st, i, s, -1);
}

void db_bind_opt_id(struct db_stmt *st, int i, int64_t v)
{
	if (v == 0)
		db_bind_null(st, i);
	else
		db_bind_int(st, i, v);
}

enum ptdv_err db_step(struct db_stmt *st, bool *row)
{
	if (cancelled(st->db))
		return PTDV_CANCELLED;
	return stopped(st->db, st->db->ops->step(st->db, st->h, row));
}

enum ptdv_err db_step_one(struct db_stmt *st)
{
	bool row;
	enum ptdv_err err = db_step(st, &row);
	return !err && !row ? PTDV_NOTFOUND : err;
}

enum ptdv_err db_run(struct db_stmt *st)
{
	bool row = true;
	enum ptdv_err err = PTDV_OK;
	while (!err && row)
		err = db_step(st, &row);
	db_done(st);
	return err;
}

enum ptdv_err db_insert(struct db_stmt *st, int64_t *id)
{
	enum ptdv_err err = cancelled(st->db)
				    ? PTDV_CANCELLED
				    : stopped(st->db, st->db->ops->insert(st->db, st->h, id));
	db_done(st);
	return err;
}

int64_t db_col_int(struct db_stmt *st, int i)
{
	return st->db->ops->col_int(st->h, i);
}

const char *db_col_text(struct db_stmt *st, int i)
{
	const char *s = st->db->ops->col_text(st->h, i);
	return s ? s : "";
}

const void *db_col_blob(struct db_stmt *st, int i, int *len)
{
	return st->db->ops->col_blob(st->h, i, len);
}

bool db_col_null(struct db_stmt *st, int i)
{
	return st->db->ops->col_null(st->h, i);
}

date_t db_col_date(struct db_stmt *st, int i)
{
	if (db_col_null(st, i))
		return DATE_NONE;
	return (date_t)db_col_int(st, i);
}

char *db_col_strdup(struct db_stmt *st, int i)
{
	const char *s = db_col_text(st, i);
	return *s ? xstrdup(s) : NULL;
}

enum db_type db_col_type(struct db_stmt *st, int i)
{
	return st->db->ops->col_type(st->h, i);
}

void db_done(struct db_stmt *st)
{
	st->db->ops->reset(st->h);
}

struct db_stmt *db_prepare(struct db *db, const char *sql, unsigned flags)
{
	void *h = db->ops->prepare(db, sql, flags | DB__PREPARE_OWNED);
	if (!h)
		return NULL;
	struct db_stmt *st = xmalloc(sizeof(*st));
	st->db = db;
	st->sql = sql;
	st->h = h;
	return st;
}

void db_finalize(struct db_stmt *st)
{
	if (!st)
		return;
	st->db->ops->finalize(st->h);
	free(st);
}

enum ptdv_err db_catalog(
	struct db *db, enum db_catalog what, const char *table, db_catalog_fn fn, void *arg)
{
	assert(what >= 0 && what < DB_CAT__MAX);
	assert((what == DB_CAT_TABLES) == (table == NULL));
	struct db_stmt *q = db_stmt(db, db->ops->catalog_sql[what]);
	enum ptdv_err err;
	bool row;
	if (!q)
		return PTDV_DB;
	if (table)
		db_bind_text(q, 1, table, -1);
	while ((err = db_step(q, &row)) == PTDV_OK && row) {
		const char *b = db_col_null(q, 1) ? NULL : db_col_text(q, 1);
		err = fn(arg, db_col_text(q, 0), b);
		if (err)
			break;
	}
	db_done(q);
	return err;
}

enum ptdv_err db_sync_ids(struct db *db, const char *table)
{
	return db->ops->sync_ids(db, table);
}
