/*
 * test_demo_pipeline.c — the demo city's admission pipeline: its cases obey the rules as the
 * app checks them (a sample replayed with app_candidate_verify), every admission since 2010
 * came through it, what happened by a day is the same whatever day the demo runs until,
 * and on its last day it has a live pipeline with due and overdue cases.
 */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app_pipeline.h"
#include "report/pipeline.h"
#include "store/store.h"
#include "store/store_pipeline.h"
#include "util/buf.h"

#define UNTIL "2026-11-27"

/* The demo city until UNTIL, shared by the tests (made once: it takes a while on PostgreSQL). */
static struct app *city;

static struct app *demo(const char *name, const char *until)
{
	struct msgs errs;
	struct app_demo_result res;
	msgs_init(&errs, 0);
	struct app *app = tu_app(name, tu_date(until));
	assert_int_equal(app_demo(app, tu_date(until), &res, &errs), PTDV_OK);
	msgs_free(&errs);
	return app;
}

struct ids {
	int64_t *v;
	size_t n, a;
	struct buf text; /* one line per case: name, cell and the stage dates */
	date_t cut;
};

static enum ptdv_err collect(void *arg, const struct store_case_row *r)
{
	struct ids *x = arg;
	if (x->n == x->a) {
		x->a = x->a ? 2 * x->a : 1024;
		x->v = realloc(x->v, x->a * sizeof(*x->v));
	}
	x->v[x->n++] = r->id;
	struct cand_summary s;
	core_candidate_summary_at(r->sum, x->cut, &s);
	buf_addf(&x->text, "%s|%s|%d|%d", r->name, r->org_code, (int)s.stage, (int)s.outcome);
	for (int k = 1; k < STAGE__MAX; k++)
		buf_addf(&x->text, "|%d", (int)s.entered[k]);
	buf_addc(&x->text, '\n');
	return PTDV_OK;
}

static int line_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The cases begun by cut, each as a line of its stage dates on cut, sorted. */
static char *cases_on(struct app *app, date_t cut, struct ids *ids)
{
	memset(ids, 0, sizeof(*ids));
	ids->cut = cut;
	struct org city = {0};
	assert_int_equal(store_org_by_code(app->st, "TP-BN", &city), PTDV_OK);
	assert_int_equal(store_case_each(app->st, city.path, cut, false, collect, ids), PTDV_OK);
	core_org_clear(&city);
	/* Sort the lines: case numbers differ between databases, names and dates do not. */
	char **lines = malloc((ids->n + 1) * sizeof(*lines));
	size_t n = 0;
	for (char *p = strtok(ids->text.s, "\n"); p; p = strtok(NULL, "\n"))
		lines[n++] = p;
	qsort(lines, n, sizeof(*lines), line_cmp);
	struct buf out = BUF_INIT;
	for (size_t i = 0; i < n; i++)
		buf_addf(&out, "%s\n", lines[i]);
	free(lines);
	return buf_detach(&out);
}

static int setup(void **state)
{
	(void)state;
	city = demo("demo-pipe.db", UNTIL);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	app_close(city);
	return 0;
}

static void test_cases_obey_the_rules(void **state)
{
	(void)state;
	struct app *app = city;
	struct ids ids;
	char *text = cases_on(app, tu_date(UNTIL), &ids);
	free(text);
	assert_true(ids.n > 3000);
	struct msgs errs, found;
	msgs_init(&errs, 0);
	msgs_init(&found, 0);
	size_t checked = 0;
	for (size_t i = 0; i < ids.n; i += 7) {
		assert_int_equal(app_candidate_verify(app, ids.v[i], &found, &errs), PTDV_OK);
		checked++;
	}
	if (found.n) {
		for (size_t i = 0; i < found.n && i < 40; i++)
			fprintf(stderr, "%s: %s\n", found.v[i].field ? found.v[i].field : "",
				found.v[i].text);
		fail_msg("%zu problems in %zu cases", found.n, checked);
	}
	/* Every admission since 2010 has its case and its events. */
	struct app_case_list l;
	assert_int_equal(
		app_candidate_list(app, "TP-BN", tu_date(UNTIL), true, 0, &l, &errs), PTDV_OK);
	size_t admitted = 0;
	for (size_t i = 0; i < l.n; i++)
		admitted += l.v[i].sum.entered[STAGE_CEREMONY] != DATE_NONE &&
			    l.v[i].sum.entered[STAGE_DECISION] >= tu_date("2020-10-01") &&
			    l.v[i].sum.entered[STAGE_DECISION] <= tu_date("2024-04-22");
	assert_int_equal(admitted, 652);
	app_case_list_free(&l);
	free(ids.v);
	buf_free(&ids.text);
	msgs_free(&found);
	msgs_free(&errs);
}

/* The pipeline on a day is the same whatever day the demo runs until. */
static void test_as_of_any_until(void **state)
{
	(void)state;
	struct app *a = demo("demo-pipe-a.db", "2025-06-30");
	struct app *b = city;
	date_t cut = tu_date("2025-06-30");
	struct ids ia, ib;
	char *ta = cases_on(a, cut, &ia), *tb = cases_on(b, cut, &ib);
	assert_int_equal(ia.n, ib.n);
	assert_string_equal(ta, tb);
	free(ta);
	free(tb);
	free(ia.v);
	free(ib.v);
	buf_free(&ia.text);
	buf_free(&ib.text);
	/* The deadlines of that day too. */
	struct due_report ra, rb;
	struct buf ja = BUF_INIT, jb = BUF_INIT;
	struct msgs errs;
	msgs_init(&errs, 0);
	assert_int_equal(app_due(a, "TP-BN", cut, 30, &ra, &errs), PTDV_OK);
	assert_int_equal(app_due(b, "TP-BN", cut, 30, &rb, &errs), PTDV_OK);
	assert_int_equal(ra.open_cases, rb.open_cases);
	assert_int_equal(ra.n, rb.n);
	for (size_t i = 0; i < ra.n; i++) {
		assert_string_equal(ra.rows[i].name, rb.rows[i].name);
		assert_int_equal(ra.rows[i].due.due, rb.rows[i].due.due);
		assert_int_equal(ra.rows[i].due.kind, rb.rows[i].due.kind);
	}
	report_due_free(&ra);
	report_due_free(&rb);
	buf_free(&ja);
	buf_free(&jb);
	msgs_free(&errs);
	app_close(a);
}

/* A live pipeline on the last day: about 400 open cases over the stages, some overdue. */
static void test_live_pipeline(void **state)
{
	(void)state;
	struct app *app = city;
	struct msgs errs;
	struct due_report r;
	msgs_init(&errs, 0);
	assert_int_equal(app_due(app, "TP-BN", tu_date(UNTIL), 30, &r, &errs), PTDV_OK);
	assert_true(r.open_cases >= 350 && r.open_cases <= 600);
	assert_true(r.overdue >= 1);
	int kinds[DUE__MAX] = {0};
	for (size_t i = 0; i < r.n; i++)
		kinds[r.rows[i].due.kind]++;
	assert_true(kinds[DUE_PROBATION_END] >= 5); /* probations ending within the month */
	assert_true(kinds[DUE_CEREMONY] + kinds[DUE_DECISION] >= 1);
	report_due_free(&r);
	/* Within a year some certificates run out before the cell has voted. */
	assert_int_equal(app_due(app, "TP-BN", tu_date(UNTIL), 365, &r, &errs), PTDV_OK);
	int certs = 0;
	for (size_t i = 0; i < r.n; i++)
		certs += r.rows[i].due.kind == DUE_CERTIFICATE;
	assert_true(certs >= 1);
	report_due_free(&r);
	struct app_case_list l;
	assert_int_equal(
		app_candidate_list(app, "TP-BN", tu_date(UNTIL), false, 0, &l, &errs), PTDV_OK);
	int stages[STAGE__MAX] = {0};
	for (size_t i = 0; i < l.n; i++)
		stages[l.v[i].sum.stage]++;
	for (int k = STAGE_SOURCE; k < STAGE__MAX; k++)
		if (k != STAGE_CEREMONY && k != STAGE_COMMITTEE)
			assert_true(stages[k] > 0);
	app_case_list_free(&l);
	msgs_free(&errs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cases_obey_the_rules),
		cmocka_unit_test(test_as_of_any_until),
		cmocka_unit_test(test_live_pipeline),
	};
	return cmocka_run_group_tests_name("demo_pipeline", tests, setup, teardown);
}
