/* store_impl.h — what the store/ files share (store/ internal). */
#ifndef PTDV_STORE_STORE_IMPL_H
#define PTDV_STORE_STORE_IMPL_H

#include "store/db.h"
#include "store/store.h"
#include "util/buf.h"

struct store {
	struct db *db;
	struct buf scratch;  /* reused for keys and path bounds */
	char **bulk_indexes; /* CREATE INDEX statements to rerun at store_bulk_end */
	size_t nbulk;
	bool bulk;       /* between store_bulk_begin and _end: person_word is rebuilt at the end */
	uint64_t db_key; /* a hash of the URL: which database, for store_revision */
	char *url;       /* as opened (backups of PostgreSQL run pg_dump on it) */
};

/*
 * Returns the cached statement for sql or, when it does not compile, logs and returns
 * NULL; callers turn NULL into PTDV_DB.
 */
#define STMT(st, sql) db_stmt((st)->db, (sql))

/* Writes the exclusive upper bound of the subtree at path into hi (path with its last '/' → '0'). */
void store__path_hi(const char *path, char *hi, size_t size);

#endif
