#!/bin/sh
# The manual's examples run.
#
# In the EXAMPLES section of each page below, every line `.Dl cix ...` is
# one example.  Each runs with sh(1) against a fresh copy of an index that
# holds the bundled samples, from a directory where samples/ is the source
# tree's samples/, and must exit 0, unless the line just before it is the
# comment `.\" exit N`, and then it must exit N.  mdoc escapes are undone
# first: \- is -, \(aq is ', \(dq is ", \e is a backslash, \& is nothing.
#
# A page joins the list when its command exists and its examples need
# nothing but the samples (no network: no `cix resolve` here).
. "${CIX_SRCDIR:-.}/tests/e2e/lib.sh"

pages="cix cix-import cix-show cix-search cix-stats cix-refs cix-citing
cix-top cix-cocited cix-coupled cix-hist cix-rpys cix-path"

# The index every example starts from.
CIX_DB=$tmp/base.db cix import "$samples"/*.txt >/dev/null ||
    fail "cannot import the samples"
[ ! -f "$tmp/base.db-wal" ] || fail "the base index was left with a WAL"
work=$tmp/work
mkdir -p "$work"
ln -s "$samples" "$work/samples"

# Print "STATUS<TAB>COMMAND" for each example of page $1.
examples() {
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
	' "$1" | sed -e 's/\\-/-/g' -e "s/\\\\(aq/'/g" -e 's/\\(dq/"/g' \
	    -e 's/\\&//g' -e 's/\\e/\\/g'
}

total=0
for p in $pages; do
	man=$CIX_SRCDIR/docs/$p.1
	[ -f "$man" ] || fail "no page $man"
	examples "$man" >"$tmp/examples"
	n=$(wc -l <"$tmp/examples")
	[ "$n" -gt 0 ] || fail "$p.1 has no example"
	while IFS='	' read -r want cmd; do
		rm -f "$CIX_DB" "$CIX_DB-wal" "$CIX_DB-shm"
		cp "$tmp/base.db" "$CIX_DB"
		set +e
		(cd "$work" && eval "$cmd") >"$tmp/out" 2>"$tmp/err" </dev/null
		got=$?
		set -e
		if [ "$got" != "$want" ]; then
			sed 's/^/  | /' "$tmp/err" >&2
			fail "$p.1: '$cmd' exited $got, expected $want"
		fi
		total=$((total + 1))
	done <"$tmp/examples"
done
echo "$total examples run"
