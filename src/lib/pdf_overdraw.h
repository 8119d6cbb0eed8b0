/* pdf_overdraw.h: what pdf_textmode.c (the content scan) shares with
 * pdf_overdraw.c (figures drawn over one another): the boxes the scan
 * follows, and whether glyphs drawn now pile, squeeze flat, or lie under a
 * shape drawn over them.  Internal to the content scan. */
#ifndef KC_PDF_OVERDRAW_H
#define KC_PDF_OVERDRAW_H

#include <stdbool.h>

#include "pdf.h"

#define KC_PDF_FAR 1e9 /* points: farther than any page reaches; a matrix or box beyond is not followed */

/* Where a number that begins at b[p] ends, as poppler's lexer reads it
 * (pdf_textnum.c); its value goes to *v. */
size_t kc_pdf_content_number(const unsigned char *b, size_t n, size_t p, double *v);
/* Whether v is a number the scan follows: not NaN, within KC_PDF_FAR. */
bool kc_pdf_followed(double v);
/* Whether every corner of b is followed. */
bool kc_pdf_box_followed(const kc_pdf_box *b);
/* The point (x, y) by the matrix ctm, into the box b (grown; set when *empty). */
void kc_pdf_box_add_point(kc_pdf_box *b, bool *empty, const double *ctm, double x, double y);

/* Painted after text, b (default user space) may draw a figure over a
 * digit: kept in m->geom.drawn (kc_pdf_geom_drawn_over asks). */
void kc_pdf_drawn_over(kc_pdf_textmodes *m, kc_pdf_box b);

/* rtshown26: what a path, a picture or a form painted after text draws,
 * piece by piece (kc_pdf_geom.pieces): b a piece; the current subpath ended
 * (m, re); a point of it (by the current matrix); the path ended, painted
 * (its pieces grown by grow, stroked or filled) or not (they are taken back). */
void kc_pdf_piece(kc_pdf_textmodes *m, kc_pdf_box b);
void kc_pdf_sub_close(kc_pdf_textmodes *m);
void kc_pdf_sub_point(kc_pdf_textmodes *m, double x, double y);
void kc_pdf_path_pieces(kc_pdf_textmodes *m, bool painted, double grow, bool stroked);

/* Whether glyphs drawn now in m's state pile on one another by character
 * spacing (Tc), or would by word spacing (Tw) beside a space, or are
 * squeezed or sheared flat: each a line no one reads. */
bool kc_pdf_piled_glyphs(const kc_pdf_textmodes *m);
bool kc_pdf_piled_words(const kc_pdf_textmodes *m);
bool kc_pdf_flat_glyphs(const kc_pdf_textmodes *m);

#endif
