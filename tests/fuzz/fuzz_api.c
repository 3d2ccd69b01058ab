/*
 * fuzz_api.c — libFuzzer target of the JSON API's body parsing (web/api_body.c): the body
 * of POST /api/v1/targets.
 *
 * Checks: either PTDV_OK with an org code that is a non-empty C string, a year in
 * 1930–2100 and every count -1 or in 0–1,000,000, and no message; or PTDV_INVALID with at
 * least one message, each valid UTF-8 (users read them).
 */
#include <stdint.h>
#include <string.h>

#include "util/msgs.h"
#include "util/vn.h"
#include "web/api_body.h"

#define CHECK(cond) \
	do { \
		if (!(cond)) \
			__builtin_trap(); \
	} while (0)

static int count_ok(int64_t v)
{
	return v == -1 || (v >= 0 && v <= 1000000);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct msgs errs;
	struct api_target_body in;
	msgs_init(&errs, 0);
	enum ptdv_err err = api_target_body_parse((const char *)data, size, &in, &errs);
	if (err == PTDV_OK) {
		CHECK(errs.n == 0);
		CHECK(in.org && in.org[0]);
		CHECK(in.year >= 1930 && in.year <= 2100);
		CHECK(count_ok(in.registered) && count_ok(in.assigned) && count_ok(in.women));
	} else {
		CHECK(err == PTDV_INVALID);
		CHECK(errs.n > 0);
		CHECK(in.org == NULL);
		for (size_t i = 0; i < errs.n; i++)
			CHECK(vn_utf8_valid(errs.v[i].text, strlen(errs.v[i].text)));
	}
	api_target_body_clear(&in);
	msgs_free(&errs);
	return 0;
}
