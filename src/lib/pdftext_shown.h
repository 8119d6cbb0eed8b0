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
 * one place); they are drawn only when draw says (a page whose content may
 * hide text, pdf_textmode.c). */
char *kc_pdftext_unshown_figures(PopplerPage *page, int page_no, const char *text, const PopplerRectangle *boxes,
                                 guint n_boxes, bool draw);

#endif
