/* test_cms.c: CMS signature checks (src/lib/cms_check.c) against the test PKI.
 *
 * Each test signs some bytes with OpenSSL's CMS_sign the way a signing token
 * would (detached, with a chosen signingTime), hashes the bytes as the PDF
 * path does, and checks the verdict: the digest, the signature, the
 * algorithms, the chain and key usage (the fixture: test_cms_fx.h; time,
 * expiry, revocation and timestamps: test_cms_time.c). */
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

#include "test_cms_fx.h"

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
        T(test_valid_leader), T(test_digest_mismatch), T(test_bad_signature),
        T(test_sha1_weak), T(test_md5_never), T(test_rsa1024_weak),
        T(test_untrusted_selfmade), T(test_key_usage), T(test_notca_chain),
        T(test_ski_signer_id), T(test_intermediates), T(test_no_signer_cert),
        T(test_no_signed_attributes), T(test_rsa_pss), T(test_ecdsa),
        T(test_all_problems), T(test_parse_errors), T(test_two_signers),
        T(test_threads), T(test_describe_remembered),
    };
    return cmocka_run_group_tests_name("cms", tests, group_setup, group_teardown);
}
