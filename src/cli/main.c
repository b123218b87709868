/*
 * main.c - the cix program: global options, the command table, dispatch.
 */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "banned.h"

static int cmd_help_fn(struct cli *cli, int argc, char **argv);

static const struct cli_opt help_opts[] = { { 0 } };

static const struct cli_cmd cmd_help = {
	"help", cmd_help_fn, "cix help [COMMAND]",
	"show help for cix or one of its commands", help_opts
};

/* The command table: one line per command, in the order of `cix help`. */
static const struct cli_cmd *const commands[] = {
	&cmd_import,
	&cmd_show,
	&cmd_search,
	&cmd_stats,
	&cmd_link,
	&cmd_refs,
	&cmd_citing,
	&cmd_top,
	&cmd_cocited,
	&cmd_coupled,
	&cmd_hist,
	&cmd_rpys,
	&cmd_path,
	&cmd_resolve,
	&cmd_export,
	&cmd_update,
	&cmd_watch,
	&cmd_runs,
	&cmd_help,
	NULL
};

static const struct cli_cmd *
find_cmd(const char *name)
{
	size_t i;

	for (i = 0; commands[i] != NULL; i++)
		if (strcmp(commands[i]->name, name) == 0)
			return commands[i];
	return NULL;
}

static void
main_help(FILE *f)
{
	size_t i;

	fprintf(f,
	    "usage: cix [--db PATH] [--config FILE] [-q] COMMAND [ARGS]\n"
	    "       cix --version | --help\n"
	    "\n"
	    "cix keeps a citation index of Web of Science exports in one\n"
	    "SQLite database and answers questions about it.\n"
	    "\n"
	    "Commands:\n");
	for (i = 0; commands[i] != NULL; i++)
		fprintf(f, "  %-10s %s\n", commands[i]->name,
		    commands[i]->summary);
	fprintf(f,
	    "\n"
	    "Global options:\n"
	    "  --db PATH       the index (default $CIX_DB, else [index] db\n"
	    "                  of the configuration, else\n"
	    "                  $XDG_DATA_HOME/cix/cix.db, else\n"
	    "                  ~/.local/share/cix/cix.db)\n"
	    "  --config FILE   the configuration file\n"
	    "  -q, --quiet     no progress, no summary on success\n"
	    "  -h, --help      this help; `cix help COMMAND` for a command\n"
	    "  --version       print the version\n"
	    "\n"
	    "Exit status: 0 success, 1 failure, 2 usage error, 3 locked,\n"
	    "4 partial success.  See cix(1).\n");
}

static int
cmd_help_fn(struct cli *cli, int argc, char **argv)
{
	const struct cli_cmd *c;
	struct cli_parser p;
	int opt, rc = EXIT_OK;

	cli_parser_init(&p, cli, &cmd_help, argc, argv);
	while ((opt = cli_next_opt(&p)) > 0)
		;
	if (opt < 0) {
		cli_parser_release(&p);
		return opt == -2 ? EXIT_OK : EXIT_USAGE;
	}
	if (p.noperands == 0) {
		main_help(stdout);
	} else if ((c = find_cmd(p.operands[0])) != NULL) {
		cli_help(stdout, c);
	} else {
		cli_errorf("'%s' is not a cix command; see 'cix help'",
		    p.operands[0]);
		rc = EXIT_USAGE;
	}
	cli_parser_release(&p);
	return rc;
}

int
main(int argc, char **argv)
{
	struct cli cli;
	const struct cli_cmd *cmd;
	int i, rc;

	memset(&cli, 0, sizeof(cli));
	cli.prog = "cix";

	/* Global options come before the command name. */
	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		const char *a = argv[i];

		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			main_help(stdout);
			return fflush(stdout) || ferror(stdout) ? EXIT_FAIL :
			    EXIT_OK;
		} else if (strcmp(a, "--version") == 0) {
			printf("cix %s\n", PACKAGE_VERSION);
			return fflush(stdout) || ferror(stdout) ? EXIT_FAIL :
			    EXIT_OK;
		} else if (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0) {
			cli.quiet = 1;
		} else if (strcmp(a, "--db") == 0 ||
		    strcmp(a, "--config") == 0) {
			if (i + 1 >= argc) {
				cli_errorf("option '%s' needs an argument", a);
				return EXIT_USAGE;
			}
			if (a[2] == 'd')
				cli.db_arg = argv[++i];
			else
				cli.config_arg = argv[++i];
		} else if (strncmp(a, "--db=", 5) == 0) {
			cli.db_arg = a + 5;
		} else if (strncmp(a, "--config=", 9) == 0) {
			cli.config_arg = a + 9;
		} else {
			cli_errorf("unknown option '%s'; see 'cix --help'", a);
			return EXIT_USAGE;
		}
	}
	if (i >= argc) {
		main_help(stderr);
		return EXIT_USAGE;
	}
	if ((cmd = find_cmd(argv[i])) == NULL) {
		cli_errorf("'%s' is not a cix command; see 'cix help'",
		    argv[i]);
		return EXIT_USAGE;
	}
	cli.cmd = cmd;
	rc = cmd->fn(&cli, argc - i, argv + i);
	if (cli.store != NULL)
		cix_store_close(cli.store);
	if (cli.cfg != NULL) {
		cix_config_release(cli.cfg);
		free(cli.cfg);
	}
	/* Data that could not be written is a failure (a full disk, a
	 * closed pipe). */
	if (fflush(stdout) != 0 || ferror(stdout)) {
		if (errno != EPIPE)
			cli_errorf("cannot write the output: %s",
			    strerror(errno));
		if (rc == EXIT_OK)
			rc = EXIT_FAIL;
	}
	return rc;
}
