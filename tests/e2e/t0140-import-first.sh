#!/bin/sh
# The first import builds the index in a private file and puts it in
# place at the end: what failed is not in it, a run that imports nothing
# creates nothing, and no private file stays behind.
. "${CIX_SRCDIR:-.}/tests/e2e/lib.sh"
command -v sqlite3 >/dev/null 2>&1 || skip "sqlite3 is not installed"

leftovers() {
	ls -a "$tmp" | grep -c '\.bulk-' || true
}

# Nothing imported: no index at all, nothing left beside it.
printf 'not a record\n' >"$tmp/bad.txt"
expect_status 1 cix import "$tmp/bad.txt"
[ ! -e "$CIX_DB" ] || fail "a failed first import created an index"
expect_eq "$(leftovers)" 0 "private files after a failed first import"
expect_status 1 cix stats

# A good file, then a bad one: the good one is in the index, searchable.
expect_status 4 cix import "$samples/peerwork.txt" "$tmp/bad.txt"
expect_grep "not imported" "$tmp/err"
expect_eq "$(stat records)" 30 \
    "records after a first import with a failed file"
expect_eq "$(leftovers)" 0 "private files after a first import"
cix search --format tsv peer >"$tmp/hits"
[ "$(wc -l <"$tmp/hits")" -gt 1 ] || fail "full-text search finds nothing"
[ "$(sqlite3 "$CIX_DB" 'PRAGMA journal_mode')" = wal ] ||
    fail "the published index is not in WAL mode"
[ "$(sqlite3 "$CIX_DB" "INSERT INTO works_fts(works_fts) VALUES ('integrity-check'); SELECT 'ok'")" = ok ] ||
    fail "full-text index inconsistent"

# Two files in a first import, or one and then the other: the same rows
# (without linking between, which would number cited-only works first).
CIX_DB=$tmp/two.db cix import --no-link "$samples/peerwork-tab.txt" >/dev/null
CIX_DB=$tmp/two.db cix import --no-link "$samples/peerwork-update.txt" \
    >/dev/null
CIX_DB=$tmp/one.db cix import --no-link "$samples/peerwork-tab.txt" \
    "$samples/peerwork-update.txt" >/dev/null
for db in one two; do
	CIX_DB=$tmp/$db.db cix link >/dev/null
	sqlite3 "$tmp/$db.db" "SELECT id, ut, title, au_text, kw_text FROM works ORDER BY id;
	    SELECT rowid FROM works_fts WHERE works_fts MATCH 'peer OR support' ORDER BY rowid;
	    SELECT count(*) FROM refs; SELECT citing_id, pos, cited_id FROM links ORDER BY 1, 2" \
	    >"$tmp/$db.rows"
done
[ "$(grep -c . "$tmp/one.rows")" -gt 100 ] || fail "too few rows compared"
cmp -s "$tmp/one.rows" "$tmp/two.rows" || fail "first import differs from two imports"
expect_eq "$(leftovers)" 0 "private files at the end"
