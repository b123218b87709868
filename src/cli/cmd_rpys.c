/*
 * cmd_rpys.c - cix rpys: reference publication year spectroscopy.
 */
#include "config.h"

#include <stdio.h>

#include "cli.h"
#include "banned.h"

enum { O_FORMAT = 1, O_YEAR };

static const struct cli_opt opts[] = {
	{ O_YEAR, 'y', "year", "Y1-Y2", "only cited years Y1 to Y2" },
	{ O_FORMAT, 'f', "format", "FORMAT",
	  "table (default), tsv, csv or json" },
	{ 0 }
};

static int run(struct cli *cli, int argc, char **argv);

const struct cli_cmd cmd_rpys = {
	"rpys", run,
	"cix rpys [--year Y1-Y2] [--format FORMAT]",
	"count cited references per cited year and their deviation from the"
	" five-year median (RPYS)",
	opts
};

static int
add(void *ctx, const struct cix_rpys_row *r)
{
	struct out_table *t = ctx;
	char y[16], n[32], m[32], d[32];
	const char *c[4] = { y, n, m, d };

	snprintf(y, sizeof(y), "%d", r->year);
	snprintf(n, sizeof(n), "%lld", (long long)r->count);
	snprintf(m, sizeof(m), "%g", r->median);
	snprintf(d, sizeof(d), "%g", r->deviation);
	return out_table_add(t, c, NULL) < 0 ? CIX_ENOMEM : 0;
}

static int
run(struct cli *cli, int argc, char **argv)
{
	static const struct out_col cols[] = {
		{ "year", COL_INT, 0, 1 },
		{ "references", COL_INT, 0, 1 },
		{ "median", COL_REAL, 0, 1 },
		{ "deviation", COL_REAL, 0, 1 },
	};
	struct cli_parser p;
	struct cix_error err;
	struct out_table *t = NULL;
	int opt, fmt = OUT_TABLE, rc = EXIT_OK, k, y1 = 0, y2 = 0;

	cli_parser_init(&p, cli, &cmd_rpys, argc, argv);
	while ((opt = cli_next_opt(&p)) > 0) {
		if (opt == O_FORMAT && (fmt = out_format_parse(p.optarg)) < 0) {
			rc = cli_usage_error(&cmd_rpys, "unknown format '%s'",
			    p.optarg);
			goto out;
		}
		if (opt == O_YEAR && cli_parse_years(p.optarg, &y1, &y2) < 0) {
			rc = cli_usage_error(&cmd_rpys, "bad year '%s'",
			    p.optarg);
			goto out;
		}
	}
	if (opt < 0) {
		rc = opt == -2 ? EXIT_OK : EXIT_USAGE;
		goto out;
	}
	if (p.noperands > 0) {
		rc = cli_usage_error(&cmd_rpys, "unexpected '%s'",
		    p.operands[0]);
		goto out;
	}
	if ((rc = cli_open_store(cli, CIX_STORE_NOCREATE)) != EXIT_OK)
		goto out;
	t = out_table_new(fmt, cols, 4);
	cix_error_clear(&err);
	if ((k = cix_graph_rpys(cli->store, y1, y2, add, t, &err)) < 0) {
		cli_error(&err);
		rc = cli_exit_for(k);
		goto out;
	}
	rc = out_table_print(t, stdout) < 0 ? EXIT_FAIL : EXIT_OK;
out:
	out_table_free(t);
	cli_parser_release(&p);
	return rc;
}
