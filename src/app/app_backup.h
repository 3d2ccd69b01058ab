/* app_backup.h — backing up and restoring the whole database (operator use cases). */
#ifndef PTDV_APP_APP_BACKUP_H
#define PTDV_APP_APP_BACKUP_H

#include "app/app.h"

/*
 * Writes a consistent backup of the database to the new file path while it keeps serving
 * (admins of the whole database only); audited.
 */
enum ptdv_err app_backup(struct app *app, const char *path, struct msgs *errs) PTDV_MUST_USE;
/*
 * Restores the backup file into the new or empty database at url, then opens it (applying
 * newer migrations) to check it, and audits the restore in it as actor.
 */
enum ptdv_err app_restore(
	const char *url, const char *file, const char *actor, struct msgs *errs) PTDV_MUST_USE;

#endif
