/* cms_internal.h (internal): what the CMS modules share: cms_check.c (the
 * signature), cms_chain.c (the chain), cms_time.c (the time the chain is checked at,
 * and reading and writing times), cms_revoke.c (revocation and expiry),
 * cms_der.c (shared certificates) and timestamp.c. */
#ifndef KC_CMS_INTERNAL_H
#define KC_CMS_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include <openssl/cms.h>
#include <openssl/evp.h>
#include <openssl/ocsp.h>
#include <openssl/pkcs7.h>

#include "cms_check.h"

struct kc_cms {
    CMS_ContentInfo *ci;
    CMS_SignerInfo *si; /* borrowed from ci */
    const EVP_MD *md;   /* the content digest */
    char digest_name[32];
    /* Set at parsing when the DER holds no id-ri-ocsp-response OID: then no
     * RFC 5940 OCSP response is in its crls field, and cms_revinfo.c need not
     * re-encode the structure to look (false: look). */
    bool no_other_revinfo;
};

/* d2i_CMS_ContentInfo with the certificates shared through the trust store
 * (cms_der.c); *used is the length of the DER parsed.  NULL when that path
 * does not apply or fails: parse the ordinary way then. */
CMS_ContentInfo *kc_cms_d2i_shared(const kc_trust *trust, const unsigned char *der, size_t len,
                                   size_t *used);

/* What a digest algorithm (a NID; NID_undef: none named) is worth for a
 * signature or a timestamp: the SHA-2 and SHA-3 families (what PAdES and
 * ETSI TS 119 312 accept) are strong; SHA-1 and RIPEMD-160 (160 bits) weak,
 * passing only with allow_weak (old archives); MD5 and its kin broken;
 * anything else (a 128-bit SHAKE, a national or exotic digest) is not one a
 * verifier vouches for.  The one rule of cms_check.c and timestamp.c. */
typedef enum kc_md_class { KC_MD_STRONG, KC_MD_WEAK, KC_MD_BROKEN, KC_MD_UNACCEPTED } kc_md_class;
kc_md_class kc_cms_md_class(int nid);
/* The digest inside a signature algorithm (sha1WithRSAEncryption, RSA-PSS's
 * parameters), NID_undef when it names none: a CRL's or an OCSP response's
 * is judged by kc_cms_md_class too (cms_revbounds.c, rttime21). */
int kc_cms_sigalg_md(const X509_ALGOR *sig);
/* The digest of the first certificate of chain (its *depth) whose issuer
 * signed it with one kc_cms_md_class does not accept (SHA-1 passing with
 * allow_weak), the self-signed anchor aside; NID_undef when none.  A
 * certificate signed with MD5 or SHA-1 is the issuer's word only as long as
 * no collision was bought on it: the rogue CA of 2008 was an MD5 one. */
int kc_cms_chain_weak_sig(STACK_OF(X509) *chain, bool allow_weak, int *depth);

/* cms_time.c: records a reason; the first problem found also becomes the
 * detail sentence. */
void kc_cms_fail(kc_sig_info *info, unsigned bit, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* cms_time.c: "2021-05-10 08:00:00 UTC", and an ASN1_TIME as Unix seconds. */
void kc_cms_fmt_time(int64_t t, char buf[32]);
bool kc_cms_asn1_time_unix(const ASN1_TIME *t, int64_t *out);
/* cms_time.c: the signer's signingTime signed attribute, false when there is none. */
bool kc_cms_claimed_time(const kc_cms *cms, int64_t *out);

/* cms_purpose.c: whether x's extended key usage is absent (any use) or names
 * one of the n dotted oids; else false, with the purposes it names (short
 * names, or OIDs; "?" when the extension is unreadable or twice) in what. */
bool kc_cms_eku_allows(X509 *x, const char *const *oids, size_t n, char *what, size_t size);
/* RFC 5280 6.1 with the initial policy set anyPolicy on ctx: policies are
 * checked (X509_V_FLAG_POLICY_CHECK), so that an authority's policy
 * constraints (requireExplicitPolicy, inhibitPolicyMapping, inhibitAnyPolicy)
 * bind every chain it is in, a signer's and a timestamp authority's alike.
 * False when out of memory. */
bool kc_cms_set_policy_check(X509_STORE_CTX *ctx);
/* Whether a certificate of ctx's chain constrains policies (policyConstraints,
 * inhibitAnyPolicy, policyMappings). */
bool kc_cms_chain_constrains_policies(X509_STORE_CTX *ctx);

/* cms_signer.c: who signed.  kc_cms_set_str replaces *dst with src (taking
 * it), false when src is NULL from a failed allocation (want: there was
 * something to allocate); kc_cms_name_entry gives every value of one subject
 * attribute, joined (NULL: none; *nomem when memory ran out);
 * kc_cms_describe_signer fills info's who-signed fields from x, false when
 * memory ran out. */
bool kc_cms_set_str(char **dst, char *src, bool want);
char *kc_cms_name_entry(const X509_NAME *name, int nid, bool *nomem);
/* Whether a value's Latin letters are drawn as other words than they hold: a
 * phonetic letter (ʜ, ɑ, ᴀ) or marks drawn over one another (cms_glyphs.c). */
bool kc_cms_value_lookalike(const char *v);
bool kc_cms_describe_signer(X509 *x, const kc_cms *cms, const kc_trust *trust, kc_sig_info *info);

#define KC_FUTURE_SLACK 300 /* clocks differ; five minutes is not "the future" */

/* Whether cert (issued by issuer) is listed in a CRL of the trust store that
 * issuer signed (or an OCSP response, or online); *when is the revocation
 * date, *reason the CRL reason code (-1 when the entry has none), of the worst
 * listing when several list it. */
bool kc_cms_revocation(X509 *cert, X509 *issuer, const kc_trust *trust, int64_t *when, long *reason);
/* Key, CA or AA compromise, and, failing closed, unspecified or no reason:
 * revocations after which no proof of time saves a signature. */
bool kc_cms_reason_is_compromise(long reason);
/* Keeps the worse of two listings of one certificate (see cms_revoke.c). */
void kc_cms_revocation_keep_worse(bool *found, int64_t *when, long *reason, int64_t w, long r);
/* Every listing of cert in crl, a CRL already known to be its issuer's
 * (each entry of its serial, its invalidity date counted), the worst kept by
 * kc_cms_revocation_keep_worse. */
void kc_cms_crl_listings(X509_CRL *crl, X509 *cert, bool *found, int64_t *when, long *reason);
/* Whether another CA certificate of the issuer's name (a key rollover), known
 * to the trust store and chaining to its anchors, signed crl: enough for a
 * listing, which can only condemn. */
bool kc_cms_crl_signed_by_namesake(const kc_trust *trust, X509_CRL *crl, X509 *issuer);
/* The same, the namesake chaining to the very anchor the issuer chains to
 * (RFC 5280 6.3.3 f): what a CRL needs to speak of a certificate it does
 * not list (cms_revbounds.c, rttime14). */
bool kc_cms_crl_signed_by_kin(const kc_trust *trust, X509_CRL *crl, X509 *issuer);
/* That namesake (borrowed from the trust store), or NULL: what its CRL says
 * stops at its certificate's end (cms_revbounds.c, rttime15). */
X509 *kc_cms_crl_kin_signer(const kc_trust *trust, X509_CRL *crl, X509 *issuer);
/* That certificate (borrowed from the trust store), or NULL. */
X509 *kc_cms_crl_namesake_signer(const kc_trust *trust, X509_CRL *crl, X509 *issuer);
const char *kc_cms_reason_name(long reason); /* "keyCompromise", ...; "no reason" for -1 */

/* cms_revinfo.c: the CRLs and OCSP responses the signature carries itself
 * (Adobe's adbe-revocationInfoArchival attribute, the SignedData's crls);
 * NULL when it carries none (or memory ran out: nothing is read then). */
typedef struct kc_cms_revinfo kc_cms_revinfo;
kc_cms_revinfo *kc_cms_revinfo_load(const kc_cms *cms);
/* The same for a timestamp token: its SignedData's crls and its signer's
 * adbe-revocationInfoArchival attribute; with der (the token as it came,
 * when kc_cms_without_other_revinfo made p7 of it), the OCSP responses of its
 * crls field's `other` choices too. */
kc_cms_revinfo *kc_cms_revinfo_load_pkcs7(PKCS7 *p7, const unsigned char *der, size_t len);
/* A ContentInfo's DER (a timestamp token) with the `other` choices (RFC 5652
 * 10.2.1, RFC 5940: OCSP responses) of its SignedData's crls field left out,
 * which OpenSSL's PKCS#7 reader refuses: 1 and a malloc'ed *out (*out_len)
 * when there were some, *used the length of the original's DER; 0 when there
 * were none or the DER is not read so (definite lengths only); KC_ENOMEM. */
int kc_cms_without_other_revinfo(const unsigned char *der, size_t len, unsigned char **out, size_t *out_len,
                                 size_t *used);
/* Whether DER (a signature as it came) may hold an RFC 5940 OCSP response:
 * false only when the bytes of its OID appear nowhere (an OID's contents are
 * encoded one way in BER and DER alike, X.690 8.19.2). */
bool kc_cms_may_hold_other_revinfo(const unsigned char *der, size_t len);
void kc_cms_revinfo_free(kc_cms_revinfo *ri);
/* Whether that data, where cert's issuer signed it, lists cert: the worst
 * listing in *when and *reason, as kc_cms_revocation gives them. */
bool kc_cms_revinfo_revocation(const kc_cms_revinfo *ri, X509 *cert, X509 *issuer, const kc_trust *trust,
                               int64_t *when, long *reason);
/* What ri holds (borrowed; ri may be NULL: nothing). */
STACK_OF(X509_CRL) *kc_cms_revinfo_crls(const kc_cms_revinfo *ri);
size_t kc_cms_revinfo_ocsp_count(const kc_cms_revinfo *ri);
OCSP_BASICRESP *kc_cms_revinfo_ocsp(const kc_cms_revinfo *ri, size_t i);
/* Whether response i came in a signed attribute of the signature (so it
 * existed when the signature did), not its crls field or an unsigned one. */
bool kc_cms_revinfo_ocsp_signed(const kc_cms_revinfo *ri, size_t i);
/* The same for CRL i of kc_cms_revinfo_crls (rttime20). */
bool kc_cms_revinfo_crl_signed(const kc_cms_revinfo *ri, size_t i);

/* cms_revbounds.c: whether crl covers every revocation of cert (RFC 5280
 * 5.2.5): false for another partition's CRL (its issuing distribution point
 * names a distribution point that is not cert's), one only for CA, user or
 * attribute certificates that cert is not, or only for some reasons. */
bool kc_cms_crl_covers(X509_CRL *crl, X509 *cert);

/* cms_revbounds.c: whether the revocation data at hand (the trust store's
 * CRLs and OCSP responses, and own: the signature's) tells cert's state at t
 * once cert has expired: NONE when there is no CRL of its issuer at all,
 * SPEAKS when a CRL or response of the issuer still lists cert (issued by its
 * end, or under expiredCertsOnCRL) and was current at t, SILENT otherwise.
 * An OCSP response of a delegated responder ended by now speaks only when
 * proven to exist before that end (own's signed-attribute ones at t).  A
 * CRL or response signed with SHA-1 or MD5 never speaks; *weak (when not
 * NULL) tells whether SILENT is only for want of such a one (rttime21). */
typedef enum kc_revbounds { KC_REVBOUNDS_NONE, KC_REVBOUNDS_SPEAKS, KC_REVBOUNDS_SILENT } kc_revbounds;
kc_revbounds kc_cms_revocation_bounds(X509 *cert, X509 *issuer, const kc_trust *trust, const kc_cms_revinfo *own,
                                      int64_t t, int64_t now, bool *weak);
/* The same for every t at once: SPEAKS with *until the last time the data at
 * hand still speaks of cert (-1: at no time), or NONE.  A timestamp
 * authority's chain is judged with it once the time its token is proven at
 * is known (timestamp.c).  As above, a response of a delegated responder
 * ended by now speaks only when proven to exist before that end: own's
 * signed-attribute ones at own_at (the token's genTime: its TSA signed
 * them), the trust store's at their kc_trust_ocsp_at (rttime14: a /DSS
 * response added after every document timestamp vouched for an expired
 * TSA). */
kc_revbounds kc_cms_revocation_until(X509 *cert, X509 *issuer, const kc_trust *trust, const kc_cms_revinfo *own,
                                     int64_t own_at, int64_t now, int64_t *until);

/* What the time the chain is checked at rests on. */
typedef enum kc_time_basis {
    KC_BASIS_PROOF = 0,   /* a proof of existence (timestamp, document timestamp, external, --at) */
    KC_BASIS_CLAIMED = 1, /* the signer's claim, with accept_claimed_time */
    KC_BASIS_NOW = 2      /* nothing: the current time */
} kc_time_basis;

/* What a revocation of a chain certificate on `when` for `reason` means for
 * the signature at info->checked_at (cms_revoke.c): adds KC_R_REVOKED or
 * KC_R_NO_PROOF_OF_TIME, or nothing.  claimed is the signer's claim (0: none). */
void kc_cms_judge_revocation(int64_t when, long reason, kc_time_basis basis, int64_t claimed,
                             kc_sig_info *info);
/* Checked now without a proof: what the chain's certificates that have
 * expired since mean (KC_R_NO_PROOF_OF_TIME, or the signer's admission:
 * KC_R_EXPIRED / KC_R_NOT_YET_VALID at the claimed time). */
void kc_cms_judge_expiry(STACK_OF(X509) *chain, int64_t now, int64_t claimed, kc_sig_info *info);

/* Checked now for want of a proof (the chain is valid now): a claimed time
 * before the signer's certificate existed is false, KC_R_NOT_YET_VALID. */
void kc_cms_judge_not_before(X509 *signer, int64_t claimed, kc_sig_info *info);

/* The ESS signing-certificate attributes, when present, must name signer
 * (chain: the verified chain, signer first, or NULL) (cms_der.c): else
 * KC_R_BAD_SIGNATURE.  False only when memory runs out. */
bool kc_cms_check_signer_binding(const kc_cms *cms, X509 *signer, STACK_OF(X509) *chain, kc_sig_info *info);

/* cms_purpose.c: the signer's certificate must be one that signs documents
 * (an extended key usage naming a signing use, when there is one): else
 * KC_R_KEY_USAGE with a sentence saying what it is for. */
void kc_cms_check_purpose(X509 *signer, kc_sig_info *info);
/* The authorities of the signer's chain (chain[1..]): one whose extended key
 * usage names no use that signs documents issues for that service only (a
 * TLS-only sub-CA), so what it issued does not sign documents either. */
void kc_cms_check_chain_purpose(STACK_OF(X509) *chain, kc_sig_info *info);

/* cms_anchor.c: info->anchor and info->anchor_state from the chain built
 * (its last certificate, when it is one of trust's anchors). */
void kc_cms_note_anchor(STACK_OF(X509) *chain, const kc_trust *trust, kc_sig_info *info);
/* Whether x's key is a root's of the state's PKI (the government CA's G2
 * root, the Vietnam National Root CA). */
bool kc_cms_anchor_is_state_root(X509 *x);
/* A signer holding the key of a certification authority (of its chain, or an
 * intermediate or anchor of the trust store): what that key signs are
 * certificates and CRLs, which anyone can carry over as its signatures. */
void kc_cms_check_shared_key(X509 *signer, STACK_OF(X509) *chain, const kc_trust *trust, kc_sig_info *info);
/* The same rule: true, with the sentence in why, when signer is not for signing. */
bool kc_cms_purpose_problem(X509 *signer, char *why, size_t size);
/* cms_purpose.c: the signature must be over id-data, as its content-type
 * attribute (when there are signed attributes) must say: else KC_R_BAD_SIGNATURE. */
void kc_cms_check_content_type(const kc_cms *cms, kc_sig_info *info);

/* Decides checked_at, time_source, signing_time, time_proof and time_note
 * (see verify.h) from the signature's timestamps, the extra proof the PDF
 * layer found (document timestamps; may be NULL), opts->poe and opts->at.
 * *claimed is the signer's claimed time (0 when none), *now the current
 * time.  Returns 0, or KC_ENOMEM. */
int kc_cms_choose_time(const kc_cms *cms, const kc_trust *trust, const kc_verify_opts *opts,
                       const kc_poe *extra, kc_sig_info *info, kc_time_basis *basis,
                       int64_t *claimed, int64_t *now);

/* cms_chain.c: builds and checks the signer's chain at info->checked_at (the
 * time basis says what it rests on; claimed is the signer's claimed time),
 * notes every problem in info, and, when want_issuer (a roles file may name a
 * serial and its issuer), whether the issuer is certain; allow_weak lets a
 * certificate signed with SHA-1 pass, as for the signature.  Returns 0, or
 * KC_ENOMEM. */
int kc_cms_check_chain(const kc_cms *cms, X509 *signer, const kc_trust *trust, kc_time_basis basis,
                       int64_t claimed, int64_t now, bool want_issuer, bool allow_weak, kc_sig_info *info);

#endif
