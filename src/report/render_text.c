/*
 * render_text.c — the text, JSON and CSV renderings of a struct report (report/table.h).
 *
 * Text is for a reader: the title, the org, "Tính đến ngày dd/mm/yyyy", the paragraphs, the
 * facts, then each table as columns aligned by their display width (utf8proc's character
 * widths, so "Đảng bộ phường Vệ An" lines up with ASCII), numbers in Vietnamese style
 * (1.234, 67,2%), text left and figures right. JSON follows the schema of table.h with keys
 * in a fixed order (jansson, JSON_PRESERVE_ORDER). CSV is RFC 4180: each table's header of
 * Vietnamese titles then its rows, a blank line between tables, every field written by
 * csv_write_field (quoting, formula neutralisation as the exports do).
 */
#include "report/render_impl.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <utf8proc.h>

#include "util/csv.h"
#include "util/vn.h"
#include "util/xalloc.h"

void report_cell_text(struct buf *out, const struct rcell *c, enum rtype t)
{
	char d[DATE_STRLEN];
	if (c->null) {
		buf_adds(out, "—");
		return;
	}
	switch (t) {
	case RT_TEXT:
		buf_adds(out, c->s ? c->s : "");
		break;
	case RT_INT:
		vn_fmt_int(out, c->i);
		break;
	case RT_PCT:
		vn_fmt_dec(out, c->d, 1);
		buf_addc(out, '%');
		break;
	case RT_DATE:
		buf_adds(out, date_format((date_t)c->i, d));
		break;
	case RT_FLAG:
		buf_adds(out, c->i ? "Có" : "");
		break;
	}
}

static void spaces(struct buf *out, int n)
{
	for (int i = 0; i < n; i++)
		buf_addc(out, ' ');
}

static void rule_line(struct buf *out, const int *w, int n)
{
	for (int j = 0; j < n; j++) {
		if (j)
			buf_adds(out, "  ");
		for (int k = 0; k < w[j]; k++)
			buf_adds(out, "─");
	}
	buf_addc(out, '\n');
}

static void table_text(struct buf *out, const struct rtable *t)
{
	int nc = t->ncols;
	size_t nr = t->nrows;
	if (nc == 0)
		return;
	/* Every cell's text once, then the widths, then the lines. */
	char **txt = xcalloc((nr + 1) * (size_t)nc, sizeof(char *));
	int *w = xcalloc((size_t)nc, sizeof(int));
	for (int j = 0; j < nc; j++) {
		txt[j] = xstrdup(t->cols[j].title);
		w[j] = vn_width(txt[j]);
	}
	for (size_t i = 0; i < nr; i++)
		for (int j = 0; j < nc; j++) {
			struct buf b = BUF_INIT;
			report_cell_text(
				&b, &t->cells[i * (size_t)nc + (size_t)j], t->cols[j].type);
			char *s = buf_detach(&b);
			/* A cell is one line: a newline in a text becomes a space. */
			for (char *p = s; *p; p++)
				if (*p == '\n' || *p == '\r' || *p == '\t')
					*p = ' ';
			txt[(i + 1) * (size_t)nc + (size_t)j] = s;
			int dw = vn_width(s);
			if (dw > w[j])
				w[j] = dw;
		}
	buf_addf(out, "%s\n", t->title);
	for (size_t i = 0; i <= nr; i++) {
		if (i == 1 || (t->total_row && nr > 0 && i == nr))
			rule_line(out, w, nc);
		for (int j = 0; j < nc; j++) {
			const char *s = txt[i * (size_t)nc + (size_t)j];
			int pad = w[j] - vn_width(s);
			bool right = t->cols[j].type == RT_INT || t->cols[j].type == RT_PCT;
			if (j)
				buf_adds(out, "  ");
			if (right)
				spaces(out, pad);
			buf_adds(out, s);
			if (!right && j < nc - 1)
				spaces(out, pad);
		}
		/* No trailing blanks: a last text column is not padded. */
		while (out->len > 0 && out->s[out->len - 1] == ' ')
			buf_setlen(out, out->len - 1);
		buf_addc(out, '\n');
	}
	for (size_t i = 0; i < (nr + 1) * (size_t)nc; i++)
		free(txt[i]);
	free(txt);
	free(w);
}

enum ptdv_err report_render_text(const struct report *r, struct buf *out)
{
	char d[DATE_STRLEN];
	if (r->title)
		buf_addf(out, "%s\n", r->title);
	if (r->org_name)
		buf_addf(out, "%s (mã %s)\n", r->org_name, r->org_code ? r->org_code : "");
	if (r->as_of != DATE_NONE)
		buf_addf(out, "Tính đến ngày %s\n", date_format(r->as_of, d));
	if (r->nparagraphs)
		buf_addc(out, '\n');
	for (int i = 0; i < r->nparagraphs; i++)
		buf_addf(out, "%s\n", r->paragraphs[i]);
	if (r->nfacts) {
		buf_addc(out, '\n');
		for (int i = 0; i < r->nfacts; i++) {
			buf_addf(out, "- %s: ", r->facts[i].label);
			report_cell_text(out, &r->facts[i].v, r->facts[i].type);
			buf_addc(out, '\n');
		}
	}
	for (int i = 0; i < r->ntables; i++) {
		buf_addc(out, '\n');
		table_text(out, &r->tables[i]);
	}
	return PTDV_OK;
}

/* --- JSON --- */

static json_t *cell_json(const struct rcell *c, enum rtype t)
{
	char d[DATE_STRLEN];
	if (c->null)
		return json_null();
	switch (t) {
	case RT_TEXT:
		return c->s ? json_string(c->s) : json_null();
	case RT_INT:
		return json_integer((json_int_t)c->i);
	case RT_PCT:
		return isfinite(c->d) ? json_real(round(c->d * 10.0) / 10.0) : json_null();
	case RT_DATE:
		return json_string(date_format_iso((date_t)c->i, d));
	case RT_FLAG:
		return json_boolean(c->i);
	}
	return json_null();
}

enum ptdv_err report_render_json(const struct report *r, struct buf *out)
{
	char d[DATE_STRLEN];
	json_t *root = json_object();
	json_object_set_new(root, "report", json_string(r->name ? r->name : ""));
	json_object_set_new(root, "title", r->title ? json_string(r->title) : json_null());
	json_t *org = json_object();
	json_object_set_new(org, "code", r->org_code ? json_string(r->org_code) : json_null());
	json_object_set_new(org, "name", r->org_name ? json_string(r->org_name) : json_null());
	json_object_set_new(root, "org", org);
	json_object_set_new(root, "as_of",
		r->as_of != DATE_NONE ? json_string(date_format_iso(r->as_of, d)) : json_null());
	json_t *facts = json_object();
	for (int i = 0; i < r->nfacts; i++)
		json_object_set_new(
			facts, r->facts[i].key, cell_json(&r->facts[i].v, r->facts[i].type));
	json_object_set_new(root, "facts", facts);
	json_t *tables = json_object();
	for (int i = 0; i < r->ntables; i++) {
		const struct rtable *t = &r->tables[i];
		json_t *rows = json_array();
		for (size_t k = 0; k < t->nrows; k++) {
			json_t *row = json_object();
			for (int j = 0; j < t->ncols; j++)
				json_object_set_new(row, t->cols[j].key,
					cell_json(&t->cells[k * (size_t)t->ncols + (size_t)j],
						t->cols[j].type));
			json_array_append_new(rows, row);
		}
		json_object_set_new(tables, t->key, rows);
	}
	json_object_set_new(root, "tables", tables);
	char *s = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10));
	json_decref(root);
	if (!s)
		return PTDV_IO;
	buf_adds(out, s);
	buf_addc(out, '\n');
	free(s);
	return PTDV_OK;
}

/* --- CSV --- */

/* A cell as a CSV field: counts without separators, 67,2 for percentages, dd/mm/yyyy. */
static void cell_csv(struct buf *out, const struct rcell *c, enum rtype t)
{
	struct buf b = BUF_INIT;
	char d[DATE_STRLEN];
	if (!c->null) {
		switch (t) {
		case RT_TEXT:
			buf_adds(&b, c->s ? c->s : "");
			break;
		case RT_INT:
			buf_addf(&b, "%lld", (long long)c->i);
			break;
		case RT_PCT: {
			struct buf p = BUF_INIT;
			vn_fmt_dec(&p, c->d, 1);
			/* No thousands dots in a field a spreadsheet reads as a number. */
			for (const char *s = p.s; *s; s++)
				if (*s != '.')
					buf_addc(&b, *s);
			buf_free(&p);
			break;
		}
		case RT_DATE:
			buf_adds(&b, date_format((date_t)c->i, d));
			break;
		case RT_FLAG:
			buf_adds(&b, c->i ? "Có" : "Không");
			break;
		}
	}
	csv_write_field(out, b.s, b.len);
	buf_free(&b);
}

enum ptdv_err report_render_csv(const struct report *r, struct buf *out)
{
	for (int i = 0; i < r->ntables; i++) {
		const struct rtable *t = &r->tables[i];
		if (i)
			buf_adds(out, "\r\n");
		for (int j = 0; j < t->ncols; j++) {
			if (j)
				buf_addc(out, ',');
			csv_write_field(out, t->cols[j].title, strlen(t->cols[j].title));
		}
		buf_adds(out, "\r\n");
		for (size_t k = 0; k < t->nrows; k++) {
			for (int j = 0; j < t->ncols; j++) {
				if (j)
					buf_addc(out, ',');
				cell_csv(out, &t->cells[k * (size_t)t->ncols + (size_t)j],
					t->cols[j].type);
			}
			buf_adds(out, "\r\n");
		}
	}
	return PTDV_OK;
}
