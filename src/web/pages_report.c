/*
 * pages_report.c — the reports on the web: the list (/reports), one report as a page with
 * its org and date pickers and downloads in every format (/report/NAME), and the same
 * through the API (/api/v1/reports, /api/v1/reports/NAME). Every figure comes from
 * app_report and is formatted by report/ (report_cell_text, report_render): the page, the
 * downloads and the command line cannot disagree.
 */
#include <ctype.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "report/reports.h"
#include "report/table.h"
#include "web/http.h"
#include "web/tmpl.h"

/* The report's parameters from the query string; false after an error answer. */
static bool report_query(struct web_req *r, date_t *as_of, struct report_params *p)
{
	report_params_init(p);
	if (!web_as_of(r, as_of))
		return false;
	struct msgs errs;
	msgs_init(&errs, 0);
	const char *period = web_query(r, "period"), *within = web_query(r, "within"),
		   *from = web_query(r, "from");
	if (period && *period && report_period_parse(period, &p->period) != PTDV_OK)
		msgs_add(&errs, 0, "period",
			"kỳ báo cáo '%s' không hợp lệ (cần 'year' hoặc 'term')", period);
	if (within && *within) {
		char *end = NULL;
		long n = strtol(within, &end, 10);
		if (*end || n < 0 || n > 366)
			msgs_add(&errs, 0, "within", "số ngày '%s' không hợp lệ (cần từ 0 đến 366)",
				within);
		else
			p->within = (int)n;
	}
	if (from && *from && date_parse(from, strlen(from), &p->from) != PTDV_OK)
		msgs_add(&errs, 0, "from", "ngày bắt đầu '%s' không hợp lệ (dạng ngày/tháng/năm)",
			from);
	if (errs.n)
		web_fail(r, PTDV_INVALID, &errs);
	bool ok = errs.n == 0;
	msgs_free(&errs);
	return ok;
}

/* Builds the report of the route's :name; false after an error answer (out is freed). */
static bool load_report(struct web_req *r, struct report *out)
{
	date_t as_of;
	struct report_params p;
	report_init(out, "", DATE_NONE);
	if (!report_query(r, &as_of, &p))
		return false;
	struct msgs errs;
	msgs_init(&errs, 0);
	const char *org = web_query(r, "org");
	enum ptdv_err err =
		app_report(r->app, r->params[0], org && *org ? org : NULL, as_of, &p, out, &errs);
	if (err)
		web_fail(r, err, &errs);
	msgs_free(&errs);
	return !err;
}

/*
 * Answers the report in format f as a download named ptdv-NAME-ORG-yyyy-mm-dd.EXT (the
 * org code reduced to letters, digits and '-', so the header needs no quoting rules).
 */
static void send_format(struct web_req *r, const struct report *rep, enum rformat f)
{
	struct buf body = BUF_INIT;
	if (report_render(rep, f, &body) != PTDV_OK) {
		buf_free(&body);
		web_error(r, f == RF_SVG ? 400 : 500,
			f == RF_SVG ? "Báo cáo này không có biểu đồ để tải dạng SVG."
				    : "Không tạo được tệp báo cáo; hãy thử lại.");
		return;
	}
	/* A file leaving the system is audited first; unaudited, it is not sent. */
	struct msgs errs;
	msgs_init(&errs, 0);
	enum ptdv_err err = app_report_audit_download(
		r->app, rep->name, rep->org_code, rep->as_of, report_format_name(f), &errs);
	msgs_free(&errs);
	if (err) {
		buf_free(&body);
		web_error(r, 500, "Không ghi được nhật ký tải báo cáo; hãy thử lại.");
		return;
	}
	char code[48] = "", day[DATE_STRLEN], disp[160];
	size_t n = 0;
	for (const char *c = rep->org_code ? rep->org_code : ""; *c && n + 1 < sizeof(code); c++)
		if (isalnum((unsigned char)*c) || *c == '-')
			code[n++] = *c;
	code[n] = 0;
	snprintf(disp, sizeof(disp), "attachment; filename=\"ptdv-%s-%s-%s.%s\"", rep->name, code,
		date_format_iso(rep->as_of, day), report_format_ext(f));
	r->status = 200;
	r->content_type = report_format_mime(f);
	web_header(r, "Content-Disposition", disp);
	buf_add(&r->out, body.s, body.len);
	buf_free(&body);
}

/* ?format=: false when absent or "html" (the page); an error answer for an unknown one. */
static bool format_param(struct web_req *r, enum rformat *f, bool *bad)
{
	const char *s = web_query(r, "format");
	*bad = false;
	if (!s || !*s || strcmp(s, "html") == 0)
		return false;
	if (report_format_parse(s, f) != PTDV_OK) {
		struct msgs errs;
		msgs_init(&errs, 0);
		msgs_add(&errs, 0, "format",
			"định dạng '%s' không hợp lệ (cần text, json, csv, xlsx, pdf hoặc svg)", s);
		web_fail(r, PTDV_INVALID, &errs);
		msgs_free(&errs);
		*bad = true;
		return false;
	}
	return true;
}

static json_t *cell_json(const struct rcell *c, enum rtype t)
{
	struct buf b = BUF_INIT;
	report_cell_text(&b, c, t);
	json_t *v = json_pack("{s:s, s:b}", "v", b.s, "num", t == RT_INT || t == RT_PCT);
	buf_free(&b);
	return v;
}

/* The template data of a report: every cell already formatted for a reader. */
static json_t *report_ctx(const struct report *rep)
{
	char day[DATE_STRLEN];
	json_t *paras = json_array(), *facts = json_array(), *tables = json_array();
	for (int i = 0; i < rep->nparagraphs; i++)
		json_array_append_new(paras, json_string(rep->paragraphs[i]));
	for (int i = 0; i < rep->nfacts; i++) {
		json_t *v = cell_json(&rep->facts[i].v, rep->facts[i].type);
		json_object_set_new(v, "label", json_string(rep->facts[i].label));
		json_array_append_new(facts, v);
	}
	for (int ti = 0; ti < rep->ntables; ti++) {
		const struct rtable *t = &rep->tables[ti];
		json_t *cols = json_array(), *rows = json_array();
		for (int j = 0; j < t->ncols; j++)
			json_array_append_new(cols,
				json_pack("{s:s, s:b}", "title", t->cols[j].title, "num",
					t->cols[j].type == RT_INT || t->cols[j].type == RT_PCT));
		for (size_t i = 0; i < t->nrows; i++) {
			json_t *cells = json_array();
			for (int j = 0; j < t->ncols; j++)
				json_array_append_new(cells,
					cell_json(&t->cells[i * (size_t)t->ncols + (size_t)j],
						t->cols[j].type));
			json_array_append_new(rows, json_pack("{s:o, s:b}", "cells", cells, "total",
							    t->total_row && i + 1 == t->nrows));
		}
		json_array_append_new(
			tables, json_pack("{s:s, s:o, s:o, s:i}", "title", t->title, "cols", cols,
					"rows", rows, "count", (int)t->nrows));
	}
	return json_pack("{s:s, s:s?, s:s?, s:s, s:o, s:o, s:o, s:b}", "title",
		rep->title ? rep->title : "", "org_code", rep->org_code, "org_name", rep->org_name,
		"as_of", date_format(rep->as_of, day), "paragraphs", paras, "facts", facts,
		"tables", tables, "charts", rep->ncharts > 0);
}

/* The query string of the report's own page, for its download links: org, as_of, params. */
static void own_query(struct web_req *r, const struct report *rep, struct buf *q)
{
	char day[DATE_STRLEN];
	buf_adds(q, "org=");
	tmpl_escape_url(q, rep->org_code, strlen(rep->org_code));
	buf_addf(q, "&as_of=%s", date_format_iso(rep->as_of, day));
	static const char *const keep[] = {"period", "within", "from"};
	for (size_t i = 0; i < sizeof(keep) / sizeof(keep[0]); i++) {
		const char *v = web_query(r, keep[i]);
		if (v && *v) {
			buf_addf(q, "&%s=", keep[i]);
			tmpl_escape_url(q, v, strlen(v));
		}
	}
}

void web_get_report(struct web_req *r)
{
	struct report rep;
	enum rformat f;
	bool bad;
	bool download = format_param(r, &f, &bad);
	/* After a bad ?format= the report was never initialised: nothing to free. */
	if (bad)
		return;
	if (!load_report(r, &rep)) {
		report_free(&rep);
		return;
	}
	if (download) {
		send_format(r, &rep, f);
		report_free(&rep);
		return;
	}
	const struct report_info *info = report_find(rep.name);
	struct buf picker = BUF_INIT, q = BUF_INIT;
	web_org_picker(r, rep.org_code, &picker);
	own_query(r, &rep, &q);
	/* In the order an office wants them: Excel and PDF first. */
	static const struct {
		enum rformat f;
		const char *label;
	} offered[] = {{RF_XLSX, "Excel (.xlsx)"}, {RF_PDF, "PDF"}, {RF_CSV, "CSV"},
		{RF_SVG, "Biểu đồ (.svg)"}, {RF_TEXT, "Văn bản (.txt)"}, {RF_JSON, "JSON"}};
	json_t *downloads = json_array();
	for (size_t i = 0; i < sizeof(offered) / sizeof(offered[0]); i++) {
		if (offered[i].f == RF_SVG && rep.ncharts == 0)
			continue;
		json_array_append_new(downloads,
			json_pack("{s:s, s:s}", "format", report_format_name(offered[i].f), "label",
				offered[i].label));
	}
	char day[DATE_STRLEN];
	const char *within = web_query(r, "within"), *period = web_query(r, "period");
	json_t *ctx = json_pack("{s:o, s:s, s:s#, s:s#, s:o, s:s, s:s, s:s, s:b, s:b, s:b}", "r",
		report_ctx(&rep), "name", rep.name, "picker", picker.s, (int)picker.len, "query",
		q.s, (int)q.len, "downloads", downloads, "as_of", date_format(rep.as_of, day),
		"within", within ? within : "", "description", info ? info->description : "",
		"has_within", strcmp(rep.name, "due") == 0, "has_period",
		strcmp(rep.name, "breakdown") == 0 || strcmp(rep.name, "referrals") == 0,
		"period_term", period && strcmp(period, "term") == 0);
	buf_free(&picker);
	buf_free(&q);
	web_page(r, "report", info ? info->title : rep.name, ctx);
	report_free(&rep);
}

/* {"reports": [{name, title, description}]}: the page's data and the API's answer. */
static json_t *report_list_json(void)
{
	size_t n;
	const struct report_info *list = app_report_list(&n);
	json_t *rows = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(
			rows, json_pack("{s:s, s:s, s:s}", "name", list[i].name, "title",
				      list[i].title, "description", list[i].description));
	return json_pack("{s:o}", "reports", rows);
}

void web_get_reports(struct web_req *r)
{
	web_page(r, "reports", "Báo cáo", report_list_json());
}

void web_api_reports(struct web_req *r)
{
	web_json(r, report_list_json());
}

void web_api_report(struct web_req *r)
{
	struct report rep;
	enum rformat f = RF_JSON;
	bool bad;
	format_param(r, &f, &bad);
	if (bad)
		return;
	if (!load_report(r, &rep)) {
		report_free(&rep);
		return;
	}
	if (f == RF_JSON) {
		struct buf body = BUF_INIT;
		if (report_render(&rep, RF_JSON, &body) == PTDV_OK) {
			r->status = 200;
			r->content_type = "application/json; charset=utf-8";
			buf_add(&r->out, body.s, body.len);
		} else {
			web_error(r, 500, "Không tạo được báo cáo; hãy thử lại.");
		}
		buf_free(&body);
	} else {
		send_format(r, &rep, f);
	}
	report_free(&rep);
}
