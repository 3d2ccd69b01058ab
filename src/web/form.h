/*
 * form.h — the parsers of what a client sends in the URL and in a form body, without
 * libmicrohttpd, so that they can be fuzzed (tests/fuzz/fuzz_form.c): percent-decoding of
 * path segments and application/x-www-form-urlencoded bodies (the query-string format).
 * libmicrohttpd itself parses query strings and cookies; ptdv reads them through it.
 */
#ifndef PTDV_WEB_FORM_H
#define PTDV_WEB_FORM_H

#include <stddef.h>

struct web_kv {
	char *key, *value;
};

/*
 * Decodes s[0..n) as application/x-www-form-urlencoded ('+' is a space, %XY a byte; a '%'
 * not followed by two hex digits stays as it is) into a new NUL-terminated string of at
 * most n bytes, which the caller frees. A decoded %00 ends the C string early (the bytes
 * after it are not seen). This function can't fail (aborts when out of memory).
 */
char *web_url_decode(const char *s, size_t n);

/*
 * Parses the form body s[0..n) ("k=v&k2=v2", the format of a query string) into kv[0..max):
 * each pair's key and value decoded by web_url_decode, in order; a pair with an empty key is
 * skipped, a key without '=' gets the value "". Stops after max pairs. Returns how many
 * pairs were stored; the caller frees each key and value (web_form_free).
 */
int web_form_parse(const char *s, size_t n, struct web_kv *kv, int max);

/* Frees the keys and values of kv[0..n). */
void web_form_free(struct web_kv *kv, int n);

#endif
