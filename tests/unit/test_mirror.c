/*
 * test_mirror.c - the web-mirror record page reader.
 *
 * The seed page (../shared/seeds/000_*) is read where it is when present
 * (skipped otherwise, never copied); the fixtures in tests/data/mirror/
 * are invented pages covering English labels, several pages in one file,
 * missing sections and broken input.
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "cix.h"

#define SEED "000_9075bea9a3d2b228.txt"

struct warnings {
	size_t n;
	size_t line[64];
	char msg[64][160];
};

static void
collect(void *ctx, const char *file, size_t line, const char *msg)
{
	struct warnings *w = ctx;

	if (w->n < 64) {
		w->line[w->n] = line;
		snprintf(w->msg[w->n], sizeof(w->msg[0]), "%s", msg);
	}
	w->n++;
}

static int
has_warning(const struct warnings *w, size_t line, const char *part)
{
	size_t i;

	for (i = 0; i < w->n && i < 64; i++)
		if ((line == 0 || w->line[i] == line) &&
		    strstr(w->msg[i], part) != NULL)
			return 1;
	return 0;
}

static char *
path_of(const char *dir, const char *name)
{
	static char p[8192];

	snprintf(p, sizeof(p), "%s/%s", dir, name);
	return p;
}

static const char *
fixture(const char *name)
{
	const char *src = getenv("CIX_SRCDIR");
	static char p[4096];

	snprintf(p, sizeof(p), "%s/tests/data/mirror/%s", src ? src : ".",
	    name);
	return p;
}

/* Open path with format detection; the detected format must be mirror. */
static struct cix_reader *
open_file(const char *path, struct warnings *w)
{
	struct cix_input *in;
	struct cix_reader *rd;
	struct cix_error err;
	struct cix_reader_opts o = { collect, w };

	if (cix_input_open_file(&in, path, &err) < 0)
		fail_msg("cannot open '%s': %s", path, err.msg);
	if (cix_reader_open(&rd, in, NULL, &o, &err) < 0)
		fail_msg("'%s': %s", path, err.msg);
	assert_string_equal(cix_reader_format(rd), "mirror");
	return rd;
}

static struct cix_reader *
open_mem(const char *s, struct warnings *w)
{
	struct cix_input *in;
	struct cix_reader *rd;
	struct cix_error err;
	struct cix_reader_opts o = { collect, w };

	assert_int_equal(cix_input_open_mem(&in, "mem", s, strlen(s), &err),
	    CIX_OK);
	assert_int_equal(cix_reader_open(&rd, in, "mirror", &o, &err),
	    CIX_OK);
	return rd;
}

static const char *
extra(const struct cix_record *r, const char *tag, size_t nth)
{
	size_t i;

	for (i = 0; i < r->nextra; i++)
		if (strcmp(r->extra[i].tag, tag) == 0 && nth-- == 0)
			return r->extra[i].value;
	return NULL;
}

static int
linked(const struct cix_record *r, uint32_t au, uint32_t af)
{
	size_t i;

	for (i = 0; i < r->naa; i++)
		if (r->aa[i].author == au && r->aa[i].affil == af)
			return 1;
	return 0;
}

static void
parse_ref(struct cix_record *r, size_t i, struct cix_citedref *f)
{
	assert_true(i < r->nrefs);
	assert_int_equal(r->refs[i].parsed, 0);
	assert_int_equal(cix_citedref_parse(&r->arena, r->refs[i].raw,
	    strlen(r->refs[i].raw), f), CIX_OK);
}

/* ---------------------------------------------------------------------
 * Seed 000
 */

static void
test_seed(void **state)
{
	const char *root = getenv("CIX_TEST_DATA");
	char dir[4096];
	struct warnings w = { 0 };
	struct cix_reader *rd;
	struct cix_record r;
	struct cix_error err;
	struct cix_citedref f;
	FILE *fp;
	size_t i;

	/* the seeds live next to the data: ../shared/{data,seeds} */
	snprintf(dir, sizeof(dir), "%s/../seeds", root ? root :
	    "/work/shared/data");
	if ((fp = fopen(path_of(dir, SEED), "rb")) == NULL) {
		print_message("no seed in %s: skipped\n", dir);
		skip();
	}
	fclose(fp);

	rd = open_file(path_of(dir, SEED), &w);
	cix_record_init(&r);
	assert_int_equal(cix_reader_next(rd, &r, &err), 1);

	assert_string_equal(r.origin, "mirror");
	assert_int_equal(r.line, 1);
	assert_string_equal(r.title, "Peer Worker Perspectives on Barriers "
	    "and Facilitators: Implementation of Recovery-Oriented Practice "
	    "in a Public Mental Health Service");
	assert_int_equal(r.times_cited, 6);
	assert_string_equal(r.doi, "10.1080/26408066.2022.2118006");
	assert_string_equal(r.first_page, "84");
	assert_string_equal(r.last_page, "97");
	assert_int_equal(r.page_count, 14);
	assert_int_equal(r.nr, 67);

	assert_int_equal(r.nauthors, 2);
	assert_string_equal(r.authors[0].family, "Chisholm");
	assert_string_equal(r.authors[0].given, "Janice");
	assert_string_equal(r.authors[0].full, "Chisholm, Janice");
	assert_string_equal(r.authors[0].abbrev, "Chisholm, J");
	assert_string_equal(r.authors[1].family, "Petrakis");
	assert_string_equal(r.authors[1].given, "Melissa");
	assert_int_equal(r.naffils, 3);
	assert_string_equal(r.affils[0].address, "Monash Univ, Dept Social "
	    "Work, Fac Med Nursing & Hlth Sci, Melbourne, Vic, Australia");
	assert_string_equal(r.affils[2].address,
	    "St Vincents Hosp, Mental Hlth Serv, Melbourne, Vic, Australia");
	assert_int_equal(r.naa, 4);
	assert_true(linked(&r, 0, 0));
	assert_true(linked(&r, 0, 1));
	assert_true(linked(&r, 1, 0));
	assert_true(linked(&r, 1, 2));

	assert_int_equal(r.kw_author.n, 5);
	assert_string_equal(r.kw_author.v[0], "recovery-oriented practice");
	assert_string_equal(r.kw_author.v[4], "carers");
	assert_int_equal(r.kw_plus.n, 10);
	assert_string_equal(r.kw_plus.v[0], "LIVED EXPERIENCE");
	assert_string_equal(r.kw_plus.v[9], "CONSUMER");
	assert_string_equal(extra(&r, "CLC", 0),
	    "C916 [社会工作、社会管理、社会规划]");
	assert_null(extra(&r, "CLC", 1));
	assert_string_equal(extra(&r, "SUBJ", 0), "1204");
	assert_non_null(r.abstract);
	assert_true(strncmp(r.abstract, "Purpose: The use of recovery", 28) == 0);
	assert_non_null(strstr(r.abstract, "adoption of peer workers in mental "
	    "health services."));

	/* ten references, in both styles */
	assert_int_equal(r.nrefs, 10);
	assert_string_equal(r.refs[1].raw,
	    "[Anonymous], 2013, RETHINK RECOVERY SER");
	assert_string_equal(r.refs[4].raw, "Using peer workers with lived "
	    "experience to support the treatment of borderline personality "
	    "disorder: a qualitative study of consumer, carer and clinician "
	    "perspectives [J]. Barr, Karlen R.; Townsend, Michelle L.; "
	    "Grenyer, Brin F. S.. BORDERLINE PERSONALITY DISORDER AND EMOTION "
	    "DYSREGULATION, 2020, 7 (01)");
	assert_string_equal(r.refs[8].raw,
	    "Bryman A., 2008, Social research methods, V3rd ed.");
	for (i = 0; i < r.nrefs; i++) {
		parse_ref(&r, i, &f);
		assert_true(f.kind != CIX_REF_UNPARSED);
		assert_non_null(f.author);
		assert_true(f.year >= 1993 && f.year <= 2020);
		assert_non_null(f.source);
	}
	parse_ref(&r, 3, &f);
	assert_int_equal(f.ndois, 1);
	assert_string_equal(f.dois[0], "10.1037/h0095655");
	parse_ref(&r, 5, &f);
	assert_string_equal(f.author, "Bauer");
	assert_string_equal(f.source,
	    "INTERNATIONAL JOURNAL OF SOCIAL PSYCHIATRY");
	assert_string_equal(f.volume, "65");
	assert_string_equal(f.issue, "02");
	assert_string_equal(f.page, "136");
	parse_ref(&r, 9, &f);
	assert_string_equal(f.author, "Byrne");
	assert_string_equal(f.initials, "L");
	assert_int_equal(f.year, 2018);

	assert_int_equal(cix_reader_next(rd, &r, &err), 0);
	assert_int_equal(w.n, 0);
	cix_record_release(&r);
	cix_reader_free(rd);
}

/* ---------------------------------------------------------------------
 * Fixtures
 */

static void
test_english(void **state)
{
	struct warnings w = { 0 };
	struct cix_reader *rd = open_file(fixture("english.txt"), &w);
	struct cix_record r;
	struct cix_error err;
	struct cix_citedref f;

	cix_record_init(&r);
	assert_int_equal(cix_reader_next(rd, &r, &err), 1);
	assert_string_equal(r.title, "Peer support workers in community "
	    "mental health teams: an invented record page with English labels");
	assert_int_equal(r.times_cited, 3);
	assert_string_equal(r.doi, "10.5555/cix.mirror.0001");
	assert_string_equal(r.first_page, "12");
	assert_string_equal(r.last_page, "20");
	assert_int_equal(r.page_count, 9);
	assert_int_equal(r.nr, 5);
	assert_int_equal(r.nauthors, 3);
	assert_string_equal(r.authors[0].abbrev, "Example, AB");
	assert_string_equal(r.authors[2].family, "Specimen-Jones");
	assert_int_equal(r.naffils, 2);
	assert_int_equal(r.naa, 4);
	assert_true(linked(&r, 1, 0));
	assert_true(linked(&r, 1, 1));
	assert_true(linked(&r, 2, 1));
	/* COVID-19 has no lower case but comes before "recovery" */
	assert_int_equal(r.kw_author.n, 3);
	assert_string_equal(r.kw_author.v[1], "COVID-19");
	assert_int_equal(r.kw_plus.n, 3);
	assert_string_equal(r.kw_plus.v[0], "PEER SUPPORT");
	assert_string_equal(extra(&r, "CLC", 0), "R749 [Psychiatry]");
	assert_string_equal(extra(&r, "SUBJ", 0), "1002");
	assert_string_equal(r.abstract, "This abstract was written for the "
	    "cix test suite. It describes no real study.\nIt has a second "
	    "paragraph.");
	assert_int_equal(r.nrefs, 5);
	assert_string_equal(r.refs[1].raw, "A review of the literature on "
	    "peer support in mental health services [J]. Repper, Julie; "
	    "Carter, Tim. JOURNAL OF MENTAL HEALTH, 2011, 20 (04) :392-411");
	/* "[3] WoS text" on the [n] line itself */
	assert_string_equal(r.refs[2].raw,
	    "Glaser BG, 1967, DISCOVERY GROUNDED T");
	parse_ref(&r, 1, &f);
	assert_int_equal(f.kind, CIX_REF_ARTICLE);
	assert_string_equal(f.author, "Repper");
	assert_string_equal(f.initials, "J");
	assert_string_equal(f.page, "392");
	parse_ref(&r, 3, &f);
	assert_int_equal(f.kind, CIX_REF_BOOK);
	assert_string_equal(f.source, "INVENTED PRESS");
	parse_ref(&r, 4, &f);
	assert_int_equal(f.ndois, 1);
	assert_int_equal(cix_reader_next(rd, &r, &err), 0);
	assert_int_equal(w.n, 0);
	cix_record_release(&r);
	cix_reader_free(rd);
}

static void
test_two_pages(void **state)
{
	struct warnings w = { 0 };
	struct cix_reader *rd = open_file(fixture("two-pages.txt"), &w);
	struct cix_record r;
	struct cix_error err;

	cix_record_init(&r);
	assert_int_equal(cix_reader_next(rd, &r, &err), 1);
	assert_int_equal(r.line, 1);
	assert_string_equal(r.title, "第一篇：一个虚构的记录页");
	assert_string_equal(r.doi, "10.5555/cix.mirror.0002");
	assert_int_equal(r.times_cited, 2);
	assert_string_equal(r.first_page, "e0123");
	assert_null(r.last_page);
	assert_int_equal(r.nrefs, 2);
	assert_int_equal(r.kw_author.n, 2);
	assert_int_equal(r.kw_plus.n, 1);

	assert_int_equal(cix_reader_next(rd, &r, &err), 1);
	assert_int_equal(r.line, 27);
	assert_string_equal(r.title,
	    "Second invented page without a times-cited line");
	assert_string_equal(r.doi, "10.5555/cix.mirror.0003");
	assert_int_equal(r.times_cited, -1);
	assert_int_equal(r.nauthors, 1);
	assert_true(linked(&r, 0, 0));
	assert_int_equal(r.nr, 1);
	assert_int_equal(r.nrefs, 1);
	assert_string_equal(r.refs[0].raw,
	    "Glaser BG, 1967, DISCOVERY GROUNDED T");
	assert_int_equal(cix_reader_next(rd, &r, &err), 0);
	assert_int_equal(w.n, 0);
	cix_record_release(&r);
	cix_reader_free(rd);
}

static void
test_missing(void **state)
{
	struct warnings w = { 0 };
	struct cix_reader *rd;
	struct cix_record r;
	struct cix_error err;
	struct cix_input *in;
	struct cix_reader_opts o = { collect, &w };

	/* too few labels to be detected: read it as mirror explicitly */
	assert_int_equal(cix_input_open_file(&in, fixture("missing.txt"),
	    &err), CIX_OK);
	assert_int_equal(cix_reader_open(&rd, in, "mirror", &o, &err), CIX_OK);
	cix_record_init(&r);
	assert_int_equal(cix_reader_next(rd, &r, &err), 1);
	assert_string_equal(r.title, "A page with most sections missing");
	assert_int_equal(r.nauthors, 2);
	assert_string_equal(r.authors[1].family, "Organa");
	assert_int_equal(r.naa, 0);
	assert_string_equal(r.doi, "10.5555/cix.mirror.0004");
	assert_string_equal(r.first_page, "e0123");
	assert_null(r.abstract);
	assert_int_equal(r.nrefs, 0);
	assert_int_equal(r.nr, -1);
	assert_int_equal(r.times_cited, -1);
	assert_int_equal(r.kw_author.n + r.kw_plus.n, 0);
	assert_int_equal(cix_reader_next(rd, &r, &err), 0);
	assert_int_equal(w.n, 0);
	cix_record_release(&r);
	cix_reader_free(rd);
}

static void
test_garbage(void **state)
{
	struct warnings w = { 0 };
	struct cix_reader *rd = open_file(fixture("garbage.txt"), &w);
	struct cix_record r;
	struct cix_error err;

	cix_record_init(&r);
	assert_int_equal(cix_reader_next(rd, &r, &err), 1);
	/* BOM and CRLF are the input layer's business */
	assert_string_equal(r.title, "A page with problems in it");
	assert_int_equal(r.times_cited, -1);
	assert_null(r.doi);
	assert_int_equal(r.nauthors, 1);
	assert_int_equal(r.naa, 0);
	assert_int_equal(r.nr, 3);
	assert_int_equal(r.nrefs, 2);
	assert_string_equal(r.refs[0].raw,
	    "Unterminated title [J]. Someone, Anyone;");
	assert_string_equal(r.refs[1].raw, "X, 2000, Y");
	assert_int_equal(cix_reader_next(rd, &r, &err), 0);

	assert_true(has_warning(&w, 3, "not a number"));
	assert_true(has_warning(&w, 9, "not a DOI"));
	assert_true(has_warning(&w, 13, "belongs to no section"));
	assert_true(has_warning(&w, 15, "empty reference"));
	assert_true(has_warning(&w, 20, "belongs to no section"));
	assert_true(has_warning(&w, 1, "affiliation [7]"));
	assert_int_equal(w.n, 6);
	cix_record_release(&r);
	cix_reader_free(rd);
}

/* Input that is not a page at all, read as mirror anyway. */
static void
test_not_a_page(void **state)
{
	static const char *inputs[] = {
		"",
		"\n\n   \n",
		"just one line",
		"PT J\nAU Smith, J\nTI A title\nER\n\nEF\n",
		"[1]\n[2]\n[3] Glaser BG, 1967, DISCOVERY GROUNDED T\n",
		"作者\n被引:3\n作者\nX, Y [9 ]\n",
	};
	struct cix_record r;
	struct cix_error err;
	size_t i, n;

	cix_record_init(&r);
	for (i = 0; i < sizeof(inputs) / sizeof(inputs[0]); i++) {
		struct warnings w = { 0 };
		struct cix_reader *rd = open_mem(inputs[i], &w);
		int rc;

		n = 0;
		while ((rc = cix_reader_next(rd, &r, &err)) > 0)
			n++;
		assert_int_equal(rc, 0);
		switch (i) {
		case 0:
		case 1:
			assert_int_equal(n, 0);
			assert_int_equal(w.n, 0);
			break;
		case 2:
		case 3:
			/* no labels: nothing, with a warning */
			assert_int_equal(n, 0);
			assert_true(has_warning(&w, 0, "no record page labels"));
			break;
		case 4:
			assert_int_equal(n, 0);
			break;
		case 5:
			/* a repeated 作者 starts a second (untitled) page */
			assert_int_equal(n, 2);
			assert_true(has_warning(&w, 0, "without a title"));
			break;
		}
		cix_reader_free(rd);
	}
	cix_record_release(&r);
}

/* A title over two lines; a stray line after the blank one is not title. */
static void
test_title_lines(void **state)
{
	struct warnings w = { 0 };
	struct cix_reader *rd = open_mem("Title part one\nand part two\n\n"
	    "Stray line\n被引:1\n作者\nA, B\n", &w);
	struct cix_record r;
	struct cix_error err;

	cix_record_init(&r);
	assert_int_equal(cix_reader_next(rd, &r, &err), 1);
	assert_string_equal(r.title, "Title part one and part two");
	assert_int_equal(r.times_cited, 1);
	assert_int_equal(r.nauthors, 1);
	assert_int_equal(w.n, 1);
	assert_true(has_warning(&w, 4, "follows the title"));
	assert_int_equal(cix_reader_next(rd, &r, &err), 0);
	cix_record_release(&r);
	cix_reader_free(rd);
}

/* The probe: the page's labels score high, WoS exports score nothing. */
static void
test_probe(void **state)
{
	const char *cn = "Title\n\n被引:6\n作者\nA, B [1 ]\n机构\n[1] X\n"
	    "关键词\nk;\nD O I\n10.1/x\n摘要\ntext\n共 3 条\n";
	const char *en = "Title\nCited by: 6\nAuthors\nA, B\nKeywords\nk\n"
	    "DOI\n10.1/x\nAbstract\ntext\nReferences (3)\n";
	const char *wos = "FN Clarivate Analytics Web of Science\nVR 1.0\n"
	    "PT J\nAU Smith, J\nAB Abstract\nER\nEF\n";
	const char *wos2 = "\xEF\xBB\xBFPT J\nAU Smith, J\nER\n";
	const char *page = "Abstract\n\nSome text\n\nIntroduction\n";

	assert_true(cix_reader_mirror.probe(cn, strlen(cn)) >= 90);
	assert_true(cix_reader_mirror.probe(en, strlen(en)) >= 80);
	assert_int_equal(cix_reader_mirror.probe(wos, strlen(wos)), 0);
	assert_int_equal(cix_reader_mirror.probe(wos2, strlen(wos2)), 0);
	assert_int_equal(cix_reader_mirror.probe(page, strlen(page)), 0);
	assert_int_equal(cix_reader_mirror.probe("", 0), 0);
	assert_string_equal(cix_reader_mirror.name, "mirror");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_seed),
		cmocka_unit_test(test_english),
		cmocka_unit_test(test_two_pages),
		cmocka_unit_test(test_missing),
		cmocka_unit_test(test_garbage),
		cmocka_unit_test(test_not_a_page),
		cmocka_unit_test(test_title_lines),
		cmocka_unit_test(test_probe),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
