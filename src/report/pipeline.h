/*
 * pipeline.h — reports over the admission pipeline of a subtree: the deadlines of the open
 * cases (`ptdv due`) and the time spent in each stage with the conversion to admission
 * (`ptdv report pipeline`). The deadlines read the cases of the subtree that may be due (by
 * the bound store/ keeps beside each case) and count the open ones; time in stage reads the
 * cases of the subtree in one query. Both work in memory: no query per case.
 */
#ifndef PTDV_REPORT_PIPELINE_H
#define PTDV_REPORT_PIPELINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/candidate.h"
#include "core/org.h"
#include "util/buf.h"
#include "util/date.h"
#include "util/err.h"

struct calendar;
struct store;

struct due_row {
	int64_t id;
	char *name;
	char *org_code;
	enum cand_stage stage;
	struct cand_due due;
	int days_left; /* due - as_of; negative when overdue */
};

struct due_report {
	date_t as_of;
	int within;
	char *org_code, *org_name;
	int64_t open_cases;   /* open cases of the subtree on as_of */
	int64_t overdue;      /* of the rows */
	struct due_row *rows; /* by due date, then cell code, then case number */
	size_t n;
};

/*
 * The open cases of org's subtree on as_of with a deadline on or before as_of + within
 * (overdue ones included); when source is not 0, only the cases referred by that source
 * (enum cand_source: a liaison's own referrals), open_cases included. The caller frees
 * with report_due_free.
 */
enum ptdv_err report_due(struct store *st, const struct org *org, date_t as_of, int within,
	int source, struct calendar *cal, struct due_report *out) PTDV_MUST_USE;
void report_due_free(struct due_report *r);
void report_due_text(const struct due_report *r, struct buf *out);
void report_due_json(const struct due_report *r, struct buf *out);

struct pipeline_row {
	enum cand_stage stage;
	int64_t entered;  /* cases that entered the stage in the period */
	int64_t admitted; /* of those, admitted (ceremony) by the period's end */
	int64_t done;     /* stays in the stage that ended in the period */
	int median, p90;  /* days of those stays (nearest rank); -1 when none */
	int64_t open;     /* cases in the stage at the period's end */
};

struct pipeline_report {
	date_t from, to;
	char *org_code, *org_name;
	int64_t cases;                        /* cases started by the period's end */
	struct pipeline_row rows[STAGE__MAX]; /* index = stage; the point stage 8 is not timed */
};

/*
 * Time in stage for org's subtree and the period [from, to]: a stay in a stage runs from
 * the day the case entered it to the day it entered the next one (or was closed), and
 * counts when it ended in the period; conversion is the share of the cases that entered a
 * stage in the period and were admitted by `to`. Cases as recorded now, cut at `to`.
 */
enum ptdv_err report_pipeline(struct store *st, const struct org *org, date_t from, date_t to,
	struct pipeline_report *out) PTDV_MUST_USE;
void report_pipeline_free(struct pipeline_report *r);
void report_pipeline_text(const struct pipeline_report *r, struct buf *out);
void report_pipeline_json(const struct pipeline_report *r, struct buf *out);

#endif
