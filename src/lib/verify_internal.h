/* verify_internal.h (internal): what the two halves of a verdict share:
 * verify.c (the entry points, detached .p7s signatures, and how a signature's
 * result is settled) and verify_pdf.c (the signatures embedded in a PDF). */
#ifndef KC_VERIFY_INTERNAL_H
#define KC_VERIFY_INTERNAL_H

#include <stdint.h>

#include "hash.h"
#include "kiemchung/roles.h"
#include "kiemchung/verify.h"

/* The document could not be examined: v's status becomes error, with msg.
 * Returns 0, or KC_ENOMEM. */
int kc_verify_fail_doc(kc_verdict *v, const char *msg);
/* Sets info->detail to msg unless a detail is already there. */
void kc_verify_set_detail(kc_sig_info *info, const char *msg);
/* The signer's role, from the certificate alone. */
void kc_verify_classify(kc_sig_info *info, const kc_roles *roles);
/* Validity and the flags that follow from the reasons. */
void kc_verify_settle_sig(kc_sig_info *info);

/* Every signature field of the PDF open at fd (size bytes; mem: all of them
 * already read, or NULL) into v; whole (NULL: none) is one more hash job of
 * the same pass (verify_pdf.c).  Returns 0 whatever the verdict, KC_ENOMEM
 * when it could not work. */
int kc_verify_pdf(kc_verdict *v, int fd, uint64_t size, const unsigned char *mem, const kc_trust *trust,
                  const kc_verify_opts *opts, const kc_roles *roles, kc_hash_job *whole);

#endif
