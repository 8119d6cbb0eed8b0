# numbers/authority.sh: criterion 22's reviewing authority abbreviated, or a
# district-level city (numbers.sh, sections 14-15).
# Sourced by tests/cli/numbers.sh (one suite, cli-numbers, one set of fixtures): uses its
# $kc, $trust, $tmp, $src, the fixtures in the current folder (make-register-fixtures.sh)
# and run, json, in_file, ok, notok, skip.  The rows run in the order numbers.sh sources them.

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
if run 1 index $trust --json foreign-flat; then
	json "a district of files, one commune register handed in as a .xls alone: its row, not counted, what to do said (no row before: 2 of 2 counted); a .xls beside the CSV of its name is that commune, counted once" '
cs = {}
for c in d["communes"]:
    assert c["commune"] not in cs, ("twice", c["commune"])
    cs[c["commune"]] = c
assert (d["communes_counted"], d["communes_listed"]) == (2, 3), (d["communes_counted"], d["communes_listed"])
assert cs["01-thuy-an"]["counted"] and cs["03-thuy-thanh"]["counted"], cs
c = cs["02-thuy-bang"]
assert not c["counted"] and "02-thuy-bang.xls is a workbook kiemchung cannot read" in c["not_counted"] and ".xlsx" in c["not_counted"], c
assert not any("02-thuy-bang" in n for n in d["notes"]), d["notes"]
'
else notok "a district of files, one commune register handed in as a .xls alone: its row, not counted, what to do said (no row before: 2 of 2 counted); a .xls beside the CSV of its name is that commune, counted once"; fi
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
