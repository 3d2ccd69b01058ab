/*
 * db_sqlite_backup.c — backups of a SQLite database with SQLite's online backup API: a
 * consistent copy taken while the server keeps serving (readers and writers go on; pages a
 * writer changes during the copy are copied again), checked with integrity_check before it
 * is kept. Restoring copies a backup into a new or empty database the same way.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/db_impl.h"
#include "util/buf.h"
#include "util/xalloc.h"

static void say(char **errmsg, const char *fmt, const char *a, const char *b)
{
	if (!errmsg)
		return;
	struct buf m = BUF_INIT;
	buf_addf(&m, fmt, a, b ? b : "");
	*errmsg = buf_detach(&m);
}

/* Copies all of src into dst (both open); returns the SQLite result code. */
static int copy(sqlite3 *src, sqlite3 *dst)
{
	sqlite3_backup *b = sqlite3_backup_init(dst, "main", src, "main");
	if (!b)
		return sqlite3_errcode(dst);
	int rc;
	/* Small steps let writers in between; a writer's changes restart the pages it touched. */
	do {
		rc = sqlite3_backup_step(b, 256);
		if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
			sqlite3_sleep(10);
	} while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
	sqlite3_backup_finish(b);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

static bool integrity_ok(sqlite3 *h)
{
	sqlite3_stmt *q = NULL;
	bool ok = sqlite3_prepare_v2(h, "PRAGMA integrity_check", -1, &q, NULL) == SQLITE_OK &&
		  sqlite3_step(q) == SQLITE_ROW &&
		  strcmp((const char *)sqlite3_column_text(q, 0), "ok") == 0;
	sqlite3_finalize(q);
	return ok;
}

enum ptdv_err db__sqlite_backup(struct db *db, const char *path, char **errmsg)
{
	sqlite3 *dst = NULL;
	enum ptdv_err err = PTDV_IO;
	if (access(path, F_OK) == 0) {
		say(errmsg, "tệp '%s' đã có; hãy chọn tên tệp khác%s", path, NULL);
		return PTDV_CONFLICT;
	}
	if (sqlite3_open_v2(path, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) !=
		SQLITE_OK) {
		say(errmsg, "không tạo được tệp '%s': %s", path, dst ? sqlite3_errmsg(dst) : "");
		goto out;
	}
	int rc = copy(db->h, dst);
	if (rc != SQLITE_OK) {
		say(errmsg, "sao lưu vào '%s' thất bại: %s", path, sqlite3_errstr(rc));
		goto out;
	}
	/* The copy is a plain database file: no WAL beside it. */
	if (sqlite3_exec(dst, "PRAGMA journal_mode=DELETE", NULL, NULL, NULL) != SQLITE_OK ||
		!integrity_ok(dst)) {
		say(errmsg, "bản sao lưu '%s' không toàn vẹn%s", path, NULL);
		goto out;
	}
	err = PTDV_OK;
out:
	sqlite3_close(dst);
	if (err)
		unlink(path);
	return err;
}

enum ptdv_err db__sqlite_restore(const char *target, const char *file, char **errmsg)
{
	sqlite3 *src = NULL, *dst = NULL;
	enum ptdv_err err = PTDV_IO;
	sqlite3_stmt *q = NULL;
	if (sqlite3_open_v2(file, &src, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
		say(errmsg, "không mở được tệp sao lưu '%s': %s", file,
			src ? sqlite3_errmsg(src) : "");
		goto out;
	}
	if (!integrity_ok(src) ||
		sqlite3_prepare_v2(src, "SELECT max(version) FROM schema_migration", -1, &q,
			NULL) != SQLITE_OK ||
		sqlite3_step(q) != SQLITE_ROW) {
		say(errmsg, "'%s' không phải bản sao lưu cơ sở dữ liệu ptdv (hoặc đã hỏng)%s", file,
			NULL);
		err = PTDV_INVALID;
		goto out;
	}
	sqlite3_finalize(q);
	q = NULL;
	if (sqlite3_open_v2(target, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) !=
		SQLITE_OK) {
		say(errmsg, "không mở được '%s': %s", target, dst ? sqlite3_errmsg(dst) : "");
		goto out;
	}
	/* Never over data: the target must be new or empty. */
	if (sqlite3_prepare_v2(dst, "SELECT count(*) FROM sqlite_master WHERE type = 'table'", -1,
		    &q, NULL) != SQLITE_OK ||
		sqlite3_step(q) != SQLITE_ROW || sqlite3_column_int(q, 0) != 0) {
		say(errmsg,
			"cơ sở dữ liệu '%s' đã có dữ liệu; chỉ khôi phục vào một cơ sở dữ liệu mới hoặc "
			"trống%s",
			target, NULL);
		err = PTDV_CONFLICT;
		goto out;
	}
	sqlite3_finalize(q);
	q = NULL;
	int rc = copy(src, dst);
	if (rc != SQLITE_OK) {
		say(errmsg, "khôi phục vào '%s' thất bại: %s", target, sqlite3_errstr(rc));
		goto out;
	}
	if (sqlite3_exec(dst, "PRAGMA journal_mode=WAL", NULL, NULL, NULL) != SQLITE_OK) {
		say(errmsg, "khôi phục vào '%s' thất bại: %s", target, sqlite3_errmsg(dst));
		goto out;
	}
	err = PTDV_OK;
out:
	sqlite3_finalize(q);
	sqlite3_close(src);
	sqlite3_close(dst);
	return err;
}
