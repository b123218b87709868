/*
 * common.c - option parsing, messages and opening the index for commands.
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

static const struct cli_opt common_opts[] = {
	{ OPT_HELP, 'h', "help", NULL, "show this help" },
	{ OPT_DB, 0, "db", "PATH", "the index to use" },
	{ OPT_CONFIG, 0, "config", "FILE", "the configuration file" },
	{ OPT_QUIET, 'q', "quiet", NULL, "print nothing on success" },
	{ 0 }
};

void
cli_parser_init(struct cli_parser *p, struct cli *cli,
    const struct cli_cmd *cmd, int argc, char **argv)
{
	memset(p, 0, sizeof(*p));
	p->argc = argc;
	p->argv = argv;
	p->i = 1;
	p->cmd = cmd;
	p->cli = cli;
	p->operands = calloc((size_t)argc + 1, sizeof(*p->operands));
}

void
cli_parser_release(struct cli_parser *p)
{
	free(p->operands);
	p->operands = NULL;
}

static const struct cli_opt *
find_long(const struct cli_opt *t, const char *name, size_t n)
{
	for (; t != NULL && t->id != 0; t++)
		if (t->lng != NULL && strlen(t->lng) == n &&
		    strncmp(t->lng, name, n) == 0)
			return t;
	return NULL;
}

static const struct cli_opt *
find_short(const struct cli_opt *t, char c)
{
	for (; t != NULL && t->id != 0; t++)
		if (t->shrt == c)
			return t;
	return NULL;
}

/* Handle a common option; returns 1 if handled, -2 for --help. */
static int
common(struct cli_parser *p, const struct cli_opt *o)
{
	switch (o->id) {
	case OPT_HELP:
		cli_help(stdout, p->cmd);
		return -2;
	case OPT_DB:
		p->cli->db_arg = p->optarg;
		return 1;
	case OPT_CONFIG:
		p->cli->config_arg = p->optarg;
		return 1;
	case OPT_QUIET:
		p->cli->quiet = 1;
		return 1;
	}
	return 0;
}

int
cli_next_opt(struct cli_parser *p)
{
	const struct cli_opt *o;
	const char *a, *eq;
	int c;

	for (;;) {
		if (p->ci > 0) {
			/* Inside a cluster of short options: -abc. */
			a = p->argv[p->i];
			c = (unsigned char)a[p->ci];
			if (c == '\0') {
				p->ci = 0;
				p->i++;
				continue;
			}
			o = find_short(p->cmd->opts, (char)c);
			if (o == NULL)
				o = find_short(common_opts, (char)c);
			if (o == NULL)
				return cli_usage_error(p->cmd,
				    "unknown option '-%c'", c), -1;
			p->optarg = NULL;
			if (o->arg != NULL) {
				if (a[p->ci + 1] != '\0') {
					p->optarg = a + p->ci + 1;
				} else if (p->i + 1 < p->argc) {
					p->optarg = p->argv[++p->i];
				} else {
					return cli_usage_error(p->cmd,
					    "option '-%c' needs %s", c,
					    o->arg), -1;
				}
				p->ci = 0;
				p->i++;
			} else {
				p->ci++;
			}
			if ((c = common(p, o)) != 0) {
				if (c < 0)
					return -2;
				continue;
			}
			return o->id;
		}
		if (p->i >= p->argc)
			return 0;
		a = p->argv[p->i];
		if (p->done || a[0] != '-' || a[1] == '\0') {
			p->operands[p->noperands++] = p->argv[p->i++];
			continue;
		}
		if (strcmp(a, "--") == 0) {
			p->done = 1;
			p->i++;
			continue;
		}
		if (a[1] != '-') {
			p->ci = 1;
			continue;
		}
		a += 2;
		eq = strchr(a, '=');
		o = find_long(p->cmd->opts, a, eq ? (size_t)(eq - a) :
		    strlen(a));
		if (o == NULL)
			o = find_long(common_opts, a, eq ? (size_t)(eq - a) :
			    strlen(a));
		if (o == NULL)
			return cli_usage_error(p->cmd,
			    "unknown option '--%.*s'",
			    (int)(eq ? (size_t)(eq - a) : strlen(a)), a), -1;
		p->i++;
		p->optarg = NULL;
		if (o->arg != NULL) {
			if (eq != NULL)
				p->optarg = eq + 1;
			else if (p->i < p->argc)
				p->optarg = p->argv[p->i++];
			else
				return cli_usage_error(p->cmd,
				    "option '--%s' needs %s", o->lng,
				    o->arg), -1;
		} else if (eq != NULL) {
			return cli_usage_error(p->cmd,
			    "option '--%s' takes no argument", o->lng), -1;
		}
		if ((c = common(p, o)) != 0) {
			if (c < 0)
				return -2;
			continue;
		}
		return o->id;
	}
}

static void
print_opts(FILE *f, const struct cli_opt *o)
{
	char left[64];

	for (; o != NULL && o->id != 0; o++) {
		if (o->shrt && o->lng)
			snprintf(left, sizeof(left), "-%c, --%s%s%s", o->shrt,
			    o->lng, o->arg ? " " : "", o->arg ? o->arg : "");
		else if (o->lng)
			snprintf(left, sizeof(left), "    --%s%s%s", o->lng,
			    o->arg ? " " : "", o->arg ? o->arg : "");
		else
			snprintf(left, sizeof(left), "-%c%s%s", o->shrt,
			    o->arg ? " " : "", o->arg ? o->arg : "");
		if (strlen(left) > 24)
			fprintf(f, "  %s\n  %-24s %s\n", left, "", o->help);
		else
			fprintf(f, "  %-24s %s\n", left, o->help);
	}
}

void
cli_help(FILE *f, const struct cli_cmd *cmd)
{
	fprintf(f, "usage: %s\n\n%s%s.\n", cmd->usage,
	    cmd->summary[0] ? "" : "", cmd->summary);
	if (cmd->opts != NULL && cmd->opts->id != 0) {
		fprintf(f, "\nOptions:\n");
		print_opts(f, cmd->opts);
	}
	fprintf(f, "\nCommon options:\n");
	print_opts(f, common_opts);
	if (strcmp(cmd->name, "help") == 0)
		fprintf(f, "\nSee cix(1) for the details.\n");
	else
		fprintf(f, "\nSee cix-%s(1) for the details.\n", cmd->name);
}

int
cli_usage_error(const struct cli_cmd *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "cix %s: ", cmd->name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nusage: %s\n", cmd->usage);
	return EXIT_USAGE;
}

void
cli_error(const struct cix_error *err)
{
	if (err->file[0] != '\0' && err->line > 0)
		fprintf(stderr, "cix: %s:%zu: %s\n", err->file, err->line,
		    err->msg);
	else if (err->file[0] != '\0')
		fprintf(stderr, "cix: %s: %s\n", err->file, err->msg);
	else
		fprintf(stderr, "cix: %s\n", err->msg[0] ? err->msg :
		    cix_rc_str(err->code));
}

void
cli_errorf(const char *fmt, ...)
{
	va_list ap;

	fputs("cix: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void
cli_warn(void *ctx, const char *file, size_t line, const char *msg)
{
	(void)ctx;
	if (line > 0)
		fprintf(stderr, "cix: warning: %s:%zu: %s\n", file, line, msg);
	else
		fprintf(stderr, "cix: warning: %s: %s\n", file, msg);
}

int
cli_exit_for(int rc)
{
	switch (rc) {
	case CIX_OK:
		return EXIT_OK;
	case CIX_ELOCKED:
		return EXIT_LOCKED;
	default:
		return EXIT_FAIL;
	}
}

int
cli_isatty(int fd)
{
	const char *t = getenv("TERM");

	return isatty(fd) && (t == NULL || strcmp(t, "dumb") != 0);
}

int
cli_config(struct cli *cli, const struct cix_config **out)
{
	struct cix_config *cfg;
	struct cix_buf path;
	struct cix_error err;
	const char *file = cli->config_arg;
	int rc;

	if (cli->cfg != NULL) {
		*out = cli->cfg;
		return EXIT_OK;
	}
	*out = NULL;
	if ((cfg = malloc(sizeof(*cfg))) == NULL) {
		cli_errorf("out of memory");
		return EXIT_FAIL;
	}
	cix_config_init(cfg);
	cix_error_clear(&err);
	cix_buf_init(&path, 4096);
	if (file == NULL &&
	    cix_config_default_path(&path, NULL, &err) == CIX_OK)
		file = path.p;
	rc = CIX_OK;
	if (file != NULL)
		rc = cix_config_load(cfg, file, cli->config_arg != NULL, &err);
	if (rc == CIX_OK)
		rc = cix_config_env(cfg, NULL, &err);
	cix_buf_release(&path);
	if (rc < 0) {
		cli_error(&err);
		cix_config_release(cfg);
		free(cfg);
		return rc == CIX_ENOTFOUND ? EXIT_USAGE : EXIT_FAIL;
	}
	cli->cfg = cfg;
	*out = cfg;
	return EXIT_OK;
}

/* The index path: --db, $CIX_DB, [index] db, $XDG_DATA_HOME/cix/cix.db,
 * ~/.local/share/cix/cix.db. */
int
cli_db_path(struct cli *cli)
{
	const struct cix_config *cfg;
	const char *v, *home;
	int n, rc;

	if (cli->db_arg != NULL && *cli->db_arg != '\0')
		n = snprintf(cli->db_path, sizeof(cli->db_path), "%s",
		    cli->db_arg);
	else if ((v = getenv("CIX_DB")) != NULL && *v != '\0')
		n = snprintf(cli->db_path, sizeof(cli->db_path), "%s", v);
	else if ((rc = cli_config(cli, &cfg)) != EXIT_OK)
		return rc;
	else if (cfg->db != NULL && *cfg->db != '\0')
		n = snprintf(cli->db_path, sizeof(cli->db_path), "%s",
		    cfg->db);
	else if ((v = getenv("XDG_DATA_HOME")) != NULL && v[0] == '/')
		n = snprintf(cli->db_path, sizeof(cli->db_path),
		    "%s/cix/cix.db", v);
	else if ((home = getenv("HOME")) != NULL && *home != '\0')
		n = snprintf(cli->db_path, sizeof(cli->db_path),
		    "%s/.local/share/cix/cix.db", home);
	else {
		cli_errorf("cannot tell where the index is: set --db, $CIX_DB"
		    " or $HOME");
		return EXIT_USAGE;
	}
	if (n < 0 || (size_t)n >= sizeof(cli->db_path)) {
		cli_errorf("the index path is too long");
		return EXIT_USAGE;
	}
	return EXIT_OK;
}

int
cli_open_store(struct cli *cli, int flags)
{
	struct cix_error err;
	int rc;

	if (cli->store != NULL)
		return EXIT_OK;
	if ((rc = cli_db_path(cli)) != EXIT_OK)
		return rc;
	cix_error_clear(&err);
	if ((rc = cix_store_open(&cli->store, cli->db_path, flags, &err)) < 0) {
		cli_error(&err);
		return cli_exit_for(rc);
	}
	return EXIT_OK;
}

int
cli_find_work(struct cli *cli, const char *name, int64_t *id)
{
	struct cix_error err;
	int rc;

	cix_error_clear(&err);
	if ((rc = cix_store_find(cli->store, name, id, &err)) < 0) {
		cli_error(&err);
		return rc == CIX_EINVAL ? EXIT_USAGE : EXIT_FAIL;
	}
	return EXIT_OK;
}

int
cli_work_query(struct cli *cli, const struct cli_cmd *cmd, int argc,
    char **argv, int *fmt, size_t *limit, int64_t *id)
{
	struct cli_parser p;
	long v;
	int opt, rc = EXIT_OK;

	*fmt = OUT_TABLE;
	cli_parser_init(&p, cli, cmd, argc, argv);
	while ((opt = cli_next_opt(&p)) > 0) {
		if (opt == QOPT_FORMAT &&
		    (*fmt = out_format_parse(p.optarg)) < 0) {
			rc = cli_usage_error(cmd, "unknown format '%s'",
			    p.optarg);
			goto out;
		}
		if (opt == QOPT_LIMIT) {
			if (cix_parse_long(p.optarg, strlen(p.optarg), &v) < 0 ||
			    v < 0) {
				rc = cli_usage_error(cmd, "bad limit '%s'",
				    p.optarg);
				goto out;
			}
			*limit = (size_t)v;
		}
	}
	if (opt < 0) {
		rc = opt == -2 ? -2 : EXIT_USAGE;
		goto out;
	}
	if (p.noperands != 1) {
		rc = cli_usage_error(cmd, p.noperands ? "one work at a time" :
		    "which work?");
		goto out;
	}
	if ((rc = cli_open_store(cli, CIX_STORE_NOCREATE)) != EXIT_OK)
		goto out;
	rc = cli_find_work(cli, p.operands[0], id);
out:
	cli_parser_release(&p);
	return rc;
}
