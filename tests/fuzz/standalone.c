/*
 * standalone.c - replay fuzz inputs without libFuzzer.
 *
 * Linked into every tests/fuzz/fuzz_*.c harness when the build is not
 * configured with --enable-fuzzing, so that `make check` runs each
 * harness over its corpus (tests/fuzz/corpus/<name>/) under the normal
 * compiler, and under ASan/UBSan in the sanitizer build.  Arguments are
 * files or directories; every regular file is fed to the harness once.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
run_file(const char *path)
{
	FILE *f;
	uint8_t *buf = NULL;
	size_t n = 0, alloc = 0, r;

	if ((f = fopen(path, "rb")) == NULL) {
		fprintf(stderr, "standalone: cannot open '%s': %s\n", path,
		    strerror(errno));
		return 1;
	}
	for (;;) {
		if (n == alloc) {
			uint8_t *p;

			alloc = alloc ? alloc * 2 : 65536;
			if ((p = realloc(buf, alloc)) == NULL) {
				fclose(f);
				free(buf);
				return 1;
			}
			buf = p;
		}
		r = fread(buf + n, 1, alloc - n, f);
		if (r == 0)
			break;
		n += r;
	}
	fclose(f);
	LLVMFuzzerTestOneInput(buf, n);
	free(buf);
	return 0;
}

static int
run_path(const char *path, size_t *count)
{
	struct stat st;
	DIR *d;
	struct dirent *e;
	char sub[4096];
	int bad = 0;

	if (stat(path, &st) < 0) {
		fprintf(stderr, "standalone: cannot stat '%s': %s\n", path,
		    strerror(errno));
		return 1;
	}
	if (!S_ISDIR(st.st_mode)) {
		(*count)++;
		return run_file(path);
	}
	if ((d = opendir(path)) == NULL)
		return 1;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(sub, sizeof(sub), "%s/%s", path, e->d_name);
		bad |= run_path(sub, count);
	}
	closedir(d);
	return bad;
}

int
main(int argc, char **argv)
{
	size_t count = 0;
	int i, bad = 0;

	for (i = 1; i < argc; i++)
		bad |= run_path(argv[i], &count);
	printf("%s: %zu inputs replayed\n", argc > 0 ? argv[0] : "fuzz", count);
	return bad;
}
