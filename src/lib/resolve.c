/*
 * resolve.c - the DOI resolver: which DOIs to ask, the state machine of
 * each, the requests, and what the answers do to the index.
 */
#include "config.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "crossref.h"
#include "csljson.h"
#include "datacite.h"
#include "doi.h"
#include "http.h"
#include "resolve.h"
#include "store_resolve.h"
#include "util.h"
#include "banned.h"

/* ------------------------------------------------------------------ */
/* The pure parts: limits, classification, the state machine */

void
cix_resolve_limits(const char *mailto, double rate, int conc,
    double *out_rate, int *out_conc, int *clamped)
{
	int named = mailto != NULL && *mailto != '\0';
	double lr = named ? CIX_RATE_MAILTO : CIX_RATE_ANON;
	int lc = named ? CIX_CONC_MAILTO : CIX_CONC_ANON;

	*clamped = 0;
	*out_rate = lr;
	*out_conc = lc;
	if (rate > 0) {
		if (rate > lr)
			*clamped = 1;
		else
			*out_rate = rate;
	}
	if (conc > 0) {
		if (conc > lc)
			*clamped = 1;
		else
			*out_conc = conc;
	}
}

int
cix_resolve_classify(int http_result, long status)
{
	switch (http_result) {
	case CIX_HTTP_OK:
		break;
	case CIX_HTTP_TIMEOUT:
	case CIX_HTTP_TRUNCATED:
	case CIX_HTTP_CONNECT:
		return CIX_ATTEMPT_TRANSIENT;
	default:
		return CIX_ATTEMPT_FAIL;
	}
	if (status == 200)
		return CIX_ATTEMPT_OK;
	if (status == 304)
		return CIX_ATTEMPT_UNCHANGED;
	if (status == 404 || status == 410 || status == 204)
		return CIX_ATTEMPT_NOTFOUND;
	if (status == 429 || status == 408 || (status >= 500 && status < 600))
		return CIX_ATTEMPT_TRANSIENT;
	return CIX_ATTEMPT_FAIL;
}

void
cix_resolve_policy_from(struct cix_resolve_policy *p,
    const struct cix_config *cfg)
{
	p->notfound_days = cfg ? cfg->notfound_days : 30;
	p->retries = cfg ? cfg->retries : 2;
	p->backoff = cfg ? cfg->backoff : 1.0;
	p->max_wait = 60;
	p->fail_base = 3600;
	p->fail_max = 30.0 * 86400;
}

int
cix_resolve_retry(const struct cix_resolve_policy *p, int a, int attempt,
    double retry_after, double r, double *delay)
{
	double d;

	if (a != CIX_ATTEMPT_TRANSIENT || attempt >= p->retries)
		return 0;
	d = retry_after >= 0 ? retry_after :
	    cix_http_backoff(attempt, p->backoff, p->max_wait, r);
	if (d > p->max_wait)
		return 0;
	*delay = d;
	return 1;
}

void
cix_resolve_next(const struct cix_resolve_policy *p, int a, int tries,
    double retry_after, long long now, double r, int *state,
    int *tries_after, long long *next_try)
{
	double d;

	*next_try = 0;
	switch (a) {
	case CIX_ATTEMPT_OK:
	case CIX_ATTEMPT_UNCHANGED:
		*state = CIX_DOI_RESOLVED;
		*tries_after = 0;
		return;
	case CIX_ATTEMPT_INVALID:
		*state = CIX_DOI_INVALID;
		*tries_after = tries;
		return;
	case CIX_ATTEMPT_NOTFOUND:
		*state = CIX_DOI_NOTFOUND;
		*tries_after = tries + 1;
		*next_try = now + (long long)p->notfound_days * 86400;
		return;
	default:
		*state = CIX_DOI_FAILED;
		*tries_after = tries + 1;
		d = cix_http_backoff(tries, p->fail_base, p->fail_max, r);
		if (retry_after > d)
			d = retry_after;
		*next_try = now + (long long)d;
		if (*next_try <= now)
			*next_try = now + 1;
		return;
	}
}

void
cix_failwin_init(struct cix_failwin *w, int size, double threshold)
{
	memset(w, 0, sizeof(*w));
	if (size < 1)
		size = 1;
	if (size > (int)sizeof(w->ring))
		size = (int)sizeof(w->ring);
	w->size = size;
	w->threshold = threshold;
}

int
cix_failwin_add(struct cix_failwin *w, int failed)
{
	if (w->n == w->size)
		w->failed -= w->ring[w->pos];
	else
		w->n++;
	w->ring[w->pos] = failed ? 1 : 0;
	w->failed += w->ring[w->pos];
	w->pos = (w->pos + 1) % w->size;
	return (double)w->failed > w->threshold * w->size;
}

/* ------------------------------------------------------------------ */
/* The run */

enum fmt { FMT_UNIXSD = 0, FMT_DATACITE, FMT_CSL };

static const char *const accept_of[] = {
	"application/vnd.crossref.unixsd+xml",
	"application/vnd.datacite.datacite+xml",
	"application/vnd.citationstyles.csl+json",
};

enum stage {
	STAGE_RA = 0,		/* asking the RA service */
	STAGE_RA_WAIT,		/* another job asks for the same prefix */
	STAGE_CONTENT		/* asking for the metadata */
};

/* What a handler decided. */
#define NEXT 100		/* another request is to be sent */

struct job {
	int used;
	struct cix_doi_row row;
	char prefix[64];
	int stage;
	int fmt;
	int attempt;		/* attempts of the current request */
	int fell_back;		/* asked for CSL-JSON after HTML */
	int queued;		/* a request is queued or in flight */
	int asked;		/* a request was sent for this DOI */
	int conditional;	/* the request carried validators */
	double not_before;	/* a retry waits until then */
	double retry_after;	/* the server's last Retry-After, or -1 */
	long status;
	const char *source;	/* mapper of the answer */
	char ra[32];
	char error[512];
	char etag[256];
	char last_modified[64];
};

#define PAGE 128
#define MAXJOBS 8

struct run {
	struct cix_store *s;
	const struct cix_resolve_opts *o;
	struct cix_resolve_stats *st;
	struct cix_error *err;
	struct cix_http *h;
	struct cix_resolve_policy pol;
	struct cix_failwin win;
	const char *base;
	char now_iso[32];	/* the run's start */
	char stale_iso[32];	/* resolved before this is stale */
	struct job jobs[MAXJOBS];
	size_t slots;		/* jobs running at once */
	size_t active;
	struct cix_doi_row page[PAGE];
	size_t npage;
	size_t ipage;
	int phase;
	int last_phase;
	char *after;		/* the last DOI taken in this phase */
	int exhausted;		/* no more due DOIs */
	int in_tx;
	size_t tx_done;
	double tx_start;
	double t0;
	int changed;		/* anything merged: link afterwards */
	struct cix_record rec;
	struct cix_buf url;
	char last_failure[1024];
};

static long long
wall_now(void)
{
	return (long long)time(NULL);
}

static int
ensure_tx(struct run *r)
{
	int rc;

	if (r->in_tx)
		return CIX_OK;
	if ((rc = cix_store_begin(r->s, r->err)) < 0)
		return rc;
	r->in_tx = 1;
	r->tx_done = 0;
	r->tx_start = cix_http_now();
	return CIX_OK;
}

static int
commit_tx(struct run *r)
{
	int rc;

	if (!r->in_tx)
		return CIX_OK;
	r->in_tx = 0;
	if ((rc = cix_store_commit(r->s, r->err)) < 0)
		return rc;
	return CIX_OK;
}

static int
fmt_for_ra(const char *ra)
{
	if (cix_strcasecmp(ra, "crossref") == 0)
		return FMT_UNIXSD;
	if (cix_strcasecmp(ra, "datacite") == 0)
		return FMT_DATACITE;
	return FMT_CSL;
}

static void
job_release(struct run *r, struct job *j)
{
	cix_doi_row_release(&j->row);
	memset(j, 0, sizeof(*j));
	r->active--;
}

/* Queue the job's next request. */
static int
submit(struct run *r, struct job *j)
{
	struct cix_http_req q;
	int rc;

	if (r->o->max_requests > 0 && r->st->requests >= r->o->max_requests)
		return 1;	/* over budget: the caller drops the job */
	memset(&q, 0, sizeof(q));
	cix_buf_reset(&r->url);
	if (cix_buf_adds(&r->url, r->base) < 0 ||
	    cix_buf_adds(&r->url, j->stage == STAGE_RA ? "/doiRA/" : "/") <
	    0 || cix_doi_urlencode(&r->url, j->row.doi, 1) < 0)
		return cix_error_set(r->err, CIX_ENOMEM, "out of memory");
	q.url = r->url.p;
	q.udata = j;
	j->conditional = 0;
	if (j->stage == STAGE_RA) {
		q.accept = "application/json";
	} else {
		q.accept = accept_of[j->fmt];
		if (j->row.state == CIX_DOI_RESOLVED && !j->fell_back &&
		    (j->row.etag != NULL || j->row.last_modified != NULL)) {
			q.if_none_match = j->row.etag;
			q.if_modified_since = j->row.last_modified;
			j->conditional = 1;
		}
	}
	if ((rc = cix_http_submit(r->h, &q, r->err)) < 0)
		return rc;
	j->queued = 1;
	if (!j->asked) {
		j->asked = 1;
		r->st->asked++;
	}
	r->st->requests++;
	if (j->stage == STAGE_RA)
		r->st->ra_requests++;
	if (j->attempt > 0)
		r->st->retries++;
	return CIX_OK;
}

static void
progress(struct run *r)
{
	if (r->o->progress != NULL)
		r->o->progress(r->o->progress_ctx, r->st);
}

/* The last attempt of a DOI: record its state. */
static int
finalize(struct run *r, struct job *j, int a)
{
	struct cix_doi_update u;
	char asked[32], next[32];
	long long now = wall_now(), next_try;
	int state, tries, rc;

	cix_resolve_next(&r->pol, a, j->row.tries, j->retry_after, now,
	    cix_http_random(), &state, &tries, &next_try);
	cix_iso_time(asked, now);
	if (next_try > 0)
		cix_iso_time(next, next_try);
	memset(&u, 0, sizeof(u));
	u.doi = j->row.doi;
	u.state = state;
	u.ra = j->ra[0] ? j->ra : NULL;
	u.source = state == CIX_DOI_RESOLVED && a == CIX_ATTEMPT_OK ?
	    j->source : NULL;
	u.tries = tries;
	u.asked_at = asked;
	u.next_try = next_try > 0 ? next : NULL;
	u.touch_resolved = state == CIX_DOI_RESOLVED;
	u.http_status = j->status;
	u.error = state == CIX_DOI_RESOLVED || j->error[0] == '\0' ? NULL :
	    j->error;
	if (a == CIX_ATTEMPT_OK) {
		u.etag = j->etag[0] ? j->etag : NULL;
		u.last_modified = j->last_modified[0] ? j->last_modified :
		    NULL;
	}
	if ((rc = ensure_tx(r)) < 0 ||
	    (rc = cix_store_doi_update(r->s, &u, r->err)) < 0)
		return rc;
	switch (state) {
	case CIX_DOI_RESOLVED:
		r->st->resolved++;
		if (a == CIX_ATTEMPT_UNCHANGED)
			r->st->unchanged++;
		break;
	case CIX_DOI_NOTFOUND:
		r->st->notfound++;
		break;
	case CIX_DOI_INVALID:
		r->st->invalid++;
		break;
	default:
		r->st->failed++;
		break;
	}
	r->tx_done++;
	job_release(r, j);
	progress(r);
	return CIX_OK;
}

/* The RA of a prefix is now known: jobs waiting for it go on. */
static int
ra_known(struct run *r, const char *prefix, const char *ra)
{
	size_t i;

	for (i = 0; i < r->slots; i++) {
		struct job *j = &r->jobs[i];

		if (!j->used || j->stage != STAGE_RA_WAIT ||
		    strcmp(j->prefix, prefix) != 0)
			continue;
		if (ra == NULL) {
			/* The asker failed: ask ourselves. */
			j->stage = STAGE_RA;
			continue;
		}
		snprintf(j->ra, sizeof(j->ra), "%s", ra);
		j->stage = STAGE_CONTENT;
		j->fmt = fmt_for_ra(ra);
	}
	return CIX_OK;
}

/* Is another job asking the RA service about prefix? */
static int
ra_pending(struct run *r, const char *prefix)
{
	size_t i;

	for (i = 0; i < r->slots; i++)
		if (r->jobs[i].used && r->jobs[i].stage == STAGE_RA &&
		    strcmp(r->jobs[i].prefix, prefix) == 0)
			return 1;
	return 0;
}

/* Take up the next due DOI, if any: returns 1 when one was started. */
static int
next_row(struct run *r, struct cix_doi_row *out)
{
	int rc;

	for (;;) {
		if (r->ipage < r->npage) {
			*out = r->page[r->ipage];
			memset(&r->page[r->ipage], 0, sizeof(r->page[0]));
			r->ipage++;
			return 1;
		}
		if (r->exhausted)
			return 0;
		if (r->npage > 0 && r->npage < PAGE) {
			/* That page was the phase's last. */
			r->npage = 0;
			goto next_phase;
		}
		r->npage = r->ipage = 0;
		rc = cix_store_doi_due(r->s, r->phase, r->after ? r->after :
		    "", r->now_iso, r->stale_iso, r->page, PAGE, &r->npage,
		    r->err);
		if (rc < 0)
			return rc;
		if (r->npage > 0) {
			size_t n = strlen(r->page[r->npage - 1].doi);
			char *a = malloc(n + 1);

			if (a == NULL)
				return cix_error_set(r->err, CIX_ENOMEM,
				    "out of memory");
			memcpy(a, r->page[r->npage - 1].doi, n + 1);
			free(r->after);
			r->after = a;
			continue;
		}
next_phase:
		free(r->after);
		r->after = NULL;
		if (r->phase >= r->last_phase) {
			r->exhausted = 1;
			return 0;
		}
		r->phase++;
	}
}

static int
start_job(struct run *r, struct cix_doi_row *row)
{
	struct job *j = NULL;
	const char *slash;
	size_t i, n;
	int rc;

	for (i = 0; i < r->slots; i++)
		if (!r->jobs[i].used) {
			j = &r->jobs[i];
			break;
		}
	if (j == NULL) {
		cix_doi_row_release(row);
		return cix_error_set(r->err, CIX_EINVAL, "no free job");
	}
	memset(j, 0, sizeof(*j));
	j->used = 1;
	j->stage = STAGE_RA_WAIT;	/* not an asker (yet) */
	j->row = *row;
	j->retry_after = -1;
	r->active++;
	r->st->due++;
	slash = strchr(j->row.doi, '/');
	n = slash ? (size_t)(slash - j->row.doi) : strlen(j->row.doi);
	if (n >= sizeof(j->prefix))
		n = sizeof(j->prefix) - 1;
	memcpy(j->prefix, j->row.doi, n);
	j->prefix[n] = '\0';
	if (j->row.ra != NULL && *j->row.ra != '\0') {
		snprintf(j->ra, sizeof(j->ra), "%s", j->row.ra);
	} else if ((rc = cix_store_ra_get(r->s, j->prefix, j->ra,
	    sizeof(j->ra), r->err)) < 0) {
		return rc;
	}
	if (j->ra[0] != '\0') {
		j->stage = STAGE_CONTENT;
		j->fmt = fmt_for_ra(j->ra);
	} else {
		j->stage = ra_pending(r, j->prefix) ? STAGE_RA_WAIT :
		    STAGE_RA;
	}
	return CIX_OK;
}

/* The first element of the RA service's JSON answer. */
static int
parse_ra(const struct cix_buf *body, char *ra, size_t n, char *why,
    size_t wn)
{
	json_error_t je;
	json_t *root, *o, *v;
	int a = CIX_ATTEMPT_FAIL;

	ra[0] = '\0';
	root = json_loadb(body->p, body->len, JSON_REJECT_DUPLICATES, &je);
	if (root == NULL) {
		snprintf(why, wn, "RA service: malformed JSON: %s", je.text);
		return CIX_ATTEMPT_FAIL;
	}
	o = json_is_array(root) ? json_array_get(root, 0) : root;
	if (!json_is_object(o)) {
		snprintf(why, wn, "RA service: unexpected answer");
		goto out;
	}
	if ((v = json_object_get(o, "RA")) != NULL && json_is_string(v) &&
	    json_string_length(v) > 0 && json_string_length(v) < n) {
		snprintf(ra, n, "%s", json_string_value(v));
		a = CIX_ATTEMPT_OK;
		goto out;
	}
	v = json_object_get(o, "status");
	if (json_is_string(v)) {
		const char *s = json_string_value(v);

		snprintf(why, wn, "RA service: %s", s);
		if (cix_strcasecmp(s, "Invalid DOI") == 0)
			a = CIX_ATTEMPT_INVALID;
		else if (cix_strcasecmp(s, "DOI does not exist") == 0 ||
		    cix_strcasecmp(s, "Unknown") == 0)
			a = CIX_ATTEMPT_NOTFOUND;
	} else {
		snprintf(why, wn, "RA service: no agency in the answer");
	}
out:
	json_decref(root);
	return a;
}

static int
looks_html(const struct cix_http_resp *p)
{
	const char *b = p->body.p;
	size_t n = p->body.len;

	if (strcmp(p->content_type, "text/html") == 0 ||
	    strcmp(p->content_type, "application/xhtml+xml") == 0)
		return 1;
	b = cix_trim(b, &n);
	return cix_startswith_nocase(b, n, "<!doctype html") ||
	    cix_startswith_nocase(b, n, "<html");
}

/* Which mapper reads this answer: by Content-Type, else by its look. */
static int
answer_fmt(const struct cix_http_resp *p, int asked)
{
	const char *ct = p->content_type;
	const char *b = p->body.p;
	size_t n = p->body.len;

	if (strstr(ct, "crossref") != NULL)
		return FMT_UNIXSD;
	if (strstr(ct, "datacite") != NULL)
		return FMT_DATACITE;
	if (strstr(ct, "json") != NULL)
		return FMT_CSL;
	b = cix_trim(b, &n);
	if (n > 0 && (b[0] == '{' || b[0] == '['))
		return FMT_CSL;
	if (n > 0 && b[0] == '<') {
		size_t look = n < 4096 ? n : 4096;

		if (cix_strcasestr(b, "datacite.org/schema") != NULL &&
		    memchr(b, '\0', look) == NULL)
			return FMT_DATACITE;
		return asked == FMT_DATACITE ? FMT_DATACITE : FMT_UNIXSD;
	}
	return asked;
}

/* Fall back to CSL-JSON after a landing page or a 406. */
static int
fall_back(struct run *r, struct job *j, const char *why)
{
	if (j->fmt != FMT_CSL && !j->fell_back) {
		j->fell_back = 1;
		j->fmt = FMT_CSL;
		j->attempt = 0;
		return NEXT;
	}
	snprintf(j->error, sizeof(j->error), "%s", why);
	(void)r;
	return CIX_ATTEMPT_FAIL;
}

static int
handle_content(struct run *r, struct job *j, struct cix_http_resp *p,
    int *fatal)
{
	struct cix_error e;
	struct cix_merge_result mr;
	int a, rc, f;

	a = cix_resolve_classify(p->result, p->status);
	if (p->result != CIX_HTTP_OK) {
		snprintf(j->error, sizeof(j->error), "%s", p->error);
		return a;
	}
	switch (p->status) {
	case 200:
		break;
	case 304:
		if (j->conditional)
			return CIX_ATTEMPT_UNCHANGED;
		snprintf(j->error, sizeof(j->error),
		    "304 Not Modified to an unconditional request");
		return CIX_ATTEMPT_FAIL;
	case 406:
		return fall_back(r, j, "406: no metadata in a format cix"
		    " reads");
	default:
		snprintf(j->error, sizeof(j->error), "HTTP %ld%s%.300s",
		    p->status, p->redirects ? " after redirects to " : "",
		    p->redirects ? p->url : "");
		return a;
	}
	if (looks_html(p))
		return fall_back(r, j, "landing page: an HTML page instead"
		    " of metadata");
	f = answer_fmt(p, j->fmt);
	cix_error_clear(&e);
	switch (f) {
	case FMT_UNIXSD:
		j->source = "crossref";
		rc = cix_crossref_parse(&r->rec, p->body.p, p->body.len, &e);
		break;
	case FMT_DATACITE:
		j->source = "datacite";
		rc = cix_datacite_parse(&r->rec, p->body.p, p->body.len, &e);
		break;
	default:
		j->source = "csl";
		rc = cix_csljson_parse(&r->rec, p->body.p, p->body.len, &e);
		break;
	}
	if (rc == CIX_ENOTFOUND) {
		snprintf(j->error, sizeof(j->error), "%.400s", e.msg);
		return CIX_ATTEMPT_NOTFOUND;
	}
	if (rc == CIX_ENOMEM) {
		*fatal = 1;
		return cix_error_set(r->err, rc, "out of memory");
	}
	if (rc < 0) {
		if (e.line > 0)
			snprintf(j->error, sizeof(j->error),
			    "unusable answer (%s): line %zu: %.400s", j->source,
			    e.line, e.msg);
		else
			snprintf(j->error, sizeof(j->error),
			    "unusable answer (%s): %.400s", j->source, e.msg);
		return CIX_ATTEMPT_FAIL;
	}
	/* The work is the one with the DOI asked about, whatever DOI the
	 * answer names (an alias answers with its prime DOI). */
	r->rec.doi = j->row.doi;
	snprintf(j->etag, sizeof(j->etag), "%s", p->etag);
	snprintf(j->last_modified, sizeof(j->last_modified), "%s",
	    p->last_modified);
	if ((rc = ensure_tx(r)) < 0 ||
	    (rc = cix_store_resolve_merge(r->s, &r->rec, j->source, &mr,
	    r->err)) < 0) {
		*fatal = 1;
		return rc;
	}
	r->st->new_works += mr.created;
	r->st->completed += mr.completed;
	r->st->new_refs += mr.refs_added;
	r->st->filled += mr.filled;
	r->st->conflicts += mr.conflicts;
	if (mr.changed)
		r->changed = 1;
	return CIX_ATTEMPT_OK;
}

static int
handle_ra(struct run *r, struct job *j, struct cix_http_resp *p,
    int *fatal)
{
	int a, rc;

	a = cix_resolve_classify(p->result, p->status);
	if (p->result != CIX_HTTP_OK) {
		snprintf(j->error, sizeof(j->error), "RA service: %s",
		    p->error);
		return a;
	}
	if (p->status != 200) {
		snprintf(j->error, sizeof(j->error), "RA service: HTTP %ld",
		    p->status);
		return a;
	}
	a = parse_ra(&p->body, j->ra, sizeof(j->ra), j->error,
	    sizeof(j->error));
	if (a != CIX_ATTEMPT_OK)
		return a;
	if ((rc = ensure_tx(r)) < 0 ||
	    (rc = cix_store_ra_put(r->s, j->prefix, j->ra, r->now_iso,
	    r->err)) < 0) {
		*fatal = 1;
		return rc;
	}
	ra_known(r, j->prefix, j->ra);
	j->stage = STAGE_CONTENT;
	j->fmt = fmt_for_ra(j->ra);
	j->attempt = 0;
	return NEXT;
}

static int
handle(struct run *r, struct cix_http_resp *p)
{
	struct job *j = p->udata;
	double delay;
	int a, rc, fatal = 0, failed, stage = j->stage;

	j->queued = 0;
	j->status = p->status;
	j->retry_after = p->retry_after;
	j->error[0] = '\0';
	if (stage == STAGE_RA)
		a = handle_ra(r, j, p, &fatal);
	else
		a = handle_content(r, j, p, &fatal);
	if (fatal)
		return a;
	/* The failure-rate guard counts what the servers did wrong, not
	 * DOIs that do not exist. */
	failed = a == CIX_ATTEMPT_TRANSIENT || a == CIX_ATTEMPT_FAIL ||
	    p->status == 403;
	if (failed)
		snprintf(r->last_failure, sizeof(r->last_failure), "%.300s: %s",
		    j->row.doi, j->error[0] ? j->error :
		    cix_http_result_str(p->result));
	if (cix_failwin_add(&r->win, failed))
		r->st->stopped = 1;
	if (a == NEXT)
		return CIX_OK;	/* the main loop sends it */
	if (!r->st->stopped && cix_resolve_retry(&r->pol, a, j->attempt,
	    p->retry_after, cix_http_random(), &delay)) {
		double now = cix_http_now();

		j->attempt++;
		j->not_before = now + delay;
		if (p->status == 429 || p->status == 503) {
			struct cix_pacer *pc = cix_http_pacer(r->h);

			cix_pacer_pause(pc, now + delay);
			if (p->status == 429 && pc->rate > 1)
				cix_pacer_limit(pc, pc->rate / 2 > 1 ?
				    pc->rate / 2 : 1, 0);
		}
		return CIX_OK;
	}
	/* Jobs waiting for this one's answer about the agency ask
	 * themselves. */
	if (stage == STAGE_RA)
		ra_known(r, j->prefix, NULL);
	rc = finalize(r, j, a);
	return rc;
}

/* The earliest time a job waits for, or a large value. */
static double
next_wake(const struct run *r)
{
	double t = 1e300;
	size_t i;

	for (i = 0; i < r->slots; i++)
		if (r->jobs[i].used && !r->jobs[i].queued &&
		    r->jobs[i].stage != STAGE_RA_WAIT &&
		    r->jobs[i].not_before < t)
			t = r->jobs[i].not_before;
	return t;
}

static int
may_start(struct run *r)
{
	const struct cix_resolve_opts *o = r->o;

	if (r->st->stopped || r->exhausted)
		return 0;
	if (o->max > 0 && r->st->due >= o->max) {
		r->st->budget = 1;
		return 0;
	}
	if (o->max_requests > 0 && r->st->requests >= o->max_requests) {
		r->st->budget = 1;
		return 0;
	}
	if (o->max_seconds > 0 && cix_http_now() - r->t0 >= o->max_seconds) {
		r->st->budget = 1;
		return 0;
	}
	return 1;
}

static int
setup(struct run *r, struct cix_error *err)
{
	const struct cix_config *cfg = r->o->cfg;
	struct cix_http_opts ho;
	struct cix_buf ua;
	double rate;
	int conc, loop = 0, rc;
	long long now = wall_now();

	r->base = cfg && cfg->doi_base ? cfg->doi_base : CIX_DEFAULT_DOI_BASE;
	if ((rc = cix_config_check_base(r->base, &loop, err)) < 0)
		return rc;
	cix_resolve_limits(cfg ? cfg->mailto : NULL, r->o->rate,
	    r->o->concurrency, &rate, &conc, &r->st->clamped);
	if (cfg && cfg->rate > 0 && cfg->rate < rate)
		rate = cfg->rate;
	if (cfg && cfg->concurrency > 0 && cfg->concurrency < conc)
		conc = cfg->concurrency;
	r->st->rate = rate;
	r->st->concurrency = conc;
	cix_buf_init(&ua, 1024);
	if (cix_http_user_agent(&ua, cfg ? cfg->mailto : NULL) < 0) {
		cix_buf_release(&ua);
		return cix_error_set(err, CIX_ENOMEM, "out of memory");
	}
	memset(&ho, 0, sizeof(ho));
	ho.user_agent = ua.p;
	ho.rate = rate;
	ho.concurrency = conc;
	ho.timeout = cfg ? cfg->timeout : 30;
	ho.connect_timeout = cfg ? cfg->connect_timeout : 10;
	ho.max_bytes = cfg ? cfg->max_bytes : 16u * 1024 * 1024;
	ho.max_redirs = 5;
	ho.allow_http = loop;
	rc = cix_http_new(&r->h, &ho, err);
	cix_buf_release(&ua);
	if (rc < 0)
		return rc;
	r->slots = (size_t)conc + 1;
	if (r->slots > MAXJOBS)
		r->slots = MAXJOBS;
	cix_resolve_policy_from(&r->pol, cfg);
	cix_failwin_init(&r->win, cfg ? cfg->failure_window : 20,
	    cfg ? cfg->failure_threshold : 0.5);
	cix_iso_time(r->now_iso, now);
	switch (r->o->mode) {
	case CIX_RESOLVE_ALL:
		snprintf(r->stale_iso, sizeof(r->stale_iso), "%s",
		    r->now_iso);
		r->last_phase = CIX_PHASE_STALE;
		break;
	case CIX_RESOLVE_STALE:
		cix_iso_time(r->stale_iso, now -
		    (long long)(r->o->stale_days > 0 ? r->o->stale_days :
		    0) * 86400);
		r->last_phase = CIX_PHASE_STALE;
		break;
	default:
		r->stale_iso[0] = '\0';
		r->last_phase = CIX_PHASE_RETRY;
		break;
	}
	return CIX_OK;
}

int
cix_resolve_run(struct cix_store *s, const struct cix_resolve_opts *o,
    struct cix_resolve_stats *st, struct cix_error *err)
{
	struct run r;
	struct cix_doi_select sel;
	struct cix_http_resp *p = NULL;
	double now, wake;
	size_t i;
	int rc, started;

	memset(st, 0, sizeof(*st));
	memset(&r, 0, sizeof(r));
	r.s = s;
	r.o = o;
	r.st = st;
	r.err = err;
	r.t0 = cix_http_now();
	cix_record_init(&r.rec);
	cix_buf_init(&r.url, 64 * 1024);
	if ((rc = setup(&r, err)) < 0)
		goto out;
	memset(&sel, 0, sizeof(sel));
	sel.refs = o->refs;
	sel.works = o->works;
	sel.nworks = o->nworks;
	if ((rc = cix_store_doi_gather(s, &sel, &st->candidates,
	    &st->invalid, err)) < 0)
		goto out;

	for (;;) {
		if (o->cancel != NULL && *o->cancel) {
			rc = cix_error_set(err, CIX_EINTR, "interrupted");
			goto out;
		}
		now = cix_http_now();
		if (r.in_tx && (r.tx_done >= (o->batch ? o->batch : 50) ||
		    now - r.tx_start >= 2.0) && (rc = commit_tx(&r)) < 0)
			goto out;
		/* Take up new DOIs while there is room. */
		while (r.active < r.slots && may_start(&r)) {
			struct cix_doi_row row;

			if ((rc = next_row(&r, &row)) < 0)
				goto out;
			if (rc == 0)
				break;
			if ((rc = start_job(&r, &row)) < 0)
				goto out;
		}
		if (r.st->stopped) {
			/* Drop what is in flight: those DOIs stay due. */
			break;
		}
		/* Send what is ready. */
		started = 0;
		for (i = 0; i < r.slots; i++) {
			struct job *j = &r.jobs[i];

			/* A job waiting for an asker that is gone asks. */
			if (j->used && j->stage == STAGE_RA_WAIT &&
			    !ra_pending(&r, j->prefix))
				j->stage = STAGE_RA;
			if (!j->used || j->queued ||
			    j->stage == STAGE_RA_WAIT || j->not_before > now)
				continue;
			if ((rc = submit(&r, j)) < 0)
				goto out;
			if (rc == 1) {
				/* Over the request budget: leave it due. */
				r.st->budget = 1;
				r.st->due--;
				job_release(&r, j);
				continue;
			}
			started++;
		}
		if (r.active == 0 && !may_start(&r))
			break;
		if (r.active == 0 && r.exhausted)
			break;
		wake = next_wake(&r) - now;
		if (wake > 0.25)
			wake = 0.25;
		if (wake < 0)
			wake = 0;
		if (cix_http_pending(r.h) == 0) {
			if (wake > 0) {
				struct timespec ts;

				ts.tv_sec = 0;
				ts.tv_nsec = (long)(wake * 1e9);
				nanosleep(&ts, NULL);
			}
			continue;
		}
		if ((rc = cix_http_wait(r.h, &p, wake > 0 ? wake : 0.25,
		    err)) < 0)
			goto out;
		if (p != NULL) {
			rc = handle(&r, p);
			cix_http_resp_free(p);
			p = NULL;
			if (rc < 0)
				goto out;
		}
	}
	rc = CIX_OK;
out:
	if (r.h != NULL) {
		st->rate = cix_http_pacer(r.h)->rate;
		st->concurrency = cix_http_pacer(r.h)->max_inflight;
		st->max_inflight = cix_http_max_inflight_seen(r.h);
		cix_http_free(r.h);
	}
	if (rc == CIX_OK || rc == CIX_EINTR) {
		int crc = commit_tx(&r);

		if (crc < 0 && rc == CIX_OK)
			rc = crc;
	} else if (r.in_tx) {
		cix_store_rollback(s);
		r.in_tx = 0;
	}
	if (rc == CIX_OK && r.changed && !o->no_link) {
		rc = cix_link_run(s, &st->link, err);
		st->new_links = st->link.by_doi + st->link.by_key +
		    st->link.by_fuzzy + st->link.to_cited;
	}
	if (rc == CIX_OK && st->stopped)
		rc = cix_error_set(err, CIX_ELIMIT, "stopped: %d of the last"
		    " %d requests failed (the limit is %.0f%%); the last: %s",
		    r.win.failed, r.win.n, r.win.threshold * 100,
		    r.last_failure);
	for (i = 0; i < r.slots; i++)
		if (r.jobs[i].used)
			cix_doi_row_release(&r.jobs[i].row);
	for (i = r.ipage; i < r.npage; i++)
		cix_doi_row_release(&r.page[i]);
	free(r.after);
	cix_record_release(&r.rec);
	cix_buf_release(&r.url);
	st->seconds = cix_http_now() - r.t0;
	return rc;
}
