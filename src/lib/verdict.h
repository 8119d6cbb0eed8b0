/* verdict.h (internal): the verdict's layout, shared by verify.c and
 * verdict.c, and how verify.c reads a detached signature, which the
 * validation data (ltv_collect.c) reads again. */
#ifndef KC_VERDICT_INTERNAL_H
#define KC_VERDICT_INTERNAL_H

#include <glib.h>

#include "kiemchung/verify.h"

struct kc_verdict {
    char *path;
    kc_status status;
    char *error;
    GArray *sigs;                  /* kc_sig_info, in the order found */
    GArray *timestamps;            /* kc_timestamp_info: document timestamps */
    bool accept_claimed_time;      /* opts->accept_claimed_time, for the reports */
    GArray *notes;                 /* kc_note: how viewers may read the document otherwise */
};

/* A new verdict on path, with no signature yet. */
kc_verdict *kc_verdict_new(const char *path);
/* Appends a copy of the record, which the verdict then owns (and frees). */
void kc_verdict_take_sig(kc_verdict *v, const kc_sig_info *s);
void kc_verdict_take_timestamp(kc_verdict *v, const kc_timestamp_info *t);
/* Appends a note (code static, message taken: g_malloc'd or malloc'd). */
void kc_verdict_take_note(kc_verdict *v, const char *code, char *message);
/* Frees the strings of one record and zeroes it. */
void kc_sig_info_clear(kc_sig_info *s);
void kc_timestamp_info_clear(kc_timestamp_info *t);
/* Sets status from the signatures: valid if any is valid, else indeterminate
 * if any is, invalid if there are some, else unsigned. */
void kc_verdict_settle(kc_verdict *v);

#define KC_P7S_MAX (4u << 20) /* a .p7s larger than this is not a signature */

/* kc_verify_fd, and the SHA-256 of the whole file taken in the same pass as
 * the signed ranges (a dossier's entry checked against its manifest without
 * a pass of its own).  *hashed is false when it was not taken (a file the
 * PDF reader refused, a detached signature's document): hash it then. */
int kc_verify_fd_sha256(kc_verdict **out, const kc_trust *trust, const char *name, int fd, const void *p7s,
                        size_t p7s_len, const kc_verify_opts *opts, unsigned char sha256[32], bool *hashed,
                        kc_error *err);
/* The detached signature at path, PEM ("-----BEGIN ...-----") or DER, as DER
 * (free()); NULL with *why (g_free) saying why. */
unsigned char *kc_verify_read_p7s(const char *path, size_t *len, char **why);

#endif
