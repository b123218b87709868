/*
 * conf.h - the cix configuration file and its environment overrides.
 *
 * (Named conf.h, not config.h: every source file includes autoconf's
 * config.h first, and src/lib is on the include path.)
 *
 * The file is INI: "[section]" lines, "key = value" lines, blank lines
 * and whole-line comments starting with '#' or ';'.  A value runs to the
 * end of the line, trimmed; it may be written in double quotes to keep
 * leading or trailing blanks.  Parsing is strict: an unknown section or
 * key, a key outside a section, a key given twice (except inbox), a value
 * that is not of its type or out of range is an error that names the
 * file and the line.  The keys (documented in cix-config(5)):
 *
 *   [index]    db
 *   [resolve]  mailto rate concurrency doi_base crossref_base
 *              datacite_base timeout connect_timeout max_bytes
 *              stale_days notfound_days retries backoff
 *              failure_threshold failure_window
 *   [update]   inbox (one per line, may repeat) budget_requests
 *              budget_seconds stale_days
 *
 * Precedence, lowest first: the defaults of cix_config_init(), the file
 * (cix_config_load()), the environment (cix_config_env(): CIX_MAILTO,
 * CIX_DOI_BASE, CIX_CROSSREF_BASE, CIX_DATACITE_BASE), then the command
 * line, which the CLI writes into the struct itself.
 *
 * A struct cix_config is owned by the caller: cix_config_init() it,
 * cix_config_release() it.  Its strings are heap copies it owns; set them
 * with cix_config_set() so that the old value is freed.
 */
#ifndef CIX_CONF_H
#define CIX_CONF_H

#include <stddef.h>

#include "buf.h"
#include "error.h"

/* The largest configuration file read (CIX_ETOOBIG beyond). */
#define CIX_CONFIG_MAXSIZE (1024 * 1024)

/* Defaults of the [resolve] section. */
#define CIX_DEFAULT_DOI_BASE "https://doi.org"
#define CIX_DEFAULT_CROSSREF_BASE "https://api.crossref.org"
#define CIX_DEFAULT_DATACITE_BASE "https://api.datacite.org"

/*
 * The published limits (Crossref, from 1 December 2025): what cix never
 * goes above.  Anonymous clients get 5 requests/s with 1 in flight,
 * clients that give a contact address 10/s with 3 in flight.
 */
#define CIX_RATE_ANON 5.0
#define CIX_CONC_ANON 1
#define CIX_RATE_MAILTO 10.0
#define CIX_CONC_MAILTO 3

struct cix_config {
	/* where the values came from, for messages: "file:line" or "" */
	char *path;		/* the file read, or NULL */

	/* [index] */
	char *db;		/* the index; NULL: the default */

	/* [resolve] */
	char *mailto;		/* contact address; NULL: anonymous */
	double rate;		/* requests/s; 0: the published limit */
	int concurrency;	/* requests in flight; 0: the limit */
	char *doi_base;		/* content negotiation, RA service */
	char *crossref_base;
	char *datacite_base;
	long timeout;		/* seconds for a whole transfer */
	long connect_timeout;	/* seconds to connect */
	size_t max_bytes;	/* largest response body */
	int stale_days;		/* refresh resolved DOIs older */
	int notfound_days;	/* ask again about a 404 after this */
	int retries;		/* attempts after the first, in one run */
	double backoff;		/* first back-off in seconds, doubled */
	double failure_threshold;	/* stop above this failure share */
	int failure_window;	/* ... of the last this many requests */

	/* [update] */
	char **inbox;		/* directories to import from */
	size_t ninbox;
	long budget_requests;	/* requests a run at most; 0: any */
	long budget_seconds;	/* at most this long resolving; 0: none */
	int update_stale_days;	/* [update] stale_days */
};

/* Fill c with the defaults (no file read). */
void cix_config_init(struct cix_config *c);
void cix_config_release(struct cix_config *c);

/* Replace the string *field with a copy of v (NULL clears it). */
int cix_config_set(char **field, const char *v);

/*
 * Parse the INI text buf[0..len) into c, over what c holds.  name is the
 * input's name for messages.  CIX_EPARSE (with file:line in err) for any
 * error; CIX_ENOMEM.  On error c may hold part of the file.
 */
int cix_config_parse(struct cix_config *c, const char *buf, size_t len,
    const char *name, struct cix_error *err);

/*
 * Read and parse the file at path.  When it does not exist and
 * must_exist is 0 nothing happens (CIX_OK); otherwise CIX_ENOTFOUND.
 * CIX_EIO for unreadable files, CIX_ETOOBIG over CIX_CONFIG_MAXSIZE.
 */
int cix_config_load(struct cix_config *c, const char *path, int must_exist,
    struct cix_error *err);

/*
 * The default file: $XDG_CONFIG_HOME/cix/config when that is an
 * absolute path, else $HOME/.config/cix/config.  Appended to out;
 * CIX_ENOTFOUND when neither variable is usable.  getenv_fn is NULL for
 * getenv(3) (tests pass their own).
 */
typedef const char *(*cix_getenv_fn)(const char *name);
int cix_config_default_path(struct cix_buf *out, cix_getenv_fn getenv_fn,
    struct cix_error *err);

/*
 * Apply the environment: CIX_MAILTO, CIX_DOI_BASE, CIX_CROSSREF_BASE,
 * CIX_DATACITE_BASE (empty values are ignored).  The values are checked
 * like the file's (CIX_EINVAL naming the variable).
 */
int cix_config_env(struct cix_config *c, cix_getenv_fn getenv_fn,
    struct cix_error *err);

/*
 * Check a base URL: https://HOST[:PORT][/PATH] for any host, or
 * http://... only when HOST is a loopback address (127.0.0.0/8, ::1,
 * localhost).  No user, query or fragment.  *loopback is set to 1 when
 * the host is loopback (may be NULL).  CIX_EINVAL with a message.
 */
int cix_config_check_base(const char *url, int *loopback,
    struct cix_error *err);

/*
 * Check a contact address: one '@' with text on both sides, no white
 * space, control characters, ';', '(' or ')' (it goes into the
 * User-Agent header), at most 254 bytes.  CIX_EINVAL with a message.
 */
int cix_config_check_mailto(const char *addr, struct cix_error *err);

#endif
