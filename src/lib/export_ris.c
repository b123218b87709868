/*
 * export_ris.c - RIS (Research Information Systems) records, as Zotero,
 * EndNote, Mendeley and bibutils read them: "TG  - value" lines ending in
 * CR LF, one record from TY to ER, UTF-8.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "doi.h"
#include "export_int.h"
#include "record.h"
#include "util.h"
#include "banned.h"

/* The RIS type of a work type. */
static const char *
ris_type(const struct cix_record *r)
{
	static const struct { const char *type, *ris; } map[] = {
		{ CIX_TYPE_ARTICLE, "JOUR" },
		{ CIX_TYPE_REVIEW, "JOUR" },
		{ CIX_TYPE_EDITORIAL, "JOUR" },
		{ CIX_TYPE_PAPER_CONF, "CPAPER" },
		{ CIX_TYPE_CHAPTER, "CHAP" },
		{ CIX_TYPE_BOOK, "BOOK" },
		{ CIX_TYPE_THESIS, "THES" },
		{ CIX_TYPE_REPORT, "RPRT" },
		{ CIX_TYPE_DATASET, "DATA" },
		{ CIX_TYPE_PREPRINT, "UNPB" },
		{ CIX_TYPE_PATENT, "PAT" },
		{ CIX_TYPE_SOFTWARE, "COMP" },
	};
	size_t i;

	if (r->type != NULL)
		for (i = 0; i < sizeof(map) / sizeof(map[0]); i++)
			if (strcmp(r->type, map[i].type) == 0)
				return strcmp(map[i].ris, "CPAPER") == 0 &&
				    r->pubtype != NULL && r->pubtype[0] == 'J' ?
				    "JOUR" : map[i].ris;
	/* cited-only works and the like */
	return r->source != NULL && (r->volume != NULL ||
	    r->first_page != NULL) ? "JOUR" : "GEN";
}

/* "TG  - value" on one line (line breaks in the value become spaces). */
static int
tag(struct cix_buf *o, const char *tg, const char *v)
{
	size_t mark = o->len;
	int rc;

	if (v == NULL || *v == '\0')
		return CIX_OK;
	if ((rc = cix_buf_addf(o, "%s  - ", tg)) < 0)
		return rc;
	{
		size_t start = o->len;

		if ((rc = cix_export_clean(o, v, strlen(v), 0)) < 0)
			return rc;
		cix_buf_rtrim(o);
		if (o->len == start) {
			cix_buf_setlen(o, mark);
			return CIX_OK;
		}
	}
	return cix_buf_adds(o, "\r\n");
}

/* AU/A2/A3 "Family, Given" lines for the authors with role. */
static int
people(struct cix_buf *o, struct cix_buf *t, const char *tg,
    const struct cix_record *r, unsigned mask)
{
	const struct cix_author *a;
	size_t i, k;
	int rc;

	for (i = 0; i < r->nauthors; i++) {
		a = &r->authors[i];
		if (!(mask & (1u << a->role)) || a->family == NULL)
			continue;
		cix_buf_reset(t);
		k = strlen(a->family);
		if (k > 1 && a->family[0] == '[' && a->family[k - 1] == ']')
			cix_buf_add(t, a->family + 1, k - 2);
		else
			cix_buf_adds(t, a->family);
		if (!a->corporate && a->given != NULL) {
			cix_buf_adds(t, ", ");
			cix_buf_adds(t, a->given);
		}
		if (!a->corporate && a->suffix != NULL)
			cix_buf_addf(t, ", %s", a->suffix);
		if ((rc = tag(o, tg, t->p)) < 0)
			return rc;
	}
	return CIX_OK;
}

static int
ris_work(struct cix_export *x, const struct cix_export_item *it,
    struct cix_error *err)
{
	const struct cix_record *r = it->rec;
	struct cix_buf *o = &x->out[0], *t = &x->tmp;
	const char *ty = ris_type(r);
	char num[64];
	size_t i;
	int rc, book = strcmp(ty, "BOOK") == 0;
	unsigned authors = 1u << CIX_ROLE_AUTHOR | 1u << CIX_ROLE_GROUP;

	if ((rc = tag(o, "TY", ty)) < 0 || (rc = tag(o, "ID", it->key)) < 0)
		goto fail;
	if (!book || cix_record_count_role(r, CIX_ROLE_AUTHOR) > 0)
		rc = people(o, t, "AU", r, authors);
	else
		rc = people(o, t, "AU", r, 1u << CIX_ROLE_BOOK_AUTHOR);
	if (rc < 0 || (rc = people(o, t, "A2", r,
	    1u << CIX_ROLE_EDITOR)) < 0)
		goto fail;
	if (!book && (rc = people(o, t, "A3", r,
	    1u << CIX_ROLE_BOOK_AUTHOR)) < 0)
		goto fail;
	if ((rc = tag(o, "TI", r->title)) < 0 ||
	    (rc = tag(o, "T2", book ? r->series : r->source)) < 0 ||
	    (rc = tag(o, "J2", r->source_iso ? r->source_iso :
	    r->source_abbrev)) < 0 ||
	    (!book && (rc = tag(o, "T3", r->series)) < 0) ||
	    (rc = tag(o, "C3", r->conference)) < 0)
		goto fail;
	if (r->year > 0) {
		snprintf(num, sizeof(num), "%d", r->year);
		if ((rc = tag(o, "PY", num)) < 0)
			goto fail;
		if (r->month > 0) {
			if (r->day > 0)
				snprintf(num, sizeof(num), "%04d/%02d/%02d/",
				    r->year, r->month, r->day);
			else
				snprintf(num, sizeof(num), "%04d/%02d//",
				    r->year, r->month);
			if ((rc = tag(o, "DA", num)) < 0)
				goto fail;
		}
	}
	if ((rc = tag(o, "VL", r->volume)) < 0 ||
	    (rc = tag(o, "IS", r->issue)) < 0)
		goto fail;
	if (r->first_page != NULL) {
		if ((rc = tag(o, "SP", r->first_page)) < 0 ||
		    (rc = tag(o, "EP", r->last_page)) < 0)
			goto fail;
	} else if ((rc = tag(o, "SP", r->article_no)) < 0)
		goto fail;
	if ((rc = tag(o, "C7", r->article_no)) < 0 ||
	    (rc = tag(o, "SN", r->issn ? r->issn : r->eissn)) < 0 ||
	    (rc = tag(o, "SN", r->isbn)) < 0 ||
	    (rc = tag(o, "PB", r->publisher)) < 0 ||
	    (rc = tag(o, "CY", r->publisher_city ? r->publisher_city :
	    r->conf_place)) < 0 ||
	    (rc = tag(o, "DO", r->doi)) < 0)
		goto fail;
	if (r->url != NULL)
		rc = tag(o, "UR", r->url);
	else if (r->doi != NULL) {
		cix_buf_reset(t);
		cix_buf_adds(t, "https://doi.org/");
		cix_doi_urlencode(t, r->doi, 1);
		rc = tag(o, "UR", t->p);
	}
	if (rc < 0 || (rc = tag(o, "LA", r->language)) < 0 ||
	    (rc = tag(o, "AB", r->abstract)) < 0)
		goto fail;
	for (i = 0; i < r->kw_author.n; i++)
		if ((rc = tag(o, "KW", r->kw_author.v[i])) < 0)
			goto fail;
	for (i = 0; i < r->kw_plus.n; i++)
		if ((rc = tag(o, "KW", r->kw_plus.v[i])) < 0)
			goto fail;
	if ((rc = tag(o, "AN", r->ut)) < 0 ||
	    (rc = tag(o, "DB", r->ut ? "Web of Science" : NULL)) < 0 ||
	    (rc = tag(o, "M1", r->pmid)) < 0)
		goto fail;
	if (r->pmid != NULL) {
		cix_buf_reset(t);
		cix_buf_addf(t, "PMID: %s", r->pmid);
		if ((rc = tag(o, "N1", t->p)) < 0)
			goto fail;
	}
	if ((rc = cix_buf_adds(o, "ER  - \r\n\r\n")) < 0)
		goto fail;
	return CIX_OK;
fail:
	return cix_error_set(err, rc, rc == CIX_ETOOBIG ? "work #%lld is too"
	    " large to export" : "out of memory", (long long)it->id);
}

const struct cix_exporter cix_export_ris = {
	"ris",
	"RIS for Zotero, EndNote, Mendeley and bibutils",
	".ris", CIX_EXPORT_KEYS, 1, NULL,
	NULL, ris_work, NULL, NULL
};
