/*
 * citedref.c - one cited-reference string -> structured fields.
 *
 * Two grammars are read:
 *
 *  1. Web of Science CR (also style 1 of the mirror page):
 *	AUTHOR, YEAR, SOURCE, V<vol>, P<page>, DOI <doi>
 *     where every part may be missing, the author may be written
 *     "Surname, Initials", the source may itself contain commas (mixed-case
 *     book titles), and the DOI part may be a bracketed list.  The DOI part
 *     is cut off first; the rest is split on top-level commas; author and
 *     year are read from the front, volume/page/article number are peeled
 *     from the back, and what is left in the middle is the source.  Peeling
 *     from the back is what keeps "Private, and Bureau of..." in a book
 *     title from being read as a page.
 *
 *  2. The GB/T 7714-like form of the mirror page (style 2), as the mirror
 *     reader joins its lines (one space between lines, no space before a
 *     line's final ';' or '.'):
 *	TITLE [J]. Family, Given; Family, Given.. SOURCE, YEAR, VOL (NO) :P-P
 *     recognised by the " [X]." document-type code after the title.
 *
 * The parser never fails on odd input: every index is checked against the
 * length, nothing is read past len, and what cannot be understood is left
 * out.  All strings are copied into the arena.
 */
#include "config.h"

#include <string.h>

#include "citedref.h"
#include "doi.h"
#include "error.h"
#include "util.h"
#include "banned.h"

#define MAXTOK 64	/* top-level comma-separated parts kept apart */
#define MAXWORDS 24	/* words of an author name looked at */
#define MAXINITIALS 8

struct span {
	const char *p;
	size_t n;
};

struct ctx {
	struct cix_arena *a;
	struct cix_citedref *out;
	struct cix_buf doibuf;	/* slow-path DOI normalisation */
	int corporate;
	int edition;		/* the volume is a book edition */
	int patent;
	int doctype;		/* style 2 code letter, 0 for WoS */
};

static int
isws(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	    c == '\v';
}

static struct span
mkspan(const char *p, size_t n)
{
	struct span s;

	while (n > 0 && isws((unsigned char)p[0])) {
		p++;
		n--;
	}
	while (n > 0 && isws((unsigned char)p[n - 1]))
		n--;
	s.p = p;
	s.n = n;
	return s;
}

/* Strip trailing characters of set from s. */
static struct span
rstrip(struct span s, const char *set)
{
	while (s.n > 0 && (strchr(set, s.p[s.n - 1]) != NULL ||
	    isws((unsigned char)s.p[s.n - 1])))
		s.n--;
	return s;
}

/* Copy s (trimmed) into the arena; empty gives NULL. */
static int
put(struct ctx *c, const char **out, struct span s)
{
	char *p;

	s = mkspan(s.p, s.n);
	if (s.n == 0) {
		*out = NULL;
		return CIX_OK;
	}
	if ((p = cix_arena_strndup(c->a, s.p, s.n)) == NULL)
		return CIX_ENOMEM;
	*out = p;
	return CIX_OK;
}

/* Does s[0..n) contain needle (ASCII case-insensitively)? */
static int
contains_nocase(const char *s, size_t n, const char *needle)
{
	size_t i, m = strlen(needle);

	for (i = 0; i + m <= n; i++)
		if (cix_tolower((unsigned char)s[i]) == needle[0] &&
		    cix_strncaseeq(s + i, m, needle))
			return 1;
	return 0;
}

static int
is_upper(int c)
{
	return c >= 'A' && c <= 'Z';
}

static int
is_lower(int c)
{
	return c >= 'a' && c <= 'z';
}

/* A year: exactly four digits, 1000-2199. */
static int
year_of(struct span s)
{
	int y;

	if (s.n != 4 || !cix_isdigit((unsigned char)s.p[0]) ||
	    !cix_isdigit((unsigned char)s.p[1]) ||
	    !cix_isdigit((unsigned char)s.p[2]) ||
	    !cix_isdigit((unsigned char)s.p[3]))
		return 0;
	y = (s.p[0] - '0') * 1000 + (s.p[1] - '0') * 100 +
	    (s.p[2] - '0') * 10 + (s.p[3] - '0');
	return y >= 1000 && y < 2200 ? y : 0;
}

/*
 * Split s on commas outside brackets and parentheses.  When the brackets
 * do not balance, split on every comma instead.  The last part takes the
 * rest when there are more than max.
 */
static size_t
split_commas(const char *s, size_t n, struct span *tok, size_t max)
{
	size_t i, start, nt;
	int depth, pass;

	for (pass = 0; pass < 2; pass++) {
		nt = 0;
		depth = 0;
		start = 0;
		for (i = 0; i < n; i++) {
			char ch = s[i];

			if (pass == 0) {
				if (ch == '[' || ch == '(') {
					depth++;
					continue;
				}
				if ((ch == ']' || ch == ')') && depth > 0) {
					depth--;
					continue;
				}
			}
			if (ch != ',' || depth > 0 || nt + 1 >= max)
				continue;
			tok[nt++] = mkspan(s + start, i - start);
			start = i + 1;
		}
		tok[nt++] = mkspan(s + start, n - start);
		if (depth == 0)
			break;
	}
	return nt;
}

/* ---------------------------------------------------------------------
 * DOIs
 */

/* Add one DOI (already cut out, maybe with "DOI " prefixes). */
static int
add_doi_norm(struct ctx *c, const char *p, size_t n)
{
	struct cix_citedref *o = c->out;
	size_t i;
	char *d;

	for (i = 0; i < o->ndois; i++)
		if (strlen(o->dois[i]) == n && memcmp(o->dois[i], p, n) == 0)
			return CIX_OK;
	if (o->ndois >= CIX_REF_MAXDOIS)
		return CIX_OK;
	if ((d = cix_arena_strndup(c->a, p, n)) == NULL)
		return CIX_ENOMEM;
	o->dois[o->ndois++] = d;
	return CIX_OK;
}

static int
add_doi(struct ctx *c, const char *p, size_t n)
{
	struct span s = mkspan(p, n);
	char tmp[256];
	size_t i, dl;
	const char *f;
	int rc, fast = 1;

	/* "DOI DOI 10.x", "doi:10.x" */
	for (;;) {
		if (s.n >= 4 && cix_startswith_nocase(s.p, s.n, "doi") &&
		    (s.p[3] == ' ' || s.p[3] == ':')) {
			s = mkspan(s.p + 4, s.n - 4);
			continue;
		}
		if (s.n >= 1 && s.p[0] == ':') {
			s = mkspan(s.p + 1, s.n - 1);
			continue;
		}
		break;
	}
	s = rstrip(s, ".,;:");
	if (s.n == 0)
		return CIX_OK;

	/*
	 * Fast path: a bare "10.x/y" without escapes or white space is
	 * normalised by folding ASCII case; this is what cix_doi_normalise()
	 * would produce, without its heap buffer.
	 */
	if (s.n < sizeof(tmp) && s.p[0] == '1') {
		for (i = 0; i < s.n; i++) {
			unsigned char ch = (unsigned char)s.p[i];

			if (ch <= 0x20 || ch == 0x7F || ch == '%') {
				fast = 0;
				break;
			}
			tmp[i] = (char)cix_tolower(ch);
		}
		if (fast && cix_doi_is_normal(tmp, s.n))
			return add_doi_norm(c, tmp, s.n);
	}
	cix_buf_reset(&c->doibuf);
	rc = cix_doi_normalise(&c->doibuf, s.p, s.n);
	if (rc == CIX_OK)
		return add_doi_norm(c, c->doibuf.p, c->doibuf.len);
	if (rc == CIX_ENOMEM)
		return rc;
	/*
	 * "10. 1108/x", "10.1177 /1932202X", "10.1017/ 978": white space is
	 * never part of a DOI, and these are typing slips around the prefix.
	 */
	if (s.n < sizeof(tmp) && s.p[0] == '1' && memchr(s.p, ' ', s.n)) {
		size_t tn = 0;

		for (i = 0; i < s.n; i++) {
			if (s.p[i] == ' ' && i > 0 && i + 1 < s.n &&
			    (s.p[i - 1] == '/' || s.p[i - 1] == '.' ||
			    s.p[i + 1] == '/' || s.p[i + 1] == ' '))
				continue;
			tmp[tn++] = s.p[i];
		}
		cix_buf_reset(&c->doibuf);
		rc = cix_doi_normalise(&c->doibuf, tmp, tn);
		if (rc == CIX_OK)
			return add_doi_norm(c, c->doibuf.p, c->doibuf.len);
		if (rc == CIX_ENOMEM)
			return rc;
	}
	/* Junk around it: take every DOI that can be found inside. */
	while ((f = cix_doi_find(s.p, s.n, &dl)) != NULL) {
		cix_buf_reset(&c->doibuf);
		rc = cix_doi_normalise(&c->doibuf, f, dl);
		if (rc == CIX_ENOMEM)
			return rc;
		if (rc == CIX_OK &&
		    (rc = add_doi_norm(c, c->doibuf.p, c->doibuf.len)) < 0)
			return rc;
		s.n -= (size_t)(f + dl - s.p);
		s.p = f + dl;
	}
	return CIX_OK;
}

/*
 * The DOI part: "DOI 10.x/y", "DOI DOI 10.x/y", "DOI [a, DOI b]".  Lists
 * are split on commas outside brackets, so that SICI DOIs with brackets
 * and semicolons stay whole.
 */
static int
parse_dois(struct ctx *c, const char *p, size_t n)
{
	struct span s = mkspan(p, n);
	size_t i, start;
	int depth, rc;

	while (s.n >= 3 && cix_startswith_nocase(s.p, s.n, "doi") &&
	    (s.n == 3 || s.p[3] == ' ' || s.p[3] == ':' || s.p[3] == '['))
		s = mkspan(s.p + 3, s.n - 3);
	while (s.n > 0 && s.p[0] == ':')
		s = mkspan(s.p + 1, s.n - 1);
	if (s.n == 0)
		return CIX_OK;
	if (s.p[0] != '[')
		return add_doi(c, s.p, s.n);
	depth = 0;
	start = 1;
	for (i = 1; i < s.n; i++) {
		char ch = s.p[i];

		if (ch == '[' || ch == '(') {
			depth++;
		} else if (ch == ']' || ch == ')') {
			if (depth == 0 && ch == ']')
				break;
			if (depth > 0)
				depth--;
		} else if (ch == ',' && depth == 0) {
			if ((rc = add_doi(c, s.p + start, i - start)) < 0)
				return rc;
			start = i + 1;
		}
	}
	return add_doi(c, s.p + start, i - start);
}

/*
 * Where the DOI part starts: a "DOI" word after a comma (or at the very
 * start) followed by a DOI, a list or another "DOI".  Returns len if none.
 */
static size_t
find_doi_part(const char *s, size_t n)
{
	const char *q;
	size_t i = 0, j, k;
	int comma;

	while (i + 3 <= n && (q = memchr(s + i, 'D', n - i - 2)) != NULL) {
		i = (size_t)(q - s);
		if (s[i + 1] != 'O' || s[i + 2] != 'I') {
			i++;
			continue;
		}
		/* preceded by start or ", " (or " " before "10.": "P25 DOI") */
		k = i;
		while (k > 0 && s[k - 1] == ' ')
			k--;
		comma = k > 0 && s[k - 1] == ',';
		if (k > 0 && !comma && k == i) {
			i++;
			continue;
		}
		j = i + 3;
		if (j < n && s[j] != ' ' && s[j] != '[' && s[j] != ':') {
			i++;
			continue;
		}
		while (j < n && (s[j] == ' ' || s[j] == ':'))
			j++;
		/*
		 * After a comma "DOI" starts the DOI part whatever follows
		 * (WoS also writes broken ones: "DOI https://doi.org/10.x",
		 * "DOI 10. 1108/x"); at the start it must look like one.
		 */
		if (j < n && (comma || s[j] == '[' || (j + 3 <= n &&
		    ((s[j] == '1' && s[j + 1] == '0' && s[j + 2] == '.') ||
		    cix_startswith_nocase(s + j, n - j, "doi")))))
			return comma ? k - 1 : k;
		i++;
	}
	return n;
}

/* ---------------------------------------------------------------------
 * Names
 */

/*
 * Word lists, looked up often (every word of every author): compared by
 * length and first letter before the bytes.
 */
struct word {
	const char *w;
	size_t n;
};
#define W(s) { s, sizeof(s) - 1 }

static const struct word particles[] = {
	W("al"), W("bin"), W("da"), W("das"), W("de"), W("del"), W("della"),
	W("den"), W("der"), W("des"), W("di"), W("do"), W("dos"), W("du"),
	W("el"), W("ibn"), W("la"), W("le"), W("mac"), W("st"), W("ten"),
	W("ter"), W("van"), W("vanden"), W("vander"), W("von"), W("y"),
	{ NULL, 0 }
};

/* Words that make a multi-word name an organisation, not a person. */
static const struct word corp_words[] = {
	W("academy"), W("adm"), W("administration"), W("agency"),
	W("alliance"), W("american"), W("assoc"), W("association"),
	W("authority"), W("board"), W("bur"), W("bureau"), W("caucus"),
	W("census"), W("center"), W("centre"), W("coalition"), W("comm"),
	W("commission"), W("committee"), W("company"), W("consortium"),
	W("corp"), W("corporation"), W("council"), W("ctr"), W("dep"),
	W("department"), W("dept"), W("development"), W("district"),
	W("european"), W("federal"), W("federation"), W("forum"),
	W("foundation"), W("fund"), W("government"), W("group"), W("inc"),
	W("initiative"), W("inst"), W("institute"), W("institution"),
	W("international"), W("laboratory"), W("league"), W("ltd"),
	W("ministry"), W("national"), W("network"), W("office"), W("org"),
	W("organisation"), W("organization"), W("partnership"), W("program"),
	W("programme"), W("project"), W("research"), W("school"),
	W("service"), W("services"), W("society"), W("statistics"),
	W("survey"), W("team"), W("the"), W("editors"), W("trust"),
	W("union"), W("united"),
	W("univ"), W("university"), W("world"), { NULL, 0 }
};

/*
 * A generational suffix, dropped from names: "Jr", "Sr." (not "JR", which
 * is initials in WoS), "III", and "II"/"IV" when not right after the
 * surname ("Ivanov II" is Ivan Ivanovich).
 */
static int
is_suffix(const char *p, size_t n, size_t pos)
{
	if (n > 0 && p[n - 1] == '.')
		n--;
	if (n == 2 && (p[0] == 'J' || p[0] == 'S') && p[1] == 'r')
		return 1;
	if (n == 3 && memcmp(p, "III", 3) == 0)
		return 1;
	return pos >= 2 && n == 2 && (memcmp(p, "II", 2) == 0 ||
	    memcmp(p, "IV", 2) == 0);
}

static int
in_list(const struct word *l, const char *p, size_t n)
{
	int c0;

	if (n == 0 || n > 14)
		return 0;
	c0 = cix_tolower((unsigned char)p[0]);
	for (; l->w != NULL; l++)
		if (l->n == n && l->w[0] == c0 && cix_strncaseeq(p, n, l->w))
			return 1;
	return 0;
}

static int
is_particle(const char *p, size_t n)
{
	return in_list(particles, p, n);
}

static int
is_corp_word(const char *p, size_t n)
{
	while (n > 0 && (p[n - 1] == '.' || p[n - 1] == ',' || p[n - 1] == ')'))
		n--;
	while (n > 0 && p[0] == '(') {
		p++;
		n--;
	}
	return n >= 2 && in_list(corp_words, p, n);
}

/*
 * Initials as WoS writes them: "WA", "J.", "J.L.", "J.-L.", "AL.":
 * upper-case ASCII letters, at most 3 without dots, at most 5 with.
 */
static int
is_initials_word(const char *p, size_t n)
{
	size_t i, letters = 0, dots = 0;

	if (n == 0)
		return 0;
	for (i = 0; i < n; i++) {
		if (is_upper((unsigned char)p[i]))
			letters++;
		else if (p[i] == '.')
			dots++;
		else if (p[i] != '-' || i == 0)
			return 0;
	}
	if (letters == 0)
		return 0;
	return dots ? letters <= 5 : letters <= 3;
}

/* All words of s are initials ("J. L.", "JL"). */
static int
is_initials_span(struct span s)
{
	size_t i = 0, st;
	int any = 0;

	while (i < s.n) {
		while (i < s.n && s.p[i] == ' ')
			i++;
		st = i;
		while (i < s.n && s.p[i] != ' ')
			i++;
		if (i > st) {
			if (!is_initials_word(s.p + st, i - st))
				return 0;
			any = 1;
		}
	}
	return any;
}

/*
 * Append the initials of one given-name word to b[*bn]: every letter of
 * an initials word; otherwise the first letter (diacritics folded) and
 * the inner capitals ("PedroA." -> "PA", "Jean-Paul" -> "JP").
 */
static void
word_initials(char *b, size_t *bn, const char *p, size_t n, int initials)
{
	size_t i;
	int first = 1, lower = 0;

	for (i = 0; i < n && !initials; i++)
		if (is_lower((unsigned char)p[i]))
			lower = 1;
	for (i = 0; i < n && *bn < MAXINITIALS; i++) {
		unsigned char ch = (unsigned char)p[i];

		if (ch == '-' || ch == '.' || ch == '\'') {
			first = 1;
			continue;
		}
		if (ch >= 0x80) {
			size_t sl = cix_utf8_seqlen(
			    (const unsigned char *)p + i, n - i);

			if (sl > 0 && first) {
				const char *f = cix_fold_latin(cix_utf8_decode(
				    (const unsigned char *)p + i, sl));

				if (f != NULL &&
				    cix_isalpha((unsigned char)f[0]))
					b[(*bn)++] = (char)cix_toupper(
					    (unsigned char)f[0]);
			}
			first = 0;
			if (sl > 1)
				i += sl - 1;
			continue;
		}
		if (!cix_isalpha(ch)) {
			first = 0;
			continue;
		}
		if (initials || first || (lower && is_upper(ch)))
			b[(*bn)++] = (char)cix_toupper(ch);
		first = 0;
	}
}

static int
set_initials(struct ctx *c, const char *b, size_t bn)
{
	if (bn == 0)
		return CIX_OK;
	if ((c->out->initials = cix_arena_strndup(c->a, b, bn)) == NULL)
		return CIX_ENOMEM;
	return CIX_OK;
}

/* Initials of a given-name part "Karlen R.", "J. L.", "Brin F. S.". */
static int
given_initials(struct ctx *c, struct span g)
{
	char b[MAXINITIALS];
	size_t bn = 0, i = 0, st;

	while (i < g.n) {
		while (i < g.n && g.p[i] == ' ')
			i++;
		st = i;
		while (i < g.n && g.p[i] != ' ')
			i++;
		if (i > st)
			word_initials(b, &bn, g.p + st, i - st,
			    is_initials_word(g.p + st, i - st));
	}
	return set_initials(c, b, bn);
}

static int
is_anonymous(struct span s)
{
	return cix_strncaseeq(s.p, s.n, "[Anonymous]") ||
	    cix_strncaseeq(s.p, s.n, "Anonymous") ||
	    cix_strncaseeq(s.p, s.n, "Anon");
}

/*
 * A WoS author token: "Anthony W.", "AAKER JL", "de la Cruz M",
 * "Collins Patricia Hill.", "*NAT CTR HLTH STAT", "World Health
 * Organization", "[段晓男 DUAN XiaoNan]".
 */
static int
parse_name(struct ctx *c, struct span s)
{
	struct span w[MAXWORDS], sur;
	char b[MAXINITIALS];
	size_t nw = 0, i, k, bn = 0, first;
	int caps = 1, lowerword = 0, corp = 0, particle = 0;

	s = mkspan(s.p, s.n);
	if (s.n == 0)
		return CIX_OK;
	if (is_anonymous(s))
		return put(c, &c->out->author, s);
	if (s.p[0] == '*') {
		c->corporate = 1;
		s = rstrip(mkspan(s.p + 1, s.n - 1), ".");
		return put(c, &c->out->author, s);
	}
	if (s.p[0] == '[' && s.n >= 2 && s.p[s.n - 1] == ']') {
		/* non-Latin name with its transliteration: keep the Latin */
		s = mkspan(s.p + 1, s.n - 2);
		while (s.n > 0 && (unsigned char)s.p[0] >= 0x80) {
			i = 0;
			while (i < s.n && s.p[i] != ' ')
				i++;
			if (i >= s.n)
				break;
			s = mkspan(s.p + i, s.n - i);
		}
	}

	for (i = 0; i < s.n && nw < MAXWORDS;) {
		while (i < s.n && s.p[i] == ' ')
			i++;
		k = i;
		while (i < s.n && s.p[i] != ' ')
			i++;
		if (i > k) {
			w[nw].p = s.p + k;
			w[nw].n = i - k;
			nw++;
		}
	}
	if (nw == 0)
		return CIX_OK;
	/* "Moore III J", "Thomas DJ III", "Miguel Valencia M.J. de" */
	for (i = k = 1; i < nw; i++)
		if (!is_suffix(w[i].p, w[i].n, i))
			w[k++] = w[i];
	nw = k;
	while (nw > 1 && is_lower((unsigned char)w[nw - 1].p[0]) &&
	    is_particle(w[nw - 1].p, w[nw - 1].n))
		nw--;
	if (nw == 1) {
		/* old WoS "MONTGOME.WD": a cut surname, a dot, initials */
		const char *dot = memchr(w[0].p, '.', w[0].n);
		size_t after = dot ? (size_t)(w[0].p + w[0].n - dot - 1) : 0;

		sur = w[0];
		if (dot != NULL && dot - w[0].p >= 2 &&
		    is_initials_word(dot + 1, after)) {
			sur.n = (size_t)(dot - w[0].p);
			word_initials(b, &bn, dot + 1, after, 1);
		}
		if (put(c, &c->out->author, rstrip(sur, ".,")) < 0)
			return CIX_ENOMEM;
		return set_initials(c, b, bn);
	}

	for (i = 0; i < nw; i++) {
		for (k = 0; k < w[i].n; k++)
			if (is_lower((unsigned char)w[i].p[k]))
				caps = 0;
		if (is_corp_word(w[i].p, w[i].n))
			corp = 1;
		if (is_particle(w[i].p, w[i].n))
			particle = 1;
	}

	/* Trailing initials: "Anthony W.", "SEBER G. A. F", "Hill Collins P" */
	k = nw;
	while (k > 1 && is_initials_word(w[k - 1].p, w[k - 1].n))
		k--;
	if (k < nw && !corp) {
		first = k;
		/*
		 * "CAGLE FRED R.": an all-caps multi-word surname without
		 * particles is a surname and given names.
		 */
		if (caps && k >= 2 && !particle) {
			first = 1;
			for (i = 1; i < k; i++)
				word_initials(b, &bn, w[i].p, w[i].n, 0);
		}
		sur.p = w[0].p;
		sur.n = (size_t)(w[first - 1].p + w[first - 1].n - w[0].p);
		for (i = k; i < nw; i++)
			word_initials(b, &bn, w[i].p, w[i].n, 1);
		if (put(c, &c->out->author, rstrip(sur, ".,")) < 0)
			return CIX_ENOMEM;
		return set_initials(c, b, bn);
	}

	/* No initials: "Pabon Amber", "Van Noorden Richard", or a body. */
	first = 0;
	while (first + 1 < nw && is_particle(w[first].p, w[first].n))
		first++;
	for (i = first + 1; i < nw; i++)
		if (!is_upper((unsigned char)w[i].p[0]) &&
		    (unsigned char)w[i].p[0] < 0x80)
			lowerword = 1;
	if (corp || lowerword || first + 1 >= nw ||
	    (caps && nw > 2) || nw - first > 4) {
		c->corporate = 1;
		return put(c, &c->out->author, rstrip(s, ".,"));
	}
	sur.p = w[0].p;
	sur.n = (size_t)(w[first].p + w[first].n - w[0].p);
	for (i = first + 1; i < nw; i++)
		word_initials(b, &bn, w[i].p, w[i].n, 0);
	if (put(c, &c->out->author, rstrip(sur, ".,")) < 0)
		return CIX_ENOMEM;
	return set_initials(c, b, bn);
}

/* "Family, Given" (style 2) or a WoS-style name. */
static int
parse_family_given(struct ctx *c, struct span s)
{
	const char *comma;

	s = rstrip(mkspan(s.p, s.n), ";");
	if (s.n == 0)
		return CIX_OK;
	if (is_anonymous(s))
		return put(c, &c->out->author, s);
	comma = memchr(s.p, ',', s.n);
	if (comma == NULL)
		return parse_name(c, s);
	if (put(c, &c->out->author, rstrip(mkspan(s.p,
	    (size_t)(comma - s.p)), ".")) < 0)
		return CIX_ENOMEM;
	return given_initials(c, mkspan(comma + 1,
	    s.n - (size_t)(comma + 1 - s.p)));
}

/* ---------------------------------------------------------------------
 * Volume, page, article number
 */

static int
is_roman(const char *p, size_t n, int upper_only)
{
	size_t i;

	if (n == 0 || n > 6)
		return 0;
	for (i = 0; i < n; i++) {
		char ch = p[i];

		if (ch == 'I' || ch == 'V' || ch == 'X')
			continue;
		if (!upper_only && (ch == 'i' || ch == 'v' || ch == 'x' ||
		    ch == 'l' || ch == 'c' || ch == 'd' || ch == 'm'))
			continue;
		if (ch == 'L' || ch == 'C')
			continue;
		return 0;
	}
	return 1;
}

static const char *const vol_words[] = {
	"first", "second", "third", "fourth", "fifth", "sixth", "seventh",
	"eighth", "ninth", "tenth", "volume", "vol", "no", "no.", "pt",
	"part", "suppl", NULL
};

/*
 * A volume token "V16", "V3rd ed.", "VI", "VAC19", "V29A", "V1/2",
 * "Vthird", "VVolume 108".  Returns 2 for forms that cannot be a source
 * title, 1 for weaker ones (roman numerals, words), 0 for none.
 */
static int
volume_kind(struct span t)
{
	const char *r = t.p + 1;
	size_t n = t.n - 1, i, wl;

	if (t.n < 2 || t.p[0] != 'V')
		return 0;
	if (cix_isdigit((unsigned char)r[0]))
		return 2;
	for (i = 0; i < n && is_upper((unsigned char)r[i]); i++)
		;
	if (i == 1 && i < n && r[i] == ' ') {
		/* old WoS series letter: "VB  4", "VB 15" */
		while (i < n && r[i] == ' ')
			i++;
		if (i == n)
			return 0;
	}
	if (i > 0 && i <= 3 && i < n && cix_isdigit((unsigned char)r[i])) {
		for (; i < n; i++)
			if (!cix_isalnum((unsigned char)r[i]))
				return 0;
		return 2;
	}
	if (is_roman(r, n > 1 && r[n - 1] == '.' ? n - 1 : n, 0))
		return 1;
	for (wl = 0; wl < n && r[wl] != ' '; wl++)
		;
	for (i = 0; vol_words[i] != NULL; i++)
		if (cix_strncaseeq(r, wl, vol_words[i]))
			return 1;
	return 0;
}

/*
 * A page token "P11", "PA12", "pA12", "Pe1001", "PS483", "pCH7",
 * "p102S", "pV", "p[161, 182]".  Returns 2 (strong), 1 (weak) or 0.
 */
static int
page_kind(struct span t)
{
	const char *r = t.p + 1;
	size_t n = t.n - 1, i;

	if (t.n < 2 || (t.p[0] != 'P' && t.p[0] != 'p'))
		return 0;
	if (r[0] == '[')
		return 1;
	for (i = 0; i < n && i < 3 && cix_isalpha((unsigned char)r[i]); i++)
		;
	if (i < n && cix_isdigit((unsigned char)r[i])) {
		size_t j;

		for (j = i; j < n; j++)
			if (!cix_isalnum((unsigned char)r[j]) && r[j] != '-' &&
			    r[j] != '+' && r[j] != '.')
				return 0;
		return i == 0 || t.p[0] == 'p' || i == 1 ? 2 : 1;
	}
	if (t.p[0] == 'p' && n <= 6) {
		for (i = 0; i < n; i++)
			if (!cix_isalpha((unsigned char)r[i]))
				return 0;
		return 1;
	}
	if (is_roman(r, n, 1) && n <= 5 && memchr(r, 'L', n) == NULL &&
	    memchr(r, 'C', n) == NULL)
		return 1;
	return 0;
}

/* "ARTN e0123", "UNSP 123": 2; "Ae0123" after a volume: 1; else 0. */
static int
artno_kind(struct span t, struct span *val)
{
	size_t i;

	if (t.n > 5 && (memcmp(t.p, "ARTN ", 5) == 0 ||
	    memcmp(t.p, "UNSP ", 5) == 0)) {
		*val = mkspan(t.p + 5, t.n - 5);
		return val->n > 0 ? 2 : 0;
	}
	if (t.n >= 3 && t.p[0] == 'A' && (t.p[1] == 'e' ||
	    cix_isdigit((unsigned char)t.p[1]))) {
		for (i = 2; i < t.n; i++)
			if (!cix_isdigit((unsigned char)t.p[i]))
				return 0;
		*val = mkspan(t.p + 1, t.n - 1);
		return 1;
	}
	return 0;
}

/* A first page from "161", "[161, 182]", "11-15", "A12". */
static int
set_page(struct ctx *c, struct span v)
{
	size_t i;

	v = mkspan(v.p, v.n);

	if (v.n > 0 && v.p[0] == '[') {
		v = mkspan(v.p + 1, v.n - 1);
		for (i = 0; i < v.n && v.p[i] != ',' && v.p[i] != ']'; i++)
			;
		v.n = i;
	}
	v = rstrip(v, ".,");
	if (v.n > 0 && cix_isdigit((unsigned char)v.p[0])) {
		for (i = 0; i < v.n && v.p[i] != '-'; i++)
			;
		v.n = i;
	}
	return put(c, &c->out->page, v);
}

static int
set_volume(struct ctx *c, struct span v)
{
	size_t i;

	v = mkspan(v.p, v.n);
	/* "16." and "I." lose the dot; "3rd ed." keeps it */
	if (v.n >= 2 && v.p[v.n - 1] == '.' && memchr(v.p, ' ', v.n) == NULL)
		v.n--;
	/* "3rd ed.", "third", "2nd edition": a book edition */
	for (i = 0; i + 1 < v.n; i++)
		if ((v.p[i] == 'e' || v.p[i] == 'E') &&
		    (v.p[i + 1] == 'd' || v.p[i + 1] == 'D') &&
		    (i == 0 || v.p[i - 1] == ' '))
			c->edition = 1;
	if (v.n >= 3 && cix_isdigit((unsigned char)v.p[0])) {
		for (i = 1; i < v.n && cix_isdigit((unsigned char)v.p[i]); i++)
			;
		if (i + 1 < v.n && (cix_strncaseeq(v.p + i, 2, "st") ||
		    cix_strncaseeq(v.p + i, 2, "nd") ||
		    cix_strncaseeq(v.p + i, 2, "rd") ||
		    cix_strncaseeq(v.p + i, 2, "th")))
			c->edition = 1;
	} else if (v.n > 0 && cix_isalpha((unsigned char)v.p[0]) &&
	    volume_kind((struct span){ v.p - 1, v.n + 1 }) == 1 &&
	    !is_roman(v.p, v.n, 0) && !cix_startswith_nocase(v.p, v.n, "vol") &&
	    !cix_startswith_nocase(v.p, v.n, "no") &&
	    !cix_startswith_nocase(v.p, v.n, "p") &&
	    !cix_startswith_nocase(v.p, v.n, "suppl")) {
		c->edition = 1;	/* "Vthird", "VSecond" */
	}
	return put(c, &c->out->volume, v);
}

/* A source as written, without a trailing dot or outer brackets. */
static int
set_source(struct ctx *c, struct span s)
{
	s = rstrip(mkspan(s.p, s.n), ".,;");
	if (s.n >= 2 && s.p[0] == '[' && s.p[s.n - 1] == ']') {
		size_t i;
		int depth = 0, outer = 1;

		for (i = 0; i + 1 < s.n; i++) {
			if (s.p[i] == '[')
				depth++;
			else if (s.p[i] == ']' && --depth == 0)
				outer = 0;
		}
		if (outer)
			s = mkspan(s.p + 1, s.n - 2);
		if (cix_strncaseeq(s.p, s.n, "No title captured"))
			return CIX_OK;
	}
	if (s.n >= 9 && cix_startswith_nocase(s.p, s.n, "Patent No"))
		c->patent = 1;
	return put(c, &c->out->source, s);
}

/* ---------------------------------------------------------------------
 * Style 1: Web of Science
 */

/* "213-232": digits, a hyphen, digits. */
static int
is_page_range(struct span t)
{
	size_t i = 0, a, b;

	for (a = 0; i < t.n && cix_isdigit((unsigned char)t.p[i]); i++)
		a++;
	if (a == 0 || i >= t.n || t.p[i] != '-')
		return 0;
	for (i++, b = 0; i < t.n && cix_isdigit((unsigned char)t.p[i]); i++)
		b++;
	return b > 0 && i == t.n;
}

/*
 * A lone part that reads as a title rather than a name: three or more
 * words, the last of which is not initials.
 */
static int
is_title_like(struct span t)
{
	size_t i, words = 1, last = 0;

	for (i = 0; i < t.n; i++)
		if (t.p[i] == ' ') {
			words++;
			last = i + 1;
		}
	return words >= 3 && !is_initials_word(t.p + last, t.n - last);
}

static int
parse_wos(struct ctx *c, const char *s, size_t n)
{
	struct span tok[MAXTOK], v;
	struct cix_citedref *o = c->out;
	size_t nt, i = 0, j, k;
	int have_vol = 0, have_page = 0, have_art = 0, kind, rc;

	nt = split_commas(s, n, tok, MAXTOK);
	if (nt == 1 && tok[0].n == 0)
		return CIX_OK;

	/* author and year */
	if ((o->year = year_of(tok[0])) != 0) {
		i = 1;
	} else {
		if (nt >= 3 && year_of(tok[2]) && tok[1].n > 0 &&
		    is_initials_span(tok[1]) && !is_anonymous(tok[0])) {
			/* "Aaker, JL, 1997, ..." */
			rc = put(c, &o->author, rstrip(tok[0], ".,"));
			if (rc < 0 || (rc = given_initials(c, tok[1])) < 0)
				return rc;
			i = 2;
		} else if (nt == 1 && is_title_like(tok[0])) {
			/* a title and nothing else */
			return set_source(c, tok[0]);
		} else {
			if ((rc = parse_name(c, tok[0])) < 0)
				return rc;
			i = 1;
		}
		if (i < nt && (o->year = year_of(tok[i])) != 0)
			i++;
	}

	/* peel volume / page / article number from the back */
	j = nt;
	while (j > i) {
		struct span t = tok[j - 1];
		/* only strong forms may stand alone */
		int need = j - 1 > i ? 1 : 2;

		if (t.n == 0) {
			j--;
			continue;
		}
		if (!have_vol && !have_page && !have_art &&
		    (kind = artno_kind(t, &v)) >= need &&
		    (kind == 2 || (j >= 2 && j - 2 >= i &&
		    volume_kind(tok[j - 2]) > 0))) {
			if ((rc = put(c, &o->artno, v)) < 0)
				return rc;
			have_art = 1;
		} else if (!have_vol && !have_page && t.n == 4 &&
		    (t.p[0] == 'p' || t.p[0] == 'P') &&
		    memcmp(t.p + 1, "DOI", 3) == 0) {
			/* "pDOI": an empty page slot */
			have_page = 1;
		} else if (!have_vol && !have_page && page_kind(t) >= need) {
			if ((rc = set_page(c, mkspan(t.p + 1, t.n - 1))) < 0)
				return rc;
			have_page = 1;
		} else if (!have_vol && !have_page && j >= 2 && j - 2 >= i &&
		    is_page_range(t) && volume_kind(tok[j - 2]) == 2) {
			/* "V12, 213-232" */
			if ((rc = set_page(c, t)) < 0)
				return rc;
			have_page = 1;
		} else if (!have_vol && volume_kind(t) >= need) {
			if ((rc = set_volume(c, mkspan(t.p + 1, t.n - 1))) < 0)
				return rc;
			have_vol = 1;
		} else {
			break;
		}
		j--;
	}
	if (j > i) {
		v.p = tok[i].p;
		v.n = (size_t)(tok[j - 1].p + tok[j - 1].n - tok[i].p);
		if ((rc = set_source(c, v)) < 0)
			return rc;
	}
	for (k = i; k < j; k++)
		if (contains_nocase(tok[k].p, tok[k].n, "patent no"))
			c->patent = 1;
	/*
	 * "KRISIS, P210", "DING RAUM, V16": no year and nothing between the
	 * first part and the volume/page, and no initials: the first part
	 * is the source (an author-less cited work), not an author.
	 */
	if (o->year == 0 && o->source == NULL && o->author != NULL &&
	    o->initials == NULL && !c->corporate && i == 1 &&
	    (have_vol || have_page || have_art)) {
		o->author = NULL;
		return set_source(c, tok[0]);
	}
	return CIX_OK;
}

/* ---------------------------------------------------------------------
 * Style 2: "TITLE [J]. Authors.. SOURCE, YEAR, VOL (ISSUE) :PAGES"
 */

/*
 * Find the document-type code " [J]." (GB/T 7714: J M C D R N P S A Z G
 * and EB/OL, DB/OL...).  Returns its offset (the '[') and sets *code and
 * *after (the offset just past "]."), or returns n when there is none.
 */
static const char *const doctypes[] = {
	"J", "M", "C", "D", "R", "N", "P", "S", "A", "Z", "G", "K", "EB",
	"DB", "CP", "OL", "EB/OL", "DB/OL", "CP/OL", "J/OL", "M/OL", "N/OL",
	"C/OL", "R/OL", NULL
};

static size_t
find_doctype(const char *s, size_t n, int *code, size_t *after)
{
	const char *q;
	size_t i = 0, j, k;

	while (i < n && (q = memchr(s + i, '[', n - i)) != NULL) {
		i = (size_t)(q - s);
		for (j = i + 1; j < n && j - i <= 6 && s[j] != ']'; j++)
			;
		if (i > 0 && s[i - 1] == ' ' && j < n && s[j] == ']' &&
		    (j + 1 == n || s[j + 1] == '.')) {
			for (k = 0; doctypes[k] != NULL; k++)
				if (strlen(doctypes[k]) == j - i - 1 &&
				    memcmp(doctypes[k], s + i + 1,
				    j - i - 1) == 0)
					break;
			if (doctypes[k] != NULL) {
				*code = s[i + 1];
				*after = j + 1 < n ? j + 2 : n;
				return i;
			}
		}
		i++;
	}
	return n;
}

/*
 * End of the author list in the last author "Grenyer, Brin F. S.. SOURCE"
 * or "Bradley, Eleanor. SOURCE": the first ". " after the comma that
 * follows another dot or a word of two or more letters (an initial "F. "
 * continues the name).  Returns the offset of that dot, or n.
 */
static size_t
authors_end(const char *s, size_t n)
{
	const char *comma = memchr(s, ',', n);
	size_t i, w;

	if (comma == NULL)
		return n;
	for (i = (size_t)(comma - s) + 1; i < n; i++) {
		if (s[i] != '.' || (i + 1 < n && s[i + 1] != ' '))
			continue;
		if (i > 0 && s[i - 1] == '.')
			return i;
		for (w = i; w > 0 && s[w - 1] != ' ' && s[w - 1] != '.' &&
		    s[w - 1] != '-' && s[w - 1] != ','; w--)
			;
		if (i - w >= 2)
			return i;
	}
	return n;
}

/* "7 (01) :136-143", "45 :98-116", "(3)", ":e0123" */
static int
parse_vip(struct ctx *c, const char *p, size_t n)
{
	struct span v;
	size_t i = 0, st;
	int rc;

	while (i < n && (p[i] == ' ' || p[i] == ','))
		i++;
	st = i;
	while (i < n && p[i] != ' ' && p[i] != '(' && p[i] != ':' &&
	    p[i] != ',')
		i++;
	if (i > st) {
		v = mkspan(p + st, i - st);
		if ((rc = put(c, &c->out->volume, v)) < 0)
			return rc;
	}
	while (i < n && p[i] == ' ')
		i++;
	if (i < n && p[i] == '(') {
		st = ++i;
		while (i < n && p[i] != ')')
			i++;
		if ((rc = put(c, &c->out->issue, mkspan(p + st, i - st))) < 0)
			return rc;
		if (i < n)
			i++;
	}
	while (i < n && p[i] == ' ')
		i++;
	if (i < n && p[i] == ':') {
		i++;
		while (i < n && p[i] == ' ')
			i++;
		st = i;
		while (i < n && p[i] != '-' && p[i] != ' ' && p[i] != ',' &&
		    p[i] != ';')
			i++;
		if ((rc = put(c, &c->out->page, mkspan(p + st, i - st))) < 0)
			return rc;
	}
	return CIX_OK;
}

static int
parse_style2(struct ctx *c, const char *s, size_t n, size_t mark,
    size_t after)
{
	struct span tok[MAXTOK], pre, last, src;
	struct cix_citedref *o = c->out;
	const char *semi, *lsemi = NULL, *q;
	size_t nt, y, e, rest = after;
	int rc;

	if ((rc = put(c, &o->title, rstrip(mkspan(s, mark), ".,"))) < 0)
		return rc;
	while (rest < n && s[rest] == ' ')
		rest++;
	nt = split_commas(s + rest, n - rest, tok, MAXTOK);

	/* the year: the last part that is one, with what follows it */
	for (y = nt; y > 0; y--)
		if (year_of(tok[y - 1]))
			break;
	if (y > 0) {
		o->year = year_of(tok[y - 1]);
		pre = mkspan(s + rest, (size_t)(tok[y - 1].p - (s + rest)));
		pre = rstrip(pre, ",");
		if (y < nt && (rc = parse_vip(c, tok[y].p,
		    (size_t)(s + n - tok[y].p))) < 0)
			return rc;
	} else {
		pre = mkspan(s + rest, n - rest);
	}
	if (pre.n == 0)
		return CIX_OK;

	/* authors are separated by ';', the list ends with '.' */
	semi = memchr(pre.p, ';', pre.n);
	for (q = semi; q != NULL;) {
		lsemi = q;
		if (q + 1 >= pre.p + pre.n)
			break;
		q = memchr(q + 1, ';', (size_t)(pre.p + pre.n - q - 1));
	}
	if (lsemi != NULL) {
		last = mkspan(lsemi + 1, (size_t)(pre.p + pre.n - lsemi - 1));
		e = authors_end(last.p, last.n);
		if (e == last.n) {
			/* no visible end: the last dot of the segment */
			for (q = last.p + last.n; q > last.p; q--)
				if (q[-1] == '.') {
					e = (size_t)(q - 1 - last.p);
					break;
				}
		}
		src = e < last.n ? mkspan(last.p + e + 1, last.n - e - 1) :
		    mkspan(last.p + last.n, 0);
		if ((rc = parse_family_given(c, mkspan(pre.p,
		    (size_t)(semi - pre.p)))) < 0)
			return rc;
	} else {
		e = authors_end(pre.p, pre.n);
		if (e < pre.n) {
			if ((rc = parse_family_given(c, mkspan(pre.p, e))) < 0)
				return rc;
			src = mkspan(pre.p + e + 1, pre.n - e - 1);
		} else {
			src = pre;
		}
	}
	src = mkspan(src.p, src.n);
	while (src.n > 0 && src.p[0] == '.')
		src = mkspan(src.p + 1, src.n - 1);
	return set_source(c, src);
}

/* ---------------------------------------------------------------------
 * Entry point
 */

int
cix_citedref_parse(struct cix_arena *a, const char *raw, size_t len,
    struct cix_citedref *out)
{
	struct ctx c;
	struct cix_citedref *o = out;
	struct span s;
	size_t d, mark, after;
	int rc = CIX_OK, code = 0, usable;

	memset(out, 0, sizeof(*out));
	memset(&c, 0, sizeof(c));
	c.a = a;
	c.out = out;
	cix_buf_init(&c.doibuf, 4096);

	if (raw == NULL)
		goto out;
	s = mkspan(raw, len);
	/* the "null" of old WoS exports before the author */
	if (s.n >= 4 && memcmp(s.p, "null", 4) == 0 && (s.n == 4 ||
	    !is_lower((unsigned char)s.p[4])))
		s = mkspan(s.p + 4, s.n - 4);
	while (s.n > 0 && s.p[0] == ',')
		s = mkspan(s.p + 1, s.n - 1);
	s = rstrip(s, ",;");
	if (s.n == 0)
		goto out;

	d = find_doi_part(s.p, s.n);
	if (d < s.n && (rc = parse_dois(&c, s.p + d + (s.p[d] == ',' ? 1 : 0),
	    s.n - d - (s.p[d] == ',' ? 1 : 0))) < 0)
		goto out;
	s.n = d;
	s = rstrip(s, ",;");

	mark = find_doctype(s.p, s.n, &code, &after);
	if (mark < s.n) {
		c.doctype = code;
		rc = parse_style2(&c, s.p, s.n, mark, after);
	} else {
		rc = parse_wos(&c, s.p, s.n);
	}
	if (rc < 0)
		goto out;

	/* what kind of thing it names */
	usable = (o->year && (o->author || o->source)) ||
	    (o->author && o->source) || o->ndois > 0 ||
	    (o->source && (o->volume || o->page || o->artno)) ||
	    (o->source && o->author == NULL);	/* a title alone */
	if (!usable)
		o->kind = CIX_REF_UNPARSED;
	else if (o->author != NULL && is_anonymous(mkspan(o->author,
	    strlen(o->author))))
		o->kind = CIX_REF_ANONYMOUS;
	else if (c.patent || c.doctype == 'P')
		o->kind = CIX_REF_PATENT;
	else if (c.doctype == 'M' || c.doctype == 'D' || c.doctype == 'R' ||
	    c.edition)
		o->kind = CIX_REF_BOOK;
	else if (o->volume || o->page || o->artno || c.doctype == 'J' ||
	    c.doctype == 'C')
		o->kind = CIX_REF_ARTICLE;
	else if (o->source != NULL)
		o->kind = CIX_REF_BOOK;
	else
		o->kind = CIX_REF_ARTICLE;	/* a DOI and little else */
	if (o->kind == CIX_REF_UNPARSED)
		memset(out, 0, sizeof(*out));
out:
	cix_buf_release(&c.doibuf);
	if (rc < 0)
		memset(out, 0, sizeof(*out));
	return rc;
}

int
cix_citedref_parse_record(struct cix_record *rec)
{
	size_t i, j, k;

	for (i = 0; i < rec->nrefs; i++) {
		struct cix_ref *f = &rec->refs[i];
		struct cix_citedref known;

		if (f->parsed || f->raw == NULL)
			continue;
		known = f->f;
		if (cix_citedref_parse(&rec->arena, f->raw, strlen(f->raw),
		    &f->f) < 0)
			return CIX_ENOMEM;
		for (j = 0; j < known.ndois && f->f.ndois < CIX_REF_MAXDOIS;
		    j++) {
			for (k = 0; k < f->f.ndois; k++)
				if (strcmp(f->f.dois[k], known.dois[j]) == 0)
					break;
			if (k == f->f.ndois)
				f->f.dois[f->f.ndois++] = known.dois[j];
		}
		f->parsed = 1;
	}
	return CIX_OK;
}
