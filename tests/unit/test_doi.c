#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "cix.h"

static const struct {
	const char *in;
	const char *out;	/* NULL: not a DOI */
} norm_cases[] = {
	{ "10.1037/h0095655", "10.1037/h0095655" },
	{ "10.1037/H0095655", "10.1037/h0095655" },
	{ "doi:10.1080/26408066.2022.2118006", "10.1080/26408066.2022.2118006" },
	{ "DOI 10.1037/h0095655", "10.1037/h0095655" },
	{ "DOI DOI 10.1098/RSTA.1904.0024", "10.1098/rsta.1904.0024" },
	{ "https://doi.org/10.1186/1472-6963-13-188", "10.1186/1472-6963-13-188" },
	{ "http://dx.doi.org/10.1126/SCIENCE.169.3946.635", "10.1126/science.169.3946.635" },
	{ "  urn:doi:10.5555/12345678 ", "10.5555/12345678" },
	{ "info:doi/10.5555/x", "10.5555/x" },
	{ "10.1063%2F1.881498", "10.1063/1.881498" },
	{ "10.1037/h0095655.", "10.1037/h0095655" },
	{ "10.1175//2572.1", "10.1175//2572.1" },
	{ "10.1655/0733-1347(2003)017[0145:ELABIT]2.0.CO;2",
	  "10.1655/0733-1347(2003)017[0145:elabit]2.0.co;2" },
	/* non-ASCII letters are not folded */
	{ "10.1234/ÄB", "10.1234/Äb" },
	{ "10.123/x", NULL },		/* prefix too short */
	{ "10.1234/", NULL },		/* empty suffix */
	{ "10.1234/a b", NULL },	/* white space */
	{ "11.1234/x", NULL },
	{ "", NULL },
	{ "doi:", NULL },
	{ "WOS:000317159900002", NULL },
};

static void
test_normalise(void **state)
{
	struct cix_buf b;
	size_t i;
	int rc;

	cix_buf_init(&b, 0);
	for (i = 0; i < sizeof(norm_cases) / sizeof(norm_cases[0]); i++) {
		cix_buf_reset(&b);
		cix_buf_adds(&b, "X");
		rc = cix_doi_normalise(&b, norm_cases[i].in,
		    strlen(norm_cases[i].in));
		if (norm_cases[i].out == NULL) {
			if (rc != CIX_EINVAL)
				fail_msg("'%s' accepted as '%s'",
				    norm_cases[i].in, b.p);
			assert_string_equal(b.p, "X");
		} else {
			if (rc != CIX_OK)
				fail_msg("'%s' rejected", norm_cases[i].in);
			assert_string_equal(b.p + 1, norm_cases[i].out);
			assert_true(cix_doi_is_normal(b.p + 1, b.len - 1));
		}
	}
	cix_buf_release(&b);
}

static void
test_find(void **state)
{
	const char *t = "Diabetologia. doi: 10.1007/s00125-016-4123-0 .";
	const char *t2 = "(doi:10.1210/en.2016-1335)";
	const char *t3 = "X, 2003, V17, P145, DOI 10.1655/0733-1347(2003)017[0145:ELABIT]2.0.CO;2";
	const char *p;
	size_t n;

	p = cix_doi_find(t, strlen(t), &n);
	assert_non_null(p);
	assert_int_equal(n, strlen("10.1007/s00125-016-4123-0"));
	p = cix_doi_find(t2, strlen(t2), &n);
	assert_non_null(p);
	assert_memory_equal(p, "10.1210/en.2016-1335", n);
	assert_int_equal(n, 20);
	p = cix_doi_find(t3, strlen(t3), &n);
	assert_non_null(p);
	assert_int_equal(n, strlen("10.1655/0733-1347(2003)017[0145:ELABIT]2.0.CO;2"));
	assert_null(cix_doi_find("no doi here 10.12/x", 19, &n));
	assert_null(cix_doi_find("110.1234/x", 10, &n));
}

static void
test_urlencode(void **state)
{
	struct cix_buf b;

	cix_buf_init(&b, 0);
	cix_doi_urlencode(&b, "10.1890/0012-9658(2006)87[2832:tiopma]2.0.co;2", 1);
	assert_string_equal(b.p,
	    "10.1890/0012-9658%282006%2987%5B2832%3Atiopma%5D2.0.co%3B2");
	cix_buf_reset(&b);
	cix_doi_urlencode(&b, "10.1126/science.169", 0);
	assert_string_equal(b.p, "10.1126%2Fscience.169");
	cix_buf_release(&b);
}

static void
test_keyform(void **state)
{
	struct cix_buf b;

	cix_buf_init(&b, 0);
	cix_keyform(&b, "O'Shea-Müller, Ø.", strlen("O'Shea-Müller, Ø."));
	assert_string_equal(b.p, "OSHEAMULLERO");
	cix_buf_reset(&b);
	cix_keyform(&b, "Straße\xff", strlen("Straße\xff"));
	assert_string_equal(b.p, "STRASSE");
	cix_buf_release(&b);
}

static void
test_parse_long(void **state)
{
	long v;

	assert_int_equal(cix_parse_long("123", 3, &v), CIX_OK);
	assert_int_equal(v, 123);
	assert_int_equal(cix_parse_long("-5", 2, &v), CIX_OK);
	assert_int_equal(v, -5);
	assert_int_equal(cix_parse_long("", 0, &v), CIX_EINVAL);
	assert_int_equal(cix_parse_long("12a", 3, &v), CIX_EINVAL);
	assert_int_equal(cix_parse_long("99999999999999999999", 20, &v),
	    CIX_EINVAL);
	assert_int_equal(cix_leading_number("84-97", 5), 84);
	assert_int_equal(cix_leading_number("e12", 3), -1);
}

static void
test_utf8(void **state)
{
	assert_int_equal(cix_utf8_check("abc", 3), 3);
	assert_int_equal(cix_utf8_check("a\xc3\xa9z", 4), 4);
	assert_int_equal(cix_utf8_check("a\xc3", 2), 1);		/* truncated */
	assert_int_equal(cix_utf8_check("\xc0\xaf", 2), 0);	/* overlong */
	assert_int_equal(cix_utf8_check("\xed\xa0\x80", 3), 0);	/* surrogate */
	assert_int_equal(cix_utf8_check("\xf4\x90\x80\x80", 4), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_normalise),
		cmocka_unit_test(test_find),
		cmocka_unit_test(test_urlencode),
		cmocka_unit_test(test_keyform),
		cmocka_unit_test(test_parse_long),
		cmocka_unit_test(test_utf8),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
