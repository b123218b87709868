/*
 * test_crossref.c - cix_crossref_parse() on every recorded Crossref
 * response in $CIX_TEST_DATA/crossref (cross-checked against the REST
 * JSON of the same DOI where there is one), on our own fixtures of every
 * record type, and on hostile XML.
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
#include <libxml/globals.h>
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
	rc = cix_crossref_parse(&rec, buf, len, &err);
	free(buf);
	return rc;
}

static size_t
count_refs(int parsed)
{
	size_t i, n = 0;

	for (i = 0; i < rec.nrefs; i++)
		n += rec.refs[i].parsed == parsed;
	return n;
}

static int
has_str(const char *hay, const char *needle)
{
	return hay != NULL && strstr(hay, needle) != NULL;
}

/* ------------------------------------------------------------------ */
/* Every real response */

static void
check_invariants(const char *name)
{
	size_t i, j;

	if (rec.doi == NULL || !cix_doi_is_normal(rec.doi, strlen(rec.doi)))
		fail_msg("%s: DOI '%s' missing or not normal", name,
		    rec.doi ? rec.doi : "(null)");
	if (rec.title == NULL || rec.type == NULL)
		fail_msg("%s: no title or type", name);
	assert_string_equal(rec.origin, "crossref");
	if (strchr(rec.title, '<') != NULL || strstr(rec.title, "  ") ||
	    rec.title[0] == ' ' || rec.title[strlen(rec.title) - 1] == ' ')
		fail_msg("%s: title not reduced: '%s'", name, rec.title);
	for (i = 0; i < rec.nauthors; i++) {
		if (rec.authors[i].family == NULL)
			fail_msg("%s: author %zu has no family name", name, i);
		if (rec.authors[i].orcid != NULL &&
		    strlen(rec.authors[i].orcid) != 19)
			fail_msg("%s: ORCID '%s'", name, rec.authors[i].orcid);
	}
	for (i = 0; i < rec.naffils; i++)
		if (rec.affils[i].address == NULL ||
		    rec.affils[i].address[0] == '\0')
			fail_msg("%s: empty affiliation kept", name);
	for (i = 0; i < rec.nrefs; i++) {
		const struct cix_ref *r = &rec.refs[i];

		if (r->raw == NULL || r->raw[0] == '\0')
			fail_msg("%s: reference %zu has no raw text", name, i);
		for (j = 0; j < r->f.ndois; j++)
			if (!cix_doi_is_normal(r->f.dois[j],
			    strlen(r->f.dois[j])))
				fail_msg("%s: ref %zu DOI '%s'", name, i,
				    r->f.dois[j]);
		if (r->parsed && r->f.kind == CIX_REF_UNPARSED)
			fail_msg("%s: ref %zu parsed without a kind", name, i);
	}
	if (rec.nrefs > 0)
		assert_int_equal(rec.nr, (int)rec.nrefs);
}

static void
test_real_all(void **state)
{
	const char *dir = mt_real_dir("crossref");
	char **names;
	size_t n, i;
	int rc;

	if (dir == NULL)
		skip();
	n = mt_list(dir, ".xml", &names);
	assert_true(n >= 24);
	for (i = 0; i < n; i++) {
		rc = parse_file(dir, names[i]);
		if (rc != CIX_OK)
			fail_msg("%s: rc %d: %s:%zu: %s", names[i], rc,
			    err.file, err.line, err.msg);
		check_invariants(names[i]);
	}
	mt_free_list(names, n);
}

/* ------------------------------------------------------------------ */
/* Cross-check against the REST JSON of the same DOI */

static const char *
jstr(const json_t *o, const char *key)
{
	const json_t *v = json_object_get(o, key);

	if (json_is_array(v))
		v = json_array_get(v, 0);
	return json_string_value(v);
}

/* s reduced the way the mapper reduces markup (or NULL). */
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
assert_same(const char *name, const char *what, const char *want,
    const char *got)
{
	if (want == NULL && got == NULL)
		return;
	if (want == NULL || got == NULL || strcmp(want, got) != 0)
		fail_msg("%s: %s: JSON says '%s', XML mapped to '%s'", name,
		    what, want ? want : "(none)", got ? got : "(none)");
}

/*
 * DOI, title text, number of authors, first author's family name,
 * container title, volume, issue, first page, year, number of
 * references: what the XML mapper produced (rec) against msg.
 */
static void
crosscheck(const char *name, const json_t *msg)
{
	const json_t *authors = json_object_get(msg, "author"), *a0;
	const json_t *dp;
	const struct cix_author *fa = cix_record_first_author(&rec);
	const char *t, *sub, *page;
	char want[2048], firstpage[64];
	size_t i, nauth = 0;

	t = jstr(msg, "DOI");
	assert_non_null(t);
	if (cix_strcasecmp(t, rec.doi) != 0)
		fail_msg("%s: DOI %s vs %s", name, t, rec.doi);
	t = reduce(jstr(msg, "title"));
	sub = reduce(jstr(msg, "subtitle"));
	if (sub != NULL)
		snprintf(want, sizeof(want), "%s: %s", t, sub);
	else
		snprintf(want, sizeof(want), "%s", t);
	assert_same(name, "title", want, rec.title);
	for (i = 0; i < json_array_size(authors); i++)
		nauth++;
	if (nauth != cix_record_count_role(&rec, CIX_ROLE_AUTHOR))
		fail_msg("%s: %zu authors in JSON, %zu mapped", name, nauth,
		    cix_record_count_role(&rec, CIX_ROLE_AUTHOR));
	if (nauth > 0) {
		a0 = json_array_get(authors, 0);
		t = json_string_value(json_object_get(a0, "family"));
		if (t == NULL)
			t = json_string_value(json_object_get(a0, "name"));
		assert_non_null(fa);
		assert_same(name, "first author", t, fa->family);
	}
	assert_same(name, "container", jstr(msg, "container-title"),
	    rec.source);
	assert_same(name, "volume", jstr(msg, "volume"), rec.volume);
	assert_same(name, "issue", jstr(msg, "issue"), rec.issue);
	page = jstr(msg, "page");
	if (page != NULL) {
		snprintf(firstpage, sizeof(firstpage), "%.*s",
		    (int)strcspn(page, "-"), page);
		page = firstpage;
	}
	assert_same(name, "first page", page, rec.first_page);
	dp = json_array_get(json_object_get(json_object_get(msg, "issued"),
	    "date-parts"), 0);
	if (json_is_integer(json_array_get(dp, 0)) &&
	    json_integer_value(json_array_get(dp, 0)) != rec.year)
		fail_msg("%s: year %d vs %d", name,
		    (int)json_integer_value(json_array_get(dp, 0)), rec.year);
	if (json_array_size(json_object_get(msg, "reference")) != rec.nrefs)
		fail_msg("%s: %zu references in JSON, %zu mapped", name,
		    json_array_size(json_object_get(msg, "reference")),
		    rec.nrefs);
}

static void
test_real_crosscheck(void **state)
{
	const char *dir = mt_real_dir("crossref");
	char **xml, **js, stem[512];
	size_t nx, nj, i, j, pairs = 0;
	json_error_t je;

	if (dir == NULL)
		skip();
	nx = mt_list(dir, ".xml", &xml);
	nj = mt_list(dir, ".json", &js);
	for (i = 0; i < nx; i++) {
		snprintf(stem, sizeof(stem), "%.*s",
		    (int)(strlen(xml[i]) - 4), xml[i]);
		for (j = 0; j < nj; j++) {
			char path[MT_PATHSZ];
			json_t *root;

			/* same DOI: file names differ only in case */
			if (strlen(js[j]) != strlen(stem) + 5 ||
			    !cix_strncaseeq(js[j], strlen(stem), stem) ||
			    strcmp(js[j] + strlen(stem), ".json") != 0)
				continue;
			assert_int_equal(parse_file(dir, xml[i]), CIX_OK);
			snprintf(path, sizeof(path), "%s/%s", dir, js[j]);
			root = json_load_file(path, 0, &je);
			assert_non_null(root);
			assert_string_equal(json_string_value(
			    json_object_get(root, "status")), "ok");
			crosscheck(xml[i], json_object_get(root, "message"));
			json_decref(root);
			pairs++;
		}
	}
	/* eLife, SIGMOD paper, CUP book, UQ thesis */
	assert_int_equal(pairs, 4);
	mt_free_list(xml, nx);
	mt_free_list(js, nj);
}

/* The UNIXREF record of Science 1970 against its CSL-JSON. */
static void
test_real_unixref_vs_csl(void **state)
{
	const char *dir = mt_real_dir("crossref");
	char path[MT_PATHSZ];
	json_error_t je;
	json_t *root;

	if (dir == NULL)
		skip();
	assert_int_equal(parse_file(dir,
	    "10.1126_science.169.3946.635.unixref.xml"), CIX_OK);
	snprintf(path, sizeof(path), "%s/%s", dir,
	    "10.1126_science.169.3946.635.csl.json");
	root = json_load_file(path, 0, &je);
	assert_non_null(root);
	crosscheck("unixref vs csl.json", root);
	json_decref(root);
}

/* ------------------------------------------------------------------ */
/* What we verified by reading the files */

static void
test_real_expectations(void **state)
{
	const char *dir = mt_real_dir("crossref");
	const struct cix_author *a;

	if (dir == NULL)
		skip();

	assert_int_equal(parse_file(dir, "10.7554_eLife.01567.xml"), CIX_OK);
	assert_string_equal(rec.doi, "10.7554/elife.01567");
	assert_string_equal(rec.type, CIX_TYPE_ARTICLE);
	assert_int_equal(rec.nrefs, 27);
	assert_int_equal(count_refs(1), 27);
	assert_string_equal(rec.refs[0].raw,
	    "Bonke, 2003, NATURE, V426, P181, DOI 10.1038/nature02100");
	assert_string_equal(rec.refs[0].f.author, "Bonke");
	assert_string_equal(rec.refs[0].f.title,
	    "APL regulates vascular tissue identity in Arabidopsis");
	assert_string_equal(rec.refs[0].f.dois[0], "10.1038/nature02100");
	assert_int_equal(rec.refs[0].f.year, 2003);
	assert_string_equal(rec.article_no, "e01567");
	assert_string_equal(rec.source, "eLife");
	assert_string_equal(rec.eissn, "2050-084X");
	assert_int_equal(rec.times_cited, 13);
	assert_int_equal(rec.year, 2014);
	assert_int_equal(rec.month, 2);
	assert_int_equal(rec.day, 11);
	assert_string_equal(rec.license,
	    "http://creativecommons.org/licenses/by/3.0/");
	assert_string_equal(rec.url,
	    "https://elifesciences.org/articles/01567");
	assert_true(has_str(rec.abstract, "Among various advantages"));
	/* the executive summary is a second abstract, not this one */
	assert_false(has_str(rec.abstract, "Our understanding"));
	assert_int_equal(rec.naffils, 2);

	assert_int_equal(parse_file(dir, "10.1038_ng.3834.xml"), CIX_OK);
	a = &rec.authors[0];
	assert_string_equal(a->family, "GTEx Consortium");
	assert_int_equal(a->corporate, 1);
	assert_null(a->given);
	assert_int_equal(rec.nrefs, 55);
	/* structured and unstructured: raw is the publisher's text */
	assert_int_equal(rec.refs[0].parsed, 1);
	assert_true(has_str(rec.refs[0].raw, "Edwards, S.L., Beesley, J."));
	assert_string_equal(rec.refs[0].f.author, "Edwards");
	assert_string_equal(rec.refs[0].f.source, "Am. J. Hum. Genet.");

	assert_int_equal(parse_file(dir, "10.1177_0042098011428175.xml"),
	    CIX_OK);
	assert_int_equal(rec.nauthors, 1);
	assert_string_equal(rec.authors[0].family, "Petrovici");
	assert_int_equal(rec.naffils, 0);	/* only U+00A0 */
	assert_int_equal(rec.naa, 0);

	assert_int_equal(parse_file(dir,
	    "10.1111_j.1865-1682.2010.01171.x.xml"), CIX_OK);
	assert_int_equal(rec.nauthors, 5);
	assert_string_equal(rec.authors[3].family, "Ehtisham-ul-Haq");
	assert_null(rec.authors[3].given);	/* <given_name> </given_name> */
	assert_string_equal(rec.authors[0].given, "M.");
	assert_string_equal(rec.authors[0].abbrev, "Abubakar, M");

	assert_int_equal(parse_file(dir, "10.1098_rspb.2017.0132.xml"), CIX_OK);
	assert_string_equal(rec.title, "Sexual conflict and correlated "
	    "evolution between male persistence and female resistance traits "
	    "in the seed beetle Callosobruchus maculatus");
	assert_string_equal(rec.title_markup, "Sexual conflict and correlated "
	    "evolution between male persistence and female resistance traits "
	    "in the seed beetle <i>Callosobruchus maculatus</i>");
	/* pretty-printing around inline JATS does not leave " ." */
	assert_true(has_str(rec.abstract, "Callosobruchus maculatus. We"));

	assert_int_equal(parse_file(dir, "10.1175__2572.1.xml"), CIX_OK);
	assert_string_equal(rec.doi, "10.1175//2572.1");
	assert_false(has_str(rec.abstract, "Abstract"));
	assert_true(has_str(rec.abstract, "occurs.\n\nA 30-day integration"));
	assert_int_equal(rec.nrefs, 56);

	assert_int_equal(parse_file(dir,
	    "10.1890_0012-9658_2006_87_2832_TIOPMA_2.0.CO_2.xml"), CIX_OK);
	assert_string_equal(rec.doi,
	    "10.1890/0012-9658(2006)87[2832:tiopma]2.0.co;2");
	assert_int_equal(rec.nrefs, 39);

	assert_int_equal(parse_file(dir, "10.1007_978-3-319-75889-3_1.xml"),
	    CIX_OK);
	assert_string_equal(rec.type, CIX_TYPE_CHAPTER);
	assert_string_equal(rec.source,
	    "Human Health and Physical Activity During Heat Exposure");
	assert_string_equal(rec.series,
	    "SpringerBriefs in Medical Earth Sciences");
	assert_string_equal(rec.first_page, "1");
	assert_string_equal(rec.last_page, "13");
	assert_int_equal(cix_record_count_role(&rec, CIX_ROLE_EDITOR), 1);
	assert_int_equal(rec.nrefs, 44);
	/* unstructured (with at most a DOI) is left to the pipeline */
	assert_int_equal(count_refs(0), 23);

	assert_int_equal(parse_file(dir,
	    "10.1016_B978-0-12-803592-4.00046-8.xml"), CIX_OK);
	assert_string_equal(rec.type, CIX_TYPE_CHAPTER);
	assert_string_equal(rec.source, "Hormones, Brain and Behavior");
	assert_string_equal(rec.first_page, "83");
	assert_string_equal(rec.last_page, "99");
	assert_string_equal(rec.isbn, "9780128036082");
	assert_int_equal(rec.nauthors, 4);

	assert_int_equal(parse_file(dir, "10.4018_978-1-4666-1891-6.ch004.xml"),
	    CIX_OK);
	assert_string_equal(rec.type, CIX_TYPE_CHAPTER);
	assert_string_equal(rec.source,
	    "Graph-Based Methods in Computer Vision: Developments and "
	    "Applications");
	assert_int_equal(cix_record_count_role(&rec, CIX_ROLE_AUTHOR), 1);
	assert_int_equal(cix_record_count_role(&rec, CIX_ROLE_EDITOR), 3);
	assert_int_equal(rec.nrefs, 33);

	assert_int_equal(parse_file(dir, "10.1017_9781108348843.xml"), CIX_OK);
	assert_string_equal(rec.type, CIX_TYPE_BOOK);
	assert_null(rec.source);
	assert_string_equal(rec.isbn,
	    "9781108348843; 9781108425728; 9781108443241");
	assert_int_equal(rec.nrefs, 273);
	assert_int_equal(rec.year, 2019);
	assert_int_equal(rec.month, 7);
	assert_int_equal(rec.day, 18);	/* print, not online (07-01) */

	assert_int_equal(parse_file(dir, "10.1145_3448016.3452841.xml"),
	    CIX_OK);
	assert_string_equal(rec.type, CIX_TYPE_PAPER_CONF);
	assert_string_equal(rec.title, "Vector Quotient Filters: Overcoming "
	    "the Time/Space Trade-Off in Filter Design");
	assert_string_equal(rec.conference,
	    "SIGMOD/PODS '21: International Conference on Management of Data");
	assert_string_equal(rec.conf_place, "Virtual Event China");
	assert_string_equal(rec.publisher, "ACM");
	assert_string_equal(rec.publisher_city, "New York, NY, USA");
	assert_int_equal(cix_record_count_role(&rec, CIX_ROLE_AUTHOR), 6);
	/* AT&amp;amp;T double-escaped */
	assert_string_equal(rec.affils[0].address, "Lawrence Berkeley "
	    "National Lab & University of California, Berkeley, Berkeley, "
	    "CA, USA");

	assert_int_equal(parse_file(dir, "10.1101_097196.xml"), CIX_OK);
	assert_string_equal(rec.type, CIX_TYPE_PREPRINT);
	assert_string_equal(rec.source, "bioRxiv");
	assert_string_equal(rec.publisher, "Cold Spring Harbor Laboratory");
	assert_int_equal(rec.year, 2016);
	assert_int_equal(rec.month, 12);
	assert_int_equal(rec.day, 28);
	assert_string_equal(rec.authors[0].orcid, "0000-0003-1419-2405");
	assert_string_equal(rec.authors[1].given, "Merc\xC3\xA8");
	assert_true(has_str(rec.abstract, "(https://biocaddie.org) program."));
	assert_int_equal(rec.nrefs, 26);

	assert_int_equal(parse_file(dir, "10.14264_uql.2020.791.xml"), CIX_OK);
	assert_string_equal(rec.type, CIX_TYPE_THESIS);
	assert_string_equal(rec.publisher, "The University of Queensland");
	assert_string_equal(rec.authors[0].orcid, "0000-0003-3086-4443");
	assert_int_equal(rec.year, 2020);
	assert_int_equal(rec.nrefs, 0);
	assert_int_equal(rec.nr, -1);

	assert_int_equal(parse_file(dir,
	    "10.1371_journal.pone.0042793.openurl.xml"), CIX_OK);
	assert_string_equal(rec.doi, "10.1371/journal.pone.0042793");
	assert_string_equal(rec.title, "Well-Being and Social Capital on "
	    "Planet Earth: Cross-National Evidence from 142 Countries");
	assert_string_equal(rec.source, "PLoS ONE");
	assert_string_equal(rec.eissn, "1932-6203");
	assert_int_equal(rec.times_cited, 53);
	assert_int_equal(cix_record_count_role(&rec, CIX_ROLE_AUTHOR), 5);
	assert_int_equal(cix_record_count_role(&rec, CIX_ROLE_EDITOR), 1);
	assert_string_equal(cix_record_first_author(&rec)->family, "Calvo");
	assert_string_equal(rec.first_page, "e42793");
	assert_int_equal(rec.year, 2012);

	assert_int_equal(parse_file(dir, "10.1055_s-0039-1690894.xml"), CIX_OK);
	/* print has month and year only: no day from the online date */
	assert_int_equal(rec.year, 2020);
	assert_int_equal(rec.month, 7);
	assert_int_equal(rec.day, 0);

	assert_int_equal(parse_file(dir,
	    "10.1126_science.169.3946.635.unixref.xml"), CIX_OK);
	assert_string_equal(rec.title, "The Structure of Ordinary Water: New "
	    "data and interpretations are yielding new insights into this "
	    "fascinating substance.");
	assert_int_equal(rec.nrefs, 76);
	assert_null(rec.publisher);	/* UNIXREF has no crm-item */
	assert_int_equal(rec.times_cited, -1);
	/* unstructured only: left for the import pipeline */
	assert_int_equal(rec.refs[0].parsed, 0);
	assert_string_equal(rec.refs[0].raw,
	    "Essayes of Natural Experiments 1964");

	assert_int_equal(parse_file(dir, "10.4000_dms.865.xml"), CIX_OK);
	assert_string_equal(rec.title, "Distances, absence, proximit\xC3\xA9s "
	    "et pr\xC3\xA9sences : des concepts en d\xC3\xA9placement");
	/* the article, not the issue (dms.864) */
	assert_string_equal(rec.doi, "10.4000/dms.865");

	assert_int_equal(parse_file(dir, "10.2903_j.efsa.2018.5239.xml"),
	    CIX_OK);
	assert_int_equal(rec.nrefs, 229);
	assert_int_equal(rec.authors[0].corporate, 1);

	assert_int_equal(parse_file(dir, "10.7717_peerj.1698.xml"), CIX_OK);
	assert_string_equal(rec.title_markup, "NeisseriaBase: a specialised "
	    "<i>Neisseria</i> genomic resource and analysis platform");
	assert_true(has_str(rec.abstract, "\n\nMethods. The genomic data"));
	assert_int_equal(rec.nrefs, 61);
	assert_string_equal(rec.article_no, "e1698");

	assert_int_equal(parse_file(dir, "10.1186_1471-2164-7-187.xml"),
	    CIX_OK);
	assert_string_equal(rec.article_no, "187");	/* article-number */
	assert_int_equal(rec.month, 12);	/* print beats online */
}

static void
test_real_errors(void **state)
{
	const char *dir = mt_real_dir("crossref");
	const char *bib = mt_real_dir("bibtex");
	char **names;
	size_t n, i;

	if (dir == NULL)
		skip();
	assert_int_equal(parse_file(dir, "10.7554_elife.01567x.404.txt"),
	    CIX_ENOTFOUND);
	assert_int_equal(rec.title == NULL && rec.doi == NULL, 1);
	/* JSON is not Crossref XML */
	assert_int_equal(parse_file(dir, "10.7554_elife.01567.json"),
	    CIX_EPARSE);
	assert_true(has_str(err.msg, "not Crossref XML"));
	if (bib == NULL)
		return;
	n = mt_list(bib, ".html", &names);
	assert_true(n >= 2);
	for (i = 0; i < n; i++) {
		assert_int_equal(parse_file(bib, names[i]), CIX_EPARSE);
		assert_string_equal(err.msg,
		    "response is HTML, not Crossref XML");
		assert_string_equal(err.file, "response");
	}
	mt_free_list(names, n);
	n = mt_list(bib, ".bib", &names);
	for (i = 0; i < n; i++)
		assert_int_equal(parse_file(bib, names[i]), CIX_EPARSE);
	mt_free_list(names, n);
}

/* ------------------------------------------------------------------ */
/* Our fixtures: one per record type */

static void
test_fixture_article(void **state)
{
	const char *dir = mt_fixture_dir("crossref");
	const struct cix_ref *r;

	assert_int_equal(parse_file(dir, "peer-support-article.unixsd.xml"),
	    CIX_OK);
	assert_string_equal(rec.doi, "10.5555/peer.2024.0117");
	assert_string_equal(rec.type, CIX_TYPE_ARTICLE);
	/* face markup, scp, MathML with its TeX annotation dropped */
	assert_string_equal(rec.title, "Peer support workers and recovery: a "
	    "mixed-methods study of n1=212 service users: Lived experience & "
	    "the workforce");
	assert_string_equal(rec.title_markup, "Peer support workers and "
	    "<i>recovery</i>: a mixed-methods study of n<sub>1</sub>=212 "
	    "service users: Lived experience &amp; the <b>workforce</b>");
	assert_string_equal(rec.source,
	    "Journal of Peer Work in Mental Health");
	assert_string_equal(rec.source_iso, "J. Peer Work Ment. Health");
	assert_string_equal(rec.issn, "1234-5679");	/* hyphen added */
	assert_string_equal(rec.eissn, "2049-3630");
	assert_string_equal(rec.volume, "12");
	assert_string_equal(rec.issue, "3");
	assert_string_equal(rec.first_page, "117");
	assert_string_equal(rec.last_page, "129");
	assert_string_equal(rec.article_no, "e0117");
	assert_int_equal(rec.year, 2024);
	assert_int_equal(rec.month, 3);		/* print, not online */
	assert_int_equal(rec.day, 0);
	assert_string_equal(rec.publisher, "Example Health Press");
	assert_string_equal(rec.language, "en");
	assert_string_equal(rec.license,
	    "https://creativecommons.org/licenses/by/4.0/");
	assert_string_equal(rec.url, "https://example.org/jpwmh/12/3/117");
	assert_int_equal(rec.times_cited, 42);

	/* sequence="first" first, other authors in order, then editors */
	assert_int_equal(rec.nauthors, 5);
	assert_string_equal(rec.authors[0].family, "Townsend");
	assert_string_equal(rec.authors[0].suffix, "Jr.");
	assert_string_equal(rec.authors[0].full, "Townsend, Michelle L.");
	assert_string_equal(rec.authors[0].abbrev, "Townsend, ML");
	assert_string_equal(rec.authors[1].family, "Barr");
	assert_string_equal(rec.authors[1].orcid, "0000-0002-1825-0097");
	assert_string_equal(rec.authors[2].family,
	    "Peer Work Research Collaborative");
	assert_int_equal(rec.authors[2].corporate, 1);
	assert_string_equal(rec.authors[3].family, "Nakamura-Smith");
	assert_null(rec.authors[3].given);
	assert_string_equal(rec.authors[4].family, "Davidson");
	assert_int_equal(rec.authors[4].role, CIX_ROLE_EDITOR);
	/* NBSP-only affiliation dropped; the shared one stored once */
	assert_int_equal(rec.naffils, 2);
	assert_string_equal(rec.affils[0].address,
	    "Illawarra Health and Medical Research Institute");
	assert_int_equal(rec.naa, 3);

	/* JATS abstract: "Abstract" heading dropped, sections kept */
	assert_string_equal(rec.abstract, "Background\n\nPeer support workers "
	    "draw on their own lived experience. Their number grew (p < 0.05) "
	    "after 2015.\n\nMethods\n\nInterviews with 212 service users; CO2 "
	    "was not measured.");

	assert_int_equal(rec.nrefs, 6);		/* the empty one skipped */
	assert_int_equal(rec.nr, 6);
	r = &rec.refs[0];
	assert_int_equal(r->parsed, 1);
	assert_int_equal(r->f.kind, CIX_REF_ARTICLE);
	assert_string_equal(r->raw, "Anthony W, 1993, PSYCHOSOCIAL "
	    "REHABILITATION JOURNAL, V16, P11, DOI 10.1037/h0095655");
	assert_string_equal(r->f.author, "Anthony");
	assert_string_equal(r->f.initials, "W");
	assert_int_equal(r->f.year, 1993);
	assert_string_equal(r->f.source, "Psychosocial Rehabilitation Journal");
	assert_string_equal(r->f.title, "Recovery from mental illness");
	assert_string_equal(r->f.volume, "16");
	assert_string_equal(r->f.issue, "4");
	assert_string_equal(r->f.page, "11");
	assert_int_equal(r->f.ndois, 1);
	assert_string_equal(r->f.dois[0], "10.1037/h0095655");
	r = &rec.refs[1];
	assert_int_equal(r->parsed, 1);
	assert_int_equal(r->f.kind, CIX_REF_BOOK);
	assert_string_equal(r->raw, "Repper J, 2011, PEER SUPPORT IN MENTAL "
	    "HEALTH");
	assert_int_equal(r->f.year, 2011);	/* "2011a" */
	r = &rec.refs[2];
	assert_int_equal(r->parsed, 0);
	assert_string_equal(r->raw, "Chinman M, George P, Dougherty RH, et "
	    "al. Peer support services for individuals with serious mental "
	    "illnesses. Psychiatr Serv. 2014;65(4):429-441. doi: "
	    "10.1176/appi.ps.201300244.");
	assert_int_equal(r->f.ndois, 1);
	assert_string_equal(r->f.dois[0], "10.1176/appi.ps.201300244");
	r = &rec.refs[3];
	assert_int_equal(r->parsed, 0);
	assert_int_equal(r->f.ndois, 0);
	r = &rec.refs[4];
	assert_int_equal(r->parsed, 1);
	assert_string_equal(r->raw, "DOI 10.1186/1472-6963-13-188");
	r = &rec.refs[5];
	assert_int_equal(r->parsed, 1);
	assert_string_equal(r->f.author, "Solomon");
	assert_string_equal(r->f.initials, "P");
	assert_true(has_str(r->raw, "Peer support/peer provided services"));
}

static void
test_fixture_types(void **state)
{
	static const struct {
		const char *file, *doi, *type, *title, *source;
		int year;
	} cases[] = {
		{ "peer-support-chapter.unixref.xml",
		  "10.5555/978-3-030-00002-7_3", CIX_TYPE_CHAPTER,
		  "Intentional Peer Support & mutuality",
		  "Peer Work in Practice: An International Handbook", 2022 },
		{ "peer-support-book.unixsd.xml", "10.5555/peerbook",
		  CIX_TYPE_BOOK, "Recovery as a Journey of the Heart", NULL,
		  2020 },
		{ "peer-support-conference.unixsd.xml",
		  "10.5555/peerconf.2019.12", CIX_TYPE_PAPER_CONF,
		  "Training peer workers online", "Proceedings of ICPS 2019",
		  2019 },
		{ "peer-support-preprint.unixsd.xml", "10.5555/peerprint.88",
		  CIX_TYPE_PREPRINT,
		  "Peer workers in crisis teams: a realist review",
		  "PsyArXiv-like", 2023 },
		{ "peer-support-dissertation.unixref.xml",
		  "10.5555/thesis.oconnor", CIX_TYPE_THESIS,
		  "The Peer Worker Role in Community Mental Health Teams",
		  NULL, 2020 },
		{ "peer-support-report.unixref.xml", "10.5555/mhc.2021.peer",
		  CIX_TYPE_REPORT, "Peer Workforce Development Guidelines",
		  NULL, 2021 },
		{ "peer-support-standard.unixref.xml", "10.5555/std.ex1234",
		  CIX_TYPE_REPORT, "Peer Support Practice Standard", NULL,
		  2020 },
		{ "peer-support-dataset.unixref.xml", "10.5555/pwsa.2022",
		  CIX_TYPE_DATASET, "National peer workforce survey 2022",
		  "Peer Work Survey Archive", 2022 },
		{ "peer-support-component.unixsd.xml",
		  "10.5555/peer.2024.0117.s001", CIX_TYPE_DATASET,
		  "Supplementary table S1: interview guide", NULL, 0 },
	};
	const char *dir = mt_fixture_dir("crossref");
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (parse_file(dir, cases[i].file) != CIX_OK)
			fail_msg("%s: %s", cases[i].file, err.msg);
		assert_string_equal(rec.doi, cases[i].doi);
		assert_string_equal(rec.type, cases[i].type);
		assert_string_equal(rec.title, cases[i].title);
		if (cases[i].source == NULL)
			assert_null(rec.source);
		else
			assert_string_equal(rec.source, cases[i].source);
		assert_int_equal(rec.year, cases[i].year);
	}

	/* details of some */
	assert_int_equal(parse_file(dir, "peer-support-chapter.unixref.xml"),
	    CIX_OK);
	assert_string_equal(rec.title_markup,
	    "Intentional Peer Support &amp; <i>mutuality</i>");	/* CDATA */
	assert_string_equal(rec.series,
	    "Advances in Mental Health and Addiction");
	assert_string_equal(rec.issn, "2197-8247");
	assert_string_equal(rec.eissn, "2197-8255");
	assert_string_equal(rec.volume, "7");
	assert_string_equal(rec.isbn, "978-3-030-00001-0; 978-3-030-00002-7");
	assert_string_equal(rec.publisher_city, "Cham");
	assert_int_equal(cix_record_count_role(&rec, CIX_ROLE_AUTHOR), 1);
	assert_int_equal(cix_record_count_role(&rec, CIX_ROLE_EDITOR), 2);
	assert_string_equal(rec.authors[1].family, "Repper");

	assert_int_equal(parse_file(dir, "peer-support-book.unixsd.xml"),
	    CIX_OK);
	assert_int_equal(rec.month, 5);	/* undated beats online */
	assert_int_equal(rec.nrefs, 1);
	assert_int_equal(rec.nauthors, 2);	/* the editor only once */
	assert_int_equal(rec.authors[1].role, CIX_ROLE_EDITOR);
	assert_int_equal(rec.times_cited, 7);

	assert_int_equal(parse_file(dir, "peer-support-conference.unixsd.xml"),
	    CIX_OK);
	assert_string_equal(rec.conference,
	    "International Conference on Peer Support in Mental Health");
	assert_string_equal(rec.conf_place, "Melbourne, Australia");
	assert_string_equal(rec.conf_date, "2019-09-04");
	assert_int_equal(rec.nauthors, 2);	/* the chair is not kept */
	assert_int_equal(rec.naffils, 1);

	assert_int_equal(parse_file(dir, "peer-support-preprint.unixsd.xml"),
	    CIX_OK);
	assert_string_equal(rec.title_markup,
	    "Peer workers in crisis teams: <i>a</i> realist review");
	assert_null(rec.article_no);	/* pisa is not an article number */
	assert_string_equal(rec.publisher, "Example Preprint Server");

	assert_int_equal(parse_file(dir,
	    "peer-support-dissertation.unixref.xml"), CIX_OK);
	assert_string_equal(rec.authors[0].orcid, "0000-0003-0000-000X");
	assert_string_equal(rec.publisher, "University of Example");

	assert_int_equal(parse_file(dir, "peer-support-report.unixref.xml"),
	    CIX_OK);
	assert_int_equal(rec.authors[0].corporate, 1);
	assert_string_equal(rec.publisher,
	    "Mental Health Commission of Example");

	assert_int_equal(parse_file(dir, "peer-support-standard.unixref.xml"),
	    CIX_OK);
	assert_string_equal(rec.publisher, "Example Standards Body");
}

static void
test_fixture_markup(void **state)
{
	assert_int_equal(parse_file(mt_fixture_dir("crossref"),
	    "markup-titles.unixref.xml"), CIX_OK);
	assert_string_equal(rec.title, "Huntington's disease and peer "
	    "support: H2O, x2, under, tt, ovl, jats, a/b, a < b & c, "
	    "unclosed, stray, empty");
	assert_string_equal(rec.title_markup, "Huntington's disease and "
	    "<i>peer</i> support: H<sub>2</sub>O, x<sup>2</sup>, under, tt, "
	    "ovl, <i>jats</i>, a/b, a &lt; b &amp; c, <b>unclosed, stray, "
	    "empty</b>");
	assert_string_equal(rec.source, "Journal of Peer Studies");
	/* no media_type: print */
	assert_string_equal(rec.issn, "0000-0000");
}

static void
test_fixture_not_found(void **state)
{
	const char *dir = mt_fixture_dir("crossref");

	assert_int_equal(parse_file(dir, "unresolved.unixsd.xml"),
	    CIX_ENOTFOUND);
	assert_string_equal(err.file, "10.5555/does-not-exist");
	assert_true(has_str(err.msg, "DOI not found in CrossRef"));
	assert_null(rec.doi);
	assert_int_equal(parse_file(dir, "error.unixref.xml"), CIX_ENOTFOUND);
	assert_true(has_str(err.msg, "DOI not found"));
	assert_int_equal(parse_file(dir, "openurl-unresolved.xml"),
	    CIX_ENOTFOUND);
	assert_string_equal(err.file, "10.5555/missing");
}

/* ------------------------------------------------------------------ */
/* Hostile XML */

static int loader_calls;

static xmlParserInputPtr
spy_loader(const char *url, const char *id, xmlParserCtxtPtr ctxt)
{
	loader_calls++;
	return NULL;
}

/* Parse a hostile fixture from inside its directory (so that relative
 * system identifiers would resolve) with a spy entity loader. */
static int
parse_hostile(const char *name, long *printed)
{
	const char *dir = mt_fixture_dir("crossref");
	char cwd[MT_PATHSZ];
	xmlExternalEntityLoader old = xmlGetExternalEntityLoader();
	struct mt_stderr se;
	int rc;

	assert_non_null(getcwd(cwd, sizeof(cwd)));
	assert_int_equal(chdir(dir), 0);
	xmlSetExternalEntityLoader(spy_loader);
	mt_stderr_begin(&se);
	rc = parse_file(".", name);
	*printed = mt_stderr_end(&se);
	xmlSetExternalEntityLoader(old);
	assert_int_equal(chdir(cwd), 0);
	return rc;
}

static void
assert_no_leak(const char *name)
{
	const char *fields[] = { rec.title, rec.title_markup, rec.source,
	    rec.abstract, err.msg };
	size_t i;

	for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		if (has_str(fields[i], "root:") ||
		    has_str(fields[i], "XXE-SECRET") ||
		    has_str(fields[i], "LEAKED") ||
		    has_str(fields[i], "INJECTED") ||
		    has_str(fields[i], "lollol"))
			fail_msg("%s: entity content leaked: '%s'", name,
			    fields[i]);
}

static void
test_hostile_entities(void **state)
{
	static const struct {
		const char *file;
		int rc;
		const char *title;
	} cases[] = {
		{ "hostile-xxe-file.xml", CIX_OK, "Peer support workers" },
		{ "hostile-xxe-param.xml", CIX_EPARSE, NULL },
		{ "hostile-xxe-dtd.xml", CIX_OK, "Peer support" },
		{ "hostile-internal-entity.xml", CIX_OK, "Peer support" },
		{ "hostile-quadratic.xml", CIX_OK, "Peer support" },
		{ "hostile-billion-laughs.xml", CIX_EPARSE, NULL },
		{ "hostile-billion-laughs-attr.xml", CIX_EPARSE, NULL },
	};
	size_t i;
	long printed, rss0;
	double t0, dt;
	int rc;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		loader_calls = 0;
		rss0 = mt_maxrss();
		t0 = mt_now();
		rc = parse_hostile(cases[i].file, &printed);
		dt = mt_now() - t0;
		if (rc != cases[i].rc)
			fail_msg("%s: rc %d, expected %d (%s)", cases[i].file,
			    rc, cases[i].rc, err.msg);
		/* never loaded, never expanded, never printed */
		if (loader_calls != 0)
			fail_msg("%s: the entity loader was called %d times",
			    cases[i].file, loader_calls);
		assert_int_equal(printed, 0);
		assert_no_leak(cases[i].file);
		if (cases[i].title != NULL)
			assert_string_equal(rec.title, cases[i].title);
		else
			assert_string_equal(err.file, "response");
		/* fast and bounded, whatever the expansion would have cost */
		if (dt > 1.0 || mt_maxrss() - rss0 > 64 * 1024)
			fail_msg("%s: %.2f s, %ld KiB", cases[i].file, dt,
			    mt_maxrss() - rss0);
	}
	assert_true(has_str(err.msg, "entity"));
}

static void
test_hostile_structure(void **state)
{
	static const struct {
		const char *file;
		int rc;
		const char *msg;
		size_t line;
	} cases[] = {
		{ "hostile-deep-nesting.xml", CIX_EPARSE, "depth", 1 },
		{ "hostile-truncated.xml", CIX_EPARSE, "malformed Crossref XML",
		  2 },
		{ "hostile-wrong-root.xml", CIX_EPARSE, "root element is 'rss'",
		  2 },
		{ "hostile-empty.xml", CIX_EPARSE, "response is empty", 0 },
		{ "hostile-not-xml.txt", CIX_EPARSE,
		  "response is not Crossref XML: 'Service Unavailable", 1 },
		{ "hostile-html-landing.html", CIX_EPARSE,
		  "response is HTML, not Crossref XML", 1 },
		{ "hostile-xhtml-landing.xml", CIX_EPARSE,
		  "response is HTML, not Crossref XML", 1 },
		{ "hostile-bad-encoding.xml", CIX_EPARSE, "UTF-8", 2 },
	};
	size_t i;
	long printed;
	int rc;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		rc = parse_hostile(cases[i].file, &printed);
		if (rc != cases[i].rc || !has_str(err.msg, cases[i].msg))
			fail_msg("%s: rc %d '%s'", cases[i].file, rc, err.msg);
		assert_int_equal(err.code, cases[i].rc);
		assert_int_equal(err.line, cases[i].line);
		assert_string_equal(err.file, "response");
		assert_int_equal(printed, 0);
		assert_null(rec.title);		/* nothing half-filled */
		assert_int_equal(rec.nauthors, 0);
		assert_null(strchr(err.msg, '\n'));
	}
}

/* One text node of 12 MB: libxml2 takes it, the title is capped. */
static void
test_hostile_huge_text(void **state)
{
	static const char head[] = "<doi_records><doi_record><crossref>"
	    "<journal><journal_article><titles><title>";
	static const char tail[] = "</title></titles><doi_data><doi>"
	    "10.5555/huge</doi></doi_data></journal_article></journal>"
	    "</crossref></doi_record></doi_records>";
	size_t n = 12u * 1024 * 1024, len;
	char *buf = malloc(sizeof(head) + n + sizeof(tail));
	double t0;

	assert_non_null(buf);
	memcpy(buf, head, sizeof(head) - 1);
	memset(buf + sizeof(head) - 1, 'p', n);
	memcpy(buf + sizeof(head) - 1 + n, tail, sizeof(tail));
	len = sizeof(head) - 1 + n + sizeof(tail) - 1;
	t0 = mt_now();
	assert_int_equal(cix_crossref_parse(&rec, buf, len, &err), CIX_OK);
	assert_true(mt_now() - t0 < 5.0);
	assert_non_null(rec.title);
	assert_true(strlen(rec.title) <= CIX_MARKUP_TITLE_CAP);
	assert_true(strlen(rec.title) > 1000);
	assert_string_equal(rec.doi, "10.5555/huge");

	/* over the cap: refused before parsing */
	free(buf);
	n = CIX_MAPPER_MAXBODY + 1;
	buf = malloc(n);
	assert_non_null(buf);
	memset(buf, ' ', n);
	memcpy(buf, "<doi_records>", 13);
	assert_int_equal(cix_crossref_parse(&rec, buf, n, &err), CIX_ETOOBIG);
	assert_true(has_str(err.msg, "too big"));
	free(buf);
}

/*
 * 120,000 authors, each with an affiliation of its own, and 50,000
 * ISBNs: the work stays linear (capped), the record bounded.
 */
static void
test_hostile_many(void **state)
{
	struct cix_buf b;
	size_t i;
	double t0;

	cix_buf_init(&b, 0);
	assert_int_equal(cix_buf_adds(&b, "<doi_records><doi_record><crossref>"
	    "<book><book_metadata><titles><title>Many</title></titles>"
	    "<contributors>"), CIX_OK);
	for (i = 0; i < 120000; i++)
		assert_int_equal(cix_buf_addf(&b, "<person_name><surname>S%zu"
		    "</surname><affiliation>Affiliation number %zu</affiliation>"
		    "</person_name>", i, i), CIX_OK);
	assert_int_equal(cix_buf_adds(&b, "</contributors>"), CIX_OK);
	for (i = 0; i < 50000; i++)
		assert_int_equal(cix_buf_addf(&b, "<isbn>%zu</isbn>", i),
		    CIX_OK);
	assert_int_equal(cix_buf_adds(&b, "<doi_data><doi>10.5555/many</doi>"
	    "</doi_data></book_metadata></book></crossref></doi_record>"
	    "</doi_records>"), CIX_OK);
	assert_true(b.len < CIX_MAPPER_MAXBODY);
	t0 = mt_now();
	assert_int_equal(cix_crossref_parse(&rec, b.p, b.len, &err), CIX_OK);
	if (mt_now() - t0 > 10.0)
		fail_msg("%.1f s for %zu bytes", mt_now() - t0, b.len);
	assert_int_equal(rec.nauthors, CIX_MAPPER_MAXAUTHORS);
	assert_int_equal(rec.naffils, CIX_MAPPER_MAXAFFILS);
	assert_int_equal(rec.naa, CIX_MAPPER_MAXAFFILS);
	assert_true(rec.naa <= CIX_MAPPER_MAXLINKS);
	assert_true(strlen(rec.isbn) <= CIX_MAPPER_MAXLIST);
	cix_buf_release(&b);
}

/* libxml2's global error handlers and entity loader are left alone. */
static void
test_no_global_state(void **state)
{
	xmlStructuredErrorFunc s0 = xmlStructuredError;
	void *sc0 = xmlStructuredErrorContext;
	xmlGenericErrorFunc g0 = xmlGenericError;
	void *gc0 = xmlGenericErrorContext;
	xmlExternalEntityLoader l0 = xmlGetExternalEntityLoader();
	static const char bad[] = "<doi_records><oops></doi_records>";

	assert_int_equal(cix_crossref_parse(&rec, bad, sizeof(bad) - 1, &err),
	    CIX_EPARSE);
	assert_int_equal(parse_file(mt_fixture_dir("crossref"),
	    "peer-support-book.unixsd.xml"), CIX_OK);
	assert_ptr_equal(xmlStructuredError, s0);
	assert_ptr_equal(xmlStructuredErrorContext, sc0);
	assert_ptr_equal(xmlGenericError, g0);
	assert_ptr_equal(xmlGenericErrorContext, gc0);
	assert_ptr_equal(xmlGetExternalEntityLoader(), l0);
}

/* A record is reset by each parse; a failed parse leaves it empty. */
static void
test_reuse(void **state)
{
	static const char bad[] = "<doi_records><doi_record>";

	assert_int_equal(parse_file(mt_fixture_dir("crossref"),
	    "peer-support-article.unixsd.xml"), CIX_OK);
	assert_int_equal(rec.nrefs, 6);
	assert_int_equal(parse_file(mt_fixture_dir("crossref"),
	    "peer-support-book.unixsd.xml"), CIX_OK);
	assert_int_equal(rec.nrefs, 1);
	assert_int_equal(rec.nauthors, 2);
	assert_int_equal(cix_crossref_parse(&rec, bad, sizeof(bad) - 1, &err),
	    CIX_EPARSE);
	assert_null(rec.title);
	assert_int_equal(rec.nrefs, 0);
	assert_int_equal(cix_crossref_parse(&rec, bad, sizeof(bad) - 1,
	    NULL), CIX_EPARSE);	/* err may be NULL */
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
		cmocka_unit_test(test_real_unixref_vs_csl),
		cmocka_unit_test(test_real_expectations),
		cmocka_unit_test(test_real_errors),
		cmocka_unit_test(test_fixture_article),
		cmocka_unit_test(test_fixture_types),
		cmocka_unit_test(test_fixture_markup),
		cmocka_unit_test(test_fixture_not_found),
		cmocka_unit_test(test_hostile_entities),
		cmocka_unit_test(test_hostile_structure),
		cmocka_unit_test(test_hostile_huge_text),
		cmocka_unit_test(test_hostile_many),
		cmocka_unit_test(test_no_global_state),
		cmocka_unit_test(test_reuse),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
