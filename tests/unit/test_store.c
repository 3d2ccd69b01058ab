/*
 * test_store.c — the store: migrations on an empty and on an existing database, the
 * engine settings, unopenable databases, the subtree and as-of queries, and the top of a
 * subtree level by level. Runs on the engine of PTDV_TEST_ENGINE (testutil.h).
 */
#include "testutil.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store.h"
#include "store/store_impl.h"
#include "store/store_search.h"
#include "store/store_user.h"
#include "util/buf.h"
#include "util/vn.h"
#include "util/xalloc.h"

static void test_migrate_empty_then_existing(void **state)
{
	(void)state;
	char *path = tu_db("migrate.db");
	struct store *st = NULL;
	char *why = NULL;
	int v = -1, applied = -1;

	assert_int_equal(store_open(path, &st, &why), PTDV_OK);
	assert_int_equal(store_schema_version(st, &v), PTDV_OK);
	assert_int_equal(v, store_schema_latest());
	assert_true(v >= 1);
	/* Applying again on the same database does nothing. */
	assert_int_equal(store_migrate(st, &applied), PTDV_OK);
	assert_int_equal(applied, 0);
	struct org o = {.code = "R",
		.name = "Gốc",
		.kind = ORG_SUPERIOR,
		.founded = DATE_NONE,
		.dissolved = DATE_NONE};
	assert_int_equal(store_begin(st), PTDV_OK);
	assert_int_equal(store_org_insert(st, &o), PTDV_OK);
	assert_int_equal(store_commit(st), PTDV_OK);
	free(o.path);
	store_close(st);

	/* Reopening an existing database keeps its data and applies nothing. */
	assert_int_equal(store_open(path, &st, &why), PTDV_OK);
	assert_int_equal(store_migrate(st, &applied), PTDV_OK);
	assert_int_equal(applied, 0);
	struct org got = {0};
	assert_int_equal(store_org_by_code(st, "R", &got), PTDV_OK);
	assert_string_equal(got.name, "Gốc");
	assert_string_equal(got.path, "/1/");
	core_org_clear(&got);
	store_close(st);

	/* A text in an integer column is refused (SQLite: STRICT tables). */
	assert_int_not_equal(tu_sql(path, "INSERT INTO org(code, name, kind, path) "
					  "VALUES ('X', 'X', 'abc', '/9/')"),
		0);
	if (tu_postgres()) {
		free(path);
		return;
	}
	/* The file is a WAL database with foreign keys and STRICT tables. */
	sqlite3 *h;
	sqlite3_stmt *q;
	assert_int_equal(sqlite3_open(path, &h), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(h, "PRAGMA journal_mode", -1, &q, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(q, 0), "wal");
	sqlite3_finalize(q);
	/* STRICT: a text in an INTEGER column is refused. */
	assert_int_not_equal(sqlite3_exec(h,
				     "INSERT INTO org(code, name, kind, path) "
				     "VALUES ('X', 'X', 'abc', '/9/')",
				     NULL, NULL, NULL),
		SQLITE_OK);
	sqlite3_close(h);
	free(path);
}

static void test_migrate_older_database(void **state)
{
	(void)state;
	/* A database left at an older schema version (here: none applied) is brought up. */
	char *path = tu_db("older.db");
	assert_int_equal(tu_sql(path, "CREATE TABLE schema_migration (version BIGINT "
				      "PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT "
				      "NOT NULL)"),
		0);
	struct store *st = NULL;
	int v = 0;
	assert_int_equal(store_open(path, &st, NULL), PTDV_OK);
	assert_int_equal(store_schema_version(st, &v), PTDV_OK);
	assert_int_equal(v, store_schema_latest());
	store_close(st);
	free(path);
}

static void test_unopenable(void **state)
{
	(void)state;
	struct store *st = NULL;
	char *why = NULL;
	assert_int_equal(store_open("/nonexistent-dir/x.db", &st, &why), PTDV_DB);
	assert_non_null(why);
	assert_non_null(strstr(why, "/nonexistent-dir/x.db"));
	free(why);
	/* No server there: said in Vietnamese, with the URL but never its password. */
	why = NULL;
	assert_int_equal(store_open("postgresql://u:s3cret@/x?host=/nonexistent-dir&password=pw2",
				 &st, &why),
		PTDV_DB);
	assert_non_null(why);
	assert_non_null(strstr(why, "không kết nối được PostgreSQL 'postgresql://u:***@/x?"
				    "host=/nonexistent-dir&password=***'"));
	assert_null(strstr(why, "s3cret"));
	assert_null(strstr(why, "pw2"));
	free(why);
}

/* PostgreSQL: a database that does not sort text bytewise is refused, saying how to fix it. */
static void test_collation_checked(void **state)
{
	(void)state;
	if (!tu_postgres())
		skip();
	/* A database on the test server with another collation: t_<pid>_utf8. */
	char *url = tu_db("utf8");
	const char *admin = getenv("PTDV_TEST_PG");
	const char *name = strstr(url, "/t_") + 1;
	char sql[256];
	snprintf(sql, sizeof(sql), "DROP DATABASE \"%.*s\"", (int)strcspn(name, "?"), name);
	assert_int_equal(tu_sql(admin, sql), 0);
	snprintf(sql, sizeof(sql),
		"CREATE DATABASE \"%.*s\" TEMPLATE template0 LOCALE 'C.UTF-8' ENCODING 'UTF8'",
		(int)strcspn(name, "?"), name);
	assert_int_equal(tu_sql(admin, sql), 0);
	struct store *st = NULL;
	char *why = NULL;
	assert_int_equal(store_open(url, &st, &why), PTDV_DB);
	assert_non_null(why);
	assert_non_null(strstr(why, "LC_COLLATE 'C'"));
	assert_non_null(strstr(why, "createdb --locale=C"));
	free(why);
	free(url);
}

static void test_paths_and_subtrees(void **state)
{
	(void)state;
	char *path = tu_db("paths.db");
	struct store *st = NULL;
	assert_int_equal(store_open(path, &st, NULL), PTDV_OK);
	assert_int_equal(store_begin(st), PTDV_OK);
	/* Ids 1..12 so that "/1/10/" sorts between "/1/1/" and "/1/2/": ranges must still work. */
	struct org root = {.code = "R",
		.name = "R",
		.kind = ORG_SUPERIOR,
		.founded = DATE_NONE,
		.dissolved = DATE_NONE};
	assert_int_equal(store_org_insert(st, &root), PTDV_OK);
	int64_t ids[12];
	for (int i = 0; i < 11; i++) {
		char code[8];
		snprintf(code, sizeof(code), "B%d", i);
		struct org o = {.code = code,
			.name = code,
			.kind = ORG_BASE_CELL,
			.parent_id = root.id,
			.founded = DATE_NONE,
			.dissolved = DATE_NONE};
		assert_int_equal(store_org_insert(st, &o), PTDV_OK);
		ids[i] = o.id;
		free(o.path);
	}
	struct org sub = {.code = "S",
		.name = "S",
		.kind = ORG_SUPERIOR,
		.parent_id = root.id,
		.founded = DATE_NONE,
		.dissolved = DATE_NONE};
	assert_int_equal(store_org_insert(st, &sub), PTDV_OK);
	struct org cell = {.code = "SC",
		.name = "SC",
		.kind = ORG_BASE_CELL,
		.parent_id = sub.id,
		.founded = DATE_NONE,
		.dissolved = date_from_ymd(2020, 1, 1)};
	assert_int_equal(store_org_insert(st, &cell), PTDV_OK);
	assert_int_equal(store_commit(st), PTDV_OK);
	(void)ids;
	int64_t com, cells;
	assert_int_equal(
		store_count_base_orgs(st, root.path, date_from_ymd(2019, 12, 31), &com, &cells),
		PTDV_OK);
	assert_int_equal(cells, 12);
	assert_int_equal(
		store_count_base_orgs(st, root.path, date_from_ymd(2020, 1, 1), &com, &cells),
		PTDV_OK);
	assert_int_equal(cells, 11); /* dissolved on the day: no longer counted */
	assert_int_equal(
		store_count_base_orgs(st, sub.path, date_from_ymd(2019, 1, 1), &com, &cells),
		PTDV_OK);
	assert_int_equal(cells, 1);
	/* org_sum written without the path, as 022's triggers write an org's first row and a
	 * binary from before migration 024 its bulk load's rebuild (app servers upgraded one
	 * by one): the path is filled, and the subtree's sums, one range of it, count them. */
	assert_int_equal(db_exec(st->db, "DELETE FROM org_sum; INSERT INTO org_sum(org_id, "
					 "members, official, women) SELECT id, 2, 1, 1 FROM org"),
		PTDV_OK);
	struct store_member_counts mc;
	assert_int_equal(store_count_members(st, sub.path, date_today(), &mc), PTDV_OK);
	assert_int_equal(mc.total, 4); /* S and SC */
	assert_int_equal(mc.official, 2);
	assert_int_equal(mc.women, 2);
	assert_int_equal(store_count_members(st, root.path, date_today(), &mc), PTDV_OK);
	assert_int_equal(mc.total, 28); /* the 14 orgs */
	free(root.path);
	free(sub.path);
	free(cell.path);
	store_close(st);
	free(path);
}

/* --- the top of a subtree, level by level (store_org_top: the org picker, /orgs) --- */

/* Inserts an org under parent (0 = a root) and returns its id; *path gets its path when asked. */
static int64_t add_org(
	struct store *st, const char *code, enum org_kind kind, int64_t parent, char **path)
{
	struct org o = {.code = (char *)code,
		.name = (char *)code,
		.kind = kind,
		.parent_id = parent,
		.founded = DATE_NONE,
		.dissolved = DATE_NONE};
	assert_int_equal(store_org_insert(st, &o), PTDV_OK);
	if (path)
		*path = o.path;
	else
		free(o.path);
	return o.id;
}

struct top_rows {
	int n;
	int depth[64];
	int per_level[8];
	char codes[64][16];
	bool cells; /* a cell or a sub-committee was read */
};

static enum ptdv_err top_row(void *arg, const struct org *o, int depth)
{
	struct top_rows *t = arg;
	assert_true(t->n < 64 && depth >= 0 && depth < 8);
	t->depth[t->n] = depth;
	snprintf(t->codes[t->n], sizeof(t->codes[0]), "%s", o->code);
	t->n++;
	t->per_level[depth]++;
	t->cells = t->cells || o->kind == ORG_CELL || o->kind == ORG_SUB_COMMITTEE;
	return PTDV_OK;
}

/* Reads the top into *t and checks that a level comes whole before the next. */
static void read_top(
	struct store *st, const char *path, bool above_cells, int64_t limit, struct top_rows *t)
{
	memset(t, 0, sizeof(*t));
	assert_int_equal(store_org_top(st, path, above_cells, limit, top_row, t), PTDV_OK);
	for (int i = 1; i < t->n; i++)
		assert_true(t->depth[i] >= t->depth[i - 1]);
}

struct kid_rows {
	int n;
	char codes[8][16];
};

static enum ptdv_err kid_row(void *arg, const struct org *o, const char *parent_code)
{
	struct kid_rows *k = arg;
	assert_string_equal(parent_code, "A");
	snprintf(k->codes[k->n++], sizeof(k->codes[0]), "%s", o->code);
	return PTDV_OK;
}

static void test_org_top(void **state)
{
	(void)state;
	char *path = tu_db("top.db");
	struct store *st = NULL;
	char *rpath = NULL;
	assert_int_equal(store_open(path, &st, NULL), PTDV_OK);
	assert_int_equal(store_begin(st), PTDV_OK);
	/*
	 * R: superiors C, A, B (inserted so, ids not in code order), each with base committees
	 * x2, x1 and a base cell x3; each base committee with a cell and a sub-committee that has
	 * a cell. Another root Q with a base cell.
	 */
	int64_t r = add_org(st, "R", ORG_SUPERIOR, 0, &rpath);
	int64_t a = 0;
	for (const char *s = "CAB"; *s; s++) {
		char c[16];
		snprintf(c, sizeof(c), "%c", *s);
		int64_t sup = add_org(st, c, ORG_SUPERIOR, r, NULL);
		if (*s == 'A')
			a = sup;
		for (int k = 2; k >= 1; k--) {
			snprintf(c, sizeof(c), "%c%d", *s, k);
			int64_t base = add_org(st, c, ORG_BASE_COMMITTEE, sup, NULL);
			snprintf(c, sizeof(c), "%c%dc", *s, k);
			add_org(st, c, ORG_CELL, base, NULL);
			snprintf(c, sizeof(c), "%c%ds", *s, k);
			int64_t sub = add_org(st, c, ORG_SUB_COMMITTEE, base, NULL);
			snprintf(c, sizeof(c), "%c%dsc", *s, k);
			add_org(st, c, ORG_CELL, sub, NULL);
		}
		snprintf(c, sizeof(c), "%c3", *s);
		add_org(st, c, ORG_BASE_CELL, sup, NULL);
	}
	int64_t q = add_org(st, "Q", ORG_SUPERIOR, 0, NULL);
	add_org(st, "Q1", ORG_BASE_CELL, q, NULL);
	assert_int_equal(store_commit(st), PTDV_OK);

	struct top_rows t;
	/* Above the cells: 1 + 3 + 9, never a cell or a sub-committee. */
	read_top(st, rpath, true, 100, &t);
	assert_int_equal(t.n, 13);
	assert_int_equal(t.per_level[0], 1);
	assert_int_equal(t.per_level[1], 3);
	assert_int_equal(t.per_level[2], 9);
	assert_false(t.cells);
	assert_string_equal(t.codes[0], "R");
	/* The limit cuts the walk inside a level, after the whole levels above it. */
	read_top(st, rpath, true, 5, &t);
	assert_int_equal(t.n, 5);
	assert_int_equal(t.per_level[0], 1);
	assert_int_equal(t.per_level[1], 3);
	assert_int_equal(t.depth[4], 2);
	/* Every kind: 1 + 3 + 9 + 12 + 6. */
	read_top(st, rpath, false, 100, &t);
	assert_int_equal(t.n, 31);
	assert_int_equal(t.per_level[3], 12);
	assert_int_equal(t.per_level[4], 6);
	assert_true(t.cells);
	/* From every root ("/" and NULL alike): R and Q first. */
	read_top(st, "/", true, 100, &t);
	assert_int_equal(t.n, 15);
	assert_int_equal(t.per_level[0], 2);
	read_top(st, NULL, true, 2, &t);
	assert_int_equal(t.n, 2);
	assert_int_equal(t.per_level[0], 2);
	/* A subtree's root below the top: depth 0 there. */
	struct kid_rows k = {0};
	assert_int_equal(store_org_children(st, a, kid_row, &k), PTDV_OK);
	assert_int_equal(k.n, 3);
	assert_string_equal(k.codes[0], "A1");
	assert_string_equal(k.codes[1], "A2");
	assert_string_equal(k.codes[2], "A3");
	int64_t n = 0;
	assert_int_equal(store_org_count(st, rpath, &n), PTDV_OK);
	assert_int_equal(n, 31);
	assert_int_equal(store_org_count(st, NULL, &n), PTDV_OK);
	assert_int_equal(n, 33);
	/* The first org of a subtree in path order: its root; of the database, the first root. */
	struct org first = {0};
	assert_int_equal(store_org_first(st, NULL, &first), PTDV_OK);
	assert_string_equal(first.code, "R");
	core_org_clear(&first);
	assert_int_equal(store_org_first(st, rpath, &first), PTDV_OK);
	assert_string_equal(first.code, "R");
	core_org_clear(&first);
	assert_int_equal(store_org_first(st, "/999/", &first), PTDV_NOTFOUND);
	free(rpath);
	store_close(st);
	free(path);
}

/* --- member search by name (store_search.c), against a plain scan of every member --- */

#define NPEOPLE 1600

/* Searches that found more than STORE_SEARCH_CAP members (some must). */
static int capped;

struct sm {
	int64_t person, member;
	char *name, *key, *sort, *path; /* path: the org on the day checked */
	int sort_len;
	date_t ceremony, exit, moved; /* moved: transferred from org to org2 on that day */
	char *path2;
	/* A readmission (member2 != 0): a second membership in org3 from ceremony2 (at, after
	 * or before the first's exit), its placement written after every other. */
	int64_t member2;
	date_t ceremony2;
	char *path3;
};

/* Whether " " + key matches LIKE "% w1% w2% ..." of folded (each word starts a word). */
static bool name_matches(const char *key, const char *folded)
{
	struct buf k = BUF_INIT;
	buf_addc(&k, ' ');
	buf_adds(&k, key);
	const char *at = k.s;
	bool ok = true;
	for (const char *w = folded; *w && ok;) {
		size_t n = strcspn(w, " ");
		char pat[64];
		snprintf(pat, sizeof(pat), " %.*s", (int)n, w);
		const char *f = strstr(at, pat);
		ok = f != NULL;
		if (ok)
			at = f + strlen(pat);
		w += n;
		while (*w == ' ')
			w++;
	}
	buf_free(&k);
	return ok;
}

static const struct sm *sm_sorted_base;
static int sm_cmp(const void *a, const void *b)
{
	const int ra = *(const int *)a, rb = *(const int *)b;
	const struct sm *x = &sm_sorted_base[ra / 2], *y = &sm_sorted_base[rb / 2];
	int n = x->sort_len < y->sort_len ? x->sort_len : y->sort_len;
	int c = memcmp(x->sort, y->sort, (size_t)n);
	if (c == 0)
		c = (x->sort_len > y->sort_len) - (x->sort_len < y->sort_len);
	if (c == 0)
		c = (x->person > y->person) - (x->person < y->person);
	if (c == 0)
		c = (ra > rb) - (ra < rb);
	return c;
}

struct got {
	int64_t ids[64];
	int n;
};

static enum ptdv_err got_row(void *arg, const struct store_member_row *r)
{
	struct got *g = arg;
	assert_true(g->n < 64);
	g->ids[g->n++] = r->m.id;
	return PTDV_OK;
}

/* A page asked: offset, limit (at most 64). */
struct page_ask {
	int offset, limit;
};

/* Checks one search against the scan: the count (capped) and the pages asked. */
static void check_pages(struct store *st, const struct sm *ms, int n, const char *path,
	const char *text, date_t day, const struct page_ask *pages, size_t npages)
{
	struct buf folded = BUF_INIT;
	vn_fold(text, strlen(text), &folded);
	/* A row is 2 * person + 0 (first membership) or 1 (the readmission). */
	int *want = malloc(sizeof(int) * 2 * (size_t)n), nw = 0;
	for (int i = 0; i < n; i++) {
		const struct sm *m = &ms[i];
		const char *where = m->moved != DATE_NONE && day >= m->moved ? m->path2 : m->path;
		if (!name_matches(m->key, folded.s))
			continue;
		if (m->ceremony <= day && (m->exit == DATE_NONE || m->exit > day) &&
			strncmp(where, path, strlen(path)) == 0)
			want[nw++] = 2 * i;
		if (m->member2 && m->ceremony2 <= day && strncmp(m->path3, path, strlen(path)) == 0)
			want[nw++] = 2 * i + 1;
	}
	sm_sorted_base = ms;
	qsort(want, (size_t)nw, sizeof(int), sm_cmp);
	for (size_t p = 0; p < npages; p++) {
		struct store_member_query q = {.path = path,
			.folded = folded.s,
			.as_of = day,
			.offset = pages[p].offset,
			.limit = pages[p].limit};
		struct got g = {.n = 0};
		int64_t total = -1;
		assert_int_equal(store_member_search(st, &q, got_row, &g, &total), PTDV_OK);
		int64_t want_total = nw <= STORE_SEARCH_CAP ? nw : STORE_SEARCH_CAP + 1;
		capped += p == 0 && want_total > STORE_SEARCH_CAP;
		if (total != want_total)
			fail_msg("'%s' in %s on %d: total %lld, want %lld", text, path, (int)day,
				(long long)total, (long long)want_total);
		int from = pages[p].offset,
		    to = from + pages[p].limit < nw ? from + pages[p].limit : nw;
		int expect = to > from ? to - from : 0;
		if (g.n != expect)
			fail_msg("'%s' in %s at %d: %d rows, want %d", text, path, from, g.n,
				expect);
		for (int i = 0; i < g.n; i++) {
			const struct sm *w = &ms[want[from + i] / 2];
			int64_t id = want[from + i] % 2 ? w->member2 : w->member;
			if (g.ids[i] != id)
				fail_msg("'%s' in %s on %d: row %d is member %lld, want %lld (%s)",
					text, path, (int)day, from + i, (long long)g.ids[i],
					(long long)id, w->name);
		}
	}
	free(want);
	buf_free(&folded);
}

/* Checks one search against the scan: the count (capped) and three pages. */
static void check_search(struct store *st, const struct sm *ms, int n, const char *path,
	const char *text, date_t day)
{
	static const struct page_ask pages[] = {{0, 7}, {3, 20}, {995, 30}};
	check_pages(st, ms, n, path, text, day, pages, sizeof(pages) / sizeof(pages[0]));
}

/* The one integer of sql on st. */
static int64_t one_int(struct store *st, const char *sql)
{
	struct db_stmt *q = db_prepare(st->db, sql, 0);
	assert_non_null(q);
	assert_int_equal(db_step_one(q), PTDV_OK);
	int64_t v = db_col_int(q, 0);
	db_finalize(q);
	return v;
}

/* word_count holds, for every name word, exactly its rows in person_word. */
static void check_word_counts(struct store *st)
{
	int64_t missing = one_int(st, "SELECT count(*) FROM (SELECT word, count(*) AS k FROM "
				      "person_word GROUP BY word) g LEFT JOIN word_count c ON "
				      "c.word = g.word WHERE c.n IS NULL OR c.n <> g.k");
	int64_t wrong = one_int(st, "SELECT count(*) FROM word_count c WHERE c.n <> "
				    "(SELECT count(*) FROM person_word w WHERE w.word = c.word)");
	if (missing || wrong)
		fail_msg("word_count: %lld words miscounted, %lld counts wrong", (long long)missing,
			(long long)wrong);
}

/*
 * Every name word row has its stay written (019_word_stay.sql): rows none was written to
 * are searched right (probed), but slowly. A written row's org_from is never NULL.
 */
static void check_stays_written(struct store *st)
{
	int64_t unwritten = one_int(st, "SELECT count(*) FROM person_word WHERE org_from IS NULL");
	if (unwritten)
		fail_msg("person_word: %lld rows without their stay", (long long)unwritten);
}

/* People without memberships (never found), written by a bulk load of rows. */
static void bulk_people(struct store *st, int n, const char *given)
{
	assert_int_equal(store_bulk_begin(st, STORE_BULK_ROWS), PTDV_OK);
	for (int i = 0; i < n; i++) {
		char name[64];
		snprintf(name, sizeof(name), "%s %s %s", i % 2 ? "Trần" : "Lê",
			i % 3 ? "Văn" : "Thu", given);
		struct person p = {.full_name = name,
			.gender = GENDER_FEMALE,
			.birth_date = DATE_NONE,
			.youth_union = TRI_UNKNOWN};
		assert_int_equal(store_person_insert(st, &p), PTDV_OK);
	}
	assert_int_equal(store_bulk_end(st), PTDV_OK);
	check_word_counts(st);
	check_stays_written(st);
}

static void test_member_search(void **state)
{
	(void)state;
	static const char *const family[] = {"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Đỗ"};
	static const char *const middle[] = {"Văn", "Thị", "Thu", "Anh", "An", "Ngọc", ""};
	static const char *const given[] = {
		"An", "Anh", "Khang", "Thu", "Thuý", "Hà", "Hải", "Văn", "Ánh", "Đức", "Lan"};
	char *path = tu_db("search.db");
	struct store *st = NULL;
	assert_int_equal(store_open(path, &st, NULL), PTDV_OK);
	assert_int_equal(store_begin(st), PTDV_OK);
	struct org root = {.code = "R",
		.name = "R",
		.kind = ORG_SUPERIOR,
		.founded = DATE_NONE,
		.dissolved = DATE_NONE};
	assert_int_equal(store_org_insert(st, &root), PTDV_OK);
	/* A load into a database without people counts every word afresh. */
	bulk_people(st, 40, "Anh Thư");
	struct org orgs[4];
	for (int i = 0; i < 4; i++) {
		char code[8];
		snprintf(code, sizeof(code), "C%d", i);
		orgs[i] = (struct org){.code = code,
			.name = code,
			.kind = ORG_BASE_CELL,
			.parent_id = root.id,
			.founded = DATE_NONE,
			.dissolved = DATE_NONE};
		assert_int_equal(store_org_insert(st, &orgs[i]), PTDV_OK);
		orgs[i].code = NULL;
		orgs[i].name = NULL;
	}
	int n = NPEOPLE + 70;
	struct sm *ms = calloc((size_t)n, sizeof(*ms));
	date_t d0 = date_from_ymd(2020, 1, 1);
	/* People NPEOPLE - 300 to NPEOPLE come with their memberships and transfers in a bulk
	 * load (their name words and stays are written at its end). */
	const int bulk_from = NPEOPLE - 300;
	for (int i = 0; i < n; i++) {
		struct sm *m = &ms[i];
		bool in_bulk = i >= bulk_from && i < NPEOPLE;
		if (i == bulk_from)
			assert_int_equal(store_bulk_begin(st, STORE_BULK_PEOPLE), PTDV_OK);
		if (i == NPEOPLE) {
			assert_int_equal(store_bulk_end(st), PTDV_OK);
			check_stays_written(st);
		}
		char name[96];
		if (i < NPEOPLE) {
			const char *mid = middle[(i / 11) % 7];
			snprintf(name, sizeof(name), "%s %s%s%s",
				i % 6 ? "Nguyễn" : family[(i / 77) % 6], mid, *mid ? " " : "",
				given[i % 11]);
		} else {
			/* 70 given names starting with "zz": too many words for the word index. */
			snprintf(name, sizeof(name), "Phạm Zz%02d", i - NPEOPLE);
		}
		m->name = strdup(name);
		struct buf b = BUF_INIT;
		vn_fold(name, strlen(name), &b);
		m->key = strdup(b.s);
		buf_reset(&b);
		vn_name_sort_key(name, strlen(name), &b);
		m->sort = malloc(b.len);
		memcpy(m->sort, b.s, b.len);
		m->sort_len = (int)b.len;
		buf_free(&b);
		struct person p = {.full_name = name,
			.gender = GENDER_MALE,
			.birth_date = DATE_NONE,
			.youth_union = TRI_UNKNOWN};
		assert_int_equal(store_person_insert(st, &p), PTDV_OK);
		m->person = p.id;
		int o = i % 4;
		m->ceremony = d0 + (i % 5 == 0 ? 400 : 0);
		m->exit = i % 13 == 0 ? d0 + 200 : DATE_NONE;
		m->moved = i % 7 == 0 ? d0 + 100 : DATE_NONE;
		m->path = orgs[o].path;
		m->path2 = orgs[(o + 1) % 4].path;
		struct member mb = {.person_id = p.id,
			.org_id = orgs[o].id,
			.decision_date = DATE_NONE,
			.ceremony_date = m->ceremony,
			.official_date = DATE_NONE,
			.exit_date = m->exit};
		assert_int_equal(store_member_insert(st, &mb), PTDV_OK);
		m->member = mb.id;
		if (m->exit != DATE_NONE && !in_bulk)
			assert_int_equal(store_member_update(st, &mb), PTDV_OK);
		if (m->moved != DATE_NONE)
			assert_int_equal(
				store_member_transfer(st, mb.id, orgs[(o + 1) % 4].id, m->moved),
				PTDV_OK);
	}
	/* Dates edited after the words were written: a later ceremony (the first
	 * placement starts with it); an exit, then a readmission elsewhere at the exit
	 * (one stay), 40 days later (a gap) or 20 days before (two memberships at once). */
	for (int i = 0; i < NPEOPLE; i++) {
		struct sm *m = &ms[i];
		/* The second half's readmissions in a bulk load (written at its end). */
		if (i == NPEOPLE / 2)
			assert_int_equal(store_bulk_begin(st, STORE_BULK_ROWS), PTDV_OK);
		struct member mb = {.id = m->member,
			.person_id = m->person,
			.decision_date = DATE_NONE,
			.ceremony_date = m->ceremony,
			.official_date = DATE_NONE,
			.exit_date = m->exit};
		if (i % 11 == 5 && i % 5 != 0) {
			m->ceremony = mb.ceremony_date = d0 + 30;
			assert_int_equal(store_member_update(st, &mb), PTDV_OK);
		}
		if (i % 17 != 3 || m->ceremony > d0 + 100)
			continue;
		static const int gaps[] = {0, 40, -20};
		m->exit = mb.exit_date = d0 + 300;
		assert_int_equal(store_member_update(st, &mb), PTDV_OK);
		m->ceremony2 = m->exit + gaps[(i / 17) % 3];
		int o = (i + 2) % 4;
		m->path3 = orgs[o].path;
		struct member m2 = {.person_id = m->person,
			.org_id = orgs[o].id,
			.decision_date = DATE_NONE,
			.ceremony_date = m->ceremony2,
			.official_date = DATE_NONE,
			.exit_date = DATE_NONE};
		assert_int_equal(store_member_insert(st, &m2), PTDV_OK);
		m->member2 = m2.id;
	}
	assert_int_equal(store_bulk_end(st), PTDV_OK);
	check_stays_written(st);
	/* A renamed person is found by the new name only. */
	struct person ren = {.id = ms[1].person,
		.full_name = "Vũ Hồng Nhung",
		.gender = GENDER_MALE,
		.birth_date = DATE_NONE,
		.youth_union = TRI_UNKNOWN};
	assert_int_equal(store_person_update(st, &ren), PTDV_OK);
	free(ms[1].name);
	free(ms[1].key);
	free(ms[1].sort);
	ms[1].name = strdup(ren.full_name);
	ms[1].key = strdup("vu hong nhung");
	struct buf b = BUF_INIT;
	vn_name_sort_key(ren.full_name, strlen(ren.full_name), &b);
	ms[1].sort = malloc(b.len);
	memcpy(ms[1].sort, b.s, b.len);
	ms[1].sort_len = (int)b.len;
	buf_free(&b);
	check_word_counts(st);
	/* A small load adds its words' counts to those there. */
	bulk_people(st, 30, "An An");
	assert_int_equal(store_commit(st), PTDV_OK);

	static const char *const texts[] = {"an", "anh", "AN", "Ánh", "thu", "thuy", "van an",
		"nguyen an", "le thi ha", "do ngoc thu", "a", "nguyen", "zz", "zz0", "zz13",
		"nhung", "vu hong nhung", "tran anh anh", "khang", "hoa", "", "lan an"};
	const char *paths[] = {root.path, orgs[0].path, orgs[2].path};
	/* d0 + 10: before the later ceremonies; d0 + 50: before the transfers, after the last stays' org began (the word rows of
	 * those people cannot decide a subtree: probed); d0 + 290 to 340: around the exits
	 * and readmissions. */
	date_t days[] = {
		d0 - 1, d0 + 10, d0 + 50, d0 + 150, d0 + 290, d0 + 310, d0 + 340, d0 + 500};
	for (size_t t = 0; t < sizeof(texts) / sizeof(texts[0]); t++)
		for (size_t p = 0; p < 3; p++)
			for (size_t d = 0; d < sizeof(days) / sizeof(days[0]); d++)
				check_search(st, ms, n, paths[p], texts[t], days[d]);
	assert_true(capped > 0);
	for (int i = 0; i < n; i++) {
		free(ms[i].name);
		free(ms[i].key);
		free(ms[i].sort);
	}
	free(ms);
	for (int i = 0; i < 4; i++)
		free(orgs[i].path);
	free(root.path);
	store_close(st);
	free(path);
}

/* The subtree's org of the member list walk test: superior A (cells A1, A2), cell B. */
static struct org walk_org(struct store *st, const char *code, int64_t parent, enum org_kind kind)
{
	struct org o = {.code = (char *)code,
		.name = (char *)code,
		.kind = kind,
		.parent_id = parent,
		.founded = DATE_NONE,
		.dissolved = DATE_NONE};
	assert_int_equal(store_org_insert(st, &o), PTDV_OK);
	o.code = NULL;
	o.name = NULL;
	return o;
}

#define WALK_PEOPLE 3600

/*
 * The member list without a name over a large subtree walks people in list order and keeps
 * the subtree's members of the day (store_search.c: page_by_people): interleaved in that
 * order with them are people who left, moved out of the subtree, are not yet members, moved
 * into it, or were always elsewhere. Every page, of the whole tree and of the large
 * subtree A (its first pages walk people, its deep ones its placements), of a cell, and
 * on days before, between and after the changes, must be the plain scan's rows in its
 * order. Half the people come in a bulk load, which drops the index of the walk and
 * builds it again.
 */
static void test_member_list_walk(void **state)
{
	(void)state;
	static const char *const family[] = {"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Đỗ", "Vũ"};
	static const char *const middle[] = {"Văn", "Thị", "Thu", "Anh", "Ngọc", "Hữu", ""};
	static const char *const given[] = {"An", "Anh", "Bình", "Chi", "Dũng", "Hà", "Hải", "Lan",
		"Minh", "Nam", "Thu", "Yến", "Ánh"};
	char *path = tu_db("walk.db");
	struct store *st = NULL;
	assert_int_equal(store_open(path, &st, NULL), PTDV_OK);
	assert_int_equal(store_begin(st), PTDV_OK);
	struct org r = walk_org(st, "R", 0, ORG_SUPERIOR);
	struct org a = walk_org(st, "A", r.id, ORG_SUPERIOR);
	struct org a1 = walk_org(st, "A1", a.id, ORG_BASE_CELL);
	struct org a2 = walk_org(st, "A2", a.id, ORG_BASE_CELL);
	struct org b = walk_org(st, "B", r.id, ORG_BASE_CELL);
	date_t d0 = date_from_ymd(2020, 1, 1);
	struct sm *ms = calloc(WALK_PEOPLE, sizeof(*ms));
	assert_int_equal(store_bulk_begin(st, STORE_BULK_PEOPLE), PTDV_OK);
	for (int i = 0; i < WALK_PEOPLE; i++) {
		struct sm *m = &ms[i];
		if (i == WALK_PEOPLE / 2)
			assert_int_equal(store_bulk_end(st), PTDV_OK);
		char name[96];
		const char *mid = middle[(i / 5) % 7];
		snprintf(name, sizeof(name), "%s %s%s%s", family[(i / 3) % 7], mid, *mid ? " " : "",
			given[(i * 7) % 13]);
		m->name = strdup(name);
		struct buf k = BUF_INIT;
		vn_fold(name, strlen(name), &k);
		m->key = strdup(k.s);
		buf_reset(&k);
		vn_name_sort_key(name, strlen(name), &k);
		m->sort = malloc(k.len);
		memcpy(m->sort, k.s, k.len);
		m->sort_len = (int)k.len;
		buf_free(&k);
		struct person p = {.full_name = name,
			.gender = GENDER_FEMALE,
			.birth_date = DATE_NONE,
			.youth_union = TRI_UNKNOWN};
		assert_int_equal(store_person_insert(st, &p), PTDV_OK);
		m->person = p.id;
		/* 0: in A1; 1: in A2, left on d0 + 100; 2: moved from A1 to B on d0 + 100;
		 * 3: in A2 from d0 + 300; 4: moved from B to A2 on d0 + 100; 5: in B. */
		int kind = i % 6;
		const struct org *at = kind == 0 || kind == 2   ? &a1
				       : kind == 1 || kind == 3 ? &a2
								: &b;
		m->path = at->path;
		m->ceremony = kind == 3 ? d0 + 300 : d0;
		m->exit = kind == 1 ? d0 + 100 : DATE_NONE;
		m->moved = kind == 2 || kind == 4 ? d0 + 100 : DATE_NONE;
		m->path2 = kind == 2 ? b.path : a2.path;
		struct member mb = {.person_id = p.id,
			.org_id = at->id,
			.decision_date = DATE_NONE,
			.ceremony_date = m->ceremony,
			.official_date = DATE_NONE,
			.exit_date = m->exit};
		assert_int_equal(store_member_insert(st, &mb), PTDV_OK);
		m->member = mb.id;
		if (m->exit != DATE_NONE && i >= WALK_PEOPLE / 2)
			assert_int_equal(store_member_update(st, &mb), PTDV_OK);
		if (m->moved != DATE_NONE)
			assert_int_equal(store_member_transfer(
						 st, mb.id, kind == 2 ? b.id : a2.id, m->moved),
				PTDV_OK);
	}
	assert_int_equal(store_commit(st), PTDV_OK);

	static const struct page_ask pages[] = {{0, 7}, {0, 50}, {37, 64}, {990, 30}, {1180, 40},
		{2390, 20}, {3590, 20}, {9000, 5}};
	const char *paths[] = {r.path, a.path, a1.path, b.path};
	date_t days[] = {d0 - 1, d0 + 50, d0 + 100, d0 + 200, d0 + 300, d0 + 400};
	for (size_t p = 0; p < sizeof(paths) / sizeof(paths[0]); p++)
		for (size_t d = 0; d < sizeof(days) / sizeof(days[0]); d++)
			check_pages(st, ms, WALK_PEOPLE, paths[p], "", days[d], pages,
				sizeof(pages) / sizeof(pages[0]));
	for (int i = 0; i < WALK_PEOPLE; i++) {
		free(ms[i].name);
		free(ms[i].key);
		free(ms[i].sort);
	}
	free(ms);
	struct org *os[] = {&r, &a, &a1, &a2, &b};
	for (size_t i = 0; i < sizeof(os) / sizeof(os[0]); i++)
		free(os[i]->path);
	store_close(st);
	free(path);
}

/*
 * Compares a user and org read in one statement (ua, oa) with user user_id and its org read
 * one by one; clears ua and oa.
 */
static void check_user_org(struct store *st, int64_t user_id, struct user *ua, struct org *oa)
{
	struct user ub = {0};
	struct org ob = {0};
	assert_int_equal(store_user_by_id(st, user_id, &ub), PTDV_OK);
	if (ub.org_id)
		assert_int_equal(store_org_by_id(st, ub.org_id, &ob), PTDV_OK);
	assert_int_equal(ua->id, ub.id);
	assert_string_equal(ua->login, ub.login);
	assert_string_equal(ua->full_name, ub.full_name);
	assert_int_equal(ua->role, ub.role);
	assert_int_equal(ua->org_id, ub.org_id);
	assert_int_equal(ua->disabled, ub.disabled);
	assert_int_equal(ua->source, ub.source);
	assert_int_equal(oa->id, ob.id);
	if (ob.id) {
		assert_string_equal(oa->code, ob.code);
		assert_string_equal(oa->name, ob.name);
		assert_string_equal(oa->path, ob.path);
		assert_int_equal(oa->kind, ob.kind);
		assert_int_equal(oa->parent_id, ob.parent_id);
		assert_int_equal(oa->founded, ob.founded);
		assert_int_equal(oa->dissolved, ob.dissolved);
	} else {
		assert_null(oa->code);
	}
	core_user_clear(ua);
	core_user_clear(&ub);
	core_org_clear(oa);
	core_org_clear(&ob);
}

/*
 * Compares the one read of a resumed session with the session as written (user_id, csrf,
 * at: its creation and last use) and with its user and org read one by one.
 */
static void check_resume(
	struct store *st, const char *token_hash, int64_t user_id, const char *csrf, int64_t at)
{
	struct store_session a;
	struct user ua = {0};
	struct org oa = {0};
	assert_int_equal(store_session_resume(st, token_hash, &a, &ua, &oa), PTDV_OK);
	assert_int_equal(a.user_id, user_id);
	assert_string_equal(a.csrf, csrf);
	assert_int_equal(a.created_at, at);
	assert_int_equal(a.last_seen, at);
	check_user_org(st, user_id, &ua, &oa);
}

/* As check_resume, for the API token token_hash of user user_id. */
static void check_token(struct store *st, const char *token_hash, int64_t user_id)
{
	struct user ua = {0};
	struct org oa = {0};
	assert_int_equal(store_token_resume(st, token_hash, &ua, &oa), PTDV_OK);
	check_user_org(st, user_id, &ua, &oa);
}

/* The first column of each row of sql on st, joined by newlines. */
static char *all_text(struct store *st, const char *sql)
{
	struct buf b = BUF_INIT;
	struct db_stmt *q = db_prepare(st->db, sql, 0);
	bool row;
	assert_non_null(q);
	while (db_step(q, &row) == PTDV_OK && row) {
		buf_adds(&b, db_col_text(q, 0));
		buf_addc(&b, '\n');
	}
	db_finalize(q);
	return b.s ? b.s : xstrdup("");
}

/* The value of a PostgreSQL setting on st's session. */
static void assert_setting(struct store *st, const char *name, const char *want)
{
	char sql[128];
	snprintf(sql, sizeof(sql), "SHOW %s", name);
	char *got = all_text(st, sql);
	assert_string_equal(got, want);
	free(got);
}

/*
 * How ptdv has PostgreSQL plan: without JIT (db_pg.c, pg_connect), unless the URL's options
 * or PGOPTIONS say otherwise; and a statement with @serial without parallel workers, where
 * the same statement without it gets them (migration 025). On SQLite @serial is true.
 */
static void test_planning(void **state)
{
	(void)state;
	char *path = tu_db("planning.db");
	struct store *st = NULL;
	assert_int_equal(store_open(path, &st, NULL), PTDV_OK);
	assert_int_equal(db_exec(st->db, "CREATE TABLE plan_probe (n INTEGER);"
					 "INSERT INTO plan_probe VALUES (1), (2), (3)"),
		PTDV_OK);
	assert_int_equal(one_int(st, "SELECT count(*) FROM plan_probe WHERE @serial AND n > 1"), 2);
	if (tu_postgres()) {
		assert_setting(st, "jit", "off\n");
		/* Workers cost nothing to this planner: any table is scanned in parallel. */
		assert_int_equal(db_exec(st->db, "SET parallel_setup_cost = 0;"
						 "SET parallel_tuple_cost = 0;"
						 "SET min_parallel_table_scan_size = 0"),
			PTDV_OK);
		char *plain = all_text(st, "EXPLAIN SELECT count(*) FROM plan_probe WHERE n > 1");
		char *serial = all_text(
			st, "EXPLAIN SELECT count(*) FROM plan_probe WHERE @serial AND n > 1");
		if (!strstr(plain, "Gather") || strstr(serial, "Gather"))
			fail_msg("without @serial:\n%swith it:\n%s", plain, serial);
		free(plain);
		free(serial);
		store_close(st);
		/* The URL's options come after ptdv's, and PGOPTIONS stands in for them. */
		struct buf url = BUF_INIT;
		buf_addf(&url, "%s%coptions=-c%%20jit%%3Don", path, strchr(path, '?') ? '&' : '?');
		assert_int_equal(store_open(url.s, &st, NULL), PTDV_OK);
		assert_setting(st, "jit", "on\n");
		store_close(st);
		buf_free(&url);
		assert_int_equal(setenv("PGOPTIONS", "-c jit=on", 1), 0);
		assert_int_equal(store_open(path, &st, NULL), PTDV_OK);
		assert_int_equal(unsetenv("PGOPTIONS"), 0);
		assert_setting(st, "jit", "on\n");
	}
	store_close(st);
	free(path);
}

/*
 * store_session_resume and store_token_resume give the session or token as written, and
 * what store_user_by_id and store_org_by_id give; nothing for an ended session or a revoked
 * token.
 */
static void test_session_resume(void **state)
{
	(void)state;
	char *path = tu_db("resume.db");
	struct store *st = NULL;
	assert_int_equal(store_open(path, &st, NULL), PTDV_OK);
	assert_int_equal(store_begin(st), PTDV_OK);
	struct org o = {.code = "R",
		.name = "Đảng bộ R",
		.kind = ORG_SUPERIOR,
		.founded = date_from_ymd(2001, 2, 3),
		.dissolved = DATE_NONE};
	assert_int_equal(store_org_insert(st, &o), PTDV_OK);
	struct user with = {.login = "a",
		.full_name = "Nguyễn Văn A",
		.role = ROLE_LIAISON,
		.org_id = o.id,
		.source = 2};
	struct user without = {.login = "b", .full_name = "B", .role = ROLE_ADMIN};
	assert_int_equal(store_user_insert(st, &with, "h", 1), PTDV_OK);
	assert_int_equal(store_user_insert(st, &without, "h", 1), PTDV_OK);
	assert_int_equal(store_session_insert(st, "t1", with.id, "c1", 100), PTDV_OK);
	assert_int_equal(store_session_insert(st, "t2", without.id, "c2", 200), PTDV_OK);
	assert_int_equal(store_session_insert(st, "t3", with.id, "c3", 300), PTDV_OK);
	assert_int_equal(store_session_end(st, "t3", 400), PTDV_OK);
	assert_int_equal(store_token_insert(st, "k1", with.id, "api", 100), PTDV_OK);
	assert_int_equal(store_token_insert(st, "k2", without.id, "api", 200), PTDV_OK);
	assert_int_equal(store_token_insert(st, "k3", with.id, "api", 300), PTDV_OK);
	assert_int_equal(db_exec(st->db, "UPDATE api_token SET revoked_at = 400 WHERE "
					 "token_hash = 'k3'"),
		PTDV_OK);
	assert_int_equal(store_commit(st), PTDV_OK);
	check_resume(st, "t1", with.id, "c1", 100);
	check_resume(st, "t2", without.id, "c2", 200);
	check_token(st, "k1", with.id);
	check_token(st, "k2", without.id);
	struct store_session s;
	struct user u = {0};
	struct org uo = {0};
	assert_int_equal(store_session_resume(st, "t3", &s, &u, &uo), PTDV_NOTFOUND);
	assert_int_equal(store_session_resume(st, "t4", &s, &u, &uo), PTDV_NOTFOUND);
	assert_int_equal(store_token_resume(st, "k3", &u, &uo), PTDV_NOTFOUND);
	assert_int_equal(store_token_resume(st, "k4", &u, &uo), PTDV_NOTFOUND);

	free(o.path);
	store_close(st);
	free(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_migrate_empty_then_existing),
		cmocka_unit_test(test_migrate_older_database),
		cmocka_unit_test(test_unopenable),
		cmocka_unit_test(test_collation_checked),
		cmocka_unit_test(test_paths_and_subtrees),
		cmocka_unit_test(test_org_top),
		cmocka_unit_test(test_member_search),
		cmocka_unit_test(test_member_list_walk),
		cmocka_unit_test(test_planning),
		cmocka_unit_test(test_session_resume),
	};
	return cmocka_run_group_tests_name("store", tests, NULL, NULL);
}
