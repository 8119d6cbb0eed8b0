#!/bin/sh
# badinput.sh: what each command answers to bad input (TAP), one test per row
# of the README's table "Bad input and what kiemchung answers": a clear verdict or
# message, the documented exit status, and never a hang (every run is under a
# timeout).  The signature attacks are in verify.sh (make-attack-fixtures.sh),
# the dossier's zip-slip and zip-bomb archives in dossier.sh.
#
# Environment: KC_BUILD_ROOT, KC_SOURCE_ROOT (set by meson), PYTHON.
set -u

build=${KC_BUILD_ROOT:?KC_BUILD_ROOT is not set}
src=${KC_SOURCE_ROOT:?KC_SOURCE_ROOT is not set}
kc=$build/src/cli/kiemchung
py=${PYTHON:-python3}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/kc-badinput-test.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
. "$src/tests/cli/wrap.sh" # KC_WRAPPER: run the binary under valgrind (tests/meson.build)
. "$src/tests/cli/tap.sh" # ok, notok, skip, check, t, status, finish
trust=$src/certs/test/trust
limit=${KC_BADINPUT_TIMEOUT:-60}
# The flood rows' own limit proves "not hashed": 28 GiB take well over 20 s natively. Under
# valgrind's setup every command is some 30 times slower (a refusal took 6 s of processor time,
# 16 s on a machine loaded 10 deep, past 20 s at 20): the limits there are longer, and 28 GiB
# under valgrind would still take hours.
flood_limit=20
if [ -n "${KC_WRAPPER:-}" ]; then
	limit=${KC_BADINPUT_TIMEOUT:-240} flood_limit=180
fi

# expect NAME WANT_RC PATTERN -- COMMAND...: runs the command (stdout and stderr
# together) under a timeout; passes when the exit status is WANT_RC and the
# output matches the extended regular expression PATTERN.
expect() {
	name=$1 want=$2 pat=$3
	shift 4
	timeout "$limit" "$@" </dev/null >"$tmp/out" 2>&1
	rc=$?
	if [ "$rc" = "$want" ] && grep -Eq -- "$pat" "$tmp/out"; then
		ok "$name"
	else
		{ echo "exit status $rc (want $want; 124 is the timeout), output:"; head -c 2000 "$tmp/out"; } >"$tmp/why"
		notok "$name"
	fi
}

# --- verify ------------------------------------------------------------------------------
printf 'Đây không phải là tệp PDF.\n' >"$tmp/vanban.pdf"
expect "verify: not a PDF: error" 1 '"status":"error".*not a PDF' -- "$kc" verify --no-default-trust --trust "$trust" --json "$tmp/vanban.pdf"
: >"$tmp/rong.pdf"
expect "verify: an empty file: error" 1 '"status":"error"' -- "$kc" verify --no-default-trust --trust "$trust" --json "$tmp/rong.pdf"
printf '%%PDF-1.7\n' >"$tmp/head.pdf"
head -c 100000 /dev/urandom >>"$tmp/head.pdf"
expect "verify: a PDF header and noise: error, no startxref" 1 '"status":"error".*startxref' -- "$kc" verify --no-default-trust --trust "$trust" --json "$tmp/head.pdf"
mkfifo "$tmp/ongdan.pdf"
expect "verify: a named pipe called .pdf: error, no hang" 1 'not a regular file' -- "$kc" verify --no-default-trust --trust "$trust" --json "$tmp/ongdan.pdf"
expect "verify: a device: error" 1 'not a regular file' -- "$kc" verify --no-default-trust --trust "$trust" --json /dev/null
expect "verify: a path that does not exist: usage error" 2 'cannot open: No such file' -- "$kc" verify --no-default-trust --trust "$trust" --json "$tmp/khongco.pdf"
# newcomer38: a command's option typed before the command was "unknown command '--trust'".
expect "kiemchung --trust … verify: exit 2, the command comes first" 2 "'--trust' is not an option for every command: the command comes first" \
	-- "$kc" --trust "$trust" verify "$src/samples/docs"
expect "kiemchung nosuch: exit 2, unknown command" 2 "unknown command 'nosuch'" -- "$kc" nosuch
expect "kiemchung --quiet verify: an option for every command before it still works" 0 '1 valid' \
	-- "$kc" --quiet verify --no-default-trust --trust "$trust" "$src/samples/docs/03-KH-UBND.pdf"
# newcomer38: a file the user names but may not read, or one under a folder they may not
# enter: exit 2 before anything is checked, saying why (it was an ERROR document, exit 1, and
# under a closed folder "no such file or directory").  Root reads everything, so as root the
# rows run as nobody (setpriv) when it can reach the binary; one met in a folder walk stays an
# ERROR document beside the readable ones (the look-alike).
as_user=
if [ "$(id -u)" = 0 ]; then
	command -v setpriv >/dev/null 2>&1 && as_user="setpriv --reuid=65534 --regid=65534 --clear-groups"
fi
mkdir -p "$tmp/quyen/kin" "$tmp/quyen/mo"
cp "$src/samples/docs/12-QD-UBND.pdf" "$tmp/quyen/mo/doc-duoc.pdf"
cp "$src/samples/docs/12-QD-UBND.pdf" "$tmp/quyen/mo/bi-mat.pdf"
cp "$src/samples/docs/12-QD-UBND.pdf" "$tmp/quyen/kin/a.pdf"
chmod 711 "$tmp"
chmod 755 "$tmp/quyen" "$tmp/quyen/mo"
chmod 644 "$tmp/quyen/mo/doc-duoc.pdf"
chmod 000 "$tmp/quyen/mo/bi-mat.pdf" "$tmp/quyen/kin"
if { [ "$(id -u)" != 0 ] || [ -n "$as_user" ]; } && $as_user "$kc" --version >/dev/null 2>&1; then
	expect "verify: a named file without read permission: exit 2, says so" 2 'bi-mat.pdf: cannot open: Permission denied' \
		-- $as_user "$kc" verify --no-default-trust --trust "$trust" "$tmp/quyen/mo/bi-mat.pdf"
	expect "verify: a file under a folder one may not enter: exit 2, not 'no such file'" 2 'kin/a.pdf: cannot open: Permission denied' \
		-- $as_user "$kc" verify --no-default-trust --trust "$trust" "$tmp/quyen/kin/a.pdf"
	expect "verify DIR: an unreadable file met in the walk: an ERROR document, the others checked" 1 \
		'1 valid, 0 invalid, 0 unsigned, 1 unreadable' -- $as_user "$kc" verify --no-default-trust --trust "$trust" "$tmp/quyen/mo"
else
	for r in 1 2 3; do skip "verify: permission row $r: cannot run as another user here"; done
fi
chmod 700 "$tmp/quyen/kin" "$tmp"
chmod 600 "$tmp/quyen/mo/bi-mat.pdf"

# A folder with links back to itself: each directory is walked once.
mkdir -p "$tmp/vong/con"
cp "$tmp/vanban.pdf" "$tmp/vong/con/"
ln -s . "$tmp/vong/x"
ln -s .. "$tmp/vong/con/y"
ln -s "$tmp/vong" "$tmp/vong/con/z"
expect "verify DIR: links that loop: each document once, no hang" 1 '^\{"file":"[^"]*vong/con/vanban.pdf".*' \
	-- "$kc" verify --no-default-trust --trust "$trust" --json "$tmp/vong"
n_lines=$(grep -c '^{' "$tmp/out")
echo "got $n_lines JSON lines" >"$tmp/why"
check "verify DIR: links that loop: one JSON line" '[ "$n_lines" = 1 ]'

# Field names in UTF-16BE and in PDFDocEncoding, a file name that is not UTF-8:
# the JSON stays UTF-8 and the names read as written.
fz=$src/tests/fuzz/corpus/verify
expect "verify --json: a UTF-16BE field name comes out as UTF-8" 1 '"field":"Chữ ký"' \
	-- "$kc" verify --no-default-trust --trust "$trust" --json "$fz/field-name-utf16.pdf"
expect "verify --json: a PDFDocEncoding field name comes out as UTF-8" 1 '"field":"Ché ký — •"' \
	-- "$kc" verify --no-default-trust --trust "$trust" --json "$fz/field-name-pdfdoc.pdf"
latin1=$(printf "$tmp/v\351n b\341n.pdf")
cp "$fz/field-name-utf16.pdf" "$latin1"
"$kc" verify --no-default-trust --trust "$trust" --json "$latin1" >"$tmp/latin1.json" 2>&1
if "$py" -c 'import json, sys; json.loads(open(sys.argv[1], "rb").read().decode("utf-8"))' "$tmp/latin1.json" 2>"$tmp/why"; then
	ok "verify --json: a file name that is not UTF-8 still gives UTF-8 JSON"
else
	notok "verify --json: a file name that is not UTF-8 still gives UTF-8 JSON"
fi

# Detached signatures that are not signatures.
printf 'tệp gốc\n' >"$tmp/a.docx"
head -c 3000 /dev/urandom >"$tmp/a.docx.p7s"
expect "verify: a .p7s that is not CMS: invalid, contents" 1 '"status":"invalid".*"contents"' -- "$kc" verify --no-default-trust --trust "$trust" --json "$tmp/a.docx"
cp "$tmp/a.docx" "$tmp/b.docx"
head -c 5000000 /dev/zero >"$tmp/b.docx.p7s"
expect "verify: a .p7s over 4 MiB: invalid, contents" 1 '"status":"invalid".*"contents"' -- "$kc" verify --no-default-trust --trust "$trust" --json "$tmp/b.docx"
cp "$tmp/a.docx" "$tmp/c.docx"
printf -- '-----BEGIN PKCS7-----\nthis is not base64 at all\n' >"$tmp/c.docx.p7s"
expect "verify: a PEM .p7s without its end line: invalid, contents" 1 '"status":"invalid".*"contents"' \
	-- "$kc" verify --no-default-trust --trust "$trust" --json "$tmp/c.docx"

# A signature flood (make-sig-flood.py): 2,000 signatures, each of whose ranges
# parts from the others' at its own gap, over 8 MiB: 28 GiB hashed for one
# verification (main's verify still hashing after 40 s).  Refused before a
# byte is hashed, for every command (hash.c's bound: 256 times the file and
# 4 GiB); 100 such signatures over 1 MiB, some 190 MiB, are still each judged
# (over 8 MiB, 1.4 GiB, they took a minute under valgrind's setup).
"$py" "$src/tests/fixtures/make-sig-flood.py" "$tmp/flood.pdf" "$src/samples/docs/12-QD-UBND.pdf" --sigs 2000 --pad 8 >/dev/null
expect "verify: a signature flood (2,000 signatures over 8 MiB): error, not hashed" 1 '"status":"error".*signature flood' \
	-- timeout "$flood_limit" "$kc" verify --no-default-trust --trust "$trust" --json "$tmp/flood.pdf"
mkdir -p "$tmp/flooddocs"
cp "$tmp/flood.pdf" "$tmp/flooddocs/40-QD-UBND.pdf"
expect "index DIR: a signature flood among the documents: counted, not signed (error), not hashed" 1 \
	'"signed":0,.*"status":"error".*signature flood' -- timeout "$flood_limit" "$kc" index --no-default-trust --trust "$trust" --json "$tmp/flooddocs"
"$py" "$src/tests/fixtures/make-sig-flood.py" "$tmp/flood100.pdf" "$src/samples/docs/12-QD-UBND.pdf" --sigs 100 --pad 1 >/dev/null
expect "verify: 100 signatures over 1 MiB are still judged (invalid here: their bytes differ)" 1 '"status":"invalid"' \
	-- "$kc" verify --no-default-trust --trust "$trust" --json "$tmp/flood100.pdf"

# --- index: the register --------------------------------------------------------------------
"$py" -c 'import sys; sys.stdout.write("number,file\n1/QĐ-UBND," + "x" * 70000 + "\n")' >"$tmp/dai.csv"
expect "index: a register field over 64 KiB: error naming the line" 2 'dai.csv:2: .*64 KiB' \
	-- "$kc" index --no-default-trust "$tmp/dai.csv"
"$py" -c 'import sys; sys.stdout.write("number,file\n" + "".join("%d/QĐ-UBND,x.pdf\n" % i for i in range(100001)))' \
	>"$tmp/nhieu.csv"
expect "index: a register of more than 100000 rows: error" 2 'not one register' \
	-- "$kc" index --no-default-trust "$tmp/nhieu.csv"
"$py" -c 'import sys; sys.stdout.write("a," * 300 + "\n")' >"$tmp/cot.csv"
expect "index: a record of more than 256 fields: error naming the line" 2 'cot.csv:1: .*fields' \
	-- "$kc" index --no-default-trust "$tmp/cot.csv"
printf 'number,file\n"1/QĐ-UBND,x.pdf\n' >"$tmp/ngoac.csv"
expect "index: a quote never closed: error naming the line" 2 'ngoac.csv:2: .*quoted' \
	-- "$kc" index --no-default-trust "$tmp/ngoac.csv"
head -c 3000 /dev/urandom >"$tmp/nhiphan.csv"
expect "index: binary data as a register: error" 2 'nhiphan.csv' -- "$kc" index --no-default-trust "$tmp/nhiphan.csv"
# newcomer38: the signed PDF given where the register or the report goes was read as text
# ("looks like UTF-16 …", "line 2: not UTF-8 text"): now named a PDF, exit 2.  A report or a
# register saved under a .pdf name is still read by its content.
expect "index: a PDF given as the register: exit 2, says it is a PDF" 2 '12-QD-UBND.pdf: a PDF document, not a register' \
	-- "$kc" index --no-default-trust --trust "$trust" "$src/samples/docs/12-QD-UBND.pdf"
expect "lint --register: a PDF given as the register: exit 2, says it is a PDF" 2 '12-QD-UBND.pdf: a PDF document, not a register' \
	-- "$kc" lint --no-default-trust --trust "$trust" --register "$src/samples/docs/12-QD-UBND.pdf" "$src/samples/report-2021.txt"
expect "lint: a PDF given as the report: exit 2, says it is a PDF" 2 '12-QD-UBND.pdf: a PDF document, not a report' \
	-- "$kc" lint "$src/samples/docs/12-QD-UBND.pdf"
expect "ingest --report: a PDF given as the report: exit 2, says it is a PDF, no dossier" 2 'a PDF document, not a report' \
	-- "$kc" ingest --quiet --report "$src/samples/docs/12-QD-UBND.pdf" -o "$tmp/pdf-report.zip" "$src/samples/evidence"
check "ingest --report PDF: no dossier written" '[ ! -e "$tmp/pdf-report.zip" ]'
cp "$src/samples/report-2021.txt" "$tmp/bao-cao.pdf"
expect "lint: a text report saved as .pdf is still read by its content" 1 'bao-cao.pdf: 36 criteria' -- "$kc" lint "$tmp/bao-cao.pdf"
mkdir -p "$tmp/docs"
cp "$src/samples/docs/12-QD-UBND.pdf" "$tmp/docs/"
mkfifo "$tmp/docs/30-QD-UBND.pdf"
expect "index DIR: a named pipe among the documents: unreadable, no hang" 1 '30-QD-UBND.pdf: .*not a regular file' \
	-- "$kc" index --no-default-trust --trust "$trust" "$tmp/docs"

# --- index and lint: Excel workbooks and Word reports that attack the XML or the zip -----------
"$py" "$src/tests/fixtures/make-ooxml-fixtures.py" --hostile "$tmp/ox"
ox=$tmp/ox
expect "index: a workbook part over 256 MiB (zip bomb): exit 2 naming the part" 2 'bomb.xlsx: xl/worksheets/sheet1.xml: refused: it inflates to [0-9]+ bytes' \
	-- "$kc" index --no-default-trust "$ox/bomb.xlsx"
expect "index: a workbook part deflated more than 200 times: exit 2" 2 'ratio.xlsx: xl/worksheets/sheet1.xml: .*zip bomb' \
	-- "$kc" index --no-default-trust "$ox/ratio.xlsx"
expect "index: billion laughs (a DOCTYPE) in a worksheet: exit 2" 2 'laughs.xlsx: xl/worksheets/sheet1.xml: refused: the part has a DOCTYPE' \
	-- "$kc" index --no-default-trust "$ox/laughs.xlsx"
expect "index: an external entity (file:///etc/passwd) in the shared strings: exit 2" 2 'xxe.xlsx: xl/sharedStrings.xml: refused: the part has a DOCTYPE' \
	-- "$kc" index --no-default-trust "$ox/xxe.xlsx"
expect "index: an entity with no DTD: exit 2" 2 "entity.xlsx: xl/sharedStrings.xml: line 2: not well-formed XML: Entity 'xxe' not defined" \
	-- "$kc" index --no-default-trust "$ox/entity.xlsx"
expect "index: a shared-string index out of range: exit 2 naming the cell" 2 'sst-range.xlsx: xl/worksheets/sheet1.xml: cell B2 refers to shared string 9999, but the workbook has 4' \
	-- "$kc" index --no-default-trust "$ox/sst-range.xlsx"
expect "index: a worksheet cut off in a row: exit 2" 2 'truncated.xlsx: xl/worksheets/sheet1.xml: the part ends in the middle' \
	-- "$kc" index --no-default-trust "$ox/truncated.xlsx"
# (rtzip10: the bytes past what the headers claim belong to no entry, which the layout check
# of Office packages refuses before libzip reads the part short)
expect "index: an entry shorter than its header says: exit 2" 2 'lying.xlsx: refused: bytes [0-9]+ to [0-9]+ belong to no entry' \
	-- "$kc" index --no-default-trust "$ox/lying.xlsx"
expect "index: an Excel 97-2003 .xls: exit 2 saying how to save it" 2 'old.xls: an Excel 97-2003 .*save it again as .xlsx' \
	-- "$kc" index --no-default-trust "$ox/old.xls"
expect "index: a zip header and nothing else: exit 2" 2 'not-zip.xlsx: not a readable zip' \
	-- "$kc" index --no-default-trust "$ox/not-zip.xlsx"
expect "lint: billion laughs in a Word report: exit 2" 2 'laughs.docx: word/document.xml: refused: the part has a DOCTYPE' \
	-- "$kc" lint "$ox/laughs.docx"
expect "lint: an external entity in a Word report: exit 2" 2 'xxe.docx: word/document.xml: refused: the part has a DOCTYPE' \
	-- "$kc" lint "$ox/xxe.docx"
expect "lint: a Word report cut in half: exit 2" 2 'truncated.docx: word/document.xml: ' -- "$kc" lint "$ox/truncated.docx"
expect "lint: a Word report over 256 MiB (zip bomb): exit 2" 2 'bomb.docx: word/document.xml: refused: it inflates' \
	-- "$kc" lint "$ox/bomb.docx"
expect "lint: a Word 97-2003 .doc: exit 2" 2 'old.doc: .*Word 97-2003' -- "$kc" lint "$ox/old.doc"
mkfifo "$ox/ongdan.xlsx" "$ox/ongdan.docx"
expect "index: a named pipe called .xlsx: exit 2, no hang" 2 'ongdan.xlsx: cannot open: not a regular file' \
	-- "$kc" index --no-default-trust "$ox/ongdan.xlsx"
expect "lint: a named pipe called .docx: exit 2, no hang" 2 'ongdan.docx: cannot open: not a regular file' \
	-- "$kc" lint "$ox/ongdan.docx"
expect "ingest --report: a hostile Word report: exit 2, no dossier" 2 'xxe.docx: word/document.xml: refused' \
	-- "$kc" ingest --report "$ox/xxe.docx" -o "$ox/hs.zip" "$ox/good.docx"
check "ingest --report: a hostile Word report: nothing written" '[ ! -e "$ox/hs.zip" ]'

# --- lint: the report ------------------------------------------------------------------------
head_row=$(printf 'STT\tTIÊU CHÍ\tĐơn vị chủ trì thực hiện\tNội dung thực hiện')
"$py" -c 'import sys; sys.stdout.write(sys.argv[1] + "\n1\tx\ty\t" + "z" * 70000 + "\n")' "$head_row" >"$tmp/dai.txt"
expect "lint: a report line over 64 KiB: error naming the line" 2 'line 2: ' -- "$kc" lint "$tmp/dai.txt"
printf '%s\n1\tx\ty\t\377\376\n' "$head_row" >"$tmp/sai.txt"
expect "lint: a report that is not UTF-8: error naming the line" 2 'line 2: .*UTF-8' -- "$kc" lint "$tmp/sai.txt"

# --- check, list, extract: something that is not a dossier -----------------------------------
head -c 5000 /dev/urandom >"$tmp/rac.zip"
expect "check: not a zip: failed, [zip]" 1 'not a readable zip' -- "$kc" check "$tmp/rac.zip"
: >"$tmp/rong.zip"
expect "check: an empty file: failed, [zip]" 1 'not a readable zip' -- "$kc" check "$tmp/rong.zip"
expect "list: not a zip: error, the exit status check gives" 1 'not a readable zip' -- "$kc" list "$tmp/rac.zip"
expect "list: a path that does not exist: usage error, as check" 2 'No such file' -- "$kc" list "$tmp/khongco.zip"
expect "check: a path that does not exist: usage error" 2 'No such file' -- "$kc" check "$tmp/khongco.zip"
# A path that does not exist is said one way by every command that reads one (it was said four
# ways: "no such file or directory", "cannot read: …", "PATH: No such …" and, by ingest, "not a
# folder"), in English and Vietnamese alike: exit 2.
for c in verify lint index review check list extract seal ingest; do
	case $c in
	extract) set -- extract "$tmp/khongco" -C "$tmp/ra" ;;
	seal) set -- seal "$tmp/khongco" --key "$src/certs/test/org.key" --cert "$src/certs/test/org.pem" ;;
	ingest) set -- ingest "$tmp/khongco" -o "$tmp/khongco-out.zip" ;;
	*) set -- "$c" "$tmp/khongco" ;;
	esac
	expect "$c: a path that does not exist: exit 2, 'cannot open: No such file'" 2 \
		"khongco: cannot open: No such file or directory" -- env LANG=C.UTF-8 LC_ALL= "$kc" "$@"
	expect "$c --lang vi: the same, one wording ('không mở được')" 2 "khongco: không mở được: " \
		-- env LANG=C.UTF-8 LC_ALL= "$kc" --lang vi "$@"
done
# newcomer41: a --trust folder that is not there (the archivist's copy of the trust directory
# moved) said only "…/khongco-tin: cannot open: No such file or directory", naming no option:
# now it says the trust directory, by --trust, and what to give; exit 2, nothing checked.
expect "check --trust a folder that does not exist: exit 2, names --trust and the fix" 2 \
	"the trust directory \(--trust\): .*khongco-tin: cannot open: No such file or directory; give the file or folder" \
	-- env LANG=C.UTF-8 LC_ALL= "$kc" check --no-default-trust --trust "$tmp/khongco-tin" "$tmp/khongco"
expect "check --trust missing --lang vi: the same in Vietnamese" 2 "thư mục tin cậy \(--trust\): " \
	-- env LANG=C.UTF-8 LC_ALL= "$kc" --lang vi check --no-default-trust --trust "$tmp/khongco-tin" "$tmp/khongco"
mkdir -p "$tmp/ra"
expect "extract: not a zip: failed, nothing written" 1 'not a readable zip' -- "$kc" extract "$tmp/rac.zip" -C "$tmp/ra"
check "extract: not a zip: the folder stays empty" '[ -z "$(ls -A "$tmp/ra")" ]'


# --- serve, user: a build that made kiemchung but not kiemchung-desk --------------------------
# newcomer39: `user list|passwd|del --data TYPO` made a new, empty desk there (the folders and a
# database, even under a path that did not exist) and listed no accounts, exit 0: a typo in --data
# looked like a desk with no users.  Only `user add` may start a desk (the first account).
expect "user list --data a folder holding no desk: exit 2, names it, makes nothing" 2 \
	"nodesk-typo: no desk here \\(no kiemchung.db\\)" -- "$kc" user list --data "$tmp/nodesk-typo"
if [ -e "$tmp/nodesk-typo" ]; then notok "... and leaves nothing behind"; else ok "... and leaves nothing behind"; fi
expect "user del --data a folder holding no desk: exit 2" 2 "no desk here" \
	-- "$kc" user del --data "$tmp/nodesk-typo" clerk
# newcomer44: a first `user add` refused for its password (under 8 characters) made the desk
# all the same, so `user list` then answered exit 0 with no account, and `serve` started a
# desk nobody can log in to.  The password is judged before anything is made.
printf '%s\n' short | "$kc" user add --data "$tmp/desk-short" --role admin admin-1 >"$tmp/out" 2>&1
rc=$?
if [ "$rc" = 2 ] && grep -q 'at least 8 characters' "$tmp/out" && [ ! -e "$tmp/desk-short" ]; then
	ok "user add with a short password: exit 2, names the rule, makes no desk"
else
	{ echo "exit status $rc (want 2), output:"; cat "$tmp/out"; ls -la "$tmp/desk-short" 2>&1; } >"$tmp/why"
	notok "user add with a short password: exit 2, names the rule, makes no desk"
fi
printf '%s\n' password-ok | "$kc" user add --data "$tmp/desk-new" --role admin admin-1 >/dev/null 2>&1
expect "user list after user add made the desk: still listed (look-alike)" 0 "admin-1" \
	-- "$kc" user list --data "$tmp/desk-new"

# newcomer39: getopt's own message named the command alone ("verify: unrecognized option"), unlike
# every other message ("kiemchung verify: ..."); the desk's commands keep their names.
expect "verify --bogus: exit 2, the message names the program" 2 "^kiemchung verify: .*--bogus" \
	-- "$kc" verify --bogus
expect "user --bogus (run by kiemchung-desk): exit 2, the message names the program" 2 "^kiemchung user: .*--bogus" \
	-- "$kc" user --bogus
expect "help verify: still the command's help (look-alike)" 0 "^Usage: kiemchung verify" -- "$kc" help verify

# A build tree where only `kiemchung` was built (a target list that leaves the desk out): the
# message must say how to make the desk, not that it "is built with kiemchung".  The copy sits
# under the build root (so it runs as uninstalled) and one level below src/, like src/cli/, so
# its runpath ($ORIGIN/../lib) still finds the library.  The program itself is copied, not $kc:
# under `--setup valgrind` $kc is a script that runs the build's own copy, beside its desk.
nodesk=$(mktemp -d "$build/src/kc-nodesk.XXXXXX")
cp "$build/src/cli/kiemchung" "$nodesk/kiemchung"
expect "serve: the build made no kiemchung-desk: exit 2, how to build it" 2 "kiemchung-desk.*ninja -C $build" \
	-- "$nodesk/kiemchung" serve --help
expect "user: the build made no kiemchung-desk: exit 2, how to build it" 2 "kiemchung-desk.*ninja -C $build" \
	-- "$nodesk/kiemchung" user list --data "$tmp/desk-data"
rm -rf "$nodesk"

finish
