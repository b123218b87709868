/*
 * mirror.c - the record page of a web mirror of Web of Science, as users
 * copy it from the browser (seed 000).
 *
 * The page is a title line followed by labelled sections, in Chinese or
 * in English (the site serves both):
 *
 *	Title of the work
 *	被引:6				Cited by: 6
 *	作者				Authors
 *	Chisholm, Janice [1 ,2 ]	(names with affiliation marks)
 *	机构				Institutions / Affiliations
 *	[1] Monash Univ, ...
 *	关键词				Keywords  (lower case: author keywords,
 *	a; b; LIVED EXPERIENCE;		ALL CAPS after them: Keywords Plus)
 *	D O I				DOI
 *	中图分类号			CLC	  -> rec->extra "CLC", one per code
 *	学科分类号			Subject classification -> extra "SUBJ"
 *	摘要				Abstract
 *	引用 / 收藏 / 相关论文		Cite / Favorite / Related papers (ignored)
 *	页码:84 / 97			Pages: 84-97
 *	页数:14				Page count: 14
 *	共 67 条			References (67) / Total 67 / 67 references
 *	[1]
 *	WoS-style reference on one line
 *	[5] Title [J].
 *	Family, Given ;
 *	Family, Given .
 *	SOURCE, 2020, 7 (01) :1-9
 *
 * Also accepted: 来源/期刊/Source/Journal (source title) and 年份/出版年/
 * Year (publication year).  A label's value may follow it on the same line
 * after ':' (ASCII or full-width) or on the next lines.
 *
 * References are given raw (ref->parsed == 0), with the lines of one
 * reference trimmed and joined by single spaces, and the blank before a
 * line's final ';' or '.' removed, so the multi-line style becomes
 *
 *	Title [J]. Family, Given; Family, Given.. SOURCE, 2020, 7 (01) :1-9
 *
 * which is what cix_citedref_parse() reads.  U+00A0 counts as a space.
 *
 * Several pages pasted into one file give several records: a line that is
 * followed (after blank lines) by 被引/Cited by, once the current page is
 * past its abstract or references, or by 作者/Authors when the current page
 * already had its authors, is the title of the next page.  Lines that fit
 * nowhere are skipped with a warning naming the file and line.
 */
#include "config.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "citedref.h"
#include "doi.h"
#include "error.h"
#include "input.h"
#include "reader.h"
#include "record.h"
#include "util.h"
#include "banned.h"

#define MAXWARN 100
#define FIELD_CAP (4u * 1024 * 1024)	/* one section or reference */

enum sec {
	SEC_START = 0,	/* before the title */
	SEC_TITLE,
	SEC_CITED,
	SEC_AUTHORS,
	SEC_INST,
	SEC_KEYWORDS,
	SEC_DOI,
	SEC_CLC,
	SEC_SUBJ,
	SEC_ABSTRACT,
	SEC_FURN,	/* page furniture: 引用, 收藏, 相关论文 */
	SEC_PAGES,
	SEC_PAGECOUNT,
	SEC_NREFS,
	SEC_REFS,
	SEC_SOURCE,
	SEC_YEAR,
	SEC_MAX
};

struct label {
	const char *s;
	enum sec sec;
};

/*
 * Labels, matched against the whole line (ASCII case-insensitively) or
 * its part before a colon.
 */
static const struct label labels[] = {
	{ "被引", SEC_CITED },
	{ "被引频次", SEC_CITED },
	{ "作者", SEC_AUTHORS },
	{ "机构", SEC_INST },
	{ "关键词", SEC_KEYWORDS },
	{ "D O I", SEC_DOI },
	{ "DOI", SEC_DOI },
	{ "中图分类号", SEC_CLC },
	{ "学科分类号", SEC_SUBJ },
	{ "摘要", SEC_ABSTRACT },
	{ "引用", SEC_FURN },
	{ "收藏", SEC_FURN },
	{ "相关论文", SEC_FURN },
	{ "分享", SEC_FURN },
	{ "页码", SEC_PAGES },
	{ "页数", SEC_PAGECOUNT },
	{ "参考文献", SEC_NREFS },
	{ "来源", SEC_SOURCE },
	{ "期刊", SEC_SOURCE },
	{ "年份", SEC_YEAR },
	{ "出版年", SEC_YEAR },
	{ "Cited by", SEC_CITED },
	{ "Times cited", SEC_CITED },
	{ "Authors", SEC_AUTHORS },
	{ "Author", SEC_AUTHORS },
	{ "Institutions", SEC_INST },
	{ "Institution", SEC_INST },
	{ "Affiliations", SEC_INST },
	{ "Affiliation", SEC_INST },
	{ "Keywords", SEC_KEYWORDS },
	{ "Key words", SEC_KEYWORDS },
	{ "CLC", SEC_CLC },
	{ "CLC number", SEC_CLC },
	{ "Subject classification", SEC_SUBJ },
	{ "Discipline classification", SEC_SUBJ },
	{ "Classification", SEC_SUBJ },
	{ "Abstract", SEC_ABSTRACT },
	{ "Cite", SEC_FURN },
	{ "Favorite", SEC_FURN },
	{ "Favourite", SEC_FURN },
	{ "Collect", SEC_FURN },
	{ "Share", SEC_FURN },
	{ "Related papers", SEC_FURN },
	{ "Related articles", SEC_FURN },
	{ "Pages", SEC_PAGES },
	{ "Page", SEC_PAGES },
	{ "Page count", SEC_PAGECOUNT },
	{ "Number of pages", SEC_PAGECOUNT },
	{ "References", SEC_NREFS },
	{ "Source", SEC_SOURCE },
	{ "Journal", SEC_SOURCE },
	{ "Year", SEC_YEAR },
	{ "Published", SEC_YEAR },
	{ NULL, SEC_START }
};

/* author index -> affiliation mark, until the marks can be resolved */
struct mark {
	uint32_t author;
	uint32_t label;
};

/* affiliation mark -> index in rec->affils */
struct affmark {
	uint32_t label;
	uint32_t index;
};

struct mirror {
	struct cix_input *in;
	cix_warn_fn warn;
	void *warn_ctx;
	const char *file;
	size_t nwarn;

	struct cix_buf line;	/* the current line, normalised */
	struct cix_buf look;	/* a line read ahead */
	struct cix_buf text;	/* title, keywords or abstract being read */
	struct cix_buf ref;	/* the reference being joined */

	/* the title of the next page, found while reading this one */
	struct cix_buf next_title;
	size_t next_line;
	int have_next;

	/* per record */
	enum sec sec;
	int seen[SEC_MAX];
	int want_value;		/* its value is on the next line */
	int ref_open;		/* a reference is being read */
	int ref_done;		/* it has all its lines */
	size_t ref_line;
	int abstract_par;	/* a blank line inside the abstract */
	int blank;		/* the last line was blank */
	int title_lines;	/* continuation lines of the title */
	int labels;		/* labels seen in this record */
	struct mark *marks;
	size_t nmarks, marks_alloc;
	struct affmark *affmarks;
	size_t naffmarks, affmarks_alloc;
};

static void
mwarn(struct mirror *m, size_t line, const char *fmt, ...)
#ifdef __GNUC__
	__attribute__((format(printf, 3, 4)))
#endif
	;

static void
mwarn(struct mirror *m, size_t line, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	if (m->warn == NULL || m->nwarn > MAXWARN)
		return;
	if (m->nwarn++ == MAXWARN) {
		m->warn(m->warn_ctx, m->file, line,
		    "too many warnings, not reporting more");
		return;
	}
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	m->warn(m->warn_ctx, m->file, line, msg);
}

/*
 * How much of s[0..n) to quote in a message: at most max bytes, not
 * cutting a UTF-8 sequence.
 */
static int
snip(const char *s, size_t n, size_t max)
{
	if (n <= max)
		return (int)n;
	while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80)
		max--;
	return (int)max;
}

/* ---------------------------------------------------------------------
 * Lines and labels
 */

static int
is_nbsp(const char *s, size_t i, size_t n)
{
	return i + 1 < n && (unsigned char)s[i] == 0xC2 &&
	    (unsigned char)s[i + 1] == 0xA0;
}

/*
 * Copy s[0..n) into b with U+00A0 and tabs turned into spaces and the
 * ends trimmed.
 */
static int
normalise_line(struct cix_buf *b, const char *s, size_t n)
{
	size_t i;
	int rc;

	cix_buf_reset(b);
	for (i = 0; i < n; i++) {
		if (is_nbsp(s, i, n)) {
			rc = cix_buf_addch(b, ' ');
			i++;
		} else if (s[i] == '\t' || s[i] == '\r' || s[i] == '\v' ||
		    s[i] == '\f') {
			rc = cix_buf_addch(b, ' ');
		} else {
			rc = cix_buf_addch(b, s[i]);
		}
		if (rc < 0)
			return rc;
	}
	cix_buf_rtrim(b);
	for (i = 0; i < b->len && b->p[i] == ' '; i++)
		;
	if (i > 0) {
		memmove(b->p, b->p + i, b->len - i);
		cix_buf_setlen(b, b->len - i);
	}
	return CIX_OK;
}

/*
 * The section a line labels, or SEC_START.  *val and *vlen get the value
 * written after the label on the same line (may be empty).
 */
static enum sec
classify(const char *l, size_t n, const char **val, size_t *vlen)
{
	const struct label *lb;
	size_t i, ln, k;
	const char *v;

	*val = l + n;
	*vlen = 0;
	if (n == 0 || n > 64)
		goto special;
	for (lb = labels; lb->s != NULL; lb++) {
		ln = strlen(lb->s);
		if (n < ln || !cix_startswith_nocase(l, n, lb->s))
			continue;
		k = ln;
		while (k < n && l[k] == ' ')
			k++;
		if (k == n)
			return lb->sec;
		/* "Label: value", "Label：value" */
		if (l[k] == ':') {
			k++;
		} else if (k + 3 <= n && memcmp(l + k, "\xEF\xBC\x9A", 3) == 0) {
			k += 3;
		} else if ((lb->sec == SEC_CITED || lb->sec == SEC_NREFS) &&
		    k > ln && (cix_isdigit((unsigned char)l[k]) ||
		    l[k] == '(')) {
			/* "Cited by 6", "References (67)" */
		} else {
			continue;
		}
		v = l + k;
		for (i = k; i < n && l[i] == ' '; i++)
			v++;
		*val = v;
		*vlen = (size_t)(l + n - v);
		return lb->sec;
	}
special:
	/* "共 67 条" */
	if (n >= 7 && memcmp(l, "共", 3) == 0 &&
	    memcmp(l + n - 3, "条", 3) == 0) {
		*val = l + 3;
		*vlen = n - 6;
		return SEC_NREFS;
	}
	/* "References (67)", "Total 67", "67 references" */
	if (cix_startswith_nocase(l, n, "Total ") && n > 6 &&
	    cix_isdigit((unsigned char)l[6])) {
		*val = l + 6;
		*vlen = n - 6;
		return SEC_NREFS;
	}
	for (i = 0; i < n && cix_isdigit((unsigned char)l[i]); i++)
		;
	if (i > 0 && i < n && l[i] == ' ' &&
	    (cix_strncaseeq(l + i + 1, n - i - 1, "references") ||
	    cix_strncaseeq(l + i + 1, n - i - 1, "reference"))) {
		*val = l;
		*vlen = i;
		return SEC_NREFS;
	}
	return SEC_START;
}

/* "[12]", "[12] rest": the number (> 0) and the rest, or 0. */
static long
ref_number(const char *l, size_t n, const char **rest, size_t *rlen)
{
	size_t i = 1;
	long v = 0;

	if (n < 3 || l[0] != '[')
		return 0;
	for (; i < n && cix_isdigit((unsigned char)l[i]) && i < 8; i++)
		v = v * 10 + (l[i] - '0');
	if (i == 1 || i >= n || l[i] != ']')
		return 0;
	i++;
	while (i < n && l[i] == ' ')
		i++;
	*rest = l + i;
	*rlen = n - i;
	return v;
}

/* The leading number of s[0..n) after blanks, or -1. */
static long
number_in(const char *s, size_t n)
{
	while (n > 0 && (*s == ' ' || *s == '(')) {
		s++;
		n--;
	}
	return cix_leading_number(s, n);
}

/* ---------------------------------------------------------------------
 * Sections
 */

static int
add_mark(struct mirror *m, size_t author, long label)
{
	if (label <= 0 || label > UINT32_MAX)
		return CIX_OK;
	if (m->nmarks == m->marks_alloc) {
		size_t na = m->marks_alloc ? m->marks_alloc * 2 : 16;
		struct mark *p = realloc(m->marks, na * sizeof(*p));

		if (p == NULL)
			return CIX_ENOMEM;
		m->marks = p;
		m->marks_alloc = na;
	}
	m->marks[m->nmarks].author = (uint32_t)author;
	m->marks[m->nmarks].label = (uint32_t)label;
	m->nmarks++;
	return CIX_OK;
}

static int
add_affmark(struct mirror *m, long label, size_t index)
{
	if (label <= 0 || label > UINT32_MAX)
		return CIX_OK;
	if (m->naffmarks == m->affmarks_alloc) {
		size_t na = m->affmarks_alloc ? m->affmarks_alloc * 2 : 16;
		struct affmark *p = realloc(m->affmarks, na * sizeof(*p));

		if (p == NULL)
			return CIX_ENOMEM;
		m->affmarks = p;
		m->affmarks_alloc = na;
	}
	m->affmarks[m->naffmarks].label = (uint32_t)label;
	m->affmarks[m->naffmarks].index = (uint32_t)index;
	m->naffmarks++;
	return CIX_OK;
}

/* Initials of a given name: "Brin F. S." -> "BFS", "Jean-Paul" -> "JP". */
static int
add_initials(struct cix_buf *b, const char *g, size_t n)
{
	size_t i;
	int first = 1, rc;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)g[i];

		if (c == ' ' || c == '-' || c == '.') {
			first = 1;
			continue;
		}
		if (first && c >= 0x80) {
			size_t sl = cix_utf8_seqlen(
			    (const unsigned char *)g + i, n - i);
			const char *f = sl ? cix_fold_latin(cix_utf8_decode(
			    (const unsigned char *)g + i, sl)) : NULL;

			if (f != NULL && cix_isalpha((unsigned char)f[0]) &&
			    (rc = cix_buf_addch(b, cix_toupper(f[0]))) < 0)
				return rc;
			if (sl > 1)
				i += sl - 1;
		} else if (first && cix_isalpha(c) &&
		    (rc = cix_buf_addch(b, cix_toupper(c))) < 0) {
			return rc;
		}
		first = 0;
	}
	return CIX_OK;
}

/* One author: "Chisholm, Janice [1 ,2 ]". */
static int
add_author(struct mirror *m, struct cix_record *rec, const char *s,
    size_t n)
{
	struct cix_author *a;
	const char *open = NULL, *comma, *p;
	size_t i, an;
	long v;
	int rc, has_digit = 0;

	while (n > 0 && *s == ' ') {
		s++;
		n--;
	}
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == ';' || s[n - 1] == ','))
		n--;
	/* the trailing affiliation marks "[1 ,2 ]" */
	if (n > 0 && s[n - 1] == ']') {
		for (i = n - 1; i > 0; i--) {
			if (s[i - 1] == '[') {
				open = s + i - 1;
				break;
			}
			if (cix_isdigit((unsigned char)s[i - 1]))
				has_digit = 1;
			else if (s[i - 1] != ',' && s[i - 1] != ' ')
				break;
		}
		if (!has_digit)
			open = NULL;
	}
	an = open != NULL ? (size_t)(open - s) : n;
	while (an > 0 && (s[an - 1] == ' ' || s[an - 1] == ','))
		an--;
	if (an == 0)
		return CIX_OK;
	if ((rc = cix_record_add_author(rec, &a)) < 0)
		return rc;
	a->role = CIX_ROLE_AUTHOR;
	if ((rc = cix_record_strclean(rec, &a->full, s, an)) < 0)
		return rc;
	comma = memchr(s, ',', an);
	if (comma != NULL) {
		struct cix_buf ab;

		if ((rc = cix_record_strclean(rec, &a->family, s,
		    (size_t)(comma - s))) < 0 ||
		    (rc = cix_record_strclean(rec, &a->given, comma + 1,
		    an - (size_t)(comma + 1 - s))) < 0)
			return rc;
		cix_buf_init(&ab, 4096);
		if ((rc = cix_buf_add(&ab, s, (size_t)(comma - s))) == CIX_OK &&
		    (rc = cix_buf_adds(&ab, ", ")) == CIX_OK)
			rc = add_initials(&ab, comma + 1,
			    an - (size_t)(comma + 1 - s));
		if (rc == CIX_OK)
			rc = cix_record_strclean(rec, &a->abbrev, ab.p, ab.len);
		cix_buf_release(&ab);
		if (rc < 0)
			return rc;
	} else {
		if ((rc = cix_record_strclean(rec, &a->family, s, an)) < 0)
			return rc;
	}
	if (open == NULL)
		return CIX_OK;
	for (p = open + 1; p < s + n;) {
		while (p < s + n && !cix_isdigit((unsigned char)*p))
			p++;
		if (p >= s + n)
			break;
		v = 0;
		while (p < s + n && cix_isdigit((unsigned char)*p) &&
		    v < 100000000)
			v = v * 10 + (*p++ - '0');
		if ((rc = add_mark(m, rec->nauthors - 1, v)) < 0)
			return rc;
	}
	return CIX_OK;
}

static int
authors_line(struct mirror *m, struct cix_record *rec, const char *l,
    size_t n)
{
	const char *semi;
	int rc;

	/* several authors on one line are separated by ';' */
	while (n > 0) {
		semi = memchr(l, ';', n);
		if (semi == NULL)
			return add_author(m, rec, l, n);
		if ((rc = add_author(m, rec, l, (size_t)(semi - l))) < 0)
			return rc;
		n -= (size_t)(semi + 1 - l);
		l = semi + 1;
	}
	return CIX_OK;
}

/* "[1] Monash Univ, Dept Social Work, ..." */
static int
inst_line(struct mirror *m, struct cix_record *rec, const char *l, size_t n)
{
	const char *rest = l;
	size_t rlen = n, idx;
	char *addr;
	long num;
	int rc;

	num = ref_number(l, n, &rest, &rlen);
	if (num == 0) {
		rest = l;
		rlen = n;
	}
	if (rlen == 0)
		return CIX_OK;
	if ((addr = cix_arena_strndup(&rec->arena, rest, rlen)) == NULL)
		return CIX_ENOMEM;
	if ((rc = cix_record_add_affil(rec, addr, m->line.p, &idx)) < 0)
		return rc;
	return add_affmark(m, num, idx);
}

/* Resolve the affiliation marks of the authors. */
static int
link_affils(struct mirror *m, struct cix_record *rec, size_t line)
{
	size_t i, j;
	int rc, found;

	for (i = 0; i < m->nmarks; i++) {
		found = 0;
		for (j = 0; j < m->naffmarks; j++) {
			if (m->affmarks[j].label != m->marks[i].label)
				continue;
			if ((rc = cix_record_link_affil(rec, m->marks[i].author,
			    m->affmarks[j].index)) < 0)
				return rc;
			found = 1;
			break;
		}
		if (!found)
			mwarn(m, line, "author '%s' has affiliation [%u], "
			    "which the page does not list",
			    rec->authors[m->marks[i].author].full ?
			    rec->authors[m->marks[i].author].full : "",
			    (unsigned)m->marks[i].label);
	}
	return CIX_OK;
}

static int
has_lower(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] >= 'a' && s[i] <= 'z')
			return 1;
	return 0;
}

static int
has_upper(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] >= 'A' && s[i] <= 'Z')
			return 1;
	return 0;
}

/*
 * Keywords "a; b; LIVED EXPERIENCE; JOB-SATISFACTION;": author keywords
 * come first, then WoS Keywords Plus, which are all capitals.  Everything
 * up to the last keyword with a lower-case letter is an author keyword.
 */
static int
finish_keywords(struct mirror *m, struct cix_record *rec)
{
	const char *s = m->text.p, *e = s + m->text.len, *p, *q, *last = s;
	int rc;

	for (p = s; p < e; p = q + 1) {
		q = memchr(p, ';', (size_t)(e - p));
		if (q == NULL)
			q = e;
		if (has_lower(p, (size_t)(q - p)))
			last = q;
	}
	for (p = s; p < e; p = q + 1) {
		size_t n;
		const char *t;

		q = memchr(p, ';', (size_t)(e - p));
		if (q == NULL)
			q = e;
		n = (size_t)(q - p);
		t = cix_trim(p, &n);
		if (n == 0)
			continue;
		if (q <= last || !has_upper(t, n))
			rc = cix_record_add_str(rec, &rec->kw_author, t, n);
		else
			rc = cix_record_add_str(rec, &rec->kw_plus, t, n);
		if (rc < 0)
			return rc;
	}
	return CIX_OK;
}

/* "C916 [社会工作、社会管理、社会规划];" -> one extra tag per code. */
static int
add_codes(struct cix_record *rec, const char *tag, const char *s, size_t n)
{
	const char *p = s, *e = s + n, *q;
	size_t len;
	const char *t;
	int rc, depth;

	while (p < e) {
		depth = 0;
		for (q = p; q < e; q++) {
			if (*q == '[')
				depth++;
			else if (*q == ']' && depth > 0)
				depth--;
			else if (*q == ';' && depth == 0)
				break;
		}
		len = (size_t)(q - p);
		t = cix_trim(p, &len);
		if (len > 0 &&
		    (rc = cix_record_add_extra(rec, tag, t, len)) < 0)
			return rc;
		p = q < e ? q + 1 : e;
	}
	return CIX_OK;
}

/* "84 / 97", "84-97", "e0123" */
static int
set_pages(struct cix_record *rec, const char *s, size_t n)
{
	size_t i, a;
	const char *t;
	int rc;

	for (i = 0; i < n && s[i] != '/' && s[i] != '-'; i++)
		;
	a = i;
	t = cix_trim(s, &a);
	if ((rc = cix_record_strclean(rec, &rec->first_page, t, a)) < 0)
		return rc;
	if (i < n) {
		a = n - i - 1;
		t = cix_trim(s + i + 1, &a);
		if ((rc = cix_record_strclean(rec, &rec->last_page, t, a)) < 0)
			return rc;
	}
	return CIX_OK;
}

/* ---------------------------------------------------------------------
 * References
 */

/* Does l hold ", YYYY" followed by ',', ' ' or its end (a source line)? */
static int
has_year(const char *l, size_t n)
{
	size_t i;

	for (i = 0; i + 6 <= n; i++)
		if (l[i] == ',' && l[i + 1] == ' ' &&
		    cix_isdigit((unsigned char)l[i + 2]) &&
		    cix_isdigit((unsigned char)l[i + 3]) &&
		    cix_isdigit((unsigned char)l[i + 4]) &&
		    cix_isdigit((unsigned char)l[i + 5]) &&
		    (i + 6 == n || l[i + 6] == ',' || l[i + 6] == ' '))
			return 1;
	return 0;
}

/* Does the line end with a document-type code "[J]." (style 2)? */
static int
is_style2_title(const char *l, size_t n)
{
	size_t i;

	while (n > 0 && (l[n - 1] == '.' || l[n - 1] == ' '))
		n--;
	if (n < 3 || l[n - 1] != ']')
		return 0;
	for (i = n - 1; i > 0 && n - i <= 7; i--)
		if (l[i - 1] == '[')
			return i >= 2 && l[i - 2] == ' ' && n - i >= 2 &&
			    l[i] >= 'A' && l[i] <= 'Z';
	return 0;
}

static int
flush_ref(struct mirror *m, struct cix_record *rec)
{
	int rc = CIX_OK;

	if (!m->ref_open)
		return CIX_OK;
	if (m->ref.len == 0)
		mwarn(m, m->ref_line, "empty reference, skipped");
	else
		rc = cix_record_add_ref(rec, m->ref.p, m->ref.len, NULL);
	m->ref_open = 0;
	m->ref_done = 0;
	cix_buf_reset(&m->ref);
	return rc;
}

/* Append one line of a reference (see the top of the file). */
static int
ref_line(struct mirror *m, const char *l, size_t n)
{
	int rc, first = m->ref.len == 0;

	if (n == 0)
		return CIX_OK;
	/* "Barr, Karlen R. ;" -> "Barr, Karlen R.;" */
	if (n >= 2 && (l[n - 1] == ';' || l[n - 1] == '.') &&
	    l[n - 2] == ' ') {
		size_t k = n - 1;
		char last = l[n - 1];

		while (k > 0 && l[k - 1] == ' ')
			k--;
		if (!first && (rc = cix_buf_addch(&m->ref, ' ')) < 0)
			return rc;
		if ((rc = cix_buf_add(&m->ref, l, k)) < 0 ||
		    (rc = cix_buf_addch(&m->ref, last)) < 0)
			return rc;
	} else {
		if (!first && (rc = cix_buf_addch(&m->ref, ' ')) < 0)
			return rc;
		if ((rc = cix_buf_add(&m->ref, l, n)) < 0)
			return rc;
	}
	/* a one-line WoS reference, or the source line of style 2 */
	if (first ? !is_style2_title(l, n) : has_year(l, n))
		m->ref_done = 1;
	return CIX_OK;
}

/* ---------------------------------------------------------------------
 * The reader
 */

static void
reset_record_state(struct mirror *m)
{
	m->sec = SEC_START;
	memset(m->seen, 0, sizeof(m->seen));
	m->want_value = 0;
	m->ref_open = 0;
	m->ref_done = 0;
	m->abstract_par = 0;
	m->blank = 0;
	m->title_lines = 0;
	m->labels = 0;
	m->nmarks = 0;
	m->naffmarks = 0;
	cix_buf_reset(&m->text);
	cix_buf_reset(&m->ref);
}

/* Leave the current section: store what it gathered. */
static int
end_section(struct mirror *m, struct cix_record *rec)
{
	const char *t;
	size_t n;
	int rc = CIX_OK;

	switch (m->sec) {
	case SEC_TITLE:
		rc = cix_record_strclean(rec, &rec->title, m->text.p,
		    m->text.len);
		break;
	case SEC_KEYWORDS:
		rc = finish_keywords(m, rec);
		break;
	case SEC_ABSTRACT:
		n = m->text.len;
		t = cix_trim(m->text.p, &n);
		rc = cix_record_str(rec, &rec->abstract, t, n);
		break;
	case SEC_REFS:
		rc = flush_ref(m, rec);
		break;
	default:
		break;
	}
	cix_buf_reset(&m->text);
	return rc;
}

/* A value for the section, inline after its label or on its own line. */
static int
section_value(struct mirror *m, struct cix_record *rec, const char *v,
    size_t n, size_t line)
{
	struct cix_buf d;
	long num;
	int rc = CIX_OK;

	m->want_value = 0;
	switch (m->sec) {
	case SEC_CITED:
		if ((num = number_in(v, n)) >= 0)
			rec->times_cited = num;
		else
			mwarn(m, line, "times cited '%.*s' is not a number",
			    snip(v, n, 40), v);
		break;
	case SEC_PAGECOUNT:
		if ((num = number_in(v, n)) >= 0 && num < 1000000)
			rec->page_count = (int)num;
		break;
	case SEC_NREFS:
		if ((num = number_in(v, n)) >= 0 && num < 10000000)
			rec->nr = (int)num;
		break;
	case SEC_PAGES:
		rc = set_pages(rec, v, n);
		break;
	case SEC_YEAR:
		if ((num = number_in(v, n)) >= 1000 && num < 3000)
			rec->year = (int)num;
		break;
	case SEC_SOURCE:
		rc = cix_record_strclean(rec, &rec->source, v, n);
		break;
	case SEC_DOI:
		if (rec->doi != NULL)
			break;
		cix_buf_init(&d, 4096);
		rc = cix_doi_normalise(&d, v, n);
		if (rc == CIX_OK)
			rc = cix_record_str(rec, &rec->doi, d.p, d.len);
		else if (rc == CIX_EINVAL || rc == CIX_ETOOBIG) {
			mwarn(m, line, "not a DOI: '%.*s'", snip(v, n, 64), v);
			rc = CIX_OK;
		}
		cix_buf_release(&d);
		break;
	case SEC_CLC:
		rc = add_codes(rec, "CLC", v, n);
		break;
	case SEC_SUBJ:
		rc = add_codes(rec, "SUBJ", v, n);
		break;
	case SEC_AUTHORS:
		rc = authors_line(m, rec, v, n);
		break;
	case SEC_INST:
		rc = inst_line(m, rec, v, n);
		break;
	case SEC_KEYWORDS:
		if (m->text.len > 0)
			rc = cix_buf_addch(&m->text, ';');
		if (rc == CIX_OK)
			rc = cix_buf_add(&m->text, v, n);
		break;
	case SEC_ABSTRACT:
		if (m->text.len > 0)
			rc = cix_buf_adds(&m->text,
			    m->abstract_par ? "\n" : " ");
		if (rc == CIX_OK)
			rc = cix_buf_add(&m->text, v, n);
		m->abstract_par = 0;
		break;
	default:
		break;
	}
	return rc;
}

/* Sections with a one-line value, which may be on the next line. */
static int
takes_value(enum sec s)
{
	return s == SEC_CITED || s == SEC_DOI || s == SEC_PAGES ||
	    s == SEC_PAGECOUNT || s == SEC_SOURCE || s == SEC_YEAR;
}

/* Sections whose content runs over several lines. */
static int
multiline(enum sec s)
{
	return s == SEC_AUTHORS || s == SEC_INST || s == SEC_KEYWORDS ||
	    s == SEC_CLC || s == SEC_SUBJ || s == SEC_ABSTRACT;
}

/*
 * Is the next non-blank line a label that starts a new page?  Reads
 * ahead and pushes the line back.  *eof is set at the end of input.
 */
static int
next_is_page_start(struct mirror *m, int *page, int *blanks,
    struct cix_error *err)
{
	const char *l, *v;
	size_t n, vn;
	enum sec s;
	int rc;

	*page = 0;
	*blanks = 0;
	for (;;) {
		if ((rc = cix_input_line(m->in, &l, &n, err)) <= 0)
			return rc;
		if ((rc = normalise_line(&m->look, l, n)) < 0)
			return rc;
		if (m->look.len > 0)
			break;
		*blanks = 1;
	}
	s = classify(m->look.p, m->look.len, &v, &vn);
	if (s == SEC_CITED && (m->seen[SEC_CITED] || m->seen[SEC_ABSTRACT] ||
	    m->seen[SEC_NREFS] || m->seen[SEC_REFS] || m->seen[SEC_FURN]))
		*page = 1;
	if (s == SEC_AUTHORS && m->seen[SEC_AUTHORS])
		*page = 1;
	cix_input_unget(m->in);
	return 1;
}

static int
finish_record(struct mirror *m, struct cix_record *rec)
{
	int rc;

	if ((rc = end_section(m, rec)) < 0)
		return rc;
	if ((rc = link_affils(m, rec, rec->line)) < 0)
		return rc;
	rec->origin = "mirror";
	if (rec->title == NULL)
		mwarn(m, rec->line, "record without a title");
	return 1;
}

static int
mirror_next(void *state, struct cix_record *rec, struct cix_error *err)
{
	struct mirror *m = state;
	const char *l, *v, *rest;
	size_t n, vn, rlen, lineno = 0;
	enum sec s;
	int rc, page, blanks, was_blank, any = 0;

	reset_record_state(m);
	if (m->have_next) {
		m->have_next = 0;
		rec->line = m->next_line;
		if ((rc = cix_buf_add(&m->text, m->next_title.p,
		    m->next_title.len)) < 0)
			goto fail;
		m->sec = SEC_TITLE;
		any = 1;
	}

	for (;;) {
		if ((rc = cix_input_line(m->in, &l, &n, err)) < 0)
			return rc;
		if (rc == 0)
			break;
		lineno = cix_input_lineno(m->in);
		if ((rc = normalise_line(&m->line, l, n)) < 0)
			goto fail;
		l = m->line.p;
		n = m->line.len;
		if (n == 0) {
			if (m->sec == SEC_ABSTRACT && m->text.len > 0)
				m->abstract_par = 1;
			m->blank = 1;
			continue;
		}
		was_blank = m->blank;
		m->blank = 0;

		s = classify(l, n, &v, &vn);
		if (m->sec == SEC_START && s == SEC_START) {
			/* the title: the first non-empty line */
			rec->line = lineno;
			if ((rc = cix_buf_add(&m->text, l, n)) < 0)
				goto fail;
			m->sec = SEC_TITLE;
			any = 1;
			continue;
		}
		if (s != SEC_START) {
			/* a second 被引 or 作者 without a title line first */
			if ((s == SEC_CITED && m->seen[SEC_CITED]) ||
			    (s == SEC_AUTHORS && m->seen[SEC_AUTHORS])) {
				cix_input_unget(m->in);
				return finish_record(m, rec);
			}
			if (m->sec == SEC_START) {
				rec->line = lineno;
				any = 1;
			}
			if ((rc = end_section(m, rec)) < 0)
				goto fail;
			m->sec = s;
			m->seen[s] = 1;
			m->labels++;
			m->want_value = vn == 0 && takes_value(s);
			if (vn > 0 && (rc = section_value(m, rec, v, vn,
			    lineno)) < 0)
				goto fail;
			continue;
		}

		/* "[n]" starts a reference, except among the institutions */
		if (m->sec != SEC_INST && m->sec != SEC_AUTHORS &&
		    m->sec != SEC_TITLE &&
		    ref_number(l, n, &rest, &rlen) > 0) {
			if (m->sec != SEC_REFS) {
				if ((rc = end_section(m, rec)) < 0)
					goto fail;
				m->sec = SEC_REFS;
				m->seen[SEC_REFS] = 1;
			}
			if ((rc = flush_ref(m, rec)) < 0)
				goto fail;
			m->ref_open = 1;
			m->ref_line = lineno;
			if ((rc = ref_line(m, rest, rlen)) < 0)
				goto fail;
			continue;
		}

		if (m->sec == SEC_TITLE) {
			/* a title over a few lines, before any blank line */
			if (was_blank || ++m->title_lines > 3) {
				mwarn(m, lineno, "line skipped: '%.*s' follows "
				    "the title", snip(l, n, 40), l);
				continue;
			}
			if ((rc = cix_buf_addch(&m->text, ' ')) < 0 ||
			    (rc = cix_buf_add(&m->text, l, n)) < 0)
				goto fail;
			continue;
		}

		/* Is this line the title of the next page? */
		if ((rc = next_is_page_start(m, &page, &blanks, err)) < 0)
			return rc;
		if (page) {
			cix_buf_reset(&m->next_title);
			if ((rc = cix_buf_add(&m->next_title, m->line.p,
			    m->line.len)) < 0)
				goto fail;
			m->next_line = lineno;
			m->have_next = 1;
			return finish_record(m, rec);
		}
		/* next_is_page_start() may have read into m->look only */
		l = m->line.p;
		n = m->line.len;

		if (m->sec == SEC_REFS && m->ref_open && !m->ref_done) {
			if ((rc = ref_line(m, l, n)) < 0)
				goto fail;
		} else if (multiline(m->sec) || m->want_value) {
			if ((rc = section_value(m, rec, l, n, lineno)) < 0)
				goto fail;
			/* blank lines after it: a new paragraph */
			if (m->sec == SEC_ABSTRACT && blanks)
				m->abstract_par = 1;
		} else {
			mwarn(m, lineno, "line skipped: '%.*s' belongs to no "
			    "section", snip(l, n, 40), l);
		}
	}
	if (!any)
		return 0;
	if (m->labels == 0 && !m->seen[SEC_REFS]) {
		mwarn(m, rec->line, "no record page labels (作者, 摘要, "
		    "Authors, Abstract...) after line %zu, skipped", rec->line);
		return 0;
	}
	return finish_record(m, rec);
fail:
	if (rc == CIX_ETOOBIG)
		return cix_error_set_at(err, rc, m->file, lineno,
		    "section too long");
	return cix_error_set(err, rc, "out of memory");
}

/*
 * How sure are we that this is a mirror page: count the distinct labels
 * on lines of their own in the head.  WoS tagged files have none.
 */
static int
mirror_probe(const char *head, size_t len)
{
	struct cix_buf b;
	size_t i = 0, n, lines = 0;
	const char *l, *v;
	size_t vn;
	int seen[SEC_MAX] = { 0 }, distinct = 0, cjk = 0, strong;
	enum sec s;

	if (len >= 3 && memcmp(head, "\xEF\xBB\xBF", 3) == 0) {
		head += 3;
		len -= 3;
	}
	if (len >= 3 && (memcmp(head, "FN ", 3) == 0 ||
	    memcmp(head, "PT ", 3) == 0 || memcmp(head, "PT\t", 3) == 0))
		return 0;
	cix_buf_init(&b, 4096);
	while (i < len && lines < 400) {
		l = head + i;
		for (n = 0; i + n < len && l[n] != '\n' && l[n] != '\r'; n++)
			;
		i += n + 1;
		lines++;
		if (n > 64)
			continue;
		if (normalise_line(&b, l, n) < 0)
			break;
		s = classify(b.p, b.len, &v, &vn);
		if (s == SEC_START || s == SEC_FURN || seen[s])
			continue;
		seen[s] = 1;
		distinct++;
		if ((unsigned char)b.p[0] >= 0x80)
			cjk++;
	}
	cix_buf_release(&b);
	/* 被引, 共 N 条 and the Chinese labels are this site's own */
	strong = seen[SEC_CITED] || seen[SEC_NREFS] || cjk >= 2;
	if (distinct >= 4)
		return cjk >= 2 ? 90 : 80;
	if (distinct == 3 && strong)
		return 50;
	if (distinct == 2 && strong)
		return 20;
	return 0;
}

static int
mirror_open(void **state, struct cix_input *in,
    const struct cix_reader_opts *opts, struct cix_error *err)
{
	struct mirror *m;

	*state = NULL;
	if ((m = calloc(1, sizeof(*m))) == NULL)
		return cix_error_set(err, CIX_ENOMEM, "out of memory");
	m->in = in;
	m->warn = opts != NULL ? opts->warn : NULL;
	m->warn_ctx = opts != NULL ? opts->warn_ctx : NULL;
	m->file = cix_input_name(in);
	cix_buf_init(&m->line, CIX_INPUT_MAXLINE);
	cix_buf_init(&m->look, CIX_INPUT_MAXLINE);
	cix_buf_init(&m->text, FIELD_CAP);
	cix_buf_init(&m->ref, FIELD_CAP);
	cix_buf_init(&m->next_title, CIX_INPUT_MAXLINE);
	*state = m;
	return CIX_OK;
}

static void
mirror_close(void *state)
{
	struct mirror *m = state;

	if (m == NULL)
		return;
	cix_buf_release(&m->line);
	cix_buf_release(&m->look);
	cix_buf_release(&m->text);
	cix_buf_release(&m->ref);
	cix_buf_release(&m->next_title);
	free(m->marks);
	free(m->affmarks);
	free(m);
}

const struct cix_reader_ops cix_reader_mirror = {
	"mirror",
	"record page of a Web of Science mirror site, copied from a browser",
	mirror_probe,
	mirror_open,
	mirror_next,
	mirror_close
};
