/* fuzz_tsa.c: what a timestamp authority answers `seal --tsa` (a DER
 * TimeStampResp from the network): kc_tsa_reply against a fixed request,
 * then against the nonce and imprint the reply itself carries (read with
 * OpenSSL directly), so that a well-formed reply gets past the request checks
 * and its token is parsed and judged (kc_ts_parse, kc_ts_check against the
 * test trust store) as the seal would. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/ts.h>

#include "fuzz.h"
#include "timestamp.h"
#include "tsa.h"

static kc_trust *trust;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    trust = fuzz_test_trust("fuzz_tsa");
    return 0;
}

/* The nonce (big-endian bytes) and imprint the reply claims; false when it has none. */
static bool claimed(const uint8_t *data, size_t size, unsigned char nonce[64], size_t *nlen,
                    unsigned char imprint[32])
{
    const unsigned char *p = data;
    TS_RESP *resp = d2i_TS_RESP(NULL, &p, (long)size);
    TS_TST_INFO *tst = resp ? TS_RESP_get_tst_info(resp) : NULL;
    const ASN1_INTEGER *n = tst ? TS_TST_INFO_get_nonce(tst) : NULL;
    TS_MSG_IMPRINT *mi = tst ? TS_TST_INFO_get_msg_imprint(tst) : NULL;
    ASN1_OCTET_STRING *v = mi ? TS_MSG_IMPRINT_get_msg(mi) : NULL;
    BIGNUM *bn = n ? ASN1_INTEGER_to_BN(n, NULL) : NULL;
    bool ok = bn && v && v->length == 32 && BN_num_bytes(bn) > 0 && BN_num_bytes(bn) <= 64;
    if (ok) {
        *nlen = (size_t)BN_bn2bin(bn, nonce);
        memcpy(imprint, v->data, 32);
    }
    BN_free(bn);
    TS_RESP_free(resp);
    ERR_clear_error();
    return ok;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const unsigned char fixed_nonce[8] = {0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc, 0xde, 0xf0};
    unsigned char imprint[32] = {0x4b, 0x43}, nonce[64];
    unsigned char *tok = NULL;
    size_t toklen = 0, nlen = 0;
    kc_error err = {0};

    if (kc_tsa_reply(&tok, &toklen, data, size, imprint, fixed_nonce, sizeof fixed_nonce, &err) == 0)
        free(tok);
    tok = NULL;
    if (!claimed(data, size, nonce, &nlen, imprint) ||
        kc_tsa_reply(&tok, &toklen, data, size, imprint, nonce, nlen, &err) != 0)
        return 0;
    kc_ts_token *t = NULL;
    if (kc_ts_parse(&t, tok, toklen, &err) == 0) {
        kc_verify_opts opts = {.now = 1900000000};
        kc_ts_result res;
        kc_ts_check(t, NULL, 0, imprint, sizeof imprint, trust, &opts, opts.now, &res);
        kc_ts_check_proven(t, NULL, 0, imprint, sizeof imprint, trust, &opts, opts.now, 1700000000, &res);
        kc_ts_free(t);
    }
    free(tok);
    return 0;
}
