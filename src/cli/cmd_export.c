/*
 * cmd_export.c - cix export: write the selected works as BibTeX,
 * BibLaTeX, RIS, CSL-JSON, WoS plain text, or as a network (GraphML,
 * GEXF, DOT, Pajek, VOSviewer).
 *
 * The selection takes the filters of cix search plus --work, --citing,
 * --cited-by and --top; without one, everything.  With -o the output is
 * written to a temporary file in the same directory, synced and renamed
 * over FILE only when the export succeeded: a failed or interrupted
 * export leaves FILE as it was.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "citekey.h"
#include "cli.h"
#include "export.h"
#include "banned.h"

enum {
	O_OUTPUT = 1, O_AUTHOR, O_TITLE, O_KEYWORD, O_SOURCE, O_YEAR,
	O_LIMIT, O_ALL, O_WORK, O_CITING, O_CITED_BY, O_TOP, O_KEYS,
	O_ASCII, O_NETWORK, O_FROM, O_LIST
};

static const struct cli_opt opts[] = {
	{ O_OUTPUT, 'o', "output", "FILE",
	  "write FILE (replaced only when the export succeeds)" },
	{ O_WORK, 'w', "work", "WORK",
	  "this work (DOI, UT, pmid:N or #ID); repeat for more" },
	{ O_CITING, 0, "citing", "WORK", "works that cite WORK" },
	{ O_CITED_BY, 0, "cited-by", "WORK", "works that WORK cites" },
	{ O_TOP, 0, "top", "N", "the N works with the highest LCS" },
	{ O_AUTHOR, 'a', "author", "NAME", "an author's name contains NAME" },
	{ O_TITLE, 't', "title", "WORDS", "the title has all these words" },
	{ O_KEYWORD, 'k', "keyword", "KW",
	  "an author keyword or Keywords Plus contains KW" },
	{ O_SOURCE, 's', "source", "S",
	  "the source title or its abbreviation contains S" },
	{ O_YEAR, 'y', "year", "Y|Y1-Y2", "published in Y, or Y1 to Y2" },
	{ O_LIMIT, 'n', "limit", "N", "at most N works" },
	{ O_ALL, 0, "all", NULL,
	  "include works known only from references" },
	{ O_KEYS, 0, "keys", "PATTERN",
	  "citation keys (default [auth][year]; see cix-export(1))" },
	{ O_ASCII, 0, "ascii", NULL,
	  "bibtex, biblatex: ASCII only, accents as LaTeX commands" },
	{ O_NETWORK, 0, "network", "NET",
	  "graph formats: citation (default), cocitation or coupling" },
	{ O_FROM, 0, "from", "FILE",
	  "convert FILE (a WoS export) without the index; repeat for more" },
	{ O_LIST, 'l', "list", NULL, "list the formats" },
	{ 0 }
};

static int run(struct cli *cli, int argc, char **argv);

const struct cli_cmd cmd_export = {
	"export", run,
	"cix export FORMAT [-o FILE] [--work WORK]... [--citing WORK]"
	" [--cited-by WORK] [--top N] [--author A] [--title T] [--keyword K]"
	" [--source S] [--year Y|Y1-Y2] [--limit N] [--all] [--keys PATTERN]"
	" [--ascii] [--network NET] [--from FILE]... [TEXT...]",
	"write the selected works as bibtex, biblatex, ris, csljson or wos,"
	" or their network as graphml, gexf, dot, pajek or vosviewer",
	opts
};

/* ------------------------------------------------------------------ */
/* Atomic output files */

struct afile {
	char *path;		/* the file asked for */
	char *tmp;		/* the temporary file beside it */
	FILE *f;
	int renamed;		/* tmp is path now */
	int direct;		/* not a regular file: written in place */
};

#define MAXTMP 4
/* Temporary files to remove if a signal ends the export. */
static char *volatile tmpfiles[MAXTMP];

static void
on_signal(int sig)
{
	size_t i;

	for (i = 0; i < MAXTMP; i++)
		if (tmpfiles[i] != NULL)
			unlink(tmpfiles[i]);
	signal(sig, SIG_DFL);
	raise(sig);
}

static char *
xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *p = malloc(n);

	if (p != NULL)
		memcpy(p, s, n);
	return p;
}

/*
 * Open a temporary file beside path (or beside the file a symbolic link
 * path points to).  A path that is not a regular file (/dev/stdout, a
 * FIFO, a device) is written directly: it cannot be replaced, and must
 * not be.
 */
static int
afile_open(struct afile *a, const char *path, size_t slot)
{
	const char *slash;
	struct stat st;
	size_t dn, n;
	mode_t mode;
	int fd;

	memset(a, 0, sizeof(*a));
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		if ((a->path = xstrdup(path)) == NULL ||
		    (a->f = fopen(path, "w")) == NULL) {
			cli_errorf("cannot write '%s': %s", path,
			    a->path ? strerror(errno) : "out of memory");
			return -1;
		}
		a->direct = 1;
		return 0;
	}
	if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode))
		a->path = realpath(path, NULL);
	else
		a->path = xstrdup(path);
	if (a->path == NULL) {
		cli_errorf("cannot write '%s': %s", path, strerror(errno));
		return -1;
	}
	/* an existing file keeps its mode; a new one gets the umask's */
	if (stat(a->path, &st) == 0)
		mode = st.st_mode & 07777;
	else {
		mode = umask(0);
		umask(mode);
		mode = 0666 & ~mode;
	}
	n = strlen(a->path) + 16;
	if ((a->tmp = malloc(n)) == NULL) {
		cli_errorf("out of memory");
		return -1;
	}
	slash = strrchr(a->path, '/');
	dn = slash ? (size_t)(slash - a->path) + 1 : 0;
	snprintf(a->tmp, n, "%.*s.%s.XXXXXX", (int)dn, a->path, a->path + dn);
	if ((fd = mkstemp(a->tmp)) < 0) {
		cli_errorf("cannot create a file beside '%s': %s", a->path,
		    strerror(errno));
		free(a->tmp);
		a->tmp = NULL;
		return -1;
	}
	tmpfiles[slot] = a->tmp;
	if (fchmod(fd, mode) < 0 || (a->f = fdopen(fd, "w")) == NULL) {
		cli_errorf("cannot write '%s': %s", a->tmp, strerror(errno));
		close(fd);
		return -1;
	}
	return 0;
}

/* Sync, close and rename into place. */
static int
afile_commit(struct afile *a)
{
	FILE *f = a->f;
	int fd;

	a->f = NULL;
	if (a->direct) {
		if (fclose(f) != 0) {
			cli_errorf("cannot write '%s': %s", a->path,
			    strerror(errno));
			return -1;
		}
		return 0;
	}
	if (fflush(f) != 0 || fsync(fileno(f)) != 0) {
		cli_errorf("cannot write '%s': %s", a->path, strerror(errno));
		fclose(f);
		return -1;
	}
	if (fclose(f) != 0) {
		cli_errorf("cannot write '%s': %s", a->path, strerror(errno));
		return -1;
	}
	if (rename(a->tmp, a->path) < 0) {
		cli_errorf("cannot replace '%s': %s", a->path,
		    strerror(errno));
		return -1;
	}
	a->renamed = 1;
	/* the rename itself, on disk */
	{
		const char *slash = strrchr(a->path, '/');
		char *dir = slash ? malloc((size_t)(slash - a->path) + 2) :
		    NULL;

		if (slash != NULL && dir != NULL) {
			memcpy(dir, a->path, (size_t)(slash - a->path) + 1);
			dir[slash - a->path + 1] = '\0';
		}
		if ((fd = open(dir ? dir : ".", O_RDONLY)) >= 0) {
			fsync(fd);
			close(fd);
		}
		free(dir);
	}
	return 0;
}

static void
afile_abort(struct afile *a)
{
	if (a->f != NULL)
		fclose(a->f);
	a->f = NULL;
	if (a->tmp != NULL && !a->renamed)
		unlink(a->tmp);
	free(a->tmp);
	free(a->path);
	memset(a, 0, sizeof(*a));
}

static int
write_file(void *ctx, const void *p, size_t n)
{
	FILE *f = ctx;

	return fwrite(p, 1, n, f) == n ? 0 : -1;
}

/* "vos.txt" + "map" -> "vos_map.txt"; "vos" -> "vos_map.txt" */
static char *
out_name(const char *base, const char *what)
{
	size_t n = strlen(base), k = n;
	char *p;

	if (n > 4 && strcmp(base + n - 4, ".txt") == 0)
		k = n - 4;
	if ((p = malloc(k + strlen(what) + 6)) != NULL)
		snprintf(p, k + strlen(what) + 6, "%.*s_%s.txt", (int)k, base,
		    what);
	return p;
}

/* ------------------------------------------------------------------ */

struct names {
	const char **v;
	size_t n;
};

static int
push(struct names *l, const char *s)
{
	const char **p = realloc(l->v, (l->n + 1) * sizeof(*p));

	if (p == NULL)
		return -1;
	l->v = p;
	l->v[l->n++] = s;
	return 0;
}

static int
resolve(struct cli *cli, const struct names *l, int64_t **ids)
{
	size_t i;
	int rc;

	if (l->n == 0)
		return EXIT_OK;
	if ((*ids = calloc(l->n, sizeof(**ids))) == NULL) {
		cli_errorf("out of memory");
		return EXIT_FAIL;
	}
	for (i = 0; i < l->n; i++)
		if ((rc = cli_find_work(cli, l->v[i], &(*ids)[i])) != EXIT_OK)
			return rc;
	return EXIT_OK;
}

static void
list_formats(FILE *f)
{
	size_t i;

	for (i = 0; cix_exporters[i] != NULL; i++)
		fprintf(f, "  %-10s %s\n", cix_exporters[i]->name,
		    cix_exporters[i]->desc);
}

/* Convert WoS files to e's format without the index. */
static int
convert(struct cli *cli, const struct cix_exporter *e,
    const struct cix_export_opts *eo, const struct names *from,
    struct cix_sink *sinks, struct cix_export_stats *st)
{
	struct cix_export *x = NULL;
	struct cix_reader_opts ro;
	struct cix_reader *rd = NULL;
	struct cix_input *in = NULL;
	struct cix_record rec;
	struct cix_error err;
	size_t i;
	int rc = CIX_OK;

	memset(&ro, 0, sizeof(ro));
	ro.warn = cli->quiet ? NULL : cli_warn;
	cix_record_init(&rec);
	cix_error_clear(&err);
	if ((rc = cix_export_begin(&x, e, eo, NULL, sinks, &err)) < 0)
		goto out;
	for (i = 0; i < from->n; i++) {
		if ((rc = cix_input_open_file(&in, from->v[i], &err)) < 0)
			goto out;
		if (!cli->quiet)
			cix_input_set_warn(in, cli_warn, NULL);
		rc = cix_reader_open(&rd, in, NULL, &ro, &err);
		in = NULL;	/* the reader owns it, also on failure */
		if (rc < 0)
			goto out;
		while ((rc = cix_reader_next(rd, &rec, &err)) > 0)
			if ((rc = cix_export_work(x, 0, &rec, &err)) < 0)
				goto out;
		if (rc < 0)
			goto out;
		cix_reader_free(rd);
		rd = NULL;
	}
	rc = cix_export_end(x, st, &err);
out:
	if (rc < 0)
		cli_error(&err);
	cix_reader_free(rd);
	cix_export_free(x);
	cix_record_release(&rec);
	return rc < 0 ? cli_exit_for(rc) : EXIT_OK;
}

static int
run(struct cli *cli, int argc, char **argv)
{
	struct cli_parser p;
	struct cix_export_sel sel;
	struct cix_export_opts eo;
	struct cix_export_stats st;
	struct cix_sink sinks[2];
	struct afile files[2];
	struct cix_buf text;
	struct cix_error err;
	struct names works = { NULL, 0 }, citing = { NULL, 0 };
	struct names cited_by = { NULL, 0 }, from = { NULL, 0 };
	const struct cix_exporter *e = NULL;
	const char *output = NULL, *network = NULL;
	int64_t *ids = NULL, *wids = NULL, *cids = NULL, *bids = NULL;
	size_t n = 0, i, nfiles = 0;
	long v;
	int opt, rc = EXIT_OK, k, list = 0, selectors = 0;

	memset(&sel, 0, sizeof(sel));
	memset(&st, 0, sizeof(st));
	memset(&eo, 0, sizeof(eo));
	memset(files, 0, sizeof(files));
	eo.version = PACKAGE_VERSION;
	cix_buf_init(&text, 1 << 16);
	cli_parser_init(&p, cli, &cmd_export, argc, argv);
	while ((opt = cli_next_opt(&p)) > 0) {
		switch (opt) {
		case O_OUTPUT: output = p.optarg; break;
		case O_AUTHOR: sel.q.author = p.optarg; selectors++; break;
		case O_TITLE: sel.q.title = p.optarg; selectors++; break;
		case O_KEYWORD: sel.q.keyword = p.optarg; selectors++; break;
		case O_SOURCE: sel.q.source = p.optarg; selectors++; break;
		case O_ALL: sel.all = 1; break;
		case O_KEYS: eo.keys = p.optarg; break;
		case O_ASCII: eo.ascii = 1; break;
		case O_NETWORK: network = p.optarg; break;
		case O_LIST: list = 1; break;
		case O_WORK:
		case O_CITING:
		case O_CITED_BY:
		case O_FROM:
			if (push(opt == O_WORK ? &works : opt == O_CITING ?
			    &citing : opt == O_CITED_BY ? &cited_by : &from,
			    p.optarg) < 0) {
				cli_errorf("out of memory");
				rc = EXIT_FAIL;
				goto out;
			}
			selectors += opt != O_FROM;
			break;
		case O_YEAR:
			if (cli_parse_years(p.optarg, &sel.q.year_from,
			    &sel.q.year_to) < 0) {
				rc = cli_usage_error(&cmd_export,
				    "bad year '%s' (Y or Y1-Y2)", p.optarg);
				goto out;
			}
			selectors++;
			break;
		case O_LIMIT:
		case O_TOP:
			if (cix_parse_long(p.optarg, strlen(p.optarg), &v) < 0 ||
			    v <= 0) {
				rc = cli_usage_error(&cmd_export, "bad %s '%s'",
				    opt == O_TOP ? "--top" : "--limit",
				    p.optarg);
				goto out;
			}
			if (opt == O_TOP) {
				sel.top = (size_t)v;
				selectors++;
			} else
				sel.limit = (size_t)v;
			break;
		}
	}
	if (opt < 0) {
		rc = opt == -2 ? EXIT_OK : EXIT_USAGE;
		goto out;
	}
	if (list) {
		list_formats(stdout);
		goto out;
	}
	if (p.noperands == 0) {
		fprintf(stderr, "cix export: which format?\n");
		list_formats(stderr);
		rc = cli_usage_error(&cmd_export, "give one of the formats"
		    " above");
		goto out;
	}
	if ((e = cix_exporter_find(p.operands[0])) == NULL) {
		rc = cli_usage_error(&cmd_export, "unknown format '%s' (cix"
		    " export --list shows them)", p.operands[0]);
		goto out;
	}
	if (network != NULL) {
		if (strcmp(network, "citation") == 0)
			eo.network = CIX_NET_CITATION;
		else if (strcmp(network, "cocitation") == 0 ||
		    strcmp(network, "co-citation") == 0)
			eo.network = CIX_NET_COCITATION;
		else if (strcmp(network, "coupling") == 0)
			eo.network = CIX_NET_COUPLING;
		else {
			rc = cli_usage_error(&cmd_export, "unknown network '%s'"
			    " (citation, cocitation, coupling)", network);
			goto out;
		}
		if (!(e->flags & CIX_EXPORT_GRAPH)) {
			rc = cli_usage_error(&cmd_export, "--network is for"
			    " the graph formats, not %s", e->name);
			goto out;
		}
	}
	if (eo.ascii && strcmp(e->name, "bibtex") != 0 &&
	    strcmp(e->name, "biblatex") != 0) {
		rc = cli_usage_error(&cmd_export, "--ascii is for bibtex and"
		    " biblatex, not %s", e->name);
		goto out;
	}
	if (eo.keys != NULL && !(e->flags & CIX_EXPORT_KEYS)) {
		rc = cli_usage_error(&cmd_export, "%s has no citation keys:"
		    " --keys does not apply", e->name);
		goto out;
	}
	for (k = 1; k < p.noperands; k++)
		cix_buf_addf(&text, "%s%s", k > 1 ? " " : "", p.operands[k]);
	if (text.len > 0) {
		sel.q.text = text.p;
		selectors++;
	}
	if (from.n > 0 && (selectors > 0 || sel.all || sel.limit)) {
		rc = cli_usage_error(&cmd_export, "--from converts whole files:"
		    " no selection with it");
		goto out;
	}
	if (from.n > 0 && (e->flags & CIX_EXPORT_NEEDSTORE)) {
		rc = cli_usage_error(&cmd_export, "%s needs the index (its"
		    " links): import the files, then export", e->name);
		goto out;
	}
	if (e->nout > 1 && output == NULL) {
		rc = cli_usage_error(&cmd_export, "%s writes %zu files: name"
		    " them with -o BASE (BASE_%s.txt, ...)", e->name, e->nout,
		    e->outnames[0]);
		goto out;
	}
	if (eo.keys != NULL) {
		struct cix_citekey_pattern *pat;

		cix_error_clear(&err);
		if (cix_citekey_compile(&pat, eo.keys, &err) < 0) {
			rc = cli_usage_error(&cmd_export, "%s", err.msg);
			goto out;
		}
		cix_citekey_free(pat);
	}

	/* the selection */
	if (from.n == 0) {
		if ((rc = cli_open_store(cli, CIX_STORE_NOCREATE)) != EXIT_OK)
			goto out;
		if ((rc = resolve(cli, &works, &wids)) != EXIT_OK ||
		    (rc = resolve(cli, &citing, &cids)) != EXIT_OK ||
		    (rc = resolve(cli, &cited_by, &bids)) != EXIT_OK)
			goto out;
		sel.works = wids;
		sel.nworks = works.n;
		sel.citing = cids;
		sel.nciting = citing.n;
		sel.cited_by = bids;
		sel.ncited_by = cited_by.n;
		sel.has_query = sel.q.text || sel.q.author || sel.q.title ||
		    sel.q.keyword || sel.q.source || sel.q.year_from ||
		    sel.q.year_to;
		cix_error_clear(&err);
		if ((k = cix_export_select(&ids, &n, cli->store, &sel,
		    &err)) < 0) {
			cli_error(&err);
			rc = k == CIX_EINVAL ? EXIT_USAGE : cli_exit_for(k);
			goto out;
		}
		if (n == 0 && !cli->quiet)
			fprintf(stderr, "cix: no work matches; writing an empty"
			    " %s\n", e->name);
	}

	/* the outputs */
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	signal(SIGHUP, on_signal);
	for (i = 0; i < e->nout; i++) {
		if (output == NULL) {
			sinks[i].write = write_file;
			sinks[i].ctx = stdout;
			sinks[i].name = "the standard output";
			continue;
		}
		{
			char *name = e->nout > 1 ? out_name(output,
			    e->outnames[i]) : xstrdup(output);

			if (name == NULL) {
				cli_errorf("out of memory");
				rc = EXIT_FAIL;
				goto out;
			}
			k = afile_open(&files[i], name, i);
			free(name);
			nfiles = i + 1;
			if (k < 0) {
				rc = EXIT_FAIL;
				goto out;
			}
		}
		sinks[i].write = write_file;
		sinks[i].ctx = files[i].f;
		sinks[i].name = files[i].path;
	}

	if (from.n > 0) {
		if ((rc = convert(cli, e, &eo, &from, sinks, &st)) != EXIT_OK)
			goto out;
	} else {
		cix_error_clear(&err);
		if ((k = cix_export_run(cli->store, e, &eo, ids, n, sinks, &st,
		    &err)) < 0) {
			cli_error(&err);
			rc = k == CIX_EINVAL ? EXIT_USAGE : cli_exit_for(k);
			goto out;
		}
	}
	for (i = 0; i < nfiles; i++)
		if (afile_commit(&files[i]) < 0) {
			rc = EXIT_FAIL;
			goto out;
		}
	if (output != NULL && !cli->quiet) {
		fprintf(stderr, "cix: wrote %zu works", st.works);
		if (e->flags & CIX_EXPORT_GRAPH)
			fprintf(stderr, " and %zu %s", st.edges,
			    eo.network == CIX_NET_CITATION ? "citations" :
			    "links");
		fprintf(stderr, " to %s", files[0].path);
		for (i = 1; i < nfiles; i++)
			fprintf(stderr, " and %s", files[i].path);
		if (st.new_keys > 0 && from.n == 0)
			fprintf(stderr, " (%zu new citation keys)",
			    st.new_keys);
		fprintf(stderr, "\n");
	}
	if (st.new_keys > 0 && from.n == 0 && !st.keys_kept)
		cli_errorf("warning: the index is read-only: %zu new citation"
		    " keys are not kept for the next export", st.new_keys);
out:
	for (i = 0; i < nfiles; i++) {
		tmpfiles[i] = NULL;
		afile_abort(&files[i]);
	}
	free(ids);
	free(wids);
	free(cids);
	free(bids);
	free(works.v);
	free(citing.v);
	free(cited_by.v);
	free(from.v);
	cix_buf_release(&text);
	cli_parser_release(&p);
	return rc;
}
