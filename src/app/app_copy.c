/*
 * app_copy.c — copying a database to another, on either engine (ptdv copy).
 *
 * A city moving onto the province's PostgreSQL copies SQLite → PostgreSQL; an offline copy
 * of one subtree goes PostgreSQL → SQLite with --org. The copy reads one snapshot of the
 * source and writes the destination in one transaction, so it is all or nothing: any error
 * or Ctrl-C leaves the destination as it was. Tables, columns and rows are read and written
 * generically (store/store_copy.h) with their ids, in an order where every row comes after
 * what it references; the destination's id sequences then follow the copied ids. Both
 * sides are audited: copy.in in the destination, copy.out in the source.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "app/app.h"
#include "app/app_impl.h"
#include "store/store.h"
#include "store/store_copy.h"
#include "util/progress.h"
#include "util/xalloc.h"

struct copy_run {
	const struct app__copy_hooks *hooks;
	const char *table;
	const struct store_names *cols;
	struct store_value *vals; /* the row as the hook rewrites it */
	struct store_table_writer *w;
	volatile int *cancel;
	struct progress pr;
	int64_t rows, table_rows;
	bool write_failed; /* the error came from the destination */
};

static enum ptdv_err copy_row(void *arg, const struct store_value *v, size_t n)
{
	struct copy_run *r = arg;
	(void)n;
	if (r->cancel && *r->cancel)
		return PTDV_CANCELLED;
	if (r->hooks) {
		bool keep = true;
		memcpy(r->vals, v, n * sizeof(*v));
		enum ptdv_err herr =
			r->hooks->row(r->hooks->arg, r->table, r->cols, r->vals, &keep);
		if (herr)
			return herr;
		if (!keep)
			return PTDV_OK;
		v = r->vals;
	}
	enum ptdv_err err = store_table_writer_add(r->w, v);
	if (err) {
		r->write_failed = true;
		return err;
	}
	r->rows++;
	r->table_rows++;
	if ((r->rows & 1023) == 0)
		progress_update(&r->pr, r->rows, r->rows);
	return PTDV_OK;
}

/* Adds "lỗi cơ sở dữ liệu nguồn|đích '<url>': <engine message>". */
static void side_error(struct app *app, const char *side, const char *shown, struct msgs *errs)
{
	msgs_add(
		errs, 0, NULL, "lỗi cơ sở dữ liệu %s '%s': %s", side, shown, store_errmsg(app->st));
}

static bool same_names(const struct store_names *a, const struct store_names *b)
{
	if (a->n != b->n)
		return false;
	for (size_t i = 0; i < a->n; i++)
		if (strcmp(a->v[i], b->v[i]) != 0)
			return false;
	return true;
}

/*
 * Checks that every table can be copied: present in the destination with the same columns
 * and, for a subtree, known to the subtree rules.
 */
static enum ptdv_err check_tables(struct app *from, struct app *to, const struct store_names *t,
	bool subtree, const char *from_shown, const char *to_shown, struct msgs *errs)
{
	enum ptdv_err err = PTDV_OK;
	for (size_t i = 0; i < t->n && err != PTDV_DB; i++) {
		struct store_names a = {0}, b = {0};
		if (subtree && !store_table_has_subtree_rule(t->v[i])) {
			msgs_add(errs, 0, "--org",
				"chưa có quy tắc chọn các dòng của bảng '%s' thuộc một tổ chức; hãy "
				"chép cả cơ sở dữ liệu (bỏ --org)",
				t->v[i]);
			err = PTDV_INVALID;
		}
		if (store_table_columns(from->st, t->v[i], &a) != PTDV_OK) {
			side_error(from, "nguồn", from_shown, errs);
			err = PTDV_DB;
		} else if (store_table_columns(to->st, t->v[i], &b) != PTDV_OK) {
			side_error(to, "đích", to_shown, errs);
			err = PTDV_DB;
		} else if (!same_names(&a, &b)) {
			msgs_add(errs, 0, "--to",
				"bảng '%s' ở đích '%s' không có đúng các cột như ở nguồn", t->v[i],
				to_shown);
			err = PTDV_INVALID;
		}
		store_names_free(&a);
		store_names_free(&b);
	}
	return err;
}

enum ptdv_err app_copy(const char *from_url, const char *to_url, const char *org_code,
	const char *actor, volatile int *cancel, bool progress, struct app_copy_result *res,
	struct msgs *errs)
{
	return app__copy(from_url, to_url, org_code, actor, cancel, progress, NULL, res, errs);
}

enum ptdv_err app__copy(const char *from_url, const char *to_url, const char *org_code,
	const char *actor, volatile int *cancel, bool progress, const struct app__copy_hooks *hooks,
	struct app_copy_result *res, struct msgs *errs)
{
	struct app *from = NULL, *to = NULL;
	struct store_names tables = {0};
	struct copy_run run = {.cancel = cancel, .hooks = hooks};
	const char *ev_in = hooks ? hooks->audit_in : "copy.in";
	const char *ev_out = hooks ? hooks->audit_out : "copy.out";
	json_t *counts = json_object();
	char *from_shown = store_url_redact(from_url), *to_shown = store_url_redact(to_url);
	bool reading = false, writing = false;
	double t0 = progress_now();
	int vf = 0, vt = 0;
	int64_t events = 0;
	enum ptdv_err err;
	memset(res, 0, sizeof(*res));

	if (strcmp(from_url, to_url) == 0) {
		msgs_add(errs, 0, "--to", "nguồn và đích là cùng một cơ sở dữ liệu '%s'", to_shown);
		err = PTDV_INVALID;
		goto out;
	}
	err = app_open(from_url, actor, &from, errs);
	if (!err)
		err = app_open(to_url, actor, &to, errs);
	if (err)
		goto out;
	from->cancel = cancel;
	err = store_schema_version(from->st, &vf);
	if (err) {
		side_error(from, "nguồn", from_shown, errs);
		goto out;
	}
	err = store_schema_version(to->st, &vt);
	if (err) {
		side_error(to, "đích", to_shown, errs);
		goto out;
	}
	if (vf != vt) {
		msgs_add(errs, 0, NULL,
			"nguồn ở lược đồ phiên bản %d, đích ở phiên bản %d; hãy dùng bản ptdv mới "
			"nhất cho cả hai",
			vf, vt);
		err = PTDV_INVALID;
		goto out;
	}
	if (org_code) {
		err = app_set_scope(from, org_code, errs);
		if (err)
			goto out;
	}

	/* The destination: one write transaction, and nothing ever written there by ptdv. */
	err = store_begin(to->st);
	if (err) {
		side_error(to, "đích", to_shown, errs);
		goto out;
	}
	writing = true;
	err = store_audit_count(to->st, &events);
	if (err) {
		side_error(to, "đích", to_shown, errs);
		goto out;
	}
	if (events > 0) {
		msgs_add(errs, 0, "--to",
			"cơ sở dữ liệu đích '%s' đã có dữ liệu (%lld sự kiện trong nhật ký); ptdv "
			"copy chỉ chép vào một cơ sở dữ liệu trống",
			to_shown, (long long)events);
		err = PTDV_CONFLICT;
		goto out;
	}
	/* The source: one snapshot. */
	err = store_begin_read(from->st);
	if (!err)
		err = store_tables(from->st, &tables);
	if (err) {
		side_error(from, "nguồn", from_shown, errs);
		goto out;
	}
	reading = true;
	err = check_tables(from, to, &tables, org_code != NULL, from_shown, to_shown, errs);
	if (!err && hooks && hooks->start)
		err = hooks->start(hooks->arg, from->st, errs);
	if (err)
		goto out;
	/*
	 * No one has written to the destination, so the rows it holds came with its
	 * migrations (the holiday calendar): the source's version replaces them, children first.
	 */
	for (size_t i = tables.n; i-- > 0 && !err;) {
		int64_t n = 0;
		err = store_table_count(to->st, tables.v[i], &n);
		if (!err && n > 0)
			err = store_table_clear(to->st, tables.v[i]);
		if (err)
			side_error(to, "đích", to_shown, errs);
	}
	if (!err) {
		progress_start(&run.pr, "Sao chép", 0);
		run.pr.on = run.pr.on && progress;
	}
	for (size_t i = 0; i < tables.n && !err; i++) {
		struct store_names cols = {0};
		err = store_table_columns(from->st, tables.v[i], &cols);
		if (!err)
			err = store_table_writer_new(to->st, tables.v[i], &cols, &run.w);
		if (err) {
			store_names_free(&cols);
			side_error(from, "nguồn", from_shown, errs);
			break;
		}
		run.table_rows = 0;
		run.write_failed = false;
		run.table = tables.v[i];
		run.cols = &cols;
		run.vals = xcalloc(cols.n ? cols.n : 1, sizeof(*run.vals));
		err = store_table_each(from->st, tables.v[i], &cols,
			org_code ? from->scope_path : NULL, copy_row, &run);
		if (!err) {
			err = store_table_writer_end(run.w);
			run.write_failed = err != PTDV_OK;
		} else {
			store_table_writer_free(run.w);
		}
		run.w = NULL;
		free(run.vals);
		run.vals = NULL;
		store_names_free(&cols);
		if (err == PTDV_CANCELLED)
			msgs_add(errs, 0, NULL, "đã hủy theo yêu cầu; đích không thay đổi");
		else if (err && run.write_failed)
			side_error(to, "đích", to_shown, errs);
		else if (err)
			side_error(from, "nguồn", from_shown, errs);
		if (!err) {
			json_object_set_new(counts, tables.v[i], json_integer(run.table_rows));
			res->tables++;
		}
	}
	/* A subtree's people may come without some of their memberships: their stays on
	 * their name words are the copy's, not the source's. */
	if (!err && org_code) {
		err = store_person_stays_rebuild(to->st);
		if (err)
			side_error(to, "đích", to_shown, errs);
	}
	if (!err && hooks && hooks->end) {
		err = hooks->end(hooks->arg, to->st);
		if (err)
			side_error(to, "đích", to_shown, errs);
	}
	if (err)
		goto out;
	res->rows = run.rows;

	json_t *in =
		json_pack("{s:s, s:s?, s:O}", "from", from_shown, "org", org_code, "rows", counts);
	err = app__audit(to, ev_in, "database", from_shown, NULL, in);
	json_decref(in);
	if (!err)
		err = store_commit(to->st);
	if (err) {
		side_error(to, "đích", to_shown, errs);
		goto out;
	}
	writing = false;
	store_rollback(from->st);
	reading = false;
	/* Copying out is an export: audited in the source too, in a transaction of its own. */
	json_t *out_ev = json_pack(
		"{s:s, s:s?, s:I}", "to", to_shown, "org", org_code, "rows", (json_int_t)res->rows);
	err = store_begin(from->st);
	if (!err)
		err = app__audit(from, ev_out, "database", to_shown, NULL, out_ev);
	if (!err)
		err = store_commit(from->st);
	json_decref(out_ev);
	if (err) {
		store_rollback(from->st);
		msgs_add(errs, 0, NULL,
			"đã chép xong sang '%s' nhưng không ghi được nhật ký ở nguồn '%s': %s",
			to_shown, from_shown, store_errmsg(from->st));
	}
out:
	if (reading)
		store_rollback(from->st);
	if (writing)
		store_rollback(to->st);
	progress_end(&run.pr);
	res->seconds = progress_now() - t0;
	store_names_free(&tables);
	json_decref(counts);
	app_close(from);
	app_close(to);
	free(from_shown);
	free(to_shown);
	return err;
}
