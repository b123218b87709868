#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "cix.h"

static void
test_add_and_detach(void **state)
{
	struct cix_buf b;
	char *p;
	size_t n;

	cix_buf_init(&b, 0);
	assert_string_equal(b.p, "");
	assert_int_equal(cix_buf_adds(&b, "abc"), CIX_OK);
	assert_int_equal(cix_buf_addch(&b, 'd'), CIX_OK);
	assert_int_equal(cix_buf_addf(&b, "%d-%s", 42, "x"), CIX_OK);
	assert_string_equal(b.p, "abcd42-x");
	assert_int_equal(b.len, 8);
	p = cix_buf_detach(&b, &n);
	assert_string_equal(p, "abcd42-x");
	assert_int_equal(n, 8);
	assert_string_equal(b.p, "");
	free(p);
	cix_buf_release(&b);
}

static void
test_cap(void **state)
{
	struct cix_buf b;

	cix_buf_init(&b, 4);
	assert_int_equal(cix_buf_adds(&b, "abcd"), CIX_OK);
	assert_int_equal(cix_buf_addch(&b, 'e'), CIX_ETOOBIG);
	assert_string_equal(b.p, "abcd");
	assert_int_equal(cix_buf_addf(&b, "%s", "zz"), CIX_ETOOBIG);
	assert_int_equal(b.len, 4);
	cix_buf_release(&b);
}

static void
test_rtrim_setlen(void **state)
{
	struct cix_buf b;

	cix_buf_init(&b, 0);
	cix_buf_adds(&b, "word \t\r\n");
	cix_buf_rtrim(&b);
	assert_string_equal(b.p, "word");
	cix_buf_setlen(&b, 2);
	assert_string_equal(b.p, "wo");
	cix_buf_setlen(&b, 10);
	assert_string_equal(b.p, "wo");
	cix_buf_reset(&b);
	assert_string_equal(b.p, "");
	cix_buf_release(&b);
}

static void
test_detach_empty(void **state)
{
	struct cix_buf b;
	char *p;

	cix_buf_init(&b, 0);
	p = cix_buf_detach(&b, NULL);
	assert_non_null(p);
	assert_string_equal(p, "");
	free(p);
}

static void
test_arena(void **state)
{
	struct cix_arena a;
	char *s, *big;
	int oom = 0;

	cix_arena_init(&a, 0);
	s = cix_arena_strdup(&a, "hello");
	assert_string_equal(s, "hello");
	big = cix_arena_alloc(&a, 100000);
	assert_non_null(big);
	memset(big, 'x', 100000);
	assert_string_equal(s, "hello");
	s = cix_arena_strclean(&a, "  a \t b\n\nc  ", 12, &oom);
	assert_string_equal(s, "a b c");
	assert_null(cix_arena_strclean(&a, " \t ", 3, &oom));
	assert_int_equal(oom, 0);
	cix_arena_reset(&a);
	s = cix_arena_strdup(&a, "again");
	assert_string_equal(s, "again");
	cix_arena_release(&a);

	cix_arena_init(&a, 100);
	assert_null(cix_arena_alloc(&a, 1000));
	cix_arena_release(&a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_add_and_detach),
		cmocka_unit_test(test_cap),
		cmocka_unit_test(test_rtrim_setlen),
		cmocka_unit_test(test_detach_empty),
		cmocka_unit_test(test_arena),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
