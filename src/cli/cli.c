/*
 * cli.c — argument parsing, help and dispatch of `ptdv <command>`.
 */
#include "cli/cli.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct cli_cmd *find_cmd(const char *name)
{
	for (const struct cli_cmd *c = cli_cmds; c->name; c++)
		if (strcmp(c->name, name) == 0)
			return c;
	return NULL;
}

static void print_usage(FILE *f, const struct cli_cmd *c)
{
	fprintf(f, "Cách dùng: ptdv %s %s\n", c->name, c->usage);
}

static void print_help(const struct cli_cmd *c)
{
	print_usage(stdout, c);
	printf("\n%s\n", c->summary);
	if (c->help)
		printf("\n%s\n", c->help);
	printf("\nTùy chọn:\n");
	for (const struct cli_opt *o = c->opts; o && o->name; o++) {
		char left[64];
		snprintf(left, sizeof(left), "--%s%s%s", o->name, o->arg ? " " : "",
			o->arg ? o->arg : "");
		printf("  %-22s %s\n", left, o->help);
	}
	printf("  %-22s %s\n", "--db PATH",
		"cơ sở dữ liệu (mặc định: biến PTDV_DB, nếu không có thì ./ptdv.db)");
}

static void print_overview(void)
{
	printf("ptdv — phần mềm quản lý công tác phát triển đảng viên\n\n"
	       "Cách dùng: ptdv LỆNH [THAM SỐ] [--TÙY CHỌN]\n\nCác lệnh:\n");
	for (const struct cli_cmd *c = cli_cmds; c->name; c++)
		printf("  %-10s %s\n", c->name, c->summary);
	printf("\nXem hướng dẫn một lệnh: ptdv help LỆNH\n"
	       "Tùy chọn chung: --db PATH (hoặc biến môi trường PTDV_DB; mặc định ./ptdv.db)\n");
}

int cli_usage_error(const struct cli_cmd *cmd, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "ptdv: lỗi cú pháp: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	if (cmd) {
		print_usage(stderr, cmd);
		fprintf(stderr, "Xem thêm: ptdv help %s\n", cmd->name);
	} else {
		fprintf(stderr, "Xem các lệnh: ptdv help\n");
	}
	return 2;
}

/*
 * Parses argv[first..argc) against cmd's options; db is a --db given before the command.
 * Returns 0 or the usage exit code.
 */
static int parse(const struct cli_cmd *cmd, int argc, char **argv, int first, const char *db,
	struct cli_args *a)
{
	memset(a, 0, sizeof(*a));
	a->db = db ? db : getenv("PTDV_DB");
	bool only_pos = false;
	for (int i = first; i < argc; i++) {
		const char *s = argv[i];
		if (only_pos || strncmp(s, "--", 2) != 0 || s[2] == '\0') {
			if (!only_pos && strcmp(s, "--") == 0) {
				only_pos = true;
				continue;
			}
			if (a->npos == CLI_MAX_ARGS)
				return cli_usage_error(cmd, "quá nhiều tham số");
			a->pos[a->npos++] = s;
			continue;
		}
		const char *name = s + 2;
		const char *eq = strchr(name, '=');
		size_t nlen = eq ? (size_t)(eq - name) : strlen(name);
		const char *val = eq ? eq + 1 : NULL;
		if (nlen == 2 && strncmp(name, "db", 2) == 0) {
			if (!val) {
				if (i + 1 >= argc)
					return cli_usage_error(
						cmd, "tùy chọn '--db' cần một giá trị");
				val = argv[++i];
			}
			a->db = val;
			continue;
		}
		int k = -1;
		for (int j = 0; cmd->opts && cmd->opts[j].name; j++) {
			if (strlen(cmd->opts[j].name) == nlen &&
				strncmp(cmd->opts[j].name, name, nlen) == 0) {
				k = j;
				break;
			}
		}
		if (k < 0)
			return cli_usage_error(cmd, "tùy chọn không rõ '--%.*s'", (int)nlen, name);
		if (cmd->opts[k].arg) {
			if (!val) {
				if (i + 1 >= argc)
					return cli_usage_error(cmd,
						"tùy chọn '--%s' cần giá trị %s", cmd->opts[k].name,
						cmd->opts[k].arg);
				val = argv[++i];
			}
			a->val[k] = val;
		} else {
			if (val)
				return cli_usage_error(cmd, "tùy chọn '--%s' không nhận giá trị",
					cmd->opts[k].name);
			a->val[k] = "1";
		}
	}
	if (!a->db || !*a->db)
		a->db = "ptdv.db";
	return 0;
}

int cli_main(int argc, char **argv)
{
	/* `--db PATH` may also stand before the command. */
	const char *db = NULL;
	int first = 1;
	while (first < argc && strncmp(argv[first], "--db", 4) == 0 &&
		(argv[first][4] == '\0' || argv[first][4] == '=')) {
		if (argv[first][4] == '=') {
			db = argv[first] + 5;
			first++;
		} else if (first + 1 < argc) {
			db = argv[first + 1];
			first += 2;
		} else {
			return cli_usage_error(NULL, "tùy chọn '--db' cần một giá trị");
		}
	}
	argc -= first - 1;
	argv += first - 1;
	if (argc < 2) {
		print_overview();
		return 2;
	}
	const char *name = argv[1];
	if (strcmp(name, "--version") == 0 || strcmp(name, "version") == 0) {
		printf("ptdv %s\n", PTDV_VERSION);
		return 0;
	}
	if (strcmp(name, "help") == 0 || strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0) {
		if (argc < 3) {
			print_overview();
			return 0;
		}
		const struct cli_cmd *c = find_cmd(argv[2]);
		if (!c)
			return cli_usage_error(NULL, "không có lệnh '%s'", argv[2]);
		print_help(c);
		return 0;
	}
	const struct cli_cmd *c = find_cmd(name);
	if (!c)
		return cli_usage_error(NULL, "không có lệnh '%s'", name);
	for (int i = 2; i < argc; i++) {
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			print_help(c);
			return 0;
		}
	}
	struct cli_args a;
	int rc = parse(c, argc, argv, 2, db, &a);
	if (rc)
		return rc;
	return c->run(c, &a);
}
