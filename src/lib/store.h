/*
 * store.h - the SQLite index: open, migrate, import, look up, load, search.
 *
 * One SQLite file holds everything (DESIGN §4).  The database is opened in
 * WAL mode with a busy timeout, so queries run while another process
 * writes; the schema version is PRAGMA user_version and forward
 * migrations run on open.  All SQL of libcix lives in store*.c and
 * graph*.c.  Every statement binds its parameters; no SQL is ever built
 * from input.
 *
 * Imports are one transaction per file: cix_store_file_begin() opens it,
 * cix_store_put_record() adds records, cix_store_file_commit() ends it and
 * cix_store_file_rollback() undoes everything since begin.  Nothing of a
 * failed file is written.
 */
#ifndef CIX_STORE_H
#define CIX_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "error.h"
#include "record.h"

#define CIX_SCHEMA_VERSION 6

/* works.kind */
enum cix_work_kind {
	CIX_WORK_RECORD = 0,	/* a full record from an import */
	CIX_WORK_CITED = 1,	/* known only from references to it */
	CIX_WORK_RESOLVED = 2	/* completed from Crossref/DataCite only */
};

/* cix_store_open() flags */
#define CIX_STORE_READONLY 0x1	/* never write; fail if missing */
#define CIX_STORE_NOCREATE 0x2	/* fail if the file does not exist */
#define CIX_STORE_BULK 0x4	/* a new index: build it privately */

struct cix_store;

/*
 * Open (and create, with its parent directory, unless NOCREATE/READONLY)
 * the index at path, migrating it to CIX_SCHEMA_VERSION.  A database newer
 * than this program is refused with CIX_EINVAL.
 */
int cix_store_open(struct cix_store **out, const char *path, int flags,
    struct cix_error *err);
void cix_store_close(struct cix_store *s);

/*
 * A first import builds a new index faster in a file of its own.  With
 * CIX_STORE_BULK and no file at path, cix_store_open() creates the index
 * as PATH.bulk-PID, with a rollback journal and no syncing (nobody else
 * can see it; a crash leaves a file the next bulk open removes).
 * cix_store_publish() makes it the index at path: WAL mode, synced, then
 * linked in place unless a file appeared there meanwhile (CIX_EEXIST,
 * the store still private).  *s is then the index at path, open with the
 * same flags; on any other error *s is closed and NULL.  Closing a
 * private store without publishing it removes its files.  Without the
 * flag, or with a file at path, both are the usual open and a no-op.
 */
int cix_store_publish(struct cix_store **s, struct cix_error *err);
/* 1 if s is a private new index not yet published. */
int cix_store_is_private(const struct cix_store *s);
const char *cix_store_path(const struct cix_store *s);
/* The sqlite3 handle, for graph*.c and tests only. */
struct sqlite3 *cix_store_db(struct cix_store *s);

/* Map the current SQLite error of s to a cix code and message. */
int cix_store_error(struct cix_store *s, int sqlite_rc, const char *what,
    struct cix_error *err);

/* Plain transactions for modules that write outside an import. */
int cix_store_begin(struct cix_store *s, struct cix_error *err);
int cix_store_commit(struct cix_store *s, struct cix_error *err);
void cix_store_rollback(struct cix_store *s);

/* ------------------------------------------------------------------ */
/* Importing */

/* What cix_store_put_record() did with a record. */
enum cix_put_outcome {
	CIX_PUT_NEW = 0,	/* a new work (or a cited-only one completed) */
	CIX_PUT_UPDATED = 1,	/* merged into an existing work */
	CIX_PUT_UNCHANGED = 2	/* the index already said all of it */
};

struct cix_file_info {
	const char *path;	/* as given by the user */
	const char *sha256;	/* hex digest of the bytes */
	uint64_t size;
	int64_t mtime;		/* seconds since the epoch */
	const char *format;	/* reader name */
};

struct cix_import_counts {
	size_t records;		/* records read */
	size_t new;
	size_t updated;
	size_t unchanged;
	size_t refs;		/* references read */
	size_t warnings;
};

/*
 * Start importing a file: BEGIN IMMEDIATE, and look the file up by
 * content.  *seen is set to the files.id of an earlier import of the same
 * bytes (0 if none) and *seen_counts to what it held (records and
 * references); the caller may then skip it (and must still commit or
 * roll back).
 */
int cix_store_file_begin(struct cix_store *s, const struct cix_file_info *fi,
    int64_t *seen, struct cix_import_counts *seen_counts,
    struct cix_error *err);

/*
 * Add or merge one record.  Identity: the UT, then the DOI, then the
 * PMID.  The UT comes first because WoS gives some records a wrong DI:
 * two WoS records (different UTs of one database) are two works even
 * when they share a DOI; records from different databases (WOS: and
 * MEDLINE:) or without a UT meet by DOI.
 * A matching work keeps its id; the newer export's values win (DA, then
 * import order) and nothing is lost: fields and lists the newer record
 * lacks are kept.  A cited-only work with the record's DOI is completed in
 * place.  rec->refs must already be parsed where possible.
 */
int cix_store_put_record(struct cix_store *s, const struct cix_record *rec,
    uint64_t hash, int *outcome, int64_t *id, struct cix_error *err);

/*
 * Queue work id for the next link pass (its references, and the cited-only
 * works it may complete).  put_record does this itself for new and
 * updated records; resolvers call it for what they change.
 */
int cix_store_mark_dirty(struct cix_store *s, int64_t id,
    struct cix_error *err);


/* Record the file and its counts, then COMMIT. */
int cix_store_file_commit(struct cix_store *s, const struct cix_file_info *fi,
    const struct cix_import_counts *c, struct cix_error *err);
void cix_store_file_rollback(struct cix_store *s);

/* ------------------------------------------------------------------ */
/* Looking up and loading */

/*
 * Find the work named by name: a DOI in any spelling (10.…, doi:10.…,
 * https://doi.org/10.…, any case), a UT with its source prefix (WOS:…,
 * MEDLINE:…, SCIELO:…, CCC:…; a bare 15-digit WoS number too), a PMID as
 * "pmid:N", or "#ID".  CIX_ENOTFOUND with a message when none matches.
 */
int cix_store_find(struct cix_store *s, const char *name, int64_t *id,
    struct cix_error *err);

/* What the store knows about a work beyond its record. */
struct cix_work_meta {
	int64_t id;
	int kind;		/* enum cix_work_kind */
	int64_t lcs;		/* local citation score: citing records */
	int64_t lcr;		/* local cited references: linked refs */
	char created[32];	/* ISO 8601 UTC */
	char updated[32];
};

/*
 * Load work id into rec (reset first): every field, authors with their
 * affiliations, keywords, extra tags, and references in order with their
 * links (ref->cited_id, method, confidence).  meta may be NULL.
 */
int cix_store_load(struct cix_store *s, int64_t id, struct cix_record *rec,
    struct cix_work_meta *meta, struct cix_error *err);

/* The files a work was imported from, oldest first. */
struct cix_file_row {
	int64_t id;
	char path[1024];
	char sha256[65];
	char imported_at[32];
	char format[16];
	int64_t records;
	size_t line;		/* where the work's record starts */
};
typedef int (*cix_file_cb)(void *ctx, const struct cix_file_row *f);
int cix_store_work_files(struct cix_store *s, int64_t id, cix_file_cb cb,
    void *ctx, struct cix_error *err);

/* ------------------------------------------------------------------ */
/* Search */

struct cix_query {
	const char *text;	/* full text (FTS5 over title, abstract,
				   keywords, authors), words ANDed */
	const char *author;	/* substring of any author's name */
	const char *title;	/* words in the title */
	const char *keyword;	/* an author keyword or Keywords Plus */
	const char *source;	/* substring of SO, J9 or JI */
	int year_from;		/* 0: no bound */
	int year_to;
	int records_only;	/* 1: skip cited-only works */
	size_t limit;		/* 0: no limit */
};

/*
 * Call cb with the id of each work matching q (all conditions ANDed),
 * best FTS match first when text is given, else by year then id.  A
 * non-zero return from cb stops the search and is returned.
 */
typedef int (*cix_id_cb)(void *ctx, int64_t id);
int cix_store_search(struct cix_store *s, const struct cix_query *q,
    cix_id_cb cb, void *ctx, struct cix_error *err);

/* ------------------------------------------------------------------ */
/* Statistics */

struct cix_stats {
	int64_t works;		/* every node */
	int64_t records;	/* works with a full record */
	int64_t cited_only;
	int64_t refs;		/* cited references */
	int64_t refs_linked;
	int64_t links_local;	/* refs linked to full records */
	int64_t files;
	int64_t dois;		/* works with a DOI */
};
int cix_store_stats(struct cix_store *s, struct cix_stats *st,
    struct cix_error *err);
/* Records per publication year (cited-only works excluded). */
typedef int (*cix_year_cb)(void *ctx, int year, int64_t count);
int cix_store_years(struct cix_store *s, cix_year_cb cb, void *ctx,
    struct cix_error *err);

#endif
