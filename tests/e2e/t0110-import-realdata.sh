#!/bin/sh
# Every real export imports: records = the file's records (PT...ER pairs,
# or data rows), stored references = its CR entries, counted here
# independently of cix.
. "${CIX_SRCDIR:-.}/tests/e2e/lib.sh"
need_data wos

for f in "$CIX_TEST_DATA"/wos/*.txt "$CIX_TEST_DATA"/wos-tab/*.txt; do
	[ -f "$f" ] || continue
	db=$tmp/one.db
	rm -f "$db" "$db-wal" "$db-shm"
	cix --db "$db" import --no-link --format json "$f" >"$tmp/sum.json" ||
	    fail "import of $f failed"
	"$PYTHON3" - "$f" "$tmp/sum.json" <<'PY' || fail "counts of $f"
import json, re, sys
path, summary = sys.argv[1], json.load(open(sys.argv[2]))
data = open(path, 'rb').read()
if data.startswith(b'\xff\xfe'):
    text = data[2:].decode('utf-16-le')
elif data.startswith(b'\xfe\xff'):
    text = data[2:].decode('utf-16-be')
else:
    text = data.decode('utf-8', 'replace').lstrip('\ufeff')
lines = re.split(r'\r\n|\n|\r', text)
if lines[0].startswith('PT\t'):
    head = lines[0].rstrip('\t').split('\t')
    rows = [l for l in lines[1:] if l.strip()]
    cr = head.index('CR')
    records = len(rows)
    refs = sum(len([c for c in r.split('\t')[cr].strip('"').split('; ')
                    if c.strip()]) for r in rows)
else:
    records = refs = 0
    in_cr = False
    for l in lines:
        l = l.lstrip('\ufeff')
        if l.startswith('PT '):
            records += 1
        if l.startswith('CR '):
            in_cr = True
            refs += 1
        elif in_cr and l.startswith('  ') and l.strip():
            refs += 1
        elif not l.startswith('  '):
            in_cr = False
s = summary
assert s['files_failed'] == 0, s
assert s['records'] == records, (path, s['records'], records)
assert s['references'] == refs, (path, s['references'], refs)
print('%s: %d records, %d references' % (path.split('/')[-1], records, refs))
PY
done

# All of them in one index, with linking.
cix import "$CIX_TEST_DATA"/wos/*.txt "$CIX_TEST_DATA"/wos-tab/*.txt >"$tmp/out"
expect_grep "files read" "$tmp/out"
cix stats --format json >"$tmp/st.json"
"$PYTHON3" -c "
import json
s = json.load(open('$tmp/st.json'))
assert s['references'] > 100000, s
assert s['references_linked'] == s['references'] or s['references_linked'] > 0.99 * s['references'], s
"
