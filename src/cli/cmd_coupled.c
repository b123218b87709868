/*
 * cmd_coupled.c - cix coupled: the works sharing references with WORK, with how many (bibliographic coupling strength).
 */
#include "config.h"

#include <stdio.h>

#include "cli.h"
#include "banned.h"

static const struct cli_opt opts[] = {
	{ QOPT_LIMIT, 'n', "limit", "N",
	  "at most N works (0: all; default 20)" },
	{ QOPT_FORMAT, 'f', "format", "FORMAT",
	  "table (default), tsv, csv or json" },
	{ 0 }
};

static int run(struct cli *cli, int argc, char **argv);

const struct cli_cmd cmd_coupled = {
	"coupled", run,
	"cix coupled [--limit N] [--format FORMAT] WORK",
	"the works sharing references with WORK, with how many (bibliographic coupling strength)",
	opts
};

static int
run(struct cli *cli, int argc, char **argv)
{
	struct rows p;
	struct cix_error err;
	size_t limit = 20;
	int64_t id;
	int fmt, rc;

	if ((rc = cli_work_query(cli, &cmd_coupled, argc, argv, &fmt, &limit,
	    &id)) != EXIT_OK)
		return rc == -2 ? EXIT_OK : rc;
	if (rows_init(&p, fmt, ROWS_WORKS, "shared") < 0)
		return EXIT_FAIL;
	cix_error_clear(&err);
	if ((rc = cix_graph_coupled(cli->store, id, limit, rows_add, &p, &err)) < 0) {
		cli_error(&err);
		rows_release(&p);
		return cli_exit_for(rc);
	}
	rc = rows_print(&p);
	if (p.n == 0 && fmt == OUT_TABLE && !cli->quiet && fflush(stdout) == 0)
		fprintf(stderr, "cix: none\n");
	rows_release(&p);
	return rc;
}
