/* roles_memo.c: a signer's role, remembered.
 *
 * A commune signs every outgoing document with the same two certificates, so
 * verify classifies the same two signers for every document: a roles file's
 * look-up (each name normalised and case-folded), then the title's and the
 * names' words (roles.c), ~17,000 instructions a signature, 0.35 million a
 * two-signature document (callgrind), about an eighth of what verifying one
 * costs beyond hashing it.  The answer is a pure function of the roles (the
 * file's rules and the --leader-title titles) and of the signer's fields, so
 * it is kept in a small table: in the roles themselves, shared by the threads
 * that verify with them and dropped whenever a rule or title is added
 * (kc_memo_forget), or, without roles, in one table for the process.
 * The key holds every field of the signer with its length, NULL apart from
 * "", and both flags: two signers that differ in anything are two entries.
 * The table is emptied when full, as text.c keeps its folds. */
#include <glib.h>
#include <string.h>

#include "roles_internal.h"

#define ROLES_MEMO_KEY_MAX 4096

/* Without roles: the same memo for every caller (no rule can change it). */
static kc_memo no_roles_memo = KC_MEMO_INIT(ROLES_MEMO_ENTRIES);

/* A field added to kc_signer_id must join the key below, or two signers that
 * differ only in it would share a remembered role: this fails to compile until
 * the count here (and signer_key) is brought up to date. */
_Static_assert(sizeof(kc_signer_id) == sizeof(struct { const char *names[8]; bool flags[2]; }),
               "kc_signer_id changed: add the new field to signer_key");

/* Every input of kc_roles_classify_fresh but the roles. */
static GString *signer_key(const kc_signer_id *who)
{
    GString *k = g_string_new(NULL);
    g_string_append_c(k, who->pseudonym ? 'P' : 'p');
    g_string_append_c(k, who->issuer_certain ? 'I' : 'i');
    kc_memo_key_part(k, who->common_name);
    kc_memo_key_part(k, who->title);
    kc_memo_key_part(k, who->organization);
    kc_memo_key_part(k, who->serial_hex);
    kc_memo_key_part(k, who->fingerprint_sha256);
    kc_memo_key_part(k, who->issuer);
    kc_memo_key_part(k, who->unit);
    kc_memo_key_part(k, who->person_mark);
    return k;
}

kc_role kc_roles_classify(const kc_roles *roles, const kc_signer_id *who)
{
    /* The memo is the only part of the roles that changes after loading (under its lock). */
    kc_memo *memo = roles ? &((kc_roles *)roles)->memo : &no_roles_memo;
    if (!who)
        return kc_roles_classify_fresh(roles, who);
    GString *k = signer_key(who);
    int known;
    kc_role role;
    if (k->len > ROLES_MEMO_KEY_MAX)
        role = kc_roles_classify_fresh(roles, who);
    else if (kc_memo_int_get(memo, k->str, &known))
        role = (kc_role)known;
    else
        kc_memo_int_put(memo, k->str, (int)(role = kc_roles_classify_fresh(roles, who)));
    g_string_free(k, TRUE);
    return role;
}
