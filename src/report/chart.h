/*
 * chart.h — charts as SVG, drawn on the server: readable without JavaScript, in print
 * (black on white works), and by screen readers (a title and a description).
 *
 * One model (struct chart: a kind and its items) serves every chart: the web dashboard's
 * year-on-year bars (report_chart_bars) and the charts of a report in SVG
 * (report_chart_svg) and in PDF, which render_pdf.c draws from the same items.
 */
#ifndef PTDV_REPORT_CHART_H
#define PTDV_REPORT_CHART_H

#include <stdbool.h>
#include <stdint.h>

#include "util/buf.h"

struct chart_bar {
	const char *label; /* under the bar ("2023") */
	int64_t value;     /* the bar */
	int64_t line;      /* a point of the target line; -1 = none for this bar */
};

/*
 * Appends an SVG bar chart: one bar per item with its value above it, the target line
 * through the items that have one, a legend naming value_name and line_name (NULL = no
 * line), and title as the accessible name. Text is escaped; numbers are Vietnamese-style.
 */
void report_chart_bars(struct buf *out, const char *title, const char *value_name,
	const char *line_name, const struct chart_bar *bars, int n);

enum chart_kind {
	CHART_BARS,   /* vertical bars with their values, an optional dashed target line */
	CHART_FUNNEL, /* horizontal bars in the items' order, each with its % of the first */
	CHART_SHARE,  /* horizontal 100% bars, the part of each whole filled */
	CHART__MAX
};

/* One bar. A negative value or line means none (drawn as no bar, "—"). */
struct chart_item {
	const char *label;
	double value; /* the bar; the part for CHART_SHARE */
	double line;  /* the target (CHART_BARS) or the whole (CHART_SHARE); < 0 = none */
};

struct chart {
	enum chart_kind kind;
	const char *title;
	const char *value_name; /* legend of the bars; NULL = none */
	const char *line_name;  /* legend of the line (CHART_BARS); NULL = none */
	bool pct; /* values are percentages shown with one decimal ("67,2%"), else counts */
	const struct chart_item *items;
	int n;
};

/* The width of every chart in SVG user units (px). */
#define CHART_W 640

/* Returns the height report_chart_svg gives c (with its visible title when titled). */
double report_chart_height(const struct chart *c, bool titled);

/*
 * Appends c as a <g> placed at (0, y), CHART_W wide and report_chart_height(c, titled)
 * high: grey and black on white, every bar labelled with its value, a visible bold title
 * when titled, and for screen readers a <title> and a <desc> listing every item with its
 * values. id (ASCII, unique in the document) prefixes the ids of those elements. Text is
 * escaped. Cannot fail.
 */
void report_chart_svg(
	struct buf *out, const struct chart *c, const char *id, double y, bool titled);

/*
 * Appends the text of a chart value v: "1.234", or "67,2%" when pct; "—" when v < 0.
 * The PDF draws the same labels.
 */
void report_chart_value(struct buf *out, const struct chart *c, double v);

/* The share in percent of item it (CHART_SHARE: part of whole; CHART_FUNNEL: of the first
 * item's value); negative when it has none (no whole, or a first item of 0). */
double report_chart_share(const struct chart *c, int it);

#endif
