/*
 * store_bulk.c — the rows of a bulk load, written many to a statement.
 *
 * Between store_bulk_begin and store_bulk_end the person, member, placement, candidate
 * and candidate_event rows of the load are not inserted one statement each: the store
 * gives people, memberships and cases their ids itself (after the largest ids in the
 * tables) and keeps the rows in batches (store_batch.h), written when 64 people or cases
 * wait and at the end. On PostgreSQL that turns each round trip a row into one per 64.
 * The ids handed out are made the identity sequences' own at the end.
 *
 * A STORE_BULK_CASES load also reads, once, a key of every person present (a hash of the
 * citizen ID; one of the folded name and birth date) into two sorted arrays, which stand
 * in for the indexes of person it dropped (store_member.c looks them up).
 */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_batch.h"
#include "store/store_impl.h"
#include "store/store_pipeline.h"
#include "util/u64map.h"
#include "util/xalloc.h"

enum { B_PERSON, B_MEMBER, B_PLACEMENT, B_CANDIDATE, B_EVENT, B__MAX };

struct store_bulk {
	/* In the order of their foreign keys. Kept, emptied, from one load to the next: the
	 * statement cache knows their SQL by address (freed only with the store). */
	struct store_batch b[B__MAX];
	int64_t first_person, next_person, next_member, next_candidate;
	int64_t first_member, first_placement; /* the largest ids when the load began */
	/* STORE_BULK_CASES: the keys of the people present, by (h, id); NULL otherwise. */
	uint64_t *keys[STORE_KEY__MAX];
	size_t nkeys[STORE_KEY__MAX];
	bool keyed;
};

static struct store_bulk *bulk_new(void)
{
	struct store_bulk *bk = xcalloc(1, sizeof(*bk));
	store_batch_init(&bk->b[B_PERSON], "person",
		"id, full_name, name_key, sort_key, gender, birth_date, citizen_id, ethnicity, "
		"religion, education, occupation, youth_union",
		12);
	store_batch_init(&bk->b[B_MEMBER], "member",
		"id, person_id, admit_org_id, admitted_on, decision_date, ceremony_date, "
		"official_date, card_no, exit_date, exit_reason, recognized_on",
		11);
	store_batch_init(
		&bk->b[B_PLACEMENT], "placement", "member_id, org_id, start_date, end_date", 4);
	store_batch_init(&bk->b[B_CANDIDATE], "candidate",
		"id, person_id, org_id, member_id, " STORE_CASE_WCOLS, 4 + STORE_CASE_NWCOLS);
	store_batch_init(&bk->b[B_EVENT], "candidate_event",
		"candidate_id, kind, sub, effective, date2, ref_id, supersedes, recorded_by, "
		"recorded_at, data",
		10);
	return bk;
}

static uint32_t fold(uint64_t h)
{
	return (uint32_t)(h ^ h >> 32);
}

uint32_t store__bulk_hash_cid(const char *cid)
{
	return fold(u64map_hash(cid, strlen(cid)));
}

uint32_t store__bulk_hash_name(const char *name_key, size_t len, date_t birth)
{
	return fold((u64map_hash(name_key, len) ^ (uint32_t)birth) * 1099511628211u);
}

static int key_cmp(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return (x > y) - (x < y);
}

/* Reads the keys of every person (ids 1 .. max_id, max_id <= UINT32_MAX) into bk->keys. */
static enum ptdv_err keys_load(struct store *st, struct store_bulk *bk, int64_t max_id)
{
	struct db_stmt *q = STMT(st, "SELECT id, citizen_id, name_key, birth_date FROM person");
	enum ptdv_err err;
	bool row;
	size_t rows = 0;
	if (!q)
		return PTDV_DB;
	assert(max_id <= UINT32_MAX);
	for (int k = 0; k < STORE_KEY__MAX; k++) {
		bk->keys[k] = xmalloc(((size_t)max_id + 1) * sizeof(*bk->keys[k]));
		bk->nkeys[k] = 0;
	}
	while ((err = db_step(q, &row)) == PTDV_OK && row) {
		int64_t id = db_col_int(q, 0);
		if (++rows > (size_t)max_id || id < 1 || id > max_id) { /* not max(id)'s table */
			err = PTDV_DB;
			break;
		}
		if (!db_col_null(q, 1)) {
			uint32_t h = store__bulk_hash_cid(db_col_text(q, 1));
			bk->keys[STORE_KEY_CID][bk->nkeys[STORE_KEY_CID]++] =
				(uint64_t)h << 32 | (uint32_t)id;
		}
		if (!db_col_null(q, 3)) {
			const char *name = db_col_text(q, 2);
			uint32_t h = store__bulk_hash_name(name, strlen(name), db_col_date(q, 3));
			bk->keys[STORE_KEY_NAME][bk->nkeys[STORE_KEY_NAME]++] =
				(uint64_t)h << 32 | (uint32_t)id;
		}
	}
	db_done(q);
	for (int k = 0; k < STORE_KEY__MAX && !err; k++)
		qsort(bk->keys[k], bk->nkeys[k], sizeof(*bk->keys[k]), key_cmp);
	bk->keyed = !err;
	return err;
}

static void keys_free(struct store_bulk *bk)
{
	for (int k = 0; k < STORE_KEY__MAX; k++) {
		free(bk->keys[k]);
		bk->keys[k] = NULL;
		bk->nkeys[k] = 0;
	}
	bk->keyed = false;
}

bool store__bulk_keys(const struct store *st)
{
	return st->rows && st->rows->keyed;
}

const uint64_t *store__bulk_find(
	const struct store *st, enum store_bulk_key k, uint32_t h, size_t *n)
{
	const struct store_bulk *bk = st->rows;
	const uint64_t *v = bk->keys[k];
	size_t lo = 0, hi = bk->nkeys[k];
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (v[mid] >> 32 < h)
			lo = mid + 1;
		else
			hi = mid;
	}
	size_t end = lo;
	while (end < bk->nkeys[k] && v[end] >> 32 == h)
		end++;
	*n = end - lo;
	return v + lo;
}

int64_t store__bulk_first_person(const struct store *st)
{
	return st->rows ? st->rows->first_person : 0;
}

void store__bulk_first_rows(const struct store *st, int64_t *member, int64_t *placement)
{
	*member = st->rows ? st->rows->first_member : 0;
	*placement = st->rows ? st->rows->first_placement : 0;
}

static enum ptdv_err max_id(struct store *st, const char *sql, int64_t *id)
{
	struct db_stmt *q = STMT(st, sql);
	return q ? store__one_int(q, id) : PTDV_DB;
}

enum ptdv_err store__bulk_start(struct store *st, enum store_bulk_kind kind)
{
	if (!st->bulk_mem)
		st->bulk_mem = bulk_new();
	struct store_bulk *bk = st->bulk_mem;
	enum ptdv_err err = store_person_max_id(st, &bk->next_person);
	bk->first_person = bk->next_person;
	if (!err)
		err = max_id(st, "SELECT max(id) FROM member", &bk->next_member);
	bk->first_member = bk->next_member;
	if (!err)
		err = max_id(
			st, "SELECT coalesce(max(id), 0) FROM placement", &bk->first_placement);
	if (!err)
		err = max_id(st, "SELECT max(id) FROM candidate", &bk->next_candidate);
	if (!err && kind == STORE_BULK_CASES)
		err = keys_load(st, bk, bk->first_person);
	if (!err)
		st->rows = bk;
	else
		keys_free(bk);
	return err;
}

enum ptdv_err store__bulk_sync(struct store *st)
{
	return st->rows ? store__bulk_flush(st) : PTDV_OK;
}

enum ptdv_err store__bulk_flush(struct store *st)
{
	enum ptdv_err err = PTDV_OK;
	for (int t = 0; t < B__MAX; t++) {
		enum ptdv_err e = store_batch_flush(st->db, &st->rows->b[t]);
		if (!err)
			err = e;
	}
	return err;
}

enum ptdv_err store__bulk_finish(struct store *st)
{
	keys_free(st->rows); /* no more lookups: their memory is the rebuilds' */
	enum ptdv_err err = store__bulk_flush(st);
	if (!err)
		err = db_sync_ids(st->db, "person");
	if (!err)
		err = db_sync_ids(st->db, "member");
	if (!err)
		err = db_sync_ids(st->db, "candidate");
	return err;
}

void store__bulk_stop(struct store *st)
{
	if (!st->rows)
		return;
	for (int t = 0; t < B__MAX; t++) {
		st->rows->b[t].ncells = 0;
		buf_reset(&st->rows->b[t].data);
	}
	keys_free(st->rows);
	st->rows = NULL;
}

void store__bulk_free(struct store *st)
{
	if (!st->bulk_mem)
		return;
	for (int t = 0; t < B__MAX; t++)
		store_batch_free(&st->bulk_mem->b[t]);
	free(st->bulk_mem);
	st->bulk_mem = st->rows = NULL;
}

static size_t opt_len(const char *s)
{
	return s ? strlen(s) : 0;
}

enum ptdv_err store__bulk_person(struct store *st, struct person *p, const char *name_key,
	size_t key_len, const char *sort_key, size_t sort_len)
{
	struct store_bulk *bk = st->rows;
	struct store_batch *b = &bk->b[B_PERSON];
	/* A new person starts a member's rows: the batches are written between members. */
	if (store_batch_rows(b) == STORE_BATCH_ROWS) {
		enum ptdv_err err = store__bulk_flush(st);
		if (err)
			return err;
	}
	p->id = ++bk->next_person;
	store_batch_int(b, p->id);
	store_batch_text(b, p->full_name, strlen(p->full_name), false);
	store_batch_text(b, name_key, key_len, false);
	store_batch_blob(b, sort_key, sort_len);
	store_batch_int(b, p->gender);
	store_batch_date(b, p->birth_date);
	store_batch_text(b, p->citizen_id, opt_len(p->citizen_id), true);
	store_batch_text(b, p->ethnicity, opt_len(p->ethnicity), true);
	store_batch_text(b, p->religion, opt_len(p->religion), true);
	store_batch_int(b, p->education);
	store_batch_int(b, p->occupation);
	store_batch_int(b, p->youth_union);
	return PTDV_OK;
}

static void put_placement(struct store_batch *b, int64_t member_id, int64_t org_id, date_t start)
{
	store_batch_int(b, member_id);
	store_batch_int(b, org_id);
	store_batch_date(b, start);
	store_batch_date(b, DATE_NONE);
}

enum ptdv_err store__bulk_member(struct store *st, struct member *m)
{
	struct store_bulk *bk = st->rows;
	struct store_batch *b = &bk->b[B_MEMBER];
	m->id = ++bk->next_member;
	store_batch_int(b, m->id);
	store_batch_int(b, m->person_id);
	store_batch_int(b, m->org_id);
	store_batch_date(b, core_member_admission_date(m));
	store_batch_date(b, m->decision_date);
	store_batch_date(b, m->ceremony_date);
	store_batch_date(b, m->official_date);
	store_batch_text(b, m->card_no, opt_len(m->card_no), true);
	store_batch_date(b, m->exit_date);
	store_batch_text(b, m->exit_reason, opt_len(m->exit_reason), true);
	store_batch_date(b, DATE_NONE);
	put_placement(&bk->b[B_PLACEMENT], m->id, m->org_id, m->ceremony_date);
	return PTDV_OK;
}

bool store__bulk_transfer(struct store *st, int64_t member_id, int64_t org_id, date_t day)
{
	struct store_batch *b = &st->rows->b[B_PLACEMENT];
	/* The open placement of a member of the batch is among its last rows. */
	for (size_t r = store_batch_rows(b); r-- > 0;) {
		struct store_batch_cell *c = store_batch_row(b, r);
		if (c[0].v != member_id)
			continue;
		if (c[3].type != DB_NULL)
			return false;
		c[3] = (struct store_batch_cell){DB_INT, day, 0};
		put_placement(b, member_id, org_id, day);
		return true;
	}
	return false;
}

bool store__bulk_recognized(struct store *st, int64_t member_id, date_t day)
{
	struct store_batch *b = &st->rows->b[B_MEMBER];
	/* A member of the load is among the last rows: the batches are small. */
	for (size_t r = store_batch_rows(b); r-- > 0;) {
		struct store_batch_cell *c = store_batch_row(b, r);
		if (c[0].v != member_id)
			continue;
		c[10] = day == DATE_NONE ? (struct store_batch_cell){DB_NULL, 0, 0}
					 : (struct store_batch_cell){DB_INT, day, 0};
		return true;
	}
	return false;
}

enum ptdv_err store__bulk_candidate(struct store *st, struct store_candidate *c)
{
	struct store_bulk *bk = st->rows;
	struct store_batch *b = &bk->b[B_CANDIDATE];
	int64_t v[STORE_CASE_NWCOLS];
	/* A case of a person of the database starts its rows here: written between cases. */
	if (store_batch_rows(b) == STORE_BATCH_ROWS) {
		enum ptdv_err err = store__bulk_flush(st);
		if (err)
			return err;
	}
	c->id = ++bk->next_candidate;
	store_batch_int(b, c->id);
	store_batch_int(b, c->person_id);
	store_batch_int(b, c->org_id);
	store_batch_opt_id(b, c->member_id);
	store__case_values(&c->sum, v);
	store_batch_int(b, v[0]);
	store_batch_int(b, v[1]);
	for (int i = 2; i < STORE_CASE_NCOLS - 1; i++)
		store_batch_date(b, (date_t)v[i]);
	store_batch_int(b, v[STORE_CASE_NCOLS - 1]); /* the source */
	for (int i = STORE_CASE_NCOLS; i < STORE_CASE_NWCOLS; i++)
		store_batch_date(b, (date_t)v[i]);
	return PTDV_OK;
}

void store__bulk_event(struct store *st, const struct cand_event *e, const char *data)
{
	struct store_batch *b = &st->rows->b[B_EVENT];
	const char *by = e->recorded_by ? e->recorded_by : "";
	store_batch_int(b, e->candidate_id);
	store_batch_int(b, e->kind);
	store_batch_int(b, e->sub);
	store_batch_date(b, e->date);
	store_batch_date(b, e->date2);
	store_batch_opt_id(b, e->ref);
	store_batch_opt_id(b, e->supersedes);
	store_batch_text(b, by, strlen(by), false);
	store_batch_int(b, e->recorded_at);
	store_batch_text(b, data, strlen(data), false);
}
