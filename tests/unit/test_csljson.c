/*
 * test_csljson.c - cix_csljson_parse() on the CSL-JSON and Crossref REST
 * JSON answers in $CIX_TEST_DATA/crossref (each cross-checked against
 * the same JSON read independently with jansson, and the CSL-JSON of
 * Science 1970 against its UNIXREF XML), on our own fixtures and on
 * broken or hostile bodies.
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <jansson.h>

#include "cix.h"
#include "mapper.h"
#include "markup.h"
#include "mapper_test.h"
#include "banned.h"

static struct cix_record rec;
static struct cix_error err;

static int
parse_file(const char *dir, const char *name)
{
	size_t len;
	char *buf = mt_slurp2(dir, name, &len);
	int rc;

	if (buf == NULL)
		fail_msg("cannot read %s/%s", dir, name);
	cix_error_clear(&err);
	rc = cix_csljson_parse(&rec, buf, len, &err);
	free(buf);
	return rc;
}

static int
parse_str(const char *s)
{
	cix_error_clear(&err);
	return cix_csljson_parse(&rec, s, strlen(s), &err);
}

static int
has_str(const char *hay, const char *needle)
{
	return hay != NULL && strstr(hay, needle) != NULL;
}

static const char *
jstr(const json_t *o, const char *key)
{
	const json_t *v = json_object_get(o, key);

	if (json_is_array(v))
		v = json_array_get(v, 0);
	return json_string_value(v);
}

static const char *
reduce(const char *s)
{
	const char *t = NULL;

	if (s == NULL)
		return NULL;
	assert_int_equal(cix_markup_str(&t, NULL, &rec.arena, s, strlen(s),
	    0, CIX_MARKUP_TITLE_CAP), CIX_OK);
	return t;
}

static void
same(const char *name, const char *what, const char *want, const char *got)
{
	if (want == NULL && got == NULL)
		return;
	if (want == NULL || got == NULL || strcmp(want, got) != 0)
		fail_msg("%s: %s: JSON '%s', mapped '%s'", name, what,
		    want ? want : "(none)", got ? got : "(none)");
}

static int
year_of(const json_t *m, const char *key)
{
	const json_t *dp = json_array_get(json_object_get(json_object_get(m,
	    key), "date-parts"), 0);

	return json_is_integer(json_array_get(dp, 0)) ?
	    (int)json_integer_value(json_array_get(dp, 0)) : 0;
}

/* What the mapper made of m, read again independently. */
static void
crosscheck(const char *name, const json_t *m)
{
	const json_t *authors = json_object_get(m, "author"), *a0;
	const char *t, *sub, *page;
	char want[2048], fp[64];
	int y;

	t = jstr(m, "DOI");
	if (t == NULL || cix_strcasecmp(t, rec.doi) != 0)
		fail_msg("%s: DOI %s vs %s", name, t, rec.doi);
	t = reduce(jstr(m, "title"));
	sub = reduce(jstr(m, "subtitle"));
	if (sub != NULL)
		snprintf(want, sizeof(want), "%s: %s", t, sub);
	else
		snprintf(want, sizeof(want), "%s", t);
	same(name, "title", want, rec.title);
	assert_int_equal(cix_record_count_role(&rec, CIX_ROLE_AUTHOR),
	    json_array_size(authors));
	if (json_array_size(authors) > 0) {
		a0 = json_array_get(authors, 0);
		t = json_string_value(json_object_get(a0, "family"));
		if (t == NULL)
			t = json_string_value(json_object_get(a0, "name"));
		same(name, "first author", t,
		    cix_record_first_author(&rec)->family);
	}
	same(name, "container", reduce(jstr(m, "container-title")),
	    rec.source);
	same(name, "volume", jstr(m, "volume"), rec.volume);
	same(name, "issue", jstr(m, "issue"), rec.issue);
	page = jstr(m, "page");
	if (page != NULL) {
		snprintf(fp, sizeof(fp), "%.*s", (int)strcspn(page, "-"), page);
		page = fp;
	}
	same(name, "first page", page, rec.first_page);
	if ((y = year_of(m, "published-print")) == 0)
		y = year_of(m, "issued");
	assert_int_equal(rec.year, y);
	assert_int_equal(rec.nrefs,
	    json_array_size(json_object_get(m, "reference")));
	if (json_is_integer(json_object_get(m, "is-referenced-by-count")))
		assert_int_equal(rec.times_cited, json_integer_value(
		    json_object_get(m, "is-referenced-by-count")));
}

static void
test_real_all(void **state)
{
	const char *dir = mt_real_dir("crossref");
	char **names, path[MT_PATHSZ];
	size_t n, i;
	json_error_t je;
	json_t *root, *m;

	if (dir == NULL)
		skip();
	n = mt_list(dir, ".json", &names);
	assert_true(n >= 13);
	for (i = 0; i < n; i++) {
		if (parse_file(dir, names[i]) != CIX_OK)
			fail_msg("%s: %s:%zu: %s", names[i], err.file, err.line,
			    err.msg);
		assert_string_equal(rec.origin, "csl");
		assert_non_null(rec.type);
		assert_true(cix_doi_is_normal(rec.doi, strlen(rec.doi)));
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		root = json_load_file(path, 0, &je);
		assert_non_null(root);
		m = json_object_get(root, "message");
		crosscheck(names[i], m != NULL ? m : root);
		json_decref(root);
	}
	mt_free_list(names, n);
}

/* Science 1970: CSL-JSON against UNIXREF, two answers for one DOI. */
static void
test_real_csl_vs_unixref(void **state)
{
	const char *dir = mt_real_dir("crossref");
	struct cix_record x;
	size_t len = 0, i;
	char *buf;

	if (dir == NULL)
		skip();
	cix_record_init(&x);
	buf = mt_slurp2(dir, "10.1126_science.169.3946.635.unixref.xml", &len);
	assert_non_null(buf);
	assert_int_equal(cix_crossref_parse(&x, buf, len, &err), CIX_OK);
	free(buf);
	assert_int_equal(parse_file(dir,
	    "10.1126_science.169.3946.635.csl.json"), CIX_OK);
	assert_string_equal(rec.doi, x.doi);
	assert_string_equal(rec.type, x.type);
	assert_string_equal(rec.title, x.title);
	assert_int_equal(rec.nauthors, x.nauthors);
	for (i = 0; i < rec.nauthors; i++) {
		assert_string_equal(rec.authors[i].family, x.authors[i].family);
		assert_string_equal(rec.authors[i].given, x.authors[i].given);
	}
	assert_string_equal(rec.affils[0].address, x.affils[0].address);
	assert_string_equal(rec.source, x.source);
	assert_string_equal(rec.source_iso, x.source_iso);
	assert_string_equal(rec.issn, x.issn);
	assert_string_equal(rec.eissn, x.eissn);
	assert_string_equal(rec.volume, x.volume);
	assert_string_equal(rec.issue, x.issue);
	assert_string_equal(rec.first_page, x.first_page);
	assert_string_equal(rec.last_page, x.last_page);
	assert_int_equal(rec.year, x.year);
	assert_int_equal(rec.month, x.month);
	assert_int_equal(rec.day, x.day);
	assert_int_equal(rec.nrefs, x.nrefs);
	/* the structured references agree field by field */
	for (i = 0; i < rec.nrefs; i++) {
		if (rec.refs[i].parsed != x.refs[i].parsed)
			fail_msg("ref %zu: csl '%s' %d, xml '%s' %d", i,
			    rec.refs[i].raw, rec.refs[i].parsed, x.refs[i].raw,
			    x.refs[i].parsed);
		if (!rec.refs[i].parsed)
			continue;
		assert_int_equal(rec.refs[i].f.year, x.refs[i].f.year);
		/* Crossref matched some DOIs between the two recordings */
		if (rec.refs[i].f.ndois && x.refs[i].f.ndois)
			assert_string_equal(rec.refs[i].f.dois[0],
			    x.refs[i].f.dois[0]);
	}
	cix_record_release(&x);

	assert_int_equal(rec.times_cited, 92);
	assert_string_equal(rec.publisher,
	    "American Association for the Advancement of Science (AAAS)");
	assert_true(has_str(rec.abstract, "The train of thought"));
	assert_false(has_str(rec.abstract, "<"));
	assert_string_equal(rec.refs[4].f.dois[0], "10.1063/1.1749327");
	assert_string_equal(rec.refs[4].f.source,
	    "JOURNAL OF CHEMICAL PHYSICS");
}

static void
test_real_expectations(void **state)
{
	const char *dir = mt_real_dir("crossref");

	if (dir == NULL)
		skip();
	assert_int_equal(parse_file(dir, "10.1002_jor.1100150407.json"),
	    CIX_OK);
	assert_true(has_str(rec.abstract, "Twenty"));
	assert_false(has_str(rec.abstract, "Abstract"));	/* jats:title */
	assert_int_equal(rec.nauthors, 12);
	assert_string_equal(rec.issn, "0736-0266");
	assert_string_equal(rec.eissn, "1554-527X");

	assert_int_equal(parse_file(dir,
	    "10.5694_j.1326-5377.1943.tb44329.x.json"), CIX_OK);
	assert_int_equal(rec.year, 1943);
	assert_int_equal(rec.month, 3);
	assert_string_equal(rec.affils[0].address, "Alfred HospitalMelbourne");

	assert_int_equal(parse_file(dir, "10.1371_journal.pone.0000030.json"),
	    CIX_OK);
	assert_int_equal(cix_record_count_role(&rec, CIX_ROLE_EDITOR), 1);
	assert_true(has_str(rec.title, "Dimerization\xE2\x80\x93Not"));
	assert_string_equal(rec.first_page, "e30");

	assert_int_equal(parse_file(dir, "10.14264_uql.2020.791.json"), CIX_OK);
	assert_string_equal(rec.type, CIX_TYPE_THESIS);
	assert_int_equal(rec.year, 0);	/* "issued": [[null]] */
	assert_string_equal(rec.authors[0].orcid, "0000-0003-3086-4443");

	assert_int_equal(parse_file(dir, "10.1109_iccv.2007.4408927.json"),
	    CIX_OK);
	assert_string_equal(rec.type, CIX_TYPE_PAPER_CONF);
	assert_string_equal(rec.first_page, "1");
	assert_string_equal(rec.last_page, "8");

	assert_int_equal(parse_file(dir, "10.1007_978-3-662-46370-3_13.json"),
	    CIX_OK);
	assert_string_equal(rec.type, CIX_TYPE_CHAPTER);
	assert_string_equal(rec.isbn, "9783662463697; 9783662463703");

	assert_int_equal(parse_file(dir, "10.1017_9781108348843.json"), CIX_OK);
	assert_string_equal(rec.type, CIX_TYPE_BOOK);	/* monograph */
	assert_int_equal(rec.nrefs, 273);
}

static void
test_fixtures(void **state)
{
	const char *cr = mt_fixture_dir("crossref");
	const char *dc = mt_fixture_dir("datacite");

	assert_int_equal(parse_file(cr, "peer-support-article.csl.json"),
	    CIX_OK);
	assert_string_equal(rec.doi, "10.5555/peer.2024.0117");
	assert_string_equal(rec.type, CIX_TYPE_ARTICLE);
	assert_string_equal(rec.title, "Peer support workers and recovery: a "
	    "study of n1=212 service users: Lived experience & the workforce");
	assert_string_equal(rec.title_markup, "Peer support workers and "
	    "<i>recovery</i>: a study of n<sub>1</sub>=212 service users: "
	    "Lived experience &amp; the workforce");
	assert_int_equal(rec.nauthors, 5);
	assert_string_equal(rec.authors[0].family, "Townsend");	/* first */
	assert_string_equal(rec.authors[0].suffix, "Jr.");
	assert_string_equal(rec.authors[1].orcid, "0000-0002-1825-0097");
	assert_int_equal(rec.authors[2].corporate, 1);		/* "name" */
	assert_int_equal(rec.authors[3].corporate, 1);		/* literal */
	assert_int_equal(rec.authors[4].role, CIX_ROLE_EDITOR);
	assert_int_equal(rec.naffils, 1);	/* the NBSP one dropped */
	assert_string_equal(rec.issn, "1234-5679");
	assert_string_equal(rec.eissn, "2049-3630");
	assert_string_equal(rec.first_page, "117");
	assert_string_equal(rec.last_page, "129");	/* "117-29" */
	assert_string_equal(rec.article_no, "e0117");
	assert_int_equal(rec.year, 2024);
	assert_int_equal(rec.month, 3);		/* published-print */
	assert_string_equal(rec.license,
	    "https://creativecommons.org/licenses/by/4.0/");
	assert_string_equal(rec.abstract, "Background\n\nPeer support workers "
	    "draw on their own lived experience.");
	assert_int_equal(rec.nrefs, 3);
	assert_int_equal(rec.nr, 3);
	assert_int_equal(rec.refs[0].parsed, 1);
	assert_string_equal(rec.refs[0].raw, "Anthony W, 1993, PSYCHOSOCIAL "
	    "REHABILITATION JOURNAL, V16, P11, DOI 10.1037/h0095655");
	assert_int_equal(rec.refs[1].parsed, 0);
	assert_string_equal(rec.refs[1].f.dois[0], "10.1176/appi.ps.201300244");
	assert_int_equal(rec.refs[2].f.kind, CIX_REF_BOOK);
	assert_int_equal(rec.times_cited, 42);

	assert_int_equal(parse_file(dc, "peer-support-dataset.csl.json"),
	    CIX_OK);
	assert_string_equal(rec.type, CIX_TYPE_DATASET);
	assert_int_equal(rec.year, 2023);	/* date-parts as strings */
	assert_int_equal(rec.month, 2);
	assert_int_equal(rec.day, 14);
	assert_string_equal(rec.abstract, "Responses of 212 peer workers.\n\n"
	    "Second wave after the pandemic.");
	assert_int_equal(rec.authors[2].corporate, 1);
	assert_int_equal(rec.times_cited, -1);

	assert_int_equal(parse_file(dc, "peer-support-list.csl.json"), CIX_OK);
	assert_string_equal(rec.doi, "10.5072/gms.peer.25");	/* the first */
	assert_string_equal(rec.volume, "34");		/* a JSON number */
	assert_int_equal(rec.year, 2017);		/* raw date */
	assert_int_equal(rec.month, 6);

	assert_int_equal(parse_file(dc, "empty-list.csl.json"), CIX_ENOTFOUND);
	assert_int_equal(parse_file(cr, "rest-failure.json"), CIX_EPARSE);
	assert_true(has_str(err.msg, "validation-failure"));
}

static void
test_errors(void **state)
{
	const char *cr = mt_fixture_dir("crossref");
	char *big;
	size_t n;

	assert_int_equal(parse_file(cr, "hostile-truncated.csl.json"),
	    CIX_EPARSE);
	assert_true(has_str(err.msg, "malformed CSL-JSON"));
	assert_int_equal(err.line, 1);
	assert_string_equal(err.file, "response");
	assert_null(rec.doi);
	assert_int_equal(parse_file(cr, "hostile-not-object.json"), CIX_EPARSE);
	assert_int_equal(parse_file(cr, "hostile-deep.json"), CIX_EPARSE);
	assert_int_equal(parse_file(cr, "hostile-html-landing.html"),
	    CIX_EPARSE);
	assert_string_equal(err.msg, "response is HTML, not CSL-JSON");
	assert_int_equal(parse_file(cr, "peer-support-article.unixsd.xml"),
	    CIX_EPARSE);
	assert_true(has_str(err.msg, "not CSL-JSON"));
	assert_int_equal(parse_str(""), CIX_EPARSE);
	assert_int_equal(parse_str("  \n"), CIX_EPARSE);
	assert_int_equal(parse_str("Resource not found."), CIX_ENOTFOUND);
	assert_int_equal(parse_str("{\"title\": \"a\\u0000b\"}"), CIX_EPARSE);
	assert_int_equal(parse_str("{}"), CIX_EPARSE);	/* no DOI, no title */
	assert_int_equal(parse_str("{\"status\": \"ok\", \"message\": 3}"),
	    CIX_EPARSE);
	/* wrong JSON types everywhere: ignored, not a crash */
	assert_int_equal(parse_str("{\"DOI\": \"10.5555/x\", \"title\": 5, "
	    "\"author\": \"x\", \"editor\": [1, null, {\"family\": 3}], "
	    "\"reference\": {}, \"issued\": {\"date-parts\": \"2019\"}, "
	    "\"page\": [], \"ISSN\": 7, \"license\": [3], \"volume\": 1.5, "
	    "\"published-print\": {\"date-parts\": [[null, 13, 40]]}}"),
	    CIX_OK);
	assert_string_equal(rec.doi, "10.5555/x");
	assert_null(rec.title);
	assert_int_equal(rec.nauthors, 0);
	assert_int_equal(rec.year, 0);
	assert_null(rec.volume);
	assert_int_equal(parse_str("{\"DOI\": \"not a doi\", \"title\": "
	    "\"t\"}"), CIX_OK);
	assert_null(rec.doi);

	/* a 2 MB title is capped; a body over 16 MiB is refused */
	n = 2u * 1024 * 1024;
	big = malloc(n + 64);
	assert_non_null(big);
	memcpy(big, "{\"DOI\":\"10.5555/big\",\"title\":\"", 30);
	memset(big + 30, 'p', n);
	memcpy(big + 30 + n, "\"}", 3);
	assert_int_equal(parse_str(big), CIX_OK);
	assert_true(strlen(rec.title) <= CIX_MARKUP_TITLE_CAP);
	free(big);
	n = CIX_MAPPER_MAXBODY + 1;
	big = malloc(n);
	assert_non_null(big);
	memset(big, ' ', n);
	big[0] = '{';
	assert_int_equal(cix_csljson_parse(&rec, big, n, &err), CIX_ETOOBIG);
	free(big);
}

static int
setup(void **state)
{
	cix_record_init(&rec);
	return 0;
}

static int
teardown(void **state)
{
	cix_record_release(&rec);
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_real_all),
		cmocka_unit_test(test_real_csl_vs_unixref),
		cmocka_unit_test(test_real_expectations),
		cmocka_unit_test(test_fixtures),
		cmocka_unit_test(test_errors),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
