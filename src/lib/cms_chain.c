/* cms_chain.c: the signer's certificate chain, checked for cms_check.c.
 *
 * The chain is built to an anchor of the trust store at the time cms_time.c
 * chose, with every problem OpenSSL finds collected (not just its first),
 * remembered per run for the same certificates at the same second, and then
 * judged: key usage and purposes (cms_purpose.c), the signer's binding, expiry
 * checked now, and revocation from the offline CRLs (cms_revoke.c). */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <glib.h>
#include <openssl/cms.h>
#include <openssl/evp.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "cms_internal.h"
#include "i18n.h"
#include "text.h"
#include "trust_internal.h"

typedef struct chain_problems {
    unsigned reasons;
    int first_error, first_depth;
    bool now_mode;    /* checked now for want of a proof: expiry is judged apart */
    bool expired_now; /* ... and a certificate of the chain has expired */
} chain_problems;

static unsigned reason_of(int e)
{
    switch (e) {
    case X509_V_ERR_CERT_HAS_EXPIRED:
        return KC_R_EXPIRED;
    case X509_V_ERR_CERT_NOT_YET_VALID:
        return KC_R_NOT_YET_VALID;
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
    case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
    case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
    case X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE:
        return KC_R_UNTRUSTED;
    default:
        return KC_R_CHAIN;
    }
}

/* Notes every problem and lets verification go on, so that an expired
 * certificate that is also untrusted reports both. */
/* Whether a certificate of the chain constrains policies (policyConstraints,
 * inhibitAnyPolicy, policyMappings): the only reason the policy check runs. */
bool kc_cms_chain_constrains_policies(X509_STORE_CTX *ctx)
{
    STACK_OF(X509) *chain = X509_STORE_CTX_get0_chain(ctx);
    static const int nids[] = {NID_policy_constraints, NID_inhibit_any_policy, NID_policy_mappings};
    for (int i = 0; i < sk_X509_num(chain); i++)
        for (size_t k = 0; k < sizeof nids / sizeof *nids; k++)
            if (X509_get_ext_by_NID(sk_X509_value(chain, i), nids[k], -1) >= 0)
                return true;
    return false;
}

/* RFC 5280 6.1 with the initial policy set anyPolicy: a chain accepts any
 * policy unless an authority in it constrains them (requireExplicitPolicy,
 * inhibitPolicyMapping, inhibitAnyPolicy), which OpenSSL reads only when
 * asked.  An authority requiring an explicit policy vouches only for
 * certificates naming one it accepts: a leaf naming none was valid. */
bool kc_cms_set_policy_check(X509_STORE_CTX *ctx)
{
    ASN1_OBJECT *any = OBJ_dup(OBJ_nid2obj(NID_any_policy));
    X509_VERIFY_PARAM *param = X509_STORE_CTX_get0_param(ctx);
    if (!any || X509_VERIFY_PARAM_add0_policy(param, any) != 1) {
        ASN1_OBJECT_free(any);
        return false;
    }
    X509_VERIFY_PARAM_set_flags(param, X509_V_FLAG_POLICY_CHECK);
    return true;
}

static int collect_cb(int ok, X509_STORE_CTX *ctx)
{
    chain_problems *cp = X509_STORE_CTX_get_app_data(ctx);
    int e = X509_STORE_CTX_get_error(ctx);

    if (ok || !cp)
        return 1;
    /* A policy extension OpenSSL finds malformed (a policy named twice, an
     * undecodable one) in a chain that constrains no policy: the chain was
     * valid before policies were checked, and RFC 5280 6.1 with anyPolicy
     * accepts it; a constrained chain's stays refused. */
    if (e == X509_V_ERR_INVALID_POLICY_EXTENSION && !kc_cms_chain_constrains_policies(ctx))
        return 1;
    if (cp->now_mode && e == X509_V_ERR_CERT_HAS_EXPIRED) {
        cp->expired_now = true; /* judge_expiry() decides what it means */
        return 1;
    }
    cp->reasons |= reason_of(e);
    if (!cp->first_error) {
        cp->first_error = e;
        cp->first_depth = X509_STORE_CTX_get_error_depth(ctx);
    }
    return 1;
}

static void chain_detail(const chain_problems *cp, int64_t at, kc_sig_info *info)
{
    const char *who = cp->first_depth == 0 ? _("The signer's certificate")
                                           : _("A certificate of the signer's chain");
    unsigned r = reason_of(cp->first_error);
    char when[32];

    kc_cms_fmt_time(at, when);
    if (r == KC_R_EXPIRED)
        kc_cms_fail(info, r, _("%s had expired at %s."), who, when);
    else if (r == KC_R_NOT_YET_VALID)
        kc_cms_fail(info, r, _("%s was not yet valid at %s."), who, when);
    else if (r == KC_R_UNTRUSTED)
        kc_cms_fail(info, r, "%s", _("The signer's certificate does not chain to a trusted authority."));
    else if (cp->first_error == X509_V_ERR_NO_EXPLICIT_POLICY)
        kc_cms_fail(info, r, "%s",
                    _("The signer's certificate chain is invalid: an authority of the chain requires its certificates to "
                      "name a certificate policy it accepts (policyConstraints), and the signer's names none (RFC 5280)."));
    else
        kc_cms_fail(info, r, _("The signer's certificate chain is invalid: %s."),
             X509_verify_cert_error_string(cp->first_error));
    info->reasons |= cp->reasons;
}

/* What X509_verify_cert's outcome depends on besides the trust store: the
 * time, the mode, the signer and the certificates the CMS brings, in order
 * (they are the first untrusted candidates), each by its SHA-256.  False when
 * a certificate cannot be encoded: then the chain is built afresh. */
static bool chain_key(const kc_trust *trust, X509 *signer, STACK_OF(X509) *cms_certs, int64_t at, bool now_mode,
                      GByteArray *key)
{
    unsigned char fp[32];
    unsigned char mode = now_mode;

    g_byte_array_append(key, (const guint8 *)&at, sizeof at);
    g_byte_array_append(key, &mode, 1);
    for (int i = -1; i < sk_X509_num(cms_certs); i++) {
        if (!kc_trust_cert_sha256(trust, i < 0 ? signer : sk_X509_value(cms_certs, i), fp))
            return false;
        g_byte_array_append(key, fp, sizeof fp);
    }
    return true;
}

/* Builds and verifies the signer's chain at info->checked_at, every problem
 * noted in *cp, the chain built (up-referenced) in cp->chain. */
static int build_chain(X509 *signer, STACK_OF(X509) *cms_certs, const kc_trust *trust, kc_chain_memo *memo,
                       bool now_mode, int64_t at)
{
    X509_STORE *store = trust ? kc_trust_store(trust) : NULL, *empty = NULL;
    X509_STORE_CTX *ctx = NULL;
    STACK_OF(X509) *untrusted = sk_X509_new_null(), *inter = kc_trust_intermediates(trust), *chain;
    chain_problems cp = {.now_mode = now_mode};
    int rc = KC_ENOMEM;

    if (!store)
        store = empty = X509_STORE_new();
    ctx = X509_STORE_CTX_new();
    if (!store || !ctx || !untrusted)
        goto out;
    /* Borrowed pointers: the CMS and the trust store outlive the context. */
    for (int i = 0; i < sk_X509_num(cms_certs); i++)
        if (!sk_X509_push(untrusted, sk_X509_value(cms_certs, i)))
            goto out;
    for (int i = 0; i < sk_X509_num(inter); i++)
        if (!sk_X509_push(untrusted, sk_X509_value(inter, i)))
            goto out;
    if (X509_STORE_CTX_init(ctx, store, signer, untrusted) != 1)
        goto out;
    if (!kc_cms_set_policy_check(ctx))
        goto out;
    X509_STORE_CTX_set_time(ctx, 0, (time_t)at);
    X509_STORE_CTX_set_verify_cb(ctx, collect_cb);
    X509_STORE_CTX_set_app_data(ctx, &cp);
    if (X509_verify_cert(ctx) != 1 && !cp.first_error && !cp.expired_now)
        cp.first_error = X509_STORE_CTX_get_error(ctx) ? X509_STORE_CTX_get_error(ctx)
                                                       : X509_V_ERR_UNSPECIFIED;
    chain = X509_STORE_CTX_get0_chain(ctx);
    *memo = (kc_chain_memo){.reasons = cp.reasons, .first_error = cp.first_error, .first_depth = cp.first_depth,
                            .expired_now = cp.expired_now};
    if (chain && !(memo->chain = X509_chain_up_ref(chain)))
        goto out;
    rc = 0;
out:
    X509_STORE_CTX_free(ctx);
    X509_STORE_free(empty);
    sk_X509_free(untrusted);
    return rc;
}

/* Whether the signer's issuer (the chain's second certificate) is a
 * certification authority of the trust store, and the only one there of its
 * name with its key: a roles file names an issuer by the name the reports
 * show, and a second CA of that name (a sub-CA another trusted root issued,
 * brought in the signature) issues the serial the file names to anyone. */
static bool issuer_certain(STACK_OF(X509) *chain, const kc_trust *trust, const char *issuer_name)
{
    X509 *iss = sk_X509_num(chain) > 1 ? sk_X509_value(chain, 1) : NULL;
    STACK_OF(X509) *lists[2] = {NULL, NULL};
    char *want = issuer_name ? kc_text_casefold(issuer_name) : NULL;
    bool found = false, other = false;

    if (!iss || !trust || !want)
        goto out;
    lists[0] = kc_trust_intermediates(trust);
    lists[1] = X509_STORE_get1_all_certs(kc_trust_store(trust));
    for (int l = 0; l < 2; l++)
        for (int i = 0; i < sk_X509_num(lists[l]); i++) {
            X509 *x = sk_X509_value(lists[l], i);
            bool nomem = false;
            char *n = kc_cms_name_entry(X509_get_subject_name(x), NID_commonName, &nomem), *cf;
            if (!n && !nomem)
                n = kc_cms_name_entry(X509_get_subject_name(x), NID_organizationName, &nomem);
            cf = n ? kc_text_casefold(n) : NULL;
            if (nomem)
                other = true; /* fail closed */
            else if (cf && strcmp(cf, want) == 0) {
                if (X509_cmp(x, iss) == 0)
                    found = true;
                else if (EVP_PKEY_eq(X509_get0_pubkey(x), X509_get0_pubkey(iss)) != 1)
                    other = true;
            }
            free(cf);
            free(n);
        }
out:
    sk_X509_pop_free(lists[1], X509_free);
    free(want);
    return found && !other;
}

/* Checked at a proven (or claimed) time: a certificate of the chain that
 * has expired by now and that no listing names may have been dropped from
 * its CA's CRLs (cms_revbounds.c).  When its issuer's CRLs are at hand but
 * none still speaks of it at the checked time, nothing shows it was not
 * revoked then (the chairman who left office and signed after, his
 * certificate since ended): indeterminate, not valid.  No CRL of the issuer
 * at all changes nothing (offline, as before). */
static void judge_silence(X509 *x, X509 *up, int depth, const kc_trust *trust, const kc_cms_revinfo *own,
                          int64_t now, kc_sig_info *info)
{
    int64_t na = 0;
    char end[32], at[32];
    bool nomem = false, weak = false;
    char *ca;

    if (!kc_cms_asn1_time_unix(X509_get0_notAfter(x), &na) || na >= now ||
        kc_cms_revocation_bounds(x, up, trust, own, info->checked_at, now, &weak) != KC_REVBOUNDS_SILENT)
        return;
    kc_cms_fmt_time(na, end);
    kc_cms_fmt_time(info->checked_at, at);
    /* Named, with the places such a CRL is read from, a dossier's among
     * them (seal keeps there the CRLs at hand when it seals, seal3): what
     * is missing, said so that the archivist can look for it. */
    ca = kc_cms_name_entry(X509_get_subject_name(up), NID_commonName, &nomem);
    if (weak)
        kc_cms_fail(info, KC_R_NO_PROOF_OF_TIME,
             _("%s expired on %s, and the only CRL or OCSP response at hand of its issuer (%s) that would speak of it at %s, the time checked, is signed with SHA-1 or MD5, which no longer shows that the CA wrote it. Nothing shows it was not revoked by then; its CRL or OCSP response of that time signed with SHA-256 or stronger would."),
             depth == 0 ? _("The signer's certificate") : _("A certificate of the signer's chain"), end, ca ? ca : "?", at);
    else
        kc_cms_fail(info, KC_R_NO_PROOF_OF_TIME,
             _("%s expired on %s, and the CRLs at hand of its issuer (%s) no longer speak of it: issued after it expired (a CA may then drop it) or no longer current at %s, the time checked (a delta CRL counts only with its base CRL, a partitioned CRL only for the certificates its distribution point covers). Nothing shows it was not revoked by then; its CRL or OCSP response of that time (in the signature, the document's /DSS, a dossier's validation/, or --trust) would."),
             depth == 0 ? _("The signer's certificate") : _("A certificate of the signer's chain"), end, ca ? ca : "?", at);
    free(ca);
}

int kc_cms_check_chain(const kc_cms *cms, X509 *signer, const kc_trust *trust, kc_time_basis basis,
                       int64_t claimed, int64_t now, bool want_issuer, bool allow_weak, kc_sig_info *info)
{
    STACK_OF(X509) *cms_certs = CMS_get1_certs(cms->ci), *chain;
    chain_problems cp = {.now_mode = basis == KC_BASIS_NOW};
    kc_chain_memo memo = {0};
    GByteArray *key = g_byte_array_new();
    uint32_t ku = X509_get_key_usage(signer);
    int weak, depth = 0;
    bool keyed = chain_key(trust, signer, cms_certs, info->checked_at, cp.now_mode, key);
    int rc = 0;

    /* The same certificates at the same second: the chain is not built again
     * (the signature itself was checked above, every time). */
    if (!(keyed && kc_trust_chain_recall(trust, key->data, key->len, &memo))) {
        if ((rc = build_chain(signer, cms_certs, trust, &memo, cp.now_mode, info->checked_at)) != 0)
            goto out;
        if (keyed)
            kc_trust_chain_remember(trust, key->data, key->len, &memo);
    }
    rc = KC_ENOMEM;
    cp.reasons = memo.reasons;
    cp.first_error = memo.first_error;
    cp.first_depth = memo.first_depth;
    cp.expired_now = memo.expired_now;
    /* The remembered chain starts with an equal certificate; this one is the signer. */
    chain = memo.chain;
    if (chain && sk_X509_num(chain) > 0 && sk_X509_value(chain, 0) != signer) {
        X509 *was = sk_X509_value(chain, 0);
        if (!X509_up_ref(signer))
            goto out;
        sk_X509_set(chain, 0, signer); /* returns the new value, not the old */
        X509_free(was);
    }
    if (cp.first_error)
        chain_detail(&cp, info->checked_at, info);
    /* Asked only when a roles file may name a serial and its issuer. */
    info->issuer_certain = want_issuer && issuer_certain(chain, trust, info->issuer);
    /* Which anchor vouches for the subject the roles are read from (cms_anchor.c). */
    kc_cms_note_anchor(chain, trust, info);
    /* No keyUsage extension means any use; one that is there must allow signing. */
    if (ku != UINT32_MAX && !(ku & (KU_DIGITAL_SIGNATURE | KU_NON_REPUDIATION)))
        kc_cms_fail(info, KC_R_KEY_USAGE, "%s",
             _("The signer's certificate is not meant for signing (key usage)."));
    /* What the key is for: another service's key signs for anyone (cms_purpose.c). */
    kc_cms_check_purpose(signer, info);
    kc_cms_check_chain_purpose(chain, info);
    if ((weak = kc_cms_chain_weak_sig(chain, allow_weak, &depth)) != NID_undef)
        kc_cms_fail(info, KC_R_WEAK_ALGORITHM,
             _("%s is signed by its issuer with %s, a digest algorithm no longer safe for certificates: a "
               "collision on it makes a certificate the issuer never signed."),
             depth == 0 ? _("The signer's certificate") : _("A certificate of the signer's chain"),
             weak == NID_sha1 ? "SHA-1" : weak == NID_md5 ? "MD5" : OBJ_nid2ln(weak));
    kc_cms_check_shared_key(signer, chain, trust, info);
    if (!kc_cms_check_signer_binding(cms, signer, chain, info))
        goto out;
    if (basis == KC_BASIS_NOW)
        kc_cms_judge_not_before(signer, claimed, info);
    if (cp.expired_now)
        kc_cms_judge_expiry(chain, info->checked_at, claimed, info);
    /* Every certificate that has its issuer in the chain; the anchor has none.
     * What the signature carries itself (cms_revinfo.c) counts beside the
     * trust store's CRLs and responses, the worst listing deciding. */
    kc_cms_revinfo *own = kc_cms_revinfo_load(cms);
    for (int i = 0; i + 1 < sk_X509_num(chain); i++) {
        int64_t when = 0, w;
        long reason = -1, r;
        X509 *x = sk_X509_value(chain, i), *up = sk_X509_value(chain, i + 1);
        bool found = kc_cms_revocation(x, up, trust, &when, &reason);
        if (kc_cms_revinfo_revocation(own, x, up, trust, &w, &r))
            kc_cms_revocation_keep_worse(&found, &when, &reason, w, r);
        if (found)
            kc_cms_judge_revocation(when, reason, basis, claimed, info);
        else if (basis != KC_BASIS_NOW)
            judge_silence(x, up, i, trust, own, now, info);
    }
    kc_cms_revinfo_free(own);
    rc = 0;
out:
    kc_chain_memo_clear(&memo);
    g_byte_array_free(key, TRUE);
    sk_X509_pop_free(cms_certs, X509_free);
    return rc;
}
