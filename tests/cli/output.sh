#!/bin/sh
# output.sh: kiemchung as a well-behaved Unix tool (TAP): the progress bar
# only on a terminal and only for long work, nothing extra when piped,
# --quiet; CSV that Excel opens right; the HTML reports' structure (the
# browser test is tests/slow/html.sh); --version; the bash completion; the
# manual page.
set -u

build=${KC_BUILD_ROOT:?KC_BUILD_ROOT is not set}
src=${KC_SOURCE_ROOT:?KC_SOURCE_ROOT is not set}
kc=$build/src/cli/kiemchung
tmp=$(mktemp -d "${TMPDIR:-/tmp}/kc-output-test.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
. "$src/tests/cli/tap.sh" # ok, notok, skip, check, t, status, finish
trust="--no-default-trust --trust $src/certs/test/trust"
docs=$src/samples/docs
reg=$src/samples/so-van-ban-di-2021.csv
unset KIEMCHUNG_PROGRESS_AFTER

# --- progress on a terminal ------------------------------------------------
# `script` gives the command a terminal; stdout goes to a file, so only what
# reaches stderr (the terminal) lands in the typescript.
tty_run() {
	: >"$tmp/typescript"
	script -q -e -c "$1" "$tmp/typescript" </dev/null >/dev/null 2>&1
}
if command -v script >/dev/null && script -q -e -c true /dev/null </dev/null >/dev/null 2>&1; then
	tty_run "KIEMCHUNG_PROGRESS_AFTER=0 '$kc' verify $trust --jobs 1 '$docs' >'$tmp/out'"
	cp "$tmp/typescript" "$tmp/why"
	check "a terminal gets a progress bar (verify of a directory)" \
		'grep -q "Checking signatures" "$tmp/typescript" && grep -q "7/7" "$tmp/typescript"'
	check "the bar is erased when done and stays out of stdout" \
		'grep -q "$(printf "\033")\[K" "$tmp/typescript" && ! grep -q "Checking" "$tmp/out" && grep -q "^7 documents" "$tmp/out"'
	tty_run "KIEMCHUNG_PROGRESS_AFTER=0 '$kc' index $trust --jobs 1 '$reg' >'$tmp/out'"
	cp "$tmp/typescript" "$tmp/why"
	check "index shows the bar too" 'grep -q "Checking signatures" "$tmp/typescript"'
	tty_run "KIEMCHUNG_PROGRESS_AFTER=0 '$kc' --quiet verify $trust '$docs' >'$tmp/out'"
	cp "$tmp/typescript" "$tmp/why"
	check "--quiet: no bar on a terminal" '! grep -q "Checking" "$tmp/typescript" && grep -q "^7 documents" "$tmp/out"'
	tty_run "'$kc' verify $trust '$docs' >'$tmp/out'"
	cp "$tmp/typescript" "$tmp/why"
	check "work under a second: no bar" '! grep -q "Checking" "$tmp/typescript"'
	tty_run "KIEMCHUNG_PROGRESS_AFTER=0 '$kc' --lang vi verify $trust '$docs' >'$tmp/out'"
	cp "$tmp/typescript" "$tmp/why"
	check "the bar speaks Vietnamese too" 'grep -q "Đang kiểm tra chữ ký" "$tmp/typescript"'
else
	for t in "a terminal gets a progress bar" "the bar is erased" "index shows the bar" "--quiet: no bar" \
		"work under a second: no bar" "the bar speaks Vietnamese"; do skip "$t" "no working script(1)"; done
fi

# --- piped: nothing extra ----------------------------------------------------
KIEMCHUNG_PROGRESS_AFTER=0 "$kc" verify $trust "$docs" >"$tmp/out" 2>"$tmp/err" </dev/null
cp "$tmp/err" "$tmp/why"
check "stderr not a terminal: nothing on it" '[ ! -s "$tmp/err" ] && [ "$(wc -l <"$tmp/out")" -eq 8 ]'

# --- CSV for Excel -----------------------------------------------------------
"$kc" index $trust --csv "$reg" >"$tmp/out.csv" 2>"$tmp/err"
head -c 3 "$tmp/out.csv" | od -An -tx1 | tr -d ' \n' >"$tmp/why"
check "index --csv starts with the UTF-8 BOM" '[ "$(cat "$tmp/why")" = efbbbf ]'
check "index --csv ends lines with CRLF" '[ "$(grep -c "$(printf "\r")\$" "$tmp/out.csv")" -eq "$(wc -l <"$tmp/out.csv")" ] && [ "$(wc -l <"$tmp/out.csv")" -ge 8 ]'
"$kc" index $trust --csv --csv-sep ';' "$reg" >"$tmp/semi.csv" 2>"$tmp/err"
head -1 "$tmp/semi.csv" >"$tmp/why"
check "--csv-sep ';' separates with semicolons" \
	'head -1 "$tmp/semi.csv" | grep -q "commune;line;number;date;file;found;status;leader;org;to_district;signers;reason" && ! head -1 "$tmp/semi.csv" | grep -q ","'
check "--csv-sep ';' quotes fields holding ';'" \
	'grep -qF ";\"Nguyễn Văn An (leader); UBND xã Thủy An (org)\";" "$tmp/semi.csv"'
"$kc" index $trust --csv --csv-sep ';;' "$reg" >/dev/null 2>"$tmp/why"
rc=$?
check "--csv-sep takes one character (exit 2)" '[ $rc -eq 2 ]'

# --- HTML reports: self-contained, complete ------------------------------------
"$kc" verify $trust "$docs" --html "$tmp/verify.html" >"$tmp/out" 2>"$tmp/err"
rc=$?
cp "$tmp/err" "$tmp/why"
check "verify --html: exit status as without it, text still on stdout" \
	'[ $rc -eq 1 ] && [ -s "$tmp/verify.html" ] && grep -q "^7 documents" "$tmp/out"'
check "the page is HTML5 in UTF-8 with print CSS for A4" \
	'head -1 "$tmp/verify.html" | grep -q "<!DOCTYPE html>" && grep -q "<meta charset=\"utf-8\">" "$tmp/verify.html" && grep -q "@page{size:A4" "$tmp/verify.html" && grep -q "@media print" "$tmp/verify.html"'
grep -n -i -E "<script|<link|<img|<iframe|src=|url\(|https?://" "$tmp/verify.html" >"$tmp/why"
check "the page loads nothing: no scripts, links, images or URLs" '[ ! -s "$tmp/why" ]'
missing=""
for f in 03-KH-UBND.pdf 12-QD-UBND.pdf 15-UBND-VX.pdf 18-GM-UBND.docx 21-BC-UBND.pdf 25-TB-UBND.pdf 30-QD-UBND.pdf; do
	grep -qF "$f" "$tmp/verify.html" || missing="$missing $f"
done
echo "missing:$missing" >"$tmp/why"
check "every document is on the page" '[ -z "$missing" ]'
check "signers, roles, verdicts and reasons are on the page" \
	'grep -qF "Nguyễn Văn An" "$tmp/verify.html" && grep -qF "leader" "$tmp/verify.html" && grep -qF "not valid" "$tmp/verify.html" && grep -qF "the document was modified after signing" "$tmp/verify.html" && grep -qF "5/7 (71.4%)" "$tmp/verify.html"'
"$kc" --lang vi verify $trust "$docs" --html - >"$tmp/vi.html" 2>"$tmp/why"
check "--html - writes only the page on stdout, in Vietnamese with --lang vi" \
	'head -1 "$tmp/vi.html" | grep -q "<!DOCTYPE html>" && grep -q "<html lang=\"vi\">" "$tmp/vi.html" && grep -qF "văn bản đã bị sửa sau khi ký" "$tmp/vi.html" && ! grep -q "^7 documents" "$tmp/vi.html"'
printf 'a<b>&"c\n' >"$tmp/x<y>&.pdf"
"$kc" verify $trust "$tmp/x<y>&.pdf" --html "$tmp/esc.html" >/dev/null 2>&1
check "names are escaped" 'grep -qF "x&lt;y&gt;&amp;.pdf" "$tmp/esc.html" && ! grep -qF "x<y>" "$tmp/esc.html"'
"$kc" --lang vi index $trust "$reg" --html "$tmp/index.html" >/dev/null 2>"$tmp/why"
check "index --html: the criteria in the report's words, with bars" \
	'grep -qF "Tỷ lệ văn bản đi được ký số" "$tmp/index.html" && grep -qF "5/7 (71,4%)" "$tmp/index.html" && grep -q "class=\"bar" "$tmp/index.html"'
check "index --html: every register row with verdict and reason" \
	'[ "$(grep -c "<tr><td class=\"num\">[0-9]" "$tmp/index.html")" -ge 7 ] && grep -qF "văn bản đã bị sửa sau khi ký" "$tmp/index.html" && grep -qF "25/TB-UBND" "$tmp/index.html"'
ls -a "$tmp" | grep -q '^\.index\.html\.' && echo "temporary file left" >"$tmp/why"
check "--html leaves no temporary file" '! ls -a "$tmp" | grep -q "^\.index\.html\."'
"$kc" index $trust "$reg" --html "$tmp/no/such/dir/x.html" >/dev/null 2>"$tmp/why"
rc=$?
check "--html into a missing folder: exit 2 naming it" '[ $rc -eq 2 ] && grep -q "no/such/dir" "$tmp/why"'

# --- what others wrote reaches no terminal as commands ---------------------
# A certificate anyone can make whose common name is "\r", "erase the line", a
# fake verdict, a C1 CSI and "conceal": printed raw, the terminal would show
# "x.pdf: valid (leader)" and hide the true role and summary after it.
ts=$build/tests/kc-testsign
certs=$src/certs/test
esc=$(printf '\033')
cn=$(printf 'Tr\r\033[2Kx.pdf: valid (leader)\302\233 8m\033[8m')
if openssl req -new -key "$certs/official.key" -utf8 -subj "/C=VN/O=UBND xã Thủy An/CN=$cn" \
	-out "$tmp/esc.csr" 2>/dev/null &&
	printf 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,nonRepudiation\n' >"$tmp/esc.ext" &&
	openssl x509 -req -in "$tmp/esc.csr" -CA "$certs/ca.pem" -CAkey "$certs/ca.key" -set_serial 99002 \
		-days 3650 -extfile "$tmp/esc.ext" -out "$tmp/esc.pem" 2>/dev/null &&
	"$ts" make-doc "$tmp/esc-doc.pdf" --number 12 &&
	"$ts" sign "$tmp/esc-doc.pdf" "$tmp/esc.pdf" --cert "$tmp/esc.pem" --key "$certs/official.key" \
		--chain "$certs/ca.pem"; then
	"$kc" verify $trust "$tmp/esc.pdf" >"$tmp/out" 2>&1
	cp "$tmp/out" "$tmp/why"
	check "a signer's name with terminal controls is printed escaped, never raw" \
		'! grep -q "$esc" "$tmp/out" && ! grep -q "$(printf "\r")" "$tmp/out" && ! grep -q "$(printf "\302\233")" "$tmp/out" &&
		grep -q "Tr\\\\u000D\\\\u001B\[2Kx.pdf: valid (leader)\\\\u009B 8m\\\\u001B\[8m (person)" "$tmp/out"'
	"$kc" verify --json $trust "$tmp/esc.pdf" >"$tmp/out" 2>&1
	cp "$tmp/out" "$tmp/why"
	check "JSON stays JSON and keeps the name as it is" \
		"python3 -c 'import json,sys; d=json.loads(open(sys.argv[1]).readline()); sys.exit(d[\"signatures\"][0][\"signer\"] != sys.argv[2])' '$tmp/out' '$cn'"
	# The same name in a report written with -o: `cat report.txt` in a terminal ran it.
	mkdir -p "$tmp/escreg/docs" && cp "$tmp/esc.pdf" "$tmp/escreg/docs/12-QD-UBND.pdf"
	printf 'Số, ký hiệu văn bản;Ngày tháng văn bản;Nơi nhận văn bản;Tệp\n12/QĐ-UBND;15/03/2021;UBND huyện Phú Vang;docs/12-QD-UBND.pdf\n' \
		>"$tmp/escreg/so-di.csv"
	"$kc" index -v $trust -o "$tmp/esc-report.txt" "$tmp/escreg/so-di.csv" >"$tmp/why" 2>&1
	cat "$tmp/esc-report.txt" >>"$tmp/why" 2>&1
	check "index -v -o FILE: the signer's name with terminal controls is written escaped, as on standard output" \
		'! grep -q "$esc" "$tmp/esc-report.txt" && ! grep -q "$(printf "\r")" "$tmp/esc-report.txt" &&
		grep -q "Tr\\\\u000D\\\\u001B\[2Kx.pdf: valid (leader)" "$tmp/esc-report.txt"'
	"$kc" index $trust --csv -o "$tmp/esc-report.csv" "$tmp/escreg/so-di.csv" >"$tmp/why" 2>&1
	check "index --csv -o FILE: escaped too, its lines still end in CR LF" \
		'! grep -q "$esc" "$tmp/esc-report.csv" && head -1 "$tmp/esc-report.csv" | od -c | grep -q "\\\\r  *\\\\n"'
else
	notok "the certificate with controls in its name could not be made"
fi
bad=$tmp/$(printf 'a\033[8mb').pdf
"$kc" verify $trust "$bad" >"$tmp/out" 2>&1
cp "$tmp/out" "$tmp/why"
check "a file name with controls in an error message is escaped too" \
	'! grep -q "$esc" "$tmp/out" && grep -q "a\\\\u001B\[8mb.pdf" "$tmp/out"'
# Bidi controls: a terminal that reorders them draws "a<U+202E>fdp.pdf" as
# "aexe.pdf"-style text, or a signer's name backwards.  Paths long enough that the
# control falls across the guard's 512-byte slices, once at every offset.
rlo=$(printf '\342\200\256')
long=$(printf '%0250d' 0)
: >"$tmp/out"
for j in $(seq 180 250); do "$kc" verify "$tmp/$long/$(printf "%0${j}d" 0)${rlo}fdp.pdf" >>"$tmp/out" 2>&1; done
cp "$tmp/out" "$tmp/why"
check "bidi controls in what kiemchung quotes are escaped (\\u202E), even across its write slices" \
	'! grep -q "$rlo" "$tmp/out" && [ "$(grep -o "\\\\u202E" "$tmp/out" | wc -l)" -eq 71 ]'
"$kc" index $trust --csv "$reg" >"$tmp/out" 2>/dev/null
check "CSV written to standard output keeps its CR LF line ends" \
	'head -1 "$tmp/out" | od -c | grep -q "\\\\r  *\\\\n"'

# --- --version, help ------------------------------------------------------------
"$kc" --version >"$tmp/out" 2>&1
cp "$tmp/out" "$tmp/why"
check "--version" 'grep -Eq "^kiemchung [0-9]+\.[0-9]+\.[0-9]+" "$tmp/out"'
for c in verify index check seal serve; do
	"$kc" $c --version >"$tmp/out" 2>&1
	rc=$?
	cp "$tmp/out" "$tmp/why"
	check "$c --version prints the version, exit 0" '[ $rc = 0 ] && grep -Eq "^kiemchung [0-9]+\.[0-9]+\.[0-9]+$" "$tmp/out"'
done

# The verify options shared by every command that checks signatures come after
# the command's own -h: each command's help puts a heading (or its own sentence
# ending in ':') on the line before them, so they do not read as the command's
# own; in verify's they open the option list, after a blank line.
for c in verify index lint ingest check list extract seal review serve; do
	"$kc" $c --help >"$tmp/out" 2>&1
	cp "$tmp/out" "$tmp/why"
	check "$c --help: the shared verify options under a heading" \
		'grep -B1 -- "^  --trust PATH" "$tmp/out" | head -1 | grep -Eq ":\$|^\$|^  --"'
done
"$kc" --lang vi check --help >"$tmp/out" 2>&1
cp "$tmp/out" "$tmp/why"
check "check --help in Vietnamese: the heading translated" 'grep -q "^Cách kiểm tra chữ ký" "$tmp/out"'

# --- bash completion --------------------------------------------------------------
comp=$src/src/cli/kiemchung.bash-completion
if command -v bash >/dev/null; then
	complete_words() { # the words of a command line, the last being completed
		bash -c '. "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _kiemchung; printf "%s\n" "${COMPREPLY[@]}"' \
			_ "$comp" "$@" 2>"$tmp/err"
	}
	complete_words "$kc" ver >"$tmp/why"
	check "completion: commands" 'grep -qx verify "$tmp/why"'
	complete_words "$kc" "" >"$tmp/why"
	check "completion: every command" 'for c in verify index lint ingest check list extract seal; do grep -qx $c "$tmp/why" || exit 1; done'
	complete_words "$kc" index --csv- >"$tmp/why"
	check "completion: a command's options, from its --help" 'grep -qx -- --csv-sep "$tmp/why"'
	complete_words "$kc" --lang "" >"$tmp/why"
	check "completion: --lang vi en" 'grep -qx vi "$tmp/why" && grep -qx en "$tmp/why"'
	complete_words "$kc" --lang vi verify --ht >"$tmp/why"
	check "completion: after global options" 'grep -qx -- --html "$tmp/why"'
else
	skip "completion" "no bash"
fi

# --- the manual page -----------------------------------------------------------------
page=$build/src/cli/kiemchung.1
if command -v groff >/dev/null; then
	LC_ALL=C.UTF-8 groff -k -man -Tutf8 -ww -z "$page" >"$tmp/why" 2>&1
	check "kiemchung.1 formats without warnings" '[ ! -s "$tmp/why" ]'
else
	skip "kiemchung.1 formats without warnings" "no groff"
fi
missing=""
for c in verify index lint ingest check list extract seal; do
	grep -q "^\.SS \"kiemchung $c" "$page" || missing="$missing $c"
done
for s in "EXIT STATUS" FILES ENVIRONMENT EXAMPLES; do grep -q "^\.SH $s" "$page" || missing="$missing [$s]"; done
echo "missing:$missing" >"$tmp/why"
check "the manual describes every command, exit status, files, environment, examples" '[ -z "$missing" ]'
grep -o '^    {"[a-z]*"' "$src/src/cli/main.c" | tr -d ' {"' | while read -r c; do
	grep -q "^\.SS \"kiemchung $c" "$page" || echo "$c"
done >"$tmp/why"
check "the manual knows every command of main.c" '[ ! -s "$tmp/why" ]'
# newcomer44: the Vietnamese page, which `man kiemchung` opens on a Vietnamese machine
# and the README's guide for the clerk points to, had no serve nor user; the English
# page left out options --help lists (list --require-seal, serve --max-waiting, --host…)
grep -o '^    {"[a-z]*"' "$src/src/cli/main.c" | tr -d ' {"' | while read -r c; do
	grep -q "^\.SS \"kiemchung $c" "$build/src/cli/kiemchung.vi.1" || echo "$c"
done >"$tmp/why"
check "the Vietnamese manual knows every command of main.c" '[ ! -s "$tmp/why" ]'
for c in verify index lint ingest check list extract seal serve user review; do
	"$kc" --lang en "$c" --help 2>/dev/null | grep -oE '^ +(-[a-zA-Z], )?--[a-z-]+' | grep -oE -- '--[a-z-]+' |
		while read -r o; do
			sed 's/\\-/-/g' "$page" | grep -qF -- "$o" || echo "$c $o"
		done
done >"$tmp/why"
check "the manual names every option the commands' --help lists" '[ ! -s "$tmp/why" ]'
# newcomer44: 33 rows of README's "Bad input" table had a third cell under its two-column
# header (the answer now, after the old one), which GitHub's Markdown drops; a '|' inside
# a code span splits a cell there too unless written '\|'.  Every table row has its header's cells.
if command -v python3 >/dev/null; then
	python3 - "$src/README.md" >"$tmp/why" 2>&1 <<'EOF'
import re, sys
hdr, fence = None, False
for n, line in enumerate(open(sys.argv[1], encoding='utf-8'), 1):
    line = line.rstrip('\n')
    if line.startswith('```'):
        fence = not fence
    if fence or not line.startswith('|'):
        hdr = None
        continue
    body = line.strip()[1:]
    if body.endswith('|') and not body.endswith('\\|'):
        body = body[:-1]
    cells = len(re.split(r'(?<!\\)\|', body))
    if hdr is None:
        hdr = cells
    elif not re.match(r'^\|[-| :]+\|$', line) and cells != hdr:
        print(f'README.md:{n}: {cells} cells under a header of {hdr}')
EOF
	check "README's tables: every row has its header's cells" '[ ! -s "$tmp/why" ]'
else
	skip "README's tables: every row has its header's cells" "no python3"
fi

# --- ingest's note on the validation data (newcomer42) ----------------------------------
# The sample evidence is scans, none signed: ingest said "signatures verified for the
# validation data: 0 valid of 0 signed documents" in the README's first step, a count of
# nothing a newcomer reads as a failure. It is said only when a signed document is there.
"$kc" ingest $trust --report "$src/samples/report-2021.txt" --commune "Thủy An" --year 2021 \
	-o "$tmp/scans.zip" "$src/samples/evidence" >"$tmp/out" 2>"$tmp/why"
check "ingest of unsigned scans counts no signatures (failed before: 0 valid of 0 signed documents)" \
	'[ -s "$tmp/scans.zip" ] && ! grep -q "signatures verified" "$tmp/why"'
"$kc" ingest $trust --commune "Thủy An" --year 2021 -o "$tmp/signed.zip" "$docs" >"$tmp/out" 2>"$tmp/why"
check "ingest of signed documents still counts them" \
	'grep -q "signatures verified for the validation data: 5 valid of 6 signed documents" "$tmp/why"'

# --- verify -v of a signature under no trusted anchor (newcomer42) -----------------------
# The reason "the signer's certificate does not chain to a trusted authority (untrusted)" was
# followed by its detail, the same sentence again.
"$kc" verify -v --no-default-trust "$docs/03-KH-UBND.pdf" >"$tmp/out" 2>&1
cp "$tmp/out" "$tmp/why"
check "verify -v without the anchor: the reason once (failed before: its detail repeated it)" \
	'grep -q "(untrusted)" "$tmp/out" && ! grep -q "The signer.s certificate does not chain" "$tmp/out"'
"$kc" --lang vi verify -v --no-default-trust "$docs/03-KH-UBND.pdf" >"$tmp/out" 2>&1
cp "$tmp/out" "$tmp/why"
check "... in Vietnamese too" '[ "$(grep -c "không dẫn về" "$tmp/out")" = 1 ]'
"$kc" verify -v $trust --at 2060-01-01T00:00:00Z "$docs/03-KH-UBND.pdf" >"$tmp/out" 2>&1
cp "$tmp/out" "$tmp/why"
check "... while another chain fault keeps its detail (expired at the time given)" \
	'grep -q "had expired at" "$tmp/out"'

finish
[ $failed = 0 ]
