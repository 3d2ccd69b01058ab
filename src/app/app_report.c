/* app_report.c — reports within the actor's scope. */
#include <stdio.h>
#include <stdlib.h>

#include "app/app.h"
#include "app/cache.h"
#include "app/app_impl.h"
#include "report/summary.h"
#include "store/store.h"
#include "util/xalloc.h"

static void summary_free(void *v)
{
	report_summary_free(v);
	free(v);
}

static const struct cache_type summary_cache = {"summary", summary_free};

enum ptdv_err app_report_summary(
	struct app *app, const char *org_code, date_t as_of, struct summary *out, struct msgs *errs)
{
	struct org o = {0};
	char key[128];
	int64_t rev = 0;
	enum ptdv_err err = app_org_get(app, org_code, "--org", &o, errs);
	if (err)
		return err;
	/* Scope was checked above; the result itself depends only on the org and the date. */
	snprintf(key, sizeof(key), "%s|%d", o.code, (int)as_of);
	err = store_begin_read(app->rst);
	if (!err)
		err = store_revision(app->rst, &rev);
	const struct cache_entry *e = err ? NULL : app_cache_get(&summary_cache, key, rev);
	if (!e && !err) {
		struct summary *s = xcalloc(1, sizeof(*s));
		err = report_summary(app->rst, &o, as_of, s);
		if (err)
			summary_free(s);
		else
			e = app_cache_put(&summary_cache, key, rev, s);
	}
	if (e)
		report_summary_copy(out, e->value);
	app_cache_release(e);
	if (err)
		app__db_error(app, errs);
	store_rollback(app->rst);
	core_org_clear(&o);
	return err;
}
