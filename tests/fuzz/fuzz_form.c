/*
 * fuzz_form.c — libFuzzer target of the web front line's own parsers (web/form.c): form
 * bodies and query strings (application/x-www-form-urlencoded) and percent-encoded path
 * segments.
 *
 * Checks: at most WEB_MAX_FORM pairs, every key non-empty and NUL-terminated within the
 * input's length; decoding never grows a string; and a round trip — each pair written back
 * with the percent-encoder the templates use (tmpl_escape_url) and parsed again gives the
 * same pairs.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "web/form.h"
#include "web/tmpl.h"

#define CHECK(cond) \
	do { \
		if (!(cond)) \
			__builtin_trap(); \
	} while (0)

#define MAX_PAIRS 64

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	struct web_kv kv[MAX_PAIRS], back[MAX_PAIRS];
	int n = web_form_parse(s, size, kv, MAX_PAIRS);
	CHECK(n >= 0 && n <= MAX_PAIRS);

	struct buf enc = BUF_INIT;
	buf_init(&enc, 0);
	int written = 0;
	for (int i = 0; i < n; i++) {
		CHECK(kv[i].key && kv[i].value);
		CHECK(strlen(kv[i].key) + strlen(kv[i].value) <= size);
		/* A key that decodes to "" (only "%00") is not sent back: it would be skipped. */
		if (!kv[i].key[0])
			continue;
		if (written++)
			buf_addc(&enc, '&');
		tmpl_escape_url(&enc, kv[i].key, strlen(kv[i].key));
		buf_addc(&enc, '=');
		tmpl_escape_url(&enc, kv[i].value, strlen(kv[i].value));
	}
	int m = web_form_parse(enc.s ? enc.s : "", enc.len, back, MAX_PAIRS);
	CHECK(m == written);
	for (int i = 0, j = 0; i < n; i++) {
		if (!kv[i].key[0])
			continue;
		CHECK(strcmp(kv[i].key, back[j].key) == 0);
		CHECK(strcmp(kv[i].value, back[j].value) == 0);
		j++;
	}
	web_form_free(back, m);
	web_form_free(kv, n);
	buf_free(&enc);

	/* A path segment, as the router decodes it. */
	char *seg = web_url_decode(s, size);
	CHECK(strlen(seg) <= size);
	free(seg);
	return 0;
}
