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
 * current for a day).  A CRL speaks only of what it covers (rttime11): a
 * delta CRL lists what changed since its base, a partitioned one only its
 * distribution point's certificates, so neither, issued after the chairman
 * left office, says he was not revoked (RFC 5280 5.2.4-5).
 *
 * Offline, having no CRL of the issuer at all is no failure (as before); but
 * when every CRL of the issuer at hand falls outside those bounds, nothing
 * shows the certificate was unrevoked at t, and cms_chain.c leaves the
 * signature indeterminate. */
#include <glib.h>
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

/* Until when data issued at this_update, current until next_update (absent:
 * 0, then current for `slack` seconds), about a certificate ending at
 * not_after, tells its state: at any t up to the result (issued at or after
 * t, or still current at t); -1 when it never does (issued after not_after,
 * when the CA may have dropped the certificate). */
static int64_t speaks_until(int64_t this_update, int64_t next_update, int64_t slack, int64_t not_after)
{
    int64_t until = next_update ? next_update : this_update + slack;

    if (this_update > not_after)
        return -1;
    return until > this_update ? until : this_update;
}

/* Whether one of the certificate's CRL distribution points names, by a full
 * name, one of the names the CRL's issuing distribution point gives. */
static bool dp_matches(X509 *cert, const DIST_POINT_NAME *idp_name)
{
    STACK_OF(DIST_POINT) *dps = X509_get_ext_d2i(cert, NID_crl_distribution_points, NULL, NULL);
    bool match = false;

    for (int i = 0; idp_name->type == 0 && i < sk_DIST_POINT_num(dps) && !match; i++) {
        DIST_POINT_NAME *name = sk_DIST_POINT_value(dps, i)->distpoint;
        for (int a = 0; name && name->type == 0 && a < sk_GENERAL_NAME_num(name->name.fullname) && !match; a++)
            for (int b = 0; b < sk_GENERAL_NAME_num(idp_name->name.fullname) && !match; b++)
                match = GENERAL_NAME_cmp(sk_GENERAL_NAME_value(name->name.fullname, a),
                                         sk_GENERAL_NAME_value(idp_name->name.fullname, b)) == 0;
    }
    sk_DIST_POINT_pop_free(dps, DIST_POINT_free);
    return match;
}

/* Whether the CRL covers every revocation of cert (RFC 5280 5.2.5, 6.3.3 b):
 * a partitioned CRL (its issuing distribution point names a distribution
 * point that is not the certificate's), one only for CA or attribute
 * certificates, or only for some reasons lists the others nowhere.  Such a
 * CRL, issued after the proven time and silent about the chairman who left
 * office, was read as "not revoked then": it is another partition's. */
bool kc_cms_crl_covers(X509_CRL *crl, X509 *cert)
{
    int crit = 0;
    ISSUING_DIST_POINT *idp = X509_CRL_get_ext_d2i(crl, NID_issuing_distribution_point, &crit, NULL);
    bool covers;

    if (!idp)
        return crit == -1; /* none; one that cannot be read covers nothing */
    covers = !idp->onlysomereasons && !idp->onlyattr &&
             !(idp->onlyCA && !X509_check_ca(cert)) && !(idp->onlyuser && X509_check_ca(cert)) &&
             (!idp->distpoint || dp_matches(cert, idp->distpoint));
    ISSUING_DIST_POINT_free(idp);
    return covers;
}

/* The CRL's number (cRLNumber), or its delta's base (deltaCRLIndicator),
 * when it has one that fits in an int64_t. */
static bool crl_integer(X509_CRL *crl, int nid, int64_t *out)
{
    ASN1_INTEGER *n = X509_CRL_get_ext_d2i(crl, nid, NULL, NULL);
    bool ok = n && ASN1_INTEGER_get_int64(out, n) == 1;
    ASN1_INTEGER_free(n);
    return ok;
}

static int64_t crl_until(X509_CRL *crl, int64_t not_after)
{
    int64_t this_update = 0, next_update = 0, kept = 0;
    const ASN1_TIME *next = X509_CRL_get0_nextUpdate(crl);

    if (!kc_cms_asn1_time_unix(X509_CRL_get0_lastUpdate(crl), &this_update) ||
        (next && !kc_cms_asn1_time_unix(next, &next_update)))
        return -1;
    /* A CA that keeps expired certificates on its CRLs still lists this one. */
    if (expired_certs_on_crl(crl, &kept) && kept <= not_after)
        return speaks_until(this_update, next_update, 0, this_update);
    return speaks_until(this_update, next_update, 0, not_after);
}

/* Until when bs, signed for issuer, answers for cert within those bounds
 * (-1: never).  A "good" from a delegated responder its CA lists as revoked
 * (a compromised key), or a status known after the response was signed or
 * when its responder was not certified, vouches for nothing: whoever took or
 * found the key writes "good, June 2023" for the chairman who left office in
 * January (kc_ocsp_vouches, rttime12).  Nor does one from a responder whose
 * certificate has ended by now, unless `existed` (when the response is
 * proven to exist) is no later than that end (rttime13). */
static int64_t ocsp_until(OCSP_BASICRESP *bs, X509 *cert, X509 *issuer, int64_t not_after, const kc_trust *trust,
                          const kc_cms_revinfo *own, int64_t existed, int64_t now)
{
    int64_t w = 0, best = -1;
    long r = -1;
    kc_ocsp_reach reach;

    if (kc_ocsp_status(bs, cert, issuer, &w, &r) == KC_OCSP_NONE || !kc_ocsp_vouches(bs, issuer, trust, own, existed, now, &reach))
        return -1; /* not about cert, or nobody's word */
    for (int k = 0; k < OCSP_resp_count(bs); k++) {
        ASN1_GENERALIZEDTIME *rev = NULL, *thisupd = NULL, *nextupd = NULL;
        int why = -1;
        int64_t tu = 0, nu = 0, until;
        OCSP_SINGLERESP *single = OCSP_resp_get0(bs, k);
        int status = OCSP_single_get0_status(single, &why, &rev, &thisupd, &nextupd);
        if (status != V_OCSP_CERTSTATUS_GOOD && status != V_OCSP_CERTSTATUS_REVOKED)
            continue;
        if (!kc_ocsp_names_cert(OCSP_SINGLERESP_get0_id(single), cert, issuer) ||
            !thisupd || !kc_cms_asn1_time_unix(thisupd, &tu) || (nextupd && !kc_cms_asn1_time_unix(nextupd, &nu)) ||
            tu < reach.from || tu > reach.to)
            continue;
        if ((until = speaks_until(tu, nu, OCSP_CURRENT_SECONDS, not_after)) > reach.last)
            until = reach.last;
        if (until > best)
            best = until;
    }
    return best;
}

/* Whether a CRL or OCSP response is signed with a digest no longer safe
 * (SHA-1, RIPEMD-160) or broken (MD5), by the rule of signatures
 * (kc_cms_md_class).  OpenSSL verifies such a signature at any security
 * level, but a collision on SHA-1 is within reach (SHAmbles, 2020): the
 * CA's "not listed" on such a CRL is no longer its word alone.  pyHanko's
 * validator and EU DSS's default policy refuse revocation data so signed;
 * so does this, even with allow_weak, which speaks only for the document's
 * own signature (rttime21).  Its listings still condemn (cms_revoke.c). */
static bool weakly_signed(const X509_ALGOR *alg)
{
    return alg && kc_cms_md_class(kc_cms_sigalg_md(alg)) != KC_MD_STRONG;
}

/* Keeps u, until when one CRL or response speaks, as the latest of the
 * strongly signed ones (*best) or of the weakly signed ones (*weak_best),
 * which speak for nothing but tell what was set aside. */
static void keep_latest(int64_t u, bool weak, int64_t *best, int64_t *weak_best)
{
    int64_t *into = weak ? weak_best : best;
    if (u > *into)
        *into = u;
}

/* Whether a delta CRL at hand can be read whole: a complete CRL of the same
 * issuer at hand, covering cert, no older than the delta and numbered at
 * least its base (RFC 5280 5.2.4), signed with a digest still safe: the
 * delta's "not listed" is its base's, and a base signed with SHA-1 or MD5,
 * silent about the chairman who left office, beside the CA's SHA-256 delta
 * made him valid, leader (atktime3).  A delta alone lists only what changed
 * since its base: the chairman revoked before it is not on it. */
static bool delta_has_base(X509_CRL *delta, STACK_OF(X509_CRL) *mine)
{
    int64_t base = 0, number = 0;
    const ASN1_TIME *at = X509_CRL_get0_lastUpdate(delta);

    if (!crl_integer(delta, NID_delta_crl, &base))
        return false;
    for (int i = 0; i < sk_X509_CRL_num(mine); i++) {
        X509_CRL *crl = sk_X509_CRL_value(mine, i);
        const X509_ALGOR *alg = NULL;
        X509_CRL_get0_signature(crl, NULL, &alg);
        if (X509_CRL_get_ext_by_NID(crl, NID_delta_crl, -1) < 0 && crl_integer(crl, NID_crl_number, &number) &&
            number >= base && ASN1_TIME_compare(X509_CRL_get0_lastUpdate(crl), at) <= 0 && !weakly_signed(alg))
            return true;
    }
    return false;
}

/* Whether the CRL is cert's issuer's (its name, signed by the issuer's key or
 * by a namesake CA's that chains to the issuer's anchor, cms_revoke.c) and
 * covers cert.  *last: until when its signer's certificate runs, past which
 * it says nothing (INT64_MAX for the issuer's own key): a namesake's key,
 * ended 2022-12-31 and guarded by nobody since, wrote a CRL "of 2022-12-30"
 * current until mid-2023, silent about the chairman who left office, and he
 * was valid, leader (rttime15).  *signer_end: that certificate's end, the
 * issuer's own for its key (rttime20: in_office, below). */
static bool issuers_crl(X509_CRL *crl, X509 *cert, X509 *issuer, const kc_trust *trust, bool in_trust,
                        int64_t *last, int64_t *signer_end)
{
    X509 *kin = NULL;

    *last = INT64_MAX;
    if (X509_NAME_cmp(X509_CRL_get_issuer(crl), X509_get_issuer_name(cert)) != 0)
        return false;
    if (in_trust ? !kc_trust_crl_signed_by(trust, crl, issuer)
                 : X509_CRL_verify(crl, X509_get0_pubkey(issuer)) != 1) {
        int64_t began = 0, issued = 0;
        if (!(kin = kc_cms_crl_kin_signer(trust, crl, issuer)) ||
            !kc_cms_asn1_time_unix(X509_get0_notAfter(kin), last) ||
            !kc_cms_asn1_time_unix(X509_get0_notBefore(kin), &began) ||
            !kc_cms_asn1_time_unix(X509_CRL_get0_lastUpdate(crl), &issued))
            return false;
        *signer_end = *last;
        /* Nor before it began: the CA's renewed key, certified from 2024,
         * wrote a CRL "of 2023-05-20" silent about the chairman who left
         * office, and he was valid, leader (rttime21).  A key speaks for
         * the CA only from when the CA's parent certified it; its listings
         * still condemn. */
        if (issued + KC_FUTURE_SLACK < began)
            *last = -1;
    } else if (!kc_cms_asn1_time_unix(X509_get0_notAfter(issuer), signer_end))
        return false;
    return kc_cms_crl_covers(crl, cert);
}

/* The latest time a CRL of mine may speak for (-1: none), given its signer's
 * certificate ends at signer_end and the CRL is proven to exist at
 * `existed` (KC_POE_UNASKED: the trust directory's, nobody asks).  Once that
 * certificate has ended (by now), the CA's key is guarded by nobody: whoever
 * found the key of a Document CA ended in 2025 wrote its CRL "of
 * 2023-05-20", current until 2023-06-20 and silent about the chairman who
 * left office in January, put it in his signature's crls field, and his
 * signature of 2023-06-01 was valid, leader (rttime20, as rttime19 for the
 * CA's OCSP responses).  Such a CRL speaks only when something proves it
 * existed by that end: the signature's signed attributes (its proven time),
 * a document timestamp over the /DSS holding it, the dossier's seal.  Its
 * listings still condemn (cms_revoke.c). */
static int64_t in_office(int64_t last, int64_t signer_end, int64_t existed, int64_t now)
{
    return kc_revdata_in_office(signer_end, existed, now) ? last : -1;
}

/* kc_cms_revocation_until, with own_at the time own's signed-attribute
 * responses are proven to exist and now the time an ended responder is
 * judged at (INT64_MIN: not asked). */
static kc_revbounds until_proven(X509 *cert, X509 *issuer, const kc_trust *trust, const kc_cms_revinfo *own,
                                 int64_t own_at, int64_t now, int64_t *until, int64_t *weak_until)
{
    STACK_OF(X509_CRL) *crls = kc_trust_crls(trust), *carried = kc_cms_revinfo_crls(own);
    STACK_OF(X509_CRL) *mine = sk_X509_CRL_new_null(); /* borrowed pointers */
    GArray *last = g_array_new(FALSE, FALSE, sizeof(int64_t)); /* per CRL of mine: its signer's end */
    int64_t not_after = 0, best = -1, u, l, end = 0;
    kc_revbounds verdict = KC_REVBOUNDS_NONE;

    *weak_until = -1;
    if (!mine || !kc_cms_asn1_time_unix(X509_get0_notAfter(cert), &not_after))
        goto out;
    /* Another partition's CRL, or one for other reasons, says nothing of
     * cert: it is not "its issuer's CRL at hand" (offline, as before). */
    for (int i = 0; i < sk_X509_CRL_num(crls); i++)
        if (issuers_crl(sk_X509_CRL_value(crls, i), cert, issuer, trust, true, &l, &end) &&
            sk_X509_CRL_push(mine, sk_X509_CRL_value(crls, i))) {
            l = in_office(l, end, kc_trust_crl_at(trust, (size_t)i), now);
            g_array_append_val(last, l);
        }
    /* The signature's own: one in its signed attributes existed at own_at;
     * one in its crls field or an unsigned attribute anyone may have put
     * there since. */
    for (int i = 0; i < sk_X509_CRL_num(carried); i++)
        if (issuers_crl(sk_X509_CRL_value(carried, i), cert, issuer, trust, false, &l, &end) &&
            sk_X509_CRL_push(mine, sk_X509_CRL_value(carried, i))) {
            l = in_office(l, end, kc_cms_revinfo_crl_signed(own, (size_t)i) ? own_at : KC_POE_NONE, now);
            g_array_append_val(last, l);
        }
    if (sk_X509_CRL_num(mine) == 0)
        goto out;
    verdict = KC_REVBOUNDS_SPEAKS;
    for (int i = 0; i < sk_X509_CRL_num(mine); i++) {
        X509_CRL *crl = sk_X509_CRL_value(mine, i);
        const X509_ALGOR *alg = NULL;
        if (X509_CRL_get_ext_by_NID(crl, NID_delta_crl, -1) >= 0 && !delta_has_base(crl, mine))
            continue;
        if ((u = crl_until(crl, not_after)) > g_array_index(last, int64_t, i))
            u = g_array_index(last, int64_t, i);
        X509_CRL_get0_signature(crl, NULL, &alg);
        keep_latest(u, weakly_signed(alg), &best, weak_until);
    }
    /* An OCSP response within the bounds speaks as well. */
    for (size_t i = 0; i < kc_trust_ocsp_count(trust); i++) {
        OCSP_BASICRESP *bs = kc_trust_ocsp(trust, i);
        u = ocsp_until(bs, cert, issuer, not_after, trust, own, kc_trust_ocsp_at(trust, i), now);
        keep_latest(u, weakly_signed(OCSP_resp_get0_tbs_sigalg(bs)), &best, weak_until);
    }
    /* A response in the signature's signed attributes existed when it was
     * signed, by its proven time; one in its crls field or an unsigned
     * attribute may have been put there since. */
    for (size_t i = 0; i < kc_cms_revinfo_ocsp_count(own); i++) {
        OCSP_BASICRESP *bs = kc_cms_revinfo_ocsp(own, i);
        u = ocsp_until(bs, cert, issuer, not_after, trust, own, kc_cms_revinfo_ocsp_signed(own, i) ? own_at : KC_POE_NONE,
                       now);
        keep_latest(u, weakly_signed(OCSP_resp_get0_tbs_sigalg(bs)), &best, weak_until);
    }
    *until = best;
out:
    sk_X509_CRL_free(mine);
    g_array_free(last, TRUE);
    ERR_clear_error();
    return verdict;
}

kc_revbounds kc_cms_revocation_until(X509 *cert, X509 *issuer, const kc_trust *trust, const kc_cms_revinfo *own,
                                     int64_t own_at, int64_t now, int64_t *until)
{
    int64_t weak_until;
    return until_proven(cert, issuer, trust, own, own_at, now, until, &weak_until);
}

kc_revbounds kc_cms_revocation_bounds(X509 *cert, X509 *issuer, const kc_trust *trust, const kc_cms_revinfo *own,
                                      int64_t t, int64_t now, bool *weak)
{
    int64_t until = -1, weak_until = -1;
    kc_revbounds r = until_proven(cert, issuer, trust, own, t, now, &until, &weak_until);
    bool silent = r == KC_REVBOUNDS_SPEAKS && until < t;

    if (weak)
        *weak = silent && weak_until >= t;
    return silent ? KC_REVBOUNDS_SILENT : r;
}
