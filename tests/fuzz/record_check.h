/*
 * record_check.h - what must hold for any struct cix_record a metadata
 * mapper returns (fuzz_crossref, fuzz_datacite, fuzz_csljson): abort()
 * when it does not, so that the fuzzer reports the input.
 */
#ifndef CIX_RECORD_CHECK_H
#define CIX_RECORD_CHECK_H

#include <stdlib.h>
#include <string.h>

#include "cix.h"

static inline void
fr_text(const char *s)
{
	size_t n;

	if (s == NULL)
		return;
	n = strlen(s);
	/* set fields are never empty, always valid UTF-8 */
	if (n == 0 || cix_utf8_check(s, n) != n)
		abort();
}

/* A one-line field: trimmed, white space collapsed. */
static inline void
fr_line(const char *s)
{
	size_t n;

	fr_text(s);
	if (s == NULL)
		return;
	n = strlen(s);
	if (cix_isspace((unsigned char)s[0]) ||
	    cix_isspace((unsigned char)s[n - 1]) || strstr(s, "  ") != NULL ||
	    strchr(s, '\n') != NULL || strchr(s, '\t') != NULL)
		abort();
}

/*
 * title_markup holds only balanced <i> <b> <sub> <sup> and the escapes
 * &amp; &lt; &gt;, and says the same as title once they are removed.
 */
static inline void
fr_markup(const char *text, const char *markup)
{
	static const char *const tags[] = { "i", "b", "sub", "sup" };
	int depth[4] = { 0, 0, 0, 0 };
	const char *m = markup, *t = text;
	size_t i, n;

	if (markup == NULL)
		return;
	if (text == NULL)
		abort();
	while (*m != '\0') {
		if (*m == '<') {
			int close = m[1] == '/';

			for (i = 0; i < 4; i++) {
				n = strlen(tags[i]);
				if (strncmp(m + 1 + close, tags[i], n) == 0 &&
				    m[1 + close + n] == '>')
					break;
			}
			if (i == 4)
				abort();
			depth[i] += close ? -1 : 1;
			if (depth[i] < 0)
				abort();
			m += 2 + close + strlen(tags[i]);
			continue;
		}
		if (*m == '&') {
			char c;

			if (strncmp(m, "&amp;", 5) == 0)
				c = '&', m += 5;
			else if (strncmp(m, "&lt;", 4) == 0)
				c = '<', m += 4;
			else if (strncmp(m, "&gt;", 4) == 0)
				c = '>', m += 4;
			else
				abort();
			if (*t++ != c)
				abort();
			continue;
		}
		if (*m == '>' || *t++ != *m++)
			abort();
	}
	if (*t != '\0')
		abort();
	for (i = 0; i < 4; i++)
		if (depth[i] != 0)
			abort();
}

static inline void
fr_doi(const char *d)
{
	if (d != NULL && !cix_doi_is_normal(d, strlen(d)))
		abort();
}

static inline void
fr_check(const struct cix_record *r, int rc, const struct cix_error *err)
{
	size_t i, j;

	if (rc != CIX_OK) {
		/* an error says what it is, and leaves no half record */
		if (err->code != rc || err->msg[0] == '\0' ||
		    strchr(err->msg, '\n') != NULL || r->title != NULL ||
		    r->doi != NULL || r->nauthors != 0 || r->nrefs != 0)
			abort();
		return;
	}
	if (r->origin == NULL || r->type == NULL)
		abort();
	fr_doi(r->doi);
	fr_line(r->title);
	fr_markup(r->title, r->title_markup);
	fr_text(r->abstract);
	fr_line(r->source);
	fr_line(r->source_iso);
	fr_line(r->volume);
	fr_line(r->issue);
	fr_line(r->first_page);
	fr_line(r->last_page);
	fr_line(r->publisher);
	fr_line(r->issn);
	fr_line(r->eissn);
	fr_line(r->url);
	if (r->issn != NULL && strlen(r->issn) != 9)
		abort();
	if ((r->year != 0 && (r->year < 1000 || r->year > 2999)) ||
	    r->month < 0 || r->month > 12 || r->day < 0 || r->day > 31 ||
	    (r->day != 0 && r->month == 0))
		abort();
	for (i = 0; i < r->nauthors; i++) {
		const struct cix_author *a = &r->authors[i];

		if (a->family == NULL)
			abort();
		fr_line(a->family);
		fr_line(a->given);
		fr_text(a->full);
		if (a->orcid != NULL && strlen(a->orcid) != 19)
			abort();
		if (a->role != CIX_ROLE_AUTHOR && a->role != CIX_ROLE_EDITOR)
			abort();
	}
	for (i = 0; i < r->naffils; i++)
		fr_line(r->affils[i].address);
	for (i = 0; i < r->naa; i++)
		if (r->aa[i].author >= r->nauthors ||
		    r->aa[i].affil >= r->naffils)
			abort();
	for (i = 0; i < r->nrefs; i++) {
		const struct cix_ref *ref = &r->refs[i];

		if (ref->raw == NULL)
			abort();
		fr_line(ref->raw);
		if (ref->parsed && ref->f.kind == CIX_REF_UNPARSED)
			abort();
		if (ref->f.ndois > CIX_REF_MAXDOIS)
			abort();
		for (j = 0; j < ref->f.ndois; j++)
			fr_doi(ref->f.dois[j]);
		fr_line(ref->f.author);
		fr_line(ref->f.source);
	}
}

#endif
