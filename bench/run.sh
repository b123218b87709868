#!/bin/sh
# bench/run.sh - the cix benchmark (`make bench`).
#
# Builds a generated corpus once into $BENCH_OUT (default
# $BENCH_BUILDDIR/bench/out), then runs each stage and prints one result
# per line on stdout:
#
#	stage<TAB>metric<TAB>value<TAB>unit
#
# A stage that cannot run prints `stage<TAB>skipped<TAB>-<TAB>reason`.
# Progress goes to stderr.  Peak RSS is the child's ru_maxrss, read with
# Python's resource.getrusage(RUSAGE_CHILDREN) (standard library only).
#
# Environment:
#	BENCH_N        records in the corpus (default 100000)
#	BENCH_SEED     generator seed (default 1)
#	BENCH_STAGES   stages to run, in order (default: all of STAGES below)
#	BENCH_QN       samples per query in the queries stage (default 2000)
#	BENCH_SRCDIR, BENCH_BUILDDIR, BENCH_OUT, PYTHON3
#
# To add a stage: write a function stage_NAME that prints its result
# lines (use `measure` and `result`), and add NAME to STAGES.

set -eu
LC_ALL=C
export LC_ALL

here=$(cd "$(dirname "$0")" && pwd)
SRCDIR=${BENCH_SRCDIR:-$(dirname "$here")}
BUILDDIR=${BENCH_BUILDDIR:-$SRCDIR}
OUT=${BENCH_OUT:-$BUILDDIR/bench/out}
N=${BENCH_N:-100000}
SEED=${BENCH_SEED:-1}
GEN=$BUILDDIR/bench/gen
CIX=$BUILDDIR/src/cli/cix
QBENCH=$BUILDDIR/bench/qbench
STAGES=${BENCH_STAGES:-"gen import link queries export"}

if [ -x /usr/bin/python3 ]; then
	PY=/usr/bin/python3
else
	PY=${PYTHON3:-python3}
fi

CORPUS=$OUT/corpus-n$N-s$SEED.txt
TRUTH=$OUT/truth-n$N-s$SEED.tsv

# measure OUTFILE CMD [ARG...]: run CMD with stdout to OUTFILE (- for
# /dev/null) and set $elapsed (seconds), $rss_kb (peak RSS of the child)
# and $status.
MEASURE_PY='
import resource, subprocess, sys, time
out = sys.argv[1]
dst = subprocess.DEVNULL if out == "-" else open(out, "wb")
t0 = time.monotonic()
rc = subprocess.call(sys.argv[2:], stdout=dst, stdin=subprocess.DEVNULL)
dt = time.monotonic() - t0
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
print("%.3f %d %d" % (dt, ru.ru_maxrss, rc))
'
measure()
{
	_out=$1
	shift
	set -- $("$PY" -c "$MEASURE_PY" "$_out" "$@")
	elapsed=$1
	rss_kb=$2
	status=$3
}

# result STAGE METRIC VALUE UNIT
result()
{
	printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4"
}

# rate COUNT SECONDS: COUNT / SECONDS with one decimal
rate()
{
	"$PY" -c 'import sys; c, s = float(sys.argv[1]), float(sys.argv[2]); print("%.1f" % (c / s if s > 0 else 0))' "$1" "$2"
}

mb()
{
	"$PY" -c 'import sys; print("%.1f" % (float(sys.argv[1]) / 1e6))' "$1"
}

progress()
{
	echo "bench: $*" >&2
}

# the corpus, built once per (N, seed, generator binary)
build_corpus()
{
	mkdir -p "$OUT"
	if [ -s "$CORPUS" ] && [ -s "$TRUTH" ] && [ "$CORPUS" -nt "$GEN" ]; then
		progress "corpus $CORPUS is up to date"
		return 0
	fi
	progress "writing $CORPUS ($N records, seed $SEED)"
	rm -f "$CORPUS" "$TRUTH"
	if ! "$GEN" -n "$N" -s "$SEED" -t "$TRUTH.tmp" >"$CORPUS.tmp"; then
		rm -f "$CORPUS.tmp" "$TRUTH.tmp"
		echo "bench: bench/gen failed" >&2
		exit 1
	fi
	mv "$TRUTH.tmp" "$TRUTH"
	mv "$CORPUS.tmp" "$CORPUS"
}

# ---------------------------------------------------------------------------
# stages

# gen: the generator itself, writing the corpus to /dev/null
stage_gen()
{
	size=$(wc -c <"$CORPUS")
	measure - "$GEN" -n "$N" -s "$SEED"
	if [ "$status" -ne 0 ]; then
		result gen failed "$status" "exit status"
		return 0
	fi
	result gen records "$N" records
	result gen bytes "$(mb "$size")" MB
	result gen seconds "$elapsed" s
	result gen records_per_s "$(rate "$N" "$elapsed")" records/s
	result gen mb_per_s "$(rate "$(mb "$size")" "$elapsed")" MB/s
	result gen peak_rss "$(rate "$rss_kb" 1024)" MB
}

# import: `cix --db DB import --no-link CORPUS` into a fresh database (the
# link stage links it)
stage_import()
{
	if [ ! -x "$CIX" ]; then
		result import skipped - "no $CIX"
		return 0
	fi
	if ! "$CIX" help import >/dev/null 2>&1; then
		result import skipped - "cix has no import command"
		return 0
	fi
	db=$OUT/import.db
	rm -f "$db" "$db-wal" "$db-shm"
	size=$(wc -c <"$CORPUS")
	progress "cix import of $(mb "$size") MB"
	measure - "$CIX" --db "$db" -q import --no-link "$CORPUS"
	if [ "$status" -ne 0 ]; then
		result import failed "$status" "exit status"
		return 0
	fi
	result import seconds "$elapsed" s
	result import records_per_s "$(rate "$N" "$elapsed")" records/s
	result import mb_per_s "$(rate "$(mb "$size")" "$elapsed")" MB/s
	result import peak_rss "$(rate "$rss_kb" 1024)" MB
	result import db_size "$(mb "$(wc -c <"$db")")" MB
}

# link: `cix link` of the whole corpus, on a copy of the import stage's
# index (or a new import --no-link, not timed); the linked index is kept
# for the queries stage.
stage_link()
{
	if [ ! -x "$CIX" ] || ! "$CIX" help link >/dev/null 2>&1; then
		result link skipped - "cix has no link command"
		return 0
	fi
	db=$OUT/link.db
	rm -f "$db" "$db-wal" "$db-shm"
	if [ -s "$OUT/import.db" ] && [ ! -s "$OUT/import.db-wal" ]; then
		cp "$OUT/import.db" "$db"
		# The copy's 1.2 GB is written back first: the kernel
		# flushing it while cix links made the timing vary by 30%.
		sync
	else
		progress "cix import --no-link (not timed)"
		measure - "$CIX" --db "$db" -q import --no-link "$CORPUS"
		if [ "$status" -ne 0 ]; then
			result link failed "$status" "cix import exit status"
			return 0
		fi
	fi
	refs=$(sqlite3 "$db" 'SELECT count(*) FROM refs' 2>/dev/null ||
	    "$PY" -c 'import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT count(*) FROM refs").fetchone()[0])' "$db")
	progress "cix link of $refs references"
	measure - "$CIX" --db "$db" -q link
	if [ "$status" -ne 0 ]; then
		result link failed "$status" "cix link exit status"
		return 0
	fi
	result link references "$refs" references
	result link seconds "$elapsed" s
	result link references_per_s "$(rate "$refs" "$elapsed")" references/s
	result link peak_rss "$(rate "$rss_kb" 1024)" MB
	progress "scoring the links against $TRUTH"
	if "$CIX" --db "$db" refs --all --format tsv >"$OUT/link-refs.tsv"; then
		"$PY" "$SRCDIR/bench/truth.py" "$TRUTH" "$OUT/link-refs.tsv" |
		    awk -F '\t' '{ printf "link\t%s\t%s\t-\n", $1, $2 }'
	fi
	rm -f "$OUT/link-refs.tsv"
}

# queries: bench/qbench on the index linked by the link stage
stage_queries()
{
	db=$OUT/link.db
	if [ ! -x "$QBENCH" ]; then
		result queries skipped - "no $QBENCH"
		return 0
	fi
	if [ ! -s "$db" ]; then
		result queries skipped - "no $db: run the link stage first"
		return 0
	fi
	progress "bench/qbench on $db"
	"$QBENCH" -n "${BENCH_QN:-2000}" "$db" ||
	    result queries failed "$?" "qbench exit status"
}

# export: WoS plain text to BibTeX, cix against bibutils (isi2xml | xml2bib)
# on the same corpus in the same run.  cix three ways: import then export
# (the index kept), export alone (from that index, citation keys given),
# and --from (straight from the file, no index, as bibutils does).  The
# ratios are bibutils' seconds over cix's.
stage_export()
{
	if [ ! -x "$CIX" ] || ! "$CIX" help export >/dev/null 2>&1; then
		result export skipped - "cix has no export command"
		return 0
	fi
	db=$OUT/export.db
	rm -f "$db" "$db-wal" "$db-shm" "$OUT"/export-*.bib
	progress "cix import + export bibtex of $N records"
	measure - "$CIX" --db "$db" -q import "$CORPUS"
	if [ "$status" -ne 0 ]; then
		result export failed "$status" "cix import exit status"
		return 0
	fi
	t_import=$elapsed
	measure - "$CIX" --db "$db" -q export bibtex -o "$OUT/export-cix.bib"
	if [ "$status" -ne 0 ]; then
		result export failed "$status" "cix export exit status"
		return 0
	fi
	t_export=$elapsed
	rss_export=$rss_kb
	t_both=$("$PY" -c 'import sys; print("%.3f" % (float(sys.argv[1]) + float(sys.argv[2])))' "$t_import" "$t_export")
	progress "cix export bibtex --from (no index)"
	measure - "$CIX" -q export bibtex --from "$CORPUS" -o "$OUT/export-from.bib"
	if [ "$status" -ne 0 ]; then
		result export failed "$status" "cix export --from exit status"
		return 0
	fi
	t_from=$elapsed
	rss_from=$rss_kb
	n_cix=$(grep -c '^@' "$OUT/export-cix.bib" || true)
	n_from=$(grep -c '^@' "$OUT/export-from.bib" || true)
	result export cix_import_export_seconds "$t_both" s
	result export cix_import_export_records_per_s "$(rate "$N" "$t_both")" records/s
	result export cix_export_seconds "$t_export" s
	result export cix_export_records_per_s "$(rate "$N" "$t_export")" records/s
	result export cix_export_peak_rss "$(rate "$rss_export" 1024)" MB
	result export cix_convert_seconds "$t_from" s
	result export cix_convert_records_per_s "$(rate "$N" "$t_from")" records/s
	result export cix_convert_peak_rss "$(rate "$rss_from" 1024)" MB
	result export cix_entries "$n_cix" entries
	result export cix_convert_entries "$n_from" entries
	if ! command -v isi2xml >/dev/null 2>&1 ||
	    ! command -v xml2bib >/dev/null 2>&1; then
		result export bibutils skipped "isi2xml/xml2bib not installed (Debian package bibutils)"
		return 0
	fi
	progress "bibutils isi2xml | xml2bib of $N records (slow)"
	measure "$OUT/export-bibutils.bib" sh -c 'isi2xml "$1" 2>/dev/null | xml2bib 2>/dev/null' sh "$CORPUS"
	if [ "$status" -ne 0 ]; then
		result export failed "$status" "bibutils exit status"
		return 0
	fi
	t_bu=$elapsed
	n_bu=$(grep -c '@' "$OUT/export-bibutils.bib" || true)
	result export bibutils_seconds "$t_bu" s
	result export bibutils_records_per_s "$(rate "$N" "$t_bu")" records/s
	result export bibutils_peak_rss "$(rate "$rss_kb" 1024)" MB
	result export bibutils_entries "$n_bu" entries
	result export ratio_convert "$(rate "$t_bu" "$t_from")" "x (bibutils s / cix --from s)"
	result export ratio_export "$(rate "$t_bu" "$t_export")" "x (bibutils s / cix export s)"
	result export ratio_import_export "$(rate "$t_bu" "$t_both")" "x (bibutils s / cix import+export s)"
}

# ---------------------------------------------------------------------------

if [ ! -x "$GEN" ]; then
	echo "bench: $GEN not built (make bench/gen)" >&2
	exit 1
fi
build_corpus
for s in $STAGES; do
	progress "stage $s"
	"stage_$s"
done
