/*
 * wos.c - the Web of Science plain-text reader, and the mapping from WoS
 * tagged fields to struct cix_record that the tab-delimited reader
 * (wostab.c) shares.  See wos.h for what is accepted.
 *
 * A record is read line by line into struct wos_fields (its tags and
 * their values, lines joined with '\n', in one buffer), then mapped in
 * two passes: the first fills the scalar fields and keeps everything
 * unknown in rec->extra, in order; the second, once the authors exist,
 * links affiliations (C1) and identifiers (OI, RI) to them by name.
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "doi.h"
#include "error.h"
#include "input.h"
#include "reader.h"
#include "record.h"
#include "util.h"
#include "wos.h"
#include "banned.h"

/* The largest record (all of its text) a reader accepts. */
#define WOS_RECORD_CAP (128u * 1024 * 1024)
/* Lines longer than this in AB/FX are paragraphs, not wrapped text. */
#define WRAP_WIDTH 90

/* ------------------------------------------------------------------ */
/* fields and warnings */

void
wos_fields_init(struct wos_fields *f)
{
	memset(f, 0, sizeof(*f));
	cix_buf_init(&f->text, WOS_RECORD_CAP);
	cix_buf_init(&f->tmp, WOS_RECORD_CAP);
}

void
wos_fields_reset(struct wos_fields *f)
{
	cix_buf_reset(&f->text);
	f->n = 0;
}

void
wos_fields_release(struct wos_fields *f)
{
	cix_buf_release(&f->text);
	cix_buf_release(&f->tmp);
	free(f->v);
	free(f->sa);
	free(f->sb);
	memset(f, 0, sizeof(*f));
}

int
wos_fields_add(struct wos_fields *f, const char *tag, const char *s,
    size_t len, size_t line)
{
	struct wos_field *fd;
	size_t na;
	void *p;
	int rc;

	if (f->n == f->alloc) {
		na = f->alloc ? f->alloc * 2 : 64;
		if ((p = realloc(f->v, na * sizeof(*f->v))) == NULL)
			return CIX_ENOMEM;
		f->v = p;
		f->alloc = na;
	}
	fd = &f->v[f->n];
	memset(fd->tag, 0, sizeof(fd->tag));
	memcpy(fd->tag, tag, strnlen(tag, sizeof(fd->tag) - 1));
	fd->off = f->text.len;
	fd->len = len;
	fd->line = line;
	if ((rc = cix_buf_add(&f->text, s, len)) < 0)
		return rc;
	f->n++;
	return CIX_OK;
}

int
wos_fields_cont(struct wos_fields *f, const char *s, size_t len)
{
	struct wos_field *fd = &f->v[f->n - 1];
	int rc;

	if (fd->len > 0 && (rc = cix_buf_addch(&f->text, '\n')) < 0)
		return rc;
	if ((rc = cix_buf_add(&f->text, s, len)) < 0)
		return rc;
	fd->len = f->text.len - fd->off;
	return CIX_OK;
}

void
wos_warn(struct wos_warn *w, size_t line, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	if (w->fn == NULL || w->count > WOS_MAXWARN)
		return;
	if (w->count++ == WOS_MAXWARN) {
		w->fn(w->ctx, w->file, line,
		    "too many warnings, not reporting more");
		return;
	}
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	w->fn(w->ctx, w->file, line, msg);
}

/* ------------------------------------------------------------------ */
/* small parsers */

static const char *
trim(const char *s, size_t *n)
{
	return cix_trim(s, n);
}

/* The next '\n'-separated line of s[*i..len), trimmed; 0 at the end. */
static int
next_line(const char *s, size_t len, size_t *i, struct wos_span *out)
{
	const char *e;
	size_t n;

	while (*i < len) {
		e = memchr(s + *i, '\n', len - *i);
		n = e ? (size_t)(e - (s + *i)) : len - *i;
		out->p = s + *i;
		out->n = n;
		*i += n + (e != NULL);
		out->p = trim(out->p, &out->n);
		if (out->n > 0)
			return 1;
	}
	return 0;
}

/* The next sep-separated item of s[*i..len), trimmed; 0 at the end. */
static int
next_item(const char *s, size_t len, size_t *i, int sep, struct wos_span *out)
{
	const char *e;
	size_t n;

	while (*i < len) {
		e = memchr(s + *i, sep, len - *i);
		n = e ? (size_t)(e - (s + *i)) : len - *i;
		out->p = s + *i;
		out->n = n;
		*i += n + (e != NULL);
		out->p = trim(out->p, &out->n);
		if (out->n > 0)
			return 1;
	}
	return 0;
}

static const char *const months[] = {
	"JAN", "FEB", "MAR", "APR", "MAY", "JUN",
	"JUL", "AUG", "SEP", "OCT", "NOV", "DEC"
};

/* Month of a word: 1-12 for a month name, a season's month, or 0. */
static int
month_word(const char *s, size_t n)
{
	int m;

	if (n < 3)
		return 0;
	for (m = 0; m < 12; m++)
		if (cix_startswith_nocase(s, n, months[m]))
			return m + 1;
	if (cix_startswith_nocase(s, n, "WIN"))
		return 1;
	if (cix_startswith_nocase(s, n, "SPR"))
		return 4;
	if (cix_startswith_nocase(s, n, "SUM"))
		return 7;
	if (cix_startswith_nocase(s, n, "FAL") ||
	    cix_startswith_nocase(s, n, "AUT"))
		return 10;
	return 0;
}

void
wos_parse_pd(const char *s, size_t len, int *month, int *day)
{
	size_t i = 0, j, words = 0;
	long v, before = -1, after = -1;
	int m = 0;

	*month = 0;
	*day = 0;
	while (i < len && s[i] != '(') {
		if (!cix_isalnum((unsigned char)s[i])) {
			i++;
			continue;
		}
		for (j = i; j < len && cix_isalnum((unsigned char)s[j]); j++)
			;
		if (cix_isdigit((unsigned char)s[i])) {
			v = cix_leading_number(s + i, j - i);
			if (j - i <= 2 && v >= 1 && v <= 31) {
				words++;
				if (m == 0 && before < 0)
					before = v;
				else if (m != 0 && after < 0)
					after = v;
			}
		} else {
			words++;
			if (m == 0)
				m = month_word(s + i, j - i);
		}
		i = j;
	}
	if (m == 0) {
		/* SciELO gives the month as a bare number: "10" */
		if (words == 1 && before >= 1 && before <= 12)
			*month = (int)before;
		return;
	}
	*month = m;
	if (after > 0)
		*day = (int)after;
	else if (before > 0)
		*day = (int)before;
}

int
wos_find_year(const char *s, size_t len)
{
	size_t i = 0, j;
	long v;

	while (i < len) {
		if (!cix_isdigit((unsigned char)s[i])) {
			i++;
			continue;
		}
		for (j = i; j < len && cix_isdigit((unsigned char)s[j]); j++)
			;
		if (j - i == 4) {
			v = cix_leading_number(s + i, 4);
			if (v >= 1000 && v <= 2999)
				return (int)v;
		}
		i = j;
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* the field table */

enum kind {
	K_EXTRA = 0,
	K_STR,		/* a string field, wrapped lines joined by a space */
	K_TEXT,		/* AB, FX: wrapped lines or paragraphs */
	K_PD,
	K_PY,
	K_DI,
	K_TC,
	K_Z9,
	K_NR,
	K_PG,
	K_AU,
	K_AF,
	K_BA,
	K_BF,
	K_BE,
	K_CA,
	K_GP,
	K_C1,
	K_OI,
	K_RI,
	K_DE,
	K_ID,
	K_CR
};

#define T(a, b) ((unsigned)(unsigned char)(a) << 8 | (unsigned char)(b))
#define F(x) offsetof(struct cix_record, x)

static int
lookup(const char *tag, size_t *off)
{
	*off = 0;
	switch (T(tag[0], tag[1])) {
	case T('P', 'T'): *off = F(pubtype); return K_STR;
	case T('D', 'T'): *off = F(doctype); return K_STR;
	case T('T', 'I'): *off = F(title); return K_STR;
	case T('S', 'O'): *off = F(source); return K_STR;
	case T('J', '9'): *off = F(source_abbrev); return K_STR;
	case T('J', 'I'): *off = F(source_iso); return K_STR;
	case T('S', 'E'): *off = F(series); return K_STR;
	case T('L', 'A'): *off = F(language); return K_STR;
	case T('R', 'P'): *off = F(reprint); return K_STR;
	case T('E', 'M'): *off = F(emails); return K_STR;
	case T('F', 'U'): *off = F(funding); return K_STR;
	case T('P', 'U'): *off = F(publisher); return K_STR;
	case T('P', 'I'): *off = F(publisher_city); return K_STR;
	case T('P', 'A'): *off = F(publisher_addr); return K_STR;
	case T('S', 'N'): *off = F(issn); return K_STR;
	case T('E', 'I'): *off = F(eissn); return K_STR;
	case T('B', 'N'): *off = F(isbn); return K_STR;
	case T('E', 'A'): *off = F(early_access); return K_STR;
	case T('V', 'L'): *off = F(volume); return K_STR;
	case T('I', 'S'): *off = F(issue); return K_STR;
	case T('P', 'N'): *off = F(part); return K_STR;
	case T('S', 'U'): *off = F(supplement); return K_STR;
	case T('S', 'I'): *off = F(special_issue); return K_STR;
	case T('B', 'P'): *off = F(first_page); return K_STR;
	case T('E', 'P'): *off = F(last_page); return K_STR;
	case T('A', 'R'): *off = F(article_no); return K_STR;
	case T('U', 'T'): *off = F(ut); return K_STR;
	case T('P', 'M'): *off = F(pmid); return K_STR;
	case T('D', 'A'): *off = F(export_date); return K_STR;
	case T('C', 'T'): *off = F(conference); return K_STR;
	case T('C', 'Y'): *off = F(conf_date); return K_STR;
	case T('C', 'L'): *off = F(conf_place); return K_STR;
	case T('W', 'C'): *off = F(subjects); return K_STR;
	case T('S', 'C'): *off = F(research_areas); return K_STR;
	case T('A', 'B'): *off = F(abstract); return K_TEXT;
	case T('F', 'X'): *off = F(funding_text); return K_TEXT;
	case T('P', 'D'): *off = F(pubdate); return K_PD;
	case T('P', 'Y'): return K_PY;
	case T('D', 'I'): return K_DI;
	case T('T', 'C'): return K_TC;
	case T('Z', '9'): return K_Z9;
	case T('N', 'R'): return K_NR;
	case T('P', 'G'): return K_PG;
	case T('A', 'U'): return K_AU;
	case T('A', 'F'): return K_AF;
	case T('B', 'A'): return K_BA;
	case T('B', 'F'): return K_BF;
	case T('B', 'E'): return K_BE;
	case T('C', 'A'): return K_CA;
	case T('G', 'P'): return K_GP;
	case T('C', '1'): return K_C1;
	case T('O', 'I'): return K_OI;
	case T('R', 'I'): return K_RI;
	case T('D', 'E'): return K_DE;
	case T('I', 'D'): return K_ID;
	case T('C', 'R'): return K_CR;
	}
	return K_EXTRA;
}

#undef T

/* ------------------------------------------------------------------ */
/* mapping */

struct akey {
	const char *full;	/* key form of the full name (or abbrev) */
	const char *abbr;	/* key form of the abbreviated name */
	const char *fam;	/* key form of the family name */
	int init;		/* first letter of the given name, upper case */
};

struct map {
	struct cix_record *r;
	struct wos_fields *f;
	struct cix_buf *tmp;	/* f->tmp */
	struct akey *keys;	/* per author, made on first use */
	int oom;
};

static const char **
strfield(struct cix_record *r, size_t off)
{
	return (const char **)(void *)((char *)r + off);
}

/* Copy s[0..n) trimmed into the arena with '\n' turned into sep. */
static int
copy_join(struct cix_record *r, const char **dst, const char *s, size_t n,
    char sep)
{
	char *p, *q, *end;

	s = trim(s, &n);
	if (n == 0) {
		*dst = NULL;
		return CIX_OK;
	}
	if ((p = cix_arena_alloc(&r->arena, n + 1)) == NULL)
		return CIX_ENOMEM;
	memcpy(p, s, n);
	p[n] = '\0';
	end = p + n;
	for (q = p; (q = memchr(q, '\n', (size_t)(end - q))) != NULL; q++)
		*q = sep;
	*dst = p;
	return CIX_OK;
}

static int
extra(struct map *m, const struct wos_field *fd, const char *v, size_t n)
{
	return cix_record_add_extra(m->r, fd->tag, v, n);
}

/* Longest line of s[0..n). */
static size_t
longest_line(const char *s, size_t n)
{
	const char *e, *end = s + n;
	size_t best = 0;

	while (s < end) {
		e = memchr(s, '\n', (size_t)(end - s));
		if (e == NULL)
			e = end;
		if ((size_t)(e - s) > best)
			best = (size_t)(e - s);
		s = e + 1;
	}
	return best;
}

/* Join the lines of v with spaces into m->tmp. */
static int
join_tmp(struct map *m, const char *v, size_t n)
{
	struct wos_span sp;
	size_t i = 0;
	int rc;

	cix_buf_reset(m->tmp);
	while (next_line(v, n, &i, &sp)) {
		if (m->tmp->len > 0 && (rc = cix_buf_addch(m->tmp, ' ')) < 0)
			return rc;
		if ((rc = cix_buf_add(m->tmp, sp.p, sp.n)) < 0)
			return rc;
	}
	return CIX_OK;
}

/* DE, ID: wrapped lines joined, then split on ';'. */
static int
keywords(struct map *m, struct cix_strlist *l, const char *v, size_t n)
{
	struct wos_span sp;
	size_t i = 0;
	int rc;

	if ((rc = join_tmp(m, v, n)) < 0)
		return rc;
	while (next_item(m->tmp->p, m->tmp->len, &i, ';', &sp))
		if ((rc = cix_record_add_str(m->r, l, sp.p, sp.n)) < 0)
			return rc;
	return CIX_OK;
}

static int
number(const char *v, size_t n, long *out)
{
	v = trim(v, &n);
	return cix_parse_long(v, n, out) == CIX_OK && *out >= 0;
}

/* Pass 1: every field but the people, C1, OI and RI. */
static int
map_field(struct map *m, const struct wos_field *fd, int kind, size_t off,
    const struct wos_field **people)
{
	struct cix_record *r = m->r;
	const char *v = m->f->text.p + fd->off, **dst;
	size_t n = fd->len, i;
	struct wos_span sp;
	long num;
	int rc;

	switch (kind) {
	case K_STR:
	case K_TEXT:
	case K_PD:
		dst = strfield(r, off);
		if (*dst != NULL)
			return extra(m, fd, v, n);
		rc = copy_join(r, dst, v, n, kind == K_TEXT &&
		    longest_line(v, n) > WRAP_WIDTH ? '\n' : ' ');
		if (rc < 0 || kind != K_PD || *dst == NULL)
			return rc;
		wos_parse_pd(*dst, strlen(*dst), &r->month, &r->day);
		return CIX_OK;
	case K_PY:
		if (r->year == 0 && number(v, n, &num) && num > 0 &&
		    num < 10000) {
			r->year = (int)num;
			return CIX_OK;
		}
		return extra(m, fd, v, n);
	case K_TC:
		if (r->times_cited < 0 && number(v, n, &num)) {
			r->times_cited = num;
			return CIX_OK;
		}
		return extra(m, fd, v, n);
	case K_Z9:
		if (r->times_cited_all < 0 && number(v, n, &num)) {
			r->times_cited_all = num;
			return CIX_OK;
		}
		return extra(m, fd, v, n);
	case K_NR:
		if (r->nr < 0 && number(v, n, &num) && num <= 0x7fffffff) {
			r->nr = (int)num;
			return CIX_OK;
		}
		return extra(m, fd, v, n);
	case K_PG:
		if (r->page_count == 0 && number(v, n, &num) &&
		    num <= 0x7fffffff) {
			r->page_count = (int)num;
			return CIX_OK;
		}
		return extra(m, fd, v, n);
	case K_DI:
		cix_buf_reset(m->tmp);
		if (r->doi == NULL &&
		    cix_doi_normalise(m->tmp, v, n) == CIX_OK)
			return cix_record_str(r, &r->doi, m->tmp->p,
			    m->tmp->len);
		return extra(m, fd, v, n);
	case K_DE:
		return keywords(m, &r->kw_author, v, n);
	case K_ID:
		return keywords(m, &r->kw_plus, v, n);
	case K_CR:
		i = 0;
		while (next_line(v, n, &i, &sp))
			if ((rc = cix_record_add_ref(r, sp.p, sp.n, NULL)) < 0)
				return rc;
		return CIX_OK;
	case K_AU: case K_AF: case K_BA: case K_BF: case K_BE: case K_CA:
	case K_GP:
		if (people[kind] != NULL)
			return extra(m, fd, v, n);
		people[kind] = fd;
		return CIX_OK;
	case K_C1:
		return CIX_OK;
	case K_OI:
	case K_RI:
	default:
		return extra(m, fd, v, n);
	}
}

/* Fill family/given from a name "Family, Given" (or a bare name). */
static int
split_name(struct cix_record *r, struct cix_author *a, const char *s,
    size_t n)
{
	const char *c;
	size_t fn, gn;
	int rc;

	s = trim(s, &n);
	if (n >= 2 && s[0] == '[' && s[n - 1] == ']') {
		/* "[Anonymous]" */
		a->corporate = 1;
		return cix_record_str(r, &a->family, s, n);
	}
	if ((c = memchr(s, ',', n)) == NULL)
		return cix_record_str(r, &a->family, s, n);
	fn = (size_t)(c - s);
	gn = n - fn - 1;
	s = trim(s, &fn);
	if ((rc = cix_record_str(r, &a->family, s, fn)) < 0)
		return rc;
	c = trim(c + 1, &gn);
	return cix_record_str(r, &a->given, c, gn);
}

/* Split the lines of fd into spans (m->f scratch arrays). */
static int
spans(struct map *m, const struct wos_field *fd, struct wos_span **v,
    size_t *nv, size_t *alloc)
{
	struct wos_span sp;
	size_t i = 0, na;
	void *p;

	*nv = 0;
	if (fd == NULL)
		return CIX_OK;
	while (next_line(m->f->text.p + fd->off, fd->len, &i, &sp)) {
		if (*nv == *alloc) {
			na = *alloc ? *alloc * 2 : 32;
			if ((p = realloc(*v, na * sizeof(**v))) == NULL)
				return CIX_ENOMEM;
			*v = p;
			*alloc = na;
		}
		(*v)[(*nv)++] = sp;
	}
	return CIX_OK;
}

/* Authors from an abbreviated and a full list paired by position. */
static int
people(struct map *m, const struct wos_field *ab, const struct wos_field *fl,
    int role)
{
	struct cix_record *r = m->r;
	struct cix_author *a;
	struct wos_span *va, *vf, *nm;
	size_t na = 0, nf = 0, i;
	int rc;

	if ((rc = spans(m, ab, &m->f->sa, &na, &m->f->sa_alloc)) < 0 ||
	    (rc = spans(m, fl, &m->f->sb, &nf, &m->f->sb_alloc)) < 0)
		return rc;
	va = m->f->sa;
	vf = m->f->sb;
	for (i = 0; i < na || i < nf; i++) {
		if ((rc = cix_record_add_author(r, &a)) < 0)
			return rc;
		a->role = role;
		if (i < na && (rc = cix_record_str(r, &a->abbrev, va[i].p,
		    va[i].n)) < 0)
			return rc;
		if (i < nf && (rc = cix_record_str(r, &a->full, vf[i].p,
		    vf[i].n)) < 0)
			return rc;
		nm = i < nf ? &vf[i] : &va[i];
		if ((rc = split_name(r, a, nm->p, nm->n)) < 0)
			return rc;
	}
	return CIX_OK;
}

/* Group authors (CA, GP): one organisation per line. */
static int
groups(struct map *m, const struct wos_field *fd)
{
	struct cix_author *a;
	struct wos_span sp;
	size_t i = 0;
	int rc;

	if (fd == NULL)
		return CIX_OK;
	while (next_line(m->f->text.p + fd->off, fd->len, &i, &sp)) {
		if ((rc = cix_record_add_author(m->r, &a)) < 0)
			return rc;
		a->role = CIX_ROLE_GROUP;
		a->corporate = 1;
		if ((rc = cix_record_str(m->r, &a->family, sp.p, sp.n)) < 0)
			return rc;
		a->full = a->family;
	}
	return CIX_OK;
}

/* The key form of s[0..n) in the arena ("" when it has no letters). */
static const char *
key(struct map *m, const char *s, size_t n)
{
	const char *k;

	cix_buf_reset(m->tmp);
	if (s == NULL || cix_keyform(m->tmp, s, n) < 0) {
		m->oom = 1;
		return "";
	}
	k = cix_arena_strndup(&m->r->arena, m->tmp->p, m->tmp->len);
	if (k == NULL) {
		m->oom = 1;
		return "";
	}
	return k;
}

static int
make_keys(struct map *m)
{
	struct cix_record *r = m->r;
	const struct cix_author *a;
	size_t i;

	if (m->keys != NULL || r->nauthors == 0)
		return CIX_OK;
	m->keys = calloc(r->nauthors, sizeof(*m->keys));
	if (m->keys == NULL)
		return CIX_ENOMEM;
	for (i = 0; i < r->nauthors; i++) {
		a = &r->authors[i];
		if (a->role == CIX_ROLE_GROUP)
			continue;
		m->keys[i].full = a->full ? key(m, a->full, strlen(a->full)) :
		    NULL;
		m->keys[i].abbr = a->abbrev ?
		    key(m, a->abbrev, strlen(a->abbrev)) : NULL;
		m->keys[i].fam = a->family ?
		    key(m, a->family, strlen(a->family)) : NULL;
		m->keys[i].init = a->given ?
		    cix_toupper((unsigned char)a->given[0]) : 0;
	}
	return m->oom ? CIX_ENOMEM : CIX_OK;
}

/*
 * The author named s[0..n), or -1 when no author or several match.
 * Tried in turn: the key form of the full name, of the abbreviated name,
 * and (loose) family name plus first initial; authors before editors.
 */
static long
find_author(struct map *m, const char *s, size_t n, int loose)
{
	struct cix_record *r = m->r;
	const struct akey *k;
	const char *nk, *c, *fk = NULL;
	size_t i, fn;
	long hit;
	int level, pass, cnt, init = 0;

	if (make_keys(m) < 0 || r->nauthors == 0)
		return -1;
	nk = key(m, s, n);
	if (nk[0] == '\0')
		return -1;
	for (level = 0; level < (loose ? 3 : 2); level++) {
		if (level == 2) {
			if ((c = memchr(s, ',', n)) == NULL)
				return -1;
			fn = (size_t)(c - s);
			fk = key(m, s, fn);
			for (c++; c < s + n && *c == ' '; c++)
				;
			init = c < s + n ? cix_toupper((unsigned char)*c) : 0;
			if (fk[0] == '\0' || init == 0)
				return -1;
		}
		for (pass = 0; pass < 2; pass++) {
			cnt = 0;
			hit = -1;
			for (i = 0; i < r->nauthors; i++) {
				if (r->authors[i].role == CIX_ROLE_GROUP ||
				    (r->authors[i].role == CIX_ROLE_AUTHOR) ==
				    pass)
					continue;
				k = &m->keys[i];
				if ((level == 0 && k->full != NULL &&
				    strcmp(k->full, nk) == 0) ||
				    (level == 1 && k->abbr != NULL &&
				    strcmp(k->abbr, nk) == 0) ||
				    (level == 2 && k->fam != NULL &&
				    strcmp(k->fam, fk) == 0 &&
				    k->init == init)) {
					cnt++;
					hit = (long)i;
				}
			}
			if (cnt == 1)
				return hit;
			if (cnt > 1)
				return -1;
		}
	}
	return -1;
}

/* One C1 line: "[A; B] address" or just "address". */
static int
affil(struct map *m, const char *s, size_t n)
{
	const char *close, *addr;
	struct wos_span sp;
	size_t idx, i, an, bn;
	long au;
	int rc;

	/* add_affil takes C strings: copy the line into the arena */
	if ((rc = copy_join(m->r, &addr, s, n, ' ')) < 0 || addr == NULL)
		return rc;
	close = addr[0] == '[' ? strchr(addr, ']') : NULL;
	if (close == NULL)
		return cix_record_add_affil(m->r, addr, addr, NULL);
	if ((rc = cix_record_add_affil(m->r, close + 1, addr, &idx)) < 0)
		return rc;
	bn = (size_t)(close - addr) - 1;
	i = 0;
	an = bn;
	while (next_item(addr + 1, an, &i, ';', &sp)) {
		au = find_author(m, sp.p, sp.n, 0);
		if (m->oom)
			return CIX_ENOMEM;
		if (au >= 0 && (rc = cix_record_link_affil(m->r, (size_t)au,
		    idx)) < 0)
			return rc;
	}
	return CIX_OK;
}

/* OI / RI: "Family, Given/ID; ..." sets orcid or rid by name. */
static int
identifiers(struct map *m, const char *v, size_t n, int orcid)
{
	struct cix_author *a;
	struct wos_span sp;
	const char *slash, **dst, *id;
	size_t i = 0, nn, idn;
	long au;
	int rc;

	if ((rc = join_tmp(m, v, n)) < 0)
		return rc;
	/* find_author() reuses tmp: keep the joined list in the arena */
	if ((rc = cix_record_str(m->r, &v, m->tmp->p, m->tmp->len)) < 0 ||
	    v == NULL)
		return rc;
	n = strlen(v);
	while (next_item(v, n, &i, ';', &sp)) {
		for (slash = sp.p + sp.n; slash > sp.p && slash[-1] != '/';
		    slash--)
			;
		if (slash == sp.p)
			continue;
		nn = (size_t)(slash - 1 - sp.p);
		id = slash;
		idn = sp.n - nn - 1;
		id = trim(id, &idn);
		if (idn == 0 || nn == 0)
			continue;
		au = find_author(m, sp.p, nn, 1);
		if (m->oom)
			return CIX_ENOMEM;
		if (au < 0)
			continue;
		a = &m->r->authors[au];
		dst = orcid ? &a->orcid : &a->rid;
		if (*dst == NULL &&
		    (rc = cix_record_str(m->r, dst, id, idn)) < 0)
			return rc;
	}
	return CIX_OK;
}

/* Pass 2: C1, OI, RI, once the authors are known. */
static int
link_fields(struct map *m)
{
	const struct wos_field *fd;
	const char *v;
	struct wos_span sp;
	size_t i, j;
	int kind, rc;

	for (i = 0; i < m->f->n; i++) {
		fd = &m->f->v[i];
		kind = lookup(fd->tag, &j);
		v = m->f->text.p + fd->off;
		switch (kind) {
		case K_C1:
			j = 0;
			while (next_line(v, fd->len, &j, &sp))
				if ((rc = affil(m, sp.p, sp.n)) < 0)
					return rc;
			break;
		case K_OI:
		case K_RI:
			if ((rc = identifiers(m, v, fd->len,
			    kind == K_OI)) < 0)
				return rc;
			break;
		}
	}
	return CIX_OK;
}

int
wos_map(struct cix_record *rec, struct wos_fields *f, struct wos_warn *w,
    struct cix_error *err)
{
	const struct wos_field *pp[K_CR + 1] = { NULL };
	struct map m;
	size_t i, off;
	int rc = CIX_OK, kind;

	memset(&m, 0, sizeof(m));
	m.r = rec;
	m.f = f;
	m.tmp = &f->tmp;
	for (i = 0; i < f->n; i++) {
		kind = lookup(f->v[i].tag, &off);
		if ((rc = map_field(&m, &f->v[i], kind, off, pp)) < 0)
			goto out;
	}
	if ((rc = people(&m, pp[K_AU], pp[K_AF], CIX_ROLE_AUTHOR)) < 0 ||
	    (rc = groups(&m, pp[K_CA])) < 0 ||
	    (rc = groups(&m, pp[K_GP])) < 0 ||
	    (rc = people(&m, pp[K_BA], pp[K_BF], CIX_ROLE_BOOK_AUTHOR)) < 0 ||
	    (rc = people(&m, NULL, pp[K_BE], CIX_ROLE_EDITOR)) < 0)
		goto out;
	if ((rc = link_fields(&m)) < 0)
		goto out;
	/* early access records have no PY */
	for (i = 0; rec->year == 0 && i < f->n; i++)
		if (strcmp(f->v[i].tag, "EY") == 0)
			rec->year = wos_find_year(f->text.p + f->v[i].off,
			    f->v[i].len);
	if (rec->year == 0 && rec->early_access != NULL)
		rec->year = wos_find_year(rec->early_access,
		    strlen(rec->early_access));
	if (rec->year == 0 && rec->pubdate != NULL)
		rec->year = wos_find_year(rec->pubdate, strlen(rec->pubdate));
	cix_record_guess_type(rec);
out:
	if (rc < 0)
		rc = cix_error_set_at(err, rc, w->file, rec->line,
		    rc == CIX_ETOOBIG ? "record too large" : "out of memory");
	free(m.keys);
	return rc;
}

/* ------------------------------------------------------------------ */
/* plain text */

struct wos {
	struct cix_input *in;
	struct wos_warn w;
	struct wos_fields f;
	const char *what;	/* cix_reader_sniff() of the head */
	int tags;		/* a tag line was seen */
};

static int
is_header(const char *l, size_t n)
{
	return n >= 2 && ((l[0] == 'F' && l[1] == 'N') ||
	    (l[0] == 'V' && l[1] == 'R') || (l[0] == 'E' && l[1] == 'F'));
}

static int
wos_probe(const char *head, size_t len)
{
	size_t i = 0, n, lines = 0, tags = 0;
	const char *l;
	int first = 0;

	while (i < len && lines < 8) {
		l = head + i;
		for (n = 0; i + n < len && l[n] != '\n' && l[n] != '\r'; n++)
			;
		i += n + 1;
		wos_skip_bom(&l, &n);
		while (n > 0 && (l[n - 1] == ' ' || l[n - 1] == '\t'))
			n--;
		if (n == 0)
			continue;
		lines++;
		if (wos_is_tag(l, n)) {
			tags++;
			if (lines == 1 && n > 3 && (memcmp(l, "FN ", 3) == 0 ||
			    memcmp(l, "VR ", 3) == 0))
				first = 2;
			else if (lines == 1 && n > 3 &&
			    memcmp(l, "PT ", 3) == 0)
				first = 1;
		} else if (l[0] != ' ') {
			break;
		}
	}
	if (first == 2)
		return 95;
	if (first == 1)
		return tags >= 2 ? 90 : 60;
	return 0;
}

static int
wos_open(void **state, struct cix_input *in,
    const struct cix_reader_opts *opts, struct cix_error *err)
{
	struct wos *s;
	const char *head;
	size_t len;
	int rc;

	*state = NULL;
	/* what the input looks like, should it hold no WoS tag at all */
	if ((rc = cix_input_peek(in, &head, &len, 64 * 1024, err)) < 0)
		return rc;
	if ((s = calloc(1, sizeof(*s))) == NULL)
		return cix_error_set(err, CIX_ENOMEM, "out of memory");
	s->what = cix_reader_sniff(head, len);
	s->in = in;
	s->w.fn = opts->warn;
	s->w.ctx = opts->warn_ctx;
	s->w.file = cix_input_name(in);
	wos_fields_init(&s->f);
	*state = s;
	return CIX_OK;
}

static void
wos_close(void *state)
{
	struct wos *s = state;

	if (s == NULL)
		return;
	wos_fields_release(&s->f);
	free(s);
}

/* The end of an input without a single tag line. */
static int
no_tags(struct wos *s, struct cix_error *err)
{
	if (cix_input_lineno(s->in) == 0 ||
	    strcmp(s->what, "an empty file") == 0)
		return cix_error_set_at(err, CIX_EFORMAT, s->w.file, 0,
		    "the file is empty, not a Web of Science export");
	return cix_error_set_at(err, CIX_EFORMAT, s->w.file, 0,
	    "looks like %s, not a Web of Science export", s->what);
}

/* A record is complete: 1 mapped, 0 empty (skipped), < 0 error. */
static int
finish(struct wos *s, struct cix_record *rec, size_t line,
    struct cix_error *err)
{
	size_t i, real = 0;
	int rc;

	for (i = 0; i < s->f.n; i++)
		if (s->f.v[i].tag[1] != '\0' &&
		    strcmp(s->f.v[i].tag, "PT") != 0)
			real++;
	if (real == 0) {
		wos_warn(&s->w, line, "record with no fields, skipped");
		wos_fields_reset(&s->f);
		return 0;
	}
	rec->origin = "wos";
	rec->line = line;
	if ((rc = wos_map(rec, &s->f, &s->w, err)) < 0)
		return rc;
	return 1;
}

/* "EF" glued to a tag line: skip the EF (and a BOM). */
static int
unglue(const char **l, size_t *n)
{
	const char *r;
	size_t rn;

	if (*n <= 2 || (*l)[0] != 'E' || (*l)[1] != 'F' || (*l)[2] == ' ')
		return 0;
	r = *l + 2;
	rn = *n - 2;
	wos_skip_bom(&r, &rn);
	if (!wos_is_tag(r, rn))
		return 0;
	*l = r;
	*n = rn;
	return 1;
}

static int
wos_next(void *state, struct cix_record *rec, struct cix_error *err)
{
	struct wos *s = state;
	const char *l;
	size_t n, start = 0, lineno;
	int rc, inrec = 0;
	char tag[3];

	wos_fields_reset(&s->f);
	for (;;) {
		rc = cix_input_line(s->in, &l, &n, err);
		if (rc < 0)
			return rc;
		if (rc == 0) {
			if (!inrec && !s->tags)
				return no_tags(s, err);
			if (!inrec)
				return 0;
			wos_warn(&s->w, cix_input_lineno(s->in),
			    "record at line %zu has no ER at the end of the "
			    "input (truncated file?)", start);
			if ((rc = finish(s, rec, start, err)) != 0)
				return rc;
			return 0;
		}
		lineno = cix_input_lineno(s->in);
		wos_skip_bom(&l, &n);
		while (n > 0 && (l[n - 1] == ' ' || l[n - 1] == '\t'))
			n--;
		if (n == 0)
			continue;
		/*
		 * `cat a.txt b.txt' of exports that end in "EF" without a
		 * newline glues the next header to it: "EF<BOM>FN ...".
		 */
		if (!inrec && unglue(&l, &n))
			s->tags = 1;
		if (l[0] == ' ' || l[0] == '\t') {
			if (!inrec) {
				wos_warn(&s->w, lineno,
				    "continuation line outside a record, "
				    "ignored");
				continue;
			}
			while (l[0] == ' ' || l[0] == '\t') {
				l++;
				n--;
			}
			if ((rc = wos_fields_cont(&s->f, l, n)) < 0)
				goto big;
			continue;
		}
		if (!wos_is_tag(l, n)) {
			if (!inrec) {
				wos_warn(&s->w, lineno,
				    "not a Web of Science tag line, ignored");
				continue;
			}
			wos_warn(&s->w, lineno, "not a Web of Science tag "
			    "line, kept in the record as tag '?'");
			if ((rc = wos_fields_add(&s->f, "?", l, n,
			    lineno)) < 0)
				goto big;
			continue;
		}
		s->tags = 1;
		tag[0] = l[0];
		tag[1] = l[1];
		tag[2] = '\0';
		l += 2;
		n -= 2;
		while (n > 0 && l[0] == ' ') {
			l++;
			n--;
		}
		if (tag[0] == 'E' && tag[1] == 'R') {
			if (!inrec) {
				wos_warn(&s->w, lineno, "ER without a record, "
				    "ignored");
				continue;
			}
			inrec = 0;
			if ((rc = finish(s, rec, start, err)) != 0)
				return rc;
			continue;
		}
		if (is_header(tag, 2) || (tag[0] == 'P' && tag[1] == 'T' &&
		    inrec)) {
			if (!inrec)
				continue;
			wos_warn(&s->w, lineno, "record at line %zu has no ER "
			    "before this %s", start, tag);
			cix_input_unget(s->in);
			inrec = 0;
			if ((rc = finish(s, rec, start, err)) != 0)
				return rc;
			continue;
		}
		if (!inrec) {
			if (!(tag[0] == 'P' && tag[1] == 'T'))
				wos_warn(&s->w, lineno, "tag %s outside a "
				    "record (no PT before it)", tag);
			inrec = 1;
			start = lineno;
		}
		if ((rc = wos_fields_add(&s->f, tag, l, n, lineno)) < 0)
			goto big;
	}
big:
	if (rc == CIX_ETOOBIG)
		return cix_error_set_at(err, rc, s->w.file, start,
		    "record larger than %u bytes", WOS_RECORD_CAP);
	return cix_error_set_at(err, rc, s->w.file, start, "out of memory");
}

const struct cix_reader_ops cix_reader_wos = {
	"wos",
	"Web of Science plain text (savedrecs.txt, \"Other file formats\")",
	wos_probe,
	wos_open,
	wos_next,
	wos_close,
};
