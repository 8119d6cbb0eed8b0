# roles_untied.sh: rows of roles.sh on a leader's or the organisation's certificate that names
# no place: index counts it and says so, and review and index DOSSIER.zip say it beside each
# figure; sourced by roles.sh (its helpers, fixtures and dossiers) at this point of its rows,
# split from it by concern (tidy36).

# --- index: a leader's or organisation's certificate naming no place counts, and is said to ---
# untied NAME WANT [OPTION…]: index of Xã Thủy An's register whose one row is NAME.pdf warns
# (WANT yes) or not (no) that its certificate names no district or province, or not the
# level of the one --district names.
untied() {
	un=$1 uw=$2
	shift 2
	leader21 "$un" "$(case $un in org-* | place-*) echo 0/1 ;; *) echo 1/1 ;; esac)" "$@"
	w=$(pyq -c "import json; d = json.load(open('$tmp/out')); print(any('counted as signed by the commune' in x and 'names no ' in x for x in d['warnings']))" 2>&1)
	want=$(if [ "$uw" = yes ]; then echo True; else echo False; fi)
	if [ "$w" = "$want" ]; then ok "$un: index warns of a certificate tied to no commune: $uw $*"; else
		{ echo "got: $w"; cat "$tmp/out"; } >"$tmp/why"
		notok "$un: index warns of a certificate tied to no commune: $uw $*"
	fi
}
untied leader-noplace yes
untied org-noplace yes
untied org-noplace no --roles "$fx/roles-noplace.csv"
untied chair-titled no
untied chair-vgca no --district "UBND huyện Phú Vang"
# a certificate naming its province only, for figures of a district (and the reverse)
untied chair-quangtri yes --district "UBND huyện Phú Vang"
has "... naming the level it leaves out" "names no district, while the figures are for UBND huyện Phú Vang"
untied chair-titled yes --district "UBND huyện Phú Vang"
untied place-district-only no --district "UBND huyện Phú Vang"
untied place-district-only yes --district "UBND tỉnh Thừa Thiên Huế"
untied chair-titled no --district "UBND tỉnh Thừa Thiên Huế"

# --- review and index DOSSIER.zip say it too, beside each figure (lim1) ---------------------
# rdossier NAME PDF [INGEST OPTION…]: NAME.zip, Thủy An's 2021 dossier (not sealed) whose
# register's one row is PDF.pdf, sent to UBND huyện Phú Vang.
rdossier() {
	rdn=$1 rdp=$2
	shift 2
	rm -rf ev && mkdir -p "ev/20 Chữ ký số" && cp "$fx/$rdp.pdf" "ev/20 Chữ ký số/"
	{
		printf 'Số, ký hiệu văn bản;Ngày tháng văn bản;Tên loại và trích yếu nội dung văn bản;Người ký;Nơi nhận văn bản;Đơn vị, người nhận bản lưu;Số lượng bản;Ngày chuyển;Ký nhận;Ghi chú;Tệp\n'
		printf '15/QĐ-UBND;15/03/2021;Quyết định;Trần Văn Hùng;UBND huyện Phú Vang;VP;1;;;;%s.pdf\n' "$rdp"
	} >"ev/20 Chữ ký số/so-di.csv"
	$kc ingest $trust --report "$src/samples/report-2021.txt" --commune "Thủy An" --year 2021 "$@" -o "$rdn.zip" ev \
		>"$tmp/why" 2>&1 || { echo "Bail out! cannot make $rdn.zip"; cat "$tmp/why"; exit 1; }
}
# rjson NAME WANT20 WANT21 WANT22 NO_PLACE NO_LEVEL [OPTION…]: review --json of NAME.zip gives
# those "untied" counts in criteria 20-22 and its untied object, and a sentence when any.
rjson() {
	rjn=$1 rjw="$2 $3 $4 $5 $6"
	shift 6
	$kc review $trust --allow-unsealed --json "$@" "$rjn.zip" >"$tmp/out" 2>/dev/null </dev/null
	got=$(pyq -c "
import json
r = json.load(open('$tmp/out'))['communes'][0]
u = r['untied']
said = [w for w in r['warnings'] if 'counted as signed by the commune' in w and 'names no ' in w]
assert said == u['warnings'], (said, u['warnings'])
assert bool(said) == bool(u['documents']), said
print(' '.join(str(x) for x in [r['criteria'][k]['untied'] for k in ('20', '21', '22')] + [u['no_place'], u['no_level']]))" 2>&1)
	if [ "$got" = "$rjw" ]; then ok "$rjn: review --json: untied $rjw $*"; else
		{ echo "got: $got, wanted: $rjw"; cat "$tmp/out"; } >"$tmp/why"
		notok "$rjn: review --json: untied $rjw $*"
	fi
}
rdossier r-leader-noplace leader-noplace --district "Phú Vang" --province "Thừa Thiên Huế"
rdossier r-org-noplace org-noplace --district "Phú Vang" --province "Thừa Thiên Huế"
rdossier r-chair-vgca chair-vgca --district "Phú Vang" --province "Thừa Thiên Huế"
rdossier r-chair-titled chair-titled --district "Phú Vang"
rdossier r-chair-titled-p chair-titled --district "Phú Vang" --province "Thừa Thiên Huế"
rjson r-leader-noplace 1 1 1 1 0
rjson r-org-noplace 1 0 1 1 0
rjson r-org-noplace 0 0 0 0 0 --roles "$fx/roles-noplace.csv"
rjson r-chair-vgca 0 0 0 0 0
# a dossier naming its district alone, a certificate naming only the province
rjson r-chair-titled 1 1 1 0 1
has "... the level it leaves out" "names no district, while the figures are for Phú Vang"
rjson r-chair-titled-p 0 0 0 0 0
status 0 "review (text) of r-leader-noplace.zip: exit 0 (every document signed)" \
	$kc review $trust --allow-unsealed r-leader-noplace.zip
has "... each figure marked, the line under it and the sentence in the commune's detail" "100.0%*" \
	"* not tied to commune" "Criterion 20: the register gives 1/1 (100.0%), 1 of them by a certificate not tied to the commune" \
	"it is not tied to this commune"
$kc review $trust --allow-unsealed r-chair-vgca.zip >"$tmp/out" 2>&1
check "... a leader naming its commune's district: no mark, no line" \
	"grep -q '100.0%' '$tmp/out' && ! grep -q 'not tied' '$tmp/out' && ! grep -qF '%*' '$tmp/out'"
$kc review $trust --allow-unsealed --html r.html r-leader-noplace.zip >/dev/null 2>&1
cp r.html "$tmp/out"
has "review --html: the figure says it beside it, and the detail the sentence" \
	'<span class="reason untied">* 1 not tied to the commune</span>' "it is not tied to this commune"
$kc --lang vi review $trust --allow-unsealed r-leader-noplace.zip >"$tmp/out" 2>&1
has "... in Vietnamese" "100,0%*" "không gắn với xã"
$kc index $trust --json r-leader-noplace.zip >"$tmp/out" 2>&1 </dev/null
check "index DOSSIER.zip --json: criteria 20-22 each say 1 untied, and the sentence once" \
	"pyq -c \"import json; d = json.load(open('$tmp/out')); assert [d['criteria'][k]['untied'] for k in ('20', '21', '22')] == [1, 1, 1], d['criteria']; assert len([w for w in d['warnings'] if 'not tied to this commune' in w]) == 1, d['warnings']\" >'$tmp/why' 2>&1"
