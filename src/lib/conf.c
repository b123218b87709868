/*
 * conf.c - the INI configuration file, strictly parsed, and the
 * environment overrides.
 */
#include "config.h"

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "conf.h"
#include "util.h"
#include "banned.h"

enum key_type {
	K_STR,		/* free text (no control characters) */
	K_PATH,		/* an absolute path */
	K_URL,		/* a base URL (cix_config_check_base) */
	K_MAILTO,	/* a contact address */
	K_INT,		/* int in [min, max] */
	K_LONG,		/* long in [min, max] */
	K_SIZE,		/* size_t in [min, max], suffixes k M G */
	K_DOUBLE,	/* double in [min, max] */
	K_SHARE,	/* a fraction 0..1, or a percentage "50%" */
	K_LIST		/* an absolute path, may repeat */
};

struct key {
	const char *section;
	const char *name;
	int type;
	size_t off;		/* offsetof(struct cix_config, ...) */
	double min;
	double max;
};

#define OFF(m) offsetof(struct cix_config, m)

static const struct key keys[] = {
	{ "index", "db", K_PATH, OFF(db), 0, 0 },
	{ "resolve", "mailto", K_MAILTO, OFF(mailto), 0, 0 },
	{ "resolve", "rate", K_DOUBLE, OFF(rate), 0.01, CIX_RATE_MAILTO },
	{ "resolve", "concurrency", K_INT, OFF(concurrency), 1,
	  CIX_CONC_MAILTO },
	{ "resolve", "doi_base", K_URL, OFF(doi_base), 0, 0 },
	{ "resolve", "crossref_base", K_URL, OFF(crossref_base), 0, 0 },
	{ "resolve", "datacite_base", K_URL, OFF(datacite_base), 0, 0 },
	{ "resolve", "timeout", K_LONG, OFF(timeout), 1, 3600 },
	{ "resolve", "connect_timeout", K_LONG, OFF(connect_timeout), 1, 600 },
	{ "resolve", "max_bytes", K_SIZE, OFF(max_bytes), 1024,
	  1024.0 * 1024 * 1024 },
	{ "resolve", "stale_days", K_INT, OFF(stale_days), 0, 36500 },
	{ "resolve", "notfound_days", K_INT, OFF(notfound_days), 0, 36500 },
	{ "resolve", "retries", K_INT, OFF(retries), 0, 10 },
	{ "resolve", "backoff", K_DOUBLE, OFF(backoff), 0.01, 3600 },
	{ "resolve", "failure_threshold", K_SHARE, OFF(failure_threshold),
	  0, 1 },
	{ "resolve", "failure_window", K_INT, OFF(failure_window), 1, 1000 },
	{ "update", "inbox", K_LIST, 0, 0, 0 },
	{ "update", "budget_requests", K_LONG, OFF(budget_requests), 0,
	  1e9 },
	{ "update", "budget_seconds", K_LONG, OFF(budget_seconds), 0, 1e7 },
	{ "update", "stale_days", K_INT, OFF(update_stale_days), 0, 36500 },
};
#define NKEYS (sizeof(keys) / sizeof(keys[0]))

static const char *const sections[] = { "index", "resolve", "update" };

static const char *
sys_getenv(const char *name)
{
	return getenv(name);
}

void
cix_config_init(struct cix_config *c)
{
	memset(c, 0, sizeof(*c));
	c->timeout = 30;
	c->connect_timeout = 10;
	c->max_bytes = 16u * 1024 * 1024;
	c->stale_days = 90;
	c->notfound_days = 30;
	c->retries = 2;
	c->backoff = 1.0;
	c->failure_threshold = 0.5;
	c->failure_window = 20;
	c->update_stale_days = 90;
}

void
cix_config_release(struct cix_config *c)
{
	size_t i;

	if (c == NULL)
		return;
	free(c->path);
	free(c->db);
	free(c->mailto);
	free(c->doi_base);
	free(c->crossref_base);
	free(c->datacite_base);
	for (i = 0; i < c->ninbox; i++)
		free(c->inbox[i]);
	free(c->inbox);
	memset(c, 0, sizeof(*c));
}

int
cix_config_set(char **field, const char *v)
{
	char *p = NULL;

	if (v != NULL) {
		size_t n = strlen(v);

		if ((p = malloc(n + 1)) == NULL)
			return CIX_ENOMEM;
		memcpy(p, v, n + 1);
	}
	free(*field);
	*field = p;
	return CIX_OK;
}

static int
is_loopback_host(const char *h, size_t n)
{
	size_t i, dots = 0;
	long part;
	const char *seg;

	if (cix_strncaseeq(h, n, "localhost") || cix_strncaseeq(h, n, "[::1]"))
		return 1;
	/* 127.a.b.c, dotted decimal only */
	if (n < 9 || memcmp(h, "127.", 4) != 0)
		return 0;
	seg = h;
	for (i = 0; i <= n; i++) {
		if (i == n || h[i] == '.') {
			if (i == (size_t)(seg - h) ||
			    cix_parse_long(seg, (size_t)(h + i - seg), &part) <
			    0 || part < 0 || part > 255 ||
			    (h + i - seg > 1 && *seg == '0'))
				return 0;
			if (i < n)
				dots++;
			seg = h + i + 1;
		} else if (!cix_isdigit((unsigned char)h[i])) {
			return 0;
		}
	}
	return dots == 3;
}

int
cix_config_check_base(const char *url, int *loopback,
    struct cix_error *err)
{
	const char *p, *host, *end;
	size_t hlen;
	int https, lo;
	long port;

	if (loopback != NULL)
		*loopback = 0;
	if (url == NULL || *url == '\0')
		return cix_error_set(err, CIX_EINVAL, "empty URL");
	for (p = url; *p != '\0'; p++)
		if ((unsigned char)*p <= ' ' || (unsigned char)*p >= 0x7f ||
		    *p == '?' || *p == '#' || *p == '\\')
			return cix_error_set(err, CIX_EINVAL,
			    "'%s' is not a base URL: it may not contain"
			    " white space, '?', '#' or non-ASCII characters",
			    url);
	if (cix_startswith_nocase(url, strlen(url), "https://")) {
		https = 1;
		host = url + 8;
	} else if (cix_startswith_nocase(url, strlen(url), "http://")) {
		https = 0;
		host = url + 7;
	} else {
		return cix_error_set(err, CIX_EINVAL,
		    "'%s' is not an https:// URL", url);
	}
	end = host + strcspn(host, "/");
	if (memchr(host, '@', (size_t)(end - host)) != NULL)
		return cix_error_set(err, CIX_EINVAL,
		    "'%s': user names are not allowed in base URLs", url);
	if (*host == '[') {
		p = memchr(host, ']', (size_t)(end - host));
		if (p == NULL)
			return cix_error_set(err, CIX_EINVAL,
			    "'%s': unterminated IPv6 address", url);
		hlen = (size_t)(p - host) + 1;
	} else {
		p = memchr(host, ':', (size_t)(end - host));
		hlen = p ? (size_t)(p - host) : (size_t)(end - host);
	}
	if (hlen == 0)
		return cix_error_set(err, CIX_EINVAL, "'%s' has no host", url);
	if (host + hlen < end) {
		if (host[hlen] != ':' || host + hlen + 1 == end ||
		    cix_parse_long(host + hlen + 1,
		    (size_t)(end - host - hlen - 1), &port) < 0 ||
		    port < 1 || port > 65535 || host[hlen + 1] == '+' ||
		    host[hlen + 1] == '-')
			return cix_error_set(err, CIX_EINVAL,
			    "'%s' has a bad port", url);
	}
	lo = is_loopback_host(host, hlen);
	if (!https && !lo)
		return cix_error_set(err, CIX_EINVAL,
		    "'%s': plain http is allowed only for loopback addresses"
		    " (127.0.0.1, ::1, localhost); use https://", url);
	if (loopback != NULL)
		*loopback = lo;
	return CIX_OK;
}

int
cix_config_check_mailto(const char *addr, struct cix_error *err)
{
	const char *p, *at = NULL;
	size_t n = strlen(addr);

	if (n == 0 || n > 254)
		return cix_error_set(err, CIX_EINVAL,
		    "'%s' is not an e-mail address", addr);
	for (p = addr; *p != '\0'; p++) {
		unsigned char c = (unsigned char)*p;

		if (c <= ' ' || c == 0x7f || c == ';' || c == '(' ||
		    c == ')' || c == '<' || c == '>' || c == '"' ||
		    c == ',' || c == '\\')
			return cix_error_set(err, CIX_EINVAL,
			    "'%s' is not an e-mail address (no spaces,"
			    " quotes, brackets, commas or semicolons)", addr);
		if (c == '@') {
			if (at != NULL)
				return cix_error_set(err, CIX_EINVAL,
				    "'%s' is not an e-mail address (two"
				    " '@')", addr);
			at = p;
		}
	}
	if (at == NULL || at == addr || at[1] == '\0')
		return cix_error_set(err, CIX_EINVAL,
		    "'%s' is not an e-mail address (user@host)", addr);
	return CIX_OK;
}

/* A base URL as stored: trailing slashes removed. */
static int
set_base(char **field, const char *v)
{
	size_t n = strlen(v);
	char *p;

	while (n > 0 && v[n - 1] == '/')
		n--;
	if ((p = malloc(n + 1)) == NULL)
		return CIX_ENOMEM;
	memcpy(p, v, n);
	p[n] = '\0';
	free(*field);
	*field = p;
	return CIX_OK;
}

/*
 * A plain decimal number "12", "0.5", ".5", "1e3" is not accepted (no
 * exponent): locale-free, never reads past len.
 */
static int
parse_decimal(const char *s, size_t len, double *out)
{
	double v = 0, scale = 1;
	size_t i = 0, digits = 0;
	int dot = 0;

	for (; i < len; i++) {
		if (s[i] == '.' && !dot) {
			dot = 1;
			continue;
		}
		if (!cix_isdigit((unsigned char)s[i]))
			return CIX_EINVAL;
		if (++digits > 15)
			return CIX_EINVAL;
		if (dot) {
			scale /= 10;
			v += (s[i] - '0') * scale;
		} else {
			v = v * 10 + (s[i] - '0');
		}
	}
	if (digits == 0)
		return CIX_EINVAL;
	*out = v;
	return CIX_OK;
}

static int
parse_size(const char *s, size_t len, double *out)
{
	double mult = 1;
	long v;

	if (len > 0) {
		switch (s[len - 1]) {
		case 'k': case 'K':
			mult = 1024;
			break;
		case 'm': case 'M':
			mult = 1024.0 * 1024;
			break;
		case 'g': case 'G':
			mult = 1024.0 * 1024 * 1024;
			break;
		}
		if (mult > 1)
			len--;
	}
	if (len == 0 || !cix_isdigit((unsigned char)s[0]) ||
	    cix_parse_long(s, len, &v) < 0)
		return CIX_EINVAL;
	*out = (double)v * mult;
	return CIX_OK;
}

static int
add_inbox(struct cix_config *c, const char *v)
{
	char **nv;
	char *p = NULL;

	if (cix_config_set(&p, v) < 0)
		return CIX_ENOMEM;
	nv = realloc(c->inbox, (c->ninbox + 1) * sizeof(*nv));
	if (nv == NULL) {
		free(p);
		return CIX_ENOMEM;
	}
	c->inbox = nv;
	c->inbox[c->ninbox++] = p;
	return CIX_OK;
}

/* Set key k from the NUL-terminated value v; errors at name:line. */
static int
set_key(struct cix_config *c, const struct key *k, const char *v,
    const char *name, size_t line, struct cix_error *err)
{
	struct cix_error e;
	char *base = (char *)c + k->off;
	size_t n = strlen(v);
	double d;
	long l;
	int rc;

	cix_error_clear(&e);
	switch (k->type) {
	case K_STR:
		return cix_config_set((char **)base, v) < 0 ?
		    cix_error_set(err, CIX_ENOMEM, "out of memory") : CIX_OK;
	case K_PATH:
	case K_LIST:
		if (v[0] != '/')
			return cix_error_set_at(err, CIX_EPARSE, name, line,
			    "%s: '%s' is not an absolute path", k->name, v);
		rc = k->type == K_LIST ? add_inbox(c, v) :
		    cix_config_set((char **)base, v);
		return rc < 0 ? cix_error_set(err, CIX_ENOMEM,
		    "out of memory") : CIX_OK;
	case K_URL:
		if (cix_config_check_base(v, NULL, &e) < 0)
			return cix_error_set_at(err, CIX_EPARSE, name, line,
			    "%s: %s", k->name, e.msg);
		return set_base((char **)base, v) < 0 ?
		    cix_error_set(err, CIX_ENOMEM, "out of memory") : CIX_OK;
	case K_MAILTO:
		if (cix_config_check_mailto(v, &e) < 0)
			return cix_error_set_at(err, CIX_EPARSE, name, line,
			    "%s: %s", k->name, e.msg);
		return cix_config_set((char **)base, v) < 0 ?
		    cix_error_set(err, CIX_ENOMEM, "out of memory") : CIX_OK;
	case K_INT:
	case K_LONG:
		if (cix_parse_long(v, n, &l) < 0 || l < k->min || l > k->max)
			return cix_error_set_at(err, CIX_EPARSE, name, line,
			    "%s: '%s' is not a whole number from %.0f to %.0f",
			    k->name, v, k->min, k->max);
		if (k->type == K_INT)
			*(int *)base = (int)l;
		else
			*(long *)base = l;
		return CIX_OK;
	case K_SIZE:
		if (parse_size(v, n, &d) < 0 || d < k->min || d > k->max)
			return cix_error_set_at(err, CIX_EPARSE, name, line,
			    "%s: '%s' is not a size from 1k to 1G (bytes, or"
			    " with k, M or G)", k->name, v);
		*(size_t *)base = (size_t)d;
		return CIX_OK;
	case K_DOUBLE:
		if (parse_decimal(v, n, &d) < 0 || d < k->min || d > k->max)
			return cix_error_set_at(err, CIX_EPARSE, name, line,
			    "%s: '%s' is not a number from %g to %g",
			    k->name, v, k->min, k->max);
		*(double *)base = d;
		return CIX_OK;
	case K_SHARE:
		if (n > 1 && v[n - 1] == '%') {
			if (parse_decimal(v, n - 1, &d) < 0)
				d = -1;
			else
				d /= 100;
		} else if (parse_decimal(v, n, &d) < 0) {
			d = -1;
		}
		if (d <= 0 || d > 1)
			return cix_error_set_at(err, CIX_EPARSE, name, line,
			    "%s: '%s' is not a share above 0 and at most 1"
			    " (0.5 or 50%%)", k->name, v);
		*(double *)base = d;
		return CIX_OK;
	}
	return cix_error_set(err, CIX_EINVAL, "internal error: key type");
}

int
cix_config_parse(struct cix_config *c, const char *buf, size_t len,
    const char *name, struct cix_error *err)
{
	size_t seen[NKEYS];
	const char *p = buf, *end = buf + len, *nl, *s, *eq;
	const char *section = NULL;
	char *value = NULL;
	size_t line = 0, n, klen, i, bad;
	int rc = CIX_OK;

	memset(seen, 0, sizeof(seen));
	if (name == NULL)
		name = "config";
	if (len > CIX_CONFIG_MAXSIZE)
		return cix_error_set_at(err, CIX_ETOOBIG, name, 0,
		    "larger than %d bytes", CIX_CONFIG_MAXSIZE);
	if ((bad = cix_utf8_check(buf, len)) < len) {
		for (s = buf, line = 1; s < buf + bad; s++)
			line += *s == '\n';
		return cix_error_set_at(err, CIX_EPARSE, name, line,
		    "not UTF-8 text");
	}
	/* A UTF-8 byte order mark is allowed at the start. */
	if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
		p += 3;
	while (p < end) {
		line++;
		nl = memchr(p, '\n', (size_t)(end - p));
		n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		s = p;
		p = nl ? nl + 1 : end;
		if (n > 0 && s[n - 1] == '\r')
			n--;
		for (i = 0; i < n; i++)
			if ((unsigned char)s[i] < ' ' && s[i] != '\t') {
				rc = cix_error_set_at(err, CIX_EPARSE, name,
				    line, "control character in the line");
				goto out;
			}
		s = cix_trim(s, &n);
		if (n == 0 || s[0] == '#' || s[0] == ';')
			continue;
		if (s[0] == '[') {
			const char *sec;
			size_t sl;

			if (s[n - 1] != ']') {
				rc = cix_error_set_at(err, CIX_EPARSE, name,
				    line, "a section header ends with ']'");
				goto out;
			}
			sl = n - 2;
			sec = cix_trim(s + 1, &sl);
			section = NULL;
			for (i = 0; i < sizeof(sections) / sizeof(*sections);
			    i++)
				if (strlen(sections[i]) == sl &&
				    memcmp(sections[i], sec, sl) == 0)
					section = sections[i];
			if (section == NULL) {
				rc = cix_error_set_at(err, CIX_EPARSE, name,
				    line, "unknown section '[%.*s]' (known:"
				    " [index], [resolve], [update])", (int)sl,
				    sec);
				goto out;
			}
			continue;
		}
		if ((eq = memchr(s, '=', n)) == NULL) {
			rc = cix_error_set_at(err, CIX_EPARSE, name, line,
			    "expected 'key = value' or '[section]'");
			goto out;
		}
		klen = (size_t)(eq - s);
		{
			const char *k = cix_trim(s, &klen);
			const char *v = eq + 1;
			size_t vlen = n - (size_t)(eq - s) - 1;
			const struct key *key = NULL;

			if (section == NULL) {
				rc = cix_error_set_at(err, CIX_EPARSE, name,
				    line, "'%.*s' is outside a section;"
				    " start with [resolve], [index] or"
				    " [update]", (int)klen, k);
				goto out;
			}
			for (i = 0; i < NKEYS; i++)
				if (keys[i].section == section &&
				    strlen(keys[i].name) == klen &&
				    memcmp(keys[i].name, k, klen) == 0) {
					key = &keys[i];
					break;
				}
			if (key == NULL) {
				rc = cix_error_set_at(err, CIX_EPARSE, name,
				    line, "unknown key '%.*s' in [%s]",
				    (int)klen, k, section);
				goto out;
			}
			if (seen[i] && key->type != K_LIST) {
				rc = cix_error_set_at(err, CIX_EPARSE, name,
				    line, "'%s' is already set at line %zu",
				    key->name, seen[i]);
				goto out;
			}
			seen[i] = line;
			v = cix_trim(v, &vlen);
			if (vlen >= 2 && v[0] == '"' && v[vlen - 1] == '"') {
				v++;
				vlen -= 2;
			} else if (vlen > 0 && (v[0] == '"' ||
			    v[vlen - 1] == '"')) {
				rc = cix_error_set_at(err, CIX_EPARSE, name,
				    line, "unbalanced '\"' in the value of"
				    " '%s'", key->name);
				goto out;
			}
			if (vlen == 0) {
				rc = cix_error_set_at(err, CIX_EPARSE, name,
				    line, "'%s' has no value", key->name);
				goto out;
			}
			free(value);
			if ((value = malloc(vlen + 1)) == NULL) {
				rc = cix_error_set(err, CIX_ENOMEM,
				    "out of memory");
				goto out;
			}
			memcpy(value, v, vlen);
			value[vlen] = '\0';
			if ((rc = set_key(c, key, value, name, line, err)) < 0)
				goto out;
		}
	}
out:
	free(value);
	return rc;
}

int
cix_config_load(struct cix_config *c, const char *path, int must_exist,
    struct cix_error *err)
{
	struct cix_buf b;
	struct stat st;
	FILE *f = NULL;
	char chunk[8192];
	size_t n;
	int rc = CIX_OK;

	cix_buf_init(&b, CIX_CONFIG_MAXSIZE);
	if ((f = fopen(path, "rb")) == NULL) {
		if (errno == ENOENT && !must_exist)
			goto out;
		rc = cix_error_set_errno(err, errno == ENOENT ?
		    CIX_ENOTFOUND : CIX_EIO, errno,
		    "cannot open the configuration file '%s'", path);
		goto out;
	}
	if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
		rc = cix_error_set(err, CIX_EIO,
		    "the configuration file '%s' is a directory", path);
		goto out;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		if ((rc = cix_buf_add(&b, chunk, n)) < 0) {
			rc = rc == CIX_ETOOBIG ?
			    cix_error_set_at(err, CIX_ETOOBIG, path, 0,
			    "larger than %d bytes", CIX_CONFIG_MAXSIZE) :
			    cix_error_set(err, rc, "out of memory");
			goto out;
		}
	if (ferror(f)) {
		rc = cix_error_set_errno(err, CIX_EIO, errno,
		    "cannot read '%s'", path);
		goto out;
	}
	if ((rc = cix_config_parse(c, b.p, b.len, path, err)) < 0)
		goto out;
	if (cix_config_set(&c->path, path) < 0)
		rc = cix_error_set(err, CIX_ENOMEM, "out of memory");
out:
	if (f != NULL)
		fclose(f);
	cix_buf_release(&b);
	return rc;
}

int
cix_config_default_path(struct cix_buf *out, cix_getenv_fn getenv_fn,
    struct cix_error *err)
{
	const char *v;

	if (getenv_fn == NULL)
		getenv_fn = sys_getenv;
	if ((v = getenv_fn("XDG_CONFIG_HOME")) != NULL && v[0] == '/')
		return cix_buf_addf(out, "%s/cix/config", v) < 0 ?
		    cix_error_set(err, CIX_ENOMEM, "out of memory") : CIX_OK;
	if ((v = getenv_fn("HOME")) != NULL && v[0] != '\0')
		return cix_buf_addf(out, "%s/.config/cix/config", v) < 0 ?
		    cix_error_set(err, CIX_ENOMEM, "out of memory") : CIX_OK;
	return cix_error_set(err, CIX_ENOTFOUND,
	    "cannot tell where the configuration file is: set"
	    " $XDG_CONFIG_HOME or $HOME, or give --config");
}

int
cix_config_env(struct cix_config *c, cix_getenv_fn getenv_fn,
    struct cix_error *err)
{
	static const struct {
		const char *var;
		size_t off;
		int url;
	} env[] = {
		{ "CIX_MAILTO", OFF(mailto), 0 },
		{ "CIX_DOI_BASE", OFF(doi_base), 1 },
		{ "CIX_CROSSREF_BASE", OFF(crossref_base), 1 },
		{ "CIX_DATACITE_BASE", OFF(datacite_base), 1 },
	};
	struct cix_error e;
	const char *v;
	size_t i;
	int rc;

	cix_error_clear(&e);
	if (getenv_fn == NULL)
		getenv_fn = sys_getenv;
	for (i = 0; i < sizeof(env) / sizeof(env[0]); i++) {
		char **field = (char **)((char *)c + env[i].off);

		if ((v = getenv_fn(env[i].var)) == NULL || *v == '\0')
			continue;
		rc = env[i].url ? cix_config_check_base(v, NULL, &e) :
		    cix_config_check_mailto(v, &e);
		if (rc < 0)
			return cix_error_set(err, CIX_EINVAL, "$%s: %s",
			    env[i].var, e.msg);
		rc = env[i].url ? set_base(field, v) :
		    cix_config_set(field, v);
		if (rc < 0)
			return cix_error_set(err, CIX_ENOMEM, "out of memory");
	}
	return CIX_OK;
}
