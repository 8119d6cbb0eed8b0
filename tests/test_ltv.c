/* test_ltv.c: the pieces of a dossier's validation data (issue 14) that the
 * CLI tests reach only through whole dossiers: object names (ltv_store.c),
 * index.json and every way it can be malformed, OCSP responses and who may
 * sign them (revocation_ocsp.c), and a store joined by a dossier's material,
 * which never gains an anchor (trust.c), and ingest's validation resting on
 * the caller's verdicts (kc_ingest_reuse_verdicts: the desk's). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>
#include <glib.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <kiemchung/dossier.h>
#include <kiemchung/validation.h>

#include "cms_internal.h"
#include "ltv.h"
#include "revocation.h"
#include "trust_internal.h"
#include "test_tmpdir.h"

#define H "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

static const char *root_dir(void)
{
    const char *r = getenv("KC_SOURCE_ROOT");
    return r ? r : ".";
}

static X509 *load_cert(const char *name)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/certs/test/%s", root_dir(), name);
    FILE *f = fopen(path, "r");
    X509 *x = f ? PEM_read_X509(f, NULL, NULL, NULL) : NULL;
    if (f)
        fclose(f);
    assert_non_null(x);
    return x;
}

/* A seed of tests/fuzz/corpus/revocation (tests/fuzz/make-revocation-seeds.sh),
 * without its selector byte. */
static unsigned char *load_seed(const char *name, size_t *len)
{
    char path[1024];
    gchar *data = NULL;
    gsize n = 0;
    snprintf(path, sizeof path, "%s/tests/fuzz/corpus/revocation/%s", root_dir(), name);
    assert_true(g_file_get_contents(path, &data, &n, NULL));
    assert_true(n > 1);
    *len = n - 1;
    unsigned char *out = g_memdup2(data + 1, n - 1);
    g_free(data);
    return out;
}

static void test_blob_names(void **state)
{
    (void)state;
    kc_ltv_kind kind;
    unsigned char sha[32];
    char *name = kc_ltv_blob_name(KC_LTV_CRL, (const unsigned char *)"abc", 3);

    /* SHA-256("abc") */
    assert_string_equal(name, "validation/crls/ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad.crl");
    assert_true(kc_ltv_parse_blob_name(name, &kind, sha));
    assert_int_equal(kind, KC_LTV_CRL);
    assert_int_equal(sha[0], 0xba);
    g_free(name);
    assert_true(kc_ltv_parse_blob_name("validation/certs/" H ".cer", &kind, sha));
    assert_int_equal(kind, KC_LTV_CERT);
    assert_true(kc_ltv_parse_blob_name("validation/ocsp/" H ".ors", &kind, sha));
    assert_int_equal(kind, KC_LTV_OCSP);
    /* Upper-case hex, another folder or extension, one digit short or long, a path. */
    assert_false(kc_ltv_parse_blob_name("validation/certs/0123456789ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef.cer",
                                        &kind, sha));
    assert_false(kc_ltv_parse_blob_name("validation/certs/" H ".crl", &kind, sha));
    assert_false(kc_ltv_parse_blob_name("validation/crl/" H ".crl", &kind, sha));
    assert_false(kc_ltv_parse_blob_name("validation/certs/" H "0.cer", &kind, sha));
    assert_false(kc_ltv_parse_blob_name("validation/certs/../../" H ".cer", &kind, sha));
    assert_false(kc_ltv_parse_blob_name("data/" H ".cer", &kind, sha));
}

static int parse(const char *json)
{
    kc_ltv_index *ix = NULL;
    kc_error e = {0};
    int rc = kc_ltv_index_parse(&ix, json, strlen(json), &e);
    kc_ltv_index_free(ix);
    return rc;
}

#define DOC(extra) "{\"format\":\"kiemchung-validation\",\"version\":1,\"documents\":[" extra "]}"

static void test_index(void **state)
{
    (void)state;
    kc_ltv_index *ix = NULL;
    const char *good = DOC("{\"path\":\"data/a.pdf\",\"sha256\":\"" H "\",\"signatures\":[{\"certificates\":"
                           "[\"validation/certs/" H ".cer\"],\"crls\":[\"validation/crls/" H ".crl\"]}],"
                           "\"timestamps\":[{\"certificates\":[\"validation/certs/" H ".cer\"]}]}");
    assert_int_equal(kc_ltv_index_parse(&ix, good, strlen(good), NULL), 0);
    assert_int_equal(kc_ltv_index_count(ix), 1);
    assert_non_null(kc_ltv_index_find(ix, "data/a.pdf"));
    assert_null(kc_ltv_index_find(ix, "data/b.pdf"));
    GPtrArray *names = kc_ltv_record_blobs(kc_ltv_index_record(ix, 0));
    assert_int_equal(names->len, 2); /* the certificate named twice is one object */
    g_ptr_array_free(names, TRUE);
    kc_ltv_index_free(ix);

    assert_int_equal(parse(DOC("")), 0);
    assert_int_equal(parse("not json"), KC_EFORMAT);
    assert_int_equal(parse("[]"), KC_EFORMAT);
    assert_int_equal(parse("{\"format\":\"kiemchung-dossier\",\"version\":1,\"documents\":[]}"), KC_EFORMAT);
    assert_int_equal(parse("{\"format\":\"kiemchung-validation\",\"version\":2,\"documents\":[]}"), KC_EFORMAT);
    assert_int_equal(parse("{\"format\":\"kiemchung-validation\",\"version\":1}"), KC_EFORMAT);
    assert_int_equal(parse(DOC("{\"sha256\":\"" H "\"}")), KC_EFORMAT);
    assert_int_equal(parse(DOC("{\"path\":\"report.txt\",\"sha256\":\"" H "\"}")), KC_EFORMAT);
    assert_int_equal(parse(DOC("{\"path\":\"data/a.pdf\",\"sha256\":\"abc\"}")), KC_EFORMAT);
    assert_int_equal(parse(DOC("{\"path\":\"data/a.pdf\",\"sha256\":\"" H "\",\"detached\":7}")), KC_EFORMAT);
    assert_int_equal(parse(DOC("{\"path\":\"data/a.pdf\",\"sha256\":\"" H "\"},"
                               "{\"path\":\"data/a.pdf\",\"sha256\":\"" H "\"}")), KC_EFORMAT);
    /* A reference outside the folder, or of the wrong kind for its list. */
    assert_int_equal(parse(DOC("{\"path\":\"data/a.pdf\",\"sha256\":\"" H "\",\"signatures\":[{\"certificates\":"
                               "[\"data/a.pdf\"]}]}")), KC_EFORMAT);
    assert_int_equal(parse(DOC("{\"path\":\"data/a.pdf\",\"sha256\":\"" H "\",\"signatures\":[{\"crls\":"
                               "[\"validation/certs/" H ".cer\"]}]}")), KC_EFORMAT);
    assert_int_equal(parse(DOC("{\"path\":\"data/a.pdf\",\"sha256\":\"" H "\",\"signatures\":7}")), KC_EFORMAT);
    /* rtzip8: JSON as RFC 8259 writes it: json-glib alone reads a comment,
     * a member in single quotes, a hexadecimal number, and a lone surrogate
     * escape without the character after it; the same index with its text
     * escaped (\\u0064 for "d") is read. */
    assert_int_equal(parse(DOC("{\"path\":\"data/a.pdf\",/* x */\"sha256\":\"" H "\"}")), KC_EFORMAT);
    assert_int_equal(parse(DOC("{'path':\"data/a.pdf\",\"sha256\":\"" H "\"}")), KC_EFORMAT);
    assert_int_equal(parse("{\"format\":\"kiemchung-validation\",\"version\":0x1,\"documents\":[]}"), KC_EFORMAT);
    assert_int_equal(parse(DOC("{\"path\":\"data/a\\udc00x.pdf\",\"sha256\":\"" H "\"}")), KC_EFORMAT);
    assert_int_equal(parse(DOC("{\"path\":\"\\u0064ata/a.pdf\",\"sha256\":\"" H "\"}")), 0);
    /* rtzip9: a version json-glib alone reads as 1 (-(2^64 - 1)), or as a real
     * number, and a -0 anywhere, are refused; the version 1 is read. */
    assert_int_equal(parse("{\"format\":\"kiemchung-validation\",\"version\":-18446744073709551615,\"documents\":[]}"),
                     KC_EFORMAT);
    assert_int_equal(parse("{\"format\":\"kiemchung-validation\",\"version\":1.0,\"documents\":[]}"), KC_EFORMAT);
    assert_int_equal(parse("{\"format\":\"kiemchung-validation\",\"version\":1,\"documents\":[],\"x\":-0}"),
                     KC_EFORMAT);
    /* Nested beyond any index's depth: refused before json-glib recurses. */
    GString *deep = g_string_new(DOC("{\"path\":\"data/a.pdf\",\"sha256\":\"" H "\",\"x\":"));
    g_string_truncate(deep, deep->len - 2);
    for (int i = 0; i < 100000; i++)
        g_string_append_c(deep, '[');
    assert_int_equal(parse(deep->str), KC_EFORMAT);
    g_string_free(deep, TRUE);
}

static void test_index_write(void **state)
{
    (void)state;
    GPtrArray *records = g_ptr_array_new_with_free_func((GDestroyNotify)json_object_unref);
    kc_ltv_index *ix = NULL;
    for (int i = 0; i < 2; i++) {
        JsonObject *o = json_object_new();
        json_object_set_string_member(o, "path", i ? "data/a.pdf" : "data/b.pdf");
        json_object_set_string_member(o, "sha256", H);
        g_ptr_array_add(records, o);
    }
    char *text = kc_ltv_index_write(records);
    assert_int_equal(kc_ltv_index_parse(&ix, text, strlen(text), NULL), 0);
    /* Sorted by path whatever the order given. */
    assert_string_equal(json_object_get_string_member(kc_ltv_index_record(ix, 0), "path"), "data/a.pdf");
    kc_ltv_index_free(ix);
    g_free(text);
    g_ptr_array_free(records, TRUE);
}

static void test_ocsp(void **state)
{
    (void)state;
    X509 *ca = load_cert("ca.pem"), *leader = load_cert("leader.pem"), *revoked = load_cert("revoked.pem");
    X509 *root = load_cert("root.pem");
    OCSP_BASICRESP *good = NULL, *rev = NULL, *forged = NULL;
    size_t n1, n2, n3;
    unsigned char *d1 = load_seed("ocsp-good.der", &n1), *d2 = load_seed("ocsp-revoked.der", &n2);
    unsigned char *d3 = load_seed("ocsp-not-authorized.der", &n3);
    int64_t when = 0;
    long reason = 99;

    assert_int_equal(kc_ocsp_parse(&good, d1, n1, NULL), 0);
    assert_int_equal(kc_ocsp_parse(&rev, d2, n2, NULL), 0);
    assert_int_equal(kc_ocsp_parse(&forged, d3, n3, NULL), 0);
    assert_int_equal(kc_ocsp_status(good, leader, ca, &when, &reason), KC_OCSP_GOOD);
    assert_int_equal(kc_ocsp_status(good, revoked, ca, &when, &reason), KC_OCSP_NONE); /* not about it */
    assert_int_equal(kc_ocsp_status(rev, revoked, ca, &when, &reason), KC_OCSP_REVOKED);
    assert_int_equal(when, 1704067200); /* 2024-01-01 */
    assert_int_equal(reason, 1);        /* keyCompromise */
    /* Signed by the TSA, which ca never made a responder: not believed. */
    assert_int_equal(kc_ocsp_status(forged, revoked, ca, &when, &reason), KC_OCSP_NONE);
    /* About ca's certificate, but checked as if root had issued it: another CertID. */
    assert_int_equal(kc_ocsp_status(rev, revoked, root, &when, &reason), KC_OCSP_NONE);
    /* The CA's own answers vouch for statuses known by their producedAt, however
     * long they stay current, with no proof of their age asked while the CA's
     * certificate runs; once it has ended (now = the end of time), only with
     * a proof that they existed before that end, as an ended delegated
     * responder's (rttime13, rttime19); the TSA's signature vouches for
     * nothing (rttime12). */
    kc_ocsp_reach reach;
    int64_t produced = 0, ca_end = 0;
    assert_true(kc_cms_asn1_time_unix(OCSP_resp_get0_produced_at(good), &produced));
    assert_true(kc_cms_asn1_time_unix(X509_get0_notAfter(ca), &ca_end));
    assert_true(kc_ocsp_vouches(good, ca, NULL, NULL, KC_POE_NONE, produced, &reach));
    assert_true(reach.to == produced + KC_FUTURE_SLACK);
    assert_true(reach.from == INT64_MIN && reach.last == INT64_MAX);
    assert_false(kc_ocsp_vouches(good, ca, NULL, NULL, KC_POE_NONE, INT64_MAX, &reach));
    assert_true(kc_ocsp_vouches(good, ca, NULL, NULL, ca_end, INT64_MAX, &reach));
    assert_false(kc_ocsp_vouches(good, ca, NULL, NULL, ca_end + 1, INT64_MAX, &reach));
    assert_true(kc_ocsp_vouches(good, ca, NULL, NULL, KC_POE_UNASKED, INT64_MAX, &reach));
    assert_false(kc_ocsp_vouches(forged, ca, NULL, NULL, KC_POE_UNASKED, INT64_MIN, &reach));

    /* Not a response; trailing bytes; a truncated one. */
    OCSP_BASICRESP *x = NULL;
    assert_int_equal(kc_ocsp_parse(&x, (const unsigned char *)"junk", 4, NULL), KC_EFORMAT);
    unsigned char *longer = g_malloc(n1 + 1);
    memcpy(longer, d1, n1);
    longer[n1] = 0;
    assert_int_equal(kc_ocsp_parse(&x, longer, n1 + 1, NULL), KC_EFORMAT);
    assert_int_equal(kc_ocsp_parse(&x, d1, n1 - 10, NULL), KC_EFORMAT);
    g_free(longer);

    /* In a store, as a dossier's: kc_cms_revocation sees the revocation. */
    kc_trust *t = NULL;
    assert_int_equal(kc_trust_derive(&t, NULL, NULL), 0);
    kc_trust_add_ocsp(t, rev);
    rev = NULL;
    assert_true(kc_cms_revocation(revoked, ca, t, &when, &reason));
    assert_false(kc_cms_revocation(leader, ca, t, &when, &reason));
    kc_trust_free(t);

    OCSP_BASICRESP_free(good);
    OCSP_BASICRESP_free(forged);
    g_free(d1);
    g_free(d2);
    g_free(d3);
    X509_free(ca);
    X509_free(leader);
    X509_free(revoked);
    X509_free(root);
}

static void test_derived_store(void **state)
{
    (void)state;
    kc_trust *base = NULL, *t = NULL;
    char dir[1024];
    unsigned char *der = NULL;
    X509 *x;
    int n;

    snprintf(dir, sizeof dir, "%s/certs/test/trust-root-only", root_dir());
    assert_int_equal(kc_trust_new(&base, NULL), 0);
    assert_int_equal(kc_trust_add_path(base, dir, NULL), 0);
    assert_int_equal(kc_trust_derive(&t, base, NULL), 0);
    assert_int_equal(kc_trust_anchor_count(t), 1);
    /* A dossier's own root (selfmade, self-signed) is dropped, not anchored. */
    x = load_cert("selfmade.pem");
    n = i2d_X509(x, &der);
    assert_int_equal(kc_trust_add_untrusted_der(t, der, (size_t)n), 0);
    assert_int_equal(kc_trust_anchor_count(t), 1);
    assert_int_equal(kc_trust_intermediate_count(t), 0);
    OPENSSL_free(der);
    der = NULL;
    X509_free(x);
    /* An intermediate joins the untrusted helpers. */
    x = load_cert("ca.pem");
    n = i2d_X509(x, &der);
    assert_int_equal(kc_trust_add_untrusted_der(t, der, (size_t)n), 0);
    assert_int_equal(kc_trust_intermediate_count(t), 1);
    assert_int_equal(kc_trust_add_untrusted_der(t, der, (size_t)n - 1), KC_EFORMAT);
    assert_int_equal(kc_trust_add_crl_der(t, der, (size_t)n), KC_EFORMAT); /* a certificate is no CRL */
    OPENSSL_free(der);
    X509_free(x);
    /* The user's store is left as it was. */
    assert_int_equal(kc_trust_intermediate_count(base), 0);
    kc_trust_free(t);
    kc_trust_free(base);
}


/* ---- kc_ingest_reuse_verdicts ------------------------------------------------ */

typedef struct reuse_fx {
    const kc_verdict *answer; /* what the callback hands back */
    int asked;
    int not_valid;            /* ingest's "its signature is not valid now" notices */
} reuse_fx;

static const kc_verdict *reuse_answer(void *ud, const char *src, const char *det_src)
{
    reuse_fx *r = ud;
    assert_non_null(strstr(src, "12-QD-UBND.pdf"));
    assert_null(det_src);
    r->asked++;
    return r->answer;
}

static void reuse_notice(void *ud, const char *message)
{
    reuse_fx *r = ud;
    if (strstr(message, "12-QD-UBND.pdf"))
        r->not_valid++;
}

/* One dossier of samples/docs/12-QD-UBND.pdf (valid) with validation, now
 * pinned or not, the callback answering r->answer. */
static void reuse_ingest(reuse_fx *r, const kc_trust *trust, int64_t now)
{
    char *dir = g_dir_make_tmp("kc-test-reuse-XXXXXX", NULL), *zip = g_build_filename(dir, "d.zip", NULL);
    char *doc = g_strdup_printf("%s/samples/docs/12-QD-UBND.pdf", root_dir());
    kc_dossier_events ev = {NULL, reuse_notice, r};
    kc_dossier_meta meta = {.commune = "Thủy An", .district = "Phú Vang", .year = 2021};
    kc_verify_opts vo = {.now = now};
    kc_ingest *in = NULL;
    kc_error err = {0};
    assert_int_equal(kc_ingest_new(&in, &ev, &err), 0);
    assert_int_equal(kc_ingest_validate(in, trust, &vo, &err), 0);
    assert_int_equal(kc_ingest_reuse_verdicts(in, reuse_answer, r, &err), 0);
    assert_int_equal(kc_ingest_set_meta(in, &meta, &err), 0);
    assert_int_equal(kc_ingest_add_file(in, doc, NULL, &err), 0);
    if (kc_ingest_write(in, zip, NULL, &err) != 0)
        fail_msg("%s", err.message);
    kc_ingest_free(in);
    kc_test_rmtree(dir);
    g_free(doc);
    g_free(zip);
    g_free(dir);
}

static void test_reuse_verdicts(void **state)
{
    (void)state;
    kc_trust *trust = NULL;
    kc_verdict *other = NULL;
    kc_error err = {0};
    char *trust_dir = g_strdup_printf("%s/certs/test/trust", root_dir());
    char *bad = g_strdup_printf("%s/samples/docs/25-TB-UBND.pdf", root_dir());
    int64_t now = (int64_t)time(NULL);
    kc_verify_opts vo = {.now = now};
    assert_int_equal(kc_trust_new(&trust, &err), 0);
    assert_int_equal(kc_trust_add_path(trust, trust_dir, &err), 0);
    /* A verdict that is plainly not the document's own (another document's,
     * not valid): when ingest uses it, its record says "not valid". */
    assert_int_equal(kc_verify_file(&other, trust, bad, &vo, &err), 0);
    assert_int_not_equal(kc_verdict_status(other), KC_STATUS_VALID);

    reuse_fx r = {.answer = other};
    reuse_ingest(&r, trust, now);
    assert_int_equal(r.asked, 1);
    assert_int_equal(r.not_valid, 1); /* the caller's verdict was the one used */

    r = (reuse_fx){.answer = NULL}; /* no verdict: verified here, valid */
    reuse_ingest(&r, trust, now);
    assert_int_equal(r.asked, 1);
    assert_int_equal(r.not_valid, 0);

    r = (reuse_fx){.answer = other}; /* "now" not pinned: never asked */
    reuse_ingest(&r, trust, 0);
    assert_int_equal(r.asked, 0);
    assert_int_equal(r.not_valid, 0);

    kc_verdict_free(other);
    kc_trust_free(trust);
    g_free(trust_dir);
    g_free(bad);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_blob_names),
        cmocka_unit_test(test_index),
        cmocka_unit_test(test_index_write),
        cmocka_unit_test(test_ocsp),
        cmocka_unit_test(test_derived_store),
        cmocka_unit_test(test_reuse_verdicts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
