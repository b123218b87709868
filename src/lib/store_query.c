/*
 * store_query.c - finding, loading and searching works; statistics.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "doi.h"
#include "store_int.h"
#include "util.h"
#include "banned.h"

static int
dup_col(struct cix_record *r, sqlite3_stmt *st, int col, const char **out)
{
	const unsigned char *t = sqlite3_column_text(st, col);

	if (t == NULL) {
		*out = NULL;
		return CIX_OK;
	}
	return cix_record_str(r, out, (const char *)t,
	    (size_t)sqlite3_column_bytes(st, col));
}

/* Run st (bound to id) and call fn for each row. */
static int
each_row(struct cix_store *s, sqlite3_stmt *st, int64_t id,
    int (*fn)(struct cix_record *, sqlite3_stmt *), struct cix_record *r,
    struct cix_error *err)
{
	int rc, frc = CIX_OK;

	sqlite3_bind_int64(st, 1, id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if ((frc = fn(r, st)) < 0)
			break;
	sqlite3_reset(st);
	if (frc < 0)
		return cix_error_set(err, frc, "out of memory");
	if (rc != SQLITE_DONE)
		return cix_store_error(s, rc, "cannot load a work", err);
	return CIX_OK;
}

static int
row_author(struct cix_record *r, sqlite3_stmt *st)
{
	struct cix_author *a;
	int rc;

	if ((rc = cix_record_add_author(r, &a)) < 0)
		return rc;
	a->role = sqlite3_column_int(st, 1);
	a->corporate = sqlite3_column_int(st, 8);
	if ((rc = dup_col(r, st, 2, &a->family)) < 0 ||
	    (rc = dup_col(r, st, 3, &a->given)) < 0 ||
	    (rc = dup_col(r, st, 4, &a->full)) < 0 ||
	    (rc = dup_col(r, st, 5, &a->abbrev)) < 0 ||
	    (rc = dup_col(r, st, 6, &a->orcid)) < 0 ||
	    (rc = dup_col(r, st, 7, &a->rid)) < 0)
		return rc;
	return CIX_OK;
}

static int
row_affil(struct cix_record *r, sqlite3_stmt *st)
{
	return cix_record_add_affil(r,
	    (const char *)sqlite3_column_text(st, 1),
	    (const char *)sqlite3_column_text(st, 2), NULL);
}

static int
row_aa(struct cix_record *r, sqlite3_stmt *st)
{
	int rc = cix_record_link_affil(r,
	    (size_t)sqlite3_column_int64(st, 0),
	    (size_t)sqlite3_column_int64(st, 1));

	return rc == CIX_EINVAL ? CIX_OK : rc;
}

static int
row_keyword(struct cix_record *r, sqlite3_stmt *st)
{
	const char *kind = (const char *)sqlite3_column_text(st, 0);
	const char *kw = (const char *)sqlite3_column_text(st, 1);

	if (kw == NULL)
		return CIX_OK;
	return cix_record_add_str(r, kind && strcmp(kind, "plus") == 0 ?
	    &r->kw_plus : &r->kw_author, kw, strlen(kw));
}

static int
row_extra(struct cix_record *r, sqlite3_stmt *st)
{
	const char *tag = (const char *)sqlite3_column_text(st, 0);
	const char *v = (const char *)sqlite3_column_text(st, 1);

	if (tag == NULL || strlen(tag) >= sizeof(r->extra[0].tag))
		return CIX_OK;
	return cix_record_add_extra(r, tag, v ? v : "", v ? strlen(v) : 0);
}

static int
row_ref(struct cix_record *r, sqlite3_stmt *st)
{
	struct cix_ref *f;
	struct cix_citedref *c;
	const char *raw = (const char *)sqlite3_column_text(st, 0);
	const char *d, *more;
	int rc;

	if (raw == NULL)
		return CIX_OK;
	if ((rc = cix_record_add_ref(r, raw, strlen(raw), &f)) < 0)
		return rc;
	if (f == NULL)
		return CIX_OK;
	c = &f->f;
	f->parsed = 1;
	c->kind = sqlite3_column_int(st, 1);
	c->year = sqlite3_column_int(st, 4);
	if ((rc = dup_col(r, st, 2, &c->author)) < 0 ||
	    (rc = dup_col(r, st, 3, &c->initials)) < 0 ||
	    (rc = dup_col(r, st, 5, &c->source)) < 0 ||
	    (rc = dup_col(r, st, 6, &c->title)) < 0 ||
	    (rc = dup_col(r, st, 7, &c->volume)) < 0 ||
	    (rc = dup_col(r, st, 8, &c->issue)) < 0 ||
	    (rc = dup_col(r, st, 9, &c->page)) < 0 ||
	    (rc = dup_col(r, st, 10, &c->artno)) < 0)
		return rc;
	/* refs.doi is dois[0]; refs.dois the others, space-separated. */
	if ((rc = dup_col(r, st, 11, &d)) < 0)
		return rc;
	if (d != NULL)
		c->dois[c->ndois++] = d;
	more = (const char *)sqlite3_column_text(st, 12);
	while (more != NULL && *more != '\0' && c->ndois < CIX_REF_MAXDOIS) {
		const char *e = strchr(more, ' ');
		size_t n = e ? (size_t)(e - more) : strlen(more);

		if ((rc = cix_record_str(r, &d, more, n)) < 0)
			return rc;
		if (d != NULL)
			c->dois[c->ndois++] = d;
		more = e ? e + 1 : NULL;
	}
	f->cited_id = sqlite3_column_int64(st, 13);
	f->method = sqlite3_column_int(st, 14);
	f->confidence = sqlite3_column_double(st, 15);
	return CIX_OK;
}

/*
 * The author of a cited-only work from its au_text as the reference gave
 * it: "Anthony WA" -> family "Anthony", given "WA"; a name without
 * initials ("World Health Organization", "[Anonymous]") is corporate.
 */
static int
cited_author(struct cix_record *rec, const char *au)
{
	struct cix_author *a;
	const char *sp = strrchr(au, ' '), *p;
	int initials = sp != NULL && sp[1] != '\0' && strlen(sp + 1) <= 4;
	int rc;

	for (p = sp ? sp + 1 : au; initials && *p != '\0'; p++)
		if (!(*p >= 'A' && *p <= 'Z'))
			initials = 0;
	if ((rc = cix_record_add_author(rec, &a)) < 0)
		return rc;
	if (initials) {
		if ((rc = cix_record_str(rec, &a->family, au,
		    (size_t)(sp - au))) < 0 ||
		    (rc = cix_record_str(rec, &a->given, sp + 1,
		    strlen(sp + 1))) < 0)
			return rc;
	} else {
		if ((rc = cix_record_str(rec, &a->family, au, strlen(au))) < 0)
			return rc;
		a->corporate = 1;
	}
	return cix_record_str(rec, &a->abbrev, au, strlen(au));
}

int
cix_store_load(struct cix_store *s, int64_t id, struct cix_record *rec,
    struct cix_work_meta *meta, struct cix_error *err)
{
	sqlite3_stmt *st;
	const char *au_text = NULL;
	size_t i, col;
	int rc, kind;

	cix_record_reset(rec);
	if ((st = cix_store_stmt(s, ST_LOAD_WORK, err)) == NULL)
		return err ? err->code : CIX_EDB;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) {
		sqlite3_reset(st);
		return cix_error_set(err, CIX_ENOTFOUND, "no work #%lld",
		    (long long)id);
	}
	if (rc != SQLITE_ROW) {
		rc = cix_store_error(s, rc, "cannot load a work", err);
		sqlite3_reset(st);
		return rc;
	}
	for (i = 0; i < cix_work_nfields; i++) {
		const struct work_field *f = &cix_work_fields[i];
		char *p = (char *)rec + f->off;

		switch (f->type) {
		case F_STR:
			if (dup_col(rec, st, (int)i, (const char **)p) < 0) {
				sqlite3_reset(st);
				return cix_error_set(err, CIX_ENOMEM,
				    "out of memory");
			}
			break;
		case F_INT:
			*(int *)p = sqlite3_column_type(st, (int)i) ==
			    SQLITE_NULL ? (strcmp(f->col, "nr") ? 0 : -1) :
			    sqlite3_column_int(st, (int)i);
			break;
		case F_LONG:
			*(long *)p = sqlite3_column_type(st, (int)i) ==
			    SQLITE_NULL ? -1 :
			    (long)sqlite3_column_int64(st, (int)i);
			break;
		}
	}
	col = cix_work_nfields;
	kind = sqlite3_column_int(st, (int)col);
	if (kind == CIX_WORK_CITED &&
	    dup_col(rec, st, (int)col + 1, &au_text) < 0) {
		sqlite3_reset(st);
		return cix_error_set(err, CIX_ENOMEM, "out of memory");
	}
	if (meta != NULL) {
		memset(meta, 0, sizeof(*meta));
		meta->id = id;
		meta->kind = sqlite3_column_int(st, (int)col);
		snprintf(meta->created, sizeof(meta->created), "%s",
		    (const char *)sqlite3_column_text(st,
		    (int)col + WORK_NEXTRA));
		snprintf(meta->updated, sizeof(meta->updated), "%s",
		    (const char *)sqlite3_column_text(st,
		    (int)col + WORK_NEXTRA + 1));
	}
	/* Strings above were copied: the statement can be reset. */
	sqlite3_reset(st);

#define EACH(sid, fn) do { \
	if ((st = cix_store_stmt(s, sid, err)) == NULL) \
		return err ? err->code : CIX_EDB; \
	if ((rc = each_row(s, st, id, fn, rec, err)) < 0) \
		return rc; \
} while (0)
	EACH(ST_LOAD_AUTHORS, row_author);
	EACH(ST_LOAD_AFFILS, row_affil);
	EACH(ST_LOAD_AA, row_aa);
	EACH(ST_LOAD_KEYWORDS, row_keyword);
	EACH(ST_LOAD_EXTRA, row_extra);
	EACH(ST_LOAD_REFS, row_ref);
#undef EACH
	if (rec->nauthors == 0 && au_text != NULL &&
	    (rc = cited_author(rec, au_text)) < 0)
		return cix_error_set(err, rc, "out of memory");

	if (meta != NULL) {
		rc = sqlite3_prepare_v2(s->db,
		    "SELECT (SELECT count(DISTINCT l.citing_id) FROM links l"
		    "  JOIN works c ON c.id = l.citing_id"
		    "  WHERE l.cited_id = ?1 AND c.kind = 0),"
		    " (SELECT count(*) FROM links l JOIN works d"
		    "  ON d.id = l.cited_id WHERE l.citing_id = ?1"
		    "  AND d.kind = 0)", -1, &st, NULL);
		if (rc != SQLITE_OK)
			return cix_store_error(s, rc, "cannot count citations",
			    err);
		sqlite3_bind_int64(st, 1, id);
		if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			meta->lcs = sqlite3_column_int64(st, 0);
			meta->lcr = sqlite3_column_int64(st, 1);
		}
		sqlite3_finalize(st);
		if (rc != SQLITE_ROW)
			return cix_store_error(s, rc, "cannot count citations",
			    err);
	}
	return CIX_OK;
}

/* Known Web of Science database prefixes of accession numbers. */
static const char *const ut_prefixes[] = {
	"WOS", "MEDLINE", "SCIELO", "CCC", "BCI", "BIOSIS", "ZOOREC", "KJD",
	"RSCI", "CSCD", "INSPEC", "DIIDW", "DRCI", "GRANTS", "PPRN", NULL
};

static int
is_ut(const char *name)
{
	const char *c = strchr(name, ':');
	size_t i;

	if (c == NULL || c[1] == '\0')
		return 0;
	for (i = 0; ut_prefixes[i] != NULL; i++)
		if (cix_strncaseeq(name, (size_t)(c - name), ut_prefixes[i]))
			return 1;
	return 0;
}

static int
lookup_ids(struct cix_store *s, const char *sql, const char *key,
    const char *name, int64_t *id, struct cix_error *err)
{
	sqlite3_stmt *st;
	struct cix_buf list;
	int rc, n = 0, records = 0;

	*id = 0;
	rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);
	if (rc != SQLITE_OK)
		return cix_store_error(s, rc, "cannot look up a work", err);
	cix_bind_text(st, 1, key);
	cix_buf_init(&list, 512);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int kind = sqlite3_column_int(st, 1);
		const char *ut = (const char *)sqlite3_column_text(st, 2);

		/* Prefer full records over a cited-only namesake. */
		if (n > 0 && kind == CIX_WORK_CITED && records > 0)
			continue;
		if (n == 0 || kind != CIX_WORK_CITED)
			*id = *id ? *id : sqlite3_column_int64(st, 0);
		if (kind != CIX_WORK_CITED)
			records++;
		cix_buf_addf(&list, "%s#%lld%s%s%s", n ? ", " : "",
		    (long long)sqlite3_column_int64(st, 0), ut ? " (" : "",
		    ut ? ut : "", ut ? ")" : "");
		n++;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		cix_buf_release(&list);
		return cix_store_error(s, rc, "cannot look up a work", err);
	}
	if (records > 1) {
		rc = cix_error_set(err, CIX_EAMBIGUOUS,
		    "'%s' names %d works: %s; use #ID", name, records, list.p);
		cix_buf_release(&list);
		return rc;
	}
	cix_buf_release(&list);
	if (*id == 0)
		return cix_error_set(err, CIX_ENOTFOUND,
		    "no work '%s' in the index", name);
	return CIX_OK;
}

int
cix_store_find(struct cix_store *s, const char *name, int64_t *id,
    struct cix_error *err)
{
	struct cix_buf b;
	size_t len;
	long v;
	int rc;

	*id = 0;
	len = strlen(name);
	name = cix_trim(name, &len);
	cix_buf_init(&b, 4096);
	if (len > 1 && name[0] == '#') {
		if (cix_parse_long(name + 1, len - 1, &v) < 0 || v <= 0) {
			rc = cix_error_set(err, CIX_EINVAL,
			    "'%.*s' is not a work id", (int)len, name);
			goto out;
		}
		rc = cix_buf_addf(&b, "%ld", v);
		rc = lookup_ids(s, "SELECT id, kind, ut FROM works"
		    " WHERE id = CAST(?1 AS INTEGER)", b.p, b.p, id, err);
		if (rc == CIX_ENOTFOUND)
			rc = cix_error_set(err, CIX_ENOTFOUND,
			    "no work #%ld in the index", v);
		goto out;
	}
	if (cix_startswith_nocase(name, len, "pmid:")) {
		cix_buf_add(&b, name + 5, len - 5);
		rc = lookup_ids(s, "SELECT id, kind, ut FROM works"
		    " WHERE pmid = ?1", cix_trim(b.p, &b.len), name, id, err);
		goto out;
	}
	cix_buf_add(&b, name, len);
	if (is_ut(b.p)) {
		char *c = strchr(b.p, ':'), *p;

		for (p = b.p; p < c; p++)
			*p = (char)cix_toupper((unsigned char)*p);
		rc = lookup_ids(s, "SELECT id, kind, ut FROM works"
		    " WHERE ut = ?1 COLLATE NOCASE", b.p, b.p, id, err);
		goto out;
	}
	if (len == 15 && cix_parse_long(name, len, &v) == CIX_OK) {
		cix_buf_reset(&b);
		cix_buf_addf(&b, "WOS:%.*s", (int)len, name);
		rc = lookup_ids(s, "SELECT id, kind, ut FROM works"
		    " WHERE ut = ?1", b.p, name, id, err);
		goto out;
	}
	cix_buf_reset(&b);
	if (cix_doi_normalise(&b, name, len) == CIX_OK) {
		rc = lookup_ids(s, "SELECT id, kind, ut FROM works"
		    " WHERE doi = ?1 ORDER BY kind, id", b.p, name, id, err);
		goto out;
	}
	rc = cix_error_set(err, CIX_EINVAL, "'%.*s' does not name a work:"
	    " give a DOI, a UT such as WOS:000123456789012, pmid:N or #ID",
	    (int)len, name);
out:
	cix_buf_release(&b);
	return rc;
}

int
cix_store_work_files(struct cix_store *s, int64_t id, cix_file_cb cb,
    void *ctx, struct cix_error *err)
{
	sqlite3_stmt *st;
	struct cix_file_row f;
	int rc, crc = 0;

	rc = sqlite3_prepare_v2(s->db, "SELECT f.id, f.path, f.sha256,"
	    " f.imported_at, f.format, f.records, wf.line FROM work_files wf"
	    " JOIN files f ON f.id = wf.file_id WHERE wf.work_id = ?1"
	    " ORDER BY f.id", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return cix_store_error(s, rc, "cannot list files", err);
	sqlite3_bind_int64(st, 1, id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		memset(&f, 0, sizeof(f));
		f.id = sqlite3_column_int64(st, 0);
		snprintf(f.path, sizeof(f.path), "%s",
		    (const char *)sqlite3_column_text(st, 1));
		snprintf(f.sha256, sizeof(f.sha256), "%s",
		    (const char *)sqlite3_column_text(st, 2));
		snprintf(f.imported_at, sizeof(f.imported_at), "%s",
		    (const char *)sqlite3_column_text(st, 3));
		snprintf(f.format, sizeof(f.format), "%s",
		    sqlite3_column_text(st, 4) ?
		    (const char *)sqlite3_column_text(st, 4) : "");
		f.records = sqlite3_column_int64(st, 5);
		f.line = (size_t)sqlite3_column_int64(st, 6);
		if ((crc = cb(ctx, &f)) != 0)
			break;
	}
	sqlite3_finalize(st);
	if (crc != 0)
		return crc;
	if (rc != SQLITE_DONE)
		return cix_store_error(s, rc, "cannot list files", err);
	return CIX_OK;
}

/*
 * Turn user words into an FTS5 query: each word a quoted string (quotes
 * doubled), "word*" kept as a prefix query, all ANDed; with col, each
 * term restricted to that column.  Returns CIX_EINVAL if no word.
 */
static int
fts_query(struct cix_buf *q, const char *text, const char *col)
{
	const char *p = text, *w;
	size_t n, i;
	int words = 0, prefix;

	for (;;) {
		while (*p != '\0' && cix_isspace((unsigned char)*p))
			p++;
		if (*p == '\0')
			break;
		w = p;
		while (*p != '\0' && !cix_isspace((unsigned char)*p))
			p++;
		n = (size_t)(p - w);
		prefix = n > 1 && w[n - 1] == '*';
		if (prefix)
			n--;
		if (words++)
			cix_buf_adds(q, " AND ");
		if (col != NULL)
			cix_buf_addf(q, "%s : ", col);
		cix_buf_addch(q, '"');
		for (i = 0; i < n; i++) {
			if (w[i] == '"')
				cix_buf_addch(q, '"');
			cix_buf_addch(q, w[i]);
		}
		cix_buf_addch(q, '"');
		if (prefix)
			cix_buf_addch(q, '*');
	}
	return words ? CIX_OK : CIX_EINVAL;
}

/* "%s%" with LIKE's wildcards in s escaped by backslash. */
static void
like_pattern(struct cix_buf *b, const char *s)
{
	cix_buf_addch(b, '%');
	for (; *s != '\0'; s++) {
		if (*s == '%' || *s == '_' || *s == '\\')
			cix_buf_addch(b, '\\');
		cix_buf_addch(b, *s);
	}
	cix_buf_addch(b, '%');
}

int
cix_store_search(struct cix_store *s, const struct cix_query *q,
    cix_id_cb cb, void *ctx, struct cix_error *err)
{
	struct cix_buf sql, fts, au, kw, so;
	sqlite3_stmt *st = NULL;
	int rc, crc = 0, nfts = 0;

	cix_buf_init(&sql, 0);
	cix_buf_init(&fts, 1 << 16);
	cix_buf_init(&au, 4096);
	cix_buf_init(&kw, 4096);
	cix_buf_init(&so, 4096);
	if (q->text != NULL && *q->text != '\0') {
		if (fts_query(&fts, q->text, NULL) < 0) {
			rc = cix_error_set(err, CIX_EINVAL, "nothing to search");
			goto out;
		}
		nfts++;
	}
	if (q->title != NULL && *q->title != '\0') {
		if (fts.len)
			cix_buf_adds(&fts, " AND ");
		if (fts_query(&fts, q->title, "title") < 0) {
			rc = cix_error_set(err, CIX_EINVAL, "empty --title");
			goto out;
		}
		nfts++;
	}
	/* Fixed SQL fragments only; every value is bound. */
	cix_buf_adds(&sql, "SELECT w.id FROM works w");
	if (nfts)
		cix_buf_adds(&sql, " JOIN works_fts f ON f.rowid = w.id"
		    " AND works_fts MATCH ?1");
	cix_buf_adds(&sql, " WHERE 1");
	if (q->records_only)
		cix_buf_adds(&sql, " AND w.kind != 1");
	if (q->year_from > 0)
		cix_buf_adds(&sql, " AND w.year >= ?2");
	if (q->year_to > 0)
		cix_buf_adds(&sql, " AND w.year <= ?3");
	if (q->author != NULL && *q->author != '\0') {
		like_pattern(&au, q->author);
		cix_buf_adds(&sql, " AND EXISTS (SELECT 1 FROM authors a"
		    " WHERE a.work_id = w.id AND (a.full LIKE ?4 ESCAPE '\\'"
		    " OR a.abbrev LIKE ?4 ESCAPE '\\'"
		    " OR a.family LIKE ?4 ESCAPE '\\'))");
	}
	if (q->keyword != NULL && *q->keyword != '\0') {
		like_pattern(&kw, q->keyword);
		cix_buf_adds(&sql, " AND EXISTS (SELECT 1 FROM keywords k"
		    " WHERE k.work_id = w.id AND k.keyword LIKE ?5"
		    " ESCAPE '\\')");
	}
	if (q->source != NULL && *q->source != '\0') {
		like_pattern(&so, q->source);
		cix_buf_adds(&sql, " AND (w.source LIKE ?6 ESCAPE '\\'"
		    " OR w.source_abbrev LIKE ?6 ESCAPE '\\'"
		    " OR w.source_iso LIKE ?6 ESCAPE '\\')");
	}
	cix_buf_adds(&sql, nfts ? " ORDER BY f.rank, w.id" :
	    " ORDER BY w.year IS NULL, w.year, w.id");
	if (q->limit > 0)
		cix_buf_adds(&sql, " LIMIT ?7");
	if (sql.len == 0 || fts.p == NULL) {
		rc = cix_error_set(err, CIX_ENOMEM, "out of memory");
		goto out;
	}
	rc = sqlite3_prepare_v2(s->db, sql.p, -1, &st, NULL);
	if (rc != SQLITE_OK) {
		rc = cix_store_error(s, rc, "cannot search", err);
		goto out;
	}
	if (nfts)
		sqlite3_bind_text(st, 1, fts.p, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, q->year_from);
	sqlite3_bind_int(st, 3, q->year_to);
	if (au.len)
		sqlite3_bind_text(st, 4, au.p, -1, SQLITE_STATIC);
	if (kw.len)
		sqlite3_bind_text(st, 5, kw.p, -1, SQLITE_STATIC);
	if (so.len)
		sqlite3_bind_text(st, 6, so.p, -1, SQLITE_STATIC);
	if (q->limit > 0)
		sqlite3_bind_int64(st, 7, (int64_t)q->limit);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if ((crc = cb(ctx, sqlite3_column_int64(st, 0))) != 0)
			break;
	if (crc != 0)
		rc = crc;
	else if (rc != SQLITE_DONE)
		rc = cix_store_error(s, rc, "cannot search", err);
	else
		rc = CIX_OK;
out:
	sqlite3_finalize(st);
	cix_buf_release(&sql);
	cix_buf_release(&fts);
	cix_buf_release(&au);
	cix_buf_release(&kw);
	cix_buf_release(&so);
	return rc;
}

int
cix_store_stats(struct cix_store *s, struct cix_stats *out,
    struct cix_error *err)
{
	sqlite3_stmt *st;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = sqlite3_prepare_v2(s->db,
	    "SELECT (SELECT count(*) FROM works),"
	    " (SELECT count(*) FROM works WHERE kind != 1),"
	    " (SELECT count(*) FROM works WHERE kind = 1),"
	    " (SELECT count(*) FROM refs),"
	    " (SELECT count(*) FROM links),"
	    " (SELECT count(*) FROM links l JOIN works c ON c.id = l.citing_id"
	    "  AND c.kind = 0 JOIN works d ON d.id = l.cited_id"
	    "  AND d.kind = 0),"
	    " (SELECT count(*) FROM files),"
	    " (SELECT count(*) FROM works WHERE doi IS NOT NULL)",
	    -1, &st, NULL);
	if (rc != SQLITE_OK)
		return cix_store_error(s, rc, "cannot count", err);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		out->works = sqlite3_column_int64(st, 0);
		out->records = sqlite3_column_int64(st, 1);
		out->cited_only = sqlite3_column_int64(st, 2);
		out->refs = sqlite3_column_int64(st, 3);
		out->refs_linked = sqlite3_column_int64(st, 4);
		out->links_local = sqlite3_column_int64(st, 5);
		out->files = sqlite3_column_int64(st, 6);
		out->dois = sqlite3_column_int64(st, 7);
		rc = CIX_OK;
	} else {
		rc = cix_store_error(s, rc, "cannot count", err);
	}
	sqlite3_finalize(st);
	return rc;
}

int
cix_store_years(struct cix_store *s, cix_year_cb cb, void *ctx,
    struct cix_error *err)
{
	sqlite3_stmt *st;
	int rc, crc = 0;

	rc = sqlite3_prepare_v2(s->db, "SELECT coalesce(year, 0), count(*)"
	    " FROM works WHERE kind != 1 GROUP BY 1 ORDER BY 1", -1, &st,
	    NULL);
	if (rc != SQLITE_OK)
		return cix_store_error(s, rc, "cannot count", err);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if ((crc = cb(ctx, sqlite3_column_int(st, 0),
		    sqlite3_column_int64(st, 1))) != 0)
			break;
	sqlite3_finalize(st);
	if (crc != 0)
		return crc;
	if (rc != SQLITE_DONE)
		return cix_store_error(s, rc, "cannot count", err);
	return CIX_OK;
}
