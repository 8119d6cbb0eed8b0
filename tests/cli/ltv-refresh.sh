# ltv-refresh.sh: sourced by ltv.sh after ltv-renewal.sh, with its helpers (t, status,
# has, lacks, py_json, seal, renew, fake, y2021, y2040) and dossiers (a-unsealed.zip,
# a-ts-2021.zip): seal brings the documents' revocation data up to the sealing time (seal3).
#
# An offline ingest in June 2021 whose trust directory held the CA's CRL of January
# (next update 2021-03-31) keeps that stale CRL in validation/.  The documents carry no
# timestamp of their own: in 2040 the seal's proven time (2021-06-01) is the time every
# chain is checked at, the signers' certificates (ended 2023) and the CA (ended 2029) have
# expired, and a CRL past its next update at that time no longer speaks of them (rttime10):
# indeterminate, although the commune held the CA's current CRL when it sealed.  seal now
# adds the CRLs at hand current at the sealing time to the records of validation/ before
# its manifest covers them (EU DSS: an archive timestamp covers the validation data present
# at its time); one sealed with nothing newer at hand says what is missing.
# sealwith DOSSIER TRUST-DIR [TOKEN-TIME]: seal() with another trust directory than 2021's.
sealwith() {
	keep=$t2021
	t2021="--no-default-trust --trust $2"
	seal "$1" '2021-06-01 09:00:00' ${3:-2021-06-01T09:05:00Z}
	r=$?
	t2021=$keep
	return $r
}
y2021 '2021-06-01 08:00:00' $ingest --no-default-trust --trust "$pki/trust-2021-stale" -o st.zip "$ev" >st.log 2>&1
t "seal3: ingested offline in 2021-06 with the CA's CRL of January (stale since 2021-03-31)" test -s st.zip
t "... which validation/ keeps" sh -c "$tool get st.zip validation/crls/\$(sha256sum '$pki/ca-2021-jan.crl' | cut -c1-64).crl got.crl && cmp -s got.crl '$pki/ca-2021-jan.crl'"
cp st.zip st-stale.zip
cp st.zip st-print.zip
cp st.zip st-unsealed.zip
status 0 "seal3: sealed in 2021-06 with the commune's store holding the CA's current CRL" \
	y2021 '2021-06-01 09:00:00' $kc seal st-print.zip $t2021 --cert "$pki/org.pem" --key "$pki/org.key" --chain "$pki/ca.pem"
has "... says it brought the validation data up to the sealing time" \
	"validation data brought up to the sealing time: CRLs current now added to the records of validation/index.json: 4 (new files under validation/crls/: 1)"
lacks "... and, the CA's own CRL current, warns of nothing missing" "warning: no CRL of"
t "... the CA's CRL of 2021-05 is stored under validation/crls/, named by its SHA-256" sh -c \
	"$tool get st-print.zip validation/crls/\$(sha256sum '$pki/ca-2021.crl' | cut -c1-64).crl got.crl && cmp -s got.crl '$pki/ca-2021.crl'"
$tool get st-print.zip validation/index.json st-index.json
py_json "... and every signature's record names it beside the stale one" st-index.json '
import hashlib
new = "validation/crls/%s.crl" % hashlib.sha256(open("'"$pki"'/ca-2021.crl", "rb").read()).hexdigest()
old = "validation/crls/%s.crl" % hashlib.sha256(open("'"$pki"'/ca-2021-jan.crl", "rb").read()).hexdigest()
sigs = [s for d in j["documents"] for s in d["signatures"]]
assert sigs and all(new in s["crls"] and old in s["crls"] for s in sigs), sigs'
status 0 "... the dossier so sealed checks clean in 2021" y2021 '2021-06-02 00:00:00' $kc check --require-seal $t2021 st-print.zip
t "seal3: the same, timestamped by the 2021 TSA" sealwith st.zip "$pki/trust-2021"
t "... renewed in 2026-06 by the TSA valid until 2045" renew st.zip 2026-06-01 tsa2
status 0 "seal3: 2040, the root alone, every certificate but the 2045 TSA's expired: the refreshed dossier holds" \
	y2040 $kc check --signatures $t2040 st.zip
has "... at the seal's time, every document valid" "signatures checked at 2021-06-01 09:05:00 (UTC)" \
	"3 signed documents: 3 valid"
cp st-stale.zip st-stale-print.zip
status 0 "seal3: sealed with only the stale CRL at hand: nothing to bring up to date" \
	y2021 '2021-06-01 09:00:00' $kc seal st-stale-print.zip --no-default-trust --trust "$pki/trust-2021-stale" \
	--cert "$pki/org.pem" --key "$pki/org.key" --chain "$pki/ca.pem"
has "... and seal says what is missing, while it can still be brought" \
	"warning: no CRL of LTV Test CA current now is at hand (--trust, --online) for data/QĐ 15 hai chữ ký.pdf (3 signed documents in all)"
lacks "... no refresh claimed" "validation data brought up"
# Another root's CA of the CA's name, its CRL current when sealed (atktime): no checker lets
# it speak for LTV Test CA's signers, so the documents still lack the CA's current CRL.  It
# was counted as the CA's: seal said nothing was missing, and in 2025 they were indeterminate.
cp st-stale.zip st-namesake.zip
status 0 "atktime: sealed with the CA's CRL stale and another root's 'LTV Test CA' CRL current" \
	y2021 '2021-06-01 09:00:00' $kc seal st-namesake.zip --no-default-trust --trust "$pki/trust-2021-namesake" \
	--cert "$pki/org.pem" --key "$pki/org.key" --chain "$pki/ca.pem"
has "... seal says the CA's current CRL is missing: the namesake's speaks for none of its signers" \
	"warning: no CRL of LTV Test CA current now is at hand (--trust, --online) for data/QĐ 15 hai chữ ký.pdf (3 signed documents in all)"
# rttime21: the CA's CRL current when sealed, but signed with SHA-1: no checker lets it speak
# for the signers by its silence, so the CA's current CRL is still missing (no warning before).
cp st-stale.zip st-sha1.zip
status 0 "rttime21: sealed with the CA's CRL stale and its current CRL signed with SHA-1" \
	y2021 '2021-06-01 09:00:00' $kc seal st-sha1.zip --no-default-trust --trust "$pki/trust-2021-sha1" \
	--cert "$pki/org.pem" --key "$pki/org.key" --chain "$pki/ca.pem"
has "... seal says the CA's current CRL is missing" \
	"warning: no CRL of LTV Test CA current now is at hand (--trust, --online) for data/QĐ 15 hai chữ ký.pdf (3 signed documents in all)"
# atktime3: the CA's CRL of January stale and its delta CRL of May current, over a base not at
# hand: no checker lets a delta speak without its base, so the CA's current CRL is still
# missing (no warning before: the delta was counted as the CA's current CRL).
cp st-stale.zip st-delta.zip
status 0 "atktime3: sealed with the CA's CRL stale and a current delta CRL without its base" \
	y2021 '2021-06-01 09:00:00' $kc seal st-delta.zip --no-default-trust --trust "$pki/trust-2021-delta" \
	--cert "$pki/org.pem" --key "$pki/org.key" --chain "$pki/ca.pem"
has "... seal says the CA's current CRL is missing" \
	"warning: no CRL of LTV Test CA current now is at hand (--trust, --online) for data/QĐ 15 hai chữ ký.pdf (3 signed documents in all)"
cp st-stale.zip st-delta-base.zip
status 0 "atktime3: honest, the CA's current complete CRL beside that delta" \
	y2021 '2021-06-01 09:00:00' $kc seal st-delta-base.zip --no-default-trust --trust "$pki/trust-2021-delta-base" \
	--cert "$pki/org.pem" --key "$pki/org.key" --chain "$pki/ca.pem"
lacks "... and warns of nothing missing" "warning: no CRL of"
# rttime22: the CA's CRL of January stale and its current CRL of May another partition's (its
# issuing distribution point not the one the signers' certificates name): it speaks of none
# of them by its silence, so the CA's current CRL is still missing (no warning before: that
# partition's CRL was counted as the CA's current CRL).
cp st-stale.zip st-part.zip
status 0 "rttime22: sealed with the CA's CRL stale and another partition's current CRL" \
	y2021 '2021-06-01 09:00:00' $kc seal st-part.zip --no-default-trust --trust "$pki/trust-2021-part" \
	--cert "$pki/org.pem" --key "$pki/org.key" --chain "$pki/ca.pem"
has "... seal says the CA's current CRL is missing" \
	"warning: no CRL of LTV Test CA current now is at hand (--trust, --online) for data/QĐ 15 hai chữ ký.pdf (3 signed documents in all)"
cp st-stale.zip st-part-own.zip
status 0 "rttime22: honest, the current CRL of the signers' own partition" \
	y2021 '2021-06-01 09:00:00' $kc seal st-part-own.zip --no-default-trust --trust "$pki/trust-2021-part-own" \
	--cert "$pki/org.pem" --key "$pki/org.key" --chain "$pki/ca.pem"
lacks "... and warns of nothing missing" "warning: no CRL of"
t "seal3: the same, timestamped by the 2021 TSA" sealwith st-stale.zip "$pki/trust-2021-stale"
status 1 "seal3: 2025-06, not refreshed (the seal's TSA still valid): the seal and the documents are not proven" \
	fake '2025-06-01 00:00:00' $kc check --signatures $t2040 st-stale.zip
has "... saying which CRL is missing: the CA's, current at the seal's time" \
	"the CRLs at hand of its issuer (LTV Test CA) no longer speak of it" "no longer current at 2021-06-01 09:05:00 UTC, the time checked" \
	"0 valid"
status 0 "... the refreshed one, at the same date: valid" fake '2025-06-01 00:00:00' $kc check --signatures $t2040 st.zip
# The honest look-alike: ingested with the CA's current CRL (a.zip), sealed: nothing to add,
# validation/ as ingest wrote it, byte for byte.
t "seal3: ingested with the current CRL, sealed: validation/index.json unchanged" sh -c \
	"$tool get a-unsealed.zip validation/index.json i0.json && $tool get a-ts-2021.zip validation/index.json i1.json && cmp -s i0.json i1.json"
t "... and no CRL added" sh -c "test \"\$($tool names a-unsealed.zip validation/ | sort)\" = \"\$($tool names a-ts-2021.zip validation/ | sort)\""
# What was added is under the seal like the rest.
fresh=validation/crls/$(sha256sum "$pki/ca-2021.crl" | cut -c1-64).crl
$tool drop st.zip st-drop.zip "$fresh" --rebag
status 1 "seal3: the CRL the seal added dropped, the manifests made to agree: the seal finds it missing" \
	y2040 $kc check --signatures $t2040 st-drop.zip
has "... named" "$fresh: missing: listed in the seal"
# An index.json changed since ingest (the tag manifest not made to agree) is not rewritten
# under a fresh digest and the seal.
$tool index st-stale.zip st-tamper.zip 'd["documents"][0]["signatures"][0]["crls"] = []'
cp st-tamper.zip st-tamper0.zip
status 2 "seal3: an index.json that is not what the tag manifest records is not sealed" \
	y2021 '2021-06-01 09:00:00' $kc seal st-tamper.zip $t2021 --cert "$pki/org.pem" --key "$pki/org.key" --chain "$pki/ca.pem"
has "... said" "validation/index.json"
t "... and the dossier is left as it was" cmp -s st-tamper.zip st-tamper0.zip
# A validation object under another's name (rttime16): the leader's certificate replaced by
# the TSA's under the leader's name, the tag manifest made to agree.  ltv_verify.c's reader
# checks a name against its bytes; seal_refresh.c read it unchecked, fetched CRLs for a chain
# the record never named and sealed a dossier check then finds wrong (exit 0 before).  One
# reader (kc_ltv_read_blob) serves check, ingest --update and seal.
leadcer=validation/certs/$(openssl x509 -in "$pki/leader.pem" -outform DER | sha256sum | cut -c1-64).cer
openssl x509 -in "$pki/tsa.pem" -outform DER -out swapped.cer
$tool replace st-unsealed.zip st-swap.zip "$leadcer" swapped.cer --rebag
cp st-swap.zip st-swap0.zip
status 2 "rttime16: a validation certificate under the leader's name holding the TSA's, the manifests made to agree: not sealed" \
	y2021 '2021-06-01 09:00:00' $kc seal st-swap.zip $t2021 --cert "$pki/org.pem" --key "$pki/org.key" --chain "$pki/ca.pem"
has "... naming the object" "$leadcer does not hold what its name says (its SHA-256 differs) (run kiemchung check)"
t "... and the dossier is left as it was" cmp -s st-swap.zip st-swap0.zip
status 1 "... which check finds too" y2021 '2021-06-01 08:30:00' $kc check $t2021 st-swap0.zip
has "... named" "$leadcer: does not hold what its name says"
# What seal adds can condemn as well as vouch: a key compromised on 2021-05-01, which the
# CRL of January does not know, ingested offline in June with that CRL, sealed with May's.
stc=$tmp/stc
mkdir -p "$stc/21"
sign base.pdf "$stc/21/thu hồi.pdf" compromised 2021-03-15T08:00:00Z
touch -d 2021-05-20 "$stc"/*/*
y2021 '2021-06-01 08:00:00' $ingest --no-default-trust --trust "$pki/trust-2021-stale" -o stc.zip "$stc" >/dev/null 2>&1
t "seal3: a key compromised in May 2021, ingested offline with the CRL of January, sealed with May's" \
	sealwith stc.zip "$pki/trust-2021"
t "... renewed in 2026" renew stc.zip 2026-06-01 tsa2
status 1 "seal3: 2040, the root alone: revoked, on the CRL the seal kept" y2040 $kc check --signatures $t2040 stc.zip
has "... said" "data/thu hồi.pdf: the signature is not valid" "revoked on 2021-05-01"
