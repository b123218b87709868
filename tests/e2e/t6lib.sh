# t6lib.sh - sourced by the `cix update` tests (t6*.sh) after lib.sh.
#
#   gen_inbox DIR FILES RECORDS [SEED]   FILES synthetic WoS exports of
#                                        RECORDS records each, cut from one
#                                        bench/gen corpus (so they cite one
#                                        another), without DOIs (a test adds
#                                        the DOIs it wants the server to see)
#   index_state DB                       one line per fact of the index that
#                                        must not depend on how a run went:
#                                        counts, and digests of the records,
#                                        references and links in stable
#                                        terms (UT, position, the cited work's
#                                        DOI, UT or key)
#   index_sound DB                       "ok" when integrity_check and
#                                        foreign_key_check find nothing

gen_inbox() {
	gen=$CIX_BUILDDIR/bench/gen
	[ -x "$gen" ] || skip "bench/gen is not built"
	mkdir -p "$1"
	"$gen" -n $(($2 * $3)) -s "${4:-7}" >"$tmp/gen.txt"
	"$PYTHON3" - "$tmp/gen.txt" "$1" "$2" "$3" <<'PY'
import sys
src, out, nfiles, per = sys.argv[1], sys.argv[2], int(sys.argv[3]), \
    int(sys.argv[4])
recs, cur = [], []
for line in open(src, encoding="utf-8").read().split("\n")[2:]:
    if line == "EF":
        break
    if line.startswith("DI "):
        continue
    cur.append(line)
    if line == "ER":
        recs.append(cur)
        cur = []
for i in range(nfiles):
    with open("%s/export-%02d.txt" % (out, i + 1), "w",
              encoding="utf-8") as f:
        f.write("FN Clarivate Analytics Web of Science\nVR 1.0\n")
        for r in recs[i * per:(i + 1) * per]:
            f.write("\n".join(r) + "\n\n")
        f.write("EF\n")
PY
	rm -f "$tmp/gen.txt"
}

index_state() {
	"$PYTHON3" - "$1" <<'PY'
import hashlib, sqlite3, sys
def connect(path):
    # Read only; on a read-only mount (no -shm can be made) as immutable.
    try:
        db = sqlite3.connect("file:%s?mode=ro" % path, uri=True)
        db.execute("SELECT count(*) FROM sqlite_master").fetchall()
        return db
    except sqlite3.OperationalError:
        return sqlite3.connect("file:%s?immutable=1" % path, uri=True)
db = connect(sys.argv[1])
q = lambda sql: db.execute(sql).fetchall()
for kind, n in q("SELECT kind, count(*) FROM works GROUP BY kind"):
    print("works kind %d: %d" % (kind, n))
for t in ("refs", "links", "files", "authors", "keywords", "link_dirty"):
    print("%s: %d" % (t, q("SELECT count(*) FROM " + t)[0][0]))
for state, n in q("SELECT state, count(*) FROM dois GROUP BY state"):
    print("dois %s: %d" % (state, n))
# Identity of a work in terms that survive a different run order.
name = ("coalesce(%s.ut, %s.doi, %s.ref_key, 'title:' || %s.title)")
def digest(sql):
    h = hashlib.sha256()
    for row in q(sql):
        h.update(repr(row).encode())
    return h.hexdigest()[:16]
print("records:", digest("SELECT ut, doi, title, year, au_text FROM works"
                         " WHERE kind != 1 ORDER BY 1, 2, 3"))
print("references:", digest(
    "SELECT " + name % (("w",) * 4) + ", r.pos, r.raw FROM refs r"
    " JOIN works w ON w.id = r.citing_id ORDER BY 1, 2"))
print("links:", digest(
    "SELECT " + name % (("a",) * 4) + ", l.pos, " + name % (("b",) * 4) +
    ", l.method, round(l.confidence, 6) FROM links l"
    " JOIN works a ON a.id = l.citing_id JOIN works b ON b.id = l.cited_id"
    " ORDER BY 1, 2"))
# The cached metrics, wherever this schema keeps them.
cols = [r[1] for r in q("PRAGMA table_info(works)")]
m = "w" if "lcs" in cols else "m"
join = "" if m == "w" else " JOIN work_metrics m ON m.id = w.id"
print("lcs:", digest("SELECT " + name % (("w",) * 4) + ", %s.lcs, %s.lcr"
                     " FROM works w%s WHERE %s.lcs > 0 OR %s.lcr > 0"
                     " ORDER BY 1" % (m, m, join, m, m)))
PY
}

index_sound() {
	"$PYTHON3" - "$1" <<'PY'
import sqlite3, sys
try:
    db = sqlite3.connect("file:%s?mode=ro" % sys.argv[1], uri=True)
    db.execute("SELECT count(*) FROM sqlite_master").fetchall()
except sqlite3.OperationalError:
    db = sqlite3.connect("file:%s?immutable=1" % sys.argv[1], uri=True)
ic = db.execute("PRAGMA integrity_check").fetchall()
fk = db.execute("PRAGMA foreign_key_check").fetchall()
if ic == [("ok",)] and not fk:
    print("ok")
else:
    print("integrity_check:", ic[:5], "foreign_key_check:", fk[:5])
PY
}
