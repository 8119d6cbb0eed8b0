/* pdf_cidfont.c: whether a Type 0 font's /ToUnicode reads its digits as the
 * glyphs it draws.
 *
 * Word writes a Vietnamese document's text with Type 0 fonts: Identity-H
 * (each two-byte code is a CID) over a CIDFontType2 whose /CIDToGIDMap
 * (/Identity, or a stream) gives the glyph of the embedded TrueType program.
 * Text extractors (poppler, MuPDF, pdf.js) read such codes through /ToUnicode
 * alone, so a map that reads the glyph of "0" as "1" gives 2021 where every
 * viewer draws 2020.  The PDF names none of these glyphs; the font program
 * may: its cmap table (character -> glyph, inverted here) and the glyph names
 * of a version 2 post table.  Each code /ToUnicode lists is compared with the
 * glyph it draws: a digit's glyph must read as that digit, another
 * character's glyph must not read as a digit.  A code read as a digit whose
 * glyph nothing names (a program without cmap or names, as cairo's subsets;
 * another encoding; a CFF font) cannot be compared: the page's figures are
 * then not trusted, and the reason is said (fail closed).  A font that is
 * not embedded is drawn by its map (poppler draws the character /ToUnicode
 * reads in a font of the system), so it cannot lie and is let be.
 * What this cannot see: a font program whose own cmap lies too (the glyph
 * drawing a zero mapped from "1"); only drawing the glyphs would tell.
 * Every size and walk is bounded. */
#include <glib.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "pdf.h"
#include "sfnt.h"

#define MAX_FONT (32u << 20)          /* decoded bytes of a font program or a map */
#define MAX_WALK ((size_t)1 << 22)    /* characters of a cmap table looked at */
#define NGLYPHS 65536
#define OTHER_BIT (1u << 10)          /* the glyph of a character that is no digit */

/* What names each glyph, per glyph: bit d, the digit d names it; OTHER_BIT,
 * another character; 0, nothing.  Kept in pages of 256 glyphs made when a
 * glyph of theirs is first named: the flat table of all 65,536 glyphs was
 * 128 KB zeroed for every font of every page read (half a megabyte a bench
 * document of four Type 0 fonts), where a subset names a few dozen. */
#define MASK_PAGE 256
typedef struct glyphs {
    uint16_t *mask[NGLYPHS / MASK_PAGE];
    uint16_t sym[256];      /* a simple font's code -> glyph by a (3,0) symbol cmap (0xF000 + code, or code) */
    uint16_t uni[256];      /* ... by a Unicode cmap (code as the character) */
    uint16_t mac[256];      /* ... by a (1,0) Macintosh cmap, which poppler takes first */
    bool has_sym, has_mac;
    bool named;             /* the program names some glyph */
    size_t walk;            /* cmap characters looked at */
} glyphs;

typedef struct check {
    const glyphs *g;
    const unsigned char *cidmap; /* CIDToGIDMap stream, NULL for /Identity */
    const uint16_t *code_gid;    /* a simple font's code -> glyph, or NULL */
    size_t cidmap_len;
    int64_t unknown; /* the first code read as a digit whose glyph nothing names, or -1 */
    bool no_map;     /* no /ToUnicode: only the codes read as digits are compared */
} check;

static unsigned mask_get(const glyphs *g, uint32_t gid)
{
    const uint16_t *page = gid < NGLYPHS ? g->mask[gid / MASK_PAGE] : NULL;
    return page ? page[gid % MASK_PAGE] : 0;
}

/* gid < NGLYPHS */
static void mask_or(glyphs *g, uint32_t gid, uint16_t bits)
{
    uint16_t **page = &g->mask[gid / MASK_PAGE];
    if (!*page)
        *page = g_new0(uint16_t, MASK_PAGE);
    (*page)[gid % MASK_PAGE] |= bits;
}

static void glyphs_free(glyphs *g)
{
    if (!g)
        return;
    for (size_t i = 0; i < G_N_ELEMENTS(g->mask); i++)
        g_free(g->mask[i]);
    g_free(g);
}

static void mark(glyphs *g, uint32_t ch, uint32_t gid, bool symbol)
{
    if (gid == 0 || gid >= NGLYPHS)
        return; /* .notdef names nothing */
    if (symbol) { /* a symbol cmap says where codes go, not what glyphs are */
        if (ch >= 0xF000 && ch <= 0xF0FF)
            g->sym[ch - 0xF000] = (uint16_t)gid;
        else if (ch < 256 && !g->sym[ch])
            g->sym[ch] = (uint16_t)gid;
        g->has_sym = true;
        return;
    }
    if (ch < 256 && !g->uni[ch])
        g->uni[ch] = (uint16_t)gid;
    mask_or(g, gid, g_unichar_isdigit(ch) ? (uint16_t)(1u << g_unichar_digit_value(ch)) : (uint16_t)OTHER_BIT);
    g->named = true;
}

static void format4(glyphs *g, const unsigned char *t, size_t n, size_t s, bool symbol)
{
    uint32_t segx2;
    if (!kc_sfnt_be16(t, n, s + 6, &segx2))
        return;
    size_t seg = segx2 / 2, ends = s + 14, starts = ends + 2 * seg + 2, deltas = starts + 2 * seg,
           ros = deltas + 2 * seg;
    for (size_t k = 0; k < seg; k++) {
        uint32_t end, start, delta, ro;
        if (!kc_sfnt_be16(t, n, ends + 2 * k, &end) || !kc_sfnt_be16(t, n, starts + 2 * k, &start) ||
            !kc_sfnt_be16(t, n, deltas + 2 * k, &delta) || !kc_sfnt_be16(t, n, ros + 2 * k, &ro))
            return;
        for (uint32_t c = start; c <= end && c < 0xFFFF; c++) {
            uint32_t gid = 0;
            if (g->walk++ >= MAX_WALK)
                return;
            if (ro == 0) {
                gid = (c + delta) & 0xFFFF;
            } else if (kc_sfnt_be16(t, n, ros + 2 * k + ro + 2 * (size_t)(c - start), &gid) && gid != 0) {
                gid = (gid + delta) & 0xFFFF;
            }
            mark(g, c, gid, symbol);
        }
    }
}

static void format12(glyphs *g, const unsigned char *t, size_t n, size_t s, bool symbol)
{
    uint32_t groups;
    if (!kc_sfnt_be32(t, n, s + 12, &groups))
        return;
    for (uint32_t k = 0; k < groups; k++) {
        uint32_t start, end, first;
        size_t at = s + 16 + 12 * (size_t)k;
        if (!kc_sfnt_be32(t, n, at, &start) || !kc_sfnt_be32(t, n, at + 4, &end) || !kc_sfnt_be32(t, n, at + 8, &first))
            return;
        for (uint32_t c = start; c <= end && c <= 0x10FFFF; c++) {
            if (g->walk++ >= MAX_WALK)
                return;
            mark(g, c, first + (c - start), symbol);
        }
    }
}

/* A (1,0) Macintosh subtable, formats 0 and 6: where a simple font's codes
 * go when poppler draws a symbolic font without an encoding (it takes that
 * table before the (3,0) and Unicode ones; MuPDF does not). */
static void read_mac(glyphs *g, const unsigned char *t, size_t n, size_t s, uint32_t format)
{
    uint32_t first = 0, count = 256, gid;
    size_t at = s + 6;
    if (format == 6 && (!kc_sfnt_be16(t, n, s + 6, &first) || !kc_sfnt_be16(t, n, s + 8, &count)))
        return;
    if (format == 6)
        at = s + 10;
    for (uint32_t k = 0; k < count && first + k < 256; k++) {
        if (format == 0 ? at + k >= n : !kc_sfnt_be16(t, n, at + 2 * (size_t)k, &gid))
            return;
        if (format == 0)
            gid = t[at + k];
        if (gid && !g->mac[first + k])
            g->mac[first + k] = (uint16_t)gid;
    }
    g->has_mac = true;
}

/* The Unicode subtables of the cmap table (platform 0, or 3 with encoding
 * 1 or 10), formats 4 and 12, as viewers pick them; a symbol subtable (3,0)
 * only for where a simple font's codes go. */
static void read_cmap(glyphs *g, const unsigned char *f, size_t fn)
{
    const unsigned char *t;
    size_t n;
    uint32_t count;
    if (!kc_sfnt_table(f, fn, "cmap", &t, &n) || !kc_sfnt_be16(t, n, 2, &count))
        return;
    for (uint32_t i = 0; i < count && i < 64; i++) {
        uint32_t plat, enc, off, format;
        if (!kc_sfnt_be16(t, n, 4 + 8 * (size_t)i, &plat) || !kc_sfnt_be16(t, n, 6 + 8 * (size_t)i, &enc) ||
            !kc_sfnt_be32(t, n, 8 + 8 * (size_t)i, &off) || !kc_sfnt_be16(t, n, off, &format))
            return;
        bool symbol = plat == 3 && enc == 0;
        if (plat == 1 && enc == 0 && (format == 0 || format == 6))
            read_mac(g, t, n, off, format);
        if (!(plat == 0 || symbol || (plat == 3 && (enc == 1 || enc == 10))))
            continue;
        if (format == 4)
            format4(g, t, n, off, symbol);
        else if (format == 12)
            format12(g, t, n, off, symbol);
    }
}

/* The glyph names of a version 2 post table, for the glyphs the cmap left
 * unnamed: indices below 258 are the standard Macintosh names (19-28 are
 * "zero" to "nine"), the others the table's own names. */
static void read_post(glyphs *g, const unsigned char *f, size_t fn)
{
    const unsigned char *t;
    size_t n;
    uint32_t version, count;
    if (!kc_sfnt_table(f, fn, "post", &t, &n) || !kc_sfnt_be32(t, n, 0, &version) || version != 0x00020000 ||
        !kc_sfnt_be16(t, n, 32, &count))
        return;
    size_t names = 34 + 2 * (size_t)count;
    GPtrArray *own = g_ptr_array_new();
    for (size_t at = names; at < n && own->len < NGLYPHS; at += 1 + t[at])
        g_ptr_array_add(own, (gpointer)(t + at));
    for (uint32_t gid = 1; gid < count && gid < NGLYPHS; gid++) {
        uint32_t idx;
        if (!kc_sfnt_be16(t, n, 34 + 2 * (size_t)gid, &idx) || mask_get(g, gid))
            continue;
        int d = KC_PDF_GLYPH_OTHER;
        if (idx < 258) {
            d = idx >= 19 && idx <= 28 ? (int)idx - 19 : idx < 3 ? KC_PDF_GLYPH_UNKNOWN : KC_PDF_GLYPH_OTHER;
        } else if (idx - 258 < own->len) {
            const unsigned char *p = g_ptr_array_index(own, idx - 258);
            size_t len = (size_t)(p - t) + 1 + p[0] <= n ? p[0] : 0;
            char name[64];
            snprintf(name, sizeof name, "%.*s", (int)len, (const char *)p + 1);
            d = kc_pdf_glyph_name_digit(name);
        } else {
            d = KC_PDF_GLYPH_UNKNOWN;
        }
        if (d == KC_PDF_GLYPH_UNKNOWN)
            continue;
        mask_or(g, gid, d >= 0 ? (uint16_t)(1u << d) : (uint16_t)OTHER_BIT); /* was 0: mask_get above */
        g->named = true;
    }
    g_ptr_array_free(own, TRUE);
}

static bool reads_digit(const void *ud, uint32_t c, int dest)
{
    (void)ud;
    (void)c;
    return dest != -1;
}

/* A code the map reads as dest, against the glyph it draws. */
static bool wrong(const void *ud, uint32_t code, int dest)
{
    check *c = (check *)ud;
    uint32_t gid = code;
    if (c->code_gid)
        gid = code < 256 ? c->code_gid[code] : 0;
    else if (c->cidmap && !kc_sfnt_be16(c->cidmap, c->cidmap_len, 2 * (size_t)code, &gid))
        gid = 0;
    unsigned m = mask_get(c->g, gid);
    if (c->no_map && dest == -1)
        return false;
    if (m == 0) {
        if (dest != -1 && c->unknown < 0)
            c->unknown = code;
        return false;
    }
    if (dest >= 0)
        return !(m & (1u << dest));
    if (dest == -1)
        return !(m & OTHER_BIT); /* a digit's glyph that reads as no digit */
    return true;                 /* digits and more for one glyph */
}

static const char NOT_EMBEDDED[] = "";

static const char *program(kc_pdf_doc *doc, size_t rev, kc_pdf_obj *font, unsigned char **prog, size_t *plen,
                           unsigned char **cidmap, size_t *clen)
{
    kc_pdf_obj *enc = kc_pdf_resolve(doc, rev, kc_pdf_dict_get(font, "Encoding"));
    if (!kc_pdf_is_name(enc, "Identity-H") && !kc_pdf_is_name(enc, "Identity-V"))
        return _("its encoding is not Identity-H or Identity-V");
    kc_pdf_obj *desc = kc_pdf_resolve(doc, rev, kc_pdf_dict_get(font, "DescendantFonts"));
    kc_pdf_obj *cf = desc && desc->type == KC_PDF_ARRAY && desc->u.arr.n == 1 ? kc_pdf_resolve(doc, rev, desc->u.arr.items[0]) : NULL;
    kc_pdf_obj *fd = cf ? kc_pdf_resolve(doc, rev, kc_pdf_dict_get(cf, "FontDescriptor")) : NULL;
    kc_pdf_obj *ff = fd ? kc_pdf_resolve(doc, rev, kc_pdf_dict_get(fd, "FontFile2")) : NULL;
    /* Not embedded: poppler draws each code as the character /ToUnicode
     * reads in a font of the system ("2021" read is "2021" drawn), so the
     * map cannot lie about what is drawn. */
    if (cf && cf->type == KC_PDF_DICT &&
        (!fd || (fd->type == KC_PDF_DICT && !kc_pdf_dict_get(fd, "FontFile") && !ff && !kc_pdf_dict_get(fd, "FontFile3"))))
        return NOT_EMBEDDED;
    if (!cf || !kc_pdf_is_name(kc_pdf_resolve(doc, rev, kc_pdf_dict_get(cf, "Subtype")), "CIDFontType2") || !ff ||
        ff->type != KC_PDF_STREAM)
        return _("it is no TrueType font embedded in the document (CIDFontType2 with /FontFile2)");
    kc_pdf_obj *map = kc_pdf_resolve(doc, rev, kc_pdf_dict_get(cf, "CIDToGIDMap"));
    if (map && !kc_pdf_is_name(map, "Identity") &&
        (map->type != KC_PDF_STREAM || kc_pdf_stream_decode(kc_pdf_source(doc), map, MAX_FONT, cidmap, clen, NULL) != 0))
        return _("its font program cannot be read");
    if (kc_pdf_stream_decode(kc_pdf_source(doc), ff, MAX_FONT, prog, plen, NULL) != 0)
        return _("its font program cannot be read");
    return NULL;
}

/* Without a /ToUnicode (or with one it cannot read) poppler reads a code of
 * an Identity or UCS collection as the character of that number: <0031>
 * reads "1", whatever glyph /CIDToGIDMap gives it (a zero, pdftoppm shows).
 * That reading as a map of its own; NULL for another collection, whose
 * digits only the collection's tables would tell. */
static unsigned char *identity_map(kc_pdf_doc *doc, size_t rev, kc_pdf_obj *font, size_t *n)
{
    static const char map[] = "1 beginbfrange\n<0000> <ffff> <0000>\nendbfrange\n";
    kc_pdf_obj *desc = kc_pdf_resolve(doc, rev, kc_pdf_dict_get(font, "DescendantFonts"));
    kc_pdf_obj *cf = desc && desc->type == KC_PDF_ARRAY && desc->u.arr.n >= 1 ? kc_pdf_resolve(doc, rev, desc->u.arr.items[0]) : NULL;
    kc_pdf_obj *info = cf ? kc_pdf_resolve(doc, rev, kc_pdf_dict_get(cf, "CIDSystemInfo")) : NULL;
    char *ord = info && info->type == KC_PDF_DICT ? kc_pdf_text(kc_pdf_resolve(doc, rev, kc_pdf_dict_get(info, "Ordering"))) : NULL;
    bool identity = !ord || strcmp(ord, "Identity") == 0 || strcmp(ord, "UCS") == 0;
    free(ord);
    *n = sizeof map - 1;
    return identity ? (unsigned char *)g_memdup2(map, sizeof map) : NULL;
}

char *kc_pdf_type0_figures(kc_pdf_doc *doc, size_t rev, size_t page, kc_pdf_obj *font, kc_pdf_obj *tu)
{
    unsigned char *cm = NULL, *prog = NULL, *cidmap = NULL;
    size_t n = 0, plen = 0, clen = 0;
    char *why = NULL;
    glyphs *g = NULL;
    bool no_map = false;
    if (!tu || tu->type != KC_PDF_STREAM || kc_pdf_stream_decode(kc_pdf_source(doc), tu, MAX_FONT, &cm, &n, NULL) != 0) {
        free(cm);
        no_map = true;
        if (!(cm = identity_map(doc, rev, font, &n))) {
            char *name = kc_pdf_text(kc_pdf_resolve(doc, rev, kc_pdf_dict_get(font, "BaseFont")));
            why = g_strdup_printf(_("page %zu uses the Type 0 font %s, which has no /ToUnicode and whose character "
                                    "collection is not Identity: which of its codes the text reads as digits was not "
                                    "checked, so the figures its text gives (a number, a year) are not read"),
                                  page, name ? name : "?");
            free(name);
            return why;
        }
    }
    int digit = kc_pdf_tounicode_first(cm, n, NGLYPHS, reads_digit, NULL);
    if (no_map)
        digit = digit == -1 ? -1 : 0x30;
    const char *reason = program(doc, rev, font, &prog, &plen, &cidmap, &clen);
    int64_t code = -1;
    if (reason == NOT_EMBEDDED)
        goto out;
    if (!reason) {
        g = g_new0(glyphs, 1);
        read_cmap(g, prog, plen);
        read_post(g, prog, plen);
        check c = {g, cidmap, NULL, clen, -1, no_map};
        int bad = g->named ? kc_pdf_tounicode_first(cm, n, NGLYPHS, wrong, &c) : -1;
        if (bad >= 0) {
            code = bad;
            goto lie;
        }
        if (!g->named)
            reason = _("its font program names none of its glyphs (no cmap table, no glyph names in a post table)");
        else if (bad == -2)
            reason = _("its /ToUnicode is too large to compare");
        else if (c.unknown >= 0)
            reason = _("its font program names no glyph there");
        code = c.unknown >= 0 ? c.unknown : digit;
    }
    if (reason && digit != -1) {
        char *name = kc_pdf_text(kc_pdf_resolve(doc, rev, kc_pdf_dict_get(font, "BaseFont")));
        long long at = code >= 0 ? code : digit >= 0 ? digit : 0;
        if (no_map)
            why = g_strdup_printf(_("page %zu uses the Type 0 font %s, which has no /ToUnicode, so text extractors "
                                    "read its code %lld as the character of that number, a digit, and %s: whether "
                                    "that is the digit the page draws was not checked, so the figures its text gives "
                                    "(a number, a year) are not read"),
                                  page, name ? name : "?", at, reason);
        else
            why = g_strdup_printf(_("page %zu uses the Type 0 font %s, whose /ToUnicode reads code %lld as a digit, "
                                    "and %s: whether that is the digit the page draws was not checked, so the figures "
                                    "its text gives (a number, a year) are not read"),
                                  page, name ? name : "?", at, reason);
        free(name);
    }
    goto out;
lie: {
        char *name = kc_pdf_text(kc_pdf_resolve(doc, rev, kc_pdf_dict_get(font, "BaseFont")));
        if (no_map)
            why = g_strdup_printf(_("page %zu uses the font %s, which has no /ToUnicode, so text extractors read its "
                                    "code %lld as the character of that number, a digit, while its font program (its "
                                    "cmap table or glyph names) draws another glyph there: the figures its text "
                                    "gives (a number, a year) need not be the ones the page shows"),
                                  page, name ? name : "?", (long long)code);
        else
            why = g_strdup_printf(_("page %zu uses the font %s, whose /ToUnicode reads code %d otherwise than the "
                                    "glyph its font program (its cmap table or glyph names) draws there: the figures "
                                    "its text gives (a number, a year) need not be the ones the page shows"),
                                  page, name ? name : "?", (int)code);
        free(name);
    }
out:
    glyphs_free(g);
    free(cm);
    free(prog);
    free(cidmap);
    return why;
}

/* A symbolic TrueType font without an encoding draws code c as the glyph
 * its (3,0) cmap gives 0xF000 + c (or c), else as its Unicode cmap gives c
 * (poppler, MuPDF); what that glyph is, its Unicode cmap or glyph names
 * say, as for a Type 0 font. */
char *kc_pdf_symbolic_figures(kc_pdf_doc *doc, size_t rev, size_t page, kc_pdf_obj *font, kc_pdf_obj *tu)
{
    unsigned char *cm = NULL, *prog = NULL;
    size_t n = 0, plen = 0;
    char *why = NULL;
    const char *reason = NULL;
    glyphs *g = NULL;
    int64_t code = -1;
    if (!tu || tu->type != KC_PDF_STREAM || kc_pdf_stream_decode(kc_pdf_source(doc), tu, MAX_FONT, &cm, &n, NULL) != 0)
        return NULL; /* no map from it: the text reads its codes by other means */
    int digit = kc_pdf_tounicode_first(cm, n, 256, reads_digit, NULL);
    kc_pdf_obj *fd = kc_pdf_resolve(doc, rev, kc_pdf_dict_get(font, "FontDescriptor"));
    kc_pdf_obj *ff = fd ? kc_pdf_resolve(doc, rev, kc_pdf_dict_get(fd, "FontFile2")) : NULL;
    if (!ff || ff->type != KC_PDF_STREAM || kc_pdf_stream_decode(kc_pdf_source(doc), ff, MAX_FONT, &prog, &plen, NULL) != 0) {
        reason = _("its font program is not embedded (/FontFile2) or cannot be read");
    } else {
        g = g_new0(glyphs, 1);
        read_cmap(g, prog, plen);
        read_post(g, prog, plen);
        uint16_t code_gid[256];
        for (int k = 0; k < 256; k++)
            code_gid[k] = g->has_sym ? g->sym[k] : g->uni[k];
        check c = {g, NULL, code_gid, 0, -1, false};
        int bad = g->named ? kc_pdf_tounicode_first(cm, n, 256, wrong, &c) : -1;
        /* poppler draws through a (1,0) table first, MuPDF through the
         * others: a code must read as the glyph each of them draws (a (1,0)
         * table giving the glyph of 2 where the (3,1) one gives the 0 the
         * map reads: pdftoppm showed 2022, the text 2020). */
        if (bad < 0 && g->named && g->has_mac) {
            check m = {g, NULL, g->mac, 0, -1, false};
            bad = kc_pdf_tounicode_first(cm, n, 256, wrong, &m);
            if (c.unknown < 0)
                c.unknown = m.unknown;
        }
        if (bad >= 0) {
            char *name = kc_pdf_text(kc_pdf_resolve(doc, rev, kc_pdf_dict_get(font, "BaseFont")));
            why = g_strdup_printf(_("page %zu uses the font %s, whose /ToUnicode reads code %d otherwise than the "
                                    "glyph its font program (its cmap table or glyph names) draws there: the figures "
                                    "its text gives (a number, a year) need not be the ones the page shows"),
                                  page, name ? name : "?", bad);
            free(name);
            goto out;
        }
        if (!g->named)
            reason = _("its font program names none of its glyphs (no cmap table, no glyph names in a post table)");
        else if (c.unknown >= 0)
            reason = _("its font program names no glyph there");
        code = c.unknown >= 0 ? c.unknown : digit;
    }
    if (reason && digit >= 0) {
        char *name = kc_pdf_text(kc_pdf_resolve(doc, rev, kc_pdf_dict_get(font, "BaseFont")));
        why = g_strdup_printf(_("page %zu uses the symbolic font %s, without an encoding, whose /ToUnicode reads code "
                                "%lld as a digit, and %s: whether that is the digit the page draws was not checked, so "
                                "the figures its text gives (a number, a year) are not read"),
                              page, name ? name : "?", (long long)(code >= 0 ? code : digit), reason);
        free(name);
    }
out:
    glyphs_free(g);
    free(cm);
    free(prog);
    return why;
}
