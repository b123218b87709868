#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "error.h"
#include "banned.h"

static char empty[1];

void
cix_buf_init(struct cix_buf *b, size_t cap)
{
	b->p = empty;
	b->len = 0;
	b->alloc = 0;
	b->cap = cap ? cap : CIX_BUF_NOCAP;
}

void
cix_buf_release(struct cix_buf *b)
{
	if (b->alloc)
		free(b->p);
	b->p = empty;
	b->len = 0;
	b->alloc = 0;
}

void
cix_buf_reset(struct cix_buf *b)
{
	b->len = 0;
	/* Not the shared empty string: threads reset their own buffers. */
	if (b->alloc)
		b->p[0] = '\0';
}

int
cix_buf_grow(struct cix_buf *b, size_t extra)
{
	size_t need, n;
	char *p;

	if (extra > b->cap || b->len > b->cap - extra)
		return CIX_ETOOBIG;
	need = b->len + extra + 1;
	if (need <= b->alloc)
		return CIX_OK;
	n = b->alloc ? b->alloc : 64;
	while (n < need)
		n = n < (size_t)-1 / 2 ? n * 2 : need;
	p = b->alloc ? realloc(b->p, n) : malloc(n);
	if (p == NULL)
		return CIX_ENOMEM;
	if (!b->alloc)
		p[0] = '\0';
	b->p = p;
	b->alloc = n;
	return CIX_OK;
}

int
cix_buf_add(struct cix_buf *b, const void *data, size_t len)
{
	int rc;

	if (len == 0)
		return CIX_OK;
	if ((rc = cix_buf_grow(b, len)) < 0)
		return rc;
	memmove(b->p + b->len, data, len);
	b->len += len;
	b->p[b->len] = '\0';
	return CIX_OK;
}

int
cix_buf_adds(struct cix_buf *b, const char *s)
{
	return cix_buf_add(b, s, strlen(s));
}

int
cix_buf_addch(struct cix_buf *b, int c)
{
	int rc;

	if ((rc = cix_buf_grow(b, 1)) < 0)
		return rc;
	b->p[b->len++] = (char)c;
	b->p[b->len] = '\0';
	return CIX_OK;
}

int
cix_buf_vaddf(struct cix_buf *b, const char *fmt, va_list ap)
{
	va_list cp;
	int n, rc;

	va_copy(cp, ap);
	n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0)
		return CIX_EINVAL;
	if ((rc = cix_buf_grow(b, (size_t)n)) < 0)
		return rc;
	vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
	return CIX_OK;
}

int
cix_buf_addf(struct cix_buf *b, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = cix_buf_vaddf(b, fmt, ap);
	va_end(ap);
	return rc;
}

void
cix_buf_setlen(struct cix_buf *b, size_t len)
{
	if (len > b->len)
		return;
	b->len = len;
	if (b->alloc)
		b->p[len] = '\0';
}

void
cix_buf_rtrim(struct cix_buf *b)
{
	while (b->len > 0 && (b->p[b->len - 1] == ' ' ||
	    b->p[b->len - 1] == '\t' || b->p[b->len - 1] == '\n' ||
	    b->p[b->len - 1] == '\r'))
		b->len--;
	if (b->alloc)
		b->p[b->len] = '\0';
}

char *
cix_buf_detach(struct cix_buf *b, size_t *len)
{
	char *p;

	if (b->alloc) {
		p = b->p;
	} else {
		p = malloc(1);
		if (p == NULL)
			return NULL;
		p[0] = '\0';
	}
	if (len != NULL)
		*len = b->len;
	b->p = empty;
	b->len = 0;
	b->alloc = 0;
	return p;
}
