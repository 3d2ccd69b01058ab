/*
 * render_impl.h — the renderers of report/table.h, one per format, called by report_render.
 * Each appends the rendering of r to out; the binary ones (XLSX, PDF) append bytes.
 */
#ifndef PTDV_REPORT_RENDER_IMPL_H
#define PTDV_REPORT_RENDER_IMPL_H

#include "report/chart.h"
#include "report/table.h"
#include "util/module.h"

enum ptdv_err report_render_text(const struct report *r, struct buf *out) PTDV_MUST_USE;
enum ptdv_err report_render_json(const struct report *r, struct buf *out) PTDV_MUST_USE;
enum ptdv_err report_render_csv(const struct report *r, struct buf *out) PTDV_MUST_USE;
enum ptdv_err report_render_xlsx(const struct report *r, struct buf *out) PTDV_MUST_USE;
/* In the module ptdv-pdf.so (util/module.h): render.c calls it through the table below. */
enum ptdv_err report_render_pdf(const struct report *r, struct buf *out) PTDV_MUST_USE;
enum ptdv_err report_render_svg(const struct report *r, struct buf *out) PTDV_MUST_USE;

/* The table the module ptdv-pdf.so exports as ptdv_module_pdf (render_pdf.c). */
struct report__pdf_module {
	struct module_head head;
	enum ptdv_err (*render)(const struct report *r, struct buf *out);
};

/* --- shared by the renderers (render_common.c) --- */

/* Chart ci of a report as the chart model of chart.h, with the label strings it owns. */
struct report__chart {
	struct chart c;
	struct chart_item *items;
	char **labels;
};

/*
 * Fills rc with chart ci of r: one item per row of its table, the total row left out;
 * labels as text (a count without thousands separators: it names a year or a number, it
 * does not measure); a null value as none. Returns PTDV_OK, or PTDV_INVALID when the chart
 * names a table or column that r does not have (rc is then empty). Free with
 * report__chart_free, also after an error.
 */
enum ptdv_err report__chart_get(
	const struct report *r, int ci, struct report__chart *rc) PTDV_MUST_USE;
void report__chart_free(struct report__chart *rc);

/* Appends the dateline's date "ngày 05 tháng 02 năm 2024" (leading 0 below 10 for the day
 * and for months 1 and 2, as Vietnamese administrative documents write it). */
void report__dateline(struct buf *out, date_t day);

#endif
