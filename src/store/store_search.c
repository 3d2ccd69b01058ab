/*
 * store_search.c — member lists. The name filter matches folded words at the start of
 * words of the folded name (LIKE on name_key, which holds only a-z, 0-9 and single spaces,
 * so the pattern needs no escaping: vn_fold already removed % and _).
 */
#include "store/store_search.h"

#include <stdio.h>
#include <string.h>

#include "store/store_impl.h"
#include "util/buf.h"

#define MEMBER_FROM \
	"FROM org o JOIN placement pl ON pl.org_id = o.id " \
	"JOIN member m ON m.id = pl.member_id JOIN person ps ON ps.id = m.person_id " \
	"WHERE o.path >= ? AND o.path < ? AND pl.start_date <= ? " \
	"AND (pl.end_date IS NULL OR pl.end_date > ?) AND m.ceremony_date <= ? " \
	"AND (m.exit_date IS NULL OR m.exit_date > ?) AND (' ' || ps.name_key) LIKE ? "

static void bind_query(
	struct db_stmt *q, const struct store_member_query *mq, const char *hi, const char *like)
{
	db_bind_text(q, 1, mq->path, -1);
	db_bind_text(q, 2, hi, -1);
	for (int i = 3; i <= 6; i++)
		db_bind_date(q, i, mq->as_of);
	db_bind_text(q, 7, like, -1);
}

enum ptdv_err store_member_search(struct store *st, const struct store_member_query *mq,
	store_member_row_fn fn, void *arg, int64_t *total)
{
	char hi[512];
	struct buf like = BUF_INIT;
	bool row;
	/* "nguyen van an" → "% nguyen% van% an%": each word starts a word of the name, in
	 * order (so "an" finds An and Anh, not Khang). */
	buf_addc(&like, '%');
	if (*mq->folded)
		buf_addc(&like, ' ');
	for (const char *s = mq->folded; *s; s++) {
		if (*s == ' ')
			buf_adds(&like, "% ");
		else
			buf_addc(&like, *s);
	}
	if (like.len > 1)
		buf_addc(&like, '%');
	store__path_hi(mq->path, hi, sizeof(hi));

	enum ptdv_err err = PTDV_DB;
	struct db_stmt *q = STMT(st, "SELECT count(*) " MEMBER_FROM);
	if (!q)
		goto out;
	bind_query(q, mq, hi, like.s);
	err = db_step(q, &row);
	*total = !err && row ? db_col_int(q, 0) : 0;
	db_done(q);
	if (err)
		goto out;
	q = STMT(st,
		"SELECT ps.id, ps.full_name, ps.gender, ps.birth_date, ps.citizen_id, "
		"ps.ethnicity, ps.religion, ps.education, ps.occupation, ps.youth_union, m.id, "
		"m.decision_date, m.ceremony_date, m.official_date, m.card_no, o.code, o.name " MEMBER_FROM
		"ORDER BY ps.sort_key, ps.id LIMIT ? OFFSET ?");
	if (!q) {
		err = PTDV_DB;
		goto out;
	}
	bind_query(q, mq, hi, like.s);
	db_bind_int(q, 8, mq->limit);
	db_bind_int(q, 9, mq->offset);
	while ((err = db_step(q, &row)) == PTDV_OK && row) {
		struct store_member_row r = {
			.p = {.id = db_col_int(q, 0),
				.full_name = (char *)db_col_text(q, 1),
				.gender = (enum gender)db_col_int(q, 2),
				.birth_date = db_col_date(q, 3),
				.citizen_id = (char *)db_col_text(q, 4),
				.ethnicity = (char *)db_col_text(q, 5),
				.religion = (char *)db_col_text(q, 6),
				.education = (enum education)db_col_int(q, 7),
				.occupation = (enum occupation)db_col_int(q, 8),
				.youth_union = (enum tristate)db_col_int(q, 9)},
			.m = {.id = db_col_int(q, 10),
				.decision_date = db_col_date(q, 11),
				.ceremony_date = db_col_date(q, 12),
				.official_date = db_col_date(q, 13),
				.card_no = (char *)db_col_text(q, 14),
				.exit_date = DATE_NONE},
			.org_code = db_col_text(q, 15),
			.org_name = db_col_text(q, 16),
		};
		err = fn(arg, &r);
		if (err)
			break;
	}
	db_done(q);
out:
	buf_free(&like);
	return err;
}

enum ptdv_err store_person_get(struct store *st, int64_t id, struct person *out)
{
	struct db_stmt *q = STMT(st, "SELECT id, full_name, gender, birth_date, citizen_id, "
				     "ethnicity, religion, education, occupation, youth_union "
				     "FROM person WHERE id = ?");
	if (!q)
		return PTDV_DB;
	db_bind_int(q, 1, id);
	enum ptdv_err err = db_step_one(q);
	if (!err) {
		out->id = db_col_int(q, 0);
		out->full_name = db_col_strdup(q, 1);
		out->gender = (enum gender)db_col_int(q, 2);
		out->birth_date = db_col_date(q, 3);
		out->citizen_id = db_col_strdup(q, 4);
		out->ethnicity = db_col_strdup(q, 5);
		out->religion = db_col_strdup(q, 6);
		out->education = (enum education)db_col_int(q, 7);
		out->occupation = (enum occupation)db_col_int(q, 8);
		out->youth_union = (enum tristate)db_col_int(q, 9);
	}
	db_done(q);
	return err;
}

enum ptdv_err store_person_stays(struct store *st, int64_t person_id, store_stay_fn fn, void *arg)
{
	struct db_stmt *q = STMT(st,
		"SELECT m.id, m.decision_date, m.ceremony_date, m.official_date, m.card_no, "
		"m.exit_date, m.exit_reason, pl.start_date, pl.end_date, o.code, o.name, o.path "
		"FROM member m JOIN placement pl ON pl.member_id = m.id JOIN org o ON o.id = pl.org_id "
		"WHERE m.person_id = ? ORDER BY m.ceremony_date, m.id, pl.start_date, pl.id");
	enum ptdv_err err;
	bool row;
	if (!q)
		return PTDV_DB;
	db_bind_int(q, 1, person_id);
	while ((err = db_step(q, &row)) == PTDV_OK && row) {
		struct member m = {
			.id = db_col_int(q, 0),
			.person_id = person_id,
			.decision_date = db_col_date(q, 1),
			.ceremony_date = db_col_date(q, 2),
			.official_date = db_col_date(q, 3),
			.card_no = (char *)db_col_text(q, 4),
			.exit_date = db_col_date(q, 5),
			.exit_reason = (char *)db_col_text(q, 6),
		};
		struct store_stay s = {
			.m = &m,
			.start = db_col_date(q, 7),
			.end = db_col_date(q, 8),
			.org_code = db_col_text(q, 9),
			.org_name = db_col_text(q, 10),
			.org_path = db_col_text(q, 11),
		};
		err = fn(arg, &s);
		if (err)
			break;
	}
	db_done(q);
	return err;
}
