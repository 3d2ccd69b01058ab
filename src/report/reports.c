/*
 * reports.c — the report set of issue 5 built as struct report: progress, yoy, breakdown,
 * referrals and forecast computed here, and summary, pipeline and due expressed from their
 * own computations (summary.c, pipeline.c). Each reads its subtree in a few queries (orgs,
 * admissions, cases, targets) and aggregates in memory.
 *
 * Rows. A per-org report shows one row per "unit" of the subtree: the base organisations
 * (đảng bộ cơ sở, chi bộ cơ sở — the 68 the summary counts) when the org is a superior
 * committee; the cells (chi bộ cơ sở, chi bộ trực thuộc) when it is a base organisation or
 * below. Everything recorded at an org under a unit counts for that unit. A unit shows when
 * it is alive on the day, or when it has figures in the report (dissolved during the
 * period): the total row is then the sum of the rows and equals the subtree's figures.
 */
#include "report/reports.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/calendar.h"
#include "core/candidate.h"
#include "report/pipeline.h"
#include "report/summary.h"
#include "store/store.h"
#include "store/store_pipeline.h"
#include "util/strmap.h"
#include "util/vn.h"
#include "util/xalloc.h"

void report_params_init(struct report_params *p)
{
	p->from = DATE_NONE;
	p->within = -1;
	p->period = RPERIOD_DEFAULT;
	p->source = 0;
}

enum ptdv_err report_period_parse(const char *s, enum report_period *out)
{
	if (strcmp(s, "year") == 0)
		*out = RPERIOD_YEAR;
	else if (strcmp(s, "term") == 0)
		*out = RPERIOD_TERM;
	else
		return PTDV_INVALID;
	return PTDV_OK;
}

static int year_of(date_t d)
{
	int y;
	date_to_ymd(d, &y, NULL, NULL);
	return y;
}

static void year_text(char out[16], int y)
{
	snprintf(out, 16, "%d", y);
}

/* 100 × num / den, or a null cell when den is 0. */
static void cell_ratio(struct rcell *c, double num, double den)
{
	if (den > 0)
		rcell_pct(c, 100.0 * num / den);
}

static void cell_opt(struct rcell *c, int64_t v)
{
	if (v >= 0)
		rcell_int(c, v);
}

/* --- the subtree's orgs and its rows --- */

struct uorg {
	int64_t id, parent_id;
	char *code, *name;
	enum org_kind kind;
	date_t founded, dissolved;
	int unit; /* index into o of the unit it counts for; -1 none */
};

struct subtree {
	struct uorg *o;
	size_t n, alloc;
	struct strmap by_code, by_id; /* → index into o */
	int *units;                   /* indices into o of the units, by code */
	int nunits;                   /* rows 0..nunits-1; row nunits = "elsewhere" */
	int *row;                     /* per org: its row, nunits when none */
};

static enum ptdv_err sub_add(void *arg, const struct org *o, const char *parent_code)
{
	struct subtree *s = arg;
	char key[24];
	(void)parent_code;
	if (s->n == s->alloc) {
		s->alloc = s->alloc ? 2 * s->alloc : 128;
		s->o = xrealloc(s->o, s->alloc * sizeof(*s->o));
	}
	s->o[s->n] = (struct uorg){o->id, o->parent_id, xstrdup(o->code), xstrdup(o->name), o->kind,
		o->founded, o->dissolved, -1};
	strmap_put(&s->by_code, o->code, (int64_t)s->n);
	snprintf(key, sizeof(key), "%lld", (long long)o->id);
	strmap_put(&s->by_id, key, (int64_t)s->n);
	s->n++;
	return PTDV_OK;
}

/* Units by code; the subtree comes as qsort_r's argument (reports run on many threads). */
static int unit_cmp(const void *a, const void *b, void *arg)
{
	const struct subtree *s = arg;
	return strcmp(s->o[*(const int *)a].code, s->o[*(const int *)b].code);
}

static bool is_unit(enum org_kind top, enum org_kind k)
{
	if (top == ORG_SUPERIOR)
		return k == ORG_BASE_COMMITTEE || k == ORG_BASE_CELL;
	return k == ORG_BASE_CELL || k == ORG_CELL;
}

/* Loads the orgs of org's subtree (in path order: parents first) and picks the rows. */
static enum ptdv_err sub_load(struct store *st, const struct org *org, struct subtree *s)
{
	char key[24];
	memset(s, 0, sizeof(*s));
	enum ptdv_err err = store_org_each(st, org->path, sub_add, s);
	if (err)
		return err;
	s->units = xcalloc(s->n + 1, sizeof(int));
	s->row = xcalloc(s->n + 1, sizeof(int));
	for (size_t i = 0; i < s->n; i++) {
		struct uorg *u = &s->o[i];
		int64_t p;
		snprintf(key, sizeof(key), "%lld", (long long)u->parent_id);
		if (is_unit(org->kind, u->kind)) {
			u->unit = (int)i;
			s->units[s->nunits++] = (int)i;
		} else if (i > 0 && strmap_get(&s->by_id, key, &p)) {
			u->unit = s->o[p].unit;
		}
	}
	if (s->nunits > 1)
		qsort_r(s->units, (size_t)s->nunits, sizeof(int), unit_cmp, s);
	int *pos = xcalloc(s->n + 1, sizeof(int));
	for (int r = 0; r < s->nunits; r++)
		pos[s->units[r]] = r;
	for (size_t i = 0; i < s->n; i++)
		s->row[i] = s->o[i].unit >= 0 ? pos[s->o[i].unit] : s->nunits;
	free(pos);
	return PTDV_OK;
}

static void sub_free(struct subtree *s)
{
	for (size_t i = 0; i < s->n; i++) {
		free(s->o[i].code);
		free(s->o[i].name);
	}
	free(s->o);
	free(s->units);
	free(s->row);
	strmap_free(&s->by_code);
	strmap_free(&s->by_id);
	memset(s, 0, sizeof(*s));
}

/* The row of the org with this code; nunits when it is under no unit or unknown. */
static int sub_row(const struct subtree *s, const char *code)
{
	int64_t i;
	return strmap_get(&s->by_code, code, &i) ? s->row[i] : s->nunits;
}

static bool row_alive(const struct subtree *s, int r, date_t d)
{
	const struct uorg *u = &s->o[s->units[r]];
	return (u->founded == DATE_NONE || u->founded <= d) &&
	       (u->dissolved == DATE_NONE || u->dissolved > d);
}

/* Sets the code and name cells of row r (the name says when the unit was dissolved). */
static void row_label(const struct subtree *s, int r, date_t d, const char *top_name,
	struct rcell *code, struct rcell *name)
{
	char a[DATE_STRLEN];
	if (r == s->nunits) {
		rcell_text(code, "");
		struct buf b = BUF_INIT;
		buf_addf(&b, "Trực tiếp thuộc %s", top_name);
		rcell_text(name, b.s);
		buf_free(&b);
		return;
	}
	const struct uorg *u = &s->o[s->units[r]];
	rcell_text(code, u->code);
	if (u->dissolved != DATE_NONE && u->dissolved <= d) {
		struct buf b = BUF_INIT;
		buf_addf(&b, "%s (giải thể %s)", u->name, date_format(u->dissolved, a));
		rcell_text(name, b.s);
		buf_free(&b);
	} else {
		rcell_text(name, u->name);
	}
}

/* --- admissions and cases, read once --- */

struct adm {
	int row;
	date_t day;
	bool woman, youth, minority, religious, union_member;
	enum education edu;
	enum occupation occ;
};

struct adms {
	const struct subtree *sub;
	struct adm *v;
	size_t n, alloc;
};

static enum ptdv_err adm_add(void *arg, const struct store_admission *a)
{
	struct adms *x = arg;
	if (x->n == x->alloc) {
		x->alloc = x->alloc ? 2 * x->alloc : 512;
		x->v = xrealloc(x->v, x->alloc * sizeof(*x->v));
	}
	const struct person *p = a->p;
	int age = p->birth_date != DATE_NONE ? date_months_between(p->birth_date, a->day) / 12 : -1;
	x->v[x->n++] = (struct adm){
		.row = sub_row(x->sub, a->org_code),
		.day = a->day,
		.woman = p->gender == GENDER_FEMALE,
		.youth = age >= 18 && age <= 30,
		.minority = core_person_is_minority(p),
		.religious = core_person_is_religious(p),
		.union_member = p->youth_union == TRI_YES,
		.edu = p->education >= 0 && p->education < EDU__MAX ? p->education : EDU_NONE,
		.occ = p->occupation >= 0 && p->occupation < OCC__MAX ? p->occupation : OCC_NONE,
	};
	return PTDV_OK;
}

static enum ptdv_err adms_load(struct store *st, const struct org *org, const struct subtree *sub,
	date_t from, date_t to, struct adms *out)
{
	memset(out, 0, sizeof(*out));
	out->sub = sub;
	return store_admission_each(st, org->path, from, to, adm_add, out);
}

struct kase {
	int row;
	enum cand_source src;
	struct cand_summary raw; /* as recorded (deadlines cut it themselves) */
	struct cand_summary at;  /* cut at the report's day */
};

struct kases {
	const struct subtree *sub;
	date_t as_of;
	struct kase *v;
	size_t n, alloc;
};

static enum ptdv_err kase_add(void *arg, const struct store_case_row *c)
{
	struct kases *x = arg;
	if (x->n == x->alloc) {
		x->alloc = x->alloc ? 2 * x->alloc : 512;
		x->v = xrealloc(x->v, x->alloc * sizeof(*x->v));
	}
	struct kase *k = &x->v[x->n++];
	k->row = sub_row(x->sub, c->org_code);
	k->src = c->source;
	k->raw = *c->sum;
	core_candidate_summary_at(c->sum, x->as_of, &k->at);
	return PTDV_OK;
}

static enum ptdv_err kases_load(struct store *st, const struct org *org, const struct subtree *sub,
	date_t as_of, bool open_only, struct kases *out)
{
	memset(out, 0, sizeof(*out));
	out->sub = sub;
	out->as_of = as_of;
	return store_case_each(st, org->path, as_of, open_only, kase_add, out);
}

/* The target that counts: assigned, else registered; -1 when neither. */
static int64_t target_of(const struct store_target *t)
{
	return t->assigned >= 0 ? t->assigned : t->registered;
}

struct targets {
	const struct subtree *sub;
	const char *top_code;
	int64_t *row; /* per row; -1 none */
	int64_t top;  /* the org's own */
};

static enum ptdv_err target_add(void *arg, const struct store_target_row *t)
{
	struct targets *x = arg;
	int64_t i;
	if (strcmp(t->org_code, x->top_code) == 0)
		x->top = target_of(&t->t);
	/* A unit's own target (not one of an org below it). */
	if (strmap_get(&x->sub->by_code, t->org_code, &i) && x->sub->o[i].unit == (int)i)
		x->row[x->sub->row[i]] = target_of(&t->t);
	return PTDV_OK;
}

static enum ptdv_err targets_load(struct store *st, const struct org *org,
	const struct subtree *sub, int year, struct targets *out)
{
	out->sub = sub;
	out->top_code = org->code;
	out->top = -1;
	out->row = xcalloc((size_t)sub->nunits + 1, sizeof(int64_t));
	for (int r = 0; r <= sub->nunits; r++)
		out->row[r] = -1;
	return store_target_each(st, org->path, year, target_add, out);
}

static void start(struct report *r, const char *name, const struct org *org, date_t as_of)
{
	report_init(r, name, as_of);
	report_set_org(r, org->code, org->name);
}

/* --- progress --- */

static const struct rcol progress_cols[] = {
	{"org", "Mã", RT_TEXT},
	{"name", "Tổ chức", RT_TEXT},
	{"target", "Chỉ tiêu", RT_INT},
	{"admitted", "Đã kết nạp", RT_INT},
	{"achieved_pct", "Đạt (%)", RT_PCT},
	{"women", "Nữ", RT_INT},
	{"youth", "18–30 tuổi", RT_INT},
	{"open_cases", "Hồ sơ đang xét", RT_INT},
	{"overdue", "Quá hạn", RT_INT},
	{"behind_pace", "Chậm tiến độ", RT_FLAG},
	{"no_admission_12m", "12 tháng chưa kết nạp", RT_FLAG},
};

/* The stages a case can wait in (8, the ceremony, is a day, not a stay). */
static const enum cand_stage wait_stages[] = {STAGE_SOURCE, STAGE_HELPER, STAGE_COURSE,
	STAGE_DOSSIER, STAGE_CELL, STAGE_COMMITTEE, STAGE_DECISION, STAGE_PROBATION,
	STAGE_RECOGNITION};
#define NWAIT ((int)(sizeof(wait_stages) / sizeof(wait_stages[0])))

static const struct rcol open_cols[] = {
	{"org", "Mã", RT_TEXT},
	{"name", "Tổ chức", RT_TEXT},
	{"stage_1", "1. Nguồn", RT_INT},
	{"stage_2", "2. Giúp đỡ", RT_INT},
	{"stage_3", "3. Học lớp", RT_INT},
	{"stage_4", "4. Hồ sơ", RT_INT},
	{"stage_5", "5. Chi bộ xét", RT_INT},
	{"stage_6", "6. Đảng ủy xét", RT_INT},
	{"stage_7", "7. Quyết định", RT_INT},
	{"stage_9", "9. Dự bị", RT_INT},
	{"stage_10", "10. Chính thức", RT_INT},
	{"total", "Tổng", RT_INT},
};

struct prow {
	int64_t admitted, women, youth, last12, open, overdue;
	int64_t stage[STAGE__MAX];
};

enum ptdv_err report_build_progress(struct store *st, const struct org *org, date_t as_of,
	struct calendar *cal, struct report *r)
{
	struct subtree sub;
	struct adms ad = {0};
	struct kases ks = {0};
	struct targets tg = {0};
	char ys[16], a[DATE_STRLEN];
	int year = year_of(as_of);
	date_t y0 = date_from_ymd(year, 1, 1), y1 = date_from_ymd(year, 12, 31);
	date_t from12 = date_add_months(as_of, -12) + 1;
	double share = (double)(as_of - y0 + 1) / (double)(y1 - y0 + 1);
	struct prow *pr = NULL;

	start(r, "progress", org, as_of);
	year_text(ys, year);
	report_set_title(r, "BÁO CÁO TIẾN ĐỘ THỰC HIỆN CHỈ TIÊU KẾT NẠP ĐẢNG VIÊN NĂM %d", year);
	enum ptdv_err err = sub_load(st, org, &sub);
	if (!err)
		err = adms_load(st, org, &sub, from12 < y0 ? from12 : y0, as_of, &ad);
	if (!err)
		err = kases_load(st, org, &sub, as_of, true, &ks);
	if (!err)
		err = targets_load(st, org, &sub, year, &tg);
	if (err)
		goto out;
	pr = xcalloc((size_t)sub.nunits + 1, sizeof(*pr));
	for (size_t i = 0; i < ad.n; i++) {
		struct prow *x = &pr[ad.v[i].row];
		if (ad.v[i].day >= from12)
			x->last12++;
		if (ad.v[i].day < y0)
			continue;
		x->admitted++;
		x->women += ad.v[i].woman;
		x->youth += ad.v[i].youth;
	}
	for (size_t i = 0; i < ks.n; i++) {
		const struct kase *k = &ks.v[i];
		struct cand_due d;
		if (k->at.outcome != OUTCOME_OPEN || k->at.stage == STAGE_NONE)
			continue;
		struct prow *x = &pr[k->row];
		x->open++;
		x->stage[k->at.stage == STAGE_CEREMONY ? STAGE_PROBATION : k->at.stage]++;
		if (core_candidate_due(&k->raw, cal, as_of, &d) && d.due < as_of)
			x->overdue++;
	}

	int tp = report_add_table(r, "progress", "Tiến độ thực hiện chỉ tiêu năm theo tổ chức",
		progress_cols, (int)(sizeof(progress_cols) / sizeof(progress_cols[0])));
	int to = report_add_table(r, "open_cases", "Hồ sơ đang xem xét theo giai đoạn", open_cols,
		(int)(sizeof(open_cols) / sizeof(open_cols[0])));
	struct prow tot = {0};
	int64_t tot_target = -1, rows = 0, behind = 0, quiet = 0;
	for (int row = 0; row <= sub.nunits; row++) {
		struct prow *x = &pr[row];
		bool alive = row < sub.nunits && row_alive(&sub, row, as_of);
		if (!alive && !x->admitted && !x->open && !x->last12)
			continue;
		rows++;
		int64_t t = tg.row[row];
		struct rcell *c = report_add_row(r, tp);
		row_label(&sub, row, as_of, org->name, &c[0], &c[1]);
		cell_opt(&c[2], t);
		rcell_int(&c[3], x->admitted);
		if (t > 0)
			cell_ratio(&c[4], (double)x->admitted, (double)t);
		rcell_int(&c[5], x->women);
		rcell_int(&c[6], x->youth);
		rcell_int(&c[7], x->open);
		rcell_int(&c[8], x->overdue);
		if (alive && t > 0) {
			bool b = (double)x->admitted < (double)t * share;
			rcell_flag(&c[9], b);
			behind += b;
		}
		const struct uorg *u = row < sub.nunits ? &sub.o[sub.units[row]] : NULL;
		if (alive && (u->founded == DATE_NONE || u->founded < from12)) {
			rcell_flag(&c[10], x->last12 == 0);
			quiet += x->last12 == 0;
		}
		struct rcell *o = report_add_row(r, to);
		row_label(&sub, row, as_of, org->name, &o[0], &o[1]);
		for (int j = 0; j < NWAIT; j++)
			rcell_int(&o[2 + j], x->stage[wait_stages[j]]);
		rcell_int(&o[2 + NWAIT], x->open);
		if (t >= 0)
			tot_target = (tot_target < 0 ? 0 : tot_target) + t;
		tot.admitted += x->admitted;
		tot.women += x->women;
		tot.youth += x->youth;
		tot.open += x->open;
		tot.overdue += x->overdue;
		for (int k = 0; k < STAGE__MAX; k++)
			tot.stage[k] += x->stage[k];
	}
	struct rcell *c = report_add_row(r, tp);
	rcell_text(&c[0], "");
	rcell_text(&c[1], "Tổng số");
	cell_opt(&c[2], tot_target);
	rcell_int(&c[3], tot.admitted);
	if (tot_target > 0)
		cell_ratio(&c[4], (double)tot.admitted, (double)tot_target);
	rcell_int(&c[5], tot.women);
	rcell_int(&c[6], tot.youth);
	rcell_int(&c[7], tot.open);
	rcell_int(&c[8], tot.overdue);
	r->tables[tp].total_row = 1;
	c = report_add_row(r, to);
	rcell_text(&c[0], "");
	rcell_text(&c[1], "Tổng số");
	for (int j = 0; j < NWAIT; j++)
		rcell_int(&c[2 + j], tot.stage[wait_stages[j]]);
	rcell_int(&c[2 + NWAIT], tot.open);
	r->tables[to].total_row = 1;

	report_add_fact_text(r, "year", "Năm", ys);
	report_add_fact_pct(r, "elapsed_pct", "Thời gian đã qua của năm", 100.0 * share);
	if (tg.top >= 0)
		report_add_fact_int(r, "target", "Chỉ tiêu năm của cấp ủy", tg.top);
	else
		report_add_fact_null(r, "target", "Chỉ tiêu năm của cấp ủy", RT_INT);
	report_add_fact_int(r, "admitted", "Đã kết nạp trong năm", tot.admitted);
	if (tg.top > 0)
		report_add_fact_pct(r, "achieved_pct", "Đạt so với chỉ tiêu",
			100.0 * (double)tot.admitted / (double)tg.top);
	else
		report_add_fact_null(r, "achieved_pct", "Đạt so với chỉ tiêu", RT_PCT);
	report_add_fact_int(r, "orgs", "Số tổ chức trong bảng", rows);
	report_add_fact_int(r, "behind_pace", "Tổ chức chậm tiến độ", behind);
	report_add_fact_int(r, "no_admission_12m", "Tổ chức 12 tháng chưa kết nạp", quiet);
	report_add_fact_int(r, "open_cases", "Hồ sơ đang xem xét", tot.open);
	report_add_fact_int(r, "overdue", "Hồ sơ quá hạn", tot.overdue);

	struct buf p = BUF_INIT;
	buf_addf(&p, "Năm %d, đến ngày %s (", year, date_format(as_of, a));
	vn_fmt_dec(&p, 100.0 * share, 1);
	buf_adds(&p, "% thời gian của năm), toàn đảng bộ đã kết nạp ");
	vn_fmt_int(&p, tot.admitted);
	buf_adds(&p, " đảng viên mới");
	if (tg.top > 0) {
		buf_adds(&p, ", đạt ");
		vn_fmt_pct(&p, tot.admitted, tg.top);
		buf_adds(&p, " chỉ tiêu năm (");
		vn_fmt_int(&p, tg.top);
		buf_adds(&p, ")");
	}
	buf_adds(&p, ". ");
	vn_fmt_int(&p, behind);
	buf_adds(&p, " tổ chức chậm tiến độ (số kết nạp thấp hơn chỉ tiêu nhân với thời gian "
		     "đã qua của năm); ");
	vn_fmt_int(&p, quiet);
	buf_adds(&p, " tổ chức 12 tháng qua chưa kết nạp đảng viên nào.");
	report_add_paragraph(r, "%s", p.s);
	buf_free(&p);
out:
	free(pr);
	free(ad.v);
	free(ks.v);
	free(tg.row);
	sub_free(&sub);
	return err;
}

/* --- year on year --- */

static const struct rcol yoy_cols[] = {
	{"year", "Năm", RT_TEXT},
	{"until", "Tính đến", RT_DATE},
	{"target", "Chỉ tiêu", RT_INT},
	{"admitted", "Kết nạp", RT_INT},
	{"achieved_pct", "Đạt (%)", RT_PCT},
	{"women", "Nữ", RT_INT},
	{"women_pct", "Tỷ lệ nữ (%)", RT_PCT},
};

struct yacc {
	int y0, n;
	int64_t *adm, *women;
	date_t term_start;
	int64_t term_adm, term_women;
};

static void yoy_day(void *arg, date_t day, int64_t admitted, int64_t women)
{
	struct yacc *x = arg;
	int i = year_of(day) - x->y0;
	if (i >= 0 && i < x->n) {
		x->adm[i] += admitted;
		x->women[i] += women;
	}
	if (x->term_start != DATE_NONE && day >= x->term_start) {
		x->term_adm += admitted;
		x->term_women += women;
	}
}

enum ptdv_err report_build_yoy(
	struct store *st, const struct org *org, date_t as_of, struct report *r)
{
	struct term t = {0};
	char ys[16], a[DATE_STRLEN], b[DATE_STRLEN];
	int y1 = year_of(as_of);
	start(r, "yoy", org, as_of);
	enum ptdv_err err = store_term_at(st, org->id, as_of, &t);
	if (err && err != PTDV_NOTFOUND)
		return err;
	bool has_term = !err;
	struct yacc x = {.y0 = has_term ? year_of(t.start) : y1 - 4,
		.term_start = has_term ? t.start : DATE_NONE};
	x.n = y1 - x.y0 + 1;
	x.adm = xcalloc((size_t)x.n, sizeof(int64_t));
	x.women = xcalloc((size_t)x.n, sizeof(int64_t));
	if (has_term)
		report_set_title(r, "KẾT QUẢ KẾT NẠP ĐẢNG VIÊN QUA CÁC NĂM, NHIỆM KỲ %s", t.name);
	else
		report_set_title(r, "KẾT QUẢ KẾT NẠP ĐẢNG VIÊN QUA CÁC NĂM %d–%d", x.y0, y1);
	err = store_admissions_by_day(st, org->path, date_from_ymd(x.y0, 1, 1), as_of, yoy_day, &x);
	if (err)
		goto out;
	int ti = report_add_table(r, "years", "Kết nạp theo năm so với chỉ tiêu", yoy_cols,
		(int)(sizeof(yoy_cols) / sizeof(yoy_cols[0])));
	for (int i = 0; i < x.n; i++) {
		struct store_target tt;
		err = store_target_get(st, org->id, x.y0 + i, &tt);
		if (err)
			goto out;
		int64_t target = target_of(&tt);
		date_t end = date_from_ymd(x.y0 + i, 12, 31);
		struct rcell *c = report_add_row(r, ti);
		year_text(ys, x.y0 + i);
		rcell_text(&c[0], ys);
		rcell_date(&c[1], end < as_of ? end : as_of);
		cell_opt(&c[2], target);
		rcell_int(&c[3], x.adm[i]);
		if (target > 0)
			cell_ratio(&c[4], (double)x.adm[i], (double)target);
		rcell_int(&c[5], x.women[i]);
		cell_ratio(&c[6], (double)x.women[i], (double)x.adm[i]);
	}
	report_add_chart(r, &(struct rchart){RCHART_BARS, "Kết nạp đảng viên qua các năm", ti, 0, 3,
				    2, "Kết nạp", "Chỉ tiêu"});
	report_add_chart(r, &(struct rchart){RCHART_SHARE, "Tỷ lệ đảng viên nữ trong số kết nạp",
				    ti, 0, 5, 3, "Nữ", "Kết nạp"});
	if (has_term) {
		report_add_fact_text(r, "term", "Nhiệm kỳ", t.name);
		report_add_fact_date(r, "term_start", "Bắt đầu nhiệm kỳ", t.start);
		if (t.target >= 0)
			report_add_fact_int(r, "term_target", "Chỉ tiêu nhiệm kỳ", t.target);
		else
			report_add_fact_null(r, "term_target", "Chỉ tiêu nhiệm kỳ", RT_INT);
		report_add_fact_int(r, "term_admitted", "Kết nạp từ đầu nhiệm kỳ", x.term_adm);
		report_add_fact_int(r, "term_women", "Trong đó nữ", x.term_women);
		if (t.target > 0)
			report_add_fact_pct(r, "term_achieved_pct", "Đạt so với chỉ tiêu nhiệm kỳ",
				100.0 * (double)x.term_adm / (double)t.target);
		else
			report_add_fact_null(
				r, "term_achieved_pct", "Đạt so với chỉ tiêu nhiệm kỳ", RT_PCT);
		report_add_paragraph(r,
			"Mỗi năm tính trọn năm dương lịch (năm %d tính cả trước ngày bắt đầu nhiệm "
			"kỳ %s; năm %d tính đến ngày %s), để so với chỉ tiêu năm.",
			x.y0, date_format(t.start, a), y1, date_format(as_of, b));
	}
out:
	core_term_clear(&t);
	free(x.adm);
	free(x.women);
	return err;
}

/* --- breakdown --- */

static const struct rcol breakdown_cols[] = {
	{"code", "Mã", RT_TEXT},
	{"group", "Nhóm", RT_TEXT},
	{"item", "Chỉ tiêu phân tích", RT_TEXT},
	{"admitted", "Số kết nạp", RT_INT},
	{"pct", "Tỷ lệ (%)", RT_PCT},
};

static const char *const occ_codes[OCC__MAX] = {"occupation_none", "civil_servant", "worker",
	"farmer", "armed_forces", "student", "private_firm", "business_owner", "retired",
	"occupation_other"};
static const char *const edu_codes[EDU__MAX] = {"education_none", "primary", "lower_secondary",
	"upper_secondary", "vocational", "college", "university", "master", "doctor"};

/* The period [*from, as_of] a report covers; *label describes it. */
static enum ptdv_err period_of(struct store *st, const struct org *org, date_t as_of,
	enum report_period p, date_t *from, struct buf *label)
{
	char a[DATE_STRLEN], b[DATE_STRLEN];
	if (p == RPERIOD_TERM) {
		struct term t = {0};
		enum ptdv_err err = store_term_at(st, org->id, as_of, &t);
		if (err && err != PTDV_NOTFOUND)
			return err;
		if (!err) {
			*from = t.start;
			buf_addf(label, "từ đầu nhiệm kỳ %s (%s) đến ngày %s", t.name,
				date_format(t.start, a), date_format(as_of, b));
			core_term_clear(&t);
			return PTDV_OK;
		}
		buf_adds(label, "chưa có nhiệm kỳ; ");
	}
	*from = date_from_ymd(year_of(as_of), 1, 1);
	buf_addf(label, "năm %d, đến ngày %s", year_of(as_of), date_format(as_of, b));
	return PTDV_OK;
}

static void bd_row(struct report *r, int t, const char *code, const char *group, const char *item,
	int64_t n, int64_t total)
{
	struct rcell *c = report_add_row(r, t);
	rcell_text(&c[0], code);
	rcell_text(&c[1], group);
	rcell_text(&c[2], item);
	rcell_int(&c[3], n);
	cell_ratio(&c[4], (double)n, (double)total);
}

enum ptdv_err report_build_breakdown(struct store *st, const struct org *org, date_t as_of,
	enum report_period period, struct report *r)
{
	struct subtree sub;
	struct adms ad = {0};
	struct buf label = BUF_INIT;
	date_t from;
	start(r, "breakdown", org, as_of);
	enum ptdv_err err = period_of(
		st, org, as_of, period == RPERIOD_DEFAULT ? RPERIOD_YEAR : period, &from, &label);
	if (err)
		return err;
	report_set_title(r, "CƠ CẤU ĐẢNG VIÊN MỚI KẾT NẠP");
	err = sub_load(st, org, &sub);
	if (!err)
		err = adms_load(st, org, &sub, from, as_of, &ad);
	if (err)
		goto out;
	int64_t n = (int64_t)ad.n, women = 0, minority = 0, religious = 0, uni = 0, youth = 0,
		college = 0, occ[OCC__MAX] = {0}, edu[EDU__MAX] = {0};
	for (size_t i = 0; i < ad.n; i++) {
		const struct adm *x = &ad.v[i];
		women += x->woman;
		minority += x->minority;
		religious += x->religious;
		uni += x->union_member;
		youth += x->youth;
		college += x->edu >= EDU_COLLEGE;
		occ[x->occ]++;
		edu[x->edu]++;
	}
	report_add_fact_date(r, "from", "Từ ngày", from);
	report_add_fact_int(r, "admitted", "Số đảng viên kết nạp", n);
	struct buf p = BUF_INIT;
	buf_addf(&p, "Đảng viên kết nạp %s: ", label.s);
	vn_fmt_int(&p, n);
	buf_adds(&p, ", trong đó nữ ");
	vn_fmt_int(&p, women);
	buf_adds(&p, " (");
	vn_fmt_pct(&p, women, n);
	buf_adds(&p, "), từ 18 đến 30 tuổi ");
	vn_fmt_int(&p, youth);
	buf_adds(&p, " (");
	vn_fmt_pct(&p, youth, n);
	buf_adds(&p, ").");
	report_add_paragraph(r, "%s", p.s);
	buf_free(&p);
	int t = report_add_table(r, "breakdown", "Cơ cấu đảng viên mới kết nạp", breakdown_cols,
		(int)(sizeof(breakdown_cols) / sizeof(breakdown_cols[0])));
	bd_row(r, t, "total", "Tổng số", "Tổng số", n, n);
	bd_row(r, t, "women", "Giới tính", "Nữ", women, n);
	bd_row(r, t, "ethnic_minority", "Dân tộc", "Dân tộc thiểu số", minority, n);
	bd_row(r, t, "religious", "Tôn giáo", "Có đạo (theo tôn giáo)", religious, n);
	bd_row(r, t, "youth_union", "Đoàn thể", "Đoàn viên Đoàn TNCS Hồ Chí Minh", uni, n);
	bd_row(r, t, "age_18_30", "Độ tuổi", "Từ 18 đến 30 tuổi", youth, n);
	bd_row(r, t, "college_plus", "Bằng cấp", "Cao đẳng trở lên", college, n);
	for (int k = 1; k <= OCC__MAX; k++) {
		int o = k % OCC__MAX; /* the unrecorded group last */
		bd_row(r, t, occ_codes[o], "Nghề nghiệp",
			o ? core_occupation_name((enum occupation)o) : "Chưa ghi", occ[o], n);
	}
	for (int k = 1; k <= EDU__MAX; k++) {
		int e = k % EDU__MAX;
		bd_row(r, t, edu_codes[e], "Trình độ học vấn",
			e ? core_education_name((enum education)e) : "Chưa ghi", edu[e], n);
	}
out:
	buf_free(&label);
	free(ad.v);
	sub_free(&sub);
	return err;
}

/* --- referrals --- */

static const struct rcol referral_cols[] = {
	{"source", "Mã", RT_TEXT},
	{"name", "Nơi giới thiệu", RT_TEXT},
	{"referred", "Được giới thiệu", RT_INT},
	{"in_progress", "Đang xem xét", RT_INT},
	{"admitted", "Đã kết nạp", RT_INT},
	{"dropped", "Dừng", RT_INT},
	{"conversion_pct", "Tỷ lệ kết nạp (%)", RT_PCT},
	{"referral_target", "Chỉ tiêu giới thiệu", RT_INT},
	{"referred_year", "Giới thiệu trong năm", RT_INT},
	{"target_pct", "Đạt (%)", RT_PCT},
};

enum ptdv_err report_build_referrals(struct store *st, const struct org *org, date_t as_of,
	enum report_period period, struct report *r)
{
	struct subtree sub;
	struct kases ks = {0};
	struct buf label = BUF_INIT;
	date_t from;
	start(r, "referrals", org, as_of);
	report_set_title(r, "KẾT QUẢ GIỚI THIỆU ĐOÀN VIÊN, HỘI VIÊN ƯU TÚ CHO ĐẢNG XEM XÉT");
	enum ptdv_err err = period_of(
		st, org, as_of, period == RPERIOD_DEFAULT ? RPERIOD_TERM : period, &from, &label);
	if (err)
		return err;
	int year = year_of(as_of);
	date_t jan1 = date_from_ymd(year, 1, 1);
	int64_t tgt[SRC__MAX];      /* the year's referral targets of the subtree; -1 none */
	int64_t yr[SRC__MAX] = {0}; /* referred from 1 January to the day */
	err = sub_load(st, org, &sub);
	if (!err)
		err = kases_load(st, org, &sub, as_of, false, &ks);
	if (!err)
		err = store_referral_target_sum(st, org->path, year, tgt);
	if (err)
		goto out;
	int64_t v[SRC__MAX][4] = {{0}}; /* referred, in progress, admitted, dropped */
	for (size_t i = 0; i < ks.n; i++) {
		const struct kase *k = &ks.v[i];
		date_t s = k->at.entered[STAGE_SOURCE];
		if (s != DATE_NONE && s >= jan1)
			yr[k->src]++;
		if (s == DATE_NONE || s < from)
			continue;
		int64_t *x = v[k->src];
		x[0]++;
		if (k->at.entered[STAGE_DECISION] != DATE_NONE)
			x[2]++;
		else if (k->at.outcome == OUTCOME_OPEN)
			x[1]++;
		else
			x[3]++;
	}
	int t = report_add_table(r, "referrals", "Kết quả theo nơi giới thiệu", referral_cols,
		(int)(sizeof(referral_cols) / sizeof(referral_cols[0])));
	int64_t tot[4] = {0}, tot_yr = 0, tot_tgt = -1, mass_yr = 0;
	/* The mass organisations first, the cell's own sources last. */
	for (int j = SRC_CELL + 1; j <= SRC__MAX; j++) {
		int s = j == SRC__MAX ? SRC_CELL : j;
		struct rcell *c = report_add_row(r, t);
		rcell_text(&c[0], core_cand_source_word((enum cand_source)s));
		rcell_text(&c[1], core_cand_source_name((enum cand_source)s));
		for (int q = 0; q < 4; q++) {
			rcell_int(&c[2 + q], v[s][q]);
			tot[q] += v[s][q];
		}
		cell_ratio(&c[6], (double)v[s][2], (double)v[s][0]);
		/* The cell has no referral target: its own sources are not a referral. */
		cell_opt(&c[7], tgt[s]);
		rcell_int(&c[8], yr[s]);
		if (tgt[s] >= 0)
			cell_ratio(&c[9], (double)yr[s], (double)tgt[s]);
		tot_yr += yr[s];
		if (tgt[s] >= 0) {
			tot_tgt = (tot_tgt < 0 ? 0 : tot_tgt) + tgt[s];
			mass_yr += yr[s];
		}
	}
	struct rcell *c = report_add_row(r, t);
	rcell_text(&c[0], "");
	rcell_text(&c[1], "Tổng số");
	for (int q = 0; q < 4; q++)
		rcell_int(&c[2 + q], tot[q]);
	cell_ratio(&c[6], (double)tot[2], (double)tot[0]);
	cell_opt(&c[7], tot_tgt);
	rcell_int(&c[8], tot_yr);
	if (tot_tgt >= 0)
		cell_ratio(&c[9], (double)mass_yr, (double)tot_tgt);
	r->tables[t].total_row = 1;
	report_add_fact_date(r, "from", "Giới thiệu từ ngày", from);
	report_add_fact_int(r, "referred", "Số người được giới thiệu", tot[0]);
	report_add_fact_int(r, "admitted", "Đã kết nạp", tot[2]);
	if (tot_tgt >= 0)
		report_add_fact_int(r, "referral_target", "Chỉ tiêu giới thiệu trong năm", tot_tgt);
	else
		report_add_fact_null(r, "referral_target", "Chỉ tiêu giới thiệu trong năm", RT_INT);
	report_add_fact_int(r, "referred_with_target",
		"Các đoàn thể có chỉ tiêu đã giới thiệu trong năm", mass_yr);
	report_add_paragraph(r,
		"Người được đưa vào danh sách nguồn %s, theo nơi giới thiệu; tình trạng tính đến "
		"ngày báo cáo. Đã kết nạp: đã có quyết định kết nạp; dừng: đã ra khỏi danh sách "
		"mà không được kết nạp.",
		label.s);
	report_add_paragraph(r,
		"Chỉ tiêu giới thiệu: chỉ tiêu năm %d của các đoàn thể, cộng cả các tổ chức "
		"trực thuộc; giới thiệu trong năm: từ ngày 01/01/%d đến ngày báo cáo; đạt: số "
		"giới thiệu trong năm so với chỉ tiêu (dòng tổng: chỉ các đoàn thể có chỉ tiêu, "
		"không kể chi bộ).",
		year, year);
out:
	buf_free(&label);
	free(ks.v);
	sub_free(&sub);
	return err;
}

/* --- forecast --- */

/*
 * The model, fitted on the cases as they stood on a day ref: for each stage k before the
 * decision (1–6), the cases that entered k in the 3 years before ref (n), those of them
 * decided by ref (m) and their days from entering k to the decision (sorted). A case that
 * entered k on day e and is still undecided on ref is decided within h days of e with
 * probability conv·(F(h) − F(a)) / (1 − conv·F(a)), a = ref − e, conv = m/n, F the share of
 * the observed durations ≤ x: the observed conversion and time to admission, conditioned
 * on the time the case has already waited.
 */
struct model {
	int64_t n[STAGE__MAX], m[STAGE__MAX];
	int *t[STAGE__MAX];
	size_t nt[STAGE__MAX], at[STAGE__MAX];
};

static int int_cmp(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

static void model_fit(const struct kases *ks, date_t ref, struct model *md)
{
	date_t w0 = date_add_months(ref, -36);
	memset(md, 0, sizeof(*md));
	for (size_t i = 0; i < ks->n; i++) {
		struct cand_summary s;
		core_candidate_summary_at(&ks->v[i].at, ref, &s);
		date_t dec = s.entered[STAGE_DECISION];
		for (int k = STAGE_SOURCE; k < STAGE_DECISION; k++) {
			date_t e = s.entered[k];
			if (e == DATE_NONE || e < w0 || e >= ref)
				continue;
			md->n[k]++;
			if (dec == DATE_NONE)
				continue;
			md->m[k]++;
			if (md->nt[k] == md->at[k]) {
				md->at[k] = md->at[k] ? 2 * md->at[k] : 256;
				md->t[k] = xrealloc(md->t[k], md->at[k] * sizeof(int));
			}
			md->t[k][md->nt[k]++] = (int)(dec - e);
		}
	}
	for (int k = 0; k < STAGE__MAX; k++)
		if (md->nt[k] > 1)
			qsort(md->t[k], md->nt[k], sizeof(int), int_cmp);
}

static void model_free(struct model *md)
{
	for (int k = 0; k < STAGE__MAX; k++)
		free(md->t[k]);
}

/* How many of the sorted v[0..n) are <= x. */
static size_t count_le(const int *v, size_t n, int64_t x)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (v[mid] <= x)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* P(decided by `end` | in stage k since e, undecided on ref). */
static double model_p(const struct model *md, int k, date_t e, date_t ref, date_t end)
{
	if (md->n[k] == 0 || md->m[k] == 0 || end <= ref)
		return 0.0;
	double conv = (double)md->m[k] / (double)md->n[k];
	double m = (double)md->nt[k];
	double fa = (double)count_le(md->t[k], md->nt[k], ref - e) / m;
	double fh = (double)count_le(md->t[k], md->nt[k], end - e) / m;
	double surv = 1.0 - conv * fa;
	if (surv <= 1e-9)
		return 0.0;
	double p = conv * (fh - fa) / surv;
	return p < 0 ? 0 : p > 1 ? 1 : p;
}

/*
 * Adds each open case's probability of a decision by `end` (cases as on ref, stages 1–6)
 * to per_row[row] and per_stage[stage] (either may be NULL); returns the sum.
 */
static double model_expect(const struct model *md, const struct kases *ks, date_t ref, date_t end,
	double *per_row, double *per_stage, int64_t *open_row, int64_t *open_stage)
{
	double sum = 0;
	for (size_t i = 0; i < ks->n; i++) {
		struct cand_summary s;
		core_candidate_summary_at(&ks->v[i].at, ref, &s);
		if (s.outcome != OUTCOME_OPEN || s.stage < STAGE_SOURCE ||
			s.stage >= STAGE_DECISION)
			continue;
		double p = model_p(md, s.stage, s.entered[s.stage], ref, end);
		sum += p;
		if (per_row)
			per_row[ks->v[i].row] += p;
		if (per_stage)
			per_stage[s.stage] += p;
		if (open_row)
			open_row[ks->v[i].row]++;
		if (open_stage)
			open_stage[s.stage]++;
	}
	return sum;
}

static const struct rcol forecast_cols[] = {
	{"org", "Mã", RT_TEXT},
	{"name", "Tổ chức", RT_TEXT},
	{"target", "Chỉ tiêu", RT_INT},
	{"admitted", "Đã kết nạp", RT_INT},
	{"open_cases", "Hồ sơ trước quyết định", RT_INT},
	{"expected_more", "Dự kiến thêm", RT_INT},
	{"expected", "Dự kiến cả năm", RT_INT},
	{"expected_pct", "Dự kiến đạt (%)", RT_PCT},
	{"gap", "Chênh lệch so với chỉ tiêu", RT_INT},
};

static const struct rcol model_cols[] = {
	{"stage", "Giai đoạn", RT_TEXT},
	{"entered", "Vào giai đoạn (3 năm)", RT_INT},
	{"admitted", "Đã có quyết định", RT_INT},
	{"conversion_pct", "Tỷ lệ kết nạp (%)", RT_PCT},
	{"median_days", "Trung vị số ngày đến quyết định", RT_INT},
	{"open_cases", "Đang ở giai đoạn", RT_INT},
	{"expected_more", "Dự kiến kết nạp thêm", RT_INT},
};

static const struct rcol backtest_cols[] = {
	{"year", "Năm", RT_TEXT},
	{"as_of", "Dự báo tại ngày", RT_DATE},
	{"admitted_then", "Đã kết nạp đến ngày đó", RT_INT},
	{"forecast", "Dự báo cả năm", RT_INT},
	{"actual", "Thực tế cả năm", RT_INT},
	{"error", "Sai số", RT_INT},
	{"error_pct", "Sai số (%)", RT_PCT},
};

enum ptdv_err report_build_forecast(
	struct store *st, const struct org *org, date_t as_of, struct report *r)
{
	struct subtree sub;
	struct adms ad = {0};
	struct kases ks = {0};
	struct targets tg = {0};
	struct model md = {0};
	char ys[16];
	int year = year_of(as_of);
	date_t y0 = date_from_ymd(year, 1, 1), yend = date_from_ymd(year, 12, 31);
	double *exp_row = NULL, exp_stage[STAGE__MAX] = {0};
	int64_t *adm_row = NULL, *open_row = NULL, open_stage[STAGE__MAX] = {0};

	start(r, "forecast", org, as_of);
	report_set_title(r, "DỰ BÁO KẾT NẠP ĐẢNG VIÊN ĐẾN CUỐI NĂM %d", year);
	enum ptdv_err err = sub_load(st, org, &sub);
	if (!err)
		err = adms_load(st, org, &sub, date_from_ymd(year - 3, 1, 1), as_of, &ad);
	if (!err)
		err = kases_load(st, org, &sub, as_of, false, &ks);
	if (!err)
		err = targets_load(st, org, &sub, year, &tg);
	if (err)
		goto out;
	exp_row = xcalloc((size_t)sub.nunits + 1, sizeof(double));
	adm_row = xcalloc((size_t)sub.nunits + 1, sizeof(int64_t));
	open_row = xcalloc((size_t)sub.nunits + 1, sizeof(int64_t));
	for (size_t i = 0; i < ad.n; i++)
		if (ad.v[i].day >= y0)
			adm_row[ad.v[i].row]++;
	model_fit(&ks, as_of, &md);
	model_expect(&md, &ks, as_of, yend, exp_row, exp_stage, open_row, open_stage);

	int tf = report_add_table(r, "forecast", "Dự báo kết nạp đến cuối năm theo tổ chức",
		forecast_cols, (int)(sizeof(forecast_cols) / sizeof(forecast_cols[0])));
	int64_t tot_target = -1, tot_adm = 0, tot_open = 0, tot_more = 0;
	for (int row = 0; row <= sub.nunits; row++) {
		bool alive = row < sub.nunits && row_alive(&sub, row, as_of);
		if (!alive && !adm_row[row] && !open_row[row])
			continue;
		int64_t t = tg.row[row], more = llround(exp_row[row]);
		int64_t expected = adm_row[row] + more;
		struct rcell *c = report_add_row(r, tf);
		row_label(&sub, row, as_of, org->name, &c[0], &c[1]);
		cell_opt(&c[2], t);
		rcell_int(&c[3], adm_row[row]);
		rcell_int(&c[4], open_row[row]);
		rcell_int(&c[5], more);
		rcell_int(&c[6], expected);
		if (t > 0)
			cell_ratio(&c[7], (double)expected, (double)t);
		if (t >= 0) {
			rcell_int(&c[8], expected - t);
			tot_target = (tot_target < 0 ? 0 : tot_target) + t;
		}
		tot_adm += adm_row[row];
		tot_open += open_row[row];
		tot_more += more;
	}
	struct rcell *c = report_add_row(r, tf);
	rcell_text(&c[0], "");
	rcell_text(&c[1], "Tổng số");
	cell_opt(&c[2], tot_target);
	rcell_int(&c[3], tot_adm);
	rcell_int(&c[4], tot_open);
	rcell_int(&c[5], tot_more);
	rcell_int(&c[6], tot_adm + tot_more);
	if (tot_target > 0)
		cell_ratio(&c[7], (double)(tot_adm + tot_more), (double)tot_target);
	if (tot_target >= 0)
		rcell_int(&c[8], tot_adm + tot_more - tot_target);
	r->tables[tf].total_row = 1;

	int tm = report_add_table(r, "model",
		"Tỷ lệ kết nạp và thời gian đến quyết định theo giai đoạn (3 năm trước ngày báo cáo)",
		model_cols, (int)(sizeof(model_cols) / sizeof(model_cols[0])));
	for (int k = STAGE_SOURCE; k < STAGE_DECISION; k++) {
		char label[64];
		snprintf(label, sizeof(label), "%d. %s", k, core_stage_name((enum cand_stage)k));
		c = report_add_row(r, tm);
		rcell_text(&c[0], label);
		rcell_int(&c[1], md.n[k]);
		rcell_int(&c[2], md.m[k]);
		cell_ratio(&c[3], (double)md.m[k], (double)md.n[k]);
		if (md.nt[k])
			rcell_int(&c[4], md.t[k][(md.nt[k] + 1) / 2 - 1]);
		rcell_int(&c[5], open_stage[k]);
		rcell_int(&c[6], llround(exp_stage[k]));
	}

	/* The back-test: the same forecast made on 30/06 of each of the 3 years before. */
	int tb = report_add_table(r, "backtest",
		"Kiểm định: dự báo tại ngày 30/6 của 3 năm trước so với thực tế cả năm",
		backtest_cols, (int)(sizeof(backtest_cols) / sizeof(backtest_cols[0])));
	double abs_pct_sum = 0;
	int npct = 0;
	int64_t abs_sum = 0;
	for (int y = year - 3; y < year; y++) {
		date_t ref = date_from_ymd(y, 6, 30), b0 = date_from_ymd(y, 1, 1),
		       b1 = date_from_ymd(y, 12, 31);
		struct model bm;
		int64_t then = 0, actual = 0;
		for (size_t i = 0; i < ad.n; i++) {
			then += ad.v[i].day >= b0 && ad.v[i].day <= ref;
			actual += ad.v[i].day >= b0 && ad.v[i].day <= b1;
		}
		model_fit(&ks, ref, &bm);
		int64_t fc =
			then + llround(model_expect(&bm, &ks, ref, b1, NULL, NULL, NULL, NULL));
		model_free(&bm);
		year_text(ys, y);
		c = report_add_row(r, tb);
		rcell_text(&c[0], ys);
		rcell_date(&c[1], ref);
		rcell_int(&c[2], then);
		rcell_int(&c[3], fc);
		rcell_int(&c[4], actual);
		rcell_int(&c[5], fc - actual);
		abs_sum += fc > actual ? fc - actual : actual - fc;
		if (actual > 0) {
			double pct = 100.0 * (double)(fc > actual ? fc - actual : actual - fc) /
				     (double)actual;
			rcell_pct(&c[6], pct);
			abs_pct_sum += pct;
			npct++;
		}
	}

	year_text(ys, year);
	report_add_fact_text(r, "year", "Năm", ys);
	if (tg.top >= 0)
		report_add_fact_int(r, "target", "Chỉ tiêu năm của cấp ủy", tg.top);
	else
		report_add_fact_null(r, "target", "Chỉ tiêu năm của cấp ủy", RT_INT);
	report_add_fact_int(r, "admitted", "Đã kết nạp trong năm", tot_adm);
	report_add_fact_int(r, "expected", "Dự kiến kết nạp cả năm", tot_adm + tot_more);
	if (tg.top > 0)
		report_add_fact_pct(r, "expected_pct", "Dự kiến đạt so với chỉ tiêu",
			100.0 * (double)(tot_adm + tot_more) / (double)tg.top);
	else
		report_add_fact_null(r, "expected_pct", "Dự kiến đạt so với chỉ tiêu", RT_PCT);
	report_add_fact_int(r, "backtest_mean_abs_error",
		"Sai số tuyệt đối trung bình khi kiểm định", (abs_sum + 1) / 3);
	if (npct)
		report_add_fact_pct(r, "backtest_mean_abs_error_pct",
			"Sai số trung bình khi kiểm định (%)", abs_pct_sum / npct);
	else
		report_add_fact_null(r, "backtest_mean_abs_error_pct",
			"Sai số trung bình khi kiểm định (%)", RT_PCT);
	report_add_paragraph(r,
		"Dự kiến = số đã kết nạp trong năm + tổng xác suất được quyết định kết nạp trước "
		"31/12 của từng hồ sơ đang ở giai đoạn 1–6, theo tỷ lệ kết nạp và thời gian từ "
		"giai đoạn đó đến quyết định quan sát được trong 3 năm trước ngày báo cáo, có tính "
		"thời gian hồ sơ đã chờ. Kiểm định: cùng cách tính tại ngày 30/6 của 3 năm trước, "
		"so với số thực tế kết nạp cả năm đó.");
out:
	model_free(&md);
	free(exp_row);
	free(adm_row);
	free(open_row);
	free(ad.v);
	free(ks.v);
	free(tg.row);
	sub_free(&sub);
	return err;
}

/* --- summary, pipeline and due as struct report --- */

static const struct rcol summary_cols[] = {
	{"year", "Năm", RT_TEXT},
	{"from", "Từ ngày", RT_DATE},
	{"until", "Đến ngày", RT_DATE},
	{"target", "Chỉ tiêu", RT_INT},
	{"admitted", "Kết nạp", RT_INT},
	{"women", "Nữ", RT_INT},
	{"achieved_pct", "Đạt (%)", RT_PCT},
};

static enum ptdv_err build_summary(
	struct store *st, const struct org *org, date_t as_of, struct report *r)
{
	struct summary s;
	char ys[16];
	start(r, "summary", org, as_of);
	report_set_title(r, "BÁO CÁO TỔNG HỢP CÔNG TÁC PHÁT TRIỂN ĐẢNG VIÊN");
	enum ptdv_err err = report_summary(st, org, as_of, &s);
	if (err) {
		report_summary_free(&s);
		return err;
	}
	/* The summary's own paragraphs: its text up to the table by year. */
	struct buf t = BUF_INIT;
	report_summary_text(&s, &t);
	char *end = strstr(t.s, "\n\n");
	if (end)
		*end = 0;
	for (char *line = t.s; line && *line;) {
		char *nl = strchr(line, '\n');
		if (nl)
			*nl = 0;
		report_add_paragraph(r, "%s", line);
		line = nl ? nl + 1 : NULL;
	}
	buf_free(&t);
	report_add_fact_int(r, "base_orgs", "Tổ chức cơ sở đảng", s.base_committees + s.base_cells);
	report_add_fact_int(r, "dang_bo_co_so", "Đảng bộ cơ sở", s.base_committees);
	report_add_fact_int(r, "chi_bo_co_so", "Chi bộ cơ sở", s.base_cells);
	report_add_fact_int(r, "members", "Đảng viên", s.members);
	report_add_fact_int(r, "official", "Chính thức", s.official);
	report_add_fact_int(r, "probationary", "Dự bị", s.probationary);
	report_add_fact_int(r, "women", "Đảng viên nữ", s.women);
	if (s.has_share)
		report_add_fact_pct(
			r, "share_of_superior_pct", "Tỷ lệ so với cấp trên", s.share_pct);
	else
		report_add_fact_null(r, "share_of_superior_pct", "Tỷ lệ so với cấp trên", RT_PCT);
	if (s.has_term) {
		report_add_fact_text(r, "term", "Nhiệm kỳ", s.term_name);
		report_add_fact_date(r, "term_start", "Bắt đầu nhiệm kỳ", s.term_start);
	} else {
		report_add_fact_null(r, "term", "Nhiệm kỳ", RT_TEXT);
		report_add_fact_null(r, "term_start", "Bắt đầu nhiệm kỳ", RT_DATE);
	}
	if (s.term_target >= 0)
		report_add_fact_int(r, "term_target", "Chỉ tiêu nhiệm kỳ", s.term_target);
	else
		report_add_fact_null(r, "term_target", "Chỉ tiêu nhiệm kỳ", RT_INT);
	report_add_fact_int(r, "term_admitted", "Kết nạp từ đầu nhiệm kỳ", s.term_admitted);
	report_add_fact_int(r, "term_admitted_women", "Trong đó nữ", s.term_admitted_women);
	const struct summary_year *cur = &s.years[s.nyears - 1];
	year_text(ys, cur->year);
	report_add_fact_text(r, "year", "Năm", ys);
	if (cur->target >= 0)
		report_add_fact_int(r, "year_target", "Chỉ tiêu năm", cur->target);
	else
		report_add_fact_null(r, "year_target", "Chỉ tiêu năm", RT_INT);
	report_add_fact_int(r, "year_admitted", "Kết nạp trong năm", cur->admitted);
	if (cur->target > 0)
		report_add_fact_pct(r, "year_achieved_pct", "Đạt so với chỉ tiêu năm",
			100.0 * (double)cur->admitted / (double)cur->target);
	else
		report_add_fact_null(r, "year_achieved_pct", "Đạt so với chỉ tiêu năm", RT_PCT);
	int ti = report_add_table(r, "by_year", "Kết nạp theo năm so với chỉ tiêu", summary_cols,
		(int)(sizeof(summary_cols) / sizeof(summary_cols[0])));
	for (int i = 0; i < s.nyears; i++) {
		const struct summary_year *y = &s.years[i];
		date_t a = date_from_ymd(y->year, 1, 1), b = date_from_ymd(y->year, 12, 31);
		struct rcell *c = report_add_row(r, ti);
		year_text(ys, y->year);
		rcell_text(&c[0], ys);
		rcell_date(&c[1], s.has_term && s.term_start > a ? s.term_start : a);
		rcell_date(&c[2], b < as_of ? b : as_of);
		cell_opt(&c[3], y->target);
		rcell_int(&c[4], y->admitted);
		rcell_int(&c[5], y->admitted_women);
		if (y->target > 0)
			cell_ratio(&c[6], (double)y->admitted, (double)y->target);
	}
	report_add_chart(r, &(struct rchart){RCHART_BARS, "Kết nạp đảng viên theo năm", ti, 0, 4, 3,
				    "Kết nạp", "Chỉ tiêu"});
	report_summary_free(&s);
	return PTDV_OK;
}

static const struct rcol pipeline_cols[] = {
	{"stage", "Giai đoạn", RT_TEXT},
	{"entered", "Vào", RT_INT},
	{"admitted", "Kết nạp", RT_INT},
	{"conversion_pct", "Tỷ lệ (%)", RT_PCT},
	{"completed", "Xong", RT_INT},
	{"median_days", "Trung vị (ngày)", RT_INT},
	{"p90_days", "P90 (ngày)", RT_INT},
	{"open", "Đang ở", RT_INT},
};

static enum ptdv_err build_pipeline(
	struct store *st, const struct org *org, date_t as_of, date_t from, struct report *r)
{
	struct pipeline_report p;
	char a[DATE_STRLEN], b[DATE_STRLEN];
	start(r, "pipeline", org, as_of);
	report_set_title(r, "THỜI GIAN QUA CÁC GIAI ĐOẠN PHÁT TRIỂN ĐẢNG VIÊN");
	if (from == DATE_NONE)
		from = date_add_months(as_of, -12) + 1;
	if (from > as_of)
		return PTDV_INVALID;
	enum ptdv_err err = report_pipeline(st, org, from, as_of, &p);
	if (err) {
		report_pipeline_free(&p);
		return err;
	}
	report_add_fact_date(r, "from", "Từ ngày", p.from);
	report_add_fact_date(r, "to", "Đến ngày", p.to);
	report_add_fact_int(r, "cases", "Hồ sơ đã bắt đầu đến cuối kỳ", p.cases);
	report_add_paragraph(r, "Từ %s đến %s.", date_format(p.from, a), date_format(p.to, b));
	int ti = report_add_table(r, "stages", "Số hồ sơ và thời gian theo giai đoạn",
		pipeline_cols, (int)(sizeof(pipeline_cols) / sizeof(pipeline_cols[0])));
	for (int k = STAGE_SOURCE; k < STAGE__MAX; k++) {
		const struct pipeline_row *x = &p.rows[k];
		char label[64];
		snprintf(label, sizeof(label), "%d. %s", k, core_stage_name((enum cand_stage)k));
		struct rcell *c = report_add_row(r, ti);
		rcell_text(&c[0], label);
		rcell_int(&c[1], x->entered);
		rcell_int(&c[2], x->admitted);
		if (k < STAGE_CEREMONY)
			cell_ratio(&c[3], (double)x->admitted, (double)x->entered);
		if (k == STAGE_CEREMONY)
			continue;
		rcell_int(&c[4], x->done);
		if (x->median >= 0) {
			rcell_int(&c[5], x->median);
			rcell_int(&c[6], x->p90);
		}
		rcell_int(&c[7], x->open);
	}
	report_add_paragraph(r,
		"Vào: số hồ sơ vào giai đoạn trong kỳ; Kết nạp, Tỷ lệ: trong số đó, đã kết nạp đến "
		"cuối kỳ; Xong: số lần rời giai đoạn trong kỳ; Trung vị, P90: số ngày ở giai đoạn "
		"của các lần đó; Đang ở: số hồ sơ đang ở giai đoạn cuối kỳ.");
	report_add_chart(r, &(struct rchart){RCHART_FUNNEL, "Số hồ sơ vào từng giai đoạn trong kỳ",
				    ti, 0, 1, -1, "Hồ sơ", NULL});
	report_pipeline_free(&p);
	return PTDV_OK;
}

static const struct rcol due_cols[] = {
	{"due", "Hạn", RT_DATE},
	{"days_left", "Còn lại (ngày)", RT_INT},
	{"overdue", "Quá hạn", RT_FLAG},
	{"case", "Hồ sơ", RT_TEXT},
	{"name", "Họ và tên", RT_TEXT},
	{"org", "Chi bộ", RT_TEXT},
	{"stage", "Giai đoạn", RT_TEXT},
	{"reason", "Việc đến hạn", RT_TEXT},
	{"from", "Tính từ", RT_DATE},
};

static enum ptdv_err build_due(struct store *st, const struct org *org, date_t as_of, int within,
	int source, struct calendar *cal, struct report *r)
{
	struct due_report d;
	start(r, "due", org, as_of);
	report_set_title(r, "HẠN XỬ LÝ HỒ SƠ PHÁT TRIỂN ĐẢNG VIÊN");
	enum ptdv_err err = report_due(st, org, as_of, within < 0 ? 30 : within, source, cal, &d);
	if (err) {
		report_due_free(&d);
		return err;
	}
	report_add_fact_int(r, "within", "Đến hạn trong số ngày", d.within);
	report_add_fact_int(r, "open_cases", "Hồ sơ đang xem xét", d.open_cases);
	report_add_fact_int(r, "due", "Đến hạn hoặc quá hạn", (int64_t)d.n);
	report_add_fact_int(r, "overdue", "Quá hạn", d.overdue);
	int ti = report_add_table(r, "due", "Hồ sơ đến hạn hoặc quá hạn", due_cols,
		(int)(sizeof(due_cols) / sizeof(due_cols[0])));
	for (size_t i = 0; i < d.n; i++) {
		const struct due_row *x = &d.rows[i];
		char id[24];
		snprintf(id, sizeof(id), "%lld", (long long)x->id);
		struct rcell *c = report_add_row(r, ti);
		rcell_date(&c[0], x->due.due);
		rcell_int(&c[1], x->days_left);
		rcell_flag(&c[2], x->days_left < 0);
		rcell_text(&c[3], id);
		rcell_text(&c[4], x->name);
		rcell_text(&c[5], x->org_code);
		rcell_text(&c[6], core_stage_name(x->stage));
		rcell_text(&c[7], core_due_name(x->due.kind));
		rcell_date(&c[8], x->due.from);
	}
	report_due_free(&d);
	return PTDV_OK;
}

/* --- the list and the dispatch --- */

static const struct report_info infos[] = {
	{"summary", "Báo cáo tổng hợp",
		"Tổ chức cơ sở đảng, đảng viên, kết nạp từ đầu nhiệm kỳ và từng năm so với chỉ tiêu."},
	{"progress", "Tiến độ thực hiện chỉ tiêu",
		"Từng tổ chức: chỉ tiêu năm, đã kết nạp, tỷ lệ đạt, nữ, 18–30 tuổi, hồ sơ đang xét "
		"theo giai đoạn, quá hạn; tổ chức chậm tiến độ và 12 tháng chưa kết nạp."},
	{"yoy", "Kết nạp qua các năm",
		"Kết nạp từng năm của nhiệm kỳ so với chỉ tiêu, số và tỷ lệ đảng viên nữ, kèm biểu "
		"đồ."},
	{"breakdown", "Cơ cấu đảng viên mới",
		"Đảng viên kết nạp trong năm (hoặc nhiệm kỳ) theo giới tính, dân tộc, tôn giáo, đoàn "
		"viên, độ tuổi, bằng cấp, nghề nghiệp, học vấn."},
	{"pipeline", "Thời gian qua các giai đoạn",
		"Số hồ sơ vào từng giai đoạn, tỷ lệ kết nạp, trung vị và P90 số ngày ở mỗi giai "
		"đoạn; biểu đồ phễu."},
	{"due", "Hạn xử lý hồ sơ", "Hồ sơ đến hạn trong số ngày chọn hoặc đã quá hạn."},
	{"referrals", "Nguồn giới thiệu",
		"Theo từng nơi giới thiệu (Đoàn Thanh niên, Hội LHPN, Công đoàn, ...): được giới "
		"thiệu, đang xem xét, đã kết nạp, dừng, tỷ lệ kết nạp."},
	{"forecast", "Dự báo đến cuối năm",
		"Số kết nạp dự kiến đến 31/12 theo từng tổ chức từ các hồ sơ đang xét, so với chỉ "
		"tiêu; kèm kiểm định trên 3 năm trước."},
};

const struct report_info *report_list(size_t *n)
{
	*n = sizeof(infos) / sizeof(infos[0]);
	return infos;
}

const struct report_info *report_find(const char *name)
{
	for (size_t i = 0; i < sizeof(infos) / sizeof(infos[0]); i++)
		if (strcmp(infos[i].name, name) == 0)
			return &infos[i];
	return NULL;
}

enum ptdv_err report_build(struct store *st, const char *name, const struct org *org, date_t as_of,
	const struct report_params *p, struct calendar *cal, struct report *out)
{
	struct report_params def;
	if (!p) {
		report_params_init(&def);
		p = &def;
	}
	report_init(out, NULL, as_of);
	const struct report_info *info = report_find(name);
	if (!info)
		return PTDV_NOTFOUND;
	if (strcmp(name, "summary") == 0)
		return build_summary(st, org, as_of, out);
	if (strcmp(name, "progress") == 0)
		return report_build_progress(st, org, as_of, cal, out);
	if (strcmp(name, "yoy") == 0)
		return report_build_yoy(st, org, as_of, out);
	if (strcmp(name, "breakdown") == 0)
		return report_build_breakdown(st, org, as_of, p->period, out);
	if (strcmp(name, "pipeline") == 0)
		return build_pipeline(st, org, as_of, p->from, out);
	if (strcmp(name, "due") == 0)
		return build_due(st, org, as_of, p->within, p->source, cal, out);
	if (strcmp(name, "referrals") == 0)
		return report_build_referrals(st, org, as_of, p->period, out);
	return report_build_forecast(st, org, as_of, out);
}
