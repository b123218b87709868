/*
 * graph.c - citation-graph queries (see graph.h).  All their SQL is here.
 */
#include "config.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "graph.h"
#include "store_int.h"
#include "banned.h"

/* The columns that describe a work w, read by row_work(). */
#define WROW "w.id, w.kind, coalesce(w.year, 0), w.doi, w.ut, w.title," \
	" coalesce(w.source_abbrev, w.source), w.au_text, w.volume," \
	" coalesce(w.first_page, w.article_no), coalesce(m.lcs, 0)," \
	" coalesce(m.lcr, 0), coalesce(w.times_cited, -1)," \
	" coalesce(m.pagerank, 0)"
#define NWROW 14
/* Joined wherever a query names works w: the metrics of the link pass. */
#define WMETRICS " LEFT JOIN work_metrics m ON m.id = w.id"

#define TEXT(st, i) ((const char *)sqlite3_column_text(st, i))

static void
row_work(sqlite3_stmt *st, struct cix_work_row *r)
{
	memset(r, 0, sizeof(*r));
	r->id = sqlite3_column_int64(st, 0);
	r->kind = sqlite3_column_int(st, 1);
	r->year = sqlite3_column_int(st, 2);
	r->doi = TEXT(st, 3);
	r->ut = TEXT(st, 4);
	r->title = TEXT(st, 5);
	r->source = TEXT(st, 6);
	r->author = TEXT(st, 7);
	r->volume = TEXT(st, 8);
	r->page = TEXT(st, 9);
	r->lcs = sqlite3_column_int64(st, 10);
	r->lcr = sqlite3_column_int64(st, 11);
	r->gcs = sqlite3_column_int64(st, 12);
	r->pagerank = sqlite3_column_double(st, 13);
}

static int
prep(struct cix_store *s, sqlite3_stmt **st, const char *sql,
    struct cix_error *err)
{
	int rc = sqlite3_prepare_v2(cix_store_db(s), sql, -1, st, NULL);

	if (rc != SQLITE_OK)
		return cix_store_error(s, rc, "cannot query the index", err);
	return CIX_OK;
}

/*
 * Step st to the end, filling rows with row_work() and the extra columns
 * described by `extra` (a string of column kinds after the work columns:
 * 'v' value, 'p' pos, 'r' raw, 'm' method, 'c' confidence, 'i' citing id,
 * 'u' citing ut, 'd' citing doi).
 */
static int
run_rows(struct cix_store *s, sqlite3_stmt *st, const char *extra,
    cix_row_cb cb, void *ctx, struct cix_error *err)
{
	struct cix_work_row r;
	size_t i;
	int rc, crc = 0, col;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		row_work(st, &r);
		for (i = 0, col = NWROW; extra[i] != '\0'; i++, col++) {
			switch (extra[i]) {
			case 'v': r.value = sqlite3_column_double(st, col);
				break;
			case 'p': r.pos = sqlite3_column_int(st, col) + 1;
				break;
			case 'r': r.raw = TEXT(st, col);
				break;
			case 'm': r.method = sqlite3_column_int(st, col);
				break;
			case 'c': r.confidence = sqlite3_column_double(st, col);
				break;
			case 'i': r.citing_id = sqlite3_column_int64(st, col);
				break;
			case 'u': r.citing_ut = TEXT(st, col);
				break;
			case 'd': r.citing_doi = TEXT(st, col);
				break;
			}
		}
		if ((crc = cb(ctx, &r)) != 0)
			break;
	}
	sqlite3_finalize(st);
	if (crc != 0)
		return crc;
	if (rc != SQLITE_DONE)
		return cix_store_error(s, rc, "cannot query the index", err);
	return CIX_OK;
}

int
cix_graph_work(struct cix_store *s, int64_t id, cix_row_cb cb, void *ctx,
    struct cix_error *err)
{
	sqlite3_stmt *st;
	int rc;

	if ((rc = prep(s, &st, "SELECT " WROW " FROM works w" WMETRICS
	    " WHERE w.id = ?1",
	    err)) < 0)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	return run_rows(s, st, "", cb, ctx, err);
}

int
cix_graph_links(struct cix_store *s, int64_t work, int dir,
    cix_hist_edge_cb cb, void *ctx, struct cix_error *err)
{
	sqlite3_stmt *st;
	int64_t other;
	int rc, crc = 0;

	if ((rc = prep(s, &st, dir == CIX_GRAPH_IN ?
	    "SELECT DISTINCT citing_id FROM links WHERE cited_id = ?1"
	    " AND citing_id != ?1 ORDER BY 1" :
	    "SELECT DISTINCT cited_id FROM links WHERE citing_id = ?1"
	    " AND cited_id != ?1 ORDER BY 1",
	    err)) < 0)
		return rc;
	sqlite3_bind_int64(st, 1, work);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		other = sqlite3_column_int64(st, 0);
		if ((crc = dir == CIX_GRAPH_IN ? cb(ctx, other, work) :
		    cb(ctx, work, other)) != 0)
			break;
	}
	sqlite3_finalize(st);
	if (crc != 0)
		return crc;
	if (rc != SQLITE_DONE)
		return cix_store_error(s, rc, "cannot query the index", err);
	return CIX_OK;
}

int
cix_graph_refs(struct cix_store *s, int64_t work, cix_row_cb cb, void *ctx,
    struct cix_error *err)
{
	sqlite3_stmt *st;
	int rc;

	if ((rc = prep(s, &st, "SELECT " WROW ", r.pos, r.raw,"
	    " coalesce(l.method, 0), coalesce(l.confidence, 0), r.citing_id"
	    " FROM refs r LEFT JOIN links l ON l.citing_id = r.citing_id"
	    " AND l.pos = r.pos LEFT JOIN works w ON w.id = l.cited_id"
	    WMETRICS " WHERE r.citing_id = ?1 ORDER BY r.pos", err)) < 0)
		return rc;
	sqlite3_bind_int64(st, 1, work);
	return run_rows(s, st, "prmci", cb, ctx, err);
}

int
cix_graph_all_refs(struct cix_store *s, cix_row_cb cb, void *ctx,
    struct cix_error *err)
{
	sqlite3_stmt *st;
	int rc;

	if ((rc = prep(s, &st, "SELECT " WROW ", r.pos, r.raw,"
	    " coalesce(l.method, 0), coalesce(l.confidence, 0), r.citing_id,"
	    " c.ut, c.doi FROM refs r JOIN works c ON c.id = r.citing_id"
	    " LEFT JOIN links l ON l.citing_id = r.citing_id AND l.pos = r.pos"
	    " LEFT JOIN works w ON w.id = l.cited_id" WMETRICS
	    " ORDER BY r.citing_id, r.pos", err)) < 0)
		return rc;
	return run_rows(s, st, "prmciud", cb, ctx, err);
}

int
cix_graph_citing(struct cix_store *s, int64_t work, cix_row_cb cb,
    void *ctx, struct cix_error *err)
{
	sqlite3_stmt *st;
	int rc;

	/* A work citing twice (a duplicated reference) is listed once. */
	if ((rc = prep(s, &st, "SELECT " WROW ", min(l.pos), r.raw, l.method,"
	    " l.confidence, l.citing_id FROM links l"
	    " JOIN refs r ON r.citing_id = l.citing_id AND r.pos = l.pos"
	    " JOIN works w ON w.id = l.citing_id" WMETRICS
	    " WHERE l.cited_id = ?1"
	    " GROUP BY w.id ORDER BY w.year IS NULL, w.year, w.id", err)) < 0)
		return rc;
	sqlite3_bind_int64(st, 1, work);
	return run_rows(s, st, "prmci", cb, ctx, err);
}

int
cix_graph_top(struct cix_store *s, const struct cix_top_opts *o,
    cix_row_cb cb, void *ctx, struct cix_error *err)
{
	static const char *const measure[] = {
		[CIX_TOP_LCS] = "m.lcs",
		[CIX_TOP_GCS] = "w.times_cited",
		[CIX_TOP_LCR] = "m.lcr",
		[CIX_TOP_PAGERANK] = "m.pagerank",
	};
	struct cix_buf sql;
	sqlite3_stmt *st = NULL;
	int rc, by = o->by >= 0 && o->by <= CIX_TOP_PAGERANK ? o->by : 0;

	/* Fixed fragments chosen by enum; values bound. */
	cix_buf_init(&sql, 0);
	/* Driven by the metrics (and their LCS index) except for GCS. */
	if (by == CIX_TOP_GCS)
		cix_buf_addf(&sql, "SELECT " WROW ", %s FROM works w" WMETRICS
		    " WHERE %s > 0", measure[by], measure[by]);
	else
		cix_buf_addf(&sql, "SELECT " WROW ", %s FROM work_metrics m"
		    " JOIN works w ON w.id = m.id WHERE %s > 0", measure[by],
		    measure[by]);
	if (o->records)
		cix_buf_adds(&sql, " AND w.kind != 1");
	if (o->cited_only)
		cix_buf_adds(&sql, " AND w.kind = 1");
	if (o->year_from > 0)
		cix_buf_adds(&sql, " AND w.year >= ?2");
	if (o->year_to > 0)
		cix_buf_adds(&sql, " AND w.year <= ?3");
	cix_buf_addf(&sql, " ORDER BY %s DESC, w.year, w.id LIMIT ?1",
	    measure[by]);
	if (sql.len == 0) {
		cix_buf_release(&sql);
		return cix_error_set(err, CIX_ENOMEM, "out of memory");
	}
	rc = prep(s, &st, sql.p, err);
	cix_buf_release(&sql);
	if (rc < 0)
		return rc;
	sqlite3_bind_int64(st, 1, o->limit ? (int64_t)o->limit : 20);
	sqlite3_bind_int(st, 2, o->year_from);
	sqlite3_bind_int(st, 3, o->year_to);
	return run_rows(s, st, "v", cb, ctx, err);
}

/*
 * Co-citation and coupling are counted here, not by a GROUP BY: a work's
 * partners through its neighbours (the works citing it, or the works it
 * cites), in a hash table.  SQLite's grouping of a classic's hundred
 * thousand pairs took 300 ms; this takes a tenth of that.
 */
struct pcount {
	int64_t id;		/* 0: a free slot */
	uint32_t n;		/* neighbours shared */
	/* While counting: the last neighbour counted, plus one; then the
	 * LCS, which orders ties. */
	uint32_t last;
};

struct counter {
	struct pcount *v;
	size_t cap, used;
	unsigned shift;		/* 64 - log2(cap) */
};

/* Fibonacci hashing: the high bits of the product.  (The low bits of a
 * product depend on the low bits of the id only: ids that are close
 * clustered, and linear probing walked the clusters.) */
#define SLOT(id, shift) ((size_t)(((uint64_t)(id) * \
	0x9E3779B97F4A7C15ULL) >> (shift)))

static struct pcount *
count_slot(struct counter *c, int64_t id)
{
	size_t j;

	if (c->used * 2 >= c->cap) {
		size_t ncap = c->cap ? c->cap * 2 : 1024, i;
		unsigned nshift = c->cap ? c->shift - 1 : 64 - 10;
		struct pcount *nv = calloc(ncap, sizeof(*nv));

		if (nv == NULL)
			return NULL;
		for (i = 0; i < c->cap; i++) {
			if (c->v[i].id == 0)
				continue;
			for (j = SLOT(c->v[i].id, nshift); nv[j].id != 0;
			    j = (j + 1) & (ncap - 1))
				;
			nv[j] = c->v[i];
		}
		free(c->v);
		c->v = nv;
		c->cap = ncap;
		c->shift = nshift;
	}
	for (j = SLOT(id, c->shift); c->v[j].id != 0 && c->v[j].id != id;
	    j = (j + 1) & (c->cap - 1))
		;
	if (c->v[j].id == 0) {
		c->v[j].id = id;
		c->used++;
	}
	return &c->v[j];
}

static int
cmp_pcount(const void *a, const void *b)
{
	const struct pcount *x = a, *y = b;

	if (x->n != y->n)
		return x->n > y->n ? -1 : 1;
	if (x->last != y->last)
		return x->last > y->last ? -1 : 1;
	return (x->id > y->id) - (x->id < y->id);
}

static int
cmp_pcount_id(const void *a, const void *b)
{
	const struct pcount *x = a, *y = b;

	return (x->id > y->id) - (x->id < y->id);
}

/*
 * The LCS of e[0..n), which are sorted by id, LCS_BATCH per statement (a
 * statement per work cost 6 us each: a weak pair's thousands of ties).
 */
#define LCS_BATCH 64

static int
read_lcs(struct cix_store *s, sqlite3_stmt **st, struct pcount *e, size_t n,
    struct cix_error *err)
{
	size_t i, lo, hi, mid;
	int rc;

	if (*st == NULL) {
		struct cix_buf b;

		cix_buf_init(&b, 0);
		cix_buf_adds(&b, "SELECT id, lcs FROM work_metrics"
		    " WHERE id IN (");
		for (i = 0; i < LCS_BATCH; i++)
			cix_buf_addf(&b, "%s?%zu", i ? ", " : "", i + 1);
		cix_buf_adds(&b, ")");
		rc = b.len ? prep(s, st, b.p, err) :
		    cix_error_set(err, CIX_ENOMEM, "out of memory");
		cix_buf_release(&b);
		if (rc < 0)
			return rc;
	}
	/* A short batch repeats its last id: IN ignores the copies. */
	for (i = 0; i < LCS_BATCH; i++)
		sqlite3_bind_int64(*st, (int)i + 1, e[i < n ? i : n - 1].id);
	while ((rc = sqlite3_step(*st)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(*st, 0);
		int64_t lcs = sqlite3_column_int64(*st, 1);

		for (lo = 0, hi = n; lo < hi; ) {
			mid = lo + (hi - lo) / 2;
			if (e[mid].id < id)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo < n && e[lo].id == id)
			e[lo].last = lcs < 0 ? 0 : lcs > UINT32_MAX ?
			    UINT32_MAX : (uint32_t)lcs;
	}
	sqlite3_reset(*st);
	if (rc != SQLITE_DONE)
		return cix_store_error(s, rc, "cannot query the index", err);
	return CIX_OK;
}

/* Count id as a partner of work through neighbour nb (each pair once).
 * SQLITE_DONE or SQLITE_NOMEM. */
static int
count_partner(struct counter *c, int64_t work, uint32_t nb, int64_t id)
{
	struct pcount *p;

	if (id == work)
		return SQLITE_DONE;
	if ((p = count_slot(c, id)) == NULL)
		return SQLITE_NOMEM;
	if (p->last != nb) {
		p->last = nb;
		p->n++;
	}
	return SQLITE_DONE;
}

/* Count the citers packed in b (store_schema.h, version 6) as partners
 * through neighbour nb.  SQLITE_DONE, SQLITE_NOMEM or SQLITE_CORRUPT. */
static int
count_packed(struct counter *c, int64_t work, uint32_t nb,
    const unsigned char *b, size_t len)
{
	uint64_t id = 0, d;
	size_t i = 0;
	unsigned sh;

	while (i < len) {
		for (d = 0, sh = 0; i < len && (b[i] & 0x80); i++, sh += 7)
			d |= (uint64_t)(b[i] & 0x7f) << sh;
		if (i == len || sh > 28)
			return SQLITE_CORRUPT;
		d |= (uint64_t)b[i++] << sh;
		id += d;
		if (count_partner(c, work, nb, (int64_t)id) != SQLITE_DONE)
			return SQLITE_NOMEM;
	}
	return SQLITE_DONE;
}

/* Is the graph as the last link pass left it (no work queued)?  Then
 * cited_citers is true to the links. */
static int
settled(struct cix_store *s, int *yes, struct cix_error *err)
{
	sqlite3_stmt *st;
	int rc;

	if ((rc = prep(s, &st, "SELECT NOT EXISTS (SELECT 1 FROM link_dirty)",
	    err)) < 0)
		return rc;
	rc = sqlite3_step(st);
	*yes = rc == SQLITE_ROW && sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW)
		return cix_store_error(s, rc, "cannot query the index", err);
	return CIX_OK;
}

/*
 * The partners of work through its neighbours (nsql: ?1 = work) and
 * theirs (psql: ?1 = a neighbour), strongest first.  packed, if not
 * NULL, is nsql giving as a second column the neighbour's packed list of
 * partners when it has one: used while the graph is settled.
 */
static int
cooccur(struct cix_store *s, int64_t work, size_t limit, const char *nsql,
    const char *psql, const char *packed, cix_row_cb cb, void *ctx,
    struct cix_error *err)
{
	sqlite3_stmt *nst = NULL, *pst = NULL, *lst = NULL, *wst = NULL;
	struct counter c = { NULL, 0, 0, 0 };
	struct pcount *e;
	size_t *hist = NULL, t;
	struct cix_work_row r;
	size_t ne = 0, i, k, end;
	uint32_t nb = 0;
	int rc, crc = 0, use = 0;

	if ((packed != NULL && (rc = settled(s, &use, err)) < 0) ||
	    (rc = prep(s, &nst, use ? packed : nsql, err)) < 0 ||
	    (rc = prep(s, &pst, psql, err)) < 0)
		goto out;
	sqlite3_bind_int64(nst, 1, work);
	while ((rc = sqlite3_step(nst)) == SQLITE_ROW) {
		nb++;
		if (use && sqlite3_column_type(nst, 1) == SQLITE_BLOB) {
			if ((rc = count_packed(&c, work, nb,
			    sqlite3_column_blob(nst, 1),
			    (size_t)sqlite3_column_bytes(nst, 1))) !=
			    SQLITE_DONE)
				break;
			continue;
		}
		sqlite3_bind_int64(pst, 1, sqlite3_column_int64(nst, 0));
		while ((rc = sqlite3_step(pst)) == SQLITE_ROW)
			if ((rc = count_partner(&c, work, nb,
			    sqlite3_column_int64(pst, 0))) != SQLITE_DONE)
				break;
		sqlite3_reset(pst);
		if (rc != SQLITE_DONE)
			break;
	}
	if (rc != SQLITE_DONE) {
		rc = rc == SQLITE_NOMEM ? cix_error_set(err, CIX_ENOMEM,
		    "out of memory") : cix_store_error(s, rc,
		    "cannot query the index", err);
		goto out;
	}
	/*
	 * Only the strongest can be shown: the threshold t is the strength
	 * of the limit-th partner, from a histogram of the strengths (at
	 * most nb); the partners of strength t or more are kept, with their
	 * LCS for the order of ties, and sorted.  (Sorting them all was
	 * most of the time for works with tens of thousands of partners.)
	 */
	if ((hist = calloc((size_t)nb + 2, sizeof(*hist))) == NULL) {
		rc = cix_error_set(err, CIX_ENOMEM, "out of memory");
		goto out;
	}
	for (i = 0; i < c.cap; i++)
		if (c.v[i].id != 0)
			hist[c.v[i].n]++;
	t = 0;
	if (limit && limit < c.used)
		for (t = nb, k = 0; t > 0 && (k += hist[t]) < limit; t--)
			;
	for (i = 0; i < c.cap; i++)
		if (c.v[i].id != 0 && c.v[i].n >= t)
			c.v[ne++] = c.v[i];	/* compacted in place */
	e = c.v;
	end = ne;
	/* By id, so that the lookups walk work_metrics in order. */
	if (end > 1)
		qsort(e, end, sizeof(*e), cmp_pcount_id);
	for (i = 0; i < end; i++)
		e[i].last = 0;		/* no metrics row: LCS 0 */
	rc = CIX_OK;
	for (i = 0; i < end && rc == CIX_OK; i += LCS_BATCH)
		rc = read_lcs(s, &lst, e + i, end - i < LCS_BATCH ? end - i :
		    LCS_BATCH, err);
	if (rc != CIX_OK)
		goto out;
	if (end > 1)
		qsort(e, end, sizeof(*e), cmp_pcount);
	if (limit && end > limit)
		end = limit;
	if ((rc = prep(s, &wst, "SELECT " WROW " FROM works w" WMETRICS
	    " WHERE w.id = ?1", err)) < 0)
		goto out;
	for (k = 0; k < end && crc == 0; k++) {
		sqlite3_bind_int64(wst, 1, e[k].id);
		if ((rc = sqlite3_step(wst)) == SQLITE_ROW) {
			row_work(wst, &r);
			r.value = e[k].n;
			crc = cb(ctx, &r);
		} else if (rc != SQLITE_DONE) {
			rc = cix_store_error(s, rc, "cannot query the index",
			    err);
			goto out;
		}
		sqlite3_reset(wst);
	}
	rc = crc != 0 ? crc : CIX_OK;
out:
	sqlite3_finalize(nst);
	sqlite3_finalize(pst);
	sqlite3_finalize(lst);
	sqlite3_finalize(wst);
	free(c.v);
	free(hist);
	return rc;
}

int
cix_graph_cocited(struct cix_store *s, int64_t work, size_t limit,
    cix_row_cb cb, void *ctx, struct cix_error *err)
{
	/* through the works citing it, to what they cite */
	return cooccur(s, work, limit,
	    "SELECT DISTINCT citing_id FROM links WHERE cited_id = ?1",
	    "SELECT cited_id FROM links WHERE citing_id = ?1", NULL, cb, ctx,
	    err);
}

int
cix_graph_coupled(struct cix_store *s, int64_t work, size_t limit,
    cix_row_cb cb, void *ctx, struct cix_error *err)
{
	/* through what it cites, to the other works citing that */
	return cooccur(s, work, limit,
	    "SELECT DISTINCT cited_id FROM links WHERE citing_id = ?1",
	    "SELECT citing_id FROM links WHERE cited_id = ?1",
	    "SELECT l.cited_id, c.citers FROM (SELECT DISTINCT cited_id"
	    " FROM links WHERE citing_id = ?1) l"
	    " LEFT JOIN cited_citers c ON c.cited_id = l.cited_id",
	    cb, ctx, err);
}

/* The top n imported records by LCS (ties: older first). */
#define HIST_TOP "(SELECT m.id FROM work_metrics m JOIN works k" \
	" ON k.id = m.id WHERE k.kind = 0 AND m.lcs > 0" \
	" ORDER BY m.lcs DESC, k.year, k.id LIMIT ?1)"

int
cix_graph_hist(struct cix_store *s, size_t n, cix_row_cb node_cb,
    cix_hist_edge_cb edge_cb, void *ctx, struct cix_error *err)
{
	sqlite3_stmt *st;
	int rc, crc = 0;

	/* The top n imported records by LCS, then in time order. */
	if ((rc = prep(s, &st, "SELECT " WROW " FROM works w" WMETRICS
	    " WHERE w.id IN " HIST_TOP " ORDER BY w.year, w.id", err)) < 0)
		return rc;
	sqlite3_bind_int64(st, 1, n ? (int64_t)n : 30);
	if ((rc = run_rows(s, st, "", node_cb, ctx, err)) != CIX_OK)
		return rc;
	if ((rc = prep(s, &st, "SELECT DISTINCT r.citing_id, r.cited_id"
	    " FROM links r JOIN works c ON c.id = r.citing_id"
	    " JOIN works d ON d.id = r.cited_id"
	    " WHERE r.citing_id IN " HIST_TOP
	    " AND r.cited_id IN " HIST_TOP
	    " AND r.citing_id != r.cited_id"
	    " ORDER BY c.year, c.id, d.year, d.id", err)) < 0)
		return rc;
	sqlite3_bind_int64(st, 1, n ? (int64_t)n : 30);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if ((crc = edge_cb(ctx, sqlite3_column_int64(st, 0),
		    sqlite3_column_int64(st, 1))) != 0)
			break;
	sqlite3_finalize(st);
	if (crc != 0)
		return crc;
	if (rc != SQLITE_DONE)
		return cix_store_error(s, rc, "cannot query the index", err);
	return CIX_OK;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

int
cix_graph_rpys(struct cix_store *s, int year_from, int year_to,
    cix_rpys_cb cb, void *ctx, struct cix_error *err)
{
	sqlite3_stmt *st;
	int64_t *count = NULL;
	struct cix_rpys_row row;
	int rc, crc = 0, lo = 0, hi = 0, y, k, n;
	double win[5];

	/* Cited years of every reference (parsed years 1000..2100). */
	if ((rc = prep(s, &st, "SELECT year, count(*) FROM refs"
	    " WHERE year BETWEEN max(1000, ?1) AND min(2100, ?2)"
	    " GROUP BY year ORDER BY year", err)) < 0)
		return rc;
	/* Every year: the medians at the ends of a range need the years
	 * just outside it. */
	sqlite3_bind_int(st, 1, 1000);
	sqlite3_bind_int(st, 2, 2100);
	if ((count = calloc(2101, sizeof(*count))) == NULL) {
		sqlite3_finalize(st);
		return cix_error_set(err, CIX_ENOMEM, "out of memory");
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		y = sqlite3_column_int(st, 0);
		count[y] = sqlite3_column_int64(st, 1);
		if (lo == 0)
			lo = y;
		hi = y;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		free(count);
		return cix_store_error(s, rc, "cannot query the index", err);
	}
	if (year_from > 0)
		lo = year_from;
	if (year_to > 0 && year_to <= 2100)
		hi = year_to;
	for (y = lo; lo > 0 && y <= hi; y++) {
		/* The median of the five-year window around y, as in
		 * Marx et al. (2014): years outside the data count 0. */
		for (k = -2, n = 0; k <= 2; k++)
			win[n++] = y + k >= 1000 && y + k <= 2100 ?
			    (double)count[y + k] : 0;
		qsort(win, 5, sizeof(win[0]), cmp_double);
		row.year = y;
		row.count = count[y];
		row.median = win[2];
		row.deviation = (double)count[y] - win[2];
		if ((crc = cb(ctx, &row)) != 0)
			break;
	}
	free(count);
	return crc;
}

/* ------------------------------------------------------------------ */
/* Shortest path: breadth-first search with a parent map. */

struct pmap {
	int64_t *keys;		/* 0 = empty (work ids are > 0) */
	int64_t *parent;
	size_t cap, n;
};

static int
pmap_put(struct pmap *m, int64_t key, int64_t parent)
{
	size_t i;

	if ((m->n + 1) * 2 > m->cap) {
		struct pmap g;
		size_t j;

		g.cap = m->cap ? m->cap * 2 : 1024;
		g.n = 0;
		g.keys = calloc(g.cap, sizeof(*g.keys));
		g.parent = malloc(g.cap * sizeof(*g.parent));
		if (g.keys == NULL || g.parent == NULL) {
			free(g.keys);
			free(g.parent);
			return CIX_ENOMEM;
		}
		for (j = 0; j < m->cap; j++) {
			if (m->keys[j] == 0)
				continue;
			for (i = (size_t)m->keys[j] * 0x9E3779B97F4A7C15ULL &
			    (g.cap - 1); g.keys[i] != 0; i = (i + 1) &
			    (g.cap - 1))
				;
			g.keys[i] = m->keys[j];
			g.parent[i] = m->parent[j];
			g.n++;
		}
		free(m->keys);
		free(m->parent);
		*m = g;
	}
	for (i = (size_t)key * 0x9E3779B97F4A7C15ULL & (m->cap - 1);
	    m->keys[i] != 0; i = (i + 1) & (m->cap - 1))
		if (m->keys[i] == key)
			return 0;	/* already seen */
	m->keys[i] = key;
	m->parent[i] = parent;
	m->n++;
	return 1;
}

static int64_t
pmap_parent(const struct pmap *m, int64_t key)
{
	size_t i;

	for (i = (size_t)key * 0x9E3779B97F4A7C15ULL & (m->cap - 1);
	    m->keys[i] != 0; i = (i + 1) & (m->cap - 1))
		if (m->keys[i] == key)
			return m->parent[i];
	return 0;
}

#define PATH_MAX_NODES 5000000

static int
bfs(struct cix_store *s, int64_t a, int64_t b, int undirected,
    int64_t **path, size_t *n, struct cix_error *err)
{
	struct pmap seen = { NULL, NULL, 0, 0 };
	sqlite3_stmt *out = NULL, *in = NULL;
	int64_t *q = NULL, x, y;
	size_t qh = 0, qt = 0, qalloc = 0, len, i;
	int rc, found = a == b;

	*path = NULL;
	*n = 0;
	if ((rc = prep(s, &out, "SELECT cited_id FROM links WHERE citing_id ="
	    " ?1", err)) < 0)
		return rc;
	if (undirected && (rc = prep(s, &in, "SELECT citing_id FROM links"
	    " WHERE cited_id = ?1", err)) < 0)
		goto out;
	if (pmap_put(&seen, a, -1) < 0)
		goto oom;
	if ((q = malloc(1024 * sizeof(*q))) == NULL)
		goto oom;
	qalloc = 1024;
	q[qt++] = a;
	while (!found && qh < qt && seen.n < PATH_MAX_NODES) {
		sqlite3_stmt *sts[2] = { out, in };
		int k;

		x = q[qh++];
		for (k = 0; k < 2 && !found; k++) {
			if (sts[k] == NULL)
				continue;
			sqlite3_bind_int64(sts[k], 1, x);
			while ((rc = sqlite3_step(sts[k])) == SQLITE_ROW) {
				y = sqlite3_column_int64(sts[k], 0);
				if ((rc = pmap_put(&seen, y, x)) < 0) {
					sqlite3_reset(sts[k]);
					goto oom;
				}
				if (rc == 0)
					continue;
				if (y == b) {
					found = 1;
					break;
				}
				if (qt == qalloc) {
					int64_t *p = realloc(q, 2 * qalloc *
					    sizeof(*q));

					if (p == NULL) {
						sqlite3_reset(sts[k]);
						goto oom;
					}
					q = p;
					qalloc *= 2;
				}
				q[qt++] = y;
			}
			sqlite3_reset(sts[k]);
		}
	}
	if (!found) {
		rc = CIX_ENOTFOUND;
		goto out;
	}
	for (len = 1, x = b; x != a; x = pmap_parent(&seen, x))
		len++;
	if ((*path = malloc(len * sizeof(**path))) == NULL)
		goto oom;
	for (i = len, x = b; i > 0; x = pmap_parent(&seen, x))
		(*path)[--i] = x;
	*n = len;
	rc = CIX_OK;
	goto out;
oom:
	rc = cix_error_set(err, CIX_ENOMEM, "out of memory");
out:
	sqlite3_finalize(out);
	sqlite3_finalize(in);
	free(q);
	free(seen.keys);
	free(seen.parent);
	return rc;
}

int
cix_graph_path(struct cix_store *s, int64_t a, int64_t b, int undirected,
    int64_t **path, size_t *n, int *reversed, struct cix_error *err)
{
	int rc;

	*reversed = 0;
	rc = bfs(s, a, b, undirected, path, n, err);
	if (rc != CIX_ENOTFOUND || undirected)
		goto done;
	*reversed = 1;
	rc = bfs(s, b, a, 0, path, n, err);
done:
	if (rc == CIX_ENOTFOUND)
		return cix_error_set(err, CIX_ENOTFOUND, "#%lld and #%lld are"
		    " not connected by citations%s", (long long)a,
		    (long long)b, undirected ? "" :
		    " (try --undirected)");
	return rc;
}
