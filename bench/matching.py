#!/usr/bin/env python3
"""Measure how well cix links cited references to records.

For each Web of Science plain-text export given:

1. find every cited reference (CR) whose DOI names another record of the
   same file (the truth: that reference cites that record);
2. write a copy of the file with the DOI removed from exactly those
   references (everything from ", DOI" to the end of the CR line);
3. import the copy with cix into a fresh index and read every link back
   (`cix refs --all --format tsv`);
4. count, over the hidden-DOI references, how many link to the right
   record (recall), and over every reference whose right answer is known,
   how many links to a record point at a wrong one (precision);
5. do the same with the exact-key method of bibliometrix's histNetwork()
   (label "FIRSTAUTHOR, PY, J9 DOI <DOI>", see
   ../shared/notes/anchors-mission.md section 2.2) and with the DOI-less
   label "FIRSTAUTHOR, PY, J9" (metaknowledge, histcite-python style).

Usage: matching.py [--cix PATH] [--json] FILE...
Standard library only.
"""

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile

DOI_RE = re.compile(r'10\.\d{4,9}/[^\s,\]]+')


def norm_doi(d):
    d = d.strip().rstrip('.,;:')
    return d.lower()


def read_records(path):
    """Records as dicts: tags -> list of (value, lineno); plus raw lines."""
    with open(path, 'rb') as f:
        data = f.read()
    if data.startswith(b'\xef\xbb\xbf'):
        data = data[3:]
    text = data.decode('utf-8', errors='replace')
    lines = re.split(r'\r\n|\n|\r', text)
    recs, cur, tag = [], None, None
    for i, line in enumerate(lines):
        if line.startswith('PT '):
            cur = {'tags': {}, 'start': i}
            tag = 'PT'
            cur['tags'].setdefault('PT', []).append((line[3:], i))
            continue
        if cur is None:
            continue
        if line.startswith('ER'):
            recs.append(cur)
            cur, tag = None, None
            continue
        if re.match(r'^[A-Z][A-Z0-9] ', line):
            tag = line[:2]
            cur['tags'].setdefault(tag, []).append((line[3:].rstrip(), i))
        elif line.startswith('  ') and tag is not None:
            cur['tags'].setdefault(tag, []).append((line.strip(), i))
    if cur is not None:
        recs.append(cur)
    return lines, recs


def first(rec, tag):
    v = rec['tags'].get(tag)
    return v[0][0].strip() if v else ''


def bx_norm(s):
    s = s.upper()
    s = re.sub(r"[^A-Z0-9 '\-]", ' ', s)
    return re.sub(r'\s+', ' ', s).strip()


def bx_record_label(rec, with_doi):
    au = bx_norm(first(rec, 'AU').replace(',', ' '))
    j9 = first(rec, 'J9') or first(rec, 'JI').replace('.', '') or \
        first(rec, 'SO')
    label = '%s, %s, %s' % (au, first(rec, 'PY'), bx_norm(j9))
    if with_doi:
        label += ' DOI ' + first(rec, 'DI').upper()
    return re.sub(r'\s+', ' ', label).strip()


def bx_cr_label(cr, with_doi):
    parts = [p.strip() for p in cr.split(',')]
    au = parts[0].replace('.', ' ') if parts else ''
    au = re.sub(r' {2,}', '', au).strip()
    py = parts[1] if len(parts) > 1 else ''
    so = parts[2] if len(parts) > 2 else ''
    label = '%s, %s, %s' % (bx_norm(au), py, bx_norm(so))
    if with_doi:
        d = cr.split('DOI')
        label += ' DOI ' + (d[1].strip().upper() if len(d) > 1 else '')
    return re.sub(r'\s+', ' ', label).strip()


def measure(path, cix):
    lines, recs = read_records(path)
    by_doi = {}
    for r in recs:
        d = first(r, 'DI')
        if d:
            by_doi.setdefault(norm_doi(d), []).append(first(r, 'UT'))
    truth = {}          # (citing UT, 1-based CR position) -> cited UT
    hidden_lines = set()
    nodoi_cited = {}    # refs with a visible DOI naming no record
    ambiguous = 0
    for r in recs:
        ut = first(r, 'UT')
        for pos, (cr, lineno) in enumerate(r['tags'].get('CR', []), 1):
            dois = {norm_doi(d) for d in DOI_RE.findall(cr)}
            targets = set()
            for d in dois:
                for t in by_doi.get(d, []):
                    targets.add(t)
            targets.discard(ut)
            if len(targets) == 1:
                truth[(ut, pos)] = next(iter(targets))
                hidden_lines.add(lineno)
            elif len(targets) > 1:
                ambiguous += 1
                hidden_lines.add(lineno)     # hidden, not scored
            elif dois:
                nodoi_cited[(ut, pos)] = True
    # The copy with those DOIs hidden.
    out = list(lines)
    for i in hidden_lines:
        m = re.search(r',\s*DOI\b.*$', out[i])
        if m:
            out[i] = out[i][:m.start()]
    tmp = tempfile.mkdtemp(prefix='cix-matching-')
    copy = os.path.join(tmp, os.path.basename(path))
    with open(copy, 'w', encoding='utf-8') as f:
        f.write('\n'.join(out))
    db = os.path.join(tmp, 'cix.db')
    subprocess.run([cix, '--db', db, '-q', 'import', copy], check=True,
                   stdout=subprocess.DEVNULL)
    tsv = subprocess.run([cix, '--db', db, 'refs', '--all', '--format',
                          'tsv'], check=True, capture_output=True,
                         text=True).stdout.splitlines()
    head = tsv[0].split('\t')
    col = {n: i for i, n in enumerate(head)}
    got = {}
    for row in tsv[1:]:
        f = row.split('\t')
        if f[col['cited_kind']] != 'record':
            continue
        got[(f[col['citing_ut']], int(f[col['pos']]))] = (
            f[col['cited_ut']], f[col['method']])
    right = wrong = 0
    methods = {}
    misses = []
    wrongs = []
    for k, t in truth.items():
        g = got.get(k)
        if g is None:
            misses.append(k)
            continue
        if g[0] == t:
            right += 1
            methods[g[1]] = methods.get(g[1], 0) + 1
        else:
            wrong += 1
            wrongs.append((k, t, g))
    # A reference whose visible DOI names no record must not be linked to
    # a record that has a DOI (it would be a different work).
    rec_doi = {first(r, 'UT'): first(r, 'DI') for r in recs}
    wrong_other = 0
    for k in nodoi_cited:
        if k in got and rec_doi.get(got[k][0]):
            wrong_other += 1
            wrongs.append((k, None, got[k]))
    # bibliometrix, literal and DOI-less labels, on the hidden references
    bx = {}
    for with_doi in (True, False):
        labels = {}
        for r in recs:
            labels.setdefault(bx_record_label(r, with_doi), []).append(
                first(r, 'UT'))
        b_right = b_wrong = 0
        for r in recs:
            ut = first(r, 'UT')
            for pos, (cr, lineno) in enumerate(r['tags'].get('CR', []), 1):
                if (ut, pos) not in truth:
                    continue
                hidden = re.sub(r',\s*DOI\b.*$', '', cr)
                hits = labels.get(bx_cr_label(hidden, with_doi), [])
                if truth[(ut, pos)] in hits:
                    b_right += 1
                    b_wrong += len(hits) - 1
                else:
                    b_wrong += len(hits)
        bx['literal' if with_doi else 'nodoi'] = (b_right, b_wrong)
    subprocess.run(['rm', '-rf', tmp])
    n = len(truth)
    return {
        'file': os.path.basename(path),
        'records': len(recs),
        'hidden': n,
        'ambiguous_doi': ambiguous,
        'right': right,
        'wrong': wrong,
        'wrong_other': wrong_other,
        'recall': right / n if n else None,
        'precision': right / (right + wrong + wrong_other)
        if right + wrong + wrong_other else None,
        'methods': methods,
        'misses': misses[:20],
        'wrongs': wrongs[:20],
        'bx_literal_right': bx['literal'][0],
        'bx_literal_wrong': bx['literal'][1],
        'bx_nodoi_right': bx['nodoi'][0],
        'bx_nodoi_wrong': bx['nodoi'][1],
    }


def pct(x):
    return '-' if x is None else '%.1f%%' % (100 * x)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--cix', default=os.environ.get('CIX', 'cix'))
    ap.add_argument('--json', action='store_true')
    ap.add_argument('--misses', action='store_true',
                    help='list the references cix did not link')
    ap.add_argument('files', nargs='+')
    a = ap.parse_args()
    results = [measure(f, a.cix) for f in a.files]
    if a.json:
        json.dump(results, sys.stdout, indent=2)
        print()
        return 0
    print('| file | records | hidden DOIs | cix recall | cix precision |'
          ' by key / fuzzy | bibliometrix label recall | DOI-less label'
          ' recall (precision) |')
    print('|---|---|---|---|---|---|---|---|')
    tot = {'hidden': 0, 'right': 0, 'wrong': 0, 'wo': 0, 'bl': 0,
           'bn': 0, 'bnw': 0}
    for r in results:
        n = r['hidden']
        bnw = r['bx_nodoi_wrong']
        print('| %s | %d | %d | %s | %s | %d / %d | %s | %s (%s) |' % (
            r['file'], r['records'], n, pct(r['recall']),
            pct(r['precision']), r['methods'].get('key', 0),
            r['methods'].get('fuzzy', 0),
            pct(r['bx_literal_right'] / n if n else None),
            pct(r['bx_nodoi_right'] / n if n else None),
            pct(r['bx_nodoi_right'] / (r['bx_nodoi_right'] + bnw)
                if r['bx_nodoi_right'] + bnw else None)))
        tot['hidden'] += n
        tot['right'] += r['right']
        tot['wrong'] += r['wrong']
        tot['wo'] += r['wrong_other']
        tot['bl'] += r['bx_literal_right']
        tot['bn'] += r['bx_nodoi_right']
        tot['bnw'] += bnw
        if a.misses:
            for m in r['misses']:
                print('  miss:', m, file=sys.stderr)
            for w in r['wrongs']:
                print('  wrong:', w, file=sys.stderr)
    h = tot['hidden']
    print('| **all** | | %d | %s | %s | | %s | %s (%s) |' % (
        h, pct(tot['right'] / h if h else None),
        pct(tot['right'] / (tot['right'] + tot['wrong'] + tot['wo'])
            if tot['right'] + tot['wrong'] + tot['wo'] else None),
        pct(tot['bl'] / h if h else None),
        pct(tot['bn'] / h if h else None),
        pct(tot['bn'] / (tot['bn'] + tot['bnw'])
            if tot['bn'] + tot['bnw'] else None)))
    return 0


if __name__ == '__main__':
    sys.exit(main())
