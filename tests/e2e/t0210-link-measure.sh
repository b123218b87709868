#!/bin/sh
# The matching measurement of docs/matching.md on the real exports: hide
# the DOIs of references that name a record of the same file, import, and
# check recall and precision against the targets (97% and 99.5%).
. "${CIX_SRCDIR:-.}/tests/e2e/lib.sh"
need_data wos

"$PYTHON3" "$CIX_SRCDIR/bench/matching.py" --cix "$CIX" --json \
    "$CIX_TEST_DATA"/wos/*.txt >"$tmp/m.json"
"$PYTHON3" - "$tmp/m.json" <<'PY'
import json, sys
rs = json.load(open(sys.argv[1]))
n = sum(r['hidden'] for r in rs)
right = sum(r['right'] for r in rs)
wrong = sum(r['wrong'] + r['wrong_other'] for r in rs)
for r in rs:
    print('%-50s hidden %5d recall %s wrong %d' % (r['file'], r['hidden'],
          '%.4f' % r['recall'] if r['recall'] is not None else '-',
          r['wrong'] + r['wrong_other']))
print('all: %d hidden, recall %.4f, precision %.4f' % (n, right / n,
      right / (right + wrong)))
assert n > 2500, n
assert right / n >= 0.97, right / n
assert right / (right + wrong) >= 0.995, right / (right + wrong)
# bibliometrix's exact label recovers none of them (DOI on one side only)
assert sum(r['bx_literal_right'] for r in rs) < 0.05 * n
PY
