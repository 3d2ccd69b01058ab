/* store_batch.c — rows for one table, written many to a statement. */
#include "store/store_batch.h"

#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

void store_batch_init(struct store_batch *b, const char *table, const char *cols, int ncols)
{
	memset(b, 0, sizeof(*b));
	b->table = table;
	b->cols = cols;
	b->ncols = ncols;
}

void store_batch_free(struct store_batch *b)
{
	free(b->cells);
	buf_free(&b->data);
	for (int k = 0; k < STORE_BATCH_SIZES; k++)
		free(b->sql[k]);
	memset(b, 0, sizeof(*b));
}

static struct store_batch_cell *cell_new(struct store_batch *b)
{
	if (b->ncells == b->acells) {
		b->acells = b->acells ? 2 * b->acells : (size_t)b->ncols * 2 * STORE_BATCH_ROWS;
		b->cells = xrealloc(b->cells, b->acells * sizeof(*b->cells));
	}
	return &b->cells[b->ncells++];
}

void store_batch_int(struct store_batch *b, int64_t v)
{
	*cell_new(b) = (struct store_batch_cell){DB_INT, v, 0};
}

void store_batch_date(struct store_batch *b, date_t d)
{
	if (d == DATE_NONE)
		*cell_new(b) = (struct store_batch_cell){DB_NULL, 0, 0};
	else
		store_batch_int(b, d);
}

void store_batch_opt_id(struct store_batch *b, int64_t id)
{
	if (id == 0)
		*cell_new(b) = (struct store_batch_cell){DB_NULL, 0, 0};
	else
		store_batch_int(b, id);
}

static void put_bytes(struct store_batch *b, enum db_type t, const void *p, size_t len)
{
	*cell_new(b) = (struct store_batch_cell){t, (int64_t)b->data.len, (int)len};
	buf_add(&b->data, p, len);
}

void store_batch_text(struct store_batch *b, const char *s, size_t len, bool opt)
{
	if (!s || (opt && !len))
		*cell_new(b) = (struct store_batch_cell){DB_NULL, 0, 0};
	else
		put_bytes(b, DB_TEXT, s, len);
}

void store_batch_blob(struct store_batch *b, const void *p, size_t len)
{
	put_bytes(b, DB_BLOB, p, len);
}

size_t store_batch_rows(const struct store_batch *b)
{
	return b->ncells / (size_t)b->ncols;
}

struct store_batch_cell *store_batch_row(struct store_batch *b, size_t r)
{
	return &b->cells[r * (size_t)b->ncols];
}

/* The INSERT of (STORE_BATCH_ROWS >> k) rows of b. */
static const char *batch_sql(struct store_batch *b, int k)
{
	if (!b->sql[k]) {
		struct buf s = BUF_INIT;
		buf_addf(&s, "INSERT INTO %s(%s) VALUES ", b->table, b->cols);
		for (int r = 0; r < STORE_BATCH_ROWS >> k; r++) {
			buf_adds(&s, r ? ", (" : "(");
			for (int c = 0; c < b->ncols; c++)
				buf_adds(&s, c ? ", ?" : "?");
			buf_addc(&s, ')');
		}
		b->sql[k] = buf_detach(&s);
	}
	return b->sql[k];
}

enum ptdv_err store_batch_flush(struct db *db, struct store_batch *b)
{
	size_t rows = store_batch_rows(b), done = 0;
	enum ptdv_err err = PTDV_OK;
	for (int k = 0; k < STORE_BATCH_SIZES && !err; k++) {
		size_t n = (size_t)STORE_BATCH_ROWS >> k;
		while (!err && rows - done >= n) {
			struct db_stmt *q = db_stmt(db, batch_sql(b, k));
			if (!q) {
				err = PTDV_DB;
				break;
			}
			const struct store_batch_cell *c = store_batch_row(b, done);
			for (int i = 1; i <= (int)n * b->ncols; i++, c++) {
				if (c->type == DB_INT)
					db_bind_int(q, i, c->v);
				else if (c->type == DB_TEXT)
					db_bind_text(q, i, b->data.s + c->v, c->len);
				else if (c->type == DB_BLOB)
					db_bind_blob(q, i, b->data.s + c->v, c->len);
				else
					db_bind_null(q, i);
			}
			err = db_run(q);
			done += n;
		}
	}
	b->ncells = 0;
	buf_reset(&b->data);
	return err;
}
