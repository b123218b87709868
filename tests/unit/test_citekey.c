/* test_citekey.c - key patterns and stable keys (citekey.c). */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "cix.h"
#include "citekey.h"
#include "store.h"

/* A record with authors "Family, Given|Family, Given" ("=" marks an
 * organisation), a year, a title and an ISO source abbreviation. */
static void
make(struct cix_record *r, const char *authors, int year, const char *title,
    const char *iso)
{
	const char *p = authors, *e, *c;
	struct cix_author *a;
	size_t n;

	cix_record_reset(r);
	while (p != NULL && *p != '\0') {
		e = strchr(p, '|');
		n = e ? (size_t)(e - p) : strlen(p);
		assert_int_equal(cix_record_add_author(r, &a), CIX_OK);
		a->role = CIX_ROLE_AUTHOR;
		if (*p == '=') {
			a->corporate = 1;
			a->role = CIX_ROLE_GROUP;
			cix_record_str(r, &a->family, p + 1, n - 1);
		} else if ((c = memchr(p, ',', n)) != NULL) {
			cix_record_str(r, &a->family, p, (size_t)(c - p));
			cix_record_str(r, &a->given, c + 2, n - (size_t)(c -
			    p) - 2);
		} else {
			cix_record_str(r, &a->family, p, n);
		}
		p = e ? e + 1 : NULL;
	}
	r->year = year;
	if (title != NULL)
		cix_record_str(r, &r->title, title, strlen(title));
	if (iso != NULL)
		cix_record_str(r, &r->source_iso, iso, strlen(iso));
}

static const struct {
	const char *authors;
	int year;
	const char *title;
	const char *pattern;
	const char *key;
} base_cases[] = {
	{ "Chisholm, Janice|Petrakis, Melissa", 2013,
	  "Peer worker perspectives on their potential role", NULL,
	  "Chisholm2013" },
	{ "Chisholm, Janice|Petrakis, Melissa", 2013, NULL, "[auth.etal]",
	  "ChisholmPetrakis" },
	{ "SMITH, J|JONES, K|BROWN, L", 1985, NULL, "[auth.etal]",
	  "Smith.etal" },
	{ "SMITH, J|JONES, K|BROWN, L", 1985, NULL, "[authors2][year]",
	  "SmithJonesEtAl1985" },
	{ "SMITH, J|JONES, K", 1985, NULL, "[authors]", "SmithJones" },
	{ "van der Berg, J", 2001, NULL, "[auth][year]", "vanderBerg2001" },
	{ "M\xc3\xbcller-L\xc3\xbc" "denscheidt, H", 1999, NULL,
	  "[auth][year]", "MullerLudenscheidt1999" },
	{ "O'Hagan, Kate", 2020, NULL, "[auth3]_[year]", "OHa_2020" },
	{ "=World Health Organization", 2018, NULL, "[auth][year]",
	  "WHO2018" },
	{ "=[Anonymous]", 2009, NULL, "[auth][year]", "Anonymous2009" },
	{ "", 0, NULL, "[auth][year]", "Anon" },
	{ "Chisholm, Janice", 2013,
	  "The peer worker: perspectives on a role", "[shorttitle]",
	  "PeerWorkerPerspectives" },
	{ "Chisholm, Janice", 2013,
	  "THE PEER WORKER IN CAPITALS", "[veryshorttitle][year]",
	  "Peer2013" },
	{ "Chisholm, Janice", 2013, NULL, "[auth:lower]-[year]",
	  "chisholm-2013" },
	{ "Chisholm, Janice", 2013, NULL, "[auth:lower:upper]",
	  "CHISHOLM" },
	{ "Chisholm, Janice", 2013, NULL, "[journal][year]",
	  "PsychiatrRehabilJ2013" },
};

static void
test_base(void **state)
{
	struct cix_citekey_pattern *p;
	struct cix_record r;
	struct cix_buf b;
	struct cix_error err;
	size_t i;

	(void)state;
	cix_record_init(&r);
	cix_buf_init(&b, 4096);
	for (i = 0; i < sizeof(base_cases) / sizeof(base_cases[0]); i++) {
		make(&r, base_cases[i].authors, base_cases[i].year,
		    base_cases[i].title, "Psychiatr. Rehabil. J.");
		if (cix_citekey_compile(&p, base_cases[i].pattern, &err) < 0)
			fail_msg("%s: %s", base_cases[i].pattern ?
			    base_cases[i].pattern : "(default)", err.msg);
		cix_buf_reset(&b);
		assert_int_equal(cix_citekey_base(&b, p, &r), CIX_OK);
		if (strcmp(b.p, base_cases[i].key) != 0)
			fail_msg("case %zu: got '%s', want '%s'", i, b.p,
			    base_cases[i].key);
		cix_citekey_free(p);
	}
	cix_buf_release(&b);
	cix_record_release(&r);
}

static const char *const bad_patterns[] = {
	"[foo]", "[auth", "[auth:shout]", "[auth] [year]", "key{[year]}",
	"plain", "[auth0]", "[year:lower:lower:lower:lower:lower]",
};

static void
test_bad_patterns(void **state)
{
	struct cix_citekey_pattern *p;
	struct cix_error err;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad_patterns) / sizeof(bad_patterns[0]); i++) {
		cix_error_clear(&err);
		if (cix_citekey_compile(&p, bad_patterns[i], &err) != CIX_EINVAL)
			fail_msg("'%s' accepted", bad_patterns[i]);
		assert_null(p);
		assert_non_null(strstr(err.msg, "key pattern"));
	}
	assert_int_equal(cix_citekey_compile(&p, NULL, &err), CIX_OK);
	assert_string_equal(cix_citekey_source(p), CIX_CITEKEY_DEFAULT);
	cix_citekey_free(p);
}

static void
test_suffix(void **state)
{
	static const struct { unsigned long i; const char *s; } c[] = {
		{ 0, "" }, { 1, "a" }, { 2, "b" }, { 26, "z" }, { 27, "aa" },
		{ 28, "ab" }, { 52, "az" }, { 53, "ba" }, { 702, "zz" },
		{ 703, "aaa" },
	};
	char buf[16];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		cix_citekey_suffix(buf, sizeof(buf), c[i].i);
		assert_string_equal(buf, c[i].s);
	}
}

/* Collisions get a, b, ... and compare without case, as BibTeX does. */
static void
test_keyring_memory(void **state)
{
	struct cix_citekey_pattern *p;
	struct cix_keyring *k;
	struct cix_record r;
	struct cix_error err;
	const char *key, *first;
	char *keep;

	(void)state;
	cix_record_init(&r);
	assert_int_equal(cix_citekey_compile(&p, NULL, &err), CIX_OK);
	assert_int_equal(cix_keyring_new(&k, p, NULL, &err), CIX_OK);
	make(&r, "Smith, J", 2010, NULL, NULL);
	assert_int_equal(cix_keyring_key(k, &key, 1, &r, &err), CIX_OK);
	assert_string_equal(key, "Smith2010");
	first = key;
	assert_int_equal(cix_keyring_key(k, &key, 2, &r, &err), CIX_OK);
	assert_string_equal(key, "Smith2010a");
	make(&r, "SMITH, J", 2010, NULL, NULL);	/* same key, other case */
	assert_int_equal(cix_keyring_key(k, &key, 3, &r, &err), CIX_OK);
	assert_string_equal(key, "Smith2010b");
	/* a work asked again keeps its key */
	make(&r, "Jones, K", 1999, NULL, NULL);
	assert_int_equal(cix_keyring_key(k, &key, 1, &r, &err), CIX_OK);
	assert_ptr_equal(key, first);
	/* id 0: a new key every time, never remembered */
	make(&r, "Smith, J", 2010, NULL, NULL);
	assert_int_equal(cix_keyring_key(k, &key, 0, &r, &err), CIX_OK);
	keep = strdup(key);
	assert_string_equal(keep, "Smith2010c");
	assert_int_equal(cix_keyring_key(k, &key, 0, &r, &err), CIX_OK);
	assert_string_equal(key, "Smith2010d");
	assert_int_equal(cix_keyring_new_keys(k), 5);
	assert_int_equal(cix_keyring_commit(k, &err), CIX_OK);
	free(keep);
	cix_keyring_free(k);
	cix_citekey_free(p);
	cix_record_release(&r);
}

/* With a store, keys survive the keyring: stable across runs. */
static void
test_keyring_store(void **state)
{
	struct cix_citekey_pattern *p;
	struct cix_keyring *k;
	struct cix_store *s;
	struct cix_record r;
	struct cix_error err;
	char dir[64], path[128], cmd[160];
	const char *key;

	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/cix-test-citekey-XXXXXX");
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/cix.db", dir);
	if (cix_store_open(&s, path, 0, &err) < 0)
		fail_msg("open: %s", err.msg);
	cix_record_init(&r);
	assert_int_equal(cix_citekey_compile(&p, NULL, &err), CIX_OK);

	/* run 1: works 10 and 11 */
	assert_int_equal(cix_keyring_new(&k, p, s, &err), CIX_OK);
	make(&r, "Davidson, L", 2006, NULL, NULL);
	assert_int_equal(cix_keyring_key(k, &key, 10, &r, &err), CIX_OK);
	assert_string_equal(key, "Davidson2006");
	assert_int_equal(cix_keyring_key(k, &key, 11, &r, &err), CIX_OK);
	assert_string_equal(key, "Davidson2006a");
	assert_int_equal(cix_keyring_commit(k, &err), CIX_OK);
	cix_keyring_free(k);

	/* run 2, in another order, with a newcomer and a changed author */
	assert_int_equal(cix_keyring_new(&k, p, s, &err), CIX_OK);
	make(&r, "Davidson, L", 2006, NULL, NULL);
	assert_int_equal(cix_keyring_key(k, &key, 12, &r, &err), CIX_OK);
	assert_string_equal(key, "Davidson2006b");
	make(&r, "Davidsen, L", 2007, NULL, NULL);	/* corrected record */
	assert_int_equal(cix_keyring_key(k, &key, 11, &r, &err), CIX_OK);
	assert_string_equal(key, "Davidson2006a");
	assert_int_equal(cix_keyring_key(k, &key, 10, &r, &err), CIX_OK);
	assert_string_equal(key, "Davidson2006");
	assert_int_equal(cix_keyring_new_keys(k), 1);
	/* not committed: the key of 12 is not kept */
	cix_keyring_free(k);

	assert_int_equal(cix_keyring_new(&k, p, s, &err), CIX_OK);
	make(&r, "Other, O", 2000, NULL, NULL);
	assert_int_equal(cix_keyring_key(k, &key, 13, &r, &err), CIX_OK);
	make(&r, "Davidson, L", 2006, NULL, NULL);
	assert_int_equal(cix_keyring_key(k, &key, 12, &r, &err), CIX_OK);
	assert_string_equal(key, "Davidson2006b");
	assert_int_equal(cix_keyring_commit(k, &err), CIX_OK);
	cix_keyring_free(k);

	cix_citekey_free(p);
	/* another pattern has keys of its own */
	assert_int_equal(cix_citekey_compile(&p, "[auth:lower][year]", &err),
	    CIX_OK);
	assert_int_equal(cix_keyring_new(&k, p, s, &err), CIX_OK);
	assert_int_equal(cix_keyring_key(k, &key, 11, &r, &err), CIX_OK);
	assert_string_equal(key, "davidson2006");
	assert_int_equal(cix_keyring_commit(k, &err), CIX_OK);
	cix_keyring_free(k);
	cix_citekey_free(p);

	/* a read-only index gives its keys and keeps no new one */
	cix_store_close(s);
	if (cix_store_open(&s, path, CIX_STORE_READONLY, &err) < 0)
		fail_msg("open read-only: %s", err.msg);
	assert_int_equal(cix_citekey_compile(&p, NULL, &err), CIX_OK);
	assert_int_equal(cix_keyring_new(&k, p, s, &err), CIX_OK);
	assert_false(cix_keyring_stored(k));
	assert_int_equal(cix_keyring_key(k, &key, 11, &r, &err), CIX_OK);
	assert_string_equal(key, "Davidson2006a");
	assert_int_equal(cix_keyring_key(k, &key, 14, &r, &err), CIX_OK);
	assert_string_equal(key, "Davidson2006c");
	assert_int_equal(cix_keyring_commit(k, &err), CIX_OK);
	cix_keyring_free(k);
	cix_citekey_free(p);

	cix_record_release(&r);
	cix_store_close(s);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_base),
		cmocka_unit_test(test_bad_patterns),
		cmocka_unit_test(test_suffix),
		cmocka_unit_test(test_keyring_memory),
		cmocka_unit_test(test_keyring_store),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
