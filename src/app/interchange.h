/*
 * interchange.h — the columns of ptdv's interchange files (CSV now, XLSX with the same
 * columns). Import, export and templates all read these tables, so a column is named once.
 */
#ifndef PTDV_APP_INTERCHANGE_H
#define PTDV_APP_INTERCHANGE_H

#include <stdbool.h>

struct xcol {
	const char *name; /* header text as exported */
	bool required;    /* the header must have it and every row must fill it */
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
	MC__MAX
};

extern const struct xcol interchange_org_cols[OC__MAX];
extern const struct xcol interchange_member_cols[MC__MAX];

#endif
