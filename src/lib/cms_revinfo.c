/* cms_revinfo.c: the revocation data a signature carries itself.
 *
 * Acrobat, when it signs, puts the CRLs and OCSP responses it fetched for the
 * signer's chain into the signed attribute adbe-revocationInfoArchival
 * (1.2.840.113583.1.1.8, ISO 32000-1 12.8.3.3.2), and validates the signature
 * with them; CMS itself has a field for CRLs (SignedData crls, RFC 5652
 * 10.2.1).  A chairman who left office in January (affiliationChanged) and
 * still signed in March with his token, the March timestamp and the CA's CRL
 * listing him both inside the signature, was "valid, leader" here: neither
 * was read, and offline the trust directory rarely holds the CA's current
 * CRL (the entry also leaves the CA's CRLs once the certificate expires).
 *
 * Whoever put it there, evidence counts only when the certificate's issuer
 * signed it (a CRL: its issuer's name and key, or the key of a rolled-over
 * certificate of that name; a response: the issuer or its delegated
 * responder, revocation_ocsp.c), and it is judged exactly as the trust
 * directory's (cms_revoke.c): it can only condemn, never vouch, so an
 * attacker gains nothing by adding or leaving it out.  Each signature's own
 * data is read for that signature only, as Acrobat does.
 *
 * The crls field may also hold an OCSP response (RFC 5940's `other` choice,
 * id-ri-ocsp-response, as CAdES-LT writers put it), which OpenSSL parses but
 * does not hand out; and a timestamp token is a SignedData too: the TSA's
 * CA's CRL or response inside it, listing the TSA's key as compromised, is
 * the CA's word however it arrived (timestamp.c asks it for the TSA's chain). */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>
#include <openssl/asn1.h>
#include <openssl/err.h>
#include <openssl/ocsp.h>
#include <openssl/pkcs7.h>
#include <openssl/x509.h>

#include "cms_internal.h"
#include "revocation.h"

#define ADBE_REVINFO_OID "1.2.840.113583.1.1.8"

struct kc_cms_revinfo {
    STACK_OF(X509_CRL) *crls;
    GPtrArray *ocsp; /* OCSP_BASICRESP * */
    GArray *ocsp_signed; /* gboolean per response: it came in a signed attribute */
    GArray *crl_signed; /* gboolean per CRL: the same (rttime20) */
    bool reading_signed; /* while reading: the attribute being read is signed */
};

void kc_cms_revinfo_free(kc_cms_revinfo *ri)
{
    if (!ri)
        return;
    sk_X509_CRL_pop_free(ri->crls, X509_CRL_free);
    if (ri->ocsp)
        g_ptr_array_free(ri->ocsp, TRUE);
    if (ri->ocsp_signed)
        g_array_free(ri->ocsp_signed, TRUE);
    if (ri->crl_signed)
        g_array_free(ri->crl_signed, TRUE);
    g_free(ri);
}

static void free_basic(gpointer p)
{
    OCSP_BASICRESP_free(p);
}

/* One more response, noted as signed when it came in a signed attribute:
 * the signature then proves it existed at the signature's proven time
 * (an unsigned attribute or the crls field anyone may fill in later). */
static void add_ocsp(kc_cms_revinfo *ri, OCSP_BASICRESP *bs)
{
    gboolean sig = ri->reading_signed;
    g_ptr_array_add(ri->ocsp, bs);
    g_array_append_val(ri->ocsp_signed, sig);
}

/* One more CRL, noted as signed or not as a response is (add_ocsp). */
static void add_crl(kc_cms_revinfo *ri, X509_CRL *c)
{
    gboolean sig = ri->reading_signed;
    if (!sk_X509_CRL_push(ri->crls, c))
        X509_CRL_free(c);
    else
        g_array_append_val(ri->crl_signed, sig);
}

/* The DER element at *p within end: its tag, the start and length of its
 * contents; *p moves past it.  False when it is not well formed. */
static bool element(const unsigned char **p, const unsigned char *end, int *tag, int *cls,
                    const unsigned char **body, long *len)
{
    const unsigned char *q = *p;
    int r = ASN1_get_object(&q, len, tag, cls, end - *p);
    if ((r & 0x80) || (r & 0x01) || *len > end - q)
        return false;
    *body = q;
    *p = q + *len;
    return true;
}

/* Every element of a SEQUENCE OF (body, len): a CRL or an OCSPResponse. */
static void sequence_of(kc_cms_revinfo *ri, const unsigned char *body, long len, bool crl)
{
    const unsigned char *p = body, *end = body + len, *item, *inner;
    int tag, cls;
    long n;

    while (p < end) {
        item = p;
        if (!element(&p, end, &tag, &cls, &inner, &n))
            return;
        size_t size = (size_t)(p - item);
        if (crl) {
            X509_CRL *c = kc_online_parse_crl(item, size);
            if (c)
                add_crl(ri, c);
        } else {
            OCSP_BASICRESP *bs = NULL;
            if (kc_ocsp_parse(&bs, item, size, NULL) == 0)
                add_ocsp(ri, bs);
        }
    }
}

/* One RevocationInfoArchival ::= SEQUENCE { crl [0] EXPLICIT SEQUENCE OF
 * CertificateList OPTIONAL, ocsp [1] EXPLICIT SEQUENCE OF OCSPResponse
 * OPTIONAL, otherRevInfo [2] ... }: what does not parse is left out, as a
 * store's unreadable streams are. */
static void archival(kc_cms_revinfo *ri, const ASN1_TYPE *v)
{
    if (!v || v->type != V_ASN1_SEQUENCE)
        return;
    const unsigned char *p = v->value.sequence->data, *end = p + v->value.sequence->length, *body, *seq;
    int tag, cls;
    long len, slen;

    if (!element(&p, end, &tag, &cls, &body, &len) || tag != V_ASN1_SEQUENCE || cls != V_ASN1_UNIVERSAL)
        return;
    p = body;
    end = body + len;
    while (p < end) {
        if (!element(&p, end, &tag, &cls, &body, &len))
            return;
        if (cls != V_ASN1_CONTEXT_SPECIFIC || (tag != 0 && tag != 1))
            continue;
        const unsigned char *q = body;
        int stag;
        if (element(&q, body + len, &stag, &cls, &seq, &slen) && stag == V_ASN1_SEQUENCE && cls == V_ASN1_UNIVERSAL)
            sequence_of(ri, seq, slen, tag == 0);
    }
}

/* id-ri-ocsp-response (1.3.6.1.5.5.7.16.2), the OID's contents. */
static const unsigned char ri_ocsp_oid[] = {0x2B, 0x06, 0x01, 0x05, 0x05, 0x07, 0x10, 0x02};

bool kc_cms_may_hold_other_revinfo(const unsigned char *der, size_t len)
{
    return der && memmem(der, len, ri_ocsp_oid, sizeof ri_ocsp_oid) != NULL;
}

/* The OCSP responses of the SignedData's crls field: RevocationInfoChoice ::=
 * CHOICE { crl CertificateList, other [1] IMPLICIT OtherRevocationInfoFormat }
 * (RFC 5652 10.2.1), OtherRevocationInfoFormat ::= SEQUENCE {
 * otherRevInfoFormat OBJECT IDENTIFIER, otherRevInfo ANY }, an OCSPResponse
 * under id-ri-ocsp-response (RFC 5940 2.2).  `der` is the whole ContentInfo;
 * what does not parse is left out. */
static void other_choices(kc_cms_revinfo *ri, const unsigned char *der, long len)
{
    const unsigned char *p = der, *end = der + len, *body, *field, *item;
    int tag, cls;
    long n;

    /* ContentInfo ::= SEQUENCE { contentType, content [0] EXPLICIT SignedData } */
    if (!element(&p, end, &tag, &cls, &body, &n) || tag != V_ASN1_SEQUENCE)
        return;
    p = body;
    end = body + n;
    if (!element(&p, end, &tag, &cls, &body, &n) || tag != V_ASN1_OBJECT ||
        !element(&p, end, &tag, &cls, &body, &n) || tag != 0 || cls != V_ASN1_CONTEXT_SPECIFIC)
        return;
    p = body;
    end = body + n;
    if (!element(&p, end, &tag, &cls, &body, &n) || tag != V_ASN1_SEQUENCE || cls != V_ASN1_UNIVERSAL)
        return;
    p = body;
    end = body + n;
    while (p < end) {
        if (!element(&p, end, &tag, &cls, &field, &n))
            return;
        if (cls != V_ASN1_CONTEXT_SPECIFIC || tag != 1)
            continue;
        const unsigned char *q = field, *fend = field + n;
        while (q < fend) {
            const unsigned char *r, *oid, *resp;
            long ilen, olen, rlen;
            if (!element(&q, fend, &tag, &cls, &item, &ilen))
                return;
            if (cls != V_ASN1_CONTEXT_SPECIFIC || tag != 1)
                continue; /* a CRL: CMS_get1_crls has it */
            r = item;
            if (!element(&r, item + ilen, &tag, &cls, &oid, &olen) || tag != V_ASN1_OBJECT ||
                olen != (long)sizeof ri_ocsp_oid || memcmp(oid, ri_ocsp_oid, sizeof ri_ocsp_oid) != 0)
                continue;
            resp = r;
            if (!element(&r, item + ilen, &tag, &cls, &oid, &rlen))
                continue;
            OCSP_BASICRESP *bs = NULL;
            if (kc_ocsp_parse(&bs, resp, (size_t)(r - resp), NULL) == 0)
                add_ocsp(ri, bs);
        }
    }
}

/* The element (tag, class, body) appended to out with a definite length. */
static void put(GByteArray *out, int tag, int cls, const unsigned char *body, long len)
{
    int size = ASN1_object_size(1, (int)len, tag);
    guint at = out->len;
    g_byte_array_set_size(out, at + (guint)size);
    unsigned char *p = out->data + at;
    ASN1_put_object(&p, 1, (int)len, tag, cls);
    memcpy(p, body, (size_t)len);
}

/* OpenSSL's PKCS#7 reader, which timestamp.c's checks rest on (OpenSSL's
 * timestamp API takes nothing else), knows only CRLs in the crls field, and
 * refused a whole token carrying its TSA's CA's OCSP response as RFC 5940's
 * `other` choice (as `openssl ts -verify` does; `openssl cms -verify` reads
 * it): an honest timestamp was bad-timestamp, and its signature invalid.
 * The crls field is outside what the TSA signs (RFC 5652 5.4: the signature
 * is over the signed attributes, which hold the TSTInfo's digest), so the
 * token without those choices verifies exactly as the token itself; they are
 * not lost, the caller reads them from the original (other_choices), and
 * they can only condemn its TSA. */
int kc_cms_without_other_revinfo(const unsigned char *der, size_t len, unsigned char **out, size_t *out_len,
                                 size_t *used)
{
    const unsigned char *p = der, *end, *ci, *oid_at, *wrap, *sd, *field, *item;
    int tag, cls, found = 0;
    long n, cin, wn, sdn;
    bool bad = true;

    *out = NULL;
    if (!der || len > (size_t)LONG_MAX)
        return 0;
    /* ContentInfo ::= SEQUENCE { contentType, content [0] EXPLICIT SignedData } */
    if (!element(&p, der + len, &tag, &cls, &ci, &cin) || tag != V_ASN1_SEQUENCE || cls != V_ASN1_UNIVERSAL)
        return 0;
    *used = (size_t)(p - der);
    const unsigned char *q = ci, *ciend = ci + cin;
    oid_at = q;
    if (!element(&q, ciend, &tag, &cls, &field, &n) || tag != V_ASN1_OBJECT || cls != V_ASN1_UNIVERSAL)
        return 0;
    long oid_len = (long)(q - oid_at);
    if (!element(&q, ciend, &tag, &cls, &wrap, &wn) || tag != 0 || cls != V_ASN1_CONTEXT_SPECIFIC || q != ciend)
        return 0;
    q = wrap;
    if (!element(&q, wrap + wn, &tag, &cls, &sd, &sdn) || tag != V_ASN1_SEQUENCE || cls != V_ASN1_UNIVERSAL ||
        q != wrap + wn)
        return 0;
    GByteArray *fields = g_byte_array_new(), *crls = g_byte_array_new(), *a = g_byte_array_new(),
               *b = g_byte_array_new();
    for (p = sd, end = sd + sdn; p < end;) {
        const unsigned char *at = p;
        if (!element(&p, end, &tag, &cls, &field, &n))
            goto done;
        if (cls != V_ASN1_CONTEXT_SPECIFIC || tag != 1) {
            g_byte_array_append(fields, at, (guint)(p - at));
            continue;
        }
        /* crls [1] IMPLICIT RevocationInfoChoices: the CRLs kept, in order. */
        g_byte_array_set_size(crls, 0);
        for (q = field; q < field + n;) {
            const unsigned char *it = q;
            long ilen;
            if (!element(&q, field + n, &tag, &cls, &item, &ilen))
                goto done;
            if (cls == V_ASN1_CONTEXT_SPECIFIC && tag == 1)
                found++;
            else
                g_byte_array_append(crls, it, (guint)(q - it));
        }
        if (crls->len)
            put(fields, 1, V_ASN1_CONTEXT_SPECIFIC, crls->data, crls->len);
    }
    bad = false;
    if (found) {
        put(a, V_ASN1_SEQUENCE, V_ASN1_UNIVERSAL, fields->data, fields->len);
        put(b, 0, V_ASN1_CONTEXT_SPECIFIC, a->data, a->len);
        g_byte_array_set_size(a, 0);
        g_byte_array_append(a, oid_at, (guint)oid_len);
        g_byte_array_append(a, b->data, b->len);
        g_byte_array_set_size(b, 0);
        put(b, V_ASN1_SEQUENCE, V_ASN1_UNIVERSAL, a->data, a->len);
        if ((*out = malloc(b->len)) != NULL) {
            memcpy(*out, b->data, b->len);
            *out_len = b->len;
        }
    }
done:
    g_byte_array_free(fields, TRUE);
    g_byte_array_free(crls, TRUE);
    g_byte_array_free(a, TRUE);
    g_byte_array_free(b, TRUE);
    if (bad || !found)
        return 0;
    return *out ? 1 : KC_ENOMEM;
}

/* Every value of the attribute, signed or (written by other tools) unsigned. */
static void attributes(kc_cms_revinfo *ri, const kc_cms *cms, const ASN1_OBJECT *oid, bool sig)
{
    for (int i = -1;;) {
        i = sig ? CMS_signed_get_attr_by_OBJ(cms->si, oid, i) : CMS_unsigned_get_attr_by_OBJ(cms->si, oid, i);
        if (i < 0)
            return;
        X509_ATTRIBUTE *a = sig ? CMS_signed_get_attr(cms->si, i) : CMS_unsigned_get_attr(cms->si, i);
        for (int k = 0; k < X509_ATTRIBUTE_count(a); k++)
            archival(ri, X509_ATTRIBUTE_get0_type(a, k));
    }
}

/* The same for a PKCS#7 signer's attributes (a timestamp token's). */
static void p7_attributes(kc_cms_revinfo *ri, const STACK_OF(X509_ATTRIBUTE) *attrs, const ASN1_OBJECT *oid)
{
    for (int i = -1; (i = X509at_get_attr_by_OBJ(attrs, oid, i)) >= 0;) {
        X509_ATTRIBUTE *a = X509at_get_attr(attrs, i);
        for (int k = 0; k < X509_ATTRIBUTE_count(a); k++)
            archival(ri, X509_ATTRIBUTE_get0_type(a, k));
    }
}

static kc_cms_revinfo *revinfo_new(void)
{
    kc_cms_revinfo *ri = g_new0(kc_cms_revinfo, 1);
    ri->ocsp = g_ptr_array_new_with_free_func(free_basic);
    ri->ocsp_signed = g_array_new(FALSE, FALSE, sizeof(gboolean));
    ri->crl_signed = g_array_new(FALSE, FALSE, sizeof(gboolean));
    return ri;
}

/* ri, or NULL (freed) when it holds nothing or memory ran out. */
static kc_cms_revinfo *revinfo_done(kc_cms_revinfo *ri)
{
    ERR_clear_error();
    if (!ri->crls || (sk_X509_CRL_num(ri->crls) == 0 && ri->ocsp->len == 0)) {
        kc_cms_revinfo_free(ri);
        return NULL;
    }
    return ri;
}

kc_cms_revinfo *kc_cms_revinfo_load(const kc_cms *cms)
{
    kc_cms_revinfo *ri = revinfo_new();
    ASN1_OBJECT *oid = OBJ_txt2obj(ADBE_REVINFO_OID, 1);
    unsigned char *der = NULL;
    int n;

    ri->crls = CMS_get1_crls(cms->ci);
    if (!ri->crls)
        ri->crls = sk_X509_CRL_new_null();
    /* The crls field's: outside what the signer signed. */
    for (int i = 0; ri->crls && i < sk_X509_CRL_num(ri->crls); i++) {
        gboolean unsigned_crl = FALSE;
        g_array_append_val(ri->crl_signed, unsigned_crl);
    }
    if (oid && ri->crls) {
        ri->reading_signed = true;
        attributes(ri, cms, oid, true);
        ri->reading_signed = false;
        attributes(ri, cms, oid, false);
    }
    /* OpenSSL keeps the `other` choices but gives no accessor: read from
     * the DER it writes back (kilobytes, once per signature), unless the
     * signature as it came holds no such choice's OID (most do not: the
     * re-encoding was 1.5% of verifying a document, issue 16). */
    if (ri->crls && !cms->no_other_revinfo && (n = i2d_CMS_ContentInfo(cms->ci, &der)) > 0)
        other_choices(ri, der, n);
    OPENSSL_free(der);
    ASN1_OBJECT_free(oid);
    return revinfo_done(ri);
}

kc_cms_revinfo *kc_cms_revinfo_load_pkcs7(PKCS7 *p7, const unsigned char *der, size_t len)
{
    kc_cms_revinfo *ri = revinfo_new();
    ASN1_OBJECT *oid = OBJ_txt2obj(ADBE_REVINFO_OID, 1);
    PKCS7_SIGNER_INFO *si = PKCS7_type_is_signed(p7) ? sk_PKCS7_SIGNER_INFO_value(PKCS7_get_signer_info(p7), 0) : NULL;
    STACK_OF(X509_CRL) *crls = PKCS7_type_is_signed(p7) ? p7->d.sign->crl : NULL;

    ri->crls = sk_X509_CRL_new_null();
    for (int i = 0; ri->crls && i < sk_X509_CRL_num(crls); i++) {
        X509_CRL *c = sk_X509_CRL_value(crls, i);
        if (X509_CRL_up_ref(c))
            add_crl(ri, c); /* the crls field: reading_signed is false */
    }
    if (oid && ri->crls && si) {
        /* The token's signed attributes are the TSA's word at genTime; its
         * unsigned ones anyone may fill in later (as a signature's). */
        ri->reading_signed = true;
        p7_attributes(ri, si->auth_attr, oid);
        ri->reading_signed = false;
        p7_attributes(ri, si->unauth_attr, oid);
    }
    /* The `other` choices p7 was made without (kc_ts_parse): read from the
     * token as it came, as a signature's are. */
    if (ri->crls && der && len <= (size_t)LONG_MAX)
        other_choices(ri, der, (long)len);
    ASN1_OBJECT_free(oid);
    return revinfo_done(ri);
}

STACK_OF(X509_CRL) *kc_cms_revinfo_crls(const kc_cms_revinfo *ri)
{
    return ri ? ri->crls : NULL;
}

bool kc_cms_revinfo_crl_signed(const kc_cms_revinfo *ri, size_t i)
{
    return ri && i < ri->crl_signed->len && g_array_index(ri->crl_signed, gboolean, i);
}

size_t kc_cms_revinfo_ocsp_count(const kc_cms_revinfo *ri)
{
    return ri ? ri->ocsp->len : 0;
}

OCSP_BASICRESP *kc_cms_revinfo_ocsp(const kc_cms_revinfo *ri, size_t i)
{
    return ri && i < ri->ocsp->len ? ri->ocsp->pdata[i] : NULL;
}

bool kc_cms_revinfo_ocsp_signed(const kc_cms_revinfo *ri, size_t i)
{
    return ri && i < ri->ocsp_signed->len && g_array_index(ri->ocsp_signed, gboolean, i);
}

bool kc_cms_revinfo_revocation(const kc_cms_revinfo *ri, X509 *cert, X509 *issuer, const kc_trust *trust,
                               int64_t *when, long *reason)
{
    bool found = false;
    int64_t w;
    long r;

    if (!ri)
        return false;
    for (int i = 0; i < sk_X509_CRL_num(ri->crls); i++) {
        X509_CRL *crl = sk_X509_CRL_value(ri->crls, i);
        if (X509_NAME_cmp(X509_CRL_get_issuer(crl), X509_get_issuer_name(cert)) != 0 ||
            (X509_CRL_verify(crl, X509_get0_pubkey(issuer)) != 1 && !kc_cms_crl_signed_by_namesake(trust, crl, issuer)))
            continue;
        kc_cms_crl_listings(crl, cert, &found, when, reason);
    }
    for (guint i = 0; i < ri->ocsp->len; i++) {
        w = 0;
        r = -1;
        if (kc_ocsp_status(ri->ocsp->pdata[i], cert, issuer, &w, &r) == KC_OCSP_REVOKED)
            kc_cms_revocation_keep_worse(&found, when, reason, w, r);
    }
    ERR_clear_error();
    return found;
}
