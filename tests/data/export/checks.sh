# checks.sh - sourced by tests/e2e/t5*-export-*.sh after lib.sh: run the
# tools the exports are meant for.  Each function fails the test (or skips
# it with 77 when its tool is missing) and prints what it found.

# Debian's python has the packages (python3-pybtex, -bibtexparser,
# -networkx, -citeproc); PYTHON3 may be another one.
if [ -x /usr/bin/python3 ]; then
	PY=/usr/bin/python3
else
	PY=$PYTHON3
fi
EXPORT_DATA=$CIX_SRCDIR/tests/data/export

need_tool() {
	command -v "$1" >/dev/null 2>&1 || skip "$1 is not installed"
}

need_py() {
	"$PY" -c "import $1" 2>/dev/null || skip "python module $1 is missing"
}

# The citation keys of BIBFILE, one per line.
bib_keys() {
	sed -n 's/^@[a-z]*{\(.*\),$/\1/p' "$1"
}

# check_bibtex BIBFILE DIR: bibtex with plain.bst on an .aux that cites
# every key of BIBFILE by name; no error allowed (warnings are printed).
check_bibtex() {
	mkdir -p "$2"
	cp "$1" "$2/refs.bib"
	{
		bib_keys "$1" | sed 's/.*/\\citation{&}/'
		printf '%s\n' '\bibdata{refs}'
		printf '%s\n' '\bibstyle{plain}'
	} >"$2/doc.aux"
	(cd "$2" && bibtex doc >bibtex.out 2>&1) || true
	if grep -q 'error message' "$2/doc.blg"; then
		grep -B2 -A2 -i 'error\|---line' "$2/doc.blg" | head -30 >&2
		fail "bibtex reports errors on $1"
	fi
	n=$(grep -c '^\\bibitem' "$2/doc.bbl")
	[ "$n" = "$(bib_keys "$1" | wc -l)" ] ||
	    fail "bibtex wrote $n items for $(bib_keys "$1" | wc -l) keys"
	echo "bibtex: $n entries, $(grep -c '^Warning--' "$2/doc.blg" || true) warnings, no error"
}

# check_pdflatex BIBFILE DIR: a document citing every key of BIBFILE,
# bibtex (plain.bst), then pdflatex on the bibliography: no LaTeX error,
# and no file opened that the document did not ask for.
check_pdflatex() {
	command -v pdflatex >/dev/null 2>&1 || {
		echo "pdflatex is not installed: LaTeX run skipped"
		return 0
	}
	mkdir -p "$2"
	cp "$1" "$2/refs.bib"
	{
		printf '%s\n' '\documentclass{article}'
		printf '%s\n' '\begin{document}'
		bib_keys "$1" | sed 's/.*/\\cite{&}/'
		printf '%s\n' '\bibliographystyle{plain}'
		printf '%s\n' '\bibliography{refs}'
		printf '%s\n' '\end{document}'
	} >"$2/doc.tex"
	(
		cd "$2" &&
		pdflatex -interaction=nonstopmode -no-shell-escape doc >/dev/null 2>&1
		bibtex doc >/dev/null 2>&1
		pdflatex -interaction=nonstopmode -no-shell-escape doc >latex.out 2>&1
	) || true
	if grep -q '^!' "$2/doc.log"; then
		grep -A4 '^!' "$2/doc.log" | head -30 >&2
		fail "pdflatex stops on the bibliography of $1"
	fi
	[ -s "$2/doc.pdf" ] || fail "pdflatex made no PDF of $1"
	if grep -q '(/etc/' "$2/doc.log"; then
		fail "the bibliography of $1 made LaTeX read a system file"
	fi
	echo "pdflatex: $(bib_keys "$1" | wc -l) references typeset, no error"
}

# check_biber BIBFILE DIR: biber --validate-datamodel reads BIBFILE with
# no ERROR and no WARN (a document citing every key when biblatex can be
# loaded, else biber's tool mode with the default data model).
check_biber() {
	need_tool biber
	mkdir -p "$2"
	cp "$1" "$2/refs.bib"
	if command -v pdflatex >/dev/null 2>&1 &&
	    kpsewhich biblatex.sty >/dev/null 2>&1 &&
	    kpsewhich etoolbox.sty >/dev/null 2>&1; then
		{
			printf '%s\n' '\documentclass{article}'
			printf '%s\n' '\usepackage[backend=biber]{biblatex}'
			printf '%s\n' '\addbibresource{refs.bib}'
			printf '%s\n' '\begin{document}'
			bib_keys "$1" | sed 's/.*/\\cite{&}/'
			printf '%s\n' '\printbibliography'
			printf '%s\n' '\end{document}'
		} >"$2/doc.tex"
		(cd "$2" && pdflatex -interaction=nonstopmode doc >/dev/null 2>&1) || true
		[ -s "$2/doc.bcf" ] || fail "no doc.bcf: biblatex did not load"
		(cd "$2" && biber --validate-datamodel doc >biber.out 2>&1) ||
		    { cat "$2/biber.out" >&2; fail "biber failed on $1"; }
		blg=$2/doc.blg
		mode=document
	else
		(cd "$2" && biber --tool --validate-datamodel \
		    --output-file=tool.bib refs.bib >biber.out 2>&1) ||
		    { cat "$2/biber.out" >&2; fail "biber failed on $1"; }
		blg=$2/refs.bib.blg
		[ -f "$blg" ] || blg=$2/biber.out
		mode=tool
	fi
	if grep -q 'WARN\|ERROR' "$blg"; then
		grep 'WARN\|ERROR' "$blg" | head -20 >&2
		fail "biber warns about the data of $1"
	fi
	echo "biber ($mode mode, --validate-datamodel): $(bib_keys "$1" | wc -l) entries, no warning, no error"
}

# check_readback DB BIBFILE FORMAT [--ascii]: pybtex and bibtexparser
# read the same entries back, titles, authors and DOIs as in the index.
check_readback() {
	set +e
	"$PY" "$EXPORT_DATA/check_bib.py" "$@" >"$tmp/readback" 2>&1
	st=$?
	set -e
	cat "$tmp/readback"
	[ "$st" = 77 ] && skip "pybtex, bibtexparser or latexcodec is missing"
	[ "$st" = 0 ] || fail "read back of $2 differs from the index"
}
