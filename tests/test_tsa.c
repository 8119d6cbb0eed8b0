/* test_tsa.c: the RFC 3161 client's checks (tsa.c) on replies made here
 * with OpenSSL's TSA code and the test PKI's TSA: a granted reply to the
 * query gives its token; one to another nonce, over other bytes, refusing,
 * holding no token or not a reply at all is refused with its reason.  The
 * exchange over HTTP is tests/cli/seal.sh's. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <glib.h>
#include <openssl/pem.h>
#include <openssl/ts.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "timestamp.h"
#include "tsa.h"

static const unsigned char nonce[8] = {0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88};

static unsigned char *pem_file(const char *name, bool key, void **out)
{
    const char *root = getenv("KC_SOURCE_ROOT");
    char *path = g_build_filename(root ? root : ".", "certs", "test", name, NULL);
    FILE *fp = fopen(path, "r");
    *out = !fp ? NULL : key ? (void *)PEM_read_PrivateKey(fp, NULL, NULL, NULL) : (void *)PEM_read_X509(fp, NULL, NULL, NULL);
    if (fp)
        fclose(fp);
    g_free(path);
    return NULL;
}

/* The DER reply the test TSA gives to query (DER). */
static unsigned char *reply_to(const unsigned char *query, size_t qlen, int *len)
{
    void *x = NULL, *k = NULL;
    pem_file("tsa.pem", false, &x);
    pem_file("tsa.key", true, &k);
    TS_RESP_CTX *ctx = TS_RESP_CTX_new();
    ASN1_OBJECT *policy = OBJ_txt2obj("1.3.6.1.4.1.99999.1", 1);
    BIO *q = BIO_new_mem_buf(query, (int)qlen);
    unsigned char *der = NULL;
    TS_RESP_CTX_set_signer_cert(ctx, x);
    TS_RESP_CTX_set_signer_key(ctx, k);
    TS_RESP_CTX_set_signer_digest(ctx, EVP_sha256());
    TS_RESP_CTX_set_def_policy(ctx, policy);
    TS_RESP_CTX_add_md(ctx, EVP_sha256());
    TS_RESP *resp = TS_RESP_create_response(ctx, q);
    *len = resp ? i2d_TS_RESP(resp, &der) : 0;
    TS_RESP_free(resp);
    BIO_free(q);
    ASN1_OBJECT_free(policy);
    TS_RESP_CTX_free(ctx);
    X509_free(x);
    EVP_PKEY_free(k);
    return der;
}

static void query_for(unsigned char imprint[32], const char *what, const unsigned char *n, unsigned char **q, size_t *qlen)
{
    kc_error err = {0};
    EVP_Digest(what, strlen(what), imprint, NULL, EVP_sha256(), NULL);
    assert_int_equal(kc_tsa_query(q, qlen, imprint, n, 8, &err), 0);
}

static void test_granted_reply_gives_the_token(void **state)
{
    (void)state;
    unsigned char imprint[32], *q = NULL, *tok = NULL;
    size_t qlen = 0, toklen = 0;
    int rlen = 0;
    kc_error err = {0};
    query_for(imprint, "the seal's signature value", nonce, &q, &qlen);
    unsigned char *r = reply_to(q, qlen, &rlen);
    assert_true(rlen > 0);
    if (kc_tsa_reply(&tok, &toklen, r, (size_t)rlen, imprint, nonce, sizeof nonce, &err) != 0)
        fail_msg("%s", err.message);
    /* The token is over the bytes, and proves against the test CA. */
    kc_ts_token *t = NULL;
    assert_int_equal(kc_ts_parse(&t, tok, toklen, &err), 0);
    const char *root = getenv("KC_SOURCE_ROOT");
    char *dir = g_build_filename(root ? root : ".", "certs", "test", "trust", NULL);
    kc_trust *trust = NULL;
    assert_int_equal(kc_trust_new(&trust, &err), 0);
    assert_int_equal(kc_trust_add_path(trust, dir, &err), 0);
    kc_verify_opts opts = {0};
    kc_ts_result res;
    kc_ts_check(t, (const unsigned char *)"the seal's signature value", strlen("the seal's signature value"), NULL, 0,
                trust, &opts, (int64_t)time(NULL), &res);
    assert_int_equal(res.state, KC_TS_PROVES);
    assert_string_equal(res.tsa, "Kiemchung Test TSA");
    kc_ts_free(t);
    kc_trust_free(trust);
    g_free(dir);
    free(tok);
    OPENSSL_free(r);
    free(q);
}

static void test_foreign_replies_refused(void **state)
{
    (void)state;
    static const unsigned char other_nonce[8] = {0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x89};
    unsigned char imprint[32], other[32], *q = NULL, *tok = NULL;
    size_t qlen = 0, toklen = 0;
    int rlen = 0;
    kc_error err = {0};

    /* A reply to another request (its nonce) for the same bytes. */
    query_for(imprint, "x", other_nonce, &q, &qlen);
    unsigned char *r = reply_to(q, qlen, &rlen);
    assert_int_equal(kc_tsa_reply(&tok, &toklen, r, (size_t)rlen, imprint, nonce, sizeof nonce, &err), KC_EFORMAT);
    assert_non_null(strstr(err.message, "nonce"));
    OPENSSL_free(r);
    free(q);
    /* A reply with our nonce over other bytes. */
    query_for(other, "y", nonce, &q, &qlen);
    r = reply_to(q, qlen, &rlen);
    EVP_Digest("x", 1, imprint, NULL, EVP_sha256(), NULL);
    assert_int_equal(kc_tsa_reply(&tok, &toklen, r, (size_t)rlen, imprint, nonce, sizeof nonce, &err), KC_EFORMAT);
    assert_non_null(strstr(err.message, "imprint"));
    /* The same reply with a byte after it. */
    unsigned char *longer = malloc((size_t)rlen + 1);
    memcpy(longer, r, (size_t)rlen);
    longer[rlen] = 0;
    assert_int_equal(kc_tsa_reply(&tok, &toklen, longer, (size_t)rlen + 1, other, nonce, sizeof nonce, &err), KC_EFORMAT);
    assert_non_null(strstr(err.message, "not an RFC 3161"));
    free(longer);
    OPENSSL_free(r);
    free(q);
    assert_null(tok);
}

static void test_refusals_and_garbage(void **state)
{
    (void)state;
    static const unsigned char rejection[] = {0x30, 0x05, 0x30, 0x03, 0x02, 0x01, 0x02};
    static const unsigned char granted_empty[] = {0x30, 0x05, 0x30, 0x03, 0x02, 0x01, 0x00};
    /* rejection, badAlg + systemFailure, and the TSA's own words */
    static const unsigned char with_text[] = {0x30, 0x16, 0x30, 0x14, 0x02, 0x01, 0x02, 0x30, 0x08, 0x0c, 0x06, 'b', 'u',
                                              's', 'y', '\n', '!', 0x03, 0x05, 0x06, 0x80, 0x00, 0x00, 0x40};
    unsigned char imprint[32] = {0}, *tok = NULL;
    size_t toklen = 0;
    kc_error err = {0};
    assert_int_equal(kc_tsa_reply(&tok, &toklen, rejection, sizeof rejection, imprint, nonce, 8, &err), KC_EFORMAT);
    assert_string_equal(err.message, "the timestamp authority refused: rejection");
    assert_int_equal(kc_tsa_reply(&tok, &toklen, with_text, sizeof with_text, imprint, nonce, 8, &err), KC_EFORMAT);
    assert_non_null(strstr(err.message, "rejection, badAlg, systemFailure: \"busy?!\""));
    /* Granted without a token: OpenSSL's decoder already refuses the structure. */
    assert_int_equal(kc_tsa_reply(&tok, &toklen, granted_empty, sizeof granted_empty, imprint, nonce, 8, &err), KC_EFORMAT);
    assert_int_equal(kc_tsa_reply(&tok, &toklen, (const unsigned char *)"<html>", 6, imprint, nonce, 8, &err), KC_EFORMAT);
    assert_int_equal(kc_tsa_reply(&tok, &toklen, NULL, 0, imprint, nonce, 8, &err), KC_EFORMAT);
    assert_null(tok);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_granted_reply_gives_the_token),
        cmocka_unit_test(test_foreign_replies_refused),
        cmocka_unit_test(test_refusals_and_garbage),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
