/*
 * xlsx_module.h — the table of the module ptdv-office.so (util/module.h): the reader and
 * the writer of xlsx.h, which call libzip, libxml2 and libxlsxwriter. The module exports it
 * as ptdv_module_office (xlsx_module.c); the binary's xlsx_front.c forwards every function
 * of xlsx.h to it (util/ internal).
 */
#ifndef PTDV_UTIL_XLSX_MODULE_H
#define PTDV_UTIL_XLSX_MODULE_H

#include "util/module.h"
#include "util/xlsx.h"

struct xlsx_module {
	struct module_head head;
	enum ptdv_err (*open)(struct xlsx *x, const char *path, const struct xlsx_limits *lim);
	enum ptdv_err (*open_mem)(
		struct xlsx *x, const void *data, size_t len, const struct xlsx_limits *lim);
	void (*close)(struct xlsx *x);
	enum ptdv_err (*select)(struct xlsx *x, const char *name);
	enum ptdv_err (*next)(struct xlsx *x);
	struct xlsx_writer *(*writer_new)(const char *path, bool constant_memory);
	void (*writer_set_created)(struct xlsx_writer *w, date_t day);
	void (*writer_free)(struct xlsx_writer *w);
	const char *(*writer_msg)(const struct xlsx_writer *w);
	enum ptdv_err (*writer_add_sheet)(struct xlsx_writer *w, const char *name,
		const struct xlsx_column *cols, size_t ncols);
	void (*writer_text)(struct xlsx_writer *w, const char *s, size_t len);
	void (*writer_int)(struct xlsx_writer *w, int64_t v);
	void (*writer_date)(struct xlsx_writer *w, date_t day);
	void (*writer_blank)(struct xlsx_writer *w);
	void (*writer_count)(struct xlsx_writer *w, int64_t v);
	void (*writer_pct)(struct xlsx_writer *w, double p);
	void (*writer_bold_row)(struct xlsx_writer *w);
	void (*writer_end_row)(struct xlsx_writer *w);
	enum ptdv_err (*writer_close)(struct xlsx_writer *w);
};

#endif
