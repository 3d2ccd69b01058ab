/*
 * table.c — building a struct report (table.h). The renderers live beside it: text, JSON
 * and CSV in render.c; XLSX, PDF and SVG in render_xlsx.c, render_pdf.c, render_svg.c.
 */
#include "report/table.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "util/xalloc.h"

void report_init(struct report *r, const char *name, date_t as_of)
{
	memset(r, 0, sizeof(*r));
	r->name = name;
	r->as_of = as_of;
}

static void cells_free(struct rcell *c, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(c[i].s);
}

void report_free(struct report *r)
{
	free(r->title);
	free(r->org_code);
	free(r->org_name);
	free(r->committee);
	free(r->place);
	for (int i = 0; i < r->nparagraphs; i++)
		free(r->paragraphs[i]);
	free(r->paragraphs);
	for (int i = 0; i < r->nfacts; i++) {
		free(r->facts[i].key);
		free(r->facts[i].label);
		free(r->facts[i].v.s);
	}
	free(r->facts);
	for (int i = 0; i < r->ntables; i++) {
		struct rtable *t = &r->tables[i];
		cells_free(t->cells, t->nrows * (size_t)t->ncols);
		free(t->cells);
		free(t->key);
		free(t->title);
	}
	free(r->tables);
	for (int i = 0; i < r->ncharts; i++)
		free(r->charts[i].title);
	free(r->charts);
	memset(r, 0, sizeof(*r));
}

static char *vformat(const char *fmt, va_list ap)
{
	struct buf b = BUF_INIT;
	buf_vaddf(&b, fmt, ap);
	return buf_detach(&b);
}

void report_set_title(struct report *r, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	free(r->title);
	r->title = vformat(fmt, ap);
	va_end(ap);
}

void report_add_paragraph(struct report *r, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	r->paragraphs = xrealloc(r->paragraphs, (size_t)(r->nparagraphs + 1) * sizeof(char *));
	r->paragraphs[r->nparagraphs++] = vformat(fmt, ap);
	va_end(ap);
}

static struct rfact *fact_add(struct report *r, const char *key, const char *label, enum rtype t)
{
	r->facts = xrealloc(r->facts, (size_t)(r->nfacts + 1) * sizeof(*r->facts));
	struct rfact *f = &r->facts[r->nfacts++];
	memset(f, 0, sizeof(*f));
	f->key = xstrdup(key);
	f->label = xstrdup(label);
	f->type = t;
	return f;
}

void report_add_fact_int(struct report *r, const char *key, const char *label, int64_t v)
{
	rcell_int(&fact_add(r, key, label, RT_INT)->v, v);
}

void report_add_fact_pct(struct report *r, const char *key, const char *label, double v)
{
	rcell_pct(&fact_add(r, key, label, RT_PCT)->v, v);
}

void report_add_fact_text(struct report *r, const char *key, const char *label, const char *v)
{
	rcell_text(&fact_add(r, key, label, RT_TEXT)->v, v);
}

int report_add_table(
	struct report *r, const char *key, const char *title, const struct rcol *cols, int ncols)
{
	r->tables = xrealloc(r->tables, (size_t)(r->ntables + 1) * sizeof(*r->tables));
	struct rtable *t = &r->tables[r->ntables];
	memset(t, 0, sizeof(*t));
	t->key = xstrdup(key);
	t->title = xstrdup(title);
	t->cols = cols;
	t->ncols = ncols;
	return r->ntables++;
}

struct rcell *report_add_row(struct report *r, int ti)
{
	struct rtable *t = &r->tables[ti];
	size_t nc = (size_t)t->ncols;
	if (t->nrows == t->alloc) {
		t->alloc = t->alloc ? 2 * t->alloc : 16;
		t->cells = xrealloc(t->cells, t->alloc * nc * sizeof(*t->cells));
	}
	struct rcell *row = &t->cells[t->nrows++ * nc];
	for (size_t i = 0; i < nc; i++)
		row[i] = (struct rcell){.null = true};
	return row;
}

void rcell_int(struct rcell *c, int64_t v)
{
	c->null = false;
	c->i = v;
}

void rcell_pct(struct rcell *c, double v)
{
	c->null = false;
	c->d = v;
}

void rcell_date(struct rcell *c, date_t v)
{
	c->null = false;
	c->i = v;
}

void rcell_flag(struct rcell *c, bool v)
{
	c->null = false;
	c->i = v;
}

void rcell_text(struct rcell *c, const char *s)
{
	free(c->s);
	c->s = s ? xstrdup(s) : NULL;
	c->null = s == NULL;
}

void report_add_chart(struct report *r, const struct rchart *c)
{
	r->charts = xrealloc(r->charts, (size_t)(r->ncharts + 1) * sizeof(*r->charts));
	r->charts[r->ncharts] = *c;
	r->charts[r->ncharts].title = xstrdup(c->title ? c->title : "");
	r->ncharts++;
}

void report_add_fact_date(struct report *r, const char *key, const char *label, date_t v)
{
	rcell_date(&fact_add(r, key, label, RT_DATE)->v, v);
}

void report_add_fact_null(struct report *r, const char *key, const char *label, enum rtype t)
{
	fact_add(r, key, label, t)->v.null = true;
}

/* s in upper case (utf8proc's mapping, so "đảng bộ" → "ĐẢNG BỘ"); the caller frees. */
static char *upper(const char *s)
{
	struct buf b = BUF_INIT;
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	utf8proc_ssize_t left = (utf8proc_ssize_t)strlen(s);
	while (left > 0) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t n = utf8proc_iterate(p, left, &cp);
		if (n <= 0) {
			p++;
			left--;
			continue;
		}
		utf8proc_uint8_t enc[4];
		utf8proc_ssize_t k = utf8proc_encode_char(utf8proc_toupper(cp), enc);
		buf_add(&b, (const char *)enc, (size_t)k);
		p += n;
		left -= n;
	}
	return buf_detach(&b);
}

void report_set_org(struct report *r, const char *code, const char *name)
{
	/* Kind words, then unit words, each followed by a space; the rest names the place. */
	static const char *const kinds[] = {"Đảng bộ ", "Chi bộ ", NULL};
	static const char *const units[] = {"tỉnh ", "thành phố ", "thị xã ", "quận ", "huyện ",
		"phường ", "xã ", "thị trấn ", NULL};
	free(r->org_code);
	free(r->org_name);
	free(r->committee);
	free(r->place);
	r->org_code = code ? xstrdup(code) : NULL;
	r->org_name = name ? xstrdup(name) : NULL;
	r->committee = name ? upper(name) : NULL;
	r->place = NULL;
	if (!name)
		return;
	const char *p = name;
	for (int i = 0; kinds[i]; i++)
		if (strncmp(p, kinds[i], strlen(kinds[i])) == 0) {
			p += strlen(kinds[i]);
			break;
		}
	for (int i = 0; units[i]; i++)
		if (strncmp(p, units[i], strlen(units[i])) == 0 && p[strlen(units[i])]) {
			r->place = xstrdup(p + strlen(units[i]));
			return;
		}
}
