/* timestamp.c: RFC 3161 time-stamp tokens checked as proofs of existence (see
 * timestamp.h for the rules).
 *
 * Once a claimed signing time proves nothing, timestamps carry the weight of
 * every expired or revoked certificate, so they are what an attacker forges:
 * a token with a SHA-1 imprint, one from a TSA whose key was compromised, one
 * back-dated before the signer's own claim.  Each rule here answers one of
 * those.  OpenSSL's TS_RESP_verify_token checks the signature, the ESS
 * signing-certificate binding, the chain at genTime and the timeStamping key
 * purpose; the rest (imprint, a purpose of timestamping alone, strength,
 * revocation, genTime) is done here
 * because OpenSSL either does not do it or does not say which rule failed. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/pkcs7.h>
#include <openssl/ts.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "cms_internal.h"
#include "i18n.h"
#include "timestamp.h"
#include "trust_internal.h"
#include "util.h"

#define KC_TS_MAX (1u << 20)

struct kc_ts_token {
    PKCS7 *p7;
    TS_TST_INFO *tst;
    char digest_name[32];
    /* The token as it came, when p7 was made without its crls field's
     * `other` choices (kc_cms_without_other_revinfo): read for its TSA's
     * revocation.  NULL otherwise. */
    unsigned char *der;
    size_t der_len;
};

void kc_ts_free(kc_ts_token *tok)
{
    if (!tok)
        return;
    TS_TST_INFO_free(tok->tst);
    PKCS7_free(tok->p7);
    free(tok->der);
    free(tok);
}

int kc_ts_parse(kc_ts_token **out, const unsigned char *der, size_t len, kc_error *err)
{
    kc_ts_token *t = NULL;
    const unsigned char *p = der;
    int rc = KC_EFORMAT;

    if (!out || !der || len == 0)
        return kc_error_set(err, KC_EINVAL, "%s", _("no timestamp to parse"));
    if (len > KC_TS_MAX)
        return kc_error_set(err, KC_ELIMIT, "%s", _("the timestamp is larger than 1 MiB"));
    if (!(t = calloc(1, sizeof *t)))
        return kc_error_oom(err);
    t->p7 = d2i_PKCS7(NULL, &p, (long)len);
    size_t used = t->p7 ? (size_t)(p - der) : 0;
    if (!t->p7) {
        /* An OCSP response in the crls field (RFC 5940), which OpenSSL's
         * PKCS#7 reader refuses: read without it, kept for the TSA's
         * revocation (tsa_not_revoked). */
        unsigned char *copy = NULL;
        size_t copy_len = 0;
        int s = kc_cms_without_other_revinfo(der, len, &copy, &copy_len, &used);
        if (s == KC_ENOMEM) {
            kc_ts_free(t);
            return kc_error_oom(err);
        }
        const unsigned char *c = copy;
        if (s == 1 && (t->p7 = d2i_PKCS7(NULL, &c, (long)copy_len)) != NULL && c == copy + copy_len &&
            (t->der = malloc(used)) != NULL) {
            memcpy(t->der, der, used);
            t->der_len = used;
        } else {
            PKCS7_free(t->p7);
            t->p7 = NULL;
        }
        free(copy);
    }
    /* Zero padding only after the DER, as for signatures. */
    size_t rest = t->p7 ? len - used : 0;
    p = der + used;
    if (!t->p7 || (rest && (p[0] != 0 || memcmp(p, p + 1, rest - 1) != 0)) ||
        !PKCS7_type_is_signed(t->p7) || !(t->tst = PKCS7_to_TS_TST_INFO(t->p7))) {
        kc_error_set(err, rc, "%s", _("not an RFC 3161 timestamp token"));
        goto out;
    }
    const X509_ALGOR *alg = TS_MSG_IMPRINT_get_algo(TS_TST_INFO_get_msg_imprint(t->tst));
    int nid = alg ? OBJ_obj2nid(alg->algorithm) : NID_undef;
    if (nid != NID_undef) {
        snprintf(t->digest_name, sizeof t->digest_name, "%s", OBJ_nid2ln(nid));
        for (char *q = t->digest_name; *q; q++)
            if (*q >= 'A' && *q <= 'Z')
                *q = (char)(*q - 'A' + 'a');
    }
    *out = t;
    t = NULL;
    rc = 0;
out:
    kc_ts_free(t);
    ERR_clear_error();
    return rc;
}

bool kc_ts_signature_ok(const kc_ts_token *tok)
{
    /* The signature over the TSTInfo alone: no chain, no time, no purpose. */
    bool ok = tok && PKCS7_verify(tok->p7, NULL, NULL, NULL, NULL, PKCS7_NOVERIFY | PKCS7_NOCHAIN) == 1;
    ERR_clear_error();
    return ok;
}

const char *kc_ts_digest_name(const kc_ts_token *tok)
{
    return tok && tok->digest_name[0] ? tok->digest_name : NULL;
}

static void set_why(kc_ts_result *res, kc_ts_state state, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void set_why(kc_ts_result *res, kc_ts_state state, const char *fmt, ...)
{
    va_list ap;

    res->state = state;
    va_start(ap, fmt);
    vsnprintf(res->why, sizeof res->why, fmt, ap);
    va_end(ap);
}

/* Why a digest algorithm makes a token worthless (its name), or NULL: the
 * rule of signatures (kc_cms_md_class). */
static const char *weak_md(int nid, bool allow_weak)
{
    kc_md_class c = kc_cms_md_class(nid);
    if (c == KC_MD_STRONG || (c == KC_MD_WEAK && allow_weak))
        return NULL;
    return nid == NID_sha1 ? "SHA-1" : OBJ_nid2ln(nid);
}

/* The digest inside the token signer's signature algorithm (sha1WithRSA...),
 * NID_undef when it names none (rsaEncryption). */
static int sig_md(const X509_ALGOR *a)
{
    int md = NID_undef, pk;
    if (!a || OBJ_find_sigid_algs(OBJ_obj2nid(a->algorithm), &md, &pk) != 1)
        return NID_undef;
    return md;
}

/* The TSA's certificate: the token's signer, among its own certificates and
 * the trust store's intermediates.  A new reference or NULL. */
static X509 *tsa_cert(const kc_ts_token *tok, STACK_OF(X509) *extra)
{
    STACK_OF(X509) *signers = PKCS7_get0_signers(tok->p7, extra, 0);
    X509 *x = sk_X509_num(signers) == 1 ? sk_X509_value(signers, 0) : NULL;
    if (x && !X509_up_ref(x))
        x = NULL;
    sk_X509_free(signers);
    ERR_clear_error();
    return x;
}

/* The token's algorithms: its signer's digest, signature algorithm and key. */
static bool strong_enough(const kc_ts_token *tok, X509 *tsa, const kc_verify_opts *opts,
                          kc_ts_result *res)
{
    PKCS7_SIGNER_INFO *si = sk_PKCS7_SIGNER_INFO_value(PKCS7_get_signer_info(tok->p7), 0);
    const char *weak = NULL;
    EVP_PKEY *pkey = X509_get0_pubkey(tsa);
    int bits = pkey ? EVP_PKEY_get_bits(pkey) : 0;

    if (si)
        weak = weak_md(OBJ_obj2nid(si->digest_alg->algorithm), opts->allow_weak);
    if (!weak && si)
        weak = weak_md(sig_md(si->digest_enc_alg), opts->allow_weak);
    if (weak) {
        set_why(res, KC_TS_IGNORED, _("The timestamp is signed with %s, a digest algorithm no longer considered safe."), weak);
        return false;
    }
    switch (pkey ? EVP_PKEY_get_base_id(pkey) : EVP_PKEY_NONE) {
    case EVP_PKEY_RSA:
    case EVP_PKEY_RSA_PSS:
        if (bits < 2048 && !(opts->allow_weak && bits >= 1024)) {
            set_why(res, KC_TS_IGNORED, _("The timestamp authority's RSA key has only %d bits."), bits);
            return false;
        }
        return true;
    case EVP_PKEY_EC:
        if (bits < 224) {
            set_why(res, KC_TS_IGNORED, _("The timestamp authority's EC key has only %d bits."), bits);
            return false;
        }
        return true;
    default:
        set_why(res, KC_TS_IGNORED, "%s", _("The timestamp authority's key type is not accepted."));
        return false;
    }
}

/* Every certification authority of the TSA's chain whose extended key usage
 * is present names timeStamping or any use, as a signer's chain must name a
 * signing use (kc_cms_check_chain_purpose): OpenSSL's timestamp rule reads no
 * authority's, so a CA made to issue people's signing tokens (clientAuth,
 * emailProtection) could certify a TSA and date anything. */
static bool chain_may_timestamp(STACK_OF(X509) *chain, kc_ts_result *res)
{
    static const char *const stamping[] = {"1.3.6.1.5.5.7.3.8", "2.5.29.37.0"}; /* timeStamping, any */

    for (int i = 1; i < sk_X509_num(chain); i++) {
        X509 *ca = sk_X509_value(chain, i);
        char what[256], name[256] = "?";
        if (kc_cms_eku_allows(ca, stamping, 2, what, sizeof what))
            continue;
        if (X509_NAME_get_text_by_NID(X509_get_subject_name(ca), NID_commonName, name, sizeof name) < 0)
            snprintf(name, sizeof name, "?");
        set_why(res, KC_TS_IGNORED,
                _("The certification authority \"%s\" of the timestamp authority's chain issues only for %s "
                  "(extended key usage), not for timestamping: a timestamp authority it certified proves no time."),
                name, what[0] ? what : "?");
        return false;
    }
    return true;
}

/* The TSA's chain at `latest`, the latest time the token may have been
 * written (genTime plus its accuracy, no later than now), checked against the
 * trust store's CRLs with the rules of a signer's: revoked at or before then
 * proves nothing, and a compromise (or no stated reason) proves nothing
 * whenever it happened, since whoever holds the key can write any genTime.  A
 * TSA retired later for another reason (superseded, cessationOfOperation)
 * still proved its past tokens: that is how TSAs rotate keys.  The chain at
 * genTime itself is token_verifies' rule: a TSA whose certificate ended (or
 * was revoked) inside the accuracy window may have written "23:59 ± a day"
 * the day after, with a key nothing vouched for any longer. */
/* A policy extension OpenSSL finds malformed in a chain that constrains no
 * policy is let pass, as for a signer's chain (cms_check.c); every other
 * failure stands. */
static int policy_cb(int ok, X509_STORE_CTX *ctx)
{
    if (!ok && X509_STORE_CTX_get_error(ctx) == X509_V_ERR_INVALID_POLICY_EXTENSION &&
        !kc_cms_chain_constrains_policies(ctx))
        return 1;
    return ok;
}

static bool tsa_not_revoked(const kc_ts_token *tok, X509 *tsa, STACK_OF(X509) *untrusted, const kc_trust *trust,
                            int64_t latest, int64_t proven, int64_t now, bool allow_weak, kc_ts_result *res)
{
    /* The CRLs and OCSP responses the token carries (its crls field, an
     * adbe-revocationInfoArchival attribute, an OCSP response as its crls
     * field's `other` choice) count beside the trust store's,
     * where the certificate's issuer signed them (cms_revinfo.c): a TSA's CA
     * listing the TSA's key as compromised, inside the very token, was not
     * read, and the token proved its time. */
    kc_cms_revinfo *own = kc_cms_revinfo_load_pkcs7(tok->p7, tok->der, tok->der_len);
    X509_STORE_CTX *ctx = X509_STORE_CTX_new();
    bool ok = false;

    if (!ctx || X509_STORE_CTX_init(ctx, kc_trust_store(trust), tsa, untrusted) != 1 ||
        !kc_cms_set_policy_check(ctx)) {
        set_why(res, KC_TS_IGNORED, "%s", kc_oom_message());
        goto out;
    }
    X509_STORE_CTX_set_time(ctx, 0, (time_t)latest);
    /* The policy constraints of the TSA's authorities bind it as a signer's
     * bind the signer: a sub-CA requiring an explicit policy vouches for no
     * timestamp authority whose certificate names none. */
    X509_STORE_CTX_set_verify_cb(ctx, policy_cb);
    if (X509_verify_cert(ctx) != 1) {
        int e = X509_STORE_CTX_get_error(ctx);
        char buf[32];
        kc_cms_fmt_time(latest, buf);
        if (e == X509_V_ERR_NO_EXPLICIT_POLICY)
            set_why(res, KC_TS_IGNORED, "%s",
                    _("The timestamp authority's chain is invalid: an authority of the chain requires its certificates "
                      "to name a certificate policy it accepts (policyConstraints), and the timestamp authority's names "
                      "none (RFC 5280): its timestamps prove nothing."));
        else if (e == X509_V_ERR_CERT_HAS_EXPIRED || e == X509_V_ERR_CERT_NOT_YET_VALID)
            set_why(res, KC_TS_IGNORED,
                    _("The timestamp authority's certificate is not valid at %s, the latest time its timestamp may "
                      "have been made (its genTime plus its accuracy) (%s): it proves nothing."),
                    buf, X509_verify_cert_error_string(e));
        else
            set_why(res, KC_TS_IGNORED, "%s", _("The timestamp authority does not chain to a trusted authority."));
        goto out;
    }
    STACK_OF(X509) *chain = X509_STORE_CTX_get0_chain(ctx);
    if (!chain_may_timestamp(chain, res))
        goto out;
    /* A TSA certificate an MD5 or SHA-1 collision made dates anything (rttime21). */
    int weak, depth = 0;
    if ((weak = kc_cms_chain_weak_sig(chain, allow_weak, &depth)) != NID_undef) {
        set_why(res, KC_TS_IGNORED,
                _("%s is signed by its issuer with %s, a digest algorithm no longer safe for certificates: it proves "
                  "nothing."),
                depth == 0 ? _("The timestamp authority's certificate")
                           : _("A certificate of the timestamp authority's chain"),
                weak == NID_sha1 ? "SHA-1" : weak == NID_md5 ? "MD5" : OBJ_nid2ln(weak));
        goto out;
    }
    res->tsa_expires = 0;
    for (int i = 0; i + 1 < sk_X509_num(chain); i++) {
        int64_t na;
        if (kc_cms_asn1_time_unix(X509_get0_notAfter(sk_X509_value(chain, i)), &na) &&
            (!res->tsa_expires || na < res->tsa_expires))
            res->tsa_expires = na;
    }
    for (int i = 0; i + 1 < sk_X509_num(chain); i++) {
        int64_t when = 0, w;
        long reason = -1, r;
        char buf[32];
        X509 *x = sk_X509_value(chain, i), *up = sk_X509_value(chain, i + 1);
        int64_t na = 0, until = -1;
        /* Expired by now: its CA may have dropped it from its CRLs (RFC 5280 3.3), so
         * kc_ts_require_poe asks that they still speak of it at the token's proof (rttime11). */
        if (kc_cms_asn1_time_unix(X509_get0_notAfter(x), &na) && na < now) {
            /* The token's signed responses existed when its TSA signed it
             * (by `latest`); a /DSS's, a dossier's, its unsigned ones, only
             * when something proves them: an ended responder's key writes
             * "good" for any past date (rttime13, rttime14). */
            kc_revbounds rb = kc_cms_revocation_until(x, up, trust, own, latest, now, &until);
            if (rb == KC_REVBOUNDS_SPEAKS && (!res->tsa_spoken || until < res->tsa_spoken))
                res->tsa_spoken = until;
            res->tsa_unspoken |= rb == KC_REVBOUNDS_NONE && i == 0; /* no failure; a dossier notes it */
        }
        bool found = kc_cms_revocation(x, up, trust, &when, &reason);
        if (kc_cms_revinfo_revocation(own, x, up, trust, &w, &r))
            kc_cms_revocation_keep_worse(&found, &when, &reason, w, r);
        if (!found)
            continue;
        if (when > latest && !kc_cms_reason_is_compromise(reason)) {
            /* Retired after the token: its past tokens stand, but only where
             * something proves they are older than the retirement, as with an
             * expiry (kc_ts_require_poe): the retired key is guarded by
             * nobody any longer, and whoever gets it can write a genTime
             * before its revocation (rttime8). */
            if (!res->tsa_retired || when < res->tsa_retired) {
                res->tsa_retired = when;
                res->tsa_retired_reason = reason;
            }
            continue;
        }
        /* A later timestamp proves this one existed before the revocation:
         * whoever took the key afterwards cannot have made it. */
        if (proven && when > proven)
            continue;
        kc_cms_fmt_time(when, buf);
        set_why(res, KC_TS_IGNORED, _("The timestamp authority's certificate was revoked on %s (%s): its timestamps prove nothing."),
                buf, kc_cms_reason_name(reason));
        goto out;
    }
    ok = true;
out:
    kc_cms_revinfo_free(own);
    X509_STORE_CTX_free(ctx);
    ERR_clear_error();
    return ok;
}

/* TS_RESP_verify_token: signature, ESS binding, chain at genTime with the
 * timeStamping purpose.  The shared store cannot take a check time, so a
 * private copy of the anchors does (timestamps are rare enough for the copy
 * not to matter). */
static bool token_verifies(const kc_ts_token *tok, STACK_OF(X509) *untrusted, const kc_trust *trust,
                           int64_t gen, kc_ts_result *res)
{
    X509_STORE *store = X509_STORE_new();
    STACK_OF(X509) *anchors = trust ? X509_STORE_get1_all_certs(kc_trust_store(trust)) : NULL;
    STACK_OF(X509) *certs = X509_chain_up_ref(untrusted);
    TS_VERIFY_CTX *vctx = TS_VERIFY_CTX_new();
    bool ok = false;

    if (!store || !certs || !vctx) {
        set_why(res, KC_TS_IGNORED, "%s", kc_oom_message());
        goto out;
    }
    for (int k = 0; k < sk_X509_num(anchors); k++)
        X509_STORE_add_cert(store, sk_X509_value(anchors, k));
    X509_VERIFY_PARAM_set_time(X509_STORE_get0_param(store), (time_t)gen);
    /* The context takes ownership of the store and the certificates. */
    TS_VERIFY_CTX_set_flags(vctx, TS_VFY_SIGNATURE | TS_VFY_VERSION);
    TS_VERIFY_CTX_set_store(vctx, store);
    store = NULL;
    TS_VERIFY_CTX_set_certs(vctx, certs);
    certs = NULL;
    ERR_clear_error();
    if (TS_RESP_verify_token(vctx, tok->p7) == 1) {
        ok = true;
    } else {
        /* "Verify error:certificate has expired" and the like, when the chain failed. */
        const char *data = NULL;
        int flags = 0;
        unsigned long e = ERR_peek_last_error_data(&data, &flags);
        bool chain = ERR_GET_REASON(e) == TS_R_CERTIFICATE_VERIFY_ERROR;
        if (chain)
            set_why(res, KC_TS_IGNORED, _("The timestamp authority is not trusted at the timestamp's time (%s)."),
                    data && (flags & ERR_TXT_STRING) ? data : "?");
        else
            set_why(res, KC_TS_IGNORED, "%s", _("The timestamp's own signature does not verify."));
    }
out:
    TS_VERIFY_CTX_free(vctx);
    X509_STORE_free(store);
    sk_X509_pop_free(certs, X509_free);
    sk_X509_pop_free(anchors, X509_free);
    ERR_clear_error();
    return ok;
}

/* RFC 3161 2.3 (and ETSI EN 319 422): a TSA's certificate names timeStamping
 * and no other purpose.  OpenSSL's rule refuses the purposes it knows beside
 * it and ignores the others, so a signer's certificate naming timeStamping
 * beside documentSigning (or Microsoft's or Adobe's document signing) would
 * date its own signatures, and a date the signer writes proves nothing.  The
 * purposes named, in what, when there are others. */
static bool tsa_only_timestamps(X509 *tsa, char *what, size_t size)
{
    EXTENDED_KEY_USAGE *eku = X509_get_ext_d2i(tsa, NID_ext_key_usage, NULL, NULL);
    bool ok = eku && sk_ASN1_OBJECT_num(eku) > 0;
    what[0] = '\0';
    for (int i = 0; eku && i < sk_ASN1_OBJECT_num(eku); i++) {
        ASN1_OBJECT *o = sk_ASN1_OBJECT_value(eku, i);
        char name[80];
        size_t used = strlen(what);
        ok = ok && OBJ_obj2nid(o) == NID_time_stamp;
        OBJ_obj2txt(name, sizeof name, o, 0);
        if (used + 2 < size)
            snprintf(what + used, size - used, "%s%s", used ? ", " : "", name);
    }
    EXTENDED_KEY_USAGE_free(eku);
    return ok;
}

/* The token's messageImprint equals the digest of the bytes it should be over. */
static bool imprint_matches(const kc_ts_token *tok, const unsigned char *data, size_t len,
                            const unsigned char *digest, size_t digest_len)
{
    TS_MSG_IMPRINT *mi = TS_TST_INFO_get_msg_imprint(tok->tst);
    ASN1_OCTET_STRING *want = TS_MSG_IMPRINT_get_msg(mi);
    const EVP_MD *md = tok->digest_name[0] ? EVP_get_digestbyname(tok->digest_name) : NULL;
    unsigned char h[EVP_MAX_MD_SIZE];
    unsigned int hlen = 0;

    if (data) {
        if (!md || EVP_Digest(data, len, h, &hlen, md, NULL) != 1)
            return false;
        digest = h;
        digest_len = hlen;
    }
    return want && digest && (size_t)want->length == digest_len &&
           memcmp(want->data, digest, digest_len) == 0;
}

/* The token's accuracy, rounded up to whole seconds (0 when it gives none).
 * A TSA says "genTime, give or take this": the bytes may have reached it as
 * late as genTime plus the accuracy, so that is all the token proves.  A
 * token of 2022-12-31 23:40 "± one day" does not prove a signature older than
 * a revocation at midnight.  Bounded: an accuracy beyond what an int64 holds
 * proves nothing useful anyway, and is read as a century. */
static int64_t accuracy_seconds(const kc_ts_token *tok)
{
    const TS_ACCURACY *acc = TS_TST_INFO_get_accuracy(tok->tst);
    const int64_t century = (int64_t)100 * 366 * 86400;
    int64_t secs = 0, sub = 0;

    if (!acc)
        return 0;
    const ASN1_INTEGER *s = TS_ACCURACY_get_seconds(acc), *ms = TS_ACCURACY_get_millis(acc),
                       *us = TS_ACCURACY_get_micros(acc);
    if (s && (ASN1_INTEGER_get_int64(&secs, s) != 1 || secs < 0 || secs > century))
        secs = century;
    /* millis and micros are 1..999 (RFC 3161 2.4.2); a TSA writing another
     * value (86400000 ms: a day) is read as knowing its time to no better
     * than a century, as an unreadable seconds is, never as 0. */
    int64_t v = 0;
    if (ms && (ASN1_INTEGER_get_int64(&v, ms) != 1 || v < 1 || v > 999))
        secs = century;
    else if (ms)
        sub += v * 1000;
    if (us && (ASN1_INTEGER_get_int64(&v, us) != 1 || v < 1 || v > 999))
        secs = century;
    else if (us)
        sub += v;
    ERR_clear_error();
    return secs + (sub + 999999) / 1000000;
}

void kc_ts_check(const kc_ts_token *tok, const unsigned char *data, size_t len,
                 const unsigned char *digest, size_t digest_len, const kc_trust *trust,
                 const kc_verify_opts *opts, int64_t now, kc_ts_result *res)
{
    kc_ts_check_proven(tok, data, len, digest, digest_len, trust, opts, now, 0, res);
}

void kc_ts_check_proven(const kc_ts_token *tok, const unsigned char *data, size_t len,
                        const unsigned char *digest, size_t digest_len, const kc_trust *trust,
                        const kc_verify_opts *opts, int64_t now, int64_t proven, kc_ts_result *res)
{
    STACK_OF(X509) *untrusted = sk_X509_new_null(), *inter = kc_trust_intermediates(trust);
    X509 *tsa = NULL;
    const char *weak;
    char buf[32];

    memset(res, 0, sizeof *res);
    res->state = KC_TS_BAD;
    if (!tok || !tok->tst || !untrusted) {
        set_why(res, KC_TS_BAD, "%s", _("The timestamp cannot be read."));
        goto out;
    }
    snprintf(res->digest, sizeof res->digest, "%s", tok->digest_name);
    if (!kc_cms_asn1_time_unix(TS_TST_INFO_get_time(tok->tst), &res->gen_time)) {
        set_why(res, KC_TS_BAD, "%s", _("The timestamp has no readable time."));
        goto out;
    }
    for (int k = 0; k < sk_X509_num(tok->p7->d.sign->cert); k++)
        if (!sk_X509_push(untrusted, sk_X509_value(tok->p7->d.sign->cert, k)))
            goto nomem;
    for (int k = 0; k < sk_X509_num(inter); k++)
        if (!sk_X509_push(untrusted, sk_X509_value(inter, k)))
            goto nomem;
    if ((tsa = tsa_cert(tok, untrusted)) != NULL) {
        const X509_NAME *subj = X509_get_subject_name(tsa);
        if (X509_NAME_get_text_by_NID(subj, NID_commonName, res->tsa, sizeof res->tsa) < 0 &&
            X509_NAME_get_text_by_NID(subj, NID_organizationName, res->tsa, sizeof res->tsa) < 0)
            res->tsa[0] = '\0';
    }
    if (!imprint_matches(tok, data, len, digest, digest_len)) {
        set_why(res, KC_TS_BAD, "%s", data ? _("The timestamp is not over this signature.")
                                           : _("The timestamp is not over these bytes."));
        goto out;
    }
    /* From here on the token is over the right bytes: a failure means it
     * proves nothing, not that the signature is broken. */
    const X509_ALGOR *alg = TS_MSG_IMPRINT_get_algo(TS_TST_INFO_get_msg_imprint(tok->tst));
    if ((weak = weak_md(OBJ_obj2nid(alg->algorithm), opts->allow_weak)) != NULL) {
        set_why(res, KC_TS_IGNORED, _("The timestamp's imprint uses %s, a digest algorithm no longer considered safe."), weak);
        goto out;
    }
    if (!tsa) {
        set_why(res, KC_TS_IGNORED, "%s", _("The timestamp authority's certificate is missing."));
        goto out;
    }
    if (!trust || !token_verifies(tok, untrusted, trust, res->gen_time, res)) {
        if (!trust)
            set_why(res, KC_TS_IGNORED, "%s", _("The timestamp authority does not chain to a trusted authority."));
        goto out;
    }
    char purposes[256];
    if (!tsa_only_timestamps(tsa, purposes, sizeof purposes)) {
        set_why(res, KC_TS_IGNORED, _("The timestamp authority's certificate is meant for other uses too (%s): a "
                                      "timestamp authority's names timeStamping alone, and a key that also signs "
                                      "documents could date its own signatures."), purposes);
        goto out;
    }
    int64_t latest = res->gen_time + accuracy_seconds(tok);
    if (latest > now)
        latest = now > res->gen_time ? now : res->gen_time; /* nothing is written in the future */
    if (!strong_enough(tok, tsa, opts, res) || !tsa_not_revoked(tok, tsa, untrusted, trust, latest, proven, now, opts->allow_weak, res))
        goto out;
    if (res->gen_time > now + KC_FUTURE_SLACK) {
        kc_cms_fmt_time(res->gen_time, buf);
        set_why(res, KC_TS_IGNORED, _("The timestamp's time %s is in the future."), buf);
        goto out;
    }
    res->state = KC_TS_PROVES;
    res->why[0] = '\0';
    res->latest = res->gen_time + accuracy_seconds(tok);
    goto out;
nomem:
    set_why(res, KC_TS_IGNORED, "%s", kc_oom_message());
out:
    X509_free(tsa);
    sk_X509_free(untrusted);
    ERR_clear_error();
}

void kc_ts_require_poe(kc_ts_result *res, int64_t now, int64_t proven)
{
    char buf[32];

    if (res->state == KC_TS_PROVES && res->tsa_retired && !(proven && proven < res->tsa_retired)) {
        kc_cms_fmt_time(res->tsa_retired, buf);
        set_why(res, KC_TS_IGNORED,
                _("The timestamp authority's certificate was revoked on %s (%s), and nothing proves the timestamp "
                  "existed before then (a later document timestamp or archive timestamp, or the dossier's seal): it "
                  "proves nothing."),
                buf, kc_cms_reason_name(res->tsa_retired_reason));
        return;
    }
    if (res->state == KC_TS_PROVES && res->tsa_spoken && proven && proven > res->tsa_spoken) {
        kc_cms_fmt_time(proven, buf);
        set_why(res, KC_TS_IGNORED,
                _("The timestamp authority's certificate has expired, and its CA's CRLs at hand no longer speak of "
                  "it at %s, when the timestamp is proven to exist (the CA may have dropped it since, a compromised "
                  "key too): it proves nothing. That CA's CRL of the time would."), buf);
        return;
    }
    if (res->state != KC_TS_PROVES || !res->tsa_expires || res->tsa_expires >= now ||
        (proven && proven <= res->tsa_expires))
        return;
    kc_cms_fmt_time(res->tsa_expires, buf);
    set_why(res, KC_TS_IGNORED,
            _("The timestamp authority's certificate expired on %s, and nothing proves the timestamp existed before "
              "then (a later document timestamp or archive timestamp, or the dossier's seal): it proves nothing."),
            buf);
}
