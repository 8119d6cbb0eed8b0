/* pdf_notes.c: what makes a signed document read differently in different
 * viewers although nothing changed after signing (the verdict's notes).
 *
 * Coverage (rule 4) judges what came after a signature; these are features
 * of the signed revision itself, which every viewer takes from the same
 * signed bytes and yet draws otherwise:
 *   - a widget hidden by its /F flags (Hidden, NoView) with an area and an
 *     appearance: poppler and MuPDF draw nothing, pdf.js (Firefox) draws its
 *     /AP all the same;
 *   - a text field whose /V is not the text its /AP draws: pdf.js's form
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

static size_t page_of(kc_pdf_noter *nr, kc_pdf_obj *widget_ref, kc_pdf_obj *widget)
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
static char *shorten(const char *s)
{
    if (g_utf8_strlen(s, -1) <= 60)
        return g_strdup(s);
    char *head = g_utf8_substring(s, 0, 59), *out = g_strconcat(head, "…", NULL);
    g_free(head);
    return out;
}

/* "page 2, field “Amount”" or "field “Amount”" (page unknown). */
static char *where(size_t page, const char *name)
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
static bool hidden_drawn(kc_pdf_noter *nr, kc_pdf_obj *w, kc_pdf_obj *ap, int64_t flags)
{
    return (flags & (F_HIDDEN | F_NOVIEW)) && ap && ap->stream_len > 0 && kc_noter_has_area(nr, w);
}

static void note_hidden(kc_pdf_noter *nr, char *at)
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
        if (hidden_drawn(nr, w, kc_noter_appearance(nr, w), flags))
            note_hidden(nr, g_strdup_printf(_("page %zu, a widget outside the form"), an->page));
    }
    g_array_free(annots, TRUE);
}

/* The appearance string of field f: its own /DA, a parent's, else the
 * form's (NULL when none has one). */
static kc_pdf_obj *field_da(kc_pdf_noter *nr, kc_pdf_obj *f)
{
    kc_pdf_obj *da = NULL;
    for (int hop = 0; f && f->type == KC_PDF_DICT && !da && hop < KC_PDF_MAX_DEPTH; hop++) {
        da = kc_pdf_resolve(nr->doc, nr->rev, kc_pdf_dict_get(f, "DA"));
        f = kc_pdf_resolve(nr->doc, nr->rev, kc_pdf_dict_get(f, "Parent"));
    }
    return da ? da : nr->form_da;
}

/* Whether the appearance string of field f names a font of the form's /DR
 * whose /Encoding renames glyphs (/Differences): poppler draws a field it
 * draws itself with that encoding ("1" drawn as "nine"), MuPDF with its own
 * Helvetica, pdf.js's form layer in the browser's font. */
/* Whether /DR's font `name` has an encoding that renames glyphs (/Differences). */
static bool font_renames(kc_pdf_noter *nr, kc_pdf_obj *fonts, const char *name)
{
    kc_pdf_obj *font = kc_pdf_resolve(nr->doc, nr->rev, kc_pdf_dict_get(fonts, name));
    kc_pdf_obj *enc = font && font->type == KC_PDF_DICT
                          ? kc_pdf_resolve(nr->doc, nr->rev, kc_pdf_dict_get(font, "Encoding")) : NULL;
    kc_pdf_obj *diff = enc && enc->type == KC_PDF_DICT
                           ? kc_pdf_resolve(nr->doc, nr->rev, kc_pdf_dict_get(enc, "Differences")) : NULL;
    return diff && diff->type == KC_PDF_ARRAY && diff->u.arr.n > 0;
}

static bool da_font_renames(kc_pdf_noter *nr, kc_pdf_obj *f)
{
    kc_pdf_obj *da = field_da(nr, f);
    kc_pdf_obj *fonts = nr->form_dr && nr->form_dr->type == KC_PDF_DICT
                            ? kc_pdf_resolve(nr->doc, nr->rev, kc_pdf_dict_get(nr->form_dr, "Font")) : NULL;
    if (!da || da->type != KC_PDF_STRING || !fonts || fonts->type != KC_PDF_DICT)
        return false;
    const unsigned char *d = da->u.str.data;
    size_t n = da->u.str.len;
    bool renames = false;
    for (size_t i = 0; i < n && !renames; i++) {
        if (d[i] != '/')
            continue;
        size_t e = i + 1;
        while (e < n && d[e] && !strchr(" \t\r\n\f()<>[]{}/%", d[e]))
            e++;
        GString *name = g_string_new(NULL); /* #xx escapes decoded, as poppler reads names */
        for (size_t k = i + 1; k < e; k++) {
            int hi = k + 2 < e ? g_ascii_xdigit_value((char)d[k + 1]) : -1;
            int lo = k + 2 < e ? g_ascii_xdigit_value((char)d[k + 2]) : -1;
            if (d[k] == '#' && hi >= 0 && lo >= 0) {
                g_string_append_c(name, (char)(hi << 4 | lo));
                k += 2;
            } else {
                g_string_append_c(name, (char)d[k]);
            }
        }
        /* rtpdf24: and as poppler's lexer reads it, "#" and one hex digit
         * taking the next byte ("/F#3X" is /F0 to poppler alone, which drew
         * a renaming /F0 with no note). */
        char *pop = memchr(d + i, '#', e - i) ? kc_pdf_poppler_name(d, n, i) : NULL;
        renames = font_renames(nr, fonts, name->str) || (pop && font_renames(nr, fonts, pop));
        g_free(pop);
        g_string_free(name, TRUE);
        i = e - 1;
    }
    return renames;
}

/* Whether poppler finds no font to draw field f with: its appearance string
 * is missing, not a string, or
 * sets no font ("Tf").  poppler then draws nothing ("Missing 'Tf' operator in
 * field's DA string"), while MuPDF draws the value with its own Helvetica,
 * and pdf.js, printing (or with /NeedAppearances), with "/Helvetica 0 Tf"
 * (rtform13). */
static bool da_sets_no_font(kc_pdf_noter *nr, kc_pdf_obj *f)
{
    /* An encrypted document's /DA is an encrypted string, which kiemchung
     * does not decrypt: whether it sets a font is not known, and saying it
     * sets none would be false (pdf_form.c refuses a /DR change there). */
    if (kc_pdf_dict_get(kc_pdf_trailer(nr->doc, nr->rev), "Encrypt"))
        return false;
    kc_pdf_obj *da = field_da(nr, f);
    return !da || da->type != KC_PDF_STRING ||
           !g_strstr_len((const char *)da->u.str.data, (gssize)da->u.str.len, "Tf");
}

/* Whether pdf.js's form layer shows text field f as a password (dots): its
 * /Ff, the first up its /Parent chain, with the Password flag, read as
 * pdf.js reads it, a negative number as no flags at all.  Reading /Ff -1 as
 * every flag let a field whose /V (90.000.000) is not what its appearance
 * draws (10.000.000) pass as a password field, compared with nothing, while
 * Firefox shows it as an ordinary field, editable, holding /V (rtmdp). */
static bool pdfjs_password(kc_pdf_noter *nr, kc_pdf_obj *f)
{
    int64_t ff = 0;
    kc_pdf_get_int(kc_noter_inherited(nr, f, "Ff"), &ff);
    return ff > 0 && (ff & FF_PASSWORD);
}

/* (rtform15) A text field whose value pdf.js's form layer shows cut to its
 * /MaxLen (kc_noter_maxlen_cut): Firefox showed "10.000" of a field without an
 * appearance that poppler and MuPDF draw as 10.000.000, and no note said so. */
static void note_maxlen(kc_pdf_noter *nr, kc_pdf_obj *ref, kc_pdf_obj *f, const char *name, kc_pdf_obj *value)
{
    if (pdfjs_password(nr, f))
        return; /* asterisks, however many */
    char *v = kc_noter_value_text(nr, f, value, false), *cut = kc_noter_maxlen_cut(nr, f, v);
    if (cut) {
        char *at = where(page_of(nr, ref, f), name), *vs = shorten(v), *cs = shorten(cut);
        kc_noter_note(nr, KC_NOTE_FIELD_VALUE,
             g_strdup_printf(_("%s: pdf.js (Firefox) shows only “%s” of the field's value “%s”, as many characters as "
                               "its /MaxLen allows, while poppler and MuPDF draw the whole value"),
                             at, cs, vs));
        g_free(at);
        g_free(vs);
        g_free(cs);
    }
    g_free(cut);
    free(v);
}

/* (rtform15) A text field whose appearance draws with a font whose /ToUnicode
 * reads a digit otherwise than its glyph: pdf.js 4 and later put the text
 * they extract from the appearance in their form layer (unless it is the
 * value), so Firefox showed 90.000.000 where poppler and MuPDF draw the
 * glyphs of 10.000.000, and /V said 10.000.000 too: no note. */
static void note_ap_misread(kc_pdf_noter *nr, kc_pdf_obj *ref, kc_pdf_obj *f, const char *name, kc_pdf_obj *ap)
{
    char *font = kc_noter_ap_font_misreads(nr, ap);
    if (!font)
        return;
    char *at = where(page_of(nr, ref, f), name);
    kc_noter_note(nr, KC_NOTE_FIELD_VALUE,
         g_strdup_printf(_("%s: the field's appearance draws with the font %s, whose /ToUnicode reads a digit otherwise "
                           "than the glyph drawn: pdf.js (Firefox) shows the text so read in its form layer, poppler "
                           "and MuPDF the glyphs"),
                         at, font));
    g_free(at);
    g_free(font);
}

void kc_pdf_noter_field(kc_pdf_noter *nr, kc_pdf_obj *ref, kc_pdf_obj *f, const char *name, kc_pdf_obj *ft,
                        kc_pdf_obj *value, kc_pdf_obj *parent)
{
    if (!nr)
        return;
    /* What a widget shows it takes up its own /Parent chain, in every viewer,
     * not from the field whose /Kids listed it here: a widget listed under
     * "SoTien" (10.000.000) whose /Parent is "SoTien2" (90.000.000) shows
     * 90.000.000 in pdf.js's form layer. */
    ft = kc_noter_inherited(nr, f, "FT");
    value = kc_noter_inherited(nr, f, "V");
    /* Scripts of the field (its own /AA, a widget's /A or /AA), once for the form. */
    kc_pdf_obj *field = kc_pdf_dict_get(f, "T") || !parent ? f : parent; /* a pure widget's field is its parent */
    if (!nr->scripts_noted && (kc_noter_aa_scripts(nr, kc_pdf_dict_get(f, "AA")) || kc_noter_action_scripts(nr, kc_pdf_dict_get(f, "A")))) {
        nr->scripts_noted = true;
        char *at = where(page_of(nr, ref, f), name);
        kc_noter_note(nr, KC_NOTE_JAVASCRIPT,
             g_strdup_printf(_("%s runs a script (JavaScript) when it is shown or changed: a viewer that runs it "
                               "may show another value than the page's"),
                             at));
        g_free(at);
    }
    if (ref && ref->type == KC_PDF_REF)
        g_hash_table_add(nr->fields_seen, GUINT_TO_POINTER(ref->u.ref.num));
    bool widget = kc_pdf_is_name(kc_pdf_dict_get(f, "Subtype"), "Widget") || kc_pdf_dict_get(f, "Rect");
    if (!widget)
        return;
    kc_pdf_obj *ap = kc_noter_appearance(nr, f);
    int64_t flags = 0;
    kc_pdf_get_int(kc_pdf_resolve(nr->doc, nr->rev, kc_pdf_dict_get(f, "F")), &flags);
    /* Flags beyond 32 bits are none to poppler, which draws the widget, and
     * Hidden to MuPDF: kc_noter_print_differs says so (rtform16; the field
     * walk said poppler drew nothing). */
    if (flags > INT32_MAX || flags < INT32_MIN)
        flags = 0;
    /* pdf.js takes a negative /F for no flags, poppler and MuPDF read its
     * bits: a text field /F -1 without an appearance, /V 90.000.000, was
     * nothing to them and 90.000.000 in Firefox's form layer (rtmdp). */
    if (kc_noter_hidden_but_pdfjs(flags) && kc_noter_has_area(nr, f)) {
        char *at = where(page_of(nr, ref, f), name);
        kc_noter_note(nr, KC_NOTE_HIDDEN_APPEARANCE,
             g_strdup_printf(_("%s: a widget whose flags (/F) are a negative number is hidden by poppler and MuPDF "
                               "and shown by pdf.js (Firefox), which reads such flags as none"),
                             at));
        g_free(at);
        return;
    }
    if (hidden_drawn(nr, f, ap, flags)) {
        char *at = where(page_of(nr, ref, f), name);
        note_hidden(nr, at);
        return; /* what it draws is the note; its value is beside the point */
    }
    char *button = NULL;
    int radio = !(flags & (F_HIDDEN | F_NOVIEW)) && !nr->radio_noted && kc_noter_has_area(nr, f)
                    ? kc_noter_radio_differs(nr, f, ft, value, &button) : 0;
    if (radio) {
        char *at = where(page_of(nr, ref, f), name), *shown = shorten(button);
        nr->radio_noted = true;
        kc_noter_note(nr, KC_NOTE_FIELD_VALUE,
             radio > 0 ? g_strdup_printf(_("%s: pdf.js (Firefox) shows the radio button “%s” chosen, since its group's "
                                           "value (/V) names it, while its appearance state (/AS) draws it not chosen, "
                                           "as poppler and MuPDF show it"),
                                         at, shown)
                       : g_strdup_printf(_("%s: pdf.js (Firefox) shows the radio button “%s” not chosen, since its "
                                           "group's value (/V) does not name it, while its appearance state (/AS) draws "
                                           "it chosen, as poppler and MuPDF show it"),
                                         at, shown));
        g_free(at);
        g_free(shown);
    }
    g_free(button);
    /* A text or choice field without an appearance: each viewer draws it from its value. */
    kc_pdf_obj *shown_v = kc_pdf_resolve(nr->doc, nr->rev, value);
    bool drawn_text = kc_pdf_is_name(ft, "Tx") || kc_pdf_is_name(ft, "Ch"); /* a combo box too */
    bool bare = drawn_text && !(flags & (F_HIDDEN | F_NOVIEW)) && !ap && !nr->redraw_noted && shown_v &&
                shown_v->type == KC_PDF_STRING && shown_v->u.str.len > 0;
    bool renames = bare && da_font_renames(nr, f);
    if (renames || (bare && kc_noter_has_area(nr, f) && da_sets_no_font(nr, f))) {
        char *at = where(page_of(nr, ref, f), name);
        nr->redraw_noted = true;
        kc_noter_note(nr, KC_NOTE_FIELD_REDRAWN,
             renames ? g_strdup_printf(_("%s: viewers draw this field themselves from its value (it has no appearance): "
                                         "poppler with its appearance string's font, whose encoding renames glyphs "
                                         "(/Differences), MuPDF and pdf.js with their own fonts, and they may show "
                                         "different text"),
                                       at)
                     : g_strdup_printf(_("%s: viewers draw this field themselves from its value (it has no appearance), "
                                         "but no appearance string (/DA) gives it a font: poppler draws nothing, MuPDF "
                                         "and pdf.js draw its value with a Helvetica of their own"),
                                       at));
        g_free(at);
    }
    /* pdf.js shows the value itself (not an appearance's text) without an
     * appearance or when told to redraw, cut to /MaxLen. */
    if (kc_pdf_is_name(ft, "Tx") && !(flags & (F_HIDDEN | F_NOVIEW)) && (!ap || nr->redraws) &&
        kc_noter_has_area(nr, f))
        note_maxlen(nr, ref, f, name, value);
    /* (rtform17) Told to redraw, poppler draws a push button from its
     * caption (/MK /CA) with /DA, whatever its signed appearance draws:
     * 90.000.000 in pdftoppm where MuPDF and pdf.js drew 10.000.000, no note. */
    if (nr->redraws && !nr->redraw_noted && ap && !(flags & (F_HIDDEN | F_NOVIEW)) && kc_noter_has_area(nr, f) &&
        kc_noter_push_caption(nr, f, ft)) {
        char *at = where(page_of(nr, ref, f), name);
        nr->redraw_noted = true;
        kc_noter_note(nr, KC_NOTE_FIELD_REDRAWN,
             g_strdup_printf(_("%s: the form asks viewers to redraw its fields (/NeedAppearances): poppler draws this "
                               "push button from its caption (/MK /CA), MuPDF and pdf.js the appearance that was "
                               "signed, and they may show different text"),
                             at));
        g_free(at);
    }
    bool combo = kc_noter_combo(nr, f, ft); /* pdf.js shows the option its value selects */
    if (!drawn_text || (flags & (F_HIDDEN | F_NOVIEW)) || !ap)
        return;
    /* Password is a text field's flag: the same bit on a choice field is no
     * flag to pdf.js, which lists its options as ever (rtform17: a combo box
     * so flagged skipped every comparison below). */
    if (kc_pdf_is_name(ft, "Tx") && pdfjs_password(nr, f))
        return; /* drawn as asterisks by everyone */
    /* Told to redraw, poppler redraws a choice field (combo or list box) from
     * its value as it does a text field (rtform17: a read-only combo box whose
     * signed appearance draws 10.000.000 in Helvetica, its /DA naming a /DR
     * font whose /Differences draws "1" as "nine", showed 90.000.000 in
     * pdftoppm, 10.000.000 in MuPDF, and no note said so). */
    if (nr->redraws && !nr->redraw_noted) {
        char *at = where(page_of(nr, ref, f), name);
        nr->redraw_noted = true;
        kc_noter_note(nr, KC_NOTE_FIELD_REDRAWN,
             g_strdup_printf(_("%s: the form asks viewers to redraw its fields (/NeedAppearances): poppler and pdf.js "
                               "draw this one from its value with its appearance string's font (/DA, /DR), MuPDF the "
                               "appearance that was signed, and they may show different text"),
                             at));
        g_free(at);
    }
    if (!kc_pdf_is_name(ft, "Tx") && !combo)
        return; /* a list box: pdf.js lists every option, the value is not compared */
    /* poppler, MuPDF and pdf.js draw a stream up to its "endstream" whatever
     * its /Length says; reading it by /Length would compare /V with part of
     * what they draw (rtpdf19: "10.000.000" within the /Length, a white box
     * and "90.000.000" after it, no note).  Said as not compared. */
    if (!kc_pdf_stream_ends(nr->doc, ap)) {
        char *at = where(page_of(nr, ref, f), name);
        kc_noter_note(nr, KC_NOTE_FIELD_VALUE,
             g_strdup_printf(_("%s: the field's appearance stream has a /Length that does not end at its endstream: "
                               "poppler and MuPDF draw it up to the endstream, this reader reads it by its /Length, "
                               "so whether it draws the value (/V) pdf.js (Firefox) shows was not compared"),
                             at));
        g_free(at);
        return;
    }
    char *vtext = kc_noter_value_text(nr, f, value, combo);
    char *vplain = vtext ? kc_noter_plain(vtext, strlen(vtext)) : NULL;
    unsigned char *data = NULL;
    size_t len = 0;
    if (vplain && ap->stream_len <= MAX_AP_BYTES &&
        kc_pdf_stream_decode(kc_pdf_source(nr->doc), ap, MAX_AP_BYTES, &data, &len, NULL) == 0) {
        GString *shown = g_string_new(NULL);
        kc_noter_shown_text(data, len, shown);
        /* (rtform15) Text no one sees is no part of what it draws. */
        if (kc_noter_ap_text_unseen(data, len)) {
            char *at = where(page_of(nr, ref, f), name);
            kc_noter_note(nr, KC_NOTE_FIELD_VALUE,
                 g_strdup_printf(_("%s: the field's appearance draws text that need not show (in a render mode that "
                                   "draws nothing, in another colour than black, or under something painted after "
                                   "it): poppler and MuPDF show what "
                                   "else it draws, pdf.js (Firefox) that text or the value (/V), so what it shows was "
                                   "not compared"),
                                 at));
            g_free(at);
            g_string_free(shown, TRUE);
            free(data);
            g_free(vplain);
            free(vtext);
            return;
        }
        char *splain = kc_noter_plain(shown->str, shown->len);
        kc_pdf_obj *aa = kc_pdf_resolve(nr->doc, nr->rev, kc_pdf_dict_get(field, "AA"));
        bool formatted = aa && aa->type == KC_PDF_DICT && kc_pdf_dict_get(aa, "F");
        if (splain && strcmp(vplain, splain) != 0 && !(formatted && *vplain && kc_noter_same_digits(vplain, splain))) {
            char *at = where(page_of(nr, ref, f), name), *vs = shorten(vtext), *ss = shorten(shown->str);
            kc_noter_note(nr, KC_NOTE_FIELD_VALUE,
                 combo ? g_strdup_printf(_("%s: the combo box's drop-down list in pdf.js (Firefox) shows “%s”, the "
                                           "option its value (/V, or its selected indices /I) selects, but its "
                                           "appearance draws “%s”, which poppler and MuPDF show"),
                                         at, vs, ss)
                       : g_strdup_printf(_("%s: the field's value is “%s” but its appearance draws “%s”: pdf.js (Firefox) "
                                           "shows the value, poppler and MuPDF the appearance"),
                                         at, vs, ss));
            g_free(at);
            g_free(vs);
            g_free(ss);
        }
        /* Only when the appearance shows text: else pdf.js shows the value. */
        if (!combo && !nr->redraws && splain && *splain && kc_noter_has_area(nr, f))
            note_ap_misread(nr, ref, f, name, ap);
        /* (rtform20) ... and where pdf.js shows it (pdf_notes_place.c). */
        char *misplaced = !combo && !nr->redraws && splain && *splain && kc_noter_has_area(nr, f)
                              ? kc_noter_field_misplaced(nr, f, ap, data, len)
                              : NULL;
        if (misplaced) {
            char *at = where(page_of(nr, ref, f), name);
            kc_noter_note(nr, KC_NOTE_FIELD_VALUE, g_strdup_printf("%s: %s", at, misplaced));
            g_free(at);
            g_free(misplaced);
        }
        g_free(splain);
        g_string_free(shown, TRUE);
    }
    free(data);
    g_free(vplain);
    free(vtext);
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
