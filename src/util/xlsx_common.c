/*
 * xlsx_common.c — the parts of xlsx.h that need no library: the default limits of the
 * reader, column letters and Excel's serial dates. They stay in the binary (and in the
 * libFuzzer build of the reader) while the reader and the writer are the module
 * ptdv-office.so (util/module.h, xlsx_front.c).
 */
#include "util/xlsx.h"

#include <assert.h>
#include <math.h>

/* The first column Excel does not have: XFD is 16383. */
#define MAX_EXCEL_COLS 16384

const struct xlsx_limits xlsx_default_limits = {
	.sheet = (uint64_t)4 << 30,
	.shared = (uint64_t)1 << 30,
	.meta = 64u << 20,
	.shared_bytes = 128u << 20,
	.shared_count = 8u << 20,
};

char *xlsx_col_name(size_t col, char out[XLSX_COLNAME])
{
	char tmp[XLSX_COLNAME];
	size_t n = 0;

	assert(col < MAX_EXCEL_COLS);
	col++;
	while (col > 0 && n < XLSX_COLNAME - 1) {
		tmp[n++] = (char)('A' + (col - 1) % 26);
		col = (col - 1) / 26;
	}
	for (size_t i = 0; i < n; i++)
		out[i] = tmp[n - 1 - i];
	out[n] = '\0';
	return out;
}

/* ---- Dates ---- */

/* Day numbers (since 1970-01-01) of Excel's epochs. */
#define DAY_1899_12_30 (-25569)
#define DAY_1899_12_31 (-25568)
#define DAY_1904_01_01 (-24107)
#define DAY_9999_12_31 2932896

enum ptdv_err xlsx_date_from_serial(double serial, bool date1904, date_t *out)
{
	double whole;
	date_t day;

	if (!isfinite(serial))
		return PTDV_INVALID;
	whole = floor(serial);
	if (whole < (date1904 ? 0 : 1) || whole > 3000000)
		return PTDV_INVALID;
	if (date1904)
		day = DAY_1904_01_01 + (date_t)whole;
	else if (whole < 60)
		day = DAY_1899_12_31 + (date_t)whole;
	else if (whole == 60)
		return PTDV_INVALID; /* 29/02/1900, which Excel counts and the calendar has not */
	else
		day = DAY_1899_12_30 + (date_t)whole;
	if (day > DAY_9999_12_31)
		return PTDV_INVALID;
	*out = day;
	return PTDV_OK;
}

double xlsx_date_to_serial(date_t day)
{
	assert(day != DATE_NONE);
	if (day <= DAY_1899_12_31)
		return 0;
	if (day < DAY_1899_12_30 + 61) /* before 01/03/1900 */
		return day - DAY_1899_12_31;
	return day - DAY_1899_12_30;
}
