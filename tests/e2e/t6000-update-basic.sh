#!/bin/sh
# cix update end to end, against the test server, with the index named by
# the configuration file only ([index] db): two runs over an inbox of
# exports, the second of which reports nothing new and sends no request;
# new files (one only renamed, one only touched) and the new citations of
# a watched work; a changed file; a file that is not an export (exit 4,
# one line on stderr); --quiet; --no-resolve; --budget; --inbox; a missing
# inbox directory; cix runs.
. "${CIX_SRCDIR:-.}/tests/e2e/lib.sh"
. "$CIX_SRCDIR/tests/server/lib.sh"

start_server
inbox=$tmp/inbox
mkdir -p "$inbox"
cp "$samples/peerwork.txt" "$samples/peerwork-update.txt" "$inbox/"
unset CIX_DB
db=$tmp/elsewhere/index.db
write_config "[index]
db = $db

[resolve]
timeout = 10

[update]
inbox = $inbox"

# -- the first run ------------------------------------------------------
expect_status 0 cix update
cp "$tmp/out" "$tmp/run1"
[ -f "$db" ] || fail "the index is not where [index] db says"
[ ! -e "$XDG_DATA_HOME/cix/cix.db" ] || fail "the default index was made"
expect_grep "^run 1 at 20[0-9-]*T[0-9:]*Z: ok$" "$tmp/run1"
expect_grep "^inbox: 2 files imported (39 records)$" "$tmp/run1"
expect_grep "^DOIs: 17 asked in [0-9]* requests: 6 resolved, 11 not found$" \
    "$tmp/run1"
expect_grep "^links: [0-9]* references linked$" "$tmp/run1"
expect_grep "^new since the index began" "$tmp/run1"
expect_grep "^  34 new works$" "$tmp/run1"
expect_grep "^  198 new citations among records$" "$tmp/run1"
expect_grep "^  6 newly resolved works$" "$tmp/run1"
[ ! -s "$tmp/err" ] || fail "the first run said: $(cat "$tmp/err")"
# Every other command finds the index through the configuration too.
expect_eq "$(stat records)" 34 "records seen by cix stats"
cix search --author Davidson >"$tmp/s.out"
expect_grep "Peer support among adults" "$tmp/s.out"

# -- the second run: nothing new, nothing asked -------------------------
n=$(nreq)
expect_status 0 cix update
started1=$(sed -n 's/^run 1 at \(.*\): ok$/\1/p' "$tmp/run1")
expect_grep "^run 2 at .*: ok$" "$tmp/out"
expect_grep "^nothing new since run 1 ($started1)$" "$tmp/out"
expect_eq "$(wc -l <"$tmp/out")" 2 "lines of the second report"
expect_eq "$(nreq)" "$n" "requests of the second run"
# Quiet and nothing wrong: nothing at all.
expect_status 0 cix update --quiet
[ ! -s "$tmp/out" ] && [ ! -s "$tmp/err" ] || fail "--quiet printed"
expect_eq "$(nreq)" "$n" "requests of the third run"

# -- a watched work, new files, a renamed one, a touched one ------------
id=$(cix show --format json 10.1093/schbul/sbj043 | "$PYTHON3" -c \
    'import json, sys; print(json.load(sys.stdin)["id"])')
cix watch 10.1093/schbul/sbj043 >"$tmp/w.out"
expect_grep "^watching #$id (10.1093/schbul/sbj043)$" "$tmp/w.out"
cix watch --list >"$tmp/w.out"
expect_grep "^ *$id .* 2006 .*Davidson L" "$tmp/w.out"
cix watch 10.1093/schbul/sbj043 >"$tmp/w.out"
expect_grep "is watched already" "$tmp/w.out"
cp "$samples/peerwork-tab.txt" "$samples/mirror-gillard-2013.txt" "$inbox/"
cp "$inbox/peerwork.txt" "$inbox/peerwork-again.txt"
touch -d '2020-01-01' "$inbox/peerwork-update.txt"
# Hidden files, backups and downloads in progress are left alone.
echo junk >"$inbox/.hidden"
echo junk >"$inbox/savedrecs.txt~"
echo junk >"$inbox/savedrecs(1).txt.part"
expect_status 0 cix update
expect_grep "^inbox: 2 files imported (7 records), 3 unchanged$" "$tmp/out"
expect_grep "^new since run 3 " "$tmp/out"
expect_grep "^  3 new works$" "$tmp/out"
expect_grep "^  23 new citations among records$" "$tmp/out"
expect_grep "^  3 new citations of watched works:$" "$tmp/out"
expect_grep \
    "^      cites #$id Davidson, Larry (2006) Peer support among adults" \
    "$tmp/out"
expect_eq "$(grep -c "^      cites #$id " "$tmp/out")" 3 "citations listed"
"$PYTHON3" - "$db" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
n = db.execute("SELECT count(*) FROM files").fetchone()[0]
assert n == 4, n
PY
n=$(nreq)
expect_status 0 cix update
expect_grep "^nothing new since run 4 " "$tmp/out"
expect_eq "$(nreq)" "$n" "requests after the new files"

# -- a changed file -----------------------------------------------------
wos_records "$inbox/new.txt" 10.5555/ok-basic-1 10.5555/ok-basic-2
expect_status 0 cix update
expect_grep "^inbox: 1 file imported (2 records), 5 unchanged$" "$tmp/out"
expect_grep "^  2 new works$" "$tmp/out"
expect_grep "^  2 newly resolved works$" "$tmp/out"
wos_records "$inbox/new.txt" 10.5555/ok-basic-1 10.5555/ok-basic-2 \
    10.5555/ok-basic-3
expect_status 0 cix update
expect_grep "^inbox: 1 file imported (3 records), 5 unchanged$" "$tmp/out"
expect_grep "^DOIs: 1 asked in 1 request: 1 resolved$" "$tmp/out"
expect_grep "^  1 new work$" "$tmp/out"

# -- a file that is not an export ---------------------------------------
echo "not an export" >"$inbox/notes.txt"
expect_status 4 cix update
expect_grep "^cix: $inbox/notes.txt: looks like plain text" "$tmp/err"
expect_grep "^cix: update run 8 partly failed (1 problem); the rest is kept" \
    "$tmp/err"
expect_eq "$(wc -l <"$tmp/err")" 2 "lines on stderr"
expect_grep "^run 8 at .*: partial$" "$tmp/out"
expect_grep "^failed: $inbox/notes.txt: looks like plain text" "$tmp/out"
expect_status 4 cix update --quiet
[ ! -s "$tmp/out" ] || fail "--quiet printed a report on stdout"
expect_eq "$(wc -l <"$tmp/err")" 2 "lines on stderr with --quiet"
rm "$inbox/notes.txt"

# -- --no-resolve, --budget, --inbox, a missing inbox -------------------
wos_records "$tmp/more.txt" 10.5555/ok-basic-4 10.5555/ok-basic-5 \
    10.5555/ok-basic-6
n=$(nreq)
expect_status 0 cix update --no-resolve --inbox "$tmp/more.txt"
expect_grep "^inbox: 1 file imported (3 records)$" "$tmp/out"
expect_eq "$(nreq)" "$n" "requests with --no-resolve"
expect_status 0 cix update --budget 1 --inbox "$tmp/nothing-*.txt"
expect_grep "^DOIs: 1 asked in 1 request: 1 resolved; the budget ran out" \
    "$tmp/out"
expect_eq "$(($(nreq) - n))" 1 "requests with --budget 1"
expect_status 0 cix update --inbox "$tmp/nothing-*.txt"
expect_grep "^DOIs: 2 asked in 2 requests: 2 resolved$" "$tmp/out"
expect_status 4 cix update --inbox "$tmp/no-such-dir"
expect_grep "^cix: inbox '$tmp/no-such-dir' does not exist$" "$tmp/err"
expect_status 2 cix update --budget lots
expect_status 2 cix update extra

# -- the runs -----------------------------------------------------------
cix runs --limit 0 --format tsv >"$tmp/runs.tsv"
expect_eq "$(awk 'NR > 1' "$tmp/runs.tsv" | wc -l)" 13 "runs listed"
expect_eq "$(awk -F'\t' 'NR > 1 { print $4 }' "$tmp/runs.tsv" | sort |
    uniq -c | awk '{ printf "%s %s;", $2, $1 }')" "ok 10;partial 3;" \
    "statuses"
cix runs 1 >"$tmp/r1"
cmp -s "$tmp/r1" "$tmp/run1" || fail "cix runs 1 is not the first report"
cix runs last >"$tmp/rl"
expect_grep "^run 13 at .*: partial$" "$tmp/rl"
cix runs -n 1 -f json >"$tmp/rj"
"$PYTHON3" - "$tmp/rj" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
assert len(r) == 1 and r[0]["run"] == 13, r
assert r[0]["status"] == "partial" and r[0]["files_failed"] == 1, r
assert r[0]["report"].startswith("run 13 at "), r
PY
expect_status 1 cix runs 99
expect_grep "no run 99" "$tmp/err"
expect_status 2 cix runs nope
cix watch --remove 10.1093/schbul/sbj043 >"$tmp/w.out"
expect_grep "^no longer watching #$id" "$tmp/w.out"
cix watch >"$tmp/w.out"
expect_grep "^no watched works" "$tmp/w.out"
