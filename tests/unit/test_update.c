/*
 * test_update.c - the pure parts of cix update (inbox names and scans, the
 * lock, the report text) and the store's side (runs, watched works, what
 * a report counts as new).
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>
#include <sqlite3.h>

#include "cix.h"
#include "store.h"
#include "tmp_index.h"
#include "store_update.h"
#include "update.h"

/* ------------------------------------------------------------------ */
/* Helpers */

struct fx {
	char dir[64];
	char path[160];
	struct cix_store *s;
};

static void
touch(const char *dir, const char *name, const char *text)
{
	char p[512];
	FILE *f;

	snprintf(p, sizeof(p), "%s/%s", dir, name);
	assert_non_null(f = fopen(p, "w"));
	fputs(text, f);
	fclose(f);
}

static int
setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));

	tmp_index_open(f->dir, sizeof(f->dir), f->path, sizeof(f->path), &f->s,
	    "update", "idx/cix.db");
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;
	int rc = tmp_index_remove(f->s, f->dir);

	free(f);
	return rc;
}

static void
sql(struct cix_store *s, const char *q)
{
	char *msg = NULL;

	if (sqlite3_exec(cix_store_db(s), q, NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("%s: %s", q, msg);
}

static int64_t
count(struct cix_store *s, const char *q)
{
	sqlite3_stmt *st;
	int64_t n = -1;

	assert_int_equal(sqlite3_prepare_v2(cix_store_db(s), q, -1, &st,
	    NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

static void
report(struct cix_store *s, struct cix_report *r)
{
	struct cix_error err;

	if (cix_store_begin(s, &err) < 0 || cix_store_report(s, r, &err) < 0 ||
	    cix_store_commit(s, &err) < 0)
		fail_msg("report: %s", err.msg);
}

/* ------------------------------------------------------------------ */
/* The inbox */

static void
test_inbox_skip(void **state)
{
	static const struct {
		const char *name;
		int skip;
	} cases[] = {
		{ "savedrecs.txt", 0 },
		{ "savedrecs (1).txt", 0 },
		{ "peerwork-tab.txt", 0 },
		{ "export.TXT", 0 },
		{ "partial.txt.bak", 0 },
		{ ".savedrecs.txt", 1 },
		{ ".", 1 },
		{ "savedrecs.txt~", 1 },
		{ "#savedrecs.txt#", 1 },
		{ "savedrecs.txt.part", 1 },
		{ "savedrecs.txt.PART", 1 },
		{ "savedrecs.txt.partial", 1 },
		{ "savedrecs.txt.crdownload", 1 },
		{ "savedrecs.txt.download", 1 },
		{ "savedrecs.tmp", 1 },
		{ ".savedrecs.txt.swp", 1 },
		{ "", 1 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		if (cix_inbox_skip(cases[i].name) != cases[i].skip)
			fail_msg("'%s': expected %d", cases[i].name,
			    cases[i].skip);
}

static void
test_inbox_scan(void **state)
{
	struct fx *f = *state;
	struct cix_inbox in;
	struct cix_error err;
	char a[256], b[300], sub[300], weird[256], g1[300], g2[300];
	char w1[300], c[300], miss1[256], miss2[256];
	const char *entries[8];
	size_t i;

	snprintf(a, sizeof(a), "%s/inbox", f->dir);
	snprintf(sub, sizeof(sub), "%s/inbox/sub", f->dir);
	snprintf(weird, sizeof(weird), "%s/we[ir]d*", f->dir);
	assert_int_equal(mkdir(a, 0700), 0);
	assert_int_equal(mkdir(sub, 0700), 0);
	assert_int_equal(mkdir(weird, 0700), 0);
	touch(a, "b.txt", "x");
	touch(a, "a.txt", "x");
	touch(a, "c.csv", "x");
	touch(a, ".hidden.txt", "x");
	touch(a, "d.txt~", "x");
	touch(a, "e.txt.part", "x");
	touch(sub, "deep.txt", "x");
	touch(weird, "w.txt", "x");
	snprintf(b, sizeof(b), "%s/a.txt", a);
	snprintf(g1, sizeof(g1), "%s/*.txt", a);
	snprintf(g2, sizeof(g2), "%s/nothing-*.txt", a);
	snprintf(miss1, sizeof(miss1), "%s/missing", f->dir);
	snprintf(miss2, sizeof(miss2), "%s/gone/*.txt", f->dir);
	entries[0] = g1;	/* a.txt b.txt */
	entries[1] = a;		/* a.txt b.txt c.csv */
	entries[2] = b;		/* a.txt again */
	entries[3] = g2;	/* nothing, and no error */
	entries[4] = miss1;	/* an error */
	entries[5] = miss2;	/* an error */
	entries[6] = weird;	/* w.txt: its name is not a pattern */
	entries[7] = "";
	assert_int_equal(cix_inbox_scan(&in, entries, 8, &err), CIX_OK);
	assert_int_equal(in.n, 4);
	snprintf(w1, sizeof(w1), "%s/w.txt", weird);
	snprintf(c, sizeof(c), "%s/c.csv", a);
	assert_string_equal(in.paths[0], b);
	assert_non_null(strstr(in.paths[1], "/inbox/b.txt"));
	assert_string_equal(in.paths[2], c);
	assert_string_equal(in.paths[3], w1);
	for (i = 1; i < in.n; i++)
		assert_true(strcmp(in.paths[i - 1], in.paths[i]) < 0);
	assert_int_equal(in.nerrors, 2);
	assert_non_null(strstr(in.errors[0], "does not exist"));
	assert_non_null(strstr(in.errors[0], miss1));
	assert_non_null(strstr(in.errors[1], "names a directory that does"
	    " not exist"));
	cix_inbox_release(&in);
	assert_int_equal(in.n, 0);
}

/* ------------------------------------------------------------------ */
/* The lock */

static void
test_lock(void **state)
{
	struct fx *f = *state;
	struct cix_error err;
	char db[256], pid[32];
	int a = -1, b = -1;

	/* The index's directory does not exist yet. */
	snprintf(db, sizeof(db), "%s/new/dir/cix.db", f->dir);
	assert_int_equal(cix_update_lock(&a, db, &err), CIX_OK);
	assert_true(a >= 0);
	/* flock(2) locks conflict between two opens, even in one process. */
	cix_error_clear(&err);
	assert_int_equal(cix_update_lock(&b, db, &err), CIX_ELOCKED);
	assert_int_equal(b, -1);
	snprintf(pid, sizeof(pid), "(pid %ld)", (long)getpid());
	assert_non_null(strstr(err.msg, pid));
	assert_non_null(strstr(err.msg, db));
	cix_update_unlock(a);
	assert_int_equal(cix_update_lock(&b, db, &err), CIX_OK);
	cix_update_unlock(b);
	/* A writable index and directory. */
	assert_int_equal(cix_update_writable(f->path, &err), CIX_OK);
	assert_int_equal(cix_update_writable(db, &err), CIX_OK);
}

/* ------------------------------------------------------------------ */
/* The report text */

static void
fill_result(struct cix_update_result *r)
{
	memset(r, 0, sizeof(*r));
	r->start.id = 7;
	snprintf(r->start.started, 32, "2026-11-24T03:00:01Z");
	r->start.prev_id = 6;
	snprintf(r->start.prev_started, 32, "2026-11-23T03:00:01Z");
	r->status = CIX_RUN_OK;
	r->has_report = 1;
}

static char *
format(const struct cix_update_result *r)
{
	struct cix_buf b;

	cix_buf_init(&b, 0);
	assert_int_equal(cix_update_format(&b, r), CIX_OK);
	return cix_buf_detach(&b, NULL);
}

static void
test_format_nothing_new(void **state)
{
	struct cix_update_result r;
	char *t;

	(void)state;
	fill_result(&r);
	t = format(&r);
	assert_string_equal(t, "run 7 at 2026-11-24T03:00:01Z: ok\n"
	    "nothing new since run 6 (2026-11-23T03:00:01Z)\n");
	free(t);
	/* The first report of an empty index. */
	r.start.prev_id = 0;
	t = format(&r);
	assert_string_equal(t, "run 7 at 2026-11-24T03:00:01Z: ok\n"
	    "nothing in the index yet (the first report)\n");
	free(t);
}

static void
test_format_full(void **state)
{
	struct cix_update_result r;
	struct cix_report_cite *c;
	char *t;
	int i;

	(void)state;
	fill_result(&r);
	r.status = CIX_RUN_PARTIAL;
	r.counts.files_imported = 2;
	r.counts.records = 1;
	r.files_unchanged = 5;
	r.counts.files_failed = 1;
	r.resolved = 1;
	r.resolve.asked = 12;
	r.resolve.requests = 14;
	r.resolve.resolved = 9;
	r.resolve.unchanged = 2;
	r.resolve.notfound = 2;
	r.resolve.failed = 1;
	r.resolve.budget = 1;
	r.linked = 1;
	r.counts.refs_linked = 1;
	r.report.new_works = 1;
	r.report.new_citations = 0;
	r.report.newly_resolved = 3;
	r.report.watched_citations = 22;
	r.report.ncites = CIX_REPORT_MAXCITES;
	for (i = 0; i < CIX_REPORT_MAXCITES; i++) {
		c = &r.report.cites[i];
		c->citing.id = 100 + i;
		c->citing.year = 2026;
		snprintf(c->citing.author, 64, "Smith, Jane");
		snprintf(c->citing.title, 160, "Peer work %d", i);
		c->cited.id = 20;
		snprintf(c->cited.title, 160, "Introducing peer worker roles");
	}
	r.start.nkilled = 1;
	r.start.killed[0].id = 5;
	snprintf(r.start.killed[0].started, 32, "2026-11-22T03:00:01Z");
	r.start.killed[0].pid = 4242;
	snprintf(r.start.killed[0].phase, 16, "link");
	r.nproblems = 2;
	snprintf(r.problems[0].what, 512, "/in/notes.txt");
	cix_error_set(&r.problems[0].err, CIX_EFORMAT, "'/in/notes.txt'"
	    " looks like plain text");
	snprintf(r.problems[1].what, 512, "/in/bad.txt");
	cix_error_set_at(&r.problems[1].err, CIX_EPARSE, "/in/bad.txt", 12,
	    "a tag before PT");
	t = format(&r);
	assert_non_null(strstr(t, "run 7 at 2026-11-24T03:00:01Z: partial\n"
	    "inbox: 2 files imported (1 record), 5 unchanged, 1 failed\n"
	    "DOIs: 12 asked in 14 requests: 9 resolved (2 unchanged),"
	    " 2 not found, 1 failed; the budget ran out, the rest waits for"
	    " the next run\n"
	    "links: 1 reference linked\n"
	    "new since run 6 (2026-11-23T03:00:01Z):\n"
	    "  1 new work\n"
	    "  3 newly resolved works\n"
	    "  22 new citations of watched works:\n"
	    "    #100 Smith, Jane (2026) Peer work 0\n"
	    "      cites #20 Introducing peer worker roles\n"));
	assert_null(strstr(t, "among records"));
	assert_non_null(strstr(t, "    and 2 more\n"
	    "run 5 (started 2026-11-22T03:00:01Z, pid 4242) did not finish:"
	    " killed while linking (or unable to write its end); this run"
	    " finished its work\n"
	    "failed: '/in/notes.txt' looks like plain text\n"
	    "failed: /in/bad.txt:12: a tag before PT\n"));
	free(t);
}

/* ------------------------------------------------------------------ */
/* The store: runs */

static int
collect_run(void *ctx, const struct cix_run_row *r)
{
	struct cix_run_row *out = ctx;

	*out = *r;
	out->report = out->error = NULL;
	return 0;
}

static void
test_runs(void **state)
{
	struct fx *f = *state;
	struct cix_run_start a, b;
	struct cix_run_row row, got;
	struct cix_error err;

	assert_int_equal(cix_store_run_begin(f->s, 100, &a, &err), CIX_OK);
	assert_int_equal(a.id, 1);
	assert_int_equal(a.nkilled, 0);
	assert_int_equal(a.prev_id, 0);
	assert_int_equal(cix_store_run_phase(f->s, a.id, "link", &err),
	    CIX_OK);
	/* It dies; the next run finds it and marks it killed. */
	assert_int_equal(cix_store_run_begin(f->s, 200, &b, &err), CIX_OK);
	assert_int_equal(b.id, 2);
	assert_int_equal(b.nkilled, 1);
	assert_int_equal(b.killed[0].id, 1);
	assert_int_equal(b.killed[0].pid, 100);
	assert_string_equal(b.killed[0].phase, "link");
	assert_int_equal(count(f->s, "SELECT count(*) FROM runs WHERE"
	    " id = 1 AND status = 'killed' AND error LIKE"
	    " 'did not finish: killed in phase link%'"), 1);
	memset(&row, 0, sizeof(row));
	row.files_imported = 3;
	row.has_report = 1;
	row.new_works = 4;
	assert_int_equal(cix_store_run_end(f->s, b.id, CIX_RUN_OK, &row,
	    "the report\n", NULL, &err), CIX_OK);
	assert_int_equal(cix_store_runs(f->s, 2, 0, collect_run, &got, &err),
	    CIX_OK);
	assert_int_equal(got.status, CIX_RUN_OK);
	assert_int_equal(got.files_imported, 3);
	assert_int_equal(got.new_works, 4);
	assert_true(got.has_report);
	assert_string_equal(got.phase, "done");
	assert_true(got.ended[0] != '\0');
	assert_int_equal(cix_store_runs(f->s, 9, 0, collect_run, &got, &err),
	    CIX_ENOTFOUND);
	/* The next run reports since run 2, the last with a report. */
	assert_int_equal(cix_store_run_begin(f->s, 300, &a, &err), CIX_OK);
	assert_int_equal(a.prev_id, 2);
	assert_int_equal(a.nkilled, 0);
	assert_string_equal(cix_run_status_name(CIX_RUN_INTERRUPTED),
	    "interrupted");
	assert_int_equal(cix_run_status_parse("killed"), CIX_RUN_KILLED);
	assert_int_equal(cix_run_status_parse("bogus"), -1);
}

/* ------------------------------------------------------------------ */
/* The store: what is new, watched works */

static void
test_report(void **state)
{
	struct fx *f = *state;
	struct cix_report r;
	struct cix_error err;
	int added;

	/* Three records (1 cites 2 and 3, 2 cites 3), a cited-only work 4
	 * (cited by 1 and 2), a resolved work 5 (cites 2). */
	sql(f->s, "INSERT INTO works (id, kind, doi, ut, title, year) VALUES"
	    " (1, 0, '10.1/a', 'WOS:1', 'A', 2020),"
	    " (2, 0, '10.1/b', 'WOS:2', 'B', 2010),"
	    " (3, 0, NULL, 'WOS:3', 'C', 2000),"
	    " (4, 1, '10.1/d', NULL, NULL, 1990),"
	    " (5, 2, '10.1/e', NULL, 'E', 2021);"
	    "INSERT INTO refs (citing_id, pos, raw) VALUES (1, 0, 'x'),"
	    " (1, 1, 'x'), (1, 2, 'x'), (1, 3, 'x'), (2, 0, 'x'),"
	    " (2, 1, 'x'), (5, 0, 'x');"
	    "INSERT INTO links VALUES (1, 0, 2, 1, 1), (1, 1, 3, 1, 1),"
	    " (1, 2, 3, 2, 0.9), (1, 3, 4, 1, 1), (2, 0, 3, 1, 1),"
	    " (2, 1, 4, 1, 1), (5, 0, 2, 1, 1);"
	    "INSERT INTO dois (doi, state, resolved_at) VALUES"
	    " ('10.1/a', 'resolved', '2026-01-01T00:00:00Z'),"
	    " ('10.1/b', 'notfound', NULL),"
	    " ('10.1/e', 'resolved', '2026-01-01T00:00:00Z');");
	report(f->s, &r);
	assert_int_equal(r.new_works, 3);
	/* Pairs, not references: 1 cites 3 twice. */
	assert_int_equal(r.new_citations, 3);
	assert_int_equal(r.newly_resolved, 2);
	assert_int_equal(r.watched_citations, 0);
	/* The second report: nothing. */
	report(f->s, &r);
	assert_int_equal(r.new_works + r.new_citations + r.newly_resolved +
	    r.watched_citations, 0);

	/* Watching the cited-only work: its citations by records an
	 * earlier report saw are not news. */
	assert_int_equal(cix_store_watch_add(f->s, 4, &added, &err), CIX_OK);
	assert_true(added);
	assert_int_equal(cix_store_watch_add(f->s, 4, &added, &err), CIX_OK);
	assert_false(added);
	report(f->s, &r);
	assert_int_equal(r.watched_citations, 0);

	/* The resolved work cites it now, and a new record cites it. */
	sql(f->s, "INSERT INTO works (id, kind, ut, title, year) VALUES"
	    " (6, 0, 'WOS:6', 'F', 2026);"
	    "INSERT INTO refs (citing_id, pos, raw) VALUES (5, 1, 'x'),"
	    " (6, 0, 'x'), (6, 1, 'x');"
	    "INSERT INTO links VALUES (5, 1, 4, 1, 1), (6, 0, 4, 1, 1),"
	    " (6, 1, 1, 1, 1);");
	report(f->s, &r);
	assert_int_equal(r.new_works, 1);
	assert_int_equal(r.new_citations, 1);
	assert_int_equal(r.watched_citations, 2);
	assert_int_equal(r.ncites, 2);
	assert_int_equal(r.cites[0].cited.id, 4);
	assert_int_equal(r.cites[0].citing.id, 5);
	assert_string_equal(r.cites[0].citing.title, "E");
	assert_int_equal(r.cites[0].citing.year, 2021);
	assert_int_equal(r.cites[1].citing.id, 6);

	/* The cited-only work is replaced by its record (as the link pass
	 * does when the record arrives): the watch follows the DOI, and
	 * what was seen stays seen. */
	sql(f->s, "INSERT INTO works (id, kind, doi, ut, title, year) VALUES"
	    " (7, 0, '10.1/d', 'WOS:7', 'D', 1990);"
	    "UPDATE links SET cited_id = 7 WHERE cited_id = 4;"
	    "DELETE FROM works WHERE id = 4;");
	report(f->s, &r);
	assert_int_equal(r.watched_citations, 0);
	assert_int_equal(r.new_works, 1);
	/* Record 7 is new; the citations of it were news once already (as
	 * citations of the watched work), and are not again. */
	assert_int_equal(r.new_citations, 0);
	assert_int_equal(count(f->s, "SELECT work_id FROM watch"), 7);
	assert_int_equal(count(f->s, "SELECT doi = '10.1/d' FROM watch"), 1);

	/* A relink from scratch changes no pair: nothing new. */
	sql(f->s, "DELETE FROM links;"
	    "INSERT INTO links VALUES (1, 0, 2, 1, 1), (1, 1, 3, 1, 1),"
	    " (1, 2, 3, 2, 0.9), (1, 3, 7, 1, 1), (2, 0, 3, 1, 1),"
	    " (2, 1, 7, 1, 1), (5, 0, 2, 1, 1), (5, 1, 7, 1, 1),"
	    " (6, 0, 7, 1, 1), (6, 1, 1, 1, 1);");
	report(f->s, &r);
	assert_int_equal(r.new_works + r.new_citations + r.newly_resolved +
	    r.watched_citations, 0);

	/* Removing. */
	assert_int_equal(cix_store_watch_remove(f->s, 7, &added, &err),
	    CIX_OK);
	assert_true(added);
	assert_int_equal(cix_store_watch_remove(f->s, 7, &added, &err),
	    CIX_OK);
	assert_false(added);
}

struct seen {
	int64_t id;
	int present;
	int n;
};

static int
one_watch(void *ctx, int64_t id, int present)
{
	struct seen *s = ctx;

	s->id = id;
	s->present = present;
	s->n++;
	return 0;
}

static void
test_watch_list(void **state)
{
	struct fx *f = *state;
	struct cix_error err;
	struct seen s;
	int added;
	int64_t queued;

	sql(f->s, "INSERT INTO works (id, kind, ref_key) VALUES"
	    " (10, 1, 'SMITH|2001|J|3|4');");
	assert_int_equal(cix_store_watch_add(f->s, 10, &added, &err), CIX_OK);
	memset(&s, 0, sizeof(s));
	assert_int_equal(cix_store_watch_list(f->s, one_watch, &s, &err),
	    CIX_OK);
	assert_int_equal(s.n, 1);
	assert_int_equal(s.id, 10);
	assert_true(s.present);
	/* Rebuilt under another id (cix link --reset): found by its key,
	 * without writing. */
	sql(f->s, "DELETE FROM works WHERE id = 10;"
	    "INSERT INTO works (id, kind, ref_key) VALUES"
	    " (11, 1, 'SMITH|2001|J|3|4');");
	memset(&s, 0, sizeof(s));
	assert_int_equal(cix_store_watch_list(f->s, one_watch, &s, &err),
	    CIX_OK);
	assert_int_equal(s.id, 11);
	assert_true(s.present);
	assert_int_equal(count(f->s, "SELECT work_id FROM watch"), 10);
	/* Gone for good. */
	sql(f->s, "DELETE FROM works WHERE id = 11;");
	memset(&s, 0, sizeof(s));
	assert_int_equal(cix_store_watch_list(f->s, one_watch, &s, &err),
	    CIX_OK);
	assert_int_equal(s.id, 10);
	assert_false(s.present);

	sql(f->s, "INSERT INTO link_dirty VALUES (1), (2);");
	assert_int_equal(cix_store_link_queued(f->s, &queued, &err), CIX_OK);
	assert_int_equal(queued, 2);
}

static void
test_file_known(void **state)
{
	struct fx *f = *state;
	struct cix_error err;
	int known;

	sql(f->s, "INSERT INTO files (path, sha256, size, mtime) VALUES"
	    " ('/in/a.txt', 'abc', 100, 1700000000);");
	assert_int_equal(cix_store_file_known(f->s, "/in/a.txt", 100,
	    1700000000, &known, &err), CIX_OK);
	assert_true(known);
	assert_int_equal(cix_store_file_known(f->s, "/in/a.txt", 101,
	    1700000000, &known, &err), CIX_OK);
	assert_false(known);
	assert_int_equal(cix_store_file_known(f->s, "/in/a.txt", 100,
	    1700000001, &known, &err), CIX_OK);
	assert_false(known);
	assert_int_equal(cix_store_file_known(f->s, "/in/b.txt", 100,
	    1700000000, &known, &err), CIX_OK);
	assert_false(known);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_inbox_skip),
		cmocka_unit_test_setup_teardown(test_inbox_scan, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_lock, setup, teardown),
		cmocka_unit_test(test_format_nothing_new),
		cmocka_unit_test(test_format_full),
		cmocka_unit_test_setup_teardown(test_runs, setup, teardown),
		cmocka_unit_test_setup_teardown(test_report, setup, teardown),
		cmocka_unit_test_setup_teardown(test_watch_list, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_file_known, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
