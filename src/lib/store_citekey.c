/*
 * store_citekey.c - SQL for citation keys (see store_citekey.h).
 */
#include "config.h"

#include <sqlite3.h>

#include "store_citekey.h"
#include "store_int.h"
#include "banned.h"

int
cix_store_citekeys(struct cix_store *s, const char *pattern,
    cix_citekey_cb cb, void *ctx, struct cix_error *err)
{
	sqlite3_stmt *st;
	int rc, crc = 0;

	rc = sqlite3_prepare_v2(cix_store_db(s), "SELECT work_id, key"
	    " FROM citekeys WHERE pattern = ?1", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return cix_store_error(s, rc, "cannot read citation keys", err);
	cix_bind_text(st, 1, pattern);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if ((crc = cb(ctx, sqlite3_column_int64(st, 0),
		    (const char *)sqlite3_column_text(st, 1))) != 0)
			break;
	sqlite3_finalize(st);
	if (crc != 0)
		return crc;
	if (rc != SQLITE_DONE)
		return cix_store_error(s, rc, "cannot read citation keys", err);
	return CIX_OK;
}

int
cix_store_citekey_add(struct cix_store *s, void **stmt, const char *pattern,
    int64_t id, const char *key, struct cix_error *err)
{
	sqlite3_stmt *st = *stmt;
	int rc;

	if (st == NULL) {
		rc = sqlite3_prepare_v2(cix_store_db(s), "INSERT INTO citekeys"
		    " (pattern, work_id, key) VALUES (?1, ?2, ?3)", -1, &st,
		    NULL);
		if (rc != SQLITE_OK)
			return cix_store_error(s, rc,
			    "cannot store a citation key", err);
		*stmt = st;
	}
	cix_bind_text(st, 1, pattern);
	sqlite3_bind_int64(st, 2, id);
	cix_bind_text(st, 3, key);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return cix_store_error(s, rc, "cannot store a citation key",
		    err);
	return CIX_OK;
}

void
cix_store_citekey_done(void *stmt)
{
	sqlite3_finalize(stmt);
}
