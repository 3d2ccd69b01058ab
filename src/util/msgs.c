/* msgs.c — lists of user-facing messages. */
#include "util/msgs.h"

#include <stdarg.h>
#include <stdlib.h>

#include "util/xalloc.h"

void msgs_init(struct msgs *m, size_t max)
{
	m->v = NULL;
	m->n = m->alloc = m->dropped = 0;
	m->max = max;
}

void msgs_free(struct msgs *m)
{
	for (size_t i = 0; i < m->n; i++) {
		free(m->v[i].field);
		free(m->v[i].text);
	}
	free(m->v);
	msgs_init(m, m->max);
}

void msgs_add(struct msgs *m, long line, const char *field, const char *fmt, ...)
{
	if (m->max && m->n >= m->max) {
		m->dropped++;
		return;
	}
	if (m->n == m->alloc) {
		m->alloc = m->alloc ? 2 * m->alloc : 8;
		m->v = xrealloc(m->v, m->alloc * sizeof(*m->v));
	}
	struct buf b = BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	m->v[m->n].line = line;
	m->v[m->n].field = field ? xstrdup(field) : NULL;
	m->v[m->n].text = buf_detach(&b);
	m->n++;
}

size_t msgs_count(const struct msgs *m)
{
	return m->n + m->dropped;
}

void msgs_render(const struct msgs *m, const char *file, struct buf *out)
{
	for (size_t i = 0; i < m->n; i++) {
		const struct msg *g = &m->v[i];
		if (file)
			buf_addf(out, "%s:", file);
		if (g->line > 0)
			buf_addf(out, "%ld:", g->line);
		if (file || g->line > 0)
			buf_addc(out, ' ');
		if (g->field)
			buf_addf(out, "%s '%s': ", g->line > 0 ? "cột" : "mục", g->field);
		buf_addf(out, "%s\n", g->text);
	}
	if (m->dropped)
		buf_addf(out, "... và %zu lỗi khác không hiển thị.\n", m->dropped);
}

void msgs_sort(struct msgs *m)
{
	/* Insertion sort: stable, and lists are short or nearly sorted already. */
	for (size_t i = 1; i < m->n; i++) {
		struct msg x = m->v[i];
		size_t j = i;
		while (j > 0 && m->v[j - 1].line > x.line) {
			m->v[j] = m->v[j - 1];
			j--;
		}
		m->v[j] = x;
	}
}
