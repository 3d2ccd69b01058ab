/*
 * tmpl.c — the template renderer: one pass over the template text, sections rendered by
 * recursion over the context stack. Templates are compiled into the binary and trusted;
 * values are not, so every value is escaped unless the template says raw.
 */
#include "web/tmpl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_DEPTH 32

struct frame {
	json_t *ctx[MAX_DEPTH];
	int n;
};

struct render {
	const struct embed_file *files;
	struct buf *out;
	char err[200];
	int include_depth;
	const char *yield;
	size_t yield_len;
};

void tmpl_escape_html(struct buf *out, const char *s, size_t len)
{
	size_t start = 0;
	for (size_t i = 0; i < len; i++) {
		const char *rep = NULL;
		switch (s[i]) {
		case '&':
			rep = "&amp;";
			break;
		case '<':
			rep = "&lt;";
			break;
		case '>':
			rep = "&gt;";
			break;
		case '"':
			rep = "&quot;";
			break;
		case '\'':
			rep = "&#39;";
			break;
		default:
			continue;
		}
		buf_add(out, s + start, i - start);
		buf_adds(out, rep);
		start = i + 1;
	}
	buf_add(out, s + start, len - start);
}

void tmpl_escape_url(struct buf *out, const char *s, size_t len)
{
	static const char hex[] = "0123456789ABCDEF";
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
			c == '-' || c == '.' || c == '_' || c == '~') {
			buf_addc(out, (char)c);
		} else {
			char e[3] = {'%', hex[c >> 4], hex[c & 15]};
			buf_add(out, e, 3);
		}
	}
}

static const struct embed_file *find_file(
	const struct embed_file *files, const char *name, size_t len)
{
	for (const struct embed_file *f = files; f->name; f++) {
		const char *dot = strrchr(f->name, '.');
		size_t n = dot ? (size_t)(dot - f->name) : strlen(f->name);
		if (n == len && strncmp(f->name, name, len) == 0)
			return f;
	}
	return NULL;
}

/* Looks up a dotted path in one context; NULL when absent. */
static json_t *lookup1(json_t *ctx, const char *path, size_t len)
{
	if (len == 1 && path[0] == '.')
		return ctx;
	json_t *v = ctx;
	size_t i = 0;
	while (i < len) {
		size_t j = i;
		while (j < len && path[j] != '.')
			j++;
		char key[128];
		if (j - i >= sizeof(key))
			return NULL;
		memcpy(key, path + i, j - i);
		key[j - i] = '\0';
		if (json_is_array(v) && key[0] >= '0' && key[0] <= '9')
			v = json_array_get(v, (size_t)strtoul(key, NULL, 10));
		else if (json_is_object(v))
			v = json_object_get(v, key);
		else
			return NULL;
		if (!v)
			return NULL;
		i = j + 1;
	}
	return v;
}

/* Looks up path from the innermost context outwards. */
static json_t *lookup(struct frame *f, const char *path, size_t len)
{
	for (int i = f->n - 1; i >= 0; i--) {
		json_t *v = lookup1(f->ctx[i], path, len);
		if (v)
			return v;
	}
	return NULL;
}

static bool truthy(json_t *v)
{
	if (!v)
		return false;
	switch (json_typeof(v)) {
	case JSON_NULL:
	case JSON_FALSE:
		return false;
	case JSON_STRING:
		return json_string_length(v) > 0;
	case JSON_INTEGER:
		return json_integer_value(v) != 0;
	case JSON_REAL:
		return json_real_value(v) != 0.0;
	case JSON_ARRAY:
		return json_array_size(v) > 0;
	case JSON_OBJECT:
		return json_object_size(v) > 0;
	default:
		return true;
	}
}

/* Appends the text form of a scalar; containers give nothing. */
static void scalar(struct buf *tmp, json_t *v)
{
	if (!v)
		return;
	switch (json_typeof(v)) {
	case JSON_STRING:
		buf_add(tmp, json_string_value(v), json_string_length(v));
		break;
	case JSON_INTEGER:
		buf_addf(tmp, "%lld", (long long)json_integer_value(v));
		break;
	case JSON_REAL:
		buf_addf(tmp, "%g", json_real_value(v));
		break;
	case JSON_TRUE:
		buf_adds(tmp, "true");
		break;
	default:
		break;
	}
}

static bool render(struct render *r, const char *t, size_t len, struct frame *f);

/*
 * Finds the {{/name}} closing the section whose body starts at t[from]; nested sections of
 * the same name are skipped. Returns the offset of the closing tag or -1.
 */
static long find_close(const char *t, size_t len, size_t from, const char *name, size_t nlen)
{
	int depth = 0;
	size_t i = from;
	while (i + 4 <= len) {
		const char *open = strstr(t + i, "{{");
		if (!open || (size_t)(open - t) >= len)
			return -1;
		size_t k = (size_t)(open - t) + 2;
		char kind = t[k];
		if ((kind == '#' || kind == '^' || kind == '/') && k + 1 + nlen + 2 <= len &&
			strncmp(t + k + 1, name, nlen) == 0 &&
			strncmp(t + k + 1 + nlen, "}}", 2) == 0) {
			if (kind == '/') {
				if (depth == 0)
					return (long)(open - t);
				depth--;
			} else {
				depth++;
			}
		}
		i = k;
	}
	return -1;
}

static bool render(struct render *r, const char *t, size_t len, struct frame *f)
{
	size_t i = 0;
	struct buf tmp = BUF_INIT;
	bool ok = true;
	while (i < len && ok) {
		const char *open = strstr(t + i, "{{");
		if (!open || (size_t)(open - t) >= len) {
			buf_add(r->out, t + i, len - i);
			break;
		}
		size_t o = (size_t)(open - t);
		buf_add(r->out, t + i, o - i);
		const char *close = strstr(open + 2, "}}");
		if (!close || (size_t)(close - t) > len) {
			snprintf(r->err, sizeof(r->err), "unclosed tag at offset %zu", o);
			ok = false;
			break;
		}
		const char *tag = open + 2;
		size_t tlen = (size_t)(close - tag);
		size_t after = (size_t)(close - t) + 2;
		buf_reset(&tmp);
		if (tlen > 0 && (tag[0] == '#' || tag[0] == '^')) {
			const char *name = tag + 1;
			size_t nlen = tlen - 1;
			long end = find_close(t, len, after, name, nlen);
			if (end < 0) {
				snprintf(r->err, sizeof(r->err), "section '%.*s' is not closed",
					(int)nlen, name);
				ok = false;
				break;
			}
			json_t *v = lookup(f, name, nlen);
			const char *body = t + after;
			size_t blen = (size_t)end - after;
			if (tag[0] == '^') {
				if (!truthy(v))
					ok = render(r, body, blen, f);
			} else if (json_is_array(v)) {
				size_t k;
				json_t *item;
				json_array_foreach(v, k, item)
				{
					if (f->n >= MAX_DEPTH || !ok)
						break;
					f->ctx[f->n++] = item;
					ok = render(r, body, blen, f);
					f->n--;
				}
			} else if (truthy(v)) {
				if (json_is_object(v) && f->n < MAX_DEPTH) {
					f->ctx[f->n++] = v;
					ok = render(r, body, blen, f);
					f->n--;
				} else {
					ok = render(r, body, blen, f);
				}
			}
			i = (size_t)end + 2 + 1 + nlen + 2; /* past {{/name}} */
			continue;
		}
		if (tlen > 0 && tag[0] == '!') {
			i = after;
			continue;
		}
		if (tlen > 2 && tag[0] == '>' && tag[1] == ' ') {
			const struct embed_file *inc = find_file(r->files, tag + 2, tlen - 2);
			if (!inc || r->include_depth >= 8) {
				snprintf(r->err, sizeof(r->err), "cannot include '%.*s'",
					(int)(tlen - 2), tag + 2);
				ok = false;
				break;
			}
			r->include_depth++;
			ok = render(r, inc->data, inc->len, f);
			r->include_depth--;
			i = after;
			continue;
		}
		if (tlen == 5 && strncmp(tag, "yield", 5) == 0) {
			buf_add(r->out, r->yield ? r->yield : "", r->yield_len);
		} else if (tlen > 4 && strncmp(tag, "raw ", 4) == 0) {
			scalar(r->out, lookup(f, tag + 4, tlen - 4));
		} else if (tlen > 4 && strncmp(tag, "url ", 4) == 0) {
			scalar(&tmp, lookup(f, tag + 4, tlen - 4));
			tmpl_escape_url(r->out, tmp.s, tmp.len);
		} else if (tlen > 0 && tag[0] != '/' && !memchr(tag, ' ', tlen)) {
			scalar(&tmp, lookup(f, tag, tlen));
			tmpl_escape_html(r->out, tmp.s, tmp.len);
		} else {
			snprintf(r->err, sizeof(r->err), "unknown tag '{{%.*s}}'", (int)tlen, tag);
			ok = false;
		}
		i = after;
	}
	buf_free(&tmp);
	return ok;
}

enum ptdv_err tmpl_render_yield(const struct embed_file *files, const char *name, json_t *ctx,
	const char *yield, size_t len, struct buf *out)
{
	const struct embed_file *f = find_file(files, name, strlen(name));
	if (!f) {
		buf_addf(out, "template '%s' not found", name);
		return PTDV_NOTFOUND;
	}
	struct render r = {.files = files, .out = out, .yield = yield, .yield_len = len};
	struct frame fr = {.ctx = {ctx}, .n = 1};
	size_t start = out->len;
	if (!render(&r, f->data, f->len, &fr)) {
		buf_setlen(out, start);
		buf_addf(out, "template '%s': %s", name, r.err);
		return PTDV_INVALID;
	}
	return PTDV_OK;
}

enum ptdv_err tmpl_render(
	const struct embed_file *files, const char *name, json_t *ctx, struct buf *out)
{
	return tmpl_render_yield(files, name, ctx, NULL, 0, out);
}
