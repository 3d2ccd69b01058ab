/* store_org.c — organisations and their recorded member totals. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_impl.h"
#include "util/xalloc.h"

enum ptdv_err store_org_insert(struct store *st, struct org *o)
{
	char *parent_path = NULL;
	enum ptdv_err err = PTDV_OK;
	if (o->parent_id) {
		struct org parent = {0};
		err = store_org_by_id(st, o->parent_id, &parent);
		if (err)
			return err;
		parent_path = parent.path;
		parent.path = NULL;
		core_org_clear(&parent);
	}
	/* The path needs the new id: insert with a unique temporary path, then set it. */
	struct buf tmp = BUF_INIT;
	buf_addf(&tmp, "#%s", o->code);
	struct db_stmt *q = STMT(st, "INSERT INTO org(code, name, kind, parent_id, path, founded, "
				     "dissolved) VALUES (?, ?, ?, ?, ?, ?, ?) @returning");
	if (!q) {
		err = PTDV_DB;
		goto out;
	}
	db_bind_text(q, 1, o->code, -1);
	db_bind_text(q, 2, o->name, -1);
	db_bind_int(q, 3, o->kind);
	db_bind_opt_id(q, 4, o->parent_id);
	db_bind_text(q, 5, tmp.s, (int)tmp.len);
	db_bind_date(q, 6, o->founded);
	db_bind_date(q, 7, o->dissolved);
	err = db_insert(q, &o->id);
	if (err)
		goto out;
	buf_reset(&tmp);
	buf_addf(&tmp, "%s%lld/", parent_path ? parent_path : "/", (long long)o->id);
	q = STMT(st, "UPDATE org SET path = ? WHERE id = ?");
	if (!q) {
		err = PTDV_DB;
		goto out;
	}
	db_bind_text(q, 1, tmp.s, (int)tmp.len);
	db_bind_int(q, 2, o->id);
	err = db_run(q);
	if (!err) {
		free(o->path);
		o->path = xstrdup(tmp.s);
	}
out:
	free(parent_path);
	buf_free(&tmp);
	return err;
}

#define ORG_COLS STORE_ORG_COLS

void store__col_org(struct db_stmt *q, int first, struct org *o)
{
	o->id = db_col_int(q, first);
	o->code = xstrdup(db_col_text(q, first + 1));
	o->name = xstrdup(db_col_text(q, first + 2));
	o->kind = (enum org_kind)db_col_int(q, first + 3);
	o->parent_id = db_col_int(q, first + 4);
	o->path = xstrdup(db_col_text(q, first + 5));
	o->founded = db_col_date(q, first + 6);
	o->dissolved = db_col_date(q, first + 7);
}

static void read_org(struct db_stmt *q, struct org *o)
{
	store__col_org(q, 0, o);
}

/* Runs q (bound; ORG_COLS then the superior's code) and fn on each of its orgs. */
static enum ptdv_err org_rows(struct db_stmt *q, store_org_fn fn, void *arg)
{
	enum ptdv_err err;
	bool row;
	while ((err = db_step(q, &row)) == PTDV_OK && row) {
		struct org o = {0};
		read_org(q, &o);
		char *parent_code = db_col_strdup(q, 8);
		err = fn(arg, &o, parent_code);
		free(parent_code);
		core_org_clear(&o);
		if (err)
			break;
	}
	db_done(q);
	return err;
}

static enum ptdv_err org_one(struct db_stmt *q, struct org *out)
{
	bool row;
	enum ptdv_err err = db_step(q, &row);
	if (!err && !row)
		err = PTDV_NOTFOUND;
	if (!err)
		read_org(q, out);
	db_done(q);
	return err;
}

enum ptdv_err store_org_by_code(struct store *st, const char *code, struct org *out)
{
	struct db_stmt *q = STMT(st, "SELECT " ORG_COLS " FROM org o WHERE o.code = ?");
	if (!q)
		return PTDV_DB;
	db_bind_text(q, 1, code, -1);
	return org_one(q, out);
}

enum ptdv_err store_org_by_id(struct store *st, int64_t id, struct org *out)
{
	struct db_stmt *q = STMT(st, "SELECT " ORG_COLS " FROM org o WHERE o.id = ?");
	if (!q)
		return PTDV_DB;
	db_bind_int(q, 1, id);
	return org_one(q, out);
}

enum ptdv_err store_org_each(struct store *st, const char *path, store_org_fn fn, void *arg)
{
	char hi[512];
	struct db_stmt *q = STMT(st, "SELECT " ORG_COLS ", p.code FROM org o "
				     "LEFT JOIN org p ON p.id = o.parent_id "
				     "WHERE o.path >= ? AND o.path < ? ORDER BY o.path");
	if (!q)
		return PTDV_DB;
	if (!path)
		path = "/";
	store__path_hi(path, hi, sizeof(hi));
	db_bind_text(q, 1, path, -1);
	db_bind_text(q, 2, hi, -1);
	return org_rows(q, fn, arg);
}

/*
 * A breadth-first walk down from the roots (the recursive CTE's queue on SQLite, its
 * iterations on PostgreSQL: both give a level whole before the next), read lazily: the
 * LIMIT stops it, so a national tree costs the rows asked for. The columns are those of
 * ORG_COLS, then the depth; ?1 and ?2 are kinds left out (0: none), ?3 the limit.
 */
#define ORG_TOP_SQL(roots) \
	"WITH RECURSIVE t(id, code, name, kind, parent_id, path, founded, dissolved, depth) AS (" \
	"SELECT id, code, name, kind, parent_id, path, founded, dissolved, 0 FROM org " \
	"WHERE " roots " AND kind <> ?1 AND kind <> ?2 " \
	"UNION ALL SELECT c.id, c.code, c.name, c.kind, c.parent_id, c.path, c.founded, " \
	"c.dissolved, t.depth + 1 FROM t JOIN org c ON c.parent_id = t.id " \
	"WHERE c.kind <> ?1 AND c.kind <> ?2) " \
	"SELECT o.id, o.code, o.name, o.kind, o.parent_id, o.path, o.founded, o.dissolved, " \
	"o.depth FROM t o LIMIT ?3"

enum ptdv_err store_org_top(struct store *st, const char *path, bool above_cells, int64_t limit,
	store_org_level_fn fn, void *arg)
{
	bool all = !path || strcmp(path, "/") == 0;
	struct db_stmt *q = all ? STMT(st, ORG_TOP_SQL("parent_id IS NULL"))
				: STMT(st, ORG_TOP_SQL("path = ?4"));
	if (!q)
		return PTDV_DB;
	db_bind_int(q, 1, above_cells ? ORG_SUB_COMMITTEE : 0);
	db_bind_int(q, 2, above_cells ? ORG_CELL : 0);
	db_bind_int(q, 3, limit);
	if (!all)
		db_bind_text(q, 4, path, -1);
	enum ptdv_err err;
	bool row;
	while ((err = db_step(q, &row)) == PTDV_OK && row) {
		struct org o = {0};
		read_org(q, &o);
		err = fn(arg, &o, (int)db_col_int(q, 8));
		core_org_clear(&o);
		if (err)
			break;
	}
	db_done(q);
	return err;
}

enum ptdv_err store_org_first(struct store *st, const char *path, struct org *out)
{
	char hi[512];
	struct db_stmt *q = STMT(st, "SELECT " ORG_COLS " FROM org o WHERE o.path >= ? "
				     "AND o.path < ? ORDER BY o.path LIMIT 1");
	if (!q)
		return PTDV_DB;
	if (!path)
		path = "/";
	store__path_hi(path, hi, sizeof(hi));
	db_bind_text(q, 1, path, -1);
	db_bind_text(q, 2, hi, -1);
	return org_one(q, out);
}

enum ptdv_err store_org_children(struct store *st, int64_t parent_id, store_org_fn fn, void *arg)
{
	struct db_stmt *q = STMT(st, "SELECT " ORG_COLS ", p.code FROM org o "
				     "JOIN org p ON p.id = o.parent_id "
				     "WHERE o.parent_id = ? ORDER BY o.code");
	if (!q)
		return PTDV_DB;
	db_bind_int(q, 1, parent_id);
	return org_rows(q, fn, arg);
}

enum ptdv_err store_org_count(struct store *st, const char *path, int64_t *n)
{
	char hi[512];
	struct db_stmt *q = STMT(st, "SELECT count(*) FROM org WHERE path >= ? AND path < ?");
	bool row;
	*n = 0;
	if (!q)
		return PTDV_DB;
	if (!path)
		path = "/";
	store__path_hi(path, hi, sizeof(hi));
	db_bind_text(q, 1, path, -1);
	db_bind_text(q, 2, hi, -1);
	enum ptdv_err err = db_step(q, &row);
	if (!err && row)
		*n = db_col_int(q, 0);
	db_done(q);
	return err;
}

enum ptdv_err store_org_total_set(struct store *st, int64_t org_id, date_t as_of, int64_t members)
{
	struct db_stmt *q =
		STMT(st, "INSERT INTO org_total(org_id, as_of, members) VALUES (?, ?, ?) "
			 "ON CONFLICT (org_id, as_of) DO UPDATE SET members = excluded.members");
	if (!q)
		return PTDV_DB;
	db_bind_int(q, 1, org_id);
	db_bind_date(q, 2, as_of);
	db_bind_int(q, 3, members);
	return db_run(q);
}

enum ptdv_err store_org_total_get(
	struct store *st, int64_t org_id, date_t d, int64_t *members, bool *found)
{
	struct db_stmt *q =
		STMT(st, "SELECT members FROM org_total WHERE org_id = ? AND as_of <= ? "
			 "ORDER BY as_of DESC LIMIT 1");
	bool row;
	if (!q)
		return PTDV_DB;
	db_bind_int(q, 1, org_id);
	db_bind_date(q, 2, d);
	enum ptdv_err err = db_step(q, &row);
	*found = !err && row;
	*members = *found ? db_col_int(q, 0) : 0;
	db_done(q);
	return err;
}

enum ptdv_err store_org_dissolve(struct store *st, const char *path, date_t day)
{
	char hi[512];
	struct db_stmt *q = STMT(st, "UPDATE org SET dissolved = ? WHERE path >= ? AND path < ? "
				     "AND (dissolved IS NULL OR dissolved > ?)");
	if (!q)
		return PTDV_DB;
	store__path_hi(path, hi, sizeof(hi));
	db_bind_date(q, 1, day);
	db_bind_text(q, 2, path, -1);
	db_bind_text(q, 3, hi, -1);
	db_bind_date(q, 4, day);
	return db_run(q);
}
