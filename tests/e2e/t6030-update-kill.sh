#!/bin/sh
# Twenty update runs killed with SIGKILL at random moments, each on a fresh
# index and followed by an update to completion: every time the index is
# sound (integrity_check, foreign_key_check) right after the kill and after
# the next run, the next run says the killed one died, and the final index
# equals that of an uninterrupted run (counts, and digests of the records,
# references, links and LCS in stable terms: nothing lost, nothing twice).
#
# The inbox is three synthetic exports of 250 records that cite one another,
# plus one file of twelve records whose DOIs the test server answers (10
# requests a second), so that a run spends its time importing, resolving
# and linking, and kills land in each.  KILLS and SEED may be set to run
# more (or other) kills.
. "${CIX_SRCDIR:-.}/tests/e2e/lib.sh"
. "$CIX_SRCDIR/tests/server/lib.sh"
. "$CIX_SRCDIR/tests/e2e/t6lib.sh"

kills=${KILLS:-20}
seed=${SEED:-$$}
echo "seed $seed, $kills kills"

start_server
inbox=$tmp/inbox
gen_inbox "$inbox" 3 250
dois=
i=1
while [ $i -le 12 ]; do
	dois="$dois $(printf '10.5555/ok-kill-%02d' $i)"
	i=$((i + 1))
done
# shellcheck disable=SC2086
wos_records "$inbox/export-04.txt" $dois
write_config "[resolve]
mailto = cix-tests@example.org
timeout = 10
backoff = 0.1

[update]
inbox = $inbox"

# The uninterrupted run, timed.
CIX_DB=$tmp/ref.db
t0=$("$PYTHON3" -c 'import time; print(time.time())')
cix update --quiet || fail "the uninterrupted run failed"
t1=$("$PYTHON3" -c 'import time; print(time.time())')
expect_eq "$(index_sound "$CIX_DB")" ok "the uninterrupted run's index"
index_state "$CIX_DB" >"$tmp/ref.state"
grep -q "dois resolved: 12" "$tmp/ref.state" ||
    fail "the uninterrupted run did not resolve the DOIs"
span=$("$PYTHON3" -c "print('%.2f' % ($t1 - $t0))")
echo "an uninterrupted run takes $span s"

# Kill times, uniform over the run and a little beyond it; then three
# kills aimed at the short phases: as soon as the run records that it
# starts, links, writes its report.
"$PYTHON3" -c "
import random
r = random.Random($seed)
for _ in range($kills):
    print('%.3f' % r.uniform(0, $span * 1.1))
print('start'); print('link'); print('report')" >"$tmp/delays"

# kill_at PID DB PHASE: SIGKILL PID once its run has reached PHASE.
kill_at() {
	"$PYTHON3" - "$1" "$2" "$3" <<'PY'
import os, signal, sqlite3, sys, time
pid, path, want = int(sys.argv[1]), sys.argv[2], sys.argv[3]
order = ["start", "import", "resolve", "link", "report", "done"]
deadline = time.time() + 60
while time.time() < deadline:
    try:
        db = sqlite3.connect("file:%s?mode=ro" % path, uri=True,
                             timeout=0)
        r = db.execute("SELECT phase FROM runs ORDER BY id DESC"
                       " LIMIT 1").fetchone()
        db.close()
        if r and r[0] in order and order.index(r[0]) >= order.index(want):
            break
    except sqlite3.Error:
        pass
    time.sleep(0.002)
os.kill(pid, signal.SIGKILL)
PY
}

: >"$tmp/phases"
n=0
while read -r delay; do
	n=$((n + 1))
	CIX_DB=$tmp/k$n.db
	"$CIX" update --quiet >"$tmp/k.out" 2>&1 &
	pid=$!
	case $delay in
	[a-z]*) kill_at $pid "$CIX_DB" "$delay" 2>/dev/null || true ;;
	*) sleep "$delay"; kill -9 $pid 2>/dev/null || true ;;
	esac
	wait $pid 2>/dev/null || true
	# Where the kill landed: the run's last phase, "done" when it had
	# finished, "before the run" when it had not recorded itself.
	phase=$("$PYTHON3" - "$CIX_DB" <<'PY'
import os, sqlite3, sys
if not os.path.exists(sys.argv[1]):
    print("before the index"); sys.exit()
try:
    db = sqlite3.connect(sys.argv[1])
    r = db.execute("SELECT status, phase FROM runs ORDER BY id DESC"
                   " LIMIT 1").fetchone()
except sqlite3.OperationalError:
    print("creating the index"); sys.exit()
print("before the run" if r is None else
      "done" if r[0] != "running" else r[1])
PY
)
	echo "$phase" >>"$tmp/phases"
	if [ -f "$CIX_DB" ]; then
		s=$(index_sound "$CIX_DB")
		[ "$s" = ok ] || fail "kill $n at $delay ($phase): $s"
	fi
	# The next run finishes the work, and says the killed one died.
	set +e
	"$CIX" update --quiet >"$tmp/k.out" 2>"$tmp/k.err"
	got=$?
	set -e
	if [ "$got" != 0 ]; then
		cat "$tmp/k.err" >&2
		fail "kill $n ($phase): the next run exited $got"
	fi
	[ ! -s "$tmp/k.out" ] || fail "kill $n: --quiet printed on stdout"
	case $phase in
	import|resolve|link|report|start)
		grep -q "did not finish: killed while" "$tmp/k.err" ||
		    fail "kill $n ($phase): no word of the killed run"
		;;
	esac
	s=$(index_sound "$CIX_DB")
	[ "$s" = ok ] || fail "kill $n ($phase), after the next run: $s"
	index_state "$CIX_DB" >"$tmp/k.state"
	if ! cmp -s "$tmp/ref.state" "$tmp/k.state"; then
		diff "$tmp/ref.state" "$tmp/k.state" >&2 || true
		fail "kill $n at $delay ($phase): the index differs" \
		    "from an uninterrupted run's"
	fi
	# Nothing lost in the reports either: the first report that was
	# written tells of every record.
	"$PYTHON3" - "$CIX_DB" <<'PY' || fail "kill $n ($phase): the reports"
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
records = db.execute("SELECT count(*) FROM works WHERE kind = 0").fetchone()
told = db.execute("SELECT new_works FROM runs WHERE new_works IS NOT NULL"
                  " ORDER BY id LIMIT 1").fetchone()
assert told is not None and told[0] == records[0], (told, records)
PY
	# The killed run is on record as such.
	case $phase in
	import|resolve|link|report|start)
		cix runs --format tsv | awk -F'\t' 'NR == 3 { print $4 }' \
		    >"$tmp/status"
		expect_eq "$(cat "$tmp/status")" killed "kill $n: its status"
		;;
	esac
	rm -f "$CIX_DB" "$CIX_DB-wal" "$CIX_DB-shm" "$CIX_DB.lock"
done <"$tmp/delays"
echo "kills by phase:"
sort "$tmp/phases" | uniq -c
