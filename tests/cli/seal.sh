#!/bin/sh
# seal.sh: sealing a dossier with what a commune has, timestamping the seal,
# renewing it, and refusing what `check` would reject (issue 14) (TAP).
#
# Everything it needs is started and stopped here: a SoftHSM2 token in a
# temporary SOFTHSM2_CONF directory (the test CA's organisation key and
# certificate imported with softhsm2-util and pkcs11-tool, an EC key too);
# a .p12 and a passphrase-protected PEM key made from the test keys with
# openssl; a timestamp authority on a loopback port (tsa_server.py: python's
# http.server calling `openssl ts -reply`, or kc-testsign for back-dated
# tokens), stopped by the trap; a pseudo-terminal (pty_drive.py) for the
# passphrase and PIN prompts, to prove that what is typed is not shown.
#
# Environment: KC_BUILD_ROOT, KC_SOURCE_ROOT (set by meson), PYTHON, KC_WRAPPER.
set -u
# Times for people are shown in the machine's zone (Vietnam's when it is UTC and
# TZ is unset): UTC here, named "(UTC)", whatever the zone of the machine.
export TZ=UTC

build=${KC_BUILD_ROOT:?KC_BUILD_ROOT is not set}
src=${KC_SOURCE_ROOT:?KC_SOURCE_ROOT is not set}
kc=$build/src/cli/kiemchung
testsign=$build/tests/kc-testsign
py="${PYTHON:-python3} -W ignore"
certs=$src/certs/test
here=$src/tests/cli

tmp=$(mktemp -d "${TMPDIR:-/tmp}/kc-seal-test.XXXXXX")
tsa_pid=
cleanup() {
	[ -n "$tsa_pid" ] && kill "$tsa_pid" 2>/dev/null && wait "$tsa_pid" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
. "$src/tests/cli/wrap.sh"
kcbin=$kc
kc="$kc --quiet"
. "$src/tests/cli/tap.sh" # pass, fail, skip, t, status, has, finish
. "$src/tests/fixtures/pyserve.sh" # pyq: the suite's Python one-liners, one Python answers them
pyserve_start "$tmp" "$tmp/pyserve.log"
# json EXPR: a Python expression over the JSON in $tmp/out (j) holds.
json() { pyq -c "import json,sys; j = json.load(open('$tmp/out')); sys.exit(0 if ($1) else 1)"; }

export SOURCE_DATE_EPOCH=1633046400 # 2021-10-01, the dossier's time
trust="--no-default-trust --trust $certs/trust"
cd "$tmp" || exit 1

$kc ingest --report "$src/samples/report-2021.txt" --commune "Thủy An" --district "Phú Vang" --year 2021 \
	-o base.zip "$src/samples/evidence" >/dev/null 2>&1 || { echo "Bail out! cannot make the dossier"; exit 1; }
fresh() { cp base.zip "$1"; }
unchanged() { cmp -s base.zip "$1"; }
cms_verify() { # DOSSIER: openssl cms -verify of its seal, with only the root trusted
	rm -rf cmsx && mkdir cmsx && (cd cmsx && unzip -q "../$1" 'META-INF/*') &&
		openssl cms -verify -binary -inform DER -in cmsx/META-INF/signature001.p7s \
			-content cmsx/META-INF/ASiCManifest001.xml -CAfile "$certs/root.pem" -out /dev/null
}

# --- keys in files: a passphrase-protected PEM key, .p12 files -----------------------------------
openssl pkey -in "$certs/org.key" -aes256 -passout pass:'mật khẩu PEM' -out org-enc.key
openssl pkcs12 -export -inkey "$certs/org.key" -in "$certs/org.pem" -certfile "$certs/ca.pem" \
	-name "UBND xã Thủy An" -passout pass:p12-secret -out org.p12
openssl pkcs12 -export -legacy -inkey "$certs/org.key" -in "$certs/org.pem" -passout pass:p12-secret \
	-out org-legacy.pfx 2>/dev/null || cp org.p12 org-legacy.pfx
printf 'mật khẩu PEM\n' >pem.pass
printf 'p12-secret\n' >p12.pass
printf 'wrong\n' >wrong.pass

fresh pem.zip
status 0 "seal with a passphrase-protected PEM key, the passphrase from --pass-file" \
	$kc seal pem.zip --key org-enc.key --cert "$certs/org.pem" --pass-file pem.pass $trust
has "... the seal's report names the sealer and the certificate's end" "sealed by: UBND xã Thủy An" \
	"certificate valid until: 2050-12-31 23:59:59 (UTC)"
has "... the check it proposes carries the trust the seal was checked with" \
	"check it with: kiemchung check --no-default-trust --trust $certs/trust pem.zip"
status 0 "... check accepts it" $kc check $trust pem.zip
t "... openssl cms -verify too, trusting only the root (the chain is in the seal)" cms_verify pem.zip
fresh pem-env.zip
status 0 "the passphrase from KIEMCHUNG_PASSPHRASE" env KIEMCHUNG_PASSPHRASE='mật khẩu PEM' \
	$kc seal pem-env.zip --key org-enc.key --cert "$certs/org.pem" $trust
t "... the same seal, byte for byte" cmp pem.zip pem-env.zip
fresh pem-bad.zip
status 2 "a wrong passphrase is refused" $kc seal pem-bad.zip --key org-enc.key --cert "$certs/org.pem" \
	--pass-file wrong.pass $trust
has "... saying so" "the passphrase is wrong"
t "... and nothing is written" unchanged pem-bad.zip
if command -v setsid >/dev/null; then
	status 2 "no passphrase and no terminal: refused, naming the ways to give one" \
		setsid $kcbin --quiet seal pem-bad.zip --key org-enc.key --cert "$certs/org.pem" $trust </dev/null
	has "... --pass-file or KIEMCHUNG_PASSPHRASE" "--pass-file FILE or set KIEMCHUNG_PASSPHRASE"
else
	skip "setsid(1) is not installed"
	skip "setsid(1) is not installed"
fi
# A file that is not there says so as --key's does (newcomer35: --cert and --chain said a bare
# "cannot be read", --pass-file the same, leaving a clerk to guess why).
for opt in --cert --chain --pass-file; do
	case $opt in
	--cert) args="--key $certs/org.key --cert no-such.pem" ;;
	--chain) args="--key $certs/org.key --cert $certs/org.pem --chain no-such.pem" ;;
	*) args="--key org-enc.key --cert $certs/org.pem --pass-file no-such.pem" ;;
	esac
	# shellcheck disable=SC2086 # the arguments are words
	status 2 "a missing $opt file is refused" $kc seal pem-bad.zip $args $trust
	has "... saying why, as for --key" "no-such.pem: cannot open: No such file or directory"
done
t "... and nothing is written" unchanged pem-bad.zip
status 2 "the passphrase is never taken from the command line" $kc seal pem-bad.zip --key org-enc.key \
	--cert "$certs/org.pem" --passphrase 'mật khẩu PEM' $trust

fresh p12.zip
status 0 "seal with a .p12 (certificate and chain from it), the passphrase from a file" \
	$kc seal p12.zip --key org.p12 --pass-file p12.pass $trust
status 0 "... check accepts it" $kc check $trust p12.zip
t "... and openssl cms -verify" cms_verify p12.zip
t "... the same seal as with the PEM key" cmp pem.zip p12.zip
fresh pfx.zip
status 0 "a .pfx with the legacy algorithms Windows exports (RC2, 3DES)" \
	$kc seal pfx.zip --key org-legacy.pfx --pass-file p12.pass $trust
status 0 "... check accepts it" $kc check $trust pfx.zip

# The prompt on a terminal: typed, not shown.
fresh tty.zip
status 0 "the passphrase asked on the terminal (a pseudo-terminal)" $py "$here/pty_drive.py" "(not shown)" \
	p12-secret $kcbin --quiet seal tty.zip --key org.p12 $trust
has "... with a prompt naming the file" "Enter the passphrase of org.p12 (not shown):"
t "... what was typed is not shown" sh -c "! grep -q 'p12-secret' '$tmp/out'"
t "... and the dossier is sealed" cmp p12.zip tty.zip
# rtzip18: Ctrl-Z at the prompt restored the terminal for good: what was typed after it
# (after `fg`, or at once where Ctrl-Z stops nothing) was shown.
fresh tty-z.zip
status 0 "Ctrl-Z at the passphrase prompt, then the passphrase typed" env PTY_DRIVE_SUSPEND=1 \
	$py "$here/pty_drive.py" "(not shown)" p12-secret $kcbin --quiet seal tty-z.zip --key org.p12 $trust
t "... what was typed after it is not shown either" sh -c "! grep -q 'p12-secret' '$tmp/out'"
t "... and the dossier is sealed" cmp p12.zip tty-z.zip
status 0 "(the driver shows what a terminal echoes: a program reading with echo on)" $py "$here/pty_drive.py" \
	"name?" p12-secret /bin/sh -c 'printf "name? "; read x; echo'
t "... there, what was typed is shown: the check above can fail" grep -q 'p12-secret' "$tmp/out"

# --- a USB token: SoftHSM2 --------------------------------------------------------------------------
softhsm=
for m in /usr/lib/softhsm/libsofthsm2.so /usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so \
	/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so; do
	[ -r "$m" ] && softhsm=$m && break
done
token_ok=
if [ -n "$softhsm" ] && command -v softhsm2-util >/dev/null && command -v pkcs11-tool >/dev/null; then
	mkdir -p hsm/tokens
	printf 'directories.tokendir = %s/hsm/tokens\nobjectstore.backend = file\nlog.level = ERROR\n' "$tmp" \
		>hsm/softhsm2.conf
	export SOFTHSM2_CONF=$tmp/hsm/softhsm2.conf
	label="UBND xã Thủy An"
	p11() { pkcs11-tool --module "$softhsm" --token-label "$label" --login --pin 246810 "$@"; }
	# An EC key and certificate of the commune, issued by the test CA here (P-256).
	openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out ec.key 2>/dev/null
	printf '[e]\nbasicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,nonRepudiation\n' >ec.cnf
	openssl req -new -key ec.key -utf8 -subj "/C=VN/ST=Thừa Thiên Huế/O=UBND xã Thủy An/CN=UBND xã Thủy An" -out ec.csr &&
		openssl x509 -req -in ec.csr -CA "$certs/ca.pem" -CAkey "$certs/ca.key" -set_serial 0x7001 \
			-days 3650 -extfile ec.cnf -extensions e -out ec.pem 2>/dev/null
	for k in org ec; do
		src_key=$certs/org.key
		[ "$k" = ec ] && src_key=ec.key
		openssl pkcs8 -topk8 -nocrypt -in "$src_key" -out "$k.pk8"
	done
	openssl x509 -in "$certs/org.pem" -outform DER -out org.der
	openssl x509 -in ec.pem -outform DER -out ec.der
	if softhsm2-util --init-token --free --label "$label" --pin 246810 --so-pin 135790 >hsm.log 2>&1 &&
		softhsm2-util --import org.pk8 --token "$label" --label "Chữ ký số" --id 01 --pin 246810 >>hsm.log 2>&1 &&
		p11 --write-object org.der --type cert --id 01 --label "Chữ ký số" >>hsm.log 2>&1 &&
		softhsm2-util --import ec.pk8 --token "$label" --label ec --id 02 --pin 246810 >>hsm.log 2>&1 &&
		p11 --write-object ec.der --type cert --id 02 --label ec >>hsm.log 2>&1; then
		token_ok=1
	fi
fi
if [ -n "$token_ok" ]; then
	uri='pkcs11:token=UBND%20x%C3%A3%20Th%E1%BB%A7y%20An;object=Ch%E1%BB%AF%20k%C3%BD%20s%E1%BB%91;type=private'
	printf '246810\n' >pin
	fresh token.zip
	status 0 "seal through the token's URI (RFC 7512), the PIN from --pin-file" \
		$kc seal token.zip --key "$uri" --module "$softhsm" --pin-file pin $trust
	has "... the report says which PKCS#11 module and why" "PKCS#11 module: $softhsm (--module)"
	status 0 "... check accepts it" $kc check $trust token.zip
	has "... sealed by the commune" "sealed by UBND xã Thủy An"
	t "... openssl cms -verify too" cms_verify token.zip
	t "... the key never left the token, yet the seal is the PEM key's, byte for byte (RSA PKCS#1 v1.5)" \
		cmp pem.zip token.zip
	fresh token-env.zip
	status 0 "the PIN from KIEMCHUNG_PIN, the token found by its label, the key by its id" env KIEMCHUNG_PIN=246810 \
		$kc seal token-env.zip --key "pkcs11:token=UBND%20x%C3%A3%20Th%E1%BB%A7y%20An;id=%01" --module "$softhsm" $trust
	status 0 "... check accepts it" $kc check $trust token-env.zip
	fresh token-cert.zip
	# (the EC certificate is made today: sealed today, not in 2021)
	status 0 "a URI naming the certificate (type=cert) signs with its key" env -u SOURCE_DATE_EPOCH KIEMCHUNG_PIN=246810 \
		$kc seal token-cert.zip --key "pkcs11:token=UBND%20x%C3%A3%20Th%E1%BB%A7y%20An;object=ec;type=cert" \
		--module "$softhsm" $trust
	status 0 "... an EC (P-256) key on the token: check accepts the seal" $kc check $trust token-cert.zip
	fresh token-tty.zip
	status 0 "the PIN asked on the terminal" $py "$here/pty_drive.py" "(not shown)" 246810 \
		$kcbin --quiet seal token-tty.zip --key "$uri" --module "$softhsm" $trust
	has "... naming the token" "Enter the PIN of token UBND xã Thủy An (not shown):"
	t "... the PIN is not shown" sh -c "! grep -q 246810 '$tmp/out'"
	t "... and the dossier is sealed" cmp token.zip token-tty.zip
	fresh token-bad.zip
	status 2 "a wrong PIN is refused" env KIEMCHUNG_PIN=000000 $kc seal token-bad.zip --key "$uri" \
		--module "$softhsm" $trust
	has "... with a warning that tokens lock" "refused the PIN" "lock the token"
	t "... and nothing is written" unchanged token-bad.zip
	status 2 "a URI naming no token present" env KIEMCHUNG_PIN=246810 $kc seal token-bad.zip \
		--key "pkcs11:token=UBND%20x%C3%A3%20Kh%C3%A1c" --module "$softhsm" $trust
	has "... names the tokens there are" 'no token matches' '"UBND xã Thủy An"'
	status 2 "a URI matching two keys: name one" env KIEMCHUNG_PIN=246810 $kc seal token-bad.zip \
		--key "pkcs11:token=UBND%20x%C3%A3%20Th%E1%BB%A7y%20An" --module "$softhsm" $trust
	has "... says how" "2 private keys" "object=… or id=…"
	status 2 "a PIN in the URI (pin-value) is refused: it would be on the command line" $kc seal token-bad.zip \
		--key "pkcs11:token=UBND%20x%C3%A3%20Th%E1%BB%A7y%20An?pin-value=246810" --module "$softhsm" $trust
	has "... saying why" "a PIN on the command line"
	status 2 "an attribute kiemchung does not know is refused, not ignored" $kc seal token-bad.zip \
		--key "pkcs11:token=x;serail=1" --module "$softhsm" $trust
	status 2 "a module that is not one" env KIEMCHUNG_PIN=246810 $kc seal token-bad.zip --key "$uri" \
		--module "$certs/org.pem" $trust
	has "... named" "cannot be loaded"
	if ls /usr/lib/*/p11-kit-proxy.so /usr/lib/p11-kit-proxy.so >/dev/null 2>&1; then
		skip "p11-kit-proxy is installed: the default module is there"
	else
		status 2 "no --module and no p11-kit-proxy: says what to give" env KIEMCHUNG_PIN=246810 \
			$kc seal token-bad.zip --key "$uri" $trust
		has "... --module PATH" "--module PATH"
	fi
else
	skip "SoftHSM2 (softhsm2, and pkcs11-tool from opensc) is not installed"
fi

# --- refusals: what check would reject is not sealed, unless --force ------------------------------
fresh refuse.zip
status 2 "an expired certificate is refused" $kc seal refuse.zip --key "$certs/org-expired.key" \
	--cert "$certs/org-expired.pem" $trust
has "... with its validity and the sealing time" "valid from 2018-01-01 00:00:00 UTC to 2019-01-01 00:00:00 UTC, not at the sealing time 2021-10-01"
t "... nothing is written" unchanged refuse.zip
status 2 "an official's certificate is refused (a person's, not the organisation's)" $kc seal refuse.zip \
	--key "$certs/official.key" --cert "$certs/official.pem" $trust
has "... saying why" "Lê Văn Cường, Chuyên viên, a person's"
# A person's certificate that also names the committee (CN=UBND xã Thủy An, CN=Trần Văn
# Hùng): the first common name alone made it the organisation's, and it sealed.
mkdir names && sh "$src/tests/fixtures/make-name-certs.sh" "$tmp/names" >/dev/null 2>&1
status 2 "a certificate with two common names, the committee's and a person's, is refused" $kc seal refuse.zip \
	--key names/names.key --cert names/two-cns.pem $trust
has "... as a person's" "UBND xã Thủy An; Trần Văn Hùng, a person's"
# The organisation of another commune named Thủy An: of another province (ST), of another
# district (O), of both (in its CN).  Each is refused; the dossier's own district and
# province, written with their level words, seal.
$kc ingest --report "$src/samples/report-2021.txt" --commune "Thủy An" --district "Phú Vang" \
	--province "Thừa Thiên Huế" --year 2021 -o place.zip "$src/samples/evidence" >/dev/null 2>&1
cp place.zip place-base.zip
for other in other-province other-district other-cn; do
	status 2 "$other: a commune of the same name elsewhere cannot seal" $kc seal place.zip \
		--key names/names.key --cert "names/$other.pem" $trust
	has "... saying so" "of another district or province than the dossier's"
done
t "... nothing was written" cmp -s place.zip place-base.zip
status 0 "--force seals with another province's certificate" $kc seal place.zip \
	--key names/names.key --cert names/other-province.pem $trust --force
status 1 "... and check rejects that seal" $kc check $trust place.zip
has "... saying why" "of another district or province than the dossier's"
cp place-base.zip place.zip
status 0 "the commune's own (huyện Phú Vang, Tỉnh Thừa Thiên Huế) seals" $kc seal place.zip \
	--key names/names.key --cert names/same-place.pem $trust
status 0 "... and check accepts it" $kc check $trust place.zip
# The desk's accounts name the district as its committee ("UBND huyện Phú Vang"): the
# dossier it writes says so, and the commune's own certificate still seals it.
$kc ingest --report "$src/samples/report-2021.txt" --commune "Xã Thủy An" --district "UBND huyện Phú Vang" \
	--province "UBND tỉnh Thừa Thiên Huế" --year 2021 -o place-ubnd.zip "$src/samples/evidence" >/dev/null 2>&1
cp place-ubnd.zip place-ubnd-base.zip
status 2 "a dossier naming \"UBND huyện Phú Vang\": huyện Phong Điền's Thủy An still cannot seal" $kc seal \
	place-ubnd.zip --key names/names.key --cert names/other-district.pem $trust
status 0 "... the commune's own (huyện Phú Vang) seals it" $kc seal place-ubnd.zip \
	--key names/names.key --cert names/same-place.pem $trust
status 0 "... and check accepts it" $kc check $trust place-ubnd.zip
status 2 "another commune's organisation certificate is refused" $kc seal refuse.zip \
	--key "$certs/org-other.key" --cert "$certs/org-other.pem" $trust
has "... naming the dossier's commune" "which is not the dossier's commune (UBND xã Thủy An)"
status 2 "a certificate not meant for signing (key usage) is refused" $kc seal refuse.zip \
	--key "$certs/nokeyusage.key" --cert "$certs/nokeyusage.pem" $trust
has "... saying so" "not meant for signing"
status 2 "the commune's web server certificate (serverAuth with clientAuth, CN=UBND xã Thủy An) is refused" \
	$kc seal refuse.zip --key names/names.key --cert names/eku-server-client.pem $trust
has "... saying what it is meant for" "TLS Web Server Authentication"
status 2 "a certificate not chaining to the trust store is refused (the default anchors only)" $kc seal refuse.zip \
	--key "$certs/org.key" --cert "$certs/org.pem"
has "... saying so, and what to do" "does not chain to a trusted authority: give the root of its CA with --trust"
t "... once, not twice (failed before: ... (--trust): The signer's certificate does not chain ...)" \
	sh -c "! grep -q \"The signer's certificate does not chain\" '$tmp/out'"
status 2 "a seal dated before the dossier is refused" env SOURCE_DATE_EPOCH=1577836800 $kc seal refuse.zip \
	--key "$certs/org.key" --cert "$certs/org.pem" $trust
has "... saying so" "before the dossier was made"
t "... and nothing was ever written" unchanged refuse.zip
status 0 "--force seals with the expired certificate" $kc seal refuse.zip --key "$certs/org-expired.key" \
	--cert "$certs/org-expired.pem" $trust --force
has "... with a warning in the seal's report" "warning: sealed despite this (--force): the certificate of UBND xã Thủy An is valid from 2018"
status 1 "... and check rejects that seal" $kc check $trust refuse.zip
fresh at.zip
status 0 "--at: the certificate judged at a time the user vouches for (2018-06-01, when it was valid)" \
	$kc seal at.zip --key "$certs/org-expired.key" --cert "$certs/org-expired.pem" $trust --at 2018-06-01T00:00:00Z
has "... the report shows the certificate's end" "certificate valid until: 2019-01-01 00:00:00 (UTC)"
status 1 "... and check, without that --at, rejects the seal" $kc check $trust at.zip
# A roles file makes the official's certificate the organisation's: then it seals, and check agrees.
fp=$(openssl x509 -in "$certs/official.pem" -noout -fingerprint -sha256 | sed 's/.*=//; s/://g' | tr 'A-F' 'a-f')
printf '%s,org\n' "$fp" >roles.csv
fresh roles.zip
status 0 "--roles: a certificate the roles file calls the organisation's seals" $kc seal roles.zip \
	--key "$certs/official.key" --cert "$certs/official.pem" $trust --roles roles.csv
status 0 "... and check, with the same roles, accepts it" $kc check $trust --roles roles.csv roles.zip
status 1 "... while check without them does not" $kc check $trust roles.zip

# --- RFC 3161: a timestamp authority on the loopback -----------------------------------------------
mkdir tsa
$py "$here/tsa_server.py" tsa/port "$certs" "$testsign" "$tmp/tsa" >tsa/server.log 2>&1 &
tsa_pid=$!
for _ in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do [ -s tsa/port ] && break; sleep 0.25; done
if [ -s tsa/port ]; then
	tsa=http://127.0.0.1:$(cat tsa/port)
	fresh ts.zip
	status 0 "seal --tsa: the seal timestamped (CAdES-T)" $kc seal ts.zip --key "$certs/org.key" \
		--cert "$certs/org.pem" $trust --tsa "$tsa/ok"
	has "... the report gives the timestamp and its authority" "timestamp authority: Kiemchung Test TSA"
	t "... the query was a POST of application/timestamp-query" grep -q '^/ok [0-9]* application/timestamp-query$' \
		tsa/requests.log
	status 0 "... check verifies it" $kc check $trust ts.zip
	has "... and reports the proven time" "(proven by a timestamp)" "existed at" "proven by the seal's timestamp by Kiemchung Test TSA"
	status 0 "... check --json" $kc check --json $trust ts.zip
	t "... time_source timestamp, proven_time set" json 'j["seal"]["time_source"] == "timestamp" and j["seal"]["proven_time"] > 1633046400 and j["seal"]["certificate_not_after"] == 2556143999'
	t "... openssl cms -verify still verifies the seal (the token is an unsigned attribute)" cms_verify ts.zip
	# rtzip15: a token earlier than the signing time the seal claims (here a month) proves
	# nothing, as verify rules for a signature: the seal's line said so, yet check gave the
	# token's time as every document's proof (proven_time 2021-09-01, "existed at").
	fresh ts-early.zip
	status 0 "rtzip15: a seal claiming 2021-10-01 whose token says 2021-09-01" $kc seal ts-early.zip \
		--key "$certs/org.key" --cert "$certs/org.pem" $trust --tsa "$tsa/at/2021-09-01T00:00:00Z/tsa"
	status 0 "... check --json: the seal valid, its token proving nothing" $kc check --json $trust ts-early.zip
	t "... no proven time for the documents inside" json 'j["seal"]["proven_time"] == 0 and j["seal"]["valid"] and j["seal"]["time_source"] == "now"'
	status 0 "... in words: no \"existed at\"" $kc check $trust ts-early.zip
	t "... only that the timestamp proves nothing" sh -c "grep -q 'earlier than the signing time the signer claims' '$tmp/out' && ! grep -q 'existed at' '$tmp/out'"
	t "... which openssl shows as the signature timestamp" sh -c \
		"openssl cms -cmsout -print -inform DER -in cmsx/META-INF/signature001.p7s | grep -q 'id-smime-aa-timeStampToken'"
	# atkdoss: an archive timestamp dated 2021-12-01 over a seal whose own token says
	# 2022-01-01 (a clock is wrong: the renewal cannot be older than what it covers): check
	# gave the renewal's 2021-12-01 as the seal's proven time, its certificate judged then.
	fresh ar-early.zip
	$kc seal ar-early.zip --key "$certs/org.key" --cert "$certs/org.pem" $trust \
		--tsa "$tsa/at/2022-01-01T00:00:00Z/tsa" >/dev/null 2>&1
	# rtzip16: seal --renew took that token, exit 0, not a word: now refused (nothing written),
	# and made here with --force, which warns.
	cp ar-early.zip ar-early-before.zip
	status 2 "rtzip16: a renewal dated a month before the seal's token it covers is refused" $kc seal --renew \
		ar-early.zip $trust --tsa "$tsa/at/2021-12-01T00:00:00Z/tsa"
	has "... saying why" "cannot be renewed: the timestamp authority dated the renewal 2021-12-01 00:00:00 UTC, before the seal's timestamp it covers (2022-01-01 00:00:00 UTC)"
	t "... nothing written" cmp -s ar-early.zip ar-early-before.zip
	status 0 "atkdoss: a renewal dated a month before the seal's token it covers (--force)" $kc seal --renew ar-early.zip \
		$trust --tsa "$tsa/at/2021-12-01T00:00:00Z/tsa" --force
	has "... with the warning" "warning: renewed despite this (--force): the timestamp authority dated the renewal"
	status 0 "... check --json" $kc check --json $trust ar-early.zip
	t "... proves nothing: the token's own 2022-01-01 is the seal's proven time" json 'j["seal"]["proven_time"] == 1640995200'
	status 0 "... in words" $kc check $trust ar-early.zip
	has "... saying why" "the archive timestamps prove nothing: one is dated before the seal's timestamp that it covers"
	fresh ar-later.zip
	$kc seal ar-later.zip --key "$certs/org.key" --cert "$certs/org.pem" $trust \
		--tsa "$tsa/at/2022-01-01T00:00:00Z/tsa" >/dev/null 2>&1
	status 0 "... while a renewal dated 2022-02-01 keeps the token's time" $kc seal --renew ar-later.zip $trust \
		--tsa "$tsa/at/2022-02-01T00:00:00Z/tsa"
	status 0 "... check --json" $kc check --json $trust ar-later.zip
	t "... proven 2022-01-01, no note" json 'j["seal"]["proven_time"] == 1640995200 and j["seal"]["archive_timestamps"] == 1 and not j["seal"].get("archive_note")'
	# rtzip16: renewed again by a TSA whose clock says 2022-01-15, before the archive timestamp
	# of 2022-02-01 it covers: seal --renew took it, exit 0, and check then found the chain
	# broken ("newer than the one that renews it", FAILED).  Refused now, nothing written.
	cp ar-later.zip ar-later-before.zip
	status 2 "rtzip16: a second renewal dated before the archive timestamp it covers is refused" $kc seal --renew \
		ar-later.zip $trust --tsa "$tsa/at/2022-01-15T00:00:00Z/tsa"
	has "... saying why" "before the newest archive timestamp it covers (2022-02-01 00:00:00 UTC)"
	t "... nothing written" cmp -s ar-later.zip ar-later-before.zip
	status 0 "... while one dated 2022-03-01 renews it" $kc seal --renew ar-later.zip $trust \
		--tsa "$tsa/at/2022-03-01T00:00:00Z/tsa"
	status 0 "... and check finds the chain whole" $kc check --json $trust ar-later.zip
	t "... proven 2022-01-01, two archive timestamps" json 'j["ok"] and j["seal"]["proven_time"] == 1640995200 and j["seal"]["archive_timestamps"] == 2'
	# sealcrl (session 35): the CRLs at hand, current now, travel with the seal: the CA's once
	# in the seal's SignedData (its signer's chain) and once in its token's (the TSA's chain).
	openssl crl -in "$certs/ca.crl.pem" -outform DER -out ca-crl.der
	t "... the seal and its token keep the test CA's CRL (the trust directory's, current)" pyq -c '
import sys
sys.exit(open(sys.argv[2], "rb").read().count(open(sys.argv[1], "rb").read()) != 2)' ca-crl.der cmsx/META-INF/signature001.p7s
	status 0 "... the chains travel with the seal and its token: the root alone is enough" \
		$kc check --no-default-trust --trust "$certs/trust-root-only" --json ts.zip
	t "... the time still proven" json 'j["seal"]["proven_time"] > 1633046400'
	status 1 "... while with nothing trusted, nothing is proven" $kc check --no-default-trust --json ts.zip
	t "... no proven time" json 'j["seal"]["proven_time"] == 0 and not j["seal"]["valid"]'
	# rtzip16: --at (or SOURCE_DATE_EPOCH) vouches for a time the certificate was valid, but the
	# token the TSA returns proves today, and check judges the seal at the token's time: the
	# certificate that ended on 2019-01-01 was sealed, exit 0, not a word, and check found the
	# seal NOT VALID (expired). The Known limits said so (atkdoss).
	fresh at-tsa.zip
	status 2 "rtzip16: seal --at 2018-06-01 --tsa with a certificate ended in 2019, the token today" \
		$kc seal at-tsa.zip --key "$certs/org-expired.key" --cert "$certs/org-expired.pem" $trust \
		--at 2018-06-01T00:00:00Z --tsa "$tsa/ok"
	has "... refused, saying the token's time is the one check judges at" "refusing to seal: the seal's timestamp says" \
		"whatever --at or SOURCE_DATE_EPOCH said" "valid from 2018-01-01 00:00:00 UTC to 2019-01-01 00:00:00 UTC"
	t "... and nothing written" unchanged at-tsa.zip
	status 0 "... --force seals it" $kc seal at-tsa.zip --key "$certs/org-expired.key" --cert "$certs/org-expired.pem" \
		$trust --at 2018-06-01T00:00:00Z --tsa "$tsa/ok" --force
	has "... with the warning" "warning: sealed despite this (--force): the seal's timestamp says"
	status 1 "... which check rejects, as before" $kc check $trust at-tsa.zip
	# The look-alike: a dossier of 2018 sealed then with that certificate, its token of 2018.
	env SOURCE_DATE_EPOCH=1525132800 $kc ingest --report "$src/samples/report-2021.txt" --commune "Thủy An" \
		--district "Phú Vang" --year 2021 -o at-2018.zip "$src/samples/evidence" >/dev/null 2>&1
	cp at-2018.zip at-2018-today.zip
	status 2 "... likewise a dossier of 2018 sealed with SOURCE_DATE_EPOCH of 2018-06-01 and a token of today" \
		env SOURCE_DATE_EPOCH=1527811200 $kc seal at-2018-today.zip --key "$certs/org-expired.key" \
		--cert "$certs/org-expired.pem" $trust --tsa "$tsa/ok"
	has "... saying why" "refusing to seal: the seal's timestamp says"
	t "... nothing written" cmp -s at-2018.zip at-2018-today.zip
	status 0 "... while a seal of 2018 by that certificate, its token of 2018, seals" env SOURCE_DATE_EPOCH=1527811200 \
		$kc seal at-2018.zip --key "$certs/org-expired.key" --cert "$certs/org-expired.pem" $trust \
		--tsa "$tsa/at/2018-06-01T00:00:30Z/tsa"
	status 0 "... and check finds it valid, proven 2018" $kc check --json $trust at-2018.zip
	t "... proven_time 2018-06-01" json 'j["seal"]["valid"] and j["seal"]["proven_time"] == 1527811230'
	for bad in "badnonce:the nonce that was sent" "badimprint:its imprint differs" \
		"untrusted:the timestamp would prove nothing" "rejected:the timestamp authority refused: rejection" \
		"500:answered HTTP 500" "garbage:not an RFC 3161 timestamp reply" "big:larger than 1048576 bytes"; do
		mode=${bad%%:*} why=${bad#*:}
		fresh "ts-$mode.zip"
		status 2 "a TSA reply refused: $mode" $kc seal "ts-$mode.zip" --key "$certs/org.key" \
			--cert "$certs/org.pem" $trust --tsa "$tsa/$mode"
		has "... with a clear error naming the URL" "$tsa/$mode: " "$why"
		t "... and nothing written" unchanged "ts-$mode.zip"
	done
	# tidy36: an authority that answered is at the right address: a 500 says it failed (with
	# its status), a 404 that the server there refuses the request; neither sends the clerk
	# to check the network (both did: "check the address given with --tsa and the network").
	status 2 "a TSA answering HTTP 500 is refused" $kc seal ts-500.zip --key "$certs/org.key" \
		--cert "$certs/org.pem" $trust --tsa "$tsa/500"
	has "... saying the authority failed, with its status" "no timestamp: the authority failed: $tsa/500: " \
		"answered HTTP 500" "the address answered, so try again later"
	t "... not sending the clerk to check the address" sh -c "! grep -q 'check the address' '$tmp/out'"
	status 2 "a TSA path that answers HTTP 404 is refused" $kc seal ts-500.zip --key "$certs/org.key" \
		--cert "$certs/org.pem" $trust --tsa "$tsa/nowhere"
	has "... saying the server there refused the request" "the server at the address given with --tsa refused" \
		"answered HTTP 404"
	t "... not blaming the network" sh -c "! grep -q 'the network' '$tmp/out'"
	# A port nothing listens on.
	dead=$(pyq -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
	status 2 "a TSA that cannot be reached" $kc seal ts-500.zip --key "$certs/org.key" --cert "$certs/org.pem" \
		$trust --tsa "http://127.0.0.1:$dead/tsa"
	has "... named" "http://127.0.0.1:$dead/tsa"
	status 2 "a TSA URL that is not http(s)" $kc seal ts-500.zip --key "$certs/org.key" --cert "$certs/org.pem" \
		$trust --tsa "file:///etc/passwd"

	# --- renewal: archive timestamps (ETSI EN 319 162-1 A.7) ---------------------------------------
	# Sealed in 2021, timestamped by a TSA whose key is reported compromised in 2025 (the CRL
	# in certs/test/trust says so; the store without it stands for 2021's knowledge).
	fresh renew.zip
	status 0 "a seal of 2021, timestamped by a TSA later revoked for a compromised key" $kc seal renew.zip \
		--key "$certs/org.key" --cert "$certs/org.pem" --no-default-trust --trust "$certs/trust-root-only" \
		--trust "$certs/ca.pem" --tsa "$tsa/at/2021-10-02T00:00:00Z/tsa-revoked"
	cp renew.zip not-renewed.zip
	status 0 "check: the seal holds, but its timestamp proves nothing since the revocation" \
		$kc check --json $trust renew.zip
	t "... no proven time" json 'j["seal"]["proven_time"] == 0 and j["seal"]["time_source"] == "now"'
	status 2 "--renew needs --tsa" $kc seal renew.zip --renew $trust
	status 2 "renewing an unsealed dossier is refused" $kc seal base.zip --renew $trust --tsa "$tsa/ok"
	has "... saying so" "is not sealed"
	# A newer archive timestamp vouches for an older one only as far as it proves: its
	# genTime plus its accuracy (added by rttime4).  The 2021 seal renewed in 2024-09 by the
	# TSA compromised on 2025-01-01 (the store without the CRL: what was known then), then
	# by another TSA at "2024-12-31 23:00 ± one day", which may have been written after the
	# compromise, when the older archive token could have been forged: read at its genTime,
	# it kept the compromised TSA's tokens proving 2021-10-02.
	cp not-renewed.zip renew-acc.zip
	status 0 "archive-acc: renewed by the TSA compromised later" $kc seal renew-acc.zip --renew --no-default-trust \
		--trust "$certs/trust-root-only" --trust "$certs/ca.pem" --tsa "$tsa/at/2024-09-01T00:00:00Z/tsa-revoked"
	status 0 "... then at 2024-12-31 23:00 ± one day by another TSA" \
		$kc seal renew-acc.zip --renew $trust --tsa "$tsa/acc/86400/2024-12-31T23:00:00Z/tsa"
	status 0 "... check passes on the newest archive timestamp's own proof" $kc check --json $trust renew-acc.zip
	t "... which does not keep the compromised TSA's tokens proving 2021" json 'j["seal"]["proven_time"] == 1735772400 and j["seal"]["archive_timestamps"] == 2'
	status 0 "seal --renew: an archive timestamp of 2024, before the compromise, by another TSA" \
		$kc seal renew.zip --renew $trust --tsa "$tsa/at/2024-06-01T00:00:00Z/tsa"
	has "... the report names the file" "seal renewed with an archive timestamp (META-INF/timestamp001.tst)"
	t "... the ASiC-E long-term names" sh -c "unzip -l renew.zip | grep -q 'META-INF/ASiCArchiveManifest.xml' && unzip -l renew.zip | grep -q 'META-INF/timestamp001.tst'"
	t "... the archive manifest covers the seal, its manifest and every file, and names its timestamp" sh -c "
		unzip -p renew.zip META-INF/ASiCArchiveManifest.xml >am.xml &&
		grep -q 'SigReference URI=\"META-INF/timestamp001.tst\" MimeType=\"application/vnd.etsi.timestamp-token\"' am.xml &&
		grep -q 'URI=\"META-INF/signature001.p7s\"' am.xml && grep -q 'URI=\"META-INF/ASiCManifest001.xml\"' am.xml &&
		grep -q 'URI=\"dossier.json\"' am.xml && grep -q 'URI=\"data/' am.xml"
	t "... the token is over the archive manifest (openssl ts -verify)" sh -c "
		unzip -p renew.zip META-INF/timestamp001.tst >t1.tst && cat '$certs/root.pem' '$certs/ca.pem' >chain.pem &&
		openssl ts -verify -in t1.tst -token_in -data am.xml -CAfile chain.pem -attime 1717200000 >/dev/null"
	status 0 "check: the archive timestamp keeps the 2021 timestamp proving" $kc check --json $trust renew.zip
	t "... proven at 2021-10-02, one archive timestamp" json 'j["seal"]["proven_time"] == 1633132800 and j["seal"]["archive_timestamps"] == 1 and j["ok"]'
	status 0 "... in words" $kc check $trust renew.zip
	has "... which say so" "existed at 2021-10-02 00:00:00 (UTC): proven by the seal's timestamp by Kiemchung Test TSA (revoked), kept by archive timestamp META-INF/timestamp001.tst" \
		"renewed by 1 archive timestamp"
	# A renewal by a TSA whose key is reported compromised later (the store without the CRL
	# stands for what was known then): it proves nothing, which check notes; the older
	# archive timestamp still proves on its own.
	cp renew.zip renew-bad-tsa.zip
	status 0 "a renewal by a TSA later revoked" $kc seal renew-bad-tsa.zip --renew --no-default-trust \
		--trust "$certs/trust-root-only" --trust "$certs/ca.pem" --tsa "$tsa/at/2024-09-01T00:00:00Z/tsa-revoked"
	status 0 "... check passes: the older archive timestamp still proves 2021-10-02" $kc check --json $trust renew-bad-tsa.zip
	t "... proven as before, two archive timestamps, a note saying the newest proves nothing" json 'j["seal"]["proven_time"] == 1633132800 and j["seal"]["archive_timestamps"] == 2 and "timestamp002.tst, proves nothing" in j["seal"]["archive_note"]'
	status 0 "... in words, with what to do" $kc check $trust renew-bad-tsa.zip
	has "... which say it" "note: the newest archive timestamp, META-INF/timestamp002.tst, proves nothing" "renew the seal"
	status 0 "renew again (now)" $kc seal renew.zip --renew $trust --tsa "$tsa/ok"
	t "... the previous archive manifest renamed ASiCArchiveManifest001.xml, a timestamp002.tst" sh -c \
		"unzip -l renew.zip | grep -q 'META-INF/ASiCArchiveManifest001.xml' && unzip -l renew.zip | grep -q 'META-INF/timestamp002.tst'"
	t "... with the same bytes as before" sh -c "unzip -p renew.zip META-INF/ASiCArchiveManifest001.xml | cmp - am.xml"
	status 0 "... check follows the chain" $kc check --json $trust renew.zip
	t "... two archive timestamps, still proven at 2021-10-02, no note" json 'j["seal"]["archive_timestamps"] == 2 and j["seal"]["proven_time"] == 1633132800 and j["seal"]["archive_note"] is None'
	status 0 "extract accepts the renewed dossier" $kc extract $trust renew.zip -C x-renew
	status 2 "sealing a renewed dossier again is refused (its archive timestamps would go)" $kc seal renew.zip \
		--key "$certs/org.key" --cert "$certs/org.pem" $trust
	has "... pointing to --renew" "--renew --tsa URL"
	# Tampering with the chain.
	surgery() { # IN OUT NAME [FILE]: OUT is IN with entry NAME replaced by FILE's bytes, or dropped
		pyq - "$@" <<'PY'
import sys, zipfile
src, dst, name = sys.argv[1:4]
new = open(sys.argv[4], "rb").read() if len(sys.argv) > 4 else None
with zipfile.ZipFile(src) as a, zipfile.ZipFile(dst, "w") as b:
    for i in a.infolist():
        data = a.read(i)
        if i.filename == name:
            if new is None:
                continue
            data = new
        b.writestr(i, data)
PY
	}
	unzip -p renew.zip META-INF/timestamp001.tst >t1.tst
	pyq -c 'import sys; b = bytearray(open("t1.tst","rb").read()); b[-20] ^= 1; open("t1x.tst","wb").write(b)'
	surgery renew.zip renew-t1.zip META-INF/timestamp001.tst t1x.tst
	status 1 "a changed archive timestamp fails check" $kc check $trust renew-t1.zip
	has "... named" "META-INF/timestamp001.tst"
	status 1 "... and extract refuses it" $kc extract $trust renew-t1.zip -C x-renew-t1
	unzip -p renew.zip META-INF/timestamp002.tst >t2.tst
	pyq -c 'import sys; b = bytearray(open("t2.tst","rb").read()); b[-20] ^= 1; open("t2x.tst","wb").write(b)'
	surgery renew.zip renew-t2.zip META-INF/timestamp002.tst t2x.tst
	status 1 "the newest archive timestamp changed (no newer one covers it): check fails all the same" \
		$kc check $trust renew-t2.zip
	has "... saying its signature does not verify" "META-INF/timestamp002.tst: not a timestamp over its archive manifest: its signature does not verify"
	surgery renew.zip renew-gone.zip META-INF/timestamp002.tst
	status 1 "a missing timestamp fails check" $kc check $trust renew-gone.zip
	has "... named" "META-INF/ASiCArchiveManifest.xml"
	printf '<x/>' >junk.xml
	surgery renew.zip renew-junk.zip META-INF/ASiCArchiveManifest001.xml junk.xml
	status 1 "an archive manifest replaced fails check" $kc check $trust renew-junk.zip
	pyq - <<'PY'
import zipfile
with zipfile.ZipFile("renew.zip") as a, zipfile.ZipFile("renew-extra.zip", "w") as b:
    for i in a.infolist():
        b.writestr(i, a.read(i))
    b.writestr("META-INF/timestamp009.tst", b"0")
PY
	status 1 "a timestamp no archive manifest names fails check" $kc check $trust renew-extra.zip
	has "... named" "META-INF/timestamp009.tst"
	status 1 "archive timestamps in a dossier that is not sealed fail check" sh -c \
		"cp base.zip plain.zip && $py -c \"
import zipfile
with zipfile.ZipFile('renew.zip') as a, zipfile.ZipFile('plain.zip', 'a') as b:
    for n in ('META-INF/ASiCArchiveManifest.xml', 'META-INF/timestamp002.tst'):
        b.writestr(n, a.read(n))
\" && $kc check $trust plain.zip"
	status 0 "the same dossier renewed only today (after the compromise)" $kc seal not-renewed.zip --renew $trust \
		--tsa "$tsa/ok"
	$kc check --json $trust not-renewed.zip >"$tmp/out" 2>&1
	t "... its seal is proven only from today: renewal must come before the compromise" \
		json 'j["seal"]["proven_time"] > 1700000000'
	kill "$tsa_pid" 2>/dev/null
	wait "$tsa_pid" 2>/dev/null
	tsa_pid=
else
	skip "the test TSA did not start: $(cat tsa/server.log)"
fi

# --- usage -------------------------------------------------------------------------------------------
status 0 "seal --help" $kc seal --help
has "... lists the token, the TSA, renewal and the trust options" "pkcs11:token=" "--tsa URL" "--renew" \
	"--pin-file" "--trust PATH" "--roles FILE"
# A timestamp authority that cannot be reached says so in words a clerk can act on (newcomer35: a bare
# "http://…: Error resolving …" or "Could not connect to …", half in the system's language).
fresh tsa-gone.zip
status 2 "a timestamp authority that cannot be reached is refused" \
	$kc seal tsa-gone.zip --key "$certs/org.key" --cert "$certs/org.pem" --tsa http://127.0.0.1:1/ $trust
has "... saying what failed and what to check" "no timestamp from the authority: http://127.0.0.1:1/" \
	"check the address given with --tsa and the network"
t "... and nothing is written" unchanged tsa-gone.zip
status 2 "--renew with a key" $kc seal base.zip --renew --tsa http://127.0.0.1:1/ --key "$certs/org.key"
status 0 "check takes the trust options too" $kc check $trust --allow-weak --leader-title "Bí thư" \
	--at 2022-01-01T00:00:00Z pem.zip
status 2 "... and refuses a bad --at" $kc check $trust --at yesterday pem.zip
status 0 "extract takes them" $kc extract $trust --roles roles.csv pem.zip -C x-pem
status 2 "ingest takes them, and a trust path that is not there is an error at once" $kc ingest \
	--trust "$tmp/no-such" -o never.zip "$src/samples/evidence"

finish
