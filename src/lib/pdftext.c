/* pdftext.c: page text through poppler-glib (see pdftext.h).
 *
 * poppler-glib is loaded on first use rather than linked: linked, it and the
 * forty libraries it pulls in (cairo, NSS, X11, ...) cost every run of the
 * program several milliseconds of relocations before main(), more than
 * verifying ten documents, and only reading a document's text needs it. */
#include <glib.h>
#include <poppler.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "pdftext.h"
#include "util.h"

static struct {
    PopplerDocument *(*document_new_from_gfile)(GFile *, const char *, GCancellable *, GError **);
    PopplerDocument *(*document_new_from_bytes)(GBytes *, const char *, GError **);
    int (*document_get_n_pages)(PopplerDocument *);
    PopplerPage *(*document_get_page)(PopplerDocument *, int);
    char *(*page_get_text)(PopplerPage *);
    gboolean (*page_get_text_layout)(PopplerPage *, PopplerRectangle **, guint *);
    bool loaded;
    char why[256]; /* dlerror()'s words when it did not load */
} pop;
static pthread_once_t pop_once = PTHREAD_ONCE_INIT;

static void load_poppler(void)
{
    static const char *const sonames[] = {"libpoppler-glib.so.8", "libpoppler-glib.so", NULL};
    const kc_dl_sym syms[] = {
        {(void **)&pop.document_new_from_gfile, "poppler_document_new_from_gfile"},
        {(void **)&pop.document_new_from_bytes, "poppler_document_new_from_bytes"},
        {(void **)&pop.document_get_n_pages, "poppler_document_get_n_pages"},
        {(void **)&pop.document_get_page, "poppler_document_get_page"},
        {(void **)&pop.page_get_text, "poppler_page_get_text"},
        {(void **)&pop.page_get_text_layout, "poppler_page_get_text_layout"},
    };
    pop.loaded = kc_dl_load(sonames, syms, G_N_ELEMENTS(syms), pop.why, sizeof pop.why);
}

/* poppler_page_get_text() runs two columns of one line together ("Số:
 * 21/BC-UBNDThủy An, ngày …": the number on the left, the place and date on
 * the right).  The character boxes tell where a wide horizontal gap is; a tab
 * goes there so that the parts stay apart. */
#define COLUMN_GAP 12.0 /* points: wider than any space between words */

static void append_page(GString *text, PopplerDocument *doc, int index)
{
    PopplerPage *page = pop.document_get_page(doc, index);
    PopplerRectangle *boxes = NULL;
    guint n_boxes = 0;
    if (!page)
        return;
    char *t = pop.page_get_text(page);
    if (t && pop.page_get_text_layout(page, &boxes, &n_boxes)) {
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

/* The text of doc's first and last pages (see pdftext.h); doc is released. */
static int first_last(char **out, PopplerDocument *doc, kc_error *err)
{
    GString *text = g_string_new(NULL);
    int pages = pop.document_get_n_pages(doc);
    if (pages > 0)
        append_page(text, doc, 0);
    if (pages > 1)
        append_page(text, doc, pages - 1);
    g_object_unref(doc);
    *out = g_utf8_normalize(text->str, -1, G_NORMALIZE_NFC);
    g_string_free(text, TRUE);
    return *out ? 0 : kc_error_oom(err);
}

int kc_pdftext_first_last(char **out, const char *path, kc_error *err)
{
    GError *gerr = NULL;
    pthread_once(&pop_once, load_poppler);
    if (!pop.loaded)
        return kc_error_set(err, KC_EFORMAT, _("%s: cannot read the document's text: %s"), path, pop.why);
    GFile *file = g_file_new_for_path(path);
    PopplerDocument *doc = pop.document_new_from_gfile(file, NULL, NULL, &gerr);
    int rc = 0;
    g_object_unref(file);
    if (!doc) {
        rc = kc_error_set(err, KC_EFORMAT, _("%s: cannot read the document's text: %s"), path,
                          gerr ? gerr->message : "?");
        g_clear_error(&gerr);
        return rc;
    }
    return first_last(out, doc, err);
}

int kc_pdftext_first_last_bytes(char **out, const char *name, const void *data, size_t len, kc_error *err)
{
    GError *gerr = NULL;
    pthread_once(&pop_once, load_poppler);
    if (!pop.loaded)
        return kc_error_set(err, KC_EFORMAT, _("%s: cannot read the document's text: %s"), name, pop.why);
    /* The caller keeps data alive until the text is read: no copy of it. */
    GBytes *bytes = g_bytes_new_static(data, len);
    PopplerDocument *doc = pop.document_new_from_bytes(bytes, NULL, &gerr);
    int rc = 0;
    g_bytes_unref(bytes);
    if (!doc) {
        rc = kc_error_set(err, KC_EFORMAT, _("%s: cannot read the document's text: %s"), name,
                          gerr ? gerr->message : "?");
        g_clear_error(&gerr);
        return rc;
    }
    rc = first_last(out, doc, err);
    return rc;
}
