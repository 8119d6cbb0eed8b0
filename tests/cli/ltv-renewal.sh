# ltv-renewal.sh: sourced by ltv.sh after its renewal rows (section 2), with its
# helpers (t, status, has, lacks, py_json, seal, renew, fake, y2040) and dossiers
# (a-unsealed.zip, a-ts.zip renewed in 2026 with the CA's CRL of 2026, a-ts-2021.zip):
# the CRLs a renewal keeps for the tokens it covers (sealcrl, session 35).
#
# The CRLs of a renewal (sealcrl, session 35).  The seal's token proves 2021 in 2040 only
# through the archive timestamp of 2026: what shows its TSA (expired since) was not revoked
# then is the CA's CRL of 2026, which a CA may drop it from afterwards (RFC 5280 3.3), a
# compromised key too.  So seal --renew keeps the CRLs at hand of the covered token's TSA
# chain, current at the renewal, in that token's own SignedData (as EU DSS extends the last
# archive timestamp), and check judges seal tokens and archive timestamps by the bounds of
# rttime11 like documents' timestamps.  tsabad.pem: a TSA like tsa.pem whose key was
# reported compromised on 2025-03-01, listed in ca-2026.crl, dropped from ca-2028.crl.
$tool get a-ts.zip META-INF/signature001.p7s renewed.p7s
t "sealcrl: the renewal of 2026 kept the CA's CRL of 2026 inside the seal's token" $py -c '
import sys
sys.exit(open(sys.argv[1], "rb").read() not in open(sys.argv[2], "rb").read())' "$pki/ca-2026.crl" renewed.p7s
$tool get a-ts.zip META-INF/ASiCManifest001.xml renewed.xml
t "... the seal still verifies with openssl cms -verify (the token is an unsigned attribute)" \
	openssl cms -verify -binary -inform DER -in renewed.p7s -content renewed.xml -CAfile "$pki/root.pem" \
	-certfile "$pki/ca.pem" -purpose any -no_check_time -out /dev/null
t "... and the archive holds the names it held: no new entry for older versions to call extra" sh -c \
	"$tool names a-ts.zip META-INF/ | sort | tr '\n' ' ' | grep -qx 'META-INF/ASiCArchiveManifest.xml META-INF/ASiCManifest001.xml META-INF/signature001.p7s META-INF/timestamp001.tst '"
status 0 "sealcrl: 2040, the checker holding the CA's CRL of 2028 (silent on the TSA, expired): still proves 2021" \
	y2040 $kc check --signatures --no-default-trust --trust "$pki/trust-2040-late" a-ts.zip
has "... at the seal's time, every document valid" "signatures checked at 2021-06-01 09:05:00 (UTC)" \
	"3 signed documents: 3 valid"
cp a-unsealed.zip k.zip
t "sealcrl: a seal dated 2021 by the TSA whose key was stolen (what its thief writes)" \
	seal k.zip '2021-06-01 09:00:00' 2021-06-01T09:05:00Z tsabad
cp k.zip k-forced.zip
t "... renewed in 2026-06 with no CRL at hand (as seal --renew kept none before)" \
	renew k.zip 2026-06-01 tsa2 "--no-default-trust --trust $pki/trust-2026-nocrl"
t "... seal --renew warns that it keeps no CRL of the TSA's CA" \
	grep -qF "warning: no CRL of LTV Test CA current now is at hand (--trust, --online) to keep with the timestamp of LTV Test TSA B" renew.log
status 1 "sealcrl: 2040, the CA's CRL of 2028 no longer speaks of the expired TSA: the seal proves only 2026" \
	y2040 $kc check --signatures --no-default-trust --trust "$pki/trust-2040-late" k.zip
has "... and says why" "its CA's CRLs at hand no longer speak of it at 2026-06-01" \
	"the seal's certificate was checked at 2026-06-01 00:00:00 (UTC) (proven outside the document: archive timestamp META-INF/timestamp001.tst"
lacks "... not the 2021 of the stolen key" "checked at 2021-06-01"
# Missing revocation data is no failure offline (as for a document's timestamp), but the
# dossier is not silent about it: checked with the root and the CA but no CRL, the renewal
# without CRLs still proves 2021, and check notes that nothing shows the expired TSA was not
# revoked before 2026.  (check --signatures reads validation/ too, whose CRL of the CA,
# stale by 2026, then speaks: the seal proves only 2026 there.)
tnocrl="--no-default-trust --trust $pki/trust-2026-nocrl"
status 0 "sealcrl: 2040, no CRL at hand at all, renewed with none: proves 2021, as offline rules do" \
	y2040 $kc check $tnocrl k.zip
has "... and notes that nothing shows the TSA was not revoked by the renewal" \
	"note: nothing at hand shows that LTV Test TSA B, the authority of the seal's timestamp, was not revoked before 2026-06-01 00:00:00 UTC"
y2040 $kc check --json $tnocrl k.zip >k.json 2>&1
py_json "... --json: archive_note says it" k.json '
assert "LTV Test TSA B" in j["seal"]["archive_note"] and j["seal"]["proven_time"], j["seal"]'
status 0 "... the honest renewal with the CRL of 2026: no such note" y2040 $kc check $tnocrl a-ts.zip
lacks "... none" "nothing at hand shows"
status 2 "sealcrl: renewing it in 2026 with the CA's CRL of 2026 (keyCompromise) is refused without --force" \
	fake '2026-06-01 00:00:00' $kc seal k-forced.zip --renew $t2026 --tsa "$tsa/at/2026-06-01T00:00:00Z/tsa2"
t "... with --force it is renewed, the CRL kept in the seal's token" \
	fake '2026-06-01 00:00:00' $kc seal k-forced.zip --renew --force $t2026 --tsa "$tsa/at/2026-06-01T00:00:00Z/tsa2"
status 1 "sealcrl: 2040, the root alone: the kept CRL says keyCompromise, the seal proves only 2026" \
	y2040 $kc check --signatures $t2040 k-forced.zip
has "... and says why" "The timestamp authority's certificate was revoked on 2025-03-01 00:00:00 UTC (keyCompromise)" \
	"(claimed by the signer): NOT VALID"
lacks "... not 2021" "checked at 2021-06-01"
$tool get a-ts-2021.zip META-INF/signature001.p7s bare.p7s
$tool replace a-ts.zip a-ts-bare.zip META-INF/signature001.p7s bare.p7s
status 1 "sealcrl: the kept CRL stripped from the seal's token: the archive timestamp says it changed" \
	y2040 $kc check --signatures $t2040 a-ts-bare.zip
has "... named" "META-INF/signature001.p7s: changed"
# Renewed twice (a-ren-old.zip: by the seal's own TSA in 2026-06, by the 2045 TSA in 2026-09):
# the second renewal kept the CA's CRL of 2026 in timestamp001.tst, which it covers.
$tool get a-ren-old.zip META-INF/timestamp001.tst ren1.tst
t "sealcrl: the second renewal kept the CA's CRL of 2026 in the archive timestamp it covers" $py -c '
import sys
sys.exit(open(sys.argv[1], "rb").read() not in open(sys.argv[2], "rb").read())' "$pki/ca-2026.crl" ren1.tst
t "... which openssl ts still verifies over its manifest" sh -c "$tool get a-ren-old.zip META-INF/ASiCArchiveManifest001.xml ren1.xml &&
	openssl ts -verify -in ren1.tst -token_in -data ren1.xml -CAfile '$pki/root.pem' -untrusted '$pki/ca.pem' -no_check_time >/dev/null 2>&1"
status 0 "sealcrl: 2040, the CA's CRL of 2028 at hand: the chain of two renewals still proves 2021" \
	y2040 $kc check --signatures --no-default-trust --trust "$pki/trust-2040-late" a-ren-old.zip
has "... at the seal's time" "signatures checked at 2021-06-01 09:05:00 (UTC)" "3 signed documents: 3 valid"
