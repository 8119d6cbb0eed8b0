#!/bin/sh
# tests/run.sh: installs what is missing, builds, and runs every test suite
# (unit, cli, slow).  Ends with "N passed, N failed" from meson's results.
# KC_BUILDDIR chooses the build directory (default: build/ in the source tree).
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
build=${KC_BUILDDIR:-$top/build}

sh "$top/tests/deps.sh" test
if [ ! -f "$build/build.ninja" ]; then
    meson setup "$build" "$top"
else
    # The demo may have configured this directory without the tests.
    meson configure "$build" -Dtests=true
fi
ninja -C "$build"

log="$build/meson-test-summary.txt"
status=0
# No pipefail in POSIX sh: keep meson's status by writing the log first.
meson test -C "$build" --print-errorlogs --num-processes 2 --timeout-multiplier 2 "$@" >"$log" 2>&1 || status=$?
cat "$log"

count() { awk -v k="$1" -F: '$1 == k { gsub(/ /, "", $2); print $2; found=1 } END { if (!found) print 0 }' "$log"; }
ok=$(count "Ok")
fail=$(count "Fail")
xpass=$(count "Unexpected Pass")
timeout=$(count "Timeout")
echo "$ok passed, $((fail + xpass + timeout)) failed"
exit "$status"
