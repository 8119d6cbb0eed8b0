/* test_cms_fx.h: the fixture of the CMS unit tests (test_cms.c, test_cms_time.c):
 * the test PKI (certs/test), a TSA and an EC signer made at group setup, sign()
 * as a signing token signs (detached, a chosen signingTime, optionally a
 * timestamp), and run(), which signs as a spec says and checks the verdict
 * into the fixture's kc_sig_info.
 * Include after cmocka.h, OpenSSL's headers, cms_check.h, cms_internal.h,
 * verdict.h and kiemchung/trust.h. */
#ifndef KC_TEST_CMS_FX_H
#define KC_TEST_CMS_FX_H

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

#endif
