/*
 * fuzz_vn.c — libFuzzer target of Vietnamese text handling (util/vn.c): vn_normalize,
 * vn_fold and vn_name_sort_key on arbitrary bytes.
 *
 * Checks: what vn_normalize accepts comes out valid UTF-8, without leading, trailing or
 * doubled spaces, and normalizing it again changes nothing; vn_fold's key is valid UTF-8,
 * holds no ASCII upper case letter, no doubled, leading or trailing space, and folding it
 * again changes nothing (so a search folded once matches a key folded once); the sort key
 * holds exactly one NUL byte (the level separator) and is the same for the text and its
 * normalized form.
 */
#include <stdint.h>
#include <string.h>

#include "util/buf.h"
#include "util/vn.h"

#define CHECK(cond) \
	do { \
		if (!(cond)) \
			__builtin_trap(); \
	} while (0)

static size_t count_nul(const struct buf *b)
{
	size_t n = 0;
	for (size_t i = 0; i < b->len; i++)
		n += b->s[i] == '\0';
	return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	struct buf norm = BUF_INIT, again = BUF_INIT, fold = BUF_INIT, fold2 = BUF_INIT,
		   key = BUF_INIT, key2 = BUF_INIT;
	buf_init(&norm, 0);
	buf_init(&again, 0);
	buf_init(&fold, 0);
	buf_init(&fold2, 0);
	buf_init(&key, 0);
	buf_init(&key2, 0);

	vn_fold(s, size, &fold);
	CHECK(vn_utf8_valid(fold.s ? fold.s : "", fold.len));
	for (size_t i = 0; i < fold.len; i++) {
		CHECK(!(fold.s[i] >= 'A' && fold.s[i] <= 'Z'));
		CHECK(!(fold.s[i] == ' ' && (i == 0 || i + 1 == fold.len || fold.s[i + 1] == ' ')));
	}
	vn_fold(fold.s ? fold.s : "", fold.len, &fold2);
	CHECK(fold2.len == fold.len && (fold.len == 0 || memcmp(fold.s, fold2.s, fold.len) == 0));

	vn_name_sort_key(s, size, &key);
	CHECK(count_nul(&key) == 1);

	if (vn_normalize(s, size, &norm) == PTDV_OK) {
		const char *n = norm.s ? norm.s : "";
		CHECK(vn_utf8_valid(n, norm.len));
		CHECK(norm.len == 0 || (n[0] != ' ' && n[norm.len - 1] != ' '));
		CHECK(strstr(n, "  ") == NULL);
		CHECK(vn_normalize(n, norm.len, &again) == PTDV_OK);
		CHECK(again.len == norm.len && memcmp(again.s ? again.s : "", n, norm.len) == 0);
		vn_name_sort_key(n, norm.len, &key2);
		CHECK(key2.len == key.len && memcmp(key.s, key2.s, key.len) == 0);
	} else {
		CHECK(norm.len == 0);
	}
	buf_free(&norm);
	buf_free(&again);
	buf_free(&fold);
	buf_free(&fold2);
	buf_free(&key);
	buf_free(&key2);
	return 0;
}
