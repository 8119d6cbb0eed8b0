/* pdf_textmode.c: whether a page's content draws its text or shows it to
 * nobody (pdf_actual.c asks, for the pages whose text index reads).
 *
 * Text drawn in render mode 3 (neither filled nor stroked) or 7 (only added
 * to the clip), or any mode with the same low bits (11, 15, -1), is in poppler's text, and MuPDF's and pdf.js's, though no
 * viewer shows it: a heading "Số: 21/BC-UBND ngày 30 tháng 06 năm 2021" so
 * drawn above a page that shows "năm 2020" was read as 2021 (rtpdf19).  An
 * OCR'd scan's text is all drawn so over its image, and is all its text; so
 * only a page that also shows text of its own is judged.  A form XObject
 * drawn while the mode so hides inherits it, and counts as text not shown.
 * The lexer is the content stream's: strings, names, arrays, dictionaries,
 * comments and inline images are skipped whole; each operator ends a run of
 * operands, and Tr takes the last number before it.
 *
 * Text drawn in a filling mode may not show either: in white on the white
 * page, clipped away, under a shape painted after it (rtpdf20).  Drawing
 * the page tells (pdftext_shown.c), at twice the cost of reading its text;
 * so the scan also notes the first thing that may so hide text anywhere
 * (may_hide), and a page that draws none (its text black, no optional
 * content...) is drawn only where something may hide it (shown21): the scan
 * follows the current transformation matrix and keeps, in the page's default
 * user space, the box of each shape, picture or form painted after text or
 * under it (geom.covers) and of each rectangular clip text is drawn in
 * (geom.clips).  Every page of the bench, and Word's pages with a rule under
 * the motto or a signature widget at the foot, was drawn whole before.
 * Whether glyphs pile, squeeze flat or lie under a figure drawn over them,
 * and the boxes followed, are pdf_overdraw.c's. */
#include <glib.h>
#include <stdlib.h>
#include <string.h>

#include "pdf.h"
#include "pdf_overdraw.h"

#define FAR KC_PDF_FAR

#define MAX_NUMS 6     /* operands kept: cm's and Tm's six */
#define THIN_STROKE 2.0 /* points: a stroke no wider, without joins, reaches only its caps (its miter no spike) */
#define LARGE_TEXT 72.0 /* points: a glyph larger is no text of a document but may be a ground (a huge "l") */
#define OUTLINE_SEGMENTS 4 /* straight segments of a subpath: a rectangle or a rule has no more, a flattened "0" has */

static bool is_ws(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == 0;
}

static bool is_delim(unsigned char c)
{
    return strchr("()<>[]{}/%", c) != NULL;
}

/* poppler and MuPDF read a mode by its low bits: bit 0 no fill, bit 1
 * stroke, so "& 3 == 3" draws nothing, whatever else is set; 11, 15 or -1
 * (atkpdf: a heading "năm 2021" in mode 11 over a page showing 2020, read
 * as 2021 without a word) hide text as 3 and 7 do. */
static bool hides(int mode)
{
    return (mode & 3) == 3;
}

/* The operands before an operator: numbers (the last MAX_NUMS), and
 * whether the first was the name /OC (optional content). */
typedef struct operands {
    double num[MAX_NUMS];
    int n;
    bool oc;
    bool named; /* a name came: the first operand is known */
    /* the last number before a string, which clears num: '"''s ac (its
     * character spacing, "aw ac string \"") */
    double before_string;
    bool has_before_string;
    double before_string_aw; /* the one before it: '"''s aw (its word spacing) */
    bool has_aw;
} operands;

/* A string operand: the numbers before it are no longer the last operands. */
static void string_operand(operands *o)
{
    o->has_before_string = o->n > 0;
    o->before_string = o->n ? o->num[o->n - 1] : 0;
    o->has_aw = o->n > 1;
    o->before_string_aw = o->n > 1 ? o->num[o->n - 2] : 0;
    o->n = 0;
    o->named = true;
}

static void may_hide(kc_pdf_textmodes *m, const char *why)
{
    if (!m->may_hide)
        m->may_hide = why;
}

/* Something painted over b (default user space): a cover for text drawn
 * before it, a ground for text drawn after.  Past KC_PDF_MAX_COVERS, or a
 * box this scan cannot follow: anywhere. */
static void cover(kc_pdf_textmodes *m, kc_pdf_box b, const char *why)
{
    if (m->drew_text)
        m->painted_after++;
    if (m->in_form) /* the form's Do covers its /BBox: all it paints is inside */
        return;
    if (!kc_pdf_box_followed(&b) || m->geom.n_covers == KC_PDF_MAX_COVERS) {
        may_hide(m, why);
        return;
    }
    m->geom.covers[m->geom.n_covers++] = b;
}

static double absd(double v)
{
    return v < 0 ? -v : v;
}

/* Text drawn inside the rectangular clip st.clip: kept once. */
static void add_clip(kc_pdf_textmodes *m)
{
    kc_pdf_geom *g = &m->geom;
    for (size_t i = 0; i < g->n_clips; i++)
        if (memcmp(&g->clips[i], &m->st.clip, sizeof m->st.clip) == 0)
            return;
    if (g->n_clips == KC_PDF_MAX_CLIPS || !kc_pdf_box_followed(&m->st.clip))
        may_hide(m, "text drawn inside more clips than this scan keeps");
    else
        g->clips[g->n_clips++] = m->st.clip;
}

/* Whether a string just met must be decoded: inside a TJ array (its shifts),
 * or where word spacing could pile its spaces (negative now, or '"''s aw
 * before it); other strings, most of a page's, are not decoded. */
static bool string_read(const kc_pdf_tj_array *tj, const kc_pdf_textmodes *m, const operands *o)
{
    return tj->open || m->st.word_spacing < 0 || (o->has_aw && o->before_string_aw < 0) ||
           (m->st.font && m->st.font->narrow_any);
}

/* A text-showing operator in the current state. */
static void show_text(kc_pdf_textmodes *m)
{
    if (hides(m->st.mode)) {
        m->hidden++;
        return;
    }
    m->shown++;
    if (kc_pdf_flat_glyphs(m))
        m->flat++;
    else if (kc_pdf_piled_glyphs(m))
        m->piled++;
    m->drew_text = true;
    if (m->st.mode != 0) /* stroked or clipping text: its stroke colour, or a clip for what follows */
        may_hide(m, "text drawn in a render mode other than 0");
    if (m->st.soft_mask)
        m->masked++;
    if (!m->st.fill_black) {
        m->unblack++;
        may_hide(m, "text drawn in a colour other than black");
    }
    if (m->st.clipped && !m->st.clip_box)
        may_hide(m, "text drawn inside a clip");
    else if (m->st.clipped && !m->in_form)
        add_clip(m);
    if (m->st.font_size * m->tm_scale * m->st.scale > LARGE_TEXT)
        may_hide(m, "text drawn larger than 72 points");
}

/* A path filled, a picture or a form drawn over b: over text drawn before
 * it, or under text drawn after it, unless filled in white. */
static void paint(kc_pdf_textmodes *m, bool white_fill, kc_pdf_box b)
{
    if (m->drew_text || !white_fill)
        cover(m, b, "a shape or a picture painted after text or under it, where this scan cannot follow");
}

/* How far a stroke reaches past its path, in default user space: half its
 * width, at a corner up to the miter limit times that (a square cap: 1.5). */
static double stroke_reach(const kc_pdf_textmodes *m)
{
    double k = m->st.miter > 1.5 ? m->st.miter : 1.5;
    return m->st.line_width / 2 * k * m->st.scale;
}

/* The path built so far, painted (grown by a stroke's reach), then ended;
 * a thin stroke without joins kept apart (kc_pdf_geom_may_hide). */
static void paint_path(kc_pdf_textmodes *m, bool white_fill, double grow, bool thin, bool stroked)
{
    kc_pdf_path_pieces(m, m->path_parts > 0, grow, stroked);
    if (m->path_parts > 0) {
        kc_pdf_box b = m->path;
        b.x1 -= grow;
        b.y1 -= grow;
        b.x2 += grow;
        b.y2 += grow;
        if (!thin)
            paint(m, white_fill, b);
        else if (!m->in_form && kc_pdf_box_followed(&b) && m->geom.n_thin < KC_PDF_MAX_COVERS) {
            m->painted_after += m->drew_text;
            m->geom.thin[m->geom.n_thin++] = b;
        }
        else if (!m->in_form)
            may_hide(m, "more thin strokes than this scan keeps");
    } else if (m->path_parts < 0) {
        cover(m, (kc_pdf_box){-FAR, -FAR, FAR, FAR}, "a path this scan cannot follow painted");
        kc_pdf_drawn_over(m, (kc_pdf_box){-FAR, -FAR, FAR, FAR});
    }
}

/* Ends the path: a clip (W, W*) asked for takes effect now.  One rectangle
 * under a matrix that does not turn it is a clip box, met with the clip
 * before; any other clip is "anywhere". */
static void end_path(kc_pdf_textmodes *m)
{
    if (m->clip_pending) {
        bool rect = m->path_parts == 1 && m->path_rect;
        if (rect && (!m->st.clipped || m->st.clip_box)) {
            kc_pdf_box c = m->path, o = m->st.clip;
            if (m->st.clipped) {
                c.x1 = c.x1 > o.x1 ? c.x1 : o.x1;
                c.y1 = c.y1 > o.y1 ? c.y1 : o.y1;
                c.x2 = c.x2 < o.x2 ? c.x2 : o.x2;
                c.y2 = c.y2 < o.y2 ? c.y2 : o.y2;
                c.x2 = c.x2 < c.x1 ? c.x1 : c.x2; /* nothing left: a box of no area, no digit inside */
                c.y2 = c.y2 < c.y1 ? c.y1 : c.y2;
            }
            m->st.clip = c;
            m->st.clip_box = true;
        } else {
            m->st.clip_box = false;
        }
        m->st.clipped = true;
        m->clip_pending = false;
    }
    kc_pdf_path_pieces(m, false, 0, false); /* not painted (n), or already kept */
    m->path_parts = 0;
    m->path_rect = false;
    m->path_joins = false;
    m->path_outline = false;
    m->sub_segments = 0;
}

/* A path operator with the numbers before it: its points join the path's
 * box (a curve lies inside its control points' hull). */
static void path_op(kc_pdf_textmodes *m, char w, const operands *o)
{
    static const char ops[] = "mlcvyr"; /* r: re */
    static const int need[] = {2, 2, 6, 4, 4, 4};
    int k = (int)(strchr(ops, w) - ops);
    if (o->n < need[k] || m->path_parts < 0) {
        m->path_parts = -1; /* a path this scan cannot follow */
        return;
    }
    const double *a = o->num + o->n - need[k];
    bool empty = m->path_parts == 0;
    if (w == 'm' || w == 'r') {
        kc_pdf_sub_close(m);
        m->path_parts++;
        m->sub_segments = 0;
    } else if (m->sub_segments++ > 0) {
        m->path_joins = true;
    }
    /* A polygon of many sides draws a glyph's outline as well as curves do
     * (a "0" of 32 segments over a digit's white box, atkshown: 2020 shown,
     * 2021 read); a rectangle, a rule, a triangle do not. */
    m->path_outline |= m->sub_segments > OUTLINE_SEGMENTS;
    if (w == 'r') {
        static const double unit[6] = {1, 0, 0, 1, 0, 0};
        kc_pdf_box b = kc_pdf_box_by_matrix(m->st.ctm, (kc_pdf_box){a[0], a[1], a[0] + a[2], a[1] + a[3]});
        kc_pdf_box_add_point(&m->path, &empty, unit, b.x1, b.y1);
        kc_pdf_box_add_point(&m->path, &empty, unit, b.x2, b.y2);
        m->path_rect = m->st.ctm[1] == 0 && m->st.ctm[2] == 0;
        m->sub = b; /* a subpath of its own */
        m->sub_open = true;
        return;
    }
    m->path_rect = false;
    m->path_outline |= w == 'c' || w == 'v' || w == 'y';
    for (int i = 0; i + 1 < need[k]; i += 2) {
        kc_pdf_box_add_point(&m->path, &empty, m->st.ctm, a[i], a[i + 1]);
        kc_pdf_sub_point(m, a[i], a[i + 1]);
    }
}

/* cm: the current matrix becomes o's by it. */
static void concat(kc_pdf_textmodes *m, const operands *o)
{
    const double *a = o->num + o->n - 6, *c = m->st.ctm;
    double r[6] = {a[0] * c[0] + a[1] * c[2], a[0] * c[1] + a[1] * c[3], a[2] * c[0] + a[3] * c[2],
                   a[2] * c[1] + a[3] * c[3], a[4] * c[0] + a[5] * c[2] + c[4], a[4] * c[1] + a[5] * c[3] + c[5]};
    for (int i = 0; i < 6; i++)
        if (!kc_pdf_followed(r[i]))
            may_hide(m, "a matrix this scan cannot follow");
    memcpy(m->st.ctm, r, sizeof r);
}

/* The unit square (an image) or a named XObject's box by the current
 * matrix, painted. */
static void paint_xobject(kc_pdf_textmodes *m, const char *name)
{
    kc_pdf_box b = {0, 0, 1, 1};
    if (name && !(m->xobject_box && m->xobject_box(m->ud, name, &b))) {
        cover(m, (kc_pdf_box){-FAR, -FAR, FAR, FAR}, "a picture or a form whose box this scan does not know");
        kc_pdf_drawn_over(m, (kc_pdf_box){-FAR, -FAR, FAR, FAR});
        return;
    }
    kc_pdf_box on = kc_pdf_box_by_matrix(m->st.ctm, b);
    paint(m, false, on);
    kc_pdf_drawn_over(m, on);
    kc_pdf_piece(m, on); /* a small one: a bar or a figure's picture over part of a digit */
}

/* How much a matrix's last six operands enlarge: a bound, |a|+|b| or |c|+|d|. */
static double grows(const operands *o)
{
    const double *a = o->num + o->n - 6;
    double x = absd(a[0]) + absd(a[1]), y = absd(a[2]) + absd(a[3]);
    return x > y ? x : y;
}

/* Whether the last k operands are all v. */
static bool all(const operands *o, int k, double v)
{
    if (o->n < k)
        return false;
    for (int i = o->n - k; i < o->n; i++)
        if (o->num[i] != v)
            return false;
    return true;
}

static void colour(kc_pdf_textmodes *m, const unsigned char *w, size_t k, const operands *o)
{
#define IS(s) (k == sizeof(s) - 1 && memcmp(w, s, k) == 0)
    if (IS("g") || IS("rg") || IS("k") || IS("sc") || IS("scn"))
        m->st.fill_pattern = (IS("sc") || IS("scn")) && o->named; /* a pattern is named, a colour is not */
    if (IS("g")) {
        m->st.fill_black = all(o, 1, 0);
        m->st.fill_white = all(o, 1, 1);
    } else if (IS("rg")) {
        m->st.fill_black = all(o, 3, 0);
        m->st.fill_white = all(o, 3, 1);
    } else if (IS("k")) { /* black ink at full: black whatever else is inked */
        m->st.fill_black = o->n >= 4 && o->num[o->n - 1] == 1;
        m->st.fill_white = all(o, 4, 0);
    } else if (IS("sc") || IS("scn")) {
        /* Black only in a device space named as such: a space named by a
         * resource may be a DeviceN whose tint transform makes "0 0 0"
         * white (atkshown), so it is no known colour and the page is drawn. */
        m->st.fill_black = !o->named && ((o->n == 3 && m->st.rgb_space && all(o, 3, 0)) ||
                                         (o->n == 1 && m->st.gray_space && all(o, 1, 0)) ||
                                         (o->n == 4 && m->st.cmyk_space && o->num[3] == 1));
        m->st.fill_white = !o->named && ((o->n == 1 && m->st.gray_space && all(o, 1, 1)));
    }
#undef IS
}

static void op(kc_pdf_textmodes *m, const unsigned char *w, size_t k, const operands *o, const char *cs_name)
{
#define IS(s) (k == sizeof(s) - 1 && memcmp(w, s, k) == 0)
    double last = o->n ? o->num[o->n - 1] : 0;
    if (IS("q")) {
        if (m->depth < KC_PDF_TEXTMODE_DEPTH)
            m->saved[m->depth] = m->st;
        else /* its Q restores nothing here: the colour, the clip, the matrix after it are not known */
            may_hide(m, "graphics states nested deeper than this scan follows");
        m->depth++;
    } else if (IS("Q")) {
        if (m->depth > 0 && --m->depth < KC_PDF_TEXTMODE_DEPTH)
            m->st = m->saved[m->depth];
    } else if (IS("Tr")) {
        /* A mode past int (poppler reads it as a real and ignores the Tr)
         * is no mode this scan knows: the page is drawn whole. */
        if (o->n && last >= -1000 && last <= 1000)
            m->st.mode = (int)last;
        else if (o->n)
            may_hide(m, "a text render mode this scan cannot read");
    } else if (IS("Tj") || IS("TJ") || IS("'")) {
        show_text(m);
    } else if (IS("Do")) {
        if (hides(m->st.mode))
            m->hidden++;
        paint_xobject(m, cs_name ? cs_name : "");
    } else if (IS("m") || IS("l") || IS("c") || IS("v") || IS("y") || IS("re")) {
        path_op(m, (char)(w[0] == 'r' ? 'r' : w[0]), o);
    } else if (IS("h")) {
        m->path_joins = true; /* closes the subpath: no new point, a join */
    } else if (IS("W") || IS("W*")) {
        m->clip_pending = true;
    } else if (IS("f") || IS("F") || IS("f*")) {
        /* a pattern fills a plain box with its own drawing, a "0" as well (atkshown2) */
        if ((m->path_outline || m->st.fill_pattern) && m->path_parts > 0 && !m->st.fill_white)
            kc_pdf_drawn_over(m, m->path);
        paint_path(m, m->st.fill_white, 0, false, false);
        end_path(m);
    } else if (IS("B") || IS("B*") || IS("b") || IS("b*")) {
        if ((m->path_outline || m->st.fill_pattern) && m->path_parts > 0)
            kc_pdf_drawn_over(m, m->path);
        paint_path(m, false, stroke_reach(m), false, false); /* fills too: a cell drawn whole behind a digit */
        end_path(m);
    } else if (IS("n")) {
        end_path(m);
    } else if (IS("sh")) { /* fills the clip: its box when known */
        if (m->st.clipped && m->st.clip_box) {
            paint(m, false, m->st.clip);
            /* a radial shading paints a ring between its circles, a "0"
             * in a digit's box (atkshown2): drawn as a picture is */
            kc_pdf_drawn_over(m, m->st.clip);
            kc_pdf_piece(m, m->st.clip);
        } else {
            cover(m, (kc_pdf_box){-FAR, -FAR, FAR, FAR}, "a shading painted over the whole clip");
            if (m->st.clipped) /* a clip of any shape may be a figure's outline ("0" as a ring, W*) */
                kc_pdf_drawn_over(m, (kc_pdf_box){-FAR, -FAR, FAR, FAR});
        }
    } else if (IS("BI")) {
        /* poppler reads an inline image's data by its size (width, height,
         * bits, filters), then up to the next "EI" wherever it is: this scan
         * ends it at the first "EI" between white space, which may lie
         * inside that data ("ab EI 0 0 0 rg …" read as black, poppler's fill
         * white) or after it.  Only drawing the page tells what poppler did. */
        paint_xobject(m, NULL);
        may_hide(m, "an inline image, whose data poppler reads by its size");
    } else if (IS("S") || IS("s")) {
        /* A thin stroke alone covers no glyph, but thin strokes side by side
         * are a band: white ones 2 pt apart over a heading's date hid its year
         * (the lead's attack, session 36).  So every stroke is kept; a thin
         * one whose segments never meet reaches only as far as its caps, and
         * counts only where it crosses a digit's own box. */
        bool thin = m->st.line_width * m->st.scale <= THIN_STROKE && !m->path_joins && IS("S");
        /* a stroked outline draws a figure as a filled one does (a "0" as a
         * stroked ellipse over a digit's white box, atkshown) */
        if (m->path_outline && m->path_parts > 0)
            kc_pdf_drawn_over(m, m->path);
        paint_path(m, false, thin ? m->st.line_width / 2 * 1.5 * m->st.scale : stroke_reach(m), thin, true);
        end_path(m);
    } else if (IS("M")) {
        if (o->n)
            m->st.miter = absd(last);
    } else if (IS("Tf")) {
        if (o->n)
            m->st.font_size = absd(last);
        /* a form's names are looked up in its own resources (pdf_actual.c) */
        m->st.font = m->font_codes && cs_name ? m->font_codes(m->ud, cs_name) : NULL;
    } else if (IS("Tm")) {
        if (o->n >= 6) {
            m->tm_scale = grows(o);
            memcpy(m->tm, o->num + o->n - 6, sizeof m->tm);
        }
    } else if (IS("gs")) {
        int masks = m->gs_soft_mask && cs_name ? m->gs_soft_mask(m->ud, cs_name) : -1;
        if (masks >= 0)
            m->st.soft_mask = masks;
    } else if (IS("Tc")) {
        if (o->n)
            m->st.char_spacing = last;
    } else if (IS("Tw")) {
        if (o->n)
            m->st.word_spacing = last;
    } else if (IS("\"")) { /* aw ac string ": ac is Tc's, aw Tw's */
        if (o->has_before_string)
            m->st.char_spacing = o->before_string;
        if (o->has_aw)
            m->st.word_spacing = o->before_string_aw;
        show_text(m);
    } else if (IS("Tz")) {
        if (o->n)
            m->st.hscale = last / 100;
    } else if (IS("BT")) {
        m->tm_scale = 1;
        memcpy(m->tm, (double[4]){1, 0, 0, 1}, sizeof m->tm);
    } else if (IS("w")) {
        if (o->n)
            m->st.line_width = absd(last);
    } else if (IS("cm")) {
        if (o->n >= 6) {
            m->st.scale *= grows(o);
            concat(m, o);
        }
    } else if (IS("cs")) {
        m->st.gray_space = cs_name && strcmp(cs_name, "DeviceGray") == 0;
        m->st.rgb_space = cs_name && strcmp(cs_name, "DeviceRGB") == 0;
        m->st.cmyk_space = cs_name && strcmp(cs_name, "DeviceCMYK") == 0;
        /* a device space's initial colour is black; a named one's is not known (Separation: no ink) */
        m->st.fill_black = m->st.gray_space || m->st.rgb_space || m->st.cmyk_space;
        m->st.fill_white = false;
        m->st.fill_pattern = false; /* /Pattern's initial colour paints nothing until scn names one */
    } else if (IS("BDC") || IS("BMC")) {
        if (o->oc)
            may_hide(m, "optional content");
    } else {
        colour(m, w, k, o);
    }
#undef IS
}

void kc_pdf_text_modes_start(kc_pdf_textmodes *m, const double *ctm)
{
    /* the initial graphics state: black, no clip, lines 1 wide, no scaling */
    m->st = (kc_pdf_textstate){.fill_black = true, .gray_space = true, .line_width = 1, .scale = 1, .miter = 10,
                               .hscale = 1};
    memcpy(m->st.ctm, ctm, sizeof m->st.ctm);
    double x = absd(ctm[0]) + absd(ctm[1]), y = absd(ctm[2]) + absd(ctm[3]);
    m->st.scale = x > y ? x : y; /* as cm's bound (grows) */
    m->tm_scale = 1;
    memcpy(m->tm, (double[4]){1, 0, 0, 1}, sizeof m->tm);
    m->started = true;
}

#define MAX_KEYWORD 127 /* poppler reads a keyword no longer (it drops the next byte, the rest is another) */

void kc_pdf_text_modes(const unsigned char *b, size_t n, kc_pdf_textmodes *m)
{
    size_t p = 0;
    operands o = {0};
    char name[64] = ""; /* the last name, for cs and Do */
    kc_pdf_tj_array tj = {0};
    if (!m->started) {
        kc_pdf_text_modes_start(m, (const double[6]){1, 0, 0, 1, 0, 0});
    } else if (m->open_end) {
        /* poppler reads a page's streams as one: a comment, a string or an
         * inline image left open runs on into this one, operands left
         * pending are this one's first operator's ("1 1 1 rg %" then "0 0 0
         * rg" on the next stream's first line: a white heading read as
         * black, the page not drawn) */
        may_hide(m, "content streams that poppler reads on from one into the next");
    }
    bool open = false; /* this stream ends inside a comment, a string or an inline image */
    while (p < n) {
        unsigned char c = b[p];
        if (is_ws(c)) {
            p++;
        } else if (c == '%') {
            while (p < n && b[p] != '\r' && b[p] != '\n')
                p++;
            open = p == n;
        } else if (c == '(') {
            bool closed;
            size_t s = p;
            p = kc_pdf_skip_literal_closed(b, n, p, &closed);
            open = !closed;
            string_operand(&o);
            tj.font = m->st.font;
            if (string_read(&tj, m, &o))
                kc_pdf_tj_string(&tj, b, s, p, false);
        } else if (c == '<' && p + 1 < n && b[p + 1] == '<') {
            /* a dictionary opens (a marked-content span's): its keys and
             * values are read as tokens; taken for a hex string, its second
             * "<" ran to the first ">", inside a string "(>%)" of it, and
             * the "%" then hid the rest of the line (a white heading). */
            p += 2;
            o.n = 0;
            o.named = true;
        } else if (c == '<') {
            const unsigned char *gt = memchr(b + p, '>', n - p);
            size_t s = p;
            p = gt ? (size_t)(gt - b) + 1 : n;
            open = !gt;
            string_operand(&o);
            tj.font = m->st.font;
            if (string_read(&tj, m, &o))
                kc_pdf_tj_string(&tj, b, s, p, true);
        } else if (c == '/') {
            size_t s = ++p;
            for (; p < n && !is_ws(b[p]) && !is_delim(b[p]); p++)
                ;
            size_t len = p - s < sizeof name - 1 ? p - s : sizeof name - 1;
            memcpy(name, b + s, len);
            name[len] = 0;
            if (p - s > len) /* cut: another name's prefix, not this one ("#" is in no key it looks up) */
                strcpy(name, "#");
            /* "/K#5(": poppler takes the "(" into the name and draws what
             * MuPDF and pdf.js read as a string (pdf_actual.c says it) */
            if (memchr(b + s, '#', p - s) && kc_pdf_name_half_escape(b, n, s - 1))
                m->half_names++;
            if (!o.named && o.n == 0)
                o.oc = p - s == 2 && memcmp(b + s, "OC", 2) == 0;
            o.named = true;
            o.n = 0;
        } else if (is_delim(c)) {
            if (c == '[')
                tj = (kc_pdf_tj_array){.open = true, .arena = tj.arena};
            else if (c == ']')
                tj.open = false; /* its pile, if any, is counted at its TJ */
            p++;
            o.n = 0;
            o.named = true;
        } else if (g_ascii_isdigit(c) || c == '+' || c == '-' || c == '.') {
            double v;
            p = kc_pdf_content_number(b, n, p, &v);
            if (tj.open)
                tj.back += v;
            if (o.n == MAX_NUMS) {
                memmove(o.num, o.num + 1, (MAX_NUMS - 1) * sizeof o.num[0]);
                o.n--;
            }
            o.num[o.n++] = v;
        } else {
            size_t s = p;
            while (p < n && !is_ws(b[p]) && !is_delim(b[p]))
                p++;
            /* poppler cuts a longer keyword, its next bytes another one
             * ("A…Af" fills), where MuPDF reads one unknown keyword: only
             * drawing the page tells what poppler did. */
            if (p - s > MAX_KEYWORD)
                may_hide(m, "a keyword longer than poppler reads whole");
            if (p - s == 2 && memcmp(b + s, "ID", 2) == 0) {
                p = kc_pdf_skip_inline_data(b, n, p);
                /* at the end: after an "EI" ending the stream, or without one */
                open = p == n && !(n >= 3 && b[n - 2] == 'E' && b[n - 1] == 'I' && is_ws(b[n - 3]));
            } else {
                unsigned long shown = m->shown, flat = m->flat, piled = m->piled;
                op(m, b + s, p - s, &o, name);
                /* a figure its font advances by less than 0.3 em (rtshown27) */
                if (tj.narrow && m->shown > shown && m->flat == flat)
                    m->narrow++;
                /* a TJ whose glyphs are shown, not already said flat or piled by Tc */
                if (tj.piled && p - s == 2 && memcmp(b + s, "TJ", 2) == 0 && m->shown > shown &&
                    m->flat == flat && m->piled == piled)
                    m->tj_piled++;
                /* a string whose spaces word spacing moves back over the figures beside them */
                else if (tj.space_digit && m->shown > shown && m->flat == flat && m->piled == piled &&
                         kc_pdf_piled_words(m))
                    m->piled++;
            }
            tj.piled = false;
            tj.space_digit = false;
            tj.narrow = false;
            o = (operands){0};
        }
    }
    m->open_end = open || o.n > 0 || o.named;
    kc_pdf_tj_end(&tj);
}
