#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "record.h"
#include "util.h"
#include "banned.h"

/* The largest record we accept: bounded memory whatever the input. */
#define RECORD_ARENA_CAP (256u * 1024 * 1024)

void
cix_record_init(struct cix_record *r)
{
	memset(r, 0, sizeof(*r));
	cix_arena_init(&r->arena, RECORD_ARENA_CAP);
	r->times_cited = -1;
	r->times_cited_all = -1;
	r->nr = -1;
}

void
cix_record_reset(struct cix_record *r)
{
	struct cix_arena arena = r->arena;
	struct cix_author *authors = r->authors;
	struct cix_affil *affils = r->affils;
	struct cix_author_affil *aa = r->aa;
	struct cix_ref *refs = r->refs;
	struct cix_tag *extra = r->extra;
	struct cix_strlist kwa = r->kw_author, kwp = r->kw_plus;
	size_t a1 = r->authors_alloc, a2 = r->affils_alloc, a3 = r->aa_alloc;
	size_t a4 = r->refs_alloc, a5 = r->extra_alloc;

	cix_arena_reset(&arena);
	memset(r, 0, sizeof(*r));
	r->arena = arena;
	r->authors = authors;
	r->authors_alloc = a1;
	r->affils = affils;
	r->affils_alloc = a2;
	r->aa = aa;
	r->aa_alloc = a3;
	r->refs = refs;
	r->refs_alloc = a4;
	r->extra = extra;
	r->extra_alloc = a5;
	r->kw_author.v = kwa.v;
	r->kw_author.alloc = kwa.alloc;
	r->kw_plus.v = kwp.v;
	r->kw_plus.alloc = kwp.alloc;
	r->times_cited = -1;
	r->times_cited_all = -1;
	r->nr = -1;
}

void
cix_record_release(struct cix_record *r)
{
	cix_arena_release(&r->arena);
	free(r->authors);
	free(r->affils);
	free(r->aa);
	free(r->refs);
	free(r->extra);
	free(r->kw_author.v);
	free(r->kw_plus.v);
	memset(r, 0, sizeof(*r));
}

/* Make room for one more element of size sz in *v (n used, *alloc). */
static int
grow(void **v, size_t n, size_t *alloc, size_t sz)
{
	size_t na;
	void *p;

	if (n < *alloc)
		return CIX_OK;
	na = *alloc ? *alloc * 2 : 8;
	if (na > SIZE_MAX / sz)
		return CIX_ENOMEM;
	p = realloc(*v, na * sz);
	if (p == NULL)
		return CIX_ENOMEM;
	*v = p;
	*alloc = na;
	return CIX_OK;
}

int
cix_record_str(struct cix_record *r, const char **out, const char *s,
    size_t len)
{
	char *p;

	if (len == 0) {
		*out = NULL;
		return CIX_OK;
	}
	p = cix_arena_strndup(&r->arena, s, len);
	if (p == NULL)
		return CIX_ENOMEM;
	*out = p;
	return CIX_OK;
}

int
cix_record_strclean(struct cix_record *r, const char **out, const char *s,
    size_t len)
{
	int oom = 0;

	*out = cix_arena_strclean(&r->arena, s, len, &oom);
	return oom ? CIX_ENOMEM : CIX_OK;
}

int
cix_record_add_author(struct cix_record *r, struct cix_author **out)
{
	struct cix_author *a;

	if (r->nauthors >= UINT32_MAX ||
	    grow((void **)&r->authors, r->nauthors, &r->authors_alloc,
	    sizeof(*r->authors)) < 0)
		return CIX_ENOMEM;
	a = &r->authors[r->nauthors++];
	memset(a, 0, sizeof(*a));
	*out = a;
	return CIX_OK;
}

int
cix_record_add_affil(struct cix_record *r, const char *address,
    const char *raw, size_t *index)
{
	struct cix_affil *f;
	const char *ad = NULL, *rw = NULL;

	if (address != NULL &&
	    cix_record_strclean(r, &ad, address, strlen(address)) < 0)
		return CIX_ENOMEM;
	if (raw != NULL && cix_record_str(r, &rw, raw, strlen(raw)) < 0)
		return CIX_ENOMEM;
	if (r->naffils >= UINT32_MAX ||
	    grow((void **)&r->affils, r->naffils, &r->affils_alloc,
	    sizeof(*r->affils)) < 0)
		return CIX_ENOMEM;
	f = &r->affils[r->naffils];
	f->address = ad;
	f->raw = rw;
	if (index != NULL)
		*index = r->naffils;
	r->naffils++;
	return CIX_OK;
}

int
cix_record_link_affil(struct cix_record *r, size_t author, size_t affil)
{
	size_t i;

	if (author >= r->nauthors || affil >= r->naffils)
		return CIX_EINVAL;
	for (i = 0; i < r->naa; i++)
		if (r->aa[i].author == author && r->aa[i].affil == affil)
			return CIX_OK;
	if (grow((void **)&r->aa, r->naa, &r->aa_alloc, sizeof(*r->aa)) < 0)
		return CIX_ENOMEM;
	r->aa[r->naa].author = (uint32_t)author;
	r->aa[r->naa].affil = (uint32_t)affil;
	r->naa++;
	return CIX_OK;
}

int
cix_record_add_str(struct cix_record *r, struct cix_strlist *l,
    const char *s, size_t len)
{
	const char *p;

	if (cix_record_strclean(r, &p, s, len) < 0)
		return CIX_ENOMEM;
	if (p == NULL)
		return CIX_OK;
	if (grow((void **)&l->v, l->n, &l->alloc, sizeof(*l->v)) < 0)
		return CIX_ENOMEM;
	l->v[l->n++] = p;
	return CIX_OK;
}

int
cix_record_add_ref(struct cix_record *r, const char *raw, size_t len,
    struct cix_ref **out)
{
	struct cix_ref *ref;
	const char *p;

	if (cix_record_strclean(r, &p, raw, len) < 0)
		return CIX_ENOMEM;
	if (p == NULL) {
		if (out != NULL)
			*out = NULL;
		return CIX_OK;
	}
	if (grow((void **)&r->refs, r->nrefs, &r->refs_alloc,
	    sizeof(*r->refs)) < 0)
		return CIX_ENOMEM;
	ref = &r->refs[r->nrefs++];
	memset(ref, 0, sizeof(*ref));
	ref->raw = p;
	if (out != NULL)
		*out = ref;
	return CIX_OK;
}

int
cix_record_add_extra(struct cix_record *r, const char *tag,
    const char *value, size_t len)
{
	struct cix_tag *t;
	const char *v;
	size_t tl = strlen(tag);

	if (tl >= sizeof(t->tag))
		return CIX_EINVAL;
	if (cix_record_str(r, &v, value, len) < 0)
		return CIX_ENOMEM;
	if (grow((void **)&r->extra, r->nextra, &r->extra_alloc,
	    sizeof(*r->extra)) < 0)
		return CIX_ENOMEM;
	t = &r->extra[r->nextra++];
	memcpy(t->tag, tag, tl + 1);
	t->value = v ? v : "";
	return CIX_OK;
}

size_t
cix_record_count_role(const struct cix_record *r, int role)
{
	size_t i, n = 0;

	for (i = 0; i < r->nauthors; i++)
		if (r->authors[i].role == role)
			n++;
	return n;
}

const struct cix_author *
cix_record_first_author(const struct cix_record *r)
{
	size_t i;

	for (i = 0; i < r->nauthors; i++)
		if (r->authors[i].role == CIX_ROLE_AUTHOR)
			return &r->authors[i];
	return r->nauthors ? &r->authors[0] : NULL;
}

void
cix_record_guess_type(struct cix_record *r)
{
	const char *pt = r->pubtype ? r->pubtype : "";
	const char *dt = r->doctype ? r->doctype : "";

	if (pt[0] == 'P') {
		r->type = CIX_TYPE_PATENT;
		return;
	}
	if (cix_strcasestr(dt, "proceedings paper") ||
	    cix_strcasestr(dt, "meeting"))
		r->type = CIX_TYPE_PAPER_CONF;
	else if (cix_strcasestr(dt, "book chapter"))
		r->type = CIX_TYPE_CHAPTER;
	else if (cix_strcasestr(dt, "review") &&
	    !cix_strcasestr(dt, "book review"))
		r->type = CIX_TYPE_REVIEW;
	else if (cix_strcasestr(dt, "editorial") ||
	    cix_strcasestr(dt, "letter") || cix_strcasestr(dt, "note") ||
	    cix_strcasestr(dt, "correction") ||
	    cix_strcasestr(dt, "book review"))
		r->type = CIX_TYPE_EDITORIAL;
	else if (cix_strcasestr(dt, "data paper") ||
	    cix_strcasestr(dt, "data set"))
		r->type = CIX_TYPE_DATASET;
	else if (pt[0] == 'B' && dt[0] == '\0')
		r->type = CIX_TYPE_BOOK;
	else if (cix_strcasestr(dt, "book"))
		r->type = CIX_TYPE_BOOK;
	else if (pt[0] == 'C')
		r->type = CIX_TYPE_PAPER_CONF;
	else if (pt[0] == 'J' || cix_strcasestr(dt, "article"))
		r->type = CIX_TYPE_ARTICLE;
	else if (pt[0] == 'B')
		r->type = CIX_TYPE_CHAPTER;
	else if (pt[0] == 'S')
		r->type = CIX_TYPE_ARTICLE;
	else
		r->type = CIX_TYPE_OTHER;
}

static uint64_t
hs(uint64_t h, const char *s)
{
	static const unsigned char nul = 0, sep = 0x1F;

	if (s == NULL)
		return cix_fnv1a(h, &nul, 1);
	h = cix_fnv1a(h, s, strlen(s));
	return cix_fnv1a(h, &sep, 1);
}

static uint64_t
hn(uint64_t h, long v)
{
	unsigned char b[8];
	int i;

	for (i = 0; i < 8; i++)
		b[i] = (unsigned char)((unsigned long)v >> (8 * i));
	return cix_fnv1a(h, b, sizeof(b));
}

uint64_t
cix_record_hash(const struct cix_record *r)
{
	const char *const s[] = {
		r->doi, r->ut, r->pmid, r->isbn, r->type, r->pubtype,
		r->doctype, r->title, r->title_markup, r->abstract,
		r->language, r->pubdate, r->early_access, r->source,
		r->source_abbrev, r->source_iso, r->series, r->volume,
		r->issue, r->part, r->supplement, r->special_issue,
		r->first_page, r->last_page, r->article_no, r->publisher,
		r->publisher_city, r->publisher_addr, r->issn, r->eissn,
		r->conference, r->conf_date, r->conf_place, r->url,
		r->license, r->subjects, r->research_areas, r->funding,
		r->funding_text, r->reprint, r->emails, r->export_date,
	};
	uint64_t h = CIX_FNV_INIT;
	size_t i;

	for (i = 0; i < sizeof(s) / sizeof(s[0]); i++)
		h = hs(h, s[i]);
	h = hn(h, r->year);
	h = hn(h, r->month);
	h = hn(h, r->day);
	h = hn(h, r->page_count);
	h = hn(h, r->times_cited);
	h = hn(h, r->times_cited_all);
	h = hn(h, r->nr);
	h = hn(h, (long)r->nauthors);
	for (i = 0; i < r->nauthors; i++) {
		const struct cix_author *a = &r->authors[i];

		h = hs(hs(hs(h, a->family), a->given), a->full);
		h = hs(hs(hs(h, a->abbrev), a->orcid), a->rid);
		h = hn(hn(h, a->corporate), a->role);
	}
	h = hn(h, (long)r->naffils);
	for (i = 0; i < r->naffils; i++)
		h = hs(hs(h, r->affils[i].address), r->affils[i].raw);
	h = hn(h, (long)r->naa);
	for (i = 0; i < r->naa; i++)
		h = hn(hn(h, (long)r->aa[i].author), (long)r->aa[i].affil);
	h = hn(h, (long)r->kw_author.n);
	for (i = 0; i < r->kw_author.n; i++)
		h = hs(h, r->kw_author.v[i]);
	h = hn(h, (long)r->kw_plus.n);
	for (i = 0; i < r->kw_plus.n; i++)
		h = hs(h, r->kw_plus.v[i]);
	/* References count by their raw strings: the parsed fields are
	 * derived from them (or, for structured sources, raw is built from
	 * the fields), and must not make a re-import look like a change
	 * when the parser improves. */
	h = hn(h, (long)r->nrefs);
	for (i = 0; i < r->nrefs; i++)
		h = hs(h, r->refs[i].raw);
	h = hn(h, (long)r->nextra);
	for (i = 0; i < r->nextra; i++)
		h = hs(hs(h, r->extra[i].tag), r->extra[i].value);
	return h;
}
