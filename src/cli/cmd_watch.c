/*
 * cmd_watch.c - cix watch: the works the user calls their own, whose new
 * citations `cix update` reports one by one.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "store_update.h"
#include "banned.h"

enum { O_LIST = 1, O_REMOVE, O_FORMAT };

static const struct cli_opt opts[] = {
	{ O_LIST, 'l', "list", NULL,
	  "list the watched works with their LCS (the default without"
	  " WORK)" },
	{ O_REMOVE, 0, "remove", NULL, "stop watching the WORKs" },
	{ O_FORMAT, 'f', "format", "FORMAT",
	  "the list as table (default), tsv, csv or json" },
	{ 0 }
};

static int run(struct cli *cli, int argc, char **argv);

const struct cli_cmd cmd_watch = {
	"watch", run,
	"cix watch [WORK...] | --list [--format FORMAT] | --remove WORK...",
	"mark works as your own: `cix update` reports their new citations",
	opts
};

struct ids {
	int64_t *v;
	int *present;
	size_t n, alloc;
};

static int
collect(void *ctx, int64_t id, int present)
{
	struct ids *x = ctx;

	if (x->n == x->alloc) {
		size_t na = x->alloc ? x->alloc * 2 : 16;
		int64_t *v = realloc(x->v, na * sizeof(*v));
		int *p;

		if (v == NULL)
			return CIX_ENOMEM;
		x->v = v;
		if ((p = realloc(x->present, na * sizeof(*p))) == NULL)
			return CIX_ENOMEM;
		x->present = p;
		x->alloc = na;
	}
	x->v[x->n] = id;
	x->present[x->n++] = present;
	return 0;
}

static int
list(struct cli *cli, int fmt)
{
	static const struct out_col cols[] = {
		{ "id", COL_INT, 0, 1 },
		{ "lcs", COL_INT, 0, 1 },
		{ "year", COL_INT, 0, 1 },
		{ "authors", COL_STR, 0, 0 },
		{ "title", COL_STR, 1, 0 },
		{ "doi", COL_STR, 0, 0 },
	};
	struct ids x;
	struct out_table *t = NULL;
	struct cix_record r;
	struct cix_work_meta m;
	struct cix_error err;
	size_t i;
	int rc = EXIT_OK, k;

	memset(&x, 0, sizeof(x));
	cix_record_init(&r);
	cix_error_clear(&err);
	if ((k = cix_store_watch_list(cli->store, collect, &x, &err)) < 0) {
		if (k == CIX_ENOMEM)
			cix_error_set(&err, k, "out of memory");
		cli_error(&err);
		rc = EXIT_FAIL;
		goto out;
	}
	if ((t = out_table_new(fmt, cols, sizeof(cols) / sizeof(cols[0]))) ==
	    NULL) {
		rc = EXIT_FAIL;
		goto out;
	}
	for (i = 0; i < x.n; i++) {
		char idb[32], lcs[32], yb[16], au[256];
		const char *cells[6];
		json_t *o = NULL;

		snprintf(idb, sizeof(idb), "%lld", (long long)x.v[i]);
		memset(cells, 0, sizeof(cells));
		cells[0] = idb;
		cix_error_clear(&err);
		if (!x.present[i] ||
		    cix_store_load(cli->store, x.v[i], &r, &m, &err) < 0) {
			/* Gone from the index: say so rather than hide it. */
			cells[4] = "(no longer in the index)";
			if (fmt == OUT_JSON) {
				o = json_object();
				json_object_set_new(o, "id",
				    json_integer(x.v[i]));
				json_object_set_new(o, "missing",
				    json_true());
			}
			out_table_add(t, cells, o);
			continue;
		}
		snprintf(lcs, sizeof(lcs), "%lld", (long long)m.lcs);
		snprintf(yb, sizeof(yb), "%d", r.year);
		cells[1] = lcs;
		cells[2] = r.year ? yb : NULL;
		cells[3] = work_authors_short(&r, au, sizeof(au), 2);
		cells[4] = r.title;
		cells[5] = r.doi;
		out_table_add(t, cells, fmt == OUT_JSON ? work_json(&r, &m, 0) :
		    NULL);
	}
	if (x.n == 0 && fmt == OUT_TABLE) {
		if (!cli->quiet)
			printf("no watched works; add some with 'cix watch"
			    " WORK'\n");
	} else if (out_table_print(t, stdout) < 0) {
		rc = EXIT_FAIL;
	}
out:
	out_table_free(t);
	cix_record_release(&r);
	free(x.v);
	free(x.present);
	return rc;
}

static int
run(struct cli *cli, int argc, char **argv)
{
	struct cli_parser p;
	struct cix_error err;
	int64_t *ids = NULL;
	int opt, rc = EXIT_OK, i, k, changed, do_list = 0, rm = 0;
	int fmt = OUT_TABLE;

	cli_parser_init(&p, cli, &cmd_watch, argc, argv);
	while ((opt = cli_next_opt(&p)) > 0) {
		switch (opt) {
		case O_LIST:
			do_list = 1;
			break;
		case O_REMOVE:
			rm = 1;
			break;
		case O_FORMAT:
			if ((fmt = out_format_parse(p.optarg)) < 0) {
				rc = cli_usage_error(&cmd_watch,
				    "unknown format '%s'", p.optarg);
				goto out;
			}
			break;
		}
	}
	if (opt < 0) {
		rc = opt == -2 ? EXIT_OK : EXIT_USAGE;
		goto out;
	}
	if (do_list && (rm || p.noperands > 0)) {
		rc = cli_usage_error(&cmd_watch, "--list takes no WORK");
		goto out;
	}
	if (rm && p.noperands == 0) {
		rc = cli_usage_error(&cmd_watch, "--remove which work?");
		goto out;
	}
	if ((rc = cli_open_store(cli, CIX_STORE_NOCREATE)) != EXIT_OK)
		goto out;
	if (p.noperands == 0) {
		rc = list(cli, fmt);
		goto out;
	}
	/* Every name first: a typo changes nothing. */
	if ((ids = calloc((size_t)p.noperands, sizeof(*ids))) == NULL) {
		cli_errorf("out of memory");
		rc = EXIT_FAIL;
		goto out;
	}
	for (i = 0; i < p.noperands; i++)
		if ((rc = cli_find_work(cli, p.operands[i], &ids[i])) !=
		    EXIT_OK)
			goto out;
	for (i = 0; i < p.noperands; i++) {
		cix_error_clear(&err);
		k = rm ?
		    cix_store_watch_remove(cli->store, ids[i], &changed, &err) :
		    cix_store_watch_add(cli->store, ids[i], &changed, &err);
		if (k < 0) {
			cli_error(&err);
			rc = cli_exit_for(k);
			goto out;
		}
		if (cli->quiet)
			continue;
		if (rm)
			printf(changed ? "no longer watching #%lld (%s)\n" :
			    "#%lld (%s) was not watched\n",
			    (long long)ids[i], p.operands[i]);
		else
			printf(changed ? "watching #%lld (%s)\n" :
			    "#%lld (%s) is watched already\n",
			    (long long)ids[i], p.operands[i]);
	}
out:
	free(ids);
	cli_parser_release(&p);
	return rc;
}
