/* fuzz_mirror.c - the web-mirror record page reader, end to end. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cix.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
nowarn(void *ctx, const char *file, size_t line, const char *msg)
{
	(void)ctx;
	(void)file;
	(void)line;
	if (msg == NULL || msg[0] == '\0')
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cix_input *in;
	struct cix_reader *rd;
	struct cix_record rec;
	struct cix_error err;
	struct cix_reader_opts opts = { nowarn, NULL };
	struct cix_citedref f;
	size_t i, n = 0;
	int rc, score;

	score = cix_reader_mirror.probe((const char *)data, size);
	if (score < 0 || score > 100)
		abort();
	if (cix_input_open_mem(&in, "fuzz", data, size, &err) < 0)
		return 0;
	if (cix_reader_open(&rd, in, "mirror", &opts, &err) < 0)
		return 0;
	cix_record_init(&rec);
	while ((rc = cix_reader_next(rd, &rec, &err)) > 0 && n++ < 1000) {
		if (rec.origin == NULL || strcmp(rec.origin, "mirror") != 0)
			abort();
		for (i = 0; i < rec.naa; i++)
			if (rec.aa[i].author >= rec.nauthors ||
			    rec.aa[i].affil >= rec.naffils)
				abort();
		for (i = 0; i < rec.nrefs; i++)
			if (cix_citedref_parse(&rec.arena, rec.refs[i].raw,
			    strlen(rec.refs[i].raw), &f) < 0)
				break;
	}
	cix_record_release(&rec);
	cix_reader_free(rd);
	return 0;
}
