/* test_pdf_notes.c: the notes beside a verdict (src/lib/pdf_notes.c): what
 * viewers draw otherwise from the same signed bytes (a field value its
 * appearance does not show, a hidden widget pdf.js draws, XFA, a page count
 * that lies, document scripts), on small documents built byte by byte. */
#include "test_pdfb.h"
#include "pdf_notes_internal.h" /* kc_noter_ap_text_misplaced */

/* ---- notes: what viewers draw otherwise from the same signed bytes ---- */

#include "test_pdf_notes_fx.h" /* notes_of, expect_notes, TX */

static void test_notes(void **state)
{
    fixture *f = *state;
    /* The value and what the appearance draws: kerning, octal escapes, hex, UTF-16, lines. */
    expect_notes(f, "", 1, TX "/V (10.000.000) >>", "BT /Helv 12 Tf [(10.0) 120 (00.000)] TJ ET", "");
    expect_notes(f, "", 1, TX "/V (10.000.000) >>", "BT (\\061\\060.000.000) Tj ET", "");
    expect_notes(f, "", 1, TX "/V <FEFF00310030> >>", "BT <3130> Tj ET", "");
    expect_notes(f, "", 1, TX "/V (Dong 1 Dong 2) >>", "BT (Dong 1) Tj 0 -14 Td (Dong 2) ' ET", "");
    expect_notes(f, "", 1, TX "/V (90.000.000) >>", "BT /Helv 12 Tf (10.000.000) Tj ET", "field-value");
    expect_notes(f, "", 1, TX "/V (90) >>", "BT (%(90) Tj\n) Tj (10) Tj ET", "field-value"); /* a comment is no text */
    expect_notes(f, "", 1, TX ">>", "BT (10.000.000) Tj ET", "field-value"); /* no value: pdf.js shows nothing */
    expect_notes(f, "", 1, TX "/V (90) /Ff 8192 >>", "BT (**) Tj ET", ""); /* a password field */
    /* Glyph codes of a two-byte font cannot be read without its cmap: no guess. */
    expect_notes(f, "", 1, TX "/V (90) >>", "BT <00140013> Tj ET", "");
    /* Acrobat's number format: the same digits, decimals added. */
    expect_notes(f, "", 1, TX "/V (10000000) /AA << /F << /S /JavaScript /JS (AFNumber_Format\\(2, 1, 0, 0, \"\", true\\);) >> >> >>",
                 "BT (10.000.000,00) Tj ET", "");
    expect_notes(f, "", 1, TX "/V (90000000) /AA << /F << /S /JavaScript /JS (AFNumber_Format\\(2, 1, 0, 0, \"\", true\\);) >> >> >>",
                 "BT (10.000.000,00) Tj ET", "field-value");
    /* Hidden widgets: with an area and an appearance only. */
    const char *sig = "<< /FT /Sig /Subtype /Widget /T (Prepared) /P 3 0 R /AP << /N 8 0 R >> ";
    char *field = g_strconcat(sig, "/Rect [0 0 0 0] /F 2 >>", NULL);
    expect_notes(f, "", 1, field, "0 0 1 rg 0 0 10 10 re f", "");
    g_free(field);
    field = g_strconcat(sig, "/Rect [10 10 200 40] /F 2 >>", NULL);
    expect_notes(f, "", 1, field, "0 0 1 rg 0 0 10 10 re f", "hidden-appearance");
    g_free(field);
    field = g_strconcat(sig, "/Rect [10 10 200 40] /F 36 >>", NULL); /* NoView | Print */
    expect_notes(f, "", 1, field, "0 0 1 rg 0 0 10 10 re f", "hidden-appearance");
    g_free(field);
    field = g_strconcat(sig, "/Rect [10 10 200 40] /F 4 >>", NULL); /* shown: not a note (coverage's business) */
    expect_notes(f, "", 1, field, "0 0 1 rg 0 0 10 10 re f", "");
    g_free(field);
    /* A hidden widget the page lists and the form does not: pdf.js draws it all the same. */
    form_fields = "[4 0 R]";
    expect_notes(f, "", 1, "<< /Type /Annot /Subtype /Widget /Rect [10 10 200 40] /F 2 /AP << /N 8 0 R >> >>",
                 "0 0 1 rg 0 0 10 10 re f", "hidden-appearance");
    expect_notes(f, "", 1, "<< /Type /Annot /Subtype /Widget /Rect [10 10 200 40] /F 2 >>", NULL, "");
    expect_notes(f, "", 1, "<< /Type /Annot /Subtype /Link /Rect [10 10 200 40] /F 2 /AP << /N 8 0 R >> >>",
                 "0 0 1 rg 0 0 10 10 re f", "");
    form_fields = "[4 0 R 7 0 R]";
    /* The catalog, the page tree, scripts. */
    const char *plain = "<< /FT /Tx /T (Ghi) >>";
    expect_notes(f, "", 1, plain, NULL, "");
    expect_notes(f, "", 2, plain, NULL, "page-count");
    expect_notes(f, "/NeedsRendering true", 1, plain, NULL, "");
    form_extra = "/XFA [(template) 8 0 R]";
    expect_notes(f, "", 1, plain, "<xdp/>", "xfa");
    char *msg = NULL;
    g_free(notes_of(f, "/NeedsRendering true", 1, plain, "<xdp/>", &msg));
    assert_non_null(msg);
    assert_non_null(strstr(msg, "NeedsRendering"));
    g_free(msg);
    form_extra = "";
    expect_notes(f, "/Names << /JavaScript << /Names [(a) << /S /JavaScript /JS (1) >>] >> >>", 1, plain, NULL,
                 "javascript");
    expect_notes(f, "/OpenAction << /S /GoTo /D [3 0 R /Fit] /Next [<< /S /JavaScript /JS (x) >>] >>", 1, plain, NULL,
                 "javascript");
    expect_notes(f, "/OpenAction << /S /GoTo /D [3 0 R /Fit] >>", 1, plain, NULL, "");
    expect_notes(f, "", 1, "<< /FT /Tx /T (Ghi) /AA << /K << /S /JavaScript /JS (event.value = 9) >> >> >>", NULL,
                 "javascript");
    /* The message names the page (from /P, or from the page's /Annots) and the field. */
    g_free(notes_of(f, "", 1, TX "/V (90) >>", "BT (10) Tj ET", &msg));
    assert_non_null(msg);
    assert_non_null(strstr(msg, "page 1, field “SoTien”"));
    assert_non_null(strstr(msg, "“90”"));
    g_free(msg);
    g_free(notes_of(f, "", 1, "<< /FT /Tx /Subtype /Widget /T (X) /Rect [1 1 50 20] /F 2 /AP << /N 8 0 R >> >>", "(a) Tj",
                    &msg));
    assert_non_null(msg);
    assert_non_null(strstr(msg, "page 1, field “X”"));
    g_free(msg);
}

/* (rtform18, review41) An open pop-up (object 9, listed after its parent,
 * object 7, which names it) is built and opened by pdf.js when its parent has
 * a title (/T), /Contents or /RC: noted then; closed or empty, not. */
static void test_open_popup(void **state)
{
    fixture *f = *state;
    page_annots = "[4 0 R 7 0 R 9 0 R]";
    form_fields = "[4 0 R]";
    obj9 = "<< /Type /Annot /Subtype /Popup /Rect [100 700 300 780] /Parent 7 0 R /Open true >>";
#define NOTE "<< /Type /Annot /Subtype /Text /Rect [80 760 98 778] /F 4 /Popup 9 0 R "
    expect_notes(f, "", 1, NOTE "/T (Ke toan) /Contents (90.000.000) >>", NULL, "hidden-appearance");
    expect_notes(f, "", 1, NOTE "/T (90.000.000) /Contents () >>", NULL, "hidden-appearance"); /* a title alone */
    expect_notes(f, "", 1, NOTE "/RC (<p>90.000.000</p>) >>", NULL, "hidden-appearance");
    expect_notes(f, "", 1, NOTE "/T () /Contents () >>", NULL, ""); /* pdf.js builds no pop-up */
    obj9 = "<< /Type /Annot /Subtype /Popup /Rect [100 700 300 780] /Parent 7 0 R /Open false >>";
    expect_notes(f, "", 1, NOTE "/T (90.000.000) /Contents (90.000.000) >>", NULL, "");
#undef NOTE
    obj9 = NULL;
    page_annots = form_fields = "[4 0 R 7 0 R]";
}

/* A page whose font /fT is a Type 3 font with the given /Encoding. */
static char *type3_figures(const char *encoding)
{
    pdfb b = {0};
    b.s = g_string_new("%PDF-1.7\n");
    char *font = g_strdup_printf("<< /Type /Font /Subtype /Type3 /FontBBox [0 0 556 700] /FontMatrix [0.001 0 0 0.001 0 0] "
                                 "/CharProcs << /zero 6 0 R /one 6 0 R /A 6 0 R >> /Encoding %s /FirstChar 48 "
                                 "/LastChar 65 /Widths [556 556 556 556 556 556 556 556 556 556 556 556 556 556 556 556 "
                                 "556 556] /Resources << >> >>",
                                 encoding);
    obj(&b, 1, "<< /Type /Catalog /Pages 2 0 R >>");
    obj(&b, 2, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
    obj(&b, 3, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 600 800] /Resources << /Font << /fT 4 0 R >> >> "
               "/Contents 5 0 R >>");
    obj(&b, 4, font);
    obj(&b, 5, "<< /Length 31 >>\nstream\nBT /fT 12 Tf 10 10 Td (0) Tj ET\nendstream");
    obj(&b, 6, "<< /Length 38 >>\nstream\n556 0 0 0 556 700 d1 250 0 56 700 re f\nendstream");
    revision(&b, NULL);
    char *why = kc_pdf_actualtext_figures(-1, b.s->str, b.s->len, NULL);
    g_free(font);
    g_string_free(b.s, TRUE);
    return why;
}

/* A Type 3 font's glyphs are drawn by its own procedures: any code read as a
 * digit makes the page's figures unread, whether the digit comes by
 * /Differences or by the StandardEncoding a code it leaves unnamed takes. */
static void test_type3_digits(void **state)
{
    (void)state;
    char *why = type3_figures("<< /Type /Encoding /Differences [48 /one] >>");
    assert_non_null(why);
    g_free(why);
    why = type3_figures("<< /Type /Encoding /Differences [65 /A] >>");
    assert_non_null(why);
    assert_non_null(strstr(why, "code 48"));
    g_free(why);
    why = type3_figures("<< /Type /Encoding /Differences [48 /A /A /A /A /A /A /A /A /A /A] >>");
    assert_null(why);
    /* a name that says nothing ("g0") at a digit's code reads as that digit
     * in poppler, the other codes renamed to standard letters */
    why = type3_figures("<< /Type /Encoding /Differences [48 /A /g0 /A /A /A /A /A /A /A /A] >>");
    assert_non_null(why);
    assert_non_null(strstr(why, "code 49"));
    g_free(why);
}

/* Text shown to nobody (render mode 3 or 7) told from text drawn, through
 * what the content lexer must skip whole (pdf_textmode.c, rtpdf19). */
static kc_pdf_textmodes modes_of(const char *content)
{
    kc_pdf_textmodes m;
    memset(&m, 0, sizeof m);
    kc_pdf_text_modes((const unsigned char *)content, strlen(content), &m);
    return m;
}

/* rtshown25: a Type 0 font "F0" whose code <0013> reads as a figure. */
static kc_pdf_fontcodes two_byte = {.bytes = 2};
static const kc_pdf_fontcodes *codes_of(void *ud, const char *name)
{
    (void)ud;
    return strcmp(name, "F0") == 0 ? &two_byte : NULL;
}

static unsigned long tj_piles(const char *content)
{
    kc_pdf_textmodes m;
    memset(&m, 0, sizeof m);
    m.font_codes = codes_of;
    kc_pdf_text_modes((const unsigned char *)content, strlen(content), &m);
    return m.tj_piled;
}

/* A TJ array's shifts pile figures as the page's font codes them: two-byte
 * codes a Type 0 font reads as digits, not the bytes 0x30-0x39 in them. */
static void test_tj_font_codes(void **state)
{
    (void)state;
    two_byte.digit[0x13 >> 3] |= 1u << (0x13 & 7);
    assert_int_equal(tj_piles("BT /F0 12 Tf [<0013> 350 <0013> 350 <0013>] TJ ET"), 1);
    assert_int_equal(tj_piles("BT /F0 12 Tf [<0041> 350 <0041>] TJ ET"), 0);  /* an accent over a letter */
    assert_int_equal(tj_piles("BT /F0 12 Tf [<3032> 350 <3132>] TJ ET"), 0);  /* bytes of figures, no figure */
    assert_int_equal(tj_piles("BT /F1 12 Tf [(2) 350 (0)] TJ ET"), 1);        /* a font not known: 0x30-0x39 */
    assert_int_equal(tj_piles("BT /F0 12 Tf [<0013> 30 <0013>] TJ ET"), 0);    /* kerned */
    assert_true(kc_pdf_code_digit(NULL, (const unsigned char *)"7", 1, 0));
    assert_false(kc_pdf_code_digit(&two_byte, (const unsigned char *)"\0", 1, 0)); /* half a code */
}

/* (rtform20) Where an editable text field's appearance draws its text, beside
 * where pdf.js's form layer puts it: a box 122 by 16, Helvetica 12.5. */
static const char *misplaced(const char *ap, double h, int q, int64_t comb)
{
    const double box[4] = {0, 0, 122, h};
    return kc_noter_ap_text_misplaced((const unsigned char *)ap, strlen(ap), box, q, comb, false, false, NULL);
}

static void test_field_place(void **state)
{
    (void)state;
    const char *left = "/Tx BMC BT /Helv 12.5 Tf 0 g 2 4 Td (10.000.000) Tj ET EMC";
    const char *right = "/Tx BMC BT /Helv 12.5 Tf 0 g 57.45 4 Td (10.000.000) Tj ET EMC";
    assert_null(misplaced(left, 16, 0, 0));
    assert_string_equal(misplaced(left, 16, 2, 0), "right");
    assert_null(misplaced(right, 16, 2, 0));
    assert_string_equal(misplaced(right, 16, 0, 0), "left");
    assert_null(misplaced("BT /Helv 12.5 Tf 29.7 4 Td (10.000.000) Tj ET", 16, 1, 0));
    assert_string_equal(misplaced(left, 16, 1, 0), "centre");
    /* past the box's right edge, or above it: clipped by poppler and MuPDF */
    assert_string_equal(misplaced("BT /Helv 12.5 Tf 130 4 Td (90.000.000) Tj ET", 16, 0, 0), "outside");
    assert_string_equal(misplaced("BT /Helv 12.5 Tf 2 20 Td <39302E3030302E303030> Tj ET", 16, 0, 0), "outside");
    /* one line at the top of a tall box, which pdf.js centres */
    assert_string_equal(misplaced("BT /Helv 12.5 Tf 2 30 Td (10.000.000) Tj ET", 40, 0, 0), "height");
    assert_null(misplaced("BT /Helv 12.5 Tf 2 15.6 Td (10.000.000) Tj ET", 40, 0, 0));
    /* a comb of 10 cells (12.2 wide): a digit in each from the first, or from the sixth */
    assert_null(misplaced("BT /Helv 12 Tf 3 4 Td (1) Tj 12.2 0 Td (0) Tj 12.2 0 Td (0) Tj ET", 16, 0, 10));
    assert_string_equal(misplaced("BT /Helv 12 Tf 64 4 Td (9) Tj ET", 16, 0, 10), "comb");
    /* the text matrix and cm move it as they do the glyphs */
    assert_string_equal(misplaced("1 0 0 1 60 0 cm BT /Helv 12.5 Tf 2 4 Td (10.000.000) Tj ET", 16, 0, 0), "left");
    assert_null(misplaced("BT /Helv 12.5 Tf 1 0 0 1 57.45 4 Tm (10.000.000) Tj ET", 16, 2, 0));
    assert_string_equal(misplaced("BT /Helv 12.5 Tf 0 1 -1 0 10 2 Tm (10.000.000) Tj ET", 16, 0, 0), "rotated");
    assert_null(misplaced("/Tx BMC EMC", 16, 2, 0));
    /* (rtform21) turned or skewed by a hair, raised (Ts), moved by TJ's number,
     * upside down (a negative size): still outside, and noted so */
    assert_string_equal(misplaced("BT /Helv 12.5 Tf 1 0 0.001 1 130 4 Tm (90.000.000) Tj ET", 16, 0, 0), "outside");
    assert_string_equal(misplaced("BT /Helv 12.5 Tf 2 4 Td 100 Ts (90.000.000) Tj ET", 16, 0, 0), "outside");
    assert_string_equal(misplaced("BT /Helv 12.5 Tf 2 4 Td [-50000 (90.000.000)] TJ ET", 16, 0, 0), "outside");
    assert_string_equal(misplaced("BT /Helv -12.5 Tf 2 4 Td (90.000.000) Tj ET", 16, 0, 0), "rotated");
    assert_string_equal(misplaced("BT /Helv -12.5 Tf 60 -1 Td (90.000.000) Tj ET", 16, 0, 0), "outside");
    assert_string_equal(misplaced("BT /Helv 12.5 Tf 1 0 0.2 1 2 4 Tm (10.000.000) Tj ET", 16, 0, 0), "rotated");
    assert_null(misplaced("BT /Helv 12.5 Tf 2 4 Td [(10.0) 20 (00.000)] TJ ET", 16, 0, 0));
    assert_null(misplaced("BT /Helv 12.5 Tf 2 4 Td 0 Ts (10.000.000) Tj ET", 16, 0, 0));
    /* an array that is not TJ's moves nothing */
    assert_null(misplaced("[-50000] 0 d BT /Helv 12.5 Tf 2 4 Td (10.000.000) Tj ET", 16, 0, 0));
    /* a box not at the origin: read from its corner */
    const double box[4] = {100, 20, 222, 36}, box0[4] = {0, 0, 122, 16};
    const char *moved = "BT /Helv 12.5 Tf 102 24 Td (10.000.000) Tj ET";
    assert_null(kc_noter_ap_text_misplaced((const unsigned char *)moved, strlen(moved), box, 0, 0, false, false, NULL));
    assert_string_equal(kc_noter_ap_text_misplaced((const unsigned char *)moved, strlen(moved), box, 2, 0, false, false, NULL),
                        "right");
    const char *lower = "BT /Helv 12.5 Tf 2 4 Td (90.000.000) Tj ET";
    assert_string_equal(kc_noter_ap_text_misplaced((const unsigned char *)lower, strlen(lower), box, 0, 0, false, true, NULL),
                        "outside");
    assert_string_equal(kc_noter_ap_text_misplaced((const unsigned char *)moved, strlen(moved), box, 0, 0, false, true, NULL),
                        "rotated");
    /* word spacing (Tw) throwing the figures after a space past the box, which
     * at ordinary widths fits: outside; a little, as justified text has, not */
    assert_string_equal(misplaced("BT /Helv 12.5 Tf 2 4 Td 500 Tw ( 90.000.000) Tj ET", 16, 0, 0), "outside");
    assert_null(misplaced("BT /Helv 12.5 Tf 2 4 Td 1 Tw (10 000 000) Tj ET", 16, 0, 0));
    /* a font whose /Widths gives "9" 50 ems: the figures after it past the box */
    GHashTable *fonts = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    kc_noter_placefont *wide = g_new(kc_noter_placefont, 1), *cid = g_new(kc_noter_placefont, 1);
    wide->bytes = 1, cid->bytes = 2;
    for (int c = 0; c < 256; c++)
        wide->width[c] = c == '9' ? 50 : 0.556, cid->width[c] = -1;
    g_hash_table_insert(fonts, g_strdup("F1"), wide);
    g_hash_table_insert(fonts, g_strdup("F0"), cid);
    const char *nine = "BT /F#31 12.5 Tf 2 4 Td (90.000.000) Tj ET", *one = "BT /F1 12.5 Tf 2 4 Td (10.000.000) Tj ET";
    assert_string_equal(kc_noter_ap_text_misplaced((const unsigned char *)nine, strlen(nine), box0, 0, 0, false, false,
                                                   fonts), "outside");
    assert_null(kc_noter_ap_text_misplaced((const unsigned char *)one, strlen(one), box0, 0, 0, false, false, fonts));
    assert_null(kc_noter_ap_text_misplaced((const unsigned char *)nine, strlen(nine), box0, 0, 0, false, false, NULL));
    /* a Type 0 font's five two-byte codes at the left of a /Q 2 field: each
     * byte taken for a glyph made them reach the right edge */
    const char *codes = "BT /F0 12.5 Tf 2 4 Td <0013001400150016001A> Tj ET";
    assert_string_equal(kc_noter_ap_text_misplaced((const unsigned char *)codes, strlen(codes), box0, 2, 0, false, false,
                                                   fonts), "right");
    assert_null(kc_noter_ap_text_misplaced((const unsigned char *)codes, strlen(codes), box0, 2, 0, false, false, NULL));
    g_hash_table_destroy(fonts);
}

static void test_text_modes(void **state)
{
    (void)state;
    kc_pdf_textmodes m = modes_of("BT /F1 12 Tf (2020) Tj ET");
    assert_int_equal(m.shown, 1);
    assert_int_equal(m.hidden, 0);
    m = modes_of("BT 3 Tr (2021) Tj 0 Tr [(20) 5 (20)] TJ 7 Tr (x) ' ET");
    assert_int_equal(m.shown, 1);
    assert_int_equal(m.hidden, 2);
    /* q/Q restore the mode; "3 Tr" and "Tj" inside a string, a comment or
     * an inline image's data are no operators. */
    m = modes_of("q 3 Tr Q BT (a 3 Tr) Tj %% 3 Tr (b) Tj\n ET BI /W 1 ID 3 Tr (c) Tj EI BT (d) Tj ET");
    assert_int_equal(m.shown, 2);
    assert_int_equal(m.hidden, 0);
    /* A form drawn in mode 3 shows its text to nobody; an OCR layer is all hidden. */
    m = modes_of("3 Tr /Fm0 Do BT (1) Tj (2) Tj ET");
    assert_int_equal(m.shown, 0);
    assert_int_equal(m.hidden, 3);
    /* The state goes on from one content stream to the next. */
    m = modes_of("q 3 Tr");
    kc_pdf_text_modes((const unsigned char *)"BT (x) Tj ET Q BT (y) Tj ET", 27, &m);
    assert_int_equal(m.hidden, 1);
    assert_int_equal(m.shown, 1);    /* A mode is read by its low bits, as poppler and MuPDF read it (11, 15
     * and -1 draw nothing; 8 fills); a real is read by its integer part
     * (poppler ignores "3.0 Tr", MuPDF and pdf.js hide the text) (atkpdf). */
    m = modes_of("BT 11 Tr (a) Tj 15 Tr (b) Tj -1 Tr (c) Tj 8 Tr (d) Tj ET");
    assert_int_equal(m.hidden, 3);
    assert_int_equal(m.shown, 1);
    m = modes_of("BT 3.0 Tr (a) Tj 0 Tr (b) Tj ET");
    assert_int_equal(m.hidden, 1);
    assert_int_equal(m.shown, 1);
    /* A number is read whole, however long (review37: cut to 31 characters,
     * 33 zeros and a 3 were 0, the text taken for shown); a mode past any
     * int is none the scan knows (poppler ignores the Tr): the page is drawn. */
    m = modes_of("BT 0000000000000000000000000000000003 Tr (a) Tj 00000000000000000000000000000000000.0 Tr (b) Tj ET");
    assert_int_equal(m.hidden, 1);
    assert_int_equal(m.shown, 1);
    assert_null(m.may_hide);
    m = modes_of("BT 3 Tr 4294967296 Tr (a) Tj ET");
    assert_non_null(m.may_hide);
    m = modes_of("BT 100000000000000000000000000000000000000003 Tr (a) Tj ET");
    assert_non_null(m.may_hide);
}

/* The content read token by token as poppler reads it (rtshown22): a number
 * ends where its digits do, a dictionary's "<<" opens no hex string, and
 * what one stream leaves open (a comment, a string, operands) is carried by
 * poppler into the next: that page is drawn. */
static void test_text_lexer(void **state)
{
    (void)state;
    kc_pdf_textmodes m = modes_of("BT 3Tr (2021) Tj 0Tr (x) Tj ET");
    assert_int_equal(m.hidden, 1);
    assert_int_equal(m.shown, 1);
    m = modes_of("1 1 1rg BT (2021) Tj ET");
    assert_non_null(m.may_hide); /* white text, not black */
    m = modes_of("BT /Span <</Alt (>%)>> BDC 3 Tr (2021) Tj EMC ET");
    assert_int_equal(m.hidden, 1);
    m = modes_of("BT 0.5-0 0 -1.5 0 0 Tm (x) Tj ET 1.-5 w");
    assert_null(m.may_hide);
    assert_false(m.open_end);
    m = modes_of("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
                 "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAf");
    assert_non_null(m.may_hide);
    /* glyphs squeezed or sheared flat: counted; turned, mirrored, slanted, condensed: not */
    m = modes_of("BT 12.5 0 11 -0.9 0 0 Tm (2021) Tj 8 Tz 1 0 0 1 0 0 Tm (x) Tj 100 Tz ET q 1 0 0 0.1 0 0 cm BT (y) Tj ET Q");
    assert_int_equal(m.flat, 3);
    m = modes_of("BT 0 1 -1 0 0 0 Tm (a) Tj -1 0 0 1 0 0 Tm (b) Tj 1 0 0.3 1 0 0 Tm 50 Tz (c) Tj ET 1 0 0 -1 0 842 cm "
                 "BT 12 0 0 -12 0 0 Tm (d) Tj ET");
    assert_int_equal(m.flat, 0);
    assert_int_equal(m.shown, 4);
    /* rtshown25: what may draw a figure over a digit once text is drawn: a
     * curved fill not in white, a picture; not before the text, not a white
     * shape (a cover the drawing judges), not a rectangle (a rule) */
    m = modes_of("BT 1 0 0 1 10 10 Tm (2021) Tj ET 0 g 10 10 m 12 10 14 12 14 14 c h f 0 0 5 0.8 re f");
    assert_int_equal(m.geom.n_drawn, 1);
    kc_pdf_box digit = {11, 9, 14, 15}, far = {50, 50, 53, 56};
    assert_true(kc_pdf_geom_drawn_over(&m.geom, &digit));
    assert_false(kc_pdf_geom_drawn_over(&m.geom, &far));
    m = modes_of("0 g 10 10 m 12 10 14 12 14 14 c f BT (2021) Tj ET 1 g 10 10 m 12 10 14 12 14 14 c f 0 0 9 9 re f");
    assert_int_equal(m.geom.n_drawn, 0);
    assert_false(m.geom.drawn_anywhere);
    static const char *const open[] = {"1 1 1 rg %", "1 1 1 rg (a\\)", "BT <3132", "3", "BI /W 1 ID x", "/Alt"};
    for (size_t i = 0; i < sizeof open / sizeof open[0]; i++) {
        m = modes_of(open[i]);
        assert_true(m.open_end);
        m.may_hide = NULL; /* an inline image draws the page anyway: what the next stream does */
        kc_pdf_text_modes((const unsigned char *)"BT (x) Tj ET", 12, &m);
        assert_non_null(m.may_hide);
    }
    static const char *const closed[] = {"1 1 1 rg % end\n", "(a) Tj", "<3132> Tj", "BI /W 1 ID x EI", "q"};
    for (size_t i = 0; i < sizeof closed / sizeof closed[0]; i++) {
        m = modes_of(closed[i]);
        assert_false(m.open_end);
    }
}

/* Whether a digit at (x1 y1 x2 y2), default user space, of a page drawing
 * content may be hidden: something may hide text anywhere on the page
 * (may_hide), or the digit meets a cover or a ground, or lies outside a
 * clip (shown21).  Only then is the page drawn. */
static bool hides_at(const char *content, double x1, double y1, double x2, double y2)
{
    kc_pdf_textmodes m = modes_of(content);
    kc_pdf_box b = {x1, y1, x2, y2};
    return m.may_hide || kc_pdf_geom_may_hide(&m.geom, &b, &b);
}

/* A year drawn at the origin, 24 by 10 points. */
static bool hides(const char *content)
{
    return hides_at(content, 0, 0, 24, 10);
}

/* A resolver standing for a page's resources: /Im0 is an image (the unit
 * square); a name holding "#" (escaped, or cut for being too long) is none. */
static bool fake_xobject(void *ud, const char *name, kc_pdf_box *out)
{
    (void)ud;
    *out = (kc_pdf_box){0, 0, 1, 1};
    return strcmp(name, "Im0") == 0 || (strlen(name) == 63 && strspn(name, "a") == 63);
}

static bool xobject_hides_at(const char *content, double x1, double y1, double x2, double y2)
{
    kc_pdf_textmodes m;
    memset(&m, 0, sizeof m);
    m.xobject_box = fake_xobject;
    kc_pdf_text_modes((const unsigned char *)content, strlen(content), &m);
    kc_pdf_box b = {x1, y1, x2, y2};
    return m.may_hide || kc_pdf_geom_may_hide(&m.geom, &b, &b);
}

/* What may keep text drawn in mode 0 from showing, so that only drawing the
 * page tells (rtpdf20): a page that draws none is not drawn; where it draws
 * some, only the digits there are (shown21). */
static void test_text_may_hide(void **state)
{
    (void)state;
    /* black text, thin strokes after it, colours set and restored: plain */
    assert_false(hides("BT 0 g /F1 12 Tf (2020) Tj ET 0.6 w 0 -5 m 9 -5 l S q 1 0 0 rg Q BT (1) Tj ET"));
    /* thin strokes crossing the digits may be a band (session 36), a wide one beside them a cover */
    assert_true(hides("BT (2020) Tj ET 1 G 2 w 0 2 m 24 2 l 0 4 m 24 4 l S"));
    assert_true(hides("BT (2020) Tj ET 0.6 w 0 0 m 9 0 l 9 -5 l S")); /* a join: its miter may reach */
    assert_false(hides("/DeviceRGB cs 0 0 0 sc BT (2020) Tj ET"));
    assert_false(hides("/DeviceCMYK cs 0 0 0 1 scn BT (2020) Tj ET"));
    /* a space named by a resource may be a DeviceN whose "0 0 0" is white (atkshown): drawn */
    assert_true(hides("/CS0 cs 0 0 0 scn BT (2020) Tj ET"));
    assert_false(hides("q 1 g 0 0 9 9 re f Q BT 0 0 0 1 k (2020) Tj ET")); /* a white ground */
    /* a ground text may be of the colour of: a shape, a picture, a wide line, a huge glyph */
    assert_true(hides("q 0 0 1 rg 0 0 9 9 re f Q BT (2021) Tj ET"));
    assert_true(hides("/Im0 Do BT (2021) Tj ET")); /* no resources to tell its box: anywhere */
    assert_true(hides("9 w 0 5 m 99 5 l S BT (2021) Tj ET"));
    assert_true(hides("BT /F1 1 Tf 400 0 0 400 0 0 Tm (l) Tj ET"));
    /* white (or any colour), a clip, painting after text, a wide stroke, optional content */
    assert_true(hides("BT 1 g (2021) Tj ET"));
    assert_true(hides("BT 1 1 1 rg (2021) Tj ET"));
    /* a number's leading zeros are no limit to reading it (review37): white, and black */
    assert_true(hides("BT 0000000000000000000000000000000001 g (2021) Tj ET"));
    assert_true(hides("BT -000000000000000000000000000000000.5 0 0 rg (2021) Tj ET"));
    assert_false(hides("BT 0000000000000000000000000000000000 g (2020) Tj ET"));
    assert_false(hides("BT 0.0000000000000000000000000000000000000001 g (2020) Tj ET")); /* 1e-40: black to all */
    /* a matrix whose figures are long runs of digits: past any page, not followed */
    assert_true(hides("1000000000000000000000000000000000000000 0 0 1 0 0 cm BT (2021) Tj ET 1 g 0 0 1 1 re f"));
    assert_true(hides("/Sep cs 0 scn BT (2021) Tj ET")); /* a Separation's 0: no ink */
    assert_true(hides("0 0 0 0 re W n BT (2021) Tj ET"));
    assert_true(hides("BT (2021) Tj ET 1 g 0 0 99 20 re f"));
    assert_true(hides("BT (2021) Tj ET /Im0 Do"));
    assert_true(hides("BT (2021) Tj ET 20 w 1 G 0 5 m 99 5 l S"));
    assert_true(hides("BT (2021) Tj ET 2 0 0 2 0 0 cm 1.5 w 0 5 m 99 5 l S"));
    assert_true(hides("/OC /oc1 BDC BT (2021) Tj ET EMC"));
    assert_true(hides("BT 4 Tr (2021) Tj ET"));
    /* q/Q restore the colour and the clip */
    assert_false(hides("q 0 0 0 0 re W n 1 g Q BT (2020) Tj ET"));
    /* shown21: where.  A white rectangle painted after the text over the
     * year hides it; the same rectangle elsewhere does not; nor the same
     * ground elsewhere. */
    assert_true(hides_at("BT (2021) Tj ET 1 g 90 95 40 20 re f", 100, 100, 124, 110));
    assert_false(hides_at("BT (2021) Tj ET 1 g 300 500 40 20 re f", 100, 100, 124, 110));
    assert_false(hides_at("q 0 0 1 rg 0 0 9 9 re f Q BT (2021) Tj ET", 100, 100, 124, 110));
    /* the matrix: a cairo page (y flipped) painting its top 24 points white */
    assert_true(hides_at("1 0 0 -1 0 842 cm BT (2021) Tj ET 1 g 0 0 595 24 re f", 100, 820, 124, 830));
    assert_false(hides_at("1 0 0 -1 0 842 cm BT (2021) Tj ET 1 g 0 0 595 24 re f", 100, 100, 124, 110));
    assert_true(hides_at("q 2 0 0 2 0 0 cm BT (2021) Tj ET 1 g 50 50 10 5 re f Q", 100, 100, 124, 110));
    assert_false(hides_at("q 1 0 0 1 500 500 cm Q BT (2021) Tj ET 1 g 0 0 10 10 re f", 100, 100, 124, 110));
    /* a curve's box holds its control points; a wide stroke reaches past its path */
    assert_true(hides_at("BT (2021) Tj ET 1 g 0 0 m 0 300 200 300 200 0 c f", 100, 200, 124, 210));
    assert_true(hides_at("BT (2021) Tj ET 30 w 1 G 0 80 m 300 80 l S", 100, 100, 124, 110));
    assert_false(hides_at("BT (2021) Tj ET 30 w 1 G 2 M 0 0 m 300 0 l S", 100, 100, 124, 110));
    /* a picture: the unit square by the matrix; a shading: its clip or anywhere */
    assert_true(hides_at("BT (2021) Tj ET q 40 0 0 40 90 90 cm BI /W 1 /H 1 ID x EI Q", 100, 100, 124, 110));
    /* anywhere: poppler reads an inline image's data by its size, not up to
     * the first " EI " as this scan does (rtshown22) */
    assert_true(hides_at("BT (2021) Tj ET q 40 0 0 40 400 700 cm BI /W 1 /H 1 ID x EI Q", 100, 100, 124, 110));
    assert_true(hides_at("BT (2021) Tj ET /Sh0 sh", 100, 100, 124, 110));
    assert_false(hides_at("BT (2021) Tj ET q 400 700 50 50 re W n /Sh0 sh Q", 100, 100, 124, 110));
    /* a rectangular clip: a digit wholly inside is not cut; one outside,
     * or partly, is; a turned clip or one of another shape: anywhere */
    assert_false(hides_at("q 50 50 500 700 re W n BT (2021) Tj ET Q", 100, 100, 124, 110));
    assert_true(hides_at("q 50 50 500 700 re W n BT (2021) Tj ET Q", 40, 100, 64, 110));
    assert_true(hides_at("q 50 50 500 700 re W n 0 0 100 105 re W n BT (2021) Tj ET Q", 90, 100, 114, 110));
    assert_true(hides_at("q 50 50 500 700 re W n BT (1) Tj ET Q q 0 0 10 10 re W n BT (2021) Tj ET Q", 100, 100,
                         124, 110)); /* inside one clip, not the other */
    assert_true(hides_at("q .7 .7 -.7 .7 0 0 cm 0 0 900 900 re W n BT (2021) Tj ET Q", 100, 100, 124, 110));
    assert_true(hides_at("q 0 0 m 900 0 l 0 900 l h W n BT (2021) Tj ET Q", 100, 100, 124, 110));
    assert_true(hides_at("q 0 0 900 900 re 1 1 5 5 re W* n BT (2021) Tj ET Q", 100, 100, 124, 110));
    /* past the states the scan keeps, a Q restores nothing it knows: "0 g"
     * inside, white text after (a colour, a matrix, a clip not followed) */
    {
        GString *deep = g_string_new("1 g ");
        for (int i = 0; i < KC_PDF_TEXTMODE_DEPTH; i++)
            g_string_append(deep, "q ");
        g_string_append(deep, "q 0 g Q BT (2021) Tj ET");
        assert_true(hides(deep->str));
        g_string_free(deep, TRUE);
    }
    /* an XObject's box by the matrix at its Do; a name not kept whole is no key */
    assert_false(xobject_hides_at("BT (2021) Tj ET q 20 0 0 20 500 700 cm /Im0 Do Q", 100, 100, 124, 110));
    assert_true(xobject_hides_at("BT (2021) Tj ET q 600 0 0 900 0 0 cm /Im0 Do Q", 100, 100, 124, 110));
    assert_true(xobject_hides_at("BT (2021) Tj ET q 20 0 0 20 500 700 cm /Im1 Do Q", 100, 100, 124, 110));
    /* a 63-letter key is an image; the 70-letter name drawn is another XObject */
    assert_false(xobject_hides_at("BT (2021) Tj ET q 20 0 0 20 500 700 cm "
                                  "/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa Do Q",
                                  100, 100, 124, 110));
    assert_true(xobject_hides_at("BT (2021) Tj ET q 20 0 0 20 500 700 cm "
                                 "/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa Do Q",
                                 100, 100, 124, 110));
}

/* The content-stream lexing the scans share (pdf_lex.c): a literal string
 * ends at its balancing parenthesis, escapes aside; an inline image's data
 * at the first "EI" between white space, NUL being white space. */
static void test_content_skips(void **state)
{
    (void)state;
    static const unsigned char lit[] = "(a(b)\\)c\\(d) Tj";
    assert_int_equal(kc_pdf_skip_literal(lit, sizeof lit - 1, 0), 12);
    static const unsigned char open[] = "(never closed";
    assert_int_equal(kc_pdf_skip_literal(open, sizeof open - 1, 0), sizeof open - 1);
    static const unsigned char img[] = "ID xEIy EI\0 Q";
    assert_int_equal(kc_pdf_skip_inline_data(img, sizeof img - 1, 2), 10);
    static const unsigned char nul[] = "ID \0EI";
    assert_int_equal(kc_pdf_skip_inline_data(nul, sizeof nul - 1, 2), sizeof nul - 1);
    static const unsigned char none[] = "ID xEIy";
    assert_int_equal(kc_pdf_skip_inline_data(none, sizeof none - 1, 2), sizeof none - 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_notes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_open_popup, setup, teardown),
        cmocka_unit_test(test_type3_digits),
        cmocka_unit_test(test_text_modes),
        cmocka_unit_test(test_field_place),
        cmocka_unit_test(test_text_may_hide),
        cmocka_unit_test(test_text_lexer),
        cmocka_unit_test(test_tj_font_codes),
        cmocka_unit_test(test_content_skips),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
