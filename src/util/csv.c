/*
 * csv.c — a streaming RFC 4180 CSV reader and a formula-safe CSV field writer.
 *
 * csv_next reads f in blocks of CSV_BLOCK bytes into r->in and scans each field as a run
 * of bytes up to its next special byte (',' and LF outside quotes, '"' inside), copying
 * the run into r->rec. Each field is stored followed by a NUL, so fields are handed out
 * as NUL-terminated strings without another copy. The reader is lenient where
 * RFC 4180 leaves room and nothing is lost: a quote inside an unquoted field is kept as
 * data, and a CR not followed by LF is data in an unquoted field (only CRLF and LF end a
 * record). Line numbers count LF bytes, so CRLF and LF files number alike.
 */
#include "util/csv.h"

#include <assert.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

_Static_assert(CSV_MAX_RECORD % (1u << 20) == 0, "the error message counts in MB");

/* The UTF-8 byte order mark. */
static const char bom[3] = {'\xEF', '\xBB', '\xBF'};

/*
 * A record is stored as its fields' bytes, each followed by a NUL, and may take at most
 * CSV_MAX_RECORD bytes so. While a field is read the buffer may hold one byte more: the
 * CR of a CRLF, which is dropped when the LF is seen. csv_next checks the real limit
 * after each field.
 */
#define SINK_LIMIT (CSV_MAX_RECORD + 1)

/*
 * The record being built: r->rec's pointer and length kept in locals while a record is
 * read. end is how far len may go before the buffer must grow: the allocation minus one
 * byte for the struct buf's final NUL, and never past SINK_LIMIT.
 */
struct sink {
	struct buf *b;
	char *s;
	size_t len;
	size_t end;
};

static void sink_sync(struct sink *k)
{
	struct buf *b = k->b;
	size_t end = b->alloc ? b->alloc - 1 : 0;

	k->s = b->s;
	k->end = end < SINK_LIMIT ? end : SINK_LIMIT;
}

static void sink_start(struct sink *k, struct buf *b)
{
	k->b = b;
	k->len = 0;
	sink_sync(k);
}

/*
 * Makes room for up to n more bytes without passing SINK_LIMIT. Returns how many bytes
 * may be written at k->s + k->len: n, or less at the limit.
 */
static inline size_t sink_reserve(struct sink *k, size_t n)
{
	if (n > SINK_LIMIT - k->len)
		n = SINK_LIMIT - k->len;
	if (n > k->end - k->len) {
		k->b->len = k->len;
		buf_grow(k->b, n);
		sink_sync(k);
	}
	return n;
}

/* Appends s[0..n). Returns false (nothing appended) when k would pass SINK_LIMIT. */
static inline bool sink_add(struct sink *k, const char *s, size_t n)
{
	if (sink_reserve(k, n) < n)
		return false;
	memcpy(k->s + k->len, s, n);
	k->len += n;
	return true;
}

static inline bool sink_put(struct sink *k, char c)
{
	return sink_add(k, &c, 1);
}

/* Hands the built record back to the struct buf, with its closing NUL. */
static void sink_finish(struct sink *k)
{
	k->b->len = k->len;
	if (k->b->alloc)
		k->b->s[k->len] = '\0';
}

/* Reads the next block of f into r->in. Returns false at end of file or on a read error. */
static bool refill(struct csv *r)
{
	if (!r->in.buf)
		r->in.buf = xmalloc(CSV_BLOCK);
	r->in.pos = 0;
	r->in.len = fread(r->in.buf, 1, CSV_BLOCK, r->f);
	return r->in.len > 0;
}

/*
 * Makes sure r->in has a byte to parse. Returns false when none is left: at end of file
 * or on a read error (ferror tells which).
 */
static inline bool fill(struct csv *r)
{
	return r->in.pos < r->in.len || refill(r);
}

/* Returns the next byte without consuming it, or EOF. */
static inline int peek(struct csv *r)
{
	if (!fill(r))
		return EOF;
	return (unsigned char)r->in.buf[r->in.pos];
}

/* Consumes and returns the next byte, or EOF. */
static inline int next(struct csv *r)
{
	if (!fill(r))
		return EOF;
	return (unsigned char)r->in.buf[r->in.pos++];
}

void csv_open(struct csv *r, FILE *f)
{
	assert(f);
	memset(r, 0, sizeof *r);
	r->f = f;
	r->line = 0;
	r->next_line = 1;
	/* The record limit is enforced by csv_next itself, not by the buf's cap. */
	buf_init(&r->rec, 0);
	r->at_start = true;
}

void csv_close(struct csv *r)
{
	buf_free(&r->rec);
	free(r->in.buf);
	r->in.buf = NULL;
	r->in.pos = 0;
	r->in.len = 0;
	r->nfields = 0;
}

/*
 * Skips a UTF-8 byte order mark at the start of the file. A block holds the whole mark
 * when the file has one (fread stops short only at end of file), so a partial mark is
 * just data.
 */
static void skip_bom(struct csv *r)
{
	r->at_start = false;
	if (fill(r) && r->in.len - r->in.pos >= sizeof bom &&
		memcmp(r->in.buf + r->in.pos, bom, sizeof bom) == 0)
		r->in.pos += sizeof bom;
}

/*
 * Sets r->err to the English message en and r->msg to the Vietnamese message vi, both
 * formatted with the same arguments. Returns PTDV_INVALID.
 */
static enum ptdv_err bad(struct csv *r, const char *en, const char *vi, ...)
	__attribute__((format(printf, 2, 4), format(printf, 3, 4)));

static enum ptdv_err bad(struct csv *r, const char *en, const char *vi, ...)
{
	va_list ap, cp;

	va_start(ap, vi);
	va_copy(cp, ap);
	vsnprintf(r->err, sizeof r->err, en, ap);
	vsnprintf(r->msg, sizeof r->msg, vi, cp);
	va_end(cp);
	va_end(ap);
	return PTDV_INVALID;
}

/* Sets r->err from errno after a failed read. Returns PTDV_IO. */
static enum ptdv_err io_error(struct csv *r)
{
	snprintf(r->err, sizeof r->err, "read error: %s", strerror(errno));
	return PTDV_IO;
}

static enum ptdv_err too_long(struct csv *r)
{
	return bad(r, "record longer than %u MB", "bản ghi dài quá %u MB", CSV_MAX_RECORD >> 20);
}

/*
 * Reads the rest of an unquoted field into k, up to and including its terminator.
 * Returns the terminator (',', '\n' or EOF), or 0 when k reached SINK_LIMIT first.
 */
static int read_plain(struct csv *r, struct sink *k)
{
	for (;;) {
		const char *p = r->in.buf + r->in.pos;
		size_t n = r->in.len - r->in.pos;
		size_t room = sink_reserve(k, n);
		char *d = k->s + k->len;
		size_t i;

		/* Copying while scanning beats scanning then memcpy for short fields. */
		for (i = 0; i < room; i++) {
			char c = p[i];
			if (c == ',' || c == '\n')
				break;
			d[i] = c;
		}
		k->len += i;
		r->in.pos += i;
		if (i < room) {
			r->in.pos++;
			return (unsigned char)p[i];
		}
		if (room < n)
			return 0;
		if (!fill(r))
			return EOF;
	}
}

/*
 * Reads the rest of a quoted field into k after its opening quote, up to and including
 * the closing quote, adding the LFs inside to *line. Returns '"' on success, EOF when
 * the file ends first, or 0 when k reached SINK_LIMIT first.
 */
static int read_quoted(struct csv *r, struct sink *k, long *line)
{
	for (;;) {
		const char *p = r->in.buf + r->in.pos;
		const char *e = r->in.buf + r->in.len;
		const char *q = p;

		while (q < e && *q != '"') {
			if (*q == '\n')
				(*line)++;
			q++;
		}
		if (!sink_add(k, p, (size_t)(q - p)))
			return 0;
		r->in.pos += (size_t)(q - p);
		if (q < e) {
			r->in.pos++;
			if (peek(r) != '"')
				return '"';
			/* A doubled quote stands for one. */
			r->in.pos++;
			if (!sink_put(k, '"'))
				return 0;
		} else if (!fill(r)) {
			return EOF;
		}
	}
}

/*
 * After PTDV_INVALID the reader is stuck: later calls return PTDV_INVALID again with the
 * same message, since the position in the file no longer means anything. r->line stays
 * the first line of the failed record. r->err is also set on PTDV_IO.
 */
enum ptdv_err csv_next(struct csv *r)
{
	long line = r->next_line;
	long quote_line;
	size_t nf = 0;
	size_t start;
	struct sink k;
	enum ptdv_err err;
	int c;

	assert(r->f);
	if (r->msg[0]) {
		err = PTDV_INVALID;
		goto fail;
	}
	r->nfields = 0;
	r->line = line;
	r->err[0] = '\0';
	if (r->at_start)
		skip_bom(r);
	if (!fill(r)) {
		err = ferror(r->f) ? io_error(r) : PTDV_NOTFOUND;
		goto fail;
	}
	sink_start(&k, &r->rec);
	do {
		if (nf == CSV_MAX_FIELDS) {
			err = bad(r, "more than %d fields", "quá %d cột", CSV_MAX_FIELDS);
			goto fail;
		}
		start = k.len;
		r->offs[nf++] = start;
		if (peek(r) == '"') {
			r->in.pos++;
			quote_line = line;
			c = read_quoted(r, &k, &line);
			if (c == EOF && ferror(r->f)) {
				err = io_error(r);
				goto fail;
			}
			if (c == EOF) {
				err = bad(r, "unterminated quoted field (opened on line %ld)",
					"dấu ngoặc kép chưa được đóng (bắt đầu ở dòng %ld)",
					quote_line);
				goto fail;
			}
			if (c == 0) {
				err = too_long(r);
				goto fail;
			}
			c = next(r);
			if (c == '\r' && peek(r) == '\n')
				c = next(r);
			if (c != ',' && c != '\n' && c != EOF) {
				err = bad(r, "text after the closing quote of field %zu",
					"có ký tự sau dấu ngoặc kép đóng ở cột %zu", nf);
				goto fail;
			}
		} else {
			c = read_plain(r, &k);
			if (c == 0) {
				err = too_long(r);
				goto fail;
			}
			if (c == '\n' && k.len > start && k.s[k.len - 1] == '\r')
				k.len--;
		}
		if (!sink_put(&k, '\0') || k.len > CSV_MAX_RECORD) {
			err = too_long(r);
			goto fail;
		}
	} while (c == ',');
	if (c == EOF && ferror(r->f)) {
		err = io_error(r);
		goto fail;
	}
	if (c == '\n')
		line++;
	sink_finish(&k);
	for (size_t i = 0; i < nf; i++) {
		size_t end = i + 1 < nf ? r->offs[i + 1] : k.len;
		r->fields[i].s = k.s + r->offs[i];
		r->fields[i].len = end - r->offs[i] - 1;
	}
	r->nfields = nf;
	r->next_line = line;
	return PTDV_OK;
fail:
	r->nfields = 0;
	return err;
}

/* Returns true for [+-]digits with an optional ',' or '.' and more digits: -12, -1,5, +84. */
static bool is_plain_number(const char *s, size_t len)
{
	size_t i = 0;
	size_t n;

	if (i < len && (s[i] == '+' || s[i] == '-'))
		i++;
	for (n = 0; i < len && s[i] >= '0' && s[i] <= '9'; n++)
		i++;
	if (n == 0)
		return false;
	if (i < len && (s[i] == ',' || s[i] == '.')) {
		i++;
		for (n = 0; i < len && s[i] >= '0' && s[i] <= '9'; n++)
			i++;
		if (n == 0)
			return false;
	}
	return i == len;
}

static bool needs_quotes(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		if (s[i] == ',' || s[i] == '"' || s[i] == '\r' || s[i] == '\n')
			return true;
	}
	return false;
}

/*
 * The quote prefix goes inside the quotes when both apply ("'=1,2"). An empty value
 * appends nothing. Cannot fail, but out's cap applies (see buf.h).
 */
void csv_write_field(struct buf *out, const char *s, size_t len)
{
	bool quote = needs_quotes(s, len);
	bool formula = len > 0 && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@') &&
		       !is_plain_number(s, len);
	size_t from = 0;

	assert(s || len == 0);
	if (quote)
		buf_addc(out, '"');
	if (formula)
		buf_addc(out, '\'');
	if (!quote) {
		buf_add(out, s, len);
		return;
	}
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '"') {
			/* Copies through the quote, then doubles it. */
			buf_add(out, s + from, i + 1 - from);
			buf_addc(out, '"');
			from = i + 1;
		}
	}
	buf_add(out, s + from, len - from);
	buf_addc(out, '"');
}
