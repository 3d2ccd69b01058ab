/*
 * app_export.c — exporting interchange files: CSV, or .xlsx when the file's name says so
 * (one sheet, bold frozen header with a filter, real dates).
 *
 * Exports are in exactly the import format, so a file exported from one database imports
 * into another. Orgs come in tree order (parents first, siblings by code), members by org
 * code then Vietnamese name order, cases by cell code, source date and name (then the case
 * id, which an import assigns in file order): the order depends on the data, not on
 * internal ids, so export → import → export gives the same bytes. The file is written to a temporary name
 * and renamed into place, so a failed export never leaves half a file.
 */
#include <assert.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "app/app.h"
#include "app/app_impl.h"
#include "app/interchange.h"
#include "core/candidate.h"
#include "store/store.h"
#include "store/store_pipeline.h"
#include "util/csv.h"
#include "util/xlsx.h"
#include "util/progress.h"
#include "util/xalloc.h"

#define MAX_TEMPLATE_COLS 32

/* Where rows go: a CSV file, or one sheet of an .xlsx workbook (w set). */
struct out {
	FILE *f;
	struct xlsx_writer *w;
	const char *sheet;
	struct buf line;
	int64_t rows;
	struct progress pr;
};

static void field(struct out *o, int i, const char *s)
{
	if (o->w) {
		if (s && *s)
			xlsx_writer_text(o->w, s, strlen(s));
		else
			xlsx_writer_blank(o->w);
		return;
	}
	if (i > 0)
		buf_addc(&o->line, ',');
	if (s)
		csv_write_field(&o->line, s, strlen(s));
}

static void date_field(struct out *o, int i, date_t d)
{
	char s[DATE_STRLEN];
	if (o->w)
		xlsx_writer_date(o->w, d); /* a real Excel date, shown dd/mm/yyyy */
	else
		field(o, i, date_format(d, s));
}

static enum ptdv_err end_line(struct out *o)
{
	if (o->w) {
		xlsx_writer_end_row(o->w);
		return PTDV_OK;
	}
	buf_adds(&o->line, "\r\n");
	size_t n = fwrite(o->line.s, 1, o->line.len, o->f);
	buf_reset(&o->line);
	return n == 0 ? PTDV_IO : PTDV_OK;
}

/* Ends a data row: counted and shown on the progress line. */
static enum ptdv_err end_row(struct out *o)
{
	o->rows++;
	progress_update(&o->pr, o->rows, o->rows);
	return end_line(o);
}

/* The interchange names every date column "Ngày ..."; in a workbook they hold dates. */
static bool is_date_column(const char *name)
{
	return strncmp(name, "Ngày", strlen("Ngày")) == 0;
}

static enum ptdv_err header(struct out *o, const struct xcol *cols, int n)
{
	if (o->w) {
		struct xlsx_column xc[64];
		for (int i = 0; i < n && i < 64; i++)
			xc[i] = (struct xlsx_column){cols[i].name,
				is_date_column(cols[i].name) ? XLSX_COL_DATE : XLSX_COL_TEXT, 0,
				NULL};
		return xlsx_writer_add_sheet(o->w, o->sheet, xc, (size_t)(n < 64 ? n : 64));
	}
	for (int i = 0; i < n; i++)
		field(o, i, cols[i].name);
	return end_line(o);
}

/* --- orgs: in tree order (parents first, siblings by code) --- */

static enum ptdv_err write_org(void *arg, const struct org *org, const char *parent_code, int depth)
{
	struct out *o = arg;
	(void)depth;
	field(o, OC_CODE, org->code);
	field(o, OC_NAME, org->name);
	field(o, OC_KIND, core_org_kind_name(org->kind));
	field(o, OC_PARENT, parent_code);
	date_field(o, OC_FOUNDED, org->founded);
	date_field(o, OC_DISSOLVED, org->dissolved);
	return end_row(o);
}

static enum ptdv_err export_orgs(struct app *app, struct out *o)
{
	enum ptdv_err err = header(o, interchange_org_cols, OC__MAX);
	if (!err)
		err = app__org_tree(app, app->scope_path, write_org, o);
	return err;
}

/* --- members: streamed from the store --- */

/*
 * A member never moved is one row of its cell; one who moved also names the cell of the
 * ceremony and the day it came to the present one, so the import rebuilds both placements.
 */
static enum ptdv_err write_member(void *arg, const struct person *p, const struct member *m,
	const char *org_code, const char *admit_code, date_t placed_on)
{
	bool moved = placed_on != m->ceremony_date || strcmp(admit_code, org_code) != 0;
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
	field(o, MC_ADMIT_ORG, moved ? admit_code : NULL);
	date_field(o, MC_MOVED, moved ? placed_on : DATE_NONE);
	return end_row(o);
}

static enum ptdv_err export_members(struct app *app, struct out *o)
{
	enum ptdv_err err = header(o, interchange_member_cols, MC__MAX);
	if (!err)
		err = store_member_each(app->st, app->scope_path, write_member, o);
	return err;
}

/* --- candidates: one row per case, the date each stage was entered --- */

/*
 * A case as the import reads it: its person, cell and source, and the day each stage was
 * entered; 'Ngày công nhận chính thức' is the day the recognition was decided; a case that
 * left the list or was struck off gives the day, 'Kết thúc' and the event's text. What the
 * columns cannot carry (helpers, documents, votes, numbers, corrections, exceptions) is not
 * written.
 */
static enum ptdv_err write_case(void *arg, const struct store_case_export *r)
{
	static const enum cand_stage stage_of[CC__MAX] = {[CC_SOURCE_DATE] = STAGE_SOURCE,
		[CC_HELPER] = STAGE_HELPER,
		[CC_COURSE] = STAGE_COURSE,
		[CC_DOSSIER] = STAGE_DOSSIER,
		[CC_CELL] = STAGE_CELL,
		[CC_COMMITTEE] = STAGE_COMMITTEE,
		[CC_DECISION] = STAGE_DECISION,
		[CC_CEREMONY] = STAGE_CEREMONY};
	struct out *o = arg;
	const struct person *p = r->person;
	field(o, CC_NAME, p->full_name);
	field(o, CC_GENDER, core_gender_name(p->gender));
	date_field(o, CC_BIRTH, p->birth_date);
	field(o, CC_CID, p->citizen_id);
	field(o, CC_ETHNICITY, p->ethnicity);
	field(o, CC_RELIGION, p->religion);
	field(o, CC_EDUCATION, core_education_name(p->education));
	field(o, CC_OCCUPATION, core_occupation_name(p->occupation));
	field(o, CC_YOUTH, core_tristate_name(p->youth_union));
	field(o, CC_ORG, r->org_code);
	field(o, CC_SOURCE, core_cand_source_name(r->source));
	for (int i = CC_SOURCE_DATE; i < CC_OFFICIAL; i++)
		date_field(o, i, r->sum->entered[stage_of[i]]);
	date_field(
		o, CC_OFFICIAL, r->sum->outcome == OUTCOME_OFFICIAL ? r->sum->closed : DATE_NONE);
	enum cand_ev close = r->sum->outcome == OUTCOME_LEFT         ? EV_LEAVE
			     : r->sum->outcome == OUTCOME_STRUCK_OFF ? EV_STRIKE_OFF
								     : 0;
	date_field(o, CC_CLOSED, close ? r->sum->closed : DATE_NONE);
	field(o, CC_CLOSE_KIND, core_cand_close_name(close));
	field(o, CC_CLOSE_REASON, close ? r->close_text : NULL);
	return end_row(o);
}

static enum ptdv_err export_candidates(struct app *app, struct out *o)
{
	enum ptdv_err err = header(o, interchange_candidate_cols, CC__MAX);
	if (!err)
		err = store_case_each_export(app->st, app->scope_path, write_case, o);
	return err;
}

/* --- targets --- */

static void count_field(struct out *o, int i, int64_t v)
{
	char s[24];
	if (v < 0) {
		field(o, i, NULL);
		return;
	}
	if (o->w) {
		xlsx_writer_int(o->w, v);
		return;
	}
	snprintf(s, sizeof(s), "%lld", (long long)v);
	field(o, i, s);
}

static enum ptdv_err write_target(void *arg, const struct store_target_row *r)
{
	struct out *o = arg;
	char y[8];
	snprintf(y, sizeof(y), "%d", r->year);
	field(o, TC_ORG, r->org_code);
	field(o, TC_YEAR, y);
	count_field(o, TC_REGISTERED, r->t.registered);
	count_field(o, TC_ASSIGNED, r->t.assigned);
	count_field(o, TC_WOMEN, r->t.women);
	return end_row(o);
}

static enum ptdv_err export_targets(struct app *app, struct out *o)
{
	enum ptdv_err err = header(o, interchange_target_cols, TC__MAX);
	if (!err)
		err = store_target_each(app->st, app->scope_path, 0, write_target, o);
	return err;
}

/* Each entity's export: its workbook sheet, progress label, audit action and writer. */
static const struct {
	const char *sheet;
	const char *what;
	const char *action;
	enum ptdv_err (*run)(struct app *app, struct out *o);
} exports[APP_ENTITY__MAX] = {
	[APP_ORGS] = {"Tổ chức", "Xuất tổ chức", "export.orgs", export_orgs},
	[APP_MEMBERS] = {"Đảng viên", "Xuất đảng viên", "export.members", export_members},
	[APP_CANDIDATES] = {"Người vào Đảng", "Xuất người vào Đảng", "export.candidates",
		export_candidates},
	[APP_TARGETS] = {"Chỉ tiêu", "Xuất chỉ tiêu", "export.targets", export_targets},
};

enum ptdv_err app_export(struct app *app, enum app_entity entity, const char *path, bool progress,
	int64_t *rows, struct msgs *errs)
{
	struct out o = {0};
	struct buf tmp = BUF_INIT;
	enum ptdv_err err;
	buf_addf(&tmp, "%s.tmp", path);
	*rows = 0;
	assert(entity >= 0 && entity < APP_ENTITY__MAX);
	size_t plen = strlen(path);
	bool xlsx = plen > 5 && strcasecmp(path + plen - 5, ".xlsx") == 0;
	if (xlsx) {
		/* Large exports in constant-memory mode: rows go to disk as they come. */
		o.w = xlsx_writer_new(tmp.s, true);
		/* The export's day, not its second: the same data gives the same bytes. */
		xlsx_writer_set_created(o.w, app->today);
		o.sheet = exports[entity].sheet;
	} else {
		o.f = fopen(tmp.s, "wb");
	}
	if (!o.f && !o.w) {
		msgs_add(errs, 0, NULL, "không ghi được tệp '%s': %s", path, strerror(errno));
		buf_free(&tmp);
		return PTDV_IO;
	}
	progress_start(&o.pr, exports[entity].what, 0);
	if (!progress)
		o.pr.on = false;
	/* A read snapshot keeps the export consistent without blocking writers. */
	err = store_begin_read(app->st);
	if (!err)
		err = exports[entity].run(app, &o);
	store_rollback(app->st);
	if (err == PTDV_DB)
		app__db_error(app, errs);
	progress_end(&o.pr);
	bool write_failed = err == PTDV_IO;
	if (o.w) {
		if (!err && xlsx_writer_close(o.w) != PTDV_OK) {
			msgs_add(errs, 0, NULL, "không ghi được tệp '%s': %s", path,
				xlsx_writer_msg(o.w));
			err = PTDV_IO;
		}
		xlsx_writer_free(o.w);
	} else {
		write_failed |= fclose(o.f) != 0;
	}
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
		err = app__audit(app, exports[entity].action, "file", path, NULL, after);
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

/* --- templates --- */

/* A drop-down list: the names of values first..max-1 of a vocabulary, NULL-terminated. */
static void vocabulary(const char **out, int first, int max, const char *(*name)(int))
{
	int n = 0;
	for (int v = first; v < max; v++)
		out[n++] = name(v);
	out[n] = NULL;
}

static const char *kind_name(int v)
{
	return core_org_kind_name((enum org_kind)v);
}
static const char *gender_name(int v)
{
	return core_gender_name((enum gender)v);
}
static const char *occupation_name(int v)
{
	return core_occupation_name((enum occupation)v);
}
static const char *education_name(int v)
{
	return core_education_name((enum education)v);
}
static const char *tristate_name(int v)
{
	return core_tristate_name((enum tristate)v);
}
static const char *source_name(int v)
{
	return core_cand_source_name((enum cand_source)v);
}

enum ptdv_err app_template(
	enum app_entity entity, const char *path, date_t today, struct msgs *errs)
{
	static const struct xcol *const cols[APP_ENTITY__MAX] = {interchange_org_cols,
		interchange_member_cols, interchange_candidate_cols, interchange_target_cols};
	static const int ncols[APP_ENTITY__MAX] = {OC__MAX, MC__MAX, CC__MAX, TC__MAX};
	static const char *const sheets[APP_ENTITY__MAX] = {
		"Tổ chức", "Đảng viên", "Người vào Đảng", "Chỉ tiêu"};
	const char *kinds[ORG_KIND__MAX + 1], *genders[GENDER__MAX + 1], *occ[OCC__MAX + 1],
		*edu[EDU__MAX + 1], *yes_no[3], *sources[SRC__MAX + 1], *closes[3];
	struct xlsx_column xc[MAX_TEMPLATE_COLS];
	const struct xcol *C = cols[entity];
	int n = ncols[entity];
	enum ptdv_err err;

	vocabulary(kinds, ORG_SUPERIOR, ORG_KIND__MAX, kind_name);
	vocabulary(genders, GENDER_MALE, GENDER__MAX, gender_name);
	vocabulary(occ, OCC_NONE + 1, OCC__MAX, occupation_name);
	vocabulary(edu, EDU_NONE + 1, EDU__MAX, education_name);
	yes_no[0] = tristate_name(TRI_YES);
	yes_no[1] = tristate_name(TRI_NO);
	yes_no[2] = NULL;
	vocabulary(sources, SRC_CELL, SRC__MAX, source_name);
	closes[0] = core_cand_close_name(EV_LEAVE);
	closes[1] = core_cand_close_name(EV_STRIKE_OFF);
	closes[2] = NULL;
	assert(n <= MAX_TEMPLATE_COLS);
	for (int i = 0; i < n; i++) {
		const char *name = C[i].name;
		const char *const *list = NULL;
		double width = 0;
		enum xlsx_col_type type = is_date_column(name) ? XLSX_COL_DATE : XLSX_COL_TEXT;
		/* The enumerated columns, by the names every interchange table shares. */
		if (strcmp(name, "Loại") == 0)
			list = kinds, width = 22;
		else if (strcmp(name, "Giới tính") == 0)
			list = genders;
		else if (strcmp(name, "Đoàn viên") == 0)
			list = yes_no;
		else if (strcmp(name, "Nhóm nghề nghiệp") == 0)
			list = occ, width = 34;
		else if (strcmp(name, "Trình độ học vấn") == 0)
			list = edu, width = 18;
		else if (strcmp(name, "Nguồn giới thiệu") == 0)
			list = sources, width = 26;
		else if (strcmp(name, "Kết thúc") == 0)
			list = closes, width = 20;
		else if (strcmp(name, "Họ và tên") == 0 || strcmp(name, "Tên tổ chức") == 0)
			width = 28;
		else if (entity == APP_TARGETS && i >= TC_REGISTERED)
			type = XLSX_COL_INT;
		xc[i] = (struct xlsx_column){name, type, width, list};
	}
	struct xlsx_writer *w = xlsx_writer_new(path, false);
	xlsx_writer_set_created(w, today);
	err = xlsx_writer_add_sheet(w, sheets[entity], xc, (size_t)n);
	/* The example row: what each column holds, as text, dates and numbers. */
	for (int i = 0; !err && i < n; i++) {
		const char *v = C[i].example;
		date_t d;
		if (!*v)
			xlsx_writer_blank(w);
		else if (xc[i].type == XLSX_COL_DATE && date_parse(v, strlen(v), &d) == PTDV_OK)
			xlsx_writer_date(w, d);
		else if (xc[i].type == XLSX_COL_INT)
			xlsx_writer_int(w, strtoll(v, NULL, 10));
		else
			xlsx_writer_text(w, v, strlen(v));
	}
	if (!err)
		xlsx_writer_end_row(w);
	if (!err)
		err = xlsx_writer_close(w);
	if (err)
		msgs_add(errs, 0, NULL, "không ghi được mẫu '%s': %s", path, xlsx_writer_msg(w));
	xlsx_writer_free(w);
	return err;
}
