/* trust_internal.h (internal): what cms_check.c and trust_files.c need from the trust store. */
#ifndef KC_TRUST_INTERNAL_H
#define KC_TRUST_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include <openssl/ocsp.h>
#include <openssl/x509.h>
#include "kiemchung/trust.h"

typedef struct kc_online kc_online; /* revocation_online.c; also in kiemchung/validation.h */

X509_STORE *kc_trust_store(const kc_trust *trust);            /* anchors only */
STACK_OF(X509) *kc_trust_intermediates(const kc_trust *trust); /* untrusted helpers */
STACK_OF(X509_CRL) *kc_trust_crls(const kc_trust *trust);

/* The certificate whose DER is der[0, len), parsed once per run and shared
 * (thread-safe).  Returns a new reference, or NULL when it does not parse as
 * exactly one certificate. */
X509 *kc_trust_cert(const kc_trust *trust, const unsigned char *der, size_t len);
/* The SHA-256 of x's DER into out: remembered for the certificates
 * kc_trust_cert shares, computed for any other (trust may be NULL).  False
 * when it cannot be computed. */
bool kc_trust_cert_sha256(const kc_trust *trust, X509 *x, unsigned char out[32]);

/* X509_CRL_verify(crl, issuer's key) == 1, remembered per run (thread-safe);
 * crl must be one of kc_trust_crls(trust). */
bool kc_trust_crl_signed_by(const kc_trust *trust, X509_CRL *crl, X509 *issuer);

/* The outcome of building and verifying one chain (cms_check.c), kept per
 * run: a commune signs everything with the same two certificates, and the
 * chain's RSA verifications cost as much as hashing 100 KB of each document.
 * The key (cms_check.c's) names everything the outcome depends on besides the
 * store: the certificates by their SHA-256, the time, the mode.  The store's
 * changes (a certificate, CRL or OCSP response added) forget every outcome. */
typedef struct kc_chain_memo {
    unsigned reasons;
    int first_error, first_depth;
    bool expired_now;
    STACK_OF(X509) *chain; /* up-referenced, or NULL */
} kc_chain_memo;

/* True and *out filled (out->chain a new stack holding new references) when
 * the outcome under key is known (thread-safe). */
bool kc_trust_chain_recall(const kc_trust *trust, const unsigned char *key, size_t klen, kc_chain_memo *out);
/* Remembers a copy of *m under key (thread-safe); silently does nothing when
 * memory runs out or the memo is full. */
void kc_trust_chain_remember(const kc_trust *trust, const unsigned char *key, size_t klen, const kc_chain_memo *m);
void kc_chain_memo_clear(kc_chain_memo *m);

/* ---- anchors declared state roots (a trust directory's state-roots.txt) ---- */

/* Declares every anchor of from (a store holding only what one file of the
 * directory held) a state root of t: roles read from a certificate's subject
 * count under it as under the built-in roots (cms_anchor.c).  Returns how
 * many were declared. */
size_t kc_trust_declare_roots_of(kc_trust *t, const kc_trust *from);
/* Whether the anchor whose key's SHA-256 is key_sha256_hex (lower-case hex)
 * was so declared. */
bool kc_trust_root_declared(const kc_trust *t, const char *key_sha256_hex);
/* Whether any anchor was so declared. */
bool kc_trust_declares_roots(const kc_trust *t);
/* The SHA-256 of x's DER SubjectPublicKeyInfo into hex (cms_anchor.c). */
bool kc_cms_anchor_key_sha256(X509 *x, char hex[65]);

/* ---- validation data (a dossier's validation/ folder; ltv_*.c) ---- */

/* A new store holding base's anchors, intermediates, CRLs and OCSP responses
 * and using its online source, to which a dossier's material is then added.
 * Returns 0 or KC_ENOMEM. */
int kc_trust_derive(kc_trust **out, const kc_trust *base, kc_error *err);
/* A DER certificate as an intermediate only: a self-signed one is ignored
 * (anchors come from the user alone).  0, KC_EFORMAT or KC_ENOMEM. */
int kc_trust_add_untrusted_der(kc_trust *t, const unsigned char *der, size_t len);
/* A DER CRL.  0, KC_EFORMAT or KC_ENOMEM. */
int kc_trust_add_crl_der(kc_trust *t, const unsigned char *der, size_t len);
/* An OCSP response (revocation_ocsp.c parses it); the store takes it. */
void kc_trust_add_ocsp(kc_trust *t, OCSP_BASICRESP *bs);
/* When a response is proven to have existed, which an expired delegated
 * responder's "good" needs (revocation_ocsp.c): KC_POE_UNASKED for data the
 * user brings (the trust directory: kc_trust_add_ocsp), KC_POE_NONE for data
 * nothing proves (a /DSS not covered by a document timestamp, a dossier's
 * validation/ without a valid timestamped seal), else that time (the
 * document timestamp's, the seal's: rttime13, rttime14). */
#define KC_POE_UNASKED INT64_MIN
#define KC_POE_NONE INT64_MAX
void kc_trust_add_ocsp_at(kc_trust *t, OCSP_BASICRESP *bs, int64_t at);
int64_t kc_trust_ocsp_at(const kc_trust *t, size_t i);
void kc_trust_ocsp_set_at(kc_trust *t, size_t i, int64_t at);
size_t kc_trust_ocsp_count(const kc_trust *t);
/* The same for CRLs (rttime20): a CRL signed by a key whose certificate has
 * ended speaks only when proven to exist before that end (cms_revbounds.c).
 * kc_trust_add_crl and kc_trust_add_crl_der add with KC_POE_UNASKED; the _at
 * forms with `at`, *index (may be NULL) set to the CRL's index in
 * kc_trust_crls; a CRL the store holds already keeps the earlier proof. */
int kc_trust_add_crl_at(kc_trust *t, X509_CRL *c, int64_t at, size_t *index);
int kc_trust_add_crl_der_at(kc_trust *t, const unsigned char *der, size_t len, int64_t at, size_t *index);
int64_t kc_trust_crl_at(const kc_trust *t, size_t i);
void kc_trust_crl_set_at(kc_trust *t, size_t i, int64_t at);
OCSP_BASICRESP *kc_trust_ocsp(const kc_trust *t, size_t i); /* borrowed */
/* The online source kc_trust_use_online attached, or NULL. */
kc_online *kc_trust_online(const kc_trust *trust);

/* Adding to the store, for trust_files.c: each takes one reference to x or c
 * and skips what the store already holds.  Return 0 or KC_ENOMEM. */
int kc_trust_add_cert(kc_trust *t, X509 *x);
int kc_trust_add_crl(kc_trust *t, X509_CRL *c);

#endif
