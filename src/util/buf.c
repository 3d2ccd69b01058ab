/* buf.c — growable, optionally capped string buffer. */
#include "util/buf.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

char buf__empty[1];

void buf_init(struct buf *b, size_t cap)
{
	b->s = buf__empty;
	b->len = 0;
	b->alloc = 0;
	b->cap = cap;
	b->toobig = false;
}

void buf_free(struct buf *b)
{
	size_t cap = b->cap;
	if (b->alloc)
		free(b->s);
	buf_init(b, cap);
}

void buf_reset(struct buf *b)
{
	buf_setlen(b, 0);
	b->toobig = false;
}

char *buf_detach(struct buf *b)
{
	char *s = b->alloc ? b->s : xstrdup("");
	buf_init(b, b->cap);
	return s;
}

void buf_grow(struct buf *b, size_t n)
{
	if (b->alloc && b->len + n + 1 <= b->alloc)
		return;
	size_t want = b->alloc ? b->alloc : 64;
	while (want < b->len + n + 1)
		want *= 2;
	if (b->alloc) {
		b->s = xrealloc(b->s, want);
	} else {
		b->s = xmalloc(want);
		b->s[0] = '\0';
	}
	b->alloc = want;
}

static bool would_overflow(struct buf *b, size_t n)
{
	if (b->cap && b->len + n > b->cap) {
		b->toobig = true;
		return true;
	}
	return false;
}

void buf_add(struct buf *b, const char *s, size_t len)
{
	if (would_overflow(b, len))
		return;
	buf_grow(b, len);
	memcpy(b->s + b->len, s, len);
	b->len += len;
	b->s[b->len] = '\0';
}

void buf_adds(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

void buf_addc(struct buf *b, char c)
{
	buf_add(b, &c, 1);
}

void buf_vaddf(struct buf *b, const char *fmt, va_list ap)
{
	va_list cp;
	va_copy(cp, ap);
	int n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0 || would_overflow(b, (size_t)n))
		return;
	buf_grow(b, (size_t)n);
	vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

void buf_addf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	buf_vaddf(b, fmt, ap);
	va_end(ap);
}

void buf_setlen(struct buf *b, size_t len)
{
	assert(len <= b->len);
	if (!b->alloc)
		return;
	b->len = len;
	b->s[len] = '\0';
}
