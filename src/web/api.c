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

/*
 * Reads a count member of the body: absent or null leaves the target as it is (-1), a
 * non-negative integer sets it; anything else is an error naming the field.
 */
static int64_t body_count(json_t *body, const char *name, struct msgs *errs)
{
	json_t *v = json_object_get(body, name);
	if (!v || json_is_null(v))
		return -1;
	if (!json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) > 1000000) {
		msgs_add(errs, 0, name, "'%s' phải là số nguyên từ 0 đến 1.000.000", name);
		return -1;
	}
	return json_integer_value(v);
}

/* POST /api/v1/targets {"org","year","registered","assigned","women"} — sets an org's targets. */
void web_api_targets_set(struct web_req *r)
{
	struct msgs errs;
	msgs_init(&errs, 0);
	json_error_t jerr;
	json_t *body = json_loadb(r->body.s, r->body.len, 0, &jerr);
	enum ptdv_err err = PTDV_INVALID;
	if (!json_is_object(body)) {
		if (body)
			msgs_add(&errs, 0, NULL,
				"nội dung gửi lên phải là một đối tượng JSON {...}");
		else
			msgs_add(&errs, 0, NULL,
				"nội dung gửi lên không phải JSON hợp lệ (dòng %d, cột %d)",
				jerr.line, jerr.column);
		goto out;
	}
	const char *org = json_string_value(json_object_get(body, "org"));
	json_t *y = json_object_get(body, "year");
	if (!org)
		msgs_add(&errs, 0, "org", "thiếu 'org' (mã tổ chức)");
	if (!json_is_integer(y))
		msgs_add(&errs, 0, "year", "thiếu 'year' (năm, số nguyên)");
	int64_t reg = body_count(body, "registered", &errs);
	int64_t asg = body_count(body, "assigned", &errs);
	int64_t wom = body_count(body, "women", &errs);
	if (errs.n)
		goto out;
	err = app_target_set(r->app, org, (int)json_integer_value(y), reg, asg, wom, &errs);
	if (!err) {
		/* Answer with the org's row as it now stands (the list holds its subtree). */
		json_t *rows = json_array(), *row;
		size_t i;
		err = app_target_list(
			r->app, org, (int)json_integer_value(y), target_row, rows, &errs);
		json_array_foreach(rows, i,
			row) if (!err &&
				 strcmp(json_string_value(json_object_get(row, "org")), org) == 0)
		{
			web_json(r, json_incref(row));
			break;
		}
		json_decref(rows);
	}
out:
	if (err)
		web_fail(r, err, &errs);
	json_decref(body);
	msgs_free(&errs);
}
