/* test_config.c - the INI configuration file, environment, base URLs. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "cix.h"
#include "conf.h"

static void
test_defaults(void **state)
{
	struct cix_config c;

	(void)state;
	cix_config_init(&c);
	assert_null(c.mailto);
	assert_null(c.doi_base);
	assert_true(c.rate == 0);
	assert_int_equal(c.concurrency, 0);
	assert_int_equal(c.timeout, 30);
	assert_int_equal(c.connect_timeout, 10);
	assert_int_equal(c.max_bytes, 16u * 1024 * 1024);
	assert_int_equal(c.stale_days, 90);
	assert_int_equal(c.notfound_days, 30);
	assert_int_equal(c.retries, 2);
	assert_true(c.failure_threshold == 0.5);
	assert_int_equal(c.failure_window, 20);
	assert_int_equal(c.ninbox, 0);
	assert_int_equal(c.budget_requests, 0);
	cix_config_release(&c);
	cix_config_release(NULL);
}

static const char full[] =
    "\xEF\xBB\xBF# cix configuration\r\n"
    "[index]\r\n"
    "db = /srv/cix/cix.db\r\n"
    "\n"
    "; the resolver\n"
    "[resolve]\n"
    "mailto = librarian@example.org\n"
    "rate = 2.5\n"
    "concurrency=2\n"
    "doi_base = https://doi.example.org/\n"
    "crossref_base = http://127.0.0.1:8080/api\n"
    "datacite_base = \"https://api.datacite.example\"\n"
    "timeout = 20\n"
    "connect_timeout = 5\n"
    "max_bytes = 2M\n"
    "stale_days = 30\n"
    "notfound_days = 0\n"
    "retries = 0\n"
    "backoff = 0.25\n"
    "failure_threshold = 25%\n"
    "failure_window = 40\n"
    "[update]\n"
    "inbox = /home/me/exports\n"
    "inbox = /srv/shared/wos exports\n"
    "budget_requests = 5000\n"
    "budget_seconds = 3600\n"
    "stale_days = 180\n";

static void
test_full(void **state)
{
	struct cix_config c;
	struct cix_error err;

	(void)state;
	cix_config_init(&c);
	cix_error_clear(&err);
	if (cix_config_parse(&c, full, sizeof(full) - 1, "cfg", &err) < 0)
		fail_msg("%s:%zu: %s", err.file, err.line, err.msg);
	assert_string_equal(c.db, "/srv/cix/cix.db");
	assert_string_equal(c.mailto, "librarian@example.org");
	assert_true(c.rate == 2.5);
	assert_int_equal(c.concurrency, 2);
	/* Trailing slashes go: the resolver appends "/DOI". */
	assert_string_equal(c.doi_base, "https://doi.example.org");
	assert_string_equal(c.crossref_base, "http://127.0.0.1:8080/api");
	assert_string_equal(c.datacite_base, "https://api.datacite.example");
	assert_int_equal(c.timeout, 20);
	assert_int_equal(c.connect_timeout, 5);
	assert_int_equal(c.max_bytes, 2 * 1024 * 1024);
	assert_int_equal(c.stale_days, 30);
	assert_int_equal(c.notfound_days, 0);
	assert_int_equal(c.retries, 0);
	assert_true(c.backoff == 0.25);
	assert_true(c.failure_threshold == 0.25);
	assert_int_equal(c.failure_window, 40);
	assert_int_equal(c.ninbox, 2);
	assert_string_equal(c.inbox[0], "/home/me/exports");
	assert_string_equal(c.inbox[1], "/srv/shared/wos exports");
	assert_int_equal(c.budget_requests, 5000);
	assert_int_equal(c.budget_seconds, 3600);
	assert_int_equal(c.update_stale_days, 180);
	/* A second file (or the same one) over the first. */
	assert_int_equal(cix_config_parse(&c, "[resolve]\nrate = 1\n", 19,
	    "cfg2", &err), CIX_OK);	/* 19: the length of that text */
	assert_true(c.rate == 1);
	assert_int_equal(c.concurrency, 2);
	cix_config_release(&c);
}

static const struct {
	const char *text;
	size_t line;		/* expected line of the error */
	const char *msg;	/* a part of the message */
} bad[] = {
	{ "rate = 1\n", 1, "outside a section" },
	{ "[resolve]\n[network]\n", 2, "unknown section '[network]'" },
	{ "[resolve\n", 1, "ends with ']'" },
	{ "[resolve]\nspeed = 1\n", 2, "unknown key 'speed' in [resolve]" },
	{ "[index]\nmailto = a@b\n", 2, "unknown key 'mailto' in [index]" },
	{ "[resolve]\nrate = 1\nrate = 2\n", 3, "already set at line 2" },
	{ "[resolve]\nrate\n", 2, "expected 'key = value'" },
	{ "[resolve]\nrate =\n", 2, "has no value" },
	{ "[resolve]\nrate = fast\n", 2, "'fast' is not a number" },
	{ "[resolve]\nrate = 11\n", 2, "from 0.01 to 10" },
	{ "[resolve]\nrate = 1e3\n", 2, "not a number" },
	{ "[resolve]\nrate = -1\n", 2, "not a number" },
	{ "[resolve]\nconcurrency = 4\n", 2, "from 1 to 3" },
	{ "[resolve]\nconcurrency = 2x\n", 2, "not a whole number" },
	{ "[resolve]\ntimeout = 0\n", 2, "from 1 to 3600" },
	{ "[resolve]\nmax_bytes = 10\n", 2, "not a size" },
	{ "[resolve]\nmax_bytes = 2T\n", 2, "not a size" },
	{ "[resolve]\nfailure_threshold = 0\n", 2, "not a share" },
	{ "[resolve]\nfailure_threshold = 150%\n", 2, "not a share" },
	{ "[resolve]\nmailto = me\n", 2, "not an e-mail address" },
	{ "[resolve]\nmailto = me@x; rm\n", 2, "not an e-mail address" },
	{ "[resolve]\ndoi_base = http://doi.org\n", 2,
	  "plain http is allowed only for loopback" },
	{ "[resolve]\ndoi_base = ftp://127.0.0.1\n", 2, "not an https://" },
	{ "[resolve]\ndoi_base = https://u@doi.org\n", 2, "user names" },
	{ "[resolve]\ndoi_base = https://doi.org/?x=1\n", 2, "'?'" },
	{ "[resolve]\ndoi_base = https://doi.org:99999\n", 2, "bad port" },
	{ "[resolve]\ndatacite_base = \"https://x.org\n", 2, "unbalanced" },
	{ "[index]\ndb = cix.db\n", 2, "not an absolute path" },
	{ "[update]\ninbox = exports\n", 2, "not an absolute path" },
	{ "[update]\nbudget_requests = 1000000001\n", 2, "whole number" },
	{ "[resolve]\n\nmailto = a\x01@b\n", 3, "control character" },
	{ "[resolve]\nmailto = \xff@b\n", 2, "not UTF-8" },
};

static void
test_errors(void **state)
{
	struct cix_config c;
	struct cix_error err;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		cix_config_init(&c);
		cix_error_clear(&err);
		if (cix_config_parse(&c, bad[i].text, strlen(bad[i].text),
		    "my.conf", &err) != CIX_EPARSE)
			fail_msg("accepted: %s", bad[i].text);
		assert_string_equal(err.file, "my.conf");
		if (err.line != bad[i].line)
			fail_msg("'%s': line %zu, expected %zu (%s)",
			    bad[i].text, err.line, bad[i].line, err.msg);
		if (strstr(err.msg, bad[i].msg) == NULL)
			fail_msg("'%s': message '%s' lacks '%s'", bad[i].text,
			    err.msg, bad[i].msg);
		cix_config_release(&c);
	}
}

static const char *env_vals[8][2];

static const char *
fake_getenv(const char *name)
{
	size_t i;

	for (i = 0; i < 8 && env_vals[i][0] != NULL; i++)
		if (strcmp(env_vals[i][0], name) == 0)
			return env_vals[i][1];
	return NULL;
}

static void
set_env(const char *const *kv)
{
	size_t i;

	memset(env_vals, 0, sizeof(env_vals));
	for (i = 0; kv[2 * i] != NULL && i < 7; i++) {
		env_vals[i][0] = kv[2 * i];
		env_vals[i][1] = kv[2 * i + 1];
	}
}

static void
test_env(void **state)
{
	static const char *const good[] = {
		"CIX_MAILTO", "ops@example.org",
		"CIX_DOI_BASE", "http://127.0.0.1:4567/",
		"CIX_CROSSREF_BASE", "",
		"CIX_DATACITE_BASE", "https://[::1]:9/dc",
		NULL
	};
	static const char *const badenv[] = {
		"CIX_DOI_BASE", "http://mirror.example.org", NULL
	};
	static const char text[] = "[resolve]\nmailto = file@example.org\n"
	    "crossref_base = https://api.crossref.org\n";
	struct cix_config c;
	struct cix_error err;

	(void)state;
	cix_config_init(&c);
	cix_error_clear(&err);
	assert_int_equal(cix_config_parse(&c, text, strlen(text), "f", &err),
	    CIX_OK);
	set_env(good);
	assert_int_equal(cix_config_env(&c, fake_getenv, &err), CIX_OK);
	assert_string_equal(c.mailto, "ops@example.org");
	assert_string_equal(c.doi_base, "http://127.0.0.1:4567");
	/* An empty variable leaves the file's value. */
	assert_string_equal(c.crossref_base, "https://api.crossref.org");
	assert_string_equal(c.datacite_base, "https://[::1]:9/dc");
	set_env(badenv);
	assert_int_equal(cix_config_env(&c, fake_getenv, &err), CIX_EINVAL);
	assert_non_null(strstr(err.msg, "$CIX_DOI_BASE"));
	assert_non_null(strstr(err.msg, "loopback"));
	cix_config_release(&c);
}

static void
test_default_path(void **state)
{
	static const char *const xdg[] = {
		"XDG_CONFIG_HOME", "/x/cfg", "HOME", "/home/u", NULL
	};
	static const char *const rel[] = {
		"XDG_CONFIG_HOME", "relative", "HOME", "/home/u", NULL
	};
	static const char *const none[] = { NULL };
	struct cix_buf b;
	struct cix_error err;

	(void)state;
	cix_buf_init(&b, 0);
	set_env(xdg);
	assert_int_equal(cix_config_default_path(&b, fake_getenv, &err),
	    CIX_OK);
	assert_string_equal(b.p, "/x/cfg/cix/config");
	cix_buf_reset(&b);
	set_env(rel);
	assert_int_equal(cix_config_default_path(&b, fake_getenv, &err),
	    CIX_OK);
	assert_string_equal(b.p, "/home/u/.config/cix/config");
	cix_buf_reset(&b);
	set_env(none);
	assert_int_equal(cix_config_default_path(&b, fake_getenv, &err),
	    CIX_ENOTFOUND);
	cix_buf_release(&b);
}

static const struct {
	const char *url;
	int ok;
	int loopback;
} bases[] = {
	{ "https://doi.org", 1, 0 },
	{ "HTTPS://doi.org/", 1, 0 },
	{ "https://mirror.example.org:8443/doi", 1, 0 },
	{ "http://127.0.0.1:8000", 1, 1 },
	{ "http://127.1.2.3", 1, 1 },
	{ "http://localhost:9", 1, 1 },
	{ "http://LOCALHOST", 1, 1 },
	{ "http://[::1]:80/x", 1, 1 },
	{ "https://127.0.0.1", 1, 1 },
	{ "http://127.0.0.1.example.org", 0, 0 },
	{ "http://127.0.0", 0, 0 },
	{ "http://127.0.0.01", 0, 0 },
	{ "http://127.0.0.256", 0, 0 },
	{ "http://128.0.0.1", 0, 0 },
	{ "http://[::2]", 0, 0 },
	{ "http://localhost.example", 0, 0 },
	{ "http://doi.org", 0, 0 },
	{ "file:///etc/passwd", 0, 0 },
	{ "https://", 0, 0 },
	{ "https://:80", 0, 0 },
	{ "https://doi.org:0", 0, 0 },
	{ "https://doi.org:-1", 0, 0 },
	{ "https://doi.org:", 0, 0 },
	{ "https://doi.org/a b", 0, 0 },
	{ "https://doi.org/#x", 0, 0 },
	{ "https://user:pw@doi.org", 0, 0 },
	{ "https://[::1", 0, 0 },
	{ "", 0, 0 },
};

static void
test_bases(void **state)
{
	struct cix_error err;
	size_t i;
	int lo, rc;

	(void)state;
	for (i = 0; i < sizeof(bases) / sizeof(bases[0]); i++) {
		lo = -1;
		rc = cix_config_check_base(bases[i].url, &lo, &err);
		if ((rc == CIX_OK) != bases[i].ok)
			fail_msg("'%s': %s", bases[i].url, rc == CIX_OK ?
			    "accepted" : err.msg);
		if (rc == CIX_OK && lo != bases[i].loopback)
			fail_msg("'%s': loopback %d", bases[i].url, lo);
	}
	assert_int_equal(cix_config_check_mailto("a@b.c", &err), CIX_OK);
	assert_int_equal(cix_config_check_mailto("a@", &err), CIX_EINVAL);
	assert_int_equal(cix_config_check_mailto("@b", &err), CIX_EINVAL);
	assert_int_equal(cix_config_check_mailto("a@b@c", &err), CIX_EINVAL);
	assert_int_equal(cix_config_check_mailto("a b@c", &err), CIX_EINVAL);
	assert_int_equal(cix_config_check_mailto("a@b)", &err), CIX_EINVAL);
}

static void
test_load(void **state)
{
	char dir[] = "/tmp/cix-test-config-XXXXXX", path[128];
	struct cix_config c;
	struct cix_error err;
	FILE *f;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/config", dir);
	cix_config_init(&c);
	/* A missing default file is no error; a missing named one is. */
	assert_int_equal(cix_config_load(&c, path, 0, &err), CIX_OK);
	assert_int_equal(cix_config_load(&c, path, 1, &err), CIX_ENOTFOUND);
	assert_int_equal(cix_config_load(&c, dir, 1, &err), CIX_EIO);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("[resolve]\nrate = 3\n\n[resolve]\nbogus = 1\n", f);
	fclose(f);
	assert_int_equal(cix_config_load(&c, path, 1, &err), CIX_EPARSE);
	assert_string_equal(err.file, path);
	assert_int_equal(err.line, 5);
	f = fopen(path, "w");
	fputs("[resolve]\nrate = 3\n", f);
	fclose(f);
	cix_config_release(&c);
	cix_config_init(&c);
	assert_int_equal(cix_config_load(&c, path, 1, &err), CIX_OK);
	assert_true(c.rate == 3);
	assert_string_equal(c.path, path);
	cix_config_release(&c);
	unlink(path);
	rmdir(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_full),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_env),
		cmocka_unit_test(test_default_path),
		cmocka_unit_test(test_bases),
		cmocka_unit_test(test_load),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
