#!/bin/sh
# cix export bibtex and biblatex pass the tools untouched: bibtex with
# plain.bst on a document citing every key, pdflatex on the result,
# biber --validate-datamodel, and pybtex and bibtexparser reading back the
# titles, authors and DOIs of the index.  On the samples, then on every
# real WoS export of ../shared/data/wos when it is there.
. "${CIX_SRCDIR:-.}/tests/e2e/lib.sh"
. "$CIX_SRCDIR/tests/data/export/checks.sh"

need_tool bibtex
need_tool biber
need_py pybtex
need_py bibtexparser
need_py latexcodec

check_all() {
	label=$1
	cix export bibtex -o "$tmp/$label.bib"
	cix export bibtex --ascii -o "$tmp/$label-ascii.bib"
	cix export biblatex -o "$tmp/$label-blx.bib"
	n=$(stat records)
	expect_eq "$(grep -c '^@' "$tmp/$label.bib")" "$n" "$label: bibtex entries"
	expect_eq "$(grep -c '^@' "$tmp/$label-blx.bib")" "$n" "$label: biblatex entries"
	# ASCII means ASCII
	if LC_ALL=C grep -q '[^ -~]' "$tmp/$label-ascii.bib"; then
		fail "$label: --ascii wrote a non-ASCII byte"
	fi
	check_bibtex "$tmp/$label.bib" "$tmp/$label-bibtex"
	check_bibtex "$tmp/$label-ascii.bib" "$tmp/$label-bibtex-ascii"
	check_pdflatex "$tmp/$label-ascii.bib" "$tmp/$label-latex-ascii"
	check_pdflatex "$tmp/$label.bib" "$tmp/$label-latex"
	check_biber "$tmp/$label-blx.bib" "$tmp/$label-biber"
	check_readback "$CIX_DB" "$tmp/$label.bib" bibtex
	check_readback "$CIX_DB" "$tmp/$label-ascii.bib" bibtex --ascii
	check_readback "$CIX_DB" "$tmp/$label-blx.bib" biblatex
}

cix import -q "$samples"/*.txt
check_all samples

# The entry types follow the work types.
grep -q '^@article{Anthony1993,' "$tmp/samples.bib" ||
    fail "no @article{Anthony1993}"
grep -q '^  month = apr,$' "$tmp/samples.bib" || fail "month is not a macro"
grep -q '^  pages = {11--23},$' "$tmp/samples.bib" || fail "pages without --"
grep -q '^  journaltitle = {' "$tmp/samples-blx.bib" ||
    fail "biblatex without journaltitle"
grep -q '^  note = {WOS:' "$tmp/samples.bib" || fail "no WoS UT in note"

[ -d "$CIX_TEST_DATA/wos" ] || {
	echo "no real data in $CIX_TEST_DATA/wos: samples only"
	exit 0
}
rm -f "$CIX_DB" "$CIX_DB-wal" "$CIX_DB-shm"
cix import -q "$CIX_TEST_DATA"/wos/*.txt
check_all wos
