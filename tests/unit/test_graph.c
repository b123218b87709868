/*
 * test_graph.c - co-citation and coupling partners: strength, then LCS,
 * then id; the limit, with ties at the limit ordered by LCS (read in
 * batches); works without metrics count as LCS 0.  Coupling through the
 * packed citers a link pass writes, used only while nothing is queued.
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
#include "graph.h"
#include "link.h"
#include "store.h"
#include "tmp_index.h"

struct fx {
	char dir[64];
	char path[128];
	struct cix_store *s;
};

struct got {
	int64_t id[512];
	int64_t value[512];
	size_t n;
};

static int
collect(void *ctx, const struct cix_work_row *r)
{
	struct got *g = ctx;

	assert_true(g->n < 512);
	g->id[g->n] = r->id;
	g->value[g->n] = r->value;
	g->n++;
	return 0;
}

static void
sql(struct cix_store *s, const char *fmt, ...)
{
	char q[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(q, sizeof(q), fmt, ap);
	va_end(ap);
	if (sqlite3_exec(cix_store_db(s), q, NULL, NULL, NULL) != SQLITE_OK)
		fail_msg("%s: %s", q, sqlite3_errmsg(cix_store_db(s)));
}

static void
work(struct cix_store *s, int64_t id, long lcs)
{
	sql(s, "INSERT INTO works (id, kind, title) VALUES (%lld, 0, 'w')",
	    (long long)id);
	if (lcs >= 0)
		sql(s, "INSERT INTO work_metrics (id, lcs) VALUES (%lld, %ld)",
		    (long long)id, lcs);
}

static void
cites(struct cix_store *s, int64_t citing, int pos, int64_t cited)
{
	sql(s, "INSERT INTO links (citing_id, pos, cited_id, method,"
	    " confidence) VALUES (%lld, %d, %lld, 1, 1.0)",
	    (long long)citing, pos, (long long)cited);
}

/*
 * W (1) cites A (2), B (3), C (4).  P1 (10) cites A B C, P2 (11) A B,
 * P3 (12) A, P4 (13) B, P5 (14) C, and Q (100..299) cite C: 200 ties of
 * strength 1 with LCS i % 7, every fifth without a metrics row.
 */
static int
setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	int64_t i;

	tmp_index_open(f->dir, sizeof(f->dir), f->path, sizeof(f->path), &f->s,
	    "graph", "cix.db");
	sql(f->s, "BEGIN");
	work(f->s, 1, 0);
	for (i = 2; i <= 4; i++)
		work(f->s, i, 10);
	work(f->s, 10, 1);
	work(f->s, 11, 1);
	work(f->s, 12, 5);
	work(f->s, 13, 5);
	work(f->s, 14, 9);
	cites(f->s, 1, 0, 2);
	cites(f->s, 1, 1, 3);
	cites(f->s, 1, 2, 4);
	cites(f->s, 1, 3, 4);		/* twice: still one neighbour */
	cites(f->s, 10, 0, 2);
	cites(f->s, 10, 1, 3);
	cites(f->s, 10, 2, 4);
	cites(f->s, 11, 0, 2);
	cites(f->s, 11, 1, 3);
	cites(f->s, 12, 0, 2);
	cites(f->s, 13, 0, 3);
	cites(f->s, 14, 0, 4);
	for (i = 100; i < 300; i++) {
		work(f->s, i, i % 5 == 0 ? -1 : i % 7);
		cites(f->s, i, 0, 4);
	}
	sql(f->s, "COMMIT");
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

/* The expected order of the strength-1 partners: LCS desc, then id. */
static size_t
ties(int64_t *out)
{
	static const int64_t named[][2] = { { 14, 9 }, { 12, 5 }, { 13, 5 } };
	size_t n = 0, k;
	long l;
	int64_t i;

	for (l = 9; l >= 0; l--) {
		for (k = 0; k < 3; k++)
			if (named[k][1] == l)
				out[n++] = named[k][0];
		for (i = 100; i < 300; i++)
			if ((i % 5 == 0 ? 0 : i % 7) == l)
				out[n++] = i;
	}
	return n;
}

static void
test_coupled_order(void **state)
{
	struct fx *f = *state;
	struct cix_error err;
	struct got g;
	int64_t want[256];
	size_t nw = ties(want), i;
	size_t limits[] = { 0, 1, 2, 3, 4, 5, 20, 64, 65, 66, 150, 203, 204 };
	size_t li;

	assert_int_equal(nw, 203);
	for (li = 0; li < sizeof(limits) / sizeof(limits[0]); li++) {
		size_t lim = limits[li], expect = lim && lim < 205 ? lim : 205;

		memset(&g, 0, sizeof(g));
		assert_int_equal(cix_graph_coupled(f->s, 1, lim, collect, &g,
		    &err), CIX_OK);
		assert_int_equal(g.n, expect);
		assert_int_equal(g.id[0], 10);
		assert_int_equal(g.value[0], 3);
		if (expect > 1) {
			assert_int_equal(g.id[1], 11);
			assert_int_equal(g.value[1], 2);
		}
		for (i = 2; i < g.n; i++) {
			assert_int_equal(g.value[i], 1);
			if (g.id[i] != want[i - 2])
				fail_msg("limit %zu, row %zu: %lld, expected"
				    " %lld", lim, i, (long long)g.id[i],
				    (long long)want[i - 2]);
		}
	}
}

static void
test_cocited(void **state)
{
	struct fx *f = *state;
	struct cix_error err;
	struct got g;

	memset(&g, 0, sizeof(g));
	assert_int_equal(cix_graph_cocited(f->s, 4, 20, collect, &g, &err),
	    CIX_OK);
	/* W (1) and P1 (10) cite C with A and B: twice each, equal LCS,
	 * then by id. */
	assert_int_equal(g.n, 2);
	assert_int_equal(g.id[0], 2);
	assert_int_equal(g.value[0], 2);
	assert_int_equal(g.id[1], 3);
	assert_int_equal(g.value[1], 2);
	/* A work nobody cites has no partners. */
	memset(&g, 0, sizeof(g));
	assert_int_equal(cix_graph_cocited(f->s, 299, 20, collect, &g, &err),
	    CIX_OK);
	assert_int_equal(g.n, 0);
}

static void
coupled_all(struct cix_store *s, struct got *g)
{
	struct cix_error err;

	memset(g, 0, sizeof(*g));
	if (cix_graph_coupled(s, 1, 0, collect, g, &err) != CIX_OK)
		fail_msg("coupled: %s", err.msg);
}

static int
has(const struct got *g, int64_t id)
{
	size_t i;

	for (i = 0; i < g->n; i++)
		if (g->id[i] == id)
			return 1;
	return 0;
}

static void
test_coupled_packed(void **state)
{
	struct fx *f = *state;
	struct cix_link_stats st;
	struct cix_error err;
	struct got packed, rows;
	sqlite3_stmt *q;

	/* A link pass with nothing queued: the metrics, and C's 203
	 * citers (1, 10, 14, 100..299) packed. */
	assert_int_equal(cix_link_run(f->s, &st, &err), CIX_OK);
	assert_int_equal(sqlite3_prepare_v2(cix_store_db(f->s), "SELECT"
	    " group_concat(cited_id), sum(n) FROM cited_citers", -1, &q, NULL),
	    SQLITE_OK);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(q, 0), "4");
	assert_int_equal(sqlite3_column_int(q, 1), 203);
	sqlite3_finalize(q);
	coupled_all(f->s, &packed);
	/* A work queued: the links themselves, with the same result. */
	sql(f->s, "INSERT INTO link_dirty VALUES (999)");
	coupled_all(f->s, &rows);
	assert_int_equal(packed.n, 205);
	assert_int_equal(rows.n, packed.n);
	assert_memory_equal(rows.id, packed.id, packed.n * sizeof(int64_t));
	assert_memory_equal(rows.value, packed.value,
	    packed.n * sizeof(int64_t));
	/* A list that says C is cited by 10 alone: ignored while a work is
	 * queued, read when none is. */
	sql(f->s, "UPDATE cited_citers SET n = 1, citers = x'0a'");
	coupled_all(f->s, &rows);
	assert_int_equal(rows.n, 205);
	sql(f->s, "DELETE FROM link_dirty");
	coupled_all(f->s, &rows);
	assert_int_equal(rows.n, 4);	/* 10 (3), 11 (2), 12 and 13 (1) */
	assert_false(has(&rows, 14));
	assert_false(has(&rows, 100));
	/* A list cut in the middle of a number is an error. */
	sql(f->s, "UPDATE cited_citers SET citers = x'0a80'");
	memset(&rows, 0, sizeof(rows));
	assert_true(cix_graph_coupled(f->s, 1, 0, collect, &rows, &err) < 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_coupled_order, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_cocited, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_coupled_packed, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
