#!/bin/sh
# A read-only index: the update says why in one line, exits 1, and leaves
# the index as it was; queries still work.  Three ways, each used where
# it can be: a read-only mount (a tmpfs remounted ro: root), an immutable
# file (chattr +i: root, on a file system that has the flag), and
# permissions (chmod: not root, since root passes them).  Skipped when
# none can be made here.
. "${CIX_SRCDIR:-.}/tests/e2e/lib.sh"
. "$CIX_SRCDIR/tests/e2e/t6lib.sh"

mkdir -p "$tmp/inbox"
cp "$samples/peerwork-update.txt" "$samples/peerwork-tab.txt" "$tmp/inbox/"
cix import "$samples/peerwork.txt" >/dev/null
cp "$CIX_DB" "$tmp/base.db"
ways=0

# check WHAT REASON: the update fails with REASON and changes nothing.
check() {
	index_state "$CIX_DB" >"$tmp/before.state"
	cp "$CIX_DB" "$tmp/before.db"
	expect_status 1 cix update --no-resolve --inbox "$tmp/inbox"
	expect_grep "^cix: .*$2" "$tmp/err"
	[ "$(wc -l <"$tmp/err")" -le 2 ] || {
		cat "$tmp/err" >&2
		fail "$1: more than two lines"
	}
	[ ! -s "$tmp/out" ] || fail "$1: a report was printed"
	cmp -s "$CIX_DB" "$tmp/before.db" || fail "$1: the file changed"
	index_state "$CIX_DB" >"$tmp/after.state"
	cmp -s "$tmp/before.state" "$tmp/after.state" ||
	    fail "$1: the index changed"
	# Queries go on (not on a read-only mount: SQLite cannot make the
	# -shm file a WAL index needs there).
	[ "${3:-}" = noquery ] ||
	    cix search peer >/dev/null 2>"$tmp/q.err" ||
	    fail "$1: a query failed: $(cat "$tmp/q.err")"
	echo "$1: ok"
	ways=$((ways + 1))
}

mnt=$tmp/mnt
mkdir -p "$mnt"
if [ "$(id -u)" = 0 ] && mount -t tmpfs -o size=32m cix-test "$mnt" \
    2>/dev/null; then
	trap 'chattr -i "$mnt/cix.db" 2>/dev/null || true;
	    umount "$mnt" 2>/dev/null || true; rm -rf "$tmp"' EXIT
	CIX_DB=$mnt/cix.db
	cp "$tmp/base.db" "$CIX_DB"
	# A read-only file system; no lock file yet.
	mount -o remount,ro "$mnt"
	expect_status 1 cix update --no-resolve --inbox "$tmp/inbox"
	why="cannot create the lock '$CIX_DB.lock'"
	expect_grep "^cix: $why: Read-only file system$" "$tmp/err"
	# ... and with one (made while it was writable).
	mount -o remount,rw "$mnt"
	: >"$CIX_DB.lock"
	mount -o remount,ro "$mnt"
	check "read-only mount" \
	    "cannot write the index '$CIX_DB': Read-only file system" noquery
	mount -o remount,rw "$mnt"
	# An immutable index.
	if chattr +i "$CIX_DB" 2>/dev/null; then
		check "immutable file" \
		    "cannot write the index '$CIX_DB': Operation not permitted"
		chattr -i "$CIX_DB"
	fi
	# After all that, it updates.
	expect_status 0 cix update --quiet --no-resolve --inbox "$tmp/inbox"
	expect_eq "$(index_sound "$CIX_DB")" ok "the index"
	umount "$mnt"
fi
if [ "$(id -u)" != 0 ]; then
	CIX_DB=$tmp/perm/cix.db
	mkdir -p "$tmp/perm"
	cp "$tmp/base.db" "$CIX_DB"
	chmod 444 "$CIX_DB"
	check "a read-only file" \
	    "cannot write the index '$CIX_DB': Permission denied"
	chmod 644 "$CIX_DB"
	chmod 555 "$tmp/perm"
	why="cannot write in the index's directory '$tmp/perm'"
	check "a read-only directory" "$why: Permission denied"
	chmod 755 "$tmp/perm"
fi
[ "$ways" -gt 0 ] ||
    skip "cannot make a read-only index here (no mount, not root-less)"
