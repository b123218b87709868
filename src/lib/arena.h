/*
 * arena.h - a bump allocator for the strings of one record.
 *
 * Everything a struct cix_record points at is allocated here and freed
 * at once by cix_arena_reset() or cix_arena_release(); nothing in an arena
 * is freed on its own.  Readers reset the arena between records, so memory
 * stays bounded by the largest record, whatever the size of the file.
 */
#ifndef CIX_ARENA_H
#define CIX_ARENA_H

#include <stddef.h>

struct cix_arena_chunk;

struct cix_arena {
	struct cix_arena_chunk *head;	/* current chunk (newest first) */
	size_t used;			/* bytes used in head */
	size_t total;			/* bytes in all chunks */
	size_t cap;			/* maximum total, 0 for none */
};

void cix_arena_init(struct cix_arena *a, size_t cap);
/* Free every chunk. */
void cix_arena_release(struct cix_arena *a);
/* Forget every allocation, keeping the first chunk for reuse. */
void cix_arena_reset(struct cix_arena *a);
/* size bytes aligned for any type; NULL on out-of-memory or cap. */
void *cix_arena_alloc(struct cix_arena *a, size_t size);
/* A NUL-terminated copy of s[0..len); NULL on out-of-memory or cap. */
char *cix_arena_strndup(struct cix_arena *a, const char *s, size_t len);
char *cix_arena_strdup(struct cix_arena *a, const char *s);
/*
 * Copy s[0..len) with surrounding ASCII white space removed and inner runs
 * of white space collapsed to one space; NULL if the result is empty or on
 * out-of-memory (*oom set to 1 in that case when oom is not NULL).
 */
char *cix_arena_strclean(struct cix_arena *a, const char *s, size_t len,
    int *oom);

#endif
