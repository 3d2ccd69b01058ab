/*
 * web.h — the web application: `ptdv serve`.
 *
 * libmicrohttpd with a thread pool; each worker thread has its own database connection
 * (an app handle opened on first use). Pages are server-rendered Vietnamese HTML from the
 * templates in src/web/templates (compiled in), JSON under /api/v1/. Every request runs as
 * the user of its session cookie, scoped by app/ to that user's organisation subtree.
 *
 * All of web/ but form.c, tmpl.c and api_body.c (which the fuzzers link) is the module
 * ptdv-web.so (util/module.h), so that only `ptdv serve` loads libmicrohttpd: the functions
 * below are reached through the module's table, struct web_module.
 */
#ifndef PTDV_WEB_WEB_H
#define PTDV_WEB_WEB_H

#include "util/err.h"
#include "util/module.h"
#include "util/msgs.h"

struct web_config {
	const char *db_url;
	const char *report_db_url; /* a read-only replica the reports read; NULL = db_url */
	const char *listen;        /* "127.0.0.1:8080" */
	int threads;               /* 0 = one per core */
	const char *access_log;    /* NULL = stderr, "-" = none */
};

/*
 * Serves until SIGTERM or SIGINT, then stops accepting, lets requests in flight finish
 * (up to 10 seconds) and returns PTDV_OK. Returns PTDV_IO with a message when the address
 * cannot be listened on, PTDV_DB when the database cannot be opened.
 */
enum ptdv_err web_serve(const struct web_config *cfg, struct msgs *errs) PTDV_MUST_USE;

/* Writes the route table as JSON lines {"method","pattern","public","admin","api"} (tests). */
void web_print_routes(void);

/* The table the module ptdv-web.so exports as ptdv_module_web (server.c). */
struct web_module {
	struct module_head head;
	enum ptdv_err (*serve)(const struct web_config *cfg, struct msgs *errs);
	void (*print_routes)(void);
};

#endif
