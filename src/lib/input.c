/*
 * input.c - a decoded line source over a file or a memory buffer.
 *
 * The source is read in 64 KiB blocks into `raw', decoded (UTF-8 copied,
 * UTF-16 transcoded) onto the end of `dec', and lines are cut out of
 * `dec' in place: the byte after a line is overwritten with a NUL, so a
 * line costs two memchr() scans and a validity check, with no copy unless
 * it holds invalid UTF-8.  `dec' keeps only the unread tail, so memory is
 * bounded by the line cap plus a block or two, whatever the file size.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "error.h"
#include "input.h"
#include "util.h"
#include "banned.h"

#define BLOCK (64u * 1024)
#define NOPOS ((size_t)-1)
/* Worst case growth of a decoded block: UTF-16 BMP -> 3 bytes per 2. */
#define DECODED_MAX (BLOCK / 2 * 3 + 16)

struct cix_input {
	char *name;
	int fd;				/* -1 for memory input */
	const unsigned char *mem;	/* memory input */
	size_t memlen;
	size_t mempos;
	uint64_t done;			/* raw bytes read */
	uint64_t total;			/* raw size, 0 if unknown */
	int started;			/* first block read, encoding known */
	int eof;			/* source exhausted and decoded */
	int consumed;			/* a line was handed out */
	enum cix_encoding enc;

	unsigned char *raw;		/* BLOCK + carry bytes */
	size_t rawlen;			/* carried UTF-16 bytes at raw[0] */
	uint32_t hisur;			/* pending UTF-16 high surrogate */

	char *dec;			/* decoded text; [pos, len) unread */
	size_t pos;
	size_t len;
	size_t cap;
	size_t lf, lfscan;		/* cached next '\n', scanned to */
	size_t cr, crscan;		/* cached next '\r', scanned to */

	size_t lineno;
	size_t maxline;
	const char *last;		/* the line last returned */
	size_t lastlen;
	int unget;

	struct cix_buf conv;		/* a line recoded from Windows-1252 */
	struct cix_buf peekbuf;
	size_t bad_lines;

	cix_warn_fn warn;
	void *warn_ctx;

	int failed;			/* sticky error code */
	struct cix_error ferr;
};

/* Windows-1252 0x80-0x9F; 0 where the code page has no character. */
static const uint16_t cp1252[32] = {
	0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
	0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
};

static int
fail(struct cix_input *in, struct cix_error *err)
{
	if (err != NULL)
		*err = in->ferr;
	return in->failed;
}

/* Record a sticky input error at the line being read. */
static int
fail_at(struct cix_input *in, struct cix_error *err, int code,
    const char *msg)
{
	cix_error_set_at(&in->ferr, code, in->name, in->lineno + 1, "%s", msg);
	in->failed = code;
	return fail(in, err);
}

static int
new_input(struct cix_input **out, const char *name, struct cix_error *err)
{
	struct cix_input *in;

	*out = NULL;
	if ((in = calloc(1, sizeof(*in))) == NULL)
		return cix_error_set(err, CIX_ENOMEM, "out of memory");
	in->fd = -1;
	in->lf = in->cr = NOPOS;
	in->maxline = CIX_INPUT_MAXLINE;
	cix_buf_init(&in->conv, CIX_BUF_NOCAP);
	cix_buf_init(&in->peekbuf, CIX_BUF_NOCAP);
	in->name = malloc(strlen(name) + 1);
	in->raw = malloc(BLOCK + 8);
	if (in->name == NULL || in->raw == NULL) {
		cix_input_free(in);
		return cix_error_set(err, CIX_ENOMEM, "out of memory");
	}
	memcpy(in->name, name, strlen(name) + 1);
	*out = in;
	return CIX_OK;
}

int
cix_input_open_file(struct cix_input **out, const char *path,
    struct cix_error *err)
{
	struct cix_input *in = NULL;
	struct stat st;
	int rc, fd;

	*out = NULL;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return cix_error_set_errno(err,
		    errno == ENOENT ? CIX_ENOTFOUND : CIX_EIO, errno,
		    "cannot open '%s'", path);
	if (fstat(fd, &st) < 0) {
		rc = cix_error_set_errno(err, CIX_EIO, errno,
		    "cannot stat '%s'", path);
		close(fd);
		return rc;
	}
	if (S_ISDIR(st.st_mode)) {
		close(fd);
		return cix_error_set_errno(err, CIX_EIO, EISDIR,
		    "cannot read '%s'", path);
	}
	if ((rc = new_input(&in, path, err)) < 0) {
		close(fd);
		return rc;
	}
	in->fd = fd;
	if (S_ISREG(st.st_mode))
		in->total = (uint64_t)st.st_size;
#ifdef HAVE_POSIX_FADVISE
	posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
#endif
	*out = in;
	return CIX_OK;
}

int
cix_input_open_mem(struct cix_input **out, const char *name,
    const void *buf, size_t len, struct cix_error *err)
{
	struct cix_input *in;
	int rc;

	*out = NULL;
	if ((rc = new_input(&in, name ? name : "<memory>", err)) < 0)
		return rc;
	in->mem = buf;
	in->memlen = buf != NULL ? len : 0;
	in->total = in->memlen;
	*out = in;
	return CIX_OK;
}

void
cix_input_free(struct cix_input *in)
{
	if (in == NULL)
		return;
	if (in->fd >= 0)
		close(in->fd);
	free(in->name);
	free(in->raw);
	free(in->dec);
	cix_buf_release(&in->conv);
	cix_buf_release(&in->peekbuf);
	free(in);
}

void
cix_input_set_warn(struct cix_input *in, cix_warn_fn fn, void *ctx)
{
	in->warn = fn;
	in->warn_ctx = ctx;
}

void
cix_input_set_maxline(struct cix_input *in, size_t maxline)
{
	if (maxline > 0 && maxline < in->maxline)
		in->maxline = maxline;
}

/* Read up to want raw bytes to p: bytes read, 0 at the end, < 0 error. */
static ssize_t
read_raw(struct cix_input *in, unsigned char *p, size_t want,
    struct cix_error *err)
{
	ssize_t n;

	if (in->fd < 0) {
		n = (ssize_t)(in->memlen - in->mempos < want ?
		    in->memlen - in->mempos : want);
		if (n > 0)
			memcpy(p, in->mem + in->mempos, (size_t)n);
		in->mempos += (size_t)n;
		in->done += (uint64_t)n;
		return n;
	}
	do
		n = read(in->fd, p, want);
	while (n < 0 && errno == EINTR);
	if (n < 0) {
		cix_error_set_errno(&in->ferr, CIX_EIO, errno,
		    "cannot read '%s'", in->name);
		in->failed = CIX_EIO;
		return fail(in, err);
	}
	in->done += (uint64_t)n;
	return n;
}

/* Fill raw after the carried bytes until it holds a block or the end. */
static int
fill_raw(struct cix_input *in, struct cix_error *err)
{
	ssize_t n;
	size_t start = in->rawlen;

	while (in->rawlen - start < BLOCK) {
		n = read_raw(in, in->raw + in->rawlen,
		    BLOCK - (in->rawlen - start), err);
		if (n < 0)
			return (int)n;
		if (n == 0)
			return 0;
		in->rawlen += (size_t)n;
		if (in->fd >= 0 && in->total == 0)
			break;		/* a pipe: do not wait for more */
	}
	return 1;
}

static void
detect(struct cix_input *in)
{
	const unsigned char *r = in->raw;
	size_t n = in->rawlen, i, np, ze = 0, zo = 0;

	if (n >= 3 && r[0] == 0xEF && r[1] == 0xBB && r[2] == 0xBF) {
		in->enc = CIX_ENC_UTF8_BOM;
		memmove(in->raw, in->raw + 3, n - 3);
		in->rawlen -= 3;
		return;
	}
	if (n >= 2 && r[0] == 0xFF && r[1] == 0xFE) {
		in->enc = CIX_ENC_UTF16LE;
		memmove(in->raw, in->raw + 2, n - 2);
		in->rawlen -= 2;
		return;
	}
	if (n >= 2 && r[0] == 0xFE && r[1] == 0xFF) {
		in->enc = CIX_ENC_UTF16BE;
		memmove(in->raw, in->raw + 2, n - 2);
		in->rawlen -= 2;
		return;
	}
	/*
	 * No BOM: UTF-16 text in a Latin script has a NUL in every other
	 * byte; binary data has NULs in both columns and stays UTF-8 (and
	 * then fails as binary data).
	 */
	np = (n > 512 ? 512 : n) / 2;
	for (i = 0; i < np; i++) {
		ze += r[2 * i] == 0;
		zo += r[2 * i + 1] == 0;
	}
	in->enc = CIX_ENC_UTF8;
	if (np >= 2 && zo * 2 >= np && ze * 16 <= np)
		in->enc = CIX_ENC_UTF16LE;
	else if (np >= 2 && ze * 2 >= np && zo * 16 <= np)
		in->enc = CIX_ENC_UTF16BE;
}

static char *
put_cp(char *o, uint32_t cp)
{
	if (cp < 0x80) {
		*o++ = (char)cp;
	} else if (cp < 0x800) {
		*o++ = (char)(0xC0 | (cp >> 6));
		*o++ = (char)(0x80 | (cp & 0x3F));
	} else if (cp < 0x10000) {
		*o++ = (char)(0xE0 | (cp >> 12));
		*o++ = (char)(0x80 | ((cp >> 6) & 0x3F));
		*o++ = (char)(0x80 | (cp & 0x3F));
	} else {
		*o++ = (char)(0xF0 | (cp >> 18));
		*o++ = (char)(0x80 | ((cp >> 12) & 0x3F));
		*o++ = (char)(0x80 | ((cp >> 6) & 0x3F));
		*o++ = (char)(0x80 | (cp & 0x3F));
	}
	return o;
}

/*
 * Transcode the whole code units of raw to UTF-8 at o; an odd byte is
 * carried to the next block, a lone surrogate becomes U+FFFD.  At the end
 * of input (last) the leftovers are flushed as U+FFFD.
 */
static char *
utf16_decode(struct cix_input *in, char *o, int last)
{
	const unsigned char *r = in->raw;
	size_t i, n = in->rawlen & ~(size_t)1;
	int be = in->enc == CIX_ENC_UTF16BE;
	uint32_t u;

	for (i = 0; i < n; i += 2) {
		u = be ? (uint32_t)r[i] << 8 | r[i + 1] :
		    (uint32_t)r[i + 1] << 8 | r[i];
		if (u < 0x80 && in->hisur == 0) {
			*o++ = (char)u;
			continue;
		}
		if (in->hisur != 0) {
			if (u >= 0xDC00 && u <= 0xDFFF) {
				o = put_cp(o, 0x10000 +
				    ((in->hisur - 0xD800) << 10) +
				    (u - 0xDC00));
				in->hisur = 0;
				continue;
			}
			o = put_cp(o, 0xFFFD);
			in->hisur = 0;
		}
		if (u >= 0xD800 && u <= 0xDBFF)
			in->hisur = u;
		else if (u >= 0xDC00 && u <= 0xDFFF)
			o = put_cp(o, 0xFFFD);
		else
			o = put_cp(o, u);
	}
	if (n < in->rawlen)
		in->raw[0] = in->raw[n];
	in->rawlen -= n;
	if (last) {
		if (in->hisur != 0)
			o = put_cp(o, 0xFFFD);
		if (in->rawlen != 0)
			o = put_cp(o, 0xFFFD);
		in->hisur = 0;
		in->rawlen = 0;
	}
	return o;
}

/* Make room for a decoded block after the unread tail. */
static int
make_room(struct cix_input *in)
{
	size_t shift = in->pos, need;
	char *p;

	if (shift > 0) {
		memmove(in->dec, in->dec + shift, in->len - shift);
		in->len -= shift;
		in->pos = 0;
		in->lf = in->lf != NOPOS && in->lf >= shift ?
		    in->lf - shift : NOPOS;
		in->cr = in->cr != NOPOS && in->cr >= shift ?
		    in->cr - shift : NOPOS;
		in->lfscan = in->lfscan >= shift ? in->lfscan - shift : 0;
		in->crscan = in->crscan >= shift ? in->crscan - shift : 0;
	}
	need = in->len + DECODED_MAX + 1;
	if (need <= in->cap)
		return CIX_OK;
	if (need < in->cap * 2)
		need = in->cap * 2;
	if ((p = realloc(in->dec, need)) == NULL)
		return CIX_ENOMEM;
	in->dec = p;
	in->cap = need;
	return CIX_OK;
}

/* Decode one more block: 1 more text, 0 at the end, < 0 error. */
static int
refill(struct cix_input *in, struct cix_error *err)
{
	int rc, last;
	char *o;

	if (in->eof)
		return 0;
	if (make_room(in) < 0)
		return fail_at(in, err, CIX_ENOMEM, "out of memory");
	if ((rc = fill_raw(in, err)) < 0)
		return rc;
	if (!in->started) {
		detect(in);
		in->started = 1;
	}
	last = rc == 0;
	if (in->enc == CIX_ENC_UTF16LE || in->enc == CIX_ENC_UTF16BE) {
		o = utf16_decode(in, in->dec + in->len, last);
		in->len = (size_t)(o - in->dec);
	} else {
		memcpy(in->dec + in->len, in->raw, in->rawlen);
		in->len += in->rawlen;
		in->rawlen = 0;
	}
	in->dec[in->len] = '\0';
	if (last)
		in->eof = 1;
	return 1;
}

/* Offset of the next byte c in dec[pos, len), or NOPOS. */
static size_t
find_byte(struct cix_input *in, int c, size_t *at, size_t *scan)
{
	const char *p;
	size_t from;

	if (*at != NOPOS && *at >= in->pos)
		return *at;
	from = *scan > in->pos ? *scan : in->pos;
	p = from < in->len ? memchr(in->dec + from, c, in->len - from) : NULL;
	if (p == NULL) {
		*at = NOPOS;
		*scan = in->len;
		return NOPOS;
	}
	*at = (size_t)(p - in->dec);
	*scan = *at + 1;
	return *at;
}

static int
is_ascii(const unsigned char *s, size_t n)
{
	uint64_t w, acc = 0;
	size_t i = 0;

	for (; i + 8 <= n; i += 8) {
		memcpy(&w, s + i, 8);
		acc |= w;
	}
	for (; i < n; i++)
		acc |= s[i];
	return (acc & 0x8080808080808080ULL) == 0;
}

/* Append s[0..n) to b, reading bytes that are not UTF-8 as Windows-1252. */
static int
recode_1252(struct cix_buf *b, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, k;
	uint32_t cp;
	int rc;

	while (i < n) {
		k = cix_utf8_seqlen(p + i, n - i);
		if (k > 0) {
			if ((rc = cix_buf_add(b, p + i, k)) < 0)
				return rc;
			i += k;
			continue;
		}
		cp = p[i] >= 0xA0 ? p[i] : cp1252[p[i] - 0x80];
		if ((rc = cix_utf8_put(b, cp ? cp : 0xFFFD)) < 0)
			return rc;
		i++;
	}
	return CIX_OK;
}

static int
too_long(struct cix_input *in, struct cix_error *err)
{
	cix_error_set_at(&in->ferr, CIX_ETOOBIG, in->name, in->lineno + 1,
	    "line longer than %zu bytes", in->maxline);
	in->failed = CIX_ETOOBIG;
	return fail(in, err);
}

int
cix_input_line(struct cix_input *in, const char **line, size_t *len,
    struct cix_error *err)
{
	size_t lf, cr, eol, n, eollen;
	char *p;
	int rc;

	if (in->failed)
		return fail(in, err);
	if (in->unget) {
		in->unget = 0;
		in->lineno++;
		*line = in->last;
		*len = in->lastlen;
		return 1;
	}
	for (;;) {
		lf = find_byte(in, '\n', &in->lf, &in->lfscan);
		cr = find_byte(in, '\r', &in->cr, &in->crscan);
		eol = lf < cr ? lf : cr;
		if (eol != NOPOS && (eol == lf || eol + 1 < in->len || in->eof))
			break;
		if (eol == NOPOS && in->eof) {
			if (in->pos == in->len)
				return 0;
			eol = in->len;
			break;
		}
		if (in->len - in->pos > in->maxline)
			return too_long(in, err);
		if ((rc = refill(in, err)) < 0)
			return rc;
	}
	n = eol - in->pos;
	if (n > in->maxline)
		return too_long(in, err);
	eollen = 0;
	if (eol < in->len)
		eollen = in->dec[eol] == '\r' && eol + 1 < in->len &&
		    in->dec[eol + 1] == '\n' ? 2 : 1;
	p = in->dec + in->pos;
	p[n] = '\0';
	in->pos = eol + eollen;
	in->consumed = 1;
	if (memchr(p, '\0', n) != NULL)
		return fail_at(in, err, CIX_EPARSE,
		    "binary data (NUL byte) where text was expected");
	in->lineno++;
	if ((in->enc == CIX_ENC_UTF8 || in->enc == CIX_ENC_UTF8_BOM) &&
	    !is_ascii((const unsigned char *)p, n) &&
	    cix_utf8_check(p, n) != n) {
		cix_buf_reset(&in->conv);
		if (recode_1252(&in->conv, p, n) < 0) {
			in->lineno--;
			return fail_at(in, err, CIX_ENOMEM, "out of memory");
		}
		in->bad_lines++;
		if (in->warn != NULL)
			in->warn(in->warn_ctx, in->name, in->lineno,
			    "invalid UTF-8, read as Windows-1252");
		p = in->conv.p;
		n = in->conv.len;
	}
	in->last = p;
	in->lastlen = n;
	*line = p;
	*len = n;
	return 1;
}

void
cix_input_unget(struct cix_input *in)
{
	if (in->last == NULL || in->unget)
		return;
	in->unget = 1;
	in->lineno--;
}

int
cix_input_peek(struct cix_input *in, const char **p, size_t *len,
    size_t max, struct cix_error *err)
{
	size_t n, k;
	int rc;

	if (in->failed)
		return fail(in, err);
	if (in->consumed)
		return cix_error_set(err, CIX_EINVAL,
		    "cannot peek at '%s' after reading from it", in->name);
	while (in->len < max && !in->eof)
		if ((rc = refill(in, err)) < 0)
			return rc;
	n = in->len < max ? in->len : max;
	/* do not end in the middle of a character cut by max */
	for (k = 0; k < 3 && n > 0 && n < in->len &&
	    ((unsigned char)in->dec[n] & 0xC0) == 0x80; k++)
		n--;
	*p = in->dec;
	*len = n;
	if (in->enc != CIX_ENC_UTF8 && in->enc != CIX_ENC_UTF8_BOM)
		return CIX_OK;
	if (is_ascii((const unsigned char *)in->dec, n) ||
	    cix_utf8_check(in->dec, n) == n)
		return CIX_OK;
	cix_buf_reset(&in->peekbuf);
	if (recode_1252(&in->peekbuf, in->dec, n) < 0)
		return cix_error_set(err, CIX_ENOMEM, "out of memory");
	*p = in->peekbuf.p;
	*len = in->peekbuf.len;
	return CIX_OK;
}

const char *
cix_input_name(const struct cix_input *in)
{
	return in->name;
}

size_t
cix_input_lineno(const struct cix_input *in)
{
	return in->lineno;
}

enum cix_encoding
cix_input_encoding(const struct cix_input *in)
{
	return in->enc;
}

void
cix_input_progress(const struct cix_input *in, uint64_t *done,
    uint64_t *total)
{
	if (done != NULL)
		*done = in->done;
	if (total != NULL)
		*total = in->total;
}

size_t
cix_input_bad_lines(const struct cix_input *in)
{
	return in->bad_lines;
}
