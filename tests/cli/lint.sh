#!/bin/sh
# lint.sh: end-to-end tests of `kiemchung lint` (TAP): the real 2021 report and
# its four findings (text and --json), the clean variant, each check tripped by a
# handmade report, the catalog options, and the exit codes (0 nothing flagged,
# 1 flagged, 2 usage or input error, with the line named for garbage).
set -u

build=${KC_BUILD_ROOT:?KC_BUILD_ROOT is not set}
src=${KC_SOURCE_ROOT:?KC_SOURCE_ROOT is not set}
kc=$build/src/cli/kiemchung
py=${PYTHON:-python3}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/kc-lint-test.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
. "$src/tests/cli/wrap.sh" # KC_WRAPPER: run the binary under valgrind (tests/meson.build)
. "$src/tests/cli/tap.sh" # ok, notok, skip, check, t, status, finish
real=$src/tests/data/commune-report-2021.txt
clean=$src/tests/data/report-clean.txt
catalog=$src/src/data/criteria-hue-2021.tsv

# run NAME WANT_RC ARGS...: runs lint, keeps stdout/stderr, checks the exit status.
run() {
	name=$1 want=$2
	shift 2
	"$kc" lint "$@" >"$tmp/out" 2>"$tmp/err" </dev/null
	rc=$?
	if [ "$rc" != "$want" ]; then
		{ echo "exit $rc, want $want"; cat "$tmp/out" "$tmp/err"; } >"$tmp/why"
		notok "$name"
		return 1
	fi
	return 0
}

# has NAME FILE TEXT: the test passes when FILE contains TEXT (fixed string).
has() {
	if grep -qF -- "$3" "$2"; then ok "$1"; else { echo "no '$3' in:"; cat "$2"; } >"$tmp/why"; notok "$1"; fi
}

# json NAME PYTHON: assertions over the --json output bound to d.
json() {
	if "$py" - "$tmp/out" "$2" >"$tmp/why" 2>&1 <<'PY'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
f = [(x["criterion"], x["code"]) for x in d["findings"]]
exec(sys.argv[2])
PY
	then ok "$1"; else notok "$1"; fi
}

# --- the real report ----------------------------------------------------------------
if run "real report: exit 1" 1 "$real"; then
	ok "real report: exit 1"
	has "real report: 15 not met (Đang học), line 35" "$tmp/out" "commune-report-2021.txt:35: not-met: criterion 15"
	has "real report: 18 asks level 4, evidence says 3" "$tmp/out" ":44: evidence-mismatch: criterion 18 asks about level 4"
	if grep -q "criterion 26" "$tmp/out"; then cp "$tmp/out" "$tmp/why"; notok "real report: 26, which the catalog leaves out, is not a finding"
	else ok "real report: 26, which the catalog leaves out, is not a finding"; fi
	has "real report: 36 not met (chưa lắp đặt)" "$tmp/out" ":77: not-met: criterion 36"
	has "real report: the summary line" "$tmp/out" "36 criteria, 3 findings"
fi
if run "real report --no-catalog: 26 is a skipped number" 1 --no-catalog "$real"; then
	has "real report --no-catalog: 26 is a skipped number" "$tmp/out" "skipped-number: criterion 26 is missing"
fi
if run "real report --json: exit 1" 1 --json "$real"; then
	json "real report --json: the issue's schema and exactly three findings" '
assert set(d) == {"criteria", "findings"}, d.keys()
assert d["criteria"] == 36, d["criteria"]
assert f == [("15", "not-met"), ("18", "evidence-mismatch"), ("36", "not-met")], f
assert all(set(x) == {"criterion", "code", "message"} and x["message"] for x in d["findings"])
'
fi

# --- nothing false on a clean report --------------------------------------------------
if run "clean report without a catalog: exit 0" 0 --no-catalog "$clean"; then
	ok "clean report without a catalog: exit 0"
	has "clean report: nothing flagged" "$tmp/out" "37 criteria, nothing flagged"
fi
# The installed catalog leaves out 26, which the 2021 report does not name.
cp "$catalog" "$tmp/catalog.tsv"
printf '26\tresults\tII\tĐánh giá mức độ tương tác\tTỷ lệ hồ sơ TTHC được tiếp nhận và giải quyết qua phần mềm một cửa\tratio\n' >>"$tmp/catalog.tsv"
run "clean report against a catalog that has 26: exit 0" 0 --catalog "$tmp/catalog.tsv" --json "$clean" &&
	json "clean report against the catalog: no findings" 'assert d == {"criteria": 37, "findings": []}, d'
KIEMCHUNG_CRITERIA=$tmp/catalog.tsv run "KIEMCHUNG_CRITERIA names the catalog" 0 "$clean" && ok "KIEMCHUNG_CRITERIA names the catalog"
mkdir "$tmp/criteria"
cp "$tmp/catalog.tsv" "$tmp/criteria/criteria-hue-2021.tsv"
KIEMCHUNG_CRITERIA=$tmp/criteria run "KIEMCHUNG_CRITERIA names the directory" 0 "$clean" && ok "KIEMCHUNG_CRITERIA names the directory"

# --- each check, tripped ------------------------------------------------------------
tab=$(printf '\t')
cat >"$tmp/bad.txt" <<EOF
BÁO CÁO

STT${tab}TIÊU CHÍ${tab}Đơn vị chủ trì thực hiện${tab}Nội dung thực hiện
1${tab}Hệ thống Camera giám sát an ninh (cả một cửa/ trung tâm HCC và các vị trí xung yếu thuộc trụ sở)${tab}UBND xã${tab}Đã lắp đặt
2${tab}Màn hình tra cứu TTHC phục vụ người dân tại Bộ phận tiếp nhận và trả kết quả hoặc Trung tâm HCC${tab}UBND xã${tab}HĐ số: 003/HĐ 2019 ngày 14/5/2019
4${tab}Kiosk cấp số thứ tự tại Bộ phận tiếp nhận và trả kết quả hoặc Trung tâm HCC${tab}UBND xã${tab}
34${tab}Tỷ lệ hồ sơ TTHC trả đúng hạn/ Tổng số hồ sơ tiếp nhận thụ lý tại UBND cấp xã${tab}UBND xã${tab}650/652 hồ sơ đạt 99,9%
35${tab}Tỷ lệ hồ sơ TTHC qua DVC TT mức độ 3 và 4 trả đúng hạn/ Tổng số hồ sơ nhận, thụ lý trực tuyến mức độ 3 và 4 tại UBND cấp xã${tab}UBND xã${tab}5/3 hồ sơ
35${tab}Tên lạ${tab}UBND xã${tab}chưa triển khai
EOF
if run "handmade report: exit 1" 1 --json "$tmp/bad.txt"; then
	json "handmade report: every check fires once" '
want = [("1", "evidence-kind"), ("3", "skipped-number"), ("4", "no-evidence"),
        ("5", "skipped-number"),   # 5 to 33 at once: a long gap is one finding
        ("34", "ratio-mismatch"), ("35", "ratio-invalid"), ("35", "duplicate-number"),
        ("35", "name-mismatch"), ("35", "not-met"),
        ("36", "skipped-number"), ("37", "skipped-number")]  # the catalog goes on to 37
assert f == want, f
'
fi

# --- input errors: exit 2, the line named ----------------------------------------------
printf 'STT\tTIÊU CHÍ\tĐơn vị\tNội dung\n1\ta\tb\tc\n@@@\tgarbage\tx\ty\n' >"$tmp/garbage.txt"
run "garbage: exit 2" 2 "$tmp/garbage.txt" && has "garbage: the error names line 3" "$tmp/err" "garbage.txt: line 3:"
printf 'STT\tTIÊU CHÍ\tĐơn vị\tNội dung\n1\ta\tb\t\377\376\n' >"$tmp/binary.txt"
run "not UTF-8: exit 2" 2 "$tmp/binary.txt" && has "not UTF-8: the error names line 2" "$tmp/err" "line 2: not UTF-8"
run "missing report: exit 2" 2 "$tmp/none.txt" && ok "missing report: exit 2"
run "no argument: exit 2" 2 && ok "no argument: exit 2"
run "two reports: exit 2" 2 "$real" "$clean" && ok "two reports: exit 2"
run "unknown option: exit 2" 2 --frobnicate "$real" && ok "unknown option: exit 2"
printf 'number\tname\tevidence\n1\tA\tscreenshots\n' >"$tmp/badcat.tsv"
run "a broken catalog: exit 2" 2 --catalog "$tmp/badcat.tsv" "$real" && has "a broken catalog: the line named" "$tmp/err" "badcat.tsv: line 2"
run "--help: exit 0" 0 --help && has "--help lists the codes" "$tmp/out" "evidence-mismatch"

# --- the report as a Word document (tests/fixtures/make-ooxml-fixtures.py writes it as Word does) ---
"$py" "$src/tests/fixtures/make-ooxml-fixtures.py" --docx "$tmp/bao-cao.docx"
"$kc" lint --json "$src/samples/report-2021.txt" >"$tmp/txt.json" 2>/dev/null
if run "the sample report as .docx: exit 1" 1 --json "$tmp/bao-cao.docx"; then
	json "the .docx: the same findings as the text report" '
t = json.load(open(sys.argv[1].replace("/out", "/txt.json"), encoding="utf-8"))
strip = lambda fs: [(x["criterion"], x["code"], x["message"]) for x in fs]
assert d["criteria"] == t["criteria"] == 36, (d["criteria"], t["criteria"])
assert strip(d["findings"]) == strip(t["findings"]), (d["findings"], t["findings"])
assert [x.get("place") for x in d["findings"]] == ["table 2, row 12", "table 3, row 5", "table 6, row 3"], d
'
fi
if "$py" -c '
import sys, zipfile
a, b = zipfile.ZipFile(sys.argv[1]), zipfile.ZipFile(sys.argv[2])
assert a.namelist() == b.namelist(), (a.namelist(), b.namelist())
for n in a.namelist():
    assert a.read(n) == b.read(n), n + " differs: run tests/fixtures/make-ooxml-fixtures.py again"
' "$tmp/bao-cao.docx" "$src/samples/report-2021.docx" >"$tmp/why" 2>&1; then
	ok "samples/report-2021.docx is what the script writes"; else notok "samples/report-2021.docx is what the script writes"; fi
run "the .docx as text: exit 1" 1 "$tmp/bao-cao.docx" && has "the .docx: findings name the table and row" "$tmp/out" \
	"bao-cao.docx: table 2, row 12: not-met: criterion 15 is not met"
"$py" "$src/tests/fixtures/make-ooxml-fixtures.py" --descriptors --docx "$tmp/lo.docx"
run "a .docx with data descriptors (as LibreOffice writes): exit 1" 1 --json "$tmp/lo.docx" &&
	json "... the same findings" 'assert len(d["findings"]) == 3 and d["criteria"] == 36, d'
printf 'PK\003\004 not really a zip' >"$tmp/hong.docx"
run "a broken .docx: exit 2" 2 "$tmp/hong.docx" && has "a broken .docx: the file named" "$tmp/err" "hong.docx"
"$py" "$src/tests/fixtures/make-ooxml-fixtures.py" --xlsx "$tmp/so-di.docx"
run "a workbook given as the report: exit 2" 2 "$tmp/so-di.docx" && has "a workbook given as the report: said so" "$tmp/err" \
	"not a Word document"

# --- a Word report's 20-22 against the register: what Word shows (rtnum9) ----------------------------
# samples/so-van-ban-di-2021.csv gives 5/7, 3/7, 4/6.  Each attack shows 100% in Word and LibreOffice
# (soffice --convert-to pdf, then pdftotext): the register's figures written hidden before it (w:vanish on
# the run, in its character style, in its paragraph's style), or where Word and LibreOffice disagree (a
# hidden character style in a hidden paragraph style: the toggle), or the 100% inside the mc:Choice Word
# shows.  Before, lint held only the first ratio (the hidden one) and read nothing inside
# mc:AlternateContent: 20-22 raised no register-mismatch.
reg="--no-default-trust --trust $src/certs/test/trust --register $src/samples/so-van-ban-di-2021.csv"
mismatch='m = {x["criterion"]: x["message"] for x in d["findings"] if x["code"] == "register-mismatch"}
'
for k in hidden toggle alt shown; do "$py" "$src/tests/fixtures/make-ooxml-fixtures.py" --docx-$k "$tmp/$k.docx"; done
# shellcheck disable=SC2086
if run "hidden figures before 100%: exit 1" 1 --json $reg "$tmp/hidden.docx"; then
	json "hidden figures before 100%: 20-22 held against the register as Word shows them" "$mismatch"'
assert sorted(m) == ["20", "21", "22"], m
assert "claims 7/7" in m["20"] and "gives 5/7" in m["20"] and "5/7 7/7" not in m["20"], m
assert "claims 7/7" in m["21"] and "claims 6/6" in m["22"], m
'
fi
# shellcheck disable=SC2086
if run "a figure Word and LibreOffice show differently: exit 1" 1 --json $reg "$tmp/toggle.docx"; then
	json "... every figure of the claim is held against the register: 20 flagged, 21 and 22 hold" "$mismatch"'
assert sorted(m) == ["20"], m
assert "claims 7/7" in m["20"] or "claims 100%" in m["20"], m
'
fi
# shellcheck disable=SC2086
if run "100% inside mc:AlternateContent: exit 1" 1 --json $reg "$tmp/alt.docx"; then
	json "... the Choice Word shows is read: 20-22 flagged" "$mismatch"'
assert sorted(m) == ["20", "21", "22"], m
assert all("claims 100%" in v for v in m.values()), m
'
fi
# shellcheck disable=SC2086
if run "legit: the register's figures in runs Word shows: exit 1 (15, 18, 36 only)" 1 --json $reg "$tmp/shown.docx"; then
	json "legit: no register-mismatch (a run not hidden, a style that shows again, an unknown Choice's fallback)" "$mismatch"'
assert m == {}, m
assert [c for c, _ in f] == ["15", "18", "36"], f
'
fi

# --- a Word report's 20-22 written with symbols (rtnum10) ----------------------------------------------
# Insert > Symbol writes w:sym: Word and LibreOffice (soffice --convert-to pdf, then pdftotext) draw it as its
# character, so 20-22 show "7/7 …, đạt 100%", "6/6 …" with every digit, '/' and '%' a symbol (by code point
# in Times New Roman and Arial, by the Symbol font's own code, U+F000 plus ASCII).  Before, lint read no
# w:sym: no figure, so nothing was held against the register and nothing was flagged for 20-22.
for k in sym sym-legit; do "$py" "$src/tests/fixtures/make-ooxml-fixtures.py" --docx-$k "$tmp/$k.docx"; done
# shellcheck disable=SC2086
if run "figures written with symbols (w:sym): exit 1" 1 --json $reg "$tmp/sym.docx"; then
	json "... the symbols are read as Word draws them: 20-22 flagged" "$mismatch"'
assert sorted(m) == ["20", "21", "22"], m
assert "claims 7/7" in m["20"] and "claims 7/7" in m["21"] and "claims 6/6" in m["22"], m
'
fi
# shellcheck disable=SC2086
if run "legit: the register's figures written with symbols after a ticked box: exit 1 (15, 18, 36 only)" 1 --json $reg "$tmp/sym-legit.docx"; then
	json "legit: no register-mismatch (Wingdings pictures are no figures)" "$mismatch"'
assert m == {}, m
assert [c for c, _ in f] == ["15", "18", "36"], f
'
fi

# Insert > Equation writes m:oMath, drawn in the line by Word and LibreOffice: 20 shows "7/7" as an equation,
# 21 a built-up fraction 7 over 7 and "100%", 22 "6/6" as a display equation before "đạt 100%".  Before, lint read no
# equation: nothing held against the register, nothing flagged for 20-22.
for k in math math-legit; do "$py" "$src/tests/fixtures/make-ooxml-fixtures.py" --docx-$k "$tmp/$k.docx"; done
# shellcheck disable=SC2086
if run "figures written as equations (m:oMath): exit 1" 1 --json $reg "$tmp/math.docx"; then
	json "... the equations are read, a fraction as numerator/denominator: 20-22 flagged" "$mismatch"'
assert sorted(m) == ["20", "21", "22"], m
assert "claims 7/7" in m["20"] and "claims 7/7" in m["21"] and "claims 6/6" in m["22"], m
'
fi
# shellcheck disable=SC2086
if run "legit: the register's figures written as equations: exit 1 (15, 18, 36 only)" 1 --json $reg "$tmp/math-legit.docx"; then
	json "legit: no register-mismatch" "$mismatch"'
assert m == {}, m
assert [c for c, _ in f] == ["15", "18", "36"], f
'
fi

# Text typed at a symbol font's own codes (U+F030-U+F039, Symbol's U+F025 '%' and U+F02F '/'): LibreOffice draws
# the digits in any font, Word in Symbol.  Before, lint read no figure there either.
for k in pua pua-legit; do "$py" "$src/tests/fixtures/make-ooxml-fixtures.py" --docx-$k "$tmp/$k.docx"; done
# shellcheck disable=SC2086
if run "figures typed at a symbol font's codes: exit 1" 1 --json $reg "$tmp/pua.docx"; then
	json "... read as the digits drawn: 20-22 flagged" "$mismatch"'
assert sorted(m) == ["20", "21", "22"], m
assert "claims 7/7" in m["20"] and "claims 7/7" in m["21"] and "claims 6/6" in m["22"], m
'
fi
# shellcheck disable=SC2086
if run "legit: the register's figures typed at a symbol font's codes: exit 1 (15, 18, 36 only)" 1 --json $reg "$tmp/pua-legit.docx"; then
	json "legit: no register-mismatch" "$mismatch"'
assert m == {}, m
assert [c for c, _ in f] == ["15", "18", "36"], f
'
fi

# A style of the wrong type is no style: 20's paragraph names the hidden character style as its w:pStyle, 21's
# run the hidden paragraph style as its w:rStyle; LibreOffice shows both "7/7 …, đạt 100%".  Before, lint left
# both out as hidden text: no figure, no register-mismatch.
for k in stype stype-legit; do "$py" "$src/tests/fixtures/make-ooxml-fixtures.py" --docx-$k "$tmp/$k.docx"; done
# shellcheck disable=SC2086
if run "100% in a style of the wrong type: exit 1" 1 --json $reg "$tmp/stype.docx"; then
	json "... read as shown: 20 and 21 flagged" "$mismatch"'
assert sorted(m) == ["20", "21"], m
assert "claims 7/7" in m["20"] and "claims 7/7" in m["21"], m
'
fi
# shellcheck disable=SC2086
if run "legit: 100% hidden by the right styles before the register's figures: exit 1 (15, 18, 36 only)" 1 --json $reg "$tmp/stype-legit.docx"; then
	json "legit: no register-mismatch" "$mismatch"'
assert m == {}, m
assert [c for c, _ in f] == ["15", "18", "36"], f
'
fi

# A w:altChunk imports another Word document where it stands: Word and LibreOffice draw its "7/7 văn bản đi
# đều ký số, đạt 100%" in 20's cell, beside the register's 5/7 in white two-point text.  Before, lint read
# only the 5/7, which held: no finding for 20 (rtnum13).
for k in chunk chunk-legit; do "$py" "$src/tests/fixtures/make-ooxml-fixtures.py" --docx-$k "$tmp/$k.docx"; done
# shellcheck disable=SC2086
if run "a report importing another document (w:altChunk): exit 2, not read around it" 2 $reg "$tmp/chunk.docx"; then
	has "... the error names w:altChunk and what to do" "$tmp/err" "w:altChunk"
fi
# shellcheck disable=SC2086
if run "legit: the chunk's part and relationship left in the package, no w:altChunk: exit 1 (15, 18, 36 only)" 1 --json $reg "$tmp/chunk-legit.docx"; then
	json "legit: no register-mismatch" "$mismatch"'
assert m == {}, m
assert [c for c, _ in f] == ["15", "18", "36"], f
'
fi

finish
