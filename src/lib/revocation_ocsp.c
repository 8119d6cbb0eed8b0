/* revocation_ocsp.c: OCSP responses (RFC 6960) read as revocation evidence.
 *
 * A response counts for a certificate only when the certificate's issuer
 * signed it, or a responder the issuer certified for exactly that
 * (id-kp-OCSPSigning), whose certificate was valid when the response was
 * produced: anyone can write "good" or "revoked" and sign it with a key of
 * their own.  The responder's chain is not checked against the current time,
 * so a dossier's responses still count decades later, as its CRLs do.  What a
 * response says is then judged by cms_revoke.c with the rules of a CRL entry:
 * "revoked" with its time and reason; "good" and "unknown" condemn nothing.
 * A "good" does vouch once the certificate has expired (cms_revbounds.c: the
 * data at hand must still speak of it), and only as far as kc_ocsp_vouches
 * lets it: not from a delegated responder its CA lists as revoked, nor for a
 * status known after the response was signed or beyond the responder's
 * certificate (rttime12), nor from one whose certificate has ended unless
 * something proves the response older than that end (rttime13), nor from
 * the issuer's own key on the same terms once its certificate has ended
 * (rttime19).
 * Responses arrive from the network or from a dossier, so every byte is
 * untrusted: parsed by OpenSSL's DER decoder, bounded in size, and fuzzed
 * (tests/fuzz/fuzz_revocation.c). */
#include <limits.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/ocsp.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "cms_internal.h"
#include "i18n.h"
#include "revocation.h"
#include "trust_internal.h"

int kc_ocsp_parse(OCSP_BASICRESP **out, const unsigned char *der, size_t len, kc_error *err)
{
    const unsigned char *p = der;
    OCSP_RESPONSE *resp = NULL;
    OCSP_BASICRESP *bs = NULL;
    int rc = KC_EFORMAT;

    *out = NULL;
    if (len > KC_OCSP_MAX)
        return kc_error_set(err, KC_ELIMIT, "%s", _("the OCSP response is larger than 1 MiB"));
    resp = der && len ? d2i_OCSP_RESPONSE(NULL, &p, (long)len) : NULL;
    if (!resp || p != der + len) {
        kc_error_set(err, rc, "%s", _("not an OCSP response"));
        goto out;
    }
    if (OCSP_response_status(resp) != OCSP_RESPONSE_STATUS_SUCCESSFUL) {
        kc_error_set(err, rc, _("the OCSP responder refused to answer (%s)"),
                     OCSP_response_status_str(OCSP_response_status(resp)));
        goto out;
    }
    if (!(bs = OCSP_response_get1_basic(resp))) {
        kc_error_set(err, rc, "%s", _("the OCSP response is not a basic response"));
        goto out;
    }
    *out = bs;
    rc = 0;
out:
    OCSP_RESPONSE_free(resp);
    ERR_clear_error();
    return rc;
}

/* Whether x was valid at t (Unix seconds). */
static bool valid_at(X509 *x, int64_t t)
{
    int64_t nb = 0, na = 0;
    return kc_cms_asn1_time_unix(X509_get0_notBefore(x), &nb) &&
           kc_cms_asn1_time_unix(X509_get0_notAfter(x), &na) && nb <= t && t <= na;
}

/* Who signed bs for issuer: *delegate is NULL when the issuer itself did, else
 * a new reference to the responder the issuer certified for it (returned true
 * then).  False when its signature does not verify, or its signer is neither. */
static bool signer_of(OCSP_BASICRESP *bs, X509 *issuer, X509 **delegate)
{
    STACK_OF(X509) *certs = sk_X509_new_null();
    X509_STORE *none = X509_STORE_new();
    X509 *signer = NULL;
    int64_t produced = 0;
    bool ok = false;

    *delegate = NULL;
    if (!certs || !none || !sk_X509_push(certs, issuer))
        goto out;
    /* OCSP_NOVERIFY: the signature only; who may sign is decided below, and
     * the chain's validity now does not matter (see the header comment). */
    if (OCSP_basic_verify(bs, certs, none, OCSP_NOVERIFY) != 1 ||
        OCSP_resp_get0_signer(bs, &signer, certs) != 1 || !signer)
        goto out;
    if (X509_cmp(signer, issuer) == 0 || EVP_PKEY_eq(X509_get0_pubkey(signer), X509_get0_pubkey(issuer)) == 1) {
        ok = true;
        goto out;
    }
    X509_check_purpose(signer, -1, 0);
    ok = X509_check_issued(issuer, signer) == X509_V_OK &&
         X509_verify(signer, X509_get0_pubkey(issuer)) == 1 &&
         (X509_get_extension_flags(signer) & EXFLAG_XKUSAGE) &&
         (X509_get_extended_key_usage(signer) & XKU_OCSP_SIGN) &&
         kc_cms_asn1_time_unix(OCSP_resp_get0_produced_at(bs), &produced) && valid_at(signer, produced) &&
         X509_up_ref(signer) == 1;
    if (ok)
        *delegate = signer;
out:
    sk_X509_free(certs);
    X509_STORE_free(none);
    ERR_clear_error();
    return ok;
}

/* The response's signature verifies with its signer's key, and that signer
 * is the issuer or the issuer's delegated responder. */
static bool signed_for(OCSP_BASICRESP *bs, X509 *issuer)
{
    X509 *delegate = NULL;
    bool ok = signer_of(bs, issuer, &delegate);
    X509_free(delegate);
    return ok;
}

/* Whether the delegated responder (of issuer) is listed as revoked by the data
 * at hand, for a compromise or no reason whenever, else by `produced`. */
static bool delegate_revoked(X509 *delegate, X509 *issuer, const kc_trust *trust, const kc_cms_revinfo *own,
                             int64_t produced)
{
    int64_t when = 0, w;
    long reason = -1, r;
    bool found = kc_cms_revocation(delegate, issuer, trust, &when, &reason);

    if (kc_cms_revinfo_revocation(own, delegate, issuer, trust, &w, &r))
        kc_cms_revocation_keep_worse(&found, &when, &reason, w, r);
    /* Whoever holds a compromised key writes any producedAt; a responder
     * retired for another reason answered until then. */
    return found && (kc_cms_reason_is_compromise(reason) || when <= produced);
}

/* Whether a response signed by a key whose certificate ends at na (a
 * delegated responder's, or the issuer's own) is proven to exist while it
 * could still sign: once that certificate has ended (by now), nobody
 * answers for its key, and a response nothing dates before its end may have
 * been written with the key found since. */
bool kc_revdata_in_office(int64_t na, int64_t existed, int64_t now)
{
    return existed == KC_POE_UNASKED || na >= now || existed <= na;
}

/* Whether a response the issuer signed with its own key is proven to exist
 * while the issuer's certificate ran: once it has ended (by now), the CA's
 * key is guarded by nobody, as an ended delegated responder's is
 * (rttime13).  Whoever found the key of a Document CA ended in 2025 wrote
 * "good, 2023-06-01 07:55" for the chairman who left office in January and
 * put it in his signature's crls field (or a /DSS update): with the CA's CRL
 * of 2025 no longer listing him, he was valid, leader (rttime19).  The
 * certificate is the one the chain was built with; a renewal of it over the
 * same key is not looked for (an unproven response then vouches for
 * nothing, failing closed).  A delegated responder's response too: the
 * ended key certifies a responder "valid until 2030" as easily. */
static bool issuer_answered_in_office(X509 *issuer, int64_t existed, int64_t now)
{
    int64_t na = 0;

    return kc_cms_asn1_time_unix(X509_get0_notAfter(issuer), &na) && kc_revdata_in_office(na, existed, now);
}

bool kc_ocsp_vouches(OCSP_BASICRESP *bs, X509 *issuer, const kc_trust *trust, const kc_cms_revinfo *own,
                     int64_t existed, int64_t now, kc_ocsp_reach *reach)
{
    X509 *delegate = NULL;
    int64_t produced = 0;
    bool ok = false;

    if (!kc_cms_asn1_time_unix(OCSP_resp_get0_produced_at(bs), &produced) || !signer_of(bs, issuer, &delegate))
        return false;
    /* A responder says what it knew when it signed: a status "known" after
     * that is written by someone choosing the dates (rttime12). */
    reach->from = INT64_MIN;
    reach->to = produced + KC_FUTURE_SLACK;
    reach->last = INT64_MAX;
    ok = issuer_answered_in_office(issuer, existed, now);
    if (delegate) {
        int64_t nb = 0, na = 0;
        /* A responder certificate its CA signed with SHA-1 or MD5 may be a
         * collision's, never certified (rttime21, as for a signer's chain). */
        ok = ok && kc_cms_md_class(kc_cms_sigalg_md(X509_get0_tbs_sigalg(delegate))) == KC_MD_STRONG &&
             kc_cms_asn1_time_unix(X509_get0_notBefore(delegate), &nb) &&
             kc_cms_asn1_time_unix(X509_get0_notAfter(delegate), &na) &&
             !delegate_revoked(delegate, issuer, trust, own, produced) && kc_revdata_in_office(na, existed, now);
        /* Nor does it know anything of a time it was not certified for, nor
         * promise a status (nextUpdate) past its certificate's end. */
        reach->from = nb;
        reach->last = na;
        if (na < reach->to)
            reach->to = na;
    }
    X509_free(delegate);
    return ok;
}

/* One SingleResponse: good, unknown, or revoked at *when for *reason.  Its
 * invalidityDate (a CRL entry extension, which RFC 6960 4.4 allows among the
 * single extensions) counts as a CRL entry's does: the chairman left office
 * in January, the CA learnt it in March. */
static kc_ocsp_answer single_status(OCSP_SINGLERESP *single, int64_t *when, long *reason)
{
    ASN1_GENERALIZEDTIME *rev = NULL, *thisupd = NULL, *nextupd = NULL, *invalid;
    int why = -1;
    int status = OCSP_single_get0_status(single, &why, &rev, &thisupd, &nextupd);
    int64_t since;

    if (status == V_OCSP_CERTSTATUS_GOOD)
        return KC_OCSP_GOOD;
    if (status != V_OCSP_CERTSTATUS_REVOKED || !rev || !kc_cms_asn1_time_unix(rev, when))
        return KC_OCSP_UNKNOWN;
    *reason = why == OCSP_REVOKED_STATUS_NOSTATUS ? -1 : why;
    invalid = OCSP_SINGLERESP_get1_ext_d2i(single, NID_invalidity_date, NULL, NULL);
    if (invalid && kc_cms_asn1_time_unix(invalid, &since) && since < *when)
        *when = since;
    ASN1_GENERALIZEDTIME_free(invalid);
    return KC_OCSP_REVOKED;
}

/* Whether the CertID names cert of issuer, hashed with the CertID's own
 * algorithm: RFC 6960 allows any (responders answer with the request's, SHA-1,
 * SHA-256, SHA-384 ...), and a revocation named under one we did not try
 * would go unread. */
bool kc_ocsp_names_cert(const OCSP_CERTID *cid, X509 *cert, X509 *issuer)
{
    ASN1_OBJECT *alg = NULL;
    const EVP_MD *md;
    bool same = false;

    if (!cid || OCSP_id_get0_info(NULL, &alg, NULL, NULL, (OCSP_CERTID *)cid) != 1 ||
        !(md = EVP_get_digestbyobj(alg)))
        return false;
    OCSP_CERTID *id = OCSP_cert_to_id(md, cert, issuer);
    same = id && OCSP_id_cmp(id, cid) == 0;
    OCSP_CERTID_free(id);
    return same;
}

kc_ocsp_answer kc_ocsp_status(OCSP_BASICRESP *bs, X509 *cert, X509 *issuer, int64_t *when, long *reason)
{
    kc_ocsp_answer answer = KC_OCSP_NONE;
    bool found = false;

    if (!bs || !cert || !issuer)
        return KC_OCSP_NONE;
    /* Every entry about the certificate, under whatever hash: a response may
     * list it twice, "good" first and "revoked" after (OpenSSL's
     * OCSP_resp_find_status, and `openssl ocsp`, read the first only).  The
     * worst listing counts, as between CRLs.  Bounded by the response's size
     * (1 MiB). */
    for (int k = 0; k < OCSP_resp_count(bs); k++) {
        OCSP_SINGLERESP *single = OCSP_resp_get0(bs, k);
        if (!kc_ocsp_names_cert(OCSP_SINGLERESP_get0_id(single), cert, issuer))
            continue;
        int64_t w = 0;
        long r = -1;
        kc_ocsp_answer a = single_status(single, &w, &r);
        if (a == KC_OCSP_REVOKED) {
            kc_cms_revocation_keep_worse(&found, when, reason, w, r);
            answer = KC_OCSP_REVOKED;
        } else if (answer == KC_OCSP_NONE || (answer == KC_OCSP_UNKNOWN && a == KC_OCSP_GOOD))
            answer = a;
    }
    if (answer != KC_OCSP_NONE && !signed_for(bs, issuer))
        answer = KC_OCSP_NONE;
    ERR_clear_error();
    return answer;
}

bool kc_ocsp_revocation(const kc_trust *trust, X509 *cert, X509 *issuer, int64_t *when, long *reason)
{
    /* Every response is read: an older one's hold must not hide a newer
     * one's compromise (the worst counts, as for CRLs). */
    bool found = false;
    for (size_t i = 0; i < kc_trust_ocsp_count(trust); i++) {
        int64_t w = 0;
        long r = -1;
        if (kc_ocsp_status(kc_trust_ocsp(trust, i), cert, issuer, &w, &r) == KC_OCSP_REVOKED)
            kc_cms_revocation_keep_worse(&found, when, reason, w, r);
    }
    return found;
}
