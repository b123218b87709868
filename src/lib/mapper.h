/*
 * mapper.h - what the metadata mappers share.
 *
 * The mappers (crossref.c, datacite.c, csljson.c) turn a response body
 * from the network into a struct cix_record.  This module holds what they
 * have in common, so that each rule lives in one place:
 *
 *  - checking a body before parsing it (size cap, empty, HTML, plain text)
 *    and reading XML safely with libxml2: no network, no DTD loading, no
 *    entity substitution, no external entity ever resolved, errors
 *    collected into struct cix_error instead of printed;
 *  - finding elements by namespace URI and local name (never by prefix);
 *  - identifiers (DOI, ORCID, ISSN), person names, affiliations,
 *    dates, page ranges, titles with subtitles, and cited references.
 *
 * Functions that take a struct cix_record copy what they keep into its
 * arena.  Unless said otherwise they return CIX_OK or CIX_ENOMEM, and
 * input they cannot use (an invalid ORCID, a date without a year) is
 * skipped, not an error: metadata from the network is often imperfect.
 */
#ifndef CIX_MAPPER_H
#define CIX_MAPPER_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "record.h"

struct _xmlDoc;
struct _xmlNode;

/* The largest response body a mapper accepts (CIX_ETOOBIG beyond). */
#define CIX_MAPPER_MAXBODY (16u * 1024 * 1024)

/*
 * What one record keeps at most, so that work stays linear in the body
 * whatever it holds (cix_record_link_affil() checks for a repeated link
 * by scanning):
 * contributors (the largest author lists are about 15,000), distinct
 * affiliations, author-affiliation links, bytes of a "; " list (ISBN).
 * Beyond that the rest is dropped, not an error.
 */
#define CIX_MAPPER_MAXAUTHORS 20000u
#define CIX_MAPPER_MAXAFFILS 5000u
#define CIX_MAPPER_MAXLINKS 10000u
#define CIX_MAPPER_MAXLIST 1024u

/*
 * Check body[0..len) before parsing it as `what` ("Crossref XML",
 * "DataCite XML", "CSL-JSON"): CIX_ETOOBIG over CIX_MAPPER_MAXBODY;
 * CIX_EPARSE when it is empty, an HTML page ("response is HTML, not
 * Crossref XML") or does not start like XML (xml = 1) or JSON (xml = 0);
 * CIX_ENOTFOUND for the plain-text "Resource not found." of a 404.
 * Errors name the input "response".
 */
int cix_mapper_sniff(const char *body, size_t len, const char *what,
    int xml, struct cix_error *err);

/*
 * Parse body[0..len) into *out after cix_mapper_sniff().  Parse options:
 * XML_PARSE_NONET (no network), never XML_PARSE_NOENT (no entity
 * substitution), never DTDLOAD/DTDATTR/DTDVALID/XINCLUDE/HUGE (no
 * external subset, libxml2's default size and depth limits stay on),
 * plus NOCDATA and BIG_LINES; the parser context refuses every external
 * entity itself.  Errors go to a structured handler on the parser
 * context and the first one becomes err (CIX_EPARSE, file "response",
 * line of the XML); nothing is printed and no libxml2 global is changed.
 * An html root element is reported as HTML.  Free with
 * cix_mapper_xml_free().
 */
int cix_mapper_xml_read(struct _xmlDoc **out, const char *body, size_t len,
    const char *what, struct cix_error *err);
void cix_mapper_xml_free(struct _xmlDoc *doc);
struct _xmlNode *cix_mapper_xml_root(struct _xmlDoc *doc);

/* Namespace families, matched on the namespace URI. */
enum cix_ns {
	CIX_NS_ANY = 0,		/* whatever namespace */
	CIX_NS_CROSSREF,	/* Crossref xschema/schema URIs, or none */
	CIX_NS_QUERY,		/* Crossref qrschema 2.0/3.0, or none */
	CIX_NS_JATS,		/* http://www.ncbi.nlm.nih.gov/JATS1 */
	CIX_NS_AI,		/* Crossref AccessIndicators (licences) */
	CIX_NS_DATACITE		/* DataCite kernel-2.x, -3, -4, or none */
};

/* Is n an element named name (local name) in namespace family ns? */
int cix_mapper_is(const struct _xmlNode *n, int ns, const char *name);
/* First child element of parent matching, or NULL. */
struct _xmlNode *cix_mapper_child(const struct _xmlNode *parent, int ns,
    const char *name);
/* Next sibling element after n matching, or NULL. */
struct _xmlNode *cix_mapper_next(const struct _xmlNode *n, int ns,
    const char *name);
/*
 * The value of n's attribute name (no namespace), or NULL when absent or
 * when it holds an entity reference.  Points into the document.
 */
const char *cix_mapper_attr(const struct _xmlNode *n, const char *name);

/* Plain text of element n (markup reduced, white space collapsed). */
int cix_mapper_text(const char **out, struct cix_record *rec,
    const struct _xmlNode *n, size_t cap);

/* Normal forms of identifiers; each returns 1 when s holds one, else 0. */
/* ORCID as 0000-0002-1825-0097, ISSN as 0022-2836 */
int cix_mapper_orcid(char out[20], const char *s);
int cix_mapper_issn(char out[10], const char *s);

/* Normalise the DOI in s into the arena; *out = NULL if s holds none. */
int cix_mapper_doi(const char **out, struct cix_record *rec, const char *s);

/*
 * Append s to *list (copied), "; "-separated, skipping repeats and
 * stopping at CIX_MAPPER_MAXLIST bytes.
 */
int cix_mapper_append(const char **list, struct cix_record *rec,
    const char *s);

/*
 * Add a contributor: family (or the whole name when corporate), given,
 * suffix, an ORCID in any spelling (or NULL) and a role.  Fills full
 * ("Family, Given") and abbrev ("Family, GI").  Nothing is added when
 * family and given are both empty or the record has
 * CIX_MAPPER_MAXAUTHORS already; *index is then (size_t)-1.
 */
int cix_mapper_person(size_t *index, struct cix_record *rec,
    const char *family, const char *given, const char *suffix,
    const char *orcid, int role, int corporate);

/*
 * Split a name written as "Family, Given" or "Given Family" into the
 * arena.  Names with no comma and one word are all family.
 */
int cix_mapper_split_name(const char **family, const char **given,
    struct cix_record *rec, const char *name);

/* Does name look like an organisation ("GTEx Consortium", "Lab for...")? */
int cix_mapper_looks_corporate(const char *name);

/*
 * An index of the affiliations of one record being mapped, so that each
 * is found in constant time: CIX_MAPPER_AFFILS_INIT, then
 * cix_mapper_affils_release() when the record is done.
 */
struct cix_mapper_affils {
	uint32_t *slot;		/* affils index + 1; 0 is empty */
	size_t nslot;		/* a power of two; 0 before the first use */
};
#define CIX_MAPPER_AFFILS_INIT { NULL, 0 }
void cix_mapper_affils_release(struct cix_mapper_affils *ix);

/*
 * Affiliate author (an index) with the affiliation text, adding it to
 * rec->affils once (ix remembers which are there: use one ix per record
 * and add affiliations through it only).  Empty text is ignored, and so
 * is what goes beyond CIX_MAPPER_MAXAFFILS or CIX_MAPPER_MAXLINKS.
 */
int cix_mapper_affil(struct cix_mapper_affils *ix, struct cix_record *rec,
    size_t author, const char *text);

/* "2017-05-15", "1995-11", "2017", "2013-11-05T10:00:00Z": 1 if a year. */
int cix_mapper_date(const char *s, int *year, int *month, int *day);
/* A year 1000-2999 from a number, or 0. */
int cix_mapper_year(long y);

/* Set rec->first_page and last_page from "635-641", "e30", "635-41". */
int cix_mapper_pages(struct cix_record *rec, const char *s);

/*
 * Set rec->title and rec->title_markup from a title and a subtitle (each
 * text plus optional markup, any may be NULL): "Title: Subtitle".
 */
int cix_mapper_title(struct cix_record *rec, const char *title,
    const char *title_markup, const char *sub, const char *sub_markup);

/* One cited reference as a structured source gives it (text, or NULL). */
struct cix_mapper_ref {
	const char *doi;		/* any spelling */
	const char *unstructured;	/* the reference as written */
	const char *author;		/* first author: "Parker G" */
	const char *year;		/* "2004", "2004a" */
	const char *journal;		/* journal title */
	const char *book;		/* book (volume, series) title */
	const char *title;		/* article or chapter title */
	const char *volume;
	const char *issue;
	const char *page;		/* first page */
};

/*
 * Append a reference to rec->refs.  With structured fields (author, year,
 * journal, book, title, volume, page) it is parsed = 1 with f filled
 * (author = the surname, kind article or book), raw = the unstructured
 * text when given, else a WoS-like string built from the fields
 * ("Parker G, 1979, J INSECT PHYSIOL, V25, P123, DOI 10.x/y").  With only
 * unstructured text (and perhaps a DOI) it is parsed = 0 for the import
 * pipeline to parse, raw = the text, and f.dois[0] = the DOI given or the
 * first DOI found in the text (the pipeline should keep it).  With only a
 * DOI it is parsed = 1, kind article, raw "DOI 10.x/y".  A reference with
 * nothing is skipped.
 */
int cix_mapper_add_ref(struct cix_record *rec,
    const struct cix_mapper_ref *in);

#endif
