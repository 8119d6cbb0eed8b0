# roles_places.sh: rows of roles.sh on the places a leader's or the organisation's certificate
# names after its commune's name, sourced by roles.sh (its helpers, fixtures and dossiers) when
# that file reached 600 lines; the certificates are make-role-places.sh's.

# leader21at NAME COMMUNE WANT [OPTION…]: as leader21, for COMMUNE
leader21at() {
	rm -rf reg && mkdir reg && cp "$fx/$1.pdf" reg/
	{
		printf 'Số, ký hiệu văn bản;Ngày tháng văn bản;Tên loại và trích yếu nội dung văn bản;Người ký;Nơi nhận văn bản;Đơn vị, người nhận bản lưu;Số lượng bản;Ngày chuyển;Ký nhận;Ghi chú;Tệp\n'
		printf '15/QĐ-UBND;15/03/2021;Quyết định;Nguyễn Văn An;UBND;VP;1;;;;%s.pdf\n' "$1"
	} >reg/register.csv
	lan=$1 lac=$2 law=$3
	shift 3
	$kc index $trust --commune "$lac" "$@" --json reg/register.csv >"$tmp/out" 2>&1 </dev/null
	got=$(pyq -c "import json; c = json.load(open('$tmp/out'))['criteria']['21']; print('%d/%d' % (c['numerator'], c['denominator']))" 2>&1)
	if [ "$got" = "$law" ]; then ok "$lan: criterion 21 for $lac $law $*"; else
		{ echo "got: $got, wanted: $law"; cat "$tmp/out"; } >"$tmp/why"
		notok "$lan: criterion 21 for $lac $law $*"
	fi
}

# --- rtcert10: a committee's name followed by its district with no mark ---------------------
# "OU=UBND xã Thủy An huyện Phú Vang" was read as the commune "Thủy An huyện Phú Vang": the
# honest chairman 0/1 for Xã Thủy An, with or without the district; so were his committee in
# capitals, his deputy's title naming it so, and the organisation's certificate
leader21 legit-nosep-place 1/1
leader21 legit-nosep-place 1/1 --district "UBND huyện Phú Vang"
leader21 legit-nosep-place 0/1 --district "UBND huyện Phong Điền"
leader21 legit-nosep-caps 1/1 --district "UBND huyện Phú Vang"
role legit-nosep-title leader
leader21 legit-nosep-title 1/1 --district "UBND huyện Phú Vang"
leader21 legit-bare-place 1/1 --district "UBND huyện Phú Vang"
role legit-nosep-org org
leader20 legit-nosep-org "Xã Thủy An" 1/1
seal legit-nosep-org 0 0
# and of a ward of a quận, a commune of a thị xã, and a commune whose name holds "Quan" (no quận)
leader21at legit-nosep-quan "Phường 5" 1/1 --district "UBND quận 3"
leader21at legit-dongquan "Xã Đông Quan" 1/1 --district "UBND huyện Đông Hưng"
leader21at legit-nosep-tx "Xã Thủy Phù" 1/1 --district "UBND thị xã Hương Thủy"
# the leader's common name holding his committee in a bracket was read as a place other than
# the district: 0/1 with --district
leader21 legit-cn-title 1/1 --district "UBND huyện Phú Vang"
# the district read so must be the one the reviewer names and the one the O names: a namesake
# Thủy An of Phong Điền filed under Phú Vang's O (with a comma it counted 1/1 with no district)
for c in nosep-other-district comma-other-district cn-title-other; do
	leader21 $c 0/1
	leader21 $c 0/1 --district "UBND huyện Phú Vang"
done
leader21 nosep-other-noo 0/1 --district "UBND huyện Phú Vang"
leader20 nosep-org-other "Xã Thủy An" 0/1
seal nosep-org-other 2 1
has "... naming two districts" "names another district in its unit (OU), title or common name than in its organisation (O) (UBND huyện Phú Vang)"

# --- rtcert10: a body's abbreviation in lower case, or without its đ, after the committee's
# name with no mark: each was a leader, 1/1 for Thủy An
for c in body-mttq-lower body-hnd-lower body-dtn-lower body-hdnd-ascii; do
	role $c person
	leader21 $c 0/1
done

# --- rtcert10: a subjectAltName directoryName naming another commune's committee or another
# body than the subject (openssl x509 -text: "DirName:/OU=UBND xa Thuy Van"): the subject alone
# was read, the chairman 1/1 for Thủy An and the organisation sealed its dossier
x509_dirname=$(openssl x509 -in "$fx/san-other.pem" -noout -ext subjectAltName 2>/dev/null | tr -d '\n')
case $x509_dirname in
*"DirName:/OU=UBND xa Thuy Van"*) ok "san-other: openssl x509 shows the directoryName" ;;
*) echo "got: $x509_dirname" >"$tmp/why"; notok "san-other: openssl x509 shows the directoryName" ;;
esac
leader21 san-other 0/1
leader21 san-other 0/1 --district "UBND huyện Phú Vang"
role san-body person
leader21 san-body 0/1
leader20 san-org-other "Xã Thủy An" 0/1
seal san-org-other 2 1
# the honest look-alike: the directoryName repeats the subject, beside an e-mail address
role legit-san-same org
leader20 legit-san-same "Xã Thủy An" 1/1
seal legit-san-same 0 0

# --- rtcert11: a natural person's tax code, the twelve-digit personal identification number
# since July 2025 (UID=MST:046085001234): the citizen's certificate naming the committee in CN
# and O was the organisation, 1/1 for criterion 20's organisation and sealed Thủy An's dossier
for c in person-mst12 person-mst12-sn; do
	role $c person
	seal $c 2 1
	has "... a natural person's" "a natural person's (its subject holds"
done
# the honest look-alikes: the committee's ten-digit tax code (org-mst) and a dependent unit's
# thirteen (3300100001-001) stay the organisation's
role legit-mst-unit org
seal legit-mst-unit 0 0
role org-mst org

# --- rtcert11: a roles file naming the organisation by its name ("UBND xã Thủy An,org") made
# a natural person's certificate of that common name (UID=CCCD:…) the organisation: it sealed
# Thủy An's dossier, and its visible signature over the chairman's left his valid (the
# README: a natural person's certificate is never the organisation's)
roled roles-org-name.csv person-cccd person
cp base.zip person-cccd-named.zip
status 2 "person-cccd: seal with roles-org-name.csv exits 2" \
	$kc seal person-cccd-named.zip --key "$fx/roles.key" --cert "$fx/person-cccd.pem" $trust --roles "$fx/roles-org-name.csv"
cp base.zip person-cccd-named.zip
$kc seal person-cccd-named.zip --key "$fx/roles.key" --cert "$fx/person-cccd.pem" $trust --force >/dev/null 2>&1
status 1 "... check of its --force seal with roles-org-name.csv exits 1" \
	$kc check $trust --roles "$fx/roles-org-name.csv" person-cccd-named.zip
# firstr CSV NAME WANT: as first (roles.sh), with the roles file CSV
firstr() {
	$kc verify $trust --roles "$fx/$1" --json "$fx/$2.pdf" >"$tmp/out" 2>&1
	got=$(pyq -c "import json; s = json.load(open('$tmp/out'))['signatures'][0]; print(s['status'], ','.join(s['reasons']) or '-')" 2>&1)
	if [ "$got" = "$3" ]; then ok "$2 with $1: the chairman's signature $3"; else
		{ echo "got: $got, wanted: $3"; cat "$tmp/out"; } >"$tmp/why"
		notok "$2 with $1: the chairman's signature $3"
	fi
}
firstr roles-org-name.csv person-cccd-visible "invalid modified-after-signing"
# the honest look-alikes: the committee's own certificate so named is the organisation, seals,
# and draws over its chairman's signature
roled roles-org-name.csv place-own-l org
cp base.zip place-own-l-named.zip
status 0 "place-own-l: seal with roles-org-name.csv exits 0" \
	$kc seal place-own-l-named.zip --key "$fx/roles.key" --cert "$fx/place-own-l.pem" $trust --roles "$fx/roles-org-name.csv"
firstr roles-org-name.csv legit-org-visible "valid -"

# --- rtcert11: a deputy's title as offices abbreviate it ("P. Chủ tịch", "PCT", "Phó CT"): a
# person, the honest deputy 0/1 for Thủy An (README Known limits until rtcert11)
for c in deputy-p deputy-pct deputy-phoct; do
	role $c leader
	leader21 $c 1/1
	leader21 $c 1/1 --district "UBND huyện Phú Vang"
done
# read as the full title is: another commune's deputy leads that one, the association's is a person
role deputy-pct-other leader
leader21 deputy-pct-other 0/1
has "... another agency's" "other-agency"
for c in deputy-pct-farmers deputy-p-farmers; do
	role $c person
	leader21 $c 0/1
done

# --- rtcert11: a right-to-left override in the unit or the common name, the Farmers' Association's
# name stored reversed after it: Pango draws the OU as "UBND xã Thủy An, Hội Nông dân", pixel for
# pixel; kiemchung read the reversed words as a place, the chairman a leader, 1/1 for Thủy An
rlo=$(printf '\342\200\256') pdf=$(printf '\342\200\254')
if command -v pango-view >/dev/null 2>&1; then
	pango-view --no-display --font="DejaVu Sans 12" --text="UBND xã Thủy An, ${rlo}nâd gnôN iộH${pdf}" -o "$tmp/a.png" >/dev/null 2>&1
	pango-view --no-display --font="DejaVu Sans 12" --text="UBND xã Thủy An, Hội Nông dân" -o "$tmp/b.png" >/dev/null 2>&1
	check "bidi-ou: Pango draws its OU as the Farmers' Association's name" "test -s '$tmp/a.png' && cmp -s '$tmp/a.png' '$tmp/b.png'"
else
	skip "bidi-ou: pango-view is not installed"
fi
for c in bidi-ou bidi-cn; do
	role $c person
	leader21 $c 0/1
done
# the honest look-alikes: the same subjects without the override, naming a place (rtcert7) or his own committee (rtcert9)
role legit-after-ou leader
role legit-cn-own leader

# --- rtcert12: a character drawn as nothing (a variation selector of the supplement, a Khmer
# inherent vowel) inside a body's word: Pango draws the OU as the Farmers' Association's name,
# pixel for pixel; kiemchung read it as a blank ("H ội"), a place's word: the association's
# chairman, or the Youth Union's certificate, Thủy An's leader (1/1) or organisation (sealed)
vs=$(printf '\363\240\204\200')
if command -v pango-view >/dev/null 2>&1; then
	pango-view --no-display --font="DejaVu Sans 12" --text="UBND xã Thủy An - H${vs}ội Nông dân" -o "$tmp/a.png" >/dev/null 2>&1
	pango-view --no-display --font="DejaVu Sans 12" --text="UBND xã Thủy An - Hội Nông dân" -o "$tmp/b.png" >/dev/null 2>&1
	check "hidden-ou: Pango draws its OU as the Farmers' Association's name" "test -s '$tmp/a.png' && cmp -s '$tmp/a.png' '$tmp/b.png'"
else
	skip "hidden-ou: pango-view is not installed"
fi
for c in hidden-ou hidden-cn hidden-o; do
	role $c person
	leader21 $c 0/1
	leader21 $c 0/1 --district "UBND huyện Phú Vang"
done
# (base.zip is the dossier naming only its province here: roles.sh, rtcert7)
role hidden-org person
seal hidden-org 2 1
# the honest look-alikes: the same character inside the commune's own name, a soft hyphen in
# the title (drawn "Chủ tịch"; a person before rtcert12, the honest chairman under-counted)
for c in legit-hidden-name legit-hidden-title; do
	role $c leader
	leader21 $c 1/1
	leader21 $c 1/1 --district "UBND huyện Phú Vang"
done

# --- rtcert12: a title saying after its committee's place that its holder is the former
# (nguyên), retired or acting chairman: read as a place after a mark, a leader, 1/1 for Thủy An
for c in former-paren former-dash retired acting-paren; do
	role $c person
	leader21 $c 0/1
	leader21 $c 0/1 --district "UBND huyện Phú Vang"
done
# the honest look-alikes: places after the committee's name, "huyện đảo" (an island district)
for c in legit-title-paren legit-title-dash; do
	role $c leader
	leader21 $c 1/1
	leader21 $c 1/1 --district "UBND huyện Phú Vang"
done
role legit-title-island leader
# review33: the chairman holding another office too ("kiêm"): a leader (was a person, 0/1:
# the other office read as a body or a qualifier after the place); not when a qualifier
# follows it, nor when a body comes before it
for c in legit-title-kiem legit-title-kiem-pho; do
	role $c leader
	leader21 $c 1/1 --district "UBND huyện Phú Vang"
done
for c in former-kiem body-kiem; do
	role $c person
	leader21 $c 0/1
done

# --- rtcert13: a letter of another script drawn as a Latin one (the Lisu U+A4E7 for the H of
# "Hội", which the fold's look-alike tables do not list): Pango draws the OU as the Farmers'
# Association's name pixel for pixel; kiemchung read "ꓧội Nông dân" as a place of unknown
# words: the association's chairman Thủy An's leader (1/1), its certificate the organisation
# that sealed Thủy An's dossier. A value writing Latin letters beside another script's is
# read as unreadable, as a value holding a bidi control is.
lisu=$(printf '\352\223\247')
if command -v pango-view >/dev/null 2>&1; then
	pango-view --no-display --font="DejaVu Sans 12" --text="UBND xã Thủy An - ${lisu}ội Nông dân" -o "$tmp/a.png" >/dev/null 2>&1
	pango-view --no-display --font="DejaVu Sans 12" --text="UBND xã Thủy An - Hội Nông dân" -o "$tmp/b.png" >/dev/null 2>&1
	check "lisu-ou: Pango draws its OU as the Farmers' Association's name" "test -s '$tmp/a.png' && cmp -s '$tmp/a.png' '$tmp/b.png'"
else
	skip "lisu-ou: pango-view is not installed"
fi
for c in lisu-ou lisu-cn; do
	role $c person
	leader21 $c 0/1
	leader21 $c 0/1 --district "UBND huyện Phú Vang"
done
role lisu-org person
seal lisu-org 2 1
# the honest look-alike: a chairman's name holding a Latin letter Vietnamese does not use
role legit-latin-ext leader
leader21 legit-latin-ext 1/1 --district "UBND huyện Phú Vang"
# review35: a character of another script that is no letter (a Myanmar digit zero, drawn as an
# o) for the o of "Đoàn": "Đ၀àn Thanh niên" was read as a place of unknown words, the Youth
# Union's chairman Thủy An's leader (1/1); every character counts now, not the letters alone
role digit-ou person
leader21 digit-ou 0/1
leader21 digit-ou 0/1 --district "UBND huyện Phú Vang"
# and a symbol inside a word (the APL iota ⍳ for the i of "Hội"; was leader, 1/1)
role symbol-ou person
leader21 symbol-ou 0/1
# the honest look-alike: an en dash, a no-break space, a name in NFD
role legit-punct-ou leader
leader21 legit-punct-ou 1/1 --district "UBND huyện Phú Vang"

# --- rtcert13: a commune's kind abbreviated in a certificate ("X.", "TT."), as the desk reads
# it: Thủy An's organisation certificate "CN=UBND X. Thủy An" was another commune's to seal and
# check (exit 2), its documents unsigned for Thủy An (0/1); the thị trấn's "UBND TT. Hiệp Hòa"
# likewise; and a chairman's common name naming another commune so abbreviated was not read as
# naming it (Thủy Vân's leader counted 1/1 for Thủy An)
role legit-abbr-org org
seal legit-abbr-org 0 0
leader20 legit-abbr-org "Xã Thủy An" 1/1
leader20 legit-abbr-tt "Thị trấn Hiệp Hòa" 1/1
leader20 legit-abbr-tt "Xã Hiệp Hòa" 0/1
role abbr-other org
seal abbr-other 2 1
leader20 abbr-other "Xã Thủy An" 0/1
leader21 cn-abbr-other 0/1
# review35: the kind's letter without its stop ("UBND X Thủy Vân"), which the desk reads as the
# kind: read so in a certificate too (Thủy Vân's leader was counted 1/1 for Thủy An)
leader21 cn-bare-other 0/1
role legit-bare-org org
seal legit-bare-org 0 0
leader20 legit-bare-org "Xã Thủy An" 1/1

# --- rtcert14: Latin's own look-alikes (a small capital ʜ, the alpha ɑ) and marks drawn over
# one another (a second grave, two tone marks, a dot above an i) or resembling ours (a comma
# below for the dot below) in a body's word after the
# committee's name: read as a place of unknown words, the Farmers' Association's or Youth
# Union's chairman Thủy An's leader (1/1), its certificate the organisation that sealed Thủy
# An's dossier naming its province. Such a value is read as unreadable, as a mixed one is.
# (Pango with DejaVu Sans draws "Đoà\u0300n" as Đoàn with a heavier grave, "Hội\u0307" as Hội:
# close, not pixel for pixel, so no pango-view row here.)
for c in glyph-ou glyph-cn glyph-alpha stack-ou stack-tones idot-ou comma-ou; do
	role $c person
	leader21 $c 0/1
done
for c in glyph-org stack-org comma-org; do
	role $c person
	seal $c 2 1
done
# a place no one can read names any place: L (or the street) "Ꮋuyện Phong Điền", a Cherokee
# letter for the H, named none, and Thủy An of Phong Điền sealed Thủy An, Phú Vang's dossier
for c in unread-l unread-street; do
	role $c org
	seal $c 2 1
	has "... of another place" "of another district or province than the dossier's"
done
# the honest look-alikes: a Bahnar name's horn and breve, an Ê Đê name's č and modifier apostrophe,
# wide letters, and names typed decomposed
for c in legit-bahnar legit-caron legit-apos legit-fullwidth legit-nfd; do
	role $c leader
	leader21 $c 1/1 --district "UBND huyện Phú Vang"
done
role legit-org-nfd org
seal legit-org-nfd 0 0
leader20 legit-org-nfd "Xã Thủy An" 1/1

# --- rtcert14: a unit (OU) naming another body than the committee under the committee's O:
# the commune's police, the Farmers' Association, a company, a province's department; read by
# the CN or title alone, the organisation that sealed Thủy An's dossier, or Thủy An's leader 1/1
for c in unit-police-org unit-farmers-org unit-company-org unit-dept-org; do
	role $c person
	seal $c 2 1
done
for c in unit-farmers-title unit-dept-title; do
	role $c person
	leader21 $c 0/1
done
# the honest look-alikes: the committee's own office and board
role legit-unit-office org
seal legit-unit-office 0 0
role legit-unit-board leader
leader21 legit-unit-board 1/1 --district "UBND huyện Phú Vang"

# --- rtcert14: another agency's organisation certificate naming no commune's committee (a
# province's department, the commune's police) made Thủy An's document signed, 1/1
for c in dept-org police-org; do
	role $c org
	leader20 $c "Xã Thủy An" 0/1
	has "... another agency's" "other-agency"
done
# the commune's own organisation still counts
leader20 legit-unit-office "Xã Thủy An" 1/1

# --- rtcert14: a citizen's personal identification number (twelve digits) after another label
# than rtcert11's ("Số CCCD:", "ID:", "Mã định danh:") or grouped by spaces: the certificate
# naming "UBND xã Thủy An" was the organisation's and sealed Thủy An's dossier
for c in person-socccd person-iddigits person-dinhdanh person-grouped; do
	role $c person
	seal $c 2 1
	has "... a natural person's" "a natural person's"
done
role legit-mst-unit org
seal legit-mst-unit 0 0

# --- rtcert14: a digit drawn as a letter in a body's word (Đ0ÀN, Hộ1): a word holding a digit
# was no body's nor place's, the chairman a leader 1/1 and the organisation sealed
for c in digit-caps digit-one; do
	role $c person
	leader21 $c 0/1
done
role digit-org person
seal digit-org 2 1
role legit-digit-street org
seal legit-digit-street 0 0

# --- atkroles: Latin Extended-B letters outside rtcert14's blocks (the capital iota Ɩ, Ɨ, ƚ) in
# a body's word after the committee's name: the Farmers' Association's chairman was Thủy An's
# leader (1/1), its organisation certificate sealed Thủy An's dossier. Ê Đê's Ƀ stays.
for c in extb-iota extb-istroke extb-lbar; do
	role $c person
	leader21 $c 0/1
done
role extb-org person
seal extb-org 2 1
role legit-ede-b leader
leader21 legit-ede-b 1/1 --district "UBND huyện Phú Vang"
# a word carrying a tone mark and a diaeresis or a macron ("Hộï", "Hộī" for Hội), and Maltese
# Ħ for the H ("Ħội"): a leader, 1/1
for c in diaer-ou macron-ou hbar-ou; do
	role $c person
	leader21 $c 0/1
done

# --- rtcert15: criterion 20 counts a signature only when its certificate belongs to the
# commune's agency (the brief). A person's certificate of another body (a company, the Farmers'
# Association, the commune's police), of none (a citizen's), or whose names cannot be read made
# Thủy An's document signed, 1/1; the commune's staff (the committee in its OU, O or title)
# still count (the district's staff, rtcert16, no longer)
for c in namesake-citizen chair-company chair-farmers chair-nobody ou-company \
	count-police count-bidi count-two-o count-two-ou count-title-other count-cccd; do
	role $c person
	leader20 $c "Xã Thủy An" 0/1
done
has "count-cccd: another agency" '"other_agency":1'
# with no commune known (no --commune, nor in the register's or its folder's name) no agency
# is told from another: counted, as before
$kc index $trust --json reg/register.csv >"$tmp/out" 2>&1 </dev/null
has "count-cccd: criterion 20 1/1 with no commune" '"agency":null' '"criteria":{"20":{"numerator":1,"denominator":1'
for c in legit-count-clerk legit-count-cccd legit-count-title name-chair; do
	role $c person
	leader20 $c "Xã Thủy An" 1/1
done

# --- rtcert15: a leader's certificate as the VGCA's G2 CA issues one (serverAuth, emailProtection,
# 2.16.704.1.1.1.1.1, Smart Card Logon) signs documents; without emailProtection it is a TLS
# server's key as kiemchung reads it (held before; rows that keep it so)
role legit-vgca-eku leader
leader21 legit-vgca-eku 1/1 --district "UBND huyện Phú Vang"
$kc verify $trust --json "$fx/vgca-eku-server.pdf" >"$tmp/out" 2>&1
has "vgca-eku-server: key-usage" '"status":"invalid"' '"key-usage"'

# --- rtcert15: a unit (OU) no one can read (drawn "Hội Nông dân") beside the committee's name in
# the common name or title: the organisation (20 1/1) and Thủy An's leader (21 1/1) for a register
# whose commune alone is known; a person now, as a unit naming another body makes him
# (legit-unit-office, legit-unit-board above stay the organisation and a leader)
role unit-bidi-org person
leader20 unit-bidi-org "Xã Thủy An" 0/1
role unit-bidi-title person
leader21 unit-bidi-title 0/1

# --- review36: a body's abbreviation standing alone after a mark ("UBND xã Thủy An - MTTQ",
# "(HND)", ", DTN") was read as a place: the Fatherland Front's chairman Thủy An's leader (1/1),
# its organisation certificate sealed Thủy An's dossier; and a lower-case l for the I of a word
# in capitals ("HỘl NÔNG DÂN"), which sans fonts draw alike. Initials of a place, a Jrai name
# with an l and a name in capitals stay.
for c in abbr-dash-ou abbr-paren-ou abbr-comma-ou ell-caps-ou; do
	role $c person
	leader21 $c 0/1
done
# the Front's organisation certificate is an organisation's, not Thủy An's
role abbr-dash-org org
leader20 abbr-dash-org "Xã Thủy An" 0/1
seal abbr-dash-org 2 1
role ell-caps-org person
seal ell-caps-org 2 1
role legit-abbr-tth leader
leader21 legit-abbr-tth 1/1
for c in legit-jrai-l legit-caps-l; do
	role $c leader
	leader21 $c 1/1 --district "UBND huyện Phú Vang"
done

# --- review36: an Ê Đê commune's name with the apostrophe Word writes (’) or a modifier letter
# (ʼ) in its organisation certificate, the commune given with the typed one: counted as another
# agency's, 0/1 for its own signature; another commune's name stays another's
for c in legit-apos-org legit-apos-mod; do
	role $c org
	leader20 $c "Xã Ea H'Leo" 1/1
done
leader20 apos-other "Xã Ea H'Leo" 0/1

# --- rtcert16: a person's certificate filed under the district's or province's committee alone
# (its staff: no commune in OU, O or title) made Thủy An's document signed, 1/1; so did a person
# whose title names a namesake of another district (never compared with --district), and a
# commune named as a place in O ("O=Xã Thủy Vân") vouched for Thủy An's committee in CN or title:
# its organisation sealed Thủy An's dossier, its chairman led Thủy An
for c in count-district count-district-office count-province xa-place-person; do
	role $c person
	leader20 $c "Xã Thủy An" 0/1
done
rm -rf reg && mkdir reg && cp "$fx/count-title-place.pdf" reg/
printf 'Số, ký hiệu văn bản;Ngày tháng văn bản;Tên loại và trích yếu nội dung văn bản;Người ký;Nơi nhận văn bản;Đơn vị, người nhận bản lưu;Số lượng bản;Ngày chuyển;Ký nhận;Ghi chú;Tệp\n15/QĐ-UBND;15/03/2021;Quyết định;Lê Văn Cường;UBND huyện Phú Vang;VP;1;;;;count-title-place.pdf\n' >reg/register.csv
$kc index $trust --commune "Xã Thủy An" --district "UBND huyện Phú Vang" --json reg/register.csv >"$tmp/out" 2>&1 </dev/null
has "count-title-place: criterion 20 0/1 for Phú Vang's Thủy An" '"20":{"numerator":0,"denominator":1'
role xa-place-org org
leader20 xa-place-org "Xã Thủy An" 0/1
seal xa-place-org 2 1
has "... naming the other commune" "names another commune's committee (Xã Thủy Vân)"
role xa-place-chair leader
leader21 xa-place-chair 0/1
# the commune's staff and organisation so written stay
for c in legit-count-xa-ou legit-count-title-own; do
	role $c person
	leader20 $c "Xã Thủy An" 1/1
done
rm -rf reg && mkdir reg && cp "$fx/legit-count-title-own.pdf" reg/
printf 'Số, ký hiệu văn bản;Ngày tháng văn bản;Tên loại và trích yếu nội dung văn bản;Người ký;Nơi nhận văn bản;Đơn vị, người nhận bản lưu;Số lượng bản;Ngày chuyển;Ký nhận;Ghi chú;Tệp\n15/QĐ-UBND;15/03/2021;Quyết định;Lê Văn Cường;UBND huyện Phú Vang;VP;1;;;;legit-count-title-own.pdf\n' >reg/register.csv
$kc index $trust --commune "Xã Thủy An" --district "UBND huyện Phú Vang" --json reg/register.csv >"$tmp/out" 2>&1 </dev/null
has "legit-count-title-own: criterion 20 1/1 for Phú Vang's Thủy An" '"20":{"numerator":1,"denominator":1'
role legit-xa-place-org org
leader20 legit-xa-place-org "Xã Thủy An" 1/1
seal legit-xa-place-org 0 0

# --- rtcert16: a district's tree (a folder per commune) under --district: the commune a folder
# names is the authority's, its places compared as --commune's are; Thủy An of huyện Phong Điền's
# chairman (OU=UBND xã Thủy An, huyện Phong Điền) and of Quảng Trị's counted 1/1 for Phú Vang's
# "Xã Thủy An/" (and for the province's), 0/1 with --commune
# tree21 NAME DISTRICT WANT: index --district DISTRICT of a tree whose one folder, Xã Thủy An,
# holds a register whose one row is NAME.pdf gives criterion 21 WANT.
tree21() {
	rm -rf tree && mkdir -p "tree/Xã Thủy An" && cp "$fx/$1.pdf" "tree/Xã Thủy An/"
	{
		printf 'Số, ký hiệu văn bản;Ngày tháng văn bản;Tên loại và trích yếu nội dung văn bản;Người ký;Nơi nhận văn bản;Đơn vị, người nhận bản lưu;Số lượng bản;Ngày chuyển;Ký nhận;Ghi chú;Tệp\n'
		printf '15/QĐ-UBND;15/03/2021;Quyết định;Trần Văn Hùng;UBND huyện Phú Vang;VP;1;;;;%s.pdf\n' "$1"
	} >"tree/Xã Thủy An/so-di.csv"
	$kc index $trust --district "$2" --json tree/ >"$tmp/out" 2>&1 </dev/null
	got=$(head -1 "$tmp/out" | pyq -c "import json, sys; c = json.loads(sys.stdin.readline())['criteria']['21']; print('%d/%d' % (c['numerator'], c['denominator']))" 2>&1)
	if [ "$got" = "$3" ]; then ok "$1: tree/Xã Thủy An under --district $2: criterion 21 $3"; else
		{ echo "got: $got, wanted: $3"; cat "$tmp/out"; } >"$tmp/why"
		notok "$1: tree/Xã Thủy An under --district $2: criterion 21 $3"
	fi
}
tree21 chair-phongdien "UBND huyện Phú Vang" 0/1
tree21 chair-quangtri "UBND tỉnh Thừa Thiên Huế" 0/1
tree21 chair-vgca "UBND huyện Phú Vang" 1/1
tree21 chair-vgca "UBND tỉnh Thừa Thiên Huế" 1/1
tree21 chair-phongdien "UBND huyện Phong Điền" 1/1

# --- rtcert16: the VGCA's 2.16.704.1.1.1.1.1 as a certificate policy (as its G2 CA carries it):
# the chairman's certificate with serverAuth and emailProtection stays a valid leader; without
# emailProtection it stays refused (held on main: rows that keep it so)
role legit-vgca-policy leader
leader21 legit-vgca-policy 1/1 --district "UBND huyện Phú Vang"
$kc verify $trust --json "$fx/vgca-policy-server.pdf" >"$tmp/out" 2>&1
has "vgca-policy-server: key-usage" '"status":"invalid"' '"key-usage"'

# --- atkroles (session 37): a person's title whose office is another body's ("Chủ tịch Hội
# Nông dân", "Chủ tịch HĐND xã", "Trưởng Công an xã", "Bí thư Đảng ủy"), or a village as his
# unit or office ("OU=Thôn Dương Nổ", "Trưởng thôn"), under Thủy An's committee or its place:
# each counted 1/1 for criterion 20 as the committee's staff, though the same body in the OU
# did not (rtcert15); the committee's own staff and sections still count
for c in office-farmers office-council office-council-full office-police office-party office-council-ou \
	office-council-place village-ou village-tdp village-caps village-title; do
	role $c person
	leader20 $c "Xã Thủy An" 0/1
done
has "village-title: another agency" '"other_agency":1'
for c in legit-office-vp legit-office-tp legit-office-chanh legit-office-ban legit-ou-vp; do
	role $c person
	leader20 $c "Xã Thủy An" 1/1
done

# --- rtcert17: a commune's kind abbreviated in O or OU ("O=X. Thủy An", "TT. Phú Đa", "P. 5"),
# as registers and bag-infos write it: its clerk and its organisation were filed under no
# commune, 0/1 for their own (the organisation a person's); another commune's, or a body's
# named after it, stay apart
leader20 abbr-o-person "Xã Thủy An" 1/1
leader20 abbr-ou-person "Xã Thủy An" 1/1
leader20 abbr-tt-person "Thị trấn Phú Đa" 1/1
leader20 abbr-tt-person "Xã Phú Đa" 0/1
leader20 abbr-p-person "Phường 5" 1/1
role abbr-o-org org
leader20 abbr-o-org "Xã Thủy An" 1/1
seal abbr-o-org 0 0
leader20 abbr-o-other "Xã Thủy An" 0/1
leader20 abbr-o-other "Xã Thủy Vân" 1/1
leader20 abbr-o-body "Xã Thủy An" 0/1
leader20 abbr-other-org "Xã Thủy An" 0/1
seal abbr-other-org 2 1
has "... naming the other commune" "names another commune's committee (X. Thủy Vân)"
leader21 abbr-other-chair 0/1

# --- rtcert17: Thạnh An and Thanh An of huyện Vĩnh Thạnh, a tone apart: each one's chairman and
# organisation counted for the other, 1/1 (a name whose own words carry no mark was read as typed
# without marks); one typed without any mark still names either
leader21at vt-thanh-chair "Xã Thạnh An" 1/1 --district "UBND huyện Vĩnh Thạnh"
leader21at vt-thanh-chair "Xã Thanh An" 0/1 --district "UBND huyện Vĩnh Thạnh"
leader21at vt-thanh2-chair "Xã Thanh An" 1/1 --district "UBND huyện Vĩnh Thạnh"
leader21at vt-thanh2-chair "Xã Thạnh An" 0/1 --district "UBND huyện Vĩnh Thạnh"
leader21at vt-thanh-chair "thanh an" 1/1 --district "UBND huyện Vĩnh Thạnh"
leader20 vt-thanh-org "Xã Thạnh An" 1/1
leader20 vt-thanh-org "Xã Thanh An" 0/1
leader20 vt-thanh2-org "Xã Thanh An" 1/1
leader20 vt-thanh2-org "Xã Thạnh An" 0/1
leader20 vt-ascii-org "Xã Thanh An" 1/1
leader20 vt-ascii-org "Xã Thạnh An" 1/1

# --- rtcert17: the commune's military command and police by other names of their offices
# (Xã đội trưởng, Chỉ huy trưởng BCHQS, Chỉ huy trưởng alone, Chính trị viên, Trưởng CA, OU=Ban
# CHQS, OU=CA), a title a clerk writes with a Cyrillic letter or an eth for the Đ, and a common
# name saying the police chief's office: each counted 1/1 as the committee's staff
for c in cmd-xadoi cmd-bchqs cmd-alone cmd-commissar police-ca unit-chqs unit-ca title-cyr title-eth \
	title-eth-ou cn-office cn-eth-body unit-eth-org; do
	role $c person
	leader20 $c "Xã Thủy An" 0/1
done
for c in legit-cn-office legit-eth-name legit-ou-ban; do
	role $c person
	leader20 $c "Xã Thủy An" 1/1
done
