/*
 * test_resolve.c - the resolver's state machine, its rules and its store
 * side: candidates, due DOIs, states, the agency cache, the merge with
 * provenance.
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <sqlite3.h>

#include "cix.h"
#include "http.h"
#include "resolve.h"
#include "store.h"
#include "tmp_index.h"
#include "store_resolve.h"

/* ------------------------------------------------------------------ */
/* Pure rules */

static void
test_limits(void **state)
{
	double r;
	int c, cl;

	(void)state;
	cix_resolve_limits(NULL, 0, 0, &r, &c, &cl);
	assert_true(r == 5);
	assert_int_equal(c, 1);
	assert_int_equal(cl, 0);
	cix_resolve_limits("a@b", 0, 0, &r, &c, &cl);
	assert_true(r == 10);
	assert_int_equal(c, 3);
	cix_resolve_limits("a@b", 2.5, 2, &r, &c, &cl);
	assert_true(r == 2.5);
	assert_int_equal(c, 2);
	assert_int_equal(cl, 0);
	/* Asking for more than the limit gets the limit. */
	cix_resolve_limits(NULL, 10, 3, &r, &c, &cl);
	assert_true(r == 5);
	assert_int_equal(c, 1);
	assert_int_equal(cl, 1);
	cix_resolve_limits("", 8, 0, &r, &c, &cl);
	assert_true(r == 5);
	assert_int_equal(cl, 1);
}

static const struct {
	int result;
	long status;
	int attempt;
} classes[] = {
	{ CIX_HTTP_OK, 200, CIX_ATTEMPT_OK },
	{ CIX_HTTP_OK, 304, CIX_ATTEMPT_UNCHANGED },
	{ CIX_HTTP_OK, 404, CIX_ATTEMPT_NOTFOUND },
	{ CIX_HTTP_OK, 410, CIX_ATTEMPT_NOTFOUND },
	{ CIX_HTTP_OK, 204, CIX_ATTEMPT_NOTFOUND },
	{ CIX_HTTP_OK, 429, CIX_ATTEMPT_TRANSIENT },
	{ CIX_HTTP_OK, 500, CIX_ATTEMPT_TRANSIENT },
	{ CIX_HTTP_OK, 503, CIX_ATTEMPT_TRANSIENT },
	{ CIX_HTTP_OK, 408, CIX_ATTEMPT_TRANSIENT },
	{ CIX_HTTP_OK, 403, CIX_ATTEMPT_FAIL },
	{ CIX_HTTP_OK, 400, CIX_ATTEMPT_FAIL },
	{ CIX_HTTP_OK, 303, CIX_ATTEMPT_FAIL },
	{ CIX_HTTP_TIMEOUT, 0, CIX_ATTEMPT_TRANSIENT },
	{ CIX_HTTP_TRUNCATED, 200, CIX_ATTEMPT_TRANSIENT },
	{ CIX_HTTP_CONNECT, 0, CIX_ATTEMPT_TRANSIENT },
	{ CIX_HTTP_TOOBIG, 200, CIX_ATTEMPT_FAIL },
	{ CIX_HTTP_REDIRECTS, 302, CIX_ATTEMPT_FAIL },
	{ CIX_HTTP_REFUSED, 0, CIX_ATTEMPT_FAIL },
	{ CIX_HTTP_ERROR, 0, CIX_ATTEMPT_FAIL },
};

static void
test_classify(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(classes) / sizeof(classes[0]); i++)
		if (cix_resolve_classify(classes[i].result,
		    classes[i].status) != classes[i].attempt)
			fail_msg("result %d status %ld", classes[i].result,
			    classes[i].status);
}

static void
test_retry(void **state)
{
	struct cix_resolve_policy p;
	struct cix_config cfg;
	double d;

	(void)state;
	cix_config_init(&cfg);
	cfg.retries = 2;
	cfg.backoff = 1;
	cix_resolve_policy_from(&p, &cfg);
	/* Only transient failures are retried, at most `retries` times. */
	assert_int_equal(cix_resolve_retry(&p, CIX_ATTEMPT_FAIL, 0, -1, 0.5,
	    &d), 0);
	assert_int_equal(cix_resolve_retry(&p, CIX_ATTEMPT_NOTFOUND, 0, -1,
	    0.5, &d), 0);
	assert_int_equal(cix_resolve_retry(&p, CIX_ATTEMPT_TRANSIENT, 0, -1,
	    0.5, &d), 1);
	assert_true(d == 1);
	assert_int_equal(cix_resolve_retry(&p, CIX_ATTEMPT_TRANSIENT, 1, -1,
	    0.5, &d), 1);
	assert_true(d == 2);
	assert_int_equal(cix_resolve_retry(&p, CIX_ATTEMPT_TRANSIENT, 2, -1,
	    0.5, &d), 0);
	/* Retry-After wins over the back-off ... */
	assert_int_equal(cix_resolve_retry(&p, CIX_ATTEMPT_TRANSIENT, 0, 7,
	    0.5, &d), 1);
	assert_true(d == 7);
	/* ... and when it is too long for this run, the next run asks. */
	assert_int_equal(cix_resolve_retry(&p, CIX_ATTEMPT_TRANSIENT, 0,
	    3600, 0.5, &d), 0);
	cix_config_release(&cfg);
}

static void
test_next_state(void **state)
{
	struct cix_resolve_policy p;
	long long now = 1800000000LL, next;
	int st, tries;

	(void)state;
	cix_resolve_policy_from(&p, NULL);
	cix_resolve_next(&p, CIX_ATTEMPT_OK, 3, -1, now, 0.5, &st, &tries,
	    &next);
	assert_int_equal(st, CIX_DOI_RESOLVED);
	assert_int_equal(tries, 0);
	assert_true(next == 0);
	cix_resolve_next(&p, CIX_ATTEMPT_UNCHANGED, 0, -1, now, 0.5, &st,
	    &tries, &next);
	assert_int_equal(st, CIX_DOI_RESOLVED);
	cix_resolve_next(&p, CIX_ATTEMPT_NOTFOUND, 0, -1, now, 0.5, &st,
	    &tries, &next);
	assert_int_equal(st, CIX_DOI_NOTFOUND);
	assert_int_equal(tries, 1);
	assert_true(next == now + 30LL * 86400);
	cix_resolve_next(&p, CIX_ATTEMPT_INVALID, 0, -1, now, 0.5, &st,
	    &tries, &next);
	assert_int_equal(st, CIX_DOI_INVALID);
	assert_true(next == 0);
	/* Failures back off: 1 h, 2 h, 4 h ... (r = 0.5: no jitter) up to
	 * 30 days. */
	cix_resolve_next(&p, CIX_ATTEMPT_TRANSIENT, 0, -1, now, 0.5, &st,
	    &tries, &next);
	assert_int_equal(st, CIX_DOI_FAILED);
	assert_int_equal(tries, 1);
	assert_true(next == now + 3600);
	cix_resolve_next(&p, CIX_ATTEMPT_FAIL, 3, -1, now, 0.5, &st, &tries,
	    &next);
	assert_int_equal(tries, 4);
	assert_true(next == now + 8 * 3600);
	cix_resolve_next(&p, CIX_ATTEMPT_FAIL, 40, -1, now, 0.5, &st, &tries,
	    &next);
	assert_true(next == now + 30LL * 86400);
	/* Jitter stays within half to one and a half times. */
	cix_resolve_next(&p, CIX_ATTEMPT_FAIL, 0, -1, now, 0, &st, &tries,
	    &next);
	assert_true(next == now + 1800);
	cix_resolve_next(&p, CIX_ATTEMPT_FAIL, 0, -1, now, 0.999, &st,
	    &tries, &next);
	assert_true(next < now + 5400);
	/* A longer Retry-After wins. */
	cix_resolve_next(&p, CIX_ATTEMPT_TRANSIENT, 0, 86400, now, 0.5, &st,
	    &tries, &next);
	assert_true(next == now + 86400);
}

static void
test_failwin(void **state)
{
	struct cix_failwin w;
	int i;

	(void)state;
	cix_failwin_init(&w, 20, 0.5);
	/* 10 of 20 is not more than half; the 11th failure is. */
	for (i = 0; i < 10; i++)
		assert_int_equal(cix_failwin_add(&w, 1), 0);
	assert_int_equal(cix_failwin_add(&w, 1), 1);
	/* Successes push the failures out of the window. */
	cix_failwin_init(&w, 4, 0.5);
	assert_int_equal(cix_failwin_add(&w, 1), 0);
	assert_int_equal(cix_failwin_add(&w, 1), 0);
	assert_int_equal(cix_failwin_add(&w, 0), 0);
	assert_int_equal(cix_failwin_add(&w, 0), 0);
	assert_int_equal(cix_failwin_add(&w, 0), 0);
	assert_int_equal(cix_failwin_add(&w, 1), 0);
	assert_int_equal(cix_failwin_add(&w, 1), 0);
	assert_int_equal(w.failed, 2);
	assert_int_equal(cix_failwin_add(&w, 1), 1);
	/* A threshold of 1 never stops. */
	cix_failwin_init(&w, 3, 1.0);
	for (i = 0; i < 10; i++)
		assert_int_equal(cix_failwin_add(&w, 1), 0);
	assert_int_equal(cix_doi_state_parse("notfound"), CIX_DOI_NOTFOUND);
	assert_int_equal(cix_doi_state_parse("nope"), -1);
	assert_string_equal(cix_doi_state_name(CIX_DOI_INVALID), "invalid");
	assert_null(cix_doi_state_name(9));
}

/* ------------------------------------------------------------------ */
/* The store side */

struct fx {
	char dir[64];
	char path[128];
	struct cix_store *s;
	int64_t a, b, c, bad;
};

static void
put(struct cix_store *s, const char *ut, const char *doi, const char *title,
    const char *refdoi, int64_t *id)
{
	struct cix_record r;
	struct cix_author *au;
	struct cix_ref *ref;
	struct cix_error err;
	int outcome;

	cix_record_init(&r);
	r.origin = "wos";
	r.ut = ut;
	r.doi = doi;
	r.title = title;
	r.source = "JOURNAL OF TESTS";
	r.year = 2020;
	r.volume = "5";
	r.first_page = "10";
	r.times_cited = -1;
	r.times_cited_all = -1;
	r.nr = -1;
	cix_record_add_author(&r, &au);
	au->family = "Tester";
	au->given = "Tess";
	au->full = "Tester, Tess";
	if (refdoi != NULL) {
		cix_record_add_ref(&r, "Other A, 2019, J OTHER, V1, P1",
		    30, &ref);
		ref->parsed = 1;
		ref->f.kind = CIX_REF_ARTICLE;
		ref->f.author = "Other";
		ref->f.year = 2019;
		ref->f.dois[0] = refdoi;
		ref->f.ndois = 1;
	}
	if (cix_store_put_record(s, &r, cix_record_hash(&r), &outcome, id,
	    &err) < 0)
		fail_msg("put: %s", err.msg);
	cix_record_release(&r);
}

static int64_t
count(struct cix_store *s, const char *sql)
{
	sqlite3_stmt *st;
	int64_t n = -1;

	assert_int_equal(sqlite3_prepare_v2(cix_store_db(s), sql, -1, &st,
	    NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

static void
exec(struct cix_store *s, const char *sql)
{
	char *msg = NULL;

	if (sqlite3_exec(cix_store_db(s), sql, NULL, NULL, &msg) !=
	    SQLITE_OK)
		fail_msg("%s: %s", sql, msg);
}

static int
setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	struct cix_error err;

	tmp_index_open(f->dir, sizeof(f->dir), f->path, sizeof(f->path), &f->s,
	    "resolve", "cix.db");
	assert_int_equal(count(f->s, "PRAGMA user_version"),
	    CIX_SCHEMA_VERSION);
	assert_int_equal(cix_store_begin(f->s, &err), CIX_OK);
	put(f->s, "WOS:1", "10.1000/a", "A study of tests", "10.1000/c",
	    &f->a);
	put(f->s, "WOS:2", "10.1000/b", "Another study", NULL, &f->b);
	put(f->s, "WOS:3", "10.12/x", "Not a DOI", NULL, &f->bad);
	assert_int_equal(cix_store_commit(f->s, &err), CIX_OK);
	/* A work known only from a reference, as the linker makes them. */
	exec(f->s, "INSERT INTO works (kind, doi, year, source, volume,"
	    " first_page, origin) VALUES (1, '10.1000/c', 2019, 'J OTHER',"
	    " '1', '1', 'ref')");
	f->c = sqlite3_last_insert_rowid(cix_store_db(f->s));
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;
	int rc = tmp_index_remove(f->s, f->dir);

	free(f);
	return rc;
}

static void
due(struct cix_store *s, int phase, const char *now, const char *stale,
    const char *expect)
{
	struct cix_doi_row rows[16];
	struct cix_error err;
	struct cix_buf got;
	size_t n, i;

	if (cix_store_doi_due(s, phase, "", now, stale, rows, 16, &n,
	    &err) < 0)
		fail_msg("due: %s", err.msg);
	cix_buf_init(&got, 0);
	for (i = 0; i < n; i++) {
		cix_buf_addf(&got, "%s%s", i ? " " : "", rows[i].doi);
		cix_doi_row_release(&rows[i]);
	}
	if (strcmp(got.p, expect) != 0)
		fail_msg("phase %d at %s: got '%s', expected '%s'", phase,
		    now, got.p, expect);
	cix_buf_release(&got);
}

static void
update(struct cix_store *s, const char *doi, int state, const char *asked,
    const char *next)
{
	struct cix_doi_update u;
	struct cix_error err;

	memset(&u, 0, sizeof(u));
	u.doi = doi;
	u.state = state;
	u.asked_at = asked;
	u.next_try = next;
	u.touch_resolved = state == CIX_DOI_RESOLVED;
	u.etag = state == CIX_DOI_RESOLVED ? "\"abc\"" : NULL;
	if (cix_store_doi_update(s, &u, &err) < 0)
		fail_msg("update: %s", err.msg);
}

static void
test_states(void **state)
{
	struct fx *f = *state;
	struct cix_doi_select sel;
	struct cix_doi_info info;
	struct cix_doi_row rows[4];
	struct cix_error err;
	size_t ncand, ninv, n;
	int64_t counts[5];
	char ra[32];

	memset(&sel, 0, sizeof(sel));
	assert_int_equal(cix_store_doi_gather(f->s, &sel, &ncand, &ninv,
	    &err), CIX_OK);
	/* Records only: the cited-only work's DOI waits for --refs. */
	assert_int_equal(ncand, 2);
	assert_int_equal(ninv, 1);
	assert_int_equal(count(f->s, "SELECT count(*) FROM dois WHERE"
	    " state = 'invalid' AND doi = '10.12/x'"), 1);
	sel.refs = 1;
	assert_int_equal(cix_store_doi_gather(f->s, &sel, &ncand, &ninv,
	    &err), CIX_OK);
	assert_int_equal(ncand, 3);
	/* Only named works (and what they cite). */
	sel.works = &f->b;
	sel.nworks = 1;
	assert_int_equal(cix_store_doi_gather(f->s, &sel, &ncand, &ninv,
	    &err), CIX_OK);
	assert_int_equal(ncand, 1);
	sel.works = NULL;
	sel.nworks = 0;
	assert_int_equal(cix_store_doi_gather(f->s, &sel, &ncand, &ninv,
	    &err), CIX_OK);

	due(f->s, CIX_PHASE_PENDING, "2030-01-01T00:00:00Z", "",
	    "10.1000/a 10.1000/b 10.1000/c");
	/* Paging: after a DOI, at most max. */
	assert_int_equal(cix_store_doi_due(f->s, CIX_PHASE_PENDING,
	    "10.1000/a", "2030-01-01T00:00:00Z", "", rows, 1, &n, &err),
	    CIX_OK);
	assert_int_equal(n, 1);
	assert_string_equal(rows[0].doi, "10.1000/b");
	cix_doi_row_release(&rows[0]);

	update(f->s, "10.1000/a", CIX_DOI_RESOLVED, "2030-01-01T00:00:00Z",
	    NULL);
	update(f->s, "10.1000/b", CIX_DOI_FAILED, "2030-01-01T00:00:00Z",
	    "2030-01-01T01:00:00Z");
	update(f->s, "10.1000/c", CIX_DOI_NOTFOUND, "2030-01-01T00:00:00Z",
	    "2030-01-31T00:00:00Z");
	due(f->s, CIX_PHASE_PENDING, "2030-01-01T00:00:01Z", "", "");
	/* Never before the retry time, never twice in one run. */
	due(f->s, CIX_PHASE_RETRY, "2030-01-01T00:59:59Z", "", "");
	due(f->s, CIX_PHASE_RETRY, "2030-01-01T01:00:00Z", "", "10.1000/b");
	due(f->s, CIX_PHASE_RETRY, "2030-02-01T00:00:00Z", "",
	    "10.1000/b 10.1000/c");
	due(f->s, CIX_PHASE_RETRY, "2029-12-31T00:00:00Z", "", "");
	/* Stale: resolved before stale_before. */
	due(f->s, CIX_PHASE_STALE, "2030-03-01T00:00:00Z",
	    "2030-01-01T00:00:00Z", "");
	due(f->s, CIX_PHASE_STALE, "2030-03-01T00:00:00Z",
	    "2030-01-01T00:00:01Z", "10.1000/a");
	assert_int_equal(cix_store_doi_due(f->s, CIX_PHASE_STALE, "",
	    "2030-03-01T00:00:00Z", "2030-02-01T00:00:00Z", rows, 4, &n,
	    &err), CIX_OK);
	assert_int_equal(n, 1);
	assert_string_equal(rows[0].etag, "\"abc\"");
	assert_int_equal(rows[0].state, CIX_DOI_RESOLVED);
	assert_string_equal(rows[0].resolved_at, "2030-01-01T00:00:00Z");
	cix_doi_row_release(&rows[0]);

	assert_int_equal(cix_store_doi_info(f->s, "10.1000/b", &info, &err),
	    CIX_OK);
	assert_int_equal(info.state, CIX_DOI_FAILED);
	assert_string_equal(info.next_try, "2030-01-01T01:00:00Z");
	assert_int_equal(cix_store_doi_info(f->s, "10.9/none", &info, &err),
	    CIX_ENOTFOUND);
	assert_int_equal(cix_store_doi_counts(f->s, counts, &err), CIX_OK);
	assert_int_equal(counts[CIX_DOI_RESOLVED], 1);
	assert_int_equal(counts[CIX_DOI_FAILED], 1);
	assert_int_equal(counts[CIX_DOI_NOTFOUND], 1);
	assert_int_equal(counts[CIX_DOI_INVALID], 1);

	assert_int_equal(cix_store_ra_get(f->s, "10.1000", ra, sizeof(ra),
	    &err), CIX_OK);
	assert_string_equal(ra, "");
	assert_int_equal(cix_store_ra_put(f->s, "10.1000", "Crossref",
	    "2030-01-01T00:00:00Z", &err), CIX_OK);
	assert_int_equal(cix_store_ra_get(f->s, "10.1000", ra, sizeof(ra),
	    &err), CIX_OK);
	assert_string_equal(ra, "Crossref");
}

static void
resolved(struct cix_record *r, const char *doi, const char *title,
    const char *volume)
{
	struct cix_author *au;
	struct cix_ref *ref;

	cix_record_reset(r);
	r->origin = "crossref";
	r->doi = doi;
	r->type = CIX_TYPE_ARTICLE;
	r->title = title;
	r->source = "Journal of Tests";
	r->year = 2020;
	r->volume = volume;
	r->first_page = "10";
	r->last_page = "19";
	r->issn = "1234-5679";
	r->publisher = "Test Publisher";
	r->times_cited = 12;
	r->times_cited_all = -1;
	r->nr = 2;
	cix_record_add_author(r, &au);
	au->family = "Tester";
	au->given = "Tess";
	au->orcid = "0000-0002-1825-0097";
	/* One structured reference, one the pipeline must parse. */
	cix_record_add_ref(r, "DOI 10.1000/b", 13, &ref);
	ref->parsed = 1;
	ref->f.kind = CIX_REF_ARTICLE;
	ref->f.dois[0] = "10.1000/b";
	ref->f.ndois = 1;
	cix_record_add_ref(r, "Smith J, 2001, J THINGS, V3, P7", 31, &ref);
}

static void
test_merge(void **state)
{
	struct fx *f = *state;
	struct cix_record r, got;
	struct cix_merge_result m;
	struct cix_work_meta meta;
	struct cix_error err;

	cix_record_init(&r);
	cix_record_init(&got);
	assert_int_equal(cix_store_begin(f->s, &err), CIX_OK);

	/* An imported record: nothing overwritten, gaps filled, the
	 * disagreement on the volume recorded. */
	resolved(&r, "10.1000/a", "A Study of Tests.", "6");
	if (cix_store_resolve_merge(f->s, &r, "crossref", &m, &err) < 0)
		fail_msg("merge: %s", err.msg);
	assert_int_equal(m.work_id, f->a);
	assert_int_equal(m.created, 0);
	assert_int_equal(m.completed, 0);
	assert_int_equal(m.changed, 1);
	assert_int_equal(m.conflicts, 1);
	assert_int_equal(m.refs_added, 0);
	assert_int_equal(cix_store_load(f->s, f->a, &got, &meta, &err), 0);
	assert_int_equal(meta.kind, CIX_WORK_RECORD);
	assert_string_equal(got.title, "A study of tests");
	assert_string_equal(got.volume, "5");
	assert_string_equal(got.last_page, "19");
	assert_string_equal(got.issn, "1234-5679");
	assert_string_equal(got.origin, "wos");
	assert_int_equal(got.times_cited, 12);
	assert_int_equal(got.nrefs, 1);
	assert_null(got.authors[0].orcid);
	assert_int_equal(count(f->s, "SELECT count(*) FROM conflicts WHERE"
	    " field = 'volume' AND source = 'crossref' AND value = '6'"), 1);
	assert_int_equal(count(f->s, "SELECT count(*) FROM conflicts WHERE"
	    " field = 'title'"), 0);
	assert_int_equal(count(f->s, "SELECT count(*) FROM field_sources"
	    " WHERE work_id = 1 AND field IN ('last_page', 'issn',"
	    " 'publisher', 'times_cited') AND source = 'crossref'"), 4);
	assert_int_equal(count(f->s, "SELECT count(*) FROM field_sources"
	    " WHERE field IN ('title', 'volume')"), 0);

	/* Again, with a new ISSN: a field a resolver filled is refreshed;
	 * the volume still disagrees, once. */
	resolved(&r, "10.1000/a", "A Study of Tests.", "6");
	r.issn = "2049-3630";
	assert_int_equal(cix_store_resolve_merge(f->s, &r, "crossref", &m,
	    &err), CIX_OK);
	assert_int_equal(cix_store_load(f->s, f->a, &got, &meta, &err), 0);
	assert_string_equal(got.issn, "2049-3630");
	assert_string_equal(got.volume, "5");
	assert_int_equal(count(f->s, "SELECT count(*) FROM conflicts"), 1);

	/* A cited-only work becomes a resolved work, in place, with its
	 * references, queued for linking. */
	exec(f->s, "DELETE FROM link_dirty");
	resolved(&r, "10.1000/c", "The cited work", "1");
	assert_int_equal(cix_store_resolve_merge(f->s, &r, "crossref", &m,
	    &err), CIX_OK);
	assert_int_equal(m.work_id, f->c);
	assert_int_equal(m.completed, 1);
	assert_int_equal(m.created, 0);
	assert_int_equal(m.refs_added, 2);
	assert_int_equal(cix_store_load(f->s, f->c, &got, &meta, &err), 0);
	assert_int_equal(meta.kind, CIX_WORK_RESOLVED);
	assert_string_equal(got.title, "The cited work");
	assert_string_equal(got.origin, "crossref");
	assert_string_equal(got.authors[0].orcid, "0000-0002-1825-0097");
	assert_int_equal(got.nrefs, 2);
	/* The unparsed reference went through the reference parser. */
	assert_string_equal(got.refs[1].f.author, "Smith");
	assert_int_equal(got.refs[1].f.year, 2001);
	assert_int_equal(count(f->s, "SELECT count(*) FROM refs WHERE"
	    " origin = 'crossref'"), 2);
	assert_int_equal(count(f->s, "SELECT count(*) FROM link_dirty"), 1);
	assert_int_equal(count(f->s, "SELECT count(*) FROM field_sources"
	    " WHERE field = 'references'"), 1);

	/* A DOI no work has: a new resolved work. */
	resolved(&r, "10.1000/new", "A new work", "2");
	assert_int_equal(cix_store_resolve_merge(f->s, &r, "datacite", &m,
	    &err), CIX_OK);
	assert_int_equal(m.created, 1);
	assert_true(m.work_id > f->c);
	assert_int_equal(count(f->s, "SELECT kind FROM works WHERE doi ="
	    " '10.1000/new'"), CIX_WORK_RESOLVED);
	assert_int_equal(count(f->s, "SELECT count(*) FROM works WHERE doi ="
	    " '10.1000/new'"), 1);
	/* The same answer again changes nothing. */
	resolved(&r, "10.1000/new", "A new work", "2");
	assert_int_equal(cix_store_resolve_merge(f->s, &r, "datacite", &m,
	    &err), CIX_OK);
	assert_int_equal(m.created, 0);
	assert_int_equal(m.changed, 0);
	assert_int_equal(count(f->s, "SELECT count(*) FROM works WHERE doi ="
	    " '10.1000/new'"), 1);

	/* No DOI: refused. */
	resolved(&r, NULL, "x", "1");
	assert_int_equal(cix_store_resolve_merge(f->s, &r, "csl", &m, &err),
	    CIX_EINVAL);
	assert_int_equal(cix_store_commit(f->s, &err), CIX_OK);
	cix_record_release(&r);
	cix_record_release(&got);
}

struct provs {
	int sources;
	int conflicts;
};

static int
prov(void *ctx, const struct cix_prov_row *row)
{
	struct provs *p = ctx;

	if (row->conflict) {
		p->conflicts++;
		assert_string_equal(row->field, "volume");
		assert_string_equal(row->value, "6");
	} else {
		p->sources++;
		assert_string_equal(row->source, "crossref");
	}
	assert_non_null(row->at);
	return 0;
}

static void
test_provenance(void **state)
{
	struct fx *f = *state;
	struct cix_record r;
	struct cix_merge_result m;
	struct cix_error err;
	struct provs p = { 0, 0 };

	cix_record_init(&r);
	assert_int_equal(cix_store_begin(f->s, &err), CIX_OK);
	resolved(&r, "10.1000/a", "A study of tests", "6");
	assert_int_equal(cix_store_resolve_merge(f->s, &r, "crossref", &m,
	    &err), CIX_OK);
	assert_int_equal(cix_store_commit(f->s, &err), CIX_OK);
	assert_int_equal(cix_store_provenance(f->s, f->a, prov, &p, &err),
	    CIX_OK);
	assert_int_equal(p.conflicts, 1);
	assert_true(p.sources >= 4);
	cix_record_release(&r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_classify),
		cmocka_unit_test(test_retry),
		cmocka_unit_test(test_next_state),
		cmocka_unit_test(test_failwin),
		cmocka_unit_test_setup_teardown(test_states, setup, teardown),
		cmocka_unit_test_setup_teardown(test_merge, setup, teardown),
		cmocka_unit_test_setup_teardown(test_provenance, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
