/*
 * export_wos.c - Web of Science plain text, as WoS writes it ("FN
 * Clarivate Analytics Web of Science", "VR 1.0", records PT ... ER,
 * "EF"), so that a filtered set goes to CiteSpace, HistCite,
 * bibliometrix or VOSviewer, or back into cix.
 *
 * The round trip is exact: importing the export gives records equal to
 * the ones exported.  Fields come from the record in WoS's tag order; the
 * tags the reader kept verbatim (rec->extra: U1, GA, OA, OI, RI, ...) are
 * written back after the field of the same tag, or where WoS puts them,
 * and the rest before ER.  Multi-valued fields (AU, AF, C1, CR...) have
 * one value per line, continuation lines indented by three spaces.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "export_int.h"
#include "record.h"
#include "util.h"
#include "banned.h"

/* WoS's order of tags in a full record. */
static const char *const order[] = {
	"PT", "AU", "BA", "BE", "GP", "AF", "BF", "CA", "TI", "SO", "SE",
	"BS", "LA", "DT", "CT", "CY", "CL", "SP", "HO", "DE", "ID", "AB",
	"C1", "C3", "RP", "EM", "RI", "OI", "FU", "FP", "FX", "CR", "NR",
	"TC", "Z9", "U1", "U2", "PU", "PI", "PA", "SN", "EI", "BN", "J9",
	"JI", "PD", "PY", "VL", "IS", "PN", "SU", "SI", "MA", "BP", "EP",
	"AR", "DI", "DL", "D2", "EA", "EY", "PG", "WC", "WE", "SC", "GA",
	"PM", "OA", "HC", "HP", "DA", "UT", NULL
};

struct wos {
	struct cix_buf line;	/* a cleaned value */
	size_t next;		/* the next extra tag to write */
};

/*
 * Write tag with value v: each line of v on its own line (the first
 * after the tag, the others indented), blank lines dropped.
 */
static int
put(struct cix_export *x, const char *tag, const char *v, int *first)
{
	struct wos *w = x->state;
	struct cix_buf *o = &x->out[0], *c = &w->line;
	const char *p, *e;
	size_t n;
	int rc;

	if (v == NULL)
		return CIX_OK;
	/* as stored (the round trip is exact), but a CR would end a line */
	cix_buf_reset(c);
	if ((rc = cix_buf_adds(c, v)) < 0)
		return rc;
	for (n = 0; n < c->len; n++)
		if (c->p[n] == '\r')
			c->p[n] = ' ';
	for (p = c->p; *p != '\0'; p = e ? e + 1 : p + n) {
		e = strchr(p, '\n');
		n = e ? (size_t)(e - p) : strlen(p);
		{
			const char *q = cix_trim(p, &n);

			if (n > 0) {
				if (*first)
					rc = cix_buf_addf(o, "%-2s %.*s\n", tag,
					    (int)n, q);
				else
					rc = cix_buf_addf(o, "   %.*s\n",
					    (int)n, q);
				if (rc < 0)
					return rc;
				*first = 0;
			}
		}
		if (e == NULL)
			break;
	}
	return CIX_OK;
}

static int
put1(struct cix_export *x, const char *tag, const char *v)
{
	int first = 1;

	return put(x, tag, v, &first);
}

static int
putn(struct cix_export *x, const char *tag, long v, long unknown)
{
	char b[32];

	if (v <= unknown)
		return CIX_OK;
	snprintf(b, sizeof(b), "%ld", v);
	return put1(x, tag, b);
}

/* Authors with role: their abbreviated (AU) or full (AF) names. */
static int
people(struct cix_export *x, const char *tag, const struct cix_record *r,
    int role, int full)
{
	struct cix_buf *t = &x->tmp;
	const struct cix_author *a;
	size_t i, any = 0;
	int first = 1, rc;

	for (i = 0; i < r->nauthors; i++)
		if (r->authors[i].role == role &&
		    (full ? r->authors[i].full : r->authors[i].abbrev) != NULL)
			any++;
	/* A record that never had this list (old records have no AF) has
	 * none; one from Crossref has neither AU nor AF: make AU (and BE). */
	if (any == 0 && (cix_record_count_role(r, role) == 0 ||
	    (full && role != CIX_ROLE_EDITOR)))
		return CIX_OK;
	for (i = 0; i < r->nauthors; i++) {
		a = &r->authors[i];
		if (a->role != role)
			continue;
		cix_buf_reset(t);
		if (full && a->full != NULL)
			cix_buf_adds(t, a->full);
		else if (!full && a->abbrev != NULL)
			cix_buf_adds(t, a->abbrev);
		else if (a->family != NULL) {
			cix_buf_adds(t, a->family);
			if (a->given != NULL) {
				const char *g;

				cix_buf_adds(t, ", ");
				if (full)
					cix_buf_adds(t, a->given);
				else
					for (g = a->given; *g != '\0'; g++)
						if (cix_isalpha((unsigned char)
						    *g) && (g == a->given ||
						    g[-1] == ' ' || g[-1] == '-' ||
						    g[-1] == '.'))
							cix_buf_addch(t,
							    cix_toupper(*g));
			}
		}
		if (t->len == 0)
			continue;
		if ((rc = put(x, tag, t->p, &first)) < 0)
			return rc;
	}
	return CIX_OK;
}

/* Group authors (CA): one per line. */
static int
groups(struct cix_export *x, const struct cix_record *r)
{
	size_t i;
	int first = 1, rc;

	for (i = 0; i < r->nauthors; i++)
		if (r->authors[i].role == CIX_ROLE_GROUP &&
		    r->authors[i].family != NULL &&
		    (rc = put(x, "CA", r->authors[i].full ?
		    r->authors[i].full : r->authors[i].family, &first)) < 0)
			return rc;
	return CIX_OK;
}

static int
list(struct cix_export *x, const char *tag, const struct cix_strlist *l)
{
	struct cix_buf *t = &x->tmp;
	size_t i;

	if (l->n == 0)
		return CIX_OK;
	cix_buf_reset(t);
	for (i = 0; i < l->n; i++)
		cix_buf_addf(t, "%s%s", i ? "; " : "", l->v[i]);
	return put1(x, tag, t->p);
}

static const char *
pubtype(const struct cix_record *r)
{
	const char *t = r->type ? r->type : "";

	if (r->pubtype != NULL)
		return r->pubtype;
	if (strcmp(t, CIX_TYPE_BOOK) == 0 || strcmp(t, CIX_TYPE_CHAPTER) == 0)
		return "B";
	if (strcmp(t, CIX_TYPE_PAPER_CONF) == 0)
		return "C";
	if (strcmp(t, CIX_TYPE_PATENT) == 0)
		return "P";
	return "J";
}

/* The record's own field for tag. */
static int
known(struct cix_export *x, const struct cix_record *r, const char *tag)
{
	size_t i;
	int first = 1, rc;

#define IS(t) (strcmp(tag, t) == 0)
	if (IS("PT")) return put1(x, tag, pubtype(r));
	if (IS("AU")) return people(x, tag, r, CIX_ROLE_AUTHOR, 0);
	if (IS("AF")) return people(x, tag, r, CIX_ROLE_AUTHOR, 1);
	if (IS("BA")) return people(x, tag, r, CIX_ROLE_BOOK_AUTHOR, 0);
	if (IS("BF")) return people(x, tag, r, CIX_ROLE_BOOK_AUTHOR, 1);
	if (IS("BE")) return people(x, tag, r, CIX_ROLE_EDITOR, 1);
	if (IS("CA")) return groups(x, r);
	if (IS("TI")) return put1(x, tag, r->title);
	if (IS("SO")) return put1(x, tag, r->source);
	if (IS("SE")) return put1(x, tag, r->series);
	if (IS("LA")) return put1(x, tag, r->language);
	if (IS("DT")) return put1(x, tag, r->doctype);
	if (IS("CT")) return put1(x, tag, r->conference);
	if (IS("CY")) return put1(x, tag, r->conf_date);
	if (IS("CL")) return put1(x, tag, r->conf_place);
	if (IS("DE")) return list(x, tag, &r->kw_author);
	if (IS("ID")) return list(x, tag, &r->kw_plus);
	if (IS("AB")) return put1(x, tag, r->abstract);
	if (IS("C1")) {
		for (i = 0; i < r->naffils; i++)
			if ((rc = put(x, tag, r->affils[i].raw ?
			    r->affils[i].raw : r->affils[i].address,
			    &first)) < 0)
				return rc;
		return CIX_OK;
	}
	if (IS("RP")) return put1(x, tag, r->reprint);
	if (IS("EM")) return put1(x, tag, r->emails);
	if (IS("FU")) return put1(x, tag, r->funding);
	if (IS("FX")) return put1(x, tag, r->funding_text);
	if (IS("CR")) {
		for (i = 0; i < r->nrefs; i++)
			if ((rc = put(x, tag, r->refs[i].raw, &first)) < 0)
				return rc;
		return CIX_OK;
	}
	if (IS("NR")) return putn(x, tag, r->nr, -1);
	if (IS("TC")) return putn(x, tag, r->times_cited, -1);
	if (IS("Z9")) return putn(x, tag, r->times_cited_all, -1);
	if (IS("PU")) return put1(x, tag, r->publisher);
	if (IS("PI")) return put1(x, tag, r->publisher_city);
	if (IS("PA")) return put1(x, tag, r->publisher_addr);
	if (IS("SN")) return put1(x, tag, r->issn);
	if (IS("EI")) return put1(x, tag, r->eissn);
	if (IS("BN")) return put1(x, tag, r->isbn);
	if (IS("J9")) return put1(x, tag, r->source_abbrev);
	if (IS("JI")) return put1(x, tag, r->source_iso);
	if (IS("PD")) return put1(x, tag, r->pubdate);
	if (IS("PY")) return putn(x, tag, r->year, 0);
	if (IS("VL")) return put1(x, tag, r->volume);
	if (IS("IS")) return put1(x, tag, r->issue);
	if (IS("PN")) return put1(x, tag, r->part);
	if (IS("SU")) return put1(x, tag, r->supplement);
	if (IS("SI")) return put1(x, tag, r->special_issue);
	if (IS("BP")) return put1(x, tag, r->first_page);
	if (IS("EP")) return put1(x, tag, r->last_page);
	if (IS("AR")) return put1(x, tag, r->article_no);
	if (IS("DI")) return put1(x, tag, r->doi);
	if (IS("EA")) return put1(x, tag, r->early_access);
	if (IS("PG")) return putn(x, tag, r->page_count, 0);
	if (IS("WC")) return put1(x, tag, r->subjects);
	if (IS("SC")) return put1(x, tag, r->research_areas);
	if (IS("PM")) return put1(x, tag, r->pmid);
	if (IS("DA")) return put1(x, tag, r->export_date);
	if (IS("UT")) return put1(x, tag, r->ut);
#undef IS
	return CIX_OK;
}

/* The position of tag in WoS's order, or -1. */
static int
tag_pos(const char *tag)
{
	int i;

	for (i = 0; order[i] != NULL; i++)
		if (strcmp(order[i], tag) == 0)
			return i;
	return -1;
}

/* Write extra tag t (lines that were no tag at all are dropped). */
static int
put_extra(struct cix_export *x, const struct cix_tag *t)
{
	if (!(cix_isalpha((unsigned char)t->tag[0]) &&
	    cix_isalnum((unsigned char)t->tag[1]) && t->tag[2] == '\0'))
		return CIX_OK;
	return put1(x, t->tag, t->value);
}

/*
 * Write the extra tags that belong at or before position pos of WoS's
 * order, keeping their order (the record compares them in order):
 * unknown tags wait for the next known one, or the end (pos < 0).
 */
static int
extras(struct cix_export *x, const struct cix_record *r, int pos)
{
	struct wos *w = x->state;
	size_t k;
	int rc;

	while (w->next < r->nextra) {
		for (k = w->next; k < r->nextra &&
		    tag_pos(r->extra[k].tag) < 0; k++)
			;
		if (pos >= 0 && (k == r->nextra ||
		    tag_pos(r->extra[k].tag) > pos))
			return CIX_OK;
		if (k == r->nextra)
			k--;
		for (; w->next <= k; w->next++)
			if ((rc = put_extra(x, &r->extra[w->next])) < 0)
				return rc;
	}
	return CIX_OK;
}

static int
wos_begin(struct cix_export *x, struct cix_error *err)
{
	struct wos *w;

	if ((w = calloc(1, sizeof(*w))) == NULL)
		return cix_error_set(err, CIX_ENOMEM, "out of memory");
	cix_buf_init(&w->line, 1u << 30);
	x->state = w;
	if (cix_buf_adds(&x->out[0], "FN Clarivate Analytics Web of Science\n"
	    "VR 1.0\n") < 0)
		return cix_error_set(err, CIX_ENOMEM, "out of memory");
	return CIX_OK;
}

static int
wos_work(struct cix_export *x, const struct cix_export_item *it,
    struct cix_error *err)
{
	struct wos *w = x->state;
	const struct cix_record *r = it->rec;
	size_t i;
	int rc;

	w->next = 0;
	for (i = 0; order[i] != NULL; i++)
		if ((rc = known(x, r, order[i])) < 0 ||
		    (rc = extras(x, r, (int)i)) < 0)
			goto fail;
	if ((rc = extras(x, r, -1)) < 0 ||
	    (rc = cix_buf_adds(&x->out[0], "ER\n\n")) < 0)
		goto fail;
	return CIX_OK;
fail:
	return cix_error_set(err, rc, rc == CIX_ETOOBIG ? "work #%lld is too"
	    " large to export" : "out of memory", (long long)it->id);
}

static int
wos_end(struct cix_export *x, struct cix_error *err)
{
	if (cix_buf_adds(&x->out[0], "EF\n") < 0)
		return cix_error_set(err, CIX_ENOMEM, "out of memory");
	return CIX_OK;
}

static void
wos_release(struct cix_export *x)
{
	struct wos *w = x->state;

	if (w == NULL)
		return;
	cix_buf_release(&w->line);
	free(w);
	x->state = NULL;
}

const struct cix_exporter cix_export_wos = {
	"wos",
	"Web of Science plain text, for CiteSpace, HistCite, bibliometrix"
	" or another index",
	".txt", 0, 1, NULL,
	wos_begin, wos_work, wos_end, wos_release
};
