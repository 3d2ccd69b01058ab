/*
 * store.c — opening a store, migrations, transactions, audit, terms, targets and the
 * referral targets of the mass organisations.
 */
#include "store/store.h"

#include <assert.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store/store_impl.h"
#include "util/embed.h"
#include "util/xalloc.h"

extern const struct embed_file store_migrations[];

int store_schema_latest(void)
{
	int v = 0;
	for (const struct embed_file *f = store_migrations; f->name; f++)
		v = atoi(f->name);
	return v;
}

char *store_url_redact(const char *url)
{
	return db_url_redact(url);
}

bool store_url_is_postgres(const char *url)
{
	return db_url_is_postgres(url);
}

const char *store_errmsg(struct store *st)
{
	return db_errmsg(st->db);
}

void store_set_cancel(struct store *st, volatile int *flag)
{
	db_set_cancel(st->db, flag);
}

static enum ptdv_err open_at(const char *url, bool replica, struct store **out, char **errmsg);

enum ptdv_err store_open(const char *url, struct store **out, char **errmsg)
{
	return open_at(url, false, out, errmsg);
}

enum ptdv_err store_open_replica(const char *url, struct store **out, char **errmsg)
{
	return open_at(url, true, out, errmsg);
}

static enum ptdv_err open_at(const char *url, bool replica, struct store **out, char **errmsg)
{
	struct db *db = NULL;
	enum ptdv_err err = db_open(url, &db, errmsg);
	if (err)
		return err;
	struct store *st = xcalloc(1, sizeof(*st));
	st->db = db;
	st->url = xstrdup(url);
	buf_init(&st->scratch, 0);
	/* FNV-1a of the URL: the high bits of store_revision, so databases never share one. */
	st->db_key = 14695981039346656037u;
	for (const char *p = url; *p; p++)
		st->db_key = (st->db_key ^ (unsigned char)*p) * 1099511628211u;
	int applied = 0, version = 0;
	if (replica) {
		/* A standby refuses writes: check that the primary's migrations reached it. */
		err = store_schema_version(st, &version);
		if (!err && version != store_schema_latest()) {
			if (errmsg) {
				struct buf b = BUF_INIT;
				char *shown = db_url_redact(url);
				buf_addf(&b,
					"%s: cơ sở dữ liệu có cấu trúc phiên bản %d, chương trình này cần %d",
					shown, version, store_schema_latest());
				free(shown);
				*errmsg = buf_detach(&b);
			}
			store_close(st);
			return PTDV_DB;
		}
		db_rollback(db);
	} else {
		err = store_migrate(st, &applied);
	}
	if (err) {
		if (errmsg) {
			struct buf b = BUF_INIT;
			char *shown = db_url_redact(url);
			buf_addf(&b, "%s: không nâng cấp được cấu trúc cơ sở dữ liệu: %s", shown,
				db_errmsg(db));
			free(shown);
			*errmsg = buf_detach(&b);
		}
		store_close(st);
		return err;
	}
	*out = st;
	return PTDV_OK;
}

static void bulk_clear(struct store *st)
{
	for (size_t i = 0; i < st->nbulk; i++)
		free(st->bulk_ddl[i]);
	free(st->bulk_ddl);
	st->bulk_ddl = NULL;
	st->nbulk = 0;
	st->bulk = false;
	store__bulk_stop(st);
}

void store_close(struct store *st)
{
	if (!st)
		return;
	bulk_clear(st);
	db_rollback(st->db);
	db_close(st->db);
	store__bulk_free(st);
	buf_free(&st->scratch);
	free(st->url);
	free(st);
}

enum ptdv_err store_schema_version(struct store *st, int *version)
{
	struct db_stmt *q = STMT(st, "SELECT coalesce(max(version), 0) FROM schema_migration");
	bool row;
	if (!q)
		return PTDV_DB;
	enum ptdv_err err = db_step(q, &row);
	*version = !err && row ? (int)db_col_int(q, 0) : 0;
	db_done(q);
	return err;
}

/*
 * A migration named "N_name.sqlite.sql" or "N_name.postgres.sql" is for that engine only
 * (the other has its twin of the same number); "N_name.sql" is for both.
 */
static bool migration_for(struct store *st, const char *name)
{
	bool sqlite = strstr(name, ".sqlite.sql") != NULL;
	bool pg = strstr(name, ".postgres.sql") != NULL;
	return db_engine(st->db) == DB_SQLITE ? !pg : !sqlite;
}

/* db_catalog callback: notes that the table schema_migration exists. */
static enum ptdv_err has_migrations(void *arg, const char *name, const char *unused)
{
	(void)unused;
	if (strcmp(name, "schema_migration") == 0)
		*(bool *)arg = true;
	return PTDV_OK;
}

/*
 * Whether every migration of this engine is applied, read without the lock: what every
 * open after the first finds (the lock and one lookup per migration cost PostgreSQL 16
 * round trips a command). Any doubt (no table yet, a failed read) says no.
 */
static bool migrated(struct store *st)
{
	bool table = false, have[1000] = {false}, row;
	if (db_catalog(st->db, DB_CAT_TABLES, NULL, has_migrations, &table) || !table)
		return false;
	struct db_stmt *q = STMT(st, "SELECT version FROM schema_migration");
	enum ptdv_err err = q ? PTDV_OK : PTDV_DB;
	while (!err && (err = db_step(q, &row)) == PTDV_OK && row) {
		int64_t v = db_col_int(q, 0);
		if (v >= 0 && v < 1000)
			have[v] = true;
	}
	if (q)
		db_done(q);
	for (const struct embed_file *f = store_migrations; f->name && !err; f++)
		if (migration_for(st, f->name) && !have[atoi(f->name)])
			return false;
	return !err;
}

/*
 * Migrations whose new columns are filled from C after their SQL, in its transaction:
 * values core/ computes, which SQL must not compute a second time.
 */
static enum ptdv_err stays_fill(struct store *st);
static const struct {
	int version;
	enum ptdv_err (*fill)(struct store *st);
} migration_fills[] = {
	{16, store__case_due_fill},
	{19, stays_fill},
};

static enum ptdv_err migrate(struct store *st, int *applied)
{
	*applied = 0;
	if (migrated(st))
		return PTDV_OK;
	/* Under the write lock: app servers starting together must not race to create it. */
	enum ptdv_err err = db_begin(st->db);
	if (err)
		return err;
	err = db_exec(st->db, "CREATE TABLE IF NOT EXISTS schema_migration ("
			      "version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
			      "applied_at INTEGER NOT NULL) @strict");
	if (!err)
		err = db_commit(st->db);
	if (err) {
		db_rollback(st->db);
		return err;
	}
	for (const struct embed_file *f = store_migrations; f->name; f++) {
		int v = atoi(f->name);
		bool have = false;
		if (!migration_for(st, f->name))
			continue;
		/* Re-read under the write lock so two processes never apply one migration twice.
		 * Each version is looked up by itself: one missing below the newest is applied too. */
		err = db_begin(st->db);
		if (err)
			return err;
		struct db_stmt *h = STMT(st, "SELECT 1 FROM schema_migration WHERE version = ?");
		if (!h) {
			err = PTDV_DB;
			goto fail;
		}
		db_bind_int(h, 1, v);
		err = db_step(h, &have);
		db_done(h);
		if (err)
			goto fail;
		if (have) {
			db_rollback(st->db);
			continue;
		}
		err = db_exec(st->db, f->data);
		for (size_t i = 0; i < sizeof(migration_fills) / sizeof(migration_fills[0]) && !err;
			i++) {
			if (migration_fills[i].version == v)
				err = migration_fills[i].fill(st);
		}
		if (err)
			goto fail;
		struct db_stmt *q =
			STMT(st, "INSERT INTO schema_migration(version, name, applied_at) "
				 "VALUES (?, ?, ?)");
		if (!q) {
			err = PTDV_DB;
			goto fail;
		}
		db_bind_int(q, 1, v);
		db_bind_text(q, 2, f->name, -1);
		db_bind_int(q, 3, (int64_t)time(NULL));
		err = db_run(q);
		if (err)
			goto fail;
		err = db_commit(st->db);
		if (err)
			goto fail;
		(*applied)++;
	}
	return PTDV_OK;
fail:
	db_rollback(st->db); /* (db_errmsg keeps the failure's message: store_open says it) */
	return err;
}

enum ptdv_err store_migrate(struct store *st, int *applied)
{
	/* On SQLite the sorts of a migration's backfill over a large database go to temporary
	 * files, not to memory (the connection's temp_store=MEMORY): rewriting the name words of
	 * six million people held 5.7 GB otherwise. */
	bool sqlite = db_engine(st->db) == DB_SQLITE;
	enum ptdv_err err = sqlite ? db_exec(st->db, "PRAGMA temp_store=FILE") : PTDV_OK;
	if (!err)
		err = migrate(st, applied);
	/* (Not after a failure: the store is closed then.) */
	if (sqlite && !err)
		err = db_exec(st->db, "PRAGMA temp_store=MEMORY");
	return err;
}

enum ptdv_err store_begin(struct store *st)
{
	return db_begin(st->db);
}

enum ptdv_err store_begin_read(struct store *st)
{
	if (st->held)
		return PTDV_OK;
	return db_begin_read(st->db);
}

enum ptdv_err store_hold_read(struct store *st)
{
	if (st->held) {
		st->held++;
		return PTDV_OK;
	}
	assert(!db_in_tx(st->db));
	enum ptdv_err err = db_begin_read(st->db);
	if (!err)
		st->held = 1;
	return err;
}

void store_release_read(struct store *st)
{
	if (st->held == 0 || --st->held > 0)
		return;
	st->rev_known = false;
	store_rollback(st);
}

enum ptdv_err store_commit(struct store *st)
{
	/* VACUUM marks a page all-visible only where its rows carry the hint that their
	 * transaction committed, which PostgreSQL sets only once the commit is on disk: with
	 * synchronous_commit=off (a server's choice; scripts/pg.sh's) a VACUUM right after the
	 * COMMIT found it not yet flushed. The load's own commit waits for its flush. */
	enum ptdv_err err =
		st->vacuum ? db_exec(st->db, "SET LOCAL synchronous_commit = on") : PTDV_OK;
	if (!err)
		err = db_commit(st->db);
	const char *tables = st->vacuum;
	st->vacuum = NULL;
	if (err || !tables)
		return err;
	/* The load is committed whatever becomes of this: a failure leaves the work to
	 * PostgreSQL's autovacuum, which would have done it later anyway. One VACUUM, then one
	 * ANALYZE: in VACUUM (ANALYZE) of several tables, those after the first were left
	 * unmarked whenever other transactions ran on the server (PostgreSQL 15; at 10% the
	 * import's 100,000 cases and 36,964 new members, every count of open cases then
	 * fetching each case from the table). */
	struct buf sql = BUF_INIT;
	buf_addf(&sql, "VACUUM %s", tables);
	enum ptdv_err e2 = db_exec(st->db, sql.s);
	if (!e2) {
		buf_reset(&sql);
		buf_addf(&sql, "ANALYZE %s", tables);
		e2 = db_exec(st->db, sql.s);
	}
	if (e2)
		fprintf(stderr,
			"ptdv: cảnh báo: chưa cập nhật được thống kê của PostgreSQL sau khi "
			"nhập (VACUUM): %s\n",
			db_errmsg(st->db));
	buf_free(&sql);
	return PTDV_OK;
}

/*
 * SQLite's page cache: 2 MB (SQLite's own) for the connection of a command, which reads
 * each page about once and would pay a page fault for every page of a larger cache it
 * fills (a province's due list at national scale: 17,400 faults with 64 MB against 950,
 * 0.25 against 0.16 s); 64 MB for a server's connections, which read the same pages
 * request after request, and for bulk loads, which write them.
 */
enum { STORE_CACHE_KIB = 65536 };

static enum ptdv_err cache_set(struct store *st, int kib)
{
	char sql[64];
	if (db_engine(st->db) != DB_SQLITE)
		return PTDV_OK;
	snprintf(sql, sizeof(sql), "PRAGMA cache_size=-%d", kib ? kib : 2000);
	return db_exec(st->db, sql);
}

/*
 * 019_word_stay.sql's fill: every person's stay on its name words (store_member.c), through
 * the cache of a bulk load, as it reads memberships and placements of millions of people
 * (with SQLite's own 2 MB the national database's 5.6 million were read page by page from
 * the file, over and over); then the connection's own cache again.
 */
static enum ptdv_err stays_fill(struct store *st)
{
	enum ptdv_err err = cache_set(st, STORE_CACHE_KIB);
	if (!err)
		err = store__person_stays_refresh(st, NULL);
	enum ptdv_err e2 = cache_set(st, st->cache_kib);
	return err ? err : e2;
}

enum ptdv_err store_long_lived(struct store *st)
{
	st->cache_kib = STORE_CACHE_KIB;
	return cache_set(st, st->cache_kib);
}

/* Gives the connection its memory map back (db_sqlite.c) after a load of cases. */
static enum ptdv_err bulk_remap(struct store *st)
{
	if (!st->unmapped)
		return PTDV_OK;
	st->unmapped = false;
	return db_exec(st->db, "PRAGMA mmap_size=" DB_SQLITE_MMAP);
}

void store_rollback(struct store *st)
{
	if (st->held)
		return;
	/* A bulk load ends with its transaction: the dropped indexes come back with it. */
	bulk_clear(st);
	st->vacuum = NULL;
	db_rollback(st->db);
	if (cache_set(st, st->cache_kib))
		fprintf(stderr, "ptdv: không đặt lại được cache_size của SQLite: %s\n",
			db_errmsg(st->db));
	if (bulk_remap(st))
		fprintf(stderr, "ptdv: không đặt lại được mmap_size của SQLite: %s\n",
			db_errmsg(st->db));
}

struct person store__col_person(struct db_stmt *q, int first)
{
	return (struct person){
		.id = db_col_int(q, first),
		.full_name = (char *)db_col_text(q, first + 1),
		.gender = (enum gender)db_col_int(q, first + 2),
		.birth_date = db_col_date(q, first + 3),
		.citizen_id = (char *)db_col_text(q, first + 4),
		.ethnicity = (char *)db_col_text(q, first + 5),
		.religion = (char *)db_col_text(q, first + 6),
		.education = (enum education)db_col_int(q, first + 7),
		.occupation = (enum occupation)db_col_int(q, first + 8),
		.youth_union = (enum tristate)db_col_int(q, first + 9),
	};
}

void store__col_person_dup(struct db_stmt *q, int first, struct person *out)
{
	*out = store__col_person(q, first);
	out->full_name = db_col_strdup(q, first + 1);
	out->citizen_id = db_col_strdup(q, first + 4);
	out->ethnicity = db_col_strdup(q, first + 5);
	out->religion = db_col_strdup(q, first + 6);
}

enum ptdv_err store__one_int(struct db_stmt *q, int64_t *v)
{
	bool row;
	enum ptdv_err err = db_step(q, &row);
	*v = !err && row ? db_col_int(q, 0) : 0;
	db_done(q);
	return err;
}

void store__path_hi(const char *path, char *hi, size_t size)
{
	snprintf(hi, size, "%s", path);
	size_t n = strlen(hi);
	if (n > 0)
		hi[n - 1] = '/' + 1;
}

enum ptdv_err store_audit_add_in(struct store *st, const char *scope, const char *actor,
	const char *action, const char *entity, const char *key, const char *before,
	const char *after)
{
	struct db_stmt *q = STMT(st, "INSERT INTO audit(at, actor, action, entity, entity_key, "
				     "before, after, scope) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
	if (!q)
		return PTDV_DB;
	db_bind_int(q, 1, (int64_t)time(NULL));
	db_bind_text(q, 2, actor, -1);
	db_bind_text(q, 3, action, -1);
	db_bind_text(q, 4, entity, -1);
	db_bind_opt_text(q, 5, key);
	db_bind_opt_text(q, 6, before);
	db_bind_opt_text(q, 7, after);
	db_bind_opt_text(q, 8, scope && strcmp(scope, "/") != 0 ? scope : NULL);
	return db_run(q);
}

enum ptdv_err store_audit_add(struct store *st, const char *actor, const char *action,
	const char *entity, const char *key, const char *before, const char *after)
{
	return store_audit_add_in(st, NULL, actor, action, entity, key, before, after);
}

enum ptdv_err store_audit_each(struct store *st, const char *scope_path, int64_t before_id,
	int limit, store_audit_fn fn, void *arg)
{
	char hi[512];
	bool all = strcmp(scope_path, "/") == 0;
	struct db_stmt *q = all ? STMT(st, "SELECT id, at, actor, action, entity, entity_key, "
					   "before, after FROM audit WHERE id < ? "
					   "ORDER BY id DESC LIMIT ?")
				: STMT(st, "SELECT id, at, actor, action, entity, entity_key, "
					   "before, after FROM audit WHERE id < ? "
					   "AND scope >= ? AND scope < ? ORDER BY id DESC LIMIT ?");
	enum ptdv_err err;
	bool row;
	if (!q)
		return PTDV_DB;
	int i = 1;
	db_bind_int(q, i++, before_id > 0 ? before_id : INT64_MAX);
	if (!all) {
		store__path_hi(scope_path, hi, sizeof(hi));
		db_bind_text(q, i++, scope_path, -1);
		db_bind_text(q, i++, hi, -1);
	}
	db_bind_int(q, i, limit);
	while ((err = db_step(q, &row)) == PTDV_OK && row) {
		struct store_audit_event e = {
			.id = db_col_int(q, 0),
			.at = db_col_int(q, 1),
			.actor = db_col_text(q, 2),
			.action = db_col_text(q, 3),
			.entity = db_col_text(q, 4),
			.key = db_col_null(q, 5) ? NULL : db_col_text(q, 5),
			.before = db_col_null(q, 6) ? NULL : db_col_text(q, 6),
			.after = db_col_null(q, 7) ? NULL : db_col_text(q, 7),
		};
		err = fn(arg, &e);
		if (err)
			break;
	}
	db_done(q);
	return err;
}

int64_t store__rev_of(const struct store *st, int64_t n)
{
	/* One process may hold several databases (ptdv copy, tests): their ids must not meet. */
	return (int64_t)((uint64_t)n ^ (st->db_key & ~(uint64_t)0xffffffff));
}

enum ptdv_err store_revision(struct store *st, int64_t *rev)
{
	/* A held snapshot's revision cannot move: read once for every use case in it. */
	if (st->held && st->rev_known) {
		*rev = st->rev;
		return PTDV_OK;
	}
	struct db_stmt *q = STMT(st, "SELECT coalesce(max(id), 0) FROM audit");
	bool row;
	if (!q)
		return PTDV_DB;
	enum ptdv_err err = db_step(q, &row);
	*rev = store__rev_of(st, !err && row ? db_col_int(q, 0) : 0);
	db_done(q);
	if (!err && st->held) {
		st->rev = *rev;
		st->rev_known = true;
	}
	return err;
}

enum ptdv_err store_audit_count(struct store *st, int64_t *n)
{
	struct db_stmt *q = STMT(st, "SELECT count(*) FROM audit");
	bool row;
	if (!q)
		return PTDV_DB;
	enum ptdv_err err = db_step(q, &row);
	*n = !err && row ? db_col_int(q, 0) : 0;
	db_done(q);
	return err;
}

enum ptdv_err store_term_insert(struct store *st, struct term *t)
{
	struct db_stmt *q = STMT(st, "INSERT INTO term(org_id, name, start_date, end_date, target) "
				     "VALUES (?, ?, ?, ?, ?) @returning");
	if (!q)
		return PTDV_DB;
	db_bind_int(q, 1, t->org_id);
	db_bind_text(q, 2, t->name, -1);
	db_bind_date(q, 3, t->start);
	db_bind_date(q, 4, t->end);
	if (t->target >= 0)
		db_bind_int(q, 5, t->target);
	else
		db_bind_null(q, 5);
	return db_insert(q, &t->id);
}

enum ptdv_err store_term_at(struct store *st, int64_t org_id, date_t d, struct term *out)
{
	struct db_stmt *q = STMT(st, "SELECT id, name, start_date, end_date, target FROM term "
				     "WHERE org_id = ? AND start_date <= ? "
				     "ORDER BY start_date DESC LIMIT 1");
	bool row;
	if (!q)
		return PTDV_DB;
	db_bind_int(q, 1, org_id);
	db_bind_date(q, 2, d);
	enum ptdv_err err = db_step(q, &row);
	if (!err && !row)
		err = PTDV_NOTFOUND;
	if (!err) {
		out->id = db_col_int(q, 0);
		out->org_id = org_id;
		out->name = xstrdup(db_col_text(q, 1));
		out->start = db_col_date(q, 2);
		out->end = db_col_date(q, 3);
		out->target = db_col_null(q, 4) ? -1 : db_col_int(q, 4);
	}
	db_done(q);
	return err;
}

enum ptdv_err store_target_get(struct store *st, int64_t org_id, int year, struct store_target *out)
{
	struct db_stmt *q = STMT(st, "SELECT registered, assigned, women FROM target "
				     "WHERE org_id = ? AND year = ?");
	bool row;
	if (!q)
		return PTDV_DB;
	db_bind_int(q, 1, org_id);
	db_bind_int(q, 2, year);
	enum ptdv_err err = db_step(q, &row);
	out->registered = !err && row && !db_col_null(q, 0) ? db_col_int(q, 0) : -1;
	out->assigned = !err && row && !db_col_null(q, 1) ? db_col_int(q, 1) : -1;
	out->women = !err && row && !db_col_null(q, 2) ? db_col_int(q, 2) : -1;
	db_done(q);
	return err;
}

enum ptdv_err store_target_set(struct store *st, int64_t org_id, int year, int64_t registered,
	int64_t assigned, int64_t women)
{
	struct db_stmt *q =
		STMT(st, "INSERT INTO target(org_id, year, registered, assigned, women) "
			 "VALUES (?, ?, ?, ?, ?) ON CONFLICT (org_id, year) DO UPDATE "
			 "SET registered = excluded.registered, "
			 "assigned = excluded.assigned, women = excluded.women");
	if (!q)
		return PTDV_DB;
	db_bind_int(q, 1, org_id);
	db_bind_int(q, 2, year);
	/* A negative value is "not set": NULL. */
	int64_t v[3] = {registered, assigned, women};
	for (int i = 0; i < 3; i++) {
		if (v[i] < 0)
			db_bind_null(q, 3 + i);
		else
			db_bind_int(q, 3 + i, v[i]);
	}
	return db_run(q);
}

enum ptdv_err store_referral_target_set(
	struct store *st, int64_t org_id, int year, int source, int64_t target)
{
	assert(target >= 0);
	struct db_stmt *q = STMT(st, "INSERT INTO referral_target(org_id, year, source, target) "
				     "VALUES (?, ?, ?, ?) ON CONFLICT (org_id, year, source) "
				     "DO UPDATE SET target = excluded.target");
	if (!q)
		return PTDV_DB;
	db_bind_int(q, 1, org_id);
	db_bind_int(q, 2, year);
	db_bind_int(q, 3, source);
	db_bind_int(q, 4, target);
	return db_run(q);
}

enum ptdv_err store_referral_target_get(
	struct store *st, int64_t org_id, int year, int source, int64_t *out)
{
	struct db_stmt *q = STMT(st, "SELECT target FROM referral_target "
				     "WHERE org_id = ? AND year = ? AND source = ?");
	bool row;
	if (!q)
		return PTDV_DB;
	db_bind_int(q, 1, org_id);
	db_bind_int(q, 2, year);
	db_bind_int(q, 3, source);
	enum ptdv_err err = db_step(q, &row);
	*out = !err && row ? db_col_int(q, 0) : -1;
	db_done(q);
	return err;
}

enum ptdv_err store_referral_target_sum(
	struct store *st, const char *path, int year, int64_t out[SRC__MAX])
{
	char hi[512];
	bool row;
	enum ptdv_err err;
	for (int s = 0; s < SRC__MAX; s++)
		out[s] = -1;
	store__path_hi(path, hi, sizeof(hi));
	struct db_stmt *q = STMT(st, "SELECT r.source, sum(r.target) FROM referral_target r "
				     "JOIN org o ON o.id = r.org_id "
				     "WHERE o.path >= ? AND o.path < ? AND r.year = ? "
				     "GROUP BY r.source");
	if (!q)
		return PTDV_DB;
	db_bind_text(q, 1, path, -1);
	db_bind_text(q, 2, hi, -1);
	db_bind_int(q, 3, year);
	while ((err = db_step(q, &row)) == PTDV_OK && row) {
		int64_t s = db_col_int(q, 0);
		if (s > SRC_CELL && s < SRC__MAX)
			out[s] = db_col_int(q, 1);
	}
	db_done(q);
	return err;
}

enum ptdv_err store_referral_target_each(
	struct store *st, const char *path, int year, store_referral_target_fn fn, void *arg)
{
	char hi[512];
	bool row;
	enum ptdv_err err;
	store__path_hi(path, hi, sizeof(hi));
	struct db_stmt *q = STMT(st, "SELECT o.code, o.name, r.year, r.source, r.target "
				     "FROM referral_target r JOIN org o ON o.id = r.org_id "
				     "WHERE o.path >= ? AND o.path < ? AND (? = 0 OR r.year = ?) "
				     "ORDER BY o.code, r.year, r.source");
	if (!q)
		return PTDV_DB;
	db_bind_text(q, 1, path, -1);
	db_bind_text(q, 2, hi, -1);
	db_bind_int(q, 3, year);
	db_bind_int(q, 4, year);
	while ((err = db_step(q, &row)) == PTDV_OK && row) {
		struct store_referral_target_row r = {
			.org_code = db_col_text(q, 0),
			.org_name = db_col_text(q, 1),
			.year = (int)db_col_int(q, 2),
			.source = (int)db_col_int(q, 3),
			.target = db_col_int(q, 4),
		};
		err = fn(arg, &r);
		if (err)
			break;
	}
	db_done(q);
	return err;
}

struct bulk_walk {
	struct store *st;
	struct buf *drop;
	const char *const *keep;
	const char *table;
};

/* Notes a CREATE statement to rerun at store_bulk_end. */
static void bulk_keep(struct store *st, const char *definition)
{
	st->bulk_ddl = xrealloc(st->bulk_ddl, (st->nbulk + 1) * sizeof(*st->bulk_ddl));
	st->bulk_ddl[st->nbulk++] = xstrdup(definition);
}

/*
 * db_catalog callback: notes an index to rebuild and drop, unless w->keep names it.
 * Indexes whose keys only grow during a load (ids of rows the load itself inserts, or
 * NULL) stay: appending to them costs less than rebuilding them. (Names come from the
 * schema, never from users.)
 */
static enum ptdv_err bulk_index(void *arg, const char *name, const char *definition)
{
	struct bulk_walk *w = arg;
	for (const char *const *k = w->keep; *k; k++)
		if (strcmp(name, *k) == 0)
			return PTDV_OK;
	bulk_keep(w->st, definition);
	buf_addf(w->drop, "DROP INDEX \"%s\";", name);
	return PTDV_OK;
}

/* db_catalog callback: notes a trigger (the day counters') to drop and create again. */
static enum ptdv_err bulk_trigger(void *arg, const char *name, const char *definition)
{
	struct bulk_walk *w = arg;
	bulk_keep(w->st, definition);
	buf_addf(w->drop, "DROP TRIGGER \"%s\"", name);
	if (db_engine(w->st->db) == DB_POSTGRES)
		buf_addf(w->drop, " ON \"%s\"", w->table);
	buf_addc(w->drop, ';');
	return PTDV_OK;
}

/* db_catalog callback: notes a foreign key to drop and add again (PostgreSQL). */
static enum ptdv_err bulk_fkey(void *arg, const char *name, const char *definition)
{
	struct bulk_walk *w = arg;
	bulk_keep(w->st, definition);
	buf_addf(w->drop, "ALTER TABLE \"%s\" DROP CONSTRAINT \"%s\";", w->table, name);
	return PTDV_OK;
}

/*
 * A bulk load writes people, memberships and placements without their secondary indexes
 * (a load of cases: those its rows enter at random places) and, a load of people, without
 * the triggers that keep the day counters (org_day); store_bulk_end builds both again, the
 * counters in one pass over the view member_day. On PostgreSQL it also drops the foreign
 * keys of the tables it writes and adds them again at the end, which checks every row in
 * one join per key instead of one locking lookup per row and key (PostgreSQL's advice for
 * populating a database); dropping the indexes already locked the tables for the load.
 */
enum ptdv_err store_bulk_begin(struct store *st, enum store_bulk_kind kind)
{
	/* The tables whose indexes a load drops, and the indexes it keeps (see store.h). */
	static const char *const tables[STORE_BULK__MAX][6] = {
		[STORE_BULK_PEOPLE] = {"person", "member", "placement", "person_word", "org_day"},
		[STORE_BULK_CASES] = {"person", "member", "placement", "candidate",
			"candidate_event"},
	};
	static const char *const keep[STORE_BULK__MAX][8] = {
		[STORE_BULK_PEOPLE] = {"member_person", "placement_member"},
		/* New members' admission dates are recent: the tail of member_admitted. */
		[STORE_BULK_CASES] = {"member_person", "member_card_no", "member_admitted",
			"placement_member", "candidate_person", "candidate_event_candidate",
			"candidate_event_supersedes"},
	};
	struct buf drop = BUF_INIT;
	enum ptdv_err err = PTDV_OK;
	bool sqlite = db_engine(st->db) == DB_SQLITE;
	int64_t people = 0;
	assert(kind >= 0 && kind < STORE_BULK__MAX);
	bulk_clear(st);
	/* The keys that stand in for the indexes of person hold 32-bit ids. */
	if (kind == STORE_BULK_CASES)
		err = store_person_max_id(st, &people);
	if (people > UINT32_MAX)
		kind = STORE_BULK_ROWS;
	struct bulk_walk w = {st, &drop, keep[kind], NULL};
	for (size_t i = 0; tables[kind][i] && !err; i++)
		err = db_catalog(st->db, DB_CAT_INDEXES, tables[kind][i], bulk_index, &w);
	for (size_t i = 0; kind == STORE_BULK_PEOPLE && tables[kind][i] && !err; i++) {
		w.table = tables[kind][i];
		err = db_catalog(st->db, DB_CAT_TRIGGERS, tables[kind][i], bulk_trigger, &w);
	}
	for (size_t i = 0; tables[kind][i] && !err; i++) {
		w.table = tables[kind][i];
		err = db_catalog(st->db, DB_CAT_FKEYS, tables[kind][i], bulk_fkey, &w);
	}
	/* SQLite (as Debian builds it) overwrites freed pages with zeros: dropping the indexes
	 * of millions of people would write them all to the WAL, and every later read of the
	 * load would search a WAL that large. Their contents are rebuilt at the end; nothing
	 * deleted lingers. */
	if (!err && drop.len && sqlite)
		err = db_exec(st->db, "PRAGMA secure_delete=OFF");
	if (!err && drop.len)
		err = db_exec(st->db, drop.s);
	if (drop.len && sqlite) {
		enum ptdv_err e2 = db_exec(st->db, "PRAGMA secure_delete=ON");
		if (!err)
			err = e2;
	}
	/* A load of cases reads the tables far and wide (the keys, the indexes rebuilt):
	 * through SQLite's page cache rather than the 1 GiB memory map, whose pages would
	 * count in the process's memory (restored by store_bulk_end and store_rollback). */
	if (!err && sqlite && kind != STORE_BULK_PEOPLE) {
		err = db_exec(st->db, "PRAGMA mmap_size=0");
		st->unmapped = !err;
	}
	/* The load writes through the 64 MB cache (store_bulk_end gives the connection its
	 * own back). */
	if (!err && sqlite)
		err = cache_set(st, STORE_CACHE_KIB);
	if (!err)
		err = store__bulk_start(st, kind);
	buf_free(&drop);
	if (err)
		bulk_clear(st);
	st->bulk = !err;
	st->bulk_kind = kind;
	return err;
}

enum ptdv_err store_bulk_end(struct store *st)
{
	enum ptdv_err err = PTDV_OK;
	/* The rebuilds sort every row of the load: on SQLite, in temporary files rather than
	 * in memory (temp_store=MEMORY, the connection's setting), in one thread, with runs
	 * the size of a 16 MB cache rather than 64 MB per thread, so the peak memory of a
	 * bulk load does not grow with the file (bench/import.sh). A load of cases keeps the
	 * 64 MB: the keys it read are freed by then, and longer runs merge faster (128 MB
	 * made its peak memory 510 MB and was no faster at full scale). */
	bool sqlite = db_engine(st->db) == DB_SQLITE;
	int64_t first = store__bulk_first_person(st), first_member, first_placement;
	store__bulk_first_rows(st, &first_member, &first_placement);
	if (sqlite && st->nbulk)
		err = db_exec(st->db, st->bulk_kind == STORE_BULK_PEOPLE
					      ? "PRAGMA temp_store=FILE; PRAGMA threads=0;"
						"PRAGMA cache_size=-16384"
					      : "PRAGMA temp_store=FILE; PRAGMA threads=0;");
	if (!err && st->rows)
		err = store__bulk_finish(st);
	/* store_person_insert left the name words of the load's people to this one pass. */
	if (!err && st->bulk)
		err = store__person_words_after(st, first);
	/* The stays (019_word_stay.sql) of the people there before whom the load gave a
	 * membership or a placement (placements are never deleted); its own people's came
	 * with their words. */
	if (!err && st->bulk) {
		char people[512];
		snprintf(people, sizeof(people),
			"id <= %lld AND (id IN (SELECT m.person_id FROM member m WHERE m.id > %lld) "
			"OR id IN (SELECT m.person_id FROM placement pl JOIN member m "
			"ON m.id = pl.member_id WHERE pl.id > %lld))",
			(long long)first, (long long)first_member, (long long)first_placement);
		err = store__person_stays_refresh(st, people);
	}
	if (!err && st->bulk && st->bulk_kind == STORE_BULK_PEOPLE)
		err = store__org_days_rebuild(st);
	for (size_t i = 0; i < st->nbulk && !err; i++)
		err = db_exec(st->db, st->bulk_ddl[i]);
	/* PostgreSQL plans with statistics it gathers in the background some time after a
	 * write, and reads an index alone only where its visibility map says a page holds
	 * no row some transaction may not see, which only VACUUM sets. A bulk load changes
	 * the sizes of the tables it writes by orders of magnitude and leaves every page it
	 * wrote unmarked: store_commit runs VACUUM and ANALYZE on them once the load is
	 * committed (it cannot run in a transaction), for the first reports after the load
	 * (the summaries' sums of org_day, the search's checks of memberships: index-only
	 * scans). ptdv plans nothing from SQLite's statistics. */
	if (!err && !sqlite && st->bulk)
		st->vacuum =
			st->bulk_kind == STORE_BULK_PEOPLE
				? "person, member, placement, person_word, word_count, org_day, org_sum"
				: "person, member, placement, person_word, word_count, org_day, org_sum, "
				  "candidate, candidate_event";
	enum ptdv_err e1 = bulk_remap(st);
	if (!err)
		err = e1;
	if (sqlite && st->nbulk) {
		enum ptdv_err e2 = db_exec(st->db, "PRAGMA temp_store=MEMORY; PRAGMA threads=3");
		if (!err)
			err = e2;
	}
	if (sqlite) {
		enum ptdv_err e3 = cache_set(st, st->cache_kib);
		if (!err)
			err = e3;
	}
	bulk_clear(st);
	return err;
}

struct adm {
	char *path;
	date_t day;
	bool woman;
};

static int adm_by_path(const void *a, const void *b)
{
	return strcmp(((const struct adm *)a)->path, ((const struct adm *)b)->path);
}

/* First admission whose path is >= key (binary search). */
static size_t adm_lower(const struct adm *v, size_t n, const char *key)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(v[mid].path, key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

enum ptdv_err store_target_each(
	struct store *st, const char *path, int year, store_target_fn fn, void *arg)
{
	char hi[512], phi[512];
	struct adm *adm = NULL;
	size_t nadm = 0, aadm = 0;
	enum ptdv_err err;
	bool row;
	store__path_hi(path, hi, sizeof(hi));
	/* The admissions of the subtree in the years asked, by the admitting org's path: each
	 * target then counts a path range of them (one pass, no query per org). */
	struct db_stmt *q = STMT(st, "SELECT c.path, m.admitted_on, ps.gender FROM member m "
				     "JOIN org c ON c.id = m.admit_org_id "
				     "JOIN person ps ON ps.id = m.person_id "
				     "WHERE c.path >= ? AND c.path < ? AND m.admitted_on >= ? "
				     "AND m.admitted_on <= ? ORDER BY c.path");
	if (!q)
		return PTDV_DB;
	db_bind_text(q, 1, path, -1);
	db_bind_text(q, 2, hi, -1);
	db_bind_date(q, 3, year ? date_from_ymd(year, 1, 1) : date_from_ymd(1, 1, 1));
	db_bind_date(q, 4, year ? date_from_ymd(year, 12, 31) : date_from_ymd(9999, 12, 31));
	while ((err = db_step(q, &row)) == PTDV_OK && row) {
		if (nadm == aadm) {
			aadm = aadm ? 2 * aadm : 1024;
			adm = xrealloc(adm, aadm * sizeof(*adm));
		}
		adm[nadm].path = xstrdup(db_col_text(q, 0));
		adm[nadm].day = db_col_date(q, 1);
		adm[nadm].woman = db_col_int(q, 2) == 2;
		nadm++;
	}
	db_done(q);
	if (err)
		goto out;
	if (nadm > 1) /* bytewise, whatever the engine's order */
		qsort(adm, nadm, sizeof(*adm), adm_by_path);
	q = STMT(st, "SELECT o.code, o.name, o.kind, o.path, t.year, t.registered, t.assigned, "
		     "t.women FROM target t JOIN org o ON o.id = t.org_id "
		     "WHERE o.path >= ? AND o.path < ? AND (? = 0 OR t.year = ?) "
		     "ORDER BY o.code, t.year");
	if (!q) {
		err = PTDV_DB;
		goto out;
	}
	db_bind_text(q, 1, path, -1);
	db_bind_text(q, 2, hi, -1);
	db_bind_int(q, 3, year);
	db_bind_int(q, 4, year);
	while ((err = db_step(q, &row)) == PTDV_OK && row) {
		struct store_target_row r = {
			.org_code = db_col_text(q, 0),
			.org_name = db_col_text(q, 1),
			.kind = (int)db_col_int(q, 2),
			.year = (int)db_col_int(q, 4),
			.t = {db_col_null(q, 5) ? -1 : db_col_int(q, 5),
				db_col_null(q, 6) ? -1 : db_col_int(q, 6),
				db_col_null(q, 7) ? -1 : db_col_int(q, 7)},
		};
		const char *opath = db_col_text(q, 3);
		store__path_hi(opath, phi, sizeof(phi));
		date_t from = date_from_ymd(r.year, 1, 1), to = date_from_ymd(r.year, 12, 31);
		for (size_t k = adm_lower(adm, nadm, opath);
			k < nadm && strcmp(adm[k].path, phi) < 0; k++) {
			if (adm[k].day >= from && adm[k].day <= to) {
				r.admitted++;
				r.admitted_women += adm[k].woman;
			}
		}
		err = fn(arg, &r);
		if (err)
			break;
	}
	db_done(q);
out:
	for (size_t k = 0; k < nadm; k++)
		free(adm[k].path);
	free(adm);
	return err;
}
