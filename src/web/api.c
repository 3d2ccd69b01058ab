/*
 * api.c — the JSON API's writes and the lists that go with them (docs/api.md): targets.
 * Bodies are JSON objects; errors are {"error":{"code","message","field"}} as everywhere
 * in /api/v1/ (web_error). Everything is checked and scoped by the app layer.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "store/store.h"
#include "web/api_body.h"
#include "web/http.h"

static json_t *count_or_null(int64_t v)
{
	return v < 0 ? json_null() : json_integer(v);
}

static enum ptdv_err target_row(void *arg, const struct store_target_row *t)
{
	json_array_append_new(arg,
		json_pack("{s:s, s:s, s:i, s:o, s:o, s:o, s:I, s:I}", "org", t->org_code, "name",
			t->org_name, "year", t->year, "registered", count_or_null(t->t.registered),
			"assigned", count_or_null(t->t.assigned), "women",
			count_or_null(t->t.women), "admitted", (json_int_t)t->admitted,
			"admitted_women", (json_int_t)t->admitted_women));
	return PTDV_OK;
}

/* GET /api/v1/targets?org=CODE&year=YYYY — the targets of a subtree (default: the scope). */
void web_api_targets(struct web_req *r)
{
	struct msgs errs;
	msgs_init(&errs, 0);
	const char *org = web_query(r, "org"), *y = web_query(r, "year");
	char *end = NULL;
	long year = y ? strtol(y, &end, 10) : 0;
	if (y && (*end || year < 1930 || year > 2100)) {
		msgs_add(&errs, 0, "year", "năm '%s' không hợp lệ (cần từ 1930 đến 2100)", y);
		web_fail(r, PTDV_INVALID, &errs);
		msgs_free(&errs);
		return;
	}
	json_t *rows = json_array();
	enum ptdv_err err = app_target_list(
		r->app, org && *org ? org : NULL, (int)year, target_row, rows, &errs);
	if (err) {
		json_decref(rows);
		web_fail(r, err, &errs);
	} else {
		web_json(r, json_pack("{s:o}", "targets", rows));
	}
	msgs_free(&errs);
}

/* POST /api/v1/targets {"org","year","registered","assigned","women"} — sets an org's targets. */
void web_api_targets_set(struct web_req *r)
{
	struct msgs errs;
	struct api_target_body in;
	msgs_init(&errs, 0);
	enum ptdv_err err = api_target_body_parse(r->body.s, r->body.len, &in, &errs);
	if (err)
		goto out;
	err = app_target_set(r->app, in.org, in.year, in.registered, in.assigned, in.women, &errs);
	if (!err) {
		/* Answer with the org's row as it now stands (the list holds its subtree). */
		json_t *rows = json_array(), *row;
		size_t i;
		err = app_target_list(r->app, in.org, in.year, target_row, rows, &errs);
		json_array_foreach(rows, i,
			row) if (!err && strcmp(json_string_value(json_object_get(row, "org")),
						 in.org) == 0)
		{
			web_json(r, json_incref(row));
			break;
		}
		json_decref(rows);
	}
out:
	if (err)
		web_fail(r, err, &errs);
	api_target_body_clear(&in);
	msgs_free(&errs);
}
