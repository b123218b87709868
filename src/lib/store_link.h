/*
 * store_link.h - the store's side of linking: iterate what the linker
 * needs, write what it decides.  Used by link.c only; all of it runs
 * inside the link pass's transaction.
 */
#ifndef CIX_STORE_LINK_H
#define CIX_STORE_LINK_H

#include <stdint.h>

#include "store.h"

/* A work as the linker sees it (strings valid during the callback). */
struct cix_link_work {
	int64_t id;
	int kind;
	const char *doi;
	const char *au_key;	/* first author's surname, key form */
	const char *au_abbrev;	/* first author as abbreviated (AU) */
	const char *au_init;	/* first initial */
	int year;
	const char *volume;
	const char *first_page;
	const char *last_page;
	const char *article_no;
	const char *source;
	const char *source_abbrev;
	const char *source_iso;
	const char *ref_key;	/* cited-only works: their grouping key */
};

/* A reference waiting for a link. */
struct cix_link_ref {
	int64_t citing_id;
	int pos;
	const char *raw;
	struct cix_citedref f;	/* dois[] filled from refs.doi/dois */
};

typedef int (*cix_link_work_cb)(void *ctx, const struct cix_link_work *w);
typedef int (*cix_link_ref_cb)(void *ctx, const struct cix_link_ref *r);

/* Every record (kind != cited-only) or every cited-only work. */
int cix_store_link_works(struct cix_store *s, int cited_only,
    cix_link_work_cb cb, void *ctx, struct cix_error *err);
/* The works queued in link_dirty, full records only. */
int cix_store_link_dirty(struct cix_store *s, cix_link_work_cb cb,
    void *ctx, struct cix_error *err);
/* The unlinked references of the queued works, by work then position. */
int cix_store_link_refs(struct cix_store *s, cix_link_ref_cb cb, void *ctx,
    struct cix_error *err);

/*
 * Start writing links and cited-only works: rows are buffered and written
 * many at a time; cix_store_link_flush() writes what is left (it must run
 * before anything reads the links or those works back).
 */
int cix_store_link_batch_begin(struct cix_store *s, struct cix_error *err);
int cix_store_link_flush(struct cix_store *s, struct cix_error *err);

int cix_store_link_set(struct cix_store *s, int64_t citing_id, int pos,
    int64_t cited, int method, double confidence, struct cix_error *err);

/*
 * A cited-only work standing for what ref names, with the given id: the
 * linker numbers them from cix_store_max_work_id() + 1, so that it needs
 * no answer from the store (and can run in a thread of its own).
 */
int cix_store_link_new_cited(struct cix_store *s,
    const struct cix_citedref *f, const char *au_key, const char *ref_key,
    int64_t id, struct cix_error *err);

/*
 * Move every reference of cited-only work `from` to `to` (a record),
 * with the given method and confidence, and delete `from`.
 */
int cix_store_link_absorb(struct cix_store *s, int64_t from, int64_t to,
    int method, double confidence, struct cix_error *err);

/*
 * Works queued for the next pass (their references are the ones it
 * will look at), and works with references of their own in the index.
 */
int cix_store_link_pending(struct cix_store *s, int64_t *pending,
    int64_t *total, struct cix_error *err);

/*
 * Bulk mode, for a pass that links a large share of the references:
 * drop the indexes that would take millions of inserts in random order
 * (links_cited, works_doi) and build them again, sorted, at the end.
 */
int cix_store_link_bulk_begin(struct cix_store *s, struct cix_error *err);
int cix_store_link_bulk_end(struct cix_store *s, struct cix_error *err);

/*
 * Let go of cited-only work id: its links are removed, the works whose
 * references named it are queued for linking, and it is deleted.
 */
int cix_store_link_release(struct cix_store *s, int64_t id,
    struct cix_error *err);

/* Empty link_dirty (at the end of a successful pass). */
int cix_store_link_done(struct cix_store *s, struct cix_error *err);

/* Every citation edge (citing, cited), self-citations left out. */
typedef int (*cix_edge_cb)(void *ctx, int64_t citing, int64_t cited);
int cix_store_edges(struct cix_store *s, cix_edge_cb cb, void *ctx,
    struct cix_error *err);

/* The largest work id, and the ids of the imported records (kind 0). */
int cix_store_max_work_id(struct cix_store *s, int64_t *max,
    struct cix_error *err);
typedef int (*cix_work_id_cb)(void *ctx, int64_t id);
int cix_store_record_ids(struct cix_store *s, cix_work_id_cb cb, void *ctx,
    struct cix_error *err);

/*
 * Replace work_metrics with these n rows (ids ascending): LCS, LCR and
 * PageRank (pr[i] < 0: none).
 */
int cix_store_set_metrics(struct cix_store *s, size_t n, const int64_t *ids,
    const uint32_t *lcs, const uint32_t *lcr, const double *pr,
    struct cix_error *err);

/*
 * Replace cited_citers with these n rows: work ids[i] is cited by
 * count[i] works, packed in buf[off[i]] .. buf[off[i + 1]] (see
 * store_schema.h, version 6).
 */
int cix_store_set_citers(struct cix_store *s, size_t n, const int64_t *ids,
    const uint32_t *count, const size_t *off, const unsigned char *buf,
    struct cix_error *err);

/* Unlink everything, drop cited-only works, queue every record. */
int cix_store_link_reset(struct cix_store *s, struct cix_error *err);

#endif
