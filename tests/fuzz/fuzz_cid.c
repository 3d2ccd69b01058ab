/*
 * fuzz_cid.c — libFuzzer target of the citizen ID check (core_citizen_id_check in
 * core/person.c).
 *
 * The first byte picks the gender, the next two a birth date (or none); the rest is the ID.
 * Checks: the count returned is the number of messages added, each valid UTF-8 and under
 * the column "Số CCCD"; an accepted ID is 12 ASCII digits; and an ID written by
 * core_citizen_id_make from the same bytes passes for its own gender and birth year.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/person.h"
#include "util/date.h"
#include "util/msgs.h"
#include "util/vn.h"

#define CHECK(cond) \
	do { \
		if (!(cond)) \
			__builtin_trap(); \
	} while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 3)
		return 0;
	enum gender g = (enum gender)(data[0] % GENDER__MAX); /* 0: not known */
	unsigned v = (unsigned)data[1] << 8 | data[2];
	date_t birth = v < 512 ? DATE_NONE : date_from_ymd(1930, 1, 1) + (date_t)(v % 30000);
	char *id = malloc(size - 3 + 1);
	memcpy(id, data + 3, size - 3);
	id[size - 3] = '\0';

	struct msgs errs;
	msgs_init(&errs, 0);
	int n = core_citizen_id_check(id, g, birth, 7, &errs);
	CHECK(n >= 0 && (size_t)n == errs.n);
	for (size_t i = 0; i < errs.n; i++) {
		CHECK(vn_utf8_valid(errs.v[i].text, strlen(errs.v[i].text)));
		CHECK(errs.v[i].field && strcmp(errs.v[i].field, "Số CCCD") == 0);
	}
	if (n == 0 && id[0]) {
		CHECK(strlen(id) == 12);
		for (int i = 0; i < 12; i++)
			CHECK(id[i] >= '0' && id[i] <= '9');
	}
	msgs_free(&errs);

	/* A made ID passes for the person it was made for. */
	if (g != 0 && birth != DATE_NONE) {
		char made[13];
		int y;
		date_to_ymd(birth, &y, NULL, NULL);
		core_citizen_id_make(made, 1 + (int)(v % 96), g, y, (int)(v * 37 % 1000000));
		msgs_init(&errs, 0);
		CHECK(core_citizen_id_check(made, g, birth, 1, &errs) == 0);
		msgs_free(&errs);
	}
	free(id);
	return 0;
}
