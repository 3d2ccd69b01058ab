/*
 * module.c — finding and opening the modules of module.h: the search path, dlopen and
 * dlsym, the check of the table's head, and one cache of the tables for the process.
 */
#include "util/module.h"

#include <dlfcn.h>
#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/buf.h"

#ifndef PTDV_BUILD_DIR
#define PTDV_BUILD_DIR ""
#endif
#ifndef PTDV_MODULE_INSTALL_DIR
#define PTDV_MODULE_INSTALL_DIR ""
#endif

static const struct {
	const char *name; /* ptdv-NAME.so exports ptdv_module_NAME */
	const char *what; /* what it is needed for, for messages */
} modules[MODULE__MAX] = {
	[MODULE_PG] = {"pg", "kết nối PostgreSQL"},
	[MODULE_WEB] = {"web", "máy chủ web"},
	[MODULE_PDF] = {"pdf", "xuất báo cáo PDF"},
	[MODULE_OFFICE] = {"office", "đọc và ghi tệp Excel"},
};

/* The tables opened so far; written once each, under lock, read without it. */
static _Atomic(const struct module_head *) tables[MODULE__MAX];
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

/* Appends dir to the candidate folders unless empty or already there. */
static void add_dir(char dirs[][PATH_MAX], int *n, const char *dir)
{
	if (!dir || !*dir || strlen(dir) >= PATH_MAX)
		return;
	for (int i = 0; i < *n; i++)
		if (strcmp(dirs[i], dir) == 0)
			return;
	snprintf(dirs[(*n)++], PATH_MAX, "%s", dir);
}

/* Fills dirs with the folders to look in, in order (module.h); returns how many. */
static int search_dirs(char dirs[3][PATH_MAX])
{
	int n = 0;
	const char *env = getenv("PTDV_MODULE_DIR");
	if (env && *env) {
		add_dir(dirs, &n, env);
		return n;
	}
	char exe[PATH_MAX];
	ssize_t len = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (len > 0) {
		exe[len] = '\0';
		char *slash = strrchr(exe, '/');
		if (slash && slash != exe) {
			*slash = '\0';
			add_dir(dirs, &n, exe);
		}
	}
	add_dir(dirs, &n, PTDV_BUILD_DIR);
	add_dir(dirs, &n, PTDV_MODULE_INSTALL_DIR);
	return n;
}

static void say(char **errmsg, struct buf *m)
{
	if (errmsg)
		*errmsg = buf_detach(m);
	else
		buf_free(m);
}

/* Opens module id (not yet open): called under lock. */
static enum ptdv_err load(enum module_id id, const struct module_head **out, char **errmsg)
{
	char dirs[3][PATH_MAX];
	char sym[64];
	struct buf path = BUF_INIT, m = BUF_INIT;
	const struct module_head *t = NULL;
	void *h = NULL;
	int n = search_dirs(dirs);
	bool found = false;

	for (int i = 0; i < n && !found; i++) {
		buf_reset(&path);
		buf_addf(&path, "%s/ptdv-%s.so", dirs[i], modules[id].name);
		found = access(path.s, F_OK) == 0;
	}
	if (!found) {
		buf_addf(&m, "không tìm thấy mô-đun 'ptdv-%s.so' (cần cho %s); đã tìm ở",
			modules[id].name, modules[id].what);
		for (int i = 0; i < n; i++)
			buf_addf(&m, "%s '%s'", i ? "," : "", dirs[i]);
		buf_adds(&m, " (biến PTDV_MODULE_DIR chỉ thư mục khác)");
		goto fail;
	}
	h = dlopen(path.s, RTLD_NOW | RTLD_LOCAL);
	if (!h) {
		buf_addf(&m, "không mở được mô-đun '%s' (cần cho %s): %s", path.s, modules[id].what,
			dlerror());
		goto fail;
	}
	snprintf(sym, sizeof(sym), "ptdv_module_%s", modules[id].name);
	t = dlsym(h, sym);
	if (!t || strcmp(t->version, PTDV_VERSION) != 0) {
		buf_addf(&m, "tệp '%s' không phải mô-đun %s của ptdv %s (", path.s,
			modules[id].what, PTDV_VERSION);
		if (t)
			buf_addf(&m, "mô-đun của phiên bản %s", t->version);
		else
			buf_addf(&m, "thiếu ký hiệu %s", sym);
		buf_adds(&m, "); hãy cài lại ptdv cùng các mô-đun của nó");
		dlclose(h);
		goto fail;
	}
	buf_free(&path);
	*out = t;
	return PTDV_OK;
fail:
	buf_free(&path);
	say(errmsg, &m);
	return PTDV_IO;
}

/* Gives the table of module id, opening it when needed. */
static enum ptdv_err get(enum module_id id, const struct module_head **out, char **errmsg)
{
	enum ptdv_err err = PTDV_OK;
	const struct module_head *t = atomic_load_explicit(&tables[id], memory_order_acquire);
	if (!t) {
		pthread_mutex_lock(&lock);
		t = atomic_load_explicit(&tables[id], memory_order_relaxed);
		if (!t) {
			err = load(id, &t, errmsg);
			if (!err)
				atomic_store_explicit(&tables[id], t, memory_order_release);
		}
		pthread_mutex_unlock(&lock);
	}
	*out = t;
	return err;
}

enum ptdv_err module_open(enum module_id id, size_t size, const void **table, char **errmsg)
{
	const struct module_head *t;
	if (errmsg)
		*errmsg = NULL;
	enum ptdv_err err = get(id, &t, errmsg);
	if (err)
		return err;
	if (t->size != size) {
		if (errmsg) {
			struct buf m = BUF_INIT;
			buf_addf(&m,
				"mô-đun 'ptdv-%s.so' (cần cho %s) không khớp với bản ptdv này; hãy "
				"dựng lại cả hai",
				modules[id].name, modules[id].what);
			*errmsg = buf_detach(&m);
		}
		return PTDV_IO;
	}
	*table = t;
	return PTDV_OK;
}

const void *module_need(enum module_id id, size_t size)
{
	const void *t;
	char *msg;
	if (module_open(id, size, &t, &msg) != PTDV_OK) {
		fprintf(stderr, "ptdv: lỗi: %s\n", msg);
		free(msg);
		exit(1);
	}
	return t;
}

enum ptdv_err module_open_all(char **errmsg)
{
	const struct module_head *t;
	if (errmsg)
		*errmsg = NULL;
	for (int id = 0; id < MODULE__MAX; id++) {
		enum ptdv_err err = get((enum module_id)id, &t, errmsg);
		if (err)
			return err;
	}
	return PTDV_OK;
}
