/*
 * err.h — the one error type of ptdv.
 *
 * Every fallible function returns an enum ptdv_err (0 = PTDV_OK) and gives its results
 * through out-parameters. Errors a user must read carry a Vietnamese message in a
 * struct ptdv_msgs (see msgs.h); the code only says which kind of failure it was.
 */
#ifndef PTDV_UTIL_ERR_H
#define PTDV_UTIL_ERR_H

#define PTDV_MUST_USE __attribute__((warn_unused_result))

/* X(name, exit_code, english description) */
#define PTDV_ERR_LIST(X) \
	X(OK, 0, "success") \
	X(INVALID, 1, "input failed validation") \
	X(NOTFOUND, 1, "object not found") \
	X(CONFLICT, 1, "object conflicts with an existing one") \
	X(IO, 1, "file or stream error") \
	X(DB, 1, "database error") \
	X(USAGE, 2, "bad command-line usage") \
	X(DENIED, 1, "outside the user's scope") \
	X(CANCELLED, 1, "cancelled by the user")

enum ptdv_err {
#define PTDV_ERR_ENUM(name, code, desc) PTDV_##name,
	PTDV_ERR_LIST(PTDV_ERR_ENUM)
#undef PTDV_ERR_ENUM
		PTDV_ERR__MAX
};

/* Returns the English description of err; never NULL. */
const char *ptdv_err_str(enum ptdv_err err);

/* Returns the process exit code for err (0, 1 or 2). */
int ptdv_err_exit_code(enum ptdv_err err);

#endif
