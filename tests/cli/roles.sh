#!/bin/sh
# roles.sh: certificates that look like a leader's or the organisation's, or like the
# commune's own, and are not (the red team of roles and agencies) (TAP).
#
# The certificates and the signed decisions come from
# tests/fixtures/make-role-certs.sh, made here at test time; each row says what
# `verify` must call the signer, what `index` must count for Xã Thủy An, or whether
# the certificate may seal Thủy An's dossier.
#
# Environment: KC_BUILD_ROOT, KC_SOURCE_ROOT (set by meson), PYTHON, KC_WRAPPER.
set -u
export TZ=UTC

build=${KC_BUILD_ROOT:?KC_BUILD_ROOT is not set}
src=${KC_SOURCE_ROOT:?KC_SOURCE_ROOT is not set}
kc=$build/src/cli/kiemchung
py="${PYTHON:-python3} -W ignore"
certs=$src/certs/test

tmp=$(mktemp -d "${TMPDIR:-/tmp}/kc-roles-test.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM
. "$src/tests/cli/wrap.sh"
kc="$kc --quiet"
. "$src/tests/cli/tap.sh"
. "$src/tests/fixtures/pyserve.sh" # pyq: the suite's Python one-liners, one Python answers them
pyserve_start "$tmp" "$tmp/pyserve.log"
trust="--no-default-trust --trust $certs/trust"
cd "$tmp" || exit 1

fx=$tmp/fx
mkdir "$fx"
KC_TESTSIGN=$build/tests/kc-testsign sh "$src/tests/fixtures/make-role-certs.sh" "$fx" >"$tmp/why" 2>&1 ||
	{ echo "Bail out! make-role-certs.sh failed"; cat "$tmp/why"; exit 1; }

# role NAME WANT: verify --json calls the signer of NAME.pdf WANT (leader, org, person),
# the signature valid.
role() {
	$kc verify $trust --json "$fx/$1.pdf" >"$tmp/out" 2>&1
	got=$(pyq -c "import json,sys; s = json.load(open('$tmp/out'))['signatures'][0]; print(s['status'], s['role'])" 2>&1)
	if [ "$got" = "valid $2" ]; then ok "$1: $2"; else
		{ echo "got: $got, wanted: valid $2"; cat "$tmp/out"; } >"$tmp/why"
		notok "$1: $2"
	fi
}

# leader21 NAME WANT [OPTION…]: index of a register of Xã Thủy An whose one row is NAME.pdf
# gives criterion 21 as WANT ("1/1" or "0/1").
leader21() {
	rm -rf reg && mkdir reg && cp "$fx/$1.pdf" reg/
	{
		printf 'Số, ký hiệu văn bản;Ngày tháng văn bản;Tên loại và trích yếu nội dung văn bản;Người ký;Nơi nhận văn bản;Đơn vị, người nhận bản lưu;Số lượng bản;Ngày chuyển;Ký nhận;Ghi chú;Tệp\n'
		printf '15/QĐ-UBND;15/03/2021;Quyết định;Trần Văn Hùng;UBND huyện Phú Vang;VP;1;;;;%s.pdf\n' "$1"
	} >reg/register.csv
	l21n=$1 l21w=$2
	shift 2
	$kc index $trust --commune "Xã Thủy An" "$@" --json reg/register.csv >"$tmp/out" 2>&1 </dev/null
	got=$(pyq -c "import json; c = json.load(open('$tmp/out'))['criteria']['21']; print('%d/%d' % (c['numerator'], c['denominator']))" 2>&1)
	if [ "$got" = "$l21w" ]; then ok "$l21n: criterion 21 for Xã Thủy An $l21w $*"; else
		{ echo "got: $got, wanted: $l21w"; cat "$tmp/out"; } >"$tmp/why"
		notok "$l21n: criterion 21 for Xã Thủy An $l21w $*"
	fi
}

# --- a title "Chủ tịch" alone: the chairman of the body his OU (else O) names ----------
role chair-farmers person
role chair-farmers-ou person
role chair-council person
role chair-company person
role chair-vgca leader
leader21 chair-farmers 0/1
leader21 chair-company 0/1
leader21 chair-vgca 1/1

# seal NAME WANT: seal of Thủy An's dossier (huyện Phú Vang, Thừa Thiên Huế) with NAME.pem
# exits WANT; with --force it seals, and check then exits CHECK.
export SOURCE_DATE_EPOCH=1633046400 # 2021-10-01, the dossier's time
$kc ingest --report "$src/samples/report-2021.txt" --commune "Thủy An" --district "Phú Vang" \
	--province "Thừa Thiên Huế" --year 2021 -o base.zip "$src/samples/evidence" >/dev/null 2>&1 ||
	{ echo "Bail out! cannot make the dossier"; exit 1; }
seal() {
	cp base.zip "$1.zip"
	status "$2" "$1: seal of Thủy An's dossier exits $2" $kc seal "$1.zip" --key "$fx/roles.key" --cert "$fx/$1.pem" $trust
	cp base.zip "$1.zip"
	$kc seal "$1.zip" --key "$fx/roles.key" --cert "$fx/$1.pem" $trust --force >/dev/null 2>&1
	status "$3" "... check of its --force seal exits $3" $kc check $trust "$1.zip"
}

# --- a person's name that folds to an agency's word: not the organisation -------------
role org-ban person
role org-bo person
role org-dang person
role org-ascii org
seal org-ban 2 1
has "... as a person's" "Bàn Văn Hùng, a person's"
seal org-ascii 0 0

# --- a unit under the committee is not the committee its O names ---------------------
role org-police org
for c in org-police org-clinic; do
	seal $c 2 1
	has "... naming the dossier's commune" "which is not the dossier's commune (UBND xã Thủy An)"
done

# --- a leader's title naming another commune's committee ------------------------------
role chair-thuyvan leader
leader21 chair-thuyvan 0/1
has "... another agency's" "other-agency"
leader21 chair-titled 1/1

# --- the namesake commune of another district, by its L or OU --------------------------
for c in place-l place-ou place-ou2; do
	seal $c 2 1
	has "... of another district" "of another district or province than the dossier's"
done
seal place-own-l 0 0

# --- the district behind an en dash or an abbreviation ----------------------------------
for c in place-dash place-abbr place-abbr-cn; do
	seal $c 2 1
	has "... of another district" "of another district or province than the dossier's"
done
seal place-own-abbr 0 0

# --- what a TLS-only sub-CA issued does not sign documents -----------------------------
$kc verify $trust --json "$fx/tls-org.pdf" >"$tmp/out" 2>&1
check "tls-org: invalid, key-usage (its issuer is a CA for TLS only)" \
	"pyq -c \"import json; s = json.load(open('$tmp/out'))['signatures'][0]; assert s['status'] == 'invalid' and 'key-usage' in s['reasons'], s\" >'$tmp/why' 2>&1"
has "... saying which authority" "Kiemchung Test tls CA" "TLS Web Server Authentication"
role docs-org org

# --- a leaf holding its CA's key: the CA's signatures over certificates carry over -----
for f in shared-key.pdf shared-key.bin; do
	$kc verify $trust --json "$fx/$f" >"$tmp/out" 2>&1
	check "$f: invalid, key-usage (the signer holds the signing CA's key)" \
		"pyq -c \"import json; s = json.load(open('$tmp/out'))['signatures'][0]; assert s['status'] == 'invalid' and 'key-usage' in s['reasons'], s\" >'$tmp/why' 2>&1"
	has "... saying so" "holds the key of the certification authority"
done

# --- a commune whose name differs from Thủy An's by a tone mark ------------------------
seal name-thuy-sac 2 1
has "... naming the dossier's commune" "which is not the dossier's commune (UBND xã Thủy An)"
seal name-thuy-style 0 0
rm -rf reg && mkdir reg && cp "$fx/name-thuy-sac.pdf" reg/
{
	printf 'Số, ký hiệu văn bản;Ngày tháng văn bản;Tên loại và trích yếu nội dung văn bản;Người ký;Nơi nhận văn bản;Đơn vị, người nhận bản lưu;Số lượng bản;Ngày chuyển;Ký nhận;Ghi chú;Tệp\n'
	printf '15/QĐ-UBND;15/03/2021;Quyết định;UBND xã Thúy An;UBND huyện Phú Vang;VP;1;;;;name-thuy-sac.pdf\n'
} >reg/register.csv
$kc index $trust --commune "Xã Thủy An" --json reg/register.csv >"$tmp/out" 2>&1 </dev/null
check "name-thuy-sac on Thủy An's register: not signed (another agency)" \
	"pyq -c \"import json; c = json.load(open('$tmp/out'))['criteria']['20']; assert c['numerator'] == 0, c\" >'$tmp/why' 2>&1"
$kc index $trust --commune "Xa Thuy An" --json reg/register.csv >"$tmp/out" 2>&1 </dev/null
check "... while a commune typed without diacritics matches either" \
	"pyq -c \"import json; c = json.load(open('$tmp/out'))['criteria']['20']; assert c['numerator'] == 1, c\" >'$tmp/why' 2>&1"
leader21 chair-thuy-sac 0/1

# --- "Chủ tịch" alone, and no body named at all ------------------------------------------
role chair-nobody person
leader21 chair-nobody 0/1

# --- a leader's title naming the commune, his O its district (no OU) ---------------------
role leader-district leader
role vice-district leader
leader21 leader-district 1/1
leader21 vice-district 1/1
leader21 leader-district-other 0/1
# --- "Chủ tịch UBND" or "Chủ tịch UBND xã" naming no place, and no body named ---------
role chair-ubnd-nobody person
leader21 chair-ubnd-nobody 0/1
role chair-ubnd-xa person
leader21 chair-ubnd-xa 0/1

# --- "Chủ tịch" of a committee its OU or O names without a place ------------------------
role chair-ou-ubnd person
leader21 chair-ou-ubnd 0/1
role chair-o-ubnd-xa person
leader21 chair-o-ubnd-xa 0/1

# --- the district named without its level word ("L=Phong Điền", "(Phong Điền)") -------
for c in place-l-bare place-paren; do
	seal $c 2 1
	has "... of another district" "of another district or province than the dossier's"
done
seal place-own-l-bare 0 0
# an L typed with a dot or an underscore (rtcert4)
for c in place-l-dot place-l-underscore; do
	seal $c 2 1
	has "... of another district" "of another district or province than the dossier's"
done
seal place-own-l-dot 0 0

# --- a natural person's certificate whose common name is the committee's -----------------
for c in person-pseudonym person-gnsn person-cccd; do
	role $c person
	seal $c 2 1
	has "... a natural person's" "a natural person's (its subject holds"
done
role person-pseudonym-chair person
leader21 person-pseudonym-chair 0/1
role org-mst org
seal org-mst 0 0
role chair-gnsn leader
leader21 chair-gnsn 1/1

# --- a roles file's serial and issuer, and a second CA of that issuer's name ---------------
# roled CSV NAME WANT: as role, with the roles file CSV
roled() {
	$kc verify $trust --roles "$fx/$1" --json "$fx/$2.pdf" >"$tmp/out" 2>&1
	got=$(pyq -c "import json,sys; s = json.load(open('$tmp/out'))['signatures'][0]; print(s['status'], s['role'])" 2>&1)
	if [ "$got" = "valid $3" ]; then ok "$2 with $1: $3"; else
		{ echo "got: $got, wanted: valid $3"; cat "$tmp/out"; } >"$tmp/why"
		notok "$2 with $1: $3"
	fi
}
roled roles-serial.csv official-serial leader
roled roles-serial.csv twin-leader person

# --- namesakes of the chairman a roles file names by name ----------------------------------
roled roles-names.csv namesake-citizen person
roled roles-names.csv namesake-farmers person
roled roles-names.csv name-chair leader

# --- a namesake commune's chairman, of another province or district ------------------------
leader21 chair-quangtri 0/1 --district "UBND tỉnh Thừa Thiên Huế"
has "... another agency's" "other-agency"
leader21 chair-phongdien 0/1 --district "UBND huyện Phú Vang"
leader21 chair-vgca 1/1 --district "UBND huyện Phú Vang"
leader21 chair-vgca 1/1 --district "UBND tỉnh Thừa Thiên Huế"

# --- a title --leader-title adds chairs the body its OU (else O) names, as "Chủ tịch" alone --
leader21 acting-farmers 0/1 --leader-title "Q. Chủ tịch"
leader21 acting-nobody 0/1 --leader-title "Q. Chủ tịch"
leader21 acting-own 1/1 --leader-title "Q. Chủ tịch"
leader21 acting-own 0/1

# --- the committee named in OU or CN under a company's or an association's O -------------------
role ou-company person
leader21 ou-company 0/1
role ou-farmers person
role ou-tinh leader
leader21 ou-tinh 1/1
role org-company person
seal org-company 2 1
has "... whose O is a company" "whose organisation (O) is Công ty TNHH In ấn Minh Phát, neither a People's Committee nor a place"

# --- the district named only in the street address ------------------------------------------------
seal place-street 2 1
has "... of another district" "of another district or province than the dossier's"
seal place-own-street 0 0

# --- a company by its abbreviations (Cty, TNHH, JSC, Co., Ltd) under an agency's or a place's word in O --
role org-branch-cty person
seal org-branch-cty 2 1
has "... whose O is a company" "whose organisation (O) is Chi nhánh Cty TNHH In ấn Minh Phát, neither a People's Committee nor a place"
role chair-branch-cty person
leader21 chair-branch-cty 0/1
role org-repoffice person
seal org-repoffice 2 1
role org-place-jsc person
seal org-place-jsc 2 1
# rtnew4: CTCP (Công ty cổ phần), HTX (a cooperative) behind a place's word
role org-place-ctcp person
seal org-place-ctcp 2 1
role org-place-htx person
seal org-place-htx 2 1
role org-place-cdotty person
seal org-place-cdotty 2 1
for co in runon tnhhmtv dotted dash limited xinghiep hokd; do
	role org-place-$co person
	seal org-place-$co 2 1
done

# --- the committee's chairman by his whole title, under a company's or an association's O ----------
role chair-title-company person
leader21 chair-title-company 0/1
role chair-title-farmers person
leader21 acting-title-company 0/1 --leader-title "Q. Chủ tịch UBND xã Thủy An"
leader21 leader-district 1/1
roled roles-names.csv namesake-company person

# --- an organisation certificate that names no place: any namesake commune's ------------------------
role org-noplace org
seal org-noplace 2 1
has "... naming no place" "whose certificate names no district or province"
cp base.zip org-noplace-pinned.zip
status 0 "org-noplace: seal with a roles file naming its fingerprint exits 0" \
	$kc seal org-noplace-pinned.zip --key "$fx/roles.key" --cert "$fx/org-noplace.pem" $trust --roles "$fx/roles-noplace.csv"
status 0 "... check with that roles file exits 0" $kc check $trust --roles "$fx/roles-noplace.csv" org-noplace-pinned.zip
status 1 "... check without it exits 1" $kc check $trust org-noplace-pinned.zip

# --- a chain whose sub-CA requires an explicit policy (RFC 5280 policyConstraints) ----------------
$kc verify $trust --json "$fx/policy-org.pdf" >"$tmp/out" 2>&1
status 1 "policy-org: a leaf naming no policy under requireExplicitPolicy is not valid" $kc verify $trust "$fx/policy-org.pdf"
has "... the chain's policy" "policy"
role policy-org-ok org
role policy-dup org

# --- a natural person's identity number as the 2024 card and the bare number write it -------------
for c in person-cancuoc person-idnum; do
	role $c person
	seal $c 2 1
	has "... a natural person's" "a natural person's"
done
role org-mst org

# --- an L that names no district (a hamlet, a dot, the commune itself) names no place --------------
for c in noplace-hamlet noplace-dot; do
	seal $c 2 1
	has "... naming no place" "whose certificate names no district or province"
done
seal noplace-commune 2 1 # refused already: a bare L must be one of the dossier's places
seal l-own-bare 2 1 # L=Phú Vang and no province: refused since rtcert5 (below)

# --- an ST that is the country or a filler names no province: a dossier naming only its district ---
$kc ingest --report "$src/samples/report-2021.txt" --commune "Thủy An" --district "Phú Vang" --year 2021 \
	-o base-district.zip "$src/samples/evidence" >/dev/null 2>&1 || { echo "Bail out! cannot make the dossier"; exit 1; }
for c in noplace-st-vn noplace-st-country; do
	cp base-district.zip "$c-d.zip"
	status 2 "$c: seal of Thủy An's dossier naming only huyện Phú Vang exits 2" \
		$kc seal "$c-d.zip" --key "$fx/roles.key" --cert "$fx/$c.pem" $trust
	has "... naming no place" "whose certificate names no district or province"
done
cp base-district.zip place-d.zip
status 0 "... org-ascii (ST=Thua Thien Hue) seals it" \
	$kc seal place-d.zip --key "$fx/roles.key" --cert "$fx/org-ascii.pem" $trust

# --- a certificate that names its district and no province, for a dossier naming its province ---
for c in place-district-only place-district-o; do
	seal $c 2 1
	has "... naming no province" "whose certificate names no province"
done
cp base.zip place-district-pinned.zip
status 0 "place-district-only: seal with a roles file naming its fingerprint exits 0" \
	$kc seal place-district-pinned.zip --key "$fx/roles.key" --cert "$fx/place-district-only.pem" $trust \
	--roles "$fx/roles-district-only.csv"
status 0 "... check with that roles file exits 0" $kc check $trust --roles "$fx/roles-district-only.csv" \
	place-district-pinned.zip
$kc ingest --report "$src/samples/report-2021.txt" --commune "Thủy An" --province "Thừa Thiên Huế" --year 2021 \
	-o base-province.zip "$src/samples/evidence" >/dev/null 2>&1 || { echo "Bail out! cannot make the dossier"; exit 1; }
cp base-province.zip place-district-p.zip
status 2 "place-district-only: seal of Thủy An's dossier naming only its province exits 2" \
	$kc seal place-district-p.zip --key "$fx/roles.key" --cert "$fx/place-district-only.pem" $trust
has "... naming no province" "whose certificate names no province"
cp base-province.zip place-own-p.zip
status 0 "... place-own-l (ST and L=huyện Phú Vang) seals it" \
	$kc seal place-own-p.zip --key "$fx/roles.key" --cert "$fx/place-own-l.pem" $trust

# index and review of a certificate naming no place: roles_untied.sh
. "$src/tests/cli/roles_untied.sh"

# --- a bare place after a hamlet's number, or before a number ------------------------------
for c in place-l-hamlet place-street-hamlet place-l-number; do
	seal $c 2 1
	has "... of another district" "of another district or province than the dossier's"
done
seal place-own-l-hamlet 0 0
seal place-own-street-hamlet 0 0

# --- a company's branch abbreviated with a slash or a space, or its legal form in words ---------
for c in org-branch-cslash org-branch-cspace org-branch-tnhh-words; do
	role $c person
	seal $c 2 1
	has "... neither a People's Committee nor a place" "neither a People's Committee nor a place"
done

# --- a bare L written with other marks than a dot or an underscore ---------------------------
for c in place-l-middot place-l-bang place-l-guillemets place-l-pipe; do
	seal $c 2 1
	has "... of another district" "of another district or province than the dossier's"
done
seal place-own-l-marks 0 0

# rtcert6 to rtcert8, the body a title names: roles_bodies.sh
. "$src/tests/cli/roles_bodies.sh"

# rtcert10 and on: roles_places.sh (this file reached 600 lines)
. "$src/tests/cli/roles_places.sh"

# rtcert18 and on: roles_offices.sh (roles_places.sh neared 600 lines)
. "$src/tests/cli/roles_offices.sh"

finish
