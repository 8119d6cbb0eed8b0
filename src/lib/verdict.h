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
    kc_timestamp_info *timestamps; /* document timestamps */
    size_t n_timestamps;
    bool accept_claimed_time;      /* opts->accept_claimed_time, for the reports */
};

/* Appends a zeroed signature record; NULL when out of memory. */
kc_sig_info *kc_verdict_add_sig(kc_verdict *v);
/* Appends a zeroed document-timestamp record; NULL when out of memory. */
kc_timestamp_info *kc_verdict_add_timestamp(kc_verdict *v);
/* Frees the strings of one signature record and zeroes it. */
void kc_sig_info_clear(kc_sig_info *s);
/* Sets status from the signatures: valid if any is valid, else indeterminate
 * if any is, invalid if there are some, else unsigned. */
void kc_verdict_settle(kc_verdict *v);

#endif
