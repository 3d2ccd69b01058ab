/*
 * test_import.c — the importer: good files, every kind of bad line (CSV, and Excel cells:
 * serial and text dates, formulas, a merged title above the header), all-or-nothing,
 * dry runs, updates of members already in the database, possible duplicates, cancelling,
 * and export → import → export giving the same bytes.
 */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xlsxwriter.h>

#include "report/summary.h"
#include "store/store.h"
#include "util/buf.h"

static const char ORGS[] =
	"\xEF\xBB\xBFMã tổ chức,Tên tổ chức,Loại,Mã cấp trên,Ngày thành lập,Ngày giải thể\r\n"
	"T,Đảng bộ tỉnh Thử,Đảng bộ cấp trên,,01/01/1950,\r\n"
	"C,Đảng bộ thành phố Thử,Đảng bộ cấp trên,T,01/01/1960,\r\n"
	"B1,Đảng bộ phường Một,Đảng bộ cơ sở,C,01/01/1970,\r\n"
	"B1-C1,Chi bộ khu phố 1,Chi bộ trực thuộc,B1,01/01/1975,\r\n"
	"B2,Chi bộ Trường THPT Một,Chi bộ cơ sở,C,01/01/1980,\r\n"
	"B3,Chi bộ Công ty Một,Chi bộ cơ sở,C,01/01/1990,01/07/2022\r\n";

static const char MEMBER_HEADER[] =
	"Họ và tên,Giới tính,Ngày sinh,Số CCCD,Dân tộc,Tôn giáo,Mã tổ chức,"
	"Ngày quyết định kết nạp,Ngày kết nạp,Ngày chính thức,Số thẻ đảng viên,"
	"Nhóm nghề nghiệp,Trình độ học vấn,Đoàn viên,Ngày ra khỏi Đảng,Lý do\n";

/* Six good member rows (file lines 2–7). */
static const char *const GOOD[] = {
	"Nguyễn Văn An,Nam,15/03/1980,027080000001,Kinh,Không,B1-C1,01/02/2010,15/02/2010,"
	"15/02/2011,10000001,Công nhân,THPT,Không,,",
	"Trần Thị Bình,Nữ,20/07/1995,027195000002,Kinh,Phật giáo,B2,10/05/2020,20/05/2020,"
	"20/05/2021,10000002,\"Cán bộ, công chức, viên chức\",Đại học,Có,,",
	"Lê Văn Cường,Nam,01/01/1960,027060000003,Tày,Không,B3,01/01/1990,15/01/1990,"
	"15/01/1991,10000003,Hưu trí,THCS,Không,01/06/2022,Chuyển sinh hoạt đảng ra ngoài",
	"Phạm Thị Dung,Nữ,02/02/2000,027300000004,Kinh,Không,B1-C1,01/03/2023,10/03/2023,"
	"10/03/2024,10000004,Học sinh sinh viên,Đại học,Có,,",
	"Hoàng Văn Em,Nam,1985-12-31,,Kinh,Công giáo,B2,,2015-06-01,2016-06-01,,Nông dân,"
	"9/12,,,",
	"Vũ Thị Giang,Nữ,05/05/1990,027190000006,Mường,Không,B1-C1,20/12/2023,05/01/2024,,,"
	"Công nhân,Trung cấp,Có,,",
};

/* Builds a members file of the good rows with row `bad_line` (2..7) replaced by `bad`. */
static char *members_file(int bad_line, const char *bad)
{
	struct buf b = BUF_INIT;
	buf_adds(&b, MEMBER_HEADER);
	for (int i = 0; i < 6; i++)
		buf_addf(&b, "%s\n", i + 2 == bad_line ? bad : GOOD[i]);
	return buf_detach(&b);
}

static struct app *with_orgs_at(const char *url)
{
	struct msgs errs;
	struct app *app = tu_app_at(url, tu_date("2024-04-22"));
	msgs_init(&errs, 0);
	assert_int_equal(tu_import(app, APP_ORGS, "orgs.csv", ORGS, &errs), PTDV_OK);
	assert_int_equal(msgs_count(&errs), 0);
	msgs_free(&errs);
	return app;
}

static struct app *with_orgs(const char *name)
{
	char *url = tu_db(name);
	struct app *app = with_orgs_at(url);
	free(url);
	return app;
}

static void test_good_files(void **state)
{
	(void)state;
	struct app *app = with_orgs("good.db");
	struct msgs errs;
	struct summary s;
	msgs_init(&errs, 0);
	char *text = members_file(0, NULL);
	assert_int_equal(tu_import(app, APP_MEMBERS, "m.csv", text, &errs), PTDV_OK);
	assert_int_equal(msgs_count(&errs), 0);
	assert_int_equal(app_report_summary(app, "C", tu_date("2024-04-22"), &s, &errs), PTDV_OK);
	assert_int_equal(s.base_committees, 1);
	assert_int_equal(s.base_cells, 1); /* B3 dissolved on 01/07/2022 */
	assert_int_equal(s.members, 5);    /* Lê Văn Cường left on 01/06/2022 */
	assert_int_equal(s.women, 3);
	assert_int_equal(s.probationary, 1); /* Vũ Thị Giang, admitted 05/01/2024 */
	report_summary_free(&s);
	int64_t n = 0;
	assert_int_equal(store_audit_count(app->st, &n), PTDV_OK);
	assert_int_equal(n, 2); /* one event per imported file */
	free(text);
	msgs_free(&errs);
	app_close(app);
}

struct bad_case {
	const char *name;
	int line;
	const char *row;
	const char *column;
	const char *text; /* substring of the message */
};

static const struct bad_case BAD[] = {
	{"impossible date", 7,
		"Vũ Thị Giang,Nữ,05/05/1990,027190000006,Mường,Không,B1-C1,20/12/2023,31/02/2023,,,"
		"Công nhân,Trung cấp,Có,,",
		"Ngày kết nạp", "'31/02/2023' không phải ngày hợp lệ"},
	{"unknown org", 3,
		"Trần Thị Bình,Nữ,20/07/1995,027195000002,Kinh,Phật giáo,XYZ,10/05/2020,20/05/2020,"
		"20/05/2021,10000002,Công nhân,Đại học,Có,,",
		"Mã tổ chức", "không tìm thấy tổ chức có mã 'XYZ'"},
	{"ceremony before decision", 2,
		"Nguyễn Văn An,Nam,15/03/1980,027080000001,Kinh,Không,B1-C1,01/02/2010,15/01/2010,"
		"15/02/2011,10000001,Công nhân,THPT,Không,,",
		"Ngày kết nạp", "trước ngày quyết định kết nạp 01/02/2010"},
	{"exit before ceremony", 4,
		"Lê Văn Cường,Nam,01/01/1960,027060000003,Tày,Không,B3,01/01/1990,15/01/1990,"
		"15/01/1991,10000003,Hưu trí,THCS,Không,01/06/1989,Từ trần",
		"Ngày ra khỏi Đảng", "trước ngày kết nạp 15/01/1990"},
	{"citizen ID that contradicts gender and birth year", 5,
		"Phạm Thị Dung,Nữ,02/02/2000,027080000001,Kinh,Không,B1-C1,01/03/2023,10/03/2023,"
		"10/03/2024,10000004,Học sinh sinh viên,Đại học,Có,,",
		"Số CCCD", "không khớp"},
	{"citizen ID repeated", 6,
		"Hoàng Văn Em,Nam,15/03/1980,027080000001,Kinh,Công giáo,B2,,2015-06-01,2016-06-01,,"
		"Nông dân,9/12,,,",
		"Số CCCD", "trùng với dòng 2"},
	{"org not alive on the ceremony date", 6,
		"Hoàng Văn Em,Nam,1985-12-31,,Kinh,Công giáo,B3,,2023-06-01,,,Nông dân,9/12,,,",
		"Mã tổ chức", "đã giải thể vào ngày kết nạp 01/06/2023"},
	{"under 18 at the decision", 7,
		"Vũ Thị Giang,Nữ,05/05/2006,027306000006,Mường,Không,B1-C1,20/12/2023,05/01/2024,,,"
		"Công nhân,Trung cấp,Có,,",
		"Ngày sinh", "17 năm 7 tháng; cần đủ 18 tuổi"},
	{"bad gender", 3,
		"Trần Thị Bình,Gái,20/07/1995,,Kinh,Phật giáo,B2,10/05/2020,20/05/2020,"
		"20/05/2021,10000002,Công nhân,Đại học,Có,,",
		"Giới tính", "giới tính 'Gái' không hợp lệ"},
	{"exit without reason", 4,
		"Lê Văn Cường,Nam,01/01/1960,027060000003,Tày,Không,B3,01/01/1990,15/01/1990,"
		"15/01/1991,10000003,Hưu trí,THCS,Không,01/06/2022,",
		"Lý do", "cần ghi lý do"},
	{"member placed in a committee, not a cell", 2,
		"Nguyễn Văn An,Nam,15/03/1980,027080000001,Kinh,Không,B1,01/02/2010,15/02/2010,"
		"15/02/2011,10000001,Công nhân,THPT,Không,,",
		"Mã tổ chức", "không phải chi bộ"},
	{"missing name", 5, ",Nữ,02/02/2000,,Kinh,Không,B1-C1,01/03/2023,10/03/2023,,,,,,,",
		"Họ và tên", "không được để trống"},
	{"duplicate card number", 3,
		"Trần Thị Bình,Nữ,20/07/1995,027195000002,Kinh,Phật giáo,B2,10/05/2020,20/05/2020,"
		"20/05/2021,10000001,Công nhân,Đại học,Có,,",
		"Số thẻ đảng viên", "trùng với dòng 2"},
};

/* Finds a message on line with column col containing text. */
static bool has_msg(const struct msgs *m, long line, const char *col, const char *text)
{
	for (size_t i = 0; i < m->n; i++) {
		if (m->v[i].line == line && m->v[i].field && strcmp(m->v[i].field, col) == 0 &&
			strstr(m->v[i].text, text))
			return true;
	}
	return false;
}

static void dump(const struct msgs *m)
{
	struct buf b = BUF_INIT;
	msgs_render(m, "m.csv", &b);
	fprintf(stderr, "%s", b.s);
	buf_free(&b);
}

static void test_bad_lines(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(BAD) / sizeof(BAD[0]); i++) {
		const struct bad_case *c = &BAD[i];
		struct app *app = with_orgs("bad.db");
		struct msgs errs;
		int64_t audit_before = 0, audit_after = 0;
		msgs_init(&errs, 0);
		assert_int_equal(store_audit_count(app->st, &audit_before), PTDV_OK);
		char *text = members_file(c->line, c->row);
		enum ptdv_err err = tu_import(app, APP_MEMBERS, "m.csv", text, &errs);
		if (err != PTDV_INVALID || !has_msg(&errs, c->line, c->column, c->text)) {
			fprintf(stderr, "case '%s': err %d, messages:\n", c->name, err);
			dump(&errs);
			fail();
		}
		/* Nothing written: no member, no audit event. */
		struct summary s;
		struct msgs e2;
		msgs_init(&e2, 0);
		assert_int_equal(
			app_report_summary(app, "T", tu_date("2024-04-22"), &s, &e2), PTDV_OK);
		assert_int_equal(s.members, 0);
		report_summary_free(&s);
		assert_int_equal(store_audit_count(app->st, &audit_after), PTDV_OK);
		assert_int_equal(audit_after, audit_before);
		msgs_free(&e2);
		msgs_free(&errs);
		free(text);
		app_close(app);
	}
}

/*
 * A rejected file changes nothing: on SQLite the database file keeps every byte; on
 * PostgreSQL the exports and the audit log stay the same.
 */
static void test_rejected_file_changes_no_byte(void **state)
{
	(void)state;
	bool pg = tu_postgres();
	char *url = tu_db("bytes.db");
	char *o1 = tu_path("bytes-o1.csv"), *m1 = tu_path("bytes-m1.csv");
	char *o2 = tu_path("bytes-o2.csv"), *m2 = tu_path("bytes-m2.csv");
	struct msgs errs;
	struct app_import_result res;
	int64_t rows, audit_before = 0, audit_after = -1;
	size_t n0 = 0, n1 = 0;
	msgs_init(&errs, 0);
	struct app *app = with_orgs_at(url);
	if (pg) {
		assert_int_equal(app_export(app, APP_ORGS, o1, false, &rows, &errs), PTDV_OK);
		assert_int_equal(app_export(app, APP_MEMBERS, m1, false, &rows, &errs), PTDV_OK);
		assert_int_equal(store_audit_count(app->st, &audit_before), PTDV_OK);
	}
	app_close(app);
	char *before = pg ? NULL : tu_read(url, &n0);
	assert_true(pg || before);

	app = tu_app_at(url, tu_date("2024-04-22"));
	char *text = members_file(7, BAD[0].row);
	char *csv = tu_path("m7.csv");
	tu_write(csv, text);
	assert_int_equal(app_import(app, APP_MEMBERS, csv, false, &res, &errs), PTDV_INVALID);
	assert_true(has_msg(&errs, 7, "Ngày kết nạp", "31/02/2023"));
	/* Five good rows counted, the bad one rejected, nothing written. */
	assert_false(res.written);
	assert_int_equal(res.added, 5);
	assert_int_equal(res.rejected, 1);
	if (pg) {
		assert_int_equal(store_audit_count(app->st, &audit_after), PTDV_OK);
		assert_int_equal(audit_after, audit_before);
		assert_int_equal(app_export(app, APP_ORGS, o2, false, &rows, &errs), PTDV_OK);
		assert_int_equal(app_export(app, APP_MEMBERS, m2, false, &rows, &errs), PTDV_OK);
	}
	app_close(app);

	if (pg) {
		char *a = tu_read(o1, NULL), *b = tu_read(o2, NULL);
		assert_string_equal(a, b);
		free(a);
		free(b);
		a = tu_read(m1, NULL);
		b = tu_read(m2, NULL);
		assert_string_equal(a, b);
		free(a);
		free(b);
	} else {
		char *after = tu_read(url, &n1);
		assert_int_equal(n0, n1);
		assert_memory_equal(before, after, n0);
		free(after);
	}
	free(before);
	free(text);
	free(csv);
	free(o1);
	free(o2);
	free(m1);
	free(m2);
	free(url);
	msgs_free(&errs);
}

static void test_header(void **state)
{
	(void)state;
	struct app *app = with_orgs("header.db");
	struct msgs errs;
	msgs_init(&errs, 0);
	/* Headers are matched ignoring case, accents and blanks; extra columns are ignored. */
	const char *ok = "HO VA TEN, gioi tinh ,Mã Tổ Chức,ngay ket nap,Ghi chú\n"
			 "Đỗ Văn Hải,Nam,B2,01/01/2020,xyz\n";
	assert_int_equal(tu_import(app, APP_MEMBERS, "h.csv", ok, &errs), PTDV_OK);
	msgs_free(&errs);
	/* A missing required column is named. */
	const char *missing = "Họ và tên,Giới tính,Mã tổ chức\nĐỗ Văn Hải,Nam,B2\n";
	assert_int_equal(tu_import(app, APP_MEMBERS, "h2.csv", missing, &errs), PTDV_INVALID);
	assert_true(has_msg(&errs, 1, "Ngày kết nạp", "thiếu cột bắt buộc"));
	msgs_free(&errs);
	/* A malformed CSV record is reported with its line. */
	const char *quote = "Họ và tên,Giới tính,Mã tổ chức,Ngày kết nạp\n"
			    "Đỗ Văn Hải,Nam,B2,01/01/2020\n\"Đỗ Văn Hà,Nam,B2,01/01/2020\n";
	assert_int_equal(tu_import(app, APP_MEMBERS, "h3.csv", quote, &errs), PTDV_INVALID);
	assert_int_equal(errs.n, 1);
	assert_int_equal(errs.v[0].line, 3);
	msgs_free(&errs);
	/* Invalid UTF-8 names its column. */
	const char *latin1 = "Họ và tên,Giới tính,Mã tổ chức,Ngày kết nạp\n"
			     "\xD0\xF5 V\xE3n H\xE0,Nam,B2,01/01/2020\n";
	assert_int_equal(tu_import(app, APP_MEMBERS, "h4.csv", latin1, &errs), PTDV_INVALID);
	assert_true(has_msg(&errs, 2, "Họ và tên", "UTF-8"));
	msgs_free(&errs);
	/* An empty file. */
	assert_int_equal(tu_import(app, APP_MEMBERS, "h5.csv", "", &errs), PTDV_INVALID);
	assert_int_equal(errs.n, 1);
	msgs_free(&errs);
	app_close(app);
}

static void test_bad_orgs(void **state)
{
	(void)state;
	struct app *app = tu_app("orgs.db", tu_date("2024-04-22"));
	struct msgs errs;
	msgs_init(&errs, 0);
	const char *text = "Mã tổ chức,Tên tổ chức,Loại,Mã cấp trên,Ngày thành lập,Ngày giải thể\n"
			   "T,Tỉnh,Đảng bộ cấp trên,,,\n"       /* 2 ok */
			   "A,Phường A,Đảng bộ cơ sở,,,\n"      /* 3 no parent */
			   "B,Phường B,Đảng bộ cơ sở,Q,,\n"     /* 4 unknown parent */
			   "C,Chi bộ C,Chi bộ trực thuộc,T,,\n" /* 5 wrong level */
			   "D,Phường D,Loại lạ,T,,\n"           /* 6 bad kind */
			   "T,Tỉnh 2,Đảng bộ cấp trên,,,\n"     /* 7 dup code */
			   "E,Phường E,Đảng bộ cơ sở,T,01/01/2020,01/01/2019\n" /* 8 dates */
			   "X,X,Đảng bộ cấp trên,Y,,\n"                         /* 9 cycle */
			   "Y,Y,Đảng bộ cấp trên,X,,\n";                        /* 10 cycle */
	assert_int_equal(tu_import(app, APP_ORGS, "o.csv", text, &errs), PTDV_INVALID);
	bool ok = has_msg(&errs, 3, "Mã cấp trên", "phải có mã cấp trên") &&
		  has_msg(&errs, 4, "Mã cấp trên", "'Q'") &&
		  has_msg(&errs, 5, "Mã cấp trên", "không thể trực thuộc") &&
		  has_msg(&errs, 6, "Loại", "'Loại lạ' không hợp lệ") &&
		  has_msg(&errs, 7, "Mã tổ chức", "trùng với dòng 2") &&
		  has_msg(&errs, 8, "Ngày giải thể", "không sau ngày thành lập") &&
		  has_msg(&errs, 9, "Mã cấp trên", "vòng lặp") &&
		  has_msg(&errs, 10, "Mã cấp trên", "vòng lặp");
	if (!ok) {
		dump(&errs);
		fail();
	}
	msgs_free(&errs);
	app_close(app);
}

/* Export → import into an empty database → export gives identical bytes. */
static void test_round_trip(void **state)
{
	(void)state;
	struct app *a = with_orgs("rt1.db");
	struct msgs errs;
	int64_t rows;
	msgs_init(&errs, 0);
	char *text = members_file(0, NULL);
	assert_int_equal(tu_import(a, APP_MEMBERS, "m.csv", text, &errs), PTDV_OK);
	char *o1 = tu_path("o1.csv"), *m1 = tu_path("m1.csv");
	char *o2 = tu_path("o2.csv"), *m2 = tu_path("m2.csv");
	assert_int_equal(app_export(a, APP_ORGS, o1, false, &rows, &errs), PTDV_OK);
	assert_int_equal(rows, 6);
	assert_int_equal(app_export(a, APP_MEMBERS, m1, false, &rows, &errs), PTDV_OK);
	assert_int_equal(rows, 6);
	app_close(a);

	struct app *b = tu_app("rt2.db", tu_date("2024-04-22"));
	struct app_import_result res;
	assert_int_equal(app_import(b, APP_ORGS, o1, false, &res, &errs), PTDV_OK);
	assert_int_equal(app_import(b, APP_MEMBERS, m1, false, &res, &errs), PTDV_OK);
	assert_int_equal(app_export(b, APP_ORGS, o2, false, &rows, &errs), PTDV_OK);
	assert_int_equal(app_export(b, APP_MEMBERS, m2, false, &rows, &errs), PTDV_OK);
	app_close(b);
	size_t n1, n2;
	char *x1 = tu_read(o1, &n1), *x2 = tu_read(o2, &n2);
	assert_string_equal(x1, x2);
	free(x1);
	free(x2);
	x1 = tu_read(m1, &n1);
	x2 = tu_read(m2, &n2);
	assert_string_equal(x1, x2);
	/* The comma inside a quoted occupation survives. */
	assert_non_null(strstr(x1, "\"Cán bộ, công chức, viên chức\""));
	free(x1);
	free(x2);
	free(o1);
	free(o2);
	free(m1);
	free(m2);
	free(text);
	msgs_free(&errs);
}

/* The same data through an .xlsx file: export, import into an empty database, export as
 * CSV again — identical to the CSV export of the original. */
static void test_xlsx_round_trip(void **state)
{
	(void)state;
	struct app *a = with_orgs("xrt1.db");
	struct msgs errs;
	int64_t rows;
	struct app_import_result res;
	msgs_init(&errs, 0);
	char *text = members_file(0, NULL);
	assert_int_equal(tu_import(a, APP_MEMBERS, "xm.csv", text, &errs), PTDV_OK);
	char *ox = tu_path("o.xlsx"), *mx = tu_path("m.xlsx"), *m1 = tu_path("xm1.csv"),
	     *m2 = tu_path("xm2.csv");
	assert_int_equal(app_export(a, APP_ORGS, ox, false, &rows, &errs), PTDV_OK);
	assert_int_equal(app_export(a, APP_MEMBERS, mx, false, &rows, &errs), PTDV_OK);
	assert_int_equal(rows, 6);
	assert_int_equal(app_export(a, APP_MEMBERS, m1, false, &rows, &errs), PTDV_OK);
	app_close(a);
	struct app *b = tu_app("xrt2.db", tu_date("2024-04-22"));
	assert_int_equal(app_import(b, APP_ORGS, ox, false, &res, &errs), PTDV_OK);
	assert_int_equal(app_import(b, APP_MEMBERS, mx, false, &res, &errs), PTDV_OK);
	assert_int_equal(res.added, 6);
	assert_int_equal(app_export(b, APP_MEMBERS, m2, false, &rows, &errs), PTDV_OK);
	app_close(b);
	char *x1 = tu_read(m1, NULL), *x2 = tu_read(m2, NULL);
	assert_string_equal(x1, x2);
	/* A sheet that does not exist is named, with the sheets there are. */
	struct app *c = tu_app("xrt3.db", tu_date("2024-04-22"));
	struct app_import_options opt = {.sheet = "Không có"};
	msgs_free(&errs);
	assert_int_not_equal(app_import_opts(c, APP_ORGS, ox, &opt, false, &res, &errs), PTDV_OK);
	assert_true(errs.n > 0 && strstr(errs.v[0].text, "Không có") != NULL);
	app_close(c);
	free(x1);
	free(x2);
	free(ox);
	free(mx);
	free(m1);
	free(m2);
	free(text);
	msgs_free(&errs);
}

/*
 * Writes an .xlsx members sheet as an office makes one: a merged title on row 1, the header
 * on row 3, then rows[] from row 4, where a cell "#serial" is a number shown as a date, "=…"
 * a formula, anything else a string.
 */
static void write_sheet(const char *path, const char *const *rows, size_t nrows)
{
	lxw_workbook *wb = workbook_new(path);
	lxw_worksheet *ws = workbook_add_worksheet(wb, "Danh sách");
	lxw_format *date = workbook_add_format(wb);
	format_set_num_format(date, "dd/mm/yyyy");
	assert_int_equal(
		worksheet_merge_range(ws, 0, 0, 0, 15, "DANH SÁCH ĐẢNG VIÊN", NULL), LXW_NO_ERROR);
	char *hdr = strdup(MEMBER_HEADER);
	hdr[strlen(hdr) - 1] = '\0';
	char *save = NULL;
	lxw_col_t col = 0;
	for (char *t = strtok_r(hdr, ",", &save); t; t = strtok_r(NULL, ",", &save))
		worksheet_write_string(ws, 2, col++, t, NULL);
	free(hdr);
	for (size_t r = 0; r < nrows; r++) {
		char *row = strdup(rows[r]);
		col = 0;
		for (char *p = row, *next; p; p = next, col++) {
			next = strchr(p, ';');
			if (next)
				*next++ = '\0';
			if (!*p)
				continue;
			if (*p == '#')
				worksheet_write_number(
					ws, (lxw_row_t)r + 3, col, atof(p + 1), date);
			else if (*p == '=')
				worksheet_write_formula_str(
					ws, (lxw_row_t)r + 3, col, p, NULL, "Kinh");
			else
				worksheet_write_string(ws, (lxw_row_t)r + 3, col, p, NULL);
		}
		free(row);
	}
	assert_int_equal(workbook_close(wb), LXW_NO_ERROR);
}

/* Cells are separated by ';' (the names have commas). */
static const char
	XGOOD[] = /* row 4: birth 15/03/1980 = serial 29295, decision 01/02/2010 = 40210 */
	"Nguyễn Văn An;Nam;#29295;027080000001;Kinh;Không;B1-C1;#40210;15/02/2010;2011-02-15;"
	"10000001;Công nhân;THPT;Không;;";

static void test_xlsx_cells(void **state)
{
	(void)state;
	static const char *const bad[] = {
		XGOOD,
		/* row 5: a date that does not exist, as text */
		"Trần Thị Bình;Nữ;20/07/1995;027195000002;Kinh;;B1-C1;10/05/2020;31/02/2020;;;;;;;",
		/* row 6: an org that does not exist */
		"Lê Văn Cường;Nam;01/01/1960;027060000003;Tày;;KHONG-CO;;15/01/1990;;;;;;;",
		/* row 7: the citizen ID of row 4 again */
		"Nguyễn Văn Ân;Nam;15/03/1980;027080000001;Kinh;;B1-C1;;15/02/2010;;;;;;;",
		/* row 8: a formula */
		"Phạm Thị Dung;Nữ;02/02/2000;027300000004;=\"Kinh\";;B1-C1;;10/03/2023;;;;;;;",
	};
	static const struct {
		long line;
		const char *col, *text;
	} want[] = {
		{5, "Ngày kết nạp",
			"'31/02/2020' không phải ngày hợp lệ (dd/mm/yyyy hoặc yyyy-mm-dd)"},
		{6, "Mã tổ chức", "không tìm thấy tổ chức có mã 'KHONG-CO'"},
		{7, "Số CCCD", "số CCCD '027080000001' trùng với dòng 4"},
		{8, "Dân tộc",
			"ô chứa công thức Excel; hãy dán giá trị (Paste Values) thay cho công thức"},
	};
	char *path = tu_path("cells.xlsx"), *good = tu_path("good.xlsx"), *csv = tu_path("g.csv");
	struct app_import_result res;
	struct msgs errs;
	int64_t rows;
	msgs_init(&errs, 0);
	write_sheet(path, bad, sizeof(bad) / sizeof(bad[0]));
	struct app *app = with_orgs("cells.db");

	/* Without --header-row the merged title is taken for the header. */
	assert_int_equal(app_import(app, APP_MEMBERS, path, false, &res, &errs), PTDV_INVALID);
	assert_true(has_msg(&errs, 1, "Họ và tên", "thiếu cột bắt buộc trong dòng tiêu đề"));
	msgs_free(&errs);

	struct app_import_options opt = {.header_row = 3};
	msgs_init(&errs, 0);
	assert_int_equal(
		app_import_opts(app, APP_MEMBERS, path, &opt, false, &res, &errs), PTDV_INVALID);
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		if (!has_msg(&errs, want[i].line, want[i].col, want[i].text)) {
			dump(&errs);
			fail_msg("row %ld: no '%s'", want[i].line, want[i].text);
		}
	}
	for (size_t i = 0; i < errs.n; i++)
		assert_int_not_equal(errs.v[i].line, 4); /* the good row, serial dates and all */
	assert_int_equal(res.rejected, 4);
	assert_false(res.written);
	msgs_free(&errs);

	/* The good row alone imports; its serial dates are the days they show. */
	write_sheet(good, bad, 1);
	msgs_init(&errs, 0);
	assert_int_equal(
		app_import_opts(app, APP_MEMBERS, good, &opt, false, &res, &errs), PTDV_OK);
	assert_int_equal(res.added, 1);
	assert_int_equal(app_export(app, APP_MEMBERS, csv, false, &rows, &errs), PTDV_OK);
	char *text = tu_read(csv, NULL);
	assert_non_null(strstr(text, "Nguyễn Văn An,Nam,15/03/1980,027080000001,Kinh,Không,B1-C1,"
				     "01/02/2010,15/02/2010,15/02/2011,10000001,"));
	free(text);
	msgs_free(&errs);
	app_close(app);
	free(path);
	free(good);
	free(csv);
}

/*
 * Members already in the database: a dry run reports and writes nothing; the import then
 * updates with the non-empty cells only and audits before and after; possible duplicates
 * are warnings naming both; a cancelled import writes nothing.
 */
static void test_upsert(void **state)
{
	(void)state;
	struct app *app = with_orgs("upsert.db");
	struct msgs errs, changes, warnings;
	struct app_import_result res;
	int64_t audit0, audit1, rows;
	msgs_init(&errs, 0);
	msgs_init(&changes, 0);
	msgs_init(&warnings, 0);
	char *text = members_file(0, NULL);
	assert_int_equal(tu_import(app, APP_MEMBERS, "m.csv", text, &errs), PTDV_OK);
	free(text);
	char *before = tu_path("up-before.csv"), *after = tu_path("up-after.csv");
	assert_int_equal(app_export(app, APP_MEMBERS, before, false, &rows, &errs), PTDV_OK);

	/* Line 2 changes An's education; line 3 names Bình by card number alone with empty
	 * cells; line 4 is new and shares Dung's name and birth date (no ID). */
	char *up = tu_path("up.csv");
	tu_write(up, "Họ và tên,Giới tính,Số CCCD,Mã tổ chức,Trình độ học vấn,Số thẻ đảng viên,"
		     "Ngày kết nạp,Ngày sinh\n"
		     "Nguyễn Văn An,Nam,027080000001,B1-C1,Đại học,,,\n"
		     "Trần Thị Bình,Nữ,,B2,,10000002,,\n"
		     "PHẠM THỊ DUNG,Nữ,,B1-C1,,,01/04/2023,02/02/2000\n");
	struct app_import_options opt = {
		.dry_run = true, .changes = &changes, .warnings = &warnings};
	assert_int_equal(store_audit_count(app->st, &audit0), PTDV_OK);
	assert_int_equal(app_import_opts(app, APP_MEMBERS, up, &opt, false, &res, &errs), PTDV_OK);
	assert_int_equal(res.added, 1);
	assert_int_equal(res.changed, 1);
	assert_int_equal(res.unchanged, 1);
	assert_int_equal(res.rejected, 0);
	assert_int_equal(res.warnings, 1);
	assert_false(res.written);
	assert_int_equal(changes.n, 1);
	assert_int_equal(changes.v[0].line, 2);
	assert_string_equal(changes.v[0].text,
		"sửa 'Nguyễn Văn An' (số CCCD 027080000001): Trình độ học vấn: 'THPT' → 'Đại học'");
	assert_int_equal(warnings.n, 1);
	assert_int_equal(warnings.v[0].line, 4);
	assert_non_null(strstr(warnings.v[0].text, "cơ sở dữ liệu đã có 'Phạm Thị Dung', số CCCD "
						   "027300000004, số thẻ 10000004, sinh hoạt ở "
						   "'B1-C1'"));
	assert_non_null(strstr(warnings.v[0].text, "chỉ cảnh báo"));
	assert_int_equal(store_audit_count(app->st, &audit1), PTDV_OK);
	assert_int_equal(audit1, audit0);
	assert_int_equal(app_export(app, APP_MEMBERS, after, false, &rows, &errs), PTDV_OK);
	char *a = tu_read(before, NULL), *b = tu_read(after, NULL);
	assert_string_equal(a, b); /* the dry run wrote nothing */
	free(b);

	/* A cancelled import writes nothing either. */
	volatile int cancel = 1;
	app->cancel = &cancel;
	opt.dry_run = false;
	assert_int_equal(
		app_import_opts(app, APP_MEMBERS, up, &opt, false, &res, &errs), PTDV_CANCELLED);
	assert_non_null(strstr(errs.v[0].text, "đã hủy theo yêu cầu; không có gì được ghi"));
	app->cancel = NULL;
	msgs_free(&errs);
	msgs_init(&errs, 0);
	assert_int_equal(app_export(app, APP_MEMBERS, after, false, &rows, &errs), PTDV_OK);
	b = tu_read(after, NULL);
	assert_string_equal(a, b);
	free(b);

	/* The import: one update (audited with the changed column), one new person. */
	assert_int_equal(store_audit_count(app->st, &audit0), PTDV_OK);
	assert_int_equal(app_import_opts(app, APP_MEMBERS, up, &opt, false, &res, &errs), PTDV_OK);
	assert_int_equal(store_audit_count(app->st, &audit1), PTDV_OK);
	assert_int_equal(audit1, audit0 + 2); /* the update, and the file */
	assert_true(res.written);
	assert_int_equal(res.added + res.changed + res.unchanged, 3);
	assert_int_equal(app_export(app, APP_MEMBERS, after, false, &rows, &errs), PTDV_OK);
	assert_int_equal(rows, 7);
	b = tu_read(after, NULL);
	assert_non_null(strstr(b, "Nguyễn Văn An,Nam,15/03/1980,027080000001,Kinh,Không,B1-C1,"
				  "01/02/2010,15/02/2010,15/02/2011,10000001,Công nhân,Đại học,"));
	/* Bình's empty cells kept her values. */
	assert_non_null(strstr(b, "Trần Thị Bình,Nữ,20/07/1995,027195000002,Kinh,Phật giáo,B2,"));
	free(b);
	free(a);

	/* A card number of one member with the citizen ID of another is refused. */
	tu_write(up, "Họ và tên,Giới tính,Số CCCD,Mã tổ chức,Số thẻ đảng viên,Ngày kết nạp\n"
		     "Nguyễn Văn An,Nam,027080000001,B1-C1,10000002,\n");
	msgs_free(&errs);
	msgs_init(&errs, 0);
	assert_int_equal(app_import(app, APP_MEMBERS, up, false, &res, &errs), PTDV_INVALID);
	if (!has_msg(&errs, 2, "Số thẻ đảng viên", "thuộc một đảng viên khác")) {
		dump(&errs);
		fail();
	}
	msgs_free(&errs);
	msgs_free(&changes);
	msgs_free(&warnings);
	free(up);
	free(before);
	free(after);
	app_close(app);
}

/*
 * Repeats within a file loaded into a database that already holds people (rows are written
 * as they come): the second row with an ID, a card or a name and birth date of an earlier
 * row is reported against that row once, not as a person of the database.
 */
static void test_repeats_over_people(void **state)
{
	(void)state;
	struct app *app = with_orgs("repeats.db");
	struct msgs errs, warnings;
	struct app_import_result res;
	msgs_init(&errs, 0);
	msgs_init(&warnings, 0);
	char *text = members_file(0, NULL);
	assert_int_equal(tu_import(app, APP_MEMBERS, "m.csv", text, &errs), PTDV_OK);
	free(text);
	char *f = tu_path("repeats.csv");
	tu_write(f,
		"Họ và tên,Giới tính,Ngày sinh,Số CCCD,Mã tổ chức,Ngày kết nạp,Số thẻ đảng viên\n"
		"Đỗ Văn Hải,Nam,01/01/1990,027090000111,B2,01/06/2020,20000001\n"
		"Đỗ Văn Hải,Nam,01/01/1990,027090000111,B2,01/06/2020,20000002\n"
		"Ngô Thị Lan,Nữ,02/02/1992,,B2,01/06/2021,20000001\n"
		"NGÔ THỊ LAN,Nữ,02/02/1992,,B1-C1,01/07/2021,\n");
	struct app_import_options opt = {.warnings = &warnings};
	assert_int_equal(
		app_import_opts(app, APP_MEMBERS, f, &opt, false, &res, &errs), PTDV_INVALID);
	if (errs.n != 2 ||
		!has_msg(&errs, 3, "Số CCCD", "số CCCD '027090000111' trùng với dòng 2") ||
		!has_msg(&errs, 4, "Số thẻ đảng viên", "số thẻ '20000001' trùng với dòng 2")) {
		dump(&errs);
		fail();
	}
	assert_int_equal(res.rejected, 2);
	assert_false(res.written);
	/* Lines 3 and 5 repeat a name and birth date of the file: one warning each, none
	 * naming a person of the database. */
	assert_int_equal(warnings.n, 2);
	assert_int_equal(warnings.v[0].line, 3);
	assert_int_equal(warnings.v[1].line, 5);
	assert_non_null(strstr(warnings.v[1].text, "có thể trùng người với dòng 4"));
	for (size_t i = 0; i < warnings.n; i++)
		assert_null(strstr(warnings.v[i].text, "cơ sở dữ liệu đã có"));
	msgs_free(&errs);
	msgs_free(&warnings);
	free(f);
	app_close(app);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good_files),
		cmocka_unit_test(test_bad_lines),
		cmocka_unit_test(test_rejected_file_changes_no_byte),
		cmocka_unit_test(test_header),
		cmocka_unit_test(test_bad_orgs),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_xlsx_round_trip),
		cmocka_unit_test(test_xlsx_cells),
		cmocka_unit_test(test_upsert),
		cmocka_unit_test(test_repeats_over_people),
	};
	return cmocka_run_group_tests_name("import", tests, NULL, NULL);
}
