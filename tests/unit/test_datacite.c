/*
 * test_datacite.c - cix_datacite_parse() on every recorded DataCite XML
 * in $CIX_TEST_DATA/datacite (cross-checked against the DataCite REST
 * JSON of the same DOI where there is one), on our own fixtures, and on
 * hostile XML.
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
#include <libxml/parser.h>
#include <libxml/parserInternals.h>

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
	rc = cix_datacite_parse(&rec, buf, len, &err);
	free(buf);
	return rc;
}

static int
has_str(const char *hay, const char *needle)
{
	return hay != NULL && strstr(hay, needle) != NULL;
}

static void
test_real_all(void **state)
{
	const char *dir = mt_real_dir("datacite");
	char **names;
	size_t n, i, j;

	if (dir == NULL)
		skip();
	n = mt_list(dir, ".xml", &names);
	assert_int_equal(n, 9);
	for (i = 0; i < n; i++) {
		if (parse_file(dir, names[i]) != CIX_OK)
			fail_msg("%s: %s:%zu: %s", names[i], err.file, err.line,
			    err.msg);
		assert_string_equal(rec.origin, "datacite");
		assert_non_null(rec.doi);
		assert_true(cix_doi_is_normal(rec.doi, strlen(rec.doi)));
		assert_non_null(rec.title);
		assert_non_null(rec.type);
		assert_non_null(rec.publisher);
		assert_true(rec.year >= 1990 && rec.year <= 2030);
		assert_true(rec.nauthors >= 1);
		for (j = 0; j < rec.nauthors; j++)
			assert_non_null(rec.authors[j].family);
		for (j = 0; j < rec.nrefs; j++) {
			assert_int_equal(rec.refs[j].parsed, 1);
			assert_int_equal(rec.refs[j].f.ndois, 1);
		}
	}
	mt_free_list(names, n);
}

/* The XML against the DataCite REST JSON it was taken from. */
static void
test_real_crosscheck(void **state)
{
	const char *dir = mt_real_dir("datacite");
	char **names, path[MT_PATHSZ], xml[MT_PATHSZ];
	size_t n, i, ncre;
	json_error_t je;
	json_t *root, *a;
	const json_t *cre, *pub;
	const char *t, *want;

	if (dir == NULL)
		skip();
	n = mt_list(dir, ".api.json", &names);
	assert_int_equal(n, 4);
	for (i = 0; i < n; i++) {
		snprintf(xml, sizeof(xml), "%.*s.xml",
		    (int)(strlen(names[i]) - 9), names[i]);
		assert_int_equal(parse_file(dir, xml), CIX_OK);
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		root = json_load_file(path, 0, &je);
		assert_non_null(root);
		a = json_object_get(json_object_get(root, "data"),
		    "attributes");
		assert_non_null(a);
		t = json_string_value(json_object_get(a, "doi"));
		if (t == NULL || cix_strcasecmp(t, rec.doi) != 0)
			fail_msg("%s: DOI %s vs %s", xml, t, rec.doi);
		t = json_string_value(json_object_get(json_array_get(
		    json_object_get(a, "titles"), 0), "title"));
		want = NULL;
		assert_int_equal(cix_markup_str(&want, NULL, &rec.arena, t,
		    strlen(t), 0, CIX_MARKUP_TITLE_CAP), CIX_OK);
		assert_string_equal(rec.title, want);
		cre = json_object_get(a, "creators");
		ncre = json_array_size(cre);
		assert_int_equal(cix_record_count_role(&rec, CIX_ROLE_AUTHOR),
		    ncre);
		t = json_string_value(json_object_get(json_array_get(cre, 0),
		    "familyName"));
		if (t == NULL)
			t = json_string_value(json_object_get(
			    json_array_get(cre, 0), "name"));
		/* the API capitalised "Lab For ... And ..." */
		if (t == NULL || cix_strcasecmp(rec.authors[0].family, t) != 0)
			fail_msg("%s: first creator %s vs %s", xml, t,
			    rec.authors[0].family);
		pub = json_object_get(a, "publisher");
		if (json_is_object(pub))
			pub = json_object_get(pub, "name");
		assert_string_equal(rec.publisher, json_string_value(pub));
		assert_int_equal(rec.year, (int)json_integer_value(
		    json_object_get(a, "publicationYear")));
		json_decref(root);
	}
	mt_free_list(names, n);
}

static void
test_real_expectations(void **state)
{
	const char *dir = mt_real_dir("datacite");

	if (dir == NULL)
		skip();
	assert_int_equal(parse_file(dir,
	    "bolognese-fixture_datacite-example-full-v4.4.xml"), CIX_OK);
	assert_string_equal(rec.doi, "10.5072/example-full");
	assert_string_equal(rec.type, CIX_TYPE_SOFTWARE);
	assert_string_equal(rec.title,
	    "Full DataCite XML Example: Demonstration of DataCite Properties.");
	assert_string_equal(rec.authors[0].orcid, "0000-0001-5000-0007");
	assert_string_equal(rec.affils[0].address, "DataCite");
	assert_string_equal(rec.license,
	    "https://creativecommons.org/publicdomain/zero/1.0/");
	assert_string_equal(rec.source, "Physics letters / B");
	assert_string_equal(rec.volume, "776");
	assert_string_equal(rec.first_page, "249");
	assert_string_equal(rec.last_page, "264");
	assert_string_equal(rec.language, "en-US");
	assert_int_equal(rec.nrefs, 0);	/* HasMetadata, IsReviewedBy */

	assert_int_equal(parse_file(dir, "bolognese-fixture_datacite.xml"),
	    CIX_OK);
	assert_int_equal(rec.nrefs, 2);	/* References, not IsPartOf */
	assert_string_equal(rec.refs[0].raw, "DOI 10.5438/0012");
	assert_string_equal(rec.refs[1].f.dois[0], "10.5438/55e5-t5c0");
	assert_int_equal(rec.year, 2016);
	assert_int_equal(rec.month, 12);
	assert_int_equal(rec.day, 20);

	assert_int_equal(parse_file(dir, "bolognese-fixture_gtex.xml"), CIX_OK);
	assert_string_equal(rec.type, CIX_TYPE_DATASET);
	assert_string_equal(rec.authors[0].family, "The GTEx Consortium");
	assert_int_equal(rec.authors[0].corporate, 1);

	assert_int_equal(parse_file(dir,
	    "bolognese-fixture_datacite-example-ROR-nameIdentifiers.xml"),
	    CIX_OK);
	assert_int_equal(rec.nauthors, 11);
	/* "Ashwini Sukale", nameType Personal, no comma */
	assert_string_equal(rec.authors[0].family, "Sukale");
	assert_string_equal(rec.authors[0].given, "Ashwini");
	assert_string_equal(rec.authors[0].orcid, "0000-0001-9998-0117");
	/* https://orcid.org/.../ with a trailing slash, " 0000-... " */
	assert_string_equal(rec.authors[8].orcid, "0000-0001-9998-0118");
	assert_string_equal(rec.authors[10].orcid, "0000-0001-9998-0117");
	assert_int_equal(rec.authors[2].corporate, 1);
	/* " Metadata Game Changers " trimmed and stored once */
	assert_int_equal(rec.naffils, 2);
	assert_string_equal(rec.affils[0].address, "Metadata Game Changers");
	/* escaped HTML paragraphs, <strong> dropped without a space */
	assert_true(has_str(rec.abstract, "is methodological: (i)"));
	assert_true(has_str(rec.abstract, "(iSamples).\n\nThe project"));
	assert_false(has_str(rec.abstract, "<"));

	assert_int_equal(parse_file(dir,
	    "bolognese-fixture_datacite_journal_article.xml"), CIX_OK);
	assert_string_equal(rec.type, CIX_TYPE_ARTICLE);
	assert_string_equal(rec.title,
	    "Science and Uncertainty in Mass Exposure Litigation");
	assert_string_equal(rec.source, "Texas Law Review");
	assert_string_equal(rec.volume, "74");
	assert_string_equal(rec.issue, "1");
	assert_string_equal(rec.issn, "0040-4411");
	assert_int_equal(rec.year, 1995);
	assert_int_equal(rec.month, 11);
	assert_string_equal(rec.authors[0].orcid, "0000-0003-1905-2698");

	assert_int_equal(parse_file(dir, "10.3205_zma001102.xml"), CIX_OK);
	assert_string_equal(rec.type, CIX_TYPE_ARTICLE);
	assert_int_equal(rec.nauthors, 6);
	assert_string_equal(rec.source, "GMS Journal for Medical Education");
	assert_string_equal(rec.volume, "34");
	assert_string_equal(rec.issue, "2");
	assert_string_equal(rec.first_page, "Doc25");
	assert_string_equal(rec.issn, "2366-5017");
	assert_string_equal(rec.license,
	    "http://creativecommons.org/licenses/by/4.0/");
	/* Dean&#x27;s decoded; plain-text paragraphs kept */
	assert_string_equal(rec.affils[1].address,
	    "University of Ulm, Medical Faculty, Dean's Office, Ulm, Germany");
	assert_true(has_str(rec.abstract, "procedures.\n\nMethods:"));
	assert_true(has_str(rec.abstract, "70\xC2\xB1" "24/86"));
	assert_int_equal(rec.day, 15);

	assert_int_equal(parse_file(dir, "10.4230_lipics.tqc.2013.93.xml"),
	    CIX_OK);	/* kernel-2.1 */
	assert_string_equal(rec.type, CIX_TYPE_PAPER_CONF);
	assert_string_equal(rec.authors[0].family, "Johnston");
	assert_string_equal(rec.authors[0].given, "Nathaniel");
	assert_string_equal(rec.authors[1].family, "Herbstritt");
	assert_int_equal(rec.authors[1].role, CIX_ROLE_EDITOR);
	assert_null(rec.abstract);	/* descriptionType Other */
	assert_null(rec.license);	/* rights without a URL */

	assert_int_equal(parse_file(dir, "10.5281_zenodo.2598836.xml"), CIX_OK);
	assert_string_equal(rec.doi, "10.5281/zenodo.2598836");
	assert_string_equal(rec.type, CIX_TYPE_SOFTWARE);
	assert_int_equal(rec.authors[0].corporate, 1);	/* "Lab for ..." */
	assert_null(rec.license);	/* info:eu-repo is not a licence */
	assert_string_equal(rec.abstract, "Original executables used by "
	    "Gallant et al. for JGR publication 2018JA026426.");
	assert_string_equal(rec.url, "https://zenodo.org/record/2598836");

	assert_int_equal(parse_file(dir, "10.1594_pangaea.721193.xml"), CIX_OK);
	assert_string_equal(rec.type, CIX_TYPE_DATASET);
	assert_string_equal(rec.publisher,
	    "PANGAEA - Data Publisher for Earth & Environmental Science");
	assert_true(has_str(rec.abstract, "(p < 0.005)"));
	assert_int_equal(rec.nrefs, 0);	/* IsSupplementTo is not a citation */
}

static void
test_fixtures(void **state)
{
	const char *dir = mt_fixture_dir("datacite");
	const struct cix_author *a;

	assert_int_equal(parse_file(dir, "peer-support-dataset.kernel4.xml"),
	    CIX_OK);
	assert_string_equal(rec.doi, "10.5072/peer-survey-2023");
	assert_string_equal(rec.type, CIX_TYPE_DATASET);
	/* the first title without titleType, then the Subtitle */
	assert_string_equal(rec.title, "National survey of peer workers in "
	    "mental health services: Wave 2 (2023)");
	assert_int_equal(rec.nauthors, 6);
	a = rec.authors;
	assert_string_equal(a[0].family, "Barr");
	assert_string_equal(a[0].given, "Karlen R.");
	assert_string_equal(a[0].orcid, "0000-0002-1825-0097");
	assert_string_equal(a[1].family, "Townsend");	/* "Family, Given" */
	assert_string_equal(a[1].given, "Michelle");
	assert_string_equal(a[1].orcid, "0000-0001-5109-3700");
	assert_string_equal(a[2].family, "Ngata");	/* "Given Family" */
	assert_string_equal(a[2].given, "Aroha");
	assert_string_equal(a[3].family,
	    "Peer Work Research Collaborative, Inc.");
	assert_int_equal(a[3].corporate, 1);
	assert_int_equal(a[4].corporate, 1);	/* "National Institute of" */
	assert_string_equal(a[5].family, "Davidson");
	assert_int_equal(a[5].role, CIX_ROLE_EDITOR);
	/* trimmed, stored once, the NBSP one gone */
	assert_int_equal(rec.naffils, 1);
	assert_int_equal(rec.naa, 2);
	assert_string_equal(rec.publisher, "Example Data Repository");
	assert_int_equal(rec.year, 2023);
	assert_int_equal(rec.month, 2);
	assert_int_equal(rec.day, 14);
	assert_string_equal(rec.language, "en");
	assert_string_equal(rec.abstract, "Responses of 212 peer workers.\n\n"
	    "Second wave after the pandemic.\n\nData are de-identified.");
	assert_string_equal(rec.license,
	    "https://creativecommons.org/licenses/by/4.0/legalcode");
	assert_int_equal(rec.nrefs, 2);
	assert_string_equal(rec.refs[0].f.dois[0], "10.1176/appi.ps.201300244");
	assert_string_equal(rec.refs[1].f.dois[0], "10.1037/h0095655");
	assert_string_equal(rec.source,
	    "Journal of Peer Work in Mental Health");
	assert_string_equal(rec.volume, "12");
	assert_string_equal(rec.issue, "3");
	assert_string_equal(rec.first_page, "117");
	assert_string_equal(rec.last_page, "129");
	assert_string_equal(rec.issn, "1234-5679");	/* relatedItem first */
	assert_string_equal(rec.url,
	    "https://data.example.org/peer-survey-2023");

	assert_int_equal(parse_file(dir, "peer-support-report.kernel3.xml"),
	    CIX_OK);
	assert_string_equal(rec.type, CIX_TYPE_REPORT);
	assert_string_equal(rec.source, "Peer Work Reports");
	assert_string_equal(rec.volume, "7");
	assert_string_equal(rec.issue, "2");
	assert_string_equal(rec.first_page, "1");
	assert_string_equal(rec.last_page, "64");
	assert_int_equal(rec.year, 2010);
	assert_int_equal(rec.month, 0);	/* Issued 2011 disagrees */

	assert_int_equal(parse_file(dir, "peer-support-types.kernel4.xml"),
	    CIX_OK);
	assert_string_equal(rec.type, CIX_TYPE_THESIS);
	assert_string_equal(rec.title, "Kaupapa M\xC4\x81ori peer support: a "
	    "thesis");

	assert_int_equal(parse_file(dir, "peer-support-software.nons.xml"),
	    CIX_OK);	/* no namespace at all */
	assert_string_equal(rec.type, CIX_TYPE_SOFTWARE);
	assert_int_equal(rec.authors[0].corporate, 1);
	assert_null(rec.license);

	assert_int_equal(parse_file(dir,
	    "peer-support-journal-article.kernel4.xml"), CIX_OK);
	assert_string_equal(rec.source,
	    "Example Journal for Medical Education");
	assert_string_equal(rec.first_page, "Doc25");
	assert_int_equal(rec.year, 2017);
}

static int loader_calls;

static xmlParserInputPtr
spy_loader(const char *url, const char *id, xmlParserCtxtPtr ctxt)
{
	loader_calls++;
	return NULL;
}

static void
test_hostile(void **state)
{
	static const struct {
		const char *file;
		int rc;
		const char *msg;	/* in err.msg, or the title */
	} cases[] = {
		{ "hostile-xxe-file.xml", CIX_OK, "Peer support workers" },
		{ "hostile-xxe-param.xml", CIX_EPARSE, "'leak' not defined" },
		{ "hostile-xxe-dtd.xml", CIX_OK, "Peer support" },
		{ "hostile-internal-entity.xml", CIX_OK, "Peer support" },
		{ "hostile-quadratic.xml", CIX_OK, "Peer support" },
		{ "hostile-billion-laughs.xml", CIX_EPARSE, "entity" },
		{ "hostile-billion-laughs-attr.xml", CIX_EPARSE, "entity" },
		{ "hostile-deep-nesting.xml", CIX_EPARSE, "depth" },
		{ "hostile-truncated.xml", CIX_EPARSE,
		  "malformed DataCite XML" },
		{ "hostile-wrong-root.xml", CIX_EPARSE,
		  "root element is 'rss'" },
		{ "hostile-empty.xml", CIX_EPARSE, "empty" },
		{ "hostile-not-xml.txt", CIX_EPARSE, "not DataCite XML" },
		{ "hostile-html-landing.html", CIX_EPARSE,
		  "response is HTML, not DataCite XML" },
		{ "hostile-xhtml-landing.xml", CIX_EPARSE,
		  "response is HTML, not DataCite XML" },
		{ "hostile-bad-encoding.xml", CIX_EPARSE, "UTF-8" },
	};
	const char *dir = mt_fixture_dir("datacite");
	xmlExternalEntityLoader old = xmlGetExternalEntityLoader();
	char cwd[MT_PATHSZ];
	struct mt_stderr se;
	size_t i;
	double t0;
	long rss0;
	int rc;

	assert_non_null(getcwd(cwd, sizeof(cwd)));
	assert_int_equal(chdir(dir), 0);
	xmlSetExternalEntityLoader(spy_loader);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		loader_calls = 0;
		rss0 = mt_maxrss();
		t0 = mt_now();
		mt_stderr_begin(&se);
		rc = parse_file(".", cases[i].file);
		assert_int_equal(mt_stderr_end(&se), 0);
		if (rc != cases[i].rc)
			fail_msg("%s: rc %d (%s)", cases[i].file, rc, err.msg);
		assert_int_equal(loader_calls, 0);
		if (rc == CIX_OK) {
			assert_string_equal(rec.title, cases[i].msg);
		} else {
			if (!has_str(err.msg, cases[i].msg))
				fail_msg("%s: '%s'", cases[i].file, err.msg);
			assert_null(rec.title);
			assert_string_equal(err.file, "response");
		}
		assert_false(has_str(rec.title, "SECRET") ||
		    has_str(rec.title, "INJECTED") ||
		    has_str(rec.title, "root:") || has_str(rec.title, "lol"));
		assert_true(mt_now() - t0 < 1.0);
		assert_true(mt_maxrss() - rss0 < 64 * 1024);
	}
	xmlSetExternalEntityLoader(old);
	assert_int_equal(chdir(cwd), 0);
}

static void
test_small_errors(void **state)
{
	static const char noid[] = "<resource xmlns=\"http://datacite.org/"
	    "schema/kernel-4\"><publisher>x</publisher></resource>";
	static const char cr[] = "<crossref_result xmlns=\"http://www.crossref."
	    "org/qrschema/3.0\"/>";
	static const char notfound[] = "Resource not found.";

	assert_int_equal(cix_datacite_parse(&rec, noid, sizeof(noid) - 1,
	    &err), CIX_EPARSE);
	assert_true(has_str(err.msg, "neither identifier nor title"));
	assert_int_equal(cix_datacite_parse(&rec, cr, sizeof(cr) - 1, &err),
	    CIX_EPARSE);
	assert_true(has_str(err.msg, "'crossref_result'"));
	assert_int_equal(cix_datacite_parse(&rec, notfound,
	    sizeof(notfound) - 1, &err), CIX_ENOTFOUND);
	assert_int_equal(cix_datacite_parse(&rec, "", 0, NULL), CIX_EPARSE);
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
		cmocka_unit_test(test_real_crosscheck),
		cmocka_unit_test(test_real_expectations),
		cmocka_unit_test(test_fixtures),
		cmocka_unit_test(test_hostile),
		cmocka_unit_test(test_small_errors),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
