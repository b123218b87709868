/*
 * update.h - `cix update`, what cron runs every night (DESIGN §8).
 *
 * One run, under the update lock (cix_update_lock()):
 *
 *   1. record the run in the index (a run found still 'running' died:
 *      it is marked 'killed' and the report says so);
 *   2. import the inbox files that are new or changed: a file whose path,
 *      size and modification time match an earlier import is not read;
 *      any other is hashed, and skipped when its bytes were imported
 *      before (renamed or downloaded again); each file is one
 *      transaction;
 *   3. resolve the DOIs that are pending, due for a retry or stale,
 *      within the request and time budget (resolve.h);
 *   4. link what is queued (link.h), one transaction;
 *   5. in one transaction, compare the index with what the last report
 *      saw (store_update.h), end the run with its counts and report, and
 *      remember the present for the next report.
 *
 * Every step commits what it finished, so a run killed at any instant
 * leaves a sound index and the next run finishes the work: files not
 * recorded as imported are imported again (all or nothing each), DOIs not
 * committed are still due, link_dirty still names what is unlinked, and
 * what the dead run did is reported by the next report.
 *
 * The library prints nothing: the report is text in the result (and in
 * the index, for `cix runs`).
 */
#ifndef CIX_UPDATE_H
#define CIX_UPDATE_H

#include <signal.h>
#include <stddef.h>

#include "buf.h"
#include "conf.h"
#include "error.h"
#include "input.h"
#include "link.h"
#include "resolve.h"
#include "store.h"
#include "store_update.h"

/* ------------------------------------------------------------------ */
/* The lock */

/*
 * Take the update lock of the index at db_path: an exclusive flock(2) on
 * "db_path.lock", created (with the index's directory) if need be, never
 * waited for.  *fd is the lock's descriptor, to give to
 * cix_update_unlock(); the kernel drops the lock when the process dies,
 * so a killed run never leaves it behind.  CIX_ELOCKED (naming the pid
 * that holds it) when another process has it; CIX_EIO or CIX_EREADONLY
 * when the lock file cannot be made.
 */
int cix_update_lock(int *fd, const char *db_path, struct cix_error *err);
void cix_update_unlock(int fd);

/*
 * Can the index at db_path (and its directory, where SQLite keeps its
 * -wal and -shm files) be written?  CIX_EREADONLY saying why (a
 * read-only file system, an immutable file, permissions) when not, so
 * that an update fails before it writes anything.
 */
int cix_update_writable(const char *db_path, struct cix_error *err);

/* ------------------------------------------------------------------ */
/* The inbox */

struct cix_inbox {
	char **paths;		/* the files, sorted, each once */
	size_t n;
	char **errors;		/* "'/x' does not exist", one per entry */
	size_t nerrors;
};

/*
 * Is name (a file name, no directory) one the inbox leaves alone: hidden
 * (".x"), a backup ("x~", "#x#") or a download in progress (".part",
 * ".partial", ".crdownload", ".download", ".tmp", ".swp")?
 */
int cix_inbox_skip(const char *name);

/*
 * The files the inbox entries name.  An entry is a directory (its
 * regular files), a file, or a glob(3) pattern (the regular files it
 * matches; none is not an error).  Names cix_inbox_skip() refuses are
 * left out, and directories are not entered.  An entry that names
 * nothing that exists (a missing directory or file, or a pattern whose
 * fixed leading directory is missing) is an error in in->errors, and the
 * other entries are still read.  Returns CIX_OK or CIX_ENOMEM.
 * cix_inbox_release() the result either way.
 */
int cix_inbox_scan(struct cix_inbox *in, const char *const *entries,
    size_t n, struct cix_error *err);
void cix_inbox_release(struct cix_inbox *in);

/* ------------------------------------------------------------------ */
/* The run */

struct cix_update_opts {
	const struct cix_config *cfg;	/* inbox, budgets, resolver; NULL:
					   the defaults */
	const char *const *inbox;	/* instead of cfg's, when ninbox */
	size_t ninbox;
	int no_resolve;		/* 1: do not go online */
	long budget;		/* requests at most; < 0: cfg's
				   budget_requests; 0: no limit */
	long pid;		/* recorded with the run */
	volatile sig_atomic_t *cancel;	/* non-zero: stop soon */
	cix_warn_fn warn;	/* warnings of readers; may be NULL */
	void *warn_ctx;
	/* Told of each problem when it happens (may be NULL). */
	void (*problem)(void *ctx, const char *what,
	    const struct cix_error *e);
	void *problem_ctx;
	/* Told what the run starts doing: "import" (with the file),
	 * "resolve", "link", "report" (may be NULL). */
	void (*progress)(void *ctx, const char *phase, const char *file,
	    size_t i, size_t n);
	void *progress_ctx;
};

/* Something that went wrong without stopping the run. */
struct cix_update_problem {
	char what[512];		/* a file, "inbox", "resolve" */
	struct cix_error err;
};

/* The most problems a result keeps one by one. */
#define CIX_UPDATE_MAXPROBLEMS 20

struct cix_update_result {
	struct cix_run_start start;	/* run id, dead runs, last report */
	int status;		/* enum cix_run_status */
	struct cix_run_row counts;	/* what the run did */
	size_t files_unchanged;
	int resolved;		/* 1: the resolver ran */
	struct cix_resolve_stats resolve;
	int linked;		/* 1: the link pass ran */
	struct cix_link_stats link;
	int has_report;		/* 1: report is set */
	struct cix_report report;
	size_t nproblems;	/* all of them; the first are kept: */
	struct cix_update_problem problems[CIX_UPDATE_MAXPROBLEMS];
	char *text;		/* the report as text (heap) or NULL */
};

void cix_update_result_release(struct cix_update_result *r);

/*
 * Run an update over the open store s (the caller holds the lock).
 * res is filled as far as the run got, and res->status says how it
 * ended.  Returns CIX_OK when the run ended 'ok' or 'partial' (res->text
 * is the report), CIX_EINTR when cancelled, or the error that stopped it
 * (err says what; the run is recorded as failed when the index still
 * takes writes).  What was committed before a stop stays.
 */
int cix_update_run(struct cix_store *s, const struct cix_update_opts *o,
    struct cix_update_result *res, struct cix_error *err);

/*
 * The report of res as text, appended to out: a line with the run and
 * its status; what the inbox, the resolver and the link pass did (only
 * when they did something); what is new since the last report (each
 * count that is not zero, and the new citations of watched works one by
 * one), or "nothing new"; the runs found dead; the problems.
 */
int cix_update_format(struct cix_buf *out, const struct cix_update_result *r);

/*
 * One line (no newline) about run k, found dead: "run 3 (started ...,
 * pid N) did not finish: killed while importing (or unable to write its
 * end); this run finished its work".
 */
int cix_update_killed(struct cix_buf *out, const struct cix_run_row *k);

#endif
