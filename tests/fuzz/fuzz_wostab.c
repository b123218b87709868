/*
 * fuzz_wostab.c - the Web of Science tab-delimited reader, end to end:
 * probe, open (by name, or by detection when the first byte is odd), every
 * record, with a low line cap so the cap's error path is reached too.
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
	(void)ctx;
	(void)line;
	if (file == NULL || msg == NULL || msg[0] == '\0')
		abort();
}

static void
check(const struct cix_record *r)
{
	size_t i;

	if (r->origin == NULL || r->line == 0)
		abort();
	for (i = 0; i < r->naa; i++)
		if (r->aa[i].author >= r->nauthors ||
		    r->aa[i].affil >= r->naffils)
			abort();
	for (i = 0; i < r->nrefs; i++)
		if (r->refs[i].raw == NULL || r->refs[i].raw[0] == '\0')
			abort();
	for (i = 0; i < r->nextra; i++)
		if (strlen(r->extra[i].tag) == 0 || r->extra[i].value == NULL)
			abort();
	if (r->month < 0 || r->month > 12 || r->day < 0 || r->day > 31)
		abort();
	/* reads every string of the record */
	(void)cix_record_hash(r);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cix_reader_opts opts = { warned, NULL };
	struct cix_input *in;
	struct cix_reader *rd;
	struct cix_record rec;
	struct cix_error err;
	int rc, score;

	score = cix_reader_wostab.probe((const char *)data, size);
	if (score < 0 || score > 100)
		abort();
	if (cix_input_open_mem(&in, "fuzz.tsv", data, size, &err) < 0)
		return 0;
	cix_input_set_maxline(in, 4096);
	rc = cix_reader_open(&rd, in, size > 0 && (data[0] & 1) ? NULL :
	    "wos-tab", &opts, &err);
	if (rc < 0) {
		if (err.msg[0] == '\0')
			abort();
		return 0;
	}
	cix_record_init(&rec);
	while ((rc = cix_reader_next(rd, &rec, &err)) > 0)
		check(&rec);
	if (rc < 0 && (err.msg[0] == '\0' || err.file[0] == '\0'))
		abort();
	cix_record_release(&rec);
	cix_reader_free(rd);
	return 0;
}
