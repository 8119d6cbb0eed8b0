/* pdf_fontwidth.c: which figure codes of a font advance so little that each
 * is drawn over the one before (pdf_fontmap.c asks, once a font, for the
 * content scan's piles).
 *
 * Every viewer advances a glyph by the width the font dictionary gives it
 * (/Widths, a Type 0 font's /W or /DW), not by its program's own: a copy of
 * the page's font whose figures are 0.2 em wide draws a heading's "2021" as
 * -0.4 Tc does, a blot, while poppler's text reads 2021 and cuts each box at
 * the next glyph, of honest shape (rtshown27: counted for a 2021 row without
 * a word over a report of 2020).  A text face's narrowest figure, a
 * proportional "1", is about 0.3 em wide; a tabular one 0.5.
 *
 * rtshown28: how close figures may stand before they blot depends on how
 * wide their ink is, which the font program tells (pdf_fontink.c): DejaVu
 * Sans's figures (ink 0.50 em) at 0.33 em still read 2021 in pdftoppm, its
 * Bold's (0.60 em) at 0.31 em are a blot, and a copy whose outlines are 1.6
 * times as wide at 0.38 em is a blot in every viewer.  A figure advancing
 * less than INK_SHARE of its glyph's ink is narrow too (0.30 em for DejaVu
 * Sans, the rule above; an honest font's figures advance more than their
 * ink).  And a simple TrueType font without /Widths: MuPDF advances it by
 * its program's hmtx (0.2 em there, a blot in mutool draw), poppler by a
 * standard font's widths; a figure narrow in MuPDF's reading is narrow. */
#include <glib.h>
#include <stdlib.h>
#include <string.h>

#include "pdf.h"
#include "pdf_fontink.h"

#define NARROW_EM 0.3  /* a figure advancing less is drawn over by the next */
#define INK_SHARE 0.6  /* ... or less than this share of its ink's width */
#define PAIR_SHARE 0.5 /* ... or its ink reaches into the next figure's by more than this share of it */
#define MAX_CIDMAP (1u << 20)

/* What the font's program says of its figures, when it is embedded as a
 * TrueType program (else prog.prog is NULL and only NARROW_EM judges). */
typedef struct judge {
    kc_pdf_fontink prog;
    double widest;              /* the widest ink of the program's figures (U+0030-0039), 0: none */
    double lmin;                /* how far left of its origin a figure's ink reaches, the farthest */
    bool have_lmin;
    int digit[256];             /* a simple font's code: the digit its encoding names, else < 0 */
    bool simple;
    bool symbolic;              /* a simple font whose descriptor's /Flags say symbolic (bit 3) */
    unsigned char *cidmap;      /* a Type 0 font's /CIDToGIDMap stream (NULL: Identity) */
    size_t cidmap_n;
} judge;

static void mark(kc_pdf_fontcodes *f, uint32_t c)
{
    f->narrow[c >> 3] |= (unsigned char)(1u << (c & 7));
    f->narrow_any = true;
}

static bool is_digit_code(const kc_pdf_fontcodes *f, uint32_t c)
{
    return c < 65536 && (f->digit[c >> 3] >> (c & 7) & 1);
}

/* The glyphs code c may draw (0: none known), in g[0] and g[1]: a simple
 * font's by the digit its encoding names (poppler's way through a Unicode
 * cmap) and, for a symbolic font or a code no name reaches, by the code
 * itself ((3,0) or (1,0) cmap, which poppler takes first for a symbolic
 * font): both are measured, lest a cmap that gives the digit a narrow
 * glyph hide the wide one drawn; a Type
 * 0 font's by /CIDToGIDMap. */
static void glyphs_of(const judge *j, uint32_t c, uint32_t g[2])
{
    g[0] = g[1] = 0;
    if (!j->prog.prog)
        return;
    if (j->simple) {
        g[0] = c < 256 && j->digit[c] >= 0 ? kc_pdf_fontink_glyph(&j->prog, true, 0x30 + (uint32_t)j->digit[c]) : 0;
        if (j->symbolic || !g[0])
            g[1] = kc_pdf_fontink_glyph(&j->prog, false, c);
    } else if (!j->cidmap) {
        g[0] = c;
    } else if (2 * (size_t)c + 1 < j->cidmap_n) {
        g[0] = (uint32_t)j->cidmap[2 * c] << 8 | j->cidmap[2 * c + 1];
    }
}

/* Whether figure code c advancing v thousandths of an em is drawn over by
 * the next glyph: under NARROW_EM, or under INK_SHARE of its ink (its own
 * glyph's, else the widest figure's of the program), or its ink reaching
 * past v into the next figure's by more than PAIR_SHARE of it. */
static bool too_narrow(const judge *j, uint32_t c, double v)
{
    uint32_t g[2];
    if (v < NARROW_EM * 1000)
        return true;
    glyphs_of(j, c, g);
    bool known = false;
    for (int k = 0; k < 2; k++) {
        double ink, left, right;
        if (g[k] && kc_pdf_fontink_blank(&j->prog, g[k]))
            return true; /* a figure whose glyph draws none (no outline, a line) is not shown either */
        if (!g[k] || !kc_pdf_fontink_width(&j->prog, g[k], &ink))
            continue;
        known = true;
        if (v < INK_SHARE * ink)
            return true;
        /* figures placed into one another by their outlines, not their
         * widths: a "0" whose left side bearing is -0.45 em is drawn over
         * the "2" before it (FreeType puts the outline there) */
        if (j->have_lmin && kc_pdf_fontink_reach(&j->prog, g[k], &left, &right) &&
            right - v - j->lmin > PAIR_SHARE * ink)
            return true;
    }
    return !known && j->widest > 0 && v < INK_SHARE * j->widest;
}

static void reach_left(judge *j, uint32_t g)
{
    double left, right;
    if (g && kc_pdf_fontink_reach(&j->prog, g, &left, &right) && (!j->have_lmin || left < j->lmin)) {
        j->lmin = left;
        j->have_lmin = true;
    }
}

/* The farthest left any figure's ink reaches: the program's figures' and
 * those of the font's figure codes. */
static void judge_codes(judge *j, const kc_pdf_fontcodes *f)
{
    if (!j->prog.prog)
        return;
    for (uint32_t d = 0; d < 10; d++)
        reach_left(j, kc_pdf_fontink_glyph(&j->prog, true, 0x30 + d));
    for (uint32_t c = 0; c < (j->simple ? 256u : 65536u); c++) {
        uint32_t g[2];
        if (!is_digit_code(f, c))
            continue;
        glyphs_of(j, c, g);
        reach_left(j, g[0]);
        reach_left(j, g[1]);
    }
}

static void judge_open(kc_pdf_doc *doc, size_t rev, kc_pdf_obj *desc, judge *j)
{
    if (!kc_pdf_fontink_open(doc, rev, desc, &j->prog))
        return;
    for (uint32_t d = 0; d < 10; d++) {
        double w;
        uint32_t g = kc_pdf_fontink_glyph(&j->prog, true, 0x30 + d);
        if (g && kc_pdf_fontink_width(&j->prog, g, &w) && w > j->widest)
            j->widest = w;
    }
}

static void judge_close(judge *j)
{
    kc_pdf_fontink_close(&j->prog);
    g_free(j->cidmap);
}

static bool number(kc_pdf_doc *doc, size_t rev, kc_pdf_obj *o, double *out)
{
    o = kc_pdf_resolve(doc, rev, o);
    if (!o || (o->type != KC_PDF_INT && o->type != KC_PDF_REAL))
        return false;
    *out = o->type == KC_PDF_INT ? (double)o->u.i : o->u.r;
    return true;
}

/* The width viewer-like readers give code c of a simple font: /Widths[c -
 * first] for c in [first, last], else the descriptor's /MissingWidth;
 * false when that entry is no number (viewers differ: not judged). */
static bool width_of(kc_pdf_doc *doc, size_t rev, kc_pdf_obj *w, double first, double last, double missing,
                     uint32_t c, double *out)
{
    double k = (double)c - first;
    *out = missing;
    if ((double)c < first || (double)c > last || k >= (double)w->u.arr.n)
        return true;
    return number(doc, rev, w->u.arr.items[(size_t)k], out);
}

/* An integer of a dictionary as poppler reads it (an integer, else none). */
static bool integer(kc_pdf_doc *doc, size_t rev, kc_pdf_obj *o, double *out)
{
    o = kc_pdf_resolve(doc, rev, o);
    if (!o || o->type != KC_PDF_INT)
        return false;
    *out = (double)o->u.i;
    return true;
}

/* A simple font: /Widths from /FirstChar to /LastChar, else the descriptor's
 * /MissingWidth (0 when none); in thousandths of an em, as for every font
 * but a Type 3 (said apart: its procedures draw what they like).  poppler
 * (Gfx8BitFont) takes /FirstChar and /LastChar only as integers in 0-255
 * (else 0 and 255); MuPDF (pdf_load_simple_font) truncates a real and takes
 * no range at all (0 to 0) when /LastChar is missing or before /FirstChar.
 * A code past /LastChar advances by /MissingWidth in both, whatever /Widths
 * lists there (atkshown3: /LastChar 64, /Widths listing the figures at "A" …
 * "J" 0.636 em wide past it, no /MissingWidth: each figure advanced 0, a blot
 * in pdftoppm and mutool draw, while the figures were read at 0.636 em and
 * the report counted for 2021 without a word).  A figure narrow in either
 * reading is narrow. */
/* The digit each code of a simple font's encoding names (a standard
 * encoding's, or none: 0x30-0x39; /Differences' names), else -1: which
 * character of the program's cmap poppler looks its glyph up by. */
static void encoding_digits(kc_pdf_doc *doc, size_t rev, kc_pdf_obj *font, int digit[256])
{
    kc_pdf_obj *enc = kc_pdf_resolve(doc, rev, kc_pdf_dict_get(font, "Encoding"));
    kc_pdf_obj *diff = enc && enc->type == KC_PDF_DICT ? kc_pdf_resolve(doc, rev, kc_pdf_dict_get(enc, "Differences")) : NULL;
    int64_t code = -1;
    for (int c = 0; c < 256; c++)
        digit[c] = c >= 0x30 && c <= 0x39 ? c - 0x30 : -1;
    for (size_t i = 0; diff && diff->type == KC_PDF_ARRAY && i < diff->u.arr.n; i++) {
        kc_pdf_obj *o = diff->u.arr.items[i];
        if (o->type == KC_PDF_INT) {
            code = o->u.i;
        } else if (o->type == KC_PDF_NAME && code >= 0 && code < 256) {
            char *n = kc_pdf_strdup(o);
            int d = n ? kc_pdf_glyph_name_digit(n) : -1;
            digit[code++] = d >= 0 ? d : -1;
            free(n);
        }
    }
}

/* No /Widths: MuPDF advances each code by its glyph's hmtx advance (poppler
 * by a standard font's metrics, none narrow). */
static void program_widths(judge *j, kc_pdf_fontcodes *f)
{
    for (uint32_t c = 0; c < 256; c++) {
        double v;
        uint32_t g[2];
        if (!is_digit_code(f, c))
            continue;
        glyphs_of(j, c, g);
        for (int k = 0; k < 2; k++)
            if (g[k] && kc_pdf_fontink_advance(&j->prog, g[k], &v) && too_narrow(j, c, v))
                mark(f, c);
    }
}

static void simple_widths(kc_pdf_doc *doc, size_t rev, kc_pdf_obj *font, kc_pdf_fontcodes *f, judge *j)
{
    kc_pdf_obj *w = kc_pdf_resolve(doc, rev, kc_pdf_dict_get(font, "Widths"));
    kc_pdf_obj *desc = kc_pdf_resolve(doc, rev, kc_pdf_dict_get(font, "FontDescriptor"));
    double missing = 0;
    j->simple = true;
    encoding_digits(doc, rev, font, j->digit);
    double flags = 0;
    if (desc && desc->type == KC_PDF_DICT)
        number(doc, rev, kc_pdf_dict_get(desc, "Flags"), &flags);
    j->symbolic = ((int64_t)flags & 4) != 0;
    judge_open(doc, rev, desc, j); /* a TrueType program, or an OpenType one (/FontFile3) */
    judge_codes(j, f);
    if (!w || w->type != KC_PDF_ARRAY) {
        program_widths(j, f); /* else a standard font's metrics */
        return;
    }
    if (desc && desc->type == KC_PDF_DICT)
        number(doc, rev, kc_pdf_dict_get(desc, "MissingWidth"), &missing);
    /* poppler's range */
    double pf = 0, pl = 255;
    if (!integer(doc, rev, kc_pdf_dict_get(font, "FirstChar"), &pf) || pf < 0 || pf > 255)
        pf = 0;
    if (!integer(doc, rev, kc_pdf_dict_get(font, "LastChar"), &pl) || pl < 0 || pl > 255)
        pl = 255;
    /* MuPDF's */
    double mf = 0, ml = 0;
    number(doc, rev, kc_pdf_dict_get(font, "FirstChar"), &mf);
    number(doc, rev, kc_pdf_dict_get(font, "LastChar"), &ml);
    mf = (double)(int64_t)mf, ml = (double)(int64_t)ml;
    if (mf < 0 || ml > 255 || mf > ml)
        mf = ml = 0;
    for (uint32_t c = 0; c < 256; c++) {
        double vp, vm;
        if (!is_digit_code(f, c))
            continue;
        if (!width_of(doc, rev, w, pf, pl, missing, c, &vp) || !width_of(doc, rev, w, mf, ml, missing, c, &vm))
            continue; /* a width that is no number: viewers differ, not judged */
        if (too_narrow(j, c, vp) || too_narrow(j, c, vm))
            mark(f, c);
    }
}

/* A CID of /W: poppler (GfxCIDFont) takes only an integer, MuPDF and pdf.js
 * any number (a real truncated). */
static bool cid_at(kc_pdf_doc *doc, size_t rev, kc_pdf_obj *o, bool strict, double *out)
{
    o = kc_pdf_resolve(doc, rev, o);
    if (!o || (o->type != KC_PDF_INT && (strict || o->type != KC_PDF_REAL)))
        return false;
    *out = o->type == KC_PDF_INT ? (double)o->u.i : (double)(int64_t)o->u.r;
    return *out >= 0 && *out <= 65535;
}

/* The digit codes one reading of /W gives a width under NARROW_EM, marked,
 * and those it gives one at all, in seen.  strict: poppler's, which skips
 * one entry it cannot read and goes on; else MuPDF's, which stops there.  A
 * digit code /W names twice takes its first width. */
static void w_reading(kc_pdf_doc *doc, size_t rev, kc_pdf_obj *w, kc_pdf_fontcodes *f, bool strict,
                      unsigned char *seen, const judge *j)
{
    for (size_t i = 0; w && w->type == KC_PDF_ARRAY && i + 1 < w->u.arr.n;) {
        double c1, c2, v;
        kc_pdf_obj *next = kc_pdf_resolve(doc, rev, w->u.arr.items[i + 1]);
        bool first = cid_at(doc, rev, w->u.arr.items[i], strict, &c1);
        if (first && next && next->type == KC_PDF_ARRAY) { /* c [w1 w2 …] */
            for (size_t k = 0; k < next->u.arr.n && c1 + (double)k <= 65535; k++) {
                uint32_t c = (uint32_t)c1 + (uint32_t)k;
                if (is_digit_code(f, c) && !(seen[c >> 3] >> (c & 7) & 1) && number(doc, rev, next->u.arr.items[k], &v)) {
                    seen[c >> 3] |= (unsigned char)(1u << (c & 7));
                    if (too_narrow(j, c, v))
                        mark(f, c);
                }
            }
            i += 2;
            continue;
        }
        if (!first || i + 2 >= w->u.arr.n || !cid_at(doc, rev, w->u.arr.items[i + 1], strict, &c2) ||
            !number(doc, rev, w->u.arr.items[i + 2], &v) || c2 < c1) {
            if (!strict)
                break;
            i++; /* poppler: "Bad widths array in Type 0 font", and on */
            continue;
        }
        for (double c = c1; c <= c2 && c <= 65535; c++) {
            uint32_t u = (uint32_t)c;
            if (is_digit_code(f, u) && !(seen[u >> 3] >> (u & 7) & 1)) {
                seen[u >> 3] |= (unsigned char)(1u << (u & 7));
                if (too_narrow(j, u, v))
                    mark(f, u);
            }
        }
        i += 3;
    }
}

/* A Type 0 font under Identity-H (its codes its CIDs): /W's widths, else /DW
 * (1000 when none), as poppler reads /W and as MuPDF does: a figure narrow
 * in either is narrow (atkshown3: a /W naming each figure's CID as a real,
 * "48.0 [636]", is skipped by poppler, which advanced the figures by /DW
 * 0.2 em, a blot in pdftoppm, while they were read at 0.636 em and the
 * report counted for 2021 without a word). */
static void cid_widths(kc_pdf_doc *doc, size_t rev, kc_pdf_obj *font, kc_pdf_fontcodes *f, judge *j)
{
    kc_pdf_obj *enc = kc_pdf_resolve(doc, rev, kc_pdf_dict_get(font, "Encoding"));
    kc_pdf_obj *kids = kc_pdf_resolve(doc, rev, kc_pdf_dict_get(font, "DescendantFonts"));
    kc_pdf_obj *cf = kids && kids->type == KC_PDF_ARRAY && kids->u.arr.n ? kc_pdf_resolve(doc, rev, kids->u.arr.items[0]) : NULL;
    if (!kc_pdf_is_name(enc, "Identity-H") || !cf || cf->type != KC_PDF_DICT)
        return; /* vertical writing advances by /W2; another CMap's CIDs are not told here */
    double dw = 1000;
    number(doc, rev, kc_pdf_dict_get(cf, "DW"), &dw);
    kc_pdf_obj *map = kc_pdf_resolve(doc, rev, kc_pdf_dict_get(cf, "CIDToGIDMap"));
    if (kc_pdf_is_name(kc_pdf_resolve(doc, rev, kc_pdf_dict_get(cf, "Subtype")), "CIDFontType2") &&
        (!map || kc_pdf_is_name(map, "Identity") ||
         (map->type == KC_PDF_STREAM &&
          kc_pdf_stream_decode(kc_pdf_source(doc), map, MAX_CIDMAP, &j->cidmap, &j->cidmap_n, NULL) == 0)))
        judge_open(doc, rev, kc_pdf_dict_get(cf, "FontDescriptor"), j);
    judge_codes(j, f);
    kc_pdf_obj *w = kc_pdf_resolve(doc, rev, kc_pdf_dict_get(cf, "W"));
    unsigned char *seen = g_malloc(8192);
    for (int strict = 0; strict < 2; strict++) {
        memset(seen, 0, 8192);
        w_reading(doc, rev, w, f, strict, seen, j);
        for (uint32_t c = 0; c < 65536; c++)
            if (is_digit_code(f, c) && !(seen[c >> 3] >> (c & 7) & 1) && too_narrow(j, c, dw))
                mark(f, c);
    }
    g_free(seen);
}

void kc_pdf_font_narrow(kc_pdf_doc *doc, size_t rev, kc_pdf_obj *font, kc_pdf_fontcodes *f)
{
    if (!font || font->type != KC_PDF_DICT || f->any)
        return; /* every code a figure's (no map): its narrow glyphs are no sign */
    kc_pdf_obj *sub = kc_pdf_resolve(doc, rev, kc_pdf_dict_get(font, "Subtype"));
    judge j;
    memset(&j, 0, sizeof j);
    if (kc_pdf_is_name(sub, "Type0"))
        cid_widths(doc, rev, font, f, &j);
    else if (!kc_pdf_is_name(sub, "Type3"))
        simple_widths(doc, rev, font, f, &j);
    judge_close(&j);
}
