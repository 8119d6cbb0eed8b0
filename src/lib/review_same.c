/* review_same.c: one document counts once in a dossier's review (review.c
 * runs it on each row counted as signed, in the register's order): an entry
 * holding an earlier row's signature, or the document under it, and a row
 * of the same year and number as an earlier one counted as signed (the same
 * Word file saved to PDF and signed again, filed under "015 /QĐ-UBND."),
 * count as not signed, with a warning naming both rows.  index does the same
 * with files on disk (src/cli/index_same.c). */
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

void kc_review_same_signature(kc_review_row_priv *p, kc_review_doc *doc, GHashTable *signed_by, kc_numbers *numbers)
{
    const kc_verdict *v = doc->verdict;
    const kc_register_row *first = NULL, *r = doc->row;
    const char *where = r->where ? r->where : "", *file = r->file ? r->file : "";
    bool again = false;
    if (strcmp(doc->status, "valid") != 0)
        return; /* not counted as signed: nothing counted twice */
    for (size_t s = 0; s < kc_verdict_count(v) && !first; s++)
        for (int k = 0; k < 2 && !first; k++)
            if (kc_review_sig_key(kc_verdict_sig(v, s), k) &&
                (first = g_hash_table_lookup(signed_by, kc_review_sig_key(kc_verdict_sig(v, s), k))))
                again = k == 1;
    if (first) {
        not_again(doc);
        g_ptr_array_add(p->warnings,
                        g_strdup_printf(again ? _("%s: %s is %s's document (%s) signed again: both files hold the same "
                                                  "document under their signatures; one document counts once, so this "
                                                  "row counts as not signed")
                                              : _("%s: %s holds the signature of %s's document (%s), another file of one "
                                                  "signed document: one document counts once, so this row counts as not "
                                                  "signed"),
                                        where, file, first->where ? first->where : "", first->number ? first->number : "?"));
        return;
    }
    if ((first = kc_numbers_take(numbers, r)) != NULL) {
        not_again(doc);
        g_ptr_array_add(p->warnings,
                        g_strdup_printf(_("%s: %s is numbered %s, as %s (%s) of the same year: one number is one document, "
                                          "which counts once, so this row counts as not signed"),
                                        where, file, r->number, first->where ? first->where : "", first->number));
        return;
    }
    for (size_t s = 0; s < kc_verdict_count(v); s++)
        for (int k = 0; k < 2; k++) {
            const char *key = kc_review_sig_key(kc_verdict_sig(v, s), k);
            if (key && !g_hash_table_contains(signed_by, key))
                g_hash_table_insert(signed_by, (gpointer)key, (gpointer)r);
        }
}
