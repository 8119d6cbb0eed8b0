/* pdf_fontmap.c: whether a font's text reads the digits its glyphs draw.
 *
 * A font's /ToUnicode can lie without any marked content: a WinAnsi font
 * whose map reads the code of "0" as "1" draws 2020 and reads 2021 in every
 * extractor.  For a simple font whose encoding names its glyphs (a standard
 * encoding, /Differences with standard digit names), each code the map reads
 * as a digit must be that digit's glyph, and each digit's code must read as
 * that digit; a Type 3 font's procedures draw what they like, so any code
 * read as a digit is doubted.  A Type 0 font's glyphs, and a symbolic
 * TrueType font's, are named by its font program (pdf_cidfont.c).  Cut from
 * pdf_actual.c (rtshown23), which asks this of each font a scanned page's
 * resources name; pdf_notes_value.c asks it of a field's appearance font. */
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "pdf.h"
#include "pdf_doc.h"

#define MAX_STREAM (32u << 20) /* decoded bytes of a /ToUnicode map */

/* The document and revision the font is read in. */
typedef struct fontmap {
    kc_pdf_doc *doc;
    size_t rev;
} fontmap;

enum { GLYPH_UNKNOWN = KC_PDF_GLYPH_UNKNOWN, GLYPH_OTHER = KC_PDF_GLYPH_OTHER };

/* The digit a glyph name draws ("zero", "one.oldstyle", "uni0033"),
 * GLYPH_OTHER for a standard name of another glyph, GLYPH_UNKNOWN for a name
 * that says nothing (a subset's "g12"). */
int kc_pdf_glyph_name_digit(const char *n)
{
    static const char *const digits[] = {"zero", "one", "two", "three", "four",
                                         "five", "six", "seven", "eight", "nine"};
    size_t len = strcspn(n, "._");
    for (int d = 0; d < 10; d++)
        if (strlen(digits[d]) == len && strncmp(n, digits[d], len) == 0)
            return d;
    unsigned int u = 0;
    if ((len == 7 && strncmp(n, "uni", 3) == 0 && sscanf(n + 3, "%4x", &u) == 1) ||
        (len >= 5 && len <= 7 && n[0] == 'u' && sscanf(n + 1, "%6x", &u) == 1))
        return g_unichar_isdigit(u) ? g_unichar_digit_value(u) : GLYPH_OTHER;
    return GLYPH_UNKNOWN;
}

/* What each code of a simple font draws, as far as its encoding names it:
 * the standard encodings have the digits at 0x30-0x39 and no others. */
static bool font_glyphs(const fontmap *s, kc_pdf_obj *font, int glyph[256], bool *diffed)
{
    kc_pdf_obj *enc = kc_pdf_resolve(s->doc, s->rev, kc_pdf_dict_get(font, "Encoding"));
    kc_pdf_obj *base = enc && enc->type == KC_PDF_DICT ? kc_pdf_resolve(s->doc, s->rev, kc_pdf_dict_get(enc, "BaseEncoding")) : enc;
    bool named = kc_pdf_is_name(base, "WinAnsiEncoding") || kc_pdf_is_name(base, "MacRomanEncoding") ||
                 kc_pdf_is_name(base, "StandardEncoding");
    for (int c = 0; c < 256; c++)
        glyph[c] = !named ? GLYPH_UNKNOWN : c >= 0x30 && c <= 0x39 ? c - 0x30 : GLYPH_OTHER;
    kc_pdf_obj *diff = enc && enc->type == KC_PDF_DICT ? kc_pdf_resolve(s->doc, s->rev, kc_pdf_dict_get(enc, "Differences")) : NULL;
    int64_t code = -1;
    for (size_t i = 0; diff && diff->type == KC_PDF_ARRAY && i < diff->u.arr.n; i++) {
        kc_pdf_obj *o = diff->u.arr.items[i];
        if (o->type == KC_PDF_INT) {
            code = o->u.i;
        } else if (o->type == KC_PDF_NAME && code >= 0 && code < 256) {
            char *n = kc_pdf_strdup(o);
            if (diffed)
                diffed[code] = true; /* the codes /Differences names, for type3_digit */
            glyph[code++] = n ? kc_pdf_glyph_name_digit(n) : GLYPH_UNKNOWN;
            free(n);
            named = true;
        }
    }
    return named;
}

/* The next token of a bfchar or bfrange section in b[*i..n): '<' for a
 * hex string (its bytes, at most 8, in out), '[' or ']', or -1 at the
 * section's end ("endbfchar", "endbfrange") or the data's. */
static int next_hex(const unsigned char *b, size_t n, size_t *i, unsigned char *out, size_t *len)
{
    for (; *i < n; (*i)++) {
        if (b[*i] == '[' || b[*i] == ']')
            return b[(*i)++];
        if (b[*i] == '<')
            break;
        if (b[*i] == 'e' && n - *i >= 5 && memcmp(b + *i, "endbf", 5) == 0)
            return -1;
    }
    if (*i >= n)
        return -1;
    size_t k = 0;
    int hi = -1;
    for ((*i)++; *i < n && b[*i] != '>'; (*i)++) {
        int v = g_ascii_xdigit_value((char)b[*i]);
        if (v < 0)
            continue;
        if (hi < 0) {
            hi = v;
        } else {
            if (k < 8)
                out[k++] = (unsigned char)(hi << 4 | v);
            hi = -1;
        }
    }
    (*i)++;
    *len = k;
    return '<';
}

static uint32_t code_of(const unsigned char *b, size_t n)
{
    uint32_t c = 0;
    for (size_t k = 0; k < n && k < 4; k++)
        c = c << 8 | b[k];
    return c;
}

/* The digit a destination (UTF-16BE) reads as, -1 when it holds none; a
 * destination that holds digits and more, or two, reads as -3. */
static int dest_digit(const unsigned char *b, size_t n, uint32_t plus)
{
    int d = -1, count = 0;
    for (size_t k = 0; k + 1 < n; k += 2) {
        gunichar u = (gunichar)(b[k] << 8 | b[k + 1]);
        if (k + 2 >= n)
            u += plus;
        if (g_unichar_isdigit(u)) {
            d = g_unichar_digit_value(u);
            count++;
        }
    }
    return count > 1 || (count == 1 && n > 2) ? -3 : d;
}

/* A code the map reads as dest: whether that agrees with the glyph. */
static bool agrees(int glyph, int dest)
{
    if (glyph == GLYPH_UNKNOWN)
        return true;
    if (glyph >= 0)
        return dest == glyph;
    return dest == -1;
}

/* Walks a ToUnicode CMap's bfchar and bfrange sections: the first code
 * (below limit: 256 for a simple font, 65536 for a Type 0 font's two-byte
 * codes) for which wrong(ud, code, the digit its destination reads as)
 * holds, -1 when none does, -2 when the map is too large to walk (more than
 * 4 Mi codes). */
int kc_pdf_tounicode_first(const unsigned char *cm, size_t n, uint32_t limit,
                           bool (*wrong)(const void *ud, uint32_t c, int dest), const void *ud)
{
    unsigned char src[8], dst[8];
    size_t i = 0, ls = 0, ld = 0, budget = (size_t)1 << 22; /* codes looked at, all sections together */
    for (const unsigned char *at = cm; (at = memmem(at, n - (size_t)(at - cm), "beginbf", 7)); at += 7) {
        bool range = (size_t)(at - cm) + 12 <= n && memcmp(at, "beginbfrange", 12) == 0;
        i = (size_t)(at - cm) + 7;
        for (;;) {
            if (next_hex(cm, n, &i, src, &ls) != '<')
                break;
            uint32_t lo = code_of(src, ls), hi = lo;
            if (range && next_hex(cm, n, &i, src, &ls) == '<')
                hi = code_of(src, ls);
            int t = next_hex(cm, n, &i, dst, &ld);
            for (uint32_t c = lo, k = 0; t == '<' && c <= hi && c < limit; c++, k++) {
                if (budget-- == 0)
                    return -2;
                if (wrong(ud, c, dest_digit(dst, ld, k)))
                    return (int)c;
            }
            if (t == '[') { /* <lo> <hi> [<d> <d> ...] */
                for (uint32_t c = lo; (t = next_hex(cm, n, &i, dst, &ld)) == '<'; c++) {
                    if (budget-- == 0)
                        return -2;
                    if (c < limit && wrong(ud, c, dest_digit(dst, ld, 0)))
                        return (int)c;
                }
            }
            if (t < 0)
                break;
        }
    }
    return -1;
}

static bool disagrees(const void *ud, uint32_t c, int dest)
{
    return !agrees(((const int *)ud)[c], dest);
}

static bool reads_digit(const void *ud, uint32_t c, int dest)
{
    (void)ud;
    (void)c;
    return dest != -1;
}

/* Whether poppler or MuPDF may read a Type 3 glyph of a name that says
 * nothing ("g0", "a49") as a digit: poppler takes a code without a known
 * name for the character of that code (code 49, "/g0": "1"), MuPDF reads a
 * number after a name's letters as the code ("/a49": "1"), in decimal or in
 * hexadecimal ("/g31"). */
static bool unknown_name_digit(int code, const char *n)
{
    /* A name without a digit is a standard glyph's ("A", "space", "Aacute"),
     * which poppler reads by the glyph list, not by its code. */
    if (!strpbrk(n, "0123456789"))
        return false;
    if (code >= 0x30 && code <= 0x39)
        return true;
    const char *d = n;
    while (g_ascii_isalpha(*d))
        d++;
    if (d == n || !*d || strlen(d) > 4)
        return false;
    char *end = NULL;
    long dec = strtol(d, &end, 10), hex = strtol(d, NULL, 16);
    return (end && !*end && dec >= 0x30 && dec <= 0x39) || (strspn(d, "0123456789abcdefABCDEF") == strlen(d) && hex >= 0x30 && hex <= 0x39);
}

/* A Type 3 font draws each glyph with a procedure of its own: nothing ties
 * what it draws to the digit its glyph name or /ToUnicode reads ("/one"
 * drawing a zero reads 2021 where the page shows 2020, with no map at all).
 * The first code read as a digit, or -1. */
static int type3_digit(const fontmap *s, kc_pdf_obj *font, kc_pdf_obj *tu)
{
    int glyph[256], code = -1;
    bool diffed[256] = {false};
    font_glyphs(s, font, glyph, diffed);
    if (kc_pdf_is_name(kc_pdf_resolve(s->doc, s->rev, kc_pdf_dict_get(font, "Encoding")), "WinAnsiEncoding"))
        return 0x30; /* a base encoding alone names the digits */
    /* A code /Differences leaves unnamed takes the base encoding's glyph,
     * and without /BaseEncoding StandardEncoding's (poppler, as PDF 32000
     * 9.6.6.1 says of a font with no built-in encoding): codes 48-57 read
     * as the digits unless renamed.  "/Differences [65 /A]" and a procedure
     * /zero drawing a 1 read 2020 where the page shows 2021. */
    for (int c = 0x30; c <= 0x39; c++)
        if (glyph[c] == GLYPH_UNKNOWN && !diffed[c])
            glyph[c] = c - 0x30;
    for (int c = 0; c < 256 && code < 0; c++)
        if (glyph[c] >= 0)
            code = c;
    /* rtnew4: a name that says nothing is read by the code or the number it
     * holds (a glyph "/g0" at code 49 drawing a zero read "1" with no map). */
    kc_pdf_obj *enc = kc_pdf_resolve(s->doc, s->rev, kc_pdf_dict_get(font, "Encoding"));
    kc_pdf_obj *diff = enc && enc->type == KC_PDF_DICT ? kc_pdf_resolve(s->doc, s->rev, kc_pdf_dict_get(enc, "Differences")) : NULL;
    int64_t at = -1;
    for (size_t i = 0; code < 0 && diff && diff->type == KC_PDF_ARRAY && i < diff->u.arr.n; i++) {
        kc_pdf_obj *o = diff->u.arr.items[i];
        if (o->type == KC_PDF_INT) {
            at = o->u.i;
        } else if (o->type == KC_PDF_NAME && at >= 0 && at < 256) {
            char *n = kc_pdf_strdup(o);
            if (n && glyph[at] == GLYPH_UNKNOWN && unknown_name_digit((int)at, n))
                code = (int)at;
            free(n);
            at++;
        }
    }
    unsigned char *cm = NULL;
    size_t n = 0;
    if (code < 0 && tu && tu->type == KC_PDF_STREAM &&
        kc_pdf_stream_decode(kc_pdf_source(s->doc), tu, MAX_STREAM, &cm, &n, NULL) == 0)
        code = kc_pdf_tounicode_first(cm, n, 256, reads_digit, NULL);
    free(cm);
    return code;
}

char *kc_pdf_font_check(kc_pdf_doc *doc, size_t rev, size_t page, kc_pdf_obj *font, bool *type3)
{
    const fontmap fm = {doc, rev}, *s = &fm;
    int glyph[256];
    unsigned char *cm = NULL;
    size_t n = 0;
    if (!font || font->type != KC_PDF_DICT)
        return NULL;
    kc_pdf_obj *sub = kc_pdf_resolve(s->doc, s->rev, kc_pdf_dict_get(font, "Subtype"));
    kc_pdf_obj *tu = kc_pdf_resolve(s->doc, s->rev, kc_pdf_dict_get(font, "ToUnicode"));
    if (kc_pdf_is_name(sub, "Type0")) /* its glyphs: pdf_cidfont.c */
        return kc_pdf_type0_figures(s->doc, s->rev, page, font, tu);
    if (kc_pdf_is_name(sub, "Type3")) {
        int code = type3_digit(s, font, tu);
        if (type3)
            *type3 = true;
        if (code < 0)
            return NULL;
        return g_strdup_printf(_("page %zu uses a Type 3 font, whose glyphs its own procedures draw, and reads "
                                 "its code %d as a digit: the figures its text gives (a number, a year) need "
                                 "not be the ones the page shows"),
                               page, code);
    }
    if (!tu || tu->type != KC_PDF_STREAM ||
        !(kc_pdf_is_name(sub, "TrueType") || kc_pdf_is_name(sub, "Type1") || kc_pdf_is_name(sub, "MMType1")))
        return NULL;
    if (!font_glyphs(s, font, glyph, NULL)) {
        /* rtnum8: a TrueType font without an encoding that names its glyphs
         * (no /Encoding) draws by its font program: a non-symbolic one as
         * the standard encoding names them (the digits at 0x30-0x39, as
         * WinAnsi), a symbolic one by its own cmap (pdf_cidfont.c).  Its
         * /ToUnicode read the code of "0" as "1" unchecked: 2021 read, 2020
         * drawn. */
        if (!kc_pdf_is_name(sub, "TrueType"))
            return NULL;
        kc_pdf_obj *fd = kc_pdf_resolve(s->doc, s->rev, kc_pdf_dict_get(font, "FontDescriptor"));
        kc_pdf_obj *flags = fd ? kc_pdf_resolve(s->doc, s->rev, kc_pdf_dict_get(fd, "Flags")) : NULL;
        if (!flags || flags->type != KC_PDF_INT || (flags->u.i & 4))
            return kc_pdf_symbolic_figures(s->doc, s->rev, page, font, tu);
        for (int c = 0; c < 256; c++)
            glyph[c] = c >= 0x30 && c <= 0x39 ? c - 0x30 : c >= 0x20 ? GLYPH_OTHER : GLYPH_UNKNOWN;
    }
    if (kc_pdf_stream_decode(kc_pdf_source(s->doc), tu, MAX_STREAM, &cm, &n, NULL) != 0)
        return NULL; /* poppler cannot read it either: the text then has no map from it */
    int bad_code = kc_pdf_tounicode_first(cm, n, 256, disagrees, glyph);
    free(cm);
    if (bad_code < 0)
        return NULL;
    char *name = kc_pdf_text(kc_pdf_resolve(s->doc, s->rev, kc_pdf_dict_get(font, "BaseFont")));
    char *why = g_strdup_printf(_("page %zu uses the font %s, whose /ToUnicode reads code %d otherwise than the "
                                  "glyph its encoding draws there: the figures its text gives (a number, a year) "
                                  "need not be the ones the page shows"),
                                page, name ? name : "?", bad_code);
    free(name);
    return why;
}

char *kc_pdf_font_figures(kc_pdf_doc *doc, size_t rev, kc_pdf_obj *font)
{
    return kc_pdf_font_check(doc, rev, 0, font, NULL);
}

/* rtshown25: a TJ array's shifts, or word spacing, pile figures only where
 * the scan knows them for figures (pdf_textpile.c).  It knew the bytes
 * 0x30-0x39 alone: a year piled in a Type 0 font (Identity-H, as Word and
 * cairo write Vietnamese text: "[<0013> 350 <0011> …] TJ") or in a font whose
 * /Differences puts the figures at "A", "B", "C" was read as its map gives it,
 * a blot on the page.  So every code a reader may take for a figure counts:
 * what the encoding names a digit, what the /ToUnicode reads as one. */
static bool mark_digit(const void *ud, uint32_t c, int dest)
{
    unsigned char *bits = (unsigned char *)ud;
    if (dest >= 0 || dest == -3) /* a digit, or digits and more */
        bits[c >> 3] |= (unsigned char)(1u << (c & 7));
    return false; /* walk the whole map */
}

kc_pdf_fontcodes *kc_pdf_font_codes(kc_pdf_doc *doc, size_t rev, kc_pdf_obj *font)
{
    const fontmap fm = {doc, rev};
    kc_pdf_fontcodes *f = g_new0(kc_pdf_fontcodes, 1);
    unsigned char *cm = NULL;
    size_t n = 0;
    f->bytes = 1;
    for (int c = 0x30; c <= 0x39; c++) /* the standard encodings', and a program's own without one */
        f->digit[c >> 3] |= (unsigned char)(1u << (c & 7));
    if (!font || font->type != KC_PDF_DICT)
        return f;
    kc_pdf_obj *sub = kc_pdf_resolve(doc, rev, kc_pdf_dict_get(font, "Subtype"));
    kc_pdf_obj *tu = kc_pdf_resolve(doc, rev, kc_pdf_dict_get(font, "ToUnicode"));
    bool type0 = kc_pdf_is_name(sub, "Type0");
    if (type0) {
        kc_pdf_obj *enc = kc_pdf_resolve(doc, rev, kc_pdf_dict_get(font, "Encoding"));
        memset(f->digit, 0, sizeof f->digit);
        f->bytes = 2;
        /* a CMap of its own codes in one to four bytes; without a map poppler
         * reads the glyphs through the font program's cmap: not told here */
        f->any = !(kc_pdf_is_name(enc, "Identity-H") || kc_pdf_is_name(enc, "Identity-V")) ||
                 !tu || tu->type != KC_PDF_STREAM;
    } else {
        int glyph[256];
        font_glyphs(&fm, font, glyph, NULL);
        for (int c = 0; c < 256; c++)
            if (glyph[c] >= 0)
                f->digit[c >> 3] |= (unsigned char)(1u << (c & 7));
    }
    if (!f->any && tu && tu->type == KC_PDF_STREAM) {
        if (kc_pdf_stream_decode(kc_pdf_source(doc), tu, MAX_STREAM, &cm, &n, NULL) != 0)
            f->any = type0; /* a simple font keeps its encoding's figures */
        else if (kc_pdf_tounicode_first(cm, n, type0 ? 65536 : 256, mark_digit, f->digit) == -2)
            f->any = true;
    }
    free(cm);
    kc_pdf_font_narrow(doc, rev, font, f);
    return f;
}

bool kc_pdf_code_narrow(const kc_pdf_fontcodes *f, const unsigned char *s, size_t n, size_t i)
{
    if (!f || !f->narrow_any)
        return false;
    uint32_t c = s[i];
    if (f->bytes == 2)
        c = i + 1 < n ? (uint32_t)s[i] << 8 | s[i + 1] : 0x10000;
    return c < 0x10000 && (f->narrow[c >> 3] >> (c & 7) & 1);
}

bool kc_pdf_code_digit(const kc_pdf_fontcodes *f, const unsigned char *s, size_t n, size_t i)
{
    if (!f)
        return s[i] >= '0' && s[i] <= '9';
    if (f->any)
        return true;
    uint32_t c = s[i];
    if (f->bytes == 2)
        c = i + 1 < n ? (uint32_t)s[i] << 8 | s[i + 1] : 0x10000;
    return c < 0x10000 && (f->digit[c >> 3] >> (c & 7) & 1);
}
