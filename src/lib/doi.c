#include "config.h"

#include <string.h>

#include "doi.h"
#include "error.h"
#include "util.h"
#include "banned.h"

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = cix_tolower(c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* Length of a valid DOI prefix "10.dddd[.ddd]/" at s, or 0. */
static size_t
prefix_len(const char *s, size_t len)
{
	size_t i = 3, run = 0, total = 0;

	if (len < 5 || s[0] != '1' || s[1] != '0' || s[2] != '.')
		return 0;
	for (; i < len; i++) {
		if (cix_isdigit((unsigned char)s[i])) {
			run++;
			total++;
		} else if (s[i] == '.' && run > 0) {
			run = 0;
		} else {
			break;
		}
	}
	if (i >= len || s[i] != '/' || run == 0 || total < 4 || total > 20)
		return 0;
	return i + 1;
}

static const char *const prefixes[] = {
	"https://doi.org/", "http://doi.org/", "https://dx.doi.org/",
	"http://dx.doi.org/", "https://www.doi.org/", "http://www.doi.org/",
	"doi.org/", "dx.doi.org/", "urn:doi:", "info:doi/", "doi:", "doi ",
	"urn:", NULL
};

int
cix_doi_normalise(struct cix_buf *out, const char *s, size_t len)
{
	size_t i, start = out->len, pl;
	int again, hi, lo, rc;

	s = cix_trim(s, &len);
	do {
		again = 0;
		for (i = 0; prefixes[i] != NULL; i++) {
			if (cix_startswith_nocase(s, len, prefixes[i])) {
				s += strlen(prefixes[i]);
				len -= strlen(prefixes[i]);
				s = cix_trim(s, &len);
				again = 1;
			}
		}
	} while (again && len > 0);

	/* Trailing sentence punctuation is never part of a DOI we accept. */
	while (len > 0 && (s[len - 1] == '.' || s[len - 1] == ',' ||
	    s[len - 1] == ';' || s[len - 1] == ':'))
		len--;

	for (i = 0; i < len; i++) {
		int c = (unsigned char)s[i];

		if (c == '%' && i + 2 < len && (hi = hexval(s[i + 1])) >= 0 &&
		    (lo = hexval(s[i + 2])) >= 0) {
			c = hi * 16 + lo;
			i += 2;
		}
		if (cix_isspace(c) || c < 0x20 || c == 0x7F) {
			cix_buf_setlen(out, start);
			return CIX_EINVAL;
		}
		if ((rc = cix_buf_addch(out, cix_tolower(c))) < 0) {
			cix_buf_setlen(out, start);
			return rc;
		}
	}
	pl = prefix_len(out->p + start, out->len - start);
	/* %XX may decode to bytes that are not UTF-8: not a DOI we keep. */
	if (pl == 0 || pl >= out->len - start ||
	    cix_utf8_check(out->p + start, out->len - start) !=
	    out->len - start) {
		cix_buf_setlen(out, start);
		return CIX_EINVAL;
	}
	return CIX_OK;
}

int
cix_doi_is_normal(const char *s, size_t len)
{
	size_t i, pl = prefix_len(s, len);

	if (pl == 0 || pl >= len)
		return 0;
	for (i = 0; i < len; i++)
		if ((s[i] >= 'A' && s[i] <= 'Z') ||
		    cix_isspace((unsigned char)s[i]))
			return 0;
	return 1;
}

const char *
cix_doi_find(const char *s, size_t len, size_t *dlen)
{
	size_t i, j, pl;
	int depth;

	for (i = 0; i + 5 < len; i++) {
		if (s[i] != '1' || s[i + 1] != '0' || s[i + 2] != '.')
			continue;
		if (i > 0 && cix_isalnum((unsigned char)s[i - 1]))
			continue;
		pl = prefix_len(s + i, len - i);
		if (pl == 0)
			continue;
		depth = 0;
		for (j = i + pl; j < len; j++) {
			unsigned char c = (unsigned char)s[j];

			if (cix_isspace(c) || c == '"' || c == '<' || c == '>')
				break;
			if (c == '(' || c == '[')
				depth++;
			else if ((c == ')' || c == ']') && --depth < 0)
				break;
		}
		while (j > i + pl && (s[j - 1] == '.' || s[j - 1] == ',' ||
		    s[j - 1] == ';' || s[j - 1] == ':'))
			j--;
		if (j == i + pl)
			continue;
		*dlen = j - i;
		return s + i;
	}
	return NULL;
}

int
cix_doi_urlencode(struct cix_buf *out, const char *doi, int keep_slash)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *p;
	int rc;

	for (p = (const unsigned char *)doi; *p != '\0'; p++) {
		if (cix_isalnum(*p) || *p == '-' || *p == '.' || *p == '_' ||
		    *p == '~' || (keep_slash && *p == '/')) {
			rc = cix_buf_addch(out, *p);
		} else {
			char t[3] = { '%', hex[*p >> 4], hex[*p & 15] };

			rc = cix_buf_add(out, t, 3);
		}
		if (rc < 0)
			return rc;
	}
	return CIX_OK;
}
