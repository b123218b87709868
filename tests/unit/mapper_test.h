/*
 * mapper_test.h - helpers shared by the mapper unit tests
 * (test_crossref.c, test_datacite.c, test_csljson.c, test_markup.c).
 *
 * Real responses are read from $CIX_TEST_DATA (set by `make check`,
 * default /work/shared/data) and never copied into the repository; the
 * tests that need them skip when the directory is absent.  Our own
 * fixtures are in $CIX_SRCDIR/tests/data.
 */
#ifndef CIX_MAPPER_TEST_H
#define CIX_MAPPER_TEST_H

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define MT_PATHSZ 4096

static inline const char *
mt_data_dir(void)
{
	const char *d = getenv("CIX_TEST_DATA");

	return d != NULL && *d != '\0' ? d : "/work/shared/data";
}

/* $CIX_TEST_DATA/sub, or NULL when it is not there. */
static inline const char *
mt_real_dir(const char *sub)
{
	static char paths[4][MT_PATHSZ];
	static int next;
	char *path = paths[next++ % 4];
	struct stat st;

	snprintf(path, MT_PATHSZ, "%s/%s", mt_data_dir(), sub);
	if (stat(path, &st) < 0 || !S_ISDIR(st.st_mode))
		return NULL;
	return path;
}

static inline const char *
mt_fixture_dir(const char *sub)
{
	static char paths[4][MT_PATHSZ];
	static int next;
	char *path = paths[next++ % 4];
	const char *s = getenv("CIX_SRCDIR");

	snprintf(path, MT_PATHSZ, "%s/tests/data/%s",
	    s != NULL && *s != '\0' ? s : ".", sub);
	return path;
}

/* The whole file, NUL-terminated, in malloc'd memory; NULL if absent. */
static inline char *
mt_slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL, *p;
	size_t n = 0, alloc = 0, r;

	if (f == NULL)
		return NULL;
	for (;;) {
		if (alloc - n < 65536) {
			alloc = alloc ? alloc * 2 : 1 << 20;
			if ((p = realloc(buf, alloc + 1)) == NULL) {
				free(buf);
				fclose(f);
				return NULL;
			}
			buf = p;
		}
		r = fread(buf + n, 1, alloc - n, f);
		if (r == 0)
			break;
		n += r;
	}
	fclose(f);
	buf[n] = '\0';
	*len = n;
	return buf;
}

static inline char *
mt_slurp2(const char *dir, const char *name, size_t *len)
{
	char path[MT_PATHSZ];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return mt_slurp(path, len);
}

static inline int
mt_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static inline int
mt_endswith(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);

	return a >= b && strcmp(s + a - b, suffix) == 0;
}

/* Sorted names in dir ending with suffix; free with mt_free_list(). */
static inline size_t
mt_list(const char *dir, const char *suffix, char ***out)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **v = NULL, **p;
	size_t n = 0;

	*out = NULL;
	if (d == NULL)
		return 0;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.' || !mt_endswith(e->d_name, suffix))
			continue;
		if ((p = realloc(v, (n + 1) * sizeof(*v))) == NULL)
			break;
		v = p;
		v[n++] = strdup(e->d_name);
	}
	closedir(d);
	if (n > 0)
		qsort(v, n, sizeof(*v), mt_cmp);
	*out = v;
	return n;
}

static inline void
mt_free_list(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static inline double
mt_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Peak resident set so far, in KiB. */
static inline long
mt_maxrss(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss;
}

/*
 * Run nothing-printing code with stderr redirected to a temporary file;
 * mt_stderr_end() says how many bytes were written to it.
 */
struct mt_stderr {
	int saved;
	char path[64];
};

static inline void
mt_stderr_begin(struct mt_stderr *s)
{
	int fd;

	fflush(stderr);
	snprintf(s->path, sizeof(s->path), "/tmp/cix-mt-stderr.XXXXXX");
	fd = mkstemp(s->path);
	s->saved = dup(2);
	if (fd >= 0) {
		dup2(fd, 2);
		close(fd);
	}
}

static inline long
mt_stderr_end(struct mt_stderr *s)
{
	struct stat st;
	long n = -1;

	fflush(stderr);
	if (stat(s->path, &st) == 0)
		n = (long)st.st_size;
	dup2(s->saved, 2);
	close(s->saved);
	unlink(s->path);
	return n;
}

#endif
