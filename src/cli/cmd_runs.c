/*
 * cmd_runs.c - cix runs: the past runs of `cix update` and their reports.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "store_update.h"
#include "banned.h"

enum { O_LIMIT = 1, O_FORMAT };

static const struct cli_opt opts[] = {
	{ O_LIMIT, 'n', "limit", "N",
	  "the last N runs (default 20; 0: all)" },
	{ O_FORMAT, 'f', "format", "FORMAT",
	  "table (default), tsv, csv or json (with the reports)" },
	{ 0 }
};

static int run(struct cli *cli, int argc, char **argv);

const struct cli_cmd cmd_runs = {
	"runs", run,
	"cix runs [--limit N] [--format FORMAT] [RUN...]",
	"list the past runs of cix update, or show the report of RUN (a"
	" number or 'last')",
	opts
};

static json_t *
run_json(const struct cix_run_row *r)
{
	json_t *o = json_object();

#define NUM(k, v) json_object_set_new(o, k, json_integer((json_int_t)(v)))
#define STR(k, v) json_object_set_new(o, k, (v) != NULL && *(v) != '\0' ? \
	json_string(v) : json_null())
	NUM("run", r->id);
	STR("started", r->started);
	STR("ended", r->ended);
	STR("status", cix_run_status_name(r->status));
	NUM("pid", r->pid);
	STR("phase", r->phase);
	NUM("files_seen", r->files_seen);
	NUM("files_imported", r->files_imported);
	NUM("files_failed", r->files_failed);
	NUM("records", r->records);
	NUM("dois_asked", r->dois_asked);
	NUM("dois_resolved", r->dois_resolved);
	NUM("dois_failed", r->dois_failed);
	NUM("requests", r->requests);
	NUM("references_linked", r->refs_linked);
	if (r->has_report) {
		NUM("new_works", r->new_works);
		NUM("new_citations", r->new_citations);
		NUM("newly_resolved", r->newly_resolved);
		NUM("watched_citations", r->watched_citations);
	}
	STR("report", r->report);
	STR("error", r->error);
#undef NUM
#undef STR
	return o;
}

struct walk {
	struct out_table *t;
	int fmt;
	int reports;		/* 1: print each run's report */
	size_t n;
};

static int
add_run(void *ctx, const struct cix_run_row *r)
{
	struct walk *w = ctx;
	char b[10][32];
	const char *cells[10];
	int i;

	w->n++;
	if (w->reports && w->fmt != OUT_JSON) {
		if (w->n > 1)
			fputc('\n', stdout);
		if (r->report != NULL) {
			fputs(r->report, stdout);
		} else {
			printf("run %lld at %s: %s\n", (long long)r->id,
			    r->started, cix_run_status_name(r->status));
			if (r->error != NULL)
				printf("%s\n", r->error);
		}
		return 0;
	}
	snprintf(b[0], 32, "%lld", (long long)r->id);
	snprintf(b[4], 32, "%lld", (long long)r->files_imported);
	snprintf(b[5], 32, "%lld", (long long)r->files_failed);
	snprintf(b[6], 32, "%lld", (long long)r->new_works);
	snprintf(b[7], 32, "%lld", (long long)r->new_citations);
	snprintf(b[8], 32, "%lld", (long long)r->newly_resolved);
	snprintf(b[9], 32, "%lld", (long long)r->watched_citations);
	cells[0] = b[0];
	cells[1] = r->started;
	cells[2] = r->ended[0] ? r->ended : NULL;
	cells[3] = cix_run_status_name(r->status);
	for (i = 4; i < 10; i++)
		cells[i] = i >= 6 && !r->has_report ? NULL : b[i];
	return out_table_add(w->t, cells, w->fmt == OUT_JSON ? run_json(r) :
	    NULL) < 0 ? CIX_ENOMEM : 0;
}

/* "last" (*id 0) or a positive number. */
static int
parse_run(const char *s, int64_t *id)
{
	long v;

	if (strcmp(s, "last") == 0) {
		*id = 0;
		return 0;
	}
	if (cix_parse_long(s, strlen(s), &v) < 0 || v <= 0)
		return -1;
	*id = v;
	return 0;
}

static int
last_id(void *ctx, const struct cix_run_row *r)
{
	*(int64_t *)ctx = r->id;
	return 1;
}

static int
run(struct cli *cli, int argc, char **argv)
{
	static const struct out_col cols[] = {
		{ "run", COL_INT, 0, 1 },
		{ "started", COL_STR, 0, 0 },
		{ "ended", COL_STR, 0, 0 },
		{ "status", COL_STR, 0, 0 },
		{ "files", COL_INT, 0, 1 },
		{ "failed", COL_INT, 0, 1 },
		{ "new_works", COL_INT, 0, 1 },
		{ "new_citations", COL_INT, 0, 1 },
		{ "resolved", COL_INT, 0, 1 },
		{ "watched", COL_INT, 0, 1 },
	};
	struct cli_parser p;
	struct cix_error err;
	struct walk w;
	int64_t id;
	long limit = 20;
	int opt, rc = EXIT_OK, i, k;

	memset(&w, 0, sizeof(w));
	w.fmt = OUT_TABLE;
	cli_parser_init(&p, cli, &cmd_runs, argc, argv);
	while ((opt = cli_next_opt(&p)) > 0) {
		switch (opt) {
		case O_LIMIT:
			if (cix_parse_long(p.optarg, strlen(p.optarg),
			    &limit) < 0 || limit < 0) {
				rc = cli_usage_error(&cmd_runs, "bad limit"
				    " '%s'", p.optarg);
				goto out;
			}
			break;
		case O_FORMAT:
			if ((w.fmt = out_format_parse(p.optarg)) < 0) {
				rc = cli_usage_error(&cmd_runs,
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
	for (i = 0; i < p.noperands; i++)
		if (parse_run(p.operands[i], &id) < 0) {
			rc = cli_usage_error(&cmd_runs, "'%s' is not a run"
			    " (a number or 'last')", p.operands[i]);
			goto out;
		}
	if ((rc = cli_open_store(cli, CIX_STORE_NOCREATE)) != EXIT_OK)
		goto out;
	if ((w.t = out_table_new(w.fmt, cols, sizeof(cols) /
	    sizeof(cols[0]))) == NULL) {
		rc = EXIT_FAIL;
		goto out;
	}
	cix_error_clear(&err);
	if (p.noperands == 0) {
		k = cix_store_runs(cli->store, 0, (size_t)limit, add_run, &w,
		    &err);
	} else {
		w.reports = 1;
		for (i = 0, k = CIX_OK; i < p.noperands && k >= 0; i++) {
			parse_run(p.operands[i], &id);
			if (id == 0) {
				k = cix_store_runs(cli->store, 0, 1, last_id,
				    &id, &err);
				if (k == 1)
					k = CIX_OK;
				if (k == CIX_OK && id == 0)
					k = cix_error_set(&err, CIX_ENOTFOUND,
					    "no run yet: 'cix update' makes"
					    " one");
				if (k < 0)
					break;
			}
			k = cix_store_runs(cli->store, id, 0, add_run, &w,
			    &err);
		}
	}
	if (k < 0) {
		if (k == CIX_ENOMEM)
			cix_error_set(&err, k, "out of memory");
		cli_error(&err);
		rc = EXIT_FAIL;
		goto out;
	}
	if (w.reports && w.fmt != OUT_JSON)
		goto out;
	if (w.n == 0 && w.fmt == OUT_TABLE) {
		if (!cli->quiet)
			printf("no runs yet: 'cix update' makes one\n");
	} else if (out_table_print(w.t, stdout) < 0) {
		rc = EXIT_FAIL;
	}
out:
	out_table_free(w.t);
	cli_parser_release(&p);
	return rc;
}
