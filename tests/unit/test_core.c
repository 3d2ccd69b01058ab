/*
 * test_core.c — core rules on plain structs: vocabularies parse back to themselves, the
 * hierarchy's shape, org lifetimes, citizen IDs and the facts between a member's dates.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "core/member.h"
#include "core/org.h"
#include "core/person.h"
#include "util/msgs.h"
#include "util/vn.h"

static void test_vocabularies_round_trip(void **state)
{
	(void)state;
	for (int k = 1; k < ORG_KIND__MAX; k++) {
		enum org_kind got;
		const char *name = core_org_kind_name((enum org_kind)k);
		assert_int_equal(core_org_kind_parse(name, strlen(name), &got), PTDV_OK);
		assert_int_equal(got, k);
	}
	for (int e = 1; e < EDU__MAX; e++) {
		enum education got;
		const char *name = core_education_name((enum education)e);
		assert_int_equal(core_education_parse(name, strlen(name), &got), PTDV_OK);
		assert_int_equal(got, e);
	}
	for (int o = 1; o < OCC__MAX; o++) {
		enum occupation got;
		const char *name = core_occupation_name((enum occupation)o);
		assert_int_equal(core_occupation_parse(name, strlen(name), &got), PTDV_OK);
		assert_int_equal(got, o);
	}
	for (int g = 1; g < GENDER__MAX; g++) {
		enum gender got;
		const char *name = core_gender_name((enum gender)g);
		assert_int_equal(core_gender_parse(name, strlen(name), &got), PTDV_OK);
		assert_int_equal(got, g);
	}
	enum org_kind k;
	assert_int_equal(core_org_kind_parse("  CHI BO co so ", 15, &k), PTDV_OK);
	assert_int_equal(k, ORG_BASE_CELL);
	assert_int_equal(core_org_kind_parse("Chi bộ", 8, &k), PTDV_INVALID);
	enum education e;
	assert_int_equal(core_education_parse("12/12", 5, &e), PTDV_OK);
	assert_int_equal(e, EDU_UPPER_SECONDARY);
	assert_int_equal(core_education_parse("", 0, &e), PTDV_OK);
	assert_int_equal(e, EDU_NONE);
	enum tristate t;
	assert_int_equal(core_tristate_parse("có", strlen("có"), &t), PTDV_OK);
	assert_int_equal(t, TRI_YES);
	assert_int_equal(core_tristate_parse("", 0, &t), PTDV_OK);
	assert_int_equal(t, TRI_UNKNOWN);
	assert_int_equal(core_tristate_parse("maybe", 5, &t), PTDV_INVALID);
}

static void test_hierarchy(void **state)
{
	(void)state;
	assert_true(core_org_parent_allowed(ORG_SUPERIOR, ORG_BASE_COMMITTEE));
	assert_true(core_org_parent_allowed(ORG_SUPERIOR, ORG_BASE_CELL));
	assert_true(core_org_parent_allowed(ORG_BASE_COMMITTEE, ORG_CELL));
	assert_true(core_org_parent_allowed(ORG_SUB_COMMITTEE, ORG_CELL));
	assert_false(core_org_parent_allowed(ORG_SUPERIOR, ORG_CELL));
	assert_false(core_org_parent_allowed(ORG_BASE_CELL, ORG_CELL));
	assert_false(core_org_parent_allowed(ORG_CELL, ORG_CELL));
	struct org o = {
		.founded = date_from_ymd(2000, 1, 1), .dissolved = date_from_ymd(2020, 1, 1)};
	assert_false(core_org_alive(&o, date_from_ymd(1999, 12, 31)));
	assert_true(core_org_alive(&o, date_from_ymd(2000, 1, 1)));
	assert_true(core_org_alive(&o, date_from_ymd(2019, 12, 31)));
	assert_false(core_org_alive(&o, date_from_ymd(2020, 1, 1)));
}

/*
 * fuzz_cid crash-7163ed34…: a 13-byte ID ending in byte 0xFA was quoted in the message,
 * which then was not UTF-8 (a page or JSON body could not show it). A refused ID is now
 * quoted only when it is short, valid UTF-8 text; otherwise the message describes it.
 */
static void test_fuzz_cid_crash_7163ed34(void **state)
{
	(void)state;
	struct msgs m;
	msgs_init(&m, 0);
	assert_int_equal(core_citizen_id_check("02709500123\xfa"
					       "5",
				 0, DATE_NONE, 1, &m),
		1);
	assert_int_equal(core_citizen_id_check("0270950012\x01", 0, DATE_NONE, 1, &m), 1);
	assert_int_equal(core_citizen_id_check("0270 9500 1234", 0, DATE_NONE, 1, &m), 1);
	assert_int_equal(msgs_count(&m), 3);
	for (size_t i = 0; i < m.n; i++)
		assert_true(vn_utf8_valid(m.v[i].text, strlen(m.v[i].text)));
	assert_null(strstr(m.v[0].text, "'"));
	assert_non_null(strstr(m.v[0].text, "13 byte"));
	assert_null(strchr(m.v[1].text, '\x01'));
	/* Printable text is still quoted, so the user sees what was refused. */
	assert_non_null(strstr(m.v[2].text, "'0270 9500 1234'"));
	msgs_free(&m);
}

static void test_citizen_id(void **state)
{
	(void)state;
	struct msgs m;
	char id[13];
	msgs_init(&m, 0);
	core_citizen_id_make(id, 27, GENDER_FEMALE, 2001, 42);
	assert_string_equal(id, "027301000042");
	assert_int_equal(
		core_citizen_id_check(id, GENDER_FEMALE, date_from_ymd(2001, 5, 1), 1, &m), 0);
	assert_int_equal(
		core_citizen_id_check(id, GENDER_MALE, date_from_ymd(2001, 5, 1), 1, &m), 1);
	assert_int_equal(
		core_citizen_id_check(id, GENDER_FEMALE, date_from_ymd(2002, 5, 1), 1, &m), 1);
	assert_int_equal(core_citizen_id_check("02730100004", 0, DATE_NONE, 1, &m), 1);
	assert_int_equal(core_citizen_id_check("02730100004x", 0, DATE_NONE, 1, &m), 1);
	assert_int_equal(core_citizen_id_check("000301000042", 0, DATE_NONE, 1, &m), 1);
	assert_int_equal(core_citizen_id_check("097301000042", 0, DATE_NONE, 1, &m), 1);
	core_citizen_id_make(id, 1, GENDER_MALE, 1899, 1);
	assert_string_equal(id, "001899000001");
	assert_int_equal(
		core_citizen_id_check(id, GENDER_MALE, date_from_ymd(1899, 1, 1), 1, &m), 0);
	assert_int_equal(msgs_count(&m), 6);
	assert_non_null(strstr(m.v[0].text, "không khớp"));
	msgs_free(&m);
}

static void test_member_facts(void **state)
{
	(void)state;
	struct msgs m;
	struct person p = {.birth_date = date_from_ymd(2006, 4, 23)};
	struct member mb = {.decision_date = date_from_ymd(2024, 4, 22),
		.ceremony_date = date_from_ymd(2024, 5, 1),
		.official_date = DATE_NONE,
		.exit_date = DATE_NONE};
	date_t today = date_from_ymd(2025, 1, 1);
	msgs_init(&m, 0);
	/* One day short of 18 at the decision. */
	assert_int_equal(core_member_check(&mb, &p, NULL, today, 2, &m), 1);
	assert_non_null(strstr(m.v[0].text, "17 năm 11 tháng; cần đủ 18 tuổi"));
	msgs_free(&m);
	/* Exactly 18. */
	mb.decision_date = date_from_ymd(2024, 4, 23);
	assert_int_equal(core_member_check(&mb, &p, NULL, today, 2, &m), 0);
	/* Future dates and official before ceremony. */
	mb.official_date = date_from_ymd(2024, 5, 1);
	assert_int_equal(core_member_check(&mb, &p, NULL, today, 2, &m), 1);
	mb.official_date = date_from_ymd(2025, 5, 1);
	assert_int_equal(core_member_check(&mb, &p, NULL, today, 2, &m), 1);
	msgs_free(&m);
	/* Counting rules. */
	mb.official_date = date_from_ymd(2025, 5, 1);
	mb.exit_date = date_from_ymd(2026, 1, 1);
	assert_false(core_member_active(&mb, date_from_ymd(2024, 4, 30)));
	assert_true(core_member_active(&mb, date_from_ymd(2024, 5, 1)));
	assert_false(core_member_official(&mb, date_from_ymd(2025, 4, 30)));
	assert_true(core_member_official(&mb, date_from_ymd(2025, 5, 1)));
	assert_true(core_member_active(&mb, date_from_ymd(2025, 12, 31)));
	assert_false(core_member_active(&mb, date_from_ymd(2026, 1, 1)));
	assert_int_equal(core_member_admission_date(&mb), date_from_ymd(2024, 4, 23));
	mb.decision_date = DATE_NONE;
	assert_int_equal(core_member_admission_date(&mb), date_from_ymd(2024, 5, 1));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vocabularies_round_trip),
		cmocka_unit_test(test_hierarchy),
		cmocka_unit_test(test_citizen_id),
		cmocka_unit_test(test_fuzz_cid_crash_7163ed34),
		cmocka_unit_test(test_member_facts),
	};
	return cmocka_run_group_tests_name("core", tests, NULL, NULL);
}
