/*
 * export_csljson.c - CSL-JSON, the input of citeproc-js, citeproc-py,
 * pandoc and Zotero: one JSON array of items (CSL 1.0.2 variables).
 *
 * Items are written as they come, so memory does not grow with the
 * export.  Strings are cleaned to valid UTF-8 without control
 * characters first (jansson refuses anything else).
 */
#include "config.h"

#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "export_int.h"
#include "record.h"
#include "util.h"
#include "banned.h"

struct csl {
	size_t n;		/* items written */
	struct cix_buf s;	/* a cleaned string */
};

static const char *
csl_type(const struct cix_record *r)
{
	static const struct { const char *type, *csl; } map[] = {
		/* a review article is an article; CSL "review" is a review
		 * of another work */
		{ CIX_TYPE_REVIEW, "article-journal" },
		{ CIX_TYPE_EDITORIAL, "article-journal" },
		{ CIX_TYPE_PREPRINT, "article" },
		{ CIX_TYPE_OTHER, "document" },
	};
	size_t i;

	if (r->type == NULL)
		return r->source != NULL && (r->volume != NULL ||
		    r->first_page != NULL) ? "article-journal" : "document";
	for (i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(r->type, map[i].type) == 0)
			return map[i].csl;
	if (strcmp(r->type, CIX_TYPE_PAPER_CONF) == 0 && r->pubtype != NULL &&
	    r->pubtype[0] == 'J')
		return "article-journal";
	return r->type;
}

/* ISO 639-1 codes of the languages WoS names. */
static const char *
lang_code(const char *name)
{
	static const struct { const char *name, *code; } map[] = {
		{ "English", "en" }, { "Spanish", "es" },
		{ "Portuguese", "pt" }, { "French", "fr" },
		{ "German", "de" }, { "Italian", "it" }, { "Dutch", "nl" },
		{ "Chinese", "zh" }, { "Japanese", "ja" },
		{ "Korean", "ko" }, { "Russian", "ru" }, { "Polish", "pl" },
		{ "Turkish", "tr" }, { "Czech", "cs" }, { "Swedish", "sv" },
		{ "Norwegian", "no" }, { "Danish", "da" },
		{ "Finnish", "fi" }, { "Hungarian", "hu" },
		{ "Greek", "el" }, { "Hebrew", "he" }, { "Arabic", "ar" },
		{ "Persian", "fa" }, { "Croatian", "hr" },
		{ "Slovenian", "sl" }, { "Slovak", "sk" },
		{ "Romanian", "ro" }, { "Catalan", "ca" },
		{ "Ukrainian", "uk" }, { "Lithuanian", "lt" },
		{ "Serbian", "sr" }, { "Bulgarian", "bg" },
		{ "Estonian", "et" }, { "Icelandic", "is" },
		{ "Malay", "ms" }, { "Indonesian", "id" },
		{ "Afrikaans", "af" }, { "Welsh", "cy" },
	};
	size_t i;

	for (i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (cix_strcasecmp(name, map[i].name) == 0)
			return map[i].code;
	return NULL;
}

/* obj[key] = s, cleaned; nothing when s is NULL or empty.  -1: no memory */
static int
set_str(struct csl *c, json_t *obj, const char *key, const char *s)
{
	json_t *v;

	if (s == NULL || *s == '\0')
		return 0;
	cix_buf_reset(&c->s);
	if (cix_export_clean(&c->s, s, strlen(s), 1) < 0)
		return -1;
	if (c->s.len == 0)
		return 0;
	if ((v = json_stringn(c->s.p, c->s.len)) == NULL)
		return -1;
	return json_object_set_new(obj, key, v);
}

static json_t *
names(struct csl *c, const struct cix_record *r, unsigned mask)
{
	json_t *arr = json_array(), *n;
	const struct cix_author *a;
	size_t i, k;
	int bad = arr == NULL;

	for (i = 0; !bad && i < r->nauthors; i++) {
		a = &r->authors[i];
		if (!(mask & (1u << a->role)) || a->family == NULL)
			continue;
		if ((n = json_object()) == NULL) {
			bad = 1;
			break;
		}
		k = strlen(a->family);
		if (a->corporate || (k > 1 && a->family[0] == '[')) {
			char *lit = NULL;

			if (k > 1 && a->family[0] == '[' &&
			    a->family[k - 1] == ']' &&
			    (lit = malloc(k - 1)) != NULL) {
				memcpy(lit, a->family + 1, k - 2);
				lit[k - 2] = '\0';
			}
			bad |= set_str(c, n, "literal", lit ? lit :
			    a->family) < 0;
			free(lit);
		} else {
			bad |= set_str(c, n, "family", a->family) < 0;
			bad |= set_str(c, n, "given", a->given) < 0;
			bad |= set_str(c, n, "suffix", a->suffix) < 0;
		}
		bad |= json_array_append_new(arr, n) < 0;
	}
	if (bad || json_array_size(arr) == 0) {
		json_decref(arr);
		return NULL;
	}
	return arr;
}

static int
set_names(struct csl *c, json_t *item, const char *key,
    const struct cix_record *r, unsigned mask)
{
	json_t *v = names(c, r, mask);

	return v ? json_object_set_new(item, key, v) : 0;
}

static json_t *
item_json(struct cix_export *x, struct csl *c,
    const struct cix_export_item *it)
{
	const struct cix_record *r = it->rec;
	struct cix_buf *t = &x->tmp;
	json_t *item = json_object(), *dp, *parts;
	const char *type = csl_type(r), *lc;
	unsigned authors = 1u << CIX_ROLE_AUTHOR | 1u << CIX_ROLE_GROUP;
	size_t i;
	int bad = item == NULL, container_book;

	if (bad)
		return NULL;
	container_book = strcmp(type, "chapter") == 0 ||
	    strcmp(type, "paper-conference") == 0;
	bad |= set_str(c, item, "id", it->key) < 0;
	bad |= set_str(c, item, "type", type) < 0;
	if (cix_record_count_role(r, CIX_ROLE_AUTHOR) == 0 &&
	    cix_record_count_role(r, CIX_ROLE_GROUP) == 0)
		authors |= 1u << CIX_ROLE_BOOK_AUTHOR;
	bad |= set_names(c, item, "author", r, authors) < 0;
	bad |= set_names(c, item, "editor", r, 1u << CIX_ROLE_EDITOR) < 0;
	if (!(authors & (1u << CIX_ROLE_BOOK_AUTHOR)))
		bad |= set_names(c, item, "container-author", r,
		    1u << CIX_ROLE_BOOK_AUTHOR) < 0;
	bad |= set_str(c, item, "title", r->title) < 0;
	bad |= set_str(c, item, "container-title", r->source) < 0;
	if (!container_book)
		bad |= set_str(c, item, "container-title-short",
		    r->source_iso ? r->source_iso : r->source_abbrev) < 0;
	bad |= set_str(c, item, "collection-title", r->series) < 0;
	bad |= set_str(c, item, "event", r->conference) < 0;
	bad |= set_str(c, item, "event-place", r->conf_place) < 0;
	if (r->year > 0 && (dp = json_array()) != NULL) {
		json_t *d = json_object();

		json_array_append_new(dp, json_integer(r->year));
		if (r->month > 0) {
			json_array_append_new(dp, json_integer(r->month));
			if (r->day > 0)
				json_array_append_new(dp,
				    json_integer(r->day));
		}
		if (d == NULL || (parts = json_array()) == NULL) {
			json_decref(d);
			json_decref(dp);
			bad = 1;
		} else {
			json_array_append_new(parts, dp);
			json_object_set_new(d, "date-parts", parts);
			json_object_set_new(item, "issued", d);
		}
	}
	bad |= set_str(c, item, "volume", r->volume) < 0;
	bad |= set_str(c, item, "issue", r->issue) < 0;
	cix_buf_reset(t);
	cix_export_pages(t, r, "-");
	bad |= set_str(c, item, "page", t->p) < 0;
	bad |= set_str(c, item, "number", r->article_no) < 0;
	if (r->page_count > 0) {
		cix_buf_reset(t);
		cix_buf_addf(t, "%d", r->page_count);
		bad |= set_str(c, item, "number-of-pages", t->p) < 0;
	}
	bad |= set_str(c, item, "publisher", r->publisher) < 0;
	bad |= set_str(c, item, "publisher-place", r->publisher_city) < 0;
	bad |= set_str(c, item, "DOI", r->doi) < 0;
	bad |= set_str(c, item, "URL", r->url) < 0;
	bad |= set_str(c, item, "ISSN", r->issn ? r->issn : r->eissn) < 0;
	bad |= set_str(c, item, "ISBN", r->isbn) < 0;
	bad |= set_str(c, item, "PMID", r->pmid) < 0;
	if (r->language != NULL && (lc = lang_code(r->language)) != NULL)
		bad |= set_str(c, item, "language", lc) < 0;
	bad |= set_str(c, item, "abstract", r->abstract) < 0;
	cix_buf_reset(t);
	for (i = 0; i < r->kw_author.n + r->kw_plus.n; i++) {
		const char *k = i < r->kw_author.n ? r->kw_author.v[i] :
		    r->kw_plus.v[i - r->kw_author.n];

		cix_buf_addf(t, "%s%s", t->len ? ", " : "", k);
	}
	bad |= set_str(c, item, "keyword", t->p) < 0;
	bad |= set_str(c, item, "note", r->ut) < 0;
	if (bad) {
		json_decref(item);
		return NULL;
	}
	return item;
}

static int
csl_begin(struct cix_export *x, struct cix_error *err)
{
	struct csl *c;

	if ((c = calloc(1, sizeof(*c))) == NULL)
		return cix_error_set(err, CIX_ENOMEM, "out of memory");
	cix_buf_init(&c->s, 1u << 30);
	x->state = c;
	if (cix_buf_adds(&x->out[0], "[") < 0)
		return cix_error_set(err, CIX_ENOMEM, "out of memory");
	return CIX_OK;
}

static int
csl_work(struct cix_export *x, const struct cix_export_item *it,
    struct cix_error *err)
{
	struct csl *c = x->state;
	json_t *item = item_json(x, c, it);
	char *s;
	const char *p;
	int rc;

	if (item == NULL)
		return cix_error_set(err, CIX_ENOMEM, "out of memory");
	s = json_dumps(item, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(item);
	if (s == NULL)
		return cix_error_set(err, CIX_ENOMEM, "out of memory");
	/* items indented inside the array, as a pretty printer would */
	rc = cix_buf_adds(&x->out[0], c->n ? ",\n  " : "\n  ");
	for (p = s; rc == CIX_OK && *p != '\0'; p++)
		rc = *p == '\n' ? cix_buf_adds(&x->out[0], "\n  ") :
		    cix_buf_addch(&x->out[0], *p);
	free(s);
	c->n++;
	if (rc < 0)
		return cix_error_set(err, rc, "out of memory");
	return CIX_OK;
}

static int
csl_end(struct cix_export *x, struct cix_error *err)
{
	if (cix_buf_adds(&x->out[0], "\n]\n") < 0)
		return cix_error_set(err, CIX_ENOMEM, "out of memory");
	return CIX_OK;
}

static void
csl_release(struct cix_export *x)
{
	struct csl *c = x->state;

	if (c == NULL)
		return;
	cix_buf_release(&c->s);
	free(c);
	x->state = NULL;
}

const struct cix_exporter cix_export_csljson = {
	"csljson",
	"CSL-JSON for citeproc-js, citeproc-py, pandoc and Zotero",
	".json", CIX_EXPORT_KEYS, 1, NULL,
	csl_begin, csl_work, csl_end, csl_release
};
