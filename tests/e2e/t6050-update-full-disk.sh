#!/bin/sh
# A full disk: the update stops with a one-line "disk full" error and exit
# status 1, the index is sound and holds what it held before the write that
# failed (a file is all imported or not at all), and once there is room
# again the next run finishes the work: the index equals that of a run that
# never met a full disk.
#
# Two ways: a small tmpfs (needs mount(8) and the right to use it; skipped
# otherwise), where the first file of the inbox does not fit; and
# tests/faults/enospc.so, an LD_PRELOAD shim that makes writes to the
# index fail with ENOSPC after N bytes, for budgets spread over the bytes a
# whole run writes (so the disk fills while importing, linking or writing
# the report).
. "${CIX_SRCDIR:-.}/tests/e2e/lib.sh"
. "$CIX_SRCDIR/tests/e2e/t6lib.sh"

inbox=$tmp/inbox
gen_inbox "$inbox" 3 200 5
base=$tmp/base.db
CIX_DB=$base cix import "$samples/peerwork.txt" >/dev/null

# The index an update that never met a full disk makes.
cp "$base" "$tmp/ref.db"
CIX_DB=$tmp/ref.db cix update --quiet --no-resolve --inbox "$inbox"
index_state "$tmp/ref.db" >"$tmp/ref.state"

# -- a small tmpfs ------------------------------------------------------
mnt=$tmp/mnt
mkdir -p "$mnt"
if [ "$(id -u)" = 0 ] && mount -t tmpfs -o size=2m cix-test "$mnt" \
    2>/dev/null; then
	trap 'umount "$mnt" 2>/dev/null || true; rm -rf "$tmp"' EXIT
	CIX_DB=$mnt/cix.db
	cp "$base" "$CIX_DB"
	index_state "$CIX_DB" >"$tmp/before.state"
	expect_status 1 cix update --no-resolve --inbox "$inbox"
	expect_grep "^cix: cannot import '$inbox/export-01.txt': .*disk full" \
	    "$tmp/err"
	expect_grep "^cix: update run 1 failed; what it finished is kept" \
	    "$tmp/err"
	[ ! -s "$tmp/out" ] || fail "a failed update printed a report"
	expect_eq "$(index_sound "$CIX_DB")" ok "the index on a full disk"
	index_state "$CIX_DB" >"$tmp/after.state"
	cmp -s "$tmp/before.state" "$tmp/after.state" || {
		diff "$tmp/before.state" "$tmp/after.state" >&2 || true
		fail "the full disk changed the index"
	}
	# Room again: the next run does the work.
	mount -o remount,size=256m "$mnt"
	expect_status 0 cix update --quiet --no-resolve --inbox "$inbox"
	index_state "$CIX_DB" >"$tmp/after.state"
	cmp -s "$tmp/ref.state" "$tmp/after.state" || {
		diff "$tmp/ref.state" "$tmp/after.state" >&2 || true
		fail "after a full tmpfs the index differs"
	}
	umount "$mnt"
	echo "tmpfs: ok"
else
	echo "tmpfs: skipped (cannot mount one here)"
fi

# -- the LD_PRELOAD shim ------------------------------------------------
shim=$CIX_BUILDDIR/tests/faults/enospc.so
[ -f "$shim" ] || skip "tests/faults/enospc.so is not built"
# An ASan build wants its runtime first; the shim only wraps libc.
ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0
export ASAN_OPTIONS

# What a whole run writes.
CIX_DB=$tmp/count.db
cp "$base" "$CIX_DB"
CIX_FAULT_PATH=$CIX_DB CIX_FAULT_COUNT=$tmp/count LD_PRELOAD=$shim \
    cix update --quiet --no-resolve --inbox "$inbox"
total=$(cat "$tmp/count")
[ "$total" -gt 100000 ] || fail "the shim counted $total bytes"
echo "a run writes $total bytes"

# Where the disk fills: the last phase the run recorded ("-": none).
last_phase() {
	"$PYTHON3" - "$1" <<'PY'
import sqlite3, sys
r = sqlite3.connect(sys.argv[1]).execute(
    "SELECT status, phase FROM runs ORDER BY id DESC LIMIT 1").fetchone()
print("-" if r is None else r[1] if r[0] == "running" else r[0])
PY
}

: >"$tmp/phases"
for share in 0 0.00001 0.001 0.05 0.2 0.35 0.5 0.65 0.8 0.95; do
	budget=$("$PYTHON3" -c "print(int($total * $share))")
	CIX_DB=$tmp/s.db
	rm -f "$CIX_DB" "$CIX_DB-wal" "$CIX_DB-shm"
	cp "$base" "$CIX_DB"
	index_state "$CIX_DB" >"$tmp/before.state"
	set +e
	CIX_FAULT_PATH=$CIX_DB CIX_FAULT_BYTES=$budget LD_PRELOAD=$shim \
	    "$CIX" update --no-resolve --inbox "$inbox" >"$tmp/out" \
	    2>"$tmp/err"
	got=$?
	set -e
	phase=$(last_phase "$CIX_DB")
	echo "full after $budget bytes ($share): exit $got, $phase"
	echo "$phase" >>"$tmp/phases"
	case $got in
	0)
		# Only a checkpoint failed (at commit or close): SQLite keeps
		# the committed transactions in the WAL and says nothing.
		expect_eq "$phase" ok "the run that saw no error"
		;;
	1)
		expect_grep "disk full" "$tmp/err"
		[ "$(grep -c . "$tmp/err")" -le 2 ] || {
			cat "$tmp/err" >&2
			fail "more than two lines on a full disk"
		}
		[ ! -s "$tmp/out" ] || fail "a failed run printed a report"
		;;
	*)
		cat "$tmp/err" >&2
		fail "exit $got with a full disk"
		;;
	esac
	expect_eq "$(index_sound "$CIX_DB")" ok "the index at $budget bytes"
	if [ "$share" = 0 ]; then
		index_state "$CIX_DB" >"$tmp/after.state"
		cmp -s "$tmp/before.state" "$tmp/after.state" ||
		    fail "a disk full from the start changed the index"
	fi
	expect_status 0 cix update --quiet --no-resolve --inbox "$inbox"
	index_state "$CIX_DB" >"$tmp/after.state"
	cmp -s "$tmp/ref.state" "$tmp/after.state" || {
		diff "$tmp/ref.state" "$tmp/after.state" >&2 || true
		fail "after a full disk at $budget bytes the index differs"
	}
done
for p in import link; do
	grep -qx "$p" "$tmp/phases" || fail "no budget filled the disk in $p"
done
