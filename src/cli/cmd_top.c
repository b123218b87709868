/*
 * cmd_top.c - cix top: the most cited works, by LCS, GCS, LCR or PageRank.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "banned.h"

enum { O_FORMAT = 1, O_BY, O_LIMIT, O_RECORDS, O_CITED, O_YEAR };

static const struct cli_opt opts[] = {
	{ O_BY, 'b', "by", "MEASURE",
	  "lcs (citations from records in the index; default), gcs (times"
	  " cited as the source reports it), lcr (references to records in"
	  " the index) or pagerank" },
	{ O_LIMIT, 'n', "limit", "N", "how many (default 20)" },
	{ O_RECORDS, 'r', "records", NULL, "only works with a full record" },
	{ O_CITED, 'c', "cited-only", NULL,
	  "only works known from references alone" },
	{ O_YEAR, 'y', "year", "Y|Y1-Y2", "published in Y, or Y1 to Y2" },
	{ O_FORMAT, 'f', "format", "FORMAT",
	  "table (default), tsv, csv or json" },
	{ 0 }
};

static int run(struct cli *cli, int argc, char **argv);

const struct cli_cmd cmd_top = {
	"top", run,
	"cix top [--by lcs|gcs|lcr|pagerank] [--limit N]"
	" [--records|--cited-only] [--year Y|Y1-Y2] [--format FORMAT]",
	"rank works by local or global citations, local references or"
	" PageRank",
	opts
};

static int
run(struct cli *cli, int argc, char **argv)
{
	static const char *const names[] = { "lcs", "gcs", "lcr", "pagerank" };
	struct cli_parser p;
	struct cix_top_opts o;
	struct rows r;
	struct cix_error err;
	long v;
	size_t i;
	int opt, fmt = OUT_TABLE, rc = EXIT_OK, k;

	memset(&o, 0, sizeof(o));
	r.t = NULL;
	cli_parser_init(&p, cli, &cmd_top, argc, argv);
	while ((opt = cli_next_opt(&p)) > 0) {
		switch (opt) {
		case O_FORMAT:
			if ((fmt = out_format_parse(p.optarg)) < 0) {
				rc = cli_usage_error(&cmd_top,
				    "unknown format '%s'", p.optarg);
				goto out;
			}
			break;
		case O_BY:
			for (i = 0; i < 4; i++)
				if (strcmp(p.optarg, names[i]) == 0)
					break;
			if (i == 4) {
				rc = cli_usage_error(&cmd_top, "unknown measure"
				    " '%s' (lcs, gcs, lcr, pagerank)",
				    p.optarg);
				goto out;
			}
			o.by = (int)i;
			break;
		case O_LIMIT:
			if (cix_parse_long(p.optarg, strlen(p.optarg), &v) < 0 ||
			    v <= 0) {
				rc = cli_usage_error(&cmd_top, "bad limit '%s'",
				    p.optarg);
				goto out;
			}
			o.limit = (size_t)v;
			break;
		case O_RECORDS:
			o.records = 1;
			break;
		case O_CITED:
			o.cited_only = 1;
			break;
		case O_YEAR:
			if (cli_parse_years(p.optarg, &o.year_from,
			    &o.year_to) < 0) {
				rc = cli_usage_error(&cmd_top, "bad year '%s'",
				    p.optarg);
				goto out;
			}
			break;
		}
	}
	if (opt < 0) {
		rc = opt == -2 ? EXIT_OK : EXIT_USAGE;
		goto out;
	}
	if (o.records && o.cited_only) {
		rc = cli_usage_error(&cmd_top, "--records and --cited-only"
		    " exclude each other");
		goto out;
	}
	if (p.noperands > 0) {
		rc = cli_usage_error(&cmd_top, "unexpected '%s'",
		    p.operands[0]);
		goto out;
	}
	if ((rc = cli_open_store(cli, CIX_STORE_NOCREATE)) != EXIT_OK)
		goto out;
	/* LCS and GCS have their own columns already. */
	if (rows_init(&r, fmt, ROWS_WORKS, o.by == CIX_TOP_LCS ||
	    o.by == CIX_TOP_GCS ? NULL : names[o.by]) < 0) {
		rc = EXIT_FAIL;
		goto out;
	}
	cix_error_clear(&err);
	if ((k = cix_graph_top(cli->store, &o, rows_add, &r, &err)) < 0) {
		cli_error(&err);
		rc = cli_exit_for(k);
		goto out;
	}
	rc = rows_print(&r);
	if (r.n == 0 && fmt == OUT_TABLE && !cli->quiet && fflush(stdout) == 0)
		fprintf(stderr, "cix: no work has a %s above 0 (import"
		    " records that cite each other)\n", names[o.by]);
out:
	rows_release(&r);
	cli_parser_release(&p);
	return rc;
}
