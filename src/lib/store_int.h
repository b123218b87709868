/*
 * store_int.h - what the store*.c files share; not part of the API.
 */
#ifndef CIX_STORE_INT_H
#define CIX_STORE_INT_H

#include <sqlite3.h>
#include <stddef.h>

#include "store.h"

/* Prepared statements, made on first use and kept until close. */
enum stmt_id {
	ST_FIND_UT,
	ST_FIND_DOI,
	ST_FIND_PMID,
	ST_INSERT_WORK,
	ST_UPDATE_WORK,
	ST_INSERT_AUTHOR,
	ST_INSERT_AFFIL,
	ST_INSERT_AA,
	ST_INSERT_KEYWORD,
	ST_INSERT_EXTRA,
	ST_INSERT_REF,
	ST_INSERT_WORK_FILE,
	ST_MARK_DIRTY,
	ST_LINK_SET,
	ST_LINK_NEW_CITED,
	ST_DELETE_AUTHORS,
	ST_DELETE_AFFILS,
	ST_DELETE_AA,
	ST_DELETE_KEYWORDS,
	ST_DELETE_EXTRA,
	ST_DELETE_REFS,
	ST_DELETE_LINKS,
	ST_LOAD_WORK,
	ST_LOAD_AUTHORS,
	ST_LOAD_AFFILS,
	ST_LOAD_AA,
	ST_LOAD_KEYWORDS,
	ST_LOAD_EXTRA,
	ST_LOAD_REFS,
	ST_FTS_ADD,
	ST_FTS_TEXT,
	ST_INSERT_REFS_N,
	ST_MAX
};

struct cix_store {
	sqlite3 *db;
	char *path;
	int readonly;
	int in_tx;
	int wrote;		/* a transaction was committed */
	struct link_batch *lb;	/* rows the link pass has not written yet */
	int64_t file_id;	/* files.id during an import, else 0 */
	/* New works not yet in the full-text index: ids fts_lo..fts_hi,
	 * all inserted since the last cix_store_fts_flush. */
	int64_t fts_lo, fts_hi;
	/* A new index being built in a private file (CIX_STORE_BULK):
	 * its name, and the open flags to publish it with; else NULL. */
	char *bulk_path;
	int flags;
	struct fts_bulk *fb;	/* its full-text thread, or NULL */
	sqlite3_stmt *st[ST_MAX];
};

/* References per statement of ST_INSERT_REFS_N: one statement per
 * reference cost a third of an import's writing time, mostly in what
 * SQLite does per statement (savepoint, reset). */
#define REFS_PER_INSERT 16
#define REF_COLS 16

/* Column kinds of the works field table. */
enum field_type { F_STR, F_INT, F_LONG };

struct work_field {
	const char *col;
	size_t off;		/* offsetof(struct cix_record, ...) */
	int type;
};

/*
 * Columns after the record fields in INSERT/UPDATE/LOAD of works, in this
 * order: kind, au_text, kw_text, au_key, au_init, rec_hash.
 */
#define WORK_EXTRA_COLS "kind, au_text, kw_text, au_key, au_init, rec_hash"
#define WORK_NEXTRA 6

/* The works columns that mirror struct cix_record fields, in order. */
extern const struct work_field cix_work_fields[];
extern const size_t cix_work_nfields;

/* The statement id, prepared on first use; NULL on failure (err set). */
sqlite3_stmt *cix_store_stmt(struct cix_store *s, enum stmt_id id,
    struct cix_error *err);

/*
 * The full-text index takes new works in batches (schema version 5):
 * cix_store_fts_add queues a work just inserted, cix_store_fts_flush
 * indexes the queue with one statement.  Flush before any statement that
 * updates or deletes a work (the triggers that keep the index for those
 * must find it there) and before commit.
 */
int cix_store_fts_add(struct cix_store *s, int64_t id, struct cix_error *err);
int cix_store_fts_flush(struct cix_store *s, struct cix_error *err);

/* Bind a possibly-NULL string / an integer that is NULL when <= null. */
int cix_bind_text(sqlite3_stmt *st, int i, const char *v);
int cix_bind_int_or_null(sqlite3_stmt *st, int i, long v, long null);

/* Run one statement to completion (reset afterwards); CIX_OK or error. */
int cix_store_step_done(struct cix_store *s, sqlite3_stmt *st,
    const char *what, struct cix_error *err);

/* Drop (on rollback) or free (on close) the link pass's pending rows. */
void cix_store_link_batch_reset(struct cix_store *s);
void cix_store_link_batch_free(struct cix_store *s);

/* Insert the references of r as work id's (store_import.c). */
int cix_store_insert_refs(struct cix_store *s, int64_t id,
    const struct cix_record *r, const char *origin, struct cix_error *err);

/*
 * A new index in a private file (store_bulk.c): the file's name, after
 * removing those that dead processes left; and the removal of its files
 * when it is given up.
 */
int cix_store_bulk_name(struct cix_store *s, struct cix_error *err);
void cix_store_bulk_discard(struct cix_store *s);

/*
 * The full-text thread of a private index (store_bulk.c).  Started at
 * open; the writer hands it each new work's indexed text (add) and the
 * old text of a work it rewrites (!add), in the works columns' order
 * title, abstract, kw_text, au_text; cix_store_fts_mark tells it each
 * transaction's begin (1), commit (0) and rollback (-1).
 */
#define CIX_FTS_NCOLS 4
int cix_store_fts_start(struct cix_store *s, struct cix_error *err);
int cix_store_fts_send(struct cix_store *s, int add, int64_t id,
    const char *const text[CIX_FTS_NCOLS], struct cix_error *err);
void cix_store_fts_mark(struct cix_store *s, int what);
void cix_store_fts_free(struct cix_store *s);
/* Finalize the statements and close the connection (cix_store_close
 * without freeing s). */
void cix_store_release_db(struct cix_store *s);

/* Run SQL text with no results (schema, pragmas). */
int cix_store_exec(struct cix_store *s, const char *sql,
    struct cix_error *err);

/* The page cache of a connection: 32 MiB. */
#define CIX_CACHE_PRAGMA "PRAGMA cache_size = -32768;"

/*
 * Build indexes with SQL text sql, SQLite's sorter working in small runs
 * on temporary files rather than in one list in memory.
 */
int cix_store_build_indexes(struct cix_store *s, const char *sql,
    struct cix_error *err);

#endif
