/* pdf_notes_fold.c: a field's value, or an appearance's text, that is not
 * plain ASCII, read as the plain ASCII it shows, for the note "field-value"
 * (pdf_notes_field.c compares the two).
 *
 * The comparison took both as plain ASCII or not at all (rtfold): one
 * accent, or one no-break space, in /V ("90.000.000 đồng"), or one byte past
 * ASCII in the appearance ("10.000.000" and a no-break space, byte 0xA0 of
 * WinAnsiEncoding), and a value pdf.js's form layer holds (90.000.000) went
 * uncompared with the 10.000.000 poppler and MuPDF draw: valid, no note. */
#include <glib.h>
#include <stdlib.h>
#include <string.h>

#include "pdf.h"
#include "pdf_notes_internal.h"

/* value (UTF-8) as the plain ASCII it reads as: compatibility forms
 * decomposed (full-width and mathematical digits are digits), accents and
 * other marks dropped, đ read as d, white space and invisible format
 * characters (U+200B) left out; NULL when a character is none of these. */
char *kc_noter_fold(const char *value)
{
    char *d = value && g_utf8_validate(value, -1, NULL) ? g_utf8_normalize(value, -1, G_NORMALIZE_NFKD) : NULL;
    if (!d)
        return NULL;
    GString *out = g_string_new(NULL);
    bool ok = true;
    for (const char *p = d; ok && *p; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);
        GUnicodeType t = g_unichar_type(c);
        if (g_unichar_ismark(c) || g_unichar_isspace(c) || t == G_UNICODE_SPACE_SEPARATOR || t == G_UNICODE_FORMAT)
            continue;
        if (c == 0x111 || c == 0x110) /* đ Đ, which decompose to nothing */
            g_string_append_c(out, c == 0x111 ? 'd' : 'D');
        else if (c >= 0x21 && c <= 0x7E)
            g_string_append_c(out, (char)c);
        else
            ok = false;
    }
    g_free(d);
    return ok ? g_string_free(out, FALSE) : (g_string_free(out, TRUE), NULL);
}

/* Windows-1252's characters for the bytes 0x80 to 0x9F (0: none). */
static const gunichar cp1252_high[32] = {
    0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
    0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178};

/* Whether Windows-1252 (WinAnsiEncoding) has character c. */
static bool winansi_has(gunichar c)
{
    if (c < 0x80 || (c >= 0xA0 && c <= 0xFF))
        return true;
    for (size_t i = 0; i < G_N_ELEMENTS(cp1252_high); i++)
        if (cp1252_high[i] == c) /* c is 0x80 or more: the table's zeros match nothing */
            return true;
    return false;
}

/* Whether c is a Latin letter with marks (ồ, ư, ă) or đ: what a WinAnsi
 * writer may leave out of a Vietnamese value without changing its figures. */
static bool accented_letter(gunichar c)
{
    gunichar parts[8];
    gsize n = g_unichar_fully_decompose(c, FALSE, parts, G_N_ELEMENTS(parts));
    if (c == 0x111 || c == 0x110)
        return true;
    if (n < 2 || parts[0] > 0x7E || !g_ascii_isalpha((char)parts[0]))
        return false;
    for (gsize i = 1; i < n; i++)
        if (!g_unichar_ismark(parts[i]))
            return false;
    return true;
}

char *kc_noter_winansi_kept(const char *value)
{
    char *d = value && g_utf8_validate(value, -1, NULL) ? g_utf8_normalize(value, -1, G_NORMALIZE_NFC) : NULL;
    GString *out = g_string_new(NULL);
    for (const char *p = d; p && *p; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);
        if (g_unichar_isspace(c) || c == 0xA0)
            continue;
        if (winansi_has(c) || !accented_letter(c))
            g_string_append_unichar(out, c); /* a digit (full-width ９) or another script's letter stays */
    }
    g_free(d);
    return g_string_free(out, FALSE);
}

/* The ASCII digits of value (UTF-8) once decomposed as kc_noter_fold does
 * (a full-width ９ is a 9), in order; g_malloc'd. */
char *kc_noter_fold_digits(const char *value)
{
    char *d = value && g_utf8_validate(value, -1, NULL) ? g_utf8_normalize(value, -1, G_NORMALIZE_NFKD) : NULL;
    GString *out = g_string_new(NULL);
    for (const char *p = d; p && *p; p++)
        if (g_ascii_isdigit(*p))
            g_string_append_c(out, *p);
    g_free(d);
    return g_string_free(out, FALSE);
}

/* Whether value (UTF-8) and shown (the text an appearance draws, UTF-8) read
 * otherwise: as the ASCII they read as (kc_noter_fold), by their digits when
 * either holds a character that reads as none; the same digits as a built-in
 * number format shows them (formatted) or the value without the accented
 * letters a WinAnsi writer leaves out (kc_noter_winansi_kept) are the same. */
bool kc_noter_reads_otherwise(const char *value, const char *shown, bool formatted)
{
    char *kept = kc_noter_winansi_kept(value), *bare = kc_noter_winansi_kept(shown);
    bool same = strcmp(kept, bare) == 0;
    g_free(kept);
    g_free(bare);
    if (same)
        return false;
    char *fv = kc_noter_fold(value), *fs = kc_noter_fold(shown);
    bool differs;
    if (fv && fs) {
        differs = strcmp(fv, fs) != 0 && !(formatted && *fv && kc_noter_same_digits(fv, fs));
    } else {
        char *dv = kc_noter_fold_digits(value), *ds = kc_noter_fold_digits(shown);
        differs = formatted && *dv ? !kc_noter_same_digits(dv, ds) : strcmp(dv, ds) != 0;
        g_free(dv);
        g_free(ds);
    }
    g_free(fv);
    g_free(fs);
    return differs;
}

/* How the codes of font are read: 2 WinAnsiEncoding (every byte), 1 a
 * standard encoding whose bytes 0x20 to 0x7E are ASCII (StandardEncoding,
 * MacRomanEncoding, or none for a font not embedded), 0 not known here (a
 * Type 0 or Type 3 font, /Differences, a symbol font, an embedded program's
 * own encoding). */
static int font_reading(kc_pdf_noter *nr, kc_pdf_obj *font)
{
    if (!font || font->type != KC_PDF_DICT)
        return 0;
    kc_pdf_obj *sub = kc_pdf_resolve(nr->doc, nr->rev, kc_pdf_dict_get(font, "Subtype"));
    if (!kc_pdf_is_name(sub, "Type1") && !kc_pdf_is_name(sub, "TrueType") && !kc_pdf_is_name(sub, "MMType1"))
        return 0;
    kc_pdf_obj *base = kc_pdf_resolve(nr->doc, nr->rev, kc_pdf_dict_get(font, "BaseFont"));
    if (kc_pdf_is_name(base, "Symbol") || kc_pdf_is_name(base, "ZapfDingbats"))
        return 0;
    kc_pdf_obj *enc = kc_pdf_resolve(nr->doc, nr->rev, kc_pdf_dict_get(font, "Encoding"));
    if (enc && enc->type == KC_PDF_DICT) {
        if (kc_pdf_dict_get(enc, "Differences"))
            return 0;
        enc = kc_pdf_resolve(nr->doc, nr->rev, kc_pdf_dict_get(enc, "BaseEncoding"));
    }
    if (kc_pdf_is_name(enc, "WinAnsiEncoding"))
        return 2;
    if (kc_pdf_is_name(enc, "StandardEncoding") || kc_pdf_is_name(enc, "MacRomanEncoding"))
        return 1;
    if (enc)
        return 0;
    kc_pdf_obj *fd = kc_pdf_resolve(nr->doc, nr->rev, kc_pdf_dict_get(font, "FontDescriptor"));
    bool embedded = fd && fd->type == KC_PDF_DICT &&
                    (kc_pdf_dict_get(fd, "FontFile") || kc_pdf_dict_get(fd, "FontFile2") || kc_pdf_dict_get(fd, "FontFile3"));
    return embedded ? 0 : 1;
}

/* ToUnicode walk: what each two-byte code reads as, a digit or not (-1),
 * -3 for several digits; codes the map leaves out stay -2. */
static bool record_digit(const void *ud, uint32_t c, int dest)
{
    signed char *reads = (signed char *)ud;
    if (c < 65536)
        reads[c] = (signed char)(dest >= 0 ? dest : dest == -3 ? -3 : -1);
    return false; /* walk the whole map */
}

/* (rtfold) The digits of a Type 0 font's two-byte codes (Identity-H), read by
 * its /ToUnicode when kc_pdf_font_figures finds that it reads no digit
 * otherwise than the embedded program's glyph: a combo box whose option
 * says 90.000.000 and whose appearance draws "10 000 000" in such a font
 * (as Acrobat and Word draw Vietnamese) was not compared, valid, no note.
 * The text is the digits, the other glyphs U+FFFD (compared by digits only);
 * NULL when a code reads as several digits, the map reads none of the codes,
 * or the codes are not known. */
static char *type0_read(kc_pdf_noter *nr, kc_pdf_obj *font, const char *shown, size_t n)
{
    kc_pdf_obj *enc = kc_pdf_resolve(nr->doc, nr->rev, kc_pdf_dict_get(font, "Encoding"));
    kc_pdf_obj *tu = kc_pdf_resolve(nr->doc, nr->rev, kc_pdf_dict_get(font, "ToUnicode"));
    kc_pdf_obj *desc = kc_pdf_resolve(nr->doc, nr->rev, kc_pdf_dict_get(font, "DescendantFonts"));
    kc_pdf_obj *cid = desc && desc->type == KC_PDF_ARRAY && desc->u.arr.n == 1
                          ? kc_pdf_resolve(nr->doc, nr->rev, desc->u.arr.items[0]) : NULL;
    kc_pdf_obj *fd = cid && cid->type == KC_PDF_DICT ? kc_pdf_resolve(nr->doc, nr->rev, kc_pdf_dict_get(cid, "FontDescriptor")) : NULL;
    bool embedded = fd && fd->type == KC_PDF_DICT && (kc_pdf_dict_get(fd, "FontFile2") || kc_pdf_dict_get(fd, "FontFile3"));
    if (!kc_pdf_is_name(enc, "Identity-H") || !tu || tu->type != KC_PDF_STREAM || !embedded || n % 2 != 0)
        return NULL; /* a substitute font draws what it likes */
    char *why = kc_pdf_font_figures(nr->doc, nr->rev, font);
    if (why) {
        g_free(why);
        return NULL;
    }
    unsigned char *cm = NULL;
    size_t cn = 0;
    if (kc_pdf_stream_decode(kc_pdf_source(nr->doc), tu, 1 << 22, &cm, &cn, NULL) != 0) {
        free(cm);
        return NULL;
    }
    signed char *reads = g_malloc(65536);
    memset(reads, -2, 65536);
    int walked = kc_pdf_tounicode_first(cm, cn, 65536, record_digit, reads);
    free(cm);
    GString *out = g_string_new(NULL);
    bool ok = walked != -2;
    size_t mapped = 0;
    for (size_t i = 0; ok && i + 1 < n; i += 2) {
        unsigned code = (unsigned)(unsigned char)shown[i] << 8 | (unsigned char)shown[i + 1];
        mapped += reads[code] != -2;
        if (reads[code] >= 0)
            g_string_append_c(out, (char)('0' + reads[code]));
        else if (reads[code] == -3)
            ok = false;
        else
            g_string_append_unichar(out, 0xFFFD);
    }
    g_free(reads);
    /* A map that reads none of the codes drawn says nothing of them (nor
     * does kc_pdf_font_figures, which checks the digits it reads). */
    if (n > 0 && mapped == 0)
        ok = false;
    return ok ? g_string_free(out, FALSE) : (g_string_free(out, TRUE), NULL);
}

char *kc_noter_ap_read(kc_pdf_noter *nr, kc_pdf_obj *ap, const char *shown, size_t n, bool *cid)
{
    *cid = false;
    kc_pdf_obj *res = kc_pdf_resolve(nr->doc, nr->rev, kc_pdf_dict_get(ap, "Resources"));
    if (!res || res->type != KC_PDF_DICT)
        res = nr->form_dr; /* a stream without resources: viewers take /DR's */
    kc_pdf_obj *fonts = res && res->type == KC_PDF_DICT ? kc_pdf_resolve(nr->doc, nr->rev, kc_pdf_dict_get(res, "Font")) : NULL;
    if (!fonts || fonts->type != KC_PDF_DICT || fonts->u.dict.n == 0)
        return NULL;
    /* One Type 0 font, whose codes every string holds: by its digits. */
    kc_pdf_obj *only = fonts->u.dict.n == 1 ? kc_pdf_resolve(nr->doc, nr->rev, fonts->u.dict.vals[0]) : NULL;
    if (only && only->type == KC_PDF_DICT && kc_pdf_is_name(kc_pdf_resolve(nr->doc, nr->rev, kc_pdf_dict_get(only, "Subtype")), "Type0")) {
        *cid = true;
        return type0_read(nr, only, shown, n);
    }
    int reading = 2;
    for (size_t i = 0; i < fonts->u.dict.n && i < 10000; i++) {
        int r = font_reading(nr, kc_pdf_resolve(nr->doc, nr->rev, fonts->u.dict.vals[i]));
        reading = r < reading ? r : reading;
    }
    if (reading == 0)
        return NULL;
    /* Bytes these encodings do not all read alike become U+FFFD, which
     * reads as no ASCII: then only the digits are compared. */
    GString *out = g_string_new(NULL);
    for (size_t i = 0; i < n; i++) {
        unsigned char b = (unsigned char)shown[i];
        gunichar c = 0xFFFD;
        if (b >= 0x20 && b <= 0x7E)
            c = b;
        else if (reading == 2 && b >= 0xA0)
            c = b;
        else if (reading == 2 && b >= 0x80 && b <= 0x9F && cp1252_high[b - 0x80])
            c = cp1252_high[b - 0x80];
        g_string_append_unichar(out, c);
    }
    return g_string_free(out, FALSE);
}
