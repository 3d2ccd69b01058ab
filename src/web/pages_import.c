/*
 * pages_import.c — importing a CSV or Excel file from the browser, as background jobs:
 *
 *   GET  /import                     the form: what the file holds, the file, sheet, header row
 *   POST /import                     saves the upload and starts a dry run (nothing written)
 *   GET  /import/job/:id             the job: a progress bar while it runs (the page refreshes
 *                                    itself, no JavaScript needed), then its result: counts,
 *                                    every rejected row with its reason, changes, warnings
 *   POST /import/job/:id/confirm     a clean dry run's file, imported for real (a new job)
 *   POST /import/job/:id/cancel      stops a running job: it rolls back, nothing is written
 *   GET  /import/template/:entity    the Excel template of an entity
 *
 * A job runs app_import_opts on a connection of its own acting as the user who started it
 * (app_open_like), so the app layer checks role and scope as for any request. Jobs live in
 * this process (a fixed table); a job is shown only to the account that started it. The
 * uploaded file waits in the temporary directory until it is imported or its job is
 * replaced, and is removed then.
 */
#include <errno.h>
#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sodium.h>
#include <time.h>
#include <unistd.h>

#include "app/app.h"
#include "util/xalloc.h"
#include "web/http.h"

#define MAX_JOBS 32
#define SHOWN_MSGS 500 /* problems listed on the page; the rest are counted */

struct job {
	bool used;
	char id[33];
	int64_t user_id;
	enum app_entity entity;
	bool dry_run;
	char *path;     /* the uploaded file in the temporary directory */
	char *filename; /* as the user named it */
	char *sheet;
	long header_row;
	struct app *app; /* the job's own connection, until it ends */
	volatile int cancel;
	pthread_t thread;
	bool running, finished, confirmed;
	double started;
	/* progress, under jobs_lock */
	int64_t done, total, rows;
	/* result, set when finished */
	enum ptdv_err err;
	struct app_import_result res;
	struct msgs errs, changes, warnings;
};

static struct job jobs[MAX_JOBS];
static pthread_mutex_t jobs_lock = PTHREAD_MUTEX_INITIALIZER;

static const char *const entity_words[APP_ENTITY__MAX] = {
	[APP_ORGS] = "Tổ chức đảng",
	[APP_MEMBERS] = "Đảng viên",
	[APP_CANDIDATES] = "Người vào Đảng (hồ sơ phát triển)",
	[APP_TARGETS] = "Chỉ tiêu kết nạp",
};
static const char *const entity_codes[APP_ENTITY__MAX] = {
	[APP_ORGS] = "orgs",
	[APP_MEMBERS] = "members",
	[APP_CANDIDATES] = "candidates",
	[APP_TARGETS] = "targets",
};

/* Frees what a finished job holds and its file (when not handed to a confirmation). */
static void job_clear(struct job *j)
{
	if (j->path && !j->confirmed)
		unlink(j->path);
	free(j->path);
	free(j->filename);
	free(j->sheet);
	msgs_free(&j->errs);
	msgs_free(&j->changes);
	msgs_free(&j->warnings);
	memset(j, 0, sizeof(*j));
}

/* The job id of this user, or NULL; under jobs_lock. */
static struct job *job_find(const char *id, int64_t user_id)
{
	for (int i = 0; i < MAX_JOBS; i++)
		if (jobs[i].used && strcmp(jobs[i].id, id) == 0 && jobs[i].user_id == user_id)
			return &jobs[i];
	return NULL;
}

/* A free slot, else the oldest finished job's; NULL when every job runs. Under jobs_lock. */
static struct job *job_slot(void)
{
	struct job *best = NULL;
	for (int i = 0; i < MAX_JOBS; i++) {
		if (!jobs[i].used)
			return &jobs[i];
		if (jobs[i].finished && (!best || jobs[i].started < best->started))
			best = &jobs[i];
	}
	if (best) {
		pthread_join(best->thread, NULL);
		job_clear(best);
	}
	return best;
}

static void job_progress(void *arg, int64_t done, int64_t total, int64_t rows)
{
	struct job *j = arg;
	pthread_mutex_lock(&jobs_lock);
	j->done = done;
	j->total = total;
	j->rows = rows;
	pthread_mutex_unlock(&jobs_lock);
}

static void *job_run(void *arg)
{
	struct job *j = arg;
	struct msgs errs, changes, warnings;
	struct app_import_result res;
	msgs_init(&errs, 0);
	msgs_init(&changes, SHOWN_MSGS);
	msgs_init(&warnings, SHOWN_MSGS);
	struct app_import_options opt = {
		.sheet = j->sheet,
		.header_row = j->header_row,
		.dry_run = j->dry_run,
		.changes = &changes,
		.warnings = &warnings,
		.on_progress = job_progress,
		.progress_arg = j,
	};
	enum ptdv_err err = app_import_opts(j->app, j->entity, j->path, &opt, false, &res, &errs);
	msgs_sort(&errs);
	app_close(j->app);
	pthread_mutex_lock(&jobs_lock);
	if (!j->dry_run || err) /* imported, or nothing to confirm: the file is done with */
		unlink(j->path);
	j->app = NULL;
	j->err = err;
	j->res = res;
	j->errs = errs;
	j->changes = changes;
	j->warnings = warnings;
	j->running = false;
	j->finished = true;
	pthread_mutex_unlock(&jobs_lock);
	return NULL;
}

/*
 * Starts a job on the file at path (taken over) for the request's user; fills id. On
 * failure answers the request and returns false (the file is removed).
 */
static bool job_start(struct web_req *r, enum app_entity entity, bool dry_run, char *path,
	const char *filename, const char *sheet, long header_row, char id[33])
{
	struct msgs errs;
	msgs_init(&errs, 0);
	struct app *app = NULL;
	if (app_open_like(web_db_url(), r->app, &app, &errs) != PTDV_OK) {
		web_fail(r, PTDV_DB, &errs);
		msgs_free(&errs);
		unlink(path);
		free(path);
		return false;
	}
	msgs_free(&errs);
	pthread_mutex_lock(&jobs_lock);
	struct job *j = job_slot();
	if (!j) {
		pthread_mutex_unlock(&jobs_lock);
		app_close(app);
		unlink(path);
		free(path);
		web_error(r, 503, "Máy chủ đang nhập nhiều tệp cùng lúc; hãy thử lại sau ít phút.");
		return false;
	}
	unsigned char rnd[16];
	randombytes_buf(rnd, sizeof(rnd));
	sodium_bin2hex(j->id, sizeof(j->id), rnd, sizeof(rnd));
	j->used = j->running = true;
	j->user_id = r->sess.user.id;
	j->entity = entity;
	j->dry_run = dry_run;
	j->path = path;
	j->filename = xstrdup(filename);
	j->sheet = sheet && *sheet ? xstrdup(sheet) : NULL;
	j->header_row = header_row;
	j->app = app;
	app->cancel = &j->cancel;
	j->started = (double)time(NULL);
	memcpy(id, j->id, 33);
	if (pthread_create(&j->thread, NULL, job_run, j) != 0) {
		app_close(app);
		job_clear(j);
		pthread_mutex_unlock(&jobs_lock);
		web_error(r, 503, "Không bắt đầu được việc nhập tệp; hãy thử lại.");
		return false;
	}
	pthread_mutex_unlock(&jobs_lock);
	return true;
}

void web_jobs_stop(void)
{
	pthread_mutex_lock(&jobs_lock);
	for (int i = 0; i < MAX_JOBS; i++)
		if (jobs[i].used)
			jobs[i].cancel = 1;
	pthread_mutex_unlock(&jobs_lock);
	for (int i = 0; i < MAX_JOBS; i++)
		if (jobs[i].used) {
			pthread_join(jobs[i].thread, NULL);
			job_clear(&jobs[i]);
		}
}

/* --- pages --- */

/* Importing is for administrators and committee staff: others get 403 on every route. */
static bool may_import(struct web_req *r)
{
	if (app_can_import(r->app))
		return true;
	web_error(r, 403, "Chỉ quản trị viên và cán bộ Ban Tổ chức được nhập danh sách từ tệp.");
	return false;
}

static json_t *entity_options(enum app_entity selected)
{
	json_t *a = json_array();
	for (int e = 0; e < APP_ENTITY__MAX; e++)
		json_array_append_new(
			a, json_pack("{s:s, s:s, s:b}", "code", entity_codes[e], "word",
				   entity_words[e], "selected", e == (int)selected));
	return a;
}

static void import_form(struct web_req *r, const struct msgs *errs)
{
	json_t *ctx = json_pack("{s:o}", "entities", entity_options(APP_MEMBERS));
	if (errs)
		json_object_set_new(ctx, "errors", web_msgs_json(errs));
	web_page(r, "import", "Nhập danh sách từ tệp", ctx);
}

void web_get_import(struct web_req *r)
{
	if (!may_import(r))
		return;
	import_form(r, NULL);
}

/* The extension of an upload's name, lower case: ".xlsx" or ".csv"; NULL for anything else. */
static const char *upload_ext(const char *name)
{
	const char *dot = name ? strrchr(name, '.') : NULL;
	if (!dot)
		return NULL;
	if (strcasecmp(dot, ".xlsx") == 0)
		return ".xlsx";
	if (strcasecmp(dot, ".csv") == 0)
		return ".csv";
	return NULL;
}

void web_post_import(struct web_req *r)
{
	if (!may_import(r))
		return;
	struct msgs errs;
	msgs_init(&errs, 0);
	enum app_entity entity = APP_MEMBERS;
	const char *what = web_form(r, "entity"), *hr = web_form(r, "header_row");
	const char *ext = upload_ext(r->upload_name);
	long header_row = 0;
	if (!what || app_entity_parse(what, &entity) != PTDV_OK)
		msgs_add(&errs, 0, "entity", "hãy chọn loại danh sách trong tệp");
	if (!r->upload_name || !*r->upload_name)
		msgs_add(&errs, 0, "file", "hãy chọn tệp cần nhập");
	else if (!ext)
		msgs_add(&errs, 0, "file",
			"tệp '%s' không phải .xlsx hoặc .csv; hãy lưu bảng tính dạng Excel (.xlsx) "
			"hoặc CSV UTF-8",
			r->upload_name);
	else if (r->upload.len == 0)
		msgs_add(&errs, 0, "file", "tệp '%s' rỗng", r->upload_name);
	if (hr && *hr) {
		char *end;
		header_row = strtol(hr, &end, 10);
		if (*end || header_row < 1 || header_row > 1000)
			msgs_add(&errs, 0, "header_row",
				"dòng tiêu đề '%s' không hợp lệ (cần số từ 1 đến 1000)", hr);
	}
	if (errs.n) { /* the form again with its problems, as every form does */
		import_form(r, &errs);
		msgs_free(&errs);
		return;
	}
	msgs_free(&errs);
	/* The upload goes to a file of its own: the importer streams from files. */
	unsigned char rnd[16];
	char hex[33];
	randombytes_buf(rnd, sizeof(rnd));
	sodium_bin2hex(hex, sizeof(hex), rnd, sizeof(rnd));
	struct buf path = BUF_INIT;
	buf_addf(&path, "%s/ptdv-upload-%s%s", web_tmpdir(), hex, ext);
	FILE *f = fopen(path.s, "wbx");
	bool ok = f && fwrite(r->upload.s, 1, r->upload.len, f) == r->upload.len;
	if (f && fclose(f) != 0)
		ok = false;
	if (!ok) {
		fprintf(stderr, "ptdv serve: %s: %s\n", path.s, strerror(errno));
		unlink(path.s);
		buf_free(&path);
		web_error(r, 500, "Không lưu được tệp tải lên; hãy thử lại.");
		return;
	}
	char id[33];
	if (job_start(r, entity, true, buf_detach(&path), r->upload_name, web_form(r, "sheet"),
		    header_row, id)) {
		char loc[64];
		snprintf(loc, sizeof(loc), "/import/job/%s", id);
		web_redirect(r, loc);
	}
}

static json_t *msgs_rows(const struct msgs *m)
{
	json_t *a = json_array();
	for (size_t i = 0; i < m->n; i++)
		json_array_append_new(
			a, json_pack("{s:o, s:s?, s:s}", "line",
				   m->v[i].line ? json_integer(m->v[i].line) : json_null(), "field",
				   m->v[i].field, "text", m->v[i].text));
	return a;
}

void web_get_import_job(struct web_req *r)
{
	if (!may_import(r))
		return;
	pthread_mutex_lock(&jobs_lock);
	struct job *j = job_find(r->params[0], r->sess.user.id);
	if (!j) {
		pthread_mutex_unlock(&jobs_lock);
		web_error(r, 404, "Không tìm thấy việc nhập tệp này (có thể đã quá cũ).");
		return;
	}
	int pct = j->total > 0 ? (int)(100 * j->done / j->total) : 0;
	json_t *ctx = json_pack("{s:s, s:s, s:s, s:b, s:b, s:b, s:i, s:I}", "id", j->id, "file",
		j->filename, "entity", entity_words[j->entity], "dry_run", j->dry_run, "running",
		j->running, "cancelled", j->finished && j->err == PTDV_CANCELLED, "pct", pct,
		"rows", (json_int_t)j->rows);
	if (j->finished && j->err != PTDV_CANCELLED) {
		const struct app_import_result *res = &j->res;
		json_t *result = json_pack(
			"{s:I, s:I, s:I, s:I, s:I, s:I, s:b, s:b, s:o, s:o, s:o, s:I, s:s}", "rows",
			(json_int_t)res->rows, "added", (json_int_t)res->added, "changed",
			(json_int_t)res->changed, "unchanged", (json_int_t)res->unchanged,
			"rejected", (json_int_t)res->rejected, "warnings",
			(json_int_t)res->warnings, "ok", j->err == PTDV_OK, "written", res->written,
			"errors", msgs_rows(&j->errs), "changes", msgs_rows(&j->changes),
			"warning_list", msgs_rows(&j->warnings), "more_errors",
			(json_int_t)j->errs.dropped, "ignored", res->ignored);
		json_object_set_new(result, "has_errors", json_boolean(j->errs.n > 0));
		json_object_set_new(result, "has_changes", json_boolean(j->changes.n > 0));
		json_object_set_new(result, "has_warnings", json_boolean(j->warnings.n > 0));
		json_object_set_new(ctx, "result", result);
		json_object_set_new(ctx, "can_confirm",
			json_boolean(j->dry_run && j->err == PTDV_OK && !j->confirmed));
	}
	pthread_mutex_unlock(&jobs_lock);
	if (json_is_true(json_object_get(ctx, "running")))
		web_header(r, "Refresh", "1"); /* the page follows the job by itself */
	web_page(r, "import_job", "Nhập danh sách từ tệp", ctx);
}

void web_post_import_cancel(struct web_req *r)
{
	if (!may_import(r))
		return;
	pthread_mutex_lock(&jobs_lock);
	struct job *j = job_find(r->params[0], r->sess.user.id);
	if (j && j->running)
		j->cancel = 1;
	pthread_mutex_unlock(&jobs_lock);
	if (!j) {
		web_error(r, 404, "Không tìm thấy việc nhập tệp này (có thể đã quá cũ).");
		return;
	}
	char loc[64];
	snprintf(loc, sizeof(loc), "/import/job/%s", r->params[0]);
	web_redirect(r, loc);
}

void web_post_import_confirm(struct web_req *r)
{
	if (!may_import(r))
		return;
	pthread_mutex_lock(&jobs_lock);
	struct job *j = job_find(r->params[0], r->sess.user.id);
	bool ok = j && j->finished && j->dry_run && j->err == PTDV_OK && !j->confirmed;
	char *path = NULL, *filename = NULL, *sheet = NULL;
	enum app_entity entity = APP_MEMBERS;
	long header_row = 0;
	if (ok) {
		/* The file passes to the real import; the dry run's job no longer owns it. */
		j->confirmed = true;
		path = xstrdup(j->path);
		filename = xstrdup(j->filename);
		sheet = j->sheet ? xstrdup(j->sheet) : NULL;
		entity = j->entity;
		header_row = j->header_row;
	}
	pthread_mutex_unlock(&jobs_lock);
	if (!j) {
		web_error(r, 404, "Không tìm thấy việc nhập tệp này (có thể đã quá cũ).");
		return;
	}
	if (!ok) {
		web_error(r, 409, "Tệp này đã được nhập, hoặc chưa kiểm tra xong, hoặc còn lỗi.");
		return;
	}
	char id[33];
	if (job_start(r, entity, false, path, filename, sheet, header_row, id)) {
		char loc[64];
		snprintf(loc, sizeof(loc), "/import/job/%s", id);
		web_redirect(r, loc);
	}
	free(filename);
	free(sheet);
}

void web_get_import_template(struct web_req *r)
{
	if (!may_import(r))
		return;
	struct msgs errs;
	msgs_init(&errs, 0);
	enum app_entity e;
	if (app_entity_parse(r->params[0], &e) != PTDV_OK) {
		web_error(r, 404, "Không có mẫu tệp này.");
		msgs_free(&errs);
		return;
	}
	unsigned char rnd[8];
	char hex[17];
	randombytes_buf(rnd, sizeof(rnd));
	sodium_bin2hex(hex, sizeof(hex), rnd, sizeof(rnd));
	struct buf path = BUF_INIT, body = BUF_INIT;
	buf_addf(&path, "%s/ptdv-template-%s.xlsx", web_tmpdir(), hex);
	enum ptdv_err err = app_template(e, path.s, r->app->today, &errs);
	FILE *f = err ? NULL : fopen(path.s, "rb");
	if (f) {
		char chunk[65536];
		size_t n;
		while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
			buf_add(&body, chunk, n);
		fclose(f);
	}
	unlink(path.s);
	if (!f) {
		web_fail(r, err ? err : PTDV_IO, &errs);
	} else {
		char disp[96];
		snprintf(disp, sizeof(disp), "attachment; filename=\"mau-%s.xlsx\"", r->params[0]);
		r->status = 200;
		r->content_type =
			"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
		web_header(r, "Content-Disposition", disp);
		buf_add(&r->out, body.s, body.len);
	}
	buf_free(&body);
	buf_free(&path);
	msgs_free(&errs);
}
