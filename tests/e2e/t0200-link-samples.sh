#!/bin/sh
# The samples' citation graph: exactly the expected links (samples/
# peerwork-links.tsv, hard cases included), whatever the import order;
# top and hist show them.
. "${CIX_SRCDIR:-.}/tests/e2e/lib.sh"

links() {
	cix refs --all --format tsv |
	    awk -F'\t' 'NR > 1 && $9 == "record" { print $2 "\t" $4 "\t" $8 }' |
	    sort
}
awk -F'\t' '!/^#/ && NF >= 3 { print $1 "\t" $2 "\t" $3 }' \
    "$samples/peerwork-links.tsv" | sort >"$tmp/expected"

cix import -q "$samples/peerwork.txt" "$samples/peerwork-update.txt" \
    "$samples/peerwork-tab.txt" "$samples/mirror-gillard-2013.txt"
links >"$tmp/got"
expect_eq "$(wc -l <"$tmp/got")" 221 "links among the sample records"
diff "$tmp/expected" "$tmp/got" || fail "links differ from the expected"
expect_eq "$(stat records)" 37 "records"

# top: Repper 2011 first with 23 citations from records.
cix top --limit 3 --format tsv >"$tmp/top.tsv"
head -n 2 "$tmp/top.tsv" | tail -n 1 | cut -f7,9 >"$tmp/first"
expect_eq "$(cat "$tmp/first")" "WOS:900000000000008	23" "the most cited"
cix top --cited-only --format json >"$tmp/top.json"
"$PYTHON3" -c "
import json
t = json.load(open('$tmp/top.json'))
assert t and all(w['kind'] == 'cited-only' for w in t), t
"
# hist: the historiograph of the top 12, with citations among them.
cix hist --top 12 --format json >"$tmp/hist.json"
"$PYTHON3" -c "
import json
h = json.load(open('$tmp/hist.json'))
assert len(h['nodes']) == 12, h
years = [n['year'] for n in h['nodes']]
assert years == sorted(years), years
ids = {n['id'] for n in h['nodes']}
assert len(h['edges']) >= 30 and all(e['from'] in ids and e['to'] in ids for e in h['edges'])
"

# Another order: the newer export first, so its references to the older
# works first make cited-only placeholders; the older export completes
# them in place.  The same links, no duplicate work.
rm -f "$CIX_DB" "$CIX_DB-wal" "$CIX_DB-shm"
cix import -q "$samples/peerwork-update.txt"
before=$(stat cited_only)
[ "$before" -gt 0 ] || fail "no cited-only works after the update export"
cix import -q "$samples/peerwork-tab.txt" "$samples/mirror-gillard-2013.txt" \
    "$samples/peerwork.txt"
links >"$tmp/got2"
diff "$tmp/expected" "$tmp/got2" || fail "links depend on the import order"
expect_eq "$(stat records)" 37 "records in the other order"
cix search --all --limit 0 --format tsv | tail -n +2 | cut -f6 | grep . |
    sort | uniq -d >"$tmp/dup"
[ ! -s "$tmp/dup" ] || fail "duplicate DOIs: $(cat "$tmp/dup")"

# cix link --reset gives the same graph again.
cix link --reset -q
links >"$tmp/got3"
diff "$tmp/expected" "$tmp/got3" || fail "links after link --reset"
