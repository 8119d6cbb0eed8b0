#!/bin/sh
# review.sh: `kiemchung review` and `kiemchung index DOSSIER.zip` end to end (TAP).
#
# The dossiers a district receives are made by tests/fixtures/make-review-dossiers.sh
# (with ingest and seal, from the samples and the test PKI): Thủy An sealed, whose
# report claims 100% where its register gives 5/7; Thủy Thanh sealed, all signed,
# in a sub-folder; Thủy Bằng unsealed, an Excel register, signed with another
# commune's certificates; a copy of Thủy An with one byte of a document changed; a
# 2020 dossier without a register.  Each row of the JSON is compared with the
# script's expected.tsv; the CSV, the .xlsx (every part parsed by Python's zipfile
# and minidom, values read back), the page, the exit codes, index on a dossier
# agreeing with review, and nothing written to the temporary folder.
#
# Environment: KC_BUILD_ROOT, KC_SOURCE_ROOT (set by meson), PYTHON, KC_WRAPPER.
set -u

build=${KC_BUILD_ROOT:?KC_BUILD_ROOT is not set}
src=${KC_SOURCE_ROOT:?KC_SOURCE_ROOT is not set}
kc=$build/src/cli/kiemchung
py="${PYTHON:-python3} -W ignore"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/kc-review-test.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
. "$src/tests/cli/wrap.sh" # KC_WRAPPER: run the binary under valgrind (tests/meson.build)
. "$src/tests/cli/tap.sh"  # pass, fail, status, finish
. "$src/tests/fixtures/pyserve.sh" # pyq: the suite's Python one-liners, one Python answers them
pyserve_start "$tmp" "$tmp/pyserve.log"
# pycheck NAME PYTHON [ARGS...]: passes when the Python code (reading $tmp/out) succeeds.
pycheck() {
	tap_name=$1 tap_code=$2
	shift 2
	if pyq -c "$tap_code" "$tmp/out" "$@" >"$tmp/why" 2>&1; then pass "$tap_name"; : >"$tmp/why"; else fail "$tap_name"; fi
}
# kiemchung with its messages kept apart ($tmp/err): what the checks read is stdout alone.
kcq() { "$kc" --quiet "$@" 2>"$tmp/err"; }

pki="--no-default-trust --trust $src/certs/test/trust"
fx=$tmp/fx
if ! KC_BIN="$build/src/cli/kiemchung" KC_TESTSIGN="$build/tests/kc-testsign" \
	sh "$src/tests/fixtures/make-review-dossiers.sh" "$fx" >"$tmp/why" 2>&1; then
	fail "the fixtures are made"
	finish
fi
pass "the fixtures are made"
cd "$fx" || exit 1
review() { kcq review $pki "$@"; }

# --- the table, row by row against expected.tsv ------------------------------------------
status 1 "review of a district folder and two more: exit 1 (some to review)" \
	review --json district broken other/thuy-an-2020.zip
pycheck "every row as expected.tsv says" '
import json, sys
d = json.load(open(sys.argv[1]))
rows = {c["dossier"]: c for c in d["communes"]}
exp = [l.rstrip("\n").split("\t") for l in open("expected.tsv", encoding="utf-8") if not l.startswith("#")]
assert sorted(rows) == sorted(e[0] for e in exp), sorted(rows)
for path, commune, check, seal, c20, c21, c22, other, claims in exp:
    r = rows[path]
    assert r["commune"] == commune, (path, r["commune"])
    codes = {p["code"] for p in r["check"]["problems"] if p["code"] != "signature"}
    assert (check == "ok") == (not codes) and (check == "ok" or check in codes), (path, codes)
    assert r["check"]["ok"] == (check == "ok"), path
    assert r["seal"]["status"] == seal, (path, r["seal"])
    for key, want in (("20", c20), ("21", c21), ("22", c22)):
        c = r["criteria"][key]
        got = "-" if c["numerator"] is None else "%d/%d" % (c["numerator"], c["denominator"])
        assert got == want, (path, key, got, want)
    assert str(r["other_agency"] if r["other_agency"] is not None else "-") == other, (path, r["other_agency"])
    for key, want in zip(("20", "21", "22"), claims.split()):
        h = r["criteria"][key]["claim_holds"]
        assert {True: "1", False: "0", None: "-"}[h] == want, (path, key, h)
    assert r["ok"] == (path == "district/thuy-thanh/thuy-thanh.zip"), (path, r["ok"])
# Thủy An once: its broken dossier of 2021 beside its first is one commune and year (rtnum17; was 4, 20/12).
assert d["dossiers_ok"] == 1 and d["communes_counted"] == 3, d
assert d["totals"]["documents"] == 13 and d["totals"]["signed"] == 8, d["totals"]
assert d["totals"]["other_year"] == 0 and d["totals"]["year"] is None, d["totals"]
assert "not added again (broken/thuy-an-broken.zip, as district/thuy-an.zip: Thủy An, 2021)" in d["totals"]["note"], d["totals"]
'
pycheck "Thủy An: the report claims 100%, the register gives 5/7" '
import json, sys
d = json.load(open(sys.argv[1]))
r = [c for c in d["communes"] if c["dossier"] == "district/thuy-an.zip"][0]
c = r["criteria"]["20"]
assert (c["claimed"], c["claimed_percent"], c["claim_holds"], c["text"]) == ("100%", 100.0, False, "71,4%"), c
assert r["lint"]["criteria"] == 36 and len(r["lint"]["findings"]) == 3, r["lint"] # 26, left out by the catalog, is no finding
assert r["register"]["path"] == "data/so-van-ban-di-2021.csv", r["register"]
st = {x["number"]: x["status"] for x in r["rows"]}
assert st["21/BC-UBND"] == "unsigned" and st["25/TB-UBND"] == "invalid" and st["18/GM-UBND"] == "valid", st
assert [x["entry"] for x in r["rows"] if x["number"] == "12/QĐ-UBND"] == ["data/12-QD-UBND.pdf"], r["rows"]
assert r["seal"]["signer"] == "UBND xã Thủy An" and r["year"] == 2021 and r["district"] == "Phú Vang", r
assert "submission" not in r, r
'
pycheck "Thủy Bằng: signatures of another agency do not count; a row whose file is not in the dossier" '
import json, sys
d = json.load(open(sys.argv[1]))
r = [c for c in d["communes"] if c["dossier"] == "district/thuy-bang.zip"][0]
st = {x["number"]: (x["status"], x["problem"]) for x in r["rows"]}
assert st["12/QĐ-UBND"] == ("other-agency", "signed-by-another-agency"), st
assert st["17/TB-UBND"] == ("missing", "missing"), st
assert r["register"]["sheet"] == "Sổ đi 2021", r["register"]
assert any("17-TB-UBND.pdf is not in the dossier" in w for w in r["warnings"]), r["warnings"]
assert r["lint"] is None and r["criteria"]["20"]["claimed"] is None
'
pycheck "the broken dossier: the changed document is an error, the seal not valid" '
import json, sys
d = json.load(open(sys.argv[1]))
r = [c for c in d["communes"] if c["dossier"] == "broken/thuy-an-broken.zip"][0]
x = [x for x in r["rows"] if x["number"] == "30/QĐ-UBND"][0]
assert x["status"] == "error" and "corrupt" in x["problem"], x
assert r["seal"]["status"] == "invalid"
'

status 0 "an all-signed, sealed dossier: exit 0" review district/thuy-thanh/thuy-thanh.zip
pycheck "its text row says ok, 100.0%, and the claims" '
import sys
t = open(sys.argv[1], encoding="utf-8").read()
assert "Xã Thủy Thanh" in t and "100.0%" in t and "3/3" in t and "to review" not in t, t
'
status 1 "the table as text: exit 1" review district
pycheck "one line per commune, the claims not borne out marked, the details" '
import sys
t = open(sys.argv[1], encoding="utf-8").read()
for w in ("Thủy An", "Thủy Bằng", "Xã Thủy Thanh", "71.4%", "100% ✗", "Total", "not borne out",
          "25/TB-UBND", "another agency", "not sealed"):
    assert w in t, (w, t)
'
# --- one clerk's signed documents filed by two communes ------------------------------------
# Thủy An's clerk (filed under the district, OU=UBND xã Thủy An) signed both; Thủy Thanh filed
# the same PDFs. Before rtcert16 the signer was a district official counted for any commune, and
# the second dossier's rows were same-document; a district's staff now counts for none, so the
# signer is Thủy An's and Thủy Thanh's rows are another agency's: still counted once.
status 1 "two communes' dossiers holding the same two signed PDFs (Thủy An's clerk's certificate): exit 1" \
	review --json --jobs 2 shared
pycheck "they count once, for Thủy An: 2/4 for the district, Thủy Thanh's rows another agency's" '
import json, sys
d = json.load(open(sys.argv[1]))
c = {x["commune"]: x for x in d["communes"]}
assert d["totals"]["signed"] == 2 and d["totals"]["documents"] == 4, d["totals"]
assert c["Thủy An"]["signed"] == 2 and c["Thủy An"]["ok"], c["Thủy An"]
t = c["Xã Thủy Thanh"]
assert t["signed"] == 0 and not t["ok"], t
assert all(r["status"] == "other-agency" for r in t["rows"]), t["rows"]
'
status 1 "--allow-unsealed: Thủy Bằng still fails, for its documents only" \
	review --allow-unsealed --json district/thuy-bang.zip
pycheck "its check is ok without a seal" '
import json, sys
r = json.load(open(sys.argv[1]))["communes"][0]
assert r["check"]["ok"] and r["seal"]["status"] == "none" and not r["ok"], r["check"]
'
status 1 "--year 2021 flags the 2020 dossier" review --year 2021 --json other district/thuy-thanh
pycheck "the 2020 dossier says so; the 2021 one is ok" '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["year"] == 2021
r = {c["year"]: c for c in d["communes"]}
assert any("for 2020, not 2021" in w for w in r[2020]["warnings"]) and not r[2020]["ok"], r[2020]["warnings"]
assert r[2021]["ok"]
'
status 1 "--district names the authority: nothing goes to Phú Lộc" \
	review --json --district "UBND huyện Phú Lộc" district/thuy-an.zip
pycheck "criterion 22 has nothing to count" '
import json, sys
c = json.load(open(sys.argv[1]))["communes"][0]["criteria"]["22"]
assert c["denominator"] == 0 and c["percent"] is None, c
'
status 1 "--no-catalog" review --no-catalog --json district/thuy-thanh district/thuy-an.zip
pycheck "the report is linted without a catalog: fewer findings" '
import json, sys
d = json.load(open(sys.argv[1]))
assert len(d["communes"][1]["lint"]["findings"]) < 16, d["communes"][1]["lint"]
'

# --- every figure of a claim (rtnum12) ---------------------------------------------------------
# 20 says "5/7 văn bản; 7/7 văn bản đi đều ký số, đạt 100%": the table took the 5/7 and said the
# claim holds; 21 "Lãnh đạo ký số 7 văn bản đi" (a count) was no claim at all.
status 1 "a report whose 20 gives 5/7 and 7/7, 100%, whose 21 counts 7 văn bản: exit 1" \
	review --json --allow-unsealed claims/thuy-an-claims.zip
pycheck "the figure that does not hold is the claim shown, not held: 7/7, 7 văn bản" '
import json, sys
c = json.load(open(sys.argv[1]))["communes"][0]["criteria"]
assert (c["20"]["claimed"], c["20"]["claim_holds"]) == ("7/7", False), c["20"]
assert (c["21"]["claimed"], c["21"]["claim_holds"], c["21"]["claimed_percent"]) == ("7 văn bản", False, 100.0), c["21"]
assert (c["22"]["claimed"], c["22"]["claim_holds"]) == ("100%", False), c["22"]
'
status 1 "legit: the register's 5/7, 71,4% and 7 văn bản with 3 văn bản signed" \
	review --json --allow-unsealed claims/thuy-an-legit.zip
pycheck "legit: 20 and 21 hold (5/7; 3 văn bản of 7, 42,9%), 22 claims 100% and does not" '
import json, sys
c = json.load(open(sys.argv[1]))["communes"][0]["criteria"]
assert (c["20"]["claimed"], c["20"]["claim_holds"]) == ("5/7", True), c["20"]
assert c["21"]["claim_holds"] is True and c["21"]["claimed"] == "3 văn bản", c["21"]
assert round(c["21"]["claimed_percent"], 1) == 42.9, c["21"]
assert (c["22"]["claimed"], c["22"]["claim_holds"]) == ("100%", False), c["22"]
'
# 20-22 give the register's two counts, the total said signed: "5 văn bản; 7 văn bản đi đều ký
# số" of 5/7 held, the 7 being the total (rtnum13).
status 1 "a report whose 20-22 say the total is signed (5 văn bản; 7 văn bản đi đều ký số): exit 1" \
	review --json --allow-unsealed claims/thuy-an-said.zip
pycheck "a count said signed is the signed count: 7, 7 and 6 văn bản do not hold" '
import json, sys
c = json.load(open(sys.argv[1]))["communes"][0]["criteria"]
assert (c["20"]["claimed"], c["20"]["claim_holds"]) == ("7 văn bản", False), c["20"]
assert (c["21"]["claimed"], c["21"]["claim_holds"]) == ("7 văn bản", False), c["21"]
assert (c["22"]["claimed"], c["22"]["claim_holds"]) == ("6 văn bản", False), c["22"]
'
status 1 "legit: counts said total, signed, unsigned, leader's and others'" \
	review --json --allow-unsealed claims/thuy-an-legit-said.zip
pycheck "legit: 20-22 hold, each shown by its signed count (5, 3, 4 văn bản)" '
import json, sys
c = json.load(open(sys.argv[1]))["communes"][0]["criteria"]
assert (c["20"]["claimed"], c["20"]["claim_holds"]) == ("5 văn bản", True), c["20"]
assert (c["21"]["claimed"], c["21"]["claim_holds"]) == ("3 văn bản", True), c["21"]
assert (c["22"]["claimed"], c["22"]["claim_holds"]) == ("4 văn bản", True), c["22"]
'
status 1 "a report whose 20 says 5/7 … đạt \u202E%001\u202C (drawn 100%): exit 1" \
	review --json --allow-unsealed claims/thuy-an-bidi.zip
pycheck "a claim whose cell turns text around is not borne out: 20 5/7 does not hold" '
import json, sys
c = json.load(open(sys.argv[1]))["communes"][0]["criteria"]
assert (c["20"]["claimed"], c["20"]["claim_holds"]) == ("5/7", False), c["20"]
'

# --- CSV, xlsx, HTML ---------------------------------------------------------------------
status 1 "--csv --csv-sep ';' -o" review --csv --csv-sep ';' -o table.csv district
pycheck "the CSV: a BOM, ';', a heading line and one line per commune, numbers in the language" '
import csv
raw = open("table.csv", "rb").read()
assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
rows = list(csv.reader(open("table.csv", encoding="utf-8-sig", newline=""), delimiter=";"))
assert len(rows) == 4 and rows[0][0] == "Commune", rows
an = [r for r in rows if r[0] == "Thủy An"][0]
assert "71.4%" in an and "100%" in an and an[2] == "thuy-an.zip", an
'
status 1 "--lang vi --csv" review --lang vi --csv --csv-sep ';' -o table-vi.csv district
pycheck "... Vietnamese numbers: a decimal comma" '
import csv
rows = list(csv.reader(open("table-vi.csv", encoding="utf-8-sig", newline=""), delimiter=";"))
assert any("71,4%" in r for r in rows), rows
'
status 1 "--xlsx FILE" review --xlsx table.xlsx district broken
pycheck "the workbook: every part parses (zipfile, minidom); numbers, percentages, shared strings" '
import zipfile, xml.dom.minidom as m
z = zipfile.ZipFile("table.xlsx")
names = z.namelist()
for p in ("[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels",
          "xl/worksheets/sheet1.xml", "xl/styles.xml", "xl/sharedStrings.xml"):
    assert p in names, (p, names)
docs = {n: m.parseString(z.read(n)) for n in names}
sst = [si.getElementsByTagName("t")[0].firstChild.data if si.getElementsByTagName("t")[0].firstChild else ""
       for si in docs["xl/sharedStrings.xml"].getElementsByTagName("si")]
sheet = docs["xl/worksheets/sheet1.xml"]
cells = {}
for c in sheet.getElementsByTagName("c"):
    v = c.getElementsByTagName("v")
    val = v[0].firstChild.data if v else None
    if c.getAttribute("t") == "s":
        val = sst[int(val)]
    cells[c.getAttribute("r")] = (val, c.getAttribute("s"))
assert cells["A1"] == ("Commune", "1"), cells["A1"]
row = [r for r in range(2, 6) if cells.get("A%d" % r, ("",))[0] == "Thủy An" and cells["C%d" % r][0] == "thuy-an.zip"][0]
assert cells["B%d" % row] == ("2021", "3"), cells["B%d" % row]
assert cells["G%d" % row] == ("7", "3") and cells["H%d" % row] == ("0.714", "2"), (cells["G%d" % row], cells["H%d" % row])
assert cells["I%d" % row] == ("1", "2"), cells["I%d" % row]
fmt = docs["xl/styles.xml"].getElementsByTagName("numFmt")[0]
assert fmt.getAttribute("formatCode") == "0.0%", fmt.toxml()
assert sheet.getElementsByTagName("autoFilter")[0].getAttribute("ref") == "A1:Q5"
assert sheet.getElementsByTagName("pane")[0].getAttribute("state") == "frozen"
assert any(v[0] == "Total" for v in cells.values())
'
status 1 "--html FILE" review --html table.html district
pycheck "the page: every commune, the claims, no script, nothing fetched" '
t = open("table.html", encoding="utf-8").read()
assert t.startswith("<!DOCTYPE html>") and "<script" not in t and "Content-Security-Policy" in t
for w in ("Thủy An", "Thủy Bằng", "Xã Thủy Thanh", "claimed 100% ✗", "71.4%", "25/TB-UBND"):
    assert w in t, w
'
# newcomer40: the page showed "Findings 3" and "claimed 100% ✗" with no word on what they mean,
# where the text says it under the commune; the page says it too now, in the commune's list.
pycheck "the page explains a claim not borne out and the report's findings" '
import re
t = open("table.html", encoding="utf-8").read()
an = t[t.index("<h2>Thủy An</h2>"):]
an = an[:an.index("</ul>")]
assert "Criterion 20: the register gives 5/7 (71.4%); the report claims 100%: not borne out" in an, an
assert "Report: 3 findings (kiemchung lint lists them)" in an, an
th = t[t.index("<h2>Thủy Bằng</h2>"):]
assert "not borne out" not in th[:th.index("</ul>")], "Thủy Bằng claims nothing"
'
status 1 "--lang vi --html: the same words in Vietnamese" kcq --lang vi review $pki --html table-vi.html district/thuy-an.zip
pycheck "the page in Vietnamese explains them, in Vietnamese" '
t = open("table-vi.html", encoding="utf-8").read()
an = t[t.index("<h2>Thủy An</h2>"):]
an = an[:an.index("</ul>")]
for w in ("Tiêu chí 20: theo sổ đăng ký", "không khớp", "kiemchung lint liệt kê"):
    assert w in an, (w, an)
for w in ("the register", "not borne out", "findings", "Report:"):
    assert w not in an, (w, an)
'
status 1 "--html - writes only the page" review --html - district/thuy-an.zip
pycheck "on stdout" 'import sys; t = open(sys.argv[1], encoding="utf-8").read(); assert t.startswith("<!DOCTYPE html>")'
status 1 "--lang vi" kcq --lang vi review $pki district/thuy-an.zip
pycheck "the table in Vietnamese" '
import sys
t = open(sys.argv[1], encoding="utf-8").read()
assert "Thủy An" in t and "Tiêu chí 20" in t and "Commune" not in t, t
'

# --- several dossiers at a time: the same table, in the same order ----------------------
review --jobs 1 --json district broken other >"$tmp/one.json" 2>/dev/null
status 1 "--jobs 3" review --jobs 3 --json district broken other
pycheck "the same JSON as --jobs 1" '
import sys
assert open(sys.argv[1]).read() == open(sys.argv[2]).read()
' "$tmp/one.json"

# --- nothing extracted --------------------------------------------------------------------
# The documents are verified from memory (memfd): with no usable temporary folder
# at all, review still works and computes the same.
if [ -n "${KC_WRAPPER:-}" ]; then
	# valgrind itself needs a temporary folder to start
	skip "no temporary folder: review still verifies the documents" "not under KC_WRAPPER"
	skip "5/7 as before" "not under KC_WRAPPER"
else
	status 1 "no temporary folder: review still verifies the documents" env TMPDIR="$tmp/no-such-folder" \
		"$kc" --quiet review $pki --json -o notmp.json district/thuy-an.zip
	pycheck "5/7 as before" '
import json
c = json.load(open("notmp.json"))["communes"][0]["criteria"]["20"]
assert (c["numerator"], c["denominator"]) == (5, 7), c
'
fi

# --- index DOSSIER.zip: the same computation ------------------------------------------
status 1 "index DOSSIER.zip" kcq index $pki district/thuy-an.zip
pycheck "the criteria as for the register on disk: 5/7, 3/7, 4/6" '
import sys
t = open(sys.argv[1], encoding="utf-8").read()
assert "5/7 (71.4%)" in t and "3/7 (42.9%)" in t and "4/6 (66.7%)" in t and "thuy-an.zip: data/so-van-ban-di-2021.csv" in t, t
'
for d in district/thuy-an.zip district/thuy-bang.zip broken/thuy-an-broken.zip; do
	kcq index $pki --json "$d" >"$tmp/index.json" 2>/dev/null
	status 1 "review $d" review --json "$d"
	pycheck "index --json $d agrees with review" '
import json, sys
r = json.load(open(sys.argv[1]))["communes"][0]
i = json.load(open(sys.argv[2]))
for k in ("documents", "signed", "leader_signed", "to_district", "to_district_signed", "indeterminate", "other_agency"):
    assert i[k] == r[k], (k, i[k], r[k])
for k in ("20", "21", "22"):
    assert i["criteria"][k]["text"] == r["criteria"][k]["text"]
assert [x["status"] for x in i["rows"]] == [x["status"] for x in r["rows"]]
' "$tmp/index.json"
done
status 1 "index --csv and --html of a dossier" kcq index $pki --csv --html index.html district/thuy-bang.zip
pycheck "another agency in the rows and on the page" '
import sys
t = open(sys.argv[1], encoding="utf-8-sig").read()
assert "other-agency" in t, t
p = open("index.html", encoding="utf-8").read()
assert "signed by another agency (UBND xã Thủy An)" in p # whose certificate, as index says it
'
kcq index $pki --json district/thuy-bang.zip >"$tmp/index.json"
pycheck "index --json of a dossier: whose signatures count is the dossier's commune, and whose signed instead" '
import json, sys
i = json.load(open(sys.argv[2]))
assert (i["agency"], i["agency_from"], i["other_agency"]) == ("Thủy Bằng", "dossier", 2), i
assert [r["other_agency"] for r in i["rows"] if r["status"] == "other-agency"] == ["UBND xã Thủy An"] * 2, i["rows"]
' "$tmp/index.json"
status 1 "index --year 2020 of a 2021 dossier: nothing counted, exit 1" kcq index $pki --json --year 2020 district/thuy-an.zip
pycheck "its 7 rows listed as left out, the reason said" '
import json, sys
i = json.load(open(sys.argv[1]))
assert len(i["left_out"]) == 7 and not i["counted"] and "no document is dated 2020" in i["not_counted"], i
'
status 2 "index of a dossier without a register: exit 2" kcq index $pki other/thuy-an-2020.zip
status 0 "index of an all-signed dossier: exit 0" kcq index $pki district/thuy-thanh/thuy-thanh.zip

# --- two registers that list different documents ------------------------------------------
status 1 "a dossier holding so-di.xlsx (7 documents) and so-di.csv (its 5 signed ones): exit 1" \
	review --json tworeg/thuy-an-two.zip
pycheck "neither counted: criteria 20-22 not computed, the two named, never 5/5" '
import json, sys
c = json.load(open(sys.argv[1]))["communes"][0]
assert not c["ok"] and c["criteria"]["20"]["numerator"] is None, c["criteria"]
w = " | ".join(c["warnings"])
assert "data/so-di.csv and data/so-di.xlsx are two outgoing registers that list different documents (5 and 7 rows)" in w, w
'
status 2 "index of that dossier: exit 2, the two registers named" kcq index $pki tworeg/thuy-an-two.zip
if grep -qF "are two outgoing registers that list different documents" "$tmp/err"; then pass "its message names them"
else cp "$tmp/err" "$tmp/why"; fail "its message names them"; fi

# --- a commune of the same name elsewhere ------------------------------------------------
# Thủy An is also a commune of huyện Phong Điền: its organisation certificate names Thủy An,
# and its O says huyện Phong Điền.  In a dossier of Thủy An (huyện Phú Vang, Thừa Thiên Huế)
# a document it signed is another agency's; one signed by Phú Vang's own Thủy An counts, and
# so does one its chairman signed with a certificate as the VGCA makes them (OU=UBND xã Thủy
# An, O=UBND huyện Phú Vang: the commune's committee in OU, its district's in O).
if sh "$src/tests/fixtures/make-name-certs.sh" "$tmp/names" >"$tmp/why" 2>&1; then
	place=$tmp/place && mkdir -p "$place/20 Chữ ký số/di"
	for doc in "41|other-district|41/QĐ-UBND" "42|same-place|42/QĐ-UBND" "43|vgca-leader|43/QĐ-UBND"; do
		num=${doc%%|*} rest=${doc#*|}
		"$build/tests/kc-testsign" make-doc "$tmp/names/$num.pdf" --number "${rest#*|}" \
			--date "ngày 10 tháng 04 năm 2021" --recipients "UBND huyện Phú Vang;Lưu: VT" >>"$tmp/why" 2>&1
		"$build/tests/kc-testsign" sign "$tmp/names/$num.pdf" "$place/20 Chữ ký số/di/$num.pdf" \
			--cert "$tmp/names/${rest%%|*}.pem" --key "$tmp/names/names.key" --chain "$src/certs/test/ca.pem" \
			--time 2021-04-10T09:00:00Z >>"$tmp/why" 2>&1
	done
	printf 'Số, ký hiệu văn bản;Ngày tháng văn bản;Trích yếu;Người ký;Nơi nhận văn bản;Tệp\n%s\n%s\n%s\n' \
		"41/QĐ-UBND;10/04/2021;a;UBND xã Thủy An;UBND huyện Phú Vang;di/41.pdf" \
		"42/QĐ-UBND;10/04/2021;b;UBND xã Thủy An;UBND huyện Phú Vang;di/42.pdf" \
		"43/QĐ-UBND;10/04/2021;c;Nguyễn Văn An;UBND huyện Phú Vang;di/43.pdf" >"$place/20 Chữ ký số/so-di.csv"
	kcq ingest $pki --commune "Xã Thủy An" --district "UBND huyện Phú Vang" --province "Thừa Thiên Huế" \
		--year 2021 -o "$tmp/place.zip" "$place" >>"$tmp/why"
fi
status 1 "a dossier of Thủy An (Phú Vang): a document of huyện Phong Điền's Thủy An is not signed (exit 1)" \
	kcq review $pki --json --allow-unsealed "$tmp/place.zip"
pycheck "... review: 2 of 3 signed (the VGCA-shaped chairman's too), the other another agency's" '
import json, sys
r = json.load(open(sys.argv[1]))["communes"][0]
st = {d["number"]: d["status"] for d in r["rows"]}
assert st == {"41/QĐ-UBND": "other-agency", "42/QĐ-UBND": "valid", "43/QĐ-UBND": "valid"}, st
'
status 1 "... index DOSSIER.zip agrees" kcq index $pki --json "$tmp/place.zip"
pycheck "... index: other_agency 1, signed 2, by a leader 1" '
import json, sys
i = json.load(open(sys.argv[1]))
assert (i["signed"], i["other_agency"], i["leader_signed"]) == (2, 1, 1), i
assert [r["other_agency"] for r in i["rows"] if r["status"] == "other-agency"] == ["UBND huyện Phong Điền"], i["rows"]
'

# --- exit 2 -------------------------------------------------------------------------------
status 2 "a path that does not exist" review nothing.zip
status 2 "a folder without a dossier" review "$src/samples/docs"
printf 'not a zip' >notzip.zip
status 1 "a .zip that is no zip: a row that fails its check, exit 1" review --json notzip.zip
pycheck "its problem is the zip" '
import json, sys
r = json.load(open(sys.argv[1]))["communes"][0]
assert [p["code"] for p in r["check"]["problems"]][:1] == ["zip"] and not r["ok"], r["check"]
'

status 2 "--json with --csv" review --json --csv district
status 2 "an unknown option" review --bogus district
status 2 "--year that is not a year" review --year 21 district
status 2 "no argument" review
status 0 "--help" kcq review --help
# --- a dossier holding a text bomb (README "Bad input") ----------------------------------
# A valid signed PDF whose page piles 200,000 words at one spot (tests/fixtures/
# make-text-bomb.py): reading its text stops at the deadline, its row counts by its
# signature with a warning, the other row as before.  Skipped under valgrind, whose
# deadline is minutes (tests/meson.build).
bomb=$tmp/bomb && mkdir -p "$bomb/20 Chữ ký số/di"
if [ -n "${KC_WRAPPER:-}" ]; then
	skip "review of a dossier holding a text bomb" "valgrind's deadline is minutes"
elif ! { ${PYTHON:-python3} "$src/tests/fixtures/make-text-bomb.py" "$bomb/20 Chữ ký số/di/31.pdf" \
	--sign "$build/tests/kc-testsign" "$src/certs/test" &&
	cp "$src/samples/docs/12-QD-UBND.pdf" "$bomb/20 Chữ ký số/di/12.pdf" &&
	printf 'Số, ký hiệu văn bản;Ngày tháng văn bản;Trích yếu;Người ký;Nơi nhận văn bản;Tệp\n%s\n%s\n' \
		"31/QĐ-UBND;01/06/2021;a;Nguyễn Văn An;UBND huyện Phú Vang;di/31.pdf" \
		"12/QĐ-UBND;15/03/2021;b;Nguyễn Văn An;UBND huyện Phú Vang;di/12.pdf" >"$bomb/20 Chữ ký số/so-di.csv" &&
	kcq ingest $pki --commune "Xã Thủy An" --district "UBND huyện Phú Vang" --province "Thừa Thiên Huế" \
		--year 2021 -o "$tmp/bomb.zip" "$bomb"; } >"$tmp/why" 2>&1; then
	fail "a dossier holding a text bomb is made"
else
	start=$(date +%s)
	status 0 "review of a dossier holding a text bomb" kcq review $pki --json --allow-unsealed "$tmp/bomb.zip"
	took=$(($(date +%s) - start))
	pycheck "... its row counts by its signature with a warning, the other row as before" '
import json, sys
c = json.load(open(sys.argv[1]))["communes"][0]
assert [(r["number"], r["status"]) for r in c["rows"]] == [("31/QĐ-UBND", "valid"), ("12/QĐ-UBND", "valid")], c["rows"]
assert (c["criteria"]["20"]["numerator"], c["criteria"]["20"]["denominator"]) == (2, 2), c["criteria"]
w = [x for x in c["warnings"] if "not checked" in x]
assert len(w) == 1 and "31.pdf took longer than" in w[0] and "s; it is left out" in w[0], c["warnings"]
'
	if [ "$took" -le $((${KC_TEST_TEXT_SECONDS:-10} + 10)) ]; then pass "... within the deadline and a few seconds ($took s)"; else
		fail "... within the deadline and a few seconds ($took s)"; fi
fi
finish
