/* test_cms.c: CMS signature checks (src/lib/cms_check.c) against the test PKI.
 *
 * Each test signs some bytes with OpenSSL's CMS_sign the way a signing token
 * would (detached, with a chosen signingTime), hashes the bytes as the PDF
 * path does, and checks the verdict: the digest, the signature, the
 * algorithms, the time used, the chain, key usage and revocation. */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <openssl/cms.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/sha.h>
#include <openssl/ts.h>
#include <openssl/x509v3.h>

#include "cms_check.h"
#include "cms_internal.h"
#include "verdict.h"
#include "kiemchung/trust.h"

#define T2018 1527811200 /* 2018-06-01 */
#define T2021 1622505600 /* 2021-06-01 */
#define T2024 1717200000 /* 2024-06-01 */
#define NOW 1767225600   /* 2026-01-01, pinned */

static const char content[] = "Số: 15/QĐ-UBND ngày 07/02/2020 — Quyết định ban hành quy chế";

typedef struct fixture {
    char certs[512];
    kc_trust *trust;      /* certs/test/trust: root, ca and the CRL */
    kc_trust *root_only;  /* certs/test/trust-root-only */
    X509 *tsa_cert, *ec_cert;
    EVP_PKEY *tsa_key, *ec_key;
    unsigned char digest[32];
    kc_sig_info info;
} fixture;

typedef struct spec {
    const char *who;      /* certs/test/<who>.pem and .key */
    const EVP_MD *md;     /* NULL = SHA-256 */
    int64_t time;         /* signingTime; 0 = 2021-06-01 */
    unsigned flags;       /* CMS_USE_KEYID, CMS_NOATTR, CMS_NOCERTS */
    const char *extra;    /* another certificate to embed ("ca", "notca") */
    bool pss, zero_sig, ec;
    int64_t ts;           /* a timestamp with this genTime */
    bool ts_wrong;        /* ... over other bytes than the signature */
} spec;

static X509 *load_cert(const fixture *f, const char *name)
{
    char path[600];
    FILE *fp;
    X509 *x;

    snprintf(path, sizeof path, "%s/%s.pem", f->certs, name);
    fp = fopen(path, "r");
    assert_non_null(fp);
    x = PEM_read_X509(fp, NULL, NULL, NULL);
    fclose(fp);
    assert_non_null(x);
    return x;
}

static EVP_PKEY *load_key(const fixture *f, const char *name)
{
    char path[600];
    FILE *fp;
    EVP_PKEY *k;

    snprintf(path, sizeof path, "%s/%s.key", f->certs, name);
    fp = fopen(path, "r");
    assert_non_null(fp);
    k = PEM_read_PrivateKey(fp, NULL, NULL, NULL);
    fclose(fp);
    assert_non_null(k);
    return k;
}

static void add_ext(X509 *x, X509 *issuer, int nid, const char *value)
{
    X509V3_CTX ctx;
    X509_EXTENSION *ext;

    X509V3_set_ctx(&ctx, issuer, x, NULL, NULL, 0);
    ext = X509V3_EXT_conf_nid(NULL, &ctx, nid, value);
    assert_non_null(ext);
    assert_int_equal(X509_add_ext(x, ext, -1), 1);
    X509_EXTENSION_free(ext);
}

/* A certificate for key issued by the test signing CA: a TSA's, or a leader's. */
static X509 *issue(const fixture *f, EVP_PKEY *key, const char *cn, long serial, bool tsa)
{
    X509 *ca = load_cert(f, "ca"), *x = X509_new();
    EVP_PKEY *cakey = load_key(f, "ca");
    X509_NAME *name = X509_get_subject_name(x);

    X509_set_version(x, 2);
    ASN1_INTEGER_set(X509_get_serialNumber(x), serial);
    ASN1_TIME_set(X509_getm_notBefore(x), 1420070400);
    ASN1_TIME_set_string(X509_getm_notAfter(x), "20501231235959Z");
    if (!tsa)
        X509_NAME_add_entry_by_NID(name, NID_title, MBSTRING_UTF8,
                                   (const unsigned char *)"Chủ tịch", -1, -1, 0);
    X509_NAME_add_entry_by_NID(name, NID_commonName, MBSTRING_UTF8,
                               (const unsigned char *)cn, -1, -1, 0);
    X509_set_issuer_name(x, X509_get_subject_name(ca));
    X509_set_pubkey(x, key);
    add_ext(x, ca, NID_basic_constraints, "critical,CA:FALSE");
    add_ext(x, ca, NID_key_usage, tsa ? "critical,digitalSignature"
                                      : "critical,digitalSignature,nonRepudiation");
    if (tsa)
        add_ext(x, ca, NID_ext_key_usage, "critical,timeStamping");
    add_ext(x, ca, NID_subject_key_identifier, "hash");
    add_ext(x, ca, NID_authority_key_identifier, "keyid:always");
    assert_true(X509_sign(x, cakey, EVP_sha256()) > 0);
    X509_free(ca);
    EVP_PKEY_free(cakey);
    return x;
}

static int group_setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    const char *root = getenv("KC_SOURCE_ROOT");
    char path[600];

    if (!f)
        return -1;
    snprintf(f->certs, sizeof f->certs, "%s/certs/test", root ? root : ".");
    snprintf(path, sizeof path, "%s/trust", f->certs);
    if (kc_trust_new(&f->trust, NULL) || kc_trust_add_path(f->trust, path, NULL))
        return -1;
    snprintf(path, sizeof path, "%s/trust-root-only", f->certs);
    if (kc_trust_new(&f->root_only, NULL) || kc_trust_add_path(f->root_only, path, NULL))
        return -1;
    /* The TSA's key is a spare test key; its certificate is made here because
     * the committed PKI has no TSA. */
    f->tsa_key = load_key(f, "official");
    f->tsa_cert = issue(f, f->tsa_key, "Kiemchung Test TSA", 0x5000, true);
    f->ec_key = EVP_EC_gen("P-256");
    f->ec_cert = issue(f, f->ec_key, "Nguyễn Văn An (EC)", 0x5001, false);
    SHA256((const unsigned char *)content, sizeof content - 1, f->digest);
    *state = f;
    return 0;
}

static int group_teardown(void **state)
{
    fixture *f = *state;

    kc_trust_free(f->trust);
    kc_trust_free(f->root_only);
    X509_free(f->tsa_cert);
    X509_free(f->ec_cert);
    EVP_PKEY_free(f->tsa_key);
    EVP_PKEY_free(f->ec_key);
    free(f);
    return 0;
}

static void clear_info(kc_sig_info *i)
{
    kc_sig_info_clear(i); /* the library's own: a field added to kc_sig_info is freed here too */
}

static int setup(void **state)
{
    clear_info(&((fixture *)*state)->info);
    return 0;
}

static int teardown(void **state)
{
    clear_info(&((fixture *)*state)->info);
    return 0;
}

static int fixed_time(TS_RESP_CTX *ctx, void *data, long *sec, long *usec)
{
    (void)ctx;
    *sec = (long)*(int64_t *)data;
    *usec = 0;
    return 1;
}

/* An RFC 3161 token (DER) over data, made by the test TSA at time t. */
static unsigned char *make_token(const fixture *f, const unsigned char *data, size_t len,
                                 int64_t t, int *outlen)
{
    TS_REQ *req = TS_REQ_new();
    TS_MSG_IMPRINT *mi = TS_MSG_IMPRINT_new();
    X509_ALGOR *alg = X509_ALGOR_new();
    TS_RESP_CTX *rctx = TS_RESP_CTX_new();
    ASN1_OBJECT *policy = OBJ_txt2obj("1.3.6.1.4.1.99999.1", 1);
    BIO *bio = BIO_new(BIO_s_mem());
    unsigned char h[32], *der = NULL;
    TS_RESP *resp;

    SHA256(data, len, h);
    X509_ALGOR_set0(alg, OBJ_nid2obj(NID_sha256), V_ASN1_NULL, NULL);
    TS_MSG_IMPRINT_set_algo(mi, alg);
    TS_MSG_IMPRINT_set_msg(mi, h, sizeof h);
    TS_REQ_set_version(req, 1);
    TS_REQ_set_msg_imprint(req, mi);
    TS_REQ_set_cert_req(req, 1);
    assert_int_equal(i2d_TS_REQ_bio(bio, req), 1);
    assert_int_equal(TS_RESP_CTX_set_signer_cert(rctx, f->tsa_cert), 1);
    assert_int_equal(TS_RESP_CTX_set_signer_key(rctx, f->tsa_key), 1);
    TS_RESP_CTX_set_signer_digest(rctx, EVP_sha256());
    TS_RESP_CTX_set_def_policy(rctx, policy);
    TS_RESP_CTX_add_md(rctx, EVP_sha256());
    TS_RESP_CTX_set_time_cb(rctx, fixed_time, &t);
    resp = TS_RESP_create_response(rctx, bio);
    assert_non_null(resp);
    assert_int_equal(ASN1_INTEGER_get(TS_STATUS_INFO_get0_status(TS_RESP_get_status_info(resp))),
                     0);
    *outlen = i2d_PKCS7(TS_RESP_get_token(resp), &der);
    assert_true(*outlen > 0);
    TS_RESP_free(resp);
    TS_RESP_CTX_free(rctx);
    TS_MSG_IMPRINT_free(mi);
    X509_ALGOR_free(alg);
    TS_REQ_free(req);
    ASN1_OBJECT_free(policy);
    BIO_free(bio);
    return der;
}

/* A detached CMS SignedData over content as s describes; DER, malloc'd. */
static unsigned char *sign(const fixture *f, const spec *s, size_t *len)
{
    X509 *cert = s->ec ? f->ec_cert : load_cert(f, s->who);
    EVP_PKEY *key = s->ec ? f->ec_key : load_key(f, s->who);
    BIO *data = BIO_new_mem_buf(content, sizeof content - 1);
    unsigned base = CMS_DETACHED | CMS_BINARY | CMS_PARTIAL | CMS_NOSMIMECAP;
    CMS_ContentInfo *cms = CMS_sign(NULL, NULL, NULL, NULL, base);
    CMS_SignerInfo *si;
    ASN1_TIME *when = ASN1_TIME_set(NULL, (time_t)(s->time ? s->time : T2021));
    unsigned char *der = NULL, *out;
    int n;

    assert_non_null(cms);
    si = CMS_add1_signer(cms, cert, key, s->md ? s->md : EVP_sha256(),
                         base | s->flags | (s->pss ? CMS_KEY_PARAM : 0));
    assert_non_null(si);
    if (s->pss)
        assert_int_equal(EVP_PKEY_CTX_set_rsa_padding(CMS_SignerInfo_get0_pkey_ctx(si),
                                                      RSA_PKCS1_PSS_PADDING), 1);
    if (!(s->flags & CMS_NOATTR))
        assert_int_equal(CMS_signed_add1_attr_by_NID(si, NID_pkcs9_signingTime,
                                                     ASN1_STRING_type(when), when, -1), 1);
    if (s->extra) {
        X509 *extra = load_cert(f, s->extra);
        assert_int_equal(CMS_add1_cert(cms, extra), 1);
        X509_free(extra);
    }
    assert_int_equal(CMS_final(cms, data, NULL, base), 1);
    if (s->ts) {
        ASN1_OCTET_STRING *sig = CMS_SignerInfo_get0_signature(si);
        int tlen;
        unsigned char *tok = s->ts_wrong ?
            make_token(f, (const unsigned char *)"other", 5, s->ts, &tlen) :
            make_token(f, sig->data, (size_t)sig->length, s->ts, &tlen);
        assert_int_equal(CMS_unsigned_add1_attr_by_txt(si, "1.2.840.113549.1.9.16.2.14",
                                                       V_ASN1_SEQUENCE, tok, tlen), 1);
        OPENSSL_free(tok);
    }
    if (s->zero_sig) {
        ASN1_OCTET_STRING *sig = CMS_SignerInfo_get0_signature(si);
        memset(sig->data, 0, (size_t)sig->length);
    }
    n = i2d_CMS_ContentInfo(cms, &der);
    assert_true(n > 0);
    out = malloc((size_t)n);
    memcpy(out, der, (size_t)n);
    *len = (size_t)n;
    OPENSSL_free(der);
    ASN1_TIME_free(when);
    CMS_ContentInfo_free(cms);
    BIO_free(data);
    if (!s->ec) {
        X509_free(cert);
        EVP_PKEY_free(key);
    }
    return out;
}

/* Signs as s says and checks against trust with opts (NULL = now pinned). */
static void run(fixture *f, const spec *s, const kc_trust *trust, const kc_verify_opts *opts)
{
    static const kc_verify_opts pinned = {.now = NOW};
    size_t len;
    unsigned char *der = sign(f, s, &len);
    kc_cms *cms = NULL;
    kc_error err = {0};

    assert_int_equal(kc_cms_parse(&cms, der, len, &err), 0);
    assert_int_equal(kc_cms_check(cms, f->digest, sizeof f->digest, trust ? trust : f->trust,
                                  opts ? opts : &pinned, &f->info, &err), 0);
    kc_cms_free(cms);
    free(der);
}

#define assert_reasons(f, want) assert_int_equal((f)->info.reasons, (want))
#define assert_ok(f) do { assert_reasons(f, 0); assert_true((f)->info.intact); \
        assert_true((f)->info.trusted); assert_null((f)->info.detail); } while (0)

static void test_valid_leader(void **state)
{
    fixture *f = *state;
    spec s = {.who = "leader"};
    X509 *x = load_cert(f, "leader");
    unsigned char fp[32];
    unsigned int n;
    char hex[65];

    run(f, &s, NULL, NULL);
    assert_ok(f);
    assert_string_equal(f->info.signer, "Nguyễn Văn An");
    assert_string_equal(f->info.title, "Chủ tịch");
    assert_string_equal(f->info.organization, "UBND xã Thủy An");
    assert_string_equal(f->info.issuer, "Kiemchung Test Signing CA");
    assert_string_equal(f->info.serial, "2000");
    assert_string_equal(f->info.digest, "sha256");
    X509_digest(x, EVP_sha256(), fp, &n);
    for (unsigned i = 0; i < n; i++)
        snprintf(hex + 2 * i, 3, "%02x", fp[i]);
    assert_string_equal(f->info.fingerprint, hex);
    assert_int_equal(f->info.signing_time, T2021);
    /* A claimed time proves nothing: the chain is checked now. */
    assert_int_equal(f->info.checked_at, NOW);
    assert_int_equal(f->info.time_source, KC_TIME_NOW);
    X509_free(x);
}

static void test_digest_mismatch(void **state)
{
    fixture *f = *state;
    spec s = {.who = "leader"};

    f->digest[0] ^= 1;
    run(f, &s, NULL, NULL);
    f->digest[0] ^= 1;
    assert_reasons(f, KC_R_DIGEST_MISMATCH);
    assert_false(f->info.intact);
    assert_true(f->info.trusted);
    assert_non_null(f->info.detail);
}

static void test_bad_signature(void **state)
{
    fixture *f = *state;
    spec s = {.who = "leader", .zero_sig = true};

    run(f, &s, NULL, NULL);
    assert_reasons(f, KC_R_BAD_SIGNATURE);
    assert_false(f->info.intact);
}

static void test_sha1_weak(void **state)
{
    fixture *f = *state;
    spec s = {.who = "leader", .md = EVP_sha1()};
    kc_verify_opts weak_ok = {.now = NOW, .allow_weak = true};
    unsigned char d[20];

    SHA1((const unsigned char *)content, sizeof content - 1, d);
    memcpy(f->digest, d, sizeof d); /* the digest is SHA-1 now; length checked below */
    {
        size_t len;
        unsigned char *der = sign(f, &s, &len);
        kc_cms *cms = NULL;

        assert_int_equal(kc_cms_parse(&cms, der, len, NULL), 0);
        assert_string_equal(kc_cms_digest_name(cms), "sha1");
        assert_int_equal(kc_cms_check(cms, d, sizeof d, f->trust, &weak_ok, &f->info, NULL), 0);
        assert_ok(f);
        assert_string_equal(f->info.digest, "sha1");
        clear_info(&f->info);
        weak_ok.allow_weak = false;
        assert_int_equal(kc_cms_check(cms, d, sizeof d, f->trust, &weak_ok, &f->info, NULL), 0);
        kc_cms_free(cms);
        free(der);
    }
    SHA256((const unsigned char *)content, sizeof content - 1, f->digest);
    assert_reasons(f, KC_R_WEAK_ALGORITHM);
    assert_false(f->info.intact);
    assert_true(f->info.trusted);
}

static void test_md5_never(void **state)
{
    fixture *f = *state;
    spec s = {.who = "leader", .md = EVP_md5()};
    kc_verify_opts weak_ok = {.now = NOW, .allow_weak = true};
    unsigned char d[16];
    size_t len;
    unsigned char *der = sign(f, &s, &len);
    kc_cms *cms = NULL;

    EVP_Digest(content, sizeof content - 1, d, NULL, EVP_md5(), NULL);
    assert_int_equal(kc_cms_parse(&cms, der, len, NULL), 0);
    assert_string_equal(kc_cms_digest_name(cms), "md5");
    assert_int_equal(kc_cms_check(cms, d, sizeof d, f->trust, &weak_ok, &f->info, NULL), 0);
    assert_true(f->info.reasons & KC_R_WEAK_ALGORITHM);
    assert_false(f->info.intact);
    kc_cms_free(cms);
    free(der);
}

static void test_rsa1024_weak(void **state)
{
    fixture *f = *state;
    spec s = {.who = "rsa1024"};
    kc_verify_opts weak_ok = {.now = NOW, .allow_weak = true};

    run(f, &s, NULL, NULL);
    assert_reasons(f, KC_R_WEAK_ALGORITHM);
    assert_false(f->info.intact);
    assert_non_null(strstr(f->info.detail, "1024"));
    clear_info(&f->info);
    run(f, &s, NULL, &weak_ok);
    assert_ok(f);
}

static void test_untrusted_selfmade(void **state)
{
    fixture *f = *state;
    spec s = {.who = "selfmade"};

    run(f, &s, NULL, NULL);
    assert_reasons(f, KC_R_UNTRUSTED);
    assert_true(f->info.intact);
    assert_false(f->info.trusted);
    assert_string_equal(f->info.title, "Chủ tịch"); /* the name is there; the chain is not */
}

static void test_expired(void **state)
{
    fixture *f = *state;
    spec s = {.who = "expired"};

    run(f, &s, NULL, NULL);
    assert_reasons(f, KC_R_EXPIRED);
    assert_false(f->info.trusted);
    assert_non_null(f->info.detail);
}

/* Valid 2020-2022, signed (it says) in 2021, checked in 2026: nothing proves
 * the signature is older than the expiry, so it is indeterminate; a
 * timestamp, --at or the old claimed-time rule make it valid. */
static void test_expired_since(void **state)
{
    fixture *f = *state;
    spec s = {.who = "expired-since"};
    spec stamped = {.who = "expired-since", .ts = T2021 + 60};
    kc_verify_opts claimed = {.now = NOW, .accept_claimed_time = true};

    run(f, &s, NULL, NULL);
    assert_reasons(f, KC_R_NO_PROOF_OF_TIME);
    assert_true(f->info.intact);
    assert_false(f->info.trusted);
    assert_int_equal(f->info.checked_at, NOW);
    assert_non_null(strstr(f->info.detail, "2022-01-01"));
    clear_info(&f->info);
    run(f, &stamped, NULL, NULL);
    assert_ok(f);
    assert_int_equal(f->info.time_source, KC_TIME_TIMESTAMP);
    assert_string_equal(f->info.time_proof, "Kiemchung Test TSA");
    clear_info(&f->info);
    run(f, &s, NULL, &claimed);
    assert_ok(f);
    assert_int_equal(f->info.time_source, KC_TIME_CLAIMED);
    assert_int_equal(f->info.checked_at, T2021);
}

static void test_revoked(void **state)
{
    fixture *f = *state;
    spec after = {.who = "revoked", .time = T2024};
    spec before = {.who = "revoked"};

    run(f, &after, NULL, NULL);
    assert_reasons(f, KC_R_REVOKED);
    assert_false(f->info.trusted);
    clear_info(&f->info);
    /* Revoked later for keyCompromise: a claimed earlier time is the word of
     * whoever holds the compromised key. */
    run(f, &before, NULL, NULL);
    assert_reasons(f, KC_R_REVOKED);
}

static void test_revoked_after_timestamp(void **state)
{
    fixture *f = *state;
    spec s = {.who = "revoked", .ts = T2021 + 60};

    /* Even proven older than the revocation: a compromised key is revoked
     * for keyCompromise, and whoever holds it could have signed in 2021. */
    run(f, &s, NULL, NULL);
    assert_reasons(f, KC_R_REVOKED);
    assert_int_equal(f->info.time_source, KC_TIME_TIMESTAMP);
    assert_int_equal(f->info.checked_at, T2021 + 60);
}

static void test_key_usage(void **state)
{
    fixture *f = *state;
    spec s = {.who = "nokeyusage"};

    run(f, &s, NULL, NULL);
    assert_reasons(f, KC_R_KEY_USAGE);
    assert_true(f->info.intact);
    assert_false(f->info.trusted);
}

static void test_notca_chain(void **state)
{
    fixture *f = *state;
    spec s = {.who = "notca-leaf", .extra = "notca"};

    run(f, &s, NULL, NULL);
    assert_false(f->info.trusted);
    assert_true(f->info.reasons & (KC_R_CHAIN | KC_R_UNTRUSTED));
    assert_int_equal(f->info.reasons & ~(unsigned)(KC_R_CHAIN | KC_R_UNTRUSTED), 0);
}

static void test_future_time(void **state)
{
    fixture *f = *state;
    spec s = {.who = "leader", .time = NOW + 86400};

    run(f, &s, NULL, NULL);
    assert_reasons(f, KC_R_FUTURE_TIME);
    assert_false(f->info.trusted);
    assert_int_equal(f->info.signing_time, NOW + 86400);
    assert_int_equal(f->info.checked_at, NOW);
}

static void test_at_override(void **state)
{
    fixture *f = *state;
    spec s = {.who = "expired"};
    kc_verify_opts at = {.now = NOW, .at = T2018};

    run(f, &s, NULL, &at);
    assert_ok(f);
    assert_int_equal(f->info.time_source, KC_TIME_OVERRIDE);
    assert_int_equal(f->info.checked_at, T2018);
    assert_int_equal(f->info.signing_time, T2021);
}

static void test_ski_signer_id(void **state)
{
    fixture *f = *state;
    spec s = {.who = "deputy", .flags = CMS_USE_KEYID};

    run(f, &s, NULL, NULL);
    assert_ok(f);
    assert_string_equal(f->info.title, "Phó Chủ tịch");
}

/* Tokens embed only the signer's certificate; the intermediate comes from the
 * trust directory, or from the CMS when the directory has only the root. */
static void test_intermediates(void **state)
{
    fixture *f = *state;
    spec leaf_only = {.who = "org"};
    spec with_ca = {.who = "org", .extra = "ca"};

    run(f, &leaf_only, f->trust, NULL);
    assert_ok(f);
    assert_null(f->info.title);
    clear_info(&f->info);
    run(f, &with_ca, f->root_only, NULL);
    assert_ok(f);
    clear_info(&f->info);
    run(f, &leaf_only, f->root_only, NULL);
    assert_reasons(f, KC_R_UNTRUSTED);
}

static void test_no_signer_cert(void **state)
{
    fixture *f = *state;
    spec s = {.who = "leader", .flags = CMS_NOCERTS};

    run(f, &s, NULL, NULL);
    assert_true(f->info.reasons & KC_R_NO_SIGNER_CERT);
    assert_false(f->info.intact);
    assert_false(f->info.trusted);
    assert_null(f->info.signer);
}

/* adbe.pkcs7.detached allows a signature straight over the content digest. */
static void test_no_signed_attributes(void **state)
{
    fixture *f = *state;
    spec s = {.who = "leader", .flags = CMS_NOATTR};

    run(f, &s, NULL, NULL);
    assert_ok(f);
    assert_int_equal(f->info.time_source, KC_TIME_NOW);
    assert_int_equal(f->info.checked_at, NOW);
    assert_int_equal(f->info.signing_time, 0);
    clear_info(&f->info);
    f->digest[5] ^= 0x80;
    run(f, &s, NULL, NULL);
    f->digest[5] ^= 0x80;
    assert_reasons(f, KC_R_DIGEST_MISMATCH);
    clear_info(&f->info);
    s.zero_sig = true;
    run(f, &s, NULL, NULL);
    assert_reasons(f, KC_R_BAD_SIGNATURE);
    clear_info(&f->info);
    /* The PDF layer hands over /M, PAdES's claimed time, when the CMS has none. */
    s.zero_sig = false;
    f->info.signing_time = T2021;
    run(f, &s, NULL, NULL);
    assert_ok(f);
    assert_int_equal(f->info.time_source, KC_TIME_NOW);
    assert_int_equal(f->info.signing_time, T2021);
    assert_int_equal(f->info.checked_at, NOW);
}

static void test_rsa_pss(void **state)
{
    fixture *f = *state;
    spec s = {.who = "official", .pss = true};

    run(f, &s, NULL, NULL);
    assert_ok(f);
    clear_info(&f->info);
    s.zero_sig = true;
    run(f, &s, NULL, NULL);
    assert_reasons(f, KC_R_BAD_SIGNATURE);
}

static void test_ecdsa(void **state)
{
    fixture *f = *state;
    spec s = {.ec = true};

    run(f, &s, NULL, NULL);
    assert_ok(f);
    assert_string_equal(f->info.signer, "Nguyễn Văn An (EC)");
    assert_string_equal(f->info.serial, "5001");
}

static void test_timestamp(void **state)
{
    fixture *f = *state;
    spec good = {.who = "leader", .ts = T2021 + 60};
    spec bad = {.who = "leader", .ts = T2021, .ts_wrong = true};
    spec backdated = {.who = "leader", .time = T2024, .ts = T2021 + 60};

    run(f, &good, NULL, NULL);
    assert_ok(f);
    assert_int_equal(f->info.time_source, KC_TIME_TIMESTAMP);
    assert_int_equal(f->info.signing_time, T2021 + 60);
    assert_int_equal(f->info.checked_at, T2021 + 60);
    clear_info(&f->info);
    /* A timestamp over other bytes: reported; nothing is proven, so now. */
    run(f, &bad, NULL, NULL);
    assert_reasons(f, KC_R_BAD_TIMESTAMP);
    assert_false(f->info.trusted);
    assert_int_equal(f->info.time_source, KC_TIME_NOW);
    assert_int_equal(f->info.checked_at, NOW);
    clear_info(&f->info);
    /* A TSA that chains to no anchor proves nothing, but breaks nothing
     * either: the timestamp is over this signature. */
    run(f, &good, f->root_only, NULL);
    assert_false(f->info.reasons & KC_R_BAD_TIMESTAMP);
    assert_int_equal(f->info.time_source, KC_TIME_NOW);
    assert_int_equal(f->info.signing_time, T2021);
    assert_non_null(f->info.time_note);
    clear_info(&f->info);
    /* A genTime earlier than the signer's own claim proves nothing. */
    run(f, &backdated, NULL, NULL);
    assert_ok(f);
    assert_int_equal(f->info.time_source, KC_TIME_NOW);
    assert_int_equal(f->info.signing_time, T2024);
    assert_non_null(strstr(f->info.time_note, "earlier than the signing time"));
}

/* Several problems at once are all reported. */
static void test_all_problems(void **state)
{
    fixture *f = *state;
    spec s = {.who = "expired", .extra = "notca", .zero_sig = true};

    run(f, &s, f->root_only, NULL);
    assert_true(f->info.reasons & KC_R_BAD_SIGNATURE);
    assert_true(f->info.reasons & KC_R_EXPIRED);
    assert_true(f->info.reasons & KC_R_UNTRUSTED);
}

static void test_parse_errors(void **state)
{
    fixture *f = *state;
    spec s = {.who = "leader"};
    size_t len;
    unsigned char *der = sign(f, &s, &len), *padded = calloc(1, len + 100);
    kc_cms *cms = NULL;
    kc_error err = {0};
    CMS_ContentInfo *att;
    X509 *x = load_cert(f, "leader");
    EVP_PKEY *k = load_key(f, "leader");
    BIO *data = BIO_new_mem_buf(content, sizeof content - 1);
    unsigned char *adder = NULL;
    int alen;

    /* Zero padding (a PDF /Contents) is fine; anything else after is not. */
    memcpy(padded, der, len);
    assert_int_equal(kc_cms_parse(&cms, padded, len + 100, &err), 0);
    kc_cms_free(cms);
    cms = NULL;
    padded[len + 50] = 'x';
    assert_int_equal(kc_cms_parse(&cms, padded, len + 100, &err), KC_EFORMAT);
    assert_null(cms);
    assert_int_equal(kc_cms_parse(&cms, der, len - 1, &err), KC_EFORMAT);
    assert_int_equal(kc_cms_parse(&cms, (const unsigned char *)"junk", 4, &err), KC_EFORMAT);
    assert_int_equal(kc_cms_parse(&cms, der, (size_t)2 << 20, &err), KC_ELIMIT);

    att = CMS_sign(x, k, NULL, data, CMS_BINARY);
    assert_non_null(att);
    alen = i2d_CMS_ContentInfo(att, &adder);
    assert_int_equal(kc_cms_parse(&cms, adder, (size_t)alen, &err), KC_EFORMAT);
    assert_non_null(strstr(err.message, "detached"));

    kc_cms_free(NULL);
    OPENSSL_free(adder);
    CMS_ContentInfo_free(att);
    BIO_free(data);
    X509_free(x);
    EVP_PKEY_free(k);
    free(padded);
    free(der);
}

static void test_two_signers(void **state)
{
    fixture *f = *state;
    X509 *a = load_cert(f, "leader"), *b = load_cert(f, "org");
    EVP_PKEY *ka = load_key(f, "leader"), *kb = load_key(f, "org");
    BIO *data = BIO_new_mem_buf(content, sizeof content - 1);
    unsigned flags = CMS_DETACHED | CMS_BINARY | CMS_PARTIAL;
    CMS_ContentInfo *cms = CMS_sign(NULL, NULL, NULL, NULL, flags);
    unsigned char *der = NULL;
    kc_cms *parsed = NULL;
    int n;

    assert_non_null(CMS_add1_signer(cms, a, ka, EVP_sha256(), flags));
    assert_non_null(CMS_add1_signer(cms, b, kb, EVP_sha256(), flags));
    assert_int_equal(CMS_final(cms, data, NULL, flags), 1);
    n = i2d_CMS_ContentInfo(cms, &der);
    assert_int_equal(kc_cms_parse(&parsed, der, (size_t)n, NULL), KC_EFORMAT);
    OPENSSL_free(der);
    CMS_ContentInfo_free(cms);
    BIO_free(data);
    X509_free(a);
    X509_free(b);
    EVP_PKEY_free(ka);
    EVP_PKEY_free(kb);
}

/* The trust store is shared read-only by the verification threads. */
typedef struct job {
    fixture *f;
    const unsigned char *der;
    size_t len;
    int good;
} job;

static void *worker(void *arg)
{
    job *j = arg;
    kc_verify_opts opts = {.now = NOW};

    for (int i = 0; i < 25; i++) {
        kc_cms *cms = NULL;
        kc_sig_info info = {0};

        if (kc_cms_parse(&cms, j->der, j->len, NULL) == 0 &&
            kc_cms_check(cms, j->f->digest, 32, j->f->trust, &opts, &info, NULL) == 0 &&
            info.intact && info.trusted)
            j->good++;
        clear_info(&info);
        kc_cms_free(cms);
    }
    return NULL;
}

static void test_threads(void **state)
{
    fixture *f = *state;
    spec s = {.who = "deputy"};
    size_t len;
    unsigned char *der = sign(f, &s, &len);
    pthread_t t[8];
    job jobs[8];

    for (int i = 0; i < 8; i++) {
        jobs[i] = (job){.f = f, .der = der, .len = len};
        assert_int_equal(pthread_create(&t[i], NULL, worker, &jobs[i]), 0);
    }
    for (int i = 0; i < 8; i++) {
        pthread_join(t[i], NULL);
        assert_int_equal(jobs[i].good, 25);
    }
    free(der);
}

static void assert_same_text(const char *a, const char *b)
{
    if (!a || !b)
        assert_ptr_equal(a, b);
    else
        assert_string_equal(a, b);
}

/* A signer's names are remembered by its certificate's fingerprint
 * (cms_signer.c): asked twice, the second answer (remembered) is the first,
 * field by field, and both are what the certificate says. */
static void test_describe_remembered(void **state)
{
    fixture *f = *state;
    static const char *const who[] = {"leader", "org", "deputy", "marks-title", "official", "farmers-deputy",
                                      "org-other"};
    kc_cms cms = {.digest_name = "sha256"};
    for (size_t i = 0; i < sizeof who / sizeof *who; i++) {
        X509 *x = load_cert(f, who[i]);
        kc_sig_info a = {0}, b = {0};
        assert_true(kc_cms_describe_signer(x, &cms, f->trust, &a));
        assert_true(kc_cms_describe_signer(x, &cms, f->trust, &b));
        const char *const ta[] = {a.signer, a.title, a.organization, a.province, a.unit, a.locality, a.street,
                                  a.person_mark, a.issuer, a.serial, a.fingerprint, a.digest};
        const char *const tb[] = {b.signer, b.title, b.organization, b.province, b.unit, b.locality, b.street,
                                  b.person_mark, b.issuer, b.serial, b.fingerprint, b.digest};
        for (size_t k = 0; k < sizeof ta / sizeof *ta; k++)
            assert_same_text(ta[k], tb[k]);
        assert_int_equal(a.pseudonym, b.pseudonym);
        assert_int_equal(a.cert_not_before, b.cert_not_before);
        assert_int_equal(a.cert_not_after, b.cert_not_after);
        /* what the certificate says */
        char cn[256], o[256];
        assert_true(X509_NAME_get_text_by_NID(X509_get_subject_name(x), NID_commonName, cn, sizeof cn) > 0);
        assert_true(X509_NAME_get_text_by_NID(X509_get_subject_name(x), NID_organizationName, o, sizeof o) > 0);
        assert_string_equal(b.signer, cn);
        assert_string_equal(b.organization, o);
        assert_string_equal(b.province, "Thừa Thiên Huế");
        assert_null(b.unit);
        assert_string_equal(b.issuer, "Kiemchung Test Signing CA");
        assert_true(b.cert_not_before > 0 && b.cert_not_after > b.cert_not_before);
        assert_true(kc_cms_asn1_time_unix(X509_get0_notAfter(x), &a.cert_not_after));
        assert_int_equal(b.cert_not_after, a.cert_not_after);
        kc_sig_info_clear(&a);
        kc_sig_info_clear(&b);
        X509_free(x);
    }
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_valid_leader),      T(test_digest_mismatch),      T(test_bad_signature),
        T(test_sha1_weak),         T(test_md5_never),            T(test_rsa1024_weak),
        T(test_untrusted_selfmade), T(test_expired),             T(test_expired_since),
        T(test_revoked),           T(test_revoked_after_timestamp), T(test_key_usage),
        T(test_notca_chain),       T(test_future_time),          T(test_at_override),
        T(test_ski_signer_id),     T(test_intermediates),        T(test_no_signer_cert),
        T(test_no_signed_attributes), T(test_rsa_pss),           T(test_ecdsa),
        T(test_timestamp),         T(test_all_problems),         T(test_parse_errors),
        T(test_two_signers),       T(test_threads),              T(test_describe_remembered),
    };
    return cmocka_run_group_tests_name("cms", tests, group_setup, group_teardown);
}
