/* twins.c: when two rows of one register are one document (register.h
 * kc_twins), decided once for `index` (src/cli/index_same.c) and `review`
 * (review_same.c), so that a commune's figures from its files on disk and
 * from its dossier can never disagree about what counts once. */
#include <glib.h>
#include <string.h>

#include "i18n.h"
#include "kiemchung/register.h"
#include "kiemchung/verify.h"

struct kc_twins {
    GHashTable *first;  /* a key (owned) → the first row counted as signed with it */
    kc_numbers *numbers; /* a number of a year → the first row counted as signed */
};

kc_twins *kc_twins_new(void)
{
    kc_twins *t = g_new(kc_twins, 1);
    t->first = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    t->numbers = kc_numbers_new();
    return t;
}

void kc_twins_free(kc_twins *t)
{
    if (!t)
        return;
    g_hash_table_destroy(t->first);
    kc_numbers_free(t->numbers);
    g_free(t);
}

/* Only an intact signature (its digest and signature verify) says what it
 * signed: a broken one's value or prefix could be anyone's bytes. */
char **kc_twin_keys(const struct kc_verdict *v)
{
    GPtrArray *keys = g_ptr_array_new();
    for (size_t s = 0; v && s < kc_verdict_count(v); s++) {
        const kc_sig_info *si = kc_verdict_sig(v, s);
        if (si->intact && si->value_sha256)
            g_ptr_array_add(keys, g_strdup(si->value_sha256));
        if (si->intact && si->original_sha256)
            g_ptr_array_add(keys, g_strconcat(KC_TWIN_ORIGINAL, si->original_sha256, NULL));
    }
    g_ptr_array_add(keys, NULL);
    return (char **)g_ptr_array_free(keys, FALSE);
}

/* The rules in order: the same signature value (a copy with bytes appended,
 * its metadata updated), the same document under the signatures (one scan
 * signed twice), the same number in the same year (one Word file saved to
 * PDF twice and signed apart).  The first row stays the one every later twin
 * is named against: a twin's own keys are remembered as that first row's
 * (review36: the decision saved again and signed apart, a twin by its
 * number, then copied with a byte appended under another row's number,
 * counted that row as signed: one document twice, 2/3 for 1/3). */
kc_twin kc_twins_take(kc_twins *t, const kc_register_row *row, const char *const *keys,
                      const kc_register_row **first)
{
    const kc_register_row *f = NULL;
    kc_twin twin = KC_TWIN_NONE;
    for (const char *const *k = keys; k && *k && !f; k++)
        if ((f = g_hash_table_lookup(t->first, *k)) != NULL)
            twin = g_str_has_prefix(*k, KC_TWIN_ORIGINAL) ? KC_TWIN_SIGNED_AGAIN : KC_TWIN_SIGNATURE;
    if (!f && (f = kc_numbers_take(t->numbers, row)) != NULL)
        twin = KC_TWIN_NUMBER;
    if (first)
        *first = f;
    for (const char *const *k = keys; k && *k; k++)
        if (!g_hash_table_contains(t->first, *k))
            g_hash_table_insert(t->first, g_strdup(*k), (gpointer)(f ? f : row));
    return twin;
}

char *kc_twin_warning(kc_twin twin, const kc_register_row *row, const char *file, const kc_register_row *first,
                      const char *first_file)
{
    const char *where = row->where ? row->where : "", *fwhere = first->where ? first->where : "";
    switch (twin) {
    case KC_TWIN_SIGNATURE:
        return g_strdup_printf(_("%s: %s holds the signature of %s's document (%s), another file of one signed document: "
                                 "one document counts once, so this row counts as not signed"),
                               where, file ? file : "", fwhere, first->number ? first->number : "?");
    case KC_TWIN_SIGNED_AGAIN:
        return g_strdup_printf(_("%s: %s is %s's document (%s) signed again: both files hold the same document under "
                                 "their signatures; one document counts once, so this row counts as not signed"),
                               where, file ? file : "", fwhere, first->number ? first->number : "?");
    case KC_TWIN_NUMBER:
        return g_strdup_printf(_("%s: %s is numbered %s, as %s (%s) of the same year: one number is one document, which "
                                 "counts once, so this row counts as not signed"),
                               where, file ? file : "", row->number,
                               first->where ? first->where : first_file ? first_file : "", first->number);
    case KC_TWIN_NONE:
        break;
    }
    return NULL;
}
