/*
 * xlsx.h — Excel workbooks (.xlsx): a streaming reader and a table writer.
 *
 * The reader (xlsx_read.c, libzip + libxml2's xmlTextReader) gives the rows of one
 * worksheet one at a time in the shape of struct csv: a row's fields as NUL-terminated text,
 * the row's own number, and a Vietnamese message on error, so an importer can treat a CSV
 * file and a sheet alike. Each field also says what the cell held (string, number, boolean,
 * error, date), whether it was a formula, and whether its number format shows a date, with
 * the date already converted. The sheet is never loaded whole: memory is the shared strings
 * (one buffer with 32-bit offsets), five bytes per cell style, and one row, each capped, and
 * every part of the zip is refused once it inflates past a limit (zip bombs).
 *
 * A number format shows a date when it is one of Excel's built-in date formats (14-17, 22,
 * and the East Asian 27-36, 50-58) or a custom code with a day, month or year in it
 * (dd/mm/yyyy, [$-42A]d mmmm yyyy, mmm-yy); formats of a time of day alone (18-21, 45-47,
 * h:mm, [h]:mm:ss) do not.
 *
 * The writer (xlsx_write.c, libxlsxwriter) writes tables: sheets with a bold, frozen,
 * filterable header row, text, integer, count, percentage and date cells (real Excel dates
 * shown dd/mm/yyyy), bold rows (a total), column widths and drop-down lists, optionally in
 * constant-memory mode. It writes every
 * text as a string, never as a formula, whatever its first character.
 *
 * The reader and the writer are the module ptdv-office.so (util/module.h), opened on the
 * first call (xlsx_front.c): a process that cannot open it stops with the loader's message.
 */
#ifndef PTDV_UTIL_XLSX_H
#define PTDV_UTIL_XLSX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/date.h"
#include "util/err.h"

/* Columns of a row: a cell with a value further right is an error (as CSV_MAX_FIELDS). */
#define XLSX_MAX_COLS 256
/* Bytes of a row's fields, each counted with its NUL (as CSV_MAX_RECORD). */
#define XLSX_MAX_ROW (1u << 20)
/* The largest row number Excel allows. */
#define XLSX_MAX_ROWNUM 1048576
/* Bytes for "XFD" (the last column Excel allows) and a NUL. */
#define XLSX_COLNAME 4

/*
 * Limits on what a file may make the reader inflate or keep. A part whose inflated size
 * passes its limit is refused before or while it is read, whatever its declared size.
 */
struct xlsx_limits {
	uint64_t sheet;      /* inflated bytes of the worksheet read */
	uint64_t shared;     /* inflated bytes of xl/sharedStrings.xml */
	uint64_t meta;       /* inflated bytes of each other part (workbook, rels, styles) */
	size_t shared_bytes; /* bytes kept for the shared strings, each with its NUL (< 4 GiB) */
	size_t shared_count; /* number of shared strings */
};

/* The defaults: 4 GiB sheet, 1 GiB and 128 MB / 8 M shared strings, 64 MB other parts. */
extern const struct xlsx_limits xlsx_default_limits;

enum xlsx_type {
	XLSX_EMPTY,  /* no value: a cell left out, one with only a style, or an empty string */
	XLSX_STRING, /* a shared or inline string, or a formula's text result */
	XLSX_NUMBER, /* s is the number as stored: "45404", "1.5", "1E-3" */
	XLSX_BOOL,   /* s is "TRUE" or "FALSE" */
	XLSX_ERROR,  /* s is the error as stored: "#N/A", "#DIV/0!" */
	XLSX_DATE,   /* a cell of type d: s is the ISO 8601 text as stored */
	XLSX_TYPE__MAX
};

struct xlsx_field {
	const char *s; /* NUL-terminated UTF-8; valid until the next xlsx_next() */
	size_t len;
	enum xlsx_type type;
	bool formula;     /* the cell has a formula; s is its last computed value, if any */
	bool date_format; /* a number cell whose number format shows a date */
	uint32_t numfmt;  /* a number cell's number format id (0 = General); 0 for others */
	/*
	 * The day, for a number with date_format (the serial number's whole days, in the
	 * workbook's date system) and for XLSX_DATE; DATE_NONE otherwise, and when the number
	 * is no date (negative, 0, or Excel's 29/02/1900).
	 */
	date_t date;
};

struct xlsx_sheet {
	char *name; /* as on the sheet's tab */
	char *part; /* the zip entry of its XML, e.g. "xl/worksheets/sheet1.xml"; NULL if none */
	bool worksheet; /* false for a chart sheet, dialog or macro sheet: it has no rows */
	bool hidden;    /* state "hidden" or "veryHidden" */
};

struct xlsx__in;

struct xlsx {
	/* The current row, as struct csv's record. */
	long line;      /* the row's number in the sheet (1-based), for "dòng 7" */
	size_t nfields; /* >= 1 after a row is read */
	struct xlsx_field fields[XLSX_MAX_COLS];
	/* The workbook, after xlsx_open. */
	size_t nsheets;
	struct xlsx_sheet *sheets;      /* in the workbook's order */
	const struct xlsx_sheet *sheet; /* the sheet being read; NULL before xlsx_select */
	bool date1904;                  /* the workbook counts dates from 1904 (old Mac Excel) */
	/* Progress through the sheet's XML: bytes inflated so far and its declared size. */
	uint64_t done;
	uint64_t total;
	char err[256]; /* English detail of an error (libzip, libxml2), for diagnostics */
	/* Vietnamese description of an error: PTDV_INVALID, PTDV_NOTFOUND, PTDV_IO. */
	char msg[512];
	struct xlsx__in *in;
};

/*
 * Opens the workbook at path (xlsx_open) or in data[0..len) (xlsx_open_mem: not copied, must
 * outlive x) with the limits lim (NULL: xlsx_default_limits). Reads the list of sheets, the
 * date system, the cell styles and the shared strings; the rows are read later, by
 * xlsx_next. Returns PTDV_OK; PTDV_IO when the file cannot be opened or read; PTDV_INVALID
 * when it is not an .xlsx file (not a zip, an .xls, .xlsb or .ods file, a missing part),
 * is encrypted, corrupt, or passes a limit. On error x->msg says which in Vietnamese, and
 * xlsx_select and xlsx_next return the same error. Call xlsx_close in any case.
 */
enum ptdv_err xlsx_open(
	struct xlsx *x, const char *path, const struct xlsx_limits *lim) PTDV_MUST_USE;
enum ptdv_err xlsx_open_mem(
	struct xlsx *x, const void *data, size_t len, const struct xlsx_limits *lim) PTDV_MUST_USE;
/* Frees everything x holds. Accepts a zeroed struct and one whose open failed. */
void xlsx_close(struct xlsx *x);

/*
 * Selects the sheet to read: the one called name (an exact match first, then one that
 * differs only in ASCII case), or the first sheet for NULL. Reading starts over from the
 * sheet's first row, also for the sheet already selected. Returns PTDV_OK; PTDV_NOTFOUND
 * when there is no such sheet (x->msg lists the sheets); PTDV_INVALID when the sheet is
 * not a worksheet, its part is missing, or the file has no sheet; PTDV_IO on a read error.
 */
enum ptdv_err xlsx_select(struct xlsx *x, const char *name) PTDV_MUST_USE;

/*
 * Reads the next row of the selected sheet (the first sheet when none is) into
 * x->fields[0..x->nfields) and its number into x->line. Cells left out are empty fields;
 * empty cells after the last value are dropped, and a row without any value is one empty
 * field. Rows the sheet leaves out are not returned: line jumps over them.
 * Returns PTDV_OK; PTDV_NOTFOUND after the last row; PTDV_INVALID for a row that breaks a
 * limit (more than XLSX_MAX_COLS columns, XLSX_MAX_ROW bytes) or corrupt XML, with x->msg
 * set and x->line naming the row (0 before the first) — reading may not continue after it
 * (later calls return the same error); PTDV_IO on a read error.
 */
enum ptdv_err xlsx_next(struct xlsx *x) PTDV_MUST_USE;

/* Writes the letters of the 0-based column col (< 16384) into out: 0 → "A", 27 → "AB". */
char *xlsx_col_name(size_t col, char out[XLSX_COLNAME]);

/*
 * Converts an Excel serial number to a day: whole days, the fraction (time of day) dropped.
 * In the 1900 system serial 1 is 01/01/1900 and 60 is Excel's non-existent 29/02/1900;
 * in the 1904 system serial 0 is 01/01/1904. Returns PTDV_OK, or PTDV_INVALID (*out
 * unchanged) for a serial that is no date (below 1, or below 0 in 1904; 60 in 1900; past
 * 31/12/9999; not a number).
 */
enum ptdv_err xlsx_date_from_serial(double serial, bool date1904, date_t *out) PTDV_MUST_USE;
/* Returns day's serial number in the 1900 system, or 0 for a day before 01/01/1900. */
double xlsx_date_to_serial(date_t day);

/* ---- Writer ---- */

enum xlsx_col_type {
	XLSX_COL_TEXT,    /* shown and kept as text ("@"), so "027..." keeps its zero */
	XLSX_COL_INT,     /* general number format */
	XLSX_COL_DATE,    /* dd/mm/yyyy */
	XLSX_COL_COUNT,   /* a count with thousands separators (#,##0) */
	XLSX_COL_PCT,     /* a percentage held as 67.2 and shown 67.2% (0.0"%") */
	XLSX_COL_GENERAL, /* no format of its own: each cell shows as written */
	XLSX_COL__MAX
};

struct xlsx_column {
	const char *header;
	enum xlsx_col_type type;
	double width;            /* in characters; 0 chooses one from the header and type */
	const char *const *list; /* values of a drop-down list, NULL-terminated; NULL for none */
};

struct xlsx_writer;

/*
 * Returns a writer of a new workbook to be written to path by xlsx_writer_close. In
 * constant-memory mode each row goes to a temporary file as it ends, so memory stays
 * small whatever the number of rows (and strings are written inline). Cannot fail: errors
 * surface at xlsx_writer_close.
 */
struct xlsx_writer *xlsx_writer_new(const char *path, bool constant_memory);
/*
 * Sets the workbook's creation time (document properties) to 00:00 UTC of day. Without it
 * libxlsxwriter writes the present time, so two exports of the same data differ; with a
 * fixed day they are byte-identical. Call before adding sheets.
 */
void xlsx_writer_set_created(struct xlsx_writer *w, date_t day);
/* Frees w without writing the file unless xlsx_writer_close has. Accepts NULL. */
void xlsx_writer_free(struct xlsx_writer *w);
/* Returns the Vietnamese message of w's first error, or "". */
const char *xlsx_writer_msg(const struct xlsx_writer *w);

/*
 * Adds a sheet called name and writes its header row: cols[0..ncols) (1 <= ncols <=
 * XLSX_MAX_COLS) give the headers, column formats, widths and drop-down lists (applied to
 * every data row). The header is bold, frozen and carries the autofilter. Later cells go
 * to this sheet, from its second row. cols is not kept. A drop-down list that is short
 * and has no comma is written inline; a longer one, or one with a comma in a value (Excel's
 * separator), is written to a column of a hidden sheet "Danh mục" and referred to. Returns
 * PTDV_OK, or PTDV_INVALID for a name Excel refuses (empty, longer than 31 characters,
 * with one of []:*?/\, used twice) or, in constant-memory mode, a list that cannot be
 * inline, with the message set.
 */
enum ptdv_err xlsx_writer_add_sheet(struct xlsx_writer *w, const char *name,
	const struct xlsx_column *cols, size_t ncols) PTDV_MUST_USE;

/*
 * Write the next cell of the current row, left to right: text s[0..len) as a string (never
 * a formula), an integer (exact up to 2^53), a date (DATE_NONE writes an empty cell; a day
 * before 1900 is written as dd/mm/yyyy text, which Excel cannot hold as a date), an empty
 * cell. Errors (text that is not UTF-8 or is longer than Excel's 32,767 characters, a sheet
 * past Excel's 1,048,576 rows) are kept: the first one is returned by xlsx_writer_close.
 */
void xlsx_writer_text(struct xlsx_writer *w, const char *s, size_t len);
void xlsx_writer_int(struct xlsx_writer *w, int64_t v);
void xlsx_writer_date(struct xlsx_writer *w, date_t day);
void xlsx_writer_blank(struct xlsx_writer *w);
/* A count shown with thousands separators (#,##0); a percentage p (67.2 for 67.2%) shown
 * with one decimal and a % sign, kept as the number 67.2. */
void xlsx_writer_count(struct xlsx_writer *w, int64_t v);
void xlsx_writer_pct(struct xlsx_writer *w, double p);
/* Makes the cells of the current row bold, from the next one written to the row's end. */
void xlsx_writer_bold_row(struct xlsx_writer *w);
/* Ends the current row; the next cell starts the next row. */
void xlsx_writer_end_row(struct xlsx_writer *w);

/*
 * Writes the workbook to its path. Returns PTDV_OK; PTDV_INVALID for the first error kept
 * while writing cells or for a workbook without sheets; PTDV_IO when the file cannot be
 * written. The message is then set. w must still be freed; nothing can be added after.
 */
enum ptdv_err xlsx_writer_close(struct xlsx_writer *w) PTDV_MUST_USE;

#endif
