/* ltv_collect.c: what a document's verdict rests on, gathered when it goes
 * into a dossier: for each signature and each timestamp (a signature's RFC
 * 3161 tokens, the PDF's document timestamps), the certificate chain the
 * trust store builds for it, the CRLs of the trust store that each issuer on
 * it signed (the ones cms_revoke.c consults), and the CRLs and OCSP responses
 * the online source fetched for it.
 *
 * The verifier has already judged the document; this file only reads the
 * same CMS again to name the certificates, so cms_check.c stays as it is.
 * The chain is built as far as it goes, whatever its validity (a verdict of
 * "untrusted" rests on an incomplete chain, and that is what is stored). */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/pkcs7.h>
#include <openssl/x509.h>

#include "cms_internal.h"
#include "i18n.h"
#include "ltv.h"
#include "pdf.h"
#include "revocation.h"
#include "trust_internal.h"
#include "util.h"
#include "verdict.h"

#define TST_OID "1.2.840.113549.1.9.16.2.14" /* id-aa-signatureTimeStampToken */

typedef struct collect {
    GHashTable *blobs;      /* entry name → GBytes */
    const kc_trust *trust;
    bool nomem;
} collect;

/* Adds der under its name; appends the name to list. */
static void put_blob(collect *c, JsonArray *list, kc_ltv_kind kind, const unsigned char *der, size_t len)
{
    char *name = kc_ltv_blob_name(kind, der, len);
    if (!name) {
        c->nomem = true;
        return;
    }
    if (!g_hash_table_contains(c->blobs, name))
        g_hash_table_insert(c->blobs, g_strdup(name), g_bytes_new(der, len));
    /* A chain names each certificate once; a list never repeats a name. */
    for (guint i = 0; i < json_array_get_length(list); i++)
        if (strcmp(json_array_get_string_element(list, i), name) == 0) {
            g_free(name);
            return;
        }
    json_array_add_string_element(list, name);
    g_free(name);
}

static int accept_all(int ok, X509_STORE_CTX *ctx)
{
    (void)ok;
    (void)ctx;
    return 1;
}

STACK_OF(X509) *kc_ltv_chain(X509 *leaf, STACK_OF(X509) *extra, const kc_trust *trust)
{
    STACK_OF(X509) *untrusted = sk_X509_new_null(), *inter = kc_trust_intermediates(trust), *chain = NULL;
    X509_STORE_CTX *ctx = X509_STORE_CTX_new();

    for (int i = 0; untrusted && i < sk_X509_num(extra); i++)
        sk_X509_push(untrusted, sk_X509_value(extra, i));
    for (int i = 0; untrusted && i < sk_X509_num(inter); i++)
        sk_X509_push(untrusted, sk_X509_value(inter, i));
    if (ctx && untrusted && X509_STORE_CTX_init(ctx, kc_trust_store(trust), leaf, untrusted) == 1) {
        X509_STORE_CTX_set_verify_cb(ctx, accept_all);
        X509_verify_cert(ctx);
        chain = X509_STORE_CTX_get1_chain(ctx);
    }
    if (!chain && (chain = sk_X509_new_null()) && X509_up_ref(leaf) && !sk_X509_push(chain, leaf))
        X509_free(leaf);
    X509_STORE_CTX_free(ctx);
    sk_X509_free(untrusted);
    ERR_clear_error();
    return chain;
}

typedef struct material_ctx {
    collect *c;
    JsonArray *crls, *ocsp;
} material_ctx;

static void on_material(void *ud, int kind, const unsigned char *der, size_t len)
{
    material_ctx *m = ud;
    put_blob(m->c, kind == KC_MATERIAL_CRL ? m->crls : m->ocsp, kind == KC_MATERIAL_CRL ? KC_LTV_CRL : KC_LTV_OCSP,
             der, len);
}

/* The chain of leaf and the revocation data of each link, as members of o. */
static void describe_chain(collect *c, JsonObject *o, X509 *leaf, STACK_OF(X509) *extra)
{
    STACK_OF(X509) *chain = kc_ltv_chain(leaf, extra, c->trust);
    STACK_OF(X509_CRL) *crls = kc_trust_crls(c->trust);
    JsonArray *certs = json_array_new(), *crl_list = json_array_new(), *ocsp = json_array_new();
    material_ctx m = {c, crl_list, ocsp};

    for (int i = 0; i < sk_X509_num(chain); i++) {
        X509 *x = sk_X509_value(chain, i);
        unsigned char *der = NULL;
        int n = i2d_X509(x, &der);
        if (n > 0)
            put_blob(c, certs, KC_LTV_CERT, der, (size_t)n);
        else
            c->nomem = true;
        OPENSSL_free(der);
        if (i + 1 >= sk_X509_num(chain))
            break;
        X509 *issuer = sk_X509_value(chain, i + 1);
        /* The CRLs cms_revoke.c consults for this link: the issuer's, signed
         * by it or, after a key rollover, by the same CA's new key, whose
         * certificate (and chain) is kept too: without them a check decades
         * later, with the root alone, would not know the revocation. */
        for (int k = 0; k < sk_X509_CRL_num(crls); k++) {
            X509_CRL *crl = sk_X509_CRL_value(crls, k);
            unsigned char *cder = NULL;
            X509 *rekey = NULL;
            if (X509_NAME_cmp(X509_CRL_get_issuer(crl), X509_get_issuer_name(x)) != 0 ||
                (!kc_trust_crl_signed_by(c->trust, crl, issuer) &&
                 !(rekey = kc_cms_crl_namesake_signer(c->trust, crl, issuer))))
                continue;
            int cn = i2d_X509_CRL(crl, &cder);
            if (cn > 0)
                put_blob(c, crl_list, KC_LTV_CRL, cder, (size_t)cn);
            OPENSSL_free(cder);
            STACK_OF(X509) *rchain = rekey ? kc_ltv_chain(rekey, NULL, c->trust) : NULL;
            for (int r = 0; r < sk_X509_num(rchain); r++) {
                unsigned char *rder = NULL;
                int rn = i2d_X509(sk_X509_value(rchain, r), &rder);
                if (rn > 0)
                    put_blob(c, certs, KC_LTV_CERT, rder, (size_t)rn);
                else
                    c->nomem = true;
                OPENSSL_free(rder);
            }
            sk_X509_pop_free(rchain, X509_free);
        }
        if (kc_trust_online(c->trust))
            /* The issuer's key alone: a namesake's CRL would need the new
             * key's chain kept beside it, as done above for the trust
             * directory's (README Known limits). */
            kc_online_material(kc_trust_online(c->trust), NULL, x, issuer, on_material, &m);
    }
    json_object_set_array_member(o, "certificates", certs);
    json_object_set_array_member(o, "crls", crl_list);
    json_object_set_array_member(o, "ocsp", ocsp);
    sk_X509_pop_free(chain, X509_free);
    ERR_clear_error();
}

static void set_time(JsonObject *o, const char *key, int64_t t)
{
    char buf[32];
    kc_json_set_str(o, key, t ? kc_time_iso(buf, t) : NULL);
}

/* One token (a PKCS7 TimeStampToken, DER): its TSA's chain. */
static void describe_token(collect *c, JsonArray *list, const char *of, const char *field, const unsigned char *der,
                           size_t len)
{
    const unsigned char *p = der;
    PKCS7 *p7 = len <= KC_P7S_MAX ? d2i_PKCS7(NULL, &p, (long)len) : NULL;
    STACK_OF(X509) *signers = NULL, *certs;
    char tsa[160] = "";
    JsonObject *o;

    if (!p7 || !PKCS7_type_is_signed(p7))
        goto out;
    certs = p7->d.sign->cert;
    signers = PKCS7_get0_signers(p7, kc_trust_intermediates(c->trust), 0);
    if (sk_X509_num(signers) != 1)
        goto out;
    X509 *x = sk_X509_value(signers, 0);
    if (X509_NAME_get_text_by_NID(X509_get_subject_name(x), NID_commonName, tsa, sizeof tsa) < 0)
        tsa[0] = '\0';
    o = json_object_new();
    kc_json_set_str(o, "of", of);
    kc_json_set_str(o, "field", field);
    kc_json_set_str(o, "tsa", tsa[0] ? tsa : NULL);
    describe_chain(c, o, x, certs);
    json_array_add_object_element(list, o);
out:
    sk_X509_free(signers);
    PKCS7_free(p7);
    ERR_clear_error();
}

/* The signer's certificate of a CMS, as cms_check.c finds it: in the CMS,
 * then the intermediates, then the anchors.  A new reference or NULL. */
static X509 *signer_of(CMS_ContentInfo *ci, CMS_SignerInfo *si, const kc_trust *trust)
{
    STACK_OF(X509) *pools[3] = {CMS_get1_certs(ci), kc_trust_intermediates(trust),
                                X509_STORE_get1_all_certs(kc_trust_store(trust))};
    X509 *found = NULL;

    for (int p = 0; p < 3 && !found; p++)
        for (int i = 0; i < sk_X509_num(pools[p]) && !found; i++)
            if (CMS_SignerInfo_cert_cmp(si, sk_X509_value(pools[p], i)) == 0 && X509_up_ref(sk_X509_value(pools[p], i)))
                found = sk_X509_value(pools[p], i);
    sk_X509_pop_free(pools[0], X509_free);
    sk_X509_pop_free(pools[2], X509_free);
    return found;
}

/* One signature's CMS: its signer's chain into sig, its tokens into timestamps. */
static void describe_cms(collect *c, JsonObject *sig, JsonArray *timestamps, const char *field,
                         const unsigned char *der, size_t len)
{
    const unsigned char *p = der;
    size_t used = 0;
    /* Parsed as the verifier parsed it, the certificates from the trust
     * store's cache: decoding each embedded certificate again costs more
     * than the rest of the record. */
    CMS_ContentInfo *ci = len > KC_P7S_MAX ? NULL : kc_cms_d2i_shared(c->trust, der, len, &used);
    if (!ci && len <= KC_P7S_MAX)
        ci = d2i_CMS_ContentInfo(NULL, &p, (long)len);
    STACK_OF(CMS_SignerInfo) *sis = ci ? CMS_get0_SignerInfos(ci) : NULL;
    CMS_SignerInfo *si = sk_CMS_SignerInfo_num(sis) == 1 ? sk_CMS_SignerInfo_value(sis, 0) : NULL;
    STACK_OF(X509) *certs = ci ? CMS_get1_certs(ci) : NULL;
    X509 *signer = si ? signer_of(ci, si, c->trust) : NULL;
    ASN1_OBJECT *oid = OBJ_txt2obj(TST_OID, 1);

    if (signer) {
        describe_chain(c, sig, signer, certs);
    } else {
        json_object_set_array_member(sig, "certificates", json_array_new());
        json_object_set_array_member(sig, "crls", json_array_new());
        json_object_set_array_member(sig, "ocsp", json_array_new());
    }
    for (int i = -1; si && oid && (i = CMS_unsigned_get_attr_by_OBJ(si, oid, i)) >= 0;) {
        X509_ATTRIBUTE *a = CMS_unsigned_get_attr(si, i);
        for (int k = 0; k < X509_ATTRIBUTE_count(a); k++) {
            ASN1_TYPE *v = X509_ATTRIBUTE_get0_type(a, k);
            if (v && v->type == V_ASN1_SEQUENCE)
                describe_token(c, timestamps, "signature", field, v->value.sequence->data,
                               (size_t)v->value.sequence->length);
        }
    }
    ASN1_OBJECT_free(oid);
    X509_free(signer);
    sk_X509_pop_free(certs, X509_free);
    CMS_ContentInfo_free(ci);
    ERR_clear_error();
}

/* The verdict's view of signature s as record members. */
static JsonObject *sig_record(const kc_sig_info *s)
{
    JsonObject *o = json_object_new();
    JsonArray *reasons = json_array_new();

    kc_json_set_str(o, "field", s->field);
    kc_json_set_str(o, "signer", s->signer);
    kc_json_set_str(o, "fingerprint", s->fingerprint);
    kc_json_set_str(o, "role", kc_role_name(s->role));
    kc_json_set_str(o, "status", s->valid ? "valid" : s->indeterminate ? "indeterminate" : "invalid");
    for (unsigned b = 0; b < KC_R_COUNT; b++)
        if (s->reasons & (1u << b))
            json_array_add_string_element(reasons, kc_reason_code(1u << b));
    json_object_set_array_member(o, "reasons", reasons);
    set_time(o, "checked_at", s->checked_at);
    kc_json_set_str(o, "time_source", kc_time_source_name(s->time_source));
    return o;
}

/* The PDF's signatures, in the verifier's order (document timestamps apart). */
static void describe_pdf(collect *c, const kc_verdict *v, const char *path, JsonArray *sigs, JsonArray *timestamps,
                         size_t *used)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    struct stat st;
    kc_pdf_doc *doc = NULL;
    kc_pdf_sig *ps = NULL;
    size_t n = 0, k = 0;
    kc_error e = {0};

    if (fd < 0 || fstat(fd, &st) != 0 || kc_pdf_open(&doc, fd, (uint64_t)st.st_size, &e) != 0 ||
        kc_pdf_find_sigs(doc, &ps, &n, &e) != 0)
        goto out;
    for (size_t i = 0; i < n; i++) {
        bool dts = ps[i].is_doc_timestamp || (ps[i].subfilter && strcmp(ps[i].subfilter, "ETSI.RFC3161") == 0);
        if (dts) {
            if (ps[i].contents_ok)
                describe_token(c, timestamps, "document", ps[i].field, ps[i].contents, ps[i].contents_len);
            continue;
        }
        if (k >= kc_verdict_count(v))
            break;
        JsonObject *o = sig_record(kc_verdict_sig(v, k++));
        if (ps[i].contents_ok)
            describe_cms(c, o, timestamps, ps[i].field, ps[i].contents, ps[i].contents_len);
        json_array_add_object_element(sigs, o);
    }
out:
    *used = k;
    kc_pdf_sigs_free(ps, n);
    kc_pdf_close(doc);
    if (fd >= 0)
        close(fd);
}

int kc_ltv_collect(JsonObject **out, GHashTable *blobs, const kc_verdict *v, const char *path, const char *name,
                   const char *detached, const unsigned char sha[32], const kc_trust *trust, int64_t validated_at,
                   kc_error *err)
{
    collect c = {blobs, trust, false};
    JsonObject *rec = json_object_new();
    JsonArray *sigs = json_array_new(), *timestamps = json_array_new();
    size_t used = 0;
    char hex[65];

    kc_hex_encode(hex, sha, 32);
    kc_json_set_str(rec, "path", name);
    kc_json_set_str(rec, "sha256", hex);
    if (detached)
        kc_json_set_str(rec, "detached", detached);
    set_time(rec, "validated_at", validated_at);
    kc_json_set_str(rec, "status", kc_status_name(kc_verdict_status(v)));
    describe_pdf(&c, v, path, sigs, timestamps, &used);
    if (detached && used < kc_verdict_count(v)) {
        /* The detached signature is the verdict's last. */
        char *p7s = g_strconcat(path, ".p7s", NULL);
        size_t len = 0;
        char *why = NULL;
        unsigned char *der = kc_verify_read_p7s(p7s, &len, &why); /* as verify read it */
        JsonObject *o = sig_record(kc_verdict_sig(v, kc_verdict_count(v) - 1));
        if (der)
            describe_cms(&c, o, timestamps, NULL, der, len);
        json_array_add_object_element(sigs, o);
        g_free(der);
        g_free(why);
        g_free(p7s);
    }
    json_object_set_array_member(rec, "signatures", sigs);
    json_object_set_array_member(rec, "timestamps", timestamps);
    if (c.nomem) {
        json_object_unref(rec);
        return kc_error_oom(err);
    }
    *out = rec;
    return 0;
}
