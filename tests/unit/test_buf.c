/* test_buf.c — the small util modules: buf, msgs, strmap, err. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/err.h"
#include "util/msgs.h"
#include "util/strmap.h"

static void test_buf_basics(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	assert_string_equal(b.s, "");
	buf_adds(&b, "Đảng");
	buf_addc(&b, ' ');
	buf_addf(&b, "%d-%s", 42, "x");
	assert_string_equal(b.s, "Đảng 42-x");
	assert_int_equal(b.len, strlen("Đảng 42-x"));
	buf_setlen(&b, strlen("Đảng"));
	assert_string_equal(b.s, "Đảng");
	for (int i = 0; i < 10000; i++)
		buf_addc(&b, 'a');
	assert_int_equal(b.len, strlen("Đảng") + 10000);
	char *s = buf_detach(&b);
	assert_string_equal(b.s, "");
	assert_int_equal(strlen(s), strlen("Đảng") + 10000);
	free(s);
	buf_free(&b); /* freeing an empty buffer is fine */
	s = buf_detach(&b);
	assert_string_equal(s, "");
	free(s);
}

static void test_buf_cap(void **state)
{
	(void)state;
	struct buf b;
	buf_init(&b, 8);
	buf_adds(&b, "12345");
	buf_adds(&b, "678");
	assert_false(b.toobig);
	buf_adds(&b, "9");
	assert_true(b.toobig);
	assert_string_equal(b.s, "12345678");
	buf_addf(&b, "%s", "long text");
	assert_string_equal(b.s, "12345678");
	buf_reset(&b);
	assert_false(b.toobig);
	assert_string_equal(b.s, "");
	buf_free(&b);
}

static void test_msgs(void **state)
{
	(void)state;
	struct msgs m;
	struct buf b = BUF_INIT;
	msgs_init(&m, 2);
	msgs_add(&m, 7, "Ngày sinh", "ngày %s không hợp lệ", "31/02/2000");
	msgs_add(&m, 3, NULL, "thiếu dữ liệu");
	msgs_add(&m, 9, "X", "dropped");
	assert_int_equal(msgs_count(&m), 3);
	assert_int_equal(m.n, 2);
	msgs_sort(&m);
	assert_int_equal(m.v[0].line, 3);
	msgs_render(&m, "a.csv", &b);
	assert_string_equal(b.s, "a.csv:3: thiếu dữ liệu\n"
				 "a.csv:7: cột 'Ngày sinh': ngày 31/02/2000 không hợp lệ\n"
				 "... và 1 lỗi khác không hiển thị.\n");
	buf_free(&b);
	msgs_free(&m);
	msgs_init(&m, 0);
	msgs_add(&m, 0, "--org", "không tìm thấy");
	msgs_render(&m, NULL, &b);
	assert_string_equal(b.s, "mục '--org': không tìm thấy\n");
	buf_free(&b);
	msgs_free(&m);
}

static void test_strmap(void **state)
{
	(void)state;
	struct strmap m = {0};
	char key[32];
	int64_t v = 0;
	assert_false(strmap_get(&m, "x", &v));
	for (int i = 0; i < 100000; i++) {
		snprintf(key, sizeof(key), "%012d", i * 7);
		assert_true(strmap_add(&m, key, i, NULL));
	}
	assert_false(strmap_add(&m, "000000000007", 99, &v));
	assert_int_equal(v, 1);
	for (int i = 0; i < 100000; i += 997) {
		snprintf(key, sizeof(key), "%012d", i * 7);
		assert_true(strmap_get(&m, key, &v));
		assert_int_equal(v, i);
	}
	assert_false(strmap_get(&m, "000000000001", NULL));
	strmap_put(&m, "000000000007", 5);
	assert_true(strmap_get(&m, "000000000007", &v));
	assert_int_equal(v, 5);
	assert_int_equal(m.used, 100000);
	strmap_free(&m);
}

static void test_err(void **state)
{
	(void)state;
	assert_int_equal(ptdv_err_exit_code(PTDV_OK), 0);
	assert_int_equal(ptdv_err_exit_code(PTDV_INVALID), 1);
	assert_int_equal(ptdv_err_exit_code(PTDV_USAGE), 2);
	assert_string_equal(ptdv_err_str(PTDV_NOTFOUND), "object not found");
	assert_string_equal(ptdv_err_str((enum ptdv_err)999), "unknown error");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_buf_basics),
		cmocka_unit_test(test_buf_cap),
		cmocka_unit_test(test_msgs),
		cmocka_unit_test(test_strmap),
		cmocka_unit_test(test_err),
	};
	return cmocka_run_group_tests_name("buf", tests, NULL, NULL);
}
