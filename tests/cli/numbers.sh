#!/bin/sh
# numbers.sh: numbers that are never silently wrong (issue 13), end to end
# (TAP).  Each situation a clerk or a district officer meets with the files
# they really hold (tests/fixtures/make-register-fixtures.sh makes them) must
# give the right criteria 20-22, or say next to them what was not counted and
# why: NFD and case-changed names, district folders with communes that have
# only a workbook, only PDFs or nothing, backup copies, dates in every form,
# empty results, a misspelled column, --district naming nobody, another
# agency's signature, rows as Excel numbers them, registers without a file
# column, a report that contradicts itself and the register, times and
# numbers for people.  The rows live in tests/cli/numbers/, one file per concern.
set -u

build=${KC_BUILD_ROOT:?KC_BUILD_ROOT is not set}
src=${KC_SOURCE_ROOT:?KC_SOURCE_ROOT is not set}
kc=$build/src/cli/kiemchung
py=${PYTHON:-python3}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/kc-numbers-test.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
. "$src/tests/cli/wrap.sh" # KC_WRAPPER: run the binary under valgrind (tests/meson.build)
. "$src/tests/cli/tap.sh" # ok, notok, skip, finish
. "$src/tests/fixtures/pyserve.sh" # pyq: the suite's Python checks, one Python answers them
pyserve_start "$tmp" "$tmp/pyserve.log"
trust="--no-default-trust --trust $src/certs/test/trust"
fx=$tmp/fx
KC_TESTSIGN=$build/tests/kc-testsign sh "$src/tests/fixtures/make-register-fixtures.sh" "$fx" >"$tmp/why" 2>&1 ||
	{ notok "the fixtures are made"; finish; }
cd "$fx" || exit 1

# run WANT_RC CMD...: runs kiemchung with stdout in $tmp/out, stderr in $tmp/err;
# false (and why) when the exit status differs.
run() {
	want=$1
	shift
	"$kc" "$@" >"$tmp/out" 2>"$tmp/err" </dev/null
	rc=$?
	[ "$rc" = "$want" ] && return 0
	{ echo "exit $rc, want $want: $*"; cat "$tmp/out" "$tmp/err"; } >"$tmp/why"
	return 1
}

# in_file NAME FILE TEXT...: every fixed string is in FILE (tap.sh's has looks in $tmp/out only).
in_file() {
	name=$1 file=$2
	shift 2
	for want in "$@"; do
		if ! grep -qF -- "$want" "$file"; then
			{ echo "no '$want' in $file:"; cat "$file"; } >"$tmp/why"
			notok "$name"
			return
		fi
	done
	ok "$name"
}

# json NAME PYTHON: assertions over $tmp/out, parsed, bound to d.
json() {
	if pyq - "$tmp/out" "$2" >"$tmp/why" 2>&1 <<'PY'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
rows = d.get("rows", [])
def row(number):
    return next(r for r in rows if r["number"] == number)
def crit(k, obj=None):
    c = (obj or d)["criteria"][k]
    return (c["numerator"], c["denominator"])
exec(sys.argv[2])
PY
	then ok "$1"; else notok "$1"; fi
}

# The rows, one file per concern (tests/cli/numbers/), in this order; each adds to
# this suite's TAP.  A new row goes into the file of its concern.
. "$src/tests/cli/numbers/register.sh"
. "$src/tests/cli/numbers/lint.sh"
. "$src/tests/cli/numbers/same-document.sh"
. "$src/tests/cli/numbers/authority.sh"
. "$src/tests/cli/numbers/sheets.sh"
. "$src/tests/cli/numbers/doc-text.sh"
. "$src/tests/cli/numbers/doc-number.sh"

finish
