/* strmap.c — string → int64 hash map with open addressing and block-allocated keys. */
#include "util/strmap.h"

#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

#define BLOCK_SIZE (64 * 1024)

struct strmap_block {
	struct strmap_block *next;
	size_t used, size;
	char data[];
};

static uint64_t hash(const char *s)
{
	uint64_t h = 1469598103934665603u;
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211u;
	}
	h ^= h >> 29; /* mix high bits into the low ones used for the index */
	return h ? h : 1;
}

void strmap_free(struct strmap *m)
{
	struct strmap_block *b = m->blocks;
	while (b) {
		struct strmap_block *next = b->next;
		free(b);
		b = next;
	}
	free(m->slots);
	memset(m, 0, sizeof(*m));
}

static const char *copy_key(struct strmap *m, const char *key)
{
	size_t n = strlen(key) + 1;
	struct strmap_block *b = m->blocks;
	if (!b || b->size - b->used < n) {
		size_t size = n > BLOCK_SIZE ? n : BLOCK_SIZE;
		b = xmalloc(sizeof(*b) + size);
		b->used = 0;
		b->size = size;
		b->next = m->blocks;
		m->blocks = b;
	}
	char *p = b->data + b->used;
	memcpy(p, key, n);
	b->used += n;
	return p;
}

static size_t find(const struct strmap *m, const char *key, uint64_t h)
{
	size_t i = (size_t)h & (m->n - 1);
	while (m->slots[i].hash && (m->slots[i].hash != h || strcmp(m->slots[i].key, key) != 0))
		i = (i + 1) & (m->n - 1);
	return i;
}

static void grow(struct strmap *m)
{
	size_t n = m->n ? m->n * 2 : 64;
	struct strmap_slot *slots = xcalloc(n, sizeof(*slots));
	for (size_t i = 0; i < m->n; i++) {
		if (!m->slots[i].hash)
			continue;
		size_t j = (size_t)m->slots[i].hash & (n - 1);
		while (slots[j].hash)
			j = (j + 1) & (n - 1);
		slots[j] = m->slots[i];
	}
	free(m->slots);
	m->slots = slots;
	m->n = n;
}

bool strmap_get(const struct strmap *m, const char *key, int64_t *value)
{
	if (!m->n)
		return false;
	size_t i = find(m, key, hash(key));
	if (!m->slots[i].hash)
		return false;
	if (value)
		*value = m->slots[i].value;
	return true;
}

/* Returns the slot of key, adding it with value when absent; *added tells which. */
static struct strmap_slot *slot_for(struct strmap *m, const char *key, int64_t value, bool *added)
{
	if (2 * (m->used + 1) > m->n)
		grow(m);
	uint64_t h = hash(key);
	size_t i = find(m, key, h);
	*added = !m->slots[i].hash;
	if (*added) {
		m->slots[i].hash = h;
		m->slots[i].key = copy_key(m, key);
		m->slots[i].value = value;
		m->used++;
	}
	return &m->slots[i];
}

bool strmap_add(struct strmap *m, const char *key, int64_t value, int64_t *old)
{
	bool added;
	struct strmap_slot *s = slot_for(m, key, value, &added);
	if (!added && old)
		*old = s->value;
	return added;
}

void strmap_put(struct strmap *m, const char *key, int64_t value)
{
	bool added;
	slot_for(m, key, value, &added)->value = value;
}
