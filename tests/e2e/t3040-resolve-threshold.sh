#!/bin/sh
# When too many requests fail the run stops with a clear message and exit
# status 1; what was resolved before stays; the DOIs not reached stay
# pending for the next run, which finishes the work.
. "${CIX_SRCDIR:-.}/tests/e2e/lib.sh"
. "$CIX_SRCDIR/tests/server/lib.sh"

start_server
write_config "[resolve]
retries = 0
failure_threshold = 50%
failure_window = 20"

i=1
dois=
while [ $i -le 30 ]; do
	dois="$dois $(printf '10.5555/ok-t-%02d' $i)"
	i=$((i + 1))
done
# shellcheck disable=SC2086
wos_records "$tmp/a.txt" $dois
cix import "$tmp/a.txt" >/dev/null

cix resolve --max 5 >"$tmp/out"
expect_grep "5 resolved" "$tmp/out"

# The server starts failing everything.
control '{"fail_all": 503}'
from=$(nreq)
expect_status 1 cix resolve
expect_grep "cix: stopped: 11 of the last 11 requests failed (the limit is 50%)" "$tmp/err"
expect_grep "HTTP 503" "$tmp/err"
expect_grep "the DOIs resolved so far are kept" "$tmp/err"
expect_eq "$(($(nreq) - from))" 11 "requests before the stop"
"$PYTHON3" - "$CIX_DB" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
n = dict(db.execute("SELECT state, count(*) FROM dois GROUP BY state"))
assert n == {"resolved": 5, "failed": 11, "pending": 14}, n
assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
PY

# The server is back: the next run takes the pending ones; the failed
# ones wait for their back-off.
control '{"fail_all": 0}'
cix resolve >"$tmp/out"
expect_grep "asked 14 DOIs" "$tmp/out"
expect_eq "$(doi_state 10.5555/ok-t-30)" resolved "the last DOI"
expect_eq "$(doi_state 10.5555/ok-t-06)" failed "a failed DOI"

# A run killed at any moment leaves a sound index; what it committed
# stays (results are committed at least every two seconds) and the next
# run finishes the work.  SIGINT stops it cleanly, with exit status 1.
i=1
dois=
while [ $i -le 40 ]; do
	dois="$dois $(printf '10.5555/ok-k-%02d' $i)"
	i=$((i + 1))
done
# shellcheck disable=SC2086
wos_records "$tmp/k.txt" $dois
CIX_DB=$tmp/k.db
cix import "$tmp/k.txt" >/dev/null
control '{"delay": 0.2}'
"$CIX" resolve >"$tmp/k.out" 2>&1 &
pid=$!
sleep 4
kill -9 $pid
wait $pid 2>/dev/null || true
"$PYTHON3" - "$CIX_DB" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
n = dict(db.execute("SELECT state, count(*) FROM dois GROUP BY state"))
print("killed after 4 s:", n)
assert 0 < n.get("resolved", 0) < 40, n
assert n.get("resolved", 0) + n.get("pending", 0) == 40, n
PY
"$CIX" resolve >"$tmp/k.out" 2>&1 &
pid=$!
sleep 2
kill -INT $pid
set +e
wait $pid
got=$?
set -e
expect_eq "$got" 1 "exit status after SIGINT"
expect_grep "interrupted; the DOIs resolved so far are kept" "$tmp/k.out"
control '{"delay": 0}'
cix resolve >"$tmp/out"
expect_eq "$("$PYTHON3" -c 'import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT count(*) FROM dois WHERE state = ?", ("resolved",)).fetchone()[0])' "$CIX_DB")" 40 "resolved after the runs"
