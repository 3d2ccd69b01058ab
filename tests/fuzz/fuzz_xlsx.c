/*
 * fuzz_xlsx.c — libFuzzer target of the .xlsx reader (util/xlsx_read.c).
 *
 * An input that starts like a zip ("PK\3\4") is read as a whole .xlsx file, so the zip
 * layer and the package's structure are fuzzed. Any other input is split at lines "--"
 * into up to four XML parts — the first sheet, the shared strings, the styles and the
 * workbook — which are zipped uncompressed beside a fixed package (the default workbook
 * has the sheets 'A' and 'B', 'B' sharing 'A's XML, and a chart sheet 'C') before reading:
 * most mutations of a zip only break its checksums, while these reach the XML. Every sheet
 * is read to its end or its error, and the reader's promises are checked: fields are
 * NUL-terminated UTF-8 of the given length, at most XLSX_MAX_COLS of them, row numbers
 * rise, and an error comes with a message. Limits are lowered so that an input cannot
 * make a run slow or big.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <zip.h>

#include "util/xlsx.h"

#define CHECK(cond) \
	do { \
		if (!(cond)) \
			__builtin_trap(); \
	} while (0)

static const char root_rels[] =
	"<Relationships xmlns='http://schemas.openxmlformats.org/package/2006/relationships'>"
	"<Relationship Id='rId1' Type='http://schemas.openxmlformats.org/officeDocument/2006/"
	"relationships/officeDocument' Target='xl/workbook.xml'/></Relationships>";

static const char wb_rels[] =
	"<Relationships xmlns='http://schemas.openxmlformats.org/package/2006/relationships'>"
	"<Relationship Id='rId1' Type='x/worksheet' Target='worksheets/sheet1.xml'/>"
	"<Relationship Id='rId2' Type='x/worksheet' Target='/xl/worksheets/sheet1.xml'/>"
	"<Relationship Id='rId3' Type='x/chartsheet' Target='../xl/chartsheets/c.xml'/>"
	"<Relationship Id='rId4' Type='x/styles' Target='styles.xml'/>"
	"<Relationship Id='rId5' Type='x/sharedStrings' Target='sharedStrings.xml'/>"
	"</Relationships>";

static const char wb_default[] =
	"<workbook xmlns:r='http://schemas.openxmlformats.org/officeDocument/2006/relationships'>"
	"<sheets><sheet name='A' sheetId='1' r:id='rId1'/><sheet name='B' sheetId='2' "
	"r:id='rId2'/><sheet name='C' sheetId='3' r:id='rId3'/></sheets></workbook>";

static const struct xlsx_limits limits = {
	.sheet = 4u << 20,
	.shared = 4u << 20,
	.meta = 1u << 20,
	.shared_bytes = 1u << 20,
	.shared_count = 1u << 16,
};

/* Returns true when s[0..len) is valid UTF-8 without NUL bytes. */
static int utf8_ok(const unsigned char *s, size_t len)
{
	for (size_t i = 0; i < len;) {
		unsigned c = s[i];
		size_t k = c < 0x80                 ? 0
			   : c >= 0xC2 && c <= 0xDF ? 1
			   : c >= 0xE0 && c <= 0xEF ? 2
			   : c >= 0xF0 && c <= 0xF4 ? 3
						    : 9;

		if (c == 0 || k == 9 || len - i <= k)
			return 0;
		for (size_t j = 1; j <= k; j++) {
			if ((s[i + j] & 0xC0) != 0x80)
				return 0;
		}
		i += k + 1;
	}
	return 1;
}

static void read_sheet(struct xlsx *x, const char *name)
{
	enum ptdv_err err = xlsx_select(x, name);
	long last = 0;

	if (err) {
		CHECK(x->msg[0]);
		return;
	}
	for (;;) {
		err = xlsx_next(x);
		if (err)
			break;
		CHECK(x->nfields >= 1 && x->nfields <= XLSX_MAX_COLS);
		CHECK(x->line > last && x->line <= XLSX_MAX_ROWNUM);
		last = x->line;
		for (size_t i = 0; i < x->nfields; i++) {
			const struct xlsx_field *f = &x->fields[i];
			char d[DATE_STRLEN];

			CHECK(f->s[f->len] == '\0');
			CHECK(utf8_ok((const unsigned char *)f->s, f->len));
			CHECK(f->type < XLSX_TYPE__MAX);
			if (f->date != DATE_NONE)
				date_format(f->date, d);
		}
	}
	CHECK(err == PTDV_NOTFOUND || x->msg[0]);
	CHECK(x->nfields == 0);
	/* Errors are sticky. */
	CHECK(xlsx_next(x) == err);
}

static void read_all(const void *data, size_t len)
{
	struct xlsx x;

	if (xlsx_open_mem(&x, data, len, &limits) == PTDV_OK) {
		for (size_t i = 0; i < x.nsheets && i < 4; i++) {
			char *name = strdup(x.sheets[i].name);
			read_sheet(&x, name);
			free(name);
		}
		read_sheet(&x, NULL);
		read_sheet(&x, "no such sheet");
	} else {
		CHECK(x.msg[0]);
	}
	xlsx_close(&x);
}

/* Adds the entry name holding data[0..len), stored uncompressed, to z. */
static void add(zip_t *z, const char *name, const void *data, size_t len)
{
	zip_source_t *s = zip_source_buffer(z, data, len, 0);
	zip_int64_t i = s ? zip_file_add(z, name, s, 0) : -1;

	if (i < 0)
		abort();
	zip_set_file_compression(z, (zip_uint64_t)i, ZIP_CM_STORE, 0);
}

/* Zips parts (NULL: left out) with the fixed package; returns the bytes (caller frees). */
static void *zip_parts(const char *const parts[4], const size_t lens[4], size_t *out_len)
{
	static const char *const names[4] = {"xl/worksheets/sheet1.xml", "xl/sharedStrings.xml",
		"xl/styles.xml", "xl/workbook.xml"};
	zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, NULL);
	zip_stat_t st;
	zip_t *z;
	void *buf = NULL;

	if (!src)
		abort();
	zip_source_keep(src);
	z = zip_open_from_source(src, ZIP_TRUNCATE, NULL);
	if (!z)
		abort();
	add(z, "_rels/.rels", root_rels, sizeof root_rels - 1);
	add(z, "xl/_rels/workbook.xml.rels", wb_rels, sizeof wb_rels - 1);
	for (int i = 0; i < 4; i++) {
		if (parts[i])
			add(z, names[i], parts[i], lens[i]);
	}
	if (!parts[3])
		add(z, names[3], wb_default, sizeof wb_default - 1);
	if (zip_close(z) != 0)
		abort();
	zip_stat_init(&st);
	if (zip_source_stat(src, &st) != 0 || zip_source_open(src) != 0)
		abort();
	buf = malloc(st.size ? st.size : 1);
	if (!buf || zip_source_read(src, buf, st.size) != (zip_int64_t)st.size)
		abort();
	zip_source_close(src);
	zip_source_free(src);
	*out_len = st.size;
	return buf;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *parts[4] = {NULL, NULL, NULL, NULL};
	size_t lens[4] = {0, 0, 0, 0};
	const char *p = (const char *)data, *end = p + size;
	size_t zlen;
	void *z;

	if (size >= 4 && memcmp(data, "PK\3\4", 4) == 0) {
		read_all(data, size);
		return 0;
	}
	for (int i = 0; i < 4 && p <= end; i++) {
		const char *sep = memmem(p, (size_t)(end - p), "\n--\n", 4);
		const char *stop = sep ? sep : end;

		parts[i] = p;
		lens[i] = (size_t)(stop - p);
		if (!sep)
			break;
		p = sep + 4;
	}
	z = zip_parts(parts, lens, &zlen);
	read_all(z, zlen);
	free(z);
	return 0;
}
