#!/bin/sh
# Seed 000 (a mirror-site record page) imports as one work: two authors,
# the DOI, pages 84-97, ten references.
. "${CIX_SRCDIR:-.}/tests/e2e/lib.sh"

seed=$(ls "$CIX_TEST_DATA"/../seeds/000_*.txt 2>/dev/null | head -n 1)
[ -n "$seed" ] || skip "no seed 000 in $CIX_TEST_DATA/../seeds"
cix import --format json "$seed" >"$tmp/sum.json"
"$PYTHON3" -c "
import json
s = json.load(open('$tmp/sum.json'))
assert s['records'] == 1 and s['references'] == 10, s
"
cix show --format json 10.1080/26408066.2022.2118006 >"$tmp/w.json"
"$PYTHON3" - "$tmp/w.json" <<'PY'
import json, sys
w = json.load(open(sys.argv[1]))
assert [a['family'] for a in w['authors']] == ['Chisholm', 'Petrakis'], w['authors']
assert w['doi'] == '10.1080/26408066.2022.2118006'
assert w['first_page'] == '84' and w['last_page'] == '97', w
assert w['pages'] == '84-97'
assert w['page_count'] == 14
assert w['gcs'] == 6
assert len(w['references']) == 10
assert w['references'][3]['dois'] == ['10.1037/h0095655'], w['references'][3]
assert len(w['affiliations']) == 3
PY
