# notes_fields.sh: the viewer rows of tests/cli/notes.sh for what a form field shows
# (rtfold): sourced by notes.sh, whose $fx (the coverage fixtures), $tmp, check, skip
# and pdfjs it uses; split from it (notes.sh passed 700 lines).

# (rtfold) A value or an appearance's text that is not plain ASCII: poppler and MuPDF
# draw the page of the honest field (10.000.000 drawn) for fold-value, fold-nbsp and
# fold-choice, while pdf.js holds /V ("90.000.000 đồng", 90.000.000) or lists the option
# "90.000.000 đ"; fold-place draws the page of the shapes alone (10.000.000) and Firefox's
# form layer shows 90.000.000.  The look-alikes: pdf.js holds their 10.000.000.  A list
# box (rtfold too): pdf.js lists its options whatever its appearance draws.
if [ -z "${KC_SKIP_VIEWERS:-}" ] && command -v mutool >/dev/null && command -v pdftoppm >/dev/null &&
	pdfjs_ok; then
	for v in "note-fold-value-leader:note-none-form-ap-leader:90.000.000 đồng" \
		"note-fold-nbsp-leader:note-none-form-ap-leader:90.000.000" \
		"note-fold-choice-leader:note-choice-none-leader:90.000.000 đ" \
		"note-fold-none-nbsp-leader:note-none-form-ap-leader:10.000.000"; do
		a=${v%%:*} rest=${v#*:}
		b=${rest%%:*} exp=${rest#*:}
		draw_pair "$a" "$b" fo
		got=$(pdfjs text "$fx/$a.pdf" 1 2>/dev/null | sed -n 's/^\[Widget\] //p')
		check "$a.pdf: poppler and MuPDF draw $b.pdf's page, pdf.js's form layer $exp (got $got)" \
			'drawn_alike fo && [ "$got" = "$exp" ]'
	done
	a=note-fold-place-leader b=note-form-unseen-none-leader
	draw_pair "$a" "$b" fo
	got=$(pdfjs inputs "$fx/$a.pdf" 1 2>/dev/null | sed -n 's/^SoTien = //p')
	check "$a.pdf: poppler and MuPDF draw $b.pdf's page, pdf.js's form layer 90.000.000 (got $got)" \
		'drawn_alike fo && [ "$got" = 90.000.000 ]'
	# The list boxes: poppler and MuPDF draw the combo box's page (the same appearance),
	# pdf.js lists the options, the one selected ("*") scrolled into view.
	for v in "note-list-value-leader:list *90.000.000" "note-list-none-leader:list *10.000.000" \
		"note-list-index-leader:list 10.000.000 | *90.000.000"; do
		a=${v%%:*} exp=${v#*:} b=note-choice-none-leader
		draw_pair "$a" "$b" fo
		got=$(pdfjs text "$fx/$a.pdf" 1 2>/dev/null | sed -n 's/^\[Widget\] //p')
		check "$a.pdf: poppler and MuPDF draw $b.pdf's page (10.000.000), pdf.js's form layer $exp (got $got)" \
			'drawn_alike fo && [ "$got" = "$exp" ]'
	done
	# The Type 0 appearances: poppler and MuPDF draw the honest box's page (10 000 000),
	# pdf.js lists the option 90.000.000, holds the field's /V.
	for v in "note-type0-choice-leader:note-type0-none-choice-leader:90.000.000" \
		"note-type0-text-leader:note-type0-none-text-leader:90.000.000"; do
		a=${v%%:*} rest=${v#*:}
		b=${rest%%:*} exp=${rest#*:}
		draw_pair "$a" "$b" fo
		got=$(pdfjs text "$fx/$a.pdf" 1 2>/dev/null | sed -n 's/^\[Widget\] //p')
		gotb=$(pdfjs text "$fx/$b.pdf" 1 2>/dev/null | sed -n 's/^\[Widget\] //p')
		check "$a.pdf: poppler and MuPDF draw $b.pdf's page, pdf.js $exp there and 10.000.000 in $b.pdf (got $got, $gotb)" \
			'drawn_alike fo && [ "$got" = "$exp" ] && [ "$gotb" = 10.000.000 ]'
	done
	# The check boxes without an appearance: poppler and MuPDF draw another page than the
	# one whose /AS is /Off (a tick), pdf.js shows each empty.
	pdftoppm -r 30 -gray "$fx/note-checkbox-none-noap-leader.pdf" "$tmp/fo-pp-b" 2>/dev/null
	mutool draw -q -r 30 -c gray -o "$tmp/fo-mu-b.pgm" "$fx/note-checkbox-none-noap-leader.pdf" 1 2>/dev/null
	for a in note-checkbox-noap-leader note-checkbox-noap-bare-leader note-checkbox-none-noap-leader; do
		pdftoppm -r 30 -gray "$fx/$a.pdf" "$tmp/fo-pp-a" 2>/dev/null
		mutool draw -q -r 30 -c gray -o "$tmp/fo-mu-a.pgm" "$fx/$a.pdf" 1 2>/dev/null
		got=$(pdfjs boxes "$fx/$a.pdf" 1 2>/dev/null | sed -n 's/^DaDuyet = //p')
		case $a in
		*none*) check "$a.pdf: empty in pdf.js (got $got)" '[ "$got" = empty ]' ;;
		*) check "$a.pdf: poppler and MuPDF tick it (another page than the /Off one), pdf.js empty (got $got)" \
			'[ -s "$tmp/fo-mu-a.pgm" ] && ! cmp -s "$tmp/fo-pp-a-1.pgm" "$tmp/fo-pp-b-1.pgm" && ! cmp -s "$tmp/fo-mu-a.pgm" "$tmp/fo-mu-b.pgm" && [ "$got" = empty ]' ;;
		esac
	done
	# The radio buttons without appearances: MuPDF draws the same page for both (Khong by
	# its /AS), poppler another for radio-noap-v (none chosen, /V DongY), pdf.js neither.
	pdftoppm -r 30 -gray "$fx/note-radio-noap-leader.pdf" "$tmp/fo-pp-a" 2>/dev/null
	pdftoppm -r 30 -gray "$fx/note-radio-noap-v-leader.pdf" "$tmp/fo-pp-b" 2>/dev/null
	mutool draw -q -r 30 -c gray -o "$tmp/fo-mu-a.pgm" "$fx/note-radio-noap-leader.pdf" 1 2>/dev/null
	mutool draw -q -r 30 -c gray -o "$tmp/fo-mu-b.pgm" "$fx/note-radio-noap-v-leader.pdf" 1 2>/dev/null
	got=$(pdfjs text "$fx/note-radio-noap-leader.pdf" 1 2>/dev/null | sed -n 's/^\[Widget\] radio .* \(o[nf]*\)$/\1/p' | tr '\n' ' ')
	check "note-radio-noap-leader.pdf: MuPDF draws Khong chosen in both, poppler not in radio-noap-v, pdf.js none (got $got)" \
		'[ -s "$tmp/fo-mu-a.pgm" ] && cmp -s "$tmp/fo-mu-a.pgm" "$tmp/fo-mu-b.pgm" && ! cmp -s "$tmp/fo-pp-a-1.pgm" "$tmp/fo-pp-b-1.pgm" && [ "$got" = "off off " ]'
	# The push button without an appearance: poppler and MuPDF draw its caption (another
	# page than the hidden field's), pdf.js draws the hidden field's page.
	a=note-button-bare-leader b=note-form-f-hidden-leader
	draw_pair "$a" "$b" fo
	pdfjs draw "$fx/$a.pdf" 1 "$tmp/fo-js-a.pgm" >/dev/null 2>&1
	pdfjs draw "$fx/$b.pdf" 1 "$tmp/fo-js-b.pgm" >/dev/null 2>&1
	check "$a.pdf: poppler and MuPDF draw its caption, pdf.js draws $b.pdf's page" \
		'[ -s "$tmp/fo-mu-a.pgm" ] && [ -s "$tmp/fo-js-a.pgm" ] && ! cmp -s "$tmp/fo-pp-a-1.pgm" "$tmp/fo-pp-b-1.pgm" && ! cmp -s "$tmp/fo-mu-a.pgm" "$tmp/fo-mu-b.pgm" && cmp -s "$tmp/fo-js-a.pgm" "$tmp/fo-js-b.pgm"'
	for v in "note-fold-none-leader:10.000.000 đồng" "note-fold-none-choice-leader:10.000.000 đ"; do
		a=${v%%:*} exp=${v#*:}
		got=$(pdfjs text "$fx/$a.pdf" 1 2>/dev/null | sed -n 's/^\[Widget\] //p')
		check "$a.pdf: pdf.js's form layer $exp (got $got)" '[ "$got" = "$exp" ]'
	done
else
	skip "the values that are not plain ASCII" "mutool, pdftoppm or node with pdfjs-dist is missing, or KC_SKIP_VIEWERS is set"
fi
