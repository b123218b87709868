/*
 * reader.h - the registry of input formats and the record stream.
 *
 * A reader turns a struct cix_input into a stream of struct cix_record.
 * Each format is one table of functions (struct cix_reader_ops) in its own
 * file, listed in reader.c; adding a format is one file and one line.
 *
 * Typical use:
 *
 *	struct cix_reader *rd;
 *	struct cix_record rec;
 *	cix_record_init(&rec);
 *	if ((rc = cix_reader_open(&rd, in, NULL, &opts, &err)) < 0) ...
 *	while ((rc = cix_reader_next(rd, &rec, &err)) > 0)
 *		use(&rec);		// rec is reset by the next call
 *	cix_reader_free(rd);		// frees the input too
 *
 * cix_reader_next() returns 1 with a record, 0 at the end, or a negative
 * code with err naming the file and line.  A reader never touches the
 * database and never prints; problems it can work around (a record with
 * no tags, a missing ER) go through opts.warn.  Readers give cited
 * references as raw strings (ref->parsed == 0) unless the format itself
 * is structured; the import pipeline runs cix_citedref_parse() on them.
 */
#ifndef CIX_READER_H
#define CIX_READER_H

#include <stddef.h>

#include "error.h"
#include "input.h"
#include "record.h"

struct cix_reader_opts {
	cix_warn_fn warn;	/* may be NULL */
	void *warn_ctx;
};

struct cix_reader_ops {
	const char *name;	/* "wos", "wos-tab", "mirror" */
	const char *desc;	/* one line for --help */
	/*
	 * How sure are we that head[0..len) (the decoded start of the
	 * input, up to 64 KiB) is this format: 0 (no) to 100 (certain).
	 */
	int (*probe)(const char *head, size_t len);
	int (*open)(void **state, struct cix_input *in,
	    const struct cix_reader_opts *opts, struct cix_error *err);
	/* 1 record, 0 end of input, < 0 error */
	int (*next)(void *state, struct cix_record *rec,
	    struct cix_error *err);
	void (*close)(void *state);
};

extern const struct cix_reader_ops cix_reader_wos;
extern const struct cix_reader_ops cix_reader_wostab;
extern const struct cix_reader_ops cix_reader_mirror;

/* The registered formats, NULL-terminated. */
const struct cix_reader_ops *const *cix_readers(void);
const struct cix_reader_ops *cix_reader_find(const char *name);

/*
 * Name the format of head[0..len) for an error message when no reader
 * claims it: "BibTeX", "RIS", "an Excel workbook (xls)", "an Excel
 * workbook (xlsx)", "HTML", "a Scopus CSV export", "PubMed/MEDLINE",
 * "EndNote", "JSON", "a PDF file", "binary data", "plain text"...
 */
const char *cix_reader_sniff(const char *head, size_t len);

struct cix_reader;

/*
 * Start reading in.  format is a registered name, or NULL to detect it
 * from the content (CIX_EFORMAT with a message that says what the input
 * looks like when nothing claims it).  The reader owns in from here on,
 * also on failure.
 */
int cix_reader_open(struct cix_reader **out, struct cix_input *in,
    const char *format, const struct cix_reader_opts *opts,
    struct cix_error *err);
int cix_reader_next(struct cix_reader *rd, struct cix_record *rec,
    struct cix_error *err);
const char *cix_reader_format(const struct cix_reader *rd);
struct cix_input *cix_reader_input(struct cix_reader *rd);
void cix_reader_free(struct cix_reader *rd);

#endif
