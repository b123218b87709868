/*
 * link.h - link every cited reference to the work it names.
 *
 * The cascade of DESIGN §5, run over the references that have no link yet
 * and the works queued in link_dirty (new or changed records):
 *
 *   1. DOI: any DOI of the reference (all of a bracketed list) equal to a
 *      record's DOI; when several records carry the DOI (WoS has wrong
 *      DIs), the one whose author/year/volume/page agree.
 *   2. Exact key: first author's surname and first initial, year, volume,
 *      first page or article number, with the source as a guard.
 *   3. Guarded fuzzy: same surname, year (or +-1 with volume and page
 *      equal), compatible source abbreviation; never across different
 *      volumes or pages, never across different DOIs.
 *   4. Otherwise a cited-only work shared by every reference that names
 *      the same outside work (same DOI, else same normalised key).
 *
 * Each link records its method (enum cix_link_method) and a confidence.
 * When a record arrives that a cited-only work stood for (same DOI, or
 * same exact key), the references are moved to the record and the
 * cited-only node is removed: no duplicate node, no reference lost.
 * Afterwards the cached LCS, LCR and PageRank of the works are refreshed.
 *
 * The whole pass is one transaction.
 */
#ifndef CIX_LINK_H
#define CIX_LINK_H

#include <stddef.h>

#include "error.h"
#include "store.h"

struct cix_link_stats {
	size_t refs;		/* references examined */
	size_t by_doi;		/* linked to a record by DOI */
	size_t by_key;		/* ... by the exact key */
	size_t by_fuzzy;	/* ... by the fuzzy pass */
	size_t to_cited;	/* linked to a cited-only work */
	size_t new_cited;	/* cited-only works created */
	size_t absorbed;	/* cited-only works replaced by a record */
	size_t released;	/* cited-only works looked at again */
	size_t unlinked;	/* left without a link (unparseable) */
	double seconds;
};

int cix_link_run(struct cix_store *s, struct cix_link_stats *st,
    struct cix_error *err);

/*
 * Forget every link and compute them all again (after the matching rules
 * change).  Cited-only works are rebuilt.
 */
int cix_link_reset(struct cix_store *s, struct cix_error *err);

#endif
