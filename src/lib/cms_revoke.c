/* cms_revoke.c: what revocation and expiry mean for a signature, by the time
 * its chain is checked at (see cms_time.c for how that time is chosen).
 *
 * Revocation is decided here, from the trust directory's offline CRLs (then a
 * dossier's CRLs and OCSP responses, and the network's with --online: see
 * revocation.h), rather than with X509_V_FLAG_CRL_CHECK, because OpenSSL
 * then fails every certificate whose issuer has no CRL at all, which offline
 * is the usual case;
 * and because the reason code matters: a key compromise condemns a signature
 * whatever its proven time, a chairman leaving office does not condemn what
 * he signed before.  The same rules judge a signer's chain (cms_check.c) and
 * a timestamp authority's (timestamp.c). */
#include <openssl/err.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "cms_internal.h"
#include "i18n.h"
#include "revocation.h"
#include "trust_internal.h"

/* Keeps in *when and *reason the worse of what is there (*found) and a new
 * listing: a compromise (or no reason) over any other reason, else the
 * earlier date.  Several sources may list one certificate (a hold in 2023's
 * CRL made a keyCompromise in 2026's; a CRL and an OCSP response): the
 * verdict must not depend on which is read first. */
void kc_cms_revocation_keep_worse(bool *found, int64_t *when, long *reason, int64_t w, long r)
{
    bool bad = kc_cms_reason_is_compromise(r), was_bad = *found && kc_cms_reason_is_compromise(*reason);
    if (!*found || (bad && !was_bad) || (bad == was_bad && w < *when)) {
        *when = w;
        *reason = r;
    }
    *found = true;
}

/* One CRL entry: its time (the invalidity date when earlier) and reason.
 * False for an entry that revokes nothing (removeFromCRL, as a delta CRL
 * writes) or whose date cannot be read. */
static bool entry_listing(X509_REVOKED *rev, int64_t *when, long *reason)
{
    ASN1_ENUMERATED *why;
    ASN1_GENERALIZEDTIME *invalid;
    int64_t since;

    if (!kc_cms_asn1_time_unix(X509_REVOKED_get0_revocationDate(rev), when))
        return false;
    why = X509_REVOKED_get_ext_d2i(rev, NID_crl_reason, NULL, NULL);
    *reason = why ? ASN1_ENUMERATED_get(why) : -1;
    ASN1_ENUMERATED_free(why);
    if (*reason == CRL_REASON_REMOVE_FROM_CRL)
        return false;
    /* The invalidity date (RFC 5280 5.3.2) is when the certificate became
     * invalid (the chairman left office in January, the CA heard of it in
     * March): a signature proven between the two is not saved by the
     * later revocation date. */
    invalid = X509_REVOKED_get_ext_d2i(rev, NID_invalidity_date, NULL, NULL);
    if (invalid && kc_cms_asn1_time_unix(invalid, &since) && since < *when)
        *when = since;
    ASN1_GENERALIZEDTIME_free(invalid);
    return true;
}

/* Whether the CRL is an indirect one (its issuing distribution point says
 * so): its entries may name other issuers, which OpenSSL's lookup sorts out. */
static bool crl_indirect(X509_CRL *crl)
{
    ISSUING_DIST_POINT *idp = X509_CRL_get_ext_d2i(crl, NID_issuing_distribution_point, NULL, NULL);
    bool indirect = idp && idp->indirectCRL;
    ISSUING_DIST_POINT_free(idp);
    return indirect;
}

/* The trust anchor x chains to in the store, whatever the time (a new
 * reference), or NULL when it chains to none; with `up`, also the
 * certificate that issued x on that chain (a new reference, NULL when x is
 * itself the anchor). */
static X509 *anchor_of(const kc_trust *trust, X509 *x, X509 **up)
{
    X509_STORE_CTX *ctx = X509_STORE_CTX_new();
    X509 *anchor = NULL;

    if (up)
        *up = NULL;
    if (ctx && X509_STORE_CTX_init(ctx, kc_trust_store(trust), x, kc_trust_intermediates(trust)) == 1) {
        X509_VERIFY_PARAM_set_flags(X509_STORE_CTX_get0_param(ctx), X509_V_FLAG_NO_CHECK_TIME);
        if (X509_verify_cert(ctx) == 1) {
            STACK_OF(X509) *chain = X509_STORE_CTX_get0_chain(ctx);
            anchor = sk_X509_value(chain, sk_X509_num(chain) - 1);
            if (!X509_up_ref(anchor))
                anchor = NULL;
            if (anchor && up && sk_X509_num(chain) > 1 && X509_up_ref(sk_X509_value(chain, 1)))
                *up = sk_X509_value(chain, 1);
        }
    }
    X509_STORE_CTX_free(ctx);
    return anchor;
}

/* Whether the trust directory's CRLs of its issuer `up` list the namesake CA
 * x as revoked for a compromised key (or no reason) whenever, or for another
 * reason by the date of the CRL it signed: the CA's renewed key, revoked by
 * the root once it was lost, speaks for nobody by its silence, as a revoked
 * delegated OCSP responder does not (revocation_ocsp.c).  Whoever found the
 * key wrote "the CA's CRL of 2023", silent about the chairman who left
 * office, and he was valid, leader (atktime).  Only CRLs signed by up's own
 * key are read, never a namesake's, so that this check does not recurse. */
static bool namesake_revoked(const kc_trust *trust, X509 *x, X509 *up, X509_CRL *crl)
{
    STACK_OF(X509_CRL) *crls = kc_trust_crls(trust);
    int64_t when = 0, dated = 0;
    long reason = -1;
    bool found = false;

    for (int i = 0; i < sk_X509_CRL_num(crls); i++) {
        X509_CRL *c = sk_X509_CRL_value(crls, i);
        if (X509_NAME_cmp(X509_CRL_get_issuer(c), X509_get_issuer_name(x)) == 0 &&
            kc_trust_crl_signed_by(trust, c, up))
            kc_cms_crl_listings(c, x, &found, &when, &reason);
    }
    if (!found)
        return false;
    /* A CRL whose date cannot be read is dated by nobody: any listing counts. */
    return kc_cms_reason_is_compromise(reason) || !kc_cms_asn1_time_unix(X509_CRL_get0_lastUpdate(crl), &dated) ||
           when <= dated;
}

/* Whether namesake x is certified for what the issuer is (both before
 * X509_check_purpose): a renewed key is certified for what the old one was,
 * and a CA of the name under the same root restricted to other purposes (its
 * extendedKeyUsage timeStamping: a timestamp authorities' CA, its key another
 * party's) is another CA that shares the name.  Its CRL, silent about the
 * chairman who left office, made him valid, leader (atktime).  A namesake
 * without the extension is restricted to nothing. */
static bool same_purposes(X509 *x, X509 *issuer)
{
    uint32_t want;

    if (!(X509_get_extension_flags(x) & EXFLAG_XKUSAGE))
        return true;
    if (!(X509_get_extension_flags(issuer) & EXFLAG_XKUSAGE))
        return false;
    want = X509_get_extended_key_usage(issuer);
    return (X509_get_extended_key_usage(x) & want) == want;
}

/* Whether the CRL was issued (its thisUpdate) no later than x, the namesake
 * CA that signed it, ended.  Once a CA's certificate has ended its old key is
 * guarded by nobody: whoever found the key of the CA's previous certificate
 * (ended 2022) wrote "the CA's CRL of 2023-05-20", silent about the chairman
 * who left office, and he was valid, leader (rttime15).  What such a CRL
 * says stops at x's end too (kc_cms_crl_kin_signer's callers cap it). */
static bool crl_issued_in_office(X509_CRL *crl, X509 *x)
{
    int64_t na = 0, this_update = 0;

    return kc_cms_asn1_time_unix(X509_get0_notAfter(x), &na) &&
           kc_cms_asn1_time_unix(X509_CRL_get0_lastUpdate(crl), &this_update) && this_update <= na;
}

/* Whether another certificate of the issuer's name, a CA whose key may sign
 * CRLs and whose own chain reaches a trust anchor, signed the CRL: a CA that
 * rolled its key over signs its CRLs with the new one (RFC 5280 5 and
 * 6.3.3 f-g), and the certificates it issued under the old key are listed
 * there.  With `same_anchor`, only one whose chain reaches the anchor the
 * issuer's reaches (RFC 5280 6.3.3 f: the CRL issuer's path is validated to
 * the same anchor, as pyHanko builds it from the certificate's own path):
 * what a CRL must meet to say a certificate was NOT revoked.  Another
 * anchor's CA of that name (a second root the archivist trusts, a CA it
 * issued) speaks for nobody under the first: its CRL, silent about the
 * chairman, was taken as proof that he stood (rttime14); nor does one of
 * the same anchor that its issuer lists as revoked (namesake_revoked), that
 * is certified for other purposes only (same_purposes), or by another CA
 * than the issuer's own issuer, nor one whose certificate had ended when
 * the CRL was issued (crl_issued_in_office).  A
 * listing, which can only condemn, is still read from any anchor's
 * (cross-certified CAs may chain to either).  Looked for among the trust store's intermediates (the
 * trust directory's, a dossier's validation data); a /DSS's certificates
 * are not read.  The chain is checked whatever the time: a CRL stays the
 * CA's word after its certificate expires, as the issuer's own CRLs do here. */
static X509 *namesake_signer(const kc_trust *trust, X509_CRL *crl, X509 *issuer, bool same_anchor)
{
    STACK_OF(X509) *inter = kc_trust_intermediates(trust);
    X509 *found = NULL, *want = NULL;
    bool looked = false;

    X509_check_purpose(issuer, -1, 0); /* its extension flags, for same_purposes */
    for (int i = 0; i < sk_X509_num(inter) && !found; i++) {
        X509 *x = sk_X509_value(inter, i);
        if (X509_cmp(x, issuer) == 0 || X509_NAME_cmp(X509_get_subject_name(x), X509_CRL_get_issuer(crl)) != 0)
            continue;
        X509_check_purpose(x, -1, 0);
        uint32_t flags = X509_get_extension_flags(x);
        if (!(flags & EXFLAG_CA) || ((flags & EXFLAG_KUSAGE) && !(X509_get_key_usage(x) & KU_CRL_SIGN)) ||
            !kc_trust_crl_signed_by(trust, crl, x))
            continue;
        /* A renewed key is certified by the CA's own issuer (by name: that
         * issuer may have renewed its key too), not by whatever CA the anchor
         * vouches for: a cross-certified root's namesake, silent about the
         * chairman who left office, made him valid, leader (atktime). */
        /* Nor one its parent signed with SHA-1 or MD5: a collision makes such
         * a certificate as it makes a signer's (cms_chain.c), and the renewed
         * key's SHA-1 certificate, silent about the chairman, made him valid,
         * leader (atktime3).  As for a CRL so signed, even with --allow-weak. */
        if (same_anchor && (!same_purposes(x, issuer) || !crl_issued_in_office(crl, x) ||
                            X509_NAME_cmp(X509_get_issuer_name(x), X509_get_issuer_name(issuer)) != 0 ||
                            kc_cms_md_class(kc_cms_sigalg_md(X509_get0_tbs_sigalg(x))) != KC_MD_STRONG))
            continue;
        if (same_anchor && !looked) { /* the issuer's anchor, once: only when a namesake signed */
            want = anchor_of(trust, issuer, NULL);
            looked = true;
        }
        X509 *up = NULL;
        X509 *got = anchor_of(trust, x, same_anchor ? &up : NULL);
        if (got && (!same_anchor || (want && X509_cmp(got, want) == 0 && !(up && namesake_revoked(trust, x, up, crl)))))
            found = x;
        X509_free(up);
        X509_free(got);
    }
    X509_free(want);
    ERR_clear_error();
    return found;
}

X509 *kc_cms_crl_namesake_signer(const kc_trust *trust, X509_CRL *crl, X509 *issuer)
{
    return namesake_signer(trust, crl, issuer, false);
}

bool kc_cms_crl_signed_by_namesake(const kc_trust *trust, X509_CRL *crl, X509 *issuer)
{
    return namesake_signer(trust, crl, issuer, false) != NULL;
}

bool kc_cms_crl_signed_by_kin(const kc_trust *trust, X509_CRL *crl, X509 *issuer)
{
    return namesake_signer(trust, crl, issuer, true) != NULL;
}

X509 *kc_cms_crl_kin_signer(const kc_trust *trust, X509_CRL *crl, X509 *issuer)
{
    return namesake_signer(trust, crl, issuer, true);
}

/* Whether the names of a certificateIssuer entry extension hold `want` as a
 * directory name (as OpenSSL's own lookup matches them). */
static bool names_issuer(GENERAL_NAMES *gens, const X509_NAME *want)
{
    for (int i = 0; i < sk_GENERAL_NAME_num(gens); i++) {
        GENERAL_NAME *g = sk_GENERAL_NAME_value(gens, i);
        if (g->type == GEN_DIRNAME && X509_NAME_cmp(g->d.directoryName, want) == 0)
            return true;
    }
    return false;
}

/* Every listing of cert in an indirect CRL, the worst kept, as for a direct
 * one: OpenSSL's lookup answers with the first entry of the serial and
 * issuer, so a CRL the chairman's CA signed itself, listing him on hold in
 * 2023 and then for a compromised key in 2024, was read as the hold alone,
 * and his signature timestamped in 2021 stayed valid, leader, where the same
 * two entries in a direct CRL made it revoked (rttime23).  An entry's
 * issuer is the last certificateIssuer at or before it, the CRL's own before
 * any (RFC 5280 5.3.3), so the entries are read in the CRL's own order: a
 * copy decoded again from its signed bytes, since the lookup sorted the
 * original by serial.  One whose certificateIssuer cannot be read counts as
 * naming the issuer (a listing can only condemn). */
static void indirect_listings(X509_CRL *crl, X509 *cert, X509_REVOKED *first, bool *found, int64_t *when,
                              long *reason)
{
    unsigned char *der = NULL;
    int len = i2d_X509_CRL(crl, &der);
    const unsigned char *p = der;
    X509_CRL *copy = len > 0 ? d2i_X509_CRL(NULL, &p, len) : NULL;
    STACK_OF(X509_REVOKED) *all = copy ? X509_CRL_get_REVOKED(copy) : NULL;
    const X509_NAME *want = X509_get_issuer_name(cert);
    const ASN1_INTEGER *serial = X509_get0_serialNumber(cert);
    bool ours = X509_NAME_cmp(want, X509_CRL_get_issuer(crl)) == 0;
    int64_t w;
    long r;

    for (int k = 0; k < sk_X509_REVOKED_num(all); k++) {
        X509_REVOKED *e = sk_X509_REVOKED_value(all, k);
        int crit = -1;
        GENERAL_NAMES *gens = X509_REVOKED_get_ext_d2i(e, NID_certificate_issuer, &crit, NULL);
        if (gens)
            ours = names_issuer(gens, want);
        else if (crit != -1)
            ours = true; /* there but unreadable, or twice: fail closed */
        GENERAL_NAMES_free(gens);
        if (ours && ASN1_INTEGER_cmp(X509_REVOKED_get0_serialNumber(e), serial) == 0 && entry_listing(e, &w, &r))
            kc_cms_revocation_keep_worse(found, when, reason, w, r);
    }
    /* Not decoded again (no memory): the entry the lookup found, at least. */
    if (!copy && entry_listing(first, &w, &r))
        kc_cms_revocation_keep_worse(found, when, reason, w, r);
    X509_CRL_free(copy);
    OPENSSL_free(der);
    ERR_clear_error();
}

/* Every listing of cert in a CRL already known to be its issuer's: the worst
 * of them kept in *found, *when, *reason.  Shared by the trust directory's
 * and a /DSS's CRLs (below) and the network's (revocation_online.c), so
 * that a CRL listing a certificate twice, or with an invalidity date, means
 * the same wherever it came from. */
void kc_cms_crl_listings(X509_CRL *crl, X509 *cert, bool *found, int64_t *when, long *reason)
{
    X509_REVOKED *rev = NULL;
    int64_t w;
    long r;

    /* OpenSSL's lookup answers with one entry (1 revoked, 2 removed). */
    int got = X509_CRL_get0_by_cert(crl, &rev, cert);
    if (crl_indirect(crl)) {
        if (got >= 1)
            indirect_listings(crl, cert, rev, found, when, reason);
        return;
    }
    /* A CRL may list one certificate twice (affiliationChanged in 2023,
     * then keyCompromise): the lookup finds one of them, whichever its
     * sort put first.  Every entry with the serial counts, the worst
     * deciding, as between CRLs.  The entries of a direct CRL are all
     * its issuer's (RFC 5280 5.3.3: certificateIssuer is for indirect
     * ones), but OpenSSL's lookup still reads that extension in any CRL:
     * a direct CRL of the chairman's CA whose earlier entry named another
     * CA hid his keyCompromise listing after it, and his timestamped
     * signature was valid, leader (rttime23; Bouncy Castle, under EU DSS,
     * reads it only in an indirect CRL).  Found by the serial alone then. */
    STACK_OF(X509_REVOKED) *all = X509_CRL_get_REVOKED(crl);
    const ASN1_INTEGER *serial = X509_get0_serialNumber(cert);
    X509_REVOKED *key = NULL;
    if (got < 1) {
        if (sk_X509_REVOKED_num(all) <= 0)
            return;
        if ((key = X509_REVOKED_new()) != NULL && X509_REVOKED_set_serialNumber(key, (ASN1_INTEGER *)serial) == 1)
            rev = key;
    }
    /* The lookup sorted the entries by serial: the listings of this one
     * sit around the one it found (a CRL of 100,000 entries is not read
     * whole for every signature).  Unsorted, or with no memory for the
     * serial's key, every entry is read. */
    bool by_key = key && rev == key;
    int at = rev ? sk_X509_REVOKED_find(all, rev) : -1, lo = at, hi = at;
    X509_REVOKED_free(key);
    if (at < 0 && by_key)
        return; /* the serial is not listed */
    if (at < 0) {
        lo = 0;
        hi = sk_X509_REVOKED_num(all) - 1;
    } else {
        while (lo > 0 && ASN1_INTEGER_cmp(X509_REVOKED_get0_serialNumber(sk_X509_REVOKED_value(all, lo - 1)), serial) == 0)
            lo--;
        while (hi + 1 < sk_X509_REVOKED_num(all) &&
               ASN1_INTEGER_cmp(X509_REVOKED_get0_serialNumber(sk_X509_REVOKED_value(all, hi + 1)), serial) == 0)
            hi++;
    }
    for (int k = lo; k <= hi; k++) {
        X509_REVOKED *e = sk_X509_REVOKED_value(all, k);
        if (ASN1_INTEGER_cmp(X509_REVOKED_get0_serialNumber(e), serial) == 0 && entry_listing(e, &w, &r))
            kc_cms_revocation_keep_worse(found, when, reason, w, r);
    }
}

bool kc_cms_revocation(X509 *cert, X509 *issuer, const kc_trust *trust, int64_t *when, long *reason)
{
    STACK_OF(X509_CRL) *crls = kc_trust_crls(trust);
    bool found = false;
    int64_t w;
    long r;

    for (int i = 0; i < sk_X509_CRL_num(crls); i++) {
        X509_CRL *crl = sk_X509_CRL_value(crls, i);
        if (X509_NAME_cmp(X509_CRL_get_issuer(crl), X509_get_issuer_name(cert)) != 0 ||
            (!kc_trust_crl_signed_by(trust, crl, issuer) && !kc_cms_crl_signed_by_namesake(trust, crl, issuer)))
            continue;
        kc_cms_crl_listings(crl, cert, &found, when, reason);
    }
    /* Then what a dossier's OCSP responses say, and the network when asked
     * (verify --online), unless a compromise already condemns: judged below
     * exactly like a CRL entry, the worst listing of all counting. */
    if ((!found || !kc_cms_reason_is_compromise(*reason)) && kc_ocsp_revocation(trust, cert, issuer, &w, &r))
        kc_cms_revocation_keep_worse(&found, when, reason, w, r);
    if ((!found || !kc_cms_reason_is_compromise(*reason)) && kc_trust_online(trust) &&
        kc_online_revocation(kc_trust_online(trust), trust, cert, issuer, &w, &r))
        kc_cms_revocation_keep_worse(&found, when, reason, w, r);
    return found;
}

bool kc_cms_reason_is_compromise(long reason)
{
    return reason == -1 || reason == CRL_REASON_UNSPECIFIED || reason == CRL_REASON_KEY_COMPROMISE ||
           reason == CRL_REASON_CA_COMPROMISE || reason == CRL_REASON_AA_COMPROMISE;
}

const char *kc_cms_reason_name(long reason)
{
    static const char *const names[] = {
        "unspecified", "keyCompromise", "cACompromise", "affiliationChanged", "superseded",
        "cessationOfOperation", "certificateHold", "?", "removeFromCRL", "privilegeWithdrawn",
        "aACompromise",
    };
    if (reason == -1)
        return _("no reason given");
    return reason >= 0 && reason < (long)(sizeof names / sizeof *names) ? names[reason] : "?";
}

/* What a revocation of a chain certificate means for the signature, by what
 * the checking time rests on (see cms_internal.h):
 * - a compromise, or no stated reason (failing closed), condemns it whatever
 *   its time: whoever holds the key can make any signature and any claim;
 * - otherwise, with a proof of existence (or the claim, when the caller
 *   accepts claims), a revocation after that time does not matter and one at
 *   or before it does;
 * - otherwise (checked now), a revocation since the signer's own claimed time
 *   leaves it indeterminate: nothing proves it came first.  A claim that is
 *   itself after the revocation is the signer's own admission. */
void kc_cms_judge_revocation(int64_t when, long reason, kc_time_basis basis, int64_t claimed,
                             kc_sig_info *info)
{
    char buf[32];

    kc_cms_fmt_time(when, buf);
    if (basis != KC_BASIS_NOW) {
        if (when <= info->checked_at)
            kc_cms_fail(info, KC_R_REVOKED, basis == KC_BASIS_CLAIMED ?
                 _("A certificate of the signature was revoked on %s, before the signing time.") :
                 _("A certificate of the signature was revoked on %s, before the time its proof of existence gives."),
                 buf);
        else if (kc_cms_reason_is_compromise(reason))
            kc_cms_fail(info, KC_R_REVOKED, basis == KC_BASIS_CLAIMED ?
                 _("A certificate of the signature was revoked on %s for a compromised key, and no timestamp proves the signature is older.") :
                 _("A certificate of the signature was revoked on %s for a compromised key (or without a reason): whatever its time, the signature cannot be trusted."),
                 buf);
        return;
    }
    if (kc_cms_reason_is_compromise(reason))
        kc_cms_fail(info, KC_R_REVOKED,
             _("A certificate of the signature was revoked on %s for a compromised key (or without a reason): whatever its time, the signature cannot be trusted."),
             buf);
    else if (when > info->checked_at)
        /* A revocation dated after now, in data its CA signed: a CA lists
         * what has happened, so this computer's clock is behind (a flat
         * battery, a clock set back).  Read as "not in force yet", the CA's
         * CRL of 2023-02-01 listing the chairman who left office on
         * 2023-01-01 (in his signature, a /DSS, fetched with --online, or
         * signed by a CA the clock floor does not read) left his document
         * claiming 2022-05, no timestamp, `valid`, leader on a clock saying
         * 2022-06 (rttime23).  Nothing proves the signature came first. */
        kc_cms_fail(info, KC_R_NO_PROOF_OF_TIME,
             _("A certificate of the signature was revoked on %s (%s), a date this computer's clock has not reached: its CA wrote it, so the clock is behind; nothing proves the signature was made before that."),
             buf, kc_cms_reason_name(reason));
    else if (claimed && claimed >= when)
        kc_cms_fail(info, KC_R_REVOKED,
             _("A certificate of the signature was revoked on %s, before the signing time."), buf);
    else
        kc_cms_fail(info, KC_R_NO_PROOF_OF_TIME,
             _("A certificate of the signature was revoked on %s (%s); nothing proves the signature was made before that."),
             buf, kc_cms_reason_name(reason));
}

/* Checked now without a proof: a certificate of the chain that has expired
 * since leaves the signature indeterminate, unless the signer's own claimed
 * time is already outside its validity. */
void kc_cms_judge_expiry(STACK_OF(X509) *chain, int64_t now, int64_t claimed, kc_sig_info *info)
{
    for (int i = 0; i < sk_X509_num(chain); i++) {
        X509 *x = sk_X509_value(chain, i);
        int64_t nb = 0, na = 0;
        char buf[32];
        const char *who = i == 0 ? _("The signer's certificate") : _("A certificate of the signer's chain");

        if (!kc_cms_asn1_time_unix(X509_get0_notAfter(x), &na) ||
            !kc_cms_asn1_time_unix(X509_get0_notBefore(x), &nb) || na >= now)
            continue;
        if (claimed && claimed > na) {
            kc_cms_fmt_time(claimed, buf);
            kc_cms_fail(info, KC_R_EXPIRED, _("%s had expired at %s."), who, buf);
        } else if (claimed && claimed < nb) {
            kc_cms_fmt_time(claimed, buf);
            kc_cms_fail(info, KC_R_NOT_YET_VALID, _("%s was not yet valid at %s."), who, buf);
        } else {
            kc_cms_fmt_time(na, buf);
            kc_cms_fail(info, KC_R_NO_PROOF_OF_TIME,
                 _("%s expired on %s; nothing proves the signature was made before that."), who, buf);
        }
    }
}

void kc_cms_judge_not_before(X509 *signer, int64_t claimed, kc_sig_info *info)
{
    int64_t nb = 0;
    char when[32];
    if (claimed && kc_cms_asn1_time_unix(X509_get0_notBefore(signer), &nb) && claimed + KC_FUTURE_SLACK < nb) {
        kc_cms_fmt_time(claimed, when);
        kc_cms_fail(info, KC_R_NOT_YET_VALID, _("The signer's certificate was not yet valid at %s."), when);
    }
}
