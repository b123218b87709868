/*
 * test_wos.c - the reader registry, format detection, and the Web of
 * Science plain-text and tab-delimited readers: own fixtures in
 * tests/data/wos/ field by field, every quirk the readers accept, bad
 * input, and (when $CIX_TEST_DATA is there) the real exports.
 */
#include "config.h"

#include <dirent.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <cmocka.h>

#include "cix.h"
#include "wos.h"

/* ------------------------------------------------------------------ */
/* helpers */

#define MAXW 64

struct warns {
	size_t n;
	size_t line[MAXW];
	char msg[MAXW][256];
};

static void
on_warn(void *ctx, const char *file, size_t line, const char *msg)
{
	struct warns *w = ctx;

	assert_non_null(file);
	if (w->n < MAXW) {
		w->line[w->n] = line;
		snprintf(w->msg[w->n], sizeof(w->msg[0]), "%s", msg);
	}
	w->n++;
}

static char *
slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t alloc = 0, n = 0, r;

	if (f == NULL)
		return NULL;
	for (;;) {
		if (n == alloc) {
			alloc = alloc ? alloc * 2 : 65536;
			buf = realloc(buf, alloc + 1);
			assert_non_null(buf);
		}
		if ((r = fread(buf + n, 1, alloc - n, f)) == 0)
			break;
		n += r;
	}
	fclose(f);
	buf[n] = '\0';
	*len = n;
	return buf;
}

static char *
fixture(const char *name, size_t *len)
{
	const char *src = getenv("CIX_SRCDIR");
	char path[4096];
	char *p;

	snprintf(path, sizeof(path), "%s/tests/data/wos/%s",
	    src ? src : ".", name);
	p = slurp(path, len);
	if (p == NULL)
		fail_msg("cannot read fixture '%s'", path);
	return p;
}

/* Open a reader on memory; the caller frees it. */
static int
open_mem(struct cix_reader **rd, const char *name, const void *buf,
    size_t len, const char *fmt, struct warns *w, struct cix_error *err)
{
	struct cix_input *in;
	struct cix_reader_opts o = { on_warn, w };
	int rc;

	memset(w, 0, sizeof(*w));
	rc = cix_input_open_mem(&in, name, buf, len, err);
	assert_int_equal(rc, CIX_OK);
	return cix_reader_open(rd, in, fmt, &o, err);
}

/* Whether read_hashes() counts the record's line in. */
static int hash_lines;

/*
 * Read every record: their hashes (and lines) in h[], their count
 * returned.
 */
static size_t
read_hashes(const char *buf, size_t len, const char *fmt, uint64_t *h,
    size_t max, struct warns *w, int *rcout)
{
	struct cix_reader *rd;
	struct cix_record rec;
	struct cix_error err;
	size_t n = 0;
	int rc;

	rc = open_mem(&rd, "variant.txt", buf, len, fmt, w, &err);
	if (rc < 0)
		fail_msg("open: %s", err.msg);
	cix_record_init(&rec);
	while ((rc = cix_reader_next(rd, &rec, &err)) > 0) {
		if (n < max)
			h[n] = cix_record_hash(&rec) +
			    (hash_lines ? (uint64_t)rec.line << 48 : 0);
		n++;
	}
	*rcout = rc;
	cix_record_release(&rec);
	cix_reader_free(rd);
	return n;
}

static const char *
extra(const struct cix_record *r, const char *tag)
{
	size_t i;

	for (i = 0; i < r->nextra; i++)
		if (strcmp(r->extra[i].tag, tag) == 0)
			return r->extra[i].value;
	return NULL;
}

static int
has_link(const struct cix_record *r, uint32_t au, uint32_t af)
{
	size_t i;

	for (i = 0; i < r->naa; i++)
		if (r->aa[i].author == au && r->aa[i].affil == af)
			return 1;
	return 0;
}

/* s with every "\n" replaced by eol; caller frees. */
static char *
with_eol(const char *s, size_t len, const char *eol, size_t *outlen)
{
	size_t i, n = 0, el = strlen(eol);
	char *o = malloc(len * el + 1);

	assert_non_null(o);
	for (i = 0; i < len; i++) {
		if (s[i] == '\n') {
			memcpy(o + n, eol, el);
			n += el;
		} else {
			o[n++] = s[i];
		}
	}
	*outlen = n;
	return o;
}

/* UTF-8 s to UTF-16 with a BOM (le or be); caller frees. */
static char *
to_utf16(const char *s, size_t len, int be, size_t *outlen)
{
	unsigned char *o = malloc(len * 4 + 2);
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, n = 0, k;
	uint32_t cp, u[2];
	int nu, j;

	assert_non_null(o);
	o[n++] = be ? 0xFE : 0xFF;
	o[n++] = be ? 0xFF : 0xFE;
	while (i < len) {
		k = cix_utf8_seqlen(p + i, len - i);
		assert_true(k > 0);
		cp = cix_utf8_decode(p + i, k);
		i += k;
		if (cp >= 0x10000) {
			u[0] = 0xD800 + ((cp - 0x10000) >> 10);
			u[1] = 0xDC00 + ((cp - 0x10000) & 0x3FF);
			nu = 2;
		} else {
			u[0] = cp;
			nu = 1;
		}
		for (j = 0; j < nu; j++) {
			o[n++] = (unsigned char)(be ? u[j] >> 8 : u[j] & 0xFF);
			o[n++] = (unsigned char)(be ? u[j] & 0xFF : u[j] >> 8);
		}
	}
	*outlen = n;
	return (char *)o;
}

/* ------------------------------------------------------------------ */
/* registry, probes, sniffing, detection errors */

static void
test_registry(void **state)
{
	const struct cix_reader_ops *const *r = cix_readers();
	const char *names[] = { "wos", "wos-tab", "mirror" };
	size_t i, n;

	for (n = 0; r[n] != NULL; n++) {
		assert_non_null(r[n]->name);
		assert_non_null(r[n]->desc);
		assert_non_null(r[n]->probe);
	}
	assert_int_equal(n, 3);
	for (i = 0; i < 3; i++) {
		assert_non_null(cix_reader_find(names[i]));
		assert_string_equal(cix_reader_find(names[i])->name, names[i]);
	}
	assert_ptr_equal(cix_reader_find("WOS"), &cix_reader_wos);
	assert_ptr_equal(cix_reader_find("wos-tab"), &cix_reader_wostab);
	assert_null(cix_reader_find("bibtex"));
	assert_null(cix_reader_find(NULL));
}

static const struct {
	const char *head;
	int wos;	/* probe claims it: 1 yes, 0 no */
	int tab;
} probe_cases[] = {
	{ "FN Clarivate Analytics Web of Science\nVR 1.0\nPT J\n", 1, 0 },
	{ "FN Thomson Reuters Web of Knowledge\r\nVR 1.0\r\n", 1, 0 },
	{ "FN ISI Export Format\nVR 1.0\nPT J\nAU X, Y\n", 1, 0 },
	{ "\nVR 1.0\nPT J\n", 1, 0 },
	{ "PT J\nAU Smith, A\nTI T\nER\n", 1, 0 },
	{ "\xEF\xBB\xBFPT J\nAU Smith, A\n", 1, 0 },
	{ "PT\tAU\tTI\tUT\n", 0, 1 },
	{ "PT\tAU\tTI\tUT\t\nJ\tX\tY\tZ\t\n", 0, 1 },
	{ "\"PT\"\t\"AU\"\t\"TI\"\n", 0, 1 },
	{ "PT\tAU\n", 0, 0 },		/* too few columns */
	{ "AU\tPT\tTI\n", 0, 0 },	/* PT not first */
	{ "PT\tAuthors\tTI\n", 0, 0 },
	{ "TY  - JOUR\nAU  - Smith\n", 0, 0 },
	{ "@article{x,\n title={y}}\n", 0, 0 },
	{ "AU Smith, A\nTI T\n", 0, 0 },
	{ "hello world\n", 0, 0 },
	{ "", 0, 0 },
};

static void
test_probe(void **state)
{
	size_t i;
	const char *h;

	for (i = 0; i < sizeof(probe_cases) / sizeof(probe_cases[0]); i++) {
		h = probe_cases[i].head;
		if ((cix_reader_wos.probe(h, strlen(h)) > 0) !=
		    probe_cases[i].wos)
			fail_msg("wos probe wrong on case %zu", i);
		if ((cix_reader_wostab.probe(h, strlen(h)) > 0) !=
		    probe_cases[i].tab)
			fail_msg("wos-tab probe wrong on case %zu", i);
	}
}

static const struct {
	const char *head;
	size_t len;		/* 0: strlen */
	const char *what;
} sniff_cases[] = {
	{ "", 0, "an empty file" },
	{ "\n\n  \n", 0, "an empty file" },
	{ "@article{Frank_1970, title={x}}", 0, "BibTeX" },
	{ " @article{Frank_1970,\n", 0, "BibTeX" },
	{ "@Book (key,\n", 0, "BibTeX" },
	{ "TY  - JOUR\r\nAU  - Smith, J\r\n", 0, "RIS" },
	{ "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0\0\0\0", 12,
	  "an Excel workbook (xls)" },
	/* the same bytes as cix_input decodes them (Windows-1252) */
	{ "\xC3\x90\xC3\x8F\x11\xE0\xA1\xB1", 0, "an Excel workbook (xls)" },
	{ "PK\x03\x04\x14\0\x06\0\x08\0\0\0!\0[Content_Types].xml"
	  "PK\x03\x04xl/workbook.xml", 53, "an Excel workbook (xlsx)" },
	{ "PK\x03\x04\x14\0\x06\0", 8, "a ZIP archive" },
	{ "<!DOCTYPE html>\n<html><body>", 0, "HTML" },
	{ "<html lang=\"en\">", 0, "HTML" },
	{ "<?xml version=\"1.0\"?>\n<html>", 0, "HTML" },
	{ "<?xml version=\"1.0\"?>\n<crossref_result>", 0, "XML" },
	{ "Authors,Author full names,Title,Year,Source title\n", 0,
	  "a Scopus CSV export" },
	{ "\"Authors\",\"Title\",\"Year\"\n", 0, "a Scopus CSV export" },
	{ "Title,Year,Source title,Link,EID\n", 0, "a Scopus CSV export" },
	{ "PMID- 31719262\nOWN - NLM\n", 0, "PubMed/MEDLINE" },
	{ "%0 Journal Article\n%A Smith, J\n", 0, "EndNote" },
	{ "%A Smith, J\n%T Title\n", 0, "EndNote" },
	{ "{\"status\":\"ok\"}", 0, "JSON" },
	{ "[{\"id\":1}]", 0, "JSON" },
	{ "%PDF-1.7\n%\xE2\xE3\xCF\xD3\n", 0, "a PDF file" },
	{ "\x1F\x8B\x08\0", 4, "a gzip-compressed file" },
	{ "\x01\x02\x03\x04\x05\x06\x07\x08\x0e\x0f", 0, "binary data" },
	{ "abc\0def", 7, "binary data" },
	{ "id\tname\tvalue\n", 0, "a tab-separated table" },
	{ "\"a\",\"b\"\n", 0, "a CSV file" },
	{ "Dear reviewer, thank you.\n", 0, "plain text" },
};

static void
test_sniff(void **state)
{
	size_t i, len;
	const char *got;

	for (i = 0; i < sizeof(sniff_cases) / sizeof(sniff_cases[0]); i++) {
		len = sniff_cases[i].len ? sniff_cases[i].len :
		    strlen(sniff_cases[i].head);
		got = cix_reader_sniff(sniff_cases[i].head, len);
		if (strcmp(got, sniff_cases[i].what) != 0)
			fail_msg("case %zu: '%s', expected '%s'", i, got,
			    sniff_cases[i].what);
	}
}

/* A foreign input is refused with a message that names what it is. */
static const struct {
	const char *name;
	const char *data;
	size_t len;
	const char *fmt;
	int code;
	const char *msg;
} open_cases[] = {
	{ "x.bib", "@article{a,\n title = {T}\n}\n", 0, NULL, CIX_EFORMAT,
	  "looks like BibTeX, not a Web of Science export" },
	{ "x.ris", "TY  - JOUR\nTI  - T\nER  - \n", 0, NULL, CIX_EFORMAT,
	  "looks like RIS, not a Web of Science export" },
	{ "e.txt", "", 0, NULL, CIX_EFORMAT,
	  "the file is empty, not a Web of Science export" },
	{ "e.txt", "", 0, "wos", CIX_EFORMAT,
	  "the file is empty, not a Web of Science export" },
	{ "e.txt", "", 0, "wos-tab", CIX_EFORMAT,
	  "the file is empty, not a Web of Science tab-delimited export" },
	{ "b.xls", "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0\0\0\0\0\0\0\0", 16,
	  NULL, CIX_EFORMAT,
	  "looks like an Excel workbook (xls), not a Web of Science "
	  "export" },
	{ "s.csv", "Authors,Title,Year,Source title,EID\n\"A\",\"B\"\n", 0,
	  NULL, CIX_EFORMAT,
	  "looks like a Scopus CSV export, not a Web of Science "
	  "export" },
	{ "r.bib", "@article{a,\n title = {T}\n}\n", 0, "wos", CIX_EFORMAT,
	  "looks like BibTeX, not a Web of Science export" },
	{ "t.txt", "PT\tAU\tTI\nJ\tX\tY\n", 0, "nosuch", CIX_EINVAL,
	  "unknown input format 'nosuch'" },
	{ "h.txt", "Authors\tTitle\nX\tY\n", 0, "wos-tab", CIX_EFORMAT,
	  "not a Web of Science tab-delimited header: column 1 is 'Authors',"
	  " not a field tag" },
};

static void
test_open_errors(void **state)
{
	struct cix_reader *rd = NULL;
	struct cix_record rec;
	struct cix_error err;
	struct warns w;
	size_t i, len;
	int rc;

	cix_record_init(&rec);
	for (i = 0; i < sizeof(open_cases) / sizeof(open_cases[0]); i++) {
		len = open_cases[i].len ? open_cases[i].len :
		    strlen(open_cases[i].data);
		cix_error_clear(&err);
		rc = open_mem(&rd, open_cases[i].name, open_cases[i].data,
		    len, open_cases[i].fmt, &w, &err);
		if (rc == CIX_OK) {
			/* formats given by name fail on the first read */
			rc = cix_reader_next(rd, &rec, &err);
			cix_reader_free(rd);
		}
		if (rc != open_cases[i].code)
			fail_msg("case %zu: rc %d, expected %d (%s)", i, rc,
			    open_cases[i].code, err.msg);
		assert_string_equal(err.msg, open_cases[i].msg);
	}
	cix_record_release(&rec);
}

static void
test_detect_fixtures(void **state)
{
	struct cix_reader *rd;
	struct cix_error err;
	struct warns w;
	char *b;
	size_t len;

	b = fixture("basic.txt", &len);
	assert_int_equal(open_mem(&rd, "basic.txt", b, len, NULL, &w, &err),
	    CIX_OK);
	assert_string_equal(cix_reader_format(rd), "wos");
	assert_non_null(cix_reader_input(rd));
	cix_reader_free(rd);
	free(b);
	b = fixture("tab-basic.txt", &len);
	assert_int_equal(open_mem(&rd, "tab.txt", b, len, NULL, &w, &err),
	    CIX_OK);
	assert_string_equal(cix_reader_format(rd), "wos-tab");
	cix_reader_free(rd);
	free(b);
	cix_reader_free(NULL);
}

/* ------------------------------------------------------------------ */
/* plain text, field by field */

static void
test_basic(void **state)
{
	struct cix_reader *rd;
	struct cix_record r;
	struct cix_error err;
	struct warns w;
	const struct cix_author *a;
	char *b;
	size_t len;

	b = fixture("basic.txt", &len);
	assert_int_equal(open_mem(&rd, "basic.txt", b, len, "wos", &w, &err),
	    CIX_OK);
	cix_record_init(&r);
	assert_int_equal(cix_reader_next(rd, &r, &err), 1);

	assert_string_equal(r.origin, "wos");
	assert_int_equal(r.line, 3);
	assert_string_equal(r.pubtype, "J");
	assert_string_equal(r.doctype, "Article; Early Access");
	assert_string_equal(r.type, CIX_TYPE_ARTICLE);
	assert_string_equal(r.title, "Peer support workers in community "
	    "mental health: a realist review of what works, for whom and why");
	assert_string_equal(r.source, "PSYCHIATRIC REHABILITATION JOURNAL");
	assert_string_equal(r.source_abbrev, "PSYCHIATR REHABIL J");
	assert_string_equal(r.source_iso, "Psychiatr. Rehabil. J.");
	assert_string_equal(r.language, "English");
	assert_string_equal(r.abstract, "Peer workers bring lived experience "
	    "of mental distress into services. This review asks what helps "
	    "them thrive.");

	assert_int_equal(r.kw_author.n, 4);
	assert_string_equal(r.kw_author.v[0], "peer support");
	assert_string_equal(r.kw_author.v[2], "mental health services");
	assert_string_equal(r.kw_author.v[3], "recovery");
	assert_int_equal(r.kw_plus.n, 3);
	assert_string_equal(r.kw_plus.v[1], "WORKERS");
	assert_string_equal(r.kw_plus.v[2], "EMPLOYMENT");

	assert_int_equal(r.nauthors, 3);
	a = &r.authors[0];
	assert_string_equal(a->family, "Chisholm");
	assert_string_equal(a->given, "Janice");
	assert_string_equal(a->full, "Chisholm, Janice");
	assert_string_equal(a->abbrev, "Chisholm, J");
	assert_string_equal(a->orcid, "0000-0002-1825-0097");
	assert_null(a->rid);
	assert_int_equal(a->role, CIX_ROLE_AUTHOR);
	assert_int_equal(a->corporate, 0);
	a = &r.authors[1];
	assert_string_equal(a->family, "O'Hagan");
	assert_string_equal(a->given, "Mary");
	/* OI wrapped in the middle of a name */
	assert_string_equal(a->orcid, "0000-0001-5109-3700");
	assert_string_equal(a->rid, "ABC-1234-2010");
	a = &r.authors[2];
	assert_string_equal(a->family, "[Anonymous]");
	assert_string_equal(a->full, "[Anonymous]");
	assert_string_equal(a->abbrev, "[Anonymous]");
	assert_null(a->given);
	assert_int_equal(a->corporate, 1);
	assert_int_equal(a->role, CIX_ROLE_AUTHOR);

	assert_int_equal(r.naffils, 3);
	assert_string_equal(r.affils[0].address,
	    "Monash Univ, Dept Social Work, Clayton, Vic 3800, Australia.");
	assert_string_equal(r.affils[0].raw, "[Chisholm, Janice; O'Hagan, "
	    "Mary] Monash Univ, Dept Social Work, Clayton, Vic 3800, "
	    "Australia.");
	assert_string_equal(r.affils[1].address,
	    "Peer Zone, Auckland, New Zealand.");
	assert_string_equal(r.affils[2].address,
	    "Mind Australia, Heidelberg, Vic, Australia.");
	assert_string_equal(r.affils[2].raw,
	    "Mind Australia, Heidelberg, Vic, Australia.");
	assert_int_equal(r.naa, 3);
	assert_true(has_link(&r, 0, 0));
	assert_true(has_link(&r, 1, 0));
	assert_true(has_link(&r, 1, 1));

	assert_string_equal(r.reprint, "Chisholm, J (corresponding author), "
	    "Monash Univ, Dept Social Work, Clayton, Vic 3800, Australia.");
	assert_string_equal(r.emails,
	    "janice.chisholm@example.edu; mary@example.org");
	assert_string_equal(r.funding, "National Health and Medical Research "
	    "Council [APP1234567];  [2430623]; [77]");
	assert_string_equal(r.funding_text, "The authors thank the peer "
	    "workers who took part. Funding came from the National Health "
	    "and Medical Research Council.");

	assert_int_equal(r.nrefs, 4);
	assert_string_equal(r.refs[0].raw, "Anthony W., 1993, PSYCHOSOCIAL "
	    "REHABILITATION J, V16, P11, DOI 10.1037/h0095655");
	assert_string_equal(r.refs[1].raw, "[Anonymous], 2012, PEER SUPP GUID");
	/* indented by four spaces: still one reference */
	assert_string_equal(r.refs[2].raw, "Davidson L, 2006, SCHIZOPHRENIA "
	    "BULL, V32, P443, DOI 10.1093/schbul/sbj043");
	assert_int_equal(r.refs[3].parsed, 0);
	assert_int_equal(r.nr, 4);
	assert_int_equal(r.times_cited, 12);
	assert_int_equal(r.times_cited_all, 13);

	assert_string_equal(r.publisher, "TAYLOR & FRANCIS INC");
	assert_string_equal(r.publisher_city, "PHILADELPHIA");
	assert_string_equal(r.publisher_addr,
	    "530 WALNUT STREET, STE 850, PHILADELPHIA, PA 19106 USA");
	assert_string_equal(r.issn, "1095-158X");
	assert_string_equal(r.eissn, "1559-3126");
	assert_string_equal(r.pubdate, "JAN 15");
	assert_int_equal(r.year, 2021);
	assert_int_equal(r.month, 1);
	assert_int_equal(r.day, 15);
	assert_string_equal(r.volume, "44");
	assert_string_equal(r.issue, "1");
	assert_string_equal(r.first_page, "12");
	assert_string_equal(r.last_page, "25");
	assert_string_equal(r.article_no, "e100123");
	assert_string_equal(r.doi, "10.1037/prj0000420");
	assert_string_equal(r.early_access, "DEC 2020");
	assert_int_equal(r.page_count, 14);
	assert_string_equal(r.subjects, "Psychiatry; Rehabilitation");
	assert_string_equal(r.research_areas, "Psychiatry; Rehabilitation");
	assert_string_equal(r.ut, "WOS:000612345600002");
	assert_string_equal(r.pmid, "33400001");
	assert_string_equal(r.export_date, "2025-01-10");

	/* everything else, verbatim and in order */
	assert_int_equal(r.nextra, 8);
	assert_string_equal(r.extra[0].tag, "C3");
	assert_string_equal(r.extra[0].value, "Monash University");
	assert_string_equal(r.extra[1].tag, "RI");
	assert_string_equal(r.extra[1].value, "O'Hagan, Mary/ABC-1234-2010");
	assert_string_equal(r.extra[2].tag, "OI");
	assert_string_equal(r.extra[2].value, "Chisholm, Janice/"
	    "0000-0002-1825-0097; O'Hagan,\nMary/0000-0001-5109-3700");
	assert_string_equal(r.extra[3].tag, "U1");
	assert_string_equal(r.extra[4].tag, "U2");
	assert_string_equal(r.extra[4].value, "20");
	assert_string_equal(r.extra[5].tag, "WE");
	assert_string_equal(r.extra[6].tag, "GA");
	assert_string_equal(r.extra[7].tag, "OA");
	assert_string_equal(r.extra[7].value, "Green Published");

	/* the second record: a book with every kind of contributor */
	assert_int_equal(cix_reader_next(rd, &r, &err), 1);
	assert_int_equal(r.line, 70);
	assert_string_equal(r.pubtype, "B");
	assert_string_equal(r.type, CIX_TYPE_BOOK);
	assert_int_equal(r.nauthors, 7);
	assert_int_equal(cix_record_count_role(&r, CIX_ROLE_AUTHOR), 2);
	assert_int_equal(cix_record_count_role(&r, CIX_ROLE_GROUP), 2);
	assert_int_equal(cix_record_count_role(&r, CIX_ROLE_BOOK_AUTHOR), 1);
	assert_int_equal(cix_record_count_role(&r, CIX_ROLE_EDITOR), 2);
	assert_string_equal(r.authors[1].abbrev, "Perkins, R");
	assert_null(r.authors[1].full);
	assert_string_equal(r.authors[1].family, "Perkins");
	assert_string_equal(r.authors[1].given, "R");
	assert_string_equal(r.authors[2].family, "Peer Work Study Grp");
	assert_int_equal(r.authors[2].role, CIX_ROLE_GROUP);
	assert_int_equal(r.authors[2].corporate, 1);
	assert_string_equal(r.authors[3].family, "IEEE");
	assert_int_equal(r.authors[3].role, CIX_ROLE_GROUP);
	assert_string_equal(r.authors[4].full, "Repper, Julie");
	assert_string_equal(r.authors[4].abbrev, "Repper, J");
	assert_string_equal(r.authors[4].given, "Julie");
	assert_int_equal(r.authors[4].role, CIX_ROLE_BOOK_AUTHOR);
	assert_string_equal(r.authors[5].family, "Slade");
	assert_int_equal(r.authors[5].role, CIX_ROLE_EDITOR);
	assert_string_equal(r.authors[6].family, "Oades");
	assert_string_equal(cix_record_first_author(&r)->family, "Repper");
	assert_string_equal(r.series, "Mental Health Practice Series");
	assert_string_equal(r.conference, "3rd Peer Work Conference");
	assert_string_equal(r.conf_date, "MAR 03-05, 2003");
	assert_string_equal(r.conf_place, "Leeds, ENGLAND");
	assert_string_equal(r.isbn, "978-0-7020-2601-4");
	assert_int_equal(r.naffils, 1);
	assert_int_equal(r.naa, 0);
	assert_string_equal(r.affils[0].address,
	    "LEEDS UNIV,SCH HLTH,LEEDS LS2 9JT,ENGLAND.");
	assert_int_equal(r.nr, 0);
	assert_int_equal(r.times_cited, 0);
	assert_int_equal(r.nrefs, 0);
	assert_int_equal(r.year, 2003);
	assert_int_equal(r.month, 4);	/* SPR */
	assert_string_equal(r.part, "2");
	assert_string_equal(r.supplement, "1");
	assert_string_equal(r.special_issue, "SI");
	assert_int_equal(r.page_count, 220);
	assert_int_equal(r.nextra, 3);
	assert_string_equal(r.extra[0].tag, "BS");
	assert_string_equal(r.extra[1].tag, "HO");
	assert_string_equal(r.extra[2].tag, "SP");
	assert_string_equal(r.extra[2].value, "Mind");

	assert_int_equal(cix_reader_next(rd, &r, &err), 0);
	assert_int_equal(cix_reader_next(rd, &r, &err), 0);
	assert_int_equal(w.n, 0);
	cix_record_release(&r);
	cix_reader_free(rd);
	free(b);
}

static const char *const vintages[] = {
	"FN Thomson Reuters Web of Science\xE2\x84\xA2\nVR 1.0\n",
	"FN Clarivate Analytics Web of Science\nVR 1.0\n",
	"FN Thomson Reuters Web of Knowledge\nVR 1.0\n",
	"FN ISI Export Format\nVR 1.0\n",
	"\xEF\xBB\xBF" "FN Clarivate Analytics Web of Science\r\nVR 1.0\r\n",
	"",
};

static void
test_header_vintages(void **state)
{
	struct cix_reader *rd;
	struct cix_record r;
	struct cix_error err;
	struct warns w;
	char buf[512];
	size_t i;
	int n, ef;

	cix_record_init(&r);
	for (i = 0; i < sizeof(vintages) / sizeof(vintages[0]); i++) {
		for (ef = 0; ef < 2; ef++) {
			n = snprintf(buf, sizeof(buf), "%sPT J\nTI A title\n"
			    "UT WOS:1\nER\n\n%s", vintages[i],
			    ef ? "EF\n" : "");
			/* detected, not named */
			assert_int_equal(open_mem(&rd, "v.txt", buf,
			    (size_t)n, NULL, &w, &err), CIX_OK);
			assert_string_equal(cix_reader_format(rd), "wos");
			assert_int_equal(cix_reader_next(rd, &r, &err), 1);
			assert_string_equal(r.title, "A title");
			assert_int_equal(cix_reader_next(rd, &r, &err), 0);
			assert_int_equal(w.n, 0);
			cix_reader_free(rd);
		}
	}
	cix_record_release(&r);
}

/* Several exports concatenated: every header is skipped. */
static void
test_concatenated(void **state)
{
	struct cix_buf cat;
	uint64_t h1[4], h2[8];
	struct warns w;
	char *b;
	size_t len, n1, n2;
	int rc;

	b = fixture("basic.txt", &len);
	n1 = read_hashes(b, len, "wos", h1, 4, &w, &rc);
	assert_int_equal(n1, 2);
	cix_buf_init(&cat, CIX_BUF_NOCAP);
	cix_buf_add(&cat, b, len);
	cix_buf_adds(&cat, "\xEF\xBB\xBF");
	cix_buf_add(&cat, b, len);
	n2 = read_hashes(cat.p, cat.len, NULL, h2, 8, &w, &rc);
	assert_int_equal(rc, 0);
	assert_int_equal(n2, 4);
	assert_int_equal(w.n, 0);
	assert_memory_equal(h2, h1, sizeof(h1[0]) * 2);
	assert_memory_equal(h2 + 2, h1, sizeof(h1[0]) * 2);
	cix_buf_release(&cat);
	free(b);
}

/* Exports joined by cat when each ends in "EF" without a newline. */
static void
test_glued_ef(void **state)
{
	static const char cat[] = "FN Clarivate Analytics Web of Science\n"
	    "VR 1.0\nPT J\nTI a\nER\n\nEF\xEF\xBB\xBF"
	    "FN Clarivate Analytics Web of Science\nVR 1.0\nPT J\nTI b\nER\n"
	    "\nEFFN Thomson Reuters Web of Science\nVR 1.0\nPT J\nTI c\nER\n"
	    "\nEFPT J\nTI d\nER\nEF";
	struct cix_reader *rd;
	struct cix_record r;
	struct cix_error err;
	struct warns w;
	const char *titles = "abcd";
	size_t i;

	assert_int_equal(open_mem(&rd, "cat.txt", cat, strlen(cat), NULL, &w,
	    &err), CIX_OK);
	cix_record_init(&r);
	for (i = 0; i < 4; i++) {
		assert_int_equal(cix_reader_next(rd, &r, &err), 1);
		assert_int_equal(r.title[0], titles[i]);
	}
	assert_int_equal(cix_reader_next(rd, &r, &err), 0);
	assert_int_equal(w.n, 0);
	cix_record_release(&r);
	cix_reader_free(rd);
}

static void
test_quirks(void **state)
{
	static const size_t wlines[] = { 8, 16, 20, 21, 22, 24, 25, 52 };
	struct cix_reader *rd;
	struct cix_record r;
	struct cix_error err;
	struct warns w;
	char *b;
	size_t len, i;

	b = fixture("quirks.txt", &len);
	assert_int_equal(open_mem(&rd, "quirks.txt", b, len, NULL, &w, &err),
	    CIX_OK);
	assert_string_equal(cix_reader_format(rd), "wos");
	cix_record_init(&r);

	/* no ER before the next PT: kept */
	assert_int_equal(cix_reader_next(rd, &r, &err), 1);
	assert_int_equal(r.line, 3);
	assert_string_equal(r.title, "First record without ER");
	assert_string_equal(r.ut, "WOS:000000000000001");
	assert_int_equal(r.year, 2019);

	assert_int_equal(cix_reader_next(rd, &r, &err), 1);
	assert_int_equal(r.line, 8);
	assert_string_equal(r.title, "Second record, trailing blanks");
	assert_string_equal(r.source, "JOURNAL OF TRAILING BLANKS");
	assert_null(r.doi);
	assert_int_equal(r.times_cited, -1);
	assert_int_equal(r.nextra, 4);
	assert_string_equal(r.extra[0].tag, "DI");
	assert_string_equal(r.extra[0].value, "not a doi");
	assert_string_equal(r.extra[1].tag, "TC");
	assert_string_equal(r.extra[1].value, "many");
	assert_string_equal(r.extra[2].tag, "TI");
	assert_string_equal(r.extra[2].value, "A second title");
	assert_string_equal(r.extra[3].tag, "?");
	assert_string_equal(r.extra[3].value,
	    "this line has lost its tag\nand a continuation of it");
	assert_string_equal(r.ut, "WOS:000000000000002");

	/* "PT J / ER" with nothing in it is skipped; an orphan tag starts
	 * a record */
	assert_int_equal(cix_reader_next(rd, &r, &err), 1);
	assert_int_equal(r.line, 25);
	assert_null(r.pubtype);
	assert_string_equal(r.type, CIX_TYPE_OTHER);
	assert_int_equal(r.nauthors, 1);
	assert_string_equal(r.authors[0].family, "Orphan");

	/* early access: year from EY */
	assert_int_equal(cix_reader_next(rd, &r, &err), 1);
	assert_int_equal(r.line, 29);
	assert_int_equal(r.year, 2024);
	assert_string_equal(r.early_access, "MAR 2024");
	assert_string_equal(extra(&r, "EY"), "2024");

	/* MEDLINE tags kept in extra */
	assert_int_equal(cix_reader_next(rd, &r, &err), 1);
	assert_string_equal(r.ut, "MEDLINE:12345678");
	assert_string_equal(extra(&r, "AN"), "12345678");
	assert_string_equal(extra(&r, "PS"), "1-10");
	assert_string_equal(extra(&r, "JC"), "9999999");
	assert_string_equal(r.pubdate, "2021  (Epub 2021 Jan 24)");
	assert_int_equal(r.year, 2021);
	assert_int_equal(r.month, 0);

	/* after EF, a second header (with its own BOM); no ER, no EF */
	assert_int_equal(cix_reader_next(rd, &r, &err), 1);
	assert_int_equal(r.line, 49);
	assert_string_equal(r.ut, "WOS:000000000000005");
	assert_string_equal(r.title, "Last record, no ER, no EF");
	assert_int_equal(cix_reader_next(rd, &r, &err), 0);

	assert_int_equal(w.n, sizeof(wlines) / sizeof(wlines[0]));
	for (i = 0; i < w.n; i++)
		if (w.line[i] != wlines[i])
			fail_msg("warning %zu at line %zu (%s), expected %zu",
			    i, w.line[i], w.msg[i], wlines[i]);
	assert_non_null(strstr(w.msg[0], "no ER"));
	assert_non_null(strstr(w.msg[4], "no fields"));
	assert_non_null(strstr(w.msg[7], "truncated"));
	cix_record_release(&r);
	cix_reader_free(rd);
	free(b);
}

/* Line ends and encodings change nothing in what is read. */
static void
test_variants(void **state)
{
	static const char *const files[] = {
		"basic.txt", "quirks.txt", "tab-basic.txt"
	};
	static const char *const eols[] = { "\r\n", "\r" };
	uint64_t ref[16], got[16];
	struct warns w;
	size_t nref, wref, n, len, vlen, clen, f, i;
	char *b, *v, *c;
	int rc, be;

	hash_lines = 1;
	for (f = 0; f < sizeof(files) / sizeof(files[0]); f++) {
		b = fixture(files[f], &len);
		nref = read_hashes(b, len, NULL, ref, 16, &w, &rc);
		assert_int_equal(rc, 0);
		wref = w.n;
		for (i = 0; i < 2; i++) {
			v = with_eol(b, len, eols[i], &vlen);
			n = read_hashes(v, vlen, NULL, got, 16, &w, &rc);
			assert_int_equal(rc, 0);
			assert_int_equal(n, nref);
			assert_int_equal(w.n, wref);
			assert_memory_equal(got, ref, n * sizeof(got[0]));
			for (be = 0; be < 2; be++) {
				c = to_utf16(v, vlen, be, &clen);
				n = read_hashes(c, clen, NULL, got, 16, &w,
				    &rc);
				assert_int_equal(rc, 0);
				assert_int_equal(n, nref);
				assert_int_equal(w.n, wref);
				assert_memory_equal(got, ref,
				    n * sizeof(got[0]));
				free(c);
			}
			free(v);
		}
		/* UTF-16 without a BOM: found by its NUL pattern */
		c = to_utf16(b, len, 0, &clen);
		n = read_hashes(c + 2, clen - 2, NULL, got, 16, &w, &rc);
		assert_int_equal(n, nref);
		assert_memory_equal(got, ref, n * sizeof(got[0]));
		free(c);
		free(b);
	}
	hash_lines = 0;
}

static const struct {
	const char *pd;
	int month;
	int day;
} pd_cases[] = {
	{ "JAN", 1, 0 },
	{ "DEC", 12, 0 },
	{ "JAN 15", 1, 15 },
	{ "MAY 9", 5, 9 },
	{ "JAN-FEB", 1, 0 },
	{ "MAR-APR", 3, 0 },
	{ "WIN", 1, 0 },
	{ "SPR", 4, 0 },
	{ "SUM", 7, 0 },
	{ "FAL", 10, 0 },
	{ "FAL-WIN", 10, 0 },
	{ "2020-May", 5, 0 },
	{ "MAY 2020", 5, 0 },
	{ "MAY 5 2020", 5, 5 },
	{ "10", 10, 0 },
	{ "01", 1, 0 },
	{ "13", 0, 0 },
	{ "2021  (Epub 2021 Jan 24)", 0, 0 },
	{ "2023 JAN 28", 1, 28 },
	{ "2015 Apr 08", 4, 8 },
	{ "15 JAN", 1, 15 },
	{ "JAN 32", 1, 0 },
	{ "", 0, 0 },
	{ "n/a", 0, 0 },
};

static void
test_pubdate(void **state)
{
	size_t i;
	int m, d;

	for (i = 0; i < sizeof(pd_cases) / sizeof(pd_cases[0]); i++) {
		wos_parse_pd(pd_cases[i].pd, strlen(pd_cases[i].pd), &m, &d);
		if (m != pd_cases[i].month || d != pd_cases[i].day)
			fail_msg("PD '%s': %d/%d, expected %d/%d",
			    pd_cases[i].pd, m, d, pd_cases[i].month,
			    pd_cases[i].day);
	}
	assert_int_equal(wos_find_year("JUN 2019", 8), 2019);
	assert_int_equal(wos_find_year("12345 19", 8), 0);
	assert_int_equal(wos_find_year("", 0), 0);
}

/* Year when PY is missing: EY, else EA, else PD. */
static const struct {
	const char *rec;
	int year;
} year_cases[] = {
	{ "PT J\nTI t\nPY 2019\nEY 2018\nER\n", 2019 },
	{ "PT J\nTI t\nEA JUN 2020\nEY 2021\nER\n", 2021 },
	{ "PT J\nTI t\nEA JUN 2020\nER\n", 2020 },
	{ "PT J\nTI t\nPD MAY 5 2017\nER\n", 2017 },
	{ "PT J\nTI t\nPY twenty\nER\n", 0 },
	{ "PT J\nTI t\nER\n", 0 },
};

static void
test_year_fallback(void **state)
{
	struct cix_reader *rd;
	struct cix_record r;
	struct cix_error err;
	struct warns w;
	size_t i;

	cix_record_init(&r);
	for (i = 0; i < sizeof(year_cases) / sizeof(year_cases[0]); i++) {
		assert_int_equal(open_mem(&rd, "y.txt", year_cases[i].rec,
		    strlen(year_cases[i].rec), "wos", &w, &err), CIX_OK);
		assert_int_equal(cix_reader_next(rd, &r, &err), 1);
		if (r.year != year_cases[i].year)
			fail_msg("case %zu: year %d", i, r.year);
		cix_reader_free(rd);
	}
	cix_record_release(&r);
}

/* C1/OI/RI names that match no author, or several, link nothing. */
static void
test_name_matching(void **state)
{
	static const char rec[] =
	    "PT J\n"
	    "AU Wang, Y\n   Wang, Y\n   Lee, K\n"
	    "AF Wang, Yi\n   Wang, Yu\n   Lee, Kim\n"
	    "C1 [Wang, Yi; Nobody, Here] Univ A, City, China.\n"
	    "   [Lee, K] Univ B, City, Korea.\n"
	    "   [Wang, Yi\n"
	    "OI Wang, Y/0000-0001-0000-0001; Lee, Kim S/0000-0001-0000-0002;"
	    " Nobody/0000-0001-0000-0003; no slash here; Lee, Kim/\n"
	    "RI Lee, Kim/AAA-1111-2020\n"
	    "ER\n";
	struct cix_reader *rd;
	struct cix_record r;
	struct cix_error err;
	struct warns w;

	assert_int_equal(open_mem(&rd, "m.txt", rec, strlen(rec), "wos", &w,
	    &err), CIX_OK);
	cix_record_init(&r);
	assert_int_equal(cix_reader_next(rd, &r, &err), 1);
	assert_int_equal(r.nauthors, 3);
	assert_int_equal(r.naffils, 3);
	assert_true(has_link(&r, 0, 0));	/* full name */
	assert_true(has_link(&r, 2, 1));	/* abbreviated name */
	assert_int_equal(r.naa, 2);
	/* an unclosed bracket: the whole line is the address */
	assert_string_equal(r.affils[2].address, "[Wang, Yi");
	/* "Wang, Y" is two people: no ORCID for either */
	assert_null(r.authors[0].orcid);
	assert_null(r.authors[1].orcid);
	/* "Lee, Kim S" matches "Lee, Kim" by family name and initial */
	assert_string_equal(r.authors[2].orcid, "0000-0001-0000-0002");
	assert_string_equal(r.authors[2].rid, "AAA-1111-2020");
	assert_non_null(extra(&r, "OI"));
	assert_non_null(extra(&r, "RI"));
	cix_record_release(&r);
	cix_reader_free(rd);
}

/* ------------------------------------------------------------------ */
/* bad input */

/* Cut anywhere: a warning or a clean end, never a crash or a leak. */
static void
test_truncated(void **state)
{
	struct cix_reader *rd;
	struct cix_record r;
	struct cix_error err;
	struct warns w;
	char *b;
	size_t len, cut, n;
	int rc;

	b = fixture("basic.txt", &len);
	cix_record_init(&r);
	for (cut = 1; cut < len; cut += 7) {
		rc = open_mem(&rd, "cut.txt", b, cut, "wos", &w, &err);
		assert_int_equal(rc, CIX_OK);
		n = 0;
		while ((rc = cix_reader_next(rd, &r, &err)) > 0)
			n++;
		assert_true(rc == 0 || rc == CIX_EFORMAT);
		assert_true(n <= 2);
		cix_reader_free(rd);
	}
	/* cut in the middle of the second record */
	cut = (size_t)(strstr(b, "CA Peer Work") - b) + 5;
	assert_int_equal(open_mem(&rd, "cut.txt", b, cut, NULL, &w, &err),
	    CIX_OK);
	assert_int_equal(cix_reader_next(rd, &r, &err), 1);
	assert_int_equal(cix_reader_next(rd, &r, &err), 1);
	assert_int_equal(r.line, 70);
	assert_int_equal(cix_reader_next(rd, &r, &err), 0);
	assert_int_equal(w.n, 1);
	assert_int_equal(w.line[0], 77);
	assert_non_null(strstr(w.msg[0], "record at line 70 has no ER"));
	cix_reader_free(rd);
	cix_record_release(&r);
	free(b);
}

static uint32_t
rnd(uint32_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

static void
test_binary_garbage(void **state)
{
	static const char *const fmts[] = { "wos", "wos-tab", NULL };
	struct cix_reader *rd;
	struct cix_record r;
	struct cix_error err;
	struct warns w;
	unsigned char buf[8192];
	uint32_t seed = 12345;
	size_t i, f, round;
	int rc;

	cix_record_init(&r);
	for (round = 0; round < 20; round++) {
		for (i = 0; i < sizeof(buf); i++)
			buf[i] = (unsigned char)rnd(&seed);
		if (round % 2)	/* start like an export, then garbage */
			memcpy(buf, "FN Clarivate\nVR 1.0\nPT J\n", 25);
		for (f = 0; f < 3; f++) {
			rc = open_mem(&rd, "garbage.bin", buf, sizeof(buf),
			    fmts[f], &w, &err);
			if (rc < 0) {
				assert_true(rc == CIX_EFORMAT ||
				    rc == CIX_EPARSE);
				assert_string_equal(err.file, "garbage.bin");
				continue;
			}
			while ((rc = cix_reader_next(rd, &r, &err)) > 0)
				;
			if (rc < 0) {
				/* NUL bytes: binary data, with its line */
				assert_string_equal(err.file, "garbage.bin");
				assert_true(err.line > 0 ||
				    rc == CIX_EFORMAT);
			}
			cix_reader_free(rd);
		}
	}
	/* detection names it */
	memset(buf, 0, 64);
	buf[0] = 0x7F;
	assert_int_equal(open_mem(&rd, "g.bin", buf, 64, NULL, &w, &err),
	    CIX_EFORMAT);
	assert_string_equal(err.msg,
	    "looks like binary data, not a Web of Science export");
	cix_record_release(&r);
}

static void
test_nul_in_record(void **state)
{
	static const char rec[] = "PT J\nTI a\0b\nER\n";
	struct cix_reader *rd;
	struct cix_record r;
	struct cix_error err;
	struct warns w;

	assert_int_equal(open_mem(&rd, "nul.txt", rec, sizeof(rec) - 1,
	    "wos", &w, &err), CIX_OK);
	cix_record_init(&r);
	assert_int_equal(cix_reader_next(rd, &r, &err), CIX_EPARSE);
	assert_string_equal(err.file, "nul.txt");
	assert_int_equal(err.line, 2);
	assert_non_null(strstr(err.msg, "binary data"));
	/* the error sticks */
	assert_int_equal(cix_reader_next(rd, &r, &err), CIX_EPARSE);
	cix_record_release(&r);
	cix_reader_free(rd);
}

static void
test_no_tags(void **state)
{
	static const char rec[] = "PT J\nER\nPT J\n  just a continuation\n"
	    "ER\n";
	struct cix_reader *rd;
	struct cix_record r;
	struct cix_error err;
	struct warns w;

	assert_int_equal(open_mem(&rd, "empty-rec.txt", rec, strlen(rec),
	    "wos", &w, &err), CIX_OK);
	cix_record_init(&r);
	assert_int_equal(cix_reader_next(rd, &r, &err), 0);
	assert_int_equal(w.n, 2);
	assert_int_equal(w.line[0], 1);
	assert_int_equal(w.line[1], 3);
	assert_non_null(strstr(w.msg[0], "no fields"));
	cix_record_release(&r);
	cix_reader_free(rd);
}

static void
test_invalid_utf8(void **state)
{
	static const char rec[] = "PT J\nAU M\xfcller, K\nTI Caf\xe9 "
	    "\x93peer\x94 work \xc3\xa9t\xc3\xa9\nER\n";
	struct cix_reader *rd;
	struct cix_record r;
	struct cix_error err;
	struct warns w;

	assert_int_equal(open_mem(&rd, "latin.txt", rec, strlen(rec), "wos",
	    &w, &err), CIX_OK);
	cix_record_init(&r);
	assert_int_equal(cix_reader_next(rd, &r, &err), 1);
	assert_string_equal(r.authors[0].family, "M\xc3\xbcller");
	assert_string_equal(r.title, "Caf\xc3\xa9 \xe2\x80\x9cpeer\xe2\x80\x9d"
	    " work \xc3\xa9t\xc3\xa9");
	assert_int_equal(w.n, 2);
	assert_int_equal(w.line[0], 2);
	assert_int_equal(w.line[1], 3);
	assert_non_null(strstr(w.msg[0], "Windows-1252"));
	assert_int_equal(cix_input_bad_lines(cix_reader_input(rd)), 2);
	cix_record_release(&r);
	cix_reader_free(rd);
}

/* A 100 MB line: a clear error naming it, memory bounded by the cap. */
static void
test_huge_line(void **state)
{
	const size_t big = 100u * 1024 * 1024;
	struct cix_reader *rd;
	struct cix_record r;
	struct cix_error err;
	struct warns w;
	char *buf;
	size_t off;

	buf = malloc(big + 64);
	assert_non_null(buf);
	off = (size_t)snprintf(buf, 64, "PT J\nTI ");
	memset(buf + off, 'x', big);
	memcpy(buf + off + big, "\nER\n", 4);
	assert_int_equal(open_mem(&rd, "huge.txt", buf, off + big + 4, "wos",
	    &w, &err), CIX_OK);
	cix_record_init(&r);
	assert_int_equal(cix_reader_next(rd, &r, &err), CIX_ETOOBIG);
	assert_string_equal(err.file, "huge.txt");
	assert_int_equal(err.line, 2);
	cix_record_release(&r);
	cix_reader_free(rd);

	/* the same in a tab-delimited row */
	off = (size_t)snprintf(buf, 64, "PT\tTI\tUT\nJ\t");
	assert_int_equal(open_mem(&rd, "huge.tsv", buf, off + big, NULL, &w,
	    &err), CIX_OK);
	cix_record_init(&r);
	assert_int_equal(cix_reader_next(rd, &r, &err), CIX_ETOOBIG);
	assert_int_equal(err.line, 2);
	cix_record_release(&r);
	cix_reader_free(rd);
	free(buf);
}

/* ------------------------------------------------------------------ */
/* tab-delimited */

static void
test_tab_basic(void **state)
{
	struct cix_reader *rd;
	struct cix_record r;
	struct cix_error err;
	struct warns w;
	char *b;
	size_t len;

	b = fixture("tab-basic.txt", &len);
	assert_int_equal(open_mem(&rd, "tab-basic.txt", b, len, "wos-tab", &w,
	    &err), CIX_OK);
	cix_record_init(&r);
	assert_int_equal(cix_reader_next(rd, &r, &err), 1);
	assert_string_equal(r.origin, "wos-tab");
	assert_int_equal(r.line, 2);
	assert_string_equal(r.pubtype, "J");
	assert_string_equal(r.type, CIX_TYPE_ARTICLE);
	/* quoted, with "" for a quote */
	assert_string_equal(r.title, "Say \"hello\": peer work in practice");
	assert_int_equal(r.nauthors, 3);
	assert_string_equal(r.authors[0].abbrev, "Xiu, Y");
	assert_string_equal(r.authors[0].full, "Xiu, Ying");
	assert_string_equal(r.authors[1].given, "Michael Edward");
	assert_string_equal(r.authors[2].family, "Thompson");
	assert_string_equal(r.authors[1].orcid, "0000-0002-5493-2802");
	assert_string_equal(r.authors[2].rid, "C-4344-2019");
	assert_int_equal(r.kw_author.n, 3);
	assert_string_equal(r.kw_author.v[2], "Student perceptions");
	assert_int_equal(r.kw_plus.n, 2);
	assert_int_equal(r.naffils, 2);
	assert_string_equal(r.affils[0].address,
	    "Univ Delaware, Newark, DE 19716 USA");
	assert_string_equal(r.affils[0].raw, "[Xiu, Ying; Moore, Michael "
	    "Edward] Univ Delaware, Newark, DE 19716 USA");
	assert_string_equal(r.affils[1].address,
	    "Oklahoma State Univ, Stillwater, OK 74078 USA");
	assert_int_equal(r.naa, 3);
	assert_true(has_link(&r, 0, 0));
	assert_true(has_link(&r, 1, 0));
	assert_true(has_link(&r, 2, 1));
	/* "; " splits references, the ";" of a SICI DOI does not */
	assert_int_equal(r.nrefs, 2);
	assert_string_equal(r.refs[1].raw, "Gimenez O, 2003, J HERPETOL, V17,"
	    " P1, DOI 10.1655/0733-1347(2003)017[0145:ELABIT]2.0.CO;2");
	assert_int_equal(r.nr, 2);
	assert_int_equal(r.times_cited, 5);
	assert_int_equal(r.times_cited_all, 6);
	assert_int_equal(r.month, 7);
	assert_int_equal(r.year, 2019);
	assert_string_equal(r.doi, "10.1007/s11528-018-0293-6");
	assert_string_equal(r.ut, "WOS:000472538500004");
	assert_int_equal(r.nextra, 2);		/* OI, RI */

	/* a quoted field over two lines; no PY; C1 without brackets */
	assert_int_equal(cix_reader_next(rd, &r, &err), 1);
	assert_int_equal(r.line, 3);
	assert_string_equal(r.abstract, "First paragraph. Second paragraph.");
	assert_int_equal(r.year, 2024);
	assert_string_equal(r.early_access, "JAN 2024");
	assert_string_equal(extra(&r, "EY"), "2024");
	assert_int_equal(r.naffils, 2);
	assert_string_equal(r.affils[1].address, "Univ York, York, England");
	assert_int_equal(r.naa, 0);

	/* an empty line is skipped; a quote that does not end the field is
	 * text */
	assert_int_equal(cix_reader_next(rd, &r, &err), 1);
	assert_int_equal(r.line, 6);
	assert_string_equal(r.title, "\"Quoted\" start of a title");
	assert_int_equal(r.nauthors, 0);
	assert_int_equal(cix_reader_next(rd, &r, &err), 0);
	assert_int_equal(w.n, 0);
	cix_record_release(&r);
	cix_reader_free(rd);
	free(b);
}

static const struct {
	const char *data;
	int code;		/* of the first failing call */
	size_t records;		/* before it */
	size_t line;
	const char *msg;
} tab_bad[] = {
	{ "PT\tTI\tUT\nJ\tt\tu\nJ\tt\tu\tsurplus\n", CIX_EPARSE, 1, 3,
	  "row has 4 fields, the header has 3" },
	{ "PT\tTI\tUT\nJ\tt\tu\t\t\t\nJ\tt\n", CIX_EPARSE, 1, 3,
	  "row has 2 fields, the header has 3" },
	{ "PT\tTI\tUT\nJ\t\"never closed\tu\n", CIX_EPARSE, 0, 2,
	  "quoted field does not end" },
	{ "PT\tTI\tUT\r\nJ\tcut in the mid", CIX_EPARSE, 0, 2,
	  "row has 2 fields" },
	{ "PT\tTI\tUT\n", 0, 0, 0, NULL },
	{ "PT\tTI\tUT\n\t\t\n \n", 0, 0, 0, NULL },
	{ "PT\tTI\tUT\nJ\tt\t\"\"\n\"\"\t\"\"\t\"\"\n", 0, 1, 0, NULL },
	{ "PT\tTI\tXYZ\nJ\tt\tu\n", CIX_EFORMAT, 0, 1,
	  "column 3 is 'XYZ'" },
};

static void
test_tab_bad_rows(void **state)
{
	struct cix_reader *rd;
	struct cix_record r;
	struct cix_error err;
	struct warns w;
	size_t i, n;
	int rc;

	cix_record_init(&r);
	for (i = 0; i < sizeof(tab_bad) / sizeof(tab_bad[0]); i++) {
		cix_error_clear(&err);
		rc = open_mem(&rd, "bad.tsv", tab_bad[i].data,
		    strlen(tab_bad[i].data), "wos-tab", &w, &err);
		n = 0;
		if (rc == CIX_OK) {
			while ((rc = cix_reader_next(rd, &r, &err)) > 0)
				n++;
			cix_reader_free(rd);
		}
		if (rc != tab_bad[i].code || n != tab_bad[i].records)
			fail_msg("case %zu: rc %d after %zu records (%s)", i,
			    rc, n, err.msg);
		if (tab_bad[i].msg == NULL)
			continue;
		assert_string_equal(err.file, "bad.tsv");
		assert_int_equal(err.line, tab_bad[i].line);
		if (strstr(err.msg, tab_bad[i].msg) == NULL)
			fail_msg("case %zu: message '%s'", i, err.msg);
	}
	cix_record_release(&r);
}

/* ------------------------------------------------------------------ */
/* the real exports in $CIX_TEST_DATA */

static const struct {
	const char *file;
	size_t records;
} sources[] = {
	{ "trafficsafety-caimiao0714-2018-crlf.txt", 856 },
	{ "blackmaleteachers-jahmerej-2025.txt", 405 },
	{ "umbrellareview-tonyhungry-2023-mixed-medline.txt", 29 },
	{ "joi-crexplorer-thomsonreuters-bom.txt", 500 },
	{ "metaknowledge-example-thomsonreuters-bom.txt", 32 },
	{ "hospitales-scielo-zelcofir-2026.txt", 428 },
	{ "izsler-medline-tmax66-2020.txt", 10 },
	{ "nsfcoauthors-brunalab-2024-nocr.txt", 102 },
	{ "phenomenology-jyoshimi-1956-1988.txt", 369 },
	{ "dataavailability-globe2060org-2025.txt", 128 },
	{ "capturerecapture-gimenez-2019.txt", 500 },
	{ "neurobib-ccc-wok-2013.txt", 261 },
	{ "labnetwork-timothystaples-utf8bom-crlf.txt", 212 },
	{ "litreview-jillymackay-utf8-lf.txt", 242 },
	{ "wikiba-jmithani-utf16le-cr.txt", 500 },
};

/* What the test finds in the raw text, independently of the readers. */
struct raw {
	size_t records;
	size_t refs;
	char ut[128];
	char doi[256];
	char *title;
	size_t authors;
};

/* Independent UTF-16LE -> UTF-8 for the test's own counting. */
static char *
raw_utf8(char *b, size_t *len)
{
	const unsigned char *p = (const unsigned char *)b;
	struct cix_buf o;
	size_t i;
	uint32_t u, lo;

	if (*len >= 3 && memcmp(b, "\xEF\xBB\xBF", 3) == 0) {
		memmove(b, b + 3, *len - 3);
		*len -= 3;
		return b;
	}
	if (*len < 2 || p[0] != 0xFF || p[1] != 0xFE)
		return b;
	cix_buf_init(&o, CIX_BUF_NOCAP);
	for (i = 2; i + 1 < *len; i += 2) {
		u = p[i] | (uint32_t)p[i + 1] << 8;
		if (u >= 0xD800 && u < 0xDC00 && i + 3 < *len) {
			lo = p[i + 2] | (uint32_t)p[i + 3] << 8;
			u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
			i += 2;
		}
		cix_utf8_put(&o, u);
	}
	free(b);
	return cix_buf_detach(&o, len);
}

/* Next line of b (CRLF, LF or CR), NUL-terminated in place. */
static char *
raw_line(char **p, char *end)
{
	char *s = *p, *e;

	if (s >= end)
		return NULL;
	for (e = s; e < end && *e != '\n' && *e != '\r'; e++)
		;
	*p = e + (e < end && *e == '\r' && e + 1 < end && e[1] == '\n' ?
	    2 : 1);
	*e = '\0';
	return s;
}

static void
rtrim(char *s)
{
	size_t n = strlen(s);

	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		s[--n] = '\0';
}

static void
raw_plain(char *b, size_t len, struct raw *x)
{
	char *p = b, *l, tag[3] = "";
	size_t pt = 0, er = 0, cr = 0;
	struct cix_buf t;
	int first = 1, block = 0;

	cix_buf_init(&t, CIX_BUF_NOCAP);
	while ((l = raw_line(&p, b + len)) != NULL) {
		rtrim(l);
		if (l[0] != ' ' && l[0] != '\0') {
			block = strncmp(l, "CR ", 3) == 0;
			memcpy(tag, l, 2);
			if (strncmp(l, "PT ", 3) == 0)
				pt++;
			if (strcmp(l, "ER") == 0) {
				er++;
				first = 0;
			}
		}
		if (block && l[0] != '\0')
			cr++;
		if (!first)
			continue;
		if (strncmp(l, "UT ", 3) == 0)
			snprintf(x->ut, sizeof(x->ut), "%s", l + 3);
		if (strncmp(l, "DI ", 3) == 0)
			snprintf(x->doi, sizeof(x->doi), "%s", l + 3);
		if (strcmp(tag, "AU") == 0)
			x->authors++;
		if (strcmp(tag, "TI") == 0) {
			while (*l == ' ')
				l++;
			if (strncmp(l, "TI ", 3) == 0)
				l += 3;
			if (t.len)
				cix_buf_addch(&t, ' ');
			cix_buf_adds(&t, l);
		}
	}
	assert_int_equal(pt, er);
	x->records = pt;
	x->refs = cr;
	x->title = cix_buf_detach(&t, NULL);
}

/* Field i of a TAB-separated row, unquoted, into out. */
static void
raw_field(const char *row, size_t col, char *out, size_t outsz)
{
	const char *s = row, *e;
	size_t i, n, k = 0;

	for (i = 0; i < col && s != NULL; i++)
		if ((s = strchr(s, '\t')) != NULL)
			s++;
	out[0] = '\0';
	if (s == NULL)
		return;
	e = strchr(s, '\t');
	n = e ? (size_t)(e - s) : strlen(s);
	if (n >= 2 && s[0] == '"' && s[n - 1] == '"') {
		s++;
		n -= 2;
	}
	for (i = 0; i < n && k + 1 < outsz; i++) {
		out[k++] = s[i];
		if (s[i] == '"' && i + 1 < n && s[i + 1] == '"')
			i++;
	}
	out[k] = '\0';
}

static void
raw_tab(char *b, size_t len, struct raw *x)
{
	char *p = b, *l, *hdr = NULL, f[65536];
	size_t col[5] = { 0 }, i, ncol = 0, rows = 0;
	const char *want[5] = { "UT", "DI", "TI", "AU", "CR" };
	const char *c;

	while ((l = raw_line(&p, b + len)) != NULL) {
		if (strspn(l, "\t ") == strlen(l))
			continue;
		if (hdr == NULL) {
			hdr = l;
			for (c = l, ncol = 0; c != NULL; ncol++) {
				for (i = 0; i < 5; i++)
					if (strncmp(c, want[i], 2) == 0 &&
					    (c[2] == '\t' || c[2] == '\0'))
						col[i] = ncol;
				if ((c = strchr(c, '\t')) != NULL)
					c++;
			}
			continue;
		}
		rows++;
		raw_field(l, col[4], f, sizeof(f));
		if (f[0] != '\0')
			for (x->refs++, c = f; (c = strstr(c, "; ")); c += 2)
				x->refs++;
		if (rows > 1)
			continue;
		raw_field(l, col[0], x->ut, sizeof(x->ut));
		raw_field(l, col[1], x->doi, sizeof(x->doi));
		raw_field(l, col[2], f, sizeof(f));
		x->title = strdup(f);
		raw_field(l, col[3], f, sizeof(f));
		for (x->authors = 1, c = f; (c = strstr(c, "; ")); c += 2)
			x->authors++;
	}
	x->records = rows;
}

static size_t
check_real(const char *dir, const char *name, int tab)
{
	struct cix_input *in;
	struct cix_reader *rd;
	struct cix_record r;
	struct cix_error err;
	struct cix_reader_opts o;
	struct warns w;
	struct raw x;
	char path[8192], *b;
	size_t len, n = 0, refs = 0, i;
	int rc;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	memset(&x, 0, sizeof(x));
	memset(&w, 0, sizeof(w));
	b = slurp(path, &len);
	assert_non_null(b);
	b = raw_utf8(b, &len);
	if (tab)
		raw_tab(b, len, &x);
	else
		raw_plain(b, len, &x);

	o.warn = on_warn;
	o.warn_ctx = &w;
	assert_int_equal(cix_input_open_file(&in, path, &err), CIX_OK);
	if (cix_reader_open(&rd, in, NULL, &o, &err) < 0)
		fail_msg("%s: %s", name, err.msg);
	assert_string_equal(cix_reader_format(rd), tab ? "wos-tab" : "wos");
	cix_record_init(&r);
	while ((rc = cix_reader_next(rd, &r, &err)) > 0) {
		if (n++ == 0) {
			assert_string_equal(r.ut, x.ut);
			if (x.doi[0] != '\0') {
				for (i = 0; x.doi[i]; i++)
					x.doi[i] = (char)cix_tolower(
					    (unsigned char)x.doi[i]);
				assert_string_equal(r.doi, x.doi);
			} else {
				assert_null(r.doi);
			}
			assert_string_equal(r.title, x.title);
			assert_int_equal(cix_record_count_role(&r,
			    CIX_ROLE_AUTHOR), x.authors);
		}
		refs += r.nrefs;
		assert_non_null(r.ut);
		assert_non_null(r.title);
	}
	if (rc < 0)
		fail_msg("%s:%zu: %s", err.file, err.line, err.msg);
	assert_int_equal(n, x.records);
	assert_int_equal(refs, x.refs);
	assert_int_equal(w.n, 0);
	for (i = 0; i < sizeof(sources) / sizeof(sources[0]); i++)
		if (strcmp(sources[i].file, name) == 0)
			assert_int_equal(n, sources[i].records);
	print_message("    %s: %zu records, %zu references\n", name, n, refs);
	cix_record_release(&r);
	cix_reader_free(rd);
	free(b);
	free(x.title);
	return n;
}

static void
real_dir(const char *sub, int tab)
{
	const char *data = getenv("CIX_TEST_DATA");
	char dir[4096];
	struct dirent *e;
	struct stat st;
	DIR *d;
	size_t files = 0;

	if (data == NULL)
		data = "../shared/data";
	snprintf(dir, sizeof(dir), "%s/%s", data, sub);
	if (stat(dir, &st) < 0 || !S_ISDIR(st.st_mode)) {
		print_message("    no %s: skipped\n", dir);
		skip();
	}
	assert_non_null(d = opendir(dir));
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		check_real(dir, e->d_name, tab);
		files++;
	}
	closedir(d);
	assert_true(files > 0);
}

static void
test_real_wos(void **state)
{
	real_dir("wos", 0);
}

static void
test_real_wostab(void **state)
{
	real_dir("wos-tab", 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_registry),
		cmocka_unit_test(test_probe),
		cmocka_unit_test(test_sniff),
		cmocka_unit_test(test_open_errors),
		cmocka_unit_test(test_detect_fixtures),
		cmocka_unit_test(test_basic),
		cmocka_unit_test(test_header_vintages),
		cmocka_unit_test(test_concatenated),
		cmocka_unit_test(test_glued_ef),
		cmocka_unit_test(test_quirks),
		cmocka_unit_test(test_variants),
		cmocka_unit_test(test_pubdate),
		cmocka_unit_test(test_year_fallback),
		cmocka_unit_test(test_name_matching),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_binary_garbage),
		cmocka_unit_test(test_nul_in_record),
		cmocka_unit_test(test_no_tags),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_huge_line),
		cmocka_unit_test(test_tab_basic),
		cmocka_unit_test(test_tab_bad_rows),
		cmocka_unit_test(test_real_wos),
		cmocka_unit_test(test_real_wostab),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
