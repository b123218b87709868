/*
 * input.h - a decoded line source over a file or a memory buffer.
 *
 * Readers never see bytes as they are on disk: cix_input detects the
 * encoding from the BOM (UTF-8, UTF-16LE, UTF-16BE; no BOM means UTF-8,
 * or UTF-16 when the first bytes have the NUL pattern of UTF-16 text),
 * decodes to UTF-8, treats CRLF, LF and a bare CR as line ends, and hands
 * out one line at a time without its end.  Bytes that are not valid UTF-8
 * are read as Windows-1252 (the usual culprit) and reported once per line
 * through the warning callback; NUL bytes in UTF-8 input are an error
 * (binary data).  Memory is bounded by the longest line, which is capped
 * (CIX_INPUT_MAXLINE by default): a longer line is a CIX_ETOOBIG error
 * naming the line.
 *
 * Files are read in 64 KiB blocks, so memory does not grow with the file.
 */
#ifndef CIX_INPUT_H
#define CIX_INPUT_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"

#define CIX_INPUT_MAXLINE (16u * 1024 * 1024)

enum cix_encoding {
	CIX_ENC_UTF8 = 0,
	CIX_ENC_UTF8_BOM = 1,
	CIX_ENC_UTF16LE = 2,
	CIX_ENC_UTF16BE = 3
};

/* Called for a recoverable problem; file and line locate it. */
typedef void (*cix_warn_fn)(void *ctx, const char *file, size_t line,
    const char *msg);

struct cix_input;

/* Open path for reading.  name (for messages) defaults to path. */
int cix_input_open_file(struct cix_input **out, const char *path,
    struct cix_error *err);
/*
 * Read from buf[0..len), which must outlive the input; name is used in
 * messages.  For fuzzers and tests.
 */
int cix_input_open_mem(struct cix_input **out, const char *name,
    const void *buf, size_t len, struct cix_error *err);
void cix_input_free(struct cix_input *in);

void cix_input_set_warn(struct cix_input *in, cix_warn_fn fn, void *ctx);
/* Lower the line cap (tests). */
void cix_input_set_maxline(struct cix_input *in, size_t maxline);

/*
 * The next line, UTF-8, without its line end, NUL-terminated at
 * (*line)[*len].  Returns 1 for a line, 0 at end of input, or a negative
 * code (err filled with file:line).  The line stays valid until the next
 * call.  A line may be pushed back once with cix_input_unget().
 */
int cix_input_line(struct cix_input *in, const char **line, size_t *len,
    struct cix_error *err);
/* Make the next cix_input_line() return the current line again. */
void cix_input_unget(struct cix_input *in);

/*
 * Up to max decoded bytes from the start of the input, for format
 * detection, without consuming anything.  Returns CIX_OK or an error.
 */
int cix_input_peek(struct cix_input *in, const char **p, size_t *len,
    size_t max, struct cix_error *err);

const char *cix_input_name(const struct cix_input *in);
/* 1-based number of the line last returned (0 before the first). */
size_t cix_input_lineno(const struct cix_input *in);
enum cix_encoding cix_input_encoding(const struct cix_input *in);
/* Raw bytes consumed so far and the total (0 if unknown): progress. */
void cix_input_progress(const struct cix_input *in, uint64_t *done,
    uint64_t *total);
/* Number of lines that had invalid UTF-8. */
size_t cix_input_bad_lines(const struct cix_input *in);

#endif
