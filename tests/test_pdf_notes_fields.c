/* test_pdf_notes_fields.c: the notes on what a form field shows in each viewer
 * (src/lib/pdf_notes_field.c, pdf_notes_value.c, pdf_notes_fold.c): combo and list
 * boxes, radio buttons and check boxes, push buttons, and values or appearance
 * texts that are not plain ASCII; split from test_pdf_notes.c (rtfold). */
#include "test_pdf_notes_fx.h"

/* (rtfold) Values and appearances that are not plain ASCII. */
static void test_fold(void **state)
{
    fixture *f = *state;
    /* (rtfold) A value that is not plain ASCII against an appearance that
     * is: compared as the ASCII it reads as (accents dropped, đ as d,
     * full-width digits as digits), its non-WinAnsi accented letters left out
     * as a WinAnsi writer leaves them, else by its digits.  Each "field-value"
     * row here was "" before (seen failing). */
    const char *v90dong = TX "/V <FEFF00390030002E003000300030002E003000300030002001111ED3006E0067> >>"; /* 90.000.000 đồng */
    const char *v10dong = TX "/V <FEFF00310030002E003000300030002E003000300030002001111ED3006E0067> >>"; /* 10.000.000 đồng */
    expect_notes(f, "", 1, v90dong, "BT /Helv 12 Tf (10.000.000) Tj ET", "field-value");
    expect_notes(f, "", 1, v90dong, "BT /Helv 12 Tf (10.000.000 dong) Tj ET", "field-value");
    expect_notes(f, "", 1, TX "/V (90.000.000\240) >>", "BT /Helv 12 Tf (10.000.000) Tj ET", "field-value"); /* PDFDoc's € */
    expect_notes(f, "", 1, TX "/V <FEFFFF1900310030002E003000300030002E003000300030> >>", /* ９10.000.000 */
                 "BT /Helv 12 Tf (10.000.000) Tj ET", "field-value");
    expect_notes(f, "", 1, v10dong, "BT /Helv 12 Tf (10.000.000 dong) Tj ET", "");
    expect_notes(f, "", 1, v10dong, "BT /Helv 12 Tf (10.000.000 ng) Tj ET", ""); /* đ and ồ left out */
    expect_notes(f, "", 1, TX "/V <FEFFFF11FF10002E003000300030002E003000300030> >>", /* １０.000.000 */
                 "BT /Helv 12 Tf (10.000.000) Tj ET", "");
    expect_notes(f, "", 1, TX "/V (10.000.000\240) >>", "BT /Helv 12 Tf (10.000.000) Tj ET", "");
    /* An appearance whose text is not plain ASCII (a no-break space, WinAnsi's
     * byte 0xA0), read by the form's WinAnsi font, compared and placed; its
     * codes unknown (no font said, a Type 0 font), not. */
    form_extra = "/DR << /Font << /Helv << /Type /Font /Subtype /Type1 /BaseFont /Helvetica "
                 "/Encoding /WinAnsiEncoding >> >> >>";
    expect_notes(f, "", 1, TX "/V (90.000.000) >>", "BT /Helv 12 Tf (10.000.000\\240) Tj ET", "field-value");
    expect_notes(f, "", 1, TX "/V (90.000.000) >>", "BT /Helv 12.5 Tf 130 4 Td (90.000.000\\240) Tj ET", "field-value");
    expect_notes(f, "", 1, TX "/V (10.000.000) >>", "BT /Helv 12 Tf (10.000.000\\240) Tj ET", "");
    expect_notes(f, "", 1, v10dong, "BT /Helv 12 Tf (10.000.000 \\360ng) Tj ET", ""); /* ð, no ASCII: by its digits */
    form_extra = "/DR << /Font << /Helv << /Type /Font /Subtype /Type0 /BaseFont /Arial /Encoding /Identity-H >> >> >>";
    expect_notes(f, "", 1, TX "/V (90.000.000) >>", "BT /Helv 12 Tf (10.000.000\\240) Tj ET", "");
    /* A Type 0 font is read by its /ToUnicode's digits only when its embedded
     * program says they are its glyphs' (note-type0-* in notes.sh, drawn by
     * the three): here its program is no font, so not. */
    obj9 = "<< /Length 10 >>\nstream\nnot a font\nendstream";
    form_extra = "/DR << /Font << /T0 << /Type /Font /Subtype /Type0 /BaseFont /X /Encoding /Identity-H "
                 "/ToUnicode 9 0 R /DescendantFonts [<< /Type /Font /Subtype /CIDFontType2 /BaseFont /X "
                 "/FontDescriptor << /FontFile2 9 0 R >> >>] >> >> >>";
    expect_notes(f, "", 1, TX "/V (90.000.000) >>", "BT /T0 12 Tf <00140013> Tj ET", "");
    obj9 = NULL;
    form_extra = "";
    expect_notes(f, "", 1, TX "/V (90.000.000) >>", "BT /Helv 12 Tf (10.000.000\\240) Tj ET", "");
}

/* (rtform10) A combo box shows, in pdf.js's drop-down list, the display text
 * of the last option its /I (else its /V) selects, nothing when none is; a
 * radio button is chosen there when its value names its first state other
 * than /Off, and drawn by the others by its /AS. */
#define CH "<< /FT /Ch /Ff 131072 /Subtype /Widget /T (SoTien) /Rect [10 10 110 30] /F 4 /P 3 0 R /AP << /N 8 0 R >> "
#define RADIO "<< /FT /Btn /Ff 49152 /Subtype /Widget /T (R) /Rect [10 10 30 30] /F 4 /P 3 0 R "

static void test_choice_radio(void **state)
{
    fixture *f = *state;
    const char *ten = "BT (10.000.000) Tj ET";
    expect_notes(f, "", 1, CH "/Opt [(10.000.000)] /V (10.000.000) >>", ten, "");
    expect_notes(f, "", 1, CH "/Opt [(90.000.000)] /V (90.000.000) >>", ten, "field-value");
    expect_notes(f, "", 1, CH "/Opt [[(1) (10.000.000)] [(2) (90.000.000)]] /V (1) >>", ten, "");
    expect_notes(f, "", 1, CH "/Opt [[(1) (10.000.000)] [(2) (90.000.000)]] /V (2) >>", ten, "field-value");
    /* (rtfold) An option's display text that is not plain ASCII (90.000.000 đ). */
    expect_notes(f, "", 1, CH "/Opt [[(1) <FEFF00390030002E003000300030002E00300030003000200111>]] /V (1) >>", ten,
                 "field-value");
    /* Two options of one export value: the list shows the last. */
    expect_notes(f, "", 1, CH "/Opt [[(1) (10.000.000)] [(1) (90.000.000)]] /V (1) >>", ten, "field-value");
    expect_notes(f, "", 1, CH "/Opt [[(1) (90.000.000)] [(1) (10.000.000)]] /V (1) >>", ten, "");
    /* /I in place of /V; an /I of no valid index selects nothing; an empty /I is none. */
    expect_notes(f, "", 1, CH "/Opt [(10.000.000) (90.000.000)] /V (10.000.000) /I [1] >>", ten, "field-value");
    expect_notes(f, "", 1, CH "/Opt [(10.000.000) (90.000.000)] /V (90.000.000) /I [0] >>", ten, "");
    expect_notes(f, "", 1, CH "/Opt [(10.000.000) (90.000.000)] /V (10.000.000) /I [7 (0)] >>", ten, "field-value");
    expect_notes(f, "", 1, CH "/Opt [(10.000.000) (90.000.000)] /V (10.000.000) /I [] >>", ten, "");
    /* A value no option has: the list shows nothing; no options: the value. */
    expect_notes(f, "", 1, CH "/Opt [(90.000.000)] /V (10.000.000) >>", ten, "field-value");
    expect_notes(f, "", 1, CH "/V (10.000.000) >>", ten, "");
    /* A list box draws its options, from any one in order (/TI): pdf.js
     * lists their display texts.  (rtfold) An appearance drawing another
     * text was not compared ("" before, seen failing). */
#define LIST "<< /FT /Ch /Subtype /Widget /T (L) /Rect [10 10 110 30] /F 4 /P 3 0 R /AP << /N 8 0 R >> "
    expect_notes(f, "", 1, LIST "/Opt [(90.000.000) (10.000.000)] /V (10.000.000) >>", "BT (90.000.000) Tj (10.000.000) Tj ET", "");
    expect_notes(f, "", 1, LIST "/Opt [(90.000.000)] /V (90.000.000) >>", ten, "field-value");
    expect_notes(f, "", 1, LIST "/Opt [[(1) (90.000.000)]] /V (1) >>", ten, "field-value");
    expect_notes(f, "", 1, LIST "/Opt [(5.000.000) (90.000.000)] /V (90.000.000) >>", ten, "field-value");
    expect_notes(f, "", 1, LIST "/Opt [(10.000.000)] /V (10.000.000) >>", ten, "");
    expect_notes(f, "", 1, LIST "/Opt [[(1) (10.000.000)]] /V (1) >>", ten, "");
    expect_notes(f, "", 1, LIST "/Opt [(5.000.000) (10.000.000) (20.000.000)] /TI 1 /V (10.000.000) >>",
                 "BT (10.000.000) Tj 0 -14 Td (20.000.000) Tj ET", "");
    expect_notes(f, "", 1, LIST "/V (10.000.000) >>", ten, ""); /* no options: not compared */
    /* The option it selects, which the browser scrolls into view, must be among
     * those drawn ("" before, seen failing). */
    expect_notes(f, "", 1, LIST "/Opt [(10.000.000) (90.000.000)] /V (10.000.000) /I [1] >>", ten, "field-value");
    expect_notes(f, "", 1, LIST "/Opt [(10.000.000) (90.000.000)] /V (90.000.000) >>", ten, "field-value");
    expect_notes(f, "", 1, LIST "/Opt [(10.000.000) (90.000.000)] /V [(90.000.000)] >>", ten, "field-value");
    expect_notes(f, "", 1, LIST "/Opt [(10.000.000) (90.000.000)] /V (10.000.000) >>", ten, "");
    expect_notes(f, "", 1, LIST "/Opt [(10.000.000) (90.000.000)] /V (90.000.000) >>",
                 "BT (10.000.000) Tj 0 -14 Td (90.000.000) Tj ET", "");
    /* The selected row's text white on a dark highlight, as a writer may draw it:
     * seen, compared as drawn, no note. */
    expect_notes(f, "", 1, LIST "/Opt [(10.000.000) (90.000.000)] /V (90.000.000) >>",
                 "BT 0 g (10.000.000) Tj ET 0 0 0.5 rg 0 0 100 14 re f BT 1 g 0 2 Td (90.000.000) Tj ET", "");
#undef LIST
    /* Radio buttons. */
    const char *mark = "0 0 10 10 re f";
    expect_notes(f, "", 1, RADIO "/V /A /AS /A /AP << /N << /A 8 0 R /Off 8 0 R >> >> >>", mark, "");
    expect_notes(f, "", 1, RADIO "/V /Off /AS /Off /AP << /N << /A 8 0 R /Off 8 0 R >> >> >>", mark, "");
    expect_notes(f, "", 1, RADIO "/V /A /AS /Off /AP << /N << /A 8 0 R /Off 8 0 R >> >> >>", mark, "field-value");
    expect_notes(f, "", 1, RADIO "/V /Off /AS /A /AP << /N << /A 8 0 R /Off 8 0 R >> >> >>", mark, "field-value");
    /* pdf.js's button value is the first state other than /Off. */
    expect_notes(f, "", 1, RADIO "/V /B /AS /B /AP << /N << /Off 8 0 R /A 8 0 R /B 8 0 R >> >> >>", mark, "field-value");
    /* A check box: pdf.js takes its /AS too; a push button has no state. */
    expect_notes(f, "", 1, "<< /FT /Btn /Subtype /Widget /T (C) /Rect [10 10 30 30] /F 4 /P 3 0 R /V /A /AS /Off "
                 "/AP << /N << /A 8 0 R /Off 8 0 R >> >> >>", mark, "");
    expect_notes(f, "", 1, "<< /FT /Btn /Ff 114688 /Subtype /Widget /T (P) /Rect [10 10 30 30] /F 4 /P 3 0 R /V /A "
                 "/AS /Off /AP << /N << /A 8 0 R /Off 8 0 R >> >> >>", mark, "");
    /* (rtfold) A push button without an appearance: poppler and MuPDF draw its
     * caption, pdf.js nothing ("" before, seen failing); with one, or no caption: no note. */
    expect_notes(f, "", 1, "<< /FT /Btn /Ff 65536 /Subtype /Widget /T (P) /Rect [10 10 110 30] /F 4 /P 3 0 R "
                 "/MK << /CA (90.000.000) >> >>", NULL, "field-redrawn");
    expect_notes(f, "", 1, "<< /FT /Btn /Ff 65536 /Subtype /Widget /T (P) /Rect [10 10 110 30] /F 4 /P 3 0 R "
                 "/MK << /CA (90.000.000) >> /AP << /N 8 0 R >> >>", "BT (90.000.000) Tj ET", "");
    expect_notes(f, "", 1, "<< /FT /Btn /Ff 65536 /Subtype /Widget /T (P) /Rect [10 10 110 30] /F 4 /P 3 0 R >>", NULL, "");
    char *msg = NULL;
    g_free(notes_of(f, "", 1, RADIO "/V /A /AS /Off /AP << /N << /A 8 0 R /Off 8 0 R >> >> >>", mark, &msg));
    assert_non_null(msg);
    assert_non_null(strstr(msg, "radio button “A” chosen"));
    g_free(msg);
    /* A check box without /AS (session 49, drawn by pdftoppm, mutool and
     * pdf.js): pdf.js ticks it by its /V, poppler and MuPDF draw it empty. */
#define CHECK "<< /FT /Btn /Subtype /Widget /T (C) /Rect [10 10 30 30] /F 4 /P 3 0 R "
    expect_notes(f, "", 1, CHECK "/V /A /AP << /N << /A 8 0 R /Off 8 0 R >> >> >>", mark, "field-value");
    msg = NULL;
    g_free(notes_of(f, "", 1, CHECK "/V /A /AP << /N << /A 8 0 R /Off 8 0 R >> >> >>", mark, &msg));
    assert_non_null(msg);
    assert_non_null(strstr(msg, "check box “A” otherwise: pdf.js (Firefox) ticked, poppler empty, MuPDF empty"));
    g_free(msg);
    /* ... and a check box of one appearance, without /AS: poppler draws it,
     * MuPDF does not, pdf.js ticks it by its /V. */
    expect_notes(f, "", 1, CHECK "/AP << /N << /A 8 0 R >> >> >>", mark, "field-value");
    expect_notes(f, "", 1, CHECK "/V /A /AP << /N << /A 8 0 R >> >> >>", mark, "field-value");
    expect_notes(f, "", 1, RADIO "/AP << /N << /A 8 0 R >> >> >>", mark, "field-value");
    /* /AS written as a string: pdf.js reads it (ticked), poppler and MuPDF
     * take no state from it (empty; MuPDF refuses the page). */
    expect_notes(f, "", 1, CHECK "/AS (A) /AP << /N << /A 8 0 R /Off 8 0 R >> >> >>", mark, "field-value");
    /* What every viewer shows alike: /AS said, or nothing on. */
    expect_notes(f, "", 1, CHECK "/V /Off /AS /A /AP << /N << /A 8 0 R /Off 8 0 R >> >> >>", mark, "");
    expect_notes(f, "", 1, CHECK "/V /Off /AP << /N << /A 8 0 R /Off 8 0 R >> >> >>", mark, "");
    expect_notes(f, "", 1, CHECK "/AP << /N << /A 8 0 R /Off 8 0 R >> >> >>", mark, "");
    expect_notes(f, "", 1, CHECK "/V /A /AS /A /AP << /N << /A 8 0 R >> >> >>", mark, "");
    /* (rtfold) No normal appearance: poppler and MuPDF tick it by its /AS,
     * pdf.js never does ("" before, seen failing); a radio button: MuPDF by
     * its /AS, poppler when /V names it too, pdf.js never. */
    expect_notes(f, "", 1, CHECK "/V /A /AS /A /MK << /CA (4) >> >>", NULL, "field-value");
    expect_notes(f, "", 1, CHECK "/AS /A >>", NULL, "field-value");
    expect_notes(f, "", 1, CHECK "/V /A /MK << /CA (4) >> >>", NULL, "");
    expect_notes(f, "", 1, CHECK "/V /Off /AS /Off >>", NULL, "");
    expect_notes(f, "", 1, CHECK "/V /A /AS /A /AP << /N 8 0 R >> >>", mark, ""); /* one stream: not measured */
    expect_notes(f, "", 1, RADIO "/V /A /AS /A >>", NULL, "field-value"); /* MuPDF and poppler chose it */
    expect_notes(f, "", 1, RADIO "/V /B /AS /A >>", NULL, "field-value"); /* MuPDF alone */
    expect_notes(f, "", 1, RADIO "/V /A /AS /Off >>", NULL, "");
#undef CHECK
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_fold, setup, teardown),
        cmocka_unit_test_setup_teardown(test_choice_radio, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
