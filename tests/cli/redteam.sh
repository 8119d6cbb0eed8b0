#!/bin/sh
# redteam.sh: the holes found by red-teaming main after the coverage, time and
# dossier hardening, end to end (TAP).
#
# 1. tests/fixtures/make-redteam-fixtures.sh builds one or more PDFs per hole (a
#    viewer rebuilding the cross-reference table, generations, integers saved as
#    reals, arrays that are not /Annots or /Fields, content dressed as XMP, a file
#    read as linearized) and what
#    must stay valid; each expected.tsv row is checked against `kiemchung verify
#    --json` (status, reason codes, leader, org) and the exit status, trusting
#    certs/test/trust.
# 2. The attacks are real: where a row names a reference file and page, poppler
#    (pdftoppm) must draw that page differently from the reference ("=REF:PAGE": the
#    same, e.g. a prepared document that looks like the honest one when signed);
#    "mupdf:REF:PAGE": MuPDF (mutool draw), for what only MuPDF reads.
# 3. Dossiers (tests/fixtures/make-redteam-dossiers.sh): names that one file system
#    takes for the same file, and what `check` must say of each.
#
# Environment: KC_BUILD_ROOT, KC_SOURCE_ROOT (set by meson), PYTHON.
set -u

build=${KC_BUILD_ROOT:?KC_BUILD_ROOT is not set}
src=${KC_SOURCE_ROOT:?KC_SOURCE_ROOT is not set}
kc=$build/src/cli/kiemchung
py=${PYTHON:-python3}
fx=$build/tests/redteam-fixtures
trust=$src/certs/test/trust

tmp=$(mktemp -d "${TMPDIR:-/tmp}/kc-redteam-test.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
. "$src/tests/cli/wrap.sh" # KC_WRAPPER: run the binary under valgrind (tests/meson.build)
: >"$tmp/why"
. "$src/tests/cli/tap.sh" # pass, fail, skip, finish

. "$src/tests/cli/rows.sh" # check.py, verify_check, render, check_rows

# --- 1. the fixtures ------------------------------------------------------------------
check_rows make-redteam-fixtures.sh

# --- 3. dossiers -----------------------------------------------------------------------
dx=$build/tests/redteam-dossiers
if ! KC_BIN=$kc KC_SOURCE_ROOT=$src sh "$src/tests/fixtures/make-redteam-dossiers.sh" "$dx" >"$tmp/why" 2>&1; then
	fail "make-redteam-dossiers.sh builds the dossiers"
	finish
fi
pass "make-redteam-dossiers.sh builds the dossiers"
while IFS=$tab read -r file code; do
	case $file in '#'* | '') continue ;; esac
	"$kc" check --json "$dx/$file" </dev/null >"$tmp/out" 2>"$tmp/err"
	rc=$?
	if [ "$code" = - ]; then
		if [ $rc = 0 ]; then pass "$file: check finds nothing"; else
			head -n 5 "$tmp/out" >"$tmp/why"
			fail "$file: check finds nothing"
		fi
		continue
	fi
	if [ $rc = 1 ] && grep -q "\"code\": *\"$code\"" "$tmp/out"; then
		pass "$file: check fails it, [$code]"
	else
		{ echo "exit status $rc"; head -n 5 "$tmp/out"; } >"$tmp/why"
		fail "$file: check fails it, [$code]"
	fi
	rm -rf "$tmp/x"
	"$kc" extract "$dx/$file" -C "$tmp/x" </dev/null >/dev/null 2>&1
	rc=$?
	if [ $rc = 1 ] && [ ! -e "$tmp/x" ]; then pass "$file: extract refuses it, writing nothing"; else
		echo "exit status $rc; $(ls "$tmp/x" 2>/dev/null | head -3)" >"$tmp/why"
		fail "$file: extract refuses it, writing nothing"
	fi
done <"$dx/expected.tsv"

finish
