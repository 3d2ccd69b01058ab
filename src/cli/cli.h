/*
 * cli.h — the command line: `ptdv <command> [args] [--options]`.
 *
 * Each command declares its options in a table; one parser takes options before or after
 * the positional arguments, as `--name value` or `--name=value`. Exit codes: 0 success,
 * 1 failure, 2 bad usage. Messages to the user are in Vietnamese.
 */
#ifndef PTDV_CLI_CLI_H
#define PTDV_CLI_CLI_H

#include <stdbool.h>

#define CLI_MAX_OPTS 40
#define CLI_MAX_ARGS 8

struct cli_opt {
	const char *name; /* without "--" */
	const char *arg;  /* metavariable, NULL for a flag */
	const char *help; /* Vietnamese */
};

struct cli_args {
	const char *db;
	const char *val[CLI_MAX_OPTS]; /* by index in the command's table; "1" for a set flag */
	const char *pos[CLI_MAX_ARGS];
	int npos;
};

struct cli_cmd {
	const char *name;
	const char *usage;   /* after "ptdv NAME " */
	const char *summary; /* one line, Vietnamese */
	const char *help;    /* more lines, Vietnamese, or NULL */
	const struct cli_opt *opts;
	int (*run)(const struct cli_cmd *cmd, struct cli_args *a);
};

extern const struct cli_cmd cli_cmds[];

/* Runs ptdv with argv; returns the exit code. */
int cli_main(int argc, char **argv);
/* Prints "ptdv: lỗi cú pháp: ..." and the usage of cmd to stderr; returns 2. */
int cli_usage_error(const struct cli_cmd *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
