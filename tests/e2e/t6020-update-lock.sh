#!/bin/sh
# The update lock: of two updates started together one runs and the other
# exits at once with status 3 (naming the pid that holds the lock); the
# lock is the kernel's, so a killed run never leaves it behind; imports by
# hand do not take it and wait for the update's transactions instead of
# failing; two commands that open a new index at once both succeed.
. "${CIX_SRCDIR:-.}/tests/e2e/lib.sh"
. "$CIX_SRCDIR/tests/server/lib.sh"

start_server
# A slow run: twenty DOIs answered after 0.2 s each.
i=1
dois=
while [ $i -le 20 ]; do
	dois="$dois $(printf '10.5555/slow-0.2-lock-%02d' $i)"
	i=$((i + 1))
done
mkdir -p "$tmp/inbox"
# shellcheck disable=SC2086
wos_records "$tmp/inbox/slow.txt" $dois
cp "$samples/peerwork.txt" "$tmp/inbox/"
write_config "[resolve]
timeout = 10

[update]
inbox = $tmp/inbox"

now() {
	"$PYTHON3" -c 'import time; print(time.time())'
}

# Two at once.
"$CIX" update >"$tmp/a.out" 2>"$tmp/a.err" &
a=$!
"$CIX" update >"$tmp/b.out" 2>"$tmp/b.err" &
b=$!
set +e
wait $a
sa=$?
wait $b
sb=$?
set -e
echo "statuses: $sa $sb"
case "$sa $sb" in
"0 3") loser=b ;;
"3 0") loser=a ;;
*)
	cat "$tmp/a.err" "$tmp/b.err" >&2
	fail "two updates at once exited $sa and $sb, expected 0 and 3"
	;;
esac
expect_grep "^cix: another cix update (pid [0-9]*) is running on '$CIX_DB'" \
    "$tmp/$loser.err"
[ ! -s "$tmp/$loser.out" ] || fail "the locked-out run printed a report"
expect_eq "$(cix runs --format tsv | awk 'NR > 1' | wc -l)" 1 \
    "runs recorded"

# The one that comes second leaves at once (well before the first ends).
rm -f "$CIX_DB" "$CIX_DB-wal" "$CIX_DB-shm"
base=$(nreq)
"$CIX" update --quiet >"$tmp/a.out" 2>"$tmp/a.err" &
a=$!
# Until the first has the lock and is resolving.
n=0
until [ -f "$CIX_DB" ] && [ "$(nreq)" -gt "$base" ]; do
	n=$((n + 1))
	[ $n -lt 200 ] || fail "the first update did not start"
	sleep 0.05
done
t0=$(now)
expect_status 3 cix update --quiet
t1=$(now)
expect_grep "another cix update (pid $a) is running" "$tmp/err"
"$PYTHON3" -c "import sys; sys.exit(0 if $t1 - $t0 < 1.0 else 1)" ||
    fail "the second update took $t0..$t1 to give up"
kill -0 $a 2>/dev/null || fail "the first update ended before the test"

# Imports and queries by hand go on meanwhile.
cix import "$samples/peerwork-tab.txt" >"$tmp/imp.out" 2>"$tmp/imp.err" ||
    { cat "$tmp/imp.err" >&2; fail "an import during the update failed"; }
[ ! -s "$tmp/imp.err" ] || fail "the import said: $(cat "$tmp/imp.err")"
cix search peer >/dev/null 2>"$tmp/q.err" || fail "a query failed"
[ ! -s "$tmp/q.err" ] || fail "the query said: $(cat "$tmp/q.err")"

# Killed with SIGKILL, it leaves no lock behind: the next run starts.
kill -9 $a
wait $a 2>/dev/null || true
expect_status 0 cix update --quiet
expect_grep "did not finish: killed while resolving" "$tmp/err"
expect_eq "$(cix runs --format tsv | awk -F'\t' 'NR == 3 { print $4 }')" \
    killed "the killed run's status"

# Two commands opening (and creating) a new index at once: both work.
i=1
while [ $i -le 10 ]; do
	CIX_DB=$tmp/new$i.db
	"$CIX" import "$samples/peerwork.txt" >/dev/null 2>"$tmp/n1.err" &
	p1=$!
	"$CIX" update --no-resolve --quiet --inbox "$samples/peerwork-tab.txt" \
	    >/dev/null 2>"$tmp/n2.err" &
	p2=$!
	set +e
	wait $p1
	s1=$?
	wait $p2
	s2=$?
	set -e
	[ "$s1 $s2" = "0 0" ] || {
		cat "$tmp/n1.err" "$tmp/n2.err" >&2
		fail "two first opens of a new index exited $s1 and $s2"
	}
	i=$((i + 1))
done
