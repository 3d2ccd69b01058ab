/* render.c — report_render: the format names and the dispatch to each format's renderer. */
#include "report/render_impl.h"

#include <string.h>

/*
 * A PDF is drawn by the module ptdv-pdf.so, opened on the first one; a process that cannot
 * open it stops with the loader's message (util/module.h, module_need).
 */
static enum ptdv_err render_pdf(const struct report *r, struct buf *out)
{
	const struct report__pdf_module *m =
		module_need(MODULE_PDF, sizeof(struct report__pdf_module));
	return m->render(r, out);
}

static const struct {
	const char *name, *ext, *mime;
	enum ptdv_err (*render)(const struct report *r, struct buf *out);
} formats[RF__MAX] = {
	[RF_TEXT] = {"text", "txt", "text/plain; charset=utf-8", report_render_text},
	[RF_JSON] = {"json", "json", "application/json", report_render_json},
	[RF_CSV] = {"csv", "csv", "text/csv; charset=utf-8", report_render_csv},
	[RF_XLSX] = {"xlsx", "xlsx",
		"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
		report_render_xlsx},
	[RF_PDF] = {"pdf", "pdf", "application/pdf", render_pdf},
	[RF_SVG] = {"svg", "svg", "image/svg+xml", report_render_svg},
};

enum ptdv_err report_format_parse(const char *s, enum rformat *out)
{
	for (int f = 0; f < RF__MAX; f++)
		if (strcmp(s, formats[f].name) == 0) {
			*out = (enum rformat)f;
			return PTDV_OK;
		}
	return PTDV_INVALID;
}

const char *report_format_name(enum rformat f)
{
	return formats[f].name;
}

const char *report_format_ext(enum rformat f)
{
	return formats[f].ext;
}

const char *report_format_mime(enum rformat f)
{
	return formats[f].mime;
}

enum ptdv_err report_render(const struct report *r, enum rformat f, struct buf *out)
{
	return formats[f].render(r, out);
}
