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

int
cix_store_link_refs(struct cix_store *s, cix_link_ref_cb cb, void *ctx,
    struct cix_error *err)
{
	struct cix_link_ref r;
	sqlite3_stmt *st;
	const char *more;
	char *copy = NULL;
	size_t copyn = 0;
	int rc, crc = 0;

	/* Work by work through refs_citing: memory stays bounded. */
	if ((rc = prep(s, &st, "SELECT r.pos, r.citing_id, r.raw, r.kind,"
	    " r.author, r.initials, coalesce(r.year, 0), r.source, r.title,"
	    " r.volume, r.issue, r.page, r.artno, r.doi, r.dois"
	    " FROM link_dirty d CROSS JOIN refs r ON r.citing_id = d.work_id"
	    " LEFT JOIN links l ON l.citing_id = r.citing_id AND l.pos = r.pos"
	    " WHERE l.citing_id IS NULL ORDER BY d.work_id, r.pos",
	    err)) < 0)
		return rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		memset(&r, 0, sizeof(r));
		r.pos = sqlite3_column_int(st, 0);
		r.citing_id = sqlite3_column_int64(st, 1);
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
	return finish(s, st, rc, crc, err);
}

int
cix_store_link_set(struct cix_store *s, int64_t citing_id, int pos,
    int64_t cited, int method, double confidence, struct cix_error *err)
{
	sqlite3_stmt *st;
	int rc;

	if ((st = cix_store_stmt(s, ST_LINK_SET, err)) == NULL)
		return err ? err->code : CIX_EDB;
	sqlite3_bind_int64(st, 1, citing_id);
	sqlite3_bind_int(st, 2, pos);
	sqlite3_bind_int64(st, 3, cited);
	sqlite3_bind_int(st, 4, method);
	sqlite3_bind_double(st, 5, confidence);
	rc = cix_store_step_done(s, st, "cannot store a link", err);
	return rc;
}

int
cix_store_link_new_cited(struct cix_store *s, const struct cix_citedref *f,
    const char *au_key, const char *ref_key, int64_t *id,
    struct cix_error *err)
{
	sqlite3_stmt *st;
	struct cix_buf au;
	int rc;

	if ((st = cix_store_stmt(s, ST_LINK_NEW_CITED, err)) == NULL)
		return err ? err->code : CIX_EDB;
	cix_buf_init(&au, 1024);
	if (f->author != NULL)
		cix_buf_addf(&au, "%s%s%s", f->author, f->initials ? " " : "",
		    f->initials ? f->initials : "");
	cix_bind_text(st, 1, f->ndois ? f->dois[0] : NULL);
	cix_bind_int_or_null(st, 2, f->year, 0);
	cix_bind_text(st, 3, f->source);
	cix_bind_text(st, 4, f->volume);
	cix_bind_text(st, 5, f->issue);
	cix_bind_text(st, 6, f->page);
	cix_bind_text(st, 7, f->artno);
	cix_bind_text(st, 8, au_key && *au_key ? au_key : NULL);
	if (f->initials != NULL && cix_isalpha((unsigned char)f->initials[0]))
		sqlite3_bind_text(st, 9, f->initials, 1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, 9);
	cix_bind_text(st, 10, ref_key);
	if (au.len)
		sqlite3_bind_text(st, 11, au.p, (int)au.len, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, 11);
	cix_bind_text(st, 12, f->title);
	rc = cix_store_step_done(s, st, "cannot store a cited work", err);
	cix_buf_release(&au);
	if (rc < 0)
		return rc;
	/* Its one author lives in au_text ("Surname Initials"): no authors
	 * row for the hundreds of thousands of these. */
	*id = sqlite3_last_insert_rowid(s->db);
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

	/* The total is counted only when it matters (a full scan). */
	if ((rc = prep(s, &st, "SELECT count(*) FROM link_dirty d"
	    " JOIN refs r ON r.citing_id = d.work_id"
	    " LEFT JOIN links l ON l.citing_id = r.citing_id AND l.pos = r.pos"
	    " WHERE l.citing_id IS NULL",
	    err)) < 0)
		return rc;
	rc = sqlite3_step(st);
	*pending = sqlite3_column_int64(st, 0);
	*total = 0;
	if ((rc = finish(s, st, rc == SQLITE_ROW ? SQLITE_DONE : rc, 0,
	    err)) < 0 || *pending < 50000)
		return rc;
	if ((rc = prep(s, &st, "SELECT count(*) FROM refs", err)) < 0)
		return rc;
	rc = sqlite3_step(st);
	*total = sqlite3_column_int64(st, 0);
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
	return cix_store_exec(s, "CREATE INDEX IF NOT EXISTS links_cited ON"
	    " links(cited_id);"
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
		rc = sqlite3_step(st);
		sqlite3_reset(st);
		if (rc != SQLITE_DONE) {
			sqlite3_finalize(st);
			return cix_store_error(s, rc, "cannot store metrics",
			    err);
		}
	}
	sqlite3_finalize(st);
	return cix_store_exec(s, "CREATE INDEX work_metrics_lcs ON"
	    " work_metrics(lcs) WHERE lcs > 0;", err);
}

int
cix_store_link_reset(struct cix_store *s, struct cix_error *err)
{
	return cix_store_exec(s,
	    "DELETE FROM links;"
	    "DELETE FROM authors WHERE work_id IN"
	    " (SELECT id FROM works WHERE kind = 1);"
	    "DELETE FROM link_dirty;"
	    "DELETE FROM works WHERE kind = 1;"
	    "INSERT INTO link_dirty (work_id) SELECT id FROM works;"
	    "DELETE FROM work_metrics;", err);
}
