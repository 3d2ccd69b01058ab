/*
 * cache.h — results of reads, kept per process and keyed by the database revision.
 *
 * The revision is the id of the newest audit event: every write appends one in its own
 * transaction (app/ rule), so a result computed at revision R stays true until the
 * revision moves — on this app server or any other sharing the database. Cached values
 * are immutable and reference-counted: a caller holds an entry until it releases it, even
 * when the cache has meanwhile replaced it; nothing is copied.
 */
#ifndef PTDV_APP_CACHE_H
#define PTDV_APP_CACHE_H

#include <stdint.h>

#include "app/app.h"

struct cache_type {
	const char *name;
	void (*free)(void *value);
};

struct cache_entry {
	const struct cache_type *type;
	void *value; /* read-only once cached */
	int refs;    /* guarded by the cache's lock */
	/*
	 * A presentation derived from value by a caller (e.g. a page's template data), kept
	 * with it and as read-only; guarded by the lock, freed with the entry.
	 */
	const struct app_view *view_type;
	void *view;
};

/* Returns a held entry for (type, key) at revision rev, or NULL. */
const struct cache_entry *app_cache_get(
	const struct cache_type *type, const char *key, int64_t rev);
/*
 * Gives value to the cache under (type, key) at revision rev (the cache owns it from now
 * on) and returns a held entry for it.
 */
const struct cache_entry *app_cache_put(
	const struct cache_type *type, const char *key, int64_t rev, void *value);
/* Lets go of an entry; the last holder frees the value. Accepts NULL. */
void app_cache_release(const struct cache_entry *e);
/*
 * Returns a reference (vt->hold) to the presentation vt of e's value for the caller to drop:
 * built by vt->build on first use and kept with the entry. An entry keeps one presentation;
 * when it holds another type's, this one is built for the caller alone. Cannot fail.
 */
void *app_cache_view(const struct cache_entry *e, const struct app_view *vt);
/* Counters for tests and benchmarks. */
void app_cache_stats(int64_t *hits, int64_t *misses);

#endif
