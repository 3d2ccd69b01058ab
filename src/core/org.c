/* org.c — party organisation kinds and the hierarchy's shape. */
#include "core/org.h"

#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/msgs.h"
#include "util/vn.h"

static const char *const kind_names[ORG_KIND__MAX] = {
	[ORG_SUPERIOR] = "Đảng bộ cấp trên",
	[ORG_BASE_COMMITTEE] = "Đảng bộ cơ sở",
	[ORG_BASE_CELL] = "Chi bộ cơ sở",
	[ORG_SUB_COMMITTEE] = "Đảng bộ bộ phận",
	[ORG_CELL] = "Chi bộ trực thuộc",
};

void core_org_clear(struct org *o)
{
	if (!o)
		return;
	free(o->code);
	free(o->name);
	free(o->path);
	memset(o, 0, sizeof(*o));
}

void core_term_clear(struct term *t)
{
	if (!t)
		return;
	free(t->name);
	memset(t, 0, sizeof(*t));
}

const char *core_org_kind_name(enum org_kind kind)
{
	if (kind <= 0 || kind >= ORG_KIND__MAX)
		return "?";
	return kind_names[kind];
}

/* Folded forms of kind_names (test_person checks each name parses back to its kind). */
static const char *const kind_folded[ORG_KIND__MAX] = {
	[ORG_SUPERIOR] = "dang bo cap tren",
	[ORG_BASE_COMMITTEE] = "dang bo co so",
	[ORG_BASE_CELL] = "chi bo co so",
	[ORG_SUB_COMMITTEE] = "dang bo bo phan",
	[ORG_CELL] = "chi bo truc thuoc",
};

enum ptdv_err core_org_kind_parse(const char *s, size_t len, enum org_kind *out)
{
	struct buf in = BUF_INIT;
	enum ptdv_err err = PTDV_INVALID;
	vn_fold(s, len, &in);
	for (int k = 1; k < ORG_KIND__MAX; k++) {
		if (strcmp(in.s, kind_folded[k]) == 0) {
			*out = (enum org_kind)k;
			err = PTDV_OK;
			break;
		}
	}
	buf_free(&in);
	return err;
}

bool core_org_kind_is_base(enum org_kind kind)
{
	return kind == ORG_BASE_COMMITTEE || kind == ORG_BASE_CELL;
}

bool core_org_parent_allowed(enum org_kind parent, enum org_kind child)
{
	switch (parent) {
	case ORG_SUPERIOR:
		return child == ORG_SUPERIOR || child == ORG_BASE_COMMITTEE ||
		       child == ORG_BASE_CELL;
	case ORG_BASE_COMMITTEE:
		return child == ORG_SUB_COMMITTEE || child == ORG_CELL;
	case ORG_SUB_COMMITTEE:
		return child == ORG_CELL;
	default:
		return false;
	}
}

bool core_org_alive(const struct org *o, date_t d)
{
	if (o->founded != DATE_NONE && o->founded > d)
		return false;
	if (o->dissolved != DATE_NONE && o->dissolved <= d)
		return false;
	return true;
}

int core_org_check(const struct org *o, long line, struct msgs *errs)
{
	int n = 0;
	if (!o->code || !*o->code) {
		msgs_add(errs, line, "Mã tổ chức", "không được để trống");
		n++;
	} else if (strlen(o->code) > 32 || strpbrk(o->code, " \t/")) {
		msgs_add(errs, line, "Mã tổ chức",
			"mã '%s' không hợp lệ: tối đa 32 ký tự, không có dấu cách hay dấu '/'",
			o->code);
		n++;
	}
	if (!o->name || !*o->name) {
		msgs_add(errs, line, "Tên tổ chức", "không được để trống");
		n++;
	}
	if (o->founded != DATE_NONE && o->dissolved != DATE_NONE && o->dissolved <= o->founded) {
		char a[DATE_STRLEN], b[DATE_STRLEN];
		msgs_add(errs, line, "Ngày giải thể",
			"ngày giải thể %s không sau ngày thành lập %s",
			date_format(o->dissolved, a), date_format(o->founded, b));
		n++;
	}
	return n;
}
