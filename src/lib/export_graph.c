/*
 * export_graph.c - the selection as a network: GraphML, GEXF, Graphviz
 * DOT, Pajek and VOSviewer.
 *
 * Nodes are the selected works, with id, label ("Repper J 2011"), title,
 * year, DOI, UT, LCS and GCS.  Edges are, with --network:
 *
 *	citation	citing -> cited, among the selected works (directed)
 *	cocitation	a -- b, weight = works in the index citing both
 *	coupling	a -- b, weight = references a and b have in common
 *
 * The exporter keeps the nodes (small rows, not records) until the end,
 * then asks graph.c for the citations of each node and writes the file.
 * Labels are made unique (" #id" added to the ones that collide), since
 * Pajek readers (networkx among them) name nodes by label.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "doi.h"
#include "export_int.h"
#include "graph.h"
#include "util.h"
#include "banned.h"

enum gfmt { G_GRAPHML, G_GEXF, G_DOT, G_PAJEK, G_VOS };

struct node {
	int64_t id;
	int year;
	int kind;
	int64_t lcs, gcs;
	char *author;		/* first author as indexed */
	char *title, *doi, *ut, *source;
	char *label;
};

struct edge {
	uint32_t a, b;		/* node indexes */
	uint32_t w;
};

/* (other work, node index) pairs for co-citation and coupling */
struct pair {
	int64_t other;
	uint32_t node;
};

struct graph {
	int fmt;
	struct node *v;
	size_t n, alloc;
	int64_t *hk;		/* id -> index: open addressing */
	uint32_t *hv;
	size_t hcap;
	struct edge *e;
	size_t ne, ealloc;
	struct pair *p;
	size_t np, palloc;
	uint32_t cur;		/* the node whose links are being read */
	struct cix_buf t, t2;
};

static char *
xdup(const char *s)
{
	char *p;
	size_t n;

	if (s == NULL)
		return NULL;
	n = strlen(s);
	if ((p = malloc(n + 1)) != NULL)
		memcpy(p, s, n + 1);
	return p;
}

static size_t
hslot(const struct graph *g, int64_t id)
{
	size_t i;

	for (i = (size_t)((uint64_t)id * 0x9E3779B97F4A7C15ULL) &
	    (g->hcap - 1); g->hk[i] != 0 && g->hk[i] != id;
	    i = (i + 1) & (g->hcap - 1))
		;
	return i;
}

/* The index of work id, or -1. */
static long
find(const struct graph *g, int64_t id)
{
	size_t i;

	if (g->hcap == 0)
		return -1;
	i = hslot(g, id);
	return g->hk[i] == id ? (long)g->hv[i] : -1;
}

static int
hput(struct graph *g, int64_t id, uint32_t v)
{
	size_t i, j, nc;
	int64_t *nk;
	uint32_t *nv;

	if ((g->n + 1) * 2 > g->hcap) {
		nc = g->hcap ? g->hcap * 2 : 1024;
		nk = calloc(nc, sizeof(*nk));
		nv = calloc(nc, sizeof(*nv));
		if (nk == NULL || nv == NULL) {
			free(nk);
			free(nv);
			return CIX_ENOMEM;
		}
		for (j = 0; j < g->hcap; j++) {
			if (g->hk[j] == 0)
				continue;
			for (i = (size_t)((uint64_t)g->hk[j] *
			    0x9E3779B97F4A7C15ULL) & (nc - 1); nk[i] != 0;
			    i = (i + 1) & (nc - 1))
				;
			nk[i] = g->hk[j];
			nv[i] = g->hv[j];
		}
		free(g->hk);
		free(g->hv);
		g->hk = nk;
		g->hv = nv;
		g->hcap = nc;
	}
	i = hslot(g, id);
	g->hk[i] = id;
	g->hv[i] = v;
	return CIX_OK;
}

static int
add_edge(struct graph *g, uint32_t a, uint32_t b, uint32_t w)
{
	struct edge *p;
	size_t na;

	if (g->ne == g->ealloc) {
		na = g->ealloc ? g->ealloc * 2 : 1024;
		if ((p = realloc(g->e, na * sizeof(*p))) == NULL)
			return CIX_ENOMEM;
		g->e = p;
		g->ealloc = na;
	}
	g->e[g->ne].a = a;
	g->e[g->ne].b = b;
	g->e[g->ne].w = w;
	g->ne++;
	return 0;
}

/* ------------------------------------------------------------------ */
/* Collecting nodes and edges */

static int
graph_work(struct cix_export *x, const struct cix_export_item *it,
    struct cix_error *err)
{
	struct graph *g = x->state;
	const struct cix_work_row *r = it->row;
	struct node *nd;
	size_t na;

	if (find(g, r->id) >= 0)
		return CIX_OK;
	if (g->n == g->alloc) {
		na = g->alloc ? g->alloc * 2 : 256;
		if ((nd = realloc(g->v, na * sizeof(*nd))) == NULL)
			goto oom;
		g->v = nd;
		g->alloc = na;
	}
	nd = &g->v[g->n];
	memset(nd, 0, sizeof(*nd));
	nd->id = r->id;
	nd->year = r->year;
	nd->kind = r->kind;
	nd->lcs = r->lcs;
	nd->gcs = r->gcs;
	if ((r->author && (nd->author = xdup(r->author)) == NULL) ||
	    (r->title && (nd->title = xdup(r->title)) == NULL) ||
	    (r->doi && (nd->doi = xdup(r->doi)) == NULL) ||
	    (r->ut && (nd->ut = xdup(r->ut)) == NULL) ||
	    (r->source && (nd->source = xdup(r->source)) == NULL))
		goto oom_node;
	if (hput(g, r->id, (uint32_t)g->n) < 0)
		goto oom_node;
	g->n++;
	return CIX_OK;
oom_node:
	free(nd->author);
	free(nd->title);
	free(nd->doi);
	free(nd->ut);
	free(nd->source);
oom:
	return cix_error_set(err, CIX_ENOMEM, "out of memory");
}

static int
cite_cb(void *ctx, int64_t citing, int64_t cited)
{
	struct graph *g = ctx;
	long j = find(g, cited);

	(void)citing;
	if (j < 0)
		return 0;
	return add_edge(g, g->cur, (uint32_t)j, 1);
}

/* Remember (other end, node) for co-citation (IN) or coupling (OUT). */
static int
pair_cb(void *ctx, int64_t citing, int64_t cited)
{
	struct graph *g = ctx;
	struct pair *p;
	size_t na;

	if (g->np == g->palloc) {
		na = g->palloc ? g->palloc * 2 : 4096;
		if ((p = realloc(g->p, na * sizeof(*p))) == NULL)
			return CIX_ENOMEM;
		g->p = p;
		g->palloc = na;
	}
	/* the node is g->cur; the other end is whichever is not */
	g->p[g->np].other = g->v[g->cur].id == citing ? cited : citing;
	g->p[g->np].node = g->cur;
	g->np++;
	return 0;
}

static int
cmp_pair(const void *a, const void *b)
{
	const struct pair *x = a, *y = b;

	if (x->other != y->other)
		return x->other < y->other ? -1 : 1;
	return x->node < y->node ? -1 : x->node > y->node;
}

static int
cmp_edge(const void *a, const void *b)
{
	const struct edge *x = a, *y = b;

	if (x->a != y->a)
		return x->a < y->a ? -1 : 1;
	return x->b < y->b ? -1 : x->b > y->b;
}

/* Pair counts: key (a << 32 | b) + 1 -> count. */
struct pmap {
	uint64_t *k;
	uint32_t *c;
	size_t cap, n;
};

static int
pmap_inc(struct pmap *m, uint32_t a, uint32_t b)
{
	uint64_t key = ((uint64_t)a << 32 | b) + 1;
	size_t i, j, nc;

	if ((m->n + 1) * 2 > m->cap) {
		uint64_t *nk;
		uint32_t *ncnt;

		nc = m->cap ? m->cap * 2 : 4096;
		nk = calloc(nc, sizeof(*nk));
		ncnt = calloc(nc, sizeof(*ncnt));
		if (nk == NULL || ncnt == NULL) {
			free(nk);
			free(ncnt);
			return CIX_ENOMEM;
		}
		for (j = 0; j < m->cap; j++) {
			if (m->k[j] == 0)
				continue;
			for (i = (size_t)(m->k[j] * 0x9E3779B97F4A7C15ULL) &
			    (nc - 1); nk[i] != 0; i = (i + 1) & (nc - 1))
				;
			nk[i] = m->k[j];
			ncnt[i] = m->c[j];
		}
		free(m->k);
		free(m->c);
		m->k = nk;
		m->c = ncnt;
		m->cap = nc;
	}
	for (i = (size_t)(key * 0x9E3779B97F4A7C15ULL) & (m->cap - 1);
	    m->k[i] != 0 && m->k[i] != key; i = (i + 1) & (m->cap - 1))
		;
	if (m->k[i] == 0) {
		m->k[i] = key;
		m->n++;
	}
	m->c[i]++;
	return CIX_OK;
}

static int
edges(struct cix_export *x, struct cix_error *err)
{
	struct graph *g = x->state;
	struct pmap m = { NULL, NULL, 0, 0 };
	size_t i, j, k, s;
	int rc = CIX_OK, dir;

	g->ne = g->np = 0;
	for (i = 0; i < g->n; i++) {
		g->cur = (uint32_t)i;
		if (x->o.network == CIX_NET_CITATION)
			rc = cix_graph_links(x->s, g->v[i].id, CIX_GRAPH_OUT,
			    cite_cb, g, err);
		else {
			dir = x->o.network == CIX_NET_COCITATION ?
			    CIX_GRAPH_IN : CIX_GRAPH_OUT;
			rc = cix_graph_links(x->s, g->v[i].id, dir, pair_cb, g,
			    err);
		}
		if (rc < 0)
			goto out;
	}
	if (x->o.network != CIX_NET_CITATION) {
		/* works sharing the other end, pairwise */
		if (g->np > 0)
			qsort(g->p, g->np, sizeof(*g->p), cmp_pair);
		for (s = 0; s < g->np; s = k) {
			for (k = s; k < g->np && g->p[k].other ==
			    g->p[s].other; k++)
				;
			for (i = s; i < k; i++)
				for (j = i + 1; j < k; j++)
					if (g->p[i].node != g->p[j].node &&
					    (rc = pmap_inc(&m, g->p[i].node,
					    g->p[j].node)) < 0)
						goto out;
		}
		for (i = 0; i < m.cap; i++)
			if (m.k[i] != 0 && (rc = add_edge(g,
			    (uint32_t)((m.k[i] - 1) >> 32),
			    (uint32_t)((m.k[i] - 1) & 0xFFFFFFFFu),
			    m.c[i])) < 0)
				goto out;
	}
	if (g->ne > 0)
		qsort(g->e, g->ne, sizeof(*g->e), cmp_edge);
	x->edges = g->ne;
out:
	free(m.k);
	free(m.c);
	if (rc == CIX_ENOMEM)
		rc = cix_error_set(err, rc, "out of memory");
	return rc;
}

/* ------------------------------------------------------------------ */
/* Labels */

/* "Repper, Julie; Carter, T" -> "Repper J"; "Anthony W" as it is. */
static void
short_author(struct cix_buf *b, const char *au)
{
	const char *end, *comma, *p;

	if (au == NULL)
		return;
	end = strchr(au, ';');
	if (end == NULL)
		end = au + strlen(au);
	comma = memchr(au, ',', (size_t)(end - au));
	if (comma == NULL) {
		cix_buf_add(b, au, (size_t)(end - au));
		return;
	}
	cix_buf_add(b, au, (size_t)(comma - au));
	cix_buf_addch(b, ' ');
	for (p = comma + 1; p < end; p++)
		if (cix_isalpha((unsigned char)*p) && (p[-1] == ' ' ||
		    p[-1] == ',' || p[-1] == '-' || p[-1] == '.'))
			cix_buf_addch(b, cix_toupper((unsigned char)*p));
	cix_buf_rtrim(b);
}

static int
cmp_label(const void *a, const void *b)
{
	const struct node *const *x = a, *const *y = b;
	int c = strcmp((*x)->label, (*y)->label);

	if (c != 0)
		return c;
	return (*x)->id < (*y)->id ? -1 : (*x)->id > (*y)->id;
}

static int
labels(struct graph *g)
{
	struct cix_buf *b = &g->t;
	struct node **by = NULL;
	size_t i, j, k;

	for (i = 0; i < g->n; i++) {
		struct node *nd = &g->v[i];

		cix_buf_reset(b);
		short_author(b, nd->author);
		if (b->len == 0 && nd->title != NULL)
			cix_buf_add(b, nd->title, strlen(nd->title) > 30 ? 30 :
			    strlen(nd->title));
		if (b->len == 0 && nd->source != NULL)
			cix_buf_adds(b, nd->source);
		if (nd->year > 0)
			cix_buf_addf(b, "%s%d", b->len ? " " : "", nd->year);
		if (b->len == 0)
			cix_buf_addf(b, "#%lld", (long long)nd->id);
		/* one line, valid UTF-8 */
		cix_buf_reset(&g->t2);
		if (cix_export_clean(&g->t2, b->p, b->len, 0) < 0 ||
		    (nd->label = cix_buf_detach(&g->t2, NULL)) == NULL)
			return CIX_ENOMEM;
	}
	if (g->n == 0)
		return CIX_OK;
	if ((by = malloc(g->n * sizeof(*by))) == NULL)
		return CIX_ENOMEM;
	for (i = 0; i < g->n; i++)
		by[i] = &g->v[i];
	qsort(by, g->n, sizeof(*by), cmp_label);
	for (i = 0; i < g->n; i = k) {
		for (k = i + 1; k < g->n && strcmp(by[k]->label,
		    by[i]->label) == 0; k++)
			;
		if (k - i == 1)
			continue;
		for (j = i; j < k; j++) {
			char *l;

			cix_buf_reset(b);
			cix_buf_addf(b, "%s #%lld", by[j]->label,
			    (long long)by[j]->id);
			if ((l = cix_buf_detach(b, NULL)) == NULL) {
				free(by);
				return CIX_ENOMEM;
			}
			free(by[j]->label);
			by[j]->label = l;
		}
	}
	free(by);
	return CIX_OK;
}

/* ------------------------------------------------------------------ */
/* Writing */

static const char *const kinds[] = { "record", "cited-only", "resolved" };

static const char *
kind_name(int k)
{
	return k >= 0 && k < 3 ? kinds[k] : "record";
}

/* XML character data / attribute value. */
static int
xml(struct cix_buf *o, struct cix_buf *t, const char *s)
{
	const char *p;

	cix_buf_reset(t);
	if (cix_export_clean(t, s, strlen(s), 0) < 0)
		return CIX_ENOMEM;
	for (p = t->p; *p != '\0'; p++) {
		switch (*p) {
		case '&': cix_buf_adds(o, "&amp;"); break;
		case '<': cix_buf_adds(o, "&lt;"); break;
		case '>': cix_buf_adds(o, "&gt;"); break;
		case '"': cix_buf_adds(o, "&quot;"); break;
		case '\'': cix_buf_adds(o, "&apos;"); break;
		default: cix_buf_addch(o, *p); break;
		}
	}
	return CIX_OK;
}

static void
graphml_data(struct cix_buf *o, struct cix_buf *t, const char *key,
    const char *v)
{
	if (v == NULL || *v == '\0')
		return;
	cix_buf_addf(o, "      <data key=\"%s\">", key);
	xml(o, t, v);
	cix_buf_adds(o, "</data>\n");
}

static int
write_graphml(struct cix_export *x)
{
	struct graph *g = x->state;
	struct cix_buf *o = &x->out[0], *t = &g->t;
	int directed = x->o.network == CIX_NET_CITATION;
	size_t i;

	cix_buf_adds(o, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\"\n"
	    "    xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n"
	    "    xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns"
	    " http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n"
	    "  <key id=\"label\" for=\"node\" attr.name=\"label\""
	    " attr.type=\"string\"/>\n"
	    "  <key id=\"title\" for=\"node\" attr.name=\"title\""
	    " attr.type=\"string\"/>\n"
	    "  <key id=\"year\" for=\"node\" attr.name=\"year\""
	    " attr.type=\"int\"/>\n"
	    "  <key id=\"doi\" for=\"node\" attr.name=\"doi\""
	    " attr.type=\"string\"/>\n"
	    "  <key id=\"ut\" for=\"node\" attr.name=\"ut\""
	    " attr.type=\"string\"/>\n"
	    "  <key id=\"source\" for=\"node\" attr.name=\"source\""
	    " attr.type=\"string\"/>\n"
	    "  <key id=\"lcs\" for=\"node\" attr.name=\"lcs\""
	    " attr.type=\"int\"/>\n"
	    "  <key id=\"gcs\" for=\"node\" attr.name=\"gcs\""
	    " attr.type=\"int\"/>\n"
	    "  <key id=\"kind\" for=\"node\" attr.name=\"kind\""
	    " attr.type=\"string\"/>\n"
	    "  <key id=\"weight\" for=\"edge\" attr.name=\"weight\""
	    " attr.type=\"double\"/>\n");
	cix_buf_addf(o, "  <graph id=\"%s\" edgedefault=\"%s\">\n",
	    x->o.network == CIX_NET_COCITATION ? "cocitation" :
	    x->o.network == CIX_NET_COUPLING ? "coupling" : "citation",
	    directed ? "directed" : "undirected");
	for (i = 0; i < g->n; i++) {
		const struct node *nd = &g->v[i];
		char num[32];

		cix_buf_addf(o, "    <node id=\"%lld\">\n", (long long)nd->id);
		graphml_data(o, t, "label", nd->label);
		graphml_data(o, t, "title", nd->title);
		if (nd->year > 0) {
			snprintf(num, sizeof(num), "%d", nd->year);
			graphml_data(o, t, "year", num);
		}
		graphml_data(o, t, "doi", nd->doi);
		graphml_data(o, t, "ut", nd->ut);
		graphml_data(o, t, "source", nd->source);
		snprintf(num, sizeof(num), "%lld", (long long)nd->lcs);
		graphml_data(o, t, "lcs", num);
		if (nd->gcs >= 0) {
			snprintf(num, sizeof(num), "%lld", (long long)nd->gcs);
			graphml_data(o, t, "gcs", num);
		}
		graphml_data(o, t, "kind", kind_name(nd->kind));
		cix_buf_adds(o, "    </node>\n");
	}
	for (i = 0; i < g->ne; i++) {
		const struct edge *e = &g->e[i];

		if (directed)
			cix_buf_addf(o, "    <edge source=\"%lld\""
			    " target=\"%lld\"/>\n", (long long)g->v[e->a].id,
			    (long long)g->v[e->b].id);
		else
			cix_buf_addf(o, "    <edge source=\"%lld\""
			    " target=\"%lld\"><data key=\"weight\">%u</data>"
			    "</edge>\n", (long long)g->v[e->a].id,
			    (long long)g->v[e->b].id, e->w);
	}
	return cix_buf_adds(o, "  </graph>\n</graphml>\n");
}

static void
gexf_att(struct cix_buf *o, struct cix_buf *t, int id, const char *v)
{
	if (v == NULL || *v == '\0')
		return;
	cix_buf_addf(o, "          <attvalue for=\"%d\" value=\"", id);
	xml(o, t, v);
	cix_buf_adds(o, "\"/>\n");
}

static int
write_gexf(struct cix_export *x)
{
	struct graph *g = x->state;
	struct cix_buf *o = &x->out[0], *t = &g->t;
	int directed = x->o.network == CIX_NET_CITATION;
	size_t i;

	cix_buf_adds(o, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<gexf xmlns=\"http://www.gexf.net/1.2draft\""
	    " version=\"1.2\">\n  <meta>\n    <creator>cix");
	if (x->o.version != NULL)
		cix_buf_addf(o, " %s", x->o.version);
	cix_buf_addf(o, "</creator>\n    <description>%s network of %zu"
	    " works</description>\n  </meta>\n",
	    x->o.network == CIX_NET_COCITATION ? "co-citation" :
	    x->o.network == CIX_NET_COUPLING ? "bibliographic coupling" :
	    "citation", g->n);
	cix_buf_addf(o, "  <graph mode=\"static\" defaultedgetype=\"%s\">\n"
	    "    <attributes class=\"node\">\n"
	    "      <attribute id=\"0\" title=\"year\" type=\"integer\"/>\n"
	    "      <attribute id=\"1\" title=\"doi\" type=\"string\"/>\n"
	    "      <attribute id=\"2\" title=\"ut\" type=\"string\"/>\n"
	    "      <attribute id=\"3\" title=\"title\" type=\"string\"/>\n"
	    "      <attribute id=\"4\" title=\"lcs\" type=\"integer\"/>\n"
	    "      <attribute id=\"5\" title=\"gcs\" type=\"integer\"/>\n"
	    "      <attribute id=\"6\" title=\"source\" type=\"string\"/>\n"
	    "      <attribute id=\"7\" title=\"kind\" type=\"string\"/>\n"
	    "    </attributes>\n    <nodes>\n",
	    directed ? "directed" : "undirected");
	for (i = 0; i < g->n; i++) {
		const struct node *nd = &g->v[i];
		char num[32];

		cix_buf_addf(o, "      <node id=\"%lld\" label=\"",
		    (long long)nd->id);
		xml(o, t, nd->label);
		cix_buf_adds(o, "\">\n        <attvalues>\n");
		if (nd->year > 0) {
			snprintf(num, sizeof(num), "%d", nd->year);
			gexf_att(o, t, 0, num);
		}
		gexf_att(o, t, 1, nd->doi);
		gexf_att(o, t, 2, nd->ut);
		gexf_att(o, t, 3, nd->title);
		snprintf(num, sizeof(num), "%lld", (long long)nd->lcs);
		gexf_att(o, t, 4, num);
		if (nd->gcs >= 0) {
			snprintf(num, sizeof(num), "%lld", (long long)nd->gcs);
			gexf_att(o, t, 5, num);
		}
		gexf_att(o, t, 6, nd->source);
		gexf_att(o, t, 7, kind_name(nd->kind));
		cix_buf_adds(o, "        </attvalues>\n      </node>\n");
	}
	cix_buf_adds(o, "    </nodes>\n    <edges>\n");
	for (i = 0; i < g->ne; i++)
		cix_buf_addf(o, "      <edge id=\"%zu\" source=\"%lld\""
		    " target=\"%lld\" weight=\"%u\"/>\n", i,
		    (long long)g->v[g->e[i].a].id,
		    (long long)g->v[g->e[i].b].id, g->e[i].w);
	return cix_buf_adds(o, "    </edges>\n  </graph>\n</gexf>\n");
}

/* A DOT double-quoted string's contents. */
static void
dot_str(struct cix_buf *o, struct cix_buf *t, const char *s)
{
	const char *p;

	cix_buf_reset(t);
	cix_export_clean(t, s, strlen(s), 0);
	for (p = t->p; *p != '\0'; p++) {
		if (*p == '"' || *p == '\\')
			cix_buf_addch(o, '\\');
		cix_buf_addch(o, *p);
	}
}

static int
cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return x < y ? -1 : x > y;
}

/*
 * The historiograph: one rank per year, the years down the left side,
 * older works at the top.  Citation edges run from the cited work down to
 * the citing one with the arrow drawn at the cited end (dir=back), so that
 * they follow the ranks and point, as HistCite's do, at the older work.
 */
static int
write_dot(struct cix_export *x)
{
	struct graph *g = x->state;
	struct cix_buf *o = &x->out[0], *t = &g->t;
	int directed = x->o.network == CIX_NET_CITATION;
	int *years = NULL;
	size_t i, j, ny = 0;

	cix_buf_addf(o, "// cix%s%s: %s network of %zu works (%s)\n",
	    x->o.version ? " " : "", x->o.version ? x->o.version : "",
	    x->o.network == CIX_NET_COCITATION ? "co-citation" :
	    x->o.network == CIX_NET_COUPLING ? "bibliographic coupling" :
	    "citation", g->n, directed ? "an edge a -> b with dir=back means"
	    " b cites a" : "edge weight = strength");
	cix_buf_addf(o, "%s cix {\n"
	    "  graph [rankdir=TB, ranksep=0.3, nodesep=0.15,"
	    " concentrate=true, fontname=\"Helvetica\", fontsize=11];\n"
	    "  node [shape=box, style=\"rounded,filled\","
	    " fillcolor=\"#eef2f8\", color=\"#4a6a9a\","
	    " fontname=\"Helvetica\", fontsize=9, margin=\"0.08,0.03\"];\n"
	    "  edge [color=\"#5a6f8f80\", arrowsize=0.5];\n",
	    directed ? "digraph" : "graph");
	/* the year axis */
	if (g->n > 0 && (years = malloc(g->n * sizeof(*years))) == NULL)
		return CIX_ENOMEM;
	for (i = 0; i < g->n; i++)
		if (g->v[i].year > 0)
			years[ny++] = g->v[i].year;
	if (ny > 0)
		qsort(years, ny, sizeof(*years), cmp_int);
	for (i = j = 0; i < ny; i++)
		if (j == 0 || years[j - 1] != years[i])
			years[j++] = years[i];
	ny = j;
	if (ny > 0) {
		cix_buf_adds(o, "  {\n    node [shape=plaintext, style=\"\","
		    " fontsize=11, fontcolor=\"#444444\"];\n"
		    "    edge [style=invis];\n    ");
		for (i = 0; i < ny; i++)
			cix_buf_addf(o, "%sy%d", i ? (directed ? " -> " :
			    " -- ") : "", years[i]);
		cix_buf_adds(o, ";\n  }\n");
	}
	for (i = 0; i < ny; i++) {
		cix_buf_addf(o, "  { rank=same; y%d [label=\"%d\"];", years[i],
		    years[i]);
		for (j = 0; j < g->n; j++)
			if (g->v[j].year == years[i])
				cix_buf_addf(o, " w%lld;",
				    (long long)g->v[j].id);
		cix_buf_adds(o, " }\n");
	}
	for (i = 0; i < g->n; i++) {
		const struct node *nd = &g->v[i];

		cix_buf_addf(o, "  w%lld [label=\"", (long long)nd->id);
		dot_str(o, t, nd->label);
		cix_buf_addf(o, "\\nLCS %lld", (long long)nd->lcs);
		if (nd->gcs >= 0)
			cix_buf_addf(o, " GCS %lld", (long long)nd->gcs);
		cix_buf_adds(o, "\"");
		if (nd->title != NULL) {
			cix_buf_adds(o, ", tooltip=\"");
			dot_str(o, t, nd->title);
			cix_buf_adds(o, "\"");
		}
		if (nd->doi != NULL) {
			cix_buf_reset(&g->t2);
			cix_doi_urlencode(&g->t2, nd->doi, 1);
			cix_buf_addf(o, ", URL=\"https://doi.org/%s\"", g->t2.p);
		}
		cix_buf_adds(o, "];\n");
	}
	for (i = 0; i < g->ne; i++) {
		const struct edge *e = &g->e[i];

		if (directed)
			cix_buf_addf(o, "  w%lld -> w%lld [dir=back];\n",
			    (long long)g->v[e->b].id,
			    (long long)g->v[e->a].id);
		else
			cix_buf_addf(o, "  w%lld -- w%lld [weight=%u,"
			    " penwidth=%.1f, tooltip=\"%u\"];\n",
			    (long long)g->v[e->a].id,
			    (long long)g->v[e->b].id, e->w,
			    e->w > 8 ? 4.0 : 0.5 + e->w * 0.45, e->w);
	}
	free(years);
	return cix_buf_adds(o, "}\n");
}

/* Pajek: vertices numbered from 1, labels in double quotes. */
static int
write_pajek(struct cix_export *x)
{
	struct graph *g = x->state;
	struct cix_buf *o = &x->out[0];
	const char *p;
	size_t i;

	cix_buf_addf(o, "*Vertices %zu\r\n", g->n);
	for (i = 0; i < g->n; i++) {
		cix_buf_addf(o, "%zu \"", i + 1);
		for (p = g->v[i].label; *p != '\0'; p++)
			cix_buf_addch(o, *p == '"' ? '\'' : *p);
		cix_buf_adds(o, "\"\r\n");
	}
	cix_buf_adds(o, x->o.network == CIX_NET_CITATION ? "*Arcs\r\n" :
	    "*Edges\r\n");
	for (i = 0; i < g->ne; i++)
		cix_buf_addf(o, "%u %u %u\r\n", g->e[i].a + 1, g->e[i].b + 1,
		    g->e[i].w);
	return CIX_OK;
}

/* A VOSviewer cell: no tabs or line breaks. */
static void
vos_cell(struct cix_buf *o, struct cix_buf *t, const char *s, int html)
{
	const char *p;

	if (s == NULL)
		return;
	cix_buf_reset(t);
	cix_export_clean(t, s, strlen(s), 0);
	for (p = t->p; *p != '\0'; p++) {
		if (html && *p == '&')
			cix_buf_adds(o, "&amp;");
		else if (html && *p == '<')
			cix_buf_adds(o, "&lt;");
		else if (html && *p == '>')
			cix_buf_adds(o, "&gt;");
		else if (*p == '"')
			cix_buf_addch(o, '\'');
		else
			cix_buf_addch(o, *p);
	}
}

/*
 * VOSviewer: a map file (tab-separated, a header naming the columns:
 * id, label, description, url, weights and a score) and a network file
 * (id, id, strength per line).
 */
static int
write_vos(struct cix_export *x)
{
	struct graph *g = x->state;
	struct cix_buf *m = &x->out[0], *net = &x->out[1], *t = &g->t;
	size_t i;

	cix_buf_adds(m, "id\tlabel\tdescription\turl\t"
	    "weight<Local citations>\tweight<Citations>\tscore<Year>\n");
	for (i = 0; i < g->n; i++) {
		const struct node *nd = &g->v[i];

		cix_buf_addf(m, "%lld\t", (long long)nd->id);
		vos_cell(m, t, nd->label, 0);
		cix_buf_adds(m, "\t");
		if (nd->title != NULL) {
			cix_buf_adds(m, "<b>");
			vos_cell(m, t, nd->title, 1);
			cix_buf_adds(m, "</b><br>");
		}
		vos_cell(m, t, nd->author, 1);
		if (nd->source != NULL) {
			cix_buf_adds(m, nd->author ? ", " : "");
			vos_cell(m, t, nd->source, 1);
		}
		if (nd->year > 0)
			cix_buf_addf(m, " (%d)", nd->year);
		cix_buf_adds(m, "\t");
		if (nd->doi != NULL) {
			cix_buf_reset(&g->t2);
			cix_doi_urlencode(&g->t2, nd->doi, 1);
			cix_buf_addf(m, "https://doi.org/%s", g->t2.p);
		}
		cix_buf_addf(m, "\t%lld\t%lld\t%d\n", (long long)nd->lcs,
		    (long long)(nd->gcs > 0 ? nd->gcs : 0), nd->year);
	}
	for (i = 0; i < g->ne; i++)
		cix_buf_addf(net, "%lld\t%lld\t%u\n",
		    (long long)g->v[g->e[i].a].id,
		    (long long)g->v[g->e[i].b].id, g->e[i].w);
	return CIX_OK;
}

static int
graph_end(struct cix_export *x, struct cix_error *err)
{
	struct graph *g = x->state;
	int rc;

	if ((rc = labels(g)) < 0)
		return cix_error_set(err, rc, "out of memory");
	if ((rc = edges(x, err)) < 0)
		return rc;
	switch (g->fmt) {
	case G_GRAPHML: rc = write_graphml(x); break;
	case G_GEXF: rc = write_gexf(x); break;
	case G_DOT: rc = write_dot(x); break;
	case G_PAJEK: rc = write_pajek(x); break;
	default: rc = write_vos(x); break;
	}
	if (rc < 0)
		return cix_error_set(err, rc, "out of memory");
	return CIX_OK;
}

static int
begin(struct cix_export *x, int fmt, struct cix_error *err)
{
	struct graph *g;

	if ((g = calloc(1, sizeof(*g))) == NULL)
		return cix_error_set(err, CIX_ENOMEM, "out of memory");
	g->fmt = fmt;
	cix_buf_init(&g->t, 1u << 30);
	cix_buf_init(&g->t2, 1u << 20);
	x->state = g;
	return CIX_OK;
}

static int
graphml_begin(struct cix_export *x, struct cix_error *err)
{
	return begin(x, G_GRAPHML, err);
}

static int
gexf_begin(struct cix_export *x, struct cix_error *err)
{
	return begin(x, G_GEXF, err);
}

static int
dot_begin(struct cix_export *x, struct cix_error *err)
{
	return begin(x, G_DOT, err);
}

static int
pajek_begin(struct cix_export *x, struct cix_error *err)
{
	return begin(x, G_PAJEK, err);
}

static int
vos_begin(struct cix_export *x, struct cix_error *err)
{
	return begin(x, G_VOS, err);
}

static void
graph_release(struct cix_export *x)
{
	struct graph *g = x->state;
	size_t i;

	if (g == NULL)
		return;
	for (i = 0; i < g->n; i++) {
		free(g->v[i].author);
		free(g->v[i].title);
		free(g->v[i].doi);
		free(g->v[i].ut);
		free(g->v[i].source);
		free(g->v[i].label);
	}
	free(g->v);
	free(g->hk);
	free(g->hv);
	free(g->e);
	free(g->p);
	cix_buf_release(&g->t);
	cix_buf_release(&g->t2);
	free(g);
	x->state = NULL;
}

#define GRAPH (CIX_EXPORT_GRAPH | CIX_EXPORT_NEEDSTORE)

const struct cix_exporter cix_export_graphml = {
	"graphml", "GraphML for Gephi, Cytoscape, yEd, networkx and igraph",
	".graphml", GRAPH, 1, NULL,
	graphml_begin, graph_work, graph_end, graph_release
};

const struct cix_exporter cix_export_gexf = {
	"gexf", "GEXF 1.2 for Gephi", ".gexf", GRAPH, 1, NULL,
	gexf_begin, graph_work, graph_end, graph_release
};

const struct cix_exporter cix_export_dot = {
	"dot", "Graphviz DOT: the historiograph laid out by year",
	".dot", GRAPH, 1, NULL,
	dot_begin, graph_work, graph_end, graph_release
};

const struct cix_exporter cix_export_pajek = {
	"pajek", "Pajek .net for Pajek, VOSviewer and networkx", ".net",
	GRAPH, 1, NULL,
	pajek_begin, graph_work, graph_end, graph_release
};

static const char *const vos_outs[] = { "map", "network" };

const struct cix_exporter cix_export_vosviewer = {
	"vosviewer", "VOSviewer map and network files (two files: -o is"
	" required)", ".txt", GRAPH, 2, vos_outs,
	vos_begin, graph_work, graph_end, graph_release
};
