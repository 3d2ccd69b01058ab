/*
 * app_demo.c — `ptdv demo`: fills an empty database with a synthetic, deterministic history
 * of the Đảng bộ thành phố Bắc Ninh, shaped to the figures of the seed article (DOMAIN.md).
 *
 * Shape. TU-BN (the province: a root that only holds recorded member totals) → TP-BN (the
 * city) → 28 base committees (16 wards, 3 communes, police, military, the government and
 * the party–front agencies, the health centre, four companies) with 10–12 cells each (three
 * sub-committees in between in two of them) and 41 base cells (schools, hospitals, firms,
 * agencies). One base cell, a bus depot, was dissolved on 01/07/2021 and merged into the
 * coach company (its members move there that day); one, a software firm, was founded on
 * 15/03/2022 by four members moving in. On 22/04/2024: 28 + 40 base organisations, 294 cells.
 *
 * Members come in three parts:
 *  - admissions from 2010 on, per period, with a fixed number of people and of women in
 *    each period (see periods_build): 38 in Oct–Dec 2020, 172, 190 and 209 in 2021–2023;
 *    the period 01/01–22/04/2024 takes what is left of the article's 652 admissions and
 *    438 women since the start of the term, so those counts hold by construction. Each
 *    decision falls at least 30 days before its period ends and its ceremony 7–30 days
 *    after it, so a decision and its ceremony never straddle a period's end;
 *  - the four founders of the software firm, admitted 2006–2009 in other firms or agencies;
 *  - the stock admitted 1949–2009, drawn one person at a time until the city holds
 *    ARTICLE_MEMBERS active members on 22/04/2024 ("gần 11.000").
 * Lives go on: deaths (a life-expectancy draw), transfers out of the city, strikings-off;
 * workers move to a residential cell when they retire (55 for women, 60 for men); high
 * school pupils admitted in grade 12 transfer out in August; a few move between cells.
 *
 * As of. Every person is drawn from its own PRNG stream (splitmix64 seeded by stream and
 * index), and org shapes from fixed tables, so nothing drawn depends on `until`. The whole
 * history is generated to the end of max(until's year, 2024) and then cut at `until`:
 * later members are not inserted, later official and exit dates stay empty, later
 * transfers, foundations and dissolutions are not recorded. Facts dated on or before a day
 * D are therefore the same for every until >= D.
 *
 * Province totals are recorded on 01/01 of each year from the city's count on 22/04 of that
 * year and a chosen share (16,1% in 2024), so the share on the article's date is exact;
 * whenever that day is within the history, the store's own count is checked against the
 * generator's. The city's yearly targets stay below its admissions, which rise every year.
 */
#include "app/app.h"

#include <assert.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app_impl.h"
#include "app/demo_names.h"
#include "core/calendar.h"
#include "core/candidate.h"
#include "core/member.h"
#include "core/person.h"
#include "store/store.h"
#include "store/store_pipeline.h"
#include "util/buf.h"
#include "util/xalloc.h"

#define COUNT_OF(a) ((int)(sizeof(a) / sizeof((a)[0])))
#define DATE_MAX INT32_MAX

/* Province code of Bắc Ninh in citizen IDs. */
#define PROVINCE_BN 27
/* Fixed seed of every stream ("ptdvdemo"). */
#define DEMO_SEED 0x7074647664656d6fULL

/* The seed article's day and figures. */
#define ARTICLE_Y 2024
#define ARTICLE_M 4
#define ARTICLE_D 22
#define ARTICLE_MEMBERS 10868 /* active members of the city on that day */
#define TERM_ADMITTED 652     /* admissions 01/10/2020 – 22/04/2024 */
#define TERM_WOMEN 438
#define SHARE_2024 161 /* city share of the province's members, per mille */

/* The oldest history and the range of `until`. */
#define STOCK_FIRST_YEAR 1949
#define STOCK_LAST_YEAR 2009
#define TARGETS_FIRST_YEAR 2016
#define TOTALS_FIRST_YEAR 2010
#define UNTIL_MIN_Y 2021
#define UNTIL_MAX_Y 2099
/* Years drawn past `until`, longer than any pipeline from the source list to a decision. */
#define PIPE_YEARS 6

/* PRNG streams: one per kind of draw, indexed within. */
enum stream {
	S_STOCK = 1,
	S_FOUNDER,
	S_ADMIT,
	S_SHUFFLE,
	S_ORG,
	S_TARGET,
	S_PIPE,     /* the people and numbers of a case */
	S_DROP,     /* people who leave the source list */
	S_REFERRAL, /* referral targets of the mass organisations */
};

/* What a cell is, for who joins it and what they do. */
enum dtype {
	DT_NONE,  /* not a cell: superiors, base committees, sub-committees */
	DT_URBAN, /* residential quarter of a ward */
	DT_RURAL, /* village of a commune */
	DT_POLICE,
	DT_MILITARY,
	DT_AGENCY,
	DT_SCHOOL,
	DT_HIGHSCHOOL, /* admits pupils of grade 12 too */
	DT_HEALTH,
	DT_STATEFIRM,
	DT_PRIVFIRM,
	DT_COOP,
	DT__MAX
};

#define RESIDENTIAL ((1u << DT_URBAN) | (1u << DT_RURAL))

/* Relative size of a cell of each type. */
static const double type_size[DT__MAX] = {
	[DT_URBAN] = 1.3,
	[DT_RURAL] = 1.4,
	[DT_POLICE] = 1.0,
	[DT_MILITARY] = 0.7,
	[DT_AGENCY] = 0.9,
	[DT_SCHOOL] = 0.9,
	[DT_HIGHSCHOOL] = 1.0,
	[DT_HEALTH] = 1.0,
	[DT_STATEFIRM] = 1.1,
	[DT_PRIVFIRM] = 0.9,
	[DT_COOP] = 0.8,
};

/* How often a cell of each type admits a man or a woman: [stock?][type][gender - 1]. */
static const double admit_weight[2][DT__MAX][2] = {
	[0] =
		{
			[DT_URBAN] = {0.5, 0.7},
			[DT_RURAL] = {0.6, 0.7},
			[DT_POLICE] = {1.2, 0.4},
			[DT_MILITARY] = {1.5, 0.05},
			[DT_AGENCY] = {0.5, 0.8},
			[DT_SCHOOL] = {0.15, 1.0},
			[DT_HIGHSCHOOL] = {0.2, 0.6},
			[DT_HEALTH] = {0.3, 1.0},
			[DT_STATEFIRM] = {0.6, 0.9},
			[DT_PRIVFIRM] = {0.8, 1.2},
			[DT_COOP] = {0.3, 0.3},
		},
	[1] =
		{
			[DT_URBAN] = {1.0, 1.0},
			[DT_RURAL] = {1.2, 0.9},
			[DT_POLICE] = {1.0, 0.15},
			[DT_MILITARY] = {1.3, 0.05},
			[DT_AGENCY] = {1.0, 0.9},
			[DT_SCHOOL] = {0.3, 1.0},
			[DT_HIGHSCHOOL] = {0.5, 0.8},
			[DT_HEALTH] = {0.4, 0.8},
			[DT_STATEFIRM] = {0.9, 0.7},
			[DT_PRIVFIRM] = {0.6, 0.6},
			[DT_COOP] = {0.6, 0.3},
		},
};
/* Pupils of grade 12 admitted by a high school from January to May, by gender. */
static const double pupil_weight[2] = {1.5, 3.0};

/*
 * The base organisations. A ward's or a commune's cells are built from `residential`
 * (quarters; communes have seven villages, see demo_villages) and `place`; the other
 * committees' cells are listed in cell_specs. Dates are yyyymmdd.
 */
struct base_spec {
	const char *code; /* under "BN-" */
	const char *name;
	enum org_kind kind;
	enum dtype type; /* a base cell's type; the default type of a committee's cells */
	int founded;
	int dissolved;           /* 0 = alive */
	const char *merged_into; /* code of the unit that takes its members over */
	int residential;         /* wards: quarters; communes: index of their villages + 1 */
	const char *place;
};

static const struct base_spec base_specs[] = {
	{"P01", "Đảng bộ phường Vũ Ninh", ORG_BASE_COMMITTEE, DT_URBAN, 19470310, 0, NULL, 7,
		"Vũ Ninh"},
	{"P02", "Đảng bộ phường Đáp Cầu", ORG_BASE_COMMITTEE, DT_URBAN, 19461205, 0, NULL, 7,
		"Đáp Cầu"},
	{"P03", "Đảng bộ phường Thị Cầu", ORG_BASE_COMMITTEE, DT_URBAN, 19470620, 0, NULL, 7,
		"Thị Cầu"},
	{"P04", "Đảng bộ phường Kinh Bắc", ORG_BASE_COMMITTEE, DT_URBAN, 19490815, 0, NULL, 7,
		"Kinh Bắc"},
	{"P05", "Đảng bộ phường Vệ An", ORG_BASE_COMMITTEE, DT_URBAN, 19480203, 0, NULL, 7,
		"Vệ An"},
	{"P06", "Đảng bộ phường Tiền An", ORG_BASE_COMMITTEE, DT_URBAN, 19461014, 0, NULL, 7,
		"Tiền An"},
	{"P07", "Đảng bộ phường Đại Phúc", ORG_BASE_COMMITTEE, DT_URBAN, 19500519, 0, NULL, 7,
		"Đại Phúc"},
	{"P08", "Đảng bộ phường Ninh Xá", ORG_BASE_COMMITTEE, DT_URBAN, 19471126, 0, NULL, 7,
		"Ninh Xá"},
	{"P09", "Đảng bộ phường Suối Hoa", ORG_BASE_COMMITTEE, DT_URBAN, 19550308, 0, NULL, 7,
		"Suối Hoa"},
	{"P10", "Đảng bộ phường Võ Cường", ORG_BASE_COMMITTEE, DT_URBAN, 19510727, 0, NULL, 7,
		"Võ Cường"},
	{"P11", "Đảng bộ phường Vân Dương", ORG_BASE_COMMITTEE, DT_URBAN, 19520412, 0, NULL, 6,
		"Vân Dương"},
	{"P12", "Đảng bộ phường Vạn An", ORG_BASE_COMMITTEE, DT_URBAN, 19530921, 0, NULL, 6,
		"Vạn An"},
	{"P13", "Đảng bộ phường Khúc Xuyên", ORG_BASE_COMMITTEE, DT_URBAN, 19541110, 0, NULL, 6,
		"Khúc Xuyên"},
	{"P14", "Đảng bộ phường Phong Khê", ORG_BASE_COMMITTEE, DT_URBAN, 19490115, 0, NULL, 7,
		"Phong Khê"},
	{"P15", "Đảng bộ phường Khắc Niệm", ORG_BASE_COMMITTEE, DT_URBAN, 19501222, 0, NULL, 6,
		"Khắc Niệm"},
	{"P16", "Đảng bộ phường Hạp Lĩnh", ORG_BASE_COMMITTEE, DT_URBAN, 19510218, 0, NULL, 6,
		"Hạp Lĩnh"},
	{"X01", "Đảng bộ xã Hòa Long", ORG_BASE_COMMITTEE, DT_RURAL, 19480611, 0, NULL, 1,
		"Hòa Long"},
	{"X02", "Đảng bộ xã Kim Chân", ORG_BASE_COMMITTEE, DT_RURAL, 19491003, 0, NULL, 2,
		"Kim Chân"},
	{"X03", "Đảng bộ xã Nam Sơn", ORG_BASE_COMMITTEE, DT_RURAL, 19480425, 0, NULL, 3,
		"Nam Sơn"},
	{"CA", "Đảng bộ Công an thành phố", ORG_BASE_COMMITTEE, DT_POLICE, 19620819, 0, NULL, 0,
		NULL},
	{"QS", "Đảng bộ Quân sự thành phố", ORG_BASE_COMMITTEE, DT_MILITARY, 19611222, 0, NULL, 0,
		NULL},
	{"CQ", "Đảng bộ Cơ quan Chính quyền thành phố", ORG_BASE_COMMITTEE, DT_AGENCY, 19640510, 0,
		NULL, 0, NULL},
	{"DT", "Đảng bộ các cơ quan Đảng, Mặt trận và đoàn thể thành phố", ORG_BASE_COMMITTEE,
		DT_AGENCY, 19650203, 0, NULL, 0, NULL},
	{"YT", "Đảng bộ Trung tâm Y tế thành phố", ORG_BASE_COMMITTEE, DT_HEALTH, 19980701, 0, NULL,
		0, NULL},
	{"D01", "Đảng bộ Công ty CP Môi trường và Công trình đô thị Bắc Ninh", ORG_BASE_COMMITTEE,
		DT_STATEFIRM, 19970401, 0, NULL, 0, NULL},
	{"D02", "Đảng bộ Công ty CP Dệt may Đáp Cầu", ORG_BASE_COMMITTEE, DT_STATEFIRM, 19681020, 0,
		NULL, 0, NULL},
	{"D03", "Đảng bộ Công ty CP Xây dựng và Phát triển đô thị Kinh Bắc", ORG_BASE_COMMITTEE,
		DT_PRIVFIRM, 20030515, 0, NULL, 0, NULL},
	{"D04", "Đảng bộ Công ty CP Thương mại và Dịch vụ Kinh Bắc", ORG_BASE_COMMITTEE,
		DT_STATEFIRM, 19750910, 0, NULL, 0, NULL},
	{"CB01", "Chi bộ Trường THPT Hàn Thuyên", ORG_BASE_CELL, DT_HIGHSCHOOL, 19610905, 0, NULL,
		0, NULL},
	{"CB02", "Chi bộ Trường THPT Hoàng Quốc Việt", ORG_BASE_CELL, DT_HIGHSCHOOL, 19980905, 0,
		NULL, 0, NULL},
	{"CB03", "Chi bộ Trường THPT Lý Nhân Tông", ORG_BASE_CELL, DT_HIGHSCHOOL, 20060905, 0, NULL,
		0, NULL},
	{"CB04", "Chi bộ Trường THCS Nguyễn Đăng Đạo", ORG_BASE_CELL, DT_SCHOOL, 19960905, 0, NULL,
		0, NULL},
	{"CB05", "Chi bộ Trường Trung cấp nghề Kinh Bắc", ORG_BASE_CELL, DT_SCHOOL, 20010820, 0,
		NULL, 0, NULL},
	{"CB06", "Chi bộ Bệnh viện Y học cổ truyền thành phố", ORG_BASE_CELL, DT_HEALTH, 19850227,
		0, NULL, 0, NULL},
	{"CB07", "Chi bộ Bệnh viện Đa khoa Kinh Bắc", ORG_BASE_CELL, DT_HEALTH, 20080616, 0, NULL,
		0, NULL},
	{"CB08", "Chi bộ Công ty CP Đầu tư Xây dựng Vũ Ninh", ORG_BASE_CELL, DT_STATEFIRM, 19920512,
		0, NULL, 0, NULL},
	{"CB09", "Chi bộ Công ty CP Bia Kinh Bắc", ORG_BASE_CELL, DT_STATEFIRM, 19781002, 0, NULL,
		0, NULL},
	{"CB10", "Chi bộ Công ty TNHH Điện tử Đáp Cầu", ORG_BASE_CELL, DT_PRIVFIRM, 20091111, 0,
		NULL, 0, NULL},
	{"CB11", "Chi bộ Công ty CP Thương mại Suối Hoa", ORG_BASE_CELL, DT_PRIVFIRM, 20050404, 0,
		NULL, 0, NULL},
	{"CB12", "Chi bộ Công ty CP Dược phẩm Kinh Bắc", ORG_BASE_CELL, DT_STATEFIRM, 19880715, 0,
		NULL, 0, NULL},
	{"CB13", "Chi bộ Công ty CP May Tiền An", ORG_BASE_CELL, DT_PRIVFIRM, 20040308, 0, NULL, 0,
		NULL},
	{"CB14", "Chi bộ Công ty CP Xe khách Bắc Ninh", ORG_BASE_CELL, DT_STATEFIRM, 19820120, 0,
		NULL, 0, NULL},
	{"CB15", "Chi bộ Phòng Giao dịch Ngân hàng Chính sách xã hội thành phố", ORG_BASE_CELL,
		DT_AGENCY, 20031004, 0, NULL, 0, NULL},
	{"CB16", "Chi bộ Chi cục Thuế thành phố", ORG_BASE_CELL, DT_AGENCY, 19901001, 0, NULL, 0,
		NULL},
	{"CB17", "Chi bộ Kho bạc Nhà nước thành phố", ORG_BASE_CELL, DT_AGENCY, 19900401, 0, NULL,
		0, NULL},
	{"CB18", "Chi bộ Tòa án nhân dân thành phố", ORG_BASE_CELL, DT_AGENCY, 19600913, 0, NULL, 0,
		NULL},
	{"CB19", "Chi bộ Viện Kiểm sát nhân dân thành phố", ORG_BASE_CELL, DT_AGENCY, 19600726, 0,
		NULL, 0, NULL},
	{"CB20", "Chi bộ Chi cục Thi hành án dân sự thành phố", ORG_BASE_CELL, DT_AGENCY, 19930719,
		0, NULL, 0, NULL},
	{"CB21", "Chi bộ Bảo hiểm xã hội thành phố", ORG_BASE_CELL, DT_AGENCY, 19950616, 0, NULL, 0,
		NULL},
	{"CB22", "Chi bộ Chi cục Thống kê thành phố", ORG_BASE_CELL, DT_AGENCY, 19770506, 0, NULL,
		0, NULL},
	{"CB23", "Chi bộ Trung tâm Văn hóa – Thông tin và Thể thao thành phố", ORG_BASE_CELL,
		DT_AGENCY, 19790828, 0, NULL, 0, NULL},
	{"CB24", "Chi bộ Ban Quản lý dự án xây dựng thành phố", ORG_BASE_CELL, DT_AGENCY, 20021202,
		0, NULL, 0, NULL},
	{"CB25", "Chi bộ Trung tâm Phát triển quỹ đất thành phố", ORG_BASE_CELL, DT_AGENCY,
		20090414, 0, NULL, 0, NULL},
	{"CB26", "Chi bộ Đội Quản lý thị trường số 1", ORG_BASE_CELL, DT_AGENCY, 19951123, 0, NULL,
		0, NULL},
	{"CB27", "Chi bộ Điện lực thành phố Bắc Ninh", ORG_BASE_CELL, DT_STATEFIRM, 19691219, 0,
		NULL, 0, NULL},
	{"CB28", "Chi bộ Bưu điện thành phố Bắc Ninh", ORG_BASE_CELL, DT_STATEFIRM, 19720815, 0,
		NULL, 0, NULL},
	{"CB29", "Chi bộ Trung tâm Giáo dục nghề nghiệp – Giáo dục thường xuyên thành phố",
		ORG_BASE_CELL, DT_SCHOOL, 19860910, 0, NULL, 0, NULL},
	{"CB30", "Chi bộ Ban Quản lý chợ thành phố", ORG_BASE_CELL, DT_AGENCY, 19890301, 0, NULL, 0,
		NULL},
	{"CB31", "Chi bộ Công ty CP Cấp thoát nước Kinh Bắc", ORG_BASE_CELL, DT_STATEFIRM, 19650601,
		0, NULL, 0, NULL},
	{"CB32", "Chi bộ Công ty TNHH Cơ khí Khắc Niệm", ORG_BASE_CELL, DT_PRIVFIRM, 20070707, 0,
		NULL, 0, NULL},
	{"CB33", "Chi bộ Hợp tác xã Nông nghiệp Hòa Long", ORG_BASE_CELL, DT_COOP, 19590326, 0,
		NULL, 0, NULL},
	{"CB34", "Chi bộ Trường Mầm non Hoa Sen", ORG_BASE_CELL, DT_SCHOOL, 19990905, 0, NULL, 0,
		NULL},
	{"CB35", "Chi bộ Trường Tiểu học Kim Đồng", ORG_BASE_CELL, DT_SCHOOL, 19940905, 0, NULL, 0,
		NULL},
	{"CB36", "Chi bộ Công ty CP Du lịch Quan họ Kinh Bắc", ORG_BASE_CELL, DT_PRIVFIRM, 20060518,
		0, NULL, 0, NULL},
	{"CB37", "Chi bộ Phòng khám Đa khoa khu vực Võ Cường", ORG_BASE_CELL, DT_HEALTH, 19830227,
		0, NULL, 0, NULL},
	{"CB38", "Chi bộ Quỹ tín dụng nhân dân Vạn An", ORG_BASE_CELL, DT_PRIVFIRM, 19971112, 0,
		NULL, 0, NULL},
	{"CB39", "Chi bộ Công ty CP Phần mềm Kinh Bắc", ORG_BASE_CELL, DT_PRIVFIRM, 20220315, 0,
		NULL, 0, NULL},
	{"CB40", "Chi bộ Văn phòng Đăng ký đất đai chi nhánh thành phố", ORG_BASE_CELL, DT_AGENCY,
		20080110, 0, NULL, 0, NULL},
	{"CB41", "Chi bộ Xí nghiệp Xe buýt Kinh Bắc", ORG_BASE_CELL, DT_STATEFIRM, 19980410,
		20210701, "BN-CB14", 0, NULL},
};

/* The base organisation founded by members moving in (code under "BN-"). */
#define FOUNDED_BY_MOVERS "CB39"
#define FOUNDERS 4

/*
 * The cells (and sub-committees) of the committees that are not wards or communes, in
 * order; a cell with `sub` set sits under that sub-committee of its committee.
 */
struct cell_spec {
	const char *base;
	const char *sub;
	enum org_kind kind;
	const char *name;
	int founded; /* yyyymmdd; 0 = with its parent */
};

static const struct cell_spec cell_specs[] = {
	{"CA", NULL, ORG_CELL, "Chi bộ Đội Tham mưu – Tổng hợp", 0},
	{"CA", NULL, ORG_CELL, "Chi bộ Đội An ninh", 0},
	{"CA", NULL, ORG_CELL, "Chi bộ Đội Cảnh sát hình sự", 0},
	{"CA", NULL, ORG_CELL, "Chi bộ Đội Cảnh sát điều tra tội phạm về kinh tế và ma túy",
		19750412},
	{"CA", NULL, ORG_CELL, "Chi bộ Đội Cảnh sát giao thông – trật tự", 19800305},
	{"CA", NULL, ORG_CELL, "Chi bộ Đội Cảnh sát quản lý hành chính về trật tự xã hội",
		19900620},
	{"CA", NULL, ORG_CELL, "Chi bộ Đội Cảnh sát phòng cháy, chữa cháy và cứu nạn, cứu hộ",
		20050104},
	{"CA", NULL, ORG_CELL, "Chi bộ Đội Cảnh sát thi hành án hình sự và hỗ trợ tư pháp",
		20060915},
	{"CA", NULL, ORG_CELL, "Chi bộ Nhà tạm giữ", 19850710},
	{"CA", NULL, ORG_CELL, "Chi bộ Đội Xây dựng phong trào bảo vệ an ninh Tổ quốc", 20091020},
	{"QS", NULL, ORG_CELL, "Chi bộ Chỉ huy", 0},
	{"QS", NULL, ORG_CELL, "Chi bộ Tham mưu", 0},
	{"QS", NULL, ORG_CELL, "Chi bộ Chính trị", 19700301},
	{"QS", NULL, ORG_CELL, "Chi bộ Hậu cần – Kỹ thuật", 19700301},
	{"QS", NULL, ORG_CELL, "Chi bộ Trung đội Dân quân cơ động", 20000322},
	{"CQ", NULL, ORG_CELL, "Chi bộ Văn phòng HĐND và UBND", 0},
	{"CQ", NULL, ORG_CELL, "Chi bộ Phòng Nội vụ", 0},
	{"CQ", NULL, ORG_CELL, "Chi bộ Phòng Tài chính – Kế hoạch", 0},
	{"CQ", NULL, ORG_CELL, "Chi bộ Phòng Tài nguyên và Môi trường", 19940808},
	{"CQ", NULL, ORG_CELL, "Chi bộ Phòng Quản lý đô thị", 19970415},
	{"CQ", NULL, ORG_CELL, "Chi bộ Phòng Kinh tế", 19970415},
	{"CQ", NULL, ORG_CELL, "Chi bộ Phòng Giáo dục và Đào tạo", 19660901},
	{"CQ", NULL, ORG_CELL, "Chi bộ Phòng Văn hóa và Thông tin", 19720520},
	{"CQ", NULL, ORG_CELL, "Chi bộ Phòng Lao động – Thương binh và Xã hội", 19760727},
	{"CQ", NULL, ORG_CELL, "Chi bộ Phòng Tư pháp", 19820615},
	{"CQ", NULL, ORG_CELL, "Chi bộ Thanh tra thành phố", 19781123},
	{"CQ", NULL, ORG_CELL, "Chi bộ Phòng Y tế", 20050301},
	{"DT", NULL, ORG_CELL, "Chi bộ Văn phòng Thành ủy", 0},
	{"DT", NULL, ORG_CELL, "Chi bộ Ban Tổ chức Thành ủy", 0},
	{"DT", NULL, ORG_CELL, "Chi bộ Ban Tuyên giáo Thành ủy", 0},
	{"DT", NULL, ORG_CELL, "Chi bộ Ủy ban Kiểm tra Thành ủy", 19680316},
	{"DT", NULL, ORG_CELL, "Chi bộ Ban Dân vận Thành ủy", 19680316},
	{"DT", NULL, ORG_CELL, "Chi bộ Ủy ban Mặt trận Tổ quốc thành phố", 0},
	{"DT", NULL, ORG_CELL, "Chi bộ Thành đoàn", 19700326},
	{"DT", NULL, ORG_CELL, "Chi bộ Hội Liên hiệp Phụ nữ thành phố", 19701020},
	{"YT", "B1", ORG_SUB_COMMITTEE, "Đảng bộ bộ phận Khối điều trị", 20050515},
	{"YT", "B1", ORG_CELL, "Chi bộ Khoa Nội – Nhi", 0},
	{"YT", "B1", ORG_CELL, "Chi bộ Khoa Ngoại – Sản", 0},
	{"YT", "B1", ORG_CELL, "Chi bộ Khoa Khám bệnh – Cấp cứu", 0},
	{"YT", "B1", ORG_CELL, "Chi bộ Khoa Cận lâm sàng", 20080301},
	{"YT", NULL, ORG_CELL, "Chi bộ Khối Hành chính", 0},
	{"YT", NULL, ORG_CELL, "Chi bộ Khoa Kiểm soát bệnh tật", 0},
	{"YT", NULL, ORG_CELL, "Chi bộ Khoa Dược", 20020910},
	{"YT", NULL, ORG_CELL, "Chi bộ Khoa Y tế công cộng và An toàn thực phẩm", 20090601},
	{"D01", "B1", ORG_SUB_COMMITTEE, "Đảng bộ bộ phận Xí nghiệp Môi trường", 0},
	{"D01", "B1", ORG_CELL, "Chi bộ Đội Vệ sinh số 1", 0},
	{"D01", "B1", ORG_CELL, "Chi bộ Đội Vệ sinh số 2", 0},
	{"D01", "B1", ORG_CELL, "Chi bộ Đội Vệ sinh số 3", 20040105},
	{"D01", "B2", ORG_SUB_COMMITTEE, "Đảng bộ bộ phận Xí nghiệp Cây xanh – Chiếu sáng", 0},
	{"D01", "B2", ORG_CELL, "Chi bộ Đội Cây xanh", 0},
	{"D01", "B2", ORG_CELL, "Chi bộ Đội Chiếu sáng", 0},
	{"D01", "B2", ORG_CELL, "Chi bộ Đội Công viên", 20060419},
	{"D01", NULL, ORG_CELL, "Chi bộ Khối Văn phòng", 0},
	{"D01", NULL, ORG_CELL, "Chi bộ Đội Xe máy", 0},
	{"D02", NULL, ORG_CELL, "Chi bộ Khối Văn phòng", 0},
	{"D02", NULL, ORG_CELL, "Chi bộ Phân xưởng Sợi", 0},
	{"D02", NULL, ORG_CELL, "Chi bộ Phân xưởng Dệt", 0},
	{"D02", NULL, ORG_CELL, "Chi bộ Phân xưởng May 1", 19790610},
	{"D02", NULL, ORG_CELL, "Chi bộ Phân xưởng May 2", 19920310},
	{"D02", NULL, ORG_CELL, "Chi bộ Phân xưởng Hoàn thiện", 19790610},
	{"D03", NULL, ORG_CELL, "Chi bộ Khối Văn phòng", 0},
	{"D03", NULL, ORG_CELL, "Chi bộ Đội Xây dựng số 1", 0},
	{"D03", NULL, ORG_CELL, "Chi bộ Đội Xây dựng số 2", 0},
	{"D03", NULL, ORG_CELL, "Chi bộ Xí nghiệp Vật liệu xây dựng", 20060802},
	{"D03", NULL, ORG_CELL, "Chi bộ Ban Điều hành dự án", 20080915},
	{"D04", NULL, ORG_CELL, "Chi bộ Văn phòng Công ty", 0},
	{"D04", NULL, ORG_CELL, "Chi bộ Trung tâm Thương mại", 0},
	{"D04", NULL, ORG_CELL, "Chi bộ Siêu thị Kinh Bắc", 19960120},
	{"D04", NULL, ORG_CELL, "Chi bộ Kho vận", 0},
};

/* --- the model --- */

struct dorg {
	char *code;
	char *name;
	enum org_kind kind;
	enum dtype type;
	int parent; /* index, -1 = root */
	int base;   /* index of its base organisation, -1 above them */
	date_t founded, dissolved;
	int merged_into; /* index of the unit taking its members over, -1 = none */
	int children;    /* for numbering codes */
	double size;
	int64_t id; /* once inserted; 0 = not created */
};

struct dxfer {
	date_t day;
	int org;
};

struct dmem {
	char *name;
	enum gender gender;
	date_t birth;
	int province;
	const char *ethnicity, *religion;
	enum education education;
	enum occupation occupation;
	enum tristate youth_union;
	int org;                                   /* admitting cell */
	date_t decision, ceremony, official, exit; /* the whole life, not cut at `until` */
	const char *exit_reason;
	uint32_t serial;              /* unique; the citizen ID and card numbers derive from it */
	int xfer, nxfer;              /* transfers: xfers[xfer .. xfer + nxfer) */
	bool piped;                   /* admitted through the pipeline: official once recognised */
	date_t recog;                 /* the recognition decision; DATE_NONE = never recognised */
	int64_t person_id, member_id; /* once inserted */
};

/* A period of admissions with a fixed number of people and of women. */
struct period {
	date_t from, to;
	int n, women;
};

struct demo {
	struct dorg *orgs;
	int norgs, aorgs;
	int *cells; /* indexes of the orgs members are placed in */
	int ncells;
	double *weights; /* scratch, two per cell */
	struct dmem *mems;
	int nmems, amems;
	struct dxfer *xfers;
	int nxfers, axfers;
	struct period *periods;
	int nperiods;
	int last_year; /* the history is generated to 31/12 of this year */
	int tu, city, founded_by_movers;
	date_t article;
	struct buf scratch;
	struct calendar cal; /* working days, from the holiday table */
	struct dcase *cases; /* the pipeline: admissions and people who left */
	int ncases, acases;
	struct dperson *drops; /* people who left the source list */
	int ndrops, adrops;
	struct ilist *placed; /* by org: the members ever placed in it */
};

/* --- pseudo-random numbers: splitmix64, one stream per (kind, index) --- */

struct rng {
	uint64_t s;
};

static uint64_t rng_next(struct rng *r)
{
	r->s += 0x9e3779b97f4a7c15ULL;
	uint64_t z = r->s;
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static struct rng rng_stream(enum stream kind, uint64_t index)
{
	struct rng r = {DEMO_SEED ^ ((uint64_t)kind << 56) ^ (index * 0x100000001b3ULL)};
	(void)rng_next(&r);
	return r;
}

/* Uniform in [0, 1). */
static double rng_unit(struct rng *r)
{
	return (double)(rng_next(r) >> 11) * 0x1.0p-53;
}

/* Uniform integer in [lo, hi]. */
static int rng_int(struct rng *r, int lo, int hi)
{
	assert(hi >= lo);
	return lo + (int)(rng_next(r) % (uint64_t)(hi - lo + 1));
}

/* Roughly normal with mean 0 and deviation 1 (a sum of four uniforms). */
static double rng_gauss(struct rng *r)
{
	double s = rng_unit(r) + rng_unit(r) + rng_unit(r) + rng_unit(r);
	return (s - 2.0) * 1.7320508075688772;
}

static const char *rng_word(struct rng *r, const char *const *v, int n)
{
	return v[rng_int(r, 0, n - 1)];
}

static const char *rng_weighted(struct rng *r, const struct demo_word *v, int n)
{
	int total = 0;
	for (int i = 0; i < n; i++)
		total += v[i].w;
	int x = rng_int(r, 0, total - 1);
	for (int i = 0; i < n; i++) {
		x -= v[i].w;
		if (x < 0)
			return v[i].s;
	}
	return v[n - 1].s;
}

/* --- dates --- */

static date_t ymd(int v)
{
	return date_from_ymd(v / 10000, v / 100 % 100, v % 100);
}

static int year_of(date_t d)
{
	int y;
	date_to_ymd(d, &y, NULL, NULL);
	return y;
}

static int month_of(date_t d)
{
	int m;
	date_to_ymd(d, NULL, &m, NULL);
	return m;
}

static date_t add_years(date_t d, int years)
{
	return date_add_months(d, 12 * years);
}

/* Moves a Saturday or a Sunday to the nearest working day within [lo, hi]. */
static date_t working_day(date_t day, date_t lo, date_t hi)
{
	int wd = date_weekday(day);
	if (wd == 5)
		day = day - 1 >= lo ? day - 1 : day + 2;
	else if (wd == 6)
		day = day + 1 <= hi ? day + 1 : day - 2;
	return day;
}

static bool alive(const struct dorg *o, date_t d)
{
	return (o->founded == DATE_NONE || o->founded <= d) &&
	       (o->dissolved == DATE_NONE || o->dissolved > d);
}

/* --- organisations --- */

static int org_find(const struct demo *d, const char *code)
{
	for (int i = 0; i < d->norgs; i++) {
		if (strcmp(d->orgs[i].code, code) == 0)
			return i;
	}
	return -1;
}

/*
 * Appends an org under parent (-1 = a root) and returns its index. A cell founded before
 * its parent is founded with it.
 */
static int org_add(struct demo *d, const char *code, const char *name, enum org_kind kind,
	int parent, enum dtype type, date_t founded)
{
	if (d->norgs == d->aorgs) {
		d->aorgs = d->aorgs ? 2 * d->aorgs : 512;
		d->orgs = xrealloc(d->orgs, (size_t)d->aorgs * sizeof(*d->orgs));
	}
	int i = d->norgs++;
	struct dorg *o = &d->orgs[i];
	memset(o, 0, sizeof(*o));
	o->code = xstrdup(code);
	o->name = xstrdup(name);
	o->kind = kind;
	o->type = type;
	o->parent = parent;
	o->merged_into = -1;
	o->dissolved = DATE_NONE;
	o->founded = founded;
	if (parent >= 0) {
		const struct dorg *p = &d->orgs[parent];
		if (p->founded != DATE_NONE && (founded == DATE_NONE || founded < p->founded))
			o->founded = p->founded;
		d->orgs[parent].children++;
	}
	if (core_org_kind_is_base(kind))
		o->base = i;
	else
		o->base = parent >= 0 ? d->orgs[parent].base : -1;
	if (type != DT_NONE) {
		struct rng r = rng_stream(S_ORG, (uint64_t)i);
		o->size = type_size[type] * (0.8 + 0.45 * rng_unit(&r));
		if (kind == ORG_BASE_CELL)
			o->size *= 1.5;
	}
	return i;
}

/* Adds a cell under parent numbered after its siblings ("<parent>-C07"). */
static int cell_add(struct demo *d, int parent, const char *name, enum dtype type, date_t founded)
{
	char code[64];
	snprintf(
		code, sizeof(code), "%s-C%02d", d->orgs[parent].code, d->orgs[parent].children + 1);
	return org_add(d, code, name, ORG_CELL, parent, type, founded);
}

/* The cells of a ward or a commune: its quarters or villages, its agencies and schools. */
static void ward_cells(struct demo *d, int base, const struct base_spec *s)
{
	struct rng r = rng_stream(S_ORG, 100000 + (uint64_t)base);
	date_t f = d->orgs[base].founded;
	bool commune = s->type == DT_RURAL;
	const char *unit = commune ? "xã" : "phường";
	int n = commune ? COUNT_OF(demo_villages[0]) : s->residential;
	char name[256];
	for (int k = 1; k <= n; k++) {
		date_t founded =
			k <= 5 ? f : add_years(f, rng_int(&r, 15, 35)) + rng_int(&r, 0, 300);
		if (commune)
			snprintf(name, sizeof(name), "Chi bộ thôn %s",
				demo_villages[s->residential - 1][k - 1]);
		else
			snprintf(name, sizeof(name), "Chi bộ khu phố %d, phường %s", k, s->place);
		cell_add(d, base, name, s->type, founded);
	}
	snprintf(name, sizeof(name), "Chi bộ Cơ quan %s %s", unit, s->place);
	cell_add(d, base, name, DT_AGENCY, f);
	snprintf(name, sizeof(name), "Chi bộ Quân sự %s %s", unit, s->place);
	cell_add(
		d, base, name, DT_MILITARY, add_years(f, rng_int(&r, 5, 15)) + rng_int(&r, 0, 300));
	snprintf(name, sizeof(name), "Chi bộ Công an %s %s", unit, s->place);
	cell_add(d, base, name, DT_POLICE, add_years(f, rng_int(&r, 5, 20)) + rng_int(&r, 0, 300));
	if (!commune && s->residential < 7) {
		snprintf(name, sizeof(name), "Chi bộ Trường Mầm non %s", s->place);
		cell_add(d, base, name, DT_SCHOOL,
			add_years(f, rng_int(&r, 25, 40)) + rng_int(&r, 0, 300));
	}
	snprintf(name, sizeof(name), "Chi bộ Trường Tiểu học %s", s->place);
	cell_add(d, base, name, DT_SCHOOL, add_years(f, rng_int(&r, 10, 25)) + rng_int(&r, 0, 300));
	snprintf(name, sizeof(name), "Chi bộ Trường THCS %s", s->place);
	cell_add(d, base, name, DT_SCHOOL, add_years(f, rng_int(&r, 20, 35)) + rng_int(&r, 0, 300));
}

static void orgs_build(struct demo *d)
{
	char code[64];
	d->tu = org_add(d, "TU-BN", "Đảng bộ tỉnh Bắc Ninh", ORG_SUPERIOR, -1, DT_NONE, DATE_NONE);
	d->city = org_add(
		d, "TP-BN", "Đảng bộ thành phố Bắc Ninh", ORG_SUPERIOR, d->tu, DT_NONE, DATE_NONE);
	for (int i = 0; i < COUNT_OF(base_specs); i++) {
		const struct base_spec *s = &base_specs[i];
		snprintf(code, sizeof(code), "BN-%s", s->code);
		enum dtype type = s->kind == ORG_BASE_CELL ? s->type : DT_NONE;
		int b = org_add(d, code, s->name, s->kind, d->city, type, ymd(s->founded));
		if (s->dissolved)
			d->orgs[b].dissolved = ymd(s->dissolved);
		if (s->residential)
			ward_cells(d, b, s);
	}
	for (int i = 0; i < COUNT_OF(cell_specs); i++) {
		const struct cell_spec *c = &cell_specs[i];
		snprintf(code, sizeof(code), "BN-%s", c->base);
		int parent = org_find(d, code);
		assert(parent >= 0);
		date_t founded = c->founded ? ymd(c->founded) : DATE_NONE;
		if (c->kind == ORG_SUB_COMMITTEE) {
			snprintf(code, sizeof(code), "BN-%s-%s", c->base, c->sub);
			org_add(d, code, c->name, c->kind, parent, DT_NONE, founded);
			continue;
		}
		if (c->sub) {
			snprintf(code, sizeof(code), "BN-%s-%s", c->base, c->sub);
			parent = org_find(d, code);
			assert(parent >= 0);
		}
		const struct base_spec *s = NULL;
		for (int k = 0; k < COUNT_OF(base_specs) && !s; k++) {
			if (strcmp(base_specs[k].code, c->base) == 0)
				s = &base_specs[k];
		}
		assert(s);
		cell_add(d, parent, c->name, s->type, founded);
	}
	for (int i = 0; i < COUNT_OF(base_specs); i++) {
		if (!base_specs[i].merged_into)
			continue;
		snprintf(code, sizeof(code), "BN-%s", base_specs[i].code);
		int from = org_find(d, code);
		int to = org_find(d, base_specs[i].merged_into);
		assert(from >= 0 && to >= 0 && alive(&d->orgs[to], d->orgs[from].dissolved));
		d->orgs[from].merged_into = to;
	}
	snprintf(code, sizeof(code), "BN-%s", FOUNDED_BY_MOVERS);
	d->founded_by_movers = org_find(d, code);
	assert(d->founded_by_movers >= 0);
	d->cells = xmalloc((size_t)d->norgs * sizeof(*d->cells));
	for (int i = 0; i < d->norgs; i++) {
		if (d->orgs[i].type != DT_NONE)
			d->cells[d->ncells++] = i;
	}
	d->weights = xmalloc(2 * (size_t)d->ncells * sizeof(*d->weights));
}

/*
 * Draws a cell alive on day and already alive on `since` among the types in mask (0 = any),
 * with probability proportional to its size, leaving out `except`. Returns -1 when none
 * qualifies. (Moving members only into cells as old as their admission keeps the
 * interchange files, which name a member's latest cell only, importable.)
 */
static int cell_pick(
	struct demo *d, struct rng *r, date_t day, date_t since, unsigned mask, int except)
{
	double total = 0;
	for (int i = 0; i < d->ncells; i++) {
		const struct dorg *o = &d->orgs[d->cells[i]];
		bool ok = d->cells[i] != except && alive(o, day) && alive(o, since) &&
			  (!mask || (mask >> o->type & 1));
		d->weights[i] = ok ? o->size : 0;
		total += d->weights[i];
	}
	if (total <= 0)
		return -1;
	double x = rng_unit(r) * total;
	int last = -1;
	for (int i = 0; i < d->ncells; i++) {
		if (d->weights[i] <= 0)
			continue;
		last = d->cells[i];
		x -= d->weights[i];
		if (x < 0)
			break;
	}
	return last;
}

/*
 * Draws the cell a new member is admitted in: a cell alive on the ceremony day, by its
 * size and how often its type admits people of this gender in this era. From January to
 * May a high school may admit one of its grade-12 pupils (*pupil set). Returns -1 when no
 * cell qualifies.
 */
static int cell_admitting(struct demo *d, struct rng *r, enum gender g, date_t decision,
	date_t ceremony, bool stock, unsigned mask, bool *pupil)
{
	bool pupils = !stock && month_of(decision) <= 5;
	double total = 0;
	for (int i = 0; i < d->ncells; i++) {
		const struct dorg *o = &d->orgs[d->cells[i]];
		double w = 0, wp = 0;
		if (alive(o, ceremony) && (stock || alive(o, decision - 400)) &&
			(!mask || (mask >> o->type & 1))) {
			w = o->size * admit_weight[stock][o->type][g - 1];
			if (pupils && o->type == DT_HIGHSCHOOL)
				wp = o->size * pupil_weight[g - 1];
		}
		d->weights[2 * i] = w;
		d->weights[2 * i + 1] = wp;
		total += w + wp;
	}
	*pupil = false;
	if (total <= 0)
		return -1;
	double x = rng_unit(r) * total;
	int last = -1;
	for (int i = 0; i < 2 * d->ncells; i++) {
		if (d->weights[i] <= 0)
			continue;
		last = i;
		x -= d->weights[i];
		if (x < 0)
			break;
	}
	*pupil = last % 2 == 1;
	return d->cells[last / 2];
}

/* --- people --- */

/* Builds an invented full name fitting gender and generation; caller frees. */
static char *name_make(struct demo *d, struct rng *r, enum gender g, int born)
{
	bool young = born >= 1975;
	const char *family = rng_weighted(r, demo_family, COUNT_OF(demo_family));
	const char *mid, *given;
	const char *mid2 = NULL;
	if (g == GENDER_MALE) {
		if (young)
			mid = rng_unit(r) < 0.2
				      ? "Văn"
				      : rng_word(r, demo_mid_m_new, COUNT_OF(demo_mid_m_new));
		else
			mid = rng_unit(r) < 0.6
				      ? "Văn"
				      : rng_word(r, demo_mid_m_old, COUNT_OF(demo_mid_m_old));
		given = young ? rng_word(r, demo_given_m_new, COUNT_OF(demo_given_m_new))
			      : rng_word(r, demo_given_m_old, COUNT_OF(demo_given_m_old));
		for (int k = 0; k < 4 && strcmp(given, mid) == 0; k++)
			given = rng_word(r, demo_given_m_new, COUNT_OF(demo_given_m_new));
	} else {
		if (young)
			mid = rng_unit(r) < 0.35
				      ? "Thị"
				      : rng_word(r, demo_mid_f_new, COUNT_OF(demo_mid_f_new));
		else
			mid = rng_unit(r) < 0.75
				      ? "Thị"
				      : rng_word(r, demo_mid_f_old, COUNT_OF(demo_mid_f_old));
		if (strcmp(mid, "Thị") != 0 && rng_unit(r) < 0.12) {
			mid2 = mid;
			mid = "Thị";
		}
		given = young ? rng_word(r, demo_given_f_new, COUNT_OF(demo_given_f_new))
			      : rng_word(r, demo_given_f_old, COUNT_OF(demo_given_f_old));
		for (int k = 0;
			k < 4 && (strcmp(given, mid) == 0 || (mid2 && strcmp(given, mid2) == 0));
			k++)
			given = rng_word(r, demo_given_f_new, COUNT_OF(demo_given_f_new));
	}
	buf_reset(&d->scratch);
	buf_addf(&d->scratch, "%s %s", family, mid);
	if (mid2)
		buf_addf(&d->scratch, " %s", mid2);
	buf_addf(&d->scratch, " %s", given);
	return xstrdup(d->scratch.s);
}

static enum occupation occupation_draw(struct rng *r, enum dtype type, bool retired)
{
	double u = rng_unit(r);
	switch (type) {
	case DT_URBAN:
		if (retired)
			return OCC_RETIRED;
		if (u < 0.30)
			return OCC_PRIVATE_FIRM;
		if (u < 0.45)
			return OCC_BUSINESS_OWNER;
		if (u < 0.65)
			return OCC_WORKER;
		if (u < 0.80)
			return OCC_CIVIL_SERVANT;
		return OCC_OTHER;
	case DT_RURAL:
		if (retired)
			return u < 0.5 ? OCC_RETIRED : OCC_FARMER;
		if (u < 0.50)
			return OCC_FARMER;
		if (u < 0.75)
			return OCC_WORKER;
		if (u < 0.85)
			return OCC_PRIVATE_FIRM;
		if (u < 0.90)
			return OCC_BUSINESS_OWNER;
		return OCC_OTHER;
	case DT_POLICE:
	case DT_MILITARY:
		return OCC_ARMED_FORCES;
	case DT_AGENCY:
	case DT_SCHOOL:
	case DT_HIGHSCHOOL:
	case DT_HEALTH:
		return OCC_CIVIL_SERVANT;
	case DT_STATEFIRM:
		return u < 0.75 ? OCC_WORKER : OCC_OTHER;
	case DT_PRIVFIRM:
		if (u < 0.80)
			return OCC_PRIVATE_FIRM;
		return u < 0.90 ? OCC_WORKER : OCC_BUSINESS_OWNER;
	case DT_COOP:
		return OCC_FARMER;
	default:
		return OCC_OTHER;
	}
}

static enum education education_draw(struct rng *r, enum occupation occ, int born)
{
	double u = rng_unit(r);
	switch (occ) {
	case OCC_CIVIL_SERVANT:
		if (born < 1960)
			return u < 0.3 ? EDU_VOCATIONAL : u < 0.5 ? EDU_COLLEGE : EDU_UNIVERSITY;
		if (u < 0.02)
			return EDU_VOCATIONAL;
		if (u < 0.09)
			return EDU_COLLEGE;
		if (u < 0.77)
			return EDU_UNIVERSITY;
		return u < 0.98 ? EDU_MASTER : EDU_DOCTOR;
	case OCC_ARMED_FORCES:
		return u < 0.2 ? EDU_UPPER_SECONDARY : u < 0.5 ? EDU_VOCATIONAL : EDU_UNIVERSITY;
	case OCC_WORKER:
		if (u < 0.05)
			return EDU_LOWER_SECONDARY;
		if (u < 0.60)
			return EDU_UPPER_SECONDARY;
		return u < 0.85 ? EDU_VOCATIONAL : EDU_COLLEGE;
	case OCC_FARMER:
		if (u < 0.05 && born < 1960)
			return EDU_PRIMARY;
		if (u < 0.50)
			return EDU_LOWER_SECONDARY;
		return u < 0.95 ? EDU_UPPER_SECONDARY : EDU_VOCATIONAL;
	case OCC_STUDENT:
		return EDU_UPPER_SECONDARY;
	case OCC_PRIVATE_FIRM:
		if (u < 0.30)
			return EDU_UPPER_SECONDARY;
		if (u < 0.40)
			return EDU_VOCATIONAL;
		if (u < 0.60)
			return EDU_COLLEGE;
		return u < 0.95 ? EDU_UNIVERSITY : EDU_MASTER;
	case OCC_BUSINESS_OWNER:
		if (u < 0.40)
			return EDU_UPPER_SECONDARY;
		if (u < 0.50)
			return EDU_COLLEGE;
		return u < 0.95 ? EDU_UNIVERSITY : EDU_MASTER;
	case OCC_RETIRED:
		if (born < 1945) {
			if (u < 0.10)
				return EDU_PRIMARY;
			if (u < 0.45)
				return EDU_LOWER_SECONDARY;
			if (u < 0.75)
				return EDU_UPPER_SECONDARY;
			return u < 0.85 ? EDU_VOCATIONAL : EDU_UNIVERSITY;
		}
		if (u < 0.05)
			return EDU_LOWER_SECONDARY;
		if (u < 0.40)
			return EDU_UPPER_SECONDARY;
		if (u < 0.60)
			return EDU_VOCATIONAL;
		if (u < 0.70)
			return EDU_COLLEGE;
		return u < 0.97 ? EDU_UNIVERSITY : EDU_MASTER;
	default:
		return u < 0.5 ? EDU_UPPER_SECONDARY : u < 0.7 ? EDU_VOCATIONAL : EDU_UNIVERSITY;
	}
}

/* --- members --- */

/* What a member's draw starts from. */
struct draw {
	enum gender gender;
	date_t decision, ceremony;
	bool stock;    /* admitted before 2010: older weights, no pupils */
	unsigned mask; /* types of cells allowed (0 = any) */
	bool founder;  /* moves to the unit `founds` on its founding day */
	int founds;
	bool pipe; /* admitted through the pipeline (every admission from 2010 on) */
	uint32_t serial;
};

/* A dated move of a member to a cell. */
struct devent {
	date_t day;
	int org;
};

static void xfer_push(struct demo *d, struct dmem *m, date_t day, int org)
{
	if (d->nxfers == d->axfers) {
		d->axfers = d->axfers ? 2 * d->axfers : 4096;
		d->xfers = xrealloc(d->xfers, (size_t)d->axfers * sizeof(*d->xfers));
	}
	d->xfers[d->nxfers++] = (struct dxfer){day, org};
	m->nxfer++;
}

/*
 * Turns a member's planned moves into transfers: moves after the exit, to the cell the
 * member is already in or to a cell not alive that day are dropped, and whoever is in a
 * unit on the day it is dissolved moves to the unit that takes it over.
 */
static void timeline(struct demo *d, struct dmem *m, struct devent *ev, int nev)
{
	for (int i = 1; i < nev; i++) {
		for (int k = i; k > 0 && ev[k].day < ev[k - 1].day; k--) {
			struct devent t = ev[k];
			ev[k] = ev[k - 1];
			ev[k - 1] = t;
		}
	}
	date_t end = m->exit == DATE_NONE ? DATE_MAX : m->exit;
	date_t last = m->ceremony;
	int cur = m->org;
	m->xfer = d->nxfers;
	m->nxfer = 0;
	for (int i = 0; i <= nev; i++) {
		date_t day = i < nev && ev[i].day < end ? ev[i].day : end;
		while (d->orgs[cur].dissolved != DATE_NONE && d->orgs[cur].dissolved < day) {
			last = d->orgs[cur].dissolved;
			cur = d->orgs[cur].merged_into;
			assert(cur >= 0);
			xfer_push(d, m, last, cur);
		}
		if (day == end)
			break;
		if (ev[i].day <= last || ev[i].org == cur || !alive(&d->orgs[ev[i].org], ev[i].day))
			continue;
		last = ev[i].day;
		cur = ev[i].org;
		xfer_push(d, m, last, cur);
	}
}

/* The cell a member is placed in on day (the admitting cell before the ceremony). */
static int org_on(const struct demo *d, const struct dmem *m, date_t day)
{
	int org = m->org;
	for (int i = 0; i < m->nxfer; i++) {
		if (d->xfers[m->xfer + i].day <= day)
			org = d->xfers[m->xfer + i].org;
	}
	return org;
}

static bool active_on(const struct dmem *m, date_t day)
{
	return m->ceremony <= day && (m->exit == DATE_NONE || m->exit > day);
}

/* Keeps the earliest of the exits drawn. */
static void exit_consider(struct dmem *m, date_t day, const char *reason)
{
	if (day <= m->ceremony)
		return;
	if (m->exit == DATE_NONE || day < m->exit) {
		m->exit = day;
		m->exit_reason = reason;
	}
}

static int age_years(date_t birth, date_t day)
{
	return date_months_between(birth, day) / 12;
}

/* --- the admission pipeline --- */

static int card_serial(uint32_t serial);

/*
 * Every admission from 2010 on comes through the pipeline: its case is planned backwards
 * from the decision the history already fixes (the cell's vote a few working days before
 * it, the dossier, the course, the helper and the source list earlier), and forwards to
 * the recognition after twelve months of probation (or a strike-off or a leaving when the
 * membership ends first). People who leave the source list without being admitted are
 * drawn as well, from their own streams. Who helps, who introduces and how the votes went
 * are chosen from the members of the cell on each day (plan_people), so the case obeys the
 * rules of core/rules.h as the app would check them (tests/unit/test_golden.c verifies a
 * sample with app_candidate_verify).
 */

struct dperson {
	char *name;
	enum gender gender;
	date_t birth;
	int province;
	const char *ethnicity, *religion;
	enum education education;
	enum occupation occupation;
	enum tristate youth_union;
	uint32_t serial;
};

struct dcase {
	int mem;  /* the member it admits, or -1 */
	int drop; /* the person who leaves, or -1 */
	int org;  /* the cell */
	uint32_t serial;
	enum cand_source src;
	date_t source, helper, course, app, redo, cell, appraisal, committee, decision, ceremony;
	date_t phelper, self, hassess, rvote, rcommittee, rdecision;
	date_t left; /* the case closes early this day, DATE_NONE = it does not */
	enum cand_ev left_kind;
	const char *left_reason;
	/* chosen by plan_people */
	int helper_m, phelper_m, intro_m[2], nintro;
	date_t intro_since[2];
	bool youth_res;
	int official, present, yes, csize, cyes;
	int rofficial, rpresent, ryes, rcsize, rcyes;
};

struct ilist {
	int *v;
	int n, a;
};

static void ilist_push(struct ilist *l, int v)
{
	if (l->n == l->a) {
		l->a = l->a ? 2 * l->a : 16;
		l->v = xrealloc(l->v, (size_t)l->a * sizeof(*l->v));
	}
	l->v[l->n++] = v;
}

static struct dcase *case_new(struct demo *d)
{
	if (d->ncases == d->acases) {
		d->acases = d->acases ? 2 * d->acases : 4096;
		d->cases = xrealloc(d->cases, (size_t)d->acases * sizeof(*d->cases));
	}
	struct dcase *c = &d->cases[d->ncases++];
	memset(c, 0, sizeof(*c));
	date_t *dates[] = {&c->source, &c->helper, &c->course, &c->app, &c->redo, &c->cell,
		&c->appraisal, &c->committee, &c->decision, &c->ceremony, &c->phelper, &c->self,
		&c->hassess, &c->rvote, &c->rcommittee, &c->rdecision, &c->left};
	for (int i = 0; i < COUNT_OF(dates); i++)
		*dates[i] = DATE_NONE;
	c->mem = c->drop = -1;
	c->helper_m = c->phelper_m = c->intro_m[0] = c->intro_m[1] = -1;
	return c;
}

/* The working day n working days before day. */
static date_t sub_working(struct calendar *cal, date_t day, int n)
{
	while (n > 0) {
		day--;
		n -= core_calendar_is_working(cal, day);
	}
	return day;
}

/* The kind of cell decides the steps: a base cell has no base committee step. */
static bool base_cell(const struct demo *d, int org)
{
	return d->orgs[org].kind == ORG_BASE_CELL;
}

static bool under_sub(const struct demo *d, int org)
{
	int p = d->orgs[org].parent;
	return p >= 0 && d->orgs[p].kind == ORG_SUB_COMMITTEE;
}

static date_t max_date(date_t a, date_t b)
{
	return a > b ? a : b;
}

/*
 * The votes between the cell's and the decision: the cell votes k working days before the
 * decision, the base committee in between (with the sub-committee's appraisal before it).
 */
static void plan_votes(struct demo *d, struct rng *r, struct dcase *c)
{
	int k = rng_unit(r) < 0.9 ? rng_int(r, 8, 40) : rng_int(r, 41, 58);
	c->cell = sub_working(&d->cal, c->decision, k);
	if (!base_cell(d, c->org)) {
		int j = rng_int(r, 2, k - 3);
		c->committee = core_calendar_add_working(&d->cal, c->cell, j);
		if (under_sub(d, c->org))
			c->appraisal =
				core_calendar_add_working(&d->cal, c->cell, rng_int(r, 1, j - 1));
	}
}

/*
 * The steps before the cell's vote: the course certificate some months earlier (now and
 * then years: their certificates run out), the dossier within the last months, the helper
 * and the source list before the course. Nothing before the cell was founded.
 */
static void plan_before(struct demo *d, struct rng *r, struct dcase *c)
{
	double u = rng_unit(r);
	int gap = u < 0.86   ? rng_int(r, 20, 100)
		  : u < 0.95 ? rng_int(r, 100, 500)
			     : rng_int(r, 1650, 1820);
	c->course = c->cell - gap;
	c->redo = c->cell - rng_int(r, 3, gap < 90 ? gap : 90);
	c->app = c->redo - rng_int(r, 0, 60);
	if (c->app < c->course)
		c->app = c->course;
	c->helper = c->course - rng_int(r, 10, 45);
	c->source = c->helper - rng_int(r, 7, 45);
	date_t founded = d->orgs[c->org].founded;
	if (founded != DATE_NONE && c->source < founded) {
		c->source = founded;
		c->helper = max_date(c->helper, c->source);
		c->course = max_date(c->course, c->helper);
		c->app = max_date(c->app, c->course);
		c->redo = max_date(c->redo, c->app);
	}
}

/* Who referred the person: the Youth Union for most of its members, else by occupation. */
static enum cand_source source_draw(struct rng *r, enum gender g, enum occupation occ, bool youth)
{
	double u = rng_unit(r);
	if (youth && u < 0.5)
		return SRC_YOUTH;
	if (g == GENDER_FEMALE && u < 0.65)
		return SRC_WOMEN;
	if (occ == OCC_WORKER && u < 0.8)
		return SRC_UNION;
	if (occ == OCC_FARMER && u < 0.8)
		return SRC_FARMERS;
	if (u < 0.85)
		return SRC_CELL;
	return u < 0.93 ? SRC_FRONT : SRC_VETERANS;
}

/*
 * Recognition after probation, unless the membership ends first: struck off (xóa tên)
 * shortly after probation, or gone (death, transfer out) before the decision.
 */
static void plan_after(struct demo *d, struct rng *r, struct dcase *c, struct dmem *m)
{
	date_t end = date_add_months(c->ceremony, 12);
	c->phelper = c->ceremony + rng_int(r, 0, 10);
	c->self = end - rng_int(r, 5, 25);
	c->hassess = end - rng_int(r, 3, 20);
	int v = rng_int(r, 1, 25);
	c->rvote = core_calendar_add_working(&d->cal, end, v);
	int j = 0;
	if (!base_cell(d, c->org)) {
		j = rng_int(r, 2, 8);
		c->rcommittee = core_calendar_add_working(&d->cal, c->rvote, j);
	}
	c->rdecision = core_calendar_add_working(&d->cal, c->rvote, rng_int(r, j + 1, 28));
	m->piped = true;
	m->recog = c->rdecision;
	if (m->exit == DATE_NONE || m->exit > c->rdecision)
		return;
	m->recog = DATE_NONE;
	c->left = m->exit;
	c->left_reason = m->exit_reason;
	c->left_kind =
		strcmp(m->exit_reason, "Xóa tên") == 0 && m->exit > end ? EV_STRIKE_OFF : EV_LEAVE;
}

/* An official member known as such on day (recognised by then, when admitted by the pipeline). */
static bool official_known(const struct dmem *m, date_t day)
{
	if (m->official == DATE_NONE || m->official > day)
		return false;
	return !m->piped || (m->recog != DATE_NONE && m->recog <= day);
}

/* The cell of a member on day and since when the member has been there. */
static int org_since(const struct demo *d, const struct dmem *m, date_t day, date_t *since)
{
	int org = m->org;
	*since = m->ceremony;
	for (int i = 0; i < m->nxfer; i++) {
		if (d->xfers[m->xfer + i].day <= day) {
			org = d->xfers[m->xfer + i].org;
			*since = d->xfers[m->xfer + i].day;
		}
	}
	return org;
}

/* For each org, the members ever placed in it. */
static void index_members(struct demo *d)
{
	d->placed = xcalloc((size_t)d->norgs, sizeof(*d->placed));
	for (int i = 0; i < d->nmems; i++) {
		const struct dmem *m = &d->mems[i];
		ilist_push(&d->placed[m->org], i);
		for (int k = 0; k < m->nxfer; k++) {
			struct ilist *l = &d->placed[d->xfers[m->xfer + k].org];
			if (!l->n || l->v[l->n - 1] != i)
				ilist_push(l, i);
		}
	}
}

/* Official members placed in org on day, as store_count_official_in counts them. */
static int count_official(const struct demo *d, int org, date_t day)
{
	const struct ilist *l = &d->placed[org];
	int n = 0;
	date_t since;
	for (int i = 0; i < l->n; i++) {
		const struct dmem *m = &d->mems[l->v[i]];
		n += active_on(m, day) && official_known(m, day) &&
		     org_since(d, m, day, &since) == org;
	}
	return n;
}

/*
 * Picks an official member of cell on day, other than those in `not`, who has been official
 * and in the cell for `months` months. With base set, any cell of the cell's base
 * organisation will do; with org -1, any cell. Returns -1 when there is none.
 */
static int pick_member(struct demo *d, struct rng *r, int cell, bool base, date_t day, int months,
	const int * not, int nnot)
{
	date_t back = months ? date_add_months(day, -months) : day;
	int found = 0, pick = -1;
	for (int pass = 0; pass < 2; pass++) {
		int want = pass ? rng_int(r, 0, found - 1) : -1;
		int seen = 0;
		for (int ci = 0; ci < d->ncells; ci++) {
			int org = d->cells[ci];
			if (cell >= 0 &&
				(base ? d->orgs[org].base != d->orgs[cell].base : org != cell))
				continue;
			const struct ilist *l = &d->placed[org];
			for (int i = 0; i < l->n; i++) {
				int x = l->v[i];
				const struct dmem *m = &d->mems[x];
				date_t since;
				bool ok = active_on(m, day) && official_known(m, day) &&
					  org_since(d, m, day, &since) == org &&
					  m->official <= back && (base || since <= back);
				for (int k = 0; k < nnot && ok; k++)
					ok = not [k] != x;
				if (!ok)
					continue;
				if (pass && seen == want)
					pick = x;
				seen++;
			}
		}
		found = seen;
		if (!found)
			return -1;
	}
	return pick;
}

/* A member from the cell, else from its base organisation, else from the city. */
static int pick_near(struct demo *d, struct rng *r, int cell, date_t day, int months,
	const int * not, int nnot, bool *in_cell)
{
	int x = pick_member(d, r, cell, false, day, months, not, nnot);
	*in_cell = x >= 0;
	if (x < 0)
		x = pick_member(d, r, cell, true, day, months, not, nnot);
	if (x < 0)
		x = pick_member(d, r, -1, true, day, months, not, nnot);
	return x;
}

/* Votes that pass: present and yes at or above two thirds of the body. */
static void votes(struct rng *r, int body, int *present, int *yes)
{
	int need = (2 * body + 2) / 3;
	*present = body - rng_int(r, 0, body - need > 2 ? 2 : body - need);
	*yes = *present - rng_int(r, 0, *present - need > 1 ? 1 : *present - need);
}

/* The people and numbers of a case: helpers, introducers, votes. */
static void plan_people(struct demo *d, struct dcase *c)
{
	struct rng r = rng_stream(S_PIPE, c->serial);
	bool in_cell;
	enum tristate youth =
		c->mem >= 0 ? d->mems[c->mem].youth_union : d->drops[c->drop].youth_union;
	if (c->helper != DATE_NONE)
		c->helper_m = pick_near(d, &r, c->org, c->helper, 0, NULL, 0, &in_cell);
	if (c->redo != DATE_NONE) {
		int want = youth == TRI_YES && rng_unit(&r) < 0.4 ? 1 : 2;
		c->youth_res = want == 1;
		for (int k = 0; k < want; k++) {
			int x = pick_near(
				d, &r, c->org, c->redo, 12, c->intro_m, c->nintro, &in_cell);
			if (x < 0)
				break;
			date_t since;
			org_since(d, &d->mems[x], c->redo, &since);
			c->intro_since[c->nintro] =
				in_cell ? since : date_add_months(c->redo, -rng_int(&r, 13, 48));
			c->intro_m[c->nintro++] = x;
		}
	}
	if (c->cell != DATE_NONE) {
		c->official = count_official(d, c->org, c->cell);
		votes(&r, c->official, &c->present, &c->yes);
		c->csize = rng_int(&r, 7, 15);
		c->cyes = c->csize - rng_int(&r, 0, c->csize - (2 * c->csize + 2) / 3);
	}
	if (c->phelper != DATE_NONE)
		c->phelper_m = pick_near(d, &r, c->org, c->phelper, 0, NULL, 0, &in_cell);
	if (c->rvote != DATE_NONE) {
		c->rofficial = count_official(d, c->org, c->rvote);
		votes(&r, c->rofficial, &c->rpresent, &c->ryes);
		c->rcsize = rng_int(&r, 7, 15);
		c->rcyes = c->rcsize - rng_int(&r, 0, c->rcsize - (2 * c->rcsize + 2) / 3);
	}
}

/* The people who leave the source list without being admitted, year by year. */
static void dropouts_gen(struct demo *d)
{
	static const char *const early[] = {"Chuyển công tác", "Chuyển nơi cư trú",
		"Xin rút khỏi danh sách nguồn", "Chưa đủ tiêu chuẩn"};
	for (int y = 2010; y <= d->last_year; y++) {
		for (int k = 0; k < 40; k++) {
			uint32_t serial = 700000 + (uint32_t)(y - 2010) * 100 + (uint32_t)k;
			struct rng r = rng_stream(S_DROP, serial);
			date_t source = date_from_ymd(y, 1, 1) + rng_int(&r, 0, 364);
			int cell = cell_pick(d, &r, source, source, 0, -1);
			if (cell < 0)
				continue;
			if (d->ndrops == d->adrops) {
				d->adrops = d->adrops ? 2 * d->adrops : 1024;
				d->drops =
					xrealloc(d->drops, (size_t)d->adrops * sizeof(*d->drops));
			}
			struct dperson *p = &d->drops[d->ndrops];
			memset(p, 0, sizeof(*p));
			p->serial = serial;
			p->gender = rng_unit(&r) < 0.55 ? GENDER_FEMALE : GENDER_MALE;
			int age = rng_int(&r, 18, 35);
			p->birth = add_years(source, -age) - rng_int(&r, 0, 364);
			p->name = name_make(d, &r, p->gender, year_of(p->birth));
			p->province = rng_unit(&r) < 0.86 ? PROVINCE_BN : 1;
			p->ethnicity = rng_unit(&r) < 0.985 ? "Kinh" : "Tày";
			p->religion = rng_unit(&r) < 0.93 ? "Không" : "Phật giáo";
			p->occupation = occupation_draw(&r, d->orgs[cell].type, false);
			p->education = education_draw(&r, p->occupation, year_of(p->birth));
			p->youth_union = age <= 30 && rng_unit(&r) < 0.85 ? TRI_YES : TRI_NO;
			struct dcase *c = case_new(d);
			c->drop = d->ndrops++;
			c->org = cell;
			c->serial = serial;
			c->src = source_draw(
				&r, p->gender, p->occupation, p->youth_union == TRI_YES);
			c->source = source;
			c->left_kind = EV_LEAVE;
			double u = rng_unit(&r);
			if (u < 0.47) {
				if (rng_unit(&r) < 0.7)
					c->helper = source + rng_int(&r, 7, 60);
				c->left = source + rng_int(&r, 60, 400);
				c->left_reason = early[rng_int(&r, 0, COUNT_OF(early) - 1)];
				continue;
			}
			c->helper = source + rng_int(&r, 7, 60);
			c->course = c->helper + rng_int(&r, 15, 150);
			if (u < 0.55) {
				c->left = date_add_months(c->course, 60) + rng_int(&r, 60, 400);
				c->left_reason = "Giấy chứng nhận học lớp đã hết hạn";
				continue;
			}
			c->app = c->course + rng_int(&r, 20, 150);
			c->redo = c->app + rng_int(&r, 0, 30);
			if (u < 0.80) {
				c->left = date_add_months(c->redo, 12) + rng_int(&r, 60, 400);
				c->left_reason = "Hồ sơ quá hạn, chưa được chi bộ xét";
				continue;
			}
			if (u < 0.90) {
				c->left = c->redo + rng_int(&r, 30, 180);
				c->left_reason = "Chi bộ không đề nghị kết nạp";
				continue;
			}
			c->cell = c->redo + rng_int(&r, 10, 90);
			if (!base_cell(d, cell)) {
				int j = rng_int(&r, 3, 20);
				c->committee = core_calendar_add_working(&d->cal, c->cell, j);
				if (under_sub(d, cell))
					c->appraisal = core_calendar_add_working(
						&d->cal, c->cell, rng_int(&r, 1, j - 1));
			}
			c->left = core_calendar_add_working(
				&d->cal, c->cell, 60 + rng_int(&r, 10, 80));
			c->left_reason = "Cấp ủy cấp trên không ra quyết định kết nạp";
		}
	}
}

/* "Nguyễn Văn An (thẻ 27012345)" for member x into out. */
static const char *member_ref(const struct demo *d, int x, char *out, size_t size)
{
	const struct dmem *m = &d->mems[x];
	snprintf(out, size, "%s (thẻ %02d%06d)", m->name, PROVINCE_BN, card_serial(m->serial));
	return out;
}

/*
 * The events of case c up to `until` (and up to the day it closes) into ev (at most 32),
 * with texts in strs. Returns how many.
 */
static size_t case_events(struct demo *d, const struct dcase *c, date_t until,
	struct cand_event *ev, char (*strs)[128])
{
	size_t n = 0, ns = 0;
	date_t last = c->left != DATE_NONE && c->left < until ? c->left : until;
	int y;
#define EV(KIND, SUB, DATE) \
	do { \
		ev[n] = (struct cand_event){ \
			.kind = (KIND), .sub = (SUB), .date = (DATE), .date2 = DATE_NONE}; \
		n++; \
	} while (0)
#define TEXT(...) (snprintf(strs[ns], 128, __VA_ARGS__), strs[ns++])
	if (c->source == DATE_NONE || c->source > last)
		return 0;
	date_to_ymd(c->source, &y, NULL, NULL);
	EV(EV_SOURCE, c->src, c->source);
	if (c->helper != DATE_NONE && c->helper <= last && c->helper_m >= 0) {
		EV(EV_HELPER, HELPER_CANDIDATE, c->helper);
		ev[n - 1].ref_label = (char *)member_ref(d, c->helper_m, strs[ns++], 128);
		ev[n - 1].ref = d->mems[c->helper_m].member_id;
	}
	if (c->course != DATE_NONE && c->course <= last) {
		EV(EV_COURSE, 0, c->course);
		ev[n - 1].number = TEXT("%u/GCN-TTCT", (unsigned)(c->serial % 9000 + 100));
		ev[n - 1].text = "Trung tâm Chính trị thành phố";
	}
	if (c->app != DATE_NONE && c->app <= last) {
		static const enum doc_kind first[] = {
			DOC_APPLICATION, DOC_HISTORY, DOC_VERIFICATION};
		for (int k = 0; k < COUNT_OF(first); k++)
			EV(EV_DOCUMENT, first[k], k == 2 && c->redo <= last ? c->redo : c->app);
	}
	if (c->redo != DATE_NONE && c->redo <= last) {
		EV(EV_DOCUMENT, DOC_WORK_OPINION, c->redo);
		EV(EV_DOCUMENT, DOC_HOME_OPINION, c->redo);
		if (c->youth_res)
			EV(EV_DOCUMENT, DOC_YOUTH_RESOLUTION, c->redo);
		for (int k = 0; k < c->nintro; k++) {
			EV(EV_DOCUMENT, DOC_INTRODUCTION, c->redo);
			ev[n - 1].date2 = c->intro_since[k];
			ev[n - 1].ref_label = (char *)member_ref(d, c->intro_m[k], strs[ns++], 128);
			ev[n - 1].ref = d->mems[c->intro_m[k]].member_id;
		}
	}
	if (c->cell != DATE_NONE && c->cell <= last) {
		EV(EV_CELL_VOTE, 0, c->cell);
		ev[n - 1].votes[0] = c->official;
		ev[n - 1].votes[1] = c->present;
		ev[n - 1].votes[2] = c->yes;
		ev[n - 1].number = TEXT("%u-NQ/CB", (unsigned)(c->serial % 90 + 1));
	}
	if (c->appraisal != DATE_NONE && c->appraisal <= last)
		EV(EV_APPRAISAL, 0, c->appraisal);
	if (c->committee != DATE_NONE && c->committee <= last) {
		EV(EV_COMMITTEE_VOTE, 0, c->committee);
		ev[n - 1].votes[0] = c->csize;
		ev[n - 1].votes[1] = c->csize;
		ev[n - 1].votes[2] = c->cyes;
		ev[n - 1].number = TEXT("%u-NQ/ĐU", (unsigned)(c->serial % 300 + 1));
	}
	if (c->decision != DATE_NONE && c->decision <= last) {
		EV(EV_DECISION, 0, c->decision);
		ev[n - 1].number = TEXT("%u-QĐ/TU", (unsigned)(c->serial % 900 + 100));
		ev[n - 1].ref_label = d->orgs[d->city].code;
		ev[n - 1].ref = d->orgs[d->city].id;
		ev[n - 1].text = "Ban Thường vụ Thành ủy";
	}
	if (c->ceremony != DATE_NONE && c->ceremony <= last)
		EV(EV_CEREMONY, 0, c->ceremony);
	if (c->phelper != DATE_NONE && c->phelper <= last && c->phelper_m >= 0) {
		EV(EV_HELPER, HELPER_PROBATION, c->phelper);
		ev[n - 1].ref_label = (char *)member_ref(d, c->phelper_m, strs[ns++], 128);
		ev[n - 1].ref = d->mems[c->phelper_m].member_id;
	}
	if (c->self != DATE_NONE && c->self <= last)
		EV(EV_ASSESSMENT, ASSESS_SELF, c->self);
	if (c->hassess != DATE_NONE && c->hassess <= last)
		EV(EV_ASSESSMENT, ASSESS_HELPER, c->hassess);
	if (c->rvote != DATE_NONE && c->rvote <= last && c->left == DATE_NONE) {
		EV(EV_RECOG_CELL_VOTE, 0, c->rvote);
		ev[n - 1].votes[0] = c->rofficial;
		ev[n - 1].votes[1] = c->rpresent;
		ev[n - 1].votes[2] = c->ryes;
	}
	if (c->rcommittee != DATE_NONE && c->rcommittee <= last && c->left == DATE_NONE) {
		EV(EV_RECOG_COMMITTEE_VOTE, 0, c->rcommittee);
		ev[n - 1].votes[0] = c->rcsize;
		ev[n - 1].votes[1] = c->rcsize;
		ev[n - 1].votes[2] = c->rcyes;
	}
	if (c->rdecision != DATE_NONE && c->rdecision <= last && c->left == DATE_NONE) {
		EV(EV_RECOG_DECISION, 0, c->rdecision);
		ev[n - 1].number = TEXT("%u-QĐ/TU", (unsigned)(c->serial % 900 + 1000));
		ev[n - 1].ref_label = d->orgs[d->city].code;
		ev[n - 1].ref = d->orgs[d->city].id;
	}
	if (c->left != DATE_NONE && c->left <= until) {
		EV(c->left_kind, 0, c->left);
		if (c->left_kind == EV_STRIKE_OFF)
			ev[n - 1].number = TEXT("%u-QĐ/TU", (unsigned)(c->serial % 900 + 2000));
		ev[n - 1].text = (char *)c->left_reason;
	}
#undef EV
#undef TEXT
	return n;
}

/*
 * Draws one member, life included, from its own stream, and appends it to the model.
 * Returns false (nothing appended) when no cell could admit it.
 */
static bool member_gen(struct demo *d, struct rng *r, const struct draw *w)
{
	bool pupil;
	int org = cell_admitting(
		d, r, w->gender, w->decision, w->ceremony, w->stock, w->mask, &pupil);
	if (org < 0)
		return false;
	if (d->nmems == d->amems) {
		d->amems = d->amems ? 2 * d->amems : 16384;
		d->mems = xrealloc(d->mems, (size_t)d->amems * sizeof(*d->mems));
	}
	struct dmem *m = &d->mems[d->nmems];
	memset(m, 0, sizeof(*m));
	enum dtype type = d->orgs[org].type;
	m->gender = w->gender;
	m->org = org;
	m->decision = w->decision;
	m->ceremony = w->ceremony;
	m->serial = w->serial;
	m->exit = DATE_NONE;

	/*
	 * A pipeline admission's case is planned back from the decision first: the person must
	 * be 18 at the cell's vote. Age at that review (or at the decision), and a birth date
	 * giving exactly that many full years.
	 */
	struct dcase *c = NULL;
	date_t review = w->decision;
	if (w->pipe) {
		c = case_new(d);
		c->mem = d->nmems;
		c->org = org;
		c->serial = w->serial;
		c->decision = w->decision;
		c->ceremony = w->ceremony;
		plan_votes(d, r, c);
		plan_before(d, r, c);
		review = c->cell;
	}
	int dy = year_of(w->decision);
	if (pupil) {
		date_t lo = date_from_ymd(dy - 18, 1, 1);
		date_t hi = add_years(review, -18);
		if (hi < lo)
			lo = hi - 300;
		m->birth = lo + rng_int(r, 0, hi - lo);
	} else {
		int age;
		double u = rng_unit(r);
		if (type == DT_POLICE || type == DT_MILITARY)
			age = rng_int(r, 19, 27);
		else if (u < 0.15)
			age = rng_int(r, 18, 21);
		else if (u < 0.80)
			age = rng_int(r, 22, 30);
		else
			age = rng_int(r, 31, 45);
		if (w->stock && age > dy - 1931)
			age = dy - 1931;
		m->birth = add_years(review, -age) - rng_int(r, 0, 364);
	}
	int born = year_of(m->birth);
	m->name = name_make(d, r, m->gender, born);
	m->province = PROVINCE_BN;
	if (rng_unit(r) >= 0.86) {
		static const int elsewhere[] = {1, 24, 26, 30, 33, 19, 36, 34};
		m->province = elsewhere[rng_int(r, 0, COUNT_OF(elsewhere) - 1)];
	}
	m->ethnicity = rng_unit(r) < 0.985
			       ? "Kinh"
			       : rng_weighted(r, demo_minority, COUNT_OF(demo_minority));
	double u = rng_unit(r);
	m->religion = u < 0.93 ? "Không" : u < 0.98 ? "Phật giáo" : "Công giáo";

	/* The exits: the earliest of the events drawn. */
	int age0 = age_years(m->birth, m->ceremony);
	double mean = m->gender == GENDER_MALE ? 78.0 : 83.0;
	int life = (int)(mean + 8.0 * rng_gauss(r));
	if (life > 101)
		life = 101;
	if (life < 50)
		life = 50;
	if (w->founder && life < 65)
		life = 65;
	if (life <= age0)
		life = age0 + 1 + rng_int(r, 0, 40);
	exit_consider(m, add_years(m->birth, life) + rng_int(r, 0, 364), "Từ trần");
	if (pupil) {
		exit_consider(m, date_from_ymd(dy, 8, 15) + rng_int(r, 0, 30),
			"Chuyển sinh hoạt đảng ra ngoài");
	} else if (!w->founder) {
		if (rng_unit(r) < 0.10)
			exit_consider(m, m->ceremony + rng_int(r, 365, 35 * 365),
				"Chuyển sinh hoạt đảng ra ngoài");
		if (rng_unit(r) < 0.010)
			exit_consider(m, m->ceremony + rng_int(r, 2 * 365, 25 * 365), "Xóa tên");
		if (rng_unit(r) < 0.002)
			exit_consider(m, m->ceremony + rng_int(r, 3 * 365, 30 * 365), "Khai trừ");
		if (rng_unit(r) < 0.002)
			exit_consider(
				m, m->ceremony + rng_int(r, 5 * 365, 30 * 365), "Xin ra khỏi Đảng");
		if (rng_unit(r) < 0.006)
			exit_consider(m, date_add_months(m->ceremony, 12) + rng_int(r, 15, 60),
				"Xóa tên");
	}
	m->official = date_add_months(m->ceremony, 12);
	if (m->exit != DATE_NONE && m->official >= m->exit)
		m->official = DATE_NONE;

	/* Moves: home on retiring, now and then to another cell of the same kind. */
	struct devent ev[3];
	int nev = 0;
	if (!pupil && !(RESIDENTIAL >> type & 1)) {
		date_t day =
			add_years(m->birth, m->gender == GENDER_MALE ? 60 : 55) + rng_int(r, 0, 90);
		int home = cell_pick(d, r, day, m->ceremony, RESIDENTIAL, -1);
		if (home >= 0)
			ev[nev++] = (struct devent){day, home};
	}
	if (!pupil && rng_unit(r) < 0.04) {
		date_t day = m->ceremony + rng_int(r, 365, 20 * 365);
		int to = cell_pick(d, r, day, m->ceremony, 1u << type, org);
		if (to >= 0)
			ev[nev++] = (struct devent){day, to};
	}
	if (w->founder) {
		const struct dorg *f = &d->orgs[w->founds];
		ev[nev++] = (struct devent){f->founded, w->founds};
	}
	timeline(d, m, ev, nev);

	/* What they do, as of the article's day (or their last day before it). */
	date_t ref = d->article;
	if (ref < m->ceremony)
		ref = m->ceremony;
	if (m->exit != DATE_NONE && ref >= m->exit)
		ref = m->exit - 1;
	enum dtype now = d->orgs[org_on(d, m, ref)].type;
	bool retired = age_years(m->birth, ref) >= (m->gender == GENDER_MALE ? 60 : 55);
	m->occupation = pupil ? OCC_STUDENT : occupation_draw(r, now, retired);
	m->education = education_draw(r, m->occupation, born);
	if (age_years(m->birth, m->decision) <= 30)
		m->youth_union = rng_unit(r) < 0.92 ? TRI_YES : TRI_NO;
	else
		m->youth_union = TRI_NO;
	m->recog = DATE_NONE;
	if (c) {
		c->src = source_draw(r, m->gender, m->occupation, m->youth_union == TRI_YES);
		plan_after(d, r, c, m);
	}
	d->nmems++;
	return true;
}

/* Draws a decision day in [lo, hi - 30] and its ceremony 7–30 days later (<= hi). */
static void admission_days(struct rng *r, date_t lo, date_t hi, date_t *decision, date_t *ceremony)
{
	date_t top = hi - 30;
	assert(top >= lo);
	*decision = working_day(lo + rng_int(r, 0, top - lo), lo, top);
	*ceremony = *decision + rng_int(r, 7, 30);
}

/*
 * The periods of admissions from 2010 to 31/12/last_year, each with its number of people
 * and of women. The term's periods are set so that 01/10/2020 – 22/04/2024 holds exactly
 * TERM_ADMITTED admissions, TERM_WOMEN of them women, with 209 in 2023.
 */
static void periods_build(struct demo *d)
{
	/* Year and admissions; the share of women rises from 52% to 62%. */
	static const int before[][2] = {{2010, 152}, {2011, 158}, {2012, 161}, {2013, 166},
		{2014, 170}, {2015, 174}, {2016, 180}, {2017, 185}, {2018, 188}, {2019, 193}};
	/* The term's periods before the article's; the rest of its figures go to 2024. */
	static const struct {
		int from, to, n, women;
	} term[] = {
		{20201001, 20201231, 38, 25},
		{20210101, 20211231, 172, 115},
		{20220101, 20221231, 190, 128},
		{20230101, 20231231, 209, 141},
	};
	int cap = COUNT_OF(before) + COUNT_OF(term) + 4 + (d->last_year - 2024) + 1;
	d->periods = xcalloc((size_t)cap, sizeof(*d->periods));
	struct period *p = d->periods;
	int n = 0;
	for (int i = 0; i < COUNT_OF(before); i++) {
		int y = before[i][0];
		int women = (before[i][1] * (52 + (y - 2010) * 10 / 9) + 50) / 100;
		p[n++] = (struct period){
			date_from_ymd(y, 1, 1), date_from_ymd(y, 12, 31), before[i][1], women};
	}
	p[n++] = (struct period){date_from_ymd(2020, 1, 1), date_from_ymd(2020, 9, 30), 132, 82};
	int sum = 0, sum_women = 0;
	for (int i = 0; i < COUNT_OF(term); i++) {
		p[n++] = (struct period){
			ymd(term[i].from), ymd(term[i].to), term[i].n, term[i].women};
		sum += term[i].n;
		sum_women += term[i].women;
	}
	p[n++] = (struct period){
		date_from_ymd(2024, 1, 1), d->article, TERM_ADMITTED - sum, TERM_WOMEN - sum_women};
	p[n++] = (struct period){d->article + 1, date_from_ymd(2024, 12, 31), 172, 116};
	for (int y = 2025; y <= d->last_year; y++) {
		int k = y == 2025 ? 230 : 240 + 5 * (y - 2026);
		if (k > 300)
			k = 300;
		p[n++] = (struct period){
			date_from_ymd(y, 1, 1), date_from_ymd(y, 12, 31), k, (k * 67 + 50) / 100};
	}
	assert(n <= cap);
	d->nperiods = n;
}

/*
 * Generates the admissions of the periods, the women of each drawn by a fixed shuffle.
 * Returns false if a period could not be filled (no cell alive to admit in).
 */
static bool admissions_gen(struct demo *d)
{
	for (int pi = 0; pi < d->nperiods; pi++) {
		const struct period *p = &d->periods[pi];
		assert(p->n < 1000 && p->women <= p->n);
		bool woman[1000];
		for (int k = 0; k < p->n; k++)
			woman[k] = k < p->women;
		struct rng r = rng_stream(S_SHUFFLE, (uint64_t)pi);
		for (int k = p->n - 1; k > 0; k--) {
			int j = rng_int(&r, 0, k);
			bool t = woman[k];
			woman[k] = woman[j];
			woman[j] = t;
		}
		for (int k = 0; k < p->n; k++) {
			struct rng mr = rng_stream(S_ADMIT, (uint64_t)pi * 1000 + (uint64_t)k);
			struct draw w = {
				.gender = woman[k] ? GENDER_FEMALE : GENDER_MALE,
				.pipe = true,
				.serial = 400000 + (uint32_t)pi * 1000 + (uint32_t)k,
			};
			admission_days(&mr, p->from, p->to, &w.decision, &w.ceremony);
			if (!member_gen(d, &mr, &w))
				return false;
		}
	}
	return true;
}

/*
 * The founders of the unit founded by movers: admitted 2006–2009 in firms or agencies. And
 * three founders for every cell founded 1995–2009 (later than most of the stock could be
 * placed there): admitted 2–12 years earlier in a cell of the same type, they move in on its
 * founding day, so that the new cell has official members to vote on its first admissions.
 * Returns false if one could not be placed.
 */
static bool founders_gen(struct demo *d)
{
	unsigned mask = (1u << DT_STATEFIRM) | (1u << DT_PRIVFIRM) | (1u << DT_AGENCY);
	for (int k = 0; k < FOUNDERS; k++) {
		struct rng r = rng_stream(S_FOUNDER, (uint64_t)k);
		int y = rng_int(&r, 2006, 2009);
		struct draw w = {
			.gender = k % 2 ? GENDER_FEMALE : GENDER_MALE,
			.stock = true,
			.mask = mask,
			.founder = true,
			.founds = d->founded_by_movers,
			.serial = 390000 + (uint32_t)k,
		};
		admission_days(&r, date_from_ymd(y, 1, 1), date_from_ymd(y, 12, 31), &w.decision,
			&w.ceremony);
		if (!member_gen(d, &r, &w))
			return false;
	}
	date_t lo = date_from_ymd(1995, 1, 1), hi = date_from_ymd(STOCK_LAST_YEAR, 12, 31);
	for (int ci = 0; ci < d->ncells; ci++) {
		int org = d->cells[ci];
		const struct dorg *o = &d->orgs[org];
		if (o->founded == DATE_NONE || o->founded < lo || o->founded > hi)
			continue;
		for (int k = 0; k < 3; k++) {
			struct rng r =
				rng_stream(S_FOUNDER, 1000 + (uint64_t)org * 4 + (uint64_t)k);
			int fy = year_of(o->founded);
			int y = rng_int(&r, fy - 12, fy - 2);
			struct draw w = {
				.gender = rng_unit(&r) < 0.4 ? GENDER_FEMALE : GENDER_MALE,
				.stock = true,
				.mask = 1u << o->type,
				.founder = true,
				.founds = org,
				.serial = 391000 + (uint32_t)org * 4 + (uint32_t)k,
			};
			admission_days(&r, date_from_ymd(y, 1, 1), date_from_ymd(y, 12, 31),
				&w.decision, &w.ceremony);
			/* No cell of the type yet: any firm or agency, then any cell. */
			if (!member_gen(d, &r, &w)) {
				w.mask = (1u << DT_STATEFIRM) | (1u << DT_PRIVFIRM) |
					 (1u << DT_AGENCY);
				if (!member_gen(d, &r, &w)) {
					w.mask = 0;
					if (!member_gen(d, &r, &w))
						return false;
				}
			}
		}
	}
	return true;
}

/* How the stock's admissions spread over the years (wartime peaks, then growth). */
static double stock_year_weight(int y)
{
	if (y < 1955)
		return 0.4;
	if (y < 1965)
		return 0.8;
	if (y < 1976)
		return 1.2;
	if (y < 1990)
		return 1.3;
	return 2.4;
}

static double stock_women_share(int y)
{
	if (y < 1960)
		return 0.15;
	if (y < 1975)
		return 0.22;
	if (y < 1990)
		return 0.32;
	return 0.40;
}

static int count_active(const struct demo *d, date_t day)
{
	int n = 0;
	for (int i = 0; i < d->nmems; i++)
		n += active_on(&d->mems[i], day);
	return n;
}

/*
 * Generates the stock admitted 1949–2009, one person per index, until the city holds
 * ARTICLE_MEMBERS active members on the article's day. Returns false if it cannot.
 */
static bool stock_gen(struct demo *d)
{
	double cum[STOCK_LAST_YEAR - STOCK_FIRST_YEAR + 1];
	double total = 0;
	for (int y = STOCK_FIRST_YEAR; y <= STOCK_LAST_YEAR; y++) {
		total += stock_year_weight(y);
		cum[y - STOCK_FIRST_YEAR] = total;
	}
	int have = count_active(d, d->article);
	for (uint32_t i = 0; have < ARTICLE_MEMBERS; i++) {
		if (i >= 300000)
			return false;
		struct rng r = rng_stream(S_STOCK, i);
		double x = rng_unit(&r) * total;
		int y = STOCK_FIRST_YEAR;
		while (y < STOCK_LAST_YEAR && cum[y - STOCK_FIRST_YEAR] <= x)
			y++;
		struct draw w = {
			.gender = rng_unit(&r) < stock_women_share(y) ? GENDER_FEMALE : GENDER_MALE,
			.stock = true,
			.serial = i,
		};
		admission_days(&r, date_from_ymd(y, 1, 1), date_from_ymd(y, 12, 31), &w.decision,
			&w.ceremony);
		if (!member_gen(d, &r, &w))
			continue;
		have += active_on(&d->mems[d->nmems - 1], d->article);
	}
	return true;
}

/* Citizen ID and card serials: bijections of the member's serial over 0..999999. */
static int cid_serial(uint32_t serial)
{
	return (int)(((uint64_t)serial * 387331 + 12345) % 1000000);
}

static int card_serial(uint32_t serial)
{
	return (int)(((uint64_t)serial * 594193 + 271828) % 1000000);
}

/* --- targets and totals --- */

/* The city's yearly target assigned by the province, and the one it registered. */
static int city_target(int y, int *registered)
{
	/* 2016 ... 2025 */
	static const int assigned[] = {170, 175, 180, 185, 160, 165, 180, 200, 210, 225};
	int a;
	if (y - TARGETS_FIRST_YEAR < COUNT_OF(assigned))
		a = assigned[y - TARGETS_FIRST_YEAR];
	else
		a = 235 + 5 * (y - 2026) > 295 ? 295 : 235 + 5 * (y - 2026);
	*registered = y % 2 ? a - 5 : a;
	return a;
}

/* The city's share of the province's members in year y, per mille. */
static int city_share(int y)
{
	/* 2010 ... 2025 */
	static const int share[] = {166, 166, 165, 165, 164, 164, 163, 163, 163, 162, 162, 162, 162,
		161, SHARE_2024, 161};
	if (y - TOTALS_FIRST_YEAR < COUNT_OF(share))
		return share[y - TOTALS_FIRST_YEAR];
	return 161;
}

/* --- writing --- */

struct sorted {
	date_t ceremony;
	uint32_t serial;
	int index;
};

static int sorted_cmp(const void *a, const void *b)
{
	const struct sorted *x = a, *y = b;
	if (x->ceremony != y->ceremony)
		return x->ceremony < y->ceremony ? -1 : 1;
	return x->serial < y->serial ? -1 : x->serial > y->serial;
}

static enum ptdv_err orgs_insert(
	struct demo *d, struct store *st, date_t until, char **city_path, int64_t *n)
{
	enum ptdv_err err = PTDV_OK;
	for (int i = 0; i < d->norgs; i++) {
		struct dorg *o = &d->orgs[i];
		if (o->founded != DATE_NONE && o->founded > until)
			continue;
		assert(o->parent < 0 || d->orgs[o->parent].id);
		struct org row = {
			.code = o->code,
			.name = o->name,
			.kind = o->kind,
			.parent_id = o->parent >= 0 ? d->orgs[o->parent].id : 0,
			.founded = o->founded,
			.dissolved = o->dissolved != DATE_NONE && o->dissolved <= until
					     ? o->dissolved
					     : DATE_NONE,
		};
		err = store_org_insert(st, &row);
		if (err)
			goto fail;
		o->id = row.id;
		if (i == d->city)
			*city_path = row.path;
		else
			free(row.path);
		(*n)++;
	}
fail:
	return err;
}

/* Inserts the person of a member of the model (once) and keeps its id. */
static enum ptdv_err member_person_insert(struct store *st, struct dmem *m)
{
	char cid[13];
	if (m->person_id)
		return PTDV_OK;
	core_citizen_id_make(cid, m->province, m->gender, year_of(m->birth), cid_serial(m->serial));
	struct person p = {
		.full_name = m->name,
		.gender = m->gender,
		.birth_date = m->birth,
		.citizen_id = cid,
		.ethnicity = (char *)m->ethnicity,
		.religion = (char *)m->religion,
		.education = m->education,
		.occupation = m->occupation,
		.youth_union = m->youth_union,
	};
	enum ptdv_err err = store_person_insert(st, &p);
	m->person_id = p.id;
	return err;
}

static enum ptdv_err members_insert(
	struct app *app, struct demo *d, date_t until, int64_t *n, int64_t *moves)
{
	enum ptdv_err err = PTDV_OK;
	struct sorted *order = xmalloc((size_t)d->nmems * sizeof(*order));
	for (int i = 0; i < d->nmems; i++)
		order[i] = (struct sorted){d->mems[i].ceremony, d->mems[i].serial, i};
	qsort(order, (size_t)d->nmems, sizeof(*order), sorted_cmp);
	for (int k = 0; k < d->nmems; k++) {
		struct dmem *m = &d->mems[order[k].index];
		if (m->ceremony > until)
			continue;
		if (app->cancel && *app->cancel) {
			err = PTDV_CANCELLED;
			goto fail;
		}
		char card[16];
		err = member_person_insert(app->st, m);
		if (err)
			goto fail;
		bool official = official_known(m, until);
		bool exited = m->exit != DATE_NONE && m->exit <= until;
		snprintf(card, sizeof(card), "%02d%06d", PROVINCE_BN, card_serial(m->serial));
		struct member row = {
			.person_id = m->person_id,
			.org_id = d->orgs[m->org].id,
			.decision_date = m->decision,
			.ceremony_date = m->ceremony,
			.official_date = official ? m->official : DATE_NONE,
			.card_no = official ? card : NULL,
			.exit_date = exited ? m->exit : DATE_NONE,
			.exit_reason = exited ? (char *)m->exit_reason : NULL,
		};
		assert(row.org_id);
		err = store_member_insert(app->st, &row);
		if (err)
			goto fail;
		m->member_id = row.id;
		(*n)++;
		for (int i = 0; i < m->nxfer; i++) {
			const struct dxfer *x = &d->xfers[m->xfer + i];
			if (x->day > until)
				break;
			assert(d->orgs[x->org].id);
			err = store_member_transfer(app->st, row.id, d->orgs[x->org].id, x->day);
			if (err)
				goto fail;
			(*moves)++;
		}
	}
fail:
	free(order);
	return err;
}

static int case_cmp(const void *a, const void *b)
{
	const struct dcase *x = *(const struct dcase *const *)a,
			   *y = *(const struct dcase *const *)b;
	if (x->source != y->source)
		return x->source < y->source ? -1 : 1;
	return x->serial < y->serial ? -1 : x->serial > y->serial;
}

/*
 * The pipeline's cases begun by `until`, with their events up to it, in the order they
 * began: the people of admissions to come and of those who left are inserted here; the
 * members admitted by `until` were inserted by members_insert and are linked to their case.
 */
static enum ptdv_err cases_insert(struct app *app, struct demo *d, date_t until, int64_t *n)
{
	enum ptdv_err err = PTDV_OK;
	const struct dcase **order = xmalloc((size_t)(d->ncases ? d->ncases : 1) * sizeof(*order));
	for (int i = 0; i < d->ncases; i++)
		order[i] = &d->cases[i];
	qsort(order, (size_t)d->ncases, sizeof(*order), case_cmp);
	struct cand_event ev[32];
	char strs[16][128];
	for (int i = 0; i < d->ncases && !err; i++) {
		const struct dcase *c = order[i];
		if (c->source > until)
			continue;
		if (app->cancel && *app->cancel) {
			err = PTDV_CANCELLED;
			break;
		}
		int64_t person, member = 0, id;
		if (c->mem >= 0) {
			struct dmem *m = &d->mems[c->mem];
			err = member_person_insert(app->st, m);
			person = m->person_id;
			member = m->member_id;
		} else {
			const struct dperson *dp = &d->drops[c->drop];
			char cid[13];
			core_citizen_id_make(cid, dp->province, dp->gender, year_of(dp->birth),
				cid_serial(dp->serial));
			struct person p = {
				.full_name = dp->name,
				.gender = dp->gender,
				.birth_date = dp->birth,
				.citizen_id = cid,
				.ethnicity = (char *)dp->ethnicity,
				.religion = (char *)dp->religion,
				.education = dp->education,
				.occupation = dp->occupation,
				.youth_union = dp->youth_union,
			};
			err = store_person_insert(app->st, &p);
			person = p.id;
		}
		if (err)
			break;
		size_t nev = case_events(d, c, until, ev, strs);
		assert(nev > 0 && d->orgs[c->org].id);
		err = app__case_insert(app, person, d->orgs[c->org].id, &member, ev, nev, &id);
		(*n)++;
	}
	free(order);
	return err;
}

/* Terms of the city from 2015–2020 on, those begun by `until`. */
static enum ptdv_err terms_insert(struct demo *d, struct store *st, date_t until, int64_t *n)
{
	enum ptdv_err err = PTDV_OK;
	char name[32];
	for (int y = 2015;; y += 5) {
		date_t start = date_from_ymd(y, 10, 1);
		if (start > until)
			break;
		snprintf(name, sizeof(name), "%d–%d", y, y + 5);
		struct term t = {
			.org_id = d->orgs[d->city].id,
			.name = name,
			.start = start,
			.end = date_from_ymd(y + 5, 9, 30),
			.target = y == 2015   ? 800
				  : y == 2020 ? 650
				  : y == 2025 ? 1200
					      : 1250,
		};
		err = store_term_insert(st, &t);
		if (err)
			goto fail;
		(*n)++;
	}
fail:
	return err;
}

/*
 * Yearly targets of the city and of each base organisation alive on 01/01 of the year.
 * A base organisation's target is drawn around what it admits that year, so some fall
 * short; the city's is below its admissions every year.
 */
static enum ptdv_err targets_insert(struct demo *d, struct store *st, date_t until)
{
	enum ptdv_err err = PTDV_OK;
	int last = year_of(until);
	int years = last - TARGETS_FIRST_YEAR + 1;
	int *adm = xcalloc((size_t)d->norgs * (size_t)years, sizeof(*adm));
	int *city = xcalloc((size_t)years, sizeof(*city));
	for (int i = 0; i < d->nmems; i++) {
		const struct dmem *m = &d->mems[i];
		int y = year_of(m->decision) - TARGETS_FIRST_YEAR;
		if (y < 0 || y >= years)
			continue;
		adm[d->orgs[m->org].base * years + y]++;
		city[y]++;
	}
	for (int y = TARGETS_FIRST_YEAR; y <= last; y++) {
		int registered;
		int assigned = city_target(y, &registered);
		assert(city[y - TARGETS_FIRST_YEAR] >= assigned);
		err = store_target_set(
			st, d->orgs[d->city].id, y, registered, assigned, (assigned * 6 + 5) / 10);
		if (err)
			goto fail;
		date_t jan1 = date_from_ymd(y, 1, 1);
		for (int i = 0; i < d->norgs; i++) {
			const struct dorg *o = &d->orgs[i];
			if (!core_org_kind_is_base(o->kind) || !o->id || !alive(o, jan1))
				continue;
			struct rng r = rng_stream(S_TARGET, (uint64_t)y * 1000 + (uint64_t)i);
			int a = adm[i * years + y - TARGETS_FIRST_YEAR];
			int t = (int)(a * (0.75 + 0.35 * rng_unit(&r)) + 0.5);
			if (t < 1)
				t = 1;
			int reg = t + rng_int(&r, -1, 1);
			if (reg < 0)
				reg = 0;
			err = store_target_set(st, o->id, y, reg, t, (t * 6 + 5) / 10);
			if (err)
				goto fail;
		}
	}
fail:
	free(adm);
	free(city);
	return err;
}

/*
 * The city committee's referral targets for each mass organisation and year from
 * TARGETS_FIRST_YEAR to until's: drawn around the people the organisation puts on the source
 * lists that year (the generator's cases, cut at no date, so a year's targets do not depend
 * on until), between 85% and 120% of them and at least 1, so some organisations reach
 * theirs and some do not.
 */
static enum ptdv_err referral_targets_insert(struct demo *d, struct store *st, date_t until)
{
	enum ptdv_err err = PTDV_OK;
	int last = year_of(until);
	int years = last - TARGETS_FIRST_YEAR + 1;
	int *n = xcalloc((size_t)years * SRC__MAX, sizeof(*n));
	for (int i = 0; i < d->ncases; i++) {
		const struct dcase *c = &d->cases[i];
		int y = year_of(c->source) - TARGETS_FIRST_YEAR;
		if (c->source == DATE_NONE || y < 0 || y >= years || c->src <= SRC_CELL ||
			c->src >= SRC__MAX)
			continue;
		n[y * SRC__MAX + c->src]++;
	}
	for (int y = TARGETS_FIRST_YEAR; y <= last && !err; y++) {
		for (int s = SRC_CELL + 1; s < SRC__MAX && !err; s++) {
			struct rng r = rng_stream(S_REFERRAL, (uint64_t)y * SRC__MAX + (uint64_t)s);
			int k = n[(y - TARGETS_FIRST_YEAR) * SRC__MAX + s];
			int t = (int)(k * (0.85 + 0.35 * rng_unit(&r)) + 0.5);
			err = store_referral_target_set(
				st, d->orgs[d->city].id, y, s, t < 1 ? 1 : t);
		}
	}
	free(n);
	return err;
}

/*
 * The province's member totals on 01/01 of each year, from the city's count on 22/04 of
 * that year and the year's share. Where that day is within the history, the store's count
 * must be the generator's (else PTDV_DB with a message).
 */
static enum ptdv_err totals_insert(
	struct demo *d, struct store *st, const char *city_path, date_t until, struct msgs *errs)
{
	enum ptdv_err err = PTDV_OK;
	for (int y = TOTALS_FIRST_YEAR; y <= year_of(until); y++) {
		date_t ref = date_from_ymd(y, ARTICLE_M, ARTICLE_D);
		int64_t city = count_active(d, ref);
		if (ref <= until) {
			struct store_member_counts c;
			err = store_count_members(st, city_path, ref, &c);
			if (err)
				goto fail;
			if (c.total != city) {
				char day[DATE_STRLEN];
				msgs_add(errs, 0, NULL,
					"lỗi nội bộ của bộ tạo dữ liệu mẫu: ngày %s đếm được %lld đảng "
					"viên, bộ tạo tính %lld",
					date_format(ref, day), (long long)c.total, (long long)city);
				err = PTDV_DB;
				goto fail;
			}
		}
		int share = city_share(y);
		int64_t total = (city * 1000 + share / 2) / share;
		err = store_org_total_set(st, d->orgs[d->tu].id, date_from_ymd(y, 1, 1), total);
		if (err)
			goto fail;
	}
fail:
	return err;
}

static char *summary_json(
	date_t until, const struct app_demo_result *res, int64_t moves, int64_t terms)
{
	char day[DATE_STRLEN];
	json_t *o = json_pack("{s:s, s:s, s:I, s:I, s:I, s:I}", "city", res->city_code, "until",
		date_format_iso(until, day), "orgs", (json_int_t)res->orgs, "members",
		(json_int_t)res->members, "transfers", (json_int_t)moves, "terms",
		(json_int_t)terms);
	char *s = o ? json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	json_decref(o);
	return s;
}

static void demo_free(struct demo *d)
{
	for (int i = 0; i < d->norgs; i++) {
		free(d->orgs[i].code);
		free(d->orgs[i].name);
	}
	for (int i = 0; i < d->nmems; i++)
		free(d->mems[i].name);
	free(d->orgs);
	free(d->cells);
	free(d->weights);
	free(d->mems);
	free(d->xfers);
	free(d->periods);
	buf_free(&d->scratch);
	for (int i = 0; i < d->ndrops; i++)
		free(d->drops[i].name);
	free(d->drops);
	free(d->cases);
	for (int i = 0; d->placed && i < d->norgs; i++)
		free(d->placed[i].v);
	free(d->placed);
	core_calendar_free(&d->cal);
}

/* store_org_each callback: any org at all means the database is not empty. */
static enum ptdv_err org_seen(void *arg, const struct org *o, const char *parent_code)
{
	(void)o;
	(void)parent_code;
	*(bool *)arg = true;
	return PTDV_CONFLICT; /* stops the walk */
}

/* Returns PTDV_CONFLICT with a message when the database already holds organisations. */
static enum ptdv_err check_empty(struct store *st, struct msgs *errs)
{
	static const char *const codes[] = {"TU-BN", "TP-BN"};
	enum ptdv_err err = PTDV_OK;
	bool seen = false;
	for (int i = 0; i < COUNT_OF(codes) && !seen; i++) {
		struct org o = {0};
		err = store_org_by_code(st, codes[i], &o);
		core_org_clear(&o);
		if (err == PTDV_OK)
			seen = true;
		else if (err != PTDV_NOTFOUND)
			return err;
	}
	if (!seen) {
		err = store_org_each(st, NULL, org_seen, &seen);
		if (err && !(err == PTDV_CONFLICT && seen))
			return err;
	}
	if (!seen)
		return PTDV_OK;
	msgs_add(errs, 0, NULL,
		"Cơ sở dữ liệu đã có dữ liệu; ptdv demo cần một cơ sở dữ liệu trống.");
	return PTDV_CONFLICT;
}

enum ptdv_err app_demo(
	struct app *app, date_t until, struct app_demo_result *res, struct msgs *errs)
{
	struct demo d = {0};
	char *city_path = NULL, *summary = NULL;
	int64_t moves = 0, terms = 0, cases = 0;
	bool open = false;
	size_t had = msgs_count(errs);
	enum ptdv_err err = PTDV_OK;
	char a[DATE_STRLEN], b[DATE_STRLEN];

	memset(res, 0, sizeof(*res));
	snprintf(res->city_code, sizeof(res->city_code), "%s", "TP-BN");
	buf_init(&d.scratch, 0);
	date_t lo = date_from_ymd(UNTIL_MIN_Y, 1, 1), hi = date_from_ymd(UNTIL_MAX_Y, 12, 31);
	if (until == DATE_NONE || until < lo || until > hi) {
		msgs_add(errs, 0, "--until", "ngày cuối của dữ liệu mẫu phải từ %s đến %s",
			date_format(lo, a), date_format(hi, b));
		err = PTDV_INVALID;
		goto fail;
	}
	if (app->scope_path && strcmp(app->scope_path, "/") != 0) {
		msgs_add(errs, 0, NULL,
			"chỉ người dùng có quyền trên toàn bộ cơ sở dữ liệu mới tạo được dữ liệu mẫu");
		err = PTDV_DENIED;
		goto fail;
	}

	/* The model: everything drawn, independent of `until`. */
	d.article = date_from_ymd(ARTICLE_Y, ARTICLE_M, ARTICLE_D);
	/* Admissions are drawn six years past `until`: a case that began by then is there. */
	d.last_year = (year_of(until) > ARTICLE_Y ? year_of(until) : ARTICLE_Y) + PIPE_YEARS;
	err = store_calendar_load(app->st, &d.cal);
	if (err)
		goto fail;
	orgs_build(&d);
	periods_build(&d);
	if (!admissions_gen(&d) || !founders_gen(&d) || !stock_gen(&d)) {
		msgs_add(errs, 0, NULL, "lỗi nội bộ: không tạo được đủ đảng viên mẫu");
		err = PTDV_INVALID;
		goto fail;
	}
	dropouts_gen(&d);
	index_members(&d);
	for (int i = 0; i < d.ncases; i++)
		plan_people(&d, &d.cases[i]);

	/* The history cut at `until`, in one transaction. */
	err = store_begin(app->st);
	if (err)
		goto fail;
	open = true;
	err = check_empty(app->st, errs);
	if (!err)
		err = orgs_insert(&d, app->st, until, &city_path, &res->orgs);
	if (!err)
		err = members_insert(app, &d, until, &res->members, &moves);
	if (!err)
		err = cases_insert(app, &d, until, &cases);
	if (!err)
		err = store_member_recognition_from_cases(app->st);
	if (err == PTDV_CANCELLED)
		msgs_add(errs, 0, NULL, "đã hủy; cơ sở dữ liệu không thay đổi");
	if (!err)
		err = terms_insert(&d, app->st, until, &terms);
	if (!err)
		err = targets_insert(&d, app->st, until);
	if (!err)
		err = referral_targets_insert(&d, app->st, until);
	if (!err)
		err = totals_insert(&d, app->st, city_path, until, errs);
	if (err)
		goto fail;
	summary = summary_json(until, res, moves, terms);
	err = store_audit_add(
		app->st, app->actor, "demo", "database", res->city_code, NULL, summary);
	if (!err)
		err = store_commit(app->st);
	if (!err)
		open = false;

fail:
	/* Failures that added no message of their own are the database's. */
	if (err && msgs_count(errs) == had)
		app__db_error(app, errs);
	if (open)
		store_rollback(app->st);
	if (err) {
		res->orgs = 0;
		res->members = 0;
	}
	free(summary);
	free(city_path);
	demo_free(&d);
	return err;
}
