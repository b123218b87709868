/*
 * citedref.h - one cited-reference string -> structured fields.
 *
 * Parses the reference forms of Web of Science (CR) and of the mirror
 * page into struct cix_citedref:
 *
 *   Anthony W., 1993, PSYCHOSOCIAL REHABILITATION J, V16, P11, DOI 10.1037/h0095655
 *   Aaker, JL, 1997, J MARKETING RES, V34, P347, DOI DOI 10.2307/3151897
 *   Anthony W., 1993, Psychosocial ..., V16, P11, DOI [DOI 10.1037/H0095655, 10.1037/h0095655]
 *   [Anonymous], 2013, NATL PRACTICE STANDA
 *   Bryman A., 2008, Social research methods, V3rd ed.
 *   Title [J]. Barr, Karlen R.; Townsend, Michelle L.. SOURCE, 2020, 7 (01) :136-143
 *
 * Strings in out point into the arena a (or are NULL).  DOIs are
 * normalised (cix_doi_normalise) and de-duplicated.  Parsing never fails
 * on odd input: what cannot be understood leaves kind CIX_REF_UNPARSED;
 * the only error is CIX_ENOMEM.
 */
#ifndef CIX_CITEDREF_H
#define CIX_CITEDREF_H

#include <stddef.h>

#include "arena.h"
#include "buf.h"
#include "record.h"

int cix_citedref_parse(struct cix_arena *a, const char *raw, size_t len,
    struct cix_citedref *out);

/*
 * Parse every reference of rec that is not parsed yet (ref->parsed == 0),
 * keeping the DOIs a reader or mapper already found for it.  CIX_OK or
 * CIX_ENOMEM.
 */
int cix_citedref_parse_record(struct cix_record *rec);

#endif
