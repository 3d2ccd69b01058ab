/*
 * fuzz_tmpl.c — libFuzzer target of template rendering (web/tmpl.c) with hostile values.
 *
 * The input is a value: it is put in a context (as a string, an array item, an object
 * member, and a partial's variable) and rendered by a small template set that uses every
 * escaping tag. Checks: the output holds exactly as many '<', '>' and '"' as the same
 * templates render for a harmless value — nothing the input brings is left unescaped — and
 * the value comes back when the output's entities are decoded.
 * Then the input is rendered as a template itself (templates are trusted, but a broken one
 * must give an error, not a crash), with the hostile value in the context.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/embed.h"
#include "web/tmpl.h"

#define CHECK(cond) \
	do { \
		if (!(cond)) \
			__builtin_trap(); \
	} while (0)

#define PAGE \
	"<p title=\"{{x}}\">{{x}}</p><a href=\"/s?q={{url x}}\">{{#list}}<i>{{.}}</i>{{/list}}" \
	"</a>{{^none}}<b>{{obj.k}}</b>{{/none}}{{#obj}}<u>{{k}}</u>{{/obj}}{{> part}}"
#define PART "<em>{{x}}</em>"

static const struct embed_file files[] = {
	{"page.html", PAGE, sizeof(PAGE) - 1},
	{"part.html", PART, sizeof(PART) - 1},
	{NULL, NULL, 0},
};

static json_t *context(const char *s, size_t n)
{
	json_t *v = json_stringn_nocheck(s, n);
	json_t *ctx = json_pack(
		"{s:O, s:[O,O], s:{s:O}, s:n}", "x", v, "list", v, v, "obj", "k", v, "none");
	json_decref(v);
	return ctx;
}

static void count(const struct buf *b, size_t c[3])
{
	c[0] = c[1] = c[2] = 0;
	for (size_t i = 0; i < b->len; i++) {
		c[0] += b->s[i] == '<';
		c[1] += b->s[i] == '>';
		c[2] += b->s[i] == '"';
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static size_t want[3];
	static int ready;
	struct buf out = BUF_INIT;
	buf_init(&out, 0);
	if (!ready) {
		json_t *ctx = context("a", 1);
		CHECK(tmpl_render(files, "page", ctx, &out) == PTDV_OK);
		count(&out, want);
		json_decref(ctx);
		buf_reset(&out);
		ready = 1;
	}

	json_t *ctx = context((const char *)data, size);
	CHECK(ctx);
	CHECK(tmpl_render(files, "page", ctx, &out) == PTDV_OK);
	size_t got[3];
	count(&out, got);
	CHECK(got[0] == want[0] && got[1] == want[1] && got[2] == want[2]);
	/* The first {{x}} (inside title="...") decodes back to the value. */
	const char *start = (const char *)memmem(out.s, out.len, "title=\"", 7) + 7;
	const char *end = memchr(start, '"', (size_t)(out.s + out.len - start));
	size_t vlen = size;
	CHECK(end);
	struct buf dec = BUF_INIT;
	buf_init(&dec, 0);
	for (const char *p = start; p < end; p++) {
		static const char *ent[][2] = {{"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"},
			{"&quot;", "\""}, {"&#39;", "'"}};
		size_t k;
		for (k = 0; k < 5; k++)
			if (strncmp(p, ent[k][0], strlen(ent[k][0])) == 0)
				break;
		if (k < 5) {
			buf_adds(&dec, ent[k][1]);
			p += strlen(ent[k][0]) - 1;
		} else {
			CHECK(*p != '&');
			buf_addc(&dec, *p);
		}
	}
	CHECK(dec.len == vlen && (vlen == 0 || memcmp(dec.s, data, vlen) == 0));
	buf_free(&dec);

	/* The input as a template. */
	char *src = malloc(size + 1);
	memcpy(src, data, size);
	src[size] = '\0';
	struct embed_file hostile[] = {
		{"t.html", src, size}, {"part.html", PART, sizeof(PART) - 1}, {NULL, NULL, 0}};
	buf_reset(&out);
	enum ptdv_err err = tmpl_render(hostile, "t", ctx, &out);
	CHECK(err == PTDV_OK || err == PTDV_INVALID || err == PTDV_NOTFOUND);
	free(src);
	json_decref(ctx);
	buf_free(&out);
	return 0;
}
