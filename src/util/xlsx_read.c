/*
 * xlsx_read.c — a streaming reader of Excel workbooks (.xlsx, Office Open XML).
 *
 * An .xlsx file is a zip of XML parts. xlsx_open finds the workbook through the package
 * relationships (_rels/.rels, else xl/workbook.xml), reads its sheet list and date system,
 * follows the workbook's relationships to the sheets, the styles and the shared strings,
 * keeps one date flag per cell style and every shared string (in one buffer, with an
 * offset per string). xlsx_next then reads the selected sheet's XML with libxml2's
 * xmlTextReader straight from the inflating zip entry, one row at a time, so neither the
 * sheet nor its XML tree is ever held whole. Elements are matched by local name, so the
 * transitional and the strict (ISO) namespaces read alike. A DOCTYPE is refused in every
 * part: OOXML has none, and refusing it keeps entity tricks out. Each part counts the
 * bytes it inflates and stops at its limit, whatever size the zip declares.
 *
 * Within the parser every function that reads nodes leaves the reader on the last node it
 * consumed (an element's end tag, or the element itself when empty), so the caller's next
 * xmlTextReaderRead moves on. Numbers are parsed with strtod, which assumes LC_NUMERIC "C"
 * (ptdv only ever sets LC_CTYPE).
 *
 * Part of the module ptdv-office.so with xlsx_write.c (util/module.h): the binary reaches
 * these functions through xlsx_front.c; the parts without libraries (limits, column names,
 * serial dates) are xlsx_common.c.
 */
#include "util/xlsx.h"

#include <assert.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/xmlreader.h>
#include <zip.h>

#include "util/buf.h"
#include "util/xalloc.h"

#define MAX_SHEETS 1024
#define MAX_RELS 4096
#define MAX_XFS 65536
#define MAX_NUMFMTS 4096
#define MAX_SHEET_NAME 255
/* The first column Excel does not have: XFD is 16383. */
#define MAX_EXCEL_COLS 16384

/* The signature of an OLE compound file: .xls files and encrypted .xlsx files. */
static const unsigned char cfb_magic[8] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};
/* "EncryptedPackage" in UTF-16LE: the stream an encrypted .xlsx keeps its zip in. */
static const char enc_name[] = "E\0n\0c\0r\0y\0p\0t\0e\0d\0P\0a\0c\0k\0a\0g\0e\0";
#define ENC_NAME_LEN (sizeof enc_name - 1)

/* A part being read: a zip entry and the XML reader over it. */
struct part {
	struct xlsx *x;
	char *name; /* the zip entry's name, for messages */
	zip_file_t *zf;
	xmlTextReaderPtr rd;
	uint64_t limit;
	uint64_t size; /* the size the zip declares */
	uint64_t done; /* bytes inflated so far */
	bool too_big;
	bool too_long;     /* it inflated past the size the zip declares */
	int zip_err;       /* libzip's error code after a failed read, or 0 */
	char xml_err[160]; /* libxml2's first error message, or "" */
	int xml_line;
};

struct rel {
	char *id;
	char *type;
	char *target; /* resolved to a zip entry name */
};

struct rels {
	struct rel *v;
	size_t n;
};

struct xlsx__in {
	zip_t *zip;
	struct xlsx_limits lim;
	/* Shared string i is sst.s + sst_offs[i], NUL-terminated, up to sst_offs[i + 1]. */
	struct buf sst;
	uint32_t *sst_offs; /* sst_n + 1 offsets once loaded */
	size_t sst_n;
	size_t sst_alloc;
	/* Cell styles (cellXfs): each one's number format id and whether it shows a date. */
	uint32_t *xf_numfmt;
	bool *xf_date;
	size_t nxfs;
	/* The sheet being read. */
	struct part sheet;
	bool reading;         /* sheet is open */
	bool in_data;         /* inside <sheetData> */
	bool end;             /* the last row was returned */
	enum ptdv_err stuck;  /* a sticky error of xlsx_next, or PTDV_OK */
	enum ptdv_err failed; /* the error of xlsx_open, or PTDV_OK */
	long last_row;
	long prev_col;   /* the column of the row's previous cell, -1 before the first */
	struct buf rec;  /* the fields of the current row, each followed by a NUL */
	struct buf vbuf; /* the current cell's <v> text */
	struct buf tbuf; /* the current cell's inline string */
	size_t offs[XLSX_MAX_COLS];
};

/* ---- Messages ---- */

/* Cuts s (of size bytes, NUL-terminated) so that it does not end inside a UTF-8 sequence. */
static void utf8_trim(char *s, size_t size)
{
	size_t len = strnlen(s, size);
	size_t i = len;

	if (len + 1 < size || len == 0)
		return;
	/* The buffer was filled: drop a trailing incomplete sequence. */
	while (i > 0 && ((unsigned char)s[i - 1] & 0xC0) == 0x80)
		i--;
	if (i > 0 && (unsigned char)s[i - 1] >= 0xC0) {
		unsigned char lead = (unsigned char)s[i - 1];
		size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
		if (len - (i - 1) < need)
			s[i - 1] = '\0';
	}
}

/* Formats the Vietnamese message of x. Returns err, for "return bad(...)". */
static enum ptdv_err bad(struct xlsx *x, enum ptdv_err err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static enum ptdv_err bad(struct xlsx *x, enum ptdv_err err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(x->msg, sizeof x->msg, fmt, ap);
	va_end(ap);
	utf8_trim(x->msg, sizeof x->msg);
	return err;
}

/* Sets the English detail of x. */
static void detail(struct xlsx *x, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void detail(struct xlsx *x, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(x->err, sizeof x->err, fmt, ap);
	va_end(ap);
}

/* Cuts b to fit in size bytes with its NUL, at a character boundary, ending it with "…". */
static void fit(struct buf *b, size_t size)
{
	size_t n;

	if (b->len < size)
		return;
	n = size - sizeof "…";
	while (n > 0 && ((unsigned char)b->s[n] & 0xC0) == 0x80)
		n--;
	buf_setlen(b, n);
	buf_adds(b, "…");
}

/*
 * Copies at most 40 bytes of s into out (of 48), cut at a character boundary and marked
 * with "…" when cut, for quoting file content in a message. Returns out.
 */
static const char *clip(const char *s, char out[48])
{
	size_t n = strlen(s);

	if (n <= 40) {
		memcpy(out, s, n + 1);
		return out;
	}
	n = 40;
	while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	memcpy(out, s, n);
	memcpy(out + n, "…", sizeof "…");
	return out;
}

/* ---- Small parsers ---- */

/*
 * Parses a cell reference such as "AB12" into its 0-based column and its row number.
 * Returns false when s is not one (letters A-XFD, then a row 1-1048576, nothing else).
 */
static bool parse_ref(const char *s, long *col, long *row)
{
	long c = 0, r = 0;
	size_t i = 0;

	while (s[i] >= 'A' && s[i] <= 'Z' && i < 3) {
		c = c * 26 + (s[i] - 'A' + 1);
		i++;
	}
	if (i == 0 || c > MAX_EXCEL_COLS || s[i] < '1' || s[i] > '9')
		return false;
	for (size_t k = 0; s[i] >= '0' && s[i] <= '9'; k++, i++) {
		if (k == 7)
			return false;
		r = r * 10 + (s[i] - '0');
	}
	if (s[i] != '\0' || r > XLSX_MAX_ROWNUM)
		return false;
	*col = c - 1;
	*row = r;
	return true;
}

/* Parses s as a decimal number of at most 10 digits, surrounding blanks allowed. */
static bool parse_uint(const char *s, uint64_t *out)
{
	uint64_t v = 0;
	size_t n = 0;

	while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
		s++;
	for (; *s >= '0' && *s <= '9'; s++, n++) {
		if (n == 10)
			return false;
		v = v * 10 + (uint64_t)(*s - '0');
	}
	while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
		s++;
	if (n == 0 || *s)
		return false;
	*out = v;
	return true;
}

/*
 * Trims ASCII blanks around s[0..*len) in place (s stays NUL-terminated) and checks that
 * it is a finite decimal number as Excel writes them. Sets *v.
 */
static bool parse_number(char *s, size_t *len, double *v)
{
	size_t a = 0, b = *len;
	char *end;

	while (a < b && strchr(" \t\r\n", s[a]))
		a++;
	while (b > a && strchr(" \t\r\n", s[b - 1]))
		b--;
	if (a == b || b - a > 64)
		return false;
	for (size_t i = a; i < b; i++) {
		if (!strchr("0123456789+-.eE", s[i]))
			return false;
	}
	memmove(s, s + a, b - a);
	s[b - a] = '\0';
	*len = b - a;
	errno = 0;
	*v = strtod(s, &end);
	return end == s + *len && isfinite(*v);
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * Decodes OOXML's escapes of characters XML cannot hold in s[0..len): "_x000D_" is U+000D,
 * "_x005F_" an underscore (so "_x005F_x0041_" is the text "_x0041_"). Surrogates, U+0000,
 * U+FFFE and U+FFFF stay as written. Decoding only shrinks, so it is done in place; the
 * result is NUL-terminated. Returns the new length.
 */
static size_t decode_x(char *s, size_t len)
{
	size_t i = 0, o = 0;

	if (!memchr(s, '_', len))
		return len;
	while (i < len) {
		unsigned cp = 0;
		bool ok = i + 7 <= len && s[i] == '_' && s[i + 1] == 'x' && s[i + 6] == '_';

		for (size_t k = 2; ok && k < 6; k++) {
			int h = hexval(s[i + k]);
			if (h < 0)
				ok = false;
			else
				cp = cp * 16 + (unsigned)h;
		}
		if (ok && (cp == 0 || (cp >= 0xD800 && cp <= 0xDFFF) || cp >= 0xFFFE))
			ok = false;
		if (!ok) {
			s[o++] = s[i++];
			continue;
		}
		if (cp < 0x80) {
			s[o++] = (char)cp;
		} else if (cp < 0x800) {
			s[o++] = (char)(0xC0 | (cp >> 6));
			s[o++] = (char)(0x80 | (cp & 0x3F));
		} else {
			s[o++] = (char)(0xE0 | (cp >> 12));
			s[o++] = (char)(0x80 | ((cp >> 6) & 0x3F));
			s[o++] = (char)(0x80 | (cp & 0x3F));
		}
		i += 7;
	}
	s[o] = '\0';
	return o;
}

/* Excel's built-in number formats that show a date (14-17, 22; 27-36 and 50-58 in East Asian
 * locales). 18-21 and 45-47 show only a time of day. */
static bool builtin_is_date(uint32_t id)
{
	return (id >= 14 && id <= 17) || id == 22 || (id >= 27 && id <= 36) ||
	       (id >= 50 && id <= 58);
}

/*
 * Returns true when the format code shows a date: after quoted text, escaped and padding
 * characters and bracketed parts ([$-42A], [Red], [h]) are set aside, it has a d or a y,
 * or an m that is not minutes (no h or s beside it).
 */
static bool format_is_date(const char *code)
{
	bool date = false, month = false, time = false;

	for (const char *p = code; *p; p++) {
		char c = *p;

		if (c == '"') {
			const char *q = strchr(p + 1, '"');
			if (!q)
				break;
			p = q;
		} else if (c == '\\' || c == '_' || c == '*') {
			if (!p[1])
				break;
			p++;
		} else if (c == '[') {
			const char *q = strchr(p + 1, ']');
			if (!q)
				break;
			if (strspn(p + 1, "hHmMsS") == (size_t)(q - p - 1) && q > p + 1)
				time = true;
			p = q;
		} else if (c == 'd' || c == 'D' || c == 'y' || c == 'Y') {
			date = true;
		} else if (c == 'm' || c == 'M') {
			month = true;
		} else if (c == 'h' || c == 'H' || c == 's' || c == 'S') {
			time = true;
		}
	}
	return date || (month && !time);
}

/* ---- Parts ---- */

static int part_io_read(void *ctx, char *buf, int len)
{
	struct part *p = ctx;
	zip_int64_t n;

	if (len <= 0)
		return 0;
	n = zip_fread(p->zf, buf, (zip_uint64_t)len);
	if (n < 0) {
		p->zip_err = zip_error_code_zip(zip_file_get_error(p->zf));
		return -1;
	}
	p->done += (uint64_t)n;
	if (p->done > p->limit) {
		p->too_big = true;
		return -1;
	}
	if (p->done > p->size) {
		p->too_long = true;
		return -1;
	}
	return (int)n;
}

static void part_xml_error(void *arg, xmlErrorPtr e)
{
	struct part *p = arg;
	size_t n;

	if (e->level < XML_ERR_ERROR || p->xml_err[0])
		return;
	snprintf(p->xml_err, sizeof p->xml_err, "%s", e->message ? e->message : "?");
	n = strlen(p->xml_err);
	while (n > 0 && (p->xml_err[n - 1] == '\n' || p->xml_err[n - 1] == ' '))
		p->xml_err[--n] = '\0';
	p->xml_line = e->line;
}

/* libxml2 reports a few errors outside any parser (I/O); those are dropped here. */
static void silent(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

static void part_close(struct part *p)
{
	if (p->rd)
		xmlFreeTextReader(p->rd);
	if (p->zf)
		zip_fclose(p->zf);
	free(p->name);
	memset(p, 0, sizeof *p);
}

/* Sets x's message for an archive that libzip cannot read. */
static enum ptdv_err zip_bad(struct xlsx *x, int code)
{
	zip_error_t ze;

	zip_error_init_with_code(&ze, code);
	detail(x, "zip: %s", zip_error_strerror(&ze));
	zip_error_fini(&ze);
	switch (code) {
	case ZIP_ER_ENCRNOTSUPP:
	case ZIP_ER_NOPASSWD:
	case ZIP_ER_WRONGPASSWD:
		return bad(x, PTDV_INVALID,
			"tệp được bảo vệ bằng mật khẩu (mã hoá); hãy bỏ mật khẩu trong Excel rồi lưu lại");
	case ZIP_ER_COMPNOTSUPP:
		return bad(x, PTDV_INVALID, "tệp .xlsx dùng kiểu nén không được hỗ trợ");
	case ZIP_ER_OPEN:
	case ZIP_ER_NOENT:
	case ZIP_ER_READ:
	case ZIP_ER_SEEK:
		return bad(x, PTDV_IO, "không đọc được tệp: %s", x->err + 5);
	default:
		return bad(x, PTDV_INVALID, "tệp .xlsx bị hỏng (tệp nén ZIP không đọc được)");
	}
}

static enum ptdv_err too_big(struct xlsx *x, const char *name, uint64_t limit)
{
	detail(x, "part '%s' inflates past %llu bytes", name, (unsigned long long)limit);
	return bad(x, PTDV_INVALID,
		"phần '%s' của tệp .xlsx giải nén ra quá %llu MB; tệp bị từ chối", name,
		(unsigned long long)(limit >> 20));
}

/*
 * Opens the zip entry name for reading as XML, refusing it when it declares more than
 * limit bytes. Returns PTDV_OK; PTDV_NOTFOUND when there is no such entry (no message);
 * PTDV_INVALID (encrypted, too big) or PTDV_IO with the message set.
 */
static enum ptdv_err part_open(struct xlsx *x, const char *name, uint64_t limit, struct part *p)
{
	zip_t *zip = x->in->zip;
	zip_stat_t st;
	zip_int64_t idx;

	memset(p, 0, sizeof *p);
	idx = zip_name_locate(zip, name, ZIP_FL_NOCASE | ZIP_FL_ENC_RAW);
	if (idx < 0)
		return PTDV_NOTFOUND;
	zip_stat_init(&st);
	if (zip_stat_index(zip, (zip_uint64_t)idx, 0, &st) != 0)
		return zip_bad(x, zip_error_code_zip(zip_get_error(zip)));
	if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE)
		return zip_bad(x, ZIP_ER_ENCRNOTSUPP);
	if ((st.valid & ZIP_STAT_SIZE) && st.size > limit)
		return too_big(x, name, limit);
	p->x = x;
	p->name = xstrdup(name);
	p->limit = limit;
	p->size = (st.valid & ZIP_STAT_SIZE) ? st.size : limit;
	p->zf = zip_fopen_index(zip, (zip_uint64_t)idx, 0);
	if (!p->zf) {
		enum ptdv_err err = zip_bad(x, zip_error_code_zip(zip_get_error(zip)));
		part_close(p);
		return err;
	}
	xmlSetGenericErrorFunc(NULL, silent);
	p->rd = xmlReaderForIO(
		part_io_read, NULL, p, name, NULL, XML_PARSE_NONET | XML_PARSE_NOWARNING);
	if (!p->rd) {
		part_close(p);
		detail(x, "xmlReaderForIO failed");
		return bad(x, PTDV_IO, "không đọc được phần '%s' của tệp .xlsx", name);
	}
	xmlTextReaderSetStructuredErrorHandler(p->rd, part_xml_error, p);
	return PTDV_OK;
}

/* Sets the message for a part that failed to read, from what failed. Returns the error. */
static enum ptdv_err part_failed(struct xlsx *x, struct part *p)
{
	if (p->too_big)
		return too_big(x, p->name, p->limit);
	if (p->too_long) {
		detail(x, "%s: inflates past its declared size %llu", p->name,
			(unsigned long long)p->size);
		return bad(x, PTDV_INVALID,
			"tệp .xlsx bị hỏng: phần '%s' dài hơn kích thước ghi trong tệp nén",
			p->name);
	}
	if (p->zip_err)
		return zip_bad(x, p->zip_err);
	detail(x, "%s:%d: %s", p->name, p->xml_line, p->xml_err[0] ? p->xml_err : "XML error");
	return bad(x, PTDV_INVALID,
		"tệp .xlsx bị hỏng: phần '%s' không phải XML hợp lệ (dòng %d của phần này)",
		p->name, p->xml_line);
}

/* Sets the message for XML that is well-formed but not what the part must hold. */
static enum ptdv_err part_corrupt(struct xlsx *x, struct part *p, const char *what)
{
	detail(x, "%s: %s", p->name, what);
	return bad(
		x, PTDV_INVALID, "tệp .xlsx bị hỏng: phần '%s' có nội dung không hợp lệ", p->name);
}

/*
 * Reads the next node of p. Returns PTDV_OK with *more set (false at the end of the
 * document), or an error with the message set.
 */
static enum ptdv_err part_next(struct xlsx *x, struct part *p, bool *more)
{
	int r = xmlTextReaderRead(p->rd);

	if (r < 0)
		return part_failed(x, p);
	*more = r == 1;
	if (r == 1 && xmlTextReaderNodeType(p->rd) == XML_READER_TYPE_DOCUMENT_TYPE)
		return part_corrupt(x, p, "DOCTYPE");
	return PTDV_OK;
}

static int node_type(struct part *p)
{
	return xmlTextReaderNodeType(p->rd);
}

static int node_depth(struct part *p)
{
	return xmlTextReaderDepth(p->rd);
}

static bool node_is(struct part *p, const char *name)
{
	const xmlChar *n = xmlTextReaderConstLocalName(p->rd);
	return n && strcmp((const char *)n, name) == 0;
}

static bool node_empty(struct part *p)
{
	return xmlTextReaderIsEmptyElement(p->rd) == 1;
}

static bool is_text(int type)
{
	return type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_CDATA ||
	       type == XML_READER_TYPE_WHITESPACE || type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE;
}

/* The attributes of the current element, one at a time, namespace declarations left out. */
struct attr {
	const char *name; /* local name */
	const char *value;
	bool prefixed;
};

static bool attr_next(struct part *p, struct attr *a, bool first)
{
	int r = first ? xmlTextReaderMoveToFirstAttribute(p->rd)
		      : xmlTextReaderMoveToNextAttribute(p->rd);

	while (r == 1 && xmlTextReaderIsNamespaceDecl(p->rd) == 1)
		r = xmlTextReaderMoveToNextAttribute(p->rd);
	if (r != 1) {
		xmlTextReaderMoveToElement(p->rd);
		return false;
	}
	a->name = (const char *)xmlTextReaderConstLocalName(p->rd);
	a->value = (const char *)xmlTextReaderConstValue(p->rd);
	a->prefixed = xmlTextReaderConstPrefix(p->rd) != NULL;
	if (!a->name)
		a->name = "";
	if (!a->value)
		a->value = "";
	return true;
}

#define FOR_ATTRS(p, a) \
	for (bool a##_ok = attr_next(p, &a, true); a##_ok; a##_ok = attr_next(p, &a, false))

/* Reads through the end of the current element (the reader on its start tag). */
static enum ptdv_err skip_element(struct xlsx *x, struct part *p)
{
	int depth = node_depth(p);
	enum ptdv_err err;
	bool more;

	if (node_empty(p))
		return PTDV_OK;
	for (;;) {
		err = part_next(x, p, &more);
		if (err)
			return err;
		if (!more)
			return part_corrupt(x, p, "unexpected end");
		if (node_type(p) == XML_READER_TYPE_END_ELEMENT && node_depth(p) == depth)
			return PTDV_OK;
	}
}

/* Appends n to out, which may hold at most cap bytes. Returns false when it would pass. */
static bool add_capped(struct buf *out, const char *s, size_t n, size_t cap)
{
	if (n > cap || out->len > cap - n)
		return false;
	buf_add(out, s, n);
	return true;
}

/*
 * Reads through the end of the current element (a <v>), appending its text to out (at
 * most cap bytes: *full is set instead when it would pass).
 */
static enum ptdv_err read_text(
	struct xlsx *x, struct part *p, struct buf *out, size_t cap, bool *full)
{
	int depth = node_depth(p);
	enum ptdv_err err;
	bool more;

	if (node_empty(p))
		return PTDV_OK;
	for (;;) {
		err = part_next(x, p, &more);
		if (err)
			return err;
		if (!more)
			return part_corrupt(x, p, "unexpected end");
		if (node_type(p) == XML_READER_TYPE_END_ELEMENT && node_depth(p) == depth)
			return PTDV_OK;
		if (is_text(node_type(p)) && node_depth(p) == depth + 1 && !*full) {
			const char *v = (const char *)xmlTextReaderConstValue(p->rd);
			if (v && !add_capped(out, v, strlen(v), cap))
				*full = true;
		}
	}
}

/*
 * Reads through the end of the current element, a rich text container (<si> or <is>),
 * appending to out the text of its <t> children and of the <t> of its runs (<r>);
 * phonetic runs (<rPh>) and run properties are skipped. At most cap bytes (*full is set
 * instead when it would pass).
 */
static enum ptdv_err read_rich(
	struct xlsx *x, struct part *p, struct buf *out, size_t cap, bool *full)
{
	int top = node_depth(p);
	int tdepth = -1, skip = -1;
	enum ptdv_err err;
	bool more;

	if (node_empty(p))
		return PTDV_OK;
	for (;;) {
		int type, d;

		err = part_next(x, p, &more);
		if (err)
			return err;
		if (!more)
			return part_corrupt(x, p, "unexpected end");
		type = node_type(p);
		d = node_depth(p);
		if (type == XML_READER_TYPE_END_ELEMENT) {
			if (d == top)
				return PTDV_OK;
			if (d == skip)
				skip = -1;
			if (d == tdepth)
				tdepth = -1;
			continue;
		}
		if (skip >= 0)
			continue;
		if (type == XML_READER_TYPE_ELEMENT) {
			if (node_empty(p))
				continue;
			if (tdepth < 0 && node_is(p, "t") && d <= top + 2)
				tdepth = d;
			else if (tdepth < 0 && node_is(p, "r") && d == top + 1)
				continue;
			else
				skip = d;
		} else if (is_text(type) && tdepth >= 0 && d == tdepth + 1 && !*full) {
			const char *v = (const char *)xmlTextReaderConstValue(p->rd);
			if (v && !add_capped(out, v, strlen(v), cap))
				*full = true;
		}
	}
}

/* ---- Relationships, workbook, styles, shared strings ---- */

/*
 * Returns the zip entry name that target names relative to the folder of the part source
 * ("" for the package root), or NULL when it climbs above the root or is empty.
 */
static char *resolve(const char *source, const char *target)
{
	struct buf b = BUF_INIT;
	const char *slash = strrchr(source, '/');
	const char *p = target;

	buf_init(&b, 0);
	if (*p == '/')
		p++;
	else if (slash)
		buf_add(&b, source, (size_t)(slash - source + 1));
	while (*p) {
		const char *e = strchr(p, '/');
		size_t n = e ? (size_t)(e - p) : strlen(p);

		if (n == 0 || (n == 1 && p[0] == '.')) {
			/* Nothing to add. */
		} else if (n == 2 && p[0] == '.' && p[1] == '.') {
			size_t len = b.len;
			if (len == 0) {
				buf_free(&b);
				return NULL;
			}
			len--; /* the '/' ending the last folder */
			while (len > 0 && b.s[len - 1] != '/')
				len--;
			buf_setlen(&b, len);
		} else {
			buf_add(&b, p, n);
			if (e)
				buf_addc(&b, '/');
		}
		p += n;
		if (*p == '/')
			p++;
	}
	if (b.len == 0 || b.s[b.len - 1] == '/') {
		buf_free(&b);
		return NULL;
	}
	return buf_detach(&b);
}

static void rels_free(struct rels *r)
{
	for (size_t i = 0; i < r->n; i++) {
		free(r->v[i].id);
		free(r->v[i].type);
		free(r->v[i].target);
	}
	free(r->v);
	r->v = NULL;
	r->n = 0;
}

/* Returns true when the relationship type ends with "/" suffix. */
static bool type_is(const struct rel *r, const char *suffix)
{
	size_t n = strlen(r->type), k = strlen(suffix);
	return n > k && r->type[n - k - 1] == '/' && strcmp(r->type + n - k, suffix) == 0;
}

static const struct rel *rels_find_type(const struct rels *r, const char *suffix)
{
	for (size_t i = 0; i < r->n; i++) {
		if (type_is(&r->v[i], suffix))
			return &r->v[i];
	}
	return NULL;
}

/*
 * Reads the relationships part name, whose targets are relative to the part source.
 * Returns PTDV_OK, PTDV_NOTFOUND when there is no such part (no message), or an error.
 */
static enum ptdv_err rels_read(
	struct xlsx *x, const char *name, const char *source, struct rels *out)
{
	struct part p;
	enum ptdv_err err;
	bool more;

	memset(out, 0, sizeof *out);
	err = part_open(x, name, x->in->lim.meta, &p);
	if (err)
		return err;
	for (;;) {
		struct attr a;
		char *id = NULL, *type = NULL, *target = NULL, *resolved = NULL;
		bool external = false;

		err = part_next(x, &p, &more);
		if (err || !more)
			break;
		if (node_type(&p) != XML_READER_TYPE_ELEMENT || !node_is(&p, "Relationship"))
			continue;
		/* A value may live in a buffer of the reader that the next one reuses: copy it. */
		FOR_ATTRS(&p, a)
		{
			if (strcmp(a.name, "Id") == 0 && !id)
				id = xstrdup(a.value);
			else if (strcmp(a.name, "Type") == 0 && !type)
				type = xstrdup(a.value);
			else if (strcmp(a.name, "Target") == 0 && !target)
				target = xstrdup(a.value);
			else if (strcmp(a.name, "TargetMode") == 0)
				external = strcmp(a.value, "External") == 0;
		}
		if (id && target && !external)
			resolved = resolve(source, target);
		free(target);
		if (!resolved) {
			free(id);
			free(type);
			continue;
		}
		if (out->n == MAX_RELS) {
			free(id);
			free(type);
			free(resolved);
			err = part_corrupt(x, &p, "too many relationships");
			break;
		}
		out->v = xrealloc(out->v, (out->n + 1) * sizeof *out->v);
		out->v[out->n].id = id;
		out->v[out->n].type = type ? type : xstrdup("");
		out->v[out->n].target = resolved;
		out->n++;
	}
	part_close(&p);
	if (err)
		rels_free(out);
	return err;
}

/* Returns "xl/_rels/workbook.xml.rels" for "xl/workbook.xml" (caller frees). */
static char *rels_name(const char *part)
{
	const char *slash = strrchr(part, '/');
	struct buf b = BUF_INIT;

	buf_init(&b, 0);
	if (slash)
		buf_add(&b, part, (size_t)(slash - part + 1));
	buf_adds(&b, "_rels/");
	buf_adds(&b, slash ? slash + 1 : part);
	buf_adds(&b, ".rels");
	return buf_detach(&b);
}

static bool entry_exists(struct xlsx *x, const char *name)
{
	return zip_name_locate(x->in->zip, name, ZIP_FL_NOCASE | ZIP_FL_ENC_RAW) >= 0;
}

/* Returns true for "1", "true" and "on", XML Schema's and Excel's spellings of true. */
static bool xml_true(const char *s)
{
	return strcmp(s, "1") == 0 || strcmp(s, "true") == 0 || strcmp(s, "on") == 0;
}

/* A sheet of the workbook before its relationship is resolved. */
struct wb_sheet {
	char *name;
	char *rid;
	bool hidden;
};

/*
 * Reads the workbook part: the date system and the sheets with their relationship ids.
 * Returns PTDV_OK or an error with the message set.
 */
static enum ptdv_err workbook_read(
	struct xlsx *x, const char *name, struct wb_sheet **out, size_t *nout)
{
	struct part p;
	struct wb_sheet *v = NULL;
	size_t n = 0;
	bool root = false;
	enum ptdv_err err;
	bool more;

	err = part_open(x, name, x->in->lim.meta, &p);
	if (err == PTDV_NOTFOUND)
		return bad(x, PTDV_INVALID, "không phải tệp Excel .xlsx: thiếu phần '%s'", name);
	if (err)
		return err;
	for (;;) {
		struct attr a;
		char *sname = NULL, *rid = NULL;
		bool hidden = false;

		err = part_next(x, &p, &more);
		if (err || !more)
			break;
		if (node_type(&p) != XML_READER_TYPE_ELEMENT)
			continue;
		if (!root) {
			if (!node_is(&p, "workbook")) {
				err = bad(x, PTDV_INVALID,
					"không phải tệp Excel .xlsx: phần '%s' không phải sổ tính Excel",
					name);
				break;
			}
			root = true;
		} else if (node_is(&p, "workbookPr")) {
			FOR_ATTRS(&p, a)
			{
				if (strcmp(a.name, "date1904") == 0)
					x->date1904 = xml_true(a.value);
			}
		} else if (node_is(&p, "sheet")) {
			FOR_ATTRS(&p, a)
			{
				if (strcmp(a.name, "name") == 0 && !a.prefixed && !sname)
					sname = xstrdup(a.value);
				else if (strcmp(a.name, "id") == 0 && a.prefixed && !rid)
					rid = xstrdup(a.value);
				else if (strcmp(a.name, "state") == 0)
					hidden = strcmp(a.value, "visible") != 0;
			}
			if (!sname || !*sname || strlen(sname) > MAX_SHEET_NAME ||
				n == MAX_SHEETS) {
				free(sname);
				free(rid);
				err = part_corrupt(x, &p,
					n == MAX_SHEETS ? "too many sheets"
							: "sheet without a valid name");
				break;
			}
			v = xrealloc(v, (n + 1) * sizeof *v);
			v[n].name = sname;
			v[n].rid = rid;
			v[n].hidden = hidden;
			n++;
		}
	}
	if (!err && !root)
		err = bad(x, PTDV_INVALID,
			"không phải tệp Excel .xlsx: phần '%s' không phải sổ tính Excel", name);
	part_close(&p);
	*out = v;
	*nout = n;
	return err;
}

/* Reads the cell styles and custom number formats of the styles part name. */
static enum ptdv_err styles_read(struct xlsx *x, const char *name)
{
	struct xlsx__in *in = x->in;
	struct part p;
	struct {
		uint32_t id;
		bool date;
	} *fmts = NULL;
	size_t nfmts = 0, alloc = 0;
	int xfs_depth = -1;
	enum ptdv_err err;
	bool more;

	err = part_open(x, name, in->lim.meta, &p);
	if (err)
		return err;
	for (;;) {
		struct attr a;
		int type;

		err = part_next(x, &p, &more);
		if (err || !more)
			break;
		type = node_type(&p);
		if (type == XML_READER_TYPE_END_ELEMENT && node_depth(&p) == xfs_depth) {
			xfs_depth = -1;
			continue;
		}
		if (type != XML_READER_TYPE_ELEMENT)
			continue;
		if (node_is(&p, "numFmt")) {
			uint64_t id = UINT64_MAX;
			bool date = false;

			FOR_ATTRS(&p, a)
			{
				if (strcmp(a.name, "numFmtId") == 0 && !parse_uint(a.value, &id))
					id = UINT64_MAX;
				else if (strcmp(a.name, "formatCode") == 0)
					date = format_is_date(a.value);
			}
			if (id > UINT32_MAX)
				continue;
			if (nfmts == MAX_NUMFMTS) {
				err = part_corrupt(x, &p, "too many number formats");
				break;
			}
			if (nfmts == alloc) {
				alloc = alloc ? 2 * alloc : 16;
				fmts = xrealloc(fmts, alloc * sizeof *fmts);
			}
			fmts[nfmts].id = (uint32_t)id;
			fmts[nfmts].date = date;
			nfmts++;
		} else if (node_is(&p, "cellXfs") && !node_empty(&p)) {
			xfs_depth = node_depth(&p);
		} else if (xfs_depth >= 0 && node_depth(&p) == xfs_depth + 1 && node_is(&p, "xf")) {
			uint64_t id = 0;

			FOR_ATTRS(&p, a)
			{
				if (strcmp(a.name, "numFmtId") == 0 && !parse_uint(a.value, &id))
					id = 0;
			}
			if (in->nxfs == MAX_XFS) {
				err = part_corrupt(x, &p, "too many cell styles");
				break;
			}
			if ((in->nxfs & (in->nxfs - 1)) == 0) {
				size_t want = in->nxfs ? 2 * in->nxfs : 1;
				in->xf_numfmt =
					xrealloc(in->xf_numfmt, want * sizeof *in->xf_numfmt);
				in->xf_date = xrealloc(in->xf_date, want * sizeof *in->xf_date);
			}
			in->xf_numfmt[in->nxfs++] = id > UINT32_MAX ? 0 : (uint32_t)id;
		}
	}
	part_close(&p);
	/* A custom format may redefine a built-in id; the last definition wins. */
	for (size_t i = 0; !err && i < in->nxfs; i++) {
		uint32_t id = in->xf_numfmt[i];
		bool date = builtin_is_date(id);

		for (size_t k = 0; k < nfmts; k++) {
			if (fmts[k].id == id)
				date = fmts[k].date;
		}
		in->xf_date[i] = date;
	}
	free(fmts);
	return err;
}

/* Ends shared string number sst_n at the arena's current end. */
static void sst_push(struct xlsx__in *in, size_t start)
{
	size_t len = decode_x(in->sst.s + start, in->sst.len - start);

	buf_setlen(&in->sst, start + len);
	buf_addc(&in->sst, '\0');
	if (in->sst_n + 2 > in->sst_alloc) {
		in->sst_alloc = in->sst_alloc ? 2 * in->sst_alloc : 1024;
		in->sst_offs = xrealloc(in->sst_offs, in->sst_alloc * sizeof *in->sst_offs);
	}
	in->sst_offs[in->sst_n++] = (uint32_t)start;
	in->sst_offs[in->sst_n] = (uint32_t)in->sst.len;
}

/* Reads the shared strings part name into x->in->sst. */
static enum ptdv_err shared_read(struct xlsx *x, const char *name)
{
	struct xlsx__in *in = x->in;
	struct part p;
	enum ptdv_err err;
	bool more;

	/* Offsets are 32 bits. */
	assert(in->lim.shared_bytes <= UINT32_MAX);
	err = part_open(x, name, in->lim.shared, &p);
	if (err)
		return err;
	for (;;) {
		size_t start = in->sst.len;
		bool full = false;

		err = part_next(x, &p, &more);
		if (err || !more)
			break;
		if (node_type(&p) != XML_READER_TYPE_ELEMENT || !node_is(&p, "si"))
			continue;
		if (in->sst_n == in->lim.shared_count) {
			err = bad(x, PTDV_INVALID,
				"tệp có quá %zu chuỗi dùng chung; tệp bị từ chối",
				in->lim.shared_count);
			break;
		}
		/* One byte is kept for the string's NUL. */
		err = read_rich(x, &p, &in->sst, in->lim.shared_bytes - 1, &full);
		if (!err && full)
			err = bad(x, PTDV_INVALID,
				"bảng chuỗi dùng chung của tệp lớn quá %zu MB; tệp bị từ chối",
				in->lim.shared_bytes >> 20);
		if (err)
			break;
		sst_push(in, start);
	}
	part_close(&p);
	if (!err && !in->sst_offs) {
		in->sst_offs = xmalloc(sizeof *in->sst_offs);
		in->sst_offs[0] = 0;
	}
	return err;
}

/* ---- Opening ---- */

/*
 * Tells apart an OLE compound file holding an encrypted .xlsx from a legacy .xls, by the
 * name of the stream of an encrypted package. next(ctx, buf, size) returns the next bytes.
 */
static enum ptdv_err cfb_bad(struct xlsx *x, bool encrypted)
{
	detail(x, encrypted ? "encrypted OOXML package (OLE compound file)" : "OLE compound file");
	if (encrypted)
		return bad(x, PTDV_INVALID,
			"tệp được bảo vệ bằng mật khẩu (mã hoá); hãy bỏ mật khẩu trong Excel rồi lưu lại");
	return bad(x, PTDV_INVALID,
		"đây là tệp Excel 97–2003 (.xls), không phải .xlsx; hãy mở bằng Excel và lưu lại dưới dạng .xlsx");
}

static bool mem_has(const void *data, size_t len, const void *pat, size_t n)
{
	return len >= n && memmem(data, len, pat, n) != NULL;
}

/* Scans the file f from its start for the name of an encrypted package's stream. */
static bool file_has_enc_name(FILE *f)
{
	enum { BLOCK = 1 << 16 };
	char *buf = xmalloc(BLOCK + ENC_NAME_LEN);
	size_t keep = 0, n;
	bool found = false;

	rewind(f);
	while (!found && (n = fread(buf + keep, 1, BLOCK, f)) > 0) {
		size_t have = keep + n;

		found = mem_has(buf, have, enc_name, ENC_NAME_LEN);
		/* The name may start in the last bytes: keep them for the next block. */
		keep = have < ENC_NAME_LEN - 1 ? have : ENC_NAME_LEN - 1;
		memmove(buf, buf + have - keep, keep);
	}
	free(buf);
	return found;
}

static void sheets_free(struct xlsx *x)
{
	for (size_t i = 0; i < x->nsheets; i++) {
		free(x->sheets[i].name);
		free(x->sheets[i].part);
	}
	free(x->sheets);
	x->sheets = NULL;
	x->nsheets = 0;
}

/* Explains a zip without a workbook: another kind of file, or a damaged .xlsx. */
static enum ptdv_err no_workbook(struct xlsx *x, const char *name)
{
	if (entry_exists(x, "xl/workbook.bin"))
		return bad(x, PTDV_INVALID,
			"đây là tệp Excel nhị phân (.xlsb), không phải .xlsx; hãy lưu lại dưới dạng .xlsx");
	if (entry_exists(x, "mimetype") && entry_exists(x, "content.xml"))
		return bad(x, PTDV_INVALID,
			"đây là tệp OpenDocument (.ods), không phải .xlsx; hãy lưu lại dưới dạng .xlsx");
	return bad(x, PTDV_INVALID, "không phải tệp Excel .xlsx: thiếu phần '%s'", name);
}

/* Reads the workbook's structure once x->in->zip is open. */
static enum ptdv_err load(struct xlsx *x)
{
	struct rels root = {0}, wbrels = {0};
	struct wb_sheet *ws = NULL;
	size_t nws = 0;
	const struct rel *r;
	char *wbname = NULL, *relname = NULL;
	const char *part;
	enum ptdv_err err;

	err = rels_read(x, "_rels/.rels", "", &root);
	if (err && err != PTDV_NOTFOUND)
		goto fail;
	r = rels_find_type(&root, "officeDocument");
	wbname = xstrdup(r ? r->target : "xl/workbook.xml");
	if (!entry_exists(x, wbname)) {
		err = no_workbook(x, wbname);
		goto fail;
	}
	err = workbook_read(x, wbname, &ws, &nws);
	if (err)
		goto fail;
	relname = rels_name(wbname);
	err = rels_read(x, relname, wbname, &wbrels);
	if (err == PTDV_NOTFOUND)
		err = bad(x, PTDV_INVALID, "không phải tệp Excel .xlsx: thiếu phần '%s'", relname);
	if (err)
		goto fail;
	x->sheets = xcalloc(nws ? nws : 1, sizeof *x->sheets);
	for (size_t i = 0; i < nws; i++) {
		struct xlsx_sheet *s = &x->sheets[x->nsheets++];

		s->name = ws[i].name;
		ws[i].name = NULL;
		s->hidden = ws[i].hidden;
		for (size_t k = 0; ws[i].rid && k < wbrels.n; k++) {
			if (strcmp(wbrels.v[k].id, ws[i].rid) == 0) {
				s->worksheet = type_is(&wbrels.v[k], "worksheet");
				s->part = xstrdup(wbrels.v[k].target);
				break;
			}
		}
	}
	/*
	 * Styles and shared strings, where the relationships name them or else at their usual
	 * place. Either may be missing: without styles no number shows a date, and without
	 * shared strings a cell that refers to one is an error.
	 */
	r = rels_find_type(&wbrels, "styles");
	part = r ? r->target : "xl/styles.xml";
	err = styles_read(x, part);
	if (err && err != PTDV_NOTFOUND)
		goto fail;
	r = rels_find_type(&wbrels, "sharedStrings");
	part = r ? r->target : "xl/sharedStrings.xml";
	err = shared_read(x, part);
	if (err == PTDV_NOTFOUND) {
		x->in->sst_offs = xmalloc(sizeof *x->in->sst_offs);
		x->in->sst_offs[0] = 0;
		err = PTDV_OK;
	}
fail:
	for (size_t i = 0; i < nws; i++) {
		free(ws[i].name);
		free(ws[i].rid);
	}
	free(ws);
	free(wbname);
	free(relname);
	rels_free(&root);
	rels_free(&wbrels);
	return err;
}

static void init(struct xlsx *x, const struct xlsx_limits *lim)
{
	memset(x, 0, sizeof *x);
	x->in = xcalloc(1, sizeof *x->in);
	x->in->lim = lim ? *lim : xlsx_default_limits;
	if (x->in->lim.shared_bytes > UINT32_MAX)
		x->in->lim.shared_bytes = UINT32_MAX;
	buf_init(&x->in->sst, 0);
	buf_init(&x->in->rec, 0);
	buf_init(&x->in->vbuf, 0);
	buf_init(&x->in->tbuf, 0);
	xmlInitParser();
}

/*
 * Opens the zip of src (taken over) and loads the workbook. pk tells that the file starts
 * like a zip, so that a zip libzip cannot read is called damaged rather than foreign.
 */
static enum ptdv_err open_source(struct xlsx *x, zip_source_t *src, bool pk)
{
	zip_error_t ze;
	enum ptdv_err err;

	zip_error_init(&ze);
	x->in->zip = zip_open_from_source(src, ZIP_RDONLY, &ze);
	if (!x->in->zip) {
		int code = zip_error_code_zip(&ze);
		zip_error_fini(&ze);
		zip_source_free(src);
		if (code == ZIP_ER_NOZIP && !pk) {
			detail(x, "not a zip archive");
			return bad(x, PTDV_INVALID,
				"không phải tệp Excel .xlsx (không phải tệp nén ZIP)");
		}
		return zip_bad(x, code);
	}
	zip_error_fini(&ze);
	err = load(x);
	if (err) {
		sheets_free(x);
		x->date1904 = false;
	}
	return err;
}

static enum ptdv_err open_path(struct xlsx *x, const char *path, const struct xlsx_limits *lim)
{
	unsigned char head[8];
	zip_source_t *src;
	zip_error_t ze;
	size_t n;
	FILE *f;

	init(x, lim);
	f = fopen(path, "rb");
	if (!f) {
		detail(x, "%s: %s", path, strerror(errno));
		return bad(x, PTDV_IO, "không mở được tệp: %s", strerror(errno));
	}
	n = fread(head, 1, sizeof head, f);
	if (n == 0) {
		bool io = ferror(f);
		fclose(f);
		if (io)
			return bad(x, PTDV_IO, "không đọc được tệp");
		return bad(x, PTDV_INVALID, "tệp rỗng, không phải tệp Excel .xlsx");
	}
	if (n == sizeof head && memcmp(head, cfb_magic, sizeof head) == 0) {
		bool enc = file_has_enc_name(f);
		fclose(f);
		return cfb_bad(x, enc);
	}
	fclose(f);
	zip_error_init(&ze);
	src = zip_source_file_create(path, 0, -1, &ze);
	if (!src) {
		int code = zip_error_code_zip(&ze);
		zip_error_fini(&ze);
		return zip_bad(x, code);
	}
	zip_error_fini(&ze);
	return open_source(x, src, n >= 4 && memcmp(head, "PK\3\4", 4) == 0);
}

static enum ptdv_err open_mem(
	struct xlsx *x, const void *data, size_t len, const struct xlsx_limits *lim)
{
	zip_source_t *src;
	zip_error_t ze;

	init(x, lim);
	if (len == 0)
		return bad(x, PTDV_INVALID, "tệp rỗng, không phải tệp Excel .xlsx");
	if (len >= sizeof cfb_magic && memcmp(data, cfb_magic, sizeof cfb_magic) == 0)
		return cfb_bad(x, mem_has(data, len, enc_name, ENC_NAME_LEN));
	zip_error_init(&ze);
	src = zip_source_buffer_create(data, len, 0, &ze);
	zip_error_fini(&ze);
	if (!src)
		return bad(x, PTDV_IO, "không đọc được tệp");
	return open_source(x, src, len >= 4 && memcmp(data, "PK\3\4", 4) == 0);
}

/* After a failed open, xlsx_select and xlsx_next return the same error. */
enum ptdv_err xlsx_open(struct xlsx *x, const char *path, const struct xlsx_limits *lim)
{
	enum ptdv_err err = open_path(x, path, lim);

	x->in->failed = err;
	return err;
}

enum ptdv_err xlsx_open_mem(
	struct xlsx *x, const void *data, size_t len, const struct xlsx_limits *lim)
{
	enum ptdv_err err = open_mem(x, data, len, lim);

	x->in->failed = err;
	return err;
}

void xlsx_close(struct xlsx *x)
{
	struct xlsx__in *in = x->in;

	if (in) {
		part_close(&in->sheet);
		if (in->zip)
			zip_discard(in->zip);
		buf_free(&in->sst);
		buf_free(&in->rec);
		buf_free(&in->vbuf);
		buf_free(&in->tbuf);
		free(in->sst_offs);
		free(in->xf_numfmt);
		free(in->xf_date);
		free(in);
		x->in = NULL;
	}
	sheets_free(x);
	x->sheet = NULL;
	x->nfields = 0;
}

/* ---- Sheets and rows ---- */

enum ptdv_err xlsx_select(struct xlsx *x, const char *name)
{
	struct xlsx__in *in = x->in;
	const struct xlsx_sheet *s = NULL;
	char q[48];
	enum ptdv_err err;

	assert(in);
	if (in->failed)
		return in->failed;
	assert(in->zip);
	part_close(&in->sheet);
	in->reading = false;
	x->sheet = NULL;
	x->nfields = 0;
	x->line = 0;
	x->done = 0;
	x->total = 0;
	if (x->nsheets == 0)
		return bad(x, PTDV_INVALID, "tệp .xlsx không có trang nào");
	if (!name) {
		s = &x->sheets[0];
	} else {
		for (size_t i = 0; !s && i < x->nsheets; i++) {
			if (strcmp(x->sheets[i].name, name) == 0)
				s = &x->sheets[i];
		}
		for (size_t i = 0; !s && i < x->nsheets; i++) {
			if (strcasecmp(x->sheets[i].name, name) == 0)
				s = &x->sheets[i];
		}
	}
	if (!s) {
		struct buf b = BUF_INIT;

		buf_init(&b, 0);
		buf_addf(&b, "không có trang '%s' trong tệp; các trang:", clip(name, q));
		for (size_t i = 0, k = 0; i < x->nsheets; i++) {
			if (!x->sheets[i].worksheet)
				continue;
			buf_addf(&b, "%s '%s'", k++ ? "," : "", x->sheets[i].name);
		}
		fit(&b, sizeof x->msg);
		err = bad(x, PTDV_NOTFOUND, "%s", b.s);
		buf_free(&b);
		return err;
	}
	if (!s->worksheet || !s->part)
		return bad(x, PTDV_INVALID, "trang '%s' không phải bảng tính (có thể là biểu đồ)",
			s->name);
	err = part_open(x, s->part, in->lim.sheet, &in->sheet);
	if (err == PTDV_NOTFOUND)
		return bad(x, PTDV_INVALID,
			"không phải tệp Excel .xlsx hợp lệ: thiếu phần '%s' (trang '%s')", s->part,
			s->name);
	if (err)
		return err;
	x->sheet = s;
	x->total = in->sheet.size;
	in->reading = true;
	in->in_data = false;
	in->end = false;
	in->stuck = PTDV_OK;
	in->last_row = 0;
	return PTDV_OK;
}

/* The parts of a cell before its value is stored. */
struct cell {
	long col;
	char ref[16]; /* its reference, for messages */
	enum { T_NUMBER, T_SHARED, T_STR, T_INLINE, T_BOOL, T_ERROR, T_DATE } t;
	uint64_t style;
	bool formula;
	bool has_v;
	bool has_is;
	bool full; /* its text passed the row's limit */
};

static enum ptdv_err row_too_long(struct xlsx *x)
{
	return bad(x, PTDV_INVALID, "dòng dài quá %u MB", XLSX_MAX_ROW >> 20);
}

/*
 * Stores field f with text s[0..len) at column col of the current row, after empty
 * fields for the columns left out.
 */
static enum ptdv_err row_put(
	struct xlsx *x, long col, const char *s, size_t len, const struct xlsx_field *f)
{
	struct xlsx__in *in = x->in;

	assert(col >= (long)x->nfields && col < XLSX_MAX_COLS);
	if ((size_t)col - x->nfields + len + 1 > XLSX_MAX_ROW - in->rec.len)
		return row_too_long(x);
	while ((long)x->nfields < col) {
		struct xlsx_field *e = &x->fields[x->nfields];

		memset(e, 0, sizeof *e);
		e->date = DATE_NONE;
		in->offs[x->nfields++] = in->rec.len;
		buf_addc(&in->rec, '\0');
	}
	x->fields[x->nfields] = *f;
	in->offs[x->nfields++] = in->rec.len;
	buf_add(&in->rec, s, len);
	buf_addc(&in->rec, '\0');
	return PTDV_OK;
}

/* Turns a parsed cell into a field of the current row. */
static enum ptdv_err cell_store(struct xlsx *x, struct cell *c)
{
	struct xlsx__in *in = x->in;
	struct xlsx_field f = {.date = DATE_NONE, .formula = c->formula};
	char *s = in->vbuf.s;
	size_t len = in->vbuf.len;
	char q[48];
	uint64_t idx;
	double v;

	if (c->full)
		return row_too_long(x);
	switch (c->t) {
	case T_NUMBER:
		if (!c->has_v || len == 0)
			break;
		if (!parse_number(s, &len, &v))
			return bad(x, PTDV_INVALID, "ô %s: giá trị số '%s' không hợp lệ", c->ref,
				clip(s, q));
		f.type = XLSX_NUMBER;
		if (c->style < in->nxfs) {
			f.numfmt = in->xf_numfmt[c->style];
			f.date_format = in->xf_date[c->style];
		}
		if (f.date_format && xlsx_date_from_serial(v, x->date1904, &f.date) != PTDV_OK)
			f.date = DATE_NONE;
		break;
	case T_SHARED:
		if (!c->has_v || len == 0)
			break;
		if (!parse_uint(s, &idx) || idx >= in->sst_n)
			return bad(x, PTDV_INVALID,
				"ô %s: chỉ số chuỗi dùng chung '%s' không hợp lệ", c->ref,
				clip(s, q));
		s = in->sst.s + in->sst_offs[idx];
		len = in->sst_offs[idx + 1] - in->sst_offs[idx] - 1;
		f.type = XLSX_STRING;
		break;
	case T_INLINE:
		/* The text is in <is>, or in <v> for a few writers; it is decoded as below. */
		if (c->has_is) {
			s = in->tbuf.s;
			len = in->tbuf.len;
		}
		/* FALLTHROUGH */
	case T_STR:
		len = decode_x(s, len);
		f.type = XLSX_STRING;
		break;
	case T_BOOL:
		if (!c->has_v || len == 0)
			break;
		if (!parse_uint(s, &idx) || idx > 1) {
			if (strcmp(s, "true") == 0 || strcmp(s, "false") == 0)
				idx = s[0] == 't';
			else
				return bad(x, PTDV_INVALID,
					"ô %s: giá trị đúng/sai '%s' không hợp lệ", c->ref,
					clip(s, q));
		}
		s = idx ? "TRUE" : "FALSE";
		len = strlen(s);
		f.type = XLSX_BOOL;
		break;
	case T_ERROR:
		f.type = XLSX_ERROR;
		break;
	case T_DATE:
		/* yyyy-mm-dd, with a time of day after a 'T' or none. */
		f.type = XLSX_DATE;
		if (len >= 10 && s[4] == '-' && (len == 10 || s[10] == 'T') &&
			date_parse(s, 10, &f.date) != PTDV_OK)
			f.date = DATE_NONE;
		break;
	}
	if (len == 0)
		f.type = XLSX_EMPTY;
	if (f.type == XLSX_EMPTY && !f.formula)
		return PTDV_OK;
	if (c->col >= XLSX_MAX_COLS)
		return bad(x, PTDV_INVALID, "dòng có quá %d cột (ô %s)", XLSX_MAX_COLS, c->ref);
	f.len = len;
	return row_put(x, c->col, s, len, &f);
}

/* Reads the cell whose <c> the reader is on, and stores it in the current row. */
static enum ptdv_err cell_read(struct xlsx *x, struct part *p)
{
	struct xlsx__in *in = x->in;
	struct cell c = {.t = T_NUMBER, .col = -1};
	const char *t;
	struct attr a;
	enum ptdv_err err;
	bool empty = node_empty(p);
	int depth = node_depth(p);
	char q[48];
	long row;
	bool more;

	FOR_ATTRS(p, a)
	{
		if (a.prefixed)
			continue;
		if (strcmp(a.name, "r") == 0) {
			if (!parse_ref(a.value, &c.col, &row) || row != x->line)
				return bad(x, PTDV_INVALID,
					"tệp .xlsx bị hỏng: ô '%s' không hợp lệ trong dòng %ld",
					clip(a.value, q), x->line);
		} else if (strcmp(a.name, "t") == 0) {
			t = a.value;
			if (strcmp(t, "n") == 0)
				c.t = T_NUMBER;
			else if (strcmp(t, "s") == 0)
				c.t = T_SHARED;
			else if (strcmp(t, "str") == 0)
				c.t = T_STR;
			else if (strcmp(t, "inlineStr") == 0)
				c.t = T_INLINE;
			else if (strcmp(t, "b") == 0)
				c.t = T_BOOL;
			else if (strcmp(t, "e") == 0)
				c.t = T_ERROR;
			else if (strcmp(t, "d") == 0)
				c.t = T_DATE;
			else
				return bad(x, PTDV_INVALID,
					"tệp .xlsx bị hỏng: kiểu ô '%s' không hợp lệ (dòng %ld)",
					clip(t, q), x->line);
		} else if (strcmp(a.name, "s") == 0) {
			if (!parse_uint(a.value, &c.style))
				c.style = UINT64_MAX;
		}
	}
	if (c.col < 0) {
		c.col = in->prev_col + 1;
		if (c.col >= MAX_EXCEL_COLS)
			return bad(x, PTDV_INVALID, "tệp .xlsx bị hỏng: dòng %ld có quá nhiều ô",
				x->line);
	}
	snprintf(c.ref, sizeof c.ref, "%s%ld", xlsx_col_name((size_t)c.col, q), x->line);
	if (c.col <= in->prev_col)
		return bad(x, PTDV_INVALID,
			"tệp .xlsx bị hỏng: ô %s không theo thứ tự trong dòng %ld", c.ref, x->line);
	in->prev_col = c.col;
	buf_reset(&in->vbuf);
	buf_reset(&in->tbuf);
	while (!empty) {
		err = part_next(x, p, &more);
		if (err)
			return err;
		if (!more)
			return part_corrupt(x, p, "unexpected end");
		if (node_type(p) == XML_READER_TYPE_END_ELEMENT && node_depth(p) == depth)
			break;
		if (node_type(p) != XML_READER_TYPE_ELEMENT)
			continue;
		if (node_is(p, "v")) {
			c.has_v = true;
			err = read_text(x, p, &in->vbuf, XLSX_MAX_ROW, &c.full);
		} else if (node_is(p, "is")) {
			c.has_is = true;
			err = read_rich(x, p, &in->tbuf, XLSX_MAX_ROW, &c.full);
		} else {
			if (node_is(p, "f"))
				c.formula = true;
			err = skip_element(x, p);
		}
		if (err)
			return err;
	}
	return cell_store(x, &c);
}

/* Points the fields at the stored row text; a row without values gets one empty field. */
static void row_finish(struct xlsx *x)
{
	struct xlsx__in *in = x->in;

	if (x->nfields == 0) {
		memset(&x->fields[0], 0, sizeof x->fields[0]);
		x->fields[0].date = DATE_NONE;
		in->offs[0] = in->rec.len;
		buf_addc(&in->rec, '\0');
		x->nfields = 1;
	}
	for (size_t i = 0; i < x->nfields; i++) {
		size_t end = i + 1 < x->nfields ? in->offs[i + 1] : in->rec.len;
		x->fields[i].s = in->rec.s + in->offs[i];
		x->fields[i].len = end - in->offs[i] - 1;
	}
}

/* Reads the row whose <row> the reader is on. */
static enum ptdv_err row_read(struct xlsx *x, struct part *p)
{
	struct xlsx__in *in = x->in;
	struct attr a;
	long row = in->last_row + 1;
	bool empty = node_empty(p);
	int depth = node_depth(p);
	enum ptdv_err err;
	bool more;

	FOR_ATTRS(p, a)
	{
		uint64_t r;

		if (a.prefixed || strcmp(a.name, "r") != 0)
			continue;
		if (!parse_uint(a.value, &r) || r == 0 || r > XLSX_MAX_ROWNUM) {
			char q[48];
			x->line = in->last_row;
			return bad(x, PTDV_INVALID, "tệp .xlsx bị hỏng: số dòng '%s' không hợp lệ",
				clip(a.value, q));
		}
		row = (long)r;
	}
	if (row <= in->last_row || row > XLSX_MAX_ROWNUM) {
		x->line = row;
		return bad(x, PTDV_INVALID, "tệp .xlsx bị hỏng: dòng %ld đứng sau dòng %ld", row,
			in->last_row);
	}
	x->line = row;
	in->last_row = row;
	in->prev_col = -1;
	buf_reset(&in->rec);
	while (!empty) {
		err = part_next(x, p, &more);
		if (err)
			return err;
		if (!more)
			return part_corrupt(x, p, "unexpected end");
		if (node_type(p) == XML_READER_TYPE_END_ELEMENT && node_depth(p) == depth)
			break;
		if (node_type(p) != XML_READER_TYPE_ELEMENT)
			continue;
		if (node_is(p, "c") && node_depth(p) == depth + 1)
			err = cell_read(x, p);
		else
			err = skip_element(x, p);
		if (err)
			return err;
	}
	row_finish(x);
	return PTDV_OK;
}

enum ptdv_err xlsx_next(struct xlsx *x)
{
	struct xlsx__in *in = x->in;
	struct part *p = &in->sheet;
	enum ptdv_err err;
	bool more;

	assert(in);
	if (in->failed)
		return in->failed;
	assert(in->zip);
	if (in->stuck)
		return in->stuck;
	x->nfields = 0;
	if (!in->reading) {
		err = xlsx_select(x, NULL);
		if (err)
			goto fail;
	}
	if (in->end)
		return PTDV_NOTFOUND;
	for (;;) {
		err = part_next(x, p, &more);
		if (err)
			goto fail;
		if (!more)
			break;
		if (node_type(p) == XML_READER_TYPE_END_ELEMENT && in->in_data) {
			if (node_is(p, "sheetData"))
				break;
			continue;
		}
		if (node_type(p) != XML_READER_TYPE_ELEMENT)
			continue;
		if (!in->in_data) {
			if (node_is(p, "sheetData")) {
				if (node_empty(p))
					break;
				in->in_data = true;
			}
			continue;
		}
		if (!node_is(p, "row")) {
			err = skip_element(x, p);
			if (err)
				goto fail;
			continue;
		}
		err = row_read(x, p);
		x->done = p->done;
		if (err)
			goto fail;
		return PTDV_OK;
	}
	/* The rest of the sheet (merged cells, page setup) holds no rows. */
	in->end = true;
	x->done = p->done;
	return PTDV_NOTFOUND;
fail:
	x->nfields = 0;
	in->stuck = err;
	return err;
}
