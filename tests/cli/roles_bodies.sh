# roles_bodies.sh: rows of roles.sh on the body a certificate's title or name names (rtcert6 to
# rtcert8): a committee under an O that is no People's Committee nor a place, the commune's
# committee in CN or OU and another's in O or OU, a body named after the committee's name past a
# mark or none; sourced by roles.sh (its helpers, fixtures and dossiers) at this point of its
# rows, split from it by concern (tidy36).

# --- rtcert6: a committee under an O that is no People's Committee nor a place, though it
# starts with an agency's or a level's word (a private notary's, lawyer's or clinic's office, a
# language centre, the district's Youth Union or Party committee, a provincial association)
role body-notary person
seal body-notary 2 1
has "... whose O is a notary's office" "whose organisation (O) is Văn phòng công chứng Thủy An, neither a People's Committee nor a place"
for c in body-lawyer body-clinic body-centre body-party-title body-women; do
	role $c person
	leader21 $c 0/1
done
role body-youth person
# the honest look-alikes: a place by its level's word in O (a district whose name folds to
# "đoàn" too), a committee written bare
for c in legit-o-huyen legit-o-doanhung legit-o-ubnd-bare; do
	role $c leader
done
leader21 legit-o-huyen 1/1
role legit-org-o-huyen org
seal legit-org-o-huyen 0 0
# first NAME WANT: the first signature of NAME.pdf (the chairman's) is WANT ("status reasons").
first() {
	$kc verify $trust --json "$fx/$1.pdf" >"$tmp/out" 2>&1
	got=$(pyq -c "import json; s = json.load(open('$tmp/out'))['signatures'][0]; print(s['status'], ','.join(s['reasons']) or '-')" 2>&1)
	if [ "$got" = "$2" ]; then ok "$1: the chairman's signature $2"; else
		{ echo "got: $got, wanted: $2"; cat "$tmp/out"; } >"$tmp/why"
		notok "$1: the chairman's signature $2"
	fi
}
# a visible signature over the chairman's by the notary's certificate: drawn by no one of his
# agency; by the commune's own organisation under O=Huyện Phú Vang, the seal over his signature
first body-notary-visible "invalid modified-after-signing"
first legit-org-o-huyen-visible "valid -"

# --- rtcert6: the commune's committee in CN or OU, another commune's in O or OU (which the CA
# checked): that committee's certificate
seal org-o-other 2 1
has "... naming the other commune" "names another commune's committee (UBND xã Thủy Vân)"
leader20() {
	rm -rf reg && mkdir reg && cp "$fx/$1.pdf" reg/
	{
		printf 'Số, ký hiệu văn bản;Ngày tháng văn bản;Tên loại và trích yếu nội dung văn bản;Người ký;Nơi nhận văn bản;Đơn vị, người nhận bản lưu;Số lượng bản;Ngày chuyển;Ký nhận;Ghi chú;Tệp\n'
		printf '15/QĐ-UBND;15/03/2021;Quyết định;Trần Văn Hùng;UBND huyện Phú Vang;VP;1;;;;%s.pdf\n' "$1"
	} >reg/register.csv
	$kc index $trust --commune "$2" --json reg/register.csv >"$tmp/out" 2>&1 </dev/null
	got=$(pyq -c "import json; c = json.load(open('$tmp/out'))['criteria']['20']; print('%d/%d' % (c['numerator'], c['denominator']))" 2>&1)
	if [ "$got" = "$3" ]; then ok "$1: criterion 20 for $2 $3"; else
		{ echo "got: $got, wanted: $3"; cat "$tmp/out"; } >"$tmp/why"
		notok "$1: criterion 20 for $2 $3"
	fi
}
leader20 org-o-other "Xã Thủy An" 0/1
leader20 org-ou-other "Xã Thủy An" 0/1
seal org-ou-other 2 1
leader21 chair-o-other 0/1
role legit-org-o-same org
leader20 legit-org-o-same "Xã Thủy An" 1/1
seal legit-org-o-same 0 0

# --- rtcert7: a body named after the committee's name (past a dash, a bracket, a comma) is that
# body, not the committee: the Farmers' Association's chairman was a leader, 1/1 for Thủy An
for c in after-ou after-title after-title-o after-ou-lookalike; do
	role $c person
	leader21 $c 0/1
done
# and its organisation certificate sealed a dossier naming only its province (since July 2025)
$kc ingest --report "$src/samples/report-2021.txt" --commune "Thủy An" --province "Thừa Thiên Huế" --year 2021 \
	-o province.zip "$src/samples/evidence" >/dev/null 2>&1 || { echo "Bail out! cannot make the province's dossier"; exit 1; }
cp province.zip base.zip
seal after-org-ou 2 1
has "... naming the body" "names a body after the committee's name (UBND xã Thủy An - Hội Nông dân)"
leader20 after-org-ou "Xã Thủy An" 0/1
# the honest look-alikes: a place after the committee's name, bare or by its level's word
for c in legit-after-ou legit-after-title legit-after-phong legit-after-hoian; do
	role $c leader
done
role legit-after-ascii org
leader20 legit-after-ascii "Xã Phong Hiền" 1/1
leader21 legit-after-ou 1/1
leader21 legit-after-title 1/1
role legit-after-org org
seal legit-after-org 0 0
leader20 legit-after-org "Xã Thủy An" 1/1

# --- rtcert8: the same past a colon, a full stop, any other mark, or none: a leader, 1/1 with no
# commune given, and the organisation sealed
for c in body-colon body-dot body-nosep body-title-nosep body-nosep-unknown body-middot; do
	role $c person
done
leader21 body-nosep 0/1
# index with no commune given counted it 1/1 (any commune's leader)
rm -rf reg && mkdir reg && cp "$fx/body-nosep.pdf" reg/
printf 'Số, ký hiệu văn bản;Người ký;Tệp\n15/QĐ-UBND;Trần Văn Hùng;body-nosep.pdf\n' >reg/register.csv
$kc index $trust --json reg/register.csv >"$tmp/out" 2>&1 </dev/null
got=$(pyq -c "import json; c = json.load(open('$tmp/out'))['criteria']['21']; print('%d/%d' % (c['numerator'], c['denominator']))" 2>&1)
if [ "$got" = "0/1" ]; then ok "body-nosep: criterion 21 with no commune 0/1"; else
	{ echo "got: $got"; cat "$tmp/out"; } >"$tmp/why"
	notok "body-nosep: criterion 21 with no commune 0/1"
fi
seal body-org-colon 2 1
has "... naming the body" "names a body after the committee's name (UBND xã Thủy An: Hội Nông dân)"
# the honest look-alikes: "TP." and "H." end with a full stop, Hội An and Tân Hội Đông are places
for c in legit-tp-hoian legit-hoidong legit-nosep-place; do
	role $c leader
done
role legit-org-abbr org
seal legit-org-abbr 0 0

# a small eth (ð, a đ to the eye) in the body's words, and a body after the place an O names:
# each a leader, 1/1 for Thủy An, and the organisation sealed
for c in body-eth-congdoan body-eth-xadoi body-eth-o body-o-place body-o-prov body-filler; do
	role $c person
	leader21 $c 0/1
done
seal body-o-place-org 2 1
role legit-o-places leader
leader21 legit-o-places 1/1

# session 29: with no mark, a body's abbreviation in capitals, its words without diacritics, or
# an invisible character inside or between them: each was a leader, 1/1 for Thủy An
for c in body-mttq body-ccb body-tncs body-bare-nosep body-zwsp body-cgj; do
	role $c person
	leader21 $c 0/1
done
# a place in capitals or without diacritics after the committee's name stays the leader's (and
# the commune is read without its district's words since rtcert10: roles_places.sh)
role legit-caps leader
leader21 legit-caps 1/1
role legit-bare-place leader

# rtcert9: the chairman's common name, which viewers show as the signer ("Ký bởi: Nguyễn Văn A -
# Hội Nông dân"), naming another body (past a mark, inside it, or as a second CN): each a leader,
# 1/1 for Thủy An; naming another commune's committee: 1/1 for Thủy An
for c in cn-body cn-body-paren cn-body-nosep cn-two cn-body-title; do
	role $c person
	leader21 $c 0/1
	leader21 $c 0/1 --district "UBND huyện Phú Vang"
done
for c in cn-other cn-chair-other; do
	leader21 $c 0/1
	leader21 $c 0/1 --district "UBND huyện Phú Vang"
done
# the honest look-alikes: his own committee, his title, a name whose words are a body's, a place
# (legit-cn-title with --district: roles_places.sh, rtcert10)
for c in legit-cn-own legit-cn-title legit-cn-hoi legit-cn-place; do
	role $c leader
	leader21 $c 1/1
done
for c in legit-cn-own legit-cn-hoi legit-cn-place; do
	leader21 $c 1/1 --district "UBND huyện Phú Vang"
done

# rtcert9: an OU of a one-byte string type holding UTF-8 bytes, which Python's cryptography
# (and Windows, by its documentation) shows as "UBND xa Thuy An - Hội Nông dân" and OpenSSL as "… - Há»i
# NÃ´ng dÃ¢n": a leader, 1/1 for Thủy An; the same in ASCII, or Vietnamese in a BMPString, stays his
for c in t61-body ia5-body; do
	role $c person
	leader21 $c 0/1
done
for c in legit-t61 legit-bmp; do
	role $c leader
	leader21 $c 1/1
	leader21 $c 1/1 --district "UBND huyện Phú Vang"
done
