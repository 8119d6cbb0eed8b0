/* pdftext.h (internal): the text of a PDF's pages, read with poppler-glib.
 * This is document *content* (for the register and linking), never the
 * signature path, which reads the file structure itself. */
#ifndef KC_PDFTEXT_H
#define KC_PDFTEXT_H

#include "kiemchung/error.h"

/* The text of the first page and, when the document has more than one, of
 * its last page (where the "Nơi nhận:" block of an outgoing document sits),
 * in NFC, malloc'd.  KC_EFORMAT when poppler cannot open the file. */
int kc_pdftext_first_last(char **out, const char *path, kc_error *err);

#endif
