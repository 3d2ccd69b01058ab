/*
 * store_search.c — member lists. The name filter matches folded words at the start of
 * words of the folded name (LIKE on name_key, which holds only a-z, 0-9 and single spaces,
 * so the pattern needs no escaping: vn_fold already removed % and _).
 *
 * With a name, the search starts from the name words (person_word, 008_search.sql) that
 * begin with the query word fewest name words begin with (the driving word, by the counts
 * of word_count, 015_word_count.sql), unless the subtree has fewer placements than that:
 * then it walks the subtree. A word row holds its person's folded name, so the test of all
 * the query words rejects most candidates without reading anything else, and its key
 * (word, sort_key, person_id) gives the people of one name word in list order. The count
 * stops past STORE_SEARCH_CAP; a page within it is listed from the same walk (walk_words:
 * each name word the driving word begins with, in list order, up to the cap, merged when
 * there are several: an → an, anh). A page beyond the cap counts first, then walks each
 * word's rows up to the page's end. Without a name, the count walks the subtree and stops
 * past STORE_SEARCH_CAP too; the page walks the subtree and sorts its rows, unless the
 * subtree is large for the page's end (people_cheaper: its placements, counted up to a
 * bound, against the page's end and every placement): then it walks people in list order
 * (person_sort, 021_person_sort.sql) and keeps those who are members in the subtree on the
 * day, stopping at the page's end. Either way the rows and their order are the same. How
 * many rows a pattern matches decides the best plan: PostgreSQL plans these statements for
 * their values at every run (@custom_plan).
 *
 * A word row also holds its person's stay (019_word_stay.sql): the days on which the person
 * is a member placed in exactly one org, and the last org with its first day. The count
 * and the walk decide from it whether the row's person is listed on the day (and in the
 * subtree) without reading member and placement, which at national scale are random pages
 * of tables of millions of rows; the rows it cannot decide (a readmission after a gap,
 * two memberships at once, a day before the last org's first in a subtree) are probed as
 * before, in the same walk (PROBE_JOIN). The page's rows are then read by person and day
 * (emit_ids). The results are the probes' exactly.
 */
#include "store/store_search.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_impl.h"
#include "util/buf.h"
#include "util/xalloc.h"

/* The day: 4 parameters. */
#define DAY_ONLY \
	"pl.start_date <= ? AND (pl.end_date IS NULL OR pl.end_date > ?) " \
	"AND m.ceremony_date <= ? AND (m.exit_date IS NULL OR m.exit_date > ?) "
/* The subtree and the day: parameters 1–6. */
#define DAY_FILTER "o.path >= ? AND o.path < ? AND " DAY_ONLY
/* From the subtree (parameters 1–7: DAY_FILTER, then the LIKE pattern). */
#define MEMBER_FROM \
	"FROM org o JOIN placement pl ON pl.org_id = o.id " \
	"JOIN member m ON m.id = pl.member_id JOIN person ps ON ps.id = m.person_id " \
	"WHERE @serial AND " DAY_FILTER "AND (' ' || ps.name_key) LIKE ? "
/*
 * From the name word rows, then the membership, the placement and the org of each (the
 * CROSS JOINs keep that order on SQLite, which has no statistics to choose it by).
 */
#define WORD_FROM \
	"FROM person_word pw CROSS JOIN member m CROSS JOIN placement pl CROSS JOIN org o "
#define WORD_JOIN "m.person_id = pw.person_id AND pl.member_id = m.id AND o.id = pl.org_id AND "
/* A word row's name matches the query (parameters 2 and 3: struct search's lead, any). */
#define NAME_AT "(pw.name_key @match ?2 OR pw.name_key @match ?3) "
/*
 * The word row's stay (019_word_stay.sql) holds day d (a numbered parameter): the person
 * is then a member placed somewhere, in exactly one placement. Rows for which it cannot
 * decide (stay_from NULL, or d before the org of the stay when the subtree matters) are
 * probed as before (PROBE_JOIN), so the rows a walk gives are those of the probes alone.
 */
#define STAY_ON(d) "pw.stay_from <= " d " AND (pw.stay_to IS NULL OR pw.stay_to > " d ") "
/* ... in the subtree [p1, p2) (numbered parameters) on day d. */
#define STAY_IN(d, p1, p2) \
	STAY_ON(d) \
	"AND pw.org_from <= " d " AND pw.stay_org IN (SELECT so.id FROM org so " \
	"WHERE so.path >= " p1 " AND so.path < " p2 ") "
/* The rows STAY_IN cannot decide on day d. */
#define PROBED_SUB(d) "(pw.stay_from IS NULL OR (pw.org_from > " d " AND " STAY_ON(d) ")) "
/*
 * The day's memberships and placements of the rows for which undecided holds, joined to
 * the word row in the one walk of its rows (a second walk to find the probed ones read
 * every row of the word): for the others the membership's key is NULL, which SQLite and
 * PostgreSQL look up without reading the index, and pl.id is NULL. The WHERE keeps the
 * rows decided in, or probed and found.
 */
#define PROBE_JOIN(undecided, d) \
	"LEFT JOIN member m ON m.person_id = CASE WHEN " undecided " THEN pw.person_id END " \
	"AND m.ceremony_date <= " d " AND (m.exit_date IS NULL OR m.exit_date > " d ") " \
	"LEFT JOIN placement pl ON pl.member_id = m.id AND pl.start_date <= " d " " \
	"AND (pl.end_date IS NULL OR pl.end_date > " d ") "
/* ... and the org of the placement in the subtree [p1, p2). */
#define PROBE_JOIN_SUB(d, p1, p2) \
	PROBE_JOIN(PROBED_SUB(d), d) \
	"LEFT JOIN org o ON o.id = pl.org_id AND o.path >= " p1 " AND o.path < " p2 " "
#define MEMBER_COLS \
	"ps.id, ps.full_name, ps.gender, ps.birth_date, ps.citizen_id, ps.ethnicity, " \
	"ps.religion, ps.education, ps.occupation, ps.youth_union, m.id, m.decision_date, " \
	"m.ceremony_date, m.official_date, m.card_no, o.code, o.name "

/* Placements of a subtree counted at most, to compare with the driving word's rows. */
#define WORD_COUNT_CAP 20000
/* Past this many distinct name words starting with the driving word, walk the subtree. */
#define RANGE_WORDS_MAX 64

/* The search being run: the query and what store_member_search derived from it. */
struct search {
	struct store *st;
	const struct store_member_query *mq;
	char hi[512];         /* exclusive upper bound of the subtree's paths */
	struct buf like;      /* "% w1% w2%" */
	struct buf word, whi; /* the driving word's range of name words [word, whi) */
	struct buf first;     /* " " + the driving word, to find its first match in a name */
	struct buf lead, any; /* name_key @match "w1* w2*" (from its first word) or "* w1* w2*" */
	int64_t nwords;       /* name words in the range */
	bool whole;           /* no org lies outside the subtree */
	char **words;         /* the distinct name words in the range (nrange of them) */
	size_t nrange;
};

/* Binds DAY_FILTER from parameter i; returns the number of the next parameter. */
static int bind_day(struct db_stmt *q, const struct search *s, int i)
{
	db_bind_text(q, i++, s->mq->path, -1);
	db_bind_text(q, i++, s->hi, -1);
	for (int k = 0; k < 4; k++)
		db_bind_date(q, i++, s->mq->as_of);
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
 * Sets the driving word of s: the query word that fewest name words begin with, by the
 * counts of word_count (015_word_count.sql; ties go to the longer word, which is likely the
 * rarer, then to the earlier). The counts choose the plan only: the rows walked are the
 * name words themselves.
 */
static enum ptdv_err pick_word(struct search *s)
{
	struct db_stmt *q = STMT(s->st, "SELECT coalesce(sum(n), 0) FROM word_count "
					"WHERE word >= ? AND word < ?");
	struct buf cand = BUF_INIT;
	int64_t best = -1;
	enum ptdv_err err = PTDV_OK;
	if (!q)
		return PTDV_DB;
	for (const char *p = s->mq->folded; *p && !err;) {
		size_t n = strcspn(p, " ");
		if (n > 0) {
			word_hi(p, n, &cand);
			db_bind_text(q, 1, p, (int)n);
			db_bind_text(q, 2, cand.s, (int)n);
			err = db_step_one(q);
			int64_t c = err ? 0 : db_col_int(q, 0);
			db_done(q);
			if (!err && (best < 0 || c < best || (c == best && n > s->word.len))) {
				best = c;
				buf_reset(&s->word);
				buf_add(&s->word, p, n);
				buf_reset(&s->whi);
				buf_add(&s->whi, cand.s, n);
			}
		}
		p += n;
		while (*p == ' ')
			p++;
	}
	s->nwords = best;
	buf_free(&cand);
	return err;
}

/*
 * Lists in s->words the distinct name words of the driving word's range, in order; stops
 * (with s->nrange = RANGE_WORDS_MAX + 1) past RANGE_WORDS_MAX.
 */
static enum ptdv_err range_words(struct search *s)
{
	struct db_stmt *q = STMT(s->st, "SELECT word FROM person_word WHERE word > ? AND word < ? "
					"ORDER BY word LIMIT 1");
	enum ptdv_err err = PTDV_OK;
	bool row;
	if (!q)
		return PTDV_DB;
	s->words = xcalloc(RANGE_WORDS_MAX + 1, sizeof(*s->words));
	/* The driving word itself is its range's first word when some name has it; the
	 * query below starts after it, so look it up first. */
	struct db_stmt *e = STMT(s->st, "SELECT 1 FROM person_word WHERE word = ? LIMIT 1");
	if (!e)
		return PTDV_DB;
	db_bind_text(e, 1, s->word.s, (int)s->word.len);
	err = db_step(e, &row);
	db_done(e);
	if (err)
		return err;
	if (row)
		s->words[s->nrange++] = xstrdup(s->word.s);
	const char *after = s->word.s;
	while (s->nrange <= RANGE_WORDS_MAX) {
		db_bind_text(q, 1, after, -1);
		db_bind_text(q, 2, s->whi.s, (int)s->whi.len);
		err = db_step(q, &row);
		const char *w = !err && row ? (const char *)db_col_text(q, 0) : NULL;
		if (w)
			s->words[s->nrange++] = xstrdup(w);
		db_done(q);
		if (err || !w)
			break;
		after = s->words[s->nrange - 1];
	}
	return err;
}

/*
 * Sets s->whole (no org lies outside the subtree) and *placements to the largest placement
 * id: placements are never deleted, so it bounds their number, exceeding it only by the
 * ids of inserts rolled back; one index probe reads it.
 */
static enum ptdv_err whole_tree(struct search *s, int64_t *placements)
{
	struct db_stmt *all = STMT(s->st, "SELECT CASE WHEN (SELECT min(path) FROM org) >= ? "
					  "AND (SELECT max(path) FROM org) < ? THEN 1 ELSE 0 END, "
					  "(SELECT coalesce(max(id), 0) FROM placement)");
	if (!all)
		return PTDV_DB;
	db_bind_text(all, 1, s->mq->path, -1);
	db_bind_text(all, 2, s->hi, -1);
	enum ptdv_err err = db_step_one(all);
	s->whole = !err && db_col_int(all, 0) == 1;
	*placements = err ? 0 : db_col_int(all, 1);
	db_done(all);
	return err;
}

/*
 * Sets *reached to whether the subtree has at least cap placements (on any day), counting
 * them up to cap through the org path and placement org indexes.
 */
static enum ptdv_err subtree_has(struct search *s, int64_t cap, bool *reached)
{
	struct db_stmt *q = STMT(s->st,
		"SELECT count(*) FROM (SELECT 1 FROM org o JOIN placement pl ON pl.org_id = o.id "
		"WHERE @serial AND o.path >= ? AND o.path < ? LIMIT ?) c");
	if (!q)
		return PTDV_DB;
	db_bind_text(q, 1, s->mq->path, -1);
	db_bind_text(q, 2, s->hi, -1);
	db_bind_int(q, 3, cap);
	enum ptdv_err err = db_step_one(q);
	*reached = !err && db_col_int(q, 0) >= cap;
	db_done(q);
	return err;
}

/*
 * Whether walking the subtree is cheaper than the name words: the subtree has fewer
 * placements (on any day) than the driving word has name words. A subtree holding every
 * org holds every placement: their number is then bounded by the largest placement id
 * (whole_tree), where counting them would read up to WORD_COUNT_CAP placements. Either way
 * the choice decides the plan, never the results.
 */
static enum ptdv_err subtree_smaller(struct search *s, bool *smaller)
{
	int64_t all = 0;
	enum ptdv_err err = whole_tree(s, &all);
	*smaller = !err && all < s->nwords;
	if (err || s->whole)
		return err;
	int64_t cap = s->nwords < WORD_COUNT_CAP ? s->nwords : WORD_COUNT_CAP;
	bool reached = false;
	err = subtree_has(s, cap, &reached);
	*smaller = !err && !reached;
	return err;
}

/*
 * Whether the page without a name is cheaper listed by walking people in list order
 * (page_by_people) than by reading and sorting the subtree's placements (page_by_subtree).
 * The walk reads about (offset + limit) / share people, share being the subtree's part of
 * the members on the day, taken as its part of all placements (n of all): it is chosen when
 * that is below half the n placements the subtree's walk reads, i.e. when
 * n * n > 2 * (offset + limit) * all — the factor 2 for the people the share misses (not
 * members on the day, or no longer). The whole tree has every placement; a subtree's are
 * counted up to the bound, so a small subtree costs a small count. The choice decides the
 * plan only, never the rows.
 */
static enum ptdv_err people_cheaper(struct search *s, bool *cheaper)
{
	int64_t all = 0;
	*cheaper = false;
	enum ptdv_err err = whole_tree(s, &all);
	if (err || all <= 0)
		return err;
	double need = 2.0 * ((double)s->mq->offset + s->mq->limit) * (double)all;
	if (s->whole) {
		*cheaper = (double)all * (double)all > need;
		return PTDV_OK;
	}
	/* A subtree has fewer placements than all: past that bound, never. */
	double bound = floor(sqrt(need)) + 1;
	if (bound > (double)all)
		return PTDV_OK;
	return subtree_has(s, (int64_t)bound, cheaper);
}

/*
 * The rows of the driving word's range (numbered parameters 1–4: the range, the LIKE
 * pattern, " " + the driving word) that match, each person once: a person one of whose
 * other name words also starts with the driving word counts on the row of the first such
 * word of the name.
 */
#define WORD_RANGE \
	"pw.word >= ?1 AND pw.word < ?2 AND (' ' || pw.name_key) LIKE ?3 " \
	"AND @strpos(' ' || pw.name_key, ?4) = " \
	"@strpos(' ' || pw.name_key || ' ', ' ' || pw.word || ' ') "

/*
 * The capped count of the matching rows of the driving word's range (parameters 1–4:
 * WORD_RANGE, 5: the day, then the subtree's paths, then the cap), decided by the word
 * rows' stays where they can, else probed (PROBE_JOIN). With the whole tree, every
 * placement's org (a foreign key) is in the subtree: no org to read.
 */
#define COUNT_WORDS_WHOLE \
	"SELECT @custom_plan count(*) FROM (SELECT 1 FROM person_word pw " PROBE_JOIN( \
		"pw.stay_from IS NULL", "?5") "WHERE @serial AND " WORD_RANGE \
					      "AND (" STAY_ON("?5") "OR pl.id " \
								    "IS NOT NULL) LIMIT ?6) c"
#define COUNT_WORDS_SUB \
	"SELECT @custom_plan count(*) FROM (SELECT 1 FROM person_word pw " PROBE_JOIN_SUB( \
		"?5", "?6", "?7") "WHERE @serial AND " WORD_RANGE \
				  "AND (" STAY_IN("?5", "?6", "?7") "OR o.id IS NOT " \
								    "NULL) LIMIT ?8) c"

/*
 * Sets *total to the number of members matching, walking the subtree when by_subtree,
 * else the driving word's name words; it stops past STORE_SEARCH_CAP.
 */
static enum ptdv_err count_rows(struct search *s, bool by_subtree, int64_t *total)
{
	struct db_stmt *q;
	if (by_subtree)
		q = STMT(s->st,
			"SELECT @custom_plan count(*) FROM (SELECT 1 " MEMBER_FROM "LIMIT ?) c");
	else if (s->whole)
		q = STMT(s->st, COUNT_WORDS_WHOLE);
	else
		q = STMT(s->st, COUNT_WORDS_SUB);
	if (!q)
		return PTDV_DB;
	if (!by_subtree) {
		db_bind_text(q, 1, s->word.s, (int)s->word.len);
		db_bind_text(q, 2, s->whi.s, (int)s->whi.len);
		db_bind_text(q, 3, s->like.s, (int)s->like.len);
		db_bind_text(q, 4, s->first.s, (int)s->first.len);
		db_bind_date(q, 5, s->mq->as_of);
		if (s->whole) {
			db_bind_int(q, 6, STORE_SEARCH_CAP + 1);
		} else {
			db_bind_text(q, 6, s->mq->path, -1);
			db_bind_text(q, 7, s->hi, -1);
			db_bind_int(q, 8, STORE_SEARCH_CAP + 1);
		}
	} else {
		/* The subtree's walk: the pattern, then the cap. */
		int i = bind_day(q, s, 1);
		db_bind_text(q, i++, s->like.s, (int)s->like.len);
		db_bind_int(q, i, STORE_SEARCH_CAP + 1);
	}
	enum ptdv_err err = db_step_one(q);
	*total = err ? 0 : db_col_int(q, 0);
	db_done(q);
	return err;
}

/* Calls fn for the current row of q, whose columns are MEMBER_COLS from column 0. */
static enum ptdv_err emit_row(struct db_stmt *q, store_member_row_fn fn, void *arg)
{
	struct store_member_row r = {
		.p = store__col_person(q, 0),
		.m = {.id = db_col_int(q, 10),
			.decision_date = db_col_date(q, 11),
			.ceremony_date = db_col_date(q, 12),
			.official_date = db_col_date(q, 13),
			.card_no = (char *)db_col_text(q, 14),
			.exit_date = DATE_NONE},
		.org_code = db_col_text(q, 15),
		.org_name = db_col_text(q, 16),
	};
	return fn(arg, &r);
}

/* Calls fn for every row of q (MEMBER_COLS), which is bound. */
static enum ptdv_err emit_rows(struct db_stmt *q, store_member_row_fn fn, void *arg)
{
	enum ptdv_err err;
	bool row;
	while ((err = db_step(q, &row)) == PTDV_OK && row) {
		err = emit_row(q, fn, arg);
		if (err)
			break;
	}
	db_done(q);
	return err;
}

/*
 * The page by walking the subtree: every match is read and sorted. The list order is the
 * people's (sort_key, id), then the placement: a person with two memberships on the day
 * (readmitted before the first one's exit) is two rows, and without the placement their
 * order was the plan's, so that PostgreSQL could show one of them on two pages and the
 * other on none. Every way of listing orders so.
 */
static enum ptdv_err page_by_subtree(struct search *s, store_member_row_fn fn, void *arg)
{
	struct db_stmt *q = STMT(s->st, "SELECT @custom_plan " MEMBER_COLS MEMBER_FROM
					"ORDER BY ps.sort_key, ps.id, pl.id LIMIT ? OFFSET ?");
	if (!q)
		return PTDV_DB;
	int i = bind_day(q, s, 1);
	db_bind_text(q, i++, s->like.s, (int)s->like.len);
	db_bind_int(q, i++, s->mq->limit);
	db_bind_int(q, i, s->mq->offset);
	return emit_rows(q, fn, arg);
}

/*
 * The page without a name by walking people in list order (person_sort): each person's
 * memberships and placements of the day in the subtree, through the indexes the name
 * search probes with, up to the page's end. The ORDER BY is page_by_subtree's, which the
 * index gives up to the person (a person's few rows are sorted by placement).
 */
static enum ptdv_err page_by_people(struct search *s, store_member_row_fn fn, void *arg)
{
	struct db_stmt *q = STMT(s->st,
		"SELECT @custom_plan " MEMBER_COLS
		"FROM person ps CROSS JOIN member m CROSS JOIN placement pl CROSS JOIN org o "
		"WHERE @serial AND m.person_id = ps.id AND pl.member_id = m.id AND o.id = pl.org_id "
		"AND " DAY_FILTER "ORDER BY ps.sort_key, ps.id, pl.id LIMIT ? OFFSET ?");
	if (!q)
		return PTDV_DB;
	int i = bind_day(q, s, 1);
	db_bind_int(q, i++, s->mq->limit);
	db_bind_int(q, i, s->mq->offset);
	return emit_rows(q, fn, arg);
}

/* The page when one name word starts with the driving word: its rows in list order. */
static enum ptdv_err page_by_word(
	struct search *s, const char *word, store_member_row_fn fn, void *arg)
{
	struct db_stmt *q = STMT(s->st,
		"SELECT @custom_plan " MEMBER_COLS WORD_FROM "CROSS JOIN person ps "
		"WHERE @serial AND pw.word = ? AND (' ' || pw.name_key) LIKE ? AND ps.id = pw.person_id AND " WORD_JOIN
			DAY_FILTER "ORDER BY pw.sort_key, pw.person_id, pl.id LIMIT ? OFFSET ?");
	if (!q)
		return PTDV_DB;
	db_bind_text(q, 1, word, -1);
	db_bind_text(q, 2, s->like.s, (int)s->like.len);
	int i = bind_day(q, s, 3);
	db_bind_int(q, i++, s->mq->limit);
	db_bind_int(q, i, s->mq->offset);
	return emit_rows(q, fn, arg);
}

/* A row of a page merged from several name words: its order and its placement. */
struct key {
	void *sort_key;
	int len;
	int64_t person_id, placement_id;
};

static int key_cmp(const void *a, const void *b)
{
	const struct key *x = a, *y = b;
	int n = x->len < y->len ? x->len : y->len;
	int c = memcmp(x->sort_key, y->sort_key, (size_t)n);
	if (c == 0)
		c = (x->len > y->len) - (x->len < y->len);
	if (c == 0)
		c = (x->person_id > y->person_id) - (x->person_id < y->person_id);
	if (c == 0)
		c = (x->placement_id > y->placement_id) - (x->placement_id < y->placement_id);
	return c;
}

/* The keys the walks of the name words collect. */
struct keys {
	struct key *v;
	size_t n, alloc;
};

/* Appends the rows of q, bound, as keys (columns sort_key, person_id, placement id); ends q. */
static enum ptdv_err keys_read(struct keys *ks, struct db_stmt *q)
{
	enum ptdv_err err;
	bool row;
	while ((err = db_step(q, &row)) == PTDV_OK && row) {
		if (ks->n == ks->alloc) {
			ks->alloc = ks->alloc ? 2 * ks->alloc : 64;
			ks->v = xrealloc(ks->v, ks->alloc * sizeof(*ks->v));
		}
		struct key *k = &ks->v[ks->n++];
		const void *b = db_col_blob(q, 0, &k->len);
		k->sort_key = xmalloc(k->len > 0 ? (size_t)k->len : 1);
		memcpy(k->sort_key, b, (size_t)k->len);
		k->person_id = db_col_int(q, 1);
		k->placement_id = db_col_int(q, 2);
	}
	db_done(q);
	return err;
}

static void keys_free(struct keys *ks)
{
	for (size_t i = 0; i < ks->n; i++)
		free(ks->v[i].sort_key);
	free(ks->v);
}

/* Placements read by one statement of emit_page. */
#define PAGE_IDS 32
#define IDS8 "?, ?, ?, ?, ?, ?, ?, ?"

/*
 * Calls fn for the rows of the n keys k (n <= PAGE_IDS), in list order: a key's placement,
 * or, when its placement id is 0 (its word row's stay decided), its person's membership
 * and placement of the day (exactly one).
 */
static enum ptdv_err emit_ids(
	struct search *s, const struct key *k, size_t n, store_member_row_fn fn, void *arg)
{
	struct db_stmt *q = STMT(s->st,
		"SELECT " MEMBER_COLS "FROM person ps CROSS JOIN member m CROSS JOIN placement pl "
		"CROSS JOIN org o WHERE @serial AND ps.id IN (" IDS8 ", " IDS8 ", " IDS8 ", " IDS8
		") "
		"AND m.person_id = ps.id AND pl.member_id = m.id AND o.id = pl.org_id "
		"AND (pl.id IN (" IDS8 ", " IDS8 ", " IDS8 ", " IDS8 ") "
		"OR (ps.id IN (" IDS8 ", " IDS8 ", " IDS8 ", " IDS8 ") AND " DAY_ONLY ")) "
		"ORDER BY ps.sort_key, ps.id, pl.id");
	if (!q)
		return PTDV_DB;
	for (size_t i = 0; i < PAGE_IDS; i++) {
		/* 0: no person, no placement. */
		bool decided = i < n && k[i].placement_id == 0;
		db_bind_int(q, (int)i + 1, i < n ? k[i].person_id : 0);
		db_bind_int(q, PAGE_IDS + (int)i + 1, i < n ? k[i].placement_id : 0);
		db_bind_int(q, 2 * PAGE_IDS + (int)i + 1, decided ? k[i].person_id : 0);
	}
	for (int d = 0; d < 4; d++)
		db_bind_date(q, 3 * PAGE_IDS + d + 1, s->mq->as_of);
	return emit_rows(q, fn, arg);
}

/*
 * Lists the page from the keys of the name words walked (sorted first when several words
 * gave them): a person in two words' rows counts once; the page's rows are read
 * PAGE_IDS a statement (one round trip each on PostgreSQL, not one a row), in list order
 * (key_cmp's, which is ORDER BY sort_key, id, placement on both engines: bytes, then
 * length). Sets
 * *ranked, unless NULL, to the number of distinct keys.
 */
static enum ptdv_err emit_page(struct search *s, struct key *keys, size_t n, bool sort,
	store_member_row_fn fn, void *arg, size_t *ranked)
{
	struct key page[PAGE_IDS];
	size_t npage = 0, rank = 0;
	const size_t first = (size_t)s->mq->offset, end = first + (size_t)s->mq->limit;
	enum ptdv_err err = PTDV_OK;
	if (sort && n > 0)
		qsort(keys, n, sizeof(*keys), key_cmp);
	for (size_t i = 0; i < n && !err; i++) {
		if (i > 0 && key_cmp(&keys[i - 1], &keys[i]) == 0)
			continue;
		if (++rank <= first || rank > end)
			continue;
		page[npage++] = keys[i];
		if (npage == PAGE_IDS) {
			err = emit_ids(s, page, npage, fn, arg);
			npage = 0;
		}
	}
	if (!err && npage)
		err = emit_ids(s, page, npage, fn, arg);
	if (ranked)
		*ranked = rank;
	return err;
}

/*
 * The page when several name words start with the driving word: the first offset + limit
 * rows of each word in list order, merged, and the page's rows read by placement.
 */
static enum ptdv_err page_by_words(struct search *s, store_member_row_fn fn, void *arg)
{
	struct db_stmt *q = STMT(s->st,
		"SELECT @custom_plan pw.sort_key, pw.person_id, pl.id " WORD_FROM
		"WHERE @serial AND pw.word = ? AND (' ' || pw.name_key) LIKE ? AND " WORD_JOIN
			DAY_FILTER "ORDER BY pw.sort_key, pw.person_id, pl.id LIMIT ?");
	struct keys ks = {0};
	enum ptdv_err err = PTDV_OK;
	if (!q)
		return PTDV_DB;
	for (size_t w = 0; w < s->nrange && !err; w++) {
		db_bind_text(q, 1, s->words[w], -1);
		db_bind_text(q, 2, s->like.s, (int)s->like.len);
		int i = bind_day(q, s, 3);
		db_bind_int(q, i, (int64_t)s->mq->offset + s->mq->limit);
		err = keys_read(&ks, q);
	}
	if (!err)
		err = emit_page(s, ks.v, ks.n, true, fn, arg, NULL);
	keys_free(&ks);
	return err;
}

/*
 * The count and the page in one walk of the driving word's name words, when the page lies
 * within the capped count (offset + limit <= STORE_SEARCH_CAP + 1): each name word of the
 * range gives its matches in list order up to STORE_SEARCH_CAP + 1 (the first offset +
 * limit of the merge are among them), merged when there are several; a person having two
 * of the words is in both words' rows and counts once. The merge has at least as many
 * people as any one word gave: a word's rows cut at the cap make the count capped.
 */
/*
 * One name word's matching rows in list order (parameters 1: the word, 2–3: NAME_AT, 4: the
 * day, then the subtree's paths, then the cap), as (sort_key, person_id, placement id or
 * 0), in one walk of its rows: decided by their stays where they can, else probed.
 */
#define WALK_WHOLE \
	"SELECT @custom_plan pw.sort_key, pw.person_id, coalesce(pl.id, 0) FROM person_word pw " PROBE_JOIN( \
		"pw.stay_from IS NULL", \
		"?4") "WHERE @serial AND pw.word = ?1 AND " NAME_AT \
		      "AND (" STAY_ON( \
			      "?4") "OR pl.id IS NOT NULL) ORDER BY pw.sort_key, pw.person_id, 3 LIMIT ?5"
#define WALK_SUB \
	"SELECT @custom_plan pw.sort_key, pw.person_id, coalesce(pl.id, 0) FROM person_word pw " PROBE_JOIN_SUB( \
		"?4", "?5", "?6") "WHERE @serial AND pw.word = ?1 AND " NAME_AT \
				  "AND (" STAY_IN("?4", "?5", \
					  "?6") "OR o.id IS NOT NULL) " \
						"ORDER BY pw.sort_key, pw.person_id, 3 LIMIT ?7"

static enum ptdv_err walk_words(struct search *s, store_member_row_fn fn, void *arg, int64_t *total)
{
	/* The rows whose stay decides give placement id 0 (the page reads the person's row
	 * of the day); the others are probed. A person's rows all decide or none does. */
	struct db_stmt *q = s->whole ? STMT(s->st, WALK_WHOLE) : STMT(s->st, WALK_SUB);
	const int64_t cap = STORE_SEARCH_CAP + 1;
	struct keys ks = {0};
	enum ptdv_err err = PTDV_OK;
	if (!q)
		return PTDV_DB;
	for (size_t w = 0; w < s->nrange && !err; w++) {
		db_bind_text(q, 1, s->words[w], -1);
		db_bind_text(q, 2, s->lead.s, (int)s->lead.len);
		db_bind_text(q, 3, s->any.s, (int)s->any.len);
		db_bind_date(q, 4, s->mq->as_of);
		if (s->whole) {
			db_bind_int(q, 5, cap);
		} else {
			db_bind_text(q, 5, s->mq->path, -1);
			db_bind_text(q, 6, s->hi, -1);
			db_bind_int(q, 7, cap);
		}
		err = keys_read(&ks, q);
	}
	/* One word's rows are in list order already, each person once. */
	size_t rank = 0;
	if (!err)
		err = emit_page(s, ks.v, ks.n, s->nrange > 1, fn, arg, &rank);
	*total = (int64_t)rank > cap ? cap : (int64_t)rank;
	keys_free(&ks);
	return err;
}

enum ptdv_err store_member_search(struct store *st, const struct store_member_query *mq,
	store_member_row_fn fn, void *arg, int64_t *total)
{
	struct search s = {.st = st, .mq = mq};
	bool by_subtree = true;
	enum ptdv_err err = PTDV_OK;
	*total = 0;
	/* "nguyen van an" → "% nguyen% van% an%": each word starts a word of the name, in
	 * order (so "an" finds An and Anh, not Khang). */
	buf_addc(&s.like, '%');
	if (*mq->folded)
		buf_addc(&s.like, ' ');
	for (const char *p = mq->folded; *p; p++) {
		if (*p == ' ')
			buf_adds(&s.like, "% ");
		else
			buf_addc(&s.like, *p);
	}
	if (s.like.len > 1)
		buf_addc(&s.like, '%');
	/* The same test on name_key itself, without the leading space to concatenate: its
	 * first word, or a word after a space, starts with w1 (@match: GLOB on SQLite). */
	char star = db_engine(st->db) == DB_SQLITE ? '*' : '%';
	for (size_t i = 2; i < s.like.len; i++)
		buf_addc(&s.lead, s.like.s[i] == '%' ? star : s.like.s[i]);
	buf_addc(&s.any, star);
	buf_addc(&s.any, ' ');
	buf_adds(&s.any, s.lead.len ? s.lead.s : "");
	store__path_hi(mq->path, s.hi, sizeof(s.hi));

	if (*mq->folded) {
		err = pick_word(&s);
		if (!err && s.word.len)
			err = subtree_smaller(&s, &by_subtree);
		if (!err && !by_subtree)
			err = range_words(&s);
		if (!err && s.nrange > RANGE_WORDS_MAX)
			by_subtree = true;
		buf_addc(&s.first, ' ');
		buf_add(&s.first, s.word.s, s.word.len);
	}
	/* A page within the capped count: counted and listed in one walk of the words. */
	if (!err && *mq->folded && !by_subtree &&
		(int64_t)mq->offset + (mq->limit > 0 ? mq->limit : 0) <= STORE_SEARCH_CAP + 1) {
		err = walk_words(&s, fn, arg, total);
		goto out;
	}
	if (!err)
		err = count_rows(&s, by_subtree, total);
	if (err || *total == 0 || mq->limit <= 0)
		goto out;
	/* Without a name: a count within the cap is exact, and past it the subtree is large. */
	bool by_people = false;
	if (!*mq->folded && *total <= STORE_SEARCH_CAP && mq->offset >= *total)
		goto out;
	if (!*mq->folded && *total > STORE_SEARCH_CAP)
		err = people_cheaper(&s, &by_people);
	if (err)
		goto out;
	if (by_people)
		err = page_by_people(&s, fn, arg);
	else if (by_subtree)
		err = page_by_subtree(&s, fn, arg);
	else if (s.nrange == 1)
		err = page_by_word(&s, s.words[0], fn, arg);
	else
		err = page_by_words(&s, fn, arg);
out:
	for (size_t i = 0; s.words && i < s.nrange; i++)
		free(s.words[i]);
	free(s.words);
	buf_free(&s.like);
	buf_free(&s.word);
	buf_free(&s.whi);
	buf_free(&s.first);
	buf_free(&s.lead);
	buf_free(&s.any);
	return err;
}

enum ptdv_err store_person_get(struct store *st, int64_t id, struct person *out)
{
	struct db_stmt *q = STMT(st, "SELECT " STORE_PERSON_COLS("") " FROM person WHERE id = ?");
	if (!q)
		return PTDV_DB;
	db_bind_int(q, 1, id);
	enum ptdv_err err = db_step_one(q);
	if (!err)
		store__col_person_dup(q, 0, out);
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
