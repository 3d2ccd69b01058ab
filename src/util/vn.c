/*
 * vn.c — Vietnamese text: UTF-8 validation, NFC normalisation, search folding, name
 * collation keys and Vietnamese number formats.
 *
 * All Unicode knowledge comes from utf8proc: decoding (utf8proc_iterate), NFC (utf8proc_map),
 * case folding plus compatibility decomposition of one code point (utf8proc_decompose_char)
 * and general categories (utf8proc_category). The only tables written here are the small
 * Vietnamese ones utf8proc cannot give: the order of the alphabet, the order of the tones,
 * the three vowel modifiers (breve, circumflex, horn) and đ, which Unicode does not
 * decompose into d plus a mark. For speed, the Latin code points of import files are looked
 * up in a table that is itself filled from utf8proc on first use, and ASCII and text that is
 * already NFC skip utf8proc altogether; the plain algorithm stays as the reference the fast
 * paths are tested against.
 */
#include "util/vn.h"

#include <assert.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "util/xalloc.h"

/*
 * The reference implementations: the plain algorithm, one code point at a time through
 * utf8proc, with a buf_add per piece. The public functions give the same bytes faster (see
 * "The fast paths" below) and fall back to these for what they do not handle. Not part of the
 * API: test_vn.c declares them itself to check the fast paths against them.
 */
enum ptdv_err vn__normalize_reference(const char *s, size_t len, struct buf *out) PTDV_MUST_USE;
void vn__fold_reference(const char *s, size_t len, struct buf *out);
void vn__name_sort_key_reference(const char *s, size_t len, struct buf *out);

/* The em dash appended by the number formats when there is no number to show. */
#define VN_NO_NUMBER "\xe2\x80\x94"

/* vn_fmt_dec never shows more decimals than this. */
#define VN_DEC_MAX 15

/*
 * Decomposition of one code point: the longest compatibility decomposition in Unicode
 * (U+FDFA) has 18 code points, and case folding does not make any longer.
 */
#define DECOMP_MAX 32

/* Vowel modifiers, as bits. */
enum vn_mod {
	MOD_BREVE = 1, /* U+0306: ă */
	MOD_CIRC = 2,  /* U+0302: â ê ô */
	MOD_HORN = 4,  /* U+031B: ơ ư */
};

/*
 * Bytes of a name sort key. Primary level: letters and digits, words separated by
 * KEY_WORD, ended by KEY_LEVEL. Secondary level: for each word in the same order, the
 * tone of each toned letter (SEC_TONE + 1..5) and SEC_MARK for a letter with a
 * non-Vietnamese mark, ended by SEC_END.
 */
enum {
	KEY_LEVEL = 0x00,
	KEY_WORD = 0x01,
	KEY_DIGIT = 0x10,  /* + 0..9 */
	KEY_LETTER = 0x20, /* + index in alphabet[] */
	KEY_OTHER = 0x80,  /* three bytes >= 0x80 holding the code point, 7 bits each */
	SEC_END = 0x01,
	SEC_TONE = 0x02, /* + tone, 1 (huyền) .. 5 (nặng) */
	SEC_MARK = 0x08,
};

/* The Vietnamese alphabet, with f j w z at their ASCII place; the index is the weight. */
static const struct {
	int32_t base;
	unsigned mod;
} alphabet[] = {
	{'a', 0},
	{'a', MOD_BREVE},
	{'a', MOD_CIRC},
	{'b', 0},
	{'c', 0},
	{'d', 0},
	{0x0111, 0},
	{'e', 0},
	{'e', MOD_CIRC},
	{'f', 0},
	{'g', 0},
	{'h', 0},
	{'i', 0},
	{'j', 0},
	{'k', 0},
	{'l', 0},
	{'m', 0},
	{'n', 0},
	{'o', 0},
	{'o', MOD_CIRC},
	{'o', MOD_HORN},
	{'p', 0},
	{'q', 0},
	{'r', 0},
	{'s', 0},
	{'t', 0},
	{'u', 0},
	{'u', MOD_HORN},
	{'v', 0},
	{'w', 0},
	{'x', 0},
	{'y', 0},
	{'z', 0},
};

/* Tone marks; the index + 1 is the tone in collation order (ngang, which has no mark, is 0). */
static const int32_t tone_marks[] = {
	0x0300, /* huyền */
	0x0309, /* hỏi */
	0x0303, /* ngã */
	0x0301, /* sắc */
	0x0323, /* nặng */
};

/* Classes of a case-folded, decomposed code point. */
enum cp_class {
	CP_ALNUM, /* letter or number */
	CP_MARK,  /* combining mark */
	CP_SPACE, /* white space or control character */
	CP_OTHER, /* punctuation, symbol, format, unassigned, private use */
};

/* A stream of the case-folded compatibility decompositions of the code points of a string. */
struct fold_iter {
	const char *s;
	size_t len;
	size_t pos;
	int32_t cps[DECOMP_MAX];
	size_t n; /* code points in cps */
	size_t i; /* next one to return */
};

/* A letter or digit of a name with the marks that follow it, not yet written to the key. */
struct key_unit {
	enum { UNIT_NONE, UNIT_ALNUM, UNIT_IGNORED } kind;
	int32_t cp;
	unsigned mods;   /* MOD_* bits */
	unsigned tones;  /* bit t set for tone t */
	bool other_mark; /* any mark that is not a Vietnamese modifier or tone */
};

/* The words of a name, each as a primary and a secondary slice. */
struct key_words {
	struct buf pri;
	struct buf sec;
	struct key_word {
		size_t pri_off, pri_len;
		size_t sec_off, sec_len;
	} * w;
	size_t n;
	size_t alloc;
	size_t pri_start; /* where the current word starts in pri */
	size_t sec_start; /* where the current word starts in sec */
};

/*
 * Decodes the code point at s[0..len), len > 0, into *cp. Returns its length in bytes (1..4),
 * or -1 when the bytes there are not strict UTF-8 (overlong, surrogate, past U+10FFFF,
 * truncated or a stray byte).
 */
static int utf8_decode(const char *s, size_t len, int32_t *cp)
{
	utf8proc_int32_t c = -1;
	utf8proc_ssize_t n;

	assert(len > 0);
	n = utf8proc_iterate((const utf8proc_uint8_t *)s, len > 4 ? 4 : (utf8proc_ssize_t)len, &c);
	if (n < 1 || c < 0)
		return -1;
	*cp = c;
	return (int)n;
}

static void buf_add_cp(struct buf *out, int32_t cp)
{
	utf8proc_uint8_t tmp[4];
	utf8proc_ssize_t n = utf8proc_encode_char(cp, tmp);

	buf_add(out, (const char *)tmp, (size_t)n);
}

/* Returns true for ASCII white space and the Unicode space separators (Zs, Zl, Zp). */
static bool is_space(int32_t cp)
{
	utf8proc_category_t cat;

	if (cp == ' ' || (cp >= '\t' && cp <= '\r'))
		return true;
	if (cp < 0x80)
		return false;
	cat = utf8proc_category(cp);
	return cat == UTF8PROC_CATEGORY_ZS || cat == UTF8PROC_CATEGORY_ZL ||
	       cat == UTF8PROC_CATEGORY_ZP;
}

static enum cp_class classify(int32_t cp)
{
	if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9'))
		return CP_ALNUM;
	if (is_space(cp))
		return CP_SPACE;
	switch (utf8proc_category(cp)) {
	case UTF8PROC_CATEGORY_LU:
	case UTF8PROC_CATEGORY_LL:
	case UTF8PROC_CATEGORY_LT:
	case UTF8PROC_CATEGORY_LM:
	case UTF8PROC_CATEGORY_LO:
	case UTF8PROC_CATEGORY_ND:
	case UTF8PROC_CATEGORY_NL:
	case UTF8PROC_CATEGORY_NO:
		return CP_ALNUM;
	case UTF8PROC_CATEGORY_MN:
	case UTF8PROC_CATEGORY_MC:
	case UTF8PROC_CATEGORY_ME:
		return CP_MARK;
	case UTF8PROC_CATEGORY_CC:
		return CP_SPACE;
	default:
		return CP_OTHER;
	}
}

/*
 * Returns cp with the Vietnamese letters utf8proc does not decompose mapped: đ stays đ
 * (its own letter), and the Icelandic eth ð (the case fold of Ð U+00D0, which looks
 * exactly like Đ and is what Đ becomes when Vietnamese text passes through Windows-1252)
 * is taken for đ.
 */
static int32_t vn_letter(int32_t cp)
{
	return cp == 0x00F0 ? 0x0111 : cp;
}

static void fold_iter_init(struct fold_iter *it, const char *s, size_t len)
{
	it->s = s;
	it->len = len;
	it->pos = 0;
	it->n = 0;
	it->i = 0;
}

/*
 * Sets *cp to the next code point of the case-folded compatibility decomposition (NFKD
 * with case folding) of the string, skipping bytes that are not valid UTF-8. Returns
 * false at the end. Marks come after their base letter but, as the decomposition is done
 * one code point at a time, in the order of the input rather than canonical order.
 */
static bool fold_next(struct fold_iter *it, int32_t *cp)
{
	const utf8proc_option_t opts = UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD;

	while (it->i == it->n) {
		int32_t c;
		int len;
		int boundclass = UTF8PROC_BOUNDCLASS_START;
		utf8proc_ssize_t n;

		if (it->pos >= it->len)
			return false;
		len = utf8_decode(it->s + it->pos, it->len - it->pos, &c);
		if (len < 0) {
			it->pos++;
			continue;
		}
		it->pos += (size_t)len;
		n = utf8proc_decompose_char(c, it->cps, DECOMP_MAX, opts, &boundclass);
		if (n < 1 || n > DECOMP_MAX) {
			it->cps[0] = c;
			n = 1;
		}
		it->n = (size_t)n;
		it->i = 0;
	}
	*cp = it->cps[it->i++];
	return true;
}

bool vn_utf8_valid(const char *s, size_t len)
{
	size_t i = 0;

	while (i < len) {
		int32_t cp;
		int n = utf8_decode(s + i, len - i, &cp);

		if (n < 0)
			return false;
		if (cp < 0x20 && cp != '\t')
			return false;
		i += (size_t)n;
	}
	return true;
}

/*
 * Code points that are NFC on their own and never compose with what follows them unless
 * that is a combining mark: ASCII, Latin-1 to Latin Extended-B, Latin Extended Additional
 * (every precomposed Vietnamese letter). A string made only of these is already NFC.
 */
static bool nfc_stable(int32_t cp)
{
	return cp < 0x80 || (cp >= 0xA0 && cp <= 0x24F) || (cp >= 0x1E00 && cp <= 0x1EFF);
}

/*
 * Returns true when s is strict UTF-8 with no NUL and no C0 control other than white
 * space; sets *stable when every code point is nfc_stable (no normalisation needed).
 */
static bool normalize_input_ok(const char *s, size_t len, bool *stable)
{
	size_t i = 0;

	*stable = true;
	while (i < len) {
		int32_t cp;
		int n = utf8_decode(s + i, len - i, &cp);

		if (n < 0)
			return false;
		if (cp < 0x20 && !is_space(cp))
			return false;
		if (!nfc_stable(cp))
			*stable = false;
		i += (size_t)n;
	}
	return true;
}

/* Appends valid UTF-8 s[0..len) to out, trimmed and with each run of white space made one space. */
static void append_collapsed(struct buf *out, const char *s, size_t len)
{
	size_t i = 0;
	bool any = false;
	bool space = false;

	while (i < len) {
		int32_t cp;
		int n = utf8_decode(s + i, len - i, &cp);

		assert(n > 0);
		if (n < 0)
			break; /* Not reached: utf8proc writes valid UTF-8. */
		if (is_space(cp)) {
			space = any;
		} else {
			if (space)
				buf_addc(out, ' ');
			buf_add(out, s + i, (size_t)n);
			space = false;
			any = true;
		}
		i += (size_t)n;
	}
}

enum ptdv_err vn__normalize_reference(const char *s, size_t len, struct buf *out)
{
	enum ptdv_err err = PTDV_INVALID;
	utf8proc_uint8_t *nfc = NULL;
	utf8proc_ssize_t n;

	bool stable;

	if (len > (size_t)PTRDIFF_MAX / 8 || !normalize_input_ok(s, len, &stable))
		goto fail;
	if (stable) {
		append_collapsed(out, s, len);
		return PTDV_OK;
	}
	n = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, &nfc,
		UTF8PROC_STABLE | UTF8PROC_COMPOSE);
	if (n == UTF8PROC_ERROR_NOMEM) {
		fprintf(stderr, "ptdv: out of memory normalising %zu bytes\n", len);
		abort();
	}
	if (n < 0)
		goto fail;
	append_collapsed(out, (const char *)nfc, (size_t)n);
	err = PTDV_OK;
fail:
	free(nfc);
	return err;
}

void vn__fold_reference(const char *s, size_t len, struct buf *out)
{
	struct fold_iter it;
	int32_t cp;
	bool any = false;
	bool space = false;

	fold_iter_init(&it, s, len);
	while (fold_next(&it, &cp)) {
		enum cp_class cls = classify(cp);

		if (cls == CP_MARK)
			continue;
		if (cls != CP_ALNUM) {
			space = any;
			continue;
		}
		if (space)
			buf_addc(out, ' ');
		space = false;
		any = true;
		cp = vn_letter(cp);
		if (cp == 0x0111)
			cp = 'd';
		buf_add_cp(out, cp);
	}
}

/* Records mark cp on the unit it follows; a mark with no letter before it in its word is dropped. */
static void key_unit_add_mark(struct key_unit *u, int32_t cp)
{
	size_t i;

	if (u->kind != UNIT_ALNUM)
		return;
	for (i = 0; i < sizeof(tone_marks) / sizeof(tone_marks[0]); i++) {
		if (tone_marks[i] == cp) {
			u->tones |= 1u << (i + 1);
			return;
		}
	}
	if (cp == 0x0306)
		u->mods |= MOD_BREVE;
	else if (cp == 0x0302)
		u->mods |= MOD_CIRC;
	else if (cp == 0x031B)
		u->mods |= MOD_HORN;
	else
		u->other_mark = true;
}

/* Returns the modifier that makes a Vietnamese letter of base, taken from mods, or 0. */
static unsigned vn_modifier(int32_t base, unsigned mods)
{
	if (base == 'a' && (mods & MOD_BREVE))
		return MOD_BREVE;
	if ((base == 'a' || base == 'e' || base == 'o') && (mods & MOD_CIRC))
		return MOD_CIRC;
	if ((base == 'o' || base == 'u') && (mods & MOD_HORN))
		return MOD_HORN;
	return 0;
}

/* Appends the primary weight of letter or digit cp, made a Vietnamese letter by modifier mod. */
static void key_add_primary(struct buf *pri, int32_t cp, unsigned mod)
{
	size_t i;

	if (cp >= '0' && cp <= '9') {
		buf_addc(pri, (char)(KEY_DIGIT + (cp - '0')));
		return;
	}
	for (i = 0; i < sizeof(alphabet) / sizeof(alphabet[0]); i++) {
		if (alphabet[i].base == cp && alphabet[i].mod == mod) {
			buf_addc(pri, (char)(KEY_LETTER + i));
			return;
		}
	}
	buf_addc(pri, (char)(KEY_OTHER | ((cp >> 14) & 0x7F)));
	buf_addc(pri, (char)(KEY_OTHER | ((cp >> 7) & 0x7F)));
	buf_addc(pri, (char)(KEY_OTHER | (cp & 0x7F)));
}

/* Writes the pending unit, if any, to the current word and empties it. */
static void key_unit_flush(struct key_words *kw, struct key_unit *u)
{
	if (u->kind == UNIT_ALNUM) {
		int32_t cp = vn_letter(u->cp);
		unsigned mod = vn_modifier(cp, u->mods);
		unsigned t;

		key_add_primary(&kw->pri, cp, mod);
		for (t = 1; t <= 5; t++) {
			if (u->tones & (1u << t))
				buf_addc(&kw->sec, (char)(SEC_TONE + t));
		}
		if (u->other_mark || (u->mods & ~mod))
			buf_addc(&kw->sec, (char)SEC_MARK);
	}
	memset(u, 0, sizeof(*u));
}

/* Ends the current word, keeping it when it has at least one letter or digit. */
static void key_word_end(struct key_words *kw)
{
	struct key_word *w;

	if (kw->pri.len > kw->pri_start) {
		if (kw->n == kw->alloc) {
			kw->alloc = kw->alloc ? 2 * kw->alloc : 8;
			kw->w = xrealloc(kw->w, kw->alloc * sizeof(*kw->w));
		}
		w = &kw->w[kw->n++];
		w->pri_off = kw->pri_start;
		w->pri_len = kw->pri.len - kw->pri_start;
		w->sec_off = kw->sec_start;
		w->sec_len = kw->sec.len - kw->sec_start;
	}
	kw->pri_start = kw->pri.len;
	kw->sec_start = kw->sec.len;
}

/* Returns the index of the k-th word of n in collation order: last, second .. last but one, first. */
static size_t key_word_order(size_t n, size_t k)
{
	if (k == 0)
		return n - 1;
	if (k == n - 1)
		return 0;
	return k;
}

void vn__name_sort_key_reference(const char *s, size_t len, struct buf *out)
{
	struct key_words kw = {.n = 0};
	struct key_unit u = {.kind = UNIT_NONE};
	struct fold_iter it;
	int32_t cp;
	size_t k;

	buf_init(&kw.pri, 0);
	buf_init(&kw.sec, 0);
	fold_iter_init(&it, s, len);
	while (fold_next(&it, &cp)) {
		switch (classify(cp)) {
		case CP_MARK:
			key_unit_add_mark(&u, cp);
			break;
		case CP_ALNUM:
			key_unit_flush(&kw, &u);
			u.kind = UNIT_ALNUM;
			u.cp = cp;
			break;
		case CP_SPACE:
			key_unit_flush(&kw, &u);
			key_word_end(&kw);
			break;
		case CP_OTHER:
			key_unit_flush(&kw, &u);
			u.kind = UNIT_IGNORED;
			break;
		}
	}
	key_unit_flush(&kw, &u);
	key_word_end(&kw);

	for (k = 0; k < kw.n; k++) {
		const struct key_word *w = &kw.w[key_word_order(kw.n, k)];

		if (k > 0)
			buf_addc(out, (char)KEY_WORD);
		buf_add(out, kw.pri.s + w->pri_off, w->pri_len);
	}
	buf_addc(out, (char)KEY_LEVEL);
	for (k = 0; k < kw.n; k++) {
		const struct key_word *w = &kw.w[key_word_order(kw.n, k)];

		buf_add(out, kw.sec.s + w->sec_off, w->sec_len);
		buf_addc(out, (char)SEC_END);
	}

	free(kw.w);
	buf_free(&kw.pri);
	buf_free(&kw.sec);
}

/*
 * The fast paths. vn_normalize, vn_fold and vn_name_sort_key give exactly the bytes of the
 * reference functions above, which stay the definition and are checked against them by
 * test_vn.c, but they avoid utf8proc for what import files are made of:
 *
 * - UTF-8 is decoded inline (utf8_decode_fast, the same strict rules as utf8proc_iterate);
 * - vn_normalize copies text that is already NFC (every code point nfc_stable) without
 *   calling utf8proc_map, and only strings with another code point take the reference path;
 * - vn_fold and vn_name_sort_key look up ASCII, Latin-1 to Latin Extended-B and Latin
 *   Extended Additional (every Vietnamese letter) in lat[], a table built once, on first use
 *   and under pthread_once, by running the reference steps (utf8proc_decompose_char,
 *   classify, key_unit_add_mark, is_space) on each of those code points; other code points
 *   go through those steps one at a time as before;
 * - output is written straight into the caller's buffer, grown for the rest of the input at
 *   once, and the sort key is assembled on the stack: no malloc but that growth.
 *
 * A capped buffer (cap != 0) takes the reference path, which drops appends piece by piece.
 */

/* lat[] covers U+0000..U+024F and U+1E00..U+1EFF. */
#define LAT_LOW_END 0x0250
#define LAT_EXT_START 0x1E00
#define LAT_EXT_END 0x1F00
#define LAT_SIZE (LAT_LOW_END + (LAT_EXT_END - LAT_EXT_START))

/* Longest folded text of one code point kept in lat[]; a longer one takes the slow path. */
#define LAT_FOLD_MAX 7

/* What vn_fold does with the decomposition of a code point. */
enum lat_fold {
	FOLD_SLOW, /* letters mixed with separators, or too long: decompose at run time */
	FOLD_NONE, /* only marks: nothing */
	FOLD_SEP,  /* separators (and marks): ends a word */
	FOLD_EMIT, /* letters or digits (and marks): append fold[] */
};

/* What vn_name_sort_key does with the decomposition of a code point. */
enum lat_key {
	KEYK_SLOW,  /* anything else: feed each code point of the decomposition */
	KEYK_UNIT,  /* one letter or digit followed only by marks: a new unit */
	KEYK_SPACE, /* a single CP_SPACE */
	KEYK_OTHER, /* a single CP_OTHER */
};

/* The reference steps of vn_fold and vn_name_sort_key, done in advance for one code point. */
struct lat_info {
	int32_t base;       /* KEYK_UNIT: the letter or digit */
	uint8_t fold_kind;  /* enum lat_fold */
	uint8_t key_kind;   /* enum lat_key */
	uint8_t fold_len;   /* FOLD_EMIT: bytes in fold */
	uint8_t mods;       /* KEYK_UNIT: MOD_* bits of the marks */
	uint8_t tones;      /* KEYK_UNIT: tone bits of the marks */
	uint8_t other_mark; /* KEYK_UNIT: some mark is not a Vietnamese modifier or tone */
	uint8_t space;      /* is_space(cp), for vn_normalize */
	char fold[LAT_FOLD_MAX];
};

static struct lat_info lat[LAT_SIZE];

/* Index in alphabet[] of a..z with each modifier, or -1; and of đ. */
static int8_t latin_weight[26][MOD_HORN + 1];
static int8_t dd_weight = -1;

static pthread_once_t lat_once = PTHREAD_ONCE_INIT;

/*
 * Decodes the code point at s[0..len), len > 0, into *cp with exactly the rules of
 * utf8_decode (utf8proc_iterate): returns its length 1..4, or -1 for an overlong form, a
 * surrogate, a code point past U+10FFFF, a stray or missing continuation byte.
 */
static inline int utf8_decode_fast(const unsigned char *s, size_t len, int32_t *cp)
{
	uint32_t c = s[0];
	uint32_t v;

	if (c < 0x80) {
		*cp = (int32_t)c;
		return 1;
	}
	if (c < 0xC2 || c > 0xF4)
		return -1;
	if (c < 0xE0) {
		if (len < 2 || (s[1] & 0xC0) != 0x80)
			return -1;
		*cp = (int32_t)(((c & 0x1F) << 6) | (s[1] & 0x3Fu));
		return 2;
	}
	if (c < 0xF0) {
		if (len < 3 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80)
			return -1;
		v = ((c & 0x0F) << 12) | ((s[1] & 0x3Fu) << 6) | (s[2] & 0x3Fu);
		if (v < 0x800 || (v >= 0xD800 && v <= 0xDFFF))
			return -1;
		*cp = (int32_t)v;
		return 3;
	}
	if (len < 4 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80 || (s[3] & 0xC0) != 0x80)
		return -1;
	v = ((c & 0x07) << 18) | ((s[1] & 0x3Fu) << 12) | ((s[2] & 0x3Fu) << 6) | (s[3] & 0x3Fu);
	if (v < 0x10000 || v > 0x10FFFF)
		return -1;
	*cp = (int32_t)v;
	return 4;
}

/*
 * Sets cps to the case-folded compatibility decomposition of c as fold_next does (c itself
 * when utf8proc has none that fits) and returns its length, 1..DECOMP_MAX.
 */
static size_t decompose(int32_t c, int32_t cps[static DECOMP_MAX])
{
	const utf8proc_option_t opts = UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD;
	int boundclass = UTF8PROC_BOUNDCLASS_START;
	utf8proc_ssize_t n = utf8proc_decompose_char(c, cps, DECOMP_MAX, opts, &boundclass);

	if (n < 1 || n > DECOMP_MAX) {
		cps[0] = c;
		n = 1;
	}
	return (size_t)n;
}

/* Returns the code point vn_fold writes for letter or digit cp. */
static int32_t fold_letter(int32_t cp)
{
	cp = vn_letter(cp);
	return cp == 0x0111 ? 'd' : cp;
}

/* Fills e with what vn_fold and vn_name_sort_key do with code point cp. */
static void lat_init_one(struct lat_info *e, int32_t cp)
{
	int32_t cps[DECOMP_MAX];
	enum cp_class cls[DECOMP_MAX];
	size_t n = decompose(cp, cps);
	size_t alnum = 0;
	size_t sep = 0;
	size_t i;
	bool fits = true;

	memset(e, 0, sizeof(*e));
	e->space = is_space(cp);
	for (i = 0; i < n; i++) {
		utf8proc_uint8_t tmp[4];
		utf8proc_ssize_t k;

		cls[i] = classify(cps[i]);
		if (cls[i] == CP_MARK)
			continue;
		if (cls[i] != CP_ALNUM) {
			sep++;
			continue;
		}
		alnum++;
		k = utf8proc_encode_char(fold_letter(cps[i]), tmp);
		if (k < 1 || e->fold_len + (size_t)k > LAT_FOLD_MAX) {
			fits = false;
			continue;
		}
		memcpy(e->fold + e->fold_len, tmp, (size_t)k);
		e->fold_len += (uint8_t)k;
	}
	if (!fits || (alnum > 0 && sep > 0))
		e->fold_kind = FOLD_SLOW;
	else if (alnum > 0)
		e->fold_kind = FOLD_EMIT;
	else if (sep > 0)
		e->fold_kind = FOLD_SEP;
	else
		e->fold_kind = FOLD_NONE;

	e->key_kind = KEYK_SLOW;
	if (n == 1 && cls[0] == CP_SPACE) {
		e->key_kind = KEYK_SPACE;
	} else if (n == 1 && cls[0] == CP_OTHER) {
		e->key_kind = KEYK_OTHER;
	} else if (cls[0] == CP_ALNUM && alnum == 1 && sep == 0) {
		struct key_unit u = {.kind = UNIT_ALNUM, .cp = cps[0]};

		for (i = 1; i < n; i++)
			key_unit_add_mark(&u, cps[i]);
		e->key_kind = KEYK_UNIT;
		e->base = cps[0];
		e->mods = (uint8_t)u.mods;
		e->tones = (uint8_t)u.tones;
		e->other_mark = u.other_mark;
	}
}

static void lat_init(void)
{
	int32_t cp;
	size_t i;

	for (cp = 0; cp < LAT_LOW_END; cp++)
		lat_init_one(&lat[cp], cp);
	for (cp = LAT_EXT_START; cp < LAT_EXT_END; cp++)
		lat_init_one(&lat[LAT_LOW_END + (cp - LAT_EXT_START)], cp);
	memset(latin_weight, -1, sizeof(latin_weight));
	for (i = sizeof(alphabet) / sizeof(alphabet[0]); i-- > 0;) {
		if (alphabet[i].base >= 'a' && alphabet[i].base <= 'z' &&
			alphabet[i].mod <= MOD_HORN)
			latin_weight[alphabet[i].base - 'a'][alphabet[i].mod] = (int8_t)i;
		else if (alphabet[i].base == 0x0111 && alphabet[i].mod == 0)
			dd_weight = (int8_t)i;
	}
}

/* Returns the lat[] entry of cp, or NULL outside the table; lat_init must have run. */
static inline const struct lat_info *lat_find(int32_t cp)
{
	if (cp < LAT_LOW_END)
		return &lat[cp];
	if (cp >= LAT_EXT_START && cp < LAT_EXT_END)
		return &lat[LAT_LOW_END + (cp - LAT_EXT_START)];
	return NULL;
}

/*
 * Returns where to write n more bytes in b after its first `used` bytes (used >= b->len;
 * the bytes past b->len are written but not yet counted). When b must grow, it grows by
 * n + more at once, more being the most the caller may still write after these n.
 */
static inline char *out_room(struct buf *b, size_t used, size_t n, size_t more)
{
	if (used + n + 1 > b->alloc)
		buf_grow(b, used - b->len + n + more);
	return b->s + used;
}

/* Counts the bytes written past b->len by out_room users. */
static void out_commit(struct buf *b, size_t used)
{
	if (used == b->len)
		return;
	b->len = used;
	b->s[used] = '\0';
}

/* Forgets the bytes written past b->len, which may have overwritten its NUL. */
static void out_discard(struct buf *b)
{
	if (b->alloc)
		b->s[b->len] = '\0';
}

enum ptdv_err vn_normalize(const char *s, size_t len, struct buf *out)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t used = out->len;
	size_t i = 0;
	bool any = false;
	bool space = false;
	char *d = NULL;

	if (out->cap != 0 || len > (size_t)PTRDIFF_MAX / 8)
		return vn__normalize_reference(s, len, out);
	pthread_once(&lat_once, lat_init);
	while (i < len) {
		int32_t cp = u[i];
		int n = 1;

		if (cp < 0x80) {
			if (cp == ' ' || (cp >= '\t' && cp <= '\r')) {
				space = any;
				i++;
				continue;
			}
			if (cp < 0x20)
				goto invalid;
		} else {
			n = utf8_decode_fast(u + i, len - i, &cp);
			if (n < 0)
				goto invalid;
			if (!nfc_stable(cp))
				goto not_nfc;
			/* Every nfc_stable code point is in lat[]. */
			if (lat_find(cp)->space) {
				space = any;
				i += (size_t)n;
				continue;
			}
		}
		if (d == NULL) {
			/* What is left of the input is the most that can still be appended. */
			d = out_room(out, used, len - i, 0);
		}
		if (space)
			*d++ = ' ';
		memcpy(d, s + i, (size_t)n);
		d += n;
		i += (size_t)n;
		space = false;
		any = true;
	}
	if (d != NULL)
		used = (size_t)(d - out->s);
	assert(used <= out->len + len);
	out_commit(out, used);
	return PTDV_OK;

invalid:
	out_discard(out);
	return PTDV_INVALID;

not_nfc:
	out_discard(out);
	return vn__normalize_reference(s, len, out);
}

/* The state of vn_fold: bytes of out used, and whether a space is due before the next letter. */
struct fold_out {
	struct buf *b;
	size_t used;
	bool any;
	bool space;
};

/* Appends letters t[0..n) after the space that is due, if any; `more` as for out_room. */
static inline void fold_emit(struct fold_out *f, const char *t, size_t n, size_t more)
{
	char *d = out_room(f->b, f->used, n + 1, more);

	if (f->space)
		*d++ = ' ';
	memcpy(d, t, n);
	f->used = (size_t)(d + n - f->b->s);
	f->space = false;
	f->any = true;
}

/* Folds code point c the way vn__fold_reference does, through utf8proc. */
static void fold_slow(struct fold_out *f, int32_t c, size_t more)
{
	int32_t cps[DECOMP_MAX];
	size_t n = decompose(c, cps);
	size_t i;

	for (i = 0; i < n; i++) {
		utf8proc_uint8_t tmp[4];
		utf8proc_ssize_t k;
		enum cp_class cls = classify(cps[i]);

		if (cls == CP_MARK)
			continue;
		if (cls != CP_ALNUM) {
			f->space = f->any;
			continue;
		}
		k = utf8proc_encode_char(fold_letter(cps[i]), tmp);
		fold_emit(f, (const char *)tmp, (size_t)k, more);
	}
}

void vn_fold(const char *s, size_t len, struct buf *out)
{
	const unsigned char *u = (const unsigned char *)s;
	struct fold_out f = {.b = out, .used = out->len};
	size_t i = 0;

	if (out->cap != 0) {
		vn__fold_reference(s, len, out);
		return;
	}
	pthread_once(&lat_once, lat_init);
	while (i < len) {
		const struct lat_info *e;
		int32_t cp = u[i];
		int n = 1;

		if (cp >= 0x80) {
			n = utf8_decode_fast(u + i, len - i, &cp);
			if (n < 0) {
				i++;
				continue;
			}
		}
		i += (size_t)n;
		e = lat_find(cp);
		if (e == NULL) {
			fold_slow(&f, cp, len - i);
			continue;
		}
		switch ((enum lat_fold)e->fold_kind) {
		case FOLD_EMIT:
			fold_emit(&f, e->fold, e->fold_len, len - i);
			break;
		case FOLD_SEP:
			f.space = f.any;
			break;
		case FOLD_NONE:
			break;
		case FOLD_SLOW:
			fold_slow(&f, cp, len - i);
			break;
		}
	}
	out_commit(out, f.used);
}

/* Stack space of vn_name_sort_key; a name that needs more takes the reference path. */
#define KEY_FAST_BYTES 256
#define KEY_FAST_WORDS 32

/* The words of a name as in struct key_words, in fixed arrays. */
struct key_fast {
	char pri[KEY_FAST_BYTES];
	char sec[KEY_FAST_BYTES];
	struct key_word w[KEY_FAST_WORDS];
	size_t pri_len, sec_len;
	size_t n;
	size_t pri_start, sec_start;
	bool overflow; /* some array was too small: the key must be made by the reference */
};

/* Writes the pending unit, if any, to the current word and empties it, as key_unit_flush. */
static void key_fast_flush(struct key_fast *k, struct key_unit *u)
{
	if (u->kind == UNIT_ALNUM) {
		int32_t cp = vn_letter(u->cp);
		unsigned mod = vn_modifier(cp, u->mods);
		int weight = -1;
		unsigned t;

		/* At most 3 primary bytes, 5 tones and a mark. */
		if (k->pri_len + 3 > KEY_FAST_BYTES || k->sec_len + 6 > KEY_FAST_BYTES) {
			k->overflow = true;
			return;
		}
		if (cp >= 'a' && cp <= 'z')
			weight = latin_weight[cp - 'a'][mod];
		else if (cp == 0x0111 && mod == 0)
			weight = dd_weight;
		if (cp >= '0' && cp <= '9') {
			k->pri[k->pri_len++] = (char)(KEY_DIGIT + (cp - '0'));
		} else if (weight >= 0) {
			k->pri[k->pri_len++] = (char)(KEY_LETTER + weight);
		} else {
			k->pri[k->pri_len++] = (char)(KEY_OTHER | ((cp >> 14) & 0x7F));
			k->pri[k->pri_len++] = (char)(KEY_OTHER | ((cp >> 7) & 0x7F));
			k->pri[k->pri_len++] = (char)(KEY_OTHER | (cp & 0x7F));
		}
		for (t = 1; t <= 5; t++) {
			if (u->tones & (1u << t))
				k->sec[k->sec_len++] = (char)(SEC_TONE + t);
		}
		if (u->other_mark || (u->mods & ~mod))
			k->sec[k->sec_len++] = (char)SEC_MARK;
	}
	memset(u, 0, sizeof(*u));
}

/* Ends the current word as key_word_end does. */
static void key_fast_word_end(struct key_fast *k)
{
	if (k->pri_len > k->pri_start) {
		struct key_word *w;

		if (k->n == KEY_FAST_WORDS) {
			k->overflow = true;
			return;
		}
		w = &k->w[k->n++];
		w->pri_off = k->pri_start;
		w->pri_len = k->pri_len - k->pri_start;
		w->sec_off = k->sec_start;
		w->sec_len = k->sec_len - k->sec_start;
	}
	k->pri_start = k->pri_len;
	k->sec_start = k->sec_len;
}

/* Feeds the decomposition of code point c to the key, as the loop of the reference does. */
static void key_fast_slow(struct key_fast *k, struct key_unit *u, int32_t c)
{
	int32_t cps[DECOMP_MAX];
	size_t n = decompose(c, cps);
	size_t i;

	for (i = 0; i < n; i++) {
		switch (classify(cps[i])) {
		case CP_MARK:
			key_unit_add_mark(u, cps[i]);
			break;
		case CP_ALNUM:
			key_fast_flush(k, u);
			u->kind = UNIT_ALNUM;
			u->cp = cps[i];
			break;
		case CP_SPACE:
			key_fast_flush(k, u);
			key_fast_word_end(k);
			break;
		case CP_OTHER:
			key_fast_flush(k, u);
			u->kind = UNIT_IGNORED;
			break;
		}
	}
}

void vn_name_sort_key(const char *s, size_t len, struct buf *out)
{
	const unsigned char *p = (const unsigned char *)s;
	struct key_fast k;
	struct key_unit u = {.kind = UNIT_NONE};
	size_t total;
	size_t i = 0;
	char *d;

	if (out->cap != 0)
		goto slow;
	pthread_once(&lat_once, lat_init);
	k.pri_len = k.sec_len = 0;
	k.n = 0;
	k.pri_start = k.sec_start = 0;
	k.overflow = false;
	while (i < len && !k.overflow) {
		const struct lat_info *e;
		int32_t cp = p[i];
		int n = 1;

		if (cp >= 0x80) {
			n = utf8_decode_fast(p + i, len - i, &cp);
			if (n < 0) {
				i++;
				continue;
			}
		}
		i += (size_t)n;
		e = lat_find(cp);
		if (e == NULL) {
			key_fast_slow(&k, &u, cp);
			continue;
		}
		switch ((enum lat_key)e->key_kind) {
		case KEYK_UNIT:
			key_fast_flush(&k, &u);
			u.kind = UNIT_ALNUM;
			u.cp = e->base;
			u.mods = e->mods;
			u.tones = e->tones;
			u.other_mark = e->other_mark;
			break;
		case KEYK_SPACE:
			key_fast_flush(&k, &u);
			key_fast_word_end(&k);
			break;
		case KEYK_OTHER:
			key_fast_flush(&k, &u);
			u.kind = UNIT_IGNORED;
			break;
		case KEYK_SLOW:
			key_fast_slow(&k, &u, cp);
			break;
		}
	}
	key_fast_flush(&k, &u);
	key_fast_word_end(&k);
	if (k.overflow)
		goto slow;

	/* Words joined by KEY_WORD, KEY_LEVEL, then each word's tones ended by SEC_END. */
	total = k.pri_len + k.sec_len + 2 * k.n;
	if (k.n == 0)
		total = 1;
	d = out_room(out, out->len, total, 0);
	for (i = 0; i < k.n; i++) {
		const struct key_word *w = &k.w[key_word_order(k.n, i)];

		if (i > 0)
			*d++ = (char)KEY_WORD;
		memcpy(d, k.pri + w->pri_off, w->pri_len);
		d += w->pri_len;
	}
	*d++ = (char)KEY_LEVEL;
	for (i = 0; i < k.n; i++) {
		const struct key_word *w = &k.w[key_word_order(k.n, i)];

		memcpy(d, k.sec + w->sec_off, w->sec_len);
		d += w->sec_len;
		*d++ = (char)SEC_END;
	}
	assert((size_t)(d - out->s) == out->len + total);
	out_commit(out, (size_t)(d - out->s));
	return;

slow:
	vn__name_sort_key_reference(s, len, out);
}

/*
 * Appends a number given as decimal digits d[0..n), most significant first, of which the
 * last `decimals` are the fraction; n > decimals. Leading zeros are dropped down to one
 * integer digit, '.' groups thousands and ',' separates the fraction. A '-' comes first when
 * neg is set and some digit is not zero, so there is never a "-0".
 */
static void append_digits(struct buf *out, bool neg, const char *d, size_t n, size_t decimals)
{
	size_t start = 0;
	size_t intlen;
	size_t i;

	assert(n > decimals);
	while (n - start > decimals + 1 && d[start] == '0')
		start++;
	for (i = start; i < n && neg; i++) {
		if (d[i] != '0') {
			buf_addc(out, '-');
			break;
		}
	}
	intlen = n - start - decimals;
	for (i = 0; i < intlen; i++) {
		if (i > 0 && (intlen - i) % 3 == 0)
			buf_addc(out, '.');
		buf_addc(out, d[start + i]);
	}
	if (decimals > 0) {
		buf_addc(out, ',');
		buf_add(out, d + start + intlen, decimals);
	}
}

/* Adds one to the decimal number d[0..n); d[0] must be '0' so that the carry always stops. */
static void digits_round_up(char *d, size_t n)
{
	assert(n > 0 && d[0] == '0');
	while (n > 0) {
		n--;
		if (d[n] != '9') {
			d[n]++;
			return;
		}
		d[n] = '0';
	}
}

/* Writes the decimal digits of u to d, which has room for 20, and returns how many. */
static size_t u64_digits(uint64_t u, char *d)
{
	char tmp[20];
	size_t n = 0;
	size_t i;

	do {
		tmp[n++] = (char)('0' + u % 10);
		u /= 10;
	} while (u > 0);
	for (i = 0; i < n; i++)
		d[i] = tmp[n - 1 - i];
	return n;
}

static uint64_t u64_abs(int64_t n)
{
	return n < 0 ? (uint64_t)0 - (uint64_t)n : (uint64_t)n;
}

void vn_fmt_int(struct buf *out, int64_t n)
{
	char d[20];
	size_t len = u64_digits(u64_abs(n), d);

	append_digits(out, n < 0, d, len, 0);
}

/*
 * Writes to sig the shortest decimal significand that reads back as x >= 0 (at most 17
 * digits, no dot) and sets *exp10 so that x = sig[0].sig[1..] × 10^exp10. Returns the
 * number of digits. Works whatever the LC_NUMERIC decimal point is.
 */
static size_t shortest_digits(double x, char sig[static 18], int *exp10)
{
	char tmp[40];
	const char *e;
	size_t n = 0;
	int p;
	size_t i;

	for (p = 1; p <= 17; p++) {
		snprintf(tmp, sizeof(tmp), "%.*e", p - 1, x);
		if (strtod(tmp, NULL) == x)
			break;
	}
	e = strchr(tmp, 'e');
	assert(e != NULL);
	for (i = 0; tmp + i < e && n < 17; i++) {
		if (tmp[i] >= '0' && tmp[i] <= '9')
			sig[n++] = tmp[i];
	}
	*exp10 = (int)strtol(e + 1, NULL, 10);
	return n;
}

void vn_fmt_dec(struct buf *out, double x, int decimals)
{
	/* A leading '0' for the carry, up to 309 integer digits, the decimals, the rounding digit. */
	char d[1 + 309 + VN_DEC_MAX + 1];
	char sig[18];
	size_t nsig;
	int e;
	size_t dec;
	size_t intlen;
	size_t n = 0;
	size_t k;
	bool neg;

	if (!isfinite(x)) {
		buf_adds(out, VN_NO_NUMBER);
		return;
	}
	dec = decimals < 0 ? 0 : decimals > VN_DEC_MAX ? VN_DEC_MAX : (size_t)decimals;
	neg = signbit(x) != 0;
	nsig = shortest_digits(neg ? -x : x, sig, &e);
	intlen = e >= 0 ? (size_t)e + 1 : 1;
	assert(intlen <= 309);
	d[n++] = '0';
	for (k = 0; k < intlen + dec + 1; k++) {
		/* Digit k stands for 10^(intlen - 1 - k), which is sig[e - (intlen - 1 - k)]. */
		long j = (long)e - ((long)intlen - 1 - (long)k);

		d[n++] = j >= 0 && j < (long)nsig ? sig[j] : '0';
	}
	n--;
	if (d[n] >= '5')
		digits_round_up(d, n);
	append_digits(out, neg, d, n, dec);
}

/*
 * Returns floor(10 * *r / d) and leaves 10 * *r mod d in *r, for *r < d, without overflow
 * whatever the size of d.
 */
static unsigned long_div_digit(uint64_t *r, uint64_t d)
{
	uint64_t acc = 0;
	unsigned digit = 0;
	int i;

	assert(*r < d);
	for (i = 0; i < 10; i++) {
		if (acc >= d - *r) {
			acc -= d - *r;
			digit++;
		} else {
			acc += *r;
		}
	}
	*r = acc;
	return digit;
}

void vn_fmt_pct(struct buf *out, int64_t num, int64_t den)
{
	/* A leading '0' for the carry, the integer quotient, two digits for × 100, one decimal. */
	char d[1 + 20 + 3];
	uint64_t m;
	uint64_t q;
	uint64_t r;
	size_t n = 0;
	int i;

	if (den == 0) {
		buf_adds(out, VN_NO_NUMBER);
		return;
	}
	m = u64_abs(num);
	q = m / u64_abs(den);
	r = m % u64_abs(den);
	d[n++] = '0';
	n += u64_digits(q, d + n);
	for (i = 0; i < 3; i++)
		d[n++] = (char)('0' + long_div_digit(&r, u64_abs(den)));
	if (r >= u64_abs(den) - r)
		digits_round_up(d, n);
	append_digits(out, (num < 0) != (den < 0), d, n, 1);
	buf_addc(out, '%');
}

int vn_width(const char *s)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	utf8proc_ssize_t left = (utf8proc_ssize_t)strlen(s);
	int w = 0;
	while (left > 0) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t n = utf8proc_iterate(p, left, &cp);
		if (n <= 0) { /* an invalid byte: one column, as a replacement character */
			w++;
			p++;
			left--;
			continue;
		}
		int cw = utf8proc_charwidth(cp);
		w += cw > 0 ? cw : 0;
		p += n;
		left -= n;
	}
	return w;
}

void vn_pad(struct buf *out, const char *s, int width, bool right)
{
	int n = width - vn_width(s);
	if (!right)
		buf_adds(out, s);
	for (int i = 0; i < n; i++)
		buf_addc(out, ' ');
	if (right)
		buf_adds(out, s);
}
