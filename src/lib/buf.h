/*
 * buf.h - a growable, size-capped, always NUL-terminated byte buffer.
 *
 * After git's strbuf and curl's dynbuf.  A struct cix_buf is owned by the
 * caller: cix_buf_init() it with a cap, append to it, and either
 * cix_buf_release() it or cix_buf_detach() its contents.  buf.p is never
 * NULL after init (it points at a static "" until the first append), and
 * buf.p[buf.len] is always '\0'.  Appends that would take the length past
 * the cap fail with CIX_ETOOBIG and leave the buffer unchanged; allocation
 * failure gives CIX_ENOMEM.  Use the cap for everything read from a file
 * or the network.
 */
#ifndef CIX_BUF_H
#define CIX_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct cix_buf {
	char *p;	/* contents, NUL-terminated */
	size_t len;	/* bytes used, not counting the NUL */
	size_t alloc;	/* bytes allocated (0: p is the static "") */
	size_t cap;	/* maximum len */
};

#define CIX_BUF_NOCAP ((size_t)-1 / 2)
#define CIX_BUF_INIT { (char *)"", 0, 0, CIX_BUF_NOCAP }

void cix_buf_init(struct cix_buf *b, size_t cap);
void cix_buf_release(struct cix_buf *b);
/* Empty the buffer, keeping its allocation. */
void cix_buf_reset(struct cix_buf *b);
/* Make room for extra more bytes (plus the NUL). */
int cix_buf_grow(struct cix_buf *b, size_t extra);
int cix_buf_add(struct cix_buf *b, const void *data, size_t len);
int cix_buf_adds(struct cix_buf *b, const char *s);
int cix_buf_addch(struct cix_buf *b, int c);
int cix_buf_addf(struct cix_buf *b, const char *fmt, ...)
#ifdef __GNUC__
	__attribute__((format(printf, 2, 3)))
#endif
	;
int cix_buf_vaddf(struct cix_buf *b, const char *fmt, va_list ap);
/* Shorten to len (len <= b->len). */
void cix_buf_setlen(struct cix_buf *b, size_t len);
/* Remove trailing ASCII white space. */
void cix_buf_rtrim(struct cix_buf *b);
/*
 * Hand the contents to the caller, who frees them with free(); the
 * buffer is left initialised and empty.  Returns NULL only on
 * out-of-memory (an empty never-grown buffer is copied).
 */
char *cix_buf_detach(struct cix_buf *b, size_t *len);

#endif
