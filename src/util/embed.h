/* embed.h — files compiled into the binary by tools/embed.c (migrations, templates, static files). */
#ifndef PTDV_UTIL_EMBED_H
#define PTDV_UTIL_EMBED_H

#include <stddef.h>

struct embed_file {
	const char *name; /* base name, NULL in the terminating entry */
	const char *data; /* NUL-terminated */
	size_t len;
};

#endif
