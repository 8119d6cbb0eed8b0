/* test_keys.c: the sealer's key (keys.c, p11_uri.c): RFC 7512 URIs as users
 * paste them (escapes, ids, slot numbers, the PIN refusal), and keys in files:
 * a plain and a passphrase-protected PEM key, a PKCS#12 file with its
 * certificate, a wrong or missing passphrase, a key that is not the
 * certificate's.  The token itself is tested end to end with SoftHSM2 in
 * tests/cli/seal.sh. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <glib.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keys.h"
#include "test_tmpdir.h"

static void test_uri_attributes(void **state)
{
    (void)state;
    kc_p11_uri u;
    kc_error err = {0};
    assert_int_equal(kc_p11_uri_parse(&u, "pkcs11:token=UBND%20x%C3%A3%20Th%E1%BB%A7y%20An;object=Ch%E1%BB%AF%20k%C3%BD;"
                                          "type=private;id=%01%ff;slot-id=7;manufacturer=VGCA;serial=0042;"
                                          "library-version=1.2;x-vendor=z?module-path=/usr/lib/x.so&pin-source=file:/p",
                                      &err), 0);
    assert_string_equal(u.token, "UBND xã Thủy An");
    assert_string_equal(u.object, "Chữ ký");
    assert_string_equal(u.type, "private");
    assert_true(u.has_id);
    assert_int_equal(u.id_len, 2);
    assert_int_equal(u.id[0], 0x01);
    assert_int_equal(u.id[1], 0xff);
    assert_true(u.has_slot_id);
    assert_int_equal(u.slot_id, 7);
    assert_string_equal(u.manufacturer, "VGCA");
    assert_string_equal(u.serial, "0042");
    assert_string_equal(u.module_path, "/usr/lib/x.so");
    assert_string_equal(u.pin_source, "file:/p");
    assert_null(u.model);
    kc_p11_uri_clear(&u);
    assert_int_equal(kc_p11_uri_parse(&u, "PKCS11:", &err), 0); /* the scheme in any case; nothing named */
    assert_null(u.token);
    kc_p11_uri_clear(&u);
}

static void test_uri_refused(void **state)
{
    (void)state;
    static const struct { const char *uri; int rc; const char *says; } cases[] = {
        {"token=x", KC_EFORMAT, "not a PKCS#11 URI"},
        {"pkcs11:token=a;token=b", KC_EFORMAT, "twice"},
        {"pkcs11:serail=1", KC_EFORMAT, "does not know: serail"},
        {"pkcs11:module-path=/x", KC_EFORMAT, "does not know"},   /* a query attribute in the path */
        {"pkcs11:token=a?object=b", KC_EFORMAT, "does not know"}, /* and the other way round */
        {"pkcs11:token=%zz", KC_EFORMAT, "bad %-escape"},
        {"pkcs11:token=ab%4", KC_EFORMAT, "bad %-escape"},
        {"pkcs11:token=%ff%fe", KC_EFORMAT, "not UTF-8"},
        {"pkcs11:token=a%00b", KC_EFORMAT, "not UTF-8"},
        {"pkcs11:slot-id=x1", KC_EFORMAT, "not a number"},
        {"pkcs11:slot-id=", KC_EFORMAT, "not a number"},
        {"pkcs11:token", KC_EFORMAT, "attribute=value"},
        {"pkcs11:token=a b", KC_EFORMAT, "space"},
        {"pkcs11:token=a?pin-value=1234", KC_EINVAL, "PIN on the command line"},
        {"pkcs11:pin-value=1234", KC_EINVAL, "PIN on the command line"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        kc_p11_uri u;
        kc_error err = {0};
        assert_int_equal(kc_p11_uri_parse(&u, cases[i].uri, &err), cases[i].rc);
        if (!strstr(err.message, cases[i].says))
            fail_msg("%s: \"%s\" does not say \"%s\"", cases[i].uri, err.message, cases[i].says);
        assert_null(u.token);
    }
    char *long_uri = g_strnfill(5000, 'a');
    memcpy(long_uri, "pkcs11:token=", 13);
    kc_p11_uri u;
    assert_int_equal(kc_p11_uri_parse(&u, long_uri, NULL), KC_EFORMAT);
    g_free(long_uri);
}

/* ---- keys in files ------------------------------------------------------------------ */

typedef struct fixture {
    char *dir, *certs;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    const char *root = getenv("KC_SOURCE_ROOT");
    f->dir = g_dir_make_tmp("kc-keys-XXXXXX", NULL);
    f->certs = g_build_filename(root ? root : ".", "certs", "test", NULL);
    *state = f;
    return f->dir ? 0 : -1;
}

static int teardown(void **state)
{
    fixture *f = *state;
    kc_test_rmtree(f->dir);
    g_free(f->dir);
    g_free(f->certs);
    free(f);
    return 0;
}

static char *path_in(const char *dir, const char *name) { return g_build_filename(dir, name, NULL); }

static EVP_PKEY *read_key(const char *path)
{
    FILE *fp = fopen(path, "r");
    EVP_PKEY *k = fp ? PEM_read_PrivateKey(fp, NULL, NULL, NULL) : NULL;
    if (fp)
        fclose(fp);
    return k;
}

static X509 *read_cert(const char *path)
{
    FILE *fp = fopen(path, "r");
    X509 *x = fp ? PEM_read_X509(fp, NULL, NULL, NULL) : NULL;
    if (fp)
        fclose(fp);
    return x;
}

typedef struct asked {
    const char *give;   /* NULL: have none */
    int calls;
    kc_secret_kind kind;
    char what[256];
} asked;

static int secret(void *ud, kc_secret_kind kind, const char *what, char *buf, size_t size)
{
    asked *a = ud;
    a->calls++;
    a->kind = kind;
    snprintf(a->what, sizeof a->what, "%s", what);
    if (!a->give)
        return -1;
    snprintf(buf, size, "%s", a->give);
    return 0;
}

static void test_pem_keys(void **state)
{
    fixture *f = *state;
    char *key = path_in(f->certs, "org.key"), *cert = path_in(f->certs, "org.pem"), *enc = path_in(f->dir, "enc.key");
    char *leader = path_in(f->certs, "leader.key");
    EVP_PKEY *k = read_key(key);
    FILE *fp = fopen(enc, "w");
    kc_signer *s = NULL;
    kc_error err = {0};
    asked a = {0};

    assert_non_null(k);
    assert_non_null(fp);
    assert_int_equal(PEM_write_PrivateKey(fp, k, EVP_aes_256_cbc(), NULL, 0, NULL, (void *)"mật khẩu"), 1);
    fclose(fp);
    /* A plain key is never asked about. */
    kc_seal_opts plain = {.key = key, .cert = cert, .secret = secret, .secret_ud = &a};
    assert_int_equal(kc_signer_open(&s, &plain, &err), 0);
    assert_int_equal(a.calls, 0);
    assert_int_equal(EVP_PKEY_eq(kc_signer_key(s), k), 1);
    assert_null(kc_signer_module(s));
    kc_signer_free(s);
    s = NULL;
    /* An encrypted one asks once, for a passphrase, naming the file. */
    a.give = "mật khẩu";
    kc_seal_opts opts = {.key = enc, .cert = cert, .secret = secret, .secret_ud = &a};
    assert_int_equal(kc_signer_open(&s, &opts, &err), 0);
    assert_int_equal(a.calls, 1);
    assert_int_equal(a.kind, KC_SECRET_PASSPHRASE);
    assert_non_null(strstr(a.what, "enc.key"));
    kc_signer_free(s);
    s = NULL;
    a.give = "sai";
    assert_int_equal(kc_signer_open(&s, &opts, &err), KC_EINVAL);
    assert_non_null(strstr(err.message, "passphrase is wrong"));
    a.give = NULL;
    assert_int_equal(kc_signer_open(&s, &opts, &err), KC_EINVAL);
    assert_non_null(strstr(err.message, "none was given"));
    opts.secret = NULL;
    assert_int_equal(kc_signer_open(&s, &opts, &err), KC_EINVAL);
    assert_null(s);
    /* Another key than the certificate's. */
    kc_seal_opts wrong = {.key = leader, .cert = cert};
    assert_int_equal(kc_signer_open(&s, &wrong, &err), KC_EINVAL);
    assert_non_null(strstr(err.message, "does not belong"));
    /* Without a certificate, a PEM key has none. */
    kc_seal_opts bare = {.key = key};
    assert_int_equal(kc_signer_open(&s, &bare, &err), KC_EINVAL);
    assert_non_null(strstr(err.message, "--cert"));
    /* Not a key at all. */
    kc_seal_opts junk = {.key = cert, .cert = cert};
    assert_int_equal(kc_signer_open(&s, &junk, &err), KC_EFORMAT);
    EVP_PKEY_free(k);
    g_free(key);
    g_free(cert);
    g_free(enc);
    g_free(leader);
}

static void test_p12(void **state)
{
    fixture *f = *state;
    char *key = path_in(f->certs, "org.key"), *cert = path_in(f->certs, "org.pem"), *ca = path_in(f->certs, "ca.pem");
    char *p12 = path_in(f->dir, "org.p12"), *open = path_in(f->dir, "open.p12");
    EVP_PKEY *k = read_key(key);
    X509 *x = read_cert(cert), *c = read_cert(ca);
    STACK_OF(X509) *chain = sk_X509_new_null();
    kc_signer *s = NULL;
    kc_error err = {0};
    asked a = {.give = "p12"};

    sk_X509_push(chain, c);
    PKCS12 *pk = PKCS12_create("p12", "UBND xã Thủy An", k, x, chain, 0, 0, 0, 0, 0);
    PKCS12 *pk_open = PKCS12_create("", "open", k, x, NULL, 0, 0, 0, 0, 0);
    assert_non_null(pk);
    assert_non_null(pk_open);
    FILE *fp = fopen(p12, "wb");
    i2d_PKCS12_fp(fp, pk);
    fclose(fp);
    fp = fopen(open, "wb");
    i2d_PKCS12_fp(fp, pk_open);
    fclose(fp);
    kc_seal_opts opts = {.key = p12, .secret = secret, .secret_ud = &a};
    assert_int_equal(kc_signer_open(&s, &opts, &err), 0);
    assert_int_equal(a.calls, 1);
    assert_int_equal(X509_cmp(kc_signer_cert(s), x), 0); /* the certificate from the file */
    assert_int_equal(sk_X509_num(kc_signer_chain(s)), 1); /* and its chain */
    kc_signer_free(s);
    s = NULL;
    a.give = "sai";
    assert_int_equal(kc_signer_open(&s, &opts, &err), KC_EINVAL);
    assert_non_null(strstr(err.message, "passphrase is wrong"));
    /* A file with an empty passphrase opens without asking. */
    a.calls = 0;
    kc_seal_opts o2 = {.key = open, .secret = secret, .secret_ud = &a};
    assert_int_equal(kc_signer_open(&s, &o2, &err), 0);
    assert_int_equal(a.calls, 0);
    kc_signer_free(s);
    PKCS12_free(pk);
    PKCS12_free(pk_open);
    sk_X509_pop_free(chain, X509_free);
    X509_free(x);
    EVP_PKEY_free(k);
    g_free(key);
    g_free(cert);
    g_free(ca);
    g_free(p12);
    g_free(open);
}

static void test_token_needs_a_module(void **state)
{
    (void)state;
    kc_signer *s = NULL;
    kc_error err = {0};
    kc_seal_opts opts = {.key = "pkcs11:token=x", .module = "/nonexistent/libnothing.so"};
    assert_int_equal(kc_signer_open(&s, &opts, &err), KC_EINVAL);
    assert_non_null(strstr(err.message, "/nonexistent/libnothing.so"));
    kc_seal_opts bad = {.key = "pkcs11:token=x?pin-value=1"};
    assert_int_equal(kc_signer_open(&s, &bad, &err), KC_EINVAL);
    assert_null(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_uri_attributes),
        cmocka_unit_test(test_uri_refused),
        cmocka_unit_test_setup_teardown(test_pem_keys, setup, teardown),
        cmocka_unit_test_setup_teardown(test_p12, setup, teardown),
        cmocka_unit_test(test_token_needs_a_module),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
