#!/bin/sh
# ltv.sh: dossiers that stay provable for decades (issue 14), end to end (TAP).
#
# A test PKI made here (tests/fixtures/make-ltv-pki.sh: every certificate but
# its second TSA's has expired by 2040) signs documents "in 2021"; they are
# ingested and sealed in 2021 under faketime, the seal timestamped by a TSA of
# that PKI (kc-testsign tsa-reply + add-token on META-INF/signature001.p7s),
# renewed in 2026 (seal --renew: an archive timestamp by the second TSA, before
# the first one expires; tsa_server.py on the loopback), and the dossier is
# checked "in 2040" with nothing but the root: every document must still be
# valid, on the validation data the dossier carries and the seal's proven
# time, and everything that weakens that must show.
#
# 1. What ingest stores: validation/ (chains, CRLs, verdicts), listed in the
#    tag manifest, readable with openssl, the same bytes for the same inputs.
# 2. 2021 → 2040: check --signatures and verify DOSSIER.zip, with and without
#    a timestamp, with and without validation data; revocations the dossier's
#    CRL proves, and later ones that do not matter.
# 3. Tampered validation data and a dossier bringing its own root.
#
# Environment: KC_BUILD_ROOT, KC_SOURCE_ROOT (set by meson), PYTHON (default python3),
# KC_WRAPPER (a command to run the binary under, e.g. valgrind).
set -u
# Times for people are shown in the machine's zone (Vietnam's when it is UTC and
# TZ is unset): UTC here, named "(UTC)", whatever the zone of the machine.
export TZ=UTC

build=${KC_BUILD_ROOT:?KC_BUILD_ROOT is not set}
src=${KC_SOURCE_ROOT:?KC_SOURCE_ROOT is not set}
kc=$build/src/cli/kiemchung
ts=$build/tests/kc-testsign
py="${PYTHON:-python3} -W ignore"
tool="$py $src/tests/fixtures/ltvtool.py"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/kc-ltv-test.XXXXXX")
pids=""
cleanup() {
	for p in $pids; do kill "$p" 2>/dev/null; done
	rm -rf "$tmp"
}
trap cleanup EXIT INT TERM
. "$src/tests/cli/wrap.sh" # KC_WRAPPER: run the binary under valgrind (tests/meson.build)
kcbin=$kc
kc="$kc --quiet"
. "$src/tests/cli/tap.sh" # pass, fail, skip, t, status, has, finish
. "$src/tests/fixtures/pyserve.sh" # pyq: the suite's Python one-liners, one Python answers them
pyserve_start "$tmp" "$tmp/pyserve.log"
# lacks NAME TEXT: the fixed string is not in $tmp/out.
lacks() {
	if grep -qF -- "$2" "$tmp/out"; then { echo "present: $2"; cat "$tmp/out"; } >"$tmp/why"; fail "$1"; else pass "$1"; fi
}
# py_json NAME FILE CODE: CODE runs with j bound to FILE's JSON (or its first line's).
py_json() {
	name=$1 file=$2 code=$3
	if pyq - "$file" "$code" >"$tmp/why" 2>&1 <<'PY'
import json, sys
text = open(sys.argv[1], encoding="utf-8").read()
try:
    j = json.loads(text)
except ValueError:
    j = json.loads(text.splitlines()[0])
exec(sys.argv[2])
PY
	then pass "$name"; : >"$tmp/why"; else cat "$tmp/out" >>"$tmp/why"; fail "$name"; fi
}

if [ ! -x "$build/src/cli/kiemchung" ] || [ ! -x "$ts" ]; then
	echo "1..0 # SKIP kiemchung or kc-testsign not built"
	exit 0
fi
if ! command -v faketime >/dev/null || [ "$(faketime '2040-01-01 00:00:00' date -u +%Y)" != 2040 ]; then
	echo "1..0 # SKIP faketime is missing (Debian package faketime)"
	exit 0
fi
cd "$tmp" || exit 1
unset SOURCE_DATE_EPOCH

# Free loopback ports for the online part's responders (the certificates name them).
ports=$(pyq -c 'import socket
ss = [socket.socket() for _ in range(2)]
for s in ss: s.bind(("127.0.0.1", 0))
print(" ".join(str(s.getsockname()[1]) for s in ss))')
crlport=${ports% *}
ocspport=${ports#* }
pki=$tmp/pki
if ! sh "$src/tests/fixtures/make-ltv-pki.sh" "$pki" "$crlport" "$ocspport" >"$tmp/pki.log" 2>&1; then
	cat "$tmp/pki.log"
	echo "1..0 # SKIP the test PKI could not be made"
	exit 1
fi
. "$src/tests/cli/fake.sh" # fake TIME CMD...: CMD on a clock saying TIME
y2021() { fake "$@"; }
y2040() { fake '2040-01-01 00:00:00' "$@"; }
t2021="--no-default-trust --trust $pki/trust-2021"
t2040="--no-default-trust --trust $pki/trust-2040"

# sign IN OUT NAME TIME: a PDF signature by the test PKI's NAME (its certificate only).
sign() { "$ts" sign "$1" "$2" --cert "$pki/$3.pem" --key "$pki/$3.key" --time "$4" >/dev/null; }
"$ts" make-doc base.pdf --number "15/QĐ-UBND" --date "ngày 15 tháng 03 năm 2021" --recipients "UBND huyện Phú Vang" >/dev/null
ev=$tmp/ev
mkdir -p "$ev/20 Chữ ký số" "$ev/21 Lãnh đạo ký" "$ev/22 Gửi huyện"
sign base.pdf "$ev/21 Lãnh đạo ký/QĐ 15 lãnh đạo.pdf" leader 2021-03-15T08:00:00Z
sign "$ev/21 Lãnh đạo ký/QĐ 15 lãnh đạo.pdf" "$ev/20 Chữ ký số/QĐ 15 hai chữ ký.pdf" org 2021-03-15T09:00:00Z
printf 'Báo cáo kết quả ký số năm 2021.\n' >"$ev/22 Gửi huyện/báo cáo.txt"
"$ts" detach "$ev/22 Gửi huyện/báo cáo.txt" "$ev/22 Gửi huyện/báo cáo.txt.p7s" --cert "$pki/leader.pem" \
	--key "$pki/leader.key" --time 2021-03-16T08:00:00Z >/dev/null
cp "$src/samples/evidence/HĐ 003-2019 thiết bị CNTT.pdf" "$ev/20 Chữ ký số/"
touch -d 2021-05-20 "$ev"/*/*
# ingest with the dossier's commune (a script, so that faketime can run it).
printf '#!/bin/sh\nexec %s ingest --commune "Thủy An" --district "Phú Vang" --year 2021 --no-catalog "$@"\n' \
	"$kcbin" >ingest
chmod +x ingest
ingest=$tmp/ingest

# seal DOSSIER TIME [TOKEN-TIME [TSA]]: sealed by the organisation at TIME (faketime), and
# with TOKEN-TIME its signature timestamped by the PKI's TSA (or TSA: tsabad) then (CAdES-T).
seal() {
	y2021 "$2" $kc seal "$1" $t2021 --cert "$pki/org.pem" --key "$pki/org.key" --chain "$pki/ca.pem" >/dev/null || return 1
	[ $# -lt 3 ] && return 0
	$tool get "$1" META-INF/signature001.p7s sig.p7s &&
		"$ts" sigvalue sig.p7s sigvalue.bin &&
		openssl ts -query -data sigvalue.bin -sha256 -cert -no_nonce -out query.tsq 2>/dev/null &&
		"$ts" tsa-reply query.tsq token.der --cert "$pki/${4:-tsa}.pem" --key "$pki/${4:-tsa}.key" --time "$3" &&
		"$ts" add-token sig.p7s sig-ts.p7s token.der &&
		$tool replace "$1" "$1.new" META-INF/signature001.p7s sig-ts.p7s && mv "$1.new" "$1"
}

# --- 1. what ingest keeps -------------------------------------------------------------
status 0 "ingest in 2021 verifies the signed documents" y2021 '2021-06-01 08:00:00' $ingest $t2021 -o a.zip "$ev"
cp a.zip a-unsealed.zip
$tool names a.zip validation/ >names.txt
t "validation/ holds index.json, certificates and the CRL" sh -c \
	"grep -qx validation/index.json names.txt && grep -q '^validation/certs/[0-9a-f]\{64\}\.cer\$' names.txt &&
	 grep -q '^validation/crls/[0-9a-f]\{64\}\.crl\$' names.txt"
t "openssl reads every certificate and CRL as DER" sh -c '
	for n in $(cat names.txt); do
		case $n in
		*.cer) '"$tool"' get a.zip "$n" x.der && openssl x509 -inform DER -in x.der -noout || exit 1 ;;
		*.crl) '"$tool"' get a.zip "$n" x.der && openssl crl -inform DER -in x.der -noout || exit 1 ;;
		esac
	done'
t "every validation file is in the tag manifest" sh -c \
	'unzip -p a.zip tagmanifest-sha256.txt >tags.txt && for n in $(cat names.txt); do grep -q "  $n\$" tags.txt || exit 1; done'
$tool get a.zip validation/index.json index.json
cadigest=$(openssl x509 -in "$pki/ca.pem" -outform DER | sha256sum | cut -d' ' -f1)
py_json "index.json: one record per signed document, chains up to the root, the CRL, the verdict" index.json '
docs = {d["path"]: d for d in j["documents"]}
assert j["format"] == "kiemchung-validation" and j["version"] == 1
assert sorted(docs) == ["data/QĐ 15 hai chữ ký.pdf", "data/QĐ 15 lãnh đạo.pdf", "data/báo cáo.txt"], sorted(docs)
two = docs["data/QĐ 15 hai chữ ký.pdf"]
assert two["status"] == "valid" and [s["role"] for s in two["signatures"]] == ["leader", "org"]
for s in two["signatures"]:
    assert len(s["certificates"]) == 3 and s["crls"] and s["status"] == "valid", s
    assert s["time_source"] == "now" and s["checked_at"].startswith("2021-06-01"), s
assert any("'"$cadigest"'" in c for c in two["signatures"][0]["certificates"])
assert docs["data/báo cáo.txt"]["detached"] == "data/báo cáo.txt.p7s"
assert docs["data/QĐ 15 lãnh đạo.pdf"]["validated_at"].startswith("2021-06-01")'
t "the records' digests are the payload manifest's" sh -c \
	"unzip -p a.zip manifest-sha256.txt >manifest.txt && $py -c '
import json, sys
m = dict(reversed(l.split(\"  \", 1)) for l in open(\"manifest.txt\", encoding=\"utf-8\").read().splitlines())
for d in json.load(open(\"index.json\", encoding=\"utf-8\"))[\"documents\"]:
    assert m[d[\"path\"]] == d[\"sha256\"], d[\"path\"]'"
status 0 "check: the dossier with its validation data holds" y2021 '2021-06-01 08:30:00' $kc check $t2021 a.zip
status 0 "2021: check --signatures, everything valid now" y2021 '2021-06-01 08:30:00' $kc check --signatures $t2021 a.zip
has "... three signed documents, the unsigned invoice not listed" "3 signed documents: 3 valid" \
	"signatures checked now" "certificates 4, CRLs 1"
lacks "... the unsigned contract is no signed document" "HĐ 003-2019"
SOURCE_DATE_EPOCH=1622534400 $ingest $t2021 -o same1.zip "$ev" >/dev/null 2>&1
SOURCE_DATE_EPOCH=1622534400 TZ=Asia/Ho_Chi_Minh LANGUAGE=vi $ingest --lang vi $t2021 -o same2.zip "$ev" >/dev/null 2>&1
t "the same inputs give the same bytes (SOURCE_DATE_EPOCH), in any language" cmp same1.zip same2.zip
status 0 "ingest --no-validation keeps none" y2021 '2021-06-01 08:00:00' $ingest --no-validation -o a-noval.zip "$ev"
t "... no validation/ folder" sh -c "! $tool names a-noval.zip validation/ | grep -q ."

# Sealed at 09:00 in 2021; timestamped at 09:05, or not.
cp a.zip a-ts.zip
t "sealed and timestamped in 2021" seal a-ts.zip '2021-06-01 09:00:00' 2021-06-01T09:05:00Z
t "sealed in 2021 without a timestamp" seal a.zip '2021-06-01 09:00:00'
t "a dossier without validation data, sealed and timestamped" seal a-noval.zip '2021-06-01 09:00:00' 2021-06-01T09:05:00Z
status 0 "2021: the timestamped seal holds" y2021 '2021-06-02 00:00:00' $kc check $t2021 a-ts.zip
has "... proven by a timestamp" "proven by a timestamp): valid"
# check --at a time before the seal was made (rttime16): the seal's certificate was judged
# then (valid on 2021-05-01, a month before its signer signed; NOT VALID, "not yet valid",
# on 2020-01-01, with the documents and "signatures checked now", exit 1).  A seal speaks of
# nothing before it existed: refused, exit 2.
status 2 "rttime16: check --at 2021-05-01, before the seal of 2021-06-01 09:05: refused" \
	y2021 '2021-06-02 00:00:00' $kc check --signatures --at 2021-05-01T00:00:00Z $t2021 a-ts.zip
has "... saying why and from when" "a-ts.zip: --at 2021-05-01 00:00:00 UTC is before the time of its seal (2021-06-01 09:05:00 UTC)"
status 2 "... and --at 2020-01-01, before the seal's certificate began: refused, not NOT VALID" \
	y2021 '2021-06-02 00:00:00' $kc check --at 2020-01-01T00:00:00Z $t2021 a-ts.zip
status 0 "... --at just after the seal's timestamp: valid, checked then" \
	y2021 '2021-06-02 00:00:00' $kc check --signatures --at 2021-06-01T09:06:00Z $t2021 a-ts.zip
# The seal's line gave the token's time as "claimed by the signer" under --at (rttime17):
# the time shown is still the seal's timestamp's.
has "... the seal's time still said proven by its timestamp, not claimed" \
	"on 2021-06-01 09:05:00 (UTC) (proven by a timestamp): valid"
has "... said" "checked at 2021-06-01 09:06:00 (UTC) (given with --at)" "3 signed documents: 3 valid"
status 0 "... an unsealed dossier with --at checks as before" \
	y2021 '2021-06-02 00:00:00' $kc check --signatures --at 2021-05-01T00:00:00Z $t2021 a-unsealed.zip

# Renewal before the seal's TSA expires (rttime8).  The seal's TSA (tsa.pem) expires on
# 2026-12-31; after that nobody answers for its key, and whoever gets it can write a token
# dated 2021 over a seal made today, and the seal's time is the proof of every document in
# the dossier.  So an expired TSA's token proves its time only if something proves it existed
# before the expiry (EN 319 102-1, as the documents' own timestamps already are judged): the
# dossier is renewed in 2026, before that, by a TSA still valid in 2040 (tsa2.pem), and the
# 2040 checks below stand on that archive timestamp; the same dossier not renewed proves
# nothing in 2040 (section 2's last rows).
mkdir -p tsaw
$py "$src/tests/cli/tsa_server.py" tsaw/port "$pki" "$ts" "$tmp/tsaw" >tsaw/server.log 2>&1 &
pids="$pids $!"
# (it makes a key first: up to a minute on a loaded machine)
waited=0
while [ ! -s tsaw/port ] && [ $waited -lt 240 ]; do sleep 0.25; waited=$((waited + 1)); done
tsa=http://127.0.0.1:$(cat tsaw/port 2>/dev/null)
# renew DOSSIER DATE TSA [TRUST]: seal --renew at DATE (faketime) by the PKI's TSA, genTime
# DATE, with the store of 2026 (the CA's CRL of the time, which the renewal keeps in the
# token it covers) or TRUST.
t2026="--no-default-trust --trust $pki/trust-2026"
renew() {
	fake "$2 00:00:00" $kc seal "$1" --renew ${4:-$t2026} --tsa "$tsa/at/${2}T00:00:00Z/$3" >renew.log 2>&1 ||
		{ cat renew.log; return 1; }
}
cp a-ts.zip a-ts-2021.zip
status 0 "2026-06, before the seal's TSA expired: its timestamp still proves 2021 on its own" \
	fake '2026-06-01 00:00:00' $kc check --signatures $t2040 a-ts-2021.zip
has "... checked at the seal's time" "signatures checked at 2021-06-01 09:05:00 (UTC), the seal's timestamp by LTV Test TSA"
# When the proof must be renewed (added by rttime9): the seal's TSA (and its proof) ends on
# 2026-12-31, and check names that date while there is still time, not only once it proves
# nothing (before, the archivist learnt it from openssl x509 -enddate on the token's certificate).
has "... and that the seal must be renewed before its TSA's certificate ends" \
	"renew the seal soon, before 2026-12-31 23:59:59 (UTC), when the certificate of the timestamp authority"
fake '2026-06-01 00:00:00' $kc check --signatures --json $t2040 a-ts-2021.zip >due.json 2>&1
py_json "... --json: renew_by is that date" due.json '
import calendar
assert j["seal"]["renew_by"] == calendar.timegm((2026, 12, 31, 23, 59, 59)), j["seal"]'
t "renewed in 2026-06 by a TSA valid until 2045" renew a-ts.zip 2026-06-01 tsa2
t "... seal --renew says when the next renewal is due: the 2026 TSA's end" \
	grep -qF "renew before (seal --renew): 2045-12-31 23:59:59 (UTC)" renew.log
cp a-ts-2021.zip a-ren-old.zip
t "another copy renewed in 2026-06 by the seal's own TSA, expiring that year" renew a-ren-old.zip 2026-06-01 tsa

# --- 2. decades later -------------------------------------------------------------
status 0 "2040: check --signatures holds with the root alone" y2040 $kc check --signatures $t2040 a-ts.zip
has "... at the seal's proven time, from its validation data" \
	"signatures checked at 2021-06-01 09:05:00 (UTC), the seal's timestamp by LTV Test TSA" \
	"3 signed documents: 3 valid, 0 indeterminate, 0 not valid" "✓ data/QĐ 15 hai chữ ký.pdf: valid"
has "... and that the renewal by the 2026 TSA holds until its certificate ends, 2045" \
	"renew the seal before 2045-12-31 23:59:59 (UTC), when the certificate of the timestamp authority"
lacks "... not the seal's own TSA's end, which the renewal made harmless" "renew the seal soon"
y2040 $kc review --json $t2040 a-ts.zip >review.json 2>&1
py_json "2040: review --json gives the province the same date (renew_by)" review.json '
c = j["communes"][0]["seal"]
assert c["renew_by"] == "2045-12-31T23:59:59Z" and c["proven_time"] == "2021-06-01T09:05:00Z", c'
y2040 $kc check --signatures --json $t2040 a-ts.zip >check.json 2>&1
py_json "2040: --json: every signature valid, checked at 2021-06-01T09:05:00Z, proven outside the document" check.json '
import calendar
assert j["seal"]["renew_by"] == calendar.timegm((2045, 12, 31, 23, 59, 59)), j["seal"]
assert j["ok"] and j["seal"]["valid"] and j["seal"]["time_source"] == "timestamp"
s = j["signatures"]
assert s["poe"] == "2021-06-01T09:05:00Z" and "LTV Test TSA" in s["poe_source"], s
assert len(s["documents"]) == 3
for d in s["documents"]:
    assert d["recorded"] == "valid" and d["verdict"]["status"] == "valid", d
    for sig in d["verdict"]["signatures"]:
        assert sig["time_source"] == "external" and sig["checked_at"] == "2021-06-01T09:05:00Z", sig'
status 1 "2040: verify DOSSIER.zip: the signed documents inside valid (the contract is unsigned)" \
	y2040 $kc verify $t2040 a-ts.zip
has "... the dossier's time proof and four documents" "when its documents existed is proven by the seal's timestamp" \
	"valid         data/QĐ 15 lãnh đạo.pdf" "4 documents: 3 valid, 0 invalid, 1 unsigned"
y2040 $kc verify --json $t2040 a-ts.zip >verify.json 2>&1
py_json "2040: verify --json names the dossier on each line" verify.json '
assert j["dossier"] == "a-ts.zip" and j["file"].startswith("data/"), j'
$tool get a-ts.zip "data/QĐ 15 lãnh đạo.pdf" leader.pdf
status 1 "2040: the same PDF outside the dossier, with the 2021 store: not valid" y2040 $kc verify -v $t2021 leader.pdf
has "... indeterminate: expired since, nothing proves its time" "INDETERMINATE" "no-proof-of-time"
status 1 "2040: the seal without a timestamp proves no time" y2040 $kc check --signatures $t2040 a.zip
has "... the seal and the documents are indeterminate" "signatures checked now" "the signature is indeterminate" \
	"0 valid"
status 1 "2040: a dossier without validation data: the root alone is not enough" y2040 $kc check --signatures $t2040 a-noval.zip
has "... its documents do not chain, and it says why" "the dossier holds no validation data for it" \
	"does not chain to a trusted authority"
# What changes with rttime8: a seal timestamped by a TSA that has expired since, not renewed
# before that expiry, proves nothing; a forger holding the expired key writes the same bytes.
status 1 "2040: the seal's timestamp, its TSA expired on 2026-12-31 and not renewed before: proves nothing" \
	y2040 $kc check --signatures $t2040 a-ts-2021.zip
has "... the documents indeterminate, checked now, and why" "signatures checked now" "the signature is indeterminate" \
	"0 valid" "the seal's timestamp proves nothing: The timestamp authority's certificate expired on 2026-12-31"
y2040 $kc check --signatures --json $t2040 a-ts-2021.zip >old.json 2>&1
py_json "... --json: the seal checked now, its time_note saying why" old.json '
s = j["seal"]
assert not j["ok"] and s["proven_time"] == 0 and s["time_source"] != "timestamp", s
assert s["renew_by"] == 0, s
assert "2026-12-31" in s["time_note"], s'
status 1 "2040: renewed only by that same TSA before it expired: the newest archive timestamp proves nothing either" \
	y2040 $kc check --signatures $t2040 a-ren-old.zip
has "... said, documents indeterminate" "META-INF/timestamp001.tst, proves nothing" "expired on 2026-12-31" \
	"signatures checked now" "0 valid"
t "... renewed again in 2026-09 by the TSA valid until 2045" renew a-ren-old.zip 2026-09-01 tsa2
status 0 "2040: the chain of archive timestamps holds: each proven before its TSA expired" \
	y2040 $kc check --signatures $t2040 a-ren-old.zip
has "... at the seal's time" "signatures checked at 2021-06-01 09:05:00 (UTC)" "3 signed documents: 3 valid"

# The CRLs of a renewal, and a TSA whose key was stolen (sealcrl, session 35).
. "$src/tests/cli/ltv-renewal.sh"
# seal brings the documents' revocation data up to the sealing time (seal3).
. "$src/tests/cli/ltv-refresh.sh"
# seal --renew brings them up to its time in the token it covers (rttime17).
. "$src/tests/cli/ltv-renewcrl.sh"
# A back-dated seal, a renewal bringing a CRL that dropped a revoked key, the order of renewals (atktime).
. "$src/tests/cli/ltv-backseal.sh"

# Revocations: proven by the dossier's CRL (a compromise before 2021), or later and harmless.
evb=$tmp/evb
mkdir -p "$evb/21"
sign base.pdf "$evb/21/thu hồi.pdf" compromised 2021-03-15T08:00:00Z
sign base.pdf "$evb/21/nghỉ hưu.pdf" retired 2021-03-15T08:00:00Z
touch -d 2021-05-20 "$evb"/*/*
y2021 '2021-06-01 08:00:00' $ingest $t2021 -o b.zip "$evb" >/dev/null 2>"$tmp/out"
has "ingest says which document is not valid now" "thu hồi.pdf: its signature is not valid now"
t "b sealed and timestamped" seal b.zip '2021-06-01 09:00:00' 2021-06-01T09:05:00Z
t "... and renewed in 2026" renew b.zip 2026-06-01 tsa2
status 1 "2040: a key compromise before the seal, proven by the dossier's own CRL" y2040 $kc check --signatures $t2040 b.zip
has "... revoked (the 2040 store has no CRL)" "data/thu hồi.pdf: the signature is not valid" "revoked on 2021-05-01" \
	"✓ data/nghỉ hưu.pdf: valid"
mkdir -p later && cp "$pki/root.pem" "$pki/ca-2025.crl.pem" later/
echo root.pem >later/state-roots.txt # the PKI's root declared (rtcert22)
status 1 "2040: a later CRL revokes the deputy in 2024 (affiliationChanged): still valid, proven 2021" \
	y2040 $kc check --signatures --no-default-trust --trust later b.zip
has "... only the compromised one fails" "✓ data/nghỉ hưu.pdf: valid" "2 signed documents: 1 valid"

# The CA after a key rollover (RFC 5280 6.3.3; added by rttime4): in 2021 the commune's
# trust directory holds its new certificate (the same name, under the same root) and its
# CRL, signed by the new key, listing the chairman's key as compromised.  Ingest judged
# him revoked, but kept in the dossier only CRLs signed by the key that issued his
# certificate: checked in 2040 with the root alone, he was valid, leader
# (ltv-crl-rekey).  The CRL is kept with the new key's certificate now.
printf '[v3]\nbasicConstraints=critical,CA:TRUE,pathlen:0\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid:always\n' >rekey21.cnf
openssl req -new -newkey rsa:2048 -nodes -keyout rekey21.key -subj "/C=VN/O=LTV Test/CN=LTV Test CA" \
	-out rekey21.csr 2>/dev/null &&
	openssl x509 -req -in rekey21.csr -CA "$pki/root.pem" -CAkey "$pki/root.key" -set_serial 0x7101 -days 3650 \
		-extfile rekey21.cnf -extensions v3 -out rekey21.pem 2>/dev/null
lserial=$(openssl x509 -in "$pki/leader.pem" -noout -serial | cut -d= -f2)
mkdir -p trust-rekey21 && cp "$pki/root.pem" "$pki/ca.pem" rekey21.pem trust-rekey21/
echo root.pem >trust-rekey21/state-roots.txt # the PKI's root declared (rtcert22)
KC_CRL_AKID=1 $py "$src/tests/fixtures/make-crl.py" rekey21.pem rekey21.key "$lserial" 210501000000Z 1 20210501000000Z \
	210515000000Z rekey21.crl
openssl crl -inform DER -in rekey21.crl -out trust-rekey21/rekey21.crl.pem
evr=$tmp/evr
mkdir -p "$evr/21"
sign base.pdf "$evr/21/lãnh đạo.pdf" leader 2021-03-15T08:00:00Z
touch -d 2021-05-20 "$evr"/*/*
y2021 '2021-06-01 08:00:00' $ingest --no-default-trust --trust trust-rekey21 -o r.zip "$evr" >/dev/null 2>"$tmp/out"
has "ltv-crl-rekey: ingest says the chairman's signature is not valid now" "lãnh đạo.pdf: its signature is not valid now"
t "... sealed and timestamped" seal r.zip '2021-06-01 09:00:00' 2021-06-01T09:05:00Z
t "... and renewed in 2026" renew r.zip 2026-06-01 tsa2
status 1 "... 2040, the root alone: the dossier's CRL signed by the CA's new key still revokes him" \
	y2040 $kc check --signatures $t2040 r.zip
has "... revoked" "data/lãnh đạo.pdf: the signature is not valid" "revoked on 2021-05-01"

# --- 3. what cannot pass -----------------------------------------------------------
# A dossier that brings its own root (same name as the real one): never an anchor.
mkdir -p "$tmp/eve/21" eviltrust
cp "$pki/evil-root.pem" eviltrust/
sign base.pdf "$tmp/eve/21/giả.pdf" evil-leader 2021-03-15T08:00:00Z
touch -d 2021-05-20 "$tmp/eve/21/giả.pdf"
y2021 '2021-06-01 08:00:00' $ingest --no-default-trust --trust eviltrust -o e.zip "$tmp/eve" >/dev/null 2>&1
$tool get e.zip validation/index.json e-index.json
evildigest=$(openssl x509 -in "$pki/evil-root.pem" -outform DER | sha256sum | cut -d' ' -f1)
py_json "a forger's dossier carries its own root (it trusted it at ingest)" e-index.json '
s = j["documents"][0]["signatures"][0]
assert s["status"] == "valid" and any("'"$evildigest"'" in c for c in s["certificates"]), s'
status 1 "... yet the root it brings is no anchor: untrusted" $kc check --signatures $t2040 e.zip
has "... untrusted" "data/giả.pdf: the signature is not valid" "(it was valid when it went into the dossier)"

# Tampered validation data, sealed: one finding, from the manifests and the seal.
$tool index a-ts-2021.zip x1.zip 'd["documents"][0]["signatures"][0]["crls"] = []'
status 1 "a CRL reference removed from index.json: changed" $kc check $t2021 x1.zip
has "... one finding naming the file" "validation/index.json: changed: its SHA-256 is not the one recorded in tagmanifest-sha256.txt, the seal"
t "... and only one" sh -c "test \$(grep -c '✗' $tmp/out) -eq 1"
crl=$(grep '^validation/crls/' names.txt | head -1)
$tool drop a-ts.zip x2.zip "$crl" --rebag
status 1 "the CRL dropped, the manifests made to agree: the seal finds it missing" y2040 $kc check --signatures $t2040 x2.zip
has "... missing, and the seal proves no time any more" "$crl: missing: listed in the seal" "signatures checked now"

# Tampered validation data, unsealed (what the validation check alone sees).
cert=$(grep '^validation/certs/' names.txt | head -1)
printf 'not a certificate' >junk.bin
$tool replace a-unsealed.zip x3.zip "$cert" junk.bin --rebag
status 1 "a certificate's bytes replaced, manifests agreeing: not what its name says" $kc check $t2021 x3.zip
has "... validation" "$cert: does not hold what its name says" "[validation]"
$tool index a-unsealed.zip x4.zip 'd["documents"][0]["sha256"] = "0" * 64' --rebag
status 1 "a record about other bytes" $kc check $t2021 x4.zip
has "... validation" "is about other bytes" "[validation]"
$tool add a-unsealed.zip x5.zip validation/certs/extra.cer junk.bin --rebag
status 1 "an extra file in validation/, listed in the tag manifest" $kc check $t2021 x5.zip
has "... named by no record" "validation/certs/extra.cer: in validation/ but named by no record"
junkname=validation/certs/$(sha256sum junk.bin | cut -d' ' -f1).cer
$tool add a-unsealed.zip x6a.zip "$junkname" junk.bin
$tool index x6a.zip x6.zip 'd["documents"][0]["signatures"][0]["certificates"].append("'"$junkname"'")' --rebag
status 1 "a named, listed object that is no certificate" $kc check --signatures $t2021 x6.zip
has "... does not parse" "$junkname: validation data that does not parse"
$tool drop a-unsealed.zip x7.zip validation/index.json --rebag
status 1 "objects without their index" $kc check $t2021 x7.zip
has "... validation" "validation data without validation/index.json"
$tool index a-unsealed.zip x8.zip 'd["version"] = 99' --rebag
status 1 "validation data of another version" $kc check $t2021 x8.zip
has "... said plainly" "validation/index.json: not readable validation data: validation data of another version"

# --- 4. the rest of a dossier's life -----------------------------------------------------
mkdir -p unpacked
status 0 "extract unpacks validation/ too" $kc extract $t2021 -C unpacked a-unsealed.zip
t "... index.json and the objects" sh -c "test -f unpacked/validation/index.json && ls unpacked/validation/certs | grep -q ."
cp a-unsealed.zip upd.zip
mkdir -p "$tmp/more/23"
printf 'thêm\n' >"$tmp/more/23/thêm.txt"
status 0 "ingest --update (without verification) keeps the records of the files it keeps" \
	$kc ingest --update --no-validation -o upd.zip "$tmp/more"
$tool get upd.zip validation/index.json upd-index.json
t "... the same index" cmp upd-index.json index.json
status 0 "... and the updated dossier checks" y2021 '2021-06-02 00:00:00' $kc check --signatures $t2021 upd.zip

# --- 4b. OCSP responses in validation/ are proven by the seal (rttime14) ----------------
# ocsp22, the CA's delegated responder (OCSPSigning, 2020-01-01..2022-12-31), has ended:
# nobody guards its key since.  The chairman's 2021 decision carries its own timestamp
# (2021-03-15, by the PKI's TSA).  Whoever finds that key in 2023 writes "good, 2021-03-15
# 08:10" for the chairman (inside the responder's validity, known when produced), puts it
# in validation/ of the commune's dossier (ingested without a CRL of the CA) and has the
# dossier sealed in June 2023 (the seal with the CA's CRL of the time).  Checked in 2025
# with the CA's CRL of 2025, issued after the chairman's certificate ended and so silent
# about him, the response was read as the CA's word that he stood in March 2021: valid,
# leader, whether or not he had left office.  A response of an ended delegated responder
# in validation/ vouches only when the seal proves it existed before that end, as one in
# a /DSS must be covered by a document timestamp (rttime13).
cserial=$(openssl x509 -in "$pki/compromised.pem" -noout -serial | cut -d= -f2)
mkdir -p r14-2022 r14-2023 r14-2025 "$tmp/r14ev/21"
cp "$pki/root.pem" "$pki/ca.pem" r14-2022/
cp "$pki/root.pem" "$pki/ca.pem" r14-2023/
cp "$pki/root.pem" "$pki/ca.pem" "$pki/ca-2025.crl.pem" r14-2025/
cp "$pki/ca-2022.crl.pem" r14-2022/
for d in r14-2022 r14-2023 r14-2025; do echo root.pem >$d/state-roots.txt; done # declared (rtcert22)
KC_CRL_NEXT=20230701000000Z $py "$src/tests/fixtures/make-crl.py" "$pki/ca.pem" "$pki/ca.key" "$cserial" \
	210501000000Z 1 20210501000000Z 230501000000Z r14-2023.crl &&
	openssl crl -inform DER -in r14-2023.crl -out r14-2023/ca-2023.crl.pem
"$ts" sigvalue "$ev/21 Lãnh đạo ký/QĐ 15 lãnh đạo.pdf" r14-sv.bin >/dev/null &&
	openssl ts -query -data r14-sv.bin -sha256 -cert -no_nonce -out r14.tsq 2>/dev/null &&
	"$ts" tsa-reply r14.tsq r14-tok.der --cert "$pki/tsa.pem" --key "$pki/tsa.key" --time 2021-03-15T08:05:00Z &&
	"$ts" add-token "$ev/21 Lãnh đạo ký/QĐ 15 lãnh đạo.pdf" "$tmp/r14ev/21/lead-ts.pdf" r14-tok.der >/dev/null
touch -d 2021-05-20 "$tmp/r14ev/21/lead-ts.pdf"
KC_OCSP_SIGNER=$pki/ocsp22.pem KC_OCSP_SIGNER_KEY=$pki/ocsp22.key $py "$src/tests/fixtures/make-ocsp.py" \
	"$pki/ca.pem" "$pki/ca.key" "$pki/leader.pem" 20210315081000Z r14-good.ors good:sha256
r14name=validation/ocsp/$(sha256sum r14-good.ors | cut -d' ' -f1).ors
# r14dossier OUT WHEN TRUST: ingested at WHEN (no CRL of the CA), the response added to the
# chairman's record, sealed at WHEN by the organisation with TRUST's CRL and timestamped.
r14dossier() {
	y2021 "$2 08:00:00" $ingest --no-default-trust --trust "$pki/trust-2026-nocrl" -o "$1.raw" "$tmp/r14ev" >/dev/null 2>&1 &&
		$tool add "$1.raw" "$1.added" "$r14name" r14-good.ors &&
		$tool index "$1.added" "$1" 'for r in d["documents"]:
    r["signatures"][0].setdefault("ocsp", []).append("'"$r14name"'")' --rebag &&
		y2021 "$2 09:00:00" $kc seal "$1" --no-default-trust --trust "$3" --cert "$pki/org.pem" --key "$pki/org.key" \
			--chain "$pki/ca.pem" >/dev/null &&
		$tool get "$1" META-INF/signature001.p7s sig.p7s &&
		"$ts" sigvalue sig.p7s sigvalue.bin &&
		openssl ts -query -data sigvalue.bin -sha256 -cert -no_nonce -out query.tsq 2>/dev/null &&
		"$ts" tsa-reply query.tsq token.der --cert "$pki/tsa.pem" --key "$pki/tsa.key" --time "${2}T09:05:00Z" &&
		"$ts" add-token sig.p7s sig-ts.p7s token.der &&
		$tool replace "$1" "$1.new" META-INF/signature001.p7s sig-ts.p7s && mv "$1.new" "$1"
}
t "ocsp-validation-ended: the ended responder's response in validation/, sealed in 2023" \
	r14dossier r14-late.zip 2023-06-01 r14-2023
fake '2025-06-01 00:00:00' $kc check --signatures --json --no-default-trust --trust r14-2025 r14-late.zip >r14-late.json 2>&1
# Since seal3 the seal keeps the CA's CRL of 2023-05 (its trust directory's, current when it
# sealed) in the chairman's record too: issued before his certificate ended, it shows him not
# revoked, whatever the ended responder says (a CRL listing him would condemn him, the worst
# deciding).  The response alone is judged in time.sh's unsealed dossiers (make-dossier-ocsp.sh).
py_json "... checked in 2025: the response proves nothing; the CA's CRL of 2023 the seal kept does: valid, leader" \
	r14-late.json '
assert j["seal"]["valid"] and j["signatures"]["poe"] == "2023-06-01T09:05:00Z", j
v = j["signatures"]["documents"][0]["verdict"]
assert v["status"] == "valid" and v["leader"], v'
# The honest look-alike: the same response in a dossier sealed in June 2022, while the
# responder still ran (its "good" proven then): valid, leader.
t "... the same response in a dossier sealed in 2022" r14dossier r14-early.zip 2022-06-01 r14-2022
fake '2025-06-01 00:00:00' $kc check --signatures --json --no-default-trust --trust r14-2025 r14-early.zip >r14-early.json 2>&1
py_json "... checked in 2025: valid, leader" r14-early.json '
v = j["signatures"]["documents"][0]["verdict"]
assert j["seal"]["valid"] and v["status"] == "valid" and v["leader"], v'

# --- 5. online revocation: a CRL on the loopback, `openssl ocsp` as the responder -----
# The certificates name http://127.0.0.1:$crlport/ca.crl and http://127.0.0.1:$ocspport/.
# The responders run at the real time (their answers are dated now); the client
# runs "in 2022", while the PKI's leaves are valid, under faketime.
y2022() { fake '2022-06-01 10:00:00' "$@"; }
mkdir -p www online-trust
cp "$pki/ca-2022.crl" www/ca.crl
cp "$pki/root.pem" "$pki/ca.pem" online-trust/
echo root.pem >online-trust/state-roots.txt
tonline="--no-default-trust --trust online-trust"
sign base.pdf comp.pdf compromised 2021-03-15T08:00:00Z
sign base.pdf lead.pdf leader 2021-03-15T08:00:00Z
# wait_port PORT: until something listens there (5 s at most).
wait_port() {
	pyq -c 'import socket, sys, time
for _ in range(50):
    try:
        socket.create_connection(("127.0.0.1", int(sys.argv[1])), 0.2).close()
        sys.exit(0)
    except OSError:
        time.sleep(0.1)
sys.exit(1)' "$1"
}
start_crl() {
	$py -m http.server "$crlport" --bind 127.0.0.1 --directory www >>crl.log 2>&1 &
	crlpid=$!
	pids="$pids $crlpid"
	wait_port "$crlport"
}
# start_ocsp SIGNER: `openssl ocsp` answering for ca's 2022 database, signed by SIGNER.
# Ready when it says so (a probing connection would hold its only thread).
start_ocsp() {
	nocsp=$((${nocsp:-0} + 1))
	openssl ocsp -index "$pki/index-2022.txt" -port "$ocspport" -rsigner "$pki/$1.pem" -rkey "$pki/$1.key" \
		-CA "$pki/ca.pem" -ndays 30 >"ocsp-$nocsp.log" 2>&1 &
	ocsppid=$!
	pids="$pids $ocsppid"
	for _ in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
		grep -q "waiting for OCSP client connections" "ocsp-$nocsp.log" 2>/dev/null && return 0
		sleep 0.25
	done
	return 1
}
stop() { kill "$1" 2>/dev/null; wait "$1" 2>/dev/null; }
# online NAME CACHE ARGS...: kiemchung "in 2022" with its cache in $tmp/CACHE.
online() { name=$1 cache=$2; shift 2; XDG_CACHE_HOME=$tmp/$cache y2022 "$@"; }
if start_crl && start_ocsp ocsp; then
	online a cache-a $kc verify --online --json $tonline comp.pdf lead.pdf >o1.json 2>o1.err
	py_json "verify --online: the compromised key revoked, the leader valid" o1.json '
lines = [json.loads(l) for l in text.splitlines()]
assert [l["status"] for l in lines] == ["invalid", "valid"], lines
assert lines[0]["signatures"][0]["reasons"] == ["revoked"], lines[0]'
	t "... one CRL fetched, one OCSP request, both cached" sh -c \
		"test \$(grep -c 'GET /ca.crl' crl.log) -eq 1 && grep -q 'Received request' ocsp-1.log &&
		 ls $tmp/cache-a/kiemchung/revocation/*.crl && ls $tmp/cache-a/kiemchung/revocation/*.ors"
	y2022 $kc verify --json $tonline comp.pdf >o2.json 2>&1
	py_json "offline stays the default: nothing fetched, nothing known of the revocation" o2.json '
assert j["status"] == "valid", j'
	t "... and no request reached the server" sh -c "test \$(grep -c 'GET /ca.crl' crl.log) -eq 1"
	mkdir -p "$tmp/onl-ev/21" && cp comp.pdf lead.pdf "$tmp/onl-ev/21/" && touch -d 2022-05-01 "$tmp/onl-ev/21/"*
	status 0 "ingest --online" online e cache-e $ingest --online $tonline -o online.zip "$tmp/onl-ev"
	$tool get online.zip validation/index.json online-index.json
	py_json "... stores the CRL and the OCSP response it used" online-index.json '
docs = {d["path"]: d for d in j["documents"]}
lead = docs["data/lead.pdf"]["signatures"][0]
assert lead["crls"] and lead["ocsp"], lead
open("ors.name", "w").write(lead["ocsp"][0])'
	t "... openssl reads the stored OCSP response" sh -c \
		"$tool get online.zip \$(cat ors.name) resp.ors && openssl ocsp -respin resp.ors -resp_text -noverify | grep -q 'Cert Status: good'"
	# seal --online (seal3): a dossier ingested offline with no CRL of the CA, sealed in 2022
	# asking the distribution points: the CA's CRL they serve then goes into validation/.
	online ni cache-ni $ingest $tonline -o onl-refresh.zip "$tmp/onl-ev" >/dev/null 2>&1
	status 0 "seal3: seal --online of a dossier ingested offline without a CRL" \
		online ns cache-ns $kc seal onl-refresh.zip --online $tonline --cert "$pki/org.pem" --key "$pki/org.key" \
		--chain "$pki/ca.pem"
	has "... says it brought the validation data up to the sealing time" "validation data brought up to the sealing time"
	t "... the CA's CRL of 2022 the distribution point serves is under validation/crls/" sh -c \
		"$tool get onl-refresh.zip validation/crls/\$(sha256sum '$pki/ca-2022.crl' | cut -c1-64).crl got22.crl && cmp -s got22.crl '$pki/ca-2022.crl'"
	status 0 "... and the dossier checks clean" y2022 $kc check --require-seal $tonline onl-refresh.zip
	# seal --renew --online (sealcrl2): the renewal asks the distribution point the seal
	# token's TSA certificate names (tsacdp.pem), and keeps the CA's CRL it serves (current
	# in 2022) in that token, with nothing in the trust directory but the root and the CA.
	cp a-unsealed.zip onl-sealed.zip
	seal onl-sealed.zip '2021-06-01 09:00:00' 2021-06-01T09:05:00Z tsacdp
	cp onl-sealed.zip onl-ren.zip
	before=$(grep -c 'GET /ca.crl' crl.log)
	status 0 "seal --renew --online: renewed, the CRL fetched from the TSA's distribution point" \
		online r cache-r $kcbin seal onl-ren.zip --renew --online $tonline --tsa "$tsa/at/2022-06-01T10:00:00Z/tsa"
	lacks "... and no warning that no CRL was at hand" "no CRL of LTV Test CA current now"
	$tool get onl-ren.zip META-INF/signature001.p7s onl-ren.p7s
	t "... the CA's CRL the server gave is kept inside the seal's token" pyq -c '
import sys
sys.exit(open(sys.argv[1], "rb").read() not in open(sys.argv[2], "rb").read())' www/ca.crl onl-ren.p7s
	t "... fetched from the loopback server" sh -c "test \$(grep -c 'GET /ca.crl' crl.log) -gt $before"
	cp onl-sealed.zip onl-ren-off.zip
	status 0 "... the same renewal offline, the same trust directory: renewed" \
		y2022 $kcbin seal onl-ren-off.zip --renew $tonline --tsa "$tsa/at/2022-06-01T10:00:00Z/tsa"
	has "... with the warning that it keeps no CRL" \
		"warning: no CRL of LTV Test CA current now is at hand (--trust, --online) to keep with the timestamp of LTV Test TSA C"
	status 0 "... the renewed dossier checks, offline" y2022 $kc check $tonline onl-ren.zip
	stop "$ocsppid"
	online b cache-b $kcbin verify --online --json $tonline comp.pdf lead.pdf >o4.json 2>o4.err
	py_json "the CRL alone (the responder down): revoked" o4.json '
assert [json.loads(l)["status"] for l in text.splitlines()] == ["invalid", "valid"]'
	t "... and the unreachable responder is said, offline rules applied" grep -q "online: .*127.0.0.1:$ocspport.*offline rules applied" o4.err
	stop "$crlpid"
	start_ocsp ocsp
	online c cache-c $kc verify --online --json $tonline comp.pdf >o5.json 2>o5.err
	py_json "the OCSP responder alone (the CRL down): revoked, with its reason" o5.json '
s = j["signatures"][0]
assert j["status"] == "invalid" and s["reasons"] == ["revoked"], j'
	mkdir -p "$tmp/onl-idx" && cp comp.pdf "$tmp/onl-idx/"
	online g cache-g $kc index --online --json $tonline "$tmp/onl-idx" >o7.json 2>o7.err
	py_json "index --online (the verify option group): the revoked signature does not count as signed" o7.json '
r = j["rows"][0]
assert j["documents"] == 1 and j["signed"] == 0 and r["status"] == "invalid", j'
	y2022 $kc index --json $tonline "$tmp/onl-idx" >o8.json 2>&1
	py_json "... and offline it does" o8.json '
assert j["signed"] == 1 and j["rows"][0]["status"] == "valid", j'
	status 0 "ingest --online with the responder alone" online f cache-f $ingest --online $tonline -o ocsp-only.zip "$tmp/onl-ev"
	stop "$ocsppid"
	status 1 "offline, later: the dossier's own OCSP response proves the revocation (root alone)" \
		y2022 $kc check --signatures --no-default-trust --trust "$pki/trust-2040" ocsp-only.zip
	has "... revoked, OCSP response counted" "data/comp.pdf: the signature is not valid" "revoked on 2021-05-01" \
		"CRLs 0, OCSP responses 2" "✓ data/lead.pdf: valid"
	online a cache-a $kcbin verify --online --json $tonline comp.pdf >o3.json 2>o3.err
	py_json "both down: the cache still knows (until the answers' nextUpdate)" o3.json '
assert j["status"] == "invalid", j'
	t "... without a word about the network" sh -c "! test -s o3.err"
	start_ocsp evil-leader
	online d cache-d $kc verify --online --json $tonline comp.pdf >o6.json 2>o6.err
	py_json "a responder that is not the CA's: its 'revoked' is not believed" o6.json '
assert j["status"] == "valid", j'
	stop "$ocsppid"
	# The CA's CRL on the network listing the chairman twice (added by rttime4):
	# affiliationChanged on 2022-05-01, after his signature's 2021 timestamp, then
	# keyCompromise (`openssl crl -text` shows both).  The fetched CRL was read by its
	# first entry and he stayed valid, leader, where the same CRL in the trust directory
	# or a /DSS revokes him: every listing counts, the worst deciding, fetched or stored.
	serial=$(openssl x509 -in "$pki/leader.pem" -noout -serial | cut -d= -f2)
	$py "$src/tests/fixtures/make-crl.py" "$pki/ca.pem" "$pki/ca.key" "$serial" 220501000000Z 3 20220501000000Z \
		220515000000Z www/ca.crl "$serial" 220501000000Z 1 20220501000000Z
	"$ts" sigvalue lead.pdf lead-sigvalue.bin >/dev/null &&
		openssl ts -query -data lead-sigvalue.bin -sha256 -cert -no_nonce -out lead.tsq 2>/dev/null &&
		"$ts" tsa-reply lead.tsq lead-tok.der --cert "$pki/tsa.pem" --key "$pki/tsa.key" --time 2021-03-15T08:05:00Z &&
		"$ts" add-token lead.pdf lead-ts.pdf lead-tok.der >/dev/null
	start_crl
	online h cache-h $kc verify --online --json $tonline lead-ts.pdf >o9.json 2>o9.err
	py_json "online-crl-twice: the fetched CRL's second listing (keyCompromise) revokes the timestamped chairman" o9.json '
s = j["signatures"][0]
assert j["status"] == "invalid" and s["reasons"] == ["revoked"] and s["time_source"] == "timestamp", j'
	$py "$src/tests/fixtures/make-crl.py" "$pki/ca.pem" "$pki/ca.key" "$serial" 220501000000Z 3 20220501000000Z \
		220515000000Z www/ca.crl
	online i cache-i $kc verify --online --json $tonline lead-ts.pdf >o10.json 2>o10.err
	py_json "... affiliationChanged alone, after the 2021 proof: valid" o10.json '
assert j["status"] == "valid", j'
	# The CA after a key rollover (RFC 5280 6.3.3): its new certificate (the same name, under
	# the same root) in the trust directory, its CRL on the network signed by the new key,
	# listing the chairman's key as compromised.  A stored CRL so signed counts
	# (dss-crl-rekey); the fetched one was checked against the old key alone, and he stayed
	# valid, leader (online-crl-rekey, added by rttime4).
	printf '[v3]\nbasicConstraints=critical,CA:TRUE,pathlen:0\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid:always\n' >rekey.cnf
	openssl req -new -newkey rsa:2048 -nodes -keyout rekey.key -subj "/C=VN/O=LTV Test/CN=LTV Test CA" \
		-out rekey.csr 2>/dev/null &&
		openssl x509 -req -in rekey.csr -CA "$pki/root.pem" -CAkey "$pki/root.key" -set_serial 0x7001 -days 3650 \
			-extfile rekey.cnf -extensions v3 -out rekey.pem 2>/dev/null
	mkdir -p online-trust-rekey && cp "$pki/root.pem" "$pki/ca.pem" rekey.pem online-trust-rekey/
	echo root.pem >online-trust-rekey/state-roots.txt
	KC_CRL_AKID=1 $py "$src/tests/fixtures/make-crl.py" rekey.pem rekey.key "$serial" 220501000000Z 1 20220501000000Z \
		220515000000Z www/ca.crl
	online j cache-j $kc verify --online --json --no-default-trust --trust online-trust-rekey lead-ts.pdf >o11.json 2>o11.err
	py_json "online-crl-rekey: the fetched CRL signed by the CA's new key revokes the compromised chairman" o11.json '
s = j["signatures"][0]
assert j["status"] == "invalid" and s["reasons"] == ["revoked"], j'
	online k cache-k $kc verify --online --json $tonline lead-ts.pdf >o12.json 2>o12.err
	py_json "... without the new key's certificate in the trust directory, it proves nothing" o12.json '
assert j["status"] == "valid", j'
	# The CA after its key rollover (online-crl-rekey above): its CRL on the network, signed
	# by the new key whose certificate the trust directory holds, counts for revocation, and
	# the same CRL in the trust directory is kept by the renewal; fetched, it was not kept
	# (kc_online_material asked for the old key alone), and the renewal warned that it had
	# no CRL of the TSA's CA (sealcrl2).
	cp onl-sealed.zip onl-ren-rekey.zip
	status 0 "seal --renew --online, the CA's CRL served signed by its new key (known to the trust directory): renewed" \
		online p cache-p $kcbin seal onl-ren-rekey.zip --renew --online --no-default-trust --trust online-trust-rekey \
		--tsa "$tsa/at/2022-06-01T10:00:00Z/tsa"
	lacks "... without the warning that no CRL was at hand" "no CRL of LTV Test CA current now"
	$tool get onl-ren-rekey.zip META-INF/signature001.p7s onl-ren-rekey.p7s
	t "... the new key's CRL kept in the seal's token" pyq -c '
import sys
sys.exit(open(sys.argv[1], "rb").read() not in open(sys.argv[2], "rb").read())' www/ca.crl onl-ren-rekey.p7s
	# seal --renew --online against a server that answers wrong, or not at all (sealcrl2):
	# what it serves now (the CRL signed by a key the trust directory does not know) is
	# not kept, a file that is no CRL neither; the renewal still adds its timestamp (an
	# archive timestamp without the CRL still extends the proof) and says, at the renewal,
	# that it keeps no CRL; the network's failure is said on stderr.
	cp onl-sealed.zip onl-ren-bad.zip
	status 0 "seal --renew --online, the CRL served signed by an unknown key: renewed" \
		online l cache-l $kcbin seal onl-ren-bad.zip --renew --online $tonline --tsa "$tsa/at/2022-06-01T10:00:00Z/tsa"
	has "... and warns that it keeps no CRL of the TSA's CA" \
		"warning: no CRL of LTV Test CA current now is at hand (--trust, --online) to keep with the timestamp of LTV Test TSA C"
	$tool get onl-ren-bad.zip META-INF/signature001.p7s onl-ren-bad.p7s
	t "... and keeps nothing of it in the seal's token" pyq -c '
import sys
sys.exit(open(sys.argv[1], "rb").read() in open(sys.argv[2], "rb").read())' www/ca.crl onl-ren-bad.p7s
	printf 'not a CRL\n' >www/ca.crl
	cp onl-sealed.zip onl-ren-junk.zip
	status 0 "seal --renew --online, the distribution point serving a file that is no CRL: renewed" \
		online m cache-m $kcbin seal onl-ren-junk.zip --renew --online $tonline --tsa "$tsa/at/2022-06-01T10:00:00Z/tsa"
	has "... says so on stderr, and warns that it keeps no CRL" "127.0.0.1:$crlport/ca.crl" \
		"warning: no CRL of LTV Test CA current now is at hand"
	stop "$crlpid"
	cp onl-sealed.zip onl-ren-down.zip
	status 0 "seal --renew --online, the distribution point down: renewed" \
		online n cache-n $kcbin seal onl-ren-down.zip --renew --online $tonline --tsa "$tsa/at/2022-06-01T10:00:00Z/tsa"
	has "... the unreachable server said, and the warning at the renewal" "online: " "127.0.0.1:$crlport" \
		"warning: no CRL of LTV Test CA current now is at hand"
	cp onl-sealed.zip onl-ren-notsa.zip
	status 2 "seal --renew --online, the timestamp authority unreachable: refused" \
		online o cache-o $kcbin seal onl-ren-notsa.zip --renew --online $tonline --tsa "http://127.0.0.1:$crlport/"
	has "... with a clear message" "no timestamp from the authority: http://127.0.0.1:$crlport/"
	t "... nothing written: the dossier is as it was" cmp -s onl-sealed.zip onl-ren-notsa.zip
else
	skip "the loopback responders could not start"
fi

finish
