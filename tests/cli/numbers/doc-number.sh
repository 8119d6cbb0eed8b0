# numbers/doc-number.sh: a document's own number as headings write it (numbers.sh): yearnum/.
# Sourced by tests/cli/numbers.sh: uses its $trust, the fixtures in the current folder
# (make-register-fixtures.sh, register/doc-number.sh) and run, json, notok.

# A contract's heading "Số: 003/HĐ 2019", its place and date in the next column: a register row
# 003/HĐ looked for by its number was "file missing" (never counted), while a folder read
# numbered the same PDF 003/HĐ (lead43: failed before).
if run 0 index $trust --json yearnum/nofile/so-di.csv; then
	json "a contract headed \"Số: 003/HĐ 2019\" (a year after the number on its line), looked for by the number of row 003/HĐ: found by its text, valid, 1/1 (it was \"file missing\", 0/1)" '
assert row("003/HĐ")["found"] == "text" and row("003/HĐ")["status"] == "valid", rows
assert crit("20") == (1, 1), d["criteria"]
'
else notok "a contract headed \"Số: 003/HĐ 2019\", looked for by the number of row 003/HĐ: found by its text, valid, 1/1 (it was \"file missing\")"; fi
if run 0 index $trust --json yearnum/nofile; then
	json "the folder read of that contract (no register): numbered 003/HĐ, as before" '
assert [r["number"] for r in rows] == ["003/HĐ"], rows
'
else notok "the folder read of that contract (no register): numbered 003/HĐ, as before"; fi
# The look-alike: a body page quoting "Số: 12/BC-UBND 2021 ngày … về …" starting a line (a year,
# then the sentence carries on) in front of the heading 15/BC-UBND: still not the report's own.
if run 1 index $trust --json yearnum/quoted/named.csv; then
	json "row 12 naming a report whose first page quotes \"Số: 12/BC-UBND 2021 ngày …\" starting a line, its heading 15/BC-UBND on page 2: another document, 0/1" '
assert row("12/BC-UBND")["status"] == "other-document", rows
assert "its text is numbered 15/BC-UBND, not 12/BC-UBND" in " | ".join(d["warnings"]), d["warnings"]
'
else notok "row 12 naming a report whose first page quotes \"Số: 12/BC-UBND 2021 ngày …\": another document, 0/1"; fi
if run 1 index $trust --json yearnum/quoted/nofile/so-di.csv; then
	json "that report looked for by number: row 15 by its heading, row 12 has no file, 22 is 0/1" '
assert row("15/BC-UBND")["status"] == "valid" and row("15/BC-UBND")["found"] == "text", rows
assert not row("12/BC-UBND")["file"], rows
assert crit("22") == (0, 1), d["criteria"]
'
else notok "that report looked for by number: row 15 by its heading, row 12 has no file, 22 is 0/1"; fi
# A quote the line broke after its number ("Số: 12/BC-UBND" / "ngày 10 tháng 03 năm 2021 về …") on a
# body page in front of heading 15: taken for the heading, row 12 naming the report counted
# signed, 1/1, exit 0, nothing said (lead43: failed before).
if run 1 index $trust --json yearnum/broken/named.csv; then
	json "row 12 naming a report whose first page quotes \"Số: 12/BC-UBND\" on a line of its own, the sentence going on below with its date (ngày and figures), its heading 15/BC-UBND on page 2: another document, 0/1 (it gave 1/1, exit 0)" '
assert row("12/BC-UBND")["status"] == "other-document", rows
assert "its text is numbered 15/BC-UBND, not 12/BC-UBND" in " | ".join(d["warnings"]), d["warnings"]
'
else notok "row 12 naming a report whose first page quotes \"Số: 12/BC-UBND\" on a line of its own: another document, 0/1 (it gave 1/1, exit 0)"; fi
if run 1 index $trust --json yearnum/broken/nofile/so-di.csv; then
	json "that report looked for by number: row 15 by its heading, row 12 has no file, 22 is 0/1 (row 12 took it)" '
assert row("15/BC-UBND")["status"] == "valid" and row("15/BC-UBND")["found"] == "text", rows
assert not row("12/BC-UBND")["file"], rows
assert crit("22") == (0, 1), d["criteria"]
'
else notok "that report looked for by number: row 15 by its heading, row 12 has no file, 22 is 0/1"; fi
# A body table's cell quoting another document's number between tabs ("1 <tab> Số: 12/BC-UBND <tab>
# Báo cáo …"), on a body page in front of heading 15: taken for the heading, row 12 naming the
# report counted signed, 1/1, exit 0, and row 15 naming it "another document" (rtnum24: failed on
# main).  heading.csv (the table under the heading) stays valid.
for v in "named|\"1 <tab> Số: 12/BC-UBND <tab> Báo cáo …\"" "last|\"1 <tab> Báo cáo … <tab> Số: 12/BC-UBND\" (the cell ending the line)"; do
	k=${v%%|*} what=${v#*|}
	if run 1 index $trust --json "table/$k.csv"; then
		json "row 12 naming a report whose first page, a body page, holds a table row $what, its heading 15/BC-UBND on page 2: another document, 0/1 (it gave 1/1, exit 0)" '
assert row("12/BC-UBND")["status"] == "other-document", rows
assert "its text is numbered 15/BC-UBND, not 12/BC-UBND" in " | ".join(d["warnings"]), d["warnings"]
'
	else notok "row 12 naming a report whose first page holds a table row $what: another document, 0/1 (it gave 1/1, exit 0)"; fi
done
for k in own heading; do
	if run 0 index $trust --json "table/$k.csv"; then
		json "row 15 naming report 15/BC-UBND whose body table cites \"Số: 12/BC-UBND\" between tabs ($k.csv): valid, 1/1 (own.csv was another document, 0/1)" '
assert row("15/BC-UBND")["status"] == "valid", rows
assert crit("20") == (1, 1), d["criteria"]
'
	else notok "row 15 naming report 15/BC-UBND whose body table cites \"Số: 12/BC-UBND\" ($k.csv): valid, 1/1"; fi
done
if run 1 index $trust --json table/nofile/so-di.csv; then
	json "that report looked for by number: row 15 by its heading, row 12 has no file, 22 is 0/1 (row 12 took it)" '
assert row("15/BC-UBND")["status"] == "valid" and row("15/BC-UBND")["found"] == "text", rows
assert not row("12/BC-UBND")["file"], rows
assert crit("22") == (0, 1), d["criteria"]
'
else notok "that report looked for by number: row 15 by its heading, row 12 has no file, 22 is 0/1"; fi
# A heading run on into its date with no place, or a place in lower case, a quote under it whose
# number ends its line ("Số: 12/BC-UBND" / "về …"): the quote numbered the report, row 12 counted
# signed, 1/1, exit 0, row 15 "another document" (rtnum24: failed on main).
for v in "noplace|\"Số: 15/BC-UBND ngày 20 tháng 03 năm 2021\" (no place)" "lower|\"Số: 15/BC-UBND thủy An, ngày …\" (the place in lower case)"; do
	k=${v%%|*} what=${v#*|}
	if run 1 index $trust --json "runon/$k-12.csv"; then
		json "row 12 naming report 15 headed $what, quoting \"Số: 12/BC-UBND\" on a line of its own under it: another document, 0/1 (it gave 1/1, exit 0)" '
assert row("12/BC-UBND")["status"] == "other-document", rows
assert "its text is numbered 15/BC-UBND, not 12/BC-UBND" in " | ".join(d["warnings"]), d["warnings"]
'
	else notok "row 12 naming report 15 headed $what: another document, 0/1 (it gave 1/1, exit 0)"; fi
	if run 0 index $trust --json "runon/$k-15.csv"; then
		json "row 15 naming that report headed $what: valid, 1/1 (it was another document, 0/1)" '
assert row("15/BC-UBND")["status"] == "valid", rows
assert crit("20") == (1, 1), d["criteria"]
'
	else notok "row 15 naming that report headed $what: valid, 1/1 (it was another document, 0/1)"; fi
done
# The look-alike: a body page in front of heading 15 quoting "Số: 12/BC-UBND ngày 10 tháng 03 năm
# 2021" / "về …" (the date ends its line, the sentence goes on in lower case): still not its own.
if run 1 index $trust --json yearnum/datebroken/named.csv; then
	json "row 12 naming a report whose first page quotes \"Số: 12/BC-UBND ngày 10 tháng 03 năm 2021\" / \"về …\": another document, 0/1" '
assert row("12/BC-UBND")["status"] == "other-document", rows
'
else notok "row 12 naming a report whose first page quotes \"Số: 12/BC-UBND ngày … năm 2021\" / \"về …\": another document, 0/1"; fi
if run 1 index $trust --json yearnum/datebroken/nofile/so-di.csv; then
	json "that report looked for by number: row 15 by its heading, row 12 has no file" '
assert row("15/BC-UBND")["status"] == "valid" and not row("12/BC-UBND")["file"], rows
'
else notok "that report looked for by number: row 15 by its heading, row 12 has no file"; fi
# A register row written "003/HĐ 2019" (its year after its number, as the contract's heading writes
# it) naming the contract, headed "Số: 003/HĐ 2019" or "Số: 003/HĐ": "another document (its text is
# numbered 003/HĐ, not 003/HĐ 2019)", 0/1, and looked for by its number "file missing" (rtnum24:
# failed on main).  "003/HĐ 2018" dated 2019 stays another document.
for k in named plain; do
	if run 0 index $trust --json "yearnum/rowyear/$k.csv"; then
		json "row \"003/HĐ 2019\" dated 14/05/2019 naming the contract ($k.csv): valid, 1/1 (it was another document, 0/1)" '
assert row("003/HĐ 2019")["status"] == "valid", rows
assert crit("20") == (1, 1), d["criteria"]
'
	else notok "row \"003/HĐ 2019\" naming the contract ($k.csv): valid, 1/1 (it was another document, 0/1)"; fi
done
if run 0 index $trust --json yearnum/rowyear/nofile/so-di.csv; then
	json "row \"003/HĐ 2019\" with no file column, the contract beside it: found by its text, valid, 1/1 (it was file missing)" '
assert row("003/HĐ 2019")["found"] == "text" and row("003/HĐ 2019")["status"] == "valid", rows
'
else notok "row \"003/HĐ 2019\" with no file column, the contract beside it: found by its text, valid (it was file missing)"; fi
if run 1 index $trust --json yearnum/rowyear/other.csv; then
	json "row \"003/HĐ 2018\" dated 14/05/2019 naming the contract 003/HĐ: still another document, 0/1" '
assert row("003/HĐ 2018")["status"] == "other-document", rows
'
else notok "row \"003/HĐ 2018\" dated 14/05/2019 naming the contract 003/HĐ: still another document, 0/1"; fi
