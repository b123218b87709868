#!/usr/bin/env python3
"""Check the bundled sample exports in samples/ and print their facts.

usage: check.py [-v] [DIR]

Checks, for the WoS plain-text files (peerwork.txt, peerwork-update.txt):
UTF-8 without BOM, LF line ends, the FN/VR header, every record PT...ER,
two-character tags, continuation lines indented by exactly three spaces,
no abstract (AB), synthetic UTs (WOS:9 + 14 digits), NR equal to the
number of CR lines, PY a year, EP >= BP and PG = EP - BP + 1, file ends
with EF.  For the tab-delimited file: UTF-8 BOM, CRLF, the 67-name WoS
header, every row 68 fields with an empty last one.  Across files:
records with the same UT have the same DI and vice versa; overlapping
records have the same reference list.

Every cited reference is matched against all sample records by a
deliberately plain rule (DOI equal ignoring case; or first-author surname,
year, volume and page/article number).  For every match: the cited year
is not after the citing year, every DOI of the reference equals the cited
record's DI ignoring case (and a record without DI is never cited with a
DOI).  The matches must be exactly the links listed in
peerwork-links.tsv, and the links a naive exact-string matcher misses
must be exactly those marked hard there.  The mirror page must show the
first references of its work in the same order.

Exit status 0 if all is well, 1 with one line per problem otherwise.
Python 3 standard library only.
"""

import os
import re
import sys
from collections import Counter, defaultdict

PROBLEMS = []


def problem(where, msg):
    PROBLEMS.append('%s: %s' % (where, msg))


TAB_HEADER = ('PT AU BA BE GP AF BF CA TI SO SE BS LA DT CT CY CL SP HO DE ID AB '
              'C1 RP EM RI OI FU FX CR NR TC Z9 U1 U2 PU PI PA SN EI BN J9 JI PD '
              'PY VL IS PN SU SI MA BP EP AR DI D2 EA PG WC SC GA UT PM OA HC HP '
              'DA').split()
LIST_TAGS = {'AU', 'AF', 'C1', 'CR'}
UT_RE = re.compile(r'^WOS:9\d{14}$')
DOI_RE = re.compile(r'10\.\d{4,9}/\S+')


class Record:
    def __init__(self, fname, line):
        self.fname = fname
        self.line = line
        self.f = {}

    def get(self, tag, default=''):
        return self.f.get(tag, default)

    @property
    def where(self):
        return '%s:%d' % (self.fname, self.line)


def read_plain(path):
    fname = os.path.basename(path)
    raw = open(path, 'rb').read()
    if raw.startswith(b'\xef\xbb\xbf'):
        problem(fname, 'has a BOM (the plain-text samples have none)')
        raw = raw[3:]
    if b'\r' in raw:
        problem(fname, 'contains CR; expected LF line ends')
    try:
        text = raw.decode('utf-8')
    except UnicodeDecodeError as e:
        problem(fname, 'not UTF-8: %s' % e)
        return []
    lines = text.split('\n')
    if lines and lines[-1] == '':
        lines.pop()
    if lines[:2] != ['FN Clarivate Analytics Web of Science', 'VR 1.0']:
        problem(fname + ':1', 'header is not FN Clarivate Analytics Web of Science / VR 1.0')
    if not lines or lines[-1] != 'EF':
        problem(fname, 'does not end with EF')
    recs = []
    cur = None
    last = None
    for n, ln in enumerate(lines[2:-1], 3):
        where = '%s:%d' % (fname, n)
        if '\t' in ln:
            problem(where, 'TAB character')
        if ln != ln.rstrip():
            problem(where, 'trailing white space')
        if ln == '':
            if cur is not None:
                problem(where, 'blank line inside a record')
            continue
        if ln.startswith('   '):
            if ln.startswith('    ') or cur is None or last is None:
                problem(where, 'bad continuation line')
                continue
            val = ln[3:]
            if last in LIST_TAGS:
                cur.f[last].append(val)
            else:
                cur.f[last] += ' ' + val
            continue
        m = re.match(r'^([A-Z][A-Z0-9])(?: (.*))?$', ln)
        if not m:
            problem(where, 'not a tag line: %r' % ln[:40])
            continue
        tag, val = m.group(1), m.group(2) or ''
        if tag == 'PT':
            if cur is not None:
                problem(where, 'PT inside a record')
            cur = Record(fname, n)
            cur.f['PT'] = val
            last = 'PT'
            continue
        if cur is None:
            problem(where, 'tag %s outside a record' % tag)
            continue
        if tag == 'ER':
            if val:
                problem(where, 'text after ER')
            recs.append(cur)
            cur = None
            last = None
            continue
        if tag in cur.f:
            problem(where, 'tag %s repeated' % tag)
        cur.f[tag] = [val] if tag in LIST_TAGS else val
        last = tag
    if cur is not None:
        problem(fname, 'last record has no ER')
    return recs


def read_tab(path):
    fname = os.path.basename(path)
    raw = open(path, 'rb').read()
    if not raw.startswith(b'\xef\xbb\xbf'):
        problem(fname, 'no UTF-8 BOM')
    raw = raw[3:] if raw.startswith(b'\xef\xbb\xbf') else raw
    text = raw.decode('utf-8')
    if not text.endswith('\r\n') or '\n' in text.replace('\r\n', ''):
        problem(fname, 'line ends are not all CRLF')
    rows = text[:-2].split('\r\n')
    hdr = rows[0].split('\t')
    if hdr != TAB_HEADER:
        problem(fname + ':1', 'header differs from the WoS tab-delimited header')
    recs = []
    for n, row in enumerate(rows[1:], 2):
        cells = row.split('\t')
        if len(cells) != len(TAB_HEADER) + 1 or cells[-1] != '':
            problem('%s:%d' % (fname, n), 'row has %d fields; expected %d with an empty last one'
                    % (len(cells), len(TAB_HEADER) + 1))
            continue
        r = Record(fname, n)
        for tag, v in zip(TAB_HEADER, cells):
            if v == '':
                continue
            r.f[tag] = v.split('; ') if tag in LIST_TAGS else v
        recs.append(r)
    return recs


def check_record(r):
    w = r.where
    for tag in ('PT', 'AU', 'TI', 'SO', 'PY', 'UT'):
        if tag not in r.f:
            problem(w, 'no %s' % tag)
    if 'AB' in r.f:
        problem(w, 'has an abstract (AB); the samples carry none')
    if not UT_RE.match(r.get('UT')):
        problem(w, 'UT %r is not of the synthetic form WOS:9 + 14 digits' % r.get('UT'))
    if not re.match(r'^(19|20)\d\d$', r.get('PY')):
        problem(w, 'PY %r' % r.get('PY'))
    if 'AF' in r.f and len(r.f['AF']) != len(r.f['AU']):
        problem(w, 'AU and AF differ in length')
    crs = r.f.get('CR', [])
    if 'NR' in r.f and int(r.f['NR']) != len(crs):
        problem(w, 'NR %s but %d CR' % (r.f['NR'], len(crs)))
    if r.get('DI') and not DOI_RE.fullmatch(r.get('DI')):
        problem(w, 'DI %r' % r.get('DI'))
    bp, ep = r.get('BP'), r.get('EP')
    if bp and ep:
        if not (bp.isdigit() and ep.isdigit() and int(ep) >= int(bp)):
            problem(w, 'pages %s-%s' % (bp, ep))
        elif r.get('PG') and int(r.get('PG')) != int(ep) - int(bp) + 1:
            problem(w, 'PG %s for pages %s-%s' % (r.get('PG'), bp, ep))
    if r.get('AR') and bp:
        problem(w, 'both AR and BP')
    for c in crs:
        m = re.match(r'^[^,]+(?:, [A-Z]+)?, (\d{4})(?:,|$)', c)
        if c.startswith('[Anonymous]'):
            m = re.match(r'^\[Anonymous\], (\d{4})', c)
        if not m:
            problem(w, 'reference without a year: %r' % c)
        elif int(m.group(1)) > int(r.get('PY') or 0):
            problem(w, 'cites the future: %r' % c)


# ---- cited references

def cr_parts(cr):
    """Split a CR string into (author, year, rest[], dois[])."""
    dois = []
    m = re.search(r', DOI (\[.*\]|.*)$', cr)
    head = cr
    if m:
        head = cr[:m.start()]
        d = m.group(1)
        if d.startswith('['):
            items = d[1:-1].split(', ')
        else:
            items = [d]
        for it in items:
            it = it[4:] if it.startswith('DOI ') else it
            dois.append(it)
    parts = head.split(', ')
    # "Mead, S, 2001, ..." : a comma inside the author
    if len(parts) > 2 and re.fullmatch(r'[A-Z]{1,3}', parts[1]) and re.fullmatch(r'\d{4}', parts[2]):
        parts = [parts[0] + ' ' + parts[1]] + parts[2:]
    return parts, dois


def letters(s):
    return re.sub(r'[^a-z]', '', s.lower())


def cr_fields(cr):
    parts, dois = cr_parts(cr)
    f = {'author': parts[0], 'year': parts[1] if len(parts) > 1 else '', 'dois': dois}
    for p in parts[2:]:
        if re.fullmatch(r'V\d+', p):
            f['vol'] = p[1:]
        elif re.fullmatch(r'P[A-Za-z]?\d+', p):
            f['page'] = p[1:]
    return f


def matches(cr, rec):
    f = cr_fields(cr)
    di = rec.get('DI').lower()
    if di and any(d.lower() == di for d in f['dois']):
        return True
    surname = letters(rec.f['AU'][0].split(',')[0])
    if not surname or not letters(f['author']).startswith(surname):
        return False
    if f['year'] != rec.get('PY'):
        return False
    if 'vol' not in f and 'page' not in f and not f['dois']:
        return False
    if 'vol' in f and rec.get('VL') and f['vol'] != rec.get('VL'):
        return False
    if 'page' in f and f['page'] not in (rec.get('BP'), rec.get('AR')):
        return False
    return True


def naive_key(rec):
    au = rec.f['AU'][0].replace(',', '')
    k = '%s, %s, %s' % (au, rec.get('PY'), rec.get('J9'))
    if rec.get('VL'):
        k += ', V' + rec.get('VL')
    if rec.get('BP'):
        k += ', P' + rec.get('BP')
    return k


def naive_finds(cr, rec):
    """What an exact-string matcher finds: the CR before ', DOI' equal to
    "AU, PY, J9, Vvol, Ppage" built from the record, or a single plain
    'DOI x' equal to DI byte for byte."""
    head = re.split(r', DOI ', cr, maxsplit=1)
    if head[0] == naive_key(rec):
        return True
    if len(head) == 2 and head[1] == rec.get('DI'):
        return True
    return False


def main(argv):
    verbose = '-v' in argv
    args = [a for a in argv[1:] if a != '-v']
    d = args[0] if args else os.path.dirname(os.path.abspath(__file__))
    files = {
        'peerwork.txt': read_plain(os.path.join(d, 'peerwork.txt')),
        'peerwork-update.txt': read_plain(os.path.join(d, 'peerwork-update.txt')),
        'peerwork-tab.txt': read_tab(os.path.join(d, 'peerwork-tab.txt')),
    }
    for fname in ('peerwork.txt', 'peerwork-update.txt'):
        text = open(os.path.join(d, fname), 'rb').read()
        if b'\nAB ' in text:
            problem(fname, 'contains AB')

    # union of works by UT; the first file in this order is a work's home
    works = {}
    home = {}
    for fname, recs in files.items():
        seen = set()
        for r in recs:
            check_record(r)
            ut = r.get('UT')
            if ut in seen:
                problem(r.where, 'UT %s twice in one file' % ut)
            seen.add(ut)
            if ut in works:
                o = works[ut]
                if o.get('DI').lower() != r.get('DI').lower():
                    problem(r.where, 'same UT as %s but different DI' % o.where)
                if o.f.get('CR') != r.f.get('CR'):
                    problem(r.where, 'same UT as %s but a different reference list' % o.where)
                for tag in sorted(set(o.f) | set(r.f)):
                    a, b = o.f.get(tag), r.f.get(tag)
                    if tag == 'C1':  # the tab form joins addresses with '; '
                        a, b = '; '.join(a or []), '; '.join(b or [])
                    if a != b and verbose:
                        print('note: %s %s differs from %s' % (r.where, tag, o.where))
            else:
                works[ut] = r
                home[ut] = fname
    by_doi = {}
    for ut, r in works.items():
        if r.get('DI'):
            k = r.get('DI').lower()
            if k in by_doi:
                problem(r.where, 'DI shared with %s' % by_doi[k].where)
            by_doi[k] = r

    # links found by the plain rule
    found = {}
    hard = set()
    for ut, r in works.items():
        for i, cr in enumerate(r.f.get('CR', []), 1):
            cands = [w for w in works.values() if w is not r and matches(cr, w)]
            if len(cands) > 1:
                problem(r.where, 'reference %d matches %d records: %r' % (i, len(cands), cr))
                continue
            if not cands:
                if cr_fields(cr)['dois'] and verbose:
                    print('note: outside work with DOI: %s' % cr)
                continue
            w = cands[0]
            found[(ut, i)] = w.get('UT')
            f = cr_fields(cr)
            if int(f['year']) > int(r.get('PY')):
                problem(r.where, 'reference %d cites a later work' % i)
            for doi in f['dois']:
                if not w.get('DI'):
                    problem(r.where, 'reference %d gives DOI %s for %s, which has no DI' % (i, doi, w.where))
                elif doi.lower() != w.get('DI').lower():
                    problem(r.where, 'reference %d DOI %s != DI %s of %s' % (i, doi, w.get('DI'), w.where))
            if not naive_finds(cr, w):
                hard.add((ut, i))

    # compare with peerwork-links.tsv
    listed = {}
    listed_hard = set()
    for n, ln in enumerate(open(os.path.join(d, 'peerwork-links.tsv'), encoding='utf-8'), 1):
        if ln.startswith('#'):
            continue
        c = ln.rstrip('\n').split('\t')
        if len(c) != 7:
            problem('peerwork-links.tsv:%d' % n, 'expected 7 fields')
            continue
        key = (c[0], int(c[1]))
        listed[key] = c[2]
        if c[6]:
            listed_hard.add(key)
        r = works.get(c[0])
        if r is None or home[c[0]] != c[3] or home.get(c[2]) != c[4]:
            problem('peerwork-links.tsv:%d' % n, 'citing/cited file wrong')
        elif r.f['CR'][key[1] - 1] != c[5]:
            problem('peerwork-links.tsv:%d' % n, 'reference text differs from the export')
    for k in sorted(set(found) | set(listed)):
        if found.get(k) != listed.get(k):
            problem('peerwork-links.tsv', '%s ref %d: export matches %s, list says %s'
                    % (k[0], k[1], found.get(k), listed.get(k)))
    for k in sorted(hard ^ listed_hard):
        problem('peerwork-links.tsv', '%s ref %d: hard for a naive matcher is %s, list says %s'
                % (k[0], k[1], k in hard, k in listed_hard))

    check_mirror(os.path.join(d, 'mirror-gillard-2013.txt'), works, by_doi)

    # facts
    print('file\trecords\treferences')
    for fname, recs in files.items():
        print('%s\t%d\t%d' % (fname, len(recs), sum(len(r.f.get('CR', [])) for r in recs)))
    print('distinct works\t%d' % len(works))
    pw = {r.get('UT') for r in files['peerwork.txt']}
    local = {k: v for k, v in found.items() if k[0] in pw and v in pw}
    print('links within peerwork.txt\t%d (%d hard)' % (len(local), len(hard & set(local))))
    print('links among all samples\t%d (%d hard)' % (len(found), len(hard)))
    for label, links in (('peerwork.txt', local), ('all samples', found)):
        lcs = Counter(links.values())
        top = sorted(lcs.items(), key=lambda kv: (-kv[1], kv[0]))[:5]
        print('top LCS %s\t%s' % (label, '; '.join('%s %s %s=%d' % (
            works[u].f['AU'][0].split(',')[0], works[u].get('PY'), u, n) for u, n in top)))
        print('works with LCS>=5 %s\t%d' % (label, sum(1 for n in lcs.values() if n >= 5)))
        chain = longest_chain(links, works)
        print('longest chain %s\t%d works: %s' % (label, len(chain), ' <- '.join(
            '%s %s' % (works[u].f['AU'][0].split(',')[0], works[u].get('PY')) for u in chain)))
    if PROBLEMS:
        for p in PROBLEMS:
            print(p, file=sys.stderr)
        return 1
    return 0


def longest_chain(links, works):
    """Longest path cited <- citing <- ... through the citation links."""
    cites = defaultdict(set)
    for (citing, _), cited in links.items():
        cites[citing].add(cited)
    memo = {}

    def down(u):  # longest chain starting at u going to older works
        if u not in memo:
            memo[u] = []
            best = []
            for v in sorted(cites[u]):
                c = down(v)
                if len(c) > len(best):
                    best = c
            memo[u] = [u] + best
        return memo[u]
    best = []
    for u in sorted(cites):
        c = down(u)
        if len(c) > len(best):
            best = c
    return list(reversed(best))


def check_mirror(path, works, by_doi):
    fname = os.path.basename(path)
    text = open(path, 'rb').read().decode('utf-8')
    lines = text.split('\n')
    if '\r' in text:
        problem(fname, 'CR in the mirror page')
    for label in ('作者', '机构', 'D O I', '相关论文'):
        if label not in lines:
            problem(fname, 'no %s line' % label)
    try:
        doi = lines[lines.index('D O I') + 1]
    except (ValueError, IndexError):
        return
    work = by_doi.get(doi.lower())
    if work is None:
        problem(fname, 'DOI %s is not a sample record' % doi)
        return
    if lines[0] != work.get('TI'):
        problem(fname + ':1', 'title differs from %s' % work.where)
    m = [ln for ln in lines if re.fullmatch(r'共 \d+ 条', ln)]
    if len(m) != 1 or int(m[0].split()[1]) != len(work.f['CR']):
        problem(fname, '"共 N 条" does not give the number of references of %s' % work.where)
    # references: "[n] \u00a0" + next line one-line style, or "[n] \u00a0 Title [J]." + authors + source
    refs = []
    i = lines.index('相关论文') + 2
    while i < len(lines):
        m = re.match(r'^\[(\d+)\] \u00a0( (.*) \[J\]\.)?$', lines[i])
        if not m or int(m.group(1)) != len(refs) + 1:
            problem('%s:%d' % (fname, i + 1), 'bad reference start')
            return
        if m.group(2) is None:
            refs.append(('line', lines[i + 1]))
            i += 2
            continue
        title = m.group(3)
        j = i + 1
        while j < len(lines) and lines[j].endswith(' ;'):
            j += 1
        if j >= len(lines) or not lines[j].endswith(' .'):
            problem('%s:%d' % (fname, j + 1), 'author list does not end with " ."')
            return
        refs.append(('full', title, lines[j + 1]))
        i = j + 2
    for n, (ref, cr) in enumerate(zip(refs, work.f['CR']), 1):
        if ref[0] == 'line':
            if ref[1] != cr:
                problem(fname, 'reference %d differs from CR %r' % (n, cr))
        else:
            cands = [w for w in works.values() if w is not work and matches(cr, w)]
            if len(cands) != 1 or cands[0].get('TI') != ref[1]:
                problem(fname, 'reference %d title does not name the work of CR %r' % (n, cr))
            elif not ref[2].startswith('%s, %s, ' % (cands[0].get('SO'), cands[0].get('PY'))):
                problem(fname, 'reference %d source line %r' % (n, ref[2]))


if __name__ == '__main__':
    sys.exit(main(sys.argv))
