/*
 * u64map.h — a compact hash map from 64-bit keys to 32-bit values (open addressing).
 *
 * Twelve bytes a slot, at most three quarters full: what an import keeps per row to find
 * repeated values of a file (a citizen ID is 12 digits, so it is its own exact key; other
 * values are keyed by their hash). Never deletes. Key 0 is allowed.
 */
#ifndef PTDV_UTIL_U64MAP_H
#define PTDV_UTIL_U64MAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct u64map {
	uint64_t *keys; /* 0 = an empty slot */
	uint32_t *values;
	size_t n, used;
	bool has_zero; /* the key 0 lives here, beside the slots */
	uint32_t zero_value;
};

/* Frees the slots. Accepts a zeroed map. */
void u64map_free(struct u64map *m);
/*
 * Sets key to value unless it is present. Returns true when it was added, false when the
 * key was already there (then *old, if not NULL, gets the existing value). Cannot fail
 * (allocation failure aborts).
 */
bool u64map_add(struct u64map *m, uint64_t key, uint32_t value, uint32_t *old);
/* Returns true and sets *value when key is present (value may be NULL). */
bool u64map_get(const struct u64map *m, uint64_t key, uint32_t *value);
/* Returns a 64-bit hash (FNV-1a) of s[0..len), for keys that are not numbers. */
uint64_t u64map_hash(const void *s, size_t len);

#endif
