/* trust_internal.h (internal): what cms_check.c needs from the trust store. */
#ifndef KC_TRUST_INTERNAL_H
#define KC_TRUST_INTERNAL_H

#include <openssl/x509.h>
#include "kiemchung/trust.h"

X509_STORE *kc_trust_store(const kc_trust *trust);            /* anchors only */
STACK_OF(X509) *kc_trust_intermediates(const kc_trust *trust); /* untrusted helpers */
STACK_OF(X509_CRL) *kc_trust_crls(const kc_trust *trust);

#endif
