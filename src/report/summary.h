/*
 * summary.h — the summary report: an org subtree's organisations, members, share of its
 * superior and admissions over the current term, as of a date (README "Counting rules").
 */
#ifndef PTDV_REPORT_SUMMARY_H
#define PTDV_REPORT_SUMMARY_H

#include <stdbool.h>
#include <stdint.h>

#include "core/org.h"
#include "util/buf.h"
#include "util/date.h"
#include "util/err.h"

struct store;

struct summary_year {
	int year;
	int64_t admitted, admitted_women;
	int64_t target; /* the year's assigned target (else registered); -1 = none */
};

struct summary {
	date_t as_of;
	char *org_code, *org_name;
	int64_t base_committees, base_cells;
	int64_t members, official, probationary, women;
	bool has_share;
	double share_pct;    /* 100 × members / superior's members */
	char *superior_name; /* NULL when the org has no superior */
	int64_t superior_members;
	bool has_term;
	char *term_name;
	date_t term_start;
	int64_t term_target; /* -1 = none */
	int64_t term_admitted, term_admitted_women;
	struct summary_year *years; /* from the term start's year (or as_of's) to as_of's year */
	int nyears;
};

/* Computes the summary of org's subtree on day d. The caller frees with report_summary_free. */
enum ptdv_err report_summary(
	struct store *st, const struct org *org, date_t d, struct summary *out) PTDV_MUST_USE;
void report_summary_free(struct summary *s);
/* Makes dst a deep copy of src (dst is overwritten, not freed). */
void report_summary_copy(struct summary *dst, const struct summary *src);

/* Appends the summary as Vietnamese text: the paragraph a report would print, then a table by year. */
void report_summary_text(const struct summary *s, struct buf *out);
/* Appends the summary as JSON (the schema is in README "Reports"). */
void report_summary_json(const struct summary *s, struct buf *out);

#endif
