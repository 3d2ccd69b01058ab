/*
 * tmpl.h — HTML templates that escape by default, rendered from a jansson value.
 *
 * Syntax (mustache-like, kept small):
 *	{{name}}            the value at name, HTML-escaped (numbers as written, null → "")
 *	{{raw name}}        the value unescaped — only for HTML that ptdv itself produced (SVG)
 *	{{url name}}        the value percent-encoded for a URL query or path segment
 *	{{#name}}…{{/name}} an array: once per item, the item as context; another truthy value:
 *	                    once, the value as context if it is an object; false, null, "", 0,
 *	                    [] and {}: not at all
 *	{{^name}}…{{/name}} once when name is falsy
 *	{{> other}}         the template named other, with the same context
 *	{{yield}}           the already rendered HTML given to tmpl_render_yield (layouts)
 *	{{! comment}}       nothing
 * A name is a dotted path (org.name, rows.0 for an array's first item); "." is the context
 * itself. Lookups that miss in the
 * context are tried in the enclosing contexts, outwards.
 */
#ifndef PTDV_WEB_TMPL_H
#define PTDV_WEB_TMPL_H

#include <jansson.h>

#include "util/buf.h"
#include "util/err.h"
#include "util/embed.h"

/*
 * Renders the template called name from the set files into out. Returns PTDV_OK, or
 * PTDV_NOTFOUND for an unknown template, PTDV_INVALID for a syntax error (unclosed
 * section, unknown tag); then out holds a description in English for logs.
 */
enum ptdv_err tmpl_render(const struct embed_file *files, const char *name, json_t *ctx,
	struct buf *out) PTDV_MUST_USE;

/* Like tmpl_render, with {{yield}} standing for yield[0..len) (HTML, written as is). */
enum ptdv_err tmpl_render_yield(const struct embed_file *files, const char *name, json_t *ctx,
	const char *yield, size_t len, struct buf *out) PTDV_MUST_USE;

/* Appends s escaped for HTML text and attribute values (& < > " '). */
void tmpl_escape_html(struct buf *out, const char *s, size_t len);
/* Appends s percent-encoded (all but unreserved characters A-Z a-z 0-9 - . _ ~). */
void tmpl_escape_url(struct buf *out, const char *s, size_t len);

#endif
