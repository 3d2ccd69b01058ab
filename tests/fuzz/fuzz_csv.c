/*
 * fuzz_csv.c — libFuzzer target of the CSV reader and field writer (util/csv.c).
 *
 * Reads the input as a CSV file and checks the reader's promises: each record has 1 to
 * CSV_MAX_FIELDS NUL-terminated fields whose bytes fit in CSV_MAX_RECORD, line numbers
 * rise, an error comes with a message and is sticky. Each record is then written back with
 * csv_write_field and read again: it must come back field for field, except that a value
 * starting with '=', '+', '-' or '@' may come back behind a single quote (the writer's
 * formula neutralisation).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/csv.h"

#define CHECK(cond) \
	do { \
		if (!(cond)) \
			__builtin_trap(); \
	} while (0)

/* Writes the current record of r as CSV and checks that it reads back the same. */
static void round_trip(const struct csv *r)
{
	struct buf out = BUF_INIT;
	struct csv back;
	FILE *f;

	buf_init(&out, 0);
	for (size_t i = 0; i < r->nfields; i++) {
		if (i)
			buf_addc(&out, ',');
		csv_write_field(&out, r->fields[i].s, r->fields[i].len);
	}
	buf_addc(&out, '\n');
	/* A record that starts with a byte order mark would lose it when read back. */
	if (out.len >= 3 && memcmp(out.s, "\xEF\xBB\xBF", 3) == 0) {
		buf_free(&out);
		return;
	}
	f = fmemopen(out.s, out.len, "r");
	CHECK(f);
	csv_open(&back, f);
	if (csv_next(&back) == PTDV_OK) {
		CHECK(back.nfields == r->nfields);
		for (size_t i = 0; i < r->nfields; i++) {
			const struct csv_field *a = &r->fields[i], *b = &back.fields[i];
			int same = a->len == b->len && memcmp(a->s, b->s, a->len) == 0;
			int quoted = b->len == a->len + 1 && b->s[0] == '\'' &&
				     memcmp(a->s, b->s + 1, a->len) == 0 && strchr("=+-@", a->s[0]);
			CHECK(same || quoted);
		}
	} else {
		/* Only a record grown past the limit by quoting may fail. */
		CHECK(out.len > CSV_MAX_RECORD / 2);
	}
	csv_close(&back);
	fclose(f);
	buf_free(&out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct csv r;
	enum ptdv_err err;
	long last = 0;
	FILE *f;

	if (size == 0)
		return 0;
	f = fmemopen((void *)data, size, "r");
	CHECK(f);
	csv_open(&r, f);
	for (;;) {
		err = csv_next(&r);
		if (err)
			break;
		CHECK(r.nfields >= 1 && r.nfields <= CSV_MAX_FIELDS);
		CHECK(r.line > last);
		last = r.line;
		for (size_t i = 0; i < r.nfields; i++)
			CHECK(r.fields[i].s[r.fields[i].len] == '\0');
		round_trip(&r);
	}
	CHECK(err == PTDV_NOTFOUND || (err == PTDV_INVALID && r.msg[0]));
	CHECK(csv_next(&r) == err);
	csv_close(&r);
	fclose(f);
	return 0;
}
