/*
 * export_int.h - what the exporters share with export.c; not part of the
 * API.
 *
 * An exporter appends its bytes to x->out[i] (a struct cix_buf) and calls
 * cix_export_flush() now and then (export.c does after every work and at
 * the end); x->state is its own, made in begin and freed in release.
 */
#ifndef CIX_EXPORT_INT_H
#define CIX_EXPORT_INT_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "citekey.h"
#include "export.h"
#include "record.h"

#define CIX_EXPORT_MAXOUT 2
#define CIX_EXPORT_FLUSH (64 * 1024)	/* write out when a buffer is larger */

struct cix_export {
	const struct cix_exporter *e;
	struct cix_export_opts o;
	struct cix_store *s;		/* NULL when converting a file */
	struct cix_sink *sinks;
	struct cix_buf out[CIX_EXPORT_MAXOUT];
	struct cix_buf tmp;		/* scratch for exporters */
	void *state;			/* the exporter's */
	struct cix_citekey_pattern *pat;
	struct cix_keyring *ring;
	struct cix_record rec;		/* the work being written */
	size_t works, edges;
	int ended;
};

/* Write out[i] to its sink when it holds more than `over` bytes. */
int cix_export_flush(struct cix_export *x, size_t i, size_t over,
    struct cix_error *err);

/* "84-97" with dash between first and last page, "e1001", or nothing. */
int cix_export_pages(struct cix_buf *b, const struct cix_record *r,
    const char *dash);

/* Is s a valid ISSN (with its check digit) / ISBN-10 or ISBN-13? */
int cix_export_issn_ok(const char *s, size_t len);
int cix_export_isbn_ok(const char *s, size_t len);
/* The first valid ISBN of a WoS BN list ("978...; 0-12-..."), in b. */
int cix_export_first_isbn(struct cix_buf *b, const char *list);

/* "JAN".."DEC" style month names and BibTeX's macros jan..dec. */
extern const char *const cix_export_months[12];

/* Append s[0..len) with invalid UTF-8 replaced by U+FFFD and control
 * characters (tab and newline too, unless keep_nl) by spaces. */
int cix_export_clean(struct cix_buf *b, const char *s, size_t len,
    int keep_nl);

/* The exporters, one per format file. */
extern const struct cix_exporter cix_export_bibtex;
extern const struct cix_exporter cix_export_biblatex;
extern const struct cix_exporter cix_export_ris;
extern const struct cix_exporter cix_export_csljson;
extern const struct cix_exporter cix_export_graphml;
extern const struct cix_exporter cix_export_gexf;
extern const struct cix_exporter cix_export_dot;
extern const struct cix_exporter cix_export_pajek;
extern const struct cix_exporter cix_export_vosviewer;
extern const struct cix_exporter cix_export_wos;

#endif
