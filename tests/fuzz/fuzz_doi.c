/* fuzz_doi.c - DOI normalisation, search and URL encoding. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cix.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cix_buf b, e;
	const char *s = (const char *)data, *p;
	size_t n, off = 0;

	cix_buf_init(&b, 1 << 20);
	cix_buf_init(&e, 1 << 22);
	if (cix_doi_normalise(&b, s, size) == CIX_OK) {
		if (!cix_doi_is_normal(b.p, b.len) && memchr(b.p, 0, b.len) == NULL)
			abort();
		cix_doi_urlencode(&e, b.p, 1);
		cix_doi_urlencode(&e, b.p, 0);
	}
	while (off < size && (p = cix_doi_find(s + off, size - off, &n)) != NULL) {
		if (p < s + off || p + n > s + size || n == 0)
			abort();
		off = (size_t)(p - s) + n;
	}
	cix_buf_release(&b);
	cix_buf_release(&e);
	return 0;
}
