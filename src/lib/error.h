/*
 * error.h - return codes and error reports of libcix.
 *
 * Every fallible library function returns CIX_OK (0) or a negative
 * enum cix_rc, and fills the struct cix_error passed as its last argument
 * (which may be NULL when the caller does not care).  The error is filled
 * only on failure; callers propagate the callee's code unchanged.
 *
 * Errors about input carry the input's name and 1-based line so that the
 * CLI can print "file:line: message".  The library never prints.
 */
#ifndef CIX_ERROR_H
#define CIX_ERROR_H

#include <stddef.h>

enum cix_rc {
	CIX_OK = 0,
	CIX_ENOMEM = -1,	/* out of memory */
	CIX_EIO = -2,		/* read/write/open failed (errno kept) */
	CIX_EPARSE = -3,	/* input does not follow its format */
	CIX_EFORMAT = -4,	/* input is in a format cix does not read */
	CIX_ETOOBIG = -5,	/* a size cap was hit (line, body, field) */
	CIX_EDB = -6,		/* SQLite failed */
	CIX_ENOTFOUND = -7,	/* no such work, file, DOI... */
	CIX_EINVAL = -8,	/* bad argument or configuration */
	CIX_EAMBIGUOUS = -9,	/* a name matches several works */
	CIX_ELOCKED = -10,	/* another process holds the lock */
	CIX_ENET = -11,		/* network or HTTP failure */
	CIX_EFULL = -12,	/* disk full */
	CIX_EREADONLY = -13,	/* database or file is read-only */
	CIX_EINTR = -14,	/* interrupted by a signal */
	CIX_ELIMIT = -15,	/* a run-level limit stopped the work */
	CIX_EEXIST = -16	/* a file to be created exists */
};

#define CIX_ERROR_MSGSZ 512
#define CIX_ERROR_FILESZ 256

struct cix_error {
	int code;			/* the enum cix_rc */
	int sys_errno;			/* errno at failure, or 0 */
	size_t line;			/* 1-based line of input, 0 if none */
	char file[CIX_ERROR_FILESZ];	/* input name, "" if none */
	char msg[CIX_ERROR_MSGSZ];	/* lower case, no full stop */
};

/* Clear err (code 0, empty message).  NULL is allowed. */
void cix_error_clear(struct cix_error *err);

/*
 * Fill err with code and a printf-style message; return code so callers
 * can write `return cix_error_set(err, CIX_EPARSE, "...")`.  NULL err is
 * allowed (the code is still returned).
 */
int cix_error_set(struct cix_error *err, int code, const char *fmt, ...)
#ifdef __GNUC__
	__attribute__((format(printf, 3, 4)))
#endif
	;

/* As cix_error_set(), also recording the input name and line. */
int cix_error_set_at(struct cix_error *err, int code, const char *file,
    size_t line, const char *fmt, ...)
#ifdef __GNUC__
	__attribute__((format(printf, 5, 6)))
#endif
	;

/* As cix_error_set(), appending ": strerror(errno)" and keeping errno. */
int cix_error_set_errno(struct cix_error *err, int code, int errnum,
    const char *fmt, ...)
#ifdef __GNUC__
	__attribute__((format(printf, 4, 5)))
#endif
	;

/* A short English name of a return code ("out of memory", ...). */
const char *cix_rc_str(int code);

#endif
