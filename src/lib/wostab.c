/*
 * wostab.c - the Web of Science tab-delimited reader ("wos-tab").
 *
 * The header row names the columns; each further row is one record.  A
 * row is cut into fields, multi-valued columns are split into lines, and
 * the result goes through the same field mapping as the plain-text
 * format (wos_map() in wos.c).  See wos.h for the rules on quoting and
 * on rows whose length does not match the header.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "error.h"
#include "input.h"
#include "reader.h"
#include "record.h"
#include "util.h"
#include "wos.h"
#include "banned.h"

/* A quoted field may span at most this many lines. */
#define MAX_ROW_LINES 10000
#define ROW_CAP (128u * 1024 * 1024)

struct cell {
	size_t off;		/* in row (unquoted) or val (quoted) */
	size_t len;
	int quoted;
};

struct wostab {
	struct cix_input *in;
	struct wos_warn w;
	struct wos_fields f;
	char (*cols)[4];	/* column tags */
	size_t ncols;
	struct cix_buf row;	/* the row's text, lines joined by '\n' */
	struct cix_buf val;	/* unquoted values of quoted fields */
	struct cell *cells;
	size_t ncells;
	size_t cells_alloc;
};

static int
is_tagname(const char *s, size_t n)
{
	return n == 2 && wos_is_tag(s, n);
}

/* One header name: trimmed, quotes removed. */
static const char *
colname(const char *s, size_t *n)
{
	s = cix_trim(s, n);
	if (*n >= 2 && s[0] == '"' && s[*n - 1] == '"') {
		s++;
		*n -= 2;
	}
	return s;
}

static int
wostab_probe(const char *head, size_t len)
{
	size_t i = 0, j, k, n, cols = 0;
	const char *l, *c, *nm;

	while (i < len && (head[i] == '\r' || head[i] == '\n'))
		i++;
	l = head + i;
	for (n = 0; i + n < len && l[n] != '\r' && l[n] != '\n'; n++)
		;
	wos_skip_bom(&l, &n);
	for (i = 0; i < n; i = j + 1) {
		c = memchr(l + i, '\t', n - i);
		j = c ? (size_t)(c - l) : n;
		k = j - i;
		nm = colname(l + i, &k);
		if (k == 0 && c == NULL)
			break;		/* after a trailing TAB */
		if (!is_tagname(nm, k))
			return 0;
		if (cols == 0 && memcmp(nm, "PT", 2) != 0)
			return 0;
		cols++;
	}
	return cols >= 3 ? 100 : 0;
}

static void
wostab_close(void *state)
{
	struct wostab *s = state;

	if (s == NULL)
		return;
	wos_fields_release(&s->f);
	cix_buf_release(&s->row);
	cix_buf_release(&s->val);
	free(s->cols);
	free(s->cells);
	free(s);
}

static int
read_header(struct wostab *s, struct cix_error *err)
{
	const char *l, *c, *nm;
	size_t n, i, j, k, cap = 0, line;
	void *p;
	int rc;

	do {
		if ((rc = cix_input_line(s->in, &l, &n, err)) < 0)
			return rc;
		if (rc == 0)
			return cix_error_set_at(err, CIX_EFORMAT, s->w.file, 0,
			    "the file is empty, not a Web of Science "
			    "tab-delimited export");
		wos_skip_bom(&l, &n);
	} while (n == 0);
	line = cix_input_lineno(s->in);
	while (n > 0 && (l[n - 1] == '\t' || l[n - 1] == ' '))
		n--;
	for (i = 0; i <= n; i = j + 1) {
		c = memchr(l + i, '\t', n - i);
		j = c ? (size_t)(c - l) : n;
		k = j - i;
		nm = colname(l + i, &k);
		if (!is_tagname(nm, k))
			return cix_error_set_at(err, CIX_EFORMAT, s->w.file,
			    line, "not a Web of Science tab-delimited header: "
			    "column %zu is '%.*s', not a field tag",
			    s->ncols + 1, (int)(k > 40 ? 40 : k), nm);
		if (s->ncols == cap) {
			cap = cap ? cap * 2 : 80;
			if ((p = realloc(s->cols, cap * sizeof(*s->cols))) ==
			    NULL)
				return cix_error_set(err, CIX_ENOMEM,
				    "out of memory");
			s->cols = p;
		}
		memcpy(s->cols[s->ncols], nm, 2);
		s->cols[s->ncols][2] = '\0';
		s->ncols++;
	}
	return CIX_OK;
}

static int
wostab_open(void **state, struct cix_input *in,
    const struct cix_reader_opts *opts, struct cix_error *err)
{
	struct wostab *s;
	int rc;

	*state = NULL;
	if ((s = calloc(1, sizeof(*s))) == NULL)
		return cix_error_set(err, CIX_ENOMEM, "out of memory");
	s->in = in;
	s->w.fn = opts->warn;
	s->w.ctx = opts->warn_ctx;
	s->w.file = cix_input_name(in);
	wos_fields_init(&s->f);
	cix_buf_init(&s->row, ROW_CAP);
	cix_buf_init(&s->val, ROW_CAP);
	if ((rc = read_header(s, err)) < 0) {
		wostab_close(s);
		return rc;
	}
	*state = s;
	return CIX_OK;
}

static int
add_cell(struct wostab *s, size_t off, size_t len, int quoted)
{
	size_t na;
	void *p;

	if (s->ncells == s->cells_alloc) {
		na = s->cells_alloc ? s->cells_alloc * 2 : 128;
		if ((p = realloc(s->cells, na * sizeof(*s->cells))) == NULL)
			return CIX_ENOMEM;
		s->cells = p;
		s->cells_alloc = na;
	}
	s->cells[s->ncells].off = off;
	s->cells[s->ncells].len = len;
	s->cells[s->ncells].quoted = quoted;
	s->ncells++;
	return CIX_OK;
}

/*
 * Cut s->row into cells.  Returns CIX_OK, 1 when a quoted field is still
 * open at the end of the row (the caller appends the next line and calls
 * again), or a negative code.
 */
static int
cut_row(struct wostab *s)
{
	const char *r = s->row.p, *q, *t;
	size_t n = s->row.len, i = 0, j, start;
	int rc;

	s->ncells = 0;
	cix_buf_reset(&s->val);
	for (;;) {
		if (i < n && r[i] == '"') {
			/* a quoted field, if the closing quote ends it */
			start = s->val.len;
			j = i + 1;
			for (;;) {
				q = memchr(r + j, '"', n - j);
				if (q == NULL)
					break;
				if ((rc = cix_buf_add(&s->val, r + j,
				    (size_t)(q - (r + j)))) < 0)
					return rc;
				j = (size_t)(q - r) + 1;
				if (j < n && r[j] == '"') {
					if ((rc = cix_buf_addch(&s->val,
					    '"')) < 0)
						return rc;
					j++;
					continue;
				}
				break;
			}
			if (q == NULL) {
				/* no closing quote: more lines, if the row
				 * can still hold this field */
				if (s->ncells < s->ncols)
					return 1;
				cix_buf_setlen(&s->val, start);
			} else if (j == n || r[j] == '\t') {
				if ((rc = add_cell(s, start, s->val.len - start,
				    1)) < 0)
					return rc;
				if (j == n)
					return CIX_OK;
				i = j + 1;
				continue;
			} else {
				/* text after the closing quote: literal */
				cix_buf_setlen(&s->val, start);
			}
		}
		t = i < n ? memchr(r + i, '\t', n - i) : NULL;
		j = t ? (size_t)(t - r) : n;
		if ((rc = add_cell(s, i, j - i, 0)) < 0)
			return rc;
		if (t == NULL)
			return CIX_OK;
		i = j + 1;
	}
}

static int
is_list(const char *tag)
{
	static const char lists[][3] = {
		"AU", "AF", "BA", "BF", "BE", "CA", "GP", "CR"
	};
	size_t i;

	for (i = 0; i < sizeof(lists) / sizeof(lists[0]); i++)
		if (tag[0] == lists[i][0] && tag[1] == lists[i][1])
			return 1;
	return 0;
}

/* Add value v[0..n) of column tag as a field, split into lines. */
static int
add_value(struct wostab *s, const char *tag, const char *v, size_t n,
    size_t line)
{
	const char *e, *end, *item;
	size_t k;
	int rc, c1 = tag[0] == 'C' && tag[1] == '1', first = 1;

	v = cix_trim(v, &n);
	if (n == 0)
		return CIX_OK;
	if (!c1 && !is_list(tag))
		return wos_fields_add(&s->f, tag, v, n, line);
	end = v + n;
	/* C1 "[A; B] addr1; [C] addr2" splits before each "[" */
	c1 = c1 && v[0] == '[';
	while (v < end) {
		e = v;
		for (;;) {
			e = memchr(e, ';', (size_t)(end - e));
			if (e == NULL || (e + 1 < end && e[1] == ' ' &&
			    (!c1 || (e + 2 < end && e[2] == '['))))
				break;
			e++;
		}
		k = e ? (size_t)(e - v) : (size_t)(end - v);
		item = cix_trim(v, &k);
		if (first)
			rc = wos_fields_add(&s->f, tag, item, k, line);
		else
			rc = wos_fields_cont(&s->f, item, k);
		if (rc < 0)
			return rc;
		first = 0;
		v = e ? e + 2 : end;
	}
	return CIX_OK;
}

/* Read one row into cells: 1 a row, 0 the end, < 0 error. */
static int
read_row(struct wostab *s, size_t *line, struct cix_error *err)
{
	const char *l;
	size_t n, i, lines;
	int rc;

	for (;;) {
		if ((rc = cix_input_line(s->in, &l, &n, err)) <= 0)
			return rc;
		wos_skip_bom(&l, &n);
		for (i = 0; i < n && (l[i] == '\t' || l[i] == ' '); i++)
			;
		if (i < n)
			break;
	}
	*line = cix_input_lineno(s->in);
	cix_buf_reset(&s->row);
	if ((rc = cix_buf_add(&s->row, l, n)) < 0)
		goto big;
	for (lines = 1; (rc = cut_row(s)) == 1; lines++) {
		if (lines >= MAX_ROW_LINES)
			return cix_error_set_at(err, CIX_EPARSE, s->w.file,
			    *line, "quoted field does not end within %d lines",
			    MAX_ROW_LINES);
		if ((rc = cix_input_line(s->in, &l, &n, err)) < 0)
			return rc;
		if (rc == 0)
			return cix_error_set_at(err, CIX_EPARSE, s->w.file,
			    *line, "quoted field does not end before the end "
			    "of the input (truncated file?)");
		if ((rc = cix_buf_addch(&s->row, '\n')) < 0 ||
		    (rc = cix_buf_add(&s->row, l, n)) < 0)
			goto big;
	}
	if (rc < 0)
		goto big;
	return 1;
big:
	if (rc == CIX_ETOOBIG)
		return cix_error_set_at(err, rc, s->w.file, *line,
		    "row larger than %u bytes", ROW_CAP);
	return cix_error_set_at(err, rc, s->w.file, *line, "out of memory");
}

static int
wostab_next(void *state, struct cix_record *rec, struct cix_error *err)
{
	struct wostab *s = state;
	const struct cell *c;
	const char *v;
	size_t n, i, line = 0;
	int rc;

	do {
		wos_fields_reset(&s->f);
		if ((rc = read_row(s, &line, err)) <= 0)
			return rc;
		if (s->ncells < s->ncols)
			return cix_error_set_at(err, CIX_EPARSE, s->w.file,
			    line, "row has %zu fields, the header has %zu "
			    "(truncated file or a line break inside a "
			    "field?)", s->ncells, s->ncols);
		for (i = s->ncols; i < s->ncells; i++) {
			c = &s->cells[i];
			v = (c->quoted ? s->val.p : s->row.p) + c->off;
			n = c->len;
			v = cix_trim(v, &n);
			if (n > 0)
				return cix_error_set_at(err, CIX_EPARSE,
				    s->w.file, line, "row has %zu fields, "
				    "the header has %zu (a TAB inside a "
				    "field?)", s->ncells, s->ncols);
		}
		for (i = 0; i < s->ncols; i++) {
			c = &s->cells[i];
			v = (c->quoted ? s->val.p : s->row.p) + c->off;
			if ((rc = add_value(s, s->cols[i], v, c->len,
			    line)) < 0)
				return cix_error_set_at(err, rc, s->w.file,
				    line, rc == CIX_ETOOBIG ? "row too large" :
				    "out of memory");
		}
		if (s->f.n == 0)
			wos_warn(&s->w, line, "row with no fields, skipped");
	} while (s->f.n == 0);
	rec->origin = "wos-tab";
	rec->line = line;
	if ((rc = wos_map(rec, &s->f, &s->w, err)) < 0)
		return rc;
	return 1;
}

const struct cix_reader_ops cix_reader_wostab = {
	"wos-tab",
	"Web of Science tab-delimited (\"Tab delimited file\")",
	wostab_probe,
	wostab_open,
	wostab_next,
	wostab_close,
};
