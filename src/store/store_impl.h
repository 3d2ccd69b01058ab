/* store_impl.h — what the store/ files share (store/ internal). */
#ifndef PTDV_STORE_STORE_IMPL_H
#define PTDV_STORE_STORE_IMPL_H

#include "store/db.h"
#include "store/store.h"
#include "util/buf.h"

struct store {
	struct db *db;
	struct buf scratch; /* reused for keys and path bounds */
	char **bulk_ddl;    /* CREATE INDEX / TRIGGER statements to rerun at store_bulk_end */
	size_t nbulk;
	bool bulk; /* between store_bulk_begin and _end: person_word is rebuilt at the end */
	struct store_bulk *rows; /* during a bulk load: its rows not yet written (store_bulk.c) */
	struct store_bulk *bulk_mem; /* the batches, kept from one load to the next */
	uint64_t db_key;             /* a hash of the URL: which database, for store_revision */
	char *url;                   /* as opened (backups of PostgreSQL run pg_dump on it) */
};

/*
 * Returns the cached statement for sql or, when it does not compile, logs and returns
 * NULL; callers turn NULL into PTDV_DB.
 */
#define STMT(st, sql) db_stmt((st)->db, (sql))

/*
 * Runs q, a lookup of at most one row, and sets *v to its first column (0 when no row);
 * ends q.
 */
enum ptdv_err store__one_int(struct db_stmt *q, int64_t *v);

/* Writes the exclusive upper bound of the subtree at path into hi (path with its last '/' → '0'). */
void store__path_hi(const char *path, char *hi, size_t size);

/*
 * Bulk loads (store_bulk.c): while st->rows is set, store_person_insert and
 * store_member_insert keep their rows in batches and give the ids themselves;
 * store_member_transfer moves a member of the batches there. Nothing may read those tables
 * before store__bulk_flush.
 */
/* Writes org_day anew from the view member_day (after a bulk load, with its triggers off). */
enum ptdv_err store__org_days_rebuild(struct store *st);
enum ptdv_err store__bulk_start(struct store *st);
enum ptdv_err store__bulk_flush(struct store *st);
/* Writes what is left and sets the identity sequences after the ids given. */
enum ptdv_err store__bulk_finish(struct store *st);
void store__bulk_stop(struct store *st);
/* Frees the batches; after the connection is closed (its statements know their SQL). */
void store__bulk_free(struct store *st);
enum ptdv_err store__bulk_person(struct store *st, struct person *p, const char *name_key,
	size_t key_len, const char *sort_key, size_t sort_len);
enum ptdv_err store__bulk_member(struct store *st, struct member *m);
/* False when member_id has no open placement in the batches. */
bool store__bulk_transfer(struct store *st, int64_t member_id, int64_t org_id, date_t day);

#endif
