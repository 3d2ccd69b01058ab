/*
 * pages_pipeline.c — the admission pipeline in the browser: the board (a column per stage,
 * overdue cases marked), a case's page with its events, what it still lacks and the form
 * of the next step, and adding a person to a cell's source list. Rules are checked by
 * app/ (core/); a refused step comes back with every failing rule beside the form.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app_pipeline.h"
#include "core/rules.h"
#include "core/user.h"
#include "util/vn.h"
#include "web/http.h"

#define CARDS_PER_COLUMN 40

static bool can_write(struct web_req *r)
{
	return core_role_can_write(r->sess.user.role);
}

/* Whether the account may add a case (those who record data, and liaisons who refer). */
static bool can_refer(struct web_req *r)
{
	return core_role_can_refer(r->sess.user.role);
}

/* --- the board --- */

void web_get_pipeline(struct web_req *r)
{
	struct msgs errs;
	struct app_case_list l = {0};
	date_t d;
	msgs_init(&errs, 0);
	if (!web_as_of(r, &d))
		goto out;
	const char *org = web_query(r, "org");
	enum ptdv_err err =
		app_candidate_list(r->app, org && *org ? org : NULL, d, false, 0, &l, &errs);
	if (err) {
		web_fail(r, err, &errs);
		goto out;
	}
	json_t *cols = json_array();
	int counts[STAGE__MAX] = {0};
	int64_t overdue = 0;
	json_t *cards[STAGE__MAX];
	for (int s = 1; s < STAGE__MAX; s++)
		cards[s] = json_array();
	for (size_t i = 0; i < l.n; i++) {
		const struct app_case_row *c = &l.v[i];
		int s = c->sum.stage;
		if (s <= 0 || s >= STAGE__MAX)
			continue;
		bool late = c->has_due && c->due.due < d;
		overdue += late;
		if (counts[s]++ >= CARDS_PER_COLUMN && !late)
			continue;
		char due[DATE_STRLEN];
		json_array_append_new(
			cards[s], json_pack("{s:I, s:s, s:s, s:b, s:s?}", "id", (json_int_t)c->id,
					  "name", c->name, "org", c->org_code, "overdue", late,
					  "due", c->has_due ? date_format(c->due.due, due) : NULL));
	}
	for (int s = 1; s < STAGE__MAX; s++) {
		int shown = (int)json_array_size(cards[s]);
		json_array_append_new(
			cols, json_pack("{s:s, s:i, s:o, s:i}", "name", core_stage_name(s), "count",
				      counts[s], "cards", cards[s], "more",
				      counts[s] > shown ? counts[s] - shown : 0));
	}
	struct buf picker = BUF_INIT;
	web_org_picker(r, org, &picker);
	char dd[DATE_STRLEN];
	json_t *ctx = json_pack("{s:o, s:I, s:I, s:s, s:s#, s:b}", "columns", cols, "total",
		(json_int_t)l.n, "overdue", (json_int_t)overdue, "as_of", date_format(d, dd),
		"picker", picker.s, (int)picker.len, "can_write", can_refer(r));
	buf_free(&picker);
	web_page(r, "pipeline", "Phát triển đảng viên", ctx);
out:
	app_case_list_free(&l);
	msgs_free(&errs);
}

/* --- a case --- */

/* The "Loại" choices of the step form: documents, exceptions, assessments, sources. */
static json_t *sub_choices(const char *selected)
{
	json_t *a = json_array();
	char v[32];
	for (int k = 1; k < DOC__MAX; k++) {
		snprintf(v, sizeof(v), "doc:%d", k);
		json_array_append_new(a, json_pack("{s:s, s:s, s:b}", "value", v, "name",
						 core_doc_name((enum doc_kind)k), "selected",
						 selected && strcmp(selected, v) == 0));
	}
	for (int k = 1; k < EXC__MAX; k++) {
		snprintf(v, sizeof(v), "exc:%d", k);
		json_array_append_new(a, json_pack("{s:s, s:s, s:b}", "value", v, "name",
						 core_cand_exc_name((enum cand_exc)k), "selected",
						 selected && strcmp(selected, v) == 0));
	}
	for (int k = 1; k < ASSESS__MAX; k++) {
		snprintf(v, sizeof(v), "assess:%d", k);
		json_array_append_new(a, json_pack("{s:s, s:s, s:b}", "value", v, "name",
						 core_cand_assess_name((enum cand_assess)k),
						 "selected", selected && strcmp(selected, v) == 0));
	}
	return a;
}

static void event_detail(const struct cand_event *e, struct buf *b)
{
	if (e->kind == EV_DOCUMENT)
		buf_addf(b, "%s. ", core_doc_name((enum doc_kind)e->sub));
	else if (e->kind == EV_EXCEPTION)
		buf_addf(b, "%s. ", core_cand_exc_name((enum cand_exc)e->sub));
	else if (e->kind == EV_ASSESSMENT)
		buf_addf(b, "%s. ", core_cand_assess_name((enum cand_assess)e->sub));
	if (e->number && *e->number)
		buf_addf(b, "Số %s. ", e->number);
	if (e->ref_label && *e->ref_label)
		buf_addf(b, "%s. ", e->ref_label);
	if (e->votes[2] > 0 || e->votes[1] > 0)
		buf_addf(b, "Tán thành %d/%d có mặt (tổng %d). ", e->votes[2], e->votes[1],
			e->votes[0]);
	if (e->text && *e->text)
		buf_addf(b, "%s.", e->text);
}

/* Renders case id; errs (may be NULL) are the problems of a refused step, form its values. */
static void case_page(struct web_req *r, int64_t id, const struct msgs *step_errs)
{
	struct msgs errs;
	struct app_case c = {0};
	date_t d;
	msgs_init(&errs, 0);
	if (!web_as_of(r, &d))
		goto out;
	enum ptdv_err err = app_candidate_show(r->app, id, d, &c, &errs);
	if (err) {
		web_fail(r, err, &errs);
		goto out;
	}
	json_t *events = json_array();
	for (size_t i = 0; i < c.nev; i++) {
		const struct cand_event *e = &c.ev[i];
		struct buf det = BUF_INIT;
		event_detail(e, &det);
		json_array_append_new(events,
			json_pack("{s:o, s:s, s:s, s:s, s:b}", "date", web_date(e->date), "kind",
				core_cand_ev_name(e->kind), "detail", det.s, "by",
				e->recorded_by ? e->recorded_by : "", "superseded", e->superseded));
		buf_free(&det);
	}
	const char *want = step_errs ? web_form(r, "kind") : NULL;
	json_t *next = json_array();
	for (int i = 0; i < 8 && c.next[i]; i++)
		json_array_append_new(
			next, json_pack("{s:s, s:s, s:b}", "word", core_cand_ev_word(c.next[i]),
				      "name", core_cand_ev_name(c.next[i]), "selected",
				      want && strcmp(want, core_cand_ev_word(c.next[i])) == 0));
	json_t *needs = json_array();
	for (size_t i = 0; i < c.needs.n; i++)
		json_array_append_new(needs, json_string(c.needs.v[i].text));
	char due[DATE_STRLEN];
	const struct person *p = &c.person;
	json_t *cj = json_pack("{s:I, s:s, s:s, s:o, s:s?, s:s, s:s, s:s?, s:b, s:I}", "id",
		(json_int_t)c.id, "name", p->full_name, "gender", core_gender_name(p->gender),
		"birth", web_date(p->birth_date), "citizen_id", p->citizen_id, "org", c.org.name,
		"stage", core_stage_name(c.state.stage), "outcome",
		c.state.outcome ? core_cand_outcome_name(c.state.outcome) : NULL, "member",
		c.member_id != 0, "person_id", (json_int_t)p->id);
	if (c.has_due) {
		json_object_set_new(cj, "due", json_string(date_format(c.due.due, due)));
		json_object_set_new(cj, "due_name", json_string(core_due_name(c.due.kind)));
		json_object_set_new(cj, "overdue", json_boolean(c.due.due < d));
	}
	json_t *form = json_object();
	static const char *const fields[] = {
		"date", "number", "member", "size", "present", "yes", "date2", "text", NULL};
	for (int i = 0; fields[i]; i++) {
		const char *v = step_errs ? web_form(r, fields[i]) : NULL;
		json_object_set_new(form, fields[i], json_string(v ? v : ""));
	}
	json_t *ctx = json_pack("{s:o, s:o, s:o, s:o, s:s, s:o, s:b, s:o}", "c", cj, "events",
		events, "next", next, "needs", needs, "needs_for",
		c.needs_for ? core_cand_ev_name(c.needs_for) : "", "subs",
		sub_choices(step_errs ? web_form(r, "sub") : NULL), "can_write", can_write(r),
		"form", form);
	if (step_errs)
		json_object_set_new(ctx, "errors", web_msgs_json(step_errs));
	char title[256];
	snprintf(title, sizeof(title), "Hồ sơ phát triển đảng viên — %s", p->full_name);
	web_page(r, "candidate", title, ctx);
out:
	app_case_free(&c);
	msgs_free(&errs);
}

static bool case_id(struct web_req *r, int64_t *id)
{
	char *end;
	long long v = strtoll(r->params[0], &end, 10);
	if (*end || v <= 0) {
		web_error(r, 404, "Không tìm thấy trang này.");
		return false;
	}
	*id = v;
	return true;
}

void web_get_candidate(struct web_req *r)
{
	int64_t id;
	if (case_id(r, &id))
		case_page(r, id, NULL);
}

/* Reads an optional date field; adds a problem and returns false when it is not a date. */
static bool form_date(
	struct web_req *r, const char *name, const char *label, date_t *out, struct msgs *errs)
{
	const char *s = web_form(r, name);
	*out = DATE_NONE;
	if (!s || !*s)
		return true;
	if (date_parse(s, strlen(s), out) != PTDV_OK) {
		msgs_add(errs, 0, label, "'%s' không phải ngày hợp lệ (ngày/tháng/năm)", s);
		return false;
	}
	return true;
}

static int form_int(struct web_req *r, const char *name)
{
	const char *s = web_form(r, name);
	if (!s || !*s)
		return -1;
	char *end;
	long v = strtol(s, &end, 10);
	return *end || v < 0 || v > 100000 ? -2 : (int)v;
}

void web_post_candidate(struct web_req *r)
{
	int64_t id, ev = 0;
	struct msgs errs;
	struct app_step s;
	if (!case_id(r, &id))
		return;
	if (!can_write(r)) {
		web_error(r, 403, "Tài khoản của đồng chí chỉ được xem, không được ghi.");
		return;
	}
	msgs_init(&errs, 0);
	app_step_init(&s);
	const char *kind = web_form(r, "kind");
	if (!kind || core_cand_ev_parse(kind, &s.kind) != PTDV_OK)
		msgs_add(&errs, 0, "Bước", "hãy chọn bước cần ghi");
	if (form_date(r, "date", "Ngày", &s.date, &errs) && s.date == DATE_NONE)
		msgs_add(&errs, 0, "Ngày", "hãy nhập ngày của bước này");
	form_date(r, "date2", "Ngày thứ hai", &s.date2, &errs);
	const char *sub = web_form(r, "sub");
	if (sub && *sub) {
		const char *colon = strchr(sub, ':');
		s.sub = colon ? atoi(colon + 1) : 0;
	}
	s.size = form_int(r, "size");
	s.present = form_int(r, "present");
	s.yes = form_int(r, "yes");
	if (s.size == -2 || s.present == -2 || s.yes == -2)
		msgs_add(&errs, 0, "Biểu quyết", "số phiếu phải là số nguyên không âm");
	const char *number = web_form(r, "number"), *member = web_form(r, "member"),
		   *text = web_form(r, "text");
	s.number = number && *number ? number : NULL;
	s.member = member && *member ? member : NULL;
	s.text = text && *text ? text : NULL;
	enum ptdv_err err =
		errs.n ? PTDV_INVALID : app_candidate_advance(r->app, id, &s, &ev, &errs);
	if (err == PTDV_INVALID) {
		/* 200: the page is the answer (the form again, with the reasons beside it). */
		case_page(r, id, &errs);
	} else if (err) {
		web_fail(r, err, &errs);
	} else {
		char loc[64];
		snprintf(loc, sizeof(loc), "/candidate/%lld", (long long)id);
		web_redirect(r, loc);
	}
	msgs_free(&errs);
}

/* --- a new case --- */

static void new_form(struct web_req *r, const struct msgs *errs)
{
	json_t *form = json_object();
	static const char *const fields[] = {
		"name", "birth", "cid", "education", "org", "date", NULL};
	for (int i = 0; fields[i]; i++) {
		const char *v = errs ? web_form(r, fields[i]) : NULL;
		json_object_set_new(form, fields[i], json_string(v ? v : ""));
	}
	const char *g = errs ? web_form(r, "gender") : NULL;
	json_object_set_new(form, "female", json_boolean(g && strcmp(g, "Nữ") == 0));
	json_object_set_new(form, "male", json_boolean(!g || strcmp(g, "Nữ") != 0));
	if (!errs && r->sess.org_code[0])
		json_object_set_new(form, "org", json_string(r->sess.org_code));
	const char *src = errs ? web_form(r, "source") : NULL;
	json_t *sources = json_array();
	/* A liaison refers for its own organisation: the one choice (app_candidate_add forces it). */
	int fixed = r->app->source;
	for (int k = 1; k < SRC__MAX; k++) {
		if (fixed && k != fixed)
			continue;
		char v[8];
		snprintf(v, sizeof(v), "%d", k);
		json_array_append_new(sources, json_pack("{s:s, s:s, s:b}", "value", v, "name",
						       core_cand_source_name((enum cand_source)k),
						       "selected", src && strcmp(src, v) == 0));
	}
	json_t *ctx = json_pack("{s:o, s:o}", "form", form, "sources", sources);
	if (errs)
		json_object_set_new(ctx, "errors", web_msgs_json(errs));
	web_page(r, "candidate_new", "Thêm người vào danh sách nguồn", ctx);
}

void web_get_candidate_new(struct web_req *r)
{
	if (!can_refer(r)) {
		web_error(r, 403, "Tài khoản của đồng chí chỉ được xem, không được ghi.");
		return;
	}
	new_form(r, NULL);
}

void web_post_candidate_new(struct web_req *r)
{
	struct msgs errs;
	struct app_candidate_new in = {
		.person = {.birth_date = DATE_NONE, .youth_union = TRI_UNKNOWN}};
	int64_t id = 0;
	if (!can_refer(r)) {
		web_error(r, 403, "Tài khoản của đồng chí chỉ được xem, không được ghi.");
		return;
	}
	msgs_init(&errs, 0);
	const char *name = web_form(r, "name"), *gender = web_form(r, "gender"),
		   *cid = web_form(r, "cid"), *edu = web_form(r, "education"),
		   *src = web_form(r, "source");
	in.person.full_name = (char *)(name ? name : "");
	if (!gender || core_gender_parse(gender, strlen(gender), &in.person.gender) != PTDV_OK)
		msgs_add(&errs, 0, "Giới tính", "hãy chọn Nam hoặc Nữ");
	form_date(r, "birth", "Ngày sinh", &in.person.birth_date, &errs);
	in.person.citizen_id = cid && *cid ? (char *)cid : NULL;
	if (edu && core_education_parse(edu, strlen(edu), &in.person.education) != PTDV_OK)
		msgs_add(&errs, 0, "Trình độ học vấn", "'%s' không hợp lệ; chọn một trong: %s", edu,
			core_education_choices());
	in.org_code = web_form(r, "org");
	if (form_date(r, "date", "Ngày vào danh sách nguồn", &in.date, &errs) &&
		in.date == DATE_NONE)
		msgs_add(&errs, 0, "Ngày vào danh sách nguồn", "hãy nhập ngày");
	in.source = src ? (enum cand_source)atoi(src) : SRC_CELL;
	enum ptdv_err err = errs.n ? PTDV_INVALID : app_candidate_add(r->app, &in, &id, &errs);
	if (err == PTDV_INVALID || err == PTDV_NOTFOUND || err == PTDV_CONFLICT) {
		/* An org out of scope is answered 404 (as if it did not exist), with the form. */
		if (err == PTDV_NOTFOUND)
			r->status = 404;
		new_form(r, &errs);
	} else if (err) {
		web_fail(r, err, &errs);
	} else {
		char loc[64];
		snprintf(loc, sizeof(loc), "/candidate/%lld", (long long)id);
		web_redirect(r, loc);
	}
	msgs_free(&errs);
}
