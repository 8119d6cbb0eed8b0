/* cms_der.c: parsing a CMS SignedData whose certificates come from the run's
 * shared cache.
 *
 * d2i_CMS_ContentInfo decodes every embedded certificate, and with OpenSSL 3.0
 * decoding a certificate's public key goes through the provider decoder
 * lookup, which costs more than hashing the whole document.  The leader's and
 * the organisation's certificates are the same in every document of a
 * commune, so the certificate set is cut out of the DER, the rest parsed, and
 * the certificates put back from kc_trust_cert(), which parses each distinct
 * one once per run.  Anything unexpected (BER lengths, other certificate
 * choices, a certificate that does not parse) returns NULL and the caller
 * parses the whole DER as before, so errors read exactly as they did.
 *
 * Also the other side of "which certificate": the ESS signing-certificate
 * attributes, the only part of the SignerInfo that binds it. */
#include <stdlib.h>
#include <string.h>

#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/ess.h>

#include "cms_internal.h"
#include "i18n.h"
#include "trust_internal.h"

#define MAX_CERTS 32 /* more in one signature: take the ordinary path */

typedef struct tlv {
    unsigned char tag;
    size_t hdr, len; /* header and content lengths */
} tlv;

/* One definite-length DER element with a one-byte tag at p. */
static bool der_read(const unsigned char *p, size_t avail, tlv *t)
{
    if (avail < 2 || (p[0] & 0x1f) == 0x1f)
        return false;
    size_t h = 2, n = p[1];
    if (n & 0x80) {
        size_t k = n & 0x7f;
        if (k == 0 || k > 4 || avail < 2 + k) /* k == 0: BER indefinite length */
            return false;
        n = 0;
        for (size_t i = 0; i < k; i++)
            n = n << 8 | p[2 + i];
        h += k;
    }
    if (n > avail - h)
        return false;
    t->tag = p[0];
    t->hdr = h;
    t->len = n;
    return true;
}

static size_t der_header(unsigned char *out, unsigned char tag, size_t len)
{
    size_t k = 0;
    out[0] = tag;
    if (len < 0x80) {
        out[1] = (unsigned char)len;
        return 2;
    }
    for (size_t v = len; v; v >>= 8)
        k++;
    out[1] = (unsigned char)(0x80 | k);
    for (size_t i = 0; i < k; i++)
        out[2 + i] = (unsigned char)(len >> (8 * (k - 1 - i)));
    return 2 + k;
}

static size_t der_header_len(size_t len)
{
    unsigned char tmp[16];
    return der_header(tmp, 0, len);
}

CMS_ContentInfo *kc_cms_d2i_shared(const kc_trust *trust, const unsigned char *der, size_t len,
                                   size_t *used)
{
    const unsigned char *cert_at[MAX_CERTS];
    size_t cert_len[MAX_CERTS], n_certs = 0;
    unsigned char *cut = NULL;
    CMS_ContentInfo *ci = NULL;
    tlv t, ex, sd, certs;

    if (!trust)
        return NULL;
    /* ContentInfo ::= SEQUENCE { contentType OID, [0] EXPLICIT SignedData } */
    if (!der_read(der, len, &t) || t.tag != 0x30)
        return NULL;
    size_t ci_end = t.hdr + t.len, p = t.hdr;
    tlv oid;
    if (!der_read(der + p, ci_end - p, &oid) || oid.tag != 0x06)
        return NULL;
    size_t oid_at = p, oid_size = oid.hdr + oid.len;
    p += oid_size;
    if (!der_read(der + p, ci_end - p, &ex) || ex.tag != 0xa0 || p + ex.hdr + ex.len != ci_end)
        return NULL;
    p += ex.hdr;
    /* SignedData ::= SEQUENCE { version, digestAlgorithms, encapContentInfo,
     *     certificates [0] IMPLICIT OPTIONAL, crls [1] OPTIONAL, signerInfos } */
    if (!der_read(der + p, ci_end - p, &sd) || sd.tag != 0x30 || p + sd.hdr + sd.len != ci_end)
        return NULL;
    size_t sd_body = p + sd.hdr;
    p = sd_body;
    static const unsigned char before_certs[] = {0x02, 0x31, 0x30};
    for (size_t i = 0; i < sizeof before_certs; i++) {
        if (!der_read(der + p, ci_end - p, &t) || t.tag != before_certs[i])
            return NULL;
        p += t.hdr + t.len;
    }
    if (!der_read(der + p, ci_end - p, &certs) || certs.tag != 0xa0)
        return NULL; /* no certificates: nothing to share */
    size_t certs_at = p, certs_size = certs.hdr + certs.len;
    for (size_t q = p + certs.hdr; q < certs_at + certs_size;) {
        if (n_certs == MAX_CERTS || !der_read(der + q, certs_at + certs_size - q, &t) || t.tag != 0x30)
            return NULL; /* attribute certificates and other choices: the ordinary path */
        cert_at[n_certs] = der + q;
        cert_len[n_certs++] = t.hdr + t.len;
        q += t.hdr + t.len;
    }

    /* The same DER without the certificate set, its three enclosing lengths shortened. */
    size_t sd_len = sd.len - certs_size;
    size_t ex_len = der_header_len(sd_len) + sd_len;
    size_t ci_len = oid_size + der_header_len(ex_len) + ex_len;
    size_t total = der_header_len(ci_len) + ci_len;
    cut = malloc(total);
    if (!cut)
        return NULL;
    size_t w = der_header(cut, 0x30, ci_len);
    memcpy(cut + w, der + oid_at, oid_size);
    w += oid_size;
    w += der_header(cut + w, 0xa0, ex_len);
    w += der_header(cut + w, 0x30, sd_len);
    memcpy(cut + w, der + sd_body, certs_at - sd_body);
    w += certs_at - sd_body;
    memcpy(cut + w, der + certs_at + certs_size, ci_end - (certs_at + certs_size));
    w += ci_end - (certs_at + certs_size);

    const unsigned char *in = cut;
    ci = d2i_CMS_ContentInfo(NULL, &in, (long)w);
    if (!ci || w != total || in != cut + total)
        goto fail;
    for (size_t i = 0; i < n_certs; i++) {
        X509 *x = kc_trust_cert(trust, cert_at[i], cert_len[i]);
        if (!x)
            goto fail;
        /* A certificate listed twice is kept once: it changes no chain. */
        if (!CMS_add0_cert(ci, x)) {
            unsigned long e = ERR_peek_last_error();
            X509_free(x);
            if (ERR_GET_REASON(e) != CMS_R_CERTIFICATE_ALREADY_PRESENT)
                goto fail;
        }
    }
    free(cut);
    *used = ci_end;
    return ci;
fail:
    CMS_ContentInfo_free(ci);
    free(cut);
    ERR_clear_error();
    return NULL;
}

/* The ESS signing-certificate attributes (RFC 2634, RFC 5035), when the
 * signer put them in: they are signed, and bind the certificate, which the
 * SignerInfo's own identifier and the certificate list are not.  Without the
 * check, anyone may swap in another certificate of the same key (a renewed
 * one, valid now where the one used has expired: "valid" instead of
 * "indeterminate").  chain: the signer's certificate first. */
static void check_signing_cert_attr(const kc_cms *cms, STACK_OF(X509) *chain, kc_sig_info *info)
{
    static const int nids[2] = {NID_id_smime_aa_signingCertificate, NID_id_smime_aa_signingCertificateV2};
    ESS_SIGNING_CERT *v1 = NULL;
    ESS_SIGNING_CERT_V2 *v2 = NULL;
    bool bad = false;
    for (int k = 0; k < 2; k++) {
        int at = CMS_signed_get_attr_by_NID(cms->si, nids[k], -1);
        if (at < 0)
            continue;
        ASN1_STRING *seq = CMS_signed_get0_data_by_OBJ(cms->si, OBJ_nid2obj(nids[k]), -3, V_ASN1_SEQUENCE);
        const unsigned char *p = seq ? ASN1_STRING_get0_data(seq) : NULL;
        if (!p || CMS_signed_get_attr_by_NID(cms->si, nids[k], at) >= 0)
            bad = true; /* unreadable, or the attribute twice */
        else if (k == 0)
            bad = !(v1 = d2i_ESS_SIGNING_CERT(NULL, &p, ASN1_STRING_length(seq)));
        else
            bad = !(v2 = d2i_ESS_SIGNING_CERT_V2(NULL, &p, ASN1_STRING_length(seq)));
        if (bad)
            break;
    }
    if (bad || ((v1 || v2) && OSSL_ESS_check_signing_certs(v1, v2, chain, 0) != 1))
        kc_cms_fail(info, KC_R_BAD_SIGNATURE, "%s",
             _("The signed attributes name another certificate than the one the signature is checked with "
               "(a certificate swapped in after signing)."));
    ESS_SIGNING_CERT_free(v1);
    ESS_SIGNING_CERT_V2_free(v2);
}

bool kc_cms_check_signer_binding(const kc_cms *cms, X509 *signer, STACK_OF(X509) *chain, kc_sig_info *info)
{
    if (chain && sk_X509_num(chain) > 0 && sk_X509_value(chain, 0) == signer) {
        check_signing_cert_attr(cms, chain, info);
        return true;
    }
    STACK_OF(X509) *alone = sk_X509_new_null();
    if (!alone || !sk_X509_push(alone, signer)) {
        sk_X509_free(alone);
        return false;
    }
    check_signing_cert_attr(cms, alone, info);
    sk_X509_free(alone);
    return true;
}
