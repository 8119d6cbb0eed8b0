# roles_offices.sh: rows of roles.sh on a person's office and a commune's kind as a title or an
# O writes them (rtcert18 and on), sourced by roles.sh (its helpers, fixtures and dossiers, and
# roles_places.sh's leader21at); the certificates are make-role-offices.sh's.

# --- rtcert18: the commune's kind abbreviated inside a leader's title ("Chủ tịch UBND X. Thủy
# An"): the chairman was a person, criterion 21 0/1 for his own commune; another commune's, or a
# body's named after it, stay apart
role x-title-chair leader
leader21 x-title-chair 1/1
leader21 x-title-chair 1/1 --district "UBND huyện Phú Vang"
leader21at x-title-chair "Xã Thủy Vân" 0/1
role x-title-vice leader
leader21 x-title-vice 1/1
role tt-title-chair leader
leader21at tt-title-chair "Thị trấn Phú Đa" 1/1
leader21at tt-title-chair "Xã Phú Đa" 0/1
leader21 x-title-other 0/1
leader21at x-title-other "Xã Thủy Vân" 0/1
role x-title-body person
leader21 x-title-body 0/1

# --- rtcert18: "TT." and "P." abbreviating Trung tâm and Phòng: the district's culture centre
# (O=TT. Văn hóa - Thể thao …) was the thị trấn "Văn hóa", its staff and its organisation
# certificate 1/1 for it; OU=P. Tài chính a ward. A ward by "P." stays one.
leader20 tt-centre-o "Thị trấn Văn hóa" 0/1
leader20 tt-centre-org "Thị trấn Văn hóa" 0/1
leader20 tt-centre-caps "Thị trấn Văn hóa" 0/1
leader20 p-office-ou "Phường Tài chính" 0/1
leader20 legit-p-ward "Phường Tân Định" 1/1
leader20 abbr-tt-person "Thị trấn Phú Đa" 1/1
# --- rtcert20: fields the list missed, a centre's or an office's read as a town or a ward (1/1);
# real wards and a town whose names open like a field stay theirs
leader20 tt-centre-ct "Thị trấn Chính trị" 0/1
leader20 p-office-cc "Phường Công chứng số 1" 0/1
leader20 p-office-gd "Phường Giao dịch Phú Đa" 0/1
leader20 p-office-tt "Phường Thanh tra" 0/1
leader20 legit-p-thanhtri "Phường Thanh Trì" 1/1
leader20 legit-p-khamthien "Phường Khâm Thiên" 1/1
leader20 legit-tt-giong "Thị trấn Giồng Riềng" 1/1
# --- rtcert21: the land-clearance centre (1/1 on main, a town of that name)
leader20 tt-centre-bt "Thị trấn Bồi thường Phú Đa" 0/1
leader20 tt-centre-gpmb "Thị trấn Giải phóng mặt bằng" 0/1
leader20 tt-centre-qd "Thị trấn Quỹ đất" 0/1

# --- rtcert18: offices of other bodies than the committee under O=UBND xã Thủy An (the police's
# board by its old name, the military command's deputy, the Party's inspection commission, the
# Fatherland Front's committee, a Party secretary), and a body a title names past a profession
# (a school's teacher, the health station's doctor): each counted 1/1 as the committee's staff
for c in office-ban-ca unit-ban-ca office-pho-chq office-ubkt office-ubkt-words office-mttq-words office-pbt \
	office-bt office-pbt-tt office-ptca office-ubmttq prof-teacher prof-doctor; do
	role $c person
	leader20 $c "Xã Thủy An" 0/1
done
for c in legit-office-ketoan legit-office-ptb legit-office-vhxh legit-office-dcnn; do
	role $c person
	leader20 $c "Xã Thủy An" 1/1
done

# leader20at NAME COMMUNE WANT [OPTION…]: as roles_bodies.sh's leader20, with index's options
leader20at() {
	rm -rf reg && mkdir reg && cp "$fx/$1.pdf" reg/
	{
		printf 'Số, ký hiệu văn bản;Ngày tháng văn bản;Tên loại và trích yếu nội dung văn bản;Người ký;Nơi nhận văn bản;Đơn vị, người nhận bản lưu;Số lượng bản;Ngày chuyển;Ký nhận;Ghi chú;Tệp\n'
		printf '15/QĐ-UBND;15/03/2021;Quyết định;Trần Văn Hùng;UBND huyện Phú Vang;VP;1;;;;%s.pdf\n' "$1"
	} >reg/register.csv
	l20n=$1 l20c=$2 l20w=$3
	shift 3
	$kc index $trust --commune "$l20c" "$@" --json reg/register.csv >"$tmp/out" 2>&1 </dev/null
	got=$(pyq -c "import json; c = json.load(open('$tmp/out'))['criteria']['20']; print('%d/%d' % (c['numerator'], c['denominator']))" 2>&1)
	if [ "$got" = "$l20w" ]; then ok "$l20n: criterion 20 for $l20c $l20w $*"; else
		{ echo "got: $got, wanted: $l20w"; cat "$tmp/out"; } >"$tmp/why"
		notok "$l20n: criterion 20 for $l20c $l20w $*"
	fi
}

# --- rtcert19: a chairman's title opening with another office he holds (the Party's deputy
# secretary) past a comma, a dash, "kiêm" or a slash: a person, 0/1 for criteria 20 and 21 of his
# own commune; his office first with the Party's after a comma, 0/1 too. A Party office alone,
# the People's Council's chairman, another commune's chairman, and a body past his title stay apart
for c in conc-comma conc-dash conc-kiem conc-slash conc-bare conc-lead-first; do
	role $c leader
	leader21 $c 1/1
	leader21 $c 1/1 --district "UBND huyện Phú Vang"
done
for c in conc-party-only conc-council conc-body-dash; do
	role $c person
	leader21 $c 0/1
done
role conc-other leader
role conc-other-noo leader
leader21 conc-other 0/1
leader21 conc-other-noo 0/1
leader21at conc-other-noo "Xã Thủy Vân" 1/1

# --- rtcert19: a commune civil servant's post past a dash ("Công chức Tài chính - Kế toán", "Trần
# Văn Hùng - Kế toán") read, with the district known, as a place other than it: the honest staff
# another agency's, 0/1. A place past the committee's name stays one
for c in post-ketoan post-vptk post-tuphap post-cn; do
	role $c person
	leader20at $c "Xã Thủy An" 1/1
	leader20at $c "Xã Thủy An" 1/1 --district "UBND huyện Phú Vang"
done
leader20at post-place "Xã Thủy An" 0/1 --district "UBND huyện Phú Vang"
leader20at post-chair-place "Xã Thủy An" 0/1 --district "UBND huyện Phú Vang"
leader21 post-chair-place 0/1 --district "UBND huyện Phú Vang"

# --- rtcert19: a person filed under the committee naming no office counts as its staff (Known
# limits); index, review and its HTML now say beside criterion 20 (and 22) how many documents
# counted only so, where nothing was said. A post named (post-ketoan) says nothing, nor a
# certificate the roles file names (roles_untied.sh's rdossier)
# nooffice NAME WANT [OPTION…]: index of Xã Thủy An's register whose one row is NAME.pdf counts
# it 1/1 for criterion 20 and gives "no_office" 20/21/22 as WANT ("1 0 1"), the sentence with it.
nooffice() {
	non=$1 now=$2
	shift 2
	leader20at "$non" "Xã Thủy An" 1/1 "$@"
	got=$(pyq -c "
import json
d = json.load(open('$tmp/out'))
said = [w for w in d['warnings'] if 'names no office' in w]
assert len(said) == (1 if d['untied']['no_office'] else 0), d['warnings']
assert said == [w for w in d['untied']['warnings'] if 'names no office' in w]
print(' '.join(str(d['criteria'][k]['no_office']) for k in ('20', '21', '22')))" 2>&1)
	if [ "$got" = "$now" ]; then ok "$non: index says no office named: $now $*"; else
		{ echo "got: $got, wanted: $now"; cat "$tmp/out"; } >"$tmp/why"
		notok "$non: index says no office named: $now $*"
	fi
}
nooffice staff-notitle "1 0 1"
nooffice staff-vgca-notitle "1 0 1" --district "UBND huyện Phú Vang"
nooffice post-ketoan "0 0 0"
nooffice chair-vgca "0 0 0"
# --- rtcert20: a title naming no office (" ", "-", ".", "N/A", "Không", "Chưa có", a profession
# alone, "Giáo viên") silenced the note (0 0 0); a post named (a records clerk, a non-specialised
# worker, one written without diacritics) still says none
for c in space dash dot na khong chuaco gv; do
	nooffice staff-title-$c "1 0 1"
done
for c in vanthu kct ascii; do
	nooffice staff-title-$c "0 0 0"
done
# --- rtcert21: a title saying its holder is no official ("Không phải cán bộ", "Không giữ chức
# vụ", "Chưa là cán bộ"), the former chairman's ("Nguyên Chủ tịch …"), or the first word of an
# office alone ("Phó", "Trưởng", "Phó Trưởng") was taken for an office (0 0 0 on main); a post so
# shortened ("Không chuyên trách"), a deputy chief of office, a team leader still say none
for c in kpcb kgcv chuacb nguyen pho truong photruong; do
	nooffice staff-title-$c "1 0 1"
done
for c in kct2 phovp todoitruong; do
	nooffice staff-title-$c "0 0 0"
done
printf 'match,role\n%s,person\n' "$(openssl x509 -in "$fx/staff-notitle.pem" -noout -fingerprint -sha256 | cut -d= -f2)" \
	>roles-staff.csv
nooffice staff-notitle "0 0 0" --roles roles-staff.csv
rdossier r-staff-notitle staff-notitle --district "Phú Vang" --province "Thừa Thiên Huế"
rdossier r-post-ketoan post-ketoan --district "Phú Vang" --province "Thừa Thiên Huế"
$kc review $trust --allow-unsealed --json r-staff-notitle.zip >"$tmp/out" 2>/dev/null </dev/null
check "review --json: criteria 20-22 say no_office 1 0 1, the untied object and the sentence" \
	"pyq -c \"import json; r = json.load(open('$tmp/out'))['communes'][0]; assert [r['criteria'][k]['no_office'] for k in ('20', '21', '22')] == [1, 0, 1], r['criteria']; assert r['untied']['no_office'] == 1 and r['untied']['documents'] == 0, r['untied']; assert len([w for w in r['warnings'] if 'names no office' in w]) == 1, r['warnings']\" >'$tmp/why' 2>&1"
$kc review $trust --allow-unsealed r-staff-notitle.zip >"$tmp/out" 2>&1
has "review (text): the figure marked, the line under it and the sentence in the detail" "100.0%†" \
	"† no office named" "Criterion 20: the register gives 1/1 (100.0%), 1 of them only by a person whose certificate names no office" \
	"names no office (the first:"
$kc review $trust --allow-unsealed r-post-ketoan.zip >"$tmp/out" 2>&1
check "... a civil servant naming his post: no mark, no line" \
	"grep -q '100.0%' '$tmp/out' && ! grep -q 'no office' '$tmp/out' && ! grep -qF '%†' '$tmp/out'"
$kc review $trust --allow-unsealed --html r.html r-staff-notitle.zip >/dev/null 2>&1
cp r.html "$tmp/out"
has "review --html: the figure says it beside it, and the detail the sentence" \
	'<span class="reason untied">† 1 signed by staff naming no office</span>' "names no office (the first:"
$kc --lang vi review $trust --allow-unsealed r-staff-notitle.zip >"$tmp/out" 2>&1
has "... in Vietnamese" "100,0%†" "không ghi chức vụ"

# --- rtcert19: a district's chairman whose title abbreviates its level (H., TX., TP.): a person
# (the district's leader read by an O so written, not by a title); the district's leader now, and
# still no signature of Xã Thủy An's
for c in dist-title-h dist-title-tx dist-title-tp; do
	role $c leader
	leader21 $c 0/1 --district "UBND huyện Phú Vang"
	leader20at $c "Xã Thủy An" 0/1
done

# --- rtcert21: a special zone (đặc khu), a commune-level unit since July 2025: its chairman and
# its organisation were another agency's (0/1 on main); the district-level city of that name
# before, and a xã of that name, are not it
for c in dk-chair dk-chair-o dk-org dk-chair-ou; do
	leader20at $c "Đặc khu Phú Quốc" 1/1
done
for c in dk-chair dk-chair-o dk-chair-ou; do
	leader21at $c "Đặc khu Phú Quốc" 1/1
done
leader21at dk-chair "Đặc khu Côn Đảo" 0/1
leader20at dk-city "Đặc khu Phú Quốc" 0/1
leader20at dk-org "Xã Phú Quốc" 0/1

# --- rtcert21, rtcert22: the anchor a chain ends in. A bank's customer root the district added
# to its trust (bank-root.pem) issued the VGCA chairman's subject (bank-chair) and the commune's
# organisation subject (bank-org) to a customer. rtcert21 named the anchor but kept the role
# (main: `valid leader`, criterion 21 1/1 with the warning; `valid org`). Since rtcert22 a role
# read from a subject counts only under a state root: the government CA's or the National Root
# CA's (by their keys), or one the trust directory declares in its state-roots.txt (the suites'
# certs/test/trust declares the test root). Under the bank's root each is a person, the role
# kept as `role_withheld` and said (`-v`, index's warning); the honest look-alikes: the same
# subject under the declared test root (chair-vgca) and the bank's root declared by the
# district's own directory (bank-declared/) stay leaders; a roles file's fingerprint line
# naming the certificate makes the leader (the user's word); its name line does not (the name
# is the bank's subject again).
anchor() {
	an=$1 awant=$2
	shift 2
	$kc verify $trust "$@" --json "$fx/$an.pdf" >"$tmp/out" 2>&1 </dev/null
	got=$(pyq -c "import json; s = json.load(open('$tmp/out'))['signatures'][0]; print(s['status'], s['role'], s.get('anchor'), s.get('anchor_state'), s.get('role_withheld'))" 2>&1)
	if [ "$got" = "$awant" ]; then ok "$an: anchor: $awant $*"; else
		{ echo "got: $got, wanted: $awant"; cat "$tmp/out"; } >"$tmp/why"
		notok "$an: anchor: $awant $*"
	fi
}
anchor bank-chair "valid person Ngân hàng TMCP Minh Phát Customer Root CA False leader" --trust "$fx/bank-root.pem"
anchor bank-org "valid person Ngân hàng TMCP Minh Phát Customer Root CA False org" --trust "$fx/bank-root.pem"
anchor bank-chair "invalid leader None False None"
anchor bank-staff "valid person Ngân hàng TMCP Minh Phát Customer Root CA False None" --trust "$fx/bank-root.pem"
anchor chair-vgca "valid leader Kiemchung Test Root CA True None"
anchor bank-chair "valid leader Ngân hàng TMCP Minh Phát Customer Root CA True None" --trust "$fx/bank-declared"
anchor bank-org "valid org Ngân hàng TMCP Minh Phát Customer Root CA True None" --trust "$fx/bank-declared"
$kc verify $trust --trust "$fx/bank-root.pem" -v "$fx/bank-chair.pdf" >"$tmp/out" 2>&1 </dev/null
has "bank-chair: verify -v names the anchor and says the leader is not counted, and why" \
	"trust anchor: Ngân hàng TMCP Minh Phát Customer Root CA" \
	"! a leader by the certificate's subject, not counted: this trust anchor is not a state root" "state-roots.txt"
$kc --lang vi verify $trust --trust "$fx/bank-root.pem" -v "$fx/bank-chair.pdf" >"$tmp/out" 2>&1 </dev/null
has "... in Vietnamese" "không được tính: gốc tin cậy này không phải gốc của Nhà nước"
$kc verify $trust -v "$fx/staff-title-vanthu.pdf" >"$tmp/out" 2>&1 </dev/null
check "staff-title-vanthu: a person's role under the test root: the anchor named, nothing flagged" \
	"grep -qF 'trust anchor: Kiemchung Test Root CA' '$tmp/out' && ! grep -qF 'not counted' '$tmp/out'"
# index: criteria 20 and 21 and the warnings saying a role was not counted (rtcert21 warned only
# when the store also held a state root, and counted: 1/1 1; with the test PKI alone 1/1 0). A
# person the bank's CA files under the committee (bank-staff, OU... title=Văn thư) is tied to the
# commune by that CA's word alone: not the commune's signature for criterion 20 either (main:
# 1/1), said; under a declared root 1/1.
anchorwarn() {
	aw=$1 awwant=$2
	shift 2
	rm -rf reg && mkdir reg && cp "$fx/$aw.pdf" reg/
	{
		printf 'Số, ký hiệu văn bản;Ngày tháng văn bản;Tên loại và trích yếu nội dung văn bản;Người ký;Nơi nhận văn bản;Đơn vị, người nhận bản lưu;Số lượng bản;Ngày chuyển;Ký nhận;Ghi chú;Tệp\n'
		printf '15/QĐ-UBND;15/03/2021;Quyết định;Nguyễn Văn An;UBND huyện Phú Vang;VP;1;;;;%s.pdf\n' "$aw"
	} >reg/register.csv
	$kc index $trust "$@" --commune "Xã Thủy An" --district "Huyện Phú Vang" --json reg/register.csv >"$tmp/out" 2>&1 </dev/null
	got=$(pyq -c "
import json
d = json.load(open('$tmp/out'))
said = [w for w in d['warnings'] if 'which is not a state root' in w]
c = d['criteria']
print('%d/%d %d/%d %d' % (c['20']['numerator'], c['20']['denominator'], c['21']['numerator'], c['21']['denominator'], len(said)))" 2>&1)
	if [ "$got" = "$awwant" ]; then ok "$aw: index: criteria 20, 21 and anchor warnings $awwant $*"; else
		{ echo "got: $got, wanted: $awwant"; cat "$tmp/out"; } >"$tmp/why"
		notok "$aw: index: criteria 20, 21 and anchor warnings $awwant $*"
	fi
}
vgcaroot="$src/certs/vgca-root-g2.pem"
anchorwarn bank-chair "0/1 0/1 1" --trust "$fx/bank-root.pem" --trust "$vgcaroot"
anchorwarn bank-chair "0/1 0/1 1" --trust "$fx/bank-root.pem"
anchorwarn bank-org "0/1 0/1 1" --trust "$fx/bank-root.pem"
anchorwarn chair-vgca "1/1 1/1 0" --trust "$vgcaroot"
anchorwarn chair-vgca "1/1 1/1 0"
anchorwarn bank-chair "1/1 1/1 0" --trust "$fx/bank-declared"
anchorwarn staff-title-vanthu "1/1 0/1 0" --trust "$vgcaroot"
anchorwarn bank-staff "0/1 0/1 1" --trust "$fx/bank-root.pem"
anchorwarn bank-staff "1/1 0/1 0" --trust "$fx/bank-declared"
printf 'match,role\n%s,leader\n' "$(openssl x509 -in "$fx/bank-chair.pem" -noout -fingerprint -sha256 | cut -d= -f2)" \
	>roles-bank.csv
anchorwarn bank-chair "1/1 1/1 0" --trust "$fx/bank-root.pem" --trust "$vgcaroot" --roles roles-bank.csv
printf 'match,role\nNguyễn Văn An,leader\n' >roles-bank-name.csv
anchorwarn bank-chair "0/1 0/1 1" --trust "$fx/bank-root.pem" --roles roles-bank-name.csv
$kc --lang vi index $trust --trust "$fx/bank-root.pem" --trust "$vgcaroot" --commune "Xã Thủy An" reg/register.csv >"$tmp/out" 2>&1 </dev/null
has "... in Vietnamese" "dưới gốc tin cậy Ngân hàng TMCP Minh Phát Customer Root CA, không phải gốc của Nhà nước"
# A district declaring a root its directory does not hold, or a file holding no root: exit 2,
# said with the file and line (not a silent 0)
mkdir -p badroots && cp "$fx/bank-root.pem" "$fx/bank-chair.pem" badroots/
echo "missing.pem" >badroots/state-roots.txt
badrc=0
$kc verify $trust --trust badroots "$fx/bank-chair.pdf" >"$tmp/out" 2>&1 </dev/null || badrc=$?
check "state-roots.txt naming a file the directory lacks: exit 2, the file and line said" \
	"[ $badrc = 2 ] && grep -qF 'state-roots.txt, line 1: missing.pem is not a certificate file' '$tmp/out'"
echo "bank-chair.pem" >badroots/state-roots.txt
$kc verify $trust --trust badroots "$fx/bank-chair.pdf" >"$tmp/out" 2>&1 </dev/null
has "state-roots.txt naming a leaf: refused, only a root is declared" "line 1: bank-chair.pem holds no root certificate"
# --- lead43: a title ending with a full stop ("Chủ tịch.", "Chủ tịch UBND xã Thủy An."): a person
# on main, criterion 21 0/1 for his own commune; another body's chairman so written stays a person
role stop-chair leader
leader21 stop-chair 1/1
role stop-chair-place leader
leader21 stop-chair-place 1/1
role stop-body person
leader21 stop-body 0/1
# --- rtcert22, held: a title decomposed or with a zero-width joiner is read as drawn (the
# chairman's: leader); the same in a body's name keeps it that body's; an office only in
# description= or OU makes no leader
role nfd-chair leader
leader21 nfd-chair 1/1
role zwj-chair leader
leader21 zwj-chair 1/1
role nfd-body person
leader21 nfd-body 0/1
role zwj-body person
leader21 zwj-body 0/1
role desc-chair person
leader21 desc-chair 0/1
role ou-chair person
leader21 ou-chair 0/1
