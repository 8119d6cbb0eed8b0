/* revocation.h (internal): revocation beyond the trust directory's CRLs.
 *
 * OCSP responses (revocation_ocsp.c), whether a dossier's validation data
 * holds them or a responder just sent them, and the online source
 * (revocation_online.c) that follows a certificate's CRL distribution points
 * and OCSP responder, caching what it fetched.  cms_revoke.c asks both, after
 * the offline CRLs, and judges what they say by the same rules. */
#ifndef KC_REVOCATION_H
#define KC_REVOCATION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <glib.h>

#include <openssl/ocsp.h>
#include <openssl/x509.h>

#include "trust_internal.h"

/* A response larger than this is not an OCSP answer about a few certificates. */
#define KC_OCSP_MAX (1u << 20)
/* A CRL larger than this is refused (national CAs publish a few MiB). */
#define KC_CRL_MAX (32u << 20)

/* An OCSPResponse (DER, nothing after it) as its basic response.  KC_EFORMAT
 * when it is not one or its status is not "successful"; KC_ELIMIT over
 * KC_OCSP_MAX. */
int kc_ocsp_parse(OCSP_BASICRESP **out, const unsigned char *der, size_t len, kc_error *err);

typedef enum kc_ocsp_answer {
    KC_OCSP_NONE = 0,   /* says nothing of this certificate, or is not signed by whom it must be */
    KC_OCSP_GOOD = 1,
    KC_OCSP_REVOKED = 2,
    KC_OCSP_UNKNOWN = 3
} kc_ocsp_answer;

/* What bs says of cert, issued by issuer, when bs is signed by issuer itself or
 * by a responder that issuer certified for it (id-kp-OCSPSigning), valid when
 * the response was produced.  Every entry about cert counts, the worst one
 * (a compromise, else the earliest) deciding.  REVOKED fills *when and *reason (-1 when the
 * response gives none), as a CRL entry would. */
/* Whether the CertID cid names cert of issuer (under the CertID's own hash). */
bool kc_ocsp_names_cert(const OCSP_CERTID *cid, X509 *cert, X509 *issuer);
kc_ocsp_answer kc_ocsp_status(OCSP_BASICRESP *bs, X509 *cert, X509 *issuer, int64_t *when, long *reason);

/* Whether bs, signed for issuer, may vouch that a certificate stood (its "good"
 * read as revocation data that speaks, cms_revbounds.c), and of which times:
 * reach->from..to bound the thisUpdate of the statuses it can give, reach->last
 * the time they can speak for (a nextUpdate beyond is cut there).  False when
 * nobody it must be signed it, or a delegated responder that the revocation
 * data at hand (trust's, and own, a signature's or token's own) lists as
 * revoked, for a compromise or no stated reason whenever (its key writes any
 * producedAt), for another reason at or before producedAt (RFC 6960
 * 4.2.2.2.1: a responder certificate without id-pkix-ocsp-nocheck is checked
 * for revocation; one with it too, when its CA says so).  The times: no later
 * than producedAt (a responder tells what it knew when it signed, five
 * minutes of clock difference allowed) and, for a delegated responder, inside
 * its certificate's validity, which also bounds the time they speak for.  Its
 * "revoked" condemns whatever this says.
 * A delegated responder whose certificate has ended by `now` is guarded by
 * nobody since: whoever finds its key writes "good" dated inside its
 * validity.  Its response vouches then only when proven to exist by that end
 * (`existed`: the signature's proven time for one in its signed attributes, a
 * document timestamp's for a /DSS it covers; KC_POE_NONE when nothing proves
 * it; KC_POE_UNASKED, or now INT64_MIN, not asked), rttime13. */
typedef struct kc_cms_revinfo kc_cms_revinfo;
/* Whether revocation data signed by a key whose certificate ends at na, and
 * proven to exist at `existed`, may still be read at `now`: always while
 * that certificate runs (na >= now) or when nobody asks (KC_POE_UNASKED);
 * after it has ended, only when proven to exist by that end.  An OCSP
 * response's signer (rttime13, rttime19) and a CRL's (rttime20) alike. */
bool kc_revdata_in_office(int64_t na, int64_t existed, int64_t now);
typedef struct kc_ocsp_reach {
    int64_t from, to; /* the thisUpdate times it can tell of */
    int64_t last;     /* the latest time it speaks for */
} kc_ocsp_reach;
bool kc_ocsp_vouches(OCSP_BASICRESP *bs, X509 *issuer, const kc_trust *trust, const kc_cms_revinfo *own,
                     int64_t existed, int64_t now, kc_ocsp_reach *reach);

/* Whether one of the trust store's OCSP responses says cert is revoked. */
bool kc_ocsp_revocation(const kc_trust *trust, X509 *cert, X509 *issuer, int64_t *when, long *reason);

enum { KC_MATERIAL_CRL = 1, KC_MATERIAL_OCSP = 2 };

/* ---- a PDF's document security store (pdf_dss.c) ---- */

typedef struct kc_pdf_doc kc_pdf_doc;
/* The CRLs and OCSP responses every revision's /DSS holds (its /CRLs,
 * /OCSPs and each /VRI entry's), added to a copy of base in *out; *out is NULL
 * when there are none that parse.  Returns 0, KC_ENOMEM, or KC_ELIMIT when
 * the stores hold more than pdf_dss.c reads (they are then not used at all). */
int kc_pdf_dss_revocation(kc_pdf_doc *doc, const kc_trust *base, kc_trust **out);
/* The same, appending to where (a GArray of kc_dss_where) where each OCSP
 * response added lies in the file: a document timestamp over those bytes
 * proves it existed at its time (kc_trust_ocsp_set_at). */
typedef struct kc_dss_where {
    size_t index;      /* kc_trust_ocsp's index in *out, or kc_trust_crls' */
    uint64_t from, to; /* the stream's encoded bytes */
    int kind;          /* KC_MATERIAL_OCSP, or KC_MATERIAL_CRL (rttime20: a CRL too) */
} kc_dss_where;
/* When the item is proven to exist (kc_trust_ocsp_at or kc_trust_crl_at),
 * and setting it. */
int64_t kc_dss_where_at(const kc_trust *t, const kc_dss_where *w);
void kc_dss_where_set_at(kc_trust *t, const kc_dss_where *w, int64_t at);
int kc_pdf_dss_revocation_where(kc_pdf_doc *doc, const kc_trust *base, kc_trust **out, GArray *where);

/* ---- online (revocation_online.c) ---- */

/* A CRL as a server sends it: DER (or PEM), nothing after it, at most
 * KC_CRL_MAX bytes; NULL when it is not one. */
X509_CRL *kc_online_parse_crl(const unsigned char *data, size_t len);

/* Fetches, or takes from the cache while it is current, the CRLs of cert's
 * distribution points and its responder's OCSP answer; true when one of them
 * (signed by issuer) says cert is revoked.  Network failures are remembered
 * (kc_online_failures) and change nothing: offline rules still apply. */
bool kc_online_revocation(kc_online *o, const kc_trust *trust, X509 *cert, X509 *issuer, int64_t *when,
                          long *reason);

typedef void (*kc_material_fn)(void *ud, int kind, const unsigned char *der, size_t len);
/* Every CRL and OCSP response the online source holds for cert (issued by
 * issuer) and that issuer signed: what the validation data must keep.  With
 * trust, also the CRLs signed by the issuer's namesake after a key rollover,
 * known to trust (the ones kc_online_revocation reads): seal_revdata.c keeps
 * them as it keeps the trust directory's; NULL, the issuer's key alone. */
void kc_online_material(kc_online *o, const kc_trust *trust, X509 *cert, X509 *issuer, kc_material_fn fn,
                        void *ud);

#endif
