/* render_pdf.c — PLACEHOLDER until the pdf renderer lands (branch work in progress). */
#include "report/render_impl.h"

enum ptdv_err report_render_pdf(const struct report *r, struct buf *out)
{
	(void)r;
	(void)out;
	return PTDV_INVALID;
}
