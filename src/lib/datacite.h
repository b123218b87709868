/*
 * datacite.h - DataCite XML -> struct cix_record.
 *
 * Reads the DataCite metadata of one DOI (resource, kernel-4 and the
 * older kernel-2.1/2.2/3 schemas), as doi.org content negotiation returns
 * it for application/vnd.datacite.datacite+xml.  Elements are matched by
 * namespace URI and local name, never by prefix.
 *
 * What is mapped: identifier (the DOI, normalised); creators in order,
 * then contributors of type Editor as editors: nameType Organizational
 * (or an unmarked name that reads like an organisation, "Lab for...")
 * is a corporate author, otherwise givenName/familyName, or creatorName
 * as "Family, Given" or "Given Family"; an ORCID nameIdentifier (any
 * spelling, digits form kept); affiliations.  The first title without a
 * titleType is the title (text and simple markup) and the first Subtitle
 * is appended ("Title: Subtitle").  publisher; publicationYear (month and
 * day from the Issued date when it agrees); resourceTypeGeneral and
 * resourceType -> type (Dataset, Software, JournalArticle, ConferencePaper,
 * Dissertation, Report, Preprint, Book, BookChapter, and Text refined by
 * resourceType); language; the first Abstract description -> abstract
 * (escaped HTML reduced, paragraphs kept); the first rightsURI that is a
 * URL -> license; relatedIdentifiers References/Cites naming a DOI ->
 * references (parsed = 1, f.dois[0], raw "DOI 10.x/y"); the container
 * from relatedItem IsPublishedIn/IsPartOf (or a Journal related item):
 * source, volume, issue, pages, ISSN/ISBN, else from a SeriesInformation
 * description ("GMS J Med Educ; 34(2):Doc25"); an ISSN relatedIdentifier
 * with IsPartOf/IsPublishedIn; a URL alternateIdentifier -> url.
 * Sizes, formats, subjects and geolocations are ignored.
 * rec->origin is "datacite".
 *
 * The body is untrusted: see cix_mapper_xml_read() in mapper.h.
 */
#ifndef CIX_DATACITE_H
#define CIX_DATACITE_H

#include <stddef.h>

#include "error.h"
#include "record.h"

/*
 * Map the DataCite XML in xml[0..len) into rec, which is reset first
 * (and again on failure).  Returns CIX_OK; CIX_EPARSE for malformed XML,
 * an empty or HTML body, a root other than resource, or a resource with
 * neither identifier nor title; CIX_ENOTFOUND for a "Resource not found."
 * body; CIX_ETOOBIG over 16 MiB; CIX_ENOMEM.
 */
int cix_datacite_parse(struct cix_record *rec, const char *xml, size_t len,
    struct cix_error *err);

#endif
