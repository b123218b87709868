#!/bin/sh
# The schedules docs/ gives: the crontab line of docs/cron.md is a valid
# crontab entry and its command runs quietly; docs/cix-update.service and
# docs/cix-update.timer pass `systemd-analyze verify` (skipped where
# systemd-analyze is missing) and the service's command runs the same way.
. "${CIX_SRCDIR:-.}/tests/e2e/lib.sh"
. "$CIX_SRCDIR/tests/server/lib.sh"

docs=$CIX_SRCDIR/docs
start_server
mkdir -p "$tmp/inbox"
cp "$samples/peerwork.txt" "$tmp/inbox/"
write_config "[resolve]
timeout = 10

[update]
inbox = $tmp/inbox"

# The crontab line: five valid time fields, then a command that is cix.
line=$(grep -E '^[0-9*][0-9*,/-]* [0-9*].*cix update' "$docs/cron.md")
[ "$(printf '%s\n' "$line" | wc -l)" = 1 ] ||
    fail "docs/cron.md has no single crontab line: $line"
"$PYTHON3" - "$line" <<'PY'
import re, sys
f = sys.argv[1].split(None, 5)
assert len(f) == 6, f
ranges = [(0, 59), (0, 23), (1, 31), (1, 12), (0, 7)]
for v, (lo, hi) in zip(f[:5], ranges):
    for part in v.split(","):
        m = re.fullmatch(r"(\*|(\d+)(-(\d+))?)(/(\d+))?", part)
        assert m, (v, part)
        for g in (m.group(2), m.group(4)):
            assert g is None or lo <= int(g) <= hi, (v, part)
assert re.fullmatch(r"(/\S+/)?cix update( .*)?", f[5]), f[5]
PY
cmd=$(printf '%s\n' "$line" | awk '{ $1 = $2 = $3 = $4 = $5 = ""; print }' |
    sed 's/^ *//')
# shellcheck disable=SC2086
set -- $cmd
shift
expect_status 0 "$CIX" "$@"
[ ! -s "$tmp/out" ] && [ ! -s "$tmp/err" ] ||
    fail "the crontab command printed on a good night"
expect_eq "$(cix runs --format tsv | awk -F'\t' 'NR == 2 { print $4 }')" \
    ok "the crontab run"

# The service runs the same command.
exec_start=$(sed -n 's/^ExecStart=//p' "$docs/cix-update.service")
# shellcheck disable=SC2086
set -- $exec_start
case $1 in
/*/cix) ;;
*) fail "ExecStart= does not name cix by an absolute path: $1" ;;
esac
shift
expect_status 0 "$CIX" "$@"
[ ! -s "$tmp/out" ] && [ ! -s "$tmp/err" ] ||
    fail "the service's command printed on a good night"

command -v systemd-analyze >/dev/null 2>&1 ||
    skip "systemd-analyze is not installed (the crontab line is checked)"
# verify wants ExecStart= to exist: point it at the cix under test.
mkdir -p "$tmp/units"
sed "s|^ExecStart=[^ ]*|ExecStart=$CIX|" "$docs/cix-update.service" \
    >"$tmp/units/cix-update.service"
cp "$docs/cix-update.timer" "$tmp/units/"
(cd "$tmp/units" && systemd-analyze verify --man=no \
    ./cix-update.service ./cix-update.timer) >"$tmp/out" 2>&1 || {
	cat "$tmp/out" >&2
	fail "systemd-analyze verify refused the units"
}
# Unknown keys are only warnings: none is wanted either.
if grep -v -e '^$' "$tmp/out" | grep -q .; then
	cat "$tmp/out" >&2
	fail "systemd-analyze verify complained"
fi
calendar=$(sed -n 's/^OnCalendar=//p' "$docs/cix-update.timer")
systemd-analyze calendar "$calendar" >/dev/null ||
    fail "bad OnCalendar= '$calendar'"
