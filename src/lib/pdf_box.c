/* pdf_box.c: whether poppler, MuPDF and pdf.js cut a page alike, from its
 * /MediaBox (the page's size) and /CropBox (the part of it viewers show).
 * verify notes a page they cut otherwise (pdf_notes_tree.c, "page-box") and
 * index does not read figures from its text (pdf_actual.c): poppler's text,
 * which index reads, holds what poppler shows, not what another viewer shows.
 *
 * What rtpdf17 and rtpdf18 saw, drawing with the three viewers:
 *   - a /MediaBox that is not an array of four numbers: poppler takes the
 *     node's above for one that is [], null or longer, MuPDF for null, pdf.js
 *     never (US Letter instead, as poppler with no node's); MuPDF reads the
 *     first four numbers of a longer one; so a page whose own box is [] under
 *     a node with a taller box shows poppler lines (a second heading, a
 *     second amount) that MuPDF and pdf.js do not show;
 *   - a /MediaBox with no area ([0 0 595 0]): poppler shows a page one pixel
 *     high and reads no text, MuPDF and pdf.js show US Letter;
 *   - a /CropBox that is not four numbers, or leaves nothing of the media box:
 *     MuPDF applies the first four of a longer one, poppler and pdf.js ignore
 *     it; null on a page under a node that crops is the node's to poppler and
 *     MuPDF, none to pdf.js (and [] the node's to poppler only); one outside
 *     the media box shows MuPDF and poppler nothing, pdf.js the media box.
 * An honest page (four numbers with an area, its own or inherited, a crop box
 * inside it, written upside down or not: every viewer orders the corners) is
 * cut alike.  No /MediaBox anywhere is US Letter to all three. */
#include <glib.h>

#include "pdf.h"

/* Whether o (resolved, and each item) is an array of exactly four numbers,
 * given in r as [x0 y0 x1 y1] with x0 <= x1 and y0 <= y1. */
static bool four_numbers(kc_pdf_doc *doc, size_t rev, kc_pdf_obj *o, double r[4])
{
    o = kc_pdf_resolve(doc, rev, o);
    if (!o || o->type != KC_PDF_ARRAY || o->u.arr.n != 4)
        return false;
    for (size_t i = 0; i < 4; i++) {
        kc_pdf_obj *v = kc_pdf_resolve(doc, rev, o->u.arr.items[i]);
        if (v && v->type == KC_PDF_INT)
            r[i] = (double)v->u.i;
        else if (v && v->type == KC_PDF_REAL)
            r[i] = v->u.r;
        else
            return false;
    }
    for (size_t i = 0; i < 2; i++)
        if (r[i] > r[i + 2]) {
            double x = r[i];
            r[i] = r[i + 2];
            r[i + 2] = x;
        }
    return true;
}

kc_pdf_boxes kc_pdf_page_boxes(kc_pdf_doc *doc, size_t rev, kc_pdf_obj *crop, kc_pdf_obj *media)
{
    double c[4], m[4] = {0, 0, 612, 792}; /* none at all: US Letter to every viewer */
    if (media && (!four_numbers(doc, rev, media, m) || !(m[2] - m[0] > 0 && m[3] - m[1] > 0)))
        return KC_PDF_BOXES_MEDIA;
    if (!crop)
        return KC_PDF_BOXES_ALIKE; /* none: every viewer shows the media box */
    if (!four_numbers(doc, rev, crop, c))
        return KC_PDF_BOXES_CROP;
    double w = MIN(c[2], m[2]) - MAX(c[0], m[0]), h = MIN(c[3], m[3]) - MAX(c[1], m[1]);
    return w > 0 && h > 0 ? KC_PDF_BOXES_ALIKE : KC_PDF_BOXES_CROP;
}
