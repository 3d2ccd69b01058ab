/*
 * pages.c — the route table and the handlers of the web application. A handler reads its
 * input, calls app/, and renders a template or JSON; nothing here touches the database or
 * decides a rule.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/app_browse.h"
#include "app/app_user.h"
#include "report/chart.h"
#include "report/summary.h"
#include "store/store.h"
#include "util/vn.h"
#include "util/xalloc.h"
#include "web/http.h"
#include "web/tmpl.h"

/* From server.c. */
const char *web_login_csrf(struct web_req *r);
void web_session_cookie(struct web_req *r, const char *token);
const char *web_session_token(struct web_req *r);

static json_t *fmt_int(int64_t n)
{
	struct buf b = BUF_INIT;
	vn_fmt_int(&b, n);
	json_t *s = json_stringn(b.s, b.len);
	buf_free(&b);
	return s;
}

static json_t *fmt_pct(int64_t num, int64_t den)
{
	struct buf b = BUF_INIT;
	vn_fmt_pct(&b, num, den);
	json_t *s = json_stringn(b.s, b.len);
	buf_free(&b);
	return s;
}

static json_t *fmt_date(date_t d)
{
	char s[DATE_STRLEN];
	return d == DATE_NONE ? json_null() : json_string(date_format(d, s));
}

/* Reads ?as_of= (either date form); today when absent; false after an error page. */
static bool as_of_param(struct web_req *r, date_t *d)
{
	const char *s = web_query(r, "as_of");
	*d = r->app->today;
	if (!s || !*s)
		return true;
	if (date_parse(s, strlen(s), d) != PTDV_OK) {
		web_error(r, 400, "Ngày không hợp lệ; hãy chọn ngày theo dạng ngày/tháng/năm.");
		return false;
	}
	return true;
}

/*
 * Template data kept with a cached result (app_view): built once per cached value, then
 * shared read-only by every request that renders it — templates never change their data.
 */
static void *view_hold(void *v)
{
	return json_incref(v);
}

static void view_drop(void *v)
{
	json_decref(v);
}

/* The template data of a summary: figures formatted the Vietnamese way. */
static json_t *summary_json(const struct summary *s)
{
	struct buf text = BUF_INIT, share = BUF_INIT;
	report_summary_text(s, &text);
	/* The page shows the paragraph (first lines) and renders the table itself. */
	char *cut = strstr(text.s, "\n\n");
	if (cut)
		buf_setlen(&text, (size_t)(cut - text.s));
	json_t *years = json_array();
	for (int i = 0; i < s->nyears; i++) {
		const struct summary_year *y = &s->years[i];
		const char *note = "";
		char nb[64] = "";
		if (i == 0 && s->has_term && s->term_start > date_from_ymd(y->year, 1, 1)) {
			char d[DATE_STRLEN];
			snprintf(nb, sizeof(nb), "từ %s", date_format(s->term_start, d));
			note = nb;
		} else if (i == s->nyears - 1 && s->as_of < date_from_ymd(y->year, 12, 31)) {
			char d[DATE_STRLEN];
			snprintf(nb, sizeof(nb), "đến %s", date_format(s->as_of, d));
			note = nb;
		}
		json_array_append_new(years,
			json_pack("{s:i, s:o, s:o, s:o, s:s}", "year", y->year, "admitted",
				fmt_int(y->admitted), "women", fmt_int(y->admitted_women), "target",
				y->target >= 0 ? fmt_int(y->target) : json_string("—"), "note",
				note));
	}
	/* The year-on-year chart: admissions of each year beside its target. */
	struct buf svg = BUF_INIT;
	struct chart_bar bars[64];
	int nb = 0;
	char labels[64][8];
	for (int i = 0; i < s->nyears && nb < 64; i++, nb++) {
		snprintf(labels[nb], sizeof(labels[nb]), "%d", s->years[i].year);
		bars[nb] = (struct chart_bar){labels[nb], s->years[i].admitted, s->years[i].target};
	}
	report_chart_bars(&svg, "Kết nạp đảng viên theo năm so với chỉ tiêu", "Kết nạp",
		"Chỉ tiêu giao", bars, nb);
	json_t *o = json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:s#, s:o}", "base_total",
		fmt_int(s->base_committees + s->base_cells), "base_committees",
		fmt_int(s->base_committees), "base_cells", fmt_int(s->base_cells), "members",
		fmt_int(s->members), "official", fmt_int(s->official), "probationary",
		fmt_int(s->probationary), "women", fmt_int(s->women), "women_pct",
		fmt_pct(s->women, s->members), "text", text.s, (int)text.len, "years", years);
	if (s->has_share) {
		vn_fmt_dec(&share, s->share_pct, 1);
		buf_addc(&share, '%');
		json_object_set_new(o, "share", json_string(share.s));
		json_object_set_new(o, "superior", json_string(s->superior_name));
	}
	if (s->has_term) {
		json_t *t = json_pack(
			"{s:s, s:o}", "name", s->term_name, "admitted", fmt_int(s->term_admitted));
		if (s->term_target >= 0) {
			json_object_set_new(t, "target", fmt_int(s->term_target));
			json_object_set_new(t, "pct", fmt_pct(s->term_admitted, s->term_target));
		}
		json_object_set_new(o, "term", t);
	}
	json_object_set_new(o, "chart", json_stringn(svg.s, svg.len));
	json_object_set_new(o, "org_name", json_string(s->org_name));
	buf_free(&svg);
	buf_free(&text);
	buf_free(&share);
	return o;
}

static void *summary_view_build(const void *result)
{
	return summary_json(result);
}

static const struct app_view summary_view = {summary_view_build, view_hold, view_drop};

/* The org name a summary's template data carries (for page titles). */
static const char *summary_org_name(json_t *sj)
{
	const char *name = json_string_value(json_object_get(sj, "org_name"));
	return name ? name : "";
}

/* Sends the problems of errs: 404 for not found (out of scope looks the same), else 400. */
static void fail(struct web_req *r, enum ptdv_err err, const struct msgs *errs)
{
	const char *text = errs->n ? errs->v[0].text : "đã xảy ra lỗi";
	r->error_field = errs->n ? errs->v[0].field : NULL;
	/* The app layer names command-line options ("--org"); a form or the API says "org". */
	if (r->error_field && strncmp(r->error_field, "--", 2) == 0)
		r->error_field += 2;
	char msg[512];
	snprintf(msg, sizeof(msg), "%c%s.",
		text[0] >= 'a' && text[0] <= 'z' ? text[0] - 32 : text[0], text + 1);
	web_error(r,
		err == PTDV_NOTFOUND ? 404
		: err == PTDV_DENIED ? 403
		: err == PTDV_DB     ? 500
				     : 400,
		msg);
}

/* --- login --- */

static void login_form(struct web_req *r, const struct msgs *errs, const char *login)
{
	const char *next = web_form(r, "next");
	if (!next)
		next = web_query(r, "next");
	json_t *ctx = json_pack("{s:s, s:s, s:s}", "csrf", web_login_csrf(r), "next",
		next ? next : "/", "login", login ? login : "");
	if (errs)
		json_object_set_new(ctx, "errors", web_msgs_json(errs));
	web_page(r, "login", "Đăng nhập", ctx);
}

static void get_login(struct web_req *r)
{
	if (r->authed) {
		web_redirect(r, "/");
		return;
	}
	login_form(r, NULL, NULL);
}

/* Only local paths are followed after login (no open redirect). */
static const char *safe_next(const char *next)
{
	if (!next || next[0] != '/' || next[1] == '/' || next[1] == '\\' || strchr(next, '\r') ||
		strchr(next, '\n'))
		return "/";
	return next;
}

static void post_login(struct web_req *r)
{
	const char *login = web_form(r, "login"), *password = web_form(r, "password");
	char token[APP_TOKEN_HEX];
	struct msgs errs;
	msgs_init(&errs, 0);
	if (!login || !*login || !password || !*password) {
		msgs_add(&errs, 0, NULL, "hãy nhập tên đăng nhập và mật khẩu");
		r->status = 400;
		login_form(r, &errs, login);
		msgs_free(&errs);
		return;
	}
	enum ptdv_err err = app_login(r->app, login, password, r->address, token, &errs);
	if (err) {
		r->status = err == PTDV_DENIED ? 403 : 500;
		login_form(r, &errs, login);
	} else {
		web_session_cookie(r, token);
		web_redirect(r, safe_next(web_form(r, "next")));
	}
	msgs_free(&errs);
}

static void post_logout(struct web_req *r)
{
	const char *token = web_session_token(r);
	if (token && app_logout(r->app, token) != PTDV_OK)
		fprintf(stderr, "ptdv serve: logout failed for %s\n", r->sess.user.login);
	web_session_cookie(r, NULL);
	web_redirect(r, "/login");
}

/* --- dashboard and organisations --- */

struct org_rows {
	json_t *rows;
	int deepest; /* the deepest level of the rows */
};

static enum ptdv_err add_org_row(void *arg, const struct org *o, const char *parent_code, int depth)
{
	(void)parent_code;
	struct org_rows *c = arg;
	char d[DATE_STRLEN];
	/* "sub": whether the kind may have subordinates, for the rows of a cut list */
	bool sub = false;
	for (int k = 1; k < ORG_KIND__MAX; k++)
		sub = sub || core_org_parent_allowed(o->kind, (enum org_kind)k);
	json_array_append_new(
		c->rows, json_pack("{s:s, s:s, s:s, s:i, s:b, s:s?}", "code", o->code, "name",
				 o->name, "kind", core_org_kind_name(o->kind), "depth", depth,
				 "sub", sub, "dissolved",
				 o->dissolved == DATE_NONE ? NULL : date_format(o->dissolved, d)));
	if (depth > c->deepest)
		c->deepest = depth;
	return PTDV_OK;
}

/*
 * The <option>s of an org picker, written directly (escaped): it runs on every dashboard.
 * The superior levels and base organisations, not cells; past PICKER_MAX of them (a
 * province: ~1,700; the nation: ~58,000, 5.6 MB a page), the levels from the top that fit
 * in PICKER_MAX, the selected org's superiors and the selected org's direct subordinates:
 * choosing an org lists the level below it (app_org_pick, which reads only those).
 */
#define PICKER_MAX 400

struct picker {
	struct buf *html;
	const char *selected;
};

static enum ptdv_err add_option(void *arg, const struct org *o, const char *parent_code, int depth)
{
	(void)parent_code;
	struct picker *p = arg;
	buf_adds(p->html, "<option value=\"");
	tmpl_escape_html(p->html, o->code, strlen(o->code));
	buf_adds(p->html, strcmp(o->code, p->selected) == 0 ? "\" selected>" : "\">");
	for (int i = 0; i < depth && i < 10; i++)
		buf_adds(p->html, "&nbsp;&nbsp;");
	tmpl_escape_html(p->html, o->name, strlen(o->name));
	buf_adds(p->html, "</option>");
	return PTDV_OK;
}

/* Appends to html the options of the scope (selected: the org chosen) the picker keeps. */
static void org_picker(struct web_req *r, const char *selected, struct buf *html)
{
	struct picker p = {html, selected};
	struct app_org_pick q = {.selected = selected, .max = PICKER_MAX, .above_cells = true};
	struct msgs errs;
	msgs_init(&errs, 0);
	/* On failure nothing was written (the options come after every read): no options. */
	if (app_org_pick(r->app, &q, add_option, &p, NULL, &errs) != PTDV_OK)
		fprintf(stderr, "ptdv serve: org picker: %s\n", errs.n ? errs.v[0].text : "?");
	msgs_free(&errs);
}

/* Writes into code (64 bytes) the org of ?org=, by default where the actor's scope starts. */
static enum ptdv_err summary_org(struct web_req *r, char code[64], struct msgs *errs)
{
	const char *q = web_query(r, "org");
	if (!q || !*q)
		return app_scope_root(r->app, code, 64, errs);
	snprintf(code, 64, "%s", q);
	return PTDV_OK;
}

/*
 * The summary asked by ?org= (default: where the actor's scope starts) and ?as_of=; on
 * failure the error page is sent and false returned. code (64 bytes) gets the org's code.
 */
static bool load_summary(struct web_req *r, struct summary *s, char code[64], date_t *d)
{
	struct msgs errs;
	msgs_init(&errs, 0);
	if (!as_of_param(r, d))
		return false;
	enum ptdv_err err = summary_org(r, code, &errs);
	if (!err)
		err = app_report_summary(r->app, code, *d, s, &errs);
	if (err)
		fail(r, err, &errs);
	msgs_free(&errs);
	return !err;
}

/* As load_summary, but gives the shared template data of the summary (NULL after an error). */
static json_t *load_summary_view(struct web_req *r, char code[64], date_t *d)
{
	struct msgs errs;
	void *view = NULL;
	msgs_init(&errs, 0);
	if (!as_of_param(r, d))
		return NULL;
	enum ptdv_err err = summary_org(r, code, &errs);
	if (!err)
		err = app_report_summary_view(r->app, code, *d, &summary_view, &view, &errs);
	if (err)
		fail(r, err, &errs);
	msgs_free(&errs);
	return view;
}

static void get_dashboard(struct web_req *r)
{
	struct msgs errs;
	char code[64];
	date_t d;
	msgs_init(&errs, 0);
	/* The summary and the picker read in one snapshot (one revision read, one BEGIN). */
	app_read_hold(r->app);
	json_t *sj = load_summary_view(r, code, &d);
	if (!sj)
		goto out;
	struct buf pick = BUF_INIT;
	org_picker(r, code, &pick);
	char dd[DATE_STRLEN];
	char title[256];
	snprintf(title, sizeof(title), "Tổng quan — %s", summary_org_name(sj));
	json_t *ctx = json_pack("{s:o, s:s#, s:s}", "s", sj, "picker", pick.s ? pick.s : "",
		(int)pick.len, "as_of", date_format(d, dd));
	buf_free(&pick);
	web_page(r, "dashboard", title, ctx);
out:
	app_read_release(r->app);
	msgs_free(&errs);
}

/*
 * The organisation tree of the scope, or of ?org= within it: whole for a city (at most
 * ORGS_MAX orgs), else the levels from the top that fit in ORGS_MAX, with the number of
 * orgs left out and, on the deepest level listed, a link to each org's own tree.
 */
#define ORGS_MAX 1000

static void get_orgs(struct web_req *r)
{
	struct msgs errs;
	msgs_init(&errs, 0);
	const char *root = web_query(r, "org");
	struct org_rows c = {json_array(), 0};
	struct app_org_pick q = {.root_code = root && *root ? root : NULL, .max = ORGS_MAX};
	int64_t hidden = 0;
	enum ptdv_err err = app_org_pick(r->app, &q, add_org_row, &c, &hidden, &errs);
	if (err) {
		json_decref(c.rows);
		fail(r, err, &errs);
		goto out;
	}
	size_t n = json_array_size(c.rows);
	if (hidden > 0) {
		for (size_t i = 0; i < n; i++) {
			json_t *row = json_array_get(c.rows, i);
			bool more =
				json_integer_value(json_object_get(row, "depth")) == c.deepest &&
				json_is_true(json_object_get(row, "sub"));
			json_object_set_new(row, "more", json_boolean(more));
		}
	}
	json_t *ctx = json_pack("{s:o, s:o, s:o?, s:O?}", "count", fmt_int((int64_t)n + hidden),
		"orgs", c.rows, "hidden", hidden > 0 ? fmt_int(hidden) : NULL, "root",
		q.root_code && n ? json_array_get(c.rows, 0) : NULL);
	web_page(r, "orgs", "Tổ chức đảng", ctx);
out:
	msgs_free(&errs);
}

struct children {
	json_t *rows;
	json_t *self;
};

static enum ptdv_err add_child(void *arg, const struct org *o, const char *parent_code, int depth)
{
	struct children *c = arg;
	char a[DATE_STRLEN], b[DATE_STRLEN];
	if (depth == 0) {
		c->self = json_pack("{s:s, s:s, s:s, s:s?, s:s?, s:s?}", "code", o->code, "name",
			o->name, "kind", core_org_kind_name(o->kind), "parent", parent_code,
			"founded", o->founded == DATE_NONE ? NULL : date_format(o->founded, a),
			"dissolved",
			o->dissolved == DATE_NONE ? NULL : date_format(o->dissolved, b));
	} else if (depth == 1) {
		json_array_append_new(
			c->rows, json_pack("{s:s, s:s, s:s}", "code", o->code, "name", o->name,
					 "kind", core_org_kind_name(o->kind)));
	}
	return PTDV_OK;
}

static void get_org(struct web_req *r)
{
	struct msgs errs;
	void *sj = NULL;
	struct children c = {json_array(), NULL};
	date_t d;
	msgs_init(&errs, 0);
	if (!as_of_param(r, &d))
		goto out;
	enum ptdv_err err = app_org_children(r->app, r->params[0], add_child, &c, &errs);
	if (!err)
		err = app_report_summary_view(r->app, r->params[0], d, &summary_view, &sj, &errs);
	if (err) {
		fail(r, err, &errs);
		goto out;
	}
	json_t *ctx = json_pack("{s:O, s:O, s:O}", "org", c.self, "children", c.rows, "s", sj);
	web_page(r, "org", summary_org_name(sj), ctx);
out:
	json_decref(c.rows);
	json_decref(c.self);
	json_decref(sj);
	msgs_free(&errs);
}

/* --- members --- */

static enum ptdv_err add_member_row(void *arg, const struct store_member_row *m)
{
	json_t *rows = arg;
	json_array_append_new(rows,
		json_pack("{s:I, s:s, s:s, s:o, s:s, s:s, s:o, s:o}", "id", (json_int_t)m->p.id,
			"name", m->p.full_name, "gender", core_gender_name(m->p.gender), "birth",
			fmt_date(m->p.birth_date), "org_code", m->org_code, "org_name", m->org_name,
			"ceremony", fmt_date(m->m.ceremony_date), "official",
			fmt_date(m->m.official_date)));
	return PTDV_OK;
}

static void *member_rows_build(const void *result)
{
	const struct app_member_page *pg = result;
	json_t *rows = json_array();
	for (size_t i = 0; i < pg->n; i++)
		(void)add_member_row(rows, &pg->rows[i]);
	return rows;
}

static const struct app_view member_rows_view = {member_rows_build, view_hold, view_drop};

static void page_link(struct buf *b, const char *q, const char *org, int page)
{
	buf_adds(b, "/members?page=");
	buf_addf(b, "%d", page);
	if (q && *q) {
		buf_adds(b, "&q=");
		tmpl_escape_url(b, q, strlen(q));
	}
	if (org && *org) {
		buf_adds(b, "&org=");
		tmpl_escape_url(b, org, strlen(org));
	}
}

static void get_members(struct web_req *r)
{
	struct msgs errs;
	int64_t total = 0;
	msgs_init(&errs, 0);
	const char *q = web_query(r, "q"), *org = web_query(r, "org"), *p = web_query(r, "page");
	int page = p ? atoi(p) : 1;
	if (page < 1)
		page = 1;
	struct app_member_query mq = {
		.org_code = org, .text = q, .as_of = DATE_NONE, .page = page, .per_page = 50};
	void *rows = NULL;
	enum ptdv_err err =
		app_member_search_view(r->app, &mq, &member_rows_view, &rows, &total, &errs);
	if (err) {
		json_decref(rows);
		fail(r, err, &errs);
		msgs_free(&errs);
		return;
	}
	/* The list counts up to STORE_SEARCH_CAP (with a name or without): past it, "more
	 * than", and a next page after every full one. */
	bool more = total > STORE_SEARCH_CAP;
	int pages = (int)(((more ? STORE_SEARCH_CAP : total) + 49) / 50);
	if (pages < 1)
		pages = 1;
	struct buf t = BUF_INIT, prev = BUF_INIT, next = BUF_INIT, pt = BUF_INIT;
	buf_adds(&t, more ? "Tìm thấy hơn " : "Tìm thấy ");
	vn_fmt_int(&t, more ? STORE_SEARCH_CAP : total);
	buf_adds(&t, more ? " đảng viên; nhập thêm chữ của họ tên để thu hẹp." : " đảng viên.");
	if (more && page >= pages) {
		buf_addf(&pt, "%d", page);
		buf_adds(&pt, json_array_size(rows) == 50 ? "+" : "");
	} else {
		buf_adds(&pt, more ? "hơn " : "");
		buf_addf(&pt, "%d", pages);
	}
	if (page > 1)
		page_link(&prev, q, org, page - 1);
	if (page < pages || (more && json_array_size(rows) == 50))
		page_link(&next, q, org, page + 1);
	json_t *ctx = json_pack("{s:o, s:s, s:s, s:s, s:i, s:s, s:s, s:s}", "rows", rows, "q",
		q ? q : "", "org", org ? org : "", "total_text", t.s, "page_no", page, "pages",
		pt.s, "prev", prev.s, "next", next.s);
	web_page(r, "members", "Đảng viên", ctx);
	buf_free(&t);
	buf_free(&prev);
	buf_free(&next);
	buf_free(&pt);
	msgs_free(&errs);
}

/* --- accounts (admins) --- */

static enum ptdv_err add_user_row(void *arg, const struct user *u, const char *org_code)
{
	json_array_append_new(
		arg, json_pack("{s:s, s:s, s:s, s:s, s:b}", "login", u->login, "name", u->full_name,
			     "role", core_role_name(u->role), "org",
			     org_code ? org_code : "toàn hệ thống", "disabled", u->disabled));
	return PTDV_OK;
}

static void get_users(struct web_req *r)
{
	struct msgs errs;
	msgs_init(&errs, 0);
	json_t *rows = json_array();
	enum ptdv_err err = app_user_list(r->app, add_user_row, rows, &errs);
	if (err) {
		json_decref(rows);
		fail(r, err, &errs);
	} else {
		web_page(r, "users", "Tài khoản", json_pack("{s:o}", "users", rows));
	}
	msgs_free(&errs);
}

struct audit_rows {
	json_t *rows;
	int64_t last;
	int n;
};

static enum ptdv_err add_event(void *arg, const struct store_audit_event *e)
{
	struct audit_rows *a = arg;
	char when[32];
	time_t t = (time_t)e->at;
	struct tm tm;
	localtime_r(&t, &tm);
	strftime(when, sizeof(when), "%d/%m/%Y %H:%M:%S", &tm);
	json_array_append_new(a->rows,
		json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s}", "id", (json_int_t)e->id, "when",
			when, "actor", e->actor, "action", e->action, "entity", e->entity, "key",
			e->key ? e->key : "", "after", e->after ? e->after : ""));
	a->last = e->id;
	a->n++;
	return PTDV_OK;
}

static void get_audit(struct web_req *r)
{
	struct msgs errs;
	msgs_init(&errs, 0);
	const char *b = web_query(r, "before");
	struct audit_rows a = {json_array(), 0, 0};
	enum ptdv_err err = app_audit_list(r->app, b ? atoll(b) : 0, 100, add_event, &a, &errs);
	if (err) {
		json_decref(a.rows);
		fail(r, err, &errs);
	} else {
		json_t *ctx = json_pack("{s:o}", "events", a.rows);
		if (a.n == 100)
			json_object_set_new(ctx, "older", json_integer(a.last));
		web_page(r, "audit", "Nhật ký", ctx);
	}
	msgs_free(&errs);
}

/* --- a person --- */

static void get_person(struct web_req *r)
{
	struct msgs errs;
	struct app_person ap;
	msgs_init(&errs, 0);
	char *end;
	long long id = strtoll(r->params[0], &end, 10);
	if (*end || id <= 0) {
		web_error(r, 404, "Không tìm thấy trang này.");
		msgs_free(&errs);
		return;
	}
	enum ptdv_err err = app_person_get(r->app, id, &ap, &errs);
	if (err) {
		fail(r, err, &errs);
		msgs_free(&errs);
		return;
	}
	const struct person *p = &ap.p;
	json_t *pj = json_pack("{s:s, s:s, s:o, s:s?, s:s?, s:s?, s:s, s:s, s:s}", "name",
		p->full_name, "gender", core_gender_name(p->gender), "birth",
		fmt_date(p->birth_date), "citizen_id", p->citizen_id, "ethnicity", p->ethnicity,
		"religion", p->religion, "education", core_education_name(p->education),
		"occupation", core_occupation_name(p->occupation), "youth",
		core_tristate_name(p->youth_union));
	json_t *stays = json_array(), *ms = json_array();
	int64_t last = 0;
	for (size_t i = 0; i < ap.nstays; i++) {
		const struct app_stay *st = &ap.stays[i];
		const char *note = st->start == st->m.ceremony_date && st->m.id != last
					   ? "kết nạp"
					   : "chuyển đến";
		json_array_append_new(
			stays, json_pack("{s:o, s:o, s:s, s:s, s:s}", "start", fmt_date(st->start),
				       "end", fmt_date(st->end), "org_code", st->org_code,
				       "org_name", st->org_name, "note", note));
		if (st->m.id != last) {
			json_array_append_new(ms,
				json_pack("{s:s?, s:o, s:o, s:o, s:o, s:s?}", "card", st->m.card_no,
					"decision", fmt_date(st->m.decision_date), "ceremony",
					fmt_date(st->m.ceremony_date), "official",
					fmt_date(st->m.official_date), "exit",
					fmt_date(st->m.exit_date), "reason", st->m.exit_reason));
			last = st->m.id;
		}
	}
	char title[256];
	snprintf(title, sizeof(title), "Đảng viên %s", p->full_name);
	web_page(r, "person", title,
		json_pack("{s:o, s:o, s:o}", "p", pj, "stays", stays, "memberships", ms));
	app_person_clear(&ap);
	msgs_free(&errs);
}

/* --- API and health --- */

static void get_health(struct web_req *r)
{
	r->status = 200;
	r->content_type = "text/plain; charset=utf-8";
	buf_adds(&r->out, "ok\n");
}

static void api_summary(struct web_req *r)
{
	struct summary s = {0};
	char code[64];
	date_t d;
	if (!load_summary(r, &s, code, &d))
		goto out;
	struct buf b = BUF_INIT;
	report_summary_json(&s, &b);
	r->status = 200;
	r->content_type = "application/json; charset=utf-8";
	buf_add(&r->out, b.s, b.len);
	buf_free(&b);
out:
	report_summary_free(&s);
}

static enum ptdv_err api_org_row(void *arg, const struct org *o, const char *parent_code, int depth)
{
	char a[DATE_STRLEN], b[DATE_STRLEN];
	json_array_append_new(
		arg, json_pack("{s:s, s:s, s:s, s:s?, s:i, s:s?, s:s?}", "code", o->code, "name",
			     o->name, "kind", core_org_kind_name(o->kind), "parent", parent_code,
			     "depth", depth, "founded",
			     o->founded == DATE_NONE ? NULL : date_format_iso(o->founded, a),
			     "dissolved",
			     o->dissolved == DATE_NONE ? NULL : date_format_iso(o->dissolved, b)));
	return PTDV_OK;
}

static void api_orgs(struct web_req *r)
{
	struct msgs errs;
	msgs_init(&errs, 0);
	json_t *rows = json_array();
	enum ptdv_err err = app_org_list(r->app, r->params[0], api_org_row, rows, &errs);
	if (err) {
		json_decref(rows);
		fail(r, err, &errs);
	} else {
		web_json(r, json_pack("{s:o}", "orgs", rows));
	}
	msgs_free(&errs);
}

static enum ptdv_err api_member_row(void *arg, const struct store_member_row *m)
{
	char a[DATE_STRLEN], b[DATE_STRLEN], c[DATE_STRLEN], d[DATE_STRLEN];
	const struct person *p = &m->p;
	json_array_append_new(arg,
		json_pack("{s:I, s:s, s:s, s:s?, s:s, s:s?, s:s?, s:s?, s:s?}", "id",
			(json_int_t)p->id, "name", p->full_name, "gender",
			core_gender_name(p->gender), "birth_date",
			p->birth_date == DATE_NONE ? NULL : date_format_iso(p->birth_date, a),
			"org", m->org_code, "decision_date",
			m->m.decision_date == DATE_NONE ? NULL
							: date_format_iso(m->m.decision_date, b),
			"ceremony_date", date_format_iso(m->m.ceremony_date, c), "official_date",
			m->m.official_date == DATE_NONE ? NULL
							: date_format_iso(m->m.official_date, d),
			"card_no", m->m.card_no && *m->m.card_no ? m->m.card_no : NULL));
	return PTDV_OK;
}

static void api_members(struct web_req *r)
{
	struct msgs errs;
	int64_t total = 0;
	date_t d;
	msgs_init(&errs, 0);
	if (!as_of_param(r, &d))
		return;
	const char *p = web_query(r, "page"), *pp = web_query(r, "per_page");
	struct app_member_query mq = {.org_code = web_query(r, "org"),
		.text = web_query(r, "q"),
		.as_of = d,
		.page = p ? atoi(p) : 1,
		.per_page = pp ? atoi(pp) : 50};
	json_t *rows = json_array();
	enum ptdv_err err = app_member_search(r->app, &mq, api_member_row, rows, &total, &errs);
	if (err) {
		json_decref(rows);
		fail(r, err, &errs);
	} else {
		/* The list counts up to STORE_SEARCH_CAP: "more" says it stopped. */
		bool more = total > STORE_SEARCH_CAP;
		web_json(r, json_pack("{s:I, s:b, s:i, s:o}", "total",
				    (json_int_t)(more ? STORE_SEARCH_CAP : total), "more", more,
				    "page", mq.page < 1 ? 1 : mq.page, "members", rows));
	}
	msgs_free(&errs);
}

/* --- targets --- */

static enum ptdv_err add_target_row(void *arg, const struct store_target_row *t)
{
	int64_t goal = t->t.assigned >= 0 ? t->t.assigned : t->t.registered;
	json_array_append_new(arg,
		json_pack("{s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:o}", "code", t->org_code, "name",
			t->org_name, "registered",
			t->t.registered >= 0 ? fmt_int(t->t.registered) : json_string("—"),
			"assigned", t->t.assigned >= 0 ? fmt_int(t->t.assigned) : json_string("—"),
			"women", t->t.women >= 0 ? fmt_int(t->t.women) : json_string("—"),
			"admitted", fmt_int(t->admitted), "admitted_women",
			fmt_int(t->admitted_women), "pct",
			goal > 0 ? fmt_pct(t->admitted, goal) : json_string("—")));
	return PTDV_OK;
}

static enum ptdv_err add_referral_row(void *arg, const struct store_referral_target_row *t)
{
	json_array_append_new(
		arg, json_pack("{s:s, s:s, s:s, s:o}", "code", t->org_code, "name", t->org_name,
			     "source", core_cand_source_name((enum cand_source)t->source), "target",
			     fmt_int(t->target)));
	return PTDV_OK;
}

static void targets_page(struct web_req *r, int year, const struct msgs *form_errs, bool saved)
{
	struct msgs errs;
	msgs_init(&errs, 0);
	json_t *rows = json_array(), *refs = json_array();
	enum ptdv_err err = app_target_list(r->app, NULL, year, add_target_row, rows, &errs);
	if (!err)
		err = app_referral_target_list(r->app, NULL, year, add_referral_row, refs, &errs);
	if (err) {
		json_decref(refs);
		json_decref(rows);
		fail(r, err, &errs);
		msgs_free(&errs);
		return;
	}
	struct buf picker = BUF_INIT;
	const char *sel = form_errs ? web_form(r, "org") : NULL;
	web_org_picker(r, sel ? sel : r->sess.org_code, &picker);
	enum role role = r->sess.user.role;
	json_t *ctx = json_pack("{s:o, s:o, s:i, s:s#, s:b, s:b, s:b}", "rows", rows, "referrals",
		refs, "year", year, "picker", picker.s, (int)picker.len, "can_write",
		core_role_can_write(role), "can_assign", role == ROLE_STAFF || role == ROLE_ADMIN,
		"saved", saved);
	if (form_errs)
		json_object_set_new(ctx, "errors", web_msgs_json(form_errs));
	buf_free(&picker);
	web_page(r, "targets", "Chỉ tiêu kết nạp", ctx);
	msgs_free(&errs);
}

static int this_year(struct web_req *r)
{
	int y;
	date_to_ymd(r->app->today, &y, NULL, NULL);
	return y;
}

static void get_targets(struct web_req *r)
{
	const char *y = web_query(r, "year");
	int year = y && *y ? atoi(y) : this_year(r);
	if (year < 1930 || year > 2100) {
		web_error(r, 400, "Năm không hợp lệ.");
		return;
	}
	targets_page(r, year, NULL, web_query(r, "saved") != NULL);
}

static int64_t form_count(struct web_req *r, const char *name, struct msgs *errs)
{
	const char *s = web_form(r, name);
	if (!s || !*s)
		return -1;
	char *end;
	long long v = strtoll(s, &end, 10);
	if (*end || v < 0 || v > 1000000) {
		msgs_add(errs, 0, name, "'%s' phải là số nguyên không âm", s);
		return -1;
	}
	return v;
}

static void post_targets(struct web_req *r)
{
	struct msgs errs;
	msgs_init(&errs, 0);
	const char *org = web_form(r, "org"), *y = web_form(r, "year");
	int year = y ? atoi(y) : 0;
	int64_t reg = form_count(r, "registered", &errs), asg = form_count(r, "assigned", &errs),
		wom = form_count(r, "women", &errs);
	enum ptdv_err err =
		errs.n ? PTDV_INVALID
		       : app_target_set(r->app, org ? org : "", year, reg, asg, wom, &errs);
	if (err == PTDV_INVALID || err == PTDV_DENIED || err == PTDV_NOTFOUND) {
		/* The form again with the reasons; a role that may not write, or an org out of
		 * scope, is answered with its status (403, 404) like every other route. */
		if (err != PTDV_INVALID)
			r->status = err == PTDV_DENIED ? 403 : 404;
		targets_page(r, year >= 1930 && year <= 2100 ? year : this_year(r), &errs, false);
	} else if (err) {
		fail(r, err, &errs);
	} else {
		char loc[64];
		snprintf(loc, sizeof(loc), "/targets?year=%d&saved=1", year);
		web_redirect(r, loc);
	}
	msgs_free(&errs);
}

bool web_as_of(struct web_req *r, date_t *d)
{
	return as_of_param(r, d);
}

void web_fail(struct web_req *r, enum ptdv_err err, const struct msgs *errs)
{
	fail(r, err, errs);
}

void web_org_picker(struct web_req *r, const char *selected, struct buf *html)
{
	org_picker(r, selected ? selected : "", html);
}

json_t *web_date(date_t d)
{
	return fmt_date(d);
}

const struct web_route web_routes[] = {
	{"GET", "/login", get_login, WEB_PUBLIC},
	{"POST", "/login", post_login, WEB_PUBLIC},
	{"POST", "/logout", post_logout, 0},
	{"GET", "/", get_dashboard, 0},
	{"GET", "/orgs", get_orgs, 0},
	{"GET", "/org/:code", get_org, 0},
	{"GET", "/members", get_members, 0},
	{"GET", "/person/:id", get_person, 0},
	{"GET", "/pipeline", web_get_pipeline, 0},
	{"GET", "/targets", get_targets, 0},
	{"POST", "/targets", post_targets, 0},
	{"GET", "/candidate/:id", web_get_candidate, 0},
	{"POST", "/candidate/:id", web_post_candidate, 0},
	{"GET", "/candidates/new", web_get_candidate_new, 0},
	{"POST", "/candidates/new", web_post_candidate_new, 0},
	{"GET", "/users", get_users, WEB_ADMIN},
	{"GET", "/audit", get_audit, WEB_ADMIN},
	{"GET", "/healthz", get_health, WEB_PUBLIC},
	{"GET", "/api/v1/summary", api_summary, WEB_API},
	{"GET", "/api/v1/orgs", api_orgs, WEB_API},
	{"GET", "/api/v1/orgs/:code", api_orgs, WEB_API},
	{"GET", "/api/v1/members", api_members, WEB_API},
	{"GET", "/import", web_get_import, 0},
	{"POST", "/import", web_post_import, 0},
	{"GET", "/import/job/:id", web_get_import_job, 0},
	{"POST", "/import/job/:id/confirm", web_post_import_confirm, 0},
	{"POST", "/import/job/:id/cancel", web_post_import_cancel, 0},
	{"GET", "/import/template/:entity", web_get_import_template, 0},
	{"GET", "/reports", web_get_reports, 0},
	{"GET", "/report/:name", web_get_report, 0},
	{"GET", "/api/v1/reports", web_api_reports, WEB_API},
	{"GET", "/api/v1/reports/:name", web_api_report, WEB_API},
	{"GET", "/api/v1/candidates", web_api_candidates, WEB_API},
	{"POST", "/api/v1/candidates", web_api_candidate_add, WEB_API},
	{"GET", "/api/v1/candidates/:id", web_api_candidate, WEB_API},
	{"POST", "/api/v1/candidates/:id/steps", web_api_candidate_step, WEB_API},
	{"GET", "/api/v1/targets", web_api_targets, WEB_API},
	{"POST", "/api/v1/targets", web_api_targets_set, WEB_API},
	{NULL, NULL, NULL, 0},
};

void web_print_routes(void)
{
	for (const struct web_route *rt = web_routes; rt->pattern; rt++)
		printf("{\"method\": \"%s\", \"pattern\": \"%s\", \"public\": %s, \"admin\": %s, "
		       "\"api\": %s}\n",
			rt->method, rt->pattern, rt->flags & WEB_PUBLIC ? "true" : "false",
			rt->flags & WEB_ADMIN ? "true" : "false",
			rt->flags & WEB_API ? "true" : "false");
}
