/* pdf_notes_view.c: notes on what the screen and the paper show otherwise
 * (the verdict's notes, with pdf_notes.c): an annotation printed and not
 * shown, or shown and not printed, and optional content whose /Usage says
 * otherwise than its default state.  Viewers differ on these with nothing
 * changed after signing, so they are notes, never a status. */
#include <glib.h>
#include <stdlib.h>

#include "i18n.h"
#include "kiemchung/verify.h"
#include "pdf.h"
#include "pdf_notes_internal.h"

/* Whether the array list names the object ref names (by number). */
static bool lists(kc_pdf_noter *nr, kc_pdf_obj *list, const kc_pdf_obj *ref)
{
    list = kc_pdf_resolve(nr->doc, nr->rev, list);
    for (size_t i = 0; list && list->type == KC_PDF_ARRAY && i < list->u.arr.n; i++)
        if (list->u.arr.items[i]->type == KC_PDF_REF && list->u.arr.items[i]->u.ref.num == ref->u.ref.num)
            return true;
    return false;
}

/* A state of a group's /Usage (/View /ViewState, /Print /PrintState): 1 on,
 * 0 off, -1 none. */
static int usage_state(kc_pdf_noter *nr, kc_pdf_obj *usage, const char *what, const char *key)
{
    kc_pdf_obj *u = kc_pdf_resolve(nr->doc, nr->rev, kc_pdf_dict_get(usage, what));
    kc_pdf_obj *st = u && u->type == KC_PDF_DICT ? kc_pdf_resolve(nr->doc, nr->rev, kc_pdf_dict_get(u, key)) : NULL;
    return kc_pdf_is_name(st, "ON") ? 1 : kc_pdf_is_name(st, "OFF") ? 0 : -1;
}

/* Optional content whose /Usage says otherwise than the default
 * configuration: poppler shows a group as /D sets it (/BaseState, then /ON,
 * then /OFF), while pdf.js hides a group that is on whose /View /ViewState
 * (or, printing, /Print /PrintState) is /OFF, and MuPDF and Acrobat apply
 * the usage too (and MuPDF shows a group that is off whose usage turns it
 * on).  The chairman who signs in Firefox sees 10.000.000; Evince shows
 * the "9" the page draws inside the group. */
void kc_noter_optional_content(kc_pdf_noter *nr, kc_pdf_obj *root)
{
    kc_pdf_obj *ocp = kc_pdf_resolve(nr->doc, nr->rev, kc_pdf_dict_get(root, "OCProperties"));
    if (!ocp || ocp->type != KC_PDF_DICT)
        return;
    kc_pdf_obj *d = kc_pdf_resolve(nr->doc, nr->rev, kc_pdf_dict_get(ocp, "D"));
    kc_pdf_obj *groups = kc_pdf_resolve(nr->doc, nr->rev, kc_pdf_dict_get(ocp, "OCGs"));
    if (d && d->type != KC_PDF_DICT)
        d = NULL;
    bool base_on = !(d && kc_pdf_is_name(kc_pdf_resolve(nr->doc, nr->rev, kc_pdf_dict_get(d, "BaseState")), "OFF"));
    for (size_t i = 0; groups && groups->type == KC_PDF_ARRAY && i < groups->u.arr.n && i < MAX_PAGE_NODES; i++) {
        kc_pdf_obj *ref = groups->u.arr.items[i];
        kc_pdf_obj *g = kc_pdf_resolve(nr->doc, nr->rev, ref);
        if (ref->type != KC_PDF_REF || !g || g->type != KC_PDF_DICT)
            continue;
        kc_pdf_obj *usage = kc_pdf_resolve(nr->doc, nr->rev, kc_pdf_dict_get(g, "Usage"));
        if (!usage || usage->type != KC_PDF_DICT)
            continue;
        int on = base_on;
        if (d && lists(nr, kc_pdf_dict_get(d, "ON"), ref))
            on = 1;
        if (d && lists(nr, kc_pdf_dict_get(d, "OFF"), ref))
            on = 0;
        int view = usage_state(nr, usage, "View", "ViewState"), print = usage_state(nr, usage, "Print", "PrintState");
        if ((view >= 0 && view != on) || (print >= 0 && print != on)) {
            kc_noter_note(nr, KC_NOTE_OPTIONAL_CONTENT,
                 g_strdup(on ? _("an optional content group (a layer) that is on by default is turned off for viewing or "
                                 "printing by its /Usage: poppler shows it, pdf.js, MuPDF and Acrobat hide it, so "
                                 "viewers show different pages")
                             : _("an optional content group (a layer) that is off by default is turned on for viewing or "
                                 "printing by its /Usage: viewers that apply it (MuPDF, Acrobat) show it, poppler and "
                                 "pdf.js do not, so viewers show different pages")));
            return; /* one note for the document */
        }
    }
}

/* Annotations the printed page and the screen show otherwise: poppler,
 * MuPDF and pdf.js draw on screen what /F does not hide (NoView, unless
 * ToggleNoView shows it under the pointer) and print only what says Print.
 * A Stamp drawing "9" over the amount with /F NoView Print shows 10.000.000
 * to the chairman who signs and prints 90.000.000 (and the other way round:
 * without Print, the screen shows what the paper does not).  Hidden is
 * neither, and hidden-appearance's business (so is a widget NoView hides).
 * Only an annotation that draws
 * something: an area and a non-empty appearance. */
void kc_noter_print_differs(kc_pdf_noter *nr)
{
    enum { F_PRINT = 1 << 2, F_TOGGLE_NO_VIEW = 1 << 8 };
    GPtrArray *nums = g_ptr_array_new();
    GHashTableIter it;
    gpointer key;
    g_hash_table_iter_init(&it, nr->annot_page);
    while (g_hash_table_iter_next(&it, &key, NULL))
        g_ptr_array_add(nums, key);
    g_ptr_array_sort(nums, kc_noter_cmp_num);
    for (guint i = 0; i < nums->len && i < MAX_PAGE_NODES && nr->notes->len < MAX_NOTES; i++) {
        kc_pdf_obj *a = kc_pdf_get(nr->doc, nr->rev, GPOINTER_TO_UINT(nums->pdata[i]), NULL);
        if (!a || a->type != KC_PDF_DICT)
            continue;
        int64_t flags = 0;
        kc_pdf_get_int(kc_pdf_resolve(nr->doc, nr->rev, kc_pdf_dict_get(a, "F")), &flags);
        if (flags > INT32_MAX || flags < INT32_MIN)
            flags = 0; /* poppler reads flags only from a 32-bit integer */
        bool shown = !(flags & F_NOVIEW) || (flags & F_TOGGLE_NO_VIEW), printed = flags & F_PRINT;
        kc_pdf_obj *ap = kc_noter_appearance(nr, a);
        kc_pdf_obj *st = kc_pdf_resolve(nr->doc, nr->rev, kc_pdf_dict_get(a, "Subtype"));
        /* A widget NoView hides pdf.js draws on screen all the same: that is
         * hidden-appearance's note. */
        if ((flags & F_HIDDEN) || ((flags & F_NOVIEW) && kc_pdf_is_name(st, "Widget")) || shown == printed || !ap ||
            ap->stream_len == 0 || !kc_noter_has_area(nr, a))
            continue;
        char *sub = st && st->type == KC_PDF_NAME ? kc_pdf_strdup(st) : NULL;
        size_t page = GPOINTER_TO_SIZE(g_hash_table_lookup(nr->annot_page, nums->pdata[i]));
        kc_noter_note(nr, KC_NOTE_PRINT,
             printed ? g_strdup_printf(_("page %zu, an annotation (%s) is printed but not shown on screen (/F Print "
                                         "with NoView): the printed page is not the page viewers show"),
                                       page, sub ? sub : "?")
                     : g_strdup_printf(_("page %zu, an annotation (%s) is shown on screen but not printed (its /F "
                                         "lacks Print): the printed page is not the page viewers show"),
                                       page, sub ? sub : "?"));
        free(sub);
    }
    g_ptr_array_free(nums, TRUE);
}
