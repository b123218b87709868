#include "config.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "csljson.h"
#include "error.h"
#include "mapper.h"
#include "markup.h"
#include "record.h"
#include "util.h"
#include "banned.h"

/*
 * The string value of o[key]: a string, the first string of an array, or
 * (for the fields where CSL allows it: volume, issue, page...) an integer
 * written out into num[].  NULL when there is none.
 */
#define NUM 0x100u	/* a flag for textual(): integers are allowed */

static const char *
sval(const json_t *o, const char *key, char num[32], size_t *len)
{
	const json_t *v = key != NULL ? json_object_get(o, key) : o;

	if (json_is_array(v))
		v = json_array_get(v, 0);
	if (json_is_string(v)) {
		*len = json_string_length(v);
		return json_string_value(v);
	}
	if (json_is_integer(v)) {
		snprintf(num, 32, "%" JSON_INTEGER_FORMAT,
		    json_integer_value(v));
		*len = strlen(num);
		return num;
	}
	return NULL;
}

/* A plain field (no markup): trimmed, white space collapsed, capped. */
static int
plain(struct cix_record *rec, const char **out, const json_t *o,
    const char *key)
{
	char num[32];
	const char *s;
	size_t len;

	*out = NULL;
	if ((s = sval(o, key, num, &len)) == NULL)
		return CIX_OK;
	if (len > CIX_MARKUP_FIELD_CAP) {
		len = CIX_MARKUP_FIELD_CAP;
		while (len > 0 && ((unsigned char)s[len] & 0xC0) == 0x80)
			len--;
	}
	return cix_record_strclean(rec, out, s, len);
}

/* A field that may carry markup or entities: reduced to text. */
static int
textual(struct cix_record *rec, const char **out, const char **markup,
    const json_t *o, const char *key, unsigned flags, size_t cap)
{
	char num[32];
	const char *s;
	size_t len;

	*out = NULL;
	if (markup != NULL)
		*markup = NULL;
	if ((s = sval(o, key, num, &len)) == NULL || (s == num &&
	    !(flags & NUM)))
		return CIX_OK;
	return cix_markup_str(out, markup, &rec->arena, s, len, flags & ~NUM,
	    cap);
}

static int
fill(struct cix_record *rec, const char **field, const json_t *o,
    const char *key)
{
	if (*field != NULL)
		return CIX_OK;
	return textual(rec, field, NULL, o, key, 0, CIX_MARKUP_FIELD_CAP);
}

/* As fill(), for fields that may be JSON numbers (volume: 34). */
static int
fill_num(struct cix_record *rec, const char **field, const json_t *o,
    const char *key)
{
	if (*field != NULL)
		return CIX_OK;
	return textual(rec, field, NULL, o, key, NUM, CIX_MARKUP_FIELD_CAP);
}

/* ------------------------------------------------------------------ */

static const struct {
	const char *csl;
	const char *type;
} types[] = {
	/* CSL */
	{ "article-journal", CIX_TYPE_ARTICLE },
	{ "article-magazine", CIX_TYPE_ARTICLE },
	{ "article-newspaper", CIX_TYPE_ARTICLE },
	{ "review", CIX_TYPE_REVIEW },
	{ "review-book", CIX_TYPE_EDITORIAL },
	{ "paper-conference", CIX_TYPE_PAPER_CONF },
	{ "chapter", CIX_TYPE_CHAPTER },
	{ "entry-encyclopedia", CIX_TYPE_CHAPTER },
	{ "entry-dictionary", CIX_TYPE_CHAPTER },
	{ "book", CIX_TYPE_BOOK },
	{ "thesis", CIX_TYPE_THESIS },
	{ "report", CIX_TYPE_REPORT },
	{ "standard", CIX_TYPE_REPORT },
	{ "dataset", CIX_TYPE_DATASET },
	{ "software", CIX_TYPE_SOFTWARE },
	{ "patent", CIX_TYPE_PATENT },
	{ "manuscript", CIX_TYPE_PREPRINT },
	/* Crossref */
	{ "journal-article", CIX_TYPE_ARTICLE },
	{ "proceedings-article", CIX_TYPE_PAPER_CONF },
	{ "book-chapter", CIX_TYPE_CHAPTER },
	{ "book-section", CIX_TYPE_CHAPTER },
	{ "book-part", CIX_TYPE_CHAPTER },
	{ "reference-entry", CIX_TYPE_CHAPTER },
	{ "monograph", CIX_TYPE_BOOK },
	{ "edited-book", CIX_TYPE_BOOK },
	{ "reference-book", CIX_TYPE_BOOK },
	{ "book-set", CIX_TYPE_BOOK },
	{ "book-series", CIX_TYPE_BOOK },
	{ "proceedings", CIX_TYPE_BOOK },
	{ "dissertation", CIX_TYPE_THESIS },
	{ "report-series", CIX_TYPE_REPORT },
	{ "posted-content", CIX_TYPE_PREPRINT },
	{ "component", CIX_TYPE_DATASET },
	{ NULL, NULL }
};

static void
type(struct cix_record *rec, const json_t *m)
{
	const char *t = json_string_value(json_object_get(m, "type"));
	const char *st = json_string_value(json_object_get(m, "subtype"));
	size_t i;

	rec->type = CIX_TYPE_OTHER;
	if (t == NULL)
		return;
	for (i = 0; types[i].csl != NULL; i++) {
		if (strcmp(t, types[i].csl) == 0) {
			rec->type = types[i].type;
			break;
		}
	}
	/* Crossref posted-content other than preprints */
	if (strcmp(t, "posted-content") == 0 && st != NULL &&
	    strcmp(st, "preprint") != 0 && strcmp(st, "working_paper") != 0)
		rec->type = CIX_TYPE_OTHER;
}

/* ------------------------------------------------------------------ */
/* People */

static int
person(struct cix_mapper_affils *ix, struct cix_record *rec, const json_t *p,
    int role)
{
	const char *family, *given, *suffix, *orcid, *literal, *aff;
	const json_t *affs, *a;
	size_t idx, i;
	int rc, corporate = 0;

	if (!json_is_object(p))
		return CIX_OK;
	if ((rc = textual(rec, &family, NULL, p, "family", 0,
	    CIX_MARKUP_FIELD_CAP)) < 0 ||
	    (rc = textual(rec, &given, NULL, p, "given", 0,
	    CIX_MARKUP_FIELD_CAP)) < 0 ||
	    (rc = textual(rec, &suffix, NULL, p, "suffix", 0,
	    CIX_MARKUP_FIELD_CAP)) < 0 ||
	    (rc = plain(rec, &orcid, p, "ORCID")) < 0 ||
	    (rc = textual(rec, &literal, NULL, p, "literal", 0,
	    CIX_MARKUP_FIELD_CAP)) < 0)
		return rc;
	/* Crossref REST gives organisations as "name" */
	if (literal == NULL && (rc = textual(rec, &literal, NULL, p, "name",
	    0, CIX_MARKUP_FIELD_CAP)) < 0)
		return rc;
	if (family == NULL && given == NULL && literal != NULL) {
		family = literal;
		corporate = 1;
	}
	if ((rc = cix_mapper_person(&idx, rec, family, given, suffix, orcid,
	    role, corporate)) < 0 || idx == (size_t)-1)
		return rc;
	affs = json_object_get(p, "affiliation");
	json_array_foreach(affs, i, a) {
		if (json_is_object(a))
			rc = textual(rec, &aff, NULL, a, "name", 0,
			    CIX_MARKUP_FIELD_CAP);
		else
			rc = textual(rec, &aff, NULL, a, NULL, 0,
			    CIX_MARKUP_FIELD_CAP);
		if (rc < 0 || (rc = cix_mapper_affil(ix, rec, idx, aff)) < 0)
			return rc;
	}
	return CIX_OK;
}

static int
people(struct cix_mapper_affils *ix, struct cix_record *rec, const json_t *m,
    const char *key, int role)
{
	const json_t *list = json_object_get(m, key), *p, *first = NULL;
	const char *seq;
	size_t i;
	int rc;

	json_array_foreach(list, i, p) {
		seq = json_string_value(json_object_get(p, "sequence"));
		if (seq != NULL && strcmp(seq, "first") == 0) {
			first = p;
			break;
		}
	}
	if (first != NULL && (rc = person(ix, rec, first, role)) < 0)
		return rc;
	json_array_foreach(list, i, p)
		if (p != first && (rc = person(ix, rec, p, role)) < 0)
			return rc;
	return CIX_OK;
}

/* ------------------------------------------------------------------ */
/* Identifiers, dates, the rest */

static int
set_issn(struct cix_record *rec, const char *s, int electronic)
{
	const char **f = electronic ? &rec->eissn : &rec->issn;
	char n[10];

	if (*f != NULL || !cix_mapper_issn(n, s))
		return CIX_OK;
	if ((*f = cix_arena_strdup(&rec->arena, n)) == NULL)
		return CIX_ENOMEM;
	return CIX_OK;
}

static int
issns(struct cix_record *rec, const json_t *m)
{
	const json_t *list = json_object_get(m, "issn-type"), *v;
	const char *t;
	size_t i, n = 0;
	int rc;

	json_array_foreach(list, i, v) {
		t = json_string_value(json_object_get(v, "type"));
		if ((rc = set_issn(rec, json_string_value(json_object_get(v,
		    "value")), t != NULL && strcmp(t, "electronic") == 0)) < 0)
			return rc;
	}
	if (rec->issn != NULL || rec->eissn != NULL)
		return CIX_OK;
	list = json_object_get(m, "ISSN");
	if (json_is_string(list))
		return set_issn(rec, json_string_value(list), 0);
	json_array_foreach(list, i, v)
		if ((rc = set_issn(rec, json_string_value(v), n++ > 0)) < 0)
			return rc;
	return CIX_OK;
}

static int
isbns(struct cix_record *rec, const json_t *m)
{
	const json_t *list = json_object_get(m, "ISBN"), *v;
	const char *t;
	size_t i;
	int rc;

	if (json_is_string(list))
		return plain(rec, &rec->isbn, m, "ISBN");
	json_array_foreach(list, i, v) {
		if ((rc = plain(rec, &t, v, NULL)) < 0 ||
		    (rc = cix_mapper_append(&rec->isbn, rec, t)) < 0)
			return rc;
	}
	return CIX_OK;
}

static long
part(const json_t *v)
{
	long n;

	if (json_is_integer(v))
		return (long)json_integer_value(v);
	if (json_is_string(v) && cix_parse_long(json_string_value(v),
	    json_string_length(v), &n) == CIX_OK)
		return n;
	return 0;
}

/* A CSL date: {"date-parts": [[y, m, d]]} or {"raw": "2019-05"}. */
static int
date(struct cix_record *rec, const json_t *d)
{
	const json_t *dp = json_array_get(json_object_get(d, "date-parts"), 0);
	const char *raw;
	long y, m, day;
	int iy, im, id;

	if (!json_is_object(d))
		return 0;
	if (json_is_array(dp)) {
		y = part(json_array_get(dp, 0));
		if (cix_mapper_year(y) == 0)
			return 0;
		m = part(json_array_get(dp, 1));
		day = part(json_array_get(dp, 2));
		rec->year = (int)y;
		rec->month = m >= 1 && m <= 12 ? (int)m : 0;
		rec->day = rec->month && day >= 1 && day <= 31 ? (int)day : 0;
		return 1;
	}
	raw = json_string_value(json_object_get(d, "raw"));
	if (raw != NULL && cix_mapper_date(raw, &iy, &im, &id)) {
		rec->year = iy;
		rec->month = im;
		rec->day = id;
		return 1;
	}
	return 0;
}

static void
dates(struct cix_record *rec, const json_t *m)
{
	static const char *const keys[] = {
		"published-print", "issued", "published-online", "published",
		NULL
	};
	size_t i;

	for (i = 0; keys[i] != NULL; i++)
		if (date(rec, json_object_get(m, keys[i])))
			return;
}

static int
license(struct cix_record *rec, const json_t *m)
{
	const json_t *l = json_object_get(m, "license"), *v, *pick = NULL;
	const char *cv;
	size_t i;

	if (json_is_string(l))
		return plain(rec, &rec->license, m, "license");
	json_array_foreach(l, i, v) {
		if (json_is_string(v))
			return plain(rec, &rec->license, v, NULL);
		cv = json_string_value(json_object_get(v, "content-version"));
		if (pick == NULL || (cv != NULL && strcmp(cv, "vor") == 0))
			pick = v;
		if (cv != NULL && strcmp(cv, "vor") == 0)
			break;
	}
	if (pick == NULL)
		return CIX_OK;
	return plain(rec, &rec->license, pick, "URL");
}

static int
url(struct cix_record *rec, const json_t *m)
{
	const json_t *r = json_object_get(json_object_get(m, "resource"),
	    "primary");
	int rc;

	if ((rc = plain(rec, &rec->url, r, "URL")) < 0 || rec->url != NULL)
		return rc;
	return plain(rec, &rec->url, m, "URL");
}

static int
reference(struct cix_record *rec, const json_t *r)
{
	static const struct {
		const char *key;
		size_t off;
		size_t cap;
		unsigned flags;
	} keys[] = {
#define K(k, f, c, n) { k, offsetof(struct cix_mapper_ref, f), c, n }
		K("DOI", doi, CIX_MARKUP_FIELD_CAP, 0),
		K("unstructured", unstructured, CIX_MARKUP_TITLE_CAP, 0),
		K("author", author, CIX_MARKUP_FIELD_CAP, 0),
		K("year", year, CIX_MARKUP_FIELD_CAP, NUM),
		K("journal-title", journal, CIX_MARKUP_TITLE_CAP, 0),
		K("volume-title", book, CIX_MARKUP_TITLE_CAP, 0),
		K("series-title", book, CIX_MARKUP_TITLE_CAP, 0),
		K("article-title", title, CIX_MARKUP_TITLE_CAP, 0),
		K("volume", volume, CIX_MARKUP_FIELD_CAP, NUM),
		K("issue", issue, CIX_MARKUP_FIELD_CAP, NUM),
		K("first-page", page, CIX_MARKUP_FIELD_CAP, NUM),
#undef K
		{ NULL, 0, 0, 0 }
	};
	struct cix_mapper_ref in;
	size_t i;
	int rc;

	if (!json_is_object(r))
		return CIX_OK;
	memset(&in, 0, sizeof(in));
	for (i = 0; keys[i].key != NULL; i++) {
		const char **f = (const char **)((char *)&in + keys[i].off);

		if (*f == NULL && (rc = textual(rec, f, NULL, r, keys[i].key,
		    keys[i].flags, keys[i].cap)) < 0)
			return rc;
	}
	return cix_mapper_add_ref(rec, &in);
}

static int
references(struct cix_record *rec, const json_t *m)
{
	const json_t *list = json_object_get(m, "reference"), *r;
	size_t i;
	int rc;

	json_array_foreach(list, i, r)
		if ((rc = reference(rec, r)) < 0)
			return rc;
	return CIX_OK;
}

static long
count(const json_t *m, const char *key)
{
	const json_t *v = json_object_get(m, key);

	if (!json_is_integer(v) || json_integer_value(v) < 0 ||
	    json_integer_value(v) > 1000000000)
		return -1;
	return (long)json_integer_value(v);
}

static int
item(struct cix_mapper_affils *ix, struct cix_record *rec, const json_t *m)
{
	const char *t, *tm, *s, *sm, *doi;
	const json_t *ev;
	long n;
	int rc;

	type(rec, m);
	if ((rc = plain(rec, &doi, m, "DOI")) < 0 ||
	    (rc = cix_mapper_doi(&rec->doi, rec, doi)) < 0 ||
	    (rc = textual(rec, &t, &tm, m, "title", 0,
	    CIX_MARKUP_TITLE_CAP)) < 0 ||
	    (rc = textual(rec, &s, &sm, m, "subtitle", 0,
	    CIX_MARKUP_TITLE_CAP)) < 0 ||
	    (rc = cix_mapper_title(rec, t, tm, s, sm)) < 0 ||
	    (rc = people(ix, rec, m, "author", CIX_ROLE_AUTHOR)) < 0 ||
	    (rc = people(ix, rec, m, "editor", CIX_ROLE_EDITOR)) < 0 ||
	    (rc = textual(rec, &rec->source, NULL, m, "container-title", 0,
	    CIX_MARKUP_TITLE_CAP)) < 0 ||
	    (rc = fill(rec, &rec->source_iso, m,
	    "container-title-short")) < 0 ||
	    (rc = fill(rec, &rec->source_iso, m,
	    "short-container-title")) < 0 ||
	    (rc = fill(rec, &rec->series, m, "collection-title")) < 0 ||
	    (rc = issns(rec, m)) < 0 ||
	    (rc = isbns(rec, m)) < 0 ||
	    (rc = fill_num(rec, &rec->volume, m, "volume")) < 0 ||
	    (rc = fill_num(rec, &rec->issue, m, "issue")) < 0 ||
	    (rc = plain(rec, &t, m, "page")) < 0 ||
	    (rc = cix_mapper_pages(rec, t)) < 0 ||
	    (rc = fill_num(rec, &rec->article_no, m, "article-number")) < 0 ||
	    (rc = textual(rec, &rec->abstract, NULL, m, "abstract",
	    CIX_MARKUP_PARAS | CIX_MARKUP_BLANKLINES,
	    CIX_MARKUP_ABSTRACT_CAP)) < 0 ||
	    (rc = fill(rec, &rec->publisher, m, "publisher")) < 0 ||
	    (rc = fill(rec, &rec->publisher_city, m, "publisher-place")) < 0 ||
	    (rc = plain(rec, &rec->language, m, "language")) < 0 ||
	    (rc = license(rec, m)) < 0 ||
	    (rc = url(rec, m)) < 0 ||
	    (rc = references(rec, m)) < 0)
		return rc;
	/* CSL "event" is a string; Crossref's an object with a name */
	ev = json_object_get(m, "event");
	if ((rc = fill(rec, &rec->conference, m, "event-title")) < 0 ||
	    (json_is_string(ev) && (rc = fill(rec, &rec->conference, m,
	    "event")) < 0) ||
	    (json_is_object(ev) && (rc = fill(rec, &rec->conference, ev,
	    "name")) < 0) ||
	    (rc = fill(rec, &rec->conf_place, m, "event-place")) < 0)
		return rc;
	dates(rec, m);
	rec->times_cited = count(m, "is-referenced-by-count");
	if ((n = count(m, "references-count")) < 0)
		n = count(m, "reference-count");
	rec->nr = n >= 0 && n < 1000000 ? (int)n : -1;
	return CIX_OK;
}

int
cix_csljson_parse(struct cix_record *rec, const char *json, size_t len,
    struct cix_error *err)
{
	struct cix_mapper_affils ix = CIX_MAPPER_AFFILS_INIT;
	json_error_t je;
	json_t *root = NULL;
	const json_t *m;
	const char *st;
	int rc;

	cix_record_reset(rec);
	if ((rc = cix_mapper_sniff(json, len, "CSL-JSON", 0, err)) < 0)
		goto out;
	root = json_loadb(json, len, 0, &je);
	if (root == NULL) {
		size_t i;

		/* jansson quotes the input: keep the message on one line */
		for (i = 0; i < sizeof(je.text) && je.text[i] != '\0'; i++)
			if ((unsigned char)je.text[i] < 0x20 ||
			    je.text[i] == 0x7F)
				je.text[i] = ' ';
		rc = cix_error_set_at(err, CIX_EPARSE, "response",
		    je.line > 0 ? (size_t)je.line : 0, "malformed CSL-JSON: %s",
		    je.text);
		goto out;
	}
	m = root;
	if (json_is_array(m)) {
		if (json_array_size(m) == 0) {
			rc = cix_error_set_at(err, CIX_ENOTFOUND, "response", 1,
			    "CSL-JSON list is empty: no record");
			goto out;
		}
		m = json_array_get(m, 0);
	}
	if (json_is_object(m) && json_is_string(json_object_get(m, "status"))) {
		/* the Crossref REST envelope */
		st = json_string_value(json_object_get(m, "status"));
		if (strcmp(st, "ok") != 0) {
			rc = cix_error_set_at(err, CIX_EPARSE, "response", 1,
			    "Crossref answered status '%s' (%s)", st,
			    json_is_string(json_object_get(m, "message-type")) ?
			    json_string_value(json_object_get(m,
			    "message-type")) : "no message type");
			goto out;
		}
		m = json_object_get(m, "message");
	}
	if (!json_is_object(m)) {
		rc = cix_error_set_at(err, CIX_EPARSE, "response", 1,
		    "response is not CSL-JSON: no item object");
		goto out;
	}
	if ((rc = item(&ix, rec, m)) < 0)
		goto out;
	if (rec->doi == NULL && rec->title == NULL) {
		rc = cix_error_set_at(err, CIX_EPARSE, "response", 1,
		    "response is not CSL-JSON: the item has neither DOI nor "
		    "title");
		goto out;
	}
	rec->origin = "csl";
out:
	json_decref(root);
	cix_mapper_affils_release(&ix);
	if (rc < 0) {
		if (rc == CIX_ENOMEM)
			cix_error_set(err, CIX_ENOMEM, "out of memory");
		cix_record_reset(rec);
	}
	return rc;
}
