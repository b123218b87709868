#!/bin/sh
# cix resolve against the test server: every fixture (Crossref UNIXSD,
# DataCite XML, CSL-JSON of another agency) resolves to the right fields,
# with provenance; the agency is asked once per prefix; a second run asks
# nothing.
. "${CIX_SRCDIR:-.}/tests/e2e/lib.sh"
. "$CIX_SRCDIR/tests/server/lib.sh"

start_server
write_config "[resolve]
timeout = 10
backoff = 0.1"

dois="10.1037/h0095655 10.1037/h0094744 10.1186/1472-6963-13-188
10.3109/09638237.2011.583947 10.1093/schbul/sbj043
10.1080/26408066.2022.2118006 10.1191/1478088706qp063oa
10.1177/146879410100100307 10.1177/160940690600500107
10.5072/cix-test.peerwork-codes 10.99999/cix-test.medra-item"
# shellcheck disable=SC2086
wos_records "$tmp/min.txt" $dois
cix import "$tmp/min.txt" >/dev/null
expect_eq "$(stat records)" 11 "records"

cix resolve --format json >"$tmp/run.json"
"$PYTHON3" - "$tmp/run.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
assert s["asked"] == 11 and s["resolved"] == 11, s
assert s["not_found"] == 0 and s["failed"] == 0, s
# One RA question per prefix (10.1037, 10.1186, 10.3109, 10.1093, 10.1080,
# 10.1191, 10.1177, 10.5072, 10.99999), then one request per DOI.
assert s["ra_requests"] == 9, s
assert s["requests"] == 20, s
assert s["conflicts"] == 0, s
assert s["new_references"] == 7 + 4 + 10 + 3 + 2, s
PY

# The User-Agent and the Accept header of each request.
"$PYTHON3" - "$LOG" <<'PY'
import json, sys
log = [json.loads(l) for l in open(sys.argv[1])]
for e in log:
    assert e["ua"].startswith("cix/") and "mailto:" not in e["ua"], e
    assert e["method"] == "GET", e
    if e["kind"] == "ra":
        assert e["path"].startswith("/doiRA/10."), e
        continue
    want = {"10.5072": "application/vnd.datacite.datacite+xml",
            "10.99999": "application/vnd.citationstyles.csl+json"}.get(
        e["doi"].split("/")[0], "application/vnd.crossref.unixsd+xml")
    assert e["accept"] == want, e
    assert e["inm"] is None and e["ims"] is None, e
PY

for d in $dois; do
	cix show --format json "$d"
done >"$tmp/shown.json"
"$PYTHON3" - "$tmp/shown.json" <<'PY'
import json, sys
dec = json.JSONDecoder()
text = open(sys.argv[1]).read()
works, i = {}, 0
while i < len(text):
    while i < len(text) and text[i].isspace():
        i += 1
    if i >= len(text):
        break
    o, i = dec.raw_decode(text, i)
    works[o["doi"]] = o

def names(w):
    return [a["family"] for a in w["authors"]]

expect = {
    "10.1037/h0095655": dict(
        title_start="Recovery from mental illness: The guiding vision",
        authors=["Anthony"], source="Psychosocial Rehabilitation Journal",
        year=1993, volume="16", issue="4", first_page="11",
        last_page="23", issn="0147-5622",
        publisher="American Psychological Association (APA)", nrefs=0),
    "10.1037/h0094744": dict(
        title_start="Peer support in adult mental health services",
        authors=["Walker", "Bryant"], year=2013, month=3, volume="36",
        issue="1", first_page="28", last_page="34", issn="1095-158X",
        eissn="1559-3126", nrefs=0),
    "10.1186/1472-6963-13-188": dict(
        title_start="Introducing peer worker roles into UK mental health",
        authors=["Gillard", "Edwards", "Gibson", "Owen", "Wright"],
        source="BMC Health Services Research", year=2013, volume="13",
        issue="1", article_no="188", eissn="1472-6963",
        license="http://creativecommons.org/licenses/by/2.0",
        publisher="Springer Science and Business Media LLC", nrefs=7),
    "10.3109/09638237.2011.583947": dict(
        title_start="A review of the literature on peer support",
        authors=["Repper", "Carter"], year=2011, month=8, volume="20",
        issue="4", first_page="392", last_page="411", issn="0963-8237",
        eissn="1360-0567", publisher="Informa UK Limited", nrefs=4),
    "10.1093/schbul/sbj043": dict(
        title_start="Peer Support Among Adults With Serious Mental Illness",
        authors=["Davidson", "Chinman", "Sells", "Rowe"], year=2006,
        month=7, volume="32", issue="3", first_page="443",
        last_page="450", issn="0586-7614", eissn="1745-1701", nrefs=0),
    "10.1080/26408066.2022.2118006": dict(
        title_start="Peer Worker Perspectives on Barriers and Facilitators",
        authors=["Chisholm", "Petrakis"], year=2023, volume="20",
        issue="1", first_page="84", last_page="97", nrefs=0),
    "10.1191/1478088706qp063oa": dict(
        title_start="Using thematic analysis in psychology",
        authors=["Braun", "Clarke"], year=2006, volume="3", issue="2",
        first_page="77", last_page="101",
        source="Qualitative Research in Psychology", nrefs=10),
    "10.1177/146879410100100307": dict(
        title_start="Thematic networks", authors=["Attride-Stirling"],
        year=2001, volume="1", issue="3", first_page="385",
        last_page="405", publisher="SAGE Publications", nrefs=3),
    "10.1177/160940690600500107": dict(
        title_start="Demonstrating Rigor Using Thematic Analysis",
        authors=["Fereday", "Muir-Cochrane"], year=2006, volume="5",
        issue="1", first_page="80", last_page="92", eissn="1609-4069",
        nrefs=0),
    "10.5072/cix-test.peerwork-codes": dict(
        title_start="Peer worker interview study: coding frame",
        authors=["Tester", "Peer Work Test Consortium"], year=2021,
        publisher="Test Data Repository", nrefs=2),
    "10.99999/cix-test.medra-item": dict(
        title_start="Peer support workers in community mental health",
        authors=["Rossi", "Bianchi"], source="Rivista di Prova",
        year=2019, month=10, volume="12", issue="3", first_page="45",
        last_page="60", publisher="Test Publisher (mEDRA)", nrefs=0),
}
assert set(works) == set(expect), set(works) ^ set(expect)
for doi, e in expect.items():
    w = works[doi]
    bad = []
    for k, v in e.items():
        if k == "title_start":
            if not (w["title"] or "").startswith(v):
                bad.append((k, w["title"]))
        elif k == "authors":
            if names(w) != v:
                bad.append((k, names(w)))
        elif k == "nrefs":
            if len(w.get("references", [])) != v:
                bad.append((k, len(w.get("references", []))))
        elif w.get(k) != v:
            bad.append((k, w.get(k)))
    assert not bad, (doi, bad)
    # A record with a DOI only: everything came from the resolver, and
    # says so; nothing disagreed.
    src = {f["field"]: f["source"] for f in w["field_sources"]}
    assert src.get("title") in ("crossref", "datacite", "csl"), (doi, src)
    assert w["conflicts"] == [], (doi, w["conflicts"])
    r = w["resolution"]
    assert r["state"] == "resolved" and r["resolved_at"], (doi, r)
    fmt = {"10.5072": "datacite", "10.99999": "csl"}.get(
        doi.split("/")[0], "crossref")
    assert r["format"] == fmt, (doi, r)
    assert w["kind"] == "record", (doi, w["kind"])
PY

# The human view shows where fields came from.
cix show 10.1037/h0094744 >"$tmp/show.txt"
expect_grep "^DOI lookup    resolved 20" "$tmp/show.txt"
expect_grep "^Filled from   crossref: " "$tmp/show.txt"

# A second run asks nothing: every DOI is fresh.
n=$(nreq)
cix resolve >"$tmp/out"
expect_grep "nothing to ask: 11 DOIs" "$tmp/out"
expect_eq "$(nreq)" "$n" "requests of a second run"
# ... and neither does --pending, nor naming a work.
cix resolve --pending 10.1037/h0095655 >/dev/null
expect_eq "$(nreq)" "$n" "requests of a third run"
