/*
 * export.h - writing works out: a registry of exporters, and selections.
 *
 * An exporter is one table of functions (struct cix_exporter) in its own
 * file, listed in export.c: bibtex and biblatex (export_bibtex.c), ris
 * (export_ris.c), csljson (export_csljson.c), graphml, gexf, dot, pajek
 * and vosviewer (export_graph.c), wos (export_wos.c).  Adding a format is
 * one file and one line.
 *
 * Exporters never go online and never touch SQL: they get records from
 * the store (cix_store_load()), rows and edges from graph.c, and write
 * bytes to sinks the caller provides.  The library never opens the
 * output files: the CLI writes each to a temporary file and renames it
 * into place only when the export succeeded.
 *
 * Typical use (what cix_export_run() does):
 *
 *	cix_export_begin(&x, exporter, &opts, store, sinks, &err);
 *	for each work:
 *		cix_export_work(x, id, NULL, &err);	// loads it
 *	cix_export_end(x, &stats, &err);		// flushes, commits keys
 *	cix_export_free(x);
 *
 * or, converting a file with no index (record formats only),
 * cix_export_begin(..., NULL store, ...) and cix_export_work(x, 0, &rec,
 * &err) for each record read.
 */
#ifndef CIX_EXPORT_H
#define CIX_EXPORT_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "graph.h"
#include "record.h"
#include "store.h"

/* Graph formats: which network the edges are. */
enum cix_network {
	CIX_NET_CITATION = 0,	/* citing -> cited, directed */
	CIX_NET_COCITATION = 1,	/* weight: records citing both */
	CIX_NET_COUPLING = 2	/* weight: references in common */
};

struct cix_export_opts {
	const char *keys;	/* citation-key pattern; NULL: [auth][year] */
	int ascii;		/* bibtex/biblatex: ASCII, LaTeX accents */
	int network;		/* enum cix_network (graph formats) */
	const char *version;	/* the program's, for file headers */
};

/*
 * Where the bytes of one output go: write() returns 0, or -1 with errno
 * set (the export then fails with CIX_EIO naming the sink).
 */
struct cix_sink {
	int (*write)(void *ctx, const void *p, size_t n);
	void *ctx;
	const char *name;	/* for messages: "stdout", "refs.bib" */
};

/* What an exporter is given for each work. */
struct cix_export_item {
	int64_t id;			/* 0 when converting a file */
	const struct cix_record *rec;	/* NULL for graph formats */
	const struct cix_work_row *row;	/* NULL when converting a file */
	const char *key;		/* citation key (KEYS formats) */
};

struct cix_export;

/* struct cix_exporter flags */
#define CIX_EXPORT_KEYS 0x1	/* give each work a citation key */
#define CIX_EXPORT_GRAPH 0x2	/* rows, not records; edges at the end */
#define CIX_EXPORT_NEEDSTORE 0x4	/* cannot convert a file */

struct cix_exporter {
	const char *name;	/* "bibtex" */
	const char *desc;	/* one line for --help and the docs */
	const char *ext;	/* usual file name extension: ".bib" */
	int flags;
	size_t nout;		/* outputs: 1, or 2 (vosviewer) */
	/* with nout > 1, what each output is: "map", "network" */
	const char *const *outnames;
	int (*begin)(struct cix_export *x, struct cix_error *err);
	int (*work)(struct cix_export *x, const struct cix_export_item *it,
	    struct cix_error *err);
	int (*end)(struct cix_export *x, struct cix_error *err);
	void (*release)(struct cix_export *x);
};

/* The registered exporters, NULL-terminated, in the order of --help. */
extern const struct cix_exporter *const cix_exporters[];
const struct cix_exporter *cix_exporter_find(const char *name);

/* ------------------------------------------------------------------ */
/* Selections */

/*
 * Which works to export: every condition given narrows the set.  With
 * none, every record of the index (and with all, every work).
 *
 * Works known only from references (cited-only works) are left out
 * unless all is set or they are named in works[].
 */
struct cix_export_sel {
	struct cix_query q;		/* search filters; q.limit ignored */
	int has_query;			/* q has a condition */
	const int64_t *works;		/* these works only */
	size_t nworks;
	const int64_t *citing;		/* works citing each of these */
	size_t nciting;
	const int64_t *cited_by;	/* works each of these cites */
	size_t ncited_by;
	size_t top;			/* the top N by LCS (0: no) */
	size_t limit;			/* at most N works (0: no limit) */
	int all;			/* include cited-only works */
};

/*
 * The ids of the selected works, oldest first (year, then id), in a
 * malloc'ed array the caller frees.  CIX_ENOTFOUND never: an empty
 * selection is *n == 0.
 */
int cix_export_select(int64_t **ids, size_t *n, struct cix_store *s,
    const struct cix_export_sel *sel, struct cix_error *err);

/* ------------------------------------------------------------------ */
/* Running an export */

struct cix_export_stats {
	size_t works;		/* works written */
	size_t edges;		/* graph formats: edges written */
	size_t new_keys;	/* citation keys given for the first time */
	int keys_kept;		/* ... and kept in the index for next time */
};

/*
 * Start exporting with e to sinks[0..e->nout).  s may be NULL only for
 * exporters without CIX_EXPORT_NEEDSTORE (converting a file); with s,
 * KEYS exporters take the index's write lock until cix_export_end() or
 * cix_export_free() (citation keys are recorded as they are given).
 * CIX_EINVAL for a bad key pattern or an option the format does not take.
 */
int cix_export_begin(struct cix_export **out, const struct cix_exporter *e,
    const struct cix_export_opts *o, struct cix_store *s,
    struct cix_sink *sinks, struct cix_error *err);
/*
 * Write one work: rec when given (converting: id 0), else work id
 * loaded from the store.
 */
int cix_export_work(struct cix_export *x, int64_t id,
    const struct cix_record *rec, struct cix_error *err);
/* Finish: the exporter's end, flush every output, commit new keys. */
int cix_export_end(struct cix_export *x, struct cix_export_stats *st,
    struct cix_error *err);
/* Free (rolls back keys given when end was not reached).  NULL is ok. */
void cix_export_free(struct cix_export *x);

/* The whole export of ids[0..n) (begin, work for each, end, free). */
int cix_export_run(struct cix_store *s, const struct cix_exporter *e,
    const struct cix_export_opts *o, const int64_t *ids, size_t n,
    struct cix_sink *sinks, struct cix_export_stats *st,
    struct cix_error *err);

#endif
