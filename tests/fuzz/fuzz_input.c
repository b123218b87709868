/*
 * fuzz_input.c - the decoded line source: encoding detection, UTF-16
 * decoding, line ends, the Windows-1252 fallback, the line cap, peek and
 * unget.  Every line handed out must be valid UTF-8 without NUL bytes.
 * The first byte picks the line cap and the peek size.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cix.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
warned(void *ctx, const char *file, size_t line, const char *msg)
{
	size_t *n = ctx;

	if (file == NULL || msg == NULL || line == 0)
		abort();
	(*n)++;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cix_input *in;
	struct cix_error err;
	const char *l, *p;
	size_t n, len, count = 0, warnings = 0;
	unsigned ctl = size > 0 ? data[0] : 0;
	int rc, ungot = 0;

	if (cix_input_open_mem(&in, "fuzz", data, size, &err) < 0)
		return 0;
	cix_input_set_warn(in, warned, &warnings);
	cix_input_set_maxline(in, 16 + (ctl & 0x3F) * 64);
	if (ctl & 0x40) {
		rc = cix_input_peek(in, &p, &len, 1 + (ctl >> 4) * 997, &err);
		if (rc == CIX_OK) {
			if (len > 0 && memchr(p, '\0', len) == NULL &&
			    cix_utf8_check(p, len) != len)
				abort();
			(void)cix_reader_sniff(p, len);
		}
	}
	while ((rc = cix_input_line(in, &l, &n, &err)) > 0) {
		if (l[n] != '\0' || memchr(l, '\0', n) != NULL ||
		    cix_utf8_check(l, n) != n)
			abort();
		if (cix_input_lineno(in) != ++count)
			abort();
		if ((ctl & 0x80) && count % 3 == 0 && !ungot) {
			cix_input_unget(in);
			count--;
			ungot = 1;
		} else {
			ungot = 0;
		}
	}
	if (rc < 0 && (err.file[0] == '\0' || err.line == 0))
		abort();
	if (warnings != cix_input_bad_lines(in))
		abort();
	cix_input_free(in);
	return 0;
}
