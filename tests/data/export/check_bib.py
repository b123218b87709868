#!/usr/bin/python3
"""check_bib.py DB BIBFILE bibtex|biblatex [--ascii]

Read a cix BibTeX/BibLaTeX export back with pybtex and with bibtexparser
and compare it with the index it came from (read directly with sqlite3):
the same number of entries, and for each work (found by its citation key
in the citekeys table) the same title, authors and DOI once the LaTeX is
decoded.  With --ascii, accented letters were written as LaTeX accents:
they are decoded with latexcodec and compared folded to ASCII.

Prints one summary line; exits 1 on the first differences (listed), 77
when pybtex or bibtexparser is missing.
"""
import codecs
import re
import sqlite3
import sys
import unicodedata

try:
    import pybtex.database
    import bibtexparser
    from bibtexparser.bparser import BibTexParser
    import latexcodec  # noqa: F401 (registers the "ulatex" codec)
except ImportError as e:
    print("SKIP: %s" % e)
    sys.exit(77)

# The escapes of cix's latex.c, in the order they must be undone.
SPECIALS = [
    (r"{\textbackslash}", "\\"), (r"{\textbraceleft}", "{"),
    (r"{\textbraceright}", "}"), (r"{\textasciitilde}", "~"),
    (r"{\textasciicircum}", "^"), (r"{\textless}", "<"),
    (r"{\textgreater}", ">"), (r"\&", "&"), (r"\%", "%"), (r"\$", "$"),
    (r"\#", "#"), (r"\_", "_"),
]


def decode(s, ascii_mode):
    """cix's LaTeX back to text."""
    if s is None:
        return None
    for i, (k, _) in enumerate(SPECIALS):
        s = s.replace(k, chr(0xE000 + i))
    if ascii_mode:
        s = codecs.decode(s, "ulatex")
    s = s.replace("{", "").replace("}", "")
    for i, (_, v) in enumerate(SPECIALS):
        s = s.replace(chr(0xE000 + i), v)
    return " ".join(s.split())


def fold(s):
    """Letters and digits only, accents off: for --ascii comparisons
    (symbols latexcodec does not know, such as \\textquestiondown, go)."""
    s = re.sub(r"\\[A-Za-z]+", "", s)
    s = unicodedata.normalize("NFKD", s)
    return "".join(c.lower() for c in s if c.isascii() and c.isalnum())


def clean(s):
    """What the escaper does to any text: one space, no controls."""
    if s is None:
        return None
    s = "".join(" " if unicodedata.category(c) == "Cc" else c for c in s)
    s = unicodedata.normalize("NFC", s)
    return " ".join(s.split())


def unverb(s):
    """A biblatex verbatim field: undo the %XX cix wrote."""
    return re.sub(r"%(7B|7D|5C|[01][0-9A-F]|20|7F)",
                  lambda m: chr(int(m.group(1), 16)), s)


def main():
    if len(sys.argv) < 4:
        print(__doc__)
        return 2
    db, path, fmt = sys.argv[1:4]
    ascii_mode = "--ascii" in sys.argv[4:]
    con = sqlite3.connect(db)
    keys = {}
    for wid, key in con.execute(
            "SELECT work_id, key FROM citekeys WHERE pattern = ?",
            ("[auth][year]",)):
        keys[key.lower()] = wid
    works = {}
    for wid, title, doi in con.execute(
            "SELECT id, title, doi FROM works"):
        works[wid] = (title, doi)
    authors = {}
    for wid, role, family, corporate in con.execute(
            "SELECT work_id, role, family, corporate FROM authors"
            " ORDER BY work_id, pos"):
        authors.setdefault(wid, []).append((role, family or "", corporate))

    def expected_authors(wid):
        a = [x for x in authors.get(wid, []) if x[0] in (0, 3)]
        if not a:
            a = [x for x in authors.get(wid, []) if x[0] == 2]
        out = []
        for _, fam, corp in a:
            if fam.startswith("[") and fam.endswith("]"):
                fam = fam[1:-1]
            out.append(clean(fam))
        return [f for f in out if f]

    bad = []

    def same(a, b):
        if a is None or b is None:
            return a == b
        if ascii_mode:
            return fold(a) == fold(b)
        return a == clean(b)

    # pybtex
    data = pybtex.database.parse_file(path, bib_format="bibtex")
    n_pybtex = len(data.entries)
    for key, entry in data.entries.items():
        wid = keys.get(key.lower())
        if wid is None:
            bad.append("%s: no such key in the index" % key)
            continue
        title, doi = works[wid]
        got = decode(entry.fields.get("title"), ascii_mode)
        if title is not None and not same(got, title):
            bad.append("%s: title %r != %r" % (key, got, title))
        got_doi = entry.fields.get("doi")
        if got_doi is not None:
            got_doi = unverb(got_doi) if fmt == "biblatex" else \
                decode(got_doi, False)
        if got_doi != doi:
            bad.append("%s: doi %r != %r" % (key, got_doi, doi))
        fams = []
        for p in entry.persons.get("author", []):
            fams.append(decode(" ".join(p.prelast_names + p.last_names),
                               ascii_mode))
        want = expected_authors(wid)
        if len(fams) != len(want) or not all(
                same(a, b) for a, b in zip(fams, want)):
            bad.append("%s: authors %r != %r" % (key, fams, want))

    # bibtexparser
    parser = BibTexParser(common_strings=True)
    parser.ignore_nonstandard_types = False
    with open(path, encoding="utf-8") as f:
        bp = bibtexparser.load(f, parser=parser)
    n_bp = len(bp.entries)
    for e in bp.entries:
        wid = keys.get(e["ID"].lower())
        if wid is None:
            bad.append("%s: bibtexparser: no such key" % e["ID"])
            continue
        title = works[wid][0]
        got = decode(e.get("title"), ascii_mode)
        if title is not None and not same(got, title):
            bad.append("%s: bibtexparser title %r != %r" % (e["ID"], got,
                                                             title))
    n_cix = sum(1 for line in open(path, encoding="utf-8")
                if line.startswith("@"))
    print("%s: %d entries written, pybtex read %d, bibtexparser read %d,"
          " %d differences" % (path, n_cix, n_pybtex, n_bp, len(bad)))
    if n_pybtex != n_cix or n_bp != n_cix:
        bad.append("entry counts differ")
    for b in bad[:20]:
        print("  " + b)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
