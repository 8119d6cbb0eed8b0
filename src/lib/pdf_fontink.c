/* pdf_fontink.c: what an embedded TrueType program itself says of a glyph:
 * the advance its hmtx table gives it and how wide the ink its outline draws
 * is (glyf), in thousandths of an em; and which glyph its cmap gives a
 * character or a code.  For pdf_fontwidth.c, which judges whether a font's
 * figures are drawn over one another.
 *
 * Why the program and not the font dictionary alone (rtshown28): how far
 * figures may be pushed together before they blot depends on how wide their
 * ink is.  DejaVu Sans's figures (ink 0.50 em) given 0.33 em still read
 * 2021 in pdftoppm; the same given 0.38 em after their outlines were made
 * 1.6 times as wide (the program is the attacker's) are a blot in every
 * viewer, while a rule of 0.3 em read them.  And MuPDF advances a simple
 * font without /Widths by the program's hmtx (a blot at 0.2 em there, while
 * pdftoppm draws 2021 at the standard font's widths).
 *
 * The outline's extent is taken from its points (a simple glyph's, a
 * composite's components moved and scaled), not from the bounding box the
 * glyph's header states, which no rasteriser draws by. */
#include <glib.h>
#include <string.h>

#include "pdf.h"
#include "sfnt.h"
#include "pdf_fontink.h"

#define MAX_FONT (32u << 20) /* decoded bytes of a font program */
#define MAX_DEPTH 4          /* composite glyphs inside composites */
#define MAX_POINTS 65535
#define BLANK_HEIGHT 0.15 /* of an em: a figure's outline lower draws a line, no figure (an honest one, 0.45 or more) */
#define BLANK_WIDTH 0.02  /* ... narrower, a hairline (a light "1"'s stem and flag, 0.2) */

static int16_t s16(uint32_t v)
{
    return (int16_t)(uint16_t)v;
}

bool kc_pdf_fontink_open(kc_pdf_doc *doc, size_t rev, kc_pdf_obj *desc, kc_pdf_fontink *fi)
{
    memset(fi, 0, sizeof *fi);
    desc = kc_pdf_resolve(doc, rev, desc);
    kc_pdf_obj *ff = desc && desc->type == KC_PDF_DICT ? kc_pdf_resolve(doc, rev, kc_pdf_dict_get(desc, "FontFile2")) : NULL;
    if (!ff && desc && desc->type == KC_PDF_DICT) { /* an OpenType program: its hmtx, and glyf when TrueType-flavoured */
        kc_pdf_obj *f3 = kc_pdf_resolve(doc, rev, kc_pdf_dict_get(desc, "FontFile3"));
        if (f3 && f3->type == KC_PDF_STREAM && kc_pdf_is_name(kc_pdf_resolve(doc, rev, kc_pdf_dict_get(f3, "Subtype")), "OpenType"))
            ff = f3;
    }
    const unsigned char *head, *hhea;
    size_t hn, hhn;
    uint32_t upem, nlong, locfmt;
    if (!ff || ff->type != KC_PDF_STREAM ||
        kc_pdf_stream_decode(kc_pdf_source(doc), ff, MAX_FONT, &fi->prog, &fi->n, NULL) != 0)
        return false;
    if (!kc_sfnt_table(fi->prog, fi->n, "head", &head, &hn) || !kc_sfnt_table(fi->prog, fi->n, "hhea", &hhea, &hhn) ||
        !kc_sfnt_table(fi->prog, fi->n, "hmtx", &fi->hmtx, &fi->hmtx_n) || !kc_sfnt_be16(head, hn, 18, &upem) ||
        !kc_sfnt_be16(head, hn, 50, &locfmt) || !kc_sfnt_be16(hhea, hhn, 34, &nlong) || upem < 16 || nlong == 0) {
        kc_pdf_fontink_close(fi);
        return false;
    }
    fi->upem = upem;
    fi->nlong = nlong;
    fi->long_loca = locfmt == 1;
    if (!kc_sfnt_table(fi->prog, fi->n, "loca", &fi->loca, &fi->loca_n) ||
        !kc_sfnt_table(fi->prog, fi->n, "glyf", &fi->glyf, &fi->glyf_n))
        fi->loca = fi->glyf = NULL, fi->loca_n = fi->glyf_n = 0;
    if (!kc_sfnt_table(fi->prog, fi->n, "cmap", &fi->cmap, &fi->cmap_n))
        fi->cmap = NULL, fi->cmap_n = 0;
    return true;
}

void kc_pdf_fontink_close(kc_pdf_fontink *fi)
{
    g_free(fi->prog);
    memset(fi, 0, sizeof *fi);
}

bool kc_pdf_fontink_advance(const kc_pdf_fontink *fi, uint32_t gid, double *out)
{
    uint32_t a;
    uint32_t k = gid < fi->nlong ? gid : fi->nlong - 1; /* past the long metrics: the last advance */
    if (!fi->prog || !kc_sfnt_be16(fi->hmtx, fi->hmtx_n, 4 * (size_t)k, &a))
        return false;
    *out = a * 1000.0 / fi->upem;
    return true;
}

/* The bytes of glyph gid's outline (none for an empty glyph). */
static bool glyph_data(const kc_pdf_fontink *fi, uint32_t gid, const unsigned char **g, size_t *gn)
{
    uint32_t a, b;
    if (!fi->glyf)
        return false;
    if (fi->long_loca ? !kc_sfnt_be32(fi->loca, fi->loca_n, 4 * (size_t)gid, &a) ||
                            !kc_sfnt_be32(fi->loca, fi->loca_n, 4 * (size_t)gid + 4, &b)
                      : !kc_sfnt_be16(fi->loca, fi->loca_n, 2 * (size_t)gid, &a) ||
                            !kc_sfnt_be16(fi->loca, fi->loca_n, 2 * (size_t)gid + 2, &b))
        return false;
    if (!fi->long_loca)
        a *= 2, b *= 2;
    if (b < a || b > fi->glyf_n)
        return false;
    *g = fi->glyf + a;
    *gn = b - a;
    return true;
}

/* One axis of a simple glyph's points from g[*at]: their extent in *lo,
 * *hi (short and same: the flags' bits of that axis, 2 and 16 for x, 4 and
 * 32 for y). */
static bool axis(const unsigned char *g, size_t n, size_t *at, const unsigned char *flags, size_t npts,
                 unsigned short_bit, unsigned same_bit, double *lo, double *hi)
{
    long x = 0;
    uint32_t v;
    for (size_t k = 0; k < npts; k++) { /* the coordinates, relative */
        unsigned char f = flags[k];
        if (f & short_bit) {
            if (*at >= n)
                return false;
            x += f & same_bit ? g[*at] : -(long)g[*at];
            (*at)++;
        } else if (!(f & same_bit)) {
            if (!kc_sfnt_be16(g, n, *at, &v))
                return false;
            x += s16(v);
            *at += 2;
        }
        if (k == 0 || x < *lo)
            *lo = (double)x;
        if (k == 0 || x > *hi)
            *hi = (double)x;
    }
    return true;
}

/* The x extent of a simple glyph's points (on and off the curve: the ink
 * lies within their hull), in font units, and the y extent when y is not
 * NULL (y[0] lowest, y[1] highest); false when it draws none. */
static bool simple_extent(const unsigned char *g, size_t n, int16_t ncont, double *lo, double *hi, double *y)
{
    uint32_t last = 0, ilen;
    if (ncont == 0 || !kc_sfnt_be16(g, n, 10 + 2 * ((size_t)ncont - 1), &last) ||
        !kc_sfnt_be16(g, n, 10 + 2 * (size_t)ncont, &ilen))
        return false;
    size_t npts = (size_t)last + 1, at = 12 + 2 * (size_t)ncont + ilen;
    if (npts > MAX_POINTS)
        return false;
    unsigned char *flags = g_malloc(npts);
    size_t k = 0;
    while (k < npts) { /* flags, with repeats */
        if (at >= n)
            break;
        unsigned char f = g[at++];
        size_t rep = 1;
        if (f & 8) {
            if (at >= n)
                break;
            rep += g[at++];
        }
        for (; rep && k < npts; rep--)
            flags[k++] = f;
    }
    bool ok = k == npts && axis(g, n, &at, flags, npts, 2, 16, lo, hi) &&
              (!y || axis(g, n, &at, flags, npts, 4, 32, &y[0], &y[1]));
    g_free(flags);
    return ok;
}

static bool extent(const kc_pdf_fontink *fi, uint32_t gid, int depth, double *lo, double *hi);

/* A composite glyph's components, each moved (its x offset) and scaled. */
static bool composite_extent(const kc_pdf_fontink *fi, const unsigned char *g, size_t n, int depth, double *lo,
                             double *hi)
{
    size_t at = 10;
    bool any = false;
    for (;;) {
        uint32_t flags, comp, a1, a2, sc;
        double dx = 0, xs = 1, xs2 = 0, clo = 0, chi = 0;
        if (!kc_sfnt_be16(g, n, at, &flags) || !kc_sfnt_be16(g, n, at + 2, &comp))
            return false;
        at += 4;
        if (flags & 1) { /* ARG_1_AND_2_ARE_WORDS */
            if (!kc_sfnt_be16(g, n, at, &a1) || !kc_sfnt_be16(g, n, at + 2, &a2))
                return false;
            dx = s16(a1);
            at += 4;
        } else {
            if (at + 2 > n)
                return false;
            dx = (int8_t)g[at];
            at += 2;
        }
        if (!(flags & 2)) /* point numbers to match, not an offset: not placed here */
            return false;
        if (flags & 8) { /* WE_HAVE_A_SCALE */
            if (!kc_sfnt_be16(g, n, at, &sc))
                return false;
            xs = s16(sc) / 16384.0;
            at += 2;
        } else if (flags & 0x40) { /* X_AND_Y_SCALE */
            if (!kc_sfnt_be16(g, n, at, &sc))
                return false;
            xs = s16(sc) / 16384.0;
            at += 4;
        } else if (flags & 0x80) { /* TWO_BY_TWO: x' = a x + c y; y's share taken wide */
            uint32_t c;
            if (!kc_sfnt_be16(g, n, at, &sc) || !kc_sfnt_be16(g, n, at + 4, &c))
                return false;
            xs = s16(sc) / 16384.0;
            xs2 = s16(c) / 16384.0;
            xs2 = xs2 < 0 ? -xs2 : xs2;
            at += 8;
        }
        if (extent(fi, comp, depth + 1, &clo, &chi)) {
            double a = clo * xs, b = chi * xs, l = a < b ? a : b, h = a < b ? b : a;
            /* a y coordinate's share of x, under a 2x2 transform: the em's worth */
            l -= xs2 * fi->upem, h += xs2 * fi->upem;
            l += dx, h += dx;
            if (!any || l < *lo)
                *lo = l;
            if (!any || h > *hi)
                *hi = h;
            any = true;
        }
        if (!(flags & 0x20)) /* MORE_COMPONENTS */
            return any;
    }
}

static bool extent(const kc_pdf_fontink *fi, uint32_t gid, int depth, double *lo, double *hi)
{
    const unsigned char *g;
    size_t n;
    uint32_t nc;
    if (depth > MAX_DEPTH || !glyph_data(fi, gid, &g, &n) || n == 0 || !kc_sfnt_be16(g, n, 0, &nc))
        return false;
    if (s16(nc) < 0)
        return composite_extent(fi, g, n, depth, lo, hi);
    return simple_extent(g, n, s16(nc), lo, hi, NULL);
}

bool kc_pdf_fontink_blank(const kc_pdf_fontink *fi, uint32_t gid)
{
    const unsigned char *g;
    size_t n;
    uint32_t nc;
    double lo = 0, hi = 0, y[2] = {0, 0};
    if (!fi->prog || !glyph_data(fi, gid, &g, &n))
        return false;
    if (n == 0)
        return true; /* no outline: a space's glyph */
    if (!kc_sfnt_be16(g, n, 0, &nc) || s16(nc) < 0)
        return false; /* a composite: its parts' heights are not judged */
    if (s16(nc) == 0)
        return true;
    if (!simple_extent(g, n, s16(nc), &lo, &hi, y))
        return false;
    return (y[1] - y[0]) < BLANK_HEIGHT * fi->upem || (hi - lo) < BLANK_WIDTH * fi->upem;
}

bool kc_pdf_fontink_width(const kc_pdf_fontink *fi, uint32_t gid, double *out)
{
    double lo = 0, hi = 0;
    if (!fi->prog)
        return false;
    if (!extent(fi, gid, 0, &lo, &hi))
        return false;
    *out = (hi - lo) * 1000.0 / fi->upem;
    return true;
}

/* FreeType (poppler, MuPDF, Chromium on Linux) puts a TrueType outline's
 * left edge at its hmtx left side bearing, whatever its points say; another
 * rasteriser may take the points as they are.  Both places, widest. */
bool kc_pdf_fontink_reach(const kc_pdf_fontink *fi, uint32_t gid, double *left, double *right)
{
    double lo = 0, hi = 0;
    uint32_t v;
    if (!fi->prog || !extent(fi, gid, 0, &lo, &hi))
        return false;
    size_t at = gid < fi->nlong ? 4 * (size_t)gid + 2 : 4 * (size_t)fi->nlong + 2 * (size_t)(gid - fi->nlong);
    double lsb = kc_sfnt_be16(fi->hmtx, fi->hmtx_n, at, &v) ? (double)s16(v) : lo;
    *left = (lsb < lo ? lsb : lo) * 1000.0 / fi->upem;
    *right = ((lsb > lo ? lsb : lo) + hi - lo) * 1000.0 / fi->upem;
    return true;
}

/* Character ch in a format 4 subtable at s (0: none). */
static uint32_t format4(const unsigned char *t, size_t n, size_t s, uint32_t ch)
{
    uint32_t segx2;
    if (ch > 0xFFFF || !kc_sfnt_be16(t, n, s + 6, &segx2))
        return 0;
    size_t seg = segx2 / 2, ends = s + 14, starts = ends + 2 * seg + 2, deltas = starts + 2 * seg, ros = deltas + 2 * seg;
    for (size_t k = 0; k < seg; k++) {
        uint32_t end, start, delta, ro, gid = 0;
        if (!kc_sfnt_be16(t, n, ends + 2 * k, &end) || !kc_sfnt_be16(t, n, starts + 2 * k, &start) ||
            !kc_sfnt_be16(t, n, deltas + 2 * k, &delta) || !kc_sfnt_be16(t, n, ros + 2 * k, &ro))
            return 0;
        if (ch > end || ch < start)
            continue;
        if (ro == 0)
            return (ch + delta) & 0xFFFF;
        if (kc_sfnt_be16(t, n, ros + 2 * k + ro + 2 * (size_t)(ch - start), &gid) && gid != 0)
            return (gid + delta) & 0xFFFF;
        return 0;
    }
    return 0;
}

/* Code c in a (1,0) subtable of format 0 or 6. */
static uint32_t mac(const unsigned char *t, size_t n, size_t s, uint32_t format, uint32_t c)
{
    uint32_t first, count, gid;
    if (c > 255)
        return 0;
    if (format == 0)
        return s + 6 + c < n ? t[s + 6 + c] : 0;
    if (!kc_sfnt_be16(t, n, s + 6, &first) || !kc_sfnt_be16(t, n, s + 8, &count) || c < first || c - first >= count ||
        !kc_sfnt_be16(t, n, s + 10 + 2 * (size_t)(c - first), &gid))
        return 0;
    return gid;
}

uint32_t kc_pdf_fontink_glyph(const kc_pdf_fontink *fi, bool unicode, uint32_t ch)
{
    const unsigned char *t = fi->cmap;
    size_t n = fi->cmap_n;
    uint32_t count, found = 0;
    if (!t || !kc_sfnt_be16(t, n, 2, &count))
        return 0;
    for (uint32_t i = 0; i < count && i < 64 && !found; i++) {
        uint32_t plat, enc, off, format;
        if (!kc_sfnt_be16(t, n, 4 + 8 * (size_t)i, &plat) || !kc_sfnt_be16(t, n, 6 + 8 * (size_t)i, &enc) ||
            !kc_sfnt_be32(t, n, 8 + 8 * (size_t)i, &off) || !kc_sfnt_be16(t, n, off, &format))
            return 0;
        if (unicode && (plat == 0 || (plat == 3 && enc == 1)) && format == 4)
            found = format4(t, n, off, ch);
        else if (!unicode && plat == 3 && enc == 0 && format == 4)
            found = format4(t, n, off, 0xF000 + ch) ? format4(t, n, off, 0xF000 + ch) : format4(t, n, off, ch);
        else if (!unicode && plat == 1 && enc == 0 && (format == 0 || format == 6))
            found = mac(t, n, off, format, ch);
    }
    return found;
}
