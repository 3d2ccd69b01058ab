/*
 * render_xlsx.c — report_render_xlsx: a report as an Excel workbook, through the table
 * writer of util/xlsx.h (libxlsxwriter).
 *
 * The first sheet, "Tổng hợp", holds the heading (title, organisation, issuing committee,
 * date), the body text and the facts as two columns, "Nội dung" and "Giá trị"; then one
 * sheet per table, named by the table's key, with its Vietnamese headers bold, frozen and
 * filterable. Counts are numbers shown 1,234, percentages numbers shown 67.2%, days real
 * dates shown dd/mm/yyyy, flags "Có" or empty, the total row bold; each column is as wide
 * as its longest text. A workbook with a table of more than REPORT_XLSX_BIG rows is written
 * in libxlsxwriter's constant-memory mode. libxlsxwriter writes files only (the Debian
 * version has no output buffer), so the workbook goes to a temporary file that is read
 * into out and removed.
 */
#include "report/render_impl.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/vn.h"
#include "util/xalloc.h"
#include "util/xlsx.h"

/* Tables longer than this are written in constant-memory mode. */
#define REPORT_XLSX_BIG 10000
/* Column widths, in characters. */
#define WIDTH_MIN 8
#define WIDTH_MAX 60

static const enum xlsx_col_type col_types[] = {
	[RT_TEXT] = XLSX_COL_TEXT,
	[RT_INT] = XLSX_COL_COUNT,
	[RT_PCT] = XLSX_COL_PCT,
	[RT_DATE] = XLSX_COL_DATE,
	[RT_FLAG] = XLSX_COL_TEXT,
};

/* Returns the number of characters of the UTF-8 string s. */
static size_t chars(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

/* Widens *width to fit n characters (plus a margin), within WIDTH_MAX. */
static void fit(double *width, size_t n)
{
	double w = (double)n + 2;
	if (w > WIDTH_MAX)
		w = WIDTH_MAX;
	if (w > *width)
		*width = w;
}

/* Writes cell c of type t at the writer's cursor. */
static void put(struct xlsx_writer *w, enum rtype t, const struct rcell *c)
{
	if (c->null) {
		xlsx_writer_blank(w);
		return;
	}
	switch (t) {
	case RT_TEXT:
		xlsx_writer_text(w, c->s ? c->s : "", c->s ? strlen(c->s) : 0);
		break;
	case RT_INT:
		xlsx_writer_count(w, c->i);
		break;
	case RT_PCT:
		xlsx_writer_pct(w, c->d);
		break;
	case RT_DATE:
		xlsx_writer_date(w, (date_t)c->i);
		break;
	case RT_FLAG:
		if (c->i)
			xlsx_writer_text(w, "Có", strlen("Có"));
		else
			xlsx_writer_blank(w);
		break;
	}
}

/* Adds a row "label | text" to the summary sheet. */
static void text_row(struct xlsx_writer *w, const char *label, const char *text)
{
	xlsx_writer_text(w, label, strlen(label));
	xlsx_writer_text(w, text, strlen(text));
	xlsx_writer_end_row(w);
}

/* The summary sheet: heading, body text and facts. */
static enum ptdv_err summary_sheet(const struct report *r, struct xlsx_writer *w)
{
	struct xlsx_column cols[] = {
		{"Nội dung", XLSX_COL_TEXT, 0, NULL},
		{"Giá trị", XLSX_COL_GENERAL, 0, NULL},
	};
	struct buf b = BUF_INIT;
	enum ptdv_err err;
	double w0 = WIDTH_MIN, w1 = 2 * WIDTH_MIN;

	fit(&w0, chars("Tính đến ngày"));
	for (int i = 0; i < r->nfacts; i++)
		fit(&w0, chars(r->facts[i].label));
	fit(&w1, r->title ? chars(r->title) : 0);
	fit(&w1, r->org_name ? chars(r->org_name) + 12 : 0);
	cols[0].width = w0;
	cols[1].width = w1 > 40 ? w1 : 40;
	err = xlsx_writer_add_sheet(w, "Tổng hợp", cols, 2);
	if (err)
		return err;
	text_row(w, "Báo cáo", r->title ? r->title : "");
	if (r->committee)
		text_row(w, "Cấp ủy", r->committee);
	if (r->org_name) {
		buf_adds(&b, r->org_name);
		if (r->org_code)
			buf_addf(&b, " (mã %s)", r->org_code);
		text_row(w, "Tổ chức", b.s);
	}
	if (r->place)
		text_row(w, "Địa danh", r->place);
	xlsx_writer_text(w, "Tính đến ngày", strlen("Tính đến ngày"));
	xlsx_writer_date(w, r->as_of);
	xlsx_writer_end_row(w);
	for (int i = 0; i < r->nparagraphs; i++)
		text_row(w, i == 0 ? "Nội dung báo cáo" : "", r->paragraphs[i]);
	for (int i = 0; i < r->nfacts; i++) {
		const struct rfact *f = &r->facts[i];
		xlsx_writer_text(w, f->label, strlen(f->label));
		put(w, f->type, &f->v);
		xlsx_writer_end_row(w);
	}
	buf_free(&b);
	return PTDV_OK;
}

/* One table as a sheet named by its key. */
static enum ptdv_err table_sheet(const struct rtable *t, struct xlsx_writer *w)
{
	struct xlsx_column *cols = xcalloc((size_t)t->ncols, sizeof(*cols));
	struct buf b = BUF_INIT;
	enum ptdv_err err;
	size_t nc = (size_t)t->ncols;

	for (size_t j = 0; j < nc; j++) {
		const struct rcol *c = &t->cols[j];
		cols[j] = (struct xlsx_column){c->title, col_types[c->type], WIDTH_MIN, NULL};
		/* The header, bold with the filter's button beside it. */
		fit(&cols[j].width, chars(c->title) + 3);
		if (c->type == RT_DATE)
			fit(&cols[j].width, 10);
	}
	for (size_t i = 0; i < t->nrows; i++)
		for (size_t j = 0; j < nc; j++) {
			const struct rcell *c = &t->cells[i * nc + j];
			if (c->null || t->cols[j].type == RT_DATE)
				continue;
			buf_reset(&b);
			report_cell_text(&b, c, t->cols[j].type);
			fit(&cols[j].width, chars(b.s));
		}
	err = xlsx_writer_add_sheet(w, t->key, cols, nc);
	if (err)
		goto fail;
	for (size_t i = 0; i < t->nrows; i++) {
		if (t->total_row && i + 1 == t->nrows)
			xlsx_writer_bold_row(w);
		for (size_t j = 0; j < nc; j++)
			put(w, t->cols[j].type, &t->cells[i * nc + j]);
		xlsx_writer_end_row(w);
	}
fail:
	buf_free(&b);
	free(cols);
	return err;
}

/* Appends the bytes of the file at path to out. Returns PTDV_OK or PTDV_IO. */
static enum ptdv_err slurp(const char *path, struct buf *out)
{
	FILE *f = fopen(path, "rb");
	char chunk[65536];
	size_t n;
	enum ptdv_err err = PTDV_OK;

	if (!f)
		return PTDV_IO;
	do {
		n = fread(chunk, 1, sizeof(chunk), f);
		buf_add(out, chunk, n);
	} while (n == sizeof(chunk));
	if (ferror(f))
		err = PTDV_IO;
	fclose(f);
	return err;
}

enum ptdv_err report_render_xlsx(const struct report *r, struct buf *out)
{
	const char *dir = getenv("TMPDIR");
	struct xlsx_writer *w = NULL;
	struct buf path = BUF_INIT;
	enum ptdv_err err;
	bool big = false;
	int fd;

	buf_addf(&path, "%s/ptdv-report-XXXXXX.xlsx", dir && *dir ? dir : "/tmp");
	fd = mkstemps(path.s, 5);
	if (fd < 0) {
		buf_free(&path);
		return PTDV_IO;
	}
	close(fd);
	for (int i = 0; i < r->ntables; i++)
		big |= r->tables[i].nrows > REPORT_XLSX_BIG;
	w = xlsx_writer_new(path.s, big);
	err = summary_sheet(r, w);
	for (int i = 0; !err && i < r->ntables; i++)
		err = table_sheet(&r->tables[i], w);
	if (err)
		goto fail;
	err = xlsx_writer_close(w);
	if (err)
		goto fail;
	err = slurp(path.s, out);
fail:
	xlsx_writer_free(w);
	unlink(path.s);
	buf_free(&path);
	return err;
}
