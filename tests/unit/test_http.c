/* test_http.c - pacing, back-off and header parsing (no network). */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "cix.h"
#include "http.h"

#define EPS 1e-9

static void
test_pacer_spacing(void **state)
{
	struct cix_pacer p;
	double gap = (1 + CIX_PACER_MARGIN) / 5.0;

	(void)state;
	cix_pacer_init(&p, 5, 1);
	assert_true(cix_pacer_delay(&p, 100.0) == 0);
	cix_pacer_start(&p, 100.0);
	/* One in flight: wait for it, whatever the time. */
	assert_true(cix_pacer_delay(&p, 100.0) == -1);
	assert_true(cix_pacer_delay(&p, 500.0) == -1);
	cix_pacer_done(&p);
	assert_true(cix_pacer_delay(&p, 100.05) > gap - 0.05 - EPS);
	assert_true(cix_pacer_delay(&p, 100.05) < gap - 0.05 + EPS);
	assert_true(cix_pacer_delay(&p, 100.0 + gap) == 0);
	cix_pacer_done(&p);	/* an extra done never goes negative */
	assert_int_equal(p.inflight, 0);
}

static void
test_pacer_limits(void **state)
{
	struct cix_pacer p;

	(void)state;
	cix_pacer_init(&p, 10, 3);
	/* Lowering works, raising is ignored, 0 leaves a limit alone. */
	assert_int_equal(cix_pacer_limit(&p, 50, 5), 0);
	assert_true(p.rate == 10);
	assert_int_equal(p.max_inflight, 3);
	assert_int_equal(cix_pacer_limit(&p, 3, 0), 1);
	assert_true(p.rate == 3);
	assert_int_equal(p.max_inflight, 3);
	assert_int_equal(cix_pacer_limit(&p, -1, 1), 1);
	assert_int_equal(p.max_inflight, 1);
	assert_true(p.rate == 3);
	/* A pause holds every start back; an earlier pause does not
	 * shorten it. */
	cix_pacer_pause(&p, 20.0);
	cix_pacer_pause(&p, 15.0);
	assert_true(cix_pacer_delay(&p, 10.0) == 10.0);
	assert_true(cix_pacer_delay(&p, 20.0) == 0);
	/* Bad inits are made safe. */
	cix_pacer_init(&p, 0, 0);
	assert_true(p.rate > 0);
	assert_int_equal(p.max_inflight, 1);
}

/*
 * Drive the pacer the way cix_http_wait() does, with random service
 * times, and check what the server would see: never more than R starts in
 * any one-second window, never more than C in flight, and most of the
 * allowed rate used.
 */
static void
simulate(double rate, int conc, double service_max)
{
	struct cix_pacer p;
	double now = 0, starts[2000], ends[2000];
	double fin[64];
	int nfin = 0, n = 0, i, j, inwin, maxwin = 0, maxfl = 0;

	cix_pacer_init(&p, rate, conc);
	srand(42);
	while (n < 2000) {
		double d = cix_pacer_delay(&p, now);
		int k;

		if (d == 0) {
			cix_pacer_start(&p, now);
			starts[n] = now;
			ends[n] = now + service_max * rand() / RAND_MAX;
			fin[nfin++] = ends[n];
			n++;
			continue;
		}
		/* Advance to the next event: a finish or the pacer. */
		k = -1;
		for (i = 0; i < nfin; i++)
			if (k < 0 || fin[i] < fin[k])
				k = i;
		if (d < 0 || (k >= 0 && fin[k] <= now + d)) {
			now = fin[k] > now ? fin[k] : now;
			fin[k] = fin[--nfin];
			cix_pacer_done(&p);
		} else {
			now += d;
		}
	}
	for (i = 0; i < n; i++) {
		inwin = 0;
		for (j = i; j < n && starts[j] < starts[i] + 1.0; j++)
			inwin++;
		if (inwin > maxwin)
			maxwin = inwin;
		inwin = 0;
		for (j = 0; j < n; j++)
			if (starts[j] <= starts[i] && ends[j] > starts[i])
				inwin++;
		if (inwin > maxfl)
			maxfl = inwin;
	}
	if (maxwin > (int)rate)
		fail_msg("%d starts in one second at rate %g", maxwin, rate);
	if (maxfl > conc)
		fail_msg("%d in flight with a limit of %d", maxfl, conc);
	/* The pace used: at least 90% of the rate whenever the service
	 * time allows it (C in flight always cover 1/R). */
	if (service_max * rate <= conc &&
	    (n - 1) / (starts[n - 1] - starts[0]) < 0.9 * rate)
		fail_msg("only %.2f/s of %g used",
		    (n - 1) / (starts[n - 1] - starts[0]), rate);
}

static void
test_pacer_simulated(void **state)
{
	(void)state;
	simulate(5, 1, 0.15);
	simulate(10, 3, 0.5);
	simulate(10, 3, 0.3);
	simulate(10, 3, 0.05);
	simulate(3, 1, 2.0);
	simulate(1, 1, 0.1);
}

static void
test_retry_after(void **state)
{
	time_t now = 784111777;	/* Sun, 06 Nov 1994 08:49:37 GMT */
	double s;

	(void)state;
	assert_int_equal(cix_http_parse_retry_after("120", 3, now, &s),
	    CIX_OK);
	assert_true(s == 120);
	assert_int_equal(cix_http_parse_retry_after(" 0 ", 3, now, &s),
	    CIX_OK);
	assert_true(s == 0);
	assert_int_equal(cix_http_parse_retry_after(
	    "Sun, 06 Nov 1994 08:50:07 GMT", 29, now, &s), CIX_OK);
	assert_true(s == 30);
	/* A date in the past means now. */
	assert_int_equal(cix_http_parse_retry_after(
	    "Sun, 06 Nov 1994 08:00:00 GMT", 29, now, &s), CIX_OK);
	assert_true(s == 0);
	assert_int_equal(cix_http_parse_retry_after("soon", 4, now, &s),
	    CIX_EINVAL);
	assert_int_equal(cix_http_parse_retry_after("-5", 2, now, &s),
	    CIX_EINVAL);
	assert_int_equal(cix_http_parse_retry_after("", 0, now, &s),
	    CIX_EINVAL);
	assert_int_equal(cix_http_parse_retry_after("1.5", 3, now, &s),
	    CIX_EINVAL);
}

static void
test_rate_limit(void **state)
{
	double r;

	(void)state;
	assert_int_equal(cix_http_parse_rate_limit("50", "1s", &r), CIX_OK);
	assert_true(r == 50);
	/* Duplicated headers joined by a proxy: the first value counts. */
	assert_int_equal(cix_http_parse_rate_limit("50, 50", "1s, 1s", &r),
	    CIX_OK);
	assert_true(r == 50);
	assert_int_equal(cix_http_parse_rate_limit("3", "2s", &r), CIX_OK);
	assert_true(r == 1.5);
	assert_int_equal(cix_http_parse_rate_limit("120", "1m", &r), CIX_OK);
	assert_true(r == 2);
	assert_int_equal(cix_http_parse_rate_limit("5", "1", &r), CIX_OK);
	assert_true(r == 5);
	assert_int_equal(cix_http_parse_rate_limit("5", "500ms", &r),
	    CIX_OK);
	assert_true(r > 9.99 && r < 10.01);
	assert_int_equal(cix_http_parse_rate_limit("0", "1s", &r),
	    CIX_EINVAL);
	assert_int_equal(cix_http_parse_rate_limit("x", "1s", &r),
	    CIX_EINVAL);
	assert_int_equal(cix_http_parse_rate_limit("5", "1d", &r),
	    CIX_EINVAL);
	assert_int_equal(cix_http_parse_rate_limit(NULL, "1s", &r),
	    CIX_EINVAL);
	assert_int_equal(cix_http_first_int(" 12abc", 6), 12);
	assert_int_equal(cix_http_first_int("abc", 3), -1);
	assert_int_equal(cix_http_first_int("99999999999999", 14), -1);
}

static void
test_backoff(void **state)
{
	int i;

	(void)state;
	/* r = 0.5 is the middle of the jitter: exactly base * 2^n. */
	assert_true(cix_http_backoff(0, 1, 60, 0.5) == 1);
	assert_true(cix_http_backoff(1, 1, 60, 0.5) == 2);
	assert_true(cix_http_backoff(3, 1, 60, 0.5) == 8);
	assert_true(cix_http_backoff(10, 1, 60, 0.5) == 60);
	assert_true(cix_http_backoff(1000, 3600, 86400, 0.5) == 86400);
	/* Jitter: from half to one and a half times. */
	assert_true(cix_http_backoff(2, 1, 60, 0) == 2);
	assert_true(cix_http_backoff(2, 1, 60, 0.999) < 6);
	for (i = 0; i < 1000; i++) {
		double r = cix_http_random();

		assert_true(r >= 0 && r < 1);
	}
}

static void
test_user_agent(void **state)
{
	struct cix_buf b;

	(void)state;
	cix_buf_init(&b, 0);
	cix_http_user_agent(&b, "me@example.org");
	assert_string_equal(b.p, "cix/" PACKAGE_VERSION " (" PACKAGE_URL
	    "; mailto:me@example.org)");
	cix_buf_reset(&b);
	cix_http_user_agent(&b, NULL);
	assert_string_equal(b.p, "cix/" PACKAGE_VERSION " (" PACKAGE_URL ")");
	cix_buf_release(&b);
	assert_string_equal(cix_http_result_str(CIX_HTTP_TOOBIG),
	    "response too large");
}

static void
test_client_refuses(void **state)
{
	struct cix_http_opts o;
	struct cix_http *h;
	struct cix_http_req q;
	struct cix_http_resp *r = NULL;
	struct cix_error err;
	int i;

	(void)state;
	memset(&o, 0, sizeof(o));
	o.user_agent = "cix-test";
	o.rate = 100;
	o.concurrency = 1;
	o.timeout = 5;
	o.connect_timeout = 2;
	o.max_bytes = 1024;
	o.max_redirs = 1;
	o.allow_http = 0;
	assert_int_equal(cix_http_new(&h, &o, &err), CIX_OK);
	memset(&q, 0, sizeof(q));
	/* Plain http is refused before any connection is made. */
	q.url = "http://127.0.0.1:9/x";
	q.accept = "application/json";
	q.udata = &o;
	assert_int_equal(cix_http_submit(h, &q, &err), CIX_OK);
	assert_int_equal(cix_http_pending(h), 1);
	for (i = 0; i < 50 && r == NULL; i++)
		assert_int_equal(cix_http_wait(h, &r, 0.2, &err), CIX_OK);
	assert_non_null(r);
	assert_ptr_equal(r->udata, &o);
	assert_int_equal(r->result, CIX_HTTP_REFUSED);
	assert_int_equal(r->status, 0);
	assert_int_equal(cix_http_pending(h), 0);
	assert_int_equal(cix_http_max_inflight_seen(h), 1);
	cix_http_resp_free(r);
	/* Nothing pending: the wait returns at once. */
	assert_int_equal(cix_http_wait(h, &r, 5, &err), CIX_OK);
	assert_null(r);
	cix_http_free(h);
	cix_http_free(NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pacer_spacing),
		cmocka_unit_test(test_pacer_limits),
		cmocka_unit_test(test_pacer_simulated),
		cmocka_unit_test(test_retry_after),
		cmocka_unit_test(test_rate_limit),
		cmocka_unit_test(test_backoff),
		cmocka_unit_test(test_user_agent),
		cmocka_unit_test(test_client_refuses),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
