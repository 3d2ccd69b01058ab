/*
 * chart.c — SVG charts: vertical bars with a target line, a funnel of horizontal bars, and
 * the share of a part in its whole as 100% bars. Each kind draws its body at the origin
 * of the coordinates it is given; report_chart_bars wraps the bars in an <svg> of their
 * own for the web dashboard, report_chart_svg in a <g> with a title and a description
 * for a report's SVG document.
 */
#include "report/chart.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util/vn.h"
#include "util/xalloc.h"

/* The vertical bars. */
#define BARS_H 300
#define LEFT 40
#define RIGHT 16
#define TOP 40
#define BOTTOM 40

/* The horizontal bars: a row is the label above its bar. */
#define ROW_H 44
#define ROW_PAD 10
#define HBAR_X 10
#define HBAR_W (CHART_W - HBAR_X - 150)
#define HBAR_H 16

/* A visible title above the body. */
#define TITLE_H 30

#define PRINT_FILL "#595959"
#define PRINT_LIGHT "#d9d9d9"

static void esc(struct buf *out, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&':
			buf_adds(out, "&amp;");
			break;
		case '<':
			buf_adds(out, "&lt;");
			break;
		case '>':
			buf_adds(out, "&gt;");
			break;
		case '"':
			buf_adds(out, "&quot;");
			break;
		default:
			buf_addc(out, *s);
		}
	}
}

void report_chart_value(struct buf *out, const struct chart *c, double v)
{
	if (v < 0 || isnan(v)) {
		buf_adds(out, "—");
		return;
	}
	if (c->pct) {
		vn_fmt_dec(out, v, 1);
		buf_addc(out, '%');
		return;
	}
	vn_fmt_int(out, (int64_t)llround(v));
}

double report_chart_share(const struct chart *c, int it)
{
	const struct chart_item *x = &c->items[it];

	if (x->value < 0)
		return -1;
	if (c->kind == CHART_FUNNEL) {
		double first = c->items[0].value;
		return first > 0 ? 100.0 * x->value / first : -1;
	}
	if (c->kind == CHART_SHARE) {
		if (x->line > 0)
			return 100.0 * x->value / x->line;
		return c->pct && x->line < 0 ? x->value : -1;
	}
	return -1;
}

double report_chart_height(const struct chart *c, bool titled)
{
	double h = c->kind == CHART_BARS ? BARS_H : 2 * ROW_PAD + ROW_H * (c->n > 0 ? c->n : 1);
	return h + (titled ? TITLE_H : 0);
}

/* Appends the value text of item i with its share: "1.234 (45,1%)", "67,2% (438/652)". */
static void hbar_text(struct buf *out, const struct chart *c, int i)
{
	const struct chart_item *x = &c->items[i];
	double share = report_chart_share(c, i);

	if (c->kind == CHART_SHARE && !(c->pct && x->line < 0)) {
		struct chart pc = *c;
		pc.pct = true;
		report_chart_value(out, &pc, share);
		buf_adds(out, " (");
		report_chart_value(out, c, x->value);
		buf_adds(out, "/");
		report_chart_value(out, c, x->line);
		buf_adds(out, ")");
		return;
	}
	report_chart_value(out, c, x->value);
	if (c->kind == CHART_FUNNEL && share >= 0) {
		buf_adds(out, " (");
		vn_fmt_dec(out, share, 1);
		buf_adds(out, "%)");
	}
}

/* The vertical bars of c in a BARS_H high box, bars filled with fill. */
static void draw_bars(struct buf *out, const struct chart *c, const char *fill)
{
	double max = 1;
	bool any_line = false;
	for (int i = 0; i < c->n; i++) {
		if (c->items[i].value > max)
			max = c->items[i].value;
		if (c->items[i].line > max)
			max = c->items[i].line;
		any_line |= c->items[i].line >= 0;
	}
	max += max / 8 + 1; /* room for the labels above the tallest bar */
	double plot_w = CHART_W - LEFT - RIGHT, plot_h = BARS_H - TOP - BOTTOM;
	double slot = c->n > 0 ? plot_w / c->n : plot_w;
	double bar_w = slot * 0.6;

	/* Axis and legend. */
	buf_addf(out, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#555\"/>", LEFT,
		BARS_H - BOTTOM, CHART_W - RIGHT, BARS_H - BOTTOM);
	if (c->value_name) {
		buf_addf(out,
			"<rect x=\"%d\" y=\"10\" width=\"14\" height=\"14\" fill=\"%s\"/>"
			"<text x=\"%d\" y=\"22\" font-size=\"13\">",
			LEFT, fill, LEFT + 20);
		esc(out, c->value_name);
		buf_adds(out, "</text>");
	}
	if (any_line && c->line_name) {
		buf_addf(out,
			"<line x1=\"%d\" y1=\"17\" x2=\"%d\" y2=\"17\" stroke=\"#111\" "
			"stroke-width=\"3\" stroke-dasharray=\"6 3\"/><text x=\"%d\" y=\"22\" "
			"font-size=\"13\">",
			LEFT + 200, LEFT + 230, LEFT + 236);
		esc(out, c->line_name);
		buf_adds(out, "</text>");
	}
	/* Bars with their values, labels under them. */
	for (int i = 0; i < c->n; i++) {
		const struct chart_item *x = &c->items[i];
		double v = x->value > 0 ? x->value : 0;
		double bx = LEFT + slot * i + (slot - bar_w) / 2;
		double h = plot_h * v / max;
		double by = BARS_H - BOTTOM - h;
		buf_addf(out,
			"<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
			"fill=\"%s\"><title>",
			bx, by, bar_w, h, fill);
		esc(out, x->label);
		buf_adds(out, ": ");
		report_chart_value(out, c, x->value);
		buf_adds(out, "</title></rect>");
		/* The value above the bar, or above the target's point when that is close. */
		double ly = x->line >= 0 ? BARS_H - BOTTOM - plot_h * x->line / max : by;
		buf_addf(out,
			"<text x=\"%.1f\" y=\"%.1f\" font-size=\"13\" text-anchor=\"middle\">",
			bx + bar_w / 2, (ly < by && ly > by - 20 ? ly : by) - 6);
		report_chart_value(out, c, x->value);
		buf_adds(out, "</text>");
		buf_addf(out, "<text x=\"%.1f\" y=\"%d\" font-size=\"13\" text-anchor=\"middle\">",
			bx + bar_w / 2, BARS_H - BOTTOM + 18);
		esc(out, x->label);
		buf_adds(out, "</text>");
	}
	if (!any_line)
		return;
	/* The target line: a dashed polyline through the items that have a target. */
	buf_adds(out, "<polyline fill=\"none\" stroke=\"#111\" stroke-width=\"3\" "
		      "stroke-dasharray=\"6 3\" points=\"");
	for (int i = 0; i < c->n; i++) {
		if (c->items[i].line < 0)
			continue;
		double x = LEFT + slot * i + slot / 2;
		double y = BARS_H - BOTTOM - plot_h * c->items[i].line / max;
		buf_addf(out, "%.1f,%.1f ", x, y);
	}
	buf_adds(out, "\"/>");
	for (int i = 0; i < c->n; i++) {
		if (c->items[i].line < 0)
			continue;
		double x = LEFT + slot * i + slot / 2;
		double y = BARS_H - BOTTOM - plot_h * c->items[i].line / max;
		buf_addf(
			out, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"#111\"><title>", x, y);
		esc(out, c->line_name ? c->line_name : "");
		buf_adds(out, " ");
		esc(out, c->items[i].label);
		buf_adds(out, ": ");
		report_chart_value(out, c, c->items[i].line);
		buf_adds(out, "</title></circle>");
	}
}

/* The horizontal bars of a funnel or of shares, one row per item. */
static void draw_hbars(struct buf *out, const struct chart *c)
{
	double max = 0;
	for (int i = 0; i < c->n; i++)
		if (c->items[i].value > max)
			max = c->items[i].value;
	for (int i = 0; i < c->n; i++) {
		double y = ROW_PAD + ROW_H * i;
		double share = report_chart_share(c, i);
		double w;

		buf_addf(out, "<text x=\"%d\" y=\"%.1f\" font-size=\"13\">", HBAR_X, y + 14);
		esc(out, c->items[i].label);
		buf_adds(out, "</text>");
		if (c->kind == CHART_SHARE) {
			/* The whole as an outline, the part filled. */
			w = share > 0 ? HBAR_W * (share > 100 ? 100 : share) / 100 : 0;
			buf_addf(out,
				"<rect x=\"%d\" y=\"%.1f\" width=\"%d\" height=\"%d\" "
				"fill=\"%s\" stroke=\"#111\"/>",
				HBAR_X, y + 20, HBAR_W, HBAR_H, PRINT_LIGHT);
		} else {
			w = max > 0 && c->items[i].value > 0 ? HBAR_W * c->items[i].value / max : 0;
		}
		buf_addf(out,
			"<rect x=\"%d\" y=\"%.1f\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>",
			HBAR_X, y + 20, w, HBAR_H, PRINT_FILL);
		buf_addf(out, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"13\">",
			HBAR_X + (c->kind == CHART_SHARE ? HBAR_W : w) + 6, y + 33);
		hbar_text(out, c, i);
		buf_adds(out, "</text>");
	}
}

void report_chart_bars(struct buf *out, const char *title, const char *value_name,
	const char *line_name, const struct chart_bar *bars, int n)
{
	struct chart_item *items = xcalloc(n > 0 ? (size_t)n : 1, sizeof(*items));
	for (int i = 0; i < n; i++)
		items[i] = (struct chart_item){bars[i].label, (double)bars[i].value,
			bars[i].line >= 0 ? (double)bars[i].line : -1};
	struct chart c = {.kind = CHART_BARS,
		.title = title,
		.value_name = value_name,
		.line_name = line_name,
		.items = items,
		.n = n};

	buf_addf(out,
		"<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" "
		"role=\"img\" aria-labelledby=\"chart-title\">",
		CHART_W, BARS_H);
	buf_adds(out, "<title id=\"chart-title\">");
	esc(out, title);
	buf_adds(out, "</title>");
	draw_bars(out, &c, "#b3261e");
	buf_adds(out, "</svg>");
	free(items);
}

/* Appends the description of c for screen readers: every item with its figures. */
static void describe(struct buf *out, const struct chart *c)
{
	for (int i = 0; i < c->n; i++) {
		const struct chart_item *x = &c->items[i];
		if (i)
			buf_adds(out, "; ");
		esc(out, x->label);
		buf_adds(out, ": ");
		if (c->kind == CHART_BARS) {
			if (c->value_name) {
				esc(out, c->value_name);
				buf_adds(out, " ");
			}
			report_chart_value(out, c, x->value);
			if (x->line >= 0) {
				buf_adds(out, ", ");
				if (c->line_name) {
					esc(out, c->line_name);
					buf_adds(out, " ");
				}
				report_chart_value(out, c, x->line);
			}
		} else {
			hbar_text(out, c, i);
		}
	}
	if (c->n == 0)
		buf_adds(out, "không có số liệu");
	buf_adds(out, ".");
}

void report_chart_svg(struct buf *out, const struct chart *c, const char *id, double y, bool titled)
{
	buf_addf(out,
		"<g transform=\"translate(0,%.1f)\" role=\"img\" "
		"aria-labelledby=\"%s-title\" aria-describedby=\"%s-desc\">",
		y, id, id);
	buf_addf(out, "<title id=\"%s-title\">", id);
	esc(out, c->title);
	buf_addf(out, "</title><desc id=\"%s-desc\">", id);
	describe(out, c);
	buf_adds(out, "</desc>");
	if (titled) {
		buf_addf(out,
			"<text x=\"%d\" y=\"20\" font-size=\"15\" font-weight=\"bold\" "
			"aria-hidden=\"true\">",
			HBAR_X);
		esc(out, c->title);
		buf_addf(out, "</text><g transform=\"translate(0,%d)\">", TITLE_H);
	}
	if (c->kind == CHART_BARS)
		draw_bars(out, c, PRINT_FILL);
	else
		draw_hbars(out, c);
	if (titled)
		buf_adds(out, "</g>");
	buf_adds(out, "</g>");
}
