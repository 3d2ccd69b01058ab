/*
 * app_import.c — importing interchange CSV files, all or nothing.
 *
 * One driver reads the file, matches the header to the entity's column table (ignoring
 * case, accents and blanks), normalises every cell (UTF-8 check, NFC, trimmed) and hands
 * each row to the entity's handler. Handlers validate with core/ and, while the file is
 * still clean, write through store/ inside the one transaction; after the first problem
 * they only validate, so every problem of the file is reported. Any problem rolls the
 * transaction back: a rejected file writes nothing.
 */
#include <assert.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include <jansson.h>

#include "app/app.h"
#include "core/user.h"
#include "app/app_impl.h"
#include "app/interchange.h"
#include "core/candidate.h"
#include "core/member.h"
#include "core/org.h"
#include "core/person.h"
#include "core/rules.h"
#include "store/store.h"
#include "store/store_pipeline.h"
#include "store/store_search.h"
#include "store/store_seen.h"
#include "util/csv.h"
#include "util/xlsx.h"
#include "util/progress.h"
#include "util/strmap.h"
#include "util/u64map.h"
#include "util/vn.h"
#include "util/xalloc.h"

#define MAX_COLS 32

struct row {
	long line;
	const char *cell[MAX_COLS]; /* normalised text, "" when absent */
	size_t len[MAX_COLS];
};

struct run;

struct entity {
	const char *what;   /* for progress and audit */
	const char *action; /* audit action */
	const struct xcol *cols;
	int ncols;
	void (*row)(struct run *run, const struct row *r);
	void (*finish)(struct run *run);
};

/* The kinds of values in the seen set of a run. */
enum seen_kind { SEEN_CID, SEEN_CARD, SEEN_NAME, SEEN_TARGET, SEEN__MAX };

/* An org known to the import: from the database or from the file. */
struct known_org {
	struct org o;
	long line; /* 0 = from the database */
	char *parent_code;
	bool inserted;
};

struct run {
	struct app *app;
	struct msgs *errs;
	const struct app_import_options *opt;
	bool writing;        /* no problem yet: rows are written */
	enum ptdv_err dberr; /* a database failure stops the run */
	int64_t added, changed, unchanged, warned;
	/* orgs of the database and of the file, by code → index in orgs; database ids too */
	struct strmap org_index;
	struct u64map org_by_id;
	struct known_org *orgs;
	size_t norgs, aorgs;
	/*
	 * Values the file must not repeat (citizen IDs, card numbers, targets' org and year)
	 * or should not (folded name and birth date: a warning), with their lines; repeats
	 * are found at the end (seen_repeats). On disk: memory does not follow the file.
	 */
	struct store_seen *seen;
	const char *seen_col[SEEN__MAX]; /* the column each kind of value came from */
	int64_t max_pid;       /* people of the database before the file; those above are its own */
	bool had_people;       /* the database held people before: look values up there too */
	int64_t seen_rejected; /* rows rejected only for a repeat */
	long seen_last;
	long line; /* line of the row being handled, for messages */
	struct buf scratch;
};

/* Adds a warning (a possible duplicate) about the current row; the file is still imported. */
static void warn(struct run *run, const char *col, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void warn(struct run *run, const char *col, const char *fmt, ...)
{
	run->warned++;
	if (!run->opt || !run->opt->warnings)
		return;
	struct buf b = BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	msgs_add(run->opt->warnings, run->line, col, "%s", b.s);
	buf_free(&b);
}

/* Adds a problem about column col of the current row, stopping further writes. */
static void bad(struct run *run, int col, const struct xcol *cols, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void bad(struct run *run, int col, const struct xcol *cols, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	msgs_add(run->errs, run->line, col >= 0 ? cols[col].name : NULL, "%s", b.s);
	buf_free(&b);
	run->writing = false;
}

static void db_failed(struct run *run, enum ptdv_err err)
{
	if (run->dberr)
		return;
	run->dberr = err;
	app__db_error(run->app, run->errs);
	run->writing = false;
}

/* A failure of the seen set (its temporary file): the run stops, nothing is written. */
static void seen_failed(struct run *run, enum ptdv_err err)
{
	if (run->dberr)
		return;
	run->dberr = err;
	msgs_add(run->errs, 0, NULL, "lỗi tệp tạm dùng để kiểm tra giá trị trùng: %s",
		store_seen_errmsg(run->seen));
	run->writing = false;
}

/* Records that the current row has value key of column col (see struct run's seen). */
static void seen(
	struct run *run, enum seen_kind kind, const char *col, const char *key, const char *note)
{
	run->seen_col[kind] = col;
	enum ptdv_err err = store_seen_add(run->seen, kind, key, strlen(key), run->line, note);
	if (err)
		seen_failed(run, err);
}

/*
 * A lookup by a unique value found person *id. One that an earlier row of the file wrote
 * makes this row a repeat (reported by the seen set at the end): it is not written again.
 */
static void own_repeat(struct run *run, int64_t *id)
{
	if (*id > run->max_pid) {
		*id = 0;
		run->writing = false;
	}
}

/* Reports a repeat found by the seen set (store_seen_fn). */
static void seen_repeat(void *arg, int kind, const char *key, long first, long line,
	const char *note, bool rejected)
{
	struct run *run = arg;
	const char *col = run->seen_col[kind];
	char a[DATE_STRLEN];
	const char *bar = strchr(key, '|');
	run->line = line;
	switch ((enum seen_kind)kind) {
	case SEEN_CID:
		msgs_add(run->errs, line, col, "số CCCD '%s' trùng với dòng %ld", key, first);
		break;
	case SEEN_CARD:
		msgs_add(run->errs, line, col, "số thẻ '%s' trùng với dòng %ld", key, first);
		break;
	case SEEN_TARGET:
		msgs_add(run->errs, line, col, "chỉ tiêu năm %.*s của '%s' trùng với dòng %ld",
			(int)(bar - key), key, bar + 1, first);
		break;
	case SEEN_NAME:
		warn(run, col,
			"có thể trùng người với dòng %ld: cùng họ tên '%s' và ngày sinh %s nhưng số "
			"CCCD khác hoặc thiếu; hai dòng được nhập thành hai người, không gộp — hãy "
			"kiểm tra (chỉ cảnh báo)",
			first, note, date_format((date_t)atoi(strrchr(key, '|') + 1), a));
		run->line = 0;
		return; /* a warning: the row is not rejected */
	case SEEN__MAX:
		break;
	}
	run->writing = false;
	if (!rejected && line != run->seen_last) {
		run->seen_rejected++;
		run->seen_last = line;
	}
	run->line = 0;
}

/* Parses an optional date cell; DATE_NONE when empty. */
static date_t cell_date(struct run *run, const struct row *r, int col, const struct xcol *cols)
{
	date_t d = DATE_NONE;
	if (r->len[col] == 0)
		return DATE_NONE;
	if (date_parse(r->cell[col], r->len[col], &d) != PTDV_OK) {
		bad(run, col, cols, "'%s' không phải ngày hợp lệ (dd/mm/yyyy hoặc yyyy-mm-dd)",
			r->cell[col]);
		return DATE_NONE;
	}
	return d;
}

static bool cell_required(struct run *run, const struct row *r, int col, const struct xcol *cols)
{
	if (r->len[col] > 0)
		return true;
	bad(run, col, cols, "không được để trống");
	return false;
}

/* --- orgs --- */

static struct known_org *add_known(struct run *run)
{
	if (run->norgs == run->aorgs) {
		run->aorgs = run->aorgs ? 2 * run->aorgs : 256;
		run->orgs = xrealloc(run->orgs, run->aorgs * sizeof(*run->orgs));
	}
	struct known_org *k = &run->orgs[run->norgs++];
	memset(k, 0, sizeof(*k));
	return k;
}

static enum ptdv_err load_org(void *arg, const struct org *o, const char *parent_code)
{
	struct run *run = arg;
	struct known_org *k = add_known(run);
	k->o = *o;
	k->o.code = xstrdup(o->code);
	k->o.name = xstrdup(o->name);
	k->o.path = xstrdup(o->path);
	k->parent_code = parent_code ? xstrdup(parent_code) : NULL;
	k->inserted = true;
	strmap_put(&run->org_index, o->code, (int64_t)(run->norgs - 1));
	u64map_add(&run->org_by_id, (uint64_t)o->id, (uint32_t)(run->norgs - 1), NULL);
	return PTDV_OK;
}

/* The org of the database with this id (it was loaded at the start). */
static struct known_org *org_by_id(struct run *run, int64_t id)
{
	uint32_t i;
	if (!u64map_get(&run->org_by_id, (uint64_t)id, &i))
		abort(); /* every org of the database was loaded in the transaction */
	return &run->orgs[i];
}

static struct known_org *find_org(struct run *run, const char *code)
{
	int64_t i;
	if (!strmap_get(&run->org_index, code, &i))
		return NULL;
	return &run->orgs[i];
}

static void org_row(struct run *run, const struct row *r)
{
	const struct xcol *C = interchange_org_cols;
	struct org o = {.founded = DATE_NONE, .dissolved = DATE_NONE};
	bool ok = true;
	size_t before = msgs_count(run->errs);

	ok &= cell_required(run, r, OC_CODE, C);
	ok &= cell_required(run, r, OC_NAME, C);
	if (cell_required(run, r, OC_KIND, C) &&
		core_org_kind_parse(r->cell[OC_KIND], r->len[OC_KIND], &o.kind) != PTDV_OK) {
		bad(run, OC_KIND, C,
			"loại '%s' không hợp lệ; chọn một trong: Đảng bộ cấp trên | Đảng bộ cơ sở | "
			"Chi bộ cơ sở | Đảng bộ bộ phận | Chi bộ trực thuộc",
			r->cell[OC_KIND]);
	}
	o.founded = cell_date(run, r, OC_FOUNDED, C);
	o.dissolved = cell_date(run, r, OC_DISSOLVED, C);
	if (!ok)
		return;
	o.code = (char *)r->cell[OC_CODE];
	o.name = (char *)r->cell[OC_NAME];
	core_org_check(&o, r->line, run->errs);
	if (msgs_count(run->errs) != before) {
		run->writing = false;
		return;
	}
	struct known_org *dup = find_org(run, o.code);
	if (dup) {
		if (dup->line)
			bad(run, OC_CODE, C, "mã '%s' trùng với dòng %ld", o.code, dup->line);
		else
			bad(run, OC_CODE, C, "mã '%s' đã có trong cơ sở dữ liệu (%s)", o.code,
				dup->o.name);
		return;
	}
	struct known_org *k = add_known(run);
	k->o = o;
	k->o.code = xstrdup(o.code);
	k->o.name = xstrdup(o.name);
	k->line = r->line;
	k->parent_code = r->len[OC_PARENT] ? xstrdup(r->cell[OC_PARENT]) : NULL;
	strmap_put(&run->org_index, o.code, (int64_t)(run->norgs - 1));
}

/* Checks the parent of a file org; returns it (NULL for a root), or sets *ok false. */
static struct known_org *check_parent(struct run *run, struct known_org *k, bool *ok)
{
	const struct xcol *C = interchange_org_cols;
	char a[DATE_STRLEN], b[DATE_STRLEN];
	run->line = k->line;
	*ok = true;
	if (!k->parent_code) {
		if (k->o.kind != ORG_SUPERIOR) {
			bad(run, OC_PARENT, C, "%s '%s' phải có mã cấp trên",
				core_org_kind_name(k->o.kind), k->o.code);
			*ok = false;
		}
		return NULL;
	}
	struct known_org *p = find_org(run, k->parent_code);
	if (p && p->inserted &&
		strncmp(p->o.path, run->app->scope_path, strlen(run->app->scope_path)) != 0)
		p = NULL; /* a superior outside the actor's subtree is not found */
	if (!p) {
		bad(run, OC_PARENT, C, "không tìm thấy tổ chức cấp trên có mã '%s'",
			k->parent_code);
		*ok = false;
		return NULL;
	}
	if (p == k) {
		bad(run, OC_PARENT, C, "tổ chức '%s' không thể là cấp trên của chính nó",
			k->o.code);
		*ok = false;
		return NULL;
	}
	if (!core_org_parent_allowed(p->o.kind, k->o.kind)) {
		bad(run, OC_PARENT, C, "%s không thể trực thuộc %s '%s'",
			core_org_kind_name(k->o.kind), core_org_kind_name(p->o.kind), p->o.code);
		*ok = false;
	}
	if (k->o.founded != DATE_NONE && p->o.founded != DATE_NONE && k->o.founded < p->o.founded) {
		bad(run, OC_FOUNDED, C,
			"ngày thành lập %s trước ngày thành lập %s của cấp trên '%s'",
			date_format(k->o.founded, a), date_format(p->o.founded, b), p->o.code);
		*ok = false;
	}
	if (p->o.dissolved != DATE_NONE &&
		(k->o.dissolved == DATE_NONE || k->o.dissolved > p->o.dissolved)) {
		bad(run, OC_DISSOLVED, C, "cấp trên '%s' giải thể ngày %s nhưng tổ chức này %s",
			p->o.code, date_format(p->o.dissolved, a),
			k->o.dissolved == DATE_NONE ? "vẫn còn" : "giải thể muộn hơn");
		*ok = false;
	}
	return p;
}

static void org_finish(struct run *run)
{
	bool ok;
	/* Validate every parent; then find the orgs whose chain of parents reaches the database
	 * or a root (the rest form a cycle), inserting them parents first while writing. */
	for (size_t i = 0; i < run->norgs; i++) {
		if (!run->orgs[i].inserted)
			check_parent(run, &run->orgs[i], &ok);
	}
	bool *placed = xcalloc(run->norgs ? run->norgs : 1, sizeof(*placed));
	for (size_t i = 0; i < run->norgs; i++)
		placed[i] = run->orgs[i].inserted;
	bool progress = true;
	while (progress && !run->dberr) {
		progress = false;
		for (size_t i = 0; i < run->norgs && !run->dberr; i++) {
			struct known_org *k = &run->orgs[i];
			if (placed[i])
				continue;
			struct known_org *p = k->parent_code ? find_org(run, k->parent_code) : NULL;
			if (k->parent_code && !p)
				continue; /* already reported */
			if (p && !placed[p - run->orgs])
				continue;
			placed[i] = progress = true;
			run->added++;
			if (!run->writing)
				continue;
			k->o.parent_id = p ? p->o.id : 0;
			enum ptdv_err err = store_org_insert(run->app->st, &k->o);
			if (err) {
				db_failed(run, err);
				break;
			}
			k->inserted = true;
		}
	}
	for (size_t i = 0; i < run->norgs && !run->dberr; i++) {
		struct known_org *k = &run->orgs[i];
		if (placed[i] || !k->parent_code || !find_org(run, k->parent_code))
			continue;
		run->line = k->line;
		bad(run, OC_PARENT, interchange_org_cols,
			"cấp trên '%s' tạo thành vòng lặp (tổ chức là cấp trên của chính nó qua các "
			"cấp)",
			k->parent_code);
	}
	run->line = 0;
	free(placed);
}

/* --- members --- */

/* Where a file's person columns are. */
struct person_cols {
	int name, gender, birth, cid, ethnicity, religion, education, occupation, youth;
};

/*
 * Reads and checks the person of a row into p (texts point into the row): name and gender
 * required, dates, vocabularies, a citizen ID well formed and new in the file. When the
 * database holds people, *db_id is set to the person with the row's citizen ID (0 when
 * none): the entity decides whether that is an update or a problem.
 */
static void person_cells(struct run *run, const struct row *r, const struct xcol *C,
	const struct person_cols *k, struct person *p, int64_t *db_id)
{
	char a[DATE_STRLEN];
	*db_id = 0;
	if (cell_required(run, r, k->name, C))
		p->full_name = (char *)r->cell[k->name];
	if (cell_required(run, r, k->gender, C) &&
		core_gender_parse(r->cell[k->gender], r->len[k->gender], &p->gender) != PTDV_OK)
		bad(run, k->gender, C, "giới tính '%s' không hợp lệ; ghi Nam hoặc Nữ",
			r->cell[k->gender]);
	p->birth_date = cell_date(run, r, k->birth, C);
	if (p->birth_date != DATE_NONE && p->birth_date > run->app->today)
		bad(run, k->birth, C, "ngày sinh %s ở tương lai", date_format(p->birth_date, a));
	if (r->len[k->cid]) {
		p->citizen_id = (char *)r->cell[k->cid];
		if (core_citizen_id_check(
			    p->citizen_id, p->gender, p->birth_date, r->line, run->errs) == 0) {
			seen(run, SEEN_CID, C[k->cid].name, p->citizen_id, NULL);
			if (run->had_people) {
				enum ptdv_err err = store_person_by_citizen_id(
					run->app->st, p->citizen_id, db_id);
				if (err == PTDV_NOTFOUND)
					*db_id = 0;
				else if (err)
					db_failed(run, err);
				else
					own_repeat(run, db_id);
			}
		} else {
			run->writing = false;
		}
	}
	if (r->len[k->ethnicity])
		p->ethnicity = (char *)r->cell[k->ethnicity];
	if (r->len[k->religion])
		p->religion = (char *)r->cell[k->religion];
	if (core_occupation_parse(r->cell[k->occupation], r->len[k->occupation], &p->occupation))
		bad(run, k->occupation, C, "nhóm nghề nghiệp '%s' không hợp lệ; chọn một trong: %s",
			r->cell[k->occupation], core_occupation_choices());
	if (core_education_parse(r->cell[k->education], r->len[k->education], &p->education))
		bad(run, k->education, C, "trình độ học vấn '%s' không hợp lệ; chọn một trong: %s",
			r->cell[k->education], core_education_choices());
	if (core_tristate_parse(r->cell[k->youth], r->len[k->youth], &p->youth_union))
		bad(run, k->youth, C, "'%s' không hợp lệ; ghi Có hoặc Không", r->cell[k->youth]);
}

struct dup_arg {
	struct run *run;
	const char *col;
	int64_t self; /* the person the row updates, not a duplicate of itself */
	const char *birth;
};

static enum ptdv_err dup_found(void *arg, int64_t id, const char *full_name, const char *citizen_id,
	const char *card_no, const char *org_code)
{
	struct dup_arg *d = arg;
	/* Itself, or a person of an earlier row of the file (a repeat the seen set reports). */
	if (id == d->self || id > d->run->max_pid)
		return PTDV_OK;
	struct buf who = BUF_INIT;
	buf_addf(&who, "'%s'", full_name);
	if (*citizen_id)
		buf_addf(&who, ", số CCCD %s", citizen_id);
	else
		buf_adds(&who, ", không có số CCCD");
	if (*card_no)
		buf_addf(&who, ", số thẻ %s", card_no);
	if (*org_code)
		buf_addf(&who, ", sinh hoạt ở '%s'", org_code);
	warn(d->run, d->col,
		"có thể trùng người: cơ sở dữ liệu đã có %s (mã người %lld), cùng họ tên và ngày "
		"sinh %s nhưng số CCCD khác hoặc thiếu; hai người được giữ riêng, không gộp — hãy "
		"kiểm tra (chỉ cảnh báo)",
		who.s, (long long)id, d->birth);
	buf_free(&who);
	return PTDV_OK;
}

/*
 * Warns about possible duplicates of the row's person: the same folded name and birth date
 * as an earlier row of the file, or (when the database holds people) as a person of the
 * database other than self. The same citizen ID twice is a problem, found elsewhere; here
 * the IDs differ or are missing, so nothing is merged: the user is told to look.
 */
static void possible_duplicates(struct run *run, const struct person *p, int64_t self)
{
	char a[DATE_STRLEN];
	if (!p->full_name || p->birth_date == DATE_NONE)
		return;
	struct buf *key = &run->scratch;
	buf_reset(key);
	vn_fold(p->full_name, strlen(p->full_name), key);
	buf_addf(key, "|%d", (int)p->birth_date);
	seen(run, SEEN_NAME, interchange_member_cols[MC_NAME].name, key->s, p->full_name);
	if (!run->had_people)
		return;
	date_format(p->birth_date, a);
	buf_setlen(key, key->len - strlen(strrchr(key->s, '|')));
	struct dup_arg d = {run, interchange_member_cols[MC_NAME].name, self, a};
	enum ptdv_err err =
		store_person_each_by_name_birth(run->app->st, key->s, p->birth_date, dup_found, &d);
	if (err)
		db_failed(run, err);
}

/* The cell a row names in column col, in the actor's scope; NULL (reported) otherwise. */
static const struct known_org *cell_of(
	struct run *run, const struct row *r, const struct xcol *C, int col, const char *who)
{
	if (!cell_required(run, r, col, C))
		return NULL;
	const struct known_org *o = find_org(run, r->cell[col]);
	if (!o || strncmp(o->o.path, run->app->scope_path, strlen(run->app->scope_path))) {
		bad(run, col, C, "không tìm thấy tổ chức có mã '%s'", r->cell[col]);
		return NULL;
	}
	if (o->o.kind != ORG_CELL && o->o.kind != ORG_BASE_CELL) {
		bad(run, col, C, "%s ở chi bộ: '%s' là %s, không phải chi bộ", who, o->o.code,
			core_org_kind_name(o->o.kind));
		return NULL;
	}
	return o;
}

/* The texts of a member's columns as an export writes them: what a change shows. */
struct member_texts {
	const char *v[MC__MAX];
	char d[MC__MAX][DATE_STRLEN];
};

static void member_texts(struct member_texts *t, const struct person *p, const struct member *m,
	const char *org, const char *admit, date_t placed)
{
	bool moved = placed != m->ceremony_date || strcmp(admit, org) != 0;
	for (int i = 0; i < MC__MAX; i++)
		t->v[i] = "";
#define TEXT(col, s) t->v[col] = (s) ? (s) : ""
#define DATE(col, x) t->v[col] = (x) == DATE_NONE ? "" : date_format((x), t->d[col])
	TEXT(MC_NAME, p->full_name);
	TEXT(MC_GENDER, core_gender_name(p->gender));
	DATE(MC_BIRTH, p->birth_date);
	TEXT(MC_CID, p->citizen_id);
	TEXT(MC_ETHNICITY, p->ethnicity);
	TEXT(MC_RELIGION, p->religion);
	TEXT(MC_ORG, org);
	DATE(MC_DECISION, m->decision_date);
	DATE(MC_CEREMONY, m->ceremony_date);
	DATE(MC_OFFICIAL, m->official_date);
	TEXT(MC_CARD, m->card_no);
	TEXT(MC_OCCUPATION, core_occupation_name(p->occupation));
	TEXT(MC_EDUCATION, core_education_name(p->education));
	TEXT(MC_YOUTH, core_tristate_name(p->youth_union));
	DATE(MC_EXIT, m->exit_date);
	TEXT(MC_REASON, m->exit_reason);
	TEXT(MC_ADMIT_ORG, moved ? admit : NULL);
	DATE(MC_MOVED, moved ? placed : DATE_NONE);
#undef TEXT
#undef DATE
}

/*
 * Checks where a member is placed: admitted in cell a, in cell o from `placed` (the
 * ceremony date when it never moved).
 */
static void check_placement(struct run *run, const struct member *m, const struct person *p,
	const struct known_org *a, const struct known_org *o, date_t placed)
{
	long line = run->line;
	if (a == o && placed == m->ceremony_date) {
		core_member_check(m, p, &a->o, run->app->today, line, run->errs);
		return;
	}
	core_member_check(m, p, NULL, run->app->today, line, run->errs);
	core_member_check_move(m, &a->o, &o->o, placed, run->app->today, line, run->errs);
}

/* Sets *pid to the person of the database whose membership has card m->card_no (0: none). */
static void card_seen(struct run *run, const char *card, int64_t *pid)
{
	*pid = 0;
	seen(run, SEEN_CARD, interchange_member_cols[MC_CARD].name, card, NULL);
	if (!run->had_people)
		return;
	enum ptdv_err err = store_member_by_card(run->app->st, card, pid);
	if (err == PTDV_NOTFOUND)
		*pid = 0;
	else if (err)
		db_failed(run, err);
	else
		own_repeat(run, pid);
}

/*
 * A row of a member already in the database (person pid): its non-empty cells replace
 * what the database holds; another cell than the present one is a move on 'Ngày chuyển
 * đến'. The changed columns are reported (opt->changes), then written and audited.
 */
static void member_update(struct run *run, const struct row *r, const struct person *fp,
	const struct member *fm, const struct known_org *o, const struct known_org *admit,
	date_t moved, int64_t pid)
{
	const struct xcol *C = interchange_member_cols;
	struct person old = {0};
	struct member om = {0};
	int64_t cur_id = 0;
	date_t placed = DATE_NONE;
	char a[DATE_STRLEN], b[DATE_STRLEN];
	size_t before = msgs_count(run->errs);

	enum ptdv_err err = store_person_get(run->app->st, pid, &old);
	if (!err)
		err = store_member_latest(run->app->st, pid, &om, &cur_id, &placed);
	if (err == PTDV_NOTFOUND) {
		bad(run, MC_CID, C,
			"'%s' đã có trong cơ sở dữ liệu nhưng chưa là đảng viên (người vào Đảng): "
			"ghi lễ kết nạp trong hồ sơ của người đó (ptdv candidate advance)",
			fp->citizen_id ? fp->citizen_id : fm->card_no);
		goto out;
	}
	if (err) {
		db_failed(run, err);
		goto out;
	}
	if (fp->citizen_id && old.citizen_id && strcmp(fp->citizen_id, old.citizen_id) != 0) {
		bad(run, MC_CARD, C,
			"số thẻ '%s' thuộc đảng viên '%s' có số CCCD '%s', khác số CCCD '%s' của dòng "
			"này",
			fm->card_no, old.full_name, old.citizen_id, fp->citizen_id);
		goto out;
	}
	const struct known_org *ka = org_by_id(run, om.org_id);
	const struct known_org *kc = org_by_id(run, cur_id);
	/* A member placed outside the actor's subtree is not the actor's to change. */
	if (strncmp(kc->o.path, run->app->scope_path, strlen(run->app->scope_path)) != 0) {
		bad(run, fp->citizen_id ? MC_CID : MC_CARD, C,
			"'%s' là đảng viên của tổ chức ngoài phạm vi của tài khoản; không cập nhật "
			"được",
			fp->citizen_id ? fp->citizen_id : fm->card_no);
		goto out;
	}
	if (admit && admit != ka)
		bad(run, MC_ADMIT_ORG, C,
			"đảng viên '%s' được kết nạp ở '%s', không đổi được thành '%s' khi nhập tệp",
			old.full_name, ka->o.code, admit->o.code);
	/* The merged record: every non-empty cell of the row over what the database holds. */
	struct person np = old;
	struct member nm = om;
	np.full_name = fp->full_name;
	np.gender = fp->gender;
	if (fp->birth_date != DATE_NONE)
		np.birth_date = fp->birth_date;
	if (fp->citizen_id)
		np.citizen_id = fp->citizen_id;
	if (fp->ethnicity)
		np.ethnicity = fp->ethnicity;
	if (fp->religion)
		np.religion = fp->religion;
	if (fp->education != EDU_NONE)
		np.education = fp->education;
	if (fp->occupation != OCC_NONE)
		np.occupation = fp->occupation;
	if (fp->youth_union != TRI_UNKNOWN)
		np.youth_union = fp->youth_union;
	if (fm->decision_date != DATE_NONE)
		nm.decision_date = fm->decision_date;
	if (fm->ceremony_date != DATE_NONE)
		nm.ceremony_date = fm->ceremony_date;
	if (fm->official_date != DATE_NONE)
		nm.official_date = fm->official_date;
	if (fm->card_no)
		nm.card_no = fm->card_no;
	if (fm->exit_date != DATE_NONE)
		nm.exit_date = fm->exit_date;
	if (fm->exit_reason)
		nm.exit_reason = fm->exit_reason;
	date_t nplaced = placed == om.ceremony_date && kc == ka ? nm.ceremony_date : placed;
	bool transfer = o != kc;
	if (transfer) {
		if (moved == DATE_NONE)
			bad(run, MC_MOVED, C,
				"đảng viên '%s' đang sinh hoạt ở '%s'; chuyển sang '%s' cần ghi ngày "
				"chuyển đến",
				old.full_name, kc->o.code, o->o.code);
		else if (moved <= placed)
			bad(run, MC_MOVED, C,
				"ngày chuyển đến %s không sau ngày đảng viên bắt đầu sinh hoạt ở '%s' "
				"(%s)",
				date_format(moved, a), kc->o.code, date_format(placed, b));
		nplaced = moved;
	} else if (moved != DATE_NONE && moved != nplaced) {
		bad(run, MC_MOVED, C,
			"đảng viên '%s' sinh hoạt ở '%s' từ %s; ngày chuyển đến chỉ sửa được khi đổi "
			"tổ chức",
			old.full_name, kc->o.code, date_format(nplaced, a));
	}
	if (msgs_count(run->errs) == before && nplaced != DATE_NONE)
		check_placement(run, &nm, &np, ka, o, nplaced);
	if (msgs_count(run->errs) != before) {
		run->writing = false;
		goto out;
	}
	possible_duplicates(run, &np, pid);

	/* What changes, column by column, as the export would show it. */
	struct member_texts ot, nt;
	member_texts(&ot, &old, &om, kc->o.code, ka->o.code, placed);
	member_texts(&nt, &np, &nm, o->o.code, ka->o.code, nplaced);
	struct buf what = BUF_INIT;
	json_t *jb = json_object(), *ja = json_object();
	for (int i = 0; i < MC__MAX; i++) {
		if (strcmp(ot.v[i], nt.v[i]) == 0)
			continue;
		buf_addf(&what, "%s%s: '%s' → '%s'", what.len ? "; " : "", C[i].name, ot.v[i],
			nt.v[i]);
		json_object_set_new(jb, C[i].name, json_string(ot.v[i]));
		json_object_set_new(ja, C[i].name, json_string(nt.v[i]));
	}
	if (!what.len) {
		run->unchanged++;
		goto done;
	}
	run->changed++;
	if (run->opt && run->opt->changes)
		msgs_add(run->opt->changes, r->line, NULL, "sửa '%s' (%s%s): %s", np.full_name,
			np.citizen_id ? "số CCCD " : "số thẻ ",
			np.citizen_id ? np.citizen_id
			: nm.card_no  ? nm.card_no
				      : "",
			what.s);
	if (!run->writing)
		goto done;
	char key[24];
	snprintf(key, sizeof(key), "%lld", (long long)pid);
	err = store_person_update(run->app->st, &np);
	if (!err)
		err = store_member_update(run->app->st, &nm);
	if (!err && transfer)
		err = store_member_transfer(run->app->st, nm.id, o->o.id, moved);
	if (!err)
		err = app__audit(run->app, "import.members.update", "person", key, jb, ja);
	if (err)
		db_failed(run, err);
done:
	json_decref(jb);
	json_decref(ja);
	buf_free(&what);
out:
	core_person_clear(&old);
	core_member_clear(&om);
}

/*
 * A member: a new person and membership, admitted in 'Tổ chức khi kết nạp' (or the row's
 * cell) and placed in the row's cell, from 'Ngày chuyển đến' when it moved since; or, when
 * its citizen ID or card number is in the database, an update of that member.
 */
static void member_row(struct run *run, const struct row *r)
{
	static const struct person_cols PC = {MC_NAME, MC_GENDER, MC_BIRTH, MC_CID, MC_ETHNICITY,
		MC_RELIGION, MC_EDUCATION, MC_OCCUPATION, MC_YOUTH};
	const struct xcol *C = interchange_member_cols;
	struct person p = {.birth_date = DATE_NONE, .youth_union = TRI_UNKNOWN};
	struct member m = {
		.decision_date = DATE_NONE, .official_date = DATE_NONE, .exit_date = DATE_NONE};
	size_t before = msgs_count(run->errs);
	int64_t pid = 0, card_pid = 0;

	person_cells(run, r, C, &PC, &p, &pid);
	const struct known_org *o = cell_of(run, r, C, MC_ORG, "đảng viên sinh hoạt");
	const struct known_org *admit = NULL;
	if (r->len[MC_ADMIT_ORG])
		admit = cell_of(run, r, C, MC_ADMIT_ORG, "đảng viên được kết nạp");
	date_t moved = cell_date(run, r, MC_MOVED, C);
	m.decision_date = cell_date(run, r, MC_DECISION, C);
	bool has_ceremony = r->len[MC_CEREMONY] > 0;
	m.ceremony_date = cell_date(run, r, MC_CEREMONY, C);
	m.official_date = cell_date(run, r, MC_OFFICIAL, C);
	m.exit_date = cell_date(run, r, MC_EXIT, C);
	if (r->len[MC_REASON])
		m.exit_reason = (char *)r->cell[MC_REASON];
	if (r->len[MC_CARD]) {
		m.card_no = (char *)r->cell[MC_CARD];
		card_seen(run, m.card_no, &card_pid);
	}
	if (card_pid && pid && card_pid != pid)
		bad(run, MC_CARD, C,
			"số thẻ '%s' thuộc một đảng viên khác trong cơ sở dữ liệu, không phải người "
			"có số CCCD '%s'",
			m.card_no, p.citizen_id);
	if (!pid)
		pid = card_pid;
	/* A new member needs its ceremony; an update may leave it empty. */
	if (!pid && !has_ceremony)
		cell_required(run, r, MC_CEREMONY, C);
	if (msgs_count(run->errs) != before || !o || (r->len[MC_ADMIT_ORG] && !admit)) {
		run->writing = false;
		return;
	}
	if (pid) {
		member_update(run, r, &p, &m, o, admit, moved, pid);
		return;
	}
	const struct known_org *a = admit ? admit : o;
	if (a != o && moved == DATE_NONE)
		bad(run, MC_MOVED, C,
			"đảng viên kết nạp ở '%s' nay sinh hoạt ở '%s': cần ghi ngày chuyển đến",
			a->o.code, o->o.code);
	else
		check_placement(run, &m, &p, a, o, moved != DATE_NONE ? moved : m.ceremony_date);
	if (msgs_count(run->errs) != before) {
		run->writing = false;
		return;
	}
	possible_duplicates(run, &p, 0);
	run->added++;
	if (!run->writing)
		return;
	enum ptdv_err err = store_person_insert(run->app->st, &p);
	if (!err) {
		m.person_id = p.id;
		m.org_id = a->o.id;
		err = store_member_insert(run->app->st, &m);
	}
	if (!err && moved != DATE_NONE)
		err = store_member_transfer(run->app->st, m.id, o->o.id, moved);
	if (err)
		db_failed(run, err);
}

/* --- candidates --- */

/* The stage each date column records, and the event it becomes. */
static const struct {
	int col;
	enum cand_ev kind;
	int sub;
} stage_cols[] = {
	{CC_SOURCE_DATE, EV_SOURCE, 0},
	{CC_HELPER, EV_HELPER, HELPER_CANDIDATE},
	{CC_COURSE, EV_COURSE, 0},
	{CC_DOSSIER, EV_DOCUMENT, DOC_APPLICATION},
	{CC_CELL, EV_CELL_VOTE, 0},
	{CC_COMMITTEE, EV_COMMITTEE_VOTE, 0},
	{CC_DECISION, EV_DECISION, 0},
	{CC_CEREMONY, EV_CEREMONY, 0},
	{CC_OFFICIAL, EV_RECOG_DECISION, 0},
};
#define NSTAGE_COLS (sizeof(stage_cols) / sizeof(stage_cols[0]))

/* Indexes of the ceremony and of the recognition in stage_cols. */
#define CEREMONY_STAGE 7
#define OFFICIAL_STAGE 8

/*
 * Whether the person pid of the database is the member the case of a row admitted: a
 * membership of pid whose ceremony was on `ceremony` (not DATE_NONE) in cell o, and no
 * case linked to it yet. Sets *member to that membership. A database failure is recorded
 * and returns false.
 */
static bool linked_member(
	struct run *run, int64_t pid, const struct known_org *o, date_t ceremony, int64_t *member)
{
	struct member m = {0};
	int64_t cur = 0, has_case = 0;
	date_t placed;
	bool same = false;
	*member = 0;
	if (!o || ceremony == DATE_NONE)
		return false;
	enum ptdv_err err = store_member_latest(run->app->st, pid, &m, &cur, &placed);
	if (!err)
		same = m.ceremony_date == ceremony && m.org_id == o->o.id;
	if (!err && same)
		err = store_candidate_of_member(run->app->st, m.id, &has_case);
	if (err == PTDV_NOTFOUND)
		err = PTDV_OK;
	if (err) {
		db_failed(run, err);
		same = false;
	}
	if (same && !has_case)
		*member = m.id;
	core_member_clear(&m);
	return *member != 0;
}

/*
 * The end of a case that did not become official: 'Ngày ra khỏi danh sách', 'Kết thúc'
 * ('Ra khỏi danh sách' = EV_LEAVE, 'Xóa tên' = EV_STRIKE_OFF, accents and case ignored)
 * and 'Lý do' (the event's text, required for a leave). The event is appended to
 * ev[0..*n) (room for one more) when the row has one and it passes the rules a step
 * 'leave' or 'strike-off' passes: after the last stage (last_col, on last), a strike-off
 * only during probation, nothing after the recognition, not in the future, and a leave
 * after the ceremony only for a linked member (member) whose membership had ended by then.
 * Errors are reported against the row's cells.
 */
static void candidate_close(struct run *run, const struct row *r, const struct person *p,
	const struct known_org *o, int64_t member, int last_col, date_t last, struct cand_event *ev,
	size_t *n)
{
	const struct xcol *C = interchange_candidate_cols;
	size_t before = msgs_count(run->errs);
	char a[DATE_STRLEN], b[DATE_STRLEN];
	enum cand_ev kind = 0;
	date_t closed = cell_date(run, r, CC_CLOSED, C);
	const char *reason = r->len[CC_CLOSE_REASON] ? r->cell[CC_CLOSE_REASON] : NULL;
	if (r->len[CC_CLOSE_KIND] &&
		core_cand_close_parse(r->cell[CC_CLOSE_KIND], r->len[CC_CLOSE_KIND], &kind))
		bad(run, CC_CLOSE_KIND, C,
			"'%s' không hợp lệ; ghi 'Ra khỏi danh sách' hoặc 'Xóa tên', hoặc để trống "
			"khi hồ sơ chưa kết thúc",
			r->cell[CC_CLOSE_KIND]);
	else if (!kind && r->len[CC_CLOSED])
		bad(run, CC_CLOSE_KIND, C,
			"có '%s' nhưng thiếu '%s': ghi 'Ra khỏi danh sách' hoặc 'Xóa tên'",
			C[CC_CLOSED].name, C[CC_CLOSE_KIND].name);
	else if (kind && !r->len[CC_CLOSED])
		bad(run, CC_CLOSED, C, "hồ sơ kết thúc ('%s') cần ngày ra khỏi danh sách",
			r->cell[CC_CLOSE_KIND]);
	else if (!kind && reason)
		bad(run, CC_CLOSE_REASON, C, "có lý do '%s' nhưng hồ sơ chưa kết thúc", reason);
	else if (kind == EV_LEAVE && !reason)
		cell_required(run, r, CC_CLOSE_REASON, C);
	if (!kind || closed == DATE_NONE || msgs_count(run->errs) != before)
		return;
	if (last != DATE_NONE && closed < last) {
		bad(run, CC_CLOSED, C, "ngày %s trước '%s' (%s)", date_format(closed, a),
			C[last_col].name, date_format(last, b));
		return;
	}
	ev[*n] = (struct cand_event){
		.kind = kind, .date = closed, .date2 = DATE_NONE, .text = (char *)reason};
	/* The rules of the step, as 'ptdv candidate advance' checks it. */
	struct rule_set rs;
	struct cand_ctx ctx = {0};
	struct msgs errs;
	core_rules_default(closed, &rs);
	ctx.rules = &rs;
	ctx.person = p;
	ctx.today = run->app->today;
	ctx.base_cell = o && o->o.kind == ORG_BASE_CELL;
	ctx.skip_votes = true;
	struct cand_event *v = xmalloc((*n + 1) * sizeof(*v));
	memcpy(v, ev, (*n + 1) * sizeof(*v));
	core_candidate_sort(v, *n + 1);
	const struct cand_event *target = NULL;
	for (size_t i = 0; i <= *n; i++)
		if (v[i].kind == kind)
			target = &v[i];
	msgs_init(&errs, 0);
	if (core_candidate_check(&ctx, v, *n + 1, target, &errs))
		for (size_t i = 0; i < msgs_count(&errs); i++)
			bad(run, CC_CLOSED, C, "%s", errs.v[i].text);
	msgs_free(&errs);
	free(v);
	bool admitted = false;
	for (size_t i = 0; i < *n; i++)
		admitted |= ev[i].kind == EV_CEREMONY;
	if (kind == EV_LEAVE && admitted) {
		struct store_member_fact m = {0};
		enum ptdv_err err =
			member ? store_member_fact_get(run->app->st, member, closed, &m) : PTDV_OK;
		/* No placement that day: the membership had ended. */
		if (err && err != PTDV_NOTFOUND)
			db_failed(run, err);
		else if (!member || (!err && (m.exit == DATE_NONE || m.exit > closed)))
			bad(run, CC_CLOSE_KIND, C,
				"người này đã được kết nạp và vẫn là đảng viên ngày %s: ghi 'Xóa tên' "
				"nếu không được công nhận chính thức",
				date_format(closed, a));
		store_member_fact_clear(&m);
	}
	if (msgs_count(run->errs) == before)
		(*n)++;
}

/*
 * A candidate and the stages it has reached: the person (new to the database), its cell,
 * and one event per stage date (the recognition date gives the cell's recognition vote and
 * the decision). Dates go forward with no stage skipped (a base cell has no base committee
 * step); the person is 18 at the cell's vote. The rules of the transitions are history
 * here, not checked. A person already in the database is an error, except the member this
 * case admitted (same citizen ID, ceremony date and cell, no case of that membership yet;
 * typically imported from a members file): the case is written for that person and linked
 * to that membership, whose recognition day becomes the row's recognition date. A case
 * that left the list or was struck off ends with that event (candidate_close).
 */
static void candidate_row(struct run *run, const struct row *r)
{
	static const struct person_cols PC = {CC_NAME, CC_GENDER, CC_BIRTH, CC_CID, CC_ETHNICITY,
		CC_RELIGION, CC_EDUCATION, CC_OCCUPATION, CC_YOUTH};
	const struct xcol *C = interchange_candidate_cols;
	struct person p = {.birth_date = DATE_NONE, .youth_union = TRI_UNKNOWN};
	size_t before = msgs_count(run->errs);
	char a[DATE_STRLEN], b[DATE_STRLEN];

	int64_t pid;
	person_cells(run, r, C, &PC, &p, &pid);
	cell_required(run, r, CC_BIRTH, C);
	const struct known_org *o = cell_of(run, r, C, CC_ORG, "người vào Đảng thuộc");
	enum cand_source src = SRC_CELL;
	if (r->len[CC_SOURCE] &&
		core_cand_source_parse(r->cell[CC_SOURCE], r->len[CC_SOURCE], &src) != PTDV_OK)
		bad(run, CC_SOURCE, C,
			"nguồn '%s' không hợp lệ; ghi Chi bộ, Đoàn Thanh niên, Hội Liên hiệp Phụ nữ, "
			"Công đoàn, Hội Nông dân, Hội Cựu chiến binh hoặc Mặt trận Tổ quốc",
			r->cell[CC_SOURCE]);
	date_t d[NSTAGE_COLS];
	int missing = -1, prev = -1;
	bool base_cell = o && o->o.kind == ORG_BASE_CELL;
	for (size_t i = 0; i < NSTAGE_COLS; i++) {
		int col = stage_cols[i].col;
		d[i] = i == 0 && !cell_required(run, r, col, C) ? DATE_NONE
								: cell_date(run, r, col, C);
		if (col == CC_COMMITTEE && base_cell) {
			if (d[i] != DATE_NONE)
				bad(run, col, C,
					"chi bộ cơ sở '%s' trình thẳng cấp ủy cấp trên: để trống ô này",
					o->o.code);
			d[i] = DATE_NONE;
			continue;
		}
		if (d[i] == DATE_NONE) {
			if (missing < 0)
				missing = col;
			continue;
		}
		if (missing >= 0)
			bad(run, col, C, "có ngày này nhưng thiếu '%s'", C[missing].name);
		else if (prev >= 0 && d[i] < d[prev])
			bad(run, col, C, "ngày %s trước '%s' (%s)", date_format(d[i], a),
				C[stage_cols[prev].col].name, date_format(d[prev], b));
		if (d[i] > run->app->today)
			bad(run, col, C, "ngày %s ở tương lai", date_format(d[i], a));
		prev = (int)i;
	}
	/* The citizen ID of a member admitted at this ceremony: the case of that member. */
	int64_t member = 0;
	assert(stage_cols[CEREMONY_STAGE].col == CC_CEREMONY);
	assert(stage_cols[OFFICIAL_STAGE].col == CC_OFFICIAL);
	if (pid && !linked_member(run, pid, o, d[CEREMONY_STAGE], &member) && !run->dberr)
		bad(run, CC_CID, C, "số CCCD '%s' đã có trong cơ sở dữ liệu", p.citizen_id);
	if (o && d[0] != DATE_NONE && !core_org_alive(&o->o, d[0]))
		bad(run, CC_ORG, C, "chi bộ '%s' chưa thành lập hoặc đã giải thể ngày %s",
			o->o.code, date_format(d[0], a));
	date_t cell = d[4];
	if (cell != DATE_NONE && p.birth_date != DATE_NONE) {
		struct rule_set rs;
		struct msgs age;
		msgs_init(&age, 0);
		core_rules_default(cell, &rs);
		if (core_rule_check_age(
			    rs.r[RULE_AGE], p.birth_date, cell, DATE_NONE, DATE_NONE, &age))
			bad(run, CC_BIRTH, C, "%s: %s", age.v[0].field, age.v[0].text);
		msgs_free(&age);
	}
	struct cand_event ev[NSTAGE_COLS + 2];
	size_t n = 0;
	for (size_t i = 0; i < NSTAGE_COLS; i++) {
		if (d[i] == DATE_NONE)
			continue;
		if (stage_cols[i].kind == EV_RECOG_DECISION)
			ev[n++] = (struct cand_event){
				.kind = EV_RECOG_CELL_VOTE, .date = d[i], .date2 = DATE_NONE};
		ev[n++] = (struct cand_event){.kind = stage_cols[i].kind,
			.sub = i == 0 ? (int)src : stage_cols[i].sub,
			.date = d[i],
			.date2 = DATE_NONE};
	}
	if (msgs_count(run->errs) == before)
		candidate_close(run, r, &p, o, member, prev >= 0 ? stage_cols[prev].col : -1,
			prev >= 0 ? d[prev] : DATE_NONE, ev, &n);
	if (msgs_count(run->errs) != before) {
		run->writing = false;
		return;
	}
	possible_duplicates(run, &p, pid);
	run->added++;
	if (!run->writing)
		return;

	int64_t id;
	enum ptdv_err err = PTDV_OK;
	if (member)
		p.id = pid;
	else
		err = store_person_insert(run->app->st, &p);
	if (!err)
		err = app__case_insert(run->app, p.id, o->o.id, &member, ev, n, &id);
	/* The member came from a members file: the recognition is the case's to date. */
	if (!err && pid && d[OFFICIAL_STAGE] != DATE_NONE)
		err = store_member_set_recognized(run->app->st, member, d[OFFICIAL_STAGE]);
	if (err)
		db_failed(run, err);
}

/* --- targets --- */

/* Parses an optional count (0..1,000,000); -1 when empty; sets *ok false on a bad one. */
static int64_t cell_count(struct run *run, const struct row *r, int col, bool *ok)
{
	const struct xcol *C = interchange_target_cols;
	if (r->len[col] == 0)
		return -1;
	char *end;
	long long v = strtoll(r->cell[col], &end, 10);
	if (*end || v < 0 || v > 1000000) {
		bad(run, col, C, "'%s' không phải số nguyên không âm", r->cell[col]);
		*ok = false;
		return -1;
	}
	return v;
}

static void target_row(struct run *run, const struct row *r)
{
	const struct xcol *C = interchange_target_cols;
	bool ok = cell_required(run, r, TC_ORG, C) & cell_required(run, r, TC_YEAR, C);
	const struct known_org *o = NULL;
	if (r->len[TC_ORG]) {
		o = find_org(run, r->cell[TC_ORG]);
		if (!o || strncmp(o->o.path, run->app->scope_path, strlen(run->app->scope_path))) {
			bad(run, TC_ORG, C, "không tìm thấy tổ chức có mã '%s'", r->cell[TC_ORG]);
			ok = false;
		}
	}
	char *end;
	long year = r->len[TC_YEAR] ? strtol(r->cell[TC_YEAR], &end, 10) : 0;
	if (r->len[TC_YEAR] && (*end || year < 1930 || year > 2100)) {
		bad(run, TC_YEAR, C, "năm '%s' không hợp lệ (1930–2100)", r->cell[TC_YEAR]);
		ok = false;
	}
	int64_t reg = cell_count(run, r, TC_REGISTERED, &ok);
	int64_t asg = cell_count(run, r, TC_ASSIGNED, &ok);
	int64_t women = cell_count(run, r, TC_WOMEN, &ok);
	if (ok && reg < 0 && asg < 0 && women < 0) {
		bad(run, TC_REGISTERED, C, "cần ít nhất một chỉ tiêu (đăng ký, giao hoặc nữ)");
		ok = false;
	}
	if (ok && women >= 0 && women > (asg >= 0 ? asg : reg >= 0 ? reg : women)) {
		bad(run, TC_WOMEN, C, "chỉ tiêu nữ %lld lớn hơn chỉ tiêu %lld", (long long)women,
			(long long)(asg >= 0 ? asg : reg));
		ok = false;
	}
	if (!ok)
		return;
	char key[96];
	snprintf(key, sizeof(key), "%ld|%s", year, o->o.code);
	seen(run, SEEN_TARGET, C[TC_YEAR].name, key, NULL);
	/* A value left empty keeps what the database holds. */
	struct store_target old;
	enum ptdv_err err = store_target_get(run->app->st, o->o.id, (int)year, &old);
	if (err) {
		db_failed(run, err);
		return;
	}
	struct store_target nt = {reg >= 0 ? reg : old.registered, asg >= 0 ? asg : old.assigned,
		women >= 0 ? women : old.women};
	if (old.registered < 0 && old.assigned < 0 && old.women < 0) {
		run->added++;
	} else if (nt.registered == old.registered && nt.assigned == old.assigned &&
		   nt.women == old.women) {
		run->unchanged++;
		return;
	} else {
		const int64_t ov[] = {old.registered, old.assigned, old.women},
			      nv[] = {nt.registered, nt.assigned, nt.women};
		struct buf what = BUF_INIT;
		for (int i = 0; i < 3; i++) {
			if (ov[i] == nv[i])
				continue;
			buf_addf(&what, "%s%s: '", what.len ? "; " : "", C[TC_REGISTERED + i].name);
			if (ov[i] >= 0)
				buf_addf(&what, "%lld", (long long)ov[i]);
			buf_addf(&what, "' → '%lld'", (long long)nv[i]);
		}
		run->changed++;
		if (run->opt && run->opt->changes)
			msgs_add(run->opt->changes, r->line, NULL,
				"sửa chỉ tiêu năm %ld của '%s': %s", year, o->o.code, what.s);
		buf_free(&what);
	}
	if (!run->writing)
		return;
	err = store_target_set(
		run->app->st, o->o.id, (int)year, nt.registered, nt.assigned, nt.women);
	if (err)
		db_failed(run, err);
}

static const struct entity entities[APP_ENTITY__MAX] = {
	[APP_ORGS] = {"Nhập tổ chức", "import.orgs", interchange_org_cols, OC__MAX, org_row,
		org_finish},
	[APP_MEMBERS] = {"Nhập đảng viên", "import.members", interchange_member_cols, MC__MAX,
		member_row, NULL},
	[APP_CANDIDATES] = {"Nhập người vào Đảng", "import.candidates", interchange_candidate_cols,
		CC__MAX, candidate_row, NULL},
	[APP_TARGETS] = {"Nhập chỉ tiêu", "import.targets", interchange_target_cols, TC__MAX,
		target_row, NULL},
};

/* --- the driver --- */

/*
 * A source of rows: a CSV file or one sheet of an .xlsx workbook, read alike: the current
 * row's fields as text with the row's number. Excel cells are turned into what a CSV file
 * would hold: a number shown as a date becomes dd/mm/yyyy; a formula is flagged, since an
 * import takes values, never formulas.
 */
struct src {
	bool is_xlsx;
	FILE *f;
	struct csv c;
	struct xlsx x;
	struct buf cells; /* xlsx: the converted texts of the current row */
	long line;
	size_t nfields;
	struct csv_field fields[CSV_MAX_FIELDS];
	bool formula[CSV_MAX_FIELDS];
	const char *msg;
};

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && strcasecmp(s + n - m, suffix) == 0;
}

/* Opens path (by its extension) and, for a workbook, the sheet (NULL = the first). */
static enum ptdv_err src_open(struct src *r, const char *path, const char *sheet, struct msgs *errs)
{
	memset(r, 0, sizeof(*r));
	buf_init(&r->cells, 0);
	if (ends_with(path, ".xlsx")) {
		r->is_xlsx = true;
		enum ptdv_err err = xlsx_open(&r->x, path, NULL);
		if (!err)
			err = xlsx_select(&r->x, sheet);
		if (err)
			msgs_add(errs, 0, NULL, "%s", r->x.msg);
		return err;
	}
	r->f = fopen(path, "rb");
	if (!r->f) {
		msgs_add(errs, 0, NULL, "không mở được tệp '%s': %s", path, strerror(errno));
		return PTDV_IO;
	}
	if (sheet) {
		msgs_add(errs, 0, "--sheet", "tệp CSV không có trang tính; bỏ --sheet '%s'", sheet);
		return PTDV_USAGE;
	}
	csv_open(&r->c, r->f);
	return PTDV_OK;
}

static void src_close(struct src *r)
{
	if (r->is_xlsx)
		xlsx_close(&r->x);
	else
		csv_close(&r->c);
	if (r->f)
		fclose(r->f);
	buf_free(&r->cells);
}

/* Bytes read so far and in all, for progress. */
static void src_progress(struct src *r, int64_t *done, int64_t *total)
{
	if (r->is_xlsx) {
		*done = (int64_t)r->x.done;
		*total = (int64_t)r->x.total;
	} else {
		struct stat sb;
		*done = (int64_t)ftell(r->f);
		*total = fstat(fileno(r->f), &sb) == 0 ? (int64_t)sb.st_size : 0;
	}
}

/* Reads the next row: as csv_next (PTDV_NOTFOUND at the end; r->msg on PTDV_INVALID). */
static enum ptdv_err src_next(struct src *r)
{
	enum ptdv_err err;
	if (!r->is_xlsx) {
		err = csv_next(&r->c);
		r->line = r->c.line;
		r->msg = r->c.msg;
		if (err)
			return err;
		r->nfields = r->c.nfields;
		memcpy(r->fields, r->c.fields, r->nfields * sizeof(r->fields[0]));
		memset(r->formula, 0, r->nfields * sizeof(r->formula[0]));
		return PTDV_OK;
	}
	err = xlsx_next(&r->x);
	r->line = r->x.line;
	r->msg = r->x.msg;
	if (err)
		return err;
	size_t offs[CSV_MAX_FIELDS];
	r->nfields = r->x.nfields < CSV_MAX_FIELDS ? r->x.nfields : CSV_MAX_FIELDS;
	buf_reset(&r->cells);
	for (size_t i = 0; i < r->nfields; i++) {
		const struct xlsx_field *x = &r->x.fields[i];
		char d[DATE_STRLEN];
		offs[i] = r->cells.len;
		r->formula[i] = x->formula;
		if (x->date != DATE_NONE && (x->date_format || x->type == XLSX_DATE))
			buf_adds(&r->cells, date_format(x->date, d));
		else
			buf_add(&r->cells, x->s, x->len);
		buf_addc(&r->cells, '\0');
	}
	for (size_t i = 0; i < r->nfields; i++) {
		r->fields[i].s = r->cells.s + offs[i];
		r->fields[i].len = strlen(r->fields[i].s);
	}
	return PTDV_OK;
}

/* Matches header cells to the entity's columns; map[i] = file column of entity column i or -1. */
static bool map_header(
	struct run *run, const struct entity *e, const struct src *r, int *map, struct buf *ignored)
{
	struct buf want = BUF_INIT, got = BUF_INIT;
	bool ok = true;
	for (int i = 0; i < e->ncols; i++)
		map[i] = -1;
	for (size_t j = 0; j < r->nfields; j++) {
		buf_reset(&got);
		vn_fold(r->fields[j].s, r->fields[j].len, &got);
		if (got.len == 0)
			continue;
		bool hit = false;
		for (int i = 0; i < e->ncols; i++) {
			buf_reset(&want);
			vn_fold(e->cols[i].name, strlen(e->cols[i].name), &want);
			if (strcmp(want.s, got.s) != 0)
				continue;
			hit = true;
			if (map[i] >= 0) {
				msgs_add(run->errs, r->line, e->cols[i].name,
					"cột tiêu đề bị lặp (cột %d và cột %zu)", map[i] + 1,
					j + 1);
				ok = false;
			}
			map[i] = (int)j;
		}
		if (!hit)
			buf_addf(ignored, "%s'%s'", ignored->len ? ", " : "", r->fields[j].s);
	}
	for (int i = 0; i < e->ncols; i++) {
		if (e->cols[i].required && map[i] < 0) {
			msgs_add(run->errs, r->line, e->cols[i].name,
				"thiếu cột bắt buộc trong dòng tiêu đề");
			ok = false;
		}
	}
	buf_free(&want);
	buf_free(&got);
	return ok;
}

/*
 * Normalises the cells of the current record into norm and points r at them. Reports
 * invalid UTF-8; undoes the formula neutralisation of exports ("'=..." → "=...").
 */
static bool read_row(struct run *run, const struct entity *e, const struct src *c, const int *map,
	struct buf *norm, struct row *r)
{
	size_t offs[MAX_COLS];
	bool ok = true;
	buf_reset(norm);
	r->line = c->line;
	for (int i = 0; i < e->ncols; i++) {
		offs[i] = norm->len;
		if (map[i] < 0 || (size_t)map[i] >= c->nfields) {
			buf_addc(norm, '\0');
			continue;
		}
		const struct csv_field *f = &c->fields[map[i]];
		const char *s = f->s;
		size_t n = f->len;
		if (c->formula[map[i]]) {
			msgs_add(run->errs, c->line, e->cols[i].name,
				"ô chứa công thức Excel; hãy dán giá trị (Paste Values) thay cho công "
				"thức");
			ok = false;
		}
		if (n >= 2 && s[0] == '\'' && strchr("=+-@", s[1])) {
			s++;
			n--;
		}
		if (vn_normalize(s, n, norm) != PTDV_OK) {
			msgs_add(run->errs, c->line, e->cols[i].name,
				"ô chứa ký tự không hợp lệ (tệp phải là văn bản UTF-8)");
			ok = false;
		}
		buf_addc(norm, '\0');
	}
	for (int i = 0; i < e->ncols; i++) {
		r->cell[i] = norm->s + offs[i];
		r->len[i] = strlen(r->cell[i]);
	}
	return ok;
}

static bool row_empty(const struct row *r, int ncols)
{
	for (int i = 0; i < ncols; i++)
		if (r->len[i])
			return false;
	return true;
}

static void run_free(struct run *run)
{
	for (size_t i = 0; i < run->norgs; i++) {
		core_org_clear(&run->orgs[i].o);
		free(run->orgs[i].parent_code);
	}
	free(run->orgs);
	strmap_free(&run->org_index);
	u64map_free(&run->org_by_id);
	store_seen_close(run->seen);
	buf_free(&run->scratch);
}

bool app_can_import(const struct app *app)
{
	return core_role_can_import(app->role);
}

enum ptdv_err app_import(struct app *app, enum app_entity entity, const char *path, bool progress,
	struct app_import_result *res, struct msgs *errs)
{
	return app_import_opts(app, entity, path, NULL, progress, res, errs);
}

enum ptdv_err app_import_opts(struct app *app, enum app_entity entity, const char *path,
	const struct app_import_options *opt, bool progress, struct app_import_result *res,
	struct msgs *errs)
{
	const struct entity *e = &entities[entity];
	struct run run = {.app = app, .errs = errs, .opt = opt, .writing = true};
	struct src c;
	struct buf norm = BUF_INIT, ignored = BUF_INIT;
	struct progress pr = {0};
	int map[MAX_COLS];
	enum ptdv_err err = PTDV_OK;
	bool in_tx = false, bulk = false;
	double t0 = progress_now();
	int64_t done, total;
	long header_row = opt && opt->header_row > 0 ? opt->header_row : 0;

	memset(res, 0, sizeof(*res));
	if (!core_role_can_import(app->role)) {
		msgs_add(errs, 0, NULL,
			"chỉ quản trị viên và cán bộ ban tổ chức được nhập tệp danh sách");
		return PTDV_DENIED;
	}
	err = src_open(&c, path, opt ? opt->sheet : NULL, errs);
	if (err)
		goto out;
	src_progress(&c, &done, &total);
	progress_start(&pr, e->what, total);
	if (!progress)
		pr.on = false;
	/* The header is the first row, or row header_row (rows above it, such as a merged
	 * title, are skipped). */
	do {
		err = src_next(&c);
	} while (!err && header_row > 0 && c.line < header_row);
	if (err == PTDV_NOTFOUND) {
		msgs_add(errs, header_row > 0 ? header_row : 1, NULL,
			"tệp trống: không có dòng tiêu đề");
		err = PTDV_INVALID;
		goto out;
	}
	if (err == PTDV_INVALID) {
		msgs_add(errs, c.line, NULL, "%s", c.msg);
		goto out;
	}
	if (err) {
		msgs_add(errs, 0, NULL, "lỗi đọc tệp '%s': %s", path, strerror(errno));
		goto out;
	}
	if (header_row > 0 && c.line != header_row) {
		msgs_add(errs, header_row, NULL, "dòng tiêu đề %ld trống", header_row);
		err = PTDV_INVALID;
		goto out;
	}
	if (!map_header(&run, e, &c, map, &ignored)) {
		err = PTDV_INVALID;
		goto out;
	}
	char *why = NULL;
	err = store_seen_open(&run.seen, &why);
	if (err) {
		msgs_add(errs, 0, NULL, "không tạo được tệp tạm để kiểm tra giá trị trùng: %s",
			why ? why : "");
		free(why);
		goto out;
	}
	/* Ctrl-C (or the web job's cancel) also stops the statements of the load, the long
	 * rebuilds after the rows above all. */
	store_set_cancel(app->st, app->cancel);
	err = store_begin(app->st);
	if (err) {
		app__db_error(app, errs);
		goto out;
	}
	in_tx = true;
	/* Orgs of the database are needed by both entities: codes, parents, kinds, dates. */
	err = store_org_each(app->st, NULL, load_org, &run);
	if (!err)
		err = store_person_max_id(app->st, &run.max_pid);
	run.had_people = run.max_pid > 0;
	/* A first load of people rebuilds the indexes once at the end instead of row by row;
	 * the file's own uniqueness is checked by the seen set. Cases are written in batches,
	 * and a file large beside the people present (8 bytes or more per person: a case is
	 * 100 to 200 bytes of CSV, more of a sheet's XML, so some 5% of the people or more)
	 * rebuilds the indexes it would enter at random places instead (store.h). */
	if (!err && entity == APP_MEMBERS && !run.had_people) {
		err = store_bulk_begin(app->st, STORE_BULK_PEOPLE);
		bulk = !err;
	} else if (!err && entity == APP_CANDIDATES) {
		err = store_bulk_begin(
			app->st, total / 8 >= run.max_pid ? STORE_BULK_CASES : STORE_BULK_ROWS);
		bulk = !err;
	}
	if (err) {
		app__db_error(app, errs);
		goto out;
	}
	for (;;) {
		if (app->cancel && *app->cancel) {
			msgs_add(errs, 0, NULL, "đã hủy theo yêu cầu; không có gì được ghi");
			err = PTDV_CANCELLED;
			goto out;
		}
		err = src_next(&c);
		if (err == PTDV_NOTFOUND)
			break;
		if (err == PTDV_INVALID) {
			msgs_add(errs, c.line, NULL, "%s", c.msg);
			goto out;
		}
		if (err) {
			msgs_add(errs, 0, NULL, "lỗi đọc tệp '%s': %s", path, strerror(errno));
			goto out;
		}
		struct row r;
		size_t nerrs = msgs_count(errs);
		if (!read_row(&run, e, &c, map, &norm, &r)) {
			run.writing = false;
			res->rows++;
			res->rejected++;
			continue;
		}
		if (row_empty(&r, e->ncols))
			continue;
		res->rows++;
		run.line = r.line;
		e->row(&run, &r);
		run.line = 0;
		if (msgs_count(errs) != nerrs) {
			res->rejected++;
			enum ptdv_err e2 = store_seen_reject(run.seen, r.line);
			if (e2)
				seen_failed(&run, e2);
		}
		if (run.dberr) {
			err = run.dberr;
			goto out;
		}
		if ((res->rows & 1023) == 0) { /* ftell is a system call: not for every row */
			src_progress(&c, &done, &total);
			progress_update(&pr, done, res->rows);
			if (opt && opt->on_progress)
				opt->on_progress(opt->progress_arg, done, total, res->rows);
		}
	}
	err = store_seen_each_repeat(run.seen, seen_repeat, &run);
	if (err) {
		seen_failed(&run, err);
		goto out;
	}
	res->rejected += run.seen_rejected;
	if (opt && opt->warnings)
		msgs_sort(opt->warnings);
	if (e->finish) {
		size_t nerrs = msgs_count(errs);
		e->finish(&run);
		res->rejected += (int64_t)(msgs_count(errs) - nerrs);
	}
	if (run.dberr) {
		err = run.dberr;
		goto out;
	}
	if (msgs_count(errs) > 0) {
		err = PTDV_INVALID;
		goto out;
	}
	if (opt && opt->dry_run) {
		err = PTDV_OK;
		goto out; /* rolled back: a dry run writes nothing */
	}
	if (bulk) {
		err = store_bulk_end(app->st);
		if (err) {
			app__db_error(app, errs);
			goto out;
		}
	}
	json_t *after =
		json_pack("{s:s, s:I, s:I, s:s}", "file", path, "added", (json_int_t)run.added,
			"changed", (json_int_t)run.changed, "ignored_columns", ignored.s);
	err = app__audit(app, e->action, "file", path, NULL, after);
	json_decref(after);
	if (!err)
		err = store_commit(app->st);
	if (err) {
		app__db_error(app, errs);
		goto out;
	}
	in_tx = false;
	res->written = true;
out:
	res->added = run.added;
	res->changed = run.changed;
	res->unchanged = run.unchanged;
	res->warnings = run.warned;
	msgs_sort(errs);
	if (in_tx)
		store_rollback(app->st);
	store_set_cancel(app->st, NULL);
	progress_end(&pr);
	snprintf(res->ignored, sizeof(res->ignored), "%s", ignored.s);
	res->seconds = progress_now() - t0;
	src_close(&c);
	buf_free(&norm);
	buf_free(&ignored);
	run_free(&run);
	return err;
}
