/*
 * table.h — a report as data: a heading, facts, tables and charts. Every report is built
 * into a struct report once; the renderers turn that one value into text, JSON, CSV,
 * XLSX, PDF or SVG, so a figure cannot differ between formats.
 *
 * Ownership: a report owns every string and array it points to except the column
 * descriptions (struct rcol), which are static tables of the report that builds it.
 * report_free releases everything.
 */
#ifndef PTDV_REPORT_TABLE_H
#define PTDV_REPORT_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"
#include "util/date.h"
#include "util/err.h"

/* What a cell holds, which decides how each format writes it. */
enum rtype {
	RT_TEXT, /* a string */
	RT_INT,  /* a count: "1.234" in text, 1234 in JSON, a number in XLSX */
	RT_PCT,  /* a percentage with one decimal: "67,2%" in text, 67.2 in JSON */
	RT_DATE, /* a day: "22/04/2024" in text, "2024-04-22" in JSON, a date in XLSX */
	RT_FLAG, /* yes/no: "Có"/"" in text, true/false in JSON */
};

/* A column: key is the JSON/CSV name (ASCII), title the Vietnamese header. */
struct rcol {
	const char *key;
	const char *title;
	enum rtype type;
};

/* A cell; null = no value (an empty cell, JSON null, "—" in text). */
struct rcell {
	bool null;
	int64_t i; /* RT_INT, RT_FLAG (0/1), RT_DATE (date_t) */
	double d;  /* RT_PCT */
	char *s;   /* RT_TEXT (owned) */
};

struct rtable {
	char *key;   /* JSON name and XLSX sheet name (ASCII, ≤ 31 chars) */
	char *title; /* Vietnamese caption */
	const struct rcol *cols;
	int ncols;
	struct rcell *cells; /* nrows × ncols, row by row */
	size_t nrows, alloc;
	int total_row; /* 1 when the last row is a total (printed bold) */
};

/* A named figure of the report's body: "Đảng viên mới: 652". */
struct rfact {
	char *key;   /* JSON name */
	char *label; /* Vietnamese */
	struct rcell v;
	enum rtype type;
};

enum rchart_kind {
	RCHART_BARS,   /* one bar per row, with an optional target line (the year-on-year chart) */
	RCHART_FUNNEL, /* horizontal bars, widest first (the pipeline funnel) */
	RCHART_SHARE,  /* a part of a whole per row, as a percentage bar (the women's share) */
};

/* A chart drawn from the columns of one of the report's tables. */
struct rchart {
	enum rchart_kind kind;
	char *title;
	int table;     /* index into report.tables */
	int label_col; /* the label under each bar */
	int value_col; /* the bar (RT_INT), or for RCHART_SHARE the part */
	int line_col;  /* the target line (RCHART_BARS) or the whole (RCHART_SHARE); -1 = none */
	const char *value_name, *line_name; /* legend */
};

struct report {
	const char *name; /* "progress", "yoy", ... */
	char *title;      /* "BÁO CÁO TIẾN ĐỘ PHÁT TRIỂN ĐẢNG VIÊN NĂM 2024" */
	char *org_code, *org_name;
	char *committee; /* who issues it: the org's name in upper case for the PDF heading */
	char *place;     /* "Bắc Ninh" for the dateline; NULL = none */
	date_t as_of;
	char **paragraphs; /* body text before the tables */
	int nparagraphs;
	struct rfact *facts;
	int nfacts;
	struct rtable *tables;
	int ntables;
	struct rchart *charts;
	int ncharts;
};

/* --- building --- */

void report_init(struct report *r, const char *name, date_t as_of);
void report_free(struct report *r);
void report_set_title(struct report *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void report_add_paragraph(struct report *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void report_add_fact_int(struct report *r, const char *key, const char *label, int64_t v);
void report_add_fact_pct(struct report *r, const char *key, const char *label, double v);
void report_add_fact_text(struct report *r, const char *key, const char *label, const char *v);
void report_add_fact_date(struct report *r, const char *key, const char *label, date_t v);
/* A fact with no value (JSON null, "—" in text), of type t. */
void report_add_fact_null(struct report *r, const char *key, const char *label, enum rtype t);
/*
 * Sets the org the report is about: its code and name, the committee heading (the name in
 * upper case) and the place of the dateline, taken from the name after its kind and unit
 * words ("Đảng bộ thành phố Bắc Ninh" → "Bắc Ninh"; NULL when the name has none of them).
 */
void report_set_org(struct report *r, const char *code, const char *name);
/* Adds a table and returns its index. cols must outlive the report. */
int report_add_table(
	struct report *r, const char *key, const char *title, const struct rcol *cols, int ncols);
/* Appends an empty row (every cell null) to table t and returns its cells. */
struct rcell *report_add_row(struct report *r, int t);
void rcell_int(struct rcell *c, int64_t v);
void rcell_pct(struct rcell *c, double v);
void rcell_date(struct rcell *c, date_t v);
void rcell_flag(struct rcell *c, bool v);
void rcell_text(struct rcell *c, const char *s);
void report_add_chart(struct report *r, const struct rchart *c);

/* --- rendering --- */

enum rformat { RF_TEXT, RF_JSON, RF_CSV, RF_XLSX, RF_PDF, RF_SVG, RF__MAX };
/* "text", "json", ... → format; PTDV_INVALID for anything else. */
enum ptdv_err report_format_parse(const char *s, enum rformat *out) PTDV_MUST_USE;
const char *report_format_name(enum rformat f);
/* The file extension and the HTTP content type of a format. */
const char *report_format_ext(enum rformat f);
const char *report_format_mime(enum rformat f);

/*
 * Renders r in format f, appending to out (binary for XLSX and PDF). Text is Vietnamese
 * for a reader; JSON is {"report","title","org":{code,name},"as_of","facts":{..},
 * "tables":{key:[{col:value}]}}; CSV is each table in turn, a blank line between them;
 * SVG is the report's charts. PTDV_INVALID when the format cannot carry this report (SVG
 * of a report without charts); PTDV_IO on a library failure.
 */
enum ptdv_err report_render(const struct report *r, enum rformat f, struct buf *out) PTDV_MUST_USE;
/*
 * Appends a cell as a reader sees it in text and on the web: Vietnamese numbers ("1.234",
 * "67,2%"), dd/mm/yyyy, "Có" or "" for a flag, "—" for no value.
 */
void report_cell_text(struct buf *out, const struct rcell *c, enum rtype t);

#endif
