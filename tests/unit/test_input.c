/*
 * test_input.c - the decoded line source: encodings, line ends, invalid
 * UTF-8, NUL bytes, the line cap, peek, unget, and 64 KiB block
 * boundaries that split a character or a CRLF pair.
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "cix.h"

#define BLOCK (64u * 1024)

struct warns {
	size_t n;
	size_t line[16];
};

static void
on_warn(void *ctx, const char *file, size_t line, const char *msg)
{
	struct warns *w = ctx;

	assert_non_null(file);
	assert_non_null(strstr(msg, "Windows-1252"));
	if (w->n < 16)
		w->line[w->n] = line;
	w->n++;
}

/* All lines of buf joined with '|' into out (a cix_buf). */
static int
lines_of(struct cix_buf *out, const char *name, const void *buf,
    size_t len, struct warns *w, struct cix_error *err, size_t maxline)
{
	struct cix_input *in;
	const char *l;
	size_t n, count = 0;
	int rc;

	cix_buf_reset(out);
	assert_int_equal(cix_input_open_mem(&in, name, buf, len, err),
	    CIX_OK);
	if (w != NULL) {
		memset(w, 0, sizeof(*w));
		cix_input_set_warn(in, on_warn, w);
	}
	if (maxline)
		cix_input_set_maxline(in, maxline);
	while ((rc = cix_input_line(in, &l, &n, err)) > 0) {
		assert_int_equal(l[n], '\0');
		assert_int_equal(cix_input_lineno(in), ++count);
		if (count > 1)
			cix_buf_addch(out, '|');
		cix_buf_add(out, l, n);
	}
	cix_input_free(in);
	return rc;
}

/* UTF-8 s as UTF-16 (le/be), with a BOM or not; caller frees. */
static char *
utf16(const char *s, int be, int bom, size_t *outlen)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len = strlen(s), i = 0, n = 0, k;
	unsigned char *o = malloc(len * 4 + 2);
	uint32_t cp, u[2];
	int nu, j;

	assert_non_null(o);
	if (bom) {
		o[n++] = be ? 0xFE : 0xFF;
		o[n++] = be ? 0xFF : 0xFE;
	}
	while (i < len) {
		k = cix_utf8_seqlen(p + i, len - i);
		assert_true(k > 0);
		cp = cix_utf8_decode(p + i, k);
		i += k;
		nu = 1;
		u[0] = cp;
		if (cp >= 0x10000) {
			u[0] = 0xD800 + ((cp - 0x10000) >> 10);
			u[1] = 0xDC00 + ((cp - 0x10000) & 0x3FF);
			nu = 2;
		}
		for (j = 0; j < nu; j++) {
			o[n++] = (unsigned char)(be ? u[j] >> 8 : u[j]);
			o[n++] = (unsigned char)(be ? u[j] : u[j] >> 8);
		}
	}
	*outlen = n;
	return (char *)o;
}

#define TEXT "PT J\nTI Caf\xc3\xa9 \xf0\x9f\x98\x80 \xe2\x82\xac\nER\n"
#define LINES "PT J|TI Caf\xc3\xa9 \xf0\x9f\x98\x80 \xe2\x82\xac|ER"

static void
test_encodings(void **state)
{
	static const struct {
		int kind;	/* 0 UTF-8, 1 UTF-8 BOM, 2 UTF-16 */
		int be;
		int bom;
		enum cix_encoding enc;
	} cases[] = {
		{ 0, 0, 0, CIX_ENC_UTF8 },
		{ 1, 0, 1, CIX_ENC_UTF8_BOM },
		{ 2, 0, 1, CIX_ENC_UTF16LE },
		{ 2, 1, 1, CIX_ENC_UTF16BE },
		{ 2, 0, 0, CIX_ENC_UTF16LE },
		{ 2, 1, 0, CIX_ENC_UTF16BE },
	};
	struct cix_input *in;
	struct cix_error err;
	struct cix_buf out;
	const char *l;
	char *buf;
	size_t i, len, n;

	cix_buf_init(&out, CIX_BUF_NOCAP);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (cases[i].kind == 2) {
			buf = utf16(TEXT, cases[i].be, cases[i].bom, &len);
		} else {
			len = strlen(TEXT) + (cases[i].kind ? 3 : 0);
			buf = malloc(len);
			memcpy(buf, "\xEF\xBB\xBF", cases[i].kind ? 3 : 0);
			memcpy(buf + (cases[i].kind ? 3 : 0), TEXT,
			    strlen(TEXT));
		}
		assert_int_equal(lines_of(&out, "enc", buf, len, NULL, &err,
		    0), 0);
		assert_string_equal(out.p, LINES);
		assert_int_equal(cix_input_open_mem(&in, "enc", buf, len,
		    &err), CIX_OK);
		assert_int_equal(cix_input_line(in, &l, &n, &err), 1);
		if (cix_input_encoding(in) != cases[i].enc)
			fail_msg("case %zu: encoding %d", i,
			    cix_input_encoding(in));
		cix_input_free(in);
		free(buf);
	}
	/* a lone surrogate, and an odd trailing byte, become U+FFFD */
	assert_int_equal(lines_of(&out, "u16", "\xFF\xFE" "a\0\x00\xD8" "b\0"
	    "\x00\xDC" "c", 11, NULL, &err, 0), 0);
	assert_string_equal(out.p,
	    "a\xEF\xBF\xBD" "b\xEF\xBF\xBD\xEF\xBF\xBD");
	cix_buf_release(&out);
}

static const struct {
	const char *in;
	const char *lines;
} eol_cases[] = {
	{ "a\nb\r\nc\rd", "a|b|c|d" },
	{ "a\r\n", "a" },
	{ "\r\r\n\n", "||" },
	{ "x", "x" },
	{ "", "" },
	{ "a\n\n", "a|" },
	{ "\n", "" },
	{ "\r", "" },
	{ "a\n\rb", "a||b" },
	{ "tab\t\r\n", "tab\t" },
};

static void
test_line_ends(void **state)
{
	struct cix_error err;
	struct cix_buf out;
	size_t i;

	cix_buf_init(&out, CIX_BUF_NOCAP);
	for (i = 0; i < sizeof(eol_cases) / sizeof(eol_cases[0]); i++) {
		assert_int_equal(lines_of(&out, "eol", eol_cases[i].in,
		    strlen(eol_cases[i].in), NULL, &err, 0), 0);
		if (strcmp(out.p, eol_cases[i].lines) != 0)
			fail_msg("case %zu: '%s'", i, out.p);
	}
	cix_buf_release(&out);
}

static const struct {
	const char *in;
	const char *out;
	size_t warnings;
} bad_utf8[] = {
	{ "caf\xe9", "caf\xc3\xa9", 1 },
	{ "\x80", "\xe2\x82\xac", 1 },
	{ "\x93q\x94", "\xe2\x80\x9cq\xe2\x80\x9d", 1 },
	{ "\x81", "\xef\xbf\xbd", 1 },		/* not in Windows-1252 */
	{ "\xc3\xa9\xe9", "\xc3\xa9\xc3\xa9", 1 },
	{ "\xe2\x82", "\xc3\xa2\xe2\x80\x9a", 1 },	/* cut short */
	{ "\xc0\xaf", "\xc3\x80\xc2\xaf", 1 },	/* overlong */
	{ "\xed\xa0\x80", "\xc3\xad\xc2\xa0\xe2\x82\xac", 1 }, /* surrogate */
	{ "ok\n\xe9\nok\n\xe9\xe9", "ok|\xc3\xa9|ok|\xc3\xa9\xc3\xa9", 2 },
	{ "\xc3\xa9t\xc3\xa9", "\xc3\xa9t\xc3\xa9", 0 },
};

static void
test_invalid_utf8(void **state)
{
	struct cix_error err;
	struct cix_buf out;
	struct warns w;
	size_t i;

	cix_buf_init(&out, CIX_BUF_NOCAP);
	for (i = 0; i < sizeof(bad_utf8) / sizeof(bad_utf8[0]); i++) {
		assert_int_equal(lines_of(&out, "bad", bad_utf8[i].in,
		    strlen(bad_utf8[i].in), &w, &err, 0), 0);
		if (strcmp(out.p, bad_utf8[i].out) != 0)
			fail_msg("case %zu: '%s'", i, out.p);
		assert_int_equal(w.n, bad_utf8[i].warnings);
	}
	/* one warning per line, naming it */
	assert_int_equal(w.n, 0);
	assert_int_equal(lines_of(&out, "bad", "ok\n\xe9\xe9\xe9\nok\n\xe9",
	    11, &w, &err, 0), 0);
	assert_int_equal(w.n, 2);
	assert_int_equal(w.line[0], 2);
	assert_int_equal(w.line[1], 4);
	cix_buf_release(&out);
}

static void
test_nul(void **state)
{
	struct cix_input *in;
	struct cix_error err;
	struct cix_buf out;
	const char *l;
	char *u;
	size_t n, len;

	assert_int_equal(cix_input_open_mem(&in, "bin.txt", "ok\nbad\0line\n",
	    12, &err), CIX_OK);
	assert_int_equal(cix_input_line(in, &l, &n, &err), 1);
	assert_int_equal(cix_input_line(in, &l, &n, &err), CIX_EPARSE);
	assert_string_equal(err.file, "bin.txt");
	assert_int_equal(err.line, 2);
	assert_non_null(strstr(err.msg, "binary data"));
	cix_error_clear(&err);
	assert_int_equal(cix_input_line(in, &l, &n, &err), CIX_EPARSE);
	assert_int_equal(err.line, 2);
	cix_input_free(in);

	/* U+0000 in UTF-16 is binary data too */
	cix_buf_init(&out, CIX_BUF_NOCAP);
	u = utf16("a\nb", 0, 1, &len);
	u[len - 1] = 0;
	u[len - 2] = 0;
	assert_int_equal(lines_of(&out, "u16.txt", u, len, NULL, &err, 0),
	    CIX_EPARSE);
	assert_int_equal(err.line, 2);
	free(u);
	cix_buf_release(&out);
}

static void
test_line_cap(void **state)
{
	struct cix_error err;
	struct cix_buf out, in;
	int i;

	cix_buf_init(&out, CIX_BUF_NOCAP);
	cix_buf_init(&in, CIX_BUF_NOCAP);
	for (i = 0; i < 50; i++)
		cix_buf_addch(&in, 'a');
	cix_buf_addch(&in, '\n');
	for (i = 0; i < 100; i++)
		cix_buf_addch(&in, 'b');
	cix_buf_adds(&in, "\r\n");
	assert_int_equal(lines_of(&out, "cap.txt", in.p, in.len, NULL, &err,
	    100), 0);
	for (i = 0; i < 101; i++)
		cix_buf_addch(&in, 'c');
	assert_int_equal(lines_of(&out, "cap.txt", in.p, in.len, NULL, &err,
	    100), CIX_ETOOBIG);
	assert_string_equal(err.file, "cap.txt");
	assert_int_equal(err.line, 3);
	assert_string_equal(err.msg, "line longer than 100 bytes");
	/* the same with a line end after it, and with more blocks */
	cix_buf_addch(&in, '\n');
	assert_int_equal(lines_of(&out, "cap.txt", in.p, in.len, NULL, &err,
	    100), CIX_ETOOBIG);
	assert_int_equal(err.line, 3);
	cix_buf_reset(&in);
	cix_buf_adds(&in, "x\n");
	for (i = 0; i < 300000; i++)
		cix_buf_addch(&in, 'd');
	assert_int_equal(lines_of(&out, "cap.txt", in.p, in.len, NULL, &err,
	    200000), CIX_ETOOBIG);
	assert_int_equal(err.line, 2);
	/* a cap can only be lowered */
	assert_int_equal(lines_of(&out, "cap.txt", in.p, in.len, NULL, &err,
	    (size_t)1 << 40), 0);
	cix_buf_release(&in);
	cix_buf_release(&out);
}

static void
test_peek(void **state)
{
	struct cix_input *in;
	struct cix_error err;
	const char *p, *l;
	char *u;
	size_t n, len;

	assert_int_equal(cix_input_open_mem(&in, "p", "FN x\nVR 1\n", 10,
	    &err), CIX_OK);
	assert_int_equal(cix_input_peek(in, &p, &n, 4, &err), CIX_OK);
	assert_int_equal(n, 4);
	assert_memory_equal(p, "FN x", 4);
	assert_int_equal(cix_input_peek(in, &p, &n, 1000, &err), CIX_OK);
	assert_int_equal(n, 10);
	assert_int_equal(cix_input_line(in, &l, &n, &err), 1);
	assert_string_equal(l, "FN x");
	assert_int_equal(cix_input_peek(in, &p, &n, 4, &err), CIX_EINVAL);
	cix_input_free(in);

	/* UTF-16: the peek is decoded, without the BOM */
	u = utf16("PT J\n", 1, 1, &len);
	assert_int_equal(cix_input_open_mem(&in, "p", u, len, &err), CIX_OK);
	assert_int_equal(cix_input_peek(in, &p, &n, 64, &err), CIX_OK);
	assert_int_equal(n, 5);
	assert_memory_equal(p, "PT J\n", 5);
	assert_int_equal(cix_input_encoding(in), CIX_ENC_UTF16BE);
	cix_input_free(in);
	free(u);

	/* invalid UTF-8 is recoded; a character cut by max is left out */
	assert_int_equal(cix_input_open_mem(&in, "p", "\xe9t\xc3\xa9", 4,
	    &err), CIX_OK);
	assert_int_equal(cix_input_peek(in, &p, &n, 64, &err), CIX_OK);
	assert_int_equal(n, 5);
	assert_memory_equal(p, "\xc3\xa9t\xc3\xa9", 5);
	cix_input_free(in);
	assert_int_equal(cix_input_open_mem(&in, "p", "ab\xc3\xa9", 4, &err),
	    CIX_OK);
	assert_int_equal(cix_input_peek(in, &p, &n, 3, &err), CIX_OK);
	assert_int_equal(n, 2);
	cix_input_free(in);

	/* empty input; NUL bytes are given to the peek as they are */
	assert_int_equal(cix_input_open_mem(&in, "p", "", 0, &err), CIX_OK);
	assert_int_equal(cix_input_peek(in, &p, &n, 64, &err), CIX_OK);
	assert_int_equal(n, 0);
	assert_int_equal(cix_input_line(in, &l, &n, &err), 0);
	cix_input_free(in);
	assert_int_equal(cix_input_open_mem(&in, "p", "\xD0\xCF\x11\xE0\0\0",
	    6, &err), CIX_OK);
	assert_int_equal(cix_input_peek(in, &p, &n, 64, &err), CIX_OK);
	assert_string_equal(cix_reader_sniff(p, n), "an Excel workbook (xls)");
	cix_input_free(in);
	cix_input_free(NULL);
}

static void
test_unget(void **state)
{
	struct cix_input *in;
	struct cix_error err;
	const char *l, *l2;
	size_t n;

	assert_int_equal(cix_input_open_mem(&in, NULL, "one\ntwo\n", 8,
	    &err), CIX_OK);
	assert_string_equal(cix_input_name(in), "<memory>");
	cix_input_unget(in);		/* nothing to push back yet */
	assert_int_equal(cix_input_line(in, &l, &n, &err), 1);
	cix_input_unget(in);
	cix_input_unget(in);		/* only once */
	assert_int_equal(cix_input_lineno(in), 0);
	assert_int_equal(cix_input_line(in, &l2, &n, &err), 1);
	assert_ptr_equal(l, l2);
	assert_string_equal(l2, "one");
	assert_int_equal(cix_input_lineno(in), 1);
	assert_int_equal(cix_input_line(in, &l, &n, &err), 1);
	assert_string_equal(l, "two");
	assert_int_equal(cix_input_line(in, &l, &n, &err), 0);
	assert_int_equal(cix_input_line(in, &l, &n, &err), 0);
	cix_input_free(in);
}

/* Write buf to a temporary file; returns its path (static). */
static const char *
temp_file(const void *buf, size_t len)
{
	static char path[64];
	int fd;

	snprintf(path, sizeof(path), "/tmp/cix-test-input.XXXXXX");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, buf, len), (ssize_t)len);
	close(fd);
	return path;
}

/* The lines of buf from memory and from a file are the same. */
static void
same_from_file(const char *buf, size_t len, const char *expect)
{
	struct cix_input *in;
	struct cix_error err;
	struct cix_buf out;
	const char *path, *l;
	uint64_t done, total;
	size_t n, count = 0;
	int rc;

	cix_buf_init(&out, CIX_BUF_NOCAP);
	assert_int_equal(lines_of(&out, "mem", buf, len, NULL, &err, 0), 0);
	assert_true(out.len == strlen(expect));
	assert_memory_equal(out.p, expect, out.len);
	path = temp_file(buf, len);
	assert_int_equal(cix_input_open_file(&in, path, &err), CIX_OK);
	cix_buf_reset(&out);
	while ((rc = cix_input_line(in, &l, &n, &err)) > 0) {
		if (count++)
			cix_buf_addch(&out, '|');
		cix_buf_add(&out, l, n);
	}
	assert_int_equal(rc, 0);
	assert_true(out.len == strlen(expect));
	assert_memory_equal(out.p, expect, out.len);
	cix_input_progress(in, &done, &total);
	assert_true(done == len);
	assert_true(total == len);
	assert_string_equal(cix_input_name(in), path);
	cix_input_free(in);
	unlink(path);
	cix_buf_release(&out);
}

static void
test_block_boundaries(void **state)
{
	static const char *const tails[] = {
		"\xc3\xa9|x", "\xe2\x82\xac|x", "\xf0\x9f\x98\x80|x",
	};
	struct cix_buf in, exp;
	size_t k, t, i;

	cix_buf_init(&in, CIX_BUF_NOCAP);
	cix_buf_init(&exp, CIX_BUF_NOCAP);
	/* a multi-byte character across the first block's end */
	for (t = 0; t < 3; t++) {
		for (k = BLOCK - 4; k <= BLOCK + 1; k++) {
			cix_buf_reset(&in);
			for (i = 0; i < k; i++)
				cix_buf_addch(&in, 'a');
			cix_buf_adds(&in, tails[t]);
			cix_buf_reset(&exp);
			cix_buf_add(&exp, in.p, in.len);
			/* '|' is the line end in the expectation */
			in.p[strchr(in.p, '|') - in.p] = '\n';
			same_from_file(in.p, in.len, exp.p);
		}
	}
	/* CRLF split by the block end is one line end; CR CR is two */
	for (k = BLOCK - 2; k <= BLOCK + 1; k++) {
		cix_buf_reset(&in);
		cix_buf_reset(&exp);
		for (i = 0; i < k; i++)
			cix_buf_addch(&in, 'a');
		cix_buf_add(&exp, in.p, in.len);
		cix_buf_adds(&in, "\r\nb\r\rc");
		cix_buf_adds(&exp, "|b||c");
		same_from_file(in.p, in.len, exp.p);
	}
	/* a line over several blocks, then short ones */
	cix_buf_reset(&in);
	for (i = 0; i < 5 * BLOCK + 17; i++)
		cix_buf_addch(&in, (char)('a' + i % 26));
	cix_buf_reset(&exp);
	cix_buf_add(&exp, in.p, in.len);
	cix_buf_adds(&in, "\r\nshort\r\n\r\nend");
	cix_buf_adds(&exp, "|short||end");
	same_from_file(in.p, in.len, exp.p);
	cix_buf_release(&in);
	cix_buf_release(&exp);
}

/* A UTF-16 surrogate pair across the first block's end. */
static void
test_utf16_boundary(void **state)
{
	struct cix_buf in, exp;
	size_t units, i;

	cix_buf_init(&in, CIX_BUF_NOCAP);
	cix_buf_init(&exp, CIX_BUF_NOCAP);
	for (units = BLOCK / 2 - 3; units <= BLOCK / 2; units++) {
		cix_buf_reset(&in);
		cix_buf_reset(&exp);
		cix_buf_add(&in, "\xFF\xFE", 2);
		for (i = 0; i < units; i++) {
			cix_buf_add(&in, "a\0", 2);
			cix_buf_addch(&exp, 'a');
		}
		/* U+1F600, "\r\n", "z" */
		cix_buf_add(&in, "\x3D\xD8\x00\xDE\r\0\n\0z\0", 10);
		cix_buf_adds(&exp, "\xf0\x9f\x98\x80|z");
		same_from_file(in.p, in.len, exp.p);
	}
	cix_buf_release(&in);
	cix_buf_release(&exp);
}

static void
test_open_file_errors(void **state)
{
	struct cix_input *in = (struct cix_input *)&in;
	struct cix_error err;
	const char *path, *l, *p;
	uint64_t done, total;
	size_t n;

	assert_int_equal(cix_input_open_file(&in,
	    "/nonexistent/savedrecs.txt", &err), CIX_ENOTFOUND);
	assert_null(in);
	assert_string_equal(err.msg, "cannot open '/nonexistent/savedrecs.txt'"
	    ": No such file or directory");
	assert_int_equal(cix_input_open_file(&in, "/tmp", &err), CIX_EIO);
	assert_non_null(strstr(err.msg, "Is a directory"));

	path = temp_file("", 0);
	assert_int_equal(cix_input_open_file(&in, path, &err), CIX_OK);
	assert_int_equal(cix_input_peek(in, &p, &n, 100, &err), CIX_OK);
	assert_int_equal(n, 0);
	assert_int_equal(cix_input_line(in, &l, &n, &err), 0);
	cix_input_progress(in, &done, &total);
	assert_true(done == 0 && total == 0);
	assert_int_equal(cix_input_bad_lines(in), 0);
	cix_input_free(in);
	unlink(path);
}

/* Many short lines: counted right, and quickly. */
static void
test_many_lines(void **state)
{
	struct cix_input *in;
	struct cix_error err;
	struct cix_buf b;
	const char *l;
	size_t i, n, count = 0, bytes = 0;

	cix_buf_init(&b, CIX_BUF_NOCAP);
	for (i = 0; i < 500000; i++)
		cix_buf_addf(&b, "CR line %zu\r\n", i);
	assert_int_equal(cix_input_open_mem(&in, "many", b.p, b.len, &err),
	    CIX_OK);
	while (cix_input_line(in, &l, &n, &err) > 0) {
		count++;
		bytes += n + 2;
	}
	assert_int_equal(count, 500000);
	assert_int_equal(bytes, b.len);
	cix_input_free(in);
	cix_buf_release(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_encodings),
		cmocka_unit_test(test_line_ends),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_nul),
		cmocka_unit_test(test_line_cap),
		cmocka_unit_test(test_peek),
		cmocka_unit_test(test_unget),
		cmocka_unit_test(test_block_boundaries),
		cmocka_unit_test(test_utf16_boundary),
		cmocka_unit_test(test_open_file_errors),
		cmocka_unit_test(test_many_lines),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
