#!/bin/sh
# tests/run.sh: installs what is missing, builds, and runs every test suite
# (unit, cli, slow).  Ends with "N passed, N failed" from meson's results.
# KC_BUILDDIR chooses the build directory (default: build/ in the source tree).
# Two tests at a time (two cores), the CLI suites included (each keeps to its own
# folders and ports, tests/meson.build); the slow suite one at a time.
#
# Then the memory checks (issue 7), unless arguments select tests or
# KC_SANITIZE=0: the unit and cli suites again in a second build with
# AddressSanitizer + UndefinedBehaviorSanitizer (KC_ASAN_BUILDDIR, default
# build-asan/; the slow suite is left out there), and the verify, index and
# bad-input CLI tests with every kiemchung run under valgrind's memcheck (the
# "valgrind" test setup, tests/meson.build).  Their results count in the totals.
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

# Debian's python3 (tests/deps.sh installs it) ahead of a version manager's
# shim: pyenv's runs bash and pyenv on every call, a second each on a loaded
# machine, and the suites call python thousands of times (the run took over
# 20 minutes with it).  Only python3 is put first, nothing else of /usr/bin.
if [ -x /usr/bin/python3 ] && [ "$(command -v python3)" != /usr/bin/python3 ]; then
    mkdir -p "$build/debian-python"
    ln -sf /usr/bin/python3 "$build/debian-python/python3"
    PATH=$build/debian-python:$PATH
    export PATH
fi

sanitize=${KC_SANITIZE:-1}
[ $# -gt 0 ] && sanitize=${KC_SANITIZE:-0}

log="$build/meson-test-summary.txt"
all="$build/meson-test-all.txt"
status=0
# No pipefail in POSIX sh: keep meson's status by writing the log first.
meson test -C "$build" --print-errorlogs --num-processes 2 --timeout-multiplier 2 "$@" >"$log" 2>&1 || status=$?
cat "$log"

if [ "$sanitize" = 1 ]; then
    # The valgrind pass runs in the plain build (done: --no-rebuild) while the
    # sanitized build is made and tested: each is mostly one process at a
    # time, and two cores run both in the time of the longer (the whole run
    # must stay under 20 minutes).  Its own log base: the two do not share logs.
    vlog="$build/meson-test-valgrind.txt"
    # One at a time (the sanitized pass takes two): as many processes as cores.
    meson test -C "$build" --no-rebuild --setup valgrind --logbase testlog-valgrind --print-errorlogs \
        --num-processes 1 cli-verify cli-index cli-badinput >"$vlog" 2>&1 &
    vpid=$!
    asan=${KC_ASAN_BUILDDIR:-$top/build-asan}
    if [ ! -f "$asan/build.ninja" ]; then
        meson setup "$asan" "$top" -Db_sanitize=address,undefined -Db_lundef=false
    fi
    ninja -C "$asan" || { kill "$vpid" 2>/dev/null; exit 1; }
    alog="$asan/meson-test-summary.txt"
    echo "== AddressSanitizer + UndefinedBehaviorSanitizer: unit and cli suites ($asan)"
    meson test -C "$asan" --setup sanitize --print-errorlogs --num-processes 2 --timeout-multiplier 3 \
        --suite unit --suite cli >"$alog" 2>&1 || status=$?
    cat "$alog"
    vstatus=0
    wait "$vpid" || vstatus=$?
    [ "$vstatus" -eq 0 ] || status=$vstatus
    echo "== valgrind memcheck: the verify, index and bad-input CLI tests (beside the sanitized pass)"
    cat "$vlog"
    cat "$log" "$alog" "$vlog" >"$all"
else
    cat "$log" >"$all"
fi

# Sums one field of meson's summaries over every pass.
count() { awk -v k="$1" -F: '$1 == k { gsub(/ /, "", $2); n += $2 } END { print n + 0 }' "$all"; }
ok=$(count "Ok")
fail=$(count "Fail")
xpass=$(count "Unexpected Pass")
timeout=$(count "Timeout")
echo "$ok passed, $((fail + xpass + timeout)) failed"
exit "$status"
