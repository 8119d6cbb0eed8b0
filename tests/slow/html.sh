#!/bin/sh
# html.sh: the HTML reports in a real browser (TAP, slow suite).  Debian's
# headless Chromium opens each page offline: it must render the expected
# content (--dump-dom), log no console message (a script error, or anything
# the page's Content-Security-Policy blocked), give a screenshot that is not
# blank, and print on A4 (--print-to-pdf, read back with pdfinfo).
# The dossier pages of issue 4 (index.html, list --report --html) are checked
# too, without the A4 requirement.  Skips when chromium is not installed
# (tests/deps.sh installs it).
set -u

build=${KC_BUILD_ROOT:?KC_BUILD_ROOT is not set}
src=${KC_SOURCE_ROOT:?KC_SOURCE_ROOT is not set}
kc=$build/src/cli/kiemchung
tmp=$(mktemp -d "${TMPDIR:-/tmp}/kc-html-test.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
. "$src/tests/cli/tap.sh" # ok, notok, skip, check, t, status, finish
trust="--no-default-trust --trust $src/certs/test/trust"

browser=""
for b in chromium chromium-browser google-chrome; do
	if command -v "$b" >/dev/null 2>&1; then browser=$b; break; fi
done
if [ -z "$browser" ]; then
	echo "ok 1 - HTML reports in a browser # SKIP chromium is not installed (sh tests/deps.sh test)"
	echo "1..1"
	exit 0
fi

# The flags that keep Chromium from reaching for the network, as root, in CI.
chrome() {
	profile=$(mktemp -d "$tmp/profile.XXXXXX")
	timeout 120 "$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync \
		--disable-default-apps --disable-extensions --hide-scrollbars \
		--user-data-dir="$profile" --enable-logging=stderr --v=0 "$@"
}

# A PNG that is not blank: decode it (zlib + PNG row filters) and count the
# pixels that are not white.
png_ink() {
	python3 - "$1" <<'PY'
import struct, sys, zlib
data = open(sys.argv[1], "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
pos, idat, w = 8, b"", 0
while pos < len(data):
    length, kind = struct.unpack(">I4s", data[pos:pos + 8])
    body = data[pos + 8:pos + 8 + length]
    if kind == b"IHDR":
        w, h, depth, ctype = struct.unpack(">IIBB", body[:10])
        bpp = {2: 3, 6: 4}[ctype]
    elif kind == b"IDAT":
        idat += body
    pos += 12 + length
raw = zlib.decompress(idat)
stride = w * bpp
prev = bytearray(stride)
ink = 0
for y in range(h):
    f = raw[y * (stride + 1)]
    line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
    for i in range(stride):
        a = line[i - bpp] if i >= bpp else 0
        b = prev[i]
        if f == 1: line[i] = (line[i] + a) & 255
        elif f == 2: line[i] = (line[i] + b) & 255
        elif f == 3: line[i] = (line[i] + ((a + b) >> 1)) & 255
        elif f == 4:
            c = prev[i - bpp] if i >= bpp else 0
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    if y % 4 == 0:
        ink += sum(1 for x in range(0, stride, bpp * 2) if line[x] < 200 or line[x + 1] < 200 or line[x + 2] < 200)
    prev = line
print(ink, w, h)
PY
}

# browser_check NAME PAGE A4 WORDS...: the page renders with each word in its
# DOM, logs nothing to the console, shows ink, and prints (on A4 when A4=a4).
browser_check() {
	name=$1 page=$2 a4=$3
	shift 3
	chrome --dump-dom "file://$page" >"$tmp/dom" 2>"$tmp/log"
	missing=""
	for w in "$@"; do grep -qF -- "$w" "$tmp/dom" || missing="$missing [$w]"; done
	if [ -z "$missing" ] && grep -q "</table>" "$tmp/dom"; then ok "$name: renders with its content"; else
		{ echo "missing in the DOM:$missing"; head -c 2000 "$tmp/dom"; } >"$tmp/why"; notok "$name: renders with its content"; fi
	grep -E "CONSOLE|Uncaught|Refused to|violates the following Content Security Policy" "$tmp/log" >"$tmp/why"
	if [ ! -s "$tmp/why" ]; then ok "$name: no console errors"; else notok "$name: no console errors"; fi

	png=$tmp/$(basename "$page" .html).png
	chrome --screenshot="$png" --window-size=1200,1600 "file://$page" >/dev/null 2>"$tmp/log"
	if [ -s "$png" ] && set -- $(png_ink "$png" 2>"$tmp/why") && [ "${1:-0}" -gt 2000 ] && [ "${2:-0}" = 1200 ]; then
		ok "$name: the screenshot shows the page ($1 inked samples)"
	else
		{ ls -l "$png"; tail -5 "$tmp/log"; } >>"$tmp/why" 2>&1; notok "$name: the screenshot shows the page"
	fi
	[ -n "${KC_KEEP_SCREENSHOTS:-}" ] && cp "$png" "$KC_KEEP_SCREENSHOTS/"

	pdf=$tmp/$(basename "$page" .html).pdf
	chrome --print-to-pdf="$pdf" --no-pdf-header-footer "file://$page" >/dev/null 2>"$tmp/log"
	if [ "$a4" = a4 ] && command -v pdfinfo >/dev/null; then
		pdfinfo "$pdf" >"$tmp/why" 2>&1
		if grep -q "Page size:.*(A4)" "$tmp/why"; then ok "$name: prints on A4"; else notok "$name: prints on A4"; fi
	elif [ -s "$pdf" ]; then
		ok "$name: prints"
	else
		cp "$tmp/log" "$tmp/why"; notok "$name: prints"
	fi
}

docs=$src/samples/docs
reg=$src/samples/so-van-ban-di-2021.csv
"$kc" verify $trust "$docs" --html "$tmp/verify-en.html" >/dev/null 2>&1
browser_check "verify --html (English)" "$tmp/verify-en.html" a4 \
	"Digital signatures on outgoing documents" "25-TB-UBND.pdf" "the document was modified after signing" \
	"Nguyễn Văn An" "leader" "5/7 (71.4%)"
"$kc" --lang vi verify $trust "$docs" --html "$tmp/verify-vi.html" >/dev/null 2>&1
browser_check "verify --html (Vietnamese)" "$tmp/verify-vi.html" a4 \
	"Chữ ký số trên văn bản đi" "văn bản đã bị sửa sau khi ký" "lãnh đạo" "chưa ký số"
"$kc" --lang vi index $trust "$reg" --html "$tmp/index-vi.html" >/dev/null 2>&1
browser_check "index --html, a commune (Vietnamese)" "$tmp/index-vi.html" a4 \
	"Tỷ lệ văn bản đi được ký số" "5/7 (71,4%)" "Tỷ lệ văn bản đi được lãnh đạo ký số" "3/7 (42,9%)" \
	"4/6 (66,7%)" "25/TB-UBND" "văn bản đã bị sửa sau khi ký"

# A district: two communes; thuy-bang names thuy-an's signed 12/QĐ-UBND (a copy), which counts
# once in the district, for thuy-an.
mkdir -p "$tmp/district/thuy-an" "$tmp/district/thuy-bang"
cp -r "$docs" "$tmp/district/thuy-an/docs"
cp "$reg" "$tmp/district/thuy-an/so-di.csv"
cp -r "$docs" "$tmp/district/thuy-bang/docs"
printf 'Số, ký hiệu văn bản;Ngày tháng văn bản;Nơi nhận văn bản;Tệp\n12/QĐ-UBND;15/03/2021;UBND huyện Phú Vang;docs/12-QD-UBND.pdf\n' \
	>"$tmp/district/thuy-bang/so-di.csv"
"$kc" index $trust "$tmp/district" --html "$tmp/district.html" >/dev/null 2>&1
browser_check "index --html, a district (English)" "$tmp/district.html" a4 \
	"thuy-an" "thuy-bang" "Total" "0/2 (0.0%)" "5/8 (62.5%)"

# The dossier's pages (issue 4's index.html, and `list --report --html`, the
# commune's report rebuilt from a dossier): they render, quietly.
if [ -f "$src/samples/report-2021.txt" ] && [ -d "$src/samples/evidence" ]; then
	"$kc" --quiet ingest --report "$src/samples/report-2021.txt" --commune "Xã Thủy An" --year 2021 \
		-o "$tmp/dossier.zip" "$src/samples/evidence" >/dev/null 2>&1
	"$kc" list --report --html "$tmp/dossier.zip" >"$tmp/report.html" 2>/dev/null
	browser_check "list --report --html" "$tmp/report.html" any "003/HĐ 2019" "99,7%"
	mkdir -p "$tmp/unzipped"
	python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extract("index.html", sys.argv[2])' \
		"$tmp/dossier.zip" "$tmp/unzipped" 2>/dev/null
	browser_check "the dossier's index.html" "$tmp/unzipped/index.html" any "003/HĐ 2019" "Thủy An"
fi

finish
[ $failed = 0 ]
