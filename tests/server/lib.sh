# tests/server/lib.sh - sourced after tests/e2e/lib.sh by the resolver's
# tests: start the loopback doi.org (server.py), talk to it, read its log.
#
#   start_server [server.py options]   sets PORT, BASE, LOG; exports
#                                      CIX_DOI_BASE; stops it on exit
#   control JSON                       POST /_control
#   nreq [KIND]                        requests logged so far (content + ra)
#   write_config TEXT                  $XDG_CONFIG_HOME/cix/config
#   wos_records FILE DOI...            a WoS file with one record per DOI

# The interpreter itself, not a wrapper script (pyenv's shims cost
# seconds a start, and these tests start python often).
PYTHON3=$("$PYTHON3" -c 'import sys
assert sys.version_info >= (3, 7)
print(sys.executable)' 2>/dev/null) ||
    skip "python3 (3.7 or later) is needed for tests/server"

server_dir=$CIX_SRCDIR/tests/server

start_server() {
	LOG=$tmp/server.log
	: >"$LOG"
	rm -f "$tmp/port"
	data_opt=
	[ -d "$CIX_TEST_DATA/crossref" ] && data_opt="--data $CIX_TEST_DATA"
	# shellcheck disable=SC2086
	"$PYTHON3" "$server_dir/server.py" --fixtures "$server_dir/fixtures" \
	    $data_opt --log "$LOG" --port-file "$tmp/port" "$@" \
	    2>"$tmp/server.err" &
	server_pid=$!
	trap 'kill $server_pid 2>/dev/null || true; rm -rf "$tmp"' EXIT
	n=0
	while [ ! -s "$tmp/port" ]; do
		n=$((n + 1))
		if [ $n -gt 100 ] || ! kill -0 $server_pid 2>/dev/null; then
			cat "$tmp/server.err" >&2
			fail "the test server did not start"
		fi
		sleep 0.1
	done
	PORT=$(cat "$tmp/port")
	BASE=http://127.0.0.1:$PORT
	CIX_DOI_BASE=$BASE
	export CIX_DOI_BASE
}

control() {
	"$PYTHON3" - "$BASE/_control" "$1" <<'PY'
import sys, urllib.request
req = urllib.request.Request(sys.argv[1], data=sys.argv[2].encode(),
                             headers={"Content-Type": "application/json"})
urllib.request.urlopen(req, timeout=10).read()
PY
}

# nreq [KIND]: requests of that kind ("ra", "content"; both by default).
nreq() {
	"$PYTHON3" - "$LOG" "${1:-}" <<'PY'
import json, sys
kinds = (sys.argv[2],) if sys.argv[2] else ("ra", "content")
print(sum(1 for l in open(sys.argv[1]) if json.loads(l)["kind"] in kinds))
PY
}

write_config() {
	mkdir -p "$XDG_CONFIG_HOME/cix"
	printf '%s\n' "$1" >"$XDG_CONFIG_HOME/cix/config"
}

# wos_records FILE DOI...: one minimal WoS record per DOI (PT, DI, UT
# only: the resolver fills the rest), with made-up UTs WOS:7....
wos_records() {
	out=$1
	shift
	"$PYTHON3" - "$out" "$@" <<'PY'
import sys
out = ["FN Clarivate Analytics Web of Science", "VR 1.0"]
for i, doi in enumerate(sys.argv[2:], 1):
    out += ["PT J", "DI " + doi, "UT WOS:7%014d" % i, "ER", ""]
out.append("EF")
open(sys.argv[1], "w").write("\n".join(out) + "\n")
PY
}

# state DOI: the DOI's state in the index.
doi_state() {
	"$PYTHON3" - "$CIX_DB" "$1" <<'PY'
import sqlite3, sys
r = sqlite3.connect(sys.argv[1]).execute(
    "SELECT state FROM dois WHERE doi = ?", (sys.argv[2],)).fetchone()
print(r[0] if r else "none")
PY
}
