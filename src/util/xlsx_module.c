/*
 * xlsx_module.c — the one exported symbol of the module ptdv-office.so (xlsx_module.h):
 * the functions of xlsx_read.c and xlsx_write.c, which are hidden in the module.
 */
#include "util/xlsx_module.h"

MODULE_EXPORT const struct xlsx_module ptdv_module_office = {
	.head = MODULE_HEAD(struct xlsx_module),
	.open = xlsx_open,
	.open_mem = xlsx_open_mem,
	.close = xlsx_close,
	.select = xlsx_select,
	.next = xlsx_next,
	.writer_new = xlsx_writer_new,
	.writer_set_created = xlsx_writer_set_created,
	.writer_free = xlsx_writer_free,
	.writer_msg = xlsx_writer_msg,
	.writer_add_sheet = xlsx_writer_add_sheet,
	.writer_text = xlsx_writer_text,
	.writer_int = xlsx_writer_int,
	.writer_date = xlsx_writer_date,
	.writer_blank = xlsx_writer_blank,
	.writer_count = xlsx_writer_count,
	.writer_pct = xlsx_writer_pct,
	.writer_bold_row = xlsx_writer_bold_row,
	.writer_end_row = xlsx_writer_end_row,
	.writer_close = xlsx_writer_close,
};
