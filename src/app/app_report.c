/* app_report.c — reports within the actor's scope. */
#include "app/app.h"
#include "app/app_impl.h"
#include "report/summary.h"
#include "store/store.h"

enum ptdv_err app_report_summary(
	struct app *app, const char *org_code, date_t as_of, struct summary *out, struct msgs *errs)
{
	struct org o = {0};
	enum ptdv_err err = app_org_get(app, org_code, "--org", &o, errs);
	if (err)
		return err;
	err = store_begin_read(app->st);
	if (!err)
		err = report_summary(app->st, &o, as_of, out);
	if (err)
		app__db_error(app, errs);
	store_rollback(app->st);
	core_org_clear(&o);
	return err;
}
