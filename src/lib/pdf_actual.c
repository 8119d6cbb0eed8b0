/* pdf_actual.c: whether a page's text, as a text extractor gives it, may say
 * other figures than the page draws.
 *
 * A marked-content span may carry /ActualText, "the text these glyphs stand
 * for": poppler, MuPDF and pdf.js give it instead of the glyphs drawn inside
 * the span.  "/Span <</ActualText (2021)>> BDC (2020) Tj EMC" draws 2020 on
 * the page and reads as 2021, so a signed 2020 decision read for a 2021
 * register row.  poppler-glib has no switch to read the glyphs instead, so
 * the pages whose text is read (the first and the last, pdftext.c) are
 * scanned here with our own reader: their content streams, the form
 * XObjects they draw and the marked-content properties their resources name.
 * An /ActualText that holds a digit makes the page's figures (a number, a
 * date) not the page's own: the caller does not read them (fail closed) and
 * says why.  /ActualText without digits (Word's and LibreOffice's ligatures,
 * soft hyphens, bullets) changes no figure and is let be.
 *
 * A font's /ToUnicode can lie the same way without any marked content: each
 * font the scanned pages' resources name is asked of pdf_fontmap.c.  A content stream
 * this reader cannot decode is not judged either way: the text is then not
 * trusted for figures.  Every count and size is bounded. */
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "pdf.h"
#include "pdf_doc.h"
#include "pdf_actual.h"

#define MAX_PAGE_NODES 100000   /* page tree nodes walked to find the first and last page */
#define MAX_STREAM (32u << 20)  /* decoded bytes of one content stream */
#define MAX_FORMS 256           /* form XObjects scanned for one document */
#define MAX_FORM_DEPTH 8        /* forms inside forms */

typedef kc_actual_scan scan;

static bool has_digit(const char *s)
{
    for (; s && *s; s = g_utf8_next_char(s))
        if (g_unichar_isdigit(g_utf8_get_char(s)))
            return true;
    return false;
}

static void found(scan *s, size_t page, const kc_pdf_obj *value)
{
    char *t = kc_pdf_text(value);
    if (!s->why && has_digit(t))
        s->why = g_strdup_printf(_("page %zu draws glyphs whose text is replaced by /ActualText \"%s\": the "
                                   "figures it reads (a number, a year) need not be the ones the page shows"),
                                 page, t);
    free(t);
}

/* Where the next name that reads "ActualText" in b[from..n) ends, or 0.
 * poppler's lexer (as MuPDF's and pdf.js's) decodes "#xx" in a name (PDF
 * 32000 7.3.5), so "/Actual#54ext" is the same key: a search for the plain
 * spelling alone let "/Span<</Actual#54ext(2021)>>BDC (2020)Tj EMC" read 2021
 * over a drawn 2020 unnoticed. */
static size_t next_actualtext(const unsigned char *b, size_t n, size_t from)
{
    static const char key[] = "ActualText";
    const unsigned char *slash;
    for (size_t p = from; p < n && (slash = memchr(b + p, '/', n - p)); ) {
        size_t q = (size_t)(slash - b) + 1, k = 0;
        bool same = true;
        while (q < n && !strchr(" \t\r\n\f()<>[]{}/%", b[q]) && b[q] != 0) {
            int c = b[q++];
            if (c == '#' && q + 1 < n && g_ascii_isxdigit(b[q]) && g_ascii_isxdigit(b[q + 1])) {
                c = g_ascii_xdigit_value((char)b[q]) << 4 | g_ascii_xdigit_value((char)b[q + 1]);
                q += 2;
            }
            same = same && k < sizeof key - 1 && c == key[k];
            k++;
        }
        if (same && k == sizeof key - 1)
            return q;
        p = q;
    }
    return 0;
}

/* Every "/ActualText <string>" in decoded content bytes. */
static void scan_bytes(scan *s, size_t page, const unsigned char *b, size_t n)
{
    size_t at = 0;
    kc_pdf_text_modes(b, n, &s->modes);
    while (!s->why && (at = next_actualtext(b, n, at)) != 0) {
        kc_pdf_obj *o = NULL;
        size_t pos = kc_pdf_skip_ws(b, n, at);
        if (kc_pdf_parse_object(kc_pdf_arena(s->doc), b, n, &pos, 0, &o) == KC_PARSE_OK && o)
            found(s, page, o);
        else if (!s->why) /* cut off or not a string: not read, so not trusted */
            s->why = g_strdup_printf(_("page %zu has an /ActualText this reader cannot read: the figures its "
                                       "text gives need not be the ones the page shows"),
                                     page);
    }
}

/* A stream's content, once a document (a form drawn twice, by two pages),
 * unless again: a page's own content stream is read for each page that
 * draws it, since its state and what it paints are that page's. */
static void scan_stream(scan *s, size_t page, kc_pdf_obj *st, bool again)
{
    unsigned char *data = NULL;
    size_t len = 0;
    if (!st || st->type != KC_PDF_STREAM || (!again && g_hash_table_contains(s->seen, st)))
        return;
    g_hash_table_add(s->seen, st);
    if (!kc_pdf_stream_ends(s->doc, st)) {
        if (!s->why)
            s->why = g_strdup_printf(_("page %zu has a content stream whose /Length does not end at its "
                                       "endstream: viewers read it up to the endstream, this reader by its "
                                       "/Length, so its text need not be the figures the page shows"),
                                     page);
        return;
    }
    if (kc_pdf_stream_decode(kc_pdf_source(s->doc), st, MAX_STREAM, &data, &len, NULL) != 0) {
        if (!s->why)
            s->why = g_strdup_printf(_("page %zu has content this reader cannot decode, so whether its text "
                                       "replaces the figures it draws (/ActualText) is not known"),
                                     page);
        return;
    }
    scan_bytes(s, page, data, len);
    free(data);
}

static void scan_resources(scan *s, size_t page, kc_pdf_obj *res, int depth);

/* A font of the page's resources, once a document: whether its text may
 * read other digits than it draws (pdf_fontmap.c); a Type 3 font's
 * procedures may draw anything, a ground or a cover (rtpdf20), so the page
 * is then drawn. */
static void check_font(scan *s, size_t page, kc_pdf_obj *font)
{
    if (!font || font->type != KC_PDF_DICT || g_hash_table_contains(s->seen, font))
        return;
    g_hash_table_add(s->seen, font);
    bool type3 = false;
    char *why = kc_pdf_font_check(s->doc, s->rev, page, font, &type3);
    if (type3 && !s->modes.may_hide)
        s->modes.may_hide = "a Type 3 font";
    if (why && !s->why)
        s->why = why;
    else
        free(why);
}

static void scan_fonts(scan *s, size_t page, kc_pdf_obj *res)
{
    kc_pdf_obj *fonts = kc_pdf_resolve(s->doc, s->rev, kc_pdf_dict_get(res, "Font"));
    for (size_t i = 0; fonts && fonts->type == KC_PDF_DICT && i < fonts->u.dict.n && !s->why; i++)
        check_font(s, page, kc_pdf_resolve(s->doc, s->rev, fonts->u.dict.vals[i]));
}

/* A form XObject draws content of its own, which the page's text takes in. */
static void scan_form(scan *s, size_t page, kc_pdf_obj *form, int depth)
{
    if (!form || form->type != KC_PDF_STREAM || g_hash_table_contains(s->seen, form) ||
        !kc_pdf_is_name(kc_pdf_resolve(s->doc, s->rev, kc_pdf_dict_get(form, "Subtype")), "Form"))
        return;
    if (++s->forms > MAX_FORMS || depth > MAX_FORM_DEPTH) {
        if (!s->why)
            s->why = g_strdup_printf(_("page %zu draws more forms than this reader follows, so whether its text "
                                       "replaces the figures it draws (/ActualText) is not known"),
                                     page);
        return;
    }
    kc_pdf_textmodes outer = s->modes; /* a form starts from the page's mode: counted at its Do */
    s->modes.started = false;
    s->modes.depth = 0;
    s->modes.drew_text = false;
    s->modes.in_form = true; /* what it paints lies inside its Do's box, kept by the page's scan */
    /* Its names are its own /Resources' (rtshown26: a TJ pile in a form's
     * font coding figures at "A"…"J" was read by bytes), then the page's,
     * as poppler looks them up (kc_actual_lookup). */
    kc_actual_push_res(s, kc_pdf_resolve(s->doc, s->rev, kc_pdf_dict_get(form, "Resources")));
    scan_stream(s, page, form, false);
    kc_actual_pop_res(s);
    /* A form's text is drawn in the state of the page at its Do (its fill
     * colour, its clip) and cut by the form's /BBox: only drawing tells
     * whether it shows (rtpdf20). */
    if (s->modes.shown > outer.shown)
        outer.may_hide = outer.may_hide ? outer.may_hide : "text drawn by a form XObject";
    outer.may_hide = outer.may_hide ? outer.may_hide : s->modes.may_hide;
    outer.shown = s->modes.shown;
    outer.hidden = s->modes.hidden;
    outer.flat = s->modes.flat;
    outer.piled = s->modes.piled;
    outer.tj_piled = s->modes.tj_piled;
    outer.narrow = s->modes.narrow;
    outer.masked = s->modes.masked;
    outer.half_names = s->modes.half_names;
    s->modes = outer;
    scan_resources(s, page, kc_pdf_resolve(s->doc, s->rev, kc_pdf_dict_get(form, "Resources")), depth + 1);
}

/* Whether an ExtGState leaves text as opaque as the colour it is filled
 * with: no alpha below 1, no soft mask, no blend mode but Normal, no font
 * of its own (its size), lines no wider than a thin stroke.  One that does
 * may hide text (rtpdf20: "/ca 0" draws it transparent), only drawing the
 * page tells. */
static bool plain_extgstate(scan *s, kc_pdf_obj *g)
{
    if (!g || g->type != KC_PDF_DICT)
        return true; /* not a dictionary: poppler ignores it */
    for (size_t i = 0; i < g->u.dict.n; i++) {
        const char *k = g->u.dict.keys[i];
        kc_pdf_obj *v = kc_pdf_resolve(s->doc, s->rev, g->u.dict.vals[i]);
        double num = !v ? 0 : v->type == KC_PDF_INT ? (double)v->u.i : v->type == KC_PDF_REAL ? v->u.r : -1;
        if (strcmp(k, "CA") == 0 || strcmp(k, "ca") == 0) {
            if (num < 1)
                return false;
        } else if (strcmp(k, "SMask") == 0) {
            if (!kc_pdf_is_name(v, "None"))
                return false;
        } else if (strcmp(k, "BM") == 0) {
            if (!kc_pdf_is_name(v, "Normal") && !kc_pdf_is_name(v, "Compatible"))
                return false;
        } else if (strcmp(k, "LW") == 0) {
            if (num < 0 || num > 2)
                return false;
        } else if (strcmp(k, "Font") == 0 || strcmp(k, "TR") == 0 || strcmp(k, "TR2") == 0) {
            return false; /* a font and its size, a transfer function turning black white */
        }
    }
    return true;
}

/* Whether resources give a device colour space another: poppler draws "0 g",
 * "0 0 0 rg", "0 0 0 1 k" in the space a /ColorSpace entry /DefaultGray,
 * /DefaultRGB or /DefaultCMYK names (PDF 32000 8.6.5.6), and "/DeviceGray
 * cs" in one so named: [/Indexed /DeviceRGB 0 <FFFFFF>] there drew a
 * heading "0 g" white that this scan took for black (rtshown22).  Only
 * drawing the page tells (an honest PDF/A page's CIE or ICC default). */
static bool remaps_device(scan *s, kc_pdf_obj *res)
{
    static const char *const names[] = {"DefaultGray", "DefaultRGB", "DefaultCMYK",
                                        "DeviceGray", "DeviceRGB", "DeviceCMYK"};
    kc_pdf_obj *cs = kc_pdf_resolve(s->doc, s->rev, kc_pdf_dict_get(res, "ColorSpace"));
    for (size_t i = 0; cs && cs->type == KC_PDF_DICT && i < G_N_ELEMENTS(names); i++)
        if (kc_pdf_dict_get(cs, names[i]))
            return true;
    return false;
}

static void scan_extgstates(scan *s, kc_pdf_obj *res)
{
    kc_pdf_obj *gs = kc_pdf_resolve(s->doc, s->rev, kc_pdf_dict_get(res, "ExtGState"));
    for (size_t i = 0; gs && gs->type == KC_PDF_DICT && i < gs->u.dict.n && !s->modes.may_hide; i++)
        if (!plain_extgstate(s, kc_pdf_resolve(s->doc, s->rev, gs->u.dict.vals[i])))
            s->modes.may_hide = "a graphics state with transparency, a soft mask, a blend mode or a font";
}

static void scan_resources(scan *s, size_t page, kc_pdf_obj *res, int depth)
{
    if (!res || res->type != KC_PDF_DICT || s->why)
        return;
    scan_fonts(s, page, res);
    scan_extgstates(s, res);
    if (!s->modes.may_hide && remaps_device(s, res))
        s->modes.may_hide = "a device colour space given another by the resources";
    /* "/Span /P0 BDC" takes its properties, /ActualText among them, from here. */
    kc_pdf_obj *props = kc_pdf_resolve(s->doc, s->rev, kc_pdf_dict_get(res, "Properties"));
    for (size_t i = 0; props && props->type == KC_PDF_DICT && i < props->u.dict.n && !s->why; i++) {
        kc_pdf_obj *p = kc_pdf_resolve(s->doc, s->rev, props->u.dict.vals[i]);
        if (p && p->type == KC_PDF_DICT && !g_hash_table_contains(s->seen, p)) {
            g_hash_table_add(s->seen, p);
            kc_pdf_obj *at = kc_pdf_resolve(s->doc, s->rev, kc_pdf_dict_get(p, "ActualText"));
            if (at)
                found(s, page, at);
        }
    }
    kc_pdf_obj *xo = kc_pdf_resolve(s->doc, s->rev, kc_pdf_dict_get(res, "XObject"));
    for (size_t i = 0; xo && xo->type == KC_PDF_DICT && i < xo->u.dict.n && !s->why; i++)
        scan_form(s, page, kc_pdf_resolve(s->doc, s->rev, xo->u.dict.vals[i]), depth);
}

bool kc_actual_push_res(scan *s, kc_pdf_obj *res)
{
    s->res_gen++;
    if (s->n_res == KC_ACTUAL_MAX_RES) { /* deeper than MAX_FORM_DEPTH lets a scan go: kept as the outer's */
        s->n_res++;
        return false;
    }
    s->res[s->n_res++] = res && res->type == KC_PDF_DICT ? res : NULL;
    return true;
}

void kc_actual_pop_res(scan *s)
{
    s->res_gen++;
    if (s->n_res > 0)
        s->n_res--;
}

/* poppler's GfxResources: a form's (or an appearance's) resources are pushed
 * over the page's, and a name not in the form's /Font, /XObject or
 * /ExtGState is looked up in the page's (atkshown2: a form whose /Resources
 * held only /ProcSet drew its TJ pile in the page's font /fQ, which this
 * scan never asked, and read the figures at 0x30-0x39).  MuPDF and pdf.js
 * look in the form's alone; the text read is poppler's. */
kc_pdf_obj *kc_actual_lookup(scan *s, const char *cat, const char *name, bool *dup)
{
    /* The content's name as written: "#xx" escapes are not decoded here, so
     * a name holding one may not be the key it looks like (pdf_textmode.c
     * also writes "#" for a name too long to keep). */
    if (strchr(name, '#'))
        return NULL;
    for (size_t i = s->n_res < KC_ACTUAL_MAX_RES ? s->n_res : KC_ACTUAL_MAX_RES; i-- > 0;) {
        kc_pdf_obj *res = s->res[i];
        kc_pdf_obj *d = res ? kc_pdf_resolve(s->doc, s->rev, kc_pdf_dict_get(res, cat)) : NULL;
        if (!d || d->type != KC_PDF_DICT)
            continue;
        if (dup && (res->dup_keys || d->dup_keys))
            *dup = true;
        kc_pdf_obj *v = kc_pdf_resolve(s->doc, s->rev, kc_pdf_dict_get(d, name));
        if (v && v->type != KC_PDF_NULL)
            return v;
    }
    return NULL;
}

/* The box a named XObject of the page paints, in the space of the matrix at
 * its Do (pdf_textmode.c): an image, the unit square; a form, its /BBox by
 * its /Matrix, the bounding box of the corners (a form is clipped to its
 * /BBox, so nothing it draws, nor the forms inside it, lies outside). */
bool kc_actual_xobject_box(void *ud, const char *name, kc_pdf_box *out)
{
    scan *s = ud;
    bool dup = false;
    kc_pdf_obj *x = kc_actual_lookup(s, "XObject", name, &dup);
    /* a key named twice: readers disagree on which wins (another XObject, another /BBox) */
    if (!x || x->type != KC_PDF_STREAM || dup || x->dup_keys)
        return false;
    kc_pdf_obj *sub = kc_pdf_resolve(s->doc, s->rev, kc_pdf_dict_get(x, "Subtype"));
    if (kc_pdf_is_name(sub, "Image")) {
        *out = (kc_pdf_box){0, 0, 1, 1};
        return true;
    }
    if (!kc_pdf_is_name(sub, "Form"))
        return false;
    double m[6];
    return kc_actual_form_box(s, x, out, m);
}

bool kc_actual_form_box(kc_actual_scan *s, kc_pdf_obj *form, kc_pdf_box *box, double m[6])
{
    kc_pdf_obj *bb = kc_pdf_resolve(s->doc, s->rev, kc_pdf_dict_get(form, "BBox"));
    kc_pdf_obj *mx = kc_pdf_resolve(s->doc, s->rev, kc_pdf_dict_get(form, "Matrix"));
    double b[4];
    static const double id[6] = {1, 0, 0, 1, 0, 0};
    memcpy(m, id, sizeof id);
    for (size_t k = 0; k < 4; k++)
        if (!kc_actual_num_at(s, bb, k, &b[k]))
            return false;
    for (size_t k = 0; mx && k < 6; k++)
        if (!kc_actual_num_at(s, mx, k, &m[k]))
            return false; /* a /Matrix not of six numbers: viewers differ, not followed */
    *box = kc_pdf_box_by_matrix(m, (kc_pdf_box){b[0], b[1], b[2], b[3]});
    return true;
}

/* Whether the page's graphics state of that name sets a soft mask (1), takes
 * it away (0) or leaves it (-1; a name not known, as xobject_box()). */
static int gs_soft_mask(void *ud, const char *name)
{
    scan *s = ud;
    kc_pdf_obj *g = kc_actual_lookup(s, "ExtGState", name, NULL);
    kc_pdf_obj *mask = g && g->type == KC_PDF_DICT ? kc_pdf_dict_get(g, "SMask") : NULL;
    if (!mask)
        return -1;
    return !kc_pdf_is_name(kc_pdf_resolve(s->doc, s->rev, mask), "None");
}

static const kc_pdf_fontcodes *font_codes_of(scan *s, const char *name);

/* font_codes_of() for each Tf of the page, remembered by the name while the
 * resources it is looked up in stay the same: a page sets its font by name some 170
 * times (the bench's page), and each time the /Font dictionary and the font
 * were resolved and looked up again, a quarter of the content scan's work
 * (tests/bench/RESULTS.md, session 41).  The answer is a function of the
 * name and of those resources, both unchanged.  Only a font found is kept
 * (NULL is asked again, as before), so the names kept are at most the
 * /Font dictionary's, whatever names a crafted content stream sets. */
static const kc_pdf_fontcodes *font_codes(void *ud, const char *name)
{
    scan *s = ud;
    if (!s->named || s->named_gen != s->res_gen) {
        if (s->named)
            g_hash_table_remove_all(s->named);
        else
            s->named = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
        s->named_gen = s->res_gen;
    }
    const kc_pdf_fontcodes *f = g_hash_table_lookup(s->named, name);
    if (!f && (f = font_codes_of(s, name)))
        g_hash_table_insert(s->named, g_strdup(name), (gpointer)f);
    return f;
}

/* Which codes of the page's font of that name read as figures, for the
 * content scan's piles (rtshown25); NULL for a name not known, as
 * xobject_box() (the scan then reads figures at 0x30-0x39). */
static const kc_pdf_fontcodes *font_codes_of(scan *s, const char *name)
{
    kc_pdf_obj *font = kc_actual_lookup(s, "Font", name, NULL);
    if (!font || font->type != KC_PDF_DICT)
        return NULL;
    if (!s->codes)
        s->codes = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, g_free);
    kc_pdf_fontcodes *f = g_hash_table_lookup(s->codes, font);
    if (!f) {
        f = kc_pdf_font_codes(s->doc, s->rev, font);
        g_hash_table_insert(s->codes, font, f);
    }
    return f;
}

/* A page with what it inherits: its resources (resolved), its /CropBox and
 * /MediaBox (unresolved, NULL when none); or, as leave, a node of the page
 * tree walked to its end (scan_pages). */
typedef struct page_item {
    kc_pdf_obj *ref, *res, *crop, *media, *leave, *rotate;
} page_item;

/* Whether a /Rotate (NULL: none) may turn the page: anything but a
 * multiple of 360 (a value that is no integer: viewers differ). */
static bool turned(scan *s, kc_pdf_obj *rotate)
{
    kc_pdf_obj *r = kc_pdf_resolve(s->doc, s->rev, rotate);
    return r && (r->type != KC_PDF_INT || r->u.i % 360 != 0);
}

/* Its text is poppler's, cut by the boxes as poppler cuts them: a box other
 * viewers read otherwise (pdf_box.c) lets poppler's text hold a heading or a
 * date that Firefox or SumatraPDF do not show, or leave out one they show
 * (rtpdf18: a 2020 report, read as 2021 from the part of the page poppler
 * alone shows). */
static void scan_page(scan *s, size_t page, const page_item *it)
{
    kc_pdf_obj *node = it->ref, *res = it->res;
    kc_pdf_boxes boxes = kc_pdf_page_boxes(s->doc, s->rev, it->crop, it->media);
    if (boxes != KC_PDF_BOXES_ALIKE) {
        s->why = g_strdup_printf(boxes == KC_PDF_BOXES_MEDIA
                                     ? _("page %zu has a /MediaBox that poppler, MuPDF and pdf.js read otherwise (not "
                                         "four numbers, or no area), so its text need not be what a viewer shows")
                                     : _("page %zu has a /CropBox that poppler, MuPDF and pdf.js apply otherwise (not "
                                         "four numbers, or nothing of the /MediaBox), so its text need not be what a "
                                         "viewer shows"),
                                 page);
        return;
    }
    kc_pdf_obj *c = kc_pdf_resolve(s->doc, s->rev, kc_pdf_dict_get(node, "Contents"));
    memset(&s->modes, 0, sizeof s->modes);
    s->n_res = 0;
    kc_actual_push_res(s, res);
    s->modes.xobject_box = kc_actual_xobject_box;
    s->modes.gs_soft_mask = gs_soft_mask;
    s->modes.font_codes = font_codes;
    s->modes.ud = s;
    if (c && c->type == KC_PDF_ARRAY) {
        /* Each stream as often as the page draws it: read once a document,
         * one listed twice ("1 1 1 rg", "0 0 0 rg", "1 1 1 rg" again, then a
         * heading) left its heading black here and white on the page, and
         * the last page lost what it shares with the first.  One listed
         * twice is read once, the page then drawn. */
        GHashTable *here = g_hash_table_new(g_direct_hash, g_direct_equal);
        for (size_t i = 0; i < c->u.arr.n && !s->why; i++) {
            kc_pdf_obj *st = kc_pdf_resolve(s->doc, s->rev, c->u.arr.items[i]);
            if (st && g_hash_table_contains(here, st)) {
                s->modes.may_hide = s->modes.may_hide ? s->modes.may_hide : "a content stream the page draws twice";
                continue;
            }
            g_hash_table_add(here, st);
            scan_stream(s, page, st, true);
        }
        g_hash_table_destroy(here);
    } else {
        scan_stream(s, page, c, true);
    }
    scan_resources(s, page, res, 0);
    /* Text shown to nobody beside text the page shows (pdf_textmode.c); an
     * OCR'd scan, all its text so drawn, is read as before. */
    if (!s->modes.may_hide && kc_actual_covering_annots(s, node))
        s->modes.may_hide = "an annotation drawn over the page";
    kc_actual_annots_drawn(s, node);
    /* The covers and clips are in default user space; poppler gives the
     * digits' boxes after /Rotate (and may scale by /UserUnit): not mapped
     * here, so such a page with any of them is drawn (with none, nothing
     * may hide its text, as before shown21).  Thin strokes too: a band of
     * white ones over a turned page's date met no digit's turned box
     * (review37: counted for 2021 without a word). */
    kc_pdf_geom *g = &s->modes.geom;
    bool moved = turned(s, it->rotate) || kc_pdf_dict_get(node, "UserUnit");
    if (!s->modes.may_hide && (g->n_covers || g->n_clips || g->n_thin) && moved)
        s->modes.may_hide = "a page turned or scaled (/Rotate, /UserUnit)";
    if (g->n_drawn && moved) /* what may draw a figure over a digit: not mapped, so over any */
        g->drawn_anywhere = true;
    if (s->pages && s->pages->n < KC_PDF_SCANNED_PAGES) {
        s->pages->page[s->pages->n] = page;
        s->pages->shows[s->pages->n] = s->modes.shown > 0;
        s->pages->geom[s->pages->n] = s->modes.geom;
        s->pages->may_hide[s->pages->n++] = s->modes.may_hide != NULL;
    }
    /* rtshown22: squeezed or sheared flat, as unread as hidden (pdf_textmode.c) */
    if (!s->why && s->modes.flat && s->modes.shown > s->modes.flat)
        s->why = g_strdup_printf(_("page %zu draws text squeezed or sheared flat (its glyphs a line no one reads) "
                                   "beside the text it shows: the page's text holds both, so the figures it reads "
                                   "need not be the ones the page shows"),
                                 page);
    /* rtshown23: poppler's cairo drawing, which judges the digits
     * (pdftext_shown.c), drew a heading under "/SMask << /S /Alpha /G
     * (an empty group) >> gs" that pdftoppm (Splash), MuPDF and pdf.js do
     * not show: it cannot tell whether such text shows. */
    if (!s->why && s->modes.masked)
        s->why = g_strdup_printf(_("page %zu draws text under a soft mask (/SMask in a graphics state), which "
                                   "poppler's drawing with cairo ignores and pdftoppm, MuPDF and pdf.js apply: the "
                                   "figures its text gives (a number, a year) need not be the ones a viewer shows"),
                                 page);
    if (!s->why && s->modes.piled && s->modes.shown > s->modes.piled)
        s->why = g_strdup_printf(_("page %zu draws text whose glyphs character spacing piles on one another (Tc "
                                   "back, or Tw back for a space beside a figure, by more than a quarter of an em: "
                                   "a blot no one reads) beside the text it shows: the page's text holds both, so "
                                   "the figures it reads need not be the ones the page shows"),
                                 page);
    /* rtshown24: a TJ array's shifts piling digits (pdf_textmode.c) */
    if (!s->why && s->modes.tj_piled && s->modes.shown > s->modes.tj_piled)
        s->why = g_strdup_printf(_("page %zu draws figures that a TJ array's shifts pile on one another (moved "
                                   "back by more than a quarter of an em between digits: a blot no one reads) beside "
                                   "the text it shows: the page's text holds both, so the figures it reads need not "
                                   "be the ones the page shows"),
                                 page);
    /* rtshown27: figures a font's widths pile (pdf_fontwidth.c); rtshown28:
     * narrow against their glyphs' ink, or by the program's own advances */
    if (!s->why && s->modes.narrow && s->modes.shown > s->modes.narrow)
        s->why = g_strdup_printf(_("page %zu draws figures that their font makes unreadable (a width in the font, "
                                   "/Widths, /W or its program's own when it gives none, under 0.3 em or under 0.6 "
                                   "of their glyphs' ink, or outlines reaching half into the next figure's: each "
                                   "glyph after one drawn over it, a blot no one reads; or outlines that draw no "
                                   "figure) beside the text it shows: the page's text holds both, so the figures it "
                                   "reads need not be the ones the page shows"),
                                 page);
    /* rtpdf25: "BX /K#5(<a heading> ) kc EX": poppler's text (and Evince)
     * holds a heading that MuPDF and pdf.js read as a string and never draw */
    if (!s->why && s->modes.half_names)
        s->why = g_strdup_printf(_("page %zu holds a name written with \"#\" and one hex digit, which poppler reads "
                                   "on past the byte where MuPDF and pdf.js end it: what poppler draws and gives as "
                                   "the page's text after it (a number, a year) need not be what other viewers show"),
                                 page);
    if (!s->why && s->modes.hidden && s->modes.shown)
        s->why = g_strdup_printf(_("page %zu draws text that no viewer shows (text render mode 3, 7 or any other neither "
                                   "filled nor stroked) beside the text it shows: the page's text holds both, so the "
                                   "figures it reads need not be the ones the page shows"),
                                 page);
}

/* The first page, the last and the root's /Count-th (poppler's last: MuPDF
 * and pdf.js count by it too; review34), as the page tree orders them, with
 * what each inherits.  Walked as poppler walks it, since its pages are the
 * ones whose text is read (rtpdf17): the root is a node whatever its /Type,
 * and so is any dictionary naming /Kids that is not /Type /Page, its kids
 * taken only when an array; a kid with a stream is no page; a page listed
 * twice is two, only a node inside itself a loop; a /Resources that is no
 * dictionary is none, the node's inherited (review34: a /Resources null drew
 * with the node's fonts, never checked).  Too large a tree is not judged. */
static void scan_pages(scan *s, kc_pdf_obj *pages_ref)
{
    kc_pdf_obj *top = kc_pdf_resolve(s->doc, s->rev, pages_ref);
    GArray *stack = g_array_new(FALSE, FALSE, sizeof(page_item));
    GHashTable *open = g_hash_table_new(g_direct_hash, g_direct_equal);
    page_item first = {0}, second = {0}, last = {0}, counted = {0};
    kc_pdf_obj *n = top && top->type == KC_PDF_DICT ? kc_pdf_resolve(s->doc, s->rev, kc_pdf_dict_get(top, "Count")) : NULL;
    int64_t count = !n ? 0 : n->type == KC_PDF_INT ? n->u.i : n->type == KC_PDF_REAL && n->u.r > -1e9 && n->u.r < 1e9 ? (int64_t)n->u.r : 0;
    size_t pages = 0, nodes = 0;
    g_array_append_val(stack, ((page_item){pages_ref, NULL, NULL, NULL, NULL, NULL}));
    while (stack->len > 0 && nodes++ < MAX_PAGE_NODES) {
        page_item it = g_array_index(stack, page_item, stack->len - 1);
        g_array_set_size(stack, stack->len - 1);
        if (it.leave && g_hash_table_remove(open, it.leave))
            continue;
        kc_pdf_obj *node = kc_pdf_resolve(s->doc, s->rev, it.ref);
        if (!node || node->type != KC_PDF_DICT || g_hash_table_contains(open, node))
            continue;
        kc_pdf_obj *own = kc_pdf_resolve(s->doc, s->rev, kc_pdf_dict_get(node, "Resources"));
        kc_pdf_obj *res = own && own->type == KC_PDF_DICT ? own : it.res;
        kc_pdf_obj *crop = kc_pdf_dict_get(node, "CropBox") ? kc_pdf_dict_get(node, "CropBox") : it.crop;
        kc_pdf_obj *media = kc_pdf_dict_get(node, "MediaBox") ? kc_pdf_dict_get(node, "MediaBox") : it.media;
        kc_pdf_obj *rotate = kc_pdf_dict_get(node, "Rotate") ? kc_pdf_dict_get(node, "Rotate") : it.rotate;
        kc_pdf_obj *kids = kc_pdf_resolve(s->doc, s->rev, kc_pdf_dict_get(node, "Kids"));
        if (node == top ||
            (kc_pdf_dict_get(node, "Kids") && !kc_pdf_is_name(kc_pdf_resolve(s->doc, s->rev, kc_pdf_dict_get(node, "Type")), "Page"))) {
            g_hash_table_add(open, node);
            g_array_append_val(stack, ((page_item){.leave = node}));
            for (size_t k = kids && kids->type == KC_PDF_ARRAY ? kids->u.arr.n : 0; k-- > 0;)
                g_array_append_val(stack, ((page_item){kids->u.arr.items[k], res, crop, media, NULL, rotate}));
            continue;
        }
        page_item here = {node, res, crop, media, NULL, rotate};
        if (++pages == 1)
            first = here;
        if (pages == 2)
            second = here;
        if ((int64_t)pages == count)
            counted = here;
        last = here;
    }
    bool cut = stack->len > 0 && !counted.ref && count > 1 && (int64_t)pages < count;
    g_array_free(stack, TRUE);
    g_hash_table_destroy(open);
    if (cut)
        s->why = g_strdup(_("the page tree holds more pages and nodes than this reader follows, so whether the text "
                            "of its last page replaces the figures it draws (/ActualText) is not known"));
    else if (first.ref)
        scan_page(s, 1, &first);
    if (count > 1 && counted.ref && memcmp(&counted, &first, sizeof first) != 0 && !s->why)
        scan_page(s, (size_t)count, &counted);
    if (pages > 1 && memcmp(&last, &counted, sizeof last) != 0 && !s->why)
        scan_page(s, pages, &last);
    /* The second page, whose text index reads after a cover page (pdftext.c's
     * first_text, rtnum19): its /ActualText, its fonts' maps and its
     * invisible text were never looked at (review37: a 2020 report under a
     * cover page whose heading's /ActualText says 2021 counted for 2021). */
    if (pages > 2 && second.ref && memcmp(&second, &counted, sizeof second) != 0 &&
        memcmp(&second, &last, sizeof second) != 0 && !s->why) {
        scan_page(s, 2, &second);
        /* said only when the second page is read (a first page giving no
         * number): an honest report's page 2 is no reason to doubt page 1 */
        if (s->pages) {
            s->pages->second_why = s->why;
            s->why = NULL;
        }
    }
}

bool kc_pdf_page_textless(const kc_pdf_textless *t, size_t page)
{
    for (size_t i = 0; t && i < t->n; i++)
        if (t->page[i] == page)
            return !t->shows[i];
    return false;
}

const kc_pdf_geom *kc_pdf_page_geom(const kc_pdf_textless *t, size_t page)
{
    for (size_t i = 0; t && i < t->n; i++)
        if (t->page[i] == page)
            return &t->geom[i];
    return NULL;
}

bool kc_pdf_page_plain(const kc_pdf_textless *t, size_t page)
{
    for (size_t i = 0; t && i < t->n; i++)
        if (t->page[i] == page)
            return !t->may_hide[i];
    return false;
}

char *kc_pdf_actualtext_figures(int fd, const void *data, uint64_t size, kc_pdf_textless *pages)
{
    kc_pdf_doc *doc = NULL;
    scan s = {.pages = pages};
    if (pages)
        pages->n = 0;
    if (kc_pdf_open_src(&doc, fd, data, size, NULL) != 0)
        return NULL; /* not a file this reader reads: poppler's text alone */
    s.doc = doc;
    s.rev = kc_pdf_section_count(doc) ? kc_pdf_section_count(doc) - 1 : 0;
    s.seen = g_hash_table_new(g_direct_hash, g_direct_equal);
    kc_pdf_obj *trailer = kc_pdf_trailer(doc, s.rev);
    kc_pdf_obj *root = trailer ? kc_pdf_resolve(doc, s.rev, kc_pdf_dict_get(trailer, "Root")) : NULL;
    if (root && root->type == KC_PDF_DICT) {
        kc_pdf_obj *form = kc_pdf_resolve(doc, s.rev, kc_pdf_dict_get(root, "AcroForm"));
        kc_pdf_obj *need = form && form->type == KC_PDF_DICT ? kc_pdf_resolve(doc, s.rev, kc_pdf_dict_get(form, "NeedAppearances")) : NULL;
        s.need_appearances = need && need->type == KC_PDF_BOOL && need->u.b;
        scan_pages(&s, kc_pdf_dict_get(root, "Pages"));
    }
    /* Optional content viewers show differently (the verdict's note,
     * pdf_notes_view.c): poppler's text holds what poppler shows, which
     * Firefox or SumatraPDF may not (rtshown23: a 2021 heading in a group
     * /D leaves on and its /Usage turns off on screen, over a 2020 report). */
    const char *oc = !s.why && root && root->type == KC_PDF_DICT ? kc_pdf_optional_content_differs(doc, s.rev, root) : NULL;
    if (oc)
        s.why = g_strdup_printf(_("the document draws optional content that viewers show differently (%s): the "
                                  "figures its text gives (a number, a year) need not be the ones a viewer shows"),
                                _(oc));
    g_hash_table_destroy(s.seen);
    if (s.codes)
        g_hash_table_destroy(s.codes);
    if (s.named)
        g_hash_table_destroy(s.named);
    kc_pdf_close(doc);
    return s.why;
}
