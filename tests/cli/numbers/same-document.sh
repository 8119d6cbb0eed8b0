# numbers/same-document.sh: one signed document counted once however many rows name it,
# and a row whose file is another signed document (numbers.sh, sections 12-13).
# Sourced by tests/cli/numbers.sh (one suite, cli-numbers, one set of fixtures): uses its
# $kc, $trust, $tmp, $src, the fixtures in the current folder (make-register-fixtures.sh)
# and run, json, in_file, ok, notok, skip.  The rows run in the order numbers.sh sources them.

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
