/* store_backup.h — backups and restores of a whole database (part of the store interface). */
#ifndef PTDV_STORE_STORE_BACKUP_H
#define PTDV_STORE_STORE_BACKUP_H

#include "util/err.h"

struct store;

/*
 * Writes a consistent backup of the store's database to the new file path (SQLite: a
 * database file; PostgreSQL: a pg_dump archive). On failure *errmsg (caller frees) says why
 * in Vietnamese.
 */
enum ptdv_err store_backup(struct store *st, const char *path, char **errmsg) PTDV_MUST_USE;
/* Restores file into the new or empty database at url; *errmsg as above. */
enum ptdv_err store_restore(const char *url, const char *file, char **errmsg) PTDV_MUST_USE;

#endif
