#!/bin/sh
# verify.sh: end-to-end tests of `kiemchung verify` (TAP).
#
# 1. The fixture matrix built by tests/fixtures/make-verify-fixtures.sh (signed by
#    kc-testsign and by poppler's pdfsig): each expected.tsv row is checked against the
#    --json line (status, reason codes, leader, org) and the exit status (0 valid,
#    1 otherwise), trusting only certs/test/trust.
# 2. The external corpora copied into tests/corpus/ (KC_CORPUS): shadow attacks and
#    pyHanko's files, with the verdicts their READMEs state.
# 3. The command line itself: trust from the trust directory vs the CMS, usage errors,
#    a directory argument.
#
# Environment: KC_BUILD_ROOT, KC_SOURCE_ROOT, KC_CORPUS (set by meson),
# PYTHON (default python3: the JSON is checked with its json module).
set -u

build=${KC_BUILD_ROOT:?KC_BUILD_ROOT is not set}
src=${KC_SOURCE_ROOT:?KC_SOURCE_ROOT is not set}
corpus=${KC_CORPUS:-$src/tests/corpus}
kc=$build/src/cli/kiemchung
py=${PYTHON:-python3}
fx=$build/tests/verify-fixtures
trust=$src/certs/test/trust

tmp=$(mktemp -d "${TMPDIR:-/tmp}/kc-verify-test.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
. "$src/tests/cli/wrap.sh" # KC_WRAPPER: run the binary under valgrind (tests/meson.build)
. "$src/tests/cli/tap.sh" # ok, notok, skip, check, t, status, finish

# The JSON checks.  check.py MODE JSONFILE [ARGS]: exit 0 if the verdict matches,
# else 1 with the reason on stdout.
cat >"$tmp/check.py" <<'EOF'
import json, sys

def fail(msg):
    print(msg)
    sys.exit(1)

mode, path, args = sys.argv[1], sys.argv[2], sys.argv[3:]
lines = [l for l in open(path, encoding="utf-8").read().splitlines() if l.strip()]
try:
    docs = [json.loads(l) for l in lines]
except ValueError as e:
    fail("output is not JSON lines: %s: %r" % (e, lines[:3]))

if mode == "lines":
    want = int(args[0])
    if len(docs) != want or not all("file" in d and "status" in d for d in docs):
        fail("want %d documents, got %d: %r" % (want, len(docs), [d.get("file") for d in docs]))
    sys.exit(0)

if len(docs) != 1:
    fail("want one JSON line, got %d" % len(docs))
d = docs[0]
sigs = d.get("signatures") or []
reasons = {r for s in sigs for r in (s.get("reasons") or [])}
brief = "status=%s leader=%s org=%s error=%s sigs=%s" % (
    d.get("status"), d.get("leader"), d.get("org"), d.get("error"),
    [(s.get("field"), s.get("status"), s.get("intact"), s.get("covers_document"),
      s.get("reasons")) for s in sigs])

if mode == "row":
    status, want_reasons, leader, org, kind = args
    if d.get("status") not in status.split("|"):
        fail("status: want %s; %s" % (status, brief))
    if want_reasons != "-":
        for alt in want_reasons.split(","):
            if not reasons & set(alt.split("|")):
                fail("reason %s missing; %s" % (alt, brief))
    if d.get("leader") is not (leader == "true") or d.get("org") is not (org == "true"):
        fail("leader/org: want %s/%s; %s" % (leader, org, brief))
    if kind == "detached" and d.get("status") != "error" and \
            not all(s.get("kind") == "detached" for s in sigs):
        fail("want detached signatures; %s" % brief)
elif mode == "intact-covering":   # shadow 3_*: signed once, nothing after
    if not sigs or not all(s.get("intact") is True and s.get("covers_document") is True
                           for s in sigs):
        fail("want every signature intact and covering; %s" % brief)
elif mode == "modified":          # shadow 4_*: intact bytes, but changed after signing
    if not sigs or not all(s.get("covers_document") is False and
                           "modified-after-signing" in (s.get("reasons") or [])
                           for s in sigs):
        fail("want covers_document=false and modified-after-signing; %s" % brief)
    if d.get("status") == "valid":
        fail("a manipulated document must not be valid; %s" % brief)
elif mode == "valid":
    if d.get("status") != "valid":
        fail("want valid; %s" % brief)
elif mode == "not-valid":
    if d.get("status") == "valid":
        fail("want not valid; %s" % brief)
elif mode == "first-covers":      # Adobe's two-signature files
    if len(sigs) < 2 or not all(s.get("intact") is True for s in sigs) \
            or sigs[0].get("covers_document") is not True \
            or any(s.get("trusted") is not False for s in sigs):
        fail("want >=2 intact signatures, the first covering, none trusted; %s" % brief)
else:
    fail("unknown check " + mode)
EOF

# verify_check NAME WANT_RC MODE FILE [check args] -- [kiemchung options]: runs
# `kiemchung verify --json` on FILE and applies the check.
verify_check() {
	name=$1 want_rc=$2 mode=$3 file=$4
	shift 4
	cargs=
	while [ $# -gt 0 ] && [ "$1" != -- ]; do
		cargs="$cargs $1"
		shift
	done
	[ $# -gt 0 ] && shift
	"$kc" verify --no-default-trust "$@" --json "$file" </dev/null >"$tmp/out" 2>"$tmp/err"
	rc=$?
	# shellcheck disable=SC2086 # cargs are single words by construction
	if ! "$py" "$tmp/check.py" "$mode" "$tmp/out" $cargs >"$tmp/why" 2>&1; then
		sed 's/^/stderr: /' "$tmp/err" | head -n 5 >>"$tmp/why"
		fail "$name"
	elif [ "$rc" != "$want_rc" ]; then
		echo "exit status $rc, want $want_rc" >"$tmp/why"
		fail "$name"
	else
		pass "$name"
	fi
}

if [ ! -x "$kc" ]; then
	echo "1..0 # SKIP kiemchung not built at $kc"
	exit 0
fi

# --- 1. the fixture matrix --------------------------------------------------------
if ! KC_TESTSIGN=$build/tests/kc-testsign KC_SOURCE_ROOT=$src \
	sh "$src/tests/fixtures/make-verify-fixtures.sh" "$fx" >"$tmp/why" 2>&1; then
	fail "make-verify-fixtures.sh builds the fixtures"
	finish
fi
pass "make-verify-fixtures.sh builds the fixtures"

tab=$(printf '\t')
while IFS=$tab read -r file status reasons leader org; do
	case $file in '#'* | '') continue ;; esac
	want_rc=1
	[ "$status" = valid ] && want_rc=0
	kind=pdf
	case $file in *.pdf) ;; *) kind=detached ;; esac
	verify_check "$file: $status, reasons $reasons, leader $leader, org $org" "$want_rc" \
		row "$fx/$file" "$status" "$reasons" "$leader" "$org" "$kind" -- --trust "$trust"
done <"$fx/expected.tsv"

# Intermediates: only in the trust directory, only in the CMS, or nowhere.
rootonly=$src/certs/test/trust-root-only
verify_check "trust root only: intermediate carried in the CMS is used" 0 \
	valid "$fx/with-intermediate.pdf" -- --trust "$rootonly"
verify_check "trust root only: missing intermediate means not valid" 1 \
	row "$fx/no-intermediate.pdf" invalid 'untrusted|chain' false false pdf -- --trust "$rootonly"
verify_check "no trust at all: a good signature is still not valid" 1 \
	row "$fx/leader-org.pdf" invalid untrusted false false pdf --

# --- 2. external corpora ----------------------------------------------------------
if [ -d "$corpus/shadow" ]; then
	for f in "$corpus"/shadow/*.pdf; do
		b=$(basename "$f")
		case $b in
		*__3_*) verify_check "shadow $b: intact and covering" 1 intact-covering "$f" -- ;;
		*__4_*) verify_check "shadow $b: modified after signing" 1 modified "$f" -- ;;
		esac
	done
else
	echo "shadow-attack corpus missing: $corpus/shadow" >"$tmp/why"
	fail "shadow-attack corpus present"
fi

ph=$corpus/pyhanko
if [ -d "$ph" ]; then
	set -- --trust "$ph/ca-root.pem" --trust "$ph/ca-interm.pem"
	# The signers' certificates have expired since the times they claim, and no
	# timestamp proves those times: indeterminate; valid at a time the user vouches for.
	for b in pades-with-old-style-signing-cert-attr:2021-08-18T12:00:00Z \
		certified-with-indirect-refs-in-dir:2020-11-01T12:00:00Z sig-with-ski-sid:2021-05-24T12:00:00Z; do
		at=${b#*:}
		b=${b%%:*}
		verify_check "pyhanko $b: expired since, no proof of time: indeterminate" 1 \
			row "$ph/$b.pdf" indeterminate no-proof-of-time false false pdf -- "$@"
		verify_check "pyhanko $b: valid --at $at" 0 valid "$ph/$b.pdf" -- "$@" --at "$at"
	done
	# Adobe's second signatures are visible and by a self-made certificate: the first
	# signature covers only when that certificate is trusted (tests/cli/attack.sh).
	for b in minimal-two-fields-signed-twice minimal-signed-twice-second-created \
		minimal-signed-twice-both-created; do
		verify_check "pyhanko $b: not trusted" 1 not-valid "$ph/$b.pdf" -- "$@"
	done
	for b in tail-uncovered signature-gap-too-big one-byterange weird-byterange; do
		verify_check "pyhanko $b: not valid" 1 not-valid "$ph/$b.pdf" -- "$@"
	done
else
	echo "pyHanko corpus missing: $ph" >"$tmp/why"
	fail "pyHanko corpus present"
fi

# --- 3. the command line ----------------------------------------------------------
"$kc" verify --no-such-option "$fx/leader-org.pdf" >/dev/null 2>&1
rc=$?
if [ "$rc" -eq 2 ]; then
	pass "unknown option: exit status 2"
else
	echo "exit status $rc" >"$tmp/why"
	fail "unknown option: exit status 2"
fi

# A directory: one JSON line per document; .p7s files are signatures, not documents.
dir=$fx/work/dir
rm -rf "$dir"
mkdir -p "$dir/sub"
cp "$fx/leader-org.pdf" "$fx/unsigned.pdf" "$dir/"
cp "$fx/modified-content.pdf" "$fx/detached-ok.docx" "$fx/detached-ok.docx.p7s" "$dir/sub/"
verify_check "verify DIR: one JSON line per document (4)" 1 lines "$dir" 4 -- --trust "$trust"

# The libraries only some commands need are loaded when first used (issue 16: each one
# linked costs every start-up): a verdict in words loads none of json-glib, GObject, GIO,
# poppler-glib, libxml2 or libsoup; the same verdict as JSON loads json-glib (which shows
# that the dynamic loader's list is read at all).
lazy='file=lib(json-glib|gobject|gio|poppler|xml2|soup)'
LD_DEBUG=files "$kc" verify --no-default-trust --trust "$trust" "$fx/leader-org.pdf" >/dev/null 2>"$tmp/ld"
if grep -Eq "$lazy" "$tmp/ld" || ! grep -q "file=libcrypto" "$tmp/ld"; then
	grep -E "$lazy|file=libcrypto" "$tmp/ld" | head -5 >"$tmp/why"
	fail "verify (words): none of json-glib, GObject, GIO, poppler, libxml2, libsoup loaded"
else
	pass "verify (words): none of json-glib, GObject, GIO, poppler, libxml2, libsoup loaded"
fi
LD_DEBUG=files "$kc" verify --json --no-default-trust --trust "$trust" "$fx/leader-org.pdf" >/dev/null 2>"$tmp/ld"
if grep -q "file=libjson-glib" "$tmp/ld"; then
	pass "verify --json: json-glib loaded when the first JSON is written"
else
	echo "no libjson-glib in LD_DEBUG=files" >"$tmp/why"
	fail "verify --json: json-glib loaded when the first JSON is written"
fi

finish
