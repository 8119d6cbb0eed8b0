/* test_pdftext.c: what pdftext.c and text.c may skip, and the digits a page does not show (pdftext_shown.c).  A page's text (or any
 * text kc_text_nfc is given) made only of the
 * characters kc_text_nfc_stable names is not normalised to NFC again; that
 * is right only if NFC never changes any of them, none has a combining
 * class, and none is the second of a pair that composes into one character
 * (the Unicode quick check's "yes").  Checked here against GLib's own tables,
 * every code point; tests/cli/textcmp.sh checks real pages (decomposed
 * Vietnamese among them). */
#include <glib.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "pdftext.h"
#include "text.h"
#include "test_pdfb.h"

#define LAST 0x10FFFF

static bool surrogate(gunichar c)
{
    return c >= 0xD800 && c <= 0xDFFF;
}

static void stable_ones_are_nfc(void **state)
{
    (void)state;
    size_t n = 0;
    for (gunichar c = 0; c <= LAST; c++) {
        if (surrogate(c) || !kc_text_nfc_stable(c))
            continue;
        char s[8] = {0};
        g_unichar_to_utf8(c, s);
        char *nfc = g_utf8_normalize(s, -1, G_NORMALIZE_NFC);
        if (c != 0 && (!nfc || strcmp(nfc, s) != 0))
            fail_msg("U+%04X changes under NFC", c);
        if (g_unichar_combining_class(c) != 0)
            fail_msg("U+%04X has combining class %d", c, g_unichar_combining_class(c));
        g_free(nfc);
        n++;
    }
    assert_true(n > 1000); /* Latin, Vietnamese (U+1E00-1EFF), punctuation */
    assert_true(kc_text_nfc_stable(0x1ED1)); /* ố */
    assert_false(kc_text_nfc_stable(0x0301)); /* a combining acute */
}

static void stable_ones_never_compose_with_what_precedes(void **state)
{
    (void)state;
    for (gunichar c = 0; c <= LAST; c++) {
        gunichar a = 0, b = 0;
        if (surrogate(c) || !g_unichar_decompose(c, &a, &b) || b == 0)
            continue;
        if (kc_text_nfc_stable(b))
            fail_msg("U+%04X is the second of U+%04X = U+%04X U+%04X", b, c, a, b);
    }
}

/* kc_text_nfc copies what it finds in NFC and normalises the rest: the same
 * bytes as GLib's normalisation of every string, precomposed, decomposed,
 * a stable letter followed by a combining mark, punctuation and CJK. */
static void nfc_same_as_glib(void **state)
{
    (void)state;
    static const char *const texts[] = {
        "", "UBND huyện Phú Vang", "Nguye\xcc\x82\xcc\x83n Va\xcc\x86n An", "Thu\xcc\x89y An", "a\xcc\x81",
        "\xe1\xba\xa0\xcc\x82", "S\xe1\xbb\x91: 12/Q\xc4\x90-UBND \xe2\x80\x93 ng\xc3\xa0y", "\xe2\x84\xab",
        "\xef\xac\x81 \xe6\x97\xa5\xe6\x9c\xac", "x\xcd\x81", "\xc3\x85\xcc\x8a"};
    for (size_t i = 0; i < G_N_ELEMENTS(texts); i++) {
        char *ours = kc_text_nfc(texts[i]), *glib = g_utf8_normalize(texts[i], -1, G_NORMALIZE_NFC);
        assert_non_null(ours);
        assert_string_equal(ours, glib);
        g_free(ours);
        g_free(glib);
    }
    assert_null(kc_text_nfc("\xff"));
    assert_true(kc_text_nfc_already("Ngày 15 tháng 03 năm 2021"));
    assert_false(kc_text_nfc_already("a\xcc\x81"));
}

/* ---- digits a page does not show (pdftext_shown.c, rtpdf20) ---------------- */

/* The text kc_pdftext_local reads from a one-page document drawing content
 * (Helvetica as /F1, ExtGStates /G0 (ca 0) and /G1 (plain), the form /Fm0
 * painting a white box over the top of the page) with page_extra in its
 * page dictionary (an annotation); NULL with *why set when it is not read. */
static char *read_page(const char *content, const char *page_extra, char **why)
{
    pdfb b = {0};
    b.s = g_string_new("%PDF-1.7\n");
    char *page = g_strdup_printf("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 400 200] /Contents 4 0 R "
                                 "/Resources << /Font << /F1 5 0 R >> /ExtGState << /G0 << /ca 0 >> /G1 << /ca 1 /CA 1 >> >> "
                                 "/XObject << /Fm0 6 0 R >> >> %s >>",
                                 page_extra);
    char *stream = g_strdup_printf("<< /Length %zu >>\nstream\n%s\nendstream", strlen(content), content);
    static const char box[] = "1 g 0 150 400 50 re f";
    char *form = g_strdup_printf("<< /Type /XObject /Subtype /Form /BBox [0 0 400 200] /Length %zu >>\nstream\n%s\nendstream",
                                 strlen(box), box);
    obj(&b, 1, "<< /Type /Catalog /Pages 2 0 R >>");
    obj(&b, 2, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
    obj(&b, 3, page);
    obj(&b, 4, stream);
    obj(&b, 5, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>");
    obj(&b, 6, form);
    obj(&b, 7, "<< /Type /XObject /Subtype /Form /BBox [0 0 400 50] /Length 20 >>\nstream\n1 g 0 0 400 50 re f\nendstream");
    revision(&b, NULL);
    char *out = NULL;
    *why = NULL;
    int rc = kc_pdftext_local(&out, why, NULL, b.s->str, b.s->len, NULL, NULL);
    assert_true(rc == 0 || rc == KC_EFORMAT);
    g_string_free(b.s, TRUE);
    g_free(page);
    g_free(stream);
    g_free(form);
    return out;
}

#define SHOWN "BT /F1 12 Tf 20 100 Td (ngay 30 thang 06 nam 2020) Tj ET "
#define HEADING "BT /F1 12 Tf 20 170 Td (So: 21/BC-UBND nam 2021) Tj ET "

static void expect_read(const char *content, const char *page_extra)
{
    char *why = NULL, *out = read_page(content, page_extra, &why);
    if (!out)
        fail_msg("not read: %s (content: %s)", why ? why : "?", content);
    assert_non_null(strstr(out, "2020"));
    free(out);
    free(why);
}

static void expect_unshown(const char *content, const char *page_extra, const char *said)
{
    char *why = NULL, *out = read_page(content, page_extra, &why);
    if (out)
        fail_msg("read: %s (content: %s)", out, content);
    assert_non_null(why);
    /* NULL: either reason */
    if (said ? !strstr(why, said)
             : !strstr(why, "does not show") && !strstr(why, "a digit and another glyph at one place"))
        fail_msg("said: %s (content: %s)", why, content);
    free(why);
}

static void hidden_digits(void **state)
{
    (void)state;
    const char *none = "";
    /* honest: black text; a heading in red, or in white on a dark band;
     * a thin rule after the text; an invisible signature widget */
    expect_read(SHOWN HEADING, none);
    expect_read(SHOWN "1 0 0 rg " HEADING, none);
    expect_read(SHOWN "0 0 0.4 rg 0 160 400 30 re f 1 g " HEADING, none);
    expect_read(SHOWN HEADING "0.5 w 0 95 m 400 95 l S /G1 gs", none);
    expect_read(SHOWN HEADING, "/Annots [<< /Type /Annot /Subtype /Widget /FT /Sig /Rect [0 0 0 0] >>]");
    /* hidden: white on white, transparent, clipped away, covered by a shape,
     * a form, an annotation's appearance, drawn tiny */
    const char *said = "digits of its text that the page does not show";
    expect_unshown(SHOWN "1 g " HEADING, none, said);
    expect_unshown(SHOWN "/G0 gs " HEADING, none, said);
    expect_unshown(SHOWN "q 0 0 0 0 re W n " HEADING "Q", none, said);
    expect_unshown(SHOWN HEADING "1 g 0 150 400 50 re f", none, said);
    expect_unshown(SHOWN HEADING "/Fm0 Do", none, said);
    expect_unshown(SHOWN HEADING, "/Annots [<< /Type /Annot /Subtype /Square /Rect [0 150 400 200] /AP << /N 7 0 R >> >>]", said);
    expect_unshown(SHOWN "BT /F1 0.01 Tf 20 170 Td (So: 21/BC-UBND nam 2021) Tj ET", none, said);
    /* pale yellow on white: 51 levels apart in blue alone, 6 in brightness
     * (rtshown22); dark green and blue text show */
    expect_unshown(SHOWN "1 1 0.8 rg " HEADING, none, said);
    expect_read(SHOWN "0 0.5 0 rg " HEADING, none);
    expect_read(SHOWN "0 0 1 rg " HEADING, none);
    /* squeezed to hairlines (8 Tz) no one reads (the content scan says so
     * first; a digit's box under 0.15 of its height is too small to see);
     * condensed (50 Tz) read */
    expect_unshown(SHOWN "BT /F1 12 Tf 8 Tz 20 170 Td (So: 21/BC-UBND nam 2021) Tj ET", none, "squeezed or sheared flat");
    expect_read(SHOWN "BT /F1 12 Tf 50 Tz 20 170 Td (So: 21/BC-UBND nam 2021) Tj ET", none);
    /* drawn on top of one another (-6 Tc; said by the content scan since rtshown23) */
    expect_unshown(SHOWN "BT /F1 12 Tf -6 Tc 20 170 Td (So: 21/BC-UBND nam 2021) Tj ET", none, "character spacing piles");
    /* piled into a blot by character spacing (rtshown23: -3.6 Tc at 12 pt,
     * each Helvetica digit over 54% of the one before, was read; poppler
     * cuts each box of a word at the next glyph, so only the content scan
     * tells), as Tc's and as "'s; tight tracking (-1.2 Tc, 10%) and
     * kerning (80 and 74: 13%) read.  Piled by a TJ array's shifts (350 of
     * 1000 between digits, literal or hex) said since rtshown24; the same
     * shift before an accent over a letter (a combining mark as cairo
     * places it), or after an empty string, read. */
    expect_unshown(SHOWN "BT /F1 12 Tf 20 170 Td (So: 21/BC-UBND nam ) Tj -3.6 Tc (2021) Tj ET", none,
                   "character spacing piles");
    expect_unshown(SHOWN "BT /F1 12 Tf 20 184 Td 14 TL 0 -3.6 (So: 21/BC-UBND nam 2021) \" ET", none,
                   "character spacing piles");
    expect_read(SHOWN "BT /F1 12 Tf -1.2 Tc 20 170 Td (So: 21/BC-UBND nam 2021) Tj ET", none);
    expect_read(SHOWN "BT /F1 12 Tf 20 170 Td [(So: 21/BC-UBND nam 2) 80 (0) 74 (2) 74 (1)] TJ ET", none);
    expect_unshown(SHOWN "BT /F1 12 Tf 20 170 Td [(So: 21/BC-UBND nam 2) 350 (0) 350 (2) 350 (1)] TJ ET", none,
                   "TJ array's shifts pile");
    expect_unshown(SHOWN "BT /F1 12 Tf 20 170 Td (So: 21/BC-UBND nam ) Tj [<32> 350 <30> 350 <3231>] TJ ET", none,
                   "TJ array's shifts pile");
    expect_read(SHOWN "BT /F1 12 Tf 20 170 Td [(So: 21/BC-UBND nam 2021 ca) 300 (\\140) -300 ( ) 5000 ()] TJ ET", none);
    expect_read(SHOWN "BT /F1 12 Tf 20 170 Td [(So: 21/BC-UBND nam ) 900 () -900 (2021)] TJ ET", none);
    /* piled by word spacing: each space beside a figure moved back past a
     * quarter of an em (-8 Tw at 12 pt), as Tw's and as "'s; a justified
     * line's slight negative word spacing (-1 Tw) read (session 39) */
    expect_unshown(SHOWN "BT /F1 12 Tf 20 170 Td (So: 21/BC-UBND nam ) Tj -8 Tw (2 0 2 1) Tj ET", none,
                   "character spacing piles");
    expect_unshown(SHOWN "BT /F1 12 Tf 20 184 Td 14 TL (So: 21/BC-UBND nam ) Tj -8 0 (2 0 2 1) \" ET", none,
                   "character spacing piles");
    expect_read(SHOWN "BT /F1 12 Tf -1 Tw 20 170 Td (So: 21/BC-UBND nam 2021) Tj ET", none);
    /* a heading poppler draws and MuPDF and pdf.js read as a string (a name
     * "#" and one hex digit end, whose "(" poppler takes into it), in the
     * page or in a form it draws; a name with a full escape read (rtpdf25) */
    expect_unshown(SHOWN "BX /K#5(" HEADING ") kc EX", none, "which poppler reads on past");
    expect_unshown(SHOWN "/Tag#4 BMC " HEADING "EMC", none, "which poppler reads on past");
    expect_read(SHOWN "/Tag#41 BMC " HEADING "EMC", none);
    /* on a ground of its own colour: a black band drawn before it, a wide
     * black line, a huge black glyph ("l" at 400 points, over the "21") */
    expect_unshown(SHOWN "0 g 0 150 400 50 re f " HEADING, none, said);
    expect_unshown(SHOWN "40 w 0 175 m 400 175 l S " HEADING, none, said);
    expect_unshown(SHOWN "BT /F1 400 Tf 15 100 Td (l) Tj ET " HEADING, none, NULL);
    expect_read(SHOWN "1 g 0 150 400 50 re f 0 g " HEADING, none); /* a white ground */
    /* white, a black rule painted across it (rtshown24: the rule's edges in
     * every digit's box, each row of the box one colour); black text struck
     * through by that rule, or underlined, read */
    expect_unshown(SHOWN "1 g " HEADING "0 g 0 173 400 0.8 re f", none, said);
    expect_read(SHOWN HEADING "0 173 400 0.8 re f", none);
    expect_read(SHOWN HEADING "0 168 400 0.8 re f", none);
    /* two digits at one place: a white 2021 under a black 2020 */
    expect_unshown("BT /F1 12 Tf 1 g 20 100 Td (nam 2021) Tj ET BT /F1 12 Tf 0 g 20 100 Td (nam 2020) Tj ET", none,
                   "a digit and another glyph at one place");
    /* a white 2021 half a glyph off a black 2020, across or down: its boxes
     * hold the black glyphs' edges, which are not its own */
    expect_unshown("BT /F1 12 Tf 1 g 23.3 100 Td (2021) Tj ET BT /F1 12 Tf 0 g 20 100 Td (2020) Tj ET", none, NULL);
    expect_unshown("BT /F1 12 Tf 1 g 24.5 100 Td (2021) Tj ET BT /F1 12 Tf 0 g 20 100 Td (2020) Tj ET", none, NULL);
    expect_unshown("BT /F1 12 Tf 1 g 20 93 Td (2021) Tj ET BT /F1 12 Tf 0 g 20 100 Td (2020) Tj ET", none, NULL);
    /* lines set tight (11 points apart for a 12 point font) read */
    expect_read("BT /F1 12 Tf 20 100 Td 11 TL (ngay 30 thang 06 nam 2020) Tj (2020 2021 2022) ' (So 1234567890) ' ET", none);
    expect_read("0 0 1 rg BT /F1 12 Tf 20 100 Td 11 TL (ngay 30 thang 06 nam 2020) Tj (2020 2021 2022) ' (So 1234567890) ' ET", none);
    /* an OCR layer (all its text in mode 3) is read as it is */
    expect_read("3 Tr " SHOWN, none);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(stable_ones_are_nfc),
        cmocka_unit_test(stable_ones_never_compose_with_what_precedes),
        cmocka_unit_test(nfc_same_as_glib),
        cmocka_unit_test(hidden_digits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
