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
