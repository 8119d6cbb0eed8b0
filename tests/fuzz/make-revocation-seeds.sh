#!/bin/sh
# make-revocation-seeds.sh [OUTDIR]: the seeds of fuzz_revocation (default
# tests/fuzz/corpus/revocation), from the committed test PKI (certs/test) and
# the openssl CLI.  Each seed is its parser's selector byte (0 OCSP response,
# 1 CRL, 2 validation/index.json) followed by the input.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
certs=$here/../../certs/test
out=${1:-$here/corpus/revocation}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/kc-seeds.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
mkdir -p "$out"

# seed NAME SELECTOR FILE
seed() { { printf "\\$(printf '%03o' "$2")"; cat "$3"; } >"$out/$1"; }

# An `openssl ocsp -index` database: leader valid, revoked revoked (keyCompromise).
line() {
	serial=$(openssl x509 -in "$certs/$1.pem" -noout -serial | cut -d= -f2)
	printf '%s\t501231235959Z\t%s\t%s\tunknown\t/CN=%s\n' "$2" "$3" "$serial" "$1"
}
{ line leader V ""; line revoked R "240101000000Z,keyCompromise"; } >"$tmp/index.txt"
# respond NAME CERT SIGNER: the answer about CERT, signed by SIGNER.
respond() {
	openssl ocsp -issuer "$certs/ca.pem" -cert "$certs/$2.pem" -no_nonce -reqout "$tmp/req.der" 2>/dev/null
	openssl ocsp -index "$tmp/index.txt" -rsigner "$certs/$3.pem" -rkey "$certs/$3.key" -CA "$certs/ca.pem" \
		-reqin "$tmp/req.der" -respout "$tmp/$1.der" -ndays 1 2>/dev/null
	seed "ocsp-$1.der" 0 "$tmp/$1.der"
}
respond good leader ca
respond revoked revoked ca
respond not-authorized revoked tsa

openssl crl -in "$certs/ca.crl.pem" -outform DER -out "$tmp/ca.crl"
seed crl.der 1 "$tmp/ca.crl"
seed crl.pem 1 "$certs/ca.crl.pem"

h=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
cat >"$tmp/index.json" <<EOF
{
  "format" : "kiemchung-validation",
  "version" : 1,
  "documents" : [
    {
      "path" : "data/QĐ 15.pdf",
      "sha256" : "$h",
      "validated_at" : "2021-06-01T08:00:00Z",
      "status" : "valid",
      "signatures" : [
        {
          "field" : "Signature1",
          "status" : "valid",
          "reasons" : [],
          "certificates" : ["validation/certs/$h.cer"],
          "crls" : ["validation/crls/$h.crl"],
          "ocsp" : ["validation/ocsp/$h.ors"]
        }
      ],
      "timestamps" : [
        {"of" : "signature", "field" : "Signature1", "tsa" : "TSA", "certificates" : [], "crls" : [], "ocsp" : []}
      ]
    },
    {"path" : "data/báo cáo.txt", "sha256" : "$h", "detached" : "data/báo cáo.txt.p7s", "signatures" : []}
  ]
}
EOF
seed index.json 2 "$tmp/index.json"
echo "make-revocation-seeds.sh: seeds written to $out"
