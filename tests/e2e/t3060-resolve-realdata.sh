#!/bin/sh
# The real Crossref and DataCite answers in ../shared/data (served by the
# test server, never copied): each DOI resolves, and fills a record that
# had only its DOI.  Skipped when the data are not there.
. "${CIX_SRCDIR:-.}/tests/e2e/lib.sh"
need_data crossref
need_data datacite
. "$CIX_SRCDIR/tests/server/lib.sh"

start_server
write_config "[resolve]
mailto = tests@example.org
timeout = 10"

# The DOIs the server found in the data, as it reads them.
"$PYTHON3" - "$server_dir" "$CIX_TEST_DATA" >"$tmp/dois" <<'PY'
import os, sys
sys.dont_write_bytecode = True
sys.path.insert(0, sys.argv[1])
import server
for sub in ("crossref", "datacite"):
    d = os.path.join(sys.argv[2], sub)
    for name in sorted(os.listdir(d)):
        if not name.endswith(".xml"):
            continue
        with open(os.path.join(d, name), "rb") as f:
            doi = server.extract_doi(f.read().decode("utf-8", "replace"),
                                     name)
        if doi:
            print(doi.lower())
PY
n=$(sort -u "$tmp/dois" | wc -l)
[ "$n" -ge 20 ] || fail "only $n DOIs in the real data"
# shellcheck disable=SC2046
wos_records "$tmp/a.txt" $(sort -u "$tmp/dois")
cix import "$tmp/a.txt" >/dev/null
cix resolve --format json >"$tmp/run.json"
"$PYTHON3" - "$CIX_DB" "$tmp/run.json" "$n" <<'PY'
import json, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
s = json.load(open(sys.argv[2]))
n = int(sys.argv[3])
print("real data: %d DOIs, %d resolved, %d not found, %d failed,"
      " %d references added" % (n, s["resolved"], s["not_found"],
                                s["failed"], s["new_references"]))
rows = db.execute("SELECT d.doi, d.state, d.error, w.title, d.source"
                  " FROM dois d JOIN works w ON w.doi = d.doi").fetchall()
assert len(rows) == n, (len(rows), n)
bad = [r for r in rows if r[1] != "resolved" or not r[3]]
assert not bad, bad
assert s["failed"] == 0 and s["resolved"] == n, s
PY
