/*
 * crossref.h - Crossref XML -> struct cix_record.
 *
 * Reads the answers Crossref gives for one DOI:
 *
 *   UNIXSD   crossref_result (qrschema 3.0) / query_result / body / query
 *            with crm-item meta-metadata and doi_record / crossref;
 *            what doi.org content negotiation returns for
 *            application/vnd.crossref.unixsd+xml;
 *   UNIXREF  doi_records / doi_record / crossref;
 *   OpenURL  the old flat crossref_result of qrschema 2.0.
 *
 * and every record type inside crossref: journal articles (and journal
 * or issue DOIs), book chapters (book + content_item), whole books,
 * conference papers and proceedings, posted content (preprints),
 * dissertations, reports, standards, databases and datasets, components
 * and peer reviews.  Elements are matched by namespace URI and local
 * name, never by prefix.
 *
 * What is mapped: the DOI (normalised), type (CIX_TYPE_*), title and
 * subtitle ("Title: Subtitle") as text and, when it has face markup or
 * MathML, as title_markup (<i> <b> <sub> <sup> only); contributors in
 * order (sequence="first" first, then the other authors, then editors;
 * other roles are skipped) with given/family, suffix, ORCID (digits
 * form), organisations as corporate authors, affiliations (blank ones,
 * NBSP included, dropped) with their ROR when given; container title
 * (source), abbreviated title (source_iso), series, ISSN print/electronic,
 * ISBNs ("; "-separated), volume, issue, pages, article number, the
 * publication date (print preferred, then undated, then online), the
 * abstract (JATS to plain paragraphs separated by a blank line),
 * publisher (the record's, else Crossref's publisher-name), language,
 * licence URL (the version of record's preferred), resource URL,
 * conference name/place/date, citedby-count (times_cited) and the
 * citation_list as references (see cix_mapper_add_ref() in mapper.h).
 * rec->origin is "crossref"; rec->nr is the length of the citation list
 * when there is one.
 *
 * The body is untrusted: see cix_mapper_xml_read() for how it is parsed
 * (no network, no DTD, no entity expansion, 16 MiB cap, libxml2 limits).
 */
#ifndef CIX_CROSSREF_H
#define CIX_CROSSREF_H

#include <stddef.h>

#include "error.h"
#include "record.h"

/*
 * Map the Crossref XML in xml[0..len) into rec, which is reset first
 * (and again on failure, so that a caller never sees half a record).
 * Strings live in rec's arena.  Returns CIX_OK; CIX_ENOTFOUND for a
 * query Crossref could not resolve (status="unresolved", crossref/error,
 * a "Resource not found." body); CIX_EPARSE for malformed XML, an empty
 * or HTML body, or XML that is not a Crossref answer (err says which,
 * with file "response" or the DOI, and the XML line); CIX_ETOOBIG for a
 * body over 16 MiB; CIX_ENOMEM.
 */
int cix_crossref_parse(struct cix_record *rec, const char *xml, size_t len,
    struct cix_error *err);

#endif
