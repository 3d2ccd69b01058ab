/*
 * chart.h — charts as SVG, drawn on the server: readable without JavaScript, in print
 * (black on white works), and by screen readers (a title and a description).
 */
#ifndef PTDV_REPORT_CHART_H
#define PTDV_REPORT_CHART_H

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

#endif
