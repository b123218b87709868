/*
 * rows.c - printing graph query rows (works, references) as tables.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "banned.h"

/* "Chisholm, Janice; Petrakis, M" -> "Chisholm J"; "Anthony W" kept. */
const char *
row_author(const char *au, char *buf, size_t n)
{
	const char *end, *comma;
	size_t fl, k = 0;

	buf[0] = '\0';
	if (au == NULL)
		return buf;
	end = strchr(au, ';');
	if (end == NULL)
		end = au + strlen(au);
	comma = memchr(au, ',', (size_t)(end - au));
	if (comma == NULL) {
		snprintf(buf, n, "%.*s", (int)(end - au), au);
		return buf;
	}
	fl = (size_t)(comma - au);
	if (fl + 1 >= n)
		fl = n - 2;
	memcpy(buf, au, fl);
	k = fl;
	buf[k++] = ' ';
	/* initials of the given names */
	for (comma++; comma < end && k + 1 < n; comma++) {
		unsigned char c = (unsigned char)*comma;

		if (cix_isalpha(c) && (comma[-1] == ' ' || comma[-1] == ',' ||
		    comma[-1] == '-' || comma[-1] == '.'))
			buf[k++] = (char)cix_toupper(c);
		else if (c >= 0xC0 && comma[-1] == ' ') {
			size_t sl = cix_utf8_seqlen((const unsigned char *)
			    comma, (size_t)(end - comma));

			if (sl > 0 && k + sl + 1 < n) {
				memcpy(buf + k, comma, sl);
				k += sl;
			}
		}
	}
	while (k > 0 && buf[k - 1] == ' ')
		k--;
	buf[k] = '\0';
	return buf;
}

/* "Chisholm J 2023" */
static const char *
label(const struct cix_work_row *r, char *buf, size_t n)
{
	char au[128];

	row_author(r->author, au, sizeof(au));
	if (r->year)
		snprintf(buf, n, "%s%s%d", au, au[0] ? " " : "", r->year);
	else
		snprintf(buf, n, "%s", au[0] ? au : "?");
	return buf;
}

static const struct out_col work_cols[] = {
	{ "id", COL_INT, 0, 1 },
	{ "year", COL_INT, 0, 1 },
	{ "author", COL_STR, 0, 0 },
	{ "title", COL_STR, 1, 0 },
	{ "source", COL_STR, 0, 0 },
	{ "doi", COL_STR, 0, 0 },
	{ "ut", COL_STR, 0, 0 },
	{ "kind", COL_STR, 0, 0 },
	{ "lcs", COL_INT, 0, 1 },
	{ "gcs", COL_INT, 0, 1 },
	{ NULL, COL_REAL, 0, 1 },	/* the measure, named per query */
};

static const struct out_col ref_cols[] = {
	{ "pos", COL_INT, 0, 1 },
	{ "raw", COL_STR, 1, 0 },
	{ "cited_id", COL_INT, 0, 1 },
	{ "cited", COL_STR, 0, 0 },
	{ "cited_doi", COL_STR, 0, 0 },
	{ "cited_ut", COL_STR, 0, 0 },
	{ "method", COL_STR, 0, 0 },
	{ "confidence", COL_REAL, 0, 1 },
};

static const struct out_col allref_cols[] = {
	{ "citing", COL_INT, 0, 1 },
	{ "citing_ut", COL_STR, 0, 0 },
	{ "citing_doi", COL_STR, 0, 0 },
	{ "pos", COL_INT, 0, 1 },
	{ "raw", COL_STR, 1, 0 },
	{ "cited_id", COL_INT, 0, 1 },
	{ "cited_doi", COL_STR, 0, 0 },
	{ "cited_ut", COL_STR, 0, 0 },
	{ "cited_kind", COL_STR, 0, 0 },
	{ "method", COL_STR, 0, 0 },
	{ "confidence", COL_REAL, 0, 1 },
};

static const char *const kinds[] = { "record", "cited-only", "resolved" };

int
rows_init(struct rows *p, int fmt, int mode, const char *value)
{
	memset(p, 0, sizeof(*p));
	p->mode = mode;
	p->fmt = fmt;
	switch (mode) {
	case ROWS_WORKS:
		memcpy(p->cols, work_cols, sizeof(work_cols));
		p->ncols = sizeof(work_cols) / sizeof(work_cols[0]);
		if (value == NULL) {
			p->ncols--;
		} else {
			/* Counts are integers; PageRank is not. */
			p->cols[p->ncols - 1].name = value;
			p->cols[p->ncols - 1].type = strcmp(value,
			    "pagerank") == 0 ? COL_REAL : COL_INT;
		}
		break;
	case ROWS_REFS:
		memcpy(p->cols, ref_cols, sizeof(ref_cols));
		p->ncols = sizeof(ref_cols) / sizeof(ref_cols[0]);
		break;
	default:
		memcpy(p->cols, allref_cols, sizeof(allref_cols));
		p->ncols = sizeof(allref_cols) / sizeof(allref_cols[0]);
		break;
	}
	p->t = out_table_new(fmt, p->cols, p->ncols);
	return p->t ? 0 : -1;
}

static void
fmt_value(char *b, size_t n, double v)
{
	if (v == (double)(long long)v && v < 1e15 && v > -1e15)
		snprintf(b, n, "%lld", (long long)v);
	else
		snprintf(b, n, "%.6g", v);
}

int
rows_add(void *ctx, const struct cix_work_row *r)
{
	struct rows *p = ctx;
	char id[32], year[16], lcs[32], gcs[32], val[32], au[128], lab[160];
	char pos[16], cid[32], conf[16];
	const char *c[12];

	p->n++;
	snprintf(id, sizeof(id), "%lld", (long long)r->id);
	snprintf(year, sizeof(year), "%d", r->year);
	snprintf(lcs, sizeof(lcs), "%lld", (long long)r->lcs);
	snprintf(gcs, sizeof(gcs), "%lld", (long long)r->gcs);
	fmt_value(val, sizeof(val), r->value);
	snprintf(pos, sizeof(pos), "%d", r->pos);
	snprintf(cid, sizeof(cid), "%lld", (long long)r->citing_id);
	snprintf(conf, sizeof(conf), "%.2f", r->confidence);
	switch (p->mode) {
	case ROWS_WORKS:
		c[0] = id;
		c[1] = r->year ? year : NULL;
		c[2] = row_author(r->author, au, sizeof(au));
		c[3] = r->title;
		c[4] = r->source;
		c[5] = r->doi;
		c[6] = r->ut;
		c[7] = kinds[r->kind >= 0 && r->kind < 3 ? r->kind : 0];
		c[8] = lcs;
		c[9] = r->gcs >= 0 ? gcs : NULL;
		c[10] = val;
		break;
	case ROWS_REFS:
		c[0] = pos;
		c[1] = r->raw;
		c[2] = r->id ? id : NULL;
		c[3] = r->id ? label(r, lab, sizeof(lab)) : NULL;
		c[4] = r->doi;
		c[5] = r->ut;
		c[6] = r->method ? cli_method_name(r->method) : NULL;
		c[7] = r->method ? conf : NULL;
		break;
	default:
		c[0] = cid;
		c[1] = r->citing_ut;
		c[2] = r->citing_doi;
		c[3] = pos;
		c[4] = r->raw;
		c[5] = r->id ? id : NULL;
		c[6] = r->doi;
		c[7] = r->ut;
		c[8] = r->id ? kinds[r->kind >= 0 && r->kind < 3 ?
		    r->kind : 0] : NULL;
		c[9] = r->method ? cli_method_name(r->method) : NULL;
		c[10] = r->method ? conf : NULL;
		break;
	}
	return out_table_add(p->t, c, NULL) < 0 ? CIX_ENOMEM : 0;
}

int
rows_print(struct rows *p)
{
	return out_table_print(p->t, stdout) < 0 ? EXIT_FAIL : EXIT_OK;
}

void
rows_release(struct rows *p)
{
	out_table_free(p->t);
	p->t = NULL;
}
