/* db_impl.h — what db.c shares with the engine files (store/ internal). */
#ifndef PTDV_STORE_DB_IMPL_H
#define PTDV_STORE_DB_IMPL_H

#include "store/db.h"
#include "util/module.h"

struct db_cache_slot {
	const char *sql;
	struct db_stmt *st;
};

struct db {
	const struct db_ops *ops;
	enum db_engine engine;
	void *h; /* engine handle */
	bool in_tx;
	struct db_cache_slot *slots; /* open addressing on the SQL text's address */
	size_t nslots, used;
	/* SQLite: the message of the last failure, kept when it happened, since the engine's
	 * own is replaced by the next call (the ROLLBACK after a failed statement left
	 * "not an error" for db_errmsg). */
	char failure[512];
	volatile int *cancel; /* db_set_cancel */
};

struct db_stmt {
	struct db *db;
	const char *sql;
	void *h; /* engine statement */
};

/*
 * A flag db_prepare adds for the engine: the statement belongs to its caller, not to the
 * cache, and is released on the server at db_finalize (cached ones live as long as the
 * connection).
 */
#define DB__PREPARE_OWNED 0x100u

/* Engine entry points: each fills db->ops, db->h and db->engine. */
enum ptdv_err db__sqlite_open(struct db *db, const char *path, char **errmsg);
/* In the module ptdv-pg.so (util/module.h): db.c calls it through the module's table. */
enum ptdv_err db__pg_open(struct db *db, const char *url, char **errmsg);

/* The table the module ptdv-pg.so exports as ptdv_module_pg (db_pg.c). */
struct db__pg_module {
	struct module_head head;
	enum ptdv_err (*open)(struct db *db, const char *url, char **errmsg);
};

/* Backups (db_sqlite_backup.c, db_pg_backup.c); messages in Vietnamese. */
enum ptdv_err db__sqlite_backup(struct db *db, const char *path, char **errmsg);
enum ptdv_err db__sqlite_restore(const char *target, const char *file, char **errmsg);
enum ptdv_err db__pg_backup(const char *url, const char *path, char **errmsg);
enum ptdv_err db__pg_restore(const char *url, const char *file, char **errmsg);

#endif
