/* render_xlsx.c — PLACEHOLDER until the xlsx renderer lands (branch work in progress). */
#include "report/render_impl.h"

enum ptdv_err report_render_xlsx(const struct report *r, struct buf *out)
{
	(void)r;
	(void)out;
	return PTDV_INVALID;
}
