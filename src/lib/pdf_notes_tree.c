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
 * poppler, by MuPDF or by neither (rtpdf18): the rules are pdf_box.c's. */
#include <glib.h>

#include "i18n.h"
#include "kiemchung/verify.h"
#include "pdf.h"
#include "pdf_notes_internal.h"

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
