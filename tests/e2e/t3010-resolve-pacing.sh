#!/bin/sh
# Politeness, measured from the test server's log (never by timing the
# test): anonymous runs keep to 5 requests/s and 1 in flight, identified
# ones to 10/s and 3 in flight, a configured rate and the server's
# x-rate-limit-* / x-concurrency-limit headers lower them; each run uses
# at least 90% of the rate it is allowed.
. "${CIX_SRCDIR:-.}/tests/e2e/lib.sh"
. "$CIX_SRCDIR/tests/server/lib.sh"

start_server
write_config "[resolve]
timeout = 10"

# check FROM R C MINSHARE [AFTER_FIRST]: the requests logged from line
# FROM on never exceed R starts in any one-second window nor C in flight,
# and run at MINSHARE * R or faster.  With AFTER_FIRST, only the requests
# started after the first answer count (the limits it announced apply
# from then on).
check() {
	"$PYTHON3" - "$LOG" "$@" <<'PY'
import json, sys
log, start, R, C, share = sys.argv[1], int(sys.argv[2]), float(
    sys.argv[3]), int(sys.argv[4]), float(sys.argv[5])
after_first = len(sys.argv) > 6
reqs = [json.loads(l) for l in open(log)][start:]
reqs = [r for r in reqs if r["kind"] in ("ra", "content")]
assert len(reqs) >= 10, len(reqs)
if after_first:
    first_end = reqs[0]["t1"]
    reqs = [r for r in reqs if r["t0"] > first_end]
t0 = sorted(r["t0"] for r in reqs)
win = max(sum(1 for u in t0 if t <= u < t + 1.0) for t in t0)
fly = max(sum(1 for q in reqs if q["t0"] <= r["t0"] < q["t1"])
          for r in reqs)
rate = (len(t0) - 1) / (t0[-1] - t0[0])
print("%d requests: %.2f/s of %g allowed (%.0f%%), at most %d in one"
      " second, at most %d in flight (limit %d)" % (
          len(t0), rate, R, 100 * rate / R, win, fly, C))
assert win <= R, "%d requests in one second, limit %g" % (win, R)
assert fly <= C, "%d in flight, limit %d" % (fly, C)
assert rate >= share * R, "only %.2f/s of %g used" % (rate, R)
PY
}

dois() {
	i=1
	while [ $i -le "$2" ]; do
		printf '10.5555/ok-%s-%02d\n' "$1" $i
		i=$((i + 1))
	done
}

# shellcheck disable=SC2046
wos_records "$tmp/a.txt" $(dois a-anon 40) $(dois b-named 40) \
    $(dois c-conf 12) $(dois d-hdr 12)
cix import "$tmp/a.txt" >/dev/null

# Anonymous: 5/s, one at a time.
from=$(wc -l <"$LOG")
cix resolve --max 40 >"$tmp/out"
expect_grep "40 resolved" "$tmp/out"
check "$from" 5 1 0.9 | tee "$tmp/anon.txt"
"$PYTHON3" - "$LOG" "$from" <<'PY'
import json, sys
for l in list(open(sys.argv[1]))[int(sys.argv[2]):]:
    ua = json.loads(l)["ua"]
    assert ua.startswith("cix/") and "mailto:" not in ua, ua
PY

# With an address (--mailto here; CIX_MAILTO and the file work alike):
# 10/s and 3 in flight.  Slower answers make the client use its three
# connections.
control '{"delay": 0.25}'
from=$(wc -l <"$LOG")
cix resolve --max 40 --mailto ops@example.org >"$tmp/out"
expect_grep "40 resolved" "$tmp/out"
check "$from" 10 3 0.9 | tee "$tmp/named.txt"
"$PYTHON3" - "$LOG" "$from" <<'PY'
import json, sys
reqs = [json.loads(l) for l in list(open(sys.argv[1]))[int(sys.argv[2]):]]
for r in reqs:
    assert r["ua"].endswith("; mailto:ops@example.org)"), r["ua"]
# The three in flight are really used.
fly = max(sum(1 for q in reqs if q["t0"] <= r["t0"] < q["t1"]) for r in reqs)
assert fly >= 2, fly
PY

# Configured lower: 2/s, 1 in flight, even with an address.
control '{"delay": 0}'
write_config "[resolve]
mailto = ops@example.org
rate = 2
concurrency = 1"
from=$(wc -l <"$LOG")
cix resolve --max 12 >"$tmp/out"
check "$from" 2 1 0.9 | tee "$tmp/conf.txt"

# The server asks for less: x-rate-limit 3 per 1s, 1 in flight.
control '{"rate_limit": [3, "1s"], "concurrency_limit": 1, "delay": 0.2}'
write_config "[resolve]
mailto = ops@example.org"
from=$(wc -l <"$LOG")
cix resolve --max 12 >"$tmp/out"
check "$from" 3 1 0.9 after-first | tee "$tmp/hdr.txt"

# Asking for more than the limit gets the limit, and a warning.
control '{"rate_limit": null, "concurrency_limit": null, "delay": 0}'
write_config "[resolve]
timeout = 10"
expect_status 0 cix resolve --rate 20 --concurrency 5
expect_grep "above the published limit; using 5.0 requests/s and 1 in" "$tmp/err"
expect_status 2 cix resolve --rate fast
expect_status 2 cix resolve --pending --all
expect_status 2 cix resolve --mailto "not an address"
