/* chart.c — SVG bar chart with a target line. */
#include "report/chart.h"

#include <string.h>

#include "util/vn.h"

#define W 640
#define H 300
#define LEFT 40
#define RIGHT 16
#define TOP 40
#define BOTTOM 40

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

static void num(struct buf *out, int64_t n)
{
	vn_fmt_int(out, n);
}

void report_chart_bars(struct buf *out, const char *title, const char *value_name,
	const char *line_name, const struct chart_bar *bars, int n)
{
	int64_t max = 1;
	bool any_line = false;
	for (int i = 0; i < n; i++) {
		if (bars[i].value > max)
			max = bars[i].value;
		if (bars[i].line > max)
			max = bars[i].line;
		any_line |= bars[i].line >= 0;
	}
	max += max / 8 + 1; /* room for the labels above the tallest bar */
	double plot_w = W - LEFT - RIGHT, plot_h = H - TOP - BOTTOM;
	double slot = n > 0 ? plot_w / n : plot_w;
	double bar_w = slot * 0.6;

	buf_addf(out,
		"<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" "
		"role=\"img\" aria-labelledby=\"chart-title\">",
		W, H);
	buf_adds(out, "<title id=\"chart-title\">");
	esc(out, title);
	buf_adds(out, "</title>");
	/* Axis and legend. */
	buf_addf(out, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#555\"/>", LEFT,
		H - BOTTOM, W - RIGHT, H - BOTTOM);
	buf_addf(out,
		"<rect x=\"%d\" y=\"10\" width=\"14\" height=\"14\" fill=\"#b3261e\"/>"
		"<text x=\"%d\" y=\"22\" font-size=\"13\">",
		LEFT, LEFT + 20);
	esc(out, value_name);
	buf_adds(out, "</text>");
	if (any_line && line_name) {
		buf_addf(out,
			"<line x1=\"%d\" y1=\"17\" x2=\"%d\" y2=\"17\" stroke=\"#111\" "
			"stroke-width=\"3\" stroke-dasharray=\"6 3\"/><text x=\"%d\" y=\"22\" "
			"font-size=\"13\">",
			LEFT + 200, LEFT + 230, LEFT + 236);
		esc(out, line_name);
		buf_adds(out, "</text>");
	}
	/* Bars with their values, labels under them. */
	for (int i = 0; i < n; i++) {
		double x = LEFT + slot * i + (slot - bar_w) / 2;
		double h = plot_h * (double)bars[i].value / (double)max;
		double y = H - BOTTOM - h;
		buf_addf(out,
			"<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
			"fill=\"#b3261e\"><title>",
			x, y, bar_w, h);
		esc(out, bars[i].label);
		buf_adds(out, ": ");
		num(out, bars[i].value);
		buf_adds(out, "</title></rect>");
		buf_addf(out,
			"<text x=\"%.1f\" y=\"%.1f\" font-size=\"13\" text-anchor=\"middle\">",
			x + bar_w / 2, y - 5);
		num(out, bars[i].value);
		buf_adds(out, "</text>");
		buf_addf(out, "<text x=\"%.1f\" y=\"%d\" font-size=\"13\" text-anchor=\"middle\">",
			x + bar_w / 2, H - BOTTOM + 18);
		esc(out, bars[i].label);
		buf_adds(out, "</text>");
	}
	/* The target line: a dashed polyline through the years that have a target. */
	if (any_line) {
		buf_adds(out, "<polyline fill=\"none\" stroke=\"#111\" stroke-width=\"3\" "
			      "stroke-dasharray=\"6 3\" points=\"");
		for (int i = 0; i < n; i++) {
			if (bars[i].line < 0)
				continue;
			double x = LEFT + slot * i + slot / 2;
			double y = H - BOTTOM - plot_h * (double)bars[i].line / (double)max;
			buf_addf(out, "%.1f,%.1f ", x, y);
		}
		buf_adds(out, "\"/>");
		for (int i = 0; i < n; i++) {
			if (bars[i].line < 0)
				continue;
			double x = LEFT + slot * i + slot / 2;
			double y = H - BOTTOM - plot_h * (double)bars[i].line / (double)max;
			buf_addf(out,
				"<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"#111\"><title>", x,
				y);
			esc(out, line_name ? line_name : "");
			buf_addf(out, " %s: ", bars[i].label);
			num(out, bars[i].line);
			buf_adds(out, "</title></circle>");
		}
	}
	buf_adds(out, "</svg>");
}
