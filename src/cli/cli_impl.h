/* cli_impl.h — what the cli/ files share (cli/ internal). */
#ifndef PTDV_CLI_CLI_IMPL_H
#define PTDV_CLI_CLI_IMPL_H

#include "app/app.h"
#include "cli/cli.h"

/* Prints the problems of errs (when err is set) to stderr; returns the exit code of err. */
int cli__print_errors(const struct msgs *errs, enum ptdv_err err);
/* Opens the database of a for the operator (acting as "cli:<user>"); NULL with errs on failure. */
struct app *cli__open_app(struct cli_args *a, struct msgs *errs);
/*
 * Parse an option's value: a date (NULL gives DATE_NONE) or a non-negative integer. On a bad
 * value they print a usage error naming the option and return false.
 */
bool cli__opt_date(const struct cli_cmd *c, const char *name, const char *s, date_t *out);
bool cli__opt_int(const struct cli_cmd *c, const char *name, const char *s, int64_t *out);

/* Commands defined in other files than cli_cmds.c. */
extern const struct cli_opt cli_candidate_opts[], cli_due_opts[], cli_holiday_opts[],
	cli_rule_opts[];
int cli_cmd_candidate(const struct cli_cmd *c, struct cli_args *a);
int cli_cmd_due(const struct cli_cmd *c, struct cli_args *a);
int cli_cmd_holiday(const struct cli_cmd *c, struct cli_args *a);
int cli_cmd_rule(const struct cli_cmd *c, struct cli_args *a);
extern const struct cli_opt cli_serve_opts[], cli_user_opts[], cli_audit_opts[];
int cli_cmd_audit(const struct cli_cmd *c, struct cli_args *a);
extern const struct cli_opt cli_backup_opts[];
int cli_cmd_backup(const struct cli_cmd *c, struct cli_args *a);
int cli_cmd_restore(const struct cli_cmd *c, struct cli_args *a);
extern const struct cli_opt cli_target_opts[];
int cli_cmd_target(const struct cli_cmd *c, struct cli_args *a);
int cli_cmd_serve(const struct cli_cmd *c, struct cli_args *a);
int cli_cmd_user(const struct cli_cmd *c, struct cli_args *a);

#endif
