#!/bin/sh
# Graph exports load in networkx with the right nodes and edges: GraphML,
# GEXF and Pajek, for the citation network and the co-citation and
# coupling networks (weights too); the DOT historiograph renders with
# dot -Tpng; the VOSviewer map and network files hold the same graph.
# The expected graph is computed here from `cix refs --all`, not from the
# exporters.  On the samples, then on the real exports when present.
. "${CIX_SRCDIR:-.}/tests/e2e/lib.sh"
. "$CIX_SRCDIR/tests/data/export/checks.sh"

need_py networkx

check_graphs() {
	label=$1
	cix search --limit 0 --format json >"$tmp/$label-nodes.json"
	cix refs --all --format tsv >"$tmp/$label-refs.tsv"
	for net in citation cocitation coupling; do
		for f in graphml gexf pajek; do
			cix export "$f" --network "$net" -o "$tmp/$label-$net.$f"
		done
		cix export vosviewer --network "$net" -o "$tmp/$label-$net-vos"
	done
	"$PY" - "$tmp" "$label" <<'EOF' || fail "$label: the graphs differ"
import collections, csv, itertools, json, sys
import networkx as nx

d, label = sys.argv[1], sys.argv[2]
nodes = {str(w["id"]) for w in json.load(open("%s/%s-nodes.json" % (d, label)))}
cites = set()
for row in csv.DictReader(open("%s/%s-refs.tsv" % (d, label)), delimiter="\t",
                          quoting=csv.QUOTE_NONE):
    if row["cited_id"] and row["citing"] != row["cited_id"]:
        cites.add((row["citing"], row["cited_id"]))
want = {"citation": {e: 1 for e in cites if e[0] in nodes and e[1] in nodes}}
for net, key, other in (("cocitation", 0, 1), ("coupling", 1, 0)):
    groups = collections.defaultdict(set)
    for e in cites:
        if e[other] in nodes:
            groups[e[key]].add(e[other])
    w = collections.Counter()
    for g in groups.values():
        for a, b in itertools.combinations(sorted(g), 2):
            w[(a, b)] += 1
    want[net] = dict(w)

def undirected(edges):
    return {tuple(sorted(e)): v for e, v in edges.items()}

for net in ("citation", "cocitation", "coupling"):
    exp = want[net] if net == "citation" else undirected(want[net])
    g = nx.read_graphml("%s/%s-%s.graphml" % (d, label, net))
    assert set(g.nodes) == nodes, (net, "graphml nodes")
    got = {(a, b): int(float(dd.get("weight", 1))) for a, b, dd in g.edges(data=True)}
    if net != "citation":
        got = undirected(got)
    assert got == exp, (net, "graphml edges", len(got), len(exp))
    for n, dd in g.nodes(data=True):
        assert "label" in dd and "lcs" in dd, (net, n, dd)
    g = nx.read_gexf("%s/%s-%s.gexf" % (d, label, net))
    assert g.number_of_nodes() == len(nodes), (net, "gexf nodes")
    assert g.number_of_edges() == len(exp), (net, "gexf edges")
    g = nx.read_pajek("%s/%s-%s.pajek" % (d, label, net))
    assert g.number_of_nodes() == len(nodes), (net, "pajek nodes")
    assert g.number_of_edges() == len(exp), (net, "pajek edges")
    m = list(csv.reader(open("%s/%s-%s-vos_map.txt" % (d, label, net)),
                        delimiter="\t", quoting=csv.QUOTE_NONE))
    assert m[0][:2] == ["id", "label"], m[0]
    assert {r[0] for r in m[1:]} == nodes, (net, "vosviewer map")
    v = {}
    for r in csv.reader(open("%s/%s-%s-vos_network.txt" % (d, label, net)),
                        delimiter="\t"):
        v[(r[0], r[1])] = int(r[2])
    if net != "citation":
        v = undirected(v)
    assert v == exp, (net, "vosviewer network")
    print("%s %s: %d nodes, %d edges in graphml, gexf, pajek and vosviewer"
          % (label, net, len(nodes), len(exp)))
EOF
}

cix import -q "$samples"/*.txt
check_graphs samples

# The historiograph of the samples renders.
cix export dot --top 30 -o "$tmp/hist.dot"
expect_eq "$(grep -c '^  w[0-9]* \[label=' "$tmp/hist.dot")" 30 "DOT nodes"
grep -q 'rank=same; y1993' "$tmp/hist.dot" || fail "no year ranks"
if command -v dot >/dev/null 2>&1; then
	dot -Tpng "$tmp/hist.dot" -o "$tmp/hist.png" || fail "dot -Tpng fails"
	expect_eq "$(od -An -c -N4 "$tmp/hist.png" | tr -d ' ')" '211PNG' "PNG"
	echo "dot -Tpng: the historiograph of the samples renders"
fi
# --top picks by LCS, as cix hist does
cix hist --top 30 --format tsv | cut -f2 | sed 1d | sort -n >"$tmp/hist-ids"
sed -n 's/^  w\([0-9]*\) \[label=.*/\1/p' "$tmp/hist.dot" | sort -n >"$tmp/dot-ids"
cmp -s "$tmp/hist-ids" "$tmp/dot-ids" || fail "dot --top 30 is not cix hist's top 30"

# --all makes cited-only works nodes too
cix export graphml --all -o "$tmp/all.graphml"
"$PY" -c "import networkx as nx, sys; g = nx.read_graphml(sys.argv[1]); print(g.number_of_nodes())" \
    "$tmp/all.graphml" >"$tmp/n"
expect_eq "$(cat "$tmp/n")" "$(stat works)" "nodes with --all"
# vosviewer writes two files and needs -o
expect_status 2 cix export vosviewer
expect_grep "two files\|writes 2 files" "$tmp/err"

[ -d "$CIX_TEST_DATA/wos" ] || {
	echo "no real data in $CIX_TEST_DATA/wos: samples only"
	exit 0
}
rm -f "$CIX_DB" "$CIX_DB-wal" "$CIX_DB-shm"
cix import -q "$CIX_TEST_DATA"/wos/*.txt
check_graphs wos
