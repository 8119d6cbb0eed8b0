#!/bin/sh
# make-test-ca.sh: (re)creates the test PKI in certs/test/ with the openssl CLI.
#
# Everything here is TEST material: unencrypted keys, a root no one trusts outside
# the test suite.  Nothing in certs/test/ may ever go into the default trust store.
# The outputs are committed, so tests and samples do not need to run this; run it
# again only to change the PKI (keys will differ, so re-make the samples too).
#
# `openssl ca` (not `openssl req -x509` / `x509 -req`) is used for every certificate
# because on OpenSSL 3.0 only `ca` takes -startdate/-enddate, and the tests need
# certificates valid from 2015, expired in 2019, and so on.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/kc-test-ca.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
# The config below reads $KC_DB; `openssl req` needs it set too, though it ignores it.
KC_DB=$tmp
export KC_DB

# Validity of the CAs and of the ordinary leaves (GeneralizedTime: past 2049).
START=20150101000000Z
END=20501231235959Z

# Subjects.  UTF-8 throughout: real Vietnamese certificates carry diacritics.
C_ST_O='/C=VN/ST=Thừa Thiên Huế/O=UBND xã Thủy An'
LEADER="$C_ST_O/title=Chủ tịch/CN=Nguyễn Văn An"
DEPUTY="$C_ST_O/title=Phó Chủ tịch/CN=Trần Thị Bình"
OFFICIAL="$C_ST_O/title=Chuyên viên/CN=Lê Văn Cường"
ORG="$C_ST_O/CN=UBND xã Thủy An"

cat >"$tmp/ca.cnf" <<'CNF'
# Minimal `openssl ca` configuration; the database directory comes from $KC_DB so
# each issuing CA (root, signing CA, the non-CA "issuer", self-signed) keeps its own.
[ ca ]
default_ca = kc_ca

[ kc_ca ]
dir             = $ENV::KC_DB
database        = $dir/index.txt
serial          = $dir/serial
crlnumber       = $dir/crlnumber
new_certs_dir   = $dir/new
default_md      = sha256
policy          = kc_policy
# leader, expired, revoked and selfmade deliberately share one subject.
unique_subject  = no
# Keep the DN exactly as requested (order and all), and print UTF-8.
preserve        = yes
email_in_dn     = no
name_opt        = utf8,sep_comma_plus
cert_opt        = ca_default
copy_extensions = none

[ kc_policy ]
countryName            = optional
stateOrProvinceName    = optional
organizationName       = optional
title                  = optional
commonName             = supplied

[ req ]
distinguished_name = req_dn
string_mask        = utf8only
utf8               = yes
prompt             = no
[ req_dn ]
CN = placeholder

[ ext_root ]
basicConstraints       = critical, CA:TRUE
keyUsage               = critical, keyCertSign, cRLSign
subjectKeyIdentifier   = hash

[ ext_ca ]
basicConstraints       = critical, CA:TRUE, pathlen:0
keyUsage               = critical, keyCertSign, cRLSign
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid:always

[ ext_leaf ]
basicConstraints       = critical, CA:FALSE
keyUsage               = critical, digitalSignature, nonRepudiation
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid:always

[ ext_nokeyusage ]
basicConstraints       = critical, CA:FALSE
keyUsage               = critical, keyEncipherment
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid:always

# The self-made certificate: self-signed, so no authorityKeyIdentifier to speak of.
[ ext_selfmade ]
basicConstraints       = critical, CA:FALSE
keyUsage               = critical, digitalSignature, nonRepudiation
subjectKeyIdentifier   = hash

[ crl_ext ]
authorityKeyIdentifier = keyid:always
CNF

# newdb NAME FIRST-SERIAL: an empty CA database.
newdb() {
	mkdir -p "$tmp/$1/new"
	: >"$tmp/$1/index.txt"
	echo "$2" >"$tmp/$1/serial"
	echo 01 >"$tmp/$1/crlnumber"
}

# key NAME [BITS]: an unencrypted RSA key (test keys: committed on purpose).
key() {
	openssl genpkey -quiet -algorithm RSA -pkeyopt "rsa_keygen_bits:${2:-2048}" \
		-out "$here/$1.key"
}

# issue NAME DB ISSUER SUBJECT EXT START END: a certificate for NAME.key signed by
# ISSUER.pem/ISSUER.key ("self" for self-signed), recorded in database DB.
issue() {
	openssl req -new -config "$tmp/ca.cnf" -utf8 -key "$here/$1.key" \
		-subj "$4" -out "$tmp/$1.csr"
	if [ "$3" = self ]; then
		set -- "$@" -selfsign -keyfile "$here/$1.key"
	else
		set -- "$@" -cert "$here/$3.pem" -keyfile "$here/$3.key"
	fi
	name=$1 db=$2 ext=$5 from=$6 to=$7
	shift 7
	KC_DB="$tmp/$db" openssl ca -config "$tmp/ca.cnf" -batch -notext -utf8 \
		-preserveDN -md sha256 -extensions "$ext" -startdate "$from" -enddate "$to" \
		-in "$tmp/$name.csr" -out "$here/$name.pem" "$@" 2>"$tmp/ca.log" ||
		{ cat "$tmp/ca.log" >&2; exit 1; }
}

newdb rootdb 1000
newdb cadb 2000
newdb notcadb 3000
newdb selfdb 4000

key root
issue root rootdb self '/C=VN/O=Kiemchung Test/CN=Kiemchung Test Root CA' ext_root "$START" "$END"
key ca
issue ca rootdb root '/C=VN/O=Kiemchung Test/CN=Kiemchung Test Signing CA' ext_ca "$START" "$END"

key leader;     issue leader cadb ca "$LEADER" ext_leaf "$START" "$END"
key deputy;     issue deputy cadb ca "$DEPUTY" ext_leaf "$START" "$END"
key official;   issue official cadb ca "$OFFICIAL" ext_leaf "$START" "$END"
key org;        issue org cadb ca "$ORG" ext_leaf "$START" "$END"
key expired;    issue expired cadb ca "$LEADER" ext_leaf 20180101000000Z 20190101000000Z
key expired-since
issue expired-since cadb ca "$LEADER" ext_leaf 20200101000000Z 20220101000000Z
key nokeyusage; issue nokeyusage cadb ca "$LEADER" ext_nokeyusage "$START" "$END"
key revoked;    issue revoked cadb ca "$LEADER" ext_leaf "$START" "$END"
key rsa1024 1024
issue rsa1024 cadb ca "$LEADER" ext_leaf "$START" "$END"

# A chain through an end-entity certificate: notca is CA:FALSE yet "issues" notca-leaf.
key notca
issue notca cadb ca '/C=VN/O=Kiemchung Test/CN=Kiemchung Test Not A CA' ext_leaf "$START" "$END"
key notca-leaf
issue notca-leaf notcadb notca "$LEADER" ext_leaf "$START" "$END"

# Anyone can make a certificate bearing the chairman's name; only the chain makes it his.
key selfmade
issue selfmade selfdb self "$LEADER" ext_selfmade "$START" "$END"

# Seals of a dossier (issue 17): the organisation certificate of another commune, and one
# of Thủy An's own that expired in 2019 (a seal back-dated into its validity).  Their own
# database, serials from 0x2100, so certificates added by other work keep their numbers.
newdb orgdb 2100
key org-other
issue org-other orgdb ca '/C=VN/ST=Thừa Thiên Huế/O=UBND xã Thủy Thanh/CN=UBND xã Thủy Thanh' ext_leaf "$START" "$END"
key org-expired
issue org-expired orgdb ca "$ORG" ext_leaf 20180101000000Z 20190101000000Z

# Revoke `revoked`.  `openssl ca -revoke` stamps the current time; the tests want a fixed,
# past revocation date, so rewrite the revocation field of its index.txt line.
KC_DB="$tmp/cadb" openssl ca -config "$tmp/ca.cnf" -batch -utf8 \
	-cert "$here/ca.pem" -keyfile "$here/ca.key" \
	-revoke "$here/revoked.pem" -crl_reason keyCompromise 2>"$tmp/ca.log" ||
	{ cat "$tmp/ca.log" >&2; exit 1; }
awk 'BEGIN { FS = OFS = "\t" }
     $1 == "R" { $3 = "240101000000Z,keyCompromise" } { print }' \
	"$tmp/cadb/index.txt" >"$tmp/index.new"
mv "$tmp/index.new" "$tmp/cadb/index.txt"

# thisUpdate 2015-01-01 (not today) so that the CRL is already in force at the 2021
# signing times the fixtures use: a verifier checking at the signing time would
# otherwise see "CRL not yet valid" for every certificate of this CA.
KC_DB="$tmp/cadb" openssl ca -config "$tmp/ca.cnf" -batch -utf8 -gencrl \
	-cert "$here/ca.pem" -keyfile "$here/ca.key" -md sha256 -crlexts crl_ext \
	-crl_lastupdate "$START" -crl_nextupdate 20501231000000Z \
	-out "$here/ca.crl.pem" 2>"$tmp/ca.log" || { cat "$tmp/ca.log" >&2; exit 1; }

# Ready-made --trust directories.
rm -rf "$here/trust" "$here/trust-root-only"
mkdir "$here/trust" "$here/trust-root-only"
cp "$here/root.pem" "$here/ca.pem" "$here/ca.crl.pem" "$here/trust/"
cp "$here/root.pem" "$here/trust-root-only/"
# The test root checks subjects as the state's CAs do (it issues the commune's people): a role
# read from a subject counts only under a root so declared (README "The trust directory", rtcert22).
for d in trust trust-root-only; do
	printf '# roots under which a role read from a certificate subject counts\nroot.pem\n' >"$here/$d/state-roots.txt"
done

# Check what was made; fail loudly rather than commit a broken PKI.
for leaf in leader deputy official org nokeyusage rsa1024; do
	openssl verify -CAfile "$here/root.pem" -untrusted "$here/ca.pem" \
		"$here/$leaf.pem" >/dev/null
done
openssl verify -crl_check -CRLfile "$here/ca.crl.pem" -CAfile "$here/root.pem" \
	-untrusted "$here/ca.pem" "$here/leader.pem" >/dev/null
if openssl verify -crl_check -CRLfile "$here/ca.crl.pem" -CAfile "$here/root.pem" \
	-untrusted "$here/ca.pem" "$here/revoked.pem" >/dev/null 2>&1; then
	echo "make-test-ca.sh: revoked.pem is not revoked" >&2
	exit 1
fi
echo "make-test-ca.sh: test PKI written to $here"

# ---- Proofs of time and roles (added later; nothing above changes) -----------------
# Timestamp authorities issued by the signing CA, signers revoked since the 2021
# fixtures for reasons that a proof of time can or cannot outweigh, and titles that
# look like a leader's.  Serials continue in ca's database: 0x200A on, in this order.
# Revocation dates are fixed by rewriting the index as above; ca.crl.pem is then made
# again from the whole database, so it keeps revoked.pem's entry.
cat >>"$tmp/ca.cnf" <<'CNF'

[ ext_tsa ]
basicConstraints       = critical, CA:FALSE
keyUsage               = critical, digitalSignature
extendedKeyUsage       = critical, timeStamping
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid:always
CNF

TSA_O='/C=VN/O=Kiemchung Test'
key tsa;            issue tsa cadb ca "$TSA_O/CN=Kiemchung Test TSA" ext_tsa "$START" "$END"
key tsa-revoked;    issue tsa-revoked cadb ca "$TSA_O/CN=Kiemchung Test TSA (revoked)" ext_tsa "$START" "$END"
key tsa-noeku;      issue tsa-noeku cadb ca "$TSA_O/CN=Kiemchung Test TSA (no EKU)" ext_leaf "$START" "$END"
key tsa-expired;    issue tsa-expired cadb ca "$TSA_O/CN=Kiemchung Test TSA (expired)" ext_tsa "$START" 20200101000000Z
key tsa-rsa1024 1024
issue tsa-rsa1024 cadb ca "$TSA_O/CN=Kiemchung Test TSA (RSA 1024)" ext_tsa "$START" "$END"
key tsa-superseded; issue tsa-superseded cadb ca "$TSA_O/CN=Kiemchung Test TSA (superseded)" ext_tsa "$START" "$END"
key revoked-affiliation
issue revoked-affiliation cadb ca "$LEADER" ext_leaf "$START" "$END"
key revoked-hold;   issue revoked-hold cadb ca "$LEADER" ext_leaf "$START" "$END"
key revoked-noreason
issue revoked-noreason cadb ca "$LEADER" ext_leaf "$START" "$END"
key union-chair
issue union-chair cadb ca "$C_ST_O/title=Chủ tịch Công đoàn xã/CN=Phạm Văn Dũng" ext_leaf "$START" "$END"
key farmers-deputy
issue farmers-deputy cadb ca "$C_ST_O/title=Phó Chủ tịch Hội Nông dân/CN=Hoàng Thị Em" ext_leaf "$START" "$END"
# "Chủ tịch" with a combining short solidus (U+0337) over the C: folding drops it.
key marks-title
issue marks-title cadb ca "$C_ST_O/title=C̷hủ tịch/CN=Võ Văn Giàu" ext_leaf "$START" "$END"

# revoke NAME DATE[,REASON[,HOLD]]: marks NAME revoked in ca's database at DATE.
revoke() {
	serial=$(openssl x509 -in "$here/$1.pem" -noout -serial | cut -d= -f2)
	KC_DB="$tmp/cadb" openssl ca -config "$tmp/ca.cnf" -batch -utf8 \
		-cert "$here/ca.pem" -keyfile "$here/ca.key" -revoke "$here/$1.pem" 2>"$tmp/ca.log" ||
		{ cat "$tmp/ca.log" >&2; exit 1; }
	awk -v s="$serial" -v r="$2" 'BEGIN { FS = OFS = "\t" } $1 == "R" && $4 == s { $3 = r } { print }' \
		"$tmp/cadb/index.txt" >"$tmp/index.new"
	mv "$tmp/index.new" "$tmp/cadb/index.txt"
}
revoke tsa-revoked 250101000000Z,keyCompromise
revoke tsa-superseded 240101000000Z,superseded
revoke revoked-affiliation 230101000000Z,affiliationChanged
revoke revoked-hold 230101000000Z,certificateHold,holdInstructionReject
revoke revoked-noreason 230101000000Z

KC_DB="$tmp/cadb" openssl ca -config "$tmp/ca.cnf" -batch -utf8 -gencrl \
	-cert "$here/ca.pem" -keyfile "$here/ca.key" -md sha256 -crlexts crl_ext \
	-crl_lastupdate "$START" -crl_nextupdate 20501231000000Z \
	-out "$here/ca.crl.pem" 2>"$tmp/ca.log" || { cat "$tmp/ca.log" >&2; exit 1; }
cp "$here/ca.crl.pem" "$here/trust/"

root_ca_file=$tmp/root-ca.pem
cat "$here/root.pem" "$here/ca.pem" >"$root_ca_file"
for leaf in tsa tsa-noeku tsa-rsa1024 union-chair farmers-deputy marks-title; do
	openssl verify -crl_check -CRLfile "$here/ca.crl.pem" -CAfile "$root_ca_file" \
		"$here/$leaf.pem" >/dev/null
done
for leaf in revoked tsa-revoked tsa-superseded revoked-affiliation revoked-hold revoked-noreason; do
	if openssl verify -crl_check -CRLfile "$here/ca.crl.pem" -CAfile "$root_ca_file" \
		"$here/$leaf.pem" >/dev/null 2>&1; then
		echo "make-test-ca.sh: $leaf.pem is not revoked" >&2
		exit 1
	fi
done
echo "make-test-ca.sh: timestamp authorities and revoked-since signers written to $here"
