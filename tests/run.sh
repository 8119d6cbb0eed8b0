#!/bin/sh
# tests/run.sh: installs what is missing, builds, and runs every test suite
# (unit, cli, slow).  Ends with "N passed, N failed" from meson's results.
# KC_BUILDDIR chooses the build directory (default: build/ in the source tree).
#
# Every suite runs once, the memory checks (issue 7) included:
# - the plain build: the unit and slow suites, and the CLI suites of suite
#   'plain' (what verdicts and figures mean, tests/meson.build); and, with
#   valgrind's memcheck (what AddressSanitizer does not see, a read of memory
#   never written), cli-badinput with every kiemchung run under it and the
#   fuzz targets' replays of their corpora (the "valgrind" and "memcheck" test
#   setups);
# - a second build with AddressSanitizer + UndefinedBehaviorSanitizer
#   (KC_ASAN_BUILDDIR, default build-asan/), made while the plain build's
#   tests run: the unit suite again and the CLI suites that feed kiemchung the
#   attack files, where a memory error or undefined behaviour fails the test,
#   and a leak in the unit suite or the desk (cli-serve).
# Two tests at a time (two cores); two CLI suites (cli-textcmp, cli-serve)
# one at a time.  The whole run must stay under 20 minutes on a two-core machine: with
# every CLI suite in both builds and three of them under valgrind it took 28.
# KC_SANITIZE=0, or naming tests, runs the plain build only, every suite of it.
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

# Python's bytecode cache, in the build directory: a machine that sets
# PYTHONDONTWRITEBYTECODE (CI's does) compiled the fixture helpers' modules,
# some 4,000 lines, again on each of their hundreds of calls.
unset PYTHONDONTWRITEBYTECODE
PYTHONPYCACHEPREFIX=$build/pycache
export PYTHONPYCACHEPREFIX

sanitize=${KC_SANITIZE:-1}
[ $# -gt 0 ] && sanitize=${KC_SANITIZE:-0}

log="$build/meson-test-summary.txt"
all="$build/meson-test-all.txt"
status=0
if [ "$sanitize" != 1 ]; then
    # No pipefail in POSIX sh: keep meson's status by writing the log first.
    meson test -C "$build" --print-errorlogs --num-processes 2 --timeout-multiplier 2 "$@" >"$log" 2>&1 || status=$?
    cat "$log"
    cat "$log" >"$all"
else
    # The sanitized build is made in the background, niced, while the plain
    # build's tests run; those go on in the background while the sanitized
    # passes and valgrind start as soon as that build is made (the run is
    # bound by its two cores: what starts late ends the run alone).  Each pass
    # its own log.
    asan=${KC_ASAN_BUILDDIR:-$top/build-asan}
    # Optimized at -O1 with line tables only (-g1, what a sanitizer's report
    # needs): the build costs 40% less processor time than at -O2 -g, which is
    # what the sanitizers' own documentation advises, and the run is bound by
    # its two cores.
    if [ ! -f "$asan/build.ninja" ]; then
        meson setup "$asan" "$top" -Db_sanitize=address,undefined -Db_lundef=false -Doptimization=1 -Dc_args=-g1
    fi
    alog="$asan/meson-test-summary.txt"
    abuild="$asan/ninja.log.txt"
    vlog="$build/meson-test-valgrind.txt"
    nice -n 10 ninja -C "$asan" >"$abuild" 2>&1 &
    bpid=$!
    meson test -C "$build" --no-rebuild --print-errorlogs --num-processes 2 --timeout-multiplier 2 \
        --suite unit --suite slow --suite plain >"$log" 2>&1 &
    ppid=$!
    bstatus=0
    wait "$bpid" || bstatus=$?
    if [ "$bstatus" -ne 0 ]; then
        cat "$abuild"
        echo "tests/run.sh: the sanitized build failed; waiting for the plain build's tests" >&2
        wait "$ppid" || true
        cat "$log"
        exit 1
    fi
    # valgrind's memcheck, one test at a time, niced, from here on beside the
    # other passes: after the plain pass it ran alone at the end, a core idle
    # for its two minutes and more.
    {
        vs=0
        nice -n 5 meson test -C "$build" --no-rebuild --setup valgrind --logbase testlog-valgrind --print-errorlogs \
            --num-processes 1 cli-badinput || vs=$?
        nice -n 5 meson test -C "$build" --no-rebuild --setup memcheck --logbase testlog-memcheck --print-errorlogs \
            --num-processes 1 --suite fuzz || vs=$?
        exit "$vs"
    } >"$vlog" 2>&1 &
    vpid=$!
    # LeakSanitizer too for the unit suite (the fuzz corpora replayed among
    # them) and the desk; the other CLI suites without it (tests/meson.build).
    # The desk's suite (cli-serve) is the longest of the run, some four
    # minutes even alone, and waits on the desk's own deadlines for a third of
    # it: started as soon as the build is made, beside the other sanitized
    # suites (its priority puts it before the unit suite), not after them,
    # where it ended the run alone on one core.
    llog="$asan/meson-test-leaks.txt"
    meson test -C "$asan" --no-rebuild --setup sanitize --logbase testlog-leaks --print-errorlogs --num-processes 2 \
        --timeout-multiplier 3 --suite unit --suite leaks >"$llog" 2>&1 &
    lpid=$!
    meson test -C "$asan" --no-rebuild --setup sanitizenoleaks --print-errorlogs --num-processes 2 \
        --timeout-multiplier 3 --suite cli --no-suite leaks --no-suite unsanitized >"$alog" 2>&1 || status=$?
    lstatus=0
    wait "$lpid" || lstatus=$?
    [ "$lstatus" -eq 0 ] || status=$lstatus
    cat "$llog" >>"$alog"
    pstatus=0
    wait "$ppid" || pstatus=$?
    [ "$pstatus" -eq 0 ] || status=$pstatus
    vstatus=0
    wait "$vpid" || vstatus=$?
    [ "$vstatus" -eq 0 ] || status=$vstatus
    cat "$log"
    echo "== AddressSanitizer + UndefinedBehaviorSanitizer: the unit and CLI suites ($asan)"
    cat "$alog"
    echo "== valgrind memcheck: the bad-input CLI tests and the fuzz corpora (beside the sanitized pass)"
    cat "$vlog"
    cat "$log" "$alog" "$vlog" >"$all"
fi

# Sums one field of meson's summaries over every pass.
count() { awk -v k="$1" -F: '$1 == k { gsub(/ /, "", $2); n += $2 } END { print n + 0 }' "$all"; }
ok=$(count "Ok")
fail=$(count "Fail")
xpass=$(count "Unexpected Pass")
timeout=$(count "Timeout")
echo "$ok passed, $((fail + xpass + timeout)) failed"
exit "$status"
