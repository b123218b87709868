/*
 * store_update.c - SQL for cix update: runs, watched works, reports (see
 * store_update.h).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store_int.h"
#include "store_resolve.h"
#include "store_update.h"
#include "banned.h"

#define TEXT(st, i) ((const char *)sqlite3_column_text(st, i))

static const char *const status_names[] = {
	"running", "ok", "partial", "failed", "interrupted", "killed"
};

const char *
cix_run_status_name(int status)
{
	if (status < 0 || (size_t)status >= sizeof(status_names) /
	    sizeof(status_names[0]))
		return NULL;
	return status_names[status];
}

int
cix_run_status_parse(const char *s)
{
	size_t i;

	for (i = 0; s != NULL && i < sizeof(status_names) /
	    sizeof(status_names[0]); i++)
		if (strcmp(s, status_names[i]) == 0)
			return (int)i;
	return -1;
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

/* Step st to its end (no rows wanted), finalize it. */
static int
run_once(struct cix_store *s, sqlite3_stmt *st, const char *what,
    struct cix_error *err)
{
	int rc = sqlite3_step(st);

	sqlite3_finalize(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return cix_store_error(s, rc, what, err);
	return CIX_OK;
}

/* The one integer sql yields (0 when no row). */
static int
count_of(struct cix_store *s, const char *sql, int64_t *n,
    struct cix_error *err)
{
	sqlite3_stmt *st;
	int rc;

	*n = 0;
	if ((rc = prep(s, sql, &st, err)) < 0)
		return rc;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return cix_store_error(s, rc, "cannot count", err);
	return CIX_OK;
}

static void
copy_text(char *dst, size_t n, const char *src)
{
	snprintf(dst, n, "%s", src != NULL ? src : "");
}

/* ------------------------------------------------------------------ */
/* Runs */

#define RUN_COLS "id, started_at, ended_at, status, pid, phase," \
	" files_seen, files_imported, files_failed, records, dois_asked," \
	" dois_resolved, dois_failed, requests, refs_linked, new_works," \
	" new_citations, newly_resolved, watched_citations, report, error"

static void
run_row(sqlite3_stmt *st, struct cix_run_row *r)
{
	int k = cix_run_status_parse(TEXT(st, 3));

	memset(r, 0, sizeof(*r));
	r->id = sqlite3_column_int64(st, 0);
	copy_text(r->started, sizeof(r->started), TEXT(st, 1));
	copy_text(r->ended, sizeof(r->ended), TEXT(st, 2));
	r->status = k < 0 ? CIX_RUN_FAILED : k;
	r->pid = (long)sqlite3_column_int64(st, 4);
	copy_text(r->phase, sizeof(r->phase), TEXT(st, 5));
	r->files_seen = sqlite3_column_int64(st, 6);
	r->files_imported = sqlite3_column_int64(st, 7);
	r->files_failed = sqlite3_column_int64(st, 8);
	r->records = sqlite3_column_int64(st, 9);
	r->dois_asked = sqlite3_column_int64(st, 10);
	r->dois_resolved = sqlite3_column_int64(st, 11);
	r->dois_failed = sqlite3_column_int64(st, 12);
	r->requests = sqlite3_column_int64(st, 13);
	r->refs_linked = sqlite3_column_int64(st, 14);
	r->has_report = sqlite3_column_type(st, 15) != SQLITE_NULL;
	r->new_works = sqlite3_column_int64(st, 15);
	r->new_citations = sqlite3_column_int64(st, 16);
	r->newly_resolved = sqlite3_column_int64(st, 17);
	r->watched_citations = sqlite3_column_int64(st, 18);
	r->report = TEXT(st, 19);
	r->error = TEXT(st, 20);
}

int
cix_store_run_begin(struct cix_store *s, long pid, struct cix_run_start *out,
    struct cix_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	memset(out, 0, sizeof(*out));
	cix_iso_time(out->started, (long long)time(NULL));
	if ((rc = cix_store_begin(s, err)) < 0)
		return rc;
	if ((rc = prep(s, "SELECT " RUN_COLS " FROM runs"
	    " WHERE status = 'running' ORDER BY id", &st, err)) < 0)
		goto fail;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (out->nkilled < CIX_RUN_MAXKILLED) {
			struct cix_run_row *k = &out->killed[out->nkilled];

			run_row(st, k);
			k->report = k->error = NULL;
			k->status = CIX_RUN_KILLED;
		}
		out->nkilled++;
	}
	sqlite3_finalize(st);
	st = NULL;
	if (rc != SQLITE_DONE) {
		rc = cix_store_error(s, rc, "cannot read the runs", err);
		goto fail;
	}
	if ((rc = prep(s, "UPDATE runs SET status = 'killed', error ="
	    " coalesce(error, 'did not finish: killed in phase ' ||"
	    " coalesce(phase, 'start') || ' (or unable to write its end)')"
	    " WHERE status = 'running'",
	    &st, err)) < 0 ||
	    (rc = run_once(s, st, "cannot update the runs", err)) < 0)
		goto fail;
	if ((rc = prep(s, "SELECT id, started_at FROM runs"
	    " WHERE new_works IS NOT NULL ORDER BY id DESC LIMIT 1", &st,
	    err)) < 0)
		goto fail;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		out->prev_id = sqlite3_column_int64(st, 0);
		copy_text(out->prev_started, sizeof(out->prev_started),
		    TEXT(st, 1));
	}
	sqlite3_finalize(st);
	st = NULL;
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		rc = cix_store_error(s, rc, "cannot read the runs", err);
		goto fail;
	}
	if ((rc = prep(s, "INSERT INTO runs (started_at, pid, phase)"
	    " VALUES (?1, ?2, 'start')", &st, err)) < 0)
		goto fail;
	cix_bind_text(st, 1, out->started);
	sqlite3_bind_int64(st, 2, pid);
	if ((rc = run_once(s, st, "cannot record the run", err)) < 0)
		goto fail;
	out->id = sqlite3_last_insert_rowid(s->db);
	return cix_store_commit(s, err);
fail:
	sqlite3_finalize(st);
	cix_store_rollback(s);
	return rc;
}

int
cix_store_run_phase(struct cix_store *s, int64_t id, const char *phase,
    struct cix_error *err)
{
	sqlite3_stmt *st;
	int rc;

	if ((rc = prep(s, "UPDATE runs SET phase = ?2 WHERE id = ?1", &st,
	    err)) < 0)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	cix_bind_text(st, 2, phase);
	return run_once(s, st, "cannot record the run", err);
}

int
cix_store_run_end(struct cix_store *s, int64_t id, int status,
    const struct cix_run_row *row, const char *report, const char *error,
    struct cix_error *err)
{
	sqlite3_stmt *st;
	char now[32];
	int rc, i;

	cix_iso_time(now, (long long)time(NULL));
	if ((rc = prep(s, "UPDATE runs SET status = ?2, ended_at = ?3,"
	    " phase = 'done', files_seen = ?4, files_imported = ?5,"
	    " files_failed = ?6, records = ?7, dois_asked = ?8,"
	    " dois_resolved = ?9, dois_failed = ?10, requests = ?11,"
	    " refs_linked = ?12, new_works = ?13, new_citations = ?14,"
	    " newly_resolved = ?15, watched_citations = ?16, report = ?17,"
	    " error = ?18 WHERE id = ?1", &st, err)) < 0)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	cix_bind_text(st, 2, cix_run_status_name(status));
	cix_bind_text(st, 3, now);
	sqlite3_bind_int64(st, 4, row->files_seen);
	sqlite3_bind_int64(st, 5, row->files_imported);
	sqlite3_bind_int64(st, 6, row->files_failed);
	sqlite3_bind_int64(st, 7, row->records);
	sqlite3_bind_int64(st, 8, row->dois_asked);
	sqlite3_bind_int64(st, 9, row->dois_resolved);
	sqlite3_bind_int64(st, 10, row->dois_failed);
	sqlite3_bind_int64(st, 11, row->requests);
	sqlite3_bind_int64(st, 12, row->refs_linked);
	if (row->has_report) {
		sqlite3_bind_int64(st, 13, row->new_works);
		sqlite3_bind_int64(st, 14, row->new_citations);
		sqlite3_bind_int64(st, 15, row->newly_resolved);
		sqlite3_bind_int64(st, 16, row->watched_citations);
	} else {
		for (i = 13; i <= 16; i++)
			sqlite3_bind_null(st, i);
	}
	cix_bind_text(st, 17, report);
	cix_bind_text(st, 18, error);
	return run_once(s, st, "cannot record the end of the run", err);
}

int
cix_store_runs(struct cix_store *s, int64_t id, size_t limit, cix_run_cb cb,
    void *ctx, struct cix_error *err)
{
	struct cix_run_row r;
	sqlite3_stmt *st;
	int rc, crc = 0, n = 0;

	if ((rc = prep(s, id > 0 ?
	    "SELECT " RUN_COLS " FROM runs WHERE id = ?1" :
	    "SELECT " RUN_COLS " FROM runs ORDER BY id DESC LIMIT ?2", &st,
	    err)) < 0)
		return rc;
	if (id > 0)
		sqlite3_bind_int64(st, 1, id);
	else
		sqlite3_bind_int64(st, 2, limit > 0 ? (int64_t)limit : -1);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		run_row(st, &r);
		n++;
		if ((crc = cb(ctx, &r)) != 0)
			break;
	}
	sqlite3_finalize(st);
	if (crc != 0)
		return crc;
	if (rc != SQLITE_DONE)
		return cix_store_error(s, rc, "cannot read the runs", err);
	if (id > 0 && n == 0)
		return cix_error_set(err, CIX_ENOTFOUND, "no run %lld",
		    (long long)id);
	return CIX_OK;
}

/* ------------------------------------------------------------------ */
/* Watched works */

/* Where a watched work is now: its id, else the work with its DOI, UT
 * or reference key; 0 when none. */
static int
watch_find(struct cix_store *s, int64_t id, const char *doi, const char *ut,
    const char *ref_key, int64_t *now, struct cix_error *err)
{
	static const char *const sql[] = {
		"SELECT id FROM works WHERE id = ?1"
		"  AND (?2 IS NULL OR doi = ?2) AND (?3 IS NULL OR ut = ?3)"
		"  AND (?2 IS NOT NULL OR ?3 IS NOT NULL OR ?4 IS NULL"
		"  OR ref_key = ?4)",
		"SELECT id FROM works WHERE ?2 IS NOT NULL AND doi = ?2"
		"  ORDER BY kind = 1, kind, id LIMIT 1",
		"SELECT id FROM works WHERE ?3 IS NOT NULL AND ut = ?3",
		"SELECT id FROM works WHERE ?2 IS NULL AND ?3 IS NULL"
		"  AND ?4 IS NOT NULL AND ref_key = ?4 AND kind = 1"
		"  ORDER BY id LIMIT 1",
	};
	sqlite3_stmt *st;
	size_t i;
	int rc;

	*now = 0;
	for (i = 0; i < sizeof(sql) / sizeof(sql[0]) && *now == 0; i++) {
		if ((rc = prep(s, sql[i], &st, err)) < 0)
			return rc;
		sqlite3_bind_int64(st, 1, id);
		cix_bind_text(st, 2, doi);
		cix_bind_text(st, 3, ut);
		cix_bind_text(st, 4, ref_key);
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW)
			*now = sqlite3_column_int64(st, 0);
		sqlite3_finalize(st);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE)
			return cix_store_error(s, rc, "cannot find a watched"
			    " work", err);
	}
	return CIX_OK;
}

struct watch_row {
	int64_t id;
	char *doi, *ut, *ref_key;
};

static char *
dup_or_null(const char *s)
{
	char *p;
	size_t n;

	if (s == NULL)
		return NULL;
	n = strlen(s) + 1;
	if ((p = malloc(n)) != NULL)
		memcpy(p, s, n);
	return p;
}

/* Move watch row `from` (and the citations seen of it) to work `to`. */
static int
watch_move(struct cix_store *s, int64_t from, int64_t to,
    struct cix_error *err)
{
	static const char *const sql[] = {
		"INSERT OR IGNORE INTO seen_cites (citing_id, cited_id)"
		"  SELECT citing_id, ?2 FROM seen_cites WHERE cited_id = ?1",
		"DELETE FROM seen_cites WHERE cited_id = ?1",
		"DELETE FROM watch WHERE work_id = ?2",
		"UPDATE watch SET work_id = ?2,"
		"  doi = (SELECT doi FROM works WHERE id = ?2),"
		"  ut = (SELECT ut FROM works WHERE id = ?2),"
		"  ref_key = (SELECT ref_key FROM works WHERE id = ?2)"
		"  WHERE work_id = ?1",
	};
	sqlite3_stmt *st;
	size_t i;
	int rc;

	for (i = 0; i < sizeof(sql) / sizeof(sql[0]); i++) {
		if ((rc = prep(s, sql[i], &st, err)) < 0)
			return rc;
		sqlite3_bind_int64(st, 1, from);
		sqlite3_bind_int64(st, 2, to);
		if ((rc = run_once(s, st, "cannot move a watched work",
		    err)) < 0)
			return rc;
	}
	return CIX_OK;
}

static void
watch_rows_free(struct watch_row *rows, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(rows[i].doi);
		free(rows[i].ut);
		free(rows[i].ref_key);
	}
	free(rows);
}

/* Every row of watch, by work id, into *out (watch_rows_free()). */
static int
watch_rows(struct cix_store *s, struct watch_row **out, size_t *nout,
    struct cix_error *err)
{
	struct watch_row *rows = NULL, *p;
	sqlite3_stmt *st = NULL;
	size_t n = 0, alloc = 0;
	int rc;

	*out = NULL;
	*nout = 0;
	if ((rc = prep(s, "SELECT work_id, doi, ut, ref_key FROM watch"
	    " ORDER BY work_id", &st, err)) < 0)
		return rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == alloc) {
			alloc = alloc ? alloc * 2 : 16;
			if ((p = realloc(rows, alloc * sizeof(*rows))) ==
			    NULL)
				goto oom;
			rows = p;
		}
		memset(&rows[n], 0, sizeof(rows[n]));
		rows[n].id = sqlite3_column_int64(st, 0);
		rows[n].doi = dup_or_null(TEXT(st, 1));
		rows[n].ut = dup_or_null(TEXT(st, 2));
		rows[n].ref_key = dup_or_null(TEXT(st, 3));
		n++;
		if ((TEXT(st, 1) && !rows[n - 1].doi) ||
		    (TEXT(st, 2) && !rows[n - 1].ut) ||
		    (TEXT(st, 3) && !rows[n - 1].ref_key))
			goto oom;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		watch_rows_free(rows, n);
		return cix_store_error(s, rc, "cannot read the watched works",
		    err);
	}
	*out = rows;
	*nout = n;
	return CIX_OK;
oom:
	sqlite3_finalize(st);
	watch_rows_free(rows, n);
	return cix_error_set(err, CIX_ENOMEM, "out of memory");
}

int
cix_store_watch_refresh(struct cix_store *s, struct cix_error *err)
{
	struct watch_row *rows;
	size_t n, i;
	int64_t now;
	int rc;

	if ((rc = watch_rows(s, &rows, &n, err)) < 0)
		return rc;
	for (i = 0; i < n && rc == CIX_OK; i++) {
		if ((rc = watch_find(s, rows[i].id, rows[i].doi, rows[i].ut,
		    rows[i].ref_key, &now, err)) < 0)
			break;
		if (now != 0 && now != rows[i].id)
			rc = watch_move(s, rows[i].id, now, err);
	}
	watch_rows_free(rows, n);
	return rc;
}

int
cix_store_watch_add(struct cix_store *s, int64_t id, int *added,
    struct cix_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	*added = 0;
	if ((rc = cix_store_begin(s, err)) < 0)
		return rc;
	if ((rc = prep(s, "INSERT OR IGNORE INTO watch (work_id, doi, ut,"
	    " ref_key) SELECT id, doi, ut, ref_key FROM works WHERE id = ?1",
	    &st, err)) < 0)
		goto fail;
	sqlite3_bind_int64(st, 1, id);
	if ((rc = run_once(s, st, "cannot watch the work", err)) < 0)
		goto fail;
	*added = sqlite3_changes(s->db) > 0;
	/* What an earlier report saw is not news. */
	if ((rc = prep(s, "INSERT OR IGNORE INTO seen_cites (citing_id,"
	    " cited_id) SELECT DISTINCT l.citing_id, l.cited_id FROM links l"
	    " JOIN seen_works w ON w.id = l.citing_id"
	    " WHERE l.cited_id = ?1 AND l.citing_id != ?1", &st, err)) < 0)
		goto fail;
	sqlite3_bind_int64(st, 1, id);
	if ((rc = run_once(s, st, "cannot watch the work", err)) < 0)
		goto fail;
	return cix_store_commit(s, err);
fail:
	cix_store_rollback(s);
	return rc;
}

int
cix_store_watch_remove(struct cix_store *s, int64_t id, int *removed,
    struct cix_error *err)
{
	sqlite3_stmt *st;
	int rc;

	*removed = 0;
	if ((rc = prep(s, "DELETE FROM watch WHERE work_id = ?1", &st,
	    err)) < 0)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	if ((rc = run_once(s, st, "cannot stop watching the work", err)) < 0)
		return rc;
	*removed = sqlite3_changes(s->db) > 0;
	return CIX_OK;
}

int
cix_store_watch_list(struct cix_store *s, cix_watch_cb cb, void *ctx,
    struct cix_error *err)
{
	struct watch_row *rows;
	size_t n, i;
	int64_t now;
	int rc, crc = 0;

	/* Where each work is now, without writing: a list is a query. */
	if ((rc = watch_rows(s, &rows, &n, err)) < 0)
		return rc;
	for (i = 0; i < n && crc == 0; i++) {
		if ((rc = watch_find(s, rows[i].id, rows[i].doi, rows[i].ut,
		    rows[i].ref_key, &now, err)) < 0)
			break;
		crc = cb(ctx, now != 0 ? now : rows[i].id, now != 0);
	}
	watch_rows_free(rows, n);
	if (rc < 0)
		return rc;
	return crc;
}

/* ------------------------------------------------------------------ */
/* Reports */

/* A work counts as resolved once its DOI ever was. */
#define RESOLVED_EXPR "(w.kind = 2 OR (w.doi IS NOT NULL AND EXISTS" \
	" (SELECT 1 FROM dois d WHERE d.doi = w.doi AND" \
	" d.resolved_at IS NOT NULL)))"

/* Citations between records, one row per pair. */
#define LOCAL_PAIRS "SELECT DISTINCT l.citing_id, l.cited_id FROM links l" \
	" JOIN works a ON a.id = l.citing_id AND a.kind = 0" \
	" JOIN works b ON b.id = l.cited_id AND b.kind = 0" \
	" WHERE l.citing_id != l.cited_id"

/* Citations of watched works by records and resolved works. */
#define WATCHED_PAIRS "SELECT DISTINCT l.citing_id, l.cited_id" \
	" FROM watch x JOIN links l ON l.cited_id = x.work_id" \
	" JOIN works a ON a.id = l.citing_id AND a.kind != 1" \
	" WHERE l.citing_id != l.cited_id"

#define NOT_SEEN " WHERE NOT EXISTS (SELECT 1 FROM seen_cites s" \
	" WHERE s.citing_id = p.citing_id AND s.cited_id = p.cited_id)"

/* Copy s into out (n bytes) cut at a space so that it fits. */
static void
cut_words(char *out, size_t n, const char *s)
{
	size_t len, cut;

	if (s == NULL) {
		out[0] = '\0';
		return;
	}
	len = strlen(s);
	if (len < n) {
		memcpy(out, s, len + 1);
		return;
	}
	/* Room for "..." and the NUL. */
	cut = n - 4;
	while (cut > 0 && s[cut] != ' ')
		cut--;
	if (cut == 0) {
		/* One long word: back to a UTF-8 boundary. */
		cut = n - 4;
		while (cut > 0 && ((unsigned char)s[cut] & 0xC0) == 0x80)
			cut--;
	}
	while (cut > 0 && (s[cut - 1] == ' ' || s[cut - 1] == ',' ||
	    s[cut - 1] == ':' || s[cut - 1] == ';'))
		cut--;
	memcpy(out, s, cut);
	memcpy(out + cut, "...", 4);
}

static int
report_work(struct cix_store *s, int64_t id, struct cix_report_work *w,
    struct cix_error *err)
{
	sqlite3_stmt *st;
	int rc;

	memset(w, 0, sizeof(*w));
	w->id = id;
	if ((rc = prep(s, "SELECT coalesce(w.year, 0), (SELECT"
	    " coalesce(a.full, a.abbrev, a.family) FROM authors a"
	    " WHERE a.work_id = w.id ORDER BY a.pos LIMIT 1), w.title"
	    " FROM works w WHERE w.id = ?1", &st, err)) < 0)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		w->year = sqlite3_column_int(st, 0);
		cut_words(w->author, sizeof(w->author), TEXT(st, 1));
		cut_words(w->title, sizeof(w->title), TEXT(st, 2));
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return cix_store_error(s, rc, "cannot read a work", err);
	return CIX_OK;
}

int
cix_store_report(struct cix_store *s, struct cix_report *r,
    struct cix_error *err)
{
	static const char *const snapshot[] = {
		"INSERT OR IGNORE INTO seen_cites (citing_id, cited_id) "
		    LOCAL_PAIRS,
		"INSERT OR IGNORE INTO seen_cites (citing_id, cited_id) "
		    WATCHED_PAIRS,
		/* Forget pairs of works that are gone: their ids may come
		 * back as other works. */
		"DELETE FROM seen_cites WHERE citing_id NOT IN"
		    " (SELECT id FROM works) OR cited_id NOT IN"
		    " (SELECT id FROM works)",
		"DELETE FROM seen_works WHERE id NOT IN"
		    " (SELECT id FROM works WHERE kind != 1)",
		"INSERT OR REPLACE INTO seen_works (id, kind, resolved)"
		    " SELECT w.id, w.kind, " RESOLVED_EXPR " FROM works w"
		    " WHERE w.kind != 1 AND NOT EXISTS (SELECT 1 FROM"
		    " seen_works s WHERE s.id = w.id AND s.kind = w.kind AND"
		    " s.resolved = " RESOLVED_EXPR ")",
	};
	sqlite3_stmt *st = NULL;
	size_t i;
	int rc;

	memset(r, 0, sizeof(*r));
	if ((rc = cix_store_watch_refresh(s, err)) < 0)
		return rc;
	if ((rc = count_of(s, "SELECT count(*) FROM works w WHERE w.kind = 0"
	    " AND NOT EXISTS (SELECT 1 FROM seen_works s WHERE s.id = w.id"
	    " AND s.kind = 0)", &r->new_works, err)) < 0 ||
	    (rc = count_of(s, "SELECT count(*) FROM works w WHERE w.kind != 1"
	    " AND " RESOLVED_EXPR " AND NOT EXISTS (SELECT 1 FROM seen_works"
	    " s WHERE s.id = w.id AND s.resolved = 1)", &r->newly_resolved,
	    err)) < 0 ||
	    (rc = count_of(s, "SELECT count(*) FROM (" LOCAL_PAIRS ") p"
	    NOT_SEEN, &r->new_citations, err)) < 0)
		return rc;
	if ((rc = prep(s, "SELECT p.citing_id, p.cited_id FROM ("
	    WATCHED_PAIRS ") p" NOT_SEEN " ORDER BY p.cited_id, p.citing_id",
	    &st, err)) < 0)
		return rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (r->ncites < CIX_REPORT_MAXCITES) {
			struct cix_report_cite *c = &r->cites[r->ncites++];

			c->citing.id = sqlite3_column_int64(st, 0);
			c->cited.id = sqlite3_column_int64(st, 1);
		}
		r->watched_citations++;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return cix_store_error(s, rc, "cannot read citations", err);
	for (i = 0; i < r->ncites; i++)
		if ((rc = report_work(s, r->cites[i].citing.id,
		    &r->cites[i].citing, err)) < 0 ||
		    (rc = report_work(s, r->cites[i].cited.id,
		    &r->cites[i].cited, err)) < 0)
			return rc;
	for (i = 0; i < sizeof(snapshot) / sizeof(snapshot[0]); i++)
		if ((rc = cix_store_exec(s, snapshot[i], err)) < 0)
			return rc;
	return CIX_OK;
}

/* ------------------------------------------------------------------ */

int
cix_store_link_queued(struct cix_store *s, int64_t *n, struct cix_error *err)
{
	return count_of(s, "SELECT count(*) FROM link_dirty", n, err);
}

int
cix_store_file_known(struct cix_store *s, const char *path, uint64_t size,
    int64_t mtime, int *known, struct cix_error *err)
{
	sqlite3_stmt *st;
	int rc;

	*known = 0;
	if ((rc = prep(s, "SELECT 1 FROM files WHERE path = ?1 AND size = ?2"
	    " AND mtime = ?3 LIMIT 1", &st, err)) < 0)
		return rc;
	cix_bind_text(st, 1, path);
	sqlite3_bind_int64(st, 2, (int64_t)size);
	sqlite3_bind_int64(st, 3, mtime);
	rc = sqlite3_step(st);
	*known = rc == SQLITE_ROW;
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return cix_store_error(s, rc, "cannot look up the file", err);
	return CIX_OK;
}
