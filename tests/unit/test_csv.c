/*
 * test_csv.c — unit tests of util/csv: the streaming reader over in-memory files
 * (records, quoting, line endings, BOM, line numbers, every format error) and
 * csv_write_field (quoting, formula neutralisation, round trip through the reader).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/csv.h"
#include "util/xalloc.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
/* A string literal with its length, so inputs may hold NUL bytes. */
#define S(lit) lit, sizeof(lit) - 1

/* Opens s[0..len) as a read-only FILE. The caller closes it. */
static FILE *open_mem(const char *s, size_t len)
{
	FILE *f = fmemopen((void *)s, len, "r");

	assert_non_null(f);
	return f;
}

/* Appends s[0..len) to out with LF, CR and NUL written as \n, \r and \0. */
static void add_escaped(struct buf *out, const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '\n')
			buf_adds(out, "\\n");
		else if (s[i] == '\r')
			buf_adds(out, "\\r");
		else if (s[i] == '\0')
			buf_adds(out, "\\0");
		else
			buf_addc(out, s[i]);
	}
}

/*
 * Reads every record of s[0..len) and returns them as one string (caller frees):
 * "1[a][b] 2[c]" for records starting on lines 1 and 2, then " !L msg" for a format
 * error on the record starting at line L, or " !IO" for a read error. Also checks that
 * every field is NUL-terminated and that an error is sticky.
 */
static char *read_all(const char *s, size_t len)
{
	struct buf out = BUF_INIT;
	struct csv r;
	FILE *f = open_mem(s, len);
	enum ptdv_err err;

	buf_init(&out, 0);
	csv_open(&r, f);
	for (;;) {
		err = csv_next(&r);
		if (err != PTDV_OK)
			break;
		assert_true(r.nfields >= 1);
		if (out.len)
			buf_addc(&out, ' ');
		buf_addf(&out, "%ld", r.line);
		for (size_t i = 0; i < r.nfields; i++) {
			assert_int_equal(r.fields[i].s[r.fields[i].len], '\0');
			buf_addc(&out, '[');
			add_escaped(&out, r.fields[i].s, r.fields[i].len);
			buf_addc(&out, ']');
		}
	}
	if (err == PTDV_INVALID) {
		long line = r.line;
		buf_addf(&out, "%s!%ld %s", out.len ? " " : "", r.line, r.msg);
		assert_true(r.err[0] != '\0');
		/* Reading cannot go on after a format error. */
		assert_int_equal(csv_next(&r), PTDV_INVALID);
		assert_int_equal(r.line, line);
		assert_int_equal(r.nfields, 0);
	} else if (err == PTDV_IO) {
		buf_addf(&out, "%s!IO", out.len ? " " : "");
	} else {
		assert_int_equal(err, PTDV_NOTFOUND);
		assert_int_equal(r.nfields, 0);
		/* End of file stays the end. */
		assert_int_equal(csv_next(&r), PTDV_NOTFOUND);
	}
	csv_close(&r);
	fclose(f);
	return buf_detach(&out);
}

struct read_case {
	const char *in;
	size_t len;
	const char *want;
};

static void check_cases(const struct read_case *cases, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char *got = read_all(cases[i].in, cases[i].len);

		if (strcmp(got, cases[i].want) != 0) {
			struct buf in = BUF_INIT;

			buf_init(&in, 0);
			add_escaped(&in, cases[i].in, cases[i].len);
			fail_msg("case %zu '%s':\n got '%s'\nwant '%s'", i, in.s, got,
				cases[i].want);
		}
		free(got);
	}
}

static void test_records(void **state)
{
	static const struct read_case cases[] = {
		{S(""), ""},
		{S("a"), "1[a]"},
		{S("a\n"), "1[a]"},
		{S("a\r\n"), "1[a]"},
		{S("a,b,c\nd,e,f\n"), "1[a][b][c] 2[d][e][f]"},
		{S("a,b\r\nc,d"), "1[a][b] 2[c][d]"},
		{S("a,b\r\nc,d\r\n"), "1[a][b] 2[c][d]"},
		{S("a\nb\r\nc"), "1[a] 2[b] 3[c]"},
		{S(" a , b \n"), "1[ a ][ b ]"},
		{S("Nguyễn Văn An,23/04/2006\n"), "1[Nguyễn Văn An][23/04/2006]"},
		{S("a\0b,c\n"), "1[a\\0b][c]"},
	};

	(void)state;
	check_cases(cases, ARRAY_LEN(cases));
}

static void test_empty_fields(void **state)
{
	static const struct read_case cases[] = {
		{S("\n"), "1[]"},
		{S("\r\n"), "1[]"},
		{S("a\n\nb\n"), "1[a] 2[] 3[b]"},
		{S("\r\n\r\n"), "1[] 2[]"},
		{S("\n\n\n"), "1[] 2[] 3[]"},
		{S(","), "1[][]"},
		{S(",\n"), "1[][]"},
		{S(",,\r\n"), "1[][][]"},
		{S("a,\n"), "1[a][]"},
		{S("a,"), "1[a][]"},
		{S(",a"), "1[][a]"},
		{S("a,,b"), "1[a][][b]"},
		{S("\"\"\n"), "1[]"},
		{S("\"\""), "1[]"},
		{S("\"\",\"\""), "1[][]"},
		{S("a,\"\",b\r\n"), "1[a][][b]"},
	};

	(void)state;
	check_cases(cases, ARRAY_LEN(cases));
}

static void test_quoted(void **state)
{
	static const struct read_case cases[] = {
		{S("\"a\""), "1[a]"},
		{S("\"a\"\n"), "1[a]"},
		{S("\"a\"\r\n"), "1[a]"},
		{S("\"a,b\",c\n"), "1[a,b][c]"},
		{S("c,\"a,b\"\n"), "1[c][a,b]"},
		{S("\"say \"\"hi\"\"\"\n"), "1[say \"hi\"]"},
		{S("\"\"\"\""), "1[\"]"},
		{S("\"\"\"\"\"\",x"), "1[\"\"][x]"},
		{S("\" a \"\n"), "1[ a ]"},
		/* A quote is data when the field does not start with it. */
		{S("ab\"c\",d\n"), "1[ab\"c\"][d]"},
		{S(" \"a\"\n"), "1[ \"a\"]"},
		{S("a\"\n"), "1[a\"]"},
		/* A CR alone is data, outside quotes too. */
		{S("a\rb\n"), "1[a\\rb]"},
		{S("\"a\rb\"\n"), "1[a\\rb]"},
	};

	(void)state;
	check_cases(cases, ARRAY_LEN(cases));
}

static void test_line_numbers(void **state)
{
	static const struct read_case cases[] = {
		{S("\"a\nb\",c\nd\n"), "1[a\\nb][c] 3[d]"},
		{S("\"a\r\nb\"\r\nd\r\n"), "1[a\\r\\nb] 3[d]"},
		{S("\"x\n\n\ny\"\nz"), "1[x\\n\\n\\ny] 5[z]"},
		{S("a\n\"b\nc\",\"d\ne\"\nf\n\ng"), "1[a] 2[b\\nc][d\\ne] 5[f] 6[] 7[g]"},
		{S("\"\n\"\n\"\n\""), "1[\\n] 3[\\n]"},
		{S("\n\n\"\n\"\n"), "1[] 2[] 3[\\n]"},
		{S("x\n\"a,\n\"\"b\"\"\n\",y\nz"), "1[x] 2[a,\\n\"b\"\\n][y] 5[z]"},
	};

	(void)state;
	check_cases(cases, ARRAY_LEN(cases));
}

static void test_bom(void **state)
{
	static const struct read_case cases[] = {
		{S("\xEF\xBB\xBF"
		   "a,b\n"),
			"1[a][b]"},
		{S("\xEF\xBB\xBF"
		   "\"a\"\n"),
			"1[a]"},
		{S("\xEF\xBB\xBF"), ""},
		{S("\xEF\xBB\xBF"
		   "\n"),
			"1[]"},
		{S("\xEF\xBB\xBF"
		   ",\n"),
			"1[][]"},
		/* Only at the start of the file, and only whole. */
		{S("a\n\xEF\xBB\xBF"
		   "b\n"),
			"1[a] 2[\xEF\xBB\xBF"
			"b]"},
		{S("\xEF\xBB"
		   "x\n"),
			"1[\xEF\xBB"
			"x]"},
		{S("\xEF"
		   "\"a\"\n"),
			"1[\xEF\"a\"]"},
		{S("\xEF"), "1[\xEF]"},
		{S("\xEF\xBB"), "1[\xEF\xBB]"},
		{S("\xEF\xBB,"), "1[\xEF\xBB][]"},
		{S("\xEF\n"), "1[\xEF]"},
	};

	(void)state;
	check_cases(cases, ARRAY_LEN(cases));
}

static void test_errors(void **state)
{
	static const struct read_case cases[] = {
		{S("\"abc"), "!1 dấu ngoặc kép chưa được đóng (bắt đầu ở dòng 1)"},
		{S("a\n\"bc\n"), "1[a] !2 dấu ngoặc kép chưa được đóng (bắt đầu ở dòng 2)"},
		{S("1\n2\n3\n4\n5\n6\n\"abc\nd,e\n"), "1[1] 2[2] 3[3] 4[4] 5[5] 6[6] !7 dấu ngoặc "
						      "kép chưa được đóng (bắt đầu ở dòng 7)"},
		/* The record starts on line 1, the open quote on line 2. */
		{S("x,\"a\nb\",\"c\nd\n"), "!1 dấu ngoặc kép chưa được đóng (bắt đầu ở dòng 2)"},
		{S("\"a\"\"\n"), "!1 dấu ngoặc kép chưa được đóng (bắt đầu ở dòng 1)"},
		{S("\"a\"b,c\n"), "!1 có ký tự sau dấu ngoặc kép đóng ở cột 1"},
		{S("x,\"a\" ,c\n"), "!1 có ký tự sau dấu ngoặc kép đóng ở cột 2"},
		{S("a\n\"a\nb\"x\n"), "1[a] !2 có ký tự sau dấu ngoặc kép đóng ở cột 1"},
		{S("\"a\"\"b\"c\n"), "!1 có ký tự sau dấu ngoặc kép đóng ở cột 1"},
		{S("\"a\"\rb\n"), "!1 có ký tự sau dấu ngoặc kép đóng ở cột 1"},
		{S("\"a\"\r"), "!1 có ký tự sau dấu ngoặc kép đóng ở cột 1"},
	};

	(void)state;
	check_cases(cases, ARRAY_LEN(cases));
}

/* Builds "\n" then a record of n one-byte fields ("a,a,...,a\n"), then "z\n". */
static char *fields_input(size_t n, size_t *len)
{
	struct buf b = BUF_INIT;

	buf_init(&b, 0);
	buf_addc(&b, '\n');
	for (size_t i = 0; i < n; i++)
		buf_adds(&b, i ? ",a" : "a");
	buf_adds(&b, "\nz\n");
	*len = b.len;
	return buf_detach(&b);
}

static void test_max_fields(void **state)
{
	size_t len;
	char *in = fields_input(CSV_MAX_FIELDS, &len);
	struct csv r;
	FILE *f = open_mem(in, len);

	(void)state;
	csv_open(&r, f);
	assert_int_equal(csv_next(&r), PTDV_OK);
	assert_int_equal(csv_next(&r), PTDV_OK);
	assert_int_equal(r.line, 2);
	assert_int_equal(r.nfields, CSV_MAX_FIELDS);
	assert_string_equal(r.fields[CSV_MAX_FIELDS - 1].s, "a");
	assert_int_equal(csv_next(&r), PTDV_OK);
	assert_string_equal(r.fields[0].s, "z");
	assert_int_equal(r.line, 3);
	assert_int_equal(csv_next(&r), PTDV_NOTFOUND);
	csv_close(&r);
	fclose(f);
	free(in);

	in = fields_input(CSV_MAX_FIELDS + 1, &len);
	f = open_mem(in, len);
	csv_open(&r, f);
	assert_int_equal(csv_next(&r), PTDV_OK);
	assert_int_equal(csv_next(&r), PTDV_INVALID);
	assert_int_equal(r.line, 2);
	assert_string_equal(r.msg, "quá 256 cột");
	assert_int_equal(csv_next(&r), PTDV_INVALID);
	csv_close(&r);
	fclose(f);
	free(in);
}

/*
 * Reads a file of "x\n", then a record of one field of n bytes (quoted when quoted is
 * set, with an LF every 1000 bytes), ended by CRLF or LF, then "y\n". Returns the result
 * of the second csv_next (r is closed); checks that memory stayed bounded and, on
 * success, the field and the next record's line.
 */
static enum ptdv_err read_long(size_t n, bool quoted, bool crlf, struct csv *r)
{
	char *in = xmalloc(n + 16);
	size_t i = 0;
	enum ptdv_err err;
	FILE *f;

	memcpy(in, "x\n", 2);
	i = 2;
	if (quoted)
		in[i++] = '"';
	for (size_t k = 0; k < n; k++)
		in[i++] = quoted && k % 1000 == 0 ? '\n' : 'b';
	if (quoted)
		in[i++] = '"';
	if (crlf)
		in[i++] = '\r';
	memcpy(in + i, "\ny\n", 3);
	i += 3;
	f = open_mem(in, i);
	csv_open(r, f);
	assert_int_equal(csv_next(r), PTDV_OK);
	err = csv_next(r);
	assert_int_equal(r->line, 2);
	assert_true(r->rec.alloc <= 2 * (size_t)CSV_MAX_RECORD + 1);
	if (err == PTDV_OK) {
		assert_int_equal(r->nfields, 1);
		assert_int_equal(r->fields[0].len, n);
		assert_int_equal(r->fields[0].s[n - 1], 'b');
		assert_int_equal(csv_next(r), PTDV_OK);
		assert_string_equal(r->fields[0].s, "y");
		assert_int_equal(r->line, quoted ? 3 + (long)((n + 999) / 1000) : 3);
	}
	csv_close(r);
	fclose(f);
	free(in);
	return err;
}

static void test_max_record(void **state)
{
	static const struct {
		size_t n;
		enum ptdv_err want;
	} sizes[] = {
		{CSV_MAX_RECORD - 2, PTDV_OK},
		{CSV_MAX_RECORD - 1, PTDV_OK},
		{CSV_MAX_RECORD, PTDV_INVALID},
		{CSV_MAX_RECORD + 1, PTDV_INVALID},
		{8 * (size_t)CSV_MAX_RECORD, PTDV_INVALID},
	};
	struct csv r;

	(void)state;
	/* The limit counts field bytes plus one terminator per field; a CRLF's CR is not data. */
	for (size_t i = 0; i < ARRAY_LEN(sizes); i++) {
		for (int v = 0; v < 4; v++) {
			enum ptdv_err err = read_long(sizes[i].n, v & 1, v & 2, &r);

			if (err != sizes[i].want)
				fail_msg("n=%zu quoted=%d crlf=%d: got %d", sizes[i].n, v & 1,
					v & 2, err);
			if (err == PTDV_INVALID)
				assert_string_equal(r.msg, "bản ghi dài quá 1 MB");
		}
	}
}

/* Two fields share the limit: (a + 1) + (b + 1) bytes. */
static void test_max_record_fields(void **state)
{
	size_t half = CSV_MAX_RECORD / 2 - 1;
	char *in = xmalloc(CSV_MAX_RECORD + 16);
	struct csv r;
	FILE *f;

	(void)state;
	for (int extra = 0; extra <= 1; extra++) {
		size_t i = 0;

		memset(in, 'a', half + extra);
		i += half + extra;
		in[i++] = ',';
		memset(in + i, 'b', half);
		i += half;
		in[i++] = '\n';
		f = open_mem(in, i);
		csv_open(&r, f);
		assert_int_equal(csv_next(&r), extra ? PTDV_INVALID : PTDV_OK);
		if (!extra) {
			assert_int_equal(r.nfields, 2);
			assert_int_equal(r.fields[0].len + 1 + r.fields[1].len + 1, CSV_MAX_RECORD);
			assert_int_equal(csv_next(&r), PTDV_NOTFOUND);
		}
		csv_close(&r);
		fclose(f);
	}
	free(in);
}

/*
 * The reader takes the file in blocks of CSV_BLOCK bytes: each snippet is read with its
 * start moved across a block boundary, so every special byte and pair of bytes (CRLF,
 * doubled quote, closing quote and comma) is split once.
 */
static void test_block_boundaries(void **state)
{
	static const struct read_case cases[] = {
		{S("\"a\"\"b\",\"c\"\r\nd\r\n"), "2[a\"b][c] 3[d]"},
		{S("\"\"\"\"\r\n\"\"\n,"), "2[\"] 3[] 4[][]"},
		{S("a\r\n\r\nb"), "2[a] 3[] 4[b]"},
		{S("ab,cd\r\nef,gh"), "2[ab][cd] 3[ef][gh]"},
		{S("\"x\ny\"\r\n\"\""), "2[x\\ny] 4[]"},
		{S("\"a\r\n\"\"b\"\"\r\n\""), "2[a\\r\\n\"b\"\\r\\n]"},
		{S("\"a\"\rb"), "!2 có ký tự sau dấu ngoặc kép đóng ở cột 1"},
		{S("\"a\"x"), "!2 có ký tự sau dấu ngoặc kép đóng ở cột 1"},
		{S("x\n\"ab\n"), "2[x] !3 dấu ngoặc kép chưa được đóng (bắt đầu ở dòng 3)"},
	};
	char *in = xmalloc(CSV_BLOCK + 64);

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		for (size_t shift = 1; shift <= cases[i].len + 1; shift++) {
			/* A first record "ppp...p\n" puts the snippet at CSV_BLOCK - shift. */
			size_t pad = CSV_BLOCK - shift - 1;
			char *got;
			const char *rest;

			memset(in, 'p', pad);
			in[pad] = '\n';
			memcpy(in + pad + 1, cases[i].in, cases[i].len);
			got = read_all(in, pad + 1 + cases[i].len);
			assert_true(strlen(got) > pad + 4);
			assert_memory_equal(got, "1[pp", 4);
			rest = got + 2 + pad;
			assert_memory_equal(rest, "] ", 2);
			if (strcmp(rest + 2, cases[i].want) != 0)
				fail_msg("case %zu shift %zu: got '%s', want '%s'", i, shift,
					rest + 2, cases[i].want);
			free(got);
		}
	}
	free(in);
}

static void test_read_error(void **state)
{
	struct csv r;
	FILE *f = fopen("/dev/null", "w");

	(void)state;
	assert_non_null(f);
	csv_open(&r, f);
	assert_int_equal(csv_next(&r), PTDV_IO);
	assert_true(r.err[0] != '\0');
	csv_close(&r);
	fclose(f);
}

/* csv_close accepts a zeroed struct and a reader that never read. */
static void test_close(void **state)
{
	static struct csv zero;
	struct csv r;
	FILE *f = open_mem(S("a\n"));

	(void)state;
	csv_close(&zero);
	csv_open(&r, f);
	csv_close(&r);
	fclose(f);
}

static void test_write_field(void **state)
{
	static const struct {
		const char *in;
		size_t len;
		const char *want;
	} cases[] = {
		{S(""), ""},
		{S("abc"), "abc"},
		{S("Nguyễn Văn An"), "Nguyễn Văn An"},
		{S(" a "), " a "},
		{S("a,b"), "\"a,b\""},
		{S("say \"hi\""), "\"say \"\"hi\"\"\""},
		{S("\""), "\"\"\"\""},
		{S("\"\""), "\"\"\"\"\"\""},
		{S("a\nb"), "\"a\nb\""},
		{S("a\rb"), "\"a\rb\""},
		{S("a\r\n"), "\"a\r\n\""},
		/* Formula neutralisation. */
		{S("=1+2"), "'=1+2"},
		{S("+1+2"), "'+1+2"},
		{S("-1+2"), "'-1+2"},
		{S("@SUM(A1)"), "'@SUM(A1)"},
		{S("=HYPERLINK(\"http://x\",\"y\")"),
			"\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\""},
		{S("=A1\nB"), "\"'=A1\nB\""},
		{S("="), "'="},
		{S("-"), "'-"},
		{S("+"), "'+"},
		{S("@"), "'@"},
		{S("--1"), "'--1"},
		{S("+-1"), "'+-1"},
		{S("-1e5"), "'-1e5"},
		{S("-1,5,6"), "\"'-1,5,6\""},
		{S("-1,"), "\"'-1,\""},
		{S("-,5"), "\"'-,5\""},
		{S("-.5"), "'-.5"},
		{S("-1.5."), "'-1.5."},
		{S("+84 912 345 678"), "'+84 912 345 678"},
		{S("-12 "), "'-12 "},
		/* Plain numbers stay numbers. */
		{S("-12"), "-12"},
		{S("+84"), "+84"},
		{S("-1,5"), "\"-1,5\""},
		{S("-1.5"), "-1.5"},
		{S("+0"), "+0"},
		{S("-0,000001"), "\"-0,000001\""},
		/* Only the first byte matters. */
		{S("12"), "12"},
		{S("1-2"), "1-2"},
		{S("a=b"), "a=b"},
		{S(" =1"), " =1"},
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		struct buf out = BUF_INIT;

		buf_init(&out, 0);
		buf_adds(&out, "x,");
		csv_write_field(&out, cases[i].in, cases[i].len);
		assert_true(out.len >= 2);
		if (strcmp(out.s + 2, cases[i].want) != 0)
			fail_msg(
				"'%s': got '%s', want '%s'", cases[i].in, out.s + 2, cases[i].want);
		assert_memory_equal(out.s, "x,", 2);
		buf_free(&out);
	}
}

/* Fields written by csv_write_field read back unchanged (none starts a formula). */
static void test_round_trip(void **state)
{
	static const char *const values[] = {
		"",
		"a",
		"a,b",
		"\"",
		"\"\"",
		"a\nb",
		"a\r\nb",
		"\r\n",
		" ",
		"say \"hi\"",
		"-12",
		"-1,5",
		"+84",
		",",
		"x\"y",
		"\n",
		"Đức",
		"a,\"b",
		"\"a\",\"b\"",
		"1\n2\n3",
	};
	struct buf out = BUF_INIT;
	struct csv r;
	FILE *f;

	(void)state;
	buf_init(&out, 0);
	for (size_t rec = 0; rec < 3; rec++) {
		for (size_t i = 0; i < ARRAY_LEN(values); i++) {
			if (i)
				buf_addc(&out, ',');
			csv_write_field(&out, values[(i + rec) % ARRAY_LEN(values)],
				strlen(values[(i + rec) % ARRAY_LEN(values)]));
		}
		buf_adds(&out, rec == 1 ? "\n" : "\r\n");
	}
	f = open_mem(out.s, out.len);
	csv_open(&r, f);
	for (size_t rec = 0; rec < 3; rec++) {
		assert_int_equal(csv_next(&r), PTDV_OK);
		assert_int_equal(r.nfields, ARRAY_LEN(values));
		for (size_t i = 0; i < ARRAY_LEN(values); i++) {
			const char *want = values[(i + rec) % ARRAY_LEN(values)];
			assert_int_equal(r.fields[i].len, strlen(want));
			assert_string_equal(r.fields[i].s, want);
		}
	}
	assert_int_equal(csv_next(&r), PTDV_NOTFOUND);
	csv_close(&r);
	fclose(f);
	buf_free(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_records),
		cmocka_unit_test(test_empty_fields),
		cmocka_unit_test(test_quoted),
		cmocka_unit_test(test_line_numbers),
		cmocka_unit_test(test_bom),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_max_fields),
		cmocka_unit_test(test_max_record),
		cmocka_unit_test(test_max_record_fields),
		cmocka_unit_test(test_block_boundaries),
		cmocka_unit_test(test_read_error),
		cmocka_unit_test(test_close),
		cmocka_unit_test(test_write_field),
		cmocka_unit_test(test_round_trip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
