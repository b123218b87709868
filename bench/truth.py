#!/usr/bin/env python3
"""Score cix's links on a generated corpus against the generator's truth.

usage: truth.py TRUTH.tsv REFS.tsv

TRUTH.tsv is `bench/gen -t`'s file (citing_ut, cr_no, kind, target,
variants, cr); REFS.tsv is `cix refs --all --format tsv` of an index that
imported the same corpus.  Prints, as `metric<TAB>value` lines:

- record_recall / record_precision: references to records of the corpus
  linked to the right record; links to records that are right;
- outside_split: outside works whose references ended on more than one
  node (a work counted twice);
- outside_merged: nodes holding references to more than one outside work
  (two works counted as one: the over-merge the exact-key tools make);
- per variant (a truth's `variants` column: doidoi, doilist, comma...),
  the record recall of references that have it.

Standard library only; reads both files in one pass each.
"""

import sys
from collections import defaultdict


def main():
    if len(sys.argv) != 3:
        print(__doc__.split('\n')[2], file=sys.stderr)
        return 2
    truth = {}
    variants = {}
    with open(sys.argv[1], encoding='utf-8', errors='replace') as f:
        for line in f:
            if line.startswith('#'):
                continue
            p = line.rstrip('\n').split('\t')
            if len(p) < 5:
                continue
            key = (p[0], int(p[1]))
            truth[key] = (p[2], p[3])
            variants[key] = p[4]
    rec_total = rec_right = rec_linked_wrong = 0
    links_to_records = links_right = 0
    node_targets = defaultdict(set)     # cited-only node -> outside works
    target_nodes = defaultdict(set)     # outside work -> nodes
    by_variant = defaultdict(lambda: [0, 0])
    with open(sys.argv[2], encoding='utf-8', errors='replace') as f:
        head = f.readline().rstrip('\n').split('\t')
        col = {n: i for i, n in enumerate(head)}
        for line in f:
            p = line.rstrip('\n').split('\t')
            key = (p[col['citing_ut']], int(p[col['pos']]))
            t = truth.get(key)
            if t is None:
                continue
            kind = p[col['cited_kind']]
            if kind == 'record':
                links_to_records += 1
                if t[0] == 'record' and p[col['cited_ut']] == t[1]:
                    links_right += 1
            if t[0] == 'record':
                rec_total += 1
                ok = kind == 'record' and p[col['cited_ut']] == t[1]
                rec_right += ok
                for v in (variants[key] or 'clean').split(','):
                    by_variant[v][0] += 1
                    by_variant[v][1] += ok
            elif kind == 'cited-only':
                node = p[col['cited_id']]
                node_targets[node].add(t[1])
                target_nodes[t[1]].add(node)
    out = [
        ('record_references', rec_total),
        ('record_recall', rec_right / rec_total if rec_total else 0),
        ('record_precision',
         links_right / links_to_records if links_to_records else 0),
        ('outside_works', len(target_nodes)),
        ('outside_split',
         sum(1 for n in target_nodes.values() if len(n) > 1)),
        ('outside_nodes', len(node_targets)),
        ('outside_merged',
         sum(1 for t in node_targets.values() if len(t) > 1)),
    ]
    for k, v in out:
        print('%s\t%s' % (k, '%.5f' % v if isinstance(v, float) else v))
    for v, (n, ok) in sorted(by_variant.items()):
        print('recall_%s\t%.5f\t(%d references)' % (v, ok / n if n else 0,
                                                     n))
    return 0


if __name__ == '__main__':
    sys.exit(main())
