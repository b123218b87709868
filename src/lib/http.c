/*
 * http.c - libcurl multi interface with pacing, caps and a protocol
 * allow-list; the pure pacing and header functions come first.
 */
#include "config.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#ifdef HAVE_GETRANDOM
#include <sys/random.h>
#endif

#include <curl/curl.h>

#include "http.h"
#include "util.h"
#include "banned.h"

/* ------------------------------------------------------------------ */
/* Pacing */

void
cix_pacer_init(struct cix_pacer *p, double rate, int max_inflight)
{
	p->rate = rate > 0 ? rate : 1;
	p->max_inflight = max_inflight >= 1 ? max_inflight : 1;
	p->inflight = 0;
	p->last_start = -1;
	p->pause_until = 0;
}

double
cix_pacer_delay(const struct cix_pacer *p, double now)
{
	double next = 0;

	if (p->inflight >= p->max_inflight)
		return -1;
	if (p->last_start >= 0)
		next = p->last_start + (1.0 + CIX_PACER_MARGIN) / p->rate;
	if (p->pause_until > next)
		next = p->pause_until;
	return next > now ? next - now : 0;
}

void
cix_pacer_start(struct cix_pacer *p, double now)
{
	p->inflight++;
	p->last_start = now;
}

void
cix_pacer_done(struct cix_pacer *p)
{
	if (p->inflight > 0)
		p->inflight--;
}

int
cix_pacer_limit(struct cix_pacer *p, double rate, int max_inflight)
{
	int changed = 0;

	if (rate > 0 && rate < p->rate) {
		p->rate = rate;
		changed = 1;
	}
	if (max_inflight >= 1 && max_inflight < p->max_inflight) {
		p->max_inflight = max_inflight;
		changed = 1;
	}
	return changed;
}

void
cix_pacer_pause(struct cix_pacer *p, double until)
{
	if (until > p->pause_until)
		p->pause_until = until;
}

/* ------------------------------------------------------------------ */
/* Headers, back-off, clocks */

long
cix_http_first_int(const char *v, size_t len)
{
	size_t i = 0;
	long n = 0;

	while (i < len && (v[i] == ' ' || v[i] == '\t'))
		i++;
	if (i == len || !cix_isdigit((unsigned char)v[i]))
		return -1;
	for (; i < len && cix_isdigit((unsigned char)v[i]); i++) {
		if (n > 100000000L)
			return -1;
		n = n * 10 + (v[i] - '0');
	}
	return n;
}

int
cix_http_parse_retry_after(const char *v, size_t len, time_t now,
    double *secs)
{
	char date[64];
	time_t t;
	size_t i;
	long n;

	v = cix_trim(v, &len);
	if (len == 0)
		return CIX_EINVAL;
	for (i = 0; i < len && cix_isdigit((unsigned char)v[i]); i++)
		;
	if (i == len) {
		if ((n = cix_http_first_int(v, len)) < 0)
			return CIX_EINVAL;
		*secs = (double)n;
		return CIX_OK;
	}
	if (len >= sizeof(date))
		return CIX_EINVAL;
	memcpy(date, v, len);
	date[len] = '\0';
	/* An HTTP date names a day of the week first. */
	if (!cix_isalpha((unsigned char)date[0]))
		return CIX_EINVAL;
	if ((t = curl_getdate(date, &now)) == (time_t)-1)
		return CIX_EINVAL;
	*secs = t > now ? (double)(t - now) : 0;
	return CIX_OK;
}

int
cix_http_parse_rate_limit(const char *limit, const char *interval,
    double *rate)
{
	long l, i;
	size_t n;
	const char *u;
	double scale = 1;

	if (limit == NULL || interval == NULL)
		return CIX_EINVAL;
	if ((l = cix_http_first_int(limit, strlen(limit))) <= 0)
		return CIX_EINVAL;
	n = strlen(interval);
	if ((i = cix_http_first_int(interval, n)) <= 0)
		return CIX_EINVAL;
	for (u = interval; *u == ' ' || *u == '\t' || cix_isdigit(
	    (unsigned char)*u); u++)
		;
	switch (*u) {
	case 'm':
		if (u[1] == 's')
			scale = 0.001;
		else
			scale = 60;
		break;
	case 'h':
		scale = 3600;
		break;
	case 's':
	case '\0':
	case ',':
	case ' ':
		break;
	default:
		return CIX_EINVAL;
	}
	*rate = (double)l / ((double)i * scale);
	return CIX_OK;
}

double
cix_http_backoff(int attempt, double base, double max, double r)
{
	double d = base;
	int i;

	for (i = 0; i < attempt && d < max; i++)
		d *= 2;
	if (d > max)
		d = max;
	return d * (0.5 + r);
}

double
cix_http_random(void)
{
	static uint64_t s;

	if (s == 0) {
#ifdef HAVE_GETRANDOM
		if (getrandom(&s, sizeof(s), 0) != (ssize_t)sizeof(s))
			s = 0;
#endif
		if (s == 0)
			s = (uint64_t)time(NULL) * 6364136223846793005ULL ^
			    (uint64_t)getpid();
		if (s == 0)
			s = 88172645463325252ULL;
	}
	/* xorshift64* */
	s ^= s >> 12;
	s ^= s << 25;
	s ^= s >> 27;
	return (double)((s * 2685821657736338717ULL) >> 11) /
	    9007199254740992.0;
}

double
cix_http_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int
cix_http_user_agent(struct cix_buf *out, const char *addr)
{
	if (addr != NULL && *addr != '\0')
		return cix_buf_addf(out, "cix/%s (%s; mailto:%s)",
		    PACKAGE_VERSION, PACKAGE_URL, addr);
	return cix_buf_addf(out, "cix/%s (%s)", PACKAGE_VERSION, PACKAGE_URL);
}

const char *
cix_http_result_str(int result)
{
	switch (result) {
	case CIX_HTTP_OK:
		return "ok";
	case CIX_HTTP_TIMEOUT:
		return "timeout";
	case CIX_HTTP_TOOBIG:
		return "response too large";
	case CIX_HTTP_TRUNCATED:
		return "truncated response";
	case CIX_HTTP_REDIRECTS:
		return "too many redirects";
	case CIX_HTTP_REFUSED:
		return "refused URL";
	case CIX_HTTP_CONNECT:
		return "cannot connect";
	default:
		return "transfer failed";
	}
}

/* ------------------------------------------------------------------ */
/* The client */

struct xfer {
	struct xfer *next;	/* in the queue or the in-flight list */
	struct cix_http *h;
	CURL *easy;
	struct curl_slist *headers;
	char *url;
	char *accept;
	char *inm;
	char *ims;
	struct cix_http_resp *resp;
	char errbuf[CURL_ERROR_SIZE];
	int toobig;
	int refused;
	/* raw rate-limit headers of the final response */
	char rl_limit[64];
	char rl_interval[64];
};

struct cix_http {
	CURLM *multi;
	struct cix_http_opts o;
	char *ua;
	struct cix_pacer pacer;
	struct xfer *queue;	/* FIFO, not started */
	struct xfer **queue_tail;
	struct xfer *running;
	size_t npending;
	size_t started;
	int max_seen;
};

static int curl_ready;

static void
xfer_free(struct xfer *x)
{
	if (x == NULL)
		return;
	if (x->easy != NULL) {
		if (x->h != NULL && x->h->multi != NULL)
			curl_multi_remove_handle(x->h->multi, x->easy);
		curl_easy_cleanup(x->easy);
	}
	curl_slist_free_all(x->headers);
	free(x->url);
	free(x->accept);
	free(x->inm);
	free(x->ims);
	cix_http_resp_free(x->resp);
	free(x);
}

void
cix_http_resp_free(struct cix_http_resp *r)
{
	if (r == NULL)
		return;
	cix_buf_release(&r->body);
	free(r);
}

static char *
dup_or_null(const char *s, int *oom)
{
	char *p;
	size_t n;

	if (s == NULL)
		return NULL;
	n = strlen(s);
	if ((p = malloc(n + 1)) == NULL) {
		*oom = 1;
		return NULL;
	}
	memcpy(p, s, n + 1);
	return p;
}

int
cix_http_new(struct cix_http **out, const struct cix_http_opts *o,
    struct cix_error *err)
{
	struct cix_http *h;
	int oom = 0;

	*out = NULL;
	if (!curl_ready) {
		if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
			return cix_error_set(err, CIX_ENET,
			    "cannot initialise libcurl");
		curl_ready = 1;
	}
	if ((h = calloc(1, sizeof(*h))) == NULL)
		return cix_error_set(err, CIX_ENOMEM, "out of memory");
	h->o = *o;
	h->ua = dup_or_null(o->user_agent, &oom);
	h->o.user_agent = h->ua;
	if (h->o.concurrency < 1)
		h->o.concurrency = 1;
	if (h->o.max_redirs < 0)
		h->o.max_redirs = 0;
	if (oom || (h->multi = curl_multi_init()) == NULL) {
		cix_http_free(h);
		return cix_error_set(err, oom ? CIX_ENOMEM : CIX_ENET,
		    oom ? "out of memory" : "cannot initialise libcurl");
	}
	curl_multi_setopt(h->multi, CURLMOPT_MAX_HOST_CONNECTIONS,
	    (long)h->o.concurrency);
	curl_multi_setopt(h->multi, CURLMOPT_MAX_TOTAL_CONNECTIONS,
	    (long)h->o.concurrency);
	curl_multi_setopt(h->multi, CURLMOPT_MAXCONNECTS,
	    (long)h->o.concurrency);
	cix_pacer_init(&h->pacer, o->rate, h->o.concurrency);
	h->queue_tail = &h->queue;
	*out = h;
	return CIX_OK;
}

void
cix_http_free(struct cix_http *h)
{
	struct xfer *x, *n;

	if (h == NULL)
		return;
	for (x = h->queue; x != NULL; x = n) {
		n = x->next;
		xfer_free(x);
	}
	for (x = h->running; x != NULL; x = n) {
		n = x->next;
		xfer_free(x);
	}
	if (h->multi != NULL)
		curl_multi_cleanup(h->multi);
	free(h->ua);
	free(h);
}

struct cix_pacer *
cix_http_pacer(struct cix_http *h)
{
	return &h->pacer;
}

size_t
cix_http_pending(const struct cix_http *h)
{
	return h->npending;
}

int
cix_http_inflight(const struct cix_http *h)
{
	return h->pacer.inflight;
}

int
cix_http_max_inflight_seen(const struct cix_http *h)
{
	return h->max_seen;
}

size_t
cix_http_started(const struct cix_http *h)
{
	return h->started;
}

int
cix_http_submit(struct cix_http *h, const struct cix_http_req *r,
    struct cix_error *err)
{
	struct xfer *x;
	int oom = 0;

	if ((x = calloc(1, sizeof(*x))) == NULL)
		return cix_error_set(err, CIX_ENOMEM, "out of memory");
	x->h = h;
	x->url = dup_or_null(r->url, &oom);
	x->accept = dup_or_null(r->accept, &oom);
	x->inm = dup_or_null(r->if_none_match, &oom);
	x->ims = dup_or_null(r->if_modified_since, &oom);
	if (oom || x->url == NULL ||
	    (x->resp = calloc(1, sizeof(*x->resp))) == NULL) {
		xfer_free(x);
		return cix_error_set(err, oom || r->url != NULL ?
		    CIX_ENOMEM : CIX_EINVAL, oom || r->url != NULL ?
		    "out of memory" : "no URL");
	}
	x->resp->udata = r->udata;
	x->resp->retry_after = -1;
	x->resp->rl_rate = -1;
	x->resp->rl_concurrency = -1;
	cix_buf_init(&x->resp->body, h->o.max_bytes);
	*h->queue_tail = x;
	h->queue_tail = &x->next;
	h->npending++;
	return CIX_OK;
}

static size_t
on_body(char *p, size_t size, size_t n, void *ctx)
{
	struct xfer *x = ctx;

	n *= size;
	if (cix_buf_add(&x->resp->body, p, n) < 0) {
		x->toobig = 1;
		return 0;	/* abort the transfer */
	}
	return n;
}

/* Copy header value v[0..len) into dst (trimmed, truncated). */
static void
hcopy(char *dst, size_t cap, const char *v, size_t len)
{
	v = cix_trim(v, &len);
	if (len >= cap)
		len = cap - 1;
	memcpy(dst, v, len);
	dst[len] = '\0';
}

static size_t
on_header(char *p, size_t size, size_t n, void *ctx)
{
	struct xfer *x = ctx;
	struct cix_http_resp *r = x->resp;
	const char *colon;
	size_t len = size * n, klen, vlen, i;

	/* A new status line: a redirect's headers are forgotten. */
	if (len >= 5 && memcmp(p, "HTTP/", 5) == 0) {
		r->content_type[0] = r->etag[0] = r->last_modified[0] = '\0';
		r->retry_after = -1;
		r->rl_concurrency = -1;
		x->rl_limit[0] = x->rl_interval[0] = '\0';
		return len;
	}
	if ((colon = memchr(p, ':', len)) == NULL)
		return len;
	klen = (size_t)(colon - p);
	vlen = len - klen - 1;
	colon++;
	if (cix_strncaseeq(p, klen, "content-type")) {
		hcopy(r->content_type, sizeof(r->content_type), colon, vlen);
		for (i = 0; r->content_type[i] != '\0'; i++) {
			if (r->content_type[i] == ';' ||
			    r->content_type[i] == ' ') {
				r->content_type[i] = '\0';
				break;
			}
			r->content_type[i] = (char)cix_tolower(
			    (unsigned char)r->content_type[i]);
		}
	} else if (cix_strncaseeq(p, klen, "etag")) {
		hcopy(r->etag, sizeof(r->etag), colon, vlen);
	} else if (cix_strncaseeq(p, klen, "last-modified")) {
		hcopy(r->last_modified, sizeof(r->last_modified), colon, vlen);
	} else if (cix_strncaseeq(p, klen, "retry-after")) {
		double s;

		if (cix_http_parse_retry_after(colon, vlen, time(NULL), &s) ==
		    CIX_OK)
			r->retry_after = s;
	} else if (cix_strncaseeq(p, klen, "x-rate-limit-limit")) {
		hcopy(x->rl_limit, sizeof(x->rl_limit), colon, vlen);
	} else if (cix_strncaseeq(p, klen, "x-rate-limit-interval")) {
		hcopy(x->rl_interval, sizeof(x->rl_interval), colon, vlen);
	} else if (cix_strncaseeq(p, klen, "x-concurrency-limit")) {
		long c = cix_http_first_int(colon, vlen);

		if (c > 0)
			r->rl_concurrency = c;
	}
	return len;
}

static int
is_loopback_ip(const char *ip)
{
	return strncmp(ip, "127.", 4) == 0 || strcmp(ip, "::1") == 0 ||
	    strncmp(ip, "::ffff:127.", 11) == 0;
}

#if LIBCURL_VERSION_NUM >= 0x075000
/*
 * Called before every request, redirects included, once connected:
 * plain http is only ever sent to a loopback address.
 */
static int
on_prereq(void *ctx, char *conn_primary_ip, char *conn_local_ip,
    int conn_primary_port, int conn_local_port)
{
	struct xfer *x = ctx;
	char *scheme = NULL;

	(void)conn_local_ip;
	(void)conn_primary_port;
	(void)conn_local_port;
	if (curl_easy_getinfo(x->easy, CURLINFO_SCHEME, &scheme) !=
	    CURLE_OK || scheme == NULL)
		goto refuse;
	if (cix_strcasecmp(scheme, "https") == 0)
		return CURL_PREREQFUNC_OK;
	if (cix_strcasecmp(scheme, "http") == 0 && x->h->o.allow_http &&
	    conn_primary_ip != NULL && is_loopback_ip(conn_primary_ip))
		return CURL_PREREQFUNC_OK;
refuse:
	x->refused = 1;
	return CURL_PREREQFUNC_ABORT;
}
#endif

static int
xfer_setup(struct cix_http *h, struct xfer *x, struct cix_error *err)
{
	struct cix_buf hb;
	CURL *e;
	int rc = CIX_OK;
	const char *protos = h->o.allow_http ? "http,https" : "https";

	if ((e = x->easy = curl_easy_init()) == NULL)
		return cix_error_set(err, CIX_ENOMEM, "out of memory");
	cix_buf_init(&hb, 4096);
	curl_easy_setopt(e, CURLOPT_URL, x->url);
	curl_easy_setopt(e, CURLOPT_PRIVATE, x);
	curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(e, CURLOPT_ERRORBUFFER, x->errbuf);
	curl_easy_setopt(e, CURLOPT_USERAGENT, h->o.user_agent);
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(e, CURLOPT_WRITEDATA, x);
	curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(e, CURLOPT_HEADERDATA, x);
	curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 1L);
	curl_easy_setopt(e, CURLOPT_MAXREDIRS, h->o.max_redirs);
	curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT, h->o.connect_timeout);
	curl_easy_setopt(e, CURLOPT_TIMEOUT, h->o.timeout);
	curl_easy_setopt(e, CURLOPT_MAXFILESIZE_LARGE,
	    (curl_off_t)h->o.max_bytes);
	/* Compressed answers are welcome; the cap counts decoded bytes. */
	curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");
	curl_easy_setopt(e, CURLOPT_TCP_KEEPALIVE, 1L);
	curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 2L);
#if LIBCURL_VERSION_NUM >= 0x075500
	curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, protos);
	curl_easy_setopt(e, CURLOPT_REDIR_PROTOCOLS_STR, protos);
#else
	curl_easy_setopt(e, CURLOPT_PROTOCOLS, h->o.allow_http ?
	    (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS) : (long)CURLPROTO_HTTPS);
	curl_easy_setopt(e, CURLOPT_REDIR_PROTOCOLS, h->o.allow_http ?
	    (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS) : (long)CURLPROTO_HTTPS);
	(void)protos;
#endif
#if LIBCURL_VERSION_NUM >= 0x075000
	curl_easy_setopt(e, CURLOPT_PREREQFUNCTION, on_prereq);
	curl_easy_setopt(e, CURLOPT_PREREQDATA, x);
#endif
	if (x->accept != NULL &&
	    (cix_buf_addf(&hb, "Accept: %s", x->accept) < 0 ||
	    (x->headers = curl_slist_append(x->headers, hb.p)) == NULL))
		goto oom;
	cix_buf_reset(&hb);
	if (x->inm != NULL &&
	    (cix_buf_addf(&hb, "If-None-Match: %s", x->inm) < 0 ||
	    (x->headers = curl_slist_append(x->headers, hb.p)) == NULL))
		goto oom;
	cix_buf_reset(&hb);
	if (x->ims != NULL &&
	    (cix_buf_addf(&hb, "If-Modified-Since: %s", x->ims) < 0 ||
	    (x->headers = curl_slist_append(x->headers, hb.p)) == NULL))
		goto oom;
	curl_easy_setopt(e, CURLOPT_HTTPHEADER, x->headers);
	if (curl_multi_add_handle(h->multi, e) != CURLM_OK)
		rc = cix_error_set(err, CIX_ENET, "cannot start a transfer");
	cix_buf_release(&hb);
	return rc;
oom:
	cix_buf_release(&hb);
	return cix_error_set(err, CIX_ENOMEM, "out of memory");
}

/* Start queued requests while the pacer allows. */
static int
start_ready(struct cix_http *h, double now, struct cix_error *err)
{
	struct xfer *x;
	int rc;

	while ((x = h->queue) != NULL && cix_pacer_delay(&h->pacer, now) == 0) {
		h->queue = x->next;
		if (h->queue == NULL)
			h->queue_tail = &h->queue;
		x->next = h->running;
		h->running = x;
		x->resp->started = now;
		cix_pacer_start(&h->pacer, now);
		h->started++;
		if (h->pacer.inflight > h->max_seen)
			h->max_seen = h->pacer.inflight;
		if ((rc = xfer_setup(h, x, err)) < 0)
			return rc;
	}
	return CIX_OK;
}

static void
classify(struct xfer *x, CURLcode cc)
{
	struct cix_http_resp *r = x->resp;
	char *u = NULL;
	long status = 0, redirs = 0;

	curl_easy_getinfo(x->easy, CURLINFO_RESPONSE_CODE, &status);
	curl_easy_getinfo(x->easy, CURLINFO_REDIRECT_COUNT, &redirs);
	if (curl_easy_getinfo(x->easy, CURLINFO_EFFECTIVE_URL, &u) ==
	    CURLE_OK && u != NULL)
		snprintf(r->url, sizeof(r->url), "%s", u);
	r->status = status;
	r->redirects = redirs;
	if (x->rl_limit[0] != '\0' && x->rl_interval[0] != '\0')
		cix_http_parse_rate_limit(x->rl_limit, x->rl_interval,
		    &r->rl_rate);
	switch (cc) {
	case CURLE_OK:
		r->result = CIX_HTTP_OK;
		return;
	case CURLE_OPERATION_TIMEDOUT:
		r->result = CIX_HTTP_TIMEOUT;
		break;
	case CURLE_FILESIZE_EXCEEDED:
		r->result = CIX_HTTP_TOOBIG;
		break;
	case CURLE_WRITE_ERROR:
		r->result = x->toobig ? CIX_HTTP_TOOBIG : CIX_HTTP_ERROR;
		break;
	case CURLE_PARTIAL_FILE:
	case CURLE_RECV_ERROR:
	case CURLE_GOT_NOTHING:
	case CURLE_BAD_CONTENT_ENCODING:
		r->result = CIX_HTTP_TRUNCATED;
		break;
	case CURLE_TOO_MANY_REDIRECTS:
		r->result = CIX_HTTP_REDIRECTS;
		break;
	case CURLE_UNSUPPORTED_PROTOCOL:
		r->result = CIX_HTTP_REFUSED;
		break;
	case CURLE_ABORTED_BY_CALLBACK:
		r->result = x->refused ? CIX_HTTP_REFUSED : CIX_HTTP_ERROR;
		break;
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_CONNECT:
		r->result = CIX_HTTP_CONNECT;
		break;
	default:
		r->result = CIX_HTTP_ERROR;
		break;
	}
	if (r->result == CIX_HTTP_TOOBIG)
		snprintf(r->error, sizeof(r->error),
		    "response larger than %zu bytes", x->h->o.max_bytes);
	else if (r->result == CIX_HTTP_REFUSED)
		snprintf(r->error, sizeof(r->error),
		    "refused: only https (or http to a loopback address) is"
		    " allowed: %.180s", x->errbuf[0] ? x->errbuf :
		    curl_easy_strerror(cc));
	else
		snprintf(r->error, sizeof(r->error), "%.250s",
		    x->errbuf[0] ? x->errbuf : curl_easy_strerror(cc));
}

/* Take a finished transfer off the running list: its response. */
static struct cix_http_resp *
finish(struct cix_http *h, CURL *easy, CURLcode cc, double now)
{
	struct xfer **pp, *x = NULL;
	struct cix_http_resp *r;

	for (pp = &h->running; *pp != NULL; pp = &(*pp)->next)
		if ((*pp)->easy == easy) {
			x = *pp;
			*pp = x->next;
			break;
		}
	if (x == NULL)
		return NULL;
	classify(x, cc);
	r = x->resp;
	x->resp = NULL;
	r->finished = now;
	cix_pacer_done(&h->pacer);
	h->npending--;
	/* What the server asks for applies to every later start. */
	cix_pacer_limit(&h->pacer, r->rl_rate, r->rl_concurrency > 0 ?
	    (int)(r->rl_concurrency > 1000 ? 1000 : r->rl_concurrency) : 0);
	if ((r->status == 429 || r->status == 503) && r->retry_after >= 0)
		cix_pacer_pause(&h->pacer, now + r->retry_after);
	xfer_free(x);
	return r;
}

int
cix_http_wait(struct cix_http *h, struct cix_http_resp **resp,
    double max_wait, struct cix_error *err)
{
	double now = cix_http_now(), end = now + max_wait, d;
	CURLMcode mc;
	CURLMsg *m;
	int running, left, rc, ms;

	*resp = NULL;
	for (;;) {
		if ((rc = start_ready(h, now, err)) < 0)
			return rc;
		mc = curl_multi_perform(h->multi, &running);
		if (mc != CURLM_OK)
			return cix_error_set(err, CIX_ENET, "libcurl: %s",
			    curl_multi_strerror(mc));
		while ((m = curl_multi_info_read(h->multi, &left)) != NULL) {
			if (m->msg != CURLMSG_DONE)
				continue;
			*resp = finish(h, m->easy_handle, m->data.result,
			    cix_http_now());
			if (*resp != NULL)
				return CIX_OK;
		}
		if (h->npending == 0)
			return CIX_OK;
		now = cix_http_now();
		if (now >= end)
			return CIX_OK;
		/* Sleep until a transfer moves, the pacer lets the next
		 * request go, or the caller's wait ends. */
		d = end - now;
		if (h->queue != NULL) {
			double pd = cix_pacer_delay(&h->pacer, now);

			if (pd == 0) {
				continue;
			}
			if (pd > 0 && pd < d)
				d = pd;
		}
		if (d > 1)
			d = 1;
		ms = (int)ceil(d * 1000);
		if (ms < 1)
			ms = 1;
		mc = curl_multi_poll(h->multi, NULL, 0, ms, NULL);
		if (mc != CURLM_OK)
			return cix_error_set(err, CIX_ENET, "libcurl: %s",
			    curl_multi_strerror(mc));
		now = cix_http_now();
	}
}
