#!/bin/sh
# Resolving the samples and their references: records are filled, never
# overwritten; cited-only works become resolved works; Crossref citation
# lists become references, so `cix stats` shows more works and links;
# refreshing asks with If-None-Match and a 304 changes only the date.
. "${CIX_SRCDIR:-.}/tests/e2e/lib.sh"
. "$CIX_SRCDIR/tests/server/lib.sh"

start_server
write_config "[resolve]
timeout = 10
backoff = 0.1"

cix import "$samples/peerwork.txt" >/dev/null
cix stats --format json >"$tmp/before.json"
cix show --format json WOS:900000000000014 >"$tmp/walker0.json"

# The records' DOIs only.
cix resolve --format json >"$tmp/run1.json"
# Then the references' DOIs too, until nothing new turns up.
cix resolve --refs --format json >"$tmp/run2.json"
cix resolve --refs --format json >"$tmp/run3.json"
cix stats --format json >"$tmp/after.json"
cix show --format json WOS:900000000000014 >"$tmp/walker1.json"
cix show --format json 10.1191/1478088706qp063oa >"$tmp/braun.json"

"$PYTHON3" - "$tmp" <<'PY'
import json, os, sys
t = sys.argv[1]
j = lambda n: json.load(open(os.path.join(t, n)))
b, a = j("before.json"), j("after.json")
r1, r2, r3 = j("run1.json"), j("run2.json"), j("run3.json")
print("stats before: %(works)d works, %(references)d references,"
      " %(references_linked)d linked, %(local_links)d local links" % b)
print("stats after:  %(works)d works, %(references)d references,"
      " %(references_linked)d linked, %(local_links)d local links" % a)
for n, r in (("records", r1), ("--refs", r2), ("--refs again", r3)):
    print("run %s: %d asked, %d resolved, %d not found, %d new works,"
          " %d completed, %d new references, %d new links" % (
              n, r["asked"], r["resolved"], r["not_found"], r["new_works"],
              r["completed"], r["new_references"], r["new_links"]))
# Records: the 17 sample DOIs; 6 have fixtures.
assert r1["asked"] == 17 and r1["resolved"] == 6, r1
assert r1["not_found"] == 11 and r1["failed"] == 0, r1
# The samples' records keep their own references: nothing added.
assert r1["new_references"] == 0 and r1["new_works"] == 0, r1
# --refs: Braun & Clarke 2006, cited-only, is completed, with its ten
# references; the next run resolves what those cite.
assert r2["completed"] == 1 and r2["new_references"] == 10, r2
assert r2["new_links"] == 10, r2
assert r3["asked"] == 8 and r3["completed"] == 2, r3
assert r3["new_references"] == 3, r3
# The graph grew: 13 references, 12 works (Boyatzis 1998, cited by Braun
# & Clarke and by Attride-Stirling, is one cited-only work).
assert a["works"] == b["works"] + 12, (b, a)
assert a["references"] == b["references"] + 13, (b, a)
assert a["references_linked"] == b["references_linked"] + 13, (b, a)
assert a["records"] == b["records"] + 3, (b, a)

# Walker 2013: imported fields kept, gaps filled with provenance.
w0, w1 = j("walker0.json"), j("walker1.json")
for k in ("title", "source", "volume", "issue", "first_page", "language",
          "source_abbrev", "nr"):
    assert w0[k] == w1[k], (k, w0[k], w1[k])
assert [x["family"] for x in w0["authors"]] == \
    [x["family"] for x in w1["authors"]]
assert w0["last_page"] is None and w1["last_page"] == "34", w1["last_page"]
assert w1["issn"] == "1095-158X" and w1["eissn"] == "1559-3126"
src = {f["field"] for f in w1["field_sources"]}
assert {"last_page", "issn", "eissn", "publisher"} <= src, src
assert not {"title", "volume", "source"} & src, src
assert w1["conflicts"] == [], w1["conflicts"]
assert len(w1["references"]) == len(w0["references"])
# Braun & Clarke: was cited-only, is now a resolved work.
br = j("braun.json")
assert br["kind"] != "cited only" and br["title"].startswith("Using"), br
assert len(br["references"]) == 10
PY

# The samples' DOIs have all been asked: the next run asks nothing.
n=$(nreq)
cix resolve --refs >"$tmp/out"
expect_grep "nothing to ask" "$tmp/out"
expect_eq "$(nreq)" "$n" "requests of a run with nothing due"

# Refreshing: conditional requests, 304, nothing rewritten but the date.
dump >"$tmp/db0.sql" 2>/dev/null || true
from=$(wc -l <"$LOG")
cix resolve --all --format json >"$tmp/run4.json"
"$PYTHON3" - "$LOG" "$from" "$tmp/run4.json" <<'PY'
import json, sys
log = [json.loads(l) for l in list(open(sys.argv[1]))[int(sys.argv[2]):]]
content = [e for e in log if e["kind"] == "content"]
assert content and all(e["inm"] for e in content), content[:2]
assert all(e["status"] == 304 for e in content), content[:2]
assert not [e for e in log if e["kind"] == "ra"], "RA asked again"
s = json.load(open(sys.argv[3]))
assert s["resolved"] == s["unchanged"] == len(content) == 9, s
assert s["new_references"] == 0 and s["fields_filled"] == 0, s
PY
