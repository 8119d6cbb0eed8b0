/* pdftext_shown.c: whether the figures of a page's text show when the page
 * is drawn (pdftext.c asks, for each page whose text index reads).
 *
 * poppler's text holds every glyph the content draws, whether or not a
 * viewer shows it: a heading "Số: 21/BC-UBND ngày 30 tháng 06 năm 2021"
 * drawn in white on the white page, clipped away ("0 0 0 0 re W n"), under
 * a white shape drawn after it, or at a size that draws nothing, was read
 * as the document's own number and year above a page that shows 2020
 * (rtpdf20; render mode 3 is pdf_actual.c's).  Only drawing the page tells:
 * the area of each digit's box is drawn, as a viewer draws it (poppler with
 * cairo, annotations included, on white paper), and a digit whose box comes
 * out of one colour, no edge of a glyph in it, is not shown, nor one whose
 * edges run only one way (a rule painted across it, rtshown24).  White text on
 * a dark band, coloured headings and text over a picture all show edges.
 *
 * Cheap: only the digits' boxes are drawn (one small surface, clipped to
 * them), at 144 dpi, only on a page that shows text of its own (an OCR'd
 * scan's text layer, drawn in mode 3 over its image, is read on purpose),
 * and only when a digit lies where the page's content may hide it
 * (pdf_textmode.c: under a cover or over a ground, outside a clip), or
 * anywhere when the page may hide text anywhere (a colour, transparency...).
 * What it cannot tell: a digit whose box something else draws into (another
 * glyph drawn over it, a picture under it) counts as shown, so two digits
 * drawn at one place are judged apart (overlaps()). */
#include <cairo.h>
#include <glib.h>
#include <pthread.h>
#include <stdlib.h>

#include "i18n.h"
#include "pdf.h"
#include "pdftext.h"
#include "pdftext_shown.h"
#include "util.h"

#define SCALE 2.0               /* pixels a point: 144 dpi, a glyph of 10 pt is 20 pixels high */
#define MAX_PIXELS (4u << 20)   /* of the surface: 16 MiB; a larger area is drawn at a smaller scale */
#define PAD 1.0                 /* points the clip reaches past a box, so that its edge is not judged */
#define EDGE 48                 /* levels of brightness (of 255) between the lightest and darkest pixel of a shown glyph */
#define MIN_HEIGHT 1.5          /* points: a digit's box less high (a font of 1.5 pt) is not seen */
#define MIN_WIDTH 0.3           /* points: nor one narrower (a digit squeezed to 5% by Tz) */
#define MIN_ASPECT 0.15         /* of its height: nor one narrower (8 Tz: a hairline; an honest digit is 0.3-0.6) */
#define MAX_DRAWN 20000         /* digits' boxes drawn on one page */
#define OVERLAP 0.8             /* of the smaller box: two glyphs drawn at one place (a careless layout overlaps less) */
/* of a digit's box's height: the least share of rows its ink may show in (a
 * digit's own ink spans about 0.6 of the box poppler gives it, from the
 * font's ascent to its descent; a digit clipped to a band 1.6 points high
 * at its baseline, 0.15 of it, is a stripe no one reads, rtshown27) */
#define INK_SPAN 0.3

static struct {
    void (*page_render)(PopplerPage *, cairo_t *);
    void (*page_get_size)(PopplerPage *, double *, double *);
    void (*page_get_crop_box)(PopplerPage *, PopplerRectangle *);
    cairo_surface_t *(*image_surface_create)(cairo_format_t, int, int);
    cairo_status_t (*surface_status)(cairo_surface_t *);
    void (*surface_flush)(cairo_surface_t *);
    void (*surface_destroy)(cairo_surface_t *);
    unsigned char *(*image_surface_get_data)(cairo_surface_t *);
    int (*image_surface_get_stride)(cairo_surface_t *);
    cairo_t *(*create)(cairo_surface_t *);
    void (*destroy)(cairo_t *);
    void (*set_source_rgb)(cairo_t *, double, double, double);
    void (*paint)(cairo_t *);
    void (*scale)(cairo_t *, double, double);
    void (*translate)(cairo_t *, double, double);
    void (*rectangle)(cairo_t *, double, double, double, double);
    void (*clip)(cairo_t *);
    bool loaded;
} cr;
static pthread_once_t cr_once = PTHREAD_ONCE_INIT;

/* poppler-glib, already loaded by pdftext.c; cairo through its handle. */
static void load(void)
{
    const kc_dl_sym syms[] = {
        {(void **)&cr.page_render, "poppler_page_render"},
        {(void **)&cr.page_get_size, "poppler_page_get_size"},
        {(void **)&cr.page_get_crop_box, "poppler_page_get_crop_box"},
        {(void **)&cr.image_surface_create, "cairo_image_surface_create"},
        {(void **)&cr.surface_status, "cairo_surface_status"},
        {(void **)&cr.surface_flush, "cairo_surface_flush"},
        {(void **)&cr.surface_destroy, "cairo_surface_destroy"},
        {(void **)&cr.image_surface_get_data, "cairo_image_surface_get_data"},
        {(void **)&cr.image_surface_get_stride, "cairo_image_surface_get_stride"},
        {(void **)&cr.create, "cairo_create"},
        {(void **)&cr.destroy, "cairo_destroy"},
        {(void **)&cr.set_source_rgb, "cairo_set_source_rgb"},
        {(void **)&cr.paint, "cairo_paint"},
        {(void **)&cr.scale, "cairo_scale"},
        {(void **)&cr.translate, "cairo_translate"},
        {(void **)&cr.rectangle, "cairo_rectangle"},
        {(void **)&cr.clip, "cairo_clip"},
    };
    char why[256];
    cr.loaded = kc_dl_load(kc_poppler_sonames, syms, G_N_ELEMENTS(syms), why, sizeof why);
}

/* floor and ceil of a number of pixels, never negative here (a box inside
 * the surface): without libm, which the library does not link. */
static int down(double v)
{
    return v <= 0 ? 0 : (int)v;
}

static int up(double v)
{
    return v <= 0 ? 0 : (int)v + ((double)(int)v < v);
}

typedef struct box {
    double x1, y1, x2, y2;
    gunichar c; /* the digit */
} box;

/* b cut to the page (0, 0, w, h); false when what is left is too small to
 * see: drawn off the page, or a glyph of (nearly) no size (a font size or a
 * text matrix of 0.001, "0 Tz"), or squeezed to a hairline: digits drawn at
 * "8 Tz", 0.6 points wide and 14.5 high, show a stroke each, no figure, and
 * their box holds its edges (atkshown's TODO, closed in rtshown22). */
static bool on_page(box *b, double w, double h)
{
    b->x1 = MAX(b->x1, 0);
    b->y1 = MAX(b->y1, 0);
    b->x2 = MIN(b->x2, w);
    b->y2 = MIN(b->y2, h);
    double wide = b->x2 - b->x1, high = b->y2 - b->y1;
    return wide >= MIN_WIDTH && high >= MIN_HEIGHT && wide >= MIN_ASPECT * high;
}

/* The surface the digits' area is drawn on: its pixels, its top left (in
 * points) and its scale. */
typedef struct surface {
    const unsigned char *px;
    int stride, W, H;
    double ox, oy, s;
} surface;

static bool inside_any(double x, double y, const box *o, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (x >= o[i].x1 && x < o[i].x2 && y >= o[i].y1 && y < o[i].y2)
            return true;
    return false;
}

/* A pixel's brightness (Rec. 601 luma, 0-255), as a reader sees it: pale
 * yellow (255, 255, 204) on white differs from it by 51 in blue alone, more
 * than EDGE, and shows nothing to the eye (luma 6 apart: rtshown22, a
 * heading so drawn read as 2021 without a word); red, blue, green text and
 * white on a dark band stay far apart. */
static int luma(guint32 px)
{
    return (int)((299u * (px >> 16 & 0xff) + 587u * (px >> 8 & 0xff) + 114u * (px & 0xff)) / 1000u);
}

/* Whether the pixels of b hold an edge along a row (rows true) or along a
 * column: two pixels of one row (column) EDGE apart in brightness.  The
 * pixels inside the boxes of other glyphs (o, n) are not looked at: a white
 * 2021 drawn half a glyph off a black 2020 holds the black glyphs' edges
 * there, not its own. */
static bool has_edge_along(const surface *f, const box *b, const box *o, size_t n, bool rows)
{
    int x0 = MAX(down((b->x1 - f->ox) * f->s), 0), x1 = MIN(up((b->x2 - f->ox) * f->s), f->W);
    int y0 = MAX(down((b->y1 - f->oy) * f->s), 0), y1 = MIN(up((b->y2 - f->oy) * f->s), f->H);
    int outer0 = rows ? y0 : x0, outer1 = rows ? y1 : x1, inner0 = rows ? x0 : y0, inner1 = rows ? x1 : y1;
    for (int a = outer0; a < outer1; a++) {
        int lo = 255, hi = 0;
        for (int i = inner0; i < inner1; i++) {
            int x = rows ? i : a, y = rows ? a : i;
            if (n && inside_any(f->ox + (x + 0.5) / f->s, f->oy + (y + 0.5) / f->s, o, n))
                continue;
            int v = luma(((const guint32 *)(f->px + (size_t)y * (size_t)f->stride))[x]);
            lo = MIN(lo, v);
            hi = MAX(hi, v);
            if (hi - lo >= EDGE)
                return true;
        }
    }
    return false;
}

/* How high the ink of b shows: the rows that hold an edge along them (of
 * b's height, 0 when none), counted, not spanned from the first to the
 * last (atkshown3: a heading clipped to three stripes 0.4 points high, at
 * its glyphs' tops, middles and feet, spanned 0.5 of each box while a tenth
 * of its rows showed ink; pdftoppm showed slivers and the report of 2020
 * counted for 2021 without a word).  A glyph's own rows each hold an edge
 * from its top to its foot.  Pixels of other glyphs' boxes (o, n) are not
 * looked at, as has_edge_along. */
static double ink_span(const surface *f, const box *b, const box *o, size_t n)
{
    int x0 = MAX(down((b->x1 - f->ox) * f->s), 0), x1 = MIN(up((b->x2 - f->ox) * f->s), f->W);
    int y0 = MAX(down((b->y1 - f->oy) * f->s), 0), y1 = MIN(up((b->y2 - f->oy) * f->s), f->H);
    int rows = 0;
    for (int y = y0; y < y1; y++) {
        int lo = 255, hi = 0;
        for (int x = x0; x < x1 && hi - lo < EDGE; x++) {
            if (n && inside_any(f->ox + (x + 0.5) / f->s, f->oy + (y + 0.5) / f->s, o, n))
                continue;
            int v = luma(((const guint32 *)(f->px + (size_t)y * (size_t)f->stride))[x]);
            lo = MIN(lo, v);
            hi = MAX(hi, v);
        }
        rows += hi - lo >= EDGE;
    }
    return y1 <= y0 ? 0 : (double)rows / (y1 - y0);
}

/* Whether the pixels of b show a glyph: an edge along a row and one along
 * a column.  A figure's ink has both (a "1"'s stem ends inside its box); a
 * rule painted across a white heading (atkshown's shown/65: its edges in
 * every digit's box) has edges only down the columns, each row of the box
 * one colour, as a rule drawn down through a box has only along the rows. */
static bool has_edge(const surface *f, const box *b, const box *o, size_t n)
{
    return has_edge_along(f, b, o, n, true) && has_edge_along(f, b, o, n, false);
}

/* Other glyphs whose boxes meet d's, at most max of them in out: how many
 * (max + 1 when more).  all is sorted by left edge, widest is the widest
 * box's width. */
static size_t meeting(const box *d, const box *all, size_t n_all, double widest, box *out, size_t max)
{
    size_t lo = 0, hi = n_all, k = 0;
    while (lo < hi) { /* the first box that may reach d: its left edge past d's less the widest */
        size_t mid = (lo + hi) / 2;
        if (all[mid].x1 < d->x1 - widest)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (size_t i = lo; i < n_all && all[i].x1 < d->x2; i++) {
        const box *o = &all[i];
        if (o->c == d->c || o->x2 <= d->x1 || o->y2 <= d->y1 || o->y1 >= d->y2)
            continue;
        if (k == max)
            return max + 1;
        out[k++] = *o;
    }
    return k;
}

#define MAX_MEETING 8 /* glyphs over one digit's box: more is a pile, not shown apart */

/* Draws the area of the boxes and counts those with no edge in it; -1 when
 * it could not be drawn (out of memory: the caller then says so). */
static int count_blank(PopplerPage *page, const box *b, size_t n, const box *all, size_t n_all, double widest)
{
    box u = b[0];
    for (size_t i = 1; i < n; i++) {
        u.x1 = MIN(u.x1, b[i].x1);
        u.y1 = MIN(u.y1, b[i].y1);
        u.x2 = MAX(u.x2, b[i].x2);
        u.y2 = MAX(u.y2, b[i].y2);
    }
    double s = SCALE, area = (u.x2 - u.x1) * (u.y2 - u.y1);
    while (area * s * s > MAX_PIXELS)
        s /= 2;
    int W = up((u.x2 - u.x1) * s) + 1, H = up((u.y2 - u.y1) * s) + 1;
    cairo_surface_t *surf = cr.image_surface_create(CAIRO_FORMAT_RGB24, W, H);
    if (cr.surface_status(surf) != CAIRO_STATUS_SUCCESS) {
        cr.surface_destroy(surf);
        return -1;
    }
    cairo_t *c = cr.create(surf);
    cr.set_source_rgb(c, 1, 1, 1); /* the paper: a viewer shows a page on white */
    cr.paint(c);
    cr.scale(c, s, s);
    cr.translate(c, -u.x1, -u.y1);
    for (size_t i = 0; i < n; i++)
        cr.rectangle(c, b[i].x1 - PAD, b[i].y1 - PAD, b[i].x2 - b[i].x1 + 2 * PAD, b[i].y2 - b[i].y1 + 2 * PAD);
    cr.clip(c);
    cr.page_render(page, c);
    cr.destroy(c);
    cr.surface_flush(surf);
    surface f = {cr.image_surface_get_data(surf), cr.image_surface_get_stride(surf), W, H, u.x1, u.y1, s};
    int blank = 0;
    for (size_t i = 0; f.px && i < n; i++) {
        box others[MAX_MEETING];
        size_t k = meeting(&b[i], all, n_all, widest, others, MAX_MEETING);
        /* a stripe of ink, no figure: clipped to a band at its baseline,
         * its rest covered (rtshown27) */
        if (k > MAX_MEETING || !has_edge(&f, &b[i], others, k) || ink_span(&f, &b[i], others, k) < INK_SPAN)
            blank++;
    }
    cr.surface_destroy(surf);
    return f.px ? blank : -1;
}

/* Whether a digit's box (poppler's text layout: points from the crop box's
 * top left, y downward; the page not turned, pdf_actual.c) meets where the
 * page's content may hide text (default user space: y upward from the
 * origin, so y = the crop box's top less the layout's y).  The box is grown
 * by its height each way first: a glyph's ink reaches past the box poppler
 * gives it (accents, italics, a font's own overshoot). */
static bool may_be_hidden(const kc_pdf_geom *g, const PopplerRectangle *crop, const box *d)
{
    double grow = d->y2 - d->y1 + PAD;
    kc_pdf_box own = {crop->x1 + d->x1, crop->y2 - d->y2, crop->x1 + d->x2, crop->y2 - d->y1};
    kc_pdf_box b = {own.x1 - grow, own.y1 - grow, own.x2 + grow, own.y2 + grow};
    return kc_pdf_geom_may_hide(g, &b, &own);
}

/* Whether any digit of the page needs drawing to know it shows: every one
 * when where is NULL (something may hide text anywhere on the page). */
static bool needs_drawing(PopplerPage *page, const kc_pdf_geom *where, const GArray *digits)
{
    if (!where)
        return true;
    PopplerRectangle crop = {0};
    cr.page_get_crop_box(page, &crop);
    if (crop.x1 > crop.x2 || crop.y1 > crop.y2) /* poppler orders them: unsure, draw */
        return true;
    for (guint i = 0; i < digits->len; i++)
        if (may_be_hidden(where, &crop, &g_array_index(digits, box, i)))
            return true;
    return false;
}

/* Whether two boxes mostly cover one another: two glyphs drawn at one
 * place, one of which a viewer does not show apart (a white 2021 under a
 * black 2020: its box holds the black glyph's edges). */
static bool overlaps(const box *a, const box *b)
{
    double w = MIN(a->x2, b->x2) - MAX(a->x1, b->x1), h = MIN(a->y2, b->y2) - MAX(a->y1, b->y1);
    double least = MIN((a->x2 - a->x1) * (a->y2 - a->y1), (b->x2 - b->x1) * (b->y2 - b->y1));
    return w > 0 && h > 0 && w * h > OVERLAP * least;
}

static int by_left(gconstpointer a, gconstpointer b)
{
    double d = ((const box *)a)->x1 - ((const box *)b)->x1;
    return d < 0 ? -1 : d > 0;
}

/* Whether a digit and another glyph are drawn at one place: each digit's
 * box against the glyphs' that meet it (all sorted by left edge).  More
 * glyphs over one digit than a line has (a text bomb's pile) count too. */
static bool any_stacked(const GArray *digits, const box *all, size_t n_all, double widest)
{
    for (guint i = 0; i < digits->len; i++) {
        const box *d = &g_array_index(digits, box, i);
        box others[MAX_MEETING];
        size_t k = meeting(d, all, n_all, widest, others, MAX_MEETING);
        if (k > MAX_MEETING)
            return true;
        for (size_t j = 0; j < k; j++)
            if (overlaps(d, &others[j]))
                return true;
    }
    return false;
}

/* How many digits lie mostly under a picture, a form or a curved shape, or
 * partly under small pieces of one (bars, a small picture: rtshown26),
 * painted after text (painted: the page's scan), which may draw another
 * figure there whose edges the drawing takes for the digit's. */
static int drawn_over(PopplerPage *page, const kc_pdf_geom *painted, const GArray *digits)
{
    PopplerRectangle crop = {0};
    int n = 0;
    if (!painted || (!painted->n_drawn && !painted->n_pieces && !painted->drawn_anywhere))
        return 0;
    cr.page_get_crop_box(page, &crop);
    for (guint i = 0; i < digits->len; i++) {
        const box *d = &g_array_index(digits, box, i);
        kc_pdf_box own = {crop.x1 + d->x1, crop.y2 - d->y2, crop.x1 + d->x2, crop.y2 - d->y1};
        n += kc_pdf_geom_drawn_over(painted, &own);
    }
    return n;
}

char *kc_pdftext_unshown_figures(PopplerPage *page, int page_no, const char *text, const PopplerRectangle *boxes,
                                 guint n_boxes, const kc_pdf_geom *where, const kc_pdf_geom *painted)
{
    pthread_once(&cr_once, load);
    if (!cr.loaded)
        return g_strdup_printf(_("page %d: whether the figures of its text show cannot be told (poppler's drawing "
                                 "functions did not load)"),
                               page_no);
    double w = 0, h = 0;
    cr.page_get_size(page, &w, &h);
    GArray *digits = g_array_new(FALSE, FALSE, sizeof(box)), *all = g_array_new(FALSE, FALSE, sizeof(box));
    int off_page = 0;
    guint i = 0;
    double widest = 0;
    for (const char *p = text; *p && i < n_boxes; p = g_utf8_next_char(p), i++) {
        gunichar c = g_utf8_get_char(p);
        box b = {boxes[i].x1, boxes[i].y1, boxes[i].x2, boxes[i].y2, c};
        if (!g_unichar_isspace(c) && b.x2 > b.x1 && b.y2 > b.y1) {
            g_array_append_val(all, b);
            widest = MAX(widest, b.x2 - b.x1);
        }
        if (!g_unichar_isdigit(c))
            continue;
        if (!on_page(&b, w, h)) {
            off_page++;
            continue;
        }
        g_array_append_val(digits, b);
    }
    g_array_sort(all, by_left);
    const box *glyphs = (const box *)(void *)all->data;
    bool stacked = any_stacked(digits, glyphs, all->len, widest);
    bool draw = digits->len && needs_drawing(page, where, digits);
    int redrawn = drawn_over(page, painted, digits);
    /* more boxes than an honest page has digits: a hostile page, not drawn box by box */
    int blank = !draw || !digits->len ? 0
              : digits->len > MAX_DRAWN ? -2
                                        : count_blank(page, (const box *)(void *)digits->data, digits->len, glyphs, all->len, widest);
    g_array_free(digits, TRUE);
    g_array_free(all, TRUE);
    if (blank == -2)
        return g_strdup_printf(_("page %d: whether the figures of its text show cannot be told (it draws more than "
                                 "%d digits)"),
                               page_no, MAX_DRAWN);
    if (blank < 0)
        return g_strdup_printf(_("page %d: whether the figures of its text show cannot be told (no memory to draw "
                                 "them)"),
                               page_no);
    if (stacked)
        return g_strdup_printf(_("page %d draws a digit and another glyph at one place: the figures its text gives "
                                 "(a number, a year) need not be the ones the page shows"),
                               page_no);
    if (blank + off_page > 0)
        return g_strdup_printf(_("page %d draws %d digits of its text that the page does not show (drawn in the "
                                 "colour of what is under them, clipped away, covered, off the page or too small "
                                 "to see): the figures its text gives (a number, a year) need not be the ones "
                                 "the page shows"),
                               page_no, blank + off_page);
    if (redrawn > 0)
        return g_strdup_printf(_("page %d draws a picture, a form, a curved shape or pieces of one over %d digits "
                                 "of its text after them, which may draw other figures there: the figures its text "
                                 "gives (a number, a year) need not be the ones the page shows"),
                               page_no, redrawn);
    return NULL;
}
