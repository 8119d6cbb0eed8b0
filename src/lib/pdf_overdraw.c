/* pdf_overdraw.c: text drawn so that no one reads its figures apart, or
 * with another figure drawn over them (the content scan, pdf_textmode.c,
 * asks as it reads a page; pdftext_shown.c asks the boxes it kept).
 *
 * Glyphs pile on one another when character or word spacing moves each
 * back over the one before (rtshown23, session 39), or squeeze flat under
 * a matrix or Tz (rtshown22); a shape, a picture or a form painted after
 * the text may draw a figure of its own over a digit (rtshown25, atkshown).
 * The boxes are in the page's default user space, as kc_pdf_geom keeps
 * them; a TJ array's piles are pdf_textpile.c's. */
#include <stdbool.h>

#include "pdf.h"
#include "pdf_overdraw.h"

#define DRAWN_OVER 0.2  /* of a digit's box (its ink fills about 0.4 of it): under what may draw another figure there */
/* rtshown26: of a digit's box, under small pieces painted after it: a "1"'s
 * stem of 0.9 pt in a 12.5 pt box covers 0.07 of it, an underline's 0.6 pt
 * under one digit 0.04 */
#define PIECES_OVER 0.05
#define PIECE_REACH 0.25 /* of a digit's box's height: how far past it a piece of a figure over it may reach */

bool kc_pdf_followed(double v)
{
    return v == v && v > -KC_PDF_FAR && v < KC_PDF_FAR; /* not NaN, not huge */
}

/* The point (x, y) by the current matrix, into the box b (grown). */
void kc_pdf_box_add_point(kc_pdf_box *b, bool *empty, const double *ctm, double x, double y)
{
    double X = ctm[0] * x + ctm[2] * y + ctm[4], Y = ctm[1] * x + ctm[3] * y + ctm[5];
    if (*empty) {
        *b = (kc_pdf_box){X, Y, X, Y};
        *empty = false;
        return;
    }
    b->x1 = X < b->x1 ? X : b->x1;
    b->y1 = Y < b->y1 ? Y : b->y1;
    b->x2 = X > b->x2 ? X : b->x2;
    b->y2 = Y > b->y2 ? Y : b->y2;
}

kc_pdf_box kc_pdf_box_by_matrix(const double *ctm, kc_pdf_box in)
{
    kc_pdf_box b = {0};
    bool empty = true;
    kc_pdf_box_add_point(&b, &empty, ctm, in.x1, in.y1);
    kc_pdf_box_add_point(&b, &empty, ctm, in.x2, in.y1);
    kc_pdf_box_add_point(&b, &empty, ctm, in.x1, in.y2);
    kc_pdf_box_add_point(&b, &empty, ctm, in.x2, in.y2);
    return b;
}

bool kc_pdf_box_followed(const kc_pdf_box *b)
{
    return kc_pdf_followed(b->x1) && kc_pdf_followed(b->y1) && kc_pdf_followed(b->x2) && kc_pdf_followed(b->y2);
}

/* Painted after text, b may draw a figure over a digit: a curved path, a
 * picture, a form (kc_pdf_geom.drawn).  A form's own content is its Do's. */
void kc_pdf_drawn_over(kc_pdf_textmodes *m, kc_pdf_box b)
{
    if (!m->drew_text || m->in_form)
        return;
    if (!kc_pdf_box_followed(&b) || m->geom.n_drawn == KC_PDF_MAX_COVERS)
        m->geom.drawn_anywhere = true;
    else
        m->geom.drawn[m->geom.n_drawn++] = b;
}

/* The area two boxes share (0: none). */
static double shared(const kc_pdf_box *a, const kc_pdf_box *b)
{
    double w = (a->x2 < b->x2 ? a->x2 : b->x2) - (a->x1 > b->x1 ? a->x1 : b->x1);
    double h = (a->y2 < b->y2 ? a->y2 : b->y2) - (a->y1 > b->y1 ? a->y1 : b->y1);
    return w > 0 && h > 0 ? w * h : 0;
}

static bool inside(const kc_pdf_box *in, const kc_pdf_box *out)
{
    return in->x1 >= out->x1 && in->y1 >= out->y1 && in->x2 <= out->x2 && in->y2 <= out->y2;
}

/* How much of own small pieces cover (rtshown26): those lying near the
 * digit, within PIECE_REACH of its height past its box (a figure's bars,
 * a bar turning one figure into another), and not filling the whole of it
 * (a cell's fill behind it, a cover: the drawing judges those).  A table's
 * rule, a line's underline, a seal run past the digit and are not counted. */
static double pieces_over(const kc_pdf_geom *g, const kc_pdf_box *own)
{
    double r = PIECE_REACH * (own->y2 - own->y1), sum = 0;
    kc_pdf_box near = {own->x1 - r, own->y1 - r, own->x2 + r, own->y2 + r};
    for (size_t i = 0; i < g->n_pieces; i++) {
        const kc_pdf_box *p = &g->pieces[i];
        /* a stroked frame round the digit inks its edges, not its middle */
        if (inside(p, &near) && (g->stroked[i] || !inside(own, p)))
            sum += shared(p, own);
    }
    return sum;
}

bool kc_pdf_geom_drawn_over(const kc_pdf_geom *g, const kc_pdf_box *own)
{
    if (g->drawn_anywhere)
        return true;
    double area = (own->x2 - own->x1) * (own->y2 - own->y1);
    for (size_t i = 0; i < g->n_drawn; i++)
        if (shared(&g->drawn[i], own) > DRAWN_OVER * area)
            return true;
    return pieces_over(g, own) > PIECES_OVER * area;
}

static bool meets(const kc_pdf_box *c, const kc_pdf_box *b)
{
    return c->x1 <= b->x2 && b->x1 <= c->x2 && c->y1 <= b->y2 && b->y1 <= c->y2; /* touching counts */
}

bool kc_pdf_geom_may_hide(const kc_pdf_geom *g, const kc_pdf_box *grown, const kc_pdf_box *own)
{
    const kc_pdf_box *b = grown;
    for (size_t i = 0; i < g->n_covers; i++)
        if (meets(&g->covers[i], b))
            return true; /* an edge may still cut a glyph's ink */
    /* A thin stroke beside a digit (the motto's rule over the date line, a
     * table's rules) hides none of it; strokes crossing its box may, side by
     * side (a band of white lines over a heading's year, session 36). */
    for (size_t i = 0; i < g->n_thin; i++)
        if (meets(&g->thin[i], own))
            return true;
    /* A clip cuts only what lies outside it: a digit wholly inside every
     * rectangular clip any text was drawn in is not cut, whichever of them
     * it was drawn in.  Inside one of them only is not enough: the year could
     * be drawn under a clip elsewhere and lie where another clip's text is. */
    for (size_t i = 0; i < g->n_clips; i++) {
        const kc_pdf_box *c = &g->clips[i];
        if (b->x1 < c->x1 || b->y1 < c->y1 || b->x2 > c->x2 || b->y2 > c->y2)
            return true;
    }
    return false;
}

/* Whether character spacing piles glyphs drawn now on one another: "-0.45
 * Tc" at 12.5 pt draws each digit of a year over 70% of the one before, a
 * blot no one reads as 2021, while poppler gives the digits and boxes cut
 * to the advance that are each of honest shape (rtshown23: read as 2021
 * over a 2020 report).  A quarter of an em back is past what any
 * condensed setting does (Word's "condensed by 2 pt" at 12 pt is a sixth)
 * and about where digits stop reading apart. */
#define PILED_EM KC_PDF_PILED_EM
bool kc_pdf_piled_glyphs(const kc_pdf_textmodes *m)
{
    return m->st.font_size > 0 && -m->st.char_spacing > PILED_EM * m->st.font_size;
}

/* Whether word spacing moves a space back so far that the figures beside
 * it pile (the string holds a space by a figure: kc_pdf_tj_array's
 * space_digit): the same quarter of an em as Tc's. */
bool kc_pdf_piled_words(const kc_pdf_textmodes *m)
{
    return m->st.font_size > 0 && -m->st.word_spacing > PILED_EM * m->st.font_size;
}

/* Whether glyphs drawn now are squeezed or sheared flat: the glyph space's
 * x and y axes in the page's space (by Tz, the text matrix and the current
 * matrix) of very unequal lengths, or nearly parallel.  A heading "Số: 90/…
 * năm 2021" drawn with "12.5 0 11 -0.9 … Tm" is a dotted line on the page,
 * and poppler gives its text and honest boxes (rtshown22: read as 2021 over
 * a 2020 report); at "8 Tz" each glyph is a hairline.  Honest text, turned,
 * mirrored, condensed to half or slanted as an italic, is none of these.
 * Squares are compared: the library does not link libm. */
#define FLAT_RATIO 0.15 /* one axis shorter than this of the other: Tz below 15% */
#define FLAT_SINE 0.35  /* the axes closer than 20 degrees: sheared by over 70 */
bool kc_pdf_flat_glyphs(const kc_pdf_textmodes *m)
{
    const double *c = m->st.ctm, *t = m->tm, k = m->st.hscale;
    double hx = k * (t[0] * c[0] + t[1] * c[2]), hy = k * (t[0] * c[1] + t[1] * c[3]);
    double vx = t[2] * c[0] + t[3] * c[2], vy = t[2] * c[1] + t[3] * c[3];
    double h2 = hx * hx + hy * hy, v2 = vx * vx + vy * vy, det = hx * vy - hy * vx;
    return h2 < FLAT_RATIO * FLAT_RATIO * v2 || v2 < FLAT_RATIO * FLAT_RATIO * h2 ||
           det * det < FLAT_SINE * FLAT_SINE * h2 * v2;
}


/* Painted after text, b may be a piece of a figure drawn over a digit,
 * whatever its colour (kc_pdf_geom.pieces).  A form's own content is its Do's. */
void kc_pdf_piece(kc_pdf_textmodes *m, kc_pdf_box b)
{
    if (!m->drew_text || m->in_form)
        return;
    if (!kc_pdf_box_followed(&b) || m->geom.n_pieces == KC_PDF_MAX_COVERS)
        m->geom.drawn_anywhere = true;
    else {
        m->geom.stroked[m->geom.n_pieces] = false;
        m->geom.pieces[m->geom.n_pieces++] = b;
    }
}

/* The current subpath ends (m, re, the path painted or ended): its box is a
 * piece, kept until the path is ended without being painted. */
static void path_start(kc_pdf_textmodes *m)
{
    if (!m->path_started) {
        m->pieces_mark = m->geom.n_pieces;
        m->anywhere_mark = m->geom.drawn_anywhere;
        m->path_started = true;
    }
}

void kc_pdf_sub_close(kc_pdf_textmodes *m)
{
    path_start(m);
    if (m->sub_open)
        kc_pdf_piece(m, m->sub);
    m->sub_open = false;
}

/* A point of the current subpath, by the current matrix. */
void kc_pdf_sub_point(kc_pdf_textmodes *m, double x, double y)
{
    bool empty = !m->sub_open;
    path_start(m);
    kc_pdf_box_add_point(&m->sub, &empty, m->st.ctm, x, y);
    m->sub_open = true;
}

/* The path ends: painted (its pieces grown by grow, a stroke's reach, and
 * kept) or not (n: taken back). */
void kc_pdf_path_pieces(kc_pdf_textmodes *m, bool painted, double grow, bool stroked)
{
    kc_pdf_sub_close(m);
    if (!painted) {
        m->geom.n_pieces = m->pieces_mark;
        m->geom.drawn_anywhere = m->anywhere_mark;
    } else {
        for (size_t i = m->pieces_mark; i < m->geom.n_pieces; i++) {
            kc_pdf_box *b = &m->geom.pieces[i];
            *b = (kc_pdf_box){b->x1 - grow, b->y1 - grow, b->x2 + grow, b->y2 + grow};
            m->geom.stroked[i] = stroked;
        }
    }
    m->path_started = false;
}
