/* memo.h: answers to pure functions of text, remembered.
 *
 * verify asks the same questions of the same two certificates for every
 * document of a commune (folds, a signer's agency and role, whether a value
 * names another body): each answer is a pure function of its input, so it is
 * kept in a small table shared by the threads.  A table is emptied when it
 * reaches its bound (a register's thousands of distinct cells must not grow
 * it), and a caller keys it with every input (kc_memo_key_part) or not at
 * all.  A kc_memo holds either whole numbers or texts, never both. */
#ifndef KC_MEMO_H
#define KC_MEMO_H

#include <glib.h>
#include <stdbool.h>

typedef struct kc_memo {
    GMutex lock;      /* zero for a static memo; kc_memo_init for one in the heap */
    GHashTable *done; /* key -> answer, made on the first kc_memo_*_put */
    unsigned max;     /* entries before the table is emptied */
} kc_memo;

#define KC_MEMO_INIT(entries) {.max = (entries)}

/* A memo in the heap (a static one is KC_MEMO_INIT). */
void kc_memo_init(kc_memo *m, unsigned entries);
/* Frees the table and, for a memo from kc_memo_init, its lock. */
void kc_memo_free(kc_memo *m);
/* Forgets every answer (what they were computed from changed). */
void kc_memo_forget(kc_memo *m);

/* The whole number remembered under key into *value; false when none. */
bool kc_memo_int_get(kc_memo *m, const char *key, int *value);
void kc_memo_int_put(kc_memo *m, const char *key, int value);
/* A copy (malloc) of the text remembered under key, or NULL when none. */
char *kc_memo_str_get(kc_memo *m, const char *key);
void kc_memo_str_put(kc_memo *m, const char *key, const char *value);

/* One input of a key: its length and itself, or "-" for NULL, so that no two
 * lists of inputs make the same key ("" apart from NULL). */
void kc_memo_key_part(GString *key, const char *input);

#endif
