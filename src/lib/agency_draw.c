/* agency_draw.c: who may draw on the page after a leader's or an
 * organisation's signature (kc_agency_may_draw_after), remembered.
 *
 * A commune signs every outgoing document with the same two certificates,
 * leader then organisation, so verify asks the same question of the same
 * pair for every document: ~200,000 instructions a two-signature document
 * (callgrind, issue 16), the committee's and the places' names folded and
 * parsed again each time (agency.c, agency_place.c), about a fifteenth of
 * what verifying one costs beyond hashing it.  The answer is a pure function
 * of the two signers' roles and of the subject fields those files read, so
 * it is kept in a small table shared by the threads, emptied when full, as
 * agency.c keeps kc_agency_of_signer's.  The key holds, for each signer, the
 * role, every one of those fields with its length (NULL apart from ""), and
 * the certificate's fingerprint: two signers that differ in anything read
 * there are two entries, and so are two certificates that differ at all. */
#include <glib.h>

#include "agency.h"
#include "agency_internal.h"
#include "memo.h"

#define DRAW_ENTRIES 256
#define DRAW_KEY_MAX 4096

static kc_memo draw_memo = KC_MEMO_INIT(DRAW_ENTRIES);

/* Every input of kc_agency_may_draw_after_fresh that one signer gives: its
 * role (set before the coverage rule asks) and the subject's CN, title, O,
 * OU, L, street and ST.  A field agency.c or agency_place.c comes to read
 * there must join this list, or two signers that differ only in it would
 * share an answer. */
static void draw_key(GString *k, const kc_sig_info *sig)
{
    g_string_append_printf(k, "r%d|", (int)sig->role);
    kc_memo_key_part(k, sig->fingerprint);
    kc_memo_key_part(k, sig->signer);
    kc_memo_key_part(k, sig->title);
    kc_memo_key_part(k, sig->organization);
    kc_memo_key_part(k, sig->unit);
    kc_memo_key_part(k, sig->locality);
    kc_memo_key_part(k, sig->street);
    kc_memo_key_part(k, sig->province);
}

bool kc_agency_may_draw_after(const kc_sig_info *earlier, const kc_sig_info *later)
{
    GString *k = g_string_new(NULL);
    draw_key(k, earlier);
    g_string_append_c(k, '>'); /* earlier's fields, then later's: the order matters */
    draw_key(k, later);
    int known;
    bool ok;
    if (k->len > DRAW_KEY_MAX)
        ok = kc_agency_may_draw_after_fresh(earlier, later);
    else if (kc_memo_int_get(&draw_memo, k->str, &known))
        ok = known != 0;
    else
        kc_memo_int_put(&draw_memo, k->str, (ok = kc_agency_may_draw_after_fresh(earlier, later)) ? 1 : 0);
    g_string_free(k, TRUE);
    return ok;
}
