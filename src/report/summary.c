/* summary.c — the summary report: computation from store counts, text and JSON rendering. */
#include "report/summary.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "store/store.h"
#include "util/vn.h"
#include "util/xalloc.h"

struct year_acc {
	struct summary *s;
	date_t term_start;
};

static void add_day(void *arg, date_t day, int64_t admitted, int64_t women)
{
	struct year_acc *acc = arg;
	struct summary *s = acc->s;
	int y;
	date_to_ymd(day, &y, NULL, NULL);
	int i = y - s->years[0].year;
	if (i >= 0 && i < s->nyears) {
		s->years[i].admitted += admitted;
		s->years[i].admitted_women += women;
	}
	if (s->has_term && day >= acc->term_start) {
		s->term_admitted += admitted;
		s->term_admitted_women += women;
	}
}

enum ptdv_err report_summary(struct store *st, const struct org *org, date_t d, struct summary *s)
{
	struct store_member_counts mc;
	struct term t = {0};
	enum ptdv_err err;

	memset(s, 0, sizeof(*s));
	s->as_of = d;
	s->org_code = xstrdup(org->code);
	s->org_name = xstrdup(org->name);
	s->term_target = -1;
	err = store_count_base_orgs(st, org->path, d, &s->base_committees, &s->base_cells);
	if (err)
		return err;
	err = store_count_members(st, org->path, d, &mc);
	if (err)
		return err;
	s->members = mc.total;
	s->official = mc.official;
	s->probationary = mc.total - mc.official;
	s->women = mc.women;

	/* Share of the superior: a recorded total wins, else the superior's whole tree. */
	if (org->parent_id) {
		struct org sup = {0};
		bool found = false;
		err = store_org_by_id(st, org->parent_id, &sup);
		if (err)
			return err;
		s->superior_name = xstrdup(sup.name);
		err = store_org_total_get(st, sup.id, d, &s->superior_members, &found);
		if (!err && !found) {
			err = store_count_members(st, sup.path, d, &mc);
			s->superior_members = mc.total;
		}
		core_org_clear(&sup);
		if (err)
			return err;
		if (s->superior_members > 0) {
			s->has_share = true;
			s->share_pct = 100.0 * (double)s->members / (double)s->superior_members;
		}
	}

	err = store_term_at(st, org->id, d, &t);
	if (err && err != PTDV_NOTFOUND)
		return err;
	int y0, y1;
	date_to_ymd(d, &y1, NULL, NULL);
	y0 = y1;
	date_t from = date_from_ymd(y1, 1, 1);
	if (!err) {
		s->has_term = true;
		s->term_name = t.name;
		t.name = NULL;
		s->term_start = t.start;
		s->term_target = t.target;
		date_to_ymd(t.start, &y0, NULL, NULL);
		from = t.start;
	}
	core_term_clear(&t);
	s->nyears = y1 - y0 + 1;
	s->years = xcalloc((size_t)s->nyears, sizeof(*s->years));
	for (int i = 0; i < s->nyears; i++) {
		struct store_target tg;
		s->years[i].year = y0 + i;
		err = store_target_get(st, org->id, y0 + i, &tg);
		if (err)
			return err;
		s->years[i].target = tg.assigned >= 0 ? tg.assigned : tg.registered;
	}
	struct year_acc acc = {s, s->term_start};
	return store_admissions_by_day(st, org->path, from, d, add_day, &acc);
}

void report_summary_free(struct summary *s)
{
	if (!s)
		return;
	free(s->org_code);
	free(s->org_name);
	free(s->superior_name);
	free(s->term_name);
	free(s->years);
	memset(s, 0, sizeof(*s));
}

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

void report_summary_copy(struct summary *dst, const struct summary *src)
{
	*dst = *src;
	dst->org_code = dup_or_null(src->org_code);
	dst->org_name = dup_or_null(src->org_name);
	dst->superior_name = dup_or_null(src->superior_name);
	dst->term_name = dup_or_null(src->term_name);
	dst->years = xcalloc((size_t)(src->nyears > 0 ? src->nyears : 1), sizeof(*dst->years));
	if (src->nyears > 0)
		memcpy(dst->years, src->years, (size_t)src->nyears * sizeof(*dst->years));
}

void report_summary_text(const struct summary *s, struct buf *out)
{
	char a[DATE_STRLEN], b[DATE_STRLEN];
	buf_addf(out, "Tính đến ngày %s, %s (mã %s) có ", date_format(s->as_of, a), s->org_name,
		s->org_code);
	vn_fmt_int(out, s->base_committees + s->base_cells);
	buf_adds(out, " tổ chức cơ sở đảng (");
	vn_fmt_int(out, s->base_committees);
	buf_adds(out, " đảng bộ cơ sở, ");
	vn_fmt_int(out, s->base_cells);
	buf_adds(out, " chi bộ cơ sở) với tổng số ");
	vn_fmt_int(out, s->members);
	buf_adds(out, " đảng viên (");
	vn_fmt_int(out, s->official);
	buf_adds(out, " chính thức, ");
	vn_fmt_int(out, s->probationary);
	buf_adds(out, " dự bị; ");
	vn_fmt_int(out, s->women);
	buf_adds(out, " nữ, ");
	vn_fmt_pct(out, s->women, s->members);
	buf_adds(out, ")");
	if (s->has_share) {
		buf_adds(out, ", chiếm ");
		vn_fmt_dec(out, s->share_pct, 1);
		buf_addf(out, "%% tổng số đảng viên của %s", s->superior_name);
	}
	buf_adds(out, ".\n");
	if (s->has_term) {
		buf_addf(out, "Từ đầu nhiệm kỳ %s (%s) đến nay đã kết nạp ", s->term_name,
			date_format(s->term_start, b));
		vn_fmt_int(out, s->term_admitted);
		buf_adds(out, " đảng viên mới, trong đó ");
		vn_fmt_int(out, s->term_admitted_women);
		buf_adds(out, " đảng viên nữ (");
		vn_fmt_pct(out, s->term_admitted_women, s->term_admitted);
		buf_adds(out, ")");
		if (s->term_target >= 0) {
			buf_adds(out, "; chỉ tiêu nhiệm kỳ ");
			vn_fmt_int(out, s->term_target);
			buf_adds(out, ", đạt ");
			vn_fmt_pct(out, s->term_admitted, s->term_target);
		}
		buf_adds(out, ".\n");
	}
	/* The last full year, as the article reports it ("Năm 2023, ... kết nạp 209"), when the
	 * whole of it lies in the term: a year cut by the term start would read as a year. */
	if (s->nyears >= 2) {
		const struct summary_year *y = &s->years[s->nyears - 2];
		if (!s->has_term || s->term_start <= date_from_ymd(y->year, 1, 1)) {
			buf_addf(out, "Năm %d kết nạp ", y->year);
			vn_fmt_int(out, y->admitted);
			buf_adds(out, " đảng viên mới.\n");
		}
	}
	buf_adds(out, "\nKết nạp theo năm");
	if (s->has_term)
		buf_adds(out, " (tính từ đầu nhiệm kỳ)");
	buf_adds(out, ":\n   Năm   Kết nạp        Nữ\n");
	for (int i = 0; i < s->nyears; i++) {
		struct buf n = BUF_INIT, w = BUF_INIT;
		int y = s->years[i].year;
		vn_fmt_int(&n, s->years[i].admitted);
		vn_fmt_int(&w, s->years[i].admitted_women);
		buf_addf(out, "  %4d %9s %9s", y, n.s, w.s);
		if (i == 0 && s->has_term && s->term_start > date_from_ymd(y, 1, 1))
			buf_addf(out, "   (từ %s)", date_format(s->term_start, a));
		if (i == s->nyears - 1 && s->as_of < date_from_ymd(y, 12, 31))
			buf_addf(out, "   (đến %s)", date_format(s->as_of, a));
		buf_addc(out, '\n');
		buf_free(&n);
		buf_free(&w);
	}
}

void report_summary_json(const struct summary *s, struct buf *out)
{
	char a[DATE_STRLEN];
	json_t *root = json_object();
	json_object_set_new(root, "as_of", json_string(date_format_iso(s->as_of, a)));
	json_object_set_new(
		root, "org", json_pack("{s:s, s:s}", "code", s->org_code, "name", s->org_name));
	json_object_set_new(root, "base_orgs",
		json_pack("{s:I, s:I, s:I}", "total",
			(json_int_t)(s->base_committees + s->base_cells), "dang_bo_co_so",
			(json_int_t)s->base_committees, "chi_bo_co_so", (json_int_t)s->base_cells));
	json_object_set_new(root, "members",
		json_pack("{s:I, s:I, s:I, s:I}", "total", (json_int_t)s->members, "official",
			(json_int_t)s->official, "probationary", (json_int_t)s->probationary,
			"women", (json_int_t)s->women));
	json_object_set_new(root, "share_of_superior_pct",
		s->has_share ? json_real(round(s->share_pct * 10.0) / 10.0) : json_null());
	if (s->has_term) {
		json_t *t = json_pack("{s:s, s:s, s:I, s:I}", "name", s->term_name, "start",
			date_format_iso(s->term_start, a), "admitted", (json_int_t)s->term_admitted,
			"admitted_women", (json_int_t)s->term_admitted_women);
		json_object_set_new(t, "target",
			s->term_target >= 0 ? json_integer(s->term_target) : json_null());
		json_object_set_new(root, "term", t);
	} else {
		json_object_set_new(root, "term", json_null());
	}
	json_t *years = json_array();
	for (int i = 0; i < s->nyears; i++)
		json_array_append_new(years,
			json_pack("{s:i, s:I, s:I, s:o}", "year", s->years[i].year, "admitted",
				(json_int_t)s->years[i].admitted, "admitted_women",
				(json_int_t)s->years[i].admitted_women, "target",
				s->years[i].target >= 0 ? json_integer(s->years[i].target)
							: json_null()));
	json_object_set_new(root, "by_year", years);
	char *txt =
		json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10));
	buf_adds(out, txt);
	buf_addc(out, '\n');
	free(txt);
	json_decref(root);
}
