/* test_time.c: the proof-of-existence model (src/lib/cms_time.c, timestamp.c and
 * the revocation rules of cms_check.c).
 *
 * A CRL is made here for the test signing CA, listing certificates issued here
 * with every revocation reason, so that the reasons the committed PKI cannot
 * express (aACompromise, unspecified) are tried too.  Each case signs a
 * detached CMS claiming 2021, revoked (or not) in 2024, checked in 2026, with
 * or without a proof of existence: a timestamp, the caller's poe, --at. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <openssl/cms.h>
#include <openssl/pem.h>
#include <openssl/sha.h>
#include <openssl/ts.h>
#include <openssl/x509v3.h>

#include "cms_check.h"
#include "cms_internal.h"
#include "verdict.h"
#include "kiemchung/trust.h"
#include "timestamp.h"

#define T2021 1622505600 /* 2021-06-01, the claimed signing time */
#define T2024 1704067200 /* 2024-01-01, the revocations */
#define NOW 1767225600   /* 2026-01-01, pinned */

static const char content[] = "Số: 15/QĐ-UBND — Quyết định";

enum { R_NONE = -1 }; /* a CRL entry without a reason code */
static const int reasons[] = {R_NONE, CRL_REASON_UNSPECIFIED, CRL_REASON_KEY_COMPROMISE,
                              CRL_REASON_CA_COMPROMISE, CRL_REASON_AFFILIATION_CHANGED,
                              CRL_REASON_SUPERSEDED, CRL_REASON_CESSATION_OF_OPERATION,
                              CRL_REASON_CERTIFICATE_HOLD, CRL_REASON_PRIVILEGE_WITHDRAWN,
                              CRL_REASON_AA_COMPROMISE};
#define N_REASONS (sizeof reasons / sizeof *reasons)

typedef struct fixture {
    char certs[512], dir[64];
    kc_trust *trust;
    X509 *ca, *revoked[N_REASONS], *good;
    EVP_PKEY *ca_key, *key, *tsa_key;
    X509 *tsa;
    unsigned char digest[32];
    kc_sig_info info;
} fixture;

static X509 *load_cert(const fixture *f, const char *name)
{
    char path[600];
    snprintf(path, sizeof path, "%s/%s.pem", f->certs, name);
    FILE *fp = fopen(path, "r");
    assert_non_null(fp);
    X509 *x = PEM_read_X509(fp, NULL, NULL, NULL);
    fclose(fp);
    assert_non_null(x);
    return x;
}

static EVP_PKEY *load_key(const fixture *f, const char *name)
{
    char path[600];
    snprintf(path, sizeof path, "%s/%s.key", f->certs, name);
    FILE *fp = fopen(path, "r");
    assert_non_null(fp);
    EVP_PKEY *k = PEM_read_PrivateKey(fp, NULL, NULL, NULL);
    fclose(fp);
    assert_non_null(k);
    return k;
}

static void add_ext(X509 *x, X509 *issuer, int nid, const char *value)
{
    X509V3_CTX ctx;
    X509V3_set_ctx(&ctx, issuer, x, NULL, NULL, 0);
    X509_EXTENSION *ext = X509V3_EXT_conf_nid(NULL, &ctx, nid, value);
    assert_non_null(ext);
    assert_int_equal(X509_add_ext(x, ext, -1), 1);
    X509_EXTENSION_free(ext);
}

/* A leaf of the test signing CA for key, serial 0x6000 + n. */
static X509 *issue(const fixture *f, EVP_PKEY *key, long n)
{
    X509 *x = X509_new();
    X509_set_version(x, 2);
    ASN1_INTEGER_set(X509_get_serialNumber(x), 0x6000 + n);
    ASN1_TIME_set(X509_getm_notBefore(x), 1420070400);
    ASN1_TIME_set_string(X509_getm_notAfter(x), "20501231235959Z");
    X509_NAME_add_entry_by_NID(X509_get_subject_name(x), NID_commonName, MBSTRING_UTF8,
                               (const unsigned char *)"Nguyễn Văn An", -1, -1, 0);
    X509_set_issuer_name(x, X509_get_subject_name(f->ca));
    X509_set_pubkey(x, key);
    add_ext(x, f->ca, NID_basic_constraints, "critical,CA:FALSE");
    add_ext(x, f->ca, NID_key_usage, "critical,digitalSignature,nonRepudiation");
    add_ext(x, f->ca, NID_authority_key_identifier, "keyid:always");
    assert_true(X509_sign(x, f->ca_key, EVP_sha256()) > 0);
    return x;
}

static void write_pem(const char *path, int (*w)(FILE *, void *), void *obj)
{
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    assert_int_equal(w(fp, obj), 1);
    fclose(fp);
}
static int w_x509(FILE *fp, void *x) { return PEM_write_X509(fp, x); }
static int w_crl(FILE *fp, void *c) { return PEM_write_X509_CRL(fp, c); }

/* root, ca and a CRL of ca revoking revoked[i] on 2024-01-01 for reasons[i]. */
static void make_trust(fixture *f)
{
    X509_CRL *crl = X509_CRL_new();
    char path[128];
    X509 *root = load_cert(f, "root");

    X509_CRL_set_version(crl, 1);
    X509_CRL_set_issuer_name(crl, X509_get_subject_name(f->ca));
    ASN1_TIME *t = ASN1_TIME_set(NULL, 1420070400);
    X509_CRL_set1_lastUpdate(crl, t);
    ASN1_TIME_set_string(t, "20501231000000Z");
    X509_CRL_set1_nextUpdate(crl, t);
    ASN1_TIME_set(t, T2024);
    for (size_t i = 0; i < N_REASONS; i++) {
        X509_REVOKED *r = X509_REVOKED_new();
        X509_REVOKED_set_serialNumber(r, X509_get_serialNumber(f->revoked[i]));
        X509_REVOKED_set_revocationDate(r, t);
        if (reasons[i] != R_NONE) {
            ASN1_ENUMERATED *e = ASN1_ENUMERATED_new();
            ASN1_ENUMERATED_set(e, reasons[i]);
            X509_REVOKED_add1_ext_i2d(r, NID_crl_reason, e, 0, 0);
            ASN1_ENUMERATED_free(e);
        }
        X509_CRL_add0_revoked(crl, r);
    }
    X509_CRL_sort(crl);
    assert_true(X509_CRL_sign(crl, f->ca_key, EVP_sha256()) > 0);
    snprintf(path, sizeof path, "%s/root.pem", f->dir);
    write_pem(path, w_x509, root);
    assert_int_equal(kc_trust_add_path(f->trust, path, NULL), 0);
    snprintf(path, sizeof path, "%s/ca.pem", f->dir);
    write_pem(path, w_x509, f->ca);
    assert_int_equal(kc_trust_add_path(f->trust, path, NULL), 0);
    snprintf(path, sizeof path, "%s/ca.crl.pem", f->dir);
    write_pem(path, w_crl, crl);
    assert_int_equal(kc_trust_add_path(f->trust, path, NULL), 0);
    ASN1_TIME_free(t);
    X509_CRL_free(crl);
    X509_free(root);
}

static int group_setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    const char *root = getenv("KC_SOURCE_ROOT");
    if (!f)
        return -1;
    snprintf(f->certs, sizeof f->certs, "%s/certs/test", root ? root : ".");
    snprintf(f->dir, sizeof f->dir, "/tmp/kc-test-time.XXXXXX");
    if (!mkdtemp(f->dir) || kc_trust_new(&f->trust, NULL) != 0)
        return -1;
    f->ca = load_cert(f, "ca");
    f->ca_key = load_key(f, "ca");
    f->key = load_key(f, "deputy");
    f->tsa = load_cert(f, "tsa");
    f->tsa_key = load_key(f, "tsa");
    for (size_t i = 0; i < N_REASONS; i++)
        f->revoked[i] = issue(f, f->key, (long)i);
    f->good = issue(f, f->key, 99);
    make_trust(f);
    SHA256((const unsigned char *)content, sizeof content - 1, f->digest);
    *state = f;
    return 0;
}

static int group_teardown(void **state)
{
    fixture *f = *state;
    char path[128];
    const char *names[] = {"root.pem", "ca.pem", "ca.crl.pem"};
    for (size_t i = 0; i < 3; i++) {
        snprintf(path, sizeof path, "%s/%s", f->dir, names[i]);
        unlink(path);
    }
    rmdir(f->dir);
    kc_trust_free(f->trust);
    for (size_t i = 0; i < N_REASONS; i++)
        X509_free(f->revoked[i]);
    X509_free(f->good);
    X509_free(f->ca);
    X509_free(f->tsa);
    EVP_PKEY_free(f->ca_key);
    EVP_PKEY_free(f->key);
    EVP_PKEY_free(f->tsa_key);
    free(f);
    return 0;
}

static void clear_info(kc_sig_info *i)
{
    kc_sig_info_clear(i); /* the library's own: a field added to kc_sig_info is freed here too */
}

static int setup(void **state) { clear_info(&((fixture *)*state)->info); return 0; }
static int teardown(void **state) { clear_info(&((fixture *)*state)->info); return 0; }

static int fixed_time(TS_RESP_CTX *ctx, void *data, long *sec, long *usec)
{
    (void)ctx;
    *sec = (long)*(int64_t *)data;
    *usec = 0;
    return 1;
}

/* A token by certs/test/tsa over data at time t; DER in *out. */
static int make_token(const fixture *f, const unsigned char *data, size_t len, int64_t t, unsigned char **out)
{
    TS_REQ *req = TS_REQ_new();
    TS_MSG_IMPRINT *mi = TS_MSG_IMPRINT_new();
    X509_ALGOR *alg = X509_ALGOR_new();
    TS_RESP_CTX *rctx = TS_RESP_CTX_new();
    ASN1_OBJECT *policy = OBJ_txt2obj("1.3.6.1.4.1.99999.1", 1);
    BIO *bio = BIO_new(BIO_s_mem());
    unsigned char h[32];

    SHA256(data, len, h);
    X509_ALGOR_set0(alg, OBJ_nid2obj(NID_sha256), V_ASN1_NULL, NULL);
    TS_MSG_IMPRINT_set_algo(mi, alg);
    TS_MSG_IMPRINT_set_msg(mi, h, sizeof h);
    TS_REQ_set_version(req, 1);
    TS_REQ_set_msg_imprint(req, mi);
    TS_REQ_set_cert_req(req, 1);
    assert_int_equal(i2d_TS_REQ_bio(bio, req), 1);
    assert_int_equal(TS_RESP_CTX_set_signer_cert(rctx, f->tsa), 1);
    assert_int_equal(TS_RESP_CTX_set_signer_key(rctx, f->tsa_key), 1);
    TS_RESP_CTX_set_def_policy(rctx, policy);
    TS_RESP_CTX_add_md(rctx, EVP_sha256());
    TS_RESP_CTX_set_time_cb(rctx, fixed_time, &t);
    TS_RESP *resp = TS_RESP_create_response(rctx, bio);
    assert_non_null(resp);
    *out = NULL;
    int n = i2d_PKCS7(TS_RESP_get_token(resp), out);
    assert_true(n > 0);
    TS_RESP_free(resp);
    TS_RESP_CTX_free(rctx);
    TS_MSG_IMPRINT_free(mi);
    X509_ALGOR_free(alg);
    TS_REQ_free(req);
    ASN1_OBJECT_free(policy);
    BIO_free(bio);
    return n;
}

/* Signs content as cert claiming 2021, with tokens at the given genTimes (0
 * ends the list; -1 is a token over other bytes), all in ONE attribute when
 * one_attr, and checks it with opts and the extra proof poe. */
static void run(fixture *f, X509 *cert, const int64_t *tokens, bool one_attr,
                const kc_verify_opts *opts, const kc_poe *poe)
{
    BIO *data = BIO_new_mem_buf(content, sizeof content - 1);
    unsigned flags = CMS_DETACHED | CMS_BINARY | CMS_PARTIAL | CMS_NOSMIMECAP;
    CMS_ContentInfo *cms = CMS_sign(NULL, NULL, NULL, NULL, flags);
    CMS_SignerInfo *si = CMS_add1_signer(cms, cert, f->key, EVP_sha256(), flags);
    ASN1_TIME *when = ASN1_TIME_set(NULL, T2021);
    X509_ATTRIBUTE *attr = NULL;
    unsigned char *der = NULL;
    kc_cms *parsed = NULL;

    assert_non_null(si);
    assert_int_equal(CMS_signed_add1_attr_by_NID(si, NID_pkcs9_signingTime, ASN1_STRING_type(when), when, -1), 1);
    assert_int_equal(CMS_final(cms, data, NULL, flags), 1);
    ASN1_OCTET_STRING *sig = CMS_SignerInfo_get0_signature(si);
    for (size_t i = 0; tokens && tokens[i]; i++) {
        unsigned char *tok = NULL;
        int n = tokens[i] < 0 ? make_token(f, (const unsigned char *)"other", 5, T2021 + 60, &tok)
                              : make_token(f, sig->data, (size_t)sig->length, tokens[i], &tok);
        if (one_attr) {
            if (!attr)
                attr = X509_ATTRIBUTE_create_by_txt(NULL, "1.2.840.113549.1.9.16.2.14", V_ASN1_SEQUENCE, tok, n);
            else
                assert_int_equal(X509_ATTRIBUTE_set1_data(attr, V_ASN1_SEQUENCE, tok, n), 1);
        } else {
            assert_int_equal(CMS_unsigned_add1_attr_by_txt(si, "1.2.840.113549.1.9.16.2.14", V_ASN1_SEQUENCE, tok, n), 1);
        }
        OPENSSL_free(tok);
    }
    if (attr)
        assert_int_equal(CMS_unsigned_add1_attr(si, attr), 1);
    int n = i2d_CMS_ContentInfo(cms, &der);
    assert_int_equal(kc_cms_parse(&parsed, der, (size_t)n, NULL), 0);
    assert_int_equal(kc_cms_check_poe(parsed, f->digest, sizeof f->digest, f->trust, opts, poe, &f->info, NULL), 0);
    kc_cms_free(parsed);
    OPENSSL_free(der);
    X509_ATTRIBUTE_free(attr);
    ASN1_TIME_free(when);
    CMS_ContentInfo_free(cms);
    BIO_free(data);
}

static bool compromise(int reason)
{
    return reason == R_NONE || reason == CRL_REASON_UNSPECIFIED || reason == CRL_REASON_KEY_COMPROMISE ||
           reason == CRL_REASON_CA_COMPROMISE || reason == CRL_REASON_AA_COMPROMISE;
}

/* Revoked in 2024 for each reason, signed (it says) in 2021. */
static void test_revocation_reasons(void **state)
{
    fixture *f = *state;
    const kc_verify_opts now = {.now = NOW}, claimed = {.now = NOW, .accept_claimed_time = true},
                         at = {.now = NOW, .at = T2021};
    const int64_t ts[] = {T2021 + 60, 0};

    for (size_t i = 0; i < N_REASONS; i++) {
        bool bad = compromise(reasons[i]);
        /* No proof: a compromise condemns it; any other reason leaves it
         * indeterminate (certificateHold included). */
        run(f, f->revoked[i], NULL, false, &now, NULL);
        assert_int_equal(f->info.reasons, bad ? KC_R_REVOKED : KC_R_NO_PROOF_OF_TIME);
        assert_int_equal(f->info.time_source, KC_TIME_NOW);
        clear_info(&f->info);
        /* A timestamp, --at, the old claimed-time rule: only a compromise
         * (aACompromise and no reason included) still condemns it. */
        run(f, f->revoked[i], ts, false, &now, NULL);
        assert_int_equal(f->info.reasons, bad ? KC_R_REVOKED : 0);
        assert_int_equal(f->info.time_source, KC_TIME_TIMESTAMP);
        clear_info(&f->info);
        run(f, f->revoked[i], NULL, false, &at, NULL);
        assert_int_equal(f->info.reasons, bad ? KC_R_REVOKED : 0);
        clear_info(&f->info);
        run(f, f->revoked[i], NULL, false, &claimed, NULL);
        assert_int_equal(f->info.reasons, bad ? KC_R_REVOKED : 0);
        assert_int_equal(f->info.time_source, KC_TIME_CLAIMED);
        clear_info(&f->info);
    }
    run(f, f->good, NULL, false, &now, NULL);
    assert_int_equal(f->info.reasons, 0);
}

/* A proof after the revocation proves the signature came too late. */
static void test_proof_after_revocation(void **state)
{
    fixture *f = *state;
    const kc_verify_opts now = {.now = NOW};
    const int64_t late[] = {T2024 + 86400, 0}, both[] = {T2024 + 86400, T2021 + 60, 0};
    kc_sig_info *i = &f->info;
    X509 *affil = f->revoked[4];

    run(f, affil, late, false, &now, NULL);
    assert_int_equal(i->reasons, KC_R_REVOKED);
    clear_info(i);
    /* Every token is read: the earliest that verifies is the proof, in any
     * order, as separate attributes or as values of one. */
    run(f, affil, both, false, &now, NULL);
    assert_int_equal(i->reasons, 0);
    assert_int_equal(i->checked_at, T2021 + 60);
    clear_info(i);
    run(f, affil, both, true, &now, NULL);
    assert_int_equal(i->reasons, 0);
    assert_int_equal(i->checked_at, T2021 + 60);
}

/* A token over other bytes fails the signature only when nothing else proves. */
static void test_bad_then_good(void **state)
{
    fixture *f = *state;
    const kc_verify_opts now = {.now = NOW};
    const int64_t bad_good[] = {-1, T2021 + 60, 0}, bad[] = {-1, 0};

    run(f, f->revoked[4], bad_good, false, &now, NULL);
    assert_int_equal(f->info.reasons, 0);
    assert_non_null(f->info.time_note);
    clear_info(&f->info);
    run(f, f->revoked[4], bad, false, &now, NULL);
    assert_int_equal(f->info.reasons, KC_R_BAD_TIMESTAMP | KC_R_NO_PROOF_OF_TIME);
}

/* The caller's proof (the dossier's seal) and the PDF layer's (a document
 * timestamp) prove like a timestamp; the earliest wins, --at over all, and
 * none may be earlier than the signer's own claim. */
static void test_external_proofs(void **state)
{
    fixture *f = *state;
    kc_verify_opts ext = {.now = NOW, .poe = T2021 + 3600, .poe_source = "hồ sơ niêm phong"};
    kc_poe dts = {.time = T2021 + 7200, .source = KC_TIME_DOC_TIMESTAMP, .what = "DauThoiGian"};
    kc_poe early = {.time = T2021 - 86400, .source = KC_TIME_DOC_TIMESTAMP, .what = "Truoc"};
    const kc_verify_opts now = {.now = NOW};
    X509 *affil = f->revoked[4];
    kc_sig_info *i = &f->info;

    run(f, affil, NULL, false, &ext, &dts);
    assert_int_equal(i->reasons, 0);
    assert_int_equal(i->time_source, KC_TIME_EXTERNAL);
    assert_string_equal(i->time_proof, "hồ sơ niêm phong");
    assert_int_equal(i->checked_at, T2021 + 3600);
    clear_info(i);
    run(f, affil, NULL, false, &now, &dts);
    assert_int_equal(i->reasons, 0);
    assert_int_equal(i->time_source, KC_TIME_DOC_TIMESTAMP);
    assert_string_equal(i->time_proof, "DauThoiGian");
    assert_int_equal(i->signing_time, T2021); /* the claim is still shown */
    clear_info(i);
    run(f, affil, NULL, false, &now, &early);
    assert_int_equal(i->reasons, KC_R_NO_PROOF_OF_TIME);
    assert_non_null(strstr(i->time_note, "earlier than the signing time"));
    clear_info(i);
    ext.at = T2021;
    run(f, affil, NULL, false, &ext, &dts);
    assert_int_equal(i->time_source, KC_TIME_OVERRIDE);
    assert_int_equal(i->checked_at, T2021);
}

/* Tokens as the PDF layer hands them over: padding, junk, the imprint. */
static void test_token_parsing(void **state)
{
    fixture *f = *state;
    unsigned char *tok = NULL, *padded;
    int n = make_token(f, (const unsigned char *)content, sizeof content - 1, T2021, &tok);
    kc_ts_token *t = NULL;
    kc_ts_result res;
    const kc_verify_opts opts = {.now = NOW};

    padded = calloc(1, (size_t)n + 64);
    memcpy(padded, tok, (size_t)n);
    assert_int_equal(kc_ts_parse(&t, padded, (size_t)n + 64, NULL), 0);
    assert_string_equal(kc_ts_digest_name(t), "sha256");
    kc_ts_check(t, NULL, 0, f->digest, sizeof f->digest, f->trust, &opts, NOW, &res);
    assert_int_equal(res.state, KC_TS_PROVES);
    assert_int_equal(res.gen_time, T2021);
    assert_string_equal(res.tsa, "Kiemchung Test TSA");
    f->digest[0] ^= 1;
    kc_ts_check(t, NULL, 0, f->digest, sizeof f->digest, f->trust, &opts, NOW, &res);
    f->digest[0] ^= 1;
    assert_int_equal(res.state, KC_TS_BAD);
    kc_ts_check(t, NULL, 0, f->digest, sizeof f->digest, NULL, &opts, NOW, &res);
    assert_int_equal(res.state, KC_TS_IGNORED);
    kc_ts_check(t, NULL, 0, f->digest, sizeof f->digest, f->trust, &opts, T2021 - 86400, &res);
    assert_int_equal(res.state, KC_TS_IGNORED); /* genTime in the future */
    kc_ts_free(t);
    t = NULL;
    padded[n + 10] = 'x';
    assert_int_equal(kc_ts_parse(&t, padded, (size_t)n + 64, NULL), KC_EFORMAT);
    for (int cut = 1; cut < n; cut += 97)
        assert_int_equal(kc_ts_parse(&t, tok, (size_t)cut, NULL), KC_EFORMAT);
    assert_int_equal(kc_ts_parse(&t, (const unsigned char *)"\x30\x00", 2, NULL), KC_EFORMAT);
    assert_int_equal(kc_ts_parse(&t, tok, 0, NULL), KC_EINVAL);
    assert_null(t);
    kc_ts_free(NULL);
    free(padded);
    OPENSSL_free(tok);
}

/* kc_cms_without_other_revinfo: a SignedData whose crls field holds a CRL (any
 * element not tagged [1]) and RFC 5940 `other` choices comes back with the CRL
 * alone; with only `other` choices, without the field; nothing to leave out,
 * a truncated or indefinite-length DER: 0 (the token stays refused). */
static void test_other_revinfo(void **state)
{
    (void)state;
#define OTHER 0xA1, 0x0C, 0x06, 0x08, 0x2B, 0x06, 0x01, 0x05, 0x05, 0x07, 0x10, 0x02, 0x30, 0x00
#define HEAD(n) 0x30, (n) + 15, 0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x07, 0x02, 0xA0, (n) + 2, \
                0x30, (n), 0x02, 0x01, 0x03, 0x31, 0x00
    static const unsigned char mixed[] = {HEAD(25), 0xA1, 0x10, OTHER, 0x30, 0x00, 0x31, 0x00, 0, 0};
    static const unsigned char kept[] = {HEAD(11), 0xA1, 0x02, 0x30, 0x00, 0x31, 0x00};
    static const unsigned char only[] = {HEAD(23), 0xA1, 0x0E, OTHER, 0x31, 0x00};
    static const unsigned char none[] = {HEAD(7), 0x31, 0x00};
    unsigned char *out = NULL;
    size_t out_len = 0, used = 0;

    assert_int_equal(kc_cms_without_other_revinfo(mixed, sizeof mixed, &out, &out_len, &used), 1);
    assert_int_equal(used, sizeof mixed - 2); /* the padding is the caller's */
    assert_int_equal(out_len, sizeof kept);
    assert_memory_equal(out, kept, sizeof kept);
    free(out);
    assert_int_equal(kc_cms_without_other_revinfo(only, sizeof only, &out, &out_len, &used), 1);
    assert_int_equal(out_len, sizeof none);
    assert_memory_equal(out, none, sizeof none);
    free(out);
    assert_int_equal(kc_cms_without_other_revinfo(none, sizeof none, &out, &out_len, &used), 0);
    assert_null(out);
    for (size_t cut = 1; cut < sizeof mixed - 2; cut++)
        assert_int_equal(kc_cms_without_other_revinfo(mixed, cut, &out, &out_len, &used), 0);
    unsigned char indefinite[sizeof mixed + 2] = {0};
    memcpy(indefinite, mixed, sizeof mixed);
    indefinite[1] = 0x80; /* BER's indefinite length, two end octets after */
    indefinite[sizeof mixed - 2] = indefinite[sizeof mixed - 1] = 0;
    assert_int_equal(kc_cms_without_other_revinfo(indefinite, sizeof indefinite, &out, &out_len, &used), 0);
    assert_null(out);
#undef HEAD
#undef OTHER
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_revocation_reasons), T(test_proof_after_revocation), T(test_bad_then_good),
        T(test_external_proofs),    T(test_token_parsing),        cmocka_unit_test(test_other_revinfo),
    };
    return cmocka_run_group_tests_name("time", tests, group_setup, group_teardown);
}
