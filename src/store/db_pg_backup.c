/*
 * db_pg_backup.c — backups of a PostgreSQL database with PostgreSQL's own tools: pg_dump in
 * its custom format (a consistent snapshot taken while the servers keep serving) and
 * pg_restore into a new or empty database. The tools are PostgreSQL 15's, from Debian.
 */
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "store/db_impl.h"
#include "util/buf.h"

extern char **environ;

static const char *tool(const char *name, char *path, size_t size)
{
	snprintf(path, size, "/usr/lib/postgresql/15/bin/%s", name);
	if (access(path, X_OK) == 0)
		return path;
	snprintf(path, size, "%s", name); /* from PATH */
	return path;
}

/* Runs argv, waiting for it; returns its exit status or -1 when it could not start. */
static int run(char *const argv[])
{
	pid_t pid;
	if (posix_spawnp(&pid, argv[0], NULL, NULL, argv, environ) != 0)
		return -1;
	int status;
	if (waitpid(pid, &status, 0) < 0)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static void say(char **errmsg, const char *fmt, const char *a, int rc)
{
	if (!errmsg)
		return;
	struct buf m = BUF_INIT;
	buf_addf(&m, fmt, a, rc);
	*errmsg = buf_detach(&m);
}

enum ptdv_err db__pg_backup(const char *url, const char *path, char **errmsg)
{
	char bin[256];
	if (access(path, F_OK) == 0) {
		say(errmsg, "tệp '%s' đã có; hãy chọn tên tệp khác%.0d", path, 0);
		return PTDV_CONFLICT;
	}
	char *argv[] = {(char *)tool("pg_dump", bin, sizeof(bin)), "--format=custom", "--no-owner",
		"--file", (char *)path, "--dbname", (char *)url, NULL};
	int rc = run(argv);
	if (rc != 0) {
		unlink(path);
		say(errmsg, "pg_dump không sao lưu được vào '%s' (mã lỗi %d)", path, rc);
		return PTDV_IO;
	}
	return PTDV_OK;
}

enum ptdv_err db__pg_restore(const char *url, const char *file, char **errmsg)
{
	char bin[256];
	char *argv[] = {(char *)tool("pg_restore", bin, sizeof(bin)), "--no-owner",
		"--exit-on-error", "--single-transaction", "--dbname", (char *)url, (char *)file,
		NULL};
	int rc = run(argv);
	if (rc != 0) {
		say(errmsg,
			"pg_restore không khôi phục được '%s' (mã lỗi %d); cơ sở dữ liệu đích "
			"phải trống",
			file, rc);
		return PTDV_IO;
	}
	return PTDV_OK;
}
