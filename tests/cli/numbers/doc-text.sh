# numbers/doc-text.sh: the number and year a document's own text gives (numbers.sh,
# the second sections 14-17): a page that draws one year and whose text says another
# (/ActualText), rows whose date is no date, a heading's year, two dates in a heading,
# a (1,0) cmap poppler draws through first.
# Sourced by tests/cli/numbers.sh (one suite, cli-numbers, one set of fixtures): uses its
# $kc, $trust, $tmp, $src, the fixtures in the current folder (make-register-fixtures.sh)
# and run, json, in_file, ok, notok, skip.  The rows run in the order numbers.sh sources them.

# --- 14. a page that draws 2020 and whose text says 2021 (/ActualText) ----------------------------
if run 0 index $trust --json actual/so-di.csv; then
	json "a page drawing năm 2020 whose /ActualText says 2021: its own year not trusted, said beside the figure (it gave 2/2 without a word)" '
w = " | ".join(d["warnings"])
assert "row 2: docs/21-BC-UBND.pdf: its own number and year were not checked" in w, w
assert "page 1 draws glyphs whose text is replaced by /ActualText \"2021\"" in w, w
assert "22-BC-UBND" not in w, w
'
else notok "a page drawing năm 2020 whose /ActualText says 2021: its own year not trusted, said beside the figure (it gave 2/2 without a word)"; fi
if run 0 index $trust --json actual/so-di.csv; then
	json "a page drawing năm 2020 in a font whose /ToUnicode reads 0 as 1 (text: 2021): its own year not trusted, said (it gave 100% without a word)" '
w = " | ".join(d["warnings"])
assert "row 4: docs/23-BC-UBND.pdf: its own number and year were not checked" in w, w
assert "whose /ToUnicode reads code 48 otherwise than the glyph its encoding draws there" in w, w
'
else notok "a page drawing năm 2020 in a font whose /ToUnicode reads 0 as 1 (text: 2021): its own year not trusted, said (it gave 100% without a word)"; fi
if run 0 index $trust --json actual/so-di.csv; then
	json "a page drawing năm 2020 whose last 0 is a Type 3 glyph named /one (text: 2021): its own year not trusted, said (it gave 100% without a word)" '
w = " | ".join(d["warnings"])
assert "row 5: docs/24-BC-UBND.pdf: its own number and year were not checked" in w, w
assert "uses a Type 3 font, whose glyphs its own procedures draw, and reads its code 48 as a digit" in w, w
'
else notok "a page drawing năm 2020 whose last 0 is a Type 3 glyph named /one (text: 2021): its own year not trusted, said (it gave 100% without a word)"; fi
if run 0 index $trust --json actual/so-di.csv; then
	json "a page drawing năm 2020 whose last 0 is a Type 3 glyph named /g0 at code 49 (poppler and MuPDF read the code: 2021): its own year not trusted, said (it gave 100% without a word)" '
w = " | ".join(d["warnings"])
assert "row 6: docs/25-BC-UBND.pdf: its own number and year were not checked" in w, w
assert "uses a Type 3 font, whose glyphs its own procedures draw, and reads its code" in w, w
'
else notok "a page drawing năm 2020 whose last 0 is a Type 3 glyph named /g0 at code 49 (poppler and MuPDF read the code: 2021): its own year not trusted, said (it gave 100% without a word)"; fi
if run 0 index $trust --json actual/so-di.csv; then
	json "a page drawing năm 2020 whose last 0 is drawn by a Type 0 font whose /ToUnicode reads it 1 while the cmap table of its font program names it 0 (text: 2021): its own year not trusted, said (it gave 100% without a word)" '
w = " | ".join(d["warnings"])
assert "row 7: docs/26-BC-UBND.pdf: its own number and year were not checked" in w, w
assert "whose /ToUnicode reads code" in w and "otherwise than the glyph its font program (its cmap table or glyph names) draws there" in w, w
'
else notok "a page drawing năm 2020 whose last 0 is drawn by a Type 0 font whose /ToUnicode reads it 1 while the cmap table of its font program names it 0 (text: 2021): its own year not trusted, said (it gave 100% without a word)"; fi
if run 0 index $trust --json actual/so-di.csv; then
	json "the same Type 0 font without a cmap table (nothing names its glyphs): not checked, said why; an honest Type 0 font with its cmap: read as it is" '
w = " | ".join(d["warnings"])
assert "row 8: docs/27-BC-UBND.pdf: its own number and year were not checked" in w, w
assert "as a digit, and its font program names none of its glyphs (no cmap table, no glyph names in a post table)" in w, w
assert "28-BC-UBND" not in w, w
'
else notok "the same Type 0 font without a cmap table (nothing names its glyphs): not checked, said why; an honest Type 0 font with its cmap: read as it is"; fi
if run 0 index $trust --json actual/so-di.csv; then
	json "a Type 0 font without /ToUnicode whose /CIDToGIDMap gives code <0031> (poppler reads 1) the glyph of 0 (pdftoppm: 2020): its own year not trusted, said (it gave 100% without a word)" '
w = " | ".join(d["warnings"])
assert "row 10: docs/29-BC-UBND.pdf: its own number and year were not checked" in w, w
assert "which has no /ToUnicode, so text extractors read its code 49 as the character of that number, a digit, while its font program" in w, w
'
else notok "a Type 0 font without /ToUnicode whose /CIDToGIDMap gives code <0031> (poppler reads 1) the glyph of 0 (pdftoppm: 2020): its own year not trusted, said (it gave 100% without a word)"; fi
if run 0 index $trust --json actual/so-di.csv; then
	json "a TrueType font without /Encoding (non-symbolic, then symbolic) whose /ToUnicode reads the code of 0 as 1 (text: 2021, pixels of 2020): its own year not trusted, said (it gave 100% without a word)" '
w = " | ".join(d["warnings"])
assert "row 11: docs/30-BC-UBND.pdf: its own number and year were not checked" in w, w
assert "whose /ToUnicode reads code 48 otherwise than the glyph its encoding draws there" in w, w
assert "row 12: docs/31-BC-UBND.pdf: its own number and year were not checked" in w, w
assert "whose /ToUnicode reads code 48 otherwise than the glyph its font program (its cmap table or glyph names) draws there" in w, w
'
else notok "a TrueType font without /Encoding (non-symbolic, then symbolic) whose /ToUnicode reads the code of 0 as 1 (text: 2021, pixels of 2020): its own year not trusted, said (it gave 100% without a word)"; fi
if run 0 index $trust --json actual/so-di.csv; then
	json "a page drawing năm 2020 whose /ActualText says 2021 under a root /Pages saying /Type /Page, or between a blank first page and a last kid with /Kids null: the tree walked as poppler walks it, its own year not trusted, said (counted for 2021 without a word before, rtpdf17); an honest 2021 report in that tree read as it is" '
w = " | ".join(d["warnings"])
assert "row 13: docs/32-BC-UBND.pdf: its own number and year were not checked" in w, w
assert "row 14: docs/33-BC-UBND.pdf: its own number and year were not checked" in w, w
assert "/ActualText \"2021\"" in w.split("row 13:")[1], w
assert "34-BC-UBND" not in w, w
assert d["rows"][13]["status"] == "valid", d["rows"][13]
'
else notok "a page drawing năm 2020 whose /ActualText says 2021 under a root /Pages saying /Type /Page, or between a blank first page and a last kid with /Kids null: the tree walked as poppler walks it, its own year not trusted, said (counted for 2021 without a word before, rtpdf17); an honest 2021 report in that tree read as it is"; fi
if run 0 index $trust --json actual/so-di.csv; then
	json "a page whose content stream /Length ends where its /ActualText 2021 span begins (poppler, as MuPDF and pdf.js, reads on to the endstream: draws 2020, text 2021; the scan stopped at /Length): its own year not trusted, said (counted for 2021 without a word before, rtpdf17); an uncompressed 2021 report with its right /Length read as it is" '
w = " | ".join(d["warnings"])
assert "row 16: docs/35-BC-UBND.pdf: its own number and year were not checked" in w, w
assert "has a content stream whose /Length does not end at its endstream" in w, w
assert "36-BC-UBND" not in w, w
assert d["rows"][15]["status"] == "valid", d["rows"][15]
'
else notok "a page whose content stream /Length ends where its /ActualText 2021 span begins (poppler, as MuPDF and pdf.js, reads on to the endstream: draws 2020, text 2021; the scan stopped at /Length): its own year not trusted, said (counted for 2021 without a word before, rtpdf17); an uncompressed 2021 report with its right /Length read as it is"; fi
if run 0 index $trust --json actual/so-di.csv; then
	json "a report of 2020 whose page's /MediaBox is [] or null under a node twice as tall: poppler's text (the top half, shown by poppler alone) says năm 2021, pdf.js and MuPDF show the 2020 page below: its own year not trusted, said (counted for 2021 without a word before, rtpdf18); an honest 2021 report whose page inherits its /MediaBox read as it is" '
w = " | ".join(d["warnings"])
assert "row 18: docs/37-BC-UBND.pdf: its own number and year were not checked" in w, w
assert "row 19: docs/38-BC-UBND.pdf: its own number and year were not checked" in w, w
assert "page 1 has a /MediaBox that poppler, MuPDF and pdf.js read otherwise" in w.split("row 18:")[1], w
assert "39-BC-UBND" not in w, w
assert d["rows"][18]["status"] == "valid", d["rows"][18]
'
else notok "a report of 2020 whose page's /MediaBox is [] or null under a node twice as tall: poppler's text (the top half, shown by poppler alone) says năm 2021, pdf.js and MuPDF show the 2020 page below: its own year not trusted, said (counted for 2021 without a word before, rtpdf18); an honest 2021 report whose page inherits its /MediaBox read as it is"; fi
if run 0 index $trust --json actual/so-di.csv; then
	json "a page drawing năm 2020 whose /ActualText, its key written /Actual#54ext (a name escape every reader decodes), says 2021: its own year not trusted, said (counted for 2021 without a word before)" '
w = " | ".join(d["warnings"])
assert "row 21: docs/40-BC-UBND.pdf: its own number and year were not checked" in w, w
assert "/ActualText \"2021\"" in w.split("row 21:")[1], w
'
else notok "a page drawing năm 2020 whose /ActualText, its key written /Actual#54ext (a name escape every reader decodes), says 2021: its own year not trusted, said (counted for 2021 without a word before)"; fi
if run 0 index $trust --json actual/so-di.csv; then
	json "a page drawing năm 2020 in a font whose /ToUnicode reads 0 as 1 (text: 2021), the font in resources the page inherits from the root /Pages node, its own /Resources written null (poppler draws with the node's): its own year not trusted, said (counted for 2021 without a word before); an honest 2021 report drawing with resources so inherited read as it is" '
w = " | ".join(d["warnings"])
assert "row 22: docs/41-BC-UBND.pdf: its own number and year were not checked" in w, w
assert "whose /ToUnicode reads code 48 otherwise than the glyph its encoding draws there" in w.split("row 22:")[1], w
assert "42-BC-UBND" not in w, w
assert d["rows"][21]["status"] == "valid", d["rows"][21]
'
else notok "a page drawing năm 2020 in a font whose /ToUnicode reads 0 as 1 (text: 2021), the font in resources the page inherits from the root /Pages node, its own /Resources written null (poppler draws with the node's): its own year not trusted, said (counted for 2021 without a word before); an honest 2021 report drawing with resources so inherited read as it is"; fi
if run 0 index $trust --json actual/so-di.csv; then
	json "a page drawing năm 2020 whose /ActualText says 2021, second of three pages under a root whose /Count says 2 (poppler, MuPDF and pdf.js show two pages, the document's the last, whose text index reads): its own year not trusted, said (counted for 2021 without a word before: the scan read the blank third); an honest 2021 report in that tree read as it is" '
w = " | ".join(d["warnings"])
assert "row 24: docs/43-BC-UBND.pdf: its own number and year were not checked" in w, w
assert "/ActualText \"2021\"" in w.split("row 24:")[1], w
assert "44-BC-UBND" not in w, w
assert d["rows"][23]["status"] == "valid", d["rows"][23]
'
else notok "a page drawing năm 2020 whose /ActualText says 2021, second of three pages under a root whose /Count says 2 (poppler, MuPDF and pdf.js show two pages, the document's the last, whose text index reads): its own year not trusted, said (counted for 2021 without a word before: the scan read the blank third); an honest 2021 report in that tree read as it is"; fi
if run 0 index $trust --json actual/so-di.csv; then
	json "a page drawing năm 2020 under a heading drawn in text render mode 3 (shown by no viewer) that says Số: 45/BC-UBND … năm 2021, first in its text: its own year not trusted, said (counted for 2021 without a word before, rtpdf19); an honest 2021 report whose text is all so drawn (an OCR layer) read as it is" '
w = " | ".join(d["warnings"])
assert "row 26: docs/45-BC-UBND.pdf: its own number and year were not checked" in w, w
assert "page 1 draws text that no viewer shows (text render mode 3, 7 or any other neither filled nor stroked)" in w.split("row 26:")[1], w
assert "46-BC-UBND" not in w, w
assert d["rows"][25]["status"] == "valid", d["rows"][25]
'
else notok "a page drawing năm 2020 under a heading drawn in text render mode 3 (shown by no viewer) that says Số: 45/BC-UBND … năm 2021, first in its text: its own year not trusted, said (counted for 2021 without a word before, rtpdf19); an honest 2021 report whose text is all so drawn (an OCR layer) read as it is"; fi
if run 0 index $trust --json actual/so-di.csv; then
	json "a page drawing năm 2020 under a heading drawn in text render mode 11 or -1 (read by their low bits, neither filled nor stroked: shown by no viewer) that says Số: 47/BC-UBND … năm 2021: its own year not trusted, said (counted for 2021 without a word before, atkpdf); an honest 2021 report whose text is all drawn in mode 11 read as it is" '
w = " | ".join(d["warnings"])
for n, row in ((47, 28), (48, 29)):
    assert "row %d: docs/%d-BC-UBND.pdf: its own number and year were not checked" % (row, n) in w, w
    assert "page 1 draws text that no viewer shows" in w.split("row %d:" % row)[1], w
assert "49-BC-UBND" not in w, w
assert d["rows"][28]["status"] == "valid", d["rows"][28]
'
else notok "a page drawing năm 2020 under a heading drawn in text render mode 11 or -1 (read by their low bits, neither filled nor stroked: shown by no viewer) that says Số: 47/BC-UBND … năm 2021: its own year not trusted, said (counted for 2021 without a word before, atkpdf); an honest 2021 report whose text is all drawn in mode 11 read as it is"; fi
if run 0 index $trust --json actual/so-di.csv; then
	json "a page drawing năm 2020 under a heading that says Số: N/BC-UBND … năm 2021, first in its text, drawn in white on the white page, clipped away, under a white rectangle or too small to see: its own year not trusted, said (counted for 2021 without a word before, rtpdf20); honest 2021 reports whose number and date are drawn in red or in white on a dark band read as they are" '
w = " | ".join(d["warnings"])
for n in (50, 51, 52, 53):
    assert "row %d: docs/%d-BC-UBND.pdf: its own number and year were not checked" % (n - 19, n) in w, w
    assert "page 1 draws 10 digits of its text that the page does not show" in w.split("row %d:" % (n - 19))[1], w
assert "54-BC-UBND" not in w and "55-BC-UBND" not in w, w
assert d["rows"][33]["status"] == "valid" and d["rows"][34]["status"] == "valid", d["rows"][33:]
'
else notok "a page drawing năm 2020 under a heading that says Số: N/BC-UBND … năm 2021, first in its text, drawn in white on the white page, clipped away, under a white rectangle or too small to see: its own year not trusted, said (counted for 2021 without a word before, rtpdf20); honest 2021 reports whose number and date are drawn in red or in white on a dark band read as they are"; fi
if run 0 index $trust --json actual/so-di.csv; then
	json "a page drawing năm 2020 over a 2021 drawn in white at the same place (poppler gives năm 2021, then 2020 on a line of its own): its own year not trusted, said (counted for 2021 without a word before, rtpdf20)" '
w = " | ".join(d["warnings"])
assert "row 37: docs/56-BC-UBND.pdf: its own number and year were not checked" in w, w
assert "page 1 draws a digit and another glyph at one place" in w.split("row 37:")[1], w
'
else notok "a page drawing năm 2020 over a 2021 drawn in white at the same place (poppler gives năm 2021, then 2020 on a line of its own): its own year not trusted, said (counted for 2021 without a word before, rtpdf20)"; fi
# shown21: a page's digits are drawn only where something may hide them (pdf_textmode.c's boxes)
if run 0 index $trust --json where/so-di.csv; then
	json "a heading saying năm 2021 above a page that shows 2020, hidden by a white rectangle painted after the text over its date only, by an empty signature widget whose appearance paints the top of the page white, by a clip around the body that leaves it out, by a Square annotation without /AP filled white, or in white past 64 nested q (both counted for 2021 without a word before): drawn, its own year not trusted, said; the same rectangle or widget at the foot, the body inside that clip: read as they are (shown21)" '
w = " | ".join(d["warnings"])
for r, n in ((2, 57), (4, 59), (6, 61), (8, 63), (9, 64)):
    assert "row %d: docs/%d-BC-UBND.pdf: its own number and year were not checked" % (r, n) in w, w
    assert "digits of its text that the page does not show" in w.split("row %d:" % r)[1], w
for n in (58, 60, 62):
    assert "%d-BC-UBND" % n not in w, w
for i in (1, 3, 5):
    assert d["rows"][i]["status"] == "valid", d["rows"][i]
'
else notok "a heading saying năm 2021 above a page that shows 2020, hidden by a white rectangle painted after the text over its date only, by an empty signature widget whose appearance paints the top of the page white, by a clip around the body that leaves it out, by a Square annotation without /AP filled white, or in white past 64 nested q (both counted for 2021 without a word before): drawn, its own year not trusted, said; the same rectangle or widget at the foot, the body inside that clip: read as they are (shown21)"; fi
if run 0 index $trust --json where/so-di.csv; then
	json "a heading saying năm 2021 above a page that shows 2020, its date under white strokes 2 pt wide drawn 2 pt apart after the text, each a single segment (a band: counted for 2021 without a word before): drawn, its own year not trusted, said; the same band at the foot of a 2021 page, and the motto's thin rule above every date line: read as they are, not drawn (session 36)" '
w = " | ".join(d["warnings"])
assert "row 10: docs/65-BC-UBND.pdf: its own number and year were not checked" in w, w
assert "digits of its text that the page does not show" in w.split("row 10:")[1], w
assert "66-BC-UBND" not in w, w
assert d["rows"][9]["status"] == "valid", d["rows"][9]
'
else notok "a heading saying năm 2021 above a page that shows 2020, its date under white strokes 2 pt wide drawn 2 pt apart after the text, each a single segment (a band: counted for 2021 without a word before): drawn, its own year not trusted, said; the same band at the foot of a 2021 page, and the motto's thin rule above every date line: read as they are, not drawn (session 36)"; fi
# rtshown22: the scan reads the content stream as poppler does
if run 0 index $trust --json where/so-di.csv; then
	json "a heading saying năm 2021 above a page that shows 2020, drawn in mode 3 set by \"3Tr\", in white set by \"1 1 1rg\", or under a white \"348 26 40 22re f\" (a number glued to its operator, which poppler, MuPDF and pdf.js read apart), in white set after \"/Span <</Alt (>%)>> BDC\" on its line, or under a white rectangle filled by \"f\" after a keyword of 128 bytes (poppler reads the f): its own year not trusted, said (each counted for 2021 without a word before, rtshown22); an honest 2021 report whose date a span with such a dictionary marks read as it is" '
w = " | ".join(d["warnings"])
for r, n in ((12, 67), (13, 68), (14, 69), (15, 70), (16, 71)):
    assert "row %d: docs/%d-BC-UBND.pdf: its own number and year were not checked" % (r, n) in w, (n, w)
assert "draws text that no viewer shows" in w.split("row 12:")[1], w
for r in (13, 14, 15, 16):
    assert "digits of its text that the page does not show" in w.split("row %d:" % r)[1], (r, w)
assert "77-BC-UBND" not in w, w
assert d["rows"][20]["status"] == "valid", d["rows"][20]
'
else notok "a heading saying năm 2021 above a page that shows 2020, drawn in mode 3 set by \"3Tr\", in white set by \"1 1 1rg\", or under a white \"348 26 40 22re f\" (a number glued to its operator, which poppler, MuPDF and pdf.js read apart), in white set after \"/Span <</Alt (>%)>> BDC\" on its line, or under a white rectangle filled by \"f\" after a keyword of 128 bytes (poppler reads the f): its own year not trusted, said (each counted for 2021 without a word before, rtshown22); an honest 2021 report whose date a span with such a dictionary marks read as it is"; fi
if run 0 index $trust --json where/so-di.csv; then
	json "a heading saying năm 2021 above a page that shows 2020, drawn in white or mode 3 by what poppler carries from one content stream into the next (a comment left open over the next one's \"0 0 0 rg\", an operand 3 before its Tr, a string left open over \"0 0 0 rg\"), or by a stream /Contents lists twice (white, black, white again): its own year not trusted, said (each counted for 2021 without a word before, rtshown22); an honest 2021 report whose content is cut in two streams read as it is" '
w = " | ".join(d["warnings"])
for r, n in ((17, 72), (18, 73), (19, 74), (20, 75)):
    assert "row %d: docs/%d-BC-UBND.pdf: its own number and year were not checked" % (r, n) in w, (n, w)
    assert "digits of its text that the page does not show" in w.split("row %d:" % r)[1], (r, w)
assert "76-BC-UBND" not in w, w
assert d["rows"][19]["status"] == "valid", d["rows"][19]
'
else notok "a heading saying năm 2021 above a page that shows 2020, drawn in white or mode 3 by what poppler carries from one content stream into the next (a comment left open over the next one's \"0 0 0 rg\", an operand 3 before its Tr, a string left open over \"0 0 0 rg\"), or by a stream /Contents lists twice (white, black, white again): its own year not trusted, said (each counted for 2021 without a word before, rtshown22); an honest 2021 report whose content is cut in two streams read as it is"; fi
if run 0 index $trust --json where/so-di.csv; then
	json "a heading saying năm 2021 above a page that shows 2020, in white after an inline image of 40 bytes whose data begins \"ab EI 0 0 0 rg\" (poppler reads its 40 bytes, then to the next EI; the scan ended it at the first and read black): its own year not trusted, said (counted for 2021 without a word before, rtshown22); an honest 2021 report showing a small inline image read as it is" '
w = " | ".join(d["warnings"])
assert "row 23: docs/78-BC-UBND.pdf: its own number and year were not checked" in w, w
assert "digits of its text that the page does not show" in w.split("row 23:")[1], w
assert "79-BC-UBND" not in w, w
assert d["rows"][22]["status"] == "valid", d["rows"][22]
'
else notok "a heading saying năm 2021 above a page that shows 2020, in white after an inline image of 40 bytes whose data begins \"ab EI 0 0 0 rg\" (poppler reads its 40 bytes, then to the next EI; the scan ended it at the first and read black): its own year not trusted, said (counted for 2021 without a word before, rtshown22); an honest 2021 report showing a small inline image read as it is"; fi
if run 0 index $trust --json where/so-di.csv; then
	json "a heading saying năm 2021 above a page that shows 2020, drawn in pale yellow (1 1 0.8 rg: 51 levels from white in blue alone, 6 in brightness), which no one sees: its own year not trusted, said (counted for 2021 without a word before: every channel was an edge, rtshown22); an honest 2021 report whose heading is dark green read as it is" '
w = " | ".join(d["warnings"])
assert "row 25: docs/80-BC-UBND.pdf: its own number and year were not checked" in w, w
assert "digits of its text that the page does not show" in w.split("row 25:")[1], w
assert "81-BC-UBND" not in w, w
assert d["rows"][24]["status"] == "valid", d["rows"][24]
'
else notok "a heading saying năm 2021 above a page that shows 2020, drawn in pale yellow (1 1 0.8 rg: 51 levels from white in blue alone, 6 in brightness), which no one sees: its own year not trusted, said (counted for 2021 without a word before: every channel was an edge, rtshown22); an honest 2021 report whose heading is dark green read as it is"; fi
if run 0 index $trust --json where/so-di.csv; then
	json "a heading saying năm 2021 above a page that shows 2020, sheared flat by its text matrix (12.5 0 11 -0.9 Tm: a dotted line on the page, honest boxes in poppler's text): its own year not trusted, said (counted for 2021 without a word before, rtshown22); an honest 2021 report whose date line is slanted as an italic and condensed to 60% read as it is" '
w = " | ".join(d["warnings"])
assert "row 27: docs/82-BC-UBND.pdf: its own number and year were not checked" in w, w
assert "page 1 draws text squeezed or sheared flat" in w.split("row 27:")[1], w
assert "83-BC-UBND" not in w, w
assert d["rows"][26]["status"] == "valid", d["rows"][26]
'
else notok "a heading saying năm 2021 above a page that shows 2020, sheared flat by its text matrix (12.5 0 11 -0.9 Tm: a dotted line on the page, honest boxes in poppler's text): its own year not trusted, said (counted for 2021 without a word before, rtshown22); an honest 2021 report whose date line is slanted as an italic and condensed to 60% read as it is"; fi
if run 0 index $trust --json where/so-di.csv; then
	json "a heading saying năm 2021 above a page that shows 2020, drawn \"0 g\" under a /ColorSpace resource /DefaultGray [/Indexed /DeviceRGB 0 <FFFFFF>], or \"/DeviceGray cs 0 sc\" with that space named /DeviceGray there (poppler draws it white): its own year not trusted, said (counted for 2021 without a word before, rtshown22); an honest 2021 report whose /DefaultGray is a CalGray space read as it is" '
w = " | ".join(d["warnings"])
for r, n in ((29, 84), (30, 85)):
    assert "row %d: docs/%d-BC-UBND.pdf: its own number and year were not checked" % (r, n) in w, (n, w)
    assert "digits of its text that the page does not show" in w.split("row %d:" % r)[1], (r, w)
assert "86-BC-UBND" not in w, w
assert d["rows"][29]["status"] == "valid", d["rows"][29]
'
else notok "a heading saying năm 2021 above a page that shows 2020, drawn \"0 g\" under a /ColorSpace resource /DefaultGray [/Indexed /DeviceRGB 0 <FFFFFF>], or \"/DeviceGray cs 0 sc\" with that space named /DeviceGray there (poppler draws it white): its own year not trusted, said (counted for 2021 without a word before, rtshown22); an honest 2021 report whose /DefaultGray is a CalGray space read as it is"; fi
name="the same band of white thin strokes over the heading's date on a page turned by /Rotate 90 (the digits' boxes turned, the strokes not: counted for 2021 without a word, review37): drawn, its own year not trusted, said; the band at the foot of a turned 2021 page: read as it is"
if run 0 index $trust --json where/so-di.csv; then
	json "$name" '
w = " | ".join(d["warnings"])
assert "row 32: docs/87-BC-UBND.pdf: its own number and year were not checked" in w, w
assert "88-BC-UBND" not in w, w
assert d["rows"][31]["status"] == "valid", d["rows"][31]
'
else notok "$name"; fi
mkdir -p "$tmp/actual/20 Chữ ký số"
cp -r actual/docs actual/so-di.csv "$tmp/actual/20 Chữ ký số/"
if run 0 ingest --no-validation --commune "Thủy An" --year 2021 -o "$tmp/actual.zip" "$tmp/actual" &&
	run 0 index $trust --json "$tmp/actual.zip"; then
	json "index DOSSIER.zip: an entry whose /ActualText says 2021 over a drawn 2020: its own year not trusted, said" '
w = " | ".join(d["warnings"])
assert "21-BC-UBND.pdf: its own number and year were not checked" in w, w
assert "/ActualText \"2021\"" in w, w
'
else notok "index DOSSIER.zip: an entry whose /ActualText says 2021 over a drawn 2020: its own year not trusted, said"; fi


# --- 14b. rows whose date is no date (rtnum8) -----------------------------------------------------
if run 1 index $trust --json --year 2021 baddate/so-di.csv; then
	json "rows dated 30/02/2021 and 2021-13-01 naming signed documents of 2020: the year their cell holds is compared, other-document (it gave 3/3, 100%)" '
w = " | ".join(d["warnings"])
assert crit("20") == (1, 4), d["criteria"]
assert "row 2: docs/41-BC-UBND.pdf is another document (its text is dated 2020, not 2021)" in w, w
assert "row 3: docs/42-BC-UBND.pdf is another document (its text is dated 2020, not 2021)" in w, w
assert [r["status"] for r in d["rows"]][:3] == ["other-document", "other-document", "valid"], d["rows"]
'
else notok "rows dated 30/02/2021 and 2021-13-01 naming signed documents of 2020: the year their cell holds is compared, other-document (it gave 3/3, 100%)"; fi
if run 1 index $trust --json --year 2021 baddate/so-di.csv; then
	json "a row dated 31/04/2021 naming a signed scan (no text) of November 2020: judged by its signing time from 1 January of the year its cell holds, other-document (it counted)" '
w = " | ".join(d["warnings"])
assert "it was signed on 2020-11-20, before the year of its date, 2021" in w, w
assert d["rows"][3]["status"] == "other-document", d["rows"]
'
else notok "a row dated 31/04/2021 naming a signed scan (no text) of November 2020: judged by its signing time from 1 January of the year its cell holds, other-document (it counted)"; fi

# --- 15. a heading whose year the date pattern does not read ---------------------------------------
if run 0 index $trust --json noyear/so-di.csv; then
	json "headings dated năm MMXX and năm 2 0 2 0 for rows of 2021: their year not compared, said beside the figure (it gave 3/3 without a word)" '
w = " | ".join(d["warnings"])
for r in (3, 4):
	assert "row %d: docs/3%d-BC-UBND.pdf: its own number and year were not checked: its text gives no date in figures" % (r, r - 2) in w, w
assert "12-QD-UBND" not in w, w
'
else notok "headings dated năm MMXX and năm 2 0 2 0 for rows of 2021: their year not compared, said beside the figure (it gave 3/3 without a word)"; fi
mkdir -p "$tmp/noyear/20 Chữ ký số"
cp -r noyear/docs noyear/so-di.csv "$tmp/noyear/20 Chữ ký số/"
if run 0 ingest --no-validation --commune "Thủy An" --year 2021 -o "$tmp/noyear.zip" "$tmp/noyear" &&
	run 0 index $trust --json "$tmp/noyear.zip"; then
	json "index DOSSIER.zip: a heading dated năm MMXX: its year not compared, said" '
w = " | ".join(d["warnings"])
assert "31-BC-UBND.pdf: its own number and year were not checked: its text gives no date in figures" in w, w
assert "12-QD-UBND" not in w, w
'
else notok "index DOSSIER.zip: a heading dated năm MMXX: its year not compared, said"; fi


# --- 16. two dates in the heading ----------------------------------------------------------------
if run 1 index $trust --json heading/so-di.csv; then
	json "Số: 21/BC-UBND ngày … năm 2021 above Thủy An, ngày … năm 2020: another document (it gave 2/2, 100%)" '
assert row("21/BC-UBND")["status"] == "other-document", rows
assert row("12/QĐ-UBND")["status"] == "valid", rows
w = " | ".join(d["warnings"])
assert "row 3: docs/21-BC-UBND.pdf is another document (its text is dated 2020, not 2021)" in w, w
'
else notok "Số: 21/BC-UBND ngày … năm 2021 above Thủy An, ngày … năm 2020: another document (it gave 2/2, 100%)"; fi

if run 1 index $trust --json heading/so-di.csv; then
	json "an empty Số: (the number a picture) above Thủy An, ngày … năm 2020 for a row of 2021: another document by its place and date (it was not judged)" '
assert (d["documents"], d["signed"]) == (3, 1), d
assert row("22/BC-UBND")["status"] == "other-document", rows
w = " | ".join(d["warnings"])
assert "row 4: docs/22-BC-UBND.pdf is another document (its text is dated 2020, not 2021)" in w, w
'
else notok "an empty Số: (the number a picture) above Thủy An, ngày … năm 2020 for a row of 2021: another document by its place and date (it was not judged)"; fi

# --- 17. a (1,0) cmap poppler draws through first (rtnew6a) --------------------------------------
if run 0 index $trust --year 2020 --json macmap/so-di.csv; then
	json "a symbolic TrueType font without /Encoding whose program draws code 0x30 as 2 by a (1,0) cmap (pdftoppm: 2022) and as 0 by its (3,1) one, which its /ToUnicode reads (2020): its own year not trusted, said (it gave 1/1, 100% without a word)" '
w = " | ".join(d["warnings"])
assert "row 2: docs/32-BC-UBND.pdf: its own number and year were not checked" in w, w
assert "whose /ToUnicode reads code 48 otherwise than the glyph its font program (its cmap table or glyph names) draws there" in w, w
'
else notok "a symbolic TrueType font without /Encoding whose program draws code 0x30 as 2 by a (1,0) cmap (pdftoppm: 2022) and as 0 by its (3,1) one, which its /ToUnicode reads (2020): its own year not trusted, said (it gave 1/1, 100% without a word)"; fi

# --- 18. every digit of the text draws something, another figure (atkshown) ------------------
# Known hole, marked TODO (tap.sh): rtpdf20's drawing asks only whether a digit's box holds
# a glyph's edges (along a row and along a column since rtshown24), not which figure they draw;
# a figure drawn over a digit after it (a curved path, a picture, a form) is said since rtshown25.
if run 1 index $trust --json shown/so-di.csv; then
	json "a report whose text says năm 2021, its last 1 covered by a white box and a 0 drawn over it as a path (every viewer: 2020): its own year not trusted, said (counted for 2021 without a word before rtshown25); an honest 2021 report under a red curved shape over letters of its date line (no digit) read as it is" '
w = " | ".join(d["warnings"])
assert "row 2: docs/60-BC-UBND.pdf: its own number and year were not checked" in w, w
assert "draws a picture, a form, a curved shape or pieces of one over 1 digits of its text" in w.split("row 2:")[1], w
assert "117-BC-UBND" not in w, w
assert d["rows"][31]["number"] == "117/BC-UBND" and d["rows"][31]["status"] == "valid", d["rows"][31]
'
else notok "a report whose text says năm 2021, its last 1 covered by a white box and a 0 drawn over it as a path (every viewer: 2020): its own year not trusted, said; an honest 2021 report under a red curved shape over letters of its date line read as it is"; fi
if run 1 index $trust --json shown/so-di.csv; then
	json "a report whose text says năm 2021, its last 1 covered by a white box and a 0 drawn over it as a polygon of 32 straight segments, or stroked as an ellipse (every viewer: 2020): its own year not trusted, said (each counted for 2021 without a word before, atkshown); an honest 2021 report under a red ten-sided star or a red stroked ring over letters of its date line (no digit) read as it is" '
w = " | ".join(d["warnings"])
for r in (40, 41):
    assert "row %d: docs/%d-BC-UBND.pdf: its own number and year were not checked" % (r, r + 130) in w, w
    assert "draws a picture, a form, a curved shape or pieces of one over 1 digits of its text" in w.split("row %d:" % r)[1], w
assert "172-BC-UBND" not in w and "173-BC-UBND" not in w, w
for i, n in ((40, 172), (41, 173)):
    assert d["rows"][i]["number"] == "%d/BC-UBND" % n and d["rows"][i]["status"] == "valid", d["rows"][i]
'
else notok "a report whose text says năm 2021, its last 1 covered by a white box and a 0 drawn over it as a polygon of 32 straight segments, or stroked as an ellipse: its own year not trusted, said; an honest 2021 report under a red star or a red ring over letters of its date line read as it is"; fi
if run 1 index $trust --json shown/so-di.csv; then
	json "a report whose text says năm 2021, its last 1 covered by a white box and a 0 drawn over it of four filled rectangles, of one stroked rectangle, of four straight strokes, or as a stroked frame on its box (pdftoppm: 2020): its own year not trusted, said (each counted for 2021 without a word before, rtshown26); an honest 2021 report whose year sits on a grey cell fill painted after its text began, a short table rule crossing its last digit, read as it is" '
w = " | ".join(d["warnings"])
for n in (118, 119, 120, 127):
    m = [x for x in d["warnings"] if "docs/%d-BC-UBND.pdf: its own number and year were not checked" % n in x]
    assert m and "draws a picture, a form, a curved shape or pieces of one over 1 digits of its text" in m[0], (n, w)
assert "121-BC-UBND" not in w, w
r = row("121/BC-UBND")
assert r["status"] == "valid" and not r["warnings"], r
'
else notok "a report whose text says năm 2021, its last 1 covered by a white box and a 0 drawn over it of four filled rectangles, of one stroked rectangle, or of four straight strokes: its own year not trusted, said; an honest 2021 report whose year sits on a grey cell fill, a short table rule crossing its last digit, read as it is"; fi
if run 1 index $trust --json shown/so-di.csv; then
	json "a report whose text says năm 2021, its last 1 covered by a white box and a 0 drawn over it by a radial shading (a ring) in a clip box, or by a box filled with a tiling pattern whose cell draws a 0 (pdftoppm: 2020): its own year not trusted, said (each counted for 2021 without a word before, atkshown2); an honest 2021 report under a grey shading and a grey tiled box over letters of its date line read as it is" '
w = " | ".join(d["warnings"])
for n in (176, 177):
    m = [x for x in d["warnings"] if "docs/%d-BC-UBND.pdf: its own number and year were not checked" % n in x]
    assert m and "draws a picture, a form, a curved shape or pieces of one over 1 digits of its text" in m[0], (n, w)
assert "178-BC-UBND" not in w, w
r = row("178/BC-UBND")
assert r["status"] == "valid" and not r["warnings"], r
'
else notok "a report whose text says năm 2021, its last 1 covered by a white box and a 0 drawn over it by a radial shading in a clip box, or by a box filled with a tiling pattern: its own year not trusted, said; an honest 2021 report under a grey shading and a grey tiled box over letters of its date line read as it is"; fi
t="a report whose text says năm 2021 under a Stamp (/F 4) whose own appearance paints a white box over its last 1 and a 0 over that box (pdftoppm: 2020): its own year not trusted, said (counted for 2021 without a word before, rtshown27); an honest 2021 report with signature widgets drawn at its foot (a stroke and its date, a seal ring) and beside its year read as it is"
if run 1 index $trust --json shown/so-di.csv; then
	json "$t" '
w = " | ".join(d["warnings"])
m = [x for x in d["warnings"] if "docs/180-BC-UBND.pdf: its own number and year were not checked" in x]
assert m and "draws a picture, a form, a curved shape or pieces of one over 1 digits of its text" in m[0], w
assert "181-BC-UBND" not in w, w
r = row("181/BC-UBND")
assert r["status"] == "valid" and not r["warnings"], r
'
else notok "$t"; fi
t="a report of 2020 drawing first a form whose /Resources hold no font, its heading năm 2021 piled by TJ shifts in the page font it names (figures at A-J; poppler looks it up in the page resources: a blot): its own year not trusted, said (counted for 2021 without a word before, rtshown27); an honest 2021 report whose form so made kerns its year by small shifts read as it is"
if run 1 index $trust --json shown/so-di.csv; then
	json "$t" '
w = " | ".join(d["warnings"])
m = [x for x in d["warnings"] if "docs/182-BC-UBND.pdf: its own number and year were not checked" in x]
assert m and "draws figures that a TJ array" in m[0], w
assert "183-BC-UBND" not in w, w
r = row("183/BC-UBND")
assert r["status"] == "valid" and not r["warnings"], r
'
else notok "$t"; fi
t="a report of 2020 under a heading năm 2021 drawn in black inside a clip band 1.6 points high at its baseline (pdftoppm: a stripe of the glyphs feet): its own year not trusted, said (counted for 2021 without a word before, rtshown27); an honest 2021 report whose year is drawn in a table cell clip cutting only the glyphs ascent and descent read as it is"
if run 1 index $trust --json shown/so-di.csv; then
	json "$t" '
w = " | ".join(d["warnings"])
m = [x for x in d["warnings"] if "docs/184-BC-UBND.pdf: its own number and year were not checked" in x]
assert m and "digits of its text that the page does not show" in m[0], w
assert "185-BC-UBND" not in w, w
r = row("185/BC-UBND")
assert r["status"] == "valid" and not r["warnings"], r
'
else notok "$t"; fi
t="a report whose text says năm 2021, a white Square without /AP over its last 1 and a Circle without /AP on that place (its ellipse a 0), or a FreeText without /AP writing 0 there (pdftoppm and mutool draw: 2020): its own year not trusted, said (each counted for 2021 without a word before, rtshown27); an honest 2021 report whose Thủy An a red Circle without /AP rings read as it is"
if run 1 index $trust --json shown/so-di.csv; then
	json "$t" '
w = " | ".join(d["warnings"])
for n in (186, 187):
    m = [x for x in d["warnings"] if "docs/%d-BC-UBND.pdf: its own number and year were not checked" % n in x]
    assert m and "draws a picture, a form, a curved shape or pieces of one over 1 digits of its text" in m[0], (n, w)
assert "188-BC-UBND" not in w, w
r = row("188/BC-UBND")
assert r["status"] == "valid" and not r["warnings"], r
'
else notok "$t"; fi
t="a report whose text says năm 2021, its last 1 under a white box, a text field of value 0 there whose appearance draws nothing, in a form saying /NeedAppearances true (poppler draws the value: 2020): its own year not trusted, said (counted for 2021 before, rtshown27); an honest 2021 report whose form so made holds a field at its foot read as it is"
if run 1 index $trust --json shown/so-di.csv; then
	json "$t" '
w = " | ".join(d["warnings"])
m = [x for x in d["warnings"] if "docs/189-BC-UBND.pdf: its own number and year were not checked" in x]
assert m and "draws a picture, a form, a curved shape or pieces of one over 1 digits of its text" in m[0], w
assert "179-BC-UBND" not in w, w
r = row("179/BC-UBND")
assert r["status"] == "valid" and not r["warnings"], r
'
else notok "$t"; fi
t="a report of 2020 under a heading năm 2021 whose year is drawn in a copy of its font whose figures are 0.26 em wide (/Widths), or in a Type 0 copy of /DW 0.2 em (a blot in every viewer): its own year not trusted, said (each counted for 2021 without a word before, rtshown27); an honest 2021 report whose year is drawn in such a copy 0.5 em wide read as it is"
if run 1 index $trust --json shown/so-di.csv; then
	json "$t" '
w = " | ".join(d["warnings"])
for n in (134, 135):
    m = [x for x in d["warnings"] if "docs/%d-BC-UBND.pdf: its own number and year were not checked" % n in x]
    assert m and "draws figures that their font makes unreadable (a width in the font, /Widths, /W" in m[0], (n, w)
assert "129-BC-UBND" not in w, w
r = row("129/BC-UBND")
assert r["status"] == "valid" and not r["warnings"], r
'
else notok "$t"; fi
t="a report of 2020 under a heading năm 2021 clipped to three stripes 0.4 points high at its glyphs tops, middles and feet (pdftoppm: slivers): its own year not trusted, said (counted for 2021 without a word before, atkshown3: the rows with ink spanned half of each box); an honest 2021 report whose year a table cell clip cuts only above and below read as it is"
if run 1 index $trust --json shown/so-di.csv; then
	json "$t" '
w = " | ".join(d["warnings"])
m = [x for x in d["warnings"] if "docs/167-BC-UBND.pdf: its own number and year were not checked" in x]
assert m and "digits of its text that the page does not show" in m[0], w
assert "185-BC-UBND" not in w, w
'
else notok "$t"; fi
t="a report of 2020 under a heading năm 2021 whose year is drawn in a copy of its font whose /LastChar (64) stops before its figures, /Widths listing them 0.636 em past it, /MissingWidth 0.2 em (a blot in pdftoppm and mutool draw), or in a Type 0 copy of /DW 0.2 em whose /W names each figure by a real CID (poppler skips those entries: a blot in pdftoppm): its own year not trusted, said (each counted for 2021 without a word before, atkshown3)"
if run 1 index $trust --json shown/so-di.csv; then
	json "$t" '
for n in (160, 165):
    m = [x for x in d["warnings"] if "docs/%d-BC-UBND.pdf: its own number and year were not checked" % n in x]
    assert m and "draws figures that their font makes unreadable (a width in the font, /Widths, /W" in m[0], (n, d["warnings"])
'
else notok "$t"; fi
t="a report whose text says năm 2021, its last 1 under a white FreeText whose /AP holds a /D alone writing 0 there (MuPDF makes it: mutool draw shows 2020), or a white Square and a Circle whose /AP is empty: its own year not trusted, said (the FreeText counted for 2021 without a word before, atkshown3); an honest 2021 report whose Thủy An a red Circle with an empty /AP rings read as it is"
if run 1 index $trust --json shown/so-di.csv; then
	json "$t" '
w = " | ".join(d["warnings"])
for n in (161, 162):
    m = [x for x in d["warnings"] if "docs/%d-BC-UBND.pdf: its own number and year were not checked" % n in x]
    assert m, (n, w)
m = [x for x in d["warnings"] if "docs/162-BC-UBND.pdf" in x]
assert "draws a picture, a form, a curved shape or pieces of one over 1 digits of its text" in m[0], w
assert "163-BC-UBND" not in w, w
r = row("163/BC-UBND")
assert r["status"] == "valid" and not r["warnings"], r
'
else notok "$t"; fi
if run 1 index $trust --json shown/so-di.csv; then
	json "a report of 2020 drawing first a form whose own resources name a font coding its figures at A-J, its heading năm 2021 piled by TJ shifts in that font (a blot in pdftoppm): its own year not trusted, said (counted for 2021 without a word before, rtshown26); an honest 2021 report whose form so made kerns its year by small shifts read as it is" '
w = " | ".join(d["warnings"])
m = [x for x in d["warnings"] if "docs/122-BC-UBND.pdf: its own number and year were not checked" in x]
assert m and "draws figures that a TJ array" in m[0], w
assert "123-BC-UBND" not in w, w
r = row("123/BC-UBND")
assert r["status"] == "valid" and not r["warnings"], r
'
else notok "a report of 2020 drawing first a form whose own resources name a font coding its figures at A-J, its heading năm 2021 piled by TJ shifts in that font: its own year not trusted, said; an honest 2021 report whose form so made kerns its year read as it is"; fi
if run 0 index $trust --json shown/far.csv; then
	json "a report of 2020 whose place and date stand 231 bytes under its number (seven V/v lines), behind a page dated Thủy An, ngày 05 tháng 01 năm 2021: its year not compared, said (counted for 2021 without a word before, rtshown26); the same of 2021 behind a page dated 2022 counted, said (refused as dated 2022 before); an honest 2021 report so laid out without a cover page said as before" '
for n in (124, 125, 126):
    m = [x for x in d["warnings"] if "docs/%d-BC-UBND.pdf: its own number and year were not checked: its text gives no date in figures" % n in x]
    assert m, (n, d["warnings"])
    assert row("%d/BC-UBND" % n)["status"] == "valid", row("%d/BC-UBND" % n)
assert crit("20") == (3, 3), d["criteria"]
'
else notok "a report of 2020 whose place and date stand 231 bytes under its number, behind a page dated 2021: its year not compared, said; the same of 2021 behind a page dated 2022 counted, said; an honest 2021 report so laid out said as before"; fi
# Out of reach: the TrueType program's glyph is drawn by poppler from the font alone; telling
# its outline is a "0" and not a "1" needs the outlines compared (or the page read by OCR).
tap_todo="a font program whose glyph of 1 is the outline of 0 (no check compares outlines)"
if run 1 index $trust --json shown/so-di.csv; then
	json "a report whose last 1 of năm 2021 is drawn by a TrueType font whose program draws that glyph with the outline of 0 (pdftoppm: 2020; /ToUnicode, cmap and names honest): its own year not trusted, said (counted for 2021 without a word)" '
w = " | ".join(d["warnings"])
assert "row 3: docs/63-BC-UBND.pdf: its own number and year were not checked" in w, w
'
else notok "a report whose last 1 of năm 2021 is drawn by a TrueType font whose program draws that glyph with the outline of 0 (pdftoppm: 2020; /ToUnicode, cmap and names honest): its own year not trusted, said (counted for 2021 without a word)"; fi
unset tap_todo
if run 1 index $trust --json shown/so-di.csv; then
	json "a heading saying Số: 65/BC-UBND … năm 2021 in white across a black rule painted after it: its own year not trusted, said (counted for 2021 without a word before rtshown24: a box whose edges run only down its columns shows no glyph)" '
w = " | ".join(d["warnings"])
assert "row 7: docs/65-BC-UBND.pdf: its own number and year were not checked" in w, w
'
else notok "a heading saying Số: 65/BC-UBND … năm 2021 in white across a black rule painted after it: its own year not trusted, said (counted for 2021 without a word)"; fi
unset tap_todo
if run 1 index $trust --json shown/so-di.csv; then
	json "a white heading whose digits (67, 31, 12, 2021) are drawn black at 8 Tz, hairlines: its own year not trusted, said (counted for 2021 without a word before rtshown22: a digit narrower than 0.15 of its height is not seen)" '
w = " | ".join(d["warnings"])
assert "row 8: docs/67-BC-UBND.pdf: its own number and year were not checked" in w, w
'
else notok "a white heading whose digits (67, 31, 12, 2021) are drawn black at 8 Tz, hairlines: its own year not trusted, said (counted for 2021 without a word before rtshown22: a digit narrower than 0.15 of its height is not seen)"; fi
unset tap_todo
if run 1 index $trust --json shown/so-di.csv; then
	json "a heading saying Số: 85/BC-UBND … năm 2021 drawn with 0 0 0 sc in a DeviceN colour space whose tint transform gives white: its own year not trusted, said (counted for 2021 without a word)" '
w = " | ".join(d["warnings"])
assert "row 9: docs/85-BC-UBND.pdf: its own number and year were not checked" in w, w
'
else notok "a heading saying Số: 85/BC-UBND … năm 2021 drawn with 0 0 0 sc in a DeviceN colour space whose tint transform gives white: its own year not trusted, said (counted for 2021 without a word)"; fi
# (tap.sh counts in $n: these rows' own names are long_*)
for v in "10 86 white, written 000…0001 g (33 zeros: white to every viewer)" "11 87 in render mode 000…0003 Tr (nothing drawn)"; do
	long_row=${v%% *} long_rest=${v#* }
	long_doc=${long_rest%% *} long_how=${long_rest#* }
	if run 1 index $trust --json shown/so-di.csv; then
		json "a heading saying Số: $long_doc/BC-UBND … năm 2021 $long_how: its own year not trusted, said (a number cut to 31 characters read 0: counted for 2021 without a word, review37)" "
w = ' | '.join(d['warnings'])
assert 'row $long_row: docs/$long_doc-BC-UBND.pdf: its own number and year were not checked' in w, w
"
	else notok "a heading saying Số: $long_doc/BC-UBND … năm 2021 $long_how: its own year not trusted, said"; fi
done
if run 1 index $trust --json shown/so-di.csv; then
	json "an honest 2021 report whose black is written 000…000 g (34 zeros): read as it is" '
w = " | ".join(d["warnings"])
assert "88-BC-UBND" not in w, w
assert d["rows"][10]["status"] == "valid", d["rows"]
'
else notok "an honest 2021 report whose black is written 000…000 g (34 zeros): read as it is"; fi
if run 1 index $trust --json shown/so-di.csv; then
	json "a heading saying Số: 89/BC-UBND … năm 2021 whose year is piled into a blot by -0.35 Tc (each digit over 55% of the one before; the page shows 2020): its own year not trusted, said (counted for 2021 without a word before rtshown23)" '
w = " | ".join(d["warnings"])
assert "row 13: docs/89-BC-UBND.pdf: its own number and year were not checked" in w, w
assert "page 1 draws text whose glyphs character spacing piles on one another" in w.split("row 13:")[1], w
'
else notok "a heading saying Số: 89/BC-UBND … năm 2021 whose year is piled into a blot by -0.35 Tc: its own year not trusted, said"; fi
if run 1 index $trust --json shown/so-di.csv; then
	json "an honest 2021 report whose date line is tracked tight (-0.08 Tc, each digit over 13% of the one before): read as it is" '
w = " | ".join(d["warnings"])
assert "90-BC-UBND" not in w, w
assert d["rows"][12]["status"] == "valid", d["rows"]
'
else notok "an honest 2021 report whose date line is tracked tight (-0.08 Tc): read as it is"; fi
if run 1 index $trust --json shown/so-di.csv; then
	json "a heading saying Số: 91/BC-UBND … năm 2021 in an optional content group /D leaves on and its /Usage says is off on screen (pdf.js shows only 2020; poppler and MuPDF draw the heading): its own year not trusted, said (counted for 2021 without a word before rtshown23)" '
w = " | ".join(d["warnings"])
assert "row 15: docs/91-BC-UBND.pdf: its own number and year were not checked" in w, w
assert "the document draws optional content that viewers show differently" in w.split("row 15:")[1], w
'
else notok "a heading saying Số: 91/BC-UBND … năm 2021 in an optional content group whose /Usage says it is off on screen: its own year not trusted, said"; fi
if run 1 index $trust --json shown/so-di.csv; then
	json "an honest 2021 report whose date line is in an optional content group on by /D and by its /Usage: read as it is" '
w = " | ".join(d["warnings"])
assert "92-BC-UBND" not in w, w
assert d["rows"][14]["status"] == "valid", d["rows"]
'
else notok "an honest 2021 report whose date line is in an optional content group on by /D and by its /Usage: read as it is"; fi
if run 1 index $trust --json shown/so-di.csv; then
	json "a heading saying Số: 93/BC-UBND … năm 2021 drawn under a soft mask of an empty group (pdftoppm, MuPDF and pdf.js show no heading; poppler with cairo, which judged the digits, draws it): its own year not trusted, said (counted for 2021 without a word before rtshown23)" '
w = " | ".join(d["warnings"])
assert "row 17: docs/93-BC-UBND.pdf: its own number and year were not checked" in w, w
assert "page 1 draws text under a soft mask" in w.split("row 17:")[1], w
'
else notok "a heading saying Số: 93/BC-UBND … năm 2021 drawn under a soft mask of an empty group: its own year not trusted, said"; fi
if run 1 index $trust --json shown/so-di.csv; then
	json "an honest 2021 report that paints a shape under a soft mask and takes it away (/SMask /None) before its text: read as it is" '
w = " | ".join(d["warnings"])
assert "94-BC-UBND" not in w, w
assert d["rows"][16]["status"] == "valid", d["rows"]
'
else notok "an honest 2021 report that paints a shape under a soft mask and takes it away before its text: read as it is"; fi
if run 1 index $trust --json shown/so-di.csv; then
	json "a heading saying Số: 95/BC-UBND … năm 2021 whose year a TJ array piles into a blot ([(2) 350 (0) 350 …] TJ; the page shows 2020): its own year not trusted, said (counted for 2021 without a word before rtshown24)" '
w = " | ".join(d["warnings"])
assert "row 19: docs/95-BC-UBND.pdf: its own number and year were not checked" in w, w
assert "page 1 draws figures that a TJ array" in w.split("row 19:")[1], w
'
else notok "a heading saying Số: 95/BC-UBND … năm 2021 whose year a TJ array piles into a blot: its own year not trusted, said"; fi
if run 1 index $trust --json shown/so-di.csv; then
	json "a heading saying Số: 102/BC-UBND … năm 2021 whose year is written 2 0 2 1 under -0.8 Tw (each space 0.8 em back: the digits on one spot; the page shows 2020): its own year not trusted, said (counted for 2021 without a word before session 39); an honest 2021 report set with -0.05 Tw read as it is" '
w = " | ".join(d["warnings"])
assert "row 26: docs/102-BC-UBND.pdf: its own number and year were not checked" in w, w
assert "Tw back for a space beside a figure" in w.split("row 26:")[1], w
assert "103-BC-UBND" not in w, w
assert d["rows"][25]["status"] == "valid", d["rows"]
'
else notok "a heading saying Số: 102/BC-UBND … năm 2021 whose year is written 2 0 2 1 under -0.8 Tw: its own year not trusted, said; an honest 2021 report set with -0.05 Tw read as it is"; fi
# (rtform17) 130: a Link without /AP whose white border poppler strokes over the heading.
if run 1 index $trust --json shown/so-di.csv; then
	json "a heading saying Số: 130/BC-UBND … năm 2021 under a Link annotation without /AP whose white border, 30 points wide, poppler strokes over it (pdftoppm shows the 2020 report alone): its own year not trusted, said (counted for 2021 without a word before), and so under such a border 30 points wide with no colour (black to poppler); an honest 2021 report whose date a red Link border frames, or a borderless Link covers, read as it is" '
w = " | ".join(d["warnings"])
assert "docs/130-BC-UBND.pdf: its own number and year were not checked" in w, w
assert "130-BC-UBND.pdf: cannot read the document\x27s text: page 1 draws 11 digits of its text that the page does not show" in w, w
assert "131-BC-UBND" not in w, w
r = row("131/BC-UBND")
assert r["status"] == "valid" and r["notes"] == [], r
assert "132-BC-UBND.pdf: cannot read the document\x27s text: page 1 draws 11 digits of its text that the page does not show" in w, w
assert "133-BC-UBND" not in w, w
'
else notok "a heading saying Số: 130/BC-UBND … năm 2021 under a white Link border poppler strokes over it: its own year not trusted, said; an honest 2021 report framed by a red Link border read as it is"; fi
if run 1 index $trust --json shown/so-di.csv; then
	json "a heading saying Số: 150/BC-UBND … năm 2021 written between BX /K#5( and ) kc EX (poppler takes the ( into the name and draws it, MuPDF and pdf.js read a string and show 2020 alone): its own year not trusted, said (counted for 2021 without a word before rtpdf25); an honest 2021 report tagged /Tag#41 BMC read as it is" '
w = " | ".join(d["warnings"])
assert "row 38: docs/150-BC-UBND.pdf: its own number and year were not checked" in w, w
assert "which poppler reads on past the byte where MuPDF and pdf.js end it" in w.split("row 38:")[1], w
assert "151-BC-UBND" not in w, w
assert d["rows"][32]["status"] == "valid", d["rows"]
'
else notok "a heading saying Số: 150/BC-UBND … năm 2021 written between BX /K#5( and ) kc EX: its own year not trusted, said; an honest 2021 report tagged /Tag#41 BMC read as it is"; fi
if run 1 index $trust --json shown/so-di.csv; then
	json "an honest 2021 report whose year is kerned by small TJ shifts and whose line ends with an accent placed 0.3 em back over a letter (a combining mark as cairo places it): read as it is" '
w = " | ".join(d["warnings"])
assert "96-BC-UBND" not in w, w
assert d["rows"][18]["status"] == "valid", d["rows"]
'
else notok "an honest 2021 report whose year is kerned by small TJ shifts and whose line ends with an accent placed back over a letter: read as it is"; fi
if run 1 index $trust --json shown/so-di.csv; then
	json "a report of 2020 whose heading page is put third of four, behind two body pages (the pages read give no number nor place and date): its own number and year not checked, said (counted for 2021 without a word before rtshown24); an honest 2021 report of four pages read as it is" '
w = " | ".join(d["warnings"])
assert "row 21: docs/97-BC-UBND.pdf: its own number and year were not checked: the pages of its text that are read" in w, w
assert "98-BC-UBND" not in w, w
assert d["rows"][20]["status"] == "valid", d["rows"]
'
else notok "a report of 2020 whose heading page is put third of four, behind two body pages: its own number and year not checked, said; an honest 2021 report of four pages read as it is"; fi
if run 1 index $trust --json shown/so-di.csv; then
	json "headings saying năm 2021 whose year is piled in a Type 0 font by a TJ array (two-byte codes), in a font whose /Differences codes the figures at A-J by a TJ array or by -0.8 Tw (the page shows 2020): their own years not trusted, said (counted for 2021 without a word before rtshown25); honest 2021 reports kerned in such fonts, one with a Type 0 accent placed back over a letter, read as they are" '
w = " | ".join(d["warnings"])
assert "row 28: docs/112-BC-UBND.pdf: its own number and year were not checked" in w, w
assert "page 1 draws figures that a TJ array" in w.split("row 28:")[1], w
assert "row 29: docs/113-BC-UBND.pdf: its own number and year were not checked" in w, w
assert "page 1 draws figures that a TJ array" in w.split("row 29:")[1], w
assert "row 31: docs/115-BC-UBND.pdf: its own number and year were not checked" in w, w
assert "Tw back for a space beside a figure" in w.split("row 31:")[1], w
assert "114-BC-UBND" not in w and "116-BC-UBND" not in w, w
assert d["rows"][28]["number"] == "114/BC-UBND" and d["rows"][28]["status"] == "valid", d["rows"][28]
assert d["rows"][30]["number"] == "116/BC-UBND" and d["rows"][30]["status"] == "valid", d["rows"][30]
'
else notok "headings saying năm 2021 whose year is piled in a Type 0 font by a TJ array, in a font whose /Differences codes the figures at A-J by a TJ array or by -0.8 Tw: their own years not trusted, said; honest 2021 reports kerned in such fonts read as they are"; fi
if run 1 index $trust --json shown/last.csv; then
	json "an honest 2021 report whose heading is its last page, behind two body pages citing a law of 2015: read as it is (refused as dated 2015 before rtshown25); the same of 2020 for a 2021 row: another document, dated 2020" '
w = " | ".join(d["warnings"])
assert "110-BC-UBND" not in w, w
assert d["rows"][0]["status"] == "valid", d["rows"][0]
assert d["rows"][1]["status"] == "other-document", d["rows"][1]
assert crit("20") == (1, 2), d["criteria"]
assert "row 3: docs/111-BC-UBND.pdf is another document (its text is dated 2020, not 2021)" in w, w
'
else notok "an honest 2021 report whose heading is its last page, behind two body pages citing a law of 2015: read as it is; the same of 2020 for a 2021 row: another document, dated 2020"; fi
if run 1 index $trust --json shown/copy.csv; then
	json "a report of 2020 whose heading date stands three lines under its number, behind a page dated \"Thủy An, ngày 05 tháng 01 năm 2021\" (a copy certified): another document, dated 2020 (counted for 2021 without a word before, atkshown); the same of 2021 behind a page dated 2022: read as it is (refused as dated 2022 before)" '
w = " | ".join(d["warnings"])
assert "row 2: docs/174-BC-UBND.pdf is another document (its text is dated 2020, not 2021)" in w, w
assert d["rows"][0]["status"] == "other-document", d["rows"][0]
assert "175-BC-UBND" not in w, w
assert d["rows"][1]["status"] == "valid", d["rows"][1]
'
else notok "a report of 2020 whose heading date stands three lines under its number, behind a page dated 2021: another document, dated 2020; the same of 2021 behind a page dated 2022: read as it is"; fi
if run 0 index $trust --json --year 2021 shown/last; then
	json "a folder holding only that honest 2021 report (no register): numbered by its Số: line and dated by its heading, counted in 2021 (read as the decree its body cites, dated 2015, before rtshown25)" '
assert d["documents"] == 1 and d["signed"] == 1, d
assert d["rows"][0]["number"] == "110/BC-UBND", d["rows"][0]
'
else notok "a folder holding only that honest 2021 report (no register): numbered by its Số: line and dated by its heading, counted in 2021"; fi
if run 0 index $trust --json --documents shown/bytext shown/nofile.csv; then
	json "a register with no file column naming that honest report, looked for by its number: found by its Số: line (file missing before: the first page, citing a decree, was taken to settle its number)" '
assert d["rows"][0]["status"] == "valid" and d["rows"][0]["found"] == "text", d["rows"][0]
assert crit("20") == (1, 1), d["criteria"]
'
else notok "a register with no file column naming that honest report, looked for by its number: found by its Số: line"; fi
if run 1 index $trust --json shown/top.csv; then
	json "reports of 2020 whose heading date stands at the top right above the motto, its place on the line above (\"Thủy An,\") or its comma left out, the body citing a plan of 2021: another document, dated 2020 (counted for 2021 without a word before review40: the plan of 2021 the body cites dated them); an honest 2021 report so laid out, its body citing the law of 2015, read as it is (refused as dated 2015 before)" '
w = " | ".join(d["warnings"])
assert d["rows"][0]["status"] == "other-document", d["rows"][0]
assert "row 2: top/140-BC-UBND.pdf is another document (its text is dated 2020, not 2021)" in w, w
assert d["rows"][1]["status"] == "valid" and "141-BC-UBND" not in w, (d["rows"][1], w)
assert d["rows"][2]["status"] == "other-document", d["rows"][2]
assert "row 4: top/142-BC-UBND.pdf is another document (its text is dated 2020, not 2021)" in w, w
assert crit("20") == (1, 3), d["criteria"]
'
else notok "reports of 2020 whose heading date stands at the top above the motto, place on the line above or comma left out: another document, dated 2020; an honest 2021 report so laid out read as it is"; fi
t="reports of 2020 whose date line draws its year 2021 in a copy of its font whose figures (outlines 1.6 times as wide) are given 0.38 em by /Widths, or by a Type 0 copy of /DW 0.38 em (a blot in every viewer), or in a copy without /Widths whose program advances them 0.2 em (a blot in MuPDF), or in a copy whose 0 and 1 outlines are moved 0.45 em left onto the 2 before each, or flattened to a line: their own year not trusted, said (each counted for 2021 without a word before, rtshown28); honest 2021 reports in a copy without /Widths, in figures 0.36 em wide (crowded, 2021 in every viewer), in the wide copy given 1 em, in a copy whose outlines overhang 0.06 em as an italic, in figures 0.7 as high, read as they are"
if run 0 index $trust --json shown/ink.csv; then
	json "$t" '
w = " | ".join(d["warnings"])
for n in (190, 191, 192, 196, 198):
    m = [x for x in d["warnings"] if "ink/%d-BC-UBND.pdf: its own number and year were not checked" % n in x]
    assert m and "draws figures that their font makes unreadable" in m[0] and "0.6 of their glyphs\x27 ink" in m[0], (n, w)
for n in (193, 194, 195, 197, 199):
    assert "%d-BC-UBND" % n not in w, (n, w)
    r = row("%d/BC-UBND" % n)
    assert r["status"] == "valid" and not r["warnings"], r
'
else notok "$t"; fi
if run 1 index $trust --json --year 2021 shown/top-folder; then
	in_file "a folder holding only that report of 2020 (no register): dated 2020 by its heading, not counted in 2021 (dated 2021 by the plan its body cites and counted, 1/1, before review40)" "$tmp/err" "no document is dated 2021"
else notok "a folder holding only that report of 2020 (no register): dated 2020 by its heading, not counted in 2021"; fi
if run 1 index $trust --json shown/so-di.csv; then
	json "an honest 2021 report whose date line is struck through by a black rule across its digits: read as it is" '
w = " | ".join(d["warnings"])
assert "99-BC-UBND" not in w, w
assert d["rows"][21]["status"] == "valid", d["rows"]
'
else notok "an honest 2021 report whose date line is struck through by a black rule across its digits: read as it is"; fi
unset tap_todo
if run 1 index $trust --json shown/so-di.csv; then
	json "an honest 2021 report whose year is underlined by a rectangle painted after its text: read as it is" '
w = " | ".join(d["warnings"])
assert "64-BC-UBND" not in w, w
assert d["rows"][2]["status"] == "valid", d["rows"]
'
else notok "an honest 2021 report whose year is underlined by a rectangle painted after its text: read as it is"; fi
# (rtform16) 100: the Stamp is no object of its own, written inside /Annots.  Since lead43 the
# forged heading's number, its date on the next line ("ngày 31 tháng 12 năm 2021", no place),
# reads as a quote the line broke, and the heading under it (2020) is the report's own: another
# document, not counted (counted with the Stamp's note before, exit 0 for the register).
if run 1 index $trust --json shown/so-di.csv; then
	json "a heading saying Số: 100/BC-UBND / ngày … năm 2021 that poppler and MuPDF show, under a white Stamp written inside page 1's /Annots with /F -1 that pdf.js (Firefox) draws over it (2020 alone): another document, dated 2020, with the Stamp's note (counted for 2021 without a word, then with the note); an honest 2021 report whose date a red frame so written outlines, no note" '
r = row("100/BC-UBND")
assert r["status"] == "other-document", r
assert "row 24: docs/100-BC-UBND.pdf is another document (its text is dated 2020, not 2021)" in " | ".join(d["warnings"]), d["warnings"]
assert any("whose flags (/F) are a negative number is hidden by poppler and MuPDF and drawn by pdf.js" in n for n in r["notes"]), r
r = row("101/BC-UBND")
assert r["notes"] == [] and r["status"] == "valid", r
assert "101-BC-UBND" not in " | ".join(d["warnings"]), d["warnings"]
'
else notok "a heading saying Số: 100/BC-UBND / ngày … năm 2021 under a white Stamp with /F -1 that pdf.js draws over it: another document, dated 2020, with the Stamp's note; an honest 2021 report whose date a red frame so written outlines, no note"; fi
if run 1 index $trust --json shown/so-di.csv; then
	json "a heading saying Số: 74/BC-UBND … năm 2021 under a white Square annotation without /AP (poppler and MuPDF make its appearance: no heading shown): its own year not trusted, said (counted for 2021 without a word, atkshown); an honest 2021 report whose date a red Square without /AP frames read as it is" '
w = " | ".join(d["warnings"])
assert "row 5: docs/74-BC-UBND.pdf: its own number and year were not checked" in w, w
assert "page 1 draws 10 digits of its text that the page does not show" in w.split("row 5:")[1], w
assert "docs/77-BC-UBND" not in w, w  # not 177
assert d["rows"][4]["status"] == "valid", d["rows"]
'
else notok "a heading saying Số: 74/BC-UBND … năm 2021 under a white Square annotation without /AP (poppler and MuPDF make its appearance: no heading shown): its own year not trusted, said (counted for 2021 without a word, atkshown); an honest 2021 report whose date a red Square without /AP frames read as it is"; fi

# --- rtnum22: a first page citing another document's number with a colon -----------------------
# Report 15/BC-UBND (to the villages, signed) whose first page, a body page, cites "Báo cáo Số:
# 12/BC-UBND ngày 10 tháng 03 năm 2021" and whose second holds its heading: main looked for it
# by its text and gave it to row 12 (sent to the district, never scanned): 12 valid, 15 "no file",
# criterion 22 1/1 (100%) for 0/1.
if run 1 index $trust --json cited/nofile/so-di.csv; then
	json "a report whose first page cites \"Báo cáo Số: 12/BC-UBND\", its heading 15/BC-UBND on page 2: found for row 15, row 12 has no file, 22 is 0/1 (it gave row 12 the report: 22 1/1)" '
assert row("15/BC-UBND")["status"] == "valid" and row("15/BC-UBND")["found"] == "text", rows
assert row("12/BC-UBND")["status"] != "valid" and not row("12/BC-UBND")["file"], rows
assert crit("20") == (1, 2) and crit("22") == (0, 1), d["criteria"]
'
else notok "a report whose first page cites \"Báo cáo Số: 12/BC-UBND\", its heading 15/BC-UBND on page 2: found for row 15, row 12 has no file, 22 is 0/1"; fi
if run 1 index $trust --json cited/named.csv; then
	json "row 12/BC-UBND naming that report (15/BC-UBND, its first page citing \"Báo cáo Số: 12/BC-UBND\"): another document, numbered 15/BC-UBND, 0/1 (it gave 1/1, exit 0, nothing said)" '
assert row("12/BC-UBND")["status"] == "other-document", rows
assert crit("20") == (0, 1) and crit("22") == (0, 1), d["criteria"]
w = " | ".join(d["warnings"])
assert "its text is numbered 15/BC-UBND, not 12/BC-UBND" in w, w
'
else notok "row 12/BC-UBND naming that report (15/BC-UBND, its first page citing 12): another document, 0/1 (it gave 1/1, exit 0)"; fi
if run 0 index $trust --json cited/file.csv; then
	json "the same report named by row 15 of a register with a file column: its own number is its heading's, valid (it was \"another document, numbered 12/BC-UBND\")" '
assert row("15/BC-UBND")["status"] == "valid", rows
assert crit("20") == (1, 1), d["criteria"]
'
else notok "the same report named by row 15 of a register with a file column: its own number is its heading's, valid"; fi
if run 0 index $trust --json cited/docs; then
	json "the folder read of that report (no register): numbered 15/BC-UBND by its heading" '
assert [r["number"] for r in rows] == ["15/BC-UBND"], rows
'
else notok "the folder read of that report (no register): numbered 15/BC-UBND by its heading"; fi
# The same report of three pages (its heading on the second): main gave it to row 12 by the
# citation, 22 at 1/1; rtnum22 gave it to no row (its second page not read: the citation on the first
# gave a "Số: N/"), and row 12 naming it was counted (its number unread), said.  Since rtnum23 the
# second page is read after a first whose only "Số: N/" stands inside a sentence.
if run 1 index $trust --json cited/three/nofile/so-di.csv; then
	json "that report of three pages, its heading on the second page: found for row 15 by its heading, row 12 has no file, 22 is 0/1 (main gave row 12 the report: 22 1/1; rtnum22 gave it to no row)" '
assert row("15/BC-UBND")["status"] == "valid" and row("15/BC-UBND")["found"] == "text", rows
assert not row("12/BC-UBND")["file"], rows
assert crit("20") == (1, 2) and crit("22") == (0, 1), d["criteria"]
'
else notok "that report of three pages, its heading on the second page: found for row 15 by its heading, row 12 has no file, 22 is 0/1"; fi
if run 1 index $trust --json cited/three/named.csv; then
	json "row 12 naming that report of three pages: another document, numbered 15/BC-UBND, 0/1 (it was counted, 1/1, with a warning, rtnum22)" '
assert row("12/BC-UBND")["status"] == "other-document", rows
assert crit("20") == (0, 1) and crit("22") == (0, 1), d["criteria"]
assert "its text is numbered 15/BC-UBND, not 12/BC-UBND" in " | ".join(d["warnings"]), d["warnings"]
'
else notok "row 12 naming that report of three pages: another document, numbered 15/BC-UBND, 0/1"; fi
if run 1 index $trust --json cited/quoted/three.csv; then
	json "row 12 naming a report of three pages whose first page quotes \"Số: 12/BC-UBND ngày …\" starting a line, its heading 15/BC-UBND on page 2: another document, 0/1 (it gave 1/1, exit 0)" '
assert row("12/BC-UBND")["status"] == "other-document", rows
assert "its text is numbered 15/BC-UBND, not 12/BC-UBND" in " | ".join(d["warnings"]), d["warnings"]
'
else notok "row 12 naming a report of three pages whose first page quotes \"Số: 12/BC-UBND ngày …\" starting a line, its heading 15/BC-UBND on page 2: another document, 0/1 (it gave 1/1, exit 0)"; fi
# A row's number longer than its PDF's: "15/BC-UBND-VP" (the office's report) naming the committee's
# "Số: 15/BC-UBND": main found the text's words among the row's and counted it signed, 1/1, exit 0.
if run 1 index $trust --json cited/suffix.csv; then
	json "row 15/BC-UBND-VP naming a PDF numbered 15/BC-UBND: another document, 0/1 (it gave 1/1, exit 0, nothing said)" '
assert rows[0]["status"] == "other-document", rows
w = " | ".join(d["warnings"])
assert "its text is numbered 15/BC-UBND, not 15/BC-UBND-VP" in w, w
'
else notok "row 15/BC-UBND-VP naming a PDF numbered 15/BC-UBND: another document, 0/1 (it gave 1/1, exit 0)"; fi
if run 0 index $trust --json cited/prefix.csv; then
	json "the look-alike: row \"Số 15/BC-UBND\" naming it (a word in front of the number): its own, valid" '
assert rows[0]["status"] == "valid", rows
'
else notok "the look-alike: row \"Số 15/BC-UBND\" naming it: its own, valid"; fi
if run 1 index $trust --json cited/heading/so-di.csv; then
	json "the look-alike: the same report, heading first and the cited number in its body, found for row 15 as before" '
assert row("15/BC-UBND")["status"] == "valid" and row("12/BC-UBND")["status"] != "valid", rows
assert crit("22") == (0, 1), d["criteria"]
'
else notok "the look-alike: the same report, heading first and the cited number in its body, found for row 15 as before"; fi
# atknum2, rtnum23: the body page in front quotes "Số: 12/BC-UBND ngày 10 tháng 03 năm 2021 về …" on
# a line of its own: main took it for the heading's, row 12 naming the report was signed, 1/1, exit
# 0, and row 12 without a file column took it (22 at 1/1).  A heading's number ends its line or its
# column; the quoted one is carried on by the sentence.
if run 1 index $trust --json cited/quoted/named.csv; then
	json "row 12 naming report 15 whose first page quotes \"Số: 12/BC-UBND ngày …\" starting a line: another document, 0/1 (it gave 1/1, exit 0)" '
assert row("12/BC-UBND")["status"] == "other-document", rows
assert crit("20") == (0, 1) and crit("22") == (0, 1), d["criteria"]
'
else notok "row 12 naming report 15 whose first page quotes \"Số: 12/BC-UBND ngày …\" starting a line: another document, 0/1 (it gave 1/1, exit 0)"; fi
if run 1 index $trust --json cited/quoted/nofile/so-di.csv; then
	json "that report looked for by its number: found for row 15, row 12 has no file, 22 is 0/1 (it gave row 12 the report: 22 1/1)" '
assert row("15/BC-UBND")["status"] == "valid" and not row("12/BC-UBND")["file"], rows
assert crit("22") == (0, 1), d["criteria"]
'
else notok "that report looked for by its number: found for row 15, row 12 has no file, 22 is 0/1"; fi
if run 1 index $trust --json cited/quoted/comma.csv; then
	json "row 12 naming report 15 whose first page quotes \"Số: 12/BC-UBND, ngày 10/3/2021 …\" (a comma after the number) starting a line: another document, 0/1 (it gave 1/1, exit 0)" '
assert row("12/BC-UBND")["status"] == "other-document", rows
assert crit("20") == (0, 1) and crit("22") == (0, 1), d["criteria"]
assert "its text is numbered 15/BC-UBND, not 12/BC-UBND" in " | ".join(d["warnings"]), d["warnings"]
'
else notok "row 12 naming report 15 whose first page quotes \"Số: 12/BC-UBND, ngày 10/3/2021 …\" (a comma after the number) starting a line: another document, 0/1 (it gave 1/1, exit 0)"; fi
if run 1 index $trust --json cited/quoted/ve.csv; then
	json "row 12 naming report 15 whose first page quotes \"Số: 12/BC-UBND về tình hình …\" starting a line: another document, 0/1 (it gave 1/1, exit 0)" '
assert row("12/BC-UBND")["status"] == "other-document", rows
assert crit("20") == (0, 1) and crit("22") == (0, 1), d["criteria"]
assert "its text is numbered 15/BC-UBND, not 12/BC-UBND" in " | ".join(d["warnings"]), d["warnings"]
'
else notok "row 12 naming report 15 whose first page quotes \"Số: 12/BC-UBND về tình hình …\" starting a line: another document, 0/1 (it gave 1/1, exit 0)"; fi
if run 1 index $trust --json cited/quoted/heading/so-di.csv; then
	json "the look-alike: that report with its pages in order (its heading first, the quoted line after it), looked for by its number: found for row 15 as before" '
assert row("15/BC-UBND")["status"] == "valid" and row("15/BC-UBND")["found"] == "text", rows
assert not row("12/BC-UBND")["file"] and crit("22") == (0, 1), (rows, d["criteria"])
'
else notok "the look-alike: that report with its pages in order (its heading first, the quoted line after it), looked for by its number: found for row 15 as before"; fi
if run 0 index $trust --json cited/quoted/runon.csv; then
	json "the look-alike: an honest report whose heading columns stand close (\"Số: 15/BC-UBND Thủy An, ngày …\" on one run, no column break) named by row 15: its own, valid as before" '
assert row("15/BC-UBND")["status"] == "valid", rows
assert crit("20") == (1, 1), d["criteria"]
assert "15-runon" not in " | ".join(d["warnings"]), d["warnings"]
'
else notok "the look-alike: an honest report whose heading columns stand close (\"Số: 15/BC-UBND Thủy An, ngày …\" on one run, no column break) named by row 15: its own, valid as before"; fi
if run 1 index $trust --json shown/runon.csv; then
	json "a report of 2020 under a heading \"Số: 104/BC-UBND ngày 31 tháng 12 năm 2021\" run on one line at its top (under a Stamp with /F -1): the heading under it is its own, another document, dated 2020, 0/1 (it gave 1/1, exit 0, the Stamp note alone)" '
r = row("104/BC-UBND")
assert r["status"] == "other-document", r
assert crit("20") == (0, 1), d["criteria"]
assert "its text is dated 2020, not 2021" in " | ".join(d["warnings"]), d["warnings"]
'
else notok "a report of 2020 under a heading \"Số: 104/BC-UBND ngày 31 tháng 12 năm 2021\" run on one line at its top (under a Stamp with /F -1): the heading under it is its own, another document, dated 2020, 0/1 (it gave 1/1, exit 0, the Stamp note alone)"; fi
if run 1 index $trust --json cited/quoted/runon-q.csv; then
	json "row 12 naming report 15 whose heading runs on (\"Số: 15/BC-UBND Thủy An, ngày …\", no column break) behind a body page quoting \"Số: 12/BC-UBND ngày …\" starting a line: another document, 0/1 (it gave 1/1, exit 0)" '
assert row("12/BC-UBND")["status"] == "other-document", rows
assert "its text is numbered 15/BC-UBND, not 12/BC-UBND" in " | ".join(d["warnings"]), d["warnings"]
'
else notok "row 12 naming report 15 whose heading runs on (\"Số: 15/BC-UBND Thủy An, ngày …\", no column break) behind a body page quoting \"Số: 12/BC-UBND ngày …\" starting a line: another document, 0/1 (it gave 1/1, exit 0)"; fi
# atknum3: an honest report, pages in order, its heading run on with the date in figures ("Số:
# 15/BC-UBND Thủy An, 20/03/2021", no tab), its body under the heading quoting "Số: 12/BC-UBND" on a
# line of its own: main (rtnum23) preferred the quote, whose number ends its line, to the heading.
if run 1 index $trust --json cited/figures/named.csv; then
	json "row 12 naming report 15 whose heading runs on into a date in figures (\"Số: 15/BC-UBND Thủy An, 20/03/2021\") above a body quoting \"Số: 12/BC-UBND\" alone on its line: another document, 0/1 (it gave 1/1, exit 0)" '
assert row("12/BC-UBND")["status"] == "other-document", rows
assert crit("20") == (0, 1) and crit("22") == (0, 1), d["criteria"]
assert "its text is numbered 15/BC-UBND, not 12/BC-UBND" in " | ".join(d["warnings"]), d["warnings"]
'
else notok "row 12 naming report 15 whose heading runs on into a date in figures (\"Số: 15/BC-UBND Thủy An, 20/03/2021\") above a body quoting \"Số: 12/BC-UBND\" alone on its line: another document, 0/1 (it gave 1/1, exit 0)"; fi
if run 0 index $trust --json cited/figures/own.csv; then
	json "row 15 naming that honest report: its own, valid, 1/1 (it gave another document, numbered 12/BC-UBND, 0/1)" '
assert row("15/BC-UBND")["status"] == "valid", rows
assert crit("20") == (1, 1), d["criteria"]
'
else notok "row 15 naming that honest report: its own, valid, 1/1 (it gave another document, numbered 12/BC-UBND, 0/1)"; fi
if run 0 index $trust --json cited/figures/apart.csv; then
	json "the look-alike: the same report, its heading's columns apart (a tab), named by row 15: valid as before" '
assert row("15/BC-UBND")["status"] == "valid", rows
assert crit("20") == (1, 1), d["criteria"]
'
else notok "the look-alike: the same report, its heading's columns apart (a tab), named by row 15: valid as before"; fi
if run 0 index $trust --json cited/quoted/four.csv; then
	json "row 12 naming a report of four pages whose first page quotes \"Số: 12/BC-UBND ngày …\" starting a line, its heading on page 3 (not read): counted (a Known limit) and said beside the figures (it gave 1/1 without a word)" '
w = " | ".join(d["warnings"] + [x for r in rows for x in r.get("warnings", [])])
assert "docs/15-four.pdf: its own number and year were not checked: its text gives a \"Số: …\" only inside a sentence" in w, w
'
else notok "row 12 naming a report of four pages whose first page quotes \"Số: 12/BC-UBND ngày …\" starting a line, its heading on page 3 (not read): counted (a Known limit) and said beside the figures (it gave 1/1 without a word)"; fi
if run 1 index $trust --json cited/quoted/four-nofile/so-di.csv; then
	json "that report of four pages looked for by its number: the quote gives it to no row (its heading on a page not read), both rows without a file, said, 22 is 0/1 (it gave row 12 the report: 22 1/1)" '
assert not row("12/BC-UBND")["file"] and not row("15/BC-UBND")["file"], rows
assert crit("22") == (0, 1), d["criteria"]
'
else notok "that report of four pages looked for by its number: the quote gives it to no row (its heading on a page not read), both rows without a file, said, 22 is 0/1 (it gave row 12 the report: 22 1/1)"; fi
