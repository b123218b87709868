#!/bin/sh
# The configuration file and the environment: where the resolver's
# settings come from, in which order, and the errors for bad ones.
. "${CIX_SRCDIR:-.}/tests/e2e/lib.sh"
. "$CIX_SRCDIR/tests/server/lib.sh"

start_server
wos_records "$tmp/a.txt" 10.5555/ok-c1 10.5555/ok-c2 10.5555/ok-c3 \
    10.5555/ok-c4 10.5555/ok-c5
cix import "$tmp/a.txt" >/dev/null
conf=$XDG_CONFIG_HOME/cix/config

# Strict parsing, with the file and the line.
write_config "[resolve]
# a comment
rate = 11"
expect_status 1 cix resolve
expect_grep "^cix: $conf:3: rate: '11' is not a number from 0.01 to 10$" \
    "$tmp/err"
write_config "[resolve]
ratez = 1"
expect_status 1 cix resolve
expect_grep "^cix: $conf:2: unknown key 'ratez' in \[resolve\]$" "$tmp/err"
write_config "[resolve]
doi_base = http://doi.example.org"
expect_status 1 cix resolve
expect_grep "$conf:2: doi_base: .*plain http is allowed only for loopback" \
    "$tmp/err"
# An explicit --config that is not there is a usage error.
expect_status 2 cix --config "$tmp/nope" resolve
expect_grep "cannot open the configuration file '$tmp/nope'" "$tmp/err"
expect_eq "$(nreq)" 0 "requests so far"

# The environment is checked too, and wins over the file.
write_config "[resolve]
doi_base = https://doi.invalid
mailto = file@example.org"
expect_status 1 env CIX_DOI_BASE=http://mirror.example.org "$CIX" resolve
expect_grep "CIX_DOI_BASE: .*plain http is allowed only for loopback" \
    "$tmp/err"
from=$(wc -l <"$LOG")
cix resolve --max 1 >/dev/null
"$PYTHON3" - "$LOG" "$from" <<'PY'
import json, sys
ua = [json.loads(l)["ua"] for l in list(open(sys.argv[1]))[int(sys.argv[2]):]]
assert ua and all(u.endswith("; mailto:file@example.org)") for u in ua), ua
PY
from=$(wc -l <"$LOG")
CIX_MAILTO=env@example.org cix resolve --max 1 >/dev/null
"$PYTHON3" - "$LOG" "$from" <<'PY'
import json, sys
ua = [json.loads(l)["ua"] for l in list(open(sys.argv[1]))[int(sys.argv[2]):]]
assert ua and all(u.endswith("; mailto:env@example.org)") for u in ua), ua
PY
# ... and the command line over both.
from=$(wc -l <"$LOG")
CIX_MAILTO=env@example.org cix resolve --max 1 --mailto cli@example.org \
    >/dev/null
"$PYTHON3" - "$LOG" "$from" <<'PY'
import json, sys
ua = [json.loads(l)["ua"] for l in list(open(sys.argv[1]))[int(sys.argv[2]):]]
assert ua and all(u.endswith("; mailto:cli@example.org)") for u in ua), ua
PY

# The base URL from the file, an index from [index] db, a file given by
# --config.
unset CIX_DOI_BASE
mkdir -p "$tmp/elsewhere"
cat >"$tmp/elsewhere/cix.conf" <<EOF
[index]
db = $CIX_DB

[resolve]
doi_base = $BASE/
EOF
(unset CIX_DB; cix --config "$tmp/elsewhere/cix.conf" resolve >"$tmp/out")
expect_grep "asked 2 DOIs" "$tmp/out"
expect_eq "$(doi_state 10.5555/ok-c5)" resolved "the last DOI"

# import never goes online unless asked; --resolve asks the new DOIs.
export CIX_DOI_BASE=$BASE
write_config "[resolve]
timeout = 10"
CIX_DB=$tmp/imp.db
n=$(nreq)
cix import "$samples/peerwork.txt" >/dev/null
expect_eq "$(nreq)" "$n" "requests of a plain import"
cix import --resolve "$samples/peerwork-update.txt" >"$tmp/out"
expect_grep "^1 file read: 9 records (4 new" "$tmp/out"
expect_grep "^asked 17 DOIs in " "$tmp/out"
expect_eq "$(doi_state 10.1037/h0094744)" resolved "a DOI resolved by import"
