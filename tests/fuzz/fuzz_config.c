/* fuzz_config.c - the INI configuration parser. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cix.h"
#include "conf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cix_config c;
	struct cix_error err;
	int lo, rc;

	cix_config_init(&c);
	cix_error_clear(&err);
	rc = cix_config_parse(&c, (const char *)data, size, "fuzz", &err);
	if (rc < 0) {
		/* Every error names the input and ends its message. */
		if (strcmp(err.file, "fuzz") != 0 ||
		    memchr(err.msg, '\0', sizeof(err.msg)) == NULL)
			abort();
	} else {
		/* What was accepted is what the checks accept. */
		if (c.doi_base != NULL &&
		    cix_config_check_base(c.doi_base, &lo, &err) != CIX_OK)
			abort();
		if (c.mailto != NULL &&
		    cix_config_check_mailto(c.mailto, &err) != CIX_OK)
			abort();
		if (c.rate < 0 || c.rate > CIX_RATE_MAILTO ||
		    c.concurrency < 0 || c.concurrency > CIX_CONC_MAILTO)
			abort();
	}
	cix_config_release(&c);
	return 0;
}
