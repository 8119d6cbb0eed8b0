/* pdf_notes.c: what makes a signed document read differently in different
 * viewers although nothing changed after signing (the verdict's notes).
 *
 * Coverage (rule 4) judges what came after a signature; these are features
 * of the signed revision itself, which every viewer takes from the same
 * signed bytes and yet draws otherwise:
 *   - a widget hidden by its /F flags (Hidden, NoView) with an area and an
 *     appearance: poppler and MuPDF draw nothing, pdf.js (Firefox) draws its
 *     /AP all the same;
 *   - (pdf_notes_field.c) a text field whose /V is not the text its /AP draws: pdf.js's form
 *     layer shows /V, the others the appearance; a combo box whose option
 *     pdf.js lists, or a radio button it chooses, by the value is not what
 *     the appearance draws (pdf_notes_value.c);
 *   - an XFA form (/AcroForm /XFA): Firefox and Acrobat may draw it instead
 *     of the page, and with /NeedsRendering they do;
 *   - a /Pages /Count that is not the number of pages the tree holds: each
 *     viewer trusts one or the other;
 *   - scripts (/Names /JavaScript, /OpenAction, /AA, field actions): a viewer
 *     that runs them may show other values than the page's;
 *   - a form told to redraw its fields (/NeedAppearances true) with a text
 *     or choice field that has an appearance: poppler and pdf.js (drawing the
 *     page) redraw it from /V with its /DA and /DR (poppler a push button
 *     from its caption, /MK /CA) (a /DR font whose /Differences
 *     draws "1" as "nine" shows 90.000.000), MuPDF draws the signed /AP; a
 *     text field without one whose /DA sets no font: poppler draws nothing;
 *   - (pdf_notes_view.c) an annotation printed and not shown (/F Print with
 *     NoView), or shown and not printed: the paper is not the screen;
 *   - (pdf_notes_view.c) an optional content group whose /Usage (/ViewState,
 *     /PrintState) says otherwise than its default state: poppler follows the
 *     default, pdf.js, MuPDF and Acrobat the usage.
 *   - (pdf_notes_states.c) an annotation whose rollover or down appearance
 *     draws otherwise than its normal one: shown under the mouse;
 *   - (pdf_notes_keys.c) the catalog, a page tree node or a page's resources
 *     naming a key twice among 32 or more: poppler reads another of its values.
 * A note never changes a signature's status.  Everything here is read from
 * the objects the signature walk (pdf_sig.c) already resolves, which the
 * reader caches; the page tree's nodes are the only objects added, and only
 * their dictionaries (never a content stream), bounded. */
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "kiemchung/verify.h"
#include "pdf.h"
#include "pdf_notes_internal.h"

/* The note on a form action run on opening (one_form_action): the document's
 * or a page's, said once each. */
#define OPEN_FORM_ACTION                                                                                            \
    N_("the document resets its form or hides or shows annotations (/ResetForm, /Hide) when it or a page is "      \
       "opened: Chrome and Edge (PDFium) run it and may show the fields' default values (/DV), or other "          \
       "annotations, where poppler, MuPDF and pdf.js show what was signed")
/* The note on a form action run on printing or on leaving a page
 * (kc_noter_later_form_action): said once a document. */
#define LATER_FORM_ACTION                                                                                           \
    N_("the document resets its form or hides or shows annotations (/ResetForm, /Hide) when it is printed or "     \
       "a page is left (/AA /WP, /DP, a page's /AA /C): Chrome and Edge (PDFium) run it, and may print, and show " \
       "from then on, the fields' default values (/DV), or other annotations, where poppler, MuPDF and pdf.js "    \
       "show what was signed")

void kc_noter_note(kc_pdf_noter *nr, const char *code, char *message)
{
    if (nr->notes->len >= MAX_NOTES) {
        g_free(message);
        return;
    }
    kc_pdf_note n = {code, message};
    g_array_append_val(nr->notes, n);
}

typedef struct tree_item {
    kc_pdf_obj *ref;  /* a kid to visit, or NULL: leaving `node` */
    kc_pdf_obj *node;
    size_t start;     /* pages counted before entering node */
    uint32_t num;     /* node's object number */
    kc_pdf_obj *crop, *media; /* the /CropBox and /MediaBox its kids inherit (unresolved), or NULL */
    kc_pdf_obj *res, *rotate; /* likewise its /Resources and /Rotate */
} tree_item;

/* The page tree, in order: each page's index, the annotations each page
 * lists, and whether /Count says as many pages as the tree holds. */
static void walk_pages(kc_pdf_noter *nr, kc_pdf_obj *pages_ref, bool later_actions)
{
    kc_pdf_obj *top = kc_pdf_resolve(nr->doc, nr->rev, pages_ref);
    if (!top || top->type != KC_PDF_DICT)
        return;
    GArray *stack = g_array_new(FALSE, FALSE, sizeof(tree_item));
    GHashTable *seen = g_hash_table_new(g_direct_hash, g_direct_equal);
    size_t pages = 0, nodes = 0;
    bool page_scripts = false, page_actions = false, complete = true, dups = nr->dup_keys;
    kc_noter_tree t = {0};
    g_array_append_val(stack, ((tree_item){pages_ref, NULL, 0, 0, NULL, NULL, NULL, NULL}));
    while (stack->len > 0) {
        tree_item it = g_array_index(stack, tree_item, stack->len - 1);
        g_array_set_size(stack, stack->len - 1);
        if (!it.ref) { /* leaving a node below the root: its /Count against what it held */
            int64_t said;
            if (!t.count_node && kc_pdf_get_int(kc_pdf_resolve(nr->doc, nr->rev, kc_pdf_dict_get(it.node, "Count")), &said) &&
                said != (int64_t)(pages - it.start)) {
                t.count_node = it.num ? it.num : UINT32_MAX;
                t.count_said = said;
                t.count_held = pages - it.start;
            }
            continue;
        }
        kc_pdf_obj *ref = it.ref;
        kc_pdf_obj *node = kc_pdf_resolve(nr->doc, nr->rev, ref);
        if (node && node->type == KC_PDF_STREAM && !t.stream_page)
            t.stream_page = pages + 1;
        if (!node || node->type != KC_PDF_DICT)
            continue;
        if (g_hash_table_contains(seen, node)) {
            /* A page the /Kids list twice is two pages to poppler, MuPDF and
             * pdf.js (rtpdf19: [p p] with /Count 2 shows p twice in each);
             * a node met again is not walked again. */
            if (node != top && !(kc_pdf_dict_get(node, "Kids") &&
                                 !kc_pdf_is_name(kc_pdf_resolve(nr->doc, nr->rev, kc_pdf_dict_get(node, "Type")), "Page")))
                pages++;
            if (++nodes > MAX_PAGE_NODES) {
                complete = false;
                break;
            }
            continue;
        }
        if (++nodes > MAX_PAGE_NODES) {
            complete = false;
            break;
        }
        g_hash_table_add(seen, node);
        dups = dups || kc_noter_poppler_dups(node) || kc_noter_resources_dups(nr, kc_pdf_dict_get(node, "Resources"));
        kc_pdf_obj *kids = kc_pdf_resolve(nr->doc, nr->rev, kc_pdf_dict_get(node, "Kids"));
        kc_pdf_obj *type = kc_pdf_resolve(nr->doc, nr->rev, kc_pdf_dict_get(node, "Type"));
        uint32_t num = ref->type == KC_PDF_REF ? ref->u.ref.num : 0;
        kc_pdf_obj *crop = kc_pdf_dict_get(node, "CropBox") ? kc_pdf_dict_get(node, "CropBox") : it.crop;
        kc_pdf_obj *media = kc_pdf_dict_get(node, "MediaBox") ? kc_pdf_dict_get(node, "MediaBox") : it.media;
        kc_pdf_obj *res = kc_pdf_dict_get(node, "Resources") ? kc_pdf_dict_get(node, "Resources") : it.res;
        kc_pdf_obj *rotate = kc_pdf_dict_get(node, "Rotate") ? kc_pdf_dict_get(node, "Rotate") : it.rotate;
        /* Walked as poppler walks it (pdf_actual.c reads the same pages): the
         * root is a node whatever its /Type, and so is a dictionary naming
         * /Kids that is not /Type /Page, its kids read only when an array. */
        if (node == top || (kc_pdf_dict_get(node, "Kids") && !kc_pdf_is_name(type, "Page"))) {
            bool array = kids && kids->type == KC_PDF_ARRAY;
            if (node != top && !t.odd_node && (!array || !kc_pdf_is_name(type, "Pages"))) {
                t.odd_node = num ? num : UINT32_MAX;
                t.odd_leaf_kids = !array;
            }
            if (node != top)
                g_array_append_val(stack, ((tree_item){NULL, node, pages, num, NULL, NULL, NULL, NULL}));
            for (size_t k = array ? kids->u.arr.n : 0; k-- > 0;)
                g_array_append_val(stack,
                                   ((tree_item){kids->u.arr.items[k], NULL, 0, 0, crop, media, res, rotate}));
            continue;
        }
        if (!t.odd_node && kc_pdf_is_name(type, "Pages")) /* a leaf: MuPDF takes it for a node */
            t.odd_node = num ? num : UINT32_MAX;
        pages++;
        kc_pdf_boxes boxes = kc_pdf_page_boxes(nr->doc, nr->rev, crop, media);
        if (!t.media_page && boxes == KC_PDF_BOXES_MEDIA)
            t.media_page = pages;
        if (!t.crop_page && boxes == KC_PDF_BOXES_CROP)
            t.crop_page = pages;
        kc_pdf_obj *const walked[4] = {it.res, it.media, it.crop, it.rotate};
        if (!t.parent_page && kc_noter_parent_differs(nr, node, walked))
            t.parent_page = pages;
        if (!t.null_res_page && kc_noter_null_resources(nr, node, it.res))
            t.null_res_page = pages;
        if (ref->type == KC_PDF_REF)
            g_hash_table_insert(nr->page_of, GUINT_TO_POINTER(ref->u.ref.num), GSIZE_TO_POINTER(pages));
        page_scripts = page_scripts || kc_noter_aa_scripts(nr, kc_pdf_dict_get(node, "AA"));
        page_actions = page_actions || kc_noter_opens_form_action(nr, NULL, kc_pdf_dict_get(node, "AA"));
        later_actions = later_actions || kc_noter_later_form_action(nr, kc_pdf_dict_get(node, "AA"), true);
        kc_pdf_obj *annots = kc_pdf_resolve(nr->doc, nr->rev, kc_pdf_dict_get(node, "Annots"));
        for (size_t a = 0; annots && annots->type == KC_PDF_ARRAY && a < annots->u.arr.n; a++) {
            kc_pdf_obj *r = annots->u.arr.items[a];
            if (r->type == KC_PDF_REF && !g_hash_table_contains(nr->annot_page, GUINT_TO_POINTER(r->u.ref.num)))
                g_hash_table_insert(nr->annot_page, GUINT_TO_POINTER(r->u.ref.num), GSIZE_TO_POINTER(pages));
            else if (r->type == KC_PDF_DICT && nr->direct_annots->len < MAX_PAGE_NODES)
                g_array_append_val(nr->direct_annots, ((kc_noter_annot){r, 0, pages}));
        }
    }
    int64_t count = -1;
    if (complete && kc_pdf_get_int(kc_pdf_resolve(nr->doc, nr->rev, kc_pdf_dict_get(top, "Count")), &count) &&
        count != (int64_t)pages)
        kc_noter_note(nr, KC_NOTE_PAGE_COUNT,
             g_strdup_printf(dngettext(KC_TEXTDOMAIN,
                                       "the page tree holds %zu page but its /Count says %lld: viewers that trust "
                                       "one or the other show different pages",
                                       "the page tree holds %zu pages but its /Count says %lld: viewers that trust "
                                       "one or the other show different pages",
                                       pages),
                             pages, (long long)count));
    if (dups)
        kc_noter_note(nr, KC_NOTE_DUP_KEY,
             g_strdup(_("the document catalog, a page or its resources names a key twice among 32 or more: "
                        "poppler reads another of its values than other viewers, and may show another page")));
    if (page_scripts)
        kc_noter_note(nr, KC_NOTE_JAVASCRIPT,
             g_strdup(_("a page runs a script (JavaScript, /AA) when it is opened or closed: a viewer that runs "
                        "it may show other values than the page's")));
    if (page_actions)
        kc_noter_note(nr, KC_NOTE_JAVASCRIPT, g_strdup(_(OPEN_FORM_ACTION)));
    if (later_actions)
        kc_noter_note(nr, KC_NOTE_JAVASCRIPT, g_strdup(_(LATER_FORM_ACTION)));
    kc_noter_tree_notes(nr, &t);
    g_array_free(stack, TRUE);
    g_hash_table_destroy(seen);
}

kc_pdf_noter *kc_pdf_noter_begin(kc_pdf_doc *doc, size_t rev, kc_pdf_obj *root)
{
    kc_pdf_noter *nr = g_new0(kc_pdf_noter, 1);
    nr->doc = doc;
    nr->rev = rev;
    nr->notes = g_array_new(FALSE, TRUE, sizeof(kc_pdf_note));
    nr->page_of = g_hash_table_new(g_direct_hash, g_direct_equal);
    nr->annot_page = g_hash_table_new(g_direct_hash, g_direct_equal);
    nr->direct_annots = g_array_new(FALSE, FALSE, sizeof(kc_noter_annot));
    nr->fields_seen = g_hash_table_new(g_direct_hash, g_direct_equal);
    nr->dup_keys = kc_noter_poppler_dups(root);
    kc_pdf_obj *form = kc_pdf_resolve(doc, rev, kc_pdf_dict_get(root, "AcroForm"));
    kc_pdf_obj *xfa = form && form->type == KC_PDF_DICT ? kc_pdf_dict_get(form, "XFA") : NULL;
    kc_pdf_obj *na = form && form->type == KC_PDF_DICT ? kc_pdf_resolve(doc, rev, kc_pdf_dict_get(form, "NeedAppearances")) : NULL;
    nr->redraws = na && na->type == KC_PDF_BOOL && na->u.b; /* poppler reads only a boolean there */
    if (form && form->type == KC_PDF_DICT) {
        nr->form_da = kc_pdf_resolve(doc, rev, kc_pdf_dict_get(form, "DA"));
        nr->form_dr = kc_pdf_resolve(doc, rev, kc_pdf_dict_get(form, "DR"));
    }
    if (xfa) {
        kc_pdf_obj *nrend = kc_pdf_resolve(doc, rev, kc_pdf_dict_get(root, "NeedsRendering"));
        bool must = nrend && nrend->type == KC_PDF_BOOL && nrend->u.b;
        kc_noter_note(nr, KC_NOTE_XFA,
             g_strdup(must ? _("the form is an XFA form marked /NeedsRendering: Firefox and Acrobat draw the XFA "
                               "form instead of the signed page")
                           : _("the form holds an XFA form (/XFA): Firefox and Acrobat may draw it instead of the "
                               "signed page")));
    }
    /* A portfolio (PDF 1.7, 12.3.5): Acrobat and Reader open its list of
     * embedded files, and the one its /D names, not the pages that were
     * signed and that poppler, MuPDF, pdf.js and index read (rtpdf19). */
    kc_pdf_obj *coll = kc_pdf_resolve(doc, rev, kc_pdf_dict_get(root, "Collection"));
    if (coll && coll->type == KC_PDF_DICT)
        kc_noter_note(nr, KC_NOTE_PORTFOLIO,
             g_strdup(_("the document is a portfolio (the catalog's /Collection): Adobe Acrobat and Reader show "
                        "its embedded files, and open first the one it names, instead of the signed pages that "
                        "poppler, MuPDF and pdf.js show")));
    kc_pdf_obj *names = kc_pdf_resolve(doc, rev, kc_pdf_dict_get(root, "Names"));
    if (names && names->type == KC_PDF_DICT && kc_pdf_dict_get(names, "JavaScript"))
        kc_noter_note(nr, KC_NOTE_JAVASCRIPT,
             g_strdup(_("the document holds scripts (JavaScript, /Names /JavaScript) that viewers run when they "
                        "open it: a viewer that runs them may show other values than the page's")));
    if (kc_noter_action_scripts(nr, kc_pdf_dict_get(root, "OpenAction")) || kc_noter_aa_scripts(nr, kc_pdf_dict_get(root, "AA")))
        kc_noter_note(nr, KC_NOTE_JAVASCRIPT,
             g_strdup(_("the document runs a script (JavaScript, /OpenAction or /AA) when it is opened, saved or "
                        "printed: a viewer that runs it may show other values than the page's")));
    if (kc_noter_opens_form_action(nr, kc_pdf_dict_get(root, "OpenAction"), NULL))
        kc_noter_note(nr, KC_NOTE_JAVASCRIPT, g_strdup(_(OPEN_FORM_ACTION)));
    walk_pages(nr, kc_pdf_dict_get(root, "Pages"), kc_noter_later_form_action(nr, kc_pdf_dict_get(root, "AA"), false));
    kc_noter_optional_content(nr, root);
    return nr;
}

size_t kc_noter_page_of(kc_pdf_noter *nr, kc_pdf_obj *widget_ref, kc_pdf_obj *widget)
{
    kc_pdf_obj *p = kc_pdf_dict_get(widget, "P");
    gpointer idx = NULL;
    if (p && p->type == KC_PDF_REF)
        idx = g_hash_table_lookup(nr->page_of, GUINT_TO_POINTER(p->u.ref.num));
    if (!idx && widget_ref && widget_ref->type == KC_PDF_REF)
        idx = g_hash_table_lookup(nr->annot_page, GUINT_TO_POINTER(widget_ref->u.ref.num));
    return GPOINTER_TO_SIZE(idx);
}

/* s cut to 60 characters for a message (UTF-8 s, NUL-terminated), g_malloc'd. */
char *kc_noter_shorten(const char *s)
{
    if (g_utf8_strlen(s, -1) <= 60)
        return g_strdup(s);
    char *head = g_utf8_substring(s, 0, 59), *out = g_strconcat(head, "…", NULL);
    g_free(head);
    return out;
}

/* "page 2, field “Amount”" or "field “Amount”" (page unknown). */
char *kc_noter_where(size_t page, const char *name)
{
    return page ? g_strdup_printf(_("page %zu, field “%s”"), page, name) : g_strdup_printf(_("field “%s”"), name);
}

/* The normal appearance a widget shows: /AP /N, a stream or (a button's) a
 * dictionary of states chosen by /AS. */
kc_pdf_obj *kc_noter_appearance(kc_pdf_noter *nr, kc_pdf_obj *w)
{
    kc_pdf_obj *ap = kc_pdf_resolve(nr->doc, nr->rev, kc_pdf_dict_get(w, "AP"));
    kc_pdf_obj *n = ap && ap->type == KC_PDF_DICT ? kc_pdf_resolve(nr->doc, nr->rev, kc_pdf_dict_get(ap, "N")) : NULL;
    if (n && n->type == KC_PDF_DICT) {
        kc_pdf_obj *as = kc_pdf_dict_get(w, "AS");
        char *state = as && as->type == KC_PDF_NAME ? kc_pdf_strdup(as) : NULL;
        n = state ? kc_pdf_resolve(nr->doc, nr->rev, kc_pdf_dict_get(n, state)) : NULL;
        free(state);
    }
    return n && n->type == KC_PDF_STREAM ? n : NULL;
}

bool kc_noter_has_area(kc_pdf_noter *nr, kc_pdf_obj *w)
{
    kc_pdf_obj *r = kc_pdf_resolve(nr->doc, nr->rev, kc_pdf_dict_get(w, "Rect"));
    if (!r || r->type != KC_PDF_ARRAY || r->u.arr.n != 4)
        return false;
    double v[4];
    for (int i = 0; i < 4; i++) {
        kc_pdf_obj *x = kc_pdf_resolve(nr->doc, nr->rev, r->u.arr.items[i]);
        if (!x || (x->type != KC_PDF_INT && x->type != KC_PDF_REAL))
            return false;
        v[i] = x->type == KC_PDF_INT ? (double)x->u.i : x->u.r;
    }
    return v[0] != v[2] && v[1] != v[3];
}

/* A widget hidden by its flags that pdf.js draws all the same: an area and
 * an appearance that is not empty. */
bool kc_noter_hidden_drawn(kc_pdf_noter *nr, kc_pdf_obj *w, kc_pdf_obj *ap, int64_t flags)
{
    return (flags & (F_HIDDEN | F_NOVIEW)) && ap && ap->stream_len > 0 && kc_noter_has_area(nr, w);
}

void kc_noter_note_hidden(kc_pdf_noter *nr, char *at)
{
    kc_noter_note(nr, KC_NOTE_HIDDEN_APPEARANCE,
         g_strdup_printf(_("%s: a widget hidden by its flags (/F Hidden or NoView) has an appearance that "
                           "pdf.js (Firefox) draws while poppler and MuPDF draw nothing"),
                         at));
    g_free(at);
}

static gint cmp_num(gconstpointer a, gconstpointer b)
{
    guint x = GPOINTER_TO_UINT(*(gconstpointer *)a), y = GPOINTER_TO_UINT(*(gconstpointer *)b);
    return x < y ? -1 : x > y;
}

GPtrArray *kc_noter_sorted_nums(GHashTable *table, GHashTable *except)
{
    GPtrArray *nums = g_ptr_array_new();
    GHashTableIter it;
    gpointer key;
    g_hash_table_iter_init(&it, table);
    while (g_hash_table_iter_next(&it, &key, NULL))
        if (!except || !g_hash_table_contains(except, key))
            g_ptr_array_add(nums, key);
    g_ptr_array_sort(nums, cmp_num); /* in object order, whatever the table's */
    return nums;
}

GArray *kc_noter_annots(kc_pdf_noter *nr, GHashTable *except)
{
    GArray *out = g_array_new(FALSE, FALSE, sizeof(kc_noter_annot));
    GPtrArray *nums = kc_noter_sorted_nums(nr->annot_page, except);
    for (guint i = 0; i < nums->len && i < MAX_PAGE_NODES; i++) {
        guint num = GPOINTER_TO_UINT(nums->pdata[i]);
        kc_pdf_obj *a = kc_pdf_get(nr->doc, nr->rev, num, NULL);
        if (a && a->type == KC_PDF_DICT)
            g_array_append_val(out, ((kc_noter_annot){a, num, GPOINTER_TO_SIZE(g_hash_table_lookup(nr->annot_page,
                                                                                                 nums->pdata[i]))}));
    }
    g_ptr_array_free(nums, TRUE);
    g_array_append_vals(out, nr->direct_annots->data, nr->direct_annots->len);
    return out;
}

/* Widgets a page lists that the form does not: pdf.js draws them as it draws
 * the form's (a hidden one too), whether or not a field holds them; one
 * written inside a page's /Annots is held by no field. */
static void widgets_outside_form(kc_pdf_noter *nr)
{
    GArray *annots = kc_noter_annots(nr, nr->fields_seen);
    for (guint i = 0; i < annots->len && nr->notes->len < MAX_NOTES; i++) {
        const kc_noter_annot *an = &g_array_index(annots, kc_noter_annot, i);
        kc_pdf_obj *w = an->obj;
        if (!kc_pdf_is_name(kc_pdf_dict_get(w, "Subtype"), "Widget"))
            continue;
        int64_t flags = 0;
        kc_pdf_get_int(kc_pdf_resolve(nr->doc, nr->rev, kc_pdf_dict_get(w, "F")), &flags);
        if (flags > INT32_MAX || flags < INT32_MIN)
            flags = 0; /* none to poppler, which draws it: kc_noter_print_differs says so */
        if (!(flags & (F_HIDDEN | F_NOVIEW)))
            continue; /* a shown one is coverage's business, not a note */
        if (kc_noter_hidden_drawn(nr, w, kc_noter_appearance(nr, w), flags))
            kc_noter_note_hidden(nr, g_strdup_printf(_("page %zu, a widget outside the form"), an->page));
    }
    g_array_free(annots, TRUE);
}

void kc_pdf_noter_end(kc_pdf_noter *nr, kc_pdf_note **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    if (!nr)
        return;
    widgets_outside_form(nr);
    kc_noter_print_differs(nr);
    kc_noter_open_popups(nr);
    kc_noter_other_states(nr);
    kc_noter_structure(nr);
    *n = nr->notes->len;
    *out = (kc_pdf_note *)(void *)g_array_free(nr->notes, FALSE);
    g_hash_table_destroy(nr->page_of);
    g_hash_table_destroy(nr->annot_page);
    g_array_free(nr->direct_annots, TRUE);
    g_hash_table_destroy(nr->fields_seen);
    g_free(nr);
}

void kc_pdf_notes_free(kc_pdf_note *notes, size_t n)
{
    for (size_t i = 0; notes && i < n; i++)
        g_free(notes[i].message);
    g_free(notes);
}
