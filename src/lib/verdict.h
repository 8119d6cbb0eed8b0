/* verdict.h (internal): the verdict's layout, shared by verify.c and verdict.c. */
#ifndef KC_VERDICT_INTERNAL_H
#define KC_VERDICT_INTERNAL_H

#include "kiemchung/verify.h"

struct kc_verdict {
    char *path;
    kc_status status;
    char *error;
    kc_sig_info *sigs;
    size_t n_sigs;
};

/* Appends a zeroed signature record; NULL when out of memory. */
kc_sig_info *kc_verdict_add_sig(kc_verdict *v);
/* Frees the strings of one signature record and zeroes it. */
void kc_sig_info_clear(kc_sig_info *s);
/* Sets status from the signatures (valid if any is valid, invalid if there are some, else unsigned). */
void kc_verdict_settle(kc_verdict *v);

#endif
