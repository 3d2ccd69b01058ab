/*
 * store_search.c — member lists. The name filter matches folded words at the start of
 * words of the folded name (LIKE on name_key, which holds only a-z, 0-9 and single spaces,
 * so the pattern needs no escaping: vn_fold already removed % and _). With a name, the
 * query starts from the people one of whose name words (person_word, 007_name_word.sql)
 * begins with the query word that fewest name words begin with, and the subtree, the day
 * and the LIKE of all the words filter those; without one, it walks the subtree. How
 * many rows a pattern matches decides the best plan: PostgreSQL plans these statements
 * for their values at every run (@custom_plan).
 */
#include "store/store_search.h"

#include <stdio.h>
#include <string.h>

#include "store/store_impl.h"
#include "util/buf.h"

#define MEMBER_FILTER \
	"o.path >= ? AND o.path < ? AND pl.start_date <= ? " \
	"AND (pl.end_date IS NULL OR pl.end_date > ?) AND m.ceremony_date <= ? " \
	"AND (m.exit_date IS NULL OR m.exit_date > ?) AND (' ' || ps.name_key) LIKE ? "
/* Without a name word: from the subtree (parameters 1–7). */
#define MEMBER_FROM \
	"FROM org o JOIN placement pl ON pl.org_id = o.id " \
	"JOIN member m ON m.id = pl.member_id JOIN person ps ON ps.id = m.person_id " \
	"WHERE " MEMBER_FILTER
/*
 * With a name word: from the people having a name word in [?1, ?2) (parameters 1–9). The
 * IN keeps one row per placement however many of a person's words are in the range.
 */
#define WORD_FROM \
	"FROM person ps JOIN member m ON m.person_id = ps.id " \
	"JOIN placement pl ON pl.member_id = m.id JOIN org o ON o.id = pl.org_id " \
	"WHERE ps.id IN (SELECT pw.person_id FROM person_word pw " \
	"WHERE pw.word >= ? AND pw.word < ?) AND " MEMBER_FILTER

/* Past this many name words, a query word is as bad as any other for driving the search. */
#define WORD_COUNT_CAP 20000

/*
 * Binds the parameters of MEMBER_FROM, or of WORD_FROM when word is not NULL; returns the
 * number of the next parameter.
 */
static int bind_query(struct db_stmt *q, const struct store_member_query *mq, const char *hi,
	const char *like, const char *word, const char *word_hi)
{
	int i = 1;
	if (word) {
		db_bind_text(q, i++, word, -1);
		db_bind_text(q, i++, word_hi, -1);
	}
	db_bind_text(q, i++, mq->path, -1);
	db_bind_text(q, i++, hi, -1);
	for (int k = 0; k < 4; k++)
		db_bind_date(q, i++, mq->as_of);
	db_bind_text(q, i++, like, -1);
	return i;
}

/* Writes into hi the exclusive upper bound of the words starting with word (len > 0). */
static void word_hi(const char *word, size_t len, struct buf *hi)
{
	buf_reset(hi);
	buf_add(hi, word, len);
	/* vn_fold's words are a-z and 0-9: the last byte is never 0xff. */
	hi->s[len - 1]++;
}

/*
 * Sets *word and *hi to the range of name words for the query word of folded ("w1 w2 ...")
 * that fewest name words begin with (counted up to WORD_COUNT_CAP; ties go to the longer
 * word, which is likely the rarer).
 */
static enum ptdv_err pick_word(
	struct store *st, const char *folded, struct buf *word, struct buf *hi)
{
	struct db_stmt *q = STMT(st, "SELECT count(*) FROM (SELECT 1 FROM person_word "
				     "WHERE word >= ? AND word < ? LIMIT ?) c");
	struct buf cand = BUF_INIT;
	int64_t best = -1;
	enum ptdv_err err = PTDV_OK;
	if (!q)
		return PTDV_DB;
	for (const char *s = folded; *s && !err;) {
		size_t n = strcspn(s, " ");
		if (n > 0) {
			word_hi(s, n, &cand);
			db_bind_text(q, 1, s, (int)n);
			db_bind_text(q, 2, cand.s, (int)n);
			db_bind_int(q, 3, WORD_COUNT_CAP);
			err = db_step_one(q);
			int64_t c = err ? 0 : db_col_int(q, 0);
			db_done(q);
			if (!err && (best < 0 || c < best || (c == best && n > word->len))) {
				best = c;
				buf_reset(word);
				buf_add(word, s, n);
				buf_reset(hi);
				buf_add(hi, cand.s, n);
			}
		}
		s += n;
		while (*s == ' ')
			s++;
	}
	buf_free(&cand);
	return err;
}

enum ptdv_err store_member_search(struct store *st, const struct store_member_query *mq,
	store_member_row_fn fn, void *arg, int64_t *total)
{
	char hi[512];
	struct buf like = BUF_INIT, word = BUF_INIT, whi = BUF_INIT;
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

	enum ptdv_err err = pick_word(st, mq->folded, &word, &whi);
	if (err)
		goto out;
	const char *w = word.len ? word.s : NULL;
	err = PTDV_DB;
	struct db_stmt *q = w ? STMT(st, "SELECT @custom_plan count(*) " WORD_FROM)
			      : STMT(st, "SELECT @custom_plan count(*) " MEMBER_FROM);
	if (!q)
		goto out;
	bind_query(q, mq, hi, like.s, w, whi.s);
	err = db_step(q, &row);
	*total = !err && row ? db_col_int(q, 0) : 0;
	db_done(q);
	if (err)
		goto out;
#define MEMBER_COLS \
	"SELECT @custom_plan ps.id, ps.full_name, ps.gender, ps.birth_date, ps.citizen_id, " \
	"ps.ethnicity, ps.religion, ps.education, ps.occupation, ps.youth_union, m.id, " \
	"m.decision_date, m.ceremony_date, m.official_date, m.card_no, o.code, o.name "
#define MEMBER_ORDER "ORDER BY ps.sort_key, ps.id LIMIT ? OFFSET ?"
	q = w ? STMT(st, MEMBER_COLS WORD_FROM MEMBER_ORDER)
	      : STMT(st, MEMBER_COLS MEMBER_FROM MEMBER_ORDER);
	if (!q) {
		err = PTDV_DB;
		goto out;
	}
	int i = bind_query(q, mq, hi, like.s, w, whi.s);
	db_bind_int(q, i, mq->limit);
	db_bind_int(q, i + 1, mq->offset);
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
	buf_free(&word);
	buf_free(&whi);
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
