/* memo.c: answers to pure functions of text, remembered (memo.h). */
#include "memo.h"

#include <stdlib.h>
#include <string.h>

void kc_memo_init(kc_memo *m, unsigned entries)
{
    memset(m, 0, sizeof *m);
    g_mutex_init(&m->lock);
    m->max = entries;
}

void kc_memo_free(kc_memo *m)
{
    if (m->done)
        g_hash_table_destroy(m->done);
    m->done = NULL;
    g_mutex_clear(&m->lock);
}

void kc_memo_forget(kc_memo *m)
{
    g_mutex_lock(&m->lock);
    if (m->done)
        g_hash_table_remove_all(m->done);
    g_mutex_unlock(&m->lock);
}

/* Under the lock: the table, made for texts or numbers, with room for one more. */
static GHashTable *room(kc_memo *m, bool texts)
{
    if (!m->done)
        m->done = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, texts ? g_free : NULL);
    if (g_hash_table_size(m->done) >= m->max)
        g_hash_table_remove_all(m->done);
    return m->done;
}

bool kc_memo_int_get(kc_memo *m, const char *key, int *value)
{
    g_mutex_lock(&m->lock);
    gpointer known = m->done ? g_hash_table_lookup(m->done, key) : NULL;
    g_mutex_unlock(&m->lock);
    if (!known)
        return false;
    *value = GPOINTER_TO_INT(known) - 1; /* kept plus one: NULL is "none" */
    return true;
}

void kc_memo_int_put(kc_memo *m, const char *key, int value)
{
    g_mutex_lock(&m->lock);
    g_hash_table_replace(room(m, false), g_strdup(key), GINT_TO_POINTER(value + 1));
    g_mutex_unlock(&m->lock);
}

char *kc_memo_str_get(kc_memo *m, const char *key)
{
    g_mutex_lock(&m->lock);
    const char *known = m->done ? g_hash_table_lookup(m->done, key) : NULL;
    char *out = known ? strdup(known) : NULL;
    g_mutex_unlock(&m->lock);
    return out;
}

void kc_memo_str_put(kc_memo *m, const char *key, const char *value)
{
    g_mutex_lock(&m->lock);
    g_hash_table_replace(room(m, true), g_strdup(key), g_strdup(value));
    g_mutex_unlock(&m->lock);
}

void kc_memo_key_part(GString *key, const char *input)
{
    /* "LENGTH:INPUT|", the length in decimal written by hand: a key is built
     * for every signer of every document, and g_string_append_printf cost
     * ~1,500 instructions a part, more than looking the key up (issue 16). */
    char digits[24];
    size_t n = sizeof digits, len;
    if (!input) {
        g_string_append_len(key, "-|", 2);
        return;
    }
    len = strlen(input);
    do
        digits[--n] = (char)('0' + len % 10);
    while ((len /= 10) > 0);
    g_string_append_len(key, digits + n, (gssize)(sizeof digits - n));
    g_string_append_c(key, ':');
    g_string_append_len(key, input, (gssize)strlen(input));
    g_string_append_c(key, '|');
}
