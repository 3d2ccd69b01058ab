/*
 * store_bulk.c — the rows of a bulk load of people, written many to a statement.
 *
 * Between store_bulk_begin and store_bulk_end the person, member and placement rows of
 * the load are not inserted one statement each: the store gives people and memberships
 * their ids itself (after the largest ids in the tables) and keeps the rows in three
 * batches (store_batch.h), written when 64 people wait and at the end. On PostgreSQL that
 * turns three round trips a member into three per 64. The batches hold at most 64
 * people's rows; the ids handed out are made the identity sequences' own at the end.
 */
#include <stdlib.h>
#include <string.h>

#include "store/store_batch.h"
#include "store/store_impl.h"
#include "util/xalloc.h"

enum { B_PERSON, B_MEMBER, B_PLACEMENT, B__MAX };

struct store_bulk {
	/* In the order of their foreign keys. Kept, emptied, from one load to the next: the
	 * statement cache knows their SQL by address (freed only with the store). */
	struct store_batch b[B__MAX];
	int64_t next_person, next_member;
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
		"official_date, card_no, exit_date, exit_reason",
		10);
	store_batch_init(
		&bk->b[B_PLACEMENT], "placement", "member_id, org_id, start_date, end_date", 4);
	return bk;
}

enum ptdv_err store__bulk_start(struct store *st)
{
	if (!st->bulk_mem)
		st->bulk_mem = bulk_new();
	struct store_bulk *bk = st->bulk_mem;
	enum ptdv_err err = store_person_max_id(st, &bk->next_person);
	struct db_stmt *q = err ? NULL : STMT(st, "SELECT max(id) FROM member");
	if (!err)
		err = q ? store__one_int(q, &bk->next_member) : PTDV_DB;
	if (!err)
		st->rows = bk;
	return err;
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
	enum ptdv_err err = store__bulk_flush(st);
	if (!err)
		err = db_sync_ids(st->db, "person");
	if (!err)
		err = db_sync_ids(st->db, "member");
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
