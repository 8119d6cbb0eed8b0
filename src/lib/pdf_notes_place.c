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
    size_t bytes;
} run;

typedef struct place {
    double ctm[6], saved[32][6];
    int depth;
    double tm[6], lm[6], size, leading, hscale, tc;
    double num[STACK];
    int nums;
    run runs[MAX_RUNS];
    size_t n_runs;
    bool skewed; /* text drawn rotated or skewed: its place is not compared */
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
    double m[6], lo = 0, hi = 0;
    mul(p->tm, p->ctm, m);
    if (fabs(m[1]) > 1e-6 || fabs(m[2]) > 1e-6 || m[0] <= 0 || m[3] <= 0)
        p->skewed = true;
    for (size_t i = 0; i < text->len; i++) {
        double l, h;
        width((unsigned char)text->str[i], &l, &h);
        lo += (p->size * l + p->tc) * p->hscale;
        hi += (p->size * h + p->tc) * p->hscale;
    }
    /* without a font size (no Tf) no viewer knows how it draws: not compared */
    double scale = p->skewed ? 1 : m[3]; /* a skewed text is not compared: any size */
    if (p->n_runs < MAX_RUNS && text->len && p->size * scale > 0)
        p->runs[p->n_runs++] = (run){m[4], m[5], p->size * scale, MAX(lo, 0) * m[0], MAX(hi, 0) * m[0], text->len};
    /* the next string starts after this one, at least as far as its narrowest */
    p->tm[4] += lo * p->tm[0];
    p->tm[5] += lo * p->tm[1];
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
    } else if (IS("Tf") && k >= 1)
        p->size = v[k - 1];
    else if (IS("TL") && k == 1)
        p->leading = v[0];
    else if (IS("Tz") && k == 1)
        p->hscale = v[0] / 100;
    else if (IS("Tc") && k == 1)
        p->tc = v[0];
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
        translate(p, 0, -p->leading);
        shown(p, pending);
    } else if (IS("Tj") || IS("TJ"))
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
        } else if (ch == '(') {
            kc_noter_literal(b, n, &i, pending);
        } else if (ch == '<' && i + 1 < n && b[i + 1] != '<') {
            kc_noter_hexstring(b, n, &i, pending);
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
            p->num[p->nums++] = g_ascii_strtod(buf, NULL);
        } else if (g_ascii_isspace(ch) || strchr("[]<>{})", ch)) {
            i++;
        } else if (ch == '/') {
            kc_noter_skip_name(b, n, &i);
        } else {
            size_t s = i;
            while (i < n && !g_ascii_isspace(b[i]) && !strchr("/[]()<>{}%", b[i]))
                i++;
            op(p, (const char *)b + s, i - s, pending);
            g_string_truncate(pending, 0);
            p->nums = 0;
        }
    }
    g_string_free(pending, TRUE);
}

const char *kc_noter_ap_text_misplaced(const unsigned char *b, size_t n, double w, double h, int q, int64_t comb,
                                       bool multiline)
{
    place *p = g_new0(place, 1);
    double id[6] = {1, 0, 0, 1, 0, 0};
    memcpy(p->ctm, id, sizeof id);
    p->hscale = 1;
    read_runs(b, n, p);
    const char *why = NULL;
    if (p->skewed) {
        g_free(p);
        return "rotated";
    }
    if (!p->n_runs) {
        g_free(p);
        return NULL;
    }
    double start = INFINITY, end_min = -INFINITY, end_max = -INFINITY, size = 0;
    size_t bytes = 0;
    for (size_t i = 0; i < p->n_runs; i++) {
        run *r = &p->runs[i];
        /* outside the box, where poppler, MuPDF and PDFium clip it away */
        if (r->x > w || r->x + r->wmax < 0 || r->y > h || r->y + r->size < 0)
            why = "outside";
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
    /* A /Matrix (a rotated field, /MK /R) or a box not at the origin: the
     * place is not compared (README, Known limits). */
    if (m[0] != 1 || m[1] != 0 || m[2] != 0 || m[3] != 1 || v[0] != 0 || v[1] != 0 || v[2] <= 0 || v[3] <= 0)
        return NULL;
    kc_pdf_get_int(kc_pdf_resolve(nr->doc, nr->rev, kc_noter_inherited(nr, f, "Q")), &q);
    kc_pdf_obj *ml = kc_pdf_resolve(nr->doc, nr->rev, kc_noter_inherited(nr, f, "MaxLen"));
    if (ml && ml->type == KC_PDF_INT && ml->u.i > 0)
        maxlen = ml->u.i;
    bool multiline = (ff & FF_MULTILINE) != 0;
    bool comb = (ff & FF_COMB) && !multiline && !(ff & FF_FILESELECT) && maxlen > 0;
    const char *why = kc_noter_ap_text_misplaced(b, n, v[2], v[3], q >= 0 && q <= 2 ? (int)q : 0, comb ? maxlen : 0,
                                                 multiline);
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
