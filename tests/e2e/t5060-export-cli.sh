#!/bin/sh
# cix export on the command line: usage errors, the format list, empty
# selections, standard output, --from, and -o written atomically: a
# failed export leaves the file as it was and no temporary file behind;
# FIFOs are written in place, symbolic links and file modes kept.
. "${CIX_SRCDIR:-.}/tests/e2e/lib.sh"

cix import -q "$samples"/*.txt

expect_status 0 cix export --list
expect_eq "$(wc -l <"$tmp/out")" 10 "formats listed"
for f in bibtex biblatex ris csljson wos graphml gexf dot pajek vosviewer; do
	expect_grep "^  $f " "$tmp/out"
done
expect_status 2 cix export
expect_grep "which format" "$tmp/err"
expect_grep "^usage: cix export" "$tmp/err"
expect_status 2 cix export marc
expect_grep "unknown format 'marc'" "$tmp/err"
expect_status 2 cix export ris --network cocitation
expect_status 2 cix export graphml --network friendship
expect_status 2 cix export ris --ascii
expect_status 2 cix export bibtex --top 0
expect_status 2 cix export bibtex --year 20x0
expect_status 2 cix export bibtex --from "$samples/peerwork.txt" --author x
expect_status 2 cix export graphml --from "$samples/peerwork.txt"
expect_grep "needs the index" "$tmp/err"
expect_status 1 cix export bibtex --work 10.9999/no-such-work
expect_grep "no work" "$tmp/err"
expect_status 1 cix --db "$tmp/none.db" export bibtex
[ ! -e "$tmp/none.db" ] || fail "export created an index"

# standard output, no summary; -o: a summary on standard error
expect_status 0 cix export ris
expect_eq "$(grep -c '^TY  - ' "$tmp/out")" "$(stat records)" "RIS on stdout"
[ ! -s "$tmp/err" ] || fail "export to stdout wrote to stderr"
expect_status 0 cix export ris -o "$tmp/a.ris"
expect_grep "wrote 37 works to" "$tmp/err"
expect_status 0 cix -q export ris -o "$tmp/a.ris"
[ ! -s "$tmp/err" ] || fail "-q export wrote to stderr"

# an empty selection is a valid, empty file
expect_status 0 cix export bibtex --year 1800 -o "$tmp/empty.bib"
expect_grep "no work matches" "$tmp/err"
expect_eq "$(grep -c '^@' "$tmp/empty.bib" || true)" 0 "entries of nothing"
expect_status 0 cix export csljson --year 1800
expect_eq "$(tr -d ' \n' <"$tmp/out")" "[]" "CSL-JSON of nothing"

# selections narrow one another
expect_status 0 cix export bibtex --citing 10.1037/h0095655 --year 2000-2005
expect_eq "$(grep -c '^@' "$tmp/out")" 2 "citing Anthony 1993 in 2000-2005"
expect_status 0 cix export bibtex --top 5 --year 2010-
expect_eq "$(grep -c '^@' "$tmp/out")" 5 "top 5 since 2010"
expect_status 0 cix export bibtex --work '#1' --work '#2' --work '#1'
expect_eq "$(grep -c '^@' "$tmp/out")" 2 "two works named"
expect_status 0 cix export bibtex --cited-by 10.1186/1472-6963-13-188 --all
n_all=$(grep -c '^@' "$tmp/out")
expect_status 0 cix export bibtex --cited-by 10.1186/1472-6963-13-188
[ "$(grep -c '^@' "$tmp/out")" -lt "$n_all" ] ||
    fail "--all does not add the cited-only works"
expect_status 0 cix export bibtex --limit 3
expect_eq "$(grep -c '^@' "$tmp/out")" 3 "--limit 3"

# --from converts a file without the index
expect_status 0 cix export ris --from "$samples/peerwork.txt" \
    --from "$samples/peerwork-update.txt"
expect_eq "$(grep -c '^TY  - ' "$tmp/out")" 39 "records converted"
expect_status 1 cix export ris --from "$tmp/no-such-file"

# A failed export leaves FILE as it was: the output hits the file size
# limit (SIGXFSZ ignored, so the write fails) after some bytes.  (Without
# the index, whose files the limit would stop first.)
echo "the old contents" >"$tmp/keep.txt"
set +e
( ulimit -f 16; trap '' XFSZ; "$CIX" export wos --from "$samples/peerwork.txt" \
    -o "$tmp/keep.txt" ) >"$tmp/out" 2>"$tmp/err"
st=$?
set -e
expect_eq "$st" 1 "exit status of a failed write"
expect_grep "cannot write" "$tmp/err"
expect_eq "$(cat "$tmp/keep.txt")" "the old contents" "the file after a failure"
ls -a "$tmp" | grep -q '^\.keep\.txt\.' && fail "a temporary file was left"

# a symbolic link stays a link, the file keeps its mode
echo old >"$tmp/real.bib"
chmod 640 "$tmp/real.bib"
ln -s real.bib "$tmp/link.bib"
cix -q export bibtex -o "$tmp/link.bib"
[ -L "$tmp/link.bib" ] || fail "the symbolic link was replaced"
expect_eq "$(grep -c '^@' "$tmp/real.bib")" 37 "entries through the link"
expect_eq "$(stat -c %a "$tmp/real.bib" 2>/dev/null || echo 640)" 640 "mode"

# a FIFO is written in place
if mkfifo "$tmp/fifo" 2>/dev/null; then
	cat "$tmp/fifo" >"$tmp/from-fifo" &
	reader=$!
	cix -q export ris -o "$tmp/fifo"
	wait "$reader"
	[ -p "$tmp/fifo" ] || fail "the FIFO was replaced"
	expect_eq "$(grep -c '^TY  - ' "$tmp/from-fifo")" 37 "records through a FIFO"
fi
echo "cix export: usage, selections, --from and atomic output"
