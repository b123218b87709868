/*
 * citekey.c - citation-key patterns and the keyring (see citekey.h).
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "citekey.h"
#include "store_citekey.h"
#include "util.h"
#include "banned.h"

enum field {
	K_LIT,
	K_AUTH,
	K_AUTHN,
	K_AUTH_ETAL,
	K_AUTHORS,
	K_AUTHORSN,
	K_YEAR,
	K_SHORTTITLE,
	K_VERYSHORTTITLE,
	K_JOURNAL
};

#define MAXMODS 4
#define MOD_LOWER 1
#define MOD_UPPER 2

struct part {
	int field;		/* enum field */
	int n;			/* N of authN / authorsN */
	int mods[MAXMODS];	/* applied in order, 0 ends */
	char *lit;		/* K_LIT */
};

struct cix_citekey_pattern {
	char *src;
	struct part *v;
	size_t n;
};

static char *
xstrndup(const char *s, size_t n)
{
	char *p = malloc(n + 1);

	if (p != NULL) {
		memcpy(p, s, n);
		p[n] = '\0';
	}
	return p;
}

static int
lit_ok(int c)
{
	return cix_isalnum(c) || c == '-' || c == '_' || c == ':' ||
	    c == '.' || c == '/' || c == '+';
}

static int
add_part(struct cix_citekey_pattern *p, const struct part *pt)
{
	struct part *v = realloc(p->v, (p->n + 1) * sizeof(*v));

	if (v == NULL)
		return CIX_ENOMEM;
	p->v = v;
	p->v[p->n++] = *pt;
	return CIX_OK;
}

/* "name" with an optional decimal suffix: "authors2" -> K_AUTHORSN, 2. */
static int
parse_field(const char *s, size_t n, struct part *pt)
{
	static const struct { const char *name; int field, numbered; } f[] = {
		{ "auth.etal", K_AUTH_ETAL, 0 },
		{ "authors", K_AUTHORS, 1 },
		{ "auth", K_AUTH, 1 },
		{ "year", K_YEAR, 0 },
		{ "shorttitle", K_SHORTTITLE, 0 },
		{ "veryshorttitle", K_VERYSHORTTITLE, 0 },
		{ "journal", K_JOURNAL, 0 },
	};
	size_t i, k, ln;
	long v;

	for (i = 0; i < sizeof(f) / sizeof(f[0]); i++) {
		ln = strlen(f[i].name);
		if (n < ln || memcmp(s, f[i].name, ln) != 0)
			continue;
		if (n == ln) {
			pt->field = f[i].field;
			return CIX_OK;
		}
		if (!f[i].numbered)
			continue;
		for (k = ln; k < n; k++)
			if (!cix_isdigit((unsigned char)s[k]))
				break;
		if (k != n || cix_parse_long(s + ln, n - ln, &v) < 0 ||
		    v < 1 || v > 99)
			continue;
		pt->field = f[i].field == K_AUTH ? K_AUTHN : K_AUTHORSN;
		pt->n = (int)v;
		return CIX_OK;
	}
	return CIX_EINVAL;
}

int
cix_citekey_compile(struct cix_citekey_pattern **out, const char *pattern,
    struct cix_error *err)
{
	struct cix_citekey_pattern *p;
	struct part pt;
	const char *s, *e, *c, *m;
	size_t nm;
	int rc = CIX_OK, fields = 0;

	*out = NULL;
	if (pattern == NULL || *pattern == '\0')
		pattern = CIX_CITEKEY_DEFAULT;
	if ((p = calloc(1, sizeof(*p))) == NULL ||
	    (p->src = xstrndup(pattern, strlen(pattern))) == NULL) {
		free(p);
		return cix_error_set(err, CIX_ENOMEM, "out of memory");
	}
	for (s = pattern; *s != '\0'; ) {
		memset(&pt, 0, sizeof(pt));
		if (*s != '[') {
			for (e = s; *e != '\0' && *e != '['; e++)
				if (!lit_ok((unsigned char)*e)) {
					rc = cix_error_set(err, CIX_EINVAL,
					    "key pattern '%s': '%c' cannot be"
					    " part of a citation key", pattern,
					    *e);
					goto out;
				}
			pt.field = K_LIT;
			if ((pt.lit = xstrndup(s, (size_t)(e - s))) == NULL ||
			    add_part(p, &pt) < 0) {
				free(pt.lit);
				rc = cix_error_set(err, CIX_ENOMEM,
				    "out of memory");
				goto out;
			}
			s = e;
			continue;
		}
		if ((e = strchr(s, ']')) == NULL) {
			rc = cix_error_set(err, CIX_EINVAL, "key pattern '%s':"
			    " '[' without ']'", pattern);
			goto out;
		}
		s++;
		c = memchr(s, ':', (size_t)(e - s));
		if (parse_field(s, (size_t)((c ? c : e) - s), &pt) < 0) {
			rc = cix_error_set(err, CIX_EINVAL, "key pattern '%s':"
			    " unknown field '[%.*s]' (auth, authN, auth.etal,"
			    " authors, authorsN, year, shorttitle,"
			    " veryshorttitle, journal)", pattern,
			    (int)((c ? c : e) - s), s);
			goto out;
		}
		for (nm = 0; c != NULL && c < e; c = m) {
			c++;
			m = memchr(c, ':', (size_t)(e - c));
			if (m == NULL)
				m = e;
			if (nm == MAXMODS) {
				rc = cix_error_set(err, CIX_EINVAL, "key pattern"
				    " '%s': too many modifiers", pattern);
				goto out;
			}
			if ((size_t)(m - c) == 5 && memcmp(c, "lower", 5) == 0)
				pt.mods[nm++] = MOD_LOWER;
			else if ((size_t)(m - c) == 5 &&
			    memcmp(c, "upper", 5) == 0)
				pt.mods[nm++] = MOD_UPPER;
			else {
				rc = cix_error_set(err, CIX_EINVAL, "key pattern"
				    " '%s': unknown modifier ':%.*s' (lower,"
				    " upper)", pattern, (int)(m - c), c);
				goto out;
			}
		}
		if (add_part(p, &pt) < 0) {
			rc = cix_error_set(err, CIX_ENOMEM, "out of memory");
			goto out;
		}
		fields++;
		s = e + 1;
	}
	if (fields == 0)
		rc = cix_error_set(err, CIX_EINVAL, "key pattern '%s' has no"
		    " field: every work would get the same key", pattern);
out:
	if (rc < 0) {
		cix_citekey_free(p);
		return rc;
	}
	*out = p;
	return CIX_OK;
}

void
cix_citekey_free(struct cix_citekey_pattern *p)
{
	size_t i;

	if (p == NULL)
		return;
	for (i = 0; i < p->n; i++)
		free(p->v[i].lit);
	free(p->v);
	free(p->src);
	free(p);
}

const char *
cix_citekey_source(const struct cix_citekey_pattern *p)
{
	return p->src;
}

/* ------------------------------------------------------------------ */
/* The fields */

/*
 * Fold s to ASCII words: letters and digits, every other character a
 * word break (marked by a space in out).  Returns whether any lower
 * case letter was seen.
 */
static int
ascii_words(struct cix_buf *out, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	const char *f;
	size_t i = 0, n;
	int lower = 0;

	while (i < len) {
		if (p[i] < 0x80) {
			if (cix_isalnum(p[i])) {
				lower |= p[i] >= 'a' && p[i] <= 'z';
				cix_buf_addch(out, p[i]);
			} else if (p[i] != '\'') {
				/* O'Hagan is one word */
				cix_buf_addch(out, ' ');
			}
			i++;
			continue;
		}
		n = cix_utf8_seqlen(p + i, len - i);
		if (n == 0) {
			i++;
			continue;
		}
		f = cix_fold_latin(cix_utf8_decode(p + i, n));
		if (f == NULL || !cix_isalpha((unsigned char)f[0])) {
			if (f == NULL && !(cix_utf8_decode(p + i, n) >= 0x300 &&
			    cix_utf8_decode(p + i, n) <= 0x36F))
				cix_buf_addch(out, ' ');
		} else {
			for (; *f != '\0'; f++)
				if (cix_isalpha((unsigned char)*f)) {
					lower |= *f >= 'a' && *f <= 'z';
					cix_buf_addch(out, *f);
				}
		}
		i += n;
	}
	return lower;
}

/* Append word w[0..n) with its first letter upper case; the rest lower
 * case when lower_rest. */
static void
put_cap(struct cix_buf *out, const char *w, size_t n, int lower_rest)
{
	size_t i;

	for (i = 0; i < n; i++)
		cix_buf_addch(out, i == 0 ? cix_toupper((unsigned char)w[i]) :
		    lower_rest ? cix_tolower((unsigned char)w[i]) : w[i]);
}

/* Next space-separated word of s at *i. */
static int
next_word(const char *s, size_t *i, const char **w, size_t *n)
{
	while (s[*i] == ' ')
		(*i)++;
	if (s[*i] == '\0')
		return 0;
	*w = s + *i;
	while (s[*i] != '\0' && s[*i] != ' ')
		(*i)++;
	*n = (size_t)(s + *i - *w);
	return 1;
}

static int
is_small(const char *w, size_t n)
{
	static const char *const small[] = {
		"a", "an", "and", "the", "of", "in", "on", "at", "to", "for",
		"from", "by", "with", "or", "but", "nor", "as", "into", "onto",
		"over", "under", "about", "among", "between", "through",
		"via", "vs", "versus", "is", "are", "was", "were", "be", "its",
		"their", "this", "that", "these", "those", "what", "which",
		"who", "how", "why", "when", "where", "do", "does", "not",
		"no", "de", "la", "le", "les", "des", "du", "der", "die",
		"das", "und", "el", "y", "e", "et", "di", "da", "en", "el",
		NULL
	};
	size_t i;

	for (i = 0; small[i] != NULL; i++)
		if (strlen(small[i]) == n && cix_strncaseeq(w, n, small[i]))
			return 1;
	return 0;
}

/* A person's family name: "van der Berg" -> "vanderBerg", "SMITH" ->
 * "Smith", "Müller-Lüdenscheidt" -> "MullerLudenscheidt". */
static void
family_key(struct cix_buf *out, const char *s)
{
	struct cix_buf w = CIX_BUF_INIT;
	const char *word;
	size_t i = 0, n;
	int lower;

	cix_buf_init(&w, 4096);
	lower = ascii_words(&w, s, strlen(s));
	while (next_word(w.p, &i, &word, &n)) {
		if (lower)
			cix_buf_add(out, word, n);
		else
			put_cap(out, word, n, 1);
	}
	cix_buf_release(&w);
}

/* An organisation: its initials when it has several words ("World
 * Health Organization" -> "WHO"), else its name. */
static void
corporate_key(struct cix_buf *out, const char *s)
{
	struct cix_buf w = CIX_BUF_INIT;
	const char *word;
	size_t i = 0, n, words = 0;

	cix_buf_init(&w, 4096);
	ascii_words(&w, s, strlen(s));
	while (next_word(w.p, &i, &word, &n))
		if (!is_small(word, n))
			words++;
	i = 0;
	while (next_word(w.p, &i, &word, &n)) {
		if (words > 1) {
			if (!is_small(word, n))
				cix_buf_addch(out,
				    cix_toupper((unsigned char)word[0]));
		} else if (!is_small(word, n) || words == 0) {
			put_cap(out, word, n, 1);
		}
	}
	cix_buf_release(&w);
}

/* The authors a key names: authors and groups, else anyone. */
static size_t
key_authors(const struct cix_record *r, const struct cix_author **v,
    size_t max)
{
	size_t i, n = 0;

	for (i = 0; i < r->nauthors && n < max; i++)
		if ((r->authors[i].role == CIX_ROLE_AUTHOR ||
		    r->authors[i].role == CIX_ROLE_GROUP) &&
		    r->authors[i].family != NULL)
			v[n++] = &r->authors[i];
	for (i = 0; n == 0 && i < r->nauthors && n < max; i++)
		if (r->authors[i].family != NULL)
			v[n++] = &r->authors[i];
	return n;
}

static size_t
count_authors(const struct cix_record *r)
{
	size_t i, n = 0;

	for (i = 0; i < r->nauthors; i++)
		if ((r->authors[i].role == CIX_ROLE_AUTHOR ||
		    r->authors[i].role == CIX_ROLE_GROUP) &&
		    r->authors[i].family != NULL)
			n++;
	if (n == 0)
		for (i = 0; i < r->nauthors; i++)
			if (r->authors[i].family != NULL)
				n++;
	return n;
}

static void
author_key(struct cix_buf *out, const struct cix_author *a)
{
	if (a->corporate)
		corporate_key(out, a->family);
	else
		family_key(out, a->family);
}

/* Title words that are not function words, capitalised, at most max. */
static void
title_words(struct cix_buf *out, const char *title, size_t max)
{
	struct cix_buf w = CIX_BUF_INIT;
	const char *word;
	size_t i = 0, n, k = 0;
	int lower;

	if (title == NULL)
		return;
	cix_buf_init(&w, 1 << 20);
	lower = ascii_words(&w, title, strlen(title));
	while (k < max && next_word(w.p, &i, &word, &n)) {
		if (is_small(word, n))
			continue;
		put_cap(out, word, n, !lower);
		k++;
	}
	cix_buf_release(&w);
}

static void
journal_key(struct cix_buf *out, const struct cix_record *r)
{
	struct cix_buf w = CIX_BUF_INIT;
	const char *j = r->source_iso ? r->source_iso : r->source_abbrev ?
	    r->source_abbrev : r->source, *word;
	size_t i = 0, n;
	int lower;

	if (j == NULL)
		return;
	cix_buf_init(&w, 1 << 16);
	lower = ascii_words(&w, j, strlen(j));
	while (next_word(w.p, &i, &word, &n))
		put_cap(out, word, n, !lower);
	cix_buf_release(&w);
}

static void
expand(struct cix_buf *out, const struct part *pt,
    const struct cix_record *r)
{
	const struct cix_author *a[100];
	size_t na, total, i, start = out->len;

	switch (pt->field) {
	case K_LIT:
		cix_buf_adds(out, pt->lit);
		break;
	case K_AUTH:
	case K_AUTHN:
		if (key_authors(r, a, 1) == 1)
			author_key(out, a[0]);
		if (pt->field == K_AUTHN && out->len - start > (size_t)pt->n)
			cix_buf_setlen(out, start + (size_t)pt->n);
		break;
	case K_AUTH_ETAL:
		na = key_authors(r, a, 2);
		total = count_authors(r);
		if (na >= 1)
			author_key(out, a[0]);
		if (total == 2)
			author_key(out, a[1]);
		else if (total > 2)
			cix_buf_adds(out, ".etal");
		break;
	case K_AUTHORS:
	case K_AUTHORSN:
		total = count_authors(r);
		na = key_authors(r, a, pt->field == K_AUTHORS ? 100 :
		    (size_t)pt->n);
		for (i = 0; i < na; i++)
			author_key(out, a[i]);
		if (na < total)
			cix_buf_adds(out, "EtAl");
		break;
	case K_YEAR:
		if (r->year > 0 && r->year <= 9999)
			cix_buf_addf(out, "%d", r->year);
		break;
	case K_SHORTTITLE:
		title_words(out, r->title, 3);
		break;
	case K_VERYSHORTTITLE:
		title_words(out, r->title, 1);
		break;
	case K_JOURNAL:
		journal_key(out, r);
		break;
	}
	for (i = 0; i < MAXMODS && pt->mods[i] != 0; i++) {
		size_t k;

		for (k = start; k < out->len; k++)
			out->p[k] = (char)(pt->mods[i] == MOD_LOWER ?
			    cix_tolower((unsigned char)out->p[k]) :
			    cix_toupper((unsigned char)out->p[k]));
	}
}

int
cix_citekey_base(struct cix_buf *out, const struct cix_citekey_pattern *p,
    const struct cix_record *r)
{
	struct cix_buf k;
	size_t i;
	int rc, any = 0;

	cix_buf_init(&k, 1 << 16);
	for (i = 0; i < p->n; i++)
		expand(&k, &p->v[i], r);
	/* room for a collision suffix */
	if (k.len > CIX_CITEKEY_MAX - 8)
		cix_buf_setlen(&k, CIX_CITEKEY_MAX - 8);
	for (i = 0; i < k.len; i++)
		any |= cix_isalnum((unsigned char)k.p[i]);
	rc = cix_buf_adds(out, any ? k.p : "Anon");
	cix_buf_release(&k);
	return rc;
}

void
cix_citekey_suffix(char *buf, size_t n, unsigned long i)
{
	char t[16];
	size_t k = sizeof(t);

	t[--k] = '\0';
	/* bijective base 26: 1 a ... 26 z, 27 aa */
	while (i > 0 && k > 0) {
		i--;
		t[--k] = (char)('a' + i % 26);
		i /= 26;
	}
	snprintf(buf, n, "%s", t + k);
}

/* ------------------------------------------------------------------ */
/* The keyring */

/* key (lower case) -> the next suffix to try when it is a base */
struct kslot {
	char *key;		/* lower case */
	unsigned long next;
};

struct cix_keyring {
	const struct cix_citekey_pattern *p;
	struct cix_store *s;
	void *stmt;		/* the cached INSERT */
	int in_tx;
	int readonly;		/* new keys are not stored */
	/* work id -> key */
	int64_t *ids;
	char **keys;
	size_t icap, in;
	/* keys in use */
	struct kslot *set;
	size_t scap, sn;
	size_t fresh;
	struct cix_buf tmp;
};

static uint64_t
hash_str(const char *s)
{
	return cix_fnv1a(CIX_FNV_INIT, s, strlen(s));
}

static struct kslot *
set_find(struct cix_keyring *k, const char *lower)
{
	size_t i;

	if (k->scap == 0)
		return NULL;
	for (i = hash_str(lower) & (k->scap - 1); k->set[i].key != NULL;
	    i = (i + 1) & (k->scap - 1))
		if (strcmp(k->set[i].key, lower) == 0)
			return &k->set[i];
	return NULL;
}

static int
set_add(struct cix_keyring *k, const char *key)
{
	struct kslot *ns;
	size_t i, j, nc;
	char *lk;

	if ((k->sn + 1) * 2 > k->scap) {
		nc = k->scap ? k->scap * 2 : 1024;
		if ((ns = calloc(nc, sizeof(*ns))) == NULL)
			return CIX_ENOMEM;
		for (j = 0; j < k->scap; j++) {
			if (k->set[j].key == NULL)
				continue;
			for (i = hash_str(k->set[j].key) & (nc - 1);
			    ns[i].key != NULL; i = (i + 1) & (nc - 1))
				;
			ns[i] = k->set[j];
		}
		free(k->set);
		k->set = ns;
		k->scap = nc;
	}
	if ((lk = xstrndup(key, strlen(key))) == NULL)
		return CIX_ENOMEM;
	for (i = 0; lk[i] != '\0'; i++)
		lk[i] = (char)cix_tolower((unsigned char)lk[i]);
	for (i = hash_str(lk) & (k->scap - 1); k->set[i].key != NULL;
	    i = (i + 1) & (k->scap - 1))
		if (strcmp(k->set[i].key, lk) == 0) {
			free(lk);
			return CIX_OK;
		}
	k->set[i].key = lk;
	k->set[i].next = 1;
	k->sn++;
	return CIX_OK;
}

static size_t
id_slot(const struct cix_keyring *k, int64_t id)
{
	size_t i;

	for (i = (size_t)((uint64_t)id * 0x9E3779B97F4A7C15ULL) &
	    (k->icap - 1); k->ids[i] != 0 && k->ids[i] != id;
	    i = (i + 1) & (k->icap - 1))
		;
	return i;
}

static const char *
id_find(const struct cix_keyring *k, int64_t id)
{
	size_t i;

	if (k->icap == 0)
		return NULL;
	i = id_slot(k, id);
	return k->ids[i] == id ? k->keys[i] : NULL;
}

/* Map id to key (copied); the key in the map is returned in *out. */
static int
id_add(struct cix_keyring *k, int64_t id, const char *key, const char **out)
{
	int64_t *ni;
	char **nk;
	size_t i, j, nc;

	if ((k->in + 1) * 2 > k->icap) {
		nc = k->icap ? k->icap * 2 : 1024;
		ni = calloc(nc, sizeof(*ni));
		nk = calloc(nc, sizeof(*nk));
		if (ni == NULL || nk == NULL) {
			free(ni);
			free(nk);
			return CIX_ENOMEM;
		}
		for (j = 0; j < k->icap; j++) {
			if (k->ids[j] == 0)
				continue;
			for (i = (size_t)((uint64_t)k->ids[j] *
			    0x9E3779B97F4A7C15ULL) & (nc - 1); ni[i] != 0;
			    i = (i + 1) & (nc - 1))
				;
			ni[i] = k->ids[j];
			nk[i] = k->keys[j];
		}
		free(k->ids);
		free(k->keys);
		k->ids = ni;
		k->keys = nk;
		k->icap = nc;
	}
	i = id_slot(k, id);
	if (k->ids[i] == id) {
		*out = k->keys[i];
		return CIX_OK;
	}
	if ((k->keys[i] = xstrndup(key, strlen(key))) == NULL)
		return CIX_ENOMEM;
	k->ids[i] = id;
	k->in++;
	*out = k->keys[i];
	return CIX_OK;
}

static int
load_one(void *ctx, int64_t id, const char *key)
{
	struct cix_keyring *k = ctx;
	const char *dummy;
	int rc;

	if (key == NULL)
		return CIX_OK;
	if ((rc = set_add(k, key)) < 0 || (rc = id_add(k, id, key,
	    &dummy)) < 0)
		return rc;
	return CIX_OK;
}

int
cix_keyring_new(struct cix_keyring **out, const struct cix_citekey_pattern *p,
    struct cix_store *s, struct cix_error *err)
{
	struct cix_keyring *k;
	int rc;

	*out = NULL;
	if ((k = calloc(1, sizeof(*k))) == NULL)
		return cix_error_set(err, CIX_ENOMEM, "out of memory");
	k->p = p;
	k->s = s;
	cix_buf_init(&k->tmp, 1 << 16);
	if (s != NULL) {
		/* The write lock first, so that the keys read are the keys
		 * there are until commit.  An index we may not write gives
		 * the keys it has and keeps no new one. */
		if ((rc = cix_store_begin(s, err)) == CIX_EREADONLY) {
			cix_error_clear(err);
			k->readonly = 1;
		} else if (rc < 0) {
			goto fail;
		} else {
			k->in_tx = 1;
		}
		rc = cix_store_citekeys(s, p->src, load_one, k, err);
		if (rc == CIX_ENOMEM)
			rc = cix_error_set(err, rc, "out of memory");
		if (rc < 0)
			goto fail;
	}
	*out = k;
	return CIX_OK;
fail:
	cix_keyring_free(k);
	return rc;
}

int
cix_keyring_key(struct cix_keyring *k, const char **key, int64_t id,
    const struct cix_record *r, struct cix_error *err)
{
	struct kslot *base;
	char suffix[16], lower[CIX_CITEKEY_MAX + 16];
	size_t blen, j;
	unsigned long i;
	int rc;

	*key = NULL;
	if (id > 0 && (*key = id_find(k, id)) != NULL)
		return CIX_OK;
	cix_buf_reset(&k->tmp);
	if ((rc = cix_citekey_base(&k->tmp, k->p, r)) < 0)
		return cix_error_set(err, rc, "out of memory");
	blen = k->tmp.len;
	for (j = 0; j < blen; j++)
		lower[j] = (char)cix_tolower((unsigned char)k->tmp.p[j]);
	lower[blen] = '\0';
	if ((base = set_find(k, lower)) != NULL) {
		/* the first free suffix after the last one given */
		for (i = base->next; ; i++) {
			cix_citekey_suffix(suffix, sizeof(suffix), i);
			snprintf(lower + blen, sizeof(lower) - blen, "%s",
			    suffix);
			if (set_find(k, lower) == NULL)
				break;
		}
		base->next = i + 1;
		if ((rc = cix_buf_adds(&k->tmp, suffix)) < 0)
			return cix_error_set(err, rc, "out of memory");
	}
	if ((rc = set_add(k, k->tmp.p)) < 0)
		return cix_error_set(err, rc, "out of memory");
	if (id > 0) {
		if ((rc = id_add(k, id, k->tmp.p, key)) < 0)
			return cix_error_set(err, rc, "out of memory");
		if (k->s != NULL && !k->readonly &&
		    (rc = cix_store_citekey_add(k->s,
		    &k->stmt, k->p->src, id, *key, err)) < 0)
			return rc;
	} else {
		*key = k->tmp.p;
	}
	k->fresh++;
	return CIX_OK;
}

size_t
cix_keyring_new_keys(const struct cix_keyring *k)
{
	return k->fresh;
}

int
cix_keyring_stored(const struct cix_keyring *k)
{
	return k->s != NULL && !k->readonly;
}

int
cix_keyring_commit(struct cix_keyring *k, struct cix_error *err)
{
	int rc;

	if (k->stmt != NULL) {
		cix_store_citekey_done(k->stmt);
		k->stmt = NULL;
	}
	if (!k->in_tx)
		return CIX_OK;
	k->in_tx = 0;
	if ((rc = cix_store_commit(k->s, err)) < 0)
		return rc;
	return CIX_OK;
}

void
cix_keyring_free(struct cix_keyring *k)
{
	size_t i;

	if (k == NULL)
		return;
	if (k->stmt != NULL)
		cix_store_citekey_done(k->stmt);
	if (k->in_tx)
		cix_store_rollback(k->s);
	for (i = 0; i < k->icap; i++)
		free(k->keys[i]);
	free(k->ids);
	free(k->keys);
	for (i = 0; i < k->scap; i++)
		free(k->set[i].key);
	free(k->set);
	cix_buf_release(&k->tmp);
	free(k);
}
