/*
 * test_import.c — the CSV importer: good files, every kind of bad line, all-or-nothing,
 * and export → import → export giving the same bytes.
 */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
	};
	return cmocka_run_group_tests_name("import", tests, NULL, NULL);
}
