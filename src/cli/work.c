/*
 * work.c - how the commands present a work.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "banned.h"

static const char *const method_names[] = {
	"", "doi", "key", "fuzzy", "cited-only"
};

const char *
cli_method_name(int m)
{
	return m >= 0 && m < 5 ? method_names[m] : "";
}

const char *
work_pages(const struct cix_record *r, char *buf, size_t n)
{
	if (r->first_page && r->last_page &&
	    strcmp(r->first_page, r->last_page) != 0)
		snprintf(buf, n, "%s-%s", r->first_page, r->last_page);
	else if (r->first_page)
		snprintf(buf, n, "%s", r->first_page);
	else if (r->article_no)
		snprintf(buf, n, "%s", r->article_no);
	else
		buf[0] = '\0';
	return buf;
}

/*
 * Initials of given names: "Janice Ann" -> "JA", "Brin F. S." -> "BFS",
 * and WoS initials ("JL") as they are.
 */
static void
initials(const char *g, char *out, size_t n)
{
	size_t k = 0, len = strlen(g), i;
	int upper = len <= 4;

	for (i = 0; i < len; i++)
		if (!(g[i] >= 'A' && g[i] <= 'Z'))
			upper = 0;
	if (upper) {
		snprintf(out, n, "%s", g);
		return;
	}
	for (i = 0; i < len && k + 4 < n; i++) {
		unsigned char c = (unsigned char)g[i];
		size_t sl;

		if (i > 0 && g[i - 1] != ' ' && g[i - 1] != '-' &&
		    g[i - 1] != '.')
			continue;
		if (c < 0x80) {
			if (cix_isalpha(c))
				out[k++] = (char)cix_toupper(c);
			continue;
		}
		/* A non-ASCII initial: keep its whole UTF-8 sequence. */
		sl = cix_utf8_seqlen((const unsigned char *)g + i, len - i);
		if (sl > 0 && k + sl < n) {
			memcpy(out + k, g + i, sl);
			k += sl;
		}
	}
	out[k] = '\0';
}

const char *
work_authors_short(const struct cix_record *r, char *buf, size_t n,
    size_t max)
{
	size_t i, shown = 0, len = 0, total;

	buf[0] = '\0';
	total = cix_record_count_role(r, CIX_ROLE_AUTHOR);
	for (i = 0; i < r->nauthors && len < n; i++) {
		const struct cix_author *a = &r->authors[i];
		int w;

		if (total > 0 && a->role != CIX_ROLE_AUTHOR)
			continue;
		if (shown == max) {
			snprintf(buf + len, n - len, " et al.");
			break;
		}
		if (a->corporate || a->given == NULL)
			w = snprintf(buf + len, n - len, "%s%s",
			    shown ? "; " : "", a->family ? a->family : "");
		else {
			char ini[16];

			initials(a->given, ini, sizeof(ini));
			w = snprintf(buf + len, n - len, "%s%s %s",
			    shown ? "; " : "", a->family ? a->family : "",
			    ini);
		}
		if (w < 0)
			break;
		len += (size_t)w;
		shown++;
	}
	return buf;
}

static void
set_str(json_t *o, const char *k, const char *v)
{
	json_object_set_new(o, k, v ? json_string(v) : json_null());
}

static void
set_int(json_t *o, const char *k, long v, long null)
{
	json_object_set_new(o, k, v > null ? json_integer(v) : json_null());
}

static json_t *
authors_json(const struct cix_record *r, int full)
{
	json_t *a = json_array();
	size_t i, j;

	for (i = 0; i < r->nauthors; i++) {
		const struct cix_author *au = &r->authors[i];
		json_t *o;

		if (!full && au->role != CIX_ROLE_AUTHOR &&
		    cix_record_count_role(r, CIX_ROLE_AUTHOR) > 0)
			continue;
		o = json_object();
		set_str(o, "family", au->family);
		set_str(o, "given", au->given);
		if (au->orcid)
			set_str(o, "orcid", au->orcid);
		if (full) {
			static const char *const roles[] = {
				"author", "editor", "book-author", "group"
			};
			json_t *af = json_array();

			set_str(o, "full", au->full);
			set_str(o, "abbrev", au->abbrev);
			set_str(o, "rid", au->rid);
			json_object_set_new(o, "corporate",
			    json_boolean(au->corporate));
			set_str(o, "role", au->role >= 0 && au->role < 4 ?
			    roles[au->role] : "author");
			for (j = 0; j < r->naa; j++)
				if (r->aa[j].author == i)
					json_array_append_new(af,
					    json_integer(r->aa[j].affil + 1));
			json_object_set_new(o, "affiliations", af);
		}
		json_array_append_new(a, o);
	}
	return a;
}

static json_t *
strlist_json(const struct cix_strlist *l)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < l->n; i++)
		json_array_append_new(a, json_string(l->v[i]));
	return a;
}

json_t *
work_json(const struct cix_record *r, const struct cix_work_meta *m,
    int full)
{
	json_t *o = json_object(), *kw, *a;
	char pages[128];
	size_t i, j;

	if (m != NULL)
		json_object_set_new(o, "id", json_integer(m->id));
	set_str(o, "doi", r->doi);
	set_str(o, "ut", r->ut);
	set_str(o, "title", r->title);
	set_int(o, "year", r->year, 0);
	set_str(o, "source", r->source);
	set_str(o, "volume", r->volume);
	set_str(o, "issue", r->issue);
	work_pages(r, pages, sizeof(pages));
	set_str(o, "pages", pages[0] ? pages : NULL);
	json_object_set_new(o, "authors", authors_json(r, full));
	kw = json_array();
	for (i = 0; i < r->kw_author.n; i++)
		json_array_append_new(kw, json_string(r->kw_author.v[i]));
	json_object_set_new(o, "keywords", kw);
	set_str(o, "type", r->type);
	if (m != NULL) {
		static const char *const kinds[] = {
			"record", "cited-only", "resolved"
		};

		set_str(o, "kind", m->kind >= 0 && m->kind < 3 ?
		    kinds[m->kind] : "record");
		json_object_set_new(o, "lcs", json_integer(m->lcs));
		json_object_set_new(o, "lcr", json_integer(m->lcr));
	}
	set_int(o, "gcs", r->times_cited, -1);
	if (!full)
		return o;

	json_object_set_new(o, "keywords_plus", strlist_json(&r->kw_plus));
	set_str(o, "pmid", r->pmid);
	set_str(o, "isbn", r->isbn);
	set_str(o, "pubtype", r->pubtype);
	set_str(o, "doctype", r->doctype);
	set_str(o, "title_markup", r->title_markup);
	set_str(o, "abstract", r->abstract);
	set_str(o, "language", r->language);
	set_int(o, "month", r->month, 0);
	set_int(o, "day", r->day, 0);
	set_str(o, "pubdate", r->pubdate);
	set_str(o, "early_access", r->early_access);
	set_str(o, "source_abbrev", r->source_abbrev);
	set_str(o, "source_iso", r->source_iso);
	set_str(o, "series", r->series);
	set_str(o, "part", r->part);
	set_str(o, "supplement", r->supplement);
	set_str(o, "special_issue", r->special_issue);
	set_str(o, "first_page", r->first_page);
	set_str(o, "last_page", r->last_page);
	set_str(o, "article_no", r->article_no);
	set_int(o, "page_count", r->page_count, 0);
	set_str(o, "publisher", r->publisher);
	set_str(o, "publisher_city", r->publisher_city);
	set_str(o, "publisher_addr", r->publisher_addr);
	set_str(o, "issn", r->issn);
	set_str(o, "eissn", r->eissn);
	set_str(o, "conference", r->conference);
	set_str(o, "conf_date", r->conf_date);
	set_str(o, "conf_place", r->conf_place);
	set_str(o, "url", r->url);
	set_str(o, "license", r->license);
	set_str(o, "subjects", r->subjects);
	set_str(o, "research_areas", r->research_areas);
	set_int(o, "times_cited_all", r->times_cited_all, -1);
	set_int(o, "nr", r->nr, -1);
	set_str(o, "funding", r->funding);
	set_str(o, "funding_text", r->funding_text);
	set_str(o, "reprint", r->reprint);
	set_str(o, "emails", r->emails);
	set_str(o, "export_date", r->export_date);
	a = json_array();
	for (i = 0; i < r->naffils; i++) {
		json_t *f = json_object();

		json_object_set_new(f, "n", json_integer((json_int_t)i + 1));
		set_str(f, "address", r->affils[i].address);
		json_array_append_new(a, f);
	}
	json_object_set_new(o, "affiliations", a);
	a = json_array();
	for (i = 0; i < r->nextra; i++) {
		json_t *t = json_object();

		set_str(t, "tag", r->extra[i].tag);
		set_str(t, "value", r->extra[i].value);
		json_array_append_new(a, t);
	}
	json_object_set_new(o, "tags", a);
	a = json_array();
	for (i = 0; i < r->nrefs; i++) {
		const struct cix_ref *f = &r->refs[i];
		json_t *t = json_object(), *d = json_array();

		set_str(t, "raw", f->raw);
		set_str(t, "author", f->f.author);
		set_int(t, "year", f->f.year, 0);
		set_str(t, "source", f->f.source);
		set_str(t, "volume", f->f.volume);
		set_str(t, "page", f->f.page);
		for (j = 0; j < f->f.ndois; j++)
			json_array_append_new(d, json_string(f->f.dois[j]));
		json_object_set_new(t, "dois", d);
		json_object_set_new(t, "cited_id", f->cited_id ?
		    json_integer(f->cited_id) : json_null());
		set_str(t, "method", f->method ?
		    cli_method_name(f->method) : NULL);
		json_object_set_new(t, "confidence", f->method ?
		    json_real(f->confidence) : json_null());
		json_array_append_new(a, t);
	}
	json_object_set_new(o, "references", a);
	return o;
}
