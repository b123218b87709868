#!/bin/sh
# Importing the bundled samples: counts, re-imports, overlapping exports,
# fields against the raw text.
. "${CIX_SRCDIR:-.}/tests/e2e/lib.sh"

cix import --format json "$samples/peerwork.txt" >"$tmp/sum.json"
"$PYTHON3" - "$tmp/sum.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
assert s['records'] == 30 and s['new'] == 30, s
assert s['references'] == 213, s
assert s['files_imported'] == 1 and s['files_failed'] == 0, s
PY
expect_eq "$(stat records)" 30 "records after peerwork.txt"
expect_eq "$(stat references)" 213 "references after peerwork.txt"
expect_eq "$(stat files)" 1 "files"

# The same file again: nothing changes, not even a byte of the index.
dump >"$tmp/before.sql"
cix import "$samples/peerwork.txt" >"$tmp/out"
expect_grep "30 unchanged" "$tmp/out"
dump >"$tmp/after.sql"
cmp -s "$tmp/before.sql" "$tmp/after.sql" || fail "re-import changed the index"

# A renamed copy is the same content.
cp "$samples/peerwork.txt" "$tmp/renamed.txt"
cix import "$tmp/renamed.txt" >"$tmp/out"
expect_grep "already imported" "$tmp/out"
expect_eq "$(stat files)" 1 "files after a renamed copy"

# An overlapping export: 5 known records, 4 new ones, no duplicate work.
cix import --format json "$samples/peerwork-update.txt" >"$tmp/sum.json"
"$PYTHON3" - "$tmp/sum.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
assert s['records'] == 9 and s['new'] == 4, s
assert s['new'] + s['updated'] + s['unchanged'] == 9, s
PY
expect_eq "$(stat records)" 34 "records after the update export"

# Tab-delimited and mirror page overlap too: 37 works in all.
cix import "$samples/peerwork-tab.txt" "$samples/mirror-gillard-2013.txt" >/dev/null
expect_eq "$(stat records)" 37 "records after all samples"
expect_eq "$(cix search --all --format tsv --limit 0 | tail -n +2 | cut -f7 | grep -c WOS:)" 37 "works with a UT"

# Fields of one record against the raw text of the export.
cix show --format json WOS:900000000000030 >"$tmp/w.json"
"$PYTHON3" - "$tmp/w.json" "$samples/peerwork.txt" <<'PY'
import json, sys, re
w = json.load(open(sys.argv[1]))
raw = open(sys.argv[2], encoding='utf-8').read()
rec = raw[raw.index('UT WOS:900000000000030') - 6000:]
rec = rec[rec.rindex('\nPT '):]
rec = rec[:rec.index('\nER')]
def tag(t):
    m = re.search(r'^' + t + r' (.*(?:\n   .*)*)', rec, re.M)
    return re.sub(r'\s+', ' ', m.group(1)).strip() if m else None
assert w['doi'] == tag('DI').lower(), (w['doi'], tag('DI'))
assert w['title'] == tag('TI'), (w['title'], tag('TI'))
assert w['year'] == int(tag('PY'))
assert w['volume'] == tag('VL') and w['issue'] == tag('IS')
assert w['pages'] == tag('BP') + '-' + tag('EP')
assert [a['family'] for a in w['authors']] == ['Chisholm', 'Petrakis'], w['authors']
assert w['authors'][0]['given'] == 'Janice'
crs = rec.split('\nCR ')[1].split('\nNR ')[0].count('\n') + 1
assert len(w['references']) == crs, (len(w['references']), crs)
assert 'peer workers' in w['keywords']
assert 'LIVED EXPERIENCE' in w['keywords_plus']
assert w['gcs'] == 6
for k in 'id doi ut title year source volume issue pages authors keywords'.split():
    assert k in w, k
PY

# Every spelling of a DOI and of a UT names the same work.
for name in 10.1080/26408066.2022.2118006 doi:10.1080/26408066.2022.2118006 \
    https://doi.org/10.1080/26408066.2022.2118006 \
    HTTPS://DOI.ORG/10.1080/26408066.2022.2118006 \
    DOI:10.1080/26408066.2022.2118006 WOS:900000000000030 \
    wos:900000000000030 900000000000030; do
	cix show --format json "$name" | grep -q '"ut": "WOS:900000000000030"' ||
	    fail "cix show $name"
done
id=$(cix show --format json WOS:900000000000030 | "$PYTHON3" -c 'import json,sys; print(json.load(sys.stdin)["id"])')
cix show "#$id" >"$tmp/out"
expect_grep "Peer Worker Perspectives" "$tmp/out"
expect_status 1 cix show 10.9999/not-there
expect_grep "no work '10.9999/not-there'" "$tmp/err"
expect_status 2 cix show "not a name"

# search and stats formats
cix search --author petrakis --format json >"$tmp/s.json"
"$PYTHON3" -c "import json; r=json.load(open('$tmp/s.json')); assert len(r)==1 and r[0]['ut']=='WOS:900000000000030', r"
cix search --keyword "peer workers" --year 2020-2023 --format csv >"$tmp/s.csv"
expect_grep "WOS:900000000000030" "$tmp/s.csv"
cix search --source "psychiatr rehabil" --year 2001 --format tsv >"$tmp/s.tsv"
expect_grep "Peer support: A theoretical perspective" "$tmp/s.tsv"
cix search recovery mental illness --format tsv >"$tmp/s.tsv"
expect_grep "WOS:900000000000001" "$tmp/s.tsv"
cix stats --format json | "$PYTHON3" -c "
import json,sys
s=json.load(sys.stdin)
for k in ('works','records','references','files'): assert k in s, k
assert sum(y['works'] for y in s['years']) == s['records'], s
"
cix stats --format csv >"$tmp/st.csv"
expect_grep "^total,records,37" "$tmp/st.csv"
