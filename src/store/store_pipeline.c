/*
 * store_pipeline.c — cases, events, holidays and the member facts of the pipeline.
 *
 * An event's facts that queries filter on (kind, sub, dates, the member or org it names,
 * what it supersedes) are columns; the rest (numbers, texts, votes, how the reference
 * reads) is a small JSON object in `data`, written and read with jansson.
 */
#include "store/store_pipeline.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "store/store_impl.h"
#include "util/xalloc.h"

/* --- holidays --- */

enum ptdv_err store_holiday_set(struct store *st, date_t day, enum day_kind kind, const char *name)
{
	struct db_stmt *q = STMT(st, "INSERT INTO holiday(day, kind, name) VALUES (?, ?, ?) "
				     "ON CONFLICT (day) DO UPDATE SET kind = excluded.kind, "
				     "name = excluded.name");
	if (!q)
		return PTDV_DB;
	db_bind_date(q, 1, day);
	db_bind_int(q, 2, kind);
	db_bind_text(q, 3, name, -1);
	return db_run(q);
}

enum ptdv_err store_holiday_each(
	struct store *st, date_t from, date_t to, store_holiday_fn fn, void *arg)
{
	struct db_stmt *q = STMT(st, "SELECT day, kind, name FROM holiday WHERE day >= ? AND "
				     "day <= ? ORDER BY day");
	enum ptdv_err err;
	bool row;
	if (!q)
		return PTDV_DB;
	db_bind_date(q, 1, from);
	db_bind_date(q, 2, to);
	while ((err = db_step(q, &row)) == PTDV_OK && row) {
		err = fn(
			arg, db_col_date(q, 0), (enum day_kind)db_col_int(q, 1), db_col_text(q, 2));
		if (err)
			break;
	}
	db_done(q);
	return err;
}

static enum ptdv_err add_day(void *arg, date_t day, enum day_kind kind, const char *name)
{
	(void)name;
	if (kind == DAY_OFF || kind == DAY_WORKING)
		core_calendar_set(arg, day, kind);
	return PTDV_OK;
}

enum ptdv_err store_calendar_load(struct store *st, struct calendar *cal)
{
	return store_holiday_each(st, INT32_MIN + 1, INT32_MAX, add_day, cal);
}

enum ptdv_err store_holiday_rev(struct store *st, int64_t *rev)
{
	struct db_stmt *q = STMT(st, "SELECT n FROM holiday_rev");
	int64_t n = 0;
	if (!q)
		return PTDV_DB;
	enum ptdv_err err = store__one_int(q, &n);
	*rev = store__rev_of(st, n);
	return err;
}

/* --- cases --- */

#define CASE_COLS STORE_CASE_COLS
#define CASE_NCOLS STORE_CASE_NCOLS

void store__case_values(const struct cand_summary *s, int64_t v[STORE_CASE_NWCOLS])
{
	static const enum cand_stage stages[] = {STAGE_SOURCE, STAGE_HELPER, STAGE_COURSE,
		STAGE_DOSSIER, STAGE_CELL, STAGE_COMMITTEE, STAGE_DECISION, STAGE_CEREMONY,
		STAGE_RECOGNITION};
	int k = 0;
	v[k++] = s->stage;
	v[k++] = s->outcome;
	v[k++] = s->closed;
	for (size_t i = 0; i < sizeof(stages) / sizeof(stages[0]); i++)
		v[k++] = s->entered[stages[i]];
	v[k++] = s->cert;
	v[k++] = s->redo;
	v[k++] = s->received;
	v[k++] = s->recog_committee;
	for (int e = 1; e < EXC__MAX; e++)
		v[k++] = s->exc[e];
	v[k++] = s->source;
	v[k++] = core_candidate_due_floor(s);
	v[k++] = core_candidate_summary_last(s);
}

/* Binds the summary's STORE_CASE_NWCOLS values from parameter first on. */
static void bind_summary(struct db_stmt *q, int first, const struct cand_summary *s)
{
	int64_t v[STORE_CASE_NWCOLS];
	store__case_values(s, v);
	db_bind_int(q, first, v[0]);
	db_bind_int(q, first + 1, v[1]);
	for (int i = 2; i < CASE_NCOLS - 1; i++)
		db_bind_date(q, first + i, (date_t)v[i]);
	db_bind_int(q, first + CASE_NCOLS - 1, v[CASE_NCOLS - 1]);
	for (int i = CASE_NCOLS; i < STORE_CASE_NWCOLS; i++)
		db_bind_date(q, first + i, (date_t)v[i]);
}

/* Reads the summary from columns first .. first + CASE_NCOLS - 1. */
static void read_summary(struct db_stmt *q, int first, struct cand_summary *s)
{
	static const enum cand_stage stages[] = {STAGE_SOURCE, STAGE_HELPER, STAGE_COURSE,
		STAGE_DOSSIER, STAGE_CELL, STAGE_COMMITTEE, STAGE_DECISION, STAGE_CEREMONY,
		STAGE_RECOGNITION};
	int k = first;
	memset(s, 0, sizeof(*s));
	for (int i = 0; i < STAGE__MAX; i++)
		s->entered[i] = DATE_NONE;
	s->stage = (enum cand_stage)db_col_int(q, k++);
	s->outcome = (enum cand_outcome)db_col_int(q, k++);
	s->closed = db_col_date(q, k++);
	for (size_t i = 0; i < sizeof(stages) / sizeof(stages[0]); i++)
		s->entered[stages[i]] = db_col_date(q, k++);
	s->entered[STAGE_PROBATION] = s->entered[STAGE_CEREMONY];
	s->cert = db_col_date(q, k++);
	s->redo = db_col_date(q, k++);
	s->received = db_col_date(q, k++);
	s->recog_committee = db_col_date(q, k++);
	s->exc[0] = DATE_NONE;
	for (int e = 1; e < EXC__MAX; e++)
		s->exc[e] = db_col_date(q, k++);
	int64_t src = db_col_int(q, k++);
	s->source = src > SRC_CELL && src < SRC__MAX ? (enum cand_source)src : SRC_CELL;
}

enum ptdv_err store_candidate_insert(struct store *st, struct store_candidate *c)
{
	if (st->rows)
		return store__bulk_candidate(st, c);
	struct db_stmt *q = STMT(st,
		"INSERT INTO candidate(person_id, org_id, member_id, " STORE_CASE_WCOLS
		") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
		"?, ?, ?, ?, ?) @returning");
	if (!q)
		return PTDV_DB;
	db_bind_int(q, 1, c->person_id);
	db_bind_int(q, 2, c->org_id);
	db_bind_opt_id(q, 3, c->member_id);
	bind_summary(q, 4, &c->sum);
	return db_insert(q, &c->id);
}

enum ptdv_err store_candidate_update(struct store *st, const struct store_candidate *c)
{
	struct db_stmt *q = STMT(st,
		"UPDATE candidate SET member_id = ?, stage = ?, outcome = ?, closed_on = ?, "
		"source_on = ?, helper_on = ?, course_on = ?, dossier_on = ?, cell_on = ?, "
		"committee_on = ?, decision_on = ?, ceremony_on = ?, recognition_on = ?, "
		"cert_on = ?, redo_on = ?, received_on = ?, recog_committee_on = ?, "
		"over60_on = ?, education_on = ?, late_ceremony_on = ?, decision_ext_on = ?, "
		"recognition_ext_on = ?, source = ?, due_on = ?, latest_on = ? WHERE id = ?");
	if (!q)
		return PTDV_DB;
	db_bind_opt_id(q, 1, c->member_id);
	bind_summary(q, 2, &c->sum);
	db_bind_int(q, 2 + STORE_CASE_NWCOLS, c->id);
	return db_run(q);
}

/* Reads the columns "id, person_id, org_id, member_id, " CASE_COLS of q into out. */
static void read_candidate(struct db_stmt *q, struct store_candidate *out)
{
	out->id = db_col_int(q, 0);
	out->person_id = db_col_int(q, 1);
	out->org_id = db_col_int(q, 2);
	out->member_id = db_col_null(q, 3) ? 0 : db_col_int(q, 3);
	read_summary(q, 4, &out->sum);
}

enum ptdv_err store_candidate_get(struct store *st, int64_t id, struct store_candidate *out)
{
	struct db_stmt *q = STMT(st, "SELECT id, person_id, org_id, member_id, " CASE_COLS
				     " FROM candidate WHERE id = ?");
	bool row;
	if (!q)
		return PTDV_DB;
	db_bind_int(q, 1, id);
	enum ptdv_err err = db_step(q, &row);
	if (!err && !row)
		err = PTDV_NOTFOUND;
	if (!err)
		read_candidate(q, out);
	db_done(q);
	return err;
}

enum ptdv_err store_candidate_get_in(struct store *st, int64_t id, struct store_candidate *out,
	struct org *org, enum org_kind *parent_kind, struct person *person, int64_t *holiday_rev)
{
	/* The calendar's revision rides along: on PostgreSQL a statement of its own would be
	 * a round trip of the candidate's page's three. */
	struct db_stmt *q = STMT(st,
		"SELECT c.id, c.person_id, c.org_id, c.member_id, " CASE_COLS ", " STORE_ORG_COLS
		", p.kind, (SELECT n FROM holiday_rev), " STORE_PERSON_COLS(
			"ps.") " FROM candidate c JOIN org o ON o.id = c.org_id "
			       "LEFT JOIN org p ON p.id = o.parent_id "
			       "JOIN person ps ON ps.id = c.person_id WHERE c.id = ?");
	if (!q)
		return PTDV_DB;
	db_bind_int(q, 1, id);
	enum ptdv_err err = db_step_one(q);
	if (!err) {
		read_candidate(q, out);
		store__col_org(q, 4 + CASE_NCOLS, org);
		int k = 4 + CASE_NCOLS + STORE_ORG_NCOLS;
		*parent_kind = db_col_null(q, k) ? 0 : (enum org_kind)db_col_int(q, k);
		*holiday_rev = store__rev_of(st, db_col_int(q, k + 1));
		store__col_person_dup(q, k + 2, person);
	}
	db_done(q);
	return err;
}

enum ptdv_err store_candidate_open_of(struct store *st, int64_t person_id, int64_t *id)
{
	struct db_stmt *q = STMT(st, "SELECT id FROM candidate WHERE person_id = ? AND "
				     "outcome = 0 ORDER BY id DESC LIMIT 1");
	if (!q)
		return PTDV_DB;
	db_bind_int(q, 1, person_id);
	return store__one_int(q, id);
}

enum ptdv_err store_candidate_of_member(struct store *st, int64_t member_id, int64_t *id)
{
	enum ptdv_err err = store__bulk_sync(st);
	if (err)
		return err;
	struct db_stmt *q =
		STMT(st, "SELECT id FROM candidate WHERE member_id = ? ORDER BY id DESC LIMIT 1");
	if (!q)
		return PTDV_DB;
	db_bind_int(q, 1, member_id);
	return store__one_int(q, id);
}

enum ptdv_err store_candidate_by_citizen_id(struct store *st, const char *cid, int64_t *id)
{
	struct db_stmt *q = STMT(st, "SELECT c.id FROM person p JOIN candidate c ON "
				     "c.person_id = p.id WHERE p.citizen_id = ? "
				     "ORDER BY c.id DESC LIMIT 1");
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

/* --- events --- */

static char *event_data(const struct cand_event *e)
{
	json_t *o = json_object();
	if (e->number && *e->number)
		json_object_set_new(o, "number", json_string(e->number));
	if (e->text && *e->text)
		json_object_set_new(o, "text", json_string(e->text));
	if (e->ref_label && *e->ref_label)
		json_object_set_new(o, "ref_label", json_string(e->ref_label));
	if (e->votes[0] || e->votes[1] || e->votes[2])
		json_object_set_new(
			o, "votes", json_pack("[i, i, i]", e->votes[0], e->votes[1], e->votes[2]));
	char *s = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(o);
	return s;
}

static char *json_str(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	return s && *s ? xstrdup(s) : NULL;
}

static void event_read_data(struct cand_event *e, const char *text)
{
	json_t *o = json_loads(text, 0, NULL);
	if (!o)
		return;
	e->number = json_str(o, "number");
	e->text = json_str(o, "text");
	e->ref_label = json_str(o, "ref_label");
	json_t *v = json_object_get(o, "votes");
	for (size_t i = 0; i < 3 && json_is_array(v) && i < json_array_size(v); i++)
		e->votes[i] = (int)json_integer_value(json_array_get(v, i));
	json_decref(o);
}

enum ptdv_err store_cand_event_insert(struct store *st, struct cand_event *e)
{
	struct db_stmt *q =
		STMT(st, "INSERT INTO candidate_event(candidate_id, kind, sub, effective, date2, "
			 "ref_id, supersedes, recorded_by, recorded_at, data) "
			 "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) @returning");
	if (!q)
		return PTDV_DB;
	char *data = event_data(e);
	db_bind_int(q, 1, e->candidate_id);
	db_bind_int(q, 2, e->kind);
	db_bind_int(q, 3, e->sub);
	db_bind_date(q, 4, e->date);
	db_bind_date(q, 5, e->date2);
	db_bind_opt_id(q, 6, e->ref);
	db_bind_opt_id(q, 7, e->supersedes);
	db_bind_text(q, 8, e->recorded_by ? e->recorded_by : "", -1);
	db_bind_int(q, 9, e->recorded_at);
	db_bind_text(q, 10, data, -1);
	enum ptdv_err err = db_insert(q, &e->id);
	free(data);
	return err;
}

/* Multi-row INSERTs of 1..EV_BATCH events, built once and kept for the process's life. */
#define EV_BATCH 16
#define EV_NCOLS 10
static const char *batch_sql[EV_BATCH + 1];
static pthread_once_t batch_once = PTHREAD_ONCE_INIT;

static void batch_build(void)
{
	for (int n = 1; n <= EV_BATCH; n++) {
		struct buf b = BUF_INIT;
		buf_adds(&b,
			"INSERT INTO candidate_event(candidate_id, kind, sub, effective, date2, "
			"ref_id, supersedes, recorded_by, recorded_at, data) VALUES ");
		for (int i = 0; i < n; i++)
			buf_adds(&b, i ? ", (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
				       : "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
		batch_sql[n] = buf_detach(&b);
	}
}

enum ptdv_err store_cand_events_insert(struct store *st, const struct cand_event *ev, size_t n)
{
	enum ptdv_err err = PTDV_OK;
	char *data[EV_BATCH];
	if (st->rows) {
		for (size_t i = 0; i < n; i++) {
			data[0] = event_data(&ev[i]);
			store__bulk_event(st, &ev[i], data[0]);
			free(data[0]);
		}
		return PTDV_OK;
	}
	pthread_once(&batch_once, batch_build);
	for (size_t i = 0; i < n && !err; i += EV_BATCH) {
		size_t k = n - i < EV_BATCH ? n - i : EV_BATCH;
		struct db_stmt *q = STMT(st, batch_sql[k]);
		if (!q)
			return PTDV_DB;
		for (size_t j = 0; j < k; j++) {
			const struct cand_event *e = &ev[i + j];
			int p = (int)j * EV_NCOLS;
			data[j] = event_data(e);
			db_bind_int(q, p + 1, e->candidate_id);
			db_bind_int(q, p + 2, e->kind);
			db_bind_int(q, p + 3, e->sub);
			db_bind_date(q, p + 4, e->date);
			db_bind_date(q, p + 5, e->date2);
			db_bind_opt_id(q, p + 6, e->ref);
			db_bind_opt_id(q, p + 7, e->supersedes);
			db_bind_text(q, p + 8, e->recorded_by ? e->recorded_by : "", -1);
			db_bind_int(q, p + 9, e->recorded_at);
			db_bind_text(q, p + 10, data[j], -1);
		}
		err = db_run(q);
		for (size_t j = 0; j < k; j++)
			free(data[j]);
	}
	return err;
}

enum ptdv_err store_member_recognition_from_cases(struct store *st)
{
	struct db_stmt *q = STMT(st,
		"UPDATE member SET recognized_on = (SELECT max(c.closed_on) FROM candidate c "
		"WHERE c.member_id = member.id AND c.outcome = 1) "
		"WHERE id IN (SELECT member_id FROM candidate WHERE outcome = 1)");
	if (!q)
		return PTDV_DB;
	return db_run(q);
}

enum ptdv_err store_cand_events(struct store *st, int64_t id, struct cand_event **out, size_t *n)
{
	struct db_stmt *q = STMT(st,
		"SELECT e.id, e.kind, e.sub, e.effective, e.date2, e.ref_id, e.supersedes, "
		"e.recorded_by, e.recorded_at, e.data, "
		"CASE WHEN EXISTS (SELECT 1 FROM candidate_event x WHERE x.supersedes = e.id) "
		"THEN 1 ELSE 0 END FROM candidate_event e WHERE e.candidate_id = ? "
		"ORDER BY e.effective, e.id");
	struct cand_event *v = NULL;
	size_t len = 0, alloc = 0;
	enum ptdv_err err;
	bool row;
	if (!q)
		return PTDV_DB;
	db_bind_int(q, 1, id);
	while ((err = db_step(q, &row)) == PTDV_OK && row) {
		if (len == alloc) {
			alloc = alloc ? 2 * alloc : 16;
			v = xrealloc(v, alloc * sizeof(*v));
		}
		struct cand_event *e = &v[len++];
		memset(e, 0, sizeof(*e));
		e->id = db_col_int(q, 0);
		e->candidate_id = id;
		e->kind = (enum cand_ev)db_col_int(q, 1);
		e->sub = (int)db_col_int(q, 2);
		e->date = db_col_date(q, 3);
		e->date2 = db_col_date(q, 4);
		e->ref = db_col_null(q, 5) ? 0 : db_col_int(q, 5);
		e->supersedes = db_col_null(q, 6) ? 0 : db_col_int(q, 6);
		e->recorded_by = xstrdup(db_col_text(q, 7));
		e->recorded_at = db_col_int(q, 8);
		event_read_data(e, db_col_text(q, 9));
		e->superseded = db_col_int(q, 10) != 0;
	}
	db_done(q);
	if (err) {
		store_cand_events_free(v, len);
		return err;
	}
	core_candidate_sort(v, len);
	*out = v;
	*n = len;
	return PTDV_OK;
}

void store_cand_events_free(struct cand_event *ev, size_t n)
{
	for (size_t i = 0; i < n; i++)
		core_cand_event_clear(&ev[i]);
	free(ev);
}

/* Calls fn for every row of q (columns as store_case_each's); ends q. */
static enum ptdv_err case_rows(struct db_stmt *q, store_case_fn fn, void *arg)
{
	enum ptdv_err err;
	bool row;
	while ((err = db_step(q, &row)) == PTDV_OK && row) {
		struct cand_summary sum;
		read_summary(q, 4, &sum);
		struct store_case_row r = {
			.id = db_col_int(q, 0),
			.name = db_col_text(q, 1),
			.org_code = db_col_text(q, 2),
			.org_kind = (enum org_kind)db_col_int(q, 3),
			.sum = &sum,
			.source = sum.source,
		};
		err = fn(arg, &r);
		if (err)
			break;
	}
	db_done(q);
	return err;
}

enum ptdv_err store_case_each(struct store *st, const char *path, date_t as_of, bool open_only,
	store_case_fn fn, void *arg)
{
	char hi[512];
	struct db_stmt *q = STMT(st, "SELECT c.id, p.full_name, o.code, o.kind, " CASE_COLS
				     " FROM org o JOIN candidate c ON c.org_id = o.id "
				     "JOIN person p ON p.id = c.person_id "
				     "WHERE o.path >= ?1 AND o.path < ?2 AND c.source_on <= ?3 "
				     "AND (?4 = 0 OR c.closed_on IS NULL OR c.closed_on > ?3)");
	if (!q)
		return PTDV_DB;
	if (!path)
		path = "/";
	store__path_hi(path, hi, sizeof(hi));
	db_bind_text(q, 1, path, -1);
	db_bind_text(q, 2, hi, -1);
	db_bind_date(q, 3, as_of);
	db_bind_int(q, 4, open_only ? 1 : 0);
	return case_rows(q, fn, arg);
}

enum ptdv_err store_case_each_due(struct store *st, const char *path, date_t as_of, date_t due_by,
	int source, store_case_fn fn, void *arg)
{
	char hi[512];
	/* Two branches, each with simple conditions on the columns of candidate_org, so that
	 * both engines filter on the index and fetch only the rows that pass; the second
	 * leaves out what the first gave. */
	struct db_stmt *q = STMT(st,
		"SELECT c.id, p.full_name, o.code, o.kind, " CASE_COLS
		" FROM org o JOIN candidate c ON c.org_id = o.id "
		"JOIN person p ON p.id = c.person_id "
		"WHERE o.path >= ?1 AND o.path < ?2 AND c.due_on <= ?4 AND c.source_on <= ?3 "
		"AND (c.closed_on IS NULL OR c.closed_on > ?3) AND (?5 = 0 OR c.source = ?5) "
		"UNION ALL "
		"SELECT c.id, p.full_name, o.code, o.kind, " CASE_COLS
		" FROM org o JOIN candidate c ON c.org_id = o.id "
		"JOIN person p ON p.id = c.person_id "
		"WHERE o.path >= ?1 AND o.path < ?2 AND c.latest_on > ?3 AND c.source_on <= ?3 "
		"AND (c.closed_on IS NULL OR c.closed_on > ?3) AND (?5 = 0 OR c.source = ?5) "
		"AND (c.due_on IS NULL OR c.due_on > ?4)");
	if (!q)
		return PTDV_DB;
	if (!path)
		path = "/";
	store__path_hi(path, hi, sizeof(hi));
	db_bind_text(q, 1, path, -1);
	db_bind_text(q, 2, hi, -1);
	db_bind_date(q, 3, as_of);
	db_bind_date(q, 4, due_by);
	db_bind_int(q, 5, source);
	return case_rows(q, fn, arg);
}

enum ptdv_err store_case_count_open(
	struct store *st, const char *path, date_t as_of, int source, int64_t *n)
{
	char hi[512];
	struct db_stmt *q =
		STMT(st, "SELECT count(*) FROM org o JOIN candidate c ON c.org_id = o.id "
			 "WHERE o.path >= ?1 AND o.path < ?2 AND c.source_on <= ?3 "
			 "AND (c.closed_on IS NULL OR c.closed_on > ?3) "
			 "AND (?4 = 0 OR c.source = ?4)");
	if (!q)
		return PTDV_DB;
	if (!path)
		path = "/";
	store__path_hi(path, hi, sizeof(hi));
	db_bind_text(q, 1, path, -1);
	db_bind_text(q, 2, hi, -1);
	db_bind_date(q, 3, as_of);
	db_bind_int(q, 4, source);
	return store__one_int(q, n);
}

enum ptdv_err store__case_due_fill(struct store *st)
{
	/* (The summary columns as of migration 016; a later migration that adds one to
	 * STORE_CASE_COLS keeps this statement's list.) */
	enum ptdv_err err = PTDV_OK;
	int64_t after = 0;
	struct {
		int64_t id;
		date_t due, latest;
	} *v = xmalloc(4096 * sizeof(*v));
	for (;;) {
		struct db_stmt *rd =
			STMT(st, "SELECT id, 0, 0, 0, " CASE_COLS
				 " FROM candidate WHERE id > ? ORDER BY id LIMIT 4096");
		size_t n = 0;
		bool row;
		if (!rd) {
			err = PTDV_DB;
			break;
		}
		db_bind_int(rd, 1, after);
		while ((err = db_step(rd, &row)) == PTDV_OK && row) {
			struct cand_summary sum;
			read_summary(rd, 4, &sum);
			v[n].id = db_col_int(rd, 0);
			v[n].due = core_candidate_due_floor(&sum);
			v[n].latest = core_candidate_summary_last(&sum);
			n++;
		}
		db_done(rd);
		for (size_t i = 0; i < n && !err; i++) {
			struct db_stmt *up = STMT(
				st, "UPDATE candidate SET due_on = ?, latest_on = ? WHERE id = ?");
			if (!up) {
				err = PTDV_DB;
				break;
			}
			db_bind_date(up, 1, v[i].due);
			db_bind_date(up, 2, v[i].latest);
			db_bind_int(up, 3, v[i].id);
			err = db_run(up);
		}
		if (err || n == 0)
			break;
		after = v[n - 1].id;
	}
	free(v);
	return err;
}

enum ptdv_err store_case_each_export(
	struct store *st, const char *path, store_case_export_fn fn, void *arg)
{
	char hi[512];
	struct db_stmt *q = STMT(st,
		"SELECT c.id, o.code, o.kind, p.id, p.full_name, p.gender, p.birth_date, "
		"p.citizen_id, p.ethnicity, p.religion, p.education, p.occupation, p.youth_union, " CASE_COLS
		", (SELECT e.data FROM candidate_event e WHERE e.candidate_id = c.id "
		"AND e.kind IN (?, ?) "
		"AND NOT EXISTS (SELECT 1 FROM candidate_event x WHERE x.supersedes = e.id) "
		"ORDER BY e.effective DESC, e.id DESC LIMIT 1)"
		" FROM org o JOIN candidate c ON c.org_id = o.id "
		"JOIN person p ON p.id = c.person_id "
		"WHERE o.path >= ? AND o.path < ? "
		"ORDER BY o.code, c.source_on, p.sort_key, c.id");
	enum ptdv_err err;
	bool row;
	if (!q)
		return PTDV_DB;
	if (!path)
		path = "/";
	store__path_hi(path, hi, sizeof(hi));
	db_bind_int(q, 1, EV_STRIKE_OFF);
	db_bind_int(q, 2, EV_LEAVE);
	db_bind_text(q, 3, path, -1);
	db_bind_text(q, 4, hi, -1);
	while ((err = db_step(q, &row)) == PTDV_OK && row) {
		struct cand_summary sum;
		struct cand_event close = {0};
		read_summary(q, 13, &sum);
		if (!db_col_null(q, 13 + CASE_NCOLS))
			event_read_data(&close, db_col_text(q, 13 + CASE_NCOLS));
		struct person p = store__col_person(q, 3);
		struct store_case_export r = {
			.id = db_col_int(q, 0),
			.person = &p,
			.org_code = db_col_text(q, 1),
			.org_kind = (enum org_kind)db_col_int(q, 2),
			.source = sum.source,
			.sum = &sum,
			.close_text = close.text,
		};
		err = fn(arg, &r);
		core_cand_event_clear(&close);
		if (err)
			break;
	}
	db_done(q);
	return err;
}

/* --- people and members --- */

void store_member_fact_clear(struct store_member_fact *f)
{
	if (!f)
		return;
	free(f->name);
	free(f->card);
	free(f->exit_reason);
	memset(f, 0, sizeof(*f));
}

enum ptdv_err store_member_find(struct store *st, const char *key, int64_t *id)
{
	struct db_stmt *q = STMT(st, "SELECT id FROM member WHERE card_no = ?");
	bool row;
	if (!q)
		return PTDV_DB;
	db_bind_text(q, 1, key, -1);
	enum ptdv_err err = db_step(q, &row);
	if (!err && row)
		*id = db_col_int(q, 0);
	db_done(q);
	if (err || row)
		return err;
	q = STMT(st, "SELECT m.id FROM person p JOIN member m ON m.person_id = p.id "
		     "WHERE p.citizen_id = ? ORDER BY m.ceremony_date DESC, m.id DESC LIMIT 1");
	if (!q)
		return PTDV_DB;
	db_bind_text(q, 1, key, -1);
	err = db_step(q, &row);
	if (!err && !row)
		err = PTDV_NOTFOUND;
	if (!err)
		*id = db_col_int(q, 0);
	db_done(q);
	return err;
}

enum ptdv_err store_member_of_person(struct store *st, int64_t person_id, int64_t *id)
{
	struct db_stmt *q = STMT(st, "SELECT id FROM member WHERE person_id = ? "
				     "ORDER BY ceremony_date DESC, id DESC LIMIT 1");
	if (!q)
		return PTDV_DB;
	db_bind_int(q, 1, person_id);
	return store__one_int(q, id);
}

enum ptdv_err store_member_fact_get(
	struct store *st, int64_t id, date_t day, struct store_member_fact *out)
{
	enum ptdv_err err = store__bulk_sync(st);
	if (err)
		return err;
	struct db_stmt *q = STMT(st,
		"SELECT m.person_id, p.full_name, m.card_no, m.ceremony_date, m.official_date, "
		"m.recognized_on, m.exit_date, m.exit_reason, pl.org_id, pl.start_date "
		"FROM member m JOIN person p ON p.id = m.person_id "
		"LEFT JOIN placement pl ON pl.member_id = m.id AND pl.start_date <= ?2 "
		"AND (pl.end_date IS NULL OR pl.end_date > ?2) WHERE m.id = ?1 "
		"ORDER BY pl.start_date DESC LIMIT 1");
	bool row;
	if (!q)
		return PTDV_DB;
	db_bind_int(q, 1, id);
	db_bind_date(q, 2, day);
	err = db_step(q, &row);
	if (!err && !row)
		err = PTDV_NOTFOUND;
	if (!err) {
		out->id = id;
		out->person_id = db_col_int(q, 0);
		out->name = xstrdup(db_col_text(q, 1));
		out->card = db_col_strdup(q, 2);
		out->ceremony = db_col_date(q, 3);
		out->official = db_col_date(q, 4);
		out->recognized = db_col_date(q, 5);
		out->exit = db_col_date(q, 6);
		out->exit_reason = db_col_strdup(q, 7);
		out->org_id = db_col_null(q, 8) ? 0 : db_col_int(q, 8);
		out->placed_since = db_col_date(q, 9);
	}
	db_done(q);
	return err;
}

enum ptdv_err store_count_official_in(struct store *st, int64_t org_id, date_t day, int64_t *n)
{
	struct db_stmt *q = STMT(st,
		"SELECT count(*) FROM placement pl JOIN member m ON m.id = pl.member_id "
		"WHERE pl.org_id = ?1 AND pl.start_date <= ?2 AND (pl.end_date IS NULL OR "
		"pl.end_date > ?2) AND m.ceremony_date <= ?2 AND (m.exit_date IS NULL OR "
		"m.exit_date > ?2) AND m.official_date <= ?2 AND (m.recognized_on IS NULL OR "
		"m.recognized_on <= ?2)");
	bool row;
	if (!q)
		return PTDV_DB;
	db_bind_int(q, 1, org_id);
	db_bind_date(q, 2, day);
	enum ptdv_err err = db_step(q, &row);
	*n = !err && row ? db_col_int(q, 0) : 0;
	db_done(q);
	return err;
}

enum ptdv_err store_member_set_dates(struct store *st, const struct member *m, date_t recognized)
{
	struct db_stmt *q = STMT(st,
		"UPDATE member SET admitted_on = ?, decision_date = ?, ceremony_date = ?, "
		"official_date = ?, recognized_on = ?, exit_date = ?, exit_reason = ? WHERE id = ?");
	if (!q)
		return PTDV_DB;
	db_bind_date(q, 1, core_member_admission_date(m));
	db_bind_date(q, 2, m->decision_date);
	db_bind_date(q, 3, m->ceremony_date);
	db_bind_date(q, 4, m->official_date);
	db_bind_date(q, 5, recognized);
	db_bind_date(q, 6, m->exit_date);
	db_bind_opt_text(q, 7, m->exit_reason);
	db_bind_int(q, 8, m->id);
	enum ptdv_err err = db_run(q);
	if (err)
		return err;
	q = STMT(st, "UPDATE placement SET start_date = ?1 WHERE member_id = ?2 AND start_date = "
		     "(SELECT min(p2.start_date) FROM placement p2 WHERE p2.member_id = ?2)");
	if (!q)
		return PTDV_DB;
	db_bind_date(q, 1, m->ceremony_date);
	db_bind_int(q, 2, m->id);
	err = db_run(q);
	if (!err)
		err = store__member_stay(st, m->id);
	return err;
}

enum ptdv_err store_member_set_recognized(struct store *st, int64_t id, date_t recognized)
{
	if (st->rows && store__bulk_recognized(st, id, recognized))
		return PTDV_OK;
	struct db_stmt *q = STMT(st, "UPDATE member SET recognized_on = ? WHERE id = ?");
	if (!q)
		return PTDV_DB;
	db_bind_date(q, 1, recognized);
	db_bind_int(q, 2, id);
	return db_run(q);
}
