#!/bin/sh
# notes.sh: the notes beside a verdict, end to end (TAP).  A signed revision can
# itself read differently in different viewers with nothing changed after signing
# (a hidden widget pdf.js draws, a text field whose /V is not its /AP, an XFA form,
# a wrong /Pages /Count, scripts): the signature stays valid, and verify, index and
# review say so beside it.
#
# 1. tests/fixtures/make-coverage-fixtures.sh writes notes.tsv: each file and the note
#    codes it must carry ("-": none, for the legitimate shapes: an invisible signature
#    with /Rect [0 0 0 0], a text field whose /AP draws its /V, ...); checked against
#    `verify --json` (status valid, exit 0, the codes in order).
# 2. What pdf.js draws of the hidden widget is really not what poppler draws
#    (tests/tools/pdfjs.mjs; skipped without node and pdfjs-dist); the pop-ups pdf.js
#    opens, and what Chromium's own viewer (PDFium) shows once its form actions ran
#    (tests/tools/pdfium.mjs; skipped without chromium and playwright-core).
# 3. The text output (one indented line per note, and the count), --html.
# 4. index and review: the figure stays, the count of noted documents comes beside it
#    (text, --json, index --html).
# 5. The pyHanko corpus and the samples carry no note.
#
# Environment: KC_BUILD_ROOT, KC_SOURCE_ROOT, KC_CORPUS (set by meson), PYTHON.
set -u

build=${KC_BUILD_ROOT:?KC_BUILD_ROOT is not set}
src=${KC_SOURCE_ROOT:?KC_SOURCE_ROOT is not set}
corpus=${KC_CORPUS:-$src/tests/corpus}
kc=$build/src/cli/kiemchung
py=${PYTHON:-python3}
trust=$src/certs/test/trust

tmp=$(mktemp -d "${TMPDIR:-/tmp}/kc-notes-test.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
. "$src/tests/cli/wrap.sh" # KC_WRAPPER: run the binary under valgrind (tests/meson.build)
. "$src/tests/cli/tap.sh" # ok, notok, skip, check, t, status, finish
. "$src/tests/cli/pdfjs.sh" # pdfjs_ok, pdfjs: one pdf.js process for the suite
: >"$tmp/why"
fx=$tmp/fx
# draw_pair A B X: page 1 of $fx/A.pdf and $fx/B.pdf drawn by poppler
# ($tmp/X-pp-a-1.pgm, …-b-1.pgm) and MuPDF ($tmp/X-mu-a.pgm, …-b.pgm), at 30 dpi;
# drawn_alike X: each drew A as it drew B (and MuPDF drew A at all).
draw_pair() {
	pdftoppm -r 30 -gray "$fx/$1.pdf" "$tmp/$3-pp-a" 2>/dev/null
	pdftoppm -r 30 -gray "$fx/$2.pdf" "$tmp/$3-pp-b" 2>/dev/null
	mutool draw -q -r 30 -c gray -o "$tmp/$3-mu-a.pgm" "$fx/$1.pdf" 1 2>/dev/null
	mutool draw -q -r 30 -c gray -o "$tmp/$3-mu-b.pgm" "$fx/$2.pdf" 1 2>/dev/null
}
drawn_alike() {
	[ -s "$tmp/$1-mu-a.pgm" ] && cmp -s "$tmp/$1-pp-a-1.pgm" "$tmp/$1-pp-b-1.pgm" && cmp -s "$tmp/$1-mu-a.pgm" "$tmp/$1-mu-b.pgm"
}

if [ ! -x "$kc" ]; then
	echo "1..0 # SKIP kiemchung not built at $kc"
	exit 0
fi
V() { "$kc" verify --no-default-trust --trust "$trust" "$@"; }

# --- 1. one file per note, and the legitimate shapes with none ------------------------
if KC_TESTSIGN=$build/tests/kc-testsign KC_SOURCE_ROOT=$src \
	sh "$src/tests/fixtures/make-coverage-fixtures.sh" "$fx" >"$tmp/why" 2>&1; then
	pass "make-coverage-fixtures.sh builds the fixtures"
else
	fail "make-coverage-fixtures.sh builds the fixtures"
	finish
fi
: >"$tmp/why"
# codes FILE: "status codes" of verify --json ("-" for no note).
codes() {
	V --json "$1" 2>"$tmp/why" | "$py" -c '
import json, sys
d = json.loads(sys.stdin.readline())
print(d["status"], ",".join(n["code"] for n in d["notes"]) or "-")
for n in d["notes"]:
    assert n["message"], "a note without a message"'
}
tab=$(printf '\t')
seen=
while IFS=$tab read -r file want; do
	case $file in '#'* | '') continue ;; esac
	got=$(codes "$fx/$file")
	rc=$?
	V "$fx/$file" >/dev/null 2>&1
	vrc=$?
	if [ "$got" = "valid $want" ] && [ $rc -eq 0 ] && [ $vrc -eq 0 ]; then
		pass "$file: valid, notes $want"
	else
		echo "got: $got (exit $vrc)" >>"$tmp/why"
		fail "$file: valid, notes $want"
	fi
	seen="$seen $want"
done <"$fx/notes.tsv"
for code in hidden-appearance field-value xfa page-count javascript field-redrawn object-stream stream-dictionary page-box portfolio; do
	check "notes.tsv has a file for $code" 'case " $seen " in *" $code "*) true ;; *) false ;; esac'
done

# (rtform16) The note on /F beyond 32 bits says who draws it: poppler (it said poppler drew nothing).
for f in 4294967298 2.0; do
	check "note-flags-$f-leader.pdf: the note says poppler draws the widget and MuPDF hides it" \
		'V --json "$fx/note-flags-$f-leader.pdf" 2>/dev/null | grep -q "is drawn by poppler, which reads no flags there, and hidden by MuPDF"'
done

# --- 2. the hidden widget: pdf.js draws it, poppler does not --------------------------
# (KC_SKIP_VIEWERS: a quicker run by hand, without the viewers; tests/cli/rows.sh.)
if pdfjs_ok &&
	command -v pdftoppm >/dev/null; then
	pdfjs draw "$fx/prepared-hidden-leader.pdf" 1 "$tmp/hidden-pdfjs.pgm" >/dev/null 2>&1
	pdfjs draw "$fx/leader.pdf" 1 "$tmp/leader-pdfjs.pgm" >/dev/null 2>&1
	check "pdf.js draws the hidden widget of prepared-hidden-leader.pdf (not what it draws of leader.pdf)" \
		'[ -s "$tmp/hidden-pdfjs.pgm" ] && ! cmp -s "$tmp/hidden-pdfjs.pgm" "$tmp/leader-pdfjs.pgm"'
else
	skip "pdf.js draws the hidden widget" "node with pdfjs-dist, or pdftoppm, is missing, or KC_SKIP_VIEWERS is set"
fi

# The print-only Stamp is real: poppler's print path (pdftocairo -pdf prints, as pdftops
# does) draws the "9" that pdftoppm, drawing for the screen, does not.
if [ -z "${KC_SKIP_VIEWERS:-}" ] && command -v pdftocairo >/dev/null && command -v pdftoppm >/dev/null; then
	pdftocairo -pdf "$fx/note-print-only-leader.pdf" "$tmp/printed.pdf" 2>/dev/null
	pdftocairo -pdf "$fx/leader.pdf" "$tmp/printed-leader.pdf" 2>/dev/null
	pdftoppm -r 30 -gray "$fx/note-print-only-leader.pdf" "$tmp/screen" 2>/dev/null
	pdftoppm -r 30 -gray "$fx/leader.pdf" "$tmp/screen-leader" 2>/dev/null
	pdftoppm -r 30 -gray "$tmp/printed.pdf" "$tmp/paper" 2>/dev/null
	pdftoppm -r 30 -gray "$tmp/printed-leader.pdf" "$tmp/paper-leader" 2>/dev/null
	check "note-print-only-leader.pdf: the screen shows leader.pdf's page, the paper another (poppler)" \
		'cmp -s "$tmp/screen-1.pgm" "$tmp/screen-leader-1.pgm" && [ -s "$tmp/paper-1.pgm" ] && ! cmp -s "$tmp/paper-1.pgm" "$tmp/paper-leader-1.pgm"'
else
	skip "the print-only Stamp prints" "pdftocairo or pdftoppm is missing, or KC_SKIP_VIEWERS is set"
fi

# (rtform18) The open pop-up is pdf.js's alone: poppler and MuPDF draw the page whose pop-up
# says /Open true as the one whose pop-up is closed (the icon only), where Firefox opens a
# box saying 90.000.000 over the amount (pdf.js's annotation layer, not its canvas: seen in
# Chromium, not drawn here).
if [ -z "${KC_SKIP_VIEWERS:-}" ] && command -v mutool >/dev/null && command -v pdftoppm >/dev/null; then
	for s in open none-popup-closed; do
		f=$fx/note-popup-$s-leader.pdf
		[ "$s" = open ] || f=$fx/note-$s-leader.pdf
		pdftoppm -r 30 -gray "$f" "$tmp/popup-$s-poppler" 2>/dev/null
		mutool draw -q -r 30 -c gray -o "$tmp/popup-$s-mupdf.pgm" "$f" 1 2>/dev/null
	done
	check "note-popup-open-leader.pdf: poppler and MuPDF draw it as the closed pop-up's page" \
		'[ -s "$tmp/popup-open-poppler-1.pgm" ] && cmp -s "$tmp/popup-open-poppler-1.pgm" "$tmp/popup-none-popup-closed-poppler-1.pgm" &&
		[ -s "$tmp/popup-open-mupdf.pgm" ] && cmp -s "$tmp/popup-open-mupdf.pgm" "$tmp/popup-none-popup-closed-mupdf.pgm"'
else
	skip "the open pop-up is pdf.js's alone" "mutool or pdftoppm is missing, or KC_SKIP_VIEWERS is set"
fi
# (rtform19) Chromium's own viewer (PDFium, as in Chrome and Edge), the fourth viewer
# (tests/tools/pdfium.mjs, the top of page 1 as it shows it): it runs the catalog's open
# /ResetForm and shows the /DV, 90.000.000, where the same field without the action shows
# 10.000.000; and it runs page 1's /AA /C when the reader scrolls on to page 2: back on page 1
# the amount has changed, where the same two pages whose reset runs only as the document
# closes (/AA /WC, no note) look as they did.
if [ -z "${KC_SKIP_VIEWERS:-}" ] && command -v node >/dev/null && node "$src/tests/tools/pdfium.mjs" check 2>/dev/null; then
	{
		printf 'open\t%s\t%s\n' "$fx/note-reset-open-leader.pdf" "$tmp/pdfium-open.png" \
			"$fx/note-none-dv-leader.pdf" "$tmp/pdfium-dv.png" \
			"$fx/note-reset-leave-leader.pdf" "$tmp/pdfium-leave-0.png" \
			"$fx/note-none-reset-close-leader.pdf" "$tmp/pdfium-close-0.png" \
			"$fx/note-none-reset-widget-po-leader.pdf" "$tmp/pdfium-widget-po.png"
		printf 'back\t%s\t%s\n' "$fx/note-reset-leave-leader.pdf" "$tmp/pdfium-leave-1.png" \
			"$fx/note-none-reset-close-leader.pdf" "$tmp/pdfium-close-1.png" \
			"$fx/note-none-reset-widget-pv-leader.pdf" "$tmp/pdfium-widget-pv.png"
	} >"$tmp/pdfium.tsv"
	node "$src/tests/tools/pdfium.mjs" shots "$tmp/pdfium.tsv" 2>>"$tmp/why"
	check "note-reset-open-leader.pdf: Chromium's viewer (PDFium) runs the open /ResetForm, not the page note-none-dv-leader.pdf shows" \
		'[ -s "$tmp/pdfium-open.png" ] && [ -s "$tmp/pdfium-dv.png" ] && ! cmp -s "$tmp/pdfium-open.png" "$tmp/pdfium-dv.png"'
	check "note-reset-leave-leader.pdf: PDFium runs page 1's /AA /C when page 2 is reached: page 1 changed on coming back" \
		'[ -s "$tmp/pdfium-leave-0.png" ] && [ -s "$tmp/pdfium-leave-1.png" ] && ! cmp -s "$tmp/pdfium-leave-0.png" "$tmp/pdfium-leave-1.png" &&
		cmp -s "$tmp/pdfium-leave-0.png" "$tmp/pdfium-close-0.png"'
	check "note-none-reset-close-leader.pdf: page 1 as it was after page 2 and back (/AA /WC runs on closing)" \
		'[ -s "$tmp/pdfium-close-0.png" ] && cmp -s "$tmp/pdfium-close-0.png" "$tmp/pdfium-close-1.png"'
	# (rtform20) A widget's own /AA /PO and /PV /ResetForm: PDFium runs neither (held).
	for k in po pv; do
		check "note-none-reset-widget-$k-leader.pdf: PDFium shows the page note-none-dv-leader.pdf shows (the widget's /AA /${k} not run)" \
			'[ -s "$tmp/pdfium-widget-$k.png" ] && cmp -s "$tmp/pdfium-widget-$k.png" "$tmp/pdfium-dv.png"'
	done
else
	skip "Chromium's viewer (PDFium) runs the form actions" "chromium, node or playwright-core is missing, or KC_SKIP_VIEWERS is set"
fi
# (rtform19) What pdf.js's annotation layer opens on loading (tests/tools/pdfjs.mjs popups:
# its walk over what the worker reads; seen so in Chromium with pdf.js 5.6's viewer): a box
# saying 90.000.000 for each noted pop-up, a group reply's (its text and pop-up its /IRT's)
# among them, and none for the closed group or the plain reply, which carry no note.
# poppler and MuPDF draw the group reply's page as the closed one's.
if pdfjs_ok; then
	for s in popup-open popup-freetext popup-group popup-group-parent none-popup-closed none-popup-group-closed \
		none-popup-reply none-popup-empty; do
		pdfjs popups "$fx/note-$s-leader.pdf" 1 >"$tmp/pdfjs-$s.txt" 2>>"$tmp/why" ||
			echo failed >"$tmp/pdfjs-$s.txt"
	done
	for s in popup-open popup-freetext popup-group popup-group-parent; do
		check "note-$s-leader.pdf: pdf.js opens a pop-up saying 90.000.000 over the page" \
			'case $(cat "$tmp/pdfjs-$s.txt") in "open: "*" | 90.000.000") true ;; *) false ;; esac'
	done
	for s in none-popup-closed none-popup-group-closed none-popup-reply none-popup-empty; do
		check "note-$s-leader.pdf: pdf.js opens no pop-up" '[ ! -s "$tmp/pdfjs-$s.txt" ]'
	done
else
	skip "pdf.js opens the noted pop-ups" "node with pdfjs-dist is missing, or KC_SKIP_VIEWERS is set"
fi
if [ -z "${KC_SKIP_VIEWERS:-}" ] && command -v mutool >/dev/null && command -v pdftoppm >/dev/null; then
	for s in popup-group none-popup-group-closed; do
		pdftoppm -r 30 -gray "$fx/note-$s-leader.pdf" "$tmp/$s-poppler" 2>/dev/null
		mutool draw -q -r 30 -c gray -o "$tmp/$s-mupdf.pgm" "$fx/note-$s-leader.pdf" 1 2>/dev/null
	done
	check "note-popup-group-leader.pdf: poppler and MuPDF draw it as the closed group's page" \
		'[ -s "$tmp/popup-group-poppler-1.pgm" ] && cmp -s "$tmp/popup-group-poppler-1.pgm" "$tmp/none-popup-group-closed-poppler-1.pgm" &&
		[ -s "$tmp/popup-group-mupdf.pgm" ] && cmp -s "$tmp/popup-group-mupdf.pgm" "$tmp/none-popup-group-closed-mupdf.pgm"'
else
	skip "the group reply's pop-up is pdf.js's alone" "mutool or pdftoppm is missing, or KC_SKIP_VIEWERS is set"
fi

# The layer is real: MuPDF applies its /Usage and draws leader.pdf's page, poppler draws
# the "9" (pdf.js too hides it: tests/tools/pdfjs.mjs, when it is there).
if [ -z "${KC_SKIP_VIEWERS:-}" ] && command -v mutool >/dev/null && command -v pdftoppm >/dev/null; then
	mutool draw -q -r 30 -c gray -o "$tmp/oc-mupdf.pgm" "$fx/note-oc-view-leader.pdf" 1 2>/dev/null
	mutool draw -q -r 30 -c gray -o "$tmp/leader-mupdf.pgm" "$fx/leader.pdf" 1 2>/dev/null
	pdftoppm -r 30 -gray "$fx/note-oc-view-leader.pdf" "$tmp/oc-poppler" 2>/dev/null
	pdftoppm -r 30 -gray "$fx/leader.pdf" "$tmp/oc-poppler-leader" 2>/dev/null
	check "note-oc-view-leader.pdf: MuPDF draws leader.pdf's page, poppler another" \
		'[ -s "$tmp/oc-mupdf.pgm" ] && cmp -s "$tmp/oc-mupdf.pgm" "$tmp/leader-mupdf.pgm" && ! cmp -s "$tmp/oc-poppler-1.pgm" "$tmp/oc-poppler-leader-1.pgm"'
	if pdfjs_ok; then
		pdfjs draw "$fx/note-oc-view-leader.pdf" 1 "$tmp/oc-pdfjs.pgm" >/dev/null 2>&1
		pdfjs draw "$fx/leader.pdf" 1 "$tmp/oc-pdfjs-leader.pgm" >/dev/null 2>&1
		check "note-oc-view-leader.pdf: pdf.js draws leader.pdf's page" \
			'[ -s "$tmp/oc-pdfjs.pgm" ] && cmp -s "$tmp/oc-pdfjs.pgm" "$tmp/oc-pdfjs-leader.pgm"'
	fi
else
	skip "the layer's usage" "mutool or pdftoppm is missing, or KC_SKIP_VIEWERS is set"
fi

# (rtpdf9) The Stamp with /F 292 (NoView, Print, ToggleNoView): the screen (poppler,
# MuPDF) shows leader.pdf's page, poppler's paper the "9".
if [ -z "${KC_SKIP_VIEWERS:-}" ] && command -v pdftocairo >/dev/null && command -v mutool >/dev/null; then
	pdftocairo -pdf "$fx/note-print-toggle-leader.pdf" "$tmp/printed-toggle.pdf" 2>/dev/null
	pdftoppm -r 30 -gray "$tmp/printed-toggle.pdf" "$tmp/paper-toggle" 2>/dev/null
	pdftoppm -r 30 -gray "$fx/note-print-toggle-leader.pdf" "$tmp/screen-toggle" 2>/dev/null
	mutool draw -q -r 30 -c gray -o "$tmp/toggle-mupdf.pgm" "$fx/note-print-toggle-leader.pdf" 1 2>/dev/null
	mutool draw -q -r 30 -c gray -o "$tmp/leader-mupdf.pgm" "$fx/leader.pdf" 1 2>/dev/null
	pdftoppm -r 30 -gray "$fx/leader.pdf" "$tmp/screen-leader" 2>/dev/null
	pdftocairo -pdf "$fx/leader.pdf" "$tmp/printed-leader.pdf" 2>/dev/null
	pdftoppm -r 30 -gray "$tmp/printed-leader.pdf" "$tmp/paper-leader" 2>/dev/null
	check "note-print-toggle-leader.pdf: poppler's and MuPDF's screens show leader.pdf's page, the paper another" \
		'[ -s "$tmp/toggle-mupdf.pgm" ] && cmp -s "$tmp/screen-toggle-1.pgm" "$tmp/screen-leader-1.pgm" && cmp -s "$tmp/toggle-mupdf.pgm" "$tmp/leader-mupdf.pgm" && [ -s "$tmp/paper-toggle-1.pgm" ] && ! cmp -s "$tmp/paper-toggle-1.pgm" "$tmp/paper-leader-1.pgm"'
	pdftocairo -pdf "$fx/note-print-freetext-leader.pdf" "$tmp/printed-ft.pdf" 2>/dev/null
	pdftoppm -r 30 -gray "$tmp/printed-ft.pdf" "$tmp/paper-ft" 2>/dev/null
	pdftoppm -r 30 -gray "$fx/note-print-freetext-leader.pdf" "$tmp/screen-ft" 2>/dev/null
	mutool draw -q -r 30 -c gray -o "$tmp/ft-mupdf.pgm" "$fx/note-print-freetext-leader.pdf" 1 2>/dev/null
	check "note-print-freetext-leader.pdf: poppler's and MuPDF's screens show leader.pdf's page, the paper another" \
		'[ -s "$tmp/ft-mupdf.pgm" ] && cmp -s "$tmp/screen-ft-1.pgm" "$tmp/screen-leader-1.pgm" && cmp -s "$tmp/ft-mupdf.pgm" "$tmp/leader-mupdf.pgm" && [ -s "$tmp/paper-ft-1.pgm" ] && ! cmp -s "$tmp/paper-ft-1.pgm" "$tmp/paper-leader-1.pgm"'
else
	skip "the ToggleNoView Stamp and the FreeText print" "pdftocairo or mutool is missing, or KC_SKIP_VIEWERS is set"
fi

# (rtpdf9) The membership dictionaries and the Invisible Stamp are real: for each, which
# viewers draw leader.pdf's page (10) and which the "9" (90), poppler, MuPDF, then pdf.js
# when it is there; the legitimate ones draw the "9" in all three.
if [ -z "${KC_SKIP_VIEWERS:-}" ] && command -v mutool >/dev/null && command -v pdftoppm >/dev/null; then
	jsok=false
	if pdfjs_ok; then
		jsok=true
		pdfjs draw "$fx/leader.pdf" 1 "$tmp/js-leader.pgm" >/dev/null 2>&1
	fi
	pdftoppm -r 30 -gray "$fx/leader.pdf" "$tmp/pp-leader" 2>/dev/null
	mutool draw -q -r 30 -c gray -o "$tmp/mu-leader.pgm" "$fx/leader.pdf" 1 2>/dev/null
	# shows FILE: "poppler mupdf [pdfjs]" as 10 (leader.pdf's page) or 90.
	shows() {
		pdftoppm -r 30 -gray "$fx/$1" "$tmp/pp-x" 2>/dev/null
		mutool draw -q -r 30 -c gray -o "$tmp/mu-x.pgm" "$fx/$1" 1 2>/dev/null
		a=90 b=90 c=
		cmp -s "$tmp/pp-x-1.pgm" "$tmp/pp-leader-1.pgm" && a=10
		cmp -s "$tmp/mu-x.pgm" "$tmp/mu-leader.pgm" && b=10
		if $jsok; then
			rm -f "$tmp/js-x.pgm" # a page pdf.js cannot draw is not the last file's
			pdfjs draw "$fx/$1" 1 "$tmp/js-x.pgm" >/dev/null 2>&1
			c=" 90"
			cmp -s "$tmp/js-x.pgm" "$tmp/js-leader.pgm" && c=" 10"
		fi
		echo "$a $b$c"
	}
	# want FILE "POPPLER MUPDF" PDFJS
	want() {
		got=$(shows "$1")
		exp="$2"
		$jsok && exp="$2 $3"
		lbl=; $jsok && lbl=" and pdf.js"
		check "$1: poppler, MuPDF$lbl show $exp (got $got)" '[ "$got" = "$exp" ]'
	}
	want note-ocmd-ve-not-leader.pdf "90 90" 10
	want note-ocmd-ve-or-leader.pdf "10 90" 90
	want note-ocmd-unlisted-leader.pdf "10 90" 90
	want note-ocmd-intent-leader.pdf "90 10" 90
	want note-none-ocmd-and-leader.pdf "90 90" 90
	want note-none-ocmd-allon-leader.pdf "90 90" 90
	want note-none-ocmd-intent-view-leader.pdf "90 90" 90
	want note-none-ocmd-single-leader.pdf "10 10" 10
	# (rtpdf10) /Configs: MuPDF up to 1.24 opens with the first alternate configuration
	# (from 1.25 with /D, as poppler and pdf.js: then the rows would say nothing).
	muv=$(mutool -v 2>&1 | sed -n 's/^mutool version \([0-9]*\)\.\([0-9]*\).*/\1 \2/p')
	if [ -n "$muv" ] && [ "${muv% *}" -eq 1 ] && [ "${muv#* }" -le 24 ]; then
		want note-configs-off-leader.pdf "90 10" 90
		want note-configs-on-leader.pdf "10 90" 10
		want note-configs-intent-leader.pdf "90 10" 90
	else
		skip "the alternate configurations (/Configs)" "mutool is not MuPDF 1.24 or older ($muv)"
	fi
	want note-none-configs-same-leader.pdf "90 90" 90
	# (rtpdf11) Optional content written inline in the content stream: poppler draws
	# what it marks, MuPDF and pdf.js evaluate it.
	want note-inline-ocmd-off-leader.pdf "90 10" 10
	want note-inline-ocmd-ve-leader.pdf "90 90" 10
	want note-inline-ocmd-hex-leader.pdf "90 10" 10
	want note-inline-ocmd-short-leader.pdf "90 10" 10
	want note-none-inline-ocmd-on-leader.pdf "90 90" 90
	want note-none-inline-mcid-leader.pdf "90 90" 90
	want note-invisible-leader.pdf "90 10" 90
	want note-none-print-both-leader.pdf "90 90" 90
	# (rtmdp) A negative /F: poppler and MuPDF read its bits (Hidden, NoView), pdf.js none.
	want note-negative-f-1-leader.pdf "10 10" 90
	want note-negative-f-3-leader.pdf "10 10" 90
	want note-none-negative-f-print-leader.pdf "90 90" 90
	# (rtform16) /F beyond 32 bits or a real: poppler draws the widget, MuPDF hides it.
	want note-flags-4294967298-leader.pdf "90 10" 90
	want note-flags-2.0-leader.pdf "90 10" 90
	# (rtform16) The same Stamps written inside page 1's /Annots (no object of their own).
	want note-direct-negative-f-leader.pdf "10 10" 90
	want note-none-direct-print-both-leader.pdf "90 90" 90
	# (rtpdf17) The page trees: MuPDF's page 1 is the kid written as a stream (the "9"),
	# the page after a node whose /Count says 0 (the "9"), or the node named /Pagez (a
	# blank page), "90" here; poppler's is the signed page; pdf.js opens nothing of the
	# first ("90": no drawing), draws the signed page of the others.  The honest nested
	# tree draws the signed page everywhere.
	want note-tree-stream-leader.pdf "10 90" 90
	want note-tree-count-leader.pdf "10 90" 10
	want note-tree-type-leader.pdf "10 90" 10
	want note-none-tree-nested-leader.pdf "10 10" 10
else
	skip "the membership dictionaries" "mutool or pdftoppm is missing, or KC_SKIP_VIEWERS is set"
fi

# (rtpdf17) The crop boxes: the height of page 1 as poppler (Evince: pdftoppm -cropbox), MuPDF
# and pdf.js cut it, at 36 dpi: 421 the whole page, with the foot's "90.000.000" line; 371 cut
# at y 100, without it.  (rtpdf18) The media boxes: 421 the node's A4, with the "90.000.000"
# line near its top; 396 US Letter, without it.
if [ -z "${KC_SKIP_VIEWERS:-}" ] && command -v mutool >/dev/null && command -v pdftoppm >/dev/null &&
	pdfjs_ok; then
	# heights FILE: "poppler mupdf pdfjs" page heights in pixels.
	heights() {
		rm -f "$tmp/cb-pp-1.pgm" "$tmp/cb-mu.pgm" "$tmp/cb-js.pgm"
		pdftoppm -cropbox -r 36 -gray -f 1 -l 1 "$fx/$1" "$tmp/cb-pp" 2>/dev/null
		mutool draw -q -r 36 -c gray -o "$tmp/cb-mu.pgm" "$fx/$1" 1 2>/dev/null
		pdfjs draw "$fx/$1" 1 "$tmp/cb-js.pgm" >/dev/null 2>&1
		for f in "$tmp/cb-pp-1.pgm" "$tmp/cb-mu.pgm" "$tmp/cb-js.pgm"; do
			sed -n '2s/^[0-9]* //p' "$f" 2>/dev/null || echo -
		done | tr '\n' ' ' | sed 's/ $//'
	}
	for v in "note-crop-five-leader.pdf:421 371 421" "note-crop-null-leader.pdf:371 371 421" \
		"note-none-crop-leader.pdf:371 371 371" \
		"note-media-empty-leader.pdf:421 396 396" "note-media-null-leader.pdf:421 421 396" \
		"note-media-five-leader.pdf:421 421 396" "note-none-media-leader.pdf:421 421 421"; do
		f=${v%%:*} exp=${v#*:}
		got=$(heights "$f")
		check "$f: poppler, MuPDF and pdf.js cut page 1 to $exp pixels high (got $got)" '[ "$got" = "$exp" ]'
	done
else
	skip "the crop boxes" "mutool, pdftoppm or node with pdfjs-dist is missing, or KC_SKIP_VIEWERS is set"
fi

# (rtform10) The combo boxes: poppler and MuPDF draw the page of the honest box (its /AP,
# 10.000.000), pdf.js's drop-down list (Firefox) the option the value selects: 90.000.000
# for the noted ones, 10.000.000 for those that carry no note.
if [ -z "${KC_SKIP_VIEWERS:-}" ] && command -v mutool >/dev/null && command -v pdftoppm >/dev/null &&
	pdfjs_ok; then
	pdftoppm -r 30 -gray "$fx/note-choice-none-leader.pdf" "$tmp/ch-pp-none" 2>/dev/null
	mutool draw -q -r 30 -c gray -o "$tmp/ch-mu-none.pgm" "$fx/note-choice-none-leader.pdf" 1 2>/dev/null
	for c in value pair index none-pair none-index; do
		f=note-choice-$c-leader.pdf
		pdftoppm -r 30 -gray "$fx/$f" "$tmp/ch-pp" 2>/dev/null
		mutool draw -q -r 30 -c gray -o "$tmp/ch-mu.pgm" "$fx/$f" 1 2>/dev/null
		list=$(pdfjs text "$fx/$f" 1 2>/dev/null | sed -n 's/^\[Widget\] //p')
		exp=90.000.000
		case $c in none*) exp=10.000.000 ;; esac
		check "$f: poppler and MuPDF draw the appearance's 10.000.000, pdf.js's list $exp (got $list)" \
			'[ -s "$tmp/ch-mu.pgm" ] && cmp -s "$tmp/ch-pp-1.pgm" "$tmp/ch-pp-none-1.pgm" && cmp -s "$tmp/ch-mu.pgm" "$tmp/ch-mu-none.pgm" && [ "$list" = "$exp" ]'
	done
else
	skip "the combo boxes" "mutool, pdftoppm or node with pdfjs-dist is missing, or KC_SKIP_VIEWERS is set"
fi

# (rtform10) The radio groups: poppler and MuPDF draw the page of note-radio-none (its
# /AS) for note-radio-v, pdf.js's form layer selects "Dong y" (DongY on) there; in
# note-radio-as poppler draws another page, pdf.js selects "Khong dong y".
if [ -z "${KC_SKIP_VIEWERS:-}" ] && command -v mutool >/dev/null && command -v pdftoppm >/dev/null &&
	pdfjs_ok; then
	pdftoppm -r 30 -gray "$fx/note-radio-none-leader.pdf" "$tmp/ra-pp-none" 2>/dev/null
	mutool draw -q -r 30 -c gray -o "$tmp/ra-mu-none.pgm" "$fx/note-radio-none-leader.pdf" 1 2>/dev/null
	# radios FILE: which buttons pdf.js selects ("DongY", "Khong", or "-").
	radios() { pdfjs text "$fx/$1" 1 2>/dev/null | sed -n 's/^\[Widget\] radio \(.*\) on$/\1/p' | tr '\n' ' '; }
	pdftoppm -r 30 -gray "$fx/note-radio-v-leader.pdf" "$tmp/ra-pp" 2>/dev/null
	mutool draw -q -r 30 -c gray -o "$tmp/ra-mu.pgm" "$fx/note-radio-v-leader.pdf" 1 2>/dev/null
	got=$(radios note-radio-v-leader.pdf)
	check "note-radio-v-leader.pdf: poppler and MuPDF draw \"Khong dong y\" chosen, pdf.js selects DongY (got $got)" \
		'[ -s "$tmp/ra-mu.pgm" ] && cmp -s "$tmp/ra-pp-1.pgm" "$tmp/ra-pp-none-1.pgm" && cmp -s "$tmp/ra-mu.pgm" "$tmp/ra-mu-none.pgm" && [ "$got" = "DongY " ]'
	pdftoppm -r 30 -gray "$fx/note-radio-as-leader.pdf" "$tmp/ra-pp" 2>/dev/null
	got=$(radios note-radio-as-leader.pdf)
	check "note-radio-as-leader.pdf: poppler draws another choice, pdf.js selects Khong (got $got)" \
		'! cmp -s "$tmp/ra-pp-1.pgm" "$tmp/ra-pp-none-1.pgm" && [ "$got" = "Khong " ]'
	got=$(radios note-radio-none-leader.pdf)
	check "note-radio-none-leader.pdf: pdf.js selects Khong, as drawn (got $got)" '[ "$got" = "Khong " ]'
else
	skip "the radio groups" "mutool, pdftoppm or node with pdfjs-dist is missing, or KC_SKIP_VIEWERS is set"
fi

# (session 49) The check boxes, as each viewer shows them: checkbox-v poppler and MuPDF draw
# empty (as checkbox-off), pdf.js's form layer holds it ticked (its value Yes, the export
# value); checkbox-single poppler draws ticked (as checkbox-as), MuPDF empty, pdf.js Off.
if [ -z "${KC_SKIP_VIEWERS:-}" ] && command -v mutool >/dev/null && command -v pdftoppm >/dev/null &&
	pdfjs_ok; then
	for c in v single as off; do
		pdftoppm -r 30 -gray "$fx/note-checkbox-$c-leader.pdf" "$tmp/cbx-pp-$c" 2>/dev/null
		mutool draw -q -r 30 -c gray -o "$tmp/cbx-mu-$c.pgm" "$fx/note-checkbox-$c-leader.pdf" 1 2>/dev/null
	done
	# ticked FILE: the check box's value in pdf.js's form layer ("Yes" ticked, "Off" empty).
	ticked() { pdfjs text "$fx/$1" 1 2>/dev/null | sed -n 's/^\[Widget\] //p' | tr '\n' ' '; }
	got=$(ticked note-checkbox-v-leader.pdf)
	check "note-checkbox-v-leader.pdf: poppler and MuPDF draw the box empty, pdf.js ticks it (got $got)" \
		'[ -s "$tmp/cbx-mu-v.pgm" ] && cmp -s "$tmp/cbx-pp-v-1.pgm" "$tmp/cbx-pp-off-1.pgm" && cmp -s "$tmp/cbx-mu-v.pgm" "$tmp/cbx-mu-off.pgm" &&
		! cmp -s "$tmp/cbx-pp-v-1.pgm" "$tmp/cbx-pp-as-1.pgm" && [ "$got" = "Yes " ]'
	got=$(ticked note-checkbox-single-leader.pdf)
	check "note-checkbox-single-leader.pdf: poppler draws the box ticked, MuPDF empty, pdf.js empty (got $got)" \
		'cmp -s "$tmp/cbx-pp-single-1.pgm" "$tmp/cbx-pp-as-1.pgm" && cmp -s "$tmp/cbx-mu-single.pgm" "$tmp/cbx-mu-off.pgm" &&
		! cmp -s "$tmp/cbx-mu-single.pgm" "$tmp/cbx-mu-as.pgm" && [ "$got" = "Off " ]'
	got=$(ticked note-checkbox-as-leader.pdf)
	check "note-checkbox-as-leader.pdf: every viewer ticks it (got $got)" \
		'! cmp -s "$tmp/cbx-pp-as-1.pgm" "$tmp/cbx-pp-off-1.pgm" && ! cmp -s "$tmp/cbx-mu-as.pgm" "$tmp/cbx-mu-off.pgm" && [ "$got" = "Yes " ]'
else
	skip "the check boxes" "mutool, pdftoppm or node with pdfjs-dist is missing, or KC_SKIP_VIEWERS is set"
fi

# (rtform10) The widget whose /Parent is not the field listing it: poppler and MuPDF draw
# what they draw of the honest tree (10.000.000), pdf.js's form layer 90.000.000.
if [ -z "${KC_SKIP_VIEWERS:-}" ] && command -v mutool >/dev/null && command -v pdftoppm >/dev/null &&
	pdfjs_ok; then
	for f in note-stepparent-leader note-none-stepparent-leader; do
		pdftoppm -r 30 -gray "$fx/$f.pdf" "$tmp/sp-pp-$f" 2>/dev/null
		mutool draw -q -r 30 -c gray -o "$tmp/sp-mu-$f.pgm" "$fx/$f.pdf" 1 2>/dev/null
	done
	a=note-stepparent-leader b=note-none-stepparent-leader
	got=$(pdfjs text "$fx/$a.pdf" 1 2>/dev/null | sed -n 's/^\[Widget\] //p')
	check "$a.pdf: poppler and MuPDF draw $b.pdf's page, pdf.js's form layer 90.000.000 (got $got)" \
		'[ -s "$tmp/sp-mu-$a.pgm" ] && cmp -s "$tmp/sp-pp-$a-1.pgm" "$tmp/sp-pp-$b-1.pgm" && cmp -s "$tmp/sp-mu-$a.pgm" "$tmp/sp-mu-$b.pgm" && [ "$got" = 90.000.000 ]'
	got=$(pdfjs text "$fx/$b.pdf" 1 2>/dev/null | sed -n 's/^\[Widget\] //p')
	check "$b.pdf: pdf.js's form layer 10.000.000 (got $got)" '[ "$got" = 10.000.000 ]'
else
	skip "the widget under another field" "mutool, pdftoppm or node with pdfjs-dist is missing, or KC_SKIP_VIEWERS is set"
fi

# (rtform15) The amount field cut by its /MaxLen, and drawn with a font whose /ToUnicode
# reads "1" as "9": poppler and MuPDF draw what they draw of the honest field (10.000.000:
# form-leader.pdf without an appearance, note-none-form-ap-leader.pdf with one), pdf.js's
# form layer (Firefox) shows "10.000" and 90.000.000; the look-alikes show 10.000.000.
if [ -z "${KC_SKIP_VIEWERS:-}" ] && command -v mutool >/dev/null && command -v pdftoppm >/dev/null &&
	pdfjs_ok; then
	for pair in note-form-maxlen-leader:form-leader:10.000 note-form-none-maxlen-leader:form-leader:10.000.000 \
		note-form-tounicode-leader:note-none-form-ap-leader:90.000.000 \
		note-form-none-tounicode-leader:note-none-form-ap-leader:10.000.000; do
		a=${pair%%:*} rest=${pair#*:}
		b=${rest%%:*} exp=${rest#*:}
		draw_pair "$a" "$b" ml
		got=$(pdfjs inputs "$fx/$a.pdf" 1 2>/dev/null | sed -n 's/^SoTien = //p')
		check "$a.pdf: poppler and MuPDF draw $b.pdf's page, pdf.js's form layer $exp (got $got)" \
			'drawn_alike ml && [ "$got" = "$exp" ]'
	done
	# (rtform20) The editable amount field whose appearance draws 90.000.000 past its box's
	# edge: poppler and MuPDF draw the page of the shapes alone (10.000.000), pdf.js's form
	# layer (Firefox) shows 90.000.000; the one whose /Q 2 says right while its appearance
	# draws at the left: poppler and MuPDF draw the read-only field's page drawn there,
	# Firefox puts its text at the right.  The honest one drawn at the right is drawn
	# elsewhere than that page, and Firefox puts it at the right too.
	# (rtform21) The same 90.000.000 past the box, drawn skewed by a hair, raised by Ts,
	# moved by TJ's number, under a /Matrix, left of a box not at the origin, thrown by
	# word spacing or a font's /Widths: the same (pdf.js's input trimmed of its spaces).
	for pair in note-form-place-out-leader:note-form-unseen-none-leader:90.000.000:left \
		note-form-place-skew-leader:note-form-unseen-none-leader:90.000.000:left \
		note-form-place-rise-leader:note-form-unseen-none-leader:90.000.000:left \
		note-form-place-tj-leader:note-form-unseen-none-leader:90.000.000:left \
		note-form-place-matrix-leader:note-form-unseen-none-leader:90.000.000:left \
		note-form-place-bbox-leader:note-form-unseen-none-leader:90.000.000:left \
		note-form-place-tw-leader:note-form-unseen-none-leader:90.000.000:left \
		note-form-place-widths-leader:note-form-unseen-none-leader:90.000.000:left \
		note-form-place-q-leader:note-none-form-ap-leader:10.000.000:right; do
		a=${pair%%:*} rest=${pair#*:}
		b=${rest%%:*} rest=${rest#*:}
		exp=${rest%%:*} align=${rest#*:}
		draw_pair "$a" "$b" pl
		got=$(pdfjs inputs "$fx/$a.pdf" 1 2>/dev/null | sed -n 's/^SoTien = *//p')
		gota=$(pdfjs aligns "$fx/$a.pdf" 1 2>/dev/null | sed -n 's/^SoTien = //p')
		check "$a.pdf: poppler and MuPDF draw $b.pdf's page, pdf.js's form layer $exp at the $align (got $got at the $gota)" \
			'drawn_alike pl && [ "$got" = "$exp" ] && [ "$gota" = "$align" ]'
	done
	a=note-form-place-right-leader b=note-none-form-ap-leader
	pdftoppm -r 30 -gray "$fx/$a.pdf" "$tmp/pr-pp-a" 2>/dev/null
	pdftoppm -r 30 -gray "$fx/$b.pdf" "$tmp/pr-pp-b" 2>/dev/null
	gota=$(pdfjs aligns "$fx/$a.pdf" 1 2>/dev/null | sed -n 's/^SoTien = //p')
	check "$a.pdf: poppler draws 10.000.000 elsewhere than in $b.pdf (at the right), pdf.js at the right (got $gota)" \
		'[ -s "$tmp/pr-pp-a-1.pgm" ] && ! cmp -s "$tmp/pr-pp-a-1.pgm" "$tmp/pr-pp-b-1.pgm" && [ "$gota" = right ]'
	# (rtform21) Under a flat /Matrix: MuPDF draws the page of the hidden field (/F 2),
	# poppler the same but for a dot, pdf.js's form layer shows 90.000.000.
	a=note-form-place-flat-leader b=note-form-f-hidden-leader
	draw_pair "$a" "$b" fl
	dots=$("$py" -c '
import sys
a, b = (open(p, "rb").read() for p in sys.argv[1:3])
print(sum(x != y for x, y in zip(a, b)) if len(a) == len(b) else -1)' "$tmp/fl-pp-a-1.pgm" "$tmp/fl-pp-b-1.pgm" 2>/dev/null)
	got=$(pdfjs inputs "$fx/$a.pdf" 1 2>/dev/null | sed -n 's/^SoTien = //p')
	check "$a.pdf: poppler ($dots pixels apart) and MuPDF draw $b.pdf's page, pdf.js's form layer 90.000.000 (got $got)" \
		'[ -s "$tmp/fl-mu-a.pgm" ] && [ "${dots:--1}" -ge 0 ] && [ "$dots" -le 4 ] && cmp -s "$tmp/fl-mu-a.pgm" "$tmp/fl-mu-b.pgm" && [ "$got" = 90.000.000 ]'
	# (rtform21) The honest look-alikes: pdf.js's form layer shows their 10.000.000, at the
	# side their /Q says.
	for pair in note-form-place-italic-leader:left note-form-place-bbox-right-leader:right \
		note-form-place-widths-honest-leader:left; do
		a=${pair%%:*} align=${pair#*:}
		got=$(pdfjs inputs "$fx/$a.pdf" 1 2>/dev/null | sed -n 's/^SoTien = //p')
		gota=$(pdfjs aligns "$fx/$a.pdf" 1 2>/dev/null | sed -n 's/^SoTien = //p')
		check "$a.pdf: pdf.js's form layer shows 10.000.000 at the $align (got $got at the $gota)" \
			'[ "$got" = 10.000.000 ] && [ "$gota" = "$align" ]'
	done
	# (rtmdp) The field /F -1: poppler and MuPDF draw the page of the hidden one (/F 2), no
	# amount; pdf.js's form layer shows 90.000.000 there and nothing in the hidden one.
	a=note-form-f-negative-leader b=note-form-f-hidden-leader
	draw_pair "$a" "$b" fn
	got=$(pdfjs inputs "$fx/$a.pdf" 1 2>/dev/null | sed -n 's/^SoTien = //p')
	gotb=$(pdfjs inputs "$fx/$b.pdf" 1 2>/dev/null | sed -n 's/^SoTien = //p')
	check "$a.pdf: poppler and MuPDF draw $b.pdf's page, pdf.js's form layer 90.000.000 (got $got, $gotb)" \
		'drawn_alike fn && [ "$got" = 90.000.000 ] && [ -z "$gotb" ]'
	# The appearance's unseen 90.000.000: poppler and MuPDF draw the page of the shapes
	# alone, pdf.js's form layer 90.000.000.
	for c in 3 white cover; do
		a=note-form-unseen-$c-leader b=note-form-unseen-none-leader
		draw_pair "$a" "$b" un
		got=$(pdfjs inputs "$fx/$a.pdf" 1 2>/dev/null | sed -n 's/^SoTien = //p')
		check "$a.pdf: poppler and MuPDF draw $b.pdf's page, pdf.js's form layer 90.000.000 (got $got)" \
			'drawn_alike un && [ "$got" = 90.000.000 ]'
	done
else
	skip "the cut and misread fields" "mutool, pdftoppm or node with pdfjs-dist is missing, or KC_SKIP_VIEWERS is set"
fi

# (rtfold) What form fields show in each viewer: values and appearance texts that are
# not plain ASCII, list boxes, Type 0 appearances, buttons without appearances.
. "$src/tests/cli/notes_fields.sh"

# --- 3. text and HTML -----------------------------------------------------------------
V "$fx/prepared-hidden-leader.pdf" "$fx/leader.pdf" "$fx/note-xfa-leader.pdf" >"$tmp/out" 2>&1
vrc=$?
check "verify exits 0: notes never change a verdict" '[ $vrc -eq 0 ]'
check "text: one indented line per note, under its document" \
	'grep -A1 "prepared-hidden-leader.pdf" "$tmp/out" | grep -q "^  ! this document may look different in another viewer: page 1, field “Prepared”"'
check "text: no note under a document without one" \
	'! grep -A1 "/leader.pdf" "$tmp/out" | grep -q "^  !"'
check "text: the count of signed documents carrying a note" \
	'grep -q "^2 signed documents carry a note" "$tmp/out"'
V --html "$tmp/v.html" "$fx/form-mismatch-leader.pdf" >/dev/null 2>&1
check "--html: the note beside the verdict" \
	'grep -q "ul class=\"warnings\"><li>this document may look different in another viewer: page 1, field “SoTien”: the field&#39;s value is “90.000.000” but its appearance draws “10.000.000”" "$tmp/v.html" || grep -q "ul class=\"warnings\"><li>this document may look different in another viewer: page 1, field “SoTien”" "$tmp/v.html"'

# --- 4. index: beside the figure, not in it -------------------------------------------
mkdir -p "$tmp/reg/docs"
cp "$fx/prepared-hidden-leader.pdf" "$tmp/reg/docs/45-QD-UBND.pdf"
cp "$fx/note-none-form-ap-leader.pdf" "$tmp/reg/docs/46-QD-UBND.pdf"
{
	printf 'Số, ký hiệu văn bản;Ngày tháng văn bản;Tên loại và trích yếu nội dung văn bản;Người ký;Nơi nhận văn bản;Tệp\n'
	printf '45/QĐ-UBND;15/03/2021;Quyết định hỗ trợ kinh phí;Nguyễn Văn An;UBND huyện Phú Vang;docs/45-QD-UBND.pdf\n'
	printf '46/QĐ-UBND;15/03/2021;Quyết định hỗ trợ kinh phí;Nguyễn Văn An;UBND huyện Phú Vang;docs/46-QD-UBND.pdf\n'
} >"$tmp/reg/so-van-ban-di-2021.csv"
"$kc" index --no-default-trust --trust "$trust" "$tmp/reg/so-van-ban-di-2021.csv" >"$tmp/out" 2>&1
check "index: criterion 20 counts both documents (a note changes no figure)" 'grep -q "Criterion 20 .* 2/2" "$tmp/out"'
check "index: 1 signed document carries a note" 'grep -q "^  1 signed document carries a note" "$tmp/out"'
"$kc" index --json --no-default-trust --trust "$trust" "$tmp/reg/so-van-ban-di-2021.csv" >"$tmp/out" 2>&1
check "index --json: \"noted\": 1 and the row's notes" \
	'"$py" -c "
import json, sys
d = json.load(open(sys.argv[1]))
c = d[\"communes\"][0] if \"communes\" in d else d
assert c[\"noted\"] == 1, c[\"noted\"]
assert [len(r[\"notes\"]) for r in c[\"rows\"]] == [1, 0], c[\"rows\"]
" "$tmp/out"'

"$kc" index --no-default-trust --trust "$trust" --html "$tmp/i.html" "$tmp/reg/so-van-ban-di-2021.csv" >/dev/null 2>&1
check "index --html: the count, and the note beside the row's verdict" \
	'grep -q "1 signed document carries a note" "$tmp/i.html" && grep -q "ul class=\"warnings\"><li>this document may look different in another viewer: page 1, field “Prepared”" "$tmp/i.html"'
# (rtform18) The open pop-up (Firefox) and the form reset on opening (Chrome): counted, each
# with its note (no word in index before).
mkdir -p "$tmp/reg18/docs"
cp "$fx/note-popup-open-leader.pdf" "$tmp/reg18/docs/45-QD-UBND.pdf"
cp "$fx/note-reset-open-leader.pdf" "$tmp/reg18/docs/46-QD-UBND.pdf"
cp "$tmp/reg/so-van-ban-di-2021.csv" "$tmp/reg18/"
"$kc" index --no-default-trust --trust "$trust" "$tmp/reg18/so-van-ban-di-2021.csv" >"$tmp/out" 2>&1
check "index: an open pop-up and a form reset on opening, counted (2/2), 2 signed documents carry a note" \
	'grep -q "Criterion 20 .* 2/2" "$tmp/out" && grep -q "^  2 signed documents carry a note" "$tmp/out"'
# review: the same register in a dossier (ingest), counted beside the commune's figures.
mkdir -p "$tmp/district"
"$kc" --quiet ingest --no-default-trust --trust "$trust" --commune "Thủy An" --district "Phú Vang" --year 2021 \
	-o "$tmp/district/thuy-an.zip" "$tmp/reg" >"$tmp/why" 2>&1
"$kc" review --no-default-trust --trust "$trust" "$tmp/district" >"$tmp/out" 2>&1
check "review: criterion 20 2/2, and 1 signed document carries a note" \
	'grep -q "Criterion 20: the register gives 2/2" "$tmp/out" && grep -q "^  1 signed document carries a note" "$tmp/out"'
"$kc" review --no-default-trust --trust "$trust" --html "$tmp/r.html" "$tmp/district" >/dev/null 2>&1
check "review --html: the note in the commune's list" \
	'grep -q "<li>45/QĐ-UBND 15/03/2021: this document may look different in another viewer: page 1, field “Prepared”" "$tmp/r.html"'
"$kc" review --json --no-default-trust --trust "$trust" "$tmp/district" >"$tmp/out" 2>&1
check "review --json: \"noted\": 1 and the row's notes" \
	'"$py" -c "
import json, sys
d = json.load(open(sys.argv[1]))
c = d[\"communes\"][0]
assert c[\"noted\"] == 1, c[\"noted\"]
assert sorted(len(r[\"notes\"]) for r in c[\"rows\"]) == [0, 1], c[\"rows\"]
" "$tmp/out"'
: >"$tmp/why"

# --- 5. the pyHanko corpus and the samples carry no note -------------------------------
: >"$tmp/noted"
for f in "$corpus"/pyhanko/*.pdf "$src"/samples/docs/*.pdf; do
	[ -f "$f" ] || continue
	"$kc" verify --no-default-trust --trust "$trust" --trust "$corpus/pyhanko" --json "$f" 2>/dev/null |
		"$py" -c 'import json,sys
for l in sys.stdin:
    d = json.loads(l)
    if d["notes"]: print(d["file"], [n["code"] for n in d["notes"]])' >>"$tmp/noted"
done
cp "$tmp/noted" "$tmp/why"
check "the pyHanko corpus and the samples carry no note" '[ ! -s "$tmp/noted" ]'
: >"$tmp/why"

finish
