/*
 * test_asof.c — counting as of a date, at the boundaries: the day before, of and after a
 * ceremony, an official date, an exit, a dissolution, a decision and a term start.
 */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/summary.h"
#include "store/store.h"

static const char ORGS[] = "Mã tổ chức,Tên tổ chức,Loại,Mã cấp trên,Ngày thành lập,Ngày giải thể\n"
			   "T,Tỉnh,Đảng bộ cấp trên,,,\n"
			   "C,Thành phố,Đảng bộ cấp trên,T,,\n"
			   "B1,Chi bộ Một,Chi bộ cơ sở,C,01/01/2000,\n"
			   "B2,Chi bộ Hai,Chi bộ cơ sở,C,01/01/2000,15/06/2024\n"
			   "O,Huyện khác,Đảng bộ cấp trên,T,,\n"
			   "O1,Chi bộ huyện khác,Chi bộ cơ sở,O,,\n";

/*
 * A: decision 01/03/2024, ceremony 10/03/2024, official 10/03/2025, woman.
 * B: ceremony 01/01/2010 (no decision date), official 01/01/2011, exit 20/05/2024.
 * C: in B2 (dissolved 15/06/2024), ceremony 01/01/2015, official 01/01/2016.
 */
static const char MEMBERS[] =
	"Họ và tên,Giới tính,Ngày sinh,Mã tổ chức,Ngày quyết định kết nạp,Ngày kết nạp,"
	"Ngày chính thức,Ngày ra khỏi Đảng,Lý do\n"
	"Ngô Thị A,Nữ,01/01/1990,B1,01/03/2024,10/03/2024,10/03/2025,,\n"
	"Đinh Văn B,Nam,01/01/1970,B1,,01/01/2010,01/01/2011,20/05/2024,Từ trần\n"
	"Lý Văn C,Nam,01/01/1980,B2,,01/01/2015,01/01/2016,,\n";

static struct app *app;

static int setup(void **state)
{
	(void)state;
	struct msgs errs;
	msgs_init(&errs, 0);
	app = tu_app("asof.db", date_from_ymd(2026, 1, 1));
	assert_int_equal(tu_import(app, APP_ORGS, "asof-o.csv", ORGS, &errs), PTDV_OK);
	assert_int_equal(tu_import(app, APP_MEMBERS, "asof-m.csv", MEMBERS, &errs), PTDV_OK);
	assert_int_equal(app_term_add(app, "C", "2020–2025", date_from_ymd(2020, 10, 1),
				 date_from_ymd(2025, 9, 30), 10, &errs),
		PTDV_OK);
	msgs_free(&errs);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	app_close(app);
	return 0;
}

static struct summary at(const char *iso)
{
	struct summary s;
	struct msgs errs;
	msgs_init(&errs, 0);
	assert_int_equal(app_report_summary(app, "C", tu_date(iso), &s, &errs), PTDV_OK);
	msgs_free(&errs);
	return s;
}

struct expect {
	const char *date;
	int64_t members, official, women, base_cells, term_admitted;
};

static void test_boundaries(void **state)
{
	(void)state;
	static const struct expect E[] = {
		/* decision of A on 01/03/2024: admitted counts, membership does not yet */
		{"2024-02-29", 2, 2, 0, 2, 0},
		{"2024-03-01", 2, 2, 0, 2, 1},
		/* ceremony of A on 10/03/2024 */
		{"2024-03-09", 2, 2, 0, 2, 1},
		{"2024-03-10", 3, 2, 1, 2, 1},
		{"2024-03-11", 3, 2, 1, 2, 1},
		/* exit of B on 20/05/2024 (exclusive) */
		{"2024-05-19", 3, 2, 1, 2, 1},
		{"2024-05-20", 2, 1, 1, 2, 1},
		{"2024-05-21", 2, 1, 1, 2, 1},
		/* B2 dissolved on 15/06/2024: the org stops counting; C still placed there */
		{"2024-06-14", 2, 1, 1, 2, 1},
		{"2024-06-15", 2, 1, 1, 1, 1},
		/* official date of A on 10/03/2025 */
		{"2025-03-09", 2, 1, 1, 1, 1},
		{"2025-03-10", 2, 2, 1, 1, 1},
	};
	for (size_t i = 0; i < sizeof(E) / sizeof(E[0]); i++) {
		struct summary s = at(E[i].date);
		if (s.members != E[i].members || s.official != E[i].official ||
			s.women != E[i].women || s.base_cells != E[i].base_cells ||
			s.term_admitted != E[i].term_admitted) {
			fprintf(stderr,
				"%s: members %lld official %lld women %lld cells %lld admitted %lld\n",
				E[i].date, (long long)s.members, (long long)s.official,
				(long long)s.women, (long long)s.base_cells,
				(long long)s.term_admitted);
			fail();
		}
		assert_int_equal(s.probationary, s.members - s.official);
		report_summary_free(&s);
	}
}

static void test_term_and_years(void **state)
{
	(void)state;
	/* Before the term: no term. */
	struct summary s = at("2020-09-30");
	assert_false(s.has_term);
	assert_int_equal(s.nyears, 1);
	report_summary_free(&s);
	s = at("2024-04-22");
	assert_true(s.has_term);
	assert_string_equal(s.term_name, "2020–2025");
	assert_int_equal(s.term_target, 10);
	assert_int_equal(s.nyears, 5); /* 2020..2024 */
	assert_int_equal(s.years[0].year, 2020);
	assert_int_equal(s.years[4].admitted, 1);
	assert_int_equal(s.years[4].admitted_women, 1);
	report_summary_free(&s);
}

static void test_share_of_superior(void **state)
{
	(void)state;
	struct msgs errs;
	msgs_init(&errs, 0);
	/* Without a recorded total the superior's whole tree counts: C has 2 of T's 2. */
	struct summary s = at("2024-04-22");
	assert_true(s.has_share);
	assert_int_equal(s.superior_members, 3);
	report_summary_free(&s);
	/* A recorded total wins from its date on. */
	assert_int_equal(app_org_set_total(app, "T", tu_date("2024-04-01"), 20, &errs), PTDV_OK);
	s = at("2024-03-31");
	assert_int_equal(s.superior_members, 3);
	report_summary_free(&s);
	s = at("2024-04-01");
	assert_int_equal(s.superior_members, 20);
	assert_true(s.share_pct > 14.99 && s.share_pct < 15.01);
	report_summary_free(&s);
	msgs_free(&errs);
}

/* Later events never change what an earlier date reports. */
static void test_later_events_change_nothing(void **state)
{
	(void)state;
	struct buf before = BUF_INIT, after = BUF_INIT;
	struct summary s = at("2024-04-22");
	report_summary_json(&s, &before);
	report_summary_free(&s);
	struct msgs errs;
	msgs_init(&errs, 0);
	const char *later = "Họ và tên,Giới tính,Ngày sinh,Mã tổ chức,Ngày quyết định kết nạp,"
			    "Ngày kết nạp\n"
			    "Mai Thị D,Nữ,01/01/2000,B1,23/04/2024,01/05/2024\n";
	assert_int_equal(tu_import(app, APP_MEMBERS, "later.csv", later, &errs), PTDV_OK);
	s = at("2024-04-22");
	report_summary_json(&s, &after);
	report_summary_free(&s);
	assert_string_equal(before.s, after.s);
	s = at("2024-05-01");
	assert_int_equal(s.members, 4); /* A, B (leaves 20/05), C and the new D */
	report_summary_free(&s);
	buf_free(&before);
	buf_free(&after);
	msgs_free(&errs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_boundaries),
		cmocka_unit_test(test_term_and_years),
		cmocka_unit_test(test_share_of_superior),
		cmocka_unit_test(test_later_events_change_nothing),
	};
	return cmocka_run_group_tests_name("asof", tests, setup, teardown);
}
