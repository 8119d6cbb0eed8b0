/* pdf_notes_popup.c: the pop-up notes a viewer opens over the page by itself
 * (the verdict's notes, with pdf_notes.c and pdf_notes_view.c): a Popup
 * annotation whose /Open is true, which pdf.js's annotation layer shows open
 * on loading with its parent's text, and poppler and MuPDF do not.  Split
 * from pdf_notes_view.c when rtform19 taught it group replies. */
#include <glib.h>
#include <stdint.h>

#include "i18n.h"
#include "kiemchung/verify.h"
#include "pdf.h"
#include "pdf_notes_internal.h"

/* Whether pdf.js takes value o (resolved) for true, as JavaScript's !!
 * does (PopupAnnotation: data.open = !!dict.get("Open")): any value but
 * false, null, a zero and an empty string.  A missing one is false. */
static bool js_truthy(const kc_pdf_obj *o)
{
    if (!o || o->type == KC_PDF_NULL)
        return false;
    if (o->type == KC_PDF_BOOL)
        return o->u.b;
    if (o->type == KC_PDF_INT)
        return o->u.i != 0;
    if (o->type == KC_PDF_REAL)
        return o->u.r != 0;
    if (o->type == KC_PDF_STRING)
        return o->u.str.len > 0;
    return true;
}

/* Whether pdf.js shows an annotation with these flags: it reads a value
 * that is not a positive 32-bit integer as no flags (Annotation.setFlags). */
static bool pdfjs_viewable(kc_pdf_noter *nr, kc_pdf_obj *a)
{
    int64_t flags = 0;
    if (!kc_pdf_get_int(kc_pdf_resolve(nr->doc, nr->rev, kc_pdf_dict_get(a, "F")), &flags) || flags <= 0 ||
        flags > INT32_MAX)
        return true;
    return !(flags & (F_HIDDEN | F_NOVIEW));
}

/* Whether the text string (or rich text) at key of dictionary d is not empty. */
static bool has_text(kc_pdf_noter *nr, kc_pdf_obj *d, const char *key)
{
    kc_pdf_obj *s = kc_pdf_resolve(nr->doc, nr->rev, kc_pdf_dict_get(d, key));
    if (s && s->type == KC_PDF_STREAM)
        return s->stream_len > 0; /* /RC may be a stream */
    return s && s->type == KC_PDF_STRING && s->u.str.len > 0;
}

/* The annotation whose text a pop-up of annotation a shows, and whose /Popup
 * a is filed under: a group reply (/RT /Group) takes its title, contents,
 * flags and pop-up from the annotation it replies to (/IRT), as pdf.js reads
 * both (MarkupAnnotation, PopupAnnotation).  A sticky note saying nothing,
 * naming no pop-up, replying to an annotation no page lists that held
 * 90.000.000 and an open Popup, was opened over the amount by Firefox with no
 * note (rtform19).  Else a itself. */
static kc_pdf_obj *group_head(kc_pdf_noter *nr, kc_pdf_obj *a)
{
    if (!kc_pdf_is_name(kc_pdf_resolve(nr->doc, nr->rev, kc_pdf_dict_get(a, "RT")), "Group"))
        return a;
    kc_pdf_obj *irt = kc_pdf_resolve(nr->doc, nr->rev, kc_pdf_dict_get(a, "IRT"));
    return irt && irt->type == KC_PDF_DICT ? irt : a;
}

/* The open pop-up (a number in open) annotation a names, taken out of open,
 * or 0: by its own /Popup or, a group reply, by the one of the annotation it
 * replies to (pdf.js files it under that one alone; both are read, as a
 * pop-up noted once too often is safer than one missed). */
static guint take_open_popup(kc_pdf_noter *nr, kc_pdf_obj *a, GHashTable *open)
{
    kc_pdf_obj *head = group_head(nr, a);
    kc_pdf_obj *refs[2] = {kc_pdf_dict_get(a, "Popup"), head != a ? kc_pdf_dict_get(head, "Popup") : NULL};
    for (size_t i = 0; i < 2; i++)
        if (refs[i] && refs[i]->type == KC_PDF_REF &&
            g_hash_table_remove(open, GUINT_TO_POINTER(refs[i]->u.ref.num)))
            return refs[i]->u.ref.num;
    return 0;
}

/* The pop-up notes a viewer opens over the page by itself (rtform18).  A
 * Popup annotation whose /Open is true is shown open on loading by pdf.js's
 * annotation layer (PopupElement toggles itself open when built: Firefox;
 * Acrobat reads /Open too, not tried): a box right of the annotation that names it in its
 * /Popup, holding the title (/T) and /Contents (or /RC) of the Popup's /Parent; poppler and
 * MuPDF draw no pop-up.  A sticky note left of the amount, its pop-up open
 * and saying 90.000.000, covered the amount in Firefox and was valid with no
 * note.  pdf.js builds the pop-up only when the Popup is an object the page
 * lists and an annotation the page lists, with an area, names it by
 * reference; it shows it unless both the Popup and its /Parent are hidden
 * (the Popup takes its parent's flags when its own hide it). */
void kc_noter_open_popups(kc_pdf_noter *nr)
{
    GArray *annots = kc_noter_annots(nr, NULL);
    GHashTable *open = g_hash_table_new(NULL, NULL); /* listed open pop-ups' numbers */
    for (guint i = 0; i < annots->len; i++) {
        const kc_noter_annot *an = &g_array_index(annots, kc_noter_annot, i);
        if (!an->num || !kc_pdf_is_name(kc_pdf_resolve(nr->doc, nr->rev, kc_pdf_dict_get(an->obj, "Subtype")), "Popup"))
            continue;
        kc_pdf_obj *parent = kc_pdf_resolve(nr->doc, nr->rev, kc_pdf_dict_get(an->obj, "Parent"));
        if (!parent || parent->type != KC_PDF_DICT ||
            !js_truthy(kc_pdf_resolve(nr->doc, nr->rev, kc_pdf_dict_get(an->obj, "Open"))))
            continue;
        parent = group_head(nr, parent); /* a group reply shows its head's text */
        /* pdf.js builds the pop-up for any of its parent's title (/T, the
         * pop-up's heading), /Contents or /RC (AnnotationElement._hasPopupData):
         * a title alone saying 90.000.000 opens over the amount (review41). */
        if (!has_text(nr, parent, "T") && !has_text(nr, parent, "Contents") && !has_text(nr, parent, "RC"))
            continue; /* an empty pop-up is not built */
        if (pdfjs_viewable(nr, an->obj) || pdfjs_viewable(nr, parent))
            g_hash_table_add(open, GUINT_TO_POINTER(an->num));
    }
    for (guint i = 0; i < annots->len && g_hash_table_size(open) && nr->notes->len < MAX_NOTES; i++) {
        const kc_noter_annot *an = &g_array_index(annots, kc_noter_annot, i);
        if (!kc_noter_has_area(nr, an->obj) || !take_open_popup(nr, an->obj, open))
            continue; /* one note a pop-up */
        kc_noter_note(nr, KC_NOTE_HIDDEN_APPEARANCE,
                      g_strdup_printf(_("page %zu, a pop-up note (Popup, /Open true) is shown open over the page by "
                                        "pdf.js (Firefox), with its parent annotation's text, and not by poppler or "
                                        "MuPDF: viewers show different pages"),
                                      an->page));
    }
    g_hash_table_destroy(open);
    g_array_free(annots, TRUE);
}
