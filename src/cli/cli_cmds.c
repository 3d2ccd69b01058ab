/*
 * cli_cmds.c — the commands of `ptdv`: each parses its arguments, calls one app function
 * and prints the result or the problems, in Vietnamese.
 */
#include <errno.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "app/app.h"
#include "app/app_user.h"
#include "cli/cli.h"
#include "cli/cli_impl.h"
#include <jansson.h>

#include "app/app_pipeline.h"
#include "report/pipeline.h"
#include "report/reports.h"
#include "report/summary.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/msgs.h"
#include "util/vn.h"

#define ACTOR_PREFIX "cli:"

static volatile int cancel_flag;

static void on_sigint(int sig)
{
	(void)sig;
	cancel_flag = 1;
}

/* Prints the problems in errs to stderr, prefixed by file when given. */
static void print_msgs(const struct msgs *errs, const char *file)
{
	struct buf b = BUF_INIT;
	if (file) {
		msgs_render(errs, file, &b);
	} else {
		for (size_t i = 0; i < errs->n; i++) {
			buf_adds(&b, "ptdv: lỗi: ");
			if (errs->v[i].field)
				buf_addf(&b, "%s: ", errs->v[i].field);
			buf_addf(&b, "%s\n", errs->v[i].text);
		}
	}
	fputs(b.s, stderr);
	buf_free(&b);
}

static int exit_code(enum ptdv_err err)
{
	return ptdv_err_exit_code(err);
}

/* Writes the actor of CLI commands, "cli:<login>", into actor. */
static void cli_actor(char *actor, size_t size)
{
	const struct passwd *pw = getpwuid(geteuid());
	const char *user = pw && pw->pw_name ? pw->pw_name : getenv("USER");
	snprintf(actor, size, ACTOR_PREFIX "%s", user && *user ? user : "unknown");
}

static struct app *open_app(struct cli_args *a, struct msgs *errs)
{
	struct app *app = NULL;
	char actor[128];
	cli_actor(actor, sizeof(actor));
	if (app_open(a->db, actor, &app, errs) != PTDV_OK)
		return NULL;
	app->cancel = &cancel_flag;
	return app;
}

int cli__print_errors(const struct msgs *errs, enum ptdv_err err)
{
	if (err)
		print_msgs(errs, NULL);
	return exit_code(err);
}

struct app *cli__open_app(struct cli_args *a, struct msgs *errs)
{
	return open_app(a, errs);
}

/* Parses a date option; on failure prints a usage error and returns false. */
static bool opt_date(const struct cli_cmd *c, const char *name, const char *s, date_t *out)
{
	if (!s) {
		*out = DATE_NONE;
		return true;
	}
	if (date_parse(s, strlen(s), out) != PTDV_OK) {
		cli_usage_error(c, "'--%s %s' không phải ngày hợp lệ (dd/mm/yyyy hoặc yyyy-mm-dd)",
			name, s);
		return false;
	}
	return true;
}

static bool opt_int(const struct cli_cmd *c, const char *name, const char *s, int64_t *out)
{
	char *end;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (errno || end == s || *end || v < 0) {
		cli_usage_error(c, "'--%s %s' phải là một số nguyên không âm", name, s);
		return false;
	}
	*out = v;
	return true;
}

bool cli__opt_date(const struct cli_cmd *c, const char *name, const char *s, date_t *out)
{
	return opt_date(c, name, s, out);
}

bool cli__opt_int(const struct cli_cmd *c, const char *name, const char *s, int64_t *out)
{
	return opt_int(c, name, s, out);
}

/* --- init --- */

static const struct cli_opt init_opts[] = {{0}};

static int cmd_init(const struct cli_cmd *c, struct cli_args *a)
{
	struct msgs errs;
	msgs_init(&errs, 0);
	if (a->npos)
		return cli_usage_error(c, "lệnh init không nhận tham số");
	struct app *app = open_app(a, &errs);
	int version = 0;
	if (!app) {
		print_msgs(&errs, NULL);
		msgs_free(&errs);
		return 1;
	}
	if (store_schema_version(app->st, &version) != PTDV_OK)
		version = -1;
	char *shown = store_url_redact(a->db);
	printf("Cơ sở dữ liệu '%s' sẵn sàng (lược đồ phiên bản %d).\n", shown, version);
	free(shown);
	app_close(app);
	msgs_free(&errs);
	return 0;
}

/* --- demo --- */

static const struct cli_opt demo_opts[] = {
	{"until", "DATE", "tạo lịch sử đến ngày này (mặc định: hôm nay)"},
	{0},
};

static int cmd_demo(const struct cli_cmd *c, struct cli_args *a)
{
	struct msgs errs;
	struct app_demo_result res;
	date_t until;
	if (a->npos)
		return cli_usage_error(c, "lệnh demo không nhận tham số");
	if (!opt_date(c, "until", a->val[0], &until))
		return 2;
	msgs_init(&errs, 0);
	struct app *app = open_app(a, &errs);
	enum ptdv_err err = app ? PTDV_OK : PTDV_DB;
	if (app) {
		if (until == DATE_NONE)
			until = app->today;
		err = app_demo(app, until, &res, &errs);
		if (!err)
			err = app_demo_accounts(app, res.city_code, &errs);
	}
	if (err) {
		print_msgs(&errs, NULL);
	} else {
		char d[DATE_STRLEN];
		char *shown = store_url_redact(a->db);
		printf("Đã tạo dữ liệu mẫu đến ngày %s trong '%s': %lld tổ chức, %lld đảng viên "
		       "(mã thành phố: %s).\n",
			date_format(until, d), shown, (long long)res.orgs, (long long)res.members,
			res.city_code);
		free(shown);
		printf("Tài khoản mẫu (mật khẩu '%s'): admin (quản trị), bantochuc (Ban Tổ chức), "
		       "lanhdao (chỉ xem), bithu.vean (bí thư Đảng bộ phường Vệ An).\n",
			APP_DEMO_PASSWORD);
	}
	app_close(app);
	msgs_free(&errs);
	return exit_code(err);
}

/* --- import / export --- */

static const struct cli_opt import_opts[] = {
	{"sheet", "NAME", "tệp .xlsx: trang tính cần đọc (mặc định: trang đầu tiên)"},
	{"header-row", "N",
		"số dòng của dòng tiêu đề; các dòng trên nó (ví dụ tiêu đề gộp ô) bị bỏ qua"},
	{"dry-run", NULL,
		"chạy thử: kiểm tra và cho biết sẽ thêm, sửa, từ chối những gì; không ghi gì"},
	{0},
};

/* Prints n followed by what, in Vietnamese digit grouping, into b. */
static void count(struct buf *b, const char *sep, int64_t n, const char *what)
{
	buf_adds(b, sep);
	vn_fmt_int(b, n);
	if (*what)
		buf_addf(b, " %s", what);
}

static int cmd_import(const struct cli_cmd *c, struct cli_args *a)
{
	enum app_entity entity;
	int64_t header_row = 0;
	if (a->npos != 2)
		return cli_usage_error(c, "cần hai tham số: loại dữ liệu và tệp");
	if (app_entity_parse(a->pos[0], &entity) != PTDV_OK)
		return cli_usage_error(c,
			"loại dữ liệu '%s' không hợp lệ; dùng orgs, members, candidates hoặc targets",
			a->pos[0]);
	if (a->val[1] && !opt_int(c, "header-row", a->val[1], &header_row))
		return 2;
	bool dry = a->val[2] != NULL;
	const char *file = a->pos[1];
	struct msgs errs, changes, warnings;
	struct app_import_result res = {0};
	msgs_init(&errs, 1000);
	msgs_init(&changes, 1000);
	msgs_init(&warnings, 1000);
	struct app *app = open_app(a, &errs);
	enum ptdv_err err = PTDV_DB;
	if (app) {
		cancel_flag = 0;
		signal(SIGINT, on_sigint);
		struct app_import_options opt = {.sheet = a->val[0],
			.header_row = (long)header_row,
			.dry_run = dry,
			.changes = &changes,
			.warnings = &warnings};
		err = app_import_opts(app, entity, file, &opt, true, &res, &errs);
		signal(SIGINT, SIG_DFL);
	}
	struct buf b = BUF_INIT;
	/* What changes, then the possible duplicates (warnings), then the problems. */
	msgs_render(&changes, file, &b);
	if (warnings.n) {
		struct buf w = BUF_INIT;
		msgs_render(&warnings, file, &w);
		/* Each line says it is a warning. */
		for (char *line = w.s, *nl; *line; line = nl + 1) {
			nl = strchr(line, '\n');
			if (!nl)
				break;
			buf_addf(&b, "cảnh báo: %.*s\n", (int)(nl - line), line);
		}
		buf_free(&w);
	}
	fputs(b.s, stdout);
	fflush(stdout); /* before the problems on stderr, not in the middle of a line */
	buf_reset(&b);
	if (err)
		print_msgs(&errs, app ? file : NULL);
	if (app && (!err || err == PTDV_INVALID) && (dry || err == PTDV_INVALID)) {
		buf_addf(&b, "%s '%s': %s", dry ? "Chạy thử" : "Tệp", file,
			dry ? "sẽ thêm " : "có ");
		vn_fmt_int(&b, res.added);
		buf_adds(&b, dry ? " dòng" : " dòng thêm mới");
		count(&b, ", sửa ", res.changed, "dòng");
		count(&b, ", giữ nguyên ", res.unchanged, "dòng");
		count(&b, ", từ chối ", res.rejected, "dòng");
		if (res.warnings)
			count(&b, " (", res.warnings, "cảnh báo có thể trùng người)");
		buf_adds(&b, dry ? "; chưa ghi gì vào cơ sở dữ liệu.\n" : ".\n");
		fputs(b.s, err ? stderr : stdout);
		buf_reset(&b);
	}
	if (err == PTDV_INVALID)
		fprintf(stderr, "Tệp '%s' bị từ chối (%zu lỗi); không có dữ liệu nào được ghi.\n",
			file, msgs_count(&errs));
	else if (!err && !dry) {
		buf_adds(&b, "Đã nhập ");
		vn_fmt_int(&b, res.added + res.changed);
		buf_addf(&b, " dòng từ '%s' trong %.1f giây", file, res.seconds);
		count(&b, " (thêm ", res.added, "");
		count(&b, ", sửa ", res.changed, "");
		count(&b, ", giữ nguyên ", res.unchanged, "");
		if (res.warnings)
			count(&b, "; ", res.warnings, "cảnh báo có thể trùng người");
		buf_adds(&b, ").\n");
	}
	if (!err && res.ignored[0])
		buf_addf(&b, "Đã bỏ qua các cột không dùng: %s.\n", res.ignored);
	fputs(b.s, stdout);
	buf_free(&b);
	app_close(app);
	msgs_free(&errs);
	msgs_free(&changes);
	msgs_free(&warnings);
	return exit_code(err);
}

static const struct cli_opt export_opts[] = {
	{"org", "CODE", "chỉ xuất cây tổ chức này (mặc định: tất cả)"},
	{0},
};

static int cmd_export(const struct cli_cmd *c, struct cli_args *a)
{
	enum app_entity entity;
	if (a->npos != 2)
		return cli_usage_error(c, "cần hai tham số: loại dữ liệu và tệp");
	if (app_entity_parse(a->pos[0], &entity) != PTDV_OK)
		return cli_usage_error(c,
			"loại dữ liệu '%s' không hợp lệ; dùng orgs, members, candidates hoặc targets",
			a->pos[0]);
	struct msgs errs;
	int64_t rows = 0;
	msgs_init(&errs, 0);
	struct app *app = open_app(a, &errs);
	enum ptdv_err err = app ? PTDV_OK : PTDV_DB;
	if (app && a->val[0])
		err = app_set_scope(app, a->val[0], &errs);
	if (!err)
		err = app_export(app, entity, a->pos[1], true, &rows, &errs);
	if (err) {
		print_msgs(&errs, NULL);
	} else {
		struct buf b = BUF_INIT;
		buf_adds(&b, "Đã xuất ");
		vn_fmt_int(&b, rows);
		buf_addf(&b, " dòng vào '%s'.\n", a->pos[1]);
		fputs(b.s, stdout);
		buf_free(&b);
	}
	app_close(app);
	msgs_free(&errs);
	return exit_code(err);
}

/* --- template --- */

static const struct cli_opt template_opts[] = {{0}};

static int cmd_template(const struct cli_cmd *c, struct cli_args *a)
{
	enum app_entity entity;
	if (a->npos != 2)
		return cli_usage_error(c, "cần hai tham số: loại dữ liệu và tệp .xlsx");
	if (app_entity_parse(a->pos[0], &entity) != PTDV_OK)
		return cli_usage_error(c,
			"loại dữ liệu '%s' không hợp lệ; dùng orgs, members, candidates hoặc targets",
			a->pos[0]);
	size_t n = strlen(a->pos[1]);
	if (n < 5 || strcasecmp(a->pos[1] + n - 5, ".xlsx") != 0)
		return cli_usage_error(c, "tệp mẫu '%s' phải có đuôi .xlsx", a->pos[1]);
	struct msgs errs;
	msgs_init(&errs, 0);
	enum ptdv_err err = app_template(entity, a->pos[1], date_today(), &errs);
	if (err)
		print_msgs(&errs, NULL);
	else
		printf("Đã ghi mẫu nhập '%s': dòng tiêu đề, danh sách chọn và một dòng ví dụ (xóa "
		       "dòng ví dụ trước khi nhập).\n",
			a->pos[1]);
	msgs_free(&errs);
	return exit_code(err);
}

/* --- term --- */

static const struct cli_opt term_opts[] = {
	{"org", "CODE", "mã tổ chức"},
	{"name", "NAME", "tên nhiệm kỳ, ví dụ 2020–2025"},
	{"start", "DATE", "ngày bắt đầu"},
	{"end", "DATE", "ngày kết thúc (không bắt buộc)"},
	{"target", "N", "chỉ tiêu kết nạp cả nhiệm kỳ (không bắt buộc)"},
	{0},
};

static int cmd_term(const struct cli_cmd *c, struct cli_args *a)
{
	date_t start, end;
	int64_t target = -1;
	if (a->npos != 1 || strcmp(a->pos[0], "add") != 0)
		return cli_usage_error(c, "dùng: ptdv term add ...");
	if (!a->val[0] || !a->val[1] || !a->val[2])
		return cli_usage_error(c, "cần --org, --name và --start");
	if (!opt_date(c, "start", a->val[2], &start) || !opt_date(c, "end", a->val[3], &end))
		return 2;
	if (a->val[4] && !opt_int(c, "target", a->val[4], &target))
		return 2;
	struct msgs errs;
	msgs_init(&errs, 0);
	struct app *app = open_app(a, &errs);
	enum ptdv_err err =
		app ? app_term_add(app, a->val[0], a->val[1], start, end, target, &errs) : PTDV_DB;
	if (err)
		print_msgs(&errs, NULL);
	else
		printf("Đã thêm nhiệm kỳ %s cho tổ chức %s.\n", a->val[1], a->val[0]);
	app_close(app);
	msgs_free(&errs);
	return exit_code(err);
}

/* --- org --- */

static const struct cli_opt org_opts[] = {
	{"org", "CODE", "mã tổ chức"},
	{"date", "DATE", "ngày của số liệu"},
	{"members", "N", "tổng số đảng viên của tổ chức vào ngày đó"},
	{0},
};

static int cmd_org(const struct cli_cmd *c, struct cli_args *a)
{
	date_t d;
	int64_t n;
	if (a->npos != 1 || strcmp(a->pos[0], "set-total") != 0)
		return cli_usage_error(c, "dùng: ptdv org set-total ...");
	if (!a->val[0] || !a->val[1] || !a->val[2])
		return cli_usage_error(c, "cần --org, --date và --members");
	if (!opt_date(c, "date", a->val[1], &d) || !opt_int(c, "members", a->val[2], &n))
		return 2;
	struct msgs errs;
	msgs_init(&errs, 0);
	struct app *app = open_app(a, &errs);
	enum ptdv_err err = app ? app_org_set_total(app, a->val[0], d, n, &errs) : PTDV_DB;
	if (err)
		print_msgs(&errs, NULL);
	else
		printf("Đã ghi tổng số đảng viên của %s ngày %s.\n", a->val[0], a->val[1]);
	app_close(app);
	msgs_free(&errs);
	return exit_code(err);
}

/* --- report --- */

static const struct cli_opt report_opts[] = {
	{"as-of", "DATE", "số liệu tính đến ngày này (mặc định: hôm nay)"},
	{"org", "CODE", "tổ chức (mặc định: tổ chức gốc)"},
	{"format", "FMT", "text, json, csv, xlsx, pdf hoặc svg (mặc định: text)"},
	{"from", "DATE", "pipeline: đầu kỳ (mặc định: 12 tháng trước ngày tính)"},
	{"within", "DAYS", "due: số ngày tới (mặc định: 30)"},
	{"period", "year|term", "breakdown, referrals: năm của ngày tính hoặc nhiệm kỳ"},
	{"out", "FILE", "ghi vào tệp này (bắt buộc với xlsx, pdf, svg khi in ra màn hình)"},
	{0},
};

static enum ptdv_err first_root(void *arg, const struct org *o, const char *parent_code)
{
	(void)parent_code;
	char **code = arg;
	if (!*code)
		*code = strdup(o->code);
	return PTDV_CANCELLED; /* stop after the first */
}

/* `ptdv report list`: every report with what it gives. */
static int report_list_print(const char *fmt)
{
	size_t n;
	const struct report_info *l = app_report_list(&n);
	struct buf b = BUF_INIT;
	if (strcmp(fmt, "json") == 0) {
		json_t *arr = json_array();
		for (size_t i = 0; i < n; i++)
			json_array_append_new(
				arr, json_pack("{s:s, s:s, s:s}", "name", l[i].name, "title",
					     l[i].title, "description", l[i].description));
		char *t = json_dumps(arr, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		buf_addf(&b, "%s\n", t);
		free(t);
		json_decref(arr);
	} else {
		buf_adds(&b,
			"Các báo cáo (ptdv report TÊN --org MÃ --as-of NGÀY --format ĐỊNH-DẠNG):\n");
		for (size_t i = 0; i < n; i++)
			buf_addf(&b, "  %-10s %s: %s\n", l[i].name, l[i].title, l[i].description);
	}
	fputs(b.s, stdout);
	buf_free(&b);
	return 0;
}

/* Writes the bytes of b to path ("-" or NULL: standard output); false with a message. */
static bool write_out(const char *path, const struct buf *b, struct msgs *errs)
{
	if (!path || strcmp(path, "-") == 0) {
		if (fwrite(b->s, 1, b->len, stdout) != b->len || fflush(stdout) != 0) {
			msgs_add(errs, 0, NULL, "không ghi được ra đầu ra chuẩn: %s",
				strerror(errno));
			return false;
		}
		return true;
	}
	FILE *f = fopen(path, "wb");
	if (!f) {
		msgs_add(errs, 0, "--out", "không mở được tệp '%s' để ghi: %s", path,
			strerror(errno));
		return false;
	}
	bool ok = fwrite(b->s, 1, b->len, f) == b->len;
	ok = fclose(f) == 0 && ok;
	if (!ok)
		msgs_add(errs, 0, "--out", "không ghi được tệp '%s': %s", path, strerror(errno));
	return ok;
}

static int cmd_report(const struct cli_cmd *c, struct cli_args *a)
{
	date_t d, from;
	enum rformat f;
	struct report_params p;
	if (a->npos != 1)
		return cli_usage_error(c, "cần tên báo cáo hoặc 'list' (xem: ptdv report list)");
	const char *name = a->pos[0];
	const char *fmt = a->val[2] ? a->val[2] : "text";
	if (report_format_parse(fmt, &f) != PTDV_OK)
		return cli_usage_error(c,
			"'--format %s' không hợp lệ; dùng text, json, csv, xlsx, pdf hoặc svg",
			fmt);
	if (strcmp(name, "list") == 0) {
		if (f != RF_TEXT && f != RF_JSON)
			return cli_usage_error(
				c, "'--format %s': danh sách báo cáo chỉ có text hoặc json", fmt);
		return report_list_print(fmt);
	}
	if (!report_find(name)) {
		struct buf names = BUF_INIT;
		size_t n;
		const struct report_info *l = report_list(&n);
		for (size_t i = 0; i < n; i++)
			buf_addf(&names, "%s%s", i ? ", " : "", l[i].name);
		int rc =
			cli_usage_error(c, "không có báo cáo '%s'; các báo cáo: %s", name, names.s);
		buf_free(&names);
		return rc;
	}
	report_params_init(&p);
	if (!opt_date(c, "as-of", a->val[0], &d) || !opt_date(c, "from", a->val[3], &from))
		return 2;
	if (from != DATE_NONE && strcmp(name, "pipeline") != 0)
		return cli_usage_error(c, "'--from' chỉ dùng cho báo cáo pipeline");
	p.from = from;
	if (a->val[4]) {
		int64_t w;
		if (strcmp(name, "due") != 0)
			return cli_usage_error(c, "'--within' chỉ dùng cho báo cáo due");
		if (!opt_int(c, "within", a->val[4], &w))
			return 2;
		if (w > 36500)
			return cli_usage_error(c, "'--within %s' quá lớn", a->val[4]);
		p.within = (int)w;
	}
	if (a->val[5]) {
		if (strcmp(name, "breakdown") != 0 && strcmp(name, "referrals") != 0)
			return cli_usage_error(
				c, "'--period' chỉ dùng cho báo cáo breakdown và referrals");
		if (report_period_parse(a->val[5], &p.period) != PTDV_OK)
			return cli_usage_error(
				c, "'--period %s' không hợp lệ; dùng year hoặc term", a->val[5]);
	}
	const char *out = a->val[6];
	if ((f == RF_XLSX || f == RF_PDF || f == RF_SVG) && (!out || strcmp(out, "-") == 0) &&
		isatty(STDOUT_FILENO))
		return cli_usage_error(c,
			"'--format %s' là tệp nhị phân hoặc hình vẽ: cần '--out TỆP' hoặc chuyển hướng "
			"đầu ra vào tệp",
			fmt);
	struct msgs errs;
	struct summary s = {0};
	struct report r;
	char *root = NULL;
	report_init(&r, NULL, DATE_NONE);
	msgs_init(&errs, 0);
	struct app *app = open_app(a, &errs);
	enum ptdv_err err = app ? PTDV_OK : PTDV_DB;
	if (!err && d == DATE_NONE)
		d = app->today;
	const char *code = a->val[1];
	if (!err && !code) {
		if (store_org_each(app->st, NULL, first_root, &root) == PTDV_DB) {
			msgs_add(&errs, 0, NULL, "lỗi cơ sở dữ liệu: %s", store_errmsg(app->st));
			err = PTDV_DB;
		} else if (!root) {
			msgs_add(&errs, 0, NULL,
				"cơ sở dữ liệu chưa có tổ chức nào; hãy nhập tổ chức (ptdv import orgs) "
				"hoặc tạo dữ liệu mẫu (ptdv demo)");
			err = PTDV_NOTFOUND;
		}
		code = root;
	}
	struct buf b = BUF_INIT;
	bool own = f == RF_TEXT || f == RF_JSON; /* summary and pipeline keep their text, JSON */
	if (!err && strcmp(name, "pipeline") == 0 && own) {
		struct pipeline_report pr = {0};
		date_t pf = from != DATE_NONE ? from : date_add_months(d, -12) + 1;
		err = app_report_pipeline(app, code, pf, d, &pr, &errs);
		if (!err && f == RF_JSON)
			report_pipeline_json(&pr, &b);
		else if (!err)
			report_pipeline_text(&pr, &b);
		report_pipeline_free(&pr);
	} else if (!err && strcmp(name, "summary") == 0 && own) {
		err = app_report_summary(app, code, d, &s, &errs);
		if (!err && f == RF_JSON)
			report_summary_json(&s, &b);
		else if (!err)
			report_summary_text(&s, &b);
	} else if (!err) {
		err = app_report(app, name, code, d, &p, &r, &errs);
		if (!err && report_render(&r, f, &b) != PTDV_OK) {
			msgs_add(&errs, 0, "--format",
				"báo cáo '%s' không xuất được ở định dạng '%s'", name, fmt);
			err = PTDV_INVALID;
		}
	}
	if (!err && !write_out(out, &b, &errs))
		err = PTDV_IO;
	if (err)
		print_msgs(&errs, NULL);
	buf_free(&b);
	report_free(&r);
	report_summary_free(&s);
	free(root);
	app_close(app);
	msgs_free(&errs);
	return exit_code(err);
}

/* --- copy --- */

static const struct cli_opt copy_opts[] = {
	{"from", "DB", "cơ sở dữ liệu nguồn: tệp SQLite hoặc postgresql://..."},
	{"to", "DB", "cơ sở dữ liệu đích (phải trống): tệp SQLite hoặc postgresql://..."},
	{"org", "CODE", "chỉ chép cây tổ chức này và những gì nó cần (mặc định: tất cả)"},
	{0},
};

static int cmd_copy(const struct cli_cmd *c, struct cli_args *a)
{
	if (a->npos)
		return cli_usage_error(c, "lệnh copy không nhận tham số");
	if (!a->val[0] || !a->val[1])
		return cli_usage_error(c, "cần --from và --to");
	struct msgs errs;
	struct app_copy_result res;
	char actor[128];
	cli_actor(actor, sizeof(actor));
	msgs_init(&errs, 0);
	signal(SIGINT, on_sigint);
	enum ptdv_err err =
		app_copy(a->val[0], a->val[1], a->val[2], actor, &cancel_flag, true, &res, &errs);
	signal(SIGINT, SIG_DFL);
	if (err) {
		print_msgs(&errs, NULL);
	} else {
		char *from = store_url_redact(a->val[0]), *to = store_url_redact(a->val[1]);
		struct buf b = BUF_INIT;
		buf_adds(&b, "Đã chép ");
		vn_fmt_int(&b, res.rows);
		buf_addf(&b, " dòng của %lld bảng từ '%s' sang '%s' trong %.1f giây.\n",
			(long long)res.tables, from, to, res.seconds);
		fputs(b.s, stdout);
		buf_free(&b);
		free(from);
		free(to);
	}
	msgs_free(&errs);
	return exit_code(err);
}

static const struct cli_opt anonymize_opts[] = {{0}};

static int cmd_anonymize(const struct cli_cmd *c, struct cli_args *a)
{
	if (a->npos != 1)
		return cli_usage_error(c,
			"cần một tham số: cơ sở dữ liệu đích (tệp SQLite mới hoặc URL PostgreSQL)");
	struct msgs errs;
	struct app_anonymize_result res;
	char actor[128];
	cli_actor(actor, sizeof(actor));
	msgs_init(&errs, 0);
	signal(SIGINT, on_sigint);
	enum ptdv_err err = app_anonymize(a->db, a->pos[0], actor, &cancel_flag, true, &res, &errs);
	signal(SIGINT, SIG_DFL);
	if (err) {
		print_msgs(&errs, NULL);
	} else {
		char *to = store_url_redact(a->pos[0]);
		struct buf b = BUF_INIT;
		buf_adds(&b, "Đã chép ẩn danh ");
		vn_fmt_int(&b, res.rows);
		buf_adds(&b, " dòng (");
		vn_fmt_int(&b, res.people);
		buf_addf(&b,
			" người đã được thay họ tên, số CCCD, ngày sinh) sang '%s' trong %.1f giây.\n",
			to, res.seconds);
		fputs(b.s, stdout);
		buf_free(&b);
		free(to);
	}
	msgs_free(&errs);
	return exit_code(err);
}

const struct cli_cmd cli_cmds[] = {
	{"init", "[--db PATH]", "tạo hoặc nâng cấp cơ sở dữ liệu", NULL, init_opts, cmd_init},
	{"demo", "[--until DATE]", "tạo dữ liệu mẫu: Đảng bộ thành phố Bắc Ninh",
		"Cơ sở dữ liệu phải trống. Dữ liệu là giả lập, theo số liệu bài báo ngày 22/04/2024.",
		demo_opts, cmd_demo},
	{"import",
		"orgs|members|candidates|targets FILE.csv|FILE.xlsx [--sheet NAME] [--header-row N] "
		"[--dry-run]",
		"nhập tổ chức, đảng viên, người vào Đảng hoặc chỉ tiêu từ tệp CSV hoặc Excel (.xlsx)",
		"Tệp có bất kỳ dòng lỗi nào sẽ bị từ chối toàn bộ; mỗi lỗi được ghi rõ dòng và cột.\n"
		"Đảng viên đã có (cùng số CCCD, hoặc số thẻ) được cập nhật bằng các ô có giá trị\n"
		"(ô trống không xóa gì); từng thay đổi được in ra 'cũ' → 'mới' và ghi nhật ký.\n"
		"Người có thể trùng (cùng họ tên và ngày sinh, số CCCD khác hoặc thiếu) được cảnh\n"
		"báo, không gộp; cùng một số CCCD hai lần trong tệp là lỗi.\n"
		"--dry-run: chạy thử trong một giao dịch rồi hủy, không ghi gì.\n"
		"Mẫu tệp: docs/templates/ hoặc 'ptdv template'. Nhấn Ctrl-C để hủy (không ghi gì).",
		import_opts, cmd_import},
	{"export", "orgs|members|targets FILE.csv|FILE.xlsx [--org CODE]",
		"xuất tổ chức, đảng viên hoặc chỉ tiêu ra tệp CSV hoặc Excel (.xlsx)",
		"Tệp xuất ra có đúng định dạng nhập.", export_opts, cmd_export},
	{"template", "orgs|members|candidates|targets FILE.xlsx",
		"ghi tệp Excel mẫu để nhập: tiêu đề, danh sách chọn, một dòng ví dụ",
		"Các cột có giá trị cố định (Loại, Giới tính, Đoàn viên, Nhóm nghề nghiệp, Trình độ\n"
		"học vấn, Nguồn giới thiệu) có danh sách chọn; cột mã và số CCCD là văn bản nên giữ\n"
		"số 0 ở đầu. Không cần cơ sở dữ liệu.",
		template_opts, cmd_template},
	{"term", "add --org CODE --name NAME --start DATE [--end DATE] [--target N]",
		"thêm nhiệm kỳ và chỉ tiêu nhiệm kỳ của một tổ chức", NULL, term_opts, cmd_term},
	{"org", "set-total --org CODE --date DATE --members N",
		"ghi tổng số đảng viên của một cấp trên không có trong cơ sở dữ liệu",
		"Dùng để tính tỷ lệ so với đảng bộ cấp trên.", org_opts, cmd_org},
	{"report",
		"NAME|list [--as-of DATE] [--org CODE] [--format text|json|csv|xlsx|pdf|svg] [--out FILE]",
		"các báo cáo: summary, progress, yoy, breakdown, pipeline, due, referrals, forecast",
		"ptdv report list: tên và nội dung từng báo cáo.\n"
		"pipeline: số hồ sơ, trung vị và P90 số ngày ở mỗi giai đoạn, tỷ lệ kết nạp,\n"
		"trong kỳ từ --from đến --as-of. due: --within DAYS. breakdown, referrals:\n"
		"--period year|term. xlsx, pdf, svg cần --out TỆP (hoặc chuyển hướng đầu ra).",
		report_opts, cmd_report},
	{"candidate", "add|show|advance|leave|list|history [HỒ-SƠ] [BƯỚC] [--TÙY-CHỌN]",
		"hồ sơ phát triển đảng viên: từ danh sách nguồn đến đảng viên chính thức",
		"add: --org CHI-BỘ --name --gender --birth --date [--cid --source ...]\n"
		"advance HỒ-SƠ BƯỚC --date ...: các bước helper, course, document, cell-vote,\n"
		"  appraisal, committee-vote, decision, ceremony, assessment, recognition-vote,\n"
		"  recognition-committee-vote, recognition, strike-off, exception;\n"
		"  --supersedes SỰ-KIỆN để sửa một sự kiện đã ghi (ghi sự kiện mới thay nó).\n"
		"leave HỒ-SƠ --date --reason; show|history HỒ-SƠ [--as-of]; list [--org --stage --all].\n"
		"Bước nào trái quy định sẽ bị từ chối, nêu rõ từng quy tắc chưa đạt.",
		cli_candidate_opts, cli_cmd_candidate},
	{"due", "[--org CODE] [--within DAYS] [--as-of DATE] [--format text|json]",
		"các hạn xử lý hồ sơ đến hạn hoặc quá hạn", NULL, cli_due_opts, cli_cmd_due},
	{"holiday", "add --date DATE --name TEXT [--working] | list [--year YYYY]",
		"lịch ngày nghỉ lễ, Tết dùng để tính ngày làm việc", NULL, cli_holiday_opts,
		cli_cmd_holiday},
	{"rule", "list [--date DATE]", "các quy tắc kết nạp đảng viên và văn bản quy định", NULL,
		cli_rule_opts, cli_cmd_rule},
	{"anonymize", "OUT [--db DB]",
		"chép cơ sở dữ liệu sang OUT với họ tên, số CCCD, ngày sinh, số thẻ đảng viên và tài khoản được thay thế",
		"Để chia sẻ dữ liệu thử nghiệm. OUT phải trống (tệp SQLite mới hoặc URL PostgreSQL).\n"
		"Họ tên thay bằng tên giả cùng giới tính; ngày sinh lùi 1–14 ngày, giữ năm sinh; số\n"
		"CCCD giữ 6 chữ số đầu (tỉnh, giới tính, năm sinh); số thẻ giữ mã tỉnh; tên đăng nhập\n"
		"(trừ admin) thành tk-xxxxxxxx. Nội dung trước/sau trong nhật ký bị xóa; phiên đăng\n"
		"nhập và mã API không được chép. Báo cáo của bản sao giống hệt bản gốc.",
		anonymize_opts, cmd_anonymize},
	{"copy", "--from DB --to DB [--org CODE]",
		"chép cơ sở dữ liệu sang cơ sở dữ liệu khác (SQLite ↔ PostgreSQL)",
		"Đích phải trống (mới tạo, hoặc chỉ mới chạy 'ptdv init'). Mọi thứ được chép trong\n"
		"một giao dịch: gặp lỗi hoặc nhấn Ctrl-C thì đích không thay đổi.\n"
		"Với --org, chỉ chép cây tổ chức đó: đảng viên từng sinh hoạt ở đó, người vào Đảng,\n"
		"các tổ chức cấp trên và tổ chức họ từng sinh hoạt, người dùng của cây; nhật ký,\n"
		"phiên đăng nhập và mã truy cập API ở lại nguồn.\n"
		"Ví dụ: ptdv copy --from ptdv.db --to postgresql://ptdv@db.tinh/ptdv",
		copy_opts, cmd_copy},
	{"serve", "[--listen IP:PORT] [--threads N]", "chạy ứng dụng web",
		"Dừng bằng Ctrl-C hoặc SIGTERM: các yêu cầu đang xử lý được hoàn tất.",
		cli_serve_opts, cli_cmd_serve},
	{"user",
		"add|passwd|disable|enable|token|revoke|list [LOGIN] [--name TEXT --role ROLE "
		"--org CODE --source ORG]",
		"quản lý tài khoản người dùng",
		"Mật khẩu được hỏi trên màn hình (hoặc đọc từ đầu vào chuẩn với --password-stdin);\n"
		"ít nhất 10 ký tự. Vai trò: admin, staff, secretary, liaison, viewer.\n"
		"Tài khoản liaison (cán bộ đoàn thể) cần --source youth|women|union|farmers|"
		"veterans|front:\nchỉ xem và giới thiệu hồ sơ do tổ chức đó giới thiệu.\n"
		"'user token LOGIN --label TEXT' in ra một mã truy cập API (chỉ hiện một lần);\n"
		"'user revoke LOGIN --label TEXT' thu hồi các mã mang nhãn đó.",
		cli_user_opts, cli_cmd_user},
	{"audit", "[--limit N] [--before ID] [--format text|json]",
		"xem nhật ký: ai đã ghi hay xuất gì, lúc nào", NULL, cli_audit_opts, cli_cmd_audit},
	{"backup", "FILE [--db DB]", "sao lưu toàn bộ cơ sở dữ liệu, kể cả khi đang phục vụ",
		"SQLite: một tệp cơ sở dữ liệu đã kiểm tra toàn vẹn; PostgreSQL: tệp pg_dump.",
		cli_backup_opts, cli_cmd_backup},
	{"target",
		"set --org CODE --year YYYY [--registered N] [--assigned N] [--women N] | "
		"set --org CODE --year YYYY --source youth|women|union|farmers|veterans|front "
		"--referrals N | list [--org CODE] [--year YYYY]",
		"chỉ tiêu kết nạp từng năm: đăng ký, giao, trong đó nữ; và số đã kết nạp",
		"Nhập nhiều chỉ tiêu một lần: ptdv import targets FILE.csv|FILE.xlsx (mẫu: docs/templates/targets.csv).\n"
		"Chỉ tiêu giới thiệu đoàn viên, hội viên ưu tú của một đoàn thể trong năm: "
		"--source và --referrals (cán bộ Ban Tổ chức hoặc quản trị); 'target list' in "
		"thêm bảng thứ hai các chỉ tiêu giới thiệu.",
		cli_target_opts, cli_cmd_target},
	{"restore", "FILE --db DB", "khôi phục một bản sao lưu vào cơ sở dữ liệu mới hoặc trống",
		NULL, cli_backup_opts, cli_cmd_restore},
	{0},
};
