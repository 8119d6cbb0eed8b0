/* cms_time.c: the time a signature's chain is checked at, following the
 * proof-of-existence model of ETSI EN 319 102-1 (as EU DSS does).
 *
 * The signer's claimed time (the CMS signingTime, or the PDF's /M for PAdES)
 * is only their word: an expired token, or one revoked because the chairman
 * left office, can sign today and claim 2021.  So a claim never decides
 * expiry or revocation in the signer's favour.  What does is a proof of
 * existence: an RFC 3161 timestamp over the signature value, a document
 * timestamp over the signature's revision, the caller's external proof
 * (opts->poe, e.g. a timestamped dossier seal) or --at.  The earliest proof
 * that holds is the time the chain is checked at; without one, the chain is
 * checked now (cms_check.c then calls a certificate that expired or was
 * revoked since "no proof of time").  accept_claimed_time restores the old
 * rule for those who ask for it. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/cms.h>
#include <openssl/x509.h>

#include "cms_internal.h"
#include "i18n.h"
#include "timestamp.h"

#define TST_OID "1.2.840.113549.1.9.16.2.14" /* id-aa-signatureTimeStampToken */

/* ---- reasons and times, as every CMS module records them --------------------- */

void kc_cms_fail(kc_sig_info *info, unsigned bit, const char *fmt, ...)
{
    va_list ap;

    info->reasons |= bit;
    if (info->detail || !fmt)
        return;
    va_start(ap, fmt);
    if (vasprintf(&info->detail, fmt, ap) < 0)
        info->detail = NULL;
    va_end(ap);
}

void kc_cms_fmt_time(int64_t t, char buf[32])
{
    time_t tt = (time_t)t;
    struct tm tm;

    if (gmtime_r(&tt, &tm))
        strftime(buf, 32, "%Y-%m-%d %H:%M:%S UTC", &tm);
    else
        snprintf(buf, 32, "%lld", (long long)t);
}

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's
 * algorithm): timegm() is not standard C and mktime() is local time. */
static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

bool kc_cms_asn1_time_unix(const ASN1_TIME *t, int64_t *out)
{
    struct tm tm;

    if (!t || ASN1_TIME_to_tm(t, &tm) != 1)
        return false;
    *out = days_from_civil(tm.tm_year + 1900, (unsigned)tm.tm_mon + 1, (unsigned)tm.tm_mday) *
               86400 + tm.tm_hour * 3600 + tm.tm_min * 60 + tm.tm_sec;
    return true;
}

/* The signingTime signed attribute (UTCTime or GeneralizedTime). */
bool kc_cms_claimed_time(const kc_cms *cms, int64_t *out)
{
    int i = CMS_signed_get_attr_by_NID(cms->si, NID_pkcs9_signingTime, -1);
    ASN1_TYPE *v = i < 0 ? NULL : X509_ATTRIBUTE_get0_type(CMS_signed_get_attr(cms->si, i), 0);

    if (!v || (v->type != V_ASN1_UTCTIME && v->type != V_ASN1_GENERALIZEDTIME))
        return false;
    return kc_cms_asn1_time_unix((const ASN1_TIME *)v->value.asn1_string, out);
}

/* What the signature's own timestamps prove. */
typedef struct tokens {
    int64_t best;           /* the earliest time a token proves (its genTime plus its
                             * accuracy), 0 when none */
    int64_t best_gen;       /* that token's genTime, the signing time shown */
    char best_tsa[160];
    int64_t newest;         /* the latest earliest time of a token that proves (its
                             * genTime less its accuracy): no outside proof over the
                             * signature can be older */
    size_t n, bad;          /* tokens seen; tokens not over this signature or unreadable */
    char note[520];         /* why the first token that proves nothing does not */
} tokens;

static void note(tokens *t, const char *why)
{
    if (!t->note[0])
        snprintf(t->note, sizeof t->note, "%s", why);
}

/* The proofs from outside the CMS that may vouch for a token (a later
 * document timestamp over the signature, the dossier's seal) and --at. */
#define KC_OUTSIDE_PROOFS 2
typedef struct outside {
    int64_t proof[KC_OUTSIDE_PROOFS]; /* judged against the claim and the tokens: the
                                       * document timestamp `extra` is, opts->poe; 0
                                       * once set aside */
    const kc_poe *extra; /* the earliest document timestamp not set aside, or NULL */
    int64_t at;          /* the caller's word: taken as it is */
} outside;

/* The earliest outside proof that shows this token existed before its
 * authority ended or was retired (kc_ts_require_poe).  rttime17: one older
 * than the token itself (genTime less its accuracy), or than the signer's
 * claim, is refused as a proof (settle_tokens), so it cannot vouch for the
 * token either: a document timestamp back-dated to 2021-01-01 over a token
 * of 2021-03-15 by a TSA expired since (whoever has its key writes any
 * genTime) made that token prove 2021, before the chairman's revocation:
 * `valid`, leader. */
/* The index in o->proof of the earliest outside proof that is not older
 * (beyond KC_FUTURE_SLACK) than the signer's claim nor than `earliest` (0:
 * either unasked), or -1 when none is.  The one rule both for what vouches
 * for a token (vouching) and for what proves the signature's time
 * (kc_cms_choose_time, after settle_tokens has refused the rest): ties go to
 * the document timestamp, proof[0]. */
static int earliest_outside(const outside *o, int64_t claimed, int64_t earliest)
{
    int found = -1;

    for (int i = 0; i < KC_OUTSIDE_PROOFS; i++) {
        int64_t p = o->proof[i];
        if (!p || (claimed && p + KC_FUTURE_SLACK < claimed) || (earliest && p + KC_FUTURE_SLACK < earliest))
            continue;
        if (found < 0 || p < o->proof[found])
            found = i;
    }
    return found;
}

static int64_t vouching(const outside *o, int64_t claimed, const kc_ts_result *res)
{
    int i = earliest_outside(o, claimed, kc_ts_earliest_stamp(res->gen_time, res->latest));

    return kc_ts_earliest(o->at, i < 0 ? 0 : o->proof[i]);
}

/* One token, given as the DER of an attribute value. */
static void one_token(const kc_cms *cms, const ASN1_TYPE *v, const kc_trust *trust,
                      const kc_verify_opts *opts, int64_t claimed, int64_t now, const outside *o, tokens *t)
{
    ASN1_OCTET_STRING *sigval = CMS_SignerInfo_get0_signature(cms->si);
    kc_ts_token *tok = NULL;
    kc_ts_result res;
    char buf[32], why[520];

    t->n++;
    if (!v || v->type != V_ASN1_SEQUENCE ||
        kc_ts_parse(&tok, v->value.sequence->data, (size_t)v->value.sequence->length, NULL) != 0) {
        t->bad++;
        note(t, _("The timestamp cannot be read."));
        return;
    }
    kc_ts_check(tok, sigval->data, (size_t)sigval->length, NULL, 0, trust, opts, now, &res);
    kc_ts_require_poe(&res, now, vouching(o, claimed, &res));
    kc_ts_free(tok);
    if (res.state == KC_TS_BAD) {
        t->bad++;
        note(t, res.why);
        return;
    }
    if (res.state != KC_TS_PROVES) {
        note(t, res.why);
        return;
    }
    /* The signature existed at genTime, yet its signer says it was made
     * later: one of them is wrong, and the token cannot be the one trusted. */
    if (claimed && res.latest + KC_FUTURE_SLACK < claimed) {
        kc_cms_fmt_time(res.gen_time, buf);
        snprintf(why, sizeof why, _("The timestamp's time %s is earlier than the signing time the signer claims: it proves nothing."), buf);
        note(t, why);
        return;
    }
    int64_t earliest = kc_ts_earliest_stamp(res.gen_time, res.latest);
    if (earliest > t->newest)
        t->newest = earliest;
    if (!t->best || res.latest < t->best) {
        t->best = res.latest;
        t->best_gen = res.gen_time;
        snprintf(t->best_tsa, sizeof t->best_tsa, "%s", res.tsa);
    }
}

/* Every id-aa-signatureTimeStampToken attribute and every value in each:
 * the earliest that verifies is the proof, whatever comes before it. */
static void scan_tokens(const kc_cms *cms, const kc_trust *trust, const kc_verify_opts *opts,
                        int64_t claimed, int64_t now, const outside *o, tokens *t)
{
    ASN1_OBJECT *oid = OBJ_txt2obj(TST_OID, 1);

    for (int i = -1; oid && (i = CMS_unsigned_get_attr_by_OBJ(cms->si, oid, i)) >= 0;) {
        X509_ATTRIBUTE *a = CMS_unsigned_get_attr(cms->si, i);
        int nv = X509_ATTRIBUTE_count(a);
        if (nv <= 0)
            one_token(cms, NULL, trust, opts, claimed, now, o, t);
        for (int k = 0; k < nv; k++)
            one_token(cms, X509_ATTRIBUTE_get0_type(a, k), trust, opts, claimed, now, o, t);
    }
    ASN1_OBJECT_free(oid);
}

/* Why the outside proof t proves nothing for this signature, into why
 * (false when it holds): older than the signer's claim, or than a token
 * that proves.  rttime16: what covers the signature (a document timestamp,
 * the seal) covers its timestamp tokens too, so it cannot be older than
 * their genTime (less accuracy): a later document timestamp back-dated by a
 * TSA whose clock is behind put a chairman's signature of 2023, timestamped
 * then, after he left office, before his revocation (`valid`). */
static bool refused(int64_t t, int64_t claimed, const tokens *tk, char *why, size_t size)
{
    char buf[32];

    kc_cms_fmt_time(t, buf);
    if (claimed && t + KC_FUTURE_SLACK < claimed) {
        snprintf(why, size, _("The proof of existence at %s is earlier than the signing time the signer claims: it proves nothing."), buf);
        return true;
    }
    if (tk->newest && t + KC_FUTURE_SLACK < tk->newest) {
        snprintf(why, size,
                 _("The proof of existence at %s is earlier than the timestamp it covers: its authority's clock is "
                   "wrong, and it proves nothing."),
                 buf);
        return true;
    }
    return false;
}

/* Sets the document timestamp proof aside and takes the next later one. */
static void next_extra(outside *o)
{
    if (o->extra->set_aside)
        *o->extra->set_aside = true;
    o->extra = o->extra->later;
    o->proof[0] = o->extra ? o->extra->time : 0;
}

/* The tokens scanned until no outside proof is refused (above): one that is
 * vouches for no token either, and a document timestamp set aside gives
 * way to the next later one over the signature.  rttime17: a proof refused
 * only after it had shown a token of a TSA expired since existed before that
 * end: a document timestamp of 2021-01-01, before the signer's claim, made
 * the retired TSA's 2021 token prove; and one of 2022 over that token and an
 * honest one of 2023 (after the chairman's revocation) was not older than
 * the earliest token, so it vouched and stood (`valid`, leader, both).
 * Every pass sets a proof aside, so the loop ends. */
static void settle_tokens(const kc_cms *cms, const kc_trust *trust, const kc_verify_opts *opts, int64_t claimed,
                          int64_t now, outside *o, tokens *t)
{
    char why[520] = "";

    for (;;) {
        bool again = false;
        memset(t, 0, sizeof *t);
        scan_tokens(cms, trust, opts, claimed, now, o, t);
        for (size_t i = 0; i < KC_OUTSIDE_PROOFS; i++) {
            char w[520];
            if (!o->proof[i] || !refused(o->proof[i], claimed, t, w, sizeof w))
                continue;
            if (!why[0])
                snprintf(why, sizeof why, "%s", w);
            if (i == 0)
                next_extra(o);
            else
                o->proof[i] = 0;
            again = true;
        }
        if (!again)
            break;
    }
    if (why[0])
        note(t, why);
}

static int set_copy(char **dst, const char *src)
{
    free(*dst);
    *dst = src && *src ? strdup(src) : NULL;
    return !src || !*src || *dst ? 0 : KC_ENOMEM;
}

int kc_cms_choose_time(const kc_cms *cms, const kc_trust *trust, const kc_verify_opts *opts,
                       const kc_poe *extra, kc_sig_info *info, kc_time_basis *basis,
                       int64_t *claimed_out, int64_t *now_out)
{
    int64_t now = opts->now ? opts->now : (int64_t)time(NULL), claimed = 0;
    bool have_claimed = kc_cms_claimed_time(cms, &claimed);
    tokens tk = {0};
    /* The candidates: the earliest that holds wins. */
    int64_t best = 0;
    kc_time_source src = KC_TIME_NOW;
    const char *what = NULL;
    char when[32];
    int rc = 0;

    /* PAdES forbids the signingTime attribute and puts the claimed time in
     * the signature dictionary's /M instead, which only the PDF layer sees:
     * a signing_time the caller put in info beforehand is the claim then. */
    if (!have_claimed && info->signing_time) {
        claimed = info->signing_time;
        have_claimed = true;
    }
    /* What proves the tokens themselves existed (a later document timestamp
     * over the signature, the dossier's seal, --at): for each token, the
     * earliest of them not older than it (vouching). */
    outside o = {{extra ? extra->time : 0, opts->poe}, extra && extra->time ? extra : NULL, opts->at};
    settle_tokens(cms, trust, opts, have_claimed ? claimed : 0, now, &o, &tk);
    if (tk.best) {
        best = tk.best;
        src = KC_TIME_TIMESTAMP;
        what = tk.best_tsa[0] ? tk.best_tsa : NULL;
    }
    /* What settle_tokens did not refuse proves, the earliest winning: a
     * token's time on a tie. */
    int first = earliest_outside(&o, 0, 0);
    if (first >= 0 && (!best || o.proof[first] < best)) {
        best = o.proof[first];
        if (first == 0) {
            src = o.extra->source;
            what = o.extra->what;
        } else {
            src = KC_TIME_EXTERNAL;
            what = opts->poe_source ? opts->poe_source : _("an external proof of existence");
        }
    }
    /* A token that is not over this signature (or not a token) is reported
     * as it always was, unless something else proves the time. */
    if (!best && tk.bad)
        kc_cms_fail(info, KC_R_BAD_TIMESTAMP, _("The signature carries a timestamp that does not verify: %s"),
                    tk.note);
    else if (tk.note[0])
        rc = set_copy(&info->time_note, tk.note);

    info->signing_time = src == KC_TIME_TIMESTAMP ? tk.best_gen : have_claimed ? claimed : 0;
    info->signing_time_proven = src == KC_TIME_TIMESTAMP;
    if (opts->at) {
        info->checked_at = opts->at;
        info->time_source = KC_TIME_OVERRIDE;
        *basis = KC_BASIS_PROOF;
    } else if (best) {
        info->checked_at = best;
        info->time_source = src;
        *basis = KC_BASIS_PROOF;
        if (rc == 0)
            rc = set_copy(&info->time_proof, what);
    } else if (opts->accept_claimed_time && have_claimed) {
        info->checked_at = claimed;
        info->time_source = KC_TIME_CLAIMED;
        *basis = KC_BASIS_CLAIMED;
    } else {
        info->checked_at = now;
        info->time_source = KC_TIME_NOW;
        *basis = KC_BASIS_NOW;
    }
    if (have_claimed && claimed > now + KC_FUTURE_SLACK) {
        kc_cms_fmt_time(claimed, when);
        kc_cms_fail(info, KC_R_FUTURE_TIME,
             _("The signing time %s is in the future; the certificate was checked now."), when);
        if (*basis == KC_BASIS_CLAIMED) {
            info->checked_at = now;
            info->time_source = KC_TIME_NOW;
            *basis = KC_BASIS_NOW;
        }
    }
    *claimed_out = have_claimed ? claimed : 0;
    *now_out = now;
    return rc;
}
