#!/bin/sh
# numbers.sh: numbers that are never silently wrong (issue 13), end to end
# (TAP).  Each situation a clerk or a district officer meets with the files
# they really hold (tests/fixtures/make-register-fixtures.sh makes them) must
# give the right criteria 20-22, or say next to them what was not counted and
# why: NFD and case-changed names, district folders with communes that have
# only a workbook, only PDFs or nothing, backup copies, dates in every form,
# empty results, a misspelled column, --district naming nobody, another
# agency's signature, rows as Excel numbers them, registers without a file
# column, a report that contradicts itself and the register, times and
# numbers for people.
set -u

build=${KC_BUILD_ROOT:?KC_BUILD_ROOT is not set}
src=${KC_SOURCE_ROOT:?KC_SOURCE_ROOT is not set}
kc=$build/src/cli/kiemchung
py=${PYTHON:-python3}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/kc-numbers-test.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
. "$src/tests/cli/wrap.sh" # KC_WRAPPER: run the binary under valgrind (tests/meson.build)
. "$src/tests/cli/tap.sh" # ok, notok, skip, finish
trust="--no-default-trust --trust $src/certs/test/trust"
fx=$tmp/fx
KC_TESTSIGN=$build/tests/kc-testsign sh "$src/tests/fixtures/make-register-fixtures.sh" "$fx" >"$tmp/why" 2>&1 ||
	{ notok "the fixtures are made"; finish; }
cd "$fx" || exit 1

# run WANT_RC CMD...: runs kiemchung with stdout in $tmp/out, stderr in $tmp/err;
# false (and why) when the exit status differs.
run() {
	want=$1
	shift
	"$kc" "$@" >"$tmp/out" 2>"$tmp/err" </dev/null
	rc=$?
	[ "$rc" = "$want" ] && return 0
	{ echo "exit $rc, want $want: $*"; cat "$tmp/out" "$tmp/err"; } >"$tmp/why"
	return 1
}

# in_file NAME FILE TEXT...: every fixed string is in FILE (tap.sh's has looks in $tmp/out only).
in_file() {
	name=$1 file=$2
	shift 2
	for want in "$@"; do
		if ! grep -qF -- "$want" "$file"; then
			{ echo "no '$want' in $file:"; cat "$file"; } >"$tmp/why"
			notok "$name"
			return
		fi
	done
	ok "$name"
}

# json NAME PYTHON: assertions over $tmp/out, parsed, bound to d.
json() {
	if "$py" - "$tmp/out" "$2" >"$tmp/why" 2>&1 <<'PY'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
rows = d.get("rows", [])
def row(number):
    return next(r for r in rows if r["number"] == number)
def crit(k, obj=None):
    c = (obj or d)["criteria"][k]
    return (c["numerator"], c["denominator"])
exec(sys.argv[2])
PY
	then ok "$1"; else notok "$1"; fi
}

# --- 1. NFD names, another case, backslashes ----------------------------------------
if run 0 index $trust --json nfd/so-di.csv; then
	json "NFD file names, another case and backslashes: every document found, 3/3 signed" '
assert (d["documents"], d["signed"]) == (3, 3), d
assert row("12/QĐ-UBND")["file"].endswith("VanBanDi/Quyết định 12.pdf".replace("ế", "e\u0302\u0301").replace("ị", "i\u0323")), row("12/QĐ-UBND")
assert row("12/QĐ-UBND")["file_written"].endswith("vanbandi/Quyết định 12.pdf"), row("12/QĐ-UBND")
w = " | ".join(d["warnings"])
assert "row 2: vanbandi/Quyết định 12.pdf is named VanBanDi/" in w and "that file was used" in w, w
assert "row 3: VanBanDi/kế hoạch 03.pdf is named VanBanDi/" in w, w
assert row("15/UBND-VX")["file_written"] is None  # named as on disk: nothing said
'
else notok "NFD file names, another case and backslashes: every document found, 3/3 signed"; fi
if run 0 ingest --no-validation --map nfd/map.csv -o "$tmp/map.zip"; then
	in_file "a map naming a file in NFC, another case and backslashes: ingested, and said" "$tmp/err" \
		"map.csv, line 2: VANBANDI\\quyết định 12.pdf is named VanBanDi/" "that file was used"
else notok "a map naming a file in NFC, another case and backslashes: ingested, and said"; fi

# --- 2. a district folder: every entry a row -------------------------------------------
if run 1 index $trust --json district; then
	json "district: every commune a row, N of M counted, the reasons, a copy counted once" '
cs = {c["commune"]: c for c in d["communes"]}
assert sorted(cs) == ["01-thuy-an", "02-thuy-bang", "03-thuy-thanh", "04-thuy-van", "05-thuy-phu"], sorted(cs)
assert (d["communes_counted"], d["communes_listed"]) == (3, 5), d
assert cs["01-thuy-an"]["documents"] == 7 and cs["01-thuy-an"]["register"].endswith("so-di.csv")
assert cs["02-thuy-bang"]["documents"] == 7 and cs["02-thuy-bang"]["register"].endswith("so-di.xlsx")  # a workbook only
assert cs["03-thuy-thanh"]["counted"] and any("no register file" in w for w in cs["03-thuy-thanh"]["warnings"])  # PDFs only
assert not cs["04-thuy-van"]["counted"] and "no register and no documents" in cs["04-thuy-van"]["not_counted"]
assert not cs["05-thuy-phu"]["counted"] and "2 different registers" in cs["05-thuy-phu"]["not_counted"]
assert d["totals"]["documents"] == 20, d["totals"]  # 7 + 7 + 6: the copy once
# The three communes hand in the same signed PDFs: five signatures, counted once, for 01-thuy-an.
assert (cs["01-thuy-an"]["signed"], cs["02-thuy-bang"]["signed"], cs["03-thuy-thanh"]["signed"]) == (5, 0, 0), cs
assert (d["totals"]["signed"], d["totals"]["leader_signed"]) == (5, 3), d["totals"]
assert [r["status"] for r in cs["02-thuy-bang"]["rows"]].count("same-document") == 5, cs["02-thuy-bang"]["rows"]
assert any("holds the signature of 01-thuy-an\x27s document" in w for w in cs["03-thuy-thanh"]["warnings"]), cs["03-thuy-thanh"]["warnings"]
notes = " | ".join(d["notes"])
assert "so-di - Copy.csv is a copy of so-di.csv (the same bytes): counted once" in notes, notes
assert "ghi-chu.txt: neither a register nor a commune" in notes, notes
assert d["district_criterion_20"]["denominator"] == 5
'
else notok "district: every commune a row, N of M counted, the reasons, a copy counted once"; fi
run 1 index $trust district
in_file "district text: \"3 of 5 communes counted\", the reason beside each commune not counted" "$tmp/out" \
	"3 of 5 communes counted" "04-thuy-van: not counted: " "05-thuy-phu: not counted: " "not counted (see below)"
if run 1 index $trust --json shared; then
	json "two communes naming the same signed PDFs by two paths: each signature counts once in the district, said" '
cs = {c["commune"]: c for c in d["communes"]}
assert (cs["01-thuy-an"]["signed"], cs["02-thuy-bang"]["signed"]) == (5, 0), cs
assert (d["totals"]["documents"], d["totals"]["signed"]) == (14, 5), d["totals"]
assert crit("20", cs["02-thuy-bang"]) == (0, 7), cs["02-thuy-bang"]["criteria"]
notes = " | ".join(d["notes"])
assert "01-thuy-an and 02-thuy-bang hand in 5 signed documents with the same signatures: they count once, for 01-thuy-an" in notes, notes
w = " | ".join(cs["02-thuy-bang"]["warnings"])
assert "row 2: shared/02-thuy-bang/../01-thuy-an/docs/03-KH-UBND.pdf holds the signature of 01-thuy-an\x27s document (row 2, 03/KH-UBND)" in w, w
'
else notok "two communes naming the same signed PDFs by two paths: each signature counts once in the district, said"; fi
if run 1 index $trust --json owned; then
	json "... a third folder naming Thủy An, whose certificates signed them: counted for it, wherever it sorts" '
cs = {c["commune"]: c for c in d["communes"]}
assert (cs["01-thuy-an"]["signed"], cs["02-thuy-bang"]["signed"], cs["03-xa-thuy-an"]["signed"]) == (0, 0, 5), cs
assert (d["totals"]["documents"], d["totals"]["signed"]) == (21, 5), d["totals"]
notes = " | ".join(d["notes"])
assert "03-xa-thuy-an and 01-thuy-an hand in 5 signed documents with the same signatures: they count once, for 03-xa-thuy-an" in notes, notes
'
else notok "... a third folder naming Thủy An, whose certificates signed them: counted for it, wherever it sorts"; fi
run 1 index $trust --html "$tmp/district.html" district
in_file "district HTML: N of M, and the reason in the commune's row" "$tmp/district.html" "3 of 5 communes counted" \
	"not counted: district/04-thuy-van: no register and no documents"
cp district/01-thuy-an/so-di.csv "$tmp/so-di (1).csv"
mkdir -p "$tmp/copy"
cp -r district/01-thuy-an/docs "$tmp/copy/docs"
cp district/01-thuy-an/so-di.csv "$tmp/copy/so-di.csv"
sed 's/Kế hoạch chuyển đổi số năm 2021/Kế hoạch CĐS 2021/' district/01-thuy-an/so-di.csv >"$tmp/copy/so-di - Bản sao.csv"
if run 1 index $trust --json "$tmp/copy"; then
	json "a copy with the same numbers and dates (not the same bytes): one register, said" '
assert d["documents"] == 7 and "communes" not in d, d.keys()
assert any("so-di - Bản sao.csv is a copy of so-di.csv (the same numbers and dates)" in x for x in d["notes"]), d["notes"]
'
else notok "a copy with the same numbers and dates (not the same bytes): one register, said"; fi

mkdir -p "$tmp/both"
cp -r district/01-thuy-an/docs district/01-thuy-an/so-di.csv district/02-thuy-bang/so-di.xlsx "$tmp/both/"
if run 1 index $trust --json "$tmp/both"; then
	json "a workbook and the CSV exported from it, the same numbers and dates: one register, said" '
assert d["documents"] == 7 and d["register"].endswith("so-di.csv") and "communes" not in d, d.keys()
assert any("so-di.xlsx holds the numbers and dates of so-di.csv, exported from it: counted once, as so-di.csv" in x
           for x in d["notes"]), d["notes"]
'
else notok "a workbook and the CSV exported from it, the same numbers and dates: one register, said"; fi
sed 's|;14/09/2021;|;15/09/2021;|' district/01-thuy-an/so-di.csv >"$tmp/both/so-di.csv"
if run 1 index $trust --json "$tmp/both"; then
	json "an old CSV export whose dates differ from the workbook: both counted as registers, neither dropped" '
assert sorted(c["register"].rsplit("/", 1)[-1] for c in d["communes"]) == ["so-di.csv", "so-di.xlsx"], d
'
else notok "an old CSV export whose dates differ from the workbook: both counted as registers, neither dropped"; fi

mkdir -p "$tmp/years/01-thuy-an/2021" "$tmp/years/02-thuy-bang"
cp -r district/01-thuy-an/docs district/01-thuy-an/so-di.csv "$tmp/years/01-thuy-an/2021/"
cp -r district/01-thuy-an/docs district/01-thuy-an/so-di.csv "$tmp/years/02-thuy-bang/"
if run 1 index $trust --json "$tmp/years"; then
	json "a commune whose register is in a folder of the year: that register, said" '
cs = {c["commune"]: c for c in d["communes"]}
assert cs["01-thuy-an"]["register"].endswith("01-thuy-an/2021/so-di.csv") and cs["01-thuy-an"]["documents"] == 7, cs
assert crit("22", cs["01-thuy-an"]) == (4, 6), cs["01-thuy-an"]["criteria"]  # the register, not the text
assert any("01-thuy-an: its register is in a sub-folder: 2021/so-di.csv" in x for x in d["notes"]), d["notes"]
'
else notok "a commune whose register is in a folder of the year: that register, said"; fi
mkdir -p "$tmp/years/01-thuy-an/2020"
sed 's|;14/09/2021;|;14/09/2020;|' district/01-thuy-an/so-di.csv >"$tmp/years/01-thuy-an/2020/so-di-2020.csv"
run 1 index $trust "$tmp/years"
in_file "two registers in folders of the year: not counted, both named" "$tmp/out" \
	"01-thuy-an holds 2 different registers (2020/so-di-2020.csv, 2021/so-di.csv)" "1 of 2 communes counted"

# --- 3. --year: nothing removed silently ------------------------------------------------
if run 1 index $trust --json --year 2021 dates/so-di.csv; then
	json "--year 2021: serial, 3/30/2021, 20/9/21, ISO and words counted; 2020 listed; unreadable counted" '
assert d["documents"] == 8, d  # 9 rows: one of 2020 left out
assert [(x["line"], x["number"], x["reason"]) for x in d["left_out"]] == [(8, "40/QĐ-UBND", "outside-year")], d["left_out"]
assert d["undated_counted"] == 2, d
w = " | ".join(d["warnings"])
assert "row 4: the date \"3/30/2021\" puts the month first" in w, w
assert "row 9: 41/QĐ-UBND: its date cannot be read, so it is counted in 2021" in w, w
assert "1 row is dated outside 2021 and not counted (the first: row 8, 2020-12-12)" in w, w
'
else notok "--year 2021: serial, 3/30/2021, 20/9/21, ISO and words counted; 2020 listed; unreadable counted"; fi
run 1 index $trust --year 2021 dates/so-di.csv
in_file "--year in text: the left-out row with its number and date, the unreadable counted" "$tmp/out" \
	"not counted, dated outside 2021: row 8  40/QĐ-UBND  2020-12-12" "counted, their date cannot be read: 2 rows"

# --- 4. empty results: exit 1 and what to do ----------------------------------------------
if run 1 index $trust empty.csv && [ "$(wc -l <"$tmp/err")" = 1 ]; then
	in_file "a header-only register: exit 1, one sentence saying what to do" "$tmp/err" \
		"empty.csv: the register lists no documents, only its headings: fill in one row per outgoing document"
else notok "a header-only register: exit 1, one sentence saying what to do"; fi
mkdir -p "$tmp/no-docs/sub"
if run 1 verify $trust "$tmp/no-docs"; then
	in_file "verify DIR without documents: exit 1, one sentence" "$tmp/err" "no-docs: no documents found (PDFs, or files with a .p7s signature beside them)"
else notok "verify DIR without documents: exit 1, one sentence"; fi
if run 1 index $trust "$tmp/no-docs"; then
	in_file "index DIR without register or documents: exit 1, one sentence" "$tmp/err" "no-docs: no documents found"
else notok "index DIR without register or documents: exit 1, one sentence"; fi

# --- 5. a misspelled column; the headings exports use -------------------------------------
if run 2 index $trust typo.csv; then
	in_file "\"Tập\" for \"Tệp\": exit 2, did you mean Tệp?" "$tmp/err" 'typo.csv, row 1: unknown column "Tập": did you mean Tệp?'
else notok "\"Tập\" for \"Tệp\": exit 2, did you mean Tệp?"; fi
printf 'Số/Ký hiệu;Ngày ban hành;Trích yếu;Người ký;Nơi nhận;Tệp\n12/QĐ-UBND;15/03/2021;a;An;UBND huyện Phú Vang;docs/12-QD-UBND.pdf\n' \
	>multiline/headings.csv
if run 0 index $trust --json multiline/headings.csv; then
	json "Số/Ký hiệu, Ngày ban hành, Trích yếu, Nơi nhận: read, no warning" '
r = row("12/QĐ-UBND")
assert r["date"] == "15/03/2021" and r["to_district"] and r["status"] == "valid", r
assert d["warnings"] == [], d["warnings"]
'
else notok "Số/Ký hiệu, Ngày ban hành, Trích yếu, Nơi nhận: read, no warning"; fi

# --- 6. --district naming no recipient ---------------------------------------------------
if run 1 index $trust --json --district "UBND huyện Phú Lộc" multiline/so-di.csv; then
	json "--district naming no recipient: a warning listing the recipients seen" '
w = " | ".join(d["warnings"])
assert "--district \"UBND huyện Phú Lộc\" names none of the recipients" in w, w
assert "\"UBND huyện Phú Vang\", \"Các thôn\", \"Lưu: VT\"" in w, w
assert d["to_district"] == 0
'
else notok "--district naming no recipient: a warning listing the recipients seen"; fi

# --- 7. another agency's signature -------------------------------------------------------
if run 1 index $trust --json agency/so-di-xa-thuy-an.csv; then
	json "the register's name says xã Thủy An: Thủy Thanh's organisation signature does not count" '
assert (d["documents"], d["signed"], d["other_agency"]) == (2, 1, 1), d
assert d["agency"] == "xa thuy an" and d["agency_from"] == "register", d
r = row("40/QĐ-UBND")
assert r["status"] == "other-agency" and r["problem"] == "signed-by-another-agency", r
assert r["other_agency"] == "UBND xã Thủy Thanh", r
assert row("12/QĐ-UBND")["status"] == "valid"
'
else notok "the register's name says xã Thủy An: Thủy Thanh's organisation signature does not count"; fi
if run 1 index $trust --json --commune "Xã Thủy Thanh" agency/so-di-xa-thuy-an.csv; then
	json "--commune \"Xã Thủy Thanh\": Thủy An's leader and organisation do not count, Thủy Thanh's does" '
assert (d["signed"], d["leader_signed"], d["other_agency"]) == (1, 0, 1), d
assert row("12/QĐ-UBND")["status"] == "other-agency" and row("40/QĐ-UBND")["status"] == "valid", rows
'
else notok "--commune \"Xã Thủy Thanh\": Thủy An's leader and organisation do not count, Thủy Thanh's does"; fi
run 1 index $trust agency/so-di-xa-thuy-an.csv
in_file "text: the row and the total say \"signed by another agency\"" "$tmp/out" \
	"signed by another agency (UBND xã Thủy Thanh)" "Signed by another agency (not counted as signed): 1" \
	"Signatures count for: UBND xã Thủy An (from the register's name)"
run 1 index $trust --csv -o "$tmp/agency.csv" --html "$tmp/agency.html" agency/so-di-xa-thuy-an.csv
in_file "CSV: the reason column says it, and the total under the criteria" "$tmp/agency.csv" "other-agency" \
	"signed by another agency (UBND xã Thủy Thanh)" "so-di-xa-thuy-an,Signed by another agency (not counted as signed),,1,"
in_file "HTML: the row and the total say it" "$tmp/agency.html" "signed by another agency (UBND xã Thủy Thanh)" \
	"Signed by another agency (not counted as signed): 1"
run 0 index $trust --json "$src/samples/so-van-ban-di-2021.csv" >/dev/null 2>&1 || true
if run 1 index $trust --json --commune "Thủy An" "$src/samples/so-van-ban-di-2021.csv"; then
	json "the samples with --commune Thủy An keep their numbers: 5/7, 3/7, 4/6" '
assert (crit("20"), crit("21"), crit("22")) == ((5, 7), (3, 7), (4, 6)), d["criteria"]
'
else notok "the samples with --commune Thủy An keep their numbers: 5/7, 3/7, 4/6"; fi

# --- 8. rows as Excel numbers them ---------------------------------------------------------
if run 1 index $trust --json multiline/so-di.csv; then
	json "a \"Nơi nhận\" cell on three lines: rows 2, 3, 4 as Excel shows them" '
assert [(r["line"], r["number"]) for r in rows] == [(2, "03/KH-UBND"), (3, "12/QĐ-UBND"), (4, "21/BC-UBND")], rows
'
else notok "a \"Nơi nhận\" cell on three lines: rows 2, 3, 4 as Excel shows them"; fi

# --- 9. no file column: found by number ----------------------------------------------------
if run 1 index $trust --json nofile/so-di.csv; then
	json "no file column: found by file name (12-QD-UBND, 03_KH-UBND, So 15 UBND-VX, 30-QĐ-UBND-2021), by the Số: line (scan0001), 99 not found" '
found = {r["number"]: (r["found"], r["file"].rsplit("/", 1)[-1] if r["file"] else None) for r in rows}
assert found == {"12/QĐ-UBND": ("name", "12-QD-UBND.pdf"), "3/KH-UBND": ("name", "03_KH-UBND.pdf"),
                 "15/UBND-VX": ("name", "So 15 UBND-VX.pdf"), "21/BC-UBND": ("text", "scan0001.pdf"),
                 "30/QĐ-UBND": ("name", "30-QĐ-UBND-2021.pdf"), "99/QĐ-UBND": (None, None)}, found
assert (d["documents"], d["signed"]) == (6, 4), d
assert any("99/QĐ-UBND: no file is named after this number" in w for w in d["warnings"]), d["warnings"]
'
else notok "no file column: found by file name (12-QD-UBND, 03_KH-UBND, So 15 UBND-VX, 30-QĐ-UBND-2021), by the Số: line (scan0001), 99 not found"; fi
run 1 index $trust -v nofile/so-di.csv
in_file "no file column, in text: how many by name, by text, not found; each row says how" "$tmp/out" \
	"No file column: 4 documents found by their file names, 1 by the \"Số:\" line of their text, 1 not found" \
	"[found by the \"Số:\" line of its text]"

# --- 10. lint: the report against itself and the register ----------------------------------
if run 1 lint --json $trust --register "$src/samples/so-van-ban-di-2021.csv" reports/contradict.txt; then
	json "lint --register: 20-22 claim 100%, the register gives 5/7, 3/7, 4/6; 34 and 35 contradict 27 and 32" '
f = [(x["criterion"], x["code"]) for x in d["findings"]]
assert f == [("15", "not-met"), ("18", "evidence-mismatch"), ("20", "register-mismatch"), ("21", "register-mismatch"),
             ("22", "register-mismatch"), ("34", "figures-disagree"), ("35", "figures-disagree"), ("36", "not-met")], f
m = {x["criterion"] + x["code"]: x["message"] for x in d["findings"]}
assert "gives 5/7 (71.4%)" in m["20register-mismatch"], m
assert "criteria 27 and 34" in m["34figures-disagree"] and "652/652 hồ sơ" in m["34figures-disagree"] and "650/700 hồ sơ" in m["34figures-disagree"], m
assert "criteria 32 and 35" in m["35figures-disagree"] and "03/652" in m["35figures-disagree"] and "05/05" in m["35figures-disagree"], m
assert d["register"]["20"] == {"numerator": 5, "denominator": 7, "text": "71,4%"}, d["register"]
'
else notok "lint --register: 20-22 claim 100%, the register gives 5/7, 3/7, 4/6; 34 and 35 contradict 27 and 32"; fi
# 20-22 claim 100% as "100％", "7 / 7" and "6⁄6" (rtnum9): read as no figure, nothing was held against
# the register (no register-mismatch).  The register's own figures written so hold.
if run 1 lint --json $trust --register "$src/samples/so-van-ban-di-2021.csv" reports/forms.txt; then
	json "lint --register: 100％, 7 / 7 and 6⁄6 are figures held against the register" '
m = {x["criterion"]: x["message"] for x in d["findings"] if x["code"] == "register-mismatch"}
assert sorted(m) == ["20", "21", "22"], m
assert "claims 100％" in m["20"] and "claims 7 / 7" in m["21"] and "claims 6⁄6" in m["22"], m
'
else notok "lint --register: 100％, 7 / 7 and 6⁄6 are figures held against the register"; fi
if run 1 lint --json $trust --register "$src/samples/so-van-ban-di-2021.csv" reports/legit-forms.txt; then
	json "legit: the register's 5 / 7, 3⁄7 (42,9％) and ４/６ hold" '
assert [x for x in d["findings"] if x["code"] in ("register-mismatch", "ratio-mismatch")] == [], d["findings"]
'
else notok "legit: the register's 5 / 7, 3⁄7 (42,9％) and ４/６ hold"; fi
# 20-22 claim 100% with the ratio glued to its percentage (rtnum11): "7/7=100%", "100%(7/7)",
# "(6/6)=100%" were one word, read as no figure: nothing was held against the register.
if run 1 lint --json $trust --register "$src/samples/so-van-ban-di-2021.csv" reports/glued.txt; then
	json "lint --register: 7/7=100%, 100%(7/7) and (6/6)=100% are figures held against the register" '
m = {x["criterion"]: x["message"] for x in d["findings"] if x["code"] == "register-mismatch"}
assert sorted(m) == ["20", "21", "22"], m
assert "claims 7/7 (" in m["20"] and "claims 100% (" in m["21"] and "claims 6/6 (" in m["22"], m
'
else notok "lint --register: 7/7=100%, 100%(7/7) and (6/6)=100% are figures held against the register"; fi
if run 1 lint --json $trust --register "$src/samples/so-van-ban-di-2021.csv" reports/legit-glued.txt; then
	json "legit: the register's 5/7=71,4%, 42,9%(3/7), (4/6)≈66,7% hold, a date 6/6/2021 is no ratio" '
assert [x for x in d["findings"] if x["code"] in ("register-mismatch", "ratio-mismatch", "figures-disagree")
        and x["criterion"] in ("20", "21", "22")] == [], d["findings"]
'
else notok "legit: the register's 5/7=71,4%, 42,9%(3/7), (4/6)≈66,7% hold, a date 6/6/2021 is no ratio"; fi
# 20-22 claim 100% stuck to the words around it, "100%văn bản", "Đạt100%", "đạt6/6văn"
# (rtnum11): one word each, no figure, nothing held against the register.
if run 1 lint --json $trust --register "$src/samples/so-van-ban-di-2021.csv" reports/stuck.txt; then
	json "lint --register: 100%văn, Đạt100% and đạt6/6văn are figures held against the register" '
m = {x["criterion"]: x["message"] for x in d["findings"] if x["code"] == "register-mismatch"}
assert sorted(m) == ["20", "21", "22"], m
assert "claims 100% (" in m["20"] and "claims 100% (" in m["21"] and "claims 6/6 (" in m["22"], m
'
else notok "lint --register: 100%văn, Đạt100% and đạt6/6văn are figures held against the register"; fi
if run 1 lint --json $trust --register "$src/samples/so-van-ban-di-2021.csv" reports/legit-stuck.txt; then
	json "legit: the register's 71,4%văn, Đạt42,9%, đạt4/6văn hold beside 4G, QLVB&ĐH2021, Số15/2019, 15/2019QĐ" '
assert [x for x in d["findings"] if x["criterion"] in ("20", "21", "22")] == [], d["findings"]
'
else notok "legit: the register's 71,4%văn, Đạt42,9%, đạt4/6văn hold beside 4G, QLVB&ĐH2021, Số15/2019, 15/2019QĐ"; fi
# 20-22 claim 100% with the ratio glued to its percentage by a comma, a semicolon or a dash
# (rtnum12): "7/7,100%", "7/7;100%", "6/6-100%" were one word each, read as no figure.
if run 1 lint --json $trust --register "$src/samples/so-van-ban-di-2021.csv" reports/punct.txt; then
	json "lint --register: 7/7,100%, 7/7;100% and 6/6-100% are figures held against the register" '
m = {x["criterion"]: x["message"] for x in d["findings"] if x["code"] == "register-mismatch"}
assert sorted(m) == ["20", "21", "22"], m
assert "claims 7/7 (" in m["20"] and "claims 7/7 (" in m["21"] and "claims 6/6 (" in m["22"], m
'
else notok "lint --register: 7/7,100%, 7/7;100% and 6/6-100% are figures held against the register"; fi
# ... and a ratio stuck to capitals, "7/7VB" as a symbol is written (rtnum12).
if run 1 lint --json $trust --register "$src/samples/so-van-ban-di-2021.csv" reports/caps.txt; then
	json "lint --register: 7/7VB and 6/6VB are figures held against the register" '
m = {x["criterion"]: x["message"] for x in d["findings"] if x["code"] == "register-mismatch"}
assert sorted(m) == ["20", "21", "22"], m
assert "claims 7/7 (" in m["20"] and "claims 7/7 (" in m["21"] and "claims 6/6 (" in m["22"], m
'
else notok "lint --register: 7/7VB and 6/6VB are figures held against the register"; fi
if run 1 lint --json $trust --register "$src/samples/so-van-ban-di-2021.csv" reports/legit-punct.txt; then
	json "legit: the register's 5/7,71,4%, 3/7;42,9%, 4/6-66,7%, 4/6VB hold beside 6/6–7/7, 6/6/2021, 15/2019/QĐ-UBND" '
assert [x for x in d["findings"] if x["criterion"] in ("20", "21", "22")] == [], d["findings"]
'
else notok "legit: the register's 5/7,71,4%, 3/7;42,9%, 4/6-66,7%, 4/6VB hold beside 6/6–7/7, 6/6/2021, 15/2019/QĐ-UBND"; fi
# 20-22 claim 100% with a soft hyphen, a word joiner or a zero-width joiner inside the figure,
# which no viewer draws (rtnum12): "1\u00AD00%", "7\u2060/7", "6/\u200D6" were read as no figure.
if run 1 lint --json $trust --register "$src/samples/so-van-ban-di-2021.csv" reports/invisible.txt; then
	json "lint --register: 100%, 7/7 and 6/6 with a soft hyphen or a joiner inside are figures held against the register" '
m = {x["criterion"]: x["message"] for x in d["findings"] if x["code"] == "register-mismatch"}
assert sorted(m) == ["20", "21", "22"], m
assert "claims 100% (" in m["20"] and "claims 7/7 (" in m["21"] and "claims 6/6 (" in m["22"], m
'
else notok "lint --register: 100%, 7/7 and 6/6 with a soft hyphen or a joiner inside are figures held against the register"; fi
if run 1 lint --json $trust --register "$src/samples/so-van-ban-di-2021.csv" reports/legit-invisible.txt; then
	json "legit: the register's 5/7, 71,4%, 3/7, 66,7% with a soft hyphen or a joiner inside hold" '
assert [x for x in d["findings"] if x["criterion"] in ("20", "21", "22")] == [], d["findings"]
'
else notok "legit: the register's 5/7, 71,4%, 3/7, 66,7% with a soft hyphen or a joiner inside hold"; fi
# 20-22 claim 100% as "7╱7", "7⟋7", "6⧸6", slashes no compatibility form makes "/" (rtnum12).
if run 1 lint --json $trust --register "$src/samples/so-van-ban-di-2021.csv" reports/slash.txt; then
	json "lint --register: 7╱7, 7⟋7 and 6⧸6 are figures held against the register" '
m = {x["criterion"]: x["message"] for x in d["findings"] if x["code"] == "register-mismatch"}
assert sorted(m) == ["20", "21", "22"], m
assert "claims 7╱7 (" in m["20"] and "claims 7⟋7 (" in m["21"] and "claims 6⧸6 (" in m["22"], m
'
else notok "lint --register: 7╱7, 7⟋7 and 6⧸6 are figures held against the register"; fi
if run 1 lint --json $trust --register "$src/samples/so-van-ban-di-2021.csv" reports/legit-slash.txt; then
	json "legit: the register's 5 ╱ 7, 3⟋7, 4⧸6=66,7% hold beside a date 6╱6╱2021" '
assert [x for x in d["findings"] if x["criterion"] in ("20", "21", "22")] == [], d["findings"]
'
else notok "legit: the register's 5 ╱ 7, 3⟋7, 4⧸6=66,7% hold beside a date 6╱6╱2021"; fi
# 20-22 claim every document signed by counting them, "7 văn bản đi đều ký số" (rtnum12):
# a count, so evidence of kind figure, held against nothing: not a word.
if run 1 lint --json $trust --register "$src/samples/so-van-ban-di-2021.csv" reports/counts.txt; then
	json "lint --register: 7 văn bản đi đều ký số (a count of documents) is held against the register" '
m = {x["criterion"]: x["message"] for x in d["findings"] if x["code"] == "register-mismatch"}
assert sorted(m) == ["20", "21", "22"], m
assert "claims 7 văn bản (" in m["20"] and "claims 7 văn bản (" in m["21"] and "claims 6 văn bản (" in m["22"], m
'
else notok "lint --register: 7 văn bản đi đều ký số (a count of documents) is held against the register"; fi
if run 1 lint --json $trust --register "$src/samples/so-van-ban-di-2021.csv" reports/legit-counts.txt; then
	json "legit: the register's counts (7, 5 and 2 văn bản; 3 văn bản; 6 văn bản and 4/6, 36 Máy) hold" '
assert [x for x in d["findings"] if x["criterion"] in ("20", "21", "22")] == [], d["findings"]
'
else notok "legit: the register's counts (7, 5 and 2 văn bản; 3 văn bản; 6 văn bản and 4/6, 36 Máy) hold"; fi
# 20-22 give the register's two counts, the second saying the total is signed (rtnum13):
# "5 văn bản; 7 văn bản đi đều ký số" of 5/7 held, the 7 being the register's total.
if run 1 lint --json $trust --register "$src/samples/so-van-ban-di-2021.csv" reports/said.txt; then
	json "lint --register: a count said signed (7 văn bản đi đều ký số) is the signed count, not the total" '
m = {x["criterion"]: x["message"] for x in d["findings"] if x["code"] == "register-mismatch"}
assert sorted(m) == ["20", "21", "22"], m
assert "claims 7 văn bản (" in m["20"] and "claims 7 văn bản (" in m["21"] and "claims 6 văn bản (" in m["22"], m
'
else notok "lint --register: a count said signed (7 văn bản đi đều ký số) is the signed count, not the total"; fi
if run 1 lint --json $trust --register "$src/samples/so-van-ban-di-2021.csv" reports/legit-said.txt; then
	json "legit: counts said total, signed, unsigned, leader's, others' (7, 5, 2; 5, 3, 4; 6, 4, 5) hold" '
assert [x for x in d["findings"] if x["criterion"] in ("20", "21", "22")] == [], d["findings"]
'
else notok "legit: counts said total, signed, unsigned, leader's, others' (7, 5, 2; 5, 3, 4; 6, 4, 5) hold"; fi
# The same, the total said signed with the verb's means or the signature carried (review31):
# "7 văn bản đi được ký bằng chữ ký số" of 5/7 held as the total.
if run 1 lint --json $trust --register "$src/samples/so-van-ban-di-2021.csv" reports/said-means.txt; then
	json "lint --register: a count said signed by its means (ký bằng chữ ký số, mang chữ ký số) is the signed count" '
m = {x["criterion"]: x["message"] for x in d["findings"] if x["code"] == "register-mismatch"}
assert sorted(m) == ["20", "21", "22"], m
assert "claims 7 văn bản (" in m["20"] and "claims 7 văn bản (" in m["21"] and "claims 6 văn bản (" in m["22"], m
'
else notok "lint --register: a count said signed by its means (ký bằng chữ ký số, mang chữ ký số) is the signed count"; fi
if run 1 lint --json $trust --register "$src/samples/so-van-ban-di-2021.csv" reports/legit-said-means.txt; then
	json "legit: counts said signed by their means, by hand, the leader's, carrying the signature (5, 2; 3; 4) hold" '
assert [x for x in d["findings"] if x["criterion"] in ("20", "21", "22")] == [], d["findings"]
'
else notok "legit: counts said signed by their means, by hand, the leader's, carrying the signature (5, 2; 3; 4) hold"; fi
# 20-22 give the register's ratio and a count in words or "VB": "bảy văn bản đi đều ký số",
# "7 VB đi đều do lãnh đạo ký số" were no figure, so the ratio beside them held (rtnum13).
if run 1 lint --json $trust --register "$src/samples/so-van-ban-di-2021.csv" reports/spelled.txt; then
	json "lint --register: bảy văn bản, 7 VB, sáu văn bản (counts in words or VB) are held against the register" '
m = {x["criterion"]: x["message"] for x in d["findings"] if x["code"] == "register-mismatch"}
assert sorted(m) == ["20", "21", "22"], m
assert "claims bảy văn bản (" in m["20"] and "claims 7 VB (" in m["21"] and "claims sáu văn bản (" in m["22"], m
'
else notok "lint --register: bảy văn bản, 7 VB, sáu văn bản (counts in words or VB) are held against the register"; fi
if run 1 lint --json $trust --register "$src/samples/so-van-ban-di-2021.csv" reports/legit-spelled.txt; then
	json "legit: the register's counts in words and VB hold; một văn bản and trong năm văn bản are no counts" '
assert [x for x in d["findings"] if x["criterion"] in ("20", "21", "22")] == [], d["findings"]
'
else notok "legit: the register's counts in words and VB hold; một văn bản and trong năm văn bản are no counts"; fi
# 20-22 give the register's ratio, then "đạt \u202E%001\u202C" (drawn "đạt 100%"): read as
# stored, no figure, so the ratio held alone (rtnum13).
if run 1 lint --json $trust --register "$src/samples/so-van-ban-di-2021.csv" reports/bidi.txt; then
	json "lint: a control that turns a figure around (U+202E, U+2067) is flagged in 20-22" '
m = {x["criterion"]: x["message"] for x in d["findings"] if x["code"] == "reordered-text"}
assert sorted(m) == ["20", "21", "22"], m
assert "U+202E" in m["20"] and "U+2067" in m["21"], m
'
else notok "lint: a control that turns a figure around (U+202E, U+2067) is flagged in 20-22"; fi
if run 1 lint --json $trust --register "$src/samples/so-van-ban-di-2021.csv" reports/legit-bidi.txt; then
	json "legit: the register's figures beside U+200E, U+200F, U+202C hold, nothing flagged" '
assert [x for x in d["findings"] if x["criterion"] in ("20", "21", "22")] == [], d["findings"]
'
else notok "legit: the register's figures beside U+200E, U+200F, U+202C hold, nothing flagged"; fi
# The same percentage turned around by marks alone (review31): "đạt \u200F%\u200F100", drawn
# "đạt 100%" (fribidi), was read as stored and not flagged: the ratio beside it held alone.
if run 1 lint --json $trust --register "$src/samples/so-van-ban-di-2021.csv" reports/bidi-marks.txt; then
	json "lint: right-to-left marks before a figure's digits (U+200F, U+061C) are flagged in 20-22" '
m = {x["criterion"]: x["message"] for x in d["findings"] if x["code"] == "reordered-text"}
assert sorted(m) == ["20", "21", "22"], m
assert "U+200F" in m["20"] and "U+061C" in m["21"], m
'
else notok "lint: right-to-left marks before a figure's digits (U+200F, U+061C) are flagged in 20-22"; fi
if run 0 lint reports/clean.txt; then
	in_file "a clean report against the catalog that leaves out 26: nothing to review" "$tmp/out" "36 criteria, nothing flagged"
else notok "a clean report against the catalog that leaves out 26: nothing to review"; fi
mkdir -p "$tmp/mc/20 Chữ ký số"
cp -r "$src/samples/docs" "$tmp/mc/20 Chữ ký số/docs"
cp "$src/samples/so-van-ban-di-2021.csv" "$tmp/mc/20 Chữ ký số/"
mkdir -p "$tmp/mc/01 Camera" # a spreadsheet that is no register, filed first
printf 'Vị trí,Số camera\nCổng,2\n' >"$tmp/mc/01 Camera/a-danh-sach.csv"
if run 0 ingest --no-validation --report reports/clean.txt --commune "Thủy An" --year 2021 -o "$tmp/ho-so.zip" "$tmp/mc" &&
	run 1 lint --json $trust "$tmp/ho-so.zip"; then
	json "lint DOSSIER.zip holding a register under 20 (and another CSV under 1): the claims held against it" '
f = [(x["criterion"], x["code"]) for x in d["findings"]]
assert f == [("20", "register-mismatch"), ("21", "register-mismatch"), ("22", "register-mismatch")], f
assert d["register"]["21"]["numerator"] == 3, d["register"]
'
else notok "lint DOSSIER.zip holding a register under 20 (and another CSV under 1): the claims held against it"; fi
# rtzip5: the register cut down after sealing to the three documents the chairman signed
# (every manifest and dossier.json made to agree, the seal left): unzip shows that register,
# and lint held the report's 100% against it, "nothing flagged", exit 0.
if SOURCE_DATE_EPOCH=1633046400 run 0 ingest --no-validation --report reports/clean.txt --commune "Thủy An" --year 2021 \
	-o "$tmp/ho-so-sealed.zip" "$tmp/mc" && SOURCE_DATE_EPOCH=1633046400 run 0 seal --quiet $trust --cert "$src/certs/test/org.pem" --key "$src/certs/test/org.key" \
	--chain "$src/certs/test/ca.pem" "$tmp/ho-so-sealed.zip" &&
	$py "$src/tests/fixtures/dossierattack.py" register-rows "$tmp/ho-so-sealed.zip" "$tmp/ho-so-cut.zip" \
		data/so-van-ban-di-2021.csv 12/QĐ-UBND 15/UBND-VX 30/QĐ-UBND >"$tmp/why" 2>&1 &&
	test "$(unzip -p "$tmp/ho-so-cut.zip" data/so-van-ban-di-2021.csv | grep -c '^[0-9]')" = 3 &&
	run 1 lint --json $trust "$tmp/ho-so-cut.zip"; then
	json "lint DOSSIER.zip whose register was cut down after sealing (unzip shows 3 rows): the failing check is a finding" '
f = [(x["criterion"], x["code"]) for x in d["findings"]]
assert ("", "dossier-check") in f, f
assert any("data/so-van-ban-di-2021.csv: changed" in x["message"] for x in d["findings"]), d["findings"]
assert all(d["register"][k]["numerator"] == d["register"][k]["denominator"] for k in ("20", "21", "22")), d["register"]
'
else notok "lint DOSSIER.zip whose register was cut down after sealing (unzip shows 3 rows): the failing check is a finding"; fi
# ... and index --csv of it (the commune's warnings are not in the CSV) gave 3/3, 2/2, 100%, exit 0, not a word
# 7 problems since rtzip12: the cut register's Bag-Size in bag-info.txt (left as sealed) is
# no longer the payload's either.
if run 1 index $trust --csv "$tmp/ho-so-cut.zip"; then
	in_file "index --csv DOSSIER.zip whose register was cut down after sealing: exit 1, the failing check a line under the figures" "$tmp/out" \
		"Criterion 20,outgoing documents signed,3/3,100.0%" "dossier check,the dossier fails its check (7 problems)"
else notok "index --csv DOSSIER.zip whose register was cut down after sealing: exit 1, the failing check a line under the figures"; fi
# ... and the same with its seal stripped and index.html made again (check: ok, "not sealed"):
# index gave 3/3, 100%, and no word that nothing vouches for the register
mkdir -p "$tmp/nothing"
if $py "$src/tests/fixtures/dossierattack.py" strip "$tmp/ho-so-cut.zip" "$tmp/ho-so-stripped.zip" >"$tmp/why" 2>&1 &&
	SOURCE_DATE_EPOCH=1633046400 run 0 ingest --update -o "$tmp/ho-so-stripped.zip" "$tmp/nothing" &&
	run 0 check $trust "$tmp/ho-so-stripped.zip" && run 0 index $trust "$tmp/ho-so-stripped.zip"; then
	in_file "index DOSSIER.zip of that register with the seal stripped (check: not sealed): 100% with a warning that it is not sealed" "$tmp/out" \
		"3/3 (100.0%)" "the dossier is not sealed: nothing shows that its register"
else notok "index DOSSIER.zip of that register with the seal stripped (check: not sealed): 100% with a warning that it is not sealed"; fi
# ... and review of the sealed one: its row "to review", but the district's criterion 20 (communes whose
# documents are all signed) counted it, 1/1, 100%
if run 1 review --json $trust "$tmp/ho-so-cut.zip"; then
	json "review of the dossier whose register was cut down after sealing: the district's criterion 20 does not count it" '
assert d["communes_all_signed"] == 0, d
assert d["totals"]["signed"] == 3, d["totals"]
'
else notok "review of the dossier whose register was cut down after sealing: the district's criterion 20 does not count it"; fi
ls "${TMPDIR:-/tmp}" | grep -q "^kiemchung-lint-" && { echo "left behind" >"$tmp/why"; notok "lint leaves no unpacked dossier behind"; } ||
	ok "lint leaves no unpacked dossier behind"

# --- 11. times and numbers for people ----------------------------------------------------------
doc=$src/samples/docs/12-QD-UBND.pdf
TZ=ICT-7 run 0 verify -v $trust "$doc"
in_file "verify -v: the signing time in UTC+7, the zone named" "$tmp/out" "signing time: 2021-03-15 15:10:00 (UTC+7)"
TZ=UTC run 0 --lang vi verify -v $trust "$doc"
in_file "TZ=UTC, in Vietnamese: dd/mm/yyyy and the zone named" "$tmp/out" "15/03/2021 08:10:00 (UTC)"
if [ "$(env -u TZ date +%z)" = "+0000" ]; then
	env -u TZ "$kc" verify -v $trust "$doc" >"$tmp/out" 2>&1
	in_file "a machine left in UTC without TZ: Vietnam's time" "$tmp/out" "2021-03-15 15:10:00 (UTC+7)"
else
	skip "a machine left in UTC without TZ: Vietnam's time" "this machine's zone is not UTC"
fi
TZ=ICT-7 run 0 verify --json $trust "$doc"
in_file "JSON keeps ISO 8601 UTC" "$tmp/out" '"signing_time":"2021-03-15T08:10:00Z"'

# --- 12. one signed document, many rows ----------------------------------------------------
if run 1 index $trust --json same/so-di.csv; then
	json "one signed document named by several rows (the same path, another case, a copy, a scan twice, its copy one byte longer): counted once" '
assert (d["documents"], d["signed"]) == (8, 3), d
for n in ("21/BC-UBND", "25/TB-UBND", "26/TB-UBND", "41/QĐ-UBND", "42/QĐ-UBND"):
    assert row(n)["status"] != "valid", row(n)
assert row("41/QĐ-UBND")["problem"] == "same-document", row("41/QĐ-UBND")
assert row("42/QĐ-UBND")["problem"] == "same-document", row("42/QĐ-UBND")
assert "row 9: docs/scan (1).pdf holds the signature of row 7\x27s document (40/QĐ-UBND)" in " | ".join(d["warnings"]), d["warnings"]
assert row("12/QĐ-UBND")["status"] == row("30/QĐ-UBND")["status"] == row("40/QĐ-UBND")["status"] == "valid", rows
w = " | ".join(d["warnings"])
assert "row 8: docs/scan.pdf is already the document of row 7 (40/QĐ-UBND): one document counts once, so this row counts as not signed" in w, w
'
else notok "one signed document named by several rows (the same path, another case, a copy, a scan twice, its copy one byte longer): counted once"; fi
run 1 index $trust same/so-di.csv
in_file "one document for two rows, in text: the row says why it does not count" "$tmp/out" \
	"41/QĐ-UBND" "another row's document"
if run 1 index $trust --json same/so-di.csv; then
	json "another row's file has its own status, not \"missing\" (its file is there)" '
r = row("41/QĐ-UBND")
assert r["status"] == "same-document", r
assert not any("the file is missing" in w for w in r["warnings"]), r["warnings"]
'
else notok "another row's file has its own status, not \"missing\" (its file is there)"; fi
run 1 index $trust same/so-di.csv
if grep -F "41/QĐ-UBND" "$tmp/out" | grep -qF "another row's file"; then
	if grep -F "41/QĐ-UBND" "$tmp/out" | grep -qF "file missing"; then
		{ echo "says file missing:"; cat "$tmp/out"; } >"$tmp/why"; notok "text: the row's word is \"another row's file\", not \"file missing\""
	else ok "text: the row's word is \"another row's file\", not \"file missing\""; fi
else { cat "$tmp/out"; } >"$tmp/why"; notok "text: the row's word is \"another row's file\", not \"file missing\""; fi
run 1 --lang vi index $trust --csv -o "$tmp/same-vi.csv" --html "$tmp/same.html" same/so-di.csv
in_file "CSV (vi) and HTML: the row's word is the file of another row" "$tmp/same-vi.csv" "tệp của dòng khác"
in_file "HTML (vi): the badge says the file of another row" "$tmp/same.html" "tệp của dòng khác</span>"
run 1 index $trust --csv -o "$tmp/same-en.csv" same/so-di.csv
in_file "CSV (en): the status code same-document" "$tmp/same-en.csv" ",same-document,"

# Files of one size are told apart by a sample of their bytes first (the first
# and last 4 KiB), then read whole only when the samples agree: a file that
# differs from another row's only in the middle is another document.
mkdir -p "$tmp/mid/docs"
cp same/docs/12-QD-UBND.pdf "$tmp/mid/docs/12.pdf"
cp same/docs/12-QD-UBND.pdf "$tmp/mid/docs/12 sửa.pdf"
half=$(($(wc -c <"$tmp/mid/docs/12.pdf") / 2))
if [ "$(dd if="$tmp/mid/docs/12.pdf" bs=1 skip="$half" count=1 2>/dev/null)" = x ]; then byte=y; else byte=x; fi
printf '%s' "$byte" | dd of="$tmp/mid/docs/12 sửa.pdf" bs=1 seek="$half" conv=notrunc 2>/dev/null
cp same/docs/12-QD-UBND.pdf "$tmp/mid/docs/12 bản sao.pdf"
{
	head -n 1 same/so-di.csv
	printf '12/QĐ-UBND;15/03/2021;a;Nguyễn Văn An;UBND huyện Phú Vang;docs/12.pdf\n'
	printf '13/QĐ-UBND;16/03/2021;b;Nguyễn Văn An;UBND huyện Phú Vang;docs/12 sửa.pdf\n'
	printf '14/QĐ-UBND;17/03/2021;c;Nguyễn Văn An;UBND huyện Phú Vang;docs/12 bản sao.pdf\n'
} >"$tmp/mid/so-di.csv"
if [ "$(wc -c <"$tmp/mid/docs/12 sửa.pdf")" = "$(wc -c <"$tmp/mid/docs/12.pdf")" ] &&
	! cmp -s "$tmp/mid/docs/12.pdf" "$tmp/mid/docs/12 sửa.pdf" && run 1 index $trust --json "$tmp/mid/so-di.csv"; then
	json "one size, bytes that differ only in the middle: another file; a copy: the same document" '
assert row("13/QĐ-UBND")["problem"] != "same-document", row("13/QĐ-UBND")
assert row("14/QĐ-UBND")["problem"] == "same-document", row("14/QĐ-UBND")
'
else notok "one size, bytes that differ only in the middle: another file; a copy: the same document"; fi

mkdir -p "$tmp/same/20 Chữ ký số"
cp -r same/docs same/so-di.csv "$tmp/same/20 Chữ ký số/"
if run 0 ingest --no-validation --commune "Thủy An" --year 2021 -o "$tmp/same.zip" "$tmp/same" &&
	run 1 index $trust --json "$tmp/same.zip"; then
	json "index DOSSIER.zip: one entry named by several rows counts once" '
assert (d["documents"], d["signed"]) == (8, 3), d
assert row("41/QĐ-UBND")["problem"] == "same-document" and row("21/BC-UBND")["problem"] == "same-document", rows
assert row("41/QĐ-UBND")["status"] == "same-document", rows
assert row("42/QĐ-UBND")["problem"] == "same-document", rows
'
else notok "index DOSSIER.zip: one entry named by several rows counts once"; fi


# One scan signed twice (again/): two signature values over one document, which
# every viewer draws alike and whose text (none) cannot be compared with its row.
if command -v pdftoppm >/dev/null 2>&1 && pdftoppm -r 40 -png again/docs/scan.pdf "$tmp/again-a" 2>/dev/null &&
	pdftoppm -r 40 -png again/docs/scan-lai.pdf "$tmp/again-b" 2>/dev/null &&
	cmp -s "$tmp/again-a-1.png" "$tmp/again-b-1.png" && ! cmp -s again/docs/scan.pdf again/docs/scan-lai.pdf; then
	ok "again/: poppler draws the scan signed twice as one page (two files, two signatures)"
else skip "again/: poppler draws the scan signed twice as one page (two files, two signatures)" "no pdftoppm, or it draws them apart"; fi
if run 1 index $trust --json again/so-di.csv; then
	json "one scan signed twice, the second for an unsigned row: one signed document (was 4/4, 100%)" '
assert (d["documents"], d["signed"]) == (4, 3), d
assert row("41/BC-UBND")["problem"] == "same-document" and row("41/BC-UBND")["status"] != "valid", row("41/BC-UBND")
assert all(row(n)["status"] == "valid" for n in ("12/QĐ-UBND", "40/QĐ-UBND", "42/TB-UBND")), rows
w = " | ".join(d["warnings"])
assert "row 4: docs/scan-lai.pdf is row 3\x27s document (40/QĐ-UBND) signed again" in w, w
'
else notok "one scan signed twice, the second for an unsigned row: one signed document (was 4/4, 100%)"; fi
# Honest look-alikes: another scan signed once, and the two-signature decision
# (the organisation signs what the leader signed: it starts with the leader's file).
mkdir -p "$tmp/again-legit/docs"
cp again/docs/scan.pdf again/docs/scan-khac.pdf again/docs/12-QD-UBND.pdf "$tmp/again-legit/docs/"
grep -v 'scan-lai' again/so-di.csv >"$tmp/again-legit/so-di.csv"
if run 0 index $trust --json "$tmp/again-legit/so-di.csv"; then
	json "legit: two scans signed once each, and a decision signed by the leader then the organisation: 3/3" '
assert (d["documents"], d["signed"], d["leader_signed"]) == (3, 3, 3), d
assert not any("signed again" in w for w in d["warnings"]), d["warnings"]
'
else notok "legit: two scans signed once each, and a decision signed by the leader then the organisation: 3/3"; fi
# A district: 02's folder hands in 01's scan signed again.
mkdir -p "$tmp/again-d/01-thuy-an/docs" "$tmp/again-d/02-thuy-bang/docs"
cp again/docs/scan.pdf "$tmp/again-d/01-thuy-an/docs/"
cp again/docs/scan-lai.pdf "$tmp/again-d/02-thuy-bang/docs/"
{ head -n 1 again/so-di.csv; grep '40/QĐ' again/so-di.csv; } >"$tmp/again-d/01-thuy-an/so-di.csv"
{ head -n 1 again/so-di.csv; grep '41/BC' again/so-di.csv; } >"$tmp/again-d/02-thuy-bang/so-di.csv"
if run 1 index $trust --json "$tmp/again-d"; then
	json "a district: one scan signed again by another commune counts once" '
assert (d["totals"]["documents"], d["totals"]["signed"]) == (2, 1), d["totals"]
w = " | ".join(w for c in d["communes"] for w in c.get("warnings", []))
assert "is 01-thuy-an\x27s document (row 2, 40/QĐ-UBND) signed again" in w, w
'
else notok "a district: one scan signed again by another commune counts once"; fi
mkdir -p "$tmp/again-z/20 Chữ ký số"
cp -r again/docs again/so-di.csv "$tmp/again-z/20 Chữ ký số/"
if run 0 ingest --no-validation --commune "Thủy An" --year 2021 -o "$tmp/again.zip" "$tmp/again-z" &&
	run 1 index $trust --json "$tmp/again.zip"; then
	json "index DOSSIER.zip: one scan signed twice counts once" '
assert (d["documents"], d["signed"]) == (4, 3), d
assert row("41/BC-UBND")["problem"] == "same-document", rows
assert "signed again" in " | ".join(d["warnings"]), d["warnings"]
'
else notok "index DOSSIER.zip: one scan signed twice counts once"; fi
# Honest (review33): one blank form filled in and signed in one update, twice
# (Adobe Reader's fill and sign): both files start with the blank form, but what
# each signature signed differs (poppler draws two pages).  Was 1/2: the second
# row "signed again".
if command -v pdftoppm >/dev/null 2>&1 && pdftoppm -r 40 -png again-form/docs/mau-43.pdf "$tmp/form-a" 2>/dev/null &&
	pdftoppm -r 40 -png again-form/docs/mau-44.pdf "$tmp/form-b" 2>/dev/null &&
	! cmp -s "$tmp/form-a-1.png" "$tmp/form-b-1.png"; then
	ok "again-form/: poppler draws the two documents filled in from one form apart"
else skip "again-form/: poppler draws the two documents filled in from one form apart" "no pdftoppm, or it draws them alike"; fi
if run 0 index $trust --json again-form/so-di.csv; then
	json "legit: two documents filled in from one blank form and signed in the same update: 2/2 (was 1/2)" '
assert (d["documents"], d["signed"]) == (2, 2), d
assert not any("signed again" in w for w in d["warnings"]), d["warnings"]
'
else notok "legit: two documents filled in from one blank form and signed in the same update: 2/2 (was 1/2)"; fi

# A district where a commune hands in only its signed PDFs, not its register.
if run 1 index $trust --json unregistered; then
	json "a district: a commune read from its signed PDFs alone (no register) is never all signed, and is marked (was 1/2 all signed)" '
cs = {c["commune"]: c for c in d["communes"]}
assert cs["01-thuy-an"]["no_register"] and not cs["02-thuy-bang"]["no_register"], cs
assert (cs["01-thuy-an"]["documents"], cs["01-thuy-an"]["signed"]) == (4, 4), cs["01-thuy-an"]
assert d["communes_all_signed"] == 0, d["communes_all_signed"]
'
else notok "a district: a commune read from its signed PDFs alone (no register) is never all signed, and is marked (was 1/2 all signed)"; fi
run 1 index $trust unregistered
in_file "a district, text: the commune without a register is marked beside its figures and named under the table" "$tmp/out" \
	"75.0%    100.0% *" "No register: 01-thuy-an was read from the documents in its folder alone (marked *)" \
	"Communes whose outgoing documents are all signed (criterion 20): 0/2"
run 1 --lang vi index $trust --html "$tmp/unreg.html" unregistered
in_file "a district, HTML (vi): the commune without a register is named under the table" "$tmp/unreg.html" \
	"Không có sổ đăng ký: 01-thuy-an chỉ được tính từ các văn bản có trong thư mục"
if run 1 index $trust --json listed; then
	json "legit: the same commune with its register listing the four signed documents is all signed (1/2), unmarked" '
cs = {c["commune"]: c for c in d["communes"]}
assert not cs["01-thuy-an"].get("no_register") and d["communes_all_signed"] == 1, d
'
else notok "legit: the same commune with its register listing the four signed documents is all signed (1/2), unmarked"; fi
if run 0 index $trust unregistered/01-thuy-an; then ok "legit: a commune folder of documents alone, given alone: read from their text as before (exit 0)"
else notok "legit: a commune folder of documents alone, given alone: read from their text as before (exit 0)"; fi

# --- 13. a row's file is another signed document ----------------------------------------------
if run 1 index $trust --json other/so-di.csv; then
	json "a row whose file is another signed document (numbered 05/QĐ-UBND; 21/BC-UBND of 2020): not signed, said" '
assert (d["documents"], d["signed"]) == (3, 1), d
assert row("21/BC-UBND")["problem"] == row("22/BC-UBND")["problem"] == "other-document", rows
assert row("21/BC-UBND")["status"] == row("22/BC-UBND")["status"] == "other-document", rows
w = " | ".join(d["warnings"])
assert "row 3: docs/21-BC-UBND.pdf is another document (its text is dated 2020, not 2021): this row counts as not signed" in w, w
assert "row 4: docs/Báo cáo 6 tháng.pdf is another document (its text is numbered 05/QĐ-UBND, not 22/BC-UBND)" in w, w
'
else notok "a row whose file is another signed document (numbered 05/QĐ-UBND; 21/BC-UBND of 2020): not signed, said"; fi
if run 1 index $trust --json other/byname/so-di.csv; then
	json "no file column: 25-TB-UBND.pdf that is 05/QĐ-UBND in its text is not 25/TB-UBND" '
assert (d["documents"], d["signed"]) == (2, 1), d
assert row("25/TB-UBND")["problem"] == "other-document", rows
'
else notok "no file column: 25-TB-UBND.pdf that is 05/QĐ-UBND in its text is not 25/TB-UBND"; fi
run 1 index $trust other/so-di.csv
in_file "text: a row whose file is another document says \"another document\"" "$tmp/out" "21/BC-UBND           another document Nguyễn Văn An"
if run 1 index $trust --json other/figures.csv; then
	json "2020 documents whose heading dates them in figures (ngày 15/7/2020; Thủy An, 20-07-2020) for rows of 2021: another document (it gave 3/3)" '
assert (d["documents"], d["signed"]) == (4, 1), d
assert row("23/BC-UBND")["status"] == row("24/BC-UBND")["status"] == "other-document", rows
w = " | ".join(d["warnings"])
assert "row 3: docs/23-BC-UBND.pdf is another document (its text is dated 2020, not 2021)" in w, w
'
else notok "2020 documents whose heading dates them in figures (ngày 15/7/2020; Thủy An, 20-07-2020) for rows of 2021: another document (it gave 3/3)"; fi
if run 1 index $trust --json other/figures.csv; then
	json "a signed scan of 2020 (no text) for a row of 2021: its signing time makes it another document (it counted)" '
assert row("26/BC-UBND")["status"] == "other-document", rows
w = " | ".join(d["warnings"])
assert "row 5: docs/scan-2020.pdf is another document (it was signed on 2020-11-20, before the year of its date, 2021)" in w, w
'
else notok "a signed scan of 2020 (no text) for a row of 2021: its signing time makes it another document (it counted)"; fi
mkdir -p "$tmp/other/20 Chữ ký số"
cp -r other/docs other/so-di.csv "$tmp/other/20 Chữ ký số/"
if run 0 ingest --no-validation --commune "Thủy An" --year 2021 -o "$tmp/other.zip" "$tmp/other" &&
	run 1 index $trust --json "$tmp/other.zip"; then
	json "index DOSSIER.zip: an entry whose text is another number or year counts as not signed (it gave 3/3, 100%)" '
assert (d["documents"], d["signed"]) == (3, 1), d
assert row("21/BC-UBND")["status"] == row("22/BC-UBND")["status"] == "other-document", rows
w = " | ".join(d["warnings"])
assert "row 3: data/docs/21-BC-UBND.pdf is another document (its text is dated 2020, not 2021)" in w, w
assert "row 4: data/docs/Báo cáo 6 tháng.pdf is another document (its text is numbered 05/QĐ-UBND, not 22/BC-UBND)" in w, w
'
else notok "index DOSSIER.zip: an entry whose text is another number or year counts as not signed (it gave 3/3, 100%)"; fi
if run 1 review $trust --allow-unsealed --json "$tmp/other.zip"; then
	json "review: the same dossier gives 1/3, the rows say another document" '
c = d["communes"][0]
assert (c["documents"], c["signed"]) == (3, 1), c
assert sorted(r["status"] for r in c["rows"]) == ["other-document", "other-document", "valid"], c["rows"]
'
else notok "review: the same dossier gives 1/3, the rows say another document"; fi


mkdir -p "$tmp/nextyear/20 Chữ ký số"
cp -r nextyear/docs nextyear/so-di.csv "$tmp/nextyear/20 Chữ ký số/"
if run 0 ingest --no-validation --commune "Thủy An" --year 2021 -o "$tmp/nextyear.zip" "$tmp/nextyear" &&
	run 1 index $trust --json "$tmp/nextyear.zip"; then
	json "index DOSSIER.zip of 2021: three signed documents of 2022 in its register are left out, listed (they gave 8/10)" '
assert (d["documents"], d["signed"]) == (7, 5), d
assert [(x["line"], x["number"]) for x in d["left_out"]] == [(9, "01/QĐ-UBND"), (10, "02/QĐ-UBND"), (11, "03/QĐ-UBND")], d["left_out"]
w = " | ".join(d["warnings"])
assert "3 rows of the register are dated outside 2021, the year under review, and are not counted (the first: row 9, 01/QĐ-UBND)" in w, w
'
else notok "index DOSSIER.zip of 2021: three signed documents of 2022 in its register are left out, listed (they gave 8/10)"; fi
if run 1 review $trust --allow-unsealed --json "$tmp/nextyear.zip"; then
	json "review: the same dossier gives 5/7, the rows of 2022 outside-year" '
c = d["communes"][0]
assert (c["documents"], c["signed"]) == (7, 5), c
assert [r["status"] for r in c["rows"]].count("outside-year") == 3, c["rows"]
'
else notok "review: the same dossier gives 5/7, the rows of 2022 outside-year"; fi

if run 1 index $trust --json late/so-di.csv; then
	json "a document of 2021 signed in January 2022: counted as signed, and the figure says so (it said nothing)" '
assert (d["documents"], d["signed"]) == (7, 6), d
w = " | ".join(d["warnings"])
assert "1 document counted as signed was signed only after the year of its date (the first: row 6, 21/BC-UBND, signed on 2022-01-15)" in w, w
'
else notok "a document of 2021 signed in January 2022: counted as signed, and the figure says so (it said nothing)"; fi
mkdir -p "$tmp/late/20 Chữ ký số"
cp -r late/docs late/so-di.csv "$tmp/late/20 Chữ ký số/"
if run 0 ingest --no-validation --commune "Thủy An" --year 2021 -o "$tmp/late.zip" "$tmp/late" &&
	run 1 review $trust --allow-unsealed --json "$tmp/late.zip"; then
	json "review: the same in a dossier says it too" '
c = d["communes"][0]
assert (c["documents"], c["signed"]) == (7, 6), c
assert any("signed only after the year of its date (the first: row 6, 21/BC-UBND, signed on 2022-01-15)" in w for w in c["warnings"]), c["warnings"]
'
else notok "review: the same in a dossier says it too"; fi

# --- 14. the reviewing authority abbreviated ------------------------------------------------------
if run 1 index $trust --json abbrev/so-di.csv; then
	json "\"UBND H. Phú Vang\", \"UBND TX.Phú Vang\" are the district: criterion 22 stays 4/6" '
assert crit("22") == (4, 6), d["criteria"]
assert row("21/BC-UBND")["to_district"] and row("25/TB-UBND")["to_district"], rows
'
else notok "\"UBND H. Phú Vang\", \"UBND TX.Phú Vang\" are the district: criterion 22 stays 4/6"; fi
if run 1 index $trust --json abbrev/glued.csv; then
	json "\"UBND-huyện Phú Vang\", \"UBNDhuyện Phú Vang\" (glued to the level) are the district: criterion 22 stays 4/6" '
assert crit("22") == (4, 6), d["criteria"]
assert row("21/BC-UBND")["to_district"] and row("25/TB-UBND")["to_district"], rows
'
else notok "\"UBND-huyện Phú Vang\", \"UBNDhuyện Phú Vang\" (glued to the level) are the district: criterion 22 stays 4/6"; fi

for f in so-di lookalike; do
	if run 1 index $trust --json invisible/$f.csv; then
		json "invisible/$f.csv: the district written with a soft hyphen, a zero-width joiner, a Cyrillic or Greek letter is still the district: 22 stays 4/6 (it gave 4/4, 100%)" '
assert crit("22") == (4, 6), d["criteria"]
assert row("21/BC-UBND")["to_district"] and row("25/TB-UBND")["to_district"], rows
'
	else notok "invisible/$f.csv: the district written with a soft hyphen, a zero-width joiner, a Cyrillic or Greek letter is still the district: 22 stays 4/6 (it gave 4/4, 100%)"; fi
done

if run 1 index $trust --json letter; then
	json "no register: an unsigned công văn \"Kính gửi: Ủy ban nhân dân huyện Phú Vang\", \"Nơi nhận: Như trên\", is sent to the district: 22 is 2/3 (it gave 2/2, 100%)" '
assert crit("22") == (2, 3), d["criteria"]
assert row("16/UBND-VP")["to_district"] and row("16/UBND-VP")["status"] == "unsigned", rows
'
else notok "no register: an unsigned công văn \"Kính gửi: Ủy ban nhân dân huyện Phú Vang\", \"Nơi nhận: Như trên\", is sent to the district: 22 is 2/3 (it gave 2/2, 100%)"; fi
if run 1 index $trust --json letter-dash; then
	json "no register: the same letter listing its addressees under \"Kính gửi:\" with an en dash or a bullet (as Word writes a list) is sent to the district: 22 is 2/3 (it gave 2/2, 100%)" '
assert crit("22") == (2, 3), d["criteria"]
assert row("16/UBND-VP")["to_district"] and row("16/UBND-VP")["status"] == "unsigned", rows
'
else notok "no register: the same letter listing its addressees under \"Kính gửi:\" with an en dash or a bullet (as Word writes a list) is sent to the district: 22 is 2/3 (it gave 2/2, 100%)"; fi

if run 1 index $trust --json above/so-di.csv; then
	json "a register whose \"Nơi nhận\" says \"Như trên\": the document's \"Kính gửi:\" line names the district, 22 is 2/3 (it gave 2/2, 100%), said" '
assert crit("22") == (2, 3), d["criteria"]
assert row("16/UBND-VP")["to_district"] and row("16/UBND-VP")["status"] == "unsigned", rows
w = " | ".join(d["warnings"])
assert "16/UBND-VP: its recipients say \"Như trên\" (as above), and its document\x27s \"Kính gửi:\" line names Ủy ban nhân dân huyện Phú Vang" in w, w
assert "17/UBND-VP: its recipients say \"Như trên\" (as above), and no \"Kính gửi:\" line can be read from its document" in w, w
'
else notok "a register whose \"Nơi nhận\" says \"Như trên\": the document's \"Kính gửi:\" line names the district, 22 is 2/3 (it gave 2/2, 100%), said"; fi

if run 1 index $trust --json totals/so-di.csv; then
	json "totals and sign-off lines under the table are no documents: 5/7 (they gave 5/11), each said" '
assert (d["documents"], d["signed"]) == (7, 5), d
assert crit("20") == (5, 7) and crit("22") == (4, 6), d["criteria"]
w = " | ".join(d["warnings"])
for label in ("Tổng cộng: 7 văn bản", "Cộng", "Tổng số văn bản đi: 7", "Người lập sổ"):
    assert "\"%s\" is a total or the register\x27s sign-off, not a document: not counted" % label in w, w
'
else notok "totals and sign-off lines under the table are no documents: 5/7 (they gave 5/11), each said"; fi

if run 1 index $trust --json totals/subtotals.csv; then
	json "subtotal rows between the quarters (Cộng quý I, Quý II Total, Quý III Tổng, Cộng tháng 9, Grand Total) are no documents: 5/7 (they gave 5/12), each said" '
assert (d["documents"], d["signed"]) == (7, 5), d
assert crit("20") == (5, 7) and crit("22") == (4, 6), d["criteria"]
w = " | ".join(d["warnings"])
for label in ("Cộng quý I", "Quý II Total", "Quý III Tổng", "Cộng tháng 9: 1", "Grand Total"):
    assert "\"%s\" is a total or the register\x27s sign-off, not a document: not counted" % label in w, w
'
else notok "subtotal rows between the quarters (Cộng quý I, Quý II Total, Quý III Tổng, Cộng tháng 9, Grand Total) are no documents: 5/7 (they gave 5/12), each said"; fi

if run 1 index $trust --json foreign; then
	json "a commune whose register is a .xls or .ods beside its signed PDFs: not counted, what to do said (they gave 3/3, 100%, from the PDFs alone)" '
cs = {c["commune"]: c for c in d["communes"]}
assert cs["01-thuy-an"]["counted"] and (d["communes_counted"], d["communes_listed"]) == (1, 4), d
for c, f in (("02-thuy-bang", "so-di.xls"), ("03-thuy-thanh", "2021/so-di.ods"), ("04-thuy-phuoc", "so-di.xlsm")):
    assert not cs[c]["counted"], cs[c]
    assert "%s is a workbook kiemchung cannot read" % f in cs[c]["not_counted"] and ".xlsx" in cs[c]["not_counted"], cs[c]
'
else notok "a commune whose register is a .xls or .ods beside its signed PDFs: not counted, what to do said (they gave 3/3, 100%, from the PDFs alone)"; fi
run 2 index $trust foreign/04-thuy-phuoc
in_file "a commune whose register is Excel's macro-enabled workbook (so-di.xlsm) beside its signed PDFs: exit 2, not read from the PDFs alone (3/3, 100% before)" "$tmp/err" "so-di.xlsm is a workbook kiemchung cannot read"
run 2 index $trust foreign/02-thuy-bang
in_file "... the commune's folder alone: exit 2, the same sentence" "$tmp/err" "so-di.xls is a workbook kiemchung cannot read"
run 2 index $trust foreign/03-thuy-thanh/2021/so-di.ods
in_file "... the .ods given alone: exit 2, saying what it is and what to do" "$tmp/err" \
	"so-di.ods: an OpenDocument spreadsheet (.ods, LibreOffice or WPS), which kiemchung does not read"

if run 1 index $trust --json headings/so-di.csv; then
	json "the headings and column numbers repeated mid-table are no documents: 5/7 (they gave 5/9), each said" '
assert (d["documents"], d["signed"]) == (7, 5), d
assert crit("20") == (5, 7) and crit("22") == (4, 6), d["criteria"]
w = [x for x in d["warnings"] if "the headings (or the form\x27s column numbers) again, not a document: not counted" in x]
assert len(w) == 2, d["warnings"]
'
else notok "the headings and column numbers repeated mid-table are no documents: 5/7 (they gave 5/9), each said"; fi

mkdir -p "$tmp/above/20 Chữ ký số"
cp above/*.pdf above/so-di.csv "$tmp/above/20 Chữ ký số/"
if run 0 ingest --no-validation --commune "Thủy An" --year 2021 -o "$tmp/above.zip" "$tmp/above" &&
	run 1 review $trust --allow-unsealed --json "$tmp/above.zip"; then
	json "review: the same register in a dossier reads the letter's \"Kính gửi:\" line from its entry, 22 is 2/3" '
c = d["communes"][0]
assert crit("22", c) == (2, 3), c["criteria"]
w = " | ".join(c["warnings"])
assert "16/UBND-VP: its recipients say \"Như trên\" (as above), and its document\x27s \"Kính gửi:\" line names Ủy ban nhân dân huyện Phú Vang" in w, w
assert "17/UBND-VP: its recipients say \"Như trên\" (as above), and no \"Kính gửi:\" line can be read" in w, w
'
else notok "review: the same register in a dossier reads the letter's \"Kính gửi:\" line from its entry, 22 is 2/3"; fi
if run 1 index $trust --json "$tmp/above.zip"; then
	json "index DOSSIER.zip: the same, 22 is 2/3" '
assert crit("22") == (2, 3), d["criteria"]
'
else notok "index DOSSIER.zip: the same, 22 is 2/3"; fi

# --- 15. a district-level city as the reviewing authority --------------------------------------
if run 1 index $trust --json city/so-di.csv; then
	json "\"UBND thành phố Huế\" in 2021 (a district-level city): the reviewing authority, 22 is 4/6" '
assert crit("22") == (4, 6), d["criteria"]
assert row("21/BC-UBND")["to_district"] and not row("30/QĐ-UBND")["to_district"], rows
'
else notok "\"UBND thành phố Huế\" in 2021 (a district-level city): the reviewing authority, 22 is 4/6"; fi
sed 's/thành phố Huế/thành phố Đà Nẵng/' city/so-di.csv >"$tmp/danang.csv"
cp -r city/docs "$tmp/docs"
if run 1 index $trust --json "$tmp/danang.csv"; then
	json "\"UBND thành phố Đà Nẵng\" in 2021 (a province): not the district, 22 has nothing to count" '
assert crit("22") == (0, 0), d["criteria"]
'
else notok "\"UBND thành phố Đà Nẵng\" in 2021 (a province): not the district, 22 has nothing to count"; fi

# --- 16. the sheet Excel opens on; rows Excel hides ----------------------------------------------
if run 1 index $trust --json books/active.xlsx; then
	json "a first sheet of signed documents only, the register on the active tab: the register is read, the other named" '
assert d["register"].endswith("active.xlsx") and (d["documents"], d["signed"]) == (7, 5), d
assert row("21/BC-UBND")["line"] == 11, rows
w = " | ".join(d["warnings"])
assert "active.xlsx: sheet \"Đã ký\" reads as a register too (5 rows of the same year), and is not counted" in w, w
assert "the figures are those of sheet \"Sổ đi 2021\", the one Excel opens the workbook on; give --sheet \"Đã ký\"" in w, w
'
else notok "a first sheet of signed documents only, the register on the active tab: the register is read, the other named"; fi
if run 0 index $trust --json --sheet "đã ký" books/active.xlsx; then
	json "--sheet names the other: that sheet, and no warning about the one not asked for" '
assert (d["documents"], d["signed"]) == (5, 5) and d["warnings"] == [], d
'
else notok "--sheet names the other: that sheet, and no warning about the one not asked for"; fi
run 1 index $trust books/active.xlsx
in_file "text: the warning about the other sheet is beside the figures" "$tmp/out" "5/7 (71.4%)" "reads as a register too"
if run 1 index $trust --json books/filtered.xlsx; then
	json "a filter hiding the two documents not validly signed: they count (5/7), and a warning names their rows" '
assert (d["documents"], d["signed"]) == (7, 5), d
w = " | ".join(d["warnings"])
assert "filtered.xlsx, sheet Năm 2021: 2 rows are hidden in Excel (rows 11, 12; the sheet has a filter" in w, w
assert "they are counted, as every document the register lists" in w, w
'
else notok "a filter hiding the two documents not validly signed: they count (5/7), and a warning names their rows"; fi
run 1 --lang vi index $trust books/filtered.xlsx
in_file "in Vietnamese: the hidden rows named beside the figures" "$tmp/out" "2 hàng bị ẩn trong Excel (hàng 11, 12"
if run 1 index $trust --json books/shown.xlsx; then
	json "\"Nơi nhận\" cells a number format shows as \"- UBND huyện Phú Vang; - Lưu: VT.\" (the values name no district): read as Excel shows them, 22 is 4/6" '
assert crit("22") == (4, 6), d["criteria"]
assert row("21/BC-UBND")["to_district"] and row("25/TB-UBND")["to_district"], rows
'
else notok "\"Nơi nhận\" cells a number format shows as \"- UBND huyện Phú Vang; - Lưu: VT.\" (the values name no district): read as Excel shows them, 22 is 4/6"; fi
if run 1 index $trust --json books/cond.xlsx; then
	json "\"Nơi nhận\" cells 1 and 3 whose format conditions ([>5], [>=10], [<=1]) pick the section \"- UBND huyện Phú Vang; - Lưu: VT.\": read as Excel shows them, 22 is 4/6" '
assert crit("22") == (4, 6), d["criteria"]
assert row("21/BC-UBND")["to_district"] and row("25/TB-UBND")["to_district"], rows
'
else notok "\"Nơi nhận\" cells 1 and 3 whose format conditions pick the section naming the district: 22 is 4/6"; fi
if run 1 index $trust --json books/textsec.xlsx; then
	json "\"Nơi nhận\" cells \"- Lưu: VT.\" whose format's last section, the second or third, is \"- UBND huyện Phú Vang; \"@: read as shown, 22 is 4/6" '
assert crit("22") == (4, 6), d["criteria"]
'
else notok "\"Nơi nhận\" cells whose format's last section holds @: 22 is 4/6"; fi
if run 1 index $trust --json books/datesec.xlsx; then
	json "\"Nơi nhận\" cells -1 and 1 whose format's first section is a date and second, which they take, names the district: 22 is 4/6" '
assert crit("22") == (4, 6), d["criteria"]
'
else notok "\"Nơi nhận\" cells whose format's second section, which they take, names the district: 22 is 4/6"; fi

if run 1 index $trust --json books/uncached.xlsx; then
	json "\"Nơi nhận\" formulas Excel computes on load (no cached value; a cached 0 under fullCalcOnLoad): computed as Excel shows them, 22 is 4/6" '
assert crit("22") == (4, 6), d["criteria"]
assert row("21/BC-UBND")["to_district"] and row("25/TB-UBND")["to_district"], rows
'
else notok "\"Nơi nhận\" formulas Excel computes on load (no cached value; a cached 0 under fullCalcOnLoad): computed as Excel shows them, 22 is 4/6"; fi

if run 2 index $trust books/uncached-fn.xlsx; then
	in_file "a \"Nơi nhận\" formula without a cached value kiemchung does not compute (CONCATENATE): exit 2, the cell named" "$tmp/err" \
		"uncached-fn.xlsx, sheet Năm 2021, row 11: the cell \"=CONCATENATE(" "is a formula, which Excel computes"
else notok "a \"Nơi nhận\" formula without a cached value kiemchung does not compute (CONCATENATE): exit 2, the cell named"; fi

if run 1 index $trust --json books/fmtformula.xlsx; then
	json "\"Nơi nhận\" formulas without a cached value computing \"- Lưu: VT.\" in cells whose format shows it after \"- UBND huyện Phú Vang; \": read as Excel shows them, 22 is 4/6" '
assert crit("22") == (4, 6), d["criteria"]
assert row("21/BC-UBND")["to_district"] and row("25/TB-UBND")["to_district"], rows
'
else notok "\"Nơi nhận\" formulas without a cached value computing \"- Lưu: VT.\" in cells whose format shows it after \"- UBND huyện Phú Vang; \": read as Excel shows them, 22 is 4/6"; fi

if run 1 index $trust --json books/sheetcalc.xlsx; then
	json "\"Nơi nhận\" formulas with a stale cached value in a sheet Excel computes on load (sheetCalcPr fullCalcOnLoad): computed, 22 is 4/6" '
assert crit("22") == (4, 6), d["criteria"]
assert row("21/BC-UBND")["to_district"] and row("25/TB-UBND")["to_district"], rows
'
else notok "\"Nơi nhận\" formulas with a stale cached value in a sheet Excel computes on load (sheetCalcPr fullCalcOnLoad): computed, 22 is 4/6"; fi

if run 2 index $trust books/stale.xlsx; then
	in_file "\"Nơi nhận\" formulas whose saved value is not what they compute (a later Excel recalculates a workbook of calcId 124519 on open): exit 2, the cell named" "$tmp/err" \
		"cell E11 holds a formula computing \"- UBND huyện Phú Vang; - Lưu: VT.\" but its saved value is \"- Lưu: VT.\""
else notok "\"Nơi nhận\" formulas whose saved value is not what they compute (a later Excel recalculates a workbook of calcId 124519 on open): exit 2, the cell named"; fi
if run 2 index $trust books/stale-s.xlsx; then
	in_file "the same, the saved values shared strings (t=\"s\"): exit 2, the cell named" "$tmp/err" \
		"cell E11 holds a formula computing \"- UBND huyện Phú Vang; - Lưu: VT.\" but its saved value is \"- Lưu: VT.\""
else notok "the same, the saved values shared strings (t=\"s\"): exit 2, the cell named"; fi

if run 2 index $trust books/vntime.xlsx; then
	in_file "\"Nơi nhận\" of the two documents not validly signed typed in TCVN3 (\"- UBND huyÖn Phó Vang\") in cells of the font .VnTime, which Excel draws \"- UBND huyện Phú Vang\": exit 2, the cell and the font named (it gave 22 4/4, 100%)" "$tmp/err" \
		"vntime.xlsx, sheet Năm 2021, row 11: the cell \"- UBND huyÖn Phó Vang;" "is in the font .VnTime, an old Vietnamese font (TCVN3/ABC or VNI)" "convert the register to Unicode"
else notok "\"Nơi nhận\" typed in TCVN3 in cells of the font .VnTime: exit 2, the cell and the font named (it gave 22 4/4, 100%)"; fi
if run 2 index $trust books/vntime-run.xlsx; then
	in_file "the same TCVN3 text in rich-text runs of the font .VnTime (rFont) in a Times New Roman cell: exit 2, the font named (it gave 22 4/4, 100%)" "$tmp/err" \
		"vntime-run.xlsx, sheet Năm 2021, row 11: the cell \"- UBND huyÖn Phó Vang;" "is in the font .VnTime"
else notok "the same TCVN3 text in rich-text runs of the font .VnTime (rFont): exit 2, the font named (it gave 22 4/4, 100%)"; fi
if run 2 index $trust books/vntime-theme.xlsx; then
	in_file "the same TCVN3 text in a font named Times New Roman of the theme's minor scheme, whose minor font (theme1.xml) is .VnTime, which Excel draws: exit 2, the theme's font named" "$tmp/err" \
		"vntime-theme.xlsx, sheet Năm 2021, row 11: the cell \"- UBND huyÖn Phó Vang;" "is in the font .VnTime"
else notok "the same TCVN3 text in a font of the theme's minor scheme, whose minor font is .VnTime: exit 2, the theme's font named"; fi
mkdir -p "$tmp/vn/20 Chữ ký số" && cp books/vntime.xlsx "$tmp/vn/20 Chữ ký số/so-di.xlsx" && cp -r books/docs "$tmp/vn/20 Chữ ký số/docs"
if run 0 --quiet ingest $trust --commune "Thủy An" --district "Phú Vang" --year 2021 -o "$tmp/vn.zip" "$tmp/vn" &&
	run 2 index $trust "$tmp/vn.zip"; then
	in_file "a dossier filing vntime.xlsx under criterion 20: index exits 2 and says why the register was not read (it gave 22 4/4, 100%)" "$tmp/err" \
		"vn.zip: data/so-di.xlsx was not read as the outgoing register: data/so-di.xlsx, sheet Năm 2021, row 11: the cell" "is in the font .VnTime"
else notok "a dossier filing vntime.xlsx under criterion 20: index exits 2 and says why the register was not read (it gave 22 4/4, 100%)"; fi
if run 1 review $trust "$tmp/vn.zip"; then
	in_file "review of that dossier: 20-22 not computed, the reason beside them" "$tmp/out" \
		"data/so-di.xlsx was not read as the outgoing register" "is in the font .VnTime" "criteria 20-22 cannot be computed"
else notok "review of that dossier: 20-22 not computed, the reason beside them"; fi
if run 2 index $trust books/vntime-head.xlsx; then
	in_file "the heading \"Nơi nhận văn bản\" typed in TCVN3 in .VnTime (\"N¬i nhËn v¨n b¶n\"), which Excel draws as the heading: exit 2, the heading named (it gave 22 0/0 and an unknown column)" "$tmp/err" \
		"vntime-head.xlsx, sheet Năm 2021, row 4: the cell \"N¬i nhËn v¨n b¶n\" is in the font .VnTime"
else notok "the heading \"Nơi nhận văn bản\" typed in TCVN3 in .VnTime: exit 2, the heading named (it gave 22 0/0 and an unknown column)"; fi
run 2 --lang vi index $trust books/vntime.xlsx
in_file "in Vietnamese: the old font and what to do" "$tmp/err" "phông .VnTime" "Unicode"
if run 1 index $trust --json books/legit-vntime.xlsx; then
	json ".VnTime on cells whose text is ASCII (the number, the file), on a summary and on the title above the headings typed in TCVN3, which no figure reads: read, 5/7, 22 4/6" '
assert crit("20") == (5, 7) and crit("22") == (4, 6), d["criteria"]
'
else notok ".VnTime on cells whose text is ASCII and on a summary typed in TCVN3: read, 5/7, 22 4/6"; fi

if run 1 index $trust --json unicode; then
	json "a folder whose register is Excel's \"Unicode Text\" (so-di.txt, UTF-16LE) beside its signed PDFs only: the register is read, 5/7, 22 4/6" '
assert crit("20") == (5, 7) and crit("22") == (4, 6), d["criteria"]
'
else notok "a folder whose register is Excel's \"Unicode Text\" (so-di.txt, UTF-16LE) beside its signed PDFs only: the register is read, 5/7, 22 4/6"; fi
if run 1 index $trust --json unicode-csv/so-di-u16.csv; then
	json "a UTF-16LE CSV with a BOM, tab separated: read, 5/7, 22 4/6" '
assert crit("20") == (5, 7) and crit("22") == (4, 6), d["criteria"]
'
else notok "a UTF-16LE CSV with a BOM, tab separated: read, 5/7, 22 4/6"; fi
if run 1 index $trust --json unicode-nobom; then
	json "a folder whose register is UTF-16LE without a BOM (so-di.txt) beside its signed PDFs only: the register is read, 5/7, 22 4/6 (it gave 5/5, 100%)" '
assert crit("20") == (5, 7) and crit("22") == (4, 6), d["criteria"]
'
else notok "a folder whose register is UTF-16LE without a BOM (so-di.txt) beside its signed PDFs only: the register is read, 5/7, 22 4/6 (it gave 5/5, 100%)"; fi
if run 1 index $trust --json unicode-csv/so-di-be.csv; then
	json "a UTF-16BE CSV without a BOM, tab separated: read, 5/7, 22 4/6 (it stopped: no number column)" '
assert crit("20") == (5, 7) and crit("22") == (4, 6), d["criteria"]
'
else notok "a UTF-16BE CSV without a BOM, tab separated: read, 5/7, 22 4/6 (it stopped: no number column)"; fi
if run 1 index $trust --json unicode-nfd; then
	json "a folder whose register is UTF-16LE without a BOM, in NFD (a grave U+0300 puts a NUL at an even offset), beside its signed PDFs only: the register is read, 5/7, 22 4/6 (it gave 5/5, 100%)" '
assert crit("20") == (5, 7) and crit("22") == (4, 6), d["criteria"]
'
else notok "a folder whose register is UTF-16LE without a BOM, in NFD (a grave U+0300 puts a NUL at an even offset), beside its signed PDFs only: the register is read, 5/7, 22 4/6 (it gave 5/5, 100%)"; fi
if run 1 index $trust --json unicode-wide; then
	json "a folder whose register is UTF-16LE without a BOM, its first line 2,100 letters above U+00FF: the register is read, 5/7, 22 4/6 (it gave 5/5, 100%)" '
assert crit("20") == (5, 7) and crit("22") == (4, 6), d["criteria"]
'
else notok "a folder whose register is UTF-16LE without a BOM, its first line 2,100 letters above U+00FF: the register is read, 5/7, 22 4/6 (it gave 5/5, 100%)"; fi
if run 2 index $trust unicode-ideo; then
	in_file "a folder whose register is UTF-16LE without a BOM, its first line 2,100 ideographic spaces (NULs on both sides): exit 2, the byte order cannot be told (it gave 5/5, 100%)" "$tmp/err" \
		'so-di.txt: the file looks like UTF-16 text without a byte order mark, but its NUL bytes sit on both sides'
else notok "a folder whose register is UTF-16LE without a BOM, its first line 2,100 ideographic spaces (NULs on both sides): exit 2, the byte order cannot be told (it gave 5/5, 100%)"; fi

if run 1 index $trust --json tabtext; then
	json "a folder whose register is Excel's \"Text (Tab delimited)\" (so-di.txt, Windows-1258) beside its signed PDFs only and a note: the register is read, 5/7, 22 4/6" '
assert crit("20") == (5, 7) and crit("22") == (4, 6), d["criteria"]
'
else notok "a folder whose register is Excel's \"Text (Tab delimited)\" (so-di.txt, Windows-1258) beside its signed PDFs only and a note: the register is read, 5/7, 22 4/6"; fi

# --- 17. two recipients columns ------------------------------------------------------------------
if run 1 index $trust --json dupcol/so-di.csv; then
	json "a second recipients column \"Nơi nhận\" before \"Nơi nhận văn bản\", naming only \"Lưu: VT\" for the unsigned: both read, 22 is 4/6, said" '
assert crit("22") == (4, 6), d["criteria"]
assert row("21/BC-UBND")["to_district"] and row("25/TB-UBND")["to_district"], rows
w = " | ".join(d["warnings"])
assert "row 1: the columns \"Nơi nhận\", \"Nơi nhận văn bản\" list recipients: each is read" in w, w
'
else notok "a second recipients column \"Nơi nhận\" before \"Nơi nhận văn bản\", naming only \"Lưu: VT\" for the unsigned: both read, 22 is 4/6, said"; fi

# --- 18. CSV cells Excel computes ---------------------------------------------------------------
if run 1 index $trust --json formula/so-di.csv; then
	json "CSV cells =\"21/BC-UBND\" and =\"- UBND \"&\"huyện Phú Vang; …\": read as Excel shows them, 22 is 4/6, every date read" '
assert crit("22") == (4, 6) and crit("20") == (5, 7), d["criteria"]
assert row("21/BC-UBND")["to_district"] and row("25/TB-UBND")["to_district"], rows
assert row("21/BC-UBND")["date"] == "30/06/2021", row("21/BC-UBND")
assert not any("cannot be read" in w for w in d["warnings"]), d["warnings"]
'
else notok "CSV cells =\"21/BC-UBND\" and =\"- UBND \"&\"huyện Phú Vang; …\": read as Excel shows them, 22 is 4/6, every date read"; fi
if run 2 index $trust formula/function.csv; then
	in_file "a formula kiemchung does not compute in a column the figures read (=CONCATENATE(…)): exit 2, the cell named" "$tmp/err" \
		"function.csv, row 6: the cell \"=CONCATENATE(" "is a formula, which Excel computes"
else notok "a formula kiemchung does not compute in a column the figures read (=CONCATENATE(…)): exit 2, the cell named"; fi
if run 1 index $trust --json formula/plus.csv; then
	json "CSV cells +\"- UBND huy\"&\"ện Phú Vang; …\" (Excel computes a cell starting with +): read as Excel shows them, 22 is 4/6" '
assert crit("22") == (4, 6), d["criteria"]
assert row("21/BC-UBND")["to_district"] and row("25/TB-UBND")["to_district"], rows
'
else notok "CSV cells +\"- UBND huy\"&\"ện Phú Vang; …\" (Excel computes a cell starting with +): read as Excel shows them, 22 is 4/6"; fi
if run 2 index $trust formula/plusfn.csv; then
	in_file "a formula starting with + kiemchung does not compute (+CONCATENATE(…)): exit 2, the cell named" "$tmp/err" \
		"plusfn.csv, row 6: the cell \"+CONCATENATE(" "is a formula, which Excel computes"
else notok "a formula starting with + kiemchung does not compute (+CONCATENATE(…)): exit 2, the cell named"; fi

# --- 19. a cell holding another locale's separator before a formula ---------------------------
# Excel splits a CSV at its list separator (';' in Vietnamese, ',' in English), whatever the file
# uses; no part of any written field may then start a formula.
for sep in , ';'; do
	name="index --csv --csv-sep '$sep': a cell's part after ';' or ',' is no formula for an Excel splitting there"
	if run 1 index $trust --csv --csv-sep "$sep" cellsep/so-di.csv; then
		if "$py" - "$tmp/out" >"$tmp/why" 2>&1 <<'PY'
import sys
text = open(sys.argv[1], encoding="utf-8-sig").read()
assert "12/QĐ-UBND;" in text and "15/UBND-VX," in text, text
for line in text.splitlines():
    for part in line.replace(",", ";").split(";"):
        part = part.lstrip('"')
        assert part[:1] not in ("=", "@", "+") and not part.startswith("-") or part[1:].isdigit() or part == "-", (part, line)
PY
		then ok "$name"; else notok "$name"; fi
	else notok "$name"; fi
done


# --- 14. a page that draws 2020 and whose text says 2021 (/ActualText) ----------------------------
if run 0 index $trust --json actual/so-di.csv; then
	json "a page drawing năm 2020 whose /ActualText says 2021: its own year not trusted, said beside the figure (it gave 2/2 without a word)" '
w = " | ".join(d["warnings"])
assert "row 2: docs/21-BC-UBND.pdf: its own number and year were not checked" in w, w
assert "page 1 draws glyphs whose text is replaced by /ActualText \"2021\"" in w, w
assert "22-BC-UBND" not in w, w
'
else notok "a page drawing năm 2020 whose /ActualText says 2021: its own year not trusted, said beside the figure (it gave 2/2 without a word)"; fi
if run 0 index $trust --json actual/so-di.csv; then
	json "a page drawing năm 2020 in a font whose /ToUnicode reads 0 as 1 (text: 2021): its own year not trusted, said (it gave 100% without a word)" '
w = " | ".join(d["warnings"])
assert "row 4: docs/23-BC-UBND.pdf: its own number and year were not checked" in w, w
assert "whose /ToUnicode reads code 48 otherwise than the glyph its encoding draws there" in w, w
'
else notok "a page drawing năm 2020 in a font whose /ToUnicode reads 0 as 1 (text: 2021): its own year not trusted, said (it gave 100% without a word)"; fi
if run 0 index $trust --json actual/so-di.csv; then
	json "a page drawing năm 2020 whose last 0 is a Type 3 glyph named /one (text: 2021): its own year not trusted, said (it gave 100% without a word)" '
w = " | ".join(d["warnings"])
assert "row 5: docs/24-BC-UBND.pdf: its own number and year were not checked" in w, w
assert "uses a Type 3 font, whose glyphs its own procedures draw, and reads its code 48 as a digit" in w, w
'
else notok "a page drawing năm 2020 whose last 0 is a Type 3 glyph named /one (text: 2021): its own year not trusted, said (it gave 100% without a word)"; fi
if run 0 index $trust --json actual/so-di.csv; then
	json "a page drawing năm 2020 whose last 0 is a Type 3 glyph named /g0 at code 49 (poppler and MuPDF read the code: 2021): its own year not trusted, said (it gave 100% without a word)" '
w = " | ".join(d["warnings"])
assert "row 6: docs/25-BC-UBND.pdf: its own number and year were not checked" in w, w
assert "uses a Type 3 font, whose glyphs its own procedures draw, and reads its code" in w, w
'
else notok "a page drawing năm 2020 whose last 0 is a Type 3 glyph named /g0 at code 49 (poppler and MuPDF read the code: 2021): its own year not trusted, said (it gave 100% without a word)"; fi
if run 0 index $trust --json actual/so-di.csv; then
	json "a page drawing năm 2020 whose last 0 is drawn by a Type 0 font whose /ToUnicode reads it 1 while the cmap table of its font program names it 0 (text: 2021): its own year not trusted, said (it gave 100% without a word)" '
w = " | ".join(d["warnings"])
assert "row 7: docs/26-BC-UBND.pdf: its own number and year were not checked" in w, w
assert "whose /ToUnicode reads code" in w and "otherwise than the glyph its font program (its cmap table or glyph names) draws there" in w, w
'
else notok "a page drawing năm 2020 whose last 0 is drawn by a Type 0 font whose /ToUnicode reads it 1 while the cmap table of its font program names it 0 (text: 2021): its own year not trusted, said (it gave 100% without a word)"; fi
if run 0 index $trust --json actual/so-di.csv; then
	json "the same Type 0 font without a cmap table (nothing names its glyphs): not checked, said why; an honest Type 0 font with its cmap: read as it is" '
w = " | ".join(d["warnings"])
assert "row 8: docs/27-BC-UBND.pdf: its own number and year were not checked" in w, w
assert "as a digit, and its font program names none of its glyphs (no cmap table, no glyph names in a post table)" in w, w
assert "28-BC-UBND" not in w, w
'
else notok "the same Type 0 font without a cmap table (nothing names its glyphs): not checked, said why; an honest Type 0 font with its cmap: read as it is"; fi
if run 0 index $trust --json actual/so-di.csv; then
	json "a Type 0 font without /ToUnicode whose /CIDToGIDMap gives code <0031> (poppler reads 1) the glyph of 0 (pdftoppm: 2020): its own year not trusted, said (it gave 100% without a word)" '
w = " | ".join(d["warnings"])
assert "row 10: docs/29-BC-UBND.pdf: its own number and year were not checked" in w, w
assert "which has no /ToUnicode, so text extractors read its code 49 as the character of that number, a digit, while its font program" in w, w
'
else notok "a Type 0 font without /ToUnicode whose /CIDToGIDMap gives code <0031> (poppler reads 1) the glyph of 0 (pdftoppm: 2020): its own year not trusted, said (it gave 100% without a word)"; fi
if run 0 index $trust --json actual/so-di.csv; then
	json "a TrueType font without /Encoding (non-symbolic, then symbolic) whose /ToUnicode reads the code of 0 as 1 (text: 2021, pixels of 2020): its own year not trusted, said (it gave 100% without a word)" '
w = " | ".join(d["warnings"])
assert "row 11: docs/30-BC-UBND.pdf: its own number and year were not checked" in w, w
assert "whose /ToUnicode reads code 48 otherwise than the glyph its encoding draws there" in w, w
assert "row 12: docs/31-BC-UBND.pdf: its own number and year were not checked" in w, w
assert "whose /ToUnicode reads code 48 otherwise than the glyph its font program (its cmap table or glyph names) draws there" in w, w
'
else notok "a TrueType font without /Encoding (non-symbolic, then symbolic) whose /ToUnicode reads the code of 0 as 1 (text: 2021, pixels of 2020): its own year not trusted, said (it gave 100% without a word)"; fi
if run 0 index $trust --json actual/so-di.csv; then
	json "a page drawing năm 2020 whose /ActualText says 2021 under a root /Pages saying /Type /Page, or between a blank first page and a last kid with /Kids null: the tree walked as poppler walks it, its own year not trusted, said (counted for 2021 without a word before, rtpdf17); an honest 2021 report in that tree read as it is" '
w = " | ".join(d["warnings"])
assert "row 13: docs/32-BC-UBND.pdf: its own number and year were not checked" in w, w
assert "row 14: docs/33-BC-UBND.pdf: its own number and year were not checked" in w, w
assert "/ActualText \"2021\"" in w.split("row 13:")[1], w
assert "34-BC-UBND" not in w, w
assert d["rows"][13]["status"] == "valid", d["rows"][13]
'
else notok "a page drawing năm 2020 whose /ActualText says 2021 under a root /Pages saying /Type /Page, or between a blank first page and a last kid with /Kids null: the tree walked as poppler walks it, its own year not trusted, said (counted for 2021 without a word before, rtpdf17); an honest 2021 report in that tree read as it is"; fi
if run 0 index $trust --json actual/so-di.csv; then
	json "a page whose content stream /Length ends where its /ActualText 2021 span begins (poppler, as MuPDF and pdf.js, reads on to the endstream: draws 2020, text 2021; the scan stopped at /Length): its own year not trusted, said (counted for 2021 without a word before, rtpdf17); an uncompressed 2021 report with its right /Length read as it is" '
w = " | ".join(d["warnings"])
assert "row 16: docs/35-BC-UBND.pdf: its own number and year were not checked" in w, w
assert "has a content stream whose /Length does not end at its endstream" in w, w
assert "36-BC-UBND" not in w, w
assert d["rows"][15]["status"] == "valid", d["rows"][15]
'
else notok "a page whose content stream /Length ends where its /ActualText 2021 span begins (poppler, as MuPDF and pdf.js, reads on to the endstream: draws 2020, text 2021; the scan stopped at /Length): its own year not trusted, said (counted for 2021 without a word before, rtpdf17); an uncompressed 2021 report with its right /Length read as it is"; fi
if run 0 index $trust --json actual/so-di.csv; then
	json "a report of 2020 whose page's /MediaBox is [] or null under a node twice as tall: poppler's text (the top half, shown by poppler alone) says năm 2021, pdf.js and MuPDF show the 2020 page below: its own year not trusted, said (counted for 2021 without a word before, rtpdf18); an honest 2021 report whose page inherits its /MediaBox read as it is" '
w = " | ".join(d["warnings"])
assert "row 18: docs/37-BC-UBND.pdf: its own number and year were not checked" in w, w
assert "row 19: docs/38-BC-UBND.pdf: its own number and year were not checked" in w, w
assert "page 1 has a /MediaBox that poppler, MuPDF and pdf.js read otherwise" in w.split("row 18:")[1], w
assert "39-BC-UBND" not in w, w
assert d["rows"][18]["status"] == "valid", d["rows"][18]
'
else notok "a report of 2020 whose page's /MediaBox is [] or null under a node twice as tall: poppler's text (the top half, shown by poppler alone) says năm 2021, pdf.js and MuPDF show the 2020 page below: its own year not trusted, said (counted for 2021 without a word before, rtpdf18); an honest 2021 report whose page inherits its /MediaBox read as it is"; fi
if run 0 index $trust --json actual/so-di.csv; then
	json "a page drawing năm 2020 whose /ActualText, its key written /Actual#54ext (a name escape every reader decodes), says 2021: its own year not trusted, said (counted for 2021 without a word before)" '
w = " | ".join(d["warnings"])
assert "row 21: docs/40-BC-UBND.pdf: its own number and year were not checked" in w, w
assert "/ActualText \"2021\"" in w.split("row 21:")[1], w
'
else notok "a page drawing năm 2020 whose /ActualText, its key written /Actual#54ext (a name escape every reader decodes), says 2021: its own year not trusted, said (counted for 2021 without a word before)"; fi
if run 0 index $trust --json actual/so-di.csv; then
	json "a page drawing năm 2020 in a font whose /ToUnicode reads 0 as 1 (text: 2021), the font in resources the page inherits from the root /Pages node, its own /Resources written null (poppler draws with the node's): its own year not trusted, said (counted for 2021 without a word before); an honest 2021 report drawing with resources so inherited read as it is" '
w = " | ".join(d["warnings"])
assert "row 22: docs/41-BC-UBND.pdf: its own number and year were not checked" in w, w
assert "whose /ToUnicode reads code 48 otherwise than the glyph its encoding draws there" in w.split("row 22:")[1], w
assert "42-BC-UBND" not in w, w
assert d["rows"][21]["status"] == "valid", d["rows"][21]
'
else notok "a page drawing năm 2020 in a font whose /ToUnicode reads 0 as 1 (text: 2021), the font in resources the page inherits from the root /Pages node, its own /Resources written null (poppler draws with the node's): its own year not trusted, said (counted for 2021 without a word before); an honest 2021 report drawing with resources so inherited read as it is"; fi
if run 0 index $trust --json actual/so-di.csv; then
	json "a page drawing năm 2020 whose /ActualText says 2021, second of three pages under a root whose /Count says 2 (poppler, MuPDF and pdf.js show two pages, the document's the last, whose text index reads): its own year not trusted, said (counted for 2021 without a word before: the scan read the blank third); an honest 2021 report in that tree read as it is" '
w = " | ".join(d["warnings"])
assert "row 24: docs/43-BC-UBND.pdf: its own number and year were not checked" in w, w
assert "/ActualText \"2021\"" in w.split("row 24:")[1], w
assert "44-BC-UBND" not in w, w
assert d["rows"][23]["status"] == "valid", d["rows"][23]
'
else notok "a page drawing năm 2020 whose /ActualText says 2021, second of three pages under a root whose /Count says 2 (poppler, MuPDF and pdf.js show two pages, the document's the last, whose text index reads): its own year not trusted, said (counted for 2021 without a word before: the scan read the blank third); an honest 2021 report in that tree read as it is"; fi
if run 0 index $trust --json actual/so-di.csv; then
	json "a page drawing năm 2020 under a heading drawn in text render mode 3 (shown by no viewer) that says Số: 45/BC-UBND … năm 2021, first in its text: its own year not trusted, said (counted for 2021 without a word before, rtpdf19); an honest 2021 report whose text is all so drawn (an OCR layer) read as it is" '
w = " | ".join(d["warnings"])
assert "row 26: docs/45-BC-UBND.pdf: its own number and year were not checked" in w, w
assert "page 1 draws text that no viewer shows (text render mode 3 or 7)" in w.split("row 26:")[1], w
assert "46-BC-UBND" not in w, w
assert d["rows"][25]["status"] == "valid", d["rows"][25]
'
else notok "a page drawing năm 2020 under a heading drawn in text render mode 3 (shown by no viewer) that says Số: 45/BC-UBND … năm 2021, first in its text: its own year not trusted, said (counted for 2021 without a word before, rtpdf19); an honest 2021 report whose text is all so drawn (an OCR layer) read as it is"; fi
mkdir -p "$tmp/actual/20 Chữ ký số"
cp -r actual/docs actual/so-di.csv "$tmp/actual/20 Chữ ký số/"
if run 0 ingest --no-validation --commune "Thủy An" --year 2021 -o "$tmp/actual.zip" "$tmp/actual" &&
	run 0 index $trust --json "$tmp/actual.zip"; then
	json "index DOSSIER.zip: an entry whose /ActualText says 2021 over a drawn 2020: its own year not trusted, said" '
w = " | ".join(d["warnings"])
assert "21-BC-UBND.pdf: its own number and year were not checked" in w, w
assert "/ActualText \"2021\"" in w, w
'
else notok "index DOSSIER.zip: an entry whose /ActualText says 2021 over a drawn 2020: its own year not trusted, said"; fi


# --- 14b. rows whose date is no date (rtnum8) -----------------------------------------------------
if run 1 index $trust --json --year 2021 baddate/so-di.csv; then
	json "rows dated 30/02/2021 and 2021-13-01 naming signed documents of 2020: the year their cell holds is compared, other-document (it gave 3/3, 100%)" '
w = " | ".join(d["warnings"])
assert crit("20") == (1, 4), d["criteria"]
assert "row 2: docs/41-BC-UBND.pdf is another document (its text is dated 2020, not 2021)" in w, w
assert "row 3: docs/42-BC-UBND.pdf is another document (its text is dated 2020, not 2021)" in w, w
assert [r["status"] for r in d["rows"]][:3] == ["other-document", "other-document", "valid"], d["rows"]
'
else notok "rows dated 30/02/2021 and 2021-13-01 naming signed documents of 2020: the year their cell holds is compared, other-document (it gave 3/3, 100%)"; fi
if run 1 index $trust --json --year 2021 baddate/so-di.csv; then
	json "a row dated 31/04/2021 naming a signed scan (no text) of November 2020: judged by its signing time from 1 January of the year its cell holds, other-document (it counted)" '
w = " | ".join(d["warnings"])
assert "it was signed on 2020-11-20, before the year of its date, 2021" in w, w
assert d["rows"][3]["status"] == "other-document", d["rows"]
'
else notok "a row dated 31/04/2021 naming a signed scan (no text) of November 2020: judged by its signing time from 1 January of the year its cell holds, other-document (it counted)"; fi

# --- 15. a heading whose year the date pattern does not read ---------------------------------------
if run 0 index $trust --json noyear/so-di.csv; then
	json "headings dated năm MMXX and năm 2 0 2 0 for rows of 2021: their year not compared, said beside the figure (it gave 3/3 without a word)" '
w = " | ".join(d["warnings"])
for r in (3, 4):
	assert "row %d: docs/3%d-BC-UBND.pdf: its own number and year were not checked: its text gives no date in figures" % (r, r - 2) in w, w
assert "12-QD-UBND" not in w, w
'
else notok "headings dated năm MMXX and năm 2 0 2 0 for rows of 2021: their year not compared, said beside the figure (it gave 3/3 without a word)"; fi
mkdir -p "$tmp/noyear/20 Chữ ký số"
cp -r noyear/docs noyear/so-di.csv "$tmp/noyear/20 Chữ ký số/"
if run 0 ingest --no-validation --commune "Thủy An" --year 2021 -o "$tmp/noyear.zip" "$tmp/noyear" &&
	run 0 index $trust --json "$tmp/noyear.zip"; then
	json "index DOSSIER.zip: a heading dated năm MMXX: its year not compared, said" '
w = " | ".join(d["warnings"])
assert "31-BC-UBND.pdf: its own number and year were not checked: its text gives no date in figures" in w, w
assert "12-QD-UBND" not in w, w
'
else notok "index DOSSIER.zip: a heading dated năm MMXX: its year not compared, said"; fi


# --- 16. two dates in the heading ----------------------------------------------------------------
if run 1 index $trust --json heading/so-di.csv; then
	json "Số: 21/BC-UBND ngày … năm 2021 above Thủy An, ngày … năm 2020: another document (it gave 2/2, 100%)" '
assert row("21/BC-UBND")["status"] == "other-document", rows
assert row("12/QĐ-UBND")["status"] == "valid", rows
w = " | ".join(d["warnings"])
assert "row 3: docs/21-BC-UBND.pdf is another document (its text is dated 2020, not 2021)" in w, w
'
else notok "Số: 21/BC-UBND ngày … năm 2021 above Thủy An, ngày … năm 2020: another document (it gave 2/2, 100%)"; fi

if run 1 index $trust --json heading/so-di.csv; then
	json "an empty Số: (the number a picture) above Thủy An, ngày … năm 2020 for a row of 2021: another document by its place and date (it was not judged)" '
assert (d["documents"], d["signed"]) == (3, 1), d
assert row("22/BC-UBND")["status"] == "other-document", rows
w = " | ".join(d["warnings"])
assert "row 4: docs/22-BC-UBND.pdf is another document (its text is dated 2020, not 2021)" in w, w
'
else notok "an empty Số: (the number a picture) above Thủy An, ngày … năm 2020 for a row of 2021: another document by its place and date (it was not judged)"; fi

# --- 17. a (1,0) cmap poppler draws through first (rtnew6a) --------------------------------------
if run 0 index $trust --year 2020 --json macmap/so-di.csv; then
	json "a symbolic TrueType font without /Encoding whose program draws code 0x30 as 2 by a (1,0) cmap (pdftoppm: 2022) and as 0 by its (3,1) one, which its /ToUnicode reads (2020): its own year not trusted, said (it gave 1/1, 100% without a word)" '
w = " | ".join(d["warnings"])
assert "row 2: docs/32-BC-UBND.pdf: its own number and year were not checked" in w, w
assert "whose /ToUnicode reads code 48 otherwise than the glyph its font program (its cmap table or glyph names) draws there" in w, w
'
else notok "a symbolic TrueType font without /Encoding whose program draws code 0x30 as 2 by a (1,0) cmap (pdftoppm: 2022) and as 0 by its (3,1) one, which its /ToUnicode reads (2020): its own year not trusted, said (it gave 1/1, 100% without a word)"; fi

finish
