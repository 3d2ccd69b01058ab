/*
 * strmap.h — a hash map from strings to int64 values (open addressing, FNV-1a).
 *
 * Keys are copied into blocks owned by the map. Used for lookups during imports (codes,
 * citizen IDs, card numbers), so it is built for many inserts and lookups and never
 * deletes. Each slot keeps its key's hash, so a probe touches a key only on a hash match.
 */
#ifndef PTDV_UTIL_STRMAP_H
#define PTDV_UTIL_STRMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct strmap_slot {
	uint64_t hash; /* 0 = empty (a key hashing to 0 is stored as 1) */
	const char *key;
	int64_t value;
};

struct strmap_block;

struct strmap {
	struct strmap_slot *slots;
	size_t n, used;
	struct strmap_block *blocks; /* key storage */
};

/* Frees keys and slots. Accepts a zeroed map. */
void strmap_free(struct strmap *m);
/* Returns true and sets *value when key is present (value may be NULL). */
bool strmap_get(const struct strmap *m, const char *key, int64_t *value);
/*
 * Sets key to value unless it is present. Returns true when it was added, false when the
 * key was already there (then *old, if not NULL, gets the existing value).
 */
bool strmap_add(struct strmap *m, const char *key, int64_t value, int64_t *old);
/* Sets key to value, replacing any existing value. */
void strmap_put(struct strmap *m, const char *key, int64_t value);

#endif
