# ltv-backseal.sh: sourced by ltv.sh after ltv-renewcrl.sh, with its helpers (t, status,
# has, lacks, fake, sign, $tsa, $ingest, $tool, $ts, tl40) and its dossiers long.zip and
# long-nocrl.zip: attacks on the seal's time and on the CRLs a renewal keeps (atktime,
# session 39), each seen to hold on main.
#
# 1. A chairman's document (LTV Long PKI) claims 2030-06-10 and carries a document
# timestamp of 2030-06-15 by LTV Test TSA 2025, whose certificate ends on 2031-06-30:
# checked in 2034 it proves its time only if something shows it existed before then.
# dts_expiry (verify_pdf.c) took the seal's time as that proof without asking whether it
# is older than the document timestamp (it asks since rttime18, below).  A seal token back-dated before the seal's own
# claim proves nothing at all; one older than the document timestamp but not than the
# seal's claim (which is not older than the documents') proves the signature by itself.
# dtsl IN OUT GENTIME: IN with a document timestamp revision by LTV Test TSA 2025.
dtsl() {
	"$ts" dts-prepare "$1" dtsl-prep.pdf dtsl-bytes.bin >/dev/null &&
		openssl ts -query -data dtsl-bytes.bin -sha256 -cert -no_nonce -out dtsl.tsq 2>/dev/null &&
		"$ts" tsa-reply dtsl.tsq dtsl.der --cert "$pki/ltsa.pem" --key "$pki/ltsa.key" --time "$3" >/dev/null &&
		"$ts" set-contents dtsl-prep.pdf "$2" dtsl.der >/dev/null
}
tl30="--no-default-trust --trust $pki/trust-2030-long"
sign base.pdf bs-signed.pdf lleader 2030-06-10T08:00:00Z
t "atktime: a chairman's document of 2030-06-10 with a document timestamp of 2030-06-15" \
	dtsl bs-signed.pdf bs-dts.pdf 2030-06-15T00:00:00Z
# bsdossier NAME DAY: ingested at 08:00 on 2030-06-DAY, sealed at 09:00 by the organisation.
bsdossier() {
	mkdir -p "$tmp/$1/21" && cp bs-dts.pdf "$tmp/$1/21/QĐ 2030 lãnh đạo.pdf" && touch -d "2030-06-$2" "$tmp/$1"/*/* &&
		fake "2030-06-$2 08:00:00" $ingest $tl30 -o "$1.zip" "$tmp/$1" >"$1.log" 2>&1
}
# sealb DOSSIER DAY GENTIME: sealed at 09:00 on 2030-06-DAY, its TSA (valid 2030-2040) saying GENTIME.
sealb() {
	fake "2030-06-$2 09:00:00" $kc seal "$1" $tl30 --cert "$pki/lorg.pem" --key "$pki/lorg.key" \
		--chain "$pki/lca.pem" --tsa "$tsa/at/$3/ltsa2"
}
t "... ingested on 2030-06-20" bsdossier bs 20
cp bs.zip bs-honest.zip
status 0 "atktime: sealed on 2030-06-20, its token back-dated to 2030-06-01" sealb bs.zip 20 2030-06-01T00:00:00Z
status 0 "... an honest look-alike, its token of 2030-06-20 09:05" sealb bs-honest.zip 20 2030-06-20T09:05:00Z
status 1 "atktime: 2034, the root alone: the back-dated token proves nothing, nor vouches for the document timestamp" \
	fake '2034-07-01 00:00:00' $kc check --signatures $tl40 bs.zip
has "... said" "earlier than the signing time the signer claims" "QĐ 2030 lãnh đạo.pdf: indeterminate"
status 0 "... the honest look-alike: valid on the seal's proof" \
	fake '2034-07-01 00:00:00' $kc check --signatures $tl40 bs-honest.zip
has "... said" "QĐ 2030 lãnh đạo.pdf: valid"
t "atktime: the same document ingested on 2030-06-12, before its document timestamp's genTime" bsdossier bs12 12
status 0 "... sealed at 09:00, its token of 09:05: older than the document timestamp" \
	sealb bs12.zip 12 2030-06-12T09:05:00Z
status 0 "... 2034: valid at the seal's time, which proves the signature by itself" \
	fake '2034-07-01 00:00:00' $kc check --signatures $tl40 bs12.zip
has "... said" "signatures checked at 2030-06-12 09:05:00 (UTC)" "QĐ 2030 lãnh đạo.pdf: valid"
# rttime18: dts_expiry now compares the seal's time with the document timestamp's own: a
# seal older than the document timestamp it covers says one of the two clocks is wrong, and
# does not vouch for it (as a signature's outside proof does not vouch for an older token,
# rttime17).  On main the document timestamp of 2030-06-15, its TSA ended 2031, came out
# valid in 2034, "proving" the signature, on the word of the seal of 2030-06-12 alone; the
# signature itself stays valid at the seal's time.
status 0 "rttime18: bs12 in 2034, --json" fake '2034-07-01 00:00:00' $kc check --signatures --json $tl40 bs12.zip
py_json "... the document timestamp dated after the seal that covers it proves nothing; the seal proves the signature" \
	"$tmp/out" '
d = j["signatures"]["documents"][0]["verdict"]
ts = d["timestamps"][0]
assert ts["status"] == "invalid" and ts["proves_signatures"] == 0, ts
assert "dated before it (one of the two clocks is wrong)" in ts["detail"], ts
assert d["status"] == "valid" and d["signatures"][0]["time_source"] == "external", d'
status 0 "... the honest look-alike (sealed on 2030-06-20) in 2034, --json" \
	fake '2034-07-01 00:00:00' $kc check --signatures --json $tl40 bs-honest.zip
py_json "... its document timestamp, older than the seal, still proves the signature" "$tmp/out" '
d = j["signatures"]["documents"][0]["verdict"]
ts = d["timestamps"][0]
assert ts["status"] == "valid" and ts["proves_signatures"] == 1, ts
assert d["status"] == "valid" and d["signatures"][0]["checked_at"] == "2030-06-15T00:00:00Z", d'

# 2. A later renewal bringing the CA's CRL of 2034 that dropped the compromised key's
# entry (his certificate ended in 2031): a CRL issued after his end is silent about him,
# and the CRL of 2030 the first renewal kept still condemns him.
cp long.zip long-drop.zip
status 0 "atktime: long.zip renewed again in 2034-07 with a CRL of 2034 that dropped the compromised key" \
	fake '2034-07-01 00:00:00' $kc seal long-drop.zip --renew --no-default-trust --trust "$pki/trust-2034-long-drop" \
	--tsa "$tsa/at/2034-07-01T00:00:00Z/ltsa2"
status 1 "... 2034-08, the root alone: the compromised key still revoked" \
	fake '2034-08-01 00:00:00' $kc check --signatures $tl40 long-drop.zip
has "... said" "revoked on 2026-03-01" "1 valid, 0 indeterminate, 1 not valid"
cp long-nocrl.zip long-nocrl-drop.zip
status 2 "atktime: the dossier renewed with no CRL, renewed in 2034-07 with only that CRL: refused" \
	fake '2034-07-01 00:00:00' $kc seal long-nocrl-drop.zip --renew --no-default-trust \
	--trust "$pki/trust-2034-long-drop" --tsa "$tsa/at/2034-07-01T00:00:00Z/ltsa2"
has "... saying the CRL issued after the certificate ended speaks of nothing" "issued after it expired (a CA may then drop it)"
status 1 "... 2034-08: not valid, nobody made valid" \
	fake '2034-08-01 00:00:00' $kc check --signatures $tl40 long-nocrl-drop.zip
has "... said" "0 valid"

# 3. The order of renewals: one whose token is older than the token it covers is refused;
# two of one time keep the dossier valid.
cp bs-honest.zip bs-old.zip
status 2 "atktime: a renewal dated before the seal's token: refused" \
	fake '2034-06-01 00:00:00' $kc seal bs-old.zip --renew --no-default-trust --trust "$pki/trust-2034-long" \
	--tsa "$tsa/at/2030-06-01T00:00:00Z/ltsa2"
has "... saying why" "before the seal's timestamp it covers"
cp bs-honest.zip bs-twice.zip
for k in 1 2; do
	status 0 "atktime: renewed in 2034-06 ($k of 2, one genTime)" \
		fake '2034-06-01 00:00:00' $kc seal bs-twice.zip --renew --no-default-trust \
		--trust "$pki/trust-2034-long" --tsa "$tsa/at/2034-06-01T00:00:00Z/ltsa2"
done
status 0 "... 2040-06: valid, renewed by 2 archive timestamps" \
	fake '2040-06-01 00:00:00' $kc check --signatures $tl40 bs-twice.zip
has "... said" "renewed by 2 archive timestamps" "1 valid"

# 4. rttime21: a token back-dated into its TSA's life by a TSA whose certificate has
# ended.  LTV Test TSA 2025 (ltsa, ended 2031-06-30), asked in 2034 to renew bs-honest.zip,
# answers with a token of 2031-01-01 (in its life, after the seal's token): seal --renew
# said the dossier renewed, exit 0, "renew before (seal --renew): 2031-06-30" (a date
# already past), and check found that archive timestamp proving nothing (newcomer41).  Now
# refused as check would judge it; so is a seal's first token so answered.  Honest
# look-alikes: the renewals of 2034 by ltsa2 above, and ltsa's own token while it ran.
cp bs-honest.zip bs-ended.zip
status 2 "rttime21: renewed in 2034 with a token of 2031-01-01 by a TSA ended 2031-06-30: refused" \
	fake '2034-06-01 00:00:00' $kc seal bs-ended.zip --renew --no-default-trust --trust "$pki/trust-2034-long" \
	--tsa "$tsa/at/2031-01-01T00:00:00Z/ltsa"
has "... saying why" "the timestamp would prove nothing" "expired on 2031-06-30"
lacks "... and not that it renewed" "renew before (seal --renew)"
t "... the dossier left as it was" cmp bs-ended.zip bs-honest.zip
t "rttime21: ingested on 2030-06-21" bsdossier bs-late 21
status 2 "rttime21: sealed on 2031-09-01 with a token of 2031-06-01 by that TSA, ended since: refused" \
	fake "2031-09-01 09:00:00" $kc seal bs-late.zip $tl30 --cert "$pki/lorg.pem" --key "$pki/lorg.key" \
	--chain "$pki/lca.pem" --tsa "$tsa/at/2031-06-01T00:00:00Z/ltsa"
has "... saying why" "the timestamp would prove nothing" "expired on 2031-06-30"
status 0 "... the honest look-alike: sealed on 2031-06-01 with that TSA's token of the day" \
	fake "2031-06-01 09:00:00" $kc seal bs-late.zip $tl30 --cert "$pki/lorg.pem" --key "$pki/lorg.key" \
	--chain "$pki/lca.pem" --tsa "$tsa/at/2031-06-01T09:05:00Z/ltsa"
# rttime22: the same renewal by a PC whose clock is years behind (it says 2031-03-01): the
# TSA's certificate looks running, and the token was kept, exit 0, while check on a right
# clock finds that archive timestamp proving nothing.  The trust directory's CRL of LTV Long
# CA, issued 2034-05-01, shows the real time is later; only that CA could write it.  Honest
# look-alike: the same clock and token with the CRL of 2030-05-01 at hand (nothing shows
# the clock wrong, and the TSA still ran then).
cp bs-honest.zip bs-behind.zip
status 2 "rttime22: renewed on a clock saying 2031-03-01, the CRL of 2034-05-01 at hand, a token of 2031-01-01 by the TSA ended 2031-06-30: refused" \
	fake '2031-03-01 00:00:00' $kc seal bs-behind.zip --renew --no-default-trust --trust "$pki/trust-2034-long" \
	--tsa "$tsa/at/2031-01-01T00:00:00Z/ltsa"
has "... saying why" "the timestamp would prove nothing" "expired on 2031-06-30" \
	"This computer's clock says 2031-03-01" "the CRL of LTV Long CA at hand was issued on 2034-05-01"
t "... the dossier left as it was" cmp bs-behind.zip bs-honest.zip
cp bs-honest.zip bs-behind-ok.zip
status 0 "... the honest look-alike: the same clock and token, the CRL of 2030-05-01 at hand" \
	fake '2031-03-01 00:00:00' $kc seal bs-behind-ok.zip --renew --no-default-trust --trust "$pki/trust-2030-long" \
	--tsa "$tsa/at/2031-01-01T00:00:00Z/ltsa"
# Session 47 (lead): verify, check, index and the other commands that judge read the same
# floor.  The chairman's document of 2030-06-10 (bs-signed.pdf, no timestamp; his
# certificate ends 2031-12-31) verified on a clock saying 2031-03-01 with the CRL of
# 2034-05-01 at hand: valid on main (the clock took the ended certificate for a running
# one), where a right clock finds it indeterminate.  Now judged as of 2034-05-01, saying
# so.  Honest look-alike: the same clock with the CRL of 2030-05-01 at hand, valid.
status 1 "lead47: verify on a clock saying 2031-03-01, the CRL of 2034-05-01 at hand: judged as of then, not valid" \
	fake '2031-03-01 00:00:00' $kc verify --no-default-trust --trust "$pki/trust-2034-long" bs-signed.pdf
has "... saying why" "indeterminate" "this computer's clock says 2031-03-01" \
	"the CRL of LTV Long CA at hand was issued on 2034-05-01" "signatures are judged as of 2034-05-01"
status 0 "... the honest look-alike: the same clock, the CRL of 2030-05-01 at hand: valid" \
	fake '2031-03-01 00:00:00' $kc verify --no-default-trust --trust "$pki/trust-2030-long" bs-signed.pdf
lacks "... and no word of the clock" "the clock is behind"
