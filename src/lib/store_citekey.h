/*
 * store_citekey.h - the store's side of citation keys (table citekeys,
 * schema version 3): the keys given per pattern, so that a work keeps its
 * key.  Used by citekey.c only.
 */
#ifndef CIX_STORE_CITEKEY_H
#define CIX_STORE_CITEKEY_H

#include <stdint.h>

#include "error.h"
#include "store.h"

/* Call cb with every (work, key) given for pattern; strings are valid
 * during the call only.  A non-zero return from cb stops and is
 * returned. */
typedef int (*cix_citekey_cb)(void *ctx, int64_t id, const char *key);
int cix_store_citekeys(struct cix_store *s, const char *pattern,
    cix_citekey_cb cb, void *ctx, struct cix_error *err);

/*
 * Record that work id has key under pattern (inside a transaction).
 * *stmt caches the prepared statement between calls: start with NULL,
 * and hand it to cix_store_citekey_done() at the end.
 */
int cix_store_citekey_add(struct cix_store *s, void **stmt,
    const char *pattern, int64_t id, const char *key,
    struct cix_error *err);
void cix_store_citekey_done(void *stmt);

#endif
