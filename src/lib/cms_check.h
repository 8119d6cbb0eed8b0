/* cms_check.h (internal): checks one CMS SignedData against bytes already hashed.
 *
 * The PDF and detached paths hash the signed bytes themselves (streaming, one
 * pass, shared prefixes), so this module never sees the content: it compares
 * the computed digest with the signed messageDigest attribute, verifies the
 * signature over the signed attributes, checks the algorithms, builds and
 * checks the chain at the right time (cms_time.c, cms_revoke.c) and reads who
 * signed.  OpenSSL objects stay inside the CMS modules (cms_internal.h),
 * timestamp.c and trust.c. */
#ifndef KC_CMS_CHECK_H
#define KC_CMS_CHECK_H

#include <stddef.h>
#include <stdint.h>
#include "kiemchung/verify.h"

typedef struct kc_cms kc_cms;

/* Parses DER (trailing zero padding, as in a PDF /Contents, is ignored).
 * KC_EFORMAT when it is not a CMS SignedData with exactly one SignerInfo. */
int kc_cms_parse(kc_cms **out, const unsigned char *der, size_t len, kc_error *err);
/* The same, taking the embedded certificates from the trust store's per-run
 * cache (see cms_der.c); trust may be NULL. */
int kc_cms_parse_shared(kc_cms **out, const unsigned char *der, size_t len, const kc_trust *trust,
                        kc_error *err);

/* The digest algorithm the signer used for the content ("sha256", "sha1", ...),
 * the name OpenSSL's EVP_get_digestbyname() knows. */
const char *kc_cms_digest_name(const kc_cms *cms);

/* Fills info's signer fields (signer, title, organization, issuer, serial,
 * fingerprint, digest, signing_time, checked_at, time_source), sets intact and
 * trusted and adds KC_R_* reasons.  `digest` is the content digest computed
 * with kc_cms_digest_name()'s algorithm.  Does not touch covers_document,
 * role, kind, field, subfilter or valid.  Returns 0 whatever the verdict;
 * KC_ENOMEM only when it could not work. */
int kc_cms_check(const kc_cms *cms, const unsigned char *digest, size_t digest_len,
                 const kc_trust *trust, const kc_verify_opts *opts, kc_sig_info *info,
                 kc_error *err);

/* A proof of existence found outside the CMS: a document timestamp over the
 * signature's revision (verify.c).  The caller's own proof is opts->poe. */
typedef struct kc_poe {
    int64_t time;          /* 0 = none */
    kc_time_source source; /* KC_TIME_DOC_TIMESTAMP, ... */
    const char *what;      /* shown as time_proof, e.g. the timestamp's field */
    const struct kc_poe *later; /* the next candidate, later in time (NULL: none): taken
                                 * when this one is set aside (rttime17) */
    bool *set_aside;       /* when not NULL, set true when this proof contradicts the
                            * signer's claim or a timestamp it covers and proves
                            * nothing for this signature */
} kc_poe;

/* kc_cms_check with an extra proof of existence (NULL for none). */
int kc_cms_check_poe(const kc_cms *cms, const unsigned char *digest, size_t digest_len,
                     const kc_trust *trust, const kc_verify_opts *opts, const kc_poe *poe,
                     kc_sig_info *info, kc_error *err);

void kc_cms_free(kc_cms *cms);

/* cms_anchor.c: a leader's or the organisation's role read from the
 * certificate's subject counts only under a state root (built in, or declared
 * by the trust directory's state-roots.txt): under another anchor the role is
 * kept in info->role_withheld and info->role becomes KC_ROLE_PERSON, unless
 * the roles file names that very certificate (fingerprint, serial and
 * issuer), the user's own word (rtcert22). */
void kc_cms_withhold_role(kc_sig_info *info, const kc_roles *roles, const kc_signer_id *who);

#endif
