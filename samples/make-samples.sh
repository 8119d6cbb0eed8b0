#!/bin/sh
# make-samples.sh [KC-TESTSIGN]: (re)makes samples/docs/, the sample commune's 2021
# outgoing documents, signed with the TEST PKI in certs/test/ (not real signatures).
#
# The signer is kc-testsign from the build tree: $1, else the first
# build*/tests/kc-testsign found beside the sources.  Signing times are fixed and
# cairo is given a fixed creation date, so the same PKI gives the same bytes.
# The generated files are committed; re-run this only after changing the test PKI
# or kc-testsign.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
certs=$top/certs/test
ts=${1:-}
if [ -z "$ts" ]; then
	for c in "$top"/build*/tests/kc-testsign; do
		[ -x "$c" ] && ts=$c && break
	done
fi
if [ -z "$ts" ] || [ ! -x "$ts" ]; then
	echo "usage: $0 [path/to/kc-testsign] (build it first: ninja -C build tests/kc-testsign)" >&2
	exit 2
fi

out=$here/docs
tmp=$(mktemp -d "${TMPDIR:-/tmp}/kc-samples.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
rm -rf "$out"
mkdir -p "$out"

# sign IN OUT WHO TIME: WHO.pem/WHO.key of the test PKI; the organisation's token
# also carries the intermediate, the people's carry only their own certificate.
sign() {
	chain=
	[ "$3" = org ] && chain="--chain $certs/ca.pem"
	# shellcheck disable=SC2086 # $chain is empty or two words
	"$ts" sign "$1" "$2" --cert "$certs/$3.pem" --key "$certs/$3.key" --time "$4" $chain
}

# 1. Decision, Decree 30 style: the chairman signs, then the clerk applies the
#    commune's signature in a later incremental update.
"$ts" make-doc "$tmp/12.pdf" --number "12/QĐ-UBND" --date "ngày 15 tháng 03 năm 2021" \
	--title "QUYẾT ĐỊNH|Về việc ban hành Kế hoạch ứng dụng công nghệ thông tin trong hoạt động của cơ quan nhà nước năm 2021" \
	--recipients "UBND huyện Phú Vang;Phòng Văn hóa - Thông tin huyện;Các bộ phận chuyên môn;Lưu: VT"
sign "$tmp/12.pdf" "$tmp/12-leader.pdf" leader 2021-03-15T08:10:00Z
sign "$tmp/12-leader.pdf" "$out/12-QD-UBND.pdf" org 2021-03-15T09:45:00Z

# 2. Official letter (công văn: no type abbreviation) signed by the deputy, then the commune.
"$ts" make-doc "$tmp/15.pdf" --number "15/UBND-VX" --date "ngày 22 tháng 03 năm 2021" \
	--title "V/v báo cáo kết quả triển khai dịch vụ công trực tuyến quý I năm 2021" \
	--recipients "UBND huyện Phú Vang;Phòng Văn hóa - Thông tin huyện;Lưu: VT, VX" \
	--signer-title "KT. CHỦ TỊCH|PHÓ CHỦ TỊCH" --signer-name "Trần Thị Bình"
sign "$tmp/15.pdf" "$tmp/15-deputy.pdf" deputy 2021-03-22T14:00:00Z
sign "$tmp/15-deputy.pdf" "$out/15-UBND-VX.pdf" org 2021-03-22T15:30:00Z

# 3. Plan signed with the commune's certificate only (no leader signature).
"$ts" make-doc "$tmp/03.pdf" --number "03/KH-UBND" --date "ngày 11 tháng 01 năm 2021" \
	--title "KẾ HOẠCH|Chuyển đổi số xã Thủy An năm 2021" \
	--recipients "UBND huyện Phú Vang;Đảng ủy xã;Các thôn;Lưu: VT"
sign "$tmp/03.pdf" "$out/03-KH-UBND.pdf" org 2021-01-11T10:00:00Z

# 4. Report never signed (the criterion 20 ratio counts it as unsigned).
"$ts" make-doc "$out/21-BC-UBND.pdf" --number "21/BC-UBND" --date "ngày 30 tháng 06 năm 2021" \
	--title "BÁO CÁO|Tình hình ứng dụng công nghệ thông tin 6 tháng đầu năm 2021" \
	--recipients "UBND huyện Phú Vang;Lưu: VT"

# 5. Notice signed properly, then changed afterwards (page content overlaid): not valid.
"$ts" make-doc "$tmp/25.pdf" --number "25/TB-UBND" --date "ngày 05 tháng 08 năm 2021" \
	--title "THÔNG BÁO|Lịch tiếp công dân tháng 8 năm 2021" \
	--recipients "UBND huyện Phú Vang;Các thôn;Lưu: VT"
sign "$tmp/25.pdf" "$tmp/25-leader.pdf" leader 2021-08-05T08:00:00Z
sign "$tmp/25-leader.pdf" "$tmp/25-signed.pdf" org 2021-08-05T09:00:00Z
"$ts" modify "$tmp/25-signed.pdf" "$out/25-TB-UBND.pdf" --mode content

# 6. Decision sent only inside the commune (not to the district): leader + commune.
"$ts" make-doc "$tmp/30.pdf" --number "30/QĐ-UBND" --date "ngày 14 tháng 09 năm 2021" \
	--title "QUYẾT ĐỊNH|Về việc kiện toàn Tổ công nghệ số cộng đồng xã Thủy An" \
	--recipients "Như Điều 3;Thường trực Đảng ủy, HĐND xã;Lưu: VT"
sign "$tmp/30.pdf" "$tmp/30-leader.pdf" leader 2021-09-14T08:30:00Z
sign "$tmp/30-leader.pdf" "$out/30-QD-UBND.pdf" org 2021-09-14T10:00:00Z

# 7. An invitation kept as a Word file, signed with a detached CMS (.p7s beside it).
python3 - "$out/18-GM-UBND.docx" <<'EOF'
# A minimal but real .docx (Office Open XML), with fixed timestamps: reproducible bytes.
import sys, zipfile
body = ["ỦY BAN NHÂN DÂN XÃ THỦY AN", "Số: 18/GM-UBND",
        "Thủy An, ngày 20 tháng 04 năm 2021", "GIẤY MỜI",
        "Họp triển khai phần mềm quản lý văn bản và điều hành",
        "Nơi nhận:", "- UBND huyện Phú Vang;", "- Các bộ phận chuyên môn;", "- Lưu: VT."]
paras = "".join("<w:p><w:r><w:t>%s</w:t></w:r></w:p>" % t for t in body)
files = {
    "[Content_Types].xml":
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/word/document.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
    "_rels/.rels":
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/officeDocument" Target="word/document.xml"/></Relationships>',
    "word/document.xml":
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        '<w:body>' + paras + '</w:body></w:document>',
}
with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:
    for name, text in files.items():
        info = zipfile.ZipInfo(name, date_time=(2021, 4, 20, 8, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        z.writestr(info, text.encode("utf-8"))
EOF
"$ts" detach "$out/18-GM-UBND.docx" "$out/18-GM-UBND.docx.p7s" --cert "$certs/org.pem" \
	--key "$certs/org.key" --chain "$certs/ca.pem" --time 2021-04-20T09:00:00Z

echo "make-samples.sh: wrote $(ls "$out" | wc -l) files to $out"
