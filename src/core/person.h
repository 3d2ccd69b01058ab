/*
 * person.h — people (members and candidates alike): the attributes reports break down by,
 * the vocabularies of the interchange files, and the checks of a person's own fields.
 */
#ifndef PTDV_CORE_PERSON_H
#define PTDV_CORE_PERSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/date.h"
#include "util/err.h"

struct msgs;

enum gender { GENDER_MALE = 1, GENDER_FEMALE = 2, GENDER__MAX };

/* Highest education reached, in rank order (rule 2 needs THCS or higher). */
enum education {
	EDU_NONE = 0,        /* not recorded */
	EDU_PRIMARY,         /* Tiểu học */
	EDU_LOWER_SECONDARY, /* THCS */
	EDU_UPPER_SECONDARY, /* THPT */
	EDU_VOCATIONAL,      /* Trung cấp */
	EDU_COLLEGE,         /* Cao đẳng */
	EDU_UNIVERSITY,      /* Đại học */
	EDU_MASTER,          /* Thạc sĩ */
	EDU_DOCTOR,          /* Tiến sĩ */
	EDU__MAX
};

/* Occupation groups of DOMAIN.md's breakdowns. */
enum occupation {
	OCC_NONE = 0,       /* not recorded */
	OCC_CIVIL_SERVANT,  /* Cán bộ, công chức, viên chức */
	OCC_WORKER,         /* Công nhân */
	OCC_FARMER,         /* Nông dân */
	OCC_ARMED_FORCES,   /* Lực lượng vũ trang */
	OCC_STUDENT,        /* Học sinh, sinh viên */
	OCC_PRIVATE_FIRM,   /* Doanh nghiệp tư nhân, có vốn nước ngoài */
	OCC_BUSINESS_OWNER, /* Chủ doanh nghiệp */
	OCC_RETIRED,        /* Hưu trí */
	OCC_OTHER,          /* Khác */
	OCC__MAX
};

enum tristate { TRI_UNKNOWN = -1, TRI_NO = 0, TRI_YES = 1 };

struct person {
	int64_t id;
	char *full_name; /* NFC, trimmed */
	enum gender gender;
	date_t birth_date; /* DATE_NONE = unknown */
	char *citizen_id;  /* 12 digits or NULL */
	char *ethnicity;   /* "Kinh", "Tày", ... or NULL */
	char *religion;    /* "Không", "Phật giáo", ... or NULL */
	enum education education;
	enum occupation occupation;
	enum tristate youth_union;
};

/* Frees the strings of p (not p) and zeroes it. Accepts NULL. */
void core_person_clear(struct person *p);

/* Vietnamese labels used in files and pages; "" for the NONE values. */
const char *core_gender_name(enum gender g);
const char *core_education_name(enum education e);
const char *core_occupation_name(enum occupation o);
const char *core_tristate_name(enum tristate t); /* "Có", "Không", "" */

/*
 * Parsers of the same labels, ignoring case, accents and blanks; a few usual abbreviations
 * are accepted ("CB, CC, VC", "12/12" for THPT, "9/12" for THCS, "x" for Có).
 * Return PTDV_OK and set *out, or PTDV_INVALID. An empty text gives the NONE value.
 */
enum ptdv_err core_gender_parse(const char *s, size_t len, enum gender *out) PTDV_MUST_USE;
enum ptdv_err core_education_parse(const char *s, size_t len, enum education *out) PTDV_MUST_USE;
enum ptdv_err core_occupation_parse(const char *s, size_t len, enum occupation *out) PTDV_MUST_USE;
enum ptdv_err core_tristate_parse(const char *s, size_t len, enum tristate *out) PTDV_MUST_USE;

/* Returns a " | "-joined list of the accepted labels of a vocabulary, for messages. */
const char *core_education_choices(void);
const char *core_occupation_choices(void);

/*
 * Checks a citizen ID (CCCD) against its structure: 12 digits; digits 1–3 a province code
 * (001–096); digit 4 the gender and century; digits 5–6 the last two digits of the birth
 * year. When the person's gender and birth date are known they must agree with it.
 * Adds problems to errs under column "Số CCCD" and returns how many.
 */
int core_citizen_id_check(
	const char *id, enum gender g, date_t birth, long line, struct msgs *errs);

/*
 * Writes a well-formed citizen ID for a given province code, gender, birth year and serial
 * (0–999999) into out (13 bytes). Used by the demo and benchmark generators.
 */
void core_citizen_id_make(char out[13], int province, enum gender g, int birth_year, int serial);

/* Ethnic minority: an ethnicity is recorded and it is not Kinh. */
bool core_person_is_minority(const struct person *p);
/* Religious believer: a religion is recorded and it is not "Không". */
bool core_person_is_religious(const struct person *p);

#endif
