/* pdf_notes_states.c: an annotation's other appearances, which a viewer
 * draws over the page while the mouse is over it (/AP /R, rollover) or
 * pressed on it (/AP /D, down), in place of the normal one (/AP /N) that
 * poppler, MuPDF and pdf.js draw and print, and that the coverage rules read
 * (rtform21).  Chromium's viewer (PDFium) draws them for a button (check
 * box, radio button, push button: CFFL_Button::OnDraw takes the rollover
 * appearance while the mouse is in it, the down one while it is pressed);
 * Acrobat draws them for widgets and reads them for other annotations (not
 * tried).  A check box whose normal appearance drew nothing over the amount
 * and whose rollover drew 90.000.000 showed that amount to a reader pointing
 * at it in Chrome, valid with no note.
 *
 * Form fillers write a down appearance for buttons (Acrobat's check boxes
 * and push buttons: the same mark or caption on a darker ground): a button's
 * other appearances are compared with its normal one by the text they draw
 * (kc_noter_shown_text), so drawing the same text is no note; any other
 * annotation's must be the normal one's stream, or the same bytes on the
 * same resources. */
#include <glib.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "kiemchung/verify.h"
#include "pdf.h"
#include "pdf_notes_internal.h"

/* The appearance of annotation w under /AP's key (R or D): a stream, or a
 * dictionary of states chosen by /AS, as viewers choose the normal one. */
static kc_pdf_obj *state_stream(kc_pdf_noter *nr, kc_pdf_obj *ap, kc_pdf_obj *w, const char *key)
{
    kc_pdf_obj *s = kc_pdf_resolve(nr->doc, nr->rev, kc_pdf_dict_get(ap, key));
    if (s && s->type == KC_PDF_DICT) {
        kc_pdf_obj *as = kc_pdf_dict_get(w, "AS");
        char *state = as && as->type == KC_PDF_NAME ? kc_pdf_strdup(as) : NULL;
        s = state ? kc_pdf_resolve(nr->doc, nr->rev, kc_pdf_dict_get(s, state)) : NULL;
        free(state);
    }
    return s && s->type == KC_PDF_STREAM ? s : NULL;
}

/* Stream s decoded (up to MAX_AP_BYTES), or false. */
static bool decoded(kc_pdf_noter *nr, kc_pdf_obj *s, unsigned char **data, size_t *len)
{
    *data = NULL;
    *len = 0;
    return s->stream_len <= MAX_AP_BYTES && kc_pdf_stream_ends(nr->doc, s) &&
           kc_pdf_stream_decode(kc_pdf_source(nr->doc), s, MAX_AP_BYTES, data, len, NULL) == 0;
}

/* The bytes of the strings stream s shows, white space left out (a
 * GString), or NULL when it cannot be read. */
static GString *drawn_text(kc_pdf_noter *nr, kc_pdf_obj *s)
{
    unsigned char *data;
    size_t len;
    if (!decoded(nr, s, &data, &len))
        return NULL;
    GString *text = g_string_new(NULL), *out = g_string_new(NULL);
    kc_noter_shown_text(data, len, text);
    for (gsize i = 0; i < text->len; i++)
        if (!g_ascii_isspace(text->str[i]))
            g_string_append_c(out, text->str[i]);
    g_string_free(text, TRUE);
    free(data);
    return out;
}

/* Whether entries key of streams a and b are the same: both missing, the
 * same object by reference, or the same resolved object. */
static bool same_entry(kc_pdf_noter *nr, kc_pdf_obj *a, kc_pdf_obj *b, const char *key)
{
    kc_pdf_obj *x = kc_pdf_dict_get(a, key), *y = kc_pdf_dict_get(b, key);
    if (!x || !y)
        return !x && !y;
    if (x->type == KC_PDF_REF && y->type == KC_PDF_REF)
        return x->u.ref.num == y->u.ref.num && x->u.ref.gen == y->u.ref.gen;
    return kc_pdf_resolve(nr->doc, nr->rev, x) == kc_pdf_resolve(nr->doc, nr->rev, y);
}

/* Whether other draws what normal does (see the file's comment). */
static bool draws_alike(kc_pdf_noter *nr, kc_pdf_obj *normal, kc_pdf_obj *other, bool button)
{
    if (other == normal)
        return true;
    if (!normal)
        return false;
    if (button) {
        GString *a = drawn_text(nr, normal), *b = drawn_text(nr, other);
        bool alike = a && b && g_string_equal(a, b);
        if (a)
            g_string_free(a, TRUE);
        if (b)
            g_string_free(b, TRUE);
        return alike;
    }
    if (!same_entry(nr, normal, other, "Resources") || !same_entry(nr, normal, other, "BBox") ||
        !same_entry(nr, normal, other, "Matrix"))
        return false;
    unsigned char *a, *b;
    size_t na, nb;
    bool alike = false;
    if (decoded(nr, normal, &a, &na)) {
        if (decoded(nr, other, &b, &nb))
            alike = na == nb && memcmp(a, b, na) == 0;
        free(b);
    }
    free(a);
    return alike;
}

void kc_noter_other_states(kc_pdf_noter *nr)
{
    GArray *annots = kc_noter_annots(nr, NULL);
    for (guint i = 0; i < annots->len && nr->notes->len < MAX_NOTES; i++) {
        const kc_noter_annot *an = &g_array_index(annots, kc_noter_annot, i);
        kc_pdf_obj *w = an->obj;
        kc_pdf_obj *ap = kc_pdf_resolve(nr->doc, nr->rev, kc_pdf_dict_get(w, "AP"));
        if (!ap || ap->type != KC_PDF_DICT || (!kc_pdf_dict_get(ap, "R") && !kc_pdf_dict_get(ap, "D")))
            continue;
        int64_t flags = 0;
        kc_pdf_get_int(kc_pdf_resolve(nr->doc, nr->rev, kc_pdf_dict_get(w, "F")), &flags);
        if ((flags > 0 && flags <= INT32_MAX && (flags & (F_HIDDEN | F_NOVIEW))) || !kc_noter_has_area(nr, w))
            continue; /* not shown, so not pointed at (pdf_notes_view.c says what hides it otherwise) */
        bool button = kc_pdf_is_name(kc_pdf_dict_get(w, "Subtype"), "Widget") &&
                      kc_pdf_is_name(kc_noter_inherited(nr, w, "FT"), "Btn");
        kc_pdf_obj *normal = kc_noter_appearance(nr, w);
        const char *key = NULL;
        static const char *const keys[] = {"R", "D"};
        for (size_t k = 0; k < G_N_ELEMENTS(keys) && !key; k++) {
            kc_pdf_obj *other = state_stream(nr, ap, w, keys[k]);
            if (other && other->stream_len > 0 && !draws_alike(nr, normal, other, button))
                key = keys[k];
        }
        if (!key)
            continue;
        kc_noter_note(nr, KC_NOTE_HIDDEN_APPEARANCE,
                      g_strdup_printf(strcmp(key, "R") == 0
                                          ? _("page %zu, an annotation's rollover appearance (/AP /R) draws otherwise "
                                              "than its normal one: Chrome (a button) and Acrobat show it while the "
                                              "mouse is over it, poppler, MuPDF and pdf.js never")
                                          : _("page %zu, an annotation's down appearance (/AP /D) draws otherwise "
                                              "than its normal one: Chrome (a button) and Acrobat show it while the "
                                              "mouse presses it, poppler, MuPDF and pdf.js never"),
                                      an->page));
        break; /* once a document */
    }
    g_array_free(annots, TRUE);
}
