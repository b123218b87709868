/*
 * store_bulk.c - a new index built in a private file, then published.
 *
 * The first import into an index that does not exist yet writes every
 * page of it.  In WAL mode each page is written twice (to the log, then
 * by the checkpoint into the database) and read back once in between;
 * with a rollback journal, pages that are new to a transaction are not
 * journaled at all.  Measured on the 100,000-record bench corpus: 22.5 s
 * in WAL mode, 16.0 s with a rollback journal.  A rollback journal would
 * block readers while a large import commits, so cix uses one only where
 * there can be no reader: in a file nobody else knows about, which
 * becomes the index once it is complete (cix_store_publish).
 *
 * The full-text index of the new works is built beside, by a thread of
 * its own in a second private file (PATH.bulk-PID-fts): a single-writer
 * SQLite cannot write two tables of one file at once, and FTS5 is a third
 * of an import's writing (tokenizing, its term hash, merging segments).
 * The writer hands the thread each work's indexed text, and the
 * transaction marks of each file, so that the thread's file holds the
 * texts of the committed files exactly.  At publication the FTS5 tables
 * of the index are still empty: they are replaced by the thread's, table
 * by table (the FTS5 shadow tables are ordinary tables).  If the thread
 * failed, the index is rebuilt from the works instead.
 *
 * Names: PATH.bulk-PID, PATH.bulk-PID-fts and SQLite's -journal files
 * beside them.  A process that dies leaves them; the next bulk open
 * removes those of processes that no longer run.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "store_int.h"
#include "banned.h"

/* The files SQLite may keep beside a database, by suffix. */
static const char *const side[] = { "", "-journal", "-wal", "-shm" };

static void
unlink_all(const char *path)
{
	struct cix_buf b;
	size_t i;

	cix_buf_init(&b, 0);
	for (i = 0; i < sizeof(side) / sizeof(side[0]); i++) {
		cix_buf_reset(&b);
		if (cix_buf_addf(&b, "%s%s", path, side[i]) == 0)
			(void)unlink(b.p);
	}
	cix_buf_release(&b);
}

/*
 * The directory and last component of path ("." for a bare name); dir
 * and base point into *buf, which the caller frees.
 */
static int
split_path(const char *path, char **buf, const char **dir,
    const char **base)
{
	char *slash;
	size_t n = strlen(path);

	if ((*buf = malloc(n + 3)) == NULL)
		return CIX_ENOMEM;
	memcpy(*buf, path, n + 1);
	if ((slash = strrchr(*buf, '/')) == NULL) {
		*dir = ".";
		*base = *buf;
	} else if (slash == *buf) {
		/* "/x": the directory is "/"; keep the name after it. */
		memmove(*buf + 2, *buf + 1, n);
		(*buf)[1] = '\0';
		*dir = *buf;
		*base = *buf + 2;
	} else {
		*slash = '\0';
		*dir = *buf;
		*base = slash + 1;
	}
	return CIX_OK;
}

/* Remove the private files of bulk opens whose process is gone. */
static void
remove_stale(const char *dir, const char *base)
{
	struct cix_buf prefix, victim;
	struct dirent *de;
	DIR *d;

	if ((d = opendir(dir)) == NULL)
		return;
	cix_buf_init(&prefix, 0);
	cix_buf_init(&victim, 0);
	if (cix_buf_addf(&prefix, "%s.bulk-", base) < 0)
		goto out;
	while ((de = readdir(d)) != NULL) {
		const char *p = de->d_name;
		char *end;
		long pid;

		if (strncmp(p, prefix.p, prefix.len) != 0)
			continue;
		p += prefix.len;
		errno = 0;
		pid = strtol(p, &end, 10);
		if (errno != 0 || end == p || pid <= 0 ||
		    (*end != '\0' && *end != '-'))
			continue;
		if (pid == (long)getpid() ||
		    kill((pid_t)pid, 0) == 0 || errno != ESRCH)
			continue;
		cix_buf_reset(&victim);
		if (cix_buf_addf(&victim, "%s/%s", dir, de->d_name) == 0)
			(void)unlink(victim.p);
	}
out:
	cix_buf_release(&prefix);
	cix_buf_release(&victim);
	closedir(d);
}

int
cix_store_bulk_name(struct cix_store *s, struct cix_error *err)
{
	struct cix_buf b;
	const char *dir, *base;
	char *tmp;

	if (split_path(s->path, &tmp, &dir, &base) < 0)
		return cix_error_set(err, CIX_ENOMEM, "out of memory");
	remove_stale(dir, base);
	free(tmp);
	cix_buf_init(&b, 0);
	if (cix_buf_addf(&b, "%s.bulk-%ld", s->path, (long)getpid()) < 0) {
		cix_buf_release(&b);
		return cix_error_set(err, CIX_ENOMEM, "out of memory");
	}
	/* Ours from an earlier process of the same number. */
	unlink_all(b.p);
	s->bulk_path = b.p;
	return CIX_OK;
}

void
cix_store_bulk_discard(struct cix_store *s)
{
	unlink_all(s->bulk_path);
}

int
cix_store_is_private(const struct cix_store *s)
{
	return s->bulk_path != NULL;
}

static int
sync_path(const char *path, int flags, struct cix_error *err)
{
	int fd, rc = CIX_OK;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC | flags)) < 0)
		return cix_error_set_errno(err, CIX_EIO, errno,
		    "cannot open '%s'", path);
	if (fsync(fd) < 0)
		rc = cix_error_set_errno(err, errno == ENOSPC ? CIX_EFULL :
		    CIX_EIO, errno, "cannot write '%s'", path);
	close(fd);
	return rc;
}

/* Put the private file at the index's name, never over another file. */
static int
move_in(const char *from, const char *to, struct cix_error *err)
{
	struct stat st;

	if (link(from, to) == 0) {
		(void)unlink(from);
		return CIX_OK;
	}
	if (errno == EEXIST)
		goto exists;
	/* A file system without hard links: rename, after looking. */
	if (stat(to, &st) == 0)
		goto exists;
	if (rename(from, to) == 0)
		return CIX_OK;
	return cix_error_set_errno(err, CIX_EIO, errno,
	    "cannot rename '%s' to '%s'", from, to);
exists:
	return cix_error_set(err, CIX_EEXIST, "an index appeared at '%s'"
	    " while this one was built", to);
}

/* ------------------------------------------------------------------ */
/* The full-text thread */

/* Messages waiting for the thread at most: about 2 MB of text. */
#define FTS_RING 1024
#define FTS_WAKE 128

enum fts_op { FTS_ADD, FTS_DEL, FTS_BEGIN, FTS_COMMIT, FTS_ROLLBACK };

struct fts_msg {
	int op;
	int64_t id;
	const char *text[CIX_FTS_NCOLS];	/* into the same allocation */
};

/* The FTS5 shadow tables, copied at publication. */
static const char *const shadow[] = {
	"works_fts_data", "works_fts_idx", "works_fts_docsize",
	"works_fts_config",
};

struct fts_bulk {
	pthread_t thread;
	int running;		/* thread was started and not joined */
	pthread_mutex_t mu;
	pthread_cond_t more, room;
	struct fts_msg *ring[FTS_RING];
	size_t head, count;
	int quit;		/* stop when the ring is empty */
	int idle;		/* the thread waits for messages */
	sqlite3 *db;		/* the thread's connection, to path */
	char *path;
	sqlite3_stmt *ins, *del;
	int failed;		/* the thread met an error */
	int lost;		/* the writer could not tell it something */
	/* The SQL of the works triggers that keep the index, dropped
	 * while the thread keeps it; re-created at publication. */
	struct cix_buf triggers;
};

static struct fts_msg *
pop(struct fts_bulk *fb)
{
	struct fts_msg *m;

	pthread_mutex_lock(&fb->mu);
	while (fb->count == 0 && !fb->quit) {
		fb->idle = 1;
		pthread_cond_wait(&fb->more, &fb->mu);
		fb->idle = 0;
	}
	if (fb->count == 0) {
		pthread_mutex_unlock(&fb->mu);
		return NULL;
	}
	m = fb->ring[fb->head];
	fb->head = (fb->head + 1) % FTS_RING;
	if (fb->count-- == FTS_RING)
		pthread_cond_signal(&fb->room);
	pthread_mutex_unlock(&fb->mu);
	return m;
}

static int
fts_step(struct fts_bulk *fb, const struct fts_msg *m)
{
	static const char *const tx[] = {
		[FTS_BEGIN] = "BEGIN", [FTS_COMMIT] = "COMMIT",
		[FTS_ROLLBACK] = "ROLLBACK",
	};
	sqlite3_stmt *st;
	int i, rc;

	if (m->op != FTS_ADD && m->op != FTS_DEL)
		return sqlite3_exec(fb->db, tx[m->op], NULL, NULL, NULL);
	st = m->op == FTS_ADD ? fb->ins : fb->del;
	sqlite3_bind_int64(st, 1, m->id);
	for (i = 0; i < CIX_FTS_NCOLS; i++)
		cix_bind_text(st, i + 2, m->text[i]);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

static void *
fts_main(void *arg)
{
	struct fts_bulk *fb = arg;
	struct fts_msg *m;

	while ((m = pop(fb)) != NULL) {
		/* After an error, only drain: publication rebuilds. */
		if (!fb->failed && fts_step(fb, m) != SQLITE_OK)
			fb->failed = 1;
		free(m);
	}
	return NULL;
}

/* Hand the thread a message; texts are copied.  CIX_ENOMEM only. */
static int
send_msg(struct fts_bulk *fb, int op, int64_t id,
    const char *const text[CIX_FTS_NCOLS])
{
	struct fts_msg *m;
	size_t len[CIX_FTS_NCOLS], n = sizeof(*m);
	char *p;
	int i;

	for (i = 0; i < CIX_FTS_NCOLS; i++) {
		len[i] = text && text[i] ? strlen(text[i]) + 1 : 0;
		n += len[i];
	}
	if ((m = malloc(n)) == NULL)
		return CIX_ENOMEM;
	m->op = op;
	m->id = id;
	p = (char *)(m + 1);
	for (i = 0; i < CIX_FTS_NCOLS; i++) {
		m->text[i] = len[i] ? memcpy(p, text[i], len[i]) : NULL;
		p += len[i];
	}
	pthread_mutex_lock(&fb->mu);
	while (fb->count == FTS_RING)
		pthread_cond_wait(&fb->room, &fb->mu);
	fb->ring[(fb->head + fb->count) % FTS_RING] = m;
	/* Wake a waiting thread for a batch, not for each message: a
	 * wake-up is two context switches. */
	if (++fb->count >= FTS_WAKE && fb->idle)
		pthread_cond_signal(&fb->more);
	pthread_mutex_unlock(&fb->mu);
	return CIX_OK;
}

int
cix_store_fts_send(struct cix_store *s, int add, int64_t id,
    const char *const text[CIX_FTS_NCOLS], struct cix_error *err)
{
	if (send_msg(s->fb, add ? FTS_ADD : FTS_DEL, id, text) < 0)
		return cix_error_set(err, CIX_ENOMEM, "out of memory");
	return CIX_OK;
}

void
cix_store_fts_mark(struct cix_store *s, int what)
{
	int op = what > 0 ? FTS_BEGIN : what == 0 ? FTS_COMMIT :
	    FTS_ROLLBACK;

	/* Without memory for the mark, the thread's file can no longer
	 * follow: publication rebuilds the index instead. */
	if (s->fb != NULL && send_msg(s->fb, op, 0, NULL) < 0)
		s->fb->lost = 1;
}

/* Run sql on the thread's connection (before it starts or after). */
static int
fts_exec(struct fts_bulk *fb, const char *sql, struct cix_error *err)
{
	if (sqlite3_exec(fb->db, sql, NULL, NULL, NULL) == SQLITE_OK)
		return CIX_OK;
	return cix_error_set(err, CIX_EDB, "full-text index: %s",
	    sqlite3_errmsg(fb->db));
}

/*
 * The thread's file: the index's FTS5 table, made by the same statement
 * and with the same settings; the triggers of the index saved, dropped.
 */
static int
fts_setup(struct cix_store *s, struct fts_bulk *fb, struct cix_error *err)
{
	sqlite3_stmt *st = NULL;
	struct cix_buf sql;
	int rc = CIX_OK;

	cix_buf_init(&sql, 0);
	if ((rc = fts_exec(fb, "PRAGMA page_size = 16384;"
	    "PRAGMA journal_mode = DELETE; PRAGMA synchronous = OFF;"
	    "PRAGMA cache_size = -8192", err)) < 0)
		goto out;
	/* The table, then its settings but the format version. */
	if (sqlite3_prepare_v2(s->db, "SELECT 0, sql FROM sqlite_schema"
	    " WHERE name = 'works_fts' UNION ALL"
	    " SELECT 1, k || char(31) || v FROM works_fts_config"
	    " WHERE k != 'version' UNION ALL"
	    " SELECT 2, sql FROM sqlite_schema WHERE type = 'trigger'"
	    " AND tbl_name = 'works' AND sql LIKE '%works_fts%'"
	    " ORDER BY 1", -1, &st, NULL) != SQLITE_OK) {
		rc = cix_store_error(s, sqlite3_errcode(s->db),
		    "cannot read the schema", err);
		goto out;
	}
	while (rc == CIX_OK && sqlite3_step(st) == SQLITE_ROW) {
		int what = sqlite3_column_int(st, 0);
		const char *t = (const char *)sqlite3_column_text(st, 1);
		const char *sep;

		cix_buf_reset(&sql);
		if (t == NULL)
			continue;
		if (what == 0) {
			rc = fts_exec(fb, t, err);
		} else if (what == 1 && (sep = strchr(t, 31)) != NULL) {
			if (cix_buf_addf(&sql, "INSERT INTO works_fts"
			    " (works_fts, rank) VALUES ('%.*s', %s)",
			    (int)(sep - t), t, sep + 1) < 0)
				rc = cix_error_set(err, CIX_ENOMEM,
				    "out of memory");
			else
				rc = fts_exec(fb, sql.p, err);
		} else if (what == 2) {
			if (cix_buf_addf(&fb->triggers, "%s;\n", t) < 0)
				rc = cix_error_set(err, CIX_ENOMEM,
				    "out of memory");
		}
	}
	sqlite3_finalize(st);
	st = NULL;
	if (rc < 0)
		goto out;
	if (sqlite3_prepare_v2(fb->db, "INSERT INTO works_fts (rowid, title,"
	    " abstract, kw_text, au_text) VALUES (?1, ?2, ?3, ?4, ?5)", -1,
	    &fb->ins, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(fb->db, "INSERT INTO works_fts (works_fts,"
	    " rowid, title, abstract, kw_text, au_text) VALUES ('delete',"
	    " ?1, ?2, ?3, ?4, ?5)", -1, &fb->del, NULL) != SQLITE_OK)
		rc = cix_error_set(err, CIX_EDB, "full-text index: %s",
		    sqlite3_errmsg(fb->db));
out:
	cix_buf_release(&sql);
	return rc;
}

int
cix_store_fts_start(struct cix_store *s, struct cix_error *err)
{
	struct fts_bulk *fb;
	int rc;

	if ((fb = calloc(1, sizeof(*fb))) == NULL)
		return cix_error_set(err, CIX_ENOMEM, "out of memory");
	cix_buf_init(&fb->triggers, 0);
	pthread_mutex_init(&fb->mu, NULL);
	pthread_cond_init(&fb->more, NULL);
	pthread_cond_init(&fb->room, NULL);
	s->fb = fb;
	if ((fb->path = malloc(strlen(s->bulk_path) + 5)) == NULL)
		return cix_error_set(err, CIX_ENOMEM, "out of memory");
	snprintf(fb->path, strlen(s->bulk_path) + 5, "%s-fts", s->bulk_path);
	unlink_all(fb->path);
	if (sqlite3_open_v2(fb->path, &fb->db, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK)
		return cix_error_set(err, CIX_EDB, "cannot create '%s': %s",
		    fb->path, fb->db ? sqlite3_errmsg(fb->db) :
		    "out of memory");
	if ((rc = fts_setup(s, fb, err)) < 0)
		return rc;
	if ((rc = pthread_create(&fb->thread, NULL, fts_main, fb)) != 0)
		return cix_error_set_errno(err, CIX_ENOMEM, rc,
		    "cannot start a thread");
	fb->running = 1;
	/* From now on the thread keeps the index of the new works. */
	if ((rc = cix_store_exec(s, "BEGIN; DROP TRIGGER IF EXISTS"
	    " works_fts_au; DROP TRIGGER IF EXISTS works_fts_ad; COMMIT",
	    err)) < 0)
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	return rc;
}

/* Stop the thread (after what it was given) and close its file. */
static void
fts_stop(struct fts_bulk *fb)
{
	if (fb->running) {
		pthread_mutex_lock(&fb->mu);
		fb->quit = 1;
		pthread_cond_signal(&fb->more);
		pthread_mutex_unlock(&fb->mu);
		pthread_join(fb->thread, NULL);
		fb->running = 0;
	}
	sqlite3_finalize(fb->ins);
	sqlite3_finalize(fb->del);
	fb->ins = fb->del = NULL;
}

void
cix_store_fts_free(struct cix_store *s)
{
	struct fts_bulk *fb = s->fb;

	if (fb == NULL)
		return;
	fts_stop(fb);
	sqlite3_close_v2(fb->db);
	if (fb->path != NULL)
		unlink_all(fb->path);
	free(fb->path);
	cix_buf_release(&fb->triggers);
	pthread_mutex_destroy(&fb->mu);
	pthread_cond_destroy(&fb->more);
	pthread_cond_destroy(&fb->room);
	free(fb);
	s->fb = NULL;
}

/* ATTACH the thread's file: its path is the user's, bound, not spliced. */
static int
attach_fts(struct cix_store *s, const char *path)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(s->db, "ATTACH ?1 AS bulk_fts", -1, &st,
	    NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_text(st, 1, path, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/*
 * The thread's full-text tables into the index (or, if it failed, the
 * index rebuilt from the works), and the triggers back.
 */
static int
fts_finish(struct cix_store *s, struct cix_error *err)
{
	struct fts_bulk *fb = s->fb;
	struct cix_buf sql;
	size_t i;
	int rc, attached = 0;

	fts_stop(fb);
	sqlite3_close_v2(fb->db);
	fb->db = NULL;
	if (!fb->failed && !fb->lost && attach_fts(s, fb->path) == 0)
		attached = 1;
	cix_buf_init(&sql, 0);
	rc = cix_buf_addf(&sql, "BEGIN; %s", fb->triggers.p ?
	    fb->triggers.p : "");
	if (attached) {
		for (i = 0; i < sizeof(shadow) / sizeof(shadow[0]); i++)
			rc |= cix_buf_addf(&sql, "DELETE FROM main.%s;"
			    "INSERT INTO main.%s SELECT * FROM bulk_fts.%s;",
			    shadow[i], shadow[i], shadow[i]);
	} else {
		rc |= cix_buf_adds(&sql, "INSERT INTO works_fts (works_fts)"
		    " VALUES ('rebuild');");
	}
	rc |= cix_buf_adds(&sql, "COMMIT");
	if (rc < 0)
		rc = cix_error_set(err, CIX_ENOMEM, "out of memory");
	else if ((rc = cix_store_exec(s, sql.p, err)) < 0)
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	if (attached)
		sqlite3_exec(s->db, "DETACH bulk_fts", NULL, NULL, NULL);
	cix_buf_release(&sql);
	cix_store_fts_free(s);
	return rc;
}

int
cix_store_publish(struct cix_store **sp, struct cix_error *err)
{
	struct cix_store *s = *sp;
	char *tmp = NULL;
	const char *dir, *base;
	int rc, flags = s->flags;

	if (s->bulk_path == NULL)
		return CIX_OK;
	if (s->in_tx) {
		rc = cix_error_set(err, CIX_EINVAL, "cannot publish an index"
		    " inside a transaction");
		goto fail;
	}
	if ((s->fb != NULL && (rc = fts_finish(s, err)) < 0) ||
	    (rc = cix_store_exec(s, "PRAGMA optimize;"
	    "PRAGMA journal_mode = WAL", err)) < 0)
		goto fail;
	/* Close it, so that the log is checkpointed and removed. */
	s->wrote = 0;
	cix_store_release_db(s);
	if ((rc = sync_path(s->bulk_path, 0, err)) < 0 ||
	    (rc = move_in(s->bulk_path, s->path, err)) < 0)
		goto fail;
	free(s->bulk_path);
	s->bulk_path = NULL;
	if (split_path(s->path, &tmp, &dir, &base) < 0) {
		rc = cix_error_set(err, CIX_ENOMEM, "out of memory");
		goto fail;
	}
	rc = sync_path(dir, O_DIRECTORY, err);
	free(tmp);
	if (rc < 0)
		goto fail;
	*sp = NULL;
	rc = cix_store_open(sp, s->path, flags, err);
	cix_store_close(s);
	return rc;
fail:
	cix_store_close(s);
	*sp = NULL;
	return rc;
}
