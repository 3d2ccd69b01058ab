/*
 * test_xlsx.c — unit tests of util/xlsx: workbooks written with the writer and read back;
 * hand-made workbooks (raw XML zipped with libzip) for what the writer never produces:
 * inline strings, rich text, phonetic runs, formulas, errors, booleans, 1904 dates, sparse
 * rows and cells, dates stored as text, a 300-column row; Excel serial numbers; every
 * error with its message (not a zip, an .xls, an encrypted file, missing parts, corrupt
 * XML, a missing sheet, zip bombs, limits); peak memory while reading a 200,000-row sheet;
 * and a cross-check with openpyxl when Debian's python3-openpyxl is installed. A crash the
 * fuzzer finds (scripts/fuzz.sh) gets a regression test here named after its crash file;
 * none has been found so far.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <zip.h>

#include "testutil.h"
#include "util/buf.h"
#include "util/date.h"
#include "util/xalloc.h"
#include "util/xlsx.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* ---- Hand-made workbooks ---- */

#define NS \
	"xmlns='http://schemas.openxmlformats.org/spreadsheetml/2006/main' " \
	"xmlns:r='http://schemas.openxmlformats.org/officeDocument/2006/relationships'"
#define REL "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
#define XMLDECL "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
#define SHEET(rows) XMLDECL "<worksheet " NS "><sheetData>" rows "</sheetData></worksheet>"
#define SST(items) XMLDECL "<sst " NS ">" items "</sst>"
#define STYLES(fmts, xfs) \
	XMLDECL "<styleSheet " NS "><numFmts>" fmts "</numFmts>" \
		"<cellStyleXfs count='1'><xf numFmtId='14'/></cellStyleXfs>" \
		"<cellXfs>" xfs "</cellXfs></styleSheet>"
#define WORKBOOK(pr, sheets) XMLDECL "<workbook " NS ">" pr "<sheets>" sheets "</sheets></workbook>"

static const char root_rels[] = XMLDECL
	"<Relationships xmlns='http://schemas.openxmlformats.org/package/2006/relationships'>"
	"<Relationship Id='rId1' Type='" REL "officeDocument' Target='xl/workbook.xml'/>"
	"</Relationships>";

static const char wb_rels[] = XMLDECL
	"<Relationships xmlns='http://schemas.openxmlformats.org/package/2006/relationships'>"
	"<Relationship Id='rId1' Type='" REL "worksheet' Target='worksheets/sheet1.xml'/>"
	"<Relationship Id='rId2' Type='" REL "worksheet' Target='/xl/worksheets/sheet2.xml'/>"
	"<Relationship Id='rId3' Type='" REL "chartsheet' Target='chartsheets/sheet1.xml'/>"
	"<Relationship Id='rId4' Type='" REL "styles' Target='styles.xml'/>"
	"<Relationship Id='rId5' Type='" REL "sharedStrings' Target='./sharedStrings.xml'/>"
	"<Relationship Id='rId6' Type='" REL "hyperlink' Target='http://example.org/' "
	"TargetMode='External'/>"
	"</Relationships>";

static const char wb_default[] =
	WORKBOOK("", "<sheet name='Trang1' sheetId='1' r:id='rId1'/>"
		     "<sheet name='Ẩn' sheetId='2' state='hidden' r:id='rId2'/>"
		     "<sheet name='Biểu đồ' sheetId='3' r:id='rId3'/>");

static const char sheet2[] =
	SHEET("<row r='1'><c r='A1' t='inlineStr'><is><t>hai</t></is></c></row>");

struct raw_part {
	const char *name;
	const char *data; /* NULL leaves the part out */
};

/* Writes the zip path holding parts[0..n), compressed (deflate). */
static void zip_parts(const char *path, const struct raw_part *parts, size_t n)
{
	int ze = 0;
	zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &ze);

	assert_non_null(z);
	for (size_t i = 0; i < n; i++) {
		zip_source_t *src;

		if (!parts[i].data)
			continue;
		src = zip_source_buffer(z, parts[i].data, strlen(parts[i].data), 0);
		assert_non_null(src);
		assert_true(zip_file_add(z, parts[i].name, src, ZIP_FL_ENC_UTF_8) >= 0);
	}
	assert_int_equal(zip_close(z), 0);
}

/*
 * Writes a workbook to the temporary file name (returned, caller frees) from sheet1's XML
 * and, where not NULL, the shared strings, styles and workbook parts (the default workbook
 * has the sheets 'Trang1', 'Ẩn' (hidden) and 'Biểu đồ' (a chart)).
 */
static char *raw_xlsx(
	const char *name, const char *sheet1, const char *sst, const char *styles, const char *wb)
{
	char *path = tu_path(name);
	const struct raw_part parts[] = {
		{"[Content_Types].xml", XMLDECL "<Types xmlns='http://schemas.openxmlformats.org/"
						"package/2006/content-types'/>"},
		{"_rels/.rels", root_rels},
		{"xl/workbook.xml", wb ? wb : wb_default},
		{"xl/_rels/workbook.xml.rels", wb_rels},
		{"xl/worksheets/sheet1.xml", sheet1},
		{"xl/worksheets/sheet2.xml", sheet2},
		{"xl/sharedStrings.xml", sst},
		{"xl/styles.xml", styles},
	};

	zip_parts(path, parts, ARRAY_LEN(parts));
	return path;
}

/* ---- Reading back ---- */

static void add_field(struct buf *out, const struct xlsx_field *f)
{
	char d[DATE_STRLEN];
	static const char *const types[XLSX_TYPE__MAX] = {[XLSX_EMPTY] = "",
		[XLSX_STRING] = "",
		[XLSX_NUMBER] = "n",
		[XLSX_BOOL] = "b",
		[XLSX_ERROR] = "e",
		[XLSX_DATE] = "t"};
	bool marks = f->type != XLSX_EMPTY && f->type != XLSX_STRING;

	assert_int_equal(f->s[f->len], '\0');
	assert_int_equal(strlen(f->s), f->len);
	if (f->type == XLSX_EMPTY)
		assert_int_equal(f->len, 0);
	buf_addc(out, '[');
	buf_add(out, f->s, f->len);
	if (marks || f->formula) {
		buf_addf(out, "{%s%s", types[f->type], f->formula ? (marks ? " f" : "f") : "");
		if (f->date_format || f->type == XLSX_DATE)
			buf_addf(
				out, " d=%s", f->date == DATE_NONE ? "-" : date_format(f->date, d));
		else
			assert_int_equal(f->date, DATE_NONE);
		buf_addc(out, '}');
	}
	buf_addc(out, ']');
}

/*
 * Reads every row of the sheet called sheet (NULL: the first) of the open workbook x and
 * returns them as one string (caller frees): "1[a][b] 3[c]" for rows 1 and 3, then
 * " !L msg" for an error on row L. Checks that an error is sticky.
 */
static char *rows_of(struct xlsx *x, const char *sheet)
{
	struct buf out = BUF_INIT;
	enum ptdv_err err;

	buf_init(&out, 0);
	if (sheet) {
		err = xlsx_select(x, sheet);
		if (err) {
			buf_addf(&out, "!select %s", x->msg);
			return buf_detach(&out);
		}
	}
	for (;;) {
		err = xlsx_next(x);
		if (err != PTDV_OK)
			break;
		assert_true(x->nfields >= 1);
		if (out.len)
			buf_addc(&out, ' ');
		buf_addf(&out, "%ld", x->line);
		for (size_t i = 0; i < x->nfields; i++)
			add_field(&out, &x->fields[i]);
	}
	if (err == PTDV_NOTFOUND) {
		assert_int_equal(xlsx_next(x), PTDV_NOTFOUND);
	} else {
		long line = x->line;
		buf_addf(&out, "%s!%ld %s", out.len ? " " : "", x->line, x->msg);
		assert_int_equal(xlsx_next(x), err);
		assert_int_equal(x->line, line);
		assert_int_equal(x->nfields, 0);
	}
	return buf_detach(&out);
}

/* Opens path, reads the sheet (NULL: the first) and returns rows_of's string or "!open msg". */
static char *read_file(const char *path, const char *sheet, const struct xlsx_limits *lim)
{
	struct xlsx x;
	enum ptdv_err err = xlsx_open(&x, path, lim);
	char *s;

	if (err) {
		struct buf out = BUF_INIT;
		buf_init(&out, 0);
		buf_addf(&out, "!open%d %s", err, x.msg);
		assert_true(x.msg[0] != '\0');
		assert_int_equal(x.nsheets, 0);
		/* Reading after a failed open gives the same error. */
		assert_int_equal(xlsx_select(&x, NULL), err);
		assert_int_equal(xlsx_next(&x), err);
		xlsx_close(&x);
		return buf_detach(&out);
	}
	s = rows_of(&x, sheet);
	xlsx_close(&x);
	return s;
}

static void check_str(const char *what, char *got, const char *want)
{
	if (strcmp(got, want) != 0)
		fail_msg("%s:\n got '%s'\nwant '%s'", what, got, want);
	free(got);
}

/* Reads a workbook made of sheet1, sst and styles (and wb) and compares it with want. */
static void check_raw(
	const char *sheet1, const char *sst, const char *styles, const char *wb, const char *want)
{
	char *path = raw_xlsx("xlsx-raw.xlsx", sheet1, sst, styles, wb);

	check_str(sheet1, read_file(path, NULL, NULL), want);
	free(path);
}

/* ---- Serial numbers ---- */

static void test_serials(void **state)
{
	static const struct {
		double serial;
		bool date1904;
		const char *want; /* yyyy-mm-dd, or NULL for no date */
	} cases[] = {
		{1, false, "1900-01-01"},
		{1.99, false, "1900-01-01"},
		{2, false, "1900-01-02"},
		{31, false, "1900-01-31"},
		{59, false, "1900-02-28"},
		{60, false, NULL}, /* 29/02/1900 does not exist */
		{60.5, false, NULL},
		{61, false, "1900-03-01"},
		{366, false, "1900-12-31"},
		{367, false, "1901-01-01"},
		{25569, false, "1970-01-01"},
		{36526, false, "2000-01-01"},
		{45404, false, "2024-04-22"},
		{45404.75, false, "2024-04-22"},
		{2958465, false, "9999-12-31"},
		{2958466, false, NULL},
		{0, false, NULL},
		{0.5, false, NULL},
		{-1, false, NULL},
		{1e300, false, NULL},
		{0, true, "1904-01-01"},
		{1, true, "1904-01-02"},
		{43942, true, "2024-04-22"},
		{2957003, true, "9999-12-31"},
		{2957004, true, NULL},
		{-0.5, true, NULL},
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		date_t d = 12345;
		enum ptdv_err err = xlsx_date_from_serial(cases[i].serial, cases[i].date1904, &d);
		char got[DATE_STRLEN];

		if (!cases[i].want) {
			if (err != PTDV_INVALID || d != 12345)
				fail_msg("serial %g (1904: %d) should be no date", cases[i].serial,
					cases[i].date1904);
			continue;
		}
		assert_int_equal(err, PTDV_OK);
		date_format_iso(d, got);
		if (strcmp(got, cases[i].want) != 0)
			fail_msg("serial %g (1904: %d): got %s, want %s", cases[i].serial,
				cases[i].date1904, got, cases[i].want);
		/* Back again, in the 1900 system. */
		if (!cases[i].date1904 && cases[i].serial == (long)cases[i].serial)
			assert_true(xlsx_date_to_serial(d) == cases[i].serial);
	}
	assert_true(xlsx_date_to_serial(tu_date("1899-12-31")) == 0);
	assert_true(xlsx_date_to_serial(tu_date("1900-02-28")) == 59);
	assert_true(xlsx_date_to_serial(tu_date("1900-03-01")) == 61);
	assert_int_equal(xlsx_date_from_serial(0.0 / 0.0, false, &(date_t){0}), PTDV_INVALID);
}

static void test_col_names(void **state)
{
	static const struct {
		size_t col;
		const char *name;
	} cases[] = {{0, "A"}, {1, "B"}, {25, "Z"}, {26, "AA"}, {27, "AB"}, {51, "AZ"}, {52, "BA"},
		{255, "IV"}, {701, "ZZ"}, {702, "AAA"}, {16383, "XFD"}};
	char out[XLSX_COLNAME];

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(cases); i++)
		assert_string_equal(xlsx_col_name(cases[i].col, out), cases[i].name);
}

/* ---- The writer, read back ---- */

static const char *const genders[] = {"Nam", "Nữ", NULL};
static const char *const yes_no[] = {"Có", "Không", NULL};

static const struct xlsx_column member_cols[] = {
	{"Họ và tên", XLSX_COL_TEXT, 28, NULL},
	{"Giới tính", XLSX_COL_TEXT, 0, genders},
	{"Ngày sinh", XLSX_COL_DATE, 0, NULL},
	{"Số", XLSX_COL_INT, 0, NULL},
	{"Đoàn viên", XLSX_COL_TEXT, 0, yes_no},
};

/* Writes the test workbook: two sheets, every kind of cell, and text that looks special. */
static void write_members(const char *path, bool constant_memory)
{
	struct xlsx_writer *w = xlsx_writer_new(path, constant_memory);
	static const struct xlsx_column note_cols[] = {{"Ghi chú", XLSX_COL_TEXT, 40, NULL}};
	static const char tricky[] = "_x0041_ a\tb\nc\x01z";

	assert_int_equal(xlsx_writer_add_sheet(w, "Đảng viên", member_cols, 5), PTDV_OK);
	xlsx_writer_text(w, "Nguyễn Văn An", strlen("Nguyễn Văn An"));
	xlsx_writer_text(w, "Nam", 3);
	xlsx_writer_date(w, tu_date("2000-01-15"));
	xlsx_writer_int(w, 42);
	xlsx_writer_text(w, "Có", strlen("Có"));
	xlsx_writer_end_row(w);
	/* Formula-like text stays text. */
	xlsx_writer_text(w, "=1+2", 4);
	xlsx_writer_text(w, "+84 912", 7);
	xlsx_writer_date(w, tu_date("1900-01-01"));
	xlsx_writer_int(w, -5);
	xlsx_writer_text(w, "@SUM(A1)", 8);
	xlsx_writer_end_row(w);
	xlsx_writer_text(w, "-x", 2);
	xlsx_writer_blank(w);
	xlsx_writer_date(w, tu_date("1899-12-31")); /* before Excel's dates: text */
	xlsx_writer_int(w, 9007199254740992LL);
	xlsx_writer_end_row(w);
	xlsx_writer_text(w, tricky, sizeof tricky - 1);
	/* Escapes are judged within the given length only. */
	xlsx_writer_text(w, "_x0041_zz", 7);
	xlsx_writer_date(w, DATE_NONE);
	xlsx_writer_blank(w);
	xlsx_writer_text(w, "_x0041_", 6);
	xlsx_writer_end_row(w);
	/* An empty row, then one with a single value further right. */
	xlsx_writer_end_row(w);
	xlsx_writer_text(w, "", 0);
	xlsx_writer_blank(w);
	xlsx_writer_date(w, tu_date("2024-04-22"));
	xlsx_writer_end_row(w);
	assert_int_equal(xlsx_writer_add_sheet(w, "Ghi chú", note_cols, 1), PTDV_OK);
	xlsx_writer_text(w, "một", strlen("một"));
	xlsx_writer_end_row(w);
	assert_int_equal(xlsx_writer_close(w), PTDV_OK);
	assert_string_equal(xlsx_writer_msg(w), "");
	xlsx_writer_free(w);
}

static const char members_want[] = "1[Họ và tên][Giới tính][Ngày sinh][Số][Đoàn viên] "
				   "2[Nguyễn Văn An][Nam][36540{n d=15/01/2000}][42{n}][Có] "
				   "3[=1+2][+84 912][1{n d=01/01/1900}][-5{n}][@SUM(A1)] "
				   "4[-x][][31/12/1899][9007199254740992{n}] "
				   "5[_x0041_ a\tb\nc\x01z][_x0041_][][][_x0041] "
				   "7[][][45404{n d=22/04/2024}]";

static void check_members(const char *path)
{
	struct xlsx x;

	assert_int_equal(xlsx_open(&x, path, NULL), PTDV_OK);
	assert_int_equal(x.nsheets, 2);
	assert_string_equal(x.sheets[0].name, "Đảng viên");
	assert_string_equal(x.sheets[1].name, "Ghi chú");
	assert_true(x.sheets[0].worksheet && !x.sheets[0].hidden);
	assert_false(x.date1904);
	assert_null(x.sheet);
	/* The first sheet without selecting it. */
	check_str("members", rows_of(&x, NULL), members_want);
	assert_string_equal(x.sheet->name, "Đảng viên");
	assert_true(x.done > 0 && x.done == x.total);
	/* Dates carry the date format 'dd/mm/yyyy' (a custom id), numbers General. */
	assert_int_equal(xlsx_select(&x, "Đảng viên"), PTDV_OK);
	assert_int_equal(xlsx_next(&x), PTDV_OK);
	assert_int_equal(xlsx_next(&x), PTDV_OK);
	assert_true(x.fields[2].numfmt >= 164);
	assert_int_equal(x.fields[3].numfmt, 0);
	assert_false(x.fields[0].formula);
	check_str("notes", rows_of(&x, "Ghi chú"), "1[Ghi chú] 2[một]");
	/* Selecting starts over; names match ignoring ASCII case. */
	check_str("notes again", rows_of(&x, "GHI chú"), "1[Ghi chú] 2[một]");
	xlsx_close(&x);
}

static void test_write_read(void **state)
{
	char *path = tu_path("xlsx-members.xlsx");

	(void)state;
	write_members(path, false);
	check_members(path);
	free(path);
}

/* Constant-memory mode writes strings inline: they read back the same. */
static void test_write_read_constant_memory(void **state)
{
	char *path = tu_path("xlsx-members-cm.xlsx");

	(void)state;
	write_members(path, true);
	check_members(path);
	free(path);
}

/* The same file from memory. */
static void test_open_mem(void **state)
{
	char *path = tu_path("xlsx-members-mem.xlsx");
	size_t len;
	char *data;
	struct xlsx x;

	(void)state;
	write_members(path, false);
	data = tu_read(path, &len);
	assert_int_equal(xlsx_open_mem(&x, data, len, NULL), PTDV_OK);
	check_str("members from memory", rows_of(&x, NULL), members_want);
	xlsx_close(&x);
	/* Half of it is a damaged zip. */
	assert_int_equal(xlsx_open_mem(&x, data, len / 2, NULL), PTDV_INVALID);
	assert_string_equal(x.msg, "tệp .xlsx bị hỏng (tệp nén ZIP không đọc được)");
	xlsx_close(&x);
	free(data);
	free(path);
}

static void test_writer_errors(void **state)
{
	struct xlsx_writer *w;
	char *path = tu_path("xlsx-werr.xlsx");
	static const struct xlsx_column one[] = {{"A", XLSX_COL_TEXT, 0, NULL}};
	static const char *const long_list[] = {
		"Một giá trị khá dài để vượt quá giới hạn của Excel 01",
		"Một giá trị khá dài để vượt quá giới hạn của Excel 02",
		"Một giá trị khá dài để vượt quá giới hạn của Excel 03",
		"Một giá trị khá dài để vượt quá giới hạn của Excel 04",
		"Một giá trị khá dài để vượt quá giới hạn của Excel 05", NULL};
	static const struct xlsx_column listed[] = {{"B", XLSX_COL_TEXT, 0, long_list}};
	static const struct {
		const char *name;
		const char *msg;
	} names[] = {
		{"a/b", "tên trang 'a/b' không dùng được: có ký tự [ ] : * ? / \\"},
		{"Một tên trang dài hơn ba mươi mốt ký tự",
			"tên trang 'Một tên trang dài hơn ba mươi mốt ký tự' không dùng được: dài quá 31 ký tự"},
		{"'x'", "tên trang ''x'' không dùng được: bắt đầu hoặc kết thúc bằng dấu '"},
		{"Trang", "tên trang 'Trang' không dùng được: đã có trang cùng tên"},
		{"", "tên trang không được để trống"},
	};
	char *big;

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(names); i++) {
		w = xlsx_writer_new(path, false);
		assert_int_equal(xlsx_writer_add_sheet(w, "Trang", one, 1), PTDV_OK);
		assert_int_equal(xlsx_writer_add_sheet(w, names[i].name, one, 1), PTDV_INVALID);
		assert_string_equal(xlsx_writer_msg(w), names[i].msg);
		assert_int_equal(xlsx_writer_close(w), PTDV_INVALID);
		xlsx_writer_free(w);
	}
	/*
	 * A drop-down list longer than Excel's 255 characters: refused in constant-memory
	 * mode; otherwise kept on the hidden sheet "Danh mục", which the reader finds.
	 */
	w = xlsx_writer_new(path, true);
	assert_int_equal(xlsx_writer_add_sheet(w, "Trang", listed, 1), PTDV_INVALID);
	assert_string_equal(xlsx_writer_msg(w),
		"danh sách chọn của cột 'B' dài quá 255 ký tự hoặc có dấu phẩy (giới hạn của Excel)");
	xlsx_writer_free(w);
	w = xlsx_writer_new(path, false);
	assert_int_equal(xlsx_writer_add_sheet(w, "Trang", listed, 1), PTDV_OK);
	assert_int_equal(xlsx_writer_close(w), PTDV_OK);
	xlsx_writer_free(w);
	{
		struct xlsx x;
		assert_int_equal(xlsx_open(&x, path, NULL), PTDV_OK);
		assert_int_equal(x.nsheets, 2);
		assert_string_equal(x.sheets[1].name, "Danh mục");
		assert_true(x.sheets[1].hidden);
		assert_int_equal(xlsx_select(&x, "Danh mục"), PTDV_OK);
		assert_int_equal(xlsx_next(&x), PTDV_OK);
		assert_string_equal(x.fields[0].s, "B");
		assert_int_equal(xlsx_next(&x), PTDV_OK);
		assert_string_equal(x.fields[0].s, long_list[0]);
		xlsx_close(&x);
	}
	/* No sheet. */
	w = xlsx_writer_new(path, false);
	assert_int_equal(xlsx_writer_close(w), PTDV_INVALID);
	assert_string_equal(xlsx_writer_msg(w), "sổ tính không có trang nào");
	xlsx_writer_free(w);
	/* Text that is not UTF-8, and text longer than Excel allows: the first error is kept. */
	big = xmalloc(40000);
	memset(big, 'a', 40000);
	w = xlsx_writer_new(path, true);
	assert_int_equal(xlsx_writer_add_sheet(w, "Trang", one, 1), PTDV_OK);
	xlsx_writer_text(w, "ok", 2);
	xlsx_writer_end_row(w);
	xlsx_writer_text(w, "\xC3(", 2);
	xlsx_writer_end_row(w);
	xlsx_writer_text(w, big, 40000);
	xlsx_writer_end_row(w);
	assert_int_equal(xlsx_writer_close(w), PTDV_INVALID);
	assert_string_equal(
		xlsx_writer_msg(w), "trang 'Trang', ô A3: văn bản không phải UTF-8 hợp lệ");
	xlsx_writer_free(w);
	w = xlsx_writer_new(path, false);
	assert_int_equal(xlsx_writer_add_sheet(w, "Trang", one, 1), PTDV_OK);
	xlsx_writer_text(w, big, 40000);
	assert_int_equal(xlsx_writer_close(w), PTDV_INVALID);
	assert_string_equal(xlsx_writer_msg(w),
		"trang 'Trang', ô A2: văn bản dài quá 32.767 ký tự (giới hạn của Excel)");
	xlsx_writer_free(w);
	free(big);
	/* Past Excel's last row (empty rows cost nothing to write). */
	w = xlsx_writer_new(path, true);
	assert_int_equal(xlsx_writer_add_sheet(w, "Trang", one, 1), PTDV_OK);
	for (long i = 1; i < XLSX_MAX_ROWNUM; i++)
		xlsx_writer_end_row(w);
	xlsx_writer_int(w, 1);
	assert_int_equal(xlsx_writer_close(w), PTDV_INVALID);
	assert_string_equal(
		xlsx_writer_msg(w), "trang 'Trang' có quá 1.048.576 dòng (giới hạn của Excel)");
	xlsx_writer_free(w);
	/* A folder that does not exist. */
	w = xlsx_writer_new("/nonexistent-ptdv/x.xlsx", false);
	assert_int_equal(xlsx_writer_add_sheet(w, "Trang", one, 1), PTDV_OK);
	assert_int_equal(xlsx_writer_close(w), PTDV_IO);
	assert_string_equal(xlsx_writer_msg(w),
		"không tạo được tệp '/nonexistent-ptdv/x.xlsx': No such file or directory");
	xlsx_writer_free(w);
	/* Freed without closing: no file. */
	unlink(path);
	w = xlsx_writer_new(path, false);
	assert_int_equal(xlsx_writer_add_sheet(w, "Trang", one, 1), PTDV_OK);
	xlsx_writer_text(w, "x", 1);
	xlsx_writer_free(w);
	xlsx_writer_free(NULL);
	assert_int_equal(access(path, F_OK), -1);
	free(path);
}

/* ---- Hand-made workbooks, read ---- */

static void test_strings(void **state)
{
	(void)state;
	/* Shared strings: plain, rich text runs, phonetic runs left out, escapes, blanks. */
	check_raw(SHEET("<row r='1'>"
			"<c r='A1' t='s'><v>0</v></c><c r='B1' t='s'><v>1</v></c>"
			"<c r='C1' t='s'><v>2</v></c><c r='D1' t='s'><v>3</v></c>"
			"<c r='E1' t='s'><v> 4 </v></c><c r='F1' t='s'><v>5</v></c></row>"),
		SST("<si><t>Nguyễn Thị Bình</t></si>"
		    "<si><r><rPr><b/></rPr><t>Đảng </t></r><r><t xml:space='preserve'> bộ</t></r></si>"
		    "<si><t>漢字</t><rPh sb='0' eb='2'><t>かんじ</t></rPh></si>"
		    "<si><t>a_x000D_b_x005F_x0041__x0041_</t></si>"
		    "<si>\n  <t xml:space='preserve'>  </t>\n</si>"
		    "<si><t/></si>"),
		NULL, NULL, "1[Nguyễn Thị Bình][Đảng  bộ][漢字][a\rb_x0041_A][  ]");
	/* Inline strings, rich inline strings, a formula's text result; entities and CDATA. */
	check_raw(SHEET("<row r='2'>"
			"<c r='A2' t='inlineStr'><is><t>Hà &amp; Nội &lt;1&gt;</t></is></c>"
			"<c r='B2' t='inlineStr'><is><r><t>a</t></r><r><rPr/><t>b</t></r>"
			"<rPh><t>x</t></rPh></is></c>"
			"<c r='C2' t='str'><f>A2&amp;\"\"</f><v>Hà</v></c>"
			"<c r='D2' t='inlineStr'><is><t><![CDATA[<x>]]></t></is></c>"
			"<c r='E2' t='inlineStr'><is><t>&#x1EA0;&#7841;</t></is></c>"
			"<c r='F2' t='inlineStr'><v>trong v</v></c>"
			"</row>"),
		NULL, NULL, NULL, "2[Hà & Nội <1>][ab][Hà{f}][<x>][Ạạ][trong v]");
}

static void test_types(void **state)
{
	(void)state;
	check_raw(
		SHEET("<row r='1'>"
		      "<c r='A1'><v>12</v></c><c r='B1' t='n'><v>-1.5E-3</v></c>"
		      "<c r='C1' t='b'><v>1</v></c><c r='D1' t='b'><v>0</v></c>"
		      "<c r='E1' t='e'><v>#N/A</v></c><c r='F1' t='e'><f>1/0</f><v>#DIV/0!</v></c>"
		      "<c r='G1' t='d'><v>2024-04-22T00:00:00</v></c><c r='H1' t='d'><v>2024-02-30</v></c>"
		      "<c r='I1'><v>\n 7 \n</v></c>"
		      "</row>"),
		NULL, NULL, NULL,
		"1[12{n}][-1.5E-3{n}][TRUE{b}][FALSE{b}][#N/A{e}][#DIV/0!{e f}]"
		"[2024-04-22T00:00:00{t d=22/04/2024}][2024-02-30{t d=-}][7{n}]");
}

static void test_formulas(void **state)
{
	(void)state;
	/* Formulas with a cached value, a shared formula, and one never computed. */
	check_raw(SHEET("<row r='1'>"
			"<c r='A1'><f>1+2</f><v>3</v></c>"
			"<c r='B1'><f t='shared' ref='B1:B2' si='0'>A1*2</f><v>6</v></c>"
			"<c r='C1'><f>SUM(A1:B1)</f></c>"
			"<c r='D1' t='s'><v>0</v></c>"
			"</row><row r='2'><c r='B2'><f t='shared' si='0'/><v>0</v></c></row>"),
		SST("<si><t>=1+2</t></si>"), NULL, NULL,
		"1[3{n f}][6{n f}][{f}][=1+2] 2[][0{n f}]");
}

static void test_sparse(void **state)
{
	(void)state;
	/* Cells and rows left out; cells and rows without r; styled cells without a value. */
	check_raw(
		SHEET("<row r='2' spans='1:6'><c r='C2'><v>1</v></c><c r='F2'><v>2</v></c></row>"
		      "<row r='5'/>"
		      "<row r='7'><c r='A7' s='0'/><c r='B7' t='s'/><c r='C7'><v></v></c></row>"
		      "<row><c><v>1</v></c><c><v>2</v></c><c r='E8'><v>5</v></c><c><v>6</v></c></row>"
		      "<row r='1048576'><c r='XFD1048576' s='0'/><c r='A1048576'/></row>"),
		NULL, NULL, NULL,
		"2[][][1{n}][][][2{n}] 5[] 7[] 8[1{n}][2{n}][][][5{n}][6{n}] !1048576 tệp .xlsx bị "
		"hỏng: ô A1048576 không theo thứ tự trong dòng 1048576");
	check_raw(
		SHEET("<row r='2' spans='1:6'><c r='C2'><v>1</v></c><c r='F2'><v>2</v></c></row>"
		      "<row r='5'/>"
		      "<row r='7'><c r='A7' s='0'/><c r='B7' t='s'/><c r='C7'><v></v></c></row>"
		      "<row><c><v>1</v></c><c><v>2</v></c><c r='E8'><v>5</v></c><c><v>6</v></c></row>"
		      "<row r='1048576'><c r='IV1048576' s='0'/><c r='XFD1048576'/></row>"),
		NULL, NULL, NULL,
		"2[][][1{n}][][][2{n}] 5[] 7[] 8[1{n}][2{n}][][][5{n}][6{n}] 1048576[]");
	/* Elements the reader does not know are skipped, outside rows and inside. */
	check_raw(XMLDECL
		"<worksheet " NS "><sheetPr><tabColor rgb='FF0000'/></sheetPr>"
		"<dimension ref='A1:B1'/><cols><col min='1' max='1' width='9'/></cols>"
		"<sheetData><row r='1'><c r='A1'><v>1</v><extLst><ext><v>9</v></ext></extLst>"
		"</c><x:y xmlns:x='urn:x'><c><v>8</v></c></x:y><c r='B1'><v>2</v></c></row>"
		"</sheetData><mergeCells count='1'><mergeCell ref='A1:B1'/></mergeCells>"
		"<row r='9'><c r='A9'><v>1</v></c></row></worksheet>",
		NULL, NULL, NULL, "1[1{n}][2{n}]");
	check_raw(XMLDECL "<worksheet " NS "><sheetData/></worksheet>", NULL, NULL, NULL, "");
	check_raw(XMLDECL "<worksheet " NS "/>", NULL, NULL, NULL, "");
}

/* Date formats from styles: built-in ids, custom codes, and the 1904 system. */
static const char date_styles[] =
	STYLES("<numFmt numFmtId='164' formatCode='dd/mm/yyyy'/>"
	       "<numFmt numFmtId='165' formatCode='[$-42A]d mmmm yyyy;@'/>"
	       "<numFmt numFmtId='166' formatCode='h:mm'/>"
	       "<numFmt numFmtId='167' formatCode='0.00&quot;d&quot;'/>"
	       "<numFmt numFmtId='168' formatCode='mmm-yy'/>"
	       "<numFmt numFmtId='169' formatCode='[h]:mm:ss'/>"
	       "<numFmt numFmtId='170' formatCode='#,##0\\ \\d'/>",
		"<xf numFmtId='0'/><xf numFmtId='14'/><xf numFmtId='22'/><xf numFmtId='20'/>"
		"<xf numFmtId='164'/><xf numFmtId='165'/><xf numFmtId='166'/><xf numFmtId='167'/>"
		"<xf numFmtId='168'/><xf numFmtId='169'/><xf numFmtId='170'/><xf numFmtId='49'/>");

static void test_dates(void **state)
{
	static const char cells[] =
		SHEET("<row r='1'>"
		      "<c r='A1' s='0'><v>45404</v></c><c r='B1' s='1'><v>45404</v></c>"
		      "<c r='C1' s='2'><v>45404.5</v></c><c r='D1' s='3'><v>0.5</v></c>"
		      "<c r='E1' s='4'><v>1</v></c><c r='F1' s='5'><v>59</v></c>"
		      "<c r='G1' s='6'><v>45404</v></c><c r='H1' s='7'><v>45404</v></c>"
		      "<c r='I1' s='8'><v>61</v></c><c r='J1' s='9'><v>45404</v></c>"
		      "<c r='K1' s='10'><v>45404</v></c><c r='L1' s='11'><v>45404</v></c>"
		      "<c r='M1' s='4'><v>60</v></c><c r='N1' s='4'><v>0</v></c>"
		      "<c r='O1' s='99'><v>45404</v></c>"
		      "<c r='P1' s='4' t='s'><v>0</v></c>"
		      "</row>");
	static const char sst[] = SST("<si><t>22/04/2024</t></si>");

	(void)state;
	check_raw(cells, sst, date_styles, NULL,
		"1[45404{n}][45404{n d=22/04/2024}][45404.5{n d=22/04/2024}][0.5{n}]"
		"[1{n d=01/01/1900}][59{n d=28/02/1900}][45404{n}][45404{n}][61{n d=01/03/1900}]"
		"[45404{n}][45404{n}][45404{n}][60{n d=-}][0{n d=-}][45404{n}][22/04/2024]");
	/* The 1904 system counts from 01/01/1904. */
	check_raw(cells, sst, date_styles,
		WORKBOOK("<workbookPr date1904='1'/>", "<sheet name='T' sheetId='1' r:id='rId1'/>"),
		"1[45404{n}][45404{n d=23/04/2028}][45404.5{n d=23/04/2028}][0.5{n}]"
		"[1{n d=02/01/1904}][59{n d=29/02/1904}][45404{n}][45404{n}][61{n d=02/03/1904}]"
		"[45404{n}][45404{n}][45404{n}][60{n d=01/03/1904}][0{n d=01/01/1904}][45404{n}]"
		"[22/04/2024]");
	/* The number format ids are given too. */
	{
		char *path = raw_xlsx("xlsx-fmt.xlsx", cells, sst, date_styles, NULL);
		struct xlsx x;

		assert_int_equal(xlsx_open(&x, path, NULL), PTDV_OK);
		assert_int_equal(xlsx_next(&x), PTDV_OK);
		assert_int_equal(x.fields[0].numfmt, 0);
		assert_int_equal(x.fields[1].numfmt, 14);
		assert_int_equal(x.fields[4].numfmt, 164);
		assert_int_equal(x.fields[11].numfmt, 49);
		assert_int_equal(x.fields[14].numfmt, 0);
		assert_int_equal(x.fields[15].numfmt, 0);
		xlsx_close(&x);
		free(path);
	}
}

/* 256 columns are allowed; a value in column 257 is not, an empty cell there is. */
static void test_columns(void **state)
{
	struct buf b = BUF_INIT;
	char ref[XLSX_COLNAME];
	char *got;
	char *path;

	(void)state;
	buf_init(&b, 0);
	buf_adds(&b, XMLDECL "<worksheet " NS "><sheetData><row r='1'>");
	for (size_t c = 0; c < 256; c++)
		buf_addf(&b, "<c r='%s1'><v>%zu</v></c>", xlsx_col_name(c, ref), c);
	buf_adds(&b,
		"<c r='IX1' s='0'/><c r='ZZ1'><f>1</f></c></row><row r='2'><c r='A2'><v>1</v></c>");
	buf_adds(&b, "</row></sheetData></worksheet>");
	path = raw_xlsx("xlsx-cols.xlsx", b.s, NULL, NULL, NULL);
	got = read_file(path, NULL, NULL);
	assert_string_equal(got, "!1 dòng có quá 256 cột (ô ZZ1)");
	free(got);
	free(path);
	/* Without the formula far right: 256 fields. */
	buf_reset(&b);
	buf_adds(&b, XMLDECL "<worksheet " NS "><sheetData><row r='1'>");
	for (size_t c = 0; c < 300; c++)
		buf_addf(&b, c < 256 ? "<c r='%s1'><v>%zu</v></c>" : "<c r='%s1' s='1'/>",
			xlsx_col_name(c, ref), c);
	buf_adds(&b, "</row></sheetData></worksheet>");
	{
		struct xlsx x;

		path = raw_xlsx("xlsx-cols.xlsx", b.s, NULL, NULL, NULL);
		assert_int_equal(xlsx_open(&x, path, NULL), PTDV_OK);
		assert_int_equal(xlsx_next(&x), PTDV_OK);
		assert_int_equal(x.nfields, 256);
		assert_string_equal(x.fields[255].s, "255");
		assert_int_equal(xlsx_next(&x), PTDV_NOTFOUND);
		xlsx_close(&x);
		free(path);
	}
	/* A 300-column row of values. */
	buf_reset(&b);
	buf_adds(&b, XMLDECL "<worksheet " NS "><sheetData><row r='3'>");
	for (size_t c = 0; c < 300; c++)
		buf_addf(&b, "<c t='inlineStr'><is><t>c%zu</t></is></c>", c);
	buf_adds(&b, "</row></sheetData></worksheet>");
	path = raw_xlsx("xlsx-cols.xlsx", b.s, NULL, NULL, NULL);
	got = read_file(path, NULL, NULL);
	assert_string_equal(got, "!3 dòng có quá 256 cột (ô IW3)");
	free(got);
	free(path);
	buf_free(&b);
}

/* A row may hold XLSX_MAX_ROW bytes with its NULs, and not one more. */
static void test_row_limit(void **state)
{
	struct buf b = BUF_INIT;
	size_t half = XLSX_MAX_ROW / 2 - 1;

	(void)state;
	for (int extra = 0; extra <= 2; extra++) {
		char *path, *got;

		buf_init(&b, 0);
		buf_adds(&b,
			XMLDECL "<worksheet " NS "><sheetData><row r='4'><c t='inlineStr'><is><t>");
		for (size_t i = 0; i < half + (extra == 1); i++)
			buf_addc(&b, 'a');
		buf_adds(&b, "</t></is></c><c t='inlineStr'><is><t>");
		for (size_t i = 0; i < half + (extra == 2 ? XLSX_MAX_ROW : 0); i++)
			buf_addc(&b, 'b');
		buf_adds(&b,
			"</t></is></c></row><row r='5'><c><v>1</v></c></row></sheetData></worksheet>");
		path = raw_xlsx("xlsx-long.xlsx", b.s, NULL, NULL, NULL);
		got = read_file(path, NULL, NULL);
		if (extra) {
			assert_string_equal(got, "!4 dòng dài quá 1 MB");
		} else {
			assert_int_equal(strlen(got), 2 * half + 13);
			assert_string_equal(got + strlen(got) - 9, "] 5[1{n}]");
		}
		free(got);
		free(path);
		buf_free(&b);
	}
}

/* Sheets: by name, hidden ones, a chart sheet, a missing one, a missing part. */
static void test_sheets(void **state)
{
	char *path = raw_xlsx(
		"xlsx-sheets.xlsx", SHEET("<row r='1'><c><v>1</v></c></row>"), NULL, NULL, NULL);
	struct xlsx x;

	(void)state;
	assert_int_equal(xlsx_open(&x, path, NULL), PTDV_OK);
	assert_int_equal(x.nsheets, 3);
	assert_string_equal(x.sheets[1].name, "Ẩn");
	assert_true(x.sheets[1].hidden && x.sheets[1].worksheet);
	assert_string_equal(x.sheets[1].part, "xl/worksheets/sheet2.xml");
	assert_false(x.sheets[2].worksheet);
	assert_string_equal(x.sheets[2].part, "xl/chartsheets/sheet1.xml");
	check_str("hidden", rows_of(&x, "Ẩn"), "1[hai]");
	check_str("first", rows_of(&x, "Trang1"), "1[1{n}]");
	assert_int_equal(xlsx_select(&x, "Biểu đồ"), PTDV_INVALID);
	assert_string_equal(x.msg, "trang 'Biểu đồ' không phải bảng tính (có thể là biểu đồ)");
	assert_null(x.sheet);
	assert_int_equal(xlsx_select(&x, "Danh sách"), PTDV_NOTFOUND);
	assert_string_equal(
		x.msg, "không có trang 'Danh sách' trong tệp; các trang: 'Trang1', 'Ẩn'");
	/* After a failed select, reading takes the first sheet. */
	check_str("after", rows_of(&x, NULL), "1[1{n}]");
	xlsx_close(&x);
	free(path);
	/* A sheet whose part is missing, and a long list of sheets. */
	{
		struct buf wb = BUF_INIT;
		char *got;

		buf_init(&wb, 0);
		buf_adds(&wb, XMLDECL "<workbook " NS
				      "><sheets><sheet name='Trang1' sheetId='1' r:id='rId1'/>"
				      "<sheet name='Không có' sheetId='2' r:id='rId9'/>");
		for (int i = 0; i < 60; i++)
			buf_addf(&wb, "<sheet name='Trang số %d' sheetId='%d' r:id='rId2'/>", i + 3,
				i + 3);
		buf_adds(&wb, "</sheets></workbook>");
		path = raw_xlsx("xlsx-sheets2.xlsx", SHEET(""), NULL, NULL, wb.s);
		got = read_file(path, "Không có", NULL);
		assert_string_equal(
			got, "!select trang 'Không có' không phải bảng tính (có thể là biểu đồ)");
		free(got);
		assert_int_equal(xlsx_open(&x, path, NULL), PTDV_OK);
		assert_int_equal(xlsx_select(&x, "?"), PTDV_NOTFOUND);
		assert_true(strlen(x.msg) < sizeof x.msg);
		assert_non_null(strstr(x.msg, "'Trang số 3', 'Trang số 4'"));
		assert_string_equal(x.msg + strlen(x.msg) - strlen("…"), "…");
		xlsx_close(&x);
		free(path);
		buf_free(&wb);
	}
	/* The sheet's part is named but not in the zip. */
	{
		static const struct raw_part parts[] = {
			{"_rels/.rels", root_rels},
			{"xl/workbook.xml", wb_default},
			{"xl/_rels/workbook.xml.rels", wb_rels},
		};
		char *got;

		path = tu_path("xlsx-nosheet.xlsx");
		zip_parts(path, parts, ARRAY_LEN(parts));
		got = read_file(path, NULL, NULL);
		assert_string_equal(got, "!0 không phải tệp Excel .xlsx hợp lệ: thiếu phần "
					 "'xl/worksheets/sheet1.xml' (trang 'Trang1')");
		free(got);
		free(path);
	}
	/* A workbook without sheets. */
	check_raw(SHEET(""), NULL, NULL, WORKBOOK("", ""), "!0 tệp .xlsx không có trang nào");
}

/* ---- Errors ---- */

static void check_open_error(
	const char *name, const void *data, size_t len, enum ptdv_err want, const char *msg)
{
	char *path = tu_path(name);
	FILE *f = fopen(path, "wb");
	struct xlsx x;

	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
	assert_int_equal(xlsx_open(&x, path, NULL), want);
	if (strcmp(x.msg, msg) != 0)
		fail_msg("%s: got '%s', want '%s'", name, x.msg, msg);
	xlsx_close(&x);
	/* The same from memory. */
	assert_int_equal(xlsx_open_mem(&x, data, len, NULL), want);
	if (strcmp(x.msg, msg) != 0)
		fail_msg("%s in memory: got '%s', want '%s'", name, x.msg, msg);
	xlsx_close(&x);
	free(path);
}

/* Returns the bytes of the zip holding parts (caller frees). */
static char *zip_bytes(const struct raw_part *parts, size_t n, size_t *len)
{
	char *path = tu_path("xlsx-bytes.zip");
	char *data;

	zip_parts(path, parts, n);
	data = tu_read(path, len);
	free(path);
	return data;
}

static void test_not_xlsx(void **state)
{
	/* An OLE compound file: the 8-byte signature, then a directory entry name. */
	static const char cfb[] = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 W\0o\0r\0k\0b\0o\0o\0k\0";
	static const char cfb_enc[] = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 E\0n\0c\0r\0y\0p\0t\0e\0d"
				      "\0P\0a\0c\0k\0a\0g\0e\0";
	static const struct raw_part docx[] = {{"word/document.xml", "<document/>"}};
	static const struct raw_part xlsb[] = {{"xl/workbook.bin", "x"}};
	static const struct raw_part ods[] = {
		{"mimetype", "application/vnd.oasis.opendocument.spreadsheet"},
		{"content.xml", "<x/>"}};
	static const struct raw_part other_office[] = {
		{"_rels/.rels", XMLDECL
			"<Relationships xmlns='http://schemas.openxmlformats.org/package/2006/"
			"relationships'><Relationship Id='rId1' Type='" REL
			"officeDocument' Target='word/document.xml'/></Relationships>"},
		{"word/document.xml", XMLDECL "<document/>"}};
	static const struct raw_part no_rels[] = {{"xl/workbook.xml", wb_default}};
	size_t len;
	char *data;

	(void)state;
	check_open_error("xlsx-text.xlsx", "Họ và tên,Giới tính\n", 22, PTDV_INVALID,
		"không phải tệp Excel .xlsx (không phải tệp nén ZIP)");
	check_open_error(
		"xlsx-empty.xlsx", "", 0, PTDV_INVALID, "tệp rỗng, không phải tệp Excel .xlsx");
	check_open_error("xlsx-pk.xlsx", "PK\3\4garbage", 11, PTDV_INVALID,
		"tệp .xlsx bị hỏng (tệp nén ZIP không đọc được)");
	check_open_error("xlsx-xls.xls", cfb, sizeof cfb - 1, PTDV_INVALID,
		"đây là tệp Excel 97–2003 (.xls), không phải .xlsx; hãy mở bằng Excel và lưu lại "
		"dưới dạng .xlsx");
	check_open_error("xlsx-enc.xlsx", cfb_enc, sizeof cfb_enc - 1, PTDV_INVALID,
		"tệp được bảo vệ bằng mật khẩu (mã hoá); hãy bỏ mật khẩu trong Excel rồi lưu lại");
	/* The stream's name across the reader's 64 kB blocks. */
	len = 70000;
	data = xcalloc(1, len);
	memcpy(data, cfb_enc, 8);
	memcpy(data + 65536 - 10, cfb_enc + 9, sizeof cfb_enc - 10);
	check_open_error("xlsx-enc-far.xlsx", data, len, PTDV_INVALID,
		"tệp được bảo vệ bằng mật khẩu (mã hoá); hãy bỏ mật khẩu trong Excel rồi lưu lại");
	free(data);
	data = zip_bytes(docx, ARRAY_LEN(docx), &len);
	check_open_error("xlsx-docx.xlsx", data, len, PTDV_INVALID,
		"không phải tệp Excel .xlsx: thiếu phần 'xl/workbook.xml'");
	free(data);
	data = zip_bytes(xlsb, ARRAY_LEN(xlsb), &len);
	check_open_error("xlsx-b.xlsx", data, len, PTDV_INVALID,
		"đây là tệp Excel nhị phân (.xlsb), không phải .xlsx; hãy lưu lại dưới dạng .xlsx");
	free(data);
	data = zip_bytes(ods, ARRAY_LEN(ods), &len);
	check_open_error("xlsx-ods.xlsx", data, len, PTDV_INVALID,
		"đây là tệp OpenDocument (.ods), không phải .xlsx; hãy lưu lại dưới dạng .xlsx");
	free(data);
	data = zip_bytes(other_office, ARRAY_LEN(other_office), &len);
	check_open_error("xlsx-word.xlsx", data, len, PTDV_INVALID,
		"không phải tệp Excel .xlsx: phần 'word/document.xml' không phải sổ tính Excel");
	free(data);
	data = zip_bytes(no_rels, ARRAY_LEN(no_rels), &len);
	check_open_error("xlsx-norels.xlsx", data, len, PTDV_INVALID,
		"không phải tệp Excel .xlsx: thiếu phần 'xl/_rels/workbook.xml.rels'");
	free(data);
	/* A file that cannot be opened. */
	{
		struct xlsx x;
		char *path = tu_path("xlsx-missing.xlsx");

		assert_int_equal(xlsx_open(&x, path, NULL), PTDV_IO);
		assert_string_equal(x.msg, "không mở được tệp: No such file or directory");
		xlsx_close(&x);
		free(path);
	}
}

/* A zip entry encrypted with a password. */
static void test_encrypted_entry(void **state)
{
	char *path = tu_path("xlsx-zipenc.xlsx");
	char *got;
	int ze = 0;
	zip_t *z;
	zip_int64_t idx;

	(void)state;
	if (!zip_encryption_method_supported(ZIP_EM_AES_256, 1))
		skip();
	free(raw_xlsx(
		"xlsx-zipenc.xlsx", SHEET("<row r='1'><c><v>1</v></c></row>"), NULL, NULL, NULL));
	z = zip_open(path, 0, &ze);
	assert_non_null(z);
	idx = zip_name_locate(z, "xl/worksheets/sheet1.xml", 0);
	assert_true(idx >= 0);
	assert_int_equal(
		zip_file_set_encryption(z, (zip_uint64_t)idx, ZIP_EM_AES_256, "bí mật"), 0);
	assert_int_equal(zip_close(z), 0);
	got = read_file(path, NULL, NULL);
	assert_string_equal(got, "!0 tệp được bảo vệ bằng mật khẩu (mã hoá); hãy bỏ mật khẩu trong "
				 "Excel rồi lưu lại");
	free(got);
	free(path);
}

static void test_corrupt_xml(void **state)
{
	(void)state;
	/*
	 * Rows well before the damage are read (libxml2 parses ahead by a chunk, so the last
	 * few may not be); the error names the part and the XML's line.
	 */
	{
		struct buf b = BUF_INIT;
		char *path, *got;
		const char *msg =
			" tệp .xlsx bị hỏng: phần 'xl/worksheets/sheet1.xml' không phải XML "
			"hợp lệ (dòng 1003 của phần này)";

		buf_init(&b, 0);
		buf_adds(&b, XMLDECL "<worksheet " NS "><sheetData>\n");
		for (int i = 1; i <= 1000; i++)
			buf_addf(&b, "<row r='%d'><c><v>%d</v></c></row>\n", i, i);
		buf_adds(&b, "<row r='1001'></rowx></sheetData></worksheet>");
		path = raw_xlsx("xlsx-raw.xlsx", b.s, NULL, NULL, NULL);
		got = read_file(path, NULL, NULL);
		assert_int_equal(strncmp(got, "1[1{n}] 2[2{n}] 3[3{n}]", 23), 0);
		assert_non_null(strstr(got, " 900[900{n}] "));
		assert_string_equal(got + strlen(got) - strlen(msg), msg);
		free(got);
		free(path);
		buf_free(&b);
	}
	check_raw(XMLDECL "<worksheet " NS "><sheetData><row r='1'><c><v>1</v></c></row>", NULL,
		NULL, NULL,
		"1[1{n}] !1 tệp .xlsx bị hỏng: phần 'xl/worksheets/sheet1.xml' không phải XML "
		"hợp lệ (dòng 2 của phần này)");
	/* Bytes that are not UTF-8. */
	check_raw(SHEET("<row r='1'><c t='inlineStr'><is><t>\xC3(</t></is></c></row>"), NULL, NULL,
		NULL,
		"!0 tệp .xlsx bị hỏng: phần 'xl/worksheets/sheet1.xml' không phải XML hợp lệ "
		"(dòng 2 của phần này)");
	/* A DOCTYPE, which could declare entities. */
	check_raw(XMLDECL "<!DOCTYPE worksheet [<!ENTITY a 'aaaa'>]><worksheet " NS
			  "><sheetData><row r='1'><c t='inlineStr'><is><t>&a;</t></is></c></row>"
			  "</sheetData></worksheet>",
		NULL, NULL, NULL,
		"!0 tệp .xlsx bị hỏng: phần 'xl/worksheets/sheet1.xml' có nội dung không hợp lệ");
	/* Well-formed, but not a sheet as Excel writes it. */
	check_raw(SHEET("<row r='2'/><row r='2'/>"), NULL, NULL, NULL,
		"2[] !2 tệp .xlsx bị hỏng: dòng 2 đứng sau dòng 2");
	check_raw(SHEET("<row r='0'/>"), NULL, NULL, NULL,
		"!0 tệp .xlsx bị hỏng: số dòng '0' không hợp lệ");
	check_raw(SHEET("<row r='1048577'/>"), NULL, NULL, NULL,
		"!0 tệp .xlsx bị hỏng: số dòng '1048577' không hợp lệ");
	check_raw(SHEET("<row r='3'><c r='B3'/><c r='A3'><v>1</v></c></row>"), NULL, NULL, NULL,
		"!3 tệp .xlsx bị hỏng: ô A3 không theo thứ tự trong dòng 3");
	check_raw(SHEET("<row r='3'><c r='A4'><v>1</v></c></row>"), NULL, NULL, NULL,
		"!3 tệp .xlsx bị hỏng: ô 'A4' không hợp lệ trong dòng 3");
	check_raw(SHEET("<row r='3'><c r='a3'><v>1</v></c></row>"), NULL, NULL, NULL,
		"!3 tệp .xlsx bị hỏng: ô 'a3' không hợp lệ trong dòng 3");
	check_raw(SHEET("<row r='3'><c r='XFE3'><v>1</v></c></row>"), NULL, NULL, NULL,
		"!3 tệp .xlsx bị hỏng: ô 'XFE3' không hợp lệ trong dòng 3");
	check_raw(SHEET("<row r='3'><c r='B3' t='x'><v>1</v></c></row>"), NULL, NULL, NULL,
		"!3 tệp .xlsx bị hỏng: kiểu ô 'x' không hợp lệ (dòng 3)");
	check_raw(SHEET("<row r='3'><c r='B3'><v>12abc</v></c></row>"), NULL, NULL, NULL,
		"!3 ô B3: giá trị số '12abc' không hợp lệ");
	check_raw(SHEET("<row r='3'><c r='B3'><v>inf</v></c></row>"), NULL, NULL, NULL,
		"!3 ô B3: giá trị số 'inf' không hợp lệ");
	check_raw(SHEET("<row r='3'><c r='C3' t='s'><v>1</v></c></row>"), SST("<si><t>a</t></si>"),
		NULL, NULL, "!3 ô C3: chỉ số chuỗi dùng chung '1' không hợp lệ");
	check_raw(SHEET("<row r='3'><c r='C3' t='s'><v>0</v></c></row>"), NULL, NULL, NULL,
		"!3 ô C3: chỉ số chuỗi dùng chung '0' không hợp lệ");
	check_raw(SHEET("<row r='3'><c r='D3' t='b'><v>2</v></c></row>"), NULL, NULL, NULL,
		"!3 ô D3: giá trị đúng/sai '2' không hợp lệ");
	/* Damage in the shared strings, the styles or the workbook stops the opening. */
	check_raw(SHEET(""), SST("<si><t>a</si>"), NULL, NULL,
		"!open1 tệp .xlsx bị hỏng: phần 'xl/sharedStrings.xml' không phải XML hợp lệ "
		"(dòng 2 của phần này)");
	check_raw(SHEET(""), NULL, "<styleSheet>", NULL,
		"!open1 tệp .xlsx bị hỏng: phần 'xl/styles.xml' không phải XML hợp lệ (dòng 1 của phần này)");
	check_raw(SHEET(""), NULL, NULL, WORKBOOK("", "<sheet sheetId='1' r:id='rId1'/>"),
		"!open1 tệp .xlsx bị hỏng: phần 'xl/workbook.xml' có nội dung không hợp lệ");
	check_raw(SHEET(""), NULL, NULL, "<workbook",
		"!open1 tệp .xlsx bị hỏng: phần 'xl/workbook.xml' không phải XML hợp lệ (dòng 1 của phần này)");
}

/* Limits: parts that inflate too far (zip bombs), too many shared strings or bytes. */
static void test_limits(void **state)
{
	struct buf b = BUF_INIT;
	struct xlsx_limits lim = xlsx_default_limits;
	char *path, *got;

	(void)state;
	/* 4 MB of rows that compress to a few kB. */
	buf_init(&b, 0);
	buf_adds(&b, XMLDECL "<worksheet " NS "><sheetData>");
	for (int i = 1; i <= 100000; i++)
		buf_addf(&b, "<row r='%d'/>", i);
	buf_adds(&b, "</sheetData></worksheet>");
	path = raw_xlsx(
		"xlsx-bomb.xlsx", b.s, SST("<si><t>a</t></si><si><t>bb</t></si>"), NULL, NULL);
	lim.sheet = 1u << 20;
	got = read_file(path, NULL, &lim);
	assert_string_equal(got,
		"!0 phần 'xl/worksheets/sheet1.xml' của tệp .xlsx giải nén ra quá 1 "
		"MB; tệp bị từ chối");
	free(got);
	lim = xlsx_default_limits;
	lim.meta = 100;
	got = read_file(path, NULL, &lim);
	assert_string_equal(got,
		"!open1 phần '_rels/.rels' của tệp .xlsx giải nén ra quá 0 MB; tệp bị từ chối");
	free(got);
	lim = xlsx_default_limits;
	lim.shared_count = 1;
	got = read_file(path, NULL, &lim);
	assert_string_equal(got, "!open1 tệp có quá 1 chuỗi dùng chung; tệp bị từ chối");
	free(got);
	lim = xlsx_default_limits;
	lim.shared_bytes = 4;
	got = read_file(path, NULL, &lim);
	assert_string_equal(
		got, "!open1 bảng chuỗi dùng chung của tệp lớn quá 0 MB; tệp bị từ chối");
	free(got);
	lim.shared_bytes = 5;
	got = read_file(path, NULL, &lim);
	assert_int_equal(strncmp(got, "1[] 2[] 3[]", 11), 0);
	free(got);
	free(path);
	buf_free(&b);
}

/*
 * A zip whose sheet entry declares a smaller size than it inflates to: libzip or the
 * byte count stops it. The size fields of the local header and the central directory are
 * patched in place.
 */
static void test_lying_size(void **state)
{
	static const char big[] = SHEET("<row r='1'><c><v>1</v></c></row><row r='2'/>");
	const struct raw_part parts[] = {
		{"_rels/.rels", root_rels},
		{"xl/workbook.xml", wb_default},
		{"xl/_rels/workbook.xml.rels", wb_rels},
		{"xl/worksheets/sheet1.xml", big},
	};
	size_t len;
	char *data = zip_bytes(parts, ARRAY_LEN(parts), &len);
	const char *name = "xl/worksheets/sheet1.xml";
	size_t nlen = strlen(name);
	int patched = 0;
	struct xlsx x;
	enum ptdv_err err;

	(void)state;
	for (size_t i = 0; i + 46 + nlen <= len; i++) {
		/* Local file header: size at 22; central directory entry: size at 24. */
		if (memcmp(data + i, "PK\3\4", 4) == 0 && memcmp(data + i + 30, name, nlen) == 0) {
			memset(data + i + 22, 0, 4);
			data[i + 22] = 10;
			patched++;
		}
		if (memcmp(data + i, "PK\1\2", 4) == 0 && memcmp(data + i + 46, name, nlen) == 0) {
			memset(data + i + 24, 0, 4);
			data[i + 24] = 10;
			patched++;
		}
	}
	assert_int_equal(patched, 2);
	err = xlsx_open_mem(&x, data, len, NULL);
	if (err)
		fail_msg("%s", x.msg);
	err = xlsx_next(&x);
	assert_int_equal(err, PTDV_INVALID);
	assert_string_equal(x.msg,
		"tệp .xlsx bị hỏng: phần 'xl/worksheets/sheet1.xml' dài hơn kích "
		"thước ghi trong tệp nén");
	xlsx_close(&x);
	free(data);
}

static void test_close(void **state)
{
	static struct xlsx zero;

	(void)state;
	xlsx_close(&zero);
}

/* ---- Memory ---- */

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static long max_rss_kb(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss;
}

#if defined(__SANITIZE_ADDRESS__)
#define SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SANITIZED 1
#endif
#endif
#ifndef SANITIZED
#define SANITIZED 0
#endif

#define MEM_ROWS 200000

/*
 * Writes a 200,000-row sheet of four cells a row (a shared and an inline string, a number,
 * a date), then reads it in a child process, whose peak RSS starts at what the
 * parent uses now: the reader's growth is its peak minus its start. A reader that loaded
 * the sheet or its XML tree would grow by hundreds of MB.
 */
static void test_memory(void **state)
{
	char *sheet_path = tu_path("xlsx-mem-sheet.xml");
	char *path = tu_path("xlsx-mem.xlsx");
	struct buf sst = BUF_INIT;
	FILE *f = fopen(sheet_path, "wb");
	int ze = 0, fds[2];
	zip_t *z;
	zip_source_t *src;
	zip_int64_t idx;
	double t0;
	pid_t pid;
	struct {
		long rows, start_kb, peak_kb;
		double secs;
		uint64_t xml_bytes;
	} res;
	int status;

	(void)state;
	/* Under valgrind (scripts/valgrind.sh) RSS measures valgrind, and the 200,000 rows
	 * take minutes: the reader's memory is checked there by the other tests. */
	if (getenv("PTDV_TEST_VALGRIND")) {
		if (f)
			fclose(f);
		unlink(sheet_path);
		free(sheet_path);
		free(path);
		skip();
	}
	assert_non_null(f);
	fputs(XMLDECL "<worksheet " NS "><sheetData>\n", f);
	for (long r = 1; r <= MEM_ROWS; r++)
		fprintf(f,
			"<row r=\"%ld\"><c r=\"A%ld\" t=\"s\"><v>%ld</v></c><c r=\"B%ld\"><v>%ld</v></c>"
			"<c r=\"C%ld\" s=\"1\"><v>%ld</v></c><c r=\"D%ld\" t=\"inlineStr\"><is><t>Đảng "
			"viên số %ld</t></is></c></row>\n",
			r, r, r % 1000, r, r, r, 30000 + r % 10000, r, r);
	fputs("</sheetData></worksheet>\n", f);
	assert_int_equal(fclose(f), 0);
	buf_init(&sst, 0);
	buf_adds(&sst, XMLDECL "<sst " NS ">");
	for (int i = 0; i < 1000; i++)
		buf_addf(&sst, "<si><t>Chi bộ %d</t></si>", i);
	buf_adds(&sst, "</sst>");
	{
		const struct raw_part parts[] = {
			{"_rels/.rels", root_rels},
			{"xl/workbook.xml", wb_default},
			{"xl/_rels/workbook.xml.rels", wb_rels},
			{"xl/sharedStrings.xml", sst.s},
			{"xl/styles.xml", STYLES("", "<xf numFmtId='0'/><xf numFmtId='14'/>")},
		};
		zip_parts(path, parts, ARRAY_LEN(parts));
	}
	z = zip_open(path, 0, &ze);
	assert_non_null(z);
	src = zip_source_file(z, sheet_path, 0, -1);
	assert_non_null(src);
	idx = zip_file_add(z, "xl/worksheets/sheet1.xml", src, 0);
	assert_true(idx >= 0);
	zip_set_file_compression(z, (zip_uint64_t)idx, ZIP_CM_DEFLATE, 1);
	assert_int_equal(zip_close(z), 0);
	unlink(sheet_path);

	assert_int_equal(pipe(fds), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct xlsx x;
		long n = 0;
		bool ok = true;

		close(fds[0]);
		memset(&res, 0, sizeof res);
		res.start_kb = max_rss_kb();
		t0 = now();
		if (xlsx_open(&x, path, NULL) != PTDV_OK)
			_exit(2);
		while (xlsx_next(&x) == PTDV_OK) {
			n++;
			ok = ok && x.nfields == 4 && x.line == n && x.fields[2].date != DATE_NONE &&
			     x.fields[1].len > 0 && strncmp(x.fields[0].s, "Chi bộ ", 9) == 0;
		}
		res.rows = ok ? n : -n;
		res.xml_bytes = x.done;
		xlsx_close(&x);
		res.secs = now() - t0;
		res.peak_kb = max_rss_kb();
		if (write(fds[1], &res, sizeof res) != (ssize_t)sizeof res)
			_exit(3);
		_exit(0);
	}
	close(fds[1]);
	assert_int_equal(read(fds[0], &res, sizeof res), (ssize_t)sizeof res);
	close(fds[0]);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	assert_int_equal(res.rows, MEM_ROWS);
	printf("xlsx memory: %d rows (%.1f MB of XML) in %.2f s (%.0f rows/s), peak RSS %ld kB "
	       "from %ld kB: +%ld kB%s\n",
		MEM_ROWS, (double)res.xml_bytes / 1e6, res.secs, MEM_ROWS / res.secs, res.peak_kb,
		res.start_kb, res.peak_kb - res.start_kb,
		SANITIZED ? " (sanitized build: not judged)" : "");
	if (!SANITIZED)
		assert_true(res.peak_kb - res.start_kb < 16 * 1024);
	unlink(path);
	free(path);
	free(sheet_path);
	buf_free(&sst);
}

/* ---- openpyxl ---- */

/*
 * Writes a workbook with openpyxl and reads it; and has openpyxl read one written here,
 * checking the frozen header, the autofilter and the drop-down lists. Skipped when
 * Debian's python3 has no openpyxl.
 */
static const char openpyxl_script[] =
	"import sys, datetime, openpyxl\n"
	"from openpyxl.styles import Font\n"
	"wb = openpyxl.Workbook()\n"
	"ws = wb.active\n"
	"ws.title = 'Danh sách'\n"
	"ws.append(['Họ và tên', 'Ngày sinh', 'Số', 'Đúng', 'Công thức'])\n"
	"ws.append(['Trần Thị Hoa', datetime.date(2024, 4, 22), 7, True, '=C2*2'])\n"
	"ws.append(['Lê Văn Ba', datetime.datetime(1990, 12, 31, 10, 30), 2.5, False, None])\n"
	"ws['A2'].font = Font(bold=True)\n"
	"ws['B5'] = '22/04/2024'\n"
	"wb.create_sheet('Trang 2')['C3'] = 'ba'\n"
	"wb.save(sys.argv[1])\n"
	"wb = openpyxl.load_workbook(sys.argv[2])\n"
	"ws = wb['Đảng viên']\n"
	"assert ws.freeze_panes == 'A2', ws.freeze_panes\n"
	"assert ws.auto_filter.ref == 'A1:E7', ws.auto_filter.ref\n"
	"dv = {str(d.sqref): d.formula1 for d in ws.data_validations.dataValidation}\n"
	"assert dv == {'B2:B1048576': '\"Nam,Nữ\"', 'E2:E1048576': '\"Có,Không\"'}, dv\n"
	"assert ws['A1'].font.b and not ws['A2'].font.b\n"
	"assert ws['A3'].value == '=1+2' and ws['A3'].data_type == 's', ws['A3'].data_type\n"
	"assert ws['C2'].value == datetime.datetime(2000, 1, 15), ws['C2'].value\n"
	"assert ws['C2'].number_format == 'dd/mm/yyyy'\n"
	"assert ws['D2'].value == 42 and ws['B2'].value == 'Nam'\n"
	/* openpyxl leaves Excel's escape of U+0001 as it is. */
	"assert ws['A5'].value.replace('_x0001_', '\\x01') == '_x0041_ a\\tb\\nc\\x01z', "
	"repr(ws['A5'].value)\n"
	"assert 28 <= ws.column_dimensions['A'].width < 29, ws.column_dimensions['A'].width\n"
	"print('ok')\n";

static void test_openpyxl(void **state)
{
	char *ours = tu_path("xlsx-ours.xlsx");
	char *theirs = tu_path("xlsx-openpyxl.xlsx");
	char *script = tu_path("xlsx-openpyxl.py");
	struct buf cmd = BUF_INIT;
	struct xlsx x;
	int rc;

	(void)state;
	if (system("/usr/bin/python3 -c 'import openpyxl' >/dev/null 2>&1") != 0) {
		free(ours);
		free(theirs);
		free(script);
		skip();
	}
	write_members(ours, false);
	tu_write(script, openpyxl_script);
	buf_init(&cmd, 0);
	buf_addf(&cmd, "/usr/bin/python3 '%s' '%s' '%s'", script, theirs, ours);
	rc = system(cmd.s);
	assert_int_equal(rc, 0);
	assert_int_equal(xlsx_open(&x, theirs, NULL), PTDV_OK);
	assert_int_equal(x.nsheets, 2);
	check_str("openpyxl", rows_of(&x, NULL),
		"1[Họ và tên][Ngày sinh][Số][Đúng][Công thức] "
		"2[Trần Thị Hoa][45404{n d=22/04/2024}][7{n}][TRUE{b}][{f}] "
		"3[Lê Văn Ba][33238.4375{n d=31/12/1990}][2.5{n}][FALSE{b}] "
		"5[][22/04/2024]");
	check_str("openpyxl 2", rows_of(&x, "Trang 2"), "3[][][ba]");
	xlsx_close(&x);
	buf_free(&cmd);
	free(ours);
	free(theirs);
	free(script);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_serials),
		cmocka_unit_test(test_col_names),
		cmocka_unit_test(test_write_read),
		cmocka_unit_test(test_write_read_constant_memory),
		cmocka_unit_test(test_open_mem),
		cmocka_unit_test(test_writer_errors),
		cmocka_unit_test(test_strings),
		cmocka_unit_test(test_types),
		cmocka_unit_test(test_formulas),
		cmocka_unit_test(test_sparse),
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_columns),
		cmocka_unit_test(test_row_limit),
		cmocka_unit_test(test_sheets),
		cmocka_unit_test(test_not_xlsx),
		cmocka_unit_test(test_encrypted_entry),
		cmocka_unit_test(test_corrupt_xml),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_lying_size),
		cmocka_unit_test(test_close),
		cmocka_unit_test(test_memory),
		cmocka_unit_test(test_openpyxl),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
