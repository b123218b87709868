/*
 * tmp_index.h - a new index in a directory of its own, for the unit
 * tests that need a store; included by each (functions, not a library).
 */
#ifndef CIX_TMP_INDEX_H
#define CIX_TMP_INDEX_H

/* mkdtemp /tmp/cix-test-NAME-XXXXXX into dir, and open a new index at
 * dir/rel (rel may name directories: open must make them). */
static void
tmp_index_open(char *dir, size_t dirsz, char *path, size_t pathsz,
    struct cix_store **s, const char *name, const char *rel)
{
	struct cix_error err;

	snprintf(dir, dirsz, "/tmp/cix-test-%s-XXXXXX", name);
	assert_non_null(mkdtemp(dir));
	snprintf(path, pathsz, "%s/%s", dir, rel);
	if (cix_store_open(s, path, 0, &err) < 0)
		fail_msg("open: %s", err.msg);
}

/* Close s and remove dir with all in it; 0, or -1 (a failed teardown). */
static int
tmp_index_remove(struct cix_store *s, const char *dir)
{
	char cmd[200];

	cix_store_close(s);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) != 0 ? -1 : 0;
}

#endif
