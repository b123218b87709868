/*
 * cmd_stats.c - cix stats: what the index holds.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "banned.h"

enum { O_FORMAT = 1 };

static const struct cli_opt opts[] = {
	{ O_FORMAT, 'f', "format", "FORMAT",
	  "table (default), tsv, csv or json" },
	{ 0 }
};

static int run(struct cli *cli, int argc, char **argv);

const struct cli_cmd cmd_stats = {
	"stats", run,
	"cix stats [--format FORMAT]",
	"count works, records, references and files, and works per year",
	opts
};

struct years {
	json_t *json;
	struct out_table *t;
};

static int
year_row(void *ctx, int year, int64_t count)
{
	struct years *y = ctx;
	char yb[16], cb[32];
	const char *cells[3];

	snprintf(yb, sizeof(yb), "%d", year);
	snprintf(cb, sizeof(cb), "%lld", (long long)count);
	if (y->json != NULL) {
		json_t *o = json_object();

		json_object_set_new(o, "year", year ? json_integer(year) :
		    json_null());
		json_object_set_new(o, "works", json_integer(count));
		json_array_append_new(y->json, o);
		return 0;
	}
	cells[0] = "year";
	cells[1] = year ? yb : "unknown";
	cells[2] = cb;
	return out_table_add(y->t, cells, NULL) < 0 ? CIX_ENOMEM : 0;
}

static int
run(struct cli *cli, int argc, char **argv)
{
	static const struct out_col cols[] = {
		{ "what", COL_STR, 0, 0 },
		{ "key", COL_STR, 0, 0 },
		{ "count", COL_INT, 0, 1 },
	};
	struct cli_parser p;
	struct cix_stats st;
	struct cix_error err;
	struct years y = { NULL, NULL };
	int opt, fmt = OUT_TABLE, rc = EXIT_OK, k;

	cli_parser_init(&p, cli, &cmd_stats, argc, argv);
	while ((opt = cli_next_opt(&p)) > 0)
		if (opt == O_FORMAT && (fmt = out_format_parse(p.optarg)) < 0) {
			rc = cli_usage_error(&cmd_stats, "unknown format '%s'",
			    p.optarg);
			goto out;
		}
	if (opt < 0) {
		rc = opt == -2 ? EXIT_OK : EXIT_USAGE;
		goto out;
	}
	if (p.noperands > 0) {
		rc = cli_usage_error(&cmd_stats, "unexpected '%s'",
		    p.operands[0]);
		goto out;
	}
	if ((rc = cli_open_store(cli, CIX_STORE_NOCREATE)) != EXIT_OK)
		goto out;
	cix_error_clear(&err);
	if ((k = cix_store_stats(cli->store, &st, &err)) < 0) {
		cli_error(&err);
		rc = cli_exit_for(k);
		goto out;
	}
	if (fmt == OUT_JSON) {
		json_t *o = json_object();

		y.json = json_array();
		json_object_set_new(o, "works", json_integer(st.works));
		json_object_set_new(o, "records", json_integer(st.records));
		json_object_set_new(o, "cited_only",
		    json_integer(st.cited_only));
		json_object_set_new(o, "references", json_integer(st.refs));
		json_object_set_new(o, "references_linked",
		    json_integer(st.refs_linked));
		json_object_set_new(o, "local_links",
		    json_integer(st.links_local));
		json_object_set_new(o, "files", json_integer(st.files));
		json_object_set_new(o, "dois", json_integer(st.dois));
		if ((k = cix_store_years(cli->store, year_row, &y, &err)) < 0) {
			cli_error(&err);
			json_decref(o);
			json_decref(y.json);
			rc = EXIT_FAIL;
			goto out;
		}
		json_object_set_new(o, "years", y.json);
		out_json(stdout, o);
		json_decref(o);
		goto out;
	}
	y.t = out_table_new(fmt, cols, 3);
	{
		const struct { const char *k; int64_t v; } rows[] = {
			{ "works", st.works },
			{ "records", st.records },
			{ "cited_only", st.cited_only },
			{ "references", st.refs },
			{ "references_linked", st.refs_linked },
			{ "local_links", st.links_local },
			{ "files", st.files },
			{ "dois", st.dois },
		};
		size_t i;

		for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
			char cb[32];
			const char *cells[3];

			snprintf(cb, sizeof(cb), "%lld", (long long)rows[i].v);
			cells[0] = "total";
			cells[1] = rows[i].k;
			cells[2] = cb;
			out_table_add(y.t, cells, NULL);
		}
	}
	if ((k = cix_store_years(cli->store, year_row, &y, &err)) < 0) {
		cli_error(&err);
		rc = EXIT_FAIL;
		goto out;
	}
	if (out_table_print(y.t, stdout) < 0)
		rc = EXIT_FAIL;
out:
	out_table_free(y.t);
	cli_parser_release(&p);
	return rc;
}
