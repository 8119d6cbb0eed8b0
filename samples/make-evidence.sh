#!/bin/sh
# make-evidence.sh [KC-TESTSIGN]: (re)makes samples/evidence/, the scans a clerk
# would drop in one folder for `kiemchung ingest --report samples/report-2021.txt`:
# one PDF per document the report cites, with the number, date and title the
# report gives ("HĐ số: 003/HĐ 2019 ngày 14/5/2019", "Số: 02/QĐ-UBND ngày
# 07/02/2020", "Quyết định Số 123/QĐ-UBND ngày 19/8/2021", the Internet invoices
# "từ tháng 01 đến tháng 9/2021"), a screenshot of the province's public-service
# portal that the report cites by address, and one invoice from October, after the
# period the report covers, which linking must leave unfiled.
#
# The drawer is kc-testsign make-doc (tests/tools/makedoc.c: cairo, text that
# poppler extracts): $1, else the first build*/tests/kc-testsign beside the sources.
# cairo is given each document's own date, so the output is the same bytes each
# run.  The files are committed; re-run this only after changing make-doc.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
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

out=$here/evidence
rm -rf "$out"
mkdir -p "$out"

# The contract behind criteria 1-4, 6, 7, 8 (its sub-row) and 9-12.
"$ts" make-doc "$out/HĐ 003-2019 thiết bị CNTT.pdf" --number "003/HĐ 2019" \
	--date "ngày 14 tháng 5 năm 2019" \
	--title "HỢP ĐỒNG|Cung cấp, lắp đặt thiết bị công nghệ thông tin cho Bộ phận tiếp nhận và trả kết quả" \
	--body "Bên A: Ủy ban nhân dân xã Thủy An. Bên B: Công ty TNHH Tin học Huế.|Hai bên thống nhất cung cấp, lắp đặt hệ thống camera giám sát, màn hình tra cứu thủ tục hành chính, đầu đọc mã vạch, kiosk cấp số thứ tự, máy scan, thiết bị tường lửa, mạng LAN và phòng họp trực tuyến." \
	--recipients "Công ty TNHH Tin học Huế;Kế toán xã;Lưu: VT"

# Criterion 8: the decision on the one-stop office.
"$ts" make-doc "$out/QĐ 02-2020 bộ phận một cửa.pdf" --number "02/QĐ-UBND" \
	--date "ngày 07 tháng 02 năm 2020" \
	--title "QUYẾT ĐỊNH|Về việc kiện toàn Bộ phận tiếp nhận và trả kết quả theo cơ chế một cửa, một cửa liên thông" \
	--recipients "UBND huyện Phú Vang;Bộ phận TN&TKQ;Lưu: VT"

# Criterion 14: the decision naming the commune's IT officer.
"$ts" make-doc "$out/QĐ 123-2021 cán bộ CNTT.pdf" --number "123/QĐ-UBND" \
	--date "ngày 19 tháng 8 năm 2021" \
	--title "QUYẾT ĐỊNH|Về việc phân công công chức kiêm nhiệm nhiệm vụ chuyên trách công nghệ thông tin" \
	--recipients "UBND huyện Phú Vang;Công chức được phân công;Lưu: VT"

# Criterion 7: the Internet invoices from January to September 2021, and one from
# October that the report's period does not cover.
for m in 01 05 09 10; do
	"$ts" make-doc "$out/Hoá đơn Internet tháng $m-2021.pdf" --number "00001$m" \
		--date "ngày 25 tháng $m năm 2021" \
		--title "HÓA ĐƠN GIÁ TRỊ GIA TĂNG|Cước dịch vụ Internet cáp quang (FTTH) tháng $m/2021" \
		--body "Đơn vị bán hàng: VNPT Thừa Thiên Huế. Người mua hàng: Ủy ban nhân dân xã Thủy An.|Cước dịch vụ Internet cáp quang FTTH tháng $m/2021: 330.000 đồng (đã gồm thuế GTGT)." \
		--recipients "Ủy ban nhân dân xã Thủy An" --signer-title "NGƯỜI BÁN HÀNG" --signer-name "VNPT Thừa Thiên Huế"
done

# Criteria 16 and 37 cite the province's portal by address: a screenshot printed to PDF.
"$ts" make-doc "$out/Ảnh chụp Cổng DVC tỉnh.pdf" --number "" --date "ngày 20 tháng 9 năm 2021" \
	--title "ẢNH CHỤP MÀN HÌNH|Cổng dịch vụ công tỉnh Thừa Thiên Huế" \
	--body "Địa chỉ: https://dichvucong.thuathienhue.gov.vn/xuly?catid=150|Danh mục dịch vụ công trực tuyến mức độ 1 và 2 của UBND xã Thủy An." \
	--recipients "Lưu: VT"

ls -l "$out"
