/*
 * export_bibtex.c - BibTeX and BibLaTeX (biber) entries.
 *
 * Both write one entry per work with the same escaping (latex.c): every
 * field can go through bibtex, biber and LaTeX as it is.  They differ
 * where the two data models differ:
 *
 *	bibtex		journal, address, school/institution, techreport,
 *			phdthesis; doi and url escaped like text (styles
 *			print them as text); any field a style may ignore
 *	biblatex	journaltitle, location, institution + type, thesis,
 *			report; doi, url and eprint as verbatim fields;
 *			only the fields biblatex's data model allows for
 *			the entry type, and values of the datatype it
 *			expects (an integer volume, a valid ISSN or ISBN),
 *			so that biber --validate-datamodel has nothing to
 *			say
 *
 * The work type picks the entry type (table below); a work with too
 * little for its type (an inproceedings without a proceedings title, a
 * thesis without an institution) becomes the closest type it satisfies.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "export_int.h"
#include "latex.h"
#include "record.h"
#include "util.h"
#include "banned.h"

/* Fields whose presence depends on the entry type (biblatex). */
enum {
	F_AUTHOR, F_EDITOR, F_BOOKAUTHOR, F_TITLE, F_JOURNAL, F_BOOKTITLE,
	F_SERIES, F_VOLUME, F_NUMBER, F_PAGES, F_EID, F_PUBLISHER, F_LOCATION,
	F_ISSN, F_ISBN, F_INSTITUTION, F_TYPE, F_EVENTTITLE, F_VENUE,
	F_HOWPUBLISHED, F_NOTE, F_LANGUAGE, F_ORGANIZATION,
	F_ANY		/* allowed in every entry type */
};

#define B(f) (1u << (f))
#define COMMON (B(F_AUTHOR) | B(F_TITLE) | B(F_NOTE) | B(F_LANGUAGE))

/* What biblatex's default data model allows per entry type (blx-dm.def). */
static const struct {
	const char *type;
	unsigned fields;
} blx[] = {
	{ "article", COMMON | B(F_EDITOR) | B(F_JOURNAL) | B(F_SERIES) |
	  B(F_VOLUME) | B(F_NUMBER) | B(F_PAGES) | B(F_EID) | B(F_ISSN) },
	{ "book", COMMON | B(F_EDITOR) | B(F_SERIES) | B(F_VOLUME) |
	  B(F_NUMBER) | B(F_PAGES) | B(F_EID) | B(F_PUBLISHER) |
	  B(F_LOCATION) | B(F_ISBN) },
	{ "inbook", COMMON | B(F_EDITOR) | B(F_BOOKAUTHOR) | B(F_BOOKTITLE) |
	  B(F_SERIES) | B(F_VOLUME) | B(F_NUMBER) | B(F_PAGES) | B(F_EID) |
	  B(F_PUBLISHER) | B(F_LOCATION) | B(F_ISBN) },
	{ "incollection", COMMON | B(F_EDITOR) | B(F_BOOKTITLE) |
	  B(F_SERIES) | B(F_VOLUME) | B(F_NUMBER) | B(F_PAGES) | B(F_EID) |
	  B(F_PUBLISHER) | B(F_LOCATION) | B(F_ISBN) },
	{ "inproceedings", COMMON | B(F_EDITOR) | B(F_BOOKTITLE) |
	  B(F_SERIES) | B(F_VOLUME) | B(F_NUMBER) | B(F_PAGES) | B(F_EID) |
	  B(F_PUBLISHER) | B(F_LOCATION) | B(F_ISBN) | B(F_EVENTTITLE) |
	  B(F_VENUE) | B(F_ORGANIZATION) },
	{ "thesis", COMMON | B(F_INSTITUTION) | B(F_TYPE) | B(F_LOCATION) |
	  B(F_PAGES) | B(F_EID) },
	{ "report", COMMON | B(F_INSTITUTION) | B(F_TYPE) | B(F_NUMBER) |
	  B(F_LOCATION) | B(F_PAGES) | B(F_EID) },
	{ "dataset", COMMON | B(F_EDITOR) | B(F_PUBLISHER) | B(F_LOCATION) |
	  B(F_NUMBER) | B(F_SERIES) | B(F_ORGANIZATION) | B(F_TYPE) },
	{ "software", COMMON | B(F_EDITOR) | B(F_HOWPUBLISHED) |
	  B(F_LOCATION) | B(F_ORGANIZATION) | B(F_TYPE) },
	{ "misc", COMMON | B(F_EDITOR) | B(F_HOWPUBLISHED) | B(F_LOCATION) |
	  B(F_ORGANIZATION) | B(F_TYPE) },
	{ "online", COMMON | B(F_EDITOR) | B(F_ORGANIZATION) },
	{ "patent", COMMON | B(F_NUMBER) | B(F_LOCATION) | B(F_TYPE) },
};

/* Per-export state. */
struct bib {
	int biblatex;
	int latex;		/* CIX_LATEX_* flags */
	unsigned allowed;	/* fields of the current entry type */
	struct cix_buf v;	/* one value being built */
	struct cix_buf aff;	/* an institution from an affiliation */
	struct cix_buf name;	/* a given name being cleaned */
};

/* ------------------------------------------------------------------ */
/* Fields */

enum how { RAW, TEXT, TITLE, VERB, SOURCE };

static int
is_number(const char *s)
{
	if (*s == '\0')
		return 0;
	for (; *s != '\0'; s++)
		if (!cix_isdigit((unsigned char)*s))
			return 0;
	return 1;
}

/* No lower-case letter anywhere (ASCII and Latin letters). */
static int
in_capitals(const char *s)
{
	const char *f;
	size_t i, n, len = strlen(s);
	int upper = 0;

	for (i = 0; i < len; ) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x80) {
			if (c >= 'a' && c <= 'z')
				return 0;
			upper |= c >= 'A' && c <= 'Z';
			i++;
			continue;
		}
		n = cix_utf8_seqlen((const unsigned char *)s + i, len - i);
		if (n == 0) {
			i++;
			continue;
		}
		f = cix_fold_latin(cix_utf8_decode((const unsigned char *)s +
		    i, n));
		if (f != NULL && f[0] >= 'a' && f[0] <= 'z')
			return 0;
		i += n;
	}
	return upper;
}

static int
small_word(const char *w, size_t n)
{
	static const char *const small[] = {
		"a", "an", "and", "as", "at", "by", "de", "del", "der", "des",
		"di", "du", "et", "for", "from", "in", "la", "le", "of", "on",
		"or", "the", "to", "und", "with", NULL
	};
	size_t i;

	for (i = 0; small[i] != NULL; i++)
		if (strlen(small[i]) == n && cix_strncaseeq(w, n, small[i]))
			return 1;
	return 0;
}

/* The lower case of a Latin-1 or Latin Extended-A capital, else cp. */
static uint32_t
latin_lower(uint32_t cp)
{
	if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7)
		return cp + 0x20;
	if ((cp >= 0x100 && cp <= 0x137 && cp % 2 == 0 && cp != 0x130) ||
	    (cp >= 0x14A && cp <= 0x177 && cp % 2 == 0))
		return cp + 1;
	if ((cp >= 0x139 && cp <= 0x148 && cp % 2 == 1) ||
	    (cp >= 0x179 && cp <= 0x17E && cp % 2 == 1))
		return cp + 1;
	return cp;
}

/*
 * A source title WoS wrote in capitals ("PSYCHIATRIC REHABILITATION
 * JOURNAL", "ZEITSCHRIFT FÜR PHYSIK"), in title case: small words in
 * lower case except the first; words without a vowel (BMC) and words
 * with digits kept as they are.
 */
static int
title_case(struct cix_buf *b, const char *s)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, j, k, n = strlen(s), sl;
	uint32_t cp;
	int first = 1, vowel, digit, rc, pos;

	while (i < n) {
		if (u[i] < 0x80 && !cix_isalnum(u[i])) {
			if ((rc = cix_buf_addch(b, s[i])) < 0)
				return rc;
			i++;
			continue;
		}
		for (j = i, vowel = digit = 0; j < n && (u[j] >= 0x80 ||
		    cix_isalnum(u[j])); j++) {
			vowel |= u[j] >= 0x80 || strchr("AEIOUYaeiouy",
			    s[j]) != NULL;
			digit |= cix_isdigit(u[j]);
		}
		for (k = i, pos = 0; k < j; k += sl, pos++) {
			sl = u[k] < 0x80 ? 1 : cix_utf8_seqlen(u + k, j - k);
			if (sl == 0)
				sl = 1;
			if (!vowel || digit || (pos == 0 && !(small_word(s + i,
			    j - i) && !first))) {
				rc = cix_buf_add(b, s + k, sl);
			} else if (sl == 1) {
				rc = cix_buf_addch(b, cix_tolower(u[k]));
			} else {
				cp = cix_utf8_decode(u + k, sl);
				rc = cix_utf8_put(b, latin_lower(cp));
			}
			if (rc < 0)
				return rc;
		}
		first = 0;
		i = j;
	}
	return CIX_OK;
}

/* Append `  name = {value},` (or `name = value,` for RAW). */
static int
field(struct cix_export *x, int f, const char *name, const char *v,
    enum how how)
{
	struct bib *bb = x->state;
	struct cix_buf *o = &x->out[0], *t = &bb->v;
	size_t mark = o->len, start;
	int rc = CIX_OK;

	if (v == NULL || *v == '\0')
		return CIX_OK;
	if (f != F_ANY && !(bb->allowed & B(f)))
		return CIX_OK;
	if ((rc = cix_buf_addf(o, "  %s = ", name)) < 0)
		return rc;
	if (how == RAW)
		return cix_buf_addf(o, "%s,\n", v);
	if ((rc = cix_buf_addch(o, '{')) < 0)
		return rc;
	start = o->len;
	switch (how) {
	case TEXT:
		rc = cix_latex_escape(o, v, strlen(v), bb->latex);
		break;
	case TITLE:
		rc = cix_latex_title(o, v, strlen(v), bb->latex);
		break;
	case VERB:
		rc = cix_latex_verbatim(o, v, strlen(v));
		break;
	case SOURCE:
		cix_buf_reset(t);
		if (in_capitals(v))
			rc = title_case(t, v);
		else
			rc = cix_buf_adds(t, v);
		if (rc == CIX_OK)
			rc = cix_latex_escape(o, t->p, t->len, bb->latex);
		break;
	default:
		break;
	}
	if (rc < 0)
		return rc;
	if (o->len == start) {
		/* nothing left after cleaning: no field */
		cix_buf_setlen(o, mark);
		return CIX_OK;
	}
	return cix_buf_adds(o, "},\n");
}

/* ------------------------------------------------------------------ */
/* Names */

/* Does s contain the word "and" (which BibTeX takes as a separator)? */
static int
has_and(const char *s)
{
	size_t i, n = strlen(s);

	for (i = 0; i + 3 <= n; i++)
		if ((i == 0 || s[i - 1] == ' ') && cix_strncaseeq(s + i, 3,
		    "and") && (i + 3 == n || s[i + 3] == ' '))
			return 1;
	return 0;
}

/* Initials as WoS writes them ("JA"): upper-case letters only, few. */
static int
initials_only(const char *g)
{
	size_t i, n = strlen(g);

	if (n == 0 || n > 3)
		return 0;
	for (i = 0; i < n; i++)
		if (!(g[i] >= 'A' && g[i] <= 'Z'))
			return 0;
	return 1;
}

static int
put_escaped(struct cix_export *x, struct cix_buf *o, const char *s,
    size_t n, int brace)
{
	struct bib *bb = x->state;
	int rc;

	if (brace && (rc = cix_buf_addch(o, '{')) < 0)
		return rc;
	if ((rc = cix_latex_escape(o, s, n, bb->latex)) < 0)
		return rc;
	if (brace && (rc = cix_buf_addch(o, '}')) < 0)
		return rc;
	return CIX_OK;
}

/* A name suffix BibTeX keeps in its "Jr" part. */
static int
is_suffix(const char *s, size_t n)
{
	static const char *const sfx[] = {
		"Jr", "Jr.", "Sr", "Sr.", "II", "III", "IV", "V", "2nd", "3rd",
		NULL
	};
	size_t i;

	for (i = 0; sfx[i] != NULL; i++)
		if (strlen(sfx[i]) == n && cix_strncaseeq(s, n, sfx[i]))
			return 1;
	return 0;
}

/*
 * One name in BibTeX form: "Family, Given", "Family, Jr, Given" or
 * "{Organisation}".  Given names that WoS wrote with stray commas
 * ("Samuel,", ", Luis") lose them; "Martin Luther, Jr." keeps its Jr.
 */
static int
put_name(struct cix_export *x, struct cix_buf *o, const struct cix_author *a)
{
	struct bib *bb = x->state;
	struct cix_buf *g = &bb->name;
	const char *fam = a->family, *given = a->given ? a->given : "";
	const char *jr = a->suffix, *p, *e, *part[16];
	size_t fl = strlen(fam), pl[16], np = 0, i, n, jl = 0;
	int rc, brace;

	if (a->corporate || (fl > 1 && fam[0] == '[' && fam[fl - 1] == ']')) {
		if (fl > 1 && fam[0] == '[' && fam[fl - 1] == ']')
			return put_escaped(x, o, fam + 1, fl - 2, 1);
		return put_escaped(x, o, fam, fl, 1);
	}
	/* the comma-separated parts of the given name, empty ones dropped */
	for (p = given; *p != '\0' && np < 16; p = e ? e + 1 : p + n) {
		e = strchr(p, ',');
		n = e ? (size_t)(e - p) : strlen(p);
		part[np] = cix_trim(p, &n);
		pl[np] = n;
		if (n > 0)
			np++;
		if (e == NULL)
			break;
	}
	if (jr == NULL && np >= 2 && is_suffix(part[np - 1], pl[np - 1])) {
		jr = part[np - 1];
		jl = pl[np - 1];
		np--;
	} else if (jr != NULL) {
		jl = strlen(jr);
		jr = cix_trim(jr, &jl);
	}
	cix_buf_reset(g);
	for (i = 0; i < np; i++)
		if ((rc = cix_buf_addf(g, "%s%.*s", i ? " " : "", (int)pl[i],
		    part[i])) < 0)
			return rc;
	brace = strchr(fam, ',') != NULL || has_and(fam) ||
	    (g->len == 0 && strchr(fam, ' ') != NULL);
	if ((rc = put_escaped(x, o, fam, fl, brace)) < 0)
		return rc;
	if (jr != NULL && jl > 0 && ((rc = cix_buf_adds(o, ", ")) < 0 ||
	    (rc = put_escaped(x, o, jr, jl, has_and(jr))) < 0))
		return rc;
	if (g->len == 0)
		return CIX_OK;
	if ((rc = cix_buf_adds(o, ", ")) < 0)
		return rc;
	if (initials_only(g->p)) {
		for (i = 0; i < g->len; i++)
			if ((rc = cix_buf_addf(o, "%s%c.", i ? " " : "",
			    g->p[i])) < 0)
				return rc;
		return CIX_OK;
	}
	return put_escaped(x, o, g->p, g->len, has_and(g->p));
}

/* The names with a role in mask (1 << role), " and " between. */
static int
names(struct cix_export *x, int f, const char *fname,
    const struct cix_record *r, unsigned mask)
{
	struct bib *bb = x->state;
	struct cix_buf *o = &x->out[0];
	size_t i, n = 0, mark = o->len;
	int rc;

	if (!(bb->allowed & B(f)))
		return CIX_OK;
	for (i = 0; i < r->nauthors; i++) {
		const struct cix_author *a = &r->authors[i];

		if (!(mask & (1u << a->role)) || a->family == NULL ||
		    a->family[0] == '\0')
			continue;
		if ((rc = cix_buf_adds(o, n ? " and " : "  ")) < 0)
			return rc;
		if (n == 0 && ((rc = cix_buf_addf(o, "%s = {", fname)) < 0))
			return rc;
		if ((rc = put_name(x, o, a)) < 0)
			return rc;
		n++;
	}
	if (n == 0)
		return CIX_OK;
	if (o->len == mark)
		return CIX_OK;
	return cix_buf_adds(o, "},\n");
}

static int
has_role(const struct cix_record *r, unsigned mask)
{
	size_t i;

	for (i = 0; i < r->nauthors; i++)
		if ((mask & (1u << r->authors[i].role)) &&
		    r->authors[i].family != NULL && r->authors[i].family[0])
			return 1;
	return 0;
}

/* ------------------------------------------------------------------ */
/* Entry types */

#define ROLE(x) (1u << (x))
#define AUTHORS (ROLE(CIX_ROLE_AUTHOR) | ROLE(CIX_ROLE_GROUP))

struct entry {
	const char *type;	/* bibtex or biblatex entry type */
	const char *container;	/* journal / booktitle / howpublished */
	int cf;			/* its field: F_JOURNAL, F_BOOKTITLE... */
	const char *institution;
	const char *thesis_type;
};

/* The first part of an address: "Monash Univ, Dept ..." -> "Monash Univ" */
static const char *
first_affil(struct cix_export *x, const struct cix_record *r)
{
	struct bib *bb = x->state;
	const char *a, *c;

	if (r->naffils == 0 || (a = r->affils[0].address) == NULL)
		return NULL;
	cix_buf_reset(&bb->aff);
	c = strchr(a, ',');
	if (cix_buf_add(&bb->aff, a, c ? (size_t)(c - a) : strlen(a)) < 0)
		return NULL;
	return bb->aff.len ? bb->aff.p : NULL;
}

static void
entry_type(struct cix_export *x, const struct cix_record *r, struct entry *e)
{
	struct bib *bb = x->state;
	const char *t = r->type ? r->type : "";
	int journal = r->pubtype != NULL && r->pubtype[0] == 'J';

	memset(e, 0, sizeof(*e));
	if (strcmp(t, CIX_TYPE_PAPER_CONF) == 0 && !journal) {
		e->container = r->source ? r->source : r->conference ?
		    r->conference : r->series;
		if (e->container != NULL) {
			e->type = "inproceedings";
			e->cf = F_BOOKTITLE;
			return;
		}
	} else if (strcmp(t, CIX_TYPE_CHAPTER) == 0) {
		e->container = r->source ? r->source : r->series;
		if (e->container != NULL) {
			/* biblatex: incollection needs an editor */
			e->type = !bb->biblatex || has_role(r,
			    ROLE(CIX_ROLE_EDITOR)) ? "incollection" :
			    "inbook";
			e->cf = F_BOOKTITLE;
			return;
		}
	} else if (strcmp(t, CIX_TYPE_BOOK) == 0) {
		e->type = "book";
		return;
	} else if (strcmp(t, CIX_TYPE_THESIS) == 0 ||
	    strcmp(t, CIX_TYPE_REPORT) == 0) {
		int thesis = strcmp(t, CIX_TYPE_THESIS) == 0;

		e->institution = r->publisher ? r->publisher :
		    first_affil(x, r);
		if (e->institution != NULL) {
			e->type = bb->biblatex ? (thesis ? "thesis" :
			    "report") : (thesis ? "phdthesis" : "techreport");
			e->thesis_type = bb->biblatex ? (thesis ?
			    "phdthesis" : "techreport") : NULL;
			return;
		}
	} else if (strcmp(t, CIX_TYPE_DATASET) == 0) {
		e->type = bb->biblatex ? "dataset" : "misc";
		e->container = r->source;
		e->cf = F_HOWPUBLISHED;
		if (bb->biblatex)
			e->cf = F_PUBLISHER;
		return;
	} else if (strcmp(t, CIX_TYPE_SOFTWARE) == 0) {
		e->type = bb->biblatex ? "software" : "misc";
		e->container = r->source;
		e->cf = F_HOWPUBLISHED;
		return;
	} else if (strcmp(t, CIX_TYPE_PREPRINT) == 0) {
		e->type = bb->biblatex && (r->doi || r->url) ? "online" :
		    "misc";
		e->container = r->source;
		e->cf = F_HOWPUBLISHED;
		if (bb->biblatex && (r->doi || r->url))
			e->cf = F_ORGANIZATION;
		return;
	}
	/* journal articles, and whatever has a source to be one */
	if (r->source != NULL && (strcmp(t, CIX_TYPE_ARTICLE) == 0 ||
	    strcmp(t, CIX_TYPE_REVIEW) == 0 ||
	    strcmp(t, CIX_TYPE_EDITORIAL) == 0 ||
	    strcmp(t, CIX_TYPE_PAPER_CONF) == 0 || journal ||
	    r->volume != NULL || r->first_page != NULL ||
	    r->article_no != NULL)) {
		e->type = "article";
		e->container = r->source;
		e->cf = F_JOURNAL;
		return;
	}
	e->type = "misc";
	e->container = r->source;
	e->cf = F_HOWPUBLISHED;
}

static unsigned
allowed_fields(const char *type)
{
	size_t i;

	for (i = 0; i < sizeof(blx) / sizeof(blx[0]); i++)
		if (strcmp(blx[i].type, type) == 0)
			return blx[i].fields;
	return blx[sizeof(blx) / sizeof(blx[0]) - 1].fields;
}

/* ------------------------------------------------------------------ */
/* The entry */

static int
keywords(struct cix_export *x, const struct cix_record *r)
{
	struct bib *bb = x->state;
	const struct cix_strlist *l[2] = { &r->kw_author, &r->kw_plus };
	struct cix_buf *k = &bb->v;
	size_t i, j, a, b;
	int dup;

	cix_buf_reset(k);
	for (i = 0; i < 2; i++)
		for (j = 0; j < l[i]->n; j++) {
			const char *w = l[i]->v[j];

			/* Keywords Plus often repeat author keywords */
			for (a = dup = 0; a <= i && !dup; a++)
				for (b = 0; b < (a < i ? l[a]->n : j); b++)
					if (cix_strcasecmp(l[a]->v[b], w) == 0) {
						dup = 1;
						break;
					}
			if (dup)
				continue;
			if (k->len)
				cix_buf_adds(k, ", ");
			/* a comma would split the keyword in biblatex */
			for (; *w != '\0'; w++)
				cix_buf_addch(k, *w == ',' ? ' ' : *w);
		}
	if (k->len == 0)
		return CIX_OK;
	{
		char *v = cix_buf_detach(k, NULL);
		int rc;

		if (v == NULL)
			return CIX_ENOMEM;
		rc = field(x, F_ANY, "keywords", v, TEXT);
		free(v);
		return rc;
	}
}

static int
bib_work(struct cix_export *x, const struct cix_export_item *it,
    struct cix_error *err)
{
	struct bib *bb = x->state;
	const struct cix_record *r = it->rec;
	struct cix_buf *o = &x->out[0];
	struct entry e;
	char num[32];
	unsigned authors = AUTHORS;
	int rc, blx_ = bb->biblatex;

	entry_type(x, r, &e);
	bb->allowed = blx_ ? allowed_fields(e.type) : ~0u;
	if ((rc = cix_buf_addf(o, "@%s{%s,\n", e.type, it->key)) < 0)
		goto fail;
	/* a book by its book authors when it has no other */
	if (!has_role(r, AUTHORS))
		authors |= ROLE(CIX_ROLE_BOOK_AUTHOR);
	if ((rc = names(x, F_AUTHOR, "author", r, authors)) < 0 ||
	    (rc = names(x, F_EDITOR, "editor", r,
	    ROLE(CIX_ROLE_EDITOR))) < 0)
		goto fail;
	if (blx_ && has_role(r, AUTHORS) && (rc = names(x, F_BOOKAUTHOR,
	    "bookauthor", r, ROLE(CIX_ROLE_BOOK_AUTHOR))) < 0)
		goto fail;
	/* a work known only from references may have no title: a misc
	 * entry then takes the source as its title (biblatex needs one) */
	if (r->title == NULL && e.container != NULL &&
	    strcmp(e.type, "misc") == 0) {
		if ((rc = field(x, F_TITLE, "title", e.container, TEXT)) < 0)
			goto fail;
		e.container = NULL;
	} else if ((rc = field(x, F_TITLE, "title", r->title, TITLE)) < 0)
		goto fail;
	if (e.container != NULL) {
		const char *fname = e.cf == F_JOURNAL ? (blx_ ?
		    "journaltitle" : "journal") : e.cf == F_BOOKTITLE ?
		    "booktitle" : e.cf == F_PUBLISHER ? "publisher" :
		    e.cf == F_ORGANIZATION ? "organization" : "howpublished";

		if ((rc = field(x, e.cf, fname, e.container, SOURCE)) < 0)
			goto fail;
	}
	if (blx_ && e.cf == F_JOURNAL && (rc = field(x, F_ANY, "shortjournal",
	    r->source_iso ? r->source_iso : r->source_abbrev, TEXT)) < 0)
		goto fail;
	if (e.cf != F_BOOKTITLE || e.container != r->series)
		if ((rc = field(x, F_SERIES, "series", r->series, SOURCE)) < 0)
			goto fail;
	if (blx_ && e.cf == F_BOOKTITLE && r->conference != NULL &&
	    (rc = field(x, F_EVENTTITLE, "eventtitle", r->conference,
	    TEXT)) < 0)
		goto fail;
	if (blx_ && (rc = field(x, F_VENUE, "venue", r->conf_place, TEXT)) < 0)
		goto fail;
	if (e.institution != NULL) {
		if ((rc = field(x, blx_ ? F_INSTITUTION : F_ANY, blx_ ?
		    "institution" : strcmp(e.type, "phdthesis") == 0 ?
		    "school" : "institution", e.institution, TEXT)) < 0 ||
		    (rc = field(x, F_TYPE, "type", e.thesis_type, TEXT)) < 0)
			goto fail;
	}
	if (r->year > 0) {
		snprintf(num, sizeof(num), "%d", r->year);
		if ((rc = field(x, F_ANY, "year", num, TEXT)) < 0)
			goto fail;
	}
	if (r->month >= 1 && r->month <= 12 &&
	    (rc = field(x, F_ANY, "month", cix_export_months[r->month - 1],
	    RAW)) < 0)
		goto fail;
	if (r->volume != NULL) {
		if (!blx_ || is_number(r->volume))
			rc = field(x, F_VOLUME, "volume", r->volume, TEXT);
		else {
			/* biblatex's volume is an integer: keep the value */
			cix_buf_reset(&bb->v);
			cix_buf_addf(&bb->v, "Volume %s", r->volume);
			rc = field(x, F_ANY, "annotation", bb->v.p, TEXT);
		}
		if (rc < 0)
			goto fail;
	}
	if ((rc = field(x, F_NUMBER, "number", r->issue, TEXT)) < 0)
		goto fail;
	cix_buf_reset(&x->tmp);
	if (blx_ && r->first_page == NULL && r->article_no != NULL) {
		rc = field(x, F_EID, "eid", r->article_no, TEXT);
	} else {
		if ((rc = cix_export_pages(&x->tmp, r, "--")) == CIX_OK &&
		    x->tmp.len > 0) {
			char *p = cix_buf_detach(&x->tmp, NULL);

			rc = p ? field(x, F_PAGES, "pages", p, TEXT) :
			    CIX_ENOMEM;
			free(p);
		}
	}
	if (rc < 0)
		goto fail;
	if (e.cf != F_PUBLISHER && e.institution != r->publisher &&
	    (rc = field(x, F_PUBLISHER, "publisher", r->publisher, TEXT)) < 0)
		goto fail;
	if ((rc = field(x, F_LOCATION, blx_ ? "location" : "address",
	    r->publisher_city, TEXT)) < 0)
		goto fail;
	if (blx_) {
		const char *issn = r->issn && cix_export_issn_ok(r->issn,
		    strlen(r->issn)) ? r->issn : r->eissn &&
		    cix_export_issn_ok(r->eissn, strlen(r->eissn)) ?
		    r->eissn : NULL;

		if ((rc = field(x, F_ISSN, "issn", issn, TEXT)) < 0)
			goto fail;
		cix_buf_reset(&x->tmp);
		if (r->isbn != NULL && (rc = cix_export_first_isbn(&x->tmp,
		    r->isbn)) == CIX_OK && x->tmp.len > 0) {
			char *p = cix_buf_detach(&x->tmp, NULL);

			rc = p ? field(x, F_ISBN, "isbn", p, TEXT) : CIX_ENOMEM;
			free(p);
		}
		if (rc < 0)
			goto fail;
	} else if ((rc = field(x, F_ISSN, "issn", r->issn ? r->issn :
	    r->eissn, TEXT)) < 0 || (rc = field(x, F_ISBN, "isbn", r->isbn,
	    TEXT)) < 0)
		goto fail;
	if ((rc = field(x, F_ANY, "doi", r->doi, blx_ ? VERB : TEXT)) < 0 ||
	    (rc = field(x, F_ANY, "url", r->url, blx_ ? VERB : TEXT)) < 0)
		goto fail;
	if (r->pmid != NULL) {
		if (blx_) {
			if ((rc = field(x, F_ANY, "eprint", r->pmid, VERB)) < 0 ||
			    (rc = field(x, F_ANY, "eprinttype", "pubmed",
			    TEXT)) < 0)
				goto fail;
		} else if ((rc = field(x, F_ANY, "pmid", r->pmid, TEXT)) < 0)
			goto fail;
	}
	if ((rc = field(x, F_LANGUAGE, "language", r->language, TEXT)) < 0 ||
	    (rc = field(x, F_ANY, "abstract", r->abstract, TEXT)) < 0 ||
	    (rc = keywords(x, r)) < 0 ||
	    (rc = field(x, F_NOTE, "note", r->ut, TEXT)) < 0)
		goto fail;
	if ((rc = cix_buf_adds(o, "}\n\n")) < 0)
		goto fail;
	return CIX_OK;
fail:
	return cix_error_set(err, rc, rc == CIX_ETOOBIG ? "work #%lld is too"
	    " large to export" : "out of memory", (long long)it->id);
}

static int
begin(struct cix_export *x, int biblatex, struct cix_error *err)
{
	struct bib *bb;

	if ((bb = calloc(1, sizeof(*bb))) == NULL)
		return cix_error_set(err, CIX_ENOMEM, "out of memory");
	bb->biblatex = biblatex;
	bb->latex = x->o.ascii ? CIX_LATEX_ASCII : 0;
	cix_buf_init(&bb->v, 1u << 30);
	cix_buf_init(&bb->aff, 1u << 20);
	cix_buf_init(&bb->name, 1u << 20);
	x->state = bb;
	if (cix_buf_addf(&x->out[0], "%% %s export by cix%s%s: %s,"
	    " citation keys %s\n%% Encoding: %s\n\n",
	    biblatex ? "BibLaTeX (biber)" : "BibTeX", x->o.version ? " " : "",
	    x->o.version ? x->o.version : "", biblatex ? "biblatex" :
	    "bibtex", x->o.keys ? x->o.keys : CIX_CITEKEY_DEFAULT,
	    x->o.ascii ? "ASCII" : "UTF-8") < 0)
		return cix_error_set(err, CIX_ENOMEM, "out of memory");
	return CIX_OK;
}

static int
bibtex_begin(struct cix_export *x, struct cix_error *err)
{
	return begin(x, 0, err);
}

static int
biblatex_begin(struct cix_export *x, struct cix_error *err)
{
	return begin(x, 1, err);
}

static void
bib_release(struct cix_export *x)
{
	struct bib *bb = x->state;

	if (bb == NULL)
		return;
	cix_buf_release(&bb->v);
	cix_buf_release(&bb->aff);
	cix_buf_release(&bb->name);
	free(bb);
	x->state = NULL;
}

const struct cix_exporter cix_export_bibtex = {
	"bibtex",
	"BibTeX for bibtex and any .bst style (UTF-8; --ascii for LaTeX"
	" accents)",
	".bib", CIX_EXPORT_KEYS, 1, NULL,
	bibtex_begin, bib_work, NULL, bib_release
};

const struct cix_exporter cix_export_biblatex = {
	"biblatex",
	"BibLaTeX for biber: its entry types and fields, UTF-8",
	".bib", CIX_EXPORT_KEYS, 1, NULL,
	biblatex_begin, bib_work, NULL, bib_release
};
