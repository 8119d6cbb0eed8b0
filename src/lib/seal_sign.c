/* seal_sign.c: making the seal's signature, and vetting the signer before
 * anything is written.
 *
 * The signature is a detached CMS over the ASiC manifest, CAdES-BES
 * (signingCertificateV2), with our own signingTime so that the same dossier
 * sealed at the same time gives the same bytes.  It carries the chain up to
 * (not including) the anchor, found through the trust store, because a token
 * usually holds only its own certificate and the archivist of 2040 will not
 * have 2021's intermediates at hand.  A timestamp over its signature value
 * is added afterwards as an unsigned attribute (CAdES-T): unsigned, so the
 * signature stays valid.
 *
 * Vetting signs an empty content with the real key (a wrong PIN or a key
 * that is not the certificate's fails here, before gigabytes are hashed) and
 * checks that signature exactly as `check` will check the seal: the chain to
 * the trust store at the sealing time, key usage, algorithms, revocation,
 * then the seal's own rules (kc_seal_judge).  What would fail is refused,
 * unless the caller forces it. */
#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pkcs7.h>
#include <openssl/x509.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cms_internal.h"
#include "i18n.h"
#include "keys.h"
#include "seal.h"
#include "timestamp.h"
#include "trust_internal.h"
#include "util.h"
#include "verdict.h"

#define TST_OID "1.2.840.113549.1.9.16.2.14" /* id-aa-signatureTimeStampToken */

static int crypto_fail(kc_error *err)
{
    const char *why = ERR_reason_error_string(ERR_peek_last_error());
    return kc_error_set(err, KC_ECRYPTO, _("the signature could not be made: %s"), why ? why : "?");
}

static bool self_signed(X509 *x)
{
    return X509_check_issued(x, x) == X509_V_OK;
}

static bool holds(STACK_OF(X509) *st, X509 *x)
{
    for (int i = 0; i < sk_X509_num(st); i++)
        if (X509_cmp(sk_X509_value(st, i), x) == 0)
            return true;
    return false;
}

/* The certificates to embed: the signer's own chain, then what the trust
 * store finds between the certificate and its anchor.  New references. */
static STACK_OF(X509) *embedded_chain(const kc_signer *signer, const kc_trust *trust)
{
    STACK_OF(X509) *out = sk_X509_new_null(), *own = kc_signer_chain(signer), *untrusted = NULL;
    X509_STORE_CTX *ctx = NULL;

    for (int i = 0; out && i < sk_X509_num(own); i++)
        if (!holds(out, sk_X509_value(own, i)) && X509_up_ref(sk_X509_value(own, i)))
            sk_X509_push(out, sk_X509_value(own, i));
    if (!out || !trust)
        return out;
    untrusted = sk_X509_dup(own);
    for (int i = 0; untrusted && i < sk_X509_num(kc_trust_intermediates(trust)); i++)
        sk_X509_push(untrusted, sk_X509_value(kc_trust_intermediates(trust), i));
    if (untrusted && (ctx = X509_STORE_CTX_new()) != NULL &&
        X509_STORE_CTX_init(ctx, kc_trust_store(trust), kc_signer_cert(signer), untrusted) == 1) {
        X509_verify_cert(ctx); /* only the chain is wanted: vetting judges it */
        STACK_OF(X509) *chain = X509_STORE_CTX_get0_chain(ctx);
        for (int i = 1; i < sk_X509_num(chain); i++) {
            X509 *x = sk_X509_value(chain, i);
            if (!self_signed(x) && !holds(out, x) && X509_up_ref(x))
                sk_X509_push(out, x);
        }
    }
    X509_STORE_CTX_free(ctx);
    sk_X509_free(untrusted);
    ERR_clear_error();
    return out;
}

int kc_seal_sign(unsigned char **out, size_t *len, const char *data, size_t dlen,
                 const kc_signer *signer, const kc_trust *trust, int64_t t, kc_error *err)
{
    BIO *content = NULL;
    STACK_OF(X509) *chain = embedded_chain(signer, trust);
    STACK_OF(X509_CRL) *crls = NULL;
    CMS_ContentInfo *cms = NULL;
    CMS_SignerInfo *si;
    ASN1_TIME *when = NULL;
    unsigned char *der = NULL;
    int rc = KC_ECRYPTO, n;
    unsigned flags = CMS_DETACHED | CMS_BINARY | CMS_NOSMIMECAP | CMS_PARTIAL;

    if (!chain)
        return kc_error_oom(err);
#ifdef CMS_CADES
    flags |= CMS_CADES; /* signingCertificateV2: the CAdES-BES that ASiC-E asks for */
#endif
    if (!(cms = CMS_sign(NULL, NULL, chain, NULL, flags)) ||
        !(si = CMS_add1_signer(cms, kc_signer_cert(signer), kc_signer_key(signer), EVP_sha256(), flags))) {
        rc = crypto_fail(err);
        goto out;
    }
    /* The CRLs of the chain current at the sealing time, in the SignedData's
     * crls field (CAdES-LT): checked decades later, after the certificate
     * has expired and its CA has dropped it from its CRLs, they are what
     * shows it was not revoked when the seal's timestamp proves it signed
     * (cms_revbounds.c; the seal's own, as a PDF signature's own). */
    crls = kc_seal_chain_crls(kc_signer_cert(signer), chain, trust, t);
    for (int i = 0; i < sk_X509_CRL_num(crls); i++)
        if (CMS_add1_crl(cms, sk_X509_CRL_value(crls, i)) != 1) {
            rc = crypto_fail(err);
            goto out;
        }
    /* Our own signingTime, so the same dossier sealed at the same time gives
     * the same bytes (OpenSSL would add the current time). */
    if (!(when = ASN1_TIME_set(NULL, (time_t)t)) ||
        CMS_signed_add1_attr_by_NID(si, NID_pkcs9_signingTime, when->type, when, -1) != 1 ||
        !(content = BIO_new_mem_buf(data, (int)dlen)) || CMS_final(cms, content, NULL, flags) != 1 ||
        (n = i2d_CMS_ContentInfo(cms, &der)) <= 0) {
        rc = crypto_fail(err);
        goto out;
    }
    if (!(*out = malloc((size_t)n))) {
        rc = kc_error_oom(err);
        goto out;
    }
    memcpy(*out, der, (size_t)n);
    *len = (size_t)n;
    rc = 0;
out:
    OPENSSL_free(der);
    ASN1_TIME_free(when);
    BIO_free(content);
    CMS_ContentInfo_free(cms);
    sk_X509_pop_free(chain, X509_free);
    sk_X509_CRL_pop_free(crls, X509_CRL_free);
    ERR_clear_error();
    return rc;
}

/* The one SignerInfo of a DER CMS. */
static CMS_SignerInfo *only_signer(CMS_ContentInfo **ci, const unsigned char *p7s, size_t plen)
{
    const unsigned char *p = p7s;
    *ci = d2i_CMS_ContentInfo(NULL, &p, (long)plen);
    STACK_OF(CMS_SignerInfo) *sis = *ci ? CMS_get0_SignerInfos(*ci) : NULL;
    return sk_CMS_SignerInfo_num(sis) == 1 ? sk_CMS_SignerInfo_value(sis, 0) : NULL;
}

int kc_seal_signature_value(unsigned char **out, size_t *len, const unsigned char *p7s, size_t plen,
                            kc_error *err)
{
    CMS_ContentInfo *ci = NULL;
    CMS_SignerInfo *si = only_signer(&ci, p7s, plen);
    ASN1_OCTET_STRING *v = si ? CMS_SignerInfo_get0_signature(si) : NULL;
    int rc = 0;

    if (!v || v->length <= 0)
        rc = kc_error_set(err, KC_EFORMAT, "%s", _("the seal is not a CMS signature with one signer"));
    else if (!(*out = malloc((size_t)v->length)))
        rc = kc_error_oom(err);
    else {
        memcpy(*out, v->data, (size_t)v->length);
        *len = (size_t)v->length;
    }
    CMS_ContentInfo_free(ci);
    ERR_clear_error();
    return rc;
}

int kc_seal_add_token(unsigned char **out, size_t *len, const unsigned char *p7s, size_t plen,
                      const unsigned char *token, size_t toklen, kc_error *err)
{
    CMS_ContentInfo *ci = NULL;
    CMS_SignerInfo *si = only_signer(&ci, p7s, plen);
    ASN1_OBJECT *oid = OBJ_txt2obj(TST_OID, 1);
    ASN1_STRING *seq = ASN1_STRING_new();
    unsigned char *der = NULL;
    int rc = 0, n;

    /* The attribute value is the token's DER as it is (a SEQUENCE). */
    if (!si || !oid || !seq || ASN1_STRING_set(seq, token, (int)toklen) != 1 ||
        CMS_unsigned_add1_attr_by_OBJ(si, oid, V_ASN1_SEQUENCE, seq, -1) != 1 ||
        (n = i2d_CMS_ContentInfo(ci, &der)) <= 0)
        rc = crypto_fail(err);
    else if (!(*out = malloc((size_t)n)))
        rc = kc_error_oom(err);
    else {
        memcpy(*out, der, (size_t)n);
        *len = (size_t)n;
    }
    OPENSSL_free(der);
    ASN1_STRING_free(seq);
    ASN1_OBJECT_free(oid);
    CMS_ContentInfo_free(ci);
    ERR_clear_error();
    return rc;
}

int kc_seal_add_token_crls(unsigned char **out, size_t *len, const unsigned char *p7s, size_t plen,
                           const kc_trust *trust, int64_t now, GPtrArray *more, GPtrArray *warnings, kc_error *err)
{
    CMS_ContentInfo *ci = NULL;
    CMS_SignerInfo *si = only_signer(&ci, p7s, plen);
    ASN1_OBJECT *oid = OBJ_txt2obj(TST_OID, 1);
    unsigned char *der = NULL;
    int rc = 0, n = 0, tokens = 0;

    if (!si || !oid) {
        rc = si ? kc_error_oom(err) : kc_error_set(err, KC_EFORMAT, "%s", _("the seal is not a CMS signature with one signer"));
        goto out;
    }
    /* Each token is replaced in place: an unsigned attribute, so the seal's
     * signature is untouched. */
    for (int i = -1; (i = CMS_unsigned_get_attr_by_OBJ(si, oid, i)) >= 0;) {
        X509_ATTRIBUTE *a = CMS_unsigned_get_attr(si, i);
        for (int k = 0; k < X509_ATTRIBUTE_count(a); k++) {
            ASN1_TYPE *v = X509_ATTRIBUTE_get0_type(a, k);
            unsigned char *tok = NULL;
            size_t toklen = 0;
            if (!v || v->type != V_ASN1_SEQUENCE)
                continue;
            tokens++;
            if ((rc = kc_seal_token_add_crls(&tok, &toklen, v->value.sequence->data,
                                             (size_t)v->value.sequence->length, trust, now, more, warnings, err)) != 0)
                goto out;
            int set = ASN1_STRING_set(v->value.sequence, tok, (int)toklen);
            free(tok);
            if (set != 1) {
                rc = kc_error_oom(err);
                goto out;
            }
        }
    }
    /* No token: the bytes as they came, not re-encoded. */
    if (!tokens && !(der = OPENSSL_memdup(p7s, plen ? plen : 1)))
        rc = kc_error_oom(err);
    else if (!tokens)
        n = (int)plen;
    else if ((n = i2d_CMS_ContentInfo(ci, &der)) <= 0)
        rc = crypto_fail(err);
    if (rc == 0 && !(*out = malloc((size_t)n ? (size_t)n : 1)))
        rc = kc_error_oom(err);
    else if (rc == 0) {
        memcpy(*out, der, (size_t)n);
        *len = (size_t)n;
    }
out:
    OPENSSL_free(der);
    ASN1_OBJECT_free(oid);
    CMS_ContentInfo_free(ci);
    ERR_clear_error();
    return rc;
}

/* Each CRL in the crls field of one token (DER), to fn. */
static void token_crls(const unsigned char *tok, size_t len, kc_seal_crl_fn fn, void *ud)
{
    const unsigned char *p = tok;
    PKCS7 *p7 = d2i_PKCS7(NULL, &p, (long)len);
    STACK_OF(X509_CRL) *crls = p7 && PKCS7_type_is_signed(p7) && p7->d.sign ? p7->d.sign->crl : NULL;

    for (int i = 0; i < sk_X509_CRL_num(crls); i++) {
        unsigned char *der = NULL;
        int n = i2d_X509_CRL(sk_X509_CRL_value(crls, i), &der);
        if (n > 0)
            fn(ud, der, (size_t)n);
        OPENSSL_free(der);
    }
    PKCS7_free(p7);
    ERR_clear_error();
}

void kc_seal_token_crls_each(const unsigned char *der, size_t len, bool p7s, kc_seal_crl_fn fn, void *ud)
{
    CMS_ContentInfo *ci = NULL;
    CMS_SignerInfo *si = p7s ? only_signer(&ci, der, len) : NULL;
    ASN1_OBJECT *oid = si ? OBJ_txt2obj(TST_OID, 1) : NULL;

    if (!p7s)
        token_crls(der, len, fn, ud);
    for (int i = -1; oid && (i = CMS_unsigned_get_attr_by_OBJ(si, oid, i)) >= 0;) {
        X509_ATTRIBUTE *a = CMS_unsigned_get_attr(si, i);
        for (int k = 0; k < X509_ATTRIBUTE_count(a); k++) {
            ASN1_TYPE *v = X509_ATTRIBUTE_get0_type(a, k);
            if (v && v->type == V_ASN1_SEQUENCE)
                token_crls(v->value.sequence->data, (size_t)v->value.sequence->length, fn, ud);
        }
    }
    ASN1_OBJECT_free(oid);
    CMS_ContentInfo_free(ci);
    ERR_clear_error();
}

bool kc_seal_before_claim(const unsigned char *p7s, size_t plen, int64_t t)
{
    kc_cms *cms = NULL;
    int64_t claimed = 0;
    if (!t || kc_cms_parse(&cms, p7s, plen, NULL) != 0)
        return false;
    if (!kc_cms_claimed_time(cms, &claimed))
        claimed = 0;
    kc_cms_free(cms);
    ERR_clear_error();
    return claimed && t + KC_FUTURE_SLACK < claimed;
}

int64_t kc_seal_token_time(const unsigned char *p7s, size_t plen, const kc_trust *trust,
                           const kc_verify_opts *vopts, int64_t proven, char tsa[160], int64_t *expires,
                           char *note, size_t note_size)
{
    static const kc_verify_opts defaults = {0};
    const kc_verify_opts *opts = vopts ? vopts : &defaults;
    kc_cms *cms = NULL;
    ASN1_OBJECT *oid = OBJ_txt2obj(TST_OID, 1);
    int64_t best = 0, now = opts->now ? opts->now : (int64_t)time(NULL);
    int64_t vouched = kc_ts_earliest(kc_ts_earliest(proven, opts->at), opts->poe);

    tsa[0] = '\0';
    if (expires)
        *expires = 0;
    if (!oid || kc_cms_parse(&cms, p7s, plen, NULL) != 0)
        goto out;
    ASN1_OCTET_STRING *sigval = CMS_SignerInfo_get0_signature(cms->si);
    for (int i = -1; (i = CMS_unsigned_get_attr_by_OBJ(cms->si, oid, i)) >= 0;) {
        X509_ATTRIBUTE *a = CMS_unsigned_get_attr(cms->si, i);
        for (int k = 0; k < X509_ATTRIBUTE_count(a); k++) {
            ASN1_TYPE *v = X509_ATTRIBUTE_get0_type(a, k);
            kc_ts_token *tok = NULL;
            kc_ts_result res;
            if (!v || v->type != V_ASN1_SEQUENCE ||
                kc_ts_parse(&tok, v->value.sequence->data, (size_t)v->value.sequence->length, NULL) != 0)
                continue;
            kc_ts_check_proven(tok, sigval->data, (size_t)sigval->length, NULL, 0, trust, opts, now, proven, &res);
            /* A token whose TSA has expired (or retired) by now proves its
             * time only if something proves it existed before that: an archive
             * timestamp, or the caller's proof (--at).  Whoever gets an
             * expired TSA's key could otherwise date a seal made today in
             * 2021, and the seal's time is the proof of every document it
             * holds (rttime8).  Its CA's CRLs must still speak of it then
             * (rttime11): the first renewal kept those of its time in the
             * token (seal_revdata.c). */
            kc_ts_require_poe(&res, now, vouched);
            if (note)
                kc_seal_unspoken_note(note, note_size, &res, _("the seal's timestamp"), vouched);
            kc_ts_free(tok);
            if (res.state == KC_TS_PROVES && (!best || res.latest < best)) {
                best = res.latest;
                snprintf(tsa, 160, "%s", res.tsa);
                if (expires)
                    *expires = res.tsa_expires;
            }
        }
    }
out:
    ASN1_OBJECT_free(oid);
    kc_cms_free(cms);
    ERR_clear_error();
    return best;
}

/* ---- vetting the signer ------------------------------------------------------------ */

/* Every finding here is a "seal" problem of the signature. */
#define say(fn, ud, ...) kc_zr_problemf((fn), (ud), KC_SEAL_SIGNATURE, "seal", __VA_ARGS__)

int kc_seal_vet(kc_sig_info *info, const kc_signer *signer, const kc_trust *trust,
                const kc_verify_opts *vopts, const kc_seal_rules *rules, int64_t t, kc_zr_problem_fn fn,
                void *ud, kc_error *err)
{
    kc_verify_opts opts = vopts ? *vopts : (kc_verify_opts){0};
    unsigned char *der = NULL, md[32];
    size_t len = 0;
    kc_cms *cms = NULL;
    char from[32], to[32], at[32];
    int rc;

    kc_sig_info_clear(info);
    if ((rc = kc_seal_sign(&der, &len, "", 0, signer, trust, t, err)) != 0)
        return rc;
    if ((rc = kc_cms_parse(&cms, der, len, err)) != 0)
        goto out;
    /* "Now" is the sealing time: the certificate must be good when it seals. */
    if (!opts.now)
        opts.now = t;
    EVP_Digest("", 0, md, NULL, EVP_sha256(), NULL);
    if ((rc = kc_cms_check(cms, md, sizeof md, trust, &opts, info, err)) != 0)
        goto out;
    kc_cms_fmt_time(info->cert_not_before, from);
    kc_cms_fmt_time(info->cert_not_after, to);
    kc_cms_fmt_time(info->checked_at, at);
    if (info->reasons & (KC_R_EXPIRED | KC_R_NOT_YET_VALID | KC_R_NO_PROOF_OF_TIME))
        say(fn, ud, _("the certificate of %s is valid from %s to %s, not at the sealing time %s"),
            info->signer ? info->signer : "?", from, to, at);
    if (info->reasons & KC_R_KEY_USAGE) {
        /* Key usage, or what the certificate is for (cms_purpose.c): say which. */
        char why[512];
        if (kc_cms_purpose_problem(kc_signer_cert(signer), why, sizeof why))
            say(fn, ud, "%s", why);
        else
            say(fn, ud, "%s", _("the certificate is not meant for signing: its key usage has neither digitalSignature nor nonRepudiation"));
    }
    /* No anchor at all: the detail is the same sentence again ("... (--trust):
     * The signer's certificate does not chain to a trusted authority."), so a
     * newcomer read it twice and not what to do (newcomer42). */
    if ((info->reasons & (KC_R_UNTRUSTED | KC_R_CHAIN | KC_R_NO_SIGNER_CERT)) == KC_R_UNTRUSTED)
        say(fn, ud, "%s", _("the certificate does not chain to a trusted authority: give the root of its CA with "
                            "--trust FILE, or put that root in the trust directory"));
    else if (info->reasons & (KC_R_UNTRUSTED | KC_R_CHAIN | KC_R_NO_SIGNER_CERT))
        say(fn, ud, _("the certificate does not chain to a trusted authority (--trust): %s"),
            info->detail ? info->detail : kc_reason_text(KC_R_UNTRUSTED));
    for (unsigned b = 0; b < KC_R_COUNT; b++) {
        unsigned bit = 1u << b;
        if ((info->reasons & bit) && !(bit & (KC_R_EXPIRED | KC_R_NOT_YET_VALID | KC_R_NO_PROOF_OF_TIME |
                                              KC_R_KEY_USAGE | KC_R_UNTRUSTED | KC_R_CHAIN | KC_R_NO_SIGNER_CERT)))
            say(fn, ud, "%s", kc_reason_text(bit));
    }
    kc_seal_judge(info, rules, &opts, fn, ud);
out:
    kc_cms_free(cms);
    free(der);
    return rc;
}
