/* fuzz_revocation.c: what the network and a dossier's validation data hand
 * the verifier (issue 14).  The first byte chooses the parser, the rest is its
 * input:
 *
 *   0  an OCSP response: kc_ocsp_parse, then kc_ocsp_status for the test PKI's
 *      leader (issued by ca) and for ca (issued by root), and the response in a
 *      trust store consulted by kc_cms_revocation, as a dossier's would be;
 *   1  a CRL as a distribution point serves it: kc_online_parse_crl, then the
 *      same CRL (DER) added to a store (kc_trust_add_crl_der) and consulted;
 *   2  validation/index.json: kc_ltv_index_parse, every record's object names
 *      (kc_ltv_record_blobs, kc_ltv_parse_blob_name), and index.json written
 *      again from the records (kc_ltv_index_write). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/pem.h>

#include "cms_internal.h"
#include "fuzz.h"
#include "kc_config.h"
#include "ltv.h"
#include "revocation.h"
#include "trust_internal.h"

static kc_trust *trust;
static X509 *root, *ca, *leader;

static X509 *load(const char *name)
{
    char path[512];
    snprintf(path, sizeof path, "%s/test/%s", KC_SOURCE_CERTS_DIR, name);
    FILE *f = fopen(path, "r");
    X509 *x = f ? PEM_read_X509(f, NULL, NULL, NULL) : NULL;
    if (f)
        fclose(f);
    if (!x) {
        fprintf(stderr, "fuzz_revocation: cannot read %s\n", path);
        abort();
    }
    return x;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    trust = fuzz_test_trust("fuzz_revocation");
    root = load("root.pem");
    ca = load("ca.pem");
    leader = load("leader.pem");
    return 0;
}

/* kc_cms_revocation over a store that holds what the input gave. */
static void consult(kc_trust *t)
{
    int64_t when = 0;
    long reason = 0;
    kc_cms_revocation(leader, ca, t, &when, &reason);
    kc_cms_revocation(ca, root, t, &when, &reason);
}

static void ocsp(const uint8_t *data, size_t size)
{
    OCSP_BASICRESP *bs = NULL;
    kc_trust *t = NULL;
    int64_t when = 0;
    long reason = 0;

    if (kc_ocsp_parse(&bs, data, size, NULL) != 0)
        return;
    kc_ocsp_status(bs, leader, ca, &when, &reason);
    kc_ocsp_status(bs, ca, root, &when, &reason);
    kc_ocsp_status(bs, leader, root, &when, &reason);
    kc_ocsp_reach reach;
    kc_ocsp_vouches(bs, ca, trust, NULL, KC_POE_NONE, INT64_MAX, &reach);
    if (kc_trust_derive(&t, trust, NULL) == 0) {
        kc_trust_add_ocsp(t, bs);
        bs = NULL;
        consult(t);
    }
    kc_trust_free(t);
    OCSP_BASICRESP_free(bs);
}

static void crl(const uint8_t *data, size_t size)
{
    X509_CRL *c = kc_online_parse_crl(data, size);
    X509_REVOKED *rev = NULL;
    kc_trust *t = NULL;

    if (c) {
        X509_CRL_verify(c, X509_get0_pubkey(ca));
        X509_CRL_get0_by_cert(c, &rev, leader);
        X509_CRL_free(c);
    }
    if (kc_trust_derive(&t, trust, NULL) == 0 && kc_trust_add_crl_der(t, data, size) == 0)
        consult(t);
    kc_trust_free(t);
    ERR_clear_error();
}

static void index_json(const uint8_t *data, size_t size)
{
    kc_ltv_index *ix = NULL;
    GPtrArray *records = g_ptr_array_new();

    if (kc_ltv_index_parse(&ix, (const char *)data, size, NULL) != 0) {
        g_ptr_array_free(records, TRUE);
        return;
    }
    for (size_t i = 0; i < kc_ltv_index_count(ix); i++) {
        JsonObject *rec = kc_ltv_index_record(ix, i);
        GPtrArray *names = kc_ltv_record_blobs(rec);
        for (guint k = 0; k < names->len; k++) {
            kc_ltv_kind kind;
            unsigned char sha[32];
            if (!kc_ltv_parse_blob_name(names->pdata[k], &kind, sha))
                abort(); /* the parser let through a name it does not know */
        }
        g_ptr_array_free(names, TRUE);
        kc_ltv_index_find(ix, json_object_get_string_member(rec, "path"));
        g_ptr_array_add(records, rec);
    }
    g_free(kc_ltv_index_write(records));
    g_ptr_array_free(records, TRUE);
    kc_ltv_index_free(ix);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    switch (data[0] % 3) {
    case 0: ocsp(data + 1, size - 1); break;
    case 1: crl(data + 1, size - 1); break;
    default: index_json(data + 1, size - 1); break;
    }
    return 0;
}
