/*
 * doi.h - find, normalise and URL-encode DOIs.
 *
 * DOIs are case-insensitive for ASCII letters only (DOI Handbook 2.4), so
 * the normal form folds ASCII A-Z to a-z and leaves every other byte as
 * it is.  The normal form has no "doi:", "https://doi.org/" or similar
 * prefix, no surrounding white space and no trailing sentence punctuation.
 */
#ifndef CIX_DOI_H
#define CIX_DOI_H

#include <stddef.h>

#include "buf.h"

/*
 * Normalise the DOI written in s[0..len) (any accepted spelling: "10.x/y",
 * "doi:10.x/y", "DOI 10.x/y", "https://doi.org/10.x/y", "urn:doi:...",
 * "info:doi/...", percent-encoded "10.x%2Fy") and append it to out.
 * Returns CIX_OK, or CIX_EINVAL (out unchanged) when s holds no valid DOI:
 * "10." followed by 4-9 digits (dot-separated sub-prefixes allowed), a
 * slash and a non-empty suffix without white space.
 */
int cix_doi_normalise(struct cix_buf *out, const char *s, size_t len);

/* Is s[0..len) a DOI in normal form already (no prefix, lower case)? */
int cix_doi_is_normal(const char *s, size_t len);

/*
 * Find the first DOI in free text s[0..len): returns a pointer to its
 * "10." and its length in *dlen, trailing punctuation (.,;:) and an
 * unbalanced closing bracket excluded; NULL if there is none.
 */
const char *cix_doi_find(const char *s, size_t len, size_t *dlen);

/*
 * Append doi percent-encoded for use in a URL path: unreserved characters
 * kept, everything else (non-ASCII bytes included) as %XX.  With
 * keep_slash the "/" characters are kept (doi.org paths); without, they
 * become %2F (for APIs that take the DOI as one path segment).
 */
int cix_doi_urlencode(struct cix_buf *out, const char *doi, int keep_slash);

#endif
