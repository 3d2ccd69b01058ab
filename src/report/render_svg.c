/*
 * render_svg.c — report_render_svg: a report's charts as one SVG document, stacked
 * top to bottom, black and grey on white so that it prints. The document is titled with
 * the report's title and described by its organisation and date; each chart is a group
 * with its own title and a description listing its figures (chart.c draws them).
 */
#include "report/render_impl.h"

#include <stdio.h>
#include <stdlib.h>

#include "util/xalloc.h"

#define GAP 24

static void esc(struct buf *out, const char *s)
{
	for (; s && *s; s++) {
		if (*s == '&')
			buf_adds(out, "&amp;");
		else if (*s == '<')
			buf_adds(out, "&lt;");
		else if (*s == '>')
			buf_adds(out, "&gt;");
		else if (*s == '"')
			buf_adds(out, "&quot;");
		else
			buf_addc(out, *s);
	}
}

enum ptdv_err report_render_svg(const struct report *r, struct buf *out)
{
	struct report__chart *rc = NULL;
	enum ptdv_err err = PTDV_INVALID;
	double h = GAP;
	char d[DATE_STRLEN];
	int got = 0;

	if (r->ncharts == 0)
		return PTDV_INVALID;
	rc = xcalloc((size_t)r->ncharts, sizeof(*rc));
	for (got = 0; got < r->ncharts; got++) {
		err = report__chart_get(r, got, &rc[got]);
		if (err)
			goto fail;
		h += report_chart_height(&rc[got].c, true) + GAP;
	}
	buf_addf(out,
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%.0f\" "
		"viewBox=\"0 0 %d %.0f\" role=\"img\" aria-labelledby=\"report-title\" "
		"aria-describedby=\"report-desc\" font-family=\"'Liberation Serif', 'Times New "
		"Roman', serif\" fill=\"#111\">\n",
		CHART_W, h, CHART_W, h);
	buf_adds(out, "<title id=\"report-title\">");
	esc(out, r->title);
	buf_adds(out, "</title>\n<desc id=\"report-desc\">");
	esc(out, r->org_name);
	if (r->org_name)
		buf_adds(out, ", ");
	buf_addf(out, "tính đến ngày %s. Biểu đồ: ", date_format(r->as_of, d));
	for (int i = 0; i < r->ncharts; i++) {
		if (i)
			buf_adds(out, "; ");
		esc(out, rc[i].c.title);
	}
	buf_adds(out, ".</desc>\n");
	buf_addf(out, "<rect width=\"%d\" height=\"%.0f\" fill=\"#fff\"/>\n", CHART_W, h);
	h = GAP;
	for (int i = 0; i < r->ncharts; i++) {
		char id[32];
		snprintf(id, sizeof(id), "chart-%d", i + 1);
		report_chart_svg(out, &rc[i].c, id, h, true);
		buf_addc(out, '\n');
		h += report_chart_height(&rc[i].c, true) + GAP;
	}
	buf_adds(out, "</svg>\n");
	err = PTDV_OK;
fail:
	for (int i = 0; i < r->ncharts; i++)
		report__chart_free(&rc[i]);
	free(rc);
	return err;
}
