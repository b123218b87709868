#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "banned.h"

struct cix_arena_chunk {
	struct cix_arena_chunk *next;
	size_t size;
	/* data follows, max_align_t aligned */
	_Alignas(16) unsigned char data[];
};

#define CHUNK_MIN (16 * 1024)
#define ALIGN 16

void
cix_arena_init(struct cix_arena *a, size_t cap)
{
	a->head = NULL;
	a->used = 0;
	a->total = 0;
	a->cap = cap;
}

void
cix_arena_release(struct cix_arena *a)
{
	struct cix_arena_chunk *c, *n;

	for (c = a->head; c != NULL; c = n) {
		n = c->next;
		free(c);
	}
	a->head = NULL;
	a->used = 0;
	a->total = 0;
}

void
cix_arena_reset(struct cix_arena *a)
{
	struct cix_arena_chunk *c, *n, *last = NULL;

	/* Keep the oldest chunk (the first one allocated, usually the
	 * smallest); free the ones a big record needed. */
	for (c = a->head; c != NULL; c = n) {
		n = c->next;
		if (n == NULL)
			last = c;
		else
			free(c);
	}
	a->head = last;
	a->used = 0;
	a->total = last ? last->size : 0;
}

void *
cix_arena_alloc(struct cix_arena *a, size_t size)
{
	struct cix_arena_chunk *c;
	size_t off, n;

	if (size > SIZE_MAX / 2)
		return NULL;
	if (a->head != NULL) {
		off = (a->used + ALIGN - 1) & ~(size_t)(ALIGN - 1);
		if (off <= a->head->size && size <= a->head->size - off) {
			a->used = off + size;
			return a->head->data + off;
		}
	}
	n = size > CHUNK_MIN ? size : CHUNK_MIN;
	if (a->head != NULL && a->head->size * 2 > n && a->head->size < 1 << 20)
		n = a->head->size * 2;
	if (a->cap && a->total + n > a->cap) {
		if (a->total + size > a->cap)
			return NULL;
		n = size;
	}
	c = malloc(sizeof(*c) + n);
	if (c == NULL)
		return NULL;
	c->size = n;
	c->next = a->head;
	a->head = c;
	a->total += n;
	a->used = size;
	return c->data;
}

char *
cix_arena_strndup(struct cix_arena *a, const char *s, size_t len)
{
	char *p;

	p = cix_arena_alloc(a, len + 1);
	if (p == NULL)
		return NULL;
	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

char *
cix_arena_strdup(struct cix_arena *a, const char *s)
{
	return cix_arena_strndup(a, s, strlen(s));
}

static int
isws(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' ||
	    c == '\v';
}

char *
cix_arena_strclean(struct cix_arena *a, const char *s, size_t len, int *oom)
{
	size_t i, j;
	char *p;
	int sp = 0;

	while (len > 0 && isws((unsigned char)s[0])) {
		s++;
		len--;
	}
	while (len > 0 && isws((unsigned char)s[len - 1]))
		len--;
	if (len == 0)
		return NULL;
	p = cix_arena_alloc(a, len + 1);
	if (p == NULL) {
		if (oom != NULL)
			*oom = 1;
		return NULL;
	}
	for (i = j = 0; i < len; i++) {
		if (isws((unsigned char)s[i])) {
			sp = 1;
			continue;
		}
		if (sp) {
			p[j++] = ' ';
			sp = 0;
		}
		p[j++] = s[i];
	}
	p[j] = '\0';
	return p;
}
