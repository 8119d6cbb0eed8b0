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
#    same, e.g. a prepared document that looks like the honest one when signed).
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

# check.py MODE JSONFILE [ARGS]: exit 0 if the verdict matches, else 1 and why.
cat >"$tmp/check.py" <<'EOF'
import json, sys

def fail(msg):
    print(msg)
    sys.exit(1)

mode, path, args = sys.argv[1], sys.argv[2], sys.argv[3:]
try:
    d = json.loads(open(path, encoding="utf-8").read())
except ValueError as e:
    fail("output is not one JSON line: %s" % e)
sigs = d.get("signatures") or []
reasons = {r for s in sigs for r in (s.get("reasons") or [])}
brief = "status=%s leader=%s org=%s sigs=%s" % (d.get("status"), d.get("leader"), d.get("org"),
    [(s.get("field"), s.get("status"), s.get("covers_document"), s.get("reasons"), s.get("detail")) for s in sigs])
if mode == "row":
    status, want_reasons, leader, org = args
    if d.get("status") not in status.split("|"):
        fail("status: want %s; %s" % (status, brief))
    if want_reasons != "-":
        for alt in want_reasons.split(","):
            if not reasons & set(alt.split("|")):
                fail("reason %s missing; %s" % (alt, brief))
    if d.get("leader") is not (leader == "true") or d.get("org") is not (org == "true"):
        fail("leader/org: want %s/%s; %s" % (leader, org, brief))
else:
    fail("unknown check " + mode)
EOF

# verify_check NAME WANT_RC MODE FILE [check args] -- [kiemchung options]
verify_check() {
	vc_name=$1 vc_rc=$2 vc_mode=$3 vc_file=$4
	shift 4
	cargs=
	while [ $# -gt 0 ] && [ "$1" != -- ]; do
		cargs="$cargs $1"
		shift
	done
	[ $# -gt 0 ] && shift
	"$kc" verify --no-default-trust "$@" --json "$vc_file" </dev/null >"$tmp/out" 2>"$tmp/err"
	rc=$?
	# shellcheck disable=SC2086 # single words by construction
	if ! "$py" "$tmp/check.py" "$vc_mode" "$tmp/out" $cargs >"$tmp/why" 2>&1; then
		sed 's/^/stderr: /' "$tmp/err" | head -n 5 >>"$tmp/why"
		fail "$vc_name"
	elif [ "$rc" != "$vc_rc" ]; then
		echo "exit status $rc, want $vc_rc" >"$tmp/why"
		fail "$vc_name"
	else
		pass "$vc_name"
	fi
}

# render FILE PAGE OUT: the page in grey at 36 dpi (poppler), or nothing.
render() { pdftoppm -q -r 36 -gray -f "$2" -l "$2" "$1" >"$3" 2>/dev/null; }

if [ ! -x "$kc" ]; then
	echo "1..0 # SKIP kiemchung not built at $kc"
	exit 0
fi

# --- 1. the fixtures ------------------------------------------------------------------
if ! KC_TESTSIGN=$build/tests/kc-testsign KC_SOURCE_ROOT=$src \
	sh "$src/tests/fixtures/make-redteam-fixtures.sh" "$fx" >"$tmp/why" 2>&1; then
	fail "make-redteam-fixtures.sh builds the fixtures"
	finish
fi
pass "make-redteam-fixtures.sh builds the fixtures"

have_pdftoppm=false
command -v pdftoppm >/dev/null && have_pdftoppm=true
tab=$(printf '\t')
while IFS=$tab read -r file status reasons leader org shown; do
	case $file in '#'* | '') continue ;; esac
	want_rc=1
	[ "$status" = valid ] && want_rc=0
	verify_check "$file: $status, reasons $reasons, leader $leader, org $org" "$want_rc" \
		row "$fx/$file" "$status" "$reasons" "$leader" "$org" -- --trust "$trust"
	[ "$shown" = - ] && continue
	same=false
	case $shown in =*) same=true shown=${shown#=} ;; esac
	ref=${shown%:*} page=${shown##*:}
	what="$file: page $page drawn $([ $same = true ] && echo 'as' || echo 'unlike') $ref (pdftoppm)"
	if [ $have_pdftoppm = false ]; then
		skip "$what (pdftoppm missing)"
		continue
	fi
	render "$fx/$ref" "$page" "$tmp/a.pgm"
	render "$fx/$file" "$page" "$tmp/b.pgm"
	if [ ! -s "$tmp/a.pgm" ] || [ ! -s "$tmp/b.pgm" ]; then
		echo "pdftoppm drew nothing" >"$tmp/why"
		fail "$what"
	elif cmp -s "$tmp/a.pgm" "$tmp/b.pgm"; then
		if [ $same = true ]; then pass "$what"; else
			echo "the attack draws nothing new: not a real attack" >"$tmp/why"
			fail "$what"
		fi
	elif [ $same = true ]; then
		echo "the prepared document already looks different when signed" >"$tmp/why"
		fail "$what"
	else
		pass "$what"
	fi
done <"$fx/expected.tsv"

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
