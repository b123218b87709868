/*
 * cli.h - what the commands of the cix program share.
 *
 * Each command is one file, src/cli/cmd_<name>.c, defining a struct
 * cli_cmd (name, handler, usage line, summary, option table) that main.c
 * lists in its command table.  Handlers parse their options with
 * cli_parse_opts(), call the library, format with the out_* functions, and
 * return an exit status (enum cli_exit).  Only the CLI prints.
 */
#ifndef CIX_CLI_H
#define CIX_CLI_H

#include <jansson.h>
#include <stdio.h>

#include "cix.h"
#include "conf.h"
#include "import.h"
#include "store.h"

/* Exit statuses (documented in cix(1)). */
enum cli_exit {
	EXIT_OK = 0,
	EXIT_FAIL = 1,		/* a runtime failure */
	EXIT_USAGE = 2,		/* bad command line */
	EXIT_LOCKED = 3,	/* another cix holds the index's lock */
	EXIT_PARTIAL = 4	/* some inputs failed, the rest committed */
};

/* One option of a command (drives both parsing and --help). */
struct cli_opt {
	int id;			/* returned by cli_next_opt(); > 0 */
	char shrt;		/* 'f', or 0 */
	const char *lng;	/* "format", or NULL */
	const char *arg;	/* "FORMAT" if it takes an argument, else NULL */
	const char *help;	/* one line */
};

struct cli;

struct cli_cmd {
	const char *name;
	int (*fn)(struct cli *cli, int argc, char **argv);
	const char *usage;	/* "cix import [--format F] FILE..." */
	const char *summary;	/* one line, lower case */
	const struct cli_opt *opts;	/* terminated by id 0 */
};

/* Options every command accepts (ids below 0x100 are reserved). */
enum {
	OPT_HELP = 0x100,
	OPT_DB,
	OPT_CONFIG,
	OPT_QUIET
};

struct cli {
	const char *prog;		/* "cix" */
	const char *db_arg;		/* --db, else NULL */
	const char *config_arg;		/* --config, else NULL */
	int quiet;
	char db_path[4096];		/* the index in use */
	struct cix_config *cfg;		/* loaded by cli_config() */
	struct cix_store *store;	/* opened by cli_open_store() */
	const struct cli_cmd *cmd;	/* the running command */
};

/* Option parsing over argv[1..]: options anywhere, "--" ends them. */
struct cli_parser {
	int argc;
	char **argv;
	int i;			/* next argv index */
	int ci;			/* position inside a -abc cluster */
	const struct cli_cmd *cmd;
	struct cli *cli;
	const char *optarg;	/* argument of the last option */
	char **operands;	/* non-option arguments, in order */
	int noperands;
	int done;		/* "--" seen */
};

void cli_parser_init(struct cli_parser *p, struct cli *cli,
    const struct cli_cmd *cmd, int argc, char **argv);
/*
 * The id of the next command option (its argument in p->optarg), 0 when
 * there are none left, or -1 after printing a usage error.  The common
 * options (--help, --db, --config, --quiet) are handled here: --help
 * prints the command's help and returns -2 (exit 0).
 */
int cli_next_opt(struct cli_parser *p);
void cli_parser_release(struct cli_parser *p);

/* Print "usage: ..." and the options of cmd to f. */
void cli_help(FILE *f, const struct cli_cmd *cmd);
/* Print an error and the usage line to stderr; returns EXIT_USAGE. */
int cli_usage_error(const struct cli_cmd *cmd, const char *fmt, ...)
#ifdef __GNUC__
	__attribute__((format(printf, 2, 3)))
#endif
	;

/* "cix: message" to stderr, with file:line when err has them. */
void cli_error(const struct cix_error *err);
void cli_errorf(const char *fmt, ...)
#ifdef __GNUC__
	__attribute__((format(printf, 1, 2)))
#endif
	;
void cli_warn(void *ctx, const char *file, size_t line, const char *msg);
/* The exit status for a library error code. */
int cli_exit_for(int rc);

/*
 * The configuration (defaults, the file: --config, else the default path
 * if it exists, then the environment), loaded on first use and kept in
 * cli->cfg (main.c releases it).  Prints the error; returns an exit
 * status.
 */
int cli_config(struct cli *cli, const struct cix_config **out);

/*
 * The index path into cli->db_path: --db, $CIX_DB, the configuration's
 * [index] db, $XDG_DATA_HOME/cix/cix.db, ~/.local/share/cix/cix.db.
 * Prints the error; returns an exit status.
 */
int cli_db_path(struct cli *cli);

/* Resolve the index path (cli_db_path()) and open it. */
int cli_open_store(struct cli *cli, int flags);

/* Is fd a terminal (and not disabled by --quiet for stderr)? */
int cli_isatty(int fd);

/* ------------------------------------------------------------------ */
/* Output: table | tsv | csv | json */

enum out_format { OUT_TABLE, OUT_TSV, OUT_CSV, OUT_JSON };

/* Parse "table", "tsv", "csv", "json"; -1 if none of them. */
int out_format_parse(const char *s);

enum out_col_type { COL_STR, COL_INT, COL_REAL };

struct out_col {
	const char *name;	/* header and JSON key */
	int type;		/* enum out_col_type, for JSON */
	int wrap;		/* 1: this column absorbs terminal width */
	int right;		/* 1: right-aligned in tables */
};

struct out_table;

struct out_table *out_table_new(int format, const struct out_col *cols,
    size_t ncols);
/*
 * Add a row of ncols cells (NULL cells are empty / JSON null).  obj, if
 * not NULL, is the row's JSON object (its reference is stolen); otherwise
 * JSON rows are built from the cells.
 */
int out_table_add(struct out_table *t, const char *const *cells,
    json_t *obj);
/* Write the table to f; returns 0 or -1 on a write error. */
int out_table_print(struct out_table *t, FILE *f);
void out_table_free(struct out_table *t);

/* Write a JSON value (pretty) to f followed by a newline. */
int out_json(FILE *f, json_t *v);

/* ------------------------------------------------------------------ */
/* Works */

/*
 * The JSON object of a work: id doi ut title year source volume issue
 * pages authors [{family, given, ...}] keywords ... ; with full, every
 * field, affiliations, extra tags and references too.
 */
json_t *work_json(const struct cix_record *r, const struct cix_work_meta *m,
    int full);
/* "84-97", "e1001" or "" into buf. */
const char *work_pages(const struct cix_record *r, char *buf, size_t n);
/* "Chisholm J; Petrakis M" (at most max names, then "et al."). */
const char *work_authors_short(const struct cix_record *r, char *buf,
    size_t n, size_t max);

/* "doi", "key", "fuzzy", "cited-only" or "". */
const char *cli_method_name(int method);

/* Parse "Y", "Y1-Y2", "Y1-" or "-Y2"; 0 or -1. */
int cli_parse_years(const char *s, int *from, int *to);
/* Print works (id year authors title source doi ut) in format fmt. */
int cli_print_works(struct cli *cli, int fmt, const int64_t *ids, size_t n);

/* Resolve a WORK argument to an id, printing the error if any. */
int cli_find_work(struct cli *cli, const char *name, int64_t *id);

/* ------------------------------------------------------------------ */
/* Rows of graph queries (rows.c) */

#include "graph.h"

enum { ROWS_WORKS, ROWS_REFS, ROWS_ALLREFS };

struct rows {
	int mode;
	int fmt;
	struct out_col cols[12];
	size_t ncols;
	struct out_table *t;
	size_t n;		/* rows added */
};

/* value names the measure column of ROWS_WORKS (NULL: none). */
int rows_init(struct rows *p, int fmt, int mode, const char *value);
int rows_add(void *ctx, const struct cix_work_row *r);	/* cix_row_cb */
int rows_print(struct rows *p);
void rows_release(struct rows *p);
/* "Chisholm, Janice; ..." -> "Chisholm J" */
const char *row_author(const char *au_text, char *buf, size_t n);

/*
 * The common shape of a one-work query (citing, cocited, coupled): the
 * options --format (id 1) and --limit (id 2) and one WORK.  Opens the
 * index and returns EXIT_OK with *fmt, *limit and *id set, -2 after
 * --help, or an exit status.
 */
enum { QOPT_FORMAT = 1, QOPT_LIMIT = 2 };
int cli_work_query(struct cli *cli, const struct cli_cmd *cmd, int argc,
    char **argv, int *fmt, size_t *limit, int64_t *id);

/* ------------------------------------------------------------------ */
/* The commands */

extern const struct cli_cmd cmd_import;
extern const struct cli_cmd cmd_show;
extern const struct cli_cmd cmd_search;
extern const struct cli_cmd cmd_stats;
extern const struct cli_cmd cmd_link;
extern const struct cli_cmd cmd_refs;
extern const struct cli_cmd cmd_citing;
extern const struct cli_cmd cmd_top;
extern const struct cli_cmd cmd_cocited;
extern const struct cli_cmd cmd_coupled;
extern const struct cli_cmd cmd_hist;
extern const struct cli_cmd cmd_rpys;
extern const struct cli_cmd cmd_path;
extern const struct cli_cmd cmd_resolve;
extern const struct cli_cmd cmd_export;
extern const struct cli_cmd cmd_update;
extern const struct cli_cmd cmd_watch;
extern const struct cli_cmd cmd_runs;

/*
 * Resolve the pending DOIs with the configuration (--config, the
 * environment) and print the summary in fmt (enum out_format): `import
 * --resolve`.  Returns an exit status.
 */
int cli_resolve_pending(struct cli *cli, int fmt);

#endif
