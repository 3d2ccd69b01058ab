/*
 * xalloc.h — allocation wrappers that abort on failure.
 *
 * Out of memory is not a condition ptdv recovers from: these never return NULL.
 */
#ifndef PTDV_UTIL_XALLOC_H
#define PTDV_UTIL_XALLOC_H

#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

#endif
