/* store_member.c — people, memberships and placements. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_impl.h"
#include "util/vn.h"
#include "util/xalloc.h"

/*
 * Writes the distinct words of the folded names (person.name_key: a-z, 0-9, single spaces)
 * of the people chosen by cond (on columns of person, named person.x) as rows (word,
 * sort_key, person_id, name_key), in index order, none of which may be in person_word
 * already; each engine splits the names its own way (@name_words): on PostgreSQL into
 * distinct words, on SQLite with repeats, which OR IGNORE drops (a plain INSERT on
 * PostgreSQL: ON CONFLICT made the 1% national load's words 2.3x slower).
 */
#define WORDS_OF(cond) \
	"INSERT @or_ignore INTO person_word(word, sort_key, person_id, name_key) " \
	"SELECT w.value, person.sort_key, person.id, person.name_key " \
	"FROM person, @name_words WHERE " cond " AND w.value <> '' ORDER BY 1, 2, 3"

/*
 * Adds to word_count (015_word_count.sql) the distinct words of the folded names of the
 * people chosen by cond, as WORDS_OF writes them to person_word: each word once a name.
 */
#define COUNTS_OF(cond) \
	"INSERT INTO word_count(word, n) SELECT d.value, count(*) FROM " \
	"(SELECT DISTINCT w.value, person.id FROM person, @name_words WHERE " cond \
	" AND w.value <> '') d GROUP BY d.value ORDER BY 1 " \
	"ON CONFLICT (word) DO UPDATE SET n = word_count.n + excluded.n"

/*
 * The stays of the people whose memberships cond chooses (on columns of member m), as rows
 * (person_id, stay_from, stay_to, stay_org, org_from) for person_word (019_word_stay.sql):
 * each pair of a membership and one of its placements is placed on the days
 * [max(start, ceremony), min(end, exit)); a person whose non-empty pairs, in order, each
 * begin where the one before ends has stay_from the first day and stay_to the end of the
 * last (NULL: open), stay_org the org of the last and org_from its first day. Pairs that
 * overlap or leave a gap make stay_from NULL (the search probes such people). People with
 * no non-empty pair have no row. 2147483647 stands for "open" while comparing.
 */
#define STAY_ROWS(cond) \
	"SELECT person_id, CASE WHEN max(brk) = 1 THEN NULL ELSE min(s) END AS stay_from, " \
	"nullif(max(e), 2147483647) AS stay_to, max(CASE WHEN rk = 1 THEN org END) AS stay_org, " \
	"max(CASE WHEN rk = 1 THEN s END) AS org_from FROM (" \
	"SELECT person_id, s, e, org, " \
	"CASE WHEN lag(e, 1, s) OVER (PARTITION BY person_id ORDER BY s, e) = s THEN 0 ELSE 1 " \
	"END AS brk, row_number() OVER (PARTITION BY person_id ORDER BY s DESC, e DESC) AS rk " \
	"FROM (SELECT m.person_id AS person_id, pl.org_id AS org, " \
	"CASE WHEN pl.start_date > m.ceremony_date THEN pl.start_date " \
	"ELSE m.ceremony_date END AS s, " \
	"CASE WHEN coalesce(pl.end_date, 2147483647) < coalesce(m.exit_date, 2147483647) " \
	"THEN coalesce(pl.end_date, 2147483647) ELSE coalesce(m.exit_date, 2147483647) END AS e " \
	"FROM member m CROSS JOIN placement pl WHERE pl.member_id = m.id AND " cond ") p " \
	"WHERE s < e) q GROUP BY person_id"

/* A membership and one of its placements: placed on the days [s, e) (INT64_MAX: open). */
struct pair {
	int64_t s, e, org;
};

static int pair_cmp(const void *a, const void *b)
{
	const struct pair *x = a, *y = b;
	if (x->s != y->s)
		return (x->s > y->s) - (x->s < y->s);
	return (x->e > y->e) - (x->e < y->e);
}

/*
 * The non-empty pairs of person_id's memberships and placements into *out (sorted, freed by
 * the caller), read by their indexes one membership at a time: a join would let
 * PostgreSQL's generic plan read every placement (a hash join) for one person.
 */
static enum ptdv_err person_pairs(struct store *st, int64_t person_id, struct pair **out, size_t *n)
{
	struct db_stmt *q = STMT(st, "SELECT id, ceremony_date, exit_date FROM member "
				     "WHERE person_id = ?");
	struct pair *ms = NULL, *ps = NULL; /* memberships as (ceremony, exit, id) */
	size_t nm = 0, np = 0;
	enum ptdv_err err;
	bool row;
	*out = NULL;
	*n = 0;
	if (!q)
		return PTDV_DB;
	db_bind_int(q, 1, person_id);
	while ((err = db_step(q, &row)) == PTDV_OK && row) {
		ms = xrealloc(ms, (nm + 1) * sizeof(*ms));
		ms[nm++] = (struct pair){.s = db_col_int(q, 1),
			.e = db_col_null(q, 2) ? INT64_MAX : db_col_int(q, 2),
			.org = db_col_int(q, 0)};
	}
	db_done(q);
	q = err ? NULL
		: STMT(st, "SELECT start_date, end_date, org_id FROM placement "
			   "WHERE member_id = ?");
	if (!err && !q)
		err = PTDV_DB;
	for (size_t i = 0; i < nm && !err; i++) {
		db_bind_int(q, 1, ms[i].org);
		while ((err = db_step(q, &row)) == PTDV_OK && row) {
			int64_t start = db_col_int(q, 0);
			int64_t end = db_col_null(q, 1) ? INT64_MAX : db_col_int(q, 1);
			struct pair p = {.s = start > ms[i].s ? start : ms[i].s,
				.e = end < ms[i].e ? end : ms[i].e,
				.org = db_col_int(q, 2)};
			if (p.s >= p.e)
				continue;
			ps = xrealloc(ps, (np + 1) * sizeof(*ps));
			ps[np++] = p;
		}
		db_done(q);
	}
	free(ms);
	if (err) {
		free(ps);
		return err;
	}
	if (np > 1)
		qsort(ps, np, sizeof(*ps), pair_cmp);
	*out = ps;
	*n = np;
	return PTDV_OK;
}

/*
 * store__person_stay: the stay STAY_ROWS gives (the same rule, for one person, in C), set on
 * the person's name word rows.
 */
enum ptdv_err store__person_stay(struct store *st, int64_t person_id)
{
	struct pair *ps;
	size_t np;
	int64_t v[4] = {0, 0, 0, 0}; /* stay_from, stay_to, stay_org, org_from */
	bool null[4] = {false, false, true, false};
	enum ptdv_err err = person_pairs(st, person_id, &ps, &np);
	if (err)
		return err;
	if (np > 0) {
		bool one = true;
		int64_t end = ps[0].e;
		for (size_t i = 1; i < np; i++) {
			one = one && ps[i].s == ps[i - 1].e;
			end = ps[i].e > end ? ps[i].e : end;
		}
		v[0] = ps[0].s;
		null[0] = !one;
		v[1] = end;
		null[1] = end == INT64_MAX;
		v[2] = ps[np - 1].org;
		null[2] = false;
		v[3] = ps[np - 1].s;
	}
	free(ps);
	/* The person's rows, found by the key of person_word itself (from the name). */
	struct db_stmt *q = STMT(st,
		"UPDATE person_word SET stay_from = ?, stay_to = ?, stay_org = ?, "
		"org_from = ? WHERE (word, sort_key, person_id) IN (SELECT w.value, "
		"person.sort_key, person.id FROM person, @name_words WHERE person.id = ?)");
	if (!q)
		return PTDV_DB;
	for (int i = 0; i < 4; i++) {
		if (null[i])
			db_bind_null(q, i + 1);
		else
			db_bind_int(q, i + 1, v[i]);
	}
	db_bind_int(q, 5, person_id);
	return db_run(q);
}

enum ptdv_err store__member_stay(struct store *st, int64_t member_id)
{
	struct db_stmt *q = STMT(st, "SELECT person_id FROM member WHERE id = ?");
	bool row;
	if (!q)
		return PTDV_DB;
	db_bind_int(q, 1, member_id);
	enum ptdv_err err = db_step(q, &row);
	int64_t person_id = !err && row ? db_col_int(q, 0) : 0;
	db_done(q);
	if (err || !row)
		return err;
	return store__person_stay(st, person_id);
}

/*
 * The stays of the people chosen by cond (%s: a condition on person), as STAY_ROWS gives
 * them, people with no placed day (no row there) with the empty stay [0, 0).
 */
#define STAYS_OF_PEOPLE \
	"SELECT person.id AS person_id, " \
	"CASE WHEN s.person_id IS NULL THEN 0 ELSE s.stay_from END AS stay_from, " \
	"CASE WHEN s.person_id IS NULL THEN 0 ELSE s.stay_to END AS stay_to, s.stay_org, " \
	"CASE WHEN s.person_id IS NULL THEN 0 ELSE s.org_from END AS org_from " \
	"FROM person LEFT JOIN (" STAY_ROWS( \
		"m.person_id IN (SELECT id FROM person WHERE %s)") ") s ON s.person_id = person.id WHERE %s"

enum ptdv_err store__person_stays_refresh(struct store *st, const char *people)
{
	struct buf sql = BUF_INIT;
	int64_t n = 0, all = 0;
	const char *everyone = people ? "" : "1 = 1";
	if (!people)
		people = everyone;
	buf_addf(&sql,
		"SELECT (SELECT count(*) FROM person WHERE %s), (SELECT count(*) FROM person)",
		people);
	struct db_stmt *q = db_prepare(st->db, sql.s, 0);
	enum ptdv_err err = q ? db_step_one(q) : PTDV_DB;
	if (!err) {
		n = db_col_int(q, 0);
		all = db_col_int(q, 1);
	}
	if (q)
		db_done(q);
	db_finalize(q);
	buf_reset(&sql);
	/* person_word has no index by person. Many people: two passes over it in key order,
	 * each row read once a pass: the empty stay, then the stays of the people who have
	 * one (an automatic index on them); a pass that joined each row to its person would
	 * read random pages of a large table. A few people: their rows found by the key of
	 * person_word, from their names. (No temporary table: SQLite's bulk load changes
	 * temp_store after this, in the same transaction.) */
	if (8 * n > all) {
		buf_adds(&sql,
			"UPDATE person_word SET stay_from = 0, stay_to = 0, stay_org = NULL, "
			"org_from = 0");
		if (people != everyone)
			buf_addf(&sql, " WHERE person_id IN (SELECT id FROM person WHERE %s)",
				people);
		buf_addf(&sql,
			"; UPDATE person_word SET stay_from = s.stay_from, stay_to = s.stay_to, "
			"stay_org = s.stay_org, org_from = s.org_from FROM (" STAY_ROWS(
				"%s%s%s") ") s WHERE s.person_id = person_word.person_id",
			people != everyone ? "m.person_id IN (SELECT id FROM person WHERE "
					   : "1 = 1",
			people != everyone ? people : "", people != everyone ? ")" : "");
	} else {
		buf_addf(&sql,
			"UPDATE person_word SET stay_from = x.stay_from, stay_to = x.stay_to, "
			"stay_org = x.stay_org, org_from = x.org_from FROM (SELECT w.value AS word, "
			"person.sort_key AS sort_key, n.* FROM (" STAYS_OF_PEOPLE ") n "
			"JOIN person ON person.id = n.person_id, @name_words) x "
			"WHERE person_word.word = x.word AND person_word.sort_key = x.sort_key "
			"AND person_word.person_id = x.person_id",
			people, people);
	}
	if (!err && n > 0)
		err = db_exec(st->db, sql.s);
	buf_free(&sql);
	return err;
}

enum ptdv_err store_person_stays_rebuild(struct store *st)
{
	return store__person_stays_refresh(st, NULL);
}

/* Writes the name words of person id, whose words are not in person_word, and counts them. */
static enum ptdv_err words_add(struct store *st, int64_t id)
{
	struct db_stmt *q = STMT(st, WORDS_OF("person.id = ?"));
	if (!q)
		return PTDV_DB;
	db_bind_int(q, 1, id);
	enum ptdv_err err = db_run(q);
	q = err ? NULL : STMT(st, COUNTS_OF("person.id = ?"));
	if (!err && !q)
		err = PTDV_DB;
	if (!err) {
		db_bind_int(q, 1, id);
		err = db_run(q);
	}
	if (!err)
		err = store__person_stay(st, id);
	return err;
}

enum ptdv_err store__word_counts_rebuild(struct store *st)
{
	/* person_word's key starts with the word: the groups come in order, nothing sorted. */
	enum ptdv_err err = db_exec(st->db, "DELETE FROM word_count");
	if (!err)
		err = db_exec(st->db, "INSERT INTO word_count(word, n) SELECT word, count(*) "
				      "FROM person_word GROUP BY word ORDER BY word");
	return err;
}

enum ptdv_err store_person_words_rebuild(struct store *st)
{
	enum ptdv_err err = db_exec(st->db, "DELETE FROM person_word");
	if (!err)
		err = db_exec(st->db, WORDS_OF("1 = 1"));
	if (!err)
		err = store__word_counts_rebuild(st);
	if (!err)
		err = store__person_stays_refresh(st, NULL);
	return err;
}

/*
 * WORDS_OF with the people's stays (019_word_stay.sql) written in the same pass, for the
 * people chosen by cond whose memberships mcond (on member m) chooses, all of them.
 */
#define WORDS_STAYS_OF(cond, mcond) \
	"INSERT @or_ignore INTO person_word(word, sort_key, person_id, name_key, stay_from, " \
	"stay_to, stay_org, org_from) SELECT w.value, person.sort_key, person.id, " \
	"person.name_key, CASE WHEN s.person_id IS NULL THEN 0 ELSE s.stay_from END, " \
	"CASE WHEN s.person_id IS NULL THEN 0 ELSE s.stay_to END, s.stay_org, " \
	"CASE WHEN s.person_id IS NULL THEN 0 ELSE s.org_from END FROM person LEFT JOIN (" STAY_ROWS( \
		mcond) ") s ON s.person_id = person.id, @name_words WHERE " cond \
		       " AND w.value <> '' ORDER BY 1, 2, 3"

enum ptdv_err store__person_words_after(struct store *st, int64_t after)
{
	/* The load's people and their stays: one pass, no rows to update afterwards. */
	struct db_stmt *q = STMT(st, WORDS_STAYS_OF("person.id > ?1", "m.person_id > ?1"));
	int64_t last = 0;
	if (!q)
		return PTDV_DB;
	db_bind_int(q, 1, after);
	enum ptdv_err err = db_run(q);
	if (!err)
		err = store_person_max_id(st, &last);
	if (err)
		return err;
	/* A load at least as large as the people before it: count every word's rows in one
	 * ordered pass over person_word, rather than sort the new names' words. */
	if (last - after >= after)
		return store__word_counts_rebuild(st);
	q = STMT(st, COUNTS_OF("person.id > ?"));
	if (!q)
		return PTDV_DB;
	db_bind_int(q, 1, after);
	return db_run(q);
}

enum ptdv_err store_person_insert(struct store *st, struct person *p)
{
	size_t n = strlen(p->full_name);
	struct buf *b = &st->scratch;
	buf_reset(b);
	vn_fold(p->full_name, n, b);
	size_t key_len = b->len;
	buf_addc(b, '\0');
	vn_name_sort_key(p->full_name, n, b);
	if (st->rows)
		return store__bulk_person(
			st, p, b->s, key_len, b->s + key_len + 1, b->len - key_len - 1);
	struct db_stmt *q =
		STMT(st, "INSERT @or_fail INTO person(full_name, name_key, sort_key, gender, "
			 "birth_date, citizen_id, ethnicity, religion, education, "
			 "occupation, youth_union) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
			 "@returning");
	if (!q)
		return PTDV_DB;
	db_bind_text(q, 1, p->full_name, (int)n);
	db_bind_text(q, 2, b->s, (int)key_len);
	db_bind_blob(q, 3, b->s + key_len + 1, (int)(b->len - key_len - 1));
	db_bind_int(q, 4, p->gender);
	db_bind_date(q, 5, p->birth_date);
	db_bind_opt_text(q, 6, p->citizen_id);
	db_bind_opt_text(q, 7, p->ethnicity);
	db_bind_opt_text(q, 8, p->religion);
	db_bind_int(q, 9, p->education);
	db_bind_int(q, 10, p->occupation);
	db_bind_int(q, 11, p->youth_union);
	enum ptdv_err err = db_insert(q, &p->id);
	if (!err && !st->bulk)
		err = words_add(st, p->id);
	return err;
}

/* store_person_by_citizen_id during a STORE_BULK_CASES load: the keys, then the rows. */
static enum ptdv_err by_citizen_id_keyed(struct store *st, const char *cid, int64_t *id)
{
	size_t n;
	const uint64_t *k = store__bulk_find(st, STORE_KEY_CID, store__bulk_hash_cid(cid), &n);
	for (size_t i = 0; i < n; i++) {
		struct db_stmt *q = STMT(st, "SELECT citizen_id FROM person WHERE id = ?");
		bool row;
		if (!q)
			return PTDV_DB;
		db_bind_int(q, 1, STORE_KEY_ID(k[i]));
		enum ptdv_err err = db_step(q, &row);
		bool same = !err && row && strcmp(db_col_text(q, 0), cid) == 0;
		db_done(q);
		if (err)
			return err;
		if (same) {
			*id = STORE_KEY_ID(k[i]);
			return PTDV_OK;
		}
	}
	return PTDV_NOTFOUND;
}

enum ptdv_err store_person_by_citizen_id(struct store *st, const char *cid, int64_t *id)
{
	if (store__bulk_keys(st))
		return by_citizen_id_keyed(st, cid, id);
	struct db_stmt *q = STMT(st, "SELECT id FROM person WHERE citizen_id = ?");
	bool row;
	if (!q)
		return PTDV_DB;
	db_bind_text(q, 1, cid, -1);
	enum ptdv_err err = db_step(q, &row);
	if (!err && !row)
		err = PTDV_NOTFOUND;
	if (!err)
		*id = db_col_int(q, 0);
	db_done(q);
	return err;
}

/* Binds the name, its folded key and its sort key of p at parameters i, i+1, i+2. */
static void bind_name(struct store *st, struct db_stmt *q, int i, const char *name)
{
	size_t n = strlen(name);
	struct buf *b = &st->scratch;
	buf_reset(b);
	vn_fold(name, n, b);
	size_t key_len = b->len;
	buf_addc(b, '\0');
	vn_name_sort_key(name, n, b);
	db_bind_text(q, i, name, (int)n);
	db_bind_text(q, i + 1, b->s, (int)key_len);
	db_bind_blob(q, i + 2, b->s + key_len + 1, (int)(b->len - key_len - 1));
}

enum ptdv_err store_person_update(struct store *st, const struct person *p)
{
	/* The words of the name being replaced, found by the key of person_word itself. */
	struct db_stmt *q = STMT(st, "DELETE FROM person_word WHERE (word, sort_key, person_id) IN "
				     "(SELECT w.value, person.sort_key, person.id FROM person, "
				     "@name_words WHERE person.id = ?)");
	if (!q)
		return PTDV_DB;
	db_bind_int(q, 1, p->id);
	enum ptdv_err err = db_run(q);
	if (err)
		return err;
	/* Its words no longer counted (each once, as the DELETE removed each once). */
	q = STMT(st, "UPDATE word_count SET n = n - 1 WHERE word IN "
		     "(SELECT w.value FROM person, @name_words WHERE person.id = ?)");
	if (!q)
		return PTDV_DB;
	db_bind_int(q, 1, p->id);
	err = db_run(q);
	if (err)
		return err;
	q = STMT(st, "UPDATE person SET full_name = ?, name_key = ?, sort_key = ?, gender = ?, "
		     "birth_date = ?, citizen_id = ?, ethnicity = ?, religion = ?, education = ?, "
		     "occupation = ?, youth_union = ? WHERE id = ?");
	if (!q)
		return PTDV_DB;
	bind_name(st, q, 1, p->full_name);
	db_bind_int(q, 4, p->gender);
	db_bind_date(q, 5, p->birth_date);
	db_bind_opt_text(q, 6, p->citizen_id);
	db_bind_opt_text(q, 7, p->ethnicity);
	db_bind_opt_text(q, 8, p->religion);
	db_bind_int(q, 9, p->education);
	db_bind_int(q, 10, p->occupation);
	db_bind_int(q, 11, p->youth_union);
	db_bind_int(q, 12, p->id);
	err = db_run(q);
	if (!err)
		err = words_add(st, p->id);
	return err;
}

/* What store_person_each_by_name_birth tells of a person ps: id, name, ID, card, cell. */
#define PERSON_SEEN \
	"SELECT ps.id, ps.full_name, ps.citizen_id, " \
	"(SELECT m.card_no FROM member m WHERE m.person_id = ps.id " \
	"ORDER BY m.ceremony_date DESC LIMIT 1), " \
	"(SELECT o.code FROM member m JOIN placement pl ON pl.member_id = m.id " \
	"JOIN org o ON o.id = pl.org_id WHERE m.person_id = ps.id " \
	"ORDER BY pl.start_date DESC LIMIT 1) FROM person ps "

/* Runs q (bound) and fn on each of its rows. */
static enum ptdv_err each_seen(struct db_stmt *q, store_person_fn fn, void *arg)
{
	enum ptdv_err err;
	bool row;
	while ((err = db_step(q, &row)) == PTDV_OK && row) {
		err = fn(arg, db_col_int(q, 0), db_col_text(q, 1), db_col_text(q, 2),
			db_col_text(q, 3), db_col_text(q, 4));
		if (err)
			break;
	}
	db_done(q);
	return err;
}

enum ptdv_err store_person_each_by_name_birth(
	struct store *st, const char *name_key, date_t birth, store_person_fn fn, void *arg)
{
	enum ptdv_err err = PTDV_OK;
	if (store__bulk_keys(st)) {
		/* The people whose key hashes alike, by id, each checked by its row. */
		size_t n;
		uint32_t h = store__bulk_hash_name(name_key, strlen(name_key), birth);
		const uint64_t *k = store__bulk_find(st, STORE_KEY_NAME, h, &n);
		for (size_t i = 0; i < n && !err; i++) {
			struct db_stmt *q =
				STMT(st, PERSON_SEEN "WHERE ps.id = ? AND "
						     "ps.name_key = ? AND ps.birth_date = ?");
			if (!q)
				return PTDV_DB;
			db_bind_int(q, 1, STORE_KEY_ID(k[i]));
			db_bind_text(q, 2, name_key, -1);
			db_bind_date(q, 3, birth);
			err = each_seen(q, fn, arg);
		}
		return err;
	}
	struct db_stmt *q =
		STMT(st, PERSON_SEEN "WHERE ps.name_key = ? AND ps.birth_date = ? ORDER BY ps.id");
	if (!q)
		return PTDV_DB;
	db_bind_text(q, 1, name_key, -1);
	db_bind_date(q, 2, birth);
	return each_seen(q, fn, arg);
}

enum ptdv_err store_person_max_id(struct store *st, int64_t *id)
{
	struct db_stmt *q = STMT(st, "SELECT max(id) FROM person");
	return q ? store__one_int(q, id) : PTDV_DB;
}

enum ptdv_err store_member_card_exists(struct store *st, const char *card, bool *exists)
{
	struct db_stmt *q = STMT(st, "SELECT 1 FROM member WHERE card_no = ?");
	if (!q)
		return PTDV_DB;
	db_bind_text(q, 1, card, -1);
	enum ptdv_err err = db_step(q, exists);
	db_done(q);
	return err;
}

enum ptdv_err store_member_insert(struct store *st, struct member *m)
{
	if (st->rows)
		return store__bulk_member(st, m);
	struct db_stmt *q =
		STMT(st, "INSERT @or_fail INTO member(person_id, admit_org_id, admitted_on, "
			 "decision_date, ceremony_date, official_date, card_no, exit_date, "
			 "exit_reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) @returning");
	if (!q)
		return PTDV_DB;
	db_bind_int(q, 1, m->person_id);
	db_bind_int(q, 2, m->org_id);
	db_bind_date(q, 3, core_member_admission_date(m));
	db_bind_date(q, 4, m->decision_date);
	db_bind_date(q, 5, m->ceremony_date);
	db_bind_date(q, 6, m->official_date);
	db_bind_opt_text(q, 7, m->card_no);
	db_bind_date(q, 8, m->exit_date);
	db_bind_opt_text(q, 9, m->exit_reason);
	enum ptdv_err err = db_insert(q, &m->id);
	if (err)
		return err;
	q = STMT(st,
		"INSERT @or_fail INTO placement(member_id, org_id, start_date) VALUES (?, ?, ?)");
	if (!q)
		return PTDV_DB;
	db_bind_int(q, 1, m->id);
	db_bind_int(q, 2, m->org_id);
	db_bind_date(q, 3, m->ceremony_date);
	err = db_run(q);
	if (!err)
		err = store__person_stay(st, m->person_id);
	return err;
}

enum ptdv_err store_member_latest(
	struct store *st, int64_t person_id, struct member *out, int64_t *org_id, date_t *placed_on)
{
	enum ptdv_err err = store__bulk_sync(st);
	if (err)
		return err;
	struct db_stmt *q = STMT(st,
		"SELECT m.id, m.admit_org_id, m.decision_date, m.ceremony_date, m.official_date, "
		"m.card_no, m.exit_date, m.exit_reason, pl.org_id, pl.start_date "
		"FROM member m JOIN placement pl ON pl.member_id = m.id "
		"WHERE m.person_id = ? ORDER BY m.ceremony_date DESC, m.id DESC, "
		"pl.start_date DESC, pl.id DESC LIMIT 1");
	if (!q)
		return PTDV_DB;
	db_bind_int(q, 1, person_id);
	err = db_step_one(q);
	if (!err) {
		*out = (struct member){
			.id = db_col_int(q, 0),
			.person_id = person_id,
			.org_id = db_col_int(q, 1),
			.decision_date = db_col_date(q, 2),
			.ceremony_date = db_col_date(q, 3),
			.official_date = db_col_date(q, 4),
			.card_no = db_col_strdup(q, 5),
			.exit_date = db_col_date(q, 6),
			.exit_reason = db_col_strdup(q, 7),
		};
		*org_id = db_col_int(q, 8);
		*placed_on = db_col_date(q, 9);
	}
	db_done(q);
	return err;
}

enum ptdv_err store_member_by_card(struct store *st, const char *card, int64_t *person_id)
{
	struct db_stmt *q = STMT(st, "SELECT person_id FROM member WHERE card_no = ?");
	if (!q)
		return PTDV_DB;
	db_bind_text(q, 1, card, -1);
	enum ptdv_err err = db_step_one(q);
	if (!err)
		*person_id = db_col_int(q, 0);
	db_done(q);
	return err;
}

enum ptdv_err store_member_update(struct store *st, const struct member *m)
{
	struct db_stmt *q = STMT(st,
		"UPDATE member SET admitted_on = ?, decision_date = ?, ceremony_date = ?, "
		"official_date = ?, card_no = ?, exit_date = ?, exit_reason = ? WHERE id = ?");
	if (!q)
		return PTDV_DB;
	db_bind_date(q, 1, core_member_admission_date(m));
	db_bind_date(q, 2, m->decision_date);
	db_bind_date(q, 3, m->ceremony_date);
	db_bind_date(q, 4, m->official_date);
	db_bind_opt_text(q, 5, m->card_no);
	db_bind_date(q, 6, m->exit_date);
	db_bind_opt_text(q, 7, m->exit_reason);
	db_bind_int(q, 8, m->id);
	enum ptdv_err err = db_run(q);
	if (err)
		return err;
	/* The first placement starts at the ceremony. */
	q = STMT(st, "UPDATE placement SET start_date = ? WHERE member_id = ? AND start_date = "
		     "(SELECT min(p2.start_date) FROM placement p2 WHERE p2.member_id = ?)");
	if (!q)
		return PTDV_DB;
	db_bind_date(q, 1, m->ceremony_date);
	db_bind_int(q, 2, m->id);
	db_bind_int(q, 3, m->id);
	err = db_run(q);
	if (!err)
		err = store__member_stay(st, m->id);
	return err;
}

enum ptdv_err store_member_transfer(struct store *st, int64_t member_id, int64_t org_id, date_t day)
{
	if (st->rows) {
		if (store__bulk_transfer(st, member_id, org_id, day))
			return PTDV_OK;
		enum ptdv_err err = store__bulk_flush(st);
		if (err)
			return err;
	}
	struct db_stmt *q = STMT(st, "UPDATE placement SET end_date = ? "
				     "WHERE member_id = ? AND end_date IS NULL");
	if (!q)
		return PTDV_DB;
	db_bind_date(q, 1, day);
	db_bind_int(q, 2, member_id);
	enum ptdv_err err = db_run(q);
	if (err)
		return err;
	q = STMT(st,
		"INSERT @or_fail INTO placement(member_id, org_id, start_date) VALUES (?, ?, ?)");
	if (!q)
		return PTDV_DB;
	db_bind_int(q, 1, member_id);
	db_bind_int(q, 2, org_id);
	db_bind_date(q, 3, day);
	err = db_run(q);
	if (!err)
		err = store__member_stay(st, member_id);
	return err;
}

enum ptdv_err store_member_each(struct store *st, const char *path, store_member_fn fn, void *arg)
{
	char hi[512];
	/* The latest placement of each membership is the one with no later start. */
	struct db_stmt *q = STMT(st,
		"SELECT ps.id, ps.full_name, ps.gender, ps.birth_date, ps.citizen_id, ps.ethnicity, "
		"ps.religion, ps.education, ps.occupation, ps.youth_union, m.id, m.decision_date, "
		"m.ceremony_date, m.official_date, m.card_no, m.exit_date, m.exit_reason, o.code, "
		"m.admit_org_id, ao.code, pl.start_date "
		"FROM placement pl JOIN org o ON o.id = pl.org_id "
		"JOIN member m ON m.id = pl.member_id JOIN person ps ON ps.id = m.person_id "
		"JOIN org ao ON ao.id = m.admit_org_id "
		"WHERE o.path >= ? AND o.path < ? AND NOT EXISTS (SELECT 1 FROM placement p2 "
		"WHERE p2.member_id = pl.member_id AND p2.start_date > pl.start_date) "
		"ORDER BY o.code, ps.sort_key, ps.citizen_id NULLS FIRST, m.id");
	if (!q)
		return PTDV_DB;
	if (!path)
		path = "/";
	store__path_hi(path, hi, sizeof(hi));
	db_bind_text(q, 1, path, -1);
	db_bind_text(q, 2, hi, -1);
	enum ptdv_err err;
	bool row;
	while ((err = db_step(q, &row)) == PTDV_OK && row) {
		struct person p = store__col_person(q, 0);
		struct member m = {
			.id = db_col_int(q, 10),
			.person_id = p.id,
			.decision_date = db_col_date(q, 11),
			.ceremony_date = db_col_date(q, 12),
			.official_date = db_col_date(q, 13),
			.card_no = (char *)db_col_text(q, 14),
			.exit_date = db_col_date(q, 15),
			.exit_reason = (char *)db_col_text(q, 16),
			.org_id = db_col_int(q, 18),
		};
		err = fn(arg, &p, &m, db_col_text(q, 17), db_col_text(q, 19), db_col_date(q, 20));
		if (err)
			break;
	}
	db_done(q);
	return err;
}
