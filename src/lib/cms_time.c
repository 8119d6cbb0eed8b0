/* cms_time.c: the time a signature's chain is checked at: the signer's claim
 * (the CMS signingTime, or the PDF's /M for PAdES), an RFC 3161 timestamp
 * that proves it, or the caller's --at; never later than now. */
#include <string.h>
#include <time.h>

#include <openssl/cms.h>
#include <openssl/pkcs7.h>
#include <openssl/ts.h>
#include <openssl/x509.h>

#include "cms_internal.h"
#include "i18n.h"
#include "trust_internal.h"

#define KC_FUTURE_SLACK 300 /* clocks differ; five minutes is not "the future" */

/* The signingTime signed attribute (UTCTime or GeneralizedTime). */
static bool claimed_time(const kc_cms *cms, int64_t *out)
{
    int i = CMS_signed_get_attr_by_NID(cms->si, NID_pkcs9_signingTime, -1);
    ASN1_TYPE *v = i < 0 ? NULL : X509_ATTRIBUTE_get0_type(CMS_signed_get_attr(cms->si, i), 0);

    if (!v || (v->type != V_ASN1_UTCTIME && v->type != V_ASN1_GENERALIZEDTIME))
        return false;
    return kc_cms_asn1_time_unix((const ASN1_TIME *)v->value.asn1_string, out);
}

/* An RFC 3161 timestamp over the signature value, in the unsigned attribute
 * id-aa-signatureTimeStampToken.  Returns 0 when there is none, 1 when it
 * verifies (*gen set), 2 when it is over this signature but its TSA is not
 * trusted, -1 when it does not match or is malformed.  The TSA chain goes to the same
 * anchors, checked at genTime: a TSA certificate that expired since still
 * proved the time while it was valid, which is what archives rely on.  The
 * shared store cannot take a check time, so a private copy of the anchors
 * does (timestamps are rare enough for the copy not to matter). */
static int timestamp_time(const kc_cms *cms, const kc_trust *trust, int64_t *gen)
{
    ASN1_OBJECT *oid = OBJ_txt2obj("1.2.840.113549.1.9.16.2.14", 1);
    int i = oid ? CMS_unsigned_get_attr_by_OBJ(cms->si, oid, -1) : -1;
    ASN1_TYPE *v = i < 0 ? NULL : X509_ATTRIBUTE_get0_type(CMS_unsigned_get_attr(cms->si, i), 0);
    ASN1_OCTET_STRING *sigval = CMS_SignerInfo_get0_signature(cms->si);
    PKCS7 *token = NULL;
    TS_TST_INFO *tst = NULL;
    TS_VERIFY_CTX *vctx = NULL;
    X509_STORE *store = NULL;
    STACK_OF(X509) *anchors = NULL, *untrusted = NULL, *inter = kc_trust_intermediates(trust);
    const unsigned char *p;
    int rc = -1;

    ASN1_OBJECT_free(oid);
    if (i < 0)
        return 0;
    if (!v || v->type != V_ASN1_SEQUENCE)
        goto out;
    p = v->value.sequence->data;
    token = d2i_PKCS7(NULL, &p, v->value.sequence->length);
    if (!token || !PKCS7_type_is_signed(token) || !(tst = PKCS7_to_TS_TST_INFO(token)) ||
        !kc_cms_asn1_time_unix(TS_TST_INFO_get_time(tst), gen))
        goto out;
    store = X509_STORE_new();
    anchors = trust ? X509_STORE_get1_all_certs(kc_trust_store(trust)) : NULL;
    untrusted = sk_X509_new_null();
    vctx = TS_VERIFY_CTX_new();
    if (!store || !untrusted || !vctx)
        goto out;
    for (int k = 0; k < sk_X509_num(anchors); k++)
        X509_STORE_add_cert(store, sk_X509_value(anchors, k));
    X509_VERIFY_PARAM_set_time(X509_STORE_get0_param(store), (time_t)*gen);
    for (int k = 0; k < sk_X509_num(token->d.sign->cert); k++)
        if (X509_add_cert(untrusted, sk_X509_value(token->d.sign->cert, k), X509_ADD_FLAG_UP_REF) != 1)
            goto out;
    for (int k = 0; k < sk_X509_num(inter); k++)
        if (X509_add_cert(untrusted, sk_X509_value(inter, k), X509_ADD_FLAG_UP_REF) != 1)
            goto out;
    /* The context takes ownership of the store, the certificates and the data. */
    TS_VERIFY_CTX_set_flags(vctx, TS_VFY_SIGNATURE | TS_VFY_VERSION | TS_VFY_DATA);
    TS_VERIFY_CTX_set_store(vctx, store);
    store = NULL;
    TS_VERIFY_CTX_set_certs(vctx, untrusted);
    untrusted = NULL;
    if (!TS_VERIFY_CTX_set_data(vctx, BIO_new_mem_buf(sigval->data, sigval->length)))
        goto out;
    if (TS_RESP_verify_token(vctx, token) == 1) {
        rc = 1;
    } else {
        /* Not proven.  If the token is at least over this signature, its TSA
         * is merely not one we trust (a commercial TSA missing from the trust
         * directory): the time stays the signer's claim, but the signature is
         * not broken for that. */
        TS_VERIFY_CTX *imprint = TS_VERIFY_CTX_new();
        if (imprint) {
            TS_VERIFY_CTX_set_flags(imprint, TS_VFY_VERSION | TS_VFY_DATA);
            if (TS_VERIFY_CTX_set_data(imprint, BIO_new_mem_buf(sigval->data, sigval->length)) &&
                TS_RESP_verify_token(imprint, token) == 1)
                rc = 2;
            TS_VERIFY_CTX_free(imprint);
        }
    }
out:
    TS_VERIFY_CTX_free(vctx);
    X509_STORE_free(store);
    sk_X509_pop_free(anchors, X509_free);
    sk_X509_pop_free(untrusted, X509_free);
    TS_TST_INFO_free(tst);
    PKCS7_free(token);
    return rc;
}

/* Decides checked_at, time_source and signing_time (see verify.h).  *proven
 * is the timestamp's time when one verified, else 0.  PAdES forbids the
 * signingTime attribute and puts the claimed time in the signature
 * dictionary's /M instead, which only the PDF layer sees: a signing_time the
 * caller put in info beforehand counts as claimed when the CMS has none. */
void kc_cms_choose_time(const kc_cms *cms, const kc_trust *trust, const kc_verify_opts *opts,
                        kc_sig_info *info, int64_t *proven)
{
    int64_t now = opts->now ? opts->now : (int64_t)time(NULL), claimed = 0, ts = 0;
    bool have_claimed = claimed_time(cms, &claimed);
    int ts_state = timestamp_time(cms, trust, &ts);
    char when[32];

    if (!have_claimed && info->signing_time) {
        claimed = info->signing_time;
        have_claimed = true;
    }
    *proven = ts_state == 1 ? ts : 0;
    if (ts_state == 2)
        ts_state = 0; /* an untrusted TSA proves nothing; the claim stands */
    if (ts_state < 0)
        kc_cms_fail(info, KC_R_BAD_TIMESTAMP, "%s",
             _("The signature carries a timestamp that does not verify; the signer's claimed time is used instead."));
    info->signing_time = ts_state == 1 ? ts : have_claimed ? claimed : 0;
    info->time_source = ts_state == 1 ? KC_TIME_TIMESTAMP : have_claimed ? KC_TIME_CLAIMED
                                                                         : KC_TIME_NOW;
    info->checked_at = info->time_source == KC_TIME_NOW ? now : info->signing_time;
    if (info->signing_time > now + KC_FUTURE_SLACK) {
        kc_cms_fmt_time(info->signing_time, when);
        kc_cms_fail(info, KC_R_FUTURE_TIME,
             _("The signing time %s is in the future; the certificate was checked now."), when);
        info->checked_at = now;
    }
    if (opts->at) {
        info->checked_at = opts->at;
        info->time_source = KC_TIME_OVERRIDE;
    }
}

