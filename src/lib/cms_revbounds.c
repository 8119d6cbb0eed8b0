/* cms_revbounds.c: whether the revocation data at hand can still speak of a
 * certificate that has expired, at the time its signature is proven.
 *
 * A CA may drop a certificate from its CRLs once it has expired (RFC 5280
 * 3.3): the chairman who left office in 2023 (affiliationChanged) and still
 * signed in mid-2023, a real timestamp dating it, is no longer on the CA's
 * CRL of 2025, issued after his certificate ended.  Read as "not revoked",
 * that CRL made him valid, leader.  So did a genuine CRL of 2022, stale by
 * the signing time, that his signature carried.  A CRL tells whether the
 * certificate was revoked at the proven time t only if the CA still listed
 * it (the CRL was issued by the certificate's end, or keeps expired
 * certificates: its expiredCertsOnCRL extension is at or before that end)
 * and was current at t (issued at or after t, or its nextUpdate not before
 * t), as EU DSS asks of revocation data for a past signature time.  An OCSP
 * response speaks of it on the same terms (one without a nextUpdate is
 * current for a day).
 *
 * Offline, having no CRL of the issuer at all is no failure (as before); but
 * when every CRL of the issuer at hand falls outside those bounds, nothing
 * shows the certificate was unrevoked at t, and cms_chain.c leaves the
 * signature indeterminate. */
#include <openssl/err.h>
#include <openssl/objects.h>
#include <openssl/ocsp.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "cms_internal.h"
#include "revocation.h"
#include "trust_internal.h"

#define EXPIRED_CERTS_ON_CRL_OID "2.5.29.60" /* X.509 (2016) 9.6.2.9 */

/* The CRL's expiredCertsOnCRL date, when it has a readable one. */
static bool expired_certs_on_crl(X509_CRL *crl, int64_t *out)
{
    ASN1_OBJECT *oid = OBJ_txt2obj(EXPIRED_CERTS_ON_CRL_OID, 1);
    int at = oid ? X509_CRL_get_ext_by_OBJ(crl, oid, -1) : -1;
    bool ok = false;

    ASN1_OBJECT_free(oid);
    if (at >= 0) {
        ASN1_OCTET_STRING *data = X509_EXTENSION_get_data(X509_CRL_get_ext(crl, at));
        const unsigned char *p = ASN1_STRING_get0_data(data);
        ASN1_GENERALIZEDTIME *g = d2i_ASN1_GENERALIZEDTIME(NULL, &p, ASN1_STRING_length(data));
        ok = g && kc_cms_asn1_time_unix(g, out);
        ASN1_GENERALIZEDTIME_free(g);
    }
    ERR_clear_error();
    return ok;
}

/* How long an OCSP response without a nextUpdate (an on-demand responder's)
 * is taken as current: Acrobat and pyHanko fetch it just before signing and
 * the timestamp comes minutes later.  A day, no more than a CRL's usual
 * currency: a revocation inside it goes unseen, as inside a CRL's. */
#define OCSP_CURRENT_SECONDS (24 * 3600)

/* Whether data issued at this_update, current until next_update (absent:
 * 0, then current for `slack` seconds), about a certificate ending at
 * not_after, tells its state at t. */
static bool in_bounds(int64_t this_update, int64_t next_update, int64_t slack, int64_t not_after, int64_t t)
{
    if (this_update > not_after)
        return false;
    return this_update >= t || (next_update ? next_update >= t : this_update + slack >= t);
}

static bool crl_speaks(X509_CRL *crl, int64_t not_after, int64_t t)
{
    int64_t this_update = 0, next_update = 0, kept = 0;
    const ASN1_TIME *next = X509_CRL_get0_nextUpdate(crl);

    if (!kc_cms_asn1_time_unix(X509_CRL_get0_lastUpdate(crl), &this_update) ||
        (next && !kc_cms_asn1_time_unix(next, &next_update)))
        return false;
    /* A CA that keeps expired certificates on its CRLs still lists this one. */
    if (expired_certs_on_crl(crl, &kept) && kept <= not_after)
        return in_bounds(this_update, next_update, 0, this_update, t);
    return in_bounds(this_update, next_update, 0, not_after, t);
}

/* Whether bs, signed for issuer, answers for cert within those bounds. */
static bool ocsp_speaks(OCSP_BASICRESP *bs, X509 *cert, X509 *issuer, int64_t not_after, int64_t t)
{
    int64_t w = 0;
    long r = -1;

    if (kc_ocsp_status(bs, cert, issuer, &w, &r) == KC_OCSP_NONE)
        return false; /* not about cert, or nobody's word */
    for (int k = 0; k < OCSP_resp_count(bs); k++) {
        ASN1_GENERALIZEDTIME *rev = NULL, *thisupd = NULL, *nextupd = NULL;
        int why = -1;
        int64_t tu = 0, nu = 0;
        OCSP_SINGLERESP *single = OCSP_resp_get0(bs, k);
        int status = OCSP_single_get0_status(single, &why, &rev, &thisupd, &nextupd);
        if (status != V_OCSP_CERTSTATUS_GOOD && status != V_OCSP_CERTSTATUS_REVOKED)
            continue;
        if (!kc_ocsp_names_cert(OCSP_SINGLERESP_get0_id(single), cert, issuer) ||
            !thisupd || !kc_cms_asn1_time_unix(thisupd, &tu) || (nextupd && !kc_cms_asn1_time_unix(nextupd, &nu)))
            continue;
        if (in_bounds(tu, nu, OCSP_CURRENT_SECONDS, not_after, t))
            return true;
    }
    return false;
}

kc_revbounds kc_cms_revocation_bounds(X509 *cert, X509 *issuer, const kc_trust *trust, const kc_cms_revinfo *own,
                                      int64_t t)
{
    STACK_OF(X509_CRL) *crls = kc_trust_crls(trust), *carried = kc_cms_revinfo_crls(own);
    int64_t not_after = 0;
    bool any = false;

    if (!kc_cms_asn1_time_unix(X509_get0_notAfter(cert), &not_after))
        return KC_REVBOUNDS_NONE;
    for (int i = 0; i < sk_X509_CRL_num(crls); i++) {
        X509_CRL *crl = sk_X509_CRL_value(crls, i);
        if (X509_NAME_cmp(X509_CRL_get_issuer(crl), X509_get_issuer_name(cert)) != 0 ||
            (!kc_trust_crl_signed_by(trust, crl, issuer) && !kc_cms_crl_signed_by_namesake(trust, crl, issuer)))
            continue;
        any = true;
        if (crl_speaks(crl, not_after, t))
            return KC_REVBOUNDS_SPEAKS;
    }
    for (int i = 0; i < sk_X509_CRL_num(carried); i++) {
        X509_CRL *crl = sk_X509_CRL_value(carried, i);
        if (X509_NAME_cmp(X509_CRL_get_issuer(crl), X509_get_issuer_name(cert)) != 0 ||
            (X509_CRL_verify(crl, X509_get0_pubkey(issuer)) != 1 && !kc_cms_crl_signed_by_namesake(trust, crl, issuer)))
            continue;
        any = true;
        if (crl_speaks(crl, not_after, t)) {
            ERR_clear_error();
            return KC_REVBOUNDS_SPEAKS;
        }
    }
    ERR_clear_error();
    if (!any)
        return KC_REVBOUNDS_NONE;
    /* The CRLs are silent: an OCSP response within the bounds still speaks. */
    for (size_t i = 0; i < kc_trust_ocsp_count(trust); i++)
        if (ocsp_speaks(kc_trust_ocsp(trust, i), cert, issuer, not_after, t))
            return KC_REVBOUNDS_SPEAKS;
    for (size_t i = 0; i < kc_cms_revinfo_ocsp_count(own); i++)
        if (ocsp_speaks(kc_cms_revinfo_ocsp(own, i), cert, issuer, not_after, t))
            return KC_REVBOUNDS_SPEAKS;
    return KC_REVBOUNDS_SILENT;
}
