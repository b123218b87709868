#!/bin/sh
# The examples of cix-export(1) run.
#
# As in t0900-man-examples.sh: every `.Dl cix ...` line of EXAMPLES runs
# with sh(1) on a fresh copy of an index holding the bundled samples, from
# a directory where samples/ is the source tree's samples/, and must exit
# 0, or N when the line before it is `.\" exit N`.
. "${CIX_SRCDIR:-.}/tests/e2e/lib.sh"

CIX_DB=$tmp/base.db cix import "$samples"/*.txt >/dev/null ||
    fail "cannot import the samples"
work=$tmp/work
mkdir -p "$work"
ln -s "$samples" "$work/samples"

man=$CIX_SRCDIR/docs/cix-export.1
awk '
/^\.Sh / { ex = ($2 == "EXAMPLES"); want = 0; next }
!ex { next }
/^\.\\" exit [0-9]+[ \t]*$/ { want = $3; next }
/^\.Dl cix( |$)/ { sub(/^\.Dl /, ""); print want "\t" $0; want = 0; next }
{ want = 0 }
' "$man" | sed -e 's/\\-/-/g' -e "s/\\\\(aq/'/g" -e 's/\\(dq/"/g' \
    -e 's/\\&//g' -e 's/\\e/\\/g' >"$tmp/examples"
n=$(wc -l <"$tmp/examples")
[ "$n" -gt 0 ] || fail "cix-export.1 has no example"
while IFS='	' read -r want cmd; do
	rm -f "$CIX_DB" "$CIX_DB-wal" "$CIX_DB-shm"
	cp "$tmp/base.db" "$CIX_DB"
	set +e
	(cd "$work" && eval "$cmd") >"$tmp/out" 2>"$tmp/err" </dev/null
	got=$?
	set -e
	if [ "$got" != "$want" ]; then
		sed 's/^/  | /' "$tmp/err" >&2
		fail "cix-export.1: '$cmd' exited $got, expected $want"
	fi
done <"$tmp/examples"
# what the examples say they write
for f in refs.bib peer.bib citing.ris top.json hist.dot cocitation.gexf \
    peer_map.txt peer_network.txt download_davidson.txt peerwork.bib; do
	[ -s "$work/$f" ] || fail "the examples did not write $f"
done
echo "$n examples run"
