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
 * (kc_roles_memo_forget), or, without roles, in one table for the process.
 * The key holds every field of the signer with its length, NULL apart from
 * "", and both flags: two signers that differ in anything are two entries.
 * The table is emptied when full, as text.c keeps its folds. */
#include <glib.h>
#include <string.h>

#include "roles_internal.h"

#define ROLES_MEMO_ENTRIES 256
#define ROLES_MEMO_KEY_MAX 4096

/* Without roles: the same memo for every caller (no rule can change it). */
static struct {
    GMutex lock;
    GHashTable *done;
} no_roles_memo;

static void key_part(GString *k, const char *s)
{
    if (s)
        g_string_append_printf(k, "%zu:%s|", strlen(s), s);
    else
        g_string_append(k, "-|");
}

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
    key_part(k, who->common_name);
    key_part(k, who->title);
    key_part(k, who->organization);
    key_part(k, who->serial_hex);
    key_part(k, who->fingerprint_sha256);
    key_part(k, who->issuer);
    key_part(k, who->unit);
    key_part(k, who->person_mark);
    return k;
}

kc_role kc_roles_classify(const kc_roles *roles, const kc_signer_id *who)
{
    /* The memo is the only part of the roles that changes after loading, under its lock. */
    kc_roles *r = (kc_roles *)roles;
    GMutex *lock = r ? &r->memo_lock : &no_roles_memo.lock;
    GHashTable **done = r ? &r->memo : &no_roles_memo.done;

    if (!who)
        return kc_roles_classify_fresh(roles, who);
    GString *k = signer_key(who);
    if (k->len > ROLES_MEMO_KEY_MAX) {
        g_string_free(k, TRUE);
        return kc_roles_classify_fresh(roles, who);
    }
    g_mutex_lock(lock);
    gpointer known = *done ? g_hash_table_lookup(*done, k->str) : NULL;
    g_mutex_unlock(lock);
    if (known) {
        g_string_free(k, TRUE);
        return (kc_role)(GPOINTER_TO_INT(known) - 1);
    }
    kc_role role = kc_roles_classify_fresh(roles, who);
    g_mutex_lock(lock);
    if (!*done)
        *done = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    if (g_hash_table_size(*done) >= ROLES_MEMO_ENTRIES)
        g_hash_table_remove_all(*done);
    g_hash_table_replace(*done, g_string_free(k, FALSE), GINT_TO_POINTER((int)role + 1));
    g_mutex_unlock(lock);
    return role;
}

void kc_roles_memo_forget(kc_roles *roles)
{
    g_mutex_lock(&roles->memo_lock);
    if (roles->memo)
        g_hash_table_remove_all(roles->memo);
    g_mutex_unlock(&roles->memo_lock);
}

void kc_roles_memo_free(kc_roles *roles)
{
    if (roles->memo)
        g_hash_table_destroy(roles->memo);
    g_mutex_clear(&roles->memo_lock);
}
