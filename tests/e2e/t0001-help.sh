#!/bin/sh
# cix --help, cix help CMD, cix CMD --help; usage errors; man pages agree.
. "${CIX_SRCDIR:-.}/tests/e2e/lib.sh"

expect_status 0 cix --help
expect_grep '^usage: cix' "$tmp/out"
expect_status 0 cix --version
expect_grep "^cix [0-9]" "$tmp/out"
expect_status 2 cix
expect_status 2 cix frobnicate
expect_grep "not a cix command" "$tmp/err"
expect_status 2 cix --bogus

cmds=$(cix --help | awk '/^Commands:/ {on=1; next} on && /^  [a-z]/ {print $1} /^$/ {on=0}')
[ -n "$cmds" ] || fail "no commands listed by cix --help"
for c in $cmds; do
	expect_status 0 cix help "$c"
	expect_grep "^usage: cix $c" "$tmp/out"
	cp "$tmp/out" "$tmp/help1"
	expect_status 0 cix "$c" --help
	cmp -s "$tmp/out" "$tmp/help1" || fail "cix $c --help differs from cix help $c"
	expect_status 0 cix "$c" -h
	[ "$c" = help ] && continue
	expect_status 2 cix "$c" --no-such-option
	expect_grep "^usage: cix $c" "$tmp/err"
	# Every command has a man page that names each of its options.
	man=$CIX_SRCDIR/docs/cix-$c.1
	[ -f "$man" ] || fail "no man page $man"
	for o in $(sed -n 's/^  -., --\([a-z-]*\).*/\1/p; s/^      --\([a-z-]*\).*/\1/p' "$tmp/help1"); do
		case $o in help|db|config|quiet) continue ;; esac
		grep -q -- "$o" "$man" || fail "cix-$c.1 does not document --$o"
	done
done
[ -f "$CIX_SRCDIR/docs/cix.1" ] || fail "no docs/cix.1"
