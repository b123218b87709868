#!/bin/sh
# Citation keys: [auth][year], then a, b... on collisions; ASCII, unique
# as BibTeX compares them (case folded); the same in every run, after
# re-imports and when later works with colliding keys arrive; one key per
# work in every format; other patterns with --keys.
. "${CIX_SRCDIR:-.}/tests/e2e/lib.sh"

# "key<TAB>UT" of a bibtex export, sorted by key.
keys() {
	awk '/^@/ { sub(/^@[a-z]*\{/, ""); sub(/,$/, ""); k = $0 }
	    /^  note = \{/ { u = $0; sub(/^  note = \{/, "", u);
	    sub(/\},$/, "", u); print k "\t" u }' "$1" | sort
}

cix import -q "$samples/peerwork.txt"
cix export bibtex -o "$tmp/a.bib" 2>"$tmp/err"
expect_grep "30 new citation keys" "$tmp/err"
keys "$tmp/a.bib" >"$tmp/keys1"
expect_eq "$(wc -l <"$tmp/keys1")" 30 "keys of the first export"
grep -q "^Davidson2006	WOS:" "$tmp/keys1" || fail "no Davidson2006"
grep -q "^Davidson2012	WOS:" "$tmp/keys1" || fail "no Davidson2012"

# ASCII keys, unique without regard to case
if LC_ALL=C grep '^@' "$tmp/a.bib" | grep -q '[^ -~]'; then
	fail "a key is not ASCII"
fi
dups=$(cut -f1 "$tmp/keys1" | tr 'A-Z' 'a-z' | sort | uniq -d)
expect_eq "$dups" "" "keys that differ only in case"

# The same again: nothing new, byte for byte the same file.
cix export bibtex -o "$tmp/b.bib" 2>"$tmp/err"
cmp -s "$tmp/a.bib" "$tmp/b.bib" || fail "a second export differs"
if grep -q "new citation keys" "$tmp/err"; then
	fail "a second export made new keys"
fi

# Re-imports (the same file, an overlapping update) keep every key.
cix import -q "$samples/peerwork.txt" "$samples"/peerwork-update.txt \
    "$samples/peerwork-tab.txt" "$samples/mirror-gillard-2013.txt"
cix export bibtex -o "$tmp/c.bib"
keys "$tmp/c.bib" >"$tmp/keys2"
comm -23 "$tmp/keys1" "$tmp/keys2" >"$tmp/lost"
[ ! -s "$tmp/lost" ] || { cat "$tmp/lost" >&2; fail "keys changed after re-import"; }
expect_eq "$(wc -l <"$tmp/keys2")" "$(stat records)" "keys after the update"

# Later works with the same author and year get the next free suffix;
# the old ones keep theirs.
cix import -q "$CIX_SRCDIR/tests/data/export/collide.txt"
cix export bibtex -o "$tmp/d.bib"
keys "$tmp/d.bib" >"$tmp/keys3"
comm -23 "$tmp/keys2" "$tmp/keys3" >"$tmp/lost"
[ ! -s "$tmp/lost" ] || { cat "$tmp/lost" >&2; fail "keys changed when colliding works arrived"; }
grep -q "^Davidson2006a	WOS:000999999900010$" "$tmp/keys3" ||
    fail "the second Davidson 2006 is not Davidson2006a"
grep -q "^Davidson2006b	WOS:000999999900011$" "$tmp/keys3" ||
    fail "the third Davidson 2006 (in capitals) is not Davidson2006b"
grep -q "^Gillard2013a	WOS:000999999900012$" "$tmp/keys3" ||
    fail "the second Gillard 2013 is not Gillard2013a"

# Every keyed format uses the same key for a work.
cix export biblatex | sed -n 's/^@[a-z]*{\(.*\),$/\1/p' | sort >"$tmp/k-blx"
cut -f1 "$tmp/keys3" | sort >"$tmp/k-bib"
cmp -s "$tmp/k-bib" "$tmp/k-blx" || fail "biblatex keys differ from bibtex"
cix export ris | sed -n 's/^ID  - \(.*\)\r$/\1/p' | sort >"$tmp/k-ris"
cmp -s "$tmp/k-bib" "$tmp/k-ris" || fail "RIS IDs differ from bibtex keys"
cix export csljson | sed -n 's/^    "id": "\(.*\)",$/\1/p' | sort >"$tmp/k-csl"
cmp -s "$tmp/k-bib" "$tmp/k-csl" || fail "CSL-JSON ids differ from bibtex keys"

# Another pattern: its own keys, as stable.
cix export bibtex --keys '[auth:lower]_[veryshorttitle:lower][year]' \
    -o "$tmp/e.bib" 2>"$tmp/err"
expect_grep "new citation keys" "$tmp/err"
grep -q '^@article{anthony_recovery1993,$' "$tmp/e.bib" ||
    fail "no anthony_recovery1993 with the pattern"
cix export bibtex --keys '[auth:lower]_[veryshorttitle:lower][year]' \
    -o "$tmp/f.bib" 2>"$tmp/err"
cmp -s "$tmp/e.bib" "$tmp/f.bib" || fail "pattern keys changed"
cix export bibtex -o "$tmp/g.bib"
cmp -s "$tmp/d.bib" "$tmp/g.bib" || fail "the default keys changed"

# A bad pattern is a usage error.
expect_status 2 cix export bibtex --keys '[nope]'
expect_grep "unknown field" "$tmp/err"
expect_status 2 cix export graphml --keys '[auth]'

# Converting a file (no index): keys follow the order of the file.
cix export bibtex --from "$samples/peerwork.txt" -o "$tmp/h.bib"
cix export bibtex --from "$samples/peerwork.txt" -o "$tmp/i.bib"
cmp -s "$tmp/h.bib" "$tmp/i.bib" || fail "--from keys are not the same twice"
echo "keys: stable across runs, re-imports and collisions"
