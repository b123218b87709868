#!/bin/sh
# cix export wos writes WoS plain text that cix (and CiteSpace, HistCite,
# bibliometrix) read back: imported into a fresh index it gives the same
# records, so exporting that index again gives the same records, field for
# field.  A filtered set goes out the same way.  On the samples, then on
# every real export when present.
. "${CIX_SRCDIR:-.}/tests/e2e/lib.sh"

# The records of a WoS file, one per line (fields joined by \001), sorted.
records() {
	awk 'BEGIN { ORS = "" } /^PT / { r = "" } /^ER$/ { print r "\n"; next }
	    /^(FN|VR|EF)( |$)/ { next } { r = r $0 "\001" }' "$1" | sort
}

roundtrip() {
	label=$1
	n=$(stat records)
	cix export wos -o "$tmp/$label-1.txt"
	head -2 "$tmp/$label-1.txt" >"$tmp/head"
	printf 'FN Clarivate Analytics Web of Science\nVR 1.0\n' >"$tmp/want"
	cmp -s "$tmp/head" "$tmp/want" || fail "$label: not a WoS header"
	expect_eq "$(tail -1 "$tmp/$label-1.txt")" EF "$label: last line"
	expect_eq "$(grep -c '^ER$' "$tmp/$label-1.txt")" "$n" "$label: records written"
	CIX_DB=$tmp/$label-2.db cix import -q "$tmp/$label-1.txt"
	expect_eq "$(CIX_DB=$tmp/$label-2.db stat records)" "$n" "$label: records read back"
	CIX_DB=$tmp/$label-2.db cix export wos -o "$tmp/$label-2.txt"
	records "$tmp/$label-1.txt" >"$tmp/$label-1.rec"
	records "$tmp/$label-2.txt" >"$tmp/$label-2.rec"
	if ! cmp -s "$tmp/$label-1.rec" "$tmp/$label-2.rec"; then
		diff "$tmp/$label-1.rec" "$tmp/$label-2.rec" | tr '\001' '\n' |
		    head -20 >&2
		fail "$label: the records changed on the way back"
	fi
	echo "$label: $n records out to WoS plain text and back, unchanged"
}

cix import -q "$samples"/*.txt
roundtrip samples
# every known tag of a sample record is there
for t in PT AU AF TI SO LA DT DE ID C1 CR NR TC PU SN EI J9 JI PD PY VL IS \
    BP EP DI PG WC SC UT; do
	grep -q "^$t " "$tmp/samples-1.txt" || fail "no $t in the WoS export"
done

# A filtered set: only what was asked.
cix export wos --year 2016-2018 -o "$tmp/sub.txt"
expect_eq "$(grep -c '^ER$' "$tmp/sub.txt")" \
    "$(cix search --year 2016-2018 --limit 0 --format tsv | sed 1d | wc -l)" \
    "records of 2016-2018"
if grep '^PY ' "$tmp/sub.txt" | grep -qv '^PY 201[678]$'; then
	fail "a record outside 2016-2018 was written"
fi

[ -d "$CIX_TEST_DATA/wos" ] || {
	echo "no real data in $CIX_TEST_DATA/wos: samples only"
	exit 0
}
rm -f "$CIX_DB" "$CIX_DB-wal" "$CIX_DB-shm"
cix import -q "$CIX_TEST_DATA"/wos/*.txt
roundtrip wos
