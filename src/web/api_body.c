/*
 * api_body.c — JSON API request bodies read and checked into plain structs (api_body.h).
 */
#include "web/api_body.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

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

enum ptdv_err api_target_body_parse(
	const char *s, size_t n, struct api_target_body *out, struct msgs *errs)
{
	json_error_t jerr;
	size_t before = errs->n;
	memset(out, 0, sizeof(*out));
	json_t *body = json_loadb(s, n, 0, &jerr);
	if (!json_is_object(body)) {
		if (body)
			msgs_add(
				errs, 0, NULL, "nội dung gửi lên phải là một đối tượng JSON {...}");
		else
			msgs_add(errs, 0, NULL,
				"nội dung gửi lên không phải JSON hợp lệ (dòng %d, cột %d)",
				jerr.line, jerr.column);
		goto fail;
	}
	json_t *org = json_object_get(body, "org"), *y = json_object_get(body, "year");
	if (!json_is_string(org) || json_string_length(org) == 0 ||
		strlen(json_string_value(org)) != json_string_length(org))
		msgs_add(errs, 0, "org", "thiếu 'org' (mã tổ chức)");
	if (!json_is_integer(y))
		msgs_add(errs, 0, "year", "thiếu 'year' (năm, số nguyên)");
	else if (json_integer_value(y) < 1930 || json_integer_value(y) > 2100)
		msgs_add(errs, 0, "year", "năm %" JSON_INTEGER_FORMAT " không hợp lệ (1930–2100)",
			json_integer_value(y));
	out->registered = body_count(body, "registered", errs);
	out->assigned = body_count(body, "assigned", errs);
	out->women = body_count(body, "women", errs);
	if (errs->n > before)
		goto fail;
	out->org = xstrdup(json_string_value(org));
	out->year = (int)json_integer_value(y);
	json_decref(body);
	return PTDV_OK;
fail:
	json_decref(body);
	memset(out, 0, sizeof(*out));
	return PTDV_INVALID;
}

void api_target_body_clear(struct api_target_body *out)
{
	free(out->org);
	out->org = NULL;
}
