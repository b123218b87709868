#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "citedref.h"
#include "import.h"
#include "reader.h"
#include "banned.h"

int
cix_sha256_file(const char *path, char out[65], uint64_t *size,
    struct cix_error *err)
{
	static const char hex[] = "0123456789abcdef";
	unsigned char buf[1 << 16], md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0, i;
	EVP_MD_CTX *ctx;
	ssize_t n;
	uint64_t total = 0;
	int fd, rc = CIX_OK;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return cix_error_set_errno(err, CIX_EIO, errno,
		    "cannot open '%s'", path);
	if ((ctx = EVP_MD_CTX_new()) == NULL ||
	    EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) != 1) {
		rc = cix_error_set(err, CIX_ENOMEM, "cannot hash '%s'", path);
		goto out;
	}
#ifdef HAVE_POSIX_FADVISE
	posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
#endif
	for (;;) {
		n = read(fd, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			rc = cix_error_set_errno(err, CIX_EIO, errno,
			    "cannot read '%s'", path);
			goto out;
		}
		if (n == 0)
			break;
		EVP_DigestUpdate(ctx, buf, (size_t)n);
		total += (uint64_t)n;
	}
	EVP_DigestFinal_ex(ctx, md, &mdlen);
	for (i = 0; i < mdlen && i < 32; i++) {
		out[2 * i] = hex[md[i] >> 4];
		out[2 * i + 1] = hex[md[i] & 15];
	}
	out[2 * i] = '\0';
	if (size != NULL)
		*size = total;
out:
	EVP_MD_CTX_free(ctx);
	close(fd);
	return rc;
}

/*
 * What the readers leave to the pipeline: parse the cited references
 * (keeping a DOI a mapper found already), guess a type from PT/DT, and
 * date the citation count.
 */
static int
complete(struct cix_record *rec, const char *day)
{
	if (cix_citedref_parse_record(rec) < 0)
		return CIX_ENOMEM;
	if (rec->type == NULL)
		cix_record_guess_type(rec);
	if (rec->times_cited >= 0 && rec->tc_date == NULL)
		rec->tc_date = rec->export_date ? rec->export_date :
		    day[0] ? cix_arena_strdup(&rec->arena, day) : NULL;
	return CIX_OK;
}

/* Count warnings on their way to the caller's callback. */
struct warn_relay {
	const struct cix_import_opts *o;
	size_t n;
};

static void
relay_warn(void *ctx, const char *file, size_t line, const char *msg)
{
	struct warn_relay *w = ctx;

	w->n++;
	if (w->o->warn != NULL)
		w->o->warn(w->o->warn_ctx, file, line, msg);
}

/*
 * The pipeline: a reader thread decodes, parses and fingerprints records
 * into a ring of slots while the caller's thread writes them to SQLite.
 * Parsing is a third of the work of an import, so the two overlap on two
 * cores.  The reader never touches the store; the writer never parses.
 */
#define PIPE_SLOTS 32

struct slot {
	struct cix_record rec;
	uint64_t hash;
	uint64_t done, total;	/* input read when this record was made */
};

struct pipe {
	pthread_mutex_t mu;
	pthread_cond_t can_get;	/* a slot is full, or the reader ended */
	pthread_cond_t can_put;	/* a slot is free, or the writer stops */
	struct slot slots[PIPE_SLOTS];
	size_t head, count;
	int end;		/* the reader is done: prc says how */
	int prc;		/* 0 end of input, < 0 error (in perr) */
	int stop;		/* the writer gives up: the reader must too */
	int rwait, wwait;	/* the reader / the writer is waiting */
	struct cix_error perr;
	struct cix_reader *rd;
	const char *path;
	const char *today;
};

static void *
produce(void *arg)
{
	struct pipe *p = arg;
	struct slot *sl;
	int rc;

	for (;;) {
		pthread_mutex_lock(&p->mu);
		while (p->count == PIPE_SLOTS && !p->stop) {
			p->rwait = 1;
			pthread_cond_wait(&p->can_put, &p->mu);
			p->rwait = 0;
		}
		if (p->stop) {
			p->end = 1;
			pthread_mutex_unlock(&p->mu);
			return NULL;
		}
		sl = &p->slots[(p->head + p->count) % PIPE_SLOTS];
		pthread_mutex_unlock(&p->mu);

		/* The slot is the reader's until it is published. */
		rc = cix_reader_next(p->rd, &sl->rec, &p->perr);
		if (rc > 0) {
			/* The fingerprint is taken before the references are
			 * parsed, so a better parser does not make a
			 * re-import an update. */
			sl->hash = cix_record_hash(&sl->rec);
			if (complete(&sl->rec, p->today) < 0)
				rc = cix_error_set_at(&p->perr, CIX_ENOMEM,
				    p->path, sl->rec.line, "out of memory");
			cix_input_progress(cix_reader_input(p->rd), &sl->done,
			    &sl->total);
		}
		pthread_mutex_lock(&p->mu);
		if (rc <= 0) {
			p->prc = rc;
			p->end = 1;
			pthread_cond_signal(&p->can_get);
			pthread_mutex_unlock(&p->mu);
			return NULL;
		}
		p->count++;
		if (p->wwait)
			pthread_cond_signal(&p->can_get);
		pthread_mutex_unlock(&p->mu);
	}
}

/* The next full slot, or NULL at the end (*rc: 0, or the reader's error). */
static struct slot *
consume(struct pipe *p, int *rc)
{
	struct slot *sl = NULL;

	pthread_mutex_lock(&p->mu);
	while (p->count == 0 && !p->end) {
		p->wwait = 1;
		pthread_cond_wait(&p->can_get, &p->mu);
		p->wwait = 0;
	}
	if (p->count > 0)
		sl = &p->slots[p->head];
	else
		*rc = p->prc;
	pthread_mutex_unlock(&p->mu);
	return sl;
}

static void
release_slot(struct pipe *p)
{
	pthread_mutex_lock(&p->mu);
	p->head = (p->head + 1) % PIPE_SLOTS;
	p->count--;
	/* A waiting reader is woken when half the ring is free, not at
	 * every slot: one wake-up per record was 7% of the writer. */
	if (p->rwait && p->count <= PIPE_SLOTS / 2)
		pthread_cond_signal(&p->can_put);
	pthread_mutex_unlock(&p->mu);
}

static void
stop_reader(struct pipe *p)
{
	pthread_mutex_lock(&p->mu);
	p->stop = 1;
	pthread_cond_signal(&p->can_put);
	pthread_mutex_unlock(&p->mu);
}

int
cix_import_file(struct cix_store *s, const char *path,
    const struct cix_import_opts *o, struct cix_import_result *res,
    struct cix_error *err)
{
	struct cix_file_info fi;
	struct cix_input *in = NULL;
	struct cix_reader *rd = NULL;
	struct cix_reader_opts ro;
	struct warn_relay relay = { o, 0 };
	struct stat st;
	struct cix_import_counts seen_counts;
	struct pipe *p = NULL;
	struct slot *sl;
	pthread_t reader;
	uint64_t done = 0, total = 0;
	int64_t seen = 0, id;
	char today[16];
	size_t i;
	int rc, outcome, began = 0, started = 0;

	memset(res, 0, sizeof(*res));
	if (stat(path, &st) < 0) {
		rc = cix_error_set_errno(err, CIX_EIO, errno,
		    "cannot open '%s'", path);
		goto out;
	}
	if (S_ISDIR(st.st_mode)) {
		rc = cix_error_set(err, CIX_EIO, "'%s' is a directory", path);
		goto out;
	}
	if ((rc = cix_sha256_file(path, res->sha256, &fi.size, err)) < 0)
		goto out;
	fi.path = path;
	fi.sha256 = res->sha256;
	fi.mtime = (int64_t)st.st_mtime;
	{
		/* The day the file was written stands for the day its
		 * citation counts were read, when it has no DA. */
		struct tm tm;
		time_t t = st.st_mtime;

		if (gmtime_r(&t, &tm) == NULL ||
		    strftime(today, sizeof(today), "%Y-%m-%d", &tm) == 0)
			today[0] = '\0';
	}
	fi.format = o->format;

	if ((rc = cix_input_open_file(&in, path, err)) < 0)
		goto out;
	cix_input_set_warn(in, relay_warn, &relay);
	memset(&ro, 0, sizeof(ro));
	ro.warn = relay_warn;
	ro.warn_ctx = &relay;
	rc = cix_reader_open(&rd, in, o->format, &ro, err);
	in = NULL;		/* the reader owns it now */
	if (rc < 0)
		goto out;
	snprintf(res->format, sizeof(res->format), "%s",
	    cix_reader_format(rd));
	fi.format = res->format;

	if ((rc = cix_store_file_begin(s, &fi, &seen, &seen_counts,
	    err)) < 0)
		goto out;
	began = 1;
	if (seen && !o->force) {
		/* Same bytes as an earlier import: nothing can change. */
		res->skipped = 1;
		cix_store_file_rollback(s);
		began = 0;
		res->counts = seen_counts;
		rc = CIX_OK;
		goto out;
	}

	if ((p = calloc(1, sizeof(*p))) == NULL) {
		rc = cix_error_set(err, CIX_ENOMEM, "out of memory");
		goto out;
	}
	for (i = 0; i < PIPE_SLOTS; i++)
		cix_record_init(&p->slots[i].rec);
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->can_get, NULL);
	pthread_cond_init(&p->can_put, NULL);
	p->rd = rd;
	p->path = path;
	p->today = today;
	if (pthread_create(&reader, NULL, produce, p) != 0) {
		rc = cix_error_set(err, CIX_ENOMEM, "cannot start a thread");
		goto out;
	}
	started = 1;
	rc = CIX_OK;
	while ((sl = consume(p, &rc)) != NULL) {
		if (o->cancel != NULL && *o->cancel) {
			rc = cix_error_set(err, CIX_EINTR,
			    "interrupted while importing '%s'", path);
			goto out;
		}
		if ((rc = cix_store_put_record(s, &sl->rec, sl->hash,
		    &outcome, &id, err)) < 0) {
			if (err != NULL && err->line == 0)
				cix_error_set_at(err, rc, path, sl->rec.line,
				    "%s", err->msg);
			goto out;
		}
		res->counts.records++;
		res->counts.refs += sl->rec.nrefs;
		if (outcome == CIX_PUT_NEW)
			res->counts.new++;
		else if (outcome == CIX_PUT_UPDATED)
			res->counts.updated++;
		else
			res->counts.unchanged++;
		done = sl->done;
		total = sl->total;
		release_slot(p);
		if (o->progress != NULL && (res->counts.records & 255) == 0)
			o->progress(o->progress_ctx, done, total,
			    res->counts.records);
	}
	if (rc < 0) {
		if (err != NULL)
			*err = p->perr;
		goto out;
	}
	/* The reader has ended: what it counted can be read now. */
	pthread_join(reader, NULL);
	started = 0;
	res->counts.warnings = relay.n;
	if (res->counts.records == 0 && relay.n > 0) {
		/* Lines were skipped and nothing came of them: the wrong
		 * reader (a forced --format), or not an export at all. */
		rc = cix_error_set_at(err, CIX_EPARSE, path, 0,
		    "no record found as %s (%zu lines skipped)",
		    res->format, relay.n);
		goto out;
	}
	if (o->progress != NULL) {
		cix_input_progress(cix_reader_input(rd), &done, &total);
		o->progress(o->progress_ctx, done, total, res->counts.records);
	}
	rc = cix_store_file_commit(s, &fi, &res->counts, err);
	began = 0;
out:
	if (started) {
		stop_reader(p);
		pthread_join(reader, NULL);
	}
	if (began)
		cix_store_file_rollback(s);
	res->counts.warnings = relay.n;
	if (p != NULL) {
		for (i = 0; i < PIPE_SLOTS; i++)
			cix_record_release(&p->slots[i].rec);
		pthread_mutex_destroy(&p->mu);
		pthread_cond_destroy(&p->can_get);
		pthread_cond_destroy(&p->can_put);
		free(p);
	}
	cix_reader_free(rd);
	cix_input_free(in);
	return rc;
}
