/* fuzz_cms.c: a signature's CMS as it comes out of a /Contents or a .p7s:
 * kc_cms_parse, then kc_cms_check against the test trust store twice, with a
 * fixed digest (the usual forged or changed document) and with the digest the
 * signature itself claims (so the signature, chain, time, timestamp and CRL
 * checks are reached too). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/cms.h>
#include <openssl/err.h>

#include "cms_check.h"
#include "fuzz.h"
#include "kc_config.h"
#include "verdict.h"

static kc_trust *trust;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    trust = fuzz_test_trust("fuzz_cms");
    return 0;
}

/* The messageDigest the signer claims, read with OpenSSL directly (the
 * library keeps its CMS opaque); 0 when there is none. */
static size_t claimed_digest(const uint8_t *data, size_t size, unsigned char *out, size_t max)
{
    const unsigned char *p = data;
    CMS_ContentInfo *ci = d2i_CMS_ContentInfo(NULL, &p, (long)size);
    size_t n = 0;
    if (!ci)
        return 0;
    STACK_OF(CMS_SignerInfo) *sis = CMS_get0_SignerInfos(ci);
    if (sk_CMS_SignerInfo_num(sis) == 1) {
        ASN1_OCTET_STRING *md = CMS_signed_get0_data_by_OBJ(sk_CMS_SignerInfo_value(sis, 0),
                                                            OBJ_nid2obj(NID_pkcs9_messageDigest),
                                                            -3, V_ASN1_OCTET_STRING);
        if (md && md->length > 0 && (size_t)md->length <= max) {
            n = (size_t)md->length;
            memcpy(out, md->data, n);
        }
    }
    CMS_ContentInfo_free(ci);
    ERR_clear_error();
    return n;
}

static void check(kc_cms *cms, const unsigned char *digest, size_t len, const kc_verify_opts *opts)
{
    kc_sig_info info = {0};
    kc_error err = {0};
    kc_cms_check(cms, digest, len, trust, opts, &info, &err);
    kc_sig_info_clear(&info);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const unsigned char fixed[64] = {0x4b, 0x43};
    unsigned char claimed[64];
    kc_cms *cms = NULL;
    kc_error err = {0};
    kc_verify_opts opts = {.now = 1900000000};

    if (kc_cms_parse(&cms, data, size, &err) != 0)
        return 0;
    const char *name = kc_cms_digest_name(cms);
    const EVP_MD *md = name ? EVP_get_digestbyname(name) : NULL;
    size_t len = md ? (size_t)EVP_MD_get_size(md) : 32;
    check(cms, fixed, len <= sizeof fixed ? len : 32, &opts);
    size_t n = claimed_digest(data, size, claimed, sizeof claimed);
    if (n) {
        opts.allow_weak = n < 32;
        check(cms, claimed, n, &opts);
    }
    kc_cms_free(cms);
    return 0;
}
