/*
 * store_import.c - writing records into the index: identity, merge,
 * the per-file transaction.
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_int.h"
#include "util.h"
#include "banned.h"

#define STR_AT(r, off) (*(const char *const *)((const char *)(r) + (off)))
#define INT_AT(r, off) (*(const int *)((const char *)(r) + (off)))
#define LONG_AT(r, off) (*(const long *)((const char *)(r) + (off)))

/* A work found by identity. */
struct found {
	int64_t id;
	int kind;
	char ut[64];
	char hash[17];
	char export_date[32];
};

static void
hash_hex(uint64_t h, char out[17])
{
	snprintf(out, 17, "%016" PRIx64, h);
}

static void
copy_col(sqlite3_stmt *st, int col, char *dst, size_t n)
{
	const unsigned char *t = sqlite3_column_text(st, col);

	snprintf(dst, n, "%s", t ? (const char *)t : "");
}

/* The source database of a UT: "WOS" of "WOS:000…". */
static size_t
ut_db_len(const char *ut)
{
	const char *c = strchr(ut, ':');

	return c ? (size_t)(c - ut) : 0;
}

/*
 * Two UTs conflict when both exist, come from the same database and
 * differ: two WoS records are two works even if they share a DOI (WoS
 * does give wrong DIs, e.g. a 2015 JOI paper carrying a 2012 DOI).
 */
static int
ut_conflict(const char *a, const char *b)
{
	size_t la, lb;

	if (a == NULL || b == NULL || *a == '\0' || *b == '\0')
		return 0;
	la = ut_db_len(a);
	lb = ut_db_len(b);
	if (la != lb || strncmp(a, b, la) != 0)
		return 0;
	return strcmp(a, b) != 0;
}

static int
find_by(struct cix_store *s, enum stmt_id sid, const char *key,
    const char *ut, struct found *f, int *hit, struct cix_error *err)
{
	sqlite3_stmt *st;
	int rc;

	*hit = 0;
	if (key == NULL)
		return CIX_OK;
	if ((st = cix_store_stmt(s, sid, err)) == NULL)
		return err ? err->code : CIX_EDB;
	cix_bind_text(st, 1, key);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *cut = (const char *)sqlite3_column_text(st, 2);

		if (ut_conflict(ut, cut))
			continue;
		f->id = sqlite3_column_int64(st, 0);
		f->kind = sqlite3_column_int(st, 1);
		copy_col(st, 2, f->ut, sizeof(f->ut));
		copy_col(st, 3, f->hash, sizeof(f->hash));
		copy_col(st, 4, f->export_date, sizeof(f->export_date));
		*hit = 1;
		break;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return cix_store_error(s, rc, "cannot look up a work", err);
	return CIX_OK;
}

/* Identity, strongest first: UT, DOI, PMID (DESIGN §4). */
static int
identify(struct cix_store *s, const struct cix_record *r, struct found *f,
    int *hit, struct cix_error *err)
{
	int rc;

	if ((rc = find_by(s, ST_FIND_UT, r->ut, NULL, f, hit, err)) < 0 ||
	    *hit)
		return rc;
	if ((rc = find_by(s, ST_FIND_DOI, r->doi, r->ut, f, hit, err)) < 0 ||
	    *hit)
		return rc;
	return find_by(s, ST_FIND_PMID, r->pmid, r->ut, f, hit, err);
}

/* The text FTS indexes for authors and keywords. */
static int
fts_texts(const struct cix_record *r, struct cix_buf *au, struct cix_buf *kw)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < r->nauthors; i++) {
		const struct cix_author *a = &r->authors[i];
		const char *name = a->full ? a->full : a->abbrev;

		if (au->len)
			rc |= cix_buf_adds(au, "; ");
		if (name != NULL)
			rc |= cix_buf_adds(au, name);
		else
			rc |= cix_buf_addf(au, "%s, %s",
			    a->family ? a->family : "",
			    a->given ? a->given : "");
	}
	for (i = 0; i < r->kw_author.n; i++)
		rc |= cix_buf_addf(kw, "%s%s", kw->len ? "; " : "",
		    r->kw_author.v[i]);
	for (i = 0; i < r->kw_plus.n; i++)
		rc |= cix_buf_addf(kw, "%s%s", kw->len ? "; " : "",
		    r->kw_plus.v[i]);
	return rc ? CIX_ENOMEM : CIX_OK;
}

/*
 * The linking key of a work: first author's surname in key form and the
 * first letter of the given names.  Corporate and anonymous authors have
 * their whole name as the surname.
 */
static int
author_key(const struct cix_record *r, struct cix_buf *key, char init[2])
{
	const struct cix_author *a = cix_record_first_author(r);
	const char *g;

	init[0] = init[1] = '\0';
	if (a == NULL || a->family == NULL)
		return CIX_OK;
	if (cix_keyform(key, a->family, strlen(a->family)) < 0)
		return CIX_ENOMEM;
	if (!a->corporate && (g = a->given) != NULL) {
		struct cix_buf t;

		cix_buf_init(&t, 64);
		cix_keyform(&t, g, strlen(g) < 16 ? strlen(g) : 16);
		if (t.len > 0 && cix_isalpha((unsigned char)t.p[0]))
			init[0] = t.p[0];
		cix_buf_release(&t);
	}
	return CIX_OK;
}

/* Bind the works columns of r; au and kw: its texts (fts_texts). */
static int
bind_work(sqlite3_stmt *st, const struct cix_record *r, int kind,
    uint64_t hash, const struct cix_buf *au, const struct cix_buf *kw,
    struct cix_error *err)
{
	struct cix_buf key;
	char init[2], hex[17];
	size_t i;
	int col = 1, rc;

	for (i = 0; i < cix_work_nfields; i++, col++) {
		const struct work_field *f = &cix_work_fields[i];

		switch (f->type) {
		case F_STR:
			cix_bind_text(st, col, STR_AT(r, f->off));
			break;
		case F_INT:
			cix_bind_int_or_null(st, col, INT_AT(r, f->off),
			    strcmp(f->col, "nr") == 0 ? -1 : 0);
			break;
		case F_LONG:
			cix_bind_int_or_null(st, col, LONG_AT(r, f->off), -1);
			break;
		}
	}
	cix_buf_init(&key, 256);
	if ((rc = author_key(r, &key, init)) < 0) {
		rc = cix_error_set(err, CIX_ENOMEM, "out of memory");
		goto out;
	}
	hash_hex(hash, hex);
	sqlite3_bind_int(st, col++, kind);
	sqlite3_bind_text(st, col++, au->p ? au->p : "", (int)au->len,
	    SQLITE_TRANSIENT);
	if (kw->len)
		sqlite3_bind_text(st, col++, kw->p, (int)kw->len,
		    SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, col++);
	if (key.len)
		sqlite3_bind_text(st, col++, key.p, (int)key.len,
		    SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, col++);
	if (init[0])
		sqlite3_bind_text(st, col++, init, 1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, col++);
	sqlite3_bind_text(st, col++, hex, 16, SQLITE_TRANSIENT);
	rc = CIX_OK;
out:
	cix_buf_release(&key);
	return rc;
}

/*
 * Insert r's references as those of work id (positions 0, 1, ...), with
 * their parsed fields; origin says where the list came from.
 */
int
cix_store_insert_refs(struct cix_store *s, int64_t id,
    const struct cix_record *r, const char *origin, struct cix_error *err)
{
	sqlite3_stmt *st = NULL;
	struct cix_buf dois[REFS_PER_INSERT];
	size_t i, j, k, n;
	int rc = CIX_OK;

	for (k = 0; k < REFS_PER_INSERT; k++)
		cix_buf_init(&dois[k], 0);
	for (i = 0; i < r->nrefs && rc == CIX_OK; i += n) {
		/* Full statements of REFS_PER_INSERT rows, then one by one. */
		n = r->nrefs - i >= REFS_PER_INSERT ? REFS_PER_INSERT : 1;
		if ((st = cix_store_stmt(s, n > 1 ? ST_INSERT_REFS_N :
		    ST_INSERT_REF, err)) == NULL) {
			rc = err ? err->code : CIX_EDB;
			break;
		}
		for (k = 0; k < n; k++) {
			const struct cix_ref *f = &r->refs[i + k];
			const struct cix_citedref *c = &f->f;
			struct cix_buf *d = &dois[k];
			int o = (int)(k * REF_COLS);

			sqlite3_bind_int64(st, o + 1, id);
			sqlite3_bind_int64(st, o + 2, (int64_t)(i + k));
			cix_bind_text(st, o + 3, f->raw ? f->raw : "");
			cix_bind_text(st, o + 4, origin);
			sqlite3_bind_int(st, o + 5, f->parsed ? c->kind : 0);
			if (!f->parsed) {
				for (j = 6; j <= REF_COLS; j++)
					sqlite3_bind_null(st, o + (int)j);
				continue;
			}
			cix_bind_text(st, o + 6, c->author);
			cix_bind_text(st, o + 7, c->initials);
			cix_bind_int_or_null(st, o + 8, c->year, 0);
			cix_bind_text(st, o + 9, c->source);
			cix_bind_text(st, o + 10, c->title);
			cix_bind_text(st, o + 11, c->volume);
			cix_bind_text(st, o + 12, c->issue);
			cix_bind_text(st, o + 13, c->page);
			cix_bind_text(st, o + 14, c->artno);
			cix_bind_text(st, o + 15, c->ndois ? c->dois[0] :
			    NULL);
			/* The other DOIs of a list, space-separated; the
			 * buffer lives until the statement has run. */
			cix_buf_reset(d);
			for (j = 1; j < c->ndois; j++)
				if (cix_buf_addf(d, "%s%s", d->len ? " " : "",
				    c->dois[j]) < 0) {
					rc = cix_error_set(err, CIX_ENOMEM,
					    "out of memory");
					break;
				}
			if (d->len)
				sqlite3_bind_text(st, o + 16, d->p,
				    (int)d->len, SQLITE_STATIC);
			else
				sqlite3_bind_null(st, o + 16);
		}
		if (rc == CIX_OK)
			rc = cix_store_step_done(s, st,
			    "cannot store a reference", err);
		else
			sqlite3_reset(st);
	}
	for (k = 0; k < REFS_PER_INSERT; k++)
		cix_buf_release(&dois[k]);
	return rc;
}

static int
insert_children(struct cix_store *s, int64_t id, const struct cix_record *r,
    struct cix_error *err)
{
	sqlite3_stmt *st = NULL;
	size_t i, j;
	int rc = CIX_OK;

	if (r->nauthors &&
	    (st = cix_store_stmt(s, ST_INSERT_AUTHOR, err)) == NULL)
		return err ? err->code : CIX_EDB;
	for (i = 0; i < r->nauthors; i++) {
		const struct cix_author *a = &r->authors[i];

		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int64(st, 2, (int64_t)i);
		sqlite3_bind_int(st, 3, a->role);
		cix_bind_text(st, 4, a->family);
		cix_bind_text(st, 5, a->given);
		cix_bind_text(st, 6, a->full);
		cix_bind_text(st, 7, a->abbrev);
		cix_bind_text(st, 8, a->orcid);
		cix_bind_text(st, 9, a->rid);
		sqlite3_bind_int(st, 10, a->corporate);
		if ((rc = cix_store_step_done(s, st, "cannot store an author",
		    err)) < 0)
			return rc;
	}
	if (r->naffils &&
	    (st = cix_store_stmt(s, ST_INSERT_AFFIL, err)) == NULL)
		return err ? err->code : CIX_EDB;
	for (i = 0; i < r->naffils; i++) {
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int64(st, 2, (int64_t)i);
		cix_bind_text(st, 3, r->affils[i].address);
		cix_bind_text(st, 4, r->affils[i].raw);
		if ((rc = cix_store_step_done(s, st,
		    "cannot store an affiliation", err)) < 0)
			return rc;
	}
	if (r->naa && (st = cix_store_stmt(s, ST_INSERT_AA, err)) == NULL)
		return err ? err->code : CIX_EDB;
	for (i = 0; i < r->naa; i++) {
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int64(st, 2, r->aa[i].author);
		sqlite3_bind_int64(st, 3, r->aa[i].affil);
		if ((rc = cix_store_step_done(s, st,
		    "cannot store an affiliation", err)) < 0)
			return rc;
	}
	if ((r->kw_author.n || r->kw_plus.n) &&
	    (st = cix_store_stmt(s, ST_INSERT_KEYWORD, err)) == NULL)
		return err ? err->code : CIX_EDB;
	for (j = 0; j < 2; j++) {
		const struct cix_strlist *l = j ? &r->kw_plus : &r->kw_author;

		for (i = 0; i < l->n; i++) {
			sqlite3_bind_int64(st, 1, id);
			sqlite3_bind_text(st, 2, j ? "plus" : "author", -1,
			    SQLITE_STATIC);
			sqlite3_bind_int64(st, 3, (int64_t)i);
			cix_bind_text(st, 4, l->v[i]);
			if ((rc = cix_store_step_done(s, st,
			    "cannot store a keyword", err)) < 0)
				return rc;
		}
	}
	if (r->nextra && (st = cix_store_stmt(s, ST_INSERT_EXTRA, err)) == NULL)
		return err ? err->code : CIX_EDB;
	for (i = 0; i < r->nextra; i++) {
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int64(st, 2, (int64_t)i);
		cix_bind_text(st, 3, r->extra[i].tag);
		cix_bind_text(st, 4, r->extra[i].value);
		if ((rc = cix_store_step_done(s, st, "cannot store a tag",
		    err)) < 0)
			return rc;
	}
	return cix_store_insert_refs(s, id, r, r->origin, err);
}

static int
delete_children(struct cix_store *s, int64_t id, int refs,
    struct cix_error *err)
{
	static const enum stmt_id del[] = {
		ST_DELETE_AUTHORS, ST_DELETE_AFFILS, ST_DELETE_AA,
		ST_DELETE_KEYWORDS, ST_DELETE_EXTRA, ST_DELETE_LINKS,
		ST_DELETE_REFS,
	};
	sqlite3_stmt *st;
	size_t i;
	int rc;

	for (i = 0; i < sizeof(del) / sizeof(del[0]); i++) {
		if ((del[i] == ST_DELETE_REFS || del[i] == ST_DELETE_LINKS) &&
		    !refs)
			continue;
		if ((st = cix_store_stmt(s, del[i], err)) == NULL)
			return err ? err->code : CIX_EDB;
		sqlite3_bind_int64(st, 1, id);
		if ((rc = cix_store_step_done(s, st, "cannot update a work",
		    err)) < 0)
			return rc;
	}
	return CIX_OK;
}

/*
 * A private index's full-text thread: the text work id has in the works
 * table now, to be taken out of the index before it changes.
 */
static int
fts_send_old(struct cix_store *s, int64_t id, struct cix_error *err)
{
	sqlite3_stmt *st;
	const char *t[CIX_FTS_NCOLS];
	int i, rc;

	if ((st = cix_store_stmt(s, ST_FTS_TEXT, err)) == NULL)
		return err ? err->code : CIX_EDB;
	sqlite3_bind_int64(st, 1, id);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		for (i = 0; i < CIX_FTS_NCOLS; i++)
			t[i] = (const char *)sqlite3_column_text(st, i);
		rc = CIX_OK;
		if (sqlite3_column_int(st, CIX_FTS_NCOLS) != CIX_WORK_CITED)
			rc = cix_store_fts_send(s, 0, id, t, err);
	} else if (rc == SQLITE_DONE) {
		rc = CIX_OK;
	} else {
		rc = cix_store_error(s, rc, "cannot read a work", err);
	}
	sqlite3_reset(st);
	return rc;
}

static int
write_work(struct cix_store *s, const struct cix_record *r, int kind,
    uint64_t hash, int64_t *id, int refs, struct cix_error *err)
{
	struct cix_buf au, kw;
	sqlite3_stmt *st;
	int rc, inserted = *id == 0;

	cix_buf_init(&au, 0);
	cix_buf_init(&kw, 0);
	if (fts_texts(r, &au, &kw) < 0) {
		rc = cix_error_set(err, CIX_ENOMEM, "out of memory");
		goto out;
	}
	if (*id == 0) {
		if ((st = cix_store_stmt(s, ST_INSERT_WORK, err)) == NULL) {
			rc = err ? err->code : CIX_EDB;
			goto out;
		}
	} else {
		/* The update trigger takes the old text out of the index
		 * (the full-text thread, if any, is told). */
		if ((rc = s->fb ? fts_send_old(s, *id, err) :
		    cix_store_fts_flush(s, err)) < 0)
			goto out;
		if ((st = cix_store_stmt(s, ST_UPDATE_WORK, err)) == NULL) {
			rc = err ? err->code : CIX_EDB;
			goto out;
		}
		sqlite3_bind_int64(st, (int)cix_work_nfields + WORK_NEXTRA + 1,
		    *id);
	}
	if ((rc = bind_work(st, r, kind, hash, &au, &kw, err)) < 0) {
		sqlite3_reset(st);
		goto out;
	}
	if ((rc = cix_store_step_done(s, st, "cannot store a work", err)) < 0)
		goto out;
	if (inserted)
		*id = sqlite3_last_insert_rowid(s->db);
	else if ((rc = delete_children(s, *id, refs, err)) < 0)
		goto out;
	if (kind == CIX_WORK_CITED) {
		rc = CIX_OK;
	} else if (s->fb != NULL) {
		const char *t[CIX_FTS_NCOLS] = {
			r->title, r->abstract, kw.len ? kw.p : NULL,
			au.p ? au.p : "",
		};

		rc = cix_store_fts_send(s, 1, *id, t, err);
	} else if (inserted) {
		/* (An update's new text: the trigger indexed it.) */
		rc = cix_store_fts_add(s, *id, err);
	}
out:
	cix_buf_release(&au);
	cix_buf_release(&kw);
	if (rc < 0)
		return rc;
	if (!refs) {
		/* Keep the stored references: insert the rest only. */
		struct cix_record view = *r;

		view.nrefs = 0;
		return insert_children(s, *id, &view, err);
	}
	return insert_children(s, *id, r, err);
}

/*
 * Merge: the newer record's values win where it has them; everything the
 * newer one lacks comes from the older one.  The result is a view: its
 * pointers belong to old and in (and to extra, which the caller frees).
 */
static int
merge(struct cix_record *out, const struct cix_record *old,
    const struct cix_record *in, int in_newer, struct cix_tag **extra)
{
	const struct cix_record *nw = in_newer ? in : old;
	const struct cix_record *ol = in_newer ? old : in;
	size_t i, j, n;

	*out = *nw;
	for (i = 0; i < cix_work_nfields; i++) {
		const struct work_field *f = &cix_work_fields[i];
		char *o = (char *)out + f->off;

		switch (f->type) {
		case F_STR:
			if (STR_AT(nw, f->off) == NULL)
				*(const char **)o = STR_AT(ol, f->off);
			break;
		case F_INT:
			if (INT_AT(nw, f->off) <= (strcmp(f->col, "nr") ?
			    0 : -1))
				*(int *)o = INT_AT(ol, f->off);
			break;
		case F_LONG:
			if (LONG_AT(nw, f->off) < 0)
				*(long *)o = LONG_AT(ol, f->off);
			break;
		}
	}
	if (nw->nauthors == 0) {
		out->authors = ol->authors;
		out->nauthors = ol->nauthors;
		out->affils = ol->affils;
		out->naffils = ol->naffils;
		out->aa = ol->aa;
		out->naa = ol->naa;
	} else if (nw->naffils == 0 && ol->naffils > 0 &&
	    nw->nauthors == ol->nauthors) {
		out->affils = ol->affils;
		out->naffils = ol->naffils;
		out->aa = ol->aa;
		out->naa = ol->naa;
	}
	if (nw->kw_author.n == 0)
		out->kw_author = ol->kw_author;
	if (nw->kw_plus.n == 0)
		out->kw_plus = ol->kw_plus;
	/* A shorter list is a partial one (a mirror page shows the first
	 * references only, a short-format export none): keep the longer. */
	if (nw->nrefs < ol->nrefs) {
		out->refs = ol->refs;
		out->nrefs = ol->nrefs;
	}
	/* Unknown tags: the newer ones, plus older tags it does not have. */
	*extra = NULL;
	n = nw->nextra;
	for (i = 0; i < ol->nextra; i++) {
		for (j = 0; j < nw->nextra; j++)
			if (strcmp(nw->extra[j].tag, ol->extra[i].tag) == 0)
				break;
		if (j == nw->nextra)
			n++;
	}
	if (n > nw->nextra) {
		if ((*extra = malloc(n * sizeof(**extra))) == NULL)
			return CIX_ENOMEM;
		memcpy(*extra, nw->extra, nw->nextra * sizeof(**extra));
		n = nw->nextra;
		for (i = 0; i < ol->nextra; i++) {
			for (j = 0; j < nw->nextra; j++)
				if (strcmp(nw->extra[j].tag,
				    ol->extra[i].tag) == 0)
					break;
			if (j == nw->nextra)
				(*extra)[n++] = ol->extra[i];
		}
		out->extra = *extra;
		out->nextra = n;
	}
	return CIX_OK;
}

static int
refs_equal(const struct cix_record *a, const struct cix_record *b)
{
	size_t i;

	if (a->nrefs != b->nrefs)
		return 0;
	for (i = 0; i < a->nrefs; i++)
		if (strcmp(a->refs[i].raw, b->refs[i].raw) != 0)
			return 0;
	return 1;
}

int
cix_store_mark_dirty(struct cix_store *s, int64_t id, struct cix_error *err)
{
	sqlite3_stmt *st;

	if ((st = cix_store_stmt(s, ST_MARK_DIRTY, err)) == NULL)
		return err ? err->code : CIX_EDB;
	sqlite3_bind_int64(st, 1, id);
	return cix_store_step_done(s, st, "cannot queue a work for linking",
	    err);
}

static int
add_work_file(struct cix_store *s, int64_t id, size_t line,
    struct cix_error *err)
{
	sqlite3_stmt *st;

	if (s->file_id == 0)
		return CIX_OK;
	if ((st = cix_store_stmt(s, ST_INSERT_WORK_FILE, err)) == NULL)
		return err ? err->code : CIX_EDB;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, s->file_id);
	sqlite3_bind_int64(st, 3, (int64_t)line);
	return cix_store_step_done(s, st, "cannot record provenance", err);
}

int
cix_store_put_record(struct cix_store *s, const struct cix_record *rec,
    uint64_t hash, int *outcome, int64_t *id, struct cix_error *err)
{
	struct cix_record old, merged;
	struct cix_tag *extra = NULL;
	struct found f;
	char hex[17];
	uint64_t mh;
	int hit, rc, in_newer;

	*id = 0;
	cix_record_init(&old);
	if ((rc = identify(s, rec, &f, &hit, err)) < 0)
		goto out;
	if (!hit || f.kind == CIX_WORK_CITED) {
		/* New, or a cited-only node completed in place (keeping its
		 * id, so every reference to it stays linked). */
		*id = hit ? f.id : 0;
		rc = write_work(s, rec, CIX_WORK_RECORD, hash, id, 1, err);
		*outcome = CIX_PUT_NEW;
		goto done;
	}
	*id = f.id;
	hash_hex(hash, hex);
	if (strcmp(hex, f.hash) == 0) {
		*outcome = CIX_PUT_UNCHANGED;
		goto done;
	}
	if ((rc = cix_store_load(s, f.id, &old, NULL, err)) < 0)
		goto out;
	/* The later export wins; without dates, the later import. */
	in_newer = f.kind == CIX_WORK_RESOLVED || rec->export_date == NULL ||
	    old.export_date == NULL ||
	    strcmp(rec->export_date, old.export_date) >= 0;
	if ((rc = merge(&merged, &old, rec, in_newer, &extra)) < 0) {
		rc = cix_error_set(err, rc, "out of memory");
		goto out;
	}
	merged.origin = rec->origin;
	mh = cix_record_hash(&merged);
	hash_hex(mh, hex);
	if (strcmp(hex, f.hash) == 0) {
		*outcome = CIX_PUT_UNCHANGED;
		goto done;
	}
	*outcome = CIX_PUT_UPDATED;
	rc = write_work(s, &merged, CIX_WORK_RECORD, mh, id,
	    !refs_equal(&merged, &old), err);
done:
	if (rc == CIX_OK)
		rc = add_work_file(s, *id, rec->line, err);
	if (rc == CIX_OK && *outcome != CIX_PUT_UNCHANGED)
		rc = cix_store_mark_dirty(s, *id, err);
out:
	free(extra);
	cix_record_release(&old);
	return rc;
}

int
cix_store_file_begin(struct cix_store *s, const struct cix_file_info *fi,
    int64_t *seen, struct cix_import_counts *seen_counts,
    struct cix_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	*seen = 0;
	memset(seen_counts, 0, sizeof(*seen_counts));
	if ((rc = cix_store_begin(s, err)) < 0)
		return rc;
	rc = sqlite3_prepare_v2(s->db, "SELECT id, records, refs FROM files"
	    " WHERE sha256 = ?1",
	    -1, &st, NULL);
	if (rc != SQLITE_OK) {
		rc = cix_store_error(s, rc, "cannot look up the file", err);
		goto fail;
	}
	cix_bind_text(st, 1, fi->sha256);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*seen = sqlite3_column_int64(st, 0);
		seen_counts->records = (size_t)sqlite3_column_int64(st, 1);
		seen_counts->unchanged = seen_counts->records;
		seen_counts->refs = (size_t)sqlite3_column_int64(st, 2);
	} else if (rc != SQLITE_DONE) {
		rc = cix_store_error(s, rc, "cannot look up the file", err);
		goto fail;
	}
	sqlite3_finalize(st);
	st = NULL;
	if (*seen) {
		/* A forced re-import updates that file's row. */
		s->file_id = *seen;
		return CIX_OK;
	}
	/* Register the file now so provenance rows can point at it; its
	 * counts are filled at commit. */
	rc = sqlite3_prepare_v2(s->db, "INSERT INTO files (path, sha256, size,"
	    " mtime, format) VALUES (?1, ?2, ?3, ?4, ?5)", -1, &st, NULL);
	if (rc != SQLITE_OK) {
		rc = cix_store_error(s, rc, "cannot record the file", err);
		goto fail;
	}
	cix_bind_text(st, 1, fi->path);
	cix_bind_text(st, 2, fi->sha256);
	sqlite3_bind_int64(st, 3, (int64_t)fi->size);
	sqlite3_bind_int64(st, 4, fi->mtime);
	cix_bind_text(st, 5, fi->format);
	if ((rc = sqlite3_step(st)) != SQLITE_DONE) {
		rc = cix_store_error(s, rc, "cannot record the file", err);
		goto fail;
	}
	sqlite3_finalize(st);
	s->file_id = sqlite3_last_insert_rowid(s->db);
	return CIX_OK;
fail:
	sqlite3_finalize(st);
	cix_store_rollback(s);
	return rc;
}

int
cix_store_file_commit(struct cix_store *s, const struct cix_file_info *fi,
    const struct cix_import_counts *c, struct cix_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if (s->file_id != 0) {
		rc = sqlite3_prepare_v2(s->db, "UPDATE files SET format = ?2,"
		    " records = ?3, new = ?4, updated = ?5, unchanged = ?6,"
		    " refs = ?7 WHERE id = ?1", -1, &st, NULL);
		if (rc != SQLITE_OK) {
			rc = cix_store_error(s, rc, "cannot record the file",
			    err);
			goto fail;
		}
		sqlite3_bind_int64(st, 1, s->file_id);
		cix_bind_text(st, 2, fi->format);
		sqlite3_bind_int64(st, 3, (int64_t)c->records);
		sqlite3_bind_int64(st, 4, (int64_t)c->new);
		sqlite3_bind_int64(st, 5, (int64_t)c->updated);
		sqlite3_bind_int64(st, 6, (int64_t)c->unchanged);
		sqlite3_bind_int64(st, 7, (int64_t)c->refs);
		if ((rc = sqlite3_step(st)) != SQLITE_DONE) {
			rc = cix_store_error(s, rc, "cannot record the file",
			    err);
			goto fail;
		}
		sqlite3_finalize(st);
		st = NULL;
	}
	s->file_id = 0;
	return cix_store_commit(s, err);
fail:
	sqlite3_finalize(st);
	cix_store_rollback(s);
	return rc;
}

void
cix_store_file_rollback(struct cix_store *s)
{
	cix_store_rollback(s);
}
