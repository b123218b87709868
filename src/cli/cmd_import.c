/*
 * cmd_import.c - cix import: read exports into the index.
 */
#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "link.h"
#include "banned.h"

enum { O_FORMAT = 1, O_FORCE, O_NOLINK, O_RESOLVE };

static const struct cli_opt opts[] = {
	{ O_FORMAT, 'f', "format", "F",
	  "read as F (wos, wos-tab, mirror) instead of detecting it; with"
	  " table, json, tsv or csv: print the summary in that format" },
	{ O_FORCE, 0, "force", NULL,
	  "re-read files imported before with the same content" },
	{ O_RESOLVE, 0, "resolve", NULL,
	  "then resolve the new DOIs online (see cix-resolve(1))" },
	{ O_NOLINK, 0, "no-link", NULL,
	  "do not link the new references now (the next import, `cix link`"
	  " or `cix update` will)" },
	{ 0 }
};

static int run(struct cli *cli, int argc, char **argv);

const struct cli_cmd cmd_import = {
	"import", run,
	"cix import [--format F] [--force] [--no-link] [--resolve] FILE...",
	"import Web of Science exports (plain text, tab-delimited) and"
	" mirror pages into the index",
	opts
};

static volatile sig_atomic_t interrupted;

static void
on_signal(int sig)
{
	(void)sig;
	interrupted = 1;
}

struct progress {
	const char *file;
	int tty;
	time_t last;
};

static void
show_progress(void *ctx, uint64_t done, uint64_t total, size_t records)
{
	struct progress *p = ctx;
	time_t now = time(NULL);

	if (!p->tty || (now == p->last && done < total))
		return;
	p->last = now;
	if (total > 0)
		fprintf(stderr, "\r\033[Kimporting %s: %3d%% %zu records",
		    p->file, (int)(done * 100 / total), records);
	else
		fprintf(stderr, "\r\033[Kimporting %s: %zu records", p->file,
		    records);
	fflush(stderr);
}

/* Warnings: the first few of each file, then a count. */
struct warn_limit {
	size_t n;
	size_t max;
};

static void
limited_warn(void *ctx, const char *file, size_t line, const char *msg)
{
	struct warn_limit *w = ctx;

	if (w->n++ < w->max)
		cli_warn(NULL, file, line, msg);
}

static json_t *
counts_json(const struct cix_import_counts *c)
{
	json_t *o = json_object();

	json_object_set_new(o, "records", json_integer((json_int_t)c->records));
	json_object_set_new(o, "new", json_integer((json_int_t)c->new));
	json_object_set_new(o, "updated", json_integer((json_int_t)c->updated));
	json_object_set_new(o, "unchanged",
	    json_integer((json_int_t)c->unchanged));
	json_object_set_new(o, "references", json_integer((json_int_t)c->refs));
	json_object_set_new(o, "warnings",
	    json_integer((json_int_t)c->warnings));
	return o;
}

static void
add(struct cix_import_counts *t, const struct cix_import_counts *c)
{
	t->records += c->records;
	t->new += c->new;
	t->updated += c->updated;
	t->unchanged += c->unchanged;
	t->refs += c->refs;
	t->warnings += c->warnings;
}

static int
run(struct cli *cli, int argc, char **argv)
{
	static const struct out_col cols[] = {
		{ "file", COL_STR, 1, 0 },
		{ "format", COL_STR, 0, 0 },
		{ "status", COL_STR, 0, 0 },
		{ "records", COL_INT, 0, 1 },
		{ "new", COL_INT, 0, 1 },
		{ "updated", COL_INT, 0, 1 },
		{ "unchanged", COL_INT, 0, 1 },
		{ "references", COL_INT, 0, 1 },
		{ "warnings", COL_INT, 0, 1 },
	};
	struct cli_parser p;
	struct cix_import_opts io;
	struct cix_import_result res;
	struct cix_import_counts total;
	struct cix_error err;
	struct cix_link_stats ls;
	struct progress prog;
	struct warn_limit wl;
	struct out_table *t = NULL;
	struct sigaction sa, old_int, old_term;
	json_t *files = NULL;
	int opt, out_format = -1, rc = EXIT_OK, i, k, failed = 0, ok = 0;
	int skipped = 0, stop = 0, nolink = 0, resolve = 0;

	memset(&io, 0, sizeof(io));
	cli_parser_init(&p, cli, &cmd_import, argc, argv);
	while ((opt = cli_next_opt(&p)) > 0) {
		switch (opt) {
		case O_FORMAT:
			if (out_format_parse(p.optarg) >= 0) {
				out_format = out_format_parse(p.optarg);
			} else if (cix_reader_find(p.optarg) != NULL) {
				io.format = p.optarg;
			} else {
				rc = cli_usage_error(&cmd_import,
				    "unknown format '%s' (inputs: wos,"
				    " wos-tab, mirror; summaries: table, tsv,"
				    " csv, json)", p.optarg);
				goto out;
			}
			break;
		case O_FORCE:
			io.force = 1;
			break;
		case O_RESOLVE:
			resolve = 1;
			break;
		case O_NOLINK:
			nolink = 1;
			break;
		}
	}
	if (opt < 0) {
		rc = opt == -2 ? EXIT_OK : EXIT_USAGE;
		goto out;
	}
	if (p.noperands == 0) {
		rc = cli_usage_error(&cmd_import, "no file to import");
		goto out;
	}
	/* A new index is built privately and published at the end. */
	if ((rc = cli_open_store(cli, CIX_STORE_BULK)) != EXIT_OK)
		goto out;

	io.warn = limited_warn;
	io.warn_ctx = &wl;
	io.progress = show_progress;
	io.progress_ctx = &prog;
	io.cancel = &interrupted;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);

again:
	t = out_table_new(out_format < 0 || out_format == OUT_JSON ?
	    OUT_TABLE : out_format, cols, sizeof(cols) / sizeof(cols[0]));
	files = json_array();
	if (t == NULL || files == NULL) {
		cli_errorf("out of memory");
		rc = EXIT_FAIL;
		goto restore;
	}
	memset(&total, 0, sizeof(total));
	failed = ok = skipped = stop = 0;
	for (i = 0; i < p.noperands && !interrupted && !stop; i++) {
		const char *f = p.operands[i];
		const char *cells[9], *status;
		char n[9][32];
		json_t *fo;

		memset(&prog, 0, sizeof(prog));
		prog.file = f;
		prog.tty = !cli->quiet && cli_isatty(2);
		wl.n = 0;
		wl.max = 20;
		cix_error_clear(&err);
		k = cix_import_file(cli->store, f, &io, &res, &err);
		if (prog.tty)
			fputs("\r\033[K", stderr);
		if (wl.n > wl.max)
			cli_errorf("warning: %s: %zu more warnings not shown",
			    f, wl.n - wl.max);
		if (k < 0) {
			cli_error(&err);
			cli_errorf("%s: not imported; the index is unchanged",
			    f);
			failed++;
			/* These will fail every other file as well. */
			stop = k == CIX_ELOCKED || k == CIX_EFULL ||
			    k == CIX_EREADONLY || k == CIX_EINTR ||
			    k == CIX_ENOMEM;
			memset(&res.counts, 0, sizeof(res.counts));
			status = "failed";
		} else {
			ok++;
			skipped += res.skipped;
			add(&total, &res.counts);
			status = res.skipped ? "same as before" : "imported";
		}
		snprintf(n[3], 32, "%zu", res.counts.records);
		snprintf(n[4], 32, "%zu", res.counts.new);
		snprintf(n[5], 32, "%zu", res.counts.updated);
		snprintf(n[6], 32, "%zu", res.counts.unchanged);
		snprintf(n[7], 32, "%zu", res.counts.refs);
		snprintf(n[8], 32, "%zu", wl.n);
		cells[0] = f;
		cells[1] = res.format;
		cells[2] = status;
		for (k = 3; k < 9; k++)
			cells[k] = n[k];
		out_table_add(t, cells, NULL);
		fo = counts_json(&res.counts);
		json_object_set_new(fo, "file", json_string(f));
		json_object_set_new(fo, "format", res.format[0] ?
		    json_string(res.format) : json_null());
		json_object_set_new(fo, "status", json_string(status));
		if (strcmp(status, "failed") == 0)
			json_object_set_new(fo, "error", json_string(err.msg));
		json_array_append_new(files, fo);
	}

	if (cix_store_is_private(cli->store) && ok > skipped) {
		cix_error_clear(&err);
		k = cix_store_publish(&cli->store, &err);
		if (k == CIX_EEXIST && !interrupted) {
			/* Another process created the index meanwhile. */
			cli_errorf("warning: %s; importing into it", err.msg);
			out_table_free(t);
			json_decref(files);
			t = NULL;
			files = NULL;
			if ((rc = cli_open_store(cli, 0)) != EXIT_OK)
				goto restore;
			goto again;
		}
		if (k < 0) {
			cli_error(&err);
			cli_errorf("nothing was imported");
			rc = EXIT_FAIL;
			goto restore;
		}
	}

	/* Link what is new (only what is new can change). */
	memset(&ls, 0, sizeof(ls));
	if (ok > skipped && !interrupted && !nolink) {
		cix_error_clear(&err);
		if (!cli->quiet && cli_isatty(2))
			fprintf(stderr, "linking references...");
		k = cix_link_run(cli->store, &ls, &err);
		if (!cli->quiet && cli_isatty(2))
			fputs("\r\033[K", stderr);
		if (k < 0) {
			cli_error(&err);
			cli_errorf("the records are imported but not linked;"
			    " the next import or 'cix update' links them");
			failed++;
		}
	}

	if (out_format == OUT_JSON) {
		json_t *o = counts_json(&total), *l = json_object();

		json_object_set_new(l, "references", json_integer((json_int_t)ls.refs));
		json_object_set_new(l, "doi", json_integer((json_int_t)ls.by_doi));
		json_object_set_new(l, "key", json_integer((json_int_t)ls.by_key));
		json_object_set_new(l, "fuzzy", json_integer((json_int_t)ls.by_fuzzy));
		json_object_set_new(l, "cited_only", json_integer((json_int_t)ls.to_cited));
		json_object_set_new(l, "new_cited_works", json_integer((json_int_t)ls.new_cited));
		json_object_set_new(l, "completed", json_integer((json_int_t)ls.absorbed));
		json_object_set_new(l, "seconds", json_real(ls.seconds));
		json_object_set_new(o, "links", l);

		json_object_set_new(o, "files", json_integer(ok + failed));
		json_object_set_new(o, "files_imported",
		    json_integer(ok - skipped));
		json_object_set_new(o, "files_unchanged",
		    json_integer(skipped));
		json_object_set_new(o, "files_failed", json_integer(failed));
		json_object_set_new(o, "per_file", files);
		files = NULL;
		out_json(stdout, o);
		json_decref(o);
	} else if (out_format >= 0) {
		out_table_print(t, stdout);
	} else if (!cli->quiet || failed) {
		printf("%d file%s read", ok, ok == 1 ? "" : "s");
		if (skipped)
			printf(" (%d already imported with the same content)",
			    skipped);
		printf(": %zu records (%zu new, %zu updated, %zu unchanged),"
		    " %zu references", total.records, total.new,
		    total.updated, total.unchanged, total.refs);
		if (total.warnings)
			printf(", %zu warnings", total.warnings);
		if (ls.refs > 0)
			printf("\nlinked %zu references: %zu to works in the"
			    " index (%zu by DOI, %zu by key, %zu fuzzy), %zu to"
			    " works known only from references (%zu of them"
			    " new)", ls.refs, ls.by_doi + ls.by_key +
			    ls.by_fuzzy, ls.by_doi, ls.by_key, ls.by_fuzzy,
			    ls.to_cited, ls.new_cited);
		if (failed)
			printf("; %d file%s failed", failed,
			    failed == 1 ? "" : "s");
		printf("\n");
	}
	if (interrupted) {
		cli_errorf("interrupted; files not finished were not"
		    " imported");
		rc = EXIT_FAIL;
	} else if (failed && ok) {
		rc = EXIT_PARTIAL;
	} else if (failed) {
		rc = EXIT_FAIL;
	}
	/* --resolve: the DOIs that are now pending, online. */
	if (resolve && ok > 0 && !interrupted) {
		k = cli_resolve_pending(cli, out_format < 0 ? OUT_TABLE :
		    out_format);
		if (k != EXIT_OK && rc == EXIT_OK)
			rc = k;
	}
restore:
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
out:
	json_decref(files);
	out_table_free(t);
	cli_parser_release(&p);
	return rc;
}
