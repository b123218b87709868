/*
 * update.c - the nightly update: lock, inbox, import, resolve, link, report
 * (see update.h).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "import.h"
#include "update.h"
#include "util.h"
#include "banned.h"

/* ------------------------------------------------------------------ */
/* The lock */

/* mkdir -p the directory part of path (the index may not exist yet). */
static int
make_parent(const char *path, struct cix_error *err)
{
	char *dir, *p;
	size_t n = strlen(path) + 1;
	int rc = CIX_OK;

	if ((dir = malloc(n)) == NULL)
		return cix_error_set(err, CIX_ENOMEM, "out of memory");
	memcpy(dir, path, n);
	if ((p = strrchr(dir, '/')) == NULL || p == dir)
		goto out;
	*p = '\0';
	for (p = dir + 1; ; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		if (*p == '/')
			*p = '\0';
		else
			p = NULL;
		if (mkdir(dir, 0700) < 0 && errno != EEXIST) {
			rc = cix_error_set_errno(err, errno == EROFS ||
			    errno == EACCES ? CIX_EREADONLY : CIX_EIO, errno,
			    "cannot create directory '%s'", dir);
			goto out;
		}
		if (p == NULL)
			break;
		*p = '/';
	}
out:
	free(dir);
	return rc;
}

/* The pid written in a lock file, or 0. */
static long
lock_owner(int fd)
{
	char buf[32];
	ssize_t n;
	long pid;

	n = pread(fd, buf, sizeof(buf) - 1, 0);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == ' '))
		buf[--n] = '\0';
	if (cix_parse_long(buf, (size_t)n, &pid) < 0 || pid <= 0)
		return 0;
	return pid;
}

int
cix_update_lock(int *fd, const char *db_path, struct cix_error *err)
{
	struct cix_buf path, pid;
	long owner;
	int rc = CIX_OK, f, e;

	*fd = -1;
	cix_buf_init(&path, 8192);
	cix_buf_init(&pid, 64);
	if (cix_buf_addf(&path, "%s.lock", db_path) < 0) {
		rc = cix_error_set(err, CIX_ENOMEM, "the index path is too"
		    " long");
		goto out;
	}
	if ((rc = make_parent(path.p, err)) < 0)
		goto out;
	f = open(path.p, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	e = errno;
	if (f < 0 && (e == EROFS || e == EACCES))
		/* A lock on a read-only index still keeps updates apart;
		 * the writes will fail, and say so. */
		f = open(path.p, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (f < 0) {
		rc = cix_error_set_errno(err, e == EROFS || e == EACCES ?
		    CIX_EREADONLY : CIX_EIO, e, "cannot create the lock '%s'",
		    path.p);
		goto out;
	}
	if (flock(f, LOCK_EX | LOCK_NB) < 0) {
		if (errno == EWOULDBLOCK || errno == EAGAIN) {
			/* The holder writes its pid just after it locks: wait
			 * a moment for a pid that is alive (not the last
			 * holder's), then say what we know. */
			int tries;

			for (tries = 0; tries < 40; tries++) {
				struct timespec ts = { 0, 5000000 };

				owner = lock_owner(f);
				if (owner > 0 && (kill((pid_t)owner, 0) == 0 ||
				    errno == EPERM))
					break;
				owner = 0;
				nanosleep(&ts, NULL);
			}
			if (owner > 0)
				rc = cix_error_set(err, CIX_ELOCKED,
				    "another cix update (pid %ld) is running"
				    " on '%s'", owner, db_path);
			else
				rc = cix_error_set(err, CIX_ELOCKED,
				    "another cix update is running on '%s'",
				    db_path);
		} else {
			rc = cix_error_set_errno(err, CIX_EIO, errno,
			    "cannot lock '%s'", path.p);
		}
		close(f);
		goto out;
	}
	/* Who holds it, for the message of the next one (best effort):
	 * one write of a fixed width, never an empty file in between. */
	if (cix_buf_addf(&pid, "%-19ld\n", (long)getpid()) == CIX_OK &&
	    (pwrite(f, pid.p, pid.len, 0) != (ssize_t)pid.len ||
	    ftruncate(f, (off_t)pid.len) != 0)) {
		/* A full disk: the lock holds all the same. */
	}
	*fd = f;
out:
	cix_buf_release(&path);
	cix_buf_release(&pid);
	return rc;
}

int
cix_update_writable(const char *db_path, struct cix_error *err)
{
	struct cix_buf dir;
	const char *slash;
	int rc = CIX_OK;

	if (access(db_path, W_OK) < 0 && errno != ENOENT)
		return cix_error_set_errno(err, CIX_EREADONLY, errno,
		    "cannot write the index '%s'", db_path);
	/* SQLite makes its -wal and -shm files beside the index. */
	cix_buf_init(&dir, 8192);
	slash = strrchr(db_path, '/');
	if (cix_buf_add(&dir, db_path, slash == NULL ? 0 : slash ==
	    db_path ? 1 : (size_t)(slash - db_path)) < 0 ||
	    (dir.len == 0 && cix_buf_adds(&dir, ".") < 0)) {
		rc = cix_error_set(err, CIX_ENOMEM, "out of memory");
		goto out;
	}
	if (access(dir.p, W_OK) < 0)
		rc = cix_error_set_errno(err, CIX_EREADONLY, errno,
		    "cannot write in the index's directory '%s'", dir.p);
out:
	cix_buf_release(&dir);
	return rc;
}

void
cix_update_unlock(int fd)
{
	if (fd >= 0)
		close(fd);
}

/* ------------------------------------------------------------------ */
/* The inbox */

static int
ends_with(const char *s, size_t n, const char *suffix)
{
	size_t k = strlen(suffix);

	return n >= k && cix_strcasecmp(s + n - k, suffix) == 0;
}

int
cix_inbox_skip(const char *name)
{
	static const char *const partial[] = {
		".part", ".partial", ".crdownload", ".download", ".tmp",
		".swp",
	};
	size_t n = strlen(name), i;

	if (n == 0 || name[0] == '.' || name[n - 1] == '~' ||
	    (name[0] == '#' && n > 1 && name[n - 1] == '#'))
		return 1;
	for (i = 0; i < sizeof(partial) / sizeof(partial[0]); i++)
		if (ends_with(name, n, partial[i]))
			return 1;
	return 0;
}

static int
add_str(char ***v, size_t *n, const char *s)
{
	char **nv, *p;
	size_t len = strlen(s) + 1;

	if ((p = malloc(len)) == NULL)
		return CIX_ENOMEM;
	memcpy(p, s, len);
	if ((nv = realloc(*v, (*n + 1) * sizeof(*nv))) == NULL) {
		free(p);
		return CIX_ENOMEM;
	}
	nv[(*n)++] = p;
	*v = nv;
	return CIX_OK;
}

static int
add_errorf(struct cix_inbox *in, const char *entry, const char *why)
{
	struct cix_buf b;
	int rc;

	cix_buf_init(&b, 8192);
	rc = cix_buf_addf(&b, "inbox '%s' %s", entry, why);
	if (rc == CIX_OK)
		rc = add_str(&in->errors, &in->nerrors, b.p);
	cix_buf_release(&b);
	return rc;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The directory part of pattern before its first wildcard ("" if none). */
static int
fixed_dir(struct cix_buf *b, const char *pattern)
{
	size_t i, slash = 0;

	for (i = 0; pattern[i] != '\0'; i++) {
		if (pattern[i] == '*' || pattern[i] == '?' ||
		    pattern[i] == '[')
			break;
		if (pattern[i] == '/')
			slash = i;
	}
	cix_buf_reset(b);
	if (slash == 0)
		return cix_buf_adds(b, pattern[0] == '/' ? "/" : "");
	return cix_buf_add(b, pattern, slash);
}

static int
has_wildcard(const char *s)
{
	return strpbrk(s, "*?[") != NULL;
}

/* Add the regular files of glob pattern p. */
static int
add_glob(struct cix_inbox *in, const char *p)
{
	glob_t g;
	struct stat st;
	const char *base;
	size_t i;
	int rc = CIX_OK, k;

	memset(&g, 0, sizeof(g));
	k = glob(p, 0, NULL, &g);
	if (k == GLOB_NOSPACE) {
		globfree(&g);
		return CIX_ENOMEM;
	}
	for (i = 0; k == 0 && i < g.gl_pathc && rc == CIX_OK; i++) {
		base = strrchr(g.gl_pathv[i], '/');
		base = base ? base + 1 : g.gl_pathv[i];
		if (cix_inbox_skip(base))
			continue;
		if (stat(g.gl_pathv[i], &st) < 0 || !S_ISREG(st.st_mode))
			continue;
		rc = add_str(&in->paths, &in->n, g.gl_pathv[i]);
	}
	globfree(&g);
	return rc;
}

int
cix_inbox_scan(struct cix_inbox *in, const char *const *entries, size_t n,
    struct cix_error *err)
{
	struct cix_buf b;
	struct stat st;
	const char *e;
	size_t i, j;
	int rc = CIX_OK;

	memset(in, 0, sizeof(*in));
	cix_buf_init(&b, 16384);
	for (i = 0; i < n && rc == CIX_OK; i++) {
		e = entries[i];
		if (e == NULL || *e == '\0')
			continue;
		/* A name that exists is taken as it is, wildcards or not. */
		if (stat(e, &st) < 0 && has_wildcard(e)) {
			if ((rc = fixed_dir(&b, e)) < 0)
				break;
			if (b.len > 0 && stat(b.p, &st) < 0) {
				rc = add_errorf(in, e, "names a directory that"
				    " does not exist");
				continue;
			}
			rc = add_glob(in, e);
			continue;
		}
		if (stat(e, &st) < 0) {
			rc = add_errorf(in, e, errno == ENOENT ?
			    "does not exist" : strerror(errno));
			continue;
		}
		if (S_ISDIR(st.st_mode)) {
			/* Its files; glob's own metacharacters in the
			 * directory's name are escaped. */
			cix_buf_reset(&b);
			for (j = 0; e[j] != '\0' && rc == CIX_OK; j++) {
				if (strchr("*?[\\", e[j]) != NULL)
					rc = cix_buf_addch(&b, '\\');
				if (rc == CIX_OK)
					rc = cix_buf_addch(&b, e[j]);
			}
			if (rc == CIX_OK)
				rc = cix_buf_adds(&b, e[j - 1] == '/' ? "*" :
				    "/*");
			if (rc == CIX_OK)
				rc = add_glob(in, b.p);
		} else if (S_ISREG(st.st_mode)) {
			rc = add_str(&in->paths, &in->n, e);
		} else {
			rc = add_errorf(in, e, "is not a file or directory");
		}
	}
	cix_buf_release(&b);
	if (rc < 0)
		return cix_error_set(err, CIX_ENOMEM, "out of memory");
	/* Sorted, each once (entries may overlap). */
	if (in->n > 1)
		qsort(in->paths, in->n, sizeof(*in->paths), cmp_str);
	for (i = j = 0; i < in->n; i++) {
		if (j > 0 && strcmp(in->paths[j - 1], in->paths[i]) == 0) {
			free(in->paths[i]);
			continue;
		}
		in->paths[j++] = in->paths[i];
	}
	in->n = j;
	return CIX_OK;
}

void
cix_inbox_release(struct cix_inbox *in)
{
	size_t i;

	for (i = 0; i < in->n; i++)
		free(in->paths[i]);
	for (i = 0; i < in->nerrors; i++)
		free(in->errors[i]);
	free(in->paths);
	free(in->errors);
	memset(in, 0, sizeof(*in));
}

/* ------------------------------------------------------------------ */
/* The run */

struct run {
	struct cix_store *s;
	const struct cix_update_opts *o;
	const struct cix_config *cfg;
	struct cix_update_result *res;
};

void
cix_update_result_release(struct cix_update_result *r)
{
	free(r->text);
	r->text = NULL;
}

static void
problem(struct run *r, const char *what, const struct cix_error *e)
{
	struct cix_update_result *res = r->res;

	if (res->nproblems < CIX_UPDATE_MAXPROBLEMS) {
		struct cix_update_problem *p = &res->problems[res->nproblems];

		snprintf(p->what, sizeof(p->what), "%s", what);
		p->err = *e;
	}
	res->nproblems++;
	if (r->o->problem != NULL)
		r->o->problem(r->o->problem_ctx, what, e);
}

static void
progress(struct run *r, const char *phase, const char *file, size_t i,
    size_t n)
{
	if (r->o->progress != NULL)
		r->o->progress(r->o->progress_ctx, phase, file, i, n);
}

static int
cancelled(const struct run *r)
{
	return r->o->cancel != NULL && *r->o->cancel;
}

/* Errors after which nothing else can be written. */
static int
fatal(int rc)
{
	return rc == CIX_ENOMEM || rc == CIX_EFULL || rc == CIX_EREADONLY ||
	    rc == CIX_ELOCKED || rc == CIX_EINTR;
}

static int
phase(struct run *r, const char *name, struct cix_error *err)
{
	progress(r, name, NULL, 0, 0);
	return cix_store_run_phase(r->s, r->res->start.id, name, err);
}

static int
import_inbox(struct run *r, struct cix_error *err)
{
	struct cix_update_result *res = r->res;
	const char *const *entries;
	struct cix_import_opts io;
	struct cix_import_result ir;
	struct cix_inbox in;
	struct cix_error e;
	struct stat st;
	size_t n, i;
	int rc, known;

	if (r->o->ninbox > 0) {
		entries = r->o->inbox;
		n = r->o->ninbox;
	} else {
		entries = (const char *const *)r->cfg->inbox;
		n = r->cfg->ninbox;
	}
	if (n == 0)
		return CIX_OK;
	if ((rc = phase(r, "import", err)) < 0)
		return rc;
	if ((rc = cix_inbox_scan(&in, entries, n, err)) < 0)
		goto out;
	for (i = 0; i < in.nerrors; i++) {
		cix_error_clear(&e);
		cix_error_set(&e, CIX_ENOTFOUND, "%s", in.errors[i]);
		problem(r, "inbox", &e);
		res->counts.files_failed++;
	}
	memset(&io, 0, sizeof(io));
	io.warn = r->o->warn;
	io.warn_ctx = r->o->warn_ctx;
	io.cancel = r->o->cancel;
	res->counts.files_seen = (int64_t)in.n;
	for (i = 0; i < in.n; i++) {
		const char *f = in.paths[i];

		if (cancelled(r)) {
			rc = cix_error_set(err, CIX_EINTR, "interrupted");
			goto out;
		}
		/* Seen before with this size and time: not even read. */
		known = 0;
		if (stat(f, &st) == 0 && (rc = cix_store_file_known(r->s, f,
		    (uint64_t)st.st_size, (int64_t)st.st_mtime, &known,
		    err)) < 0)
			goto out;
		if (known) {
			res->files_unchanged++;
			continue;
		}
		progress(r, "import", f, i, in.n);
		cix_error_clear(&e);
		rc = cix_import_file(r->s, f, &io, &ir, &e);
		if (rc == CIX_OK) {
			if (ir.skipped) {
				res->files_unchanged++;
			} else {
				res->counts.files_imported++;
				res->counts.records +=
				    (int64_t)ir.counts.records;
			}
			continue;
		}
		if (fatal(rc)) {
			/* Name the file unless the message does. */
			if (e.file[0] != '\0' || strstr(e.msg, f) != NULL)
				*err = e;
			else
				cix_error_set(err, rc, "cannot import '%s':"
				    " %s", f, e.msg);
			goto out;
		}
		problem(r, f, &e);
		res->counts.files_failed++;
	}
	rc = CIX_OK;
out:
	cix_inbox_release(&in);
	return rc;
}

static int
resolve(struct run *r, struct cix_error *err)
{
	struct cix_update_result *res = r->res;
	struct cix_resolve_opts ro;
	struct cix_error e;
	int rc;

	if ((rc = phase(r, "resolve", err)) < 0)
		return rc;
	memset(&ro, 0, sizeof(ro));
	ro.mode = CIX_RESOLVE_STALE;
	ro.stale_days = r->cfg->update_stale_days;
	ro.max_requests = (size_t)(r->o->budget >= 0 ? r->o->budget :
	    r->cfg->budget_requests);
	ro.max_seconds = (double)r->cfg->budget_seconds;
	ro.cfg = r->cfg;
	ro.no_link = 1;
	ro.cancel = r->o->cancel;
	cix_error_clear(&e);
	rc = cix_resolve_run(r->s, &ro, &res->resolve, &e);
	res->resolved = 1;
	res->counts.dois_asked = (int64_t)res->resolve.asked;
	res->counts.dois_resolved = (int64_t)res->resolve.resolved;
	res->counts.dois_failed = (int64_t)res->resolve.failed;
	res->counts.requests = (int64_t)res->resolve.requests;
	if (rc < 0 && fatal(rc)) {
		*err = e;
		return rc;
	}
	if (rc < 0)
		problem(r, "resolve", &e);
	if (res->resolve.failed > 0) {
		cix_error_clear(&e);
		cix_error_set(&e, CIX_ENET, "%zu DOI%s failed; %s asked again"
		    " after a back-off", res->resolve.failed,
		    res->resolve.failed == 1 ? "" : "s",
		    res->resolve.failed == 1 ? "it is" : "they are");
		problem(r, "resolve", &e);
	}
	return CIX_OK;
}

static int
link_pass(struct run *r, struct cix_error *err)
{
	struct cix_update_result *res = r->res;
	struct cix_link_stats *ls = &res->link;
	int64_t queued;
	int rc;

	if ((rc = cix_store_link_queued(r->s, &queued, err)) < 0)
		return rc;
	if (queued == 0)
		return CIX_OK;
	if ((rc = phase(r, "link", err)) < 0)
		return rc;
	if ((rc = cix_link_run(r->s, ls, err)) < 0) {
		struct cix_error e = *err;

		return cix_error_set(err, rc, "cannot link the references:"
		    " %s", e.msg);
	}
	res->linked = 1;
	res->counts.refs_linked = (int64_t)(ls->by_doi + ls->by_key +
	    ls->by_fuzzy + ls->to_cited);
	return CIX_OK;
}

static int
report(struct run *r, struct cix_error *err)
{
	struct cix_update_result *res = r->res;
	struct cix_buf text;
	int rc;

	if ((rc = phase(r, "report", err)) < 0)
		return rc;
	cix_buf_init(&text, 1 << 20);
	if ((rc = cix_store_begin(r->s, err)) < 0)
		goto out;
	if ((rc = cix_store_report(r->s, &res->report, err)) < 0)
		goto fail;
	res->has_report = 1;
	res->status = res->nproblems > 0 ? CIX_RUN_PARTIAL : CIX_RUN_OK;
	res->counts.has_report = 1;
	res->counts.new_works = res->report.new_works;
	res->counts.new_citations = res->report.new_citations;
	res->counts.newly_resolved = res->report.newly_resolved;
	res->counts.watched_citations = res->report.watched_citations;
	if (cix_update_format(&text, res) < 0) {
		rc = cix_error_set(err, CIX_ENOMEM, "out of memory");
		goto fail;
	}
	if ((rc = cix_store_run_end(r->s, res->start.id, res->status,
	    &res->counts, text.p, NULL, err)) < 0)
		goto fail;
	if ((rc = cix_store_commit(r->s, err)) < 0) {
		res->has_report = 0;
		goto out;
	}
	res->text = cix_buf_detach(&text, NULL);
	goto out;
fail:
	cix_store_rollback(r->s);
	res->has_report = 0;
out:
	cix_buf_release(&text);
	return rc;
}

int
cix_update_run(struct cix_store *s, const struct cix_update_opts *o,
    struct cix_update_result *res, struct cix_error *err)
{
	struct cix_config defaults;
	struct cix_error e;
	struct run r;
	int rc;

	memset(res, 0, sizeof(*res));
	cix_config_init(&defaults);
	r.s = s;
	r.o = o;
	r.cfg = o->cfg != NULL ? o->cfg : &defaults;
	r.res = res;
	res->status = CIX_RUN_RUNNING;
	if ((rc = cix_store_run_begin(s, o->pid, &res->start, err)) < 0) {
		res->status = CIX_RUN_FAILED;
		goto out;
	}
	if ((rc = import_inbox(&r, err)) < 0)
		goto stop;
	if (!o->no_resolve && !cancelled(&r) &&
	    (rc = resolve(&r, err)) < 0)
		goto stop;
	if (cancelled(&r)) {
		rc = cix_error_set(err, CIX_EINTR, "interrupted");
		goto stop;
	}
	if ((rc = link_pass(&r, err)) < 0)
		goto stop;
	if ((rc = report(&r, err)) < 0)
		goto stop;
	goto out;
stop:
	/* Record how it ended if the index still takes it. */
	res->status = rc == CIX_EINTR ? CIX_RUN_INTERRUPTED : CIX_RUN_FAILED;
	res->has_report = 0;
	res->counts.has_report = 0;
	cix_error_clear(&e);
	cix_store_run_end(s, res->start.id, res->status, &res->counts, NULL,
	    err != NULL ? err->msg : cix_rc_str(rc), &e);
out:
	cix_config_release(&defaults);
	return rc;
}

/* ------------------------------------------------------------------ */
/* The report as text */

int
cix_update_killed(struct cix_buf *out, const struct cix_run_row *k)
{
	static const char *const doing[][2] = {
		{ "start", "starting" }, { "import", "importing" },
		{ "resolve", "resolving" }, { "link", "linking" },
		{ "report", "writing its report" },
	};
	const char *what = "starting";
	size_t i;

	for (i = 0; i < sizeof(doing) / sizeof(doing[0]); i++)
		if (strcmp(k->phase, doing[i][0]) == 0)
			what = doing[i][1];
	return cix_buf_addf(out, "run %lld (started %s, pid %ld) did not"
	    " finish: killed while %s (or unable to write its end); this run"
	    " finished its work", (long long)k->id, k->started, k->pid,
	    what);
}

static const char *
plural(int64_t n, const char *one, const char *more)
{
	return n == 1 ? one : more;
}

static int
add_work(struct cix_buf *b, const struct cix_report_work *w)
{
	int rc = cix_buf_addf(b, "#%lld ", (long long)w->id);

	if (w->author[0] != '\0')
		rc |= cix_buf_addf(b, "%s ", w->author);
	if (w->year > 0)
		rc |= cix_buf_addf(b, "(%d) ", w->year);
	rc |= cix_buf_adds(b, w->title[0] != '\0' ? w->title :
	    "(no title)");
	return rc ? CIX_ENOMEM : CIX_OK;
}

int
cix_update_format(struct cix_buf *out, const struct cix_update_result *r)
{
	const struct cix_run_row *c = &r->counts;
	const struct cix_report *p = &r->report;
	const struct cix_resolve_stats *rs = &r->resolve;
	const char *status = cix_run_status_name(r->status);
	size_t i;
	int rc = 0, any;

	rc |= cix_buf_addf(out, "run %lld at %s: %s\n",
	    (long long)r->start.id, r->start.started,
	    status != NULL ? status : "?");
	if (c->files_imported > 0 || c->files_failed > 0) {
		rc |= cix_buf_addf(out, "inbox: %lld %s imported (%lld %s)",
		    (long long)c->files_imported,
		    plural(c->files_imported, "file", "files"),
		    (long long)c->records,
		    plural(c->records, "record", "records"));
		if (r->files_unchanged > 0)
			rc |= cix_buf_addf(out, ", %zu unchanged",
			    r->files_unchanged);
		if (c->files_failed > 0)
			rc |= cix_buf_addf(out, ", %lld failed",
			    (long long)c->files_failed);
		rc |= cix_buf_adds(out, "\n");
	}
	if (r->resolved && rs->asked > 0) {
		rc |= cix_buf_addf(out, "DOIs: %zu asked in %zu %s: %zu"
		    " resolved", rs->asked, rs->requests,
		    plural((int64_t)rs->requests, "request", "requests"),
		    rs->resolved);
		if (rs->unchanged > 0)
			rc |= cix_buf_addf(out, " (%zu unchanged)",
			    rs->unchanged);
		if (rs->notfound > 0)
			rc |= cix_buf_addf(out, ", %zu not found",
			    rs->notfound);
		if (rs->failed > 0)
			rc |= cix_buf_addf(out, ", %zu failed", rs->failed);
		if (rs->budget)
			rc |= cix_buf_adds(out, "; the budget ran out, the rest"
			    " waits for the next run");
		rc |= cix_buf_adds(out, "\n");
	}
	if (r->linked && c->refs_linked > 0)
		rc |= cix_buf_addf(out, "links: %lld %s linked\n",
		    (long long)c->refs_linked,
		    plural(c->refs_linked, "reference", "references"));
	if (r->has_report) {
		any = p->new_works || p->new_citations || p->newly_resolved ||
		    p->watched_citations;
		if (r->start.prev_id > 0)
			rc |= cix_buf_addf(out, "%s since run %lld (%s)%s\n",
			    any ? "new" : "nothing new",
			    (long long)r->start.prev_id,
			    r->start.prev_started, any ? ":" : "");
		else
			rc |= cix_buf_addf(out, "%s\n", any ?
			    "new since the index began (the first report):" :
			    "nothing in the index yet (the first report)");
		if (p->new_works > 0)
			rc |= cix_buf_addf(out, "  %lld new %s\n",
			    (long long)p->new_works,
			    plural(p->new_works, "work", "works"));
		if (p->new_citations > 0)
			rc |= cix_buf_addf(out, "  %lld new %s among records\n",
			    (long long)p->new_citations,
			    plural(p->new_citations, "citation",
			    "citations"));
		if (p->newly_resolved > 0)
			rc |= cix_buf_addf(out, "  %lld newly resolved %s\n",
			    (long long)p->newly_resolved,
			    plural(p->newly_resolved, "work", "works"));
		if (p->watched_citations > 0)
			rc |= cix_buf_addf(out, "  %lld new %s of watched"
			    " works:\n", (long long)p->watched_citations,
			    plural(p->watched_citations, "citation",
			    "citations"));
		for (i = 0; i < p->ncites; i++) {
			rc |= cix_buf_adds(out, "    ");
			rc |= add_work(out, &p->cites[i].citing);
			rc |= cix_buf_adds(out, "\n      cites ");
			rc |= add_work(out, &p->cites[i].cited);
			rc |= cix_buf_adds(out, "\n");
		}
		if ((int64_t)p->ncites < p->watched_citations)
			rc |= cix_buf_addf(out, "    and %lld more\n",
			    (long long)(p->watched_citations -
			    (int64_t)p->ncites));
	}
	for (i = 0; i < r->start.nkilled && i < CIX_RUN_MAXKILLED; i++) {
		rc |= cix_update_killed(out, &r->start.killed[i]);
		rc |= cix_buf_adds(out, "\n");
	}
	if (r->start.nkilled > CIX_RUN_MAXKILLED)
		rc |= cix_buf_addf(out, "and %zu more runs did not finish\n",
		    r->start.nkilled - CIX_RUN_MAXKILLED);
	for (i = 0; i < r->nproblems && i < CIX_UPDATE_MAXPROBLEMS; i++) {
		const struct cix_update_problem *q = &r->problems[i];

		/* Messages often name their file already. */
		if (q->err.line > 0)
			rc |= cix_buf_addf(out, "failed: %s:%zu: %s\n",
			    q->err.file[0] ? q->err.file : q->what,
			    q->err.line, q->err.msg);
		else if (strcmp(q->what, "inbox") == 0 ||
		    strstr(q->err.msg, q->what) != NULL)
			rc |= cix_buf_addf(out, "failed: %s\n", q->err.msg);
		else
			rc |= cix_buf_addf(out, "failed: %s: %s\n", q->what,
			    q->err.msg);
	}
	if (r->nproblems > CIX_UPDATE_MAXPROBLEMS)
		rc |= cix_buf_addf(out, "and %zu more problems\n",
		    r->nproblems - CIX_UPDATE_MAXPROBLEMS);
	return rc ? CIX_ENOMEM : CIX_OK;
}
