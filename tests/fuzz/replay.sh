#!/bin/sh
# Replay every fuzz harness over its corpus (tests/fuzz/corpus/<name>/).
# A harness that crashes, or trips ASan/UBSan in the sanitizer build, fails
# the test.  Harnesses are named fuzz_<name>.
set -eu
status=0
ran=0
for h in "$CIX_BUILDDIR"/tests/fuzz/fuzz_*; do
	[ -x "$h" ] || continue
	case "$h" in *.o|*.c) continue ;; esac
	name=${h##*/fuzz_}
	corpus="$CIX_SRCDIR/tests/fuzz/corpus/$name"
	if [ ! -d "$corpus" ]; then
		echo "replay: no corpus for fuzz_$name" >&2
		status=1
		continue
	fi
	# Pass files, not the directory: libFuzzer fuzzes a directory but
	# runs files once.
	if ! find "$corpus" -type f -print0 | xargs -0 "$h" >"fuzz_$name.out" 2>&1; then
		echo "replay: fuzz_$name failed:" >&2
		tail -n 30 "fuzz_$name.out" >&2
		status=1
	fi
	rm -f "fuzz_$name.out"
	ran=$((ran + 1))
done
echo "replayed $ran harnesses"
[ "$ran" -gt 0 ] || exit 77
exit $status
