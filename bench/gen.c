/*
 * gen.c — writes interchange CSV files of a synthetic party for benchmarks.
 *
 *   ptdv-gen --members N --out DIR [--xlsx]
 *   ptdv-gen --national [--scale F] --out DIR
 *
 * writes DIR/orgs.csv (a province, a city, base organisations and cells: one cell per
 * ~40 members, at least 300) and DIR/members.csv (N members with valid, unique citizen IDs
 * and card numbers, realistic dates); with --xlsx also DIR/members.xlsx, the same rows as
 * an Excel sheet (dates as Excel dates), written in constant memory. Deterministic: the
 * same N gives the same rows.
 *
 * --national writes the party of a whole nation (national.c's comment gives the shape),
 * every count multiplied by F (default 1): orgs.csv, members.csv, candidates.csv and
 * targets.csv.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/person.h"
#include "util/buf.h"
#include "util/csv.h"
#include "util/date.h"
#include "util/xlsx.h"

static uint64_t rng = 0x9E3779B97F4A7C15u;

static uint64_t next(void)
{
	/* splitmix64 */
	uint64_t z = (rng += 0x9E3779B97F4A7C15u);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
	return z ^ (z >> 31);
}

/* A number in [0, n); 0 when n <= 0 (the draw is taken either way, so that what follows
 * does not depend on it: a value drawn for a branch not taken, such as the day of a move
 * that does not happen, may have no range). */
static int pick(int n)
{
	uint64_t r = next();
	return n > 0 ? (int)(r % (uint64_t)n) : 0;
}

static const char *const FAMILY[] = {"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Phan", "Vũ", "Đặng",
	"Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý"};
static const char *const MIDDLE_M[] = {"Văn", "Đức", "Minh", "Quang", "Hữu", "Công"};
static const char *const MIDDLE_F[] = {"Thị", "Thu", "Ngọc", "Thanh", "Minh", "Phương"};
static const char *const GIVEN_M[] = {"An", "Bình", "Cường", "Dũng", "Hải", "Hùng", "Long", "Nam",
	"Phúc", "Quân", "Sơn", "Thắng", "Tuấn", "Việt"};
static const char *const GIVEN_F[] = {"Anh", "Hà", "Hằng", "Hoa", "Hương", "Lan", "Linh", "Mai",
	"Nga", "Ngân", "Thảo", "Trang", "Uyên", "Yến"};
static const char *const OCC[] = {"Cán bộ, công chức, viên chức", "Công nhân", "Nông dân",
	"Lực lượng vũ trang", "Học sinh, sinh viên", "Hưu trí", "Khác"};
static const char *const EDU[] = {"THCS", "THPT", "Trung cấp", "Cao đẳng", "Đại học", "Thạc sĩ"};

#define N(a) ((int)(sizeof(a) / sizeof((a)[0])))

static struct xlsx_writer *xw; /* members.xlsx, with --xlsx */

static void field(struct buf *b, int i, const char *s)
{
	if (i)
		buf_addc(b, ',');
	csv_write_field(b, s, strlen(s));
	if (xw)
		xlsx_writer_text(xw, s, strlen(s));
}

/* A date cell (DATE_NONE: empty). */
static void date_field(struct buf *b, int i, date_t d)
{
	char s[DATE_STRLEN];
	if (i)
		buf_addc(b, ',');
	if (d != DATE_NONE)
		buf_adds(b, date_format(d, s));
	if (xw)
		xlsx_writer_date(xw, d);
}

static const char *const MEMBER_COLS[] = {"Họ và tên", "Giới tính", "Ngày sinh", "Số CCCD",
	"Dân tộc", "Tôn giáo", "Mã tổ chức", "Ngày quyết định kết nạp", "Ngày kết nạp",
	"Ngày chính thức", "Số thẻ đảng viên", "Nhóm nghề nghiệp", "Trình độ học vấn", "Đoàn viên",
	"Ngày ra khỏi Đảng", "Lý do"};

/*
 * The national party (--national): a root (TW), 34 provinces (P01..P34, Đảng bộ cấp trên),
 * ~3,300 commune committees (X0000.., Đảng bộ cấp trên), ~55,000 base organisations
 * (B00000.., 60% Đảng bộ cơ sở, 40% Chi bộ cơ sở), ~250,000 cells (C000000.., chi bộ trực
 * thuộc of the Đảng bộ cơ sở), ~5.6 million members in office on 27/11/2026 (admitted since
 * 1960, more in recent years; ~7% more rows for those who left; ~12% moved once since their
 * admission), 1,000,000 pipeline cases begun over the five years to 27/11/2026 (45% carried
 * to admission and, after 12 months, recognition; the others stopped at a stage on the way),
 * and targets for every org from 2021 to 2027. Each count is multiplied by the scale; a
 * province always has at least one commune, a commune one base organisation.
 */
struct nat {
	long communes, bases, cells, units;
	long *unit_base;    /* unit (a member-holding cell) → its base organisation */
	bool *unit_is_base; /* the unit is a chi bộ cơ sở (no committee vote) */
};

static const date_t NAT_TODAY = 20784; /* 27/11/2026 */

static FILE *nat_open(const char *out, const char *name)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/%s", out, name);
	FILE *f = fopen(path, "w");
	if (!f)
		fprintf(stderr, "ptdv-gen: %s: %s\n", path, strerror(errno));
	return f;
}

static int nat_close(FILE *f, const char *name)
{
	if (fclose(f) != 0) {
		fprintf(stderr, "ptdv-gen: %s: %s\n", name, strerror(errno));
		return 1;
	}
	return 0;
}

static void nat_unit_code(const struct nat *n, long u, char *out, size_t size)
{
	if (n->unit_is_base[u])
		snprintf(out, size, "B%05ld", n->unit_base[u]);
	else
		snprintf(out, size, "C%06ld", u);
}

/* Orgs: bases b with b % 5 < 3 are Đảng bộ cơ sở and get the cells; units are the cells
 * first (ids 0..cells-1), then the chi bộ cơ sở. */
static int nat_orgs(struct nat *n, const char *out)
{
	FILE *f = nat_open(out, "orgs.csv");
	if (!f)
		return 1;
	fputs("Mã tổ chức,Tên tổ chức,Loại,Mã cấp trên,Ngày thành lập,Ngày giải thể\n", f);
	fputs("TW,Đảng Cộng sản Việt Nam (thử nghiệm),Đảng bộ cấp trên,,03/02/1930,\n", f);
	for (int p = 1; p <= 34; p++)
		fprintf(f, "P%02d,Đảng bộ tỉnh số %d,Đảng bộ cấp trên,TW,01/01/1945,\n", p, p);
	for (long c = 0; c < n->communes; c++)
		fprintf(f, "X%04ld,Đảng bộ xã số %ld,Đảng bộ cấp trên,P%02ld,01/01/1955,\n", c,
			c + 1, 1 + c % 34);
	long committees = 0;
	for (long b = 0; b < n->bases; b++) {
		bool committee = b % 5 < 3;
		committees += committee;
		fprintf(f, "B%05ld,%s số %ld,%s,X%04ld,01/01/1955,\n", b,
			committee ? "Đảng bộ cơ sở" : "Chi bộ cơ sở", b + 1,
			committee ? "Đảng bộ cơ sở" : "Chi bộ cơ sở", b % n->communes);
	}
	/* Cells go round the Đảng bộ cơ sở: the k-th committee is base 5(k/3) + k%3. */
	n->units = n->cells + (n->bases - committees);
	n->unit_base = malloc(sizeof(long) * (size_t)n->units);
	n->unit_is_base = malloc(sizeof(bool) * (size_t)n->units);
	if (!n->unit_base || !n->unit_is_base)
		abort();
	for (long u = 0; u < n->cells; u++) {
		long k = u % committees;
		long b = 5 * (k / 3) + k % 3;
		n->unit_base[u] = b;
		n->unit_is_base[u] = false;
		fprintf(f, "C%06ld,Chi bộ số %ld,Chi bộ trực thuộc,B%05ld,01/01/1958,\n", u, u + 1,
			b);
	}
	long u = n->cells;
	for (long b = 0; b < n->bases; b++)
		if (b % 5 >= 3) {
			n->unit_base[u] = b;
			n->unit_is_base[u++] = true;
		}
	return nat_close(f, "orgs.csv");
}

static const char *const NAT_GIVEN_M[] = {"An", "Bình", "Cường", "Dũng", "Hải", "Hùng", "Long",
	"Nam", "Phúc", "Quân", "Sơn", "Thắng", "Tuấn", "Việt", "Đạt", "Hiếu", "Huy", "Khánh",
	"Khoa", "Kiên", "Lâm", "Lộc", "Mạnh", "Nghĩa", "Phong", "Tài", "Thành", "Trung", "Tùng",
	"Vinh"};
static const char *const NAT_GIVEN_F[] = {"Anh", "Hà", "Hằng", "Hoa", "Hương", "Lan", "Linh", "Mai",
	"Nga", "Ngân", "Thảo", "Trang", "Uyên", "Yến", "Châu", "Dung", "Giang", "Hạnh", "Hiền",
	"Huyền", "Loan", "Ly", "My", "Nhung", "Oanh", "Phượng", "Quỳnh", "Tâm", "Thủy", "Vân"};

/* Family, middle, (half the time) a second middle name, given name: ~35,000 names. */
static void nat_name(char *out, size_t size, bool woman)
{
	const char *const *mid = woman ? MIDDLE_F : MIDDLE_M;
	const char *m2 = pick(2) ? (woman ? MIDDLE_F : MIDDLE_M)[pick(N(MIDDLE_M))] : NULL;
	snprintf(out, size, "%s %s%s%s %s", FAMILY[pick(N(FAMILY))], mid[pick(N(MIDDLE_M))],
		m2 ? " " : "", m2 ? m2 : "",
		woman ? NAT_GIVEN_F[pick(N(NAT_GIVEN_F))] : NAT_GIVEN_M[pick(N(NAT_GIVEN_M))]);
}

static void nat_date(FILE *f, date_t d)
{
	char s[DATE_STRLEN];
	fputc(',', f);
	if (d != DATE_NONE)
		fputs(date_format(d, s), f);
}

/* Ceremony years 1960..2026 weighted by (year - 1950): ~150,000 a year lately. */
static int nat_year(void)
{
	static int total;
	if (!total)
		for (int y = 1960; y <= 2026; y++)
			total += y - 1950;
	int r = pick(total);
	for (int y = 1960; y <= 2026; y++) {
		r -= y - 1950;
		if (r < 0)
			return y;
	}
	return 2026;
}

static int nat_members(const struct nat *n, const char *out, long rows)
{
	FILE *f = nat_open(out, "members.csv");
	if (!f)
		return 1;
	fputs("Họ và tên,Giới tính,Ngày sinh,Số CCCD,Dân tộc,Tôn giáo,Mã tổ chức,"
	      "Ngày quyết định kết nạp,Ngày kết nạp,Ngày chính thức,Số thẻ đảng viên,"
	      "Nhóm nghề nghiệp,Trình độ học vấn,Đoàn viên,Ngày ra khỏi Đảng,Lý do,"
	      "Tổ chức khi kết nạp,Ngày chuyển đến\n",
		f);
	struct buf b = BUF_INIT;
	for (long i = 0; i < rows; i++) {
		bool woman = pick(100) < 40;
		date_t ceremony = date_from_ymd(nat_year(), 1 + pick(12), 1 + pick(28));
		if (ceremony > NAT_TODAY - 30)
			ceremony = NAT_TODAY - 30 - pick(300);
		date_t decision = ceremony - 7 - pick(20);
		int age = 19 + pick(10) + pick(14);
		date_t birth = decision - 365 * age - pick(360);
		int by = 0, bm, bd;
		date_to_ymd(birth, &by, &bm, &bd);
		date_t official = date_add_months(ceremony, 12);
		bool old = ceremony < date_from_ymd(1985, 1, 1);
		bool exited = pick(100) < (old ? 25 : 3) && ceremony + 400 < NAT_TODAY;
		date_t exit_date = exited ? ceremony + 400 + pick((int)(NAT_TODAY - ceremony - 400))
					  : DATE_NONE;
		bool moved = !exited && pick(100) < 12 && ceremony + 60 < NAT_TODAY;
		date_t moved_on = ceremony + 30 + pick((int)(NAT_TODAY - ceremony - 30));
		char cid[13], card[24], name[128], unit[16], first[16];
		core_citizen_id_make(cid, 1 + (int)(i / 1000000),
			woman ? GENDER_FEMALE : GENDER_MALE, by, (int)(i % 1000000));
		snprintf(card, sizeof(card), "%08ld", 10000000 + i);
		nat_name(name, sizeof(name), woman);
		long now_in = pick((int)n->units), first_in = pick((int)n->units);
		if (first_in == now_in)
			moved = false;
		nat_unit_code(n, now_in, unit, sizeof(unit));
		nat_unit_code(n, first_in, first, sizeof(first));
		buf_reset(&b);
		field(&b, 0, name);
		field(&b, 1, woman ? "Nữ" : "Nam");
		date_field(&b, 2, birth);
		field(&b, 3, cid);
		field(&b, 4, pick(100) < 90 ? "Kinh" : pick(2) ? "Tày" : "Thái");
		field(&b, 5, pick(100) < 92 ? "Không" : "Phật giáo");
		field(&b, 6, unit);
		date_field(&b, 7, decision);
		date_field(&b, 8, ceremony);
		date_field(&b, 9, official <= NAT_TODAY ? official : DATE_NONE);
		field(&b, 10, official <= NAT_TODAY ? card : "");
		field(&b, 11, OCC[pick(N(OCC))]);
		field(&b, 12, EDU[pick(N(EDU))]);
		field(&b, 13, NAT_TODAY - birth < 30 * 365 ? "Có" : "Không");
		date_field(&b, 14, exit_date);
		field(&b, 15, exited ? (pick(10) ? "Từ trần" : "Xin ra khỏi Đảng") : "");
		field(&b, 16, moved ? first : "");
		date_field(&b, 17, moved ? moved_on : DATE_NONE);
		buf_addc(&b, '\n');
		fwrite(b.s, 1, b.len, f);
	}
	buf_free(&b);
	return nat_close(f, "members.csv");
}

static const char *const SOURCES[] = {"Đoàn Thanh niên", "Đoàn Thanh niên", "Hội LHPN", "Công đoàn",
	"Hội Nông dân", "Hội CCB", ""};

/* Cases: begun over the five years to today; 45% go to the ceremony and, after a year, to
 * recognition; the others stop at stage 1..7. Stages are 20..80 days apart; a date after
 * today is left out with every later one. */
static int nat_candidates(const struct nat *n, const char *out, long cases)
{
	FILE *f = nat_open(out, "candidates.csv");
	if (!f)
		return 1;
	fputs("Họ và tên,Giới tính,Ngày sinh,Số CCCD,Dân tộc,Tôn giáo,Trình độ học vấn,"
	      "Nhóm nghề nghiệp,Đoàn viên,Mã chi bộ,Nguồn giới thiệu,Ngày vào danh sách nguồn,"
	      "Ngày phân công giúp đỡ,Ngày chứng nhận học lớp,Ngày làm đơn xin vào Đảng,"
	      "Ngày chi bộ xét,Ngày đảng ủy cơ sở xét,Ngày quyết định kết nạp,Ngày kết nạp,"
	      "Ngày công nhận chính thức\n",
		f);
	for (long i = 0; i < cases; i++) {
		bool woman = pick(100) < 50;
		date_t src = NAT_TODAY - 10 - pick(5 * 365);
		int age = 19 + pick(8) + pick(10);
		date_t birth = src - 365 * age - pick(360);
		int by = 0, bm, bd;
		date_to_ymd(birth, &by, &bm, &bd);
		long u = pick((int)n->units);
		char unit[16], cid[13], name[128];
		nat_unit_code(n, u, unit, sizeof(unit));
		core_citizen_id_make(cid, 80 + (int)(i / 1000000),
			woman ? GENDER_FEMALE : GENDER_MALE, by, (int)(i % 1000000));
		nat_name(name, sizeof(name), woman);
		int last = pick(100) < 45 ? 9 : 1 + pick(7); /* 1..7 stages, or all 9 */
		fprintf(f, "%s,%s", name, woman ? "Nữ" : "Nam");
		nat_date(f, birth);
		fprintf(f, ",%s,Kinh,Không,%s,\"%s\",%s,%s,%s", cid, EDU[1 + pick(N(EDU) - 1)],
			OCC[pick(N(OCC))], NAT_TODAY - birth < 30 * 365 ? "Có" : "Không", unit,
			SOURCES[pick(N(SOURCES))]);
		nat_date(f, src);
		/* stages 2..8: helper, course, dossier, cell, committee, decision, ceremony;
		 * 9: recognition, 12 months after the ceremony */
		date_t d = src, ceremony = DATE_NONE;
		bool gone = false;
		for (int k = 2; k <= 9; k++) {
			if (k == 6 && n->unit_is_base[u]) {
				nat_date(f, DATE_NONE);
				continue;
			}
			d = k == 9 ? date_add_months(ceremony, 12) + pick(30) : d + 20 + pick(60);
			if (k == 8)
				ceremony = d;
			if (k > last || d > NAT_TODAY)
				gone = true;
			nat_date(f, gone ? DATE_NONE : d);
		}
		fputc('\n', f);
	}
	return nat_close(f, "candidates.csv");
}

/* Targets of 2021..2027: each base organisation assigns 2..6 a year (registered one
 * fewer or the same, women about half); communes, provinces and the root the sum below. */
static int nat_targets(const struct nat *n, const char *out)
{
	FILE *f = nat_open(out, "targets.csv");
	if (!f)
		return 1;
	fputs("Mã tổ chức,Năm,Chỉ tiêu đăng ký,Chỉ tiêu giao,Trong đó nữ\n", f);
	long *commune = calloc((size_t)n->communes, sizeof(long));
	if (!commune)
		abort();
	for (int y = 2021; y <= 2027; y++) {
		long province[35] = {0}, nation = 0;
		memset(commune, 0, sizeof(long) * (size_t)n->communes);
		for (long b = 0; b < n->bases; b++) {
			int a = 2 + pick(5), r = a - pick(2), w = a / 2 + pick(2);
			fprintf(f, "B%05ld,%d,%d,%d,%d\n", b, y, r, a, w);
			commune[b % n->communes] += a;
		}
		for (long c = 0; c < n->communes; c++) {
			fprintf(f, "X%04ld,%d,%ld,%ld,%ld\n", c, y, commune[c], commune[c],
				commune[c] / 2);
			province[1 + c % 34] += commune[c];
		}
		for (int p = 1; p <= 34; p++) {
			fprintf(f, "P%02d,%d,%ld,%ld,%ld\n", p, y, province[p], province[p],
				province[p] / 2);
			nation += province[p];
		}
		fprintf(f, "TW,%d,%ld,%ld,%ld\n", y, nation, nation, nation / 2);
	}
	free(commune);
	return nat_close(f, "targets.csv");
}

static long nat_scaled(double n, double scale, long least)
{
	long v = (long)(n * scale + 0.5);
	return v > least ? v : least;
}

static int national(double scale, const char *out)
{
	struct nat n = {0};
	n.communes = nat_scaled(3300, scale, 34);
	n.bases = nat_scaled(55000, scale, n.communes);
	n.cells = nat_scaled(250000, scale, n.bases);
	/* 5.6M in office: the rows of those who left (~7%) come on top */
	long rows = nat_scaled(5600000.0 / 0.93, scale, 100);
	long cases = nat_scaled(1000000, scale, 100);
	int rc = nat_orgs(&n, out) || nat_members(&n, out, rows) ||
		 nat_candidates(&n, out, cases) || nat_targets(&n, out);
	printf("ptdv-gen: %s: 35 committees above communes, %ld communes, %ld base organisations, "
	       "%ld cells, %ld member rows, %ld cases\n",
		out, n.communes, n.bases, n.cells, rows, cases);
	free(n.unit_base);
	free(n.unit_is_base);
	return rc;
}

int main(int argc, char **argv)
{
	long members = 0;
	const char *out = NULL;
	bool xlsx = false, nation = false;
	double scale = 1.0;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--xlsx") == 0)
			xlsx = true;
		else if (strcmp(argv[i], "--national") == 0)
			nation = true;
		else if (strcmp(argv[i], "--scale") == 0 && i + 1 < argc)
			scale = strtod(argv[++i], NULL);
		else if (strcmp(argv[i], "--members") == 0 && i + 1 < argc)
			members = strtol(argv[++i], NULL, 10);
		else if (strcmp(argv[i], "--out") == 0 && i + 1 < argc)
			out = argv[++i];
	}
	if (nation && out && scale > 0 && scale <= 1)
		return national(scale, out);
	if (members <= 0 || !out) {
		fprintf(stderr, "usage: ptdv-gen --members N --out DIR [--xlsx]\n"
				"       ptdv-gen --national [--scale F] --out DIR (0 < F <= 1)\n");
		return 2;
	}
	long cells = members / 40 > 300 ? members / 40 : 300;
	long bases = cells / 4 > 70 ? cells / 4 : 70;
	char path[4096];
	struct buf b = BUF_INIT;

	snprintf(path, sizeof(path), "%s/orgs.csv", out);
	FILE *f = fopen(path, "w");
	if (!f) {
		fprintf(stderr, "ptdv-gen: %s: %s\n", path, strerror(errno));
		return 1;
	}
	fputs("Mã tổ chức,Tên tổ chức,Loại,Mã cấp trên,Ngày thành lập,Ngày giải thể\n", f);
	fputs("P,Đảng bộ tỉnh Thử nghiệm,Đảng bộ cấp trên,,01/01/1946,\n", f);
	fputs("C,Đảng bộ thành phố Thử nghiệm,Đảng bộ cấp trên,P,01/01/1950,\n", f);
	for (long i = 0; i < bases; i++)
		fprintf(f, "B%ld,Đảng bộ cơ sở số %ld,Đảng bộ cơ sở,C,01/01/1955,\n", i, i + 1);
	for (long i = 0; i < cells; i++)
		fprintf(f, "B%ld-C%ld,Chi bộ số %ld,Chi bộ trực thuộc,B%ld,01/01/1955,\n",
			i % bases, i, i + 1, i % bases);
	fclose(f);

	snprintf(path, sizeof(path), "%s/members.csv", out);
	f = fopen(path, "w");
	if (!f) {
		fprintf(stderr, "ptdv-gen: %s: %s\n", path, strerror(errno));
		return 1;
	}
	fputs("Họ và tên,Giới tính,Ngày sinh,Số CCCD,Dân tộc,Tôn giáo,Mã tổ chức,"
	      "Ngày quyết định kết nạp,Ngày kết nạp,Ngày chính thức,Số thẻ đảng viên,"
	      "Nhóm nghề nghiệp,Trình độ học vấn,Đoàn viên,Ngày ra khỏi Đảng,Lý do\n",
		f);
	if (xlsx) {
		struct xlsx_column xc[N(MEMBER_COLS)];
		char xpath[4096];
		snprintf(xpath, sizeof(xpath), "%s/members.xlsx", out);
		xw = xlsx_writer_new(xpath, true);
		for (int i = 0; i < N(MEMBER_COLS); i++)
			xc[i] = (struct xlsx_column){MEMBER_COLS[i],
				strncmp(MEMBER_COLS[i], "Ngày", 5) == 0 ? XLSX_COL_DATE
									: XLSX_COL_TEXT,
				0, NULL};
		if (xlsx_writer_add_sheet(xw, "Đảng viên", xc, N(MEMBER_COLS)) != PTDV_OK) {
			fprintf(stderr, "ptdv-gen: %s\n", xlsx_writer_msg(xw));
			return 1;
		}
	}
	date_t today = date_from_ymd(2026, 1, 1);
	for (long i = 0; i < members; i++) {
		bool woman = pick(100) < 45;
		int by = 1940 + pick(66);
		date_t birth = date_from_ymd(by, 1 + pick(12), 1 + pick(28));
		date_t decision = birth + 365 * (19 + pick(20)) + pick(365);
		if (decision > today - 30)
			decision = today - 30 - pick(300);
		date_t ceremony = decision + 7 + pick(20);
		date_t official = date_add_months(ceremony, 12);
		char cid[13], card[24], name[128], cell[32];
		core_citizen_id_make(cid, 1 + (int)(i / 1000000) % 96,
			woman ? GENDER_FEMALE : GENDER_MALE, by, (int)(i % 1000000));
		snprintf(card, sizeof(card), "%08ld", 10000000 + i);
		snprintf(name, sizeof(name), "%s %s %s", FAMILY[pick(N(FAMILY))],
			woman ? MIDDLE_F[pick(N(MIDDLE_F))] : MIDDLE_M[pick(N(MIDDLE_M))],
			woman ? GIVEN_F[pick(N(GIVEN_F))] : GIVEN_M[pick(N(GIVEN_M))]);
		long c = pick((int)cells);
		snprintf(cell, sizeof(cell), "B%ld-C%ld", c % bases, c);
		bool exited = pick(100) < 8 && ceremony + 400 < today;
		date_t exit_date =
			exited ? ceremony + 400 + pick((int)(today - ceremony - 400)) : 0;
		buf_reset(&b);
		field(&b, 0, name);
		field(&b, 1, woman ? "Nữ" : "Nam");
		date_field(&b, 2, birth);
		field(&b, 3, cid);
		field(&b, 4, pick(100) < 94 ? "Kinh" : "Tày");
		field(&b, 5, pick(100) < 90 ? "Không" : "Phật giáo");
		field(&b, 6, cell);
		date_field(&b, 7, decision);
		date_field(&b, 8, ceremony);
		date_field(&b, 9, official <= today ? official : DATE_NONE);
		field(&b, 10, official <= today ? card : "");
		field(&b, 11, OCC[pick(N(OCC))]);
		field(&b, 12, EDU[pick(N(EDU))]);
		field(&b, 13, today - birth < 30 * 365 ? "Có" : "Không");
		date_field(&b, 14, exited ? exit_date : DATE_NONE);
		field(&b, 15, exited ? "Từ trần" : "");
		buf_addc(&b, '\n');
		if (xw)
			xlsx_writer_end_row(xw);
		fwrite(b.s, 1, b.len, f);
	}
	buf_free(&b);
	if (fclose(f) != 0) {
		fprintf(stderr, "ptdv-gen: %s: %s\n", path, strerror(errno));
		return 1;
	}
	if (xw) {
		enum ptdv_err err = xlsx_writer_close(xw);
		if (err)
			fprintf(stderr, "ptdv-gen: %s\n", xlsx_writer_msg(xw));
		xlsx_writer_free(xw);
		if (err)
			return 1;
	}
	return 0;
}
