#!/bin/sh
# cix update on real exports (../shared/data/wos, skipped when absent):
# an inbox of four exports of different vintages and databases (and three
# records whose DOIs the test server answers), the server also serving the
# real Crossref and DataCite answers of ../shared/data;
# the first run imports, resolves and links them; the second reports
# nothing new and sends no request (every DOI is fresh, or not found and
# waiting for its retry date); a third, with one more export, reports only
# what that export brought.
. "${CIX_SRCDIR:-.}/tests/e2e/lib.sh"
. "$CIX_SRCDIR/tests/server/lib.sh"
. "$CIX_SRCDIR/tests/e2e/t6lib.sh"

need_data wos
wos=$CIX_TEST_DATA/wos
for f in metaknowledge-example-thomsonreuters-bom.txt \
    izsler-medline-tmax66-2020.txt \
    umbrellareview-tonyhungry-2023-mixed-medline.txt \
    neurobib-ccc-wok-2013.txt nsfcoauthors-brunalab-2024-nocr.txt; do
	[ -f "$wos/$f" ] || skip "no $wos/$f"
done
start_server
inbox=$tmp/inbox
mkdir -p "$inbox"
# Symbolic links: the exports stay where they are.
for f in metaknowledge-example-thomsonreuters-bom.txt \
    izsler-medline-tmax66-2020.txt \
    umbrellareview-tonyhungry-2023-mixed-medline.txt \
    neurobib-ccc-wok-2013.txt; do
	ln -s "$wos/$f" "$inbox/$f"
done
# The real answers of ../shared/data are for other DOIs than these
# exports': three records whose DOIs the server's own fixtures answer.
wos_records "$inbox/resolvable.txt" 10.1037/h0094744 \
    10.1186/1472-6963-13-188 10.1191/1478088706qp063oa
write_config "[resolve]
mailto = cix-tests@example.org
timeout = 10
backoff = 0.1

[update]
inbox = $inbox"

expect_status 0 cix update
cp "$tmp/out" "$tmp/run1"
cat "$tmp/run1"
expect_grep "^inbox: 5 files imported (335 records)$" "$tmp/run1"
expect_grep "^DOIs: 59 asked in [0-9]* requests: 3 resolved, 56 not found$" \
    "$tmp/run1"
expect_grep "^  3 newly resolved works$" "$tmp/run1"
expect_grep "^  [0-9]* new works$" "$tmp/run1"
expect_grep "^  [0-9]* new citations among records$" "$tmp/run1"
expect_eq "$(index_sound "$CIX_DB")" ok "the index"
"$PYTHON3" - "$CIX_DB" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
s = dict(db.execute("SELECT state, count(*) FROM dois GROUP BY state"))
print("DOIs:", s)
assert s.get("pending", 0) == 0 and s.get("failed", 0) == 0, s
assert s.get("resolved", 0) == 3, s
PY

n=$(nreq)
expect_status 0 cix update
expect_grep "^nothing new since run 1 " "$tmp/out"
expect_eq "$(wc -l <"$tmp/out")" 2 "lines of the second report"
expect_eq "$(nreq)" "$n" "requests of the second run"

ln -s "$wos/nsfcoauthors-brunalab-2024-nocr.txt" "$inbox/"
expect_status 0 cix update
cat "$tmp/out"
expect_grep "^inbox: 1 file imported (102 records), 5 unchanged$" "$tmp/out"
expect_grep "^  102 new works$" "$tmp/out"
expect_eq "$(index_sound "$CIX_DB")" ok "the index"
