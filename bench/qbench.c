/*
 * qbench.c - latency of the citation-graph queries on a linked index.
 *
 *	qbench [-n samples] [-s seed] DB
 *
 * Opens DB read-only through libcix, as the cix commands do, and times
 * each query by the library call that the command makes (rows streamed to
 * a callback that only counts them; printing is left out):
 *
 *	refs     cix_graph_refs      of records drawn at random
 *	coupled  cix_graph_coupled   of the same records (limit 20)
 *	citing   cix_graph_citing    of cited works drawn at random
 *	cocited  cix_graph_cocited   of the same cited works (limit 20)
 *	top_BY   cix_graph_top       by lcs, gcs, lcr and pagerank (20 runs)
 *	*_hot    citing and cocited of the 20 most cited works
 *
 * "Cited works" are the works with at least one link to them, drawn
 * uniformly: most are cited once or twice, as in a real index; the _hot
 * lines give the other end of the distribution.  Each query runs once
 * unmeasured on a few works first so the page cache is warm (the index
 * of a user's literature lives in memory between queries).
 *
 * Output: one line per measurement, as bench/run.sh prints them:
 *	queries<TAB>NAME_p50<TAB>VALUE<TAB>ms  (and _p99, _max, _rows)
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "error.h"
#include "graph.h"
#include "store.h"

struct sample {
	double *ms;
	size_t n, cap;
	uint64_t rows;
};

static uint64_t rng_state;

static uint64_t
rng(void)
{
	/* splitmix64 */
	uint64_t z = (rng_state += 0x9E3779B97F4A7C15ULL);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static void
die(const char *what, const char *why)
{
	fprintf(stderr, "qbench: %s: %s\n", what, why);
	exit(1);
}

static void
add(struct sample *s, double ms)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 256;
		s->ms = realloc(s->ms, s->cap * sizeof(*s->ms));
		if (s->ms == NULL)
			die("memory", strerror(errno));
	}
	s->ms[s->n++] = ms;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* Nearest-rank percentile of a sorted sample. */
static double
pct(const struct sample *s, double p)
{
	size_t k;

	if (s->n == 0)
		return 0;
	k = (size_t)(p / 100.0 * (double)s->n + 0.999999);
	if (k < 1)
		k = 1;
	if (k > s->n)
		k = s->n;
	return s->ms[k - 1];
}

static void
report(const char *name, struct sample *s)
{
	if (s->n == 0)
		return;
	qsort(s->ms, s->n, sizeof(*s->ms), cmp_double);
	printf("queries\t%s_p50\t%.3f\tms\n", name, pct(s, 50));
	printf("queries\t%s_p99\t%.3f\tms\n", name, pct(s, 99));
	printf("queries\t%s_max\t%.3f\tms\n", name, s->ms[s->n - 1]);
	printf("queries\t%s_rows\t%.1f\trows per query (mean over %zu)\n",
	    name, (double)s->rows / (double)s->n, s->n);
	free(s->ms);
	memset(s, 0, sizeof(*s));
}

static int
count_row(void *ctx, const struct cix_work_row *r)
{
	(void)r;
	(*(uint64_t *)ctx)++;
	return 0;
}

/* ids of the rows of a one-column query, in a malloc'ed array */
static int64_t *
ids(sqlite3 *db, const char *sql, size_t *n)
{
	sqlite3_stmt *st;
	int64_t *v = NULL;
	size_t cap = 0;
	int rc;

	*n = 0;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		die(sql, sqlite3_errmsg(db));
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 1024;
			if ((v = realloc(v, cap * sizeof(*v))) == NULL)
				die("memory", strerror(errno));
		}
		v[(*n)++] = sqlite3_column_int64(st, 0);
	}
	if (rc != SQLITE_DONE)
		die(sql, sqlite3_errmsg(db));
	sqlite3_finalize(st);
	return v;
}

enum q { Q_REFS, Q_COUPLED, Q_CITING, Q_COCITED };

static void
run(struct cix_store *s, enum q q, int64_t id, struct sample *smp)
{
	struct cix_error err;
	uint64_t rows = 0;
	double t0;
	int rc;

	cix_error_clear(&err);
	t0 = now_ms();
	switch (q) {
	case Q_REFS:
		rc = cix_graph_refs(s, id, count_row, &rows, &err);
		break;
	case Q_COUPLED:
		rc = cix_graph_coupled(s, id, 20, count_row, &rows, &err);
		break;
	case Q_CITING:
		rc = cix_graph_citing(s, id, count_row, &rows, &err);
		break;
	default:
		rc = cix_graph_cocited(s, id, 20, count_row, &rows, &err);
		break;
	}
	if (rc < 0)
		die("query", err.msg);
	if (smp != NULL) {
		add(smp, now_ms() - t0);
		smp->rows += rows;
	}
}

static void
series(struct cix_store *s, const char *name, enum q q, const int64_t *v,
    size_t nv, size_t n)
{
	struct sample smp = { 0 };
	size_t i;

	if (nv == 0)
		return;
	for (i = 0; i < 5; i++)		/* warm-up, not measured */
		run(s, q, v[rng() % nv], NULL);
	for (i = 0; i < n; i++)
		run(s, q, v[rng() % nv], &smp);
	report(name, &smp);
}

int
main(int argc, char **argv)
{
	static const char *by_name[] = { "lcs", "gcs", "lcr", "pagerank" };
	struct cix_store *s;
	struct cix_error err;
	struct sample smp = { 0 };
	int64_t *rec, *cited, *hot;
	size_t nrec, ncited, nhot, n = 2000, i;
	int c, by;
	sqlite3 *db;

	rng_state = 1;
	while ((c = getopt(argc, argv, "n:s:")) != -1) {
		switch (c) {
		case 'n':
			n = strtoul(optarg, NULL, 10);
			break;
		case 's':
			rng_state = strtoull(optarg, NULL, 10);
			break;
		default:
			fprintf(stderr, "usage: qbench [-n samples] "
			    "[-s seed] DB\n");
			return 2;
		}
	}
	if (optind + 1 != argc) {
		fprintf(stderr, "usage: qbench [-n samples] [-s seed] DB\n");
		return 2;
	}
	cix_error_clear(&err);
	if (cix_store_open(&s, argv[optind], CIX_STORE_READONLY, &err) < 0)
		die(argv[optind], err.msg);
	db = cix_store_db(s);
	rec = ids(db, "SELECT id FROM works WHERE kind = 0", &nrec);
	cited = ids(db, "SELECT DISTINCT cited_id FROM links", &ncited);
	hot = ids(db, "SELECT id FROM work_metrics ORDER BY lcs DESC "
	    "LIMIT 20", &nhot);
	if (nrec == 0 || ncited == 0)
		die(argv[optind], "no records or no links: import and link "
		    "first");
	printf("queries\trecords\t%zu\tworks\n", nrec);
	printf("queries\tcited_works\t%zu\tworks\n", ncited);

	series(s, "refs", Q_REFS, rec, nrec, n);
	series(s, "coupled", Q_COUPLED, rec, nrec, n);
	series(s, "citing", Q_CITING, cited, ncited, n);
	series(s, "cocited", Q_COCITED, cited, ncited, n);
	series(s, "citing_hot", Q_CITING, hot, nhot, 200);
	series(s, "cocited_hot", Q_COCITED, hot, nhot, 200);

	/* top: 20 runs of each measure after one unmeasured run */
	for (by = 0; by < 4; by++) {
		struct cix_top_opts o;
		char name[32];
		double t0;

		memset(&o, 0, sizeof(o));
		o.by = by;
		o.limit = 20;
		for (i = 0; i <= 20; i++) {
			uint64_t rows = 0;

			t0 = now_ms();
			if (cix_graph_top(s, &o, count_row, &rows, &err) < 0)
				die("top", err.msg);
			if (i > 0) {
				add(&smp, now_ms() - t0);
				smp.rows += rows;
			}
		}
		snprintf(name, sizeof(name), "top_%s", by_name[by]);
		report(name, &smp);
	}
	free(rec);
	free(cited);
	free(hot);
	cix_store_close(s);
	return 0;
}
