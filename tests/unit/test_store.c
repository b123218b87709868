#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>
#include <cmocka.h>
#include <sqlite3.h>

#include "cix.h"
#include "store.h"
#include "tmp_index.h"
#include "store_int.h"

struct fx {
	char dir[64];
	char path[128];
	struct cix_store *s;
};

static int
setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));

	/* A nested path: open must create the directories. */
	tmp_index_open(f->dir, sizeof(f->dir), f->path, sizeof(f->path), &f->s,
	    "store", "a/b/cix.db");
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

/* A record of the sample literature, built by hand. */
static void
make_record(struct cix_record *r, const char *ut, const char *doi,
    const char *da, long tc)
{
	struct cix_author *a;
	struct cix_ref *ref;
	size_t af;

	cix_record_reset(r);
	r->origin = "wos";
	r->line = 3;
	r->ut = ut;
	r->doi = doi;
	r->pubtype = "J";
	r->doctype = "Article";
	cix_record_guess_type(r);
	r->title = "Peer Worker Perspectives on Barriers and Facilitators";
	r->source = "JOURNAL OF EVIDENCE-BASED SOCIAL WORK";
	r->source_abbrev = "J EVID-BASED SOC WO";
	r->year = 2023;
	r->volume = "20";
	r->issue = "1";
	r->first_page = "84";
	r->last_page = "97";
	r->times_cited = tc;
	r->export_date = da;
	cix_record_add_author(r, &a);
	a->family = "Chisholm";
	a->given = "Janice";
	a->full = "Chisholm, Janice";
	a->abbrev = "Chisholm, J";
	cix_record_add_author(r, &a);
	a->family = "Petrakis";
	a->given = "Melissa";
	a->full = "Petrakis, Melissa";
	cix_record_add_affil(r, "Monash Univ, Dept Social Work, Melbourne",
	    "[Chisholm, Janice; Petrakis, Melissa] Monash Univ, Dept Social"
	    " Work, Melbourne", &af);
	cix_record_link_affil(r, 0, af);
	cix_record_link_affil(r, 1, af);
	cix_record_add_str(r, &r->kw_author, "peer workers", 12);
	cix_record_add_str(r, &r->kw_author, "recovery-oriented practice",
	    26);
	cix_record_add_str(r, &r->kw_plus, "LIVED EXPERIENCE", 16);
	cix_record_add_ref(r, "Anthony W., 1993, PSYCHOSOCIAL REHABILITATION"
	    " J, V16, P11, DOI 10.1037/h0095655", 78, &ref);
	ref->parsed = 1;
	ref->f.kind = CIX_REF_ARTICLE;
	ref->f.author = "Anthony";
	ref->f.initials = "W";
	ref->f.year = 1993;
	ref->f.volume = "16";
	ref->f.page = "11";
	ref->f.dois[0] = "10.1037/h0095655";
	ref->f.ndois = 1;
	cix_record_add_ref(r, "[Anonymous], 2013, NATL PRACTICE STANDA", 38,
	    NULL);
	cix_record_add_extra(r, "U1", "3", 1);
	cix_record_add_extra(r, "GA", "7S9XK", 5);
}

static void
put(struct cix_store *s, const struct cix_record *r, int expect,
    int64_t *id)
{
	struct cix_error err;
	int outcome = -1;

	if (cix_store_put_record(s, r, cix_record_hash(r), &outcome, id,
	    &err) < 0)
		fail_msg("put: %s", err.msg);
	if (outcome != expect)
		fail_msg("outcome %d, expected %d", outcome, expect);
}

static int64_t
count(struct cix_store *s, const char *sql)
{
	sqlite3_stmt *st;
	int64_t n = -1;

	assert_int_equal(sqlite3_prepare_v2(cix_store_db(s), sql, -1, &st,
	    NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

static void
test_schema(void **state)
{
	struct fx *f = *state;

	assert_int_equal(count(f->s, "PRAGMA user_version"),
	    CIX_SCHEMA_VERSION);
	assert_int_equal(count(f->s, "SELECT count(*) FROM works"), 0);
	assert_int_equal(access(f->path, F_OK), 0);
}

static void
test_roundtrip(void **state)
{
	struct fx *f = *state;
	struct cix_record r, l;
	struct cix_work_meta m;
	struct cix_error err;
	int64_t id, id2;

	cix_record_init(&r);
	cix_record_init(&l);
	make_record(&r, "WOS:000876543210001", "10.1080/26408066.2022.2118006",
	    "2024-01-10", 6);
	assert_int_equal(cix_store_begin(f->s, &err), CIX_OK);
	put(f->s, &r, CIX_PUT_NEW, &id);
	put(f->s, &r, CIX_PUT_UNCHANGED, &id2);
	assert_int_equal(id, id2);
	assert_int_equal(cix_store_commit(f->s, &err), CIX_OK);

	assert_int_equal(cix_store_load(f->s, id, &l, &m, &err), CIX_OK);
	assert_int_equal(m.kind, CIX_WORK_RECORD);
	assert_string_equal(l.ut, "WOS:000876543210001");
	assert_string_equal(l.doi, "10.1080/26408066.2022.2118006");
	assert_string_equal(l.title, r.title);
	assert_string_equal(l.type, CIX_TYPE_ARTICLE);
	assert_int_equal(l.year, 2023);
	assert_int_equal(l.times_cited, 6);
	assert_int_equal(l.nr, -1);
	assert_int_equal(l.page_count, 0);
	assert_int_equal(l.nauthors, 2);
	assert_string_equal(l.authors[1].family, "Petrakis");
	assert_null(l.authors[1].abbrev);
	assert_int_equal(l.naffils, 1);
	assert_int_equal(l.naa, 2);
	assert_int_equal(l.kw_author.n, 2);
	assert_string_equal(l.kw_author.v[1], "recovery-oriented practice");
	assert_int_equal(l.kw_plus.n, 1);
	assert_int_equal(l.nrefs, 2);
	assert_string_equal(l.refs[0].f.dois[0], "10.1037/h0095655");
	assert_int_equal(l.refs[0].f.year, 1993);
	assert_int_equal(l.refs[1].f.ndois, 0);
	assert_int_equal(l.nextra, 2);
	assert_string_equal(l.extra[1].tag, "GA");
	/* What was stored is what the record says. */
	assert_true(cix_record_hash(&l) == cix_record_hash(&r));
	cix_record_release(&r);
	cix_record_release(&l);
}

static void
test_merge_newer_and_older(void **state)
{
	struct fx *f = *state;
	struct cix_record r, l;
	struct cix_error err;
	int64_t id, id2;

	cix_record_init(&r);
	cix_record_init(&l);
	make_record(&r, "WOS:000876543210001", "10.1080/26408066.2022.2118006",
	    "2024-01-10", 6);
	r.abstract = "An abstract only the first export has.";
	assert_int_equal(cix_store_begin(f->s, &err), CIX_OK);
	put(f->s, &r, CIX_PUT_NEW, &id);

	/* A newer export: new TC, no abstract, no references, a new tag. */
	make_record(&r, "WOS:000876543210001", "10.1080/26408066.2022.2118006",
	    "2025-03-01", 9);
	r.nrefs = 0;
	r.nextra = 0;
	cix_record_add_extra(&r, "WE", "Social Science Citation Index", 29);
	put(f->s, &r, CIX_PUT_UPDATED, &id2);
	assert_int_equal(id, id2);
	assert_int_equal(cix_store_load(f->s, id, &l, NULL, &err), CIX_OK);
	assert_int_equal(l.times_cited, 9);
	assert_string_equal(l.abstract, "An abstract only the first export has.");
	assert_int_equal(l.nrefs, 2);
	assert_int_equal(l.nextra, 3);	/* WE + the older U1 and GA */
	assert_string_equal(l.export_date, "2025-03-01");

	/* An older export says less and older things: nothing changes. */
	make_record(&r, "WOS:000876543210001", "10.1080/26408066.2022.2118006",
	    "2023-06-01", 2);
	put(f->s, &r, CIX_PUT_UNCHANGED, &id2);
	assert_int_equal(cix_store_load(f->s, id, &l, NULL, &err), CIX_OK);
	assert_int_equal(l.times_cited, 9);
	assert_int_equal(count(f->s, "SELECT count(*) FROM works"), 1);
	assert_int_equal(cix_store_commit(f->s, &err), CIX_OK);
	cix_record_release(&r);
	cix_record_release(&l);
}

static void
test_identity(void **state)
{
	struct fx *f = *state;
	struct cix_record r;
	struct cix_error err;
	int64_t a, b, c, id;

	cix_record_init(&r);
	assert_int_equal(cix_store_begin(f->s, &err), CIX_OK);
	/* Two WoS records carrying the same (wrong) DOI are two works. */
	make_record(&r, "WOS:000301364100006", "10.1016/j.joi.2011.12.002",
	    NULL, 1);
	put(f->s, &r, CIX_PUT_NEW, &a);
	make_record(&r, "WOS:000349770500015", "10.1016/j.joi.2011.12.002",
	    NULL, 1);
	r.title = "A general conceptual framework";
	put(f->s, &r, CIX_PUT_NEW, &b);
	assert_true(a != b);
	assert_int_equal(cix_store_find(f->s, "10.1016/J.JOI.2011.12.002",
	    &id, &err), CIX_EAMBIGUOUS);
	assert_non_null(strstr(err.msg, "WOS:000349770500015"));

	/* The same paper from MEDLINE and from WoS: one work by DOI. */
	make_record(&r, "MEDLINE:31719262", "10.1037/prj0000222", NULL, -1);
	put(f->s, &r, CIX_PUT_NEW, &c);
	make_record(&r, "WOS:000383512300004", "10.1037/prj0000222", NULL, 4);
	put(f->s, &r, CIX_PUT_UPDATED, &id);
	assert_int_equal(id, c);

	/* A record without UT joins the work with its DOI. */
	make_record(&r, NULL, "10.1037/PRJ0000222", NULL, -1);
	r.doi = "10.1037/prj0000222";
	r.title = "The peer support workforce";
	put(f->s, &r, CIX_PUT_UPDATED, &id);
	assert_int_equal(id, c);
	assert_int_equal(count(f->s, "SELECT count(*) FROM works"), 3);
	assert_int_equal(cix_store_commit(f->s, &err), CIX_OK);
	cix_record_release(&r);
}

static void
test_cited_only_completed(void **state)
{
	struct fx *f = *state;
	struct cix_record r;
	struct cix_error err;
	struct cix_work_meta m;
	sqlite3 *db = cix_store_db(f->s);
	int64_t cited, citing, id;

	cix_record_init(&r);
	assert_int_equal(sqlite3_exec(db,
	    "INSERT INTO works (kind, doi, year) VALUES (1, '10.1037/h0095655',"
	    " 1993)", NULL, NULL, NULL), SQLITE_OK);
	cited = sqlite3_last_insert_rowid(db);
	assert_int_equal(cix_store_begin(f->s, &err), CIX_OK);
	make_record(&r, "WOS:000876543210001", "10.1080/26408066.2022.2118006",
	    NULL, 6);
	put(f->s, &r, CIX_PUT_NEW, &citing);
	assert_int_equal(cix_store_commit(f->s, &err), CIX_OK);
	assert_int_equal(sqlite3_exec(db, "INSERT INTO links (citing_id, pos,"
	    " cited_id, method, confidence) SELECT citing_id, pos,"
	    " (SELECT id FROM works WHERE doi = '10.1037/h0095655'), 1, 1"
	    " FROM refs WHERE doi = '10.1037/h0095655'", NULL, NULL,
	    NULL), SQLITE_OK);

	/* The full record arrives: the node is completed in place. */
	assert_int_equal(cix_store_begin(f->s, &err), CIX_OK);
	make_record(&r, "WOS:A1993LG10200002", "10.1037/H0095655", NULL, 900);
	r.doi = "10.1037/h0095655";
	r.title = "Recovery from mental illness";
	r.year = 1993;
	put(f->s, &r, CIX_PUT_NEW, &id);
	assert_int_equal(cix_store_commit(f->s, &err), CIX_OK);
	assert_int_equal(id, cited);
	assert_int_equal(cix_store_load(f->s, id, &r, &m, &err), CIX_OK);
	assert_int_equal(m.kind, CIX_WORK_RECORD);
	assert_int_equal(m.lcs, 1);
	assert_string_equal(r.title, "Recovery from mental illness");
	assert_int_equal(count(f->s, "SELECT count(*) FROM works"), 2);
	assert_int_equal(cix_store_load(f->s, citing, &r, &m, &err), CIX_OK);
	assert_int_equal(m.lcr, 1);
	assert_int_equal(r.refs[0].cited_id, cited);
	assert_int_equal(r.refs[0].method, CIX_LINK_DOI);
	cix_record_release(&r);
}

static void
test_file_rollback(void **state)
{
	struct fx *f = *state;
	struct cix_record r;
	struct cix_error err;
	struct cix_file_info fi = { "x.txt", "ab12", 10, 0, "wos" };
	struct cix_import_counts c = { 1, 1, 0, 0, 2, 0 };
	int64_t seen, id;
	struct cix_import_counts seen_counts;

	cix_record_init(&r);
	assert_int_equal(cix_store_file_begin(f->s, &fi, &seen, &seen_counts,
	    &err), CIX_OK);
	assert_int_equal(seen, 0);
	make_record(&r, "WOS:000876543210001", NULL, NULL, 6);
	put(f->s, &r, CIX_PUT_NEW, &id);
	cix_store_file_rollback(f->s);
	assert_int_equal(count(f->s, "SELECT count(*) FROM works"), 0);
	assert_int_equal(count(f->s, "SELECT count(*) FROM files"), 0);
	assert_int_equal(count(f->s, "SELECT count(*) FROM refs"), 0);

	assert_int_equal(cix_store_file_begin(f->s, &fi, &seen, &seen_counts,
	    &err), CIX_OK);
	put(f->s, &r, CIX_PUT_NEW, &id);
	assert_int_equal(cix_store_file_commit(f->s, &fi, &c, &err), CIX_OK);
	assert_int_equal(count(f->s, "SELECT count(*) FROM work_files"), 1);
	assert_int_equal(cix_store_file_begin(f->s, &fi, &seen, &seen_counts,
	    &err), CIX_OK);
	assert_true(seen > 0);
	assert_int_equal(seen_counts.records, 1);
	assert_int_equal(seen_counts.refs, 2);
	cix_store_file_rollback(f->s);
	cix_record_release(&r);
}

static int
collect(void *ctx, int64_t id)
{
	int64_t *n = ctx;

	(void)id;
	(*n)++;
	return 0;
}

static int64_t
nsearch(struct cix_store *s, const struct cix_query *q)
{
	struct cix_error err;
	int64_t n = 0;

	if (cix_store_search(s, q, collect, &n, &err) < 0)
		fail_msg("search: %s", err.msg);
	return n;
}

static void
test_search_and_find(void **state)
{
	struct fx *f = *state;
	struct cix_record r;
	struct cix_error err;
	struct cix_query q;
	struct cix_stats st;
	int64_t id, x;

	cix_record_init(&r);
	assert_int_equal(cix_store_begin(f->s, &err), CIX_OK);
	make_record(&r, "WOS:000876543210001", "10.1080/26408066.2022.2118006",
	    NULL, 6);
	r.pmid = "36000001";
	put(f->s, &r, CIX_PUT_NEW, &id);
	assert_int_equal(cix_store_commit(f->s, &err), CIX_OK);

	memset(&q, 0, sizeof(q));
	q.text = "facilitators";
	assert_int_equal(nsearch(f->s, &q), 1);
	q.text = "facilitat*";
	assert_int_equal(nsearch(f->s, &q), 1);
	q.text = "petrakis";		/* authors are indexed */
	assert_int_equal(nsearch(f->s, &q), 1);
	q.text = "\"lived experience\"";	/* quotes are not syntax */
	assert_int_equal(nsearch(f->s, &q), 1);
	q.text = "peer AND OR NOT )(";	/* FTS operators are just words */
	assert_int_equal(nsearch(f->s, &q), 0);
	q.text = NULL;
	q.author = "chisholm";
	assert_int_equal(nsearch(f->s, &q), 1);
	q.author = "%";			/* LIKE wildcards are literal */
	assert_int_equal(nsearch(f->s, &q), 0);
	q.author = NULL;
	q.keyword = "peer workers";
	q.source = "EVID-BASED";
	q.year_from = 2020;
	q.year_to = 2023;
	assert_int_equal(nsearch(f->s, &q), 1);
	q.year_to = 2022;
	assert_int_equal(nsearch(f->s, &q), 0);
	q.year_to = 0;
	q.title = "barriers peer";
	assert_int_equal(nsearch(f->s, &q), 1);
	q.title = "abstract";
	assert_int_equal(nsearch(f->s, &q), 0);

	static const char *const names[] = {
		"10.1080/26408066.2022.2118006",
		"doi:10.1080/26408066.2022.2118006",
		"https://doi.org/10.1080/26408066.2022.2118006",
		"DOI 10.1080/26408066.2022.2118006",
		"WOS:000876543210001",
		"wos:000876543210001",
		"000876543210001",
		"pmid:36000001",
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (cix_store_find(f->s, names[i], &x, &err) < 0)
			fail_msg("find '%s': %s", names[i], err.msg);
		assert_int_equal(x, id);
	}
	char idname[32];

	snprintf(idname, sizeof(idname), "#%lld", (long long)id);
	assert_int_equal(cix_store_find(f->s, idname, &x, &err), CIX_OK);
	assert_int_equal(cix_store_find(f->s, "#99999", &x, &err),
	    CIX_ENOTFOUND);
	assert_int_equal(cix_store_find(f->s, "10.9999/nothing", &x, &err),
	    CIX_ENOTFOUND);
	assert_int_equal(cix_store_find(f->s, "hello", &x, &err), CIX_EINVAL);
	assert_int_equal(cix_store_find(f->s, "#x", &x, &err), CIX_EINVAL);

	assert_int_equal(cix_store_stats(f->s, &st, &err), CIX_OK);
	assert_int_equal(st.works, 1);
	assert_int_equal(st.records, 1);
	assert_int_equal(st.refs, 2);
	cix_record_release(&r);
}

/* Search results for text alone. */
static int64_t
hits(struct cix_store *s, const char *text)
{
	struct cix_query q;

	memset(&q, 0, sizeof(q));
	q.text = text;
	return nsearch(s, &q);
}

/* FTS5 finds its index consistent with the works it indexes. */
static void
fts_check(struct cix_store *s)
{
	assert_int_equal(sqlite3_exec(cix_store_db(s),
	    "INSERT INTO works_fts(works_fts) VALUES ('integrity-check')",
	    NULL, NULL, NULL), SQLITE_OK);
}

/* The full-text index is fed in batches: works new in a transaction are
 * indexed at the batch's end, before any update of a work and before
 * commit; an update of a queued work must not unindex what is not there
 * (FTS5 would then hold wrong data: integrity-check catches it).
 * fts_fill writes the works, fts_expect checks what the index finds. */
static void
fts_fill(struct cix_store *s)
{
	struct cix_record r;
	struct cix_error err;
	char ut[32], title[64];
	int64_t id;
	int i;

	cix_record_init(&r);
	assert_int_equal(cix_store_begin(s, &err), CIX_OK);
	/* 2,500 works: two full batches and a part. */
	for (i = 0; i < 2500; i++) {
		snprintf(ut, sizeof(ut), "WOS:%015d", i + 1);
		make_record(&r, ut, NULL, NULL, 1);
		snprintf(title, sizeof(title), "Batch %s number w%d",
		    i % 2 ? "odd" : "even", i);
		r.title = title;
		put(s, &r, CIX_PUT_NEW, &id);
		/* A work updated while still queued (the same record
		 * again, newer): its new title replaces the old.  The
		 * first is updated while the index is still empty. */
		if (i == 0 || i == 1700) {
			r.title = i ? "Renamed in the same transaction" :
			    "Retitled first";
			r.export_date = "2030-01-01";
			put(s, &r, CIX_PUT_UPDATED, &id);
		}
	}
	assert_int_equal(cix_store_commit(s, &err), CIX_OK);

	/* A rolled-back transaction leaves nothing queued behind. */
	assert_int_equal(cix_store_begin(s, &err), CIX_OK);
	make_record(&r, "WOS:999999999999999", NULL, NULL, 1);
	r.title = "Never committed";
	put(s, &r, CIX_PUT_NEW, &id);
	cix_store_rollback(s);
	/* A work of an earlier transaction updated in a later one. */
	assert_int_equal(cix_store_begin(s, &err), CIX_OK);
	make_record(&r, "WOS:999999999999998", NULL, NULL, 1);
	r.title = "Committed after the rollback";
	put(s, &r, CIX_PUT_NEW, &id);
	make_record(&r, "WOS:000000000000003", NULL, "2031-01-01", 1);
	r.title = "Third work renamed later";
	put(s, &r, CIX_PUT_UPDATED, &id);
	assert_int_equal(cix_store_commit(s, &err), CIX_OK);
	cix_record_release(&r);
}

static void
fts_expect(struct cix_store *s)
{
	fts_check(s);
	assert_int_equal(count(s, "SELECT count(*) FROM works_fts"
	    " WHERE works_fts MATCH 'batch'"), 2497);
	assert_int_equal(count(s, "SELECT count(*) FROM works_fts"
	    " WHERE works_fts MATCH 'odd'"), 1250);
	assert_int_equal(count(s, "SELECT count(*) FROM works_fts"
	    " WHERE works_fts MATCH 'w1700 OR w0 OR w2'"), 0);
	assert_int_equal(hits(s, "renamed"), 2);
	assert_int_equal(hits(s, "third"), 1);
	assert_int_equal(hits(s, "w2499"), 1);
	assert_int_equal(hits(s, "retitled"), 1);
	assert_int_equal(hits(s, "w1"), 1);
	assert_int_equal(hits(s, "never"), 0);
	assert_int_equal(hits(s, "rollback"), 1);
}

static void
test_fts_batches(void **state)
{
	struct fx *f = *state;

	fts_fill(f->s);
	fts_expect(f->s);
}

/* The files in dir whose names start with prefix. */
static int
count_files(const char *dir, const char *prefix)
{
	char cmd[256], buf[32] = "";
	FILE *p;

	snprintf(cmd, sizeof(cmd), "ls -a '%s' | grep -c '^%s'", dir,
	    prefix);
	assert_non_null(p = popen(cmd, "r"));
	if (fgets(buf, sizeof(buf), p) == NULL)
		buf[0] = '\0';
	pclose(p);
	return atoi(buf);
}

/* A pid no process has: a child's, once it is reaped. */
static long
dead_pid(void)
{
	pid_t pid = fork();

	assert_true(pid >= 0);
	if (pid == 0)
		_exit(0);
	assert_int_equal(waitpid(pid, NULL, 0), pid);
	return (long)pid;
}

/* A new index built privately (its full-text index by a thread of its
 * own, copied in at publication) ends exactly as one built in place. */
static void
test_bulk_publish(void **state)
{
	struct fx *f = *state;
	struct cix_store *b;
	struct cix_error err;
	char path[160], stale[200];
	FILE *fp;

	snprintf(path, sizeof(path), "%s/a/new.db", f->dir);
	/* What a killed bulk import left, and a live process's file. */
	snprintf(stale, sizeof(stale), "%s.bulk-%ld-fts", path, dead_pid());
	assert_non_null(fp = fopen(stale, "w"));
	fclose(fp);
	snprintf(stale, sizeof(stale), "%s.bulk-1", path);
	assert_non_null(fp = fopen(stale, "w"));
	fclose(fp);

	assert_int_equal(cix_store_open(&b, path, CIX_STORE_BULK, &err),
	    CIX_OK);
	assert_int_equal(cix_store_is_private(b), 1);
	assert_int_equal(access(path, F_OK), -1);
	fts_fill(b);
	/* Its full-text index stays empty until publication. */
	assert_int_equal(count(b, "SELECT count(*) FROM works_fts_docsize"),
	    0);
	assert_int_equal(cix_store_publish(&b, &err), CIX_OK);
	assert_non_null(b);
	assert_int_equal(cix_store_is_private(b), 0);
	assert_string_equal(cix_store_path(b), path);
	fts_expect(b);
	/* The triggers that keep the index are back, and keep it. */
	assert_int_equal(count(b, "SELECT count(*) FROM sqlite_schema"
	    " WHERE type = 'trigger' AND name LIKE 'works_fts_%'"), 2);
	assert_int_equal(sqlite3_exec(cix_store_db(b), "UPDATE works SET"
	    " title = 'Changed afterwards' WHERE ut = 'WOS:000000000000005'",
	    NULL, NULL, NULL), SQLITE_OK);
	fts_check(b);
	assert_int_equal(hits(b, "afterwards"), 1);
	assert_int_equal(count(b, "SELECT count(*) FROM pragma_journal_mode"
	    " WHERE journal_mode = 'wal'"), 1);
	cix_store_close(b);
	/* Only the index, and the live process's file, remain. */
	snprintf(path, sizeof(path), "%s/a", f->dir);
	assert_int_equal(count_files(path, "new.db"), 2);
	assert_int_equal(count_files(path, "new.db.bulk-1$"), 1);

	/* An index that exists is opened in place, flag or not. */
	snprintf(path, sizeof(path), "%s/a/new.db", f->dir);
	assert_int_equal(cix_store_open(&b, path, CIX_STORE_BULK, &err),
	    CIX_OK);
	assert_int_equal(cix_store_is_private(b), 0);
	assert_int_equal(cix_store_publish(&b, &err), CIX_OK);
	assert_int_equal(hits(b, "renamed"), 2);
	cix_store_close(b);
}

/* A private index given up leaves nothing; one whose name was taken
 * meanwhile is not put over the other. */
static void
test_bulk_discard_and_exists(void **state)
{
	struct fx *f = *state;
	struct cix_store *b, *other;
	struct cix_error err;
	char path[160];

	snprintf(path, sizeof(path), "%s/c/x.db", f->dir);
	assert_int_equal(cix_store_open(&b, path, CIX_STORE_BULK, &err),
	    CIX_OK);
	fts_fill(b);
	cix_store_close(b);
	snprintf(path, sizeof(path), "%s/c", f->dir);
	assert_int_equal(count_files(path, "x.db"), 0);

	snprintf(path, sizeof(path), "%s/c/x.db", f->dir);
	assert_int_equal(cix_store_open(&b, path, CIX_STORE_BULK, &err),
	    CIX_OK);
	fts_fill(b);
	assert_int_equal(cix_store_open(&other, path, 0, &err), CIX_OK);
	assert_int_equal(cix_store_publish(&b, &err), CIX_EEXIST);
	assert_null(b);
	assert_non_null(strstr(err.msg, "appeared"));
	assert_int_equal(count(other, "SELECT count(*) FROM works"), 0);
	cix_store_close(other);
	snprintf(path, sizeof(path), "%s/c", f->dir);
	assert_int_equal(count_files(path, "x.db.bulk"), 0);
}

/* An index built with the sorter on disk, inside a transaction, with and
 * without a temporary schema (then it sorts in memory); either way the
 * connection's settings come back. */
static void
test_build_indexes(void **state)
{
	struct fx *f = *state;
	sqlite3 *db = cix_store_db(f->s);
	struct cix_error err;
	int round;

	assert_int_equal(sqlite3_exec(db, "CREATE TABLE t (x INTEGER);"
	    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n"
	    " WHERE i < 200000) INSERT INTO t SELECT (i * 7919) % 200003"
	    " FROM n", NULL, NULL, NULL), SQLITE_OK);
	for (round = 0; round < 2; round++) {
		if (round == 1)
			assert_int_equal(sqlite3_exec(db, "CREATE TEMP TABLE z"
			    " (a)", NULL, NULL, NULL), SQLITE_OK);
		assert_int_equal(cix_store_begin(f->s, &err), CIX_OK);
		assert_int_equal(cix_store_build_indexes(f->s,
		    "CREATE INDEX t_x ON t(x)", &err), CIX_OK);
		assert_int_equal(count(f->s, "SELECT count(*) FROM"
		    " (SELECT x, lag(x) OVER () AS p FROM t INDEXED BY t_x"
		    " WHERE x >= 0) WHERE p > x"), 0);
		assert_int_equal(count(f->s, "PRAGMA temp_store"), 2);
		assert_int_equal(count(f->s, "PRAGMA cache_size"),
		    -32768);
		/* A failed build leaves them too. */
		assert_int_equal(cix_store_build_indexes(f->s,
		    "CREATE INDEX t_x ON t(x)", &err), CIX_EDB);
		assert_non_null(strstr(err.msg, "t_x"));
		assert_int_equal(count(f->s, "PRAGMA temp_store"), 2);
		assert_int_equal(count(f->s, "PRAGMA cache_size"),
		    -32768);
		cix_store_rollback(f->s);
	}
}

static void
test_newer_schema_refused(void **state)
{
	struct fx *f = *state;
	struct cix_store *s2;
	struct cix_error err;

	assert_int_equal(sqlite3_exec(cix_store_db(f->s),
	    "PRAGMA user_version = 999", NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(cix_store_open(&s2, f->path, 0, &err), CIX_EINVAL);
	assert_non_null(strstr(err.msg, "upgrade cix"));
	assert_int_equal(cix_store_open(&s2, "/nonexistent/x.db",
	    CIX_STORE_NOCREATE, &err), CIX_ENOTFOUND);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_schema, setup, teardown),
		cmocka_unit_test_setup_teardown(test_roundtrip, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_merge_newer_and_older,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_identity, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_cited_only_completed,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_file_rollback, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_search_and_find, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_fts_batches, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_bulk_publish, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_bulk_discard_and_exists,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_build_indexes, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_newer_schema_refused,
		    setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
