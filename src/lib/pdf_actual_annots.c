/* pdf_actual_annots.c: what the annotations of a page whose text index reads
 * draw over that text (pdf_actual.c asks, once it has scanned the page).
 *
 * A viewer draws every annotation over the page, inside its /Rect: one may
 * hide a digit (a cover, which the drawing of pdftext_shown.c judges), or
 * draw another figure over it.  atkshown2 (session 41): a Stamp, printable,
 * in the signed revision, whose appearance paints a white box over the last
 * "1" of "năm 2021" and a "0" over that box; pdftoppm shows 2020, the
 * drawing found the "0"'s edges in the digit's box and took the "1" for
 * shown, and the report counted for its 2021 row without a word.  So each
 * appearance is read as what the page paints after its text is
 * (pdf_textmode.c, pdf_overdraw.c): its curves, its pieces, its pictures
 * and forms, under the matrix that fits it into its /Rect; text it draws,
 * which poppler's text of the page does not hold, is a figure drawn over
 * its whole box.  An annotation without one that viewers draw all the same
 * (a Circle's ellipse, a FreeText's text) and a field a form tells viewers
 * to redraw (/NeedAppearances) are figures drawn over their box too.  A
 * signature's appearance at the foot of the page, over the signer's name
 * and title, lies over no digit and changes nothing. */
#include <glib.h>
#include <stdlib.h>
#include <string.h>

#include "pdf.h"
#include "pdf_actual.h"
#include "pdf_overdraw.h"

typedef kc_actual_scan scan;

#define MAX_STATES 16        /* appearance states of one annotation read (/N << /On … /Off … >>) */
#define MAX_AP_STREAM (4u << 20) /* decoded bytes of one appearance */
#define MAX_ANNOTS 1000      /* annotations of one page read: more are over the whole page */

/* A number of an array, false when it is none. */
bool kc_actual_num_at(scan *s, kc_pdf_obj *arr, size_t k, double *out)
{
    kc_pdf_obj *x = arr && arr->type == KC_PDF_ARRAY && k < arr->u.arr.n ? kc_pdf_resolve(s->doc, s->rev, arr->u.arr.items[k]) : NULL;
    if (!x || (x->type != KC_PDF_INT && x->type != KC_PDF_REAL))
        return false;
    *out = x->type == KC_PDF_INT ? (double)x->u.i : x->u.r;
    return true;
}

/* The width of a Link's border as poppler reads it: /BS /W when /BS is a
 * dictionary, else /Border's third number, else 1 (ISO 32000's default);
 * a width that is no number is taken for one that draws (-1). */
static double link_border(scan *s, kc_pdf_obj *a)
{
    double w = 1;
    kc_pdf_obj *bs = kc_pdf_resolve(s->doc, s->rev, kc_pdf_dict_get(a, "BS"));
    kc_pdf_obj *border = kc_pdf_resolve(s->doc, s->rev, kc_pdf_dict_get(a, "Border"));
    if (bs && bs->type == KC_PDF_DICT) {
        kc_pdf_obj *wo = kc_pdf_resolve(s->doc, s->rev, kc_pdf_dict_get(bs, "W"));
        if (wo && wo->type != KC_PDF_INT && wo->type != KC_PDF_REAL)
            return -1;
        if (wo)
            w = wo->type == KC_PDF_INT ? (double)wo->u.i : wo->u.r;
    } else if (border && border->type == KC_PDF_ARRAY && border->u.arr.n >= 3 && !kc_actual_num_at(s, border, 2, &w)) {
        return -1;
    }
    return w;
}

/* Whether an annotation without an /AP is drawn all the same: poppler and
 * MuPDF make the appearance of a Square, a FreeText, a Highlight, a form
 * field ... themselves (a white Square over a heading hides it, atkshown);
 * a Popup is drawn by neither, nor a Link whose border has no width.
 * poppler strokes a Link's border inside its /Rect, in the colour of /C or
 * black (rtform17: a white Link bordered 30 points wide over a 2021 heading
 * on a 2020 report, or a black one, showed the 2020 report alone in
 * pdftoppm while its text said 2021; MuPDF draws no border). */
static bool drawn_without_ap(scan *s, kc_pdf_obj *a)
{
    kc_pdf_obj *t = kc_pdf_resolve(s->doc, s->rev, kc_pdf_dict_get(a, "Subtype"));
    if (kc_pdf_is_name(t, "Link"))
        return link_border(s, a) != 0;
    return !kc_pdf_is_name(t, "Popup");
}

/* Whether the annotation has a normal appearance poppler would draw: /AP's
 * /N a stream, or a dictionary of states holding the one /AS names ("Off"
 * when /AS is no name, as poppler's Annot::initialize takes it).  Without one
 * poppler makes the appearance as for an annotation with no /AP at all
 * (atkshown3: a Circle whose /AP is empty, or holds a /D alone, drew its
 * ellipse, a "0", over a "1" a white Square hid; pdftoppm showed 2020 and the
 * walk, which read only /N's streams, counted it for 2021 without a word). */
static bool has_normal_ap(scan *s, kc_pdf_obj *a)
{
    kc_pdf_obj *ap = kc_pdf_resolve(s->doc, s->rev, kc_pdf_dict_get(a, "AP"));
    kc_pdf_obj *n = ap && ap->type == KC_PDF_DICT ? kc_pdf_resolve(s->doc, s->rev, kc_pdf_dict_get(ap, "N")) : NULL;
    if (!n)
        return false;
    if (n->type != KC_PDF_DICT)
        return n->type == KC_PDF_STREAM;
    kc_pdf_obj *as = kc_pdf_resolve(s->doc, s->rev, kc_pdf_dict_get(a, "AS"));
    bool named = as && as->type == KC_PDF_NAME;
    for (size_t k = 0; k < n->u.dict.n; k++) {
        if (named ? !kc_pdf_is_name(as, n->u.dict.keys[k]) : strcmp(n->u.dict.keys[k], "Off") != 0)
            continue;
        kc_pdf_obj *one = kc_pdf_resolve(s->doc, s->rev, n->u.dict.vals[k]);
        return one && one->type == KC_PDF_STREAM;
    }
    return false;
}

/* The annotations drawn over some area (with their own appearance or one a
 * viewer makes): drawn over the page's content, they may cover text, within
 * their /Rect (a viewer fits the appearance's box into it; shown21: a
 * signature widget at the foot covers no heading).  A /Rect not of four
 * numbers, or too many annotations: over the whole page (true). */
bool kc_actual_covering_annots(scan *s, kc_pdf_obj *node)
{
    kc_pdf_obj *annots = kc_pdf_resolve(s->doc, s->rev, kc_pdf_dict_get(node, "Annots"));
    for (size_t i = 0; annots && annots->type == KC_PDF_ARRAY && i < annots->u.arr.n; i++) {
        kc_pdf_obj *a = kc_pdf_resolve(s->doc, s->rev, annots->u.arr.items[i]);
        kc_pdf_obj *r = a && a->type == KC_PDF_DICT ? kc_pdf_resolve(s->doc, s->rev, kc_pdf_dict_get(a, "Rect")) : NULL;
        bool normal = r && has_normal_ap(s, a);
        if (!r || (!normal && !kc_pdf_dict_get(a, "AP") && !drawn_without_ap(s, a)))
            continue;
        kc_pdf_obj *sub = kc_pdf_resolve(s->doc, s->rev, kc_pdf_dict_get(a, "Subtype"));
        if (a->dup_keys) /* readers disagree on which /Rect, /AP, /Subtype wins */
            return true;
        /* The appearance a viewer makes is drawn over the box of what it
         * makes (a Line from its /L, an Ink from its points), not always over
         * /Rect: anywhere; a widget's, of its field, inside /Rect (an
         * invisible signature's, of no area, nothing). */
        if (!normal && drawn_without_ap(s, a) && !kc_pdf_is_name(sub, "Widget"))
            return true;
        double v[4] = {0};
        bool numbers = r->type == KC_PDF_ARRAY;
        for (size_t k = 0; k < 4; k++)
            numbers = numbers && kc_actual_num_at(s, r, k, &v[k]);
        if (!numbers || s->modes.geom.n_covers == KC_PDF_MAX_COVERS)
            return true;
        if (v[0] != v[2] && v[1] != v[3]) /* an area: the appearance is drawn over it */
            s->modes.geom.covers[s->modes.geom.n_covers++] =
                (kc_pdf_box){MIN(v[0], v[2]), MIN(v[1], v[3]), MAX(v[0], v[2]), MAX(v[1], v[3])};
    }
    return false;
}


/* The matrix under which a viewer draws an appearance into its annotation's
 * rectangle r (PDF 32000 12.5.5, as poppler's Gfx::drawAnnot): the form's
 * /BBox by its /Matrix gives a box, and that box is scaled and moved onto
 * r.  false when the box cannot be read or has no area (the appearance
 * is then taken for drawn over all of r). */
static bool appearance_matrix(scan *s, kc_pdf_obj *ap, const kc_pdf_box *r, double *out)
{
    double m[6];
    kc_pdf_box t;
    if (!kc_actual_form_box(s, ap, &t, m) || !kc_pdf_box_followed(&t) || t.x2 - t.x1 <= 0 || t.y2 - t.y1 <= 0)
        return false;
    double sx = (r->x2 - r->x1) / (t.x2 - t.x1), sy = (r->y2 - r->y1) / (t.y2 - t.y1);
    double a[6] = {sx, 0, 0, sy, r->x1 - sx * t.x1, r->y1 - sy * t.y1};
    /* the form's matrix first, then the fit: [m] x [a] */
    double c[6] = {m[0] * a[0] + m[1] * a[2], m[0] * a[1] + m[1] * a[3], m[2] * a[0] + m[3] * a[2],
                   m[2] * a[1] + m[3] * a[3], m[4] * a[0] + m[5] * a[2] + a[4], m[4] * a[1] + m[5] * a[3] + a[5]};
    for (size_t k = 0; k < 6; k++)
        if (!kc_pdf_followed(c[k]))
            return false;
    memcpy(out, c, sizeof c);
    return true;
}

/* Adds what one scan of an appearance (sub) found painted to the page's. */
static void add_drawn(kc_pdf_geom *g, const kc_pdf_geom *sub)
{
    g->drawn_anywhere |= sub->drawn_anywhere;
    for (size_t i = 0; i < sub->n_drawn; i++) {
        if (g->n_drawn == KC_PDF_MAX_COVERS)
            g->drawn_anywhere = true;
        else
            g->drawn[g->n_drawn++] = sub->drawn[i];
    }
    for (size_t i = 0; i < sub->n_pieces; i++) {
        if (g->n_pieces == KC_PDF_MAX_COVERS) {
            g->drawn_anywhere = true;
        } else {
            g->stroked[g->n_pieces] = sub->stroked[i];
            g->pieces[g->n_pieces++] = sub->pieces[i];
        }
    }
}

static void drawn_at(kc_pdf_geom *g, kc_pdf_box b)
{
    if (g->n_drawn == KC_PDF_MAX_COVERS || !kc_pdf_box_followed(&b))
        g->drawn_anywhere = true;
    else
        g->drawn[g->n_drawn++] = b;
}

/* One appearance stream of an annotation whose rectangle is r, drawn over
 * the page's text: what it paints, into the page's geometry.  sub is
 * scratch space (a scan's state is too large for the stack). */
static void appearance_drawn(scan *s, kc_pdf_obj *ap, const kc_pdf_box *r, kc_pdf_textmodes *sub)
{
    kc_pdf_geom *g = &s->modes.geom;
    double ctm[6];
    unsigned char *data = NULL;
    size_t len = 0;
    if (!ap || ap->type != KC_PDF_STREAM)
        return; /* no appearance: nothing drawn from it (one a viewer makes is kc_actual_covering_annots') */
    if (!appearance_matrix(s, ap, r, ctm) || !kc_pdf_stream_ends(s->doc, ap) ||
        kc_pdf_stream_decode(kc_pdf_source(s->doc), ap, MAX_AP_STREAM, &data, &len, NULL) != 0) {
        drawn_at(g, *r); /* not read: anything may be drawn over its rectangle */
        return;
    }
    memset(sub, 0, sizeof *sub);
    kc_pdf_text_modes_start(sub, ctm);
    /* drawn after every glyph of the page: what it paints is over them */
    sub->drew_text = true;
    sub->xobject_box = kc_actual_xobject_box;
    sub->ud = s;
    /* its names are its own resources', then the page's (kc_actual_lookup) */
    bool pushed = kc_actual_push_res(s, kc_pdf_resolve(s->doc, s->rev, kc_pdf_dict_get(ap, "Resources")));
    if (pushed)
        kc_pdf_text_modes(data, len, sub);
    kc_actual_pop_res(s);
    free(data);
    if (!pushed) {
        drawn_at(g, *r);
        return;
    }
    add_drawn(g, &sub->geom);
    /* Glyphs it draws: their places are not followed, and poppler's text of
     * the page does not hold them, so a figure they draw over a digit
     * (a "0" over a white-boxed "1") is another: anywhere in its box. */
    if (sub->shown)
        drawn_at(g, *r);
}

static void piece_at(kc_pdf_geom *g, kc_pdf_box b, bool stroked)
{
    if (g->n_pieces == KC_PDF_MAX_COVERS || !kc_pdf_box_followed(&b)) {
        g->drawn_anywhere = true;
    } else {
        g->stroked[g->n_pieces] = stroked;
        g->pieces[g->n_pieces++] = b;
    }
}

/* The numbers of an array (or of each array in an array of arrays: an
 * /InkList) as points, grown into b; false when one is no number. */
static bool points_into(scan *s, kc_pdf_obj *arr, kc_pdf_box *b, bool *empty, int depth)
{
    static const double unit[6] = {1, 0, 0, 1, 0, 0};
    arr = kc_pdf_resolve(s->doc, s->rev, arr);
    if (!arr || arr->type != KC_PDF_ARRAY || depth > 1)
        return false;
    for (size_t k = 0; k < arr->u.arr.n; k++) {
        kc_pdf_obj *x = kc_pdf_resolve(s->doc, s->rev, arr->u.arr.items[k]);
        if (x && x->type == KC_PDF_ARRAY) {
            if (!points_into(s, x, b, empty, depth + 1))
                return false;
            continue;
        }
        double px, py;
        if (!kc_actual_num_at(s, arr, k, &px) || !kc_actual_num_at(s, arr, k + 1, &py))
            return false;
        kc_pdf_box_add_point(b, empty, unit, px, py);
        k++;
    }
    return true;
}

/* An annotation without /AP that viewers draw all the same (poppler and
 * MuPDF make its appearance: drawn_without_ap), over the page's text: a
 * Circle's ellipse is a "0" over a "1" a white Square hides, a FreeText
 * writes one (rtshown27: pdftoppm and mutool draw showed 2020, the text
 * 2021, counted without a word).  A Square's or a Link's border is four
 * strokes inside its /Rect, pieces as a page's rectangle is (a frame round a
 * date is no piece of a digit); a text markup's quadrilaterals are pieces
 * (a highlight behind a whole year is a ground); a pop-up draws nothing on
 * the page; anything else is a figure drawn over its /Rect and the points it
 * is made of (a Line's /L, an Ink's /InkList, a Polygon's /Vertices). */
static void made_drawn(scan *s, kc_pdf_obj *a, const kc_pdf_box *r)
{
    kc_pdf_geom *g = &s->modes.geom;
    kc_pdf_obj *sub = kc_pdf_resolve(s->doc, s->rev, kc_pdf_dict_get(a, "Subtype"));
    double w = link_border(s, a);
    if (kc_pdf_is_name(sub, "Popup"))
        return;
    if ((kc_pdf_is_name(sub, "Square") || kc_pdf_is_name(sub, "Link")) && w >= 0) {
        if (w == 0)
            return;
        piece_at(g, (kc_pdf_box){r->x1, r->y2 - w, r->x2, r->y2}, true);
        piece_at(g, (kc_pdf_box){r->x1, r->y1, r->x2, r->y1 + w}, true);
        piece_at(g, (kc_pdf_box){r->x1, r->y1, r->x1 + w, r->y2}, true);
        piece_at(g, (kc_pdf_box){r->x2 - w, r->y1, r->x2, r->y2}, true);
        return;
    }
    static const char *const markup[] = {"Highlight", "Underline", "StrikeOut", "Squiggly"};
    for (size_t i = 0; i < G_N_ELEMENTS(markup); i++) {
        if (!kc_pdf_is_name(sub, markup[i]))
            continue;
        kc_pdf_obj *q = kc_pdf_resolve(s->doc, s->rev, kc_pdf_dict_get(a, "QuadPoints"));
        size_t n = q && q->type == KC_PDF_ARRAY ? q->u.arr.n : 0;
        if (n == 0 || n % 8 != 0 || n > 8 * KC_PDF_MAX_COVERS) {
            piece_at(g, *r, false);
            return;
        }
        static const double unit[6] = {1, 0, 0, 1, 0, 0};
        for (size_t k = 0; k < n; k += 8) {
            kc_pdf_box b = {0};
            bool empty = true;
            for (size_t j = 0; j < 8; j += 2) {
                double px, py;
                if (!kc_actual_num_at(s, q, k + j, &px) || !kc_actual_num_at(s, q, k + j + 1, &py)) {
                    g->drawn_anywhere = true;
                    return;
                }
                kc_pdf_box_add_point(&b, &empty, unit, px, py);
            }
            piece_at(g, b, false);
        }
        return;
    }
    kc_pdf_box b = *r;
    bool empty = false, read = true;
    static const char *const points[] = {"L", "InkList", "Vertices"};
    for (size_t i = 0; i < G_N_ELEMENTS(points); i++)
        if (kc_pdf_dict_get(a, points[i]))
            read = read && points_into(s, kc_pdf_dict_get(a, points[i]), &b, &empty, 0);
    if (!read || w < 0) {
        g->drawn_anywhere = true;
        return;
    }
    drawn_at(g, (kc_pdf_box){b.x1 - w, b.y1 - w, b.x2 + w, b.y2 + w});
}

/* Whether a widget's field is a signature's (/FT /Sig, its own or inherited
 * from a /Parent): poppler makes no new appearance for one. */
static bool signature_field(scan *s, kc_pdf_obj *a)
{
    for (int depth = 0; a && a->type == KC_PDF_DICT && depth < 16; depth++) {
        kc_pdf_obj *ft = kc_pdf_resolve(s->doc, s->rev, kc_pdf_dict_get(a, "FT"));
        if (ft)
            return kc_pdf_is_name(ft, "Sig");
        a = kc_pdf_resolve(s->doc, s->rev, kc_pdf_dict_get(a, "Parent"));
    }
    return false;
}

void kc_actual_annots_drawn(scan *s, kc_pdf_obj *node)
{
    if (!s->modes.shown) /* no text of the page shows: nothing to draw over */
        return;
    kc_pdf_obj *annots = kc_pdf_resolve(s->doc, s->rev, kc_pdf_dict_get(node, "Annots"));
    if (!annots || annots->type != KC_PDF_ARRAY)
        return;
    if (annots->u.arr.n > MAX_ANNOTS) {
        s->modes.geom.drawn_anywhere = true;
        return;
    }
    kc_pdf_textmodes *sub = g_new0(kc_pdf_textmodes, 1);
    for (size_t i = 0; i < annots->u.arr.n; i++) {
        kc_pdf_obj *a = kc_pdf_resolve(s->doc, s->rev, annots->u.arr.items[i]);
        kc_pdf_obj *ap = a && a->type == KC_PDF_DICT ? kc_pdf_resolve(s->doc, s->rev, kc_pdf_dict_get(a, "AP")) : NULL;
        kc_pdf_obj *n = ap && ap->type == KC_PDF_DICT ? kc_pdf_resolve(s->doc, s->rev, kc_pdf_dict_get(ap, "N")) : NULL;
        /* no appearance poppler draws (none, or no /N, or not /AS's state):
         * it makes one, drawn over the page as the states read below are */
        bool made = a && a->type == KC_PDF_DICT && !has_normal_ap(s, a) && drawn_without_ap(s, a);
        kc_pdf_obj *r = n || made ? kc_pdf_resolve(s->doc, s->rev, kc_pdf_dict_get(a, "Rect")) : NULL;
        double v[4] = {0};
        bool numbers = r && r->type == KC_PDF_ARRAY;
        for (size_t k = 0; k < 4; k++)
            numbers = numbers && kc_actual_num_at(s, r, k, &v[k]);
        if (!n && !made)
            continue;
        if (!numbers || a->dup_keys || (ap && ap->dup_keys)) { /* readers disagree on where, or on which appearance */
            s->modes.geom.drawn_anywhere = true;
            break;
        }
        kc_pdf_box box = {MIN(v[0], v[2]), MIN(v[1], v[3]), MAX(v[0], v[2]), MAX(v[1], v[3])};
        if (box.x1 == box.x2 || box.y1 == box.y2)
            continue; /* no area: drawn nowhere (an invisible signature's widget) */
        /* A form told to redraw its fields (/NeedAppearances true): poppler
         * draws a field's value anew, whatever its appearance draws (a text
         * field of value "0" over a "1" the page boxes in white, its
         * appearance empty: pdftoppm showed 2020, rtshown27). */
        kc_pdf_obj *type = kc_pdf_resolve(s->doc, s->rev, kc_pdf_dict_get(a, "Subtype"));
        if (s->need_appearances && kc_pdf_is_name(type, "Widget") && !signature_field(s, a))
            drawn_at(&s->modes.geom, box);
        if (made)
            made_drawn(s, a, &box);
        if (!n) {
            continue;
        } else if (n->type == KC_PDF_STREAM) {
            appearance_drawn(s, n, &box, sub);
        } else if (n->type == KC_PDF_DICT) {
            /* One appearance a state (a check box's /Yes and /Off): which one
             * viewers draw is /AS's, when it names one; all are read, as any
             * may be drawn after the state changes. */
            if (n->u.dict.n > MAX_STATES || n->dup_keys) {
                drawn_at(&s->modes.geom, box);
                continue;
            }
            for (size_t k = 0; k < n->u.dict.n; k++)
                appearance_drawn(s, kc_pdf_resolve(s->doc, s->rev, n->u.dict.vals[k]), &box, sub);
        } else {
            drawn_at(&s->modes.geom, box);
        }
    }
    g_free(sub);
}
