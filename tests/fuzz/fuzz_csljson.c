/* fuzz_csljson.c - CSL-JSON -> struct cix_record. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cix.h"
#include "markup.h"
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
	rc = cix_csljson_parse(&rec, (const char *)data, size, &err);
	fr_check(&rec, rc, &err);
	/* a second parse into the same record starts from scratch */
	rc = cix_csljson_parse(&rec, (const char *)data, size, &err);
	fr_check(&rec, rc, &err);

	/* the markup reducer on the raw bytes, every mode, a small cap */
	if (size <= 65536) {
		const char *t, *m;
		unsigned f;

		for (f = 0; f < 4; f++) {
			if (cix_markup_str(&t, &m, &rec.arena,
			    (const char *)data, size, f,
			    1 + size % 97) != CIX_OK)
				abort();
			if (f == 0) {
				fr_line(t);
				fr_markup(t, m);
			} else {
				fr_text(t);
			}
		}
	}
	cix_record_release(&rec);
	return 0;
}
