/*
 * render_pdf.c — report_render_pdf: a report as a PDF laid out as a Party report, with
 * cairo's PDF surface and pango, in Liberation Serif (the metric twin of Times New Roman).
 *
 * Page 1 opens with the heading of a Party document: the issuing committee in capitals
 * top left with a short rule under it; "ĐẢNG CỘNG SẢN VIỆT NAM" bold and underlined top
 * right with the dateline in italics under it ("Bắc Ninh, ngày 22 tháng 4 năm 2024"); then
 * the title, centred and bold. The body text follows, justified, then the facts, then each
 * table under its caption (grid lines, numbers right-aligned, the total row bold, the
 * header row repeated on every page the table runs onto), then the charts, drawn from the
 * same model as the SVG ones (chart.h). Every page ends with "Trang i/n".
 *
 * A4 portrait, or landscape when some table's columns do not fit the portrait width even
 * with their headers wrapped (measured with the fonts). Text cells wrap; numbers and dates
 * do not. The layout runs twice: once to count the pages, without drawing, and once to
 * draw, knowing n. The PDF's creation date is the report's date, so the same report gives
 * the same bytes.
 *
 * Built as the module ptdv-pdf.so (util/module.h), so that only a PDF pays for loading cairo
 * and pango; render.c reaches report_render_pdf through the table at the end of this file.
 */
#include "report/render_impl.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>

#include "util/xalloc.h"

#define MM (72.0 / 25.4)
#define A4_SHORT (210 * MM)
#define A4_LONG (297 * MM)
/* Margins of Vietnamese administrative documents: wide on the left for binding. */
#define M_TOP (20 * MM)
#define M_BOTTOM (20 * MM)
#define M_LEFT (30 * MM)
#define M_RIGHT (15 * MM)
/* The footer's baseline area, inside the bottom margin. */
#define FOOT_Y (10 * MM)

#define FONT "Liberation Serif"
#define PAD_X 3.0 /* cell padding */
#define PAD_Y 2.0
#define PARA_GAP 6.0
#define BLOCK_GAP 14.0
#define GRID_W 0.5

enum font {
	F_BODY,
	F_BOLD,
	F_ITALIC,
	F_TITLE,
	F_CAPTION,
	F_TABLE,
	F_TABLE_BOLD,
	F_FOOT,
	F_CHART,
	F_CHART_BOLD,
	F__MAX
};

static const char *const font_spec[F__MAX] = {
	[F_BODY] = FONT " 13",
	[F_BOLD] = FONT " Bold 13",
	[F_ITALIC] = FONT " Italic 13",
	[F_TITLE] = FONT " Bold 14",
	[F_CAPTION] = FONT " Bold 12",
	[F_TABLE] = FONT " 10.5",
	[F_TABLE_BOLD] = FONT " Bold 10.5",
	[F_FOOT] = FONT " 11",
	[F_CHART] = FONT " 10",
	[F_CHART_BOLD] = FONT " Bold 12",
};

/* The column widths a table needs, measured once (in points, padding included). */
struct tmeasure {
	double *need;   /* contents on one line, header wrapped at its words */
	double *want;   /* contents and header each on one line */
	double *minw;   /* text columns wrapped down to a readable width */
	double *w;      /* the widths chosen for the page's width */
	double sum_min; /* the narrowest the table can be set without cramping it */
};

struct pdf {
	const struct report *r;
	cairo_surface_t *surface;
	cairo_t *cr;
	PangoLayout *lay;
	PangoFontDescription *fonts[F__MAX];
	struct tmeasure *tm; /* one per table */
	struct report__chart *charts;
	bool draw;      /* the second pass: draw, knowing npages */
	double pw, ph;  /* the page */
	double x0, cw;  /* the content's left edge and width */
	double y, ymax; /* the next line's top, the content's bottom */
	double line_h;  /* one line of F_TABLE */
	int page, npages;
	struct buf tmp;
};

/* --- text --- */

/*
 * Sets the layout to text in font f, wrapped at width w (no wrapping when w <= 0) and
 * aligned a; returns its height.
 */
static double set_text(struct pdf *p, enum font f, const char *text, double w, PangoAlignment a)
{
	int lw, lh;

	pango_layout_set_font_description(p->lay, p->fonts[f]);
	pango_layout_set_attributes(p->lay, NULL);
	pango_layout_set_indent(p->lay, 0);
	pango_layout_set_justify(p->lay, FALSE);
	pango_layout_set_width(p->lay, w > 0 ? pango_units_from_double(w) : -1);
	pango_layout_set_wrap(p->lay, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_alignment(p->lay, a);
	pango_layout_set_text(p->lay, text, -1);
	pango_layout_get_size(p->lay, &lw, &lh);
	return pango_units_to_double(lh);
}

/* The width of the layout's text. */
static double text_width(struct pdf *p)
{
	int lw, lh;
	pango_layout_get_size(p->lay, &lw, &lh);
	return pango_units_to_double(lw);
}

/* Draws the layout with its top left corner at (x, y), in the second pass. */
static void show(struct pdf *p, double x, double y)
{
	if (!p->draw)
		return;
	cairo_move_to(p->cr, x, y);
	pango_cairo_show_layout(p->cr, p->lay);
}

/* The width of the widest word of text in font f. */
static double widest_word(struct pdf *p, enum font f, const char *text)
{
	double max = 0;
	const char *s = text;

	while (*s) {
		size_t n = strcspn(s, " ");
		if (n) {
			buf_reset(&p->tmp);
			buf_add(&p->tmp, s, n);
			set_text(p, f, p->tmp.s, 0, PANGO_ALIGN_LEFT);
			if (text_width(p) > max)
				max = text_width(p);
		}
		s += n;
		s += strspn(s, " ");
	}
	return max;
}

/* --- pages --- */

static void line(struct pdf *p, double x1, double y1, double x2, double y2, double width)
{
	if (!p->draw)
		return;
	cairo_set_line_width(p->cr, width);
	cairo_move_to(p->cr, x1, y1);
	cairo_line_to(p->cr, x2, y2);
	cairo_stroke(p->cr);
}

/* Ends the current page: its number at the foot, then the next page. */
static void page_end(struct pdf *p)
{
	if (p->draw) {
		buf_reset(&p->tmp);
		buf_addf(&p->tmp, "Trang %d/%d", p->page, p->npages);
		set_text(p, F_FOOT, p->tmp.s, p->cw, PANGO_ALIGN_CENTER);
		show(p, p->x0, p->ph - FOOT_Y - p->line_h);
		cairo_show_page(p->cr);
	}
}

static void page_break(struct pdf *p)
{
	page_end(p);
	p->page++;
	p->y = M_TOP;
}

/* Starts a new page unless h more points fit on this one (or it is still empty). */
static void need(struct pdf *p, double h)
{
	if (p->y + h > p->ymax && p->y > M_TOP)
		page_break(p);
}

/*
 * Flows the layout down the page from the left edge x, line by line, breaking pages
 * between lines.
 */
static void flow(struct pdf *p, double x)
{
	PangoLayoutIter *it = pango_layout_get_iter(p->lay);
	double top = p->y; /* where the layout's top is on this page */
	double bottom = p->y;

	do {
		PangoRectangle lr;
		pango_layout_iter_get_line_extents(it, NULL, &lr);
		double ly = pango_units_to_double(lr.y), lh = pango_units_to_double(lr.height);
		if (top + ly + lh > p->ymax && top + ly > M_TOP) {
			page_break(p);
			top = p->y - ly;
		}
		if (p->draw) {
			PangoLayoutLine *l = pango_layout_iter_get_line_readonly(it);
			cairo_move_to(p->cr, x + pango_units_to_double(lr.x),
				top + pango_units_to_double(pango_layout_iter_get_baseline(it)));
			pango_cairo_show_layout_line(p->cr, l);
		}
		bottom = top + ly + lh;
	} while (pango_layout_iter_next_line(it));
	pango_layout_iter_free(it);
	p->y = bottom;
}

/* --- the heading, the body and the facts --- */

static void heading(struct pdf *p)
{
	const struct report *r = p->r;
	double lw = p->cw * 0.42, rw = p->cw - lw, rx = p->x0 + lw;
	double y = p->y, hl, hr;
	char *committee = NULL;

	/* Top left: the committee in capitals, a short rule under it. */
	if (r->committee)
		committee = g_utf8_strup(r->committee, -1);
	else if (r->org_name)
		committee = g_utf8_strup(r->org_name, -1);
	hl = set_text(p, F_BOLD, committee ? committee : "", lw - 6, PANGO_ALIGN_CENTER);
	show(p, p->x0, y);
	if (committee && *committee) {
		line(p, p->x0 + lw / 2 - lw / 6, y + hl + 3, p->x0 + lw / 2 + lw / 6, y + hl + 3,
			0.6);
		hl += 3;
	}
	g_free(committee);

	/* Top right: the Party's name, bold and underlined, the dateline under it. */
	hr = set_text(p, F_BOLD, "ĐẢNG CỘNG SẢN VIỆT NAM", rw, PANGO_ALIGN_CENTER);
	PangoAttrList *attrs = pango_attr_list_new();
	pango_attr_list_insert(attrs, pango_attr_underline_new(PANGO_UNDERLINE_SINGLE));
	pango_layout_set_attributes(p->lay, attrs);
	pango_attr_list_unref(attrs);
	show(p, rx, y);
	buf_reset(&p->tmp);
	if (r->place && *r->place)
		buf_addf(&p->tmp, "%s, ", r->place);
	report__dateline(&p->tmp, r->as_of);
	double dh = set_text(p, F_ITALIC, p->tmp.s, rw, PANGO_ALIGN_CENTER);
	show(p, rx, y + hr + 6);
	hr += 6 + dh;
	p->y = y + (hl > hr ? hl : hr) + 2 * BLOCK_GAP;

	/* The title. */
	set_text(p, F_TITLE, r->title ? r->title : "", p->cw, PANGO_ALIGN_CENTER);
	flow(p, p->x0);
	p->y += BLOCK_GAP;
}

static void paragraph(struct pdf *p, const char *text)
{
	set_text(p, F_BODY, text, p->cw, PANGO_ALIGN_LEFT);
	pango_layout_set_justify(p->lay, TRUE);
	pango_layout_set_indent(p->lay, pango_units_from_double(10 * MM));
	flow(p, p->x0);
	p->y += PARA_GAP;
}

static void facts(struct pdf *p)
{
	const struct report *r = p->r;
	struct buf b = BUF_INIT;

	for (int i = 0; i < r->nfacts; i++) {
		const struct rfact *f = &r->facts[i];
		buf_reset(&b);
		buf_addf(&b, "– %s: ", f->label);
		report_cell_text(&b, &f->v, f->type);
		set_text(p, F_BODY, b.s, p->cw - 10 * MM, PANGO_ALIGN_LEFT);
		pango_layout_set_indent(p->lay, pango_units_from_double(-5 * MM));
		flow(p, p->x0 + 10 * MM);
		p->y += 2;
	}
	if (r->nfacts)
		p->y += BLOCK_GAP - 2;
	buf_free(&b);
}

/* --- tables --- */

static bool right_aligned(enum rtype t)
{
	return t == RT_INT || t == RT_PCT;
}

/* Measures the columns of table t (struct tmeasure) with the fonts. */
static void measure_table(struct pdf *p, const struct rtable *t, struct tmeasure *m)
{
	size_t nc = (size_t)t->ncols;
	double *content = xcalloc(nc, sizeof(double));
	struct buf b = BUF_INIT;

	m->need = xcalloc(nc, sizeof(double));
	m->want = xcalloc(nc, sizeof(double));
	m->minw = xcalloc(nc, sizeof(double));
	m->w = xcalloc(nc, sizeof(double));
	for (size_t i = 0; i < t->nrows; i++) {
		bool total = t->total_row && i + 1 == t->nrows;
		for (size_t j = 0; j < nc; j++) {
			buf_reset(&b);
			report_cell_text(&b, &t->cells[i * nc + j], t->cols[j].type);
			set_text(p, total ? F_TABLE_BOLD : F_TABLE, b.s, 0, PANGO_ALIGN_LEFT);
			if (text_width(p) > content[j])
				content[j] = text_width(p);
		}
	}
	m->sum_min = 0;
	for (size_t j = 0; j < nc; j++) {
		const char *title = t->cols[j].title;
		double word = widest_word(p, F_TABLE_BOLD, title);
		set_text(p, F_TABLE_BOLD, title, 0, PANGO_ALIGN_LEFT);
		double full = text_width(p);
		m->need[j] = fmax(content[j], word) + 2 * PAD_X + 1;
		m->want[j] = fmax(content[j], full) + 2 * PAD_X + 1;
		m->minw[j] = t->cols[j].type == RT_TEXT
				     ? fmax(word, fmin(content[j], 110)) + 2 * PAD_X + 1
				     : m->need[j];
		m->sum_min += m->minw[j];
	}
	free(content);
	buf_free(&b);
}

/* Chooses the widths of a measured table for the content width avail. */
static void fit_table(const struct rtable *t, struct tmeasure *m, double avail)
{
	size_t nc = (size_t)t->ncols;
	double want = 0, need = 0, minw = 0;

	for (size_t j = 0; j < nc; j++) {
		want += m->want[j];
		need += m->need[j];
		minw += m->minw[j];
	}
	for (size_t j = 0; j < nc; j++) {
		if (want <= avail)
			/* Everything on one line: spread the rest of the width. */
			m->w[j] = m->want[j] + (avail - want) * m->want[j] / want;
		else if (need <= avail)
			/* Headers wrap as little as the width allows. */
			m->w[j] = m->need[j] +
				  (m->want[j] - m->need[j]) * (avail - need) / (want - need);
		else if (minw <= avail)
			/* Text columns wrap. */
			m->w[j] = m->need[j] -
				  (m->need[j] - m->minw[j]) * (need - avail) / (need - minw);
		else
			m->w[j] = m->minw[j] * avail / minw;
	}
}

/* The height of row i of t (padding included); F_TABLE lines for cells that do not wrap. */
static double row_height(struct pdf *p, const struct rtable *t, const struct tmeasure *m, size_t i)
{
	size_t nc = (size_t)t->ncols;
	bool total = t->total_row && i + 1 == t->nrows;
	double h = p->line_h;

	for (size_t j = 0; j < nc; j++) {
		const struct rcell *c = &t->cells[i * nc + j];
		if (t->cols[j].type != RT_TEXT || c->null || !c->s)
			continue;
		double ch = set_text(p, total ? F_TABLE_BOLD : F_TABLE, c->s, m->w[j] - 2 * PAD_X,
			PANGO_ALIGN_LEFT);
		if (ch > h)
			h = ch;
	}
	return h + 2 * PAD_Y;
}

static double header_height(struct pdf *p, const struct rtable *t, const struct tmeasure *m)
{
	double h = p->line_h;
	for (int j = 0; j < t->ncols; j++) {
		double ch = set_text(
			p, F_TABLE_BOLD, t->cols[j].title, m->w[j] - 2 * PAD_X, PANGO_ALIGN_CENTER);
		if (ch > h)
			h = ch;
	}
	return h + 2 * PAD_Y;
}

static void header_row(struct pdf *p, const struct rtable *t, const struct tmeasure *m, double h)
{
	double x = p->x0;

	for (int j = 0; j < t->ncols; j++) {
		if (p->draw) {
			cairo_set_source_rgb(p->cr, 0.88, 0.88, 0.88);
			cairo_rectangle(p->cr, x, p->y, m->w[j], h);
			cairo_fill(p->cr);
			cairo_set_source_rgb(p->cr, 0, 0, 0);
			cairo_set_line_width(p->cr, GRID_W);
			cairo_rectangle(p->cr, x, p->y, m->w[j], h);
			cairo_stroke(p->cr);
		}
		double th = set_text(
			p, F_TABLE_BOLD, t->cols[j].title, m->w[j] - 2 * PAD_X, PANGO_ALIGN_CENTER);
		show(p, x + PAD_X, p->y + (h - th) / 2);
		x += m->w[j];
	}
	p->y += h;
}

static void body_row(
	struct pdf *p, const struct rtable *t, const struct tmeasure *m, size_t i, double h)
{
	size_t nc = (size_t)t->ncols;
	bool total = t->total_row && i + 1 == t->nrows;
	double x = p->x0;

	for (size_t j = 0; j < nc; j++) {
		enum rtype type = t->cols[j].type;
		PangoAlignment a = right_aligned(type) ? PANGO_ALIGN_RIGHT
				   : type == RT_TEXT   ? PANGO_ALIGN_LEFT
						       : PANGO_ALIGN_CENTER;
		buf_reset(&p->tmp);
		report_cell_text(&p->tmp, &t->cells[i * nc + j], type);
		set_text(p, total ? F_TABLE_BOLD : F_TABLE, p->tmp.s, m->w[j] - 2 * PAD_X, a);
		show(p, x + PAD_X, p->y + PAD_Y);
		if (p->draw) {
			cairo_set_line_width(p->cr, GRID_W);
			cairo_rectangle(p->cr, x, p->y, m->w[j], h);
			cairo_stroke(p->cr);
		}
		x += m->w[j];
	}
	p->y += h;
}

static void table(struct pdf *p, int ti)
{
	const struct rtable *t = &p->r->tables[ti];
	struct tmeasure *m = &p->tm[ti];
	double hh = header_height(p, t, m);
	double ch = set_text(p, F_CAPTION, t->title, p->cw, PANGO_ALIGN_LEFT);
	double first = t->nrows ? row_height(p, t, m, 0) : 0;

	/* The caption stays with the header and the first row. */
	need(p, ch + 4 + hh + first);
	set_text(p, F_CAPTION, t->title, p->cw, PANGO_ALIGN_LEFT);
	flow(p, p->x0);
	p->y += 4;
	header_row(p, t, m, hh);
	for (size_t i = 0; i < t->nrows; i++) {
		double h = i == 0 ? first : row_height(p, t, m, i);
		if (p->y + h > p->ymax) {
			page_break(p);
			header_row(p, t, m, hh);
		}
		body_row(p, t, m, i, h);
	}
	p->y += BLOCK_GAP;
}

/* --- charts (the geometry of chart.c, in points) --- */

#define CH_BARS_H 210.0
#define CH_ROW_H 32.0
#define CH_TITLE_H 22.0

static double chart_height(const struct chart *c)
{
	return CH_TITLE_H + (c->kind == CHART_BARS ? CH_BARS_H : 8 + CH_ROW_H * (c->n ? c->n : 1));
}

static void rect(struct pdf *p, double x, double y, double w, double h, double grey, bool outline)
{
	if (!p->draw)
		return;
	cairo_set_source_rgb(p->cr, grey, grey, grey);
	cairo_rectangle(p->cr, x, y, w, h);
	cairo_fill(p->cr);
	cairo_set_source_rgb(p->cr, 0, 0, 0);
	if (outline) {
		cairo_set_line_width(p->cr, GRID_W);
		cairo_rectangle(p->cr, x, y, w, h);
		cairo_stroke(p->cr);
	}
}

static void chart_bars(struct pdf *p, const struct chart *c, double top)
{
	double left = p->x0 + 30, right = p->x0 + p->cw - 10;
	double axis = top + CH_BARS_H - 24, plot_h = CH_BARS_H - 24 - 36;
	double max = 1, slot, bar_w;
	bool any_line = false;

	for (int i = 0; i < c->n; i++) {
		max = fmax(max, fmax(c->items[i].value, c->items[i].line));
		any_line |= c->items[i].line >= 0;
	}
	max += max / 8 + 1;
	slot = (right - left) / (c->n ? c->n : 1);
	bar_w = slot * 0.6;
	/* Legend. */
	if (c->value_name) {
		rect(p, left, top + 4, 10, 10, 0.35, false);
		set_text(p, F_CHART, c->value_name, 0, PANGO_ALIGN_LEFT);
		show(p, left + 14, top + 2);
	}
	if (any_line && c->line_name) {
		if (p->draw) {
			double dash[] = {5, 3};
			cairo_set_dash(p->cr, dash, 2, 0);
			line(p, left + 170, top + 9, left + 195, top + 9, 2);
			cairo_set_dash(p->cr, NULL, 0, 0);
		}
		set_text(p, F_CHART, c->line_name, 0, PANGO_ALIGN_LEFT);
		show(p, left + 200, top + 2);
	}
	line(p, left, axis, right, axis, 0.6);
	for (int i = 0; i < c->n; i++) {
		double v = fmax(c->items[i].value, 0);
		double bx = left + slot * i + (slot - bar_w) / 2, h = plot_h * v / max;
		rect(p, bx, axis - h, bar_w, h, 0.35, false);
		buf_reset(&p->tmp);
		report_chart_value(&p->tmp, c, c->items[i].value);
		set_text(p, F_CHART, p->tmp.s, slot, PANGO_ALIGN_CENTER);
		/* Above the bar, or above the target's point when that is close. */
		double ty = axis - h;
		if (c->items[i].line >= 0) {
			double ly = axis - plot_h * c->items[i].line / max;
			if (ly < ty && ly > ty - 16)
				ty = ly - 3;
		}
		show(p, left + slot * i, ty - p->line_h - 1);
		set_text(p, F_CHART, c->items[i].label, slot, PANGO_ALIGN_CENTER);
		show(p, left + slot * i, axis + 3);
	}
	if (!any_line || !p->draw)
		return;
	double dash[] = {5, 3};
	cairo_set_dash(p->cr, dash, 2, 0);
	cairo_set_line_width(p->cr, 2);
	bool started = false;
	for (int i = 0; i < c->n; i++) {
		if (c->items[i].line < 0)
			continue;
		double x = left + slot * i + slot / 2, y = axis - plot_h * c->items[i].line / max;
		if (started)
			cairo_line_to(p->cr, x, y);
		else
			cairo_move_to(p->cr, x, y);
		started = true;
	}
	cairo_stroke(p->cr);
	cairo_set_dash(p->cr, NULL, 0, 0);
	for (int i = 0; i < c->n; i++) {
		if (c->items[i].line < 0)
			continue;
		double x = left + slot * i + slot / 2, y = axis - plot_h * c->items[i].line / max;
		cairo_arc(p->cr, x, y, 3, 0, 2 * M_PI);
		cairo_fill(p->cr);
	}
}

static void chart_hbars(struct pdf *p, const struct chart *c, double top)
{
	double x = p->x0 + 6, full = p->cw - 6 - 120, max = 0;

	for (int i = 0; i < c->n; i++)
		max = fmax(max, c->items[i].value);
	for (int i = 0; i < c->n; i++) {
		double y = top + 4 + CH_ROW_H * i, w, share = report_chart_share(c, i);
		set_text(p, F_CHART, c->items[i].label, p->cw - 12, PANGO_ALIGN_LEFT);
		pango_layout_set_ellipsize(p->lay, PANGO_ELLIPSIZE_END);
		show(p, x, y);
		pango_layout_set_ellipsize(p->lay, PANGO_ELLIPSIZE_NONE);
		if (c->kind == CHART_SHARE) {
			w = share > 0 ? full * fmin(share, 100) / 100 : 0;
			rect(p, x, y + 14, full, 12, 0.85, true);
		} else {
			w = max > 0 && c->items[i].value > 0 ? full * c->items[i].value / max : 0;
		}
		rect(p, x, y + 14, w, 12, 0.35, false);
		buf_reset(&p->tmp);
		if (c->kind == CHART_SHARE && !(c->pct && c->items[i].line < 0)) {
			struct chart pc = *c;
			pc.pct = true;
			report_chart_value(&p->tmp, &pc, share);
			buf_adds(&p->tmp, " (");
			report_chart_value(&p->tmp, c, c->items[i].value);
			buf_adds(&p->tmp, "/");
			report_chart_value(&p->tmp, c, c->items[i].line);
			buf_adds(&p->tmp, ")");
		} else {
			report_chart_value(&p->tmp, c, c->items[i].value);
			if (c->kind == CHART_FUNNEL && share >= 0) {
				struct chart pc = *c;
				pc.pct = true;
				buf_adds(&p->tmp, " (");
				report_chart_value(&p->tmp, &pc, share);
				buf_adds(&p->tmp, ")");
			}
		}
		set_text(p, F_CHART, p->tmp.s, 0, PANGO_ALIGN_LEFT);
		show(p, x + (c->kind == CHART_SHARE ? full : w) + 4, y + 13);
	}
}

static void chart(struct pdf *p, const struct chart *c)
{
	double h = chart_height(c);

	need(p, h);
	set_text(p, F_CHART_BOLD, c->title, p->cw, PANGO_ALIGN_LEFT);
	show(p, p->x0, p->y);
	if (c->kind == CHART_BARS)
		chart_bars(p, c, p->y + CH_TITLE_H);
	else
		chart_hbars(p, c, p->y + CH_TITLE_H);
	p->y += h + BLOCK_GAP;
}

/* --- the document --- */

/* Lays the whole report out once: draws it when p->draw, counts its pages either way. */
static void layout(struct pdf *p)
{
	const struct report *r = p->r;

	p->page = 1;
	p->y = M_TOP;
	heading(p);
	for (int i = 0; i < r->nparagraphs; i++)
		paragraph(p, r->paragraphs[i]);
	p->y += r->nparagraphs ? BLOCK_GAP - PARA_GAP : 0;
	facts(p);
	for (int i = 0; i < r->ntables; i++)
		table(p, i);
	for (int i = 0; i < r->ncharts; i++)
		chart(p, &p->charts[i].c);
	page_end(p);
}

static cairo_status_t write_out(void *closure, const unsigned char *data, unsigned int len)
{
	struct buf *out = closure;
	buf_add(out, (const char *)data, len);
	return out->toobig ? CAIRO_STATUS_WRITE_ERROR : CAIRO_STATUS_SUCCESS;
}

enum ptdv_err report_render_pdf(const struct report *r, struct buf *out)
{
	struct pdf p = {.r = r, .pw = A4_SHORT, .ph = A4_LONG};
	cairo_font_options_t *fo = NULL;
	PangoFontMap *fm = NULL;
	PangoContext *ctx = NULL;
	enum ptdv_err err = PTDV_OK;
	char iso[DATE_STRLEN + 12];
	bool landscape = false;
	size_t start = out->len;

	buf_init(&p.tmp, 0);
	p.charts = xcalloc((size_t)r->ncharts + 1, sizeof(*p.charts));
	for (int i = 0; i < r->ncharts && !err; i++)
		err = report__chart_get(r, i, &p.charts[i]);
	if (err)
		goto fail;
	p.surface = cairo_pdf_surface_create_for_stream(write_out, out, p.pw, p.ph);
	p.cr = cairo_create(p.surface);
	/*
	 * A font map of this rendering's own, released at its end, rather than pango's
	 * per-thread default that lives as long as the thread: nothing outlives the call.
	 */
	fm = pango_cairo_font_map_new();
	ctx = pango_font_map_create_context(fm);
	pango_cairo_update_context(p.cr, ctx);
	p.lay = pango_layout_new(ctx);
	/* Unhinted metrics: the layout is the same at every resolution. */
	fo = cairo_font_options_create();
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	pango_cairo_context_set_font_options(pango_layout_get_context(p.lay), fo);
	/* Font sizes are points, and so are the PDF's units (pango assumes 96 dpi). */
	pango_cairo_context_set_resolution(pango_layout_get_context(p.lay), 72);
	pango_layout_context_changed(p.lay);
	for (int f = 0; f < F__MAX; f++)
		p.fonts[f] = pango_font_description_from_string(font_spec[f]);
	p.line_h = set_text(&p, F_TABLE, "Ẫg", 0, PANGO_ALIGN_LEFT);

	/* Landscape when a table does not fit the portrait width with its headers and text
	 * cells wrapped. */
	p.tm = xcalloc((size_t)r->ntables + 1, sizeof(*p.tm));
	for (int i = 0; i < r->ntables; i++) {
		measure_table(&p, &r->tables[i], &p.tm[i]);
		landscape |= p.tm[i].sum_min > A4_SHORT - M_LEFT - M_RIGHT;
	}
	if (landscape) {
		p.pw = A4_LONG;
		p.ph = A4_SHORT;
		cairo_pdf_surface_set_size(p.surface, p.pw, p.ph);
	}
	p.x0 = M_LEFT;
	p.cw = p.pw - M_LEFT - M_RIGHT;
	p.ymax = p.ph - M_BOTTOM;
	for (int i = 0; i < r->ntables; i++)
		fit_table(&r->tables[i], &p.tm[i], p.cw);

	cairo_pdf_surface_set_metadata(
		p.surface, CAIRO_PDF_METADATA_TITLE, r->title ? r->title : "");
	cairo_pdf_surface_set_metadata(p.surface, CAIRO_PDF_METADATA_CREATOR, "ptdv");
	date_format_iso(r->as_of, iso);
	strcat(iso, "T00:00:00");
	cairo_pdf_surface_set_metadata(p.surface, CAIRO_PDF_METADATA_CREATE_DATE, iso);

	layout(&p); /* count the pages */
	p.npages = p.page;
	p.draw = true;
	cairo_set_source_rgb(p.cr, 0, 0, 0);
	layout(&p);
	cairo_surface_finish(p.surface);
	if (cairo_surface_status(p.surface) != CAIRO_STATUS_SUCCESS)
		err = PTDV_IO;

fail:
	if (err)
		buf_setlen(out, start);
	for (int f = 0; f < F__MAX; f++)
		if (p.fonts[f])
			pango_font_description_free(p.fonts[f]);
	if (fo)
		cairo_font_options_destroy(fo);
	if (p.lay)
		g_object_unref(p.lay);
	if (ctx)
		g_object_unref(ctx);
	if (fm)
		g_object_unref(fm);
	if (p.cr)
		cairo_destroy(p.cr);
	if (p.surface)
		cairo_surface_destroy(p.surface);
	for (int i = 0; p.tm && i < r->ntables; i++) {
		free(p.tm[i].need);
		free(p.tm[i].want);
		free(p.tm[i].minw);
		free(p.tm[i].w);
	}
	free(p.tm);
	for (int i = 0; i < r->ncharts; i++)
		report__chart_free(&p.charts[i]);
	free(p.charts);
	buf_free(&p.tmp);
	return err;
}

/* The module's one exported symbol (util/module.h). */
MODULE_EXPORT const struct report__pdf_module ptdv_module_pdf = {
	.head = MODULE_HEAD(struct report__pdf_module),
	.render = report_render_pdf,
};
