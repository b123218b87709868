#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "store_int.h"
#include "store_schema.h"
#include "banned.h"

#define FIELD(col, member, type) \
	{ col, offsetof(struct cix_record, member), type }

const struct work_field cix_work_fields[] = {
	FIELD("doi", doi, F_STR),
	FIELD("ut", ut, F_STR),
	FIELD("pmid", pmid, F_STR),
	FIELD("isbn", isbn, F_STR),
	FIELD("type", type, F_STR),
	FIELD("pubtype", pubtype, F_STR),
	FIELD("doctype", doctype, F_STR),
	FIELD("title", title, F_STR),
	FIELD("title_markup", title_markup, F_STR),
	FIELD("abstract", abstract, F_STR),
	FIELD("language", language, F_STR),
	FIELD("year", year, F_INT),
	FIELD("month", month, F_INT),
	FIELD("day", day, F_INT),
	FIELD("pubdate", pubdate, F_STR),
	FIELD("early_access", early_access, F_STR),
	FIELD("source", source, F_STR),
	FIELD("source_abbrev", source_abbrev, F_STR),
	FIELD("source_iso", source_iso, F_STR),
	FIELD("series", series, F_STR),
	FIELD("volume", volume, F_STR),
	FIELD("issue", issue, F_STR),
	FIELD("part", part, F_STR),
	FIELD("supplement", supplement, F_STR),
	FIELD("special_issue", special_issue, F_STR),
	FIELD("first_page", first_page, F_STR),
	FIELD("last_page", last_page, F_STR),
	FIELD("article_no", article_no, F_STR),
	FIELD("page_count", page_count, F_INT),
	FIELD("publisher", publisher, F_STR),
	FIELD("publisher_city", publisher_city, F_STR),
	FIELD("publisher_addr", publisher_addr, F_STR),
	FIELD("issn", issn, F_STR),
	FIELD("eissn", eissn, F_STR),
	FIELD("conference", conference, F_STR),
	FIELD("conf_date", conf_date, F_STR),
	FIELD("conf_place", conf_place, F_STR),
	FIELD("url", url, F_STR),
	FIELD("license", license, F_STR),
	FIELD("subjects", subjects, F_STR),
	FIELD("research_areas", research_areas, F_STR),
	FIELD("times_cited", times_cited, F_LONG),
	FIELD("times_cited_all", times_cited_all, F_LONG),
	FIELD("tc_date", tc_date, F_STR),
	FIELD("nr", nr, F_INT),
	FIELD("funding", funding, F_STR),
	FIELD("funding_text", funding_text, F_STR),
	FIELD("reprint", reprint, F_STR),
	FIELD("emails", emails, F_STR),
	FIELD("export_date", export_date, F_STR),
	FIELD("origin", origin, F_STR),
};
const size_t cix_work_nfields =
    sizeof(cix_work_fields) / sizeof(cix_work_fields[0]);


static const char *const fixed_sql[ST_MAX] = {
	[ST_FIND_UT] = "SELECT id, kind, ut, rec_hash, export_date"
	    " FROM works WHERE ut = ?1",
	[ST_FIND_DOI] = "SELECT id, kind, ut, rec_hash, export_date"
	    " FROM works WHERE doi = ?1 ORDER BY kind, id",
	[ST_FIND_PMID] = "SELECT id, kind, ut, rec_hash, export_date"
	    " FROM works WHERE pmid = ?1 ORDER BY kind, id",
	[ST_INSERT_AUTHOR] = "INSERT INTO authors (work_id, pos, role,"
	    " family, given, full, abbrev, orcid, rid, corporate)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
	[ST_INSERT_AFFIL] = "INSERT INTO affiliations (work_id, pos,"
	    " address, raw) VALUES (?1, ?2, ?3, ?4)",
	[ST_INSERT_AA] = "INSERT OR IGNORE INTO author_affils (work_id,"
	    " author_pos, affil_pos) VALUES (?1, ?2, ?3)",
	[ST_INSERT_KEYWORD] = "INSERT INTO keywords (work_id, kind, pos,"
	    " keyword) VALUES (?1, ?2, ?3, ?4)",
	[ST_INSERT_EXTRA] = "INSERT INTO extra_tags (work_id, pos, tag,"
	    " value) VALUES (?1, ?2, ?3, ?4)",
	[ST_INSERT_REF] = "INSERT INTO refs (citing_id, pos, raw, origin,"
	    " kind, author, initials, year, source, title, volume, issue,"
	    " page, artno, doi, dois) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7,"
	    " ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
	[ST_INSERT_WORK_FILE] = "INSERT INTO work_files (work_id, file_id,"
	    " line) VALUES (?1, ?2, ?3) ON CONFLICT (work_id, file_id)"
	    " DO UPDATE SET line = excluded.line",
	[ST_MARK_DIRTY] = "INSERT OR IGNORE INTO link_dirty (work_id)"
	    " VALUES (?1)",
	[ST_LINK_SET] = "INSERT OR REPLACE INTO links (citing_id, pos,"
	    " cited_id, method, confidence) VALUES (?1, ?2, ?3, ?4, ?5)",
	[ST_LINK_NEW_CITED] = "INSERT OR FAIL INTO works (id, kind, doi, year,"
	    " source, volume, issue, first_page, article_no, au_key, au_init,"
	    " ref_key, au_text, title, origin) VALUES (?1, 1, ?2, ?3, ?4, ?5,"
	    " ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, 'ref')",
	[ST_DELETE_AUTHORS] = "DELETE FROM authors WHERE work_id = ?1",
	[ST_DELETE_AFFILS] = "DELETE FROM affiliations WHERE work_id = ?1",
	[ST_DELETE_AA] = "DELETE FROM author_affils WHERE work_id = ?1",
	[ST_DELETE_KEYWORDS] = "DELETE FROM keywords WHERE work_id = ?1",
	[ST_DELETE_EXTRA] = "DELETE FROM extra_tags WHERE work_id = ?1",
	[ST_DELETE_REFS] = "DELETE FROM refs WHERE citing_id = ?1",
	[ST_DELETE_LINKS] = "DELETE FROM links WHERE citing_id = ?1",
	[ST_LOAD_AUTHORS] = "SELECT pos, role, family, given, full, abbrev,"
	    " orcid, rid, corporate FROM authors WHERE work_id = ?1"
	    " ORDER BY pos",
	[ST_LOAD_AFFILS] = "SELECT pos, address, raw FROM affiliations"
	    " WHERE work_id = ?1 ORDER BY pos",
	[ST_LOAD_AA] = "SELECT author_pos, affil_pos FROM author_affils"
	    " WHERE work_id = ?1 ORDER BY author_pos, affil_pos",
	[ST_LOAD_KEYWORDS] = "SELECT kind, keyword FROM keywords"
	    " WHERE work_id = ?1 ORDER BY kind, pos",
	[ST_LOAD_EXTRA] = "SELECT tag, value FROM extra_tags"
	    " WHERE work_id = ?1 ORDER BY pos",
	[ST_FTS_TEXT] = "SELECT title, abstract, kw_text, au_text, kind"
	    " FROM works WHERE id = ?1",
	[ST_FTS_ADD] = "INSERT INTO works_fts (rowid, title, abstract, kw_text,"
	    " au_text) SELECT id, title, abstract, kw_text, au_text FROM works"
	    " WHERE id BETWEEN ?1 AND ?2 AND kind != 1",
	[ST_LOAD_REFS] = "SELECT r.raw, r.kind, r.author, r.initials, r.year,"
	    " r.source, r.title, r.volume, r.issue, r.page, r.artno, r.doi,"
	    " r.dois, l.cited_id, l.method, l.confidence FROM refs r"
	    " LEFT JOIN links l ON l.citing_id = r.citing_id AND l.pos = r.pos"
	    " WHERE r.citing_id = ?1 ORDER BY r.pos",
};

int
cix_store_error(struct cix_store *s, int rc, const char *what,
    struct cix_error *err)
{
	const char *msg = s && s->db ? sqlite3_errmsg(s->db) :
	    sqlite3_errstr(rc);
	int code = CIX_EDB;

	switch (rc & 0xFF) {
	case SQLITE_NOMEM:
		code = CIX_ENOMEM;
		break;
	case SQLITE_FULL:
		code = CIX_EFULL;
		msg = "disk full";
		break;
	case SQLITE_READONLY:
		code = CIX_EREADONLY;
		break;
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		code = CIX_ELOCKED;
		break;
	case SQLITE_IOERR:
		if (rc == SQLITE_IOERR_WRITE || rc == SQLITE_IOERR_FSYNC ||
		    errno == ENOSPC) {
			if (errno == ENOSPC) {
				code = CIX_EFULL;
				msg = "disk full";
			}
		}
		break;
	case SQLITE_CANTOPEN:
		code = CIX_EIO;
		break;
	}
	return cix_error_set(err, code, "%s: %s", what, msg);
}

int
cix_store_exec(struct cix_store *s, const char *sql, struct cix_error *err)
{
	int rc = sqlite3_exec(s->db, sql, NULL, NULL, NULL);

	if (rc != SQLITE_OK)
		return cix_store_error(s, rc, "database", err);
	return CIX_OK;
}

/* The SQL of the statements whose text depends on the field table. */
static int
build_sql(enum stmt_id id, struct cix_buf *b)
{
	size_t i;
	int rc = 0;

	switch (id) {
	case ST_INSERT_WORK:
		rc |= cix_buf_adds(b, "INSERT OR FAIL INTO works (");
		for (i = 0; i < cix_work_nfields; i++)
			rc |= cix_buf_addf(b, "%s, ", cix_work_fields[i].col);
		rc |= cix_buf_adds(b, WORK_EXTRA_COLS ") VALUES (");
		for (i = 0; i < cix_work_nfields + WORK_NEXTRA; i++)
			rc |= cix_buf_addf(b, "%s?%zu", i ? ", " : "", i + 1);
		rc |= cix_buf_adds(b, ")");
		break;
	case ST_UPDATE_WORK:
		rc |= cix_buf_adds(b, "UPDATE works SET ");
		for (i = 0; i < cix_work_nfields; i++)
			rc |= cix_buf_addf(b, "%s = ?%zu, ",
			    cix_work_fields[i].col, i + 1);
		rc |= cix_buf_addf(b, "kind = ?%zu, au_text = ?%zu,"
		    " kw_text = ?%zu, au_key = ?%zu, au_init = ?%zu,"
		    " rec_hash = ?%zu, updated_at ="
		    " strftime('%%Y-%%m-%%dT%%H:%%M:%%SZ', 'now')"
		    " WHERE id = ?%zu",
		    cix_work_nfields + 1, cix_work_nfields + 2,
		    cix_work_nfields + 3, cix_work_nfields + 4,
		    cix_work_nfields + 5, cix_work_nfields + 6,
		    cix_work_nfields + 7);
		break;
	case ST_INSERT_REFS_N:
		rc |= cix_buf_adds(b, "INSERT OR FAIL INTO refs (citing_id,"
		    " pos, raw, origin, kind, author, initials, year, source,"
		    " title, volume, issue, page, artno, doi, dois) VALUES ");
		for (i = 0; i < REFS_PER_INSERT * REF_COLS; i++)
			rc |= cix_buf_addf(b, "%s?%zu%s",
			    i % REF_COLS ? ", " : i ? "), (" : "(", i + 1,
			    i + 1 == REFS_PER_INSERT * REF_COLS ? ")" : "");
		break;
	case ST_LOAD_WORK:
		rc |= cix_buf_adds(b, "SELECT ");
		for (i = 0; i < cix_work_nfields; i++)
			rc |= cix_buf_addf(b, "%s, ", cix_work_fields[i].col);
		rc |= cix_buf_adds(b, WORK_EXTRA_COLS ", created_at,"
		    " updated_at FROM works WHERE id = ?1");
		break;
	default:
		return CIX_EINVAL;
	}
	return rc ? CIX_ENOMEM : CIX_OK;
}

sqlite3_stmt *
cix_store_stmt(struct cix_store *s, enum stmt_id id, struct cix_error *err)
{
	struct cix_buf b;
	const char *sql = fixed_sql[id];
	int rc;

	if (s->st[id] != NULL)
		return s->st[id];
	cix_buf_init(&b, 0);
	if (sql == NULL) {
		if (build_sql(id, &b) < 0) {
			cix_error_set(err, CIX_ENOMEM, "out of memory");
			return NULL;
		}
		sql = b.p;
	}
	rc = sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT,
	    &s->st[id], NULL);
	cix_buf_release(&b);
	if (rc != SQLITE_OK) {
		cix_store_error(s, rc, "cannot prepare statement", err);
		s->st[id] = NULL;
		return NULL;
	}
	return s->st[id];
}

int
cix_bind_text(sqlite3_stmt *st, int i, const char *v)
{
	if (v == NULL)
		return sqlite3_bind_null(st, i);
	return sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC);
}

int
cix_bind_int_or_null(sqlite3_stmt *st, int i, long v, long null)
{
	if (v <= null)
		return sqlite3_bind_null(st, i);
	return sqlite3_bind_int64(st, i, v);
}

int
cix_store_step_done(struct cix_store *s, sqlite3_stmt *st, const char *what,
    struct cix_error *err)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return cix_store_error(s, rc, what, err);
	return CIX_OK;
}

/* mkdir -p the directory part of path. */
static int
make_parent(const char *path, struct cix_error *err)
{
	char *dir, *p;
	int rc = CIX_OK;

	if ((dir = malloc(strlen(path) + 1)) == NULL)
		return cix_error_set(err, CIX_ENOMEM, "out of memory");
	memcpy(dir, path, strlen(path) + 1);
	p = strrchr(dir, '/');
	if (p == NULL || p == dir)
		goto out;
	*p = '\0';
	for (p = dir + 1; *p != '\0'; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(dir, 0700) < 0 && errno != EEXIST) {
			rc = cix_error_set_errno(err, CIX_EIO, errno,
			    "cannot create directory '%s'", dir);
			goto out;
		}
		*p = '/';
	}
	if (mkdir(dir, 0700) < 0 && errno != EEXIST)
		rc = cix_error_set_errno(err, CIX_EIO, errno,
		    "cannot create directory '%s'", dir);
out:
	free(dir);
	return rc;
}

typedef int (*migrate_fn)(struct cix_store *s, struct cix_error *err);

static int
migrate_v1(struct cix_store *s, struct cix_error *err)
{
	return cix_store_exec(s, CIX_SCHEMA_V1, err);
}

static int
migrate_v2(struct cix_store *s, struct cix_error *err)
{
	return cix_store_exec(s, CIX_SCHEMA_V2, err);
}

static int
migrate_v3(struct cix_store *s, struct cix_error *err)
{
	return cix_store_exec(s, CIX_SCHEMA_V3, err);
}

static int
migrate_v4(struct cix_store *s, struct cix_error *err)
{
	return cix_store_exec(s, CIX_SCHEMA_V4, err);
}

static int
migrate_v5(struct cix_store *s, struct cix_error *err)
{
	return cix_store_exec(s, CIX_SCHEMA_V5, err);
}

static int
migrate_v6(struct cix_store *s, struct cix_error *err)
{
	return cix_store_exec(s, CIX_SCHEMA_V6, err);
}

static const migrate_fn migrations[] = {
	migrate_v1,		/* 0 -> 1 */
	migrate_v2,		/* 1 -> 2: DOI resolution */
	migrate_v3,		/* 2 -> 3: citation keys */
	migrate_v4,		/* 3 -> 4: update runs, watched works */
	migrate_v5,		/* 4 -> 5: full-text index fed in batches */
	migrate_v6,		/* 5 -> 6: packed citers of cited works */
};

static int
user_version(struct cix_store *s, int *v, struct cix_error *err)
{
	sqlite3_stmt *st;
	int rc;

	rc = sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return cix_store_error(s, rc, "cannot read the schema version",
		    err);
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		rc = cix_store_error(s, rc, "cannot read the schema version",
		    err);
		sqlite3_finalize(st);
		return rc;
	}
	*v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return CIX_OK;
}

static int
migrate(struct cix_store *s, struct cix_error *err)
{
	const int latest = (int)(sizeof(migrations) / sizeof(migrations[0]));
	struct cix_buf sql;
	int v = 0, rc;

	if ((rc = user_version(s, &v, err)) < 0)
		return rc;
	if (v > latest)
		return cix_error_set(err, CIX_EINVAL,
		    "'%s' has schema version %d; this cix (%s) knows up to %d:"
		    " upgrade cix", s->path, v, PACKAGE_VERSION, latest);
	if (v == latest)
		return CIX_OK;
	if (s->readonly)
		return cix_error_set(err, CIX_EREADONLY,
		    "'%s' needs a schema upgrade (version %d to %d) and is"
		    " opened read-only", s->path, v, latest);
	/* Each step in its own transaction, version bump included. */
	cix_buf_init(&sql, 0);
	for (; v < latest; v++) {
		int now = v;

		if ((rc = cix_store_exec(s, "BEGIN IMMEDIATE", err)) < 0)
			break;
		/* Another process may have migrated while this one waited
		 * for the write lock: look again under it. */
		if ((rc = user_version(s, &now, err)) == CIX_OK && now > v) {
			if ((rc = cix_store_exec(s, "COMMIT", err)) < 0) {
				sqlite3_exec(s->db, "ROLLBACK", NULL, NULL,
				    NULL);
				break;
			}
			v = now - 1;
			continue;
		}
		if (rc == CIX_OK)
			rc = migrations[v](s, err);
		cix_buf_reset(&sql);
		if (rc == CIX_OK &&
		    (rc = cix_buf_addf(&sql, "PRAGMA user_version = %d",
		    v + 1)) == CIX_OK)
			rc = cix_store_exec(s, sql.p, err);
		if (rc == CIX_OK)
			rc = cix_store_exec(s, "COMMIT", err);
		if (rc < 0) {
			sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
			break;
		}
	}
	cix_buf_release(&sql);
	return rc;
}

/*
 * SQLite counts every allocation under one global mutex unless told not
 * to: with the full-text thread of a private index beside the writer,
 * that mutex was most of both threads' waiting.  Must come before SQLite
 * initializes itself; later (a program that used SQLite first) it fails
 * harmlessly.
 */
static void
sqlite_setup(void)
{
	(void)sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

int
cix_store_open(struct cix_store **out, const char *path, int flags,
    struct cix_error *err)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	struct cix_store *s;
	struct stat st;
	int rc, oflags;

	*out = NULL;
	pthread_once(&once, sqlite_setup);
	if ((s = calloc(1, sizeof(*s))) == NULL)
		return cix_error_set(err, CIX_ENOMEM, "out of memory");
	if ((s->path = malloc(strlen(path) + 1)) == NULL) {
		free(s);
		return cix_error_set(err, CIX_ENOMEM, "out of memory");
	}
	memcpy(s->path, path, strlen(path) + 1);
	s->readonly = (flags & CIX_STORE_READONLY) != 0;

	if (stat(path, &st) < 0) {
		if (errno != ENOENT || (flags & (CIX_STORE_READONLY |
		    CIX_STORE_NOCREATE))) {
			rc = errno == ENOENT ?
			    cix_error_set(err, CIX_ENOTFOUND,
			    "no index at '%s' (import something first)", path) :
			    cix_error_set_errno(err, CIX_EIO, errno,
			    "cannot open '%s'", path);
			goto fail;
		}
		if ((rc = make_parent(path, err)) < 0)
			goto fail;
		if ((flags & CIX_STORE_BULK) &&
		    (rc = cix_store_bulk_name(s, err)) < 0)
			goto fail;
	} else if (!S_ISREG(st.st_mode)) {
		rc = cix_error_set(err, CIX_EIO, "'%s' is not a file", path);
		goto fail;
	}
	s->flags = flags & ~CIX_STORE_BULK;

	oflags = s->readonly ? SQLITE_OPEN_READONLY :
	    SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
	rc = sqlite3_open_v2(s->bulk_path ? s->bulk_path : path, &s->db,
	    oflags | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		rc = cix_store_error(s, rc, "cannot open the index", err);
		goto fail;
	}
	sqlite3_extended_result_codes(s->db, 1);
	/* Queries during a nightly update wait rather than fail. */
	sqlite3_busy_timeout(s->db, 30000);
	/* A new database: 16 KiB pages (measured: 14% faster imports than
	 * 4 KiB, fewer system calls for the same cache).  No-op later. */
	if (!s->readonly &&
	    (rc = cix_store_exec(s, "PRAGMA page_size = 16384", err)) < 0)
		goto fail;
	if (!s->readonly) {
		/* Two processes creating the same new index at once: the
		 * switch to WAL can return SQLITE_BUSY without calling the
		 * busy handler, so wait here as the handler would. */
		int tries;

		for (tries = 0; tries < 3000; tries++) {
			/* A private new file: a rollback journal, which
			 * does not copy the new pages a second time
			 * (cix_store_publish switches to WAL). */
			rc = sqlite3_exec(s->db, s->bulk_path ?
			    "PRAGMA journal_mode = DELETE" :
			    "PRAGMA journal_mode = WAL", NULL, NULL, NULL);
			if ((rc & 0xff) != SQLITE_BUSY &&
			    (rc & 0xff) != SQLITE_LOCKED)
				break;
			sqlite3_sleep(10);
		}
		if (rc != SQLITE_OK) {
			rc = cix_store_error(s, rc, "database", err);
			/* Not err->msg itself: source and target of the
			 * format would overlap. */
			char why[CIX_ERROR_MSGSZ];

			snprintf(why, sizeof(why), "%s", err ? err->msg : "");
			cix_error_set(err, rc, "cannot open '%s': %s", path,
			    why);
			goto fail;
		}
	}
	/* Nobody sees a private file before it is published, synced, and
	 * a crash leaves it to be removed: no syncing until then. */
	if ((rc = cix_store_exec(s, s->bulk_path ?
	    "PRAGMA synchronous = OFF;" : "PRAGMA synchronous = NORMAL;",
	    err)) < 0 || (rc = cix_store_exec(s,
	    "PRAGMA foreign_keys = OFF;"
	    "PRAGMA temp_store = MEMORY;"
	    CIX_CACHE_PRAGMA, err)) < 0)
		goto fail;
	/* Is it ours?  An unrelated SQLite file has tables but no version. */
	if ((rc = migrate(s, err)) < 0)
		goto fail;
	/* Without its full-text thread, a private index is kept the usual
	 * way: only slower. */
	if (s->bulk_path != NULL && cix_store_fts_start(s, NULL) < 0)
		cix_store_fts_free(s);
	*out = s;
	return CIX_OK;
fail:
	cix_store_close(s);
	return rc;
}

/*
 * With temp_store = MEMORY (set at open: statement journals never touch
 * the disk), SQLite's sorter keeps every key of an index it builds in one
 * list of separately allocated records and merge-sorts that list: for the
 * four million links of a large index, 4 s of cache misses.  With
 * temporary files it sorts runs the size of the page cache and merges
 * them; runs of 2 MiB stay in the CPU's cache.  Measured on links_cited
 * of 4.08 million links: 6.4 s in memory, 4.0 s with 32 MiB runs, 2.0 s
 * with 2 MiB runs.  The sorter's files are SQLite's usual temporary files
 * (SQLITE_TMPDIR, TMPDIR, /var/tmp, /tmp), deleted when it is done.
 *
 * SQLite refuses to change temp_store inside a transaction once the
 * connection has a temporary schema (the resolver's tables): the build
 * then sorts in memory as before.
 */
int
cix_store_build_indexes(struct cix_store *s, const char *sql,
    struct cix_error *err)
{
	int rc, ondisk;

	ondisk = sqlite3_exec(s->db, "PRAGMA temp_store = FILE", NULL, NULL,
	    NULL) == SQLITE_OK;
	if (ondisk)
		sqlite3_exec(s->db, "PRAGMA cache_size = -2048", NULL, NULL,
		    NULL);
	rc = cix_store_exec(s, sql, err);
	if (ondisk && sqlite3_exec(s->db, "PRAGMA temp_store = MEMORY;"
	    CIX_CACHE_PRAGMA, NULL, NULL, NULL) != SQLITE_OK && rc == CIX_OK)
		rc = cix_store_error(s, sqlite3_errcode(s->db),
		    "cannot restore the page cache", err);
	return rc;
}

void
cix_store_release_db(struct cix_store *s)
{
	size_t i;

	cix_store_fts_free(s);
	cix_store_link_batch_free(s);
	for (i = 0; i < ST_MAX; i++) {
		sqlite3_finalize(s->st[i]);
		s->st[i] = NULL;
	}
	if (s->db != NULL) {
		if (s->in_tx)
			sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
		/* Refresh the planner's statistics after writes only: an
		 * import that failed leaves the file exactly as it was. */
		if (!s->readonly && s->wrote)
			sqlite3_exec(s->db, "PRAGMA optimize", NULL, NULL,
			    NULL);
		sqlite3_close_v2(s->db);
		s->db = NULL;
	}
	s->in_tx = 0;
}

void
cix_store_close(struct cix_store *s)
{
	if (s == NULL)
		return;
	cix_store_release_db(s);
	if (s->bulk_path != NULL)
		cix_store_bulk_discard(s);
	free(s->bulk_path);
	free(s->path);
	free(s);
}

const char *
cix_store_path(const struct cix_store *s)
{
	return s->path;
}

struct sqlite3 *
cix_store_db(struct cix_store *s)
{
	return s->db;
}

int
cix_store_begin(struct cix_store *s, struct cix_error *err)
{
	int rc;

	if (s->readonly)
		return cix_error_set(err, CIX_EREADONLY,
		    "the index '%s' is open read-only", s->path);
	if ((rc = cix_store_exec(s, "BEGIN IMMEDIATE", err)) < 0)
		return rc;
	s->in_tx = 1;
	cix_store_fts_mark(s, 1);
	return CIX_OK;
}

/* Works per full-text batch: large enough that FTS5 writes few, large
 * segments; the batch's rows are still in the page cache when read. */
#define FTS_BATCH 1000

int
cix_store_fts_flush(struct cix_store *s, struct cix_error *err)
{
	sqlite3_stmt *st;
	int rc;

	if (s->fts_lo == 0)
		return CIX_OK;
	if ((st = cix_store_stmt(s, ST_FTS_ADD, err)) == NULL)
		return err ? err->code : CIX_EDB;
	sqlite3_bind_int64(st, 1, s->fts_lo);
	sqlite3_bind_int64(st, 2, s->fts_hi);
	rc = cix_store_step_done(s, st, "cannot index a work's text", err);
	if (rc == CIX_OK)
		s->fts_lo = s->fts_hi = 0;
	return rc;
}

int
cix_store_fts_add(struct cix_store *s, int64_t id, struct cix_error *err)
{
	int rc;

	/* A queue is one run of ids: a gap (ids are max + 1, so only
	 * another writer's rows make one) closes it. */
	if (s->fts_lo != 0 && (id != s->fts_hi + 1 ||
	    s->fts_hi - s->fts_lo + 1 >= FTS_BATCH) &&
	    (rc = cix_store_fts_flush(s, err)) < 0)
		return rc;
	if (s->fts_lo == 0)
		s->fts_lo = id;
	s->fts_hi = id;
	return CIX_OK;
}

int
cix_store_commit(struct cix_store *s, struct cix_error *err)
{
	int rc = cix_store_fts_flush(s, err);

	if (rc == CIX_OK)
		rc = cix_store_exec(s, "COMMIT", err);
	if (rc < 0) {
		cix_store_rollback(s);
		return rc;
	}
	s->in_tx = 0;
	s->wrote = 1;
	cix_store_fts_mark(s, 0);
	return CIX_OK;
}

void
cix_store_rollback(struct cix_store *s)
{
	size_t i;

	/* A statement left mid-step would keep the transaction open. */
	for (i = 0; i < ST_MAX; i++)
		if (s->st[i] != NULL)
			sqlite3_reset(s->st[i]);
	if (s->in_tx) {
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
		cix_store_fts_mark(s, -1);
	}
	s->in_tx = 0;
	s->file_id = 0;
	s->fts_lo = s->fts_hi = 0;
	cix_store_link_batch_reset(s);
}
