/* pdf_notes_place.c: where pdf.js's form layer shows a text field's text,
 * beside where the field's signed appearance draws it (the note
 * "field-value", driven by pdf_notes.c; rtform20).
 *
 * pdf.js (Firefox, and the portals that embed it) does not draw an editable
 * text field's appearance: it puts an HTML input over the widget's /Rect
 * holding the text it extracts from the appearance, aligned by the field's
 * /Q (left, centre, right), vertically centred, spread over /MaxLen cells
 * for a comb field, on the background /MK /BG names.  poppler, MuPDF and
 * PDFium draw the appearance, clipped to its /BBox.  So an appearance whose
 * text lies outside its box, or elsewhere in it than /Q puts it, shows that
 * text where the signed appearance does not: "90.000.000" drawn past the
 * box's right edge (clipped away) over an amount drawn as shapes showed
 * 10.000.000 in poppler and MuPDF and 90.000.000 in Firefox, /V saying
 * 90.000.000 as the appearance's text does, and no note said so.
 *
 * Glyph widths are not read from the font: each byte is taken for as narrow
 * and as wide as the fonts form fillers use draw it (a figure between 0.45
 * and 0.7 of an em: Times 0.5, Helvetica and Arial 0.556, Courier 0.6,
 * DejaVu Sans and Verdana 0.636; a point, a comma or a space up to Courier's
 * 0.6; anything else between KMIN and KMAX), so only a place no such width
 * could explain is noted. */
#include <glib.h>
#include <math.h>
#include <string.h>

#include "i18n.h"
#include "pdf_notes_internal.h"

#define KMIN 0.2 /* the narrowest glyph, of an em ("i" in Helvetica is 0.22) */
#define KMAX 1.0 /* the widest (a "W" is 0.94) */
#define PAD 2.0  /* pdf.js's and Acrobat's padding inside a field's box */
#define MAX_RUNS 256
#define STACK 6

typedef struct run {
    double x, y, size; /* the start of the text (form space), the font size there */
    double wmin, wmax; /* how wide it may be there */
    double lo[2], hi[2]; /* the corners of the box it may fill (form space), skewed or not */
    size_t bytes;
} run;

typedef struct place {
    double ctm[6], saved[32][6];
    int depth;
    double tm[6], lm[6], size, leading, hscale, tc, tw, rise;
    double num[STACK];
    int nums;
    run runs[MAX_RUNS];
    size_t n_runs;
    bool skewed; /* text drawn rotated or skewed: its place is not compared */
    /* (rtform21) An array read as TJ's, shown as it is read (no operator
     * comes between it and its TJ): 1 inside it, 2 closed; what it moved,
     * put back when no TJ follows. */
    int array;
    double array_tm[6];
    size_t array_runs;
    bool array_skewed, array_spilled;
    /* (rtform21) The box (form space, from its corner), the fonts the
     * appearance names (may be NULL) and the one set, the last name read
     * (a Tf's operand), and whether a glyph was put past the box by
     * something ordinary widths do not show (Tw, a font's /Widths). */
    double w, h;
    GHashTable *fonts;
    const kc_noter_placefont *font;
    char name[64];
    bool spilled;
} place;

static void mul(const double *a, const double *b, double *out) /* out = a x b */
{
    double r[6] = {a[0] * b[0] + a[1] * b[2], a[0] * b[1] + a[1] * b[3], a[2] * b[0] + a[3] * b[2],
                   a[2] * b[1] + a[3] * b[3], a[4] * b[0] + a[5] * b[2] + b[4], a[4] * b[1] + a[5] * b[3] + b[5]};
    memcpy(out, r, sizeof r);
}

static void translate(place *p, double tx, double ty)
{
    double t[6] = {1, 0, 0, 1, tx, ty};
    mul(t, p->lm, p->lm);
    memcpy(p->tm, p->lm, sizeof p->tm);
}

/* How wide byte c may be drawn, in ems (see the file's comment). */
static void width(unsigned char c, double *lo, double *hi)
{
    if (g_ascii_isdigit(c))
        *lo = 0.45, *hi = 0.7;
    else if (c == '.' || c == ',' || c == ' ')
        *lo = 0.2, *hi = 0.65;
    else
        *lo = KMIN, *hi = KMAX;
}

static void shown(place *p, const GString *text)
{
    double m[6], lo = 0, hi = 0, nominal = 0, at = 0;
    bool spill = false;
    mul(p->tm, p->ctm, m);
    /* A negative font size or horizontal scale turns or mirrors the text as
     * a turned matrix does (rtform21: "-12.5 Tf" drew it upside down, to the
     * left of where it starts, and was compared as upright). */
    if (fabs(m[1]) > 1e-6 || fabs(m[2]) > 1e-6 || m[0] <= 0 || m[3] <= 0 || p->size < 0 || p->hscale < 0)
        p->skewed = true;
    /* (rtform21) A Type 0 font's codes are two bytes, each one glyph of any
     * width (each byte was taken for a character of its own). */
    int step = p->font && p->font->bytes == 2 ? 2 : 1;
    for (size_t i = 0; i + step <= text->len; i += step) {
        unsigned char c = (unsigned char)text->str[i];
        double l, h;
        if (step == 2)
            l = KMIN, h = KMAX;
        else
            width(c, &l, &h);
        nominal += (p->size * h + p->tc) * p->hscale;
        /* (rtform21) Where the glyph starts, by the font's own width when it
         * gives one (/Widths), else the narrowest: word spacing (Tw) moves
         * what follows a single-byte space, and a width of 50 ems puts the
         * next glyph far past the box, which ordinary widths do not show. */
        double own = step == 1 && p->font && p->font->width[c] >= 0 ? p->font->width[c] : -1;
        if (!spill && at * m[0] + m[4] > p->w && !(step == 1 && c == ' '))
            spill = true;
        double tw = step == 1 && c == ' ' ? p->tw : 0;
        at += (p->size * (own >= 0 ? own : l) + p->tc + tw) * p->hscale;
        lo += (p->size * (own >= 0 ? own : l) + p->tc + tw) * p->hscale;
        hi += (p->size * (own >= 0 ? own : h) + p->tc + tw) * p->hscale;
    }
    /* ... while the text at ordinary widths fits the box, so pdf.js's form
     * layer shows all of it (a long value, which both cut, is not this) */
    if (spill && !p->skewed && m[4] + nominal * m[0] <= p->w)
        p->spilled = true;
    /* without a font size (no Tf) no viewer knows how it draws: not compared */
    if (p->n_runs < MAX_RUNS && text->len && p->size != 0) {
        /* (rtform21) Where it may lie, whatever the turn: the box from its
         * start to its widest end (its narrowest when drawn leftwards), from
         * its baseline, raised by Ts, to a font size above, through m.  A
         * text turned or skewed by a hair was "rotated" and had no place
         * compared at all, not even outside its box, where poppler, MuPDF
         * and PDFium cut it away and pdf.js shows it; a rise (Ts) was not
         * read, and "100 Ts" drew the text far above a box it was read in. */
        double ext = p->size * p->hscale > 0 ? MAX(hi, 0) : MIN(lo, 0);
        double corner[4][2] = {{0, p->rise}, {ext, p->rise}, {0, p->rise + p->size}, {ext, p->rise + p->size}};
        run r = {m[4] + p->rise * m[2], m[5] + p->rise * m[3], p->size * m[3], MAX(lo, 0) * m[0], MAX(hi, 0) * m[0],
                 {INFINITY, INFINITY}, {-INFINITY, -INFINITY}, text->len};
        for (int c = 0; c < 4; c++) {
            double x = corner[c][0] * m[0] + corner[c][1] * m[2] + m[4];
            double y = corner[c][0] * m[1] + corner[c][1] * m[3] + m[5];
            r.lo[0] = MIN(r.lo[0], x), r.lo[1] = MIN(r.lo[1], y);
            r.hi[0] = MAX(r.hi[0], x), r.hi[1] = MAX(r.hi[1], y);
        }
        p->runs[p->n_runs++] = r;
    }
    /* the next string starts after this one, at least as far as its narrowest
     * (as far back, drawn leftwards) */
    double adv = p->size * p->hscale > 0 ? lo : hi;
    p->tm[4] += adv * p->tm[0];
    p->tm[5] += adv * p->tm[1];
}

static void op(place *p, const char *o, size_t len, const GString *pending)
{
    double *v = p->num;
    int k = p->nums;
#define IS(s) (len == strlen(s) && memcmp(o, s, len) == 0)
    if (IS("q") && p->depth < 32)
        memcpy(p->saved[p->depth++], p->ctm, sizeof p->ctm);
    else if (IS("Q") && p->depth > 0)
        memcpy(p->ctm, p->saved[--p->depth], sizeof p->ctm);
    else if (IS("cm") && k == 6)
        mul(v, p->ctm, p->ctm);
    else if (IS("BT")) {
        double id[6] = {1, 0, 0, 1, 0, 0};
        memcpy(p->tm, id, sizeof id);
        memcpy(p->lm, id, sizeof id);
    } else if (IS("Tf") && k >= 1) {
        p->size = v[k - 1];
        p->font = p->fonts ? g_hash_table_lookup(p->fonts, p->name) : NULL;
    }
    else if (IS("TL") && k == 1)
        p->leading = v[0];
    else if (IS("Tz") && k == 1)
        p->hscale = v[0] / 100;
    else if (IS("Tc") && k == 1)
        p->tc = v[0];
    else if (IS("Tw") && k == 1)
        p->tw = v[0];
    else if (IS("Ts") && k == 1)
        p->rise = v[0];
    else if (IS("Td") && k == 2)
        translate(p, v[0], v[1]);
    else if (IS("TD") && k == 2) {
        p->leading = -v[1];
        translate(p, v[0], v[1]);
    } else if (IS("Tm") && k == 6) {
        memcpy(p->lm, v, sizeof p->lm);
        memcpy(p->tm, v, sizeof p->tm);
    } else if (IS("T*"))
        translate(p, 0, -p->leading);
    else if (IS("'") || IS("\"")) {
        if (IS("\"") && k == 2) /* aw ac (string) ": word and character spacing set first */
            p->tw = v[0], p->tc = v[1];
        translate(p, 0, -p->leading);
        shown(p, pending);
    } else if (IS("Tj") || (IS("TJ") && p->array != 2))
        shown(p, pending);
#undef IS
}

/* Reads the text runs of appearance stream b (strings counted in bytes). */
static void read_runs(const unsigned char *b, size_t n, place *p)
{
    GString *pending = g_string_new(NULL);
    for (size_t i = 0; i < n;) {
        unsigned char ch = b[i];
        if (ch == '%') {
            while (i < n && b[i] != '\n' && b[i] != '\r')
                i++;
        } else if (ch == '(' || (ch == '<' && i + 1 < n && b[i + 1] != '<')) {
            if (p->array == 1) { /* a string of TJ's array, shown where the ones before it end */
                GString *one = g_string_new(NULL);
                (ch == '(' ? kc_noter_literal : kc_noter_hexstring)(b, n, &i, one);
                shown(p, one);
                g_string_free(one, TRUE);
            } else {
                (ch == '(' ? kc_noter_literal : kc_noter_hexstring)(b, n, &i, pending);
            }
        } else if (ch == '[' || ch == ']') {
            if (ch == '[' && p->array == 0) {
                p->array = 1;
                memcpy(p->array_tm, p->tm, sizeof p->tm);
                p->array_runs = p->n_runs;
                p->array_skewed = p->skewed;
                p->array_spilled = p->spilled;
            } else if (ch == ']' && p->array == 1) {
                p->array = 2;
            }
            i++;
        } else if (g_ascii_isdigit(ch) || ch == '-' || ch == '+' || ch == '.') {
            size_t s = i;
            while (i < n && (g_ascii_isdigit(b[i]) || b[i] == '-' || b[i] == '+' || b[i] == '.'))
                i++;
            char buf[32];
            size_t l = MIN(i - s, sizeof buf - 1);
            memcpy(buf, b + s, l);
            buf[l] = 0;
            if (p->nums == STACK)
                memmove(p->num, p->num + 1, sizeof p->num - sizeof p->num[0]), p->nums--;
            double x = g_ascii_strtod(buf, NULL);
            if (p->array == 1) {
                /* (rtform21) TJ's number moves the next string back by
                 * thousandths of the font size: "[-50000 (90.000.000)] TJ"
                 * drew it 625 points to the right, read where TJ began. */
                double tx = isfinite(x) ? -x / 1000 * p->size * p->hscale : 0;
                p->tm[4] += tx * p->tm[0];
                p->tm[5] += tx * p->tm[1];
            } else {
                if (p->nums == STACK)
                    memmove(p->num, p->num + 1, sizeof p->num - sizeof p->num[0]), p->nums--;
                p->num[p->nums++] = x;
            }
        } else if (g_ascii_isspace(ch) || strchr("<>{})", ch)) {
            i++;
        } else if (ch == '/') {
            size_t s = i;
            kc_noter_skip_name(b, n, &i);
            /* the name, #xx decoded as the resources' keys are */
            size_t o = 0;
            for (size_t k = s + 1; k < i && o + 1 < sizeof p->name; k++) {
                int hi = k + 2 < i ? g_ascii_xdigit_value((char)b[k + 1]) : -1;
                int lo = k + 2 < i ? g_ascii_xdigit_value((char)b[k + 2]) : -1;
                if (b[k] == '#' && hi >= 0 && lo >= 0) {
                    p->name[o++] = (char)(hi << 4 | lo);
                    k += 2;
                } else {
                    p->name[o++] = (char)b[k];
                }
            }
            p->name[o] = 0;
        } else {
            size_t s = i;
            while (i < n && !g_ascii_isspace(b[i]) && !strchr("/[]()<>{}%", b[i]))
                i++;
            bool tj = i - s == 2 && memcmp(b + s, "TJ", 2) == 0;
            if (p->array && !tj) { /* not TJ's array (or not closed): undone */
                memcpy(p->tm, p->array_tm, sizeof p->tm);
                p->n_runs = p->array_runs;
                p->skewed = p->array_skewed;
                p->spilled = p->array_spilled;
            }
            op(p, (const char *)b + s, i - s, pending);
            p->array = 0;
            g_string_truncate(pending, 0);
            p->nums = 0;
        }
    }
    g_string_free(pending, TRUE);
}

const char *kc_noter_ap_text_misplaced(const unsigned char *b, size_t n, const double box[4], int q, int64_t comb,
                                       bool multiline, bool turned, GHashTable *fonts)
{
    place *p = g_new0(place, 1);
    p->fonts = fonts;
    /* (rtform21) Read from the box's lower left corner: a /BBox not at the
     * origin ([100 0 222 16]) clips there, and was not compared at all. */
    double id[6] = {1, 0, 0, 1, -box[0], -box[1]}, w = box[2] - box[0], h = box[3] - box[1];
    memcpy(p->ctm, id, sizeof id);
    p->hscale = 1;
    p->w = w, p->h = h;
    read_runs(b, n, p);
    const char *why = NULL;
    /* outside the box, where poppler, MuPDF and PDFium clip it away: read
     * first, for a text however turned or skewed */
    for (size_t i = 0; i < p->n_runs && !why; i++)
        if (p->runs[i].lo[0] > w || p->runs[i].hi[0] < 0 || p->runs[i].lo[1] > h || p->runs[i].hi[1] < 0)
            why = "outside";
    if (p->spilled)
        why = "outside";
    if (!why && (p->skewed || turned)) {
        g_free(p);
        return "rotated";
    }
    if (why || !p->n_runs) {
        g_free(p);
        return why;
    }
    double start = INFINITY, end_min = -INFINITY, end_max = -INFINITY, size = 0;
    size_t bytes = 0;
    for (size_t i = 0; i < p->n_runs; i++) {
        run *r = &p->runs[i];
        start = MIN(start, r->x);
        end_min = MAX(end_min, r->x + r->wmin);
        end_max = MAX(end_max, r->x + r->wmax);
        size = MAX(size, r->size);
        bytes += r->bytes;
        /* a single line, which pdf.js centres: its baseline near the middle */
        if (!why && !multiline && fabs(r->y + 0.35 * r->size - h / 2) > 0.5 * r->size + PAD)
            why = "height";
    }
    double tol = MAX(size, 4);
    if (!why && !multiline && comb > 0) {
        /* pdf.js spreads the text over the cells from the left */
        double cell = w / (double)comb;
        if (start > cell + tol || (double)bytes * cell < end_min - tol)
            why = "comb";
    } else if (!why && !multiline && end_min <= w) {
        if (q == 0 && start > PAD + tol)
            why = "left";
        else if (q == 2 && end_max < w - PAD - tol)
            why = "right";
        else if (q == 1 && (w / 2 < start + (end_min - start) / 2 - tol || w / 2 > start + (end_max - start) / 2 + tol))
            why = "centre";
    }
    g_free(p);
    return why;
}

/* A number as a reader takes it (an integer or a real), false for anything else. */
static bool number(kc_pdf_obj *o, double *out)
{
    if (o && o->type == KC_PDF_INT)
        *out = (double)o->u.i;
    else if (o && o->type == KC_PDF_REAL)
        *out = o->u.r;
    else
        return false;
    return isfinite(*out);
}

/* (rtform21) The fonts appearance ap names in its /Resources: a Type 0
 * font's codes are two bytes; a simple font's /Widths (from /FirstChar, else
 * the descriptor's /MissingWidth) give its glyphs' advance, as every viewer
 * takes it.  Name -> kc_noter_placefont, both g_malloc'd. */
static GHashTable *place_fonts(kc_pdf_noter *nr, kc_pdf_obj *ap)
{
    GHashTable *t = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    kc_pdf_obj *res = kc_pdf_resolve(nr->doc, nr->rev, kc_pdf_dict_get(ap, "Resources"));
    kc_pdf_obj *fonts = res && res->type == KC_PDF_DICT ? kc_pdf_resolve(nr->doc, nr->rev, kc_pdf_dict_get(res, "Font"))
                                                        : NULL;
    for (size_t i = 0; fonts && fonts->type == KC_PDF_DICT && i < fonts->u.dict.n && i < 256; i++) {
        kc_pdf_obj *font = kc_pdf_resolve(nr->doc, nr->rev, fonts->u.dict.vals[i]);
        if (!font || font->type != KC_PDF_DICT)
            continue;
        kc_noter_placefont *pf = g_new(kc_noter_placefont, 1);
        pf->bytes = kc_pdf_is_name(kc_pdf_resolve(nr->doc, nr->rev, kc_pdf_dict_get(font, "Subtype")), "Type0") ? 2 : 1;
        for (int c = 0; c < 256; c++)
            pf->width[c] = -1;
        kc_pdf_obj *w = kc_pdf_resolve(nr->doc, nr->rev, kc_pdf_dict_get(font, "Widths"));
        kc_pdf_obj *desc = kc_pdf_resolve(nr->doc, nr->rev, kc_pdf_dict_get(font, "FontDescriptor"));
        double first = 0, missing = -1, x;
        if (pf->bytes == 1 && w && w->type == KC_PDF_ARRAY &&
            number(kc_pdf_resolve(nr->doc, nr->rev, kc_pdf_dict_get(font, "FirstChar")), &first) && first >= 0) {
            if (desc && desc->type == KC_PDF_DICT &&
                number(kc_pdf_resolve(nr->doc, nr->rev, kc_pdf_dict_get(desc, "MissingWidth")), &x))
                missing = x / 1000;
            for (int c = 0; c < 256; c++) {
                double k = c - first;
                pf->width[c] = missing;
                if (k >= 0 && k < (double)w->u.arr.n &&
                    number(kc_pdf_resolve(nr->doc, nr->rev, w->u.arr.items[(size_t)k]), &x))
                    pf->width[c] = x / 1000;
            }
        }
        g_hash_table_replace(t, g_strdup(fonts->u.dict.keys[i]), pf);
    }
    return t;
}

enum { FF_READONLY = 1, FF_MULTILINE = 1 << 12, FF_FILESELECT = 1 << 20, FF_COMB = 1 << 24 };

char *kc_noter_field_misplaced(kc_pdf_noter *nr, kc_pdf_obj *f, kc_pdf_obj *ap, const unsigned char *b, size_t n)
{
    int64_t ff = 0, q = 0, maxlen = 0;
    kc_pdf_get_int(kc_noter_inherited(nr, f, "Ff"), &ff);
    if (ff < 0)
        ff = 0; /* pdf.js takes a negative /Ff for none */
    /* pdf.js draws a read-only text field's appearance, in a canvas of its own */
    if (ff & (FF_READONLY | FF_PASSWORD))
        return NULL;
    kc_pdf_obj *bbox = kc_pdf_resolve(nr->doc, nr->rev, kc_pdf_dict_get(ap, "BBox"));
    kc_pdf_obj *matrix = kc_pdf_resolve(nr->doc, nr->rev, kc_pdf_dict_get(ap, "Matrix"));
    double v[4], m[6] = {1, 0, 0, 1, 0, 0};
    if (!bbox || bbox->type != KC_PDF_ARRAY || bbox->u.arr.n != 4)
        return NULL;
    for (size_t i = 0; i < 4; i++)
        if (!number(kc_pdf_resolve(nr->doc, nr->rev, bbox->u.arr.items[i]), &v[i]))
            return NULL;
    for (size_t i = 0; matrix && matrix->type == KC_PDF_ARRAY && matrix->u.arr.n == 6 && i < 6; i++)
        if (!number(kc_pdf_resolve(nr->doc, nr->rev, matrix->u.arr.items[i]), &m[i]))
            return NULL;
    /* (rtform21) The box as viewers take it, its corners in any order; a
     * /Matrix maps it onto the widget's /Rect, and the text is clipped to it
     * in the form's own space whatever the matrix: outside it is compared
     * for any matrix (a /Matrix [1.0001 0 0 1 0 0], or a box not at the
     * origin, had nothing compared).  Where in the box pdf.js puts the text
     * is compared when the matrix only scales, or turns by a quarter as
     * pdf.js turns its input (/MK /R). */
    double box[4] = {MIN(v[0], v[2]), MIN(v[1], v[3]), MAX(v[0], v[2]), MAX(v[1], v[3])};
    /* A flat box, or a flat matrix mapping it onto no area: poppler and
     * MuPDF draw none of the appearance, pdf.js its input holding the text
     * (rtform21: /Matrix [0 0 0 0 0 0], the field blank in pdftoppm and
     * mutool, 90.000.000 in pdf.js's form layer, valid with no note; a box
     * of no area was not compared either). */
    if (box[2] <= box[0] || box[3] <= box[1] || !(fabs(m[0] * m[3] - m[1] * m[2]) > 1e-12))
        return g_strdup(_("the field's appearance has a flat /BBox or /Matrix (no area): poppler and MuPDF draw "
                          "none of it, while pdf.js (Firefox) shows its text in the field"));
    bool turned = !(m[1] == 0 && m[2] == 0 && m[0] > 0 && m[3] > 0);
    if (turned) {
        int64_t r = 0; /* pdf.js: /MK /R, else the widget's /Rotate, a multiple of 90 */
        kc_pdf_obj *mk = kc_pdf_resolve(nr->doc, nr->rev, kc_pdf_dict_get(f, "MK"));
        kc_pdf_get_int(kc_pdf_resolve(nr->doc, nr->rev, mk && mk->type == KC_PDF_DICT ? kc_pdf_dict_get(mk, "R")
                                                                                      : kc_pdf_dict_get(f, "Rotate")),
                       &r);
        r = r % 90 ? 0 : ((r % 360) + 360) % 360;
        turned = !((r == 90 && m[0] == 0 && m[3] == 0 && m[1] > 0 && m[2] < 0) ||
                   (r == 180 && m[1] == 0 && m[2] == 0 && m[0] < 0 && m[3] < 0) ||
                   (r == 270 && m[0] == 0 && m[3] == 0 && m[1] < 0 && m[2] > 0));
    }
    kc_pdf_get_int(kc_pdf_resolve(nr->doc, nr->rev, kc_noter_inherited(nr, f, "Q")), &q);
    kc_pdf_obj *ml = kc_pdf_resolve(nr->doc, nr->rev, kc_noter_inherited(nr, f, "MaxLen"));
    if (ml && ml->type == KC_PDF_INT && ml->u.i > 0)
        maxlen = ml->u.i;
    bool multiline = (ff & FF_MULTILINE) != 0;
    bool comb = (ff & FF_COMB) && !multiline && !(ff & FF_FILESELECT) && maxlen > 0;
    GHashTable *fonts = place_fonts(nr, ap);
    const char *why = kc_noter_ap_text_misplaced(b, n, box, q >= 0 && q <= 2 ? (int)q : 0, comb ? maxlen : 0,
                                                 multiline, turned, fonts);
    g_hash_table_destroy(fonts);
    if (!why || strcmp(why, "rotated") == 0)
        return NULL; /* a rotated or skewed text: not compared (Known limits) */
    if (strcmp(why, "outside") == 0)
        return g_strdup(_("the field's appearance draws its text outside its box (/BBox), where poppler, MuPDF "
                          "and Chromium (PDFium) cut it away, while pdf.js (Firefox) shows that text in the field"));
    const char *rule = strcmp(why, "left") == 0    ? _("/Q puts it at the left")
                       : strcmp(why, "right") == 0   ? _("/Q puts it at the right")
                       : strcmp(why, "centre") == 0  ? _("/Q centres it")
                       : strcmp(why, "comb") == 0    ? _("a comb field: pdf.js spreads it over its /MaxLen cells from the left")
                                                     : _("one line: pdf.js centres it in the box's height");
    return g_strdup_printf(_("the field's appearance draws its text elsewhere in its box than pdf.js (Firefox) shows "
                             "it (%s): poppler, MuPDF and Chromium (PDFium) show the text where the appearance "
                             "draws it, pdf.js where it puts it, over what else lies there"),
                           rule);
}
