/*
 * app_export.c — exporting interchange CSV files.
 *
 * Exports are in exactly the import format, so a file exported from one database imports
 * into another. Orgs come in tree order (parents first, siblings by code), members by org
 * code then Vietnamese name order: the order depends on the data, not on internal ids, so
 * export → import → export gives the same bytes. The file is written to a temporary name
 * and renamed into place, so a failed export never leaves half a file.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "app/app.h"
#include "app/app_impl.h"
#include "app/interchange.h"
#include "store/store.h"
#include "util/csv.h"
#include "util/progress.h"
#include "util/xalloc.h"

struct out {
	FILE *f;
	struct buf line;
	int64_t rows;
	struct progress pr;
};

static void field(struct out *o, int i, const char *s)
{
	if (i > 0)
		buf_addc(&o->line, ',');
	if (s)
		csv_write_field(&o->line, s, strlen(s));
}

static void date_field(struct out *o, int i, date_t d)
{
	char s[DATE_STRLEN];
	field(o, i, date_format(d, s));
}

static enum ptdv_err end_line(struct out *o)
{
	buf_adds(&o->line, "\r\n");
	size_t n = fwrite(o->line.s, 1, o->line.len, o->f);
	buf_reset(&o->line);
	return n == 0 ? PTDV_IO : PTDV_OK;
}

static enum ptdv_err header(struct out *o, const struct xcol *cols, int n)
{
	for (int i = 0; i < n; i++)
		field(o, i, cols[i].name);
	return end_line(o);
}

/* --- orgs: collected, then written depth-first with siblings by code --- */

struct org_item {
	struct org o;
	char *parent_code;
	size_t first_child, nchildren; /* into the children index */
};

struct org_list {
	struct org_item *v;
	size_t n, alloc;
};

static enum ptdv_err collect_org(void *arg, const struct org *o, const char *parent_code)
{
	struct org_list *l = arg;
	if (l->n == l->alloc) {
		l->alloc = l->alloc ? 2 * l->alloc : 256;
		l->v = xrealloc(l->v, l->alloc * sizeof(*l->v));
	}
	struct org_item *it = &l->v[l->n++];
	memset(it, 0, sizeof(*it));
	it->o = *o;
	it->o.code = xstrdup(o->code);
	it->o.name = xstrdup(o->name);
	it->o.path = xstrdup(o->path);
	it->parent_code = parent_code ? xstrdup(parent_code) : NULL;
	return PTDV_OK;
}

static int by_code(const void *a, const void *b)
{
	const struct org_item *x = *(const struct org_item *const *)a;
	const struct org_item *y = *(const struct org_item *const *)b;
	return strcmp(x->o.code, y->o.code);
}

static int by_id(const void *a, const void *b)
{
	const struct org_item *x = a, *y = b;
	return x->o.id < y->o.id ? -1 : x->o.id > y->o.id;
}

static struct org_item *find_id(struct org_list *l, int64_t id)
{
	struct org_item key = {.o.id = id};
	return bsearch(&key, l->v, l->n, sizeof(*l->v), by_id);
}

static enum ptdv_err write_org(struct out *o, const struct org_item *it)
{
	field(o, OC_CODE, it->o.code);
	field(o, OC_NAME, it->o.name);
	field(o, OC_KIND, core_org_kind_name(it->o.kind));
	field(o, OC_PARENT, it->parent_code);
	date_field(o, OC_FOUNDED, it->o.founded);
	date_field(o, OC_DISSOLVED, it->o.dissolved);
	o->rows++;
	return end_line(o);
}

static enum ptdv_err export_orgs(struct app *app, struct out *o)
{
	struct org_list l = {0};
	struct org_item **kids = NULL;
	enum ptdv_err err = header(o, interchange_org_cols, OC__MAX);
	if (!err)
		err = store_org_each(app->st, app->scope_path, collect_org, &l);
	if (err || l.n == 0)
		goto out;
	/* Children lists: sort by id for lookup, then group by parent, siblings by code. */
	qsort(l.v, l.n, sizeof(*l.v), by_id);
	kids = xcalloc(l.n, sizeof(*kids));
	/* Order kids by (parent id, code); roots of the export have parent outside the list. */
	size_t *count = xcalloc(l.n + 1, sizeof(*count));
	for (size_t i = 0; i < l.n; i++) {
		struct org_item *p = find_id(&l, l.v[i].o.parent_id);
		count[p ? (size_t)(p - l.v) + 1 : 0]++;
	}
	size_t *start = xcalloc(l.n + 1, sizeof(*start));
	for (size_t i = 1; i <= l.n; i++)
		start[i] = start[i - 1] + count[i - 1];
	for (size_t i = 0; i <= l.n; i++)
		count[i] = 0;
	for (size_t i = 0; i < l.n; i++) {
		struct org_item *p = find_id(&l, l.v[i].o.parent_id);
		size_t g = p ? (size_t)(p - l.v) + 1 : 0;
		kids[start[g] + count[g]++] = &l.v[i];
	}
	for (size_t g = 0; g <= l.n; g++)
		qsort(kids + start[g], count[g], sizeof(*kids), by_code);
	for (size_t i = 0; i < l.n; i++) {
		l.v[i].first_child = start[i + 1];
		l.v[i].nchildren = count[i + 1];
	}
	/* Depth-first walk with an explicit stack (no recursion depth limit). */
	struct org_item **stack = xcalloc(l.n, sizeof(*stack));
	size_t sp = 0;
	for (size_t i = count[0]; i > 0; i--)
		stack[sp++] = kids[start[0] + i - 1];
	while (sp > 0 && !err) {
		struct org_item *it = stack[--sp];
		err = write_org(o, it);
		for (size_t i = it->nchildren; i > 0; i--)
			stack[sp++] = kids[it->first_child + i - 1];
	}
	free(stack);
	free(count);
	free(start);
out:
	free(kids);
	for (size_t i = 0; i < l.n; i++) {
		core_org_clear(&l.v[i].o);
		free(l.v[i].parent_code);
	}
	free(l.v);
	return err;
}

/* --- members: streamed from the store --- */

static enum ptdv_err write_member(
	void *arg, const struct person *p, const struct member *m, const char *org_code)
{
	struct out *o = arg;
	field(o, MC_NAME, p->full_name);
	field(o, MC_GENDER, core_gender_name(p->gender));
	date_field(o, MC_BIRTH, p->birth_date);
	field(o, MC_CID, p->citizen_id);
	field(o, MC_ETHNICITY, p->ethnicity);
	field(o, MC_RELIGION, p->religion);
	field(o, MC_ORG, org_code);
	date_field(o, MC_DECISION, m->decision_date);
	date_field(o, MC_CEREMONY, m->ceremony_date);
	date_field(o, MC_OFFICIAL, m->official_date);
	field(o, MC_CARD, m->card_no);
	field(o, MC_OCCUPATION, core_occupation_name(p->occupation));
	field(o, MC_EDUCATION, core_education_name(p->education));
	field(o, MC_YOUTH, core_tristate_name(p->youth_union));
	date_field(o, MC_EXIT, m->exit_date);
	field(o, MC_REASON, m->exit_reason);
	o->rows++;
	progress_update(&o->pr, o->rows, o->rows);
	return end_line(o);
}

static enum ptdv_err export_members(struct app *app, struct out *o)
{
	enum ptdv_err err = header(o, interchange_member_cols, MC__MAX);
	if (!err)
		err = store_member_each(app->st, app->scope_path, write_member, o);
	return err;
}

enum ptdv_err app_export(struct app *app, enum app_entity entity, const char *path, bool progress,
	int64_t *rows, struct msgs *errs)
{
	struct out o = {0};
	struct buf tmp = BUF_INIT;
	enum ptdv_err err;
	buf_addf(&tmp, "%s.tmp", path);
	*rows = 0;
	o.f = fopen(tmp.s, "wb");
	if (!o.f) {
		msgs_add(errs, 0, NULL, "không ghi được tệp '%s': %s", path, strerror(errno));
		buf_free(&tmp);
		return PTDV_IO;
	}
	progress_start(&o.pr, entity == APP_ORGS ? "Xuất tổ chức" : "Xuất đảng viên", 0);
	if (!progress)
		o.pr.on = false;
	/* A read snapshot keeps the export consistent without blocking writers. */
	err = store_begin_read(app->st);
	if (!err)
		err = entity == APP_ORGS ? export_orgs(app, &o) : export_members(app, &o);
	store_rollback(app->st);
	if (err == PTDV_DB)
		app__db_error(app, errs);
	progress_end(&o.pr);
	bool write_failed = fclose(o.f) != 0 || err == PTDV_IO;
	if (!err && write_failed) {
		msgs_add(errs, 0, NULL, "không ghi được tệp '%s': %s", path, strerror(errno));
		err = PTDV_IO;
	}
	if (!err && rename(tmp.s, path) != 0) {
		msgs_add(errs, 0, NULL, "không ghi được tệp '%s': %s", path, strerror(errno));
		err = PTDV_IO;
	}
	if (err) {
		remove(tmp.s);
		goto out;
	}
	*rows = o.rows;
	json_t *after = json_pack("{s:s, s:I}", "file", path, "rows", (json_int_t)o.rows);
	err = store_begin(app->st);
	if (!err)
		err = app__audit(app, entity == APP_ORGS ? "export.orgs" : "export.members", "file",
			path, NULL, after);
	if (!err)
		err = store_commit(app->st);
	json_decref(after);
	if (err) {
		store_rollback(app->st);
		app__db_error(app, errs);
	}
out:
	buf_free(&o.line);
	buf_free(&tmp);
	return err;
}
