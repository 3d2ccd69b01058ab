/*
 * store_report.c — the counts reports are built from. Each query takes a subtree as a
 * path range and a date, and applies the counting rules of the README in SQL.
 */
#include <stdio.h>

#include "store/store_impl.h"

enum ptdv_err store_count_base_orgs(
	struct store *st, const char *path, date_t d, int64_t *committees, int64_t *cells)
{
	char hi[512];
	struct db_stmt *q = STMT(st,
		"SELECT coalesce(sum(CASE WHEN kind = 2 THEN 1 ELSE 0 END), 0), "
		"coalesce(sum(CASE WHEN kind = 3 THEN 1 ELSE 0 END), 0) FROM org "
		"WHERE path >= ? AND path < ? AND kind IN (2, 3) "
		"AND (founded IS NULL OR founded <= ?) AND (dissolved IS NULL OR dissolved > ?)");
	bool row;
	if (!q)
		return PTDV_DB;
	store__path_hi(path, hi, sizeof(hi));
	db_bind_text(q, 1, path, -1);
	db_bind_text(q, 2, hi, -1);
	db_bind_date(q, 3, d);
	db_bind_date(q, 4, d);
	enum ptdv_err err = db_step(q, &row);
	*committees = !err && row ? db_col_int(q, 0) : 0;
	*cells = !err && row ? db_col_int(q, 1) : 0;
	db_done(q);
	return err;
}

enum ptdv_err store_count_members(
	struct store *st, const char *path, date_t d, struct store_member_counts *out)
{
	char hi[512];
	struct db_stmt *q = STMT(st,
		"SELECT count(*), "
		"coalesce(sum(CASE WHEN m.official_date <= ? AND (m.recognized_on IS NULL OR "
		"m.recognized_on <= ?) THEN 1 ELSE 0 END), 0), "
		"coalesce(sum(CASE WHEN ps.gender = 2 THEN 1 ELSE 0 END), 0) "
		"FROM org o JOIN placement pl ON pl.org_id = o.id "
		"JOIN member m ON m.id = pl.member_id JOIN person ps ON ps.id = m.person_id "
		"WHERE o.path >= ? AND o.path < ? "
		"AND pl.start_date <= ? AND (pl.end_date IS NULL OR pl.end_date > ?) "
		"AND m.ceremony_date <= ? AND (m.exit_date IS NULL OR m.exit_date > ?)");
	bool row;
	if (!q)
		return PTDV_DB;
	store__path_hi(path, hi, sizeof(hi));
	db_bind_date(q, 1, d);
	db_bind_date(q, 2, d);
	db_bind_text(q, 3, path, -1);
	db_bind_text(q, 4, hi, -1);
	for (int i = 5; i <= 8; i++)
		db_bind_date(q, i, d);
	enum ptdv_err err = db_step(q, &row);
	out->total = !err && row ? db_col_int(q, 0) : 0;
	out->official = !err && row ? db_col_int(q, 1) : 0;
	out->women = !err && row ? db_col_int(q, 2) : 0;
	db_done(q);
	return err;
}

enum ptdv_err store_count_members_total(
	struct store *st, const char *path, date_t d, int64_t *total)
{
	char hi[512];
	struct db_stmt *q =
		STMT(st, "SELECT count(*) FROM org o JOIN placement pl ON pl.org_id = o.id "
			 "JOIN member m ON m.id = pl.member_id "
			 "WHERE o.path >= ? AND o.path < ? "
			 "AND pl.start_date <= ? AND (pl.end_date IS NULL OR pl.end_date > ?) "
			 "AND m.ceremony_date <= ? AND (m.exit_date IS NULL OR m.exit_date > ?)");
	bool row;
	if (!q)
		return PTDV_DB;
	store__path_hi(path, hi, sizeof(hi));
	db_bind_text(q, 1, path, -1);
	db_bind_text(q, 2, hi, -1);
	for (int i = 3; i <= 6; i++)
		db_bind_date(q, i, d);
	enum ptdv_err err = db_step(q, &row);
	*total = !err && row ? db_col_int(q, 0) : 0;
	db_done(q);
	return err;
}

enum ptdv_err store_admissions_by_day(struct store *st, const char *path, date_t from, date_t to,
	store_day_count_fn fn, void *arg)
{
	char hi[512];
	struct db_stmt *q = STMT(st,
		"SELECT m.admitted_on, count(*), "
		"coalesce(sum(CASE WHEN ps.gender = 2 THEN 1 ELSE 0 END), 0) "
		"FROM org o JOIN member m ON m.admit_org_id = o.id "
		"JOIN person ps ON ps.id = m.person_id "
		"WHERE o.path >= ? AND o.path < ? AND m.admitted_on >= ? AND m.admitted_on <= ? "
		"GROUP BY m.admitted_on ORDER BY m.admitted_on");
	if (!q)
		return PTDV_DB;
	store__path_hi(path, hi, sizeof(hi));
	db_bind_text(q, 1, path, -1);
	db_bind_text(q, 2, hi, -1);
	db_bind_date(q, 3, from);
	db_bind_date(q, 4, to);
	enum ptdv_err err;
	bool row;
	while ((err = db_step(q, &row)) == PTDV_OK && row)
		fn(arg, db_col_date(q, 0), db_col_int(q, 1), db_col_int(q, 2));
	db_done(q);
	return err;
}

enum ptdv_err store_admission_each(struct store *st, const char *path, date_t from, date_t to,
	store_admission_fn fn, void *arg)
{
	char hi[512];
	struct db_stmt *q = STMT(st,
		"SELECT o.code, m.admitted_on, ps.gender, ps.birth_date, ps.ethnicity, ps.religion, "
		"ps.education, ps.occupation, ps.youth_union "
		"FROM org o JOIN member m ON m.admit_org_id = o.id "
		"JOIN person ps ON ps.id = m.person_id "
		"WHERE o.path >= ? AND o.path < ? AND m.admitted_on >= ? AND m.admitted_on <= ?");
	if (!q)
		return PTDV_DB;
	store__path_hi(path, hi, sizeof(hi));
	db_bind_text(q, 1, path, -1);
	db_bind_text(q, 2, hi, -1);
	db_bind_date(q, 3, from);
	db_bind_date(q, 4, to);
	enum ptdv_err err;
	bool row;
	while ((err = db_step(q, &row)) == PTDV_OK && row) {
		struct person p = {
			.gender = (enum gender)db_col_int(q, 2),
			.birth_date = db_col_date(q, 3),
			.ethnicity = (char *)db_col_text(q, 4),
			.religion = (char *)db_col_text(q, 5),
			.education = (enum education)db_col_int(q, 6),
			.occupation = (enum occupation)db_col_int(q, 7),
			.youth_union = (enum tristate)db_col_int(q, 8),
		};
		struct store_admission a = {db_col_text(q, 0), db_col_date(q, 1), &p};
		err = fn(arg, &a);
		if (err)
			break;
	}
	db_done(q);
	return err;
}
