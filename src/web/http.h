/*
 * http.h — what the web/ files share: the request being served, the route table and the
 * helpers handlers use to read input and write a response (web/ internal).
 */
#ifndef PTDV_WEB_HTTP_H
#define PTDV_WEB_HTTP_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "app/app.h"
#include "app/app_user.h"
#include "util/buf.h"
#include "util/embed.h"
#include "web/form.h"

#define WEB_MAX_PARAMS 4
#define WEB_MAX_FORM 64

struct web_req {
	struct MHD_Connection *conn;
	const char *method;
	const char *path; /* without the query */
	char address[64]; /* client IP */
	struct app *app;  /* this thread's connection, acting as the session's user */
	bool authed;
	bool bearer; /* authenticated by an API token, not a cookie */
	struct app_session sess;
	const char *error_field;            /* the field an API error concerns, or NULL */
	const char *params[WEB_MAX_PARAMS]; /* ":name" segments of the route, in order */
	char *param_store;
	struct buf body; /* request body, capped */
	struct web_kv form[WEB_MAX_FORM];
	int nform;
	/* multipart/form-data: the file of the form (one per request), its name as sent */
	struct buf upload;
	char *upload_name;
	double started;
	/* response */
	int status;
	const char *content_type;
	struct buf out;
	struct buf headers; /* extra "Name: value\n" lines */
};

enum web_route_flags {
	WEB_PUBLIC = 1, /* no session needed */
	WEB_ADMIN = 2,  /* admins only */
	WEB_API = 4,    /* JSON errors instead of pages */
};

struct web_route {
	const char *method;
	const char *pattern; /* "/org/:code" */
	void (*handler)(struct web_req *r);
	int flags;
};

extern const struct web_route web_routes[];
extern const struct embed_file web_templates[];
extern const struct embed_file web_static[];

/* Input. Returned strings live as long as the request; NULL when absent. */
const char *web_query(struct web_req *r, const char *name);
const char *web_form(struct web_req *r, const char *name);
/* The directory of temporary files (uploads waiting for confirmation): $TMPDIR or /tmp. */
const char *web_tmpdir(void);
/* The database URL the server was started with (background jobs open their own connection). */
const char *web_db_url(void);

/* Output. */
/* Renders template name with ctx (stolen) inside the layout, status 200 unless set. */
void web_page(struct web_req *r, const char *name, const char *title, json_t *ctx);
void web_json(struct web_req *r, json_t *v); /* stolen */
void web_redirect(struct web_req *r, const char *location);
/* An error page (or JSON error for API routes) with a Vietnamese message. */
void web_error(struct web_req *r, int status, const char *message);
/* Adds a response header line. */
void web_header(struct web_req *r, const char *name, const char *value);
/* A JSON array of the messages in errs: [{"field": ..., "text": ...}]. */
json_t *web_msgs_json(const struct msgs *errs);

/* Shared by the page files (pages.c). */
/* Reads ?as_of= (either date form; today when absent); false after an error page. */
bool web_as_of(struct web_req *r, date_t *d);
/* Sends the first problem of errs: 404 for not found (out of scope looks the same), 403
 * for a role that may not, 500 for the database, else 400. */
void web_fail(struct web_req *r, enum ptdv_err err, const struct msgs *errs);
/* Appends the <option>s of the superior and base organisations of the actor's scope. */
void web_org_picker(struct web_req *r, const char *selected, struct buf *html);
/* A date as dd/mm/yyyy, or JSON null. */
json_t *web_date(date_t d);

/* Handlers of pages_pipeline.c, listed in the route table of pages.c. */
void web_get_pipeline(struct web_req *r);
void web_get_candidate(struct web_req *r);
void web_post_candidate(struct web_req *r);
void web_get_candidate_new(struct web_req *r);
void web_post_candidate_new(struct web_req *r);
/* api.c */
void web_api_targets(struct web_req *r);
void web_api_targets_set(struct web_req *r);
/* pages_import.c */
void web_get_import(struct web_req *r);
void web_post_import(struct web_req *r);
void web_get_import_job(struct web_req *r);
void web_post_import_confirm(struct web_req *r);
void web_post_import_cancel(struct web_req *r);
void web_get_import_template(struct web_req *r);
/* Cancels the import jobs still running and waits for them (server shutdown). */
void web_jobs_stop(void);
/* api_cand.c */
void web_api_candidates(struct web_req *r);
void web_api_candidate(struct web_req *r);
void web_api_candidate_add(struct web_req *r);
void web_api_candidate_step(struct web_req *r);
/* pages_report.c */
void web_get_reports(struct web_req *r);
void web_get_report(struct web_req *r);
void web_api_reports(struct web_req *r);
void web_api_report(struct web_req *r);

#endif
