/* render_text.c — PLACEHOLDER until the text renderer lands (branch work in progress). */
#include "report/render_impl.h"

enum ptdv_err report_render_text(const struct report *r, struct buf *out)
{
	(void)r;
	(void)out;
	return PTDV_INVALID;
}

enum ptdv_err report_render_json(const struct report *r, struct buf *out)
{
	(void)r;
	(void)out;
	return PTDV_INVALID;
}

enum ptdv_err report_render_csv(const struct report *r, struct buf *out)
{
	(void)r;
	(void)out;
	return PTDV_INVALID;
}
