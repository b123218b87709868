/* test_latex.c - escaping for BibTeX and LaTeX (latex.c). */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "cix.h"
#include "latex.h"

struct tcase {
	const char *in;
	const char *utf8;	/* without CIX_LATEX_ASCII */
	const char *ascii;	/* with it (NULL: as utf8) */
};

static const struct tcase escape_cases[] = {
	{ "plain text", "plain text", NULL },
	{ "  spaces\t\tand\nlines  ", "spaces and lines", NULL },
	{ "50% & 1#2 $x_y$", "50\\% \\& 1\\#2 \\$x\\_y\\$", NULL },
	{ "\\input{/etc/passwd}",
	  "{\\textbackslash}input{\\textbraceleft}/etc/passwd"
	  "{\\textbraceright}", NULL },
	{ "a}b{", "a{\\textbraceright}b{\\textbraceleft}", NULL },
	{ "~^<i>", "{\\textasciitilde}{\\textasciicircum}{\\textless}i"
	  "{\\textgreater}", NULL },
	{ "caf\xc3\xa9", "caf\xc3\xa9", "caf{\\'e}" },
	{ "na\xc3\xafve", "na\xc3\xafve", "na{\\\"\\i}ve" },
	/* a letter and a combining accent */
	{ "e\xcc\x81t\xcc\x81", "\xc3\xa9{\\'t}", "{\\'e}{\\'t}" },
	{ "\xc5\x81\xc3\xb3" "d\xc5\xba", "\xc5\x81\xc3\xb3" "d\xc5\xba",
	  "{\\L}{\\'o}d{\\'z}" },
	{ "\xc5\xa1\xc3\xa7", "\xc5\xa1\xc3\xa7", "{\\v{s}}{\\c{c}}" },
	{ "\xe2\x80\x9cq\xe2\x80\x9d \xe2\x80\x93 \xe2\x80\x94",
	  "\xe2\x80\x9cq\xe2\x80\x9d \xe2\x80\x93 \xe2\x80\x94",
	  "``q'' -- ---" },
	{ "\xce\xb1 \xe2\x89\xa4 5", "\xce\xb1 \xe2\x89\xa4 5",
	  "{$\\alpha$} {$\\leq$} 5" },
	/* no LaTeX form: '?' in ASCII */
	{ "\xe4\xb8\xad", "\xe4\xb8\xad", "?" },
	/* invalid UTF-8 */
	{ "a\xff" "b", "a\xef\xbf\xbd" "b", "a?b" },
	/* controls and a BOM are dropped or spaced */
	{ "\xef\xbb\xbf" "a\x01" "b", "a b", NULL },
	{ "a\xc2\xa0" "b", "a\xc2\xa0" "b", "a b" },
	{ "", "", NULL },
};

static void
test_escape(void **state)
{
	struct cix_buf b;
	size_t i, bad;
	int m;

	(void)state;
	cix_buf_init(&b, 1 << 20);
	for (i = 0; i < sizeof(escape_cases) / sizeof(escape_cases[0]); i++) {
		const struct tcase *t = &escape_cases[i];

		for (m = 0; m < 2; m++) {
			const char *want = m && t->ascii ? t->ascii : t->utf8;

			cix_buf_reset(&b);
			assert_int_equal(cix_latex_escape(&b, t->in,
			    strlen(t->in), m ? CIX_LATEX_ASCII : 0), CIX_OK);
			if (strcmp(b.p, want) != 0)
				fail_msg("'%s' (%s): got '%s', want '%s'", t->in,
				    m ? "ascii" : "utf8", b.p, want);
			if (!cix_latex_check(b.p, b.len, &bad))
				fail_msg("'%s' -> '%s': unsafe at %zu", t->in,
				    b.p, bad);
		}
	}
	cix_buf_release(&b);
}

static const struct tcase title_cases[] = {
	/* sentence case: acronyms and proper nouns */
	{ "Peer workers in the UK and in England",
	  "Peer workers in the {UK} and in {England}", NULL },
	{ "Effects of COVID-19 on mRNA vaccines",
	  "Effects of {COVID-19} on {mRNA} vaccines", NULL },
	{ "A review: The guiding vision",
	  "A review: The guiding vision", NULL },
	{ "Attitudes of non-European workers",
	  "Attitudes of {non-European} workers", NULL },
	{ "The iPhone and McDonald",
	  "The {iPhone} and {McDonald}", NULL },
	/* Title Case: acronyms only */
	{ "Peer Support Among Individuals With DNA",
	  "Peer Support Among Individuals With {DNA}", NULL },
	/* capitals: nothing */
	{ "PEER SUPPORT IN THE UK", "PEER SUPPORT IN THE UK", NULL },
	/* punctuation stays outside the braces */
	{ "Results (see HIV).", "Results (see {HIV}).", NULL },
	{ "tests of R&D here", "tests of {R\\&D} here", NULL },
	{ "Data from \xc3\x86r\xc3\xb8 island",
	  "Data from {\xc3\x86r\xc3\xb8} island",
	  "Data from {{\\AE}r{\\o}} island" },
	{ "", "", NULL },
};

static void
test_title(void **state)
{
	struct cix_buf b;
	size_t i, bad;
	int m;

	(void)state;
	cix_buf_init(&b, 1 << 20);
	for (i = 0; i < sizeof(title_cases) / sizeof(title_cases[0]); i++) {
		const struct tcase *t = &title_cases[i];

		for (m = 0; m < 2; m++) {
			const char *want = m && t->ascii ? t->ascii : t->utf8;

			cix_buf_reset(&b);
			assert_int_equal(cix_latex_title(&b, t->in,
			    strlen(t->in), m ? CIX_LATEX_ASCII : 0), CIX_OK);
			if (strcmp(b.p, want) != 0)
				fail_msg("'%s' (%s): got '%s', want '%s'", t->in,
				    m ? "ascii" : "utf8", b.p, want);
			if (!cix_latex_check(b.p, b.len, &bad))
				fail_msg("'%s' -> '%s': unsafe at %zu", t->in,
				    b.p, bad);
		}
	}
	cix_buf_release(&b);
}

static const struct {
	const char *in, *out;
} verb_cases[] = {
	{ "10.1002/(SICI)1097-4571(199806)49:8<693::AID-ASI4>3.0.CO;2-0",
	  "10.1002/(SICI)1097-4571(199806)49:8<693::AID-ASI4>3.0.CO;2-0" },
	{ "10.1234/x_y%#", "10.1234/x_y%#" },
	{ "10.1234/{a}\\b c", "10.1234/%7Ba%7D%5Cb%20c" },
	{ " https://x.org/a\xc2\xa0" "b ", "https://x.org/a%C2%A0b" },
	{ "a\xff", "a%FF" },
};

static void
test_verbatim(void **state)
{
	struct cix_buf b;
	size_t i;

	(void)state;
	cix_buf_init(&b, 1 << 20);
	for (i = 0; i < sizeof(verb_cases) / sizeof(verb_cases[0]); i++) {
		cix_buf_reset(&b);
		assert_int_equal(cix_latex_verbatim(&b, verb_cases[i].in,
		    strlen(verb_cases[i].in)), CIX_OK);
		assert_string_equal(b.p, verb_cases[i].out);
		assert_null(strchr(b.p, '{'));
		assert_null(strchr(b.p, '}'));
	}
	cix_buf_release(&b);
}

static const struct {
	const char *s;
	int ok;
} check_cases[] = {
	{ "plain", 1 },
	{ "{\\'e} \\& {$\\alpha$} {$^{2}$}", 1 },
	{ "{{}\\&DNA}", 1 },
	{ "a{b", 0 },
	{ "a}b", 0 },
	{ "50%", 0 },
	{ "a#b", 0 },
	{ "a_b", 0 },
	{ "a~b", 0 },
	{ "$x$", 0 },
	{ "<i>", 0 },
	{ "\\input{x}", 0 },
	{ "\\", 0 },
	{ "\\'e", 0 },		/* an accent outside a group */
	{ "{$\\alpha}", 0 },
};

static void
test_check(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(check_cases) / sizeof(check_cases[0]); i++)
		if (cix_latex_check(check_cases[i].s, strlen(check_cases[i].s),
		    NULL) != check_cases[i].ok)
			fail_msg("check('%s') != %d", check_cases[i].s,
			    check_cases[i].ok);
}

/* Every entry of the ASCII table is pure ASCII and passes the checker. */
static void
test_table(void **state)
{
	char tmp[8];
	const char *t;
	uint32_t cp;
	size_t n = 0, i;

	(void)state;
	for (cp = 0x80; cp < 0x10000; cp++) {
		if ((t = cix_latex_ascii(cp, tmp, sizeof(tmp))) == NULL)
			continue;
		n++;
		for (i = 0; t[i] != '\0'; i++)
			if ((unsigned char)t[i] >= 0x80)
				fail_msg("U+%04X: not ASCII", (unsigned)cp);
		if (!cix_latex_check(t, strlen(t), NULL))
			fail_msg("U+%04X: '%s' unsafe", (unsigned)cp, t);
	}
	assert_true(n > 600);
	assert_string_equal(cix_latex_ascii('&', tmp, sizeof(tmp)), "\\&");
	assert_string_equal(cix_latex_ascii('a', tmp, sizeof(tmp)), "a");
}

/* Out of memory: a capped buffer fails cleanly. */
static void
test_cap(void **state)
{
	struct cix_buf b;
	const char *s = "a long enough title with DNA in it";

	(void)state;
	cix_buf_init(&b, 8);
	assert_int_equal(cix_latex_escape(&b, s, strlen(s), 0), CIX_ETOOBIG);
	cix_buf_reset(&b);
	assert_int_equal(cix_latex_title(&b, s, strlen(s), 0), CIX_ETOOBIG);
	cix_buf_release(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_escape),
		cmocka_unit_test(test_title),
		cmocka_unit_test(test_verbatim),
		cmocka_unit_test(test_check),
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_cap),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
