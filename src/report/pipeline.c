/*
 * pipeline.c — deadlines and time in stage over the cases of a subtree: one scan of the
 * cases (store_case_each; for deadlines, of those whose bound falls in the window:
 * store_case_each_due), the rules applied in memory (core_candidate_due), then text or
 * JSON.
 */
#include "report/pipeline.h"

#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/calendar.h"
#include "store/store_pipeline.h"
#include "util/vn.h"
#include "util/xalloc.h"

static const char *const due_words[DUE__MAX] = {
	[DUE_CERTIFICATE] = "certificate",
	[DUE_DOSSIER] = "dossier",
	[DUE_DECISION] = "decision",
	[DUE_CEREMONY] = "ceremony",
	[DUE_PROBATION_END] = "probation-end",
	[DUE_RECOG_MEETING] = "recognition-meeting",
	[DUE_RECOG_DECISION] = "recognition-decision",
};

/* Appends s padded with spaces to width characters (code points; names are NFC). */
static void pad(struct buf *out, const char *s, int width)
{
	int n = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		n += (*p & 0xC0) != 0x80;
	buf_adds(out, s);
	for (; n < width; n++)
		buf_addc(out, ' ');
}

/* --- deadlines --- */

struct due_acc {
	struct due_report *r;
	struct calendar *cal;
	size_t alloc;
	date_t limit;
	int source; /* 0 = every case */
};

static enum ptdv_err due_case(void *arg, const struct store_case_row *c)
{
	struct due_acc *acc = arg;
	struct due_report *r = acc->r;
	struct cand_due d;
	if (acc->source && (int)c->source != acc->source)
		return PTDV_OK;
	if (!core_candidate_due(c->sum, acc->cal, r->as_of, &d) || d.due > acc->limit)
		return PTDV_OK;
	if (r->n == acc->alloc) {
		acc->alloc = acc->alloc ? 2 * acc->alloc : 64;
		r->rows = xrealloc(r->rows, acc->alloc * sizeof(*r->rows));
	}
	struct cand_summary at;
	core_candidate_summary_at(c->sum, r->as_of, &at);
	r->rows[r->n++] = (struct due_row){
		.id = c->id,
		.name = xstrdup(c->name),
		.org_code = xstrdup(c->org_code),
		.stage = at.stage,
		.due = d,
		.days_left = (int)(d.due - r->as_of),
	};
	if (d.due < r->as_of)
		r->overdue++;
	return PTDV_OK;
}

static int due_cmp(const void *a, const void *b)
{
	const struct due_row *x = a, *y = b;
	if (x->due.due != y->due.due)
		return x->due.due < y->due.due ? -1 : 1;
	int c = strcmp(x->org_code, y->org_code);
	if (c)
		return c;
	return x->id < y->id ? -1 : x->id > y->id;
}

enum ptdv_err report_due(struct store *st, const struct org *org, date_t as_of, int within,
	int source, struct calendar *cal, struct due_report *out)
{
	memset(out, 0, sizeof(*out));
	out->as_of = as_of;
	out->within = within;
	out->org_code = xstrdup(org->code);
	out->org_name = xstrdup(org->name);
	struct due_acc acc = {out, cal, 0, as_of + within, source};
	/* The cases that may be due (a superset: core_candidate_due decides), and the count
	 * of every open one. */
	enum ptdv_err err =
		store_case_each_due(st, org->path, as_of, acc.limit, source, due_case, &acc);
	if (!err)
		err = store_case_count_open(st, org->path, as_of, source, &out->open_cases);
	if (err)
		return err;
	if (out->n > 1)
		qsort(out->rows, out->n, sizeof(*out->rows), due_cmp);
	return PTDV_OK;
}

void report_due_free(struct due_report *r)
{
	for (size_t i = 0; i < r->n; i++) {
		free(r->rows[i].name);
		free(r->rows[i].org_code);
	}
	free(r->rows);
	free(r->org_code);
	free(r->org_name);
	memset(r, 0, sizeof(*r));
}

void report_due_text(const struct due_report *r, struct buf *out)
{
	char a[DATE_STRLEN], b[DATE_STRLEN], left[48], id[24];
	buf_addf(out, "Hạn xử lý hồ sơ phát triển đảng viên tính đến ngày %s — %s (mã %s)\n",
		date_format(r->as_of, a), r->org_name, r->org_code);
	buf_adds(out, "Hồ sơ đang xem xét: ");
	vn_fmt_int(out, r->open_cases);
	buf_addf(out, "; đến hạn trong %d ngày hoặc quá hạn: ", r->within);
	vn_fmt_int(out, (int64_t)r->n);
	buf_adds(out, " (quá hạn: ");
	vn_fmt_int(out, r->overdue);
	buf_adds(out, ").\n");
	if (r->n == 0)
		return;
	buf_adds(out, "\n");
	pad(out, "Hạn", 12);
	pad(out, "Còn lại", 18);
	pad(out, "Hồ sơ", 8);
	pad(out, "Họ và tên", 26);
	pad(out, "Chi bộ", 14);
	pad(out, "Giai đoạn", 19);
	buf_adds(out, "Việc đến hạn\n");
	for (size_t i = 0; i < r->n; i++) {
		const struct due_row *x = &r->rows[i];
		if (x->days_left < 0)
			snprintf(left, sizeof(left), "quá hạn %d ngày", -x->days_left);
		else if (x->days_left == 0)
			snprintf(left, sizeof(left), "hôm nay");
		else
			snprintf(left, sizeof(left), "còn %d ngày", x->days_left);
		snprintf(id, sizeof(id), "#%lld", (long long)x->id);
		pad(out, date_format(x->due.due, a), 12);
		pad(out, left, 18);
		pad(out, id, 8);
		pad(out, x->name, 26);
		pad(out, x->org_code, 14);
		pad(out, core_stage_name(x->stage), 19);
		buf_addf(out, "%s (tính từ %s)\n", core_due_name(x->due.kind),
			date_format(x->due.from, b));
	}
}

void report_due_json(const struct due_report *r, struct buf *out)
{
	char a[DATE_STRLEN], b[DATE_STRLEN];
	json_t *rows = json_array();
	for (size_t i = 0; i < r->n; i++) {
		const struct due_row *x = &r->rows[i];
		json_array_append_new(rows,
			json_pack("{s:I, s:s, s:s, s:i, s:s, s:s, s:s, s:s, s:s, s:i, s:b}", "case",
				(json_int_t)x->id, "name", x->name, "org", x->org_code, "stage",
				(int)x->stage, "stage_name", core_stage_name(x->stage), "kind",
				due_words[x->due.kind], "reason", core_due_name(x->due.kind), "due",
				date_format_iso(x->due.due, a), "from",
				date_format_iso(x->due.from, b), "days_left", x->days_left,
				"overdue", x->days_left < 0));
	}
	json_t *o = json_pack("{s:s, s:{s:s, s:s}, s:i, s:I, s:I, s:o}", "as_of",
		date_format_iso(r->as_of, a), "org", "code", r->org_code, "name", r->org_name,
		"within", r->within, "open_cases", (json_int_t)r->open_cases, "overdue",
		(json_int_t)r->overdue, "due", rows);
	char *s = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	buf_adds(out, s);
	buf_addc(out, '\n');
	free(s);
	json_decref(o);
}

/* --- time in stage --- */

struct ints {
	int *v;
	size_t n, alloc;
};

struct stage_acc {
	struct pipeline_report *r;
	struct ints days[STAGE__MAX];
};

static void ints_push(struct ints *a, int v)
{
	if (a->n == a->alloc) {
		a->alloc = a->alloc ? 2 * a->alloc : 256;
		a->v = xrealloc(a->v, a->alloc * sizeof(*a->v));
	}
	a->v[a->n++] = v;
}

/* The day a case left stage k: it entered a later stage, or was closed in k. */
static date_t stage_end(const struct cand_summary *s, enum cand_stage k)
{
	for (int j = k + 1; j < STAGE__MAX; j++) {
		if (j == STAGE_PROBATION && k == STAGE_CEREMONY)
			continue;
		if (s->entered[j] != DATE_NONE)
			return s->entered[j];
	}
	return s->closed;
}

static enum ptdv_err stage_case(void *arg, const struct store_case_row *c)
{
	struct stage_acc *acc = arg;
	struct pipeline_report *r = acc->r;
	struct cand_summary s;
	core_candidate_summary_at(c->sum, r->to, &s);
	r->cases++;
	bool admitted = s.entered[STAGE_CEREMONY] != DATE_NONE;
	for (int k = STAGE_SOURCE; k < STAGE__MAX; k++) {
		struct pipeline_row *row = &r->rows[k];
		date_t in = s.entered[k];
		if (in == DATE_NONE)
			continue;
		if (in >= r->from && in <= r->to) {
			row->entered++;
			row->admitted += admitted;
		}
		if (k == STAGE_CEREMONY)
			continue;
		date_t end = stage_end(&s, (enum cand_stage)k);
		if (end == DATE_NONE) {
			row->open += s.outcome == OUTCOME_OPEN && (int)s.stage == k;
			continue;
		}
		if (end >= r->from && end <= r->to)
			ints_push(&acc->days[k], (int)(end - in));
	}
	return PTDV_OK;
}

static int int_cmp(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

/* Nearest-rank percentile of sorted v[0..n). */
static int percentile(const int *v, size_t n, int p)
{
	size_t rank = ((size_t)p * n + 99) / 100;
	return v[rank ? rank - 1 : 0];
}

enum ptdv_err report_pipeline(struct store *st, const struct org *org, date_t from, date_t to,
	struct pipeline_report *out)
{
	struct stage_acc acc;
	memset(out, 0, sizeof(*out));
	memset(&acc, 0, sizeof(acc));
	acc.r = out;
	out->from = from;
	out->to = to;
	out->org_code = xstrdup(org->code);
	out->org_name = xstrdup(org->name);
	for (int k = 0; k < STAGE__MAX; k++) {
		out->rows[k].stage = (enum cand_stage)k;
		out->rows[k].median = out->rows[k].p90 = -1;
	}
	enum ptdv_err err = store_case_each(st, org->path, to, false, stage_case, &acc);
	for (int k = 0; k < STAGE__MAX; k++) {
		struct ints *d = &acc.days[k];
		if (!err && d->n) {
			qsort(d->v, d->n, sizeof(*d->v), int_cmp);
			out->rows[k].done = (int64_t)d->n;
			out->rows[k].median = percentile(d->v, d->n, 50);
			out->rows[k].p90 = percentile(d->v, d->n, 90);
		}
		free(d->v);
	}
	return err;
}

void report_pipeline_free(struct pipeline_report *r)
{
	free(r->org_code);
	free(r->org_name);
	memset(r, 0, sizeof(*r));
}

static void num(struct buf *out, int64_t v, int width)
{
	struct buf t = BUF_INIT;
	vn_fmt_int(&t, v);
	for (int n = (int)t.len; n < width; n++)
		buf_addc(out, ' ');
	buf_adds(out, t.s);
	buf_free(&t);
}

void report_pipeline_text(const struct pipeline_report *r, struct buf *out)
{
	char a[DATE_STRLEN], b[DATE_STRLEN], label[64];
	buf_addf(out, "Thời gian qua các giai đoạn phát triển đảng viên — %s (mã %s)\n",
		r->org_name, r->org_code);
	buf_addf(out, "Từ %s đến %s; ", date_format(r->from, a), date_format(r->to, b));
	vn_fmt_int(out, r->cases);
	buf_adds(out, " hồ sơ đã bắt đầu đến cuối kỳ.\n\n");
	pad(out, "Giai đoạn", 24);
	buf_adds(out, "   Vào  Kết nạp  Tỷ lệ   Xong  Trung vị   P90  Đang ở\n");
	for (int k = STAGE_SOURCE; k < STAGE__MAX; k++) {
		const struct pipeline_row *x = &r->rows[k];
		snprintf(label, sizeof(label), "%d. %s", k, core_stage_name((enum cand_stage)k));
		pad(out, label, 24);
		num(out, x->entered, 6);
		num(out, x->admitted, 9);
		struct buf pct = BUF_INIT;
		if (k < STAGE_CEREMONY)
			vn_fmt_pct(&pct, x->admitted, x->entered);
		else
			buf_adds(&pct, "");
		buf_addf(out, "  ");
		for (int n = (int)strlen(pct.s); n < 6; n++)
			buf_addc(out, ' ');
		buf_adds(out, pct.s);
		buf_free(&pct);
		if (k == STAGE_CEREMONY) {
			buf_adds(out, "      (thời điểm kết nạp)\n");
			continue;
		}
		num(out, x->done, 7);
		if (x->median >= 0) {
			num(out, x->median, 10);
			num(out, x->p90, 6);
		} else {
			buf_adds(out, "         —     —");
		}
		num(out, x->open, 8);
		buf_addc(out, '\n');
	}
	buf_adds(out,
		"\nVào: số hồ sơ vào giai đoạn trong kỳ; Kết nạp, Tỷ lệ: trong số đó, đã kết "
		"nạp đến cuối kỳ; Xong: số lần rời giai đoạn trong kỳ; Trung vị, P90: số "
		"ngày ở giai đoạn của các lần đó; Đang ở: số hồ sơ đang ở giai đoạn cuối kỳ.\n");
}

void report_pipeline_json(const struct pipeline_report *r, struct buf *out)
{
	char a[DATE_STRLEN], b[DATE_STRLEN];
	json_t *stages = json_array();
	for (int k = STAGE_SOURCE; k < STAGE__MAX; k++) {
		const struct pipeline_row *x = &r->rows[k];
		json_t *o = json_pack("{s:i, s:s, s:I, s:I}", "stage", k, "name",
			core_stage_name((enum cand_stage)k), "entered", (json_int_t)x->entered,
			"admitted", (json_int_t)x->admitted);
		if (k < STAGE_CEREMONY)
			json_object_set_new(o, "conversion_pct",
				x->entered ? json_real((double)((2000 * x->admitted + x->entered) /
								(2 * x->entered)) /
						       10.0)
					   : json_null());
		if (k != STAGE_CEREMONY) {
			json_object_set_new(o, "completed", json_integer(x->done));
			json_object_set_new(o, "median_days",
				x->median >= 0 ? json_integer(x->median) : json_null());
			json_object_set_new(
				o, "p90_days", x->p90 >= 0 ? json_integer(x->p90) : json_null());
			json_object_set_new(o, "open", json_integer(x->open));
		}
		json_array_append_new(stages, o);
	}
	json_t *o = json_pack("{s:s, s:s, s:{s:s, s:s}, s:I, s:o}", "from",
		date_format_iso(r->from, a), "to", date_format_iso(r->to, b), "org", "code",
		r->org_code, "name", r->org_name, "cases", (json_int_t)r->cases, "stages", stages);
	char *s = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	buf_adds(out, s);
	buf_addc(out, '\n');
	free(s);
	json_decref(o);
}
