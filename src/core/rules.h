/*
 * rules.h — the Party's rules on admission as data, and one pure check per rule.
 *
 * Every rule of DOMAIN.md "Rules the software checks" is a row of one table (rules.c): its
 * number, Vietnamese name, parameters, the document it comes from and the days it is in
 * force. The next regulation is a new row, not new code. A pipeline event is checked
 * against the rows in force on its effective date (core_rules_at).
 *
 * Each check function takes plain values, adds one message per failure to `out` (field:
 * "Quy tắc N – name"; text: what failed with its numbers, then the source) and returns the
 * number of failures. None of them touches the database.
 */
#ifndef PTDV_CORE_RULES_H
#define PTDV_CORE_RULES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/person.h"
#include "util/date.h"

struct calendar;
struct msgs;

enum rule_id {
	RULE_AGE = 1,           /* 1. tuổi đời 18–60 at the cell's review */
	RULE_EDUCATION,         /* 2. THCS or higher, unless an exception */
	RULE_COURSE,            /* 3. course certificate valid 60 months */
	RULE_DOSSIER_AGE,       /* 4. introductions, resolutions, opinions at most 12 months old */
	RULE_INTRODUCERS,       /* 5. two official members, or one and a union resolution */
	RULE_DOSSIER_COMPLETE,  /* 6. every document before the cell votes */
	RULE_VOTE,              /* 7. two thirds of the body */
	RULE_DECISION_DEADLINE, /* 8. decision within 60 working days of the cell's resolution */
	RULE_CEREMONY_DEADLINE, /* 9. ceremony within 30 working days of receiving the decision */
	RULE_PROBATION,         /* 10. 12 months of probation, with assessments */
	RULE_RECOGNITION,       /* 11. recognition meeting and decision deadlines */
	RULE_OFFICIAL_DATE,     /* 12. official date = end of probation */
	RULE_PARTY_AGE,         /* 13. party age from the decision, minus gaps */
	RULE_READMISSION,       /* 14. readmission after 36 months; barred exit reasons */
	RULE_COMPETENT,         /* 15. the competent committee on the decision date */
	RULE_HELPER,            /* 16. a helper is an official member */
	RULE__MAX
};

#define RULE_MAX_PARAMS 4

/* Parameter positions, per rule. */
enum { P_AGE_MIN_MONTHS, P_AGE_MAX_MONTHS };
enum { P_EDU_MIN_LEVEL };
enum { P_COURSE_VALID_MONTHS };
enum { P_DOSSIER_MAX_MONTHS };
enum { P_INTRO_COUNT, P_INTRO_TOGETHER_MONTHS, P_INTRO_OFFICIAL_WHOLE_PERIOD };
enum { P_VOTE_NUM, P_VOTE_DEN };
enum { P_DECISION_WORKING_DAYS, P_DECISION_EXTENSION };
enum { P_CEREMONY_WORKING_DAYS };
enum { P_PROBATION_MONTHS, P_PROBATION_ALERT_DAYS };
enum { P_RECOG_MEETING_WORKING_DAYS, P_RECOG_DECISION_WORKING_DAYS, P_RECOG_EXTENSION };
enum { P_READMIT_MIN_MONTHS };

struct rule_param {
	const char *name; /* short English key, shown by `ptdv rule list` */
	int value;
};

struct rule {
	enum rule_id id;
	const char *name; /* Vietnamese */
	struct rule_param p[RULE_MAX_PARAMS];
	const char *text; /* a text parameter (readmission: barred exit reasons, ';'-separated) */
	const char *source;
	int from, to; /* in force from/to these days (yyyymmdd, inclusive); 0 = open */
};

/* The rows that apply on one day, by rule id (index 0 unused). */
struct rule_set {
	const struct rule *r[RULE__MAX];
};

/* The built-in table (rules.c); *n = its number of rows. */
const struct rule *core_rules_table(size_t *n);
/*
 * Fills set with the rows of table in force on day. For a rule with no row in force that
 * day (a day before its earliest row) the earliest row applies. A rule without any row
 * leaves NULL. Returns the number of rules left NULL.
 */
int core_rules_at(const struct rule *table, size_t n, date_t day, struct rule_set *set);
/* The built-in rows in force on day. */
void core_rules_default(date_t day, struct rule_set *set);
/* Returns true when row r is in force on day. */
bool core_rule_in_force(const struct rule *r, date_t day);
/* "Quy tắc 5 – Người giới thiệu" into out (size >= 96). Returns out. */
const char *core_rule_label(const struct rule *r, char *out, size_t size);

/* --- dossier documents (rules 4, 5 and 6) --- */

enum doc_kind {
	DOC_APPLICATION = 1, /* Đơn xin vào Đảng (mẫu 1-KNĐ) */
	DOC_HISTORY,         /* Lý lịch của người xin vào Đảng (mẫu 2-KNĐ) */
	DOC_VERIFICATION,    /* Thẩm tra, xác minh lý lịch */
	DOC_INTRODUCTION,    /* Giấy giới thiệu người vào Đảng (mẫu 3-KNĐ) */
	DOC_YOUTH_RESOLUTION, /* Nghị quyết giới thiệu đoàn viên của BCH Đoàn cơ sở */
	DOC_UNION_RESOLUTION, /* Nghị quyết giới thiệu đoàn viên công đoàn của BCH Công đoàn */
	DOC_WORK_OPINION, /* Tổng hợp ý kiến nhận xét của đoàn thể nơi làm việc */
	DOC_HOME_OPINION, /* Tổng hợp ý kiến nhận xét của chi ủy nơi cư trú */
	DOC__MAX
};

/* Vietnamese name of a document kind ("" when out of range). */
const char *core_doc_name(enum doc_kind k);
/* True for the documents that must be redone when older than rule 4 allows. */
bool core_doc_expires(enum doc_kind k);

/* A document as the rules see it. */
struct rule_doc {
	enum doc_kind kind;
	date_t date;
	const char *who; /* introducer, for introductions; else NULL */
};

/* An introducer, with the facts rule 5 needs (looked up by app/ from the member record). */
struct rule_introducer {
	const char *name;
	date_t introduced;     /* date of the introduction */
	date_t official;       /* the introducer's official date; DATE_NONE = not official */
	bool member;           /* a member (not exited) on the introduction date */
	date_t together_since; /* worked with the applicant in the same unit since */
	int64_t event_id;      /* the introduction event described (for core/candidate.c) */
};

/* --- the checks, one per rule --- */

/*
 * Rule 1. Age at the cell's review date: at least min months; above max months only with
 * an approval dated on or before the decision. With decision == DATE_NONE (checking the
 * cell's vote) only the minimum is checked.
 */
int core_rule_check_age(const struct rule *r, date_t birth, date_t review, date_t decision,
	date_t over60_approval, struct msgs *out);
/* Rule 2. Education at the review: min level or higher, or an exception recorded by then. */
int core_rule_check_education(const struct rule *r, enum education edu, date_t review,
	date_t exception, struct msgs *out);
/* Rule 3. A certificate exists and review <= certificate date + valid months. */
int core_rule_check_course(
	const struct rule *r, date_t certificate, date_t review, struct msgs *out);
/* Rule 4. Each expiring document is at most max months old at the review. */
int core_rule_check_dossier_age(const struct rule *r, const struct rule_doc *docs, size_t n,
	date_t review, struct msgs *out);
/*
 * Rule 5. Counts the introducers that qualify on their introduction date (official,
 * together long enough — when P_INTRO_OFFICIAL_WHOLE_PERIOD is set, only the months as an
 * official member count). Passes with count of them, or count - 1 and a union resolution
 * (a Youth Union resolution only for a Youth Union member). Reports each introducer that
 * does not qualify and, when too few do, the shortfall.
 */
int core_rule_check_introducers(const struct rule *r, const struct rule_introducer *in, size_t n,
	date_t youth_resolution, date_t union_resolution, enum tristate youth_member,
	struct msgs *out);
/*
 * Rule 6. Every required document dated on or before the review: application, personal
 * history, its verification, both opinion summaries, and introductions (count of them, or
 * one fewer with a union resolution). have[k] is the date of the latest document of kind k
 * (DATE_NONE when missing); introductions = how many introductions are on file.
 */
int core_rule_check_dossier_complete(const struct rule *r, const date_t have[DOC__MAX],
	int introductions, date_t review, struct msgs *out);
/* Rule 7. yes >= ceil(num/den × base); body names who voted ("chi bộ"), base what it counts. */
int core_rule_check_vote(const struct rule *r, const char *body, const char *base_name, int base,
	int yes, struct msgs *out);
/*
 * Rule 8. decision <= the n-th working day after the cell's resolution (n + extension
 * when an extension is recorded on or before that day).
 */
int core_rule_check_decision_deadline(const struct rule *r, struct calendar *cal, date_t resolution,
	date_t decision, date_t extension, struct msgs *out);
/* Rule 9. ceremony <= the n-th working day after receiving the decision, or a late approval. */
int core_rule_check_ceremony_deadline(const struct rule *r, struct calendar *cal, date_t received,
	date_t ceremony, date_t late_approval, struct msgs *out);
/* Rule 10. End of probation = ceremony + months. */
date_t core_rule_probation_end(const struct rule *r, date_t ceremony);
/*
 * Rule 10. The recognition vote comes after probation ends, with the self-assessment and
 * the helper's assessment on file by then.
 */
int core_rule_check_probation(const struct rule *r, date_t ceremony, date_t vote,
	date_t self_assessment, date_t helper_assessment, struct msgs *out);
/*
 * Rule 11. The cell votes within n working days after probation ends; the decision comes
 * within m working days after the cell's vote (m + extension with one recorded by then).
 * decision == DATE_NONE checks the vote only.
 */
int core_rule_check_recognition(const struct rule *r, struct calendar *cal, date_t probation_end,
	date_t vote, date_t decision, date_t extension, struct msgs *out);
/* Rule 12. official == the end of probation. */
int core_rule_check_official_date(const struct rule *r, const struct rule *probation,
	date_t ceremony, date_t official, struct msgs *out);
/*
 * Rule 13. Party age in full months on day: from the admission decision, minus the days of
 * the gaps [gap_from[i], gap_to[i]) in party activity. 0 before the decision.
 */
int core_rule_party_age_months(
	date_t decision, const date_t *gap_from, const date_t *gap_to, size_t ngaps, date_t day);
/*
 * Rule 14. A former member may be taken back at least min months after leaving, unless
 * the exit reason contains one of the barred reasons (accents and case ignored).
 */
int core_rule_check_readmission(
	const struct rule *r, date_t exit, const char *exit_reason, date_t day, struct msgs *out);
/*
 * Rule 15. The deciding org is the competent one on the decision date: the nearest
 * superior committee (Đảng bộ cấp trên) above the cell alive that day.
 */
int core_rule_check_competent(const struct rule *r, const char *deciding, const char *competent,
	date_t decision, struct msgs *out);
/* Rule 16. A helper is an official member on the day of the assignment. */
int core_rule_check_helper(const struct rule *r, const char *name, date_t official, bool member,
	date_t day, struct msgs *out);

#endif
