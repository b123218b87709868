/*
 * cmd_resolve.c - cix resolve: complete works from doi.org and add the
 * references Crossref knows, politely.
 */
#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "conf.h"
#include "resolve.h"
#include "store_resolve.h"
#include "banned.h"

enum {
	O_PENDING = 1, O_STALE, O_ALL, O_REFS, O_MAX, O_MAILTO, O_RATE,
	O_CONC, O_FORMAT
};

static const struct cli_opt opts[] = {
	{ O_PENDING, 0, "pending", NULL,
	  "only DOIs never asked and retries that are due" },
	{ O_STALE, 0, "stale", "DAYS",
	  "also refresh DOIs resolved more than DAYS days ago (default:"
	  " [resolve] stale_days, 90)" },
	{ O_ALL, 0, "all", NULL,
	  "also refresh every resolved DOI (conditional requests)" },
	{ O_REFS, 0, "refs", NULL,
	  "also resolve the DOIs found in references" },
	{ O_MAX, 0, "max", "N", "ask about at most N DOIs" },
	{ O_MAILTO, 0, "mailto", "ADDR",
	  "contact address sent in the User-Agent (polite limits)" },
	{ O_RATE, 0, "rate", "R",
	  "at most R requests a second (at most 5, or 10 with an address)" },
	{ O_CONC, 0, "concurrency", "C",
	  "at most C requests in flight (at most 1, or 3 with an address)" },
	{ O_FORMAT, 'f', "format", "FORMAT",
	  "the summary as table (default), tsv, csv or json" },
	{ 0 }
};

static int run(struct cli *cli, int argc, char **argv);

const struct cli_cmd cmd_resolve = {
	"resolve", run,
	"cix resolve [--pending | --stale DAYS | --all] [--refs] [--max N]"
	" [--mailto ADDR] [--rate R] [--concurrency C]"
	" [--format FORMAT] [WORK...]",
	"fill in works from doi.org (Crossref, DataCite) and add their"
	" references",
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
	int tty;
	double last;
};

static double
mono(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
show_progress(void *ctx, const struct cix_resolve_stats *st)
{
	struct progress *p = ctx;
	double now = mono();

	if (!p->tty || now - p->last < 0.2)
		return;
	p->last = now;
	fprintf(stderr, "\r\033[Kresolving: %zu DOIs asked, %zu resolved,"
	    " %zu not found, %zu failed", st->asked, st->resolved,
	    st->notfound, st->failed);
	fflush(stderr);
}

/*
 * The configuration: defaults, the file (--config, else the default
 * path if it exists), the environment.  Prints the error; returns an
 * exit status.
 */
static int
load_config(struct cli *cli, struct cix_config *cfg)
{
	struct cix_buf path;
	struct cix_error err;
	const char *file = cli->config_arg;
	int rc;

	cix_error_clear(&err);
	cix_buf_init(&path, 4096);
	if (file == NULL) {
		if (cix_config_default_path(&path, NULL, &err) == CIX_OK)
			file = path.p;
	}
	rc = CIX_OK;
	if (file != NULL)
		rc = cix_config_load(cfg, file, cli->config_arg != NULL, &err);
	if (rc == CIX_OK)
		rc = cix_config_env(cfg, NULL, &err);
	cix_buf_release(&path);
	if (rc < 0) {
		cli_error(&err);
		return rc == CIX_ENOTFOUND ? EXIT_USAGE : EXIT_FAIL;
	}
	/* [index] db, when neither --db nor $CIX_DB says otherwise. */
	if (cli->db_arg == NULL && cfg->db != NULL &&
	    (getenv("CIX_DB") == NULL || *getenv("CIX_DB") == '\0'))
		cli->db_arg = cfg->db;
	return EXIT_OK;
}

static json_t *
stats_json(const struct cix_resolve_stats *st)
{
	json_t *o = json_object();

#define NUM(k, v) json_object_set_new(o, k, json_integer((json_int_t)(v)))
	NUM("candidates", st->candidates);
	NUM("not_dois", st->invalid);
	NUM("asked", st->asked);
	NUM("requests", st->requests);
	NUM("ra_requests", st->ra_requests);
	NUM("retries", st->retries);
	NUM("resolved", st->resolved);
	NUM("unchanged", st->unchanged);
	NUM("not_found", st->notfound);
	NUM("failed", st->failed);
	NUM("new_works", st->new_works);
	NUM("completed", st->completed);
	NUM("new_references", st->new_refs);
	NUM("new_links", st->new_links);
	NUM("fields_filled", st->filled);
	NUM("conflicts", st->conflicts);
	NUM("max_in_flight", st->max_inflight);
#undef NUM
	json_object_set_new(o, "rate", json_real(st->rate));
	json_object_set_new(o, "concurrency", json_integer(st->concurrency));
	json_object_set_new(o, "seconds", json_real(st->seconds));
	json_object_set_new(o, "stopped", json_boolean(st->stopped));
	json_object_set_new(o, "budget_reached", json_boolean(st->budget));
	return o;
}

static void
print_summary(struct cli *cli, int fmt, const struct cix_resolve_stats *st)
{
	if (fmt == OUT_JSON) {
		json_t *o = stats_json(st);

		out_json(stdout, o);
		json_decref(o);
		return;
	}
	if (fmt == OUT_TSV || fmt == OUT_CSV) {
		static const struct out_col cols[] = {
			{ "what", COL_STR, 0, 0 },
			{ "count", COL_STR, 0, 1 },
		};
		struct out_table *t = out_table_new(fmt, cols, 2);
		json_t *o = stats_json(st), *v;
		const char *k;

		json_object_foreach(o, k, v) {
			char b[64];
			const char *cells[2];

			if (json_is_real(v))
				snprintf(b, sizeof(b), "%.2f",
				    json_real_value(v));
			else if (json_is_boolean(v))
				snprintf(b, sizeof(b), "%d",
				    json_is_true(v) ? 1 : 0);
			else
				snprintf(b, sizeof(b), "%lld",
				    (long long)json_integer_value(v));
			cells[0] = k;
			cells[1] = b;
			out_table_add(t, cells, NULL);
		}
		out_table_print(t, stdout);
		out_table_free(t);
		json_decref(o);
		return;
	}
	if (cli->quiet)
		return;
	if (st->asked == 0) {
		printf("nothing to ask: %zu DOI%s, all resolved and fresh or"
		    " waiting for their retry time", st->candidates,
		    st->candidates == 1 ? "" : "s");
		if (st->invalid)
			printf(" (%zu not DOIs)", st->invalid);
		printf("\n");
		return;
	}
	printf("asked %zu DOI%s in %zu requests (%zu to the RA service,"
	    " %zu retries) in %.1f s: %zu resolved (%zu unchanged),"
	    " %zu not found, %zu failed", st->asked,
	    st->asked == 1 ? "" : "s", st->requests, st->ra_requests,
	    st->retries, st->seconds, st->resolved, st->unchanged,
	    st->notfound, st->failed);
	if (st->invalid)
		printf("; %zu not DOIs", st->invalid);
	printf("\n%zu new works, %zu completed, %zu new references,"
	    " %zu new links, %zu fields filled, %zu conflicts\n",
	    st->new_works, st->completed, st->new_refs, st->new_links,
	    st->filled, st->conflicts);
}

/* Resolve with the options in o; prints; returns an exit status. */
static int
resolve(struct cli *cli, struct cix_resolve_opts *o, int fmt)
{
	struct cix_resolve_stats st;
	struct cix_error err;
	struct progress prog;
	struct sigaction sa, old_int, old_term;
	int k, rc = EXIT_OK;

	memset(&prog, 0, sizeof(prog));
	prog.tty = !cli->quiet && cli_isatty(2);
	o->progress = show_progress;
	o->progress_ctx = &prog;
	interrupted = 0;
	o->cancel = &interrupted;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	cix_error_clear(&err);
	k = cix_resolve_run(cli->store, o, &st, &err);
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	if (prog.tty)
		fputs("\r\033[K", stderr);
	if (st.clamped)
		cli_errorf("warning: the rate or concurrency asked for is"
		    " above the published limit; using %.1f requests/s and"
		    " %d in flight%s", st.rate, st.concurrency,
		    o->cfg->mailto ? "" :
		    " (give --mailto for the polite limits)");
	if (k < 0 && k != CIX_ELIMIT && k != CIX_EINTR) {
		cli_error(&err);
		return cli_exit_for(k);
	}
	print_summary(cli, fmt, &st);
	if (k == CIX_ELIMIT) {
		cli_error(&err);
		cli_errorf("the DOIs resolved so far are kept; the rest are"
		    " asked again by the next run");
		rc = EXIT_FAIL;
	} else if (k == CIX_EINTR) {
		cli_errorf("interrupted; the DOIs resolved so far are kept");
		rc = EXIT_FAIL;
	}
	return rc;
}

int
cli_resolve_pending(struct cli *cli, int fmt)
{
	struct cix_config cfg;
	struct cix_resolve_opts o;
	int rc;

	cix_config_init(&cfg);
	if ((rc = load_config(cli, &cfg)) != EXIT_OK)
		goto out;
	memset(&o, 0, sizeof(o));
	o.mode = CIX_RESOLVE_PENDING;
	o.cfg = &cfg;
	rc = resolve(cli, &o, fmt);
out:
	cix_config_release(&cfg);
	return rc;
}

static int
parse_count(const char *s, long min, long max, long *out)
{
	long v;

	if (cix_parse_long(s, strlen(s), &v) < 0 || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

/* A positive decimal number: "2", "0.5". */
static int
parse_rate(const char *s, double *out)
{
	double v = 0, scale = 1;
	int dot = 0, digits = 0;

	for (; *s != '\0'; s++) {
		if (*s == '.' && !dot) {
			dot = 1;
			continue;
		}
		if (*s < '0' || *s > '9' || ++digits > 12)
			return -1;
		if (dot) {
			scale /= 10;
			v += (*s - '0') * scale;
		} else {
			v = v * 10 + (*s - '0');
		}
	}
	if (digits == 0 || v <= 0)
		return -1;
	*out = v;
	return 0;
}

static int
run(struct cli *cli, int argc, char **argv)
{
	struct cli_parser p;
	struct cix_config cfg;
	struct cix_resolve_opts o;
	struct cix_error err;
	int64_t *ids = NULL;
	const char *mailto = NULL;
	double rate = 0;
	long conc = 0, stale = -1, max = 0;
	int opt, fmt = OUT_TABLE, rc = EXIT_OK, i, modes = 0, mode = -1;
	int refs = 0;

	cix_config_init(&cfg);
	cli_parser_init(&p, cli, &cmd_resolve, argc, argv);
	while ((opt = cli_next_opt(&p)) > 0) {
		switch (opt) {
		case O_PENDING:
			mode = CIX_RESOLVE_PENDING;
			modes++;
			break;
		case O_STALE:
			if (parse_count(p.optarg, 0, 36500, &stale) < 0) {
				rc = cli_usage_error(&cmd_resolve, "--stale"
				    " wants a number of days, not '%s'",
				    p.optarg);
				goto out;
			}
			mode = CIX_RESOLVE_STALE;
			modes++;
			break;
		case O_ALL:
			mode = CIX_RESOLVE_ALL;
			modes++;
			break;
		case O_REFS:
			refs = 1;
			break;
		case O_MAX:
			if (parse_count(p.optarg, 1, 1000000000L, &max) < 0) {
				rc = cli_usage_error(&cmd_resolve, "--max"
				    " wants a positive number, not '%s'",
				    p.optarg);
				goto out;
			}
			break;
		case O_MAILTO:
			mailto = p.optarg;
			break;
		case O_RATE:
			if (parse_rate(p.optarg, &rate) < 0) {
				rc = cli_usage_error(&cmd_resolve, "--rate"
				    " wants a positive number of requests a"
				    " second, not '%s'", p.optarg);
				goto out;
			}
			break;
		case O_CONC:
			if (parse_count(p.optarg, 1, 100, &conc) < 0) {
				rc = cli_usage_error(&cmd_resolve,
				    "--concurrency wants a positive number,"
				    " not '%s'", p.optarg);
				goto out;
			}
			break;
		case O_FORMAT:
			if ((fmt = out_format_parse(p.optarg)) < 0) {
				rc = cli_usage_error(&cmd_resolve,
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
	if (modes > 1) {
		rc = cli_usage_error(&cmd_resolve, "--pending, --stale and"
		    " --all exclude each other");
		goto out;
	}
	if ((rc = load_config(cli, &cfg)) != EXIT_OK)
		goto out;
	if (mailto != NULL) {
		cix_error_clear(&err);
		if (cix_config_check_mailto(mailto, &err) < 0) {
			rc = cli_usage_error(&cmd_resolve, "--mailto: %s",
			    err.msg);
			goto out;
		}
		cix_config_set(&cfg.mailto, mailto);
	}
	if ((rc = cli_open_store(cli, CIX_STORE_NOCREATE)) != EXIT_OK)
		goto out;
	if (p.noperands > 0 &&
	    (ids = calloc((size_t)p.noperands, sizeof(*ids))) == NULL) {
		cli_errorf("out of memory");
		rc = EXIT_FAIL;
		goto out;
	}
	for (i = 0; i < p.noperands; i++)
		if ((rc = cli_find_work(cli, p.operands[i], &ids[i])) !=
		    EXIT_OK)
			goto out;
	memset(&o, 0, sizeof(o));
	o.mode = mode >= 0 ? mode : CIX_RESOLVE_STALE;
	o.stale_days = stale >= 0 ? (int)stale : cfg.stale_days;
	o.refs = refs;
	o.works = ids;
	o.nworks = (size_t)p.noperands;
	o.max = (size_t)max;
	o.cfg = &cfg;
	o.rate = rate;
	o.concurrency = (int)conc;
	rc = resolve(cli, &o, fmt);
out:
	free(ids);
	cix_config_release(&cfg);
	cli_parser_release(&p);
	return rc;
}
