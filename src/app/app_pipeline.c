/*
 * app_pipeline.c — the admission pipeline's use cases: cases, steps, corrections, views,
 * deadlines, time in stage and the holiday calendar.
 *
 * Recording a step: load the case and its events inside the write transaction, build the
 * new event (a correction starts from the event it supersedes), look up what its rules
 * need (the members it names, the official members of the cell that day, the competent
 * committee, the calendar), let core/ replay the case with it, and only when nothing
 * fails insert it, apply its effects on the membership, rewrite the case's summary and
 * audit — all in one transaction.
 */
#include "app/app_pipeline.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "app/app_impl.h"
#include "app/cache.h"
#include "core/user.h"
#include "report/pipeline.h"
#include "store/store.h"
#include "store/store_pipeline.h"
#include "store/store_search.h"
#include "util/buf.h"
#include "util/xalloc.h"

#define CASE_FIELD "Hồ sơ"
#define STRUCK_OFF_REASON "Xóa tên"

void app_step_init(struct app_step *s)
{
	memset(s, 0, sizeof(*s));
	s->date = DATE_NONE;
	s->date2 = DATE_NONE;
	s->present = s->yes = s->size = -1;
}

static bool in_scope(const struct app *app, const struct org *o)
{
	return strncmp(o->path, app->scope_path, strlen(app->scope_path)) == 0;
}

static bool may_write(struct app *app, struct msgs *errs)
{
	if (core_role_can_write((enum role)app->role))
		return true;
	msgs_add(errs, 0, NULL, "vai trò %s không được ghi dữ liệu",
		core_role_name((enum role)app->role));
	return false;
}

static char *dup_or_null(const char *s)
{
	return s && *s ? xstrdup(s) : NULL;
}

/* --- one case inside a transaction --- */

struct case_ctx {
	struct store_candidate c;
	struct org org;
	struct person person;
	struct cand_event *ev;
	size_t n;
	bool base_cell, under_sub;
	int64_t holiday_rev; /* the calendar's revision, read with the case */
	/* The holiday calendar when the use case holds it already, else NULL: each step's
	 * facts then take their own (app__calendar at holiday_rev). */
	struct calendar *cal;
};

static void case_free(struct case_ctx *cc)
{
	core_org_clear(&cc->org);
	core_person_clear(&cc->person);
	store_cand_events_free(cc->ev, cc->n);
	memset(cc, 0, sizeof(*cc));
}

/*
 * Who referred a case: the source of its source event in force (the latest not superseded),
 * as store_case_each reads it; SRC_CELL when none names another. This function can't fail.
 */
static enum cand_source case_source(const struct cand_event *ev, size_t n)
{
	const struct cand_event *in_force = NULL;
	for (size_t i = 0; i < n; i++)
		if (ev[i].kind == EV_SOURCE && !ev[i].superseded &&
			(!in_force || ev[i].id > in_force->id))
			in_force = &ev[i];
	if (in_force && in_force->sub > SRC_CELL && in_force->sub < SRC__MAX)
		return (enum cand_source)in_force->sub;
	return SRC_CELL;
}

/* Whether the actor sees cases referred by src: a liaison only its own referrals. */
static bool source_visible(const struct app *app, enum cand_source src)
{
	return !app->source || (int)src == app->source;
}

/*
 * Loads case id when it is in the actor's scope (for a liaison: one of its referrals);
 * PTDV_NOTFOUND (with a message) otherwise.
 */
static enum ptdv_err case_load(struct app *app, int64_t id, struct case_ctx *cc, struct msgs *errs)
{
	/* The case, its cell, the kind of the cell's superior and the person in one read. */
	enum org_kind parent_kind = 0;
	enum ptdv_err err = store_candidate_get_in(
		app->st, id, &cc->c, &cc->org, &parent_kind, &cc->person, &cc->holiday_rev);
	if (!err && !in_scope(app, &cc->org))
		err = PTDV_NOTFOUND;
	if (!err)
		err = store_cand_events(app->st, id, &cc->ev, &cc->n);
	if (!err && !source_visible(app, case_source(cc->ev, cc->n)))
		err = PTDV_NOTFOUND;
	if (err == PTDV_NOTFOUND) {
		msgs_add(errs, 0, CASE_FIELD, "không tìm thấy hồ sơ số %lld", (long long)id);
		return err;
	}
	cc->under_sub = parent_kind == ORG_SUB_COMMITTEE;
	cc->base_cell = cc->org.kind == ORG_BASE_CELL;
	if (err)
		app__db_error(app, errs);
	return err;
}

/*
 * The competent committee for a cell on a day: the nearest Đảng bộ cấp trên above it alive
 * that day (rule 15). PTDV_NOTFOUND when none.
 */
static enum ptdv_err competent_org(
	struct app *app, const struct org *cell, date_t day, struct org *out)
{
	int64_t pid = cell->parent_id;
	while (pid) {
		struct org p = {0};
		enum ptdv_err err = store_org_by_id(app->st, pid, &p);
		if (err)
			return err;
		if (p.kind == ORG_SUPERIOR && core_org_alive(&p, day)) {
			*out = p;
			return PTDV_OK;
		}
		pid = p.parent_id;
		core_org_clear(&p);
	}
	return PTDV_NOTFOUND;
}

/* "Nguyễn Văn A (thẻ 27012345)" */
static char *member_label(const struct store_member_fact *f)
{
	struct buf b = BUF_INIT;
	buf_adds(&b, f->name);
	if (f->card)
		buf_addf(&b, " (thẻ %s)", f->card);
	return buf_detach(&b);
}

/* What the rules see of a membership on day: a member then, and the official date known then. */
static void member_on(const struct store_member_fact *f, date_t day, bool *member, date_t *official)
{
	*member = f->ceremony != DATE_NONE && f->ceremony <= day &&
		  (f->exit == DATE_NONE || f->exit > day);
	*official = f->official != DATE_NONE && (f->recognized == DATE_NONE || f->recognized <= day)
			    ? f->official
			    : DATE_NONE;
}

/* The facts of every introducer on file, on the day of each introduction. */
struct intro_facts {
	struct rule_introducer *v;
	char **names;
	size_t n;
};

static void intro_facts_free(struct intro_facts *f)
{
	for (size_t i = 0; i < f->n; i++)
		free(f->names[i]);
	free(f->names);
	free(f->v);
	memset(f, 0, sizeof(*f));
}

static enum ptdv_err intro_facts_load(
	struct app *app, const struct cand_event *ev, size_t n, struct intro_facts *out)
{
	out->v = xcalloc(n ? n : 1, sizeof(*out->v));
	out->names = xcalloc(n ? n : 1, sizeof(*out->names));
	for (size_t i = 0; i < n; i++) {
		const struct cand_event *e = &ev[i];
		if (e->kind != EV_DOCUMENT || e->sub != DOC_INTRODUCTION || !e->ref)
			continue;
		struct store_member_fact f = {0};
		enum ptdv_err err = store_member_fact_get(app->st, e->ref, e->date, &f);
		if (err == PTDV_NOTFOUND)
			continue;
		if (err)
			return err;
		struct rule_introducer *x = &out->v[out->n];
		out->names[out->n] = e->ref_label ? xstrdup(e->ref_label) : member_label(&f);
		x->name = out->names[out->n];
		x->introduced = e->date;
		member_on(&f, e->date, &x->member, &x->official);
		x->together_since = e->date2;
		x->event_id = e->id;
		out->n++;
		store_member_fact_clear(&f);
	}
	return PTDV_OK;
}

/* --- building the event of a step --- */

static bool need(bool ok, struct msgs *errs, const char *field, const char *what, enum cand_ev k)
{
	if (!ok)
		msgs_add(errs, 0, field, "bước '%s' cần %s", core_cand_ev_word(k), what);
	return ok;
}

/* What the rules of the step need besides the events. */
struct step_facts {
	struct calendar *cal; /* the case's (struct case_ctx), or held by cal_held */
	const struct cache_entry *cal_held;
	struct rule_set rules;
	struct org competent;
	bool has_competent;
	char *deciding;
	char *ref_name;
	date_t ref_official;
	bool ref_member;
	int64_t cell_official;
	struct intro_facts intros;
	date_t prior_exit;
	char *prior_reason;
	bool prior_active;
};

/* Sets f->cal: the case's calendar when it holds one, else the calendar at its revision. */
static enum ptdv_err facts_calendar(
	struct app *app, const struct case_ctx *cc, struct step_facts *f)
{
	if (cc->cal) {
		f->cal = cc->cal;
		return PTDV_OK;
	}
	return app__calendar(app->st, &cc->holiday_rev, &f->cal_held, &f->cal);
}

static void step_facts_free(struct step_facts *f)
{
	app_cache_release(f->cal_held);
	core_org_clear(&f->competent);
	free(f->deciding);
	free(f->ref_name);
	free(f->prior_reason);
	intro_facts_free(&f->intros);
	memset(f, 0, sizeof(*f));
}

/* Copies the strings of an event into t (a correction starts from the event it corrects). */
static void event_copy(struct cand_event *t, const struct cand_event *e)
{
	*t = *e;
	t->ref_label = dup_or_null(e->ref_label);
	t->number = dup_or_null(e->number);
	t->text = dup_or_null(e->text);
	t->recorded_by = NULL;
	t->superseded = false;
}

static void replace(char **dst, const char *s)
{
	if (!s)
		return;
	free(*dst);
	*dst = dup_or_null(s);
}

/*
 * Builds the event of step s for case cc into t and looks up the facts its rules need.
 * Problems with the input are added to errs (PTDV_INVALID); a member or org that does not
 * exist too.
 */
static enum ptdv_err step_build(struct app *app, struct case_ctx *cc, const struct app_step *s,
	struct cand_event *t, struct step_facts *f, struct msgs *errs)
{
	size_t had = msgs_count(errs);
	enum ptdv_err err = PTDV_OK;
	memset(t, 0, sizeof(*t));
	t->date = t->date2 = DATE_NONE;
	if (s->supersedes) {
		const struct cand_event *old = NULL;
		for (size_t i = 0; i < cc->n && !old; i++)
			if (cc->ev[i].id == s->supersedes)
				old = &cc->ev[i];
		if (!old) {
			msgs_add(errs, 0, "--supersedes", "hồ sơ số %lld không có sự kiện #%lld",
				(long long)cc->c.id, (long long)s->supersedes);
			return PTDV_INVALID;
		}
		if (old->superseded) {
			msgs_add(errs, 0, "--supersedes",
				"sự kiện #%lld đã được sửa; hãy sửa bản sửa mới nhất",
				(long long)old->id);
			return PTDV_INVALID;
		}
		if (s->kind && s->kind != old->kind) {
			msgs_add(errs, 0, "--supersedes",
				"sự kiện #%lld là '%s', không phải '%s'; bản sửa phải cùng loại",
				(long long)old->id, core_cand_ev_word(old->kind),
				core_cand_ev_word(s->kind));
			return PTDV_INVALID;
		}
		event_copy(t, old);
		t->supersedes = old->id;
	} else {
		t->kind = s->kind;
		if (t->kind == EV_SOURCE) {
			msgs_add(errs, 0, NULL,
				"bước 'source' chỉ ghi khi thêm người vào danh sách nguồn "
				"(ptdv candidate add) hoặc để sửa (--supersedes)");
			return PTDV_INVALID;
		}
	}
	t->candidate_id = cc->c.id;
	t->id = INT64_MAX; /* sorts after every event of its day and rank */
	if (s->sub)
		t->sub = s->sub;
	if (s->date != DATE_NONE)
		t->date = s->date;
	if (s->date2 != DATE_NONE)
		t->date2 = s->date2;
	replace(&t->number, s->number);
	replace(&t->text, s->text);
	enum cand_ev k = t->kind;
	if (k <= 0 || k >= EV__MAX) {
		msgs_add(errs, 0, NULL, "bước không hợp lệ");
		return PTDV_INVALID;
	}
	need(t->date != DATE_NONE, errs, "--date", "ngày (--date)", k);
	bool fresh = !s->supersedes;
	switch (k) {
	case EV_HELPER:
		if (fresh)
			t->sub = cc->c.sum.entered[STAGE_CEREMONY] != DATE_NONE ? HELPER_PROBATION
										: HELPER_CANDIDATE;
		need(s->member || t->ref, errs, "--member", "đảng viên giúp đỡ (--member)", k);
		break;
	case EV_COURSE:
		need(t->number != NULL, errs, "--number", "số giấy chứng nhận (--number)", k);
		break;
	case EV_DOCUMENT:
		if (need(t->sub > 0 && t->sub < DOC__MAX, errs, "--doc", "loại tài liệu (--doc)",
			    k) &&
			t->sub == DOC_INTRODUCTION)
			need(s->member || t->ref, errs, "--member", "người giới thiệu (--member)",
				k);
		break;
	case EV_CELL_VOTE:
	case EV_RECOG_CELL_VOTE:
		if (s->present >= 0)
			t->votes[1] = s->present;
		if (s->yes >= 0)
			t->votes[2] = s->yes;
		need(fresh ? s->present >= 0 && s->yes >= 0 : true, errs, "--yes",
			"số có mặt (--present) và số tán thành (--yes)", k);
		break;
	case EV_COMMITTEE_VOTE:
	case EV_RECOG_COMMITTEE_VOTE:
		if (s->size >= 0)
			t->votes[0] = s->size;
		if (s->yes >= 0)
			t->votes[2] = s->yes;
		if (s->present >= 0)
			t->votes[1] = s->present;
		else if (fresh)
			t->votes[1] = t->votes[0];
		need(fresh ? s->size >= 0 && s->yes >= 0 : true, errs, "--yes",
			"số ủy viên (--size) và số tán thành (--yes)", k);
		break;
	case EV_DECISION:
	case EV_RECOG_DECISION:
	case EV_STRIKE_OFF:
		need(t->number != NULL, errs, "--number", "số quyết định (--number)", k);
		break;
	case EV_ASSESSMENT:
		need(t->sub == ASSESS_SELF || t->sub == ASSESS_HELPER, errs, "--kind",
			"loại: self (tự kiểm điểm) hoặc helper (nhận xét của người giúp đỡ)", k);
		break;
	case EV_LEAVE:
		need(t->text != NULL, errs, "--reason", "lý do (--reason)", k);
		break;
	case EV_EXCEPTION:
		need(t->sub > 0 && t->sub < EXC__MAX, errs, "--kind", "loại ngoại lệ (--kind)", k);
		need(t->number != NULL, errs, "--number", "số, ký hiệu văn bản (--number)", k);
		if (app->role != ROLE_ADMIN && app->role != ROLE_STAFF) {
			msgs_add(errs, 0, NULL,
				"chỉ cán bộ Ban Tổ chức hoặc quản trị viên được ghi nhận trường hợp "
				"ngoại lệ");
			return PTDV_DENIED;
		}
		break;
	default:
		break;
	}
	if (msgs_count(errs) != had)
		return PTDV_INVALID;

	/* The facts the rules need. */
	core_rules_default(t->date, &f->rules);
	err = facts_calendar(app, cc, f);
	if (err)
		return err;
	if (s->member && (k == EV_HELPER || (k == EV_DOCUMENT && t->sub == DOC_INTRODUCTION))) {
		int64_t mid;
		err = store_member_find(app->st, s->member, &mid);
		if (err == PTDV_NOTFOUND) {
			msgs_add(errs, 0, "--member",
				"không tìm thấy đảng viên có số thẻ hoặc số CCCD '%s'", s->member);
			return PTDV_INVALID;
		}
		if (err)
			return err;
		t->ref = mid;
		free(t->ref_label);
		t->ref_label = NULL;
	}
	if (t->ref && (k == EV_HELPER || k == EV_DOCUMENT)) {
		struct store_member_fact m = {0};
		err = store_member_fact_get(app->st, t->ref, t->date, &m);
		if (err)
			return err;
		if (!t->ref_label)
			t->ref_label = member_label(&m);
		f->ref_name = xstrdup(t->ref_label);
		member_on(&m, t->date, &f->ref_member, &f->ref_official);
		/* Working together since: by default, since the introducer came to this cell. */
		if (k == EV_DOCUMENT && t->date2 == DATE_NONE) {
			if (m.org_id == cc->org.id)
				t->date2 = m.placed_since;
			else
				msgs_add(errs, 0, "--since",
					"người giới thiệu không sinh hoạt ở chi bộ %s: cần ngày bắt "
					"đầu công tác cùng người vào Đảng (--since)",
					cc->org.code);
		}
		store_member_fact_clear(&m);
		if (msgs_count(errs) != had)
			return PTDV_INVALID;
	}
	if (k == EV_CELL_VOTE || k == EV_RECOG_CELL_VOTE) {
		err = store_count_official_in(app->st, cc->org.id, t->date, &f->cell_official);
		if (err)
			return err;
		t->votes[0] = (int)f->cell_official;
	}
	if (k == EV_DECISION || k == EV_RECOG_DECISION) {
		err = competent_org(app, &cc->org, t->date, &f->competent);
		if (err && err != PTDV_NOTFOUND)
			return err;
		f->has_competent = err == PTDV_OK;
		err = PTDV_OK;
		if (s->org_code) {
			struct org d = {0};
			err = store_org_by_code(app->st, s->org_code, &d);
			if (err == PTDV_NOTFOUND) {
				msgs_add(errs, 0, "--org", "không tìm thấy tổ chức có mã '%s'",
					s->org_code);
				return PTDV_INVALID;
			}
			if (err)
				return err;
			t->ref = d.id;
			replace(&t->ref_label, d.code);
			core_org_clear(&d);
		} else if (fresh && f->has_competent) {
			t->ref = f->competent.id;
			replace(&t->ref_label, f->competent.code);
		}
		f->deciding = dup_or_null(t->ref_label);
	}
	if (k == EV_CELL_VOTE) {
		err = intro_facts_load(app, cc->ev, cc->n, &f->intros);
		if (err)
			return err;
	}
	return PTDV_OK;
}

/* The facts of an earlier membership of the person (readmission). */
static enum ptdv_err prior_membership(
	struct app *app, int64_t person_id, date_t day, struct step_facts *f)
{
	int64_t mid;
	f->prior_exit = DATE_NONE;
	enum ptdv_err err = store_member_of_person(app->st, person_id, &mid);
	if (err || !mid)
		return err;
	struct store_member_fact m = {0};
	err = store_member_fact_get(app->st, mid, day, &m);
	if (err)
		return err;
	if (m.ceremony != DATE_NONE && m.ceremony > day) {
		store_member_fact_clear(&m); /* a membership that came later (this case's own) */
		return PTDV_OK;
	}
	f->prior_active = m.exit == DATE_NONE || m.exit > day;
	f->prior_exit = m.exit;
	f->prior_reason = dup_or_null(m.exit_reason);
	store_member_fact_clear(&m);
	return PTDV_OK;
}

static void ctx_fill(
	struct app *app, const struct case_ctx *cc, struct step_facts *f, struct cand_ctx *ctx)
{
	memset(ctx, 0, sizeof(*ctx));
	ctx->rules = &f->rules;
	ctx->cal = f->cal;
	ctx->person = &cc->person;
	ctx->today = app->today;
	ctx->base_cell = cc->base_cell;
	ctx->under_sub = cc->under_sub;
	ctx->cell_official = (int)f->cell_official;
	ctx->competent = f->has_competent ? f->competent.code : NULL;
	ctx->deciding = f->deciding;
	ctx->introducers = f->intros.v;
	ctx->nintroducers = f->intros.n;
	ctx->ref_name = f->ref_name;
	ctx->ref_official = f->ref_official;
	ctx->ref_member = f->ref_member;
	ctx->prior_exit = f->prior_exit;
	ctx->prior_exit_reason = f->prior_reason;
	ctx->prior_active = f->prior_active;
}

/* The case's events with t added, in pipeline order (t's strings are shared, not copied). */
static struct cand_event *with_event(
	const struct case_ctx *cc, const struct cand_event *t, size_t *n)
{
	struct cand_event *v = xmalloc((cc->n + 1) * sizeof(*v));
	if (cc->n)
		memcpy(v, cc->ev, cc->n * sizeof(*v));
	v[cc->n] = *t;
	*n = cc->n + 1;
	core_candidate_sort(v, *n);
	return v;
}

static const struct cand_event *find_event(const struct cand_event *v, size_t n, int64_t id)
{
	for (size_t i = 0; i < n; i++)
		if (v[i].id == id)
			return &v[i];
	return NULL;
}

/*
 * The membership a case makes at its ceremony: the case's decision and ceremony, the end
 * of probation once official (*recognized: the day that was decided), the strike-off as
 * its exit. No card, no exit recorded elsewhere (apply_effects adds those).
 */
static void new_membership(const struct store_candidate *c, const struct cand_state *s,
	struct member *m, date_t *recognized)
{
	*m = (struct member){
		.person_id = c->person_id,
		.org_id = c->org_id,
		.decision_date = s->entered[STAGE_DECISION],
		.ceremony_date = s->entered[STAGE_CEREMONY],
		.official_date = DATE_NONE,
		.exit_date = DATE_NONE,
	};
	*recognized = DATE_NONE;
	if (s->outcome == OUTCOME_OFFICIAL) {
		m->official_date = s->probation_end;
		*recognized = s->closed;
	}
	if (s->outcome == OUTCOME_STRUCK_OFF) {
		m->exit_date = s->closed;
		m->exit_reason = STRUCK_OFF_REASON;
	}
}

/* The membership as the case's events make it. */
static enum ptdv_err apply_effects(struct app *app, struct case_ctx *cc, const struct cand_state *s)
{
	enum ptdv_err err = PTDV_OK;
	if (s->entered[STAGE_CEREMONY] == DATE_NONE)
		return PTDV_OK;
	struct member m;
	date_t recognized;
	new_membership(&cc->c, s, &m, &recognized);
	if (!cc->c.member_id) {
		err = store_member_insert(app->st, &m);
		if (err)
			return err;
		cc->c.member_id = m.id;
	}
	struct store_member_fact f = {0};
	err = store_member_fact_get(app->st, cc->c.member_id, s->entered[STAGE_CEREMONY], &f);
	if (err)
		return err;
	m.id = cc->c.member_id;
	m.card_no = f.card;
	/* An exit recorded elsewhere (a death, a transfer out) stays; a strike-off is ours. */
	if (s->outcome != OUTCOME_STRUCK_OFF) {
		m.exit_date = f.exit;
		m.exit_reason = f.exit_reason;
	}
	err = store_member_set_dates(app->st, &m, recognized);
	store_member_fact_clear(&f);
	return err;
}

static json_t *event_json(const struct cand_event *e)
{
	char a[DATE_STRLEN], b[DATE_STRLEN];
	json_t *o = json_pack("{s:I, s:I, s:s, s:s}", "case", (json_int_t)e->candidate_id, "event",
		(json_int_t)e->id, "step", core_cand_ev_word(e->kind), "date",
		date_format_iso(e->date, a));
	if (e->sub)
		json_object_set_new(o, "sub", json_integer(e->sub));
	if (e->date2 != DATE_NONE)
		json_object_set_new(o, "date2", json_string(date_format_iso(e->date2, b)));
	if (e->ref_label)
		json_object_set_new(o, "ref", json_string(e->ref_label));
	if (e->number)
		json_object_set_new(o, "number", json_string(e->number));
	if (e->text)
		json_object_set_new(o, "text", json_string(e->text));
	if (e->votes[0] || e->votes[1] || e->votes[2])
		json_object_set_new(
			o, "votes", json_pack("[i, i, i]", e->votes[0], e->votes[1], e->votes[2]));
	if (e->supersedes)
		json_object_set_new(o, "supersedes", json_integer(e->supersedes));
	return o;
}

/*
 * Checks t against the case, and when nothing fails records it with its effects and audit.
 * Runs inside the caller's transaction.
 */
static enum ptdv_err record(struct app *app, struct case_ctx *cc, struct cand_event *t,
	struct step_facts *f, const char *action, struct msgs *errs)
{
	struct cand_ctx ctx;
	size_t n;
	ctx_fill(app, cc, f, &ctx);
	struct cand_event *v = with_event(cc, t, &n);
	const struct cand_event *target = find_event(v, n, t->id);
	int failed = core_candidate_check(&ctx, v, n, target, errs);
	free(v);
	if (failed)
		return PTDV_INVALID;

	t->recorded_by = xstrdup(app->actor);
	t->recorded_at = (int64_t)time(NULL);
	enum ptdv_err err = store_cand_event_insert(app->st, t);
	if (err == PTDV_CONFLICT) {
		msgs_add(errs, 0, "--supersedes", "sự kiện #%lld vừa được sửa bởi người khác",
			(long long)t->supersedes);
		return PTDV_CONFLICT;
	}
	if (err)
		return err;

	/* The case as it now stands: its summary and its membership. */
	v = with_event(cc, t, &n);
	for (size_t i = 0; i < n; i++)
		if (t->supersedes && v[i].id == t->supersedes)
			v[i].superseded = true;
	struct cand_state s;
	core_candidate_fold(v, n, INT32_MAX, 0, &s);
	core_candidate_summarize(&s, &cc->c.sum);
	err = apply_effects(app, cc, &s);
	free(v);
	if (!err)
		err = store_candidate_update(app->st, &cc->c);
	if (!err) {
		json_t *after = event_json(t);
		char key[24];
		snprintf(key, sizeof(key), "%lld", (long long)cc->c.id);
		err = app__audit(app, action, "candidate", key, NULL, after);
		json_decref(after);
	}
	return err;
}

enum ptdv_err app_candidate_advance(
	struct app *app, int64_t id, const struct app_step *s, int64_t *event_id, struct msgs *errs)
{
	struct case_ctx cc = {0};
	struct cand_event t = {0};
	struct step_facts f = {0};
	size_t had = msgs_count(errs);
	char action[64];
	if (!may_write(app, errs))
		return PTDV_DENIED;
	enum ptdv_err err = store_begin(app->st);
	if (err) {
		app__db_error(app, errs);
		return err;
	}
	err = case_load(app, id, &cc, errs);
	if (!err)
		err = step_build(app, &cc, s, &t, &f, errs);
	if (!err && t.kind == EV_SOURCE)
		err = prior_membership(app, cc.c.person_id, t.date, &f);
	if (!err && t.kind == EV_LEAVE && cc.c.member_id) {
		struct store_member_fact m = {0};
		err = store_member_fact_get(app->st, cc.c.member_id, t.date, &m);
		if (!err && (m.exit == DATE_NONE || m.exit > t.date)) {
			msgs_add(errs, 0, CASE_FIELD,
				"người này đã được kết nạp và vẫn là đảng viên: dùng bước 'strike-off' "
				"(xóa tên) nếu không được công nhận chính thức");
			err = PTDV_INVALID;
		}
		store_member_fact_clear(&m);
	}
	if (!err && t.date != DATE_NONE && t.kind < EV_CEREMONY &&
		!core_org_alive(&cc.org, t.date)) {
		char a[DATE_STRLEN];
		msgs_add(errs, 0, CASE_FIELD, "chi bộ '%s' chưa thành lập hoặc đã giải thể ngày %s",
			cc.org.code, date_format(t.date, a));
		err = PTDV_INVALID;
	}
	if (!err) {
		snprintf(action, sizeof(action), "candidate.%s%s", core_cand_ev_word(t.kind),
			t.supersedes ? ".correct" : "");
		err = record(app, &cc, &t, &f, action, errs);
	}
	if (!err)
		err = store_commit(app->st);
	if (err) {
		if (msgs_count(errs) == had)
			app__db_error(app, errs);
		store_rollback(app->st);
	} else if (event_id) {
		*event_id = t.id;
	}
	core_cand_event_clear(&t);
	step_facts_free(&f);
	case_free(&cc);
	return err;
}

enum ptdv_err app__case_insert(struct app *app, int64_t person_id, int64_t org_id,
	int64_t *member_id, struct cand_event *ev, size_t n, int64_t *id)
{
	struct store_candidate c = {0};
	struct cand_state s;
	int64_t now = (int64_t)time(NULL);
	enum ptdv_err err = PTDV_OK;
	core_candidate_sort(ev, n);
	core_candidate_fold(ev, n, INT32_MAX, 0, &s);
	c.person_id = person_id;
	c.org_id = org_id;
	c.member_id = member_id ? *member_id : 0;
	core_candidate_summarize(&s, &c.sum);
	/* A member written by the caller is the caller's to keep in line with the events;
	 * a new one is written whole, before the case that names it. */
	if (!c.member_id && s.entered[STAGE_CEREMONY] != DATE_NONE) {
		struct member m;
		date_t recognized;
		new_membership(&c, &s, &m, &recognized);
		err = store_member_insert(app->st, &m);
		if (!err && recognized != DATE_NONE)
			err = store_member_set_recognized(app->st, m.id, recognized);
		c.member_id = m.id;
	}
	if (!err)
		err = store_candidate_insert(app->st, &c);
	for (size_t i = 0; i < n; i++) {
		ev[i].candidate_id = c.id;
		if (!ev[i].recorded_by)
			ev[i].recorded_by = app->actor;
		if (!ev[i].recorded_at)
			ev[i].recorded_at = now;
	}
	if (!err)
		err = store_cand_events_insert(app->st, ev, n);
	if (!err) {
		*id = c.id;
		if (member_id)
			*member_id = c.member_id;
	}
	return err;
}

/* --- new cases --- */

static int check_person(const struct app *app, const struct person *p, struct msgs *errs)
{
	char a[DATE_STRLEN];
	int n = 0;
	if (!p->full_name || !*p->full_name) {
		msgs_add(errs, 0, "--name", "cần họ và tên");
		n++;
	}
	if (p->gender != GENDER_MALE && p->gender != GENDER_FEMALE) {
		msgs_add(errs, 0, "--gender", "cần giới tính: Nam hoặc Nữ");
		n++;
	}
	if (p->birth_date == DATE_NONE) {
		msgs_add(errs, 0, "--birth", "cần ngày sinh (để tính tuổi theo quy tắc 1)");
		n++;
	} else if (p->birth_date > app->today) {
		msgs_add(errs, 0, "--birth", "ngày sinh %s ở tương lai",
			date_format(p->birth_date, a));
		n++;
	}
	if (p->citizen_id && *p->citizen_id) {
		struct msgs cid;
		msgs_init(&cid, 0);
		if (core_citizen_id_check(p->citizen_id, p->gender, p->birth_date, 0, &cid)) {
			msgs_add(errs, 0, "--cid", "%s", cid.v[0].text);
			n++;
		}
		msgs_free(&cid);
	}
	return n;
}

enum ptdv_err app_candidate_add(
	struct app *app, const struct app_candidate_new *in, int64_t *id, struct msgs *errs)
{
	struct case_ctx cc = {0};
	struct cand_event t = {0};
	struct step_facts f = {0};
	size_t had = msgs_count(errs);
	char a[DATE_STRLEN];
	bool tx = false;
	enum ptdv_err err = PTDV_OK;
	if (!core_role_can_refer((enum role)app->role)) {
		(void)may_write(app, errs); /* says why */
		return PTDV_DENIED;
	}
	/* A liaison refers for its own mass organisation, whatever the form said. */
	enum cand_source source = app->source ? (enum cand_source)app->source : in->source;
	check_person(app, &in->person, errs);
	if (in->date == DATE_NONE)
		msgs_add(errs, 0, "--date", "cần ngày vào danh sách nguồn");
	if (source <= 0 || source >= SRC__MAX)
		msgs_add(errs, 0, "--source", "nguồn giới thiệu không hợp lệ");
	err = app_org_get(app, in->org_code, "--org", &cc.org, errs);
	if (err == PTDV_OK && cc.org.kind != ORG_CELL && cc.org.kind != ORG_BASE_CELL)
		msgs_add(errs, 0, "--org", "'%s' là %s, không phải chi bộ", cc.org.code,
			core_org_kind_name(cc.org.kind));
	if (err == PTDV_OK && in->date != DATE_NONE && !core_org_alive(&cc.org, in->date))
		msgs_add(errs, 0, "--org", "chi bộ '%s' chưa thành lập hoặc đã giải thể ngày %s",
			cc.org.code, date_format(in->date, a));
	if (msgs_count(errs) != had) {
		err = err ? err : PTDV_INVALID;
		goto out;
	}
	err = store_begin(app->st);
	if (err)
		goto out;
	tx = true;
	/* The person: found by citizen ID, or new. */
	int64_t pid = 0;
	if (in->person.citizen_id && *in->person.citizen_id) {
		err = store_person_by_citizen_id(app->st, in->person.citizen_id, &pid);
		if (err == PTDV_NOTFOUND) {
			err = PTDV_OK;
			pid = 0;
		}
		if (err)
			goto out;
	}
	if (pid) {
		int64_t open;
		err = store_candidate_open_of(app->st, pid, &open);
		if (!err && open) {
			msgs_add(errs, 0, "--cid", "người có số CCCD '%s' đang có hồ sơ số %lld",
				in->person.citizen_id, (long long)open);
			err = PTDV_CONFLICT;
		}
		if (!err)
			err = store_person_get(app->st, pid, &cc.person);
	} else {
		cc.person = in->person;
		cc.person.full_name = xstrdup(in->person.full_name);
		cc.person.citizen_id = dup_or_null(in->person.citizen_id);
		cc.person.ethnicity = dup_or_null(in->person.ethnicity);
		cc.person.religion = dup_or_null(in->person.religion);
		err = store_person_insert(app->st, &cc.person);
	}
	if (err)
		goto out;
	cc.base_cell = cc.org.kind == ORG_BASE_CELL;
	cc.c.person_id = cc.person.id;
	cc.c.org_id = cc.org.id;
	t = (struct cand_event){
		.kind = EV_SOURCE,
		.sub = source,
		.date = in->date,
		.date2 = DATE_NONE,
		.text = dup_or_null(in->note),
		.id = INT64_MAX,
	};
	core_rules_default(in->date, &f.rules);
	err = facts_calendar(app, &cc, &f);
	if (!err)
		err = prior_membership(app, cc.person.id, in->date, &f);
	if (err)
		goto out;
	/* The case row first (events refer to it), with the summary of its one event. */
	struct cand_state s;
	core_candidate_fold(&t, 1, INT32_MAX, 0, &s);
	core_candidate_summarize(&s, &cc.c.sum);
	err = store_candidate_insert(app->st, &cc.c);
	if (err)
		goto out;
	t.candidate_id = cc.c.id;
	err = record(app, &cc, &t, &f, "candidate.add", errs);
	if (!err)
		err = store_commit(app->st);
	if (!err) {
		tx = false;
		*id = cc.c.id;
	}
out:
	if (err && msgs_count(errs) == had)
		app__db_error(app, errs);
	if (tx)
		store_rollback(app->st);
	core_cand_event_clear(&t);
	step_facts_free(&f);
	case_free(&cc);
	return err;
}

/*
 * The facts the rules of an event already recorded need (as step_build looks them up for a
 * new one): the member it names, the official members of the cell that day, the competent
 * committee, the introducers on file, an earlier membership.
 */
static enum ptdv_err facts_load(
	struct app *app, struct case_ctx *cc, const struct cand_event *e, struct step_facts *f)
{
	enum ptdv_err err;
	core_rules_default(e->date, &f->rules);
	err = facts_calendar(app, cc, f);
	if (!err && e->ref && (e->kind == EV_HELPER || e->kind == EV_DOCUMENT)) {
		struct store_member_fact m = {0};
		err = store_member_fact_get(app->st, e->ref, e->date, &m);
		if (!err) {
			f->ref_name = e->ref_label ? xstrdup(e->ref_label) : member_label(&m);
			member_on(&m, e->date, &f->ref_member, &f->ref_official);
		}
		store_member_fact_clear(&m);
	}
	if (!err && (e->kind == EV_CELL_VOTE || e->kind == EV_RECOG_CELL_VOTE))
		err = store_count_official_in(app->st, cc->org.id, e->date, &f->cell_official);
	if (!err && (e->kind == EV_DECISION || e->kind == EV_RECOG_DECISION)) {
		err = competent_org(app, &cc->org, e->date, &f->competent);
		f->has_competent = err == PTDV_OK;
		if (err == PTDV_NOTFOUND)
			err = PTDV_OK;
		f->deciding = dup_or_null(e->ref_label);
	}
	if (!err && e->kind == EV_CELL_VOTE)
		err = intro_facts_load(app, cc->ev, cc->n, &f->intros);
	if (!err && e->kind == EV_SOURCE)
		err = prior_membership(app, cc->c.person_id, e->date, f);
	return err;
}

enum ptdv_err app_candidate_verify(struct app *app, int64_t id, struct msgs *out, struct msgs *errs)
{
	char a[DATE_STRLEN];
	struct case_ctx cc = {0};
	enum ptdv_err err = store_begin_read(app->st);
	if (err) {
		app__db_error(app, errs);
		return err;
	}
	err = case_load(app, id, &cc, errs);
	for (size_t i = 0; !err && i < cc.n; i++) {
		const struct cand_event *e = &cc.ev[i];
		if (e->superseded)
			continue;
		struct step_facts f = {0};
		struct cand_ctx ctx;
		struct msgs m;
		msgs_init(&m, 0);
		err = facts_load(app, &cc, e, &f);
		if (!err) {
			ctx_fill(app, &cc, &f, &ctx);
			core_candidate_check(&ctx, cc.ev, cc.n, e, &m);
			if ((e->kind == EV_CELL_VOTE || e->kind == EV_RECOG_CELL_VOTE) &&
				e->votes[0] != (int)f.cell_official)
				msgs_add(&m, 0, "Biểu quyết",
					"ghi %d đảng viên chính thức, danh sách sinh hoạt cho %lld",
					e->votes[0], (long long)f.cell_official);
		}
		for (size_t k = 0; k < m.n; k++)
			msgs_add(out, 0, m.v[k].field, "#%lld %s ngày %s: %s", (long long)e->id,
				core_cand_ev_word(e->kind), date_format(e->date, a), m.v[k].text);
		msgs_free(&m);
		step_facts_free(&f);
	}
	if (err && err != PTDV_NOTFOUND)
		app__db_error(app, errs);
	store_rollback(app->st);
	case_free(&cc);
	return err;
}

/* --- views --- */

enum ptdv_err app_candidate_find(struct app *app, const char *key, int64_t *id, struct msgs *errs)
{
	char *end;
	long long v = strtoll(key, &end, 10);
	if (*key && !*end && strlen(key) < 12 && v > 0) {
		*id = v;
		return PTDV_OK;
	}
	enum ptdv_err err = store_candidate_by_citizen_id(app->st, key, id);
	if (err == PTDV_NOTFOUND)
		msgs_add(errs, 0, CASE_FIELD, "không tìm thấy hồ sơ số hoặc số CCCD '%s'", key);
	else if (err)
		app__db_error(app, errs);
	return err;
}

/* What the main next step of a case lacks on day: its checks with no vote numbers yet. */
static enum ptdv_err needs_of(struct app *app, struct case_ctx *cc, struct app_case *out)
{
	static const enum cand_ev checked[] = {
		EV_CELL_VOTE, EV_DECISION, EV_CEREMONY, EV_RECOG_CELL_VOTE, EV_RECOG_DECISION};
	enum cand_ev k = 0;
	for (int j = 0; out->next[j] && !k; j++)
		for (size_t i = 0; i < sizeof(checked) / sizeof(checked[0]); i++)
			if (checked[i] == out->next[j])
				k = out->next[j];
	if (!k)
		return PTDV_OK;
	out->needs_for = k;
	struct app_step s;
	struct cand_event t = {0};
	struct step_facts f = {0};
	struct msgs ignore;
	app_step_init(&s);
	s.kind = k;
	s.date = out->as_of;
	s.number = "?";
	s.present = s.yes = 0;
	msgs_init(&ignore, 0);
	enum ptdv_err err = step_build(app, cc, &s, &t, &f, &ignore);
	if (!err) {
		struct cand_ctx ctx;
		size_t n;
		ctx_fill(app, cc, &f, &ctx);
		ctx.skip_votes = true;
		ctx.today = out->as_of;
		struct cand_event *v = with_event(cc, &t, &n);
		core_candidate_check(&ctx, v, n, find_event(v, n, t.id), &out->needs);
		free(v);
	}
	msgs_free(&ignore);
	core_cand_event_clear(&t);
	step_facts_free(&f);
	return err == PTDV_INVALID ? PTDV_OK : err;
}

enum ptdv_err app_candidate_show(
	struct app *app, int64_t id, date_t as_of, struct app_case *out, struct msgs *errs)
{
	struct case_ctx cc = {0};
	memset(out, 0, sizeof(*out));
	msgs_init(&out->needs, 0);
	enum ptdv_err err = store_begin_read(app->st);
	if (err) {
		app__db_error(app, errs);
		return err;
	}
	const struct cache_entry *cal_held = NULL;
	err = case_load(app, id, &cc, errs);
	if (!err) {
		/* One calendar for the next step's needs and the deadline. */
		err = app__calendar(app->st, &cc.holiday_rev, &cal_held, &cc.cal);
		if (err)
			app__db_error(app, errs);
	}
	if (!err) {
		out->as_of = as_of;
		core_candidate_fold(cc.ev, cc.n, as_of, 0, &out->state);
		core_candidate_next(&out->state, cc.base_cell, cc.under_sub, out->next);
		err = needs_of(app, &cc, out);
		if (err)
			app__db_error(app, errs);
	}
	if (!err)
		out->has_due = core_candidate_due(&cc.c.sum, cc.cal, as_of, &out->due);
	app_cache_release(cal_held);
	cc.cal = NULL;
	store_rollback(app->st);
	if (err) {
		case_free(&cc);
		msgs_free(&out->needs);
		return err;
	}
	/* Hand the case over; the state's pointers into ev stay valid. */
	out->id = cc.c.id;
	out->person = cc.person;
	out->org = cc.org;
	out->member_id = cc.c.member_id;
	out->base_cell = cc.base_cell;
	out->under_sub = cc.under_sub;
	out->ev = cc.ev;
	out->nev = cc.n;
	return PTDV_OK;
}

void app_case_free(struct app_case *c)
{
	if (!c)
		return;
	core_person_clear(&c->person);
	core_org_clear(&c->org);
	store_cand_events_free(c->ev, c->nev);
	msgs_free(&c->needs);
	memset(c, 0, sizeof(*c));
}

/* --- lists and reports --- */

/* store_org_each callback: keeps the first org and stops. */
static enum ptdv_err first_org(void *arg, const struct org *o, const char *parent_code)
{
	struct org *out = arg;
	(void)parent_code;
	*out = *o;
	out->code = xstrdup(o->code);
	out->name = xstrdup(o->name);
	out->path = xstrdup(o->path);
	return PTDV_CANCELLED;
}

/* Looks up the org of a list or report: org_code, or the root of the actor's scope. */
static enum ptdv_err report_org(
	struct app *app, const char *org_code, struct org *out, struct msgs *errs)
{
	if (org_code)
		return app_org_get(app, org_code, "--org", out, errs);
	if (strcmp(app->scope_path, "/") != 0) {
		/* The scope's root: its path ends with its id. */
		const char *p = app->scope_path + strlen(app->scope_path) - 1;
		while (p > app->scope_path && p[-1] != '/')
			p--;
		enum ptdv_err err = store_org_by_id(app->st, strtoll(p, NULL, 10), out);
		if (err)
			app__db_error(app, errs);
		return err;
	}
	/* The whole database: its first root, as the summary report does. */
	enum ptdv_err err = store_org_each(app->st, NULL, first_org, out);
	if (err == PTDV_CANCELLED)
		return PTDV_OK;
	if (err)
		app__db_error(app, errs);
	else
		msgs_add(errs, 0, "--org", "cơ sở dữ liệu chưa có tổ chức nào");
	return err ? err : PTDV_NOTFOUND;
}

struct list_acc {
	struct app_case_list *l;
	size_t alloc;
	struct calendar *cal;
	enum cand_stage stage;
	const struct app *app;
};

static enum ptdv_err list_case(void *arg, const struct store_case_row *c)
{
	struct list_acc *acc = arg;
	struct app_case_list *l = acc->l;
	struct cand_summary at;
	if (!source_visible(acc->app, c->source))
		return PTDV_OK;
	core_candidate_summary_at(c->sum, l->as_of, &at);
	if (acc->stage && at.stage != acc->stage)
		return PTDV_OK;
	if (l->n == acc->alloc) {
		acc->alloc = acc->alloc ? 2 * acc->alloc : 64;
		l->v = xrealloc(l->v, acc->alloc * sizeof(*l->v));
	}
	struct app_case_row *r = &l->v[l->n++];
	memset(r, 0, sizeof(*r));
	r->id = c->id;
	r->name = xstrdup(c->name);
	r->org_code = xstrdup(c->org_code);
	r->sum = at;
	r->has_due = core_candidate_due(c->sum, acc->cal, l->as_of, &r->due);
	return PTDV_OK;
}

static int row_cmp(const void *a, const void *b)
{
	const struct app_case_row *x = a, *y = b;
	int c = strcmp(x->org_code, y->org_code);
	if (c)
		return c;
	return x->id < y->id ? -1 : x->id > y->id;
}

enum ptdv_err app_candidate_list(struct app *app, const char *org_code, date_t as_of, bool all,
	enum cand_stage stage, struct app_case_list *out, struct msgs *errs)
{
	struct org o = {0};
	const struct cache_entry *cal_held = NULL;
	memset(out, 0, sizeof(*out));
	out->as_of = as_of;
	enum ptdv_err err = report_org(app, org_code, &o, errs);
	if (err)
		return err;
	struct list_acc acc = {out, 0, NULL, stage, app};
	err = store_begin_read(app->st);
	if (!err)
		err = app__calendar(app->st, NULL, &cal_held, &acc.cal);
	if (!err)
		err = store_case_each(app->st, o.path, as_of, !all, list_case, &acc);
	if (err)
		app__db_error(app, errs);
	store_rollback(app->st);
	if (out->n > 1)
		qsort(out->v, out->n, sizeof(*out->v), row_cmp);
	app_cache_release(cal_held);
	core_org_clear(&o);
	return err;
}

void app_case_list_free(struct app_case_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->v[i].name);
		free(l->v[i].org_code);
	}
	free(l->v);
	memset(l, 0, sizeof(*l));
}

enum ptdv_err app_due(struct app *app, const char *org_code, date_t as_of, int within,
	struct due_report *out, struct msgs *errs)
{
	struct org o = {0};
	const struct cache_entry *cal_held = NULL;
	struct calendar *cal = NULL;
	memset(out, 0, sizeof(*out));
	if (within < 0) {
		msgs_add(errs, 0, "--within", "số ngày phải không âm");
		return PTDV_INVALID;
	}
	enum ptdv_err err = report_org(app, org_code, &o, errs);
	if (err)
		return err;
	err = store_begin_read(app->st);
	if (!err)
		err = app__calendar(app->st, NULL, &cal_held, &cal);
	if (!err)
		err = report_due(app->st, &o, as_of, within, app->source, cal, out);
	if (err)
		app__db_error(app, errs);
	store_rollback(app->st);
	app_cache_release(cal_held);
	core_org_clear(&o);
	return err;
}

enum ptdv_err app_report_pipeline(struct app *app, const char *org_code, date_t from, date_t to,
	struct pipeline_report *out, struct msgs *errs)
{
	struct org o = {0};
	char a[DATE_STRLEN], b[DATE_STRLEN];
	memset(out, 0, sizeof(*out));
	if (from > to) {
		msgs_add(errs, 0, "--from", "ngày bắt đầu %s sau ngày kết thúc %s",
			date_format(from, a), date_format(to, b));
		return PTDV_INVALID;
	}
	enum ptdv_err err = report_org(app, org_code, &o, errs);
	if (err)
		return err;
	err = store_begin_read(app->st);
	if (!err)
		err = report_pipeline(app->st, &o, from, to, out);
	if (err)
		app__db_error(app, errs);
	store_rollback(app->st);
	core_org_clear(&o);
	return err;
}

/* --- holidays --- */

static void calendar_drop(void *c)
{
	core_calendar_free(c);
	free(c);
}

static const struct cache_type calendar_cache = {"calendar", calendar_drop};

enum ptdv_err app__calendar(struct store *st, const int64_t *rev, const struct cache_entry **held,
	struct calendar **cal)
{
	int64_t r = 0;
	enum ptdv_err err = rev ? PTDV_OK : store_holiday_rev(st, &r);
	*held = NULL;
	*cal = NULL;
	if (err)
		return err;
	if (rev)
		r = *rev;
	/* One slot: the process's databases (a copy's two) take turns in it. */
	const struct cache_entry *e = app_cache_get(&calendar_cache, "", r);
	if (!e) {
		struct calendar *c = xmalloc(sizeof(*c));
		*c = (struct calendar)CALENDAR_INIT;
		err = store_calendar_load(st, c);
		if (err) {
			calendar_drop(c);
			return err;
		}
		core_calendar_freeze(c);
		e = app_cache_put(&calendar_cache, "", r, c);
	}
	*held = e;
	*cal = e->value;
	return PTDV_OK;
}

enum ptdv_err app_holiday_add(
	struct app *app, date_t day, enum day_kind kind, const char *name, struct msgs *errs)
{
	char a[DATE_STRLEN];
	if (app->role != ROLE_ADMIN && app->role != ROLE_STAFF) {
		msgs_add(errs, 0, NULL,
			"chỉ quản trị viên hoặc cán bộ Ban Tổ chức sửa lịch ngày nghỉ");
		return PTDV_DENIED;
	}
	if (day == DATE_NONE || (kind != DAY_OFF && kind != DAY_WORKING)) {
		msgs_add(errs, 0, "--date", "cần ngày");
		return PTDV_INVALID;
	}
	if (!name || !*name) {
		msgs_add(errs, 0, "--name", "cần tên ngày nghỉ hoặc lý do làm việc");
		return PTDV_INVALID;
	}
	enum ptdv_err err = store_begin(app->st);
	if (!err)
		err = store_holiday_set(app->st, day, kind, name);
	if (!err) {
		json_t *after = json_pack("{s:s, s:s, s:s}", "date", date_format_iso(day, a),
			"kind", kind == DAY_OFF ? "off" : "working", "name", name);
		err = app__audit(app, "holiday.add", "holiday", a, NULL, after);
		json_decref(after);
	}
	if (!err)
		err = store_commit(app->st);
	if (err) {
		app__db_error(app, errs);
		store_rollback(app->st);
	}
	return err;
}

struct holiday_acc {
	struct app_holiday *v;
	size_t n, alloc;
};

static enum ptdv_err holiday_add(void *arg, date_t day, enum day_kind kind, const char *name)
{
	struct holiday_acc *acc = arg;
	if (acc->n == acc->alloc) {
		acc->alloc = acc->alloc ? 2 * acc->alloc : 32;
		acc->v = xrealloc(acc->v, acc->alloc * sizeof(*acc->v));
	}
	acc->v[acc->n++] = (struct app_holiday){day, kind, xstrdup(name)};
	return PTDV_OK;
}

enum ptdv_err app_holiday_list(struct app *app, date_t from, date_t to, struct app_holiday **out,
	size_t *n, struct msgs *errs)
{
	struct holiday_acc acc = {0};
	enum ptdv_err err = store_holiday_each(app->st, from, to, holiday_add, &acc);
	if (err) {
		app__db_error(app, errs);
		app_holidays_free(acc.v, acc.n);
		return err;
	}
	*out = acc.v;
	*n = acc.n;
	return PTDV_OK;
}

void app_holidays_free(struct app_holiday *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i].name);
	free(v);
}
