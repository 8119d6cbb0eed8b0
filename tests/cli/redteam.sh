#!/bin/sh
# redteam.sh: the holes found by red-teaming main after the coverage, time and
# dossier hardening, end to end (TAP).
#
# 1. tests/fixtures/make-redteam-fixtures.sh builds one or more PDFs per hole (a
#    viewer rebuilding the cross-reference table, generations, integers saved as
#    reals, arrays that are not /Annots or /Fields, content dressed as XMP, a file
#    read as linearized) and what
#    must stay valid; each expected.tsv row is checked against `kiemchung verify
#    --json` (status, reason codes, leader, org) and the exit status, trusting
#    certs/test/trust.
# 2. The attacks are real: where a row names a reference file and page, poppler
#    (pdftoppm) must draw that page differently from the reference ("=REF:PAGE": the
#    same, e.g. a prepared document that looks like the honest one when signed);
#    "mupdf:REF:PAGE": MuPDF (mutool draw), for what only MuPDF reads.
# 3. Dossiers (tests/fixtures/make-redteam-dossiers.sh): names that one file system
#    takes for the same file, entries that unzip, 7-Zip or bsdtar take for a link or
#    a folder (proved with each reader), and what `check` must say of each.
#
# Environment: KC_BUILD_ROOT, KC_SOURCE_ROOT (set by meson), PYTHON.
set -u

build=${KC_BUILD_ROOT:?KC_BUILD_ROOT is not set}
src=${KC_SOURCE_ROOT:?KC_SOURCE_ROOT is not set}
kc=$build/src/cli/kiemchung
py=${PYTHON:-python3}
fx=$build/tests/redteam-fixtures
trust=$src/certs/test/trust

tmp=$(mktemp -d "${TMPDIR:-/tmp}/kc-redteam-test.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
. "$src/tests/cli/wrap.sh" # KC_WRAPPER: run the binary under valgrind (tests/meson.build)
: >"$tmp/why"
. "$src/tests/cli/tap.sh" # pass, fail, skip, finish

. "$src/tests/cli/rows.sh" # check.py, verify_check, render, check_rows

# --- 1. the fixtures ------------------------------------------------------------------
check_rows make-redteam-fixtures.sh

# rtpdf27: a signed reference of another generation than its object's ("N 1 R" for
# "N 0 obj"), or to an object that is itself only a reference: MuPDF draws the object (the
# rows above), poppler and pdf.js nothing.  The signature holds and the reader is told
# (`reference`); references naming their object's own generation, 0 or not, carry no such
# note.  /Resources written as a stream (MuPDF alone takes them): `stream-dictionary`.
notes_of() {
	"$kc" verify --no-default-trust --trust "$trust" --json "$1" 2>/dev/null |
		"$py" -c 'import json, sys; print(" ".join(n["code"] for n in json.loads(sys.stdin.readline())["notes"]))'
}
for pair in gen-leader.pdf:reference pdfjs-gen-leader.pdf:reference chain-leader.pdf:reference \
	resstream-leader.pdf:stream-dictionary fontstream-leader.pdf:stream-dictionary \
	catstream-leader.pdf:stream-dictionary gsstream-leader.pdf:stream-dictionary \
	smaskstream-leader.pdf:stream-dictionary csstream-leader.pdf:stream-dictionary \
	patstream-leader.pdf:stream-dictionary cs-indexed-leader.pdf:stream-dictionary \
	cs-separation-leader.pdf:stream-dictionary cs-pattern-base-leader.pdf:stream-dictionary \
	cs-calgray-leader.pdf:stream-dictionary cs-image-leader.pdf:stream-dictionary \
	cs-shading-cs-leader.pdf:stream-dictionary cs-icc-alt-leader.pdf:stream-dictionary \
	cs-tint4-leader.pdf:stream-dictionary cs-shfn4-leader.pdf:stream-dictionary; do
	f=${pair%%:*} code=${pair#*:}
	got=$(notes_of "$fx/$f")
	echo "notes: $got" >"$tmp/why"
	check "$f: valid, noted $code (MuPDF draws what poppler does not)" \
		'case " $got " in *" $code "*) true ;; *) false ;; esac'
done
for f in leader.pdf pdfjs-gen-bump-leader.pdf legit-layout-sound.pdf legit-resdict-leader.pdf \
	legit-fontdict-leader.pdf legit-catdict-leader.pdf legit-gsdict-leader.pdf \
	legit-smaskdict-leader.pdf legit-csicc-leader.pdf legit-patdict-leader.pdf \
	held-shstream-leader.pdf legit-cs-indexed-leader.pdf legit-cs-separation-leader.pdf \
	legit-cs-image-leader.pdf legit-cs-tint4-leader.pdf legit-cs-icc-alt-leader.pdf \
	held-cs-shpattern-leader.pdf held-cs-tint-stream-leader.pdf legit-cs-shfn4-leader.pdf; do
	got=$(notes_of "$fx/$f")
	echo "notes: $got" >"$tmp/why"
	check "$f: no note (every reference and resource read alike)" '[ -z "$got" ]'
done
# rtpdf29: a /Separation whose tint transform, or a shading whose /Function, of kind 4 is
# written as a dictionary: MuPDF draws nothing of the page (poppler and pdf.js draw it, the
# rows above); written as a stream, MuPDF draws it.
if viewers && command -v mutool >/dev/null; then
	for pair in cs-tint4-leader.pdf:false legit-cs-tint4-leader.pdf:true cs-shfn4-leader.pdf:false \
		legit-cs-shfn4-leader.pdf:true; do
		f=${pair%%:*} want=${pair#*:}
		got=false
		mutool draw -q -r 36 -c gray -o "$tmp/tint4.pgm" "$fx/$f" 1 >"$tmp/why" 2>&1 && got=true
		check "$f: MuPDF draws page 1: $want" '[ $got = $want ]'
	done
else
	skip "cs-tint4-leader.pdf: MuPDF draws no page (mutool missing or KC_SKIP_VIEWERS set)"
fi
# rtpdf29: an encrypted document whose /Filter is not /Standard (refused, the rows above):
# no viewer opens it.
if viewers && command -v mutool >/dev/null && command -v pdftoppm >/dev/null && pdfjs_ok; then
	f=$fx/encrypt-filter-leader.pdf
	opened=
	pdftoppm -q -r 36 -gray -f 1 -l 1 "$f" >"$tmp/filter.pgm" 2>/dev/null && opened="$opened poppler"
	mutool draw -q -r 36 -c gray -o "$tmp/filter.pgm" "$f" 1 >/dev/null 2>&1 && opened="$opened MuPDF"
	pdfjs draw "$f" 1 "$tmp/filter.pgm" >/dev/null 2>&1 && opened="$opened pdf.js"
	echo "opened by:$opened" >"$tmp/why"
	check "encrypt-filter-leader.pdf: no viewer opens it (/Filter /Foo)" '[ -z "$opened" ]'
else
	skip "encrypt-filter-leader.pdf: no viewer opens it (a viewer missing or KC_SKIP_VIEWERS set)"
fi
# rtpdf27: a page whose /Parent is not the node that lists it, inheriting other resources
# up the one than down the other (MuPDF and pdf.js draw the "9", the rows above), or whose
# /Resources are null under a tree that has some (poppler and MuPDF take the tree's, pdf.js
# none): noted page-inherit; the same /Parent inheriting the same resources, or a page
# naming no /Resources, carries no note.
for f in parent-leader.pdf parent-two-leader.pdf resnull-leader.pdf; do
	got=$(notes_of "$fx/$f")
	echo "notes: $got" >"$tmp/why"
	check "$f: valid, noted page-inherit (viewers inherit its resources otherwise)" \
		'case " $got " in *" page-inherit "*) true ;; *) false ;; esac'
done
for f in legit-parent-same.pdf legit-resabsent-leader.pdf; do
	got=$(notes_of "$fx/$f")
	echo "notes: $got" >"$tmp/why"
	check "$f: no note (the same resources in every viewer)" '[ -z "$got" ]'
done

# tidy36: startxref pushed out of MuPDF's 1024 bytes is refused in words naming what pushed
# it there, white space, a comment, or both (a long comment was called "white space").
for pair in "repair-ws.pdf:so much white space after its last revision" \
	"repair-eof-comment.pdf:a comment after its last startxref, so long" \
	"repair-eof-comment-ws.pdf:a comment and white space after its last startxref, so long"; do
	status 1 "${pair%%:*}: startxref out of MuPDF's reach is refused" \
		"$kc" verify -v --no-default-trust --trust "$trust" "$fx/${pair%%:*}"
	has "... naming what is there: ${pair#*:}" "${pair#*:}"
done

# MuPDF's title (mupdf-gl's title bar, mutool info): document information written as an
# object with a stream is read as a dictionary, so title-info-stream.pdf shows the contract's.
if viewers && command -v mutool >/dev/null; then
	printf 'print(new Document(scriptArgs[0]).getMetaData("info:Title"))\n' >"$tmp/title.js"
	t1=$(mutool run "$tmp/title.js" "$fx/leader.pdf" 2>/dev/null)
	t2=$(mutool run "$tmp/title.js" "$fx/title-info-stream.pdf" 2>/dev/null)
	if [ "$t1" = "45/QĐ-UBND" ] && [ "$t2" = "Hợp đồng sửa chữa nhà văn hóa: 90.000.000 đồng" ]; then
		pass "title-info-stream.pdf: MuPDF shows the contract's title from a stream's dictionary"
	else
		printf '%s\n%s\n' "$t1" "$t2" >"$tmp/why"
		fail "title-info-stream.pdf: MuPDF shows the contract's title from a stream's dictionary"
	fi
else
	skip "title-info-stream.pdf: mutool is not available"
fi

# Scripts are real: pdf.js's own sandbox (QuickJS), run as Firefox runs it on opening
# the file, sets the field that the signed document shows as 10.000.000.
if pdfjs_ok; then
	pdfjs fields "$fx/dr-leader.pdf" >"$tmp/before" 2>&1
	pdfjs fields "$fx/script-kid-format.pdf" >"$tmp/after" 2>&1
	if grep -qx 'SoTien = 10.000.000' "$tmp/before" && ! grep -q '(script)' "$tmp/before" &&
		grep -qx 'SoTien = 90.000.000 (script)' "$tmp/after"; then
		pass "script-kid-format.pdf: pdf.js's scripts set SoTien to 90.000.000 on opening"
	else
		cat "$tmp/before" "$tmp/after" >"$tmp/why"
		fail "script-kid-format.pdf: pdf.js's scripts set SoTien to 90.000.000 on opening"
	fi
	pdfjs fields "$fx/script-info-leader.pdf" >"$tmp/before" 2>&1
	pdfjs fields "$fx/script-info-subject.pdf" >"$tmp/after" 2>&1
	if grep -qx 'SoTien = 10.000.000 (script)' "$tmp/before" && ! grep -q '90.000.000' "$tmp/before" &&
		grep -qx 'SoTien = 90.000.000 (script)' "$tmp/after"; then
		pass "script-info-subject.pdf: the signed script shows the new /Subject, 90.000.000"
	else
		cat "$tmp/before" "$tmp/after" >"$tmp/why"
		fail "script-info-subject.pdf: the signed script shows the new /Subject, 90.000.000"
	fi
	# Firefox's tab: the decision's XMP title when signed, the contract's /Info /Title once
	# the XMP is dropped.
	t1=$(pdfjs title "$fx/title-two-leader.pdf" 2>&1)
	t2=$(pdfjs title "$fx/title-drop-xmp.pdf" 2>&1)
	if [ "$t1" = "Quyết định về việc hỗ trợ kinh phí" ] && [ "$t2" = "Hợp đồng sửa chữa nhà văn hóa: 90.000.000 đồng" ]; then
		pass "title-drop-xmp.pdf: Firefox's tab shows the contract's title once the XMP is dropped"
	else
		printf '%s\n%s\n' "$t1" "$t2" >"$tmp/why"
		fail "title-drop-xmp.pdf: Firefox's tab shows the contract's title once the XMP is dropped"
	fi
else
	skip "script-kid-format.pdf: pdf.js (tests/browser: npm ci) is not available"
	skip "script-info-subject.pdf: pdf.js (tests/browser: npm ci) is not available"
	skip "title-drop-xmp.pdf: pdf.js (tests/browser: npm ci) is not available"
fi

# The title bar: poppler (pdfinfo, Evince) shows the contract's /Title of the rewritten
# document information that names it twice, the signed one where it is named once.
if command -v pdfinfo >/dev/null; then
	t1=$(pdfinfo "$fx/dup-title-info.pdf" 2>/dev/null | sed -n 's/^Title: *//p')
	t2=$(pdfinfo "$fx/legit-info-keys.pdf" 2>/dev/null | sed -n 's/^Title: *//p')
	if [ "$t1" = "Hợp đồng sửa chữa nhà văn hóa: 90.000.000 đồng" ] && [ "$t2" = "45/QĐ-UBND" ]; then
		pass "dup-title-info.pdf: poppler's title bar shows the contract's title"
	else
		printf '%s\n%s\n' "$t1" "$t2" >"$tmp/why"
		fail "dup-title-info.pdf: poppler's title bar shows the contract's title"
	fi
else
	skip "dup-title-info.pdf: pdfinfo (poppler-utils) is not installed"
fi

# (rtform13) The text field without any /DA (dr-noda-leader.pdf): the same signed bytes, two
# pages: poppler draws nothing there (leader.pdf's page), MuPDF the value with its own
# Helvetica; verify notes it (field-redrawn).  With the form's /DA naming /Helv, no note.
"$kc" verify --no-default-trust --trust "$trust" --json "$fx/dr-noda-leader.pdf" </dev/null >"$tmp/out" 2>&1
"$kc" verify --no-default-trust --trust "$trust" --json "$fx/dr-noda-da-leader.pdf" </dev/null >"$tmp/out2" 2>&1
if grep -q '"code": *"field-redrawn"' "$tmp/out" && grep -q '"status": *"valid"' "$tmp/out" &&
	grep -q '"notes": *\[\]' "$tmp/out2"; then
	pass "dr-noda-leader.pdf: noted field-redrawn (no /DA sets a font), dr-noda-da-leader.pdf not"
else
	head -c 600 "$tmp/out" "$tmp/out2" >"$tmp/why"
	fail "dr-noda-leader.pdf: noted field-redrawn (no /DA sets a font), dr-noda-da-leader.pdf not"
fi
# An encrypted document's /DA is an encrypted string (kiemchung does not
# decrypt): not read as setting no font, so no field-redrawn note naming the
# field by its encrypted bytes (crypt-dr-leader.pdf's field has a /DA).
"$kc" verify --no-default-trust --trust "$trust" --json "$fx/crypt-dr-leader.pdf" </dev/null >"$tmp/out" 2>&1
if grep -q '"status": *"valid"' "$tmp/out" && ! grep -q '"code": *"field-redrawn"' "$tmp/out"; then
	pass "crypt-dr-leader.pdf: valid, no field-redrawn note from its encrypted /DA"
else
	head -c 600 "$tmp/out" >"$tmp/why"
	fail "crypt-dr-leader.pdf: valid, no field-redrawn note from its encrypted /DA"
fi
if viewers && command -v pdftoppm >/dev/null && command -v mutool >/dev/null; then
	render "$fx/leader.pdf" 1 "$tmp/a.pgm"
	render "$fx/dr-noda-leader.pdf" 1 "$tmp/b.pgm"
	render_mupdf "$fx/leader.pdf" 1 "$tmp/c.pgm"
	render_mupdf "$fx/dr-noda-leader.pdf" 1 "$tmp/d.pgm"
	if [ -s "$tmp/a.pgm" ] && cmp -s "$tmp/a.pgm" "$tmp/b.pgm" && [ -s "$tmp/d.pgm" ] && ! cmp -s "$tmp/c.pgm" "$tmp/d.pgm"; then
		pass "dr-noda-leader.pdf: poppler draws no value in the field, MuPDF draws one"
	else
		echo "poppler or MuPDF drew otherwise" >"$tmp/why"
		fail "dr-noda-leader.pdf: poppler draws no value in the field, MuPDF draws one"
	fi
else
	skip "dr-noda-leader.pdf: pdftoppm or mutool is not available"
fi

# --- 3. dossiers -----------------------------------------------------------------------
dx=$build/tests/redteam-dossiers
if ! KC_BIN=$kc KC_SOURCE_ROOT=$src sh "$src/tests/fixtures/make-redteam-dossiers.sh" "$dx" >"$tmp/why" 2>&1; then
	fail "make-redteam-dossiers.sh builds the dossiers"
	finish
fi
pass "make-redteam-dossiers.sh builds the dossiers"
while IFS=$tab read -r file code; do
	case $file in '#'* | '') continue ;; esac
	"$kc" check --json "$dx/$file" </dev/null >"$tmp/out" 2>"$tmp/err"
	rc=$?
	if [ "$code" = - ]; then
		if [ $rc = 0 ]; then pass "$file: check finds nothing"; else
			head -n 5 "$tmp/out" >"$tmp/why"
			fail "$file: check finds nothing"
		fi
		continue
	fi
	if [ $rc = 1 ] && grep -q "\"code\": *\"$code\"" "$tmp/out"; then
		pass "$file: check fails it, [$code]"
	else
		{ echo "exit status $rc"; head -n 5 "$tmp/out"; } >"$tmp/why"
		fail "$file: check fails it, [$code]"
	fi
	# rtzip4: list reads the entries as check does; it listed a shortcut, a program
	# named ….pdf.exe, a hidden .git/config or a device name as filed evidence, exit 0.
	case $code in zip | unsafe-name | duplicate)
		"$kc" list "$dx/$file" </dev/null >"$tmp/out" 2>&1
		rc=$?
		if [ $rc = 1 ]; then pass "$file: list refuses it as check does"; else
			{ echo "exit status $rc"; head -n 5 "$tmp/out"; } >"$tmp/why"
			fail "$file: list refuses it as check does"
		fi ;;
	esac
	rm -rf "$tmp/x"
	"$kc" extract "$dx/$file" -C "$tmp/x" </dev/null >/dev/null 2>&1
	rc=$?
	if [ $rc = 1 ] && [ ! -e "$tmp/x" ]; then pass "$file: extract refuses it, writing nothing"; else
		echo "exit status $rc; $(ls "$tmp/x" 2>/dev/null | head -3)" >"$tmp/why"
		fail "$file: extract refuses it, writing nothing"
	fi
done <"$dx/expected.tsv"

# rtzip18: the code-page attacks are real.  Read as Windows 7 and 8 Explorer reads a
# zip's names (in the code page of its Windows, the UTF-8 flag ignored) and compared as
# NTFS compares them (case ignored), two entries are one file; unzip lists both.  The
# honest pair stays two files in every page.
dos_pairs() { # ZIP PAGE: how many pairs of entries read as one name in PAGE
	"$py" -c "import sys, zipfile
up = lambda s: ''.join(c.upper() if len(c.upper()) == 1 else c for c in s)  # NTFS: one letter for one
names = [up(i.filename.encode().decode(sys.argv[2], 'surrogateescape')) for i in zipfile.ZipFile(sys.argv[1]).infolist()]
print(len(names) - len(set(names)))" "$@"
}
for row in name-dos437:cp437:9 name-dos1258:cp1258:10 name-dos850:cp850:10 name-dos852:cp852:10 name-dos866:cp866:10; do
	f=${row%%:*} page=${row#*:} files=${row##*:}
	page=${page%:*}
	t "$f.zip: the attack is real: two entries are one file in $page, case ignored" \
		test "$(dos_pairs "$dx/$f.zip" $page)" = 1
	t "... which unzip lists apart ($files files under data/)" test "$(unzip -Z1 "$dx/$f.zip" | grep -c '^data/')" = $files
done
for page in cp437 cp850 cp852 cp866 cp1252 cp1258; do
	t "name-dos-apart.zip (honest): every entry its own file in $page" test "$(dos_pairs "$dx/name-dos-apart.zip" $page)" = 0
done
# bé/bè (852) and HỌP/HỬP (866) are one name only in the pages of a Central European or a
# Russian Windows, which check does not read (no district officer runs one; honest dossiers
# hold such pairs): apart in the four pages read, and check passes them (the tsv's "-").
for f in name-dos852 name-dos866; do
	for page in cp437 cp850 cp1252 cp1258; do
		t "$f.zip (honest for a Vietnamese Windows): every entry its own file in $page" \
			test "$(dos_pairs "$dx/$f.zip" $page)" = 0
	done
done
# rtzip19: a folder of one entry and another's file are one name in a page (Explorer writes
# the one unpacked first and cannot make the other); the honest HỢP/ beside HỌP in none.
dos_folders() { # ZIP PAGE: how many files' names, in PAGE with case ignored, are another entry's folder
	"$py" -c "import sys, zipfile
up = lambda s: ''.join(c.upper() if len(c.upper()) == 1 else c for c in s)
names = [up(i.filename.encode().decode(sys.argv[2], 'surrogateescape')) for i in zipfile.ZipFile(sys.argv[1]).infolist()]
folders = {'/'.join(n.split('/')[:k]) for n in names for k in range(1, n.count('/') + 1)}
print(len(set(names) & folders))" "$@"
}
t "name-dos-folder.zip: the attack is real: a folder and a file are one name in cp437, case ignored" \
	test "$(dos_folders "$dx/name-dos-folder.zip" cp437)" = 1
t "name-dos-folder1258.zip: the same in cp1258" test "$(dos_folders "$dx/name-dos-folder1258.zip" cp1258)" = 1
for page in cp437 cp850 cp852 cp866 cp1252 cp1258; do
	t "name-dos-folder-apart.zip (honest): no folder is a file's name in $page" \
		test "$(dos_folders "$dx/name-dos-folder-apart.zip" $page)" = 0
done
# ingest gives the second of two such files a number, as it does a look-alike: the
# dossier it writes checks sound.
rm -rf "$tmp/dos" && mkdir -p "$tmp/dos" && cp "$src/samples/evidence/"*.pdf "$tmp/dos/"
cp "$tmp/dos/Hoá đơn Internet tháng 09-2021.pdf" "$tmp/dos/Biên bản HỌP thôn.pdf"
cp "$tmp/dos/Hoá đơn Internet tháng 10-2021.pdf" "$tmp/dos/Biên bản HỜP thôn.pdf"
t "rtzip18: ingest of \"Biên bản HỌP thôn.pdf\" and \"Biên bản HỜP thôn.pdf\" succeeds" env SOURCE_DATE_EPOCH=1633046400 \
	"$kc" --quiet ingest --report "$src/samples/report-2021.txt" --commune "Thủy An" --year 2021 -o "$tmp/dos.zip" "$tmp/dos"
t "... numbering the second (it reads as the first in code page 1258)" sh -c \
	"unzip -Z1 '$tmp/dos.zip' | grep -qF 'Biên bản HỌP thôn (2).pdf' || unzip -Z1 '$tmp/dos.zip' | grep -qF 'Biên bản HỜP thôn (2).pdf'"
t "... and check finds it sound" "$kc" check "$tmp/dos.zip"
# atkzip: the same in code page 850 (an English (United Kingdom) Windows 7): "kiểm", "kiỶm".
rm -f "$tmp/dos/Biên bản H"*
cp "$tmp/dos/Hoá đơn Internet tháng 09-2021.pdf" "$tmp/dos/Biên bản kiểm tra.pdf"
cp "$tmp/dos/Hoá đơn Internet tháng 10-2021.pdf" "$tmp/dos/Biên bản kiỶm tra.pdf"
t "atkzip: ingest of \"Biên bản kiểm tra.pdf\" and \"Biên bản kiỶm tra.pdf\" numbers the second (code page 850)" \
	sh -c "env SOURCE_DATE_EPOCH=1633046400 '$kc' --quiet ingest --report '$src/samples/report-2021.txt' \
	--commune 'Thủy An' --year 2021 -o '$tmp/dos850.zip' '$tmp/dos' && unzip -Z1 '$tmp/dos850.zip' | grep -q 'Biên bản ki.m tra (2)\.pdf'"
t "... and check finds it sound" "$kc" check "$tmp/dos850.zip"

# rtzip4: what the September invoice's look-alikes hold, as file(1) reads it: a Word
# document with macros, a disk image Explorer mounts, a web page the browser runs.
if command -v file >/dev/null 2>&1; then
	for pair in "docm:Microsoft Word 2007+" "iso:ISO 9660" "html:HTML document" "xlsb:Microsoft Excel 2007+" \
		"slk:spreadsheet interchange document"; do
		c=${pair%%:*}
		t "name-$c.zip: the attack is real: \"…09-2021.pdf.$c\" is a ${pair#*:} file" sh -c \
			"unzip -p '$dx/name-$c.zip' 'data/Hoá đơn Internet tháng 09-2021.pdf.$c' | file - | grep -qF '${pair#*:}'"
	done
else
	skip "file(1) is not installed"
fi

# The link and folder attacks are real: each reader makes of the September invoice
# what its own rules read in the entry's attributes (the check above refuses them all).
# shows NAME TOOL ZIP TEST: TOOL unpacks ZIP into a fresh folder, where TEST (-L, -d)
# holds for the September invoice; skipped when TOOL is not installed.
sept="data/Hoá đơn Internet tháng 09-2021.pdf"
# 7-Zip: Debian 12's 7zip package (7zz), or p7zip (7z).
sevenzip=$(command -v 7zz || command -v 7z || true)
shows() {
	tool=$2
	[ "$tool" = 7z ] && tool=$sevenzip
	if [ -z "$tool" ] || ! command -v "$tool" >/dev/null 2>&1; then
		skip "$1: $2 is not installed"
		return
	fi
	rm -rf "$tmp/u" && mkdir "$tmp/u"
	case $2 in
	unzip) (cd "$tmp/u" && unzip -qo "$3") >/dev/null 2>&1 ;;
	7z) (cd "$tmp/u" && "$sevenzip" x -y "$3") >/dev/null 2>&1 ;;
	bsdtar) (cd "$tmp/u" && bsdtar -xf "$3") >/dev/null 2>&1 ;;
	esac
	if test "$4" "$tmp/u/$sept"; then pass "$1"; else
		ls -l "$tmp/u/data" >"$tmp/why" 2>&1
		fail "$1"
	fi
}
shows "link-atari.zip: unzip makes the September invoice a link" unzip "$dx/link-atari.zip" -L
shows "link-dos.zip: 7-Zip makes the September invoice a link" 7z "$dx/link-dos.zip" -L
shows "link-xl.zip: bsdtar makes the September invoice a link" bsdtar "$dx/link-xl.zip" -L
shows "dir-mode.zip: 7-Zip makes the September invoice a folder" 7z "$dx/dir-mode.zip" -d
shows "dir-mode.zip: bsdtar makes it a folder too" bsdtar "$dx/dir-mode.zip" -d
shows "dir-dos.zip: 7-Zip makes the September invoice a folder" 7z "$dx/dir-dos.zip" -d
shows "dir-dos.zip: bsdtar makes it a folder too" bsdtar "$dx/dir-dos.zip" -d

# The names are real: Pango (the layout GTK, Chromium on Linux and pango-view use)
# draws each name as the one it passes for, pixel for pixel. looks NAME SHOWN WHAT
sept_shown=${sept#data/}
looks() {
	if ! command -v pango-view >/dev/null 2>&1; then
		skip "$1: pango-view is not installed"
		return
	fi
	pango-view --no-display --font="DejaVu Sans 12" --text="$2" -o "$tmp/a.png" >/dev/null 2>&1
	pango-view --no-display --font="DejaVu Sans 12" --text="$3" -o "$tmp/b.png" >/dev/null 2>&1
	if [ -s "$tmp/a.png" ] && cmp -s "$tmp/a.png" "$tmp/b.png"; then pass "$1"; else
		echo "the two names are drawn differently" >"$tmp/why"
		fail "$1"
	fi
}
rlo=$(printf '\342\200\256') zwsp=$(printf '\342\200\213') cyr_o=$(printf '\320\276')
looks "name-bidi.zip: the program is drawn as a PDF, …09-2021exe.pdf" "${sept_shown%.pdf}${rlo}fdp.exe" \
	"${sept_shown%.pdf}exe.pdf"
looks "name-zwsp.zip: the October invoice is drawn as the September invoice's name" \
	"${sept_shown%.pdf}${zwsp}.pdf" "$sept_shown"
looks "name-cyrillic.zip: the Cyrillic о is drawn as the Latin o" "H${cyr_o}${sept_shown#Ho}" "$sept_shown"
looks "name-hyphen.zip: the hyphen U+2010 is drawn as the hyphen-minus" \
	"$(printf '%s' "$sept_shown" | sed "s/09-2021/09$(printf '\342\200\220')2021/")" "$sept_shown"
# Names that differ only by spaces (rtzip3): Chromium draws index.html's link to the
# September invoice and to the October invoice named with two spaces, or with a
# space first, as one text (HTML collapses a run of spaces and drops the first).
cat >"$tmp/rows.py" <<'PYEOF'
import re, sys, urllib.parse
cells = []
for arg in sys.argv[1:]:  # PAGE=NAME: NAME's link text in the table of files of PAGE
    page, name = arg.split("=", 1)
    html = open(page, encoding="utf-8").read()
    m = re.search(r'<a href="%s">([^<]*)</a>' % re.escape(urllib.parse.quote(name, safe="/")), html)
    if not m:
        sys.exit("no link to " + name)
    cells.append(m.group(1))
print("<!doctype html><meta charset=utf-8><body>" + "".join("<p>%s</p>" % c for c in cells) + "</body>")
PYEOF
chrome=$(command -v chromium || command -v chromium-browser || true)
if viewers && [ -n "$chrome" ] && command -v pdftotext >/dev/null 2>&1 && command -v unzip >/dev/null 2>&1; then
	rm -rf "$tmp/sp" && mkdir -p "$tmp/sp/d" "$tmp/sp/l"
	unzip -qo -d "$tmp/sp/d" "$dx/name-space-double.zip" index.html >/dev/null 2>&1
	unzip -qo -d "$tmp/sp/l" "$dx/name-space-lead.zip" index.html >/dev/null 2>&1
	${PYTHON:-python3} "$tmp/rows.py" "$tmp/sp/d/index.html=$sept" \
		"$tmp/sp/d/index.html=$(printf '%s' "$sept" | sed 's/Internet tháng/Internet  tháng/')" \
		"$tmp/sp/l/index.html=data/ ${sept#data/}" >"$tmp/sp/rows.html" 2>"$tmp/why"
	timeout 120 "$chrome" --headless --no-sandbox --disable-gpu --no-pdf-header-footer \
		--print-to-pdf="$tmp/sp/rows.pdf" "file://$tmp/sp/rows.html" >/dev/null 2>&1
	pdftotext "$tmp/sp/rows.pdf" "$tmp/sp/rows.txt" 2>/dev/null
	if [ "$(grep -c "[[:alnum:]]" "$tmp/sp/rows.txt" 2>/dev/null)" = 3 ] && [ "$(grep "[[:alnum:]]" "$tmp/sp/rows.txt" | sort -u | wc -l)" = 1 ]; then
		pass "name-space-double.zip, name-space-lead.zip: Chromium draws the three links of index.html as one name"
	else
		cat "$tmp/sp/rows.txt" >>"$tmp/why" 2>&1
		fail "name-space-double.zip, name-space-lead.zip: Chromium draws the three links of index.html as one name"
	fi
else
	skip "name-space-*.zip: chromium, pdftotext or unzip is not installed, or KC_SKIP_VIEWERS is set"
fi
# A name too long to unpack (rtzip3): unzip and Python's zipfile cannot write it.
if command -v unzip >/dev/null 2>&1; then
	rm -rf "$tmp/lg" && mkdir "$tmp/lg"
	(cd "$tmp/lg" && unzip -qo "$dx/name-long.zip") >"$tmp/lg.out" 2>&1
	${PYTHON:-python3} -m zipfile -e "$dx/name-long.zip" "$tmp/lg-py" >>"$tmp/lg.out" 2>&1
	if grep -q 'File name too long' "$tmp/lg.out" && [ "$(ls "$tmp/lg/data" | wc -l)" = 8 ] &&
		! ls "$tmp/lg-py/data" | grep -q 'bản sao'; then
		pass "name-long.zip: unzip and Python cannot write the long name (File name too long), the rest is unpacked"
	else
		cat "$tmp/lg.out" >"$tmp/why"
		fail "name-long.zip: unzip and Python cannot write the long name (File name too long), the rest is unpacked"
	fi
else
	skip "name-long.zip: unzip is not installed"
fi
# A hidden .git/config: out of sight in the unpacked folder, and with the rest of a
# repository beside it (as an attacker adds it), `git status` there runs its command.
if command -v unzip >/dev/null 2>&1 && command -v git >/dev/null 2>&1; then
	rm -rf "$tmp/hg" && mkdir "$tmp/hg"
	(cd "$tmp/hg" && unzip -qo "$dx/name-hidden.zip" && mkdir -p data/.git/objects data/.git/refs &&
		echo 'ref: refs/heads/main' >data/.git/HEAD && cd data && env -u GIT_DIR git status) >"$tmp/hg.out" 2>&1
	if grep -q ran-a-program "$tmp/hg.out" && ! ls "$tmp/hg/data" | grep -q git; then
		pass "name-hidden.zip: unpacked, ls does not show .git, and git status in the folder runs its command"
	else
		cat "$tmp/hg.out" >"$tmp/why"
		fail "name-hidden.zip: unpacked, ls does not show .git, and git status in the folder runs its command"
	fi
else
	skip "name-hidden.zip: unzip or git is not installed"
fi
# The manifest with three spaces (rtzip3): unzipped, sha256sum -c looks for " data/…".
if command -v unzip >/dev/null 2>&1 && command -v sha256sum >/dev/null 2>&1; then
	rm -rf "$tmp/ms" && mkdir "$tmp/ms"
	(cd "$tmp/ms" && unzip -qo "$dx/manifest-spaces.zip" && sha256sum -c manifest-sha256.txt) >"$tmp/ms.out" 2>&1
	if grep -q "' data/Hoá đơn Internet tháng 09-2021.pdf': No such file" "$tmp/ms.out"; then
		pass "manifest-spaces.zip: sha256sum -c after unzipping looks for \" data/…\" and fails"
	else
		cat "$tmp/ms.out" >"$tmp/why"
		fail "manifest-spaces.zip: sha256sum -c after unzipping looks for \" data/…\" and fails"
	fi
else
	skip "manifest-spaces.zip: unzip or sha256sum is not installed"
fi
# The shortcut is one: file(1) reads a Windows shell link, which Explorer lists
# without its .lnk.
if command -v file >/dev/null 2>&1 && command -v unzip >/dev/null 2>&1; then
	rm -rf "$tmp/u" && mkdir "$tmp/u" && (cd "$tmp/u" && unzip -qo "$dx/name-lnk.zip") >/dev/null 2>&1
	if file "$tmp/u/$sept.lnk" | grep -q 'MS Windows shortcut'; then
		pass "name-lnk.zip: …09-2021.pdf.lnk is a Windows shortcut"
	else
		file "$tmp/u/$sept.lnk" >"$tmp/why" 2>&1
		fail "name-lnk.zip: …09-2021.pdf.lnk is a Windows shortcut"
	fi
else
	skip "name-lnk.zip: file or unzip is not installed"
fi

finish
