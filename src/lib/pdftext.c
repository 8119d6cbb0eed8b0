/* pdftext.c: page text through poppler-glib (see pdftext.h). */
#include <glib.h>
#include <poppler.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "pdftext.h"

/* poppler_page_get_text() runs two columns of one line together ("Số:
 * 21/BC-UBNDThủy An, ngày …": the number on the left, the place and date on
 * the right).  The character boxes tell where a wide horizontal gap is; a tab
 * goes there so that the parts stay apart. */
#define COLUMN_GAP 12.0 /* points: wider than any space between words */

static void append_page(GString *text, PopplerDocument *doc, int index)
{
    PopplerPage *page = poppler_document_get_page(doc, index);
    PopplerRectangle *boxes = NULL;
    guint n_boxes = 0;
    if (!page)
        return;
    char *t = poppler_page_get_text(page);
    if (t && poppler_page_get_text_layout(page, &boxes, &n_boxes)) {
        const char *p = t;
        for (guint i = 0; *p; i++) {
            const char *next = g_utf8_next_char(p);
            if (i > 0 && i < n_boxes && p[0] != '\n' && p[-1] != '\n' &&
                boxes[i].x1 - boxes[i - 1].x2 > COLUMN_GAP)
                g_string_append_c(text, '\t');
            g_string_append_len(text, p, next - p);
            p = next;
        }
        g_string_append_c(text, '\n');
    } else if (t) {
        g_string_append(text, t);
        g_string_append_c(text, '\n');
    }
    g_free(boxes);
    g_free(t);
    g_object_unref(page);
}

int kc_pdftext_first_last(char **out, const char *path, kc_error *err)
{
    GError *gerr = NULL;
    GFile *file = g_file_new_for_path(path);
    PopplerDocument *doc = poppler_document_new_from_gfile(file, NULL, NULL, &gerr);
    int rc = 0;
    g_object_unref(file);
    if (!doc) {
        rc = kc_error_set(err, KC_EFORMAT, _("%s: cannot read the document's text: %s"), path,
                          gerr ? gerr->message : "?");
        g_clear_error(&gerr);
        return rc;
    }
    GString *text = g_string_new(NULL);
    int pages = poppler_document_get_n_pages(doc);
    if (pages > 0)
        append_page(text, doc, 0);
    if (pages > 1)
        append_page(text, doc, pages - 1);
    g_object_unref(doc);
    char *nfc = g_utf8_normalize(text->str, -1, G_NORMALIZE_NFC);
    g_string_free(text, TRUE);
    *out = nfc ? strdup(nfc) : NULL;
    g_free(nfc);
    return *out ? 0 : kc_error_set(err, KC_ENOMEM, _("out of memory"));
}
