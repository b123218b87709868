#!/bin/sh
# A title, author, journal, DOI, abstract and keywords full of LaTeX and
# markup (\input{/etc/passwd}, an unbalanced }, %, #, <i>, $, ~, ^, _ and
# \write18) come out escaped and harmless in every format: bibtex and
# LaTeX typeset them as text, biber has nothing to say, the readers get
# the original text back, and the XML, JSON and DOT stay well formed.
. "${CIX_SRCDIR:-.}/tests/e2e/lib.sh"
. "$CIX_SRCDIR/tests/data/export/checks.sh"

fixture=$EXPORT_DATA/hostile.txt
cix import -q "$fixture"
expect_eq "$(stat records)" 3 "records imported"

cix export bibtex -o "$tmp/h.bib"
cix export bibtex --ascii -o "$tmp/h-ascii.bib"
cix export biblatex -o "$tmp/h-blx.bib"
for f in h h-ascii h-blx; do
	# no control sequence of the input survives unescaped
	for cs in '\input' '\write18' '\def' '\end{document}' '\relax'; do
		if grep -qF "$cs" "$tmp/$f.bib"; then
			grep -nF "$cs" "$tmp/$f.bib" >&2
			fail "$f.bib: '$cs' is not escaped"
		fi
	done
	# every entry's braces balance
	"$PY" - "$tmp/$f.bib" <<'EOF' || fail "$f.bib: unbalanced braces"
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
for entry in re.split(r"\n(?=@)", text):
    if not entry.startswith("@"):
        continue
    depth = 0
    for c in entry:
        depth += c == "{"
        depth -= c == "}"
        if depth < 0:
            sys.exit("below zero in " + entry[:40])
    if depth:
        sys.exit("unbalanced: " + entry[:40])
EOF
done
grep -qF 'title = {{\textbackslash}input{\textbraceleft}/etc/passwd{\textbraceright} {\textbraceright} unbalanced: 50\% of \#1 {\textless}i{\textgreater}cases' "$tmp/h.bib" ||
    fail "the hostile title is not escaped as expected"
grep -qF 'doi = {10.1234/x_y<z>%#1}' "$tmp/h-blx.bib" ||
    fail "biblatex doi is not the verbatim DOI"
grep -qF 'doi = {10.1234/x\_y{\textless}z{\textgreater}\%\#1}' "$tmp/h.bib" ||
    fail "bibtex doi is not escaped"
grep -qF 'author = {{ANDERSON AND CO}, X. and SMITH, J. A.}' "$tmp/h.bib" ||
    fail "a family name with AND is not braced"
grep -qF '{World Health Organization \& Partners}' "$tmp/h.bib" ||
    fail "the group author is not braced"
grep -qF 'M{\"u}ller, Hans and {\L}ukasiewicz, Jan' "$tmp/h-ascii.bib" ||
    fail "--ascii did not write accents as LaTeX"
grep -qF '{DNA}, {COVID-19} and {mRNA} in {England}' "$tmp/h.bib" ||
    fail "acronyms and proper nouns are not protected"
grep -qF 'title = {PEER SUPPORT IN THE UK AND THE USA}' "$tmp/h.bib" ||
    fail "a title in capitals got braces"

if command -v bibtex >/dev/null 2>&1; then
	check_bibtex "$tmp/h.bib" "$tmp/bibtex"
	# (UTF-8 Greek and math are not for pdflatex: that is --ascii)
	check_pdflatex "$tmp/h-ascii.bib" "$tmp/latex-ascii"
fi
if command -v biber >/dev/null 2>&1; then
	check_biber "$tmp/h-blx.bib" "$tmp/biber"
fi
if "$PY" -c 'import pybtex, bibtexparser, latexcodec' 2>/dev/null; then
	check_readback "$CIX_DB" "$tmp/h.bib" bibtex
	check_readback "$CIX_DB" "$tmp/h-ascii.bib" bibtex --ascii
	check_readback "$CIX_DB" "$tmp/h-blx.bib" biblatex
fi

# The other formats: well formed, the text intact.
cix export csljson -o "$tmp/h.json"
cix export ris -o "$tmp/h.ris"
cix export graphml -o "$tmp/h.graphml"
cix export gexf -o "$tmp/h.gexf"
cix export dot -o "$tmp/h.dot"
cix export pajek -o "$tmp/h.net"
cix export vosviewer -o "$tmp/h-vos"
"$PY" - "$tmp" <<'EOF' || fail "the other formats do not read back"
import json, sys, xml.etree.ElementTree as ET
d = sys.argv[1]
items = json.load(open(d + "/h.json", encoding="utf-8"))
t = [i["title"] for i in items if i["id"].startswith("Evil")][0]
assert t.startswith("\\input{/etc/passwd} } unbalanced: 50% of #1 <i>cases</i>"), t
for line in open(d + "/h.ris", encoding="utf-8"):
    line = line.rstrip("\r\n")
    assert line == "" or (len(line) >= 6 and line[2:6] == "  - "), line
ET.parse(d + "/h.graphml")
ET.parse(d + "/h.gexf")
for name in ("h-vos_map.txt", "h-vos_network.txt"):
    for line in open(d + "/" + name, encoding="utf-8"):
        assert line.count("\t") in (2, 6), (name, line)
print("csljson, ris, graphml, gexf, vosviewer: well formed")
EOF
if command -v dot >/dev/null 2>&1; then
	dot -Tsvg "$tmp/h.dot" -o "$tmp/h.svg" || fail "dot refuses the DOT export"
	"$PY" -c "import sys, xml.etree.ElementTree as ET; ET.parse(sys.argv[1])" \
	    "$tmp/h.svg" || fail "dot made a broken SVG"
fi
# Every output is valid UTF-8.
for f in h.bib h-blx.bib h.json h.ris h.graphml h.gexf h.dot h.net h-vos_map.txt; do
	"$PY" -c "import sys; open(sys.argv[1], 'rb').read().decode('utf-8')" \
	    "$tmp/$f" || fail "$f is not UTF-8"
done
echo "hostile fixture: escaped and harmless in every format"
