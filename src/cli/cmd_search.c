/*
 * cmd_search.c - cix search: full-text search plus filters.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "banned.h"

enum {
	O_FORMAT = 1, O_AUTHOR, O_TITLE, O_KEYWORD, O_SOURCE, O_YEAR,
	O_LIMIT, O_ALL
};

static const struct cli_opt opts[] = {
	{ O_AUTHOR, 'a', "author", "NAME", "an author's name contains NAME" },
	{ O_TITLE, 't', "title", "WORDS", "the title has all these words" },
	{ O_KEYWORD, 'k', "keyword", "KW",
	  "an author keyword or Keywords Plus contains KW" },
	{ O_SOURCE, 's', "source", "S",
	  "the source title or its abbreviation contains S" },
	{ O_YEAR, 'y', "year", "Y|Y1-Y2", "published in Y, or Y1 to Y2" },
	{ O_LIMIT, 'n', "limit", "N", "at most N works (default 100)" },
	{ O_ALL, 0, "all", NULL,
	  "include works known only from references" },
	{ O_FORMAT, 'f', "format", "FORMAT",
	  "table (default), tsv, csv or json" },
	{ 0 }
};

static int run(struct cli *cli, int argc, char **argv);

const struct cli_cmd cmd_search = {
	"search", run,
	"cix search [--author A] [--title T] [--keyword K] [--source S]"
	" [--year Y|Y1-Y2] [--limit N] [--all] [--format FORMAT] [TEXT...]",
	"find works by full text (title, abstract, keywords, authors) and"
	" filters",
	opts
};

/* "2010" or "2010-2015" or "2010-" or "-2015". */
int
cli_parse_years(const char *s, int *from, int *to)
{
	const char *dash = strchr(s, '-');
	long a = 0, b = 0;

	if (dash == NULL) {
		if (cix_parse_long(s, strlen(s), &a) < 0 || a < 1 || a > 9999)
			return -1;
		*from = *to = (int)a;
		return 0;
	}
	if (dash > s && (cix_parse_long(s, (size_t)(dash - s), &a) < 0 ||
	    a < 1 || a > 9999))
		return -1;
	if (dash[1] != '\0' && (cix_parse_long(dash + 1, strlen(dash + 1),
	    &b) < 0 || b < 1 || b > 9999))
		return -1;
	if (dash == s && dash[1] == '\0')
		return -1;
	if (a && b && a > b)
		return -1;
	*from = (int)a;
	*to = (int)b;
	return 0;
}

struct collect {
	int64_t *ids;
	size_t n;
	size_t alloc;
};

static int
collect(void *ctx, int64_t id)
{
	struct collect *c = ctx;

	if (c->n == c->alloc) {
		size_t na = c->alloc ? c->alloc * 2 : 64;
		int64_t *p = realloc(c->ids, na * sizeof(*p));

		if (p == NULL)
			return CIX_ENOMEM;
		c->ids = p;
		c->alloc = na;
	}
	c->ids[c->n++] = id;
	return 0;
}

/* Print works as a table (id year authors title source doi). */
int
cli_print_works(struct cli *cli, int fmt, const int64_t *ids, size_t n)
{
	static const struct out_col cols[] = {
		{ "id", COL_INT, 0, 1 },
		{ "year", COL_INT, 0, 1 },
		{ "authors", COL_STR, 0, 0 },
		{ "title", COL_STR, 1, 0 },
		{ "source", COL_STR, 0, 0 },
		{ "doi", COL_STR, 0, 0 },
		{ "ut", COL_STR, 0, 0 },
	};
	struct out_table *t;
	struct cix_record r;
	struct cix_work_meta m;
	struct cix_error err;
	size_t i;
	int rc = EXIT_OK;

	t = out_table_new(fmt, cols, sizeof(cols) / sizeof(cols[0]));
	if (t == NULL)
		return EXIT_FAIL;
	cix_record_init(&r);
	for (i = 0; i < n; i++) {
		char idb[32], yb[16], au[256], src[128];
		const char *cells[7];

		cix_error_clear(&err);
		if (cix_store_load(cli->store, ids[i], &r, &m, &err) < 0) {
			cli_error(&err);
			rc = EXIT_FAIL;
			break;
		}
		snprintf(idb, sizeof(idb), "%lld", (long long)ids[i]);
		snprintf(yb, sizeof(yb), "%d", r.year);
		snprintf(src, sizeof(src), "%s", r.source_abbrev ?
		    r.source_abbrev : r.source ? r.source : "");
		cells[0] = idb;
		cells[1] = r.year ? yb : NULL;
		cells[2] = work_authors_short(&r, au, sizeof(au), 2);
		cells[3] = r.title;
		cells[4] = src;
		cells[5] = r.doi;
		cells[6] = r.ut;
		out_table_add(t, cells, fmt == OUT_JSON ?
		    work_json(&r, &m, 0) : NULL);
	}
	if (rc == EXIT_OK && out_table_print(t, stdout) < 0)
		rc = EXIT_FAIL;
	cix_record_release(&r);
	out_table_free(t);
	return rc;
}

static int
run(struct cli *cli, int argc, char **argv)
{
	struct cli_parser p;
	struct cix_query q;
	struct cix_buf text;
	struct cix_error err;
	struct collect c = { NULL, 0, 0 };
	long lim;
	int opt, fmt = OUT_TABLE, rc = EXIT_OK, i, k;

	memset(&q, 0, sizeof(q));
	q.records_only = 1;
	q.limit = 100;
	cix_buf_init(&text, 1 << 16);
	cli_parser_init(&p, cli, &cmd_search, argc, argv);
	while ((opt = cli_next_opt(&p)) > 0) {
		switch (opt) {
		case O_FORMAT:
			if ((fmt = out_format_parse(p.optarg)) < 0) {
				rc = cli_usage_error(&cmd_search,
				    "unknown format '%s'", p.optarg);
				goto out;
			}
			break;
		case O_AUTHOR: q.author = p.optarg; break;
		case O_TITLE: q.title = p.optarg; break;
		case O_KEYWORD: q.keyword = p.optarg; break;
		case O_SOURCE: q.source = p.optarg; break;
		case O_ALL: q.records_only = 0; break;
		case O_YEAR:
			if (cli_parse_years(p.optarg, &q.year_from,
			    &q.year_to) < 0) {
				rc = cli_usage_error(&cmd_search,
				    "bad year '%s' (Y or Y1-Y2)", p.optarg);
				goto out;
			}
			break;
		case O_LIMIT:
			if (cix_parse_long(p.optarg, strlen(p.optarg), &lim) < 0 ||
			    lim < 0) {
				rc = cli_usage_error(&cmd_search,
				    "bad limit '%s'", p.optarg);
				goto out;
			}
			q.limit = (size_t)lim;
			break;
		}
	}
	if (opt < 0) {
		rc = opt == -2 ? EXIT_OK : EXIT_USAGE;
		goto out;
	}
	for (i = 0; i < p.noperands; i++)
		cix_buf_addf(&text, "%s%s", i ? " " : "", p.operands[i]);
	if (text.len)
		q.text = text.p;
	if ((rc = cli_open_store(cli, CIX_STORE_NOCREATE)) != EXIT_OK)
		goto out;
	cix_error_clear(&err);
	if ((k = cix_store_search(cli->store, &q, collect, &c, &err)) < 0) {
		if (k == CIX_ENOMEM)
			cix_error_set(&err, k, "out of memory");
		cli_error(&err);
		rc = k == CIX_EINVAL ? EXIT_USAGE : EXIT_FAIL;
		goto out;
	}
	rc = cli_print_works(cli, fmt, c.ids, c.n);
	if (rc == EXIT_OK && c.n == 0 && fmt == OUT_TABLE && !cli->quiet && fflush(stdout) == 0)
		fprintf(stderr, "cix: no work matches\n");
out:
	free(c.ids);
	cix_buf_release(&text);
	cli_parser_release(&p);
	return rc;
}
