/*
 * output.c - tables for people, TSV/CSV/JSON for scripts.
 *
 * A struct out_table collects rows, then prints them in one of four
 * formats.  Tables are aligned on display width (UTF-8 aware) and, on a
 * terminal, the "wrap" column is shortened with an ellipsis to fit.  TSV
 * escapes tab, newline, carriage return and backslash as \t \n \r \\;
 * CSV follows RFC 4180; JSON is written by jansson (an array of objects).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "cli.h"
#include "banned.h"

struct out_table {
	int format;
	const struct out_col *cols;
	size_t ncols;
	char **cells;		/* nrows * ncols, owned */
	size_t nrows;
	size_t alloc;
	json_t *json;		/* array of row objects */
};

int
out_format_parse(const char *s)
{
	if (strcmp(s, "table") == 0)
		return OUT_TABLE;
	if (strcmp(s, "tsv") == 0)
		return OUT_TSV;
	if (strcmp(s, "csv") == 0)
		return OUT_CSV;
	if (strcmp(s, "json") == 0)
		return OUT_JSON;
	return -1;
}

struct out_table *
out_table_new(int format, const struct out_col *cols, size_t ncols)
{
	struct out_table *t = calloc(1, sizeof(*t));

	if (t == NULL)
		return NULL;
	t->format = format;
	t->cols = cols;
	t->ncols = ncols;
	if (format == OUT_JSON && (t->json = json_array()) == NULL) {
		free(t);
		return NULL;
	}
	return t;
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

static json_t *
cell_json(const struct out_col *c, const char *v)
{
	long n;

	if (v == NULL || *v == '\0')
		return json_null();
	if (c->type == COL_INT &&
	    cix_parse_long(v, strlen(v), &n) == CIX_OK)
		return json_integer(n);
	if (c->type == COL_REAL)
		return json_real(strtod(v, NULL));
	return json_string(v);
}

int
out_table_add(struct out_table *t, const char *const *cells, json_t *obj)
{
	size_t i;

	if (t->format == OUT_JSON) {
		if (obj == NULL) {
			if ((obj = json_object()) == NULL)
				return -1;
			for (i = 0; i < t->ncols; i++)
				json_object_set_new(obj, t->cols[i].name,
				    cell_json(&t->cols[i], cells[i]));
		}
		return json_array_append_new(t->json, obj);
	}
	json_decref(obj);
	if (t->nrows == t->alloc) {
		size_t na = t->alloc ? t->alloc * 2 : 64;
		char **p = realloc(t->cells, na * t->ncols * sizeof(*p));

		if (p == NULL)
			return -1;
		t->cells = p;
		t->alloc = na;
	}
	for (i = 0; i < t->ncols; i++) {
		char *v = xstrdup(cells[i] ? cells[i] : "");

		if (v == NULL)
			return -1;
		t->cells[t->nrows * t->ncols + i] = v;
	}
	t->nrows++;
	return 0;
}

/* Display width of UTF-8 s (east Asian wide characters count 2). */
static size_t
width(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t w = 0, n;
	uint32_t cp;

	while (*p != '\0') {
		n = cix_utf8_seqlen(p, strlen((const char *)p));
		if (n == 0) {
			p++;
			w++;
			continue;
		}
		cp = cix_utf8_decode(p, n);
		if ((cp >= 0x1100 && cp <= 0x115F) ||
		    (cp >= 0x2E80 && cp <= 0xA4CF) ||
		    (cp >= 0xAC00 && cp <= 0xD7A3) ||
		    (cp >= 0xF900 && cp <= 0xFAFF) ||
		    (cp >= 0xFE30 && cp <= 0xFE4F) ||
		    (cp >= 0xFF00 && cp <= 0xFF60) ||
		    (cp >= 0xFFE0 && cp <= 0xFFE6))
			w += 2;
		else if (!(cp >= 0x300 && cp <= 0x36F))
			w++;
		p += n;
	}
	return w;
}

/* Print s cut to at most w display columns (with "…" when cut). */
static void
put_cut(FILE *f, const char *s, size_t w, int pad, int right)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t sw = width(s), used = 0, n, cw;

	if (sw <= w) {
		if (right && pad)
			fprintf(f, "%*s", (int)(w - sw), "");
		fputs(s, f);
		if (!right && pad)
			fprintf(f, "%*s", (int)(w - sw), "");
		return;
	}
	while (*p != '\0') {
		n = cix_utf8_seqlen(p, strlen((const char *)p));
		if (n == 0)
			n = 1;
		{
			char tmp[5] = { 0 };

			memcpy(tmp, p, n);
			cw = width(tmp);
		}
		if (used + cw + 1 > w)
			break;
		fwrite(p, 1, n, f);
		used += cw;
		p += n;
	}
	fputs("\xe2\x80\xa6", f);	/* … */
	used++;
	if (pad && used < w)
		fprintf(f, "%*s", (int)(w - used), "");
}

static size_t
term_width(FILE *f)
{
	struct winsize ws;
	const char *c = getenv("COLUMNS");
	long v;

	if (!isatty(fileno(f)))
		return 0;
	if (ioctl(fileno(f), TIOCGWINSZ, &ws) == 0 && ws.ws_col > 20)
		return ws.ws_col;
	if (c != NULL && cix_parse_long(c, strlen(c), &v) == CIX_OK && v > 20)
		return (size_t)v;
	return 80;
}

static void
print_table(struct out_table *t, FILE *f)
{
	size_t *w, i, r, total = 0, tw, wrapcol = (size_t)-1, avail;

	if ((w = calloc(t->ncols, sizeof(*w))) == NULL)
		return;
	for (i = 0; i < t->ncols; i++) {
		w[i] = width(t->cols[i].name);
		if (t->cols[i].wrap)
			wrapcol = i;
	}
	for (r = 0; r < t->nrows; r++)
		for (i = 0; i < t->ncols; i++) {
			char *c = t->cells[r * t->ncols + i], *p;
			size_t cw;

			for (p = c; *p != '\0'; p++)
				if ((unsigned char)*p < 0x20)
					*p = ' ';
			cw = width(c);
			if (cw > w[i])
				w[i] = cw;
		}
	for (i = 0; i < t->ncols; i++)
		total += w[i] + (i ? 2 : 0);
	tw = term_width(f);
	if (tw > 0 && total > tw && wrapcol != (size_t)-1) {
		avail = total - w[wrapcol];
		w[wrapcol] = tw > avail + 12 ? tw - avail : 12;
	}
	for (i = 0; i < t->ncols; i++) {
		if (i)
			fputs("  ", f);
		put_cut(f, t->cols[i].name, w[i], i + 1 < t->ncols,
		    t->cols[i].right);
	}
	fputc('\n', f);
	for (r = 0; r < t->nrows; r++) {
		for (i = 0; i < t->ncols; i++) {
			if (i)
				fputs("  ", f);
			put_cut(f, t->cells[r * t->ncols + i], w[i],
			    i + 1 < t->ncols, t->cols[i].right);
		}
		fputc('\n', f);
	}
	free(w);
}

static void
put_tsv(FILE *f, const char *s)
{
	for (; *s != '\0'; s++) {
		switch (*s) {
		case '\t': fputs("\\t", f); break;
		case '\n': fputs("\\n", f); break;
		case '\r': fputs("\\r", f); break;
		case '\\': fputs("\\\\", f); break;
		default: fputc(*s, f);
		}
	}
}

static void
put_csv(FILE *f, const char *s)
{
	if (strpbrk(s, ",\"\r\n") == NULL && s[0] != ' ' &&
	    (s[0] == '\0' || s[strlen(s) - 1] != ' ')) {
		fputs(s, f);
		return;
	}
	fputc('"', f);
	for (; *s != '\0'; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

int
out_table_print(struct out_table *t, FILE *f)
{
	size_t i, r;

	switch (t->format) {
	case OUT_JSON:
		return out_json(f, t->json);
	case OUT_TABLE:
		print_table(t, f);
		break;
	case OUT_TSV:
	case OUT_CSV:
		for (r = 0; r <= t->nrows; r++) {
			for (i = 0; i < t->ncols; i++) {
				const char *c = r == 0 ? t->cols[i].name :
				    t->cells[(r - 1) * t->ncols + i];

				if (i)
					fputc(t->format == OUT_TSV ? '\t' : ',',
					    f);
				if (t->format == OUT_TSV)
					put_tsv(f, c);
				else
					put_csv(f, c);
			}
			fputs(t->format == OUT_CSV ? "\r\n" : "\n", f);
		}
		break;
	}
	return ferror(f) ? -1 : 0;
}

void
out_table_free(struct out_table *t)
{
	size_t i;

	if (t == NULL)
		return;
	for (i = 0; i < t->nrows * t->ncols; i++)
		free(t->cells[i]);
	free(t->cells);
	json_decref(t->json);
	free(t);
}

int
out_json(FILE *f, json_t *v)
{
	if (json_dumpf(v, f, JSON_INDENT(2) | JSON_REAL_PRECISION(10)) < 0)
		return -1;
	fputc('\n', f);
	return ferror(f) ? -1 : 0;
}
