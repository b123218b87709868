/*
 * cmd_update.c - cix update: what cron runs every night (update.h).
 */
#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "update.h"
#include "banned.h"

enum { O_BUDGET = 1, O_NORESOLVE, O_INBOX };

static const struct cli_opt opts[] = {
	{ O_BUDGET, 0, "budget", "N",
	  "send at most N requests to doi.org (default: [update]"
	  " budget_requests; 0: no limit)" },
	{ O_NORESOLVE, 0, "no-resolve", NULL,
	  "do not go online: import and link only" },
	{ O_INBOX, 0, "inbox", "DIR",
	  "import from DIR (a directory, file or glob pattern) instead of"
	  " the configured inbox; may be repeated" },
	{ 0 }
};

static int run(struct cli *cli, int argc, char **argv);

const struct cli_cmd cmd_update = {
	"update", run,
	"cix update [--quiet] [--budget N] [--no-resolve] [--inbox DIR]...",
	"import new exports from the inbox, resolve what is due, link, and"
	" report what is new (for cron)",
	opts
};

static volatile sig_atomic_t interrupted;

static void
on_signal(int sig)
{
	(void)sig;
	interrupted = 1;
}

struct ui {
	int tty;		/* progress on stderr */
	int quiet;
};

static void
show_problem(void *ctx, const char *what, const struct cix_error *e)
{
	struct ui *u = ctx;

	if (u->tty)
		fputs("\r\033[K", stderr);
	if (e->file[0] != '\0' || strstr(e->msg, what) != NULL ||
	    strcmp(what, "inbox") == 0)
		cli_error(e);
	else
		cli_errorf("%s: %s", what, e->msg);
}

static void
show_progress(void *ctx, const char *phase, const char *file, size_t i,
    size_t n)
{
	struct ui *u = ctx;

	if (!u->tty)
		return;
	if (file != NULL)
		fprintf(stderr, "\r\033[Kimporting %zu of %zu: %s", i + 1, n,
		    file);
	else
		fprintf(stderr, "\r\033[K%s...", strcmp(phase, "import") == 0 ?
		    "reading the inbox" : strcmp(phase, "resolve") == 0 ?
		    "resolving DOIs" : strcmp(phase, "link") == 0 ?
		    "linking references" : "writing the report");
	fflush(stderr);
}

/* Reader warnings: one count per file is enough for a nightly job. */
static void
count_warning(void *ctx, const char *file, size_t line, const char *msg)
{
	(void)file;
	(void)line;
	(void)msg;
	(*(size_t *)ctx)++;
}

/* DIR as an absolute path (cron's working directory is not the user's). */
static char *
absolute(const char *dir)
{
	struct cix_buf b;
	char cwd[4096];

	cix_buf_init(&b, 16384);
	if (dir[0] != '/' && getcwd(cwd, sizeof(cwd)) != NULL)
		cix_buf_addf(&b, "%s/", cwd);
	if (cix_buf_adds(&b, dir) < 0) {
		cix_buf_release(&b);
		return NULL;
	}
	return cix_buf_detach(&b, NULL);
}

static int
run(struct cli *cli, int argc, char **argv)
{
	struct cli_parser p;
	const struct cix_config *cfg;
	struct cix_update_opts o;
	struct cix_update_result *res = NULL;
	struct cix_error err;
	struct sigaction sa, old_int, old_term;
	struct ui u;
	char **inbox = NULL;
	size_t ninbox = 0, warnings = 0, i;
	long budget = -1;
	int opt, rc = EXIT_OK, lock = -1, k;

	memset(&o, 0, sizeof(o));
	cli_parser_init(&p, cli, &cmd_update, argc, argv);
	if ((inbox = calloc((size_t)argc + 1, sizeof(*inbox))) == NULL) {
		cli_errorf("out of memory");
		rc = EXIT_FAIL;
		goto out;
	}
	while ((opt = cli_next_opt(&p)) > 0) {
		switch (opt) {
		case O_BUDGET:
			if (cix_parse_long(p.optarg, strlen(p.optarg),
			    &budget) < 0 || budget < 0) {
				rc = cli_usage_error(&cmd_update, "--budget"
				    " wants a number of requests, not '%s'",
				    p.optarg);
				goto out;
			}
			break;
		case O_NORESOLVE:
			o.no_resolve = 1;
			break;
		case O_INBOX:
			if (*p.optarg == '\0') {
				rc = cli_usage_error(&cmd_update, "--inbox"
				    " wants a directory");
				goto out;
			}
			if ((inbox[ninbox++] = absolute(p.optarg)) == NULL) {
				cli_errorf("out of memory");
				rc = EXIT_FAIL;
				goto out;
			}
			break;
		}
	}
	if (opt < 0) {
		rc = opt == -2 ? EXIT_OK : EXIT_USAGE;
		goto out;
	}
	if (p.noperands > 0) {
		rc = cli_usage_error(&cmd_update, "unexpected argument '%s'",
		    p.operands[0]);
		goto out;
	}
	if ((rc = cli_config(cli, &cfg)) != EXIT_OK ||
	    (rc = cli_db_path(cli)) != EXIT_OK)
		goto out;

	if (ninbox == 0 && cfg->ninbox == 0 && !cli->quiet)
		cli_errorf("warning: no inbox: nothing to import (set inbox in"
		    " the [update] section of the configuration, or give"
		    " --inbox)");

	/* The lock first: a second run leaves at once, before it opens (or
	 * migrates) anything. */
	cix_error_clear(&err);
	if ((k = cix_update_lock(&lock, cli->db_path, &err)) < 0) {
		cli_error(&err);
		rc = k == CIX_ELOCKED ? EXIT_LOCKED : EXIT_FAIL;
		goto out;
	}
	if ((k = cix_update_writable(cli->db_path, &err)) < 0) {
		cli_error(&err);
		cli_errorf("nothing was updated");
		rc = EXIT_FAIL;
		goto out;
	}
	if ((rc = cli_open_store(cli, 0)) != EXIT_OK) {
		/* A busy index is not another update: say it failed. */
		if (rc == EXIT_LOCKED)
			rc = EXIT_FAIL;
		goto out;
	}

	memset(&u, 0, sizeof(u));
	u.quiet = cli->quiet;
	u.tty = !cli->quiet && cli_isatty(2);
	o.cfg = cfg;
	o.inbox = (const char *const *)inbox;
	o.ninbox = ninbox;
	o.budget = budget;
	o.pid = (long)getpid();
	o.cancel = &interrupted;
	o.warn = count_warning;
	o.warn_ctx = &warnings;
	o.problem = show_problem;
	o.problem_ctx = &u;
	o.progress = show_progress;
	o.progress_ctx = &u;
	if ((res = calloc(1, sizeof(*res))) == NULL) {
		cli_errorf("out of memory");
		rc = EXIT_FAIL;
		goto out;
	}
	interrupted = 0;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	cix_error_clear(&err);
	k = cix_update_run(cli->store, &o, res, &err);
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	if (u.tty)
		fputs("\r\033[K", stderr);

	if (k < 0) {
		if (k == CIX_EINTR) {
			cli_errorf("update interrupted; what it finished is"
			    " kept and the next run does the rest");
		} else {
			cli_error(&err);
			if (res->start.id > 0)
				cli_errorf("update run %lld failed; what it"
				    " finished is kept and the next run does"
				    " the rest", (long long)res->start.id);
		}
		rc = EXIT_FAIL;
		goto out;
	}
	if (!cli->quiet && res->text != NULL)
		fputs(res->text, stdout);
	/* Quiet, but a dead run is worth one line. */
	for (i = 0; cli->quiet && i < res->start.nkilled &&
	    i < CIX_RUN_MAXKILLED; i++) {
		struct cix_buf b;

		cix_buf_init(&b, 4096);
		if (cix_update_killed(&b, &res->start.killed[i]) == CIX_OK)
			cli_errorf("warning: update %s", b.p);
		cix_buf_release(&b);
	}
	if (res->status == CIX_RUN_PARTIAL) {
		cli_errorf("update run %lld partly failed (%zu problem%s);"
		    " the rest is kept; see 'cix runs %lld'",
		    (long long)res->start.id, res->nproblems,
		    res->nproblems == 1 ? "" : "s", (long long)res->start.id);
		rc = EXIT_PARTIAL;
	}
out:
	if (res != NULL)
		cix_update_result_release(res);
	free(res);
	/* The store closes in main; the lock goes with the process, but
	 * say so plainly. */
	if (lock >= 0 && cli->store != NULL) {
		cix_store_close(cli->store);
		cli->store = NULL;
	}
	cix_update_unlock(lock);
	for (i = 0; i < ninbox; i++)
		free(inbox[i]);
	free(inbox);
	cli_parser_release(&p);
	return rc;
}
