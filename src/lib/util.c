#include "config.h"

#include <errno.h>
#include <limits.h>
#include <string.h>

#include "error.h"
#include "util.h"
#include "banned.h"

const char *
cix_strcasestr(const char *hay, const char *needle)
{
	size_t n = strlen(needle), i;

	if (n == 0)
		return hay;
	for (; *hay != '\0'; hay++) {
		for (i = 0; i < n; i++)
			if (hay[i] == '\0' ||
			    cix_tolower((unsigned char)hay[i]) !=
			    cix_tolower((unsigned char)needle[i]))
				break;
		if (i == n)
			return hay;
	}
	return NULL;
}

int
cix_strncaseeq(const char *s, size_t len, const char *t)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (t[i] == '\0' || cix_tolower((unsigned char)s[i]) !=
		    cix_tolower((unsigned char)t[i]))
			return 0;
	return t[len] == '\0';
}

int
cix_strcasecmp(const char *a, const char *b)
{
	int ca, cb;

	for (;; a++, b++) {
		ca = cix_tolower((unsigned char)*a);
		cb = cix_tolower((unsigned char)*b);
		if (ca != cb || ca == 0)
			return ca - cb;
	}
}

int
cix_startswith_nocase(const char *s, size_t len, const char *prefix)
{
	size_t i;

	for (i = 0; prefix[i] != '\0'; i++)
		if (i >= len || cix_tolower((unsigned char)s[i]) !=
		    cix_tolower((unsigned char)prefix[i]))
			return 0;
	return 1;
}

const char *
cix_trim(const char *s, size_t *len)
{
	size_t n = *len;

	while (n > 0 && cix_isspace((unsigned char)*s)) {
		s++;
		n--;
	}
	while (n > 0 && cix_isspace((unsigned char)s[n - 1]))
		n--;
	*len = n;
	return s;
}

int
cix_parse_long(const char *s, size_t len, long *out)
{
	size_t i = 0;
	int neg = 0;
	unsigned long v = 0, lim;

	if (len > 0 && (s[0] == '-' || s[0] == '+')) {
		neg = s[0] == '-';
		i = 1;
	}
	if (i == len)
		return CIX_EINVAL;
	lim = neg ? (unsigned long)LONG_MAX + 1 : (unsigned long)LONG_MAX;
	for (; i < len; i++) {
		if (!cix_isdigit((unsigned char)s[i]))
			return CIX_EINVAL;
		if (v > (lim - (unsigned long)(s[i] - '0')) / 10)
			return CIX_EINVAL;
		v = v * 10 + (unsigned long)(s[i] - '0');
	}
	*out = neg ? (long)(0 - v) : (long)v;
	return CIX_OK;
}

long
cix_leading_number(const char *s, size_t len)
{
	size_t i;
	long v = 0;

	for (i = 0; i < len && cix_isdigit((unsigned char)s[i]); i++) {
		if (v > (LONG_MAX - 9) / 10)
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return i ? v : -1;
}

size_t
cix_utf8_seqlen(const unsigned char *s, size_t len)
{
	uint32_t cp;
	size_t n, i;

	if (len == 0)
		return 0;
	if (s[0] < 0x80)
		return 1;
	if (s[0] < 0xC2)
		return 0;
	if (s[0] < 0xE0) {
		n = 2;
		cp = s[0] & 0x1F;
	} else if (s[0] < 0xF0) {
		n = 3;
		cp = s[0] & 0x0F;
	} else if (s[0] < 0xF5) {
		n = 4;
		cp = s[0] & 0x07;
	} else {
		return 0;
	}
	if (len < n)
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3F);
	}
	if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
	    cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	return n;
}

size_t
cix_utf8_check(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, n;

	while (i < len) {
		if (p[i] < 0x80) {
			i++;
			continue;
		}
		n = cix_utf8_seqlen(p + i, len - i);
		if (n == 0)
			return i;
		i += n;
	}
	return len;
}

uint32_t
cix_utf8_decode(const unsigned char *s, size_t n)
{
	uint32_t cp;
	size_t i;

	switch (n) {
	case 1: return s[0];
	case 2: cp = s[0] & 0x1F; break;
	case 3: cp = s[0] & 0x0F; break;
	default: cp = s[0] & 0x07; break;
	}
	for (i = 1; i < n; i++)
		cp = (cp << 6) | (s[i] & 0x3F);
	return cp;
}

int
cix_utf8_put(struct cix_buf *b, uint32_t cp)
{
	char t[4];
	size_t n;

	if (cp < 0x80) {
		t[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		t[0] = (char)(0xC0 | (cp >> 6));
		t[1] = (char)(0x80 | (cp & 0x3F));
		n = 2;
	} else if (cp < 0x10000) {
		if (cp >= 0xD800 && cp <= 0xDFFF)
			cp = 0xFFFD;
		t[0] = (char)(0xE0 | (cp >> 12));
		t[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		t[2] = (char)(0x80 | (cp & 0x3F));
		n = 3;
	} else if (cp <= 0x10FFFF) {
		t[0] = (char)(0xF0 | (cp >> 18));
		t[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		t[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		t[3] = (char)(0x80 | (cp & 0x3F));
		n = 4;
	} else {
		return cix_utf8_put(b, 0xFFFD);
	}
	return cix_buf_add(b, t, n);
}

/* U+00C0..U+017F folded to ASCII; "" where the code point has none. */
static const char *const latin[] = {
	/* C0 */ "A", "A", "A", "A", "A", "A", "AE", "C",
	/* C8 */ "E", "E", "E", "E", "I", "I", "I", "I",
	/* D0 */ "D", "N", "O", "O", "O", "O", "O", "",
	/* D8 */ "O", "U", "U", "U", "U", "Y", "TH", "ss",
	/* E0 */ "a", "a", "a", "a", "a", "a", "ae", "c",
	/* E8 */ "e", "e", "e", "e", "i", "i", "i", "i",
	/* F0 */ "d", "n", "o", "o", "o", "o", "o", "",
	/* F8 */ "o", "u", "u", "u", "u", "y", "th", "y",
	/* 100 */ "A", "a", "A", "a", "A", "a", "C", "c",
	/* 108 */ "C", "c", "C", "c", "C", "c", "D", "d",
	/* 110 */ "D", "d", "E", "e", "E", "e", "E", "e",
	/* 118 */ "E", "e", "E", "e", "G", "g", "G", "g",
	/* 120 */ "G", "g", "G", "g", "H", "h", "H", "h",
	/* 128 */ "I", "i", "I", "i", "I", "i", "I", "i",
	/* 130 */ "I", "i", "IJ", "ij", "J", "j", "K", "k",
	/* 138 */ "k", "L", "l", "L", "l", "L", "l", "L",
	/* 140 */ "l", "L", "l", "N", "n", "N", "n", "N",
	/* 148 */ "n", "n", "N", "n", "O", "o", "O", "o",
	/* 150 */ "O", "o", "OE", "oe", "R", "r", "R", "r",
	/* 158 */ "R", "r", "S", "s", "S", "s", "S", "s",
	/* 160 */ "S", "s", "T", "t", "T", "t", "T", "t",
	/* 168 */ "U", "u", "U", "u", "U", "u", "U", "u",
	/* 170 */ "U", "u", "U", "u", "W", "w", "Y", "y",
	/* 178 */ "Y", "Z", "z", "Z", "z", "Z", "z", "s",
};

const char *
cix_fold_latin(uint32_t cp)
{
	const char *s;

	if (cp >= 0xC0 && cp <= 0x17F) {
		s = latin[cp - 0xC0];
		return s[0] ? s : NULL;
	}
	switch (cp) {
	case 0x0218: return "S";
	case 0x0219: return "s";
	case 0x021A: return "T";
	case 0x021B: return "t";
	case 0x2018: case 0x2019: case 0x00B4: return "'";
	case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014:
		return "-";
	}
	return NULL;
}

int
cix_keyform(struct cix_buf *b, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	const char *f;
	size_t i = 0, n;
	int rc;

	while (i < len) {
		if (p[i] < 0x80) {
			if (cix_isalnum(p[i]) &&
			    (rc = cix_buf_addch(b, cix_toupper(p[i]))) < 0)
				return rc;
			i++;
			continue;
		}
		n = cix_utf8_seqlen(p + i, len - i);
		if (n == 0) {
			i++;
			continue;
		}
		f = cix_fold_latin(cix_utf8_decode(p + i, n));
		for (; f != NULL && *f != '\0'; f++)
			if (cix_isalpha((unsigned char)*f) &&
			    (rc = cix_buf_addch(b, cix_toupper(*f))) < 0)
				return rc;
		i += n;
	}
	return CIX_OK;
}

uint64_t
cix_fnv1a(uint64_t h, const void *p, size_t len)
{
	const unsigned char *s = p;
	size_t i;

	for (i = 0; i < len; i++) {
		h ^= s[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}
