#include "config.h"

#include <string.h>

#include <libxml/tree.h>

#include "crossref.h"
#include "error.h"
#include "mapper.h"
#include "markup.h"
#include "record.h"
#include "util.h"
#include "banned.h"

#define CR CIX_NS_CROSSREF
#define QR CIX_NS_QUERY

struct ctx {
	struct cix_record *rec;
	struct cix_error *err;
	const char *doi_type;		/* query/doi/@type */
	const char *query_doi;		/* query/doi text */
	const char *crm_publisher;	/* crm-item publisher-name */
	int best_date;			/* priority of the date taken */
	struct cix_mapper_affils affils;
};

static const char *
doi_or_response(const struct ctx *c)
{
	if (c->rec->doi != NULL)
		return c->rec->doi;
	if (c->query_doi != NULL)
		return c->query_doi;
	return "response";
}

static int
text(struct ctx *c, const char **out, const xmlNode *n, size_t cap)
{
	return cix_mapper_text(out, c->rec, n, cap);
}

/* Set *field from element n when *field is still empty. */
static int
fill(struct ctx *c, const char **field, const xmlNode *n)
{
	const char *t;
	int rc;

	if (*field != NULL || n == NULL)
		return CIX_OK;
	if ((rc = text(c, &t, n, CIX_MARKUP_FIELD_CAP)) < 0)
		return rc;
	*field = t;
	return CIX_OK;
}

static int
fill_child_ns(struct ctx *c, const char **field, const xmlNode *parent,
    int ns, const char *name)
{
	return fill(c, field, cix_mapper_child(parent, ns, name));
}

static int
fill_child(struct ctx *c, const char **field, const xmlNode *parent,
    const char *name)
{
	return fill_child_ns(c, field, parent, CR, name);
}

/* ------------------------------------------------------------------ */
/* Titles */

/* title and subtitle of the first <titles> of n, joined. */
static int
titles(struct ctx *c, const char **t, const char **tm, const xmlNode *n)
{
	const xmlNode *ts = cix_mapper_child(n, CR, "titles");
	const char *a = NULL, *am = NULL, *b = NULL, *bm = NULL;
	struct cix_record *rec = c->rec;
	const char *st, *stm;
	int rc;

	*t = *tm = NULL;
	if (ts == NULL)
		return CIX_OK;
	if ((rc = cix_markup_xml(&a, &am, &rec->arena,
	    cix_mapper_child(ts, CR, "title"), 0, CIX_MARKUP_TITLE_CAP)) < 0 ||
	    (rc = cix_markup_xml(&b, &bm, &rec->arena,
	    cix_mapper_child(ts, CR, "subtitle"), 0,
	    CIX_MARKUP_TITLE_CAP)) < 0)
		return rc;
	/* join through the record's title fields, then take them back */
	st = rec->title;
	stm = rec->title_markup;
	rc = cix_mapper_title(rec, a, am, b, bm);
	*t = rec->title;
	*tm = rec->title_markup;
	rec->title = st;
	rec->title_markup = stm;
	return rc;
}

static int
item_title(struct ctx *c, const xmlNode *n)
{
	const char *t, *tm;
	int rc;

	if (c->rec->title != NULL)
		return CIX_OK;
	if ((rc = titles(c, &t, &tm, n)) < 0)
		return rc;
	c->rec->title = t;
	c->rec->title_markup = tm;
	return CIX_OK;
}

/* The container's title (book, database) becomes the source. */
static int
source_title(struct ctx *c, const xmlNode *n)
{
	const char *t, *tm;
	int rc;

	if (c->rec->source != NULL || n == NULL)
		return CIX_OK;
	if ((rc = titles(c, &t, &tm, n)) < 0)
		return rc;
	c->rec->source = t;
	return CIX_OK;
}

/* ------------------------------------------------------------------ */
/* Contributors */

static int
role_of(const xmlNode *n)
{
	const char *r = cix_mapper_attr(n, "contributor_role");

	if (r == NULL || strcmp(r, "author") == 0)
		return CIX_ROLE_AUTHOR;
	if (strcmp(r, "editor") == 0)
		return CIX_ROLE_EDITOR;
	return -1;	/* chair, translator, reviewer...: not kept */
}

static int
person(struct ctx *c, const xmlNode *n, int role)
{
	const char *given = NULL, *family = NULL, *suffix = NULL;
	const char *orcid = NULL, *aff;
	const xmlNode *a, *inst;
	size_t idx;
	int rc, corporate = 0;
	/* qrschema 2.0 contributors have their children in that namespace */
	int ns = cix_mapper_is(n, CR, "person_name") ? CR : QR;

	if (cix_mapper_is(n, CR, "organization") ||
	    cix_mapper_is(n, QR, "organization")) {
		if ((rc = text(c, &family, n, CIX_MARKUP_FIELD_CAP)) < 0)
			return rc;
		corporate = 1;
	} else {
		if ((rc = fill_child_ns(c, &given, n, ns, "given_name")) < 0 ||
		    (rc = fill_child_ns(c, &family, n, ns, "surname")) < 0 ||
		    (rc = fill_child_ns(c, &suffix, n, ns, "suffix")) < 0 ||
		    (rc = fill_child_ns(c, &orcid, n, ns, "ORCID")) < 0)
			return rc;
	}
	if ((rc = cix_mapper_person(&idx, c->rec, family, given, suffix,
	    orcid, role, corporate)) < 0 || idx == (size_t)-1)
		return rc;
	for (a = cix_mapper_child(n, CR, "affiliation"); a != NULL;
	    a = cix_mapper_next(a, CR, "affiliation")) {
		if ((rc = text(c, &aff, a, CIX_MARKUP_FIELD_CAP)) < 0 ||
		    (rc = cix_mapper_affil(&c->affils, c->rec, idx, aff)) < 0)
			return rc;
	}
	/* schema 5.3: affiliations/institution/institution_name */
	a = cix_mapper_child(n, CR, "affiliations");
	for (inst = cix_mapper_child(a, CR, "institution"); inst != NULL;
	    inst = cix_mapper_next(inst, CR, "institution")) {
		aff = NULL;
		if ((rc = fill_child(c, &aff, inst, "institution_name")) < 0 ||
		    (rc = cix_mapper_affil(&c->affils, c->rec, idx, aff)) < 0)
			return rc;
	}
	return CIX_OK;
}

static int
is_contributor(const xmlNode *n)
{
	return cix_mapper_is(n, CR, "person_name") ||
	    cix_mapper_is(n, CR, "organization") ||
	    cix_mapper_is(n, QR, "contributor");
}

/*
 * The contributors among parent's children, in order: the author marked
 * sequence="first" (if any) first, the other authors as given, then the
 * editors.  Only roles in want (a bit per enum cix_role) are kept.
 */
static int
contributors(struct ctx *c, const xmlNode *parent, unsigned want)
{
	const xmlNode *n, *first = NULL;
	const char *seq;
	int rc, role;

	if (parent == NULL)
		return CIX_OK;
	for (n = parent->children; n != NULL && first == NULL; n = n->next) {
		if (!is_contributor(n) || role_of(n) != CIX_ROLE_AUTHOR)
			continue;
		seq = cix_mapper_attr(n, "sequence");
		if (seq != NULL && strcmp(seq, "first") == 0)
			first = n;
	}
	if (first != NULL && (want & (1u << CIX_ROLE_AUTHOR)) &&
	    (rc = person(c, first, CIX_ROLE_AUTHOR)) < 0)
		return rc;
	for (role = CIX_ROLE_AUTHOR; role <= CIX_ROLE_EDITOR; role++) {
		if (!(want & (1u << role)))
			continue;
		for (n = parent->children; n != NULL; n = n->next) {
			if (n == first || !is_contributor(n) ||
			    role_of(n) != role)
				continue;
			if ((rc = person(c, n, role)) < 0)
				return rc;
		}
	}
	return CIX_OK;
}

/* ------------------------------------------------------------------ */
/* Dates */

static int
date_priority(const xmlNode *d)
{
	const char *mt;

	if (cix_mapper_is(d, CR, "publication_date")) {
		mt = cix_mapper_attr(d, "media_type");
		if (mt == NULL)
			return 5;
		if (strcmp(mt, "print") == 0)
			return 6;
		if (strcmp(mt, "online") == 0)
			return 4;
		return 3;
	}
	if (cix_mapper_is(d, CR, "posted_date") ||
	    cix_mapper_is(d, CR, "approval_date") ||
	    cix_mapper_is(d, CR, "review_date"))
		return 3;
	if (cix_mapper_is(d, CR, "creation_date") ||
	    cix_mapper_is(d, CR, "update_date"))
		return 1;
	return 0;
}

static long
number(struct ctx *c, const xmlNode *n)
{
	const char *t = NULL;
	long v;

	if (n == NULL || cix_mapper_text(&t, c->rec, n, 32) < 0 || t == NULL)
		return 0;
	if (cix_parse_long(t, strlen(t), &v) < 0)
		return 0;
	return v;
}

/* Consider one date element; the best one found so far wins. */
static void
date(struct ctx *c, const xmlNode *d)
{
	int prio = date_priority(d), y;
	long m, day;

	if (prio <= c->best_date)
		return;
	y = cix_mapper_year(number(c, cix_mapper_child(d, CR, "year")));
	if (y == 0)
		return;
	m = number(c, cix_mapper_child(d, CR, "month"));
	day = number(c, cix_mapper_child(d, CR, "day"));
	c->best_date = prio;
	c->rec->year = y;
	c->rec->month = m >= 1 && m <= 12 ? (int)m : 0;
	c->rec->day = c->rec->month && day >= 1 && day <= 31 ? (int)day : 0;
}

/* All the date elements among n's children. */
static void
dates(struct ctx *c, const xmlNode *n)
{
	const xmlNode *d, *e;

	if (n == NULL)
		return;
	for (d = n->children; d != NULL; d = d->next) {
		if (d->type != XML_ELEMENT_NODE)
			continue;
		if (cix_mapper_is(d, CR, "database_date")) {
			for (e = d->children; e != NULL; e = e->next)
				if (e->type == XML_ELEMENT_NODE)
					date(c, e);
		} else if (date_priority(d) > 0) {
			date(c, d);
		}
	}
}

/* ------------------------------------------------------------------ */
/* Identifiers, publisher, licence, abstract */

static int
isbns(struct ctx *c, const xmlNode *n)
{
	const xmlNode *i;
	const char *t;
	int rc;

	for (i = cix_mapper_child(n, CR, "isbn"); i != NULL;
	    i = cix_mapper_next(i, CR, "isbn")) {
		if ((rc = text(c, &t, i, 64)) < 0 ||
		    (rc = cix_mapper_append(&c->rec->isbn, c->rec, t)) < 0)
			return rc;
	}
	return CIX_OK;
}

static int
issns(struct ctx *c, const xmlNode *n, int ns)
{
	const xmlNode *i;
	const char *t, *mt;
	char s[10];
	int rc, elec;

	for (i = cix_mapper_child(n, ns, "issn"); i != NULL;
	    i = cix_mapper_next(i, ns, "issn")) {
		if ((rc = text(c, &t, i, 64)) < 0)
			return rc;
		if (!cix_mapper_issn(s, t))
			continue;
		mt = cix_mapper_attr(i, "media_type");
		if (mt == NULL)		/* qrschema 2.0 */
			mt = cix_mapper_attr(i, "type");
		elec = mt != NULL && strcmp(mt, "electronic") == 0;
		if (elec && c->rec->eissn == NULL)
			c->rec->eissn = cix_arena_strdup(&c->rec->arena, s);
		else if (!elec && c->rec->issn == NULL)
			c->rec->issn = cix_arena_strdup(&c->rec->arena, s);
		else
			continue;
		if ((elec ? c->rec->eissn : c->rec->issn) == NULL)
			return CIX_ENOMEM;
	}
	return CIX_OK;
}

static int
publisher(struct ctx *c, const xmlNode *n)
{
	const xmlNode *p = cix_mapper_child(n, CR, "publisher");
	int rc;

	if ((rc = fill_child(c, &c->rec->publisher, p, "publisher_name")) < 0)
		return rc;
	return fill_child(c, &c->rec->publisher_city, p, "publisher_place");
}

/* An institution (dissertations, reports, posted content). */
static int
institution(struct ctx *c, const char **field, const xmlNode *n)
{
	const xmlNode *i = cix_mapper_child(n, CR, "institution");

	return fill_child(c, field, i, "institution_name");
}

static int
licence_in(struct ctx *c, const xmlNode *prog)
{
	const xmlNode *l, *pick = NULL;
	const char *at;

	for (l = cix_mapper_child(prog, CIX_NS_AI, "license_ref"); l != NULL;
	    l = cix_mapper_next(l, CIX_NS_AI, "license_ref")) {
		at = cix_mapper_attr(l, "applies_to");
		if (pick == NULL || (at != NULL && strcmp(at, "vor") == 0))
			pick = l;
		if (at != NULL && strcmp(at, "vor") == 0)
			break;
	}
	return fill(c, &c->rec->license, pick);
}

static int
licence(struct ctx *c, const xmlNode *n)
{
	const xmlNode *p, *cm;
	int rc;

	if ((p = cix_mapper_child(n, CIX_NS_AI, "program")) != NULL &&
	    (rc = licence_in(c, p)) < 0)
		return rc;
	cm = cix_mapper_child(cix_mapper_child(n, CR, "crossmark"), CR,
	    "custom_metadata");
	if ((p = cix_mapper_child(cm, CIX_NS_AI, "program")) != NULL &&
	    (rc = licence_in(c, p)) < 0)
		return rc;
	return CIX_OK;
}

static int
abstract(struct ctx *c, const xmlNode *n)
{
	const xmlNode *a, *pick = NULL;

	if (c->rec->abstract != NULL || n == NULL)
		return CIX_OK;
	for (a = n->children; a != NULL; a = a->next) {
		if (!cix_mapper_is(a, CIX_NS_JATS, "abstract") &&
		    !cix_mapper_is(a, CR, "abstract"))
			continue;
		if (pick == NULL)
			pick = a;
		if (cix_mapper_attr(a, "abstract-type") == NULL) {
			pick = a;
			break;
		}
	}
	if (pick == NULL)
		return CIX_OK;
	return cix_markup_xml(&c->rec->abstract, NULL, &c->rec->arena, pick,
	    CIX_MARKUP_PARAS, CIX_MARKUP_ABSTRACT_CAP);
}

static int
language(struct ctx *c, const xmlNode *n)
{
	const char *l = cix_mapper_attr(n, "language");
	int rc;

	if (c->rec->language != NULL || l == NULL)
		return CIX_OK;
	rc = cix_record_strclean(c->rec, &c->rec->language, l, strlen(l));
	return rc;
}

static int
doi_data(struct ctx *c, const xmlNode *n)
{
	const xmlNode *dd = cix_mapper_child(n, CR, "doi_data");
	const char *t = NULL;
	int rc;

	if (dd == NULL)
		return CIX_OK;
	if (c->rec->doi == NULL) {
		if ((rc = fill_child(c, &t, dd, "doi")) < 0 ||
		    (rc = cix_mapper_doi(&c->rec->doi, c->rec, t)) < 0)
			return rc;
	}
	return fill_child(c, &c->rec->url, dd, "resource");
}

/* publisher_item/item_number, or item_number: the article number. */
static int
item_number(struct ctx *c, const xmlNode *n)
{
	const xmlNode *pi = cix_mapper_child(n, CR, "publisher_item");
	const xmlNode *in;
	const char *ty;
	int pass, rc;

	for (pass = 0; pass < 2; pass++) {
		for (in = cix_mapper_child(pass ? n : pi, CR, "item_number");
		    in != NULL; in = cix_mapper_next(in, CR, "item_number")) {
			ty = cix_mapper_attr(in, "item_number_type");
			if (ty != NULL && strcmp(ty, "article_number") != 0 &&
			    strcmp(ty, "article-number") != 0)
				continue;
			if ((rc = fill(c, &c->rec->article_no, in)) < 0)
				return rc;
		}
	}
	return CIX_OK;
}

static int
pages(struct ctx *c, const xmlNode *n)
{
	const xmlNode *p = cix_mapper_child(n, CR, "pages");
	int rc;

	if (p == NULL || c->rec->first_page != NULL)
		return CIX_OK;
	if ((rc = fill_child(c, &c->rec->first_page, p, "first_page")) < 0)
		return rc;
	return fill_child(c, &c->rec->last_page, p, "last_page");
}

/* ------------------------------------------------------------------ */
/* References */

static int
citation(struct ctx *c, const xmlNode *cit)
{
	struct cix_mapper_ref r;
	const xmlNode *n;
	const char **f;
	int rc;

	memset(&r, 0, sizeof(r));
	for (n = cit->children; n != NULL; n = n->next) {
		size_t cap = CIX_MARKUP_FIELD_CAP;

		if (n->type != XML_ELEMENT_NODE || n->name == NULL ||
		    !cix_mapper_is(n, CR, (const char *)n->name))
			continue;
		f = NULL;
		if (cix_mapper_is(n, CR, "doi"))
			f = &r.doi;
		else if (cix_mapper_is(n, CR, "unstructured_citation"))
			f = &r.unstructured, cap = CIX_MARKUP_TITLE_CAP;
		else if (cix_mapper_is(n, CR, "author"))
			f = &r.author;
		else if (cix_mapper_is(n, CR, "cYear"))
			f = &r.year;
		else if (cix_mapper_is(n, CR, "journal_title"))
			f = &r.journal, cap = CIX_MARKUP_TITLE_CAP;
		else if (cix_mapper_is(n, CR, "volume_title") ||
		    cix_mapper_is(n, CR, "series_title"))
			f = &r.book, cap = CIX_MARKUP_TITLE_CAP;
		else if (cix_mapper_is(n, CR, "article_title"))
			f = &r.title, cap = CIX_MARKUP_TITLE_CAP;
		else if (cix_mapper_is(n, CR, "volume"))
			f = &r.volume;
		else if (cix_mapper_is(n, CR, "issue"))
			f = &r.issue;
		else if (cix_mapper_is(n, CR, "first_page"))
			f = &r.page;
		if (f == NULL || *f != NULL)
			continue;
		if ((rc = text(c, f, n, cap)) < 0)
			return rc;
	}
	return cix_mapper_add_ref(c->rec, &r);
}

static int
citations(struct ctx *c, const xmlNode *n)
{
	const xmlNode *cl = cix_mapper_child(n, CR, "citation_list"), *cit;
	int rc;

	if (cl == NULL || c->rec->nrefs > 0)
		return CIX_OK;
	for (cit = cix_mapper_child(cl, CR, "citation"); cit != NULL;
	    cit = cix_mapper_next(cit, CR, "citation"))
		if ((rc = citation(c, cit)) < 0)
			return rc;
	c->rec->nr = (int)(c->rec->nrefs < 1000000 ? c->rec->nrefs : 1000000);
	return CIX_OK;
}

/* ------------------------------------------------------------------ */
/* Record types */

/* What every item (article, chapter, paper, ...) may carry. */
static int
item(struct ctx *c, const xmlNode *n)
{
	int rc;

	if (n == NULL)
		return CIX_OK;
	if ((rc = item_title(c, n)) < 0 ||
	    (rc = contributors(c, cix_mapper_child(n, CR, "contributors"),
	    (1u << CIX_ROLE_AUTHOR) | (1u << CIX_ROLE_EDITOR))) < 0 ||
	    (rc = contributors(c, n, (1u << CIX_ROLE_AUTHOR) |
	    (1u << CIX_ROLE_EDITOR))) < 0 ||
	    (rc = doi_data(c, n)) < 0 ||
	    (rc = pages(c, n)) < 0 ||
	    (rc = item_number(c, n)) < 0 ||
	    (rc = abstract(c, n)) < 0 ||
	    (rc = licence(c, n)) < 0 ||
	    (rc = language(c, n)) < 0 ||
	    (rc = isbns(c, n)) < 0 ||
	    (rc = issns(c, n, CR)) < 0 ||
	    (rc = publisher(c, n)) < 0 ||
	    (rc = fill_child(c, &c->rec->volume, n, "volume")) < 0 ||
	    (rc = citations(c, n)) < 0)
		return rc;
	dates(c, n);
	return CIX_OK;
}

/*
 * What a container (book, proceedings, database) gives an item in it:
 * editors (and its authors when the item names none) unless people is 0
 * (the container is the item itself), identifiers, publisher, dates and
 * language the item lacks, and the series.
 */
static int
container(struct ctx *c, const xmlNode *n, int people)
{
	const xmlNode *sm;
	const char *t, *tm;
	size_t nauth = cix_record_count_role(c->rec, CIX_ROLE_AUTHOR);
	int rc;

	if (n == NULL)
		return CIX_OK;
	if ((people && (rc = contributors(c, cix_mapper_child(n, CR,
	    "contributors"), nauth ? 1u << CIX_ROLE_EDITOR :
	    (1u << CIX_ROLE_AUTHOR) | (1u << CIX_ROLE_EDITOR))) < 0) ||
	    (rc = isbns(c, n)) < 0 ||
	    (rc = issns(c, n, CR)) < 0 ||
	    (rc = publisher(c, n)) < 0 ||
	    (rc = language(c, n)) < 0 ||
	    (rc = licence(c, n)) < 0 ||
	    (rc = fill_child(c, &c->rec->volume, n, "volume")) < 0)
		return rc;
	dates(c, n);
	/* series_metadata / set_metadata: the series title and ISSN */
	sm = cix_mapper_child(n, CR, "series_metadata");
	if (sm == NULL)
		sm = cix_mapper_child(n, CR, "set_metadata");
	if (sm != NULL && c->rec->series == NULL) {
		if ((rc = titles(c, &t, &tm, sm)) < 0)
			return rc;
		c->rec->series = t;
		if ((rc = issns(c, sm, CR)) < 0)
			return rc;
	}
	return CIX_OK;
}

static int
journal(struct ctx *c, const xmlNode *j)
{
	const xmlNode *jm = cix_mapper_child(j, CR, "journal_metadata");
	const xmlNode *ji = cix_mapper_child(j, CR, "journal_issue");
	const xmlNode *ja = cix_mapper_child(j, CR, "journal_article");
	const xmlNode *jv = cix_mapper_child(ji, CR, "journal_volume");
	int rc;

	c->rec->type = CIX_TYPE_ARTICLE;
	if ((rc = item(c, ja)) < 0)
		return rc;
	if (ja == NULL) {
		/* a DOI for the journal or one of its issues */
		c->rec->type = CIX_TYPE_OTHER;
		if ((rc = doi_data(c, ji)) < 0 || (rc = doi_data(c, jm)) < 0)
			return rc;
	}
	if ((rc = fill_child(c, &c->rec->source, jm, "full_title")) < 0 ||
	    (rc = fill_child(c, &c->rec->source_iso, jm, "abbrev_title")) < 0 ||
	    (rc = issns(c, jm, CR)) < 0 ||
	    (rc = language(c, jm)) < 0 ||
	    (rc = fill_child(c, &c->rec->volume, jv, "volume")) < 0 ||
	    (rc = fill_child(c, &c->rec->issue, ji, "issue")) < 0 ||
	    (rc = fill_child(c, &c->rec->issue, jv, "issue")) < 0)
		return rc;
	if (ja == NULL && c->rec->title == NULL)
		c->rec->title = c->rec->source;
	dates(c, ji);
	return CIX_OK;
}

static const xmlNode *
book_metadata(const xmlNode *b)
{
	const xmlNode *m;

	if ((m = cix_mapper_child(b, CR, "book_metadata")) != NULL ||
	    (m = cix_mapper_child(b, CR, "book_series_metadata")) != NULL ||
	    (m = cix_mapper_child(b, CR, "book_set_metadata")) != NULL)
		return m;
	return NULL;
}

/* A book, or a report: chapter when it has a content item. */
static int
book_like(struct ctx *c, const xmlNode *meta, const xmlNode *ci,
    const char *whole_type)
{
	int rc;

	if (ci != NULL && (c->doi_type == NULL ||
	    strcmp(c->doi_type, "book_title") != 0)) {
		c->rec->type = CIX_TYPE_CHAPTER;
		if ((rc = item(c, ci)) < 0 ||
		    (rc = source_title(c, meta)) < 0)
			return rc;
		return container(c, meta, 1);
	}
	c->rec->type = whole_type;
	if ((rc = item(c, meta)) < 0)
		return rc;
	return container(c, meta, 0);
}

static int
book(struct ctx *c, const xmlNode *b)
{
	return book_like(c, book_metadata(b),
	    cix_mapper_child(b, CR, "content_item"), CIX_TYPE_BOOK);
}

static int
report(struct ctx *c, const xmlNode *r)
{
	const xmlNode *m = cix_mapper_child(r, CR, "report-paper_metadata");
	int rc;

	if (m == NULL)
		m = cix_mapper_child(r, CR, "report-paper_series_metadata");
	if ((rc = book_like(c, m, cix_mapper_child(r, CR, "content_item"),
	    CIX_TYPE_REPORT)) < 0)
		return rc;
	return institution(c, &c->rec->publisher, m);
}

static int
conference(struct ctx *c, const xmlNode *conf)
{
	const xmlNode *em = cix_mapper_child(conf, CR, "event_metadata");
	const xmlNode *pm = cix_mapper_child(conf, CR, "proceedings_metadata");
	const xmlNode *cp = cix_mapper_child(conf, CR, "conference_paper");
	const xmlNode *cd;
	const char *t;
	int rc;

	if (pm == NULL)
		pm = cix_mapper_child(conf, CR, "proceedings_series_metadata");
	if (cp != NULL) {
		c->rec->type = CIX_TYPE_PAPER_CONF;
		if ((rc = item(c, cp)) < 0 ||
		    (rc = fill_child(c, &c->rec->source, pm,
		    "proceedings_title")) < 0)
			return rc;
	} else {
		c->rec->type = CIX_TYPE_BOOK;
		if ((rc = item(c, pm)) < 0)
			return rc;
		if (c->rec->title == NULL &&
		    (rc = fill_child(c, &c->rec->title, pm,
		    "proceedings_title")) < 0)
			return rc;
	}
	if ((rc = container(c, pm, cp != NULL)) < 0 ||
	    (rc = fill_child(c, &c->rec->conference, em,
	    "conference_name")) < 0 ||
	    (rc = fill_child(c, &c->rec->conf_place, em,
	    "conference_location")) < 0)
		return rc;
	cd = cix_mapper_child(em, CR, "conference_date");
	if (cd != NULL && c->rec->conf_date == NULL) {
		if ((rc = fill(c, &c->rec->conf_date, cd)) < 0)
			return rc;
		if (c->rec->conf_date == NULL &&
		    (t = cix_mapper_attr(cd, "start_year")) != NULL) {
			const char *m = cix_mapper_attr(cd, "start_month");
			const char *d = cix_mapper_attr(cd, "start_day");
			struct cix_buf b;

			cix_buf_init(&b, 64);
			rc = cix_buf_adds(&b, t);
			if (rc == CIX_OK && m != NULL)
				rc = cix_buf_addf(&b, "-%s", m);
			if (rc == CIX_OK && m != NULL && d != NULL)
				rc = cix_buf_addf(&b, "-%s", d);
			if (rc == CIX_OK || rc == CIX_ETOOBIG)
				rc = cix_record_strclean(c->rec,
				    &c->rec->conf_date, b.p, b.len);
			cix_buf_release(&b);
			if (rc < 0)
				return rc;
		}
	}
	return CIX_OK;
}

static int
posted_content(struct ctx *c, const xmlNode *pc)
{
	const char *ty = cix_mapper_attr(pc, "type");
	int rc;

	if (ty != NULL && strcmp(ty, "dissertation") == 0)
		c->rec->type = CIX_TYPE_THESIS;
	else if (ty != NULL && strcmp(ty, "report") == 0)
		c->rec->type = CIX_TYPE_REPORT;
	else
		c->rec->type = CIX_TYPE_PREPRINT;
	if ((rc = item(c, pc)) < 0)
		return rc;
	/* the server (bioRxiv, SSRN...) is where it is found */
	return institution(c, &c->rec->source, pc);
}

static int
dissertation(struct ctx *c, const xmlNode *d)
{
	int rc;

	c->rec->type = CIX_TYPE_THESIS;
	if ((rc = item(c, d)) < 0)
		return rc;
	return institution(c, &c->rec->publisher, d);
}

static int
standard(struct ctx *c, const xmlNode *s)
{
	const xmlNode *m = cix_mapper_child(s, CR, "standard_metadata");
	const xmlNode *sb;
	int rc;

	if (m == NULL)
		m = s;
	/* CIX has no type for standards: they are cited like reports */
	c->rec->type = CIX_TYPE_REPORT;
	if ((rc = item(c, m)) < 0)
		return rc;
	sb = cix_mapper_child(m, CR, "standards_body");
	return fill_child(c, &c->rec->publisher, sb, "standards_body_name");
}

static int
database(struct ctx *c, const xmlNode *db)
{
	const xmlNode *dm = cix_mapper_child(db, CR, "database_metadata");
	const xmlNode *ds = cix_mapper_child(db, CR, "dataset");
	int rc;

	c->rec->type = CIX_TYPE_DATASET;
	if (ds != NULL) {
		if ((rc = item(c, ds)) < 0 || (rc = source_title(c, dm)) < 0)
			return rc;
		if ((rc = container(c, dm, 1)) < 0)
			return rc;
	} else if ((rc = item(c, dm)) < 0) {
		return rc;
	}
	return institution(c, &c->rec->publisher, dm);
}

static int
sa_component(struct ctx *c, const xmlNode *sa)
{
	const xmlNode *cl = cix_mapper_child(sa, CR, "component_list");

	/* supplementary material: figures, tables, data files */
	c->rec->type = CIX_TYPE_DATASET;
	return item(c, cix_mapper_child(cl, CR, "component"));
}

static int
peer_review(struct ctx *c, const xmlNode *p)
{
	c->rec->type = CIX_TYPE_OTHER;
	return item(c, p);
}

static const struct {
	const char *name;
	int (*fn)(struct ctx *, const xmlNode *);
} kinds[] = {
	{ "journal", journal },
	{ "book", book },
	{ "conference", conference },
	{ "posted_content", posted_content },
	{ "dissertation", dissertation },
	{ "report-paper", report },
	{ "standard", standard },
	{ "database", database },
	{ "sa_component", sa_component },
	{ "peer_review", peer_review },
	{ NULL, NULL }
};

/* The <crossref> element of UNIXREF and UNIXSD. */
static int
crossref(struct ctx *c, const xmlNode *cr)
{
	const xmlNode *n, *e;
	const char *msg = NULL;
	size_t i;
	int rc;

	if ((e = cix_mapper_child(cr, CR, "error")) != NULL) {
		if ((rc = text(c, &msg, e, 200)) < 0)
			return rc;
		return cix_error_set_at(c->err, CIX_ENOTFOUND,
		    doi_or_response(c), (size_t)xmlGetLineNo((xmlNode *)e),
		    "Crossref has no record: %s", msg != NULL ? msg :
		    "(no reason given)");
	}
	for (n = cr->children; n != NULL; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		for (i = 0; kinds[i].name != NULL; i++)
			if (cix_mapper_is(n, CR, kinds[i].name))
				return kinds[i].fn(c, n);
	}
	return cix_error_set_at(c->err, CIX_EPARSE, doi_or_response(c),
	    (size_t)xmlGetLineNo((xmlNode *)cr),
	    "Crossref record has no journal, book, conference or other item");
}

/* The old OpenURL answer (qrschema 2.0): one flat query element. */
static int
openurl(struct ctx *c, const xmlNode *q)
{
	static const struct {
		const char *doi_type;
		const char *type;
	} types[] = {
		{ "journal_article", CIX_TYPE_ARTICLE },
		{ "book_content", CIX_TYPE_CHAPTER },
		{ "book_title", CIX_TYPE_BOOK },
		{ "conference_paper", CIX_TYPE_PAPER_CONF },
		{ "dissertation", CIX_TYPE_THESIS },
		{ "report-paper", CIX_TYPE_REPORT },
		{ "posted_content", CIX_TYPE_PREPRINT },
		{ "dataset", CIX_TYPE_DATASET },
		{ "component", CIX_TYPE_DATASET },
		{ NULL, NULL }
	};
	const xmlNode *n;
	const char *t = NULL, *fl;
	size_t i;
	long v;
	int rc;

	c->rec->type = CIX_TYPE_OTHER;
	for (i = 0; c->doi_type != NULL && types[i].doi_type != NULL; i++)
		if (strcmp(c->doi_type, types[i].doi_type) == 0)
			c->rec->type = types[i].type;
	if ((rc = cix_mapper_doi(&c->rec->doi, c->rec, c->query_doi)) < 0 ||
	    (rc = contributors(c, cix_mapper_child(q, QR, "contributors"),
	    (1u << CIX_ROLE_AUTHOR) | (1u << CIX_ROLE_EDITOR))) < 0 ||
	    (rc = issns(c, q, QR)) < 0)
		return rc;
	for (n = q->children; n != NULL; n = n->next) {
		const char **f = NULL;

		if (n->type != XML_ELEMENT_NODE || !cix_mapper_is(n, QR,
		    (const char *)n->name))
			continue;
		if (cix_mapper_is(n, QR, "journal_title"))
			f = &c->rec->source;
		else if (cix_mapper_is(n, QR, "volume"))
			f = &c->rec->volume;
		else if (cix_mapper_is(n, QR, "issue"))
			f = &c->rec->issue;
		else if (cix_mapper_is(n, QR, "first_page"))
			f = &c->rec->first_page;
		else if (cix_mapper_is(n, QR, "last_page"))
			f = &c->rec->last_page;
		else if (cix_mapper_is(n, QR, "isbn"))
			f = &c->rec->isbn;
		if (f != NULL && (rc = fill(c, f, n)) < 0)
			return rc;
		if (cix_mapper_is(n, QR, "year") && c->rec->year == 0 &&
		    (rc = text(c, &t, n, 16)) == CIX_OK && t != NULL &&
		    cix_parse_long(t, strlen(t), &v) == CIX_OK)
			c->rec->year = cix_mapper_year(v);
	}
	/* article_title, or volume_title for a whole book */
	n = cix_mapper_child(q, QR, "article_title");
	if (n == NULL)
		n = cix_mapper_child(q, QR, "volume_title");
	else if (c->rec->source == NULL && (rc = fill(c, &c->rec->source,
	    cix_mapper_child(q, QR, "volume_title"))) < 0)
		return rc;
	if (n != NULL) {
		const char *tt, *tm;

		if ((rc = cix_markup_xml(&tt, &tm, &c->rec->arena, n, 0,
		    CIX_MARKUP_TITLE_CAP)) < 0)
			return rc;
		c->rec->title = tt;
		c->rec->title_markup = tm;
	}
	fl = cix_mapper_attr(q, "fl_count");
	if (fl != NULL && cix_parse_long(fl, strlen(fl), &v) == CIX_OK &&
	    v >= 0)
		c->rec->times_cited = v;
	return CIX_OK;
}

static int
crm_items(struct ctx *c, const xmlNode *q)
{
	const xmlNode *n;
	const char *name, *t;
	long v;
	int rc;

	for (n = cix_mapper_child(q, QR, "crm-item"); n != NULL;
	    n = cix_mapper_next(n, QR, "crm-item")) {
		name = cix_mapper_attr(n, "name");
		if (name == NULL)
			continue;
		if (strcmp(name, "citedby-count") == 0) {
			if ((rc = text(c, &t, n, 32)) < 0)
				return rc;
			if (t != NULL && cix_parse_long(t, strlen(t),
			    &v) == CIX_OK && v >= 0)
				c->rec->times_cited = v;
		} else if (strcmp(name, "publisher-name") == 0 &&
		    c->crm_publisher == NULL) {
			if ((rc = text(c, &c->crm_publisher, n,
			    CIX_MARKUP_FIELD_CAP)) < 0)
				return rc;
		}
	}
	return CIX_OK;
}

/* crossref_result: UNIXSD (qrschema 3.0) or OpenURL (2.0). */
static int
query_result(struct ctx *c, const xmlNode *root)
{
	const xmlNode *q, *d, *dr, *cr, *m;
	const char *status, *msg = NULL;
	int rc;

	q = cix_mapper_child(cix_mapper_child(cix_mapper_child(root, QR,
	    "query_result"), QR, "body"), QR, "query");
	if (q == NULL)
		return cix_error_set_at(c->err, CIX_EPARSE, "response",
		    (size_t)xmlGetLineNo((xmlNode *)root),
		    "Crossref result has no query_result/body/query");
	if ((d = cix_mapper_child(q, QR, "doi")) != NULL) {
		c->doi_type = cix_mapper_attr(d, "type");
		if ((rc = text(c, &c->query_doi, d, 4096)) < 0)
			return rc;
	}
	status = cix_mapper_attr(q, "status");
	if (status != NULL && strcmp(status, "resolved") != 0) {
		m = cix_mapper_child(q, QR, "msg");
		if (m != NULL && (rc = text(c, &msg, m, 200)) < 0)
			return rc;
		return cix_error_set_at(c->err, CIX_ENOTFOUND,
		    doi_or_response(c), (size_t)xmlGetLineNo((xmlNode *)q),
		    "Crossref query %s%s%s", status, msg != NULL ? ": " : "",
		    msg != NULL ? msg : "");
	}
	if ((rc = crm_items(c, q)) < 0)
		return rc;
	dr = cix_mapper_child(q, QR, "doi_record");
	cr = cix_mapper_child(dr, CR, "crossref");
	if (cr == NULL) {
		if (dr == NULL && (cix_mapper_child(q, QR, "article_title") ||
		    cix_mapper_child(q, QR, "journal_title") ||
		    cix_mapper_child(q, QR, "contributors") ||
		    cix_mapper_child(q, QR, "volume_title")))
			return openurl(c, q);
		return cix_error_set_at(c->err, CIX_EPARSE,
		    doi_or_response(c), (size_t)xmlGetLineNo((xmlNode *)q),
		    "Crossref result has no doi_record/crossref");
	}
	return crossref(c, cr);
}

int
cix_crossref_parse(struct cix_record *rec, const char *xml, size_t len,
    struct cix_error *err)
{
	struct ctx c;
	xmlDocPtr doc = NULL;
	const xmlNode *root, *dr;
	int rc;

	cix_record_reset(rec);
	memset(&c, 0, sizeof(c));
	c.rec = rec;
	c.err = err;
	if ((rc = cix_mapper_xml_read(&doc, xml, len, "Crossref XML",
	    err)) < 0)
		goto out;
	root = cix_mapper_xml_root(doc);
	if (cix_mapper_is(root, QR, "crossref_result")) {
		rc = query_result(&c, root);
	} else if (cix_mapper_is(root, CR, "doi_records")) {
		dr = cix_mapper_child(root, CR, "doi_record");
		if (dr == NULL || cix_mapper_child(dr, CR, "crossref") == NULL)
			rc = cix_error_set_at(err, CIX_EPARSE, "response",
			    (size_t)xmlGetLineNo((xmlNode *)root),
			    "Crossref doi_records has no doi_record/crossref");
		else
			rc = crossref(&c, cix_mapper_child(dr, CR, "crossref"));
	} else if (cix_mapper_is(root, CR, "crossref")) {
		rc = crossref(&c, root);
	} else {
		rc = cix_error_set_at(err, CIX_EPARSE, "response",
		    (size_t)xmlGetLineNo((xmlNode *)root),
		    "response is not Crossref XML: root element is '%s'",
		    (const char *)root->name);
	}
	if (rc < 0)
		goto out;
	if (rec->doi == NULL && c.query_doi != NULL &&
	    (rc = cix_mapper_doi(&rec->doi, rec, c.query_doi)) < 0)
		goto out;
	if (rec->publisher == NULL)
		rec->publisher = c.crm_publisher;
	if (rec->type == NULL)
		rec->type = CIX_TYPE_OTHER;
	rec->origin = "crossref";
out:
	cix_mapper_xml_free(doc);
	cix_mapper_affils_release(&c.affils);
	if (rc < 0) {
		if (rc == CIX_ENOMEM)
			cix_error_set(err, CIX_ENOMEM, "out of memory");
		cix_record_reset(rec);
	}
	return rc;
}
