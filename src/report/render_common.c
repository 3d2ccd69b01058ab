/*
 * render_common.c — what several renderers of a report share: a report's chart as the chart
 * model of chart.h, and the dateline. (A cell's text is report_cell_text, render_text.c.)
 */
#include "report/render_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/vn.h"
#include "util/xalloc.h"

/* The number a chart draws for cell c of type t; -1 for none. */
static double cell_number(enum rtype t, const struct rcell *c)
{
	if (c->null)
		return -1;
	if (t == RT_PCT)
		return c->d;
	if (t == RT_INT || t == RT_FLAG)
		return (double)c->i;
	return -1;
}

enum ptdv_err report__chart_get(const struct report *r, int ci, struct report__chart *rc)
{
	const struct rchart *ch = &r->charts[ci];
	const struct rtable *t;
	static const enum chart_kind kinds[] = {
		[RCHART_BARS] = CHART_BARS,
		[RCHART_FUNNEL] = CHART_FUNNEL,
		[RCHART_SHARE] = CHART_SHARE,
	};

	memset(rc, 0, sizeof(*rc));
	if (ch->table < 0 || ch->table >= r->ntables)
		return PTDV_INVALID;
	t = &r->tables[ch->table];
	if (ch->label_col < 0 || ch->label_col >= t->ncols || ch->value_col < 0 ||
		ch->value_col >= t->ncols || ch->line_col < -1 || ch->line_col >= t->ncols ||
		(unsigned)ch->kind >= sizeof(kinds) / sizeof(kinds[0]))
		return PTDV_INVALID;

	size_t n = t->nrows - (t->total_row && t->nrows > 0 ? 1 : 0);
	const struct rcol *lc = &t->cols[ch->label_col];
	rc->items = xcalloc(n ? n : 1, sizeof(*rc->items));
	rc->labels = xcalloc(n ? n : 1, sizeof(*rc->labels));
	for (size_t i = 0; i < n; i++) {
		const struct rcell *row = &t->cells[i * (size_t)t->ncols];
		const struct rcell *l = &row[ch->label_col];
		struct buf b = BUF_INIT;

		if (!l->null && lc->type == RT_INT)
			buf_addf(&b, "%lld", (long long)l->i);
		else
			report_cell_text(&b, l, lc->type);
		rc->labels[i] = buf_detach(&b);
		rc->items[i].label = rc->labels[i];
		rc->items[i].value = cell_number(t->cols[ch->value_col].type, &row[ch->value_col]);
		rc->items[i].line = ch->line_col >= 0 ? cell_number(t->cols[ch->line_col].type,
								&row[ch->line_col])
						      : -1;
	}
	rc->c = (struct chart){
		.kind = kinds[ch->kind],
		.title = ch->title,
		.value_name = ch->value_name,
		.line_name = ch->line_name,
		.pct = t->cols[ch->value_col].type == RT_PCT,
		.items = rc->items,
		.n = (int)n,
	};
	return PTDV_OK;
}

void report__chart_free(struct report__chart *rc)
{
	for (int i = 0; i < rc->c.n; i++)
		free(rc->labels[i]);
	free(rc->labels);
	free(rc->items);
	memset(rc, 0, sizeof(*rc));
}

void report__dateline(struct buf *out, date_t day)
{
	int y, m, d;

	date_to_ymd(day, &y, &m, &d);
	buf_addf(
		out, m <= 2 ? "ngày %02d tháng %02d năm %d" : "ngày %02d tháng %d năm %d", d, m, y);
}
