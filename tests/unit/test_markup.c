/*
 * test_markup.c - markup reduction (markup.c) and the helpers the
 * metadata mappers share (mapper.c): table-driven cases.
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "cix.h"
#include "mapper.h"
#include "markup.h"
#include "banned.h"

static struct cix_record rec;

#define P CIX_MARKUP_PARAS
#define BL (CIX_MARKUP_PARAS | CIX_MARKUP_BLANKLINES)

static const struct {
	const char *in;
	unsigned flags;
	const char *text;	/* NULL: empty */
	const char *markup;	/* NULL: no tag kept */
} str_cases[] = {
	{ "plain  text\n here ", 0, "plain text here", NULL },
	{ "", 0, NULL, NULL },
	{ " \t\n", 0, NULL, NULL },
	{ "<i>Neisseria</i> base", 0, "Neisseria base",
	  "<i>Neisseria</i> base" },
	{ "a <i> b </i> c", 0, "a b c", "a <i>b</i> c" },
	{ "Huntington&apos;s &amp; co", 0, "Huntington's & co",
	  NULL },
	{ "x &#x3b1; y &#945; &ndash; &eacute;", 0,
	  "x \xCE\xB1 y \xCE\xB1 \xE2\x80\x93 \xC3\xA9", NULL },
	{ "&unknown; &amp &#0; &#xD800;", 0, "&unknown; &amp &#0; &#xD800;",
	  NULL },
	{ "p < 0.05 and a<b, x <- y", 0, "p < 0.05 and a<b, x <- y", NULL },
	{ "<i>p</i> < 0.05", 0, "p < 0.05", "<i>p</i> &lt; 0.05" },
	{ "H<sub>2</sub>O and x<sup>2</sup>", 0, "H2O and x2",
	  "H<sub>2</sub>O and x<sup>2</sup>" },
	{ "<jats:italic>a</jats:italic> <jats:bold>b</jats:bold>", 0, "a b",
	  "<i>a</i> <b>b</b>" },
	{ "<em>e</em><strong>s</strong><scp>sc</scp><u>u</u>", 0, "esscu",
	  "<i>e</i><b>s</b>scu" },
	{ "<i></i>empty <b> </b>x", 0, "empty x", NULL },
	{ "<b>bold <i>both</b> after", 0, "bold both after",
	  "<b>bold <i>both</i></b> after" },
	{ "<b>never closed", 0, "never closed", "<b>never closed</b>" },
	{ "stray</i> close", 0, "stray close", NULL },
	{ "<i/>self", 0, "self", NULL },
	{ "<a href=\"x\">link</a> <span class=\"y\">s</span>", 0, "link s",
	  NULL },
	{ "<jats:p>One</jats:p><jats:p>Two</jats:p>", P, "One\n\nTwo", NULL },
	{ "<jats:p>One</jats:p><jats:p>Two</jats:p>", 0, "One Two", NULL },
	{ "<p>One<br>Two</p>", P, "One\n\nTwo", NULL },
	{ "text <br/> more", 0, "text more", NULL },
	{ "Line one\n \nLine two\nsame", BL, "Line one\n\nLine two same",
	  NULL },
	{ "Line one\n\nLine two", P, "Line one Line two", NULL },
	{ "<jats:title>Abstract</jats:title><jats:p>Body</jats:p>", P, "Body",
	  NULL },
	{ "<title>Abstract:</title>Body", P, "Body", NULL },
	{ "<jats:title>Background</jats:title><jats:p>Body</jats:p>", P,
	  "Background\n\nBody", NULL },
	{ "<title>Abstract</title>Body", 0, "Abstract Body", NULL },
	/* pretty-printing around inline elements */
	{ "the beetle\n   <i>C. maculatus</i>\n   . We", 0,
	  "the beetle C. maculatus. We", "the beetle <i>C. maculatus</i>. We" },
	{ "a (\n  <i>p</i>\n  < 0.05)", 0, "a (p < 0.05)",
	  "a (<i>p</i> &lt; 0.05)" },
	{ "on one line . kept", 0, "on one line . kept", NULL },
	/* Unicode spaces, invisible and control characters */
	{ "\xC2\xA0 nbsp\xE2\x80\x83" "em\xE2\x80\x8Bzw\xC2\xAD" "shy", 0,
	  "nbsp emzwshy", NULL },
	{ "\xC2\xA0\xE3\x80\x80", 0, NULL, NULL },
	{ "a\x01" "b\x7f" "c\xC2\x85" "d", 0, "abcd", NULL },
	{ "a\xff" "b", 0, "a\xEF\xBF\xBD" "b", NULL },
	{ "line\xE2\x80\xA8" "sep", 0, "line sep", NULL },
};

static void
test_markup_str(void **state)
{
	const char *t, *m;
	size_t i;

	for (i = 0; i < sizeof(str_cases) / sizeof(str_cases[0]); i++) {
		assert_int_equal(cix_markup_str(&t, &m, &rec.arena,
		    str_cases[i].in, strlen(str_cases[i].in),
		    str_cases[i].flags, 4096), CIX_OK);
		if ((str_cases[i].text == NULL) != (t == NULL) ||
		    (t != NULL && strcmp(t, str_cases[i].text) != 0))
			fail_msg("case %zu '%s': text '%s'", i,
			    str_cases[i].in, t ? t : "(null)");
		if ((str_cases[i].markup == NULL) != (m == NULL) ||
		    (m != NULL && strcmp(m, str_cases[i].markup) != 0))
			fail_msg("case %zu '%s': markup '%s'", i,
			    str_cases[i].in, m ? m : "(null)");
	}
	/* either output may be left out */
	assert_int_equal(cix_markup_str(NULL, &m, &rec.arena, "<i>x</i>", 8,
	    0, 64), CIX_OK);
	assert_string_equal(m, "<i>x</i>");
	assert_int_equal(cix_markup_str(&t, NULL, &rec.arena, "<i>x</i>", 8,
	    0, 64), CIX_OK);
	assert_string_equal(t, "x");
}

static void
test_markup_cap(void **state)
{
	char buf[300];
	const char *t, *m;
	size_t i, opens, closes;

	assert_int_equal(cix_markup_str(&t, NULL, &rec.arena,
	    "abcdefghijklmnop", 16, 0, 10), CIX_OK);
	assert_string_equal(t, "abcdefghij");
	/* never cut inside a character */
	assert_int_equal(cix_markup_str(&t, NULL, &rec.arena,
	    "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9", 8, 0, 5), CIX_OK);
	assert_string_equal(t, "\xC3\xA9\xC3\xA9");
	/* 40 nested tags: the markup stays balanced */
	buf[0] = '\0';
	for (i = 0; i < 40; i++)
		memcpy(buf + 3 * i, "<i>", 4);
	memcpy(buf + 120, "x", 2);
	for (i = 0; i < 40; i++)
		memcpy(buf + 121 + 4 * i, "</i>", 5);
	assert_int_equal(cix_markup_str(&t, &m, &rec.arena, buf, strlen(buf),
	    0, 4096), CIX_OK);
	assert_string_equal(t, "x");
	for (opens = closes = 0, i = 0; m[i] != '\0'; i++) {
		opens += strncmp(m + i, "<i>", 3) == 0;
		closes += strncmp(m + i, "</i>", 4) == 0;
	}
	assert_int_equal(opens, closes);
	assert_true(opens > 0 && opens <= 32);
}

static const struct {
	const char *xml;	/* the content of <t> */
	unsigned flags;
	const char *text;
	const char *markup;
} xml_cases[] = {
	{ "Title <i>Neisseria</i>  base", 0, "Title Neisseria base",
	  "Title <i>Neisseria</i> base" },
	{ "<![CDATA[a < b & <i>c</i>]]>", 0, "a < b & c",
	  "a &lt; b &amp; <i>c</i>" },
	{ "&lt;i&gt;escaped&lt;/i&gt; &amp;amp;", 0, "escaped &",
	  "<i>escaped</i> &amp;" },
	{ "a<!-- comment --><?pi x?>b", 0, "ab", NULL },
	{ "<x:i xmlns:x=\"urn:other\">other ns</x:i>", 0, "other ns", NULL },
	{ "<h:i xmlns:h=\"http://www.w3.org/1999/xhtml\">xhtml</h:i>", 0,
	  "xhtml", "<i>xhtml</i>" },
	{ "CO<m:math xmlns:m=\"http://www.w3.org/1998/Math/MathML\">"
	  "<m:msubsup> <m:mi>x</m:mi> <m:mn>1</m:mn> <m:mn>2</m:mn> "
	  "</m:msubsup><m:mo> + </m:mo><m:mfrac><m:mi>a</m:mi>"
	  "<m:mi>b</m:mi></m:mfrac><m:semantics><m:mi>y</m:mi>"
	  "<m:annotation>y_tex</m:annotation><m:annotation-xml>"
	  "<m:mi>z</m:mi></m:annotation-xml></m:semantics>"
	  "<m:msqrt><m:mi>n</m:mi></m:msqrt></m:math> end", 0,
	  "COx12+a/by\xE2\x88\x9An end",
	  "COx<sub>1</sub><sup>2</sup>+a/by\xE2\x88\x9An end" },
	{ "<j:alternatives xmlns:j=\"http://www.ncbi.nlm.nih.gov/JATS1\">"
	  "<j:tex-math>\\alpha</j:tex-math><m:math "
	  "xmlns:m=\"http://www.w3.org/1998/Math/MathML\"><m:mi>"
	  "\xCE\xB1</m:mi></m:math></j:alternatives>", 0, "\xCE\xB1", NULL },
	{ "<j:sec xmlns:j=\"http://www.ncbi.nlm.nih.gov/JATS1\"><j:title>"
	  "Methods</j:title><j:p>We <j:sc>asked</j:sc>.</j:p><j:list>"
	  "<j:list-item><j:p>one</j:p></j:list-item><j:list-item><j:p>two"
	  "</j:p></j:list-item></j:list></j:sec>", P,
	  "Methods\n\nWe asked.\n\none\n\ntwo", NULL },
};

static void
test_markup_xml(void **state)
{
	char doc[2048];
	const char *t, *m;
	xmlDocPtr d;
	size_t i;

	for (i = 0; i < sizeof(xml_cases) / sizeof(xml_cases[0]); i++) {
		snprintf(doc, sizeof(doc), "<t>%s</t>", xml_cases[i].xml);
		d = xmlReadMemory(doc, (int)strlen(doc), NULL, NULL,
		    XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_NOERROR |
		    XML_PARSE_NOWARNING);
		if (d == NULL)
			fail_msg("case %zu does not parse", i);
		assert_int_equal(cix_markup_xml(&t, &m, &rec.arena,
		    xmlDocGetRootElement(d), xml_cases[i].flags, 4096), CIX_OK);
		if (t == NULL || strcmp(t, xml_cases[i].text) != 0)
			fail_msg("case %zu: text '%s'", i, t ? t : "(null)");
		if ((xml_cases[i].markup == NULL) != (m == NULL) ||
		    (m != NULL && strcmp(m, xml_cases[i].markup) != 0))
			fail_msg("case %zu: markup '%s'", i, m ? m : "(null)");
		xmlFreeDoc(d);
	}
	assert_int_equal(cix_markup_xml(&t, &m, &rec.arena, NULL, 0, 64),
	    CIX_OK);
	assert_null(t);
	assert_null(m);
}

/* An entity reference never contributes text, whatever it holds. */
static void
test_markup_entity_ref(void **state)
{
	static const char doc[] = "<!DOCTYPE t [<!ENTITY x \"<i>BAD</i>\">]>"
	    "<t>a &x; b</t>";
	const char *t, *m;
	xmlDocPtr d;

	d = xmlReadMemory(doc, (int)strlen(doc), NULL, NULL,
	    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	assert_non_null(d);
	assert_int_equal(cix_markup_xml(&t, &m, &rec.arena,
	    xmlDocGetRootElement(d), 0, 64), CIX_OK);
	assert_string_equal(t, "a b");
	assert_null(m);
	xmlFreeDoc(d);
}

static void
test_orcid_issn(void **state)
{
	static const struct {
		const char *in, *orcid;
	} oc[] = {
		{ "0000-0002-1825-0097", "0000-0002-1825-0097" },
		{ "https://orcid.org/0000-0002-1825-0097",
		  "0000-0002-1825-0097" },
		{ "http://orcid.org/0000-0003-0000-000x/",
		  "0000-0003-0000-000X" },
		{ " 0000000218250097 ", "0000-0002-1825-0097" },
		{ "ORCID: 0000-0002-1825-0097.", "0000-0002-1825-0097" },
		{ "0000-0002-1825-009", NULL },
		{ "00000-0002-1825-0097", NULL },
		{ "0000-0002-1825-00977", NULL },
		{ "0000--0002-1825-0097", NULL },
		{ "X000-0002-1825-0097", NULL },
		{ "", NULL },
	};
	static const struct {
		const char *in, *issn;
	} ic[] = {
		{ "0022-2836", "0022-2836" }, { "00222836", "0022-2836" },
		{ " 2050-084x ", "2050-084X" }, { "2050-08X4", NULL },
		{ "0022-28367", NULL }, { "ISSN 0022-2836", NULL },
		{ "0022--2836", NULL }, { "", NULL },
	};
	char o[20], s[10];
	size_t i;
	int ok;

	for (i = 0; i < sizeof(oc) / sizeof(oc[0]); i++) {
		ok = cix_mapper_orcid(o, oc[i].in);
		if (ok != (oc[i].orcid != NULL) ||
		    (ok && strcmp(o, oc[i].orcid) != 0))
			fail_msg("orcid '%s' -> %d '%s'", oc[i].in, ok,
			    ok ? o : "");
	}
	assert_int_equal(cix_mapper_orcid(o, NULL), 0);
	for (i = 0; i < sizeof(ic) / sizeof(ic[0]); i++) {
		ok = cix_mapper_issn(s, ic[i].in);
		if (ok != (ic[i].issn != NULL) ||
		    (ok && strcmp(s, ic[i].issn) != 0))
			fail_msg("issn '%s' -> %d", ic[i].in, ok);
	}
}

static void
test_dates_pages(void **state)
{
	static const struct {
		const char *in;
		int y, m, d;
	} dc[] = {
		{ "2017-05-15", 2017, 5, 15 }, { "1995-11", 1995, 11, 0 },
		{ "2017", 2017, 0, 0 }, { "2013-11-05T10:00:00Z", 2013, 11, 5 },
		{ "2018-13-01", 2018, 0, 0 }, { "2018-02-40", 2018, 2, 0 },
		{ "20171", 0, 0, 0 }, { "999", 0, 0, 0 }, { "n.d.", 0, 0, 0 },
		{ "2018-01/2019", 2018, 1, 0 },
	};
	static const struct {
		const char *in, *first, *last;
	} pc[] = {
		{ "635-641", "635", "641" },
		{ "635\xE2\x80\x93" "641", "635", "641" },
		{ "635-41", "635", "641" }, { "1386-1399", "1386", "1399" },
		{ "e30", "e30", NULL }, { "S1-S12", "S1", "S12" },
		{ "12-15, 20", "12", "15" }, { "n/a-n/a", NULL, NULL },
		{ "-5", "-5", NULL }, { "7 - 9", "7", "9" }, { "", NULL, NULL },
	};
	size_t i;
	int y, m, d, ok;

	for (i = 0; i < sizeof(dc) / sizeof(dc[0]); i++) {
		ok = cix_mapper_date(dc[i].in, &y, &m, &d);
		if (ok != (dc[i].y != 0) || y != dc[i].y || m != dc[i].m ||
		    d != dc[i].d)
			fail_msg("date '%s' -> %d %d-%d-%d", dc[i].in, ok, y, m,
			    d);
	}
	for (i = 0; i < sizeof(pc) / sizeof(pc[0]); i++) {
		cix_record_reset(&rec);
		assert_int_equal(cix_mapper_pages(&rec, pc[i].in), CIX_OK);
		if ((pc[i].first == NULL) != (rec.first_page == NULL) ||
		    (pc[i].first && strcmp(pc[i].first, rec.first_page)) ||
		    (pc[i].last == NULL) != (rec.last_page == NULL) ||
		    (pc[i].last && strcmp(pc[i].last, rec.last_page)))
			fail_msg("pages '%s' -> '%s' '%s'", pc[i].in,
			    rec.first_page ? rec.first_page : "",
			    rec.last_page ? rec.last_page : "");
	}
}

static void
test_names(void **state)
{
	static const struct {
		const char *in, *family, *given;
	} nc[] = {
		{ "Chisholm, Janice", "Chisholm", "Janice" },
		{ "Ashwini Sukale", "Sukale", "Ashwini" },
		{ "Mary Ann van der Berg", "Berg", "Mary Ann van der" },
		{ "Zenodo", "Zenodo", NULL },
		{ " Fenner ,  Martin ", "Fenner", "Martin" },
		{ "", NULL, NULL },
	};
	struct cix_mapper_affils ix = CIX_MAPPER_AFFILS_INIT;
	const char *f, *g;
	size_t i, idx;

	for (i = 0; i < sizeof(nc) / sizeof(nc[0]); i++) {
		assert_int_equal(cix_mapper_split_name(&f, &g, &rec, nc[i].in),
		    CIX_OK);
		if ((f == NULL) != (nc[i].family == NULL) ||
		    (f && strcmp(f, nc[i].family)) ||
		    (g == NULL) != (nc[i].given == NULL) ||
		    (g && strcmp(g, nc[i].given)))
			fail_msg("name '%s' -> '%s' '%s'", nc[i].in, f, g);
	}
	assert_true(cix_mapper_looks_corporate("GTEx Consortium"));
	assert_true(cix_mapper_looks_corporate("Lab for Exosphere Studies"));
	assert_true(cix_mapper_looks_corporate("Universit\xC3\xA9 de Lyon"));
	assert_false(cix_mapper_looks_corporate("Labinsky, Anna"));
	assert_false(cix_mapper_looks_corporate("Groupe Marie"));

	cix_record_reset(&rec);
	assert_int_equal(cix_mapper_person(&idx, &rec, "Jean-Paul",
	    "\xC3\x89mile Jean-Luc", "III", "orcid.org/0000-0002-1825-0097",
	    CIX_ROLE_AUTHOR, 0), CIX_OK);
	assert_int_equal(idx, 0);
	assert_string_equal(rec.authors[0].abbrev, "Jean-Paul, \xC3\x89JL");
	assert_string_equal(rec.authors[0].full,
	    "Jean-Paul, \xC3\x89mile Jean-Luc");
	assert_string_equal(rec.authors[0].suffix, "III");
	assert_string_equal(rec.authors[0].orcid, "0000-0002-1825-0097");
	assert_int_equal(cix_mapper_person(&idx, &rec, NULL, NULL, NULL, NULL,
	    CIX_ROLE_AUTHOR, 0), CIX_OK);
	assert_int_equal(idx, (size_t)-1);
	assert_int_equal(cix_mapper_person(&idx, &rec, NULL, "Plato", NULL,
	    "not an orcid", CIX_ROLE_AUTHOR, 0), CIX_OK);
	assert_string_equal(rec.authors[1].family, "Plato");
	assert_null(rec.authors[1].given);
	assert_null(rec.authors[1].orcid);
	assert_int_equal(cix_mapper_affil(&ix, &rec, 0, "Uni A"), CIX_OK);
	assert_int_equal(cix_mapper_affil(&ix, &rec, 1, "Uni A"), CIX_OK);
	assert_int_equal(cix_mapper_affil(&ix, &rec, 1, "Uni A"), CIX_OK);
	assert_int_equal(cix_mapper_affil(&ix, &rec, 1, "Uni C"), CIX_OK);
	assert_int_equal(cix_mapper_affil(&ix, &rec, 1, NULL), CIX_OK);
	assert_int_equal(cix_mapper_affil(&ix, &rec, 9, "Uni B"), CIX_OK);
	assert_int_equal(rec.naffils, 2);
	assert_int_equal(rec.naa, 3);
	assert_string_equal(rec.affils[1].address, "Uni C");
	cix_mapper_affils_release(&ix);
	cix_mapper_affils_release(&ix);		/* twice is fine */
}

static void
test_refs(void **state)
{
	static const struct {
		const char *author, *surname, *initials;
	} ac[] = {
		{ "Parker G", "Parker", "G" }, { "A Battle", "Battle", "A" },
		{ "AC Gavin", "Gavin", "AC" },
		{ "B. W.Kernighan", "Kernighan", "BW" },
		{ "Arnett, E. M.", "Arnett", "EM" },
		{ "van Lieshout E", "van Lieshout", "E" },
		{ "Bonke", "Bonke", NULL }, { "WHO", "WHO", NULL },
		{ "Bradley Phelim", "Bradley Phelim", NULL },
		{ "  ", NULL, NULL },
	};
	struct cix_mapper_ref in;
	const struct cix_ref *r;
	size_t i;

	for (i = 0; i < sizeof(ac) / sizeof(ac[0]); i++) {
		cix_record_reset(&rec);
		memset(&in, 0, sizeof(in));
		in.author = ac[i].author;
		in.year = "2004";
		assert_int_equal(cix_mapper_add_ref(&rec, &in), CIX_OK);
		assert_int_equal(rec.nrefs, 1);
		r = &rec.refs[0];
		if ((ac[i].surname == NULL) != (r->f.author == NULL) ||
		    (ac[i].surname && strcmp(ac[i].surname, r->f.author)) ||
		    (ac[i].initials == NULL) != (r->f.initials == NULL) ||
		    (ac[i].initials && strcmp(ac[i].initials, r->f.initials)))
			fail_msg("author '%s' -> '%s' '%s'", ac[i].author,
			    r->f.author, r->f.initials);
	}

	/* the WoS-like raw string */
	cix_record_reset(&rec);
	memset(&in, 0, sizeof(in));
	in.author = "Solomon P";
	in.year = "2004";
	in.journal = "Psychiatr. Rehabil. J.";
	in.volume = "27";
	in.page = "392";
	in.doi = "https://doi.org/10.2975/27.2004.392.401";
	assert_int_equal(cix_mapper_add_ref(&rec, &in), CIX_OK);
	assert_string_equal(rec.refs[0].raw, "Solomon P, 2004, PSYCHIATR. "
	    "REHABIL. J., V27, P392, DOI 10.2975/27.2004.392.401");
	assert_int_equal(rec.refs[0].parsed, 1);
	assert_int_equal(rec.refs[0].f.kind, CIX_REF_ARTICLE);

	/* only a title */
	memset(&in, 0, sizeof(in));
	in.title = "Untitled  work";
	assert_int_equal(cix_mapper_add_ref(&rec, &in), CIX_OK);
	assert_string_equal(rec.refs[1].raw, "Untitled work");

	/* unstructured with a DOI to find, trailing punctuation stripped */
	memset(&in, 0, sizeof(in));
	in.unstructured = "Smith J. Peer work. (doi:10.1210/en.2016-1335).";
	assert_int_equal(cix_mapper_add_ref(&rec, &in), CIX_OK);
	assert_int_equal(rec.refs[2].parsed, 0);
	assert_string_equal(rec.refs[2].f.dois[0], "10.1210/en.2016-1335");

	/* a DOI element wins over the text's; invalid DOIs are dropped */
	memset(&in, 0, sizeof(in));
	in.unstructured = "See 10.1000/text.doi";
	in.doi = "10.1000/ELEMENT";
	assert_int_equal(cix_mapper_add_ref(&rec, &in), CIX_OK);
	assert_string_equal(rec.refs[3].f.dois[0], "10.1000/element");
	memset(&in, 0, sizeof(in));
	in.doi = "not a doi";
	assert_int_equal(cix_mapper_add_ref(&rec, &in), CIX_OK);
	assert_int_equal(rec.nrefs, 4);		/* nothing to keep */
}

static void
test_titles_lists(void **state)
{
	cix_record_reset(&rec);
	assert_int_equal(cix_mapper_title(&rec, "Why peers?", NULL, "A study",
	    NULL), CIX_OK);
	assert_string_equal(rec.title, "Why peers? A study");
	assert_null(rec.title_markup);
	assert_int_equal(cix_mapper_title(&rec, "A & B", NULL, "the <i>C</i>",
	    "the <i>C</i>"), CIX_OK);
	assert_string_equal(rec.title, "A & B: the <i>C</i>");
	assert_string_equal(rec.title_markup, "A &amp; B: the <i>C</i>");
	assert_int_equal(cix_mapper_title(&rec, NULL, NULL, "Sub only", NULL),
	    CIX_OK);
	assert_string_equal(rec.title, "Sub only");
	assert_int_equal(cix_mapper_title(&rec, "Same", NULL, "Same", NULL),
	    CIX_OK);
	assert_string_equal(rec.title, "Same");

	assert_int_equal(cix_mapper_append(&rec.isbn, &rec, "111"), CIX_OK);
	assert_int_equal(cix_mapper_append(&rec.isbn, &rec, "222"), CIX_OK);
	assert_int_equal(cix_mapper_append(&rec.isbn, &rec, "111"), CIX_OK);
	assert_int_equal(cix_mapper_append(&rec.isbn, &rec, "11"), CIX_OK);
	assert_int_equal(cix_mapper_append(&rec.isbn, &rec, NULL), CIX_OK);
	assert_string_equal(rec.isbn, "111; 222; 11");
}

static void
test_sniff(void **state)
{
	static const struct {
		const char *in;
		int xml, rc;
		const char *msg;
	} sc[] = {
		{ "<?xml version=\"1.0\"?><a/>", 1, CIX_OK, "" },
		{ "\xEF\xBB\xBF  <a/>", 1, CIX_OK, "" },
		{ "", 1, CIX_EPARSE, "response is empty, not X" },
		{ "<!DOCTYPE html><p>", 1, CIX_EPARSE,
		  "response is HTML, not X" },
		{ "<HTML><body>", 0, CIX_EPARSE, "response is HTML, not X" },
		{ "<?xml version=\"1.0\"?>\n<!-- c -->\n<html>", 1, CIX_EPARSE,
		  "response is HTML, not X" },
		{ "Resource not found.", 1, CIX_ENOTFOUND, "not found" },
		{ "Bad gateway\r\nmore", 1, CIX_EPARSE,
		  "response is not X: 'Bad gateway'" },
		{ "{\"a\":1}", 1, CIX_EPARSE,
		  "response is not X: '{\"a\":1}'" },
		{ "{\"a\":1}", 0, CIX_OK, "" },
		{ "<a/>", 0, CIX_EPARSE, "response is not X: '<a/>'" },
		{ "\x01\x02zz", 1, CIX_EPARSE, "response is not X: '??zz'" },
	};
	struct cix_error err;
	char longline[200];
	size_t i;

	for (i = 0; i < sizeof(sc) / sizeof(sc[0]); i++) {
		cix_error_clear(&err);
		assert_int_equal(cix_mapper_sniff(sc[i].in, strlen(sc[i].in),
		    "X", sc[i].xml, &err), sc[i].rc);
		if (sc[i].rc != CIX_OK &&
		    strncmp(err.msg, sc[i].msg, strlen(sc[i].msg)) != 0)
			fail_msg("sniff '%s': '%s'", sc[i].in, err.msg);
	}
	/* the quote is cut at 60 bytes, never inside a character */
	memset(longline, 'a', sizeof(longline));
	memcpy(longline + 59, "\xC3\xA9", 2);
	longline[sizeof(longline) - 1] = '\0';
	assert_int_equal(cix_mapper_sniff(longline, strlen(longline), "X", 1,
	    &err), CIX_EPARSE);
	assert_non_null(strstr(err.msg, "aaa...'"));
	assert_int_equal(cix_utf8_check(err.msg, strlen(err.msg)),
	    strlen(err.msg));
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
		cmocka_unit_test(test_markup_str),
		cmocka_unit_test(test_markup_cap),
		cmocka_unit_test(test_markup_xml),
		cmocka_unit_test(test_markup_entity_ref),
		cmocka_unit_test(test_orcid_issn),
		cmocka_unit_test(test_dates_pages),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_refs),
		cmocka_unit_test(test_titles_lists),
		cmocka_unit_test(test_sniff),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
