/* review_same.c: one document counts once in a dossier's review (review.c
 * runs it on each row counted as signed, in the register's order): an entry
 * holding an earlier row's signature, or the document under it, and a row
 * of the same year and number as an earlier one counted as signed (the same
 * Word file saved to PDF and signed again, filed under "015 /QĐ-UBND."),
 * count as not signed, with a warning naming both rows.  The rules are
 * kc_twins_take's (twins.c), which index asks too (src/cli/index_same.c). */
#include <glib.h>
#include <string.h>

#include "i18n.h"
#include "review_internal.h"

const char *kc_review_sig_key(const kc_sig_info *si, int k)
{
    return !si->intact ? NULL : k == 0 ? si->value_sha256 : si->original_sha256;
}

/* Counted as not signed: an earlier row already counts its document. */
static void not_again(kc_review_doc *doc)
{
    doc->status = "missing";
    doc->problem = "same-document";
    doc->counted = doc->leader = doc->org = false;
    doc->verdict = NULL;
}

void kc_review_same_signature(kc_review_row_priv *p, kc_review_doc *doc, kc_twins *twins)
{
    const kc_register_row *first = NULL, *r = doc->row;
    if (strcmp(doc->status, "valid") != 0)
        return; /* not counted as signed: nothing counted twice */
    char **keys = kc_twin_keys(doc->verdict);
    kc_twin twin = kc_twins_take(twins, r, (const char *const *)keys, &first);
    g_strfreev(keys);
    if (twin == KC_TWIN_NONE)
        return;
    not_again(doc);
    g_ptr_array_add(p->warnings, kc_twin_warning(twin, r, r->file ? r->file : "", first, ""));
}
