/*
 * export.c - the registry of exporters, selections, and the export loop
 * (see export.h).
 */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "citekey.h"
#include "export.h"
#include "export_int.h"
#include "graph.h"
#include "store.h"
#include "util.h"
#include "banned.h"

/* The registry: one line per format, in the order of --help. */
const struct cix_exporter *const cix_exporters[] = {
	&cix_export_bibtex,
	&cix_export_biblatex,
	&cix_export_ris,
	&cix_export_csljson,
	&cix_export_wos,
	&cix_export_graphml,
	&cix_export_gexf,
	&cix_export_dot,
	&cix_export_pajek,
	&cix_export_vosviewer,
	NULL
};

const struct cix_exporter *
cix_exporter_find(const char *name)
{
	size_t i;

	for (i = 0; cix_exporters[i] != NULL; i++)
		if (strcmp(cix_exporters[i]->name, name) == 0)
			return cix_exporters[i];
	return NULL;
}

const char *const cix_export_months[12] = {
	"jan", "feb", "mar", "apr", "may", "jun",
	"jul", "aug", "sep", "oct", "nov", "dec"
};

/* ------------------------------------------------------------------ */
/* Helpers for the exporters */

int
cix_export_pages(struct cix_buf *b, const struct cix_record *r,
    const char *dash)
{
	if (r->first_page != NULL) {
		if (r->last_page != NULL && strcmp(r->first_page,
		    r->last_page) != 0)
			return cix_buf_addf(b, "%s%s%s", r->first_page, dash,
			    r->last_page);
		return cix_buf_adds(b, r->first_page);
	}
	if (r->article_no != NULL)
		return cix_buf_adds(b, r->article_no);
	return CIX_OK;
}

int
cix_export_issn_ok(const char *s, size_t len)
{
	int d[8], n = 0, sum = 0, i, check;
	size_t k;

	for (k = 0; k < len; k++) {
		if (s[k] == '-' && n == 4)
			continue;
		if (n == 8)
			return 0;
		if (cix_isdigit((unsigned char)s[k]))
			d[n++] = s[k] - '0';
		else if (n == 7 && (s[k] == 'X' || s[k] == 'x'))
			d[n++] = 10;
		else
			return 0;
	}
	if (n != 8)
		return 0;
	for (i = 0; i < 7; i++)
		sum += d[i] * (8 - i);
	check = (11 - sum % 11) % 11;
	return check == d[7];
}

int
cix_export_isbn_ok(const char *s, size_t len)
{
	int d[13], n = 0, sum = 0, i;
	size_t k;

	for (k = 0; k < len; k++) {
		if (s[k] == '-' || s[k] == ' ')
			continue;
		if (n == 13)
			return 0;
		if (cix_isdigit((unsigned char)s[k]))
			d[n++] = s[k] - '0';
		else if (n == 9 && (s[k] == 'X' || s[k] == 'x'))
			d[n++] = 10;
		else
			return 0;
	}
	if (n == 10) {
		for (i = 0; i < 10; i++)
			sum += (i + 1) * d[i];
		return sum % 11 == 0;
	}
	if (n == 13) {
		for (i = 0; i < 13; i++) {
			if (d[i] == 10)
				return 0;
			sum += d[i] * (i % 2 ? 3 : 1);
		}
		return sum % 10 == 0;
	}
	return 0;
}

int
cix_export_first_isbn(struct cix_buf *b, const char *list)
{
	const char *p = list, *e;
	size_t n;

	while (p != NULL && *p != '\0') {
		e = strchr(p, ';');
		n = e ? (size_t)(e - p) : strlen(p);
		p = cix_trim(p, &n);
		if (n > 0 && cix_export_isbn_ok(p, n))
			return cix_buf_add(b, p, n);
		p = e ? e + 1 : NULL;
	}
	return CIX_OK;
}

int
cix_export_clean(struct cix_buf *b, const char *str, size_t len,
    int keep_nl)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0, n;
	uint32_t cp;
	int rc;

	while (i < len) {
		if (s[i] < 0x80) {
			if (s[i] == '\n' && keep_nl)
				rc = cix_buf_addch(b, '\n');
			else if (s[i] < 0x20 || s[i] == 0x7F)
				rc = cix_buf_addch(b, ' ');
			else
				rc = cix_buf_addch(b, s[i]);
			i++;
		} else if ((n = cix_utf8_seqlen(s + i, len - i)) == 0) {
			rc = cix_utf8_put(b, 0xFFFD);
			i++;
		} else {
			cp = cix_utf8_decode(s + i, n);
			/* C1 controls and non-characters XML refuses */
			if ((cp >= 0x80 && cp <= 0x9F) || cp == 0xFFFE ||
			    cp == 0xFFFF)
				rc = cix_buf_addch(b, ' ');
			else
				rc = cix_buf_add(b, s + i, n);
			i += n;
		}
		if (rc < 0)
			return rc;
	}
	return CIX_OK;
}

/* ------------------------------------------------------------------ */
/* Selections */

struct idset {
	int64_t *v;
	size_t n, alloc;
};

static int
idset_add(struct idset *s, int64_t id)
{
	int64_t *p;
	size_t na;

	if (s->n == s->alloc) {
		na = s->alloc ? s->alloc * 2 : 256;
		if ((p = realloc(s->v, na * sizeof(*p))) == NULL)
			return CIX_ENOMEM;
		s->v = p;
		s->alloc = na;
	}
	s->v[s->n++] = id;
	return 0;
}

static int
collect_id(void *ctx, int64_t id)
{
	return idset_add(ctx, id);
}

static int
collect_row(void *ctx, const struct cix_work_row *r)
{
	return r->id > 0 ? idset_add(ctx, r->id) : 0;
}

static int
cmp_id(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

static void
idset_sort(struct idset *s)
{
	size_t i, k = 0;

	if (s->n == 0)
		return;
	qsort(s->v, s->n, sizeof(*s->v), cmp_id);
	for (i = 1; i < s->n; i++)
		if (s->v[i] != s->v[k])
			s->v[++k] = s->v[i];
	s->n = k + 1;
}

static int
idset_has(const struct idset *s, int64_t id)
{
	return s->n > 0 && bsearch(&id, s->v, s->n, sizeof(*s->v),
	    cmp_id) != NULL;
}

/* a = a & b (both sorted). */
static void
idset_and(struct idset *a, const struct idset *b)
{
	size_t i, k = 0;

	for (i = 0; i < a->n; i++)
		if (idset_has(b, a->v[i]))
			a->v[k++] = a->v[i];
	a->n = k;
}

/*
 * One more condition of the selection: set becomes set & r, or r when it
 * is the first (r keeps the old buffer, for reuse).
 */
static void
narrow(struct idset *set, struct idset *r, int *have)
{
	idset_sort(r);
	if (*have) {
		idset_and(set, r);
	} else {
		struct idset t = *set;

		*set = *r;
		*r = t;
	}
	*have = 1;
}

struct selrow {
	int64_t id;
	int year;
	int kind;
	int64_t lcs;
};

struct selrows {
	struct selrow *v;
	size_t n, alloc;
};

static int
collect_selrow(void *ctx, const struct cix_work_row *r)
{
	struct selrows *s = ctx;
	struct selrow *p;
	size_t na;

	if (s->n == s->alloc) {
		na = s->alloc ? s->alloc * 2 : 256;
		if ((p = realloc(s->v, na * sizeof(*p))) == NULL)
			return CIX_ENOMEM;
		s->v = p;
		s->alloc = na;
	}
	s->v[s->n].id = r->id;
	s->v[s->n].year = r->year;
	s->v[s->n].kind = r->kind;
	s->v[s->n].lcs = r->lcs;
	s->n++;
	return 0;
}

/* Oldest first, works without a year last (as cix search). */
static int
cmp_year(const void *a, const void *b)
{
	const struct selrow *x = a, *y = b;

	if ((x->year == 0) != (y->year == 0))
		return x->year == 0 ? 1 : -1;
	if (x->year != y->year)
		return x->year < y->year ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

/* Most locally cited first (as cix top). */
static int
cmp_lcs(const void *a, const void *b)
{
	const struct selrow *x = a, *y = b;

	if (x->lcs != y->lcs)
		return x->lcs > y->lcs ? -1 : 1;
	return cmp_year(a, b);
}

static int
oom(struct cix_error *err, int rc)
{
	if (rc == CIX_ENOMEM)
		return cix_error_set(err, rc, "out of memory");
	return rc;
}

int
cix_export_select(int64_t **ids, size_t *n, struct cix_store *s,
    const struct cix_export_sel *sel, struct cix_error *err)
{
	struct idset set = { NULL, 0, 0 }, r = { NULL, 0, 0 };
	struct idset named = { NULL, 0, 0 };
	struct selrows rows = { NULL, 0, 0 };
	struct cix_query q;
	struct cix_top_opts to;
	size_t i, k;
	int rc = CIX_OK, have = 0, topped = 0;

	*ids = NULL;
	*n = 0;
	for (i = 0; i < sel->nworks; i++)
		if ((rc = idset_add(&named, sel->works[i])) < 0)
			goto out;
	idset_sort(&named);
	if (sel->nworks > 0) {
		for (i = 0; i < named.n; i++)
			if ((rc = idset_add(&set, named.v[i])) < 0)
				goto out;
		have = 1;
	}
	if (sel->has_query) {
		q = sel->q;
		q.limit = 0;
		q.records_only = 0;	/* cited-only works are dropped below */
		r.n = 0;
		if ((rc = cix_store_search(s, &q, collect_id, &r, err)) < 0)
			goto out;
		narrow(&set, &r, &have);
	}
	for (i = 0; i < sel->nciting + sel->ncited_by; i++) {
		r.n = 0;
		if (i < sel->nciting)
			rc = cix_graph_citing(s, sel->citing[i], collect_row, &r,
			    err);
		else
			rc = cix_graph_refs(s, sel->cited_by[i - sel->nciting],
			    collect_row, &r, err);
		if (rc < 0)
			goto out;
		narrow(&set, &r, &have);
	}
	if (!have && sel->top > 0) {
		memset(&to, 0, sizeof(to));
		to.by = CIX_TOP_LCS;
		to.limit = sel->top;
		to.records = !sel->all;
		if ((rc = cix_graph_top(s, &to, collect_row, &set, err)) < 0)
			goto out;
		idset_sort(&set);
		have = topped = 1;
	}
	if (!have) {
		/* everything, already in order */
		memset(&q, 0, sizeof(q));
		q.records_only = !sel->all;
		q.limit = sel->limit;
		if ((rc = cix_store_search(s, &q, collect_id, &set, err)) < 0)
			goto out;
		*ids = set.v;
		*n = set.n;
		set.v = NULL;
		goto out;
	}
	/* Year, kind and LCS of each, to filter and order. */
	for (i = 0; i < set.n; i++)
		if ((rc = cix_graph_work(s, set.v[i], collect_selrow, &rows,
		    err)) < 0)
			goto out;
	for (i = k = 0; i < rows.n; i++)
		if (sel->all || rows.v[i].kind != CIX_WORK_CITED ||
		    idset_has(&named, rows.v[i].id))
			rows.v[k++] = rows.v[i];
	rows.n = k;
	if (sel->top > 0 && !topped) {
		if (rows.n > 0)
			qsort(rows.v, rows.n, sizeof(*rows.v), cmp_lcs);
		for (i = 0; i < rows.n && i < sel->top && rows.v[i].lcs > 0;
		    i++)
			;
		rows.n = i;
	}
	if (rows.n > 0)
		qsort(rows.v, rows.n, sizeof(*rows.v), cmp_year);
	if (sel->limit > 0 && rows.n > sel->limit)
		rows.n = sel->limit;
	if (rows.n > 0 && (*ids = malloc(rows.n * sizeof(**ids))) == NULL) {
		rc = CIX_ENOMEM;
		goto out;
	}
	for (i = 0; i < rows.n; i++)
		(*ids)[i] = rows.v[i].id;
	*n = rows.n;
out:
	free(set.v);
	free(r.v);
	free(named.v);
	free(rows.v);
	return oom(err, rc);
}

/* ------------------------------------------------------------------ */
/* The export loop */

int
cix_export_flush(struct cix_export *x, size_t i, size_t over,
    struct cix_error *err)
{
	struct cix_sink *k = &x->sinks[i];

	if (x->out[i].len <= over || x->out[i].len == 0)
		return CIX_OK;
	if (k->write(k->ctx, x->out[i].p, x->out[i].len) < 0)
		return cix_error_set_errno(err, errno == ENOSPC ? CIX_EFULL :
		    CIX_EIO, errno, "cannot write %s", k->name ? k->name :
		    "the output");
	cix_buf_reset(&x->out[i]);
	return CIX_OK;
}

static int
flush_all(struct cix_export *x, size_t over, struct cix_error *err)
{
	size_t i;
	int rc;

	for (i = 0; i < x->e->nout; i++)
		if ((rc = cix_export_flush(x, i, over, err)) < 0)
			return rc;
	return CIX_OK;
}

int
cix_export_begin(struct cix_export **out, const struct cix_exporter *e,
    const struct cix_export_opts *o, struct cix_store *s,
    struct cix_sink *sinks, struct cix_error *err)
{
	struct cix_export *x;
	size_t i;
	int rc;

	*out = NULL;
	if (s == NULL && (e->flags & CIX_EXPORT_NEEDSTORE))
		return cix_error_set(err, CIX_EINVAL, "the %s format needs"
		    " an index: import the file first", e->name);
	if (o->network != CIX_NET_CITATION && !(e->flags & CIX_EXPORT_GRAPH))
		return cix_error_set(err, CIX_EINVAL, "the %s format has no"
		    " network: --network is for graph formats", e->name);
	if (e->nout < 1 || e->nout > CIX_EXPORT_MAXOUT)
		return cix_error_set(err, CIX_EINVAL, "bad exporter '%s'",
		    e->name);
	if ((x = calloc(1, sizeof(*x))) == NULL)
		return cix_error_set(err, CIX_ENOMEM, "out of memory");
	x->e = e;
	x->o = *o;
	x->s = s;
	x->sinks = sinks;
	for (i = 0; i < CIX_EXPORT_MAXOUT; i++)
		cix_buf_init(&x->out[i], 1u << 30);
	cix_buf_init(&x->tmp, 1u << 30);
	cix_record_init(&x->rec);
	if (e->flags & CIX_EXPORT_KEYS) {
		if ((rc = cix_citekey_compile(&x->pat, o->keys, err)) < 0 ||
		    (rc = cix_keyring_new(&x->ring, x->pat, s, err)) < 0)
			goto fail;
	}
	if (e->begin != NULL && (rc = e->begin(x, err)) < 0)
		goto fail;
	*out = x;
	return CIX_OK;
fail:
	cix_export_free(x);
	return rc;
}

struct rowctx {
	struct cix_export *x;
	struct cix_error *err;
	int found;
};

static int
graph_row(void *ctx, const struct cix_work_row *r)
{
	struct rowctx *c = ctx;
	struct cix_export_item it;

	memset(&it, 0, sizeof(it));
	it.id = r->id;
	it.row = r;
	c->found = 1;
	return c->x->e->work(c->x, &it, c->err);
}

int
cix_export_work(struct cix_export *x, int64_t id,
    const struct cix_record *rec, struct cix_error *err)
{
	struct cix_export_item it;
	struct rowctx c;
	int rc;

	memset(&it, 0, sizeof(it));
	it.id = id;
	if (x->e->flags & CIX_EXPORT_GRAPH) {
		c.x = x;
		c.err = err;
		c.found = 0;
		if ((rc = cix_graph_work(x->s, id, graph_row, &c, err)) < 0)
			return rc;
		if (!c.found)
			return cix_error_set(err, CIX_ENOTFOUND, "no work #%lld",
			    (long long)id);
	} else {
		if (rec == NULL) {
			if ((rc = cix_store_load(x->s, id, &x->rec, NULL,
			    err)) < 0)
				return rc;
			rec = &x->rec;
		}
		it.rec = rec;
		if (x->ring != NULL && (rc = cix_keyring_key(x->ring, &it.key,
		    id, rec, err)) < 0)
			return rc;
		if ((rc = x->e->work(x, &it, err)) < 0)
			return rc;
	}
	x->works++;
	return flush_all(x, CIX_EXPORT_FLUSH, err);
}

int
cix_export_end(struct cix_export *x, struct cix_export_stats *st,
    struct cix_error *err)
{
	int rc;

	if (x->e->end != NULL && (rc = x->e->end(x, err)) < 0)
		return rc;
	if ((rc = flush_all(x, 0, err)) < 0)
		return rc;
	if (st != NULL) {
		memset(st, 0, sizeof(*st));
		st->works = x->works;
		st->edges = x->edges;
		st->new_keys = x->ring ? cix_keyring_new_keys(x->ring) : 0;
		st->keys_kept = x->ring ? cix_keyring_stored(x->ring) : 0;
	}
	if (x->ring != NULL && (rc = cix_keyring_commit(x->ring, err)) < 0)
		return rc;
	x->ended = 1;
	return CIX_OK;
}

void
cix_export_free(struct cix_export *x)
{
	size_t i;

	if (x == NULL)
		return;
	if (x->e->release != NULL)
		x->e->release(x);
	cix_keyring_free(x->ring);
	cix_citekey_free(x->pat);
	for (i = 0; i < CIX_EXPORT_MAXOUT; i++)
		cix_buf_release(&x->out[i]);
	cix_buf_release(&x->tmp);
	cix_record_release(&x->rec);
	free(x);
}

int
cix_export_run(struct cix_store *s, const struct cix_exporter *e,
    const struct cix_export_opts *o, const int64_t *ids, size_t n,
    struct cix_sink *sinks, struct cix_export_stats *st,
    struct cix_error *err)
{
	struct cix_export *x;
	size_t i;
	int rc;

	if ((rc = cix_export_begin(&x, e, o, s, sinks, err)) < 0)
		return rc;
	for (i = 0; i < n; i++)
		if ((rc = cix_export_work(x, ids[i], NULL, err)) < 0)
			goto out;
	rc = cix_export_end(x, st, err);
out:
	cix_export_free(x);
	return rc;
}
