/*
 * test_vn.c — unit tests for util/vn: strict UTF-8 validation, NFC normalisation, search
 * folding, Vietnamese name sort keys (letter order, tone order, name order, NFC/NFD and case
 * independence, byte layout) and the Vietnamese number formats; and that the fast paths of
 * vn_normalize, vn_fold and vn_name_sort_key give exactly the bytes of their reference
 * implementations on every table code point, on UTF-8 edge cases and on random text.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "util/buf.h"
#include "util/vn.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))
#define DASH "\xe2\x80\x94"

/* The twelve Vietnamese vowels, each with the six tones in collation order. */
static const char *const vowels[12][6] = {
	{"a", "à", "ả", "ã", "á", "ạ"},
	{"ă", "ằ", "ẳ", "ẵ", "ắ", "ặ"},
	{"â", "ầ", "ẩ", "ẫ", "ấ", "ậ"},
	{"e", "è", "ẻ", "ẽ", "é", "ẹ"},
	{"ê", "ề", "ể", "ễ", "ế", "ệ"},
	{"i", "ì", "ỉ", "ĩ", "í", "ị"},
	{"o", "ò", "ỏ", "õ", "ó", "ọ"},
	{"ô", "ồ", "ổ", "ỗ", "ố", "ộ"},
	{"ơ", "ờ", "ở", "ỡ", "ớ", "ợ"},
	{"u", "ù", "ủ", "ũ", "ú", "ụ"},
	{"ư", "ừ", "ử", "ữ", "ứ", "ự"},
	{"y", "ỳ", "ỷ", "ỹ", "ý", "ỵ"},
};

static const char *const vowels_upper[12][6] = {
	{"A", "À", "Ả", "Ã", "Á", "Ạ"},
	{"Ă", "Ằ", "Ẳ", "Ẵ", "Ắ", "Ặ"},
	{"Â", "Ầ", "Ẩ", "Ẫ", "Ấ", "Ậ"},
	{"E", "È", "Ẻ", "Ẽ", "É", "Ẹ"},
	{"Ê", "Ề", "Ể", "Ễ", "Ế", "Ệ"},
	{"I", "Ì", "Ỉ", "Ĩ", "Í", "Ị"},
	{"O", "Ò", "Ỏ", "Õ", "Ó", "Ọ"},
	{"Ô", "Ồ", "Ổ", "Ỗ", "Ố", "Ộ"},
	{"Ơ", "Ờ", "Ở", "Ỡ", "Ớ", "Ợ"},
	{"U", "Ù", "Ủ", "Ũ", "Ú", "Ụ"},
	{"Ư", "Ừ", "Ử", "Ữ", "Ứ", "Ự"},
	{"Y", "Ỳ", "Ỷ", "Ỹ", "Ý", "Ỵ"},
};

static const char vowel_base[12] = "aaaeeiooouuy";

/* Returns the NFD form of s; the caller frees it. */
static char *nfd(const char *s)
{
	char *d = (char *)utf8proc_NFD((const utf8proc_uint8_t *)s);

	assert_non_null(d);
	return d;
}

/* Returns vn_fold(s); the caller frees it. */
static char *fold(const char *s)
{
	struct buf b;

	buf_init(&b, 0);
	vn_fold(s, strlen(s), &b);
	return buf_detach(&b);
}

/* Returns the sort key of s in a buf the caller frees with buf_free. */
static struct buf key(const char *s)
{
	struct buf b;

	buf_init(&b, 0);
	vn_name_sort_key(s, strlen(s), &b);
	return b;
}

/* Compares two keys as a database compares BLOBs: memcmp, then length. */
static int key_cmp(const struct buf *a, const struct buf *b)
{
	size_t n = a->len < b->len ? a->len : b->len;
	int c = memcmp(a->s, b->s, n);

	if (c != 0)
		return c;
	return (a->len > b->len) - (a->len < b->len);
}

static void print_key(const char *label, const struct buf *k)
{
	size_t i;

	print_message("%s:", label);
	for (i = 0; i < k->len; i++)
		print_message(" %02x", (unsigned char)k->s[i]);
	print_message("\n");
}

/* Asserts that names a and b have keys in the order given by sign (-1, 0, 1). */
static void assert_key_order(const char *a, const char *b, int sign)
{
	struct buf ka = key(a);
	struct buf kb = key(b);
	int c = key_cmp(&ka, &kb);

	c = (c > 0) - (c < 0);
	if (c != sign) {
		print_message("expected key('%s') %s key('%s')\n", a,
			sign < 0   ? "<"
			: sign > 0 ? ">"
				   : "==",
			b);
		print_key(a, &ka);
		print_key(b, &kb);
	}
	assert_int_equal(c, sign);
	buf_free(&ka);
	buf_free(&kb);
}

static void test_utf8_valid(void **state)
{
	static const struct {
		const char *s;
		size_t len;
		bool ok;
	} cases[] = {
		{"", 0, true}, {"abc", 3, true},
		{"Nguyễn Văn Đức", sizeof("Nguyễn Văn Đức") - 1, true}, {"a\tb", 3, true},
		{"\x7f", 1, true},         /* DEL is not a C0 control */
		{"\xc2\x85", 2, true},     /* U+0085, a C1 control, is allowed */
		{"\xe1\xbb\x85", 3, true}, /* ễ */
		{"\xe0\xa0\x80", 3, true}, /* U+0800, the smallest 3-byte */
		{"\xed\x9f\xbf", 3, true}, /* U+D7FF, just below the surrogates */
		{"\xef\xbf\xbf", 3, true}, /* U+FFFF */
		{"\xf0\x90\x80\x80", 4, true}, {"\xf4\x8f\xbf\xbf", 4, true}, /* U+10FFFF */
		{"abc\xff", 3, true}, /* only len bytes are read */
		{"a\nb", 3, false}, {"a\rb", 3, false}, {"\x01", 1, false}, {"\x1f", 1, false},
		{"a\0b", 3, false}, {"\xc0\x80", 2, false}, /* overlong NUL */
		{"\xc1\xbf", 2, false},                     /* overlong */
		{"\xe0\x80\x80", 3, false}, {"\xe0\x9f\xbf", 3, false},
		{"\xf0\x8f\xbf\xbf", 4, false}, {"\xed\xa0\x80", 3, false}, /* U+D800 */
		{"\xed\xbf\xbf", 3, false},                                 /* U+DFFF */
		{"\xf4\x90\x80\x80", 4, false},                             /* U+110000 */
		{"\xf5\x80\x80\x80", 4, false}, {"\xff", 1, false},
		{"\x80", 1, false},                  /* stray continuation byte */
		{"\xc3", 1, false},                  /* truncated */
		{"\xe1\xbb", 2, false},              /* truncated */
		{"\xe1\xbb\x85", 2, false},          /* ễ cut by len */
		{"\xe1\x41\x85", 3, false},          /* bad continuation */
		{"Nguy\xe1\xbb\x85\x85n", 8, false}, /* ễ and a stray byte */
	};
	size_t i;

	(void)state;
	for (i = 0; i < COUNT(cases); i++) {
		if (vn_utf8_valid(cases[i].s, cases[i].len) != cases[i].ok)
			print_message("case %zu\n", i);
		assert_int_equal(vn_utf8_valid(cases[i].s, cases[i].len), cases[i].ok);
	}
}

static void test_normalize(void **state)
{
	static const struct {
		const char *in;
		size_t len; /* 0: strlen */
		enum ptdv_err err;
		const char *out;
	} cases[] = {
		{"Nguyễn Văn An", 0, PTDV_OK, "Nguyễn Văn An"},
		{"  Nguyễn   Văn  An  ", 0, PTDV_OK, "Nguyễn Văn An"},
		{"\t Nguyễn\r\nVăn \n An \r\n", 0, PTDV_OK, "Nguyễn Văn An"},
		{"Nguye\xcc\x82\xcc\x83n", 0, PTDV_OK, "Nguyễn"}, /* NFD */
		/* Tilde and circumflex have the same combining class: their order is kept. */
		{"Nguye\xcc\x83\xcc\x82n", 0, PTDV_OK, "Nguy\xe1\xba\xbd\xcc\x82n"},
		{"e\xcc\xa3\xcc\x82 e\xcc\x82\xcc\xa3", 0, PTDV_OK, "ệ ệ"}, /* canonical order */
		{"Nguy\xc3\xaa\xcc\x83n", 0, PTDV_OK, "Nguyễn"},            /* half composed */
		{"Văn\xc2\xa0"
		 "An",
			0, PTDV_OK, "Văn An"}, /* no-break space */
		{"Văn\xe3\x80\x80"
		 "An",
			0, PTDV_OK, "Văn An"},                /* ideographic space */
		{"\xef\xac\x81", 0, PTDV_OK, "\xef\xac\x81"}, /* ﬁ: NFC, not NFKC */
		{"", 0, PTDV_OK, ""},
		{"   \t ", 0, PTDV_OK, ""},
		{"\xff", 0, PTDV_INVALID, NULL},
		{"Nguy\xc3n", 0, PTDV_INVALID, NULL},
		{"\xed\xa0\x80", 0, PTDV_INVALID, NULL},
		{"\xc0\xa0", 0, PTDV_INVALID, NULL},
		{"a\0b", 3, PTDV_INVALID, NULL},
		{"a\x01"
		 "b",
			0, PTDV_INVALID, NULL},
		{"a\x1b"
		 "b",
			0, PTDV_INVALID, NULL},
	};
	size_t i;

	(void)state;
	for (i = 0; i < COUNT(cases); i++) {
		struct buf b;
		size_t len = cases[i].len ? cases[i].len : strlen(cases[i].in);
		enum ptdv_err err;

		buf_init(&b, 0);
		buf_adds(&b, "x:");
		err = vn_normalize(cases[i].in, len, &b);
		if (err != cases[i].err)
			print_message("case %zu\n", i);
		assert_int_equal(err, cases[i].err);
		if (err == PTDV_OK) {
			assert_string_equal(b.s + 2, cases[i].out);
			assert_true(vn_utf8_valid(b.s, b.len));
		} else {
			assert_string_equal(b.s, "x:");
		}
		buf_free(&b);
	}
}

static void test_fold(void **state)
{
	static const struct {
		const char *in;
		const char *out;
	} cases[] = {
		{"  Nguyễn Văn  Đức ", "nguyen van duc"}, {"NGUYỄN VĂN ĐỨC", "nguyen van duc"},
		{"Nguye\xcc\x82\xcc\x83n", "nguyen"}, /* NFD */
		{"Nguye\xcc\x83\xcc\x82n", "nguyen"}, /* NFD, marks swapped */
		{"đ Đ đĐ", "d d dd"},
		{"\xc3\x90\xc3\xa0o", "dao"}, /* Ð (U+00D0, eth) taken for Đ */
		{"Lê-Thị_Hồng!!!", "le thi hong"}, {"H'Hen Niê", "h hen nie"},
		{"Nguyễn\tVăn\nAn", "nguyen van an"}, {"Số 12, đường 3/2", "so 12 duong 3 2"},
		{"ABC123xyz", "abc123xyz"},
		{"\xef\xbc\xae\xef\xbd\x87\xef\xbd\x95\xef\xbd\x99\xe1\xbb\x85\xef\xbd\x8e",
			"nguyen"}, /* full-width */
		{"Straße Zoë Müller", "strasse zoe muller"}, {"Москва", "москва"},
		{"Ngu\xffy\xc3\xaan", "nguyen"}, /* a stray byte is skipped */
		{"Ng\xe1\xbb"
		 "a",
			"nga"}, /* so is a truncated sequence */
		{"", ""}, {"  -- ,, ", ""},
		{"\xcc\x81"
		 "a",
			"a"}, /* a mark with nothing before it */
	};
	size_t i;

	(void)state;
	for (i = 0; i < COUNT(cases); i++) {
		char *f = fold(cases[i].in);

		assert_string_equal(f, cases[i].out);
		free(f);
	}
}

static void test_fold_appends(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 0);
	buf_adds(&b, "x");
	vn_fold(" Đà Nẵng ", strlen(" Đà Nẵng "), &b);
	assert_string_equal(b.s, "xda nang");
	buf_free(&b);
}

/* Every vowel with every tone, lower case, upper case and NFD, folds to its base letter. */
static void test_fold_vowels(void **state)
{
	size_t v;
	size_t t;

	(void)state;
	for (v = 0; v < 12; v++) {
		for (t = 0; t < 6; t++) {
			char want[2] = {vowel_base[v], '\0'};
			char *lower = fold(vowels[v][t]);
			char *upper = fold(vowels_upper[v][t]);
			char *d = nfd(vowels_upper[v][t]);
			char *decomposed = fold(d);

			assert_string_equal(lower, want);
			assert_string_equal(upper, want);
			assert_string_equal(decomposed, want);
			free(lower);
			free(upper);
			free(d);
			free(decomposed);
		}
	}
}

/*
 * Each vowel with each tone: tones in order ngang < huyền < hỏi < ngã < sắc < nặng, the
 * vowels in alphabet order whatever their tone, upper case and NFD giving the same key.
 */
static void test_key_vowels_and_tones(void **state)
{
	size_t v;
	size_t t;

	(void)state;
	for (v = 0; v < 12; v++) {
		for (t = 0; t < 6; t++) {
			char *d = nfd(vowels[v][t]);

			assert_key_order(vowels[v][t], vowels_upper[v][t], 0);
			assert_key_order(vowels[v][t], d, 0);
			if (t < 5)
				assert_key_order(vowels[v][t], vowels[v][t + 1], -1);
			if (v < 11)
				assert_key_order(vowels[v][t], vowels[v + 1][0], -1);
			free(d);
		}
	}
}

static void test_key_letter_order(void **state)
{
	static const char *const order[] = {
		"0", "9", "a", "ạ", "ă", "ặ", "â", "b", "c", "d", "đ", "e", "ê", "f", "g", "h", "i",
		"j", "k", "l", "m", "n", "o", "ô", "ơ", "p", "q", "r", "s", "t", "u", "ư", "v", "w",
		"x", "y", "z", "\xc3\xb8", /* ø: other letters after z, by code point */
		"\xce\xb1",                /* α */
		"\xd1\x8f",                /* я */
	};
	size_t i;

	(void)state;
	for (i = 0; i + 1 < COUNT(order); i++)
		assert_key_order(order[i], order[i + 1], -1);
}

/* Tones only matter when all letters are equal. Each chain is in increasing order. */
static void test_key_tones_are_secondary(void **state)
{
	static const char *const chains[][10] = {
		{"à", "an", "án", "anh", "ánh", "ạnh", "ăn", "ẵn", "ân"},
		{"hoa", "hoà", "hoả", "hoã", "hoá", "hoạ", "hoan"},
		{"Nguyễn Văn Dũng", "Nguyễn Văn Dụng", "Nguyễn Văn Dung2", "Nguyễn Văn Dưng"},
		{"Lê Văn Hùng", "Lê Vặn Hùng", "Lê Văn Hụng", "Lê Văn Hưng"},
	};
	size_t c;
	size_t i;

	(void)state;
	for (c = 0; c < COUNT(chains); c++) {
		for (i = 0; i + 1 < COUNT(chains[c]) && chains[c][i + 1]; i++)
			assert_key_order(chains[c][i], chains[c][i + 1], -1);
	}
}

static void test_key_equal(void **state)
{
	static const struct {
		const char *a;
		const char *b;
	} cases[] = {
		{"Nguyễn Văn An", "NGUYỄN VĂN AN"},
		{"Nguyễn Văn An", "nguyễn văn an"},
		{"Nguyễn Văn An", "  Nguyễn   Văn\tAn \n"},
		{"Nguyễn Văn An", "Nguyễn\xc2\xa0Văn An"},
		{"Nguyễn Văn An", "Ngu\xffyễn Văn An"},
		{"Nguyễn Văn An", "Nguye\xcc\x82\xcc\x83n Va\xcc\x86n An"},
		{"Nguyễn Văn An", "Nguye\xcc\x83\xcc\x82n Va\xcc\x86n An"},
		{"Nguyễn Văn An", "Nguy\xc3\xaa\xcc\x83n Văn An"},
		{"Lê Thị Hòa", "Lê Thị Hoà"}, /* old and new tone placement */
		{"Trần Thị Thúy", "Trần Thị Thuý"},
		{"Đào Văn Đức", "\xc3\x90\xc3\xa0o Văn \xc3\x90\xe1\xbb\xa9\x63"}, /* Ð for Đ */
		{"ĐẶNG", "đặng"},
		{"Y-Moan Ênuôl", "YMoan Ênuôl"}, /* punctuation inside a word is ignored */
		{"", "   "},
		{"", " - , "},
	};
	size_t i;

	(void)state;
	for (i = 0; i < COUNT(cases); i++)
		assert_key_order(cases[i].a, cases[i].b, 0);
}

struct named_key {
	const char *name;
	struct buf key;
};

static int named_key_cmp(const void *a, const void *b)
{
	return key_cmp(&((const struct named_key *)a)->key, &((const struct named_key *)b)->key);
}

/* A list of names, shuffled, sorted by key with qsort, comes back in Vietnamese order. */
static void test_key_sort_names(void **state)
{
	static const char *const sorted[] = {
		"Hoàng An",      /* an | hoàng */
		"Nguyễn Văn An", /* an | văn | nguyễn */
		"Trần Thị Ánh",
		"Nguyễn Thị Ă",
		"Trương Văn Âu",
		"Lê Văn Bình",
		"Phạm Thị Cúc",
		"Đặng Văn Dũng",
		"Lê Văn Đức",
		"Võ Thị Em",
		"Ngô Thị Hà",
		"Ngô Thị Hạ",
		"Trần Văn Hải",
		"Nguyễn Hoàng Long", /* long | hoàng | nguyễn */
		"Trần Long",         /* long | trần */
		"Nguyễn Thị Oanh",
		"Trần Văn Ổn",
		"Lê Thị Út",
		"Lê Văn Ưng",
		"Nguyễn Thị Yến",
	};
	struct named_key list[COUNT(sorted)];
	size_t n = COUNT(sorted);
	size_t i;

	(void)state;
	for (i = 0; i < n; i++) {
		/* 7 is prime to n, so this visits every name once, out of order. */
		list[i].name = sorted[(i * 7 + 3) % n];
		list[i].key = key(list[i].name);
	}
	qsort(list, n, sizeof(list[0]), named_key_cmp);
	for (i = 0; i < n; i++) {
		if (strcmp(list[i].name, sorted[i]) != 0)
			print_message(
				"position %zu: got '%s', want '%s'\n", i, list[i].name, sorted[i]);
	}
	for (i = 0; i < n; i++)
		assert_string_equal(list[i].name, sorted[i]);
	for (i = 0; i + 1 < n; i++)
		assert_true(key_cmp(&list[i].key, &list[i + 1].key) < 0);
	for (i = 0; i < n; i++)
		buf_free(&list[i].key);
}

static void test_key_name_structure(void **state)
{
	(void)state;
	/* Given name first, then middle names, then family name. */
	assert_key_order("Trần Văn An", "Nguyễn Văn Bình", -1);
	assert_key_order("Nguyễn Văn An", "Trần Văn An", -1);
	assert_key_order("Trần Đức An", "Nguyễn Văn An", -1);
	assert_key_order("Trần Thị Mai An", "Nguyễn Thị Ngọc An", -1);
	/* A word ends before any letter: "An" comes before "Anh". */
	assert_key_order("Phạm Văn An", "Lê Văn Anh", -1);
	assert_key_order("An", "Anh", -1);
	/* A one-word name comes before longer names with that given name. */
	assert_key_order("An", "Lê An", -1);
	assert_key_order("Lê An", "Lê Văn An", -1);
	/* Digits come before letters. */
	assert_key_order("Nguyễn Văn 2", "Nguyễn Văn A", -1);
	/* A name comes after the empty name. */
	assert_key_order("", "A", -1);
	/* A letter with a non-Vietnamese mark comes after the plain letter. */
	assert_key_order("Muller", "Müller", -1);
}

/* The byte layout of the key, pinned: letters 0x20.., 0x01 between words, 0x00, tones. */
static void test_key_layout(void **state)
{
	static const struct {
		const char *name;
		const char *bytes;
		size_t len;
	} cases[] = {
		{"", "\x00", 1},
		{"An", "\x20\x31\x00\x01", 4},
		{"Án", "\x20\x31\x00\x06\x01", 5},
		{"Lê An", "\x20\x31\x01\x2f\x28\x00\x01\x01", 8},
		{"Lê Văn Ạn", "\x20\x31\x01\x3c\x21\x31\x01\x2f\x28\x00\x07\x01\x01\x01", 14},
		{"Đ9", "\x26\x19\x00\x01", 4},
		{"\xce\xb1", "\x80\x87\xb1\x00\x01", 5}, /* α U+03B1: 7 bits a byte */
		{"Ü", "\x3a\x00\x08\x01", 4},
	};
	size_t i;

	(void)state;
	for (i = 0; i < COUNT(cases); i++) {
		struct buf k = key(cases[i].name);

		if (k.len != cases[i].len || memcmp(k.s, cases[i].bytes, k.len) != 0)
			print_key(cases[i].name, &k);
		assert_int_equal(k.len, cases[i].len);
		assert_memory_equal(k.s, cases[i].bytes, k.len);
		buf_free(&k);
	}
}

/* The key has exactly one NUL, is the same each time and is appended to out. */
static void test_key_nul_and_append(void **state)
{
	static const char *const names[] = {
		"Nguyễn Văn An",
		"Trần Thị Ánh",
		"Đặng Văn Dũng",
		"A 1 b",
		"",
		"Z\xd1\x8f",
	};
	size_t i;

	(void)state;
	for (i = 0; i < COUNT(names); i++) {
		struct buf k = key(names[i]);
		struct buf b;
		size_t nul = 0;
		size_t j;

		for (j = 0; j < k.len; j++)
			nul += k.s[j] == '\0';
		assert_int_equal(nul, 1);
		buf_init(&b, 0);
		buf_adds(&b, "pre");
		vn_name_sort_key(names[i], strlen(names[i]), &b);
		assert_int_equal(b.len, 3 + k.len);
		assert_memory_equal(b.s, "pre", 3);
		assert_memory_equal(b.s + 3, k.s, k.len);
		buf_free(&b);
		buf_free(&k);
	}
}

static void test_fmt_int(void **state)
{
	static const struct {
		int64_t n;
		const char *out;
	} cases[] = {
		{0, "0"},
		{7, "7"},
		{999, "999"},
		{1000, "1.000"},
		{-999, "-999"},
		{-1000, "-1.000"},
		{-1234, "-1.234"},
		{10968, "10.968"},
		{100000, "100.000"},
		{1000000, "1.000.000"},
		{-1000000, "-1.000.000"},
		{INT64_MAX, "9.223.372.036.854.775.807"},
		{INT64_MIN, "-9.223.372.036.854.775.808"},
	};
	size_t i;

	(void)state;
	for (i = 0; i < COUNT(cases); i++) {
		struct buf b;

		buf_init(&b, 0);
		buf_adds(&b, "=");
		vn_fmt_int(&b, cases[i].n);
		assert_string_equal(b.s + 1, cases[i].out);
		buf_free(&b);
	}
}

static void test_fmt_dec(void **state)
{
	static const struct {
		double x;
		int decimals;
		const char *out;
	} cases[] = {
		{67.177, 1, "67,2"},
		{1234.5, 1, "1.234,5"},
		{0, 1, "0,0"},
		{0, 0, "0"},
		{-0.0, 2, "0,00"},
		{0.05, 1, "0,1"},
		{0.15, 1, "0,2"},
		{0.25, 1, "0,3"},
		{-0.05, 1, "-0,1"},
		{0.04, 1, "0,0"},
		{-0.04, 1, "0,0"},
		{0.5, 0, "1"},
		{0.4999, 0, "0"},
		{2.5, 0, "3"},
		{-2.5, 0, "-3"},
		{1.005, 2, "1,01"},
		{999.94, 1, "999,9"},
		{999.95, 1, "1.000,0"},
		{-999.95, 1, "-1.000,0"},
		{12.3456, 3, "12,346"},
		{123456789.125, 2, "123.456.789,13"},
		{1e6, 0, "1.000.000"},
		{1e6, 2, "1.000.000,00"},
		{1e21, 0, "1.000.000.000.000.000.000.000"},
		{1e-300, 2, "0,00"},
		{5e-324, 0, "0"},
		{16.1, -3, "16"},
		{1.0 / 3.0, 20, "0,333333333333333"},
		{NAN, 1, DASH},
		{INFINITY, 1, DASH},
		{-INFINITY, 1, DASH},
	};
	size_t i;

	(void)state;
	for (i = 0; i < COUNT(cases); i++) {
		struct buf b;

		buf_init(&b, 0);
		buf_adds(&b, "=");
		vn_fmt_dec(&b, cases[i].x, cases[i].decimals);
		if (strcmp(b.s + 1, cases[i].out) != 0)
			print_message("case %zu: %.17g\n", i, cases[i].x);
		assert_string_equal(b.s + 1, cases[i].out);
		buf_free(&b);
	}
	/* The largest double has 309 integer digits. */
	{
		struct buf b;

		buf_init(&b, 0);
		vn_fmt_dec(&b, 1.7976931348623157e308, 1);
		assert_int_equal(b.len, 309 + 102 + 2);
		assert_memory_equal(b.s, "179.769.313.486.231.570.000", 27);
		assert_string_equal(b.s + b.len - 6, ".000,0");
		buf_free(&b);
	}
}

static void test_fmt_pct(void **state)
{
	static const struct {
		int64_t num;
		int64_t den;
		const char *out;
	} cases[] = {
		{438, 652, "67,2%"},
		{1, 0, DASH},
		{0, 0, DASH},
		{0, 5, "0,0%"},
		{1, 3, "33,3%"},
		{2, 3, "66,7%"},
		{1, 1, "100,0%"},
		{1, 8, "12,5%"},
		{1, 16, "6,3%"}, /* 6.25: half away from zero */
		{-1, 16, "-6,3%"},
		{1, -16, "-6,3%"},
		{-1, -16, "6,3%"},
		{10, 1, "1.000,0%"},
		{1, 2000, "0,1%"},  /* 0.05 */
		{1, 2001, "0,0%"},  /* 0.04997 */
		{-1, 3000, "0,0%"}, /* no "-0,0%" */
		{1770, 10968, "16,1%"},
		{INT64_MIN, 1, "-922.337.203.685.477.580.800,0%"},
		{INT64_MIN, -1, "922.337.203.685.477.580.800,0%"},
		{INT64_MIN, INT64_MIN, "100,0%"},
		{INT64_MAX, INT64_MIN, "-100,0%"},
		{1, INT64_MIN, "0,0%"},
		{INT64_MAX - 1, INT64_MAX, "100,0%"},
		{INT64_MAX / 2, INT64_MAX, "50,0%"},
	};
	size_t i;

	(void)state;
	for (i = 0; i < COUNT(cases); i++) {
		struct buf b;

		buf_init(&b, 0);
		buf_adds(&b, "=");
		vn_fmt_pct(&b, cases[i].num, cases[i].den);
		if (strcmp(b.s + 1, cases[i].out) != 0)
			print_message("case %zu\n", i);
		assert_string_equal(b.s + 1, cases[i].out);
		buf_free(&b);
	}
}

/*
 * The reference implementations in vn.c: the plain algorithm the fast paths of vn_normalize,
 * vn_fold and vn_name_sort_key must match byte for byte. Not in vn.h.
 */
enum ptdv_err vn__normalize_reference(const char *s, size_t len, struct buf *out);
void vn__fold_reference(const char *s, size_t len, struct buf *out);
void vn__name_sort_key_reference(const char *s, size_t len, struct buf *out);

static void print_bytes(const char *label, const char *s, size_t len)
{
	size_t i;

	print_message("%s:", label);
	for (i = 0; i < len; i++)
		print_message(" %02x", (unsigned char)s[i]);
	print_message("\n");
}

/* Asserts that a (fast) and b (reference) hold the same bytes; s[0..len) was their input. */
static void assert_same_buf(
	const char *what, const char *s, size_t len, const struct buf *a, const struct buf *b)
{
	if (a->len != b->len || memcmp(a->s, b->s, a->len) != 0 || a->toobig != b->toobig) {
		print_message("%s differs from its reference\n", what);
		print_bytes("input", s, len);
		print_bytes("fast", a->s, a->len);
		print_bytes("reference", b->s, b->len);
	}
	assert_int_equal(a->len, b->len);
	assert_memory_equal(a->s, b->s, a->len);
	assert_int_equal(a->toobig, b->toobig);
	assert_int_equal(a->s[a->len], '\0');
}

/*
 * Asserts that vn_normalize, vn_fold and vn_name_sort_key give exactly what their references
 * give for s[0..len), appended to a buffer that already holds something, and with cap as the
 * buffer's cap (0: none).
 */
static void assert_same(const char *s, size_t len, size_t cap)
{
	struct buf a;
	struct buf b;
	enum ptdv_err ea;
	enum ptdv_err eb;

	buf_init(&a, cap);
	buf_init(&b, cap);
	buf_adds(&a, "pre");
	buf_adds(&b, "pre");
	ea = vn_normalize(s, len, &a);
	eb = vn__normalize_reference(s, len, &b);
	if (ea != eb)
		print_bytes("vn_normalize error differs; input", s, len);
	assert_int_equal(ea, eb);
	assert_same_buf("vn_normalize", s, len, &a, &b);

	buf_reset(&a);
	buf_reset(&b);
	buf_adds(&a, "pre");
	buf_adds(&b, "pre");
	vn_fold(s, len, &a);
	vn__fold_reference(s, len, &b);
	assert_same_buf("vn_fold", s, len, &a, &b);

	buf_reset(&a);
	buf_reset(&b);
	buf_adds(&a, "pre");
	buf_adds(&b, "pre");
	vn_name_sort_key(s, len, &a);
	vn__name_sort_key_reference(s, len, &b);
	assert_same_buf("vn_name_sort_key", s, len, &a, &b);
	buf_free(&a);
	buf_free(&b);
}

/* Appends code point cp to s at *n (room for 4 bytes is the caller's business). */
static void put_cp(char *s, size_t *n, int32_t cp)
{
	*n += (size_t)utf8proc_encode_char(cp, (utf8proc_uint8_t *)s + *n);
}

/*
 * Every code point of the fast-path table (U+0000..U+024F, U+1E00..U+1EFF) and some beyond
 * it, alone and between other text, with a combining mark after it, twice, and after a
 * separator, gives the reference's bytes.
 */
static void test_fast_same_per_code_point(void **state)
{
	static const int32_t extra[] = {
		0x0250,
		0x02BC,
		0x0300,
		0x0301,
		0x0302,
		0x0303,
		0x0306,
		0x0309,
		0x031B,
		0x0323,
		0x0307,
		0x0345,
		0x0390,
		0x0410,
		0x0451,
		0x1DFF,
		0x1F00,
		0x1F80,
		0x2000,
		0x200B,
		0x2028,
		0x2029,
		0x202F,
		0x2044,
		0x2160,
		0x212B,
		0x2460,
		0x3000,
		0x1100,
		0x1161,
		0xAC00,
		0xFB01,
		0xFDFA,
		0xFF21,
		0xFF41,
		0xFFFD,
		0xFFFF,
		0x1F600,
		0x10FFFF,
	};
	int32_t cp;
	size_t i;

	(void)state;
	for (i = 0; i < 0x250 + 0x100 + COUNT(extra); i++) {
		char s[64];
		size_t n;

		if (i < 0x250)
			cp = (int32_t)i;
		else if (i < 0x350)
			cp = 0x1E00 + (int32_t)(i - 0x250);
		else
			cp = extra[i - 0x350];
		n = 0;
		put_cp(s, &n, cp);
		assert_same(s, n, 0);

		n = 0;
		memcpy(s, "Ab ", 3);
		n = 3;
		put_cp(s, &n, cp);
		put_cp(s, &n, 'c');
		put_cp(s, &n, cp);
		put_cp(s, &n, 0x0301);
		put_cp(s, &n, ' ');
		put_cp(s, &n, cp);
		put_cp(s, &n, cp);
		put_cp(s, &n, '-');
		put_cp(s, &n, cp);
		put_cp(s, &n, 0x0323);
		put_cp(s, &n, 0x0302);
		put_cp(s, &n, 'y');
		assert_same(s, n, 0);
	}
}

/*
 * Every byte sequence of up to two bytes, and every three- and four-byte sequence made of
 * a lead byte and continuation candidates at the edges of the valid ranges, is accepted,
 * rejected or skipped as by the reference (utf8proc_iterate), in the middle of a string and
 * cut short at its end.
 */
static void test_fast_same_utf8_edges(void **state)
{
	static const unsigned char edge[] = {
		0x00,
		0x20,
		0x41,
		0x7F,
		0x80,
		0x81,
		0x8F,
		0x90,
		0x9F,
		0xA0,
		0xBE,
		0xBF,
		0xC0,
		0xC2,
		0xE1,
		0xF0,
		0xFF,
	};
	unsigned lead;
	unsigned b1;
	size_t i;
	size_t j;

	(void)state;
	for (lead = 0; lead < 256; lead++) {
		for (b1 = 0; b1 < 256; b1++) {
			char s[8] = {'a', (char)lead, (char)b1, 'b'};

			assert_same(s, 4, 0);
			assert_same(s + 1, 2, 0);
		}
	}
	for (lead = 0xE0; lead < 256; lead++) {
		for (i = 0; i < sizeof(edge); i++) {
			for (j = 0; j < sizeof(edge); j++) {
				char s[8] = {
					'a', (char)lead, (char)edge[i], (char)edge[j], '\x80', 'b'};

				assert_same(s, 6, 0);
				assert_same(s + 1, 3, 0);
				s[4] = '\xbf';
				assert_same(s, 6, 0);
				assert_same(s + 1, 4, 0);
			}
		}
	}
}

/* A small deterministic generator (xorshift64*), so that a failure can be replayed. */
static uint64_t rng_state = 0x9E3779B97F4A7C15u;

static uint32_t rng(uint32_t n)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return (uint32_t)((rng_state * 0x2545F4914F6CDD1Du) >> 32) % n;
}

/* Appends a random piece of text to s at *n; room for 64 bytes is the caller's business. */
static void put_random_piece(char *s, size_t *n, bool dirty)
{
	static const char *const other[] = {
		"Москва",
		"Ελλάδα",
		"中文",
		"한국어",
		"\xe1\x84\x80\xe1\x85\xa1", /* jamo */
		"\xef\xac\x81",
		"ß",
		"ẞ",
		"½",
		"①",
		"ＡＢＣ",
		"\xef\xb7\xba",
		"😀",
		"\xc2\xa0",
		"\xe3\x80\x80",
		"\xe2\x80\xa8",
		"\xe2\x80\x8b",
		"İ",
		"ǅ",
		"ŉ",
		"\xe2\x84\xab",
		"Ð",
		"ð",
		"đ",
		"Đ",
		"Æ",
		"Ǆ",
		"ﬀ",
		"™",
		"°C",
		"\xe2\x80\x94",
		"\xc2\x85",
		"\xcc\x81",
		"Ｎｇｕｙễｎ",
		"\xd9\xa3",
		"\xe0\xa4\x95\xe0\xa5\x8d",
	};
	static const char *const bad[] = {
		"\x80",
		"\xbf",
		"\xff",
		"\xfe",
		"\xc3",
		"\xe1\xbb",
		"\xed\xa0\x80",
		"\xc0\x80",
		"\xc1\xbf",
		"\xe0\x9f\xbf",
		"\xf0\x8f\xbf\xbf",
		"\xf4\x90\x80\x80",
		"\xf5\x80",
	};
	static const char punct[] = "-',./()!?_&:;\"";
	static const char nfd_base[] = "aeiouyAEIOUYdDnNgG";
	static const int32_t marks[] = {
		0x0300,
		0x0301,
		0x0303,
		0x0309,
		0x0323,
		0x0302,
		0x0306,
		0x031B,
		0x0308,
		0x030C,
		0x0327,
		0x0304,
	};
	const char *p;
	uint32_t k;

	switch (rng(dirty ? 12 : 10)) {
	case 0:
	case 1: /* ASCII letters and digits */
		for (k = rng(8) + 1; k > 0; k--)
			s[(*n)++] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
				[rng(62)];
		break;
	case 2: /* any printable ASCII */
		s[(*n)++] = (char)(0x20 + rng(0x5F));
		break;
	case 3: /* a Vietnamese vowel with a tone, either case, or đ */
		k = rng(12 * 6 * 2 + 4);
		if (k < 72)
			p = vowels[k / 6][k % 6];
		else if (k < 144)
			p = vowels_upper[(k - 72) / 6][(k - 72) % 6];
		else
			p = (const char *const[]){"đ", "Đ", "Ð", "ð"}[k - 144];
		memcpy(s + *n, p, strlen(p));
		*n += strlen(p);
		break;
	case 4: /* any code point of the table */
		k = rng(0x350);
		put_cp(s, n, k < 0x250 ? (int32_t)k : 0x1E00 + (int32_t)(k - 0x250));
		break;
	case 5: /* an NFD letter: a base and up to three marks in any order */
		s[(*n)++] = nfd_base[rng(sizeof(nfd_base) - 1)];
		for (k = rng(4); k > 0; k--)
			put_cp(s, n, marks[rng(COUNT(marks))]);
		break;
	case 6: /* other scripts and compatibility forms */
		p = other[rng(COUNT(other))];
		memcpy(s + *n, p, strlen(p));
		*n += strlen(p);
		break;
	case 7: /* white space */
		s[(*n)++] = " \t \n\r\v\f"[rng(7)];
		break;
	case 8:
	case 9: /* punctuation, often as a separator */
		s[(*n)++] = punct[rng(sizeof(punct) - 1)];
		if (rng(2))
			s[(*n)++] = ' ';
		break;
	case 10: /* a C0 control or DEL, NUL included */
		s[(*n)++] = (char)(rng(5) == 0 ? 0x7F : rng(0x20));
		break;
	default: /* bytes that are not UTF-8 */
		p = bad[rng(COUNT(bad))];
		memcpy(s + *n, p, strlen(p));
		*n += strlen(p);
		break;
	}
}

/*
 * A few thousand random strings mixing ASCII, every precomposed Vietnamese letter in both
 * cases, NFD sequences, other scripts, white space, punctuation and (for some) controls and
 * invalid bytes give exactly the reference's bytes, with and without a cap on the buffer.
 * Some strings are long enough for vn_name_sort_key to leave its stack arrays.
 */
static void test_fast_same_random(void **state)
{
	size_t t;

	(void)state;
	for (t = 0; t < 6000; t++) {
		static char s[64 * 400];
		size_t n = 0;
		size_t pieces = t % 50 == 49 ? 200 + rng(200) : rng(24);
		bool dirty = t % 3 == 2;
		size_t k;

		for (k = 0; k < pieces; k++)
			put_random_piece(s, &n, dirty);
		assert_same(s, n, 0);
		if (t % 20 == 0)
			assert_same(s, n, 3 + rng(40));
	}
}

/* The realistic cells of an import file, each with leading and trailing space. */
static void test_fast_same_import_cells(void **state)
{
	static const char *const cells[] = {
		"Nguyễn Thị Thu Hương",
		"Nữ",
		"15/03/1985",
		"Kinh",
		"Không",
		"Cán bộ, công chức, viên chức",
		"DV-000123",
		"001085012345",
		"3.5",
		"",
		"Y-Moan Niê",
		"H'Hen Êban",
		"Đặng Văn Đức",
		"NGUYỄN VĂN ĐỨC",
		"Lê\xc2\xa0Thị",
		"Trần  Thị\tÁnh",
		"Hoà",
		"Hòa",
	};
	size_t i;

	(void)state;
	for (i = 0; i < COUNT(cells); i++) {
		char s[128];
		int n = snprintf(s, sizeof(s), "  %s ", cells[i]);

		assert_same(cells[i], strlen(cells[i]), 0);
		assert_same(s, (size_t)n, 0);
	}
}

/* Columns as a terminal shows them, and padding to them. */
static void test_width_pad(void **state)
{
	(void)state;
	assert_int_equal(vn_width("Mã tổ chức"), 10); /* 15 bytes */
	assert_int_equal(vn_width("Nguyễn"), 6);
	assert_int_equal(vn_width("Nguye\xcc\x82\xcc\x83n"), 6); /* combining marks: 0 */
	assert_int_equal(vn_width("中文"), 4);                   /* wide: 2 each */
	assert_int_equal(vn_width("a\xff"
				  "b"),
		3); /* invalid byte: 1 */
	struct buf b = BUF_INIT;
	vn_pad(&b, "Năm", 6, false);
	vn_pad(&b, "Nữ", 5, true);
	vn_pad(&b, "quá dài", 3, false); /* wider than the column: as is */
	assert_string_equal(b.s, "Năm      Nữquá dài");
	buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_utf8_valid),
		cmocka_unit_test(test_normalize),
		cmocka_unit_test(test_fold),
		cmocka_unit_test(test_fold_appends),
		cmocka_unit_test(test_fold_vowels),
		cmocka_unit_test(test_key_vowels_and_tones),
		cmocka_unit_test(test_key_letter_order),
		cmocka_unit_test(test_key_tones_are_secondary),
		cmocka_unit_test(test_key_equal),
		cmocka_unit_test(test_key_sort_names),
		cmocka_unit_test(test_key_name_structure),
		cmocka_unit_test(test_key_layout),
		cmocka_unit_test(test_key_nul_and_append),
		cmocka_unit_test(test_fast_same_per_code_point),
		cmocka_unit_test(test_fast_same_utf8_edges),
		cmocka_unit_test(test_fast_same_random),
		cmocka_unit_test(test_fast_same_import_cells),
		cmocka_unit_test(test_fmt_int),
		cmocka_unit_test(test_fmt_dec),
		cmocka_unit_test(test_fmt_pct),
		cmocka_unit_test(test_width_pad),
	};

	return cmocka_run_group_tests_name("vn", tests, NULL, NULL);
}
