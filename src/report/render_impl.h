/*
 * render_impl.h — the renderers of report/table.h, one per format, called by report_render.
 * Each appends the rendering of r to out; the binary ones (XLSX, PDF) append bytes.
 */
#ifndef PTDV_REPORT_RENDER_IMPL_H
#define PTDV_REPORT_RENDER_IMPL_H

#include "report/table.h"

enum ptdv_err report_render_text(const struct report *r, struct buf *out) PTDV_MUST_USE;
enum ptdv_err report_render_json(const struct report *r, struct buf *out) PTDV_MUST_USE;
enum ptdv_err report_render_csv(const struct report *r, struct buf *out) PTDV_MUST_USE;
enum ptdv_err report_render_xlsx(const struct report *r, struct buf *out) PTDV_MUST_USE;
enum ptdv_err report_render_pdf(const struct report *r, struct buf *out) PTDV_MUST_USE;
enum ptdv_err report_render_svg(const struct report *r, struct buf *out) PTDV_MUST_USE;

#endif
