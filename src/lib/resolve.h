/*
 * resolve.h - resolve DOIs online and merge what they say into the index.
 *
 * For each DOI that is due (see enum cix_resolve_mode), cix_resolve_run()
 * asks doi.org by content negotiation: Crossref UNIXSD XML for Crossref
 * DOIs, DataCite XML for DataCite DOIs, CSL-JSON for every other agency.
 * The agency comes from the doi.org RA service (BASE/doiRA/DOI) the first
 * time a DOI prefix is met and is cached per prefix.  Answers are parsed
 * by crossref.c, datacite.c and csljson.c (no network, no entities) and
 * merged by cix_store_resolve_merge(): what the user imported is never
 * overwritten, what is missing is filled, disagreements are recorded,
 * cited-only works become resolved works, and a Crossref citation list
 * becomes the work's references.  The link pass (link.h) runs at the end
 * so that the new references are linked and the graph grows.
 *
 * Every DOI has a state (store_resolve.h): pending, resolved (with the
 * time), notfound (asked again after notfound_days), failed (asked again
 * after an exponential back-off with jitter: 1 h, 2 h, 4 h ... up to
 * 30 days, or the server's Retry-After when longer), invalid (never
 * asked).  A DOI is never asked before its retry time, and a resolved
 * one only when it is stale, with If-None-Match / If-Modified-Since; a
 * 304 only renews resolved_at.
 *
 * What each answer means:
 *
 *   200 + metadata        resolved (fields merged, ETag kept)
 *   304                   resolved, unchanged
 *   404, 410, 204         notfound; the RA service's "DOI does not
 *                         exist" too ("Invalid DOI": invalid)
 *   303/200 to text/html  a landing page instead of metadata: asked
 *   406                   again once for CSL-JSON; a landing page then
 *                         too is failed ("landing page, no metadata")
 *   429, 5xx, timeout,    retried in the run (up to retries times, after
 *   connection failure,   Retry-After or an exponential back-off with
 *   truncated body        jitter; a 429/503 pauses every request); then
 *                         failed
 *   malformed or hostile  failed (never expanded: see mapper.h)
 *   XML, too large, too
 *   many redirects, other
 *
 * Pacing and politeness are http.h's: at most the published limits (5/s
 * and 1 in flight anonymously, 10/s and 3 with a contact address), lower
 * when asked (configuration, x-rate-limit-*, x-concurrency-limit), and a
 * 429 halves the rate for the rest of the run (not below 1/s).  When more than
 * failure_threshold of the last failure_window requests failed (429, 5xx,
 * 403, timeouts, transfer errors, unusable answers) the run stops with
 * CIX_ELIMIT.  Results are committed every `batch` DOIs (and at least
 * every two seconds), so an interrupted run loses little and never leaves
 * the index inconsistent; the DOIs it did not finish stay due.
 */
#ifndef CIX_RESOLVE_H
#define CIX_RESOLVE_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include "conf.h"
#include "error.h"
#include "link.h"
#include "store.h"

enum cix_resolve_mode {
	CIX_RESOLVE_PENDING = 0,	/* never asked, and retries due */
	CIX_RESOLVE_STALE = 1,		/* ... and stale resolved ones */
	CIX_RESOLVE_ALL = 2		/* ... and every resolved one */
};

struct cix_resolve_stats;

struct cix_resolve_opts {
	int mode;		/* enum cix_resolve_mode */
	int stale_days;		/* STALE: resolved more than this ago */
	int refs;		/* also the DOIs of references */
	const int64_t *works;	/* only these works (and with refs, the */
	size_t nworks;		/* DOIs they cite); 0: every work */
	size_t max;		/* ask at most this many DOIs; 0: all */
	size_t max_requests;	/* at most this many requests; 0: any */
	double max_seconds;	/* stop starting DOIs after this; 0: never */
	const struct cix_config *cfg;	/* bases, mailto, limits */
	double rate;		/* requests/s wanted; 0: the limit */
	int concurrency;	/* in flight wanted; 0: the limit */
	size_t batch;		/* commit every this many DOIs; 0: 50 */
	int no_link;		/* 1: do not run the link pass */
	volatile sig_atomic_t *cancel;	/* non-zero: stop soon */
	/* Called after every DOI finishes. */
	void (*progress)(void *ctx, const struct cix_resolve_stats *st);
	void *progress_ctx;
};

struct cix_resolve_stats {
	size_t candidates;	/* DOIs considered */
	size_t invalid;		/* strings that are not DOIs */
	size_t due;		/* DOIs taken up (so far) */
	size_t asked;		/* DOIs asked about */
	size_t requests;	/* HTTP requests sent */
	size_t ra_requests;	/* ... of which to the RA service */
	size_t resolved;	/* DOIs resolved (unchanged ones included) */
	size_t unchanged;	/* ... of which 304 Not Modified */
	size_t notfound;
	size_t failed;
	size_t retries;		/* in-run retries */
	size_t new_works;	/* works created */
	size_t completed;	/* cited-only works now resolved */
	size_t new_refs;	/* references added */
	size_t filled;		/* fields filled */
	size_t conflicts;	/* disagreements recorded */
	struct cix_link_stats link;	/* the link pass */
	size_t new_links;	/* references linked by the link pass */
	double rate;		/* the pace in force at the end */
	int concurrency;
	int clamped;		/* 1: the wanted rate was above the limit */
	int max_inflight;	/* the most requests in flight at once */
	int stopped;		/* 1: the failure threshold stopped it */
	int budget;		/* 1: --max or a budget ended the run */
	double seconds;
};

/*
 * The pace a run may use: the published limit for the client's kind
 * (anonymous without mailto), or less when rate/conc ask for less (0:
 * the limit).  *clamped is 1 when rate or conc asked for more.
 */
void cix_resolve_limits(const char *mailto, double rate, int conc,
    double *out_rate, int *out_conc, int *clamped);

/* How one attempt ended, for the state machine. */
enum cix_attempt {
	CIX_ATTEMPT_OK = 0,	/* metadata parsed */
	CIX_ATTEMPT_UNCHANGED,	/* 304 */
	CIX_ATTEMPT_NOTFOUND,	/* the DOI does not exist */
	CIX_ATTEMPT_INVALID,	/* not a DOI */
	CIX_ATTEMPT_TRANSIENT,	/* 429, 5xx, timeout, network: retry */
	CIX_ATTEMPT_FAIL	/* an answer cix cannot use */
};

/* The attempt an HTTP outcome means (enum cix_http_result, status). */
int cix_resolve_classify(int http_result, long status);

/* Timing rules of the state machine (see cix_resolve_policy_from()). */
struct cix_resolve_policy {
	int notfound_days;	/* notfound: ask again after */
	int retries;		/* in-run retries of a transient failure */
	double backoff;		/* first in-run back-off, seconds */
	double max_wait;	/* longest in-run wait; longer: next run */
	double fail_base;	/* first back-off between runs (3600 s) */
	double fail_max;	/* longest back-off between runs (30 days) */
};
void cix_resolve_policy_from(struct cix_resolve_policy *p,
    const struct cix_config *cfg);

/*
 * Should attempt number `attempt` (0 = the first) of a DOI, which ended
 * as `a` with the server's retry_after (< 0: none), be retried in this
 * run?  1 with *delay set, else 0.  r is a random number in [0, 1).
 */
int cix_resolve_retry(const struct cix_resolve_policy *p, int a,
    int attempt, double retry_after, double r, double *delay);

/*
 * The state a DOI takes after the last attempt of a run: *state, the
 * failure count *tries (reset to 0 on success) and *next_try (0: none),
 * from the attempt a, the failures before (tries), the server's
 * retry_after (< 0: none), the wall clock now and a random r in [0, 1).
 */
void cix_resolve_next(const struct cix_resolve_policy *p, int a, int tries,
    double retry_after, long long now, double r, int *state,
    int *tries_after, long long *next_try);

/* The failure-rate guard over the last n requests. */
struct cix_failwin {
	unsigned char ring[1000];
	int size;		/* the window, 1..1000 */
	int n;			/* outcomes recorded, up to size */
	int pos;
	int failed;		/* failures in the window */
	double threshold;	/* stop above this share of size */
};
void cix_failwin_init(struct cix_failwin *w, int size, double threshold);
/* Record one request; returns 1 when the run must stop. */
int cix_failwin_add(struct cix_failwin *w, int failed);

/*
 * Resolve what opts selects.  st is filled as the run goes (the progress
 * callback sees it).  Returns CIX_OK (even when some DOIs failed: that is
 * their state), CIX_ELIMIT when the failure threshold stopped the run,
 * CIX_EINTR when cancelled, CIX_EINVAL for a bad configuration, or the
 * store's error.  What was resolved before a stop stays committed, and
 * the link pass still runs over it.
 */
int cix_resolve_run(struct cix_store *s, const struct cix_resolve_opts *o,
    struct cix_resolve_stats *st, struct cix_error *err);

#endif
