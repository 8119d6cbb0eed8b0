/* pdftext_shown.h (internal): whether the figures of a page's text show
 * when the page is drawn (pdftext_shown.c). */
#ifndef KC_PDFTEXT_SHOWN_H
#define KC_PDFTEXT_SHOWN_H

#include <poppler.h>
#include <stdbool.h>

/* page's text (poppler's, before any tab is added) and its boxes, one a
 * character (poppler_page_get_text_layout): NULL when every digit of it
 * shows, else why not (g_malloc'd), for a page numbered page_no (from 1).
 * Its digits' boxes are always looked at (off the page, too small, two at
 * one place); they are drawn only when one lies where the page's content
 * may hide it (where: pdf_textmode.c's boxes), or always when where is NULL
 * (it may hide text anywhere, or was not scanned).  painted (NULL: not
 * scanned) is the page's scan whatever else it found: a digit under a
 * picture, a form or a curved shape painted after the text is not read
 * (rtshown25: a "0" drawn as a path over a "1" shows a glyph's edges). */
struct kc_pdf_geom;
char *kc_pdftext_unshown_figures(PopplerPage *page, int page_no, const char *text, const PopplerRectangle *boxes,
                                 guint n_boxes, const struct kc_pdf_geom *where, const struct kc_pdf_geom *painted);

#endif
