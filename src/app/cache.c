/*
 * cache.c — a small process-wide cache: a fixed table of slots chosen by the key's hash
 * (a newer entry replaces whatever held its slot), guarded by one mutex.
 */
#include "app/cache.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

#define SLOTS 512

struct slot {
	char *key;
	int64_t rev;
	struct cache_entry *e;
};

static struct slot slots[SLOTS];
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int64_t hits, misses;

static size_t slot_of(const struct cache_type *type, const char *key)
{
	uint64_t h = 1469598103934665603u ^ (uint64_t)(uintptr_t)type;
	for (const char *s = key; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211u;
	}
	return (size_t)(h % SLOTS);
}

/* Drops a reference with the lock held; returns the entry to free after unlocking. */
static struct cache_entry *unref(struct cache_entry *e)
{
	return e && --e->refs == 0 ? e : NULL;
}

static void destroy(struct cache_entry *e)
{
	if (!e)
		return;
	if (e->view)
		e->view_type->drop(e->view);
	e->type->free(e->value);
	free(e);
}

const struct cache_entry *app_cache_get(const struct cache_type *type, const char *key, int64_t rev)
{
	struct cache_entry *out = NULL;
	struct slot *s = &slots[slot_of(type, key)];
	pthread_mutex_lock(&lock);
	if (s->e && s->e->type == type && s->rev == rev && strcmp(s->key, key) == 0) {
		out = s->e;
		out->refs++;
		hits++;
	} else {
		misses++;
	}
	pthread_mutex_unlock(&lock);
	return out;
}

const struct cache_entry *app_cache_put(
	const struct cache_type *type, const char *key, int64_t rev, void *value)
{
	struct cache_entry *e = xmalloc(sizeof(*e));
	char *k = xstrdup(key);
	e->type = type;
	e->value = value;
	e->view_type = NULL;
	e->view = NULL;
	e->refs = 2; /* the slot's and the caller's */
	struct slot *s = &slots[slot_of(type, key)];
	pthread_mutex_lock(&lock);
	char *old_key = s->key;
	struct cache_entry *dead = unref(s->e);
	s->key = k;
	s->rev = rev;
	s->e = e;
	pthread_mutex_unlock(&lock);
	free(old_key);
	destroy(dead);
	return e;
}

void app_cache_release(const struct cache_entry *e)
{
	if (!e)
		return;
	pthread_mutex_lock(&lock);
	struct cache_entry *dead = unref((struct cache_entry *)e);
	pthread_mutex_unlock(&lock);
	destroy(dead);
}

void *app_cache_view(const struct cache_entry *e, const struct app_view *vt)
{
	struct cache_entry *w = (struct cache_entry *)e;
	void *out = NULL;
	pthread_mutex_lock(&lock);
	if (w->view && w->view_type == vt)
		out = vt->hold(w->view);
	pthread_mutex_unlock(&lock);
	if (out)
		return out;
	/* Built outside the lock: two readers may both build; the first to attach wins. */
	void *v = vt->build(w->value);
	bool kept = false;
	pthread_mutex_lock(&lock);
	if (!w->view) {
		w->view_type = vt;
		w->view = v;
		kept = true;
	} else if (w->view_type == vt) {
		out = vt->hold(w->view);
	}
	if (kept)
		out = vt->hold(v);
	pthread_mutex_unlock(&lock);
	if (!kept && out)
		vt->drop(v);
	return out ? out : v;
}

void app_cache_stats(int64_t *h, int64_t *m)
{
	pthread_mutex_lock(&lock);
	*h = hits;
	*m = misses;
	pthread_mutex_unlock(&lock);
}
