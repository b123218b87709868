/*
 * store_schema.h - the SQL schema of the index and its migrations.
 *
 * Private to store*.c.  migrations[v] takes a database at user_version v
 * to v + 1; a new database runs them all.  Never edit a migration that has
 * shipped: add the next one.
 */
#ifndef CIX_STORE_SCHEMA_H
#define CIX_STORE_SCHEMA_H

/* Version 0 -> 1: the first schema. */
#define CIX_SCHEMA_V1 \
"CREATE TABLE works (\n" \
"  id INTEGER PRIMARY KEY,\n" \
"  kind INTEGER NOT NULL DEFAULT 0,\n" \
"  doi TEXT, ut TEXT, pmid TEXT, isbn TEXT,\n" \
"  type TEXT, pubtype TEXT, doctype TEXT,\n" \
"  title TEXT, title_markup TEXT, abstract TEXT, language TEXT,\n" \
"  year INTEGER, month INTEGER, day INTEGER, pubdate TEXT,\n" \
"  early_access TEXT,\n" \
"  source TEXT, source_abbrev TEXT, source_iso TEXT, series TEXT,\n" \
"  volume TEXT, issue TEXT, part TEXT, supplement TEXT,\n" \
"  special_issue TEXT, first_page TEXT, last_page TEXT,\n" \
"  article_no TEXT, page_count INTEGER,\n" \
"  publisher TEXT, publisher_city TEXT, publisher_addr TEXT,\n" \
"  issn TEXT, eissn TEXT, conference TEXT, conf_date TEXT,\n" \
"  conf_place TEXT, url TEXT, license TEXT,\n" \
"  subjects TEXT, research_areas TEXT,\n" \
"  times_cited INTEGER, times_cited_all INTEGER, tc_date TEXT,\n" \
"  nr INTEGER, funding TEXT, funding_text TEXT, reprint TEXT,\n" \
"  emails TEXT, export_date TEXT,\n" \
"  origin TEXT,\n" \
"  au_text TEXT, kw_text TEXT,\n" \
"  au_key TEXT, au_init TEXT,\n" \
"  rec_hash TEXT,\n" \
"  ref_key TEXT,\n" \
"  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),\n" \
"  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now'))\n" \
");\n" \
"CREATE INDEX works_doi ON works(doi) WHERE doi IS NOT NULL;\n" \
"CREATE UNIQUE INDEX works_ut ON works(ut) WHERE ut IS NOT NULL;\n" \
"CREATE INDEX works_pmid ON works(pmid) WHERE pmid IS NOT NULL;\n" \
"CREATE INDEX works_kind_year ON works(kind, year);\n" \
"\n" \
"-- What the link pass computes for each work of the citation graph,\n" \
"-- rewritten as a whole by each pass (narrow: cheap to rewrite).\n" \
"CREATE TABLE work_metrics (\n" \
"  id INTEGER PRIMARY KEY,\n" \
"  lcs INTEGER NOT NULL DEFAULT 0,\n" \
"  lcr INTEGER NOT NULL DEFAULT 0,\n" \
"  pagerank REAL\n" \
");\n" \
"CREATE INDEX work_metrics_lcs ON work_metrics(lcs) WHERE lcs > 0;\n" \
"\n" \
"-- Works whose links must be looked at again by the next link pass.\n" \
"CREATE TABLE link_dirty (work_id INTEGER PRIMARY KEY);\n" \
"CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;\n" \
"\n" \
"CREATE TABLE authors (\n" \
"  work_id INTEGER NOT NULL REFERENCES works(id) ON DELETE CASCADE,\n" \
"  pos INTEGER NOT NULL, role INTEGER NOT NULL DEFAULT 0,\n" \
"  family TEXT, given TEXT, full TEXT, abbrev TEXT,\n" \
"  orcid TEXT, rid TEXT, corporate INTEGER NOT NULL DEFAULT 0,\n" \
"  PRIMARY KEY (work_id, pos)\n" \
") WITHOUT ROWID;\n" \
"\n" \
"CREATE TABLE affiliations (\n" \
"  work_id INTEGER NOT NULL REFERENCES works(id) ON DELETE CASCADE,\n" \
"  pos INTEGER NOT NULL, address TEXT, raw TEXT,\n" \
"  PRIMARY KEY (work_id, pos)\n" \
") WITHOUT ROWID;\n" \
"CREATE TABLE author_affils (\n" \
"  work_id INTEGER NOT NULL REFERENCES works(id) ON DELETE CASCADE,\n" \
"  author_pos INTEGER NOT NULL, affil_pos INTEGER NOT NULL,\n" \
"  PRIMARY KEY (work_id, author_pos, affil_pos)\n" \
") WITHOUT ROWID;\n" \
"\n" \
"CREATE TABLE keywords (\n" \
"  work_id INTEGER NOT NULL REFERENCES works(id) ON DELETE CASCADE,\n" \
"  kind TEXT NOT NULL CHECK (kind IN ('author', 'plus')),\n" \
"  pos INTEGER NOT NULL, keyword TEXT NOT NULL,\n" \
"  PRIMARY KEY (work_id, kind, pos)\n" \
") WITHOUT ROWID;\n" \
"\n" \
"CREATE TABLE extra_tags (\n" \
"  work_id INTEGER NOT NULL REFERENCES works(id) ON DELETE CASCADE,\n" \
"  pos INTEGER NOT NULL, tag TEXT NOT NULL, value TEXT NOT NULL,\n" \
"  PRIMARY KEY (work_id, pos)\n" \
") WITHOUT ROWID;\n" \
"\n" \
"-- One row per cited reference, clustered by citing work (the\n" \
"-- references of a work are one range); written at import, then left\n" \
"-- alone.\n" \
"CREATE TABLE refs (\n" \
"  citing_id INTEGER NOT NULL REFERENCES works(id) ON DELETE CASCADE,\n" \
"  pos INTEGER NOT NULL,\n" \
"  raw TEXT NOT NULL,\n" \
"  origin TEXT,\n" \
"  kind INTEGER NOT NULL DEFAULT 0,\n" \
"  author TEXT, initials TEXT, year INTEGER, source TEXT, title TEXT,\n" \
"  volume TEXT, issue TEXT, page TEXT, artno TEXT,\n" \
"  doi TEXT, dois TEXT,\n" \
"  PRIMARY KEY (citing_id, pos)\n" \
") WITHOUT ROWID;\n" \
"\n" \
"-- The citation graph: which work each reference names, how that was\n" \
"-- decided and how sure it is.  Narrow, so that linking appends rows\n" \
"-- rather than rewriting references, and graph queries read little.\n" \
"CREATE TABLE links (\n" \
"  citing_id INTEGER NOT NULL,\n" \
"  pos INTEGER NOT NULL,\n" \
"  cited_id INTEGER NOT NULL REFERENCES works(id),\n" \
"  method INTEGER NOT NULL,\n" \
"  confidence REAL NOT NULL,\n" \
"  PRIMARY KEY (citing_id, pos),\n" \
"  FOREIGN KEY (citing_id, pos) REFERENCES refs (citing_id, pos)\n" \
"    ON DELETE CASCADE\n" \
") WITHOUT ROWID;\n" \
"CREATE INDEX links_cited ON links(cited_id);\n" \
"\n" \
"CREATE TABLE files (\n" \
"  id INTEGER PRIMARY KEY,\n" \
"  path TEXT NOT NULL, sha256 TEXT NOT NULL, size INTEGER NOT NULL,\n" \
"  mtime INTEGER, format TEXT,\n" \
"  imported_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),\n" \
"  records INTEGER NOT NULL DEFAULT 0, new INTEGER NOT NULL DEFAULT 0,\n" \
"  updated INTEGER NOT NULL DEFAULT 0,\n" \
"  unchanged INTEGER NOT NULL DEFAULT 0,\n" \
"  refs INTEGER NOT NULL DEFAULT 0\n" \
");\n" \
"CREATE UNIQUE INDEX files_sha256 ON files(sha256);\n" \
"CREATE TABLE work_files (\n" \
"  work_id INTEGER NOT NULL REFERENCES works(id) ON DELETE CASCADE,\n" \
"  file_id INTEGER NOT NULL REFERENCES files(id) ON DELETE CASCADE,\n" \
"  line INTEGER,\n" \
"  PRIMARY KEY (work_id, file_id)\n" \
") WITHOUT ROWID;\n" \
"\n" \
"CREATE TABLE field_sources (\n" \
"  work_id INTEGER NOT NULL REFERENCES works(id) ON DELETE CASCADE,\n" \
"  field TEXT NOT NULL, source TEXT NOT NULL,\n" \
"  at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),\n" \
"  PRIMARY KEY (work_id, field)\n" \
") WITHOUT ROWID;\n" \
"CREATE TABLE conflicts (\n" \
"  work_id INTEGER NOT NULL REFERENCES works(id) ON DELETE CASCADE,\n" \
"  field TEXT NOT NULL, source TEXT NOT NULL, value TEXT,\n" \
"  at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),\n" \
"  PRIMARY KEY (work_id, field, source)\n" \
") WITHOUT ROWID;\n" \
"\n" \
"CREATE VIRTUAL TABLE works_fts USING fts5(\n" \
"  title, abstract, kw_text, au_text,\n" \
"  content='works', content_rowid='id',\n" \
"  tokenize='unicode61 remove_diacritics 2'\n" \
");\n" \
"-- Works known only from references (kind 1) have no text worth\n" \
"-- indexing; keeping them out of FTS keeps bulk linking fast.\n" \
"-- FTS5 leaves as large as the database's pages (16 KiB, not 4 KiB):\n" \
"-- about 10% less work per imported record, measured.\n" \
"INSERT INTO works_fts(works_fts, rank) VALUES ('pgsz', 16000);\n" \
"CREATE TRIGGER works_fts_ai AFTER INSERT ON works WHEN new.kind != 1\n" \
"BEGIN\n" \
"  INSERT INTO works_fts(rowid, title, abstract, kw_text, au_text)\n" \
"  VALUES (new.id, new.title, new.abstract, new.kw_text, new.au_text);\n" \
"END;\n" \
"CREATE TRIGGER works_fts_ad AFTER DELETE ON works WHEN old.kind != 1\n" \
"BEGIN\n" \
"  INSERT INTO works_fts(works_fts, rowid, title, abstract, kw_text,\n" \
"    au_text)\n" \
"  VALUES ('delete', old.id, old.title, old.abstract, old.kw_text,\n" \
"    old.au_text);\n" \
"END;\n" \
"CREATE TRIGGER works_fts_au AFTER UPDATE OF title, abstract, kw_text,\n" \
"  au_text, kind ON works BEGIN\n" \
"  INSERT INTO works_fts(works_fts, rowid, title, abstract, kw_text,\n" \
"    au_text)\n" \
"  SELECT 'delete', old.id, old.title, old.abstract, old.kw_text,\n" \
"    old.au_text WHERE old.kind != 1;\n" \
"  INSERT INTO works_fts(rowid, title, abstract, kw_text, au_text)\n" \
"  SELECT new.id, new.title, new.abstract, new.kw_text, new.au_text\n" \
"  WHERE new.kind != 1;\n" \
"END;\n"

#define CIX_SCHEMA_V2 \
"CREATE TABLE dois (\n" \
"  doi TEXT PRIMARY KEY,\n" \
"  state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN\n" \
"    ('pending', 'resolved', 'notfound', 'failed', 'invalid')),\n" \
"  ra TEXT,\n" \
"  source TEXT,\n" \
"  tries INTEGER NOT NULL DEFAULT 0,\n" \
"  asked_at TEXT,\n" \
"  next_try TEXT,\n" \
"  resolved_at TEXT,\n" \
"  http_status INTEGER,\n" \
"  error TEXT,\n" \
"  etag TEXT,\n" \
"  last_modified TEXT,\n" \
"  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now'))\n" \
") WITHOUT ROWID;\n" \
"CREATE INDEX dois_state ON dois(state, next_try);\n" \
"CREATE TABLE doi_ra (\n" \
"  prefix TEXT PRIMARY KEY,\n" \
"  ra TEXT NOT NULL,\n" \
"  checked_at TEXT NOT NULL\n" \
") WITHOUT ROWID;\n"

/*
 * Version 2 -> 3: citation keys.  The key each work was given under each
 * key pattern, so that it keeps it in later exports (citekey.c).  Keys
 * are unique per pattern the way BibTeX compares them (ASCII case
 * folded).  Rows of deleted works stay: their keys are not handed out
 * again.
 */
#define CIX_SCHEMA_V3 \
"CREATE TABLE citekeys (\n" \
"  pattern TEXT NOT NULL,\n" \
"  work_id INTEGER NOT NULL,\n" \
"  key TEXT NOT NULL,\n" \
"  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),\n" \
"  PRIMARY KEY (pattern, work_id)\n" \
") WITHOUT ROWID;\n" \
"CREATE UNIQUE INDEX citekeys_key ON citekeys(pattern, key COLLATE NOCASE);\n"

/*
 * Version 3 -> 4: cix update.  One row per update run (a run that died
 * stays 'running'; the next run, which holds the lock, marks it
 * 'killed').  The works the user watches, with what finds them again
 * when their id changes (a cited-only work completed by a record, a
 * relink).  What the last report saw, so that the next one tells what is
 * new whoever made it (update, import, resolve, link --reset): the works
 * that were records or resolved, and the citations between records and
 * to watched works, by work id (stable for records; links are not, as
 * `cix link --reset` rebuilds them).
 */
#define CIX_SCHEMA_V4 \
"CREATE TABLE runs (\n" \
"  id INTEGER PRIMARY KEY,\n" \
"  started_at TEXT NOT NULL,\n" \
"  ended_at TEXT,\n" \
"  status TEXT NOT NULL DEFAULT 'running' CHECK (status IN\n" \
"    ('running', 'ok', 'partial', 'failed', 'interrupted', 'killed')),\n" \
"  pid INTEGER,\n" \
"  phase TEXT,\n" \
"  files_seen INTEGER NOT NULL DEFAULT 0,\n" \
"  files_imported INTEGER NOT NULL DEFAULT 0,\n" \
"  files_failed INTEGER NOT NULL DEFAULT 0,\n" \
"  records INTEGER NOT NULL DEFAULT 0,\n" \
"  dois_asked INTEGER NOT NULL DEFAULT 0,\n" \
"  dois_resolved INTEGER NOT NULL DEFAULT 0,\n" \
"  dois_failed INTEGER NOT NULL DEFAULT 0,\n" \
"  requests INTEGER NOT NULL DEFAULT 0,\n" \
"  refs_linked INTEGER NOT NULL DEFAULT 0,\n" \
"  new_works INTEGER,\n" \
"  new_citations INTEGER,\n" \
"  newly_resolved INTEGER,\n" \
"  watched_citations INTEGER,\n" \
"  report TEXT,\n" \
"  error TEXT\n" \
");\n" \
"CREATE TABLE watch (\n" \
"  work_id INTEGER PRIMARY KEY,\n" \
"  doi TEXT, ut TEXT, ref_key TEXT,\n" \
"  added_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now'))\n" \
");\n" \
"CREATE TABLE seen_works (\n" \
"  id INTEGER PRIMARY KEY,\n" \
"  kind INTEGER NOT NULL,\n" \
"  resolved INTEGER NOT NULL DEFAULT 0\n" \
");\n" \
"CREATE TABLE seen_cites (\n" \
"  citing_id INTEGER NOT NULL,\n" \
"  cited_id INTEGER NOT NULL,\n" \
"  PRIMARY KEY (citing_id, cited_id)\n" \
") WITHOUT ROWID;\n" \
"CREATE INDEX seen_cites_cited ON seen_cites(cited_id);\n"

/*
 * Version 4 -> 5: new works reach the full-text index in batches, not
 * one by one from a trigger.  Every statement that writes a work opens a
 * savepoint, and FTS5 writes out what it holds at each savepoint: one
 * tiny segment per record, then merging them, made FTS5 about 60% of an
 * import's time.  The store now adds each batch of new works with one
 * INSERT ... SELECT (cix_store_fts_flush); the triggers for updates and
 * deletes stay.
 */
#define CIX_SCHEMA_V5 \
"DROP TRIGGER works_fts_ai;\n"

/*
 * Version 5 -> 6: the works citing each much-cited work, as one packed
 * list, rewritten by each link pass with the metrics.  Bibliographic
 * coupling reads every work citing each reference of a work; for the
 * classics cited by thousands that was a row per citer and most of the
 * query's time.  citers: the ascending ids, each as its difference to the
 * one before (the first as itself), in 7-bit groups, low first, the high
 * bit set on all but the last byte of a number.  Valid while link_dirty
 * is empty (links change only in a link pass, or with works queued).
 */
#define CIX_SCHEMA_V6 \
"CREATE TABLE cited_citers (\n" \
"  cited_id INTEGER PRIMARY KEY,\n" \
"  n INTEGER NOT NULL,\n" \
"  citers BLOB NOT NULL\n" \
");\n"

#endif
