/*
 * store_update.h - the store's side of `cix update`: the runs table, the
 * watched works, and the report of what is new since the last report.
 *
 * Used by update.c and the CLI (watch, runs).  Functions that say so run
 * inside the caller's transaction (cix_store_begin()/commit()); the
 * others are one statement each, or open their own transaction.
 */
#ifndef CIX_STORE_UPDATE_H
#define CIX_STORE_UPDATE_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "store.h"

/* runs.status */
enum cix_run_status {
	CIX_RUN_RUNNING = 0,
	CIX_RUN_OK,
	CIX_RUN_PARTIAL,	/* some files or DOIs failed, the rest kept */
	CIX_RUN_FAILED,
	CIX_RUN_INTERRUPTED,	/* SIGINT or SIGTERM */
	CIX_RUN_KILLED		/* died without a word (found later) */
};

/* "running", "ok", ...; NULL for an unknown status. */
const char *cix_run_status_name(int status);
/* The status named s, or -1. */
int cix_run_status_parse(const char *s);

/* One row of runs (strings are copies, "" when NULL). */
struct cix_run_row {
	int64_t id;
	char started[32];
	char ended[32];
	int status;		/* enum cix_run_status */
	long pid;
	char phase[16];		/* what it was doing last */
	int64_t files_seen;
	int64_t files_imported;
	int64_t files_failed;
	int64_t records;
	int64_t dois_asked;
	int64_t dois_resolved;
	int64_t dois_failed;
	int64_t requests;
	int64_t refs_linked;
	int has_report;		/* 1: the four numbers below are set */
	int64_t new_works;
	int64_t new_citations;
	int64_t newly_resolved;
	int64_t watched_citations;
	const char *report;	/* valid during the callback; NULL if none */
	const char *error;	/* valid during the callback; NULL if none */
};

/* The most runs a report names as having died. */
#define CIX_RUN_MAXKILLED 8

/* What cix_store_run_begin() found. */
struct cix_run_start {
	int64_t id;			/* the new run */
	char started[32];
	int64_t prev_id;		/* the last run with a report, or 0 */
	char prev_started[32];
	size_t nkilled;			/* runs found 'running' (dead) */
	struct cix_run_row killed[CIX_RUN_MAXKILLED];
};

/*
 * Start a run, in its own transaction: every run still 'running' becomes
 * 'killed' (the caller holds the update lock, so none of them is alive),
 * and a new row is added with pid and started_at now.  out->killed lists
 * the dead ones (the first CIX_RUN_MAXKILLED; nkilled counts them all).
 */
int cix_store_run_begin(struct cix_store *s, long pid,
    struct cix_run_start *out, struct cix_error *err);

/* Set the phase of a run ("import", "resolve", ...); autocommit. */
int cix_store_run_phase(struct cix_store *s, int64_t id, const char *phase,
    struct cix_error *err);

/*
 * End a run: status, ended_at now, the counts of row (its id, started,
 * phase and pid are ignored; the four report numbers are written only
 * when has_report, else NULL), the report text and error (either may be
 * NULL).  In the caller's transaction if one is open,
 * else autocommit.
 */
int cix_store_run_end(struct cix_store *s, int64_t id, int status,
    const struct cix_run_row *row, const char *report, const char *error,
    struct cix_error *err);

/*
 * The runs, newest first: at most limit (0: all), or only run id when
 * id > 0 (CIX_ENOTFOUND if there is none).  A non-zero return from cb
 * stops the walk and is returned.
 */
typedef int (*cix_run_cb)(void *ctx, const struct cix_run_row *r);
int cix_store_runs(struct cix_store *s, int64_t id, size_t limit,
    cix_run_cb cb, void *ctx, struct cix_error *err);

/* ------------------------------------------------------------------ */
/* What is new */

/* A work as a report names it. */
struct cix_report_work {
	int64_t id;
	int year;		/* 0: unknown */
	char author[64];	/* first author as written, "" if none */
	char title[160];	/* cut at a word, "" if none */
};

/* One new citation of a watched work. */
struct cix_report_cite {
	struct cix_report_work citing;
	struct cix_report_work cited;
};

/* The most citations of watched works a report lists one by one. */
#define CIX_REPORT_MAXCITES 20

struct cix_report {
	int64_t new_works;	/* records (kind 0) not seen as records */
	int64_t new_citations;	/* record -> record pairs not seen */
	int64_t newly_resolved;	/* works resolved that were not before */
	int64_t watched_citations;	/* pairs -> a watched work, unseen */
	size_t ncites;		/* how many of cites[] are set */
	struct cix_report_cite cites[CIX_REPORT_MAXCITES];
};

/*
 * Compare the index with what the last report saw, fill r, and remember
 * the present as seen (so the next report starts from here).  Watched
 * works whose id changed are found again first.  In the caller's
 * transaction.  Citations are counted once per (citing, cited) pair of
 * works, never a work citing itself.
 */
int cix_store_report(struct cix_store *s, struct cix_report *r,
    struct cix_error *err);

/* Works queued for the next link pass (link_dirty). */
int cix_store_link_queued(struct cix_store *s, int64_t *n,
    struct cix_error *err);

/*
 * Was a file with this path, size and modification time imported
 * before?  *known is 1 if so (then its content is very likely the same:
 * the update skips hashing it).
 */
int cix_store_file_known(struct cix_store *s, const char *path,
    uint64_t size, int64_t mtime, int *known, struct cix_error *err);

/* ------------------------------------------------------------------ */
/* Watched works */

/*
 * Watch work id.  *added is 0 when it was watched already.  Citations
 * it has from works an earlier report saw are taken as seen: the next
 * report tells only what is new.  Own transaction.
 */
int cix_store_watch_add(struct cix_store *s, int64_t id, int *added,
    struct cix_error *err);
/* Stop watching work id; *removed is 0 when it was not watched. */
int cix_store_watch_remove(struct cix_store *s, int64_t id, int *removed,
    struct cix_error *err);
/*
 * The watched works: cb(ctx, id, present) with the id each has now
 * (found again as cix_store_watch_refresh() would, without writing), or
 * the id it had and present 0 when it is gone from the index.
 */
typedef int (*cix_watch_cb)(void *ctx, int64_t id, int present);
int cix_store_watch_list(struct cix_store *s, cix_watch_cb cb, void *ctx,
    struct cix_error *err);
/*
 * Find watched works whose id changed again (by DOI, UT, then reference
 * key) and move their rows and seen citations.  In the caller's
 * transaction.
 */
int cix_store_watch_refresh(struct cix_store *s, struct cix_error *err);

#endif
