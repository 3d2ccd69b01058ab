/*
 * interchange.h — the columns of ptdv's interchange files (CSV now, XLSX with the same
 * columns). Import, export and templates all read these tables, so a column is named once.
 */
#ifndef PTDV_APP_INTERCHANGE_H
#define PTDV_APP_INTERCHANGE_H

#include <stdbool.h>

struct xcol {
	const char *name;    /* header text as exported */
	bool required;       /* the header must have it and every row must fill it */
	const char *example; /* the template's example row ("" = empty) */
};

enum org_col { OC_CODE, OC_NAME, OC_KIND, OC_PARENT, OC_FOUNDED, OC_DISSOLVED, OC__MAX };

enum member_col {
	MC_NAME,
	MC_GENDER,
	MC_BIRTH,
	MC_CID,
	MC_ETHNICITY,
	MC_RELIGION,
	MC_ORG,
	MC_DECISION,
	MC_CEREMONY,
	MC_OFFICIAL,
	MC_CARD,
	MC_OCCUPATION,
	MC_EDUCATION,
	MC_YOUTH,
	MC_EXIT,
	MC_REASON,
	MC_ADMIT_ORG, /* the cell of the ceremony, when the member has moved since */
	MC_MOVED, /* the day the member came to Mã tổ chức, when moved since the ceremony */
	MC__MAX
};

/*
 * Candidates: the person, the cell, who referred, one date per stage reached, and how a
 * case that did not end official was closed.
 */
enum candidate_col {
	CC_NAME,
	CC_GENDER,
	CC_BIRTH,
	CC_CID,
	CC_ETHNICITY,
	CC_RELIGION,
	CC_EDUCATION,
	CC_OCCUPATION,
	CC_YOUTH,
	CC_ORG,
	CC_SOURCE,
	CC_SOURCE_DATE,  /* stage 1 */
	CC_HELPER,       /* 2 */
	CC_COURSE,       /* 3 */
	CC_DOSSIER,      /* 4 */
	CC_CELL,         /* 5 */
	CC_COMMITTEE,    /* 6 */
	CC_DECISION,     /* 7 */
	CC_CEREMONY,     /* 8 */
	CC_OFFICIAL,     /* 10 */
	CC_CLOSED,       /* the day the case left the list or was struck off */
	CC_CLOSE_KIND,   /* 'Ra khỏi danh sách' (EV_LEAVE) or 'Xóa tên' (EV_STRIKE_OFF) */
	CC_CLOSE_REASON, /* the closing event's text */
	CC__MAX
};

extern const struct xcol interchange_org_cols[OC__MAX];
extern const struct xcol interchange_candidate_cols[CC__MAX];

/* Targets: what an org registered for a year and what its committee assigned. */
enum target_col { TC_ORG, TC_YEAR, TC_REGISTERED, TC_ASSIGNED, TC_WOMEN, TC__MAX };
extern const struct xcol interchange_target_cols[TC__MAX];
extern const struct xcol interchange_member_cols[MC__MAX];

#endif
