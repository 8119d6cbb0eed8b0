# numbers/lint.sh: the report against itself and the register (`kiemchung lint`), and
# times and numbers as people read them (numbers.sh, sections 10-11).
# Sourced by tests/cli/numbers.sh (one suite, cli-numbers, one set of fixtures): uses its
# $kc, $trust, $tmp, $src, the fixtures in the current folder (make-register-fixtures.sh)
# and run, json, in_file, ok, notok, skip.  The rows run in the order numbers.sh sources them.

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
