/* verify_pdf.c: the signatures embedded in one PDF (verify.c has the entry
 * points and detached signatures): every signature field read, every signed
 * range hashed in one pass, the document timestamps checked first (they prove
 * the time of what they cover), then each CMS, then each signature's coverage. */
#include <glib.h>
#include <stdlib.h>
#include <string.h>

#include "agency.h"
#include "cms_check.h"
#include "cms_internal.h" /* KC_FUTURE_SLACK */
#include "hash.h"
#include "i18n.h"
#include "pdf.h"
#include "revocation.h"
#include "timestamp.h"
#include "util.h"
#include "verdict.h"
#include "verify_internal.h"

static bool accepted_subfilter(const char *sf)
{
    return sf && (strcmp(sf, "adbe.pkcs7.detached") == 0 || strcmp(sf, "ETSI.CAdES.detached") == 0);
}

/* One signature field of the PDF, from its dictionary to its result: a
 * signature (its CMS, its sig record) or a document timestamp (its token,
 * its timestamp record), and the hash job over its byte ranges.  The records
 * go into the verdict in the order found once every check has run. */
typedef struct sig_rec {
    const kc_pdf_sig *pdf;
    bool is_dts;            /* a document timestamp: proves time, not a signer */
    kc_cms *cms;            /* a signature's CMS; NULL when unreadable */
    kc_ts_token *tok;       /* a document timestamp's token; NULL when unreadable */
    kc_hash_job job;        /* n_ranges 0: nothing to hash */
    kc_hash_job orig;       /* when !is_dts: the bytes before its revision (n_ranges 0: none),
                               hashed in the same pass (they are a prefix of job's) */
    kc_sig_info sig;        /* when !is_dts */
    kc_timestamp_info ts;   /* when is_dts */
    int64_t ts_latest;      /* when is_dts: genTime plus the token's accuracy, what it proves */
    int64_t ts_expires;     /* when is_dts: when its TSA's chain expires (0: unknown) */
    int64_t ts_retired;     /* when is_dts: when its TSA was revoked after it, not compromised (0: never) */
    long ts_retired_reason;
    int64_t ts_spoken;      /* when is_dts: the last time the CRLs at hand speak of its expired TSA (0: not asked) */
} sig_rec;

/* /SubFilter /ETSI.RFC3161 is a document timestamp whatever its /Type says. */
static bool is_dts(const kc_pdf_sig *s)
{
    return s->is_doc_timestamp || (s->subfilter && strcmp(s->subfilter, "ETSI.RFC3161") == 0);
}

static void set_job(kc_hash_job *job, const char *md_name, const kc_pdf_sig *s)
{
    job->md_name = md_name;
    job->off[0] = 0;
    job->len[0] = (uint64_t)s->byterange[1];
    job->off[1] = (uint64_t)s->byterange[2];
    job->len[1] = (uint64_t)s->byterange[3];
    job->n_ranges = md_name ? 2 : 0;
}

/* A document timestamp: its token read and its ranges to hash with the
 * imprint's algorithm.  Returns 0 or KC_ENOMEM. */
static int dts_begin(sig_rec *r)
{
    kc_timestamp_info *t = &r->ts;
    kc_error e = {0};
    t->field = g_strdup(r->pdf->field);
    if (!r->pdf->byterange_ok || !r->pdf->contents_ok) {
        t->detail = g_strdup(_(r->pdf->problem ? r->pdf->problem : N_("/Contents is missing")));
        return 0;
    }
    int rc = kc_ts_parse(&r->tok, r->pdf->contents, r->pdf->contents_len, &e);
    if (rc == KC_ENOMEM)
        return rc;
    if (rc != 0) {
        t->detail = g_strdup(e.message);
        return 0;
    }
    set_job(&r->job, kc_ts_digest_name(r->tok), r->pdf);
    return 0;
}

/* A signature: the dictionary's own faults, its CMS read, its ranges to hash
 * with the CMS's algorithm.  Returns 0 or KC_ENOMEM. */
static int sig_begin(sig_rec *r, const kc_trust *trust)
{
    const kc_pdf_sig *s = r->pdf;
    kc_sig_info *info = &r->sig;
    info->kind = KC_SIG_PDF;
    info->field = g_strdup(s->field);
    info->subfilter = g_strdup(s->subfilter);
    info->intact = true;
    if (!s->byterange_ok) {
        info->reasons |= KC_R_BYTERANGE;
        kc_verify_set_detail(info, _(s->problem));
    }
    if (!s->contents_ok) {
        info->reasons |= KC_R_CONTENTS;
        kc_verify_set_detail(info, _(s->problem));
    }
    if (!accepted_subfilter(s->subfilter)) {
        bool sha1 = s->subfilter && strcmp(s->subfilter, "adbe.pkcs7.sha1") == 0;
        info->reasons |= sha1 ? KC_R_WEAK_ALGORITHM : KC_R_UNSUPPORTED;
        kc_verify_set_detail(info, sha1 ? _("adbe.pkcs7.sha1 signs a SHA-1 digest") : _("unsupported /SubFilter"));
    }
    if (s->contents_ok) {
        kc_error ce = {0};
        int rc = kc_cms_parse_shared(&r->cms, s->contents, s->contents_len, trust, &ce);
        if (rc == KC_ENOMEM)
            return rc;
        if (rc != 0) {
            info->reasons |= KC_R_CONTENTS;
            kc_verify_set_detail(info, ce.message);
        }
    }
    if (r->cms && s->byterange_ok)
        set_job(&r->job, kc_cms_digest_name(r->cms), s);
    return 0;
}

/* The document a signature was appended to (pdf_original.c): its bytes are a
 * prefix of the signature's first range, so hashing them in the same pass
 * costs a copy of the digest's state, not a second read. */
static void orig_begin(sig_rec *r, kc_pdf_doc *doc)
{
    uint64_t len = r->job.n_ranges ? kc_pdf_unsigned_len(doc, r->pdf) : 0;
    if (len)
        r->orig = (kc_hash_job){.md_name = "sha256", .off = {0}, .len = {len}, .n_ranges = 1};
}

static int orig_finish(sig_rec *r)
{
    if (!r->orig.n_ranges || !r->orig.ok || r->orig.digest_len != 32)
        return 0;
    r->sig.original_sha256 = kc_hex_dup(r->orig.digest, 32);
    return r->sig.original_sha256 ? 0 : KC_ENOMEM;
}

/* The bytes a signature's revision was appended to are the document it
 * signed only when that revision, and each one after it, adds nothing but
 * signing: rule 4 from where those bytes end.  A blank form filled in and
 * signed in one update (Adobe Reader's fill and sign) starts with the blank
 * form, as every other document filled in from it does, and is not one of
 * them signed again: it keeps no original_sha256 (nor does a signature
 * that does not cover the document).  Who may draw is not asked
 * here (every signature that verifies may): only whether anything but
 * signing came after those bytes.  Returns 0 or KC_ENOMEM. */
static int orig_settle(kc_pdf_doc *doc, sig_rec *r, GArray *provisional, kc_error *err)
{
    const char *why = NULL;
    bool same = false;
    if (!r->sig.original_sha256)
        return 0;
    /* Changed after the signature itself: what came before it is not the
     * document as it stands either. */
    if (!r->sig.covers_document) {
        free(r->sig.original_sha256);
        r->sig.original_sha256 = NULL;
        return 0;
    }
    kc_pdf_sig before = {.byterange_ok = true, .signed_end = r->orig.len[0]};
    GArray *all = g_array_copy(provisional);
    for (guint k = 0; k < all->len; k++)
        g_array_index(all, kc_pdf_verified, k).may_draw = true;
    int rc = kc_pdf_check_coverage(doc, &before, (const kc_pdf_verified *)(void *)all->data, all->len, &same, &why,
                                   err);
    g_array_free(all, TRUE);
    if (rc == 0 && !same) {
        free(r->sig.original_sha256);
        r->sig.original_sha256 = NULL;
    }
    return rc;
}

/* A document timestamp verified like a signature timestamp, over its byte
 * ranges, and nothing but signing after it. */
static int dts_finish(sig_rec *r, kc_pdf_doc *doc, const kc_trust *trust, const kc_verify_opts *opts,
                      kc_error *err)
{
    kc_timestamp_info *t = &r->ts;
    kc_ts_result res;
    const char *why = NULL;
    int64_t now = opts->now ? opts->now : (int64_t)time(NULL);
    int rc = 0;

    if (!r->tok)
        return 0;
    if (!r->job.n_ranges || !r->job.ok) {
        free(t->detail);
        t->detail = g_strdup(_("unknown digest algorithm"));
        return 0;
    }
    t->signed_bytes = r->job.len[0] + r->job.len[1];
    kc_ts_check(r->tok, NULL, 0, r->job.digest, r->job.digest_len, trust, opts, now, &res);
    t->gen_time = res.gen_time;
    r->ts_latest = res.latest;
    r->ts_expires = res.state == KC_TS_PROVES ? res.tsa_expires : 0;
    r->ts_retired = res.state == KC_TS_PROVES ? res.tsa_retired : 0;
    r->ts_retired_reason = res.tsa_retired_reason;
    r->ts_spoken = res.state == KC_TS_PROVES ? res.tsa_spoken : 0;
    if (res.tsa[0])
        t->tsa = g_strdup(res.tsa);
    if (res.digest[0])
        t->digest = g_strdup(res.digest);
    if ((rc = kc_pdf_check_coverage(doc, r->pdf, NULL, 0, &t->covers_document, &why, err)) != 0)
        return rc;
    t->valid = res.state == KC_TS_PROVES && t->covers_document;
    if (!t->valid)
        t->detail = g_strdup(res.state != KC_TS_PROVES ? res.why
                             : why ? _(why) : _("the document was modified after signing"));
    return 0;
}

/* A document timestamp whose TSA's certificate has expired since proves its
 * time only if a later one that still proves (or the caller's proof, --at)
 * shows it existed before that expiry (kc_ts_require_poe).  Called from the
 * last revision back (dts_settle), so that the later ones are settled.  The
 * outside proof (opts->poe, the dossier's seal) covers the document
 * timestamp, so it cannot be older than the timestamp's genTime less its
 * accuracy: one that is says one of the two clocks is wrong, and does not
 * vouch for it (as cms_time.c's vouching for a signature's token, rttime17;
 * rttime18: it never made a verdict wrong, the seal proving the signature by
 * itself, but the timestamp was shown as proving its time).  --at is the
 * caller's word, taken as it is. */
static void dts_expiry(sig_rec *recs, size_t n, size_t i, const kc_verify_opts *opts)
{
    int64_t now = opts->now ? opts->now : (int64_t)time(NULL);
    kc_timestamp_info *t = &recs[i].ts;

    if (!t->valid)
        return;
    bool poe_older = opts->poe && opts->poe + KC_FUTURE_SLACK < kc_ts_earliest_stamp(t->gen_time, recs[i].ts_latest);
    int64_t proven = kc_ts_earliest(opts->at, poe_older ? 0 : opts->poe);
    for (size_t j = 0; j < n; j++)
        if (j != i && recs[j].is_dts && recs[j].ts.valid && recs[j].pdf->signed_end > recs[i].pdf->signed_end)
            proven = kc_ts_earliest(proven, recs[j].ts_latest);
    kc_ts_result res = {.state = KC_TS_PROVES, .tsa_expires = recs[i].ts_expires,
                        .tsa_retired = recs[i].ts_retired, .tsa_retired_reason = recs[i].ts_retired_reason,
                        .tsa_spoken = recs[i].ts_spoken};
    kc_ts_require_poe(&res, now, proven);
    if (res.state != KC_TS_PROVES) {
        t->valid = false;
        free(t->detail);
        t->detail = poe_older ? g_strdup_printf(_("The dossier's seal, which covers this document timestamp, is "
                                                  "dated before it (one of the two clocks is wrong), so it does not "
                                                  "vouch for it: %s"), res.why)
                              : g_strdup(res.why);
    }
}

/* Whether the document timestamp's signed bytes hold the bytes from..to. */
static bool dts_holds(const kc_pdf_sig *d, uint64_t from, uint64_t to)
{
    const int64_t *b = d->byterange;
    return ((uint64_t)b[0] <= from && to <= (uint64_t)(b[0] + b[1])) ||
           ((uint64_t)b[2] <= from && to <= (uint64_t)(b[2] + b[3]));
}

/* When each OCSP response of the /DSS is proven to exist: at the earliest
 * valid document timestamp whose signed bytes hold it (after dts_expiry, so
 * that only timestamps that still prove count).  An expired delegated
 * responder's "good" vouches only when that is before the responder's end
 * (revocation_ocsp.c): whoever finds its key later writes one with any
 * date, and adds it to the store in an update (rttime13). */
static void dss_proof(kc_trust *dss, const GArray *where, const sig_rec *recs, size_t n)
{
    for (guint k = 0; dss && where && k < where->len; k++) {
        const kc_dss_where *w = &g_array_index(where, kc_dss_where, k);
        int64_t at = KC_POE_NONE;
        for (size_t j = 0; j < n; j++)
            if (recs[j].is_dts && recs[j].ts.valid && recs[j].ts_latest < at && dts_holds(recs[j].pdf, w->from, w->to))
                at = recs[j].ts_latest;
        kc_dss_where_set_at(dss, w, at);
    }
}

/* The valid document timestamps that cover a signature whose signed bytes
 * end at signed_end (its revision existed at their times), earliest first,
 * each chained to the next (kc_poe.later): cms_time.c takes the earliest it
 * does not set aside.  idx[k] is cand[k]'s record, aside[k] its flag. */
static size_t dts_proofs(const sig_rec *recs, size_t n, uint64_t signed_end, kc_poe *cand, size_t *idx,
                         bool *aside)
{
    size_t m = 0;

    for (size_t j = 0; j < n; j++) {
        const kc_timestamp_info *t = &recs[j].ts;
        if (!recs[j].is_dts || !t->valid || recs[j].pdf->signed_end < signed_end)
            continue;
        size_t k = m++;
        for (; k > 0 && recs[idx[k - 1]].ts_latest > recs[j].ts_latest; k--) {
            cand[k] = cand[k - 1];
            idx[k] = idx[k - 1];
        }
        cand[k] = (kc_poe){recs[j].ts_latest, KC_TIME_DOC_TIMESTAMP, t->field, NULL, NULL};
        idx[k] = j;
    }
    for (size_t k = 0; k < m; k++) {
        aside[k] = false;
        cand[k].later = k + 1 < m ? &cand[k + 1] : NULL;
        cand[k].set_aside = &aside[k];
    }
    return m;
}

/* The /DSS responses the signed bytes of r, a document timestamp just found
 * valid, hold: proven to exist at its time, where that is earlier than what
 * dated them so far.  Linear in the responses: dss_proof once per document
 * timestamp would cost, for thousands of document timestamp revisions (their
 * shared prefixes hashed once) and 512 responses, n * n * 512. */
static void dss_date(kc_trust *dss, const GArray *where, const sig_rec *r)
{
    for (guint k = 0; dss && where && r->ts.valid && k < where->len; k++) {
        const kc_dss_where *w = &g_array_index(where, kc_dss_where, k);
        if (r->ts_latest < kc_dss_where_at(dss, w) && dts_holds(r->pdf, w->from, w->to))
            kc_dss_where_set_at(dss, w, r->ts_latest);
    }
}

/* rttime16: the document timestamp i, found valid, whose time (genTime plus
 * its accuracy) is before the earliest time of a valid document timestamp
 * its bytes hold (genTime less its accuracy): a token cannot be older than a
 * token it stamps, so its TSA's clock is wrong and it proves nothing.  Taken
 * as the earliest proof, a later timestamp back-dated to 2022 put a
 * chairman's signature of 2023 (timestamped then, after he left office)
 * before his revocation: `valid`, leader. */
static bool dts_out_of_order(const sig_rec *recs, size_t n, size_t i)
{
    if (!recs[i].ts.valid)
        return false;
    for (size_t j = 0; j < n; j++) {
        const sig_rec *in = &recs[j];
        if (j == i || !in->is_dts || !in->ts.valid || in->pdf->signed_end >= recs[i].pdf->signed_end)
            continue;
        int64_t earliest = kc_ts_earliest_stamp(in->ts.gen_time, in->ts_latest);
        if (recs[i].ts_latest + KC_FUTURE_SLACK < earliest) /* clocks differ by a little */
            return true;
    }
    return false;
}

/* Forgets what one pass of dts_settle found, for the next. */
static void dts_reset(sig_rec *recs, size_t n, kc_trust *dss, const GArray *where)
{
    for (size_t i = 0; i < n; i++) {
        kc_timestamp_info *t = &recs[i].ts;
        if (!recs[i].is_dts)
            continue;
        free(t->tsa);
        free(t->digest);
        free(t->detail);
        t->tsa = t->digest = t->detail = NULL;
        t->valid = false;
    }
    for (guint k = 0; dss && where && k < where->len; k++)
        kc_dss_where_set_at(dss, &g_array_index(where, kc_dss_where, k), KC_POE_NONE);
}

/* The document timestamps, judged from the last revision back, each with the
 * /DSS responses that the later ones, already judged, prove (dss_date): an
 * OCSP "good" about its TSA's chain, from a delegated responder ended since,
 * vouches where a later valid document timestamp proves it existed before
 * that end: B-LTA as EU DSS reads it (a later archive timestamp protects the
 * validation data of the earlier one).  Judged all at once, before any
 * response was dated, an honest B-LTA whose first TSA has expired came out
 * `expired` (rttime15).  A timestamp's own time never dates what vouches for
 * its own TSA: only those after it count.  One found out of order
 * (dts_out_of_order) is set aside and the rest judged again without it, since
 * what it proved for them was its wrong clock's word.  Returns 0 or
 * KC_ENOMEM. */
static int dts_settle(sig_rec *recs, size_t n, kc_pdf_doc *doc, const kc_trust *trust, kc_trust *dss,
                      const GArray *where, const kc_verify_opts *opts, kc_error *err)
{
    bool *done = g_new0(bool, n ? n : 1), *liar = g_new0(bool, n ? n : 1), again = true;
    int rc = 0;

    while (again && rc == 0) {
        again = false;
        memset(done, 0, (n ? n : 1) * sizeof *done);
        for (;;) {
            size_t i = n;
            for (size_t k = 0; k < n; k++)
                if (recs[k].is_dts && !done[k] && (i == n || recs[k].pdf->signed_end > recs[i].pdf->signed_end))
                    i = k;
            if (i == n)
                break;
            done[i] = true;
            if ((rc = dts_finish(&recs[i], doc, trust, opts, err)) != 0)
                break;
            if (liar[i] && recs[i].ts.valid) {
                recs[i].ts.valid = false;
                free(recs[i].ts.detail); /* as dts_expiry: a note dts_finish left */
                recs[i].ts.detail = g_strdup(_("its time is before that of a document timestamp it covers: a "
                                               "timestamp cannot be older than what it stamps (its authority's "
                                               "clock is wrong), so it proves nothing"));
            }
            dts_expiry(recs, n, i, opts);
            dss_date(dss, where, &recs[i]);
        }
        for (size_t i = 0; rc == 0 && i < n; i++)
            if (recs[i].is_dts && !liar[i] && dts_out_of_order(recs, n, i))
                liar[i] = again = true;
        if (again && rc == 0)
            dts_reset(recs, n, dss, where);
    }
    g_free(done);
    g_free(liar);
    return rc;
}

/* A signature's CMS checked against the digest of its ranges, at the time the
 * earliest document timestamp over it proves, if any. */
static int sig_check(sig_rec *r, sig_rec *recs, size_t n, const kc_trust *trust, const kc_verify_opts *opts,
                     kc_error *err)
{
    kc_sig_info *info = &r->sig;
    if (!r->cms || !r->job.n_ranges) {
        info->intact = false;
        return 0;
    }
    info->signed_bytes = r->job.len[0] + r->job.len[1];
    if (!r->job.ok) {
        info->reasons |= KC_R_UNSUPPORTED;
        kc_verify_set_detail(info, _("unknown digest algorithm"));
        return 0;
    }
    /* PAdES puts the claimed time in /M, not in the CMS. */
    info->signing_time = r->pdf->m_time;
    kc_poe *cand = g_new(kc_poe, n ? n : 1);
    size_t *idx = g_new(size_t, n ? n : 1);
    bool *aside = g_new(bool, n ? n : 1);
    size_t m = dts_proofs(recs, n, r->pdf->signed_end, cand, idx, aside);
    int rc = kc_cms_check_poe(r->cms, r->job.digest, r->job.digest_len, trust, opts, m ? cand : NULL, info, err);
    /* rttime17: "signatures it proves" counts a document timestamp only
     * where it was not set aside for this signature (verify -v said 1 of
     * one back-dated before the signature's own token). */
    for (size_t k = 0; k < m; k++)
        if (!aside[k])
            recs[idx[k]].ts.proves++;
    g_free(cand);
    g_free(idx);
    g_free(aside);
    return rc;
}

/* The signatures that verified (dictionary sound, digest and signature
 * good, chain trusted: no reason at all so far), each held by one field:
 * what the coverage rule lets an earlier signature see drawn after it.
 * With `provisional`, also those that would verify but for a proof of their
 * time (indeterminate).  Document timestamps license nothing. */
static GArray *verified_sigs(const sig_rec *recs, size_t n, bool provisional)
{
    GArray *out = g_array_new(FALSE, FALSE, sizeof(kc_pdf_verified));
    for (size_t i = 0; i < n; i++) {
        const kc_pdf_sig *s = recs[i].pdf;
        const kc_sig_info *info = &recs[i].sig;
        bool good = info->reasons == 0 || (provisional && info->reasons == KC_R_NO_PROOF_OF_TIME);
        if (!recs[i].is_dts && info->intact && (info->trusted || provisional) && good && s->byterange_ok &&
            s->obj_num && s->n_fields == 1)
            g_array_append_val(out, ((kc_pdf_verified){s->obj_num, s->field_num, s->signed_end, true}));
    }
    return out;
}

/* Whether the signer of `later` may draw on the page after `earlier` (the
 * coverage rule's may_draw): after a person's signature, anyone who verifies
 * (as before, and as pyHanko judges); after a leader's or an organisation's,
 * only a leader or organisation of the committee the earlier certificate
 * names, as far as names tell (kc_agency_may_draw_after).  A citizen's or a
 * company's certificate chains to the national root as the commune's does:
 * trusted is not enough to draw over what counts for the criteria. */
static bool may_draw_after(const kc_sig_info *earlier, const kc_sig_info *later)
{
    if (earlier->role != KC_ROLE_LEADER && earlier->role != KC_ROLE_ORG)
        return true;
    if (later->role != KC_ROLE_LEADER && later->role != KC_ROLE_ORG)
        return false;
    return kc_agency_may_draw_after(earlier, later);
}

/* Whether each signature may draw after recs[i]: asked only of those signed
 * after it (what came before is not "after"), once for both lists. */
static void may_draw_for(const sig_rec *recs, size_t n, size_t i, bool *draw)
{
    for (size_t j = 0; j < n; j++)
        draw[j] = recs[j].is_dts || recs[j].pdf->signed_end <= recs[i].pdf->signed_end ||
                  may_draw_after(&recs[i].sig, &recs[j].sig);
}

/* The later signatures' may_draw in list, from may_draw_for's answers. */
static void set_may_draw(GArray *list, const sig_rec *recs, size_t n, const bool *draw)
{
    for (guint k = 0; k < list->len; k++) {
        kc_pdf_verified *v = &g_array_index(list, kc_pdf_verified, k);
        v->may_draw = false;
        for (size_t j = 0; j < n; j++)
            if (!recs[j].is_dts && recs[j].pdf->obj_num == v->num)
                v->may_draw = draw[j];
    }
}

/* Rule 4 for one signature.  When what was drawn after it is licensed only
 * by a later signature that is itself indeterminate (good, but its
 * certificate expired or was revoked since and nothing proves its time),
 * the earlier signature cannot be judged either: indeterminate, not
 * "modified".  Returns 0 or KC_ENOMEM. */
static int check_coverage(kc_pdf_doc *doc, const kc_pdf_sig *s, const GArray *verified,
                          const GArray *provisional, kc_sig_info *info, kc_error *err)
{
    const char *why = NULL, *why2 = NULL;
    bool covers = false;
    int rc = kc_pdf_check_coverage(doc, s, (const kc_pdf_verified *)(void *)verified->data, verified->len,
                                   &info->covers_document, &why, err);
    if (rc != 0 || info->covers_document)
        return rc;
    if (provisional->len > verified->len &&
        (rc = kc_pdf_check_coverage(doc, s, (const kc_pdf_verified *)(void *)provisional->data, provisional->len,
                                    &covers, &why2, err)) != 0)
        return rc;
    if (covers) {
        info->covers_document = true;
        info->reasons |= KC_R_NO_PROOF_OF_TIME;
        kc_verify_set_detail(info, _("A visible signature added after this one is itself indeterminate: nothing proves "
                           "its time, so what it shows cannot be told from a later change."));
        return 0;
    }
    info->reasons |= KC_R_MODIFIED;
    kc_verify_set_detail(info, _(why));
    return 0;
}

/* Every signature field of the PDF, in three passes over one array of
 * records: read each dictionary and its CMS or token; hash every signed
 * range in one pass over the file; then check the document timestamps
 * (they prove the time of the signatures before them), each signature's
 * CMS, and last the coverage of each signature, which depends on which
 * later signatures verified. */
int kc_verify_pdf(kc_verdict *v, int fd, uint64_t size, const unsigned char *mem, const kc_trust *trust,
                  const kc_verify_opts *opts, const kc_roles *roles, kc_hash_job *whole)
{
    kc_pdf_doc *doc = NULL;
    kc_pdf_sig *sigs = NULL;
    sig_rec *recs = NULL;
    kc_hash_job **jobs = NULL;
    bool *draw = NULL;
    GArray *verified = NULL, *provisional = NULL;
    kc_trust *dss_trust = NULL;
    GArray *dss_where = g_array_new(FALSE, FALSE, sizeof(kc_dss_where));
    size_t n = 0, n_begun = 0;
    kc_error e = {0};
    int rc = kc_pdf_open_src(&doc, fd, mem, size, &e);
    if (rc == KC_ENOMEM)
        goto out;
    if (rc != 0) {
        rc = kc_verify_fail_doc(v, e.message);
        goto out;
    }
    kc_pdf_note *notes = NULL;
    size_t n_notes = 0;
    rc = kc_pdf_find_sigs_noted(doc, &sigs, &n, &notes, &n_notes, &e);
    if (rc == KC_ENOMEM)
        goto out;
    if (rc != 0) {
        rc = kc_verify_fail_doc(v, e.message);
        goto out;
    }
    /* A trailer naming a key twice is refused whether or not the catalog
     * it names (the last /Root, as MuPDF, pdf.js and this reader take it)
     * holds a signature: "/R#6f#6ft 59 0 R /Root 1 0 R" in an update made a
     * signed document "unsigned", where the coverage rule (pdf_diff.c),
     * which refuses it, never ran.  The file reads two ways: an error, as a
     * /Root#00 beside /Root is. */
    if (n == 0 && kc_pdf_any_trailer_dup(doc)) {
        g_free(notes);
        rc = kc_verify_fail_doc(v, _("a cross-reference section's trailer names a key twice (poppler may read "
                                     "another of its values than other viewers do: another /Root or /Prev is "
                                     "another document)"));
        goto out;
    }
    /* The notes go to the verdict as they are: they never change a status. */
    for (size_t i = 0; i < n_notes; i++)
        kc_verdict_take_note(v, notes[i].code, notes[i].message);
    g_free(notes);
    /* The CRLs and OCSP responses of the document's own security store
     * condemn as the trust directory's do (pdf_dss.c). */
    rc = kc_pdf_dss_revocation_where(doc, trust, &dss_trust, dss_where);
    if (rc == KC_ELIMIT) {
        rc = kc_verify_fail_doc(v, _("the document's security store (/DSS) holds more revocation data than kiemchung reads "
                           "(more than 512 streams, 64 MiB or 256 /VRI entries): a CRL past them could not be "
                           "read, so the signatures are not judged"));
        goto out;
    }
    if (rc != 0)
        goto out;
    if (dss_trust)
        trust = dss_trust;
    recs = g_new0(sig_rec, n);
    jobs = g_new(kc_hash_job *, 2 * n + 1);
    size_t nj = 0;
    for (size_t i = 0; i < n; i++) {
        sig_rec *r = &recs[n_begun++];
        r->pdf = &sigs[i];
        r->is_dts = is_dts(&sigs[i]);
        jobs[nj++] = &r->job;
        if ((rc = r->is_dts ? dts_begin(r) : sig_begin(r, trust)) != 0)
            goto out;
        if (!r->is_dts && !(opts && opts->no_original) && (orig_begin(r, doc), r->orig.n_ranges))
            jobs[nj++] = &r->orig;
    }
    /* The caller's digest of the whole file, in the same pass: it shares
     * the signatures' prefix (kc_verify_fd_sha256). */
    if (whole)
        jobs[nj++] = whole;
    /* A small file is already in memory, read whole by the PDF reader. */
    const unsigned char *data = kc_pdf_data(doc);
    rc = data ? kc_hash_ranges_mem(data, size, jobs, nj, &e) : kc_hash_ranges(fd, size, jobs, nj, &e);
    if (rc != 0) {
        rc = rc == KC_ENOMEM ? rc : kc_verify_fail_doc(v, e.message);
        goto out;
    }
    /* Document timestamps first: they prove the time of the signatures
     * before them, and of the /DSS responses their signed bytes hold. */
    if ((rc = dts_settle(recs, n, doc, trust, dss_trust, dss_where, opts, &e)) != 0)
        goto out;
    dss_proof(dss_trust, dss_where, recs, n);
    for (size_t i = 0; i < n; i++)
        if (!recs[i].is_dts && ((rc = sig_check(&recs[i], recs, n, trust, opts, &e)) != 0 ||
                                (rc = orig_finish(&recs[i])) != 0))
            goto out;
    /* Coverage last: what a later signature may show depends on whether it verified. */
    draw = g_new(bool, n ? n : 1);
    verified = verified_sigs(recs, n, false);
    provisional = verified_sigs(recs, n, true);
    for (size_t i = 0; i < n; i++) /* who may draw after whom depends on the roles */
        if (!recs[i].is_dts)
            kc_verify_classify(&recs[i].sig, roles);
    for (size_t i = 0; i < n; i++) {
        if (recs[i].is_dts)
            continue;
        may_draw_for(recs, n, i, draw);
        set_may_draw(verified, recs, n, draw);
        set_may_draw(provisional, recs, n, draw);
        if (recs[i].pdf->byterange_ok &&
            ((rc = check_coverage(doc, recs[i].pdf, verified, provisional, &recs[i].sig, &e)) != 0 ||
             (rc = orig_settle(doc, &recs[i], provisional, &e)) != 0))
            goto out;
        /* Classified above (who may draw after whom needed the roles), and
         * coverage changes nothing the role is read from: not again (a role
         * costs 28 k instructions, a roles file's match and the state body). */
        kc_verify_settle_sig(&recs[i].sig);
    }
    rc = 0;
out:
    /* What was learned goes into the verdict, however far it got: a read
     * error while hashing still shows the signatures found. */
    for (size_t i = 0; i < n_begun; i++) {
        if (recs[i].is_dts)
            kc_verdict_take_timestamp(v, &recs[i].ts);
        else
            kc_verdict_take_sig(v, &recs[i].sig);
        kc_cms_free(recs[i].cms);
        kc_ts_free(recs[i].tok);
    }
    g_free(recs);
    g_free(jobs);
    g_free(draw);
    if (verified)
        g_array_free(verified, TRUE);
    if (provisional)
        g_array_free(provisional, TRUE);
    kc_pdf_sigs_free(sigs, n);
    kc_pdf_close(doc);
    kc_trust_free(dss_trust);
    g_array_free(dss_where, TRUE);
    return rc;
}
