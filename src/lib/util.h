/*
 * util.h - small string and number helpers shared by the library.
 *
 * Everything here works on (pointer, length) pairs where input is
 * untrusted, never reads past the length, and is locale-independent
 * (ASCII rules only: DOIs and WoS tags fold case the ASCII way).
 */
#ifndef CIX_UTIL_H
#define CIX_UTIL_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

static inline int
cix_isdigit(int c)
{
	return c >= '0' && c <= '9';
}

static inline int
cix_isalpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static inline int
cix_isalnum(int c)
{
	return cix_isdigit(c) || cix_isalpha(c);
}

static inline int
cix_isspace(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	    c == '\v';
}

static inline int
cix_tolower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

static inline int
cix_toupper(int c)
{
	return c >= 'a' && c <= 'z' ? c - 32 : c;
}

/* ASCII case-insensitive search for needle in hay (NUL-terminated). */
const char *cix_strcasestr(const char *hay, const char *needle);
/* ASCII case-insensitive equality of s[0..len) and the string t. */
int cix_strncaseeq(const char *s, size_t len, const char *t);
/* ASCII case-insensitive comparison of two NUL-terminated strings. */
int cix_strcasecmp(const char *a, const char *b);
/* Does s[0..len) start with prefix (ASCII case-insensitively)? */
int cix_startswith_nocase(const char *s, size_t len, const char *prefix);

/* Trim ASCII white space from both ends of s[0..*len): returns new s. */
const char *cix_trim(const char *s, size_t *len);

/*
 * Parse s[0..len) as a decimal integer (optional sign, no other text).
 * Returns CIX_OK or CIX_EINVAL (empty, junk, overflow).
 */
int cix_parse_long(const char *s, size_t len, long *out);
/* The leading run of digits of s[0..len) as an int; -1 if none. */
long cix_leading_number(const char *s, size_t len);

/*
 * UTF-8: length of the valid sequence at s[0..len), or 0 if the bytes
 * there are not valid UTF-8 (overlong, surrogate, > U+10FFFF, truncated).
 */
size_t cix_utf8_seqlen(const unsigned char *s, size_t len);
/* Offset of the first invalid byte of s[0..len), or len if all valid. */
size_t cix_utf8_check(const char *s, size_t len);
/* Decode one code point at s (valid UTF-8 of length n from seqlen). */
uint32_t cix_utf8_decode(const unsigned char *s, size_t n);
/* Append the UTF-8 encoding of code point cp. */
int cix_utf8_put(struct cix_buf *b, uint32_t cp);

/*
 * ASCII-fold a Latin letter with diacritics to its base letters:
 * "é" -> "e", "ß" -> "ss", "Ø" -> "O".  Returns the replacement or
 * NULL when the code point has none.
 */
const char *cix_fold_latin(uint32_t cp);

/*
 * Append to b the "key form" of s[0..len): diacritics folded to ASCII,
 * letters upper-cased, digits kept, everything else dropped.  Used for
 * matching keys (surname, source) and citation keys.
 */
int cix_keyform(struct cix_buf *b, const char *s, size_t len);

/* 64-bit FNV-1a over bytes, chained from h (start with CIX_FNV_INIT). */
#define CIX_FNV_INIT 0xcbf29ce484222325ULL
uint64_t cix_fnv1a(uint64_t h, const void *p, size_t len);

#endif
