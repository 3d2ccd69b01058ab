/*
 * cli_web.c — `ptdv serve` and `ptdv user add|passwd|disable|enable|list`.
 */
#include <errno.h>
#include <pwd.h>
#include <jansson.h>
#include <time.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "app/app.h"
#include "app/app_backup.h"
#include "app/app_user.h"
#include "core/candidate.h"
#include "store/store.h"
#include "cli/cli.h"
#include "cli/cli_impl.h"
#include "util/buf.h"
#include "util/module.h"
#include "util/vn.h"
#include "web/web.h"

const struct cli_opt cli_serve_opts[] = {
	{"listen", "IP:PORT", "địa chỉ phục vụ (mặc định: biến PTDV_LISTEN hoặc 127.0.0.1:8080)"},
	{"threads", "N", "số luồng xử lý (mặc định: số lõi CPU)"},
	{"quiet", NULL, "không ghi nhật ký truy cập"},
	{"list-routes", NULL, "in bảng định tuyến (JSON, cho kiểm thử) rồi thoát"},
	{"report-db", "URL",
		"bản sao chỉ đọc (PostgreSQL standby) để lập báo cáo (mặc định: biến "
		"PTDV_REPORT_DB; không có thì dùng --db)"},
	{0},
};

int cli_cmd_serve(const struct cli_cmd *c, struct cli_args *a)
{
	if (a->npos)
		return cli_usage_error(c, "lệnh serve không nhận tham số");
	/*
	 * The server is the module ptdv-web.so; it opens the other modules too, so that a
	 * missing one stops it now rather than failing a request later (util/module.h).
	 */
	const void *t;
	char *msg;
	if (module_open(MODULE_WEB, sizeof(struct web_module), &t, &msg) != PTDV_OK ||
		(!a->val[3] && module_open_all(&msg) != PTDV_OK)) {
		fprintf(stderr, "ptdv: lỗi: %s\n", msg);
		free(msg);
		return 1;
	}
	const struct web_module *web = t;
	if (a->val[3]) {
		web->print_routes();
		return 0;
	}
	const char *listen = a->val[0] ? a->val[0] : getenv("PTDV_LISTEN");
	const char *report_db = a->val[4] ? a->val[4] : getenv("PTDV_REPORT_DB");
	struct web_config cfg = {
		.db_url = a->db,
		.listen = listen && *listen ? listen : "127.0.0.1:8080",
		.threads = a->val[1] ? atoi(a->val[1]) : 0,
		.access_log = a->val[2] ? "-" : NULL,
		.report_db_url = report_db && *report_db ? report_db : NULL,
	};
	if (a->val[1] && (cfg.threads < 1 || cfg.threads > 256))
		return cli_usage_error(c, "'--threads %s' phải là số từ 1 đến 256", a->val[1]);
	struct msgs errs;
	msgs_init(&errs, 0);
	enum ptdv_err err = web->serve(&cfg, &errs);
	int rc = cli__print_errors(&errs, err);
	msgs_free(&errs);
	return rc;
}

const struct cli_opt cli_user_opts[] = {
	{"name", "TEXT", "họ và tên người dùng"},
	{"role", "ROLE", "admin | staff | secretary | liaison | viewer"},
	{"org", "CODE", "tổ chức (phạm vi) của tài khoản"},
	{"password-stdin", NULL, "đọc mật khẩu từ đầu vào chuẩn (dùng trong kịch bản)"},
	{"label", "TEXT",
		"mục đích của mã truy cập API (với 'user token'; 'user revoke' thu hồi theo nhãn này)"},
	{"source", "ORG",
		"tổ chức chính trị - xã hội của cán bộ đoàn thể (bắt buộc với liaison): "
		"youth | women | union | farmers | veterans | front"},
	{0},
};

/* Reads a password: from stdin when asked or not a terminal, else prompted without echo. */
static char *read_password(bool from_stdin)
{
	struct buf b = BUF_INIT;
	bool tty = !from_stdin && isatty(STDIN_FILENO);
	struct termios old, quiet;
	if (tty) {
		fprintf(stderr, "Mật khẩu: ");
		tcgetattr(STDIN_FILENO, &old);
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
	}
	int ch;
	while ((ch = getchar()) != EOF && ch != '\n')
		buf_addc(&b, (char)ch);
	if (tty) {
		tcsetattr(STDIN_FILENO, TCSANOW, &old);
		fputc('\n', stderr);
	}
	if (b.len && b.s[b.len - 1] == '\r')
		buf_setlen(&b, b.len - 1);
	return buf_detach(&b);
}

/*
 * Prints one line of n columns padded to the columns a terminal shows (Vietnamese letters
 * take more bytes than columns): width w[i], right-aligned when negative, as is when 0.
 */
static void print_cols(const char *const *cell, const int *w, int n)
{
	struct buf b = BUF_INIT;
	for (int i = 0; i < n; i++) {
		if (i)
			buf_addc(&b, ' ');
		if (w[i])
			vn_pad(&b, cell[i], w[i] < 0 ? -w[i] : w[i], w[i] < 0);
		else
			buf_adds(&b, cell[i]);
	}
	buf_addc(&b, '\n');
	fputs(b.s, stdout);
	buf_free(&b);
}

static const int user_cols[] = {20, 28, 10, 12, 10, 0};

static enum ptdv_err print_user(void *arg, const struct user *u, const char *org_code)
{
	(void)arg;
	const char *cell[] = {u->login, u->full_name, core_role_code(u->role),
		org_code ? org_code : "(tất cả)",
		u->source ? core_cand_source_word((enum cand_source)u->source) : "-",
		u->disabled ? "đã khóa" : "hoạt động"};
	print_cols(cell, user_cols, 6);
	return PTDV_OK;
}

int cli_cmd_user(const struct cli_cmd *c, struct cli_args *a)
{
	if (a->npos < 1)
		return cli_usage_error(
			c, "cần lệnh con: add, passwd, disable, enable, token, revoke hoặc list");
	const char *sub = a->pos[0];
	bool list = strcmp(sub, "list") == 0;
	if (!list && a->npos != 2)
		return cli_usage_error(c, "cần tên đăng nhập sau '%s'", sub);
	if (list && a->npos != 1)
		return cli_usage_error(c, "lệnh 'user list' không nhận tham số");
	enum role role = ROLE_VIEWER;
	enum cand_source source = 0;
	const char *src = a->val[5];
	if (src && strcmp(sub, "add") != 0)
		return cli_usage_error(c, "'--source %s' chỉ dùng với 'user add'", src);
	if (strcmp(sub, "add") == 0) {
		if (!a->val[0] || !a->val[1])
			return cli_usage_error(c, "'user add' cần --name và --role");
		if (core_role_parse(a->val[1], &role) != PTDV_OK)
			return cli_usage_error(c,
				"vai trò '%s' không hợp lệ; dùng admin, staff, secretary, liaison "
				"hoặc viewer",
				a->val[1]);
		if (role == ROLE_LIAISON && !src)
			return cli_usage_error(c,
				"tài khoản liaison cần --source: youth, women, union, farmers, "
				"veterans hoặc front");
		if (role != ROLE_LIAISON && src)
			return cli_usage_error(c,
				"'--source %s' chỉ dùng cho tài khoản liaison, không dùng cho vai trò "
				"'%s'",
				src, a->val[1]);
		if (src && (core_cand_source_parse(src, strlen(src), &source) != PTDV_OK ||
				   source < SRC_YOUTH || source > SRC_FRONT))
			return cli_usage_error(c,
				"tổ chức '--source %s' không hợp lệ; dùng youth, women, union, "
				"farmers, veterans hoặc front",
				src);
	} else if (strcmp(sub, "token") == 0 || strcmp(sub, "revoke") == 0) {
		if (!a->val[4])
			return cli_usage_error(c, "'user %s' cần --label", sub);
	} else if (!list && strcmp(sub, "passwd") != 0 && strcmp(sub, "disable") != 0 &&
		   strcmp(sub, "enable") != 0) {
		return cli_usage_error(c, "không có lệnh con '%s'", sub);
	}
	struct msgs errs;
	msgs_init(&errs, 0);
	struct app *app = cli__open_app(a, &errs);
	enum ptdv_err err = app ? PTDV_OK : PTDV_DB;
	char *pw = NULL;
	if (!err && (strcmp(sub, "add") == 0 || strcmp(sub, "passwd") == 0))
		pw = read_password(a->val[3] != NULL);
	if (err) {
		/* reported below */
	} else if (list) {
		static const char *const head[] = {"Tên đăng nhập", "Họ và tên", "Vai trò",
			"Tổ chức", "Đoàn thể", "Trạng thái"};
		print_cols(head, user_cols, 6);
		err = app_user_list(app, print_user, NULL, &errs);
	} else if (strcmp(sub, "add") == 0) {
		err = app_user_add(
			app, a->pos[1], a->val[0], role, (int)source, a->val[2], pw, &errs);
		if (!err)
			printf("Đã tạo tài khoản '%s' (%s).\n", a->pos[1], core_role_name(role));
	} else if (strcmp(sub, "token") == 0) {
		char token[APP_TOKEN_HEX];
		err = app_token_create(app, a->pos[1], a->val[4], token, &errs);
		if (!err)
			printf("%s\n", token);
	} else if (strcmp(sub, "revoke") == 0) {
		int64_t n = 0;
		err = app_token_revoke(app, a->pos[1], a->val[4], &n, &errs);
		if (!err)
			printf("Đã thu hồi %lld mã truy cập nhãn '%s' của '%s'.\n", (long long)n,
				a->val[4], a->pos[1]);
	} else if (strcmp(sub, "passwd") == 0) {
		err = app_user_passwd(app, a->pos[1], pw, &errs);
		if (!err)
			printf("Đã đổi mật khẩu của '%s'; các phiên đăng nhập cũ đã kết thúc.\n",
				a->pos[1]);
	} else {
		bool disable = strcmp(sub, "disable") == 0;
		err = app_user_disable(app, a->pos[1], disable, &errs);
		if (!err)
			printf("Đã %s tài khoản '%s'.\n", disable ? "khóa" : "mở khóa", a->pos[1]);
	}
	if (pw) {
		memset(pw, 0, strlen(pw));
		free(pw);
	}
	int rc = cli__print_errors(&errs, err);
	app_close(app);
	msgs_free(&errs);
	return rc;
}

const struct cli_opt cli_audit_opts[] = {
	{"limit", "N", "số sự kiện mới nhất cần xem (mặc định 50, tối đa 1000)"},
	{"before", "ID", "chỉ các sự kiện có số thứ tự nhỏ hơn ID (xem trang trước)"},
	{"format", "FMT", "text hoặc json (mặc định: text)"},
	{0},
};

static enum ptdv_err print_event(void *arg, const struct store_audit_event *e)
{
	bool json = *(bool *)arg;
	char when[32];
	time_t t = (time_t)e->at;
	struct tm tm;
	localtime_r(&t, &tm);
	strftime(when, sizeof(when), "%d/%m/%Y %H:%M:%S", &tm);
	if (json) {
		json_t *o = json_pack("{s:I, s:I, s:s, s:s, s:s, s:s?}", "id", (json_int_t)e->id,
			"at", (json_int_t)e->at, "actor", e->actor, "action", e->action, "entity",
			e->entity, "key", e->key);
		json_object_set_new(
			o, "before", e->before ? json_loads(e->before, 0, NULL) : json_null());
		json_object_set_new(
			o, "after", e->after ? json_loads(e->after, 0, NULL) : json_null());
		char *s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
		printf("%s\n", s);
		free(s);
		json_decref(o);
	} else {
		printf("%-8lld %s  %-16s %-16s %s%s%s\n", (long long)e->id, when, e->actor,
			e->action, e->entity, e->key ? " " : "", e->key ? e->key : "");
	}
	return PTDV_OK;
}

int cli_cmd_audit(const struct cli_cmd *c, struct cli_args *a)
{
	if (a->npos)
		return cli_usage_error(c, "lệnh audit không nhận tham số");
	int limit = a->val[0] ? atoi(a->val[0]) : 50;
	long long before = a->val[1] ? atoll(a->val[1]) : 0;
	const char *fmt = a->val[2] ? a->val[2] : "text";
	bool json = strcmp(fmt, "json") == 0;
	if (!json && strcmp(fmt, "text") != 0)
		return cli_usage_error(c, "định dạng '%s' không hợp lệ; dùng text hoặc json", fmt);
	struct msgs errs;
	msgs_init(&errs, 0);
	struct app *app = cli__open_app(a, &errs);
	enum ptdv_err err =
		app ? app_audit_list(app, before, limit, print_event, &json, &errs) : PTDV_DB;
	int rc = cli__print_errors(&errs, err);
	app_close(app);
	msgs_free(&errs);
	return rc;
}

const struct cli_opt cli_backup_opts[] = {{0}};

int cli_cmd_backup(const struct cli_cmd *c, struct cli_args *a)
{
	if (a->npos != 1)
		return cli_usage_error(c, "cần một tham số: tệp sao lưu");
	struct msgs errs;
	msgs_init(&errs, 0);
	struct app *app = cli__open_app(a, &errs);
	enum ptdv_err err = app ? app_backup(app, a->pos[0], &errs) : PTDV_DB;
	if (!err)
		printf("Đã sao lưu '%s' vào '%s'.\n", a->db, a->pos[0]);
	int rc = cli__print_errors(&errs, err);
	app_close(app);
	msgs_free(&errs);
	return rc;
}

int cli_cmd_restore(const struct cli_cmd *c, struct cli_args *a)
{
	if (a->npos != 1)
		return cli_usage_error(c, "cần một tham số: tệp sao lưu");
	struct msgs errs;
	char actor[128];
	const struct passwd *pw = getpwuid(geteuid());
	snprintf(actor, sizeof(actor), "cli:%s", pw && pw->pw_name ? pw->pw_name : "unknown");
	msgs_init(&errs, 0);
	enum ptdv_err err = app_restore(a->db, a->pos[0], actor, &errs);
	if (!err)
		printf("Đã khôi phục '%s' vào '%s'.\n", a->pos[0], a->db);
	int rc = cli__print_errors(&errs, err);
	msgs_free(&errs);
	return rc;
}

const struct cli_opt cli_target_opts[] = {
	{"org", "CODE", "mã tổ chức"},
	{"year", "YYYY", "năm"},
	{"registered", "N", "chỉ tiêu tổ chức đăng ký (với 'target set')"},
	{"assigned", "N", "chỉ tiêu cấp ủy giao (với 'target set')"},
	{"women", "N", "trong đó đảng viên nữ (với 'target set')"},
	{"format", "FMT", "text hoặc json (với 'target list'; mặc định text)"},
	{"source", "SRC", "đoàn thể giới thiệu: youth, women, union, farmers, veterans, front"},
	{"referrals", "N", "chỉ tiêu giới thiệu đoàn viên, hội viên ưu tú của đoàn thể trong năm"},
	{0},
};

static void cell(struct buf *b, int64_t v)
{
	struct buf n = BUF_INIT;
	if (v >= 0)
		vn_fmt_int(&n, v);
	else
		buf_adds(&n, "—");
	buf_addf(b, " %9s", n.s);
	buf_free(&n);
}

static enum ptdv_err print_target(void *arg, const struct store_target_row *r)
{
	bool json = *(bool *)arg;
	if (json) {
		json_t *o = json_pack("{s:s, s:s, s:i, s:I, s:I, s:I, s:I, s:I}", "org",
			r->org_code, "name", r->org_name, "year", r->year, "registered",
			(json_int_t)r->t.registered, "assigned", (json_int_t)r->t.assigned, "women",
			(json_int_t)r->t.women, "admitted", (json_int_t)r->admitted,
			"admitted_women", (json_int_t)r->admitted_women);
		char *s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
		printf("%s\n", s);
		free(s);
		json_decref(o);
		return PTDV_OK;
	}
	struct buf b = BUF_INIT;
	buf_addf(&b, "%-14s %4d", r->org_code, r->year);
	cell(&b, r->t.registered);
	cell(&b, r->t.assigned);
	cell(&b, r->t.women);
	cell(&b, r->admitted);
	cell(&b, r->admitted_women);
	buf_addf(&b, "  %s\n", r->org_name);
	fputs(b.s, stdout);
	buf_free(&b);
	return PTDV_OK;
}

static enum ptdv_err print_referral_target(void *arg, const struct store_referral_target_row *r)
{
	bool json = *(bool *)arg;
	const char *word = core_cand_source_word((enum cand_source)r->source);
	if (json) {
		json_t *o = json_pack("{s:s, s:s, s:i, s:s, s:s, s:I}", "org", r->org_code, "name",
			r->org_name, "year", r->year, "source", word, "source_name",
			core_cand_source_name((enum cand_source)r->source), "referrals",
			(json_int_t)r->target);
		char *s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
		printf("%s\n", s);
		free(s);
		json_decref(o);
		return PTDV_OK;
	}
	struct buf b = BUF_INIT;
	buf_addf(&b, "%-14s %4d %-9s", r->org_code, r->year, word);
	cell(&b, r->target);
	buf_addf(&b, "  %s\n", core_cand_source_name((enum cand_source)r->source));
	fputs(b.s, stdout);
	buf_free(&b);
	return PTDV_OK;
}

/* Counts the referral targets listed, to print the second table's header only when any. */
struct ref_list {
	bool json;
	int n;
};

static enum ptdv_err print_referral_row(void *arg, const struct store_referral_target_row *r)
{
	struct ref_list *l = arg;
	if (!l->json && l->n++ == 0) {
		static const char *const head[] = {
			"Mã tổ chức", "Năm", "Nguồn", "Chỉ tiêu", " Đoàn thể"};
		static const int w[] = {14, -4, 9, -9, 0};
		printf("\nChỉ tiêu giới thiệu của các đoàn thể\n");
		print_cols(head, w, 5);
	}
	return print_referral_target(&l->json, r);
}

static bool count_opt(const struct cli_cmd *c, const char *name, const char *s, int64_t *out)
{
	*out = -1;
	if (!s)
		return true;
	char *end;
	long long v = strtoll(s, &end, 10);
	if (*end || v < 0) {
		cli_usage_error(c, "'--%s %s' phải là số nguyên không âm", name, s);
		return false;
	}
	*out = v;
	return true;
}

int cli_cmd_target(const struct cli_cmd *c, struct cli_args *a)
{
	if (a->npos != 1 || (strcmp(a->pos[0], "set") != 0 && strcmp(a->pos[0], "list") != 0))
		return cli_usage_error(c, "dùng: ptdv target set ... hoặc ptdv target list ...");
	bool set = strcmp(a->pos[0], "set") == 0;
	int year = a->val[1] ? atoi(a->val[1]) : 0;
	int64_t reg, asg, wom, refs;
	enum cand_source src = 0;
	if (set && (!a->val[0] || !a->val[1]))
		return cli_usage_error(c, "'target set' cần --org và --year");
	if (!count_opt(c, "registered", a->val[2], &reg) ||
		!count_opt(c, "assigned", a->val[3], &asg) ||
		!count_opt(c, "women", a->val[4], &wom) ||
		!count_opt(c, "referrals", a->val[7], &refs))
		return 2;
	if (!set && (a->val[6] || a->val[7]))
		return cli_usage_error(c, "--source và --referrals chỉ dùng với 'target set'");
	if (set && (a->val[6] || a->val[7])) {
		if (!a->val[6] || !a->val[7])
			return cli_usage_error(c, "'target set' cần cả --source và --referrals");
		if (reg >= 0 || asg >= 0 || wom >= 0)
			return cli_usage_error(c,
				"chỉ tiêu giới thiệu (--source, --referrals) ghi "
				"riêng, không cùng --registered, --assigned, --women");
		if (core_cand_source_parse(a->val[6], strlen(a->val[6]), &src) != PTDV_OK ||
			src == SRC_CELL)
			return cli_usage_error(c,
				"nguồn '%s' không phải một đoàn thể; dùng youth, women, union, "
				"farmers, veterans hoặc front",
				a->val[6]);
	}
	if (set && !src && reg < 0 && asg < 0 && wom < 0)
		return cli_usage_error(c, "'target set' cần ít nhất một trong --registered, "
					  "--assigned, --women, hoặc --source với --referrals");
	const char *fmt = a->val[5] ? a->val[5] : "text";
	bool json = strcmp(fmt, "json") == 0;
	if (!json && strcmp(fmt, "text") != 0)
		return cli_usage_error(c, "định dạng '%s' không hợp lệ; dùng text hoặc json", fmt);
	struct msgs errs;
	msgs_init(&errs, 0);
	struct app *app = cli__open_app(a, &errs);
	enum ptdv_err err = app ? PTDV_OK : PTDV_DB;
	if (!err && set && src) {
		err = app_referral_target_set(app, a->val[0], year, (int)src, refs, &errs);
		if (!err)
			printf("Đã ghi chỉ tiêu giới thiệu năm %d của %s tại %s: %lld.\n", year,
				core_cand_source_name(src), a->val[0], (long long)refs);
	} else if (!err && set) {
		err = app_target_set(app, a->val[0], year, reg, asg, wom, &errs);
		if (!err)
			printf("Đã ghi chỉ tiêu năm %d của %s.\n", year, a->val[0]);
	} else if (!err) {
		if (!json)
			if (!json) {
				static const char *const head[] = {"Mã tổ chức", "Năm", "Đăng ký",
					"Giao", "Nữ", "Kết nạp", "Nữ"};
				static const int w[] = {14, -4, -9, -9, -9, -9, -9};
				print_cols(head, w, 7);
			}
		err = app_target_list(app, a->val[0], year, print_target, &json, &errs);
		struct ref_list rl = {json, 0};
		if (!err)
			err = app_referral_target_list(
				app, a->val[0], year, print_referral_row, &rl, &errs);
	}
	int rc = cli__print_errors(&errs, err);
	app_close(app);
	msgs_free(&errs);
	return rc;
}
