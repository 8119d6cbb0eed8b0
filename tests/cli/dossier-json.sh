# dossier-json.sh: part of tests/cli/dossier-attack.sh (sourced, not a suite of its own):
# dossier.json read otherwise by JSON readers than by kiemchung, section 11 of the
# suite, split off to keep the file under 600 lines (rtzip11).  It uses the suite's
# $kc, $trust, $fx, $tmp, $py, has and refused.

# --- 11. dossier.json that JSON readers read differently, sealed by the commune (rtzip3) ----
# Each passed check --require-seal: json-glib read what kiemchung wrote, other readers not.
jpy() { unzip -p "$fx/$1" dossier.json | $py -c "$2" >"$tmp/out" 2>&1; }
jpy json-bom.zip 'import json, sys; json.loads(sys.stdin.buffer.read().decode("utf-8"))'
has "byte order mark: the attack is real: Python's json refuses dossier.json" 'Unexpected UTF-8 BOM'
jpy json-dup.zip 'import json, sys; print(json.loads(sys.stdin.read(), object_pairs_hook=lambda p: [k + "=" + str(v) for k, v in p if k == "year"] or 0))'
has "\"year\" twice: the attack is real: dossier.json holds 2022 and 2021 (a reader keeping the first, as cJSON or RapidJSON, reads 2022)" "year=2022', 'year=2021"
jpy json-nul.zip 'import json, sys; print(repr(json.loads(sys.stdin.read())["commune"]))'
has "NUL in the commune: the attack is real: Python reads a commune of Phong Điền" "Thủy An.x00, huyện Phong Điền"
refused "byte order mark" json-bom.zip 'dossier.json: .*byte order mark.*\[dossier-json\]'
refused "\"year\" twice" json-dup.zip 'dossier.json: .*"year" twice.*\[dossier-json\]'
refused "NUL in the commune" json-nul.zip 'dossier.json: .*NUL.*\[dossier-json\]'
# rtzip6: json-glib (GLib's scanner) also takes a comment, a member named in single quotes
# and a hexadecimal number, which Python's json, jq and a browser's JSON.parse refuse.
for j in comment squote hex; do
	jpy json-$j.zip 'import json, sys; json.loads(sys.stdin.read())'
	has "json-$j: the attack is real: Python's json refuses dossier.json" 'JSONDecodeError'
done
refused "a comment in dossier.json" json-comment.zip 'dossier.json: byte [0-9]+ \(line 8\): not JSON as RFC 8259 writes it.*\[dossier-json\]'
refused "a member named in single quotes" json-squote.zip 'dossier.json: byte [0-9]+ \(line 5\): not JSON.*\[dossier-json\]'
refused "a hexadecimal year" json-hex.zip 'dossier.json: byte [0-9]+ \(line 8\): not JSON.*\[dossier-json\]'
# rtzip7: kiemchung kept the low 32 bits of the year (json-glib reads 64), and wrote its
# index.html, its list and the desk's filing so: 2021 for kiemchung, 4294969317 for others.
jpy json-year32.zip 'import json, sys; print(json.loads(sys.stdin.read())["year"])'
has "a year of 2^32 + 2021: the attack is real: Python reads 4294969317" '^4294969317$'
refused "a year of 2^32 + 2021" json-year32.zip 'dossier.json: the year 4294969317 is not a year.*\[dossier-json\]'
# rtzip8: a lone UTF-16 surrogate escape ("003\udc009/HĐ") is no Unicode character: Python's
# json keeps it and the 9 after it, json-glib dropped the 9 (and wrote bytes that are not
# UTF-8): the claim read two ways, index.html made from kiemchung's reading.
jpy json-surrogate.zip 'import json, sys; print(ascii(json.loads(sys.stdin.read())["criteria"][0]["claimed"]))'
has "a lone surrogate in a claim: the attack is real: Python reads 003, the surrogate and 9" '003\\udc009/H'
unzip -p "$fx/json-surrogate.zip" index.html >"$tmp/out" 2>&1
t "... while the page kiemchung writes from it shows no 9" sh -c "grep -q 'HĐ số: 003' '$tmp/out' && ! grep -q 'HĐ số: 0039' '$tmp/out'"
refused "a lone surrogate in a claim" json-surrogate.zip 'dossier.json: byte [0-9]+ \(line [0-9]+\): a lone UTF-16 surrogate escape.*\[dossier-json\]'
# rtzip9: numbers readers read as other numbers.  json-glib reads a whole number's digits as
# an unsigned 64-bit one taken for a signed one: "year" : -18446744073709549595, -(2^64 -
# 2021), was 2021 to kiemchung (its check, list and index.html) and -18446744073709549595 to
# Python; the September invoice's size so written matched its entry.  Sealed by the commune,
# both checked ok.  A browser's JSON.parse rounds a whole number past 2^53 - 1 and keeps -0.
jpy json-yearneg.zip 'import json, sys; print(json.loads(sys.stdin.read())["year"])'
has "a year of -(2^64 - 2021): the attack is real: Python reads -18446744073709549595" '^-18446744073709549595$'
unzip -p "$fx/json-yearneg.zip" index.html >"$tmp/out" 2>&1
has "... while the page kiemchung wrote from its reading, which check compared with it, says 2021" '<title>.* năm 2021</title>'
jpy json-sizeneg.zip 'import json, sys; print([f["size"] for f in json.loads(sys.stdin.read())["files"] if "09-2021" in f["path"]])'
has "the invoice's size as -(2^64 - size): the attack is real: Python reads a negative size" '^\[-18446744073709[0-9]*\]$'
if command -v node >/dev/null 2>&1; then
	unzip -p "$fx/json-big.zip" dossier.json | node -e 'let s = ""; process.stdin.on("data", d => s += d).on("end", () => console.log(String(JSON.parse(s).criteria[4].references[0].value)))' >"$tmp/out" 2>&1
	has "a count of 2^53 + 1: the attack is real: a browser's JSON.parse (node's V8) reads 2^53" '^9007199254740992$'
	unzip -p "$fx/json-minus0.zip" dossier.json | node -e 'let s = ""; process.stdin.on("data", d => s += d).on("end", () => console.log(Object.is(JSON.parse(s).criteria[4].references[0].value, -0)))' >"$tmp/out" 2>&1
	has "a count of -0: the attack is real: JSON.parse keeps the negative zero" '^true$'
else
	skip "node is not installed (Debian: nodejs): JSON.parse not shown"
	skip "node is not installed (Debian: nodejs): JSON.parse not shown"
fi
jpy json-big.zip 'import json, sys; print(json.loads(sys.stdin.read())["criteria"][4]["references"][0]["value"])'
has "... while Python reads 2^53 + 1" '^9007199254740993$'
refused "a year of -(2^64 - 2021)" json-yearneg.zip \
	'dossier.json: byte [0-9]+ \(line 8\): "year" is -18446744073709549595, a whole number past 2\^53 - 1.*\[dossier-json\]'
refused "the invoice's size as -(2^64 - size)" json-sizeneg.zip \
	'dossier.json: byte [0-9]+ \(line [0-9]+\): "size" is -18446744073709[0-9]*, a whole number past 2\^53 - 1.*\[dossier-json\]'
refused "a count of 2^53 + 1" json-big.zip 'dossier.json: byte [0-9]+ \(line [0-9]+\): "value" is 9007199254740993, a whole number past.*\[dossier-json\]'
refused "a count of -0" json-minus0.zip 'dossier.json: byte [0-9]+ \(line [0-9]+\): "value" is -0, a negative zero.*\[dossier-json\]'
refused "a year of 2.021e3" json-yearfrac.zip 'dossier.json: byte [0-9]+ \(line 8\): "year" is 2.021e3, a fraction or an exponent where kiemchung writes a whole number.*\[dossier-json\]'
status 1 "list: a year of -(2^64 - 2021): refused, no year 2021 shown" $kc list $trust "$fx/json-yearneg.zip"
has "... naming the year" '"year" is -18446744073709549595'
status 0 "dossier.json whose figures are written 3.6e1 and 9E+1 (real numbers where real numbers are meant), sealed by the commune: valid (the honest look-alike)" \
	$kc check --require-seal $trust "$fx/json-exponent.zip"
has "... sealed by the commune, valid" 'sealed by UBND xã Thủy An .*: valid$'
status 0 "dossier.json with a character past U+FFFF escaped as its UTF-16 pair, sealed by the commune: valid (the honest look-alike)" \
	$kc check --require-seal $trust "$fx/json-pair.zip"
has "... sealed by the commune, valid" 'sealed by UBND xã Thủy An .*: valid$'
status 0 "dossier.json with every character past ASCII escaped (Python's json.dumps), sealed by the commune: valid (the honest look-alike)" \
	$kc check --require-seal $trust "$fx/json-escaped.zip"
has "... sealed by the commune, valid" 'sealed by UBND xã Thủy An .*: valid$'
status 0 "dossier.json with tabs and CR LF, sealed by the commune: valid (the honest look-alike)" \
	$kc check --require-seal $trust "$fx/json-ws.zip"
has "... sealed by the commune, valid" 'sealed by UBND xã Thủy An .*: valid$'

# rtzip11: what kiemchung writes into dossier.json and reads no further.  list --json
# writes dossier.json's members after its check, as "checked", and json-glib's builder
# kept the dossier's own: the September invoice replaced after sealing and dossier.json
# given a first member "checked" saying ok came out of list --json ok, the seal valid.
status 1 "dossier.json with its own \"checked\", the invoice replaced after sealing: list --json fails" \
	$kc list --json $trust "$fx/json-checked.zip"
$kc list --json $trust "$fx/json-checked.zip" 2>/dev/null |
	$py -c 'import json, sys; d = json.load(sys.stdin); print("ok" if d["checked"]["ok"] else "failed")' >"$tmp/out" 2>&1
t "... and a JSON reader of list --json (Python) finds no check saying ok" sh -c "! grep -qx ok '$tmp/out'"
refused "dossier.json with its own \"checked\"" json-checked.zip \
	'dossier.json: a member "checked" that kiemchung never writes.*\[dossier-json\]'
# "without_evidence", "unfiled" and each file's "criteria" are written from the criteria and
# never read back: sealed by the commune with them emptied, a JSON reader found every
# criterion with evidence and the unfiled October invoice filed under 20 and 21, while the
# page lists 21 criteria without; check said ok.
jpy json-derived.zip 'import json, sys; d = json.loads(sys.stdin.read()); print(len(d["without_evidence"]), len(d["unfiled"]))'
has "derived members emptied: the attack is real: Python finds no criterion without evidence and no unfiled file" '^0 0$'
unzip -p "$fx/json-derived.zip" index.html >"$tmp/out" 2>&1
has "... while the page lists criteria without evidence" 'Tiêu chí chưa có tài liệu kiểm chứng'
refused "derived members emptied" json-derived.zip \
	'dossier.json: "without_evidence" is not what kiemchung writes from the criteria and files.*\[dossier-json\]'
# The figures ingest parsed from each claim ("references": criterion 34's ratio as numerator
# and denominator) were never read back: sealed by the commune saying 652/652 and 100 per
# cent there, 650/652 and 99,7% in the claim, report.txt and the page, the dossier checked ok.
jpy json-figures.zip 'import json, sys; r = [c for c in json.loads(sys.stdin.read())["criteria"] if c["key"] == "34"][0]["references"]; print(r[0]["numerator"], r[0]["denominator"], r[1]["value"])'
has "criterion 34's figures: the attack is real: Python reads 652/652 and 100 per cent" '^652.0 652.0 100.0$'
unzip -p "$fx/json-figures.zip" index.html >"$tmp/out" 2>&1
has "... while the page shows 650/652 and 99,7%" '650/652 hồ sơ TTHC.*99,7%'
refused "criterion 34's figures" json-figures.zip \
	'dossier.json: criterion 34: its "references" .* are not what its claim "650/652 .*99,7%" reads as.*\[report\]'
# review32: the same figures in a second row of criterion 34 that report.txt does not have (no
# claim): it was paired with no row of the report, so never compared, and a reader keying the
# criteria by "key" (the last row wins) read 652/652 and 100 per cent; check said ok.
jpy json-figures-row.zip 'import json, sys; r = {c["key"]: c for c in json.loads(sys.stdin.read())["criteria"]}["34"]["references"]; print(r[0]["numerator"], r[0]["denominator"], r[1]["value"])'
has "criterion 34 again without a claim: the attack is real: Python keying the criteria reads 652/652 and 100 per cent" '^652.0 652.0 100.0$'
refused "criterion 34 again without a claim" json-figures-row.zip \
	'dossier.json: criterion 34: a row report.txt does not have carries "references" .*\[report\]'
# review32: the same figures with report.txt taken out of the dossier (and dossier.json's
# "report" emptied, the page made again from it): the claims and their figures were compared
# with nothing, so check said ok while the page showed 650/652 and Python read 100 per cent.
for j in alone unnamed; do
	jpy json-figures-$j.zip 'import json, sys; r = [c for c in json.loads(sys.stdin.read())["criteria"] if c["key"] == "34"][0]["references"]; print(r[0]["numerator"], r[0]["denominator"], r[1]["value"])'
	has "criterion 34's figures, report.txt taken out ($j): the attack is real: Python reads 652/652 and 100 per cent" '^652.0 652.0 100.0$'
	unzip -p "$fx/json-figures-$j.zip" index.html >"$tmp/out" 2>&1
	has "... while the page shows 650/652 and 99,7%" '650/652 hồ sơ TTHC.*99,7%'
done
refused "criterion 34's figures, report.txt taken out" json-figures-alone.zip \
	'dossier.json: names the report report-2021.txt, which the dossier does not hold \(report.txt\).*\[report\]'
refused "criterion 34's figures, report.txt taken out and unnamed" json-figures-unnamed.zip \
	'dossier.json: criterion 1: a claim or "references" without report.txt.*\[report\]'
status 0 "the honest look-alike: the dossier updated with nothing new (ingest --update), sealed by the commune: valid" \
	$kc check --require-seal $trust "$fx/json-update.zip"
has "... sealed by the commune, valid" 'sealed by UBND xã Thủy An .*: valid$'
status 0 "dossier.json with every object's members sorted (jq -S), sealed by the commune: valid (the honest look-alike)" \
	$kc check --require-seal $trust "$fx/json-sorted.zip"
has "... sealed by the commune, valid" 'sealed by UBND xã Thủy An .*: valid$'
status 0 "... and list --json of it says its check is ok" $kc list --json $trust "$fx/json-sorted.zip"

# rtzip12: "heading" (a row that needs no evidence) was never compared with report.txt: the 21
# criteria without evidence, rows report.txt reads as criteria with a claim, marked headings,
# the page made again by an update keeping the rows (--no-catalog), sealed by the commune:
# check said ok while index.html, list and the desk named no criterion without evidence.
unzip -p "$fx/json-headings.zip" index.html >"$tmp/out" 2>&1
t "criteria without evidence marked headings: the attack is real: the page shows no criterion without evidence" \
	sh -c "! grep -q 'Chưa có tài liệu' '$tmp/out' && grep -q '100% văn bản đi đều ký số' '$tmp/out'"
unzip -p "$fx/json-rows.zip" index.html >"$tmp/out" 2>&1
t "... where the same dossier updated and sealed honestly shows criterion 20 without" \
	sh -c "grep -q 'tc-20.*Chưa có tài liệu' '$tmp/out'"
$kc list $trust "$fx/json-headings.zip" >"$tmp/out" 2>&1
t "... and list of it names none without evidence" sh -c "! grep -q 'Criteria without evidence' '$tmp/out'"
refused "criteria without evidence marked headings" json-headings.zip \
	'dossier.json: criterion 5 is marked a heading, a row that needs no evidence, where report.txt reads it as a criterion \("36 Máy"\).*\[report\]'
status 0 "the honest look-alike: the dossier updated keeping its rows (ingest --update --no-catalog), sealed by the commune: valid" \
	$kc check --require-seal $trust "$fx/json-rows.zip"
has "... sealed by the commune, valid" 'sealed by UBND xã Thủy An .*: valid$'
$kc list $trust "$fx/json-rows.zip" >"$tmp/out" 2>&1
has "... and list of it names the criteria without evidence, criterion 19 (a heading of report.txt) not among them" \
	'^Criteria without evidence: 5, 13, 15, 17, 18, 20, 21'
# rtzip12: a row of report.txt without a claim was compared with nothing: criterion 36 given
# no claim by the report, its row left out of dossier.json (and "without_evidence"), the
# page made again, sealed by the commune: check said ok while the page showed no criterion 36.
unzip -p "$fx/json-drop-row.zip" report.txt >"$tmp/out" 2>&1
has "criterion 36 left out of dossier.json: the report inside has it" '^36	Tỷ lệ máy tính có cài đặt phần mềm diệt virus'
unzip -p "$fx/json-drop-row.zip" index.html >"$tmp/out" 2>&1
t "... the attack is real: the page shows no criterion 36, where the honest dossier shows it without evidence" \
	sh -c "! grep -q 'tc-36' '$tmp/out' && unzip -p '$fx/json-claimless.zip' index.html | grep -q 'tc-36.*Chưa có tài liệu'"
refused "criterion 36 left out of dossier.json" json-drop-row.zip \
	'dossier.json: has no row for criterion 36 of report.txt \("Tỷ lệ máy tính có cài đặt phần mềm diệt virus.*\[report\]'
status 0 "the honest look-alike: criterion 36 without a claim, updated and sealed by the commune: valid" \
	$kc check --require-seal $trust "$fx/json-claimless.zip"
has "... sealed by the commune, valid" 'sealed by UBND xã Thủy An .*: valid$'
# rtzip13: the rest of a row's description (its name, unit, part, line), which ingest copies
# from report.txt, was never compared with it: criterion 36 (antivirus software; its claim
# "Đã đăng ký nhưng bộ phận cung cấp dịch vụ chưa lắp đặt") named "Đăng ký sử dụng phần mềm
# diệt virus có bản quyền …", the page made again, sealed by the commune: check said ok while
# the page and list read the claim as the criterion met.
unzip -p "$fx/json-describe-name.zip" index.html >"$tmp/out" 2>&1
has "criterion 36 renamed: the attack is real: the page shows the new name beside the claim" \
	'Đăng ký sử dụng phần mềm diệt virus có bản quyền cho máy tính tại UBND xã'
$kc list $trust "$fx/json-describe-name.zip" >"$tmp/out" 2>&1
has "... and list shows it" '^36 +Đăng ký sử dụng phần mềm diệt virus'
unzip -p "$fx/json-describe-name.zip" report.txt >"$tmp/out" 2>&1
has "... where the report inside names criterion 36 otherwise" '^36	Tỷ lệ máy tính có cài đặt phần mềm diệt virus'
refused "criterion 36 named otherwise than report.txt" json-describe-name.zip \
	'dossier.json: criterion 36 is named "Đăng ký sử dụng phần mềm diệt virus có bản quyền cho máy tính tại UBND xã" where report.txt \(line 77\) names it "Tỷ lệ máy tính có cài đặt.*\[report\]'
refused "criterion 36's unit the provider's" json-describe-unit.zip \
	'dossier.json: criterion 36: its "unit" is "Viettel Thừa Thiên Huế \(đơn vị cung cấp dịch vụ\)" where report.txt \(line 77\) says "UBND các xã, thị trấn".*\[report\]'
refused "criterion 36 in another part" json-describe-group.zip \
	'dossier.json: criterion 36: its "part" is "1\. Nhóm tiêu chí đánh giá Điều kiện sẵn sàng.*where report.txt \(line 77\) says "Nhóm các tiêu chí đánh giá có tính đặc thù".*\[report\]'
refused "criterion 36 at another line" json-describe-line.zip \
	'dossier.json: criterion 36: its "line" is 78 where report.txt \(line 77\) says 77.*\[report\]'
# The honest look-alike: a report naming criterion 36 in the clerk's own words; `ingest
# --update` (which loads the catalog) described the rows by the catalog's names and groups
# (and dropped every figure): now by report.txt again, as when the dossier was made.
status 0 "the honest look-alike: criterion 36 named in the report's own words, updated (ingest --update), sealed by the commune: valid" \
	$kc check --require-seal $trust "$fx/json-own-names.zip"
has "... sealed by the commune, valid" 'sealed by UBND xã Thủy An .*: valid$'
jpy json-own-names.zip 'import json, sys; r = [c for c in json.loads(sys.stdin.read())["criteria"] if c["key"] in ("34", "36")]; print(r[1]["name"], "|", r[1]["unit"], "|", r[0]["references"][0]["text"])'
has "... its dossier.json names criterion 36 as its report does, and keeps criterion 34's figures" \
	'^Máy tính cài phần mềm diệt virus có bản quyền \| UBND các xã, thị trấn \| 650/652$'
# Dossiers an older kiemchung updated without --report (their rows described by the catalog,
# made here from the catalog itself as that update wrote them) keep checking.  rtzip14: one
# whose report names a row otherwise than the catalog failed (rtzip13) although nothing was
# tampered with: the catalog's own name for the same number, on a row bearing its expects, is
# taken too; `ingest --update` mends it still.
status 0 "an older dossier whose rows an update described by the catalog, sealed by the commune: valid" \
	$kc check --require-seal $trust "$fx/json-catalog.zip"
unzip -p "$fx/json-catalog-named.zip" dossier.json >"$tmp/out"
has "... one whose report names criterion 36 in its own words: that update gave it the catalog's name" \
	'"name" ?: "Tỷ lệ máy tính có cài đặt phần mềm diệt virus máy tính có bản quyền tại UBND các xã'
status 0 "... that one, sealed by the commune, is valid (rtzip13: FAILED, criterion 36 is named … by the criteria catalog)" \
	$kc check --require-seal $trust "$fx/json-catalog-named.zip"
has "... sealed by the commune, valid" 'sealed by UBND xã Thủy An .*: valid$'
status 0 "... list takes it too" $kc list $trust "$fx/json-catalog-named.zip"
status 0 "... and once updated now (ingest --update), it checks (unsealed)" $kc check $trust "$fx/json-catalog-mended.zip"
# The catalog's mark gives no other words: criterion 36 bearing it, named by neither the report
# nor the catalog, or by criterion 35's row of the catalog (its expects too), or scored in
# another part (a part, group or group title the mark kept whatever it said: rtzip13 ok).
refused "criterion 36 bearing the catalog's mark, named by neither" json-catalog-rename.zip \
	'dossier.json: criterion 36 is named "Đăng ký sử dụng phần mềm diệt virus có bản quyền cho máy tính tại UBND xã" where report.txt \(line 77\) names it "Máy tính cài phần mềm diệt virus có bản quyền".*\[report\]'
refused "criterion 36 named by criterion 35's row of the catalog" json-catalog-other.zip \
	'dossier.json: criterion 36 is named "Tỷ lệ hồ sơ TTHC qua DVC TT mức độ 3 và 4 .*" where report.txt \(line 77\) names it.*\[report\]'
refused "criterion 36 bearing the catalog's mark, in another part" json-catalog-part.zip \
	'dossier.json: criterion 36: its "part" is "1\. Nhóm tiêu chí đánh giá Điều kiện sẵn sàng.*where report.txt \(line 77\) says "Nhóm các tiêu chí đánh giá có tính đặc thù".*\[report\]'
refused "criterion 36's unit left out behind a mark that is not the catalog's" json-catalog-mark.zip \
	'dossier.json: criterion 36: its "unit" is null where report.txt \(line 77\) says "UBND các xã, thị trấn".*\[report\]'
status 0 "... without the catalog (KIEMCHUNG_CRITERIA naming none), a dossier whose catalog names are the report's still checks" \
	env KIEMCHUNG_CRITERIA=/nonexistent $kc check --require-seal $trust "$fx/json-catalog.zip"
status 1 "... without it, the one renamed by the catalog fails, saying what mends it" \
	env KIEMCHUNG_CRITERIA=/nonexistent $kc check --require-seal $trust "$fx/json-catalog-named.zip"
has "... saying so" 'criterion 36 is named "Tỷ lệ máy tính có cài đặt .*" by the criteria catalog where report.txt \(line 77\) names it "Máy tính cài phần mềm diệt virus có bản quyền".*ingest --update describes it by its report again.*\[report\]'
# rtzip15: index DOSSIER.zip checked the dossier without the catalog, so criterion 36 moved
# to another part behind the catalog's mark was read as sound there: no word of it.
$kc index $trust "$fx/json-catalog-part-register.zip" >"$tmp/out" 2>&1
has "index DOSSIER.zip reads the catalog as check does: criterion 36 in another part is said" \
	'! dossier.json: criterion 36: its "part" is "1\. Nhóm tiêu chí đánh giá Điều kiện sẵn sàng.*where report.txt \(line 77\) says'
$kc index $trust "$fx/json-catalog-register.zip" >"$tmp/out" 2>&1
t "... the older honest one: its figures, no word of its rows" sh -c "grep -q 'Criterion 20' '$tmp/out' && ! grep -q 'dossier.json' '$tmp/out'"

# rtzip12: members kiemchung never writes inside dossier.json's objects (rtzip11 held its top
# to them): criterion 21's row saying "result": "Đạt: 100% …", a citation "verified_by", the
# unsigned September invoice's entry "signature": {"status": "valid", "role": "leader"}, the
# report "approved".  Sealed by the commune, each checked ok and list --json wrote the row's.
jpy json-member-file.zip 'import json, sys; print([f["signature"]["status"] for f in json.loads(sys.stdin.read())["files"] if "signature" in f])'
has "the unsigned invoice given a valid leader's signature in files: the attack is real: Python reads it" "^\['valid'\]$"
$kc list --json $trust "$fx/json-member-row.zip" 2>/dev/null |
	$py -c 'import json, sys; d = json.load(sys.stdin); print(d["checked"]["ok"], [c.get("result") for c in d["criteria"] if c["key"] == "21"])' >"$tmp/out" 2>&1
t "a result in criterion 21's row: list --json says nothing ok beside it" sh -c "! grep -q '^True' '$tmp/out'"
refused "a member kiemchung never writes in criterion 21's row" json-member-row.zip \
	'dossier.json: criterion 21 has a member "result" that kiemchung never writes.*\[dossier-json\]'
refused "a member kiemchung never writes in a citation" json-member-cite.zip \
	'dossier.json: the evidence data/Hoá đơn Internet tháng 01-2021.pdf of criterion 7 has a member "verified_by".*\[dossier-json\]'
refused "a member kiemchung never writes in a file's entry" json-member-file.zip \
	'dossier.json: the file data/Hoá đơn Internet tháng 09-2021.pdf has a member "signature" that kiemchung never writes.*\[dossier-json\]'
refused "a member kiemchung never writes in the report" json-member-report.zip \
	'dossier.json: "report" has a member "approved" that kiemchung never writes.*\[dossier-json\]'
