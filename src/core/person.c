/* person.c — vocabularies and checks of a person's own fields. */
#include "core/person.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/msgs.h"
#include "util/vn.h"

static const char *const gender_names[GENDER__MAX] = {
	[GENDER_MALE] = "Nam",
	[GENDER_FEMALE] = "Nữ",
};

static const char *const education_names[EDU__MAX] = {
	[EDU_NONE] = "",
	[EDU_PRIMARY] = "Tiểu học",
	[EDU_LOWER_SECONDARY] = "THCS",
	[EDU_UPPER_SECONDARY] = "THPT",
	[EDU_VOCATIONAL] = "Trung cấp",
	[EDU_COLLEGE] = "Cao đẳng",
	[EDU_UNIVERSITY] = "Đại học",
	[EDU_MASTER] = "Thạc sĩ",
	[EDU_DOCTOR] = "Tiến sĩ",
};

static const char *const occupation_names[OCC__MAX] = {
	[OCC_NONE] = "",
	[OCC_CIVIL_SERVANT] = "Cán bộ, công chức, viên chức",
	[OCC_WORKER] = "Công nhân",
	[OCC_FARMER] = "Nông dân",
	[OCC_ARMED_FORCES] = "Lực lượng vũ trang",
	[OCC_STUDENT] = "Học sinh, sinh viên",
	[OCC_PRIVATE_FIRM] = "Doanh nghiệp tư nhân, có vốn nước ngoài",
	[OCC_BUSINESS_OWNER] = "Chủ doanh nghiệp",
	[OCC_RETIRED] = "Hưu trí",
	[OCC_OTHER] = "Khác",
};

/*
 * Accepted spellings, as folded text (vn_fold) → value: every label's own folded form
 * (test_person checks that each label parses back to itself) plus usual abbreviations.
 * Keeping them folded here means a parse folds only its input.
 */
struct alias {
	const char *folded;
	int value;
};

static const struct alias education_aliases[] = {
	{"tieu hoc", EDU_PRIMARY},
	{"thcs", EDU_LOWER_SECONDARY},
	{"thpt", EDU_UPPER_SECONDARY},
	{"trung cap", EDU_VOCATIONAL},
	{"cao dang", EDU_COLLEGE},
	{"dai hoc", EDU_UNIVERSITY},
	{"thac si", EDU_MASTER},
	{"tien si", EDU_DOCTOR},
	{"trung hoc co so", EDU_LOWER_SECONDARY},
	{"9 12", EDU_LOWER_SECONDARY},
	{"trung hoc pho thong", EDU_UPPER_SECONDARY},
	{"12 12", EDU_UPPER_SECONDARY},
	{"10 10", EDU_UPPER_SECONDARY},
	{"cap 1", EDU_PRIMARY},
	{"cap 2", EDU_LOWER_SECONDARY},
	{"cap 3", EDU_UPPER_SECONDARY},
	{"thac sy", EDU_MASTER},
	{"tien sy", EDU_DOCTOR},
	{NULL, 0},
};

static const struct alias occupation_aliases[] = {
	{"can bo cong chuc vien chuc", OCC_CIVIL_SERVANT},
	{"cong nhan", OCC_WORKER},
	{"nong dan", OCC_FARMER},
	{"luc luong vu trang", OCC_ARMED_FORCES},
	{"hoc sinh sinh vien", OCC_STUDENT},
	{"doanh nghiep tu nhan co von nuoc ngoai", OCC_PRIVATE_FIRM},
	{"chu doanh nghiep", OCC_BUSINESS_OWNER},
	{"huu tri", OCC_RETIRED},
	{"khac", OCC_OTHER},
	{"cb cc vc", OCC_CIVIL_SERVANT},
	{"llvt", OCC_ARMED_FORCES},
	{"hs sv", OCC_STUDENT},
	{NULL, 0},
};

static const struct alias tristate_aliases[] = {
	{"co", TRI_YES},
	{"x", TRI_YES},
	{"1", TRI_YES},
	{"khong", TRI_NO},
	{"0", TRI_NO},
	{NULL, 0},
};

static const struct alias gender_aliases[] = {
	{"nam", GENDER_MALE},
	{"nu", GENDER_FEMALE},
	{NULL, 0},
};

void core_person_clear(struct person *p)
{
	if (!p)
		return;
	free(p->full_name);
	free(p->citizen_id);
	free(p->ethnicity);
	free(p->religion);
	memset(p, 0, sizeof(*p));
}

const char *core_gender_name(enum gender g)
{
	return g > 0 && g < GENDER__MAX ? gender_names[g] : "";
}

const char *core_education_name(enum education e)
{
	return e >= 0 && e < EDU__MAX ? education_names[e] : "";
}

const char *core_occupation_name(enum occupation o)
{
	return o >= 0 && o < OCC__MAX ? occupation_names[o] : "";
}

const char *core_tristate_name(enum tristate t)
{
	return t == TRI_YES ? "Có" : t == TRI_NO ? "Không" : "";
}

/*
 * Looks the folded form of s up among aliases. Returns the value, 0 for empty text, or -1
 * when nothing matches.
 */
static int lookup(const char *s, size_t len, const struct alias *aliases)
{
	struct buf in = BUF_INIT;
	int found = -1;
	vn_fold(s, len, &in);
	if (in.len == 0) {
		found = 0;
	} else {
		for (const struct alias *a = aliases; a->folded; a++) {
			if (strcmp(in.s, a->folded) == 0) {
				found = a->value;
				break;
			}
		}
	}
	buf_free(&in);
	return found;
}

enum ptdv_err core_gender_parse(const char *s, size_t len, enum gender *out)
{
	int v = lookup(s, len, gender_aliases);
	if (v <= 0)
		return PTDV_INVALID;
	*out = (enum gender)v;
	return PTDV_OK;
}

enum ptdv_err core_education_parse(const char *s, size_t len, enum education *out)
{
	int v = lookup(s, len, education_aliases);
	if (v < 0)
		return PTDV_INVALID;
	*out = (enum education)v;
	return PTDV_OK;
}

enum ptdv_err core_occupation_parse(const char *s, size_t len, enum occupation *out)
{
	int v = lookup(s, len, occupation_aliases);
	if (v < 0)
		return PTDV_INVALID;
	*out = (enum occupation)v;
	return PTDV_OK;
}

enum ptdv_err core_tristate_parse(const char *s, size_t len, enum tristate *out)
{
	struct buf in = BUF_INIT;
	vn_fold(s, len, &in);
	bool empty = in.len == 0;
	buf_free(&in);
	if (empty) {
		*out = TRI_UNKNOWN;
		return PTDV_OK;
	}
	int v = lookup(s, len, tristate_aliases);
	if (v < 0)
		return PTDV_INVALID;
	*out = (enum tristate)v;
	return PTDV_OK;
}

static const char *choices(const char *const *names, int n, char *out, size_t size)
{
	if (out[0])
		return out;
	struct buf b = BUF_INIT;
	for (int i = 1; i < n; i++)
		buf_addf(&b, "%s%s", i > 1 ? " | " : "", names[i]);
	snprintf(out, size, "%s", b.s);
	buf_free(&b);
	return out;
}

const char *core_education_choices(void)
{
	static char s[256];
	return choices(education_names, EDU__MAX, s, sizeof(s));
}

const char *core_occupation_choices(void)
{
	static char s[512];
	return choices(occupation_names, OCC__MAX, s, sizeof(s));
}

/*
 * Digit 4 of a CCCD: 0/1 for men/women born 1900–1999, 2/3 for 2000–2099, 4/5 for
 * 2100–2199, 6/7 for 2200–2299, 8/9 for 1800–1899.
 */
static int century_digit(enum gender g, int year)
{
	int c = year / 100; /* 18, 19, 20, ... */
	int base = c == 18 ? 8 : (c - 19) * 2;
	return base + (g == GENDER_FEMALE ? 1 : 0);
}

/*
 * True when a refused ID may be quoted in a message: short, valid UTF-8, no control
 * character. Anything else (binary, a pasted paragraph) is described, not echoed, so that
 * every message stays text a page, a JSON body or a terminal can show.
 */
static bool quotable(const char *s, size_t n)
{
	if (n > 40 || !vn_utf8_valid(s, n))
		return false;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return false;
	return true;
}

int core_citizen_id_check(const char *id, enum gender g, date_t birth, long line, struct msgs *errs)
{
	size_t n = strlen(id);
	if (n != 12 || strspn(id, "0123456789") != 12) {
		if (quotable(id, n))
			msgs_add(errs, line, "Số CCCD", "số CCCD '%s' phải gồm đúng 12 chữ số", id);
		else
			msgs_add(errs, line, "Số CCCD",
				"số CCCD phải gồm đúng 12 chữ số (giá trị đã nhập dài %zu byte, "
				"có ký tự không đọc được hoặc quá dài để hiển thị)",
				n);
		return 1;
	}
	int province = (id[0] - '0') * 100 + (id[1] - '0') * 10 + (id[2] - '0');
	if (province < 1 || province > 96) {
		msgs_add(errs, line, "Số CCCD",
			"số CCCD '%s': 3 chữ số đầu %03d không phải mã tỉnh (001–096)", id,
			province);
		return 1;
	}
	if (g <= 0 || birth == DATE_NONE)
		return 0;
	int y;
	date_to_ymd(birth, &y, NULL, NULL);
	int want4 = century_digit(g, y);
	int want56 = y % 100;
	int got4 = id[3] - '0';
	int got56 = (id[4] - '0') * 10 + (id[5] - '0');
	if (got4 != want4 || got56 != want56) {
		msgs_add(errs, line, "Số CCCD",
			"số CCCD '%s' không khớp với giới tính %s và năm sinh %d "
			"(chữ số thứ 4–6 phải là %d%02d, đang là %d%02d)",
			id, core_gender_name(g), y, want4, want56, got4, got56);
		return 1;
	}
	return 0;
}

void core_citizen_id_make(char out[13], int province, enum gender g, int birth_year, int serial)
{
	char tmp[64];
	snprintf(tmp, sizeof(tmp), "%03d%d%02d%06d", abs(province) % 1000,
		abs(century_digit(g, birth_year)) % 10, abs(birth_year) % 100,
		abs(serial) % 1000000);
	memcpy(out, tmp, 12);
	out[12] = '\0';
}

static bool folded_is(const char *s, const char *want)
{
	if (!s || !*s)
		return false;
	struct buf b = BUF_INIT;
	vn_fold(s, strlen(s), &b);
	bool eq = strcmp(b.s, want) == 0;
	buf_free(&b);
	return eq;
}

bool core_person_is_minority(const struct person *p)
{
	return p->ethnicity && *p->ethnicity && !folded_is(p->ethnicity, "kinh");
}

bool core_person_is_religious(const struct person *p)
{
	return p->religion && *p->religion && !folded_is(p->religion, "khong");
}
