/*
 * api_body.h — the parsing and validation of JSON API request bodies, apart from the
 * handlers that act on them (api.c), so that they can be fuzzed (tests/fuzz/fuzz_api.c).
 * Needs jansson and util/ only.
 */
#ifndef PTDV_WEB_API_BODY_H
#define PTDV_WEB_API_BODY_H

#include <stddef.h>
#include <stdint.h>

#include "util/err.h"
#include "util/msgs.h"

/* The body of POST /api/v1/targets. A count of -1 leaves that target as it is. */
struct api_target_body {
	char *org; /* organisation code, owned */
	int year;
	int64_t registered, assigned, women;
};

/*
 * Parses s[0..n) as the body of POST /api/v1/targets: a JSON object with "org" (string),
 * "year" (integer, 1930–2100, as app_target_set wants; a larger integer is refused here,
 * not truncated to int), "registered", "assigned",
 * "women" (absent or null: -1; else an integer 0–1,000,000). Returns PTDV_OK with out
 * filled (free with api_target_body_clear), or PTDV_INVALID with every problem added to
 * errs in Vietnamese under its field (out then holds nothing to free).
 */
enum ptdv_err api_target_body_parse(
	const char *s, size_t n, struct api_target_body *out, struct msgs *errs) PTDV_MUST_USE;

/* Frees what out owns; accepts a zeroed struct. */
void api_target_body_clear(struct api_target_body *out);

#endif
