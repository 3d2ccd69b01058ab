/* render_svg.c — PLACEHOLDER until the svg renderer lands (branch work in progress). */
#include "report/render_impl.h"

enum ptdv_err report_render_svg(const struct report *r, struct buf *out)
{
	(void)r;
	(void)out;
	return PTDV_INVALID;
}
