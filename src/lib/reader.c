/*
 * reader.c - the registry of input formats, detection, and the record
 * stream wrapper around a format's ops.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "input.h"
#include "reader.h"
#include "record.h"
#include "util.h"
#include "banned.h"

/* How much of the decoded head detection looks at. */
#define HEAD_MAX (64u * 1024)

static const struct cix_reader_ops *const readers[] = {
	&cix_reader_wos,
	&cix_reader_wostab,
	&cix_reader_mirror,
	NULL
};

struct cix_reader {
	const struct cix_reader_ops *ops;
	void *state;
	struct cix_input *in;
};

const struct cix_reader_ops *const *
cix_readers(void)
{
	return readers;
}

const struct cix_reader_ops *
cix_reader_find(const char *name)
{
	size_t i;

	if (name == NULL)
		return NULL;
	for (i = 0; readers[i] != NULL; i++)
		if (cix_strcasecmp(readers[i]->name, name) == 0)
			return readers[i];
	return NULL;
}

static int
has_prefix(const char *s, size_t len, const char *pre)
{
	size_t n = strlen(pre);

	return len >= n && memcmp(s, pre, n) == 0;
}

/* The first line of s[0..len) after blank lines: returns it, *n its length. */
static const char *
first_line(const char *s, size_t len, size_t *n)
{
	size_t i = 0, j;

	for (;;) {
		while (i < len && (s[i] == ' ' || s[i] == '\t'))
			i++;
		if (i < len && (s[i] == '\r' || s[i] == '\n')) {
			i++;
			continue;
		}
		break;
	}
	for (j = i; j < len && s[j] != '\r' && s[j] != '\n'; j++)
		;
	*n = j - i;
	return s + i;
}

/* Does line[0..n) contain word (case-sensitive)? */
static int
line_has(const char *line, size_t n, const char *word)
{
	size_t w = strlen(word), i;

	for (i = 0; i + w <= n; i++)
		if (memcmp(line + i, word, w) == 0)
			return 1;
	return 0;
}

/* Does s[0..n) contain word, ASCII case-insensitively? */
static int
has_nocase(const char *s, size_t n, const char *word)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (cix_startswith_nocase(s + i, n - i, word))
			return 1;
	return 0;
}

/*
 * Is the head mostly not text?  Control characters other than TAB, CR,
 * LF and FF, and U+FFFD (what undecodable UTF-16 turned into), count
 * against it.
 */
static int
looks_binary(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i, bad = 0, n = len > 4096 ? 4096 : len;

	for (i = 0; i < n; i++) {
		if (p[i] == 0)
			return 1;
		if (p[i] < 0x20 && p[i] != '\t' && p[i] != '\r' &&
		    p[i] != '\n' && p[i] != '\f')
			bad++;
		else if (p[i] == 0xEF && i + 2 < n && p[i + 1] == 0xBF &&
		    p[i + 2] == 0xBD)
			bad++;
	}
	return n > 0 && bad * 20 > n;
}

const char *
cix_reader_sniff(const char *head, size_t len)
{
	const char *l, *s = head;
	size_t n, i;

	if (len == 0)
		return "an empty file";
	/*
	 * Magic numbers, raw and as cix_input decodes them (the bytes are
	 * not UTF-8, so they arrive read as Windows-1252).
	 */
	if (has_prefix(s, len, "\xD0\xCF\x11\xE0") ||
	    has_prefix(s, len, "\xC3\x90\xC3\x8F\x11"))
		return "an Excel workbook (xls)";
	if (has_prefix(s, len, "PK\x03\x04")) {
		for (i = 0; i + 3 <= len && i < 4096; i++)
			if (memcmp(s + i, "xl/", 3) == 0)
				return "an Excel workbook (xlsx)";
		return "a ZIP archive";
	}
	if (has_prefix(s, len, "%PDF-"))
		return "a PDF file";
	if (has_prefix(s, len, "\x1F\xC2\x8B") ||
	    has_prefix(s, len, "\x1F\x8B"))
		return "a gzip-compressed file";
	if (looks_binary(s, len))
		return "binary data";
	l = first_line(s, len, &n);
	if (n == 0)
		return "an empty file";
	if (l[0] == '@') {
		for (i = 1; i < n && cix_isalpha((unsigned char)l[i]); i++)
			;
		for (; i < n && (l[i] == ' ' || l[i] == '\t'); i++)
			;
		if (i < n && (l[i] == '{' || l[i] == '('))
			return "BibTeX";
	}
	if (has_prefix(l, n, "TY  -"))
		return "RIS";
	if (has_prefix(l, n, "PMID-") || has_prefix(l, n, "PMID -"))
		return "PubMed/MEDLINE";
	if (n >= 3 && l[0] == '%' && cix_isalnum((unsigned char)l[1]) &&
	    l[2] == ' ')
		return "EndNote";
	if (l[0] == '<') {
		if (cix_startswith_nocase(l, n, "<!doctype html") ||
		    cix_startswith_nocase(l, n, "<html") ||
		    has_nocase(s, len > 4096 ? 4096 : len, "<html"))
			return "HTML";
		return "XML";
	}
	if (l[0] == '{' || l[0] == '[')
		return "JSON";
	if (has_prefix(l, n, "Authors,") || has_prefix(l, n, "\"Authors\"") ||
	    has_prefix(l, n, "Author full names") ||
	    (line_has(l, n, "Source title") && line_has(l, n, "EID")))
		return "a Scopus CSV export";
	if (memchr(l, '\t', n) != NULL)
		return "a tab-separated table";
	if (memchr(l, ',', n) != NULL && line_has(l, n, "\",\""))
		return "a CSV file";
	return "plain text";
}

int
cix_reader_open(struct cix_reader **out, struct cix_input *in,
    const char *format, const struct cix_reader_opts *opts,
    struct cix_error *err)
{
	static const struct cix_reader_opts noopts;
	const struct cix_reader_ops *ops = NULL;
	struct cix_reader *rd = NULL;
	const char *head, *what;
	size_t len, i;
	int rc, score, best = 0;

	*out = NULL;
	if (opts == NULL)
		opts = &noopts;
	if (format != NULL) {
		if ((ops = cix_reader_find(format)) == NULL) {
			rc = cix_error_set(err, CIX_EINVAL,
			    "unknown input format '%s'", format);
			goto out;
		}
	} else {
		if ((rc = cix_input_peek(in, &head, &len, HEAD_MAX, err)) < 0)
			goto out;
		for (i = 0; readers[i] != NULL; i++) {
			score = readers[i]->probe(head, len);
			if (score > best) {
				best = score;
				ops = readers[i];
			}
		}
		if (ops == NULL) {
			what = cix_reader_sniff(head, len);
			if (strcmp(what, "an empty file") == 0)
				rc = cix_error_set_at(err, CIX_EFORMAT,
				    cix_input_name(in), 0, "the file is empty, "
				    "not a Web of Science export");
			else
				rc = cix_error_set_at(err, CIX_EFORMAT,
				    cix_input_name(in), 0,
				    "looks like %s, not a Web of Science "
				    "export", what);
			goto out;
		}
	}
	if ((rd = calloc(1, sizeof(*rd))) == NULL) {
		rc = cix_error_set(err, CIX_ENOMEM, "out of memory");
		goto out;
	}
	rd->ops = ops;
	rd->in = in;
	if (opts->warn != NULL)
		cix_input_set_warn(in, opts->warn, opts->warn_ctx);
	if ((rc = ops->open(&rd->state, in, opts, err)) < 0) {
		rd->in = NULL;
		free(rd);
		rd = NULL;
		goto out;
	}
	*out = rd;
	rc = CIX_OK;
out:
	if (rc < 0)
		cix_input_free(in);
	return rc;
}

int
cix_reader_next(struct cix_reader *rd, struct cix_record *rec,
    struct cix_error *err)
{
	cix_record_reset(rec);
	return rd->ops->next(rd->state, rec, err);
}

const char *
cix_reader_format(const struct cix_reader *rd)
{
	return rd->ops->name;
}

struct cix_input *
cix_reader_input(struct cix_reader *rd)
{
	return rd->in;
}

void
cix_reader_free(struct cix_reader *rd)
{
	if (rd == NULL)
		return;
	if (rd->ops->close != NULL)
		rd->ops->close(rd->state);
	cix_input_free(rd->in);
	free(rd);
}
