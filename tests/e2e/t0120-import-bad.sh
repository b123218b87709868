#!/bin/sh
# Bad input: a clear error or warning naming the file (and line), never a
# crash, and a failed file leaves the index exactly as it was.
. "${CIX_SRCDIR:-.}/tests/e2e/lib.sh"

cix import -q "$samples/peerwork.txt"
dump >"$tmp/before.sql"

same() {
	dump >"$tmp/after.sql"
	cmp -s "$tmp/before.sql" "$tmp/after.sql" || fail "$1 changed the index"
}

# An empty file.
: >"$tmp/empty.txt"
expect_status 1 cix import "$tmp/empty.txt"
expect_grep "empty.txt: the file is empty" "$tmp/err"
same "an empty file"

# Binary garbage.
head -c 20000 /dev/urandom >"$tmp/garbage.bin"
expect_status 1 cix import "$tmp/garbage.bin"
expect_grep "garbage.bin" "$tmp/err"
same "binary garbage"

# Files of other formats say what they look like.
printf '@article{x,\n  title = {T},\n}\n' >"$tmp/x.bib"
expect_status 1 cix import "$tmp/x.bib"
expect_grep "looks like BibTeX" "$tmp/err"
printf 'TY  - JOUR\nTI  - T\nER  - \n' >"$tmp/x.ris"
expect_status 1 cix import "$tmp/x.ris"
expect_grep "looks like RIS" "$tmp/err"
printf '<!DOCTYPE html>\n<html><body>WoS</body></html>\n' >"$tmp/x.html"
expect_status 1 cix import "$tmp/x.html"
expect_grep "looks like HTML" "$tmp/err"
"$PYTHON3" -c "
import zipfile
with zipfile.ZipFile('$tmp/x.xlsx', 'w') as z:
    z.writestr('[Content_Types].xml', '<Types/>')
    z.writestr('xl/workbook.xml', '<workbook/>')
"
expect_status 1 cix import "$tmp/x.xlsx"
expect_grep "Excel" "$tmp/err"
printf '\320\317\021\340\241\261\032\341' >"$tmp/x.xls"
expect_status 1 cix import "$tmp/x.xls"
expect_grep "Excel" "$tmp/err"
printf 'Authors,Author full names,Title,Year,Source title,EID\nA,B,C,2020,D,2-s2.0-1\n' >"$tmp/scopus.csv"
expect_status 1 cix import "$tmp/scopus.csv"
expect_grep "Scopus" "$tmp/err"
same "foreign formats"

# A 100 MB line in the middle of a good file: error with the line, and
# nothing of the file is written (the records before it included).
{
	sed -n '1,/^ER/p' "$samples/peerwork-update.txt"
	printf 'PT J\nAU Long, L\nTI '
	head -c 100000000 /dev/zero | tr '\0' 'a'
	printf '\nER\n\nEF\n'
} >"$tmp/long.txt"
line=$(($(sed -n '1,/^ER/p' "$samples/peerwork-update.txt" | wc -l) + 3))
expect_status 1 cix import "$tmp/long.txt"
expect_grep "long.txt:$line: " "$tmp/err"
expect_grep "not imported; the index is unchanged" "$tmp/err"
same "a 100 MB line"

# A file truncated in the middle of a record: the records before the cut
# import, the cut one too (with a warning naming the line), no crash.
head -c 3000 "$samples/peerwork-update.txt" >"$tmp/cut.txt"
cix import "$tmp/cut.txt" >"$tmp/out" 2>"$tmp/err" || fail "truncated file"
expect_grep "cut.txt:[0-9]*: " "$tmp/err"
dump >"$tmp/before.sql"

# A record without tags and stray lines: warnings with lines.
printf 'FN Clarivate Analytics Web of Science\nVR 1.0\nPT J\nthis is not a tag\nER\n\nPT J\nAU Stray, S\nTI A stray record\nPY 2020\nUT WOS:999999999999999\nER\nEF\n' >"$tmp/notags.txt"
cix import "$tmp/notags.txt" >"$tmp/out" 2>"$tmp/err" || fail "record without tags"
expect_grep "notags.txt:4: " "$tmp/err"
cix show WOS:999999999999999 >/dev/null || fail "the good record of notags.txt"
dump >"$tmp/before.sql"

# Invalid UTF-8: read as Windows-1252, with a warning naming the line.
printf 'FN Clarivate Analytics Web of Science\nVR 1.0\nPT J\nAU M\374ller, K\nTI Caf\351 culture\nPY 2019\nUT WOS:999999999999998\nER\nEF\n' >"$tmp/latin1.txt"
cix import "$tmp/latin1.txt" >"$tmp/out" 2>"$tmp/err" || fail "invalid UTF-8"
expect_grep "latin1.txt:4: " "$tmp/err"
cix show --format json WOS:999999999999998 | grep -q 'Café culture' ||
    fail "Windows-1252 not decoded"

# A forced wrong format gives an error, not an empty import.
dump >"$tmp/before.sql"
expect_status 1 cix import --format mirror "$samples/peerwork-tab.txt"
same "a forced wrong format"

# Several files: the bad one fails alone; exit 4 (partial success).
expect_status 4 cix import "$tmp/x.bib" "$samples/peerwork-tab.txt"
expect_grep "x.bib" "$tmp/err"
