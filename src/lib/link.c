/*
 * link.c - the matcher: cited reference -> work (see link.h).
 *
 * The records of the index are loaded into hash indexes by DOI, by exact
 * key and by (surname, year) block; cited-only works by DOI and grouping
 * key.  Then the unlinked references of the queued works stream through
 * the cascade one by one (in a thread of their own, see struct chunk),
 * and the decisions are written back in order, in batches.
 * Strings are compared in "key form" (cix_keyform: ASCII-folded upper-case
 * letters and digits), so "Lloyd-Evans", "LLOYD EVANS" and "Lloyd Evans"
 * are one surname and "PSYCHIATR REHABIL J" lines up with "Psychiatric
 * Rehabilitation Journal".
 */
#include "config.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "arena.h"
#include "link.h"
#include "store_link.h"
#include "util.h"
#include "banned.h"

/* ------------------------------------------------------------------ */
/* A hash multimap from 64-bit keys to int32 values (open addressing, the
 * values of one key chained through nodes). */

struct mnode {
	int32_t val;
	int32_t next;
};

/* A slot: the key beside its chain, so a probe touches one cache line. */
struct mslot {
	uint64_t key;
	int32_t head;		/* EMPTY or the first node */
};

struct mmap {
	struct mslot *slots;
	size_t cap;		/* power of two */
	size_t n;		/* slots in use */
	struct mnode *nodes;
	size_t nnodes;
	size_t nodes_alloc;
	/* Optional (filtered set before the first add): a bit per key, one
	 * byte's worth per slot.  The record maps are asked mostly for keys
	 * they lack, and their slots are too many for the CPU's cache: the
	 * bit answers most of those without the slot's cache miss. */
	int filtered;
	uint64_t *filter;
};

/* The filter bit of key: other bits of it than the slot's. */
static size_t
mmap_fbit(const struct mmap *m, uint64_t key)
{
	return (size_t)((key * UINT64_C(0x9e3779b97f4a7c15)) >> 29) &
	    (m->cap * 8 - 1);
}

static void
mmap_fset(struct mmap *m, uint64_t key)
{
	size_t b = mmap_fbit(m, key);

	m->filter[b >> 6] |= UINT64_C(1) << (b & 63);
}

#define EMPTY (-1)		/* a free slot: ends a probe */

static void
mmap_free(struct mmap *m)
{
	free(m->slots);
	free(m->nodes);
	free(m->filter);
	memset(m, 0, sizeof(*m));
}

static int
mmap_grow(struct mmap *m)
{
	size_t ncap = m->cap ? m->cap * 2 : 1024, i, j;
	struct mslot *slots;
	uint64_t *filter = NULL;

	if ((slots = malloc(ncap * sizeof(*slots))) == NULL ||
	    (m->filtered && (filter = calloc(ncap / 8, sizeof(*filter))) ==
	    NULL)) {
		free(slots);
		return CIX_ENOMEM;
	}
	for (i = 0; i < ncap; i++)
		slots[i].head = EMPTY;
	for (i = 0; i < m->cap; i++) {
		if (m->slots[i].head < 0)
			continue;
		for (j = m->slots[i].key & (ncap - 1); slots[j].head != EMPTY;
		    j = (j + 1) & (ncap - 1))
			;
		slots[j] = m->slots[i];
	}
	free(m->slots);
	free(m->filter);
	m->slots = slots;
	m->filter = filter;
	m->cap = ncap;
	if (filter != NULL)
		for (i = 0; i < ncap; i++)
			if (slots[i].head != EMPTY)
				mmap_fset(m, slots[i].key);
	return CIX_OK;
}

/* The slot of key (*found = 1), or the free slot where it would go. */
static size_t
mmap_find(const struct mmap *m, uint64_t key, int *found)
{
	size_t j;

	for (j = key & (m->cap - 1); m->slots[j].head != EMPTY;
	    j = (j + 1) & (m->cap - 1))
		if (m->slots[j].key == key) {
			*found = 1;
			return j;
		}
	*found = 0;
	return j;
}

/* First node of key's chain, or -1. */
static int32_t
mmap_get(const struct mmap *m, uint64_t key)
{
	size_t j;
	int found;

	if (m->cap == 0)
		return -1;
	if (m->filter != NULL) {
		size_t b = mmap_fbit(m, key);

		if (!((m->filter[b >> 6] >> (b & 63)) & 1))
			return -1;
	}
	j = mmap_find(m, key, &found);
	return found ? m->slots[j].head : -1;
}

static int
mmap_add(struct mmap *m, uint64_t key, int32_t val)
{
	size_t j;
	int found;

	if ((m->n + 1) * 4 > m->cap * 3 && mmap_grow(m) < 0)
		return CIX_ENOMEM;
	if (m->nnodes == m->nodes_alloc) {
		size_t na = m->nodes_alloc ? m->nodes_alloc * 2 : 1024;
		struct mnode *p;

		if (na > INT32_MAX)
			return CIX_ENOMEM;
		if ((p = realloc(m->nodes, na * sizeof(*p))) == NULL)
			return CIX_ENOMEM;
		m->nodes = p;
		m->nodes_alloc = na;
	}
	j = mmap_find(m, key, &found);
	if (!found) {
		m->n++;
		m->slots[j].key = key;
		m->slots[j].head = -1;
		if (m->filter != NULL)
			mmap_fset(m, key);
	}
	m->nodes[m->nnodes].val = val;
	m->nodes[m->nnodes].next = m->slots[j].head;
	m->slots[j].head = (int32_t)m->nnodes++;
	return CIX_OK;
}

/* Make val the only value of key. */
static int
mmap_set(struct mmap *m, uint64_t key, int32_t val)
{
	int32_t h = mmap_get(m, key);

	if (h >= 0) {
		m->nodes[h].val = val;
		m->nodes[h].next = -1;
		return CIX_OK;
	}
	return mmap_add(m, key, val);
}


/* ------------------------------------------------------------------ */
/* Normal forms */

/* ------------------------------------------------------------------ */
/*
 * The years (modulo 64) in which a surname has a record: the fuzzy pass
 * looks up (surname, year) for seven years around a reference's, and most
 * surnames of cited works have no record in most of them.
 */
struct ymask {
	uint64_t *key;		/* 0: free */
	uint64_t *bits;
	size_t cap, n;
};

static size_t
ymask_find(const struct ymask *y, uint64_t key)
{
	size_t j;

	for (j = key & (y->cap - 1); y->key[j] != 0 && y->key[j] != key;
	    j = (j + 1) & (y->cap - 1))
		;
	return j;
}

static int
ymask_add(struct ymask *y, uint64_t key, int year)
{
	size_t j, i;

	key |= key == 0;
	if (y->n * 2 >= y->cap) {
		struct ymask g;

		g.cap = y->cap ? y->cap * 2 : 1024;
		g.n = y->n;
		g.key = calloc(g.cap, sizeof(*g.key));
		g.bits = calloc(g.cap, sizeof(*g.bits));
		if (g.key == NULL || g.bits == NULL) {
			free(g.key);
			free(g.bits);
			return CIX_ENOMEM;
		}
		for (i = 0; i < y->cap; i++) {
			if (y->key[i] == 0)
				continue;
			j = ymask_find(&g, y->key[i]);
			g.key[j] = y->key[i];
			g.bits[j] = y->bits[i];
		}
		free(y->key);
		free(y->bits);
		*y = g;
	}
	j = ymask_find(y, key);
	if (y->key[j] == 0) {
		y->key[j] = key;
		y->n++;
	}
	y->bits[j] |= (uint64_t)1 << (year & 63);
	return 0;
}

static uint64_t
ymask_get(const struct ymask *y, uint64_t key)
{
	size_t j;

	if (y->cap == 0)
		return 0;
	key |= key == 0;
	j = ymask_find(y, key);
	return y->key[j] == key ? y->bits[j] : 0;
}

static void
ymask_free(struct ymask *y)
{
	free(y->key);
	free(y->bits);
	memset(y, 0, sizeof(*y));
}

static uint64_t
hstr(uint64_t h, const char *s)
{
	static const char sep = '\x1f';

	if (s != NULL)
		h = cix_fnv1a(h, s, strlen(s));
	return cix_fnv1a(h, &sep, 1);
}

static uint64_t
hint(uint64_t h, long v)
{
	return cix_fnv1a(h, &v, sizeof(v));
}

/* Key form of s into the arena; NULL when empty. */
static char *
keyform(struct cix_arena *a, struct cix_buf *tmp, const char *s)
{
	if (s == NULL)
		return NULL;
	cix_buf_reset(tmp);
	if (cix_keyform(tmp, s, strlen(s)) < 0 || tmp->len == 0)
		return NULL;
	return cix_arena_strndup(a, tmp->p, tmp->len);
}

/*
 * A volume or page in key form without leading zeros in its digit runs:
 * "P011" -> "11" is done by the parser; here "011" -> "11", "e0123" ->
 * "E123", "S12" -> "S12".
 */
static char *
numform(struct cix_arena *a, struct cix_buf *tmp, const char *s)
{
	size_t i, j;
	char *k = keyform(a, tmp, s);

	if (k == NULL)
		return NULL;
	for (i = j = 0; k[i] != '\0'; i++) {
		if (k[i] == '0' && (i == 0 || !cix_isdigit((unsigned char)
		    k[i - 1])) && cix_isdigit((unsigned char)k[i + 1]))
			continue;
		k[j++] = k[i];
	}
	k[j] = '\0';
	return k;
}

/*
 * An article number in key form without the "UNSP"/"ARTN" that WoS puts
 * before some of them: "UNSP 2053168019835628" -> "2053168019835628".
 */
static char *
artform(struct cix_arena *a, struct cix_buf *tmp, const char *s)
{
	char *k = numform(a, tmp, s);

	if (k != NULL && (strncmp(k, "UNSP", 4) == 0 ||
	    strncmp(k, "ARTN", 4) == 0) && k[4] != '\0')
		return k + 4;
	return k;
}

static const char *const stopwords[] = {
	"OF", "THE", "AND", "IN", "FOR", "ON", "A", "AN", "DE", "LA", "DU",
	"DES", "ET", "TO", "AT", "BY", "UND", "DER", "DIE", "Y", "E", NULL
};

/*
 * Source title to space-separated key-form tokens without stop words:
 * "Journal of Mental Health" -> "JOURNAL MENTAL HEALTH".
 */
static char *
srcform(struct cix_arena *a, struct cix_buf *tmp, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	struct cix_buf tok;
	size_t i = 0, len, k, n;
	char *out;

	if (s == NULL)
		return NULL;
	len = strlen(s);
	cix_buf_reset(tmp);
	cix_buf_init(&tok, 256);
	while (i < len) {
		cix_buf_reset(&tok);
		/* A token: a run of letters/digits (any script). */
		while (i < len && (p[i] < 0x80 && !cix_isalnum(p[i])))
			i++;
		k = i;
		while (i < len && (p[i] >= 0x80 || cix_isalnum(p[i])))
			i++;
		if (i == k)
			break;
		cix_keyform(&tok, s + k, i - k);
		if (tok.len == 0)
			continue;
		for (n = 0; stopwords[n] != NULL; n++)
			if (strcmp(tok.p, stopwords[n]) == 0)
				break;
		if (stopwords[n] != NULL)
			continue;
		if (tmp->len)
			cix_buf_addch(tmp, ' ');
		cix_buf_add(tmp, tok.p, tok.len);
	}
	cix_buf_release(&tok);
	if (tmp->len == 0)
		return NULL;
	out = cix_arena_strndup(a, tmp->p, tmp->len);
	return out;
}

/* Is token a (length al) an abbreviation of b (length bl)? */
static int
abbrev_of(const char *a, size_t al, const char *b, size_t bl)
{
	size_t i, j;

	if (al == 0 || bl == 0 || a[0] != b[0] || al > bl)
		return 0;
	for (i = 1, j = 1; i < al && j < bl; j++)
		if (a[i] == b[j])
			i++;
	return i == al;
}

/*
 * How well source a (tokens) abbreviates source b: the share of a's
 * tokens matched, in order, to tokens of b they abbreviate (or equal).
 */
static double
src_sim1(const char *a, const char *b)
{
	const char *pa = a, *pb, *ea, *eb;
	size_t na = 0, matched = 0;

	pb = b;
	while (*pa != '\0') {
		ea = strchr(pa, ' ');
		if (ea == NULL)
			ea = pa + strlen(pa);
		na++;
		/* Look ahead in b for a token this one abbreviates. */
		{
			const char *q = pb;

			while (*q != '\0') {
				eb = strchr(q, ' ');
				if (eb == NULL)
					eb = q + strlen(q);
				if (abbrev_of(pa, (size_t)(ea - pa), q,
				    (size_t)(eb - q))) {
					matched++;
					pb = *eb ? eb + 1 : eb;
					break;
				}
				q = *eb ? eb + 1 : eb;
			}
		}
		pa = *ea ? ea + 1 : ea;
	}
	return na ? (double)matched / (double)na : 0;
}

/*
 * Is a, spaces ignored, an abbreviation of b (same first letter, a's
 * letters in order in b)?  For word splits that differ: "REV
 * NEUROPSIQUIATR" and "REVISTA NEURO PSIQUIATRIA".  Only for abbreviations
 * long enough not to match by chance.
 */
static int
squeezed_abbrev(const char *a, const char *b)
{
	size_t n = 0;

	if (*a != *b)
		return 0;
	for (; *b != '\0' && *a != '\0'; b++) {
		if (*a == ' ')
			a++;
		if (*b == ' ')
			continue;
		if (*a == *b) {
			a++;
			n++;
		}
	}
	return *a == '\0' && n >= 10;
}

static double
src_sim(const char *a, const char *b)
{
	double x, y;

	if (a == NULL || b == NULL)
		return -1;
	if (strcmp(a, b) == 0)
		return 1;
	x = src_sim1(a, b);
	y = src_sim1(b, a);
	if (x < y)
		x = y;
	if (x < 0.85 && (squeezed_abbrev(a, b) || squeezed_abbrev(b, a)))
		x = 0.85;
	return x;
}

/* ------------------------------------------------------------------ */
/* The linker */

struct lrec {
	int64_t id;
	const char *doi;
	const char *skey;	/* surname from the full name (AF) */
	const char *skey2;	/* from the abbreviated name (AU), if other */
	uint64_t sh, sh2;	/* their hashes (0: none) */
	char init;
	int year;
	const char *vol;
	const char *page;	/* first page */
	const char *artno;
	long bp, ep;		/* numeric page range, -1 if not numeric */
	uint32_t vh, ph, ah;	/* hashes of vol, page, artno (0: none) */
	const char *so, *j9, *ji;	/* source forms */
};

/*
 * The pass over the references runs in two threads: the caller's reads
 * them from the store and writes the decisions back (SQLite, one
 * connection), the matcher thread runs the cascade.  They hand each
 * other chunks: a chunk carries CHUNK_REFS references (copied, strings in
 * its arena) to the matcher and comes back with what to write.  Chunks
 * are taken in order, so the links are the same as with one thread.
 */
#define CHUNK_REFS 512
#define CHUNKS 8

struct lop {
	int cited_work;		/* 1: a new cited-only work; 0: a link */
	int64_t citing, cited;	/* cited: the work linked to, or the new id */
	int pos, method;
	double conf;
	const struct cix_citedref *f;	/* a new work: its facts ... */
	const char *au_key, *key;	/* ... and keys, in the arena */
};

struct chunk {
	struct cix_link_ref r[CHUNK_REFS];
	size_t n;
	struct lop ops[2 * CHUNK_REFS];
	size_t nops;
	struct cix_arena arena;
	int rc;			/* the matcher's error, if any */
	struct cix_error err;
	struct chunk *next;
};

struct linker {
	struct cix_store *s;
	struct cix_arena arena;		/* the record index: the whole pass */
	struct cix_arena scratch;	/* one reference: reset for each */
	struct cix_buf tmp;
	struct cix_link_stats *st;
	struct cix_error *err;

	struct lrec *recs;
	size_t nrecs;
	size_t recs_alloc;
	struct mmap by_doi;	/* doi -> rec */
	struct mmap by_key;	/* surname|year|vol|page -> rec */
	struct mmap by_block;	/* surname|year -> rec */
	struct mmap by_venue;	/* year|vol|page -> rec */
	struct mmap by_svp;	/* surname|vol -> rec with a page, any year */
	struct mmap by_inc;	/* surname|year -> rec lacking vol or page */
	/* The same for records without a DOI: the only candidates for a
	 * reference that has one (a record with another DOI is another
	 * work). */
	struct mmap nd_key, nd_block, nd_venue, nd_svp, nd_inc;
	/* the years of by_block, by_inc, nd_block, nd_inc, by surname */
	struct ymask y_block, y_inc, ynd_block, ynd_inc;

	int64_t *cited;		/* cited-only work ids */
	size_t ncited;
	size_t cited_alloc;
	struct mmap cited_doi;	/* doi -> cited index */
	struct mmap cited_key;	/* ref_key -> cited index */
	struct mmap cited_block;	/* surname|year -> cited index */
	int64_t *release;	/* cited-only works to look at again */
	size_t nrelease, release_alloc;
	int64_t next_id;	/* of the next new cited-only work */
	struct chunk *ck;	/* the matcher thread's chunk, or NULL */
};

static uint64_t
h_doi(const char *doi)
{
	return hstr(CIX_FNV_INIT ^ 0x1, doi);
}

static uint64_t
h_key(const char *skey, int year, const char *vol, const char *page)
{
	return hstr(hstr(hint(hstr(CIX_FNV_INIT ^ 0x2, skey), year), vol),
	    page);
}

static uint64_t
h_surname(const char *skey)
{
	return hstr(CIX_FNV_INIT ^ 0x3, skey);
}

static uint64_t
h_block(const char *skey, int year)
{
	return hint(h_surname(skey), year);
}

static uint64_t
h_venue(int year, const char *vol, const char *page)
{
	return hstr(hstr(hint(CIX_FNV_INIT ^ 0x5, year), vol), page);
}

static uint64_t
h_svp(const char *skey, const char *vol, const char *page)
{
	return hstr(hstr(hstr(CIX_FNV_INIT ^ 0x6, skey), vol), page);
}

static uint32_t
h32(const char *s)
{
	uint64_t h;

	if (s == NULL)
		return 0;
	h = hstr(CIX_FNV_INIT ^ 0x7, s);
	return (uint32_t)(h ^ (h >> 32)) | 1;
}

static uint64_t
h_ref_key(const char *k)
{
	return hstr(CIX_FNV_INIT ^ 0x4, k);
}

static long
page_num(const char *p)
{
	long v;

	if (p == NULL || cix_parse_long(p, strlen(p), &v) < 0 || v < 0)
		return -1;
	return v;
}

static int
add_record(void *ctx, const struct cix_link_work *w)
{
	struct linker *L = ctx;
	struct cix_arena *a = &L->arena;
	struct lrec *r;
	int32_t idx;
	int rc = 0, k, m;

	if (L->nrecs == L->recs_alloc) {
		size_t na = L->recs_alloc ? L->recs_alloc * 2 : 4096;
		struct lrec *p = realloc(L->recs, na * sizeof(*p));

		if (p == NULL || na > INT32_MAX)
			return cix_error_set(L->err, CIX_ENOMEM,
			    "out of memory");
		L->recs = p;
		L->recs_alloc = na;
	}
	idx = (int32_t)L->nrecs;
	r = &L->recs[L->nrecs++];
	memset(r, 0, sizeof(*r));
	r->id = w->id;
	r->year = w->year;
	r->doi = w->doi ? cix_arena_strdup(a, w->doi) : NULL;
	r->skey = w->au_key ? cix_arena_strdup(a, w->au_key) : NULL;
	r->init = w->au_init ? w->au_init[0] : 0;
	if (w->au_abbrev != NULL) {
		/* WoS writes CR authors the way it abbreviates (AU), which is
		 * not always the surname of the full name (AF "Glaenzel,
		 * Wolfgang" vs AU "Glanzel, W"; AF "Luis Ortega, Jose" vs AU
		 * "Ortega, JL"): index both. */
		const char *c = strchr(w->au_abbrev, ',');
		char *t = cix_arena_strndup(a, w->au_abbrev, c ?
		    (size_t)(c - w->au_abbrev) : strlen(w->au_abbrev));

		r->skey2 = keyform(a, &L->tmp, t);
		if (r->skey == NULL) {
			r->skey = r->skey2;
			r->skey2 = NULL;
		} else if (r->skey2 && strcmp(r->skey2, r->skey) == 0) {
			r->skey2 = NULL;
		}
	}
	r->vol = numform(a, &L->tmp, w->volume);
	r->page = numform(a, &L->tmp, w->first_page);
	r->artno = artform(a, &L->tmp, w->article_no);
	r->bp = page_num(w->first_page);
	r->ep = page_num(w->last_page);
	r->vh = h32(r->vol);
	r->ph = h32(r->page);
	r->ah = h32(r->artno);
	r->so = srcform(a, &L->tmp, w->source);
	r->j9 = srcform(a, &L->tmp, w->source_abbrev);
	r->ji = srcform(a, &L->tmp, w->source_iso);
	r->sh = r->skey ? hstr(CIX_FNV_INIT, r->skey) : 0;
	r->sh2 = r->skey2 ? hstr(CIX_FNV_INIT, r->skey2) : 0;
	if (r->doi)
		rc |= mmap_add(&L->by_doi, h_doi(r->doi), idx);
	for (m = 0; m < 2; m++) {
		struct mmap *venue = m ? &L->nd_venue : &L->by_venue;
		struct mmap *key = m ? &L->nd_key : &L->by_key;
		struct mmap *block = m ? &L->nd_block : &L->by_block;
		struct mmap *svp = m ? &L->nd_svp : &L->by_svp;
		struct mmap *inc = m ? &L->nd_inc : &L->by_inc;
		struct ymask *yb = m ? &L->ynd_block : &L->y_block;
		struct ymask *yi = m ? &L->ynd_inc : &L->y_inc;

		if (m == 1 && r->doi != NULL)
			break;
		if (r->year && r->vol && r->page)
			rc |= mmap_add(venue, h_venue(r->year, r->vol,
			    r->page), idx);
		if (r->year && r->vol && r->artno && (r->page == NULL ||
		    strcmp(r->page, r->artno) != 0))
			rc |= mmap_add(venue, h_venue(r->year, r->vol,
			    r->artno), idx);
		for (k = 0; k < 2 && r->year; k++) {
			const char *sk = k ? r->skey2 : r->skey;

			if (sk == NULL)
				continue;
			rc |= mmap_add(block, h_block(sk, r->year), idx);
			rc |= ymask_add(yb, h_surname(sk), r->year);
			if (r->vol == NULL || (r->page == NULL &&
			    r->artno == NULL)) {
				rc |= mmap_add(inc, h_block(sk, r->year), idx);
				rc |= ymask_add(yi, h_surname(sk), r->year);
			}
			if (r->vol && (r->page || r->artno))
				rc |= mmap_add(svp, h_svp(sk, r->vol, ""), idx);
			if (r->vol && r->page)
				rc |= mmap_add(key, h_key(sk, r->year, r->vol,
				    r->page), idx);
			if (r->vol && r->artno && (r->page == NULL ||
			    strcmp(r->page, r->artno) != 0))
				rc |= mmap_add(key, h_key(sk, r->year, r->vol,
				    r->artno), idx);
		}
	}
	if (rc)
		return cix_error_set(L->err, CIX_ENOMEM, "out of memory");
	return 0;
}

static void outside_key(struct cix_buf *k, const char *skey, int year,
    const char *vol, const char *page);

/* The live cited-only work a map gives for key, or -1. */
static int32_t
cited_get(const struct linker *L, const struct mmap *m, uint64_t key)
{
	int32_t h = mmap_get(m, key), ci;

	if (h < 0)
		return -1;
	ci = m->nodes[h].val;
	return L->cited[ci] != 0 ? ci : -1;
}

static int
push_release(struct linker *L, int64_t id)
{
	if (L->nrelease == L->release_alloc) {
		size_t na = L->release_alloc ? L->release_alloc * 2 : 256;
		int64_t *p = realloc(L->release, na * sizeof(*p));

		if (p == NULL)
			return CIX_ENOMEM;
		L->release = p;
		L->release_alloc = na;
	}
	L->release[L->nrelease++] = id;
	return 0;
}

static int
add_cited(void *ctx, const struct cix_link_work *w)
{
	struct linker *L = ctx;
	int rc = 0;

	if (L->ncited == L->cited_alloc) {
		size_t na = L->cited_alloc ? L->cited_alloc * 2 : 4096;
		int64_t *p = realloc(L->cited, na * sizeof(*p));

		if (p == NULL || na > INT32_MAX)
			return cix_error_set(L->err, CIX_ENOMEM,
			    "out of memory");
		L->cited = p;
		L->cited_alloc = na;
	}
	L->cited[L->ncited] = w->id;
	if (w->doi)
		rc |= mmap_set(&L->cited_doi, h_doi(w->doi),
		    (int32_t)L->ncited);
	if (w->ref_key)
		rc |= mmap_set(&L->cited_key, h_ref_key(w->ref_key),
		    (int32_t)L->ncited);
	if (w->au_key && w->year)
		rc |= mmap_add(&L->cited_block, h_block(w->au_key, w->year),
		    (int32_t)L->ncited);
	/* A work filed under its DOI is found by its exact key too, as it
	 * was in the pass that made it. */
	if (w->ref_key && w->ref_key[0] == 'D' && w->au_key && w->year) {
		char *vol, *page;

		cix_arena_reset(&L->scratch);
		vol = numform(&L->scratch, &L->tmp, w->volume);
		page = artform(&L->scratch, &L->tmp, w->first_page ?
		    w->first_page : w->article_no);
		outside_key(&L->tmp, w->au_key, w->year, vol, page);
		if (L->tmp.len > 0 && mmap_get(&L->cited_key,
		    h_ref_key(L->tmp.p)) < 0)
			rc |= mmap_set(&L->cited_key, h_ref_key(L->tmp.p),
			    (int32_t)L->ncited);
	}
	L->ncited++;
	if (rc)
		return cix_error_set(L->err, CIX_ENOMEM, "out of memory");
	return 0;
}

/* A reference in normal form. */
struct nref {
	const struct cix_link_ref *r;
	const char *skey;
	uint64_t sh;			/* hash of skey */
	char init;
	const char *vol;
	const char *page;	/* page, else article number */
	const char *src;	/* source form, made on first use */
	int src_done;
	struct linker *L;
	long pnum;
	uint32_t vh, ph;	/* hashes of vol and page */
};

/*
 * The reference's source in source form: most references never need it
 * (no candidate gets that far), so it is made only when asked for.
 */
static const char *
ref_src(struct nref *n)
{
	if (!n->src_done) {
		n->src = srcform(&n->L->scratch, &n->L->tmp, n->r->f.source);
		n->src_done = 1;
	}
	return n->src;
}

static int
doi_compatible(const struct nref *n, const struct lrec *c)
{
	size_t i;

	if (n->r->f.ndois == 0 || c->doi == NULL)
		return 1;
	for (i = 0; i < n->r->f.ndois; i++)
		if (strcmp(n->r->f.dois[i], c->doi) == 0)
			return 1;
	return 0;
}

static double
rec_src_sim(struct nref *n, const struct lrec *c)
{
	const char *src = ref_src(n);
	double best = -1, v;

	if (src == NULL)
		return -1;
	if ((v = src_sim(src, c->so)) > best)
		best = v;
	if ((v = src_sim(src, c->j9)) > best)
		best = v;
	if ((v = src_sim(src, c->ji)) > best)
		best = v;
	return best;
}

static int
page_eq(const struct nref *n, const struct lrec *c)
{
	if (n->page == NULL)
		return 0;
	return (c->ph == n->ph && strcmp(n->page, c->page) == 0) ||
	    (c->ah == n->ph && strcmp(n->page, c->artno) == 0);
}

/* Does surname a stand for b: equal, or one inside the other (at least
 * four letters: "LADSONBILLINGS" and "BILLINGS", "HOSSEINPOUR" and
 * "POUR", "CASTROJUAN" and "CASTRO")? */
static int
name_overlap(const char *a, const char *b)
{
	size_t la, lb;

	if (a == NULL || b == NULL)
		return 0;
	la = strlen(a);
	lb = strlen(b);
	if (la < lb)
		return lb >= 4 && la >= 4 && strstr(b, a) != NULL;
	return la >= 4 && lb >= 4 && strstr(a, b) != NULL;
}

static int
same_name(const struct nref *n, const struct lrec *c)
{
	/* By the 64-bit hashes of the key forms alone: comparing the
	 * strings too cost 8% of a link pass, in cache misses on them, and
	 * two of a million surnames share a hash with odds of about one in
	 * thirty million. */
	return n->skey != NULL && (n->sh == c->sh || (c->sh2 != 0 &&
	    n->sh == c->sh2));
}

/*
 * How strongly candidate c agrees with n beyond surname and year;
 * -1 when something rules it out.  A different volume, a different first
 * page (unless the cited page lies inside the article) or DOIs that
 * differ rule a candidate out; a year one off needs volume and page to
 * agree, two or three off (early access, online-first) also a source
 * that agrees.
 */
static int
evidence(struct nref *n, const struct lrec *c, int fuzzy)
{
	int e = 0, veq = 0, peq = 0, pin = 0, yd;
	double sim;

	if (n->init && c->init && n->init != c->init && c->skey2 == NULL)
		return -1;
	if (!doi_compatible(n, c))
		return -1;
	yd = abs(n->r->f.year - c->year);
	if (yd > 3)
		return -1;
	if (n->vol && c->vol) {
		if (n->vh != c->vh || strcmp(n->vol, c->vol) != 0)
			return -1;
		veq = 1;
	}
	if (n->page && (c->page || c->artno)) {
		peq = page_eq(n, c);
		if (!peq && c->page != NULL) {
			/* A cited page inside the article's range. */
			if (n->pnum >= 0 && c->bp >= 0 && c->ep >= c->bp &&
			    n->pnum > c->bp && n->pnum <= c->ep)
				pin = 1;
			else
				return -1;
		}
		/* Only an article number on the record: a "P1" in the
		 * reference says nothing either way. */
	}
	sim = rec_src_sim(n, c);
	if (sim >= 0 && sim < (fuzzy ? 0.6 : 0.5))
		return -1;
	if (yd == 1 && !(veq && (peq || pin)))
		return -1;
	if (yd > 1 && !(veq && peq && sim >= 0.8))
		return -1;
	e = veq * 3 + peq * 3 + pin + (sim >= 0.9 ? 2 : sim >= 0.6 ? 1 : 0) +
	    (n->init && n->init == c->init) - yd * 2;
	if (fuzzy && !veq && !peq && !pin && sim < 0.9)
		return -1;
	return e < 0 ? 0 : e;
}

static int
set_link(struct linker *L, const struct cix_link_ref *r, int64_t id,
    int method, double conf)
{
	struct lop *o;

	if (L->ck == NULL)
		return cix_store_link_set(L->s, r->citing_id, r->pos, id,
		    method, conf, L->err);
	o = &L->ck->ops[L->ck->nops++];
	o->cited_work = 0;
	o->citing = r->citing_id;
	o->pos = r->pos;
	o->cited = id;
	o->method = method;
	o->conf = conf;
	return 0;
}

/* A new cited-only work, numbered here. */
static int
new_cited(struct linker *L, const struct cix_citedref *f, const char *au_key,
    const char *key, int64_t *id)
{
	struct lop *o;

	*id = L->next_id++;
	if (L->ck == NULL)
		return cix_store_link_new_cited(L->s, f, au_key, key, *id,
		    L->err);
	o = &L->ck->ops[L->ck->nops++];
	o->cited_work = 1;
	o->cited = *id;
	o->f = f;
	o->au_key = au_key ? cix_arena_strdup(&L->ck->arena, au_key) : NULL;
	o->key = cix_arena_strdup(&L->ck->arena, key);
	if ((au_key && o->au_key == NULL) || o->key == NULL)
		return cix_error_set(L->err, CIX_ENOMEM, "out of memory");
	return 0;
}

/*
 * The best of the candidates on the chains heads[0..nheads); -1 if there
 * is none or the runner-up is nearly as good (no guessing between two
 * papers of one author in one year).
 */
struct chain {
	const struct mmap *m;
	int32_t head;
};

static int32_t
best_of(struct linker *L, struct nref *n, const struct chain *ch,
    size_t nch, int fuzzy, int *ev)
{
	const struct mmap *m;
	int32_t best = -1, node;
	int bev = -1, second = -1, e;
	size_t k;

	for (k = 0; k < nch; k++)
	for (m = ch[k].m, node = ch[k].head; node >= 0;
	    node = m->nodes[node].next) {
		const struct lrec *c = &L->recs[m->nodes[node].val];

		if (!same_name(n, c) || c->id == n->r->citing_id)
			continue;
		if ((e = evidence(n, c, fuzzy)) < 0)
			continue;
		if (best >= 0 && L->recs[best].id == c->id)
			continue;
		if (e > bev) {
			second = bev;
			bev = e;
			best = m->nodes[node].val;
		} else if (e > second) {
			second = e;
		}
	}
	*ev = bev;
	if (best < 0 || (second >= 0 && second >= bev - 1))
		return -1;
	return best;
}

static int32_t
venue(struct linker *L, struct nref *n)
{
	struct mmap *m = n->r->f.ndois ? &L->nd_venue : &L->by_venue;
	int32_t h, node, found = -1;
	int y;

	for (y = n->r->f.year - 1; y <= n->r->f.year + 1; y++) {
		h = mmap_get(m, h_venue(y, n->vol, n->page));
		for (node = h; node >= 0; node = m->nodes[node].next) {
			const struct lrec *c = &L->recs[m->nodes[node].val];

			if (c->id == n->r->citing_id || c->year != y ||
			    c->vol == NULL ||
			    strcmp(c->vol, n->vol) != 0 || !page_eq(n, c) ||
			    !doi_compatible(n, c) || rec_src_sim(n, c) < 0.8)
				continue;
			if (n->skey != NULL && !same_name(n, c) &&
			    !name_overlap(n->skey, c->skey) &&
			    !name_overlap(n->skey, c->skey2))
				continue;
			if (found >= 0 && L->recs[found].id != c->id)
				return -1;	/* two works: don't guess */
			found = m->nodes[node].val;
		}
	}
	return found;
}

/*
 * The exact key of an outside work: surname, year, volume and first page
 * (or article number); "" when the reference lacks one of them.
 */
static void
outside_key(struct cix_buf *k, const char *skey, int year, const char *vol,
    const char *page)
{
	char y[16];
	int n = 0;

	cix_buf_reset(k);
	if (skey == NULL || year <= 0 || vol == NULL || page == NULL)
		return;
	/* "K|skey|year|vol|page", without printf: this is made for
	 * every reference that reaches the outside works. */
	do
		y[sizeof(y) - 1 - n++] = (char)('0' + year % 10);
	while ((year /= 10) > 0 && n < (int)sizeof(y));
	cix_buf_adds(k, "K|");
	cix_buf_adds(k, skey);
	cix_buf_addch(k, '|');
	cix_buf_add(k, y + sizeof(y) - n, (size_t)n);
	cix_buf_addch(k, '|');
	cix_buf_adds(k, vol);
	cix_buf_addch(k, '|');
	cix_buf_adds(k, page);
}

/* Let key (if not taken) and every DOI of f find cited work ci; the DOI
 * numbered known (if any) was just found to lead there already. */
static int
remember(struct linker *L, int32_t ci, const struct cix_citedref *f,
    const char *key, size_t known)
{
	size_t i;

	for (i = 0; i < f->ndois; i++)
		if (i != known &&
		    cited_get(L, &L->cited_doi, h_doi(f->dois[i])) < 0 &&
		    mmap_set(&L->cited_doi, h_doi(f->dois[i]), ci) < 0)
			return cix_error_set(L->err, CIX_ENOMEM,
			    "out of memory");
	if (key != NULL && *key != '\0' &&
	    cited_get(L, &L->cited_key, h_ref_key(key)) < 0 &&
	    mmap_set(&L->cited_key, h_ref_key(key), ci) < 0)
		return cix_error_set(L->err, CIX_ENOMEM, "out of memory");
	return 0;
}

/*
 * An outside work: the cited-only work every reference to it shares.  It
 * is found by any DOI of the reference, then by the exact key (so that
 * references with and without the DOI meet), then, for references
 * without volume and page, by surname, year and source; anonymous ones
 * by year and source; the rest by the string itself.  Returns 1 linked,
 * 0 nothing to go on, < 0 error.
 */
static int
cited_link(struct linker *L, struct nref *n)
{
	const struct cix_link_ref *r = n->r;
	struct cix_buf *k = &L->tmp;
	const char *src;
	char *kkey, *key;
	int64_t id;
	int32_t ci = -1;
	size_t i, known = (size_t)-1;
	double conf = 1.0;
	int rc;

	outside_key(k, n->skey, r->f.year, n->vol, n->page);
	if ((kkey = cix_arena_strndup(&L->scratch, k->p, k->len)) == NULL)
		return cix_error_set(L->err, CIX_ENOMEM, "out of memory");
	for (i = 0; i < r->f.ndois && ci < 0; i++)
		if ((ci = cited_get(L, &L->cited_doi,
		    h_doi(r->f.dois[i]))) >= 0)
			known = i;
	if (ci < 0 && *kkey != '\0' &&
	    (ci = cited_get(L, &L->cited_key, h_ref_key(kkey))) >= 0)
		conf = 0.9;
	/* The key a new work is filed under.  (The source form is made
	 * first: it uses the buffer the key is built in.) */
	src = r->f.ndois == 0 && *kkey == '\0' ? ref_src(n) : NULL;
	cix_buf_reset(k);
	if (r->f.ndois > 0) {
		cix_buf_adds(k, "D|");
		cix_buf_adds(k, r->f.dois[0]);
	} else if (*kkey != '\0') {
		cix_buf_adds(k, kkey);
		conf = 0.9;
	} else if (n->skey && r->f.year && src) {
		/* Weaker: the first initial keeps two authors of one
		 * surname apart (two theses of one university and year). */
		cix_buf_addf(k, "S|%s|%c|%d|%s|%s", n->skey, n->init ?
		    n->init : '-', r->f.year, src, n->vol ? n->vol : "");
		conf = 0.8;
	} else if (r->f.kind == CIX_REF_ANONYMOUS && r->f.year && src) {
		cix_buf_addf(k, "A|%d|%s", r->f.year, src);
		conf = 0.7;
	} else {
		/* Only the string itself identifies it. */
		cix_buf_adds(k, "R|");
		cix_keyform(k, r->raw, strlen(r->raw));
		if (k->len == 2)
			return 0;	/* nothing to go on: stays unlinked */
		conf = 0.5;
	}
	if ((key = cix_arena_strndup(&L->scratch, k->p, k->len)) == NULL)
		return cix_error_set(L->err, CIX_ENOMEM, "out of memory");
	if (ci < 0)
		ci = cited_get(L, &L->cited_key, h_ref_key(key));
	if (ci >= 0) {
		L->st->to_cited++;
		if ((rc = remember(L, ci, &r->f, kkey, known)) < 0 ||
		    (rc = set_link(L, r, L->cited[ci], CIX_LINK_CITED,
		    conf)) < 0)
			return rc;
		return 1;
	}
	if ((rc = new_cited(L, &r->f, n->skey, key, &id)) < 0)
		return rc;
	{
		struct cix_link_work w;

		memset(&w, 0, sizeof(w));
		w.id = id;
		w.doi = r->f.ndois ? r->f.dois[0] : NULL;
		w.ref_key = key;
		w.au_key = n->skey;
		w.year = r->f.year;
		if ((rc = add_cited(L, &w)) != 0 ||
		    (rc = remember(L, (int32_t)(L->ncited - 1), &r->f,
		    kkey, (size_t)-1)) < 0)
			return rc;
	}
	L->st->new_cited++;
	L->st->to_cited++;
	if ((rc = set_link(L, r, id, CIX_LINK_CITED, conf)) < 0)
		return rc;
	return 1;
}

static int
link_one(void *ctx, const struct cix_link_ref *r)
{
	struct linker *L = ctx;
	struct nref n;
	struct mmap *key, *block, *svp, *inc;
	int32_t h, node, found = -1, best;
	size_t i;
	int ev, nfound = 0, bev = -1, e, rc, self = 0;

	L->st->refs++;
	cix_arena_reset(&L->scratch);
	memset(&n, 0, sizeof(n));
	n.r = r;
	if (r->f.author != NULL && r->f.kind != CIX_REF_ANONYMOUS)
		n.skey = keyform(&L->scratch, &L->tmp, r->f.author);
	n.sh = n.skey ? hstr(CIX_FNV_INIT, n.skey) : 0;
	/* With a DOI that no record has, only records without a DOI can be
	 * the work it names. */
	key = r->f.ndois ? &L->nd_key : &L->by_key;
	block = r->f.ndois ? &L->nd_block : &L->by_block;
	svp = r->f.ndois ? &L->nd_svp : &L->by_svp;
	inc = r->f.ndois ? &L->nd_inc : &L->by_inc;
	if (r->f.initials != NULL && cix_isalpha((unsigned char)
	    r->f.initials[0]))
		n.init = (char)cix_toupper((unsigned char)r->f.initials[0]);
	n.vol = numform(&L->scratch, &L->tmp, r->f.volume);
	n.page = artform(&L->scratch, &L->tmp, r->f.page ? r->f.page :
	    r->f.artno);
	n.pnum = page_num(n.page);
	n.vh = h32(n.vol);
	n.ph = h32(n.page);
	n.L = L;

	/* 1. DOI */
	for (i = 0; i < r->f.ndois; i++) {
		h = mmap_get(&L->by_doi, h_doi(r->f.dois[i]));
		for (node = h; node >= 0; node = L->by_doi.nodes[node].next) {
			const struct lrec *c =
			    &L->recs[L->by_doi.nodes[node].val];

			if (strcmp(c->doi, r->f.dois[i]) != 0 ||
			    (found >= 0 && L->recs[found].id == c->id))
				continue;
			if (c->id == r->citing_id) {
				/* WoS lists some records among their own
				 * references: no self-loops in the graph. */
				self = 1;
				continue;
			}
			/* Several records with one DOI (WoS has wrong DIs):
			 * keep the one the other fields agree with. */
			e = 0;
			if (same_name(&n, c))
				e = 4 + (evidence(&n, c, 0) > 0 ?
				    evidence(&n, c, 0) : 0);
			if (r->f.year && c->year && abs(r->f.year - c->year) > 1)
				e -= 2;
			nfound++;
			if (e > bev) {
				bev = e;
				found = L->by_doi.nodes[node].val;
			}
		}
	}
	if (found >= 0) {
		L->st->by_doi++;
		return set_link(L, r, L->recs[found].id, CIX_LINK_DOI,
		    nfound == 1 ? 1.0 : 0.9);
	}
	if (self) {
		L->st->unlinked++;
		return 0;
	}

	if (n.skey != NULL && r->f.year > 0) {
		struct chain ch[8];
		size_t nh = 0;
		int y;

		/* 2. exact key, source-guarded */
		if (n.vol && n.page) {
			ch[0].m = key;
			ch[0].head = mmap_get(key, h_key(n.skey, r->f.year,
			    n.vol, n.page));
			if (ch[0].head >= 0 && (best = best_of(L, &n, ch, 1, 0,
			    &ev)) >= 0) {
				L->st->by_key++;
				return set_link(L, r, L->recs[best].id,
				    CIX_LINK_KEY, r->f.source ? 0.95 : 0.9);
			}
		}
		/* 3. guarded fuzzy, over the year and its neighbours: with
		 * volume and page, the records with both (any year, by
		 * surname and volume) and those lacking one (by year);
		 * without, every record of those years. */
		if (n.vol && n.page) {
			ch[nh].m = svp;
			if ((ch[nh].head = mmap_get(svp, h_svp(n.skey, n.vol,
			    ""))) >= 0)
				nh++;
		}
		{
			const struct mmap *bm = n.vol && n.page ? inc : block;
			const struct ymask *ym = n.vol && n.page ?
			    (r->f.ndois ? &L->ynd_inc : &L->y_inc) :
			    (r->f.ndois ? &L->ynd_block : &L->y_block);
			uint64_t hs = h_surname(n.skey);
			uint64_t years = ymask_get(ym, hs);

			for (y = r->f.year - 3; years != 0 &&
			    y <= r->f.year + 3; y++) {
				if (!((years >> (y & 63)) & 1))
					continue;
				ch[nh].m = bm;
				if ((ch[nh].head = mmap_get(bm, hint(hs, y))) >= 0)
					nh++;
			}
		}
		if (nh > 0 && (best = best_of(L, &n, ch, nh, 1, &ev)) >= 0) {
			L->st->by_fuzzy++;
			return set_link(L, r, L->recs[best].id, CIX_LINK_FUZZY,
			    ev >= 8 ? 0.9 : 0.5 + 0.05 * ev);
		}
	}

	/* 3b. the venue: year, volume and first page in a source that agrees,
	 * for references whose author is missing or spelt otherwise. */
	if (r->f.year > 0 && n.vol && n.page && r->f.source &&
	    (best = venue(L, &n)) >= 0) {
		L->st->by_fuzzy++;
		return set_link(L, r, L->recs[best].id, CIX_LINK_FUZZY, 0.75);
	}

	/* 4. an outside work */
	if ((rc = cited_link(L, &n)) < 0)
		return rc;
	if (rc == 0)
		L->st->unlinked++;
	return 0;
}

/*
 * A new or changed record may be what a cited-only work stood for.  With
 * the same DOI, the work's references move to the record at once.  The
 * cited-only works of the same surname within a year are released: their
 * links go and their citing works are queued, so that the cascade looks
 * at those references again with the record in the index (most go back
 * to an outside work; the ones that name the record now find it).
 */
static int
absorb(void *ctx, const struct cix_link_work *w)
{
	struct linker *L = ctx;
	const char *keys[2];
	int32_t h, node, ci;
	size_t k;
	int rc, y;

	if (w->doi && (ci = cited_get(L, &L->cited_doi, h_doi(w->doi))) >= 0 &&
	    L->cited[ci] != w->id) {
		if ((rc = cix_store_link_absorb(L->s, L->cited[ci], w->id,
		    CIX_LINK_DOI, 1.0, L->err)) < 0)
			return rc;
		L->cited[ci] = 0;
		L->st->absorbed++;
	}
	if (w->year == 0)
		return 0;
	cix_arena_reset(&L->scratch);
	keys[0] = w->au_key;
	keys[1] = NULL;
	if (w->au_abbrev != NULL) {
		const char *c = strchr(w->au_abbrev, ',');
		char *t = cix_arena_strndup(&L->scratch, w->au_abbrev, c ?
		    (size_t)(c - w->au_abbrev) : strlen(w->au_abbrev));

		keys[1] = keyform(&L->scratch, &L->tmp, t);
		if (keys[0] && keys[1] && strcmp(keys[0], keys[1]) == 0)
			keys[1] = NULL;
	}
	for (k = 0; k < 2; k++) {
		if (keys[k] == NULL)
			continue;
		for (y = w->year - 1; y <= w->year + 1; y++) {
			h = mmap_get(&L->cited_block, h_block(keys[k], y));
			for (node = h; node >= 0;
			    node = L->cited_block.nodes[node].next) {
				ci = L->cited_block.nodes[node].val;
				if (L->cited[ci] == 0 || L->cited[ci] == w->id)
					continue;
				if (push_release(L, L->cited[ci]) < 0)
					return cix_error_set(L->err, CIX_ENOMEM,
					    "out of memory");
				L->cited[ci] = 0;
			}
		}
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/*
 * The metrics of the graph, from one scan of the links: LCS (distinct
 * citing records per work), LCR (a record's references to records) and
 * PageRank (citing -> cited, damping 0.85, dangling mass spread evenly).
 * Arrays are indexed by work id.
 */

struct scan {
	uint64_t *pairs;	/* (cited << 32) | citing */
	size_t n, alloc;
	uint32_t *lcr;
	const unsigned char *rec;	/* bitmap: kind-0 records */
	int64_t max;
};

static int
is_rec(const struct scan *sc, int64_t id)
{
	return id >= 0 && id <= sc->max &&
	    (sc->rec[id >> 3] & (1u << (id & 7)));
}

static int
mark_record(void *ctx, int64_t id)
{
	struct scan *sc = ctx;

	if (id >= 0 && id <= sc->max)
		((unsigned char *)sc->rec)[id >> 3] |= 1u << (id & 7);
	return 0;
}

static int
scan_edge(void *ctx, int64_t citing, int64_t cited)
{
	struct scan *sc = ctx;

	if (citing <= 0 || cited <= 0 || citing > sc->max || cited > sc->max)
		return 0;
	if (is_rec(sc, citing) && is_rec(sc, cited))
		sc->lcr[citing]++;
	if (sc->n == sc->alloc) {
		size_t na = sc->alloc ? sc->alloc * 2 : 1 << 16;
		uint64_t *p = realloc(sc->pairs, na * sizeof(*p));

		if (p == NULL)
			return CIX_ENOMEM;
		sc->pairs = p;
		sc->alloc = na;
	}
	sc->pairs[sc->n++] = ((uint64_t)cited << 32) | (uint64_t)citing;
	return 0;
}

static int
cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/*
 * Sort a[0..n) in place (tmp holds n more): least significant 16 bits
 * first, a pass skipped when every key has the same digit there.  The
 * ids of a large index make qsort() the slow part of the metrics.
 */
static void
radix_u64(uint64_t *a, uint64_t *tmp, size_t n)
{
	static const size_t R = 1 << 16;
	size_t *count, i, shift, sum, c;
	uint64_t *src = a, *dst = tmp, *t;

	if ((count = malloc(R * sizeof(*count))) == NULL) {
		qsort(a, n, sizeof(*a), cmp_u64);
		return;
	}
	for (shift = 0; shift < 64; shift += 16) {
		memset(count, 0, R * sizeof(*count));
		for (i = 0; i < n; i++)
			count[(src[i] >> shift) & (R - 1)]++;
		if (count[(src[0] >> shift) & (R - 1)] == n)
			continue;	/* one digit: already in order */
		for (i = sum = 0; i < R; i++) {
			c = count[i];
			count[i] = sum;
			sum += c;
		}
		for (i = 0; i < n; i++)
			dst[count[(src[i] >> shift) & (R - 1)]++] = src[i];
		t = src;
		src = dst;
		dst = t;
	}
	if (src != a)
		memcpy(a, src, n * sizeof(*a));
	free(count);
}

/*
 * The works cited by at least CITERS_MIN works get their citers packed
 * (cited_citers): below it, reading the rows costs about what reading
 * the list does.
 */
#define CITERS_MIN 64

/* The metrics of one pass: what is read, then what is computed. */
struct metrics {
	struct scan sc;
	size_t nm;		/* works with a row */
	int64_t *ids;
	uint32_t *lcs, *lcr;
	double *pr;		/* -1: not in the graph */
	/* cited_citers: nc works, their lists in buf */
	size_t nc, nc_alloc;
	int64_t *c_ids;
	uint32_t *c_n;
	size_t *c_off;		/* nc + 1 */
	struct cix_buf buf;
	int rc;			/* of metrics_compute() */
};

/* The citers pairs[lo..hi) (one cited work, citing ascending) packed
 * as store_schema.h (version 6) says. */
static int
pack_citers(struct metrics *M, uint32_t cited, size_t lo, size_t hi)
{
	uint32_t prev = 0, d, *b;
	int64_t *a;
	size_t i, na, *c;

	if (M->nc + 1 >= M->nc_alloc) {
		na = M->nc_alloc ? M->nc_alloc * 2 : 1024;
		a = realloc(M->c_ids, na * sizeof(*a));
		b = a ? realloc(M->c_n, na * sizeof(*b)) : NULL;
		c = b ? realloc(M->c_off, na * sizeof(*c)) : NULL;
		if (a != NULL)
			M->c_ids = a;
		if (b != NULL)
			M->c_n = b;
		if (c == NULL)
			return CIX_ENOMEM;
		M->c_off = c;
		M->nc_alloc = na;
	}
	M->c_ids[M->nc] = cited;
	M->c_n[M->nc] = (uint32_t)(hi - lo);
	M->c_off[M->nc] = M->buf.len;
	for (i = lo; i < hi; i++) {
		uint32_t citing = (uint32_t)M->sc.pairs[i];

		for (d = citing - prev; d >= 0x80; d >>= 7)
			if (cix_buf_addch(&M->buf, (char)(d | 0x80)) < 0)
				return CIX_ENOMEM;
		if (cix_buf_addch(&M->buf, (char)d) < 0)
			return CIX_ENOMEM;
		prev = citing;
	}
	M->nc++;
	M->c_off[M->nc] = M->buf.len;
	return CIX_OK;
}

static void
metrics_free(struct metrics *M)
{
	free((void *)M->sc.rec);
	free(M->sc.lcr);
	free(M->sc.pairs);
	free(M->ids);
	free(M->lcs);
	free(M->lcr);
	free(M->pr);
	free(M->c_ids);
	free(M->c_n);
	free(M->c_off);
	cix_buf_release(&M->buf);
	memset(M, 0, sizeof(*M));
}

/* The records and the edges, from the store. */
static int
metrics_read(struct cix_store *s, struct metrics *M, struct cix_error *err)
{
	struct scan *sc = &M->sc;
	int rc;

	if ((rc = cix_store_max_work_id(s, &sc->max, err)) < 0)
		return rc;
	if (sc->max >= (int64_t)UINT32_MAX)
		return cix_error_set(err, CIX_ELIMIT, "too many works for the"
		    " metrics (%lld)", (long long)sc->max);
	sc->rec = calloc((size_t)sc->max / 8 + 1, 1);
	sc->lcr = calloc((size_t)sc->max + 1, sizeof(*sc->lcr));
	if (sc->rec == NULL || sc->lcr == NULL)
		return cix_error_set(err, CIX_ENOMEM, "out of memory");
	if ((rc = cix_store_record_ids(s, mark_record, sc, err)) < 0 ||
	    (rc = cix_store_edges(s, scan_edge, sc, err)) < 0)
		return rc != CIX_ENOMEM ? rc :
		    cix_error_set(err, CIX_ENOMEM, "out of memory");
	return CIX_OK;
}

/* LCS, LCR and PageRank from what metrics_read() found; no store, so it
 * can run beside the index build of a bulk pass.  CIX_OK or CIX_ENOMEM. */
static int
metrics_compute(struct metrics *M)
{
	struct scan *sc = &M->sc;
	uint32_t *lcs = NULL, *outdeg = NULL, *start = NULL;
	unsigned char *ing = NULL;
	uint64_t *tmp = NULL;
	double *pr = NULL, *next = NULL;
	size_t i, j, k, it, nodes = 0, nm = 0;
	int64_t id;
	int rc = CIX_ENOMEM;

	lcs = calloc((size_t)sc->max + 1, sizeof(*lcs));
	outdeg = calloc((size_t)sc->max + 1, sizeof(*outdeg));
	start = calloc((size_t)sc->max + 2, sizeof(*start));
	ing = calloc((size_t)sc->max / 8 + 1, 1);
	tmp = malloc((sc->n ? sc->n : 1) * sizeof(*tmp));
	if (!lcs || !outdeg || !start || !ing || !tmp)
		goto out;
	/* Distinct pairs, grouped by cited work. */
	if (sc->n > 0)
		radix_u64(sc->pairs, tmp, sc->n);
	free(tmp);
	tmp = NULL;
	for (i = j = 0; i < sc->n; i++)
		if (j == 0 || sc->pairs[i] != sc->pairs[j - 1])
			sc->pairs[j++] = sc->pairs[i];
	sc->n = j;
	for (i = 0; i < sc->n; i++) {
		uint32_t cited = (uint32_t)(sc->pairs[i] >> 32);
		uint32_t citing = (uint32_t)sc->pairs[i];

		if (is_rec(sc, citing))
			lcs[cited]++;
		outdeg[citing]++;
		start[cited + 1]++;
		ing[cited >> 3] |= 1u << (cited & 7);
		ing[citing >> 3] |= 1u << (citing & 7);
	}
	for (id = 0; id <= sc->max; id++)
		start[id + 1] += start[id];
	for (id = 1; id <= sc->max; id++)
		if (start[id + 1] - start[id] >= CITERS_MIN &&
		    pack_citers(M, (uint32_t)id, start[id], start[id + 1]) < 0)
			goto out;
	/* The pairs are sorted by cited: their citing halves are the CSR
	 * adjacency (who cites each work) as they stand. */
	for (id = 1; id <= sc->max; id++)
		nodes += (ing[id >> 3] >> (id & 7)) & 1;
	if ((pr = malloc(((size_t)sc->max + 1) * sizeof(*pr))) == NULL ||
	    (next = malloc(((size_t)sc->max + 1) * sizeof(*next))) == NULL)
		goto out;
	for (id = 0; id <= sc->max; id++)
		pr[id] = (ing[id >> 3] >> (id & 7)) & 1 ?
		    1.0 / (double)nodes : 0;
	for (it = 0; it < 100 && nodes > 0; it++) {
		double dangling = 0, delta = 0, base;

		for (id = 1; id <= sc->max; id++)
			if (outdeg[id] == 0)
				dangling += pr[id];
		base = (0.15 + 0.85 * dangling) / (double)nodes;
		for (id = 1; id <= sc->max; id++) {
			double sum = 0;

			if (!((ing[id >> 3] >> (id & 7)) & 1)) {
				next[id] = 0;
				continue;
			}
			for (k = start[id]; k < start[id + 1]; k++) {
				uint32_t c = (uint32_t)sc->pairs[k];

				sum += pr[c] / (double)outdeg[c];
			}
			next[id] = base + 0.85 * sum;
			delta += fabs(next[id] - pr[id]);
		}
		memcpy(pr, next, ((size_t)sc->max + 1) * sizeof(*pr));
		if (delta < 1e-10)
			break;
	}
	/* One row per work in the graph or with a count. */
	for (id = 1; id <= sc->max; id++)
		if (((ing[id >> 3] >> (id & 7)) & 1) || lcs[id] || sc->lcr[id])
			nm++;
	M->ids = malloc((nm ? nm : 1) * sizeof(*M->ids));
	M->lcs = malloc((nm ? nm : 1) * sizeof(*M->lcs));
	M->lcr = malloc((nm ? nm : 1) * sizeof(*M->lcr));
	M->pr = malloc((nm ? nm : 1) * sizeof(*M->pr));
	if (!M->ids || !M->lcs || !M->lcr || !M->pr)
		goto out;
	for (id = 1, k = 0; id <= sc->max; id++) {
		int g = (ing[id >> 3] >> (id & 7)) & 1;

		if (!g && !lcs[id] && !sc->lcr[id])
			continue;
		M->ids[k] = id;
		M->lcs[k] = lcs[id];
		M->lcr[k] = sc->lcr[id];
		M->pr[k] = g ? pr[id] : -1;
		k++;
	}
	M->nm = nm;
	rc = CIX_OK;
out:
	free(tmp);
	free(lcs);
	free(outdeg);
	free(start);
	free(ing);
	free(pr);
	free(next);
	return rc;
}

static void *
metrics_thread(void *arg)
{
	struct metrics *M = arg;

	M->rc = metrics_compute(M);
	return NULL;
}

/*
 * The metrics, then (bulk) the two indexes the pass went without.  The
 * computing needs only what was read, so it runs in a second thread
 * while this one builds the indexes: on two cores that hides most of it.
 */
static int
metrics_and_indexes(struct cix_store *s, int bulk, struct cix_error *err)
{
	struct metrics M;
	pthread_t th;
	int rc, threaded = 0;

	memset(&M, 0, sizeof(M));
	cix_buf_init(&M.buf, 0);
	if ((rc = metrics_read(s, &M, err)) < 0)
		goto out;
	if (bulk && pthread_create(&th, NULL, metrics_thread, &M) == 0)
		threaded = 1;
	else
		M.rc = metrics_compute(&M);
	if (bulk)
		rc = cix_store_link_bulk_end(s, err);
	if (threaded)
		pthread_join(th, NULL);
	if (rc < 0)
		goto out;
	if (M.rc < 0) {
		rc = cix_error_set(err, M.rc, "out of memory");
		goto out;
	}
	if ((rc = cix_store_set_metrics(s, M.nm, M.ids, M.lcs, M.lcr, M.pr,
	    err)) == CIX_OK)
		rc = cix_store_set_citers(s, M.nc, M.c_ids, M.c_n, M.c_off,
		    (const unsigned char *)M.buf.p, err);
out:
	metrics_free(&M);
	return rc;
}

/* ------------------------------------------------------------------ */
/* The two threads of the reference pass (see struct chunk). */

struct pipe {
	pthread_mutex_t mu;
	pthread_cond_t cv;		/* either queue changed */
	struct chunk *todo, *todo_tail;	/* to the matcher */
	struct chunk *done, *done_tail;	/* back from it, in order */
	int eof;			/* no more chunks will come */
	int stop;			/* the caller failed: stop */
	/* the caller's thread only */
	struct linker *L;
	struct cix_error *err;
	struct chunk *free;
	struct chunk *cur;		/* being filled */
	size_t inflight;		/* with the matcher */
	struct chunk *all;
};

static void *
matcher(void *arg)
{
	struct pipe *p = arg;
	struct linker *L = p->L;
	struct chunk *c;
	size_t i;

	for (;;) {
		pthread_mutex_lock(&p->mu);
		while (p->todo == NULL && !p->eof && !p->stop)
			pthread_cond_wait(&p->cv, &p->mu);
		if (p->stop || p->todo == NULL) {
			pthread_mutex_unlock(&p->mu);
			return NULL;
		}
		c = p->todo;
		if ((p->todo = c->next) == NULL)
			p->todo_tail = NULL;
		pthread_mutex_unlock(&p->mu);

		c->nops = 0;
		c->rc = 0;
		cix_error_clear(&c->err);
		L->ck = c;
		L->err = &c->err;
		for (i = 0; i < c->n && c->rc >= 0; i++)
			c->rc = link_one(L, &c->r[i]);
		L->ck = NULL;

		pthread_mutex_lock(&p->mu);
		c->next = NULL;
		if (p->done_tail != NULL)
			p->done_tail->next = c;
		else
			p->done = c;
		p->done_tail = c;
		pthread_cond_broadcast(&p->cv);
		pthread_mutex_unlock(&p->mu);
	}
}

/* Write what the matcher decided for chunk c; c goes back to the free
 * list. */
static int
apply(struct pipe *p, struct chunk *c)
{
	struct cix_store *s = p->L->s;
	size_t i;
	int rc = 0;

	p->inflight--;
	if (c->rc < 0) {
		*p->err = c->err;
		rc = c->rc;
	}
	for (i = 0; i < c->nops && rc >= 0; i++) {
		const struct lop *o = &c->ops[i];

		rc = o->cited_work ?
		    cix_store_link_new_cited(s, o->f, o->au_key, o->key,
		    o->cited, p->err) :
		    cix_store_link_set(s, o->citing, o->pos, o->cited,
		    o->method, o->conf, p->err);
	}
	c->n = 0;
	c->nops = 0;
	cix_arena_reset(&c->arena);
	c->next = p->free;
	p->free = c;
	return rc < 0 ? rc : 0;
}

/* Apply the chunks that came back; with wait, at least one. */
static int
drain(struct pipe *p, int wait)
{
	struct chunk *c, *next;
	int rc = 0;

	pthread_mutex_lock(&p->mu);
	while (wait && p->done == NULL)
		pthread_cond_wait(&p->cv, &p->mu);
	c = p->done;
	p->done = p->done_tail = NULL;
	pthread_mutex_unlock(&p->mu);
	for (; c != NULL; c = next) {
		next = c->next;
		if (rc == 0)
			rc = apply(p, c);
		else
			p->inflight--;	/* failed: dropped */
	}
	return rc;
}

static void
submit(struct pipe *p, struct chunk *c)
{
	pthread_mutex_lock(&p->mu);
	c->next = NULL;
	if (p->todo_tail != NULL)
		p->todo_tail->next = c;
	else
		p->todo = c;
	p->todo_tail = c;
	p->inflight++;
	pthread_cond_broadcast(&p->cv);
	pthread_mutex_unlock(&p->mu);
}

static const char *
cdup(struct cix_arena *a, const char *s, int *oom)
{
	char *d;

	if (s == NULL)
		return NULL;
	if ((d = cix_arena_strdup(a, s)) == NULL)
		*oom = 1;
	return d;
}

/* cix_store_link_refs() callback: a reference into the current chunk. */
static int
feed(void *ctx, const struct cix_link_ref *r)
{
	struct pipe *p = ctx;
	struct cix_link_ref *d;
	struct cix_arena *a;
	size_t i;
	int rc, oom = 0;

	while (p->cur == NULL) {
		if (p->free != NULL) {
			p->cur = p->free;
			p->free = p->cur->next;
		} else if ((rc = drain(p, 1)) < 0) {
			return rc;
		}
	}
	a = &p->cur->arena;
	d = &p->cur->r[p->cur->n];
	*d = *r;
	d->raw = cdup(a, r->raw, &oom);
	d->f.author = cdup(a, r->f.author, &oom);
	d->f.initials = cdup(a, r->f.initials, &oom);
	d->f.source = cdup(a, r->f.source, &oom);
	d->f.title = cdup(a, r->f.title, &oom);
	d->f.volume = cdup(a, r->f.volume, &oom);
	d->f.issue = cdup(a, r->f.issue, &oom);
	d->f.page = cdup(a, r->f.page, &oom);
	d->f.artno = cdup(a, r->f.artno, &oom);
	for (i = 0; i < r->f.ndois; i++)
		d->f.dois[i] = cdup(a, r->f.dois[i], &oom);
	if (oom)
		return cix_error_set(p->err, CIX_ENOMEM, "out of memory");
	if (++p->cur->n < CHUNK_REFS)
		return 0;
	/* A chunk full: hand it over, and write what came back meanwhile
	 * (not at every reference: each look takes the lock). */
	submit(p, p->cur);
	p->cur = NULL;
	return drain(p, 0);
}

/*
 * The reference pass: in two threads, or in this one when the pass is
 * small or no thread can be started.
 */
static int
link_refs(struct linker *L, int threads, struct cix_error *err)
{
	struct pipe p;
	pthread_t th;
	size_t i;
	int rc;

	if (!threads)
		return cix_store_link_refs(L->s, link_one, L, err);
	memset(&p, 0, sizeof(p));
	p.L = L;
	p.err = err;
	if ((p.all = calloc(CHUNKS, sizeof(*p.all))) == NULL)
		return cix_store_link_refs(L->s, link_one, L, err);
	for (i = 0; i < CHUNKS; i++) {
		cix_arena_init(&p.all[i].arena, 0);
		p.all[i].next = p.free;
		p.free = &p.all[i];
	}
	pthread_mutex_init(&p.mu, NULL);
	pthread_cond_init(&p.cv, NULL);
	if (pthread_create(&th, NULL, matcher, &p) != 0) {
		rc = cix_store_link_refs(L->s, link_one, L, err);
		goto out;
	}
	rc = cix_store_link_refs(L->s, feed, &p, err);
	if (rc >= 0 && p.cur != NULL && p.cur->n > 0) {
		submit(&p, p.cur);
		p.cur = NULL;
	}
	pthread_mutex_lock(&p.mu);
	if (rc < 0)
		p.stop = 1;
	p.eof = 1;
	pthread_cond_broadcast(&p.cv);
	pthread_mutex_unlock(&p.mu);
	while (rc >= 0 && p.inflight > 0)
		rc = drain(&p, 1);
	if (rc < 0) {
		pthread_mutex_lock(&p.mu);
		p.stop = 1;
		pthread_cond_broadcast(&p.cv);
		pthread_mutex_unlock(&p.mu);
	}
	pthread_join(th, NULL);
	L->err = err;
out:
	pthread_cond_destroy(&p.cv);
	pthread_mutex_destroy(&p.mu);
	for (i = 0; i < CHUNKS; i++)
		cix_arena_release(&p.all[i].arena);
	free(p.all);
	return rc;
}

/* ------------------------------------------------------------------ */

static void
linker_free(struct linker *L)
{
	cix_arena_release(&L->arena);
	cix_arena_release(&L->scratch);
	cix_buf_release(&L->tmp);
	free(L->recs);
	free(L->cited);
	mmap_free(&L->by_doi);
	mmap_free(&L->by_key);
	mmap_free(&L->by_block);
	mmap_free(&L->by_venue);
	mmap_free(&L->by_svp);
	mmap_free(&L->by_inc);
	mmap_free(&L->nd_key);
	mmap_free(&L->nd_block);
	mmap_free(&L->nd_venue);
	mmap_free(&L->nd_svp);
	mmap_free(&L->nd_inc);
	ymask_free(&L->y_block);
	ymask_free(&L->y_inc);
	ymask_free(&L->ynd_block);
	ymask_free(&L->ynd_inc);
	mmap_free(&L->cited_doi);
	mmap_free(&L->cited_key);
	mmap_free(&L->cited_block);
	free(L->release);
}

int
cix_link_run(struct cix_store *s, struct cix_link_stats *st,
    struct cix_error *err)
{
	struct linker L;
	struct timespec t0, t1;
	int64_t pending = 0, total = 0, max;
	size_t i;
	int rc, bulk;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	memset(st, 0, sizeof(*st));
	memset(&L, 0, sizeof(L));
	L.s = s;
	L.st = st;
	L.err = err;
	cix_arena_init(&L.arena, 0);
	cix_arena_init(&L.scratch, 0);
	cix_buf_init(&L.tmp, 1 << 20);
	L.by_doi.filtered = L.by_key.filtered = L.by_block.filtered = 1;
	L.by_venue.filtered = L.by_svp.filtered = L.by_inc.filtered = 1;
	L.nd_key.filtered = L.nd_block.filtered = L.nd_venue.filtered = 1;
	L.nd_svp.filtered = L.nd_inc.filtered = 1;

	if ((rc = cix_store_begin(s, err)) < 0)
		goto out;
	if ((rc = cix_store_link_batch_begin(s, err)) < 0 ||
	    (rc = cix_store_link_pending(s, &pending, &total, err)) < 0 ||
	    (rc = cix_store_link_works(s, 0, add_record, &L, err)) < 0 ||
	    (rc = cix_store_link_works(s, 1, add_cited, &L, err)) < 0 ||
	    (rc = cix_store_link_dirty(s, absorb, &L, err)) < 0)
		goto fail;
	for (i = 0; i < L.nrelease; i++) {
		if ((rc = cix_store_link_release(s, L.release[i], err)) < 0)
			goto fail;
		st->released++;
	}
	/* Linking most of a large index: rebuild two indexes afterwards
	 * rather than feed them millions of keys in random order. */
	bulk = pending > 1000 && pending * 4 > total;
	if ((rc = cix_store_max_work_id(s, &max, err)) < 0)
		goto fail;
	L.next_id = max + 1;
	if ((bulk && (rc = cix_store_link_bulk_begin(s, err)) < 0) ||
	    (rc = link_refs(&L, pending >= 64, err)) < 0 ||
	    (rc = cix_store_link_flush(s, err)) < 0 ||
	    (rc = cix_store_link_done(s, err)) < 0 ||
	    (rc = metrics_and_indexes(s, bulk, err)) < 0)
		goto fail;
	rc = cix_store_commit(s, err);
	goto out;
fail:
	cix_store_rollback(s);
out:
	linker_free(&L);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	st->seconds = (double)(t1.tv_sec - t0.tv_sec) +
	    (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	return rc;
}

int
cix_link_reset(struct cix_store *s, struct cix_error *err)
{
	int rc;

	if ((rc = cix_store_begin(s, err)) < 0)
		return rc;
	if ((rc = cix_store_link_reset(s, err)) < 0) {
		cix_store_rollback(s);
		return rc;
	}
	return cix_store_commit(s, err);
}
