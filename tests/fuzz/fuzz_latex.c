/*
 * fuzz_latex.c - the LaTeX escaper: whatever the bytes, the output of
 * cix_latex_escape() and cix_latex_title() has balanced braces and no
 * unescaped special character (cix_latex_check(), and a brace count of
 * its own here), is valid UTF-8 (pure ASCII with CIX_LATEX_ASCII), and
 * the verbatim form has no brace, backslash or space.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cix.h"
#include "latex.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Braces balance and never go below zero; no bare % # & _ ~ ^ < >. */
static void
tiny_check(const char *s, size_t n)
{
	long depth = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		switch (s[i]) {
		case '\\':
			if (++i >= n)
				abort();
			break;
		case '{':
			depth++;
			break;
		case '}':
			if (--depth < 0)
				abort();
			break;
		case '%': case '#': case '&': case '~': case '<': case '>':
			abort();
		}
	}
	if (depth != 0)
		abort();
}

static void
one(const char *s, size_t size, int flags, int title)
{
	struct cix_buf b;
	size_t i;

	cix_buf_init(&b, 1 << 24);
	if ((title ? cix_latex_title(&b, s, size, flags) :
	    cix_latex_escape(&b, s, size, flags)) != CIX_OK)
		abort();
	if (!cix_latex_check(b.p, b.len, NULL))
		abort();
	tiny_check(b.p, b.len);
	if (memchr(b.p, 0, b.len) != NULL)
		abort();
	if (flags & CIX_LATEX_ASCII) {
		for (i = 0; i < b.len; i++)
			if ((unsigned char)b.p[i] >= 0x80)
				abort();
	} else if (cix_utf8_check(b.p, b.len) != b.len)
		abort();
	cix_buf_release(&b);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	struct cix_buf v;
	size_t i;

	one(s, size, 0, 0);
	one(s, size, CIX_LATEX_ASCII, 0);
	one(s, size, 0, 1);
	one(s, size, CIX_LATEX_ASCII, 1);
	cix_buf_init(&v, 1 << 24);
	if (cix_latex_verbatim(&v, s, size) != CIX_OK)
		abort();
	for (i = 0; i < v.len; i++)
		if (v.p[i] == '{' || v.p[i] == '}' || v.p[i] == '\\' ||
		    (unsigned char)v.p[i] <= 0x20)
			abort();
	cix_buf_release(&v);
	return 0;
}
