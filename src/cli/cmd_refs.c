/*
 * cmd_refs.c - cix refs: what a work cites, and how each reference was
 * linked; with --all, every reference in the index.
 */
#include "config.h"

#include <stdio.h>

#include "cli.h"
#include "banned.h"

enum { O_FORMAT = 1, O_ALL };

static const struct cli_opt opts[] = {
	{ O_ALL, 'a', "all", NULL, "every reference in the index" },
	{ O_FORMAT, 'f', "format", "FORMAT",
	  "table (default), tsv, csv or json" },
	{ 0 }
};

static int run(struct cli *cli, int argc, char **argv);

const struct cli_cmd cmd_refs = {
	"refs", run,
	"cix refs [--format FORMAT] WORK | --all",
	"list the references of a work with the work each one is linked to,"
	" the method and the confidence",
	opts
};

static int
run(struct cli *cli, int argc, char **argv)
{
	struct cli_parser p;
	struct rows r;
	struct cix_error err;
	int64_t id = 0;
	int opt, fmt = OUT_TABLE, all = 0, rc = EXIT_OK, k;

	r.t = NULL;
	cli_parser_init(&p, cli, &cmd_refs, argc, argv);
	while ((opt = cli_next_opt(&p)) > 0) {
		if (opt == O_ALL)
			all = 1;
		else if (opt == O_FORMAT &&
		    (fmt = out_format_parse(p.optarg)) < 0) {
			rc = cli_usage_error(&cmd_refs, "unknown format '%s'",
			    p.optarg);
			goto out;
		}
	}
	if (opt < 0) {
		rc = opt == -2 ? EXIT_OK : EXIT_USAGE;
		goto out;
	}
	if ((all && p.noperands > 0) || (!all && p.noperands != 1)) {
		rc = cli_usage_error(&cmd_refs, all ? "--all takes no WORK" :
		    "give one WORK, or --all");
		goto out;
	}
	if ((rc = cli_open_store(cli, CIX_STORE_NOCREATE)) != EXIT_OK)
		goto out;
	if (!all && (rc = cli_find_work(cli, p.operands[0], &id)) != EXIT_OK)
		goto out;
	if (rows_init(&r, fmt, all ? ROWS_ALLREFS : ROWS_REFS, NULL) < 0) {
		rc = EXIT_FAIL;
		goto out;
	}
	cix_error_clear(&err);
	k = all ? cix_graph_all_refs(cli->store, rows_add, &r, &err) :
	    cix_graph_refs(cli->store, id, rows_add, &r, &err);
	if (k < 0) {
		cli_error(&err);
		rc = cli_exit_for(k);
		goto out;
	}
	rc = rows_print(&r);
	if (r.n == 0 && fmt == OUT_TABLE && !cli->quiet && fflush(stdout) == 0)
		fprintf(stderr, "cix: no references\n");
out:
	rows_release(&r);
	cli_parser_release(&p);
	return rc;
}
