/*
 * import.h - read a file with the right reader and write it to the store.
 *
 * cix_import_file() is the whole pipeline for one file: hash the bytes
 * (a file already imported with the same content is skipped), detect or
 * force the format, stream its records, parse their cited references,
 * and write them in one transaction.  On any error the transaction is
 * rolled back: nothing of the file is written, and err names the file and
 * the line.
 */
#ifndef CIX_IMPORT_H
#define CIX_IMPORT_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "input.h"
#include "store.h"

struct cix_import_opts {
	const char *format;	/* a reader name, or NULL to detect */
	int force;		/* re-read a file already imported */
	cix_warn_fn warn;	/* warnings with file:line; may be NULL */
	void *warn_ctx;
	/* Called now and then with bytes read, file size, records so far. */
	void (*progress)(void *ctx, uint64_t done, uint64_t total,
	    size_t records);
	void *progress_ctx;
	/* When *cancel becomes non-zero the import stops with CIX_EINTR. */
	volatile sig_atomic_t *cancel;
};

struct cix_import_result {
	struct cix_import_counts counts;
	int skipped;		/* 1: same bytes imported before */
	char format[16];	/* the reader used */
	char sha256[65];
};

int cix_import_file(struct cix_store *s, const char *path,
    const struct cix_import_opts *o, struct cix_import_result *res,
    struct cix_error *err);

/* Hex SHA-256 of a file's bytes. */
int cix_sha256_file(const char *path, char out[65], uint64_t *size,
    struct cix_error *err);

#endif
