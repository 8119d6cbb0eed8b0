/* test_seal.c: the ASiC-E seal on its own (seal.c, seal_sign.c), below kc_dossier_seal:
 * which entries are the container's, the manifest's bytes, and signing then
 * verifying it: a good seal, and each way a seal can fail (a changed, missing
 * or added entry, a changed manifest, another commune's certificate, a
 * person's certificate, a seal older than the dossier). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <glib.h>
#include <stdlib.h>
#include <string.h>

#include "keys.h"
#include "kiemchung/kiemchung.h"
#include "seal.h"
#include "verdict.h"

#define SEALED_AT 1633046400 /* 2021-10-01 */

static const char *const names[] = {"bagit.txt", "data/Hoá đơn 01.pdf", "dossier.json"};
#define N_NAMES 3

typedef struct fixture {
    char *cert, *key, *leader_cert, *leader_key, *ca;
    kc_trust *trust;
    unsigned char sha[N_NAMES][32];
    GString *problems; /* "path code\n" of each problem */
} fixture;

static int setup(void **state)
{
    const char *root = getenv("KC_SOURCE_ROOT");
    kc_error err = {0};
    fixture *f = g_new0(fixture, 1);
    if (!root)
        return -1;
    f->cert = g_build_filename(root, "certs/test/org.pem", NULL);
    f->key = g_build_filename(root, "certs/test/org.key", NULL);
    f->leader_cert = g_build_filename(root, "certs/test/leader.pem", NULL);
    f->leader_key = g_build_filename(root, "certs/test/leader.key", NULL);
    f->ca = g_build_filename(root, "certs/test/ca.pem", NULL);
    char *trust = g_build_filename(root, "certs/test/trust", NULL);
    if (kc_trust_new(&f->trust, &err) != 0 || kc_trust_add_path(f->trust, trust, &err) != 0)
        return -1;
    g_free(trust);
    for (int i = 0; i < N_NAMES; i++)
        memset(f->sha[i], 0x11 * (i + 1), 32);
    f->problems = g_string_new(NULL);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    g_free(f->cert);
    g_free(f->key);
    g_free(f->leader_cert);
    g_free(f->leader_key);
    g_free(f->ca);
    kc_trust_free(f->trust);
    g_string_free(f->problems, TRUE);
    g_free(f);
    return 0;
}

static void on_problem(void *ud, const char *path, const char *code, const char *message)
{
    (void)message;
    g_string_append_printf(ud, "%s %s\n", path, code);
}

/* The digests "the check computed": the fixture's, but entry `changed`
 * differs and entry `gone` is not in the archive. */
typedef struct digests {
    fixture *f;
    const char *changed, *gone;
    unsigned char other[32];
} digests;

static const unsigned char *digest_of(void *ud, const char *name)
{
    digests *d = ud;
    if (d->gone && strcmp(name, d->gone) == 0)
        return NULL;
    if (d->changed && strcmp(name, d->changed) == 0)
        return d->other;
    for (int i = 0; i < N_NAMES; i++)
        if (strcmp(names[i], name) == 0)
            return d->f->sha[i];
    return NULL;
}

static void sign(fixture *f, const char *manifest, const char *cert, const char *key, unsigned char **p7s,
                 size_t *plen)
{
    kc_seal_opts opts = {.cert = cert, .key = key, .chain = f->ca, .time = SEALED_AT};
    kc_signer *signer = NULL;
    kc_error err = {0};
    if (kc_signer_open(&signer, &opts, &err) != 0 ||
        kc_seal_sign(p7s, plen, manifest, strlen(manifest), signer, f->trust, SEALED_AT, &err) != 0)
        fail_msg("%s", err.message);
    kc_signer_free(signer);
}

/* Verifies manifest + p7s over entries[0..n) as a dossier of commune made at made. */
static kc_sig_info verify(fixture *f, const char *manifest, const unsigned char *p7s, size_t plen,
                          const char *const *entries, size_t n, digests *d, const char *commune, int64_t made)
{
    const char *communes[] = {commune};
    kc_seal_rules rules = {.communes = communes, .ncommunes = 1, .made = made};
    kc_verify_opts vopts = {0};
    kc_sig_info info = {0};
    kc_error err = {0};
    g_string_truncate(f->problems, 0);
    assert_int_equal(kc_seal_verify(manifest, strlen(manifest), p7s, plen, entries, n, digest_of, d, f->trust,
                                    &vopts, &rules, &info, on_problem, f->problems, &err),
                     0);
    return info;
}

static void test_container_entries(void **state)
{
    (void)state;
    assert_true(kc_seal_is_container_entry("mimetype"));
    assert_true(kc_seal_is_container_entry(KC_SEAL_MANIFEST));
    assert_true(kc_seal_is_container_entry(KC_SEAL_SIGNATURE));
    assert_false(kc_seal_is_archive_entry(KC_SEAL_SIGNATURE));
    /* what renewing the seal adds: the archive timestamps' files, not extra */
    assert_true(kc_seal_is_archive_entry("META-INF/timestamp001.tst"));
    assert_true(kc_seal_is_archive_entry("META-INF/timestamp999.tst"));
    assert_true(kc_seal_is_archive_entry("META-INF/ASiCArchiveManifest.xml"));
    assert_true(kc_seal_is_archive_entry("META-INF/ASiCArchiveManifest042.xml"));
    assert_true(kc_seal_is_container_entry("META-INF/timestamp001.tst"));
    assert_false(kc_seal_is_archive_entry("META-INF/timestamp000.tst"));
    assert_false(kc_seal_is_archive_entry("META-INF/timestamp1.tst"));
    assert_false(kc_seal_is_archive_entry("META-INF/timestamp0001.tst"));
    assert_int_equal(kc_seal_number("META-INF/timestamp042.tst", "META-INF/timestamp", ".tst"), 42);
    assert_int_equal(kc_seal_number("META-INF/timestamp042.xml", "META-INF/timestamp", ".tst"), 0);
    assert_false(kc_seal_is_container_entry("META-INF/signature002.p7s"));
    assert_false(kc_seal_is_container_entry("META-INF/run.exe"));
    assert_false(kc_seal_is_container_entry("data/mimetype"));
}

static void test_manifest(void **state)
{
    fixture *f = *state;
    char *m = kc_seal_manifest(names, (const unsigned char (*)[32])f->sha, N_NAMES);
    char *b64 = g_base64_encode(f->sha[1], 32);
    char *want = g_strdup_printf("<asic:DataObjectReference URI=\"data/Ho%%C3%%A1%%20%%C4%%91%%C6%%A1n%%2001.pdf\">\n"
                                 "    <ds:DigestMethod Algorithm=\"http://www.w3.org/2001/04/xmlenc#sha256\"/>\n"
                                 "    <ds:DigestValue>%s</ds:DigestValue>\n",
                                 b64);
    assert_true(g_str_has_prefix(m, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"));
    assert_non_null(strstr(m, "<asic:SigReference URI=\"" KC_SEAL_SIGNATURE "\""));
    assert_non_null(strstr(m, want));
    assert_true(strstr(m, "bagit.txt") < strstr(m, "data/Ho") && strstr(m, "data/Ho") < strstr(m, "dossier.json"));
    assert_true(g_str_has_suffix(m, "</asic:ASiCManifest>\n"));
    /* the same entries, the same bytes */
    char *again = kc_seal_manifest(names, (const unsigned char (*)[32])f->sha, N_NAMES);
    assert_string_equal(m, again);
    free(again);
    g_free(want);
    g_free(b64);
    free(m);
}

static void test_sign_and_verify(void **state)
{
    fixture *f = *state;
    char *m = kc_seal_manifest(names, (const unsigned char (*)[32])f->sha, N_NAMES);
    unsigned char *p7s = NULL;
    size_t plen = 0;
    digests d = {f, NULL, NULL, {0}};
    sign(f, m, f->cert, f->key, &p7s, &plen);

    kc_sig_info info = verify(f, m, p7s, plen, names, N_NAMES, &d, "Thủy An", SEALED_AT - 3600);
    assert_string_equal(f->problems->str, "");
    assert_true(info.valid);
    assert_int_equal(info.kind, KC_SIG_DETACHED);
    assert_int_equal(info.role, KC_ROLE_ORG);
    assert_string_equal(info.signer, "UBND xã Thủy An");
    assert_int_equal(info.signing_time, SEALED_AT);
    kc_sig_info_clear(&info);

    /* an entry changed, one gone, one added since */
    const char *more[] = {names[0], names[1], names[2], "data/thêm.pdf"};
    d = (digests){f, "dossier.json", "bagit.txt", {0}};
    info = verify(f, m, p7s, plen, more, 4, &d, "Thủy An", SEALED_AT - 3600);
    assert_non_null(strstr(f->problems->str, "dossier.json changed\n"));
    assert_non_null(strstr(f->problems->str, "bagit.txt missing\n"));
    assert_non_null(strstr(f->problems->str, "data/thêm.pdf extra\n"));
    assert_null(strstr(f->problems->str, "data/Hoá đơn 01.pdf"));
    assert_true(info.valid); /* the signature itself still holds: the entries tell what changed */
    kc_sig_info_clear(&info);

    /* another commune's dossier, or one made after the seal */
    d = (digests){f, NULL, NULL, {0}};
    info = verify(f, m, p7s, plen, names, N_NAMES, &d, "Thủy Thanh", SEALED_AT - 3600);
    assert_false(info.valid);
    assert_string_equal(f->problems->str, KC_SEAL_SIGNATURE " seal\n");
    kc_sig_info_clear(&info);
    info = verify(f, m, p7s, plen, names, N_NAMES, &d, "Thủy An", SEALED_AT + 86400);
    assert_false(info.valid);
    assert_string_equal(f->problems->str, KC_SEAL_SIGNATURE " seal\n");
    kc_sig_info_clear(&info);

    /* the manifest changed after signing: the signature no longer holds */
    char *forged = g_strdup(m);
    forged[strlen(forged) - 3] = 'X';
    info = verify(f, forged, p7s, plen, names, N_NAMES, &d, "Thủy An", SEALED_AT - 3600);
    assert_false(info.valid);
    assert_non_null(strstr(f->problems->str, KC_SEAL_SIGNATURE " seal\n"));
    kc_sig_info_clear(&info);
    g_free(forged);

    /* not a CMS signature at all */
    info = verify(f, m, (const unsigned char *)"not DER", 7, names, N_NAMES, &d, "Thủy An", 0);
    assert_false(info.valid);
    assert_non_null(strstr(f->problems->str, KC_SEAL_SIGNATURE " seal\n"));
    kc_sig_info_clear(&info);
    free(p7s);
    free(m);
}

static void test_person_cannot_seal(void **state)
{
    fixture *f = *state;
    char *m = kc_seal_manifest(names, (const unsigned char (*)[32])f->sha, N_NAMES);
    unsigned char *p7s = NULL;
    size_t plen = 0;
    digests d = {f, NULL, NULL, {0}};
    sign(f, m, f->leader_cert, f->leader_key, &p7s, &plen);
    kc_sig_info info = verify(f, m, p7s, plen, names, N_NAMES, &d, "Thủy An", 0);
    assert_false(info.valid);
    assert_int_equal(info.role, KC_ROLE_LEADER);
    assert_non_null(strstr(f->problems->str, KC_SEAL_SIGNATURE " seal\n"));
    kc_sig_info_clear(&info);
    free(p7s);
    free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_container_entries),
        cmocka_unit_test_setup_teardown(test_manifest, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sign_and_verify, setup, teardown),
        cmocka_unit_test_setup_teardown(test_person_cannot_seal, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
