#include "config.h"

#include <stdint.h>
#include <string.h>

#include <libxml/tree.h>

#include "arena.h"
#include "buf.h"
#include "error.h"
#include "markup.h"
#include "util.h"
#include "banned.h"

/*
 * A sink receives characters and tags and writes the text and markup
 * buffers.  White space is never written at once: it is remembered
 * (ws, nl, para) and resolved when the next visible character arrives,
 * so that runs collapse, ends are trimmed, and a space falls outside the
 * tags ("beetle <i>Callosobruchus</i> and", never "<i> Callo").  Kept
 * tags are pushed on a small stack and written only before the first
 * character inside them, so empty elements leave nothing behind.
 */

#define MAXOPEN 32
#define MAXDEPTH 256		/* libxml2 refuses deeper documents anyway */

enum tag {
	TAG_NONE = 0,
	TAG_I,
	TAG_B,
	TAG_SUB,
	TAG_SUP
};

static const char *const tagnames[] = { "", "i", "b", "sub", "sup" };

/* How an element (or an escaped tag) is treated. */
enum kind {
	K_INLINE = 0,	/* no effect: its content is text */
	K_KEEP,		/* kept in markup as one of enum tag */
	K_BLOCK,	/* paragraph (PARAS) or space */
	K_TITLE,	/* a heading: block, dropped when it says "Abstract" */
	K_SKIP,		/* content dropped */
	K_ALT		/* JATS alternatives: one child only */
};

struct open {
	int tag;	/* enum tag */
	int emitted;	/* "<tag>" already written */
	int xml;	/* opened by an XML element (not escaped text) */
};

struct sink {
	struct cix_buf t, m;
	unsigned flags;
	size_t cap;		/* of t; m may hold twice that plus tags */
	int full;		/* cap reached: ignore further text */
	int oom;
	int ws;			/* white space pending */
	int nl;			/* newlines in it */
	int para;		/* paragraph break pending */
	int math;		/* inside MathML */
	int last;		/* last character written, if ASCII */
	int kept;		/* some tag was written to m */
	struct open open[MAXOPEN];
	int nopen;
	int overflow;		/* XML opens beyond MAXOPEN */
	struct {		/* state at an escaped <title> (PARAS) */
		int valid;
		size_t t, m;
		int ws, nl, para, last, kept;
		uint32_t emitted;	/* bit i: open[i] was written */
	} title;
};

static const char ns_mathml[] = "http://www.w3.org/1998/Math/MathML";

static int
ascii_caseeq(const char *a, const char *b)
{
	return cix_strcasecmp(a, b) == 0;
}

/* Elements of these namespaces may carry face markup. */
static int
ns_faces(const xmlNs *ns)
{
	const char *h;

	if (ns == NULL || ns->href == NULL)
		return 1;
	h = (const char *)ns->href;
	return strncmp(h, "http://www.crossref.org/", 24) == 0 ||
	    strncmp(h, "https://www.crossref.org/", 25) == 0 ||
	    strcmp(h, "http://www.ncbi.nlm.nih.gov/JATS1") == 0 ||
	    strcmp(h, "http://www.w3.org/1999/xhtml") == 0 ||
	    strncmp(h, "http://datacite.org/schema/", 27) == 0;
}

static int
ns_is_mathml(const xmlNs *ns)
{
	return ns != NULL && ns->href != NULL &&
	    strcmp((const char *)ns->href, ns_mathml) == 0;
}

static const struct {
	const char *name;
	int kind;
	int tag;
} kinds[] = {
	{ "i", K_KEEP, TAG_I }, { "em", K_KEEP, TAG_I },
	{ "italic", K_KEEP, TAG_I }, { "b", K_KEEP, TAG_B },
	{ "strong", K_KEEP, TAG_B }, { "bold", K_KEEP, TAG_B },
	{ "sub", K_KEEP, TAG_SUB }, { "inf", K_KEEP, TAG_SUB },
	{ "sup", K_KEEP, TAG_SUP },
	{ "p", K_BLOCK, 0 }, { "div", K_BLOCK, 0 }, { "br", K_BLOCK, 0 },
	{ "li", K_BLOCK, 0 }, { "list-item", K_BLOCK, 0 },
	{ "list", K_BLOCK, 0 }, { "ul", K_BLOCK, 0 }, { "ol", K_BLOCK, 0 },
	{ "sec", K_BLOCK, 0 }, { "section", K_BLOCK, 0 },
	{ "blockquote", K_BLOCK, 0 }, { "disp-quote", K_BLOCK, 0 },
	{ "tr", K_BLOCK, 0 }, { "caption", K_BLOCK, 0 },
	{ "def-item", K_BLOCK, 0 }, { "statement", K_BLOCK, 0 },
	{ "boxed-text", K_BLOCK, 0 },
	{ "title", K_TITLE, 0 }, { "h1", K_TITLE, 0 }, { "h2", K_TITLE, 0 },
	{ "h3", K_TITLE, 0 }, { "h4", K_TITLE, 0 }, { "h5", K_TITLE, 0 },
	{ "h6", K_TITLE, 0 },
	{ "script", K_SKIP, 0 }, { "style", K_SKIP, 0 },
	{ "head", K_SKIP, 0 }, { "object-id", K_SKIP, 0 },
	{ "alternatives", K_ALT, 0 },
	{ NULL, 0, 0 }
};

static int
classify(const char *local, int *tag)
{
	size_t i;

	*tag = TAG_NONE;
	for (i = 0; kinds[i].name != NULL; i++) {
		if (ascii_caseeq(local, kinds[i].name)) {
			*tag = kinds[i].tag;
			return kinds[i].kind;
		}
	}
	return K_INLINE;
}

static int
addm(struct sink *s, const char *p, size_t n)
{
	if (cix_buf_add(&s->m, p, n) < 0) {
		s->oom = 1;
		return -1;
	}
	return 0;
}

/* Write the opening tags that wait for their first character. */
static void
flush_opens(struct sink *s)
{
	int i;

	for (i = 0; i < s->nopen; i++) {
		if (s->open[i].emitted)
			continue;
		addm(s, "<", 1);
		addm(s, tagnames[s->open[i].tag],
		    strlen(tagnames[s->open[i].tag]));
		addm(s, ">", 1);
		s->open[i].emitted = 1;
		s->kept = 1;
	}
}

static void
close_entry(struct sink *s, const struct open *o)
{
	if (!o->emitted)
		return;
	addm(s, "</", 2);
	addm(s, tagnames[o->tag], strlen(tagnames[o->tag]));
	addm(s, ">", 1);
}

/*
 * Write one visible character (its UTF-8 bytes p[0..n)); c is the
 * character when it is ASCII, else 0.
 */
static void
put(struct sink *s, const char *p, size_t n, int c)
{
	const char *sep = "";
	const char *esc = NULL;
	size_t sl, pend = 0, el;
	int i;

	if (s->full || s->oom)
		return;
	if (s->t.len > 0) {
		if (s->para) {
			sep = "\n\n";
		} else if (s->ws) {
			if (s->nl >= 2 && (s->flags & CIX_MARKUP_PARAS) &&
			    (s->flags & CIX_MARKUP_BLANKLINES))
				sep = "\n\n";
			else if (s->nl > 0 && c != 0 &&
			    strchr(".,;:!?)]", c) != NULL)
				sep = "";	/* pretty-printing */
			else if (s->nl > 0 && (s->last == '(' ||
			    s->last == '['))
				sep = "";
			else
				sep = " ";
		}
	}
	sl = strlen(sep);
	if (c == '&')
		esc = "&amp;";
	else if (c == '<')
		esc = "&lt;";
	else if (c == '>')
		esc = "&gt;";
	el = esc != NULL ? strlen(esc) : n;
	for (i = 0; i < s->nopen; i++)
		if (!s->open[i].emitted)
			pend += 2 + strlen(tagnames[s->open[i].tag]);
	if (s->t.len + sl + n > s->cap ||
	    s->m.len + sl + pend + el > 2 * s->cap) {
		s->full = 1;
		return;
	}
	if (cix_buf_add(&s->t, sep, sl) < 0 || cix_buf_add(&s->t, p, n) < 0) {
		s->oom = 1;
		return;
	}
	addm(s, sep, sl);
	flush_opens(s);
	addm(s, esc != NULL ? esc : p, el);
	s->ws = s->nl = s->para = 0;
	s->last = c;
}

static void
put_cp(struct sink *s, uint32_t cp)
{
	unsigned char u[4];
	size_t n;

	/* White space of every kind collapses. */
	if (cp == ' ' || cp == '\t' || cp == '\r' || cp == '\f' ||
	    cp == '\v' || cp == 0xA0 || cp == 0x1680 ||
	    (cp >= 0x2000 && cp <= 0x200A) || cp == 0x202F ||
	    cp == 0x205F || cp == 0x3000) {
		s->ws = 1;
		return;
	}
	if (cp == '\n' || cp == 0x2028 || cp == 0x2029) {
		s->ws = 1;
		s->nl++;
		return;
	}
	/* Invisible or control characters are dropped. */
	if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0xAD ||
	    cp == 0x200B || cp == 0xFEFF || cp == 0xFFFE || cp == 0xFFFF ||
	    (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
		return;
	if (cp < 0x80) {
		u[0] = (unsigned char)cp;
		n = 1;
	} else if (cp < 0x800) {
		u[0] = (unsigned char)(0xC0 | (cp >> 6));
		u[1] = (unsigned char)(0x80 | (cp & 0x3F));
		n = 2;
	} else if (cp < 0x10000) {
		u[0] = (unsigned char)(0xE0 | (cp >> 12));
		u[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
		u[2] = (unsigned char)(0x80 | (cp & 0x3F));
		n = 3;
	} else {
		u[0] = (unsigned char)(0xF0 | (cp >> 18));
		u[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
		u[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
		u[3] = (unsigned char)(0x80 | (cp & 0x3F));
		n = 4;
	}
	put(s, (const char *)u, n, cp < 0x80 ? (int)cp : 0);
}

static void
block(struct sink *s)
{
	if (s->flags & CIX_MARKUP_PARAS) {
		if (s->t.len > 0)
			s->para = 1;
	} else {
		s->ws = 1;
	}
}

static void
open_tag(struct sink *s, int tag, int xml)
{
	if (s->nopen >= MAXOPEN) {
		if (xml)
			s->overflow++;
		return;
	}
	s->open[s->nopen].tag = tag;
	s->open[s->nopen].emitted = 0;
	s->open[s->nopen].xml = xml;
	s->nopen++;
}

/* Close the XML element's tag and any escaped tag left open inside it. */
static void
close_xml(struct sink *s)
{
	if (s->overflow > 0) {
		s->overflow--;
		return;
	}
	while (s->nopen > 0) {
		struct open *o = &s->open[--s->nopen];

		close_entry(s, o);
		if (o->xml)
			break;
	}
}

/* An escaped closing tag closes the innermost matching escaped open. */
static void
close_escaped(struct sink *s, int tag)
{
	int i;

	for (i = s->nopen - 1; i >= 0 && !s->open[i].xml; i--) {
		if (s->open[i].tag != tag)
			continue;
		while (s->nopen > i)
			close_entry(s, &s->open[--s->nopen]);
		return;
	}
}

/* HTML entities seen double-escaped in metadata. */
static const struct {
	const char *name;
	uint32_t cp;
} entities[] = {
	{ "amp", '&' }, { "lt", '<' }, { "gt", '>' }, { "quot", '"' },
	{ "apos", '\'' }, { "nbsp", 0xA0 }, { "ndash", 0x2013 },
	{ "mdash", 0x2014 }, { "hellip", 0x2026 }, { "lsquo", 0x2018 },
	{ "rsquo", 0x2019 }, { "ldquo", 0x201C }, { "rdquo", 0x201D },
	{ "laquo", 0xAB }, { "raquo", 0xBB }, { "shy", 0xAD },
	{ "aacute", 0xE1 }, { "agrave", 0xE0 }, { "acirc", 0xE2 },
	{ "auml", 0xE4 }, { "atilde", 0xE3 }, { "aring", 0xE5 },
	{ "eacute", 0xE9 }, { "egrave", 0xE8 }, { "ecirc", 0xEA },
	{ "euml", 0xEB }, { "iacute", 0xED }, { "igrave", 0xEC },
	{ "icirc", 0xEE }, { "iuml", 0xEF }, { "oacute", 0xF3 },
	{ "ograve", 0xF2 }, { "ocirc", 0xF4 }, { "ouml", 0xF6 },
	{ "otilde", 0xF5 }, { "oslash", 0xF8 }, { "uacute", 0xFA },
	{ "ugrave", 0xF9 }, { "ucirc", 0xFB }, { "uuml", 0xFC },
	{ "ntilde", 0xF1 }, { "ccedil", 0xE7 }, { "szlig", 0xDF },
	{ "Aacute", 0xC1 }, { "Auml", 0xC4 }, { "Eacute", 0xC9 },
	{ "Ouml", 0xD6 }, { "Uuml", 0xDC }, { "Oslash", 0xD8 },
	{ "Aring", 0xC5 }, { "Ccedil", 0xC7 }, { "copy", 0xA9 },
	{ "reg", 0xAE }, { "deg", 0xB0 }, { "plusmn", 0xB1 },
	{ "times", 0xD7 }, { "middot", 0xB7 }, { "micro", 0xB5 },
	{ "alpha", 0x3B1 }, { "beta", 0x3B2 }, { "gamma", 0x3B3 },
	{ "delta", 0x3B4 }, { "kappa", 0x3BA }, { "lambda", 0x3BB },
	{ "mu", 0x3BC }, { "sigma", 0x3C3 }, { "le", 0x2264 },
	{ "ge", 0x2265 }, { "minus", 0x2212 },
	{ NULL, 0 }
};

/*
 * An entity at p[0..len) ("&...;"): its code point in *cp and its length,
 * or 0 when it is not one we decode.
 */
static size_t
entity(const char *p, size_t len, uint32_t *cp)
{
	size_t i, j;
	uint32_t v = 0;

	if (len < 3 || p[0] != '&')
		return 0;
	if (p[1] == '#') {
		int hex = 0;

		i = 2;
		if (i < len && (p[i] == 'x' || p[i] == 'X')) {
			hex = 1;
			i++;
		}
		for (j = i; j < len && j < i + 8; j++) {
			int c = (unsigned char)p[j], d;

			if (cix_isdigit(c))
				d = c - '0';
			else if (hex && c >= 'a' && c <= 'f')
				d = c - 'a' + 10;
			else if (hex && c >= 'A' && c <= 'F')
				d = c - 'A' + 10;
			else
				break;
			v = v * (hex ? 16 : 10) + (uint32_t)d;
		}
		if (j == i || j >= len || p[j] != ';' || v == 0 ||
		    v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
			return 0;
		*cp = v;
		return j + 1;
	}
	for (j = 1; j < len && j < 10 && cix_isalnum((unsigned char)p[j]); j++)
		;
	if (j >= len || p[j] != ';' || j == 1)
		return 0;
	for (i = 0; entities[i].name != NULL; i++) {
		if (strlen(entities[i].name) == j - 1 &&
		    memcmp(entities[i].name, p + 1, j - 1) == 0) {
			*cp = entities[i].cp;
			return j + 1;
		}
	}
	return 0;
}

/*
 * An escaped tag at p[0..len) ("<i>", "</jats:p>", "<br/>", "<a href=..>"):
 * its length, its local name in name[], *closing set; 0 if p does not
 * start a tag ("p < 0.05", "a <- b").
 */
static size_t
escaped_tag(const char *p, size_t len, char *name, size_t namesz,
    int *closing)
{
	size_t i = 1, start, j, n;

	if (len < 3 || p[0] != '<')
		return 0;
	*closing = 0;
	if (p[i] == '/') {
		*closing = 1;
		i++;
	}
	if (i >= len || !cix_isalpha((unsigned char)p[i]))
		return 0;
	start = i;
	while (i < len && (cix_isalnum((unsigned char)p[i]) || p[i] == ':' ||
	    p[i] == '-' || p[i] == '_' || p[i] == '.'))
		i++;
	if (i >= len || (p[i] != '>' && p[i] != '/' &&
	    !cix_isspace((unsigned char)p[i])))
		return 0;
	/* The local name: after the last colon. */
	for (j = i; j > start && p[j - 1] != ':'; j--)
		;
	n = i - j;
	if (n == 0 || n >= namesz)
		return 0;
	memcpy(name, p + j, n);
	name[n] = '\0';
	for (; i < len && i < 512; i++) {
		if (p[i] == '<')
			return 0;
		if (p[i] == '>')
			return i + 1;
	}
	return 0;
}

/*
 * An escaped <title> in paragraph mode: remember where it starts so that
 * a heading that only says "Abstract" can be taken back at </title>.
 */
static int says_abstract(const struct sink *s, size_t from);

static void
title_open(struct sink *s)
{
	int i;

	block(s);
	s->title.valid = 1;
	s->title.t = s->t.len;
	s->title.m = s->m.len;
	s->title.ws = s->ws;
	s->title.nl = s->nl;
	s->title.para = s->para;
	s->title.last = s->last;
	s->title.kept = s->kept;
	s->title.emitted = 0;
	for (i = 0; i < s->nopen; i++)
		if (s->open[i].emitted)
			s->title.emitted |= 1u << i;
}

static void
title_close(struct sink *s)
{
	int i;

	if (s->title.valid && !s->oom && s->t.len > s->title.t &&
	    s->title.t <= s->t.len && s->title.m <= s->m.len &&
	    says_abstract(s, s->title.t)) {
		cix_buf_setlen(&s->t, s->title.t);
		cix_buf_setlen(&s->m, s->title.m);
		s->ws = s->title.ws;
		s->nl = s->title.nl;
		s->para = s->title.para;
		s->last = s->title.last;
		s->kept = s->title.kept;
		s->full = 0;
		for (i = 0; i < s->nopen && i < 32; i++)
			if (!(s->title.emitted & (1u << i)))
				s->open[i].emitted = 0;
	} else {
		block(s);
	}
	s->title.valid = 0;
}

/* Text that arrives as characters, possibly with escaped tags inside. */
static void
text(struct sink *s, const char *p, size_t len)
{
	size_t i = 0, n;
	char name[32];
	int closing, kind, tag;
	uint32_t cp;

	while (i < len && !s->full && !s->oom) {
		unsigned char c = (unsigned char)p[i];

		if (c == '<' && (n = escaped_tag(p + i, len - i, name,
		    sizeof(name), &closing)) > 0) {
			kind = classify(name, &tag);
			if (kind == K_KEEP && closing)
				close_escaped(s, tag);
			else if (kind == K_KEEP && p[i + n - 2] != '/')
				open_tag(s, tag, 0);
			else if (kind == K_TITLE &&
			    (s->flags & CIX_MARKUP_PARAS) && !closing)
				title_open(s);
			else if (kind == K_TITLE &&
			    (s->flags & CIX_MARKUP_PARAS))
				title_close(s);
			else if (kind == K_BLOCK || kind == K_TITLE)
				block(s);
			i += n;
			continue;
		}
		if (c == '&' && (n = entity(p + i, len - i, &cp)) > 0) {
			/* a decoded '<' is a character, never a tag */
			put_cp(s, cp);
			i += n;
			continue;
		}
		if (c < 0x80) {
			put_cp(s, c);
			i++;
			continue;
		}
		n = cix_utf8_seqlen((const unsigned char *)p + i, len - i);
		if (n == 0) {
			put_cp(s, 0xFFFD);
			i++;
			continue;
		}
		cp = cix_utf8_decode((const unsigned char *)p + i, n);
		if (cp < 0xA0 || cp == 0xAD || cp == 0x1680 || cp == 0x200B ||
		    (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 ||
		    cp == 0x2029 || cp == 0x202F || cp == 0x205F ||
		    cp == 0x3000 || cp == 0xFEFF || cp == 0xA0 || cp >= 0xFFFE)
			put_cp(s, cp);
		else
			put(s, p + i, n, 0);
		i += n;
	}
}

static void walk(struct sink *s, const xmlNode *n, int depth);
static void node(struct sink *s, const xmlNode *n, int depth);

/* A MathML text token: white space around it is layout, not text. */
static void
math_text(struct sink *s, const char *p, size_t len)
{
	p = cix_trim(p, &len);
	if (len > 0)
		text(s, p, len);
}

static const xmlNode *
nth_element(const xmlNode *n, int k)
{
	const xmlNode *c;

	for (c = n->children; c != NULL; c = c->next)
		if (c->type == XML_ELEMENT_NODE && k-- == 0)
			return c;
	return NULL;
}

static void
math(struct sink *s, const xmlNode *n, int depth)
{
	const char *l = (const char *)n->name;
	const xmlNode *c;
	int old = s->math, sub = 0, sup = 0, k;

	if (strcmp(l, "annotation") == 0 || strcmp(l, "annotation-xml") == 0)
		return;
	s->math = 1;
	if (strcmp(l, "msub") == 0)
		sub = 1;
	else if (strcmp(l, "msup") == 0)
		sup = 1;
	else if (strcmp(l, "msubsup") == 0)
		sub = sup = 1;
	if (sub || sup) {
		/* base, then subscript and/or superscript */
		for (k = 0; (c = nth_element(n, k)) != NULL; k++) {
			int tag = TAG_NONE;

			if (k == 1)
				tag = sub ? TAG_SUB : TAG_SUP;
			else if (k == 2 && sub && sup)
				tag = TAG_SUP;
			if (tag != TAG_NONE)
				open_tag(s, tag, 1);
			node(s, c, depth + 1);
			if (tag != TAG_NONE)
				close_xml(s);
		}
	} else if (strcmp(l, "mfrac") == 0) {
		for (k = 0; (c = nth_element(n, k)) != NULL; k++) {
			if (k == 1)
				put(s, "/", 1, '/');
			node(s, c, depth + 1);
		}
	} else if (strcmp(l, "msqrt") == 0) {
		put(s, "\xE2\x88\x9A", 3, 0);	/* U+221A */
		walk(s, n, depth);
	} else {
		walk(s, n, depth);
	}
	s->math = old;
}

/* Does the text written since offset `from` say only "Abstract"? */
static int
says_abstract(const struct sink *s, size_t from)
{
	size_t len = s->t.len - from;
	const char *p = s->t.p + from;

	while (len > 0 && (*p == ' ' || *p == '\n')) {
		p++;
		len--;
	}
	if (len > 0 && p[len - 1] == ':')
		len--;
	return len == 8 && cix_strncaseeq(p, len, "abstract");
}

static void
element(struct sink *s, const xmlNode *n, int depth)
{
	const char *l = (const char *)n->name;
	const xmlNode *c, *pick = NULL;
	struct sink save;
	int tag, kind;

	if (depth > MAXDEPTH || l == NULL)
		return;
	if (ns_is_mathml(n->ns)) {
		math(s, n, depth);
		return;
	}
	kind = ns_faces(n->ns) ? classify(l, &tag) : K_INLINE;
	switch (kind) {
	case K_SKIP:
		return;
	case K_KEEP:
		open_tag(s, tag, 1);
		walk(s, n, depth);
		close_xml(s);
		return;
	case K_BLOCK:
		block(s);
		walk(s, n, depth);
		block(s);
		return;
	case K_TITLE:
		block(s);
		if (!(s->flags & CIX_MARKUP_PARAS)) {
			walk(s, n, depth);
			block(s);
			return;
		}
		/* remember the state to undo an "Abstract" heading */
		save = *s;
		walk(s, n, depth);
		if (!s->oom && s->t.len > save.t.len &&
		    says_abstract(s, save.t.len)) {
			cix_buf_setlen(&s->t, save.t.len);
			cix_buf_setlen(&s->m, save.m.len);
			s->ws = save.ws;
			s->nl = save.nl;
			s->para = save.para;
			s->last = save.last;
			s->full = save.full;
			s->kept = save.kept;
			s->nopen = save.nopen;
			s->overflow = save.overflow;
			memcpy(s->open, save.open, sizeof(s->open));
			s->title = save.title;
			return;
		}
		block(s);
		return;
	case K_ALT:
		/* prefer MathML, else the first child */
		for (c = n->children; c != NULL; c = c->next) {
			if (c->type != XML_ELEMENT_NODE)
				continue;
			if (pick == NULL || ns_is_mathml(c->ns)) {
				pick = c;
				if (ns_is_mathml(c->ns))
					break;
			}
		}
		if (pick != NULL)
			node(s, pick, depth + 1);
		return;
	default:
		walk(s, n, depth);
		return;
	}
}

static void
node(struct sink *s, const xmlNode *c, int depth)
{
	switch (c->type) {
	case XML_TEXT_NODE:
	case XML_CDATA_SECTION_NODE:
		if (c->content == NULL)
			break;
		if (s->math)
			math_text(s, (const char *)c->content,
			    strlen((const char *)c->content));
		else
			text(s, (const char *)c->content,
			    strlen((const char *)c->content));
		break;
	case XML_ELEMENT_NODE:
		element(s, c, depth + 1);
		break;
	default:
		/*
		 * XML_ENTITY_REF_NODE above all: a DTD entity never
		 * contributes text (no expansion, no external loads).
		 * Comments and processing instructions neither.
		 */
		break;
	}
}

static void
walk(struct sink *s, const xmlNode *n, int depth)
{
	const xmlNode *c;

	for (c = n->children; c != NULL && !s->full && !s->oom; c = c->next)
		node(s, c, depth);
}

static void
sink_init(struct sink *s, unsigned flags, size_t cap)
{
	memset(s, 0, sizeof(*s));
	cix_buf_init(&s->t, 0);
	cix_buf_init(&s->m, 0);
	s->flags = flags;
	s->cap = cap;
}

static int
sink_finish(struct sink *s, const char **text_out, const char **markup_out,
    struct cix_arena *a)
{
	int rc = CIX_OK;

	while (s->nopen > 0)
		close_entry(s, &s->open[--s->nopen]);
	if (text_out != NULL)
		*text_out = NULL;
	if (markup_out != NULL)
		*markup_out = NULL;
	if (s->oom) {
		rc = CIX_ENOMEM;
		goto out;
	}
	if (s->t.len == 0)
		goto out;
	if (text_out != NULL &&
	    (*text_out = cix_arena_strndup(a, s->t.p, s->t.len)) == NULL) {
		rc = CIX_ENOMEM;
		goto out;
	}
	if (markup_out != NULL && s->kept &&
	    (*markup_out = cix_arena_strndup(a, s->m.p, s->m.len)) == NULL) {
		rc = CIX_ENOMEM;
		goto out;
	}
out:
	cix_buf_release(&s->t);
	cix_buf_release(&s->m);
	return rc;
}

int
cix_markup_xml(const char **text_out, const char **markup_out,
    struct cix_arena *a, const struct _xmlNode *n, unsigned flags,
    size_t cap)
{
	struct sink s;

	sink_init(&s, flags, cap);
	if (n != NULL)
		walk(&s, n, 0);
	return sink_finish(&s, text_out, markup_out, a);
}

int
cix_markup_str(const char **text_out, const char **markup_out,
    struct cix_arena *a, const char *p, size_t len, unsigned flags,
    size_t cap)
{
	struct sink s;

	sink_init(&s, flags, cap);
	if (p != NULL)
		text(&s, p, len);
	return sink_finish(&s, text_out, markup_out, a);
}
