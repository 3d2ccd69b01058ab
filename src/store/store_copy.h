/*
 * store_copy.h — reading and writing every table of a database generically, for copying a
 * whole database (or one subtree of it) to another database, on either engine.
 *
 * Tables and columns come from the catalog (store/db.h db_catalog), so a table a new
 * migration adds is copied without a change here. Rows travel as arrays of typed values.
 * Copying one subtree needs to know which rows of a table belong to it: store_copy.c has
 * one rule per table for that, and refuses a table it has no rule for.
 */
#ifndef PTDV_STORE_STORE_COPY_H
#define PTDV_STORE_STORE_COPY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

struct store;

/* One value of a row. Text and blob bytes are valid until the next row. */
enum store_value_type { STORE_NULL, STORE_INT, STORE_TEXT, STORE_BLOB, STORE_VALUE__MAX };
struct store_value {
	enum store_value_type type;
	int64_t i;
	const char *p;
	int len;
};

/* A list of names; store_names_free accepts NULL. */
struct store_names {
	char **v;
	size_t n;
};
void store_names_free(struct store_names *l);

/*
 * Sets *out to the tables of the database, every table after the tables it references
 * (ties in creation order), without schema_migration, org_day and org_sum (the day
 * counters and their totals, which the destination's triggers write as the rows they count
 * arrive), word_count (counted by store_table_writer_end from the person_word rows
 * written) and holiday_rev (moved by the holidays written). The caller frees *out.
 */
enum ptdv_err store_tables(struct store *st, struct store_names *out) PTDV_MUST_USE;
/* Sets *out to the columns of table, in order. The caller frees *out. */
enum ptdv_err store_table_columns(
	struct store *st, const char *table, struct store_names *out) PTDV_MUST_USE;
/* Sets *rows to the number of rows of table. */
enum ptdv_err store_table_count(struct store *st, const char *table, int64_t *rows) PTDV_MUST_USE;
/*
 * Deletes every row of table. Only for a database no one has written to yet, whose rows
 * came with the migrations (reference data such as the holiday calendar).
 */
enum ptdv_err store_table_clear(struct store *st, const char *table) PTDV_MUST_USE;
/* True when store_table_each can select the rows of table that belong to a subtree. */
bool store_table_has_subtree_rule(const char *table);

/*
 * Calls fn(arg, values, n) for every row of table, values in the order of cols, rows in
 * the order of their id (so a row comes after the rows of the same table it references)
 * or of their first column when there is no id. With path, only the rows that belong to
 * the subtree at path (see store_copy.c); PTDV_NOTFOUND for a table without a rule.
 * Rows stream from the database: fn must not use st. Stops at fn's first error.
 */
typedef enum ptdv_err (*store_row_fn)(void *arg, const struct store_value *v, size_t n);
enum ptdv_err store_table_each(struct store *st, const char *table, const struct store_names *cols,
	const char *path, store_row_fn fn, void *arg) PTDV_MUST_USE;

/*
 * A writer inserts rows into table, given in the order of cols, several rows per statement;
 * ids are kept as given. store_table_writer_end writes what is left, makes the table's
 * next generated id follow the largest one (after person_word, counts its words into
 * word_count), and frees the writer; store_table_writer_free
 * only frees (after an error; accepts NULL).
 */
struct store_table_writer;
enum ptdv_err store_table_writer_new(struct store *st, const char *table,
	const struct store_names *cols, struct store_table_writer **out) PTDV_MUST_USE;
enum ptdv_err store_table_writer_add(
	struct store_table_writer *w, const struct store_value *v) PTDV_MUST_USE;
enum ptdv_err store_table_writer_end(struct store_table_writer *w) PTDV_MUST_USE;
void store_table_writer_free(struct store_table_writer *w);

#endif
