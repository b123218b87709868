/*
 * store_link.c - SQL for the link pass (see store_link.h).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "store_int.h"
#include "store_link.h"
#include "util.h"
#include "banned.h"

#define TEXT(st, i) ((const char *)sqlite3_column_text(st, i))

static int
prep(struct cix_store *s, sqlite3_stmt **st, const char *sql,
    struct cix_error *err)
{
	int rc = sqlite3_prepare_v2(s->db, sql, -1, st, NULL);

	if (rc != SQLITE_OK)
		return cix_store_error(s, rc, "cannot link", err);
	return CIX_OK;
}

static int
finish(struct cix_store *s, sqlite3_stmt *st, int rc, int crc,
    struct cix_error *err)
{
	sqlite3_finalize(st);
	if (crc != 0)
		return crc;
	if (rc != SQLITE_DONE)
		return cix_store_error(s, rc, "cannot link", err);
	return CIX_OK;
}

#define WORK_COLS "id, kind, doi, au_key, au_init, coalesce(year, 0)," \
	" volume, first_page, last_page, article_no, source," \
	" source_abbrev, source_iso, ref_key," \
	" (SELECT abbrev FROM authors WHERE work_id = works.id AND pos = 0)"

static void
work_row(sqlite3_stmt *st, struct cix_link_work *w)
{
	w->id = sqlite3_column_int64(st, 0);
	w->kind = sqlite3_column_int(st, 1);
	w->doi = TEXT(st, 2);
	w->au_key = TEXT(st, 3);
	w->au_init = TEXT(st, 4);
	w->year = sqlite3_column_int(st, 5);
	w->volume = TEXT(st, 6);
	w->first_page = TEXT(st, 7);
	w->last_page = TEXT(st, 8);
	w->article_no = TEXT(st, 9);
	w->source = TEXT(st, 10);
	w->source_abbrev = TEXT(st, 11);
	w->source_iso = TEXT(st, 12);
	w->ref_key = TEXT(st, 13);
	w->au_abbrev = TEXT(st, 14);
}

static int
each_work(struct cix_store *s, const char *sql, cix_link_work_cb cb,
    void *ctx, struct cix_error *err)
{
	struct cix_link_work w;
	sqlite3_stmt *st;
	int rc, crc = 0;

	if ((rc = prep(s, &st, sql, err)) < 0)
		return rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		work_row(st, &w);
		if ((crc = cb(ctx, &w)) != 0)
			break;
	}
	return finish(s, st, rc, crc, err);
}

int
cix_store_link_works(struct cix_store *s, int cited_only,
    cix_link_work_cb cb, void *ctx, struct cix_error *err)
{
	return each_work(s, cited_only ?
	    "SELECT " WORK_COLS " FROM works WHERE kind = 1" :
	    "SELECT " WORK_COLS " FROM works WHERE kind != 1", cb, ctx, err);
}

int
cix_store_link_dirty(struct cix_store *s, cix_link_work_cb cb, void *ctx,
    struct cix_error *err)
{
	return each_work(s, "SELECT " WORK_COLS " FROM works"
	    " WHERE id IN (SELECT work_id FROM link_dirty) AND kind != 1"
	    " ORDER BY id", cb, ctx, err);
}

/* A reference that has a link: (citing_id, pos). */
struct linked {
	int64_t citing;
	int pos;
};

/*
 * The links the works queued for linking have already, in the order of
 * the refs primary key: a work queued again (a cited-only work it named
 * was released) keeps its other links.  Read before the pass writes any.
 */
static int
linked_refs(struct cix_store *s, struct linked **out, size_t *n,
    struct cix_error *err)
{
	sqlite3_stmt *st;
	struct linked *v = NULL, *p;
	size_t alloc = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if ((rc = prep(s, &st, "SELECT l.citing_id, l.pos FROM link_dirty d"
	    " JOIN links l ON l.citing_id = d.work_id"
	    " ORDER BY l.citing_id, l.pos", err)) < 0)
		return rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == alloc) {
			alloc = alloc ? alloc * 2 : 1024;
			if ((p = realloc(v, alloc * sizeof(*v))) == NULL) {
				free(v);
				sqlite3_finalize(st);
				return cix_error_set(err, CIX_ENOMEM,
				    "out of memory");
			}
			v = p;
		}
		v[*n].citing = sqlite3_column_int64(st, 0);
		v[(*n)++].pos = sqlite3_column_int(st, 1);
	}
	if ((rc = finish(s, st, rc, 0, err)) < 0) {
		free(v);
		*n = 0;
		return rc;
	}
	*out = v;
	return CIX_OK;
}

int
cix_store_link_refs(struct cix_store *s, cix_link_ref_cb cb, void *ctx,
    struct cix_error *err)
{
	struct cix_link_ref r;
	struct linked *done = NULL;
	sqlite3_stmt *st;
	const char *more;
	char *copy = NULL;
	size_t copyn = 0, ndone = 0, k = 0;
	int rc, crc = 0;

	/*
	 * Work by work, in the order of the refs primary key: memory stays
	 * bounded.  The references that have a link already are skipped by
	 * walking the sorted list of them beside the scan: a probe of links
	 * per reference (an anti-join) cost 1-1.5 s of a first link of 4
	 * million references, where there are none.
	 */
	if ((rc = linked_refs(s, &done, &ndone, err)) < 0)
		return rc;
	if ((rc = prep(s, &st, "SELECT r.pos, r.citing_id, r.raw, r.kind,"
	    " r.author, r.initials, coalesce(r.year, 0), r.source, r.title,"
	    " r.volume, r.issue, r.page, r.artno, r.doi, r.dois"
	    " FROM link_dirty d CROSS JOIN refs r ON r.citing_id = d.work_id"
	    " ORDER BY d.work_id, r.pos", err)) < 0) {
		free(done);
		return rc;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		memset(&r, 0, sizeof(r));
		r.pos = sqlite3_column_int(st, 0);
		r.citing_id = sqlite3_column_int64(st, 1);
		while (k < ndone && (done[k].citing < r.citing_id ||
		    (done[k].citing == r.citing_id && done[k].pos < r.pos)))
			k++;
		if (k < ndone && done[k].citing == r.citing_id &&
		    done[k].pos == r.pos)
			continue;	/* linked already */
		r.raw = TEXT(st, 2);
		r.f.kind = sqlite3_column_int(st, 3);
		r.f.author = TEXT(st, 4);
		r.f.initials = TEXT(st, 5);
		r.f.year = sqlite3_column_int(st, 6);
		r.f.source = TEXT(st, 7);
		r.f.title = TEXT(st, 8);
		r.f.volume = TEXT(st, 9);
		r.f.issue = TEXT(st, 10);
		r.f.page = TEXT(st, 11);
		r.f.artno = TEXT(st, 12);
		if (TEXT(st, 13) != NULL)
			r.f.dois[r.f.ndois++] = TEXT(st, 13);
		more = TEXT(st, 14);
		if (more != NULL) {
			/* Split a private copy: the column text is const. */
			size_t n = strlen(more) + 1;
			char *p, *e;

			if (n > copyn) {
				free(copy);
				if ((copy = malloc(n)) == NULL) {
					crc = cix_error_set(err, CIX_ENOMEM,
					    "out of memory");
					break;
				}
				copyn = n;
			}
			memcpy(copy, more, n);
			for (p = copy; p != NULL && *p != '\0' &&
			    r.f.ndois < CIX_REF_MAXDOIS; p = e) {
				if ((e = strchr(p, ' ')) != NULL)
					*e++ = '\0';
				r.f.dois[r.f.ndois++] = p;
			}
		}
		if ((crc = cb(ctx, &r)) != 0)
			break;
	}
	free(copy);
	free(done);
	return finish(s, st, rc, crc, err);
}

/* ------------------------------------------------------------------ */
/*
 * Batches.  A link pass writes millions of links and hundreds of
 * thousands of cited-only works: one multi-row INSERT per BATCH rows
 * costs a fraction of one statement per row.  Cited-only works come with
 * the ids the linker gave them, so they need no round trip either.
 */
#define BATCH 128
#define CITED_COLS 13		/* parameters per cited-only work row */
#define CITED_TEXT 11		/* doi, source ... title */

struct lrow {
	int64_t citing, cited;
	int pos, method;
	double conf;
};

struct crow {
	int64_t id;
	int year;
	const char *v[CITED_TEXT];	/* text columns, in the arena */
};

struct link_batch {
	struct lrow l[BATCH];
	size_t nl;
	struct crow c[BATCH];
	size_t nc;
	struct cix_arena arena;
	sqlite3_stmt *lmulti, *cmulti;
};

void
cix_store_link_batch_reset(struct cix_store *s)
{
	if (s->lb == NULL)
		return;
	s->lb->nl = 0;
	s->lb->nc = 0;
	cix_arena_reset(&s->lb->arena);
}

void
cix_store_link_batch_free(struct cix_store *s)
{
	if (s->lb == NULL)
		return;
	sqlite3_finalize(s->lb->lmulti);
	sqlite3_finalize(s->lb->cmulti);
	cix_arena_release(&s->lb->arena);
	free(s->lb);
	s->lb = NULL;
}

int
cix_store_link_batch_begin(struct cix_store *s, struct cix_error *err)
{
	if (s->lb == NULL) {
		if ((s->lb = calloc(1, sizeof(*s->lb))) == NULL)
			return cix_error_set(err, CIX_ENOMEM, "out of memory");
		cix_arena_init(&s->lb->arena, 0);
	}
	cix_store_link_batch_reset(s);
	return CIX_OK;
}

/* head, then BATCH copies of row: one multi-row statement. */
static int
multi(struct cix_store *s, sqlite3_stmt **st, const char *head,
    const char *row, struct cix_error *err)
{
	struct cix_buf b;
	size_t i;
	int rc;

	if (*st != NULL)
		return CIX_OK;
	cix_buf_init(&b, 0);
	cix_buf_adds(&b, head);
	for (i = 0; i < BATCH; i++)
		cix_buf_addf(&b, "%s%s", i ? ", " : "", row);
	rc = b.len ? prep(s, st, b.p, err) : cix_error_set(err, CIX_ENOMEM,
	    "out of memory");
	cix_buf_release(&b);
	return rc;
}

static void
bind_lrow(sqlite3_stmt *st, int col, const struct lrow *r)
{
	sqlite3_bind_int64(st, col, r->citing);
	sqlite3_bind_int(st, col + 1, r->pos);
	sqlite3_bind_int64(st, col + 2, r->cited);
	sqlite3_bind_int(st, col + 3, r->method);
	sqlite3_bind_double(st, col + 4, r->conf);
}

static void
bind_crow(sqlite3_stmt *st, int col, const struct crow *r)
{
	size_t i;

	/* id, doi, year, then source ... title */
	sqlite3_bind_int64(st, col, r->id);
	cix_bind_text(st, col + 1, r->v[0]);
	cix_bind_int_or_null(st, col + 2, r->year, 0);
	for (i = 1; i < CITED_TEXT; i++)
		cix_bind_text(st, col + 2 + (int)i, r->v[i]);
}

int
cix_store_link_flush(struct cix_store *s, struct cix_error *err)
{
	struct link_batch *b = s->lb;
	sqlite3_stmt *st;
	size_t i;
	int rc;

	if (b == NULL)
		return CIX_OK;
	if (b->nc > 0) {
		if (b->nc == BATCH) {
			if ((rc = multi(s, &b->cmulti, "INSERT OR FAIL INTO"
			    " works (id, kind, doi, year, source, volume,"
			    " issue, first_page, article_no, au_key, au_init,"
			    " ref_key, au_text, title, origin) VALUES ",
			    "(?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'ref')",
			    err)) < 0)
				return rc;
			for (i = 0; i < BATCH; i++)
				bind_crow(b->cmulti, (int)(i * CITED_COLS) + 1,
				    &b->c[i]);
			if ((rc = cix_store_step_done(s, b->cmulti,
			    "cannot store cited works", err)) < 0)
				return rc;
		} else {
			if ((st = cix_store_stmt(s, ST_LINK_NEW_CITED,
			    err)) == NULL)
				return err ? err->code : CIX_EDB;
			for (i = 0; i < b->nc; i++) {
				bind_crow(st, 1, &b->c[i]);
				if ((rc = cix_store_step_done(s, st,
				    "cannot store a cited work", err)) < 0)
					return rc;
			}
		}
		b->nc = 0;
		cix_arena_reset(&b->arena);
	}
	if (b->nl > 0) {
		if (b->nl == BATCH) {
			if ((rc = multi(s, &b->lmulti, "INSERT OR REPLACE INTO"
			    " links (citing_id, pos, cited_id, method,"
			    " confidence) VALUES ", "(?, ?, ?, ?, ?)",
			    err)) < 0)
				return rc;
			for (i = 0; i < BATCH; i++)
				bind_lrow(b->lmulti, (int)(i * 5) + 1,
				    &b->l[i]);
			if ((rc = cix_store_step_done(s, b->lmulti,
			    "cannot store links", err)) < 0)
				return rc;
		} else {
			if ((st = cix_store_stmt(s, ST_LINK_SET, err)) == NULL)
				return err ? err->code : CIX_EDB;
			for (i = 0; i < b->nl; i++) {
				bind_lrow(st, 1, &b->l[i]);
				if ((rc = cix_store_step_done(s, st,
				    "cannot store a link", err)) < 0)
					return rc;
			}
		}
		b->nl = 0;
	}
	return CIX_OK;
}

int
cix_store_link_set(struct cix_store *s, int64_t citing_id, int pos,
    int64_t cited, int method, double confidence, struct cix_error *err)
{
	struct lrow *r;

	int rc;

	if (s->lb == NULL && cix_store_link_batch_begin(s, err) < 0)
		return err ? err->code : CIX_ENOMEM;
	if (s->lb->nl == BATCH && (rc = cix_store_link_flush(s, err)) < 0)
		return rc;
	r = &s->lb->l[s->lb->nl++];
	r->citing = citing_id;
	r->pos = pos;
	r->cited = cited;
	r->method = method;
	r->conf = confidence;
	return CIX_OK;
}

/* A copy of s in the batch's arena; *oom set when it fails. */
static const char *
keep(struct link_batch *b, const char *s, int *oom)
{
	char *p;

	if (s == NULL)
		return NULL;
	if ((p = cix_arena_strdup(&b->arena, s)) == NULL)
		*oom = 1;
	return p;
}

int
cix_store_link_new_cited(struct cix_store *s, const struct cix_citedref *f,
    const char *au_key, const char *ref_key, int64_t id,
    struct cix_error *err)
{
	struct link_batch *b;
	struct crow *r;
	char init[2] = { 0, 0 };
	struct cix_buf au;
	int oom = 0, rc;

	if (s->lb == NULL && cix_store_link_batch_begin(s, err) < 0)
		return err ? err->code : CIX_ENOMEM;
	b = s->lb;
	if (b->nc == BATCH && (rc = cix_store_link_flush(s, err)) < 0)
		return rc;
	r = &b->c[b->nc];
	memset(r, 0, sizeof(*r));
	r->id = id;
	r->year = f->year;
	if (f->initials != NULL && cix_isalpha((unsigned char)f->initials[0]))
		init[0] = f->initials[0];
	cix_buf_init(&au, 1024);
	if (f->author != NULL)
		cix_buf_addf(&au, "%s%s%s", f->author, f->initials ? " " : "",
		    f->initials ? f->initials : "");
	/* doi, then (after year) source ... title, in column order */
	r->v[0] = keep(b, f->ndois ? f->dois[0] : NULL, &oom);
	r->v[1] = keep(b, f->source, &oom);
	r->v[2] = keep(b, f->volume, &oom);
	r->v[3] = keep(b, f->issue, &oom);
	r->v[4] = keep(b, f->page, &oom);
	r->v[5] = keep(b, f->artno, &oom);
	r->v[6] = keep(b, au_key && *au_key ? au_key : NULL, &oom);
	r->v[7] = keep(b, init[0] ? init : NULL, &oom);
	r->v[8] = keep(b, ref_key, &oom);
	r->v[9] = keep(b, au.len ? au.p : NULL, &oom);
	r->v[10] = keep(b, f->title, &oom);
	cix_buf_release(&au);
	if (oom)
		return cix_error_set(err, CIX_ENOMEM, "out of memory");
	b->nc++;
	/* Its one author lives in au_text ("Surname Initials"): no authors
	 * row for the hundreds of thousands of these. */
	return CIX_OK;
}

/* Delete work id and the rows that belong to it. */
static int
delete_work(struct cix_store *s, int64_t id, struct cix_error *err)
{
	static const char *const sql[] = {
		"DELETE FROM authors WHERE work_id = ?1",
		"DELETE FROM affiliations WHERE work_id = ?1",
		"DELETE FROM author_affils WHERE work_id = ?1",
		"DELETE FROM keywords WHERE work_id = ?1",
		"DELETE FROM extra_tags WHERE work_id = ?1",
		"DELETE FROM field_sources WHERE work_id = ?1",
		"DELETE FROM conflicts WHERE work_id = ?1",
		"DELETE FROM work_files WHERE work_id = ?1",
		"DELETE FROM link_dirty WHERE work_id = ?1",
		"DELETE FROM links WHERE cited_id = ?1",
		"DELETE FROM works WHERE id = ?1",
	};
	sqlite3_stmt *st;
	size_t i;
	int rc;

	/* The delete trigger takes the work's text out of the index. */
	if ((rc = cix_store_fts_flush(s, err)) < 0)
		return rc;
	for (i = 0; i < sizeof(sql) / sizeof(sql[0]); i++) {
		if ((rc = prep(s, &st, sql[i], err)) < 0)
			return rc;
		sqlite3_bind_int64(st, 1, id);
		rc = sqlite3_step(st);
		sqlite3_finalize(st);
		if (rc != SQLITE_DONE)
			return cix_store_error(s, rc, "cannot remove a work",
			    err);
	}
	return CIX_OK;
}

int
cix_store_link_absorb(struct cix_store *s, int64_t from, int64_t to,
    int method, double confidence, struct cix_error *err)
{
	sqlite3_stmt *st;
	int rc;

	if ((rc = prep(s, &st, "UPDATE links SET cited_id = ?2, method = ?3,"
	    " confidence = ?4 WHERE cited_id = ?1", err)) < 0)
		return rc;
	sqlite3_bind_int64(st, 1, from);
	sqlite3_bind_int64(st, 2, to);
	sqlite3_bind_int(st, 3, method);
	sqlite3_bind_double(st, 4, confidence);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return cix_store_error(s, rc, "cannot move references", err);
	return delete_work(s, from, err);
}

int
cix_store_link_pending(struct cix_store *s, int64_t *pending, int64_t *total,
    struct cix_error *err)
{
	sqlite3_stmt *st;
	int rc;

	/* Works, not references: counting those would read the whole refs
	 * table twice (measured: 7% of a full link) to decide a mode. */
	if ((rc = prep(s, &st, "SELECT (SELECT count(*) FROM link_dirty),"
	    " (SELECT count(*) FROM works WHERE kind != 1)", err)) < 0)
		return rc;
	rc = sqlite3_step(st);
	*pending = sqlite3_column_int64(st, 0);
	*total = sqlite3_column_int64(st, 1);
	return finish(s, st, rc == SQLITE_ROW ? SQLITE_DONE : rc, 0, err);
}

int
cix_store_link_bulk_begin(struct cix_store *s, struct cix_error *err)
{
	return cix_store_exec(s, "DROP INDEX IF EXISTS links_cited;"
	    "DROP INDEX IF EXISTS works_doi;", err);
}

int
cix_store_link_bulk_end(struct cix_store *s, struct cix_error *err)
{
	return cix_store_build_indexes(s, "CREATE INDEX IF NOT EXISTS"
	    " links_cited ON links(cited_id);"
	    "CREATE INDEX IF NOT EXISTS works_doi ON works(doi)"
	    " WHERE doi IS NOT NULL;", err);
}

int
cix_store_link_release(struct cix_store *s, int64_t id, struct cix_error *err)
{
	sqlite3_stmt *st;
	int rc;

	if ((rc = prep(s, &st, "INSERT OR IGNORE INTO link_dirty (work_id)"
	    " SELECT DISTINCT citing_id FROM links WHERE cited_id = ?1",
	    err)) < 0)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return cix_store_error(s, rc, "cannot queue references", err);
	return delete_work(s, id, err);
}

int
cix_store_link_done(struct cix_store *s, struct cix_error *err)
{
	return cix_store_exec(s, "DELETE FROM link_dirty", err);
}

int
cix_store_edges(struct cix_store *s, cix_edge_cb cb, void *ctx,
    struct cix_error *err)
{
	sqlite3_stmt *st;
	int rc, crc = 0;

	if ((rc = prep(s, &st, "SELECT citing_id, cited_id FROM links"
	    " WHERE cited_id != citing_id", err)) < 0)
		return rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if ((crc = cb(ctx, sqlite3_column_int64(st, 0),
		    sqlite3_column_int64(st, 1))) != 0)
			break;
	return finish(s, st, rc, crc, err);
}

int
cix_store_max_work_id(struct cix_store *s, int64_t *max,
    struct cix_error *err)
{
	sqlite3_stmt *st;
	int rc;

	if ((rc = prep(s, &st, "SELECT coalesce(max(id), 0) FROM works",
	    err)) < 0)
		return rc;
	rc = sqlite3_step(st);
	*max = sqlite3_column_int64(st, 0);
	return finish(s, st, rc == SQLITE_ROW ? SQLITE_DONE : rc, 0, err);
}

int
cix_store_record_ids(struct cix_store *s, cix_work_id_cb cb, void *ctx,
    struct cix_error *err)
{
	sqlite3_stmt *st;
	int rc, crc = 0;

	if ((rc = prep(s, &st, "SELECT id FROM works WHERE kind = 0", err)) < 0)
		return rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if ((crc = cb(ctx, sqlite3_column_int64(st, 0))) != 0)
			break;
	return finish(s, st, rc, crc, err);
}

int
cix_store_set_metrics(struct cix_store *s, size_t n, const int64_t *ids,
    const uint32_t *lcs, const uint32_t *lcr, const double *pr,
    struct cix_error *err)
{
	sqlite3_stmt *st;
	size_t i;
	int rc;

	/* Rewritten whole, in id order, its index built once at the end. */
	if ((rc = cix_store_exec(s, "DELETE FROM work_metrics;"
	    "DROP INDEX IF EXISTS work_metrics_lcs;", err)) < 0)
		return rc;
	if ((rc = prep(s, &st, "INSERT INTO work_metrics (id, lcs, lcr,"
	    " pagerank) VALUES (?1, ?2, ?3, ?4)", err)) < 0)
		return rc;
	for (i = 0; i < n; i++) {
		sqlite3_bind_int64(st, 1, ids[i]);
		sqlite3_bind_int64(st, 2, lcs[i]);
		sqlite3_bind_int64(st, 3, lcr[i]);
		if (pr[i] >= 0)
			sqlite3_bind_double(st, 4, pr[i]);
		else
			sqlite3_bind_null(st, 4);
		if ((rc = cix_store_step_done(s, st, "cannot store metrics",
		    err)) < 0) {
			sqlite3_finalize(st);
			return rc;
		}
	}
	sqlite3_finalize(st);
	return cix_store_build_indexes(s, "CREATE INDEX work_metrics_lcs ON"
	    " work_metrics(lcs) WHERE lcs > 0;", err);
}

int
cix_store_set_citers(struct cix_store *s, size_t n, const int64_t *ids,
    const uint32_t *count, const size_t *off, const unsigned char *buf,
    struct cix_error *err)
{
	sqlite3_stmt *st;
	size_t i;
	int rc;

	if ((rc = cix_store_exec(s, "DELETE FROM cited_citers", err)) < 0 ||
	    (rc = prep(s, &st, "INSERT INTO cited_citers (cited_id, n,"
	    " citers) VALUES (?1, ?2, ?3)", err)) < 0)
		return rc;
	for (i = 0; i < n; i++) {
		sqlite3_bind_int64(st, 1, ids[i]);
		sqlite3_bind_int64(st, 2, count[i]);
		sqlite3_bind_blob(st, 3, buf + off[i], (int)(off[i + 1] -
		    off[i]), SQLITE_STATIC);
		if ((rc = cix_store_step_done(s, st, "cannot store citers",
		    err)) < 0)
			break;
	}
	sqlite3_finalize(st);
	return rc;
}

int
cix_store_link_reset(struct cix_store *s, struct cix_error *err)
{
	return cix_store_exec(s,
	    "DELETE FROM cited_citers;"
	    "DELETE FROM links;"
	    "DELETE FROM authors WHERE work_id IN"
	    " (SELECT id FROM works WHERE kind = 1);"
	    "DELETE FROM link_dirty;"
	    "DELETE FROM works WHERE kind = 1;"
	    "INSERT INTO link_dirty (work_id) SELECT id FROM works;"
	    "DELETE FROM work_metrics;", err);
}
