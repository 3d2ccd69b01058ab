/* store_seen.c — the values a file must not repeat, in a private temporary SQLite database. */
#include "store/store_seen.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "store/db.h"
#include "store/store_batch.h"
#include "util/buf.h"
#include "util/u64map.h"
#include "util/xalloc.h"

/* The filter: 2^27 bits (16 MB, zero pages until touched), two per value. */
enum { FILTER_BITS = 27 };

struct store_seen {
	struct db *db;
	struct store_batch rows; /* rows of seen not yet written */
	uint64_t *filter;
	bool maybe; /* a value may have been seen twice */
};

enum ptdv_err store_seen_open(struct store_seen **out, char **errmsg)
{
	struct db *db;
	/* "" is a private database in a temporary file, deleted on close. */
	enum ptdv_err err = db_open("", &db, errmsg);
	if (err)
		return err;
	/* A scratch copy: no journal, no sync, a 4 MB cache, sorts in temporary files. */
	err = db_exec(db, "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;"
			  "PRAGMA temp_store=FILE; PRAGMA cache_size=-4096; PRAGMA threads=0;"
			  "CREATE TABLE seen(kind INTEGER, key TEXT, line INTEGER, note TEXT);"
			  "CREATE TABLE maybe(kind INTEGER, key TEXT, PRIMARY KEY (kind, key));"
			  "CREATE TABLE rejected(line INTEGER PRIMARY KEY);"
			  "CREATE TABLE repeat(kind INTEGER, key TEXT, first INTEGER, line INTEGER,"
			  " note TEXT)");
	if (!err)
		err = db_begin(db);
	if (err) {
		if (errmsg)
			*errmsg = xstrdup(db_errmsg(db));
		db_close(db);
		return err;
	}
	*out = xcalloc(1, sizeof(**out));
	(*out)->db = db;
	store_batch_init(&(*out)->rows, "seen", "kind, key, line, note", 4);
	(*out)->filter = xcalloc((size_t)1 << (FILTER_BITS - 6), sizeof(uint64_t));
	return PTDV_OK;
}

const char *store_seen_errmsg(const struct store_seen *s)
{
	return s ? db_errmsg(s->db) : "";
}

void store_seen_close(struct store_seen *s)
{
	if (!s)
		return;
	db_close(s->db); /* rolls back: nothing of it is kept */
	store_batch_free(&s->rows);
	free(s->filter);
	free(s);
}

/* Sets the value's two bits of the filter; true when both were set already. */
static bool filter_add(uint64_t *filter, int kind, const char *key, size_t keylen)
{
	uint64_t h = u64map_hash(key, keylen) ^ ((uint64_t)kind * 0x9E3779B97F4A7C15u);
	uint64_t mask = ((uint64_t)1 << FILTER_BITS) - 1;
	uint64_t b[2] = {h & mask, (h >> 32) & mask};
	bool both = true;
	for (int i = 0; i < 2; i++) {
		uint64_t bit = (uint64_t)1 << (b[i] & 63);
		both = both && (filter[b[i] >> 6] & bit);
		filter[b[i] >> 6] |= bit;
	}
	return both;
}

enum ptdv_err store_seen_add(
	struct store_seen *s, int kind, const char *key, size_t keylen, long line, const char *note)
{
	enum ptdv_err err;
	bool maybe = filter_add(s->filter, kind, key, keylen);
	if (maybe) {
		struct db_stmt *m = db_stmt(s->db, "INSERT OR IGNORE INTO maybe VALUES (?, ?)");
		if (!m)
			return PTDV_DB;
		db_bind_int(m, 1, kind);
		db_bind_text(m, 2, key, (int)keylen);
		if ((err = db_run(m)))
			return err;
		s->maybe = true;
	}
	store_batch_int(&s->rows, kind);
	store_batch_text(&s->rows, key, keylen, false);
	store_batch_int(&s->rows, line);
	/* Only a repeat's note is read, and a repeat is a value that may repeat. */
	store_batch_text(&s->rows, maybe ? note : NULL, maybe && note ? strlen(note) : 0, true);
	if (store_batch_rows(&s->rows) == STORE_BATCH_ROWS)
		return store_batch_flush(s->db, &s->rows);
	return PTDV_OK;
}

enum ptdv_err store_seen_reject(struct store_seen *s, long line)
{
	struct db_stmt *q = db_stmt(s->db, "INSERT OR IGNORE INTO rejected VALUES (?)");
	if (!q)
		return PTDV_DB;
	db_bind_int(q, 1, line);
	return db_run(q);
}

/* Writes the repeats among the values that may repeat into table repeat. */
static enum ptdv_err find_repeats(struct store_seen *s)
{
	/* One scan of the set picks the rows of the values that may repeat; they alone are
	 * sorted, by value and line: the first row of a value is the one the others repeat. */
	struct db_stmt *q = db_stmt(s->db, "SELECT kind, key, line, note FROM seen "
					   "WHERE (kind, key) IN (SELECT kind, key FROM maybe) "
					   "ORDER BY kind, key, line");
	struct db_stmt *w = db_stmt(s->db, "INSERT INTO repeat VALUES (?, ?, ?, ?, ?)");
	if (!q || !w)
		return PTDV_DB;
	struct buf key = BUF_INIT;
	int kind = -1;
	long first = 0;
	enum ptdv_err err;
	bool row;
	while (!(err = db_step(q, &row)) && row) {
		int k = (int)db_col_int(q, 0);
		const char *v = db_col_text(q, 1);
		long line = (long)db_col_int(q, 2);
		if (k != kind || strcmp(v, key.s ? key.s : "") != 0) {
			kind = k;
			buf_reset(&key);
			buf_adds(&key, v);
			first = line;
			continue;
		}
		db_bind_int(w, 1, k);
		db_bind_text(w, 2, v, -1);
		db_bind_int(w, 3, first);
		db_bind_int(w, 4, line);
		db_bind_opt_text(w, 5, db_col_null(q, 3) ? NULL : db_col_text(q, 3));
		if ((err = db_run(w)))
			break;
	}
	db_done(q);
	buf_free(&key);
	return err;
}

enum ptdv_err store_seen_each_repeat(struct store_seen *s, store_seen_fn fn, void *arg)
{
	if (!s->maybe)
		return PTDV_OK; /* every value was new when it came */
	enum ptdv_err err = store_batch_flush(s->db, &s->rows);
	if (!err)
		err = find_repeats(s);
	if (err)
		return err;
	struct db_stmt *q = db_stmt(s->db,
		"SELECT p.kind, p.key, p.first, p.line, p.note, r.line IS NOT NULL FROM repeat p "
		"LEFT JOIN rejected r ON r.line = p.line ORDER BY p.line, p.kind");
	if (!q)
		return PTDV_DB;
	bool row;
	while (!(err = db_step(q, &row)) && row)
		fn(arg, (int)db_col_int(q, 0), db_col_text(q, 1), (long)db_col_int(q, 2),
			(long)db_col_int(q, 3), db_col_null(q, 4) ? NULL : db_col_text(q, 4),
			db_col_int(q, 5) != 0);
	db_done(q);
	return err;
}
