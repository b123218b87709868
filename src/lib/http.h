/*
 * http.h - a polite HTTP client over libcurl's multi interface.
 *
 * What the resolver needs and nothing more: GET requests with an Accept
 * header (and If-None-Match / If-Modified-Since for refreshes), up to C
 * in flight, started no faster than R per second, with a cap on the
 * size of every response, timeouts on connecting and on the whole
 * transfer, HTTPS only (plain HTTP only to loopback addresses, checked
 * again on the connected address of every request, redirects included)
 * and at most a few redirects.
 *
 * Pacing (struct cix_pacer) is a token bucket that holds one token:
 * request starts are at least 1/R seconds apart (plus a small safety
 * margin, CIX_PACER_MARGIN), so no window of one second ever sees more
 * than R starts, and at most C requests are in flight.  Every response
 * can lower both: x-rate-limit-limit / x-rate-limit-interval and
 * x-concurrency-limit are obeyed when they ask for less than the client
 * was set to, never when they allow more.  A 429 or 503 with Retry-After
 * pauses every start until then.  The pacer functions are pure (time is
 * passed in) so they can be tested without a network.
 *
 * The library never prints; curl_global_init() is called once, by the
 * first cix_http_new().
 */
#ifndef CIX_HTTP_H
#define CIX_HTTP_H

#include <stddef.h>
#include <time.h>

#include "buf.h"
#include "error.h"

/* Starts are spaced 1/R * (1 + margin): a little under R per second. */
#define CIX_PACER_MARGIN 0.03

struct cix_pacer {
	double rate;		/* requests per second now in force */
	int max_inflight;	/* requests in flight now in force */
	int inflight;
	double last_start;	/* time of the last start; < 0: none yet */
	double pause_until;	/* no start before this time */
};

/* Start with rate R (> 0) and C (>= 1) in flight. */
void cix_pacer_init(struct cix_pacer *p, double rate, int max_inflight);
/*
 * Seconds from now until a request may start: 0 when one may start now,
 * a positive delay when the rate or a pause holds it back, or -1 when C
 * requests are in flight (wait for one to finish).
 */
double cix_pacer_delay(const struct cix_pacer *p, double now);
/* A request started at now / finished. */
void cix_pacer_start(struct cix_pacer *p, double now);
void cix_pacer_done(struct cix_pacer *p);
/*
 * Lower the rate and/or the concurrency: values <= 0 leave that limit as
 * it is, and a value above the current limit is ignored.  Returns 1 when
 * a limit changed.
 */
int cix_pacer_limit(struct cix_pacer *p, double rate, int max_inflight);
/* No start before time until (a later pause wins). */
void cix_pacer_pause(struct cix_pacer *p, double until);

/*
 * Parse a Retry-After value v[0..len): delta seconds ("120") or an HTTP
 * date (then relative to now, the wall clock).  *secs >= 0.  CIX_EINVAL
 * when it is neither.
 */
int cix_http_parse_retry_after(const char *v, size_t len, time_t now,
    double *secs);
/*
 * The rate that x-rate-limit-limit and x-rate-limit-interval give, in
 * requests per second: the first integer of each ("50, 50"), the interval
 * in seconds with an optional unit s, m or h ("1s"; no unit: seconds).
 * CIX_EINVAL when either is missing or not positive.
 */
int cix_http_parse_rate_limit(const char *limit, const char *interval,
    double *rate);
/* The first run of digits in v[0..len) (after blanks), or -1. */
long cix_http_first_int(const char *v, size_t len);

/*
 * The back-off before attempt number attempt (0 = the first retry):
 * base * 2^attempt, at most max, times a jitter factor 0.5 + r for r a
 * uniform random number in [0, 1): "full jitter" around the doubling, so
 * that many clients do not retry in step.
 */
double cix_http_backoff(int attempt, double base, double max, double r);

/* A uniform random number in [0, 1) (seeded once from the system). */
double cix_http_random(void);

/* Seconds on a monotonic clock. */
double cix_http_now(void);

/*
 * The User-Agent of cix: "cix/VERSION (URL; mailto:ADDRESS)", or without
 * the mailto part when addr is NULL.  Appended to out.
 */
int cix_http_user_agent(struct cix_buf *out, const char *addr);

/* ------------------------------------------------------------------ */
/* The client */

struct cix_http_opts {
	const char *user_agent;
	double rate;		/* requests per second (> 0) */
	int concurrency;	/* requests in flight (>= 1) */
	long timeout;		/* seconds for a whole transfer */
	long connect_timeout;	/* seconds to connect */
	size_t max_bytes;	/* largest body accepted */
	long max_redirs;	/* redirects followed (e.g. 5) */
	int allow_http;		/* 1: plain http to loopback addresses */
};

/* How a transfer ended. */
enum cix_http_result {
	CIX_HTTP_OK = 0,	/* an HTTP response arrived (any status) */
	CIX_HTTP_TIMEOUT,	/* connect or transfer timeout */
	CIX_HTTP_TOOBIG,	/* the body went over max_bytes */
	CIX_HTTP_TRUNCATED,	/* the connection closed mid-body */
	CIX_HTTP_REDIRECTS,	/* more than max_redirs redirects */
	CIX_HTTP_REFUSED,	/* a scheme or address not allowed */
	CIX_HTTP_CONNECT,	/* cannot resolve or connect */
	CIX_HTTP_ERROR		/* anything else curl reports */
};

struct cix_http_req {
	const char *url;		/* absolute URL (copied) */
	const char *accept;		/* Accept header (copied) */
	const char *if_none_match;	/* ETag to revalidate, or NULL */
	const char *if_modified_since;	/* HTTP date, or NULL */
	void *udata;			/* the caller's, handed back */
};

struct cix_http_resp {
	void *udata;
	int result;		/* enum cix_http_result */
	long status;		/* the final HTTP status, 0 if none */
	char error[256];	/* what went wrong when result != OK */
	struct cix_buf body;	/* capped at max_bytes */
	char content_type[128];	/* lower case, parameters removed */
	char etag[256];
	char last_modified[64];
	double retry_after;	/* seconds, or -1 when not given */
	double rl_rate;		/* x-rate-limit-* as req/s, or -1 */
	long rl_concurrency;	/* x-concurrency-limit, or -1 */
	char url[1024];		/* the last URL (after redirects) */
	long redirects;
	double started;		/* cix_http_now() at start and end */
	double finished;
};

struct cix_http;

int cix_http_new(struct cix_http **out, const struct cix_http_opts *o,
    struct cix_error *err);
/* Abort what is in flight and free everything; NULL is a no-op. */
void cix_http_free(struct cix_http *h);

/* Queue a GET; it starts as soon as the pacer allows. */
int cix_http_submit(struct cix_http *h, const struct cix_http_req *r,
    struct cix_error *err);
/* Requests queued or in flight. */
size_t cix_http_pending(const struct cix_http *h);
/* Requests in flight now / the most ever in flight at once. */
int cix_http_inflight(const struct cix_http *h);
int cix_http_max_inflight_seen(const struct cix_http *h);
/* Requests started so far. */
size_t cix_http_started(const struct cix_http *h);

/*
 * Drive the transfers until one ends or max_wait seconds pass.  *resp is
 * the finished response (the caller frees it with cix_http_resp_free())
 * or NULL when the wait ended first or nothing is pending.  The limits
 * a response announces are applied to the pacer before it is returned;
 * so is the pause of a 429 or 503 with Retry-After.  CIX_ENET when curl
 * itself fails, CIX_ENOMEM.
 */
int cix_http_wait(struct cix_http *h, struct cix_http_resp **resp,
    double max_wait, struct cix_error *err);
void cix_http_resp_free(struct cix_http_resp *r);

/* The pacer in use, to read the limits or to pause all starts. */
struct cix_pacer *cix_http_pacer(struct cix_http *h);

/* A short English name of a result ("timeout", "response too large"). */
const char *cix_http_result_str(int result);

#endif
