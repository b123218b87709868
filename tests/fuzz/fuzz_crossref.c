/* fuzz_crossref.c - Crossref UNIXSD/UNIXREF/OpenURL XML -> cix_record. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cix.h"
#include "record_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cix_record rec;
	struct cix_error err;
	int rc;

	cix_record_init(&rec);
	cix_error_clear(&err);
	rc = cix_crossref_parse(&rec, (const char *)data, size, &err);
	fr_check(&rec, rc, &err);
	/* a second parse into the same record starts from scratch */
	rc = cix_crossref_parse(&rec, (const char *)data, size, &err);
	fr_check(&rec, rc, &err);
	cix_record_release(&rec);
	return 0;
}
