/*
 * csv.h — a streaming RFC 4180 CSV reader.
 *
 * Reads one record at a time from a FILE*, with a UTF-8 byte order mark skipped at the
 * start, fields separated by ',', quoted fields that may hold commas, doubled quotes and
 * line breaks, and records ended by CRLF, LF or end of file. Memory is bounded: a record
 * longer than CSV_MAX_RECORD bytes is an error, so a hostile file cannot grow it.
 */
#ifndef PTDV_UTIL_CSV_H
#define PTDV_UTIL_CSV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "util/buf.h"
#include "util/err.h"

#define CSV_MAX_RECORD (1u << 20)
#define CSV_MAX_FIELDS 256
#define CSV_BLOCK (64u << 10)

struct csv_field {
	const char *s; /* NUL-terminated; valid until the next csv_next() */
	size_t len;
};

struct csv {
	FILE *f;
	long line;      /* physical line where the current record started (1-based) */
	long next_line; /* physical line where the next record starts */
	size_t nfields;
	struct csv_field fields[CSV_MAX_FIELDS];
	struct buf rec; /* field bytes of the current record */
	size_t offs[CSV_MAX_FIELDS];
	bool at_start;
	/* Read-ahead block: in.buf[in.pos..in.len) came from f and is not parsed yet. */
	struct {
		char *buf;
		size_t pos;
		size_t len;
	} in;
	char err[256]; /* English description of a format error, for diagnostics */
	/* Vietnamese description of a format error, set with PTDV_INVALID. */
	char msg[256];
};

/*
 * Initialises r to read from f (not owned). The reader takes the bytes of f in blocks of
 * CSV_BLOCK, so f's position runs ahead of the records returned (by at most a block):
 * ftell(f) suits a progress bar, but f must not be read or moved by anyone else.
 */
void csv_open(struct csv *r, FILE *f);
/* Frees r's buffers (not the FILE). Accepts a zeroed struct. */
void csv_close(struct csv *r);

/*
 * Reads the next record into r->fields[0..r->nfields).
 * Returns PTDV_OK with nfields >= 1 for a record; PTDV_NOTFOUND at end of file;
 * PTDV_INVALID for a malformed record (unterminated quote, text after a closing quote,
 * too many fields, record too long) with r->msg set in Vietnamese and r->line naming the
 * record's first line — reading may not continue after it (later calls return
 * PTDV_INVALID again); PTDV_IO on a read error, with r->err set.
 * A blank line is returned as a record of one empty field. In an unquoted field a '"' and a
 * CR not followed by LF are kept as data.
 */
enum ptdv_err csv_next(struct csv *r) PTDV_MUST_USE;

/*
 * Appends s[0..len) to out as one CSV field: quoted when it holds ',', '"', CR or LF, and
 * neutralised against formula injection — a value starting with '=', '+', '-' or '@' is
 * prefixed with a single quote (') unless it is a plain number like -12 or -1,5.
 */
void csv_write_field(struct buf *out, const char *s, size_t len);

#endif
