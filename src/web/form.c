/*
 * form.c — percent-decoding and form-body parsing for the web front line (form.h).
 */
#include "web/form.h"

#include <stdlib.h>

#include "util/xalloc.h"

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

char *web_url_decode(const char *s, size_t n)
{
	char *out = xmalloc(n + 1);
	size_t j = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '+') {
			out[j++] = ' ';
		} else if (s[i] == '%' && i + 2 < n && hexval(s[i + 1]) >= 0 &&
			   hexval(s[i + 2]) >= 0) {
			out[j++] = (char)(hexval(s[i + 1]) * 16 + hexval(s[i + 2]));
			i += 2;
		} else {
			out[j++] = s[i];
		}
	}
	out[j] = '\0';
	return out;
}

int web_form_parse(const char *s, size_t n, struct web_kv *kv, int max)
{
	size_t i = 0;
	int nkv = 0;
	while (i < n && nkv < max) {
		size_t amp = i;
		while (amp < n && s[amp] != '&')
			amp++;
		size_t eq = i;
		while (eq < amp && s[eq] != '=')
			eq++;
		if (eq > i) {
			kv[nkv].key = web_url_decode(s + i, eq - i);
			kv[nkv].value =
				eq < amp ? web_url_decode(s + eq + 1, amp - eq - 1) : xstrdup("");
			nkv++;
		}
		i = amp + 1;
	}
	return nkv;
}

void web_form_free(struct web_kv *kv, int n)
{
	for (int i = 0; i < n; i++) {
		free(kv[i].key);
		free(kv[i].value);
		kv[i].key = kv[i].value = NULL;
	}
}
