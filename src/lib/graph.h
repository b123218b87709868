/*
 * graph.h - metrics and queries over the citation graph.
 *
 * Every query streams rows to a callback; a row describes a work (enough
 * to print it: id, year, first author, title, source, DOI, UT, LCS, GCS)
 * plus the query's own values.  Strings in a row are valid during the
 * callback only.  A non-zero return from the callback stops the query and
 * is returned.
 *
 * Meanings follow HistCite: LCS (local citation score) = citations from
 * records in the index; GCS = times cited as the source (WoS TC, or
 * Crossref) reports it; LCR = a record's references to records in the
 * index.  Records are the works imported from the user's exports (kind
 * 0): LCS, LCR and the historiograph count them only.  Works resolved
 * online (kind 2) have full metadata but are not part of the collection;
 * cited-only works (kind 1) are known from references alone.
 */
#ifndef CIX_GRAPH_H
#define CIX_GRAPH_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "store.h"

struct cix_work_row {
	int64_t id;
	int kind;		/* enum cix_work_kind */
	int year;		/* 0 unknown */
	const char *doi;
	const char *ut;
	const char *title;
	const char *source;	/* abbreviation if known, else full */
	const char *author;	/* first author as indexed */
	const char *volume;
	const char *page;
	int64_t lcs;
	int64_t lcr;
	int64_t gcs;		/* -1 unknown */
	double pagerank;	/* 0 if not computed */
	double value;		/* the query's measure (strength, score) */
	/* refs / refs --all / citing: the reference itself */
	int64_t citing_id;
	const char *citing_ut;
	const char *citing_doi;
	int pos;		/* 1-based position in the citing list */
	const char *raw;
	int method;		/* enum cix_link_method */
	double confidence;
};

typedef int (*cix_row_cb)(void *ctx, const struct cix_work_row *r);

/* What `work` cites, in order; the row describes the cited work (id 0
 * when the reference is not linked). */
int cix_graph_refs(struct cix_store *s, int64_t work, cix_row_cb cb,
    void *ctx, struct cix_error *err);
/* Every reference in the index, by citing work then position. */
int cix_graph_all_refs(struct cix_store *s, cix_row_cb cb, void *ctx,
    struct cix_error *err);
/* The works that cite `work`, oldest first. */
int cix_graph_citing(struct cix_store *s, int64_t work, cix_row_cb cb,
    void *ctx, struct cix_error *err);

enum cix_top_by { CIX_TOP_LCS, CIX_TOP_GCS, CIX_TOP_LCR, CIX_TOP_PAGERANK };

struct cix_top_opts {
	int by;			/* enum cix_top_by */
	size_t limit;		/* 0: 20 */
	int records;		/* only full records */
	int cited_only;		/* only cited-only works */
	int year_from, year_to;	/* 0: no bound */
};
/* The top works; value = the measure. */
int cix_graph_top(struct cix_store *s, const struct cix_top_opts *o,
    cix_row_cb cb, void *ctx, struct cix_error *err);

/* Co-citation partners of `work` (value = times cited together) and
 * bibliographic-coupling partners (value = references shared), strongest
 * first, at most limit (0: all). */
int cix_graph_cocited(struct cix_store *s, int64_t work, size_t limit,
    cix_row_cb cb, void *ctx, struct cix_error *err);
int cix_graph_coupled(struct cix_store *s, int64_t work, size_t limit,
    cix_row_cb cb, void *ctx, struct cix_error *err);

/*
 * The historiograph: the top n records by LCS (ties: older first), sorted
 * by year; node_cb for each, then edge_cb for each citation among them.
 */
typedef int (*cix_hist_edge_cb)(void *ctx, int64_t citing, int64_t cited);
int cix_graph_hist(struct cix_store *s, size_t n, cix_row_cb node_cb,
    cix_hist_edge_cb edge_cb, void *ctx, struct cix_error *err);

/* Reference publication year spectroscopy over every cited reference. */
struct cix_rpys_row {
	int year;
	int64_t count;		/* cited references from that year */
	double median;		/* median count of years y-2..y+2 */
	double deviation;	/* count - median */
};
typedef int (*cix_rpys_cb)(void *ctx, const struct cix_rpys_row *r);
int cix_graph_rpys(struct cix_store *s, int year_from, int year_to,
    cix_rpys_cb cb, void *ctx, struct cix_error *err);

/*
 * A shortest citation path from a to b following "cites" edges (path[0]
 * = a ... path[n-1] = b); if there is none, from b to a (*reversed = 1).
 * With undirected, edges count both ways.  CIX_ENOTFOUND when the two are
 * not connected.  *path is malloc'ed.
 */
int cix_graph_path(struct cix_store *s, int64_t a, int64_t b,
    int undirected, int64_t **path, size_t *n, int *reversed,
    struct cix_error *err);

/* One work's row (for printing a path). */
int cix_graph_work(struct cix_store *s, int64_t id, cix_row_cb cb,
    void *ctx, struct cix_error *err);

/*
 * The citations of one work, each pair once, self-citations left out:
 * with CIX_GRAPH_OUT the works it cites (cb(ctx, work, cited)), with
 * CIX_GRAPH_IN the works that cite it (cb(ctx, citing, work)).  For the
 * exporters' networks (citation, co-citation, coupling) of a selection.
 */
enum { CIX_GRAPH_OUT = 0, CIX_GRAPH_IN = 1 };
int cix_graph_links(struct cix_store *s, int64_t work, int dir,
    cix_hist_edge_cb cb, void *ctx, struct cix_error *err);

#endif
