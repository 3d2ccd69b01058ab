/*
 * app_report.c — reports within the actor's scope: the summary (cached per database
 * revision, for the dashboard) and every report of report/reports.h through one entry point,
 * each read in one snapshot.
 */
#include <stdio.h>
#include <stdlib.h>

#include "app/app.h"
#include "app/app_impl.h"
#include "app/cache.h"
#include "app/app_browse.h"
#include "core/calendar.h"
#include "report/reports.h"
#include "report/summary.h"
#include "store/store.h"
#include "store/store_pipeline.h"
#include "util/xalloc.h"

/*
 * A cached summary with its org's path, so that a hit checks the scope without reading
 * the org. s comes first: the entry's value is also the summary (app_report_summary_view).
 */
struct summary_cached {
	struct summary s;
	char *path;
};

static void summary_free(void *v)
{
	struct summary_cached *c = v;
	report_summary_free(&c->s);
	free(c->path);
	free(c);
}

static const struct cache_type summary_cache = {"summary", summary_free};

/*
 * The held cache entry of org_code's summary as of as_of (computed when missing), or NULL
 * with the error; the caller releases it. A hit reads only the revision: the org (its
 * scope) comes with the entry.
 */
static enum ptdv_err summary_entry(struct app *app, const char *org_code, date_t as_of,
	const struct cache_entry **out, struct msgs *errs)
{
	struct org o = {0};
	char key[128];
	int64_t rev = 0;
	*out = NULL;
	/* The result depends only on the org and the date; the scope is checked apart. */
	snprintf(key, sizeof(key), "%s|%d", org_code, (int)as_of);
	enum ptdv_err err = store_begin_read(app->rst);
	if (!err)
		err = store_revision(app->rst, &rev);
	if (err) {
		app__db_error(app, errs);
		store_rollback(app->rst);
		return err;
	}
	const struct cache_entry *e = app_cache_get(&summary_cache, key, rev);
	if (e && !app__in_scope(app, ((const struct summary_cached *)e->value)->path)) {
		app_cache_release(e);
		e = NULL;
		app__org_not_found(errs, "--org", org_code);
		err = PTDV_NOTFOUND;
	} else if (!e) {
		err = app_org_get(app, org_code, "--org", &o, errs);
		if (!err) {
			struct summary_cached *c = xcalloc(1, sizeof(*c));
			err = report_summary(app->rst, &o, as_of, &c->s);
			if (err) {
				summary_free(c);
				app__db_error(app, errs);
			} else {
				c->path = o.path;
				o.path = NULL;
				e = app_cache_put(&summary_cache, key, rev, c);
			}
		}
	}
	store_rollback(app->rst);
	core_org_clear(&o);
	*out = e;
	return err;
}

enum ptdv_err app_report_summary(
	struct app *app, const char *org_code, date_t as_of, struct summary *out, struct msgs *errs)
{
	const struct cache_entry *e;
	enum ptdv_err err = summary_entry(app, org_code, as_of, &e, errs);
	if (e)
		report_summary_copy(out, e->value);
	app_cache_release(e);
	return err;
}

enum ptdv_err app_report_summary_view(struct app *app, const char *org_code, date_t as_of,
	const struct app_view *vt, void **view, struct msgs *errs)
{
	const struct cache_entry *e;
	*view = NULL;
	enum ptdv_err err = summary_entry(app, org_code, as_of, &e, errs);
	if (e)
		*view = app_cache_view(e, vt);
	app_cache_release(e);
	return err;
}

const struct report_info *app_report_list(size_t *n)
{
	return report_list(n);
}

enum ptdv_err app_report(struct app *app, const char *name, const char *org_code, date_t as_of,
	const struct report_params *p, struct report *out, struct msgs *errs)
{
	struct org o = {0};
	const struct cache_entry *cal_held = NULL;
	struct calendar *cal = NULL;
	char root[64], a[DATE_STRLEN], b[DATE_STRLEN];
	report_init(out, name, as_of);
	if (!name || !report_find(name)) {
		size_t n;
		const struct report_info *l = report_list(&n);
		struct buf names = BUF_INIT;
		for (size_t i = 0; i < n; i++)
			buf_addf(&names, "%s%s", i ? ", " : "", l[i].name);
		msgs_add(errs, 0, NULL, "không có báo cáo '%s'; các báo cáo: %s", name ? name : "",
			names.s);
		buf_free(&names);
		return PTDV_NOTFOUND;
	}
	if (as_of == DATE_NONE)
		as_of = app->today;
	if (p && p->from != DATE_NONE && p->from > as_of) {
		msgs_add(errs, 0, "--from", "ngày bắt đầu %s sau ngày báo cáo %s",
			date_format(p->from, a), date_format(as_of, b));
		return PTDV_INVALID;
	}
	enum ptdv_err err = PTDV_OK;
	if (!org_code) {
		err = app_scope_root(app, root, sizeof(root), errs);
		org_code = root;
	}
	if (!err)
		err = app_org_get(app, org_code, "--org", &o, errs);
	if (err)
		return err;
	/* One snapshot: every query of the report sees the same database. */
	err = store_begin_read(app->rst);
	if (!err)
		err = app__calendar(app->rst, NULL, &cal_held, &cal);
	if (!err) {
		/* A liaison's lists of people name only its own referrals; figures stay whole. */
		struct report_params own;
		if (p)
			own = *p;
		else
			report_params_init(&own);
		own.source = app->source;
		report_free(out);
		err = report_build(app->rst, name, &o, as_of, &own, cal, out);
	}
	if (err)
		app__db_error(app, errs);
	store_rollback(app->rst);
	app_cache_release(cal_held);
	core_org_clear(&o);
	return err;
}

enum ptdv_err app_report_audit_download(struct app *app, const char *name, const char *org_code,
	date_t as_of, const char *format, struct msgs *errs)
{
	char key[160], day[DATE_STRLEN];
	snprintf(key, sizeof(key), "%s/%s", name, org_code ? org_code : "");
	json_t *after = json_pack("{s:s, s:s, s:s, s:s}", "report", name, "org",
		org_code ? org_code : "", "as_of", date_format_iso(as_of, day), "format", format);
	enum ptdv_err err = store_begin(app->st);
	if (!err)
		err = app__audit(app, "report.download", "report", key, NULL, after);
	json_decref(after);
	return app__end(app, err, errs);
}
