/* trust_internal.h (internal): what cms_check.c needs from the trust store. */
#ifndef KC_TRUST_INTERNAL_H
#define KC_TRUST_INTERNAL_H

#include <stdbool.h>

#include <openssl/x509.h>
#include "kiemchung/trust.h"

X509_STORE *kc_trust_store(const kc_trust *trust);            /* anchors only */
STACK_OF(X509) *kc_trust_intermediates(const kc_trust *trust); /* untrusted helpers */
STACK_OF(X509_CRL) *kc_trust_crls(const kc_trust *trust);

/* The certificate whose DER is der[0, len), parsed once per run and shared
 * (thread-safe).  Returns a new reference, or NULL when it does not parse as
 * exactly one certificate. */
X509 *kc_trust_cert(const kc_trust *trust, const unsigned char *der, size_t len);

/* X509_CRL_verify(crl, issuer's key) == 1, remembered per run (thread-safe);
 * crl must be one of kc_trust_crls(trust). */
bool kc_trust_crl_signed_by(const kc_trust *trust, X509_CRL *crl, X509 *issuer);

#endif
