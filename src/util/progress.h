/*
 * progress.h — progress of long imports and exports on a terminal.
 *
 * Prints "N dòng, R dòng/giây, còn khoảng T giây" to stderr at most four times a second,
 * only when stderr is a terminal; silent otherwise, so scripts and logs stay clean.
 */
#ifndef PTDV_UTIL_PROGRESS_H
#define PTDV_UTIL_PROGRESS_H

#include <stdbool.h>
#include <stdint.h>

struct progress {
	bool on;
	const char *what;   /* e.g. "Nhập đảng viên" */
	int64_t total;      /* expected units (bytes or rows); 0 = unknown */
	int64_t done;       /* units done */
	int64_t rows;       /* rows done, shown to the user */
	double start, last; /* monotonic seconds */
};

/* Starts progress reporting; total may be 0 when unknown. */
void progress_start(struct progress *p, const char *what, int64_t total);
/* Records progress; cheap enough to call for every row. */
void progress_update(struct progress *p, int64_t done, int64_t rows);
/* Prints the final line (when on) and ends the display. */
void progress_end(struct progress *p);
/* Monotonic clock in seconds. */
double progress_now(void);

#endif
