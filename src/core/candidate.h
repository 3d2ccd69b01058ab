/*
 * candidate.h — the admission pipeline: stages, the events that move a case through them,
 * the state of a case derived from its events, the checks of each transition, and the
 * next deadline of an open case.
 *
 * Events, not edits. A case is its list of events; a correction is a new event of the same
 * kind that supersedes one. The state on any day is a fold of the events effective on or
 * before it (core_candidate_fold). Whether an event may join a case is decided by replaying
 * the case with it (core_candidate_check): the order of the stages for every event, and for
 * the new (or corrected) one every rule of its transition (core/rules.h) in force on its
 * effective date, each failure named. Deadlines (core_candidate_due) work from a compact
 * summary of the state, which store/ keeps beside each case so that lists and reports over
 * many cases need no events.
 */
#ifndef PTDV_CORE_CANDIDATE_H
#define PTDV_CORE_CANDIDATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/person.h"
#include "core/rules.h"
#include "util/date.h"
#include "util/err.h"

struct calendar;
struct msgs;

enum cand_stage {
	STAGE_NONE = 0,
	STAGE_SOURCE,      /* 1. Nguồn */
	STAGE_HELPER,      /* 2. Giúp đỡ */
	STAGE_COURSE,      /* 3. Học lớp */
	STAGE_DOSSIER,     /* 4. Hồ sơ */
	STAGE_CELL,        /* 5. Chi bộ xét */
	STAGE_COMMITTEE,   /* 6. Đảng ủy cơ sở xét (not for a base cell) */
	STAGE_DECISION,    /* 7. Quyết định */
	STAGE_CEREMONY,    /* 8. Kết nạp (entered with stage 9 on the ceremony day) */
	STAGE_PROBATION,   /* 9. Dự bị */
	STAGE_RECOGNITION, /* 10. Chính thức: from the cell's recognition vote to the decision */
	STAGE__MAX
};

enum cand_ev {
	EV_SOURCE = 1,           /* added to the cell's source list */
	EV_HELPER,               /* a helper assigned (sub: HELPER_*) */
	EV_COURSE,               /* course certificate */
	EV_DOCUMENT,             /* a dossier document (sub: enum doc_kind) */
	EV_CELL_VOTE,            /* the cell's meeting and vote */
	EV_APPRAISAL,            /* the sub-committee's appraisal */
	EV_COMMITTEE_VOTE,       /* the base committee's vote */
	EV_DECISION,             /* the admission decision */
	EV_CEREMONY,             /* the admission ceremony: the member is created */
	EV_ASSESSMENT,           /* during probation (sub: ASSESS_*) */
	EV_RECOG_CELL_VOTE,      /* the cell's recognition vote */
	EV_RECOG_COMMITTEE_VOTE, /* the base committee's recognition vote */
	EV_RECOG_DECISION,       /* recognition: the member becomes official */
	EV_STRIKE_OFF,           /* xóa tên: the membership ends */
	EV_LEAVE,                /* leaves the pipeline (after admission: the membership ended) */
	EV_EXCEPTION,            /* a documented exception (sub: enum cand_exc) */
	EV__MAX
};

enum cand_helper_role { HELPER_CANDIDATE = 1, HELPER_PROBATION = 2 };
enum cand_assess { ASSESS_SELF = 1, ASSESS_HELPER, ASSESS__MAX };

enum cand_exc {
	EXC_OVER_60 = 1,           /* rule 1: written approval to admit someone over 60 */
	EXC_EDUCATION,             /* rule 2: remote or ethnic-minority area */
	EXC_LATE_CEREMONY,         /* rule 9: approval of a late ceremony */
	EXC_DECISION_EXTENSION,    /* rule 8: +30 working days */
	EXC_RECOGNITION_EXTENSION, /* rule 11: +30 working days for the decision */
	EXC__MAX
};

/* Who referred the candidate (the cell itself or a mass organisation). */
enum cand_source {
	SRC_CELL = 1, /* Chi bộ */
	SRC_YOUTH,    /* Đoàn Thanh niên */
	SRC_WOMEN,    /* Hội Liên hiệp Phụ nữ */
	SRC_UNION,    /* Công đoàn */
	SRC_FARMERS,  /* Hội Nông dân */
	SRC_VETERANS, /* Hội Cựu chiến binh */
	SRC_FRONT,    /* Mặt trận Tổ quốc */
	SRC__MAX
};

enum cand_outcome {
	OUTCOME_OPEN = 0,
	OUTCOME_OFFICIAL,   /* recognised as an official member */
	OUTCOME_STRUCK_OFF, /* xóa tên from the probationary list */
	OUTCOME_LEFT,       /* left the pipeline before admission */
	OUTCOME__MAX
};

/* One event of a case. Strings are owned by whoever filled the struct. */
struct cand_event {
	int64_t id;
	int64_t candidate_id;
	enum cand_ev kind;
	int sub;         /* document, exception, assessment, helper role or source */
	date_t date;     /* effective date */
	date_t date2;    /* helper: until; introduction: together since; decision: received */
	int64_t ref;     /* member (helper, introducer) or org (deciding org) id; 0 = none */
	char *ref_label; /* how ref reads: name and card number, org code */
	int votes[3];    /* votes: [0] official members or committee size, [1] present, [2] yes */
	char *number;    /* certificate, resolution or decision number */
	char *text;      /* issuer, signer, reason, note */
	int64_t supersedes;
	bool superseded; /* a later event supersedes this one */
	char *recorded_by;
	int64_t recorded_at; /* Unix seconds */
};

/* Frees the strings of e and zeroes it. Accepts NULL. */
void core_cand_event_clear(struct cand_event *e);

#define CAND_MAX_INTRO 8

/* The state of a case on a day, pointing into the events it was folded from. */
struct cand_state {
	enum cand_stage stage; /* the furthest stage entered */
	date_t entered[STAGE__MAX];
	enum cand_outcome outcome;
	date_t closed;
	const struct cand_event *last[EV__MAX];         /* latest of each kind */
	const struct cand_event *doc[DOC__MAX];         /* latest document of each kind */
	const struct cand_event *intro[CAND_MAX_INTRO]; /* latest introduction per introducer */
	size_t nintro;
	const struct cand_event *exc[EXC__MAX]; /* earliest exception of each kind */
	const struct cand_event *assess[ASSESS__MAX];
	const struct cand_event *helper; /* the helper assigned latest */
	date_t probation_end;            /* DATE_NONE before the ceremony */
};

/*
 * The state reduced to dates, kept beside each case by store/ and rebuilt from the events on
 * every change. Stage dates only grow along the pipeline, so the summary on an earlier day
 * is the summary with later dates removed (core_candidate_summary_at); cert and redo are the
 * latest certificate and the oldest of the latest expiring documents as now recorded.
 */
struct cand_summary {
	enum cand_stage stage;
	enum cand_outcome outcome;
	date_t closed;
	date_t entered[STAGE__MAX];
	date_t cert;
	date_t redo;
	date_t received; /* the decision received */
	date_t recog_committee;
	date_t exc[EXC__MAX];
	enum cand_source source; /* of the source event in force (SRC_CELL when none) */
};

/* Vietnamese names. */
const char *core_stage_name(enum cand_stage s);
const char *core_cand_ev_name(enum cand_ev k);
const char *core_cand_exc_name(enum cand_exc k);
const char *core_cand_source_name(enum cand_source s);
const char *core_cand_outcome_name(enum cand_outcome o);
const char *core_cand_assess_name(enum cand_assess a);
/* Command-line words: "cell-vote", "introduction", "over-60", "youth" ... */
const char *core_cand_ev_word(enum cand_ev k);
const char *core_doc_word(enum doc_kind k);
const char *core_cand_exc_word(enum cand_exc k);
const char *core_cand_source_word(enum cand_source s);
/* Parsers of the words above (a Vietnamese name works too, accents and case ignored). */
enum ptdv_err core_cand_ev_parse(const char *s, enum cand_ev *out) PTDV_MUST_USE;
enum ptdv_err core_doc_parse(const char *s, enum doc_kind *out) PTDV_MUST_USE;
enum ptdv_err core_cand_exc_parse(const char *s, enum cand_exc *out) PTDV_MUST_USE;
/*
 * How a case that did not end official is closed, as the interchange file writes it:
 * EV_LEAVE is "Ra khỏi danh sách", EV_STRIKE_OFF "Xóa tên"; NULL for any other kind.
 */
const char *core_cand_close_name(enum cand_ev k);
/*
 * Parses a close name (accents, case and spacing ignored) into EV_LEAVE or EV_STRIKE_OFF.
 * Returns PTDV_INVALID, *out untouched, for anything else.
 */
enum ptdv_err core_cand_close_parse(const char *s, size_t len, enum cand_ev *out) PTDV_MUST_USE;
enum ptdv_err core_cand_source_parse(
	const char *s, size_t len, enum cand_source *out) PTDV_MUST_USE;
enum ptdv_err core_cand_assess_parse(const char *s, enum cand_assess *out) PTDV_MUST_USE;

/*
 * Sorts events into pipeline order: by effective date, then by the order of their kinds
 * (an exception before what it excuses, a vote before the decision), then by id.
 */
void core_candidate_sort(struct cand_event *ev, size_t n);
/*
 * Folds the events (in pipeline order) effective on or before as_of into *s, leaving out
 * superseded ones and the one with id skip (0 = none). The state points into ev.
 */
void core_candidate_fold(
	const struct cand_event *ev, size_t n, date_t as_of, int64_t skip, struct cand_state *s);
/* Reduces a state to its summary. */
void core_candidate_summarize(const struct cand_state *s, struct cand_summary *out);
/* The summary as it stood on day d (dates after d removed). */
void core_candidate_summary_at(const struct cand_summary *in, date_t d, struct cand_summary *out);

/* What the checks of one event need besides the events (looked up by app/). */
struct cand_ctx {
	const struct rule_set *rules; /* in force on the event's effective date */
	struct calendar *cal;
	const struct person *person;
	date_t today;          /* no event may be dated after it */
	bool base_cell;        /* the case's cell is a base cell: no base committee step */
	bool under_sub;        /* the cell sits under a sub-committee: its appraisal comes first */
	int cell_official;     /* official members of the cell on the event's date */
	const char *competent; /* code of the competent committee on the event's date */
	const char *deciding;  /* code of the org the decision names */
	/* the introducers of the case on file by the event's date (rule 5) */
	const struct rule_introducer *introducers;
	size_t nintroducers;
	/* the member the event names (helper, introducer) */
	const char *ref_name;
	date_t ref_official;
	bool ref_member;
	/* an earlier membership of the person (readmission, rule 14) */
	date_t prior_exit;
	const char *prior_exit_reason;
	bool prior_active; /* still a member */
	bool skip_votes;   /* checking what a step still needs: no vote numbers yet */
};

/*
 * Checks that the case ev[0..n) may hold event `target` (an element of ev: the new event,
 * or a correction with its supersedes set): replays the case in pipeline order checking the
 * order of stages for every event, and for the target every rule of its transition with
 * ctx. Adds every problem to out and returns their number (0 = the event may be recorded).
 * ev must be in pipeline order (core_candidate_sort).
 */
int core_candidate_check(const struct cand_ctx *ctx, const struct cand_event *ev, size_t n,
	const struct cand_event *target, struct msgs *out);

/* The kinds of event that may come next for a case in state s (0-terminated, at most 8). */
void core_candidate_next(
	const struct cand_state *s, bool base_cell, bool under_sub, enum cand_ev out[8]);

enum due_kind {
	DUE_CERTIFICATE = 1, /* the cell must vote before the certificate expires */
	DUE_DOSSIER,         /* the expiring documents must be redone or the cell vote */
	DUE_DECISION,        /* the admission decision */
	DUE_CEREMONY,        /* the admission ceremony */
	DUE_PROBATION_END,   /* probation ends */
	DUE_RECOG_MEETING,   /* the cell's recognition vote */
	DUE_RECOG_DECISION,  /* the recognition decision */
	DUE__MAX
};

struct cand_due {
	enum due_kind kind;
	date_t due;  /* the last day */
	date_t from; /* the day it counts from */
};

/* Vietnamese description of a due kind ("Hạn quyết định kết nạp"). */
const char *core_due_name(enum due_kind k);
/*
 * The earliest deadline of an open case on day as_of (summary as recorded; it is cut at
 * as_of here), under the built-in rules in force on the day each deadline counts from.
 * Returns false when the case is closed or not yet started on as_of, or waits with no
 * deadline (before a certificate; a late ceremony approved).
 */
bool core_candidate_due(
	const struct cand_summary *s, struct calendar *cal, date_t as_of, struct cand_due *out);
/*
 * The latest date the summary holds (stage dates, closing, certificate, documents, decision
 * received, exceptions): on that day and every later one the summary is as recorded
 * (core_candidate_summary_at cuts nothing). DATE_NONE when it holds none.
 */
date_t core_candidate_summary_last(const struct cand_summary *s);
/*
 * A lower bound of the deadline core_candidate_due gives on every day on or after
 * core_candidate_summary_last(s), whatever the holiday table, now or later: the deadline on
 * that day counted with every day a working day (the n-th working day after a day is never
 * before day + n; the end of probation gives way only to the later recognition meeting).
 * DATE_NONE when the case has no deadline on any of those days (closed, or waiting with
 * none). store/ keeps it beside the summary so that the due list reads only the cases it
 * may hold (store_case_each_due); the list itself is core_candidate_due's.
 */
date_t core_candidate_due_floor(const struct cand_summary *s);

#endif
