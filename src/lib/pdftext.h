/* pdftext.h (internal): the text of a PDF's pages, read with poppler-glib.
 * This is document *content* (for the register and linking), never the
 * signature path, which reads the file structure itself. */
#ifndef KC_PDFTEXT_H
#define KC_PDFTEXT_H

#include <stddef.h>

#include "kiemchung/error.h"

/* The text of the first page and, when the document has more than one, of
 * its last page (where the "Nơi nhận:" block of an outgoing document sits),
 * in NFC, malloc'd.  KC_EFORMAT when poppler cannot open the file. */
int kc_pdftext_first_last(char **out, const char *path, kc_error *err);
/* The same from a document's bytes (a dossier's entry, never extracted),
 * which must stay as they are until it returns; name is for messages. */
int kc_pdftext_first_last_bytes(char **out, const char *name, const void *data, size_t len, kc_error *err);

#endif
