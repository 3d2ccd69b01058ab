/*
 * msgs.h — a list of user-facing messages in Vietnamese, each naming where it applies.
 *
 * Importers collect every problem of a file before rejecting it; a single failing action
 * (a form, a command) collects one or more. Printing gives the compiler-like form
 * "FILE:LINE: cột 'X': message" so users and editors can jump to the spot.
 */
#ifndef PTDV_UTIL_MSGS_H
#define PTDV_UTIL_MSGS_H

#include <stddef.h>
#include <stdio.h>

#include "util/buf.h"

struct msg {
	long line;   /* 0 = not about a line */
	char *field; /* column or field name, NULL = none */
	char *text;  /* Vietnamese message */
};

struct msgs {
	struct msg *v;
	size_t n, alloc;
	size_t dropped; /* messages beyond max that were only counted */
	size_t max;     /* 0 = unlimited */
};

void msgs_init(struct msgs *m, size_t max);
/* Frees every message. Accepts a zeroed struct. */
void msgs_free(struct msgs *m);
/* Adds a message; field may be NULL, line may be 0. */
void msgs_add(struct msgs *m, long line, const char *field, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* Returns the number of messages added, including dropped ones. */
size_t msgs_count(const struct msgs *m);
/* Orders the messages by line, keeping the order of messages on the same line. */
void msgs_sort(struct msgs *m);
/*
 * Appends every message to out, one per line, as "FILE:LINE: cột 'X': text" (parts that
 * are missing are left out; file may be NULL; a field of a message without a line is
 * called "mục" instead of "cột"), then a line saying how many were not shown.
 */
void msgs_render(const struct msgs *m, const char *file, struct buf *out);

#endif
