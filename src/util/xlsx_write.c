/*
 * xlsx_write.c — writes tables as Excel workbooks, a thin layer over libxlsxwriter.
 *
 * Each sheet is a table: a bold header row, frozen and carrying the autofilter, then data
 * rows written left to right with a cursor. Text columns carry the text format ("@") and
 * date columns dd/mm/yyyy, both on the column (for what a user types into a template) and
 * on each cell written. Text is always written with worksheet_write_string, so a value
 * such as "=1+2" stays the text it is: the writer has no way to write a formula. Errors of
 * single cells are kept and reported once, by xlsx_writer_close, so an export loop needs
 * no check per cell.
 *
 * Part of the module ptdv-office.so with xlsx_read.c (util/module.h): the binary reaches
 * these functions through xlsx_front.c.
 */
#include "util/xlsx.h"

#include <assert.h>
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xlsxwriter.h>

#include "util/buf.h"
#include "util/xalloc.h"

struct xlsx_writer {
	lxw_workbook *wb;
	lxw_worksheet *ws; /* the sheet being written, NULL before the first */
	/* The format of a cell by its kind and boldness; NULL for a plain general number. */
	lxw_format *fmt[XLSX_COL__MAX][2];
	bool bold_row;        /* the current row's cells are bold */
	lxw_worksheet *lists; /* the hidden sheet of long drop-down lists, NULL until needed */
	lxw_col_t nlists;     /* its columns used */
	bool constant_memory;
	char *path;
	char *sheet; /* the current sheet's name, for messages */
	size_t ncols;
	lxw_row_t row; /* the current row: 1 + the data rows ended so far */
	lxw_col_t col; /* the next cell's column */
	bool closed;
	struct buf tmp;
	enum ptdv_err err;
	char msg[256];
};

/* Keeps the first error of w with its Vietnamese message. */
static void fail(struct xlsx_writer *w, enum ptdv_err err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void fail(struct xlsx_writer *w, enum ptdv_err err, const char *fmt, ...)
{
	va_list ap;

	if (w->err)
		return;
	w->err = err;
	va_start(ap, fmt);
	vsnprintf(w->msg, sizeof w->msg, fmt, ap);
	va_end(ap);
}

struct xlsx_writer *xlsx_writer_new(const char *path, bool constant_memory)
{
	struct xlsx_writer *w = xcalloc(1, sizeof *w);
	lxw_workbook_options opt = {.constant_memory = constant_memory};

	w->path = xstrdup(path);
	w->constant_memory = constant_memory;
	w->wb = workbook_new_opt(path, &opt);
	if (!w->wb)
		abort(); /* libxlsxwriter fails here only when out of memory */
	for (int t = 0; t < XLSX_COL__MAX; t++)
		for (int b = 0; b < 2; b++) {
			static const char *const num[XLSX_COL__MAX] = {
				[XLSX_COL_TEXT] = "@",
				[XLSX_COL_DATE] = "dd/mm/yyyy",
				[XLSX_COL_COUNT] = "#,##0",
				[XLSX_COL_PCT] = "0.0\"%\"",
			};
			lxw_format *f;

			if (!num[t] && !b)
				continue;
			f = workbook_add_format(w->wb);
			if (num[t])
				format_set_num_format(f, num[t]);
			if (b)
				format_set_bold(f);
			w->fmt[t][b] = f;
		}
	buf_init(&w->tmp, 0);
	return w;
}

void xlsx_writer_set_created(struct xlsx_writer *w, date_t day)
{
	/* date_t counts days from 01/01/1970, as time_t counts seconds. */
	lxw_doc_properties props = {.created = (time_t)day * 86400};
	if (workbook_set_properties(w->wb, &props) != LXW_NO_ERROR)
		abort(); /* it fails only when out of memory */
}

void xlsx_writer_free(struct xlsx_writer *w)
{
	if (!w)
		return;
	if (!w->closed)
		lxw_workbook_free(w->wb);
	buf_free(&w->tmp);
	free(w->path);
	free(w->sheet);
	free(w);
}

const char *xlsx_writer_msg(const struct xlsx_writer *w)
{
	return w->msg;
}

/* Returns the number of characters of the UTF-8 text s[0..len), or -1 when it is not UTF-8. */
static long utf8_len(const char *s, size_t len)
{
	long n = 0;

	for (size_t i = 0; i < len; n++) {
		unsigned char c = (unsigned char)s[i];
		size_t k;
		uint32_t cp;

		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF) {
			k = 1;
			cp = c & 0x1F;
		} else if (c >= 0xE0 && c <= 0xEF) {
			k = 2;
			cp = c & 0x0F;
		} else if (c >= 0xF0 && c <= 0xF4) {
			k = 3;
			cp = c & 0x07;
		} else {
			return -1;
		}
		if (len - i <= k)
			return -1;
		for (size_t j = 1; j <= k; j++) {
			if (((unsigned char)s[i + j] & 0xC0) != 0x80)
				return -1;
			cp = cp << 6 | ((unsigned char)s[i + j] & 0x3F);
		}
		if ((k == 2 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
			(k == 3 && (cp < 0x10000 || cp > 0x10FFFF)))
			return -1;
		i += k + 1;
	}
	return n;
}

/* Describes the libxlsxwriter error e of the current sheet. */
static void lxw_fail(struct xlsx_writer *w, lxw_error e)
{
	char ref[XLSX_COLNAME];

	switch (e) {
	case LXW_ERROR_MAX_STRING_LENGTH_EXCEEDED:
		fail(w, PTDV_INVALID,
			"trang '%s', ô %s%lu: văn bản dài quá 32.767 ký tự (giới hạn của Excel)",
			w->sheet, xlsx_col_name(w->col, ref), (unsigned long)w->row + 1);
		break;
	case LXW_ERROR_WORKSHEET_INDEX_OUT_OF_RANGE:
		fail(w, PTDV_INVALID, "trang '%s' có quá 1.048.576 dòng (giới hạn của Excel)",
			w->sheet);
		break;
	default:
		fail(w, PTDV_IO, "không ghi được trang '%s': %s", w->sheet, lxw_strerror(e));
		break;
	}
}

/* Ends the current sheet: the autofilter covers its header and data rows. */
static void sheet_finish(struct xlsx_writer *w)
{
	lxw_error e;

	if (!w->ws)
		return;
	e = worksheet_autofilter(
		w->ws, 0, 0, w->row > 1 ? w->row - 1 : 0, (lxw_col_t)(w->ncols - 1));
	if (e)
		lxw_fail(w, e);
	w->ws = NULL;
}

/*
 * Returns true when the values of a drop-down list, joined by commas, fit in Excel's 255
 * characters. (libxlsxwriter checks too, but says so on stderr.)
 */
static bool list_fits(const char *const *list)
{
	long n = 0;

	for (size_t i = 0; list[i]; i++) {
		long k = utf8_len(list[i], strlen(list[i]));
		n += (k < 0 ? (long)strlen(list[i]) : k) + (i ? 1 : 0);
	}
	return n <= 255;
}

/* Returns true when a value of list has a comma (Excel's separator of inline lists). */
static bool list_has_comma(const char *const *list)
{
	for (size_t i = 0; list[i]; i++)
		if (strchr(list[i], ','))
			return true;
	return false;
}

/*
 * Adds the drop-down list of column c (at col of the current sheet) to every data row. A
 * short list without commas is written inline; any other goes to a column of the hidden
 * sheet LISTS_SHEET, which the validation refers to (not in constant-memory mode, whose
 * rows must come in order).
 */
#define LISTS_SHEET "Danh mục"
static lxw_error add_list(struct xlsx_writer *w, lxw_col_t col, const struct xlsx_column *c)
{
	lxw_data_validation dv = {
		.validate = LXW_VALIDATION_TYPE_LIST,
		.error_title = "Giá trị không hợp lệ",
		.error_message = "Hãy chọn một giá trị trong danh sách.",
	};
	char ref[XLSX_COLNAME], formula[96];
	size_t n = 0;
	lxw_error e;

	if (list_fits(c->list) && !list_has_comma(c->list)) {
		dv.value_list = (char **)c->list;
		return worksheet_data_validation_range(w->ws, 1, col, LXW_ROW_MAX - 1, col, &dv);
	}
	if (w->constant_memory) {
		fail(w, PTDV_INVALID,
			"danh sách chọn của cột '%s' dài quá 255 ký tự hoặc có dấu phẩy (giới hạn "
			"của Excel)",
			c->header);
		return LXW_NO_ERROR;
	}
	if (!w->lists) {
		w->lists = workbook_add_worksheet(w->wb, LISTS_SHEET);
		if (!w->lists)
			abort(); /* the name is valid and unused: only out of memory */
		worksheet_hide(w->lists);
	}
	e = worksheet_write_string(w->lists, 0, w->nlists, c->header, w->fmt[XLSX_COL_GENERAL][1]);
	for (; !e && c->list[n]; n++)
		e = worksheet_write_string(w->lists, (lxw_row_t)n + 1, w->nlists, c->list[n], NULL);
	if (e)
		return e;
	xlsx_col_name(w->nlists, ref);
	snprintf(formula, sizeof(formula), "='" LISTS_SHEET "'!$%s$2:$%s$%zu", ref, ref, n + 1);
	w->nlists++;
	dv.validate = LXW_VALIDATION_TYPE_LIST_FORMULA;
	dv.value_formula = formula;
	return worksheet_data_validation_range(w->ws, 1, col, LXW_ROW_MAX - 1, col, &dv);
}

/* Returns a width for column c that fits its header. */
static double auto_width(const struct xlsx_column *c)
{
	long n = utf8_len(c->header, strlen(c->header));
	double min = c->type == XLSX_COL_DATE ? 12 : 10;
	double width = n > 0 ? (double)n + 2 : min;

	return width < min ? min : width;
}

/* Says what is wrong with a sheet name, from libxlsxwriter's verdict e. */
static const char *name_problem(lxw_error e)
{
	switch (e) {
	case LXW_ERROR_SHEETNAME_ALREADY_USED:
		return "đã có trang cùng tên";
	case LXW_ERROR_SHEETNAME_LENGTH_EXCEEDED:
		return "dài quá 31 ký tự";
	case LXW_ERROR_INVALID_SHEETNAME_CHARACTER:
		return "có ký tự [ ] : * ? / \\";
	case LXW_ERROR_SHEETNAME_START_END_APOSTROPHE:
		return "bắt đầu hoặc kết thúc bằng dấu '";
	default:
		return "không hợp lệ";
	}
}

enum ptdv_err xlsx_writer_add_sheet(
	struct xlsx_writer *w, const char *name, const struct xlsx_column *cols, size_t ncols)
{
	lxw_error e;

	assert(!w->closed && ncols >= 1 && ncols <= XLSX_MAX_COLS);
	sheet_finish(w);
	if (w->err)
		return w->err;
	if (!*name) {
		fail(w, PTDV_INVALID, "tên trang không được để trống");
		return w->err;
	}
	e = workbook_validate_sheet_name(w->wb, name);
	if (e) {
		fail(w, PTDV_INVALID, "tên trang '%s' không dùng được: %s", name, name_problem(e));
		return w->err;
	}
	w->ws = workbook_add_worksheet(w->wb, name);
	if (!w->ws) {
		fail(w, PTDV_INVALID, "không thêm được trang '%s'", name);
		return w->err;
	}
	free(w->sheet);
	w->sheet = xstrdup(name);
	w->ncols = ncols;
	w->row = 0;
	w->col = 0;
	w->bold_row = false;
	for (size_t i = 0; i < ncols; i++) {
		const struct xlsx_column *c = &cols[i];
		lxw_col_t col = (lxw_col_t)i;
		lxw_format *fmt = w->fmt[c->type][0];

		assert(c->header && c->type < XLSX_COL__MAX);
		worksheet_set_column(w->ws, col, col, c->width > 0 ? c->width : auto_width(c), fmt);
		w->col = col;
		e = worksheet_write_string(w->ws, 0, col, c->header, w->fmt[XLSX_COL_GENERAL][1]);
		if (e) {
			lxw_fail(w, e);
			return w->err;
		}
		if (c->list) {
			e = add_list(w, col, c);
			if (e) {
				lxw_fail(w, e);
				return w->err;
			}
			if (w->err)
				return w->err;
		}
	}
	worksheet_freeze_panes(w->ws, 1, 0);
	w->row = 1;
	w->col = 0;
	return PTDV_OK;
}

/* Returns true when a cell may be written at the cursor. */
static bool cell_ok(struct xlsx_writer *w)
{
	assert(w->ws && !w->closed);
	assert(w->col < w->ncols);
	if (w->err)
		return false;
	if (w->row >= LXW_ROW_MAX) {
		lxw_fail(w, LXW_ERROR_WORKSHEET_INDEX_OUT_OF_RANGE);
		return false;
	}
	return true;
}

/*
 * Copies s[0..len) into w->tmp with its NUL, writing a literal "_xHHHH_" as "_x005F_xHHHH_"
 * so that Excel (and xlsx_next) do not read it as an escaped character.
 */
static const char *escape(struct xlsx_writer *w, const char *s, size_t len)
{
	buf_reset(&w->tmp);
	for (size_t i = 0; i < len; i++) {
		bool esc = s[i] == '_' && i + 7 <= len && s[i + 1] == 'x' && s[i + 6] == '_';

		for (size_t k = 2; esc && k < 6; k++)
			esc = isxdigit((unsigned char)s[i + k]);
		if (esc)
			buf_adds(&w->tmp, "_x005F");
		buf_addc(&w->tmp, s[i]);
	}
	return w->tmp.s;
}

void xlsx_writer_text(struct xlsx_writer *w, const char *s, size_t len)
{
	char ref[XLSX_COLNAME];
	lxw_error e;

	if (!cell_ok(w))
		return;
	if (len > 0) {
		if (utf8_len(s, len) < 0 || memchr(s, '\0', len)) {
			fail(w, PTDV_INVALID,
				"trang '%s', ô %s%lu: văn bản không phải UTF-8 hợp lệ", w->sheet,
				xlsx_col_name(w->col, ref), (unsigned long)w->row + 1);
			return;
		}
		e = worksheet_write_string(w->ws, w->row, w->col, escape(w, s, len),
			w->fmt[XLSX_COL_TEXT][w->bold_row]);
		if (e) {
			lxw_fail(w, e);
			return;
		}
	}
	w->col++;
}

void xlsx_writer_int(struct xlsx_writer *w, int64_t v)
{
	lxw_error e;

	if (!cell_ok(w))
		return;
	e = worksheet_write_number(
		w->ws, w->row, w->col, (double)v, w->fmt[XLSX_COL_INT][w->bold_row]);
	if (e) {
		lxw_fail(w, e);
		return;
	}
	w->col++;
}

void xlsx_writer_date(struct xlsx_writer *w, date_t day)
{
	double serial;
	lxw_error e;

	if (day == DATE_NONE) {
		xlsx_writer_blank(w);
		return;
	}
	serial = xlsx_date_to_serial(day);
	if (serial < 1) {
		char s[DATE_STRLEN];
		date_format(day, s);
		xlsx_writer_text(w, s, strlen(s));
		return;
	}
	if (!cell_ok(w))
		return;
	e = worksheet_write_number(
		w->ws, w->row, w->col, serial, w->fmt[XLSX_COL_DATE][w->bold_row]);
	if (e) {
		lxw_fail(w, e);
		return;
	}
	w->col++;
}

void xlsx_writer_blank(struct xlsx_writer *w)
{
	if (!cell_ok(w))
		return;
	w->col++;
}

/* Writes the number v at the cursor in the format of kind t (bold on a bold row). */
static void number(struct xlsx_writer *w, double v, enum xlsx_col_type t)
{
	lxw_error e;

	if (!cell_ok(w))
		return;
	e = worksheet_write_number(w->ws, w->row, w->col, v, w->fmt[t][w->bold_row]);
	if (e) {
		lxw_fail(w, e);
		return;
	}
	w->col++;
}

void xlsx_writer_count(struct xlsx_writer *w, int64_t v)
{
	number(w, (double)v, XLSX_COL_COUNT);
}

void xlsx_writer_pct(struct xlsx_writer *w, double p)
{
	number(w, p, XLSX_COL_PCT);
}

void xlsx_writer_bold_row(struct xlsx_writer *w)
{
	assert(w->ws && !w->closed);
	w->bold_row = true;
}

void xlsx_writer_end_row(struct xlsx_writer *w)
{
	assert(w->ws && !w->closed);
	w->row++;
	w->col = 0;
	w->bold_row = false;
}

enum ptdv_err xlsx_writer_close(struct xlsx_writer *w)
{
	lxw_error e;
	FILE *f;

	assert(!w->closed);
	if (!w->ws && !w->sheet)
		fail(w, PTDV_INVALID, "sổ tính không có trang nào");
	sheet_finish(w);
	w->closed = true;
	if (w->err) {
		lxw_workbook_free(w->wb);
		return w->err;
	}
	/* libxlsxwriter would say on stderr that it cannot create the file: find out first. */
	f = fopen(w->path, "wb");
	if (!f) {
		fail(w, PTDV_IO, "không tạo được tệp '%s': %s", w->path, strerror(errno));
		lxw_workbook_free(w->wb);
		return w->err;
	}
	fclose(f);
	e = workbook_close(w->wb);
	if (e == LXW_ERROR_CREATING_XLSX_FILE)
		fail(w, PTDV_IO, "không tạo được tệp '%s'", w->path);
	else if (e == LXW_ERROR_CREATING_TMPFILE)
		fail(w, PTDV_IO, "không tạo được tệp tạm để ghi '%s'", w->path);
	else if (e)
		fail(w, PTDV_IO, "không ghi được tệp '%s': %s", w->path, lxw_strerror(e));
	return w->err;
}
