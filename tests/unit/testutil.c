/* testutil.c — helpers shared by the unit tests. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/buf.h"

char *tu_path(const char *name)
{
	const char *dir = getenv("PTDV_TEST_TMP");
	struct buf b = BUF_INIT;
	buf_addf(&b, "%s/%s", dir && *dir ? dir : "/tmp", name);
	size_t n = b.len;
	unlink(b.s);
	buf_adds(&b, "-wal");
	unlink(b.s);
	buf_setlen(&b, n);
	buf_adds(&b, "-shm");
	unlink(b.s);
	buf_setlen(&b, n);
	return buf_detach(&b);
}

void tu_write(const char *path, const char *text)
{
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(text, 1, strlen(text), f), strlen(text));
	assert_int_equal(fclose(f), 0);
}

char *tu_read(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	struct buf b = BUF_INIT;
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_add(&b, chunk, n);
	fclose(f);
	if (len)
		*len = b.len;
	return buf_detach(&b);
}

struct app *tu_app(const char *name, date_t today)
{
	struct msgs errs;
	struct app *app = NULL;
	char *path = tu_path(name);
	msgs_init(&errs, 0);
	assert_int_equal(app_open(path, "test", &app, &errs), PTDV_OK);
	app->today = today;
	msgs_free(&errs);
	free(path);
	return app;
}

date_t tu_date(const char *iso)
{
	date_t d;
	assert_int_equal(date_parse(iso, strlen(iso), &d), PTDV_OK);
	return d;
}

enum ptdv_err tu_import(struct app *app, enum app_entity entity, const char *file, const char *text,
	struct msgs *errs)
{
	struct app_import_result res;
	char *path = tu_path(file);
	tu_write(path, text);
	enum ptdv_err err = app_import(app, entity, path, false, &res, errs);
	free(path);
	return err;
}
