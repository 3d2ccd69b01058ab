/*
 * store_copy.c — every table read and written generically (store_copy.h), and the rules
 * that say which rows of each table belong to a subtree.
 *
 * A subtree copy (ptdv copy --org) must be a database of its own: every row it holds has
 * what it references. So it holds the subtree's orgs; every membership placed there at any
 * time, admitted there, or made by a candidate there, with all its placements and its
 * person; the subtree's candidates and their events; the orgs those rows refer to outside
 * the subtree and every ancestor of a copied org (the chain to the root, so paths and
 * parents stay valid), with their recorded totals, terms and targets; the users of the
 * subtree; the whole holiday calendar. It leaves the audit log, sessions, login attempts
 * and API tokens with the source (the copy's audit starts with the copy). Rules use ?1 and
 * ?2, the subtree's path range.
 */
#include "store/store_copy.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_impl.h"
#include "util/xalloc.h"

/* Orgs of the subtree. */
#define SUB_ORGS "SELECT so.id FROM org so WHERE so.path >= ?1 AND so.path < ?2"
/* Memberships placed in the subtree at any time, admitted there, or made by its candidates. */
#define SUB_MEMBERS \
	"SELECT sp.member_id FROM placement sp WHERE sp.org_id IN (" SUB_ORGS ") " \
	"UNION SELECT sm.id FROM member sm WHERE sm.admit_org_id IN (" SUB_ORGS ") " \
	"UNION SELECT sc.member_id FROM candidate sc WHERE sc.org_id IN (" SUB_ORGS ") " \
	"AND sc.member_id IS NOT NULL"
/* Orgs the copied rows refer to. */
#define REF_ORGS \
	SUB_ORGS " UNION SELECT rp.org_id FROM placement rp WHERE rp.member_id IN (" SUB_MEMBERS \
		 ") UNION SELECT rm.admit_org_id FROM member rm WHERE rm.id IN (" SUB_MEMBERS ")"
/* An org is copied when it is one of those or an ancestor of one (its path is a prefix). */
#define ORG_RULE(t) \
	"EXISTS (SELECT 1 FROM org ro WHERE ro.id IN (" REF_ORGS ") AND substr(ro.path, 1, " \
	"length(" t ".path)) = " t ".path)"
/* People whose memberships are copied, or whose cases are in the subtree; col is their id. */
#define PERSON_RULE(col) \
	col " IN (SELECT pm.person_id FROM member pm WHERE pm.id IN (" SUB_MEMBERS ")) " \
	    "OR " col " IN (SELECT pc.person_id FROM candidate pc WHERE pc.org_id IN (" SUB_ORGS \
	    "))"
#define OF_COPIED_ORGS "org_id IN (SELECT o2.id FROM org o2 WHERE " ORG_RULE("o2") ")"

static const struct {
	const char *table;
	const char *rule; /* a WHERE condition on the table's columns */
} subtree_rules[] = {
	{"org", ORG_RULE("org")},
	{"org_total", OF_COPIED_ORGS},
	{"term", OF_COPIED_ORGS},
	{"target", OF_COPIED_ORGS},
	{"referral_target", OF_COPIED_ORGS},
	{"person", PERSON_RULE("id")},
	{"person_word", PERSON_RULE("person_id")},
	{"member", "id IN (" SUB_MEMBERS ")"},
	{"placement", "member_id IN (" SUB_MEMBERS ")"},
	{"candidate", "org_id IN (" SUB_ORGS ")"},
	{"candidate_event",
		"candidate_id IN (SELECT ce.id FROM candidate ce WHERE ce.org_id IN (" SUB_ORGS
		"))"},
	{"holiday", "1 = 1"},
	{"app_user", "org_id IN (" SUB_ORGS ")"},
	{"audit", "1 = 0"},
	{"session", "1 = 0"},
	{"login_attempt", "1 = 0"},
	{"api_token", "1 = 0"},
	{NULL, NULL},
};

static const char *subtree_rule(const char *table)
{
	for (int i = 0; subtree_rules[i].table; i++)
		if (strcmp(subtree_rules[i].table, table) == 0)
			return subtree_rules[i].rule;
	return NULL;
}

bool store_table_has_subtree_rule(const char *table)
{
	return subtree_rule(table) != NULL;
}

void store_names_free(struct store_names *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

static void names_add(struct store_names *l, const char *s)
{
	l->v = xrealloc(l->v, (l->n + 1) * sizeof(*l->v));
	l->v[l->n++] = xstrdup(s);
}

static bool names_has(const struct store_names *l, const char *s)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->v[i], s) == 0)
			return true;
	return false;
}

static enum ptdv_err collect_name(void *arg, const char *a, const char *b)
{
	(void)b;
	names_add(arg, a);
	return PTDV_OK;
}

/* Appends "name" quoted as an SQL identifier (names come from the catalog). */
static void add_ident(struct buf *b, const char *name)
{
	buf_addc(b, '"');
	for (const char *p = name; *p; p++) {
		if (*p == '"')
			buf_addc(b, '"');
		buf_addc(b, *p);
	}
	buf_addc(b, '"');
}

/*
 * Tables a copy leaves out: the schema's version, and what the copy's own writes derive
 * (the day counters and their totals, from member and placement by their triggers; the
 * words' counts, rebuilt from the name words copied; the calendar's revision, moved by
 * the holidays' writes).
 */
static bool derived(const char *table)
{
	static const char *const v[] = {
		"schema_migration", "org_day", "org_sum", "word_count", "holiday_rev"};
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++)
		if (strcmp(table, v[i]) == 0)
			return true;
	return false;
}

enum ptdv_err store_tables(struct store *st, struct store_names *out)
{
	struct store_names all = {0}, done = {0};
	struct store_names *refs = NULL;
	enum ptdv_err err = db_catalog(st->db, DB_CAT_TABLES, NULL, collect_name, &all);
	memset(out, 0, sizeof(*out));
	if (err)
		goto out;
	refs = xcalloc(all.n ? all.n : 1, sizeof(*refs));
	for (size_t i = 0; i < all.n && !err; i++)
		err = db_catalog(st->db, DB_CAT_REFS, all.v[i], collect_name, &refs[i]);
	if (err)
		goto out;
	/* Repeatedly take the first table (in creation order) whose references are all taken. */
	while (done.n < all.n) {
		size_t pick = all.n;
		for (size_t i = 0; i < all.n && pick == all.n; i++) {
			if (names_has(&done, all.v[i]))
				continue;
			bool ready = true;
			for (size_t j = 0; j < refs[i].n && ready; j++)
				ready = strcmp(refs[i].v[j], all.v[i]) == 0 ||
					names_has(&done, refs[i].v[j]) ||
					!names_has(&all, refs[i].v[j]);
			if (ready)
				pick = i;
		}
		if (pick == all.n) /* a cycle: take the rest in creation order */
			for (size_t i = 0; i < all.n && pick == all.n; i++)
				if (!names_has(&done, all.v[i]))
					pick = i;
		names_add(&done, all.v[pick]);
		if (!derived(all.v[pick]))
			names_add(out, all.v[pick]);
	}
out:
	for (size_t i = 0; refs && i < all.n; i++)
		store_names_free(&refs[i]);
	free(refs);
	store_names_free(&all);
	store_names_free(&done);
	if (err)
		store_names_free(out);
	return err;
}

enum ptdv_err store_table_columns(struct store *st, const char *table, struct store_names *out)
{
	memset(out, 0, sizeof(*out));
	enum ptdv_err err = db_catalog(st->db, DB_CAT_COLUMNS, table, collect_name, out);
	if (err)
		store_names_free(out);
	return err;
}

enum ptdv_err store_table_count(struct store *st, const char *table, int64_t *rows)
{
	struct buf sql = BUF_INIT;
	buf_adds(&sql, "SELECT count(*) FROM ");
	add_ident(&sql, table);
	struct db_stmt *q = db_prepare(st->db, sql.s, 0);
	enum ptdv_err err = PTDV_DB;
	bool row = false;
	*rows = 0;
	if (q)
		err = db_step(q, &row);
	if (!err && row)
		*rows = db_col_int(q, 0);
	db_finalize(q);
	buf_free(&sql);
	return err;
}

enum ptdv_err store_table_clear(struct store *st, const char *table)
{
	struct buf sql = BUF_INIT;
	buf_adds(&sql, "DELETE FROM ");
	add_ident(&sql, table);
	enum ptdv_err err = db_exec(st->db, sql.s);
	buf_free(&sql);
	return err;
}

enum ptdv_err store_table_each(struct store *st, const char *table, const struct store_names *cols,
	const char *path, store_row_fn fn, void *arg)
{
	const char *rule = NULL;
	char hi[512];
	if (path) {
		rule = subtree_rule(table);
		if (!rule)
			return PTDV_NOTFOUND;
	}
	struct buf sql = BUF_INIT;
	buf_adds(&sql, "SELECT ");
	for (size_t i = 0; i < cols->n; i++) {
		if (i)
			buf_adds(&sql, ", ");
		add_ident(&sql, cols->v[i]);
	}
	buf_adds(&sql, " FROM ");
	add_ident(&sql, table);
	if (rule)
		buf_addf(&sql, " WHERE %s", rule);
	buf_adds(&sql, " ORDER BY ");
	add_ident(&sql, names_has(cols, "id") ? "id" : cols->v[0]);
	struct db_stmt *q = db_prepare(st->db, sql.s, DB_PREPARE_SCAN);
	buf_free(&sql);
	if (!q)
		return PTDV_DB;
	if (rule && strstr(rule, "?1")) {
		store__path_hi(path, hi, sizeof(hi));
		db_bind_text(q, 1, path, -1);
		db_bind_text(q, 2, hi, -1);
	}
	struct store_value *v = xcalloc(cols->n, sizeof(*v));
	enum ptdv_err err;
	bool row;
	while ((err = db_step(q, &row)) == PTDV_OK && row) {
		for (size_t i = 0; i < cols->n; i++) {
			int c = (int)i;
			memset(&v[i], 0, sizeof(v[i]));
			switch (db_col_type(q, c)) {
			case DB_NULL:
				v[i].type = STORE_NULL;
				break;
			case DB_INT:
				v[i].type = STORE_INT;
				v[i].i = db_col_int(q, c);
				break;
			case DB_TEXT:
				v[i].type = STORE_TEXT;
				v[i].p = db_col_text(q, c);
				v[i].len = (int)strlen(v[i].p);
				break;
			case DB_BLOB:
			default:
				v[i].type = STORE_BLOB;
				v[i].p = db_col_blob(q, c, &v[i].len);
				break;
			}
		}
		err = fn(arg, v, cols->n);
		if (err)
			break;
	}
	free(v);
	db_finalize(q);
	return err;
}

/* --- writing --- */

/* Rows per INSERT: within SQLite's oldest limit of 999 parameters. */
#define WRITER_MAX_PARAMS 999
#define WRITER_MAX_ROWS 100

struct store_table_writer {
	struct store *st;
	char *table;
	char *head; /* INSERT INTO "t" ("a", "b") VALUES */
	size_t ncols;
	int batch;       /* rows per full statement */
	char *batch_sql; /* kept while batch_stmt lives */
	struct db_stmt *batch_stmt;
	struct store_value *pending; /* batch × ncols values */
	size_t *offsets;             /* where each text or blob value's bytes are in bytes */
	struct buf bytes;
	int npending;
};

/* Returns the INSERT of rows rows (caller frees). */
static char *insert_sql(const struct store_table_writer *w, int rows)
{
	struct buf b = BUF_INIT;
	buf_adds(&b, w->head);
	for (int r = 0; r < rows; r++) {
		buf_adds(&b, r ? ", (" : " (");
		for (size_t c = 0; c < w->ncols; c++)
			buf_adds(&b, c ? ", ?" : "?");
		buf_addc(&b, ')');
	}
	return buf_detach(&b);
}

enum ptdv_err store_table_writer_new(struct store *st, const char *table,
	const struct store_names *cols, struct store_table_writer **out)
{
	struct store_table_writer *w = xcalloc(1, sizeof(*w));
	struct buf head = BUF_INIT;
	buf_adds(&head, "INSERT INTO ");
	add_ident(&head, table);
	buf_adds(&head, " (");
	for (size_t i = 0; i < cols->n; i++) {
		if (i)
			buf_adds(&head, ", ");
		add_ident(&head, cols->v[i]);
	}
	buf_adds(&head, ") VALUES");
	w->st = st;
	w->table = xstrdup(table);
	w->head = buf_detach(&head);
	w->ncols = cols->n;
	w->batch = (int)(WRITER_MAX_PARAMS / (cols->n ? cols->n : 1));
	if (w->batch > WRITER_MAX_ROWS)
		w->batch = WRITER_MAX_ROWS;
	if (w->batch < 1)
		w->batch = 1;
	w->pending = xcalloc((size_t)w->batch * (cols->n ? cols->n : 1), sizeof(*w->pending));
	w->offsets = xcalloc((size_t)w->batch * (cols->n ? cols->n : 1), sizeof(*w->offsets));
	buf_init(&w->bytes, 0);
	*out = w;
	return PTDV_OK;
}

/* Inserts the pending rows with q (prepared for exactly that many). */
static enum ptdv_err flush_with(struct store_table_writer *w, struct db_stmt *q)
{
	int k = 1;
	for (int r = 0; r < w->npending; r++) {
		for (size_t c = 0; c < w->ncols; c++, k++) {
			size_t at = (size_t)r * w->ncols + c;
			const struct store_value *v = &w->pending[at];
			const char *p = w->bytes.s + w->offsets[at];
			switch (v->type) {
			case STORE_INT:
				db_bind_int(q, k, v->i);
				break;
			case STORE_TEXT:
				db_bind_text(q, k, p, v->len);
				break;
			case STORE_BLOB:
				db_bind_blob(q, k, p, v->len);
				break;
			case STORE_NULL:
			default:
				db_bind_null(q, k);
				break;
			}
		}
	}
	enum ptdv_err err = db_run(q);
	w->npending = 0;
	buf_reset(&w->bytes);
	return err;
}

enum ptdv_err store_table_writer_add(struct store_table_writer *w, const struct store_value *v)
{
	size_t at = (size_t)w->npending * w->ncols;
	for (size_t c = 0; c < w->ncols; c++) {
		w->pending[at + c] = v[c];
		w->pending[at + c].p = NULL;
		if (v[c].type == STORE_TEXT || v[c].type == STORE_BLOB) {
			/* The source's bytes last only until its next row: keep a copy. */
			w->offsets[at + c] = w->bytes.len;
			buf_add(&w->bytes, v[c].p ? v[c].p : "", (size_t)v[c].len);
		}
	}
	if (++w->npending < w->batch)
		return PTDV_OK;
	if (!w->batch_stmt) {
		w->batch_sql = insert_sql(w, w->batch);
		w->batch_stmt = db_prepare(w->st->db, w->batch_sql, 0);
		if (!w->batch_stmt)
			return PTDV_DB;
	}
	return flush_with(w, w->batch_stmt);
}

enum ptdv_err store_table_writer_end(struct store_table_writer *w)
{
	enum ptdv_err err = PTDV_OK;
	if (w->npending > 0) {
		char *sql = insert_sql(w, w->npending);
		struct db_stmt *q = db_prepare(w->st->db, sql, 0);
		err = q ? flush_with(w, q) : PTDV_DB;
		db_finalize(q);
		free(sql);
	}
	if (!err)
		err = db_sync_ids(w->st->db, w->table);
	/* word_count is not copied: it is counted from the name words written. */
	if (!err && strcmp(w->table, "person_word") == 0)
		err = store__word_counts_rebuild(w->st);
	store_table_writer_free(w);
	return err;
}

void store_table_writer_free(struct store_table_writer *w)
{
	if (!w)
		return;
	db_finalize(w->batch_stmt);
	free(w->batch_sql);
	free(w->pending);
	free(w->offsets);
	buf_free(&w->bytes);
	free(w->head);
	free(w->table);
	free(w);
}
