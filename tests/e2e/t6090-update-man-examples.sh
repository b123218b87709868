#!/bin/sh
# The examples of cix-update(1), cix-watch(1) and cix-runs(1) run, against
# the test server.
#
# As in t0900-man-examples.sh: every `.Dl cix ...` line of EXAMPLES runs
# with sh(1) on a fresh copy of an index holding samples/peerwork.txt (for
# cix-runs.1, after two updates), from a directory where samples/ is the
# source tree's samples/, and must exit 0, or N when the line before it
# is `.\" exit N`.
. "${CIX_SRCDIR:-.}/tests/e2e/lib.sh"
. "$CIX_SRCDIR/tests/server/lib.sh"

start_server
write_config "[resolve]
timeout = 10"

CIX_DB=$tmp/base.db cix import "$samples/peerwork.txt" >/dev/null ||
    fail "cannot import the samples"
cp "$tmp/base.db" "$tmp/runs.db"
CIX_DB=$tmp/runs.db cix update -q --inbox "$samples/peerwork-update.txt" ||
    fail "cannot update the samples"
CIX_DB=$tmp/runs.db cix update -q --inbox "$samples/peerwork-update.txt" ||
    fail "cannot update the samples"
work=$tmp/work
mkdir -p "$work"
ln -s "$samples" "$work/samples"

total=0
for page in cix-update cix-watch cix-runs; do
	base=$tmp/base.db
	[ "$page" = cix-runs ] && base=$tmp/runs.db
	man=$CIX_SRCDIR/docs/$page.1
	awk '
	/^\.Sh / { ex = ($2 == "EXAMPLES"); want = 0; next }
	!ex { next }
	/^\.\\" exit [0-9]+[ \t]*$/ { want = $3; next }
	/^\.Dl cix( |$)/ {
		sub(/^\.Dl /, "")
		print want "\t" $0
		want = 0
		next
	}
	{ want = 0 }
	' "$man" | sed -e 's/\\-/-/g' -e "s/\\\\(aq/'/g" -e 's/\\(dq/"/g' \
	    -e 's/\\&//g' -e 's/\\e/\\/g' >"$tmp/examples"
	n=$(wc -l <"$tmp/examples")
	[ "$n" -ge 3 ] || fail "$page.1 has only $n examples"
	while IFS='	' read -r want cmd; do
		rm -f "$CIX_DB" "$CIX_DB-wal" "$CIX_DB-shm" "$CIX_DB.lock"
		cp "$base" "$CIX_DB"
		set +e
		(cd "$work" && eval "$cmd") >"$tmp/out" 2>"$tmp/err" </dev/null
		got=$?
		set -e
		if [ "$got" != "$want" ]; then
			sed 's/^/  | /' "$tmp/err" >&2
			fail "$page.1: '$cmd' exited $got, expected $want"
		fi
	done <"$tmp/examples"
	total=$((total + n))
done
echo "ran $total examples"
