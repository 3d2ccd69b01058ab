/*
 * store_search.h — finding people (part of the store interface; see store.h): member lists
 * of a subtree, filtered by an accent- and case-folded name, in Vietnamese name order,
 * one page at a time.
 */
#ifndef PTDV_STORE_STORE_SEARCH_H
#define PTDV_STORE_STORE_SEARCH_H

#include <stdbool.h>
#include <stdint.h>

#include "core/member.h"
#include "core/person.h"
#include "util/date.h"
#include "util/err.h"

struct store;

struct store_member_query {
	const char *path;   /* subtree */
	const char *folded; /* vn_fold()ed words that must all appear in the name; "" = any */
	date_t as_of;       /* members active on this day */
	int offset, limit;
};

/* One row of a member list: the person, the membership and the org placed in on as_of. */
struct store_member_row {
	struct person p;
	struct member m;
	const char *org_code, *org_name;
};
typedef enum ptdv_err (*store_member_row_fn)(void *arg, const struct store_member_row *row);

/* A search stops counting its matches past this many. */
#define STORE_SEARCH_CAP 1000

/*
 * Calls fn for the members matching q in Vietnamese name order (given name, middle names,
 * family name; ties by person) and sets *total to the number of matches (for pagination).
 * The count stops past STORE_SEARCH_CAP, with a name (q->folded not "") or without: *total
 * is then STORE_SEARCH_CAP + 1, "more than STORE_SEARCH_CAP", and the pages past it still
 * work.
 */
enum ptdv_err store_member_search(struct store *st, const struct store_member_query *q,
	store_member_row_fn fn, void *arg, int64_t *total) PTDV_MUST_USE;

/* Loads one person; PTDV_NOTFOUND when none (strings: caller clears with core_person_clear). */
enum ptdv_err store_person_get(struct store *st, int64_t id, struct person *out) PTDV_MUST_USE;

/* One stay of one membership of a person, oldest first. */
struct store_stay {
	const struct member *m; /* the membership (dates, card, exit) */
	date_t start, end;      /* the stay in the org; end DATE_NONE = still there */
	const char *org_code, *org_name, *org_path;
};
typedef enum ptdv_err (*store_stay_fn)(void *arg, const struct store_stay *s);
/* Calls fn for every placement of every membership of the person, in time order. */
enum ptdv_err store_person_stays(
	struct store *st, int64_t person_id, store_stay_fn fn, void *arg) PTDV_MUST_USE;

#endif
