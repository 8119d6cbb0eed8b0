/* seal.h (internal): the ASiC-E seal of a dossier: META-INF/ASiCManifest001.xml
 * listing every file's SHA-256, and META-INF/signature001.p7s, a detached CMS
 * signature over that manifest.  OpenSSL objects stay in seal.c (and the
 * verifier's cms_check.c, which checks the signature the way `verify` does). */
#ifndef KC_SEAL_H
#define KC_SEAL_H

#include <glib.h>
#include <stddef.h>
#include "agency.h"
#include "kiemchung/dossier.h"
#include "zipio.h"

#define KC_SEAL_MANIFEST "META-INF/ASiCManifest001.xml"
#define KC_SEAL_SIGNATURE "META-INF/signature001.p7s"

#define KC_ARCHIVE_MANIFEST "META-INF/ASiCArchiveManifest.xml"
#define KC_TST_MIME "application/vnd.etsi.timestamp-token"

/* The container's own files, which a seal does not list: mimetype, the
 * seal's manifest and signature, and what renewing the seal adds, as ASiC-E
 * names them: META-INF/timestamp001.tst … timestamp999.tst,
 * META-INF/ASiCArchiveManifest.xml and META-INF/ASiCArchiveManifest001.xml …
 * 999.xml.  Any other entry under META-INF/ is an extra file. */
bool kc_seal_is_container_entry(const char *name);
/* Whether name is one of the archive timestamp's: a timestampNNN.tst or an
 * ASiCArchiveManifest*.xml (checked by seal_archive.c). */
bool kc_seal_is_archive_entry(const char *name);
/* "META-INF/<stem>NNN<ext>" with NNN 001-999: NNN, else 0. */
int kc_seal_number(const char *name, const char *stem, const char *ext);

/* An ASiC manifest (malloc'd XML): SigReference URI=sig_uri (MimeType
 * sig_mime), then n entries and their SHA-256.  kc_seal_manifest is the
 * seal's (signature001.p7s). */
char *kc_asic_manifest(const char *sig_uri, const char *sig_mime, const char *const *names,
                       const unsigned char (*sha)[32], size_t n);
char *kc_seal_manifest(const char *const *names, const unsigned char (*sha)[32], size_t n);

/* A manifest read back: its SigReference and its references. */
typedef struct kc_asic_ref {
    char *name;             /* decoded URI, NULL when missing */
    unsigned char sha[32];
    bool sha_ok;            /* a SHA-256 DigestMethod with a 32-byte value */
} kc_asic_ref;
typedef struct kc_asic_doc {
    char *sig_uri;          /* NULL when missing */
    kc_asic_ref *refs;
    size_t n;
} kc_asic_doc;
/* KC_EFORMAT when it is not well-formed XML with an ASiCManifest root. */
int kc_asic_parse(kc_asic_doc *out, const char *xml, size_t len);
void kc_asic_doc_clear(kc_asic_doc *d);

/* seal_outdated.c: whether the dossier zr is sealed and its bag's manifests
 * now give a file other digests than its seal records (changed, added or
 * taken out since it was sealed: the seal alone witnesses that when the
 * manifests were made to agree); the first such name into what. */
bool kc_seal_outdated(kc_zr *zr, char *what, size_t size);

/* ---- signing (seal_sign.c) --------------------------------------------------------- */

typedef struct kc_signer kc_signer;

/* A detached CMS signature (DER, malloc'd) over data by signer, signing
 * time t, CAdES-BES (signingCertificateV2).  The chain goes in with it: the
 * signer's own (.p12, --chain) and what the trust store finds between the
 * certificate and its anchor, so the seal checks without that store's
 * intermediates (`openssl cms -verify -CAfile root.pem`). */
int kc_seal_sign(unsigned char **out, size_t *len, const char *data, size_t dlen,
                 const kc_signer *signer, const kc_trust *trust, int64_t t, kc_error *err);

/* The signature value of a CMS with one signer (what a signature timestamp
 * is over), malloc'd. */
int kc_seal_signature_value(unsigned char **out, size_t *len, const unsigned char *p7s, size_t plen,
                            kc_error *err);
/* p7s with a timestamp token added to its SignerInfo as the unsigned
 * attribute id-aa-signatureTimeStampToken (CAdES-T); malloc'd. */
int kc_seal_add_token(unsigned char **out, size_t *len, const unsigned char *p7s, size_t plen,
                      const unsigned char *token, size_t toklen, kc_error *err);
/* ---- revocation data of the timestamps (seal_revdata.c) ---- */

/* more, where a function takes it: DER CRLs (GBytes) to keep in the token
 * too, the documents' chains' CRLs current at a renewal (rttime17), or NULL. */

/* The token tok (DER) with the CRLs at hand (trust's, and its online
 * source's) of its TSA's chain that are current at now added to its
 * SignedData's crls field (malloc'd; the token as it came when it cannot be
 * rewritten with its signature intact).  When no CRL of the TSA's issuer
 * current at now is in it, a sentence goes to warnings (owned strings; may
 * be NULL).  0, or KC_ENOMEM. */
int kc_seal_token_add_crls(unsigned char **out, size_t *len, const unsigned char *tok, size_t toklen,
                           const kc_trust *trust, int64_t now, GPtrArray *more, GPtrArray *warnings, kc_error *err);
/* When res proves, proven (what a later timestamp proves of it, --at), and
 * no CRL of its expired TSA's CA is at hand (res->tsa_unspoken), the sentence
 * saying so for `what` ("META-INF/timestamp001.tst", "the seal's
 * timestamp") into note, unless note holds one already: offline, missing
 * data is no failure, but a renewal that kept none is not silent. */
struct kc_ts_result;
void kc_seal_unspoken_note(char *note, size_t size, const struct kc_ts_result *res, const char *what, int64_t proven);
/* p7s with each of its signature timestamps so (seal_sign.c), malloc'd. */
#ifdef HEADER_X509_H
/* Whether crl is current at now: issued by then (clocks differing by
 * KC_FUTURE_SLACK), and its nextUpdate (if any) not before it. */
bool kc_seal_crl_current(X509_CRL *crl, int64_t now);
/* The CRLs at hand (trust's, its online source's) of leaf's chain (extra
 * helping to build it), each issuer's, current at now (new references). */
STACK_OF(X509_CRL) *kc_seal_chain_crls(X509 *leaf, STACK_OF(X509) *extra, const kc_trust *trust, int64_t now);
/* Whether crl, current at now, speaks of x by its silence as a checker will
 * read it: x's issuer's, signed by issuer's key or after a rollover by a
 * namesake under issuer's own anchor still running (cms_revoke.c's kin). */
bool kc_seal_crl_speaks(X509_CRL *crl, X509 *x, X509 *issuer, const kc_trust *trust, int64_t now);
#endif
int kc_seal_add_token_crls(unsigned char **out, size_t *len, const unsigned char *p7s, size_t plen,
                           const kc_trust *trust, int64_t now, GPtrArray *more, GPtrArray *warnings, kc_error *err);
/* Each CRL (DER) in the crls field of the tokens of der: the seal's p7s
 * (p7s true: its signature timestamps) or an archive timestamp's token.
 * What seal --tsa and seal --renew keep there (above); check reads them for
 * the documents too (ltv_verify.c, rttime17). */
typedef void (*kc_seal_crl_fn)(void *ud, const unsigned char *der, size_t len);
void kc_seal_token_crls_each(const unsigned char *der, size_t len, bool p7s, kc_seal_crl_fn fn, void *ud);
/* Those of every token of the dossier zr added to trust (seal_revdata.c),
 * while *total (bytes loaded so far) stays under KC_LTV_MAX_TOTAL. */
void kc_seal_trust_token_crls(kc_zr *zr, kc_trust *trust, uint64_t *total);
/* The CRLs of the seal's own crls field (p7s, what seal keeps there of its
 * chain) added to trust as the user's, for the seal's own check only
 * (dossier_check.c): see seal_revdata.c. */
void kc_seal_trust_own_crls(const unsigned char *p7s, size_t len, kc_trust *trust, uint64_t *total);

/* The earliest genTime among the signature timestamps of p7s that prove
 * (timestamp.h's rules; proven: what an archive timestamp proves of them,
 * 0 none), 0 when none; tsa (160 bytes) gets its authority, and *expires
 * (may be NULL) when that authority's chain ends (kc_ts_result.tsa_expires,
 * 0 when unknown); note (may be NULL) gets kc_seal_unspoken_note's
 * sentence when it has none. */
/* True when t, a time something proves of the seal p7s, is earlier (by more
 * than clocks differ) than the signing time the seal claims: one of the two is
 * wrong, and verify then trusts neither the token nor the proof (cms_time.c). */
bool kc_seal_before_claim(const unsigned char *p7s, size_t plen, int64_t t);
int64_t kc_seal_token_time(const unsigned char *p7s, size_t plen, const kc_trust *trust,
                           const kc_verify_opts *vopts, int64_t proven, char tsa[160], int64_t *expires,
                           char *note, size_t note_size);

/* The SHA-256 the check computed for an entry, or NULL when there is none. */
typedef const unsigned char *(*kc_seal_digest_fn)(void *ud, const char *name);

/* What the dossier says of itself, which the seal must agree with. */
typedef struct kc_seal_rules {
    const char *const *communes; /* every commune the dossier names (dossier.json, bag-info.txt) */
    size_t ncommunes;
    int64_t made;                /* the dossier's own time (Unix seconds); 0 when unknown */
    kc_agency_places places;     /* its districts and provinces (dossier.json, bag-info.txt) */
} kc_seal_rules;

/* The rules a seal must pass beyond its signature (check applies them, and
 * seal refuses what would break them): the organisation's certificate (by
 * vopts->roles, else the certificate), of the agency of every commune in
 * rules, not dated before rules->made.  Each broken rule goes to fn as a
 * "seal" problem on signature001.p7s; returns whether all hold.  Sets
 * info->role.  A rule changed here raises SRV_SIGNATURE_RULES (src/server/
 * server.h): the desk analyses again the dossiers it judged before. */
bool kc_seal_judge(kc_sig_info *info, const kc_seal_rules *rules, const kc_verify_opts *vopts,
                   kc_zr_problem_fn fn, void *ud);

/* Vets signer before a seal is made (seal_sign.c): signs an empty content
 * with it at time t and checks that signature as kc_seal_verify will check
 * the seal (chain to trust at t, validity, key usage, strength, revocation)
 * and by kc_seal_judge's rules.  Each problem goes to fn ("seal" on
 * signature001.p7s); info gets the signer's details.  Returns 0 when vetted,
 * whatever was found; an error when the key cannot sign. */
int kc_seal_vet(kc_sig_info *info, const kc_signer *signer, const kc_trust *trust,
                const kc_verify_opts *vopts, const kc_seal_rules *rules, int64_t t, kc_zr_problem_fn fn,
                void *ud, kc_error *err);

/* What the archive timestamps of a renewed seal prove (seal_archive.c). */
typedef struct kc_archive_result {
    size_t count;            /* archive manifests found */
    int64_t poe;             /* the oldest genTime the chain proves for the seal, 0: none */
    char what[256];          /* "archive timestamp META-INF/timestamp001.tst by …" */
    int64_t newest;          /* the newest timestamp's genTime (when it proves) */
    char newest_tsa[160];
    char note[520];          /* why an archive timestamp proves nothing, "" when all do */
    int64_t renew_by;        /* the earliest end (tsa_expires) of the chains of the links that
                              * prove with no newer one vouching for them (the newest that
                              * proves, any below a broken link): the chain proves its time
                              * only until then unless renewed; 0 when none proves or unknown */
} kc_archive_result;

/* Checks the chain of archive timestamps of the archive (see seal_archive.c)
 * against the files the seal covers (sealed[0, nsealed)) and the digests the
 * check took; problems go to fn ("changed"/"missing" for a file, "seal" for
 * the rest).  Nothing found is not a problem: out->count is 0. */
void kc_seal_check_archive(kc_archive_result *out, kc_zr *zr, const char *const *sealed, size_t nsealed,
                           kc_seal_digest_fn digest, void *dud, const kc_trust *trust,
                           const kc_verify_opts *vopts, kc_zr_problem_fn fn, void *ud);

/* The time the seal is proven to have existed: its own timestamp (which the
 * archive chain may keep proving after its authority is revoked) or the
 * chain's, the earlier; 0 when nothing proves it.  *what (g_free) says what
 * proves it.  *renew_by: the date by which `seal --renew` is due, when the
 * certificate of the authority that vouches for all the rest (the newest
 * archive timestamp that proves, else the seal's own timestamp) ends; 0 when
 * nothing proves or it is unknown.  ar->note gets the seal's token's
 * kc_seal_unspoken_note when it has none. */
int64_t kc_seal_proof(char **what, int64_t *renew_by, const unsigned char *p7s, size_t plen,
                      kc_archive_result *ar, const kc_trust *trust, const kc_verify_opts *vopts);

/* Checks the seal: the signature over the manifest (info gets the verdict,
 * as `verify` reports signatures); the signer, who must have the
 * organisation role (vopts->roles, else the certificate) and belong to the
 * agency of every commune in rules; the seal's time (claimed or proven),
 * which must not be before rules->made; then that the manifest lists every
 * entry of names[] with the digest the check computed.  info->valid is true
 * only when all of the signature's checks and these rules pass.  Problems go
 * to fn: "seal" for the signature, the signer and the manifest; "changed",
 * "missing" and "extra" for an entry whose digest differs, that is sealed
 * but absent, or that is not sealed.  Returns 0 when examined. */
int kc_seal_verify(const char *manifest, size_t mlen, const unsigned char *p7s, size_t plen,
                   const char *const *names, size_t n, kc_seal_digest_fn digest, void *dud,
                   const kc_trust *trust, const kc_verify_opts *vopts, const kc_seal_rules *rules,
                   kc_sig_info *info, kc_zr_problem_fn fn, void *ud, kc_error *err);

#endif
