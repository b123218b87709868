/*
 * csljson.h - CSL-JSON -> struct cix_record.
 *
 * Reads one item of CSL-JSON (Citation Style Language data), as doi.org
 * content negotiation returns it for application/vnd.citationstyles.csl+json
 * for a DOI of any registration agency.  Crossref's flavour of it and its
 * REST API answer ({"status": "ok", "message": {...}}) are read too: the
 * envelope is unwrapped, single-element arrays stand for strings, and
 * Crossref's names (journal-article, short-container-title, issn-type,
 * reference, is-referenced-by-count) are understood.  A JSON array of
 * items gives its first item.
 *
 * What is mapped: DOI (normalised), type (CSL and Crossref type names ->
 * CIX_TYPE_*), title and subtitle ("Title: Subtitle"; markup reduced to
 * text, simple markup kept in title_markup), author and editor (given,
 * family, suffix, literal/name as corporate, ORCID, affiliation names;
 * sequence "first" first), container-title (source), container-title-short
 * (source_iso), collection-title (series), ISSN (issn-type print/electronic
 * when given), ISBN, volume, issue, page ("635-641" -> first/last),
 * article-number, the date (published-print, else issued, else
 * published-online; date-parts or raw), abstract (JATS -> plain
 * paragraphs), publisher and its place, language, license (URL of the
 * version of record when several), URL (the landing page when given),
 * event (conference), reference (DOI, unstructured, author, year,
 * journal-title, volume, issue, first-page... -> references, see
 * cix_mapper_add_ref()), is-referenced-by-count (times_cited) and
 * references-count (nr).  rec->origin is "csl".
 *
 * The body is untrusted: its size is checked before jansson parses it
 * (json_loadb with its own depth limit); strings are length-capped.
 */
#ifndef CIX_CSLJSON_H
#define CIX_CSLJSON_H

#include <stddef.h>

#include "error.h"
#include "record.h"

/*
 * Map the CSL-JSON in json[0..len) into rec, which is reset first (and
 * again on failure).  Returns CIX_OK; CIX_EPARSE for malformed JSON, an
 * empty or HTML body, JSON that is not an object (or a list of them), or
 * a REST envelope whose status is not "ok" (file "response", the JSON
 * line); CIX_ENOTFOUND for an empty list or a "Resource not found." body;
 * CIX_ETOOBIG over 16 MiB; CIX_ENOMEM.
 */
int cix_csljson_parse(struct cix_record *rec, const char *json, size_t len,
    struct cix_error *err);

#endif
