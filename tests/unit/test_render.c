/*
 * test_render.c — the text, JSON and CSV renderers of report/table.h on a small report built
 * by hand: columns aligned by display width with Vietnamese text, Vietnamese numbers, CSV
 * quoting and formula neutralisation, JSON nulls and types.
 */
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "report/table.h"
#include "util/buf.h"

static const struct rcol cols[] = {
	{"name", "Tên tổ chức", RT_TEXT},
	{"admitted", "Kết nạp", RT_INT},
	{"pct", "Đạt", RT_PCT},
	{"day", "Ngày", RT_DATE},
	{"late", "Chậm", RT_FLAG},
};

static void build(struct report *r)
{
	report_init(r, "test", date_from_ymd(2024, 4, 22));
	report_set_org(r, "TP-BN", "Đảng bộ thành phố Bắc Ninh");
	report_set_title(r, "BÁO CÁO THỬ");
	report_add_paragraph(r, "Đoạn %d.", 1);
	report_add_fact_int(r, "total", "Tổng số", 10968);
	report_add_fact_null(r, "share", "Tỷ lệ", RT_PCT);
	int t = report_add_table(r, "rows", "Bảng thử", cols, 5);
	struct rcell *c = report_add_row(r, t);
	rcell_text(&c[0], "Đảng bộ phường Vệ An");
	rcell_int(&c[1], 1234);
	rcell_pct(&c[2], 67.177);
	rcell_date(&c[3], date_from_ymd(2024, 1, 5));
	rcell_flag(&c[4], true);
	c = report_add_row(r, t);
	rcell_text(&c[0], "=SUM(A1), \"x\"\nline");
	rcell_int(&c[1], -5);
	c = report_add_row(r, t);
	rcell_text(&c[0], "Tổng số");
	rcell_int(&c[1], 1229);
	r->tables[t].total_row = 1;
}

/* The byte offset in line of the start of its n-th column of display (ASCII + Vietnamese). */
static int col_of(const char *line, const char *needle)
{
	const char *p = strstr(line, needle);
	assert_non_null(p);
	int w = 0;
	for (const unsigned char *q = (const unsigned char *)line; q < (const unsigned char *)p;
		q++)
		w += (*q & 0xC0) != 0x80; /* NFC Vietnamese: one column per code point */
	return w;
}

static void test_text(void **state)
{
	(void)state;
	struct report r;
	struct buf b = BUF_INIT;
	build(&r);
	assert_int_equal(report_render(&r, RF_TEXT, &b), PTDV_OK);
	assert_non_null(strstr(b.s, "BÁO CÁO THỬ\nĐảng bộ thành phố Bắc Ninh (mã TP-BN)\n"
				    "Tính đến ngày 22/04/2024\n\nĐoạn 1.\n"));
	assert_non_null(strstr(b.s, "- Tổng số: 10.968\n- Tỷ lệ: —\n"));
	/* Each line of the table: the figures end in the same column whatever the name. */
	char *l1 = strstr(b.s, "Đảng bộ phường Vệ An");
	char *l2 = strstr(b.s, "=SUM(A1)");
	char *l3 = strstr(b.s, "\nTổng số  ");
	assert_non_null(l1);
	assert_non_null(l2);
	assert_non_null(l3);
	l3++;
	*strchr(l1, '\n') = 0;
	*strchr(l2, '\n') = 0;
	*strchr(l3, '\n') = 0;
	assert_int_equal(col_of(l1, "1.234") + 5, col_of(l2, "-5") + 2);
	assert_int_equal(col_of(l1, "1.234") + 5, col_of(l3, "1.229") + 5);
	assert_non_null(strstr(l1, "67,2%"));
	assert_non_null(strstr(l1, "05/01/2024"));
	assert_non_null(strstr(l1, "Có"));
	assert_non_null(strstr(l2, "—"));          /* nulls */
	assert_non_null(strstr(l2, "\"x\" line")); /* one line per row */
	assert_int_equal(col_of(l1, "67,2%"), col_of(l2, "—") - 4);
	buf_free(&b);
	report_free(&r);
}

static void test_json(void **state)
{
	(void)state;
	struct report r;
	struct buf b = BUF_INIT, b2 = BUF_INIT;
	build(&r);
	assert_int_equal(report_render(&r, RF_JSON, &b), PTDV_OK);
	assert_int_equal(report_render(&r, RF_JSON, &b2), PTDV_OK);
	assert_string_equal(b.s, b2.s);
	json_error_t e;
	json_t *j = json_loads(b.s, 0, &e);
	assert_non_null(j);
	assert_string_equal(json_string_value(json_object_get(j, "report")), "test");
	assert_string_equal(json_string_value(json_object_get(j, "as_of")), "2024-04-22");
	assert_string_equal(
		json_string_value(json_object_get(json_object_get(j, "org"), "code")), "TP-BN");
	json_t *facts = json_object_get(j, "facts");
	assert_int_equal(json_integer_value(json_object_get(facts, "total")), 10968);
	assert_true(json_is_null(json_object_get(facts, "share")));
	json_t *rows = json_object_get(json_object_get(j, "tables"), "rows");
	assert_int_equal(json_array_size(rows), 3);
	json_t *r0 = json_array_get(rows, 0), *r1 = json_array_get(rows, 1);
	assert_true(json_real_value(json_object_get(r0, "pct")) == 67.2);
	assert_string_equal(json_string_value(json_object_get(r0, "day")), "2024-01-05");
	assert_true(json_is_true(json_object_get(r0, "late")));
	assert_string_equal(
		json_string_value(json_object_get(r1, "name")), "=SUM(A1), \"x\"\nline");
	assert_true(json_is_null(json_object_get(r1, "pct")));
	assert_true(json_is_null(json_object_get(r1, "day")));
	assert_true(json_is_null(json_object_get(r1, "late")));
	/* Keys in the order of the schema. */
	assert_true(strstr(b.s, "\"report\"") < strstr(b.s, "\"title\""));
	assert_true(strstr(b.s, "\"as_of\"") < strstr(b.s, "\"facts\""));
	assert_true(strstr(b.s, "\"facts\"") < strstr(b.s, "\"tables\""));
	json_decref(j);
	buf_free(&b);
	buf_free(&b2);
	report_free(&r);
}

static void test_csv(void **state)
{
	(void)state;
	struct report r;
	struct buf b = BUF_INIT;
	build(&r);
	/* A second table: CSV gives them in turn, a blank line between. */
	static const struct rcol one[] = {{"x", "X", RT_TEXT}};
	int t = report_add_table(&r, "second", "Hai", one, 1);
	rcell_text(&report_add_row(&r, t)[0], "@cmd");
	assert_int_equal(report_render(&r, RF_CSV, &b), PTDV_OK);
	assert_string_equal(b.s, "Tên tổ chức,Kết nạp,Đạt,Ngày,Chậm\r\n"
				 "Đảng bộ phường Vệ An,1234,\"67,2\",05/01/2024,Có\r\n"
				 "\"'=SUM(A1), \"\"x\"\"\nline\",-5,,,\r\n"
				 "Tổng số,1229,,,\r\n"
				 "\r\n"
				 "X\r\n"
				 "'@cmd\r\n");
	buf_free(&b);
	report_free(&r);
}

static void test_org_heading(void **state)
{
	(void)state;
	struct report r;
	report_init(&r, "x", DATE_NONE);
	report_set_org(&r, "P", "Đảng bộ phường Vệ An");
	assert_string_equal(r.committee, "ĐẢNG BỘ PHƯỜNG VỆ AN");
	assert_string_equal(r.place, "Vệ An");
	report_set_org(&r, "C", "Chi bộ Trường THPT Hàn Thuyên");
	assert_null(r.place);
	report_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_csv),
		cmocka_unit_test(test_org_heading),
	};
	return cmocka_run_group_tests_name("render", tests, NULL, NULL);
}
