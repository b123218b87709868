#!/bin/sh
# RIS and CSL-JSON load in real readers: citeproc-py renders a bibliography
# entry for every CSL-JSON item, and bibutils (ris2xml | xml2bib) reads
# every RIS record; titles and DOIs are those of the index.  On the
# samples, then on the real exports when present.
. "${CIX_SRCDIR:-.}/tests/e2e/lib.sh"
. "$CIX_SRCDIR/tests/data/export/checks.sh"

check_formats() {
	label=$1
	n=$(stat records)
	cix search --limit 0 --format json >"$tmp/$label-works.json"
	cix export csljson -o "$tmp/$label.json"
	cix export ris -o "$tmp/$label.ris"
	expect_eq "$(grep -c '^TY  - ' "$tmp/$label.ris")" "$n" "$label: RIS records"
	expect_eq "$(grep -c '^ER  - ' "$tmp/$label.ris")" "$n" "$label: RIS ER lines"
	"$PY" - "$tmp/$label.json" "$tmp/$label-works.json" "$tmp/$label.ris" <<'EOF2' ||
import json, sys
items = json.load(open(sys.argv[1], encoding="utf-8"))
works = json.load(open(sys.argv[2], encoding="utf-8"))
by_title = {}
for w in works:
    by_title.setdefault(w.get("title"), []).append(w)
assert len(items) == len(works), (len(items), len(works))
dois = sorted(w["doi"] for w in works if w.get("doi"))
assert sorted(i["DOI"] for i in items if "DOI" in i) == dois
ris_dois = sorted(l[6:].rstrip("\r\n") for l in open(sys.argv[3], encoding="utf-8")
                  if l.startswith("DO  - "))
assert ris_dois == dois, "RIS DOIs"
for i in items:
    assert i["type"] and i["id"], i
    if "title" in i:
        assert " ".join(i["title"].split()) in {" ".join((t or "").split()) for t in by_title}, i["title"]
print("%d CSL-JSON items and RIS records, titles and DOIs as in the index" % len(items))
EOF2
	    fail "$label: CSL-JSON or RIS differ from the index"
	if "$PY" -c 'import citeproc' 2>/dev/null; then
		"$PY" - "$tmp/$label.json" <<'EOF2' || fail "$label: citeproc-py cannot render the CSL-JSON"
import json, sys, warnings
warnings.simplefilter("ignore")
from citeproc import (Citation, CitationItem, CitationStylesBibliography,
                      CitationStylesStyle, formatter)
from citeproc.source.json import CiteProcJSON
data = json.load(open(sys.argv[1], encoding="utf-8"))
bib = CitationStylesBibliography(CitationStylesStyle("harvard1", validate=False),
                                 CiteProcJSON(data), formatter.plain)
for item in data:
    bib.register(Citation([CitationItem(item["id"].lower())]))
out = [str(e) for e in bib.bibliography()]
assert len(out) == len(data), (len(out), len(data))
assert all(len(e) > 10 for e in out)
print("citeproc-py (harvard1): %d entries rendered" % len(out))
EOF2
	else
		echo "citeproc-py is not installed: CSL rendering skipped"
	fi
	if command -v ris2xml >/dev/null 2>&1 && command -v xml2bib >/dev/null 2>&1; then
		ris2xml "$tmp/$label.ris" 2>/dev/null | xml2bib 2>/dev/null >"$tmp/$label-ris.bib"
		expect_eq "$(grep -c '@' "$tmp/$label-ris.bib")" "$n" "$label: entries bibutils read from RIS"
		echo "bibutils ris2xml | xml2bib: $n records"
	else
		echo "bibutils is not installed: RIS reading skipped"
	fi
}

cix import -q "$samples"/*.txt
check_formats samples
grep -q '^TY  - JOUR' "$tmp/samples.ris" || fail "no JOUR"
grep -q '^AN  - WOS:' "$tmp/samples.ris" || fail "no accession number"
grep -q '"issued": {' "$tmp/samples.json" || fail "no issued date"

[ -d "$CIX_TEST_DATA/wos" ] || {
	echo "no real data in $CIX_TEST_DATA/wos: samples only"
	exit 0
}
rm -f "$CIX_DB" "$CIX_DB-wal" "$CIX_DB-shm"
cix import -q "$CIX_TEST_DATA"/wos/*.txt
check_formats wos
