/*
 * store_seen.h — the values a file must not repeat, kept on disk.
 *
 * An import checks that no two rows of its file share a citizen ID, a card number or
 * (a warning) a folded name and birth date. Keeping every value in memory would make the
 * import's memory follow the file's size; a seen set keeps them in a private temporary
 * SQLite database instead (a small page cache, the rest in a temporary file), whatever
 * the engine of the main database. A fixed 16 MB filter in memory (two bits per value)
 * tells, as each value comes, that it is new or may be a repeat; only the values that may
 * be are looked for at the end, in one scan of the set: no sort of the whole file.
 */
#ifndef PTDV_STORE_STORE_SEEN_H
#define PTDV_STORE_STORE_SEEN_H

#include <stdbool.h>
#include <stddef.h>

#include "util/err.h"

struct store_seen;

/* Opens an empty set; on failure returns PTDV_DB and sets *errmsg (caller frees). */
enum ptdv_err store_seen_open(struct store_seen **out, char **errmsg) PTDV_MUST_USE;
/* The reason of the set's last failure. */
const char *store_seen_errmsg(const struct store_seen *s);
/* Closes and deletes the set. Accepts NULL. */
void store_seen_close(struct store_seen *s);

/*
 * Records that line had key (kind tells apart values of different columns; note is
 * carried back to store_seen_each_repeat, NULL for none).
 */
enum ptdv_err store_seen_add(struct store_seen *s, int kind, const char *key, size_t keylen,
	long line, const char *note);
/* Records that line was rejected for another reason (repeats there are not counted again). */
enum ptdv_err store_seen_reject(struct store_seen *s, long line);

/*
 * Calls fn for every row whose key an earlier line of the same kind had, in order of
 * line then kind: first is that earlier line, rejected whether line was already rejected.
 */
typedef void (*store_seen_fn)(void *arg, int kind, const char *key, long first, long line,
	const char *note, bool rejected);
enum ptdv_err store_seen_each_repeat(
	struct store_seen *s, store_seen_fn fn, void *arg) PTDV_MUST_USE;

#endif
