/*
 * gen.c — writes interchange CSV files of a synthetic party for benchmarks.
 *
 *   ptdv-gen --members N --out DIR [--xlsx]
 *
 * writes DIR/orgs.csv (a province, a city, base organisations and cells: one cell per
 * ~40 members, at least 300) and DIR/members.csv (N members with valid, unique citizen IDs
 * and card numbers, realistic dates); with --xlsx also DIR/members.xlsx, the same rows as
 * an Excel sheet (dates as Excel dates), written in constant memory. Deterministic: the
 * same N gives the same rows.
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

static int pick(int n)
{
	return (int)(next() % (uint64_t)n);
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

int main(int argc, char **argv)
{
	long members = 0;
	const char *out = NULL;
	bool xlsx = false;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--xlsx") == 0)
			xlsx = true;
		else if (strcmp(argv[i], "--members") == 0 && i + 1 < argc)
			members = strtol(argv[++i], NULL, 10);
		else if (strcmp(argv[i], "--out") == 0 && i + 1 < argc)
			out = argv[++i];
	}
	if (members <= 0 || !out) {
		fprintf(stderr, "usage: ptdv-gen --members N --out DIR [--xlsx]\n");
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
