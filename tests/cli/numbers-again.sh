#!/bin/sh
# numbers-again.sh: one outgoing document filed twice under two spellings of
# its number counts once (rtnum16), end to end (TAP).  A number names one
# document of a year; a commune that saves its signed decision to PDF again
# (other bytes, the same page), signs it again and files it for a row numbered
# "015 /QĐ-UBND.", or files its Word file signed apart for "Số 15/QĐ-UBND",
# raised criteria 20-22 with nothing said (tests/fixtures/make-number-fixtures.sh).
# The same serial of another type (15/TB-UBND) and 150/QĐ-UBND stay signed.  And a register of 2021 padded with signed documents of 2022,
# read without --year, raised its figures with nothing said: it is counted for
# the year most of its rows are dated, the others listed (years/).  A district
# whose communes each hand in one year's register, 2020's beside 2021's, added
# them up as one year's with nothing said: its figures are for the year of most
# communes, the others not counted and said (district-years/, rtnum17).
set -u

build=${KC_BUILD_ROOT:?KC_BUILD_ROOT is not set}
src=${KC_SOURCE_ROOT:?KC_SOURCE_ROOT is not set}
kc=$build/src/cli/kiemchung
py=${PYTHON:-python3}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/kc-numbers-again-test.XXXXXX")
tsa_pid=
trap '[ -n "$tsa_pid" ] && kill "$tsa_pid" 2>/dev/null; rm -rf "$tmp"' EXIT INT TERM
. "$src/tests/cli/wrap.sh" # KC_WRAPPER: run the binary under valgrind (tests/meson.build)
. "$src/tests/cli/tap.sh"  # ok, notok, skip, finish
trust="--no-default-trust --trust $src/certs/test/trust"
fx=$tmp/fx
if ! command -v mutool >/dev/null 2>&1; then
	skip "one document under two spellings of its number" "mutool (MuPDF) makes the re-saved PDF"
	finish
fi
KC_TESTSIGN=$build/tests/kc-testsign sh "$src/tests/fixtures/make-number-fixtures.sh" "$fx" >"$tmp/why" 2>&1 ||
	{ notok "the fixtures are made"; finish; }
cd "$fx" || exit 1

# run WANT_RC CMD...: kiemchung with stdout in $tmp/out; false (and why) when the exit status differs.
run() {
	want=$1
	shift
	"$kc" "$@" >"$tmp/out" 2>"$tmp/err" </dev/null
	rc=$?
	[ "$rc" = "$want" ] && return 0
	{ echo "exit $rc, want $want: $*"; cat "$tmp/out" "$tmp/err"; } >"$tmp/why"
	return 1
}

# json NAME PYTHON: assertions over $tmp/out, parsed, bound to d (rows, row(line), w: the warnings).
json() {
	if "$py" - "$tmp/out" "$2" >"$tmp/why" 2>&1 <<'PY'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
if "communes" in d:
    d = d["communes"][0]
rows = d.get("rows", [])
def row(line):
    return next(r for r in rows if r["line"] == line)
w = " | ".join(d.get("warnings", []))
exec(sys.argv[2])
PY
	then ok "$1"; else notok "$1"; fi
}

# jsond NAME PYTHON: the same over a district's output, bound to d, c(name): a commune, notes.
jsond() {
	if "$py" - "$tmp/out" "$2" >"$tmp/why" 2>&1 <<'PY'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
def c(name):
    return next(x for x in d["communes"] if x["commune"] == name)
notes = " | ".join(d.get("notes", []))
exec(sys.argv[2])
PY
	then ok "$1"; else notok "$1"; fi
}

# What a viewer shows: the re-saved PDF is another file whose page poppler draws as the first's.
if command -v pdftoppm >/dev/null 2>&1 && pdftoppm -r 40 -png renumbered/docs/15-QD-UBND.pdf "$tmp/a" &&
	pdftoppm -r 40 -png renumbered/docs/15-QD-UBND-luu.pdf "$tmp/b" && cmp -s "$tmp/a-1.png" "$tmp/b-1.png" &&
	! cmp -s renumbered/docs/15-QD-UBND.pdf renumbered/docs/15-QD-UBND-luu.pdf; then
	ok "renumbered/: poppler draws the re-saved, re-signed decision as the first (two files, two signatures)"
else notok "renumbered/: poppler draws the re-saved, re-signed decision as the first (two files, two signatures)"; fi

# Before: 5/6 (83.3%), the decision counted three times with nothing said (the
# duplicate-number warning folded "015 /QĐ-UBND." apart from "15/QĐ-UBND").
if run 1 index $trust --json renumbered/so-di.csv; then
	json "15/QĐ-UBND filed again as \"015 /QĐ-UBND.\" and \"Số 15/QĐ-UBND\": counted once (was 5/6)" '
assert (d["documents"], d["signed"], d["leader_signed"]) == (6, 3, 3), d
assert [(r["line"], r["status"]) for r in rows] == [(2, "valid"), (3, "valid"), (4, "unsigned"), (5, "missing"),
    (6, "missing"), (7, "valid")], [(r["line"], r["status"]) for r in rows]
assert row(5)["problem"] == row(6)["problem"] == "same-document", rows
assert "row 5: number 015 /QĐ-UBND. was already used on row 2" in w, w
assert "row 5: docs/15-QD-UBND-luu.pdf is numbered 015 /QĐ-UBND., as row 2 (15/QĐ-UBND) of the same year: one number is one document, which counts once, so this row counts as not signed" in w, w
assert "row 6: docs/15-QD-UBND.docx is numbered Số 15/QĐ-UBND, as row 2 (15/QĐ-UBND)" in w, w
assert "row 3" not in w and "row 7" not in w, w
'
else notok "15/QĐ-UBND filed again as \"015 /QĐ-UBND.\" and \"Số 15/QĐ-UBND\": counted once (was 5/6)"; fi

# review36: a twin's copy (row 3's file, a twin by its number, with a byte appended, filed as
# 31/QĐ-UBND) counted as signed: 2/3 (66,7%) for one signed document
if run 1 index $trust --json chained/so-di.csv; then
	json "chained/: a copy of a twin by number, filed under another number, counts as not signed (was 2/3)" '
assert (d["documents"], d["signed"]) == (3, 1), d
assert [(r["line"], r["status"]) for r in rows] == [(2, "valid"), (3, "missing"), (4, "missing")], rows
assert "31-QD-UBND.pdf holds the signature of row 2" in w, w
'
else notok "chained/: a copy of a twin by number, filed under another number, counts as not signed (was 2/3)"; fi

if run 1 index $trust --json legit/so-di.csv; then
	json "legit/: 15/QĐ-UBND, 15/TB-UBND and 150/QĐ-UBND are three signed documents (3/4)" '
assert (d["documents"], d["signed"]) == (4, 3), d
assert "already used" not in w and "numbered" not in w, w
'
else notok "legit/: 15/QĐ-UBND, 15/TB-UBND and 150/QĐ-UBND are three signed documents (3/4)"; fi

# review35: the re-signed copy filed as "15/QĐ–UBND" (an en dash, as Word puts it): before, 4/5,
# the dash read as a letter of another number
if run 1 index $trust --json dashed/so-di.csv; then
	json "15/QĐ-UBND filed again as \"15/QĐ–UBND\" (an en dash): counted once (was 4/5)" '
assert (d["documents"], d["signed"]) == (5, 3), d
assert row(5)["problem"] == "same-document", rows
assert "row 5: docs/15-QD-UBND-luu.pdf is numbered 15/QĐ–UBND, as row 2 (15/QĐ-UBND) of the same year" in w, w
'
else notok "15/QĐ-UBND filed again as \"15/QĐ–UBND\" (an en dash): counted once (was 4/5)"; fi

if run 1 --lang vi index $trust renumbered/so-di.csv && grep -qF "hàng 5: docs/15-QD-UBND-luu.pdf mang số 015 /QĐ-UBND., trùng số với hàng 2 (15/QĐ-UBND) cùng năm" "$tmp/out"; then
	ok "the warning in Vietnamese"
else { cat "$tmp/out"; } >>"$tmp/why"; notok "the warning in Vietnamese"; fi

# The same register and files in a dossier of 2021: index DOSSIER.zip and review count as review does.
mkdir -p "$tmp/dz/20 Chữ ký số"
cp -r renumbered/docs renumbered/so-di.csv "$tmp/dz/20 Chữ ký số/"
if run 0 ingest --no-validation --commune "Thủy An" --year 2021 -o "$tmp/dz.zip" "$tmp/dz" &&
	run 1 index $trust --json "$tmp/dz.zip"; then
	json "index DOSSIER.zip: the decision filed under two more spellings counts once (was 5/6)" '
assert (d["documents"], d["signed"]) == (6, 3), d
assert row(5)["problem"] == row(6)["problem"] == "same-document", rows
assert "row 5: data/docs/15-QD-UBND-luu.pdf is numbered 015 /QĐ-UBND., as row 2 (15/QĐ-UBND) of the same year" in w, w
'
else notok "index DOSSIER.zip: the decision filed under two more spellings counts once (was 5/6)"; fi
if run 1 review $trust --allow-unsealed --json "$tmp/dz.zip"; then
	json "review: the same dossier gives 3/6" '
assert (d["documents"], d["signed"]) == (6, 3), d
'
else notok "review: the same dossier gives 3/6"; fi

# A register dated in several years, read without --year (years/): before, 8/10 (80.0%), no word.
if run 1 index $trust --json years/so-di.csv; then
	json "2021's register padded with three signed documents of 2022, no --year: 5/7 for 2021, the others listed (was 8/10)" '
assert (d["documents"], d["signed"], d["year"]) == (7, 5, 2021), d
assert [(x["line"], x["number"]) for x in d["left_out"]] == [(9, "01/QĐ-UBND"), (10, "02/QĐ-UBND"), (11, "03/QĐ-UBND")], d["left_out"]
assert "years/so-di.csv: its rows are dated in 2 years: the figures are for 2021, the year most of them are dated (7 of 10), and the rows of other years are not counted; give --year to count another year" in w, w
assert "3 rows are dated outside 2021 and not counted (the first: row 9, " in w, w
'
else notok "2021's register padded with three signed documents of 2022, no --year: 5/7 for 2021, the others listed (was 8/10)"; fi
if run 0 index $trust --json --year 2022 years/so-di.csv; then
	json "--year 2022 still counts 2022 (3/3), no word on the years" '
assert (d["documents"], d["signed"], d["year"]) == (3, 3, 2022), d
assert "the year most of them" not in w, w
'
else notok "--year 2022 still counts 2022 (3/3), no word on the years"; fi
if run 1 index $trust --json years/tie.csv; then
	json "two rows of 2021 and two of 2022, no --year: not counted, give --year (was 3/4)" '
assert not d["counted"] and d["documents"] == 0, d
assert "its rows are dated in 2 years, and no year holds most of them" in d["not_counted"], d["not_counted"]
'
else notok "two rows of 2021 and two of 2022, no --year: not counted, give --year (was 3/4)"; fi
if run 1 index $trust --json "$src/samples/so-van-ban-di-2021.csv"; then
	json "legit: the sample register, all of 2021, without --year: 5/7, no year said" '
assert (d["documents"], d["signed"], d["year"]) == (7, 5, None), d
assert "years" not in w, w
'
else notok "legit: the sample register, all of 2021, without --year: 5/7, no year said"; fi
if run 1 --lang vi index $trust years/so-di.csv && grep -qF "các hàng ghi ngày của 2 năm: số liệu tính cho năm 2021" "$tmp/out"; then
	ok "the years warning in Vietnamese"
else cat "$tmp/out" >>"$tmp/why"; notok "the years warning in Vietnamese"; fi

# --sheet naming the tab Excel shows, when a hidden sheet bears the same name in NFD (twin/): it read the
# hidden one, the five signed documents alone, 5/5 (100.0%).
if run 2 index $trust --sheet "Năm 2021" twin/so-di.xlsx && grep -qF 'so-di.xlsx: 2 sheets are named "Năm 2021" (a hidden one, or one typed in another Unicode form): rename all but the register' "$tmp/err"; then
	ok "--sheet \"Năm 2021\" with a hidden sheet of that name in NFD: exit 2, both named (was 5/5, 100%)"
else cat "$tmp/out" "$tmp/err" >>"$tmp/why"; notok "--sheet \"Năm 2021\" with a hidden sheet of that name in NFD: exit 2, both named (was 5/5, 100%)"; fi
if run 1 index $trust --json twin/so-di.xlsx; then
	json "the same workbook without --sheet: the tab Excel opens on, 5/7" '
assert (d["documents"], d["signed"]) == (7, 5), d
'
else notok "the same workbook without --sheet: the tab Excel opens on, 5/7"; fi
if run 1 index $trust --json --sheet "năm 2021" twin/legit.xlsx; then
	json "legit: one sheet \"Năm 2021\", asked for in another case: 5/7" '
assert (d["documents"], d["signed"]) == (7, 5), d
'
else notok "legit: one sheet \"Năm 2021\", asked for in another case: 5/7"; fi
if run 2 --lang vi index $trust --sheet "Năm 2021" twin/so-di.xlsx && grep -qF 'có 2 trang tính tên "Năm 2021"' "$tmp/err"; then
	ok "the twin sheets in Vietnamese"
else cat "$tmp/err" >>"$tmp/why"; notok "the twin sheets in Vietnamese"; fi

if run 0 index $trust --json twin/rev.xlsx; then
	json "the reverse, no --sheet: the tab shown (5/5), and the hidden sheet of its name said beside the figures" '
assert (d["documents"], d["signed"]) == (5, 5), d
assert "rev.xlsx: another sheet is named \"Năm 2021\" too (a hidden one, or one typed in another Unicode form), and is not counted" in w, w
'
else notok "the reverse, no --sheet: the tab shown (5/5), and the hidden sheet of its name said beside the figures"; fi

# A district of communes of one year each, no --year (district-years/): before, 8/12 (66.7%), 2020's
# three signed documents added to 2021's with every commune's "year" null and nothing said.
if run 1 index $trust --json district-years; then
	jsond "a district, 2020's register beside two of 2021, no --year: counted for 2021, 2020's commune not (was 8/12)" '
t = d["totals"]
assert (t["documents"], t["signed"]) == (9, 5), t
assert (d["communes_counted"], d["communes_listed"]) == (2, 3), d
assert c("01-thuy-an")["year"] == c("04-thuy-van")["year"] == 2021, d
assert not c("03-thuy-thanh")["counted"], c("03-thuy-thanh")
assert "no document is dated 2021; its 3 rows are dated 2020: give --year 2020" in c("03-thuy-thanh")["not_counted"], c("03-thuy-thanh")
assert "the communes\x27 documents are of 2 years: the figures are for 2021, the year of most communes (2 of 3)" in notes, notes
'
else notok "a district, 2020's register beside two of 2021, no --year: counted for 2021, 2020's commune not (was 8/12)"; fi
if run 1 index $trust --json --year 2020 district-years; then
	jsond "--year 2020 counts 2020's commune alone (3/3), no word on the years" '
t = d["totals"]
assert (t["documents"], t["signed"], d["communes_counted"]) == (3, 3, 1), d
assert "years" not in notes, notes
'
else notok "--year 2020 counts 2020's commune alone (3/3), no word on the years"; fi
if run 1 index $trust --json district-tie; then
	jsond "one commune of 2020 and one of 2021, no --year: none counted, give --year (was 8/10)" '
assert d["communes_counted"] == 0 and d["totals"]["documents"] == 0, d
assert "no year holds most communes" in notes, notes
assert "give --year" in c("01-thuy-an")["not_counted"], d
'
else notok "one commune of 2020 and one of 2021, no --year: none counted, give --year (was 8/10)"; fi
mkdir -p "$tmp/one-year" && cp -r district-years/01-thuy-an district-years/04-thuy-van "$tmp/one-year/"
if run 1 index $trust --json "$tmp/one-year"; then
	jsond "legit: a district whose communes are all of 2021, no --year: 5/9, every row, no year said" '
t = d["totals"]
assert (t["documents"], t["signed"], d["communes_counted"]) == (9, 5, 2), d
assert c("01-thuy-an")["year"] is None and "years" not in notes, d
'
else notok "legit: a district whose communes are all of 2021, no --year: 5/9, every row, no year said"; fi
if run 1 --lang vi index $trust district-years && grep -qF "số liệu tính cho năm 2021" "$tmp/out"; then
	ok "the district's years in Vietnamese"
else cat "$tmp/out" >>"$tmp/why"; notok "the district's years in Vietnamese"; fi

# The same communes as dossiers under review (rtnum17): the total added 2020's dossier to 2021's, with
# --year 2021 too ("Year under review: 2021", 10 documents, 80.0%), and a commune's dossier twice.
for cm in "01-thuy-an Thủy An 2021" "03-thuy-thanh Thủy Thanh 2020" "04-thuy-van Thủy Vân 2021"; do
	set -- $cm
	mkdir -p "$tmp/rv/$1/20 Chữ ký số"
	cp -r "district-years/$1/"* "$tmp/rv/$1/20 Chữ ký số/"
	run 0 ingest --no-validation --commune "$2 $3" --year "$4" -o "$tmp/rv/$1.zip" "$tmp/rv/$1" || notok "ingest $1"
done
cp "$tmp/rv/01-thuy-an.zip" "$tmp/rv/01-thuy-an (1).zip"
rv=$tmp/rv
if run 1 review $trust --allow-unsealed --json --year 2021 "$rv/01-thuy-an.zip" "$rv/03-thuy-thanh.zip"; then
	jsond "review --year 2021 of 2021's dossier and 2020's: the total is 2021's, 5/7 (was 8/10)" '
t = d["totals"]
assert (t["documents"], t["signed"], t["year"], t["other_year"]) == (7, 5, 2021, 1), t
assert d["communes_counted"] == 1, d
assert "the total is 2021\x27s: 1 dossier of another year is not added to it (" in t["note"] and "03-thuy-thanh.zip, 2020)" in t["note"], t
' 
else notok "review --year 2021 of 2021's dossier and 2020's: the total is 2021's, 5/7 (was 8/10)"; fi
if run 1 review $trust --allow-unsealed --json "$rv/01-thuy-an.zip" "$rv/03-thuy-thanh.zip" "$rv/04-thuy-van.zip"; then
	jsond "review, no --year, two dossiers of 2021 and one of 2020: the total is 2021's, 5/9 (was 8/12)" '
t = d["totals"]
assert (t["documents"], t["signed"], t["year"], t["other_year"]) == (9, 5, 2021, 1), t
'
else notok "review, no --year, two dossiers of 2021 and one of 2020: the total is 2021's, 5/9 (was 8/12)"; fi
if run 1 review $trust --allow-unsealed --json "$rv/01-thuy-an.zip" "$rv/03-thuy-thanh.zip"; then
	jsond "review, no --year, one dossier of each year: the total adds none up, give --year (was 8/10)" '
t = d["totals"]
assert (t["documents"], t["year"]) == (0, None) and d["communes_counted"] == 0, t
assert t["note"] == "the dossiers are of several years, and no year holds most of them: the total adds none of them up; give --year", t
'
else notok "review, no --year, one dossier of each year: the total adds none up, give --year (was 8/10)"; fi
if run 1 review $trust --allow-unsealed --json "$rv/01-thuy-an.zip" "$rv/01-thuy-an (1).zip" "$rv/04-thuy-van.zip"; then
	jsond "review of a commune's dossier and its copy: the commune counts once, 5/9 (was 10/16, 3 communes)" '
t = d["totals"]
assert (t["documents"], t["signed"], t["other_year"]) == (9, 5, 0) and d["communes_counted"] == 2, (t, d["communes_counted"])
assert "1 dossier is of a commune and year the total adds up already, and is not added again (" in t["note"], t
'
else notok "review of a commune's dossier and its copy: the commune counts once, 5/9 (was 10/16, 3 communes)"; fi
mkdir -p "$tmp/rv/namesake/20 Chữ ký số"
cp -r district-years/04-thuy-van/* "$tmp/rv/namesake/20 Chữ ký số/"
run 0 ingest --no-validation --commune "Thủy An" --year 2021 -o "$rv/namesake.zip" "$rv/namesake" || notok "ingest namesake"
if run 1 review $trust --allow-unsealed --json "$rv/01-thuy-an.zip" "$rv/namesake.zip"; then
	jsond "legit: another dossier naming Thủy An of 2021 that shares no signed document (a namesake commune): both added, 5/9" '
t = d["totals"]
assert (t["documents"], t["signed"], t["note"]) == (9, 5, None) and d["communes_counted"] == 2, t
'
else notok "legit: another dossier naming Thủy An of 2021 that shares no signed document (a namesake commune): both added, 5/9"; fi
if run 1 review $trust --allow-unsealed --json "$rv/01-thuy-an.zip" "$rv/04-thuy-van.zip"; then
	jsond "legit: two communes' dossiers of 2021, no --year: 5/9, nothing said beside the total" '
t = d["totals"]
assert (t["documents"], t["signed"], t["other_year"], t["note"]) == (9, 5, 0, None) and d["communes_counted"] == 2, t
'
else notok "legit: two communes' dossiers of 2021, no --year: 5/9, nothing said beside the total"; fi
if run 1 --lang vi review $trust --allow-unsealed --year 2021 "$rv/01-thuy-an.zip" "$rv/03-thuy-thanh.zip" &&
	grep -qF "tổng là của năm 2021" "$tmp/out"; then
	ok "the review's total of one year in Vietnamese"
else cat "$tmp/out" >>"$tmp/why"; notok "the review's total of one year in Vietnamese"; fi

# One commune's dossier sent again under its name spelt otherwise (rtnum18): "Thuỷ An" (the old tone
# placement), "Xã Thủy An", "UBND xã Thủy An" beside "Thủy An" were four communes in the total (28
# documents, 5/28, "Communes … all signed 0/4"), the names compared letter for letter.
for nm in "Thuỷ An" "Xã Thủy An" "UBND xã Thủy An" "Thủy Ân"; do
	run 0 ingest --no-validation --commune "$nm" --year 2021 -o "$rv/named-$nm.zip" "$rv/01-thuy-an" || notok "ingest $nm"
done
if run 1 review $trust --allow-unsealed --json "$rv/01-thuy-an.zip" "$rv/named-Thuỷ An.zip" "$rv/named-Xã Thủy An.zip" \
	"$rv/named-UBND xã Thủy An.zip"; then
	jsond "review of one commune's dossier under four spellings of its name: one commune, 5/7 (was 5/28, 4 communes)" '
t = d["totals"]
assert (t["documents"], t["signed"]) == (7, 5) and d["communes_counted"] == 1, (t, d["communes_counted"])
assert "3 dossiers are of a commune and year the total adds up already, and are not added again" in t["note"], t["note"]
'
else notok "review of one commune's dossier under four spellings of its name: one commune, 5/7 (was 5/28, 4 communes)"; fi
if run 1 review $trust --allow-unsealed --json "$rv/01-thuy-an.zip" "$rv/named-Thủy Ân.zip"; then
	jsond "look-alike: Thủy Ân beside Thủy An (another commune, whose letters differ): both added, 14 documents" '
t = d["totals"]
assert t["documents"] == 14 and d["communes_counted"] == 2 and not t["note"], t
'
else notok "look-alike: Thủy Ân beside Thủy An (another commune, whose letters differ): both added, 14 documents"; fi
# ... and its district written otherwise ("Phú Vang", "huyện Phú Vang", "UBND huyện Phú Vang"): three
# communes in the total (21 documents); a namesake of another district stays apart.
for ds in "Phú Vang" "huyện Phú Vang" "UBND huyện Phú Vang" "huyện Phong Điền"; do
	run 0 ingest --no-validation --commune "Thủy An" --district "$ds" --year 2021 -o "$rv/district-$ds.zip" "$rv/01-thuy-an" ||
		notok "ingest $ds"
done
if run 1 review $trust --allow-unsealed --json "$rv/district-Phú Vang.zip" "$rv/district-huyện Phú Vang.zip" \
	"$rv/district-UBND huyện Phú Vang.zip"; then
	jsond "review of one commune's dossier, its district written three ways: one commune, 5/7 (was 21 documents, 3 communes)" '
t = d["totals"]
assert (t["documents"], t["signed"]) == (7, 5) and d["communes_counted"] == 1, (t, d["communes_counted"])
'
else notok "review of one commune's dossier, its district written three ways: one commune, 5/7 (was 21 documents, 3 communes)"; fi
if run 1 review $trust --allow-unsealed --json "$rv/district-Phú Vang.zip" "$rv/district-huyện Phong Điền.zip"; then
	jsond "look-alike: Thủy An of Phú Vang beside Thủy An of Phong Điền: two communes, 14 documents" '
t = d["totals"]
assert t["documents"] == 14 and d["communes_counted"] == 2, t
'
else notok "look-alike: Thủy An of Phú Vang beside Thủy An of Phong Điền: two communes, 14 documents"; fi

# Which of a commune's two dossiers of a year the total adds (rtnum18): the first given counted,
# whatever the commune sent last.  thuy-an-lan-2.zip, sent again with a document added (5/8), sealed
# and timestamped on 2022-02-01, given after thuy-an-lan-1.zip (5/7, timestamped 2022-01-10): main's
# total was lan-1's 5/7 (71.4%), lan-2 "not added again".  A timestamp authority on the loopback
# (tsa_server.py) back-dates the two seals' tokens.
mkdir -p "$tmp/tsa"
"$py" -W ignore "$src/tests/cli/tsa_server.py" "$tmp/tsa/port" "$src/certs/test" "$build/tests/kc-testsign" \
	"$tmp/tsa" >"$tmp/tsa/log" 2>&1 &
tsa_pid=$!
for _ in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31 32 33 34 35 36 37 38 39 40; do
	[ -s "$tmp/tsa/port" ] && break
	sleep 0.25
done
certs=$src/certs/test
lan() { # N EPOCH ISO: thuy-an-lan-N.zip, its seal's time proven at ISO
	export SOURCE_DATE_EPOCH=$2
	run 0 ingest --no-validation --commune "Thủy An" --year 2021 -o "$rv/thuy-an-lan-$1.zip" "$rv/lan-$1" &&
		run 0 seal "$rv/thuy-an-lan-$1.zip" --key "$certs/org.key" --cert "$certs/org.pem" --chain "$certs/ca.pem" \
			$trust --tsa "http://127.0.0.1:$(cat "$tmp/tsa/port")/at/$3/tsa"
	rc=$?
	unset SOURCE_DATE_EPOCH
	return $rc
}
for v in 1 2; do
	mkdir -p "$rv/lan-$v/20 Chữ ký số"
	cp -r district-years/01-thuy-an/* "$rv/lan-$v/20 Chữ ký số/"
done
printf '31/TB-UBND;20/12/2021;Thông báo bổ sung;Nguyễn Văn An;UBND huyện Phú Vang;Văn phòng;2;20/12/2021;;;docs/31-TB-UBND.pdf\r\n' \
	>>"$rv/lan-2/20 Chữ ký số/so-di.csv"
if [ ! -s "$tmp/tsa/port" ]; then
	skip "review of a commune's dossier and the one it sent again, sealed later" "the timestamp authority did not start"
elif ! lan 1 1641772800 2022-01-10T00:00:00Z || ! lan 2 1643673600 2022-02-01T00:00:00Z; then
	notok "review of a commune's dossier and the one it sent again: the dossiers are made and sealed"
else
	for order in "1 2" "2 1"; do
		set -- $order
		if run 1 review $trust --json --year 2021 "$rv/thuy-an-lan-$1.zip" "$rv/thuy-an-lan-$2.zip"; then
			jsond "review of lan-$1 then lan-$2: the total adds the dossier whose seal is proven the latest (lan-2, 5/8; was the first given), said" '
t = d["totals"]
assert (t["documents"], t["signed"]) == (8, 5) and d["communes_counted"] == 1, t
assert "not added again (" in t["note"] and "thuy-an-lan-1.zip, as " in t["note"], t["note"]
assert "the total adds " in t["note"] and "thuy-an-lan-2.zip, whose seal is proven the latest (2022-02-01T00:00:00Z)" in t["note"], t["note"]
'
		else notok "review of lan-$1 then lan-$2: the total adds the dossier whose seal is proven the latest"; fi
	done
	cp "$rv/thuy-an-lan-1.zip" "$rv/thuy-an-lan-1 (1).zip"
	if run 1 review $trust --json --year 2021 "$rv/thuy-an-lan-1.zip" "$rv/thuy-an-lan-1 (1).zip"; then
		jsond "legit: a dossier and its copy (one seal, one time): the first given counts, 5/7, and the note says why" '
t = d["totals"]
assert (t["documents"], t["signed"]) == (7, 5), t
assert "no seal proves which was sent last: the total adds the first given, " in t["note"] and t["note"].endswith("thuy-an-lan-1.zip"), t["note"]
'
	else notok "legit: a dossier and its copy (one seal, one time): the first given counts, 5/7, and the note says why"; fi
	# lan-2 sent again unsealed (thuy-an-lan-3.zip) after the sealed lan-1: lan-1 counts (its seal
	# proves a time, lan-3's nothing), and the note said only "whose seal is proven the latest",
	# as if lan-3 were the older (rtnum19).
	if run 0 ingest --no-validation --commune "Thủy An" --year 2021 -o "$rv/thuy-an-lan-3.zip" "$rv/lan-2" &&
		run 1 review $trust --allow-unsealed --json --year 2021 "$rv/thuy-an-lan-1.zip" "$rv/thuy-an-lan-3.zip"; then
		jsond "a sealed dossier and the same commune's later one unsealed: the sealed one counts, 5/7, and the note says the other proves no time" '
t = d["totals"]
assert (t["documents"], t["signed"]) == (7, 5), t
assert "thuy-an-lan-1.zip, whose seal is proven the latest (2022-01-10T00:00:00Z), while no seal proves when " in t["note"], t["note"]
assert "thuy-an-lan-3.zip was made: a dossier sent later unsealed" in t["note"], t["note"]
'
	else notok "a sealed dossier and the same commune's later one unsealed: the sealed one counts, 5/7, and the note says the other proves no time"; fi
fi

# A commune's register kept as a Word table beside only two of its signed PDFs (word/): before, the
# folder was read from the PDFs alone, 2/2 (100.0%), "No register" (rtnum17).
if run 1 index $trust --json word; then
	jsond "a register in a Word table beside two signed PDFs: the commune not counted, how to save it said (was 2/2)" '
a, b = c("01-thuy-an"), c("02-thuy-bang")
assert not a["counted"] and "Sổ đăng ký văn bản đi.docx is an outgoing register kept in a Word table, which kiemchung does not read as a register" in a["not_counted"], a
assert b["counted"] and b["documents"] == 3, b
'
else notok "a register in a Word table beside two signed PDFs: the commune not counted, how to save it said (was 2/2)"; fi
if run 2 index $trust word/01-thuy-an && grep -qF "is an outgoing register kept in a Word table" "$tmp/err"; then
	ok "the same folder given alone: exit 2 with the reason"
else cat "$tmp/out" "$tmp/err" >>"$tmp/why"; notok "the same folder given alone: exit 2 with the reason"; fi
if run 1 --lang vi index $trust word && grep -qF "là sổ đăng ký văn bản đi lập bằng bảng Word" "$tmp/out"; then
	ok "the Word register in Vietnamese"
else cat "$tmp/out" >>"$tmp/why"; notok "the Word register in Vietnamese"; fi

# rtnum21: the Word register's heading broken by Shift+Enter, or typed on two rows (wordheads/):
# main read both folders from their PDFs alone, 2/2 (100.0%), "No register".
if run 1 index $trust --json wordheads; then
	jsond "a Word register whose heading is broken by Shift+Enter or on two rows: not counted, how to save it said (was 2/2)" '
for name in ("01-thuy-an", "02-thuy-bang"):
    a = c(name)
    assert not a["counted"] and "Sổ đăng ký văn bản đi.docx is an outgoing register kept in a Word table" in a["not_counted"], a
t = c("03-thuy-thanh")  # look-alike: a letter with a three-row signature table stays a document
assert t["counted"] and t["documents"] == 2, t
'
else notok "a Word register whose heading is broken by Shift+Enter or on two rows: not counted, how to save it said (was 2/2)"; fi

# review36: the register kept in Word 97-2003 (.doc) beside two signed PDFs (worddoc/): before, the
# folder was read from the PDFs alone, 2/2 (100.0%), "No register", as the .docx was before rtnum17.
if run 1 index $trust --json worddoc; then
	jsond "a register in a Word 97-2003 file beside two signed PDFs: the commune not counted, how to save it said (was 2/2)" '
a, b = c("01-thuy-an"), c("02-thuy-bang")
assert not a["counted"] and "Sổ đăng ký văn bản đi.doc is a word processor" in a["not_counted"], a
assert b["counted"] and b["documents"] == 3, b
'
else notok "a register in a Word 97-2003 file beside two signed PDFs: the commune not counted, how to save it said (was 2/2)"; fi
if run 1 --lang vi index $trust worddoc && grep -qF "là tệp soạn thảo văn bản kiemchung không đọc được" "$tmp/out"; then
	ok "the Word 97-2003 register in Vietnamese"
else cat "$tmp/out" >>"$tmp/why"; notok "the Word 97-2003 register in Vietnamese"; fi

# Criterion 22's district misspelt on the two documents not validly signed (misspelt/): before, 4/4
# (100.0%), the two left out of 22 with nothing said (rtnum17).
if run 1 index $trust --json misspelt/so-di.csv; then
	json "recipients \"UBND hyện Phú Vang\" on the unsigned rows: sent to the district all the same, 4/6, said (was 4/4)" '
c = d["criteria"]["22"]
assert (c["numerator"], c["denominator"]) == (4, 6), c
assert "row 6: its recipients (- UBND hyện Phú Vang;\n- Lưu: VT.) name the reviewing authority with a word misspelt: counted as sent to it" in w, w
'
else notok "recipients \"UBND hyện Phú Vang\" on the unsigned rows: sent to the district all the same, 4/6, said (was 4/4)"; fi
if run 1 index $trust --json misspelt/other.csv; then
	json "legit: sent to another commune and to a district office: not the district committee, 4/4, no word" '
c = d["criteria"]["22"]
assert (c["numerator"], c["denominator"]) == (4, 4) and "misspelt" not in w, (c, w)
'
else notok "legit: sent to another commune and to a district office: not the district committee, 4/4, no word"; fi
mkdir -p "$tmp/ms/20 Chữ ký số"
cp -r misspelt/docs misspelt/so-di.csv "$tmp/ms/20 Chữ ký số/"
if run 0 ingest --no-validation --commune "Thủy An" --year 2021 -o "$tmp/ms.zip" "$tmp/ms" &&
	run 1 review $trust --allow-unsealed --json "$tmp/ms.zip"; then
	jsond "review: the same in a dossier, 4/6, said" '
r = d["communes"][0]
assert (r["criteria"]["22"]["numerator"], r["criteria"]["22"]["denominator"]) == (4, 6), r["criteria"]
assert any("name the reviewing authority with a word misspelt" in x for x in r["warnings"]), r["warnings"]
'
else notok "review: the same in a dossier, 4/6, said"; fi

# A document whose "Số: …" heading is on page 2, under a cover page (cover/, rtnum19): decision
# 30/QĐ-UBND so filed for the unsigned report 21/BC-UBND's row gave no number (only the first and
# last pages were read), and the row counted as signed: 6/7 (85.7%), no word.
if run 1 index $trust --json cover; then
	json "a decision under a cover page filed for the unsigned report's row: another document, 5/7, said (was 6/7)" '
assert (d["documents"], d["signed"]) == (7, 5), (d["documents"], d["signed"])
assert row(6)["status"] == "other-document", row(6)
assert "row 6: docs/21-BC-UBND.pdf is another document (its text is numbered 30/QĐ-UBND, not 21/BC-UBND)" in w, w
'
else notok "a decision under a cover page filed for the unsigned report's row: another document, 5/7, said (was 6/7)"; fi
if run 1 index $trust --json cover-legit; then
	json "legit: the row's own report under a cover page, signed: counted, 6/7, no word" '
assert (d["documents"], d["signed"]) == (7, 6) and row(6)["status"] == "valid", row(6)
assert "row 6" not in w, w
'
else notok "legit: the row's own report under a cover page, signed: counted, 6/7, no word"; fi
name="a 2020 report under a cover page whose page 2 draws năm 2020 and whose text says 2021 by an /ActualText: its own number and year not trusted, said (page 2 was read but never scanned: 6/7 for 2021 without a word, review37)"
if run 1 index $trust --json cover-actual; then
	json "$name" '
assert "row 6: docs/21-BC-UBND.pdf: its own number and year were not checked" in w, w
assert "/ActualText" in w.split("row 6:")[1], w
'
else notok "$name"; fi

finish
