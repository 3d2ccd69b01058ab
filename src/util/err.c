/* err.c — descriptions and exit codes of enum ptdv_err. */
#include "util/err.h"

static const char *const descs[PTDV_ERR__MAX] = {
#define PTDV_ERR_DESC(name, code, desc) [PTDV_##name] = desc,
	PTDV_ERR_LIST(PTDV_ERR_DESC)
#undef PTDV_ERR_DESC
};

static const int codes[PTDV_ERR__MAX] = {
#define PTDV_ERR_CODE(name, code, desc) [PTDV_##name] = code,
	PTDV_ERR_LIST(PTDV_ERR_CODE)
#undef PTDV_ERR_CODE
};

const char *ptdv_err_str(enum ptdv_err err)
{
	if ((unsigned)err >= PTDV_ERR__MAX)
		return "unknown error";
	return descs[err];
}

int ptdv_err_exit_code(enum ptdv_err err)
{
	if ((unsigned)err >= PTDV_ERR__MAX)
		return 1;
	return codes[err];
}
