# lib.sh - sourced by every tests/e2e/t*.sh test.
#
# Runs the built cix ($CIX, set by `make check`) in a private temporary
# directory that is removed on exit; the index, HOME and the XDG folders
# point there, so a test never touches the user's files.  Exit 77 skips.

set -eu
LC_ALL=C
export LC_ALL

: "${CIX:?run the tests through make check}"
: "${CIX_SRCDIR:?run the tests through make check}"
CIX_TEST_DATA=${CIX_TEST_DATA:-$CIX_SRCDIR/../shared/data}
PYTHON3=${PYTHON3:-python3}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/cix-e2e.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
HOME=$tmp/home
XDG_DATA_HOME=$tmp/data
XDG_CONFIG_HOME=$tmp/config
CIX_DB=$tmp/cix.db
export HOME XDG_DATA_HOME XDG_CONFIG_HOME CIX_DB
unset CIX_MAILTO CIX_DOI_BASE CIX_CROSSREF_BASE CIX_DATACITE_BASE || true
mkdir -p "$HOME"
samples=$CIX_SRCDIR/samples

cix() {
	"$CIX" "$@"
}

fail() {
	echo "FAIL: $*" >&2
	exit 1
}

skip() {
	echo "SKIP: $*"
	exit 77
}

# expect_eq ACTUAL EXPECTED WHAT
expect_eq() {
	[ "$1" = "$2" ] || fail "$3: expected '$2', got '$1'"
}

# expect_status STATUS COMMAND...: run it, check its exit status.
expect_status() {
	want=$1
	shift
	set +e
	"$@" >"$tmp/out" 2>"$tmp/err"
	got=$?
	set -e
	[ "$got" = "$want" ] || {
		cat "$tmp/err" >&2
		fail "'$*' exited $got, expected $want"
	}
}

# expect_grep PATTERN FILE: FILE has a line matching PATTERN.
expect_grep() {
	grep -q -- "$1" "$2" || {
		sed 's/^/  | /' "$2" >&2
		fail "no '$1' in $2"
	}
}

# A number from `cix stats --format json`.
stat() {
	cix stats --format json | "$PYTHON3" -c \
	    "import json,sys; print(json.load(sys.stdin)['$1'])"
}

need_data() {
	[ -d "$CIX_TEST_DATA/$1" ] || skip "no real data in $CIX_TEST_DATA/$1"
}

# Everything the index holds, in a stable text form (to compare states).
dump() {
	command -v sqlite3 >/dev/null 2>&1 || skip "sqlite3 is not installed"
	sqlite3 "$CIX_DB" .dump
}
