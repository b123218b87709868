/*
 * cmd_show.c - cix show: one work, whole, with its references.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "store_resolve.h"
#include "banned.h"

enum { O_FORMAT = 1 };

static const struct cli_opt opts[] = {
	{ O_FORMAT, 'f', "format", "FORMAT",
	  "table (default), tsv, csv or json" },
	{ 0 }
};

static int run(struct cli *cli, int argc, char **argv);

const struct cli_cmd cmd_show = {
	"show", run,
	"cix show [--format FORMAT] WORK...",
	"show the whole record of a work (a DOI, a UT, pmid:N or #ID) with"
	" its references",
	opts
};

/* Print "label" and v wrapped at 78 columns, indented. */
static void
field(FILE *f, const char *label, const char *v)
{
	size_t col, n;
	const char *w;

	if (v == NULL || *v == '\0')
		return;
	fprintf(f, "%-14s", label);
	col = 14;
	while (*v != '\0') {
		while (*v == ' ' || *v == '\n')
			v++;
		w = v;
		while (*v != '\0' && *v != ' ' && *v != '\n')
			v++;
		n = (size_t)(v - w);
		if (n == 0)
			break;
		if (col > 14 && col + 1 + n > 78) {
			fprintf(f, "\n%14s", "");
			col = 14;
		} else if (col > 14) {
			fputc(' ', f);
			col++;
		}
		fwrite(w, 1, n, f);
		col += n;
	}
	fputc('\n', f);
}

static void
field_num(FILE *f, const char *label, long v)
{
	char b[32];

	snprintf(b, sizeof(b), "%ld", v);
	field(f, label, b);
}

struct files_ctx {
	FILE *f;
	int n;
};

static int
print_file(void *ctx, const struct cix_file_row *r)
{
	struct files_ctx *c = ctx;
	char b[1200];

	snprintf(b, sizeof(b), "%s:%zu (%s, %s)", r->path, r->line,
	    r->format, r->imported_at);
	field(c->f, c->n++ ? "" : "Imported from", b);
	return 0;
}

/* Provenance: what resolution filled and where it disagrees. */
struct prov_ctx {
	FILE *f;
	json_t *sources;	/* JSON arrays, or NULL for text */
	json_t *conflicts;
	struct cix_buf filled;	/* text: "crossref: a, b" */
	const char *src;
	int nconf;
};

static int
prov_row(void *ctx, const struct cix_prov_row *row)
{
	struct prov_ctx *c = ctx;
	json_t *o;

	if (c->sources != NULL) {
		o = json_object();
		json_object_set_new(o, "field", json_string(row->field));
		json_object_set_new(o, "source", json_string(row->source));
		if (row->conflict)
			json_object_set_new(o, "value", row->value ?
			    json_string(row->value) : json_null());
		json_object_set_new(o, "at", json_string(row->at));
		json_array_append_new(row->conflict ? c->conflicts :
		    c->sources, o);
		return 0;
	}
	if (!row->conflict) {
		if (c->src == NULL || strcmp(c->src, row->source) != 0) {
			cix_buf_addf(&c->filled, "%s%s: ", c->filled.len ?
			    "; " : "", row->source);
			c->src = row->source;
		} else {
			cix_buf_adds(&c->filled, ", ");
		}
		cix_buf_adds(&c->filled, row->field);
		return 0;
	}
	if (c->filled.len) {
		field(c->f, "Filled from", c->filled.p);
		cix_buf_reset(&c->filled);
	}
	{
		struct cix_buf b;

		cix_buf_init(&b, 0);
		cix_buf_addf(&b, "%s: %s says '%s'", row->field, row->source,
		    row->value ? row->value : "");
		field(c->f, c->nconf++ ? "" : "Conflicts", b.p);
		cix_buf_release(&b);
	}
	return 0;
}

static void
print_provenance(struct cli *cli, FILE *f, const struct cix_record *r,
    int64_t id)
{
	struct prov_ctx c;
	struct cix_doi_info di;
	struct cix_error err;
	struct cix_buf b;

	memset(&c, 0, sizeof(c));
	c.f = f;
	cix_buf_init(&c.filled, 0);
	cix_buf_init(&b, 0);
	cix_error_clear(&err);
	if (r->doi != NULL &&
	    cix_store_doi_info(cli->store, r->doi, &di, &err) == CIX_OK) {
		const char *st = cix_doi_state_name(di.state);

		if (di.state == CIX_DOI_RESOLVED)
			cix_buf_addf(&b, "resolved %s%s%s%s", di.resolved_at,
			    di.source[0] ? " (" : "", di.source,
			    di.source[0] ? ")" : "");
		else if (di.state == CIX_DOI_PENDING)
			cix_buf_adds(&b, "not asked yet");
		else
			cix_buf_addf(&b, "%s%s%s%s%s", st ? st : "?",
			    di.error[0] ? ": " : "", di.error,
			    di.next_try[0] ? "; asked again after " : "",
			    di.next_try);
		field(f, "DOI lookup", b.p);
	}
	cix_error_clear(&err);
	cix_store_provenance(cli->store, id, prov_row, &c, &err);
	if (c.filled.len)
		field(f, "Filled from", c.filled.p);
	cix_buf_release(&c.filled);
	cix_buf_release(&b);
}

static void
add_provenance_json(struct cli *cli, json_t *o, const struct cix_record *r,
    int64_t id)
{
	struct prov_ctx c;
	struct cix_doi_info di;
	struct cix_error err;

	memset(&c, 0, sizeof(c));
	c.sources = json_array();
	c.conflicts = json_array();
	cix_error_clear(&err);
	cix_store_provenance(cli->store, id, prov_row, &c, &err);
	json_object_set_new(o, "field_sources", c.sources);
	json_object_set_new(o, "conflicts", c.conflicts);
	cix_error_clear(&err);
	if (r->doi != NULL &&
	    cix_store_doi_info(cli->store, r->doi, &di, &err) == CIX_OK) {
		json_t *d = json_object();

#define S(k, v) json_object_set_new(d, k, (v)[0] ? json_string(v) : \
    json_null())
		json_object_set_new(d, "state",
		    json_string(cix_doi_state_name(di.state)));
		S("agency", di.ra);
		S("format", di.source);
		S("asked_at", di.asked_at);
		S("resolved_at", di.resolved_at);
		S("next_try", di.next_try);
		S("error", di.error);
#undef S
		json_object_set_new(d, "http_status", di.http_status ?
		    json_integer(di.http_status) : json_null());
		json_object_set_new(o, "resolution", d);
	}
}

static void
print_human(struct cli *cli, FILE *f, const struct cix_record *r,
    const struct cix_work_meta *m)
{
	static const char *const kinds[] = {
		"record", "cited only", "resolved online"
	};
	struct cix_buf b;
	struct files_ctx fc = { f, 0 };
	struct cix_error err;
	char pages[128];
	size_t i, j;

	cix_buf_init(&b, 0);
	fprintf(f, "#%lld  %s%s%s\n", (long long)m->id,
	    m->kind >= 0 && m->kind < 3 ? kinds[m->kind] : "",
	    r->ut ? "  " : "", r->ut ? r->ut : "");
	field(f, "Title", r->title);
	for (i = 0; i < r->nauthors; i++) {
		const struct cix_author *a = &r->authors[i];
		static const char *const roles[] = {
			"Author", "Editor", "Book author", "Group"
		};

		cix_buf_reset(&b);
		cix_buf_adds(&b, a->full ? a->full : a->abbrev ? a->abbrev :
		    a->family ? a->family : "?");
		if (a->orcid)
			cix_buf_addf(&b, " (ORCID %s)", a->orcid);
		for (j = 0; j < r->naa; j++)
			if (r->aa[j].author == i)
				cix_buf_addf(&b, " [%u]", r->aa[j].affil + 1);
		field(f, i == 0 || a->role != r->authors[i - 1].role ?
		    roles[a->role >= 0 && a->role < 4 ? a->role : 0] : "",
		    b.p);
	}
	cix_buf_reset(&b);
	if (r->source)
		cix_buf_adds(&b, r->source);
	if (r->volume)
		cix_buf_addf(&b, ", vol. %s", r->volume);
	if (r->issue)
		cix_buf_addf(&b, ", no. %s", r->issue);
	work_pages(r, pages, sizeof(pages));
	if (pages[0])
		cix_buf_addf(&b, ", %s %s", r->first_page ? "pp." : "art.",
		    pages);
	field(f, "Source", b.p);
	if (r->year > 0) {
		cix_buf_reset(&b);
		cix_buf_addf(&b, "%d", r->year);
		if (r->pubdate)
			cix_buf_addf(&b, " (%s)", r->pubdate);
		if (r->early_access)
			cix_buf_addf(&b, ", early access %s", r->early_access);
		field(f, "Year", b.p);
	}
	field(f, "DOI", r->doi);
	field(f, "PMID", r->pmid);
	cix_buf_reset(&b);
	if (r->type)
		cix_buf_adds(&b, r->type);
	if (r->doctype)
		cix_buf_addf(&b, " (%s)", r->doctype);
	field(f, "Type", b.p);
	field(f, "Language", r->language);
	field(f, "Publisher", r->publisher);
	cix_buf_reset(&b);
	if (r->issn)
		cix_buf_addf(&b, "%s (print)", r->issn);
	if (r->eissn)
		cix_buf_addf(&b, "%s%s (online)", b.len ? ", " : "", r->eissn);
	field(f, "ISSN", b.p);
	field(f, "ISBN", r->isbn);
	if (r->page_count > 0)
		field_num(f, "Pages", r->page_count);
	if (r->conference) {
		cix_buf_reset(&b);
		cix_buf_addf(&b, "%s%s%s%s%s", r->conference,
		    r->conf_date ? ", " : "", r->conf_date ? r->conf_date : "",
		    r->conf_place ? ", " : "",
		    r->conf_place ? r->conf_place : "");
		field(f, "Conference", b.p);
	}
	for (j = 0; j < 2; j++) {
		const struct cix_strlist *l = j ? &r->kw_plus : &r->kw_author;

		cix_buf_reset(&b);
		for (i = 0; i < l->n; i++)
			cix_buf_addf(&b, "%s%s", i ? "; " : "", l->v[i]);
		field(f, j ? "Keywords Plus" : "Keywords", b.p);
	}
	field(f, "Categories", r->subjects);
	for (i = 0; i < r->naffils; i++) {
		cix_buf_reset(&b);
		cix_buf_addf(&b, "[%zu] %s", i + 1,
		    r->affils[i].address ? r->affils[i].address : "");
		field(f, i ? "" : "Affiliations", b.p);
	}
	field(f, "Reprint", r->reprint);
	field(f, "Funding", r->funding);
	cix_buf_reset(&b);
	if (r->times_cited >= 0)
		cix_buf_addf(&b, "%ld times cited (global)", r->times_cited);
	cix_buf_addf(&b, "%s%lld by records in the index (LCS)",
	    b.len ? ", " : "", (long long)m->lcs);
	field(f, "Citations", b.p);
	if (r->abstract) {
		fputc('\n', f);
		field(f, "Abstract", r->abstract);
	}
	if (r->nextra > 0) {
		fputc('\n', f);
		for (i = 0; i < r->nextra; i++) {
			char tag[16];

			snprintf(tag, sizeof(tag), "%s", r->extra[i].tag);
			field(f, tag, r->extra[i].value);
		}
	}
	fputc('\n', f);
	cix_error_clear(&err);
	cix_store_work_files(cli->store, m->id, print_file, &fc, &err);
	field(f, "In the index", m->created);
	if (strcmp(m->created, m->updated) != 0)
		field(f, "Updated", m->updated);
	print_provenance(cli, f, r, m->id);
	if (r->nrefs > 0) {
		fprintf(f, "\nReferences (%zu, %lld to records in the"
		    " index):\n", r->nrefs, (long long)m->lcr);
		for (i = 0; i < r->nrefs; i++) {
			const struct cix_ref *x = &r->refs[i];

			fprintf(f, "%4zu. %s\n", i + 1, x->raw);
			if (x->cited_id)
				fprintf(f, "      -> #%lld (%s, %.2f)\n",
				    (long long)x->cited_id,
				    cli_method_name(x->method),
				    x->confidence);
		}
	}
	cix_buf_release(&b);
}

static int
print_flat(struct out_table *t, const struct cix_record *r,
    const struct cix_work_meta *m)
{
	json_t *o = work_json(r, m, 1);
	const char *k;
	json_t *v;
	char *s;

	/* field/value pairs from the JSON object: one place knows the
	 * fields. */
	json_object_foreach(o, k, v) {
		const char *cells[2];

		if (json_is_null(v))
			continue;
		if (json_is_string(v)) {
			cells[0] = k;
			cells[1] = json_string_value(v);
			out_table_add(t, cells, NULL);
			continue;
		}
		if (json_is_array(v) && json_array_size(v) == 0)
			continue;
		s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY |
		    JSON_REAL_PRECISION(10));
		cells[0] = k;
		cells[1] = s;
		out_table_add(t, cells, NULL);
		free(s);
	}
	json_decref(o);
	return 0;
}

static int
run(struct cli *cli, int argc, char **argv)
{
	static const struct out_col cols[] = {
		{ "field", COL_STR, 0, 0 },
		{ "value", COL_STR, 1, 0 },
	};
	struct cli_parser p;
	struct cix_record r;
	struct cix_work_meta m;
	struct cix_error err;
	struct out_table *t = NULL;
	json_t *all = NULL;
	int64_t id;
	int opt, fmt = OUT_TABLE, rc = EXIT_OK, i;

	cix_record_init(&r);
	cli_parser_init(&p, cli, &cmd_show, argc, argv);
	while ((opt = cli_next_opt(&p)) > 0) {
		if (opt == O_FORMAT && (fmt = out_format_parse(p.optarg)) < 0) {
			rc = cli_usage_error(&cmd_show, "unknown format '%s'",
			    p.optarg);
			goto out;
		}
	}
	if (opt < 0) {
		rc = opt == -2 ? EXIT_OK : EXIT_USAGE;
		goto out;
	}
	if (p.noperands == 0) {
		rc = cli_usage_error(&cmd_show, "which work?");
		goto out;
	}
	if ((rc = cli_open_store(cli, CIX_STORE_NOCREATE)) != EXIT_OK)
		goto out;
	if (fmt == OUT_TSV || fmt == OUT_CSV)
		t = out_table_new(fmt, cols, 2);
	if (fmt == OUT_JSON && p.noperands > 1)
		all = json_array();
	for (i = 0; i < p.noperands; i++) {
		if ((rc = cli_find_work(cli, p.operands[i], &id)) != EXIT_OK)
			goto out;
		cix_error_clear(&err);
		if (cix_store_load(cli->store, id, &r, &m, &err) < 0) {
			cli_error(&err);
			rc = EXIT_FAIL;
			goto out;
		}
		if (fmt == OUT_JSON) {
			json_t *o = work_json(&r, &m, 1);

			add_provenance_json(cli, o, &r, id);
			if (all != NULL) {
				json_array_append_new(all, o);
			} else {
				out_json(stdout, o);
				json_decref(o);
			}
		} else if (t != NULL) {
			print_flat(t, &r, &m);
		} else {
			if (i > 0)
				fputs("\n", stdout);
			print_human(cli, stdout, &r, &m);
		}
	}
	if (all != NULL)
		out_json(stdout, all);
	if (t != NULL)
		out_table_print(t, stdout);
out:
	json_decref(all);
	out_table_free(t);
	cix_record_release(&r);
	cli_parser_release(&p);
	return rc;
}
