/*
 * store_batch.h — rows for one table, written many to a statement (store/ internal).
 *
 * A batch collects the cells of rows (integers, dates, text, blobs; text and blobs are
 * copied) and store_batch_flush writes them as multi-row INSERTs of 64, 32, ... 1 rows,
 * each statement prepared once per connection. Used by bulk loads (store_bulk.c) and the
 * seen sets of imports (store_seen.c): one statement per 64 rows instead of one per row.
 */
#ifndef PTDV_STORE_STORE_BATCH_H
#define PTDV_STORE_STORE_BATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/db.h"
#include "util/buf.h"
#include "util/date.h"

enum { STORE_BATCH_ROWS = 64, STORE_BATCH_SIZES = 7 /* 64, 32, 16, 8, 4, 2, 1 rows */ };

struct store_batch_cell {
	enum db_type type;
	int64_t v; /* the integer, or the offset of the bytes in data */
	int len;
};

struct store_batch {
	const char *table, *cols; /* names from the code, never from users */
	int ncols;
	struct store_batch_cell *cells;
	size_t ncells, acells;
	struct buf data;              /* the bytes of text and blob cells */
	char *sql[STORE_BATCH_SIZES]; /* INSERT of 64 >> k rows, made when first needed */
};

/* A batch for table(cols), cols being ncols comma-separated column names. */
void store_batch_init(struct store_batch *b, const char *table, const char *cols, int ncols);
void store_batch_free(struct store_batch *b);
/* The next cell of the current row. */
void store_batch_int(struct store_batch *b, int64_t v);
void store_batch_date(struct store_batch *b, date_t d);     /* DATE_NONE: NULL */
void store_batch_opt_id(struct store_batch *b, int64_t id); /* 0: NULL */
/* Text of len bytes; NULL, or "" when opt, is NULL. */
void store_batch_text(struct store_batch *b, const char *s, size_t len, bool opt);
void store_batch_blob(struct store_batch *b, const void *p, size_t len);
/* Complete rows in the batch. */
size_t store_batch_rows(const struct store_batch *b);
/* The cells of row r, to change one before the flush. */
struct store_batch_cell *store_batch_row(struct store_batch *b, size_t r);
/* Writes every row and empties the batch (emptied on failure too). */
enum ptdv_err store_batch_flush(struct db *db, struct store_batch *b) PTDV_MUST_USE;

#endif
