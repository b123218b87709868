#include "config.h"

#include <errno.h>
#include <fcntl.h>
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

int
cix_import_file(struct cix_store *s, const char *path,
    const struct cix_import_opts *o, struct cix_import_result *res,
    struct cix_error *err)
{
	struct cix_file_info fi;
	struct cix_input *in = NULL;
	struct cix_reader *rd = NULL;
	struct cix_reader_opts ro;
	struct cix_record rec;
	struct warn_relay relay = { o, 0 };
	struct stat st;
	uint64_t done, total, hash;
	struct cix_import_counts seen_counts;
	int64_t seen = 0, id;
	char today[16];
	int rc, outcome, began = 0;

	memset(res, 0, sizeof(*res));
	cix_record_init(&rec);
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
	while ((rc = cix_reader_next(rd, &rec, err)) > 0) {
		if (o->cancel != NULL && *o->cancel) {
			rc = cix_error_set(err, CIX_EINTR,
			    "interrupted while importing '%s'", path);
			goto out;
		}
		/* The fingerprint is taken before the references are parsed,
		 * so a better parser does not make a re-import an update. */
		hash = cix_record_hash(&rec);
		if ((rc = complete(&rec, today)) < 0) {
			rc = cix_error_set_at(err, rc, path, rec.line,
			    "out of memory");
			goto out;
		}
		if ((rc = cix_store_put_record(s, &rec, hash, &outcome, &id,
		    err)) < 0) {
			if (err != NULL && err->line == 0)
				cix_error_set_at(err, rc, path, rec.line,
				    "%s", err->msg);
			goto out;
		}
		res->counts.records++;
		res->counts.refs += rec.nrefs;
		if (outcome == CIX_PUT_NEW)
			res->counts.new++;
		else if (outcome == CIX_PUT_UPDATED)
			res->counts.updated++;
		else
			res->counts.unchanged++;
		if (o->progress != NULL && (res->counts.records & 255) == 0) {
			cix_input_progress(cix_reader_input(rd), &done, &total);
			o->progress(o->progress_ctx, done, total,
			    res->counts.records);
		}
	}
	if (rc < 0)
		goto out;
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
	if (began)
		cix_store_file_rollback(s);
	res->counts.warnings = relay.n;
	cix_reader_free(rd);
	cix_input_free(in);
	cix_record_release(&rec);
	return rc;
}
