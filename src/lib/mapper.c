#include "config.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/globals.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

#include "buf.h"
#include "citedref.h"
#include "doi.h"
#include "error.h"
#include "mapper.h"
#include "markup.h"
#include "record.h"
#include "util.h"
#include "banned.h"

/* ------------------------------------------------------------------ */
/* Looking at a body before parsing it */

static const char *
skip_space(const char *p, const char *end)
{
	for (;;) {
		if (end - p >= 3 && (unsigned char)p[0] == 0xEF &&
		    (unsigned char)p[1] == 0xBB && (unsigned char)p[2] == 0xBF)
			p += 3;
		else if (p < end && cix_isspace((unsigned char)*p))
			p++;
		else
			return p;
	}
}

static int
starts_nocase(const char *p, const char *end, const char *s)
{
	return cix_startswith_nocase(p, (size_t)(end - p), s);
}

/* Does the start of the body look like an HTML page? */
static int
looks_html(const char *p, const char *end)
{
	const char *q;
	size_t n;

	if (starts_nocase(p, end, "<!doctype html") ||
	    starts_nocase(p, end, "<html") || starts_nocase(p, end, "<head") ||
	    starts_nocase(p, end, "<body"))
		return 1;
	/* <?xml ...?> or a comment, then an html root */
	n = (size_t)(end - p) < 1024 ? (size_t)(end - p) : 1024;
	for (q = p; q + 5 <= p + n; q++)
		if (q[0] == '<' && (starts_nocase(q, end, "<html") ||
		    starts_nocase(q, end, "<!doctype html")))
			return 1;
	return 0;
}

/* A short, printable quote of the start of a body for messages. */
static void
quote_start(char *out, size_t outsz, const char *p, const char *end)
{
	size_t i = 0, j, max = outsz - 4 < 60 ? outsz - 4 : 60;
	int cut = 0;

	while (p < end && *p != '\n' && *p != '\r') {
		unsigned char c = (unsigned char)*p++;

		if (i >= max) {
			cut = 1;
			break;
		}
		out[i++] = (c < 0x20 || c == 0x7F) ? '?' : (char)c;
	}
	/* do not end inside a UTF-8 sequence */
	for (j = i; j > 0 && ((unsigned char)out[j - 1] & 0xC0) == 0x80; j--)
		;
	if (j > 0 && (unsigned char)out[j - 1] >= 0x80 &&
	    cix_utf8_seqlen((const unsigned char *)out + j - 1, i - j + 1) !=
	    i - j + 1)
		i = j - 1;
	if (cut) {
		memcpy(out + i, "...", 3);
		i += 3;
	}
	out[i] = '\0';
}

int
cix_mapper_sniff(const char *body, size_t len, const char *what, int xml,
    struct cix_error *err)
{
	const char *end = body + len, *p;
	char q[80];

	if (len > CIX_MAPPER_MAXBODY)
		return cix_error_set_at(err, CIX_ETOOBIG, "response", 0,
		    "response is too big (%zu bytes, the limit is %u MiB)",
		    len, CIX_MAPPER_MAXBODY >> 20);
	p = skip_space(body, end);
	if (p == end)
		return cix_error_set_at(err, CIX_EPARSE, "response", 0,
		    "response is empty, not %s", what);
	if (looks_html(p, end))
		return cix_error_set_at(err, CIX_EPARSE, "response", 1,
		    "response is HTML, not %s", what);
	if (starts_nocase(p, end, "resource not found"))
		return cix_error_set_at(err, CIX_ENOTFOUND, "response", 1,
		    "not found: the server says 'Resource not found.'");
	if ((xml && *p != '<') || (!xml && *p != '{' && *p != '[')) {
		quote_start(q, sizeof(q), p, end);
		return cix_error_set_at(err, CIX_EPARSE, "response", 1,
		    "response is not %s: '%s'", what, q);
	}
	return CIX_OK;
}

/* ------------------------------------------------------------------ */
/* Reading XML */

struct collect {
	int n;			/* errors seen */
	int line;		/* of the first */
	char msg[200];
};

static void
collect_one(struct collect *c, const xmlError *e)
{
	size_t n;

	if (c == NULL || e == NULL || e->level < XML_ERR_ERROR)
		return;
	if (c->n++ > 0)
		return;
	c->line = e->line > 0 ? e->line : 0;
	snprintf(c->msg, sizeof(c->msg), "%s",
	    e->message != NULL ? e->message : "unknown error");
	n = strlen(c->msg);
	while (n > 0 && cix_isspace((unsigned char)c->msg[n - 1]))
		c->msg[--n] = '\0';
	/* one line: "Input is not proper UTF-8...\nBytes: 0xFF" */
	for (n = 0; c->msg[n] != '\0'; n++)
		if (c->msg[n] == '\n' || c->msg[n] == '\r')
			c->msg[n] = ' ';
}

/* Errors raised with the parser context: data is ctxt->userData. */
static void
ctxt_error(void *data, xmlErrorPtr e)
{
	xmlParserCtxtPtr ctxt = data;

	if (ctxt != NULL)
		collect_one(ctxt->_private, e);
}

/* Errors raised without a context (tree code): data is the collector. */
static void
global_error(void *data, xmlErrorPtr e)
{
	collect_one(data, e);
}

static void
silent(void *data, const char *fmt, ...)
{
}

/* External entities and DTDs are never loaded, whatever asks. */
static xmlParserInputPtr
refuse_entity(void *ctx, const xmlChar *publicId, const xmlChar *systemId)
{
	return NULL;
}

#define XML_OPTIONS (XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_BIG_LINES)

int
cix_mapper_xml_read(struct _xmlDoc **out, const char *body, size_t len,
    const char *what, struct cix_error *err)
{
	xmlParserCtxtPtr ctxt = NULL;
	xmlStructuredErrorFunc old_serror;
	xmlGenericErrorFunc old_generic;
	void *old_sctx, *old_gctx;
	struct collect col;
	xmlDocPtr doc = NULL;
	xmlNodePtr root;
	int rc;

	*out = NULL;
	if ((rc = cix_mapper_sniff(body, len, what, 1, err)) < 0)
		return rc;
	memset(&col, 0, sizeof(col));
	xmlInitParser();

	/*
	 * Errors without a parser context go to this thread's global
	 * handlers: point them at the collector for the parse and put them
	 * back afterwards (they are thread-local in libxml2).
	 */
	old_serror = xmlStructuredError;
	old_sctx = xmlStructuredErrorContext;
	old_generic = xmlGenericError;
	old_gctx = xmlGenericErrorContext;
	xmlSetStructuredErrorFunc(&col, global_error);
	xmlSetGenericErrorFunc(&col, silent);

	ctxt = xmlCreateMemoryParserCtxt(body, (int)len);
	if (ctxt == NULL) {
		rc = cix_error_set(err, CIX_ENOMEM, "out of memory");
		goto out;
	}
	ctxt->_private = &col;
	if (ctxt->sax != NULL) {
		ctxt->sax->serror = ctxt_error;
		ctxt->sax->resolveEntity = refuse_entity;
		ctxt->sax->externalSubset = NULL;
		ctxt->sax->warning = NULL;
		ctxt->sax->error = NULL;
		ctxt->sax->fatalError = NULL;
	}
	xmlCtxtUseOptions(ctxt, XML_OPTIONS);
	ctxt->replaceEntities = 0;
	ctxt->loadsubset = 0;
	ctxt->validate = 0;
	xmlParseDocument(ctxt);
	doc = ctxt->myDoc;
	ctxt->myDoc = NULL;
	if (doc == NULL || !ctxt->wellFormed) {
		if (col.n == 0)
			rc = cix_error_set_at(err, CIX_EPARSE, "response", 0,
			    "malformed %s", what);
		else
			rc = cix_error_set_at(err, CIX_EPARSE, "response",
			    (size_t)col.line, "malformed %s: %s", what,
			    col.msg);
		goto out;
	}
	root = xmlDocGetRootElement(doc);
	if (root == NULL) {
		rc = cix_error_set_at(err, CIX_EPARSE, "response", 0,
		    "malformed %s: no root element", what);
		goto out;
	}
	if (root->name != NULL &&
	    cix_strcasecmp((const char *)root->name, "html") == 0) {
		rc = cix_error_set_at(err, CIX_EPARSE, "response",
		    (size_t)xmlGetLineNo(root), "response is HTML, not %s",
		    what);
		goto out;
	}
	*out = doc;
	doc = NULL;
	rc = CIX_OK;
out:
	if (doc != NULL)
		xmlFreeDoc(doc);
	if (ctxt != NULL)
		xmlFreeParserCtxt(ctxt);
	xmlSetStructuredErrorFunc(old_sctx, old_serror);
	xmlSetGenericErrorFunc(old_gctx, old_generic);
	return rc;
}

void
cix_mapper_xml_free(struct _xmlDoc *doc)
{
	if (doc != NULL)
		xmlFreeDoc(doc);
}

struct _xmlNode *
cix_mapper_xml_root(struct _xmlDoc *doc)
{
	return doc != NULL ? xmlDocGetRootElement(doc) : NULL;
}

/* ------------------------------------------------------------------ */
/* Elements by namespace URI and local name */

static int
ns_match(const xmlNode *n, int ns)
{
	const char *h = n->ns != NULL ? (const char *)n->ns->href : NULL;

	switch (ns) {
	case CIX_NS_ANY:
		return 1;
	case CIX_NS_CROSSREF:
		return h == NULL ||
		    strncmp(h, "http://www.crossref.org/xschema/", 32) == 0 ||
		    strncmp(h, "http://www.crossref.org/schema/", 31) == 0 ||
		    strncmp(h, "https://www.crossref.org/schema/", 32) == 0;
	case CIX_NS_QUERY:
		return h == NULL ||
		    strncmp(h, "http://www.crossref.org/qrschema/", 33) == 0;
	case CIX_NS_JATS:
		return h != NULL &&
		    strcmp(h, "http://www.ncbi.nlm.nih.gov/JATS1") == 0;
	case CIX_NS_AI:
		return h != NULL && strcmp(h,
		    "http://www.crossref.org/AccessIndicators.xsd") == 0;
	case CIX_NS_DATACITE:
		return h == NULL ||
		    strncmp(h, "http://datacite.org/schema/kernel-", 34) == 0;
	}
	return 0;
}

int
cix_mapper_is(const struct _xmlNode *n, int ns, const char *name)
{
	return n != NULL && n->type == XML_ELEMENT_NODE && n->name != NULL &&
	    strcmp((const char *)n->name, name) == 0 && ns_match(n, ns);
}

struct _xmlNode *
cix_mapper_child(const struct _xmlNode *parent, int ns, const char *name)
{
	xmlNode *c;

	if (parent == NULL)
		return NULL;
	for (c = parent->children; c != NULL; c = c->next)
		if (cix_mapper_is(c, ns, name))
			return c;
	return NULL;
}

struct _xmlNode *
cix_mapper_next(const struct _xmlNode *n, int ns, const char *name)
{
	xmlNode *c;

	if (n == NULL)
		return NULL;
	for (c = n->next; c != NULL; c = c->next)
		if (cix_mapper_is(c, ns, name))
			return c;
	return NULL;
}

const char *
cix_mapper_attr(const struct _xmlNode *n, const char *name)
{
	const xmlAttr *a;

	if (n == NULL || n->type != XML_ELEMENT_NODE)
		return NULL;
	for (a = n->properties; a != NULL; a = a->next) {
		if (a->ns != NULL || a->name == NULL ||
		    strcmp((const char *)a->name, name) != 0)
			continue;
		if (a->children == NULL)
			return "";
		if (a->children->type != XML_TEXT_NODE ||
		    a->children->next != NULL || a->children->content == NULL)
			return NULL;	/* an entity reference: ignored */
		return (const char *)a->children->content;
	}
	return NULL;
}

int
cix_mapper_text(const char **out, struct cix_record *rec,
    const struct _xmlNode *n, size_t cap)
{
	*out = NULL;
	if (n == NULL)
		return CIX_OK;
	return cix_markup_xml(out, NULL, &rec->arena, n, 0, cap);
}

/* ------------------------------------------------------------------ */
/* Identifiers */

int
cix_mapper_orcid(char out[20], const char *s)
{
	size_t i, j, k, len;

	if (s == NULL)
		return 0;
	len = strlen(s);
	for (i = 0; i < len; i++) {
		char d[16];

		/* 0000-0002-1825-0097, or the same 16 characters unbroken */
		for (j = i, k = 0; j < len && k < 16; j++) {
			int c = (unsigned char)s[j];

			if (cix_isdigit(c) || (k == 15 && (c == 'X' ||
			    c == 'x'))) {
				d[k++] = (char)cix_toupper(c);
			} else if (c == '-' && k > 0 && k % 4 == 0 &&
			    s[j - 1] != '-') {
				continue;
			} else {
				break;
			}
		}
		if (k < 16 || (i > 0 && cix_isalnum((unsigned char)s[i - 1])) ||
		    (j < len && cix_isalnum((unsigned char)s[j])))
			continue;
		for (j = 0, k = 0; k < 16; k++) {
			if (k > 0 && k % 4 == 0)
				out[j++] = '-';
			out[j++] = d[k];
		}
		out[j] = '\0';
		return 1;
	}
	return 0;
}

int
cix_mapper_issn(char out[10], const char *s)
{
	char d[8];
	size_t i, k = 0, n;

	if (s == NULL)
		return 0;
	n = strlen(s);
	s = cix_trim(s, &n);
	for (i = 0; i < n; i++) {
		int c = (unsigned char)s[i];

		if (k < 8 && (cix_isdigit(c) || (k == 7 && (c == 'X' ||
		    c == 'x'))))
			d[k++] = (char)cix_toupper(c);
		else if (c == '-' && k == 4 && s[i - 1] != '-')
			continue;
		else
			return 0;
	}
	if (k != 8)
		return 0;
	memcpy(out, d, 4);
	out[4] = '-';
	memcpy(out + 5, d + 4, 4);
	out[9] = '\0';
	return 1;
}

/*
 * cix_doi_normalise() into b, refusing what percent-decoding turned into
 * invalid UTF-8 ("10.1016/0014-4%88(83)"): every string of a record is
 * valid UTF-8.
 */
static int
normalise(struct cix_buf *b, const char *s, size_t len)
{
	if (cix_doi_normalise(b, s, len) != CIX_OK)
		return CIX_EINVAL;
	if (cix_utf8_check(b->p, b->len) != b->len) {
		cix_buf_reset(b);
		return CIX_EINVAL;
	}
	return CIX_OK;
}

int
cix_mapper_doi(const char **out, struct cix_record *rec, const char *s)
{
	struct cix_buf b;
	int rc = CIX_OK;

	*out = NULL;
	if (s == NULL)
		return CIX_OK;
	cix_buf_init(&b, 4096);
	if (normalise(&b, s, strlen(s)) == CIX_OK) {
		*out = cix_arena_strndup(&rec->arena, b.p, b.len);
		if (*out == NULL)
			rc = CIX_ENOMEM;
	}
	cix_buf_release(&b);
	return rc;
}

int
cix_mapper_append(const char **list, struct cix_record *rec, const char *s)
{
	const char *p;
	size_t n, ol;
	char *q;

	if (s == NULL || *s == '\0')
		return CIX_OK;
	n = strlen(s);
	if (*list != NULL && strlen(*list) + 2 + n > CIX_MAPPER_MAXLIST)
		return CIX_OK;
	if (*list == NULL) {
		*list = cix_arena_strndup(&rec->arena, s, n);
		return *list != NULL ? CIX_OK : CIX_ENOMEM;
	}
	/* skip an item already in the list */
	for (p = *list; (p = strstr(p, s)) != NULL; p++)
		if ((p == *list || (p >= *list + 2 && p[-2] == ';')) &&
		    (p[n] == '\0' || p[n] == ';'))
			return CIX_OK;
	ol = strlen(*list);
	if ((q = cix_arena_alloc(&rec->arena, ol + 2 + n + 1)) == NULL)
		return CIX_ENOMEM;
	memcpy(q, *list, ol);
	memcpy(q + ol, "; ", 2);
	memcpy(q + ol + 2, s, n + 1);
	*list = q;
	return CIX_OK;
}

/* ------------------------------------------------------------------ */
/* People */

/* "Henry S." -> "HS", "Jean-Paul" -> "JP", "Émile" -> "É". */
static int
initials(struct cix_buf *b, const char *given)
{
	const unsigned char *p = (const unsigned char *)given;
	size_t len = strlen(given), n;
	int start = 1, rc;

	while (len > 0) {
		if (*p == ' ' || *p == '-' || *p == '.' || *p == '\t') {
			start = 1;
			p++;
			len--;
			continue;
		}
		n = cix_utf8_seqlen(p, len);
		if (n == 0)
			n = 1;
		if (start && (*p >= 0x80 || cix_isalpha(*p))) {
			if (n == 1)
				rc = cix_buf_addch(b, cix_toupper(*p));
			else
				rc = cix_buf_add(b, p, n);
			if (rc < 0)
				return rc;
		}
		start = 0;
		p += n;
		len -= n;
	}
	return CIX_OK;
}

int
cix_mapper_person(size_t *index, struct cix_record *rec, const char *family,
    const char *given, const char *suffix, const char *orcid, int role,
    int corporate)
{
	struct cix_author *a;
	struct cix_buf b;
	char o[20];
	int rc;

	*index = (size_t)-1;
	if (rec->nauthors >= CIX_MAPPER_MAXAUTHORS)
		return CIX_OK;
	if (family != NULL && *family == '\0')
		family = NULL;
	if (given != NULL && *given == '\0')
		given = NULL;
	if (family == NULL && given == NULL)
		return CIX_OK;
	if (family == NULL && !corporate) {
		/* a single name: treat it as the family name */
		family = given;
		given = NULL;
	}
	if (family == NULL)
		family = given;
	if ((rc = cix_record_add_author(rec, &a)) < 0)
		return rc;
	*index = rec->nauthors - 1;
	a->role = role;
	a->corporate = corporate;
	if ((a->family = cix_arena_strdup(&rec->arena, family)) == NULL)
		return CIX_ENOMEM;
	if (!corporate && given != NULL &&
	    (a->given = cix_arena_strdup(&rec->arena, given)) == NULL)
		return CIX_ENOMEM;
	if (suffix != NULL && *suffix != '\0' &&
	    (a->suffix = cix_arena_strdup(&rec->arena, suffix)) == NULL)
		return CIX_ENOMEM;
	if (cix_mapper_orcid(o, orcid) &&
	    (a->orcid = cix_arena_strdup(&rec->arena, o)) == NULL)
		return CIX_ENOMEM;
	if (corporate || a->given == NULL) {
		a->full = a->family;
		a->abbrev = a->family;
		return CIX_OK;
	}
	cix_buf_init(&b, 0);
	rc = cix_buf_addf(&b, "%s, %s", a->family, a->given);
	if (rc == CIX_OK && (a->full = cix_arena_strndup(&rec->arena, b.p,
	    b.len)) == NULL)
		rc = CIX_ENOMEM;
	cix_buf_reset(&b);
	if (rc == CIX_OK)
		rc = cix_buf_addf(&b, "%s, ", a->family);
	if (rc == CIX_OK)
		rc = initials(&b, a->given);
	if (rc == CIX_OK && (a->abbrev = cix_arena_strndup(&rec->arena, b.p,
	    b.len)) == NULL)
		rc = CIX_ENOMEM;
	cix_buf_release(&b);
	return rc;
}

int
cix_mapper_split_name(const char **family, const char **given,
    struct cix_record *rec, const char *name)
{
	const char *comma, *sp;
	size_t n;

	*family = *given = NULL;
	if (name == NULL)
		return CIX_OK;
	n = strlen(name);
	name = cix_trim(name, &n);
	if (n == 0)
		return CIX_OK;
	if ((comma = memchr(name, ',', n)) != NULL) {
		if (cix_record_strclean(rec, family, name,
		    (size_t)(comma - name)) < 0 ||
		    cix_record_strclean(rec, given, comma + 1,
		    n - (size_t)(comma - name) - 1) < 0)
			return CIX_ENOMEM;
		return CIX_OK;
	}
	for (sp = name + n; sp > name && sp[-1] != ' '; sp--)
		;
	if (sp == name)
		return cix_record_strclean(rec, family, name, n);
	if (cix_record_strclean(rec, given, name, (size_t)(sp - name)) < 0 ||
	    cix_record_strclean(rec, family, sp, n - (size_t)(sp - name)) < 0)
		return CIX_ENOMEM;
	return CIX_OK;
}

static const char *const corporate_words[] = {
	"academy", "agency", "association", "authority", "bureau", "center",
	"centre", "collaboration", "college", "commission", "committee",
	"company", "consortium", "corporation", "council", "department",
	"foundation", "group", "hospital", "inc", "initiative", "institute",
	"institution", "lab", "laboratory", "library", "ltd", "ministry",
	"network", "office", "organisation", "organization", "program",
	"programme", "project", "society", "station", "survey", "team",
	"trust", "universidad", "universit\xC3\xA9", "universitat",
	"university", NULL
};

int
cix_mapper_looks_corporate(const char *name)
{
	const char *p = name, *w;
	size_t i, n;

	if (name == NULL)
		return 0;
	while (*p != '\0') {
		while (*p != '\0' && !cix_isalpha((unsigned char)*p) &&
		    (unsigned char)*p < 0x80)
			p++;
		w = p;
		while (*p != '\0' && (cix_isalpha((unsigned char)*p) ||
		    (unsigned char)*p >= 0x80))
			p++;
		n = (size_t)(p - w);
		for (i = 0; n > 0 && corporate_words[i] != NULL; i++)
			if (cix_strncaseeq(w, n, corporate_words[i]))
				return 1;
	}
	return 0;
}

void
cix_mapper_affils_release(struct cix_mapper_affils *ix)
{
	free(ix->slot);
	ix->slot = NULL;
	ix->nslot = 0;
}

int
cix_mapper_affil(struct cix_mapper_affils *ix, struct cix_record *rec,
    size_t author, const char *text)
{
	size_t i, h, mask;
	int rc;

	if (text == NULL || *text == '\0' || author >= rec->nauthors ||
	    rec->naa >= CIX_MAPPER_MAXLINKS)
		return CIX_OK;
	if (ix->nslot == 0) {
		/* twice the most affiliations a record keeps: short probes */
		ix->nslot = 1;
		while (ix->nslot < 2 * CIX_MAPPER_MAXAFFILS)
			ix->nslot <<= 1;
		if ((ix->slot = calloc(ix->nslot, sizeof(*ix->slot))) == NULL) {
			ix->nslot = 0;
			return CIX_ENOMEM;
		}
	}
	mask = ix->nslot - 1;
	h = (size_t)cix_fnv1a(CIX_FNV_INIT, text, strlen(text)) & mask;
	for (;; h = (h + 1) & mask) {
		if (ix->slot[h] == 0)
			break;
		i = ix->slot[h] - 1;
		if (i < rec->naffils && rec->affils[i].address != NULL &&
		    strcmp(rec->affils[i].address, text) == 0)
			goto link;
	}
	if (rec->naffils >= CIX_MAPPER_MAXAFFILS)
		return CIX_OK;
	if ((rc = cix_record_add_affil(rec, text, NULL, &i)) < 0)
		return rc;
	ix->slot[h] = (uint32_t)i + 1;
link:
	rc = cix_record_link_affil(rec, author, i);
	return rc == CIX_EINVAL ? CIX_OK : rc;
}

/* ------------------------------------------------------------------ */
/* Dates, pages, titles */

int
cix_mapper_year(long y)
{
	return y >= 1000 && y <= 2999 ? (int)y : 0;
}

/* Up to max digits at *p as a number; -1 if none. */
static long
digits(const char **p, int max)
{
	long v = 0;
	int n = 0;

	while (n < max && cix_isdigit((unsigned char)**p)) {
		v = v * 10 + (**p - '0');
		(*p)++;
		n++;
	}
	return n > 0 ? v : -1;
}

int
cix_mapper_date(const char *s, int *year, int *month, int *day)
{
	const char *p = s;
	long y, m = 0, d = 0;

	*year = *month = *day = 0;
	if (s == NULL)
		return 0;
	while (cix_isspace((unsigned char)*p))
		p++;
	if ((y = digits(&p, 4)) < 0 || cix_isdigit((unsigned char)*p) ||
	    cix_mapper_year(y) == 0)
		return 0;
	if (*p == '-' && cix_isdigit((unsigned char)p[1])) {
		p++;
		m = digits(&p, 2);
		if (*p == '-' && cix_isdigit((unsigned char)p[1])) {
			p++;
			d = digits(&p, 2);
		}
	}
	*year = (int)y;
	if (m >= 1 && m <= 12) {
		*month = (int)m;
		if (d >= 1 && d <= 31)
			*day = (int)d;
	}
	return 1;
}

/* Is the UTF-8 sequence at p a dash (hyphen, en/em dash, minus)? */
static size_t
dash(const char *p)
{
	const unsigned char *u = (const unsigned char *)p;

	if (*u == '-')
		return 1;
	if (u[0] == 0xE2 && u[1] == 0x80 && (u[2] >= 0x90 && u[2] <= 0x95))
		return 3;
	if (u[0] == 0xE2 && u[1] == 0x88 && u[2] == 0x92)
		return 3;
	return 0;
}

int
cix_mapper_pages(struct cix_record *rec, const char *s)
{
	const char *p, *a, *b = NULL;
	size_t al, bl = 0, dl = 0, n;
	struct cix_buf buf;
	int rc;

	if (s == NULL)
		return CIX_OK;
	n = strlen(s);
	s = cix_trim(s, &n);
	/* only the first of "12-15, 20" */
	for (p = s; p < s + n && *p != ',' && *p != ';'; p++)
		;
	n = (size_t)(p - s);
	for (p = s; p < s + n; p++)
		if ((dl = dash(p)) > 0 && p > s)
			break;
	a = s;
	al = (size_t)(p - s);
	if (p < s + n) {
		b = p + dl;
		bl = n - al - dl;
		b = cix_trim(b, &bl);
	}
	a = cix_trim(a, &al);
	if (al == 0 || cix_strncaseeq(a, al, "n/a"))
		return CIX_OK;
	if ((rc = cix_record_strclean(rec, &rec->first_page, a, al)) < 0)
		return rc;
	if (b == NULL || bl == 0 || cix_strncaseeq(b, bl, "n/a"))
		return CIX_OK;
	/* "635-41" means 641 */
	cix_buf_init(&buf, 64);
	rc = CIX_OK;
	if (bl < al && cix_isdigit((unsigned char)b[0])) {
		size_t i;
		int alldig = 1;

		for (i = 0; i < al; i++)
			alldig &= cix_isdigit((unsigned char)a[i]);
		for (i = 0; i < bl; i++)
			alldig &= cix_isdigit((unsigned char)b[i]);
		if (alldig) {
			rc = cix_buf_add(&buf, a, al - bl);
			if (rc == CIX_OK)
				rc = cix_buf_add(&buf, b, bl);
			if (rc == CIX_OK) {
				b = buf.p;
				bl = buf.len;
			}
		}
	}
	if (rc == CIX_OK || rc == CIX_ETOOBIG)
		rc = cix_record_strclean(rec, &rec->last_page, b, bl);
	cix_buf_release(&buf);
	return rc;
}

/* Append s to b with &, < and > escaped. */
static int
add_escaped(struct cix_buf *b, const char *s)
{
	int rc = CIX_OK;

	for (; *s != '\0' && rc == CIX_OK; s++) {
		if (*s == '&')
			rc = cix_buf_adds(b, "&amp;");
		else if (*s == '<')
			rc = cix_buf_adds(b, "&lt;");
		else if (*s == '>')
			rc = cix_buf_adds(b, "&gt;");
		else
			rc = cix_buf_addch(b, *s);
	}
	return rc;
}

int
cix_mapper_title(struct cix_record *rec, const char *t, const char *tm,
    const char *sub, const char *sm)
{
	struct cix_buf b;
	const char *sep;
	size_t n;
	int rc = CIX_OK;

	if (t == NULL) {
		t = sub;
		tm = sm;
		sub = sm = NULL;
	}
	if (t == NULL)
		return CIX_OK;
	if (sub == NULL || strcmp(sub, t) == 0) {
		rec->title = t;
		rec->title_markup = tm;
		return CIX_OK;
	}
	n = strlen(t);
	sep = (n > 0 && strchr(":?!.", t[n - 1]) != NULL) ? " " : ": ";
	cix_buf_init(&b, 0);
	if ((rc = cix_buf_addf(&b, "%s%s%s", t, sep, sub)) < 0)
		goto out;
	if ((rec->title = cix_arena_strndup(&rec->arena, b.p, b.len)) == NULL) {
		rc = CIX_ENOMEM;
		goto out;
	}
	rec->title_markup = NULL;
	if (tm == NULL && sm == NULL)
		goto out;
	cix_buf_reset(&b);
	rc = tm != NULL ? cix_buf_adds(&b, tm) : add_escaped(&b, t);
	if (rc == CIX_OK)
		rc = cix_buf_adds(&b, sep);
	if (rc == CIX_OK)
		rc = sm != NULL ? cix_buf_adds(&b, sm) : add_escaped(&b, sub);
	if (rc == CIX_OK && (rec->title_markup = cix_arena_strndup(
	    &rec->arena, b.p, b.len)) == NULL)
		rc = CIX_ENOMEM;
out:
	cix_buf_release(&b);
	return rc;
}

/* ------------------------------------------------------------------ */
/* Cited references */

/* "A", "AC", "J.W.", "G." : an initials-only token. */
static int
initial_token(const char *w, size_t n)
{
	size_t i, letters = 0;

	for (i = 0; i < n; i++) {
		if (w[i] >= 'A' && w[i] <= 'Z')
			letters++;
		else if (w[i] != '.')
			return 0;
	}
	return letters >= 1 && letters <= 3;
}

/*
 * The surname and initials in a reference's author: "Parker G",
 * "A Battle", "AC Gavin", "B. W.Kernighan", "Arnett, E. M.", "Bonke".
 */
static int
ref_author(struct cix_record *rec, const char *s, const char **surname,
    const char **inits)
{
	struct { const char *p; size_t n; } w[32];
	struct cix_buf ib;
	const char *p, *comma, *end;
	size_t nw = 0, first, last, i, len;
	int rc = CIX_OK;

	*surname = *inits = NULL;
	len = strlen(s);
	s = cix_trim(s, &len);
	if (len == 0)
		return CIX_OK;
	cix_buf_init(&ib, 16);
	if ((comma = memchr(s, ',', len)) != NULL) {
		if ((rc = cix_record_strclean(rec, surname, s,
		    (size_t)(comma - s))) < 0)
			goto out;
		for (p = comma + 1; p < s + len; p++)
			if (*p >= 'A' && *p <= 'Z' && (p == comma + 1 ||
			    !cix_isalpha((unsigned char)p[-1])))
				cix_buf_addch(&ib, *p);
		goto done;
	}
	/* words, splitting "W.Kernighan" after the dot */
	end = s + len;
	for (p = s; p < end && nw < 32;) {
		while (p < end && *p == ' ')
			p++;
		if (p == end)
			break;
		w[nw].p = p;
		while (p < end && *p != ' ') {
			if (*p == '.' && p + 1 < end && p[1] != ' ' &&
			    p[1] != '.') {
				p++;
				break;
			}
			p++;
		}
		w[nw].n = (size_t)(p - w[nw].p);
		nw++;
	}
	first = 0;
	last = nw;
	while (first < last && initial_token(w[first].p, w[first].n))
		first++;
	while (last > first && initial_token(w[last - 1].p, w[last - 1].n))
		last--;
	if (first == last) {
		/* all initials ("WHO"): keep it whole */
		rc = cix_record_strclean(rec, surname, s, len);
		goto out;
	}
	for (i = 0; i < nw; i++) {
		size_t k;

		if (i >= first && i < last)
			continue;
		for (k = 0; k < w[i].n; k++)
			if (w[i].p[k] != '.')
				cix_buf_addch(&ib, w[i].p[k]);
	}
	rc = cix_record_strclean(rec, surname, w[first].p,
	    (size_t)(w[last - 1].p + w[last - 1].n - w[first].p));
	if (rc < 0)
		goto out;
done:
	if (ib.len > 0 && ib.len <= 8)
		rc = cix_record_str(rec, inits, ib.p, ib.len);
out:
	cix_buf_release(&ib);
	return rc;
}

static int
add_upper(struct cix_buf *b, const char *s)
{
	int rc = CIX_OK;

	for (; *s != '\0' && rc == CIX_OK; s++)
		rc = cix_buf_addch(b, cix_toupper((unsigned char)*s));
	return rc;
}

/* The WoS-like form of a structured reference. */
static int
build_raw(struct cix_buf *b, const struct cix_citedref *f, const char *doi)
{
	const char *src = f->source;
	int rc = CIX_OK, n = 0;

#define SEP() (n++ > 0 ? cix_buf_adds(b, ", ") : CIX_OK)
	if (f->author != NULL) {
		rc = SEP();
		if (rc == CIX_OK)
			rc = cix_buf_adds(b, f->author);
		if (rc == CIX_OK && f->initials != NULL)
			rc = cix_buf_addf(b, " %s", f->initials);
	}
	if (rc == CIX_OK && f->year > 0 && (rc = SEP()) == CIX_OK)
		rc = cix_buf_addf(b, "%d", f->year);
	if (rc == CIX_OK && src != NULL && (rc = SEP()) == CIX_OK)
		rc = add_upper(b, src);
	if (rc == CIX_OK && f->volume != NULL && (rc = SEP()) == CIX_OK)
		rc = cix_buf_addf(b, "V%s", f->volume);
	if (rc == CIX_OK && f->page != NULL && (rc = SEP()) == CIX_OK)
		rc = cix_buf_addf(b, "P%s", f->page);
	if (rc == CIX_OK && doi != NULL && (rc = SEP()) == CIX_OK)
		rc = cix_buf_addf(b, "DOI %s", doi);
	if (rc == CIX_OK && n == 0 && f->title != NULL)
		rc = cix_buf_adds(b, f->title);
#undef SEP
	return rc;
}

static int
clean(struct cix_record *rec, const char **out, const char *s)
{
	*out = NULL;
	if (s == NULL)
		return CIX_OK;
	return cix_record_strclean(rec, out, s, strlen(s));
}

int
cix_mapper_add_ref(struct cix_record *rec, const struct cix_mapper_ref *in)
{
	struct cix_citedref f;
	struct cix_ref *ref;
	struct cix_buf b;
	const char *doi = NULL, *p;
	size_t dl;
	long y;
	int rc;

	memset(&f, 0, sizeof(f));
	cix_buf_init(&b, 64 * 1024);
	if ((rc = cix_mapper_doi(&doi, rec, in->doi)) < 0)
		goto out;
	if (in->author == NULL && in->year == NULL && in->journal == NULL &&
	    in->book == NULL && in->title == NULL && in->volume == NULL &&
	    in->page == NULL) {
		/* unstructured: the import pipeline parses it */
		if (doi == NULL && in->unstructured != NULL &&
		    (p = cix_doi_find(in->unstructured,
		    strlen(in->unstructured), &dl)) != NULL) {
			cix_buf_reset(&b);
			if (normalise(&b, p, dl) == CIX_OK &&
			    (doi = cix_arena_strndup(&rec->arena, b.p,
			    b.len)) == NULL) {
				rc = CIX_ENOMEM;
				goto out;
			}
		}
		if (in->unstructured != NULL) {
			p = in->unstructured;
		} else if (doi != NULL) {
			/* nothing but a DOI: nothing left to parse */
			cix_buf_reset(&b);
			if ((rc = cix_buf_addf(&b, "DOI %s", doi)) < 0)
				goto out;
			p = b.p;
		} else {
			goto out;
		}
		if ((rc = cix_record_add_ref(rec, p, strlen(p), &ref)) < 0)
			goto out;
		if (ref != NULL && doi != NULL) {
			ref->f.dois[0] = doi;
			ref->f.ndois = 1;
			if (in->unstructured == NULL) {
				ref->parsed = 1;
				ref->f.kind = CIX_REF_ARTICLE;
			}
		}
		goto out;
	}

	f.kind = in->journal == NULL && in->book != NULL ? CIX_REF_BOOK :
	    CIX_REF_ARTICLE;
	if (in->author != NULL &&
	    (rc = ref_author(rec, in->author, &f.author, &f.initials)) < 0)
		goto out;
	if (in->year != NULL) {
		p = in->year;
		while (*p != '\0' && !cix_isdigit((unsigned char)*p))
			p++;
		y = cix_leading_number(p, strlen(p));
		f.year = cix_mapper_year(y);
	}
	if ((rc = clean(rec, &f.source, in->journal != NULL ? in->journal :
	    in->book)) < 0 ||
	    (rc = clean(rec, &f.title, in->title)) < 0 ||
	    (rc = clean(rec, &f.volume, in->volume)) < 0 ||
	    (rc = clean(rec, &f.issue, in->issue)) < 0 ||
	    (rc = clean(rec, &f.page, in->page)) < 0)
		goto out;
	if (doi != NULL) {
		f.dois[0] = doi;
		f.ndois = 1;
	}
	if (in->unstructured != NULL) {
		p = in->unstructured;
	} else {
		cix_buf_reset(&b);
		rc = build_raw(&b, &f, doi);
		if (rc == CIX_ETOOBIG)
			rc = CIX_OK;
		if (rc < 0)
			goto out;
		p = b.p;
	}
	if ((rc = cix_record_add_ref(rec, p, strlen(p), &ref)) < 0)
		goto out;
	if (ref != NULL) {
		ref->parsed = 1;
		ref->f = f;
	}
out:
	cix_buf_release(&b);
	return rc;
}
