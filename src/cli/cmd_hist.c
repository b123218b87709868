/*
 * cmd_hist.c - cix hist: the historiograph (HistCite): the top works by
 * LCS and the citations among them, in time order.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "banned.h"

enum { O_FORMAT = 1, O_TOP };

static const struct cli_opt opts[] = {
	{ O_TOP, 'n', "top", "N", "how many works (default 30)" },
	{ O_FORMAT, 'f', "format", "FORMAT",
	  "table (default), tsv, csv or json" },
	{ 0 }
};

static int run(struct cli *cli, int argc, char **argv);

const struct cli_cmd cmd_hist = {
	"hist", run,
	"cix hist [--top N] [--format FORMAT]",
	"draw the historiograph: the most locally cited records and the"
	" citations among them, by year",
	opts
};

struct node {
	int64_t id;
	int year;
	int64_t lcs, gcs;
	char *label, *title, *doi;
	struct cix_buf cites;	/* ids it cites in the graph */
	size_t ncites;
};

struct hist {
	struct node *v;
	size_t n, alloc;
	size_t nedges;
	json_t *edges;
};

static char *
xdup(const char *s)
{
	char *p;

	if (s == NULL)
		return NULL;
	if ((p = malloc(strlen(s) + 1)) != NULL)
		memcpy(p, s, strlen(s) + 1);
	return p;
}

static int
add_node(void *ctx, const struct cix_work_row *r)
{
	struct hist *h = ctx;
	struct node *n;
	char au[128], lab[160];

	if (h->n == h->alloc) {
		size_t na = h->alloc ? h->alloc * 2 : 32;
		struct node *p = realloc(h->v, na * sizeof(*p));

		if (p == NULL)
			return CIX_ENOMEM;
		h->v = p;
		h->alloc = na;
	}
	n = &h->v[h->n++];
	memset(n, 0, sizeof(*n));
	n->id = r->id;
	n->year = r->year;
	n->lcs = r->lcs;
	n->gcs = r->gcs;
	row_author(r->author, au, sizeof(au));
	snprintf(lab, sizeof(lab), "%s %d", au, r->year);
	n->label = xdup(lab);
	n->title = xdup(r->title);
	n->doi = xdup(r->doi);
	cix_buf_init(&n->cites, 0);
	return 0;
}

static int
add_edge(void *ctx, int64_t citing, int64_t cited)
{
	struct hist *h = ctx;
	size_t i;

	for (i = 0; i < h->n; i++)
		if (h->v[i].id == citing) {
			cix_buf_addf(&h->v[i].cites, "%s%lld",
			    h->v[i].cites.len ? " " : "", (long long)cited);
			h->v[i].ncites++;
		}
	if (h->edges != NULL) {
		json_t *e = json_object();

		json_object_set_new(e, "from", json_integer(citing));
		json_object_set_new(e, "to", json_integer(cited));
		json_array_append_new(h->edges, e);
	}
	h->nedges++;
	return 0;
}

static int
run(struct cli *cli, int argc, char **argv)
{
	static const struct out_col cols[] = {
		{ "year", COL_INT, 0, 1 },
		{ "id", COL_INT, 0, 1 },
		{ "work", COL_STR, 0, 0 },
		{ "lcs", COL_INT, 0, 1 },
		{ "gcs", COL_INT, 0, 1 },
		{ "cites", COL_STR, 0, 0 },
		{ "title", COL_STR, 1, 0 },
	};
	struct cli_parser p;
	struct cix_error err;
	struct hist h;
	struct out_table *t = NULL;
	long v;
	size_t i, top = 30;
	int opt, fmt = OUT_TABLE, rc = EXIT_OK, k;

	memset(&h, 0, sizeof(h));
	cli_parser_init(&p, cli, &cmd_hist, argc, argv);
	while ((opt = cli_next_opt(&p)) > 0) {
		if (opt == O_FORMAT && (fmt = out_format_parse(p.optarg)) < 0) {
			rc = cli_usage_error(&cmd_hist, "unknown format '%s'",
			    p.optarg);
			goto out;
		}
		if (opt == O_TOP) {
			if (cix_parse_long(p.optarg, strlen(p.optarg), &v) < 0 ||
			    v <= 0) {
				rc = cli_usage_error(&cmd_hist, "bad --top '%s'",
				    p.optarg);
				goto out;
			}
			top = (size_t)v;
		}
	}
	if (opt < 0) {
		rc = opt == -2 ? EXIT_OK : EXIT_USAGE;
		goto out;
	}
	if (p.noperands > 0) {
		rc = cli_usage_error(&cmd_hist, "unexpected '%s'",
		    p.operands[0]);
		goto out;
	}
	if ((rc = cli_open_store(cli, CIX_STORE_NOCREATE)) != EXIT_OK)
		goto out;
	if (fmt == OUT_JSON)
		h.edges = json_array();
	cix_error_clear(&err);
	if ((k = cix_graph_hist(cli->store, top, add_node, add_edge, &h,
	    &err)) < 0) {
		if (k == CIX_ENOMEM)
			cix_error_set(&err, k, "out of memory");
		cli_error(&err);
		rc = cli_exit_for(k);
		goto out;
	}
	if (fmt == OUT_JSON) {
		json_t *o = json_object(), *nodes = json_array();

		for (i = 0; i < h.n; i++) {
			json_t *n = json_object();

			json_object_set_new(n, "id", json_integer(h.v[i].id));
			json_object_set_new(n, "year", h.v[i].year ?
			    json_integer(h.v[i].year) : json_null());
			json_object_set_new(n, "label",
			    json_string(h.v[i].label));
			json_object_set_new(n, "title", h.v[i].title ?
			    json_string(h.v[i].title) : json_null());
			json_object_set_new(n, "doi", h.v[i].doi ?
			    json_string(h.v[i].doi) : json_null());
			json_object_set_new(n, "lcs", json_integer(h.v[i].lcs));
			json_object_set_new(n, "gcs", h.v[i].gcs >= 0 ?
			    json_integer(h.v[i].gcs) : json_null());
			json_array_append_new(nodes, n);
		}
		json_object_set_new(o, "nodes", nodes);
		json_object_set_new(o, "edges", h.edges);
		h.edges = NULL;
		out_json(stdout, o);
		json_decref(o);
		goto out;
	}
	t = out_table_new(fmt, cols, sizeof(cols) / sizeof(cols[0]));
	for (i = 0; i < h.n; i++) {
		char y[16], id[32], l[32], g[32];
		const char *c[7];

		snprintf(y, sizeof(y), "%d", h.v[i].year);
		snprintf(id, sizeof(id), "%lld", (long long)h.v[i].id);
		snprintf(l, sizeof(l), "%lld", (long long)h.v[i].lcs);
		snprintf(g, sizeof(g), "%lld", (long long)h.v[i].gcs);
		c[0] = y;
		c[1] = id;
		c[2] = h.v[i].label;
		c[3] = l;
		c[4] = h.v[i].gcs >= 0 ? g : NULL;
		c[5] = h.v[i].cites.p;
		c[6] = h.v[i].title;
		out_table_add(t, c, NULL);
	}
	rc = out_table_print(t, stdout) < 0 ? EXIT_FAIL : EXIT_OK;
	if (fmt == OUT_TABLE && !cli->quiet && fflush(stdout) == 0)
		fprintf(stderr, "%zu works, %zu citations among them%s\n", h.n,
		    h.nedges, h.n ? "" : " (no record is cited by another"
		    " record of the index)");
out:
	for (i = 0; i < h.n; i++) {
		free(h.v[i].label);
		free(h.v[i].title);
		free(h.v[i].doi);
		cix_buf_release(&h.v[i].cites);
	}
	free(h.v);
	json_decref(h.edges);
	out_table_free(t);
	cli_parser_release(&p);
	return rc;
}
