#!/bin/sh
# A link pass that meets a full disk (the LD_PRELOAD shim of
# tests/faults/enospc.c) at any point, with enough works queued for the
# two-thread pass: it exits 1 saying "disk full", never hangs or crashes,
# and leaves the index as it was (no link, integrity_check ok); the next
# pass links exactly what an uninterrupted one does.
. "${CIX_SRCDIR:-.}/tests/e2e/lib.sh"

shim=$CIX_BUILDDIR/tests/faults/enospc.so
[ -f "$shim" ] || skip "tests/faults/enospc.so is not built"
[ -x "$CIX_BUILDDIR/bench/gen" ] || skip "bench/gen is not built"
ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0
export ASAN_OPTIONS

"$CIX_BUILDDIR/bench/gen" -n 400 -s 7 >"$tmp/corpus.txt"
CIX_DB=$tmp/base.db
cix -q import --no-link "$tmp/corpus.txt"

state() {
	"$PYTHON3" - "$1" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
print(c.execute("PRAGMA integrity_check").fetchone()[0],
      c.execute("SELECT count(*) FROM links").fetchone()[0],
      c.execute("SELECT count(*) FROM works").fetchone()[0],
      c.execute("SELECT count(*) FROM link_dirty").fetchone()[0])
PY
}
before=$(state "$CIX_DB")

# What a whole pass writes, and what it links.
CIX_DB=$tmp/count.db
cp "$tmp/base.db" "$CIX_DB"
CIX_FAULT_PATH=$CIX_DB CIX_FAULT_COUNT=$tmp/count LD_PRELOAD=$shim \
    cix -q link
total=$(cat "$tmp/count")
want=$(state "$CIX_DB")
[ "$total" -gt 100000 ] || fail "the shim counted $total bytes"

for share in 0 0.001 0.05 0.3 0.6 0.9; do
	budget=$("$PYTHON3" -c "print(int($total * $share))")
	CIX_DB=$tmp/s.db
	rm -f "$CIX_DB" "$CIX_DB-wal" "$CIX_DB-shm"
	cp "$tmp/base.db" "$CIX_DB"
	set +e
	CIX_FAULT_PATH=$CIX_DB CIX_FAULT_BYTES=$budget LD_PRELOAD=$shim \
	    timeout 120 "$CIX" -q link >"$tmp/out" 2>"$tmp/err"
	got=$?
	set -e
	echo "full after $budget bytes ($share): exit $got"
	case $got in
	0)	# only the checkpoint failed: the commit is in the WAL
		expect_eq "$(state "$CIX_DB")" "$want" "the index after exit 0"
		;;
	1)
		expect_grep "disk full" "$tmp/err"
		expect_eq "$(state "$CIX_DB")" "$before" "the index after a failed pass"
		cix -q link
		expect_eq "$(state "$CIX_DB")" "$want" "the index linked again"
		;;
	*)
		cat "$tmp/err" >&2
		fail "exit $got with a full disk"
		;;
	esac
done
