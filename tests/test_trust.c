/* test_trust.c: loading the trust store (src/lib/trust.c) from certs/test/.
 *
 * A trust directory in the field holds certificates in PEM and DER, CRLs,
 * bundles, and also notes, keys and subdirectories; a file the user names
 * explicitly must hold something, and the error must say which file. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "test_tmpdir.h"
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "kiemchung/trust.h"
#include "trust_internal.h"
#include "cms_internal.h"

typedef struct fixture {
    kc_trust *trust;
    char certs[512]; /* certs/test */
    char dir[64];    /* a scratch directory */
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    const char *root = getenv("KC_SOURCE_ROOT");

    if (!f || kc_trust_new(&f->trust, NULL) != 0)
        return -1;
    snprintf(f->certs, sizeof f->certs, "%s/certs/test", root ? root : ".");
    snprintf(f->dir, sizeof f->dir, "/tmp/kc-test-trust.XXXXXX");
    if (!mkdtemp(f->dir))
        return -1;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;

    kc_trust_free(f->trust);
    if (kc_test_rmtree(f->dir) != 0)
        return -1;
    free(f);
    return 0;
}

/* dir/name in a ring of buffers: good for the arguments of one call only.
 * Paths kept longer live in the test's own arrays. */
static char *path_in(const char *dir, const char *name)
{
    static char buf[16][600];
    static int next;
    char *p = buf[next++ % 16];

    snprintf(p, sizeof buf[0], "%s/%s", dir, name);
    return p;
}

static void write_bytes(const char *path, const void *data, size_t len)
{
    FILE *fp = fopen(path, "wb");

    assert_non_null(fp);
    assert_int_equal(fwrite(data, 1, len, fp), len);
    fclose(fp);
}

/* Appends the PEM file src to dst (to make bundles). */
static void append_file(const char *dst, const char *src)
{
    char buf[8192];
    size_t n;
    FILE *in = fopen(src, "rb"), *out = fopen(dst, "ab");

    assert_non_null(in);
    assert_non_null(out);
    while ((n = fread(buf, 1, sizeof buf, in)) > 0)
        assert_int_equal(fwrite(buf, 1, n, out), n);
    fclose(in);
    fclose(out);
}

static void assert_counts(const kc_trust *t, size_t anchors, size_t inter, size_t crls)
{
    assert_int_equal(kc_trust_anchor_count(t), anchors);
    assert_int_equal(kc_trust_intermediate_count(t), inter);
    assert_int_equal(kc_trust_crl_count(t), crls);
}

static void test_directory(void **state)
{
    fixture *f = *state;
    kc_error err = {0};

    assert_int_equal(kc_trust_add_path(f->trust, path_in(f->certs, "trust"), &err), 0);
    assert_counts(f->trust, 1, 1, 1);
    assert_non_null(kc_trust_store(f->trust));
    /* Adding the same again changes nothing. */
    assert_int_equal(kc_trust_add_path(f->trust, path_in(f->certs, "trust"), &err), 0);
    assert_int_equal(kc_trust_add_path(f->trust, path_in(f->certs, "root.pem"), &err), 0);
    assert_counts(f->trust, 1, 1, 1);
}

static void test_single_files(void **state)
{
    fixture *f = *state;

    assert_int_equal(kc_trust_add_path(f->trust, path_in(f->certs, "root.pem"), NULL), 0);
    assert_counts(f->trust, 1, 0, 0);
    assert_int_equal(kc_trust_add_path(f->trust, path_in(f->certs, "ca.pem"), NULL), 0);
    assert_counts(f->trust, 1, 1, 0);
    assert_int_equal(kc_trust_add_path(f->trust, path_in(f->certs, "ca.crl.pem"), NULL), 0);
    assert_counts(f->trust, 1, 1, 1);
    /* A self-signed end-entity certificate is an anchor if the user says so. */
    assert_int_equal(kc_trust_add_path(f->trust, path_in(f->certs, "selfmade.pem"), NULL), 0);
    assert_counts(f->trust, 2, 1, 1);
}

static void test_bundle(void **state)
{
    fixture *f = *state;
    char bundle[600];
    const char *note = "Bag Attributes: a comment before the first block\n";

    snprintf(bundle, sizeof bundle, "%s/bundle.pem", f->dir);
    write_bytes(bundle, note, strlen(note));
    append_file(bundle, path_in(f->certs, "root.pem"));
    append_file(bundle, path_in(f->certs, "ca.pem"));
    append_file(bundle, path_in(f->certs, "notca.pem"));
    append_file(bundle, path_in(f->certs, "ca.crl.pem"));
    assert_int_equal(kc_trust_add_path(f->trust, bundle, NULL), 0);
    assert_counts(f->trust, 1, 2, 1);
}

/* DER files, plus everything a directory holds that is not trust material. */
static void test_directory_der_and_skips(void **state)
{
    fixture *f = *state;
    kc_error err = {0};
    FILE *fp;
    X509 *x;
    X509_CRL *crl;
    unsigned char *der = NULL;
    int len;

    fp = fopen(path_in(f->certs, "root.pem"), "r");
    assert_non_null(fp);
    x = PEM_read_X509(fp, NULL, NULL, NULL);
    fclose(fp);
    assert_non_null(x);
    len = i2d_X509(x, &der);
    assert_true(len > 0);
    write_bytes(path_in(f->dir, "root.cer"), der, (size_t)len);
    OPENSSL_free(der);
    der = NULL;
    X509_free(x);

    fp = fopen(path_in(f->certs, "ca.crl.pem"), "r");
    assert_non_null(fp);
    crl = PEM_read_X509_CRL(fp, NULL, NULL, NULL);
    fclose(fp);
    assert_non_null(crl);
    len = i2d_X509_CRL(crl, &der);
    assert_true(len > 0);
    write_bytes(path_in(f->dir, "ca.crl"), der, (size_t)len);
    OPENSSL_free(der);
    X509_CRL_free(crl);

    append_file(path_in(f->dir, "ca.pem"), path_in(f->certs, "ca.pem"));
    write_bytes(path_in(f->dir, "README"), "notes\n", 6);
    write_bytes(path_in(f->dir, "notes.md"), "# notes\n", 8);
    write_bytes(path_in(f->dir, "list.txt"), "x\n", 2);
    append_file(path_in(f->dir, "ca.key"), path_in(f->certs, "ca.key"));
    write_bytes(path_in(f->dir, "garbage.bin"), "\x30\x03\x02\x01", 4);
    write_bytes(path_in(f->dir, "empty.pem"), "", 0);
    assert_int_equal(mkdir(path_in(f->dir, "sub"), 0700), 0);
    append_file(path_in(f->dir, "sub/selfmade.pem"), path_in(f->certs, "selfmade.pem"));

    assert_int_equal(kc_trust_add_path(f->trust, f->dir, &err), 0);
    /* Not recursive: sub/selfmade.pem is not an anchor. */
    assert_counts(f->trust, 1, 1, 1);
}

static void test_bad_files(void **state)
{
    fixture *f = *state;
    kc_error err = {0};
    char junk[600], missing[600];

    snprintf(junk, sizeof junk, "%s/junk.pem", f->dir);
    snprintf(missing, sizeof missing, "%s/missing.pem", f->dir);
    write_bytes(junk, "this is not a certificate\n", 26);
    assert_int_equal(kc_trust_add_path(f->trust, junk, &err), KC_EFORMAT);
    assert_int_equal(err.code, KC_EFORMAT);
    assert_non_null(strstr(err.message, junk));

    /* A key alone is nothing a trust store can use. */
    assert_int_equal(kc_trust_add_path(f->trust, path_in(f->certs, "leader.key"), &err),
                     KC_EFORMAT);
    assert_non_null(strstr(err.message, "leader.key"));

    write_bytes(junk, "-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----\n", 60);
    assert_int_equal(kc_trust_add_path(f->trust, junk, &err), KC_EFORMAT);

    assert_int_equal(kc_trust_add_path(f->trust, missing, &err), KC_EIO);
    assert_non_null(strstr(err.message, missing));
    assert_int_equal(kc_trust_add_path(f->trust, NULL, &err), KC_EINVAL);
    assert_counts(f->trust, 0, 0, 0);
}

/* A certificate of the store that a signature brings too (the CA tokens
 * embed) is the store's own object, not parsed again; one read with trust
 * settings ("TRUSTED CERTIFICATE") is parsed apart, without them. */
static void test_store_cert_shared(void **state)
{
    fixture *f = *state;
    FILE *fp = fopen(path_in(f->certs, "ca.pem"), "r");
    X509 *ca = fp ? PEM_read_X509(fp, NULL, NULL, NULL) : NULL;
    unsigned char *der = NULL;
    int len;
    kc_trust *aux_trust = NULL;

    if (fp)
        fclose(fp);
    assert_non_null(ca);
    assert_true((len = i2d_X509(ca, &der)) > 0);
    assert_int_equal(kc_trust_add_path(f->trust, path_in(f->certs, "trust"), NULL), 0);
    X509 *seen = kc_trust_cert(f->trust, der, (size_t)len);
    assert_ptr_equal(seen, sk_X509_value(kc_trust_intermediates(f->trust), 0));
    X509_free(seen);

    assert_int_equal(X509_add1_trust_object(ca, OBJ_nid2obj(NID_code_sign)), 1);
    fp = fopen(path_in(f->dir, "trusted.pem"), "w");
    assert_non_null(fp);
    assert_int_equal(PEM_write_X509_AUX(fp, ca), 1);
    fclose(fp);
    assert_int_equal(kc_trust_new(&aux_trust, NULL), 0);
    assert_int_equal(kc_trust_add_path(aux_trust, path_in(f->dir, "trusted.pem"), NULL), 0);
    assert_counts(aux_trust, 0, 1, 0);
    X509 *stored = sk_X509_value(kc_trust_intermediates(aux_trust), 0);
    assert_non_null(X509_get0_trust_objects(stored));
    seen = kc_trust_cert(aux_trust, der, (size_t)len);
    assert_non_null(seen);
    assert_ptr_not_equal(seen, stored);
    assert_null(X509_get0_trust_objects(seen));
    assert_int_equal(X509_cmp(seen, stored), 0);
    X509_free(seen);
    kc_trust_free(aux_trust);
    OPENSSL_free(der);
    X509_free(ca);
}

/* The state's roots are known by their keys (cms_anchor.c, rtcert21): the
 * government CA's G2 root and the National Root CA are, the G2 CA for state
 * agencies under the first (an intermediate, another key) and the test
 * root are not. */
static void test_state_roots(void **state)
{
    fixture *f = *state;
    static const struct {
        const char *file;
        bool state_root;
    } cases[] = {{"../vgca-root-g2.pem", true},
                 {"../vietnam-national-root-ca.pem", true},
                 {"../vgca-state-agencies-g2.pem", false},
                 {"root.pem", false},
                 {"ca.pem", false},
                 {"leader.pem", false}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        FILE *fp = fopen(path_in(f->certs, cases[i].file), "r");
        X509 *x = fp ? PEM_read_X509(fp, NULL, NULL, NULL) : NULL;
        assert_non_null(x);
        if (kc_cms_anchor_is_state_root(x) != cases[i].state_root)
            fail_msg("%s: state root %d", cases[i].file, (int)!cases[i].state_root);
        X509_free(x);
        fclose(fp);
    }
    assert_false(kc_cms_anchor_is_state_root(NULL));
    /* a store holding the test PKI alone holds no state root; with the shipped
     * certs/ beside it, it does */
    assert_int_equal(kc_trust_add_path(f->trust, path_in(f->certs, "trust"), NULL), 0);
    assert_false(kc_trust_holds_state_root(f->trust));
    assert_int_equal(kc_trust_add_path(f->trust, path_in(f->certs, "../vietnam-national-root-ca.pem"), NULL), 0);
    assert_true(kc_trust_holds_state_root(f->trust));
    assert_false(kc_trust_holds_state_root(NULL));
}

/* A trust directory declares the roots under which roles read from subjects
 * count (state-roots.txt, rtcert22): by file name, a root only; a line naming
 * a missing file or a leaf is an error, not a silent nothing. */
static void test_declared_roots(void **state)
{
    fixture *f = *state;
    kc_error err = {0};
    char hex[65];
    FILE *fp = fopen(path_in(f->certs, "root.pem"), "r");
    X509 *root = fp ? PEM_read_X509(fp, NULL, NULL, NULL) : NULL;
    assert_non_null(root);
    fclose(fp);
    assert_true(kc_cms_anchor_key_sha256(root, hex));

    /* the shipped test directories declare the test root */
    assert_int_equal(kc_trust_add_path(f->trust, path_in(f->certs, "trust"), NULL), 0);
    assert_true(kc_trust_root_declared(f->trust, hex));
    /* a directory without state-roots.txt declares nothing */
    kc_trust *plain = NULL;
    append_file(path_in(f->dir, "root.pem"), path_in(f->certs, "root.pem"));
    assert_int_equal(kc_trust_new(&plain, NULL), 0);
    assert_int_equal(kc_trust_add_path(plain, f->dir, NULL), 0);
    assert_false(kc_trust_declares_roots(plain));
    /* a root given as a file neither */
    kc_trust *file = NULL;
    assert_int_equal(kc_trust_new(&file, NULL), 0);
    assert_int_equal(kc_trust_add_path(file, path_in(f->certs, "root.pem"), NULL), 0);
    assert_false(kc_trust_root_declared(file, hex));
    kc_trust_free(file);
    /* a derived store (a dossier's validation data) keeps the declaration */
    kc_trust *derived = NULL;
    assert_int_equal(kc_trust_derive(&derived, f->trust, NULL), 0);
    assert_true(kc_trust_root_declared(derived, hex));
    kc_trust_free(derived);
    /* a line naming a missing file, a leaf, a skipped name: errors */
    static const char *const bad[] = {"missing.pem\n", "leader.pem\n", "# a comment\nroot.pem\nca.key\n", "../trust/root.pem\n"};
    append_file(path_in(f->dir, "leader.pem"), path_in(f->certs, "leader.pem"));
    append_file(path_in(f->dir, "ca.key"), path_in(f->certs, "ca.key"));
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        write_bytes(path_in(f->dir, "state-roots.txt"), bad[i], strlen(bad[i]));
        kc_trust *t = NULL;
        assert_int_equal(kc_trust_new(&t, NULL), 0);
        assert_int_equal(kc_trust_add_path(t, f->dir, &err), KC_EFORMAT);
        assert_non_null(strstr(err.message, "state-roots.txt, line "));
        kc_trust_free(t);
    }
    /* comments and blank lines aside, the root declared */
    write_bytes(path_in(f->dir, "state-roots.txt"), "# ours\n\n  root.pem  # the root\n", 31);
    assert_int_equal(kc_trust_add_path(plain, f->dir, NULL), 0);
    assert_true(kc_trust_root_declared(plain, hex));
    kc_trust_free(plain);
    X509_free(root);
}

static void test_free_null(void **state)
{
    (void)state;
    kc_trust_free(NULL);
    assert_int_equal(kc_trust_anchor_count(NULL), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_directory, setup, teardown),
        cmocka_unit_test_setup_teardown(test_single_files, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bundle, setup, teardown),
        cmocka_unit_test_setup_teardown(test_directory_der_and_skips, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_files, setup, teardown),
        cmocka_unit_test_setup_teardown(test_store_cert_shared, setup, teardown),
        cmocka_unit_test_setup_teardown(test_state_roots, setup, teardown),
        cmocka_unit_test_setup_teardown(test_declared_roots, setup, teardown),
        cmocka_unit_test_setup_teardown(test_free_null, setup, teardown),
    };
    return cmocka_run_group_tests_name("trust", tests, NULL, NULL);
}
