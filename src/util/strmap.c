/* strmap.c — string → int64 hash map with open addressing. */
#include "util/strmap.h"

#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

static uint64_t hash(const char *s)
{
	uint64_t h = 1469598103934665603u;
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211u;
	}
	return h;
}

void strmap_free(struct strmap *m)
{
	for (size_t i = 0; i < m->n; i++)
		free(m->slots[i].key);
	free(m->slots);
	memset(m, 0, sizeof(*m));
}

static size_t find(const struct strmap *m, const char *key)
{
	size_t i = (size_t)hash(key) & (m->n - 1);
	while (m->slots[i].key && strcmp(m->slots[i].key, key) != 0)
		i = (i + 1) & (m->n - 1);
	return i;
}

static void grow(struct strmap *m)
{
	struct strmap bigger = {.n = m->n ? m->n * 2 : 64};
	bigger.slots = xcalloc(bigger.n, sizeof(*bigger.slots));
	for (size_t i = 0; i < m->n; i++) {
		if (m->slots[i].key)
			bigger.slots[find(&bigger, m->slots[i].key)] = m->slots[i];
	}
	bigger.used = m->used;
	free(m->slots);
	*m = bigger;
}

bool strmap_get(const struct strmap *m, const char *key, int64_t *value)
{
	if (!m->n)
		return false;
	size_t i = find(m, key);
	if (!m->slots[i].key)
		return false;
	if (value)
		*value = m->slots[i].value;
	return true;
}

bool strmap_add(struct strmap *m, const char *key, int64_t value, int64_t *old)
{
	if (2 * (m->used + 1) > m->n)
		grow(m);
	size_t i = find(m, key);
	if (m->slots[i].key) {
		if (old)
			*old = m->slots[i].value;
		return false;
	}
	m->slots[i].key = xstrdup(key);
	m->slots[i].value = value;
	m->used++;
	return true;
}

void strmap_put(struct strmap *m, const char *key, int64_t value)
{
	if (2 * (m->used + 1) > m->n)
		grow(m);
	size_t i = find(m, key);
	if (!m->slots[i].key) {
		m->slots[i].key = xstrdup(key);
		m->used++;
	}
	m->slots[i].value = value;
}
