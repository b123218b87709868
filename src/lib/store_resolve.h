/*
 * store_resolve.h - the store's side of DOI resolution: which DOIs there
 * are and in what state, the registration-agency cache, merging what a
 * resolver found into a work with provenance, and reading provenance
 * back for `cix show`.
 *
 * Used by resolve.c (and the CLI for provenance).  Writing functions run
 * inside the caller's transaction (cix_store_begin()/commit()).
 */
#ifndef CIX_STORE_RESOLVE_H
#define CIX_STORE_RESOLVE_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "record.h"
#include "store.h"

/* dois.state */
enum cix_doi_state {
	CIX_DOI_PENDING = 0,	/* never asked */
	CIX_DOI_RESOLVED = 1,	/* metadata found, at resolved_at */
	CIX_DOI_NOTFOUND = 2,	/* no such DOI (ask after next_try) */
	CIX_DOI_FAILED = 3,	/* asking failed (ask after next_try) */
	CIX_DOI_INVALID = 4	/* not a DOI: never asked */
};

/* "pending", "resolved", ...; NULL for an unknown state. */
const char *cix_doi_state_name(int state);
/* The state named s, or -1. */
int cix_doi_state_parse(const char *s);

/* Which DOIs a run looks at. */
struct cix_doi_select {
	int refs;		/* 1: DOIs of references too */
	const int64_t *works;	/* only these works (and their refs)... */
	size_t nworks;		/* ... or every work when 0 */
};

/*
 * Gather the candidate DOIs (the DOIs of full and resolved works, and
 * with sel->refs those of references, every DOI of a bracketed list)
 * into the connection's temporary table, and add the ones not seen
 * before to dois: 'pending', or 'invalid' when the string is not a DOI.
 * *ncand is the number of valid candidates, *ninvalid the invalid ones
 * found.  Runs in its own transaction unless one is open.
 */
int cix_store_doi_gather(struct cix_store *s, const struct cix_doi_select *sel,
    size_t *ncand, size_t *ninvalid, struct cix_error *err);

/* One DOI as the resolver needs it (strings owned by the row). */
struct cix_doi_row {
	char *doi;
	int state;
	char *ra;		/* registration agency, or NULL */
	char *etag;		/* of the last answer, for If-None-Match */
	char *last_modified;	/* of the last answer */
	int tries;		/* failures in a row */
	char resolved_at[32];	/* "" if never */
};
void cix_doi_row_release(struct cix_doi_row *r);

/* Phases of a run, in the order a run takes them. */
enum cix_doi_phase {
	CIX_PHASE_PENDING = 0,	/* never asked */
	CIX_PHASE_RETRY = 1,	/* notfound/failed, next_try come */
	CIX_PHASE_STALE = 2	/* resolved before stale_before */
};

/*
 * Up to max due candidates of a phase, in DOI order, after the DOI
 * `after` ("" for the start): rows[0..*n) (release each).  now is the
 * run's start (ISO 8601 UTC): a DOI asked at or after it is never given
 * again in the same run; next_try must be <= now; in the STALE phase,
 * resolved_at must be before stale_before.
 */
int cix_store_doi_due(struct cix_store *s, int phase, const char *after,
    const char *now, const char *stale_before, struct cix_doi_row *rows,
    size_t max, size_t *n, struct cix_error *err);

/* What one answer (or failure) does to a DOI's row. */
struct cix_doi_update {
	const char *doi;
	int state;		/* enum cix_doi_state */
	const char *ra;		/* NULL: keep */
	const char *source;	/* "crossref", "datacite", "csl"; NULL */
	int tries;
	const char *asked_at;
	const char *next_try;	/* NULL: none */
	int touch_resolved;	/* 1: resolved_at = asked_at */
	long http_status;	/* 0: none */
	const char *error;	/* NULL: cleared */
	const char *etag;	/* NULL: keep */
	const char *last_modified;	/* NULL: keep */
};
int cix_store_doi_update(struct cix_store *s, const struct cix_doi_update *u,
    struct cix_error *err);

/* The whole row of doi (normal form); CIX_ENOTFOUND if none. */
struct cix_doi_info {
	int state;
	char ra[32];
	char source[16];
	int tries;
	char asked_at[32];
	char next_try[32];
	char resolved_at[32];
	long http_status;
	char error[256];
};
int cix_store_doi_info(struct cix_store *s, const char *doi,
    struct cix_doi_info *info, struct cix_error *err);

/* Counts of dois by state: counts[CIX_DOI_PENDING..CIX_DOI_INVALID]. */
int cix_store_doi_counts(struct cix_store *s, int64_t counts[5],
    struct cix_error *err);

/*
 * The registration agency cached for prefix ("10.1037"), into ra (""
 * when unknown).
 */
int cix_store_ra_get(struct cix_store *s, const char *prefix, char *ra,
    size_t n, struct cix_error *err);
int cix_store_ra_put(struct cix_store *s, const char *prefix, const char *ra,
    const char *now, struct cix_error *err);

/* What merging one resolved record did. */
struct cix_merge_result {
	int64_t work_id;	/* the work now holding the record */
	int created;		/* 1: a new work (no work had the DOI) */
	int completed;		/* 1: a cited-only work became resolved */
	int changed;		/* 1: anything was written */
	size_t filled;		/* fields filled */
	size_t conflicts;	/* disagreements recorded */
	size_t refs_added;	/* references added to the work */
};

/*
 * Merge rec (a record from source "crossref", "datacite" or "csl", with
 * rec->doi set) into the index:
 *
 *   - no work has the DOI: a new work of kind CIX_WORK_RESOLVED;
 *   - a cited-only work: completed in place (its id kept, so the
 *     references to it stay linked) and made CIX_WORK_RESOLVED; what the
 *     reference said is kept only where the resolver says nothing;
 *   - a work resolved before: the new answer wins where it says something;
 *   - an imported record: nothing the user imported is overwritten; empty
 *     fields are filled, authors, keywords and references only when the
 *     work has none, and each field that disagrees (after folding case and
 *     punctuation) is recorded in conflicts with the resolver's value.
 *
 * Every field filled is recorded in field_sources with the source.
 * References that came unparsed are parsed as the import pipeline does,
 * stored with origin source, and the work is queued for the link pass.
 */
int cix_store_resolve_merge(struct cix_store *s, struct cix_record *rec,
    const char *source, struct cix_merge_result *res, struct cix_error *err);

/* Provenance of a work's fields, for `cix show`. */
struct cix_prov_row {
	int conflict;		/* 0: a field filled; 1: a disagreement */
	const char *field;
	const char *source;
	const char *value;	/* conflicts: the source's value */
	const char *at;
};
typedef int (*cix_prov_cb)(void *ctx, const struct cix_prov_row *r);
int cix_store_provenance(struct cix_store *s, int64_t id, cix_prov_cb cb,
    void *ctx, struct cix_error *err);

/* ISO 8601 UTC of t: "2026-11-23T20:41:00Z" (out has room for 32). */
void cix_iso_time(char out[32], long long t);

#endif
