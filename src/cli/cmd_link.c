/*
 * cmd_link.c - cix link: link the references that have no link yet, or,
 * with --reset, forget every link and compute them all again.
 */
#include "config.h"

#include <stdio.h>

#include "cli.h"
#include "link.h"
#include "banned.h"

enum { O_FORMAT = 1, O_RESET };

static const struct cli_opt opts[] = {
	{ O_RESET, 0, "reset", NULL,
	  "forget every link and every cited-only work, then link all"
	  " references again (after an upgrade of the matching rules)" },
	{ O_FORMAT, 'f', "format", "FORMAT",
	  "the summary as table (default), tsv, csv or json" },
	{ 0 }
};

static int run(struct cli *cli, int argc, char **argv);

const struct cli_cmd cmd_link = {
	"link", run,
	"cix link [--reset] [--format FORMAT]",
	"link cited references to the works they name (import does this"
	" itself)",
	opts
};

static int
run(struct cli *cli, int argc, char **argv)
{
	static const struct out_col cols[] = {
		{ "what", COL_STR, 0, 0 },
		{ "count", COL_REAL, 0, 1 },
	};
	struct cli_parser p;
	struct cix_error err;
	struct cix_link_stats st;
	struct out_table *t = NULL;
	int opt, fmt = -1, reset = 0, rc = EXIT_OK, k;
	size_t i;

	cli_parser_init(&p, cli, &cmd_link, argc, argv);
	while ((opt = cli_next_opt(&p)) > 0) {
		if (opt == O_RESET)
			reset = 1;
		else if (opt == O_FORMAT &&
		    (fmt = out_format_parse(p.optarg)) < 0) {
			rc = cli_usage_error(&cmd_link, "unknown format '%s'",
			    p.optarg);
			goto out;
		}
	}
	if (opt < 0) {
		rc = opt == -2 ? EXIT_OK : EXIT_USAGE;
		goto out;
	}
	if (p.noperands > 0) {
		rc = cli_usage_error(&cmd_link, "unexpected '%s'",
		    p.operands[0]);
		goto out;
	}
	if ((rc = cli_open_store(cli, CIX_STORE_NOCREATE)) != EXIT_OK)
		goto out;
	cix_error_clear(&err);
	if (reset && (k = cix_link_reset(cli->store, &err)) < 0) {
		cli_error(&err);
		rc = cli_exit_for(k);
		goto out;
	}
	if ((k = cix_link_run(cli->store, &st, &err)) < 0) {
		cli_error(&err);
		rc = cli_exit_for(k);
		goto out;
	}
	if (fmt < 0) {
		if (!cli->quiet)
			printf("linked %zu references in %.1f s: %zu by DOI,"
			    " %zu by key, %zu fuzzy, %zu to works known only"
			    " from references (%zu new); %zu cited-only works"
			    " completed by their record; %zu left unlinked\n",
			    st.refs, st.seconds, st.by_doi, st.by_key,
			    st.by_fuzzy, st.to_cited, st.new_cited,
			    st.absorbed, st.unlinked);
		goto out;
	}
	t = out_table_new(fmt, cols, 2);
	{
		const struct { const char *k; double v; } rows[] = {
			{ "references", (double)st.refs },
			{ "doi", (double)st.by_doi },
			{ "key", (double)st.by_key },
			{ "fuzzy", (double)st.by_fuzzy },
			{ "cited_only", (double)st.to_cited },
			{ "new_cited_works", (double)st.new_cited },
			{ "completed", (double)st.absorbed },
			{ "unlinked", (double)st.unlinked },
			{ "seconds", st.seconds },
		};

		for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
			char b[32];
			const char *c[2] = { rows[i].k, b };

			snprintf(b, sizeof(b), "%g", rows[i].v);
			out_table_add(t, c, NULL);
		}
	}
	rc = out_table_print(t, stdout) < 0 ? EXIT_FAIL : EXIT_OK;
out:
	out_table_free(t);
	cli_parser_release(&p);
	return rc;
}
