#!/bin/sh
# Every misbehaviour of the test server is survived: the right state is
# recorded for each DOI, nothing else is lost, Retry-After is honoured,
# hostile XML is never expanded, and a second run asks about nothing
# before its retry time.
. "${CIX_SRCDIR:-.}/tests/e2e/lib.sh"
. "$CIX_SRCDIR/tests/server/lib.sh"

start_server --huge-mb 8
# Short timeouts and back-offs keep the test quick; never stop the run
# (t3030 tests the failure threshold).
write_config "[resolve]
timeout = 2
connect_timeout = 2
max_bytes = 1M
retries = 2
backoff = 0.2
failure_threshold = 1"

# DOI, state, a part of the recorded error.  The 429s come last (10.5559):
# they halve the pace for the rest of a run.
cat >"$tmp/expect" <<'EOF'
10.5555/ok-1 resolved -
10.5555/slow-1 resolved -
10.5555/slow-5 failed timed out
10.5555/500-once resolved -
10.5555/503-once resolved -
10.5555/500-always failed HTTP 500
10.5555/truncated failed transfer closed
10.5555/malformed failed unusable answer
10.5555/xxe resolved -
10.5555/lol failed unusable answer
10.5555/huge failed larger than 1048576 bytes
10.5555/huge-cl failed larger than 1048576 bytes
10.5555/redirect-loop failed redirects
10.5555/redirect-ftp failed refused
10.5555/landing failed landing page
10.5555/landing-xml resolved -
10.5555/notfound-html notfound HTTP 404
10.5555/gone notfound HTTP 410
10.5556/ra-unknown notfound RA service: DOI does not exist
10.5556/ra-invalid invalid RA service: Invalid DOI
10.5556/ra-500 failed RA service: HTTP 500
10.5559/429-ra-2 resolved -
10.5559/429-date-2 resolved -
10.5559/429-bare resolved -
10.5559/429-always failed HTTP 429
EOF
# shellcheck disable=SC2046
wos_records "$tmp/bad.txt" $(cut -d' ' -f1 "$tmp/expect")
cix import "$tmp/bad.txt" "$samples/peerwork.txt" >/dev/null
works=$(stat works)
refs=$(stat references)

expect_status 0 cix resolve --format json
cp "$tmp/out" "$tmp/run.json"
"$PYTHON3" - "$CIX_DB" "$tmp/expect" "$tmp/run.json" <<'PY'
import json, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
bad = []
for line in open(sys.argv[2]):
    doi, state, why = line.rstrip("\n").split(" ", 2)
    row = db.execute("SELECT state, error, next_try FROM dois WHERE doi = ?",
                     (doi,)).fetchone()
    if row is None or row[0] != state:
        bad.append((doi, state, row))
        continue
    if why != "-" and why not in (row[1] or ""):
        bad.append((doi, why, row))
    # Failures and 404s wait for their retry time.
    if state in ("failed", "notfound") and not row[2]:
        bad.append((doi, "no next_try", row))
    if state in ("resolved", "invalid") and row[2]:
        bad.append((doi, "next_try", row))
assert not bad, bad
s = json.load(open(sys.argv[3]))
print("run: %(asked)d asked, %(requests)d requests, %(resolved)d resolved,"
      " %(not_found)d not found, %(failed)d failed, %(retries)d retries"
      % s)
# The sample DOIs were asked too and are not lost in the noise.
n = db.execute("SELECT count(*) FROM dois WHERE doi NOT LIKE '10.555%' AND"
               " state IN ('resolved', 'notfound')").fetchone()[0]
assert n == 17, n
PY

# Nothing lost: the same works and references, a sound database.
expect_eq "$(stat works)" "$works" "works"
expect_eq "$(stat references)" "$refs" "references"
"$PYTHON3" - "$CIX_DB" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
# Hostile XML was never expanded: no file content, no fetched entity, no
# laughs, anywhere in the index.
dump = "\n".join(db.iterdump())
for bad in ("root:", "FETCHED-BY-XXE", "lollollol", "/bin/"):
    assert bad not in dump, bad
t = db.execute("SELECT title FROM works WHERE doi = '10.5555/xxe'"
               ).fetchone()[0]
assert t == "External entities:", t
PY

# The server's log: no external entity was fetched; Retry-After was
# honoured by every request, not only the DOI's own retry; what failed
# for good was asked retries + 1 times, no more.
"$PYTHON3" - "$LOG" <<'PY'
import json, sys
log = [json.loads(l) for l in open(sys.argv[1])]
assert not [e for e in log if e["kind"] == "xxe-probe"], "entity fetched"
reqs = [e for e in log if e["kind"] in ("ra", "content")]
def after(doi, status, wait):
    hit = [e for e in reqs if e["doi"] == doi and e["status"] == status]
    assert hit, doi
    end = hit[0]["t1"]
    nxt = [e["t0"] for e in reqs if e["t0"] > end]
    gap = min(nxt) - end
    assert gap >= wait, (doi, gap)
    return gap
g1 = after("10.5559/429-ra-2", 429, 1.95)
g2 = after("10.5559/429-date-2", 429, 0.95)
g3 = after("10.5559/429-bare", 429, 0.09)
print("pauses after 429: Retry-After 2 s -> %.2f s, date 2 s ahead ->"
      " %.2f s, none (back-off 0.2 s with jitter) -> %.2f s" % (g1, g2, g3))
def asked(doi):
    return len([e for e in reqs if e["doi"] == doi and e["kind"] ==
                "content"])
for d in ("10.5555/500-always", "10.5555/slow-5", "10.5559/429-always",
          "10.5555/truncated"):
    assert asked(d) == 3, (d, asked(d))
for d in ("10.5555/malformed", "10.5555/lol", "10.5555/huge",
          "10.5555/gone", "10.5555/ok-1"):
    assert asked(d) == 1, (d, asked(d))
# A redirect loop is followed 5 times, then given up.
assert asked("10.5555/redirect-loop") == 6, asked("10.5555/redirect-loop")
assert asked("10.5555/500-once") == 2
# A landing page: asked for XML, then once for CSL-JSON.
accepts = [e["accept"] for e in reqs if e["doi"] == "10.5555/landing-xml"]
assert accepts == ["application/vnd.crossref.unixsd+xml",
                   "application/vnd.citationstyles.csl+json"], accepts
PY

# The states show in `cix show`.
cix show 10.5555/slow-5 >"$tmp/show.txt"
expect_grep "^DOI lookup    failed: Operation timed out" "$tmp/show.txt"
expect_grep "asked again after 20" "$tmp/show.txt"
cix show 10.5555/landing-xml --format json >"$tmp/show.json"
expect_grep '"format": "csl"' "$tmp/show.json"

# Never again before the retry time: a second run asks nothing.
n=$(nreq)
cix resolve >"$tmp/out"
expect_grep "nothing to ask" "$tmp/out"
expect_eq "$(nreq)" "$n" "requests of a second run"
