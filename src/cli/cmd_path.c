/*
 * cmd_path.c - cix path: a shortest citation path between two works.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "banned.h"

enum { O_FORMAT = 1, O_UNDIRECTED };

static const struct cli_opt opts[] = {
	{ O_UNDIRECTED, 'u', "undirected", NULL,
	  "follow citations both ways (A cites X, Y cites X ...)" },
	{ O_FORMAT, 'f', "format", "FORMAT",
	  "table (default), tsv, csv or json" },
	{ 0 }
};

static int run(struct cli *cli, int argc, char **argv);

const struct cli_cmd cmd_path = {
	"path", run,
	"cix path [--undirected] [--format FORMAT] A B",
	"find a shortest chain of citations from work A to work B",
	opts
};

struct step {
	struct rows *r;
	size_t i;
};

static int
add_step(void *ctx, const struct cix_work_row *row)
{
	struct step *st = ctx;
	struct cix_work_row c = *row;

	c.value = (double)st->i;
	return rows_add(st->r, &c);
}

static int
run(struct cli *cli, int argc, char **argv)
{
	struct cli_parser p;
	struct cix_error err;
	struct rows r;
	int64_t a, b, *path = NULL;
	size_t n = 0, i;
	int opt, fmt = OUT_TABLE, rc = EXIT_OK, k, undirected = 0, reversed;

	r.t = NULL;
	cli_parser_init(&p, cli, &cmd_path, argc, argv);
	while ((opt = cli_next_opt(&p)) > 0) {
		if (opt == O_UNDIRECTED)
			undirected = 1;
		else if (opt == O_FORMAT &&
		    (fmt = out_format_parse(p.optarg)) < 0) {
			rc = cli_usage_error(&cmd_path, "unknown format '%s'",
			    p.optarg);
			goto out;
		}
	}
	if (opt < 0) {
		rc = opt == -2 ? EXIT_OK : EXIT_USAGE;
		goto out;
	}
	if (p.noperands != 2) {
		rc = cli_usage_error(&cmd_path, "give two works, A and B");
		goto out;
	}
	if ((rc = cli_open_store(cli, CIX_STORE_NOCREATE)) != EXIT_OK ||
	    (rc = cli_find_work(cli, p.operands[0], &a)) != EXIT_OK ||
	    (rc = cli_find_work(cli, p.operands[1], &b)) != EXIT_OK)
		goto out;
	cix_error_clear(&err);
	if ((k = cix_graph_path(cli->store, a, b, undirected, &path, &n,
	    &reversed, &err)) < 0) {
		cli_error(&err);
		rc = cli_exit_for(k);
		goto out;
	}
	if (rows_init(&r, fmt, ROWS_WORKS, "step") < 0) {
		rc = EXIT_FAIL;
		goto out;
	}
	for (i = 0; i < n; i++) {
		struct step st = { &r, i };

		if ((k = cix_graph_work(cli->store, path[i], add_step, &st,
		    &err)) < 0) {
			cli_error(&err);
			rc = cli_exit_for(k);
			goto out;
		}
	}
	rc = rows_print(&r);
	if (fmt == OUT_TABLE && !cli->quiet) {
		if (reversed)
			fprintf(stderr, "no chain of citations leads from A"
			    " to B; this one leads from B to A\n");
		fprintf(stderr, "%zu step%s: each work %s the next\n",
		    n - 1, n == 2 ? "" : "s", undirected ?
		    "cites or is cited by" : "cites");
	}
out:
	free(path);
	rows_release(&r);
	cli_parser_release(&p);
	return rc;
}
