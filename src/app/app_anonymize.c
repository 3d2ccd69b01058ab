/*
 * app_anonymize.c — a copy of the database with the people made up (ptdv anonymize), for
 * sharing test data. It is app_copy (app_copy.c, store/store_copy.c) with a row hook:
 *
 *  - person: full_name becomes a plausible Vietnamese name of the same gender drawn from
 *    the demo's lists (demo_names.h), never one of the database's real names; name_key
 *    and sort_key are computed again from it (util/vn.h), so accent-folded search and
 *    Vietnamese order work on the copy. birth_date moves 1–14 days earlier by a
 *    per-person offset, never before 1 January of the same year (a person only gets older,
 *    so "18 years old on the day" still holds; the year, which the citizen ID encodes, is
 *    kept). citizen_id keeps its first six digits (province, gender and century, birth
 *    year) and gets six new ones.
 *  - member: card_no keeps its first two digits (the province) and gets new ones.
 *  - app_user: login (except "admin") becomes "tk-" and eight hex digits, full_name a
 *    made-up name; password hashes stay, so accounts log in with their new login.
 *  - audit: before and after (JSON that may name people) are dropped; entity_key is kept
 *    only for organisations, terms, targets and the database; actor becomes the new login.
 *  - candidate_event: recorded_by becomes the new login; "ref_label" and "text" (a helper's
 *    name, free text) are removed from data.
 *  - session, login_attempt, api_token: not copied.
 *  - person_word (the words of the real names): not copied, written anew from the fake
 *    names once the rows are in (store_person_words_rebuild).
 * Organisations, dates of the pipeline and of membership, gender, ethnicity, religion,
 * education and occupation stay: the reports of the copy are the reports of the source.
 *
 * Every replacement comes from a keyed BLAKE2b hash (libsodium) of the original with a key
 * drawn at random for the run: the same input gives the same output within a run, and no
 * one can map a known name to its replacement by hashing it. Replacements of unique
 * columns (citizen_id, card_no) are drawn again until unused, and never equal an original.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <sodium.h>

#include "app/app.h"
#include "app/app_impl.h"
#include "app/demo_names.h"
#include "store/store.h"
#include "store/store_copy.h"
#include "util/buf.h"
#include "util/date.h"
#include "util/strmap.h"
#include "util/vn.h"
#include "util/xalloc.h"

#define NCOLS 8

/* Which columns of the current table the hook rewrites (-1: absent). */
struct cols_of {
	const char *table;
	int c[NCOLS];
};

struct anon {
	unsigned char key[crypto_generichash_KEYBYTES];
	struct strmap originals; /* real names, citizen IDs and card numbers: never produced */
	struct strmap used;      /* IDs and card numbers produced so far */
	struct strmap names;     /* original name (with gender) → index into made */
	struct strmap logins;    /* original login → index into made */
	struct strmap ids;       /* original citizen ID or card → index into made */
	char **made;
	size_t nmade, capmade;
	struct cols_of cur;
	struct buf name, fold, sort, json; /* values of the current row */
	int64_t people;
};

/* Keyed hash of the parts (NUL-separated) with a counter: 16 bytes into out. */
static void hash(const struct anon *a, const char *s, size_t len, const char *salt, unsigned n,
	unsigned char out[16])
{
	crypto_generichash_state st;
	crypto_generichash_init(&st, a->key, sizeof(a->key), 16);
	crypto_generichash_update(&st, (const unsigned char *)salt, strlen(salt) + 1);
	crypto_generichash_update(&st, (const unsigned char *)&n, sizeof(n));
	crypto_generichash_update(&st, (const unsigned char *)s, len);
	crypto_generichash_final(&st, out, 16);
}

static uint32_t u32(const unsigned char *b)
{
	return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}

/* Keeps s in a.made and returns its index. */
static int64_t keep_made(struct anon *a, const char *s)
{
	if (a->nmade == a->capmade) {
		a->capmade = a->capmade ? a->capmade * 2 : 1024;
		a->made = xrealloc(a->made, a->capmade * sizeof(*a->made));
	}
	a->made[a->nmade] = xstrdup(s);
	return (int64_t)a->nmade++;
}

static const char *weighted(const struct demo_word *w, size_t n, uint32_t r)
{
	uint32_t total = 0;
	for (size_t i = 0; i < n; i++)
		total += (uint32_t)w[i].w;
	r %= total;
	for (size_t i = 0; i < n; i++) {
		if (r < (uint32_t)w[i].w)
			return w[i].s;
		r -= (uint32_t)w[i].w;
	}
	return w[0].s;
}

#define PICK(arr, r) ((arr)[(r) % (sizeof(arr) / sizeof((arr)[0]))])

/*
 * Returns the made-up name for the original s[0..len) of a person of gender g (1 man,
 * 2 woman, 0 not known): family, middle and given names from the demo lists, drawn again
 * (with a second middle name after 32 draws) until it is not a real name of the source.
 * Valid until the anon is freed.
 */
static const char *fake_name(struct anon *a, const char *s, size_t len, int g)
{
	struct buf k = BUF_INIT;
	int64_t idx;
	buf_addf(&k, "%d:", g);
	buf_add(&k, s, len);
	if (strmap_get(&a->names, k.s, &idx)) {
		buf_free(&k);
		return a->made[idx];
	}
	struct buf out = BUF_INIT;
	for (unsigned n = 0;; n++) {
		unsigned char h[16];
		hash(a, k.s, k.len, "name", n, h);
		int woman = g == 2 || (g == 0 && (h[15] & 1));
		bool young = h[14] & 1;
		buf_reset(&out);
		buf_adds(&out, weighted(demo_family, sizeof(demo_family) / sizeof(demo_family[0]),
				       u32(h)));
		buf_addc(&out, ' ');
		uint32_t r = u32(h + 4);
		if (r % 3 == 0)
			buf_adds(&out, woman ? "Thị" : "Văn");
		else if (woman)
			buf_adds(&out, young ? PICK(demo_mid_f_new, r) : PICK(demo_mid_f_old, r));
		else
			buf_adds(&out, young ? PICK(demo_mid_m_new, r) : PICK(demo_mid_m_old, r));
		if (n >= 32) {
			uint32_t r2 = u32(h + 12);
			buf_addc(&out, ' ');
			buf_adds(&out, woman ? PICK(demo_mid_f_new, r2) : PICK(demo_mid_m_new, r2));
		}
		buf_addc(&out, ' ');
		uint32_t r3 = u32(h + 8);
		if (woman)
			buf_adds(&out,
				young ? PICK(demo_given_f_new, r3) : PICK(demo_given_f_old, r3));
		else
			buf_adds(&out,
				young ? PICK(demo_given_m_new, r3) : PICK(demo_given_m_old, r3));
		if (!strmap_get(&a->originals, out.s, NULL))
			break;
	}
	idx = keep_made(a, out.s);
	strmap_put(&a->names, k.s, idx);
	buf_free(&k);
	buf_free(&out);
	return a->made[idx];
}

/*
 * Returns the replacement of a unique code s[0..len) (a citizen ID or card number): its
 * first keep characters, then digits drawn from the hash up to the same length, drawn again
 * until the code is neither an original nor already produced.
 */
static const char *fake_code(
	struct anon *a, const char *salt, const char *s, size_t len, size_t keep)
{
	struct buf k = BUF_INIT, out = BUF_INIT;
	int64_t idx;
	buf_addf(&k, "%s:", salt);
	buf_add(&k, s, len);
	if (strmap_get(&a->ids, k.s, &idx)) {
		buf_free(&k);
		return a->made[idx];
	}
	if (keep > len)
		keep = len;
	for (unsigned n = 0;; n++) {
		unsigned char h[16];
		hash(a, k.s, k.len, salt, n, h);
		/* After 64 draws (a crowded prefix) the kept part is drawn too. */
		size_t k = n < 64 ? keep : 0;
		buf_reset(&out);
		buf_add(&out, s, k);
		for (size_t i = k; i < len; i++)
			buf_addc(&out, (char)('0' + h[i % 16] % 10));
		if (!strmap_get(&a->originals, out.s ? out.s : "", NULL) &&
			strmap_add(&a->used, out.s ? out.s : "", 1, NULL))
			break;
	}
	idx = keep_made(a, out.s ? out.s : "");
	strmap_put(&a->ids, k.s, idx);
	buf_free(&k);
	buf_free(&out);
	return a->made[idx];
}

/* Returns the login's replacement: "admin" stays, others become "tk-" and 8 hex digits. */
static const char *fake_login(struct anon *a, const char *s, size_t len)
{
	struct buf k = BUF_INIT;
	int64_t idx;
	buf_add(&k, s, len);
	if (strmap_get(&a->logins, k.s ? k.s : "", &idx)) {
		buf_free(&k);
		return a->made[idx];
	}
	char out[16];
	if (len == 5 && memcmp(s, "admin", 5) == 0) {
		snprintf(out, sizeof(out), "admin");
	} else {
		unsigned char h[16];
		hash(a, s, len, "login", 0, h);
		snprintf(out, sizeof(out), "tk-%08x", (unsigned)u32(h));
	}
	idx = keep_made(a, out);
	strmap_put(&a->logins, k.s ? k.s : "", idx);
	buf_free(&k);
	return a->made[idx];
}

static void set_text(struct store_value *v, const char *s)
{
	v->type = STORE_TEXT;
	v->p = s;
	v->len = (int)strlen(s);
}

/* Finds the columns names[] of the current table (once per table). */
static void find_cols(
	struct anon *a, const char *table, const struct store_names *cols, const char *const *names)
{
	if (a->cur.table == table)
		return;
	a->cur.table = table;
	for (int i = 0; i < NCOLS; i++) {
		a->cur.c[i] = -1;
		for (size_t j = 0; names[i] && j < cols->n; j++)
			if (strcmp(cols->v[j], names[i]) == 0)
				a->cur.c[i] = (int)j;
	}
}

#define COL(i) (a->cur.c[i] >= 0 ? &v[a->cur.c[i]] : NULL)
#define IS_TEXT(x) ((x) && (x)->type == STORE_TEXT)

static void person_row(struct anon *a, const struct store_names *cols, struct store_value *v)
{
	static const char *const names[NCOLS] = {
		"id", "full_name", "name_key", "sort_key", "gender", "birth_date", "citizen_id"};
	find_cols(a, "person", cols, names);
	struct store_value *id = COL(0), *full = COL(1), *key = COL(2), *sort = COL(3),
			   *gender = COL(4), *birth = COL(5), *cid = COL(6);
	a->people++;
	if (IS_TEXT(full)) {
		const char *n = fake_name(a, full->p, (size_t)full->len,
			gender && gender->type == STORE_INT ? (int)gender->i : 0);
		buf_reset(&a->fold);
		buf_reset(&a->sort);
		vn_fold(n, strlen(n), &a->fold);
		vn_name_sort_key(n, strlen(n), &a->sort);
		set_text(full, n);
		if (key)
			set_text(key, a->fold.s ? a->fold.s : "");
		if (sort) {
			sort->type = STORE_BLOB;
			sort->p = a->sort.s;
			sort->len = (int)a->sort.len;
		}
	}
	if (birth && birth->type == STORE_INT && id && id->type == STORE_INT) {
		unsigned char h[16];
		char idtext[24];
		int y;
		snprintf(idtext, sizeof(idtext), "%lld", (long long)id->i);
		hash(a, idtext, strlen(idtext), "birth", 0, h);
		date_t d = (date_t)birth->i, jan1;
		date_to_ymd(d, &y, NULL, NULL);
		jan1 = date_from_ymd(y, 1, 1);
		d -= 1 + (date_t)(h[0] % 14);
		birth->i = d < jan1 ? jan1 : d;
	}
	if (IS_TEXT(cid))
		set_text(cid, fake_code(a, "cid", cid->p, (size_t)cid->len, 6));
}

/* Removes "ref_label" and "text" from a candidate event's JSON data. */
static void scrub_event_data(struct anon *a, struct store_value *data)
{
	json_t *j = json_loadb(data->p, (size_t)data->len, 0, NULL);
	if (!json_is_object(j)) {
		json_decref(j);
		set_text(data, "{}");
		return;
	}
	json_object_del(j, "ref_label");
	json_object_del(j, "text");
	char *s = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
	buf_reset(&a->json);
	buf_adds(&a->json, s ? s : "{}");
	free(s);
	json_decref(j);
	set_text(data, a->json.s);
}

static enum ptdv_err anon_row(void *arg, const char *table, const struct store_names *cols,
	struct store_value *v, bool *keep)
{
	struct anon *a = arg;
	if (strcmp(table, "person") == 0) {
		person_row(a, cols, v);
	} else if (strcmp(table, "member") == 0) {
		static const char *const names[NCOLS] = {"card_no"};
		find_cols(a, table, cols, names);
		struct store_value *card = COL(0);
		if (IS_TEXT(card))
			set_text(card, fake_code(a, "card", card->p, (size_t)card->len, 2));
	} else if (strcmp(table, "app_user") == 0) {
		static const char *const names[NCOLS] = {"login", "full_name"};
		find_cols(a, table, cols, names);
		struct store_value *login = COL(0), *full = COL(1);
		if (IS_TEXT(login))
			set_text(login, fake_login(a, login->p, (size_t)login->len));
		if (IS_TEXT(full))
			set_text(full, fake_name(a, full->p, (size_t)full->len, 0));
	} else if (strcmp(table, "audit") == 0) {
		static const char *const names[NCOLS] = {
			"actor", "entity", "entity_key", "before", "after"};
		find_cols(a, table, cols, names);
		struct store_value *actor = COL(0), *entity = COL(1), *ekey = COL(2),
				   *before = COL(3), *after = COL(4);
		static const char *const keep_keys[] = {
			"org", "term", "target", "referral_target", "database"};
		bool keep_key = false;
		for (size_t i = 0; IS_TEXT(entity) && i < sizeof(keep_keys) / sizeof(*keep_keys);
			i++)
			keep_key = keep_key || ((size_t)entity->len == strlen(keep_keys[i]) &&
						       memcmp(entity->p, keep_keys[i],
							       (size_t)entity->len) == 0);
		if (IS_TEXT(actor))
			set_text(actor, fake_login(a, actor->p, (size_t)actor->len));
		if (ekey && !keep_key)
			ekey->type = STORE_NULL;
		if (before)
			before->type = STORE_NULL;
		if (after)
			after->type = STORE_NULL;
	} else if (strcmp(table, "candidate_event") == 0) {
		static const char *const names[NCOLS] = {"recorded_by", "data"};
		find_cols(a, table, cols, names);
		struct store_value *by = COL(0), *data = COL(1);
		if (IS_TEXT(by))
			set_text(by, fake_login(a, by->p, (size_t)by->len));
		if (IS_TEXT(data))
			scrub_event_data(a, data);
	} else if (strcmp(table, "session") == 0 || strcmp(table, "login_attempt") == 0 ||
		   strcmp(table, "api_token") == 0 || strcmp(table, "person_word") == 0) {
		/* person_word holds the real names' words: anon_end writes the fake ones. */
		*keep = false;
	}
	return PTDV_OK;
}

/* The name words of the fake names, from the copied people. */
static enum ptdv_err anon_end(void *arg, struct store *to)
{
	(void)arg;
	return store_person_words_rebuild(to);
}

/* The pre-pass: every real name, citizen ID and card number, so none is ever produced. */
static enum ptdv_err collect(void *arg, const struct store_value *v, size_t n)
{
	struct anon *a = arg;
	for (size_t i = 0; i < n; i++) {
		if (v[i].type != STORE_TEXT)
			continue;
		char *s = xmalloc((size_t)v[i].len + 1);
		memcpy(s, v[i].p, (size_t)v[i].len);
		s[v[i].len] = '\0';
		strmap_put(&a->originals, s, 1);
		free(s);
	}
	return PTDV_OK;
}

static enum ptdv_err anon_start(void *arg, struct store *st, struct msgs *errs)
{
	static char *person_cols[] = {"full_name", "citizen_id"};
	static char *member_cols[] = {"card_no"};
	static char *user_cols[] = {"full_name"};
	const struct {
		const char *table;
		struct store_names cols;
	} scans[] = {
		{"person", {person_cols, 2}},
		{"member", {member_cols, 1}},
		{"app_user", {user_cols, 1}},
	};
	(void)errs;
	for (size_t i = 0; i < sizeof(scans) / sizeof(scans[0]); i++) {
		enum ptdv_err err =
			store_table_each(st, scans[i].table, &scans[i].cols, NULL, collect, arg);
		if (err)
			return err;
	}
	return PTDV_OK;
}

enum ptdv_err app_anonymize(const char *from_url, const char *to_url, const char *actor,
	volatile int *cancel, bool progress, struct app_anonymize_result *res, struct msgs *errs)
{
	struct anon a = {0};
	struct app_copy_result cr;
	if (sodium_init() < 0)
		abort();
	randombytes_buf(a.key, sizeof(a.key));
	buf_init(&a.name, 0);
	buf_init(&a.fold, 0);
	buf_init(&a.sort, 0);
	buf_init(&a.json, 0);
	const struct app__copy_hooks hooks = {
		.arg = &a,
		.start = anon_start,
		.row = anon_row,
		.end = anon_end,
		.audit_in = "anonymize.in",
		.audit_out = "anonymize.out",
	};
	memset(res, 0, sizeof(*res));
	enum ptdv_err err =
		app__copy(from_url, to_url, NULL, actor, cancel, progress, &hooks, &cr, errs);
	if (!err) {
		res->tables = cr.tables;
		res->rows = cr.rows;
		res->seconds = cr.seconds;
		res->people = a.people;
	}
	sodium_memzero(a.key, sizeof(a.key));
	strmap_free(&a.originals);
	strmap_free(&a.used);
	strmap_free(&a.names);
	strmap_free(&a.logins);
	strmap_free(&a.ids);
	for (size_t i = 0; i < a.nmade; i++)
		free(a.made[i]);
	free(a.made);
	buf_free(&a.name);
	buf_free(&a.fold);
	buf_free(&a.sort);
	buf_free(&a.json);
	return err;
}
