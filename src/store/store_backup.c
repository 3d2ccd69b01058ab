/* store_backup.c — backups through the engine driver. */
#include "store/store_backup.h"

#include "store/store_impl.h"

enum ptdv_err store_backup(struct store *st, const char *path, char **errmsg)
{
	return db_backup(st->db, st->url, path, errmsg);
}

enum ptdv_err store_restore(const char *url, const char *file, char **errmsg)
{
	return db_restore(url, file, errmsg);
}
