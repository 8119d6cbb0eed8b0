/* pdf_notes_tree.c: the page tree and its pages' boxes as viewers walk
 * and cut them (pdf_notes.c walks the tree; see pdf_notes_internal.h).
 *
 * A /CropBox is the part of the page a viewer shows.  poppler (Evince,
 * Okular; its text, which index reads, too) and pdf.js (Firefox) ignore one
 * that is not an array of four numbers, MuPDF (SumatraPDF) takes the first
 * four of a longer one; a /CropBox null on a page under a node with a crop
 * box is the node's to poppler and MuPDF and none to pdf.js (and [] the
 * node's to poppler only); one that leaves nothing of the /MediaBox shows
 * MuPDF and poppler nothing and pdf.js the whole media box.  rtpdf17 saw each with the three viewers: a line past
 * the crop box, a second amount, shows in one and not in another.  An honest
 * crop box, four numbers inside the media box, is no note.  A /MediaBox that
 * is not four numbers, or has no area, is taken from the node above by
 * poppler, by MuPDF or by neither (rtpdf18): the rules are pdf_box.c's.
 * What a page does not name itself it inherits: poppler from the nodes it
 * walked down through, MuPDF and pdf.js up the page's /Parent (rtpdf27). */
#include <glib.h>

#include "i18n.h"
#include "kiemchung/verify.h"
#include "pdf.h"
#include "pdf_cover.h" /* kc_pdf_obj_equal */
#include "pdf_notes_internal.h"

/* The keys a page inherits from the nodes above it. */
static const char *const inherited_keys[] = {"Resources", "MediaBox", "CropBox", "Rotate"};

/* What page inherits for key from its /Parent chain, as MuPDF
 * (pdf_dict_get_inheritable) and pdf.js (getInheritableProperty) read it:
 * they climb /Parent, not the nodes the tree was walked through.  NULL when
 * no node up the chain names it (the chain bounded as pdf.js bounds it). */
static kc_pdf_obj *inherited_by_parent(kc_pdf_noter *nr, kc_pdf_obj *page, const char *key)
{
    kc_pdf_obj *node = kc_pdf_resolve(nr->doc, nr->rev, kc_pdf_dict_get(page, "Parent"));
    for (int depth = 0; node && node->type == KC_PDF_DICT && depth < 100; depth++) {
        kc_pdf_obj *v = kc_pdf_dict_get(node, key);
        if (v)
            return v;
        node = kc_pdf_resolve(nr->doc, nr->rev, kc_pdf_dict_get(node, "Parent"));
    }
    return NULL;
}

/* Whether page inherits anything otherwise through its /Parent chain than
 * through the nodes poppler walked down to it (rtpdf27: a page whose /Parent
 * named a node outside the tree, whose /Resources gave its /X0 a "9" over the
 * amount, was drawn so by MuPDF and pdf.js, and with the tree's resources
 * by poppler, which index reads; valid, no note).  `walked` holds what the
 * walk gives for each of inherited_keys, unresolved. */
bool kc_noter_parent_differs(kc_pdf_noter *nr, kc_pdf_obj *page, kc_pdf_obj *const walked[4])
{
    for (size_t k = 0; k < 4; k++)
        if (!kc_pdf_dict_get(page, inherited_keys[k]) &&
            !kc_pdf_obj_equal(nr->doc, walked[k], inherited_by_parent(nr, page, inherited_keys[k])))
            return true;
    return false;
}

/* Whether page names its /Resources null (or a reference to nothing) while
 * a node above it has some: poppler takes either for no entry and inherits
 * the node's (so does MuPDF for a null), pdf.js takes none (rtpdf27: a page painting /X0 from
 * its tree's resources showed a "9" in Evince and MuPDF, nothing in
 * Firefox).  The boxes' null is page-box's. */
bool kc_noter_null_resources(kc_pdf_noter *nr, kc_pdf_obj *page, kc_pdf_obj *walked_res)
{
    kc_pdf_obj *own = kc_pdf_dict_get(page, "Resources");
    if (!own || !walked_res)
        return false;
    kc_pdf_obj *v = kc_pdf_resolve(nr->doc, nr->rev, own);
    return !v || v->type == KC_PDF_NULL;
}

void kc_noter_tree_notes(kc_pdf_noter *nr, const kc_noter_tree *t)
{
    if (t->stream_page)
        kc_noter_note(nr, KC_NOTE_STREAM_DICT,
             g_strdup_printf(_("page %zu of the page tree (/Kids) is written as an object with a stream: MuPDF "
                               "(SumatraPDF) takes its dictionary and shows it as a page, poppler skips it and pdf.js "
                               "(Firefox) opens nothing: viewers show different pages"),
                             t->stream_page));
    if (t->count_node)
        kc_noter_note(nr, KC_NOTE_PAGE_COUNT,
             g_strdup_printf(dngettext(KC_TEXTDOMAIN,
                                       "a node of the page tree (object %u) holds %zu page but its /Count says %lld: "
                                       "MuPDF (SumatraPDF) skips a node by its /Count, poppler walks the tree: viewers "
                                       "show different pages",
                                       "a node of the page tree (object %u) holds %zu pages but its /Count says %lld: "
                                       "MuPDF (SumatraPDF) skips a node by its /Count, poppler walks the tree: viewers "
                                       "show different pages",
                                       t->count_held),
                             t->count_node, t->count_held, (long long)t->count_said));
    if (t->odd_node)
        kc_noter_note(nr, KC_NOTE_PAGE_COUNT,
             g_strdup_printf(t->odd_leaf_kids
                                 ? _("a dictionary of the page tree (object %u) has a /Kids that is not an array: "
                                     "poppler takes it for a node and shows no page there, MuPDF shows it as a page: "
                                     "viewers show different pages")
                                 : _("a node of the page tree (object %u) does not say /Type /Pages where it should "
                                     "(a node not so named, or a page named so): MuPDF (SumatraPDF) takes it for the "
                                     "other, poppler and pdf.js do not: viewers show different pages"),
                             t->odd_node));
    if (t->parent_page)
        kc_noter_note(nr, KC_NOTE_PAGE_INHERIT,
             g_strdup_printf(_("page %zu: its /Parent is not the node of the page tree that lists it, and what it "
                               "inherits (its resources, boxes or rotation) differs up the one and the other: MuPDF "
                               "(SumatraPDF) and pdf.js (Firefox) take it from its /Parent, poppler (Evince) from the "
                               "nodes above it in the tree: viewers show different pages"),
                             t->parent_page));
    if (t->null_res_page)
        kc_noter_note(nr, KC_NOTE_PAGE_INHERIT,
             g_strdup_printf(_("page %zu: its /Resources are null (or name nothing) while the page tree above it has "
                               "some: poppler (Evince) takes the tree's, pdf.js (Firefox) none: viewers show different "
                               "pages"),
                             t->null_res_page));
    if (t->media_page)
        kc_noter_note(nr, KC_NOTE_PAGE_BOX,
             g_strdup_printf(_("page %zu: its /MediaBox (the size of the page) is not four numbers, or has no area: "
                               "poppler (Evince), MuPDF (SumatraPDF) and pdf.js (Firefox) take another size for it "
                               "(the one above it in the page tree, its first four numbers, or US Letter): viewers "
                               "show different parts of the page"),
                             t->media_page));
    if (t->crop_page)
        kc_noter_note(nr, KC_NOTE_PAGE_BOX,
             g_strdup_printf(_("page %zu: its /CropBox (the part of the page viewers show) is not four numbers, or "
                               "leaves nothing of its /MediaBox: MuPDF (SumatraPDF), poppler and pdf.js (Firefox) "
                               "do not cut the page alike: viewers show different parts of the page"),
                             t->crop_page));
}
