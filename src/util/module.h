/*
 * module.h — the parts of ptdv that need heavy libraries, built as shared modules and opened
 * with dlopen only when a command needs them.
 *
 * Mapping and relocating a shared library costs the dynamic loader time at every start,
 * whether the command uses it or not: with libpq, libmicrohttpd, cairo/pango and the Excel
 * libraries linked in, `ptdv --version` took ~20 ms and ~940 page faults for ~1 ms of
 * work. So the binary links only the core libraries (SQLite, jansson, libsodium, utf8proc,
 * zlib) and each group of code that calls a heavy library is a module:
 *
 *   ptdv-pg.so      store/db_pg.c (libpq): opened by db_open for a postgres:// URL
 *   ptdv-web.so     web/ but form, tmpl and api_body (libmicrohttpd): `ptdv serve`
 *   ptdv-pdf.so     report/render_pdf.c (cairo, pango): a report as PDF
 *   ptdv-office.so  util/xlsx_read.c, util/xlsx_write.c (libzip, libxml2, libxlsxwriter)
 *
 * A module exports one symbol, `ptdv_module_NAME`: a const table of function pointers that
 * begins with a struct module_head. Its calls into ptdv's own code (util/, core/, store/,
 * app/, report/) resolve against the executable, which is linked whole and exports its
 * symbols (-rdynamic); the module's own functions are hidden, so they never clash with the
 * forwarding functions of the same name the executable may have (util/xlsx_front.c).
 *
 * Where a module is looked for: in $PTDV_MODULE_DIR when it is set (there only); else beside
 * the running executable (/proc/self/exe), then in the build directory and then in the
 * installation directory the binary was configured with (PTDV_BUILD_DIR and
 * PTDV_MODULE_INSTALL_DIR, from meson). The test executables (tests/unit, tests/fuzz, in
 * subfolders of the build directory) thus open the very modules ptdv does; only the libFuzzer
 * builds of scripts/fuzz.sh link module sources (xlsx_read.c) directly, without this file.
 *
 * A module once opened stays open for the life of the process. Opening is thread-safe.
 */
#ifndef PTDV_UTIL_MODULE_H
#define PTDV_UTIL_MODULE_H

#include <stddef.h>

#include "util/err.h"

enum module_id { MODULE_PG, MODULE_WEB, MODULE_PDF, MODULE_OFFICE, MODULE__MAX };

/* The first member of every module's table, checked at open: same version, same table. */
struct module_head {
	const char *version; /* PTDV_VERSION */
	size_t size;         /* sizeof the whole table */
};

/* clang-format off */
#define MODULE_HEAD(table_type) {PTDV_VERSION, sizeof(table_type)}
/* clang-format on */
/* Marks the one exported table of a module (modules are built with hidden visibility). */
#define MODULE_EXPORT __attribute__((visibility("default")))

/*
 * Gives in *table the table of module id, opening the module on first use; size is the
 * sizeof of the table the caller expects. Returns PTDV_OK; PTDV_IO when the module file
 * cannot be found or opened, or is not the module this binary expects, with a Vietnamese
 * message in *errmsg (malloc'd, the caller frees; errmsg may be NULL) naming the file and
 * the loader's reason.
 */
enum ptdv_err module_open(
	enum module_id id, size_t size, const void **table, char **errmsg) PTDV_MUST_USE;

/*
 * As module_open, for callers without a way to report an error (the forwarding functions):
 * when the module cannot be opened, prints "ptdv: lỗi: MESSAGE" on standard error and ends
 * the process with exit code 1. Never returns NULL.
 */
const void *module_need(enum module_id id, size_t size);

/* Opens every module (`ptdv serve` at start, so that a missing one stops it before it
 * listens and no request waits for a dlopen). Returns as module_open, for the first failing. */
enum ptdv_err module_open_all(char **errmsg) PTDV_MUST_USE;

#endif
