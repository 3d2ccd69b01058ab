/*
 * vn.h — Vietnamese text: validation, normalisation, folding, collation, number formats.
 *
 * All strings are UTF-8. Functions that produce text append to a struct buf.
 */
#ifndef PTDV_UTIL_VN_H
#define PTDV_UTIL_VN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"
#include "util/err.h"

/* Returns true when s[0..len) is valid UTF-8 with no NUL and no C0 control except tab. */
bool vn_utf8_valid(const char *s, size_t len);

/*
 * Appends the NFC form of s[0..len) to out, with leading/trailing white space removed and
 * inner runs of white space collapsed to one space. White space is ASCII white space (tab,
 * line feed, vertical tab, form feed, carriage return, space) and the Unicode separators
 * Zs/Zl/Zp such as the no-break space. Returns PTDV_OK, or PTDV_INVALID (out unchanged)
 * when s is not valid UTF-8 or holds a NUL or a C0 control that is not white space. What
 * is appended always passes vn_utf8_valid. Aborts when out of memory.
 */
enum ptdv_err vn_normalize(const char *s, size_t len, struct buf *out) PTDV_MUST_USE;

/*
 * Appends the search key of s: accents removed, lower case, đ/Đ → d, any run of
 * characters that are not letters or digits turned into one space, trimmed.
 * "  Nguyễn Văn  Đức " → "nguyen van duc". Invalid UTF-8 bytes are skipped. Compatibility
 * forms fold too (full-width letters, ligatures, ß → "ss"), and Ð (U+00D0, which looks like
 * Đ and is what Đ becomes through Windows-1252) folds to d. Letters of other scripts are
 * kept, case-folded and without marks. This function can't fail.
 */
void vn_fold(const char *s, size_t len, struct buf *out);

/*
 * Appends a binary sort key for a person's full name so that memcmp() order of keys is
 * Vietnamese name order: given name (last word) first, then middle names in order, then
 * family name (first word); letters in the order a ă â b c d đ e ê g h i k l m n o ô ơ
 * p q r s t u ư v x y (other Latin letters at their ASCII place among them, digits
 * before letters), tones compared only when all letters are equal, in the order
 * ngang, huyền, hỏi, ngã, sắc, nặng; case ignored. The key contains no NUL byte
 * except as the level separator, so it is safe in a BLOB and compares with memcmp.
 *
 * Words are separated by white space; punctuation inside a word ("Y-Moan", "H'Hen") is
 * ignored. Layout: the primary level holds one byte per letter (0x20 + its place in the
 * alphabet above with f j w z included) or digit (0x10 + digit), three bytes >= 0x80 per
 * letter of another script (by code point, after z), words joined by 0x01; then 0x00;
 * then the secondary level, for each word in the same order, the tones of its toned
 * letters (0x03 huyền .. 0x07 nặng, 0x08 for a non-Vietnamese mark such as ü) ended by
 * 0x01. Tones count per word, not per letter, so "Hòa" and "Hoà" (old and new tone
 * placement) get the same key, as do NFC and NFD input. Equal keys are possible (case,
 * punctuation); break ties with another column. The empty name's key is the single 0x00.
 * This function can't fail.
 */
void vn_name_sort_key(const char *s, size_t len, struct buf *out);

/*
 * Appends n with '.' as the thousands separator: 10968 → "10.968", -1234 → "-1.234".
 * Every int64_t, INT64_MIN included, is formatted exactly.
 */
void vn_fmt_int(struct buf *out, int64_t n);
/* The columns s takes on a terminal (utf8proc_charwidth): wide characters 2, combining marks
 * 0, an invalid byte 1. */
int vn_width(const char *s);
/* Appends s padded with spaces to width columns, aligned left or (right) right. */
void vn_pad(struct buf *out, const char *s, int width, bool right);

/*
 * Appends x with `decimals` digits after a ',' decimal separator and '.' thousands:
 * (67.177, 1) → "67,2"; (1234.5, 1) → "1.234,5". Rounds half away from zero, applied to
 * the shortest decimal that reads back as x, so 1.005 → "1,01" and 0.15 → "0,2" as a
 * reader expects. decimals is clamped to 0..15. A result that rounds to zero has no
 * minus sign. NaN and infinities give "—".
 */
void vn_fmt_dec(struct buf *out, double x, int decimals);

/*
 * Appends 100 * num / den as a percentage with one decimal: (438, 652) → "67,2%". "—" when
 * den is 0. Computed exactly in integers (no overflow for any int64_t), rounded half away
 * from zero, no "-0,0%".
 */
void vn_fmt_pct(struct buf *out, int64_t num, int64_t den);

#endif
