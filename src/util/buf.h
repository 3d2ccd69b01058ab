/*
 * buf.h — a growable, optionally capped string buffer ("use the API").
 *
 * A struct buf always holds a NUL-terminated string in s (after buf_init, s is "").
 * When cap is non-zero and an append would grow len past it, the append is dropped
 * and toobig is set; callers check toobig once at the end instead of after each call.
 */
#ifndef PTDV_UTIL_BUF_H
#define PTDV_UTIL_BUF_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

struct buf {
	char *s;
	size_t len;
	size_t alloc;
	size_t cap; /* 0 = no cap */
	bool toobig;
};

extern char buf__empty[1];
#define BUF_INIT \
	{ \
		buf__empty, 0, 0, 0, false \
	}

void buf_init(struct buf *b, size_t cap);
/* Frees the contents and re-initialises b (keeping its cap). Accepts an empty buf. */
void buf_free(struct buf *b);
/* Empties b, keeping its allocation. */
void buf_reset(struct buf *b);
/* Returns the string and gives its ownership to the caller (free()); b is emptied. */
char *buf_detach(struct buf *b);

void buf_add(struct buf *b, const char *s, size_t len);
void buf_adds(struct buf *b, const char *s);
void buf_addc(struct buf *b, char c);
void buf_addf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vaddf(struct buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
/* Ensures room for n more bytes plus the NUL. */
void buf_grow(struct buf *b, size_t n);
/* Truncates to len (<= b->len). */
void buf_setlen(struct buf *b, size_t len);

#endif
