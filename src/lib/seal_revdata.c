/* seal_revdata.c: the revocation data a dossier's timestamps carry for
 * their own authorities (`seal --tsa`, `seal --renew`).
 *
 * A token whose TSA's certificate has expired proves its time only while
 * CRLs of the TSA's CA still speak of the TSA at the time the token is
 * proven to exist (cms_revbounds.c, rttime11): a CA may drop an expired
 * certificate from its CRLs, revoked for a compromised key or not, so a CRL
 * of 2030 silent about a TSA that ended in 2026 says nothing.  The seal's
 * token is proven by the first archive timestamp, each archive timestamp by
 * the next: what proves that the TSA was not revoked then is the CA's CRL
 * current at that renewal.  So `seal --renew` puts the CRLs at hand (the
 * trust directory's, and what --online fetched) of the chain of the token it
 * is about to cover into that token's own SignedData `crls` field, before
 * the new archive manifest covers it, as EU DSS extends the last archive
 * timestamp of an ASiC-E with CAdES (ASiCWithCAdESLevelBaselineLTA: the
 * validation data goes into the timestamp's CMS SignedData) and as CAdES
 * keeps a signature's.  The field is outside what the TSA signed, so the
 * token still verifies (`openssl ts -verify`), a plain unzip shows nothing
 * new, and kiemchung reads a token's own CRLs already (timestamp.c).
 * `seal --tsa` does the same for the seal's token as it is made.
 *
 * Only CRLs current at `now` are added (a stale one speaks of nothing
 * later); when none of the TSA's issuer is, the caller is told, since the
 * dossier will then prove its seal's time only while the checker's own CRLs
 * speak of that TSA. */
#include <openssl/err.h>
#include <openssl/pkcs7.h>
#include <openssl/x509.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cms_internal.h"
#include "i18n.h"
#include "ltv.h"
#include "revocation.h"
#include "seal.h"
#include "timestamp.h"
#include "trust_internal.h"
#include "util.h"

bool kc_seal_crl_current(X509_CRL *crl, int64_t now)
{
    int64_t last = 0, next = 0;
    const ASN1_TIME *nu = X509_CRL_get0_nextUpdate(crl);

    if (!kc_cms_asn1_time_unix(X509_CRL_get0_lastUpdate(crl), &last) || last > now + KC_FUTURE_SLACK)
        return false;
    return !nu || (kc_cms_asn1_time_unix(nu, &next) && next >= now);
}

typedef struct online_ctx {
    STACK_OF(X509_CRL) *out;
    int64_t now;
} online_ctx;

/* Adds crl (a new reference) to out unless it is there already. */
static void put_crl(STACK_OF(X509_CRL) *out, X509_CRL *crl)
{
    for (int i = 0; i < sk_X509_CRL_num(out); i++)
        if (X509_CRL_match(sk_X509_CRL_value(out, i), crl) == 0)
            return;
    if (X509_CRL_up_ref(crl) && !sk_X509_CRL_push(out, crl))
        X509_CRL_free(crl);
}

static void on_material(void *ud, int kind, const unsigned char *der, size_t len)
{
    online_ctx *o = ud;
    const unsigned char *p = der;
    X509_CRL *crl = kind == KC_MATERIAL_CRL ? d2i_X509_CRL(NULL, &p, (long)len) : NULL;

    /* OCSP responses have no place in a crls field OpenSSL writes. */
    if (crl && kc_seal_crl_current(crl, o->now))
        put_crl(o->out, crl);
    X509_CRL_free(crl);
}

/* The CRLs at hand of x's issuer that are current at now, added to out. */
static void issuer_crls(STACK_OF(X509_CRL) *out, X509 *x, X509 *issuer, const kc_trust *trust, int64_t now)
{
    STACK_OF(X509_CRL) *crls = kc_trust_crls(trust);
    online_ctx o = {out, now};
    kc_online *online = kc_trust_online(trust);

    /* The issuer's own, or its namesake's after a key rollover (cms_revoke.c
     * reads both, and so do ltv_collect.c's records). */
    for (int i = 0; i < sk_X509_CRL_num(crls); i++) {
        X509_CRL *crl = sk_X509_CRL_value(crls, i);
        if (X509_NAME_cmp(X509_CRL_get_issuer(crl), X509_get_issuer_name(x)) == 0 && kc_seal_crl_current(crl, now) &&
            (kc_trust_crl_signed_by(trust, crl, issuer) || kc_cms_crl_namesake_signer(trust, crl, issuer)))
            put_crl(out, crl);
    }
    if (online) {
        int64_t when = 0;
        long reason = -1;
        /* Fetched now if the check before did not (it caches what it got). */
        (void)kc_online_revocation(online, trust, x, issuer, &when, &reason);
        /* With the namesake's after a rollover, as from the trust directory above. */
        kc_online_material(online, trust, x, issuer, on_material, &o);
    }
    ERR_clear_error();
}

STACK_OF(X509_CRL) *kc_seal_chain_crls(X509 *leaf, STACK_OF(X509) *extra, const kc_trust *trust, int64_t now)
{
    STACK_OF(X509) *chain = kc_ltv_chain(leaf, extra, trust);
    STACK_OF(X509_CRL) *out = sk_X509_CRL_new_null();

    for (int i = 0; out && i + 1 < sk_X509_num(chain); i++)
        issuer_crls(out, sk_X509_value(chain, i), sk_X509_value(chain, i + 1), trust, now);
    sk_X509_pop_free(chain, X509_free);
    return out;
}

/* Whether the namesake that signed crl for issuer (under the issuer's own
 * anchor, the one a checker lets speak by silence) still runs at now: what
 * its CRL says stops at its certificate's end (cms_revbounds.c, rttime15). */
static bool kin_speaks_now(const kc_trust *trust, X509_CRL *crl, X509 *issuer, int64_t now)
{
    X509 *kin = kc_cms_crl_kin_signer(trust, crl, issuer);
    int64_t na = 0;
    return kin && kc_cms_asn1_time_unix(X509_get0_notAfter(kin), &na) && na >= now;
}

/* A CRL signed with SHA-1 or MD5 speaks of nobody by its silence at check
 * (cms_revbounds.c, rttime21): counted as the CA's current one, it kept
 * seal from saying that the CA's CRL of the time was missing. */
static bool strongly_signed(const X509_CRL *crl)
{
    const X509_ALGOR *alg = NULL;
    X509_CRL_get0_signature(crl, NULL, &alg);
    return kc_cms_md_class(kc_cms_sigalg_md(alg)) == KC_MD_STRONG;
}

/* A delta CRL lists only what changed since its base, and speaks at check
 * only with that base (cms_revbounds.c): counted alone as the CA's current
 * CRL, it kept seal quiet while the CA's current complete CRL was missing
 * (atktime3).  A CA that publishes deltas keeps its base current beside
 * them, and that base speaks here. */
static bool complete(X509_CRL *crl)
{
    return X509_CRL_get_ext_by_NID(crl, NID_delta_crl, -1) < 0;
}

/* A partitioned CRL speaks only of the certificates its issuing distribution
 * point covers (cms_revbounds.c): another partition's, current when sealed,
 * was counted as the CA's current CRL, and seal said nothing was missing
 * while the checker, once the signers' certificates ended, found no CRL of
 * their partition speaking of them (rttime22). */
bool kc_seal_crl_speaks(X509_CRL *crl, X509 *x, X509 *issuer, const kc_trust *trust, int64_t now)
{
    return X509_NAME_cmp(X509_CRL_get_issuer(crl), X509_get_issuer_name(x)) == 0 && kc_seal_crl_current(crl, now) &&
           strongly_signed(crl) && complete(crl) && kc_cms_crl_covers(crl, x) &&
           (X509_CRL_verify(crl, X509_get0_pubkey(issuer)) == 1 || kin_speaks_now(trust, crl, issuer, now));
}

/* Whether one of crls is x's issuer's and current at now (kc_seal_crl_speaks):
 * a namesake under another root is kept for its listings but is no reason
 * to stay quiet. */
static bool speaks_now(STACK_OF(X509_CRL) *crls, X509 *x, X509 *issuer, const kc_trust *trust, int64_t now)
{
    for (int i = 0; i < sk_X509_CRL_num(crls); i++)
        if (kc_seal_crl_speaks(sk_X509_CRL_value(crls, i), x, issuer, trust, now)) {
            ERR_clear_error();
            return true;
        }
    ERR_clear_error();
    return false;
}

void kc_seal_unspoken_note(char *note, size_t size, const kc_ts_result *res, const char *what, int64_t proven)
{
    char at[32];

    if (note[0] || res->state != KC_TS_PROVES || !res->tsa_unspoken || !proven)
        return;
    kc_cms_fmt_time(proven, at);
    snprintf(note, size,
             _("nothing at hand shows that %s, the authority of %s, was not revoked before %s, when it is proven to "
               "exist: its certificate has expired, and neither the token nor the trust directory holds a CRL of its "
               "CA (renewed with none at hand, or before kiemchung kept them); that CA's CRL of the time would"),
             res->tsa[0] ? res->tsa : "?", what, at);
}

/* The subject's CN (or O) of x, for the message (g_free). */
static char *who(X509 *x)
{
    bool nomem = false;
    char *cn = kc_cms_name_entry(X509_get_subject_name(x), NID_commonName, &nomem);
    char *r = g_strdup(cn ? cn : "?");
    free(cn);
    return r;
}

/* Adds crl to p7's crls field unless it is there already: false when it
 * cannot be added. */
static bool add_crl_once(PKCS7 *p7, X509_CRL *crl)
{
    for (int k = 0; k < sk_X509_CRL_num(p7->d.sign->crl); k++)
        if (X509_CRL_match(sk_X509_CRL_value(p7->d.sign->crl, k), crl) == 0)
            return true;
    return PKCS7_add_crl(p7, crl) == 1;
}

/* Adds the CRLs of more (DER GBytes) to p7's crls field that are not there
 * yet (one that does not decode is passed over): false when one cannot be
 * added. */
static bool add_more(PKCS7 *p7, GPtrArray *more)
{
    for (guint i = 0; more && i < more->len; i++) {
        gsize n = 0;
        const unsigned char *p = g_bytes_get_data(more->pdata[i], &n);
        X509_CRL *crl = d2i_X509_CRL(NULL, &p, (long)n);
        bool ok = !crl || add_crl_once(p7, crl);
        X509_CRL_free(crl);
        if (!ok)
            return false;
    }
    return true;
}

int kc_seal_token_add_crls(unsigned char **out, size_t *len, const unsigned char *tok, size_t toklen,
                           const kc_trust *trust, int64_t now, GPtrArray *more, GPtrArray *warnings, kc_error *err)
{
    const unsigned char *p = tok;
    PKCS7 *p7 = d2i_PKCS7(NULL, &p, (long)toklen);
    STACK_OF(X509) *signers = NULL, *chain = NULL;
    STACK_OF(X509_CRL) *crls = NULL;
    unsigned char *der = NULL;
    kc_ts_token *check = NULL;
    bool current = true;
    int n, rc = 0;

    *out = NULL;
    *len = 0;
    /* A token OpenSSL cannot read whole (its crls field holding OCSP
     * responses) is kept as it is: what it carries stays. */
    if (!p7 || !PKCS7_type_is_signed(p7) || !(signers = PKCS7_get0_signers(p7, NULL, 0)) ||
        sk_X509_num(signers) != 1)
        goto keep;
    chain = kc_ltv_chain(sk_X509_value(signers, 0), p7->d.sign->cert, trust);
    crls = kc_seal_chain_crls(sk_X509_value(signers, 0), p7->d.sign->cert, trust, now);
    for (int i = 0; i < sk_X509_CRL_num(crls); i++)
        if (!add_crl_once(p7, sk_X509_CRL_value(crls, i)))
            goto keep;
    if (!add_more(p7, more))
        goto keep;
    /* The TSA's own certificate is the one whose CRL must speak (an
     * authority above it is the anchor's business more often than not). */
    current = sk_X509_num(chain) < 2 ||
              speaks_now(p7->d.sign->crl, sk_X509_value(chain, 0), sk_X509_value(chain, 1), trust, now);
    if ((n = i2d_PKCS7(p7, &der)) <= 0)
        goto keep;
    /* The signed part must be what it was: else keep the token as it came. */
    if (kc_ts_parse(&check, der, (size_t)n, NULL) != 0 || !kc_ts_signature_ok(check))
        goto keep;
    if (!(*out = malloc((size_t)n))) {
        rc = kc_error_oom(err);
        goto out;
    }
    memcpy(*out, der, (size_t)n);
    *len = (size_t)n;
    goto warn;
keep:
    if (!(*out = malloc(toklen ? toklen : 1))) {
        rc = kc_error_oom(err);
        goto out;
    }
    memcpy(*out, tok, toklen);
    *len = toklen;
    current = sk_X509_num(chain) < 2;
warn:
    if (!current && warnings) {
        char *tsa = who(sk_X509_value(chain, 0)), *ca = who(sk_X509_value(chain, 1));
        g_ptr_array_add(warnings,
                        g_strdup_printf(_("no CRL of %s current now is at hand (--trust, --online) to keep with the "
                                          "timestamp of %s: once that authority's certificate ends, the dossier "
                                          "proves its time only while the CRLs of whoever checks it still speak of "
                                          "it"),
                                        ca, tsa));
        g_free(tsa);
        g_free(ca);
    }
out:
    kc_ts_free(check);
    OPENSSL_free(der);
    sk_X509_CRL_pop_free(crls, X509_CRL_free);
    sk_X509_pop_free(chain, X509_free);
    sk_X509_free(signers);
    PKCS7_free(p7);
    ERR_clear_error();
    return rc;
}

typedef struct token_crl_ctx {
    kc_trust *trust;
    uint64_t *total;
} token_crl_ctx;

static void on_token_crl(void *ud, const unsigned char *der, size_t len)
{
    token_crl_ctx *c = ud;
    if (*c->total + len <= KC_LTV_MAX_TOTAL && kc_trust_add_crl_der(c->trust, der, len) == 0)
        *c->total += len;
}

/* rttime17: the CRLs in the seal's tokens and archive timestamps (what
 * `seal --tsa` and `seal --renew` keep there: the TSAs' chains', and since a
 * renewal brings the documents' revocation data up to its time there, as
 * `seal` does in validation/, which the seal covers, the documents' chains'
 * and the seal's own) join trust.  Each is its CA's own signed word,
 * checked as any CRL at hand is (cms_revoke.c, cms_revbounds.c): whoever
 * appends one to the newest token, which nothing covers yet, adds only what
 * the checker could have put in the trust directory. */
void kc_seal_trust_token_crls(kc_zr *zr, kc_trust *trust, uint64_t *total)
{
    token_crl_ctx c = {trust, total};

    for (size_t i = 0; i < kc_zr_count(zr); i++) {
        const char *name = kc_zr_get(zr, i)->name;
        bool p7s = strcmp(name, KC_SEAL_SIGNATURE) == 0;
        char *data = NULL;
        size_t len = 0;
        if ((!p7s && kc_seal_number(name, "META-INF/timestamp", ".tst") <= 0) ||
            kc_zr_read_all(&data, &len, zr, i, 1u << 20, NULL) != 0)
            continue;
        kc_seal_token_crls_each((unsigned char *)data, len, p7s, on_token_crl, &c);
        free(data);
    }
}

/* rttime20: a CRL in a signature's crls field, which its signer does not
 * sign, speaks once its CA's certificate has ended only when something
 * proves it existed before that end (cms_revbounds.c).  The seal keeps its
 * chain's CRLs there (CAdES-LT), and the archive timestamps of seal --renew
 * cover them; until that proof is followed, they are read for the seal's own
 * check as before (as the checker's, no proof asked: README, Known limits),
 * and a document's never. */
void kc_seal_trust_own_crls(const unsigned char *p7s, size_t len, kc_trust *trust, uint64_t *total)
{
    token_crl_ctx c = {trust, total};

    kc_seal_token_crls_each(p7s, len, false, on_token_crl, &c);
}
