#!/bin/sh
# Queries keep working while an update writes: readers running `cix
# search` (and stats, top, show, watch --list) in a loop from before the
# update starts until after it ends see no error and no "database is
# locked", whatever the update is doing (importing, resolving, linking,
# reporting); an import by hand in the middle waits for its turn and
# succeeds.
. "${CIX_SRCDIR:-.}/tests/e2e/lib.sh"
. "$CIX_SRCDIR/tests/server/lib.sh"
. "$CIX_SRCDIR/tests/e2e/t6lib.sh"

start_server
cix import "$samples/peerwork.txt" >/dev/null
cix watch 10.1037/h0095655 >/dev/null

inbox=$tmp/inbox
gen_inbox "$inbox" 5 300 11
i=1
dois=
while [ $i -le 10 ]; do
	dois="$dois $(printf '10.5555/slow-0.1-read-%02d' $i)"
	i=$((i + 1))
done
# shellcheck disable=SC2086
wos_records "$inbox/export-99.txt" $dois
write_config "[resolve]
timeout = 10

[update]
inbox = $inbox"

# reader N: query in a loop until $tmp/stop exists; count runs and
# failures.
reader() {
	k=0
	bad=0
	while [ ! -f "$tmp/stop" ]; do
		for q in "search peer" "search --author Davidson" "stats" \
		    "top --limit 5" "show 10.1037/h0095655" "watch --list"; do
			# shellcheck disable=SC2086
			if ! "$CIX" $q >/dev/null 2>"$tmp/r$1.err" ||
			    [ -s "$tmp/r$1.err" ]; then
				bad=$((bad + 1))
				{ echo "cix $q:"; cat "$tmp/r$1.err"; } \
				    >>"$tmp/r$1.log"
			fi
			k=$((k + 1))
		done
	done
	echo "$k $bad" >"$tmp/r$1.count"
}

rm -f "$tmp/stop"
reader 1 &
r1=$!
reader 2 &
r2=$!
sleep 0.3
"$CIX" update >"$tmp/u.out" 2>"$tmp/u.err" &
u=$!
sleep 1
cix import "$samples/peerwork-update.txt" >/dev/null 2>"$tmp/imp.err" ||
    { cat "$tmp/imp.err" >&2; fail "an import during the update failed"; }
[ ! -s "$tmp/imp.err" ] || fail "the import said: $(cat "$tmp/imp.err")"
set +e
wait $u
su=$?
set -e
sleep 0.3
touch "$tmp/stop"
wait $r1 $r2
[ "$su" = 0 ] || { cat "$tmp/u.err" >&2; fail "the update exited $su"; }
expect_grep "inbox: 6 files imported" "$tmp/u.out"
for r in 1 2; do
	read -r k bad <"$tmp/r$r.count"
	echo "reader $r: $k queries, $bad failed"
	[ "$bad" = 0 ] || { cat "$tmp/r$r.log" >&2; fail "reader $r failed"; }
	[ "$k" -ge 30 ] || fail "reader $r ran only $k queries"
done
expect_eq "$(index_sound "$CIX_DB")" ok "the index"
