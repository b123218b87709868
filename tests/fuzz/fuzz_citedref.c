/* fuzz_citedref.c - one cited-reference string -> fields. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cix.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int has_nul;

static void
check_str(const char *s)
{
	/* empty fields are NULL (a field may start with a NUL of the input) */
	if (s != NULL && s[0] == '\0' && !has_nul)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cix_arena a;
	struct cix_citedref r;
	size_t i;
	int rc;

	has_nul = memchr(data, 0, size) != NULL;
	cix_arena_init(&a, 1 << 24);
	rc = cix_citedref_parse(&a, (const char *)data, size, &r);
	if (rc != CIX_OK && rc != CIX_ENOMEM)
		abort();
	if (r.kind < CIX_REF_UNPARSED || r.kind > CIX_REF_ANONYMOUS ||
	    r.ndois > CIX_REF_MAXDOIS || (r.year != 0 &&
	    (r.year < 1000 || r.year > 2199)))
		abort();
	check_str(r.author);
	check_str(r.initials);
	check_str(r.source);
	check_str(r.title);
	check_str(r.volume);
	check_str(r.issue);
	check_str(r.page);
	check_str(r.artno);
	for (i = 0; i < r.ndois; i++) {
		if (!cix_doi_is_normal(r.dois[i], strlen(r.dois[i])) &&
		    memchr(r.dois[i], 0, strlen(r.dois[i])) == NULL)
			abort();
		if (i > 0 && strcmp(r.dois[i], r.dois[i - 1]) == 0)
			abort();
	}
	if (r.initials != NULL)
		for (i = 0; r.initials[i] != '\0'; i++)
			if (r.initials[i] < 'A' || r.initials[i] > 'Z')
				abort();
	cix_arena_release(&a);
	return 0;
}
