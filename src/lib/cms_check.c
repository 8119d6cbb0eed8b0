/* cms_check.c: one CMS SignedData checked against a digest computed elsewhere.
 *
 * Rules 2 and 3 of the brief live here: the digest and the signature, the
 * algorithms, the chain to an anchor of the trust store at the time
 * cms_time.c chose (a proof of existence, else now) with every problem
 * collected (not just OpenSSL's first), key usage, and revocation from the
 * offline CRLs, judged in cms_revoke.c.  A failed check is a reason bit and a sentence in info->detail, never an
 * error: kc_cms_check fails only when memory runs out.  The chain is built and
 * judged in cms_chain.c. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <glib.h>
#include <openssl/bn.h>
#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pkcs7.h>
#include <openssl/rsa.h>
#include <openssl/ts.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "cms_internal.h"
#include "i18n.h"
#include "roles_internal.h"
#include "trust_internal.h"
#include "util.h"

#define KC_CMS_MAX (1u << 20)  /* a /Contents beyond this is not a signature */
#define KC_R_INTACT_MASK (KC_R_DIGEST_MISMATCH | KC_R_BAD_SIGNATURE | KC_R_WEAK_ALGORITHM | \
                          KC_R_NO_SIGNER_CERT | KC_R_UNSUPPORTED)
#define KC_R_TRUST_MASK (KC_R_UNTRUSTED | KC_R_EXPIRED | KC_R_NOT_YET_VALID | KC_R_REVOKED | \
                         KC_R_KEY_USAGE | KC_R_FUTURE_TIME | KC_R_CHAIN | KC_R_NO_SIGNER_CERT | \
                         KC_R_BAD_TIMESTAMP | KC_R_NO_PROOF_OF_TIME)


int kc_cms_parse(kc_cms **out, const unsigned char *der, size_t len, kc_error *err)
{
    return kc_cms_parse_shared(out, der, len, NULL, err);
}

int kc_cms_parse_shared(kc_cms **out, const unsigned char *der, size_t len, const kc_trust *trust,
                        kc_error *err)
{
    kc_cms *c = NULL;
    size_t used = 0;
    const unsigned char *p = der;
    STACK_OF(CMS_SignerInfo) *sis;
    X509_ALGOR *dig = NULL;
    int rc = KC_EFORMAT;

    if (!out || (!der && len))
        return kc_error_set(err, KC_EINVAL, "%s", _("no signature to parse"));
    if (len > KC_CMS_MAX)
        return kc_error_set(err, KC_ELIMIT, "%s", _("the signature is larger than 1 MiB"));
    c = calloc(1, sizeof *c);
    if (!c)
        return kc_error_oom(err);
    if ((c->ci = kc_cms_d2i_shared(trust, der, len, &used)) != NULL)
        p = der + used;
    else
        c->ci = d2i_CMS_ContentInfo(NULL, &p, (long)len);
    if (!c->ci) {
        kc_error_set(err, rc, "%s", _("the signature is not a DER CMS structure"));
        goto out;
    }
    /* A PDF /Contents is zero-padded to its reserved size; anything else after
     * the DER is data the signature does not account for. */
    /* All zero: the first byte is, and each equals the next (a vectorised memcmp). */
    size_t rest = (size_t)(der + len - p);
    if (rest && (p[0] != 0 || memcmp(p, p + 1, rest - 1) != 0)) {
        kc_error_set(err, rc, "%s", _("the signature has data after its end"));
        goto out;
    }
    c->no_other_revinfo = !kc_cms_may_hold_other_revinfo(der, (size_t)(p - der));
    if (OBJ_obj2nid(CMS_get0_type(c->ci)) != NID_pkcs7_signed) {
        kc_error_set(err, rc, "%s", _("the signature is not a CMS SignedData"));
        goto out;
    }
    sis = CMS_get0_SignerInfos(c->ci);
    if (sk_CMS_SignerInfo_num(sis) != 1) {
        kc_error_set(err, rc, "%s", _("the signature does not have exactly one signer"));
        goto out;
    }
    if (CMS_is_detached(c->ci) != 1) {
        kc_error_set(err, rc, "%s", _("not a detached signature"));
        goto out;
    }
    c->si = sk_CMS_SignerInfo_value(sis, 0);
    CMS_SignerInfo_get0_algs(c->si, NULL, NULL, &dig, NULL);
    c->md = dig ? EVP_get_digestbyobj(dig->algorithm) : NULL;
    if (!c->md) {
        char oid[80] = "?";
        if (dig)
            OBJ_obj2txt(oid, sizeof oid, dig->algorithm, 1);
        kc_error_set(err, rc, _("the signature uses an unknown digest algorithm (%s)"), oid);
        goto out;
    }
    /* The long name ("sha256") is what EVP_get_digestbyname() and users know. */
    snprintf(c->digest_name, sizeof c->digest_name, "%s", OBJ_nid2ln(EVP_MD_get_type(c->md)));
    for (char *q = c->digest_name; *q; q++)
        if (*q >= 'A' && *q <= 'Z')
            *q = (char)(*q - 'A' + 'a');
    *out = c;
    c = NULL;
    rc = 0;
out:
    kc_cms_free(c);
    ERR_clear_error();
    return rc;
}

const char *kc_cms_digest_name(const kc_cms *cms)
{
    return cms ? cms->digest_name : NULL;
}

void kc_cms_free(kc_cms *cms)
{
    if (!cms)
        return;
    CMS_ContentInfo_free(cms->ci);
    free(cms);
}

/* ---- the signer and the signature --------------------------------------- */

/* The certificate the SignerInfo names (issuer+serial or subjectKeyIdentifier),
 * looked for in the CMS, then the intermediates, then the anchors.  Returns a
 * new reference or NULL. */
static X509 *find_signer(const kc_cms *cms, const kc_trust *trust)
{
    STACK_OF(X509) *pools[3] = {CMS_get1_certs(cms->ci), kc_trust_intermediates(trust), NULL};
    X509 *found = NULL;

    for (int p = 0; p < 3 && !found; p++) {
        /* The anchors are copied out of the store only when needed: rarely. */
        if (p == 2 && trust)
            pools[2] = X509_STORE_get1_all_certs(kc_trust_store(trust));
        for (int i = 0; i < sk_X509_num(pools[p]) && !found; i++)
            if (CMS_SignerInfo_cert_cmp(cms->si, sk_X509_value(pools[p], i)) == 0 &&
                X509_up_ref(sk_X509_value(pools[p], i)))
                found = sk_X509_value(pools[p], i);
    }
    sk_X509_pop_free(pools[0], X509_free);
    sk_X509_pop_free(pools[2], X509_free);
    return found;
}

/* The signature algorithm's own digest, for the strength check: the digest in
 * sha1WithRSAEncryption, the hash of RSA-PSS parameters (SHA-1 when absent),
 * or NID_undef when the algorithm names none (rsaEncryption). */
static int signature_md_nid(const X509_ALGOR *sig, bool *pss)
{
    int nid = OBJ_obj2nid(sig->algorithm), mdnid = NID_undef, pknid;

    *pss = nid == NID_rsassaPss;
    if (*pss) {
        RSA_PSS_PARAMS *params = sig->parameter ?
            ASN1_TYPE_unpack_sequence(ASN1_ITEM_rptr(RSA_PSS_PARAMS), sig->parameter) : NULL;
        mdnid = !params ? NID_undef :
                params->hashAlgorithm ? OBJ_obj2nid(params->hashAlgorithm->algorithm) : NID_sha1;
        RSA_PSS_PARAMS_free(params);
        return mdnid;
    }
    if (OBJ_find_sigid_algs(nid, &mdnid, &pknid) != 1)
        return NID_undef;
    return mdnid;
}

int kc_cms_sigalg_md(const X509_ALGOR *sig)
{
    bool pss;
    return sig ? signature_md_nid(sig, &pss) : NID_undef;
}

int kc_cms_chain_weak_sig(STACK_OF(X509) *chain, bool allow_weak, int *depth)
{
    for (int i = 0; i < sk_X509_num(chain); i++) {
        X509 *x = sk_X509_value(chain, i);
        int md;
        kc_md_class c;
        /* An anchor's signature on itself vouches for nothing: the trust
         * directory does, and an old SHA-1 root is still the archivist's. */
        if (i + 1 == sk_X509_num(chain) && X509_check_issued(x, x) == X509_V_OK)
            break;
        md = kc_cms_sigalg_md(X509_get0_tbs_sigalg(x));
        c = kc_cms_md_class(md);
        if (c != KC_MD_STRONG && !(c == KC_MD_WEAK && allow_weak)) {
            *depth = i;
            return md;
        }
    }
    ERR_clear_error();
    return NID_undef;
}

kc_md_class kc_cms_md_class(int nid)
{
    static const int strong[] = {NID_sha224,     NID_sha256,   NID_sha384,   NID_sha512,  NID_sha512_224,
                                 NID_sha512_256, NID_sha3_224, NID_sha3_256, NID_sha3_384, NID_sha3_512};
    if (nid == NID_undef)
        return KC_MD_STRONG;
    for (size_t i = 0; i < sizeof strong / sizeof strong[0]; i++)
        if (nid == strong[i])
            return KC_MD_STRONG;
    if (nid == NID_sha1 || nid == NID_ripemd160)
        return KC_MD_WEAK;
    if (nid == NID_md5 || nid == NID_md4 || nid == NID_md2 || nid == NID_md5_sha1)
        return KC_MD_BROKEN;
    return KC_MD_UNACCEPTED;
}

static void check_md_strength(int nid, const kc_verify_opts *opts, kc_sig_info *info)
{
    switch (kc_cms_md_class(nid)) {
    case KC_MD_BROKEN:
        kc_cms_fail(info, KC_R_WEAK_ALGORITHM, _("The signature uses %s, a broken digest algorithm."),
             OBJ_nid2ln(nid));
        break;
    case KC_MD_WEAK:
        if (!opts->allow_weak)
            kc_cms_fail(info, KC_R_WEAK_ALGORITHM, _("The signature uses %s, a digest algorithm no longer considered safe."),
                 nid == NID_sha1 ? "SHA-1" : "RIPEMD-160");
        break;
    case KC_MD_UNACCEPTED:
        kc_cms_fail(info, KC_R_WEAK_ALGORITHM, _("The signature uses %s, not a digest algorithm accepted for signatures."),
             OBJ_nid2ln(nid));
        break;
    case KC_MD_STRONG:
        break;
    }
}

/* MD5 never passes; SHA-1 and RSA keys of 1024 bits or more pass with
 * allow_weak (old archives); DSA and EC under 224 bits never do. */
static void check_strength(const kc_cms *cms, X509 *signer, const kc_verify_opts *opts,
                           kc_sig_info *info)
{
    X509_ALGOR *sig = NULL;
    EVP_PKEY *pkey = X509_get0_pubkey(signer);
    bool pss;
    int bits = pkey ? EVP_PKEY_get_bits(pkey) : 0;

    CMS_SignerInfo_get0_algs(cms->si, NULL, NULL, NULL, &sig);
    check_md_strength(EVP_MD_get_type(cms->md), opts, info);
    if (sig)
        check_md_strength(signature_md_nid(sig, &pss), opts, info);
    if (!pkey)
        return;
    switch (EVP_PKEY_get_base_id(pkey)) {
    case EVP_PKEY_RSA:
    case EVP_PKEY_RSA_PSS:
        if (bits < 2048 && !(opts->allow_weak && bits >= 1024))
            kc_cms_fail(info, KC_R_WEAK_ALGORITHM, _("The signer's RSA key has only %d bits."), bits);
        break;
    case EVP_PKEY_DSA:
        kc_cms_fail(info, KC_R_WEAK_ALGORITHM, "%s", _("The signer's key is DSA, no longer accepted."));
        break;
    case EVP_PKEY_EC:
        if (bits < 224)
            kc_cms_fail(info, KC_R_WEAK_ALGORITHM, _("The signer's EC key has only %d bits."), bits);
        break;
    default:
        break;
    }
}

/* Without signed attributes (allowed by adbe.pkcs7.detached) the signature is
 * over the content digest itself.  For RSA the digest the signer signed can
 * be recovered, which tells a changed document from a forged signature. */
static void verify_raw(const kc_cms *cms, X509 *signer, const unsigned char *digest,
                       size_t dlen, kc_sig_info *info)
{
    EVP_PKEY *pkey = X509_get0_pubkey(signer);
    EVP_PKEY_CTX *ctx = NULL;
    ASN1_OCTET_STRING *sigval = CMS_SignerInfo_get0_signature(cms->si);
    X509_ALGOR *sig = NULL;
    unsigned char rec[EVP_MAX_MD_SIZE + 64];
    size_t reclen = sizeof rec;
    bool pss = false, rsa;

    CMS_SignerInfo_get0_algs(cms->si, NULL, NULL, NULL, &sig);
    if (sig)
        signature_md_nid(sig, &pss);
    if (pss) {
        kc_cms_fail(info, KC_R_UNSUPPORTED, "%s",
             _("An RSA-PSS signature without signed attributes is not supported."));
        goto out;
    }
    rsa = pkey && EVP_PKEY_get_base_id(pkey) == EVP_PKEY_RSA;
    ctx = pkey ? EVP_PKEY_CTX_new(pkey, NULL) : NULL;
    if (!ctx || EVP_PKEY_verify_init(ctx) != 1 ||
        (rsa && EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_PADDING) != 1) ||
        EVP_PKEY_CTX_set_signature_md(ctx, cms->md) != 1) {
        kc_cms_fail(info, KC_R_UNSUPPORTED, "%s", _("The signer's key type is not supported."));
        goto out;
    }
    if (EVP_PKEY_verify(ctx, sigval->data, (size_t)sigval->length, digest, dlen) == 1)
        goto out;
    if (rsa && EVP_PKEY_verify_recover_init(ctx) == 1 &&
        EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_PADDING) == 1 &&
        EVP_PKEY_CTX_set_signature_md(ctx, cms->md) == 1 &&
        EVP_PKEY_verify_recover(ctx, rec, &reclen, sigval->data, (size_t)sigval->length) == 1 &&
        (reclen != dlen || memcmp(rec, digest, dlen) != 0)) {
        kc_cms_fail(info, KC_R_DIGEST_MISMATCH, "%s",
             _("The signed bytes were changed after signing: their digest differs from the signed one."));
        goto out;
    }
    kc_cms_fail(info, KC_R_BAD_SIGNATURE, "%s", _("The signature value does not verify."));
out:
    EVP_PKEY_CTX_free(ctx);
}

static void check_signature(const kc_cms *cms, X509 *signer, const unsigned char *digest,
                            size_t dlen, kc_sig_info *info)
{
    ASN1_OCTET_STRING *md;

    if ((size_t)EVP_MD_get_size(cms->md) != dlen) {
        kc_cms_fail(info, KC_R_DIGEST_MISMATCH, "%s",
             _("The computed digest does not have the length of the signed one."));
        return;
    }
    /* Over a document's data, not another protocol's content (cms_purpose.c). */
    kc_cms_check_content_type(cms, info);
    if (CMS_signed_get_attr_count(cms->si) <= 0) {
        verify_raw(cms, signer, digest, dlen, info);
        return;
    }
    /* -3: exactly one messageDigest attribute holding exactly one value. */
    md = CMS_signed_get0_data_by_OBJ(cms->si, OBJ_nid2obj(NID_pkcs9_messageDigest), -3,
                                     V_ASN1_OCTET_STRING);
    if (!md || (size_t)md->length != dlen || memcmp(md->data, digest, dlen) != 0)
        kc_cms_fail(info, KC_R_DIGEST_MISMATCH, "%s",
             _("The signed bytes were changed after signing: their digest differs from the signed one."));
    if (CMS_signed_get_attr_by_NID(cms->si, NID_pkcs9_contentType, -1) < 0) {
        kc_cms_fail(info, KC_R_BAD_SIGNATURE, "%s",
             _("The signed attributes lack the content type that CMS requires."));
        return;
    }
    /* CMS_SignerInfo_verify needs the certificate inside the SignerInfo.  The
     * kc_cms is the caller's and used by one thread at a time, so setting it is
     * safe despite the const. */
    CMS_SignerInfo_set1_signer_cert(cms->si, signer);
    if (CMS_SignerInfo_verify(cms->si) != 1)
        kc_cms_fail(info, KC_R_BAD_SIGNATURE, "%s", _("The signature value does not verify."));
}

/* ---- the whole check ----------------------------------------------------- */

int kc_cms_check(const kc_cms *cms, const unsigned char *digest, size_t digest_len,
                 const kc_trust *trust, const kc_verify_opts *opts, kc_sig_info *info,
                 kc_error *err)
{
    return kc_cms_check_poe(cms, digest, digest_len, trust, opts, NULL, info, err);
}

int kc_cms_check_poe(const kc_cms *cms, const unsigned char *digest, size_t digest_len,
                     const kc_trust *trust, const kc_verify_opts *opts, const kc_poe *poe,
                     kc_sig_info *info, kc_error *err)
{
    static const kc_verify_opts defaults = {0};
    X509 *signer = NULL;
    kc_time_basis basis = KC_BASIS_NOW;
    int64_t claimed = 0, now = 0;
    int rc = 0;

    if (!cms || !info || (!digest && digest_len))
        return kc_error_set(err, KC_EINVAL, "%s", _("nothing to check"));
    if (!opts)
        opts = &defaults;
    signer = find_signer(cms, trust);
    if (!signer) {
        kc_cms_fail(info, KC_R_NO_SIGNER_CERT, "%s",
             _("The signer's certificate is neither in the signature nor in the trust store."));
        kc_cms_set_str(&info->digest, strdup(cms->digest_name), true);
        rc = kc_cms_choose_time(cms, trust, opts, poe, info, &basis, &claimed, &now);
        goto out;
    }
    if (!kc_cms_describe_signer(signer, cms, trust, info)) {
        rc = KC_ENOMEM;
        goto out;
    }
    check_signature(cms, signer, digest, digest_len, info);
    check_strength(cms, signer, opts, info);
    if ((rc = kc_cms_choose_time(cms, trust, opts, poe, info, &basis, &claimed, &now)) != 0)
        goto out;
    /* Whether the issuer is certain decides only a roles file's issuer and serial lines. */
    rc = kc_cms_check_chain(cms, signer, trust, basis, claimed, now, kc_roles_names_issuers(opts->roles),
                            opts->allow_weak, info);
out:
    info->intact = !(info->reasons & KC_R_INTACT_MASK);
    info->trusted = !(info->reasons & KC_R_TRUST_MASK);
    X509_free(signer);
    ERR_clear_error();
    if (rc)
        kc_error_oom(err);
    return rc;
}
