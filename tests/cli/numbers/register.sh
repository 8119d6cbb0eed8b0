# numbers/register.sh: what a register and its folder give (numbers.sh, sections 1-9):
# NFD and case-changed names, district folders with communes that have only a workbook,
# only PDFs or nothing, backup copies, --year, empty results, a misspelled column,
# --district naming nobody, another agency's signature, rows as Excel numbers them,
# registers without a file column.
# Sourced by tests/cli/numbers.sh (one suite, cli-numbers, one set of fixtures): uses its
# $kc, $trust, $tmp, $src, the fixtures in the current folder (make-register-fixtures.sh)
# and run, json, in_file, ok, notok, skip.  The rows run in the order numbers.sh sources them.

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
assert (cs["01-thuy-ha"]["signed"], cs["02-thuy-bang"]["signed"], cs["03-xa-thuy-an"]["signed"]) == (0, 0, 5), cs
assert (d["totals"]["documents"], d["totals"]["signed"]) == (21, 5), d["totals"]
notes = " | ".join(d["notes"])
assert "03-xa-thuy-an and 01-thuy-ha hand in 5 signed documents with the same signatures: they count once, for 03-xa-thuy-an" in notes, notes
'
else notok "... a third folder naming Thủy An, whose certificates signed them: counted for it, wherever it sorts"; fi
# One commune handed in twice under two names (rtnum18): main counted "Thủy An" (NFD) and
# "UBND xã Thủy An" as two communes (21 documents, 3 communes; the copy's 2 unsigned
# documents twice), and "xa-thuy-an" beside "Thuỷ An" likewise (21, 3).
# Last year's date typed on three rows of 2021's register, their documents headed 2021 (rtnum18):
# main left the unsigned and the changed one out as dated 2020: 5/5, 100.0%, exit 0.
if run 1 index $trust --json --year 2021 slipyear/so-di.csv; then
	json "rows typed with last year's date, their documents headed 2021: counted in 2021, 5/7, said (was 5/5, exit 0)" '
assert (d["documents"], d["signed"]) == (7, 5) and not d["left_out"], d
assert row("12/QĐ-UBND")["status"] == "valid" and row("21/BC-UBND")["status"] == "unsigned", d["rows"]
w = " | ".join(d["warnings"])
assert "row 6: 21/BC-UBND is dated 30/06/2020 in the register, but its document is headed 2021: counted in 2021" in w, w
assert "only after the year of its date" not in w, w
'
else notok "rows typed with last year's date, their documents headed 2021: counted in 2021, 5/7, said (was 5/5, exit 0)"; fi
# The same register in a dossier: main's review left the three rows out, the signed one too: 4
# documents, 4/4, 100.0%, "ok".
mkdir -p "$tmp/slip/20 Chữ ký số"
cp -r slipyear/docs slipyear/so-di.csv "$tmp/slip/20 Chữ ký số/"
if run 0 ingest --no-validation --commune "Thủy An" --year 2021 -o "$tmp/slip.zip" "$tmp/slip" &&
	run 1 review $trust --allow-unsealed --json "$tmp/slip.zip"; then
	json "the same in a dossier under review: counted in 2021, 5/7, said (was 4/4, 100.0%, ok)" '
c = d["communes"][0]
assert (c["documents"], c["signed"], c["ok"]) == (7, 5, False), (c["documents"], c["signed"], c["ok"])
w = " | ".join(c["warnings"])
assert "row 3: 12/QĐ-UBND is dated 15/03/2020 in the register, but its document is headed 2021: counted in 2021" in w, w
'
else notok "the same in a dossier under review: counted in 2021, 5/7, said (was 4/4, 100.0%, ok)"; fi
if run 1 index $trust --json twins/copy; then
	json "one commune in two folders (\"Thủy An\" in NFD, \"UBND xã Thủy An\"), one register: counted once, said" '
cs = [c["commune"] for c in d["communes"]]
assert cs == ["UBND xã Thủy An", "Thủy Bằng"], cs
assert (d["totals"]["documents"], d["totals"]["signed"], d["communes_listed"]) == (14, 5, 2), d["totals"]
notes = " | ".join(d["notes"])
assert "name one commune and hand in the same register (the same numbers and dates): counted once, as UBND xã Thủy An" in notes, notes
'
else notok "one commune in two folders (\"Thủy An\" in NFD, \"UBND xã Thủy An\"), one register: counted once, said"; fi
if run 1 index $trust --json twins/differ; then
	json "one commune in two folders (\"xa-thuy-an\", \"Thuỷ An\"), two registers: one row, not counted, both named" '
cs = {c["commune"]: c for c in d["communes"]}
assert sorted(cs) == ["Thuỷ An", "Thủy Bằng"], sorted(cs)
why = cs["Thuỷ An"]["not_counted"]
assert "Thuỷ An/so-di.csv and twins/differ/xa-thuy-an/so-di.csv name one commune and hand in different registers" in why, why
assert (d["totals"]["documents"], d["communes_counted"], d["communes_listed"]) == (7, 1, 2), d
'
else notok "one commune in two folders (\"xa-thuy-an\", \"Thuỷ An\"), two registers: one row, not counted, both named"; fi
if run 1 index $trust --json twins/apart; then
	json "look-alike: Thủy An beside Thủy Ân, Xã Phú Đa beside Thị trấn Phú Đa: four communes, all counted" '
cs = sorted(c["commune"] for c in d["communes"] if c["counted"])
assert cs == sorted(["Thủy An", "Thủy Ân", "Xã Phú Đa", "Thị trấn Phú Đa"]), cs
assert d["totals"]["documents"] == 28 and not any("name one commune" in n for n in d["notes"]), d["notes"]
'
else notok "look-alike: Thủy An beside Thủy Ân, Xã Phú Đa beside Thị trấn Phú Đa: four communes, all counted"; fi
if run 1 index $trust --json twins/tones; then
	json "Thúy An beside Thủy An, a tone apart, and Thuỷ An (Thủy An with the old tone placement): two communes, Thủy An counted once (was one row of 7 documents, Thúy An folded into it)" '
cs = sorted(c["commune"] for c in d["communes"] if c["counted"])
assert len(cs) == 2 and "Thúy An" in cs and ("Thủy An" in cs or "Thuỷ An" in cs), cs
assert (d["totals"]["documents"], d["communes_listed"]) == (14, 2), (d["totals"], d["communes_listed"])
notes = " | ".join(d["notes"])
assert "Thủy An and Thuỷ An name one commune" in notes or "Thuỷ An and Thủy An name one commune" in notes, notes
assert not any("Thúy An" in n and "name one commune" in n for n in d["notes"]), notes
'
else notok "Thúy An beside Thủy An, a tone apart, and Thuỷ An: two communes, Thủy An counted once"; fi
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
	json "an old CSV export whose dates differ from the workbook: neither dropped, both named, not counted as two communes" '
# Before rtnum18 both were counted, as two communes "so-di" (the commune twice).
assert "communes" not in d and d["counted"] is False, d
why = d["not_counted"]
assert "so-di.csv and " in why and "so-di.xlsx name one commune and hand in different registers" in why, why
'
else notok "an old CSV export whose dates differ from the workbook: neither dropped, both named, not counted as two communes"; fi

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
# rtnum21: the date column headed as forms write a date, "Ngày, tháng, năm văn bản": main read
# it as an unknown column, no row dated, and counted 2022's three rows: 8/10 (80.0%) for 5/7.
if run 1 index $trust --json nextyear/ngay-thang-nam.csv; then
	json "\"Ngày, tháng, năm văn bản\" is the date column: 2021's 5/7, 2022's rows left out (it gave 8/10)" '
assert (d["documents"], d["signed"]) == (7, 5), d
assert not any("unknown column" in w or "no date" in w for w in d["warnings"]), d["warnings"]
'
else notok "\"Ngày, tháng, năm văn bản\" is the date column: 2021's 5/7, 2022's rows left out (it gave 8/10)"; fi
# rtnum21: dates written "11/01", their year in a column "Năm" (main: no row dated, 8/10).
for f in nam nam-full; do
	if run 1 index $trust --json nextyear/$f.csv; then
		json "a \"Năm\" column gives the year of dates written dd/mm ($f.csv): 5/7, 2022's rows left out (nam.csv gave 8/10)" '
assert (d["documents"], d["signed"]) == (7, 5), d
assert not any("cannot be read" in w or "no date" in w or "unknown column" in w for w in d["warnings"]), d["warnings"]
'
	else notok "a \"Năm\" column gives the year of dates written dd/mm ($f.csv): 5/7, 2022's rows left out (nam.csv gave 8/10)"; fi
done
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

# A district whose folders say no commune's kind (rtnum20): every agency's signature counts,
# and 02-thuy-bang's one document, signed only by UBND xã Thủy Thanh's certificate, read 100%
# with nothing said; now a warning beside its figures names that certificate's commune and what
# to do.  01-thuy-an's, signed by its own chairman and organisation, says nothing.
if run 0 index $trust --json unnamed/; then
	json "a folder naming no commune: another commune's certificate is named beside its figures" '
a, b = d["communes"]
assert (b["documents"], b["signed"]) == (1, 1), b
said = [w for w in b["warnings"] if "was signed by the certificate of UBND xã Thủy Thanh" in w]
assert len(said) == 1 and "which is not 02-thuy-bang" in said[0] and "--commune" in said[0], b["warnings"]
assert not [w for w in a["warnings"] if "signed by the certificate of" in w], a["warnings"]
assert (a["signed"], a["leader_signed"]) == (1, 1), a
'
else notok "a folder naming no commune: another commune's certificate is named beside its figures"; fi
run 0 index --lang vi $trust unnamed/
in_file "the same warning in Vietnamese" "$tmp/out" "được ký bằng chứng thư số của UBND xã Thủy Thanh"

# A register whose name says no commune, its documents signed by Thủy An's certificates and one
# by Thủy Thanh's (rtnum20: 2/2, 100%, exit 0, nothing said): the two committees are named beside
# the figures; the sample register, all Thủy An's, says nothing of the kind.
if run 0 index $trust --json borrowed/so-di.csv; then
	json "a register naming no commune, signed for two communes: both committees named" '
assert (d["documents"], d["signed"]) == (2, 2), d
said = [w for w in d["warnings"] if "certificates of 2 communes" in w]
assert len(said) == 1 and "UBND xã Thủy An" in said[0] and "UBND xã Thủy Thanh" in said[0], d["warnings"]
'
else notok "a register naming no commune, signed for two communes: both committees named"; fi
run 1 index $trust --json "$src/samples/so-van-ban-di-2021.csv"
in_file "look-alike: the sample register, one commune's certificates, says nothing of them" "$tmp/out" '"signed":5'
if grep -q "communes' committees" "$tmp/out"; then notok "look-alike: no committees warning on the sample"; else ok "look-alike: no committees warning on the sample"; fi
# rtnum21: one other commune's committee signed every document, the register's "Người ký"
# naming another (main: 1/1, 100%, exit 0, nothing said).
for f in so-di chairman; do
	if run 0 index $trust --json lent/$f.csv; then
		json "a register naming no commune, signed by Thủy Thanh's certificate, its signer Thủy Bằng's ($f.csv): said" '
assert (d["documents"], d["signed"]) == (1, 1), d
said = [w for w in d["warnings"] if "but the register names" in w]
assert len(said) == 1 and "UBND xã Thủy Thanh" in said[0] and "Thủy Bằng" in said[0] and "row 2, 40/QĐ-UBND" in said[0], d["warnings"]
'
	else notok "a register naming no commune, signed by Thủy Thanh's certificate, its signer Thủy Bằng's ($f.csv): said"; fi
done
for f in own person; do
	run 0 index $trust --json lent/$f.csv
	in_file "look-alike: lent/$f.csv (its signer Thủy Thanh's committee, or a person): 1/1" "$tmp/out" '"signed":1'
	if grep -q "but the register names" "$tmp/out"; then notok "look-alike: lent/$f.csv says nothing of its signer"; else ok "look-alike: lent/$f.csv says nothing of its signer"; fi
done

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
# rtnum22: the numbers written with Word's en dash, a no-break hyphen, a minus sign, leading zeros
# or a space before the slash: main read the dashes as letters, 12 and 30 named no file and 21 was
# not its scan's "Số:" line: 2/6 (33.3%) for 4/6.
if run 1 index $trust --json nofile/dashes.csv; then
	json "no file column, numbers written with an en dash, a no-break hyphen, a minus, leading zeros, a space: each found as written with hyphens, 4/6 (it gave 2/6)" '
found = {r["line"]: (r["found"], r["file"].rsplit("/", 1)[-1] if r["file"] else None) for r in rows}
assert found == {2: ("name", "12-QD-UBND.pdf"), 3: ("name", "03_KH-UBND.pdf"), 4: ("name", "So 15 UBND-VX.pdf"),
                 5: ("text", "scan0001.pdf"), 6: ("name", "30-QĐ-UBND-2021.pdf"), 7: (None, None)}, found
assert (d["documents"], d["signed"]) == (6, 4), d
'
else notok "no file column, numbers written with an en dash, a no-break hyphen, a minus, leading zeros, a space: each found, 4/6 (it gave 2/6)"; fi
# rtnum22: 12/BC-UBND listed for 2020 and 2021, 2021's signed report named 12-BC-UBND.pdf: main gave
# it to the 2020 row, counted in 2021 by the report's heading, and 2021's row had no file: 1/4.
if run 1 index $trust --json reuse/so-di.csv; then
	json "a number listed for 2020 and 2021, its file named without a year: the 2021 row takes it by its heading, the 2020 row left out, 1/3 (it gave 1/4, the 2021 row file missing)" '
assert (d["documents"], d["signed"]) == (3, 1), d
r12 = [r for r in rows if r["number"] == "12/BC-UBND"]
assert len(r12) == 1 and r12[0]["line"] == 3 and r12[0]["status"] == "valid", r12
assert [x["line"] for x in d["left_out"]] == [2], d["left_out"]
'
else notok "a number listed for 2020 and 2021, its file named without a year: the 2021 row takes it, 1/3 (it gave 1/4)"; fi
if run 1 index $trust --json --year 2020 reuse/so-di.csv; then
	json "the same register counted for 2020: 2021's report is not 2020's 12/BC-UBND, 0/1" '
assert (d["documents"], d["signed"]) == (1, 0), d
'
else notok "the same register counted for 2020: 2021's report is not 2020's 12/BC-UBND, 0/1"; fi
run 1 index $trust -v nofile/so-di.csv
in_file "no file column, in text: how many by name, by text, not found; each row says how" "$tmp/out" \
	"No file column: 4 documents found by their file names, 1 by the \"Số:\" line of their text, 1 not found" \
	"[found by the \"Số:\" line of its text]"
