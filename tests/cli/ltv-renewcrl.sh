# ltv-renewcrl.sh: sourced by ltv.sh after ltv-refresh.sh, with its helpers (t, status,
# has, lacks, fake, sign, y2040, t2040, $tsa, $ingest, $tool) and base.pdf: seal --renew
# brings the documents' revocation data up to its time (rttime17), the archivist's story.
#
# A commune ingests and seals in June 2026, offline, its trust directory holding only the
# January CRL of its CA ("LTV Long CA", stale since 2026-03-31).  The seal's TSA (LTV Test
# TSA 2025) ends on 2031-06-30; the chairman's certificate on 2031-12-31.  The archivist
# renews in 2030 and again in 2034 (LTV Test TSA 2030, valid until 2040).  seal brings validation/ up to
# the sealing time (seal3), but with nothing current at hand nothing came; seal --renew left
# validation/ as the seal covers it and kept no CRL of the documents' CA: once the
# chairman's certificate ended, his documents were indeterminate forever, although the
# archivist held the CA's CRL of 2030, issued while his certificate ran (it speaks of him
# at the seal's time, as pyHanko and EU DSS read data issued after the best signature
# time).  Now the renewal keeps that CRL in the token it covers, beside its TSA's, and
# check reads it: the verdict rests on it, valid or (a key reported compromised in March
# 2026, signed with in May) not valid.  Renewed with no current CRL at hand: warned.
tl26="--no-default-trust --trust $pki/trust-2026-long"
tl40="--no-default-trust --trust $pki/trust-2040-long"
evl=$tmp/evl
mkdir -p "$evl/21"
sign base.pdf "$evl/21/QĐ 2026 lãnh đạo.pdf" lleader 2026-05-20T08:00:00Z
sign base.pdf "$evl/21/QĐ 2026 khóa lộ.pdf" lcomp 2026-05-20T09:00:00Z
touch -d 2026-05-25 "$evl"/*/*
fake '2026-06-01 08:00:00' $ingest $tl26 -o long.zip "$evl" >long.log 2>&1
t "rttime17: ingested offline in 2026-06 with the CA's CRL of January, stale since March" test -s long.zip
status 0 "... sealed and timestamped in 2026-06 by the TSA valid until 2031, nothing newer at hand" \
	fake '2026-06-01 09:00:00' $kc seal long.zip $tl26 --cert "$pki/lorg.pem" --key "$pki/lorg.key" \
	--chain "$pki/lca.pem" --tsa "$tsa/at/2026-06-01T09:05:00Z/ltsa"
has "... warned: no CRL of the documents' CA current now" "warning: no CRL of LTV Long CA current now is at hand"
cp long.zip long-nocrl.zip
# renewl DOSSIER DATE TRUST-DIR: seal --renew at DATE by ltsa2 (valid 2030-2040) with that
# trust directory.
renewl() {
	fake "$2 00:00:00" $kc seal "$1" --renew --no-default-trust --trust "$pki/$3" \
		--tsa "$tsa/at/${2}T00:00:00Z/ltsa2"
}
status 0 "rttime17: renewed in 2030-06 with the CA's CRL of 2030 at hand" renewl long.zip 2030-06-01 trust-2030-long
lacks "... no warning about the documents' CRLs" "for data/"
status 0 "rttime17: the same renewed in 2030-06 with no CRL of the CA at hand" \
	renewl long-nocrl.zip 2030-06-01 trust-2030-long-nocrl
has "... warned: nothing current now, nor when it was sealed" \
	"warning: no CRL of LTV Long CA current now is at hand (--trust, --online) for data/QĐ 2026" \
	"nor one current when it was sealed"
status 1 "rttime17: 2030-07, the root alone: the CRL of 2030 the renewal kept condemns the compromised key" \
	fake '2030-07-01 00:00:00' $kc check --signatures $tl40 long.zip
has "... at the seal's time, the chairman valid, the compromised key revoked" \
	"signatures checked at 2026-06-01 09:05:00 (UTC)" "QĐ 2026 lãnh đạo.pdf: valid" "revoked on 2026-03-01" "1 valid"
status 0 "... the one renewed without it: both valid while the certificates run (missing data is no failure)" \
	fake '2030-07-01 00:00:00' $kc check --signatures $tl40 long-nocrl.zip
status 1 "rttime17: 2032, the seal's TSA ended, the first renewal proving it: as in 2030" \
	fake '2032-01-15 00:00:00' $kc check --signatures $tl40 long.zip
has "... said" "signatures checked at 2026-06-01 09:05:00 (UTC)" "QĐ 2026 lãnh đạo.pdf: valid" "1 not valid"
status 0 "rttime17: renewed again in 2034-06, the seal's TSA ended in 2031, with the CA's CRL of 2034" \
	renewl long.zip 2034-06-01 trust-2034-long
status 0 "... the other, still with none at hand: renewed (it still extends the seal's proof), warned again" \
	renewl long-nocrl.zip 2034-06-01 trust-2030-long-nocrl
has "... said" "warning: no CRL of LTV Long CA current now is at hand (--trust, --online) for data/QĐ 2026"
status 1 "rttime17: 2034-07, the root alone, every document certificate ended: the seal still proves 2026" \
	fake '2034-07-01 00:00:00' $kc check --signatures $tl40 long.zip
has "... the chairman valid on the CRL of the 2030 renewal, the compromised key revoked" \
	"signatures checked at 2026-06-01 09:05:00 (UTC)" "QĐ 2026 lãnh đạo.pdf: valid" "revoked on 2026-03-01" \
	"2 signed documents: 1 valid, 0 indeterminate, 1 not valid"
status 1 "... renewed without a CRL: both indeterminate (was so for the first too)" \
	fake '2034-07-01 00:00:00' $kc check --signatures $tl40 long-nocrl.zip
has "... said" "2 signed documents: 0 valid, 2 indeterminate"
status 1 "rttime17: 2040, the root alone: as in 2034" y2040 $kc check --signatures $tl40 long.zip
has "... said" "QĐ 2026 lãnh đạo.pdf: valid" "2 signed documents: 1 valid, 0 indeterminate, 1 not valid"
