#!/bin/sh
# attack.sh: attacks on what a signature covers (rule 4), end to end (TAP).
#
# 1. tests/fixtures/make-coverage-fixtures.sh builds one or more files per class
#    (visible overlays, bytes a viewer reads that the verifier does not, documents
#    prepared before signing, DocMDP, form appearances) and what real signers do;
#    each expected.tsv row is checked against `kiemchung verify --json` (status,
#    reason codes, leader, org) and the exit status, trusting certs/test/trust.
# 2. The attacks are real: where a row names a reference file and page, poppler
#    (pdftoppm) must draw that page differently from the reference ("=REF:PAGE": the
#    same, e.g. a prepared document that looks like the honest one when signed).
# 3. Adobe Reader's two-signature files of the pyHanko corpus: with the signer's own
#    certificate trusted, the later (visible) signature verifies and the first
#    signature still covers; without it, the later one is an overlay by an unknown
#    key and the first does not.
#
# Environment: KC_BUILD_ROOT, KC_SOURCE_ROOT, KC_CORPUS (set by meson), PYTHON.
set -u

build=${KC_BUILD_ROOT:?KC_BUILD_ROOT is not set}
src=${KC_SOURCE_ROOT:?KC_SOURCE_ROOT is not set}
corpus=${KC_CORPUS:-$src/tests/corpus}
kc=$build/src/cli/kiemchung
py=${PYTHON:-python3}
fx=$build/tests/coverage-fixtures
trust=$src/certs/test/trust

tmp=$(mktemp -d "${TMPDIR:-/tmp}/kc-attack-test.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
. "$src/tests/cli/wrap.sh" # KC_WRAPPER: run the binary under valgrind (tests/meson.build)
. "$src/tests/cli/tap.sh" # ok, notok, skip, check, t, status, finish
: >"$tmp/why"

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
elif mode in ("first-covers", "first-modified"):
    # Signatures in signing order: the one with the fewest signed bytes first.
    sigs.sort(key=lambda s: s.get("signed_bytes") or 0)
    if len(sigs) < 2 or not all(s.get("intact") is True for s in sigs):
        fail("want two intact signatures; %s" % brief)
    covers = mode == "first-covers"
    if sigs[0].get("covers_document") is not covers:
        fail("want the first signature %s; %s" % ("covering" if covers else "not covering", brief))
    if covers and d.get("status") != "valid":
        fail("want valid; %s" % brief)
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
	sh "$src/tests/fixtures/make-coverage-fixtures.sh" "$fx" >"$tmp/why" 2>&1; then
	fail "make-coverage-fixtures.sh builds the fixtures"
	finish
fi
pass "make-coverage-fixtures.sh builds the fixtures"

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

# --- 3. Adobe Reader's files: a later visible signature counts only if it verifies ---
ph=$corpus/pyhanko
if [ -d "$ph" ] && command -v openssl >/dev/null; then
	for b in minimal-two-fields-signed-twice minimal-signed-twice-second-created \
		minimal-signed-twice-both-created; do
		# The signer's self-made certificate, out of the later signature's CMS.
		"$py" - "$ph/$b.pdf" "$tmp/cms.der" <<'EOF'
import re, sys
d = open(sys.argv[1], "rb").read()
hexes = re.findall(rb"/Contents\s*<([0-9a-fA-F]+)>", d)
open(sys.argv[2], "wb").write(bytes.fromhex(hexes[-1].decode()).rstrip(b"\0"))
EOF
		openssl pkcs7 -inform DER -in "$tmp/cms.der" -print_certs -out "$tmp/signer.pem" 2>"$tmp/why"
		verify_check "pyhanko $b: the signer trusted, the first signature covers" 0 \
			first-covers "$ph/$b.pdf" -- --trust "$tmp/signer.pem"
		verify_check "pyhanko $b: the later visible signature untrusted, the first does not cover" 1 \
			first-modified "$ph/$b.pdf" -- --trust "$ph/ca-root.pem"
	done
else
	echo "pyHanko corpus or openssl missing: $ph" >"$tmp/why"
	fail "pyHanko corpus present"
fi

finish
