#include "config.h"

#include <string.h>

#include <libxml/tree.h>

#include "datacite.h"
#include "error.h"
#include "mapper.h"
#include "markup.h"
#include "record.h"
#include "util.h"
#include "banned.h"

#define DC CIX_NS_DATACITE

static int
text(struct cix_record *rec, const char **out, const xmlNode *n)
{
	return cix_mapper_text(out, rec, n, CIX_MARKUP_FIELD_CAP);
}

static int
child_text(struct cix_record *rec, const char **out, const xmlNode *n,
    const char *name)
{
	*out = NULL;
	return text(rec, out, cix_mapper_child(n, DC, name));
}

static int
attr_is(const xmlNode *n, const char *name, const char *value)
{
	const char *v = cix_mapper_attr(n, name);

	return v != NULL && cix_strcasecmp(v, value) == 0;
}

/* ------------------------------------------------------------------ */
/* People */

/*
 * One creator or contributor: pfx is "creator" or "contributor"
 * (creatorName / contributorName).
 */
static int
person(struct cix_mapper_affils *ix, struct cix_record *rec,
    const xmlNode *n, const char *pfx, int role)
{
	char nm[32];
	const xmlNode *name, *id, *a;
	const char *full = NULL, *given = NULL, *family = NULL, *orcid = NULL;
	const char *aff, *nt;
	size_t idx;
	int rc, corporate;

	snprintf(nm, sizeof(nm), "%sName", pfx);
	name = cix_mapper_child(n, DC, nm);
	if ((rc = text(rec, &full, name)) < 0 ||
	    (rc = child_text(rec, &given, n, "givenName")) < 0 ||
	    (rc = child_text(rec, &family, n, "familyName")) < 0)
		return rc;
	for (id = cix_mapper_child(n, DC, "nameIdentifier"); id != NULL;
	    id = cix_mapper_next(id, DC, "nameIdentifier")) {
		if (attr_is(id, "nameIdentifierScheme", "ORCID") &&
		    (rc = text(rec, &orcid, id)) < 0)
			return rc;
		if (orcid != NULL)
			break;
	}
	nt = cix_mapper_attr(name, "nameType");
	corporate = nt != NULL ? cix_strcasecmp(nt, "Organizational") == 0 :
	    (given == NULL && family == NULL && full != NULL &&
	    strchr(full, ',') == NULL && cix_mapper_looks_corporate(full));
	if (corporate) {
		family = full != NULL ? full : family;
		given = NULL;
	} else if (given == NULL && family == NULL &&
	    (rc = cix_mapper_split_name(&family, &given, rec, full)) < 0) {
		return rc;
	}
	if ((rc = cix_mapper_person(&idx, rec, family, given, NULL, orcid,
	    role, corporate)) < 0 || idx == (size_t)-1)
		return rc;
	for (a = cix_mapper_child(n, DC, "affiliation"); a != NULL;
	    a = cix_mapper_next(a, DC, "affiliation")) {
		if ((rc = text(rec, &aff, a)) < 0 ||
		    (rc = cix_mapper_affil(ix, rec, idx, aff)) < 0)
			return rc;
	}
	return CIX_OK;
}

static int
people(struct cix_record *rec, const xmlNode *root)
{
	struct cix_mapper_affils ix = CIX_MAPPER_AFFILS_INIT;
	const xmlNode *n;
	int rc = CIX_OK;

	for (n = cix_mapper_child(cix_mapper_child(root, DC, "creators"), DC,
	    "creator"); n != NULL; n = cix_mapper_next(n, DC, "creator"))
		if ((rc = person(&ix, rec, n, "creator",
		    CIX_ROLE_AUTHOR)) < 0)
			goto out;
	for (n = cix_mapper_child(cix_mapper_child(root, DC, "contributors"),
	    DC, "contributor"); n != NULL;
	    n = cix_mapper_next(n, DC, "contributor"))
		if (attr_is(n, "contributorType", "Editor") &&
		    (rc = person(&ix, rec, n, "contributor",
		    CIX_ROLE_EDITOR)) < 0)
			goto out;
out:
	cix_mapper_affils_release(&ix);
	return rc;
}

/* ------------------------------------------------------------------ */
/* Titles, type, dates */

static int
titles(struct cix_record *rec, const xmlNode *root)
{
	const xmlNode *ts = cix_mapper_child(root, DC, "titles"), *t;
	const xmlNode *main = NULL, *sub = NULL, *first = NULL;
	const char *a, *am, *b = NULL, *bm = NULL;
	int rc;

	for (t = cix_mapper_child(ts, DC, "title"); t != NULL;
	    t = cix_mapper_next(t, DC, "title")) {
		const char *ty = cix_mapper_attr(t, "titleType");

		if (first == NULL)
			first = t;
		if (ty == NULL && main == NULL)
			main = t;
		else if (ty != NULL && cix_strcasecmp(ty, "Subtitle") == 0 &&
		    sub == NULL)
			sub = t;
	}
	if (main == NULL)
		main = first;
	if ((rc = cix_markup_xml(&a, &am, &rec->arena, main, 0,
	    CIX_MARKUP_TITLE_CAP)) < 0)
		return rc;
	if (sub != NULL && sub != main && (rc = cix_markup_xml(&b, &bm,
	    &rec->arena, sub, 0, CIX_MARKUP_TITLE_CAP)) < 0)
		return rc;
	return cix_mapper_title(rec, a, am, b, bm);
}

static const struct {
	const char *general;	/* resourceTypeGeneral */
	const char *type;
} generals[] = {
	{ "Dataset", CIX_TYPE_DATASET },
	{ "Software", CIX_TYPE_SOFTWARE },
	{ "ComputationalNotebook", CIX_TYPE_SOFTWARE },
	{ "JournalArticle", CIX_TYPE_ARTICLE },
	{ "DataPaper", CIX_TYPE_ARTICLE },
	{ "ConferencePaper", CIX_TYPE_PAPER_CONF },
	{ "ConferenceProceeding", CIX_TYPE_BOOK },
	{ "Dissertation", CIX_TYPE_THESIS },
	{ "Report", CIX_TYPE_REPORT },
	{ "Standard", CIX_TYPE_REPORT },
	{ "Preprint", CIX_TYPE_PREPRINT },
	{ "Book", CIX_TYPE_BOOK },
	{ "BookChapter", CIX_TYPE_CHAPTER },
	{ NULL, NULL }
};

/* resourceType words that refine Text (longest match first). */
static const struct {
	const char *word;
	const char *type;
} words[] = {
	{ "book chapter", CIX_TYPE_CHAPTER },
	{ "bookchapter", CIX_TYPE_CHAPTER },
	{ "chapter", CIX_TYPE_CHAPTER },
	{ "conference paper", CIX_TYPE_PAPER_CONF },
	{ "conferencepaper", CIX_TYPE_PAPER_CONF },
	{ "proceedings", CIX_TYPE_PAPER_CONF },
	{ "dissertation", CIX_TYPE_THESIS },
	{ "thesis", CIX_TYPE_THESIS },
	{ "preprint", CIX_TYPE_PREPRINT },
	{ "working paper", CIX_TYPE_PREPRINT },
	{ "report", CIX_TYPE_REPORT },
	{ "review", CIX_TYPE_REVIEW },
	{ "editorial", CIX_TYPE_EDITORIAL },
	{ "article", CIX_TYPE_ARTICLE },
	{ "book", CIX_TYPE_BOOK },
	{ NULL, NULL }
};

static void
type(struct cix_record *rec, const xmlNode *root)
{
	const xmlNode *rt = cix_mapper_child(root, DC, "resourceType");
	const char *g = cix_mapper_attr(rt, "resourceTypeGeneral");
	const char *t = NULL;
	size_t i;

	rec->type = CIX_TYPE_OTHER;
	for (i = 0; g != NULL && generals[i].general != NULL; i++) {
		if (cix_strcasecmp(g, generals[i].general) == 0) {
			rec->type = generals[i].type;
			return;
		}
	}
	if (g != NULL && cix_strcasecmp(g, "Text") != 0)
		return;
	if (rt == NULL || cix_mapper_text(&t, rec, rt, 256) < 0 || t == NULL)
		return;
	for (i = 0; words[i].word != NULL; i++) {
		if (cix_strcasestr(t, words[i].word) != NULL) {
			rec->type = words[i].type;
			return;
		}
	}
}

static int
dates(struct cix_record *rec, const xmlNode *root)
{
	const xmlNode *d;
	const char *t;
	long y = 0;
	int iy, im, id, rc;

	if ((rc = child_text(rec, &t, root, "publicationYear")) < 0)
		return rc;
	if (t != NULL && cix_parse_long(t, strlen(t), &y) == CIX_OK)
		rec->year = cix_mapper_year(y);
	for (d = cix_mapper_child(cix_mapper_child(root, DC, "dates"), DC,
	    "date"); d != NULL; d = cix_mapper_next(d, DC, "date")) {
		if (!attr_is(d, "dateType", "Issued"))
			continue;
		if ((rc = text(rec, &t, d)) < 0)
			return rc;
		if (!cix_mapper_date(t, &iy, &im, &id))
			continue;
		if (rec->year == 0)
			rec->year = iy;
		if (iy == rec->year) {
			rec->month = im;
			rec->day = id;
		}
		break;
	}
	return CIX_OK;
}

/* ------------------------------------------------------------------ */
/* Abstract, rights, references, container */

static int
abstract(struct cix_record *rec, const xmlNode *root)
{
	const xmlNode *d;

	for (d = cix_mapper_child(cix_mapper_child(root, DC, "descriptions"),
	    DC, "description"); d != NULL;
	    d = cix_mapper_next(d, DC, "description"))
		if (attr_is(d, "descriptionType", "Abstract"))
			return cix_markup_xml(&rec->abstract, NULL,
			    &rec->arena, d, CIX_MARKUP_PARAS |
			    CIX_MARKUP_BLANKLINES, CIX_MARKUP_ABSTRACT_CAP);
	return CIX_OK;
}

static int
rights(struct cix_record *rec, const xmlNode *root)
{
	const xmlNode *r, *list = cix_mapper_child(root, DC, "rightsList");
	const char *u;
	int pass;

	/* kernel-4 rightsList/rights, kernel-2 rights at the top */
	for (pass = 0; pass < 2; pass++) {
		for (r = cix_mapper_child(pass ? root : list, DC, "rights");
		    r != NULL; r = cix_mapper_next(r, DC, "rights")) {
			u = cix_mapper_attr(r, "rightsURI");
			if (u == NULL || (!cix_startswith_nocase(u, strlen(u),
			    "http://") && !cix_startswith_nocase(u, strlen(u),
			    "https://")))
				continue;
			return cix_record_strclean(rec, &rec->license, u,
			    strlen(u));
		}
	}
	return CIX_OK;
}

static int
references(struct cix_record *rec, const xmlNode *root)
{
	const xmlNode *r;
	struct cix_mapper_ref ref;
	const char *t, *doi;
	int rc;

	for (r = cix_mapper_child(cix_mapper_child(root, DC,
	    "relatedIdentifiers"), DC, "relatedIdentifier"); r != NULL;
	    r = cix_mapper_next(r, DC, "relatedIdentifier")) {
		if (!attr_is(r, "relationType", "References") &&
		    !attr_is(r, "relationType", "Cites"))
			continue;
		if (!attr_is(r, "relatedIdentifierType", "DOI") &&
		    !attr_is(r, "relatedIdentifierType", "URL"))
			continue;
		if ((rc = text(rec, &t, r)) < 0 ||
		    (rc = cix_mapper_doi(&doi, rec, t)) < 0)
			return rc;
		if (doi == NULL)
			continue;	/* a URL that is not a DOI */
		memset(&ref, 0, sizeof(ref));
		ref.doi = doi;
		if ((rc = cix_mapper_add_ref(rec, &ref)) < 0)
			return rc;
	}
	return CIX_OK;
}

/* An ISSN or ISBN identifying the container. */
static int
container_id(struct cix_record *rec, const xmlNode *n, const char *type)
{
	const char *t;
	char s[10];
	int rc;

	if (type == NULL || (rc = text(rec, &t, n)) < 0 || t == NULL)
		return type == NULL ? CIX_OK : rc;
	if (cix_strcasecmp(type, "ISSN") == 0 && rec->issn == NULL &&
	    cix_mapper_issn(s, t)) {
		if ((rec->issn = cix_arena_strdup(&rec->arena, s)) == NULL)
			return CIX_ENOMEM;
	} else if (cix_strcasecmp(type, "ISBN") == 0) {
		return cix_mapper_append(&rec->isbn, rec, t);
	}
	return CIX_OK;
}

static int
related_item(struct cix_record *rec, const xmlNode *root)
{
	const xmlNode *list = cix_mapper_child(root, DC, "relatedItems");
	const xmlNode *it, *pick = NULL, *id;
	const char *t, *a, *b;
	int rc;

	for (it = cix_mapper_child(list, DC, "relatedItem"); it != NULL;
	    it = cix_mapper_next(it, DC, "relatedItem")) {
		if (attr_is(it, "relationType", "IsPublishedIn") ||
		    attr_is(it, "relationType", "IsPartOf")) {
			pick = it;
			break;
		}
		if (pick == NULL && attr_is(it, "relatedItemType", "Journal"))
			pick = it;
	}
	if (pick == NULL)
		return CIX_OK;
	t = NULL;
	if ((rc = text(rec, &t, cix_mapper_child(cix_mapper_child(pick, DC,
	    "titles"), DC, "title"))) < 0)
		return rc;
	rec->source = t;
	if ((rc = child_text(rec, &rec->volume, pick, "volume")) < 0 ||
	    (rc = child_text(rec, &rec->issue, pick, "issue")) < 0 ||
	    (rc = child_text(rec, &a, pick, "firstPage")) < 0 ||
	    (rc = child_text(rec, &b, pick, "lastPage")) < 0)
		return rc;
	rec->first_page = a;
	rec->last_page = a != NULL ? b : NULL;
	for (id = cix_mapper_child(pick, DC, "relatedItemIdentifier");
	    id != NULL; id = cix_mapper_next(id, DC, "relatedItemIdentifier"))
		if ((rc = container_id(rec, id, cix_mapper_attr(id,
		    "relatedItemIdentifierType"))) < 0)
			return rc;
	return CIX_OK;
}

/*
 * SeriesInformation as some repositories write it:
 * "GMS Journal for Medical Education; 34(2):Doc25",
 * "Journal Title, 12(3), 45-67".
 */
static int
series_info(struct cix_record *rec, const xmlNode *root)
{
	const xmlNode *d;
	const char *t, *p, *v, *e;
	int rc;

	if (rec->source != NULL)
		return CIX_OK;
	for (d = cix_mapper_child(cix_mapper_child(root, DC, "descriptions"),
	    DC, "description"); d != NULL;
	    d = cix_mapper_next(d, DC, "description"))
		if (attr_is(d, "descriptionType", "SeriesInformation"))
			break;
	if (d == NULL || (rc = text(rec, &t, d)) < 0 || t == NULL)
		return d == NULL ? CIX_OK : rc;
	/*
	 * The title ends at the first ';' or ',' followed by a volume:
	 * digits, then '(', ':', ',', ';' or the end.
	 */
	for (p = t; *p != '\0'; p++) {
		const char *q = p + 1;

		if (*p != ';' && *p != ',')
			continue;
		while (*q == ' ')
			q++;
		if (!cix_isdigit((unsigned char)*q))
			continue;
		while (cix_isdigit((unsigned char)*q))
			q++;
		if (*q == '\0' || strchr("(:,;", *q) != NULL)
			break;
	}
	if (*p == '\0')
		return cix_record_strclean(rec, &rec->source, t, strlen(t));
	p++;
	if ((rc = cix_record_strclean(rec, &rec->source, t,
	    (size_t)(p - 1 - t))) < 0)
		return rc;
	while (*p == ' ')
		p++;
	for (v = p; cix_isdigit((unsigned char)*p); p++)
		;
	if ((rc = cix_record_strclean(rec, &rec->volume, v,
	    (size_t)(p - v))) < 0)
		return rc;
	if (*p == '(' && (e = strchr(p, ')')) != NULL) {
		if ((rc = cix_record_strclean(rec, &rec->issue, p + 1,
		    (size_t)(e - p - 1))) < 0)
			return rc;
		p = e + 1;
	}
	while (*p == ':' || *p == ',' || *p == ' ')
		p++;
	if (*p != '\0' && rec->first_page == NULL)
		return cix_mapper_pages(rec, p);
	return CIX_OK;
}

static int
related_ids(struct cix_record *rec, const xmlNode *root)
{
	const xmlNode *r;
	int rc;

	for (r = cix_mapper_child(cix_mapper_child(root, DC,
	    "relatedIdentifiers"), DC, "relatedIdentifier"); r != NULL;
	    r = cix_mapper_next(r, DC, "relatedIdentifier")) {
		if (!attr_is(r, "relationType", "IsPartOf") &&
		    !attr_is(r, "relationType", "IsPublishedIn"))
			continue;
		if ((rc = container_id(rec, r, cix_mapper_attr(r,
		    "relatedIdentifierType"))) < 0)
			return rc;
	}
	return CIX_OK;
}

static int
alternate_url(struct cix_record *rec, const xmlNode *root)
{
	const xmlNode *a;

	for (a = cix_mapper_child(cix_mapper_child(root, DC,
	    "alternateIdentifiers"), DC, "alternateIdentifier"); a != NULL;
	    a = cix_mapper_next(a, DC, "alternateIdentifier"))
		if (attr_is(a, "alternateIdentifierType", "URL"))
			return text(rec, &rec->url, a);
	return CIX_OK;
}

int
cix_datacite_parse(struct cix_record *rec, const char *xml, size_t len,
    struct cix_error *err)
{
	xmlDocPtr doc = NULL;
	const xmlNode *root, *id;
	const char *t = NULL;
	int rc;

	cix_record_reset(rec);
	if ((rc = cix_mapper_xml_read(&doc, xml, len, "DataCite XML",
	    err)) < 0)
		goto out;
	root = cix_mapper_xml_root(doc);
	if (!cix_mapper_is(root, DC, "resource")) {
		rc = cix_error_set_at(err, CIX_EPARSE, "response",
		    (size_t)xmlGetLineNo((xmlNode *)root),
		    "response is not DataCite XML: root element is '%s'",
		    (const char *)root->name);
		goto out;
	}
	id = cix_mapper_child(root, DC, "identifier");
	if (id != NULL && (rc = text(rec, &t, id)) < 0)
		goto out;
	if (t != NULL && (rc = cix_mapper_doi(&rec->doi, rec, t)) < 0)
		goto out;
	type(rec, root);
	if ((rc = titles(rec, root)) < 0 ||
	    (rc = people(rec, root)) < 0 ||
	    (rc = child_text(rec, &rec->publisher, root, "publisher")) < 0 ||
	    (rc = child_text(rec, &rec->language, root, "language")) < 0 ||
	    (rc = dates(rec, root)) < 0 ||
	    (rc = abstract(rec, root)) < 0 ||
	    (rc = rights(rec, root)) < 0 ||
	    (rc = references(rec, root)) < 0 ||
	    (rc = related_item(rec, root)) < 0 ||
	    (rc = series_info(rec, root)) < 0 ||
	    (rc = related_ids(rec, root)) < 0 ||
	    (rc = alternate_url(rec, root)) < 0)
		goto out;
	if (rec->doi == NULL && rec->title == NULL) {
		rc = cix_error_set_at(err, CIX_EPARSE, "response",
		    (size_t)xmlGetLineNo((xmlNode *)root),
		    "DataCite resource has neither identifier nor title");
		goto out;
	}
	rec->origin = "datacite";
out:
	cix_mapper_xml_free(doc);
	if (rc < 0) {
		if (rc == CIX_ENOMEM)
			cix_error_set(err, CIX_ENOMEM, "out of memory");
		cix_record_reset(rec);
	}
	return rc;
}
