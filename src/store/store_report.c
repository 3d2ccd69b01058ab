/*
 * store_report.c — the counts reports are built from. Each query takes a subtree as a
 * path range and a date, and applies the counting rules of the README in SQL: the member
 * counts and the admissions by day from the orgs' day counters (org_day), the admissions'
 * details from the members themselves.
 */
#include <stdio.h>

#include "store/store_impl.h"
#include "util/date.h"

/*
 * The day counters of the orgs of a subtree (parameters 1 and 2: its path range), kept by
 * the triggers of migration 010 with the rules of the view member_day (009_counters.sql):
 * a count on day D sums the rows with day <= D, a period's admissions the rows in it. The
 * orgs first, then each one's rows (CROSS JOIN fixes that order on SQLite, which has no
 * statistics: given org_day_day, it read a province's term of admissions by day across
 * the nation, 4.5 s instead of 0.2).
 */
#define ORG_DAYS \
	"FROM org o CROSS JOIN org_day c WHERE c.org_id = o.id AND o.path >= ? AND o.path < ? "

enum ptdv_err store__org_days_rebuild(struct store *st)
{
	return db_exec(st->db,
		"DELETE FROM org_day;"
		"INSERT INTO org_day(org_id, day, members, official, women, admitted, admitted_women) "
		"SELECT org_id, day, sum(members), sum(official), sum(women), sum(admitted), "
		"sum(admitted_women) FROM member_day GROUP BY org_id, day ORDER BY org_id, day;"
		"DELETE FROM org_sum;"
		"INSERT INTO org_sum(org_id, path, members, official, women) "
		"SELECT c.org_id, o.path, c.members, c.official, c.women FROM (SELECT org_id, "
		"sum(members) AS members, sum(official) AS official, sum(women) AS women "
		"FROM org_day GROUP BY org_id) c JOIN org o ON o.id = c.org_id ORDER BY c.org_id");
}

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

/*
 * The counts as of a day of the last 15 years: the subtree's orgs' totals over all their
 * days (org_sum, 022_org_sum.sqlite.sql: one range of its index by path, 024) less their
 * rows after the day, a few per org, where the rows up to the day are nearly all of them
 * (19.6 million for the nation at national scale); as of a day of the last month, those
 * few rows are found by day (023_org_day_by_day.sql) rather than by a probe of each org.
 * As of an earlier day, the rows up to it, as few. The same figures each way
 * (tests/unit/test_reports.c: counts_match_rows, on days of the three kinds).
 */
#define COUNT_RECENT_DAYS (15 * 365)
#define COUNT_LAST_DAYS 31
#define COUNT_SUMS \
	"SELECT coalesce(sum(members), 0), coalesce(sum(official), 0), coalesce(sum(women), 0) " \
	"FROM (SELECT t.members, t.official, t.women FROM org_sum t " \
	"WHERE t.path >= ?1 AND t.path < ?2 UNION ALL "

enum ptdv_err store_count_members(
	struct store *st, const char *path, date_t d, struct store_member_counts *out)
{
	char hi[512];
	date_t today = date_today();
	struct db_stmt *q =
		d >= today - COUNT_LAST_DAYS
			? STMT(st, COUNT_SUMS
				  "SELECT -c.members, -c.official, -c.women FROM org_day c "
				  "CROSS JOIN org o WHERE c.day > ?3 AND o.id = c.org_id "
				  "AND o.path >= ?1 AND o.path < ?2) x")
		: d >= today - COUNT_RECENT_DAYS
			? STMT(st, COUNT_SUMS "SELECT -c.members, -c.official, -c.women FROM org o "
					      "CROSS JOIN org_day c WHERE c.org_id = o.id "
					      "AND o.path >= ?1 AND o.path < ?2 AND c.day > ?3) x")
			: STMT(st,
				  "SELECT coalesce(sum(c.members), 0), coalesce(sum(c.official), 0), "
				  "coalesce(sum(c.women), 0) " ORG_DAYS "AND c.day <= ?");
	bool row;
	if (!q)
		return PTDV_DB;
	store__path_hi(path, hi, sizeof(hi));
	db_bind_text(q, 1, path, -1);
	db_bind_text(q, 2, hi, -1);
	db_bind_date(q, 3, d);
	enum ptdv_err err = db_step(q, &row);
	out->total = !err && row ? db_col_int(q, 0) : 0;
	out->official = !err && row ? db_col_int(q, 1) : 0;
	out->women = !err && row ? db_col_int(q, 2) : 0;
	db_done(q);
	return err;
}

enum ptdv_err store_admissions_by_day(struct store *st, const char *path, date_t from, date_t to,
	store_day_count_fn fn, void *arg)
{
	char hi[512];
	struct db_stmt *q =
		STMT(st, "SELECT c.day, sum(c.admitted), sum(c.admitted_women) " ORG_DAYS
			 "AND c.day >= ? AND c.day <= ? GROUP BY c.day HAVING sum(c.admitted) > 0 "
			 "ORDER BY c.day");
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
