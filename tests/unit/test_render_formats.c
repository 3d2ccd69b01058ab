/*
 * test_render_formats.c — unit tests of the XLSX, PDF and SVG renderers of report/table.h.
 *
 * A report is built by hand with Vietnamese text, facts, a table with a total row and a
 * hostile organisation name, a year-on-year table, a funnel, a 20,000-row table (more than
 * one PDF page, constant-memory XLSX) and one chart of each kind. Each format is written
 * to a file and checked from outside by tests/unit/check_render.py: the workbook read back
 * with python3-openpyxl (sheets, headers, numbers as numbers, dates as dates, formats,
 * frozen header, filter, bold total); the PDF through pdftotext, pdfinfo, pdffonts and
 * pdftoppm (heading, Vietnamese text intact, figures in Vietnamese format, "Trang i/n",
 * every page rendered); the SVG parsed as XML (labels, values, escaped hostile text).
 * Beside them: errors (a report without charts, a chart naming a missing column), a
 * table too wide for portrait, and the web dashboard's chart.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/chart.h"
#include "report/table.h"
#include "testutil.h"
#include "util/buf.h"

#define BIG_ROWS 20000

static const struct rcol progress_cols[] = {
	{"org", "Tổ chức", RT_TEXT},
	{"target", "Chỉ tiêu giao", RT_INT},
	{"admitted", "Đã kết nạp", RT_INT},
	{"women", "Trong đó nữ", RT_INT},
	{"pct", "Tỷ lệ đạt", RT_PCT},
	{"last", "Lần kết nạp gần nhất", RT_DATE},
	{"behind", "Chậm tiến độ", RT_FLAG},
};

static const struct rcol yoy_cols[] = {
	{"year", "Năm", RT_TEXT},
	{"admitted", "Kết nạp", RT_INT},
	{"target", "Chỉ tiêu giao", RT_INT},
};

static const struct rcol funnel_cols[] = {
	{"stage", "Bước", RT_TEXT},
	{"people", "Số người", RT_INT},
};

static const struct rcol member_cols[] = {
	{"name", "Họ và tên", RT_TEXT},
	{"admitted", "Ngày kết nạp", RT_DATE},
	{"card", "Số thẻ đảng viên", RT_INT},
};

static void progress_row(struct report *r, int t, const char *org, int64_t target, int64_t admitted,
	int64_t women, const char *last, bool behind)
{
	struct rcell *c = report_add_row(r, t);
	rcell_text(&c[0], org);
	rcell_int(&c[1], target);
	rcell_int(&c[2], admitted);
	rcell_int(&c[3], women);
	rcell_pct(&c[4], 100.0 * (double)admitted / (double)target);
	if (last)
		rcell_date(&c[5], tu_date(last));
	rcell_flag(&c[6], behind);
}

/* The report every format test renders (see check_render.py for what is expected). */
static void build(struct report *r, bool big)
{
	report_init(r, "progress", tu_date("2024-04-22"));
	report_set_title(r, "BÁO CÁO TIẾN ĐỘ PHÁT TRIỂN ĐẢNG VIÊN NĂM %d", 2024);
	r->org_code = strdup("BN-P05");
	r->org_name = strdup("Đảng bộ phường Vệ An");
	r->committee = strdup("ĐẢNG BỘ PHƯỜNG VỆ AN");
	r->place = strdup("Bắc Ninh");
	report_add_paragraph(r,
		"Tính đến ngày 22/04/2024, Đảng bộ phường Vệ An đã kết nạp %d đảng viên mới, "
		"đạt %s chỉ tiêu giao; đồng chí Nguyễn Thị Hường, Bí thư chi bộ khu phố 3, "
		"phụ trách công tác phát triển đảng viên của các chi bộ khu dân cư.",
		652, "100,3%");
	report_add_paragraph(r, "Các chi bộ chậm tiến độ cần rà soát nguồn quần chúng ưu tú.");
	report_add_fact_int(r, "members", "Tổng số đảng viên", 10968);
	report_add_fact_pct(r, "women_pct", "Tỷ lệ đảng viên nữ được kết nạp", 67.2);
	report_add_fact_text(r, "secretary", "Người lập báo cáo", "Nguyễn Thị Hường");

	int t = report_add_table(
		r, "progress", "Tiến độ thực hiện chỉ tiêu theo tổ chức", progress_cols, 7);
	progress_row(r, t, "Chi bộ khu phố 1", 12, 9, 6, "2024-03-15", false);
	progress_row(r, t, "Chi bộ khu phố 2 <script>alert(1)</script> & co", 10, 4, 3, NULL, true);
	progress_row(r, t, "Chi bộ Trường Tiểu học Vệ An", 8, 8, 7, "2024-01-09", false);
	progress_row(r, t, "Tổng cộng", 30, 21, 16, "2024-03-15", false);
	r->tables[t].total_row = 1;

	int y = report_add_table(r, "yoy", "Kết nạp đảng viên theo năm", yoy_cols, 3);
	static const int64_t admitted[] = {118, 131, 140, 209, 54};
	static const int64_t target[] = {120, 125, 130, 200, -1};
	for (int i = 0; i < 5; i++) {
		struct rcell *c = report_add_row(r, y);
		char year[8];
		snprintf(year, sizeof(year), "%d", 2020 + i);
		rcell_text(&c[0], year);
		rcell_int(&c[1], admitted[i]);
		if (target[i] >= 0)
			rcell_int(&c[2], target[i]);
	}

	int f = report_add_table(r, "funnel", "Quần chúng theo bước", funnel_cols, 2);
	static const char *const stages[] = {"Nguồn", "Học lớp", "Hồ sơ", "Kết nạp"};
	static const int64_t people[] = {1234, 800, 450, 209};
	for (int i = 0; i < 4; i++) {
		struct rcell *c = report_add_row(r, f);
		rcell_text(&c[0], stages[i]);
		rcell_int(&c[1], people[i]);
	}

	if (big) {
		int m = report_add_table(r, "members", "Danh sách đảng viên", member_cols, 3);
		char name[64];
		for (int i = 1; i <= BIG_ROWS; i++) {
			struct rcell *c = report_add_row(r, m);
			snprintf(name, sizeof(name), "Nguyễn Thị Hường %05d", i);
			rcell_text(&c[0], name);
			rcell_date(&c[1], tu_date("2000-01-01") + i % 8000);
			rcell_int(&c[2], 79000000 + i);
		}
	}

	report_add_chart(
		r, &(struct rchart){RCHART_BARS, "Kết nạp đảng viên theo năm so với chỉ tiêu", y, 0,
			   1, 2, "Kết nạp", "Chỉ tiêu giao"});
	report_add_chart(r, &(struct rchart){RCHART_FUNNEL, "Quần chúng theo bước của quy trình", f,
				    0, 1, -1, "Số người", NULL});
	report_add_chart(r, &(struct rchart){RCHART_SHARE, "Tỷ lệ nữ trong số được kết nạp", t, 0,
				    3, 2, "Nữ", "Đã kết nạp"});
}

/* Renders r as f into the file name under the test folder; returns its path (free). */
static char *render_to(const struct report *r, enum rformat f, const char *name)
{
	struct buf b = BUF_INIT;
	char *path = tu_path(name);
	FILE *fp;

	assert_int_equal(report_render(r, f, &b), PTDV_OK);
	assert_true(b.len > 0);
	fp = fopen(path, "wb");
	assert_non_null(fp);
	assert_int_equal(fwrite(b.s, 1, b.len, fp), b.len);
	assert_int_equal(fclose(fp), 0);
	buf_free(&b);
	return path;
}

/* Runs check_render.py MODE FILE; fails the test when it does. */
static void check(const char *mode, const char *file)
{
	const char *src = getenv("PTDV_TEST_SRC");
	struct buf cmd = BUF_INIT;

	assert_non_null(src);
	buf_addf(&cmd, "/usr/bin/python3 '%s/check_render.py' %s '%s'", src, mode, file);
	int rc = system(cmd.s);
	if (rc != 0)
		fail_msg("check_render.py %s %s: exit %d", mode, file, rc);
	buf_free(&cmd);
}

static struct report big_report;

static int setup(void **state)
{
	(void)state;
	build(&big_report, true);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	report_free(&big_report);
	return 0;
}

static void test_xlsx(void **state)
{
	(void)state;
	char *path = render_to(&big_report, RF_XLSX, "render.xlsx");
	check("xlsx", path);
	free(path);
}

static void test_xlsx_small(void **state)
{
	(void)state;
	struct report r;
	build(&r, false);
	char *path = render_to(&r, RF_XLSX, "render-small.xlsx");
	check("xlsx-small", path);
	free(path);
	report_free(&r);
}

static void test_pdf(void **state)
{
	(void)state;
	char *path = render_to(&big_report, RF_PDF, "render.pdf");
	check("pdf", path);
	free(path);
}

static void test_pdf_small_same_bytes(void **state)
{
	(void)state;
	struct report r;
	struct buf a = BUF_INIT, b = BUF_INIT;

	build(&r, false);
	assert_int_equal(report_render(&r, RF_PDF, &a), PTDV_OK);
	assert_int_equal(report_render(&r, RF_PDF, &b), PTDV_OK);
	assert_int_equal(a.len, b.len);
	assert_memory_equal(a.s, b.s, a.len);
	char *path = render_to(&r, RF_PDF, "render-small.pdf");
	check("pdf-small", path);
	free(path);
	buf_free(&a);
	buf_free(&b);
	report_free(&r);
}

/* A table whose columns cannot fit the portrait width turns the pages. */
static void test_pdf_landscape(void **state)
{
	(void)state;
	static const struct rcol wide[] = {
		{"a", "Số đảng viên chính thức", RT_INT},
		{"b", "Số đảng viên dự bị", RT_INT},
		{"c", "Số quần chúng trong danh sách nguồn", RT_INT},
		{"d", "Số người đã học lớp nhận thức về Đảng", RT_INT},
		{"e", "Số hồ sơ đang thẩm định", RT_INT},
		{"f", "Số hồ sơ chờ quyết định kết nạp", RT_INT},
		{"g", "Số đảng viên mới kết nạp trong năm", RT_INT},
		{"h", "Tỷ lệ hoàn thành chỉ tiêu", RT_PCT},
		{"i", "Ngày kết nạp đầu tiên", RT_DATE},
		{"j", "Ngày kết nạp gần nhất", RT_DATE},
	};
	struct report r;
	report_init(&r, "wide", tu_date("2024-04-22"));
	report_set_title(&r, "BÁO CÁO RỘNG");
	int t = report_add_table(&r, "wide", "Bảng nhiều cột", wide, 10);
	struct rcell *c = report_add_row(&r, t);
	for (int j = 0; j < 7; j++)
		rcell_int(&c[j], 1234567 + j);
	rcell_pct(&c[7], 99.5);
	rcell_date(&c[8], tu_date("2020-10-01"));
	rcell_date(&c[9], tu_date("2024-04-22"));
	char *path = render_to(&r, RF_PDF, "render-wide.pdf");
	check("pdf-landscape", path);
	free(path);
	report_free(&r);
}

static void test_svg(void **state)
{
	(void)state;
	char *path = render_to(&big_report, RF_SVG, "render.svg");
	check("svg", path);
	free(path);
}

static void test_errors(void **state)
{
	(void)state;
	struct report r;
	struct buf b = BUF_INIT;

	/* No charts: nothing to draw in SVG, but the other formats carry it. */
	report_init(&r, "empty", tu_date("2024-04-22"));
	report_set_title(&r, "BÁO CÁO");
	assert_int_equal(report_render(&r, RF_SVG, &b), PTDV_INVALID);
	assert_int_equal(b.len, 0);
	assert_int_equal(report_render(&r, RF_PDF, &b), PTDV_OK);
	assert_memory_equal(b.s, "%PDF", 4);
	buf_reset(&b);
	assert_int_equal(report_render(&r, RF_XLSX, &b), PTDV_OK);
	assert_memory_equal(b.s, "PK", 2);
	buf_reset(&b);

	/* A chart naming a column its table does not have. */
	int t = report_add_table(&r, "yoy", "Theo năm", yoy_cols, 3);
	rcell_text(&report_add_row(&r, t)[0], "2024");
	report_add_chart(&r, &(struct rchart){RCHART_BARS, "x", t, 0, 3, -1, "a", NULL});
	assert_int_equal(report_render(&r, RF_SVG, &b), PTDV_INVALID);
	assert_int_equal(report_render(&r, RF_PDF, &b), PTDV_INVALID);
	assert_int_equal(b.len, 0);
	r.charts[0].value_col = 1;
	r.charts[0].table = 5;
	assert_int_equal(report_render(&r, RF_SVG, &b), PTDV_INVALID);
	r.charts[0].table = t;
	assert_int_equal(report_render(&r, RF_SVG, &b), PTDV_OK);
	buf_reset(&b);

	/* A sheet name Excel refuses. */
	free(r.tables[t].key);
	r.tables[t].key = strdup("a/b");
	assert_int_equal(report_render(&r, RF_XLSX, &b), PTDV_INVALID);
	assert_int_equal(b.len, 0);
	buf_free(&b);
	report_free(&r);
}

/* The web dashboard's chart: one <svg> with its title, values and escaped labels. */
static void test_web_chart(void **state)
{
	(void)state;
	struct chart_bar bars[] = {{"2023", 209, 200}, {"<b>", 1234, -1}};
	struct buf b = BUF_INIT;

	report_chart_bars(&b, "Kết nạp & chỉ tiêu", "Kết nạp", "Chỉ tiêu giao", bars, 2);
	assert_true(strncmp(b.s, "<svg class=\"chart\"", 18) == 0);
	assert_non_null(strstr(b.s, "<title id=\"chart-title\">Kết nạp &amp; chỉ tiêu</title>"));
	assert_non_null(strstr(b.s, ">1.234</text>"));
	assert_non_null(strstr(b.s, ">209</text>"));
	assert_non_null(strstr(b.s, "&lt;b&gt;"));
	assert_null(strstr(b.s, "<b>"));
	assert_non_null(strstr(b.s, "Chỉ tiêu giao 2023: 200"));
	assert_int_equal(strcmp(b.s + b.len - 6, "</svg>"), 0);
	buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_xlsx),
		cmocka_unit_test(test_xlsx_small),
		cmocka_unit_test(test_pdf),
		cmocka_unit_test(test_pdf_small_same_bytes),
		cmocka_unit_test(test_pdf_landscape),
		cmocka_unit_test(test_svg),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_web_chart),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
