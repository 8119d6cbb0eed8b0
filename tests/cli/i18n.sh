#!/bin/sh
# i18n.sh: the interface in Vietnamese (TAP).  The language comes from the
# locale (LANG=vi_VN.UTF-8, even where that locale is not generated, as on a
# fresh Debian), from LANGUAGE, or from --lang; counts use plural forms; the
# JSON output never changes with the language; and the catalog src/po/vi.po
# translates every message of the sources.
set -u

build=${KC_BUILD_ROOT:?KC_BUILD_ROOT is not set}
src=${KC_SOURCE_ROOT:?KC_SOURCE_ROOT is not set}
kc=$build/src/cli/kiemchung
tmp=$(mktemp -d "${TMPDIR:-/tmp}/kc-i18n-test.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
. "$src/tests/cli/tap.sh" # ok, notok, skip, check, t, status, has, finish
trust="--no-default-trust --trust $src/certs/test/trust"
docs=$src/samples/docs

# Runs kiemchung with a clean locale environment plus the given assignments:
#   run "LANG=vi_VN.UTF-8" -- verify ...
run() {
	envs=""
	while [ "$1" != "--" ]; do envs="$envs $1"; shift; done
	shift
	# shellcheck disable=SC2086
	env -u LC_ALL -u LC_MESSAGES -u LANG -u LANGUAGE $envs "$kc" "$@" </dev/null >"$tmp/out" 2>"$tmp/err"
}

# 1. LANG=vi_VN.UTF-8 on a machine that may not have generated that locale.
run LANG=vi_VN.UTF-8 -- verify $trust -v "$docs/12-QD-UBND.pdf" "$docs/25-TB-UBND.pdf" "$docs/21-BC-UBND.pdf"
has "LANG=vi_VN.UTF-8: verdicts in Vietnamese" "hợp lệ" "KHÔNG HỢP LỆ" "chưa ký số" "lãnh đạo" "cơ quan"
has "LANG=vi_VN.UTF-8: the reason in plain words" "văn bản đã bị sửa sau khi ký (modified-after-signing)"
has "LANG=vi_VN.UTF-8: the summary line" "3 văn bản: 1 hợp lệ, 1 không hợp lệ, 1 chưa ký số, 0 không đọc được"
has "verbose details in Vietnamese" "người ký: Nguyễn Văn An, Chủ tịch" "nguồn thời gian: thời điểm hiện tại" \
	"bao trùm văn bản: không"

if locale -a 2>/dev/null | grep -qi '^vi_VN\.utf-\?8$'; then
	run LC_ALL=vi_VN.UTF-8 -- verify $trust "$docs/12-QD-UBND.pdf"
	has "LC_ALL=vi_VN.UTF-8 with the locale generated" "hợp lệ"
else
	skip "LC_ALL=vi_VN.UTF-8 with the locale generated" "vi_VN.UTF-8 is not generated here"
fi

# 2. LANGUAGE, which glibc ignores in the C locale: kiemchung moves to C.UTF-8.
run LANGUAGE=vi -- verify $trust "$docs/12-QD-UBND.pdf"
has "LANGUAGE=vi without any locale" "hợp lệ" "1 văn bản:"
run LANG=C.UTF-8 LANGUAGE=vi -- verify $trust "$docs/12-QD-UBND.pdf"
has "LANGUAGE=vi with C.UTF-8" "hợp lệ"

# tidy36: `user list` names its columns (it printed bare tab-separated fields), in both languages.
printf '%s\n' password-ok | "$kc" user add --data "$tmp/accounts" --role commune --commune "Xã Thủy An" \
	--district "UBND huyện Phú Vang" clerk >/dev/null 2>&1
printf '%s\n' password-ok | "$kc" user add --data "$tmp/accounts" --role admin admin-1 >/dev/null 2>&1
"$kc" user del --data "$tmp/accounts" clerk >/dev/null 2>&1
tab=$(printf '\t')
run LC_ALL=C -- user list --data "$tmp/accounts"
has "user list: a heading naming its columns" "account${tab}role${tab}commune${tab}district${tab}state"
has "... an account in use, one deleted, each field under its heading" "admin-1${tab}admin${tab}${tab}${tab}in use" \
	"clerk${tab}commune${tab}Xã Thủy An${tab}UBND huyện Phú Vang${tab}deleted"
run LANG=vi_VN.UTF-8 -- user list --data "$tmp/accounts"
has "... in Vietnamese" "tài khoản${tab}vai trò${tab}xã${tab}huyện${tab}trạng thái" "${tab}đang dùng" "${tab}đã xóa"

# 3. --lang, before or after the command, over the locale.
run LC_ALL=C -- --lang vi verify $trust "$docs/21-BC-UBND.pdf"
has "--lang vi before the command, in the C locale" "chưa ký số" "1 văn bản: 0 hợp lệ"
run LANG=vi_VN.UTF-8 -- verify --lang=en $trust "$docs/21-BC-UBND.pdf"
has "--lang=en after the command wins over LANG=vi_VN.UTF-8" "unsigned" "1 document: 0 valid"
run -- verify $trust "$docs"
has "English by default, plural form" "7 documents: 5 valid, 1 invalid, 1 unsigned, 0 unreadable"
run -- --lang fr verify "$docs"
if [ -f "$tmp/out" ] && [ ! -s "$tmp/out" ] && grep -q "vi or en" "$tmp/err"; then ok "--lang fr: a usage error"; else
	{ cat "$tmp/out" "$tmp/err"; } >"$tmp/why"; notok "--lang fr: a usage error"; fi
"$kc" --lang fr verify "$docs" >/dev/null 2>&1
rc=$?
if [ $rc = 2 ]; then ok "--lang fr: exit 2"; else echo "rc=$rc" >"$tmp/why"; notok "--lang fr: exit 2"; fi

# 4. index in the report's own words.
run LANG=vi_VN.UTF-8 -- index $trust "$src/samples/so-van-ban-di-2021.csv"
has "index: the criteria as the report writes them" \
	"Tiêu chí 20  Tỷ lệ văn bản đi được ký số" "5/7 (71,4%)" \
	"Tiêu chí 21  Tỷ lệ văn bản đi được lãnh đạo ký số" "3/7 (42,9%)" \
	"Tiêu chí 22  Tỷ lệ văn bản gửi cấp trên được ký số" "4/6 (66,7%)"
has "index: documents not validly signed, in Vietnamese" "Văn bản chưa được ký số hợp lệ:" \
	"25/TB-UBND" "không hợp lệ" "văn bản đã bị sửa sau khi ký" "so-van-ban-di-2021: 7 văn bản"
# The ratios line up: the four-column label is padded by characters, not bytes.
if python3 - "$tmp/out" <<'PY'
import re, sys
cols = {line.index("/") for line in open(sys.argv[1], encoding="utf-8") if re.search("Tiêu chí 2[012]", line)}
sys.exit(len(cols) != 1)
PY
then
	ok "index: the ratios line up in Vietnamese"
else cp "$tmp/out" "$tmp/why"; notok "index: the ratios line up in Vietnamese"; fi

# 5. Help and the command list.
run LANG=vi_VN.UTF-8 -- --help
has "--help in Vietnamese" "Cách dùng: kiemchung LỆNH" "kiểm tra chữ ký số trên văn bản đi" "--lang vi|en"
run LANG=vi_VN.UTF-8 -- index --help
has "index --help in Vietnamese" "Cách dùng: kiemchung index" "--csv-sep"
# The command list names all that `user` does (add, list, passwd, del), as `user --help` does.
run -- --help
has "--help: user's summary names all four of its verbs" "add, list, re-password or close the desk's accounts"
run LANG=vi_VN.UTF-8 -- --help
has "--help in Vietnamese: user's summary names all four of its verbs" "thêm, liệt kê, đặt lại mật khẩu hoặc đóng tài khoản"

# 6. Machine output does not change with the language.
# Only "detail", a sentence for people, is in the user's language.
# (and "checked_at", the current time for signatures without a proof: two runs may straddle a second)
nodetail() { sed 's/"detail":"[^"]*"/"detail":…/g; s/"checked_at":"[^"]*"/"checked_at":…/g' "$tmp/out"; }
run -- verify --json $trust "$docs"
nodetail >"$tmp/en.json"
run -- --lang vi verify --json $trust "$docs"
nodetail >"$tmp/vi.json"
if cmp -s "$tmp/vi.json" "$tmp/en.json"; then ok "verify --json: keys, statuses and codes are the same in both languages"; else
	diff "$tmp/en.json" "$tmp/vi.json" >"$tmp/why"; notok "verify --json: keys, statuses and codes are the same in both languages"; fi
# The CSV is for Excel, so for people: in English the stable column names and
# codes scripts read, in Vietnamese the clerk's words; both with the reason of
# each row and the criteria after the rows, in the language's decimal form.
run -- index --csv $trust "$src/samples/so-van-ban-di-2021.csv"
has "index --csv in English: the stable columns, codes, the reason, the criteria with a decimal point" \
	"commune,line,number,date,file,found,status,leader,org,to_district,signers,reason,warnings" \
	",column,invalid,0,0,1," "the document was modified after signing" \
	"so-van-ban-di-2021,Criterion 20,outgoing documents signed,5/7,71.4%"
run -- --lang vi index --csv --csv-sep ';' $trust "$src/samples/so-van-ban-di-2021.csv"
has "index --csv in Vietnamese: the clerk's words, the reason, the criteria with a decimal comma" \
	"Xã;Hàng;Số, ký hiệu;Ngày;Tệp;Cách tìm thấy tệp;Kết quả;Lãnh đạo ký;Cơ quan ký;Gửi cấp trên;Người ký;Lý do;Cảnh báo" \
	";theo cột tệp của sổ;không hợp lệ;;;có;" "văn bản đã bị sửa sau khi ký" \
	"so-van-ban-di-2021;Tiêu chí 20;Tỷ lệ văn bản đi được ký số;5/7;71,4%"
run -- index $trust "$src/samples/so-van-ban-di-2021.csv"
has "index in English: a decimal point" "5/7 (71.4%)"
rm -f "$tmp/map.csv"
run LANG=vi_VN.UTF-8 -- ingest --template --csv-sep ';' -o "$tmp/map.csv"
if head -n 1 "$tmp/map.csv" | grep -q "Tiêu chí;Tệp;Tài liệu;Loại;Ghi chú;Tên tiêu chí"; then
	ok "ingest --template in Vietnamese: ';' and the headings the map reader knows"
else cat "$tmp/map.csv" >"$tmp/why"; notok "ingest --template in Vietnamese: ';' and the headings the map reader knows"; fi
mkdir -p "$tmp/ev"
cp "$src/samples/evidence/QĐ 02-2020 bộ phận một cửa.pdf" "$tmp/ev/qd.pdf"
sed 's|^8;;|8;ev/qd.pdf;|' "$tmp/map.csv" >"$tmp/map-filled.csv"
if run LANG=vi_VN.UTF-8 -- ingest --no-validation --map "$tmp/map-filled.csv" -o "$tmp/map.zip" && grep -q "1 tệp" "$tmp/out"; then
	ok "... and that template, filled in, is read back as a map"
else cat "$tmp/out" "$tmp/err" >"$tmp/why"; notok "... and that template, filled in, is read back as a map"; fi
if run -- --lang vi list "$tmp/map.zip" && grep -q "^1 tệp, [0-9]*,[0-9][^k]*kB" "$tmp/out" &&
	run -- list "$tmp/map.zip" && grep -q "^1 file, [0-9]*\.[0-9][^k]*kB" "$tmp/out"; then
	ok "list: sizes with the language's decimal separator (53,1 kB, 53.1 kB), one file in the singular"
else cat "$tmp/out" "$tmp/err" >"$tmp/why"; notok "list: sizes with the language's decimal separator (53,1 kB, 53.1 kB), one file in the singular"; fi

# 7. The catalog covers every message of the sources, translated, not fuzzy.
po=$src/src/po
if command -v xgettext >/dev/null && command -v msgcmp >/dev/null; then
	missing=""
	for f in $(cd "$src" && grep -l -E '\b([NC]?_|ngettext|dngettext)\(' src/util/*.c src/lib/*.c src/cli/*.c src/server/*.c); do
		grep -qx "$f" "$po/POTFILES" || missing="$missing $f"
	done
	if [ -z "$missing" ]; then ok "src/po/POTFILES lists every source file with messages"; else
		echo "add to src/po/POTFILES:$missing" >"$tmp/why"; notok "src/po/POTFILES lists every source file with messages"; fi
	(cd "$src" && xgettext --from-code=UTF-8 -k_ -kN_ --keyword=C_:1c,2 --keyword=ngettext:1,2 --keyword=dngettext:2,3 \
		-f src/po/POTFILES -o "$tmp/kiemchung.pot") 2>"$tmp/why"
	if msgcmp "$po/vi.po" "$tmp/kiemchung.pot" >"$tmp/why" 2>&1; then
		ok "vi.po translates every message (no fuzzy, none missing)"
	else
		echo "run: ninja -C build kiemchung-pot kiemchung-update-po, then translate src/po/vi.po" >>"$tmp/why"
		notok "vi.po translates every message (no fuzzy, none missing)"
	fi
	if msgfmt -c -o /dev/null "$po/vi.po" >"$tmp/why" 2>&1; then ok "vi.po: formats match their messages (msgfmt -c)"; else
		notok "vi.po: formats match their messages (msgfmt -c)"; fi
else
	skip "src/po/POTFILES lists every source file with messages" "gettext tools missing"
	skip "vi.po translates every message" "gettext tools missing"
	skip "vi.po: formats match their messages" "gettext tools missing"
fi

finish
[ $failed = 0 ]
