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

. "$src/tests/cli/rows.sh" # check.py, verify_check, render, check_rows

# --- 1. the fixtures ------------------------------------------------------------------
check_rows make-coverage-fixtures.sh

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
