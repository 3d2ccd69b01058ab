/* u64map.c — the compact hash map of u64map.h. Slot key 0 means empty. */
#include "util/u64map.h"

#include <stdlib.h>

#include "util/xalloc.h"

void u64map_free(struct u64map *m)
{
	free(m->keys);
	free(m->values);
	*m = (struct u64map){0};
}

/* Mixes the bits of k (splitmix64's finaliser) so that consecutive keys spread. */
static uint64_t mix(uint64_t k)
{
	k ^= k >> 30;
	k *= 0xBF58476D1CE4E5B9u;
	k ^= k >> 27;
	k *= 0x94D049BB133111EBu;
	return k ^ (k >> 31);
}

static void grow(struct u64map *m)
{
	size_t n = m->n ? 2 * m->n : 1024;
	uint64_t *keys = xcalloc(n, sizeof(*keys));
	uint32_t *values = xmalloc(n * sizeof(*values));
	for (size_t i = 0; i < m->n; i++) {
		if (!m->keys[i])
			continue;
		size_t j = mix(m->keys[i]) & (n - 1);
		while (keys[j])
			j = (j + 1) & (n - 1);
		keys[j] = m->keys[i];
		values[j] = m->values[i];
	}
	free(m->keys);
	free(m->values);
	m->keys = keys;
	m->values = values;
	m->n = n;
}

bool u64map_add(struct u64map *m, uint64_t key, uint32_t value, uint32_t *old)
{
	if (key == 0) {
		if (m->has_zero) {
			if (old)
				*old = m->zero_value;
			return false;
		}
		m->has_zero = true;
		m->zero_value = value;
		return true;
	}
	if (4 * (m->used + 1) > 3 * m->n)
		grow(m);
	size_t j = mix(key) & (m->n - 1);
	while (m->keys[j]) {
		if (m->keys[j] == key) {
			if (old)
				*old = m->values[j];
			return false;
		}
		j = (j + 1) & (m->n - 1);
	}
	m->keys[j] = key;
	m->values[j] = value;
	m->used++;
	return true;
}

bool u64map_get(const struct u64map *m, uint64_t key, uint32_t *value)
{
	if (key == 0) {
		if (m->has_zero && value)
			*value = m->zero_value;
		return m->has_zero;
	}
	if (!m->n)
		return false;
	for (size_t j = mix(key) & (m->n - 1); m->keys[j]; j = (j + 1) & (m->n - 1)) {
		if (m->keys[j] == key) {
			if (value)
				*value = m->values[j];
			return true;
		}
	}
	return false;
}

uint64_t u64map_hash(const void *s, size_t len)
{
	const unsigned char *p = s;
	uint64_t h = 0xCBF29CE484222325u;
	for (size_t i = 0; i < len; i++) {
		h ^= p[i];
		h *= 0x100000001B3u;
	}
	return h;
}
