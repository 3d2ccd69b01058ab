/*
 * xlsx_front.c — the reader and the writer of xlsx.h as the binary sees them: each function
 * forwards to the module ptdv-office.so (xlsx_module.h), opened on the first call. A
 * process that cannot open the module stops there with the loader's message
 * (module_need); `ptdv serve` opens it at start. The definitions of the same names in
 * xlsx_read.c and xlsx_write.c are hidden inside the module.
 */
#include "util/xlsx_module.h"

static const struct xlsx_module *office(void)
{
	return module_need(MODULE_OFFICE, sizeof(struct xlsx_module));
}

enum ptdv_err xlsx_open(struct xlsx *x, const char *path, const struct xlsx_limits *lim)
{
	return office()->open(x, path, lim);
}

enum ptdv_err xlsx_open_mem(
	struct xlsx *x, const void *data, size_t len, const struct xlsx_limits *lim)
{
	return office()->open_mem(x, data, len, lim);
}

void xlsx_close(struct xlsx *x)
{
	if (!x->in && !x->sheets) { /* never opened: nothing to free, no module to load */
		x->sheet = NULL;
		x->nfields = 0;
		return;
	}
	office()->close(x);
}

enum ptdv_err xlsx_select(struct xlsx *x, const char *name)
{
	return office()->select(x, name);
}

enum ptdv_err xlsx_next(struct xlsx *x)
{
	return office()->next(x);
}

struct xlsx_writer *xlsx_writer_new(const char *path, bool constant_memory)
{
	return office()->writer_new(path, constant_memory);
}

void xlsx_writer_set_created(struct xlsx_writer *w, date_t day)
{
	office()->writer_set_created(w, day);
}

void xlsx_writer_free(struct xlsx_writer *w)
{
	if (w)
		office()->writer_free(w);
}

const char *xlsx_writer_msg(const struct xlsx_writer *w)
{
	return office()->writer_msg(w);
}

enum ptdv_err xlsx_writer_add_sheet(
	struct xlsx_writer *w, const char *name, const struct xlsx_column *cols, size_t ncols)
{
	return office()->writer_add_sheet(w, name, cols, ncols);
}

void xlsx_writer_text(struct xlsx_writer *w, const char *s, size_t len)
{
	office()->writer_text(w, s, len);
}

void xlsx_writer_int(struct xlsx_writer *w, int64_t v)
{
	office()->writer_int(w, v);
}

void xlsx_writer_date(struct xlsx_writer *w, date_t day)
{
	office()->writer_date(w, day);
}

void xlsx_writer_blank(struct xlsx_writer *w)
{
	office()->writer_blank(w);
}

void xlsx_writer_count(struct xlsx_writer *w, int64_t v)
{
	office()->writer_count(w, v);
}

void xlsx_writer_pct(struct xlsx_writer *w, double p)
{
	office()->writer_pct(w, p);
}

void xlsx_writer_bold_row(struct xlsx_writer *w)
{
	office()->writer_bold_row(w);
}

void xlsx_writer_end_row(struct xlsx_writer *w)
{
	office()->writer_end_row(w);
}

enum ptdv_err xlsx_writer_close(struct xlsx_writer *w)
{
	return office()->writer_close(w);
}
