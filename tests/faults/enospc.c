/*
 * enospc.c - an LD_PRELOAD shim that fills the disk on demand, for the
 * full-disk tests of `cix update` (tests/e2e/t6050-update-full-disk.sh).
 *
 * Writes (write, pwrite, pwrite64, writev) to files whose path contains
 * $CIX_FAULT_PATH are counted; once they have written $CIX_FAULT_BYTES
 * bytes, every further write to such a file fails with ENOSPC, as on a
 * full file system.  ftruncate() and posix_fallocate() that would grow
 * such a file fail the same way then.  With $CIX_FAULT_COUNT (a file
 * name), the bytes written to such files are written there at exit, so
 * that a test can choose budgets from an uninterrupted run's total
 * ($CIX_FAULT_BYTES may then be absent: no fault).
 *
 * Built on its own with -D_GNU_SOURCE and without config.h (a large-file
 * configuration would rename pwrite and ftruncate under it).
 */
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <unistd.h>

static long long budget = -1;	/* bytes left; -1: no fault */
static long long written;	/* bytes written to watched files */
static int ready;

static void
setup(void)
{
	const char *b = getenv("CIX_FAULT_BYTES");
	char *end;

	ready = 1;
	if (b == NULL)
		return;
	budget = strtoll(b, &end, 10);
	if (*end != '\0' || budget < 0)
		budget = -1;
}

__attribute__((destructor)) static void
report(void)
{
	const char *out = getenv("CIX_FAULT_COUNT");
	FILE *f;

	if (out == NULL || (f = fopen(out, "w")) == NULL)
		return;
	fprintf(f, "%lld\n", written);
	fclose(f);
}

/* Is fd a file the fault is about? */
static int
watched(int fd)
{
	const char *want = getenv("CIX_FAULT_PATH");
	char link[64], path[4096];
	ssize_t n;

	if (want == NULL || *want == '\0')
		return 0;
	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	if ((n = readlink(link, path, sizeof(path) - 1)) < 0)
		return 0;
	path[n] = '\0';
	return strstr(path, want) != NULL;
}

/* 1 (errno ENOSPC) when writing n more bytes to fd must fail. */
static int
full(int fd, size_t n)
{
	if (!ready)
		setup();
	if (n == 0 || !watched(fd))
		return 0;
	if (budget >= 0 && (long long)n > budget) {
		budget = 0;
		errno = ENOSPC;
		return 1;
	}
	if (budget >= 0)
		budget -= (long long)n;
	written += (long long)n;
	return 0;
}

#define REAL(name) \
	static __typeof__(name) *real; \
	if (real == NULL) \
		real = (__typeof__(name) *)dlsym(RTLD_NEXT, #name)

ssize_t
write(int fd, const void *buf, size_t n)
{
	REAL(write);
	if (full(fd, n))
		return -1;
	return real(fd, buf, n);
}

ssize_t
pwrite(int fd, const void *buf, size_t n, off_t off)
{
	REAL(pwrite);
	if (full(fd, n))
		return -1;
	return real(fd, buf, n, off);
}

ssize_t
pwrite64(int fd, const void *buf, size_t n, off64_t off)
{
	REAL(pwrite64);
	if (full(fd, n))
		return -1;
	return real(fd, buf, n, off);
}

ssize_t
writev(int fd, const struct iovec *iov, int cnt)
{
	size_t n = 0;
	int i;

	REAL(writev);
	for (i = 0; i < cnt; i++)
		n += iov[i].iov_len;
	if (full(fd, n))
		return -1;
	return real(fd, iov, cnt);
}

/* Growing a file by truncation takes room too. */
static int
grows(int fd, off_t len)
{
	struct stat st;

	if (fstat(fd, &st) < 0 || len <= st.st_size)
		return 0;
	return full(fd, (size_t)(len - st.st_size));
}

int
ftruncate(int fd, off_t len)
{
	REAL(ftruncate);
	if (grows(fd, len))
		return -1;
	return real(fd, len);
}

int
ftruncate64(int fd, off64_t len)
{
	REAL(ftruncate64);
	if (grows(fd, (off_t)len))
		return -1;
	return real(fd, len);
}

int
posix_fallocate(int fd, off_t off, off_t len)
{
	REAL(posix_fallocate);
	if (grows(fd, off + len))
		return ENOSPC;
	return real(fd, off, len);
}
