#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "error.h"
#include "banned.h"

void
cix_error_clear(struct cix_error *err)
{
	if (err == NULL)
		return;
	err->code = 0;
	err->sys_errno = 0;
	err->line = 0;
	err->file[0] = '\0';
	err->msg[0] = '\0';
}

static void
fill(struct cix_error *err, int code, const char *fmt, va_list ap)
{
	err->code = code;
	err->sys_errno = 0;
	err->line = 0;
	err->file[0] = '\0';
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
}

int
cix_error_set(struct cix_error *err, int code, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL)
		return code;
	va_start(ap, fmt);
	fill(err, code, fmt, ap);
	va_end(ap);
	return code;
}

int
cix_error_set_at(struct cix_error *err, int code, const char *file,
    size_t line, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL)
		return code;
	va_start(ap, fmt);
	fill(err, code, fmt, ap);
	va_end(ap);
	if (file != NULL)
		snprintf(err->file, sizeof(err->file), "%s", file);
	err->line = line;
	return code;
}

int
cix_error_set_errno(struct cix_error *err, int code, int errnum,
    const char *fmt, ...)
{
	va_list ap;
	size_t n;

	if (err == NULL)
		return code;
	va_start(ap, fmt);
	fill(err, code, fmt, ap);
	va_end(ap);
	err->sys_errno = errnum;
	n = strlen(err->msg);
	if (n < sizeof(err->msg))
		snprintf(err->msg + n, sizeof(err->msg) - n, ": %s",
		    strerror(errnum));
	return code;
}

const char *
cix_rc_str(int code)
{
	switch (code) {
	case CIX_OK: return "success";
	case CIX_ENOMEM: return "out of memory";
	case CIX_EIO: return "input/output error";
	case CIX_EPARSE: return "malformed input";
	case CIX_EFORMAT: return "unsupported format";
	case CIX_ETOOBIG: return "size limit exceeded";
	case CIX_EDB: return "database error";
	case CIX_ENOTFOUND: return "not found";
	case CIX_EINVAL: return "invalid argument";
	case CIX_EAMBIGUOUS: return "ambiguous name";
	case CIX_ELOCKED: return "locked by another process";
	case CIX_ENET: return "network error";
	case CIX_EFULL: return "disk full";
	case CIX_EREADONLY: return "read-only";
	case CIX_EINTR: return "interrupted";
	case CIX_ELIMIT: return "limit reached";
	case CIX_EEXIST: return "already exists";
	}
	return "unknown error";
}
