/*
 * wos.h - Web of Science plain-text and tab-delimited readers: what they
 * accept, and the field mapping the two share.
 *
 * Callers use the readers through reader.h (cix_reader_wos, "wos";
 * cix_reader_wostab, "wos-tab").  This header documents their behaviour
 * and declares the mapping from tagged fields to struct cix_record that
 * wos.c implements and wostab.c reuses; it is internal to libcix.
 *
 * Plain text ("wos")
 *	Lines are `TG value' with TG = [A-Z][A-Z0-9]; a line starting with
 *	white space continues the field above (one more value for list
 *	tags, a wrapped line for the others); trailing blanks and TABs are
 *	dropped.  FN/VR headers of any vintage, repeated headers
 *	(concatenated exports, each possibly with its own BOM) and EF are
 *	skipped.  A record runs from PT to ER; rec->line is the PT line.
 *	Warnings (opts.warn, with file:line), never errors: a missing ER
 *	(before PT, FN or EF, or at the end of input: the record is kept), a
 *	record with no fields but PT (skipped), a tag outside a record (a
 *	record is started without PT), a line that is neither a tag nor a
 *	continuation (kept in rec->extra under the tag "?").  At most
 *	WOS_MAXWARN warnings are reported per input.
 *
 * Tab-delimited ("wos-tab")
 *	The first line names the columns (2-character tags, the first one
 *	PT; a trailing TAB is allowed).  Each further line is one record;
 *	rec->line is its line.  Fields may be quoted "..." with "" for a
 *	quote (as Excel and R write them); a quoted field may span lines.
 *	A quote that does not close before the next TAB is literal text.
 *	Multi-valued columns are split on "; " (AU AF BA BF BE CA GP CR), C1
 *	on "; [" between bracketed groups (on "; " when it has no brackets).
 *	Empty rows are skipped.  A row may have more fields than the header
 *	as long as the surplus ones are empty (the ragged trailing TAB of
 *	real exports).  A row with fewer fields than the header, or with a
 *	non-empty field beyond the header, is an error (CIX_EPARSE naming
 *	file:line): its columns cannot be trusted to line up, and a
 *	truncated last row means a truncated file.
 *
 * Field mapping (both formats)
 *	Known tags fill struct cix_record; every other tag, and a known tag
 *	whose value cannot be used (a DI that is not a DOI, a TC that is not
 *	a number, a second TI...), goes to rec->extra verbatim, in order.
 *	OI and RI fill the authors' orcid/rid and are also kept in extra.
 *	PD gives month/day: "JAN", "JAN 15", "JAN-FEB" (first month),
 *	"2020-May", "MAY 5 2020", "2023 JAN 28", "10" (a bare month
 *	number), "2021 (Epub ...)" (year only); seasons map to the month of
 *	their quarterly issue: WIN 1, SPR 4, SUM 7, FAL 10.  With no PY the
 *	year comes from EY, else EA, else PD.
 */
#ifndef CIX_WOS_H
#define CIX_WOS_H

#include <stddef.h>

#include "buf.h"
#include "error.h"
#include "input.h"
#include "reader.h"
#include "record.h"

#define WOS_MAXWARN 100

/* One tagged field of a record: its lines joined with '\n' in text. */
struct wos_field {
	char tag[4];		/* "AU", or "?" for a line that was no tag */
	size_t off;		/* value at text.p + off */
	size_t len;
	size_t line;		/* input line of the tag */
};

struct wos_span {
	const char *p;
	size_t n;
};

struct wos_fields {
	struct cix_buf text;
	struct wos_field *v;
	size_t n;
	size_t alloc;
	/* scratch space of wos_map(), kept from record to record */
	struct cix_buf tmp;
	struct wos_span *sa, *sb;
	size_t sa_alloc, sb_alloc;
};

/* Warnings of one reader, counted against WOS_MAXWARN. */
struct wos_warn {
	cix_warn_fn fn;
	void *ctx;
	const char *file;
	size_t count;
};

void wos_fields_init(struct wos_fields *f);
void wos_fields_reset(struct wos_fields *f);
void wos_fields_release(struct wos_fields *f);
/* Start a field tag (1-3 chars) with value s[0..len). */
int wos_fields_add(struct wos_fields *f, const char *tag, const char *s,
    size_t len, size_t line);
/* Append a line to the last field (joined with '\n'). */
int wos_fields_cont(struct wos_fields *f, const char *s, size_t len);

void wos_warn(struct wos_warn *w, size_t line, const char *fmt, ...)
#ifdef __GNUC__
	__attribute__((format(printf, 3, 4)))
#endif
	;

/* Is s[0..len) a tag line: [A-Z][A-Z0-9] then the end or a space? */
static inline int
wos_is_tag(const char *s, size_t len)
{
	return len >= 2 && s[0] >= 'A' && s[0] <= 'Z' &&
	    ((s[1] >= 'A' && s[1] <= 'Z') || (s[1] >= '0' && s[1] <= '9')) &&
	    (len == 2 || s[2] == ' ');
}

/* Skip a BOM at the start of a line (concatenated exports have several). */
static inline void
wos_skip_bom(const char **l, size_t *n)
{
	if (*n >= 3 && (unsigned char)(*l)[0] == 0xEF &&
	    (unsigned char)(*l)[1] == 0xBB && (unsigned char)(*l)[2] == 0xBF) {
		*l += 3;
		*n -= 3;
	}
}

/*
 * Fill rec (already reset) from the fields of one record: origin and
 * line are set by the caller.  Returns CIX_OK or CIX_ENOMEM (err names
 * the record's file:line).
 */
int wos_map(struct cix_record *rec, struct wos_fields *f,
    struct wos_warn *w, struct cix_error *err);

/* Month (1-12, 0 if none) and day (0 if none) of a WoS PD value. */
void wos_parse_pd(const char *s, size_t len, int *month, int *day);
/* The first plausible 4-digit year in s[0..len), or 0. */
int wos_find_year(const char *s, size_t len);

#endif
