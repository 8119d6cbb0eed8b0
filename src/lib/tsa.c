/* tsa.c: the RFC 3161 client (see tsa.h).  The reply comes from the network
 * and is parsed before anything trusts it (kc_tsa_reply is fuzzed:
 * tests/fuzz/fuzz_tsa.c); the token in it is then judged by timestamp.c,
 * the same code that judges every timestamp `verify` and `check` meet, so a
 * seal never carries a token that its own check would call worthless. */
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/ts.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "clock_floor.h"
#include "cms_internal.h"
#include "http.h"
#include "i18n.h"
#include "tsa.h"
#include "util.h"

#define NONCE_LEN 8

static ASN1_INTEGER *nonce_int(const unsigned char *nonce, size_t len)
{
    BIGNUM *bn = BN_bin2bn(nonce, (int)len, NULL);
    ASN1_INTEGER *i = bn ? BN_to_ASN1_INTEGER(bn, NULL) : NULL;
    BN_free(bn);
    return i;
}

int kc_tsa_query(unsigned char **out, size_t *len, const unsigned char imprint[32], const unsigned char *nonce,
                 size_t nonce_len, kc_error *err)
{
    TS_REQ *req = TS_REQ_new();
    TS_MSG_IMPRINT *mi = TS_MSG_IMPRINT_new();
    X509_ALGOR *alg = X509_ALGOR_new();
    ASN1_INTEGER *n = nonce_int(nonce, nonce_len);
    unsigned char *der = NULL;
    int rc = 0, dlen = 0;

    if (!req || !mi || !alg || !n ||
        X509_ALGOR_set0(alg, OBJ_nid2obj(NID_sha256), V_ASN1_NULL, NULL) != 1 ||
        TS_MSG_IMPRINT_set_algo(mi, alg) != 1 || TS_MSG_IMPRINT_set_msg(mi, (unsigned char *)imprint, 32) != 1 ||
        TS_REQ_set_version(req, 1) != 1 || TS_REQ_set_msg_imprint(req, mi) != 1 ||
        TS_REQ_set_nonce(req, n) != 1 || TS_REQ_set_cert_req(req, 1) != 1 ||
        (dlen = i2d_TS_REQ(req, &der)) <= 0) {
        rc = kc_error_oom(err);
        goto out;
    }
    if (!(*out = malloc((size_t)dlen))) {
        rc = kc_error_oom(err);
        goto out;
    }
    memcpy(*out, der, (size_t)dlen);
    *len = (size_t)dlen;
out:
    OPENSSL_free(der);
    ASN1_INTEGER_free(n);
    X509_ALGOR_free(alg);
    TS_MSG_IMPRINT_free(mi);
    TS_REQ_free(req);
    ERR_clear_error();
    return rc;
}

/* The status words RFC 3161 gives a refusal, for the message. */
static void refusal(char *buf, size_t size, TS_STATUS_INFO *si)
{
    static const char *const statuses[] = {"granted", "grantedWithMods", "rejection", "waiting",
                                           "revocationWarning", "revocationNotification"};
    static const struct { int bit; const char *name; } fails[] = {
        {TS_INFO_BAD_ALG, "badAlg"}, {TS_INFO_BAD_REQUEST, "badRequest"},
        {TS_INFO_BAD_DATA_FORMAT, "badDataFormat"}, {TS_INFO_TIME_NOT_AVAILABLE, "timeNotAvailable"},
        {TS_INFO_UNACCEPTED_POLICY, "unacceptedPolicy"}, {TS_INFO_UNACCEPTED_EXTENSION, "unacceptedExtension"},
        {TS_INFO_ADD_INFO_NOT_AVAILABLE, "addInfoNotAvailable"}, {TS_INFO_SYSTEM_FAILURE, "systemFailure"}};
    long status = ASN1_INTEGER_get(TS_STATUS_INFO_get0_status(si));
    const ASN1_BIT_STRING *fi = TS_STATUS_INFO_get0_failure_info(si);
    const STACK_OF(ASN1_UTF8STRING) *text = TS_STATUS_INFO_get0_text(si);
    size_t at = (size_t)snprintf(buf, size, "%s", status >= 0 && status <= 5 ? statuses[status] : "?");

    for (size_t i = 0; fi && i < sizeof fails / sizeof *fails && at < size; i++)
        if (ASN1_BIT_STRING_get_bit(fi, fails[i].bit))
            at += (size_t)snprintf(buf + at, size - at, ", %s", fails[i].name);
    for (int i = 0; i < sk_ASN1_UTF8STRING_num(text) && i < 3 && at < size; i++) {
        const ASN1_UTF8STRING *t = sk_ASN1_UTF8STRING_value(text, i);
        /* The TSA's own words, cut and kept printable. */
        at += (size_t)snprintf(buf + at, size - at, "%s\"", i ? " " : ": ");
        for (int k = 0; k < t->length && k < 120 && at + 2 < size; k++)
            buf[at++] = t->data[k] >= 0x20 && t->data[k] != 0x7f ? (char)t->data[k] : '?';
        if (at + 1 < size)
            buf[at++] = '"';
        buf[at < size ? at : size - 1] = '\0';
    }
}

int kc_tsa_reply(unsigned char **token, size_t *toklen, const unsigned char *der, size_t len,
                 const unsigned char imprint[32], const unsigned char *nonce, size_t nonce_len, kc_error *err)
{
    const unsigned char *p = der;
    TS_RESP *resp = NULL;
    ASN1_INTEGER *want = NULL;
    unsigned char *tok = NULL;
    char why[512];
    int rc = KC_EFORMAT, n;

    *token = NULL;
    if (!der || len == 0 || len > KC_TSA_MAX_REPLY || !(resp = d2i_TS_RESP(NULL, &p, (long)len)) ||
        p != der + len) {
        kc_error_set(err, rc, "%s", _("the answer is not an RFC 3161 timestamp reply"));
        goto out;
    }
    long status = ASN1_INTEGER_get(TS_STATUS_INFO_get0_status(TS_RESP_get_status_info(resp)));
    if (status != TS_STATUS_GRANTED && status != TS_STATUS_GRANTED_WITH_MODS) {
        refusal(why, sizeof why, TS_RESP_get_status_info(resp));
        kc_error_set(err, rc, _("the timestamp authority refused: %s"), why);
        goto out;
    }
    PKCS7 *p7 = TS_RESP_get_token(resp);
    TS_TST_INFO *tst = TS_RESP_get_tst_info(resp);
    if (!p7 || !tst) {
        kc_error_set(err, rc, "%s", _("the timestamp authority granted the request but sent no timestamp"));
        goto out;
    }
    want = nonce_int(nonce, nonce_len);
    const ASN1_INTEGER *got = TS_TST_INFO_get_nonce(tst);
    if (!want || !got || ASN1_INTEGER_cmp(want, got) != 0) {
        kc_error_set(err, rc, "%s", _("the timestamp does not carry the nonce that was sent: an old or someone else's answer"));
        goto out;
    }
    TS_MSG_IMPRINT *mi = TS_TST_INFO_get_msg_imprint(tst);
    X509_ALGOR *alg = mi ? TS_MSG_IMPRINT_get_algo(mi) : NULL;
    ASN1_OCTET_STRING *v = mi ? TS_MSG_IMPRINT_get_msg(mi) : NULL;
    if (!alg || OBJ_obj2nid(alg->algorithm) != NID_sha256 || !v || v->length != 32 ||
        memcmp(v->data, imprint, 32) != 0) {
        kc_error_set(err, rc, "%s", _("the timestamp is not over what was sent (its imprint differs)"));
        goto out;
    }
    if ((n = i2d_PKCS7(p7, &tok)) <= 0 || !(*token = malloc((size_t)n))) {
        rc = kc_error_oom(err);
        goto out;
    }
    memcpy(*token, tok, (size_t)n);
    *toklen = (size_t)n;
    rc = 0;
out:
    OPENSSL_free(tok);
    ASN1_INTEGER_free(want);
    TS_RESP_free(resp);
    ERR_clear_error();
    return rc;
}

/* Why the authority gave no timestamp, in words the clerk can act on.  The
 * network's own ("Error resolving …", "Connection refused", half of them in
 * the system's language) say neither what failed nor what to do: no answer
 * is the address or the network; an answer of 5xx is the authority failing
 * at the right address (its status says how; try later, or its operator);
 * another (404, 405, 401, a redirect that would turn the POST into a GET)
 * is a server there refusing the request: the path, or an account; a 2xx
 * answer too large or cut off says so itself. */
static int no_answer(kc_error *err, int rc, int answered, const char *why)
{
    if (answered >= 500 && answered <= 599)
        return kc_error_set(err, rc,
                            _("no timestamp: the authority failed: %s; the address answered, so try again later or "
                              "ask the authority's operator"),
                            why);
    if (answered >= 200 && answered <= 299) /* an answer too large, or cut off */
        return kc_error_set(err, rc, _("no timestamp from the authority: %s"), why);
    if (answered > 0)
        return kc_error_set(err, rc,
                            _("no timestamp: the server at the address given with --tsa refused the request: %s; "
                              "check the address, and whether the authority wants an account"),
                            why);
    return kc_error_set(err, rc,
                        _("no timestamp from the authority: %s; check the address given with --tsa and the network"),
                        why);
}

int kc_tsa_stamp(unsigned char **token, size_t *toklen, kc_ts_result *res, const char *url,
                 const unsigned char *data, size_t dlen, const kc_trust *trust, const kc_verify_opts *vopts,
                 kc_error *err)
{
    static const kc_verify_opts defaults = {0};
    const kc_verify_opts *opts = vopts ? vopts : &defaults;
    int answered = 0;
    kc_http_opts hopts = {.max_body = KC_TSA_MAX_REPLY, .accept = "application/timestamp-reply", .answered = &answered};
    kc_http_response *r = NULL;
    unsigned char imprint[32], nonce[NONCE_LEN], *query = NULL, *tok = NULL;
    size_t qlen = 0, tlen = 0;
    kc_ts_token *parsed = NULL;
    kc_error e = {0};
    int64_t now;
    int rc;

    memset(res, 0, sizeof *res);
    *token = NULL;
    if (EVP_Digest(data, dlen, imprint, NULL, EVP_sha256(), NULL) != 1 || RAND_bytes(nonce, sizeof nonce) != 1)
        return kc_error_set(err, KC_ECRYPTO, "%s", _("no random nonce for the timestamp request"));
    nonce[0] &= 0x7f; /* a positive INTEGER of the same length each time */
    if ((rc = kc_tsa_query(&query, &qlen, imprint, nonce, sizeof nonce, err)) != 0)
        return rc;
    if ((rc = kc_http_post(&r, url, "application/timestamp-query", query, qlen, &hopts, &e)) != 0) {
        rc = no_answer(err, rc, answered, e.message);
        goto out;
    }
    if ((rc = kc_tsa_reply(&tok, &tlen, r->body, r->len, imprint, nonce, sizeof nonce, &e)) != 0) {
        rc = kc_error_set(err, rc, "%s: %s", url, e.message);
        goto out;
    }
    if ((rc = kc_ts_parse(&parsed, tok, tlen, &e)) != 0) {
        rc = kc_error_set(err, rc, "%s: %s", url, e.message);
        goto out;
    }
    now = opts->now ? opts->now : (int64_t)time(NULL);
    kc_ts_check(parsed, data, dlen, NULL, 0, trust, opts, now, res);
    /* A token dated inside its TSA's life, by a TSA whose certificate has
     * ended by now (or was retired since), proves nothing at `check` until
     * something newer vouches for it, and nothing does: such a TSA, asked
     * in 2026, answered with a token of 2018, and `seal --renew` said the
     * dossier renewed (renew before: a date already past) while `check`
     * found that archive timestamp proving nothing (newcomer41, rttime21).
     * Judged as `check` judges it, with no later proof; a PC whose clock
     * is years behind still takes it, as it takes the ended TSA's
     * certificate for a running one, unless the trust store's CRLs show
     * the real time is later (clock_floor.c, rttime22). */
    char crl_issuer[128];
    int64_t floor = kc_clock_floor(trust, crl_issuer, sizeof crl_issuer);
    bool behind = floor > now && res->state == KC_TS_PROVES && res->tsa_expires && res->tsa_expires >= now &&
                  res->tsa_expires < floor;
    kc_ts_require_poe(res, floor > now ? floor : now, 0);
    if (res->state != KC_TS_PROVES && behind) {
        char clock[32], issued[32];
        kc_cms_fmt_time(now, clock);
        kc_cms_fmt_time(floor, issued);
        rc = kc_error_set(err, KC_EINVAL,
                          _("%s: the timestamp would prove nothing: %s This computer's clock says %s, but the CRL "
                            "of %s at hand was issued on %s: the clock is behind; set it right."),
                          url, res->why, clock, crl_issuer, issued);
        goto out;
    }
    if (res->state != KC_TS_PROVES) {
        rc = kc_error_set(err, KC_EINVAL, _("%s: the timestamp would prove nothing: %s"), url, res->why);
        goto out;
    }
    *token = tok;
    *toklen = tlen;
    tok = NULL;
out:
    kc_ts_free(parsed);
    free(tok);
    free(query);
    kc_http_response_free(r);
    return rc;
}
