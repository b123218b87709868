/*
 * store_resolve.c - the SQL of DOI resolution: the dois and doi_ra
 * tables, the merge of a resolved record into a work with provenance,
 * and reading provenance back.
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "citedref.h"
#include "doi.h"
#include "store_int.h"
#include "store_resolve.h"
#include "util.h"
#include "banned.h"

#define STR_AT(r, off) (*(const char **)((char *)(r) + (off)))
#define INT_AT(r, off) (*(int *)((char *)(r) + (off)))
#define LONG_AT(r, off) (*(long *)((char *)(r) + (off)))

static const char *const state_names[] = {
	"pending", "resolved", "notfound", "failed", "invalid"
};

const char *
cix_doi_state_name(int state)
{
	if (state < 0 || state > CIX_DOI_INVALID)
		return NULL;
	return state_names[state];
}

int
cix_doi_state_parse(const char *s)
{
	int i;

	for (i = 0; s != NULL && i <= CIX_DOI_INVALID; i++)
		if (strcmp(s, state_names[i]) == 0)
			return i;
	return -1;
}

void
cix_iso_time(char out[32], long long t)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (gmtime_r(&tt, &tm) == NULL ||
	    strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		snprintf(out, 32, "1970-01-01T00:00:00Z");
}

static int
prep(struct cix_store *s, const char *sql, sqlite3_stmt **st,
    struct cix_error *err)
{
	int rc = sqlite3_prepare_v2(s->db, sql, -1, st, NULL);

	if (rc != SQLITE_OK) {
		*st = NULL;
		return cix_store_error(s, rc, "cannot prepare statement", err);
	}
	return CIX_OK;
}

static void
copy_text(char *dst, size_t n, sqlite3_stmt *st, int col)
{
	const unsigned char *t = sqlite3_column_text(st, col);

	snprintf(dst, n, "%s", t ? (const char *)t : "");
}

static char *
dup_text(sqlite3_stmt *st, int col, int *oom)
{
	const unsigned char *t = sqlite3_column_text(st, col);
	size_t n;
	char *p;

	if (t == NULL)
		return NULL;
	n = (size_t)sqlite3_column_bytes(st, col);
	if ((p = malloc(n + 1)) == NULL) {
		*oom = 1;
		return NULL;
	}
	memcpy(p, t, n);
	p[n] = '\0';
	return p;
}

/* ------------------------------------------------------------------ */
/* Gathering candidates */

struct gather {
	struct cix_store *s;
	sqlite3_stmt *cand;	/* INSERT OR IGNORE INTO temp.resolve_cand */
	sqlite3_stmt *invalid;	/* INSERT ... 'invalid' INTO dois */
	struct cix_buf norm;
	size_t ninvalid;
};

static int
gather_one(struct gather *g, const char *doi, size_t len,
    struct cix_error *err)
{
	sqlite3_stmt *st;
	int rc;

	doi = cix_trim(doi, &len);
	if (len == 0)
		return CIX_OK;
	cix_buf_reset(&g->norm);
	if (cix_doi_normalise(&g->norm, doi, len) == CIX_OK) {
		st = g->cand;
		sqlite3_bind_text(st, 1, g->norm.p, (int)g->norm.len,
		    SQLITE_TRANSIENT);
	} else {
		st = g->invalid;
		sqlite3_bind_text(st, 1, doi, (int)len, SQLITE_TRANSIENT);
		g->ninvalid++;
	}
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return cix_store_error(g->s, rc, "cannot record a DOI", err);
	return CIX_OK;
}

int
cix_store_doi_gather(struct cix_store *s, const struct cix_doi_select *sel,
    size_t *ncand, size_t *ninvalid, struct cix_error *err)
{
	struct gather g;
	sqlite3_stmt *st = NULL;
	size_t i;
	int rc, own = 0, r;

	*ncand = *ninvalid = 0;
	memset(&g, 0, sizeof(g));
	g.s = s;
	cix_buf_init(&g.norm, 4096);
	if (!s->in_tx) {
		if ((rc = cix_store_begin(s, err)) < 0)
			goto out;
		own = 1;
	}
	if ((rc = cix_store_exec(s,
	    "CREATE TEMP TABLE IF NOT EXISTS resolve_cand"
	    " (doi TEXT PRIMARY KEY) WITHOUT ROWID;"
	    "CREATE TEMP TABLE IF NOT EXISTS resolve_works"
	    " (id INTEGER PRIMARY KEY);"
	    "DELETE FROM temp.resolve_cand;"
	    "DELETE FROM temp.resolve_works;", err)) < 0)
		goto out;
	if (sel->nworks > 0) {
		if ((rc = prep(s, "INSERT OR IGNORE INTO temp.resolve_works"
		    " (id) VALUES (?1)", &st, err)) < 0)
			goto out;
		for (i = 0; i < sel->nworks; i++) {
			sqlite3_bind_int64(st, 1, sel->works[i]);
			if ((rc = cix_store_step_done(s, st,
			    "cannot select works", err)) < 0)
				goto out;
		}
		sqlite3_finalize(st);
		st = NULL;
	}
	if ((rc = prep(s, "INSERT OR IGNORE INTO temp.resolve_cand (doi)"
	    " VALUES (?1)", &g.cand, err)) < 0 ||
	    (rc = prep(s, "INSERT OR IGNORE INTO dois (doi, state)"
	    " VALUES (?1, 'invalid')", &g.invalid, err)) < 0)
		goto out;

	/* The works' own DOIs: every full or resolved work, or the named
	 * works whatever their kind. */
	if ((rc = prep(s, sel->nworks > 0 ?
	    "SELECT doi FROM works WHERE doi IS NOT NULL AND id IN"
	    " (SELECT id FROM temp.resolve_works)" :
	    "SELECT doi FROM works WHERE doi IS NOT NULL AND kind <> 1",
	    &st, err)) < 0)
		goto out;
	while ((r = sqlite3_step(st)) == SQLITE_ROW)
		if ((rc = gather_one(&g, (const char *)sqlite3_column_text(st,
		    0), (size_t)sqlite3_column_bytes(st, 0), err)) < 0)
			goto out;
	if (r != SQLITE_DONE) {
		rc = cix_store_error(s, r, "cannot list DOIs", err);
		goto out;
	}
	sqlite3_finalize(st);
	st = NULL;

	/* The references' DOIs: refs.doi and the space-separated rest. */
	if (sel->refs) {
		if ((rc = prep(s, sel->nworks > 0 ?
		    "SELECT doi, dois FROM refs WHERE (doi IS NOT NULL OR"
		    " dois IS NOT NULL) AND citing_id IN"
		    " (SELECT id FROM temp.resolve_works)" :
		    "SELECT doi, dois FROM refs WHERE doi IS NOT NULL OR"
		    " dois IS NOT NULL", &st, err)) < 0)
			goto out;
		while ((r = sqlite3_step(st)) == SQLITE_ROW) {
			const char *d = (const char *)sqlite3_column_text(st,
			    0);
			const char *more = (const char *)sqlite3_column_text(
			    st, 1);

			if (d != NULL && (rc = gather_one(&g, d, strlen(d),
			    err)) < 0)
				goto out;
			while (more != NULL && *more != '\0') {
				const char *e = strchr(more, ' ');
				size_t n = e ? (size_t)(e - more) :
				    strlen(more);

				if ((rc = gather_one(&g, more, n, err)) < 0)
					goto out;
				more = e ? e + 1 : NULL;
			}
		}
		if (r != SQLITE_DONE) {
			rc = cix_store_error(s, r, "cannot list DOIs", err);
			goto out;
		}
		sqlite3_finalize(st);
		st = NULL;
	}
	if ((rc = cix_store_exec(s, "INSERT OR IGNORE INTO dois (doi)"
	    " SELECT doi FROM temp.resolve_cand", err)) < 0)
		goto out;
	if ((rc = prep(s, "SELECT count(*) FROM temp.resolve_cand", &st,
	    err)) < 0)
		goto out;
	if ((r = sqlite3_step(st)) == SQLITE_ROW)
		*ncand = (size_t)sqlite3_column_int64(st, 0);
	*ninvalid = g.ninvalid;
	rc = CIX_OK;
out:
	sqlite3_finalize(st);
	sqlite3_finalize(g.cand);
	sqlite3_finalize(g.invalid);
	cix_buf_release(&g.norm);
	if (own) {
		if (rc == CIX_OK)
			rc = cix_store_commit(s, err);
		else
			cix_store_rollback(s);
	}
	return rc;
}

/* ------------------------------------------------------------------ */
/* Due DOIs and their state */

void
cix_doi_row_release(struct cix_doi_row *r)
{
	if (r == NULL)
		return;
	free(r->doi);
	free(r->ra);
	free(r->etag);
	free(r->last_modified);
	memset(r, 0, sizeof(*r));
}

int
cix_store_doi_due(struct cix_store *s, int phase, const char *after,
    const char *now, const char *stale_before, struct cix_doi_row *rows,
    size_t max, size_t *n, struct cix_error *err)
{
	static const char *const cond[] = {
		[CIX_PHASE_PENDING] = "d.state = 'pending'",
		[CIX_PHASE_RETRY] = "d.state IN ('notfound', 'failed') AND"
		    " (d.next_try IS NULL OR d.next_try <= ?2)",
		[CIX_PHASE_STALE] = "d.state = 'resolved' AND"
		    " (d.resolved_at IS NULL OR d.resolved_at < ?3)",
	};
	struct cix_buf sql;
	sqlite3_stmt *st = NULL;
	int rc, r, oom = 0;

	*n = 0;
	if (phase < 0 || phase > CIX_PHASE_STALE)
		return cix_error_set(err, CIX_EINVAL, "bad phase");
	cix_buf_init(&sql, 0);
	if (cix_buf_addf(&sql, "SELECT d.doi, d.state, d.ra, d.etag,"
	    " d.last_modified, d.tries, d.resolved_at"
	    " FROM temp.resolve_cand c JOIN dois d ON d.doi = c.doi"
	    " WHERE c.doi > ?1 AND (d.asked_at IS NULL OR d.asked_at < ?2)"
	    " AND %s ORDER BY c.doi LIMIT ?4", cond[phase]) < 0) {
		rc = cix_error_set(err, CIX_ENOMEM, "out of memory");
		goto out;
	}
	if ((rc = prep(s, sql.p, &st, err)) < 0)
		goto out;
	cix_bind_text(st, 1, after ? after : "");
	cix_bind_text(st, 2, now);
	cix_bind_text(st, 3, stale_before ? stale_before : "");
	sqlite3_bind_int64(st, 4, (int64_t)max);
	while (*n < max && (r = sqlite3_step(st)) == SQLITE_ROW) {
		struct cix_doi_row *row = &rows[*n];

		memset(row, 0, sizeof(*row));
		row->doi = dup_text(st, 0, &oom);
		row->state = cix_doi_state_parse(
		    (const char *)sqlite3_column_text(st, 1));
		row->ra = dup_text(st, 2, &oom);
		row->etag = dup_text(st, 3, &oom);
		row->last_modified = dup_text(st, 4, &oom);
		row->tries = sqlite3_column_int(st, 5);
		copy_text(row->resolved_at, sizeof(row->resolved_at), st, 6);
		(*n)++;
		if (oom || row->doi == NULL) {
			rc = cix_error_set(err, CIX_ENOMEM, "out of memory");
			goto out;
		}
	}
	if (*n < max && r != SQLITE_DONE) {
		rc = cix_store_error(s, r, "cannot list DOIs", err);
		goto out;
	}
	rc = CIX_OK;
out:
	if (rc < 0) {
		while (*n > 0)
			cix_doi_row_release(&rows[--*n]);
	}
	sqlite3_finalize(st);
	cix_buf_release(&sql);
	return rc;
}

int
cix_store_doi_update(struct cix_store *s, const struct cix_doi_update *u,
    struct cix_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if ((rc = prep(s, "INSERT INTO dois (doi, state, ra, source, tries,"
	    " asked_at, next_try, resolved_at, http_status, error, etag,"
	    " last_modified) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7,"
	    " CASE WHEN ?8 THEN ?6 END, ?9, ?10, ?11, ?12)"
	    " ON CONFLICT (doi) DO UPDATE SET state = ?2,"
	    " ra = coalesce(?3, ra), source = coalesce(?4, source),"
	    " tries = ?5, asked_at = ?6, next_try = ?7,"
	    " resolved_at = CASE WHEN ?8 THEN ?6 ELSE resolved_at END,"
	    " http_status = ?9, error = ?10,"
	    " etag = coalesce(?11, etag),"
	    " last_modified = coalesce(?12, last_modified)", &st, err)) < 0)
		return rc;
	cix_bind_text(st, 1, u->doi);
	cix_bind_text(st, 2, cix_doi_state_name(u->state));
	cix_bind_text(st, 3, u->ra);
	cix_bind_text(st, 4, u->source);
	sqlite3_bind_int(st, 5, u->tries);
	cix_bind_text(st, 6, u->asked_at);
	cix_bind_text(st, 7, u->next_try);
	sqlite3_bind_int(st, 8, u->touch_resolved);
	cix_bind_int_or_null(st, 9, u->http_status, 0);
	cix_bind_text(st, 10, u->error);
	cix_bind_text(st, 11, u->etag);
	cix_bind_text(st, 12, u->last_modified);
	rc = cix_store_step_done(s, st, "cannot record a DOI's state", err);
	sqlite3_finalize(st);
	return rc;
}

int
cix_store_doi_info(struct cix_store *s, const char *doi,
    struct cix_doi_info *info, struct cix_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc, r;

	memset(info, 0, sizeof(*info));
	if ((rc = prep(s, "SELECT state, ra, source, tries, asked_at,"
	    " next_try, resolved_at, http_status, error FROM dois"
	    " WHERE doi = ?1", &st, err)) < 0)
		return rc;
	cix_bind_text(st, 1, doi);
	if ((r = sqlite3_step(st)) == SQLITE_ROW) {
		info->state = cix_doi_state_parse(
		    (const char *)sqlite3_column_text(st, 0));
		copy_text(info->ra, sizeof(info->ra), st, 1);
		copy_text(info->source, sizeof(info->source), st, 2);
		info->tries = sqlite3_column_int(st, 3);
		copy_text(info->asked_at, sizeof(info->asked_at), st, 4);
		copy_text(info->next_try, sizeof(info->next_try), st, 5);
		copy_text(info->resolved_at, sizeof(info->resolved_at), st, 6);
		info->http_status = sqlite3_column_int(st, 7);
		copy_text(info->error, sizeof(info->error), st, 8);
		rc = CIX_OK;
	} else if (r == SQLITE_DONE) {
		rc = cix_error_set(err, CIX_ENOTFOUND,
		    "the DOI '%s' has not been seen by the resolver", doi);
	} else {
		rc = cix_store_error(s, r, "cannot read a DOI's state", err);
	}
	sqlite3_finalize(st);
	return rc;
}

int
cix_store_doi_counts(struct cix_store *s, int64_t counts[5],
    struct cix_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc, r, k;

	memset(counts, 0, 5 * sizeof(counts[0]));
	if ((rc = prep(s, "SELECT state, count(*) FROM dois GROUP BY state",
	    &st, err)) < 0)
		return rc;
	while ((r = sqlite3_step(st)) == SQLITE_ROW)
		if ((k = cix_doi_state_parse((const char *)sqlite3_column_text(
		    st, 0))) >= 0)
			counts[k] = sqlite3_column_int64(st, 1);
	rc = r == SQLITE_DONE ? CIX_OK :
	    cix_store_error(s, r, "cannot count DOIs", err);
	sqlite3_finalize(st);
	return rc;
}

int
cix_store_ra_get(struct cix_store *s, const char *prefix, char *ra,
    size_t n, struct cix_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc, r;

	ra[0] = '\0';
	if ((rc = prep(s, "SELECT ra FROM doi_ra WHERE prefix = ?1", &st,
	    err)) < 0)
		return rc;
	cix_bind_text(st, 1, prefix);
	if ((r = sqlite3_step(st)) == SQLITE_ROW)
		copy_text(ra, n, st, 0);
	rc = r == SQLITE_ROW || r == SQLITE_DONE ? CIX_OK :
	    cix_store_error(s, r, "cannot read the agency cache", err);
	sqlite3_finalize(st);
	return rc;
}

int
cix_store_ra_put(struct cix_store *s, const char *prefix, const char *ra,
    const char *now, struct cix_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if ((rc = prep(s, "INSERT OR REPLACE INTO doi_ra (prefix, ra,"
	    " checked_at) VALUES (?1, ?2, ?3)", &st, err)) < 0)
		return rc;
	cix_bind_text(st, 1, prefix);
	cix_bind_text(st, 2, ra);
	cix_bind_text(st, 3, now);
	rc = cix_store_step_done(s, st, "cannot cache an agency", err);
	sqlite3_finalize(st);
	return rc;
}

/* ------------------------------------------------------------------ */
/* Merging */

/*
 * Fields whose disagreement with an imported record is worth recording.
 * The others differ between sources by nature (WoS TC vs Crossref's
 * count, "English" vs "en", a document type vocabulary, an abstract's
 * layout) and are only ever filled.
 */
static const char *const conflict_fields[] = {
	"title", "year", "volume", "issue", "first_page", "last_page",
	"article_no", "source", "issn", "eissn", "isbn", "pmid", NULL
};

static int
is_conflict_field(const char *col)
{
	size_t i;

	for (i = 0; conflict_fields[i] != NULL; i++)
		if (strcmp(conflict_fields[i], col) == 0)
			return 1;
	return 0;
}

/* Do two strings say the same once case, accents and punctuation go? */
static int
same_text(const char *a, const char *b)
{
	struct cix_buf ka, kb;
	int same;

	if (strcmp(a, b) == 0)
		return 1;
	cix_buf_init(&ka, 1 << 20);
	cix_buf_init(&kb, 1 << 20);
	if (cix_keyform(&ka, a, strlen(a)) < 0 ||
	    cix_keyform(&kb, b, strlen(b)) < 0)
		same = cix_strcasecmp(a, b) == 0;
	else
		same = ka.len == kb.len && memcmp(ka.p, kb.p, ka.len) == 0;
	cix_buf_release(&ka);
	cix_buf_release(&kb);
	return same;
}

/* The fields of work id that a resolver filled before. */
struct filled {
	char **v;
	size_t n;
};

static void
filled_release(struct filled *f)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		free(f->v[i]);
	free(f->v);
	f->v = NULL;
	f->n = 0;
}

static int
filled_has(const struct filled *f, const char *field)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		if (strcmp(f->v[i], field) == 0)
			return 1;
	return 0;
}

static int
load_filled(struct cix_store *s, int64_t id, struct filled *f,
    struct cix_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc, r, oom = 0;

	if ((rc = prep(s, "SELECT field FROM field_sources WHERE work_id = ?1"
	    " AND source IN ('crossref', 'datacite', 'csl')", &st, err)) < 0)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		char **nv = realloc(f->v, (f->n + 1) * sizeof(*nv));
		char *t;

		if (nv == NULL) {
			oom = 1;
			break;
		}
		f->v = nv;
		if ((t = dup_text(st, 0, &oom)) == NULL)
			break;
		f->v[f->n++] = t;
	}
	if (oom)
		rc = cix_error_set(err, CIX_ENOMEM, "out of memory");
	else if (r != SQLITE_DONE)
		rc = cix_store_error(s, r, "cannot read provenance", err);
	sqlite3_finalize(st);
	return rc;
}

/* Provenance rows collected during a merge, written at the end. */
struct prov {
	const char *field;
	const char *value;	/* conflicts only */
	char num[32];		/* a number's text */
};

struct provs {
	struct prov *v;
	size_t n;
	size_t alloc;
};

static int
prov_add(struct provs *p, const char *field, const char *value, long num,
    int isnum)
{
	struct prov *x;

	if (p->n == p->alloc) {
		size_t na = p->alloc ? p->alloc * 2 : 32;
		struct prov *nv = realloc(p->v, na * sizeof(*nv));

		if (nv == NULL)
			return CIX_ENOMEM;
		p->v = nv;
		p->alloc = na;
	}
	x = &p->v[p->n++];
	x->field = field;
	x->value = value;
	x->num[0] = '\0';
	if (isnum) {
		snprintf(x->num, sizeof(x->num), "%ld", num);
		x->value = NULL;
	}
	return CIX_OK;
}


/* The work that holds doi: records first, then cited-only, resolved. */
static int
find_doi(struct cix_store *s, const char *doi, int64_t *id, int *kind,
    struct cix_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc, r;

	*id = 0;
	*kind = -1;
	if ((rc = prep(s, "SELECT id, kind FROM works WHERE doi = ?1"
	    " ORDER BY kind, id LIMIT 1", &st, err)) < 0)
		return rc;
	cix_bind_text(st, 1, doi);
	if ((r = sqlite3_step(st)) == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
		*kind = sqlite3_column_int(st, 1);
	}
	rc = r == SQLITE_ROW || r == SQLITE_DONE ? CIX_OK :
	    cix_store_error(s, r, "cannot look up a work", err);
	sqlite3_finalize(st);
	return rc;
}

/*
 * For a work that is not an imported record: m = in, with what old
 * says where in says nothing.  Everything taken from in is provenance.
 */
static int
merge_over(struct cix_record *m, const struct cix_record *old,
    const struct cix_record *in, struct provs *src)
{
	size_t i;
	int rc = CIX_OK;

	*m = *in;
	for (i = 0; i < cix_work_nfields; i++) {
		const struct work_field *f = &cix_work_fields[i];
		int from_in = 0;

		if (strcmp(f->col, "origin") == 0 ||
		    strcmp(f->col, "doi") == 0)
			continue;
		switch (f->type) {
		case F_STR:
			if (STR_AT(in, f->off) != NULL)
				from_in = 1;
			else if (old != NULL)
				STR_AT(m, f->off) = STR_AT(old, f->off);
			break;
		case F_INT:
			if (INT_AT(in, f->off) > (strcmp(f->col, "nr") ? 0 :
			    -1))
				from_in = 1;
			else if (old != NULL)
				INT_AT(m, f->off) = INT_AT(old, f->off);
			break;
		case F_LONG:
			if (LONG_AT(in, f->off) >= 0)
				from_in = 1;
			else if (old != NULL)
				LONG_AT(m, f->off) = LONG_AT(old, f->off);
			break;
		}
		if (from_in && (rc = prov_add(src, f->col, NULL, 0, 0)) < 0)
			return rc;
	}
	if (old != NULL && in->nauthors == 0) {
		m->authors = old->authors;
		m->nauthors = old->nauthors;
		m->affils = old->affils;
		m->naffils = old->naffils;
		m->aa = old->aa;
		m->naa = old->naa;
	} else if (in->nauthors > 0) {
		rc = prov_add(src, "authors", NULL, 0, 0);
	}
	if (old != NULL && in->kw_author.n == 0)
		m->kw_author = old->kw_author;
	if (old != NULL && in->kw_plus.n == 0)
		m->kw_plus = old->kw_plus;
	if (old != NULL && in->nrefs == 0) {
		m->refs = old->refs;
		m->nrefs = old->nrefs;
	} else if (rc == CIX_OK && in->nrefs > 0) {
		rc = prov_add(src, "references", NULL, 0, 0);
	}
	if (old != NULL && in->nextra == 0) {
		m->extra = old->extra;
		m->nextra = old->nextra;
	}
	return rc;
}

/*
 * For an imported record: m = old, with in's values where old has none
 * (or where a resolver filled the field before: that value is ours to
 * refresh), and disagreements noted.
 */
static int
merge_fill(struct cix_record *m, const struct cix_record *old,
    const struct cix_record *in, const struct filled *ours,
    struct provs *src, struct provs *conf)
{
	size_t i;
	int rc = CIX_OK;

	*m = *old;
	for (i = 0; i < cix_work_nfields && rc == CIX_OK; i++) {
		const struct work_field *f = &cix_work_fields[i];
		int mine = filled_has(ours, f->col);

		if (strcmp(f->col, "origin") == 0 ||
		    strcmp(f->col, "doi") == 0)
			continue;
		switch (f->type) {
		case F_STR: {
			const char *a = STR_AT(old, f->off);
			const char *b = STR_AT(in, f->off);

			if (b == NULL)
				break;
			if (a == NULL || mine) {
				STR_AT(m, f->off) = b;
				rc = prov_add(src, f->col, NULL, 0, 0);
			} else if (is_conflict_field(f->col) &&
			    !same_text(a, b)) {
				rc = prov_add(conf, f->col, b, 0, 0);
			}
			break;
		}
		case F_INT: {
			int none = strcmp(f->col, "nr") ? 0 : -1;
			int a = INT_AT(old, f->off), b = INT_AT(in, f->off);

			if (b <= none)
				break;
			if (a <= none || mine) {
				INT_AT(m, f->off) = b;
				rc = prov_add(src, f->col, NULL, 0, 0);
			} else if (is_conflict_field(f->col) && a != b) {
				rc = prov_add(conf, f->col, NULL, b, 1);
			}
			break;
		}
		case F_LONG: {
			long a = LONG_AT(old, f->off), b = LONG_AT(in, f->off);

			if (b < 0)
				break;
			if (a < 0 || mine) {
				LONG_AT(m, f->off) = b;
				rc = prov_add(src, f->col, NULL, 0, 0);
			}
			break;
		}
		}
	}
	if (rc < 0)
		return rc;
	if (in->nauthors > 0 && (old->nauthors == 0 ||
	    filled_has(ours, "authors"))) {
		m->authors = in->authors;
		m->nauthors = in->nauthors;
		m->affils = in->affils;
		m->naffils = in->naffils;
		m->aa = in->aa;
		m->naa = in->naa;
		if ((rc = prov_add(src, "authors", NULL, 0, 0)) < 0)
			return rc;
	}
	if (in->kw_author.n > 0 && old->kw_author.n == 0) {
		m->kw_author = in->kw_author;
		if ((rc = prov_add(src, "keywords", NULL, 0, 0)) < 0)
			return rc;
	}
	/* References are added by the caller (with the resolver's origin). */
	return CIX_OK;
}

static int
write_prov(struct cix_store *s, int64_t id, const char *source,
    const struct provs *src, const struct provs *conf, int clear_conf,
    struct cix_error *err)
{
	sqlite3_stmt *fs = NULL, *cf = NULL, *del = NULL;
	size_t i;
	int rc;

	if ((rc = prep(s, "INSERT OR REPLACE INTO field_sources (work_id,"
	    " field, source) VALUES (?1, ?2, ?3)", &fs, err)) < 0 ||
	    (rc = prep(s, "INSERT OR REPLACE INTO conflicts (work_id, field,"
	    " source, value) VALUES (?1, ?2, ?3, ?4)", &cf, err)) < 0 ||
	    (rc = prep(s, "DELETE FROM conflicts WHERE work_id = ?1 AND"
	    " source = ?2", &del, err)) < 0)
		goto out;
	if (clear_conf) {
		sqlite3_bind_int64(del, 1, id);
		cix_bind_text(del, 2, source);
		if ((rc = cix_store_step_done(s, del,
		    "cannot record provenance", err)) < 0)
			goto out;
	}
	for (i = 0; i < src->n; i++) {
		sqlite3_bind_int64(fs, 1, id);
		cix_bind_text(fs, 2, src->v[i].field);
		cix_bind_text(fs, 3, source);
		if ((rc = cix_store_step_done(s, fs,
		    "cannot record provenance", err)) < 0)
			goto out;
	}
	for (i = 0; i < conf->n; i++) {
		sqlite3_bind_int64(cf, 1, id);
		cix_bind_text(cf, 2, conf->v[i].field);
		cix_bind_text(cf, 3, source);
		cix_bind_text(cf, 4, conf->v[i].value ? conf->v[i].value :
		    conf->v[i].num);
		if ((rc = cix_store_step_done(s, cf,
		    "cannot record a conflict", err)) < 0)
			goto out;
	}
out:
	sqlite3_finalize(fs);
	sqlite3_finalize(cf);
	sqlite3_finalize(del);
	return rc;
}

static int
set_kind(struct cix_store *s, int64_t id, int kind, struct cix_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if ((rc = cix_store_fts_flush(s, err)) < 0 ||
	    (rc = prep(s, "UPDATE works SET kind = ?2 WHERE id = ?1", &st,
	    err)) < 0)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int(st, 2, kind);
	rc = cix_store_step_done(s, st, "cannot update a work", err);
	sqlite3_finalize(st);
	return rc;
}

int
cix_store_resolve_merge(struct cix_store *s, struct cix_record *rec,
    const char *source, struct cix_merge_result *res, struct cix_error *err)
{
	struct cix_record old, m;
	struct filled ours = { NULL, 0 };
	struct provs src = { NULL, 0, 0 }, conf = { NULL, 0, 0 };
	int64_t id, put_id;
	int kind, rc, outcome, add_refs = 0;

	memset(res, 0, sizeof(*res));
	cix_record_init(&old);
	if (rec->doi == NULL) {
		rc = cix_error_set(err, CIX_EINVAL, "a resolved record has"
		    " no DOI");
		goto out;
	}
	if (cix_citedref_parse_record(rec) < 0) {
		rc = cix_error_set(err, CIX_ENOMEM, "out of memory");
		goto out;
	}
	if ((rc = find_doi(s, rec->doi, &id, &kind, err)) < 0)
		goto out;
	if (id != 0 && (rc = cix_store_load(s, id, &old, NULL, err)) < 0)
		goto out;

	if (id == 0 || kind != CIX_WORK_RECORD) {
		if ((rc = merge_over(&m, id ? &old : NULL, rec, &src)) < 0) {
			rc = cix_error_set(err, rc, "out of memory");
			goto out;
		}
		/* The work is now what the resolver says it is. */
		m.origin = source;
	} else {
		if ((rc = load_filled(s, id, &ours, err)) < 0)
			goto out;
		if ((rc = merge_fill(&m, &old, rec, &ours, &src, &conf)) < 0) {
			rc = cix_error_set(err, rc, "out of memory");
			goto out;
		}
		add_refs = old.nrefs == 0 && rec->nrefs > 0;
		if (add_refs && m.nr < 0)
			m.nr = (int)rec->nrefs;
	}
	if ((rc = cix_store_put_record(s, &m, cix_record_hash(&m), &outcome,
	    &put_id, err)) < 0)
		goto out;
	if (id != 0 && put_id != id) {
		/* put_record chose another work (a UT clash): keep to it. */
		id = put_id;
	}
	res->work_id = put_id;
	res->created = id == 0;
	res->completed = kind == CIX_WORK_CITED;
	res->changed = outcome != CIX_PUT_UNCHANGED;
	if (kind != CIX_WORK_RECORD && (res->created || res->changed ||
	    kind == CIX_WORK_CITED) &&
	    (rc = set_kind(s, put_id, CIX_WORK_RESOLVED, err)) < 0)
		goto out;
	if (add_refs) {
		if ((rc = cix_store_insert_refs(s, put_id, rec, source, err)) < 0 ||
		    (rc = prov_add(&src, "references", NULL, 0, 0)) < 0 ||
		    (rc = cix_store_mark_dirty(s, put_id, err)) < 0) {
			if (rc == CIX_ENOMEM)
				cix_error_set(err, rc, "out of memory");
			goto out;
		}
		res->refs_added = rec->nrefs;
		res->changed = 1;
	} else if (kind != CIX_WORK_RECORD && res->changed) {
		res->refs_added = rec->nrefs > old.nrefs ?
		    rec->nrefs - old.nrefs : 0;
	}
	if (res->changed || kind == CIX_WORK_RECORD)
		rc = write_prov(s, put_id, source, &src, &conf,
		    kind == CIX_WORK_RECORD, err);
	res->filled = res->changed ? src.n : 0;
	res->conflicts = conf.n;
out:
	free(src.v);
	free(conf.v);
	filled_release(&ours);
	cix_record_release(&old);
	return rc;
}

/* ------------------------------------------------------------------ */
/* Provenance */

int
cix_store_provenance(struct cix_store *s, int64_t id, cix_prov_cb cb,
    void *ctx, struct cix_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc, r;

	if ((rc = prep(s, "SELECT 0, field, source, NULL, at FROM"
	    " field_sources WHERE work_id = ?1 UNION ALL"
	    " SELECT 1, field, source, value, at FROM conflicts"
	    " WHERE work_id = ?1 ORDER BY 1, 3, 2", &st, err)) < 0)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		struct cix_prov_row row;

		row.conflict = sqlite3_column_int(st, 0);
		row.field = (const char *)sqlite3_column_text(st, 1);
		row.source = (const char *)sqlite3_column_text(st, 2);
		row.value = (const char *)sqlite3_column_text(st, 3);
		row.at = (const char *)sqlite3_column_text(st, 4);
		if ((rc = cb(ctx, &row)) != 0)
			break;
	}
	if (rc == CIX_OK && r != SQLITE_DONE)
		rc = cix_store_error(s, r, "cannot read provenance", err);
	sqlite3_finalize(st);
	return rc;
}
