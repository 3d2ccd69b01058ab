/*
 * api_cand.c — the admission pipeline in the JSON API (docs/api.md): the cases of a
 * subtree, one case with its events and what may come next, a new case, and a step of a
 * case (advancing a stage, or a correction). Rules, roles and scope are the app layer's:
 * a refused step answers 400 with the rule's Vietnamese message and the field it concerns.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "app/app_pipeline.h"
#include "core/candidate.h"
#include "core/person.h"
#include "web/http.h"

static json_t *day(date_t d)
{
	char s[DATE_STRLEN];
	return d == DATE_NONE ? json_null() : json_string(date_format_iso(d, s));
}

static json_t *due_json(bool has, const struct cand_due *d)
{
	if (!has)
		return json_null();
	return json_pack("{s:s, s:o, s:o}", "kind", core_due_name(d->kind), "due", day(d->due),
		"from", day(d->from));
}

/* A query parameter that must be a date when present; false after an error answer. */
static bool query_date(struct web_req *r, const char *name, date_t *out)
{
	const char *s = web_query(r, name);
	if (!s || !*s)
		return true;
	if (date_parse(s, strlen(s), out) == PTDV_OK)
		return true;
	struct msgs errs;
	msgs_init(&errs, 0);
	msgs_add(&errs, 0, name, "ngày '%s' không hợp lệ (dạng yyyy-mm-dd hoặc dd/mm/yyyy)", s);
	web_fail(r, PTDV_INVALID, &errs);
	msgs_free(&errs);
	return false;
}

/* GET /api/v1/candidates?org=CODE&as_of=DATE&all=1&stage=N */
void web_api_candidates(struct web_req *r)
{
	struct msgs errs;
	struct app_case_list l = {0};
	date_t as_of = r->app->today;
	if (!query_date(r, "as_of", &as_of))
		return;
	msgs_init(&errs, 0);
	const char *org = web_query(r, "org"), *all = web_query(r, "all"),
		   *st = web_query(r, "stage");
	long stage = 0;
	if (st && *st) {
		char *end;
		stage = strtol(st, &end, 10);
		if (*end || stage < 1 || stage >= STAGE__MAX)
			msgs_add(&errs, 0, "stage",
				"giai đoạn '%s' không hợp lệ (cần số từ 1 đến %d)", st,
				STAGE__MAX - 1);
	}
	enum ptdv_err err =
		errs.n ? PTDV_INVALID
		       : app_candidate_list(r->app, org && *org ? org : NULL, as_of,
				 all && strcmp(all, "1") == 0, (enum cand_stage)stage, &l, &errs);
	if (err) {
		web_fail(r, err, &errs);
	} else {
		json_t *rows = json_array();
		for (size_t i = 0; i < l.n; i++) {
			const struct app_case_row *c = &l.v[i];
			json_array_append_new(
				rows, json_pack("{s:I, s:s, s:s, s:i, s:s, s:s, s:o}", "id",
					      (json_int_t)c->id, "name", c->name, "org",
					      c->org_code, "stage", (int)c->sum.stage, "stage_name",
					      core_stage_name(c->sum.stage), "outcome",
					      core_cand_outcome_name(c->sum.outcome), "due",
					      due_json(c->has_due, &c->due)));
		}
		web_json(r, json_pack("{s:o, s:I, s:o}", "as_of", day(l.as_of), "total",
				    (json_int_t)l.n, "candidates", rows));
	}
	app_case_list_free(&l);
	msgs_free(&errs);
}

/* The JSON of a case as of its day: person, cell, stage, events, next steps, what it lacks. */
static json_t *case_json(const struct app_case *c)
{
	json_t *events = json_array(), *next = json_array(), *needs = json_array();
	for (size_t i = 0; i < c->nev; i++) {
		const struct cand_event *e = &c->ev[i];
		json_array_append_new(events,
			json_pack("{s:I, s:s, s:s, s:o, s:o, s:s?, s:s?, s:s?, s:b, s:o, s:s?}",
				"id", (json_int_t)e->id, "kind", core_cand_ev_word(e->kind),
				"kind_name", core_cand_ev_name(e->kind), "date", day(e->date),
				"date2", day(e->date2), "ref", e->ref_label, "number", e->number,
				"text", e->text, "superseded", e->superseded, "supersedes",
				e->supersedes ? json_integer(e->supersedes) : json_null(),
				"recorded_by", e->recorded_by));
	}
	for (int i = 0; i < 8 && c->next[i]; i++)
		json_array_append_new(
			next, json_pack("{s:s, s:s}", "kind", core_cand_ev_word(c->next[i]),
				      "kind_name", core_cand_ev_name(c->next[i])));
	for (size_t i = 0; i < c->needs.n; i++)
		json_array_append_new(needs, json_pack("{s:s?, s:s}", "field", c->needs.v[i].field,
						     "text", c->needs.v[i].text));
	return json_pack("{s:I, s:s, s:s, s:o, s:{s:s, s:s}, s:o, s:i, s:s, s:s, s:o, s:o, s:o, "
			 "s:o}",
		"id", (json_int_t)c->id, "name", c->person.full_name, "gender",
		core_gender_name(c->person.gender), "birth_date", day(c->person.birth_date), "org",
		"code", c->org.code, "name", c->org.name, "as_of", day(c->as_of), "stage",
		(int)c->state.stage, "stage_name", core_stage_name(c->state.stage), "outcome",
		core_cand_outcome_name(c->state.outcome), "events", events, "next", next, "needs",
		needs, "due", due_json(c->has_due, &c->due));
}

static bool case_param(struct web_req *r, int64_t *id)
{
	char *end;
	long long v = strtoll(r->params[0], &end, 10);
	if (*end || v <= 0) {
		web_error(r, 404, "Không tìm thấy hồ sơ này.");
		return false;
	}
	*id = v;
	return true;
}

/* GET /api/v1/candidates/:id?as_of=DATE */
void web_api_candidate(struct web_req *r)
{
	int64_t id;
	date_t as_of = r->app->today;
	if (!case_param(r, &id) || !query_date(r, "as_of", &as_of))
		return;
	struct msgs errs;
	struct app_case c;
	msgs_init(&errs, 0);
	enum ptdv_err err = app_candidate_show(r->app, id, as_of, &c, &errs);
	if (err) {
		web_fail(r, err, &errs);
	} else {
		web_json(r, case_json(&c));
		app_case_free(&c);
	}
	msgs_free(&errs);
}

/* Reads the JSON object body; NULL after an error answer. */
static json_t *body_object(struct web_req *r)
{
	json_error_t jerr;
	json_t *body = json_loadb(r->body.s, r->body.len, 0, &jerr);
	if (json_is_object(body))
		return body;
	struct msgs errs;
	msgs_init(&errs, 0);
	if (body)
		msgs_add(&errs, 0, NULL, "nội dung gửi lên phải là một đối tượng JSON {...}");
	else
		msgs_add(&errs, 0, NULL,
			"nội dung gửi lên không phải JSON hợp lệ (dòng %d, cột %d)", jerr.line,
			jerr.column);
	web_fail(r, PTDV_INVALID, &errs);
	msgs_free(&errs);
	json_decref(body);
	return NULL;
}

static const char *str_member(json_t *b, const char *name)
{
	const char *s = json_string_value(json_object_get(b, name));
	return s && *s ? s : NULL;
}

/* A date member: absent or null leaves *out; otherwise it must parse. */
static void date_member(json_t *b, const char *name, date_t *out, struct msgs *errs)
{
	json_t *v = json_object_get(b, name);
	if (!v || json_is_null(v))
		return;
	const char *s = json_string_value(v);
	if (!s || date_parse(s, strlen(s), out) != PTDV_OK)
		msgs_add(
			errs, 0, name, "'%s' phải là ngày (dạng yyyy-mm-dd hoặc dd/mm/yyyy)", name);
}

/* An integer member within [lo, hi]: absent or null leaves *out. */
static void int_member(json_t *b, const char *name, long lo, long hi, int *out, struct msgs *errs)
{
	json_t *v = json_object_get(b, name);
	if (!v || json_is_null(v))
		return;
	if (!json_is_integer(v) || json_integer_value(v) < lo || json_integer_value(v) > hi)
		msgs_add(errs, 0, name, "'%s' phải là số nguyên từ %ld đến %ld", name, lo, hi);
	else
		*out = (int)json_integer_value(v);
}

/*
 * POST /api/v1/candidates/:id/steps {"kind", "date", "date2", "sub", "member", "org",
 * "size", "present", "yes", "number", "text", "supersedes"} — records a step of a case.
 */
void web_api_candidate_step(struct web_req *r)
{
	int64_t id, ev = 0;
	if (!case_param(r, &id))
		return;
	json_t *b = body_object(r);
	if (!b)
		return;
	struct msgs errs;
	struct app_step s;
	msgs_init(&errs, 0);
	app_step_init(&s);
	const char *kind = str_member(b, "kind");
	if (!kind)
		msgs_add(&errs, 0, "kind", "thiếu 'kind' (bước cần ghi, ví dụ \"course\")");
	else if (core_cand_ev_parse(kind, &s.kind) != PTDV_OK)
		msgs_add(&errs, 0, "kind", "bước '%s' không có", kind);
	date_member(b, "date", &s.date, &errs);
	if (s.date == DATE_NONE && !json_object_get(b, "supersedes"))
		msgs_add(&errs, 0, "date", "thiếu 'date' (ngày của bước)");
	date_member(b, "date2", &s.date2, &errs);
	int_member(b, "sub", 0, 100, &s.sub, &errs);
	int_member(b, "size", 0, 1000, &s.size, &errs);
	int_member(b, "present", 0, 100000, &s.present, &errs);
	int_member(b, "yes", 0, 100000, &s.yes, &errs);
	int sup = 0;
	int_member(b, "supersedes", 1, 2147483647, &sup, &errs);
	s.supersedes = sup;
	s.member = str_member(b, "member");
	s.org_code = str_member(b, "org");
	s.number = str_member(b, "number");
	s.text = str_member(b, "text");
	enum ptdv_err err =
		errs.n ? PTDV_INVALID : app_candidate_advance(r->app, id, &s, &ev, &errs);
	if (err) {
		web_fail(r, err, &errs);
	} else {
		struct app_case c;
		err = app_candidate_show(r->app, id, r->app->today, &c, &errs);
		if (err) {
			web_fail(r, err, &errs);
		} else {
			json_t *out = case_json(&c);
			json_object_set_new(out, "event_id", json_integer(ev));
			r->status = 201;
			web_json(r, out);
			app_case_free(&c);
		}
	}
	json_decref(b);
	msgs_free(&errs);
}

/* POST /api/v1/candidates {"name","gender","birth_date","citizen_id","education","org",
 * "date","source","note"} — adds a person to a cell's source list. */
void web_api_candidate_add(struct web_req *r)
{
	json_t *b = body_object(r);
	if (!b)
		return;
	struct msgs errs;
	struct app_candidate_new in = {
		.person = {.birth_date = DATE_NONE, .youth_union = TRI_UNKNOWN},
		.source = SRC_CELL};
	int64_t id = 0;
	msgs_init(&errs, 0);
	const char *name = str_member(b, "name"), *gender = str_member(b, "gender"),
		   *edu = str_member(b, "education"), *src = str_member(b, "source");
	in.person.full_name = (char *)(name ? name : "");
	if (!gender || core_gender_parse(gender, strlen(gender), &in.person.gender) != PTDV_OK)
		msgs_add(&errs, 0, "gender", "'gender' phải là \"Nam\" hoặc \"Nữ\"");
	date_member(b, "birth_date", &in.person.birth_date, &errs);
	in.person.citizen_id = (char *)str_member(b, "citizen_id");
	if (edu && core_education_parse(edu, strlen(edu), &in.person.education) != PTDV_OK)
		msgs_add(&errs, 0, "education", "'%s' không hợp lệ; chọn một trong: %s", edu,
			core_education_choices());
	in.org_code = str_member(b, "org");
	in.date = DATE_NONE;
	date_member(b, "date", &in.date, &errs);
	if (in.date == DATE_NONE)
		msgs_add(&errs, 0, "date", "thiếu 'date' (ngày vào danh sách nguồn)");
	if (src && core_cand_source_parse(src, strlen(src), &in.source) != PTDV_OK)
		msgs_add(&errs, 0, "source", "nguồn giới thiệu '%s' không có", src);
	in.note = str_member(b, "note");
	enum ptdv_err err = errs.n ? PTDV_INVALID : app_candidate_add(r->app, &in, &id, &errs);
	if (err) {
		web_fail(r, err, &errs);
	} else {
		r->status = 201;
		web_json(r, json_pack("{s:I}", "id", (json_int_t)id));
	}
	json_decref(b);
	msgs_free(&errs);
}
