/* progress.c — terminal progress display. */
#include "util/progress.h"

#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "util/buf.h"
#include "util/vn.h"

double progress_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void progress_start(struct progress *p, const char *what, int64_t total)
{
	p->on = isatty(STDERR_FILENO) == 1;
	p->what = what;
	p->total = total;
	p->done = p->rows = 0;
	p->start = p->last = progress_now();
}

static void show(struct progress *p, double now, bool final)
{
	struct buf b = BUF_INIT;
	double el = now - p->start;
	buf_addf(&b, "\r%s: ", p->what);
	vn_fmt_int(&b, p->rows);
	buf_adds(&b, " dòng");
	if (el > 0) {
		buf_adds(&b, ", ");
		vn_fmt_int(&b, (int64_t)((double)p->rows / el));
		buf_adds(&b, " dòng/giây");
	}
	if (!final && p->total > 0 && p->done > 0 && p->done < p->total) {
		double left = el * (double)(p->total - p->done) / (double)p->done;
		buf_addf(&b, ", còn khoảng %.0f giây", left);
	}
	buf_adds(&b, final ? "\033[K\n" : "\033[K");
	fputs(b.s, stderr);
	fflush(stderr);
	buf_free(&b);
}

void progress_update(struct progress *p, int64_t done, int64_t rows)
{
	p->done = done;
	p->rows = rows;
	if (!p->on || (rows & 1023) != 0)
		return;
	double now = progress_now();
	if (now - p->last < 0.25)
		return;
	p->last = now;
	show(p, now, false);
}

void progress_end(struct progress *p)
{
	if (p->on)
		show(p, progress_now(), true);
	p->on = false;
}
