/* verify.c: the verdict on one document: finds its signatures (embedded in a
 * PDF, or a detached FILE.p7s beside it), hashes every signed range in one
 * pass, checks each CMS, the coverage of each PDF signature, and the roles. */
#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "agency.h"
#include "cms_check.h"
#include "kiemchung/ratios.h"
#include "hash.h"
#include "i18n.h"
#include "pdf.h"
#include "revocation.h"
#include "text.h"
#include "timestamp.h"
#include "util.h"
#include "verdict.h"


static int fail_doc(kc_verdict *v, const char *msg)
{
    v->status = KC_STATUS_ERROR;
    free(v->error);
    v->error = strdup(msg);
    return v->error ? 0 : KC_ENOMEM;
}

static void set_detail(kc_sig_info *info, const char *msg)
{
    if (!info->detail && msg)
        info->detail = strdup(msg);
}

static bool accepted_subfilter(const char *sf)
{
    return sf && (strcmp(sf, "adbe.pkcs7.detached") == 0 || strcmp(sf, "ETSI.CAdES.detached") == 0);
}

/* The signer's role, from the certificate alone. */
static void classify(kc_sig_info *info, const kc_roles *roles)
{
    /* A serial means something only with its issuer. */
    kc_signer_id who = {info->signer, info->title, info->organization, info->serial, info->fingerprint,
                        info->issuer, info->unit, info->person_mark, info->pseudonym, info->issuer_certain};
    info->role = kc_roles_classify(roles, &who);
}

/* Validity and the flags that follow from the reasons. */
static void settle_sig(kc_sig_info *info)
{
    if (info->reasons & (KC_R_BYTERANGE | KC_R_CONTENTS | KC_R_DIGEST_MISMATCH | KC_R_BAD_SIGNATURE |
                         KC_R_WEAK_ALGORITHM | KC_R_UNSUPPORTED | KC_R_NO_SIGNER_CERT))
        info->intact = false;
    info->valid = info->intact && info->trusted && info->covers_document && info->reasons == 0;
    /* Valid but for a proof of its time: neither valid nor invalid. */
    info->indeterminate = info->intact && info->covers_document &&
                          info->reasons == KC_R_NO_PROOF_OF_TIME;
}

/* Role, validity, and the flags that follow from the reasons. */
static void finish_sig(kc_sig_info *info, const kc_roles *roles)
{
    classify(info, roles);
    settle_sig(info);
}

/* ---- the signatures of one PDF ---------------------------------------------- */

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
    kc_sig_info sig;        /* when !is_dts */
    kc_timestamp_info ts;   /* when is_dts */
    int64_t ts_latest;      /* when is_dts: genTime plus the token's accuracy, what it proves */
    int64_t ts_expires;     /* when is_dts: when its TSA's chain expires (0: unknown) */
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
        set_detail(info, _(s->problem));
    }
    if (!s->contents_ok) {
        info->reasons |= KC_R_CONTENTS;
        set_detail(info, _(s->problem));
    }
    if (!accepted_subfilter(s->subfilter)) {
        bool sha1 = s->subfilter && strcmp(s->subfilter, "adbe.pkcs7.sha1") == 0;
        info->reasons |= sha1 ? KC_R_WEAK_ALGORITHM : KC_R_UNSUPPORTED;
        set_detail(info, sha1 ? _("adbe.pkcs7.sha1 signs a SHA-1 digest") : _("unsupported /SubFilter"));
    }
    if (s->contents_ok) {
        kc_error ce = {0};
        int rc = kc_cms_parse_shared(&r->cms, s->contents, s->contents_len, trust, &ce);
        if (rc == KC_ENOMEM)
            return rc;
        if (rc != 0) {
            info->reasons |= KC_R_CONTENTS;
            set_detail(info, ce.message);
        }
    }
    if (r->cms && s->byterange_ok)
        set_job(&r->job, kc_cms_digest_name(r->cms), s);
    return 0;
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
 * shows it existed before that expiry (kc_ts_require_poe): judged from the
 * last revision back, so that each one's vouchers are settled first. */
static void dts_expiry(sig_rec *recs, size_t n, const kc_verify_opts *opts)
{
    int64_t now = opts->now ? opts->now : (int64_t)time(NULL);
    bool *done = g_new0(bool, n ? n : 1);

    for (;;) {
        size_t i = n;
        for (size_t k = 0; k < n; k++)
            if (recs[k].is_dts && !done[k] && (i == n || recs[k].pdf->signed_end > recs[i].pdf->signed_end))
                i = k;
        if (i == n)
            break;
        done[i] = true;
        kc_timestamp_info *t = &recs[i].ts;
        if (!t->valid)
            continue;
        int64_t proven = opts->at && (!opts->poe || opts->at < opts->poe) ? opts->at : opts->poe;
        for (size_t j = 0; j < n; j++)
            if (j != i && recs[j].is_dts && recs[j].ts.valid && recs[j].pdf->signed_end > recs[i].pdf->signed_end &&
                (!proven || recs[j].ts_latest < proven))
                proven = recs[j].ts_latest;
        kc_ts_result res = {.state = KC_TS_PROVES, .tsa_expires = recs[i].ts_expires};
        kc_ts_require_poe(&res, now, proven);
        if (res.state != KC_TS_PROVES) {
            t->valid = false;
            free(t->detail);
            t->detail = g_strdup(res.why);
        }
    }
    g_free(done);
}

/* The earliest valid document timestamp that covers a signature whose signed
 * bytes end at signed_end: that signature's revision existed at its time. */
static void dts_proof(sig_rec *recs, size_t n, uint64_t signed_end, kc_poe *poe)
{
    memset(poe, 0, sizeof *poe);
    for (size_t j = 0; j < n; j++) {
        kc_timestamp_info *t = &recs[j].ts;
        if (!recs[j].is_dts || !t->valid || recs[j].pdf->signed_end < signed_end)
            continue;
        t->proves++;
        if (!poe->time || recs[j].ts_latest < poe->time) {
            poe->time = recs[j].ts_latest;
            poe->source = KC_TIME_DOC_TIMESTAMP;
            poe->what = t->field;
        }
    }
}

/* A signature's CMS checked against the digest of its ranges, at the time the
 * earliest document timestamp over it proves, if any. */
static int sig_check(sig_rec *r, sig_rec *recs, size_t n, const kc_trust *trust, const kc_verify_opts *opts,
                     kc_error *err)
{
    kc_sig_info *info = &r->sig;
    kc_poe poe;
    if (!r->cms || !r->job.n_ranges) {
        info->intact = false;
        return 0;
    }
    info->signed_bytes = r->job.len[0] + r->job.len[1];
    if (!r->job.ok) {
        info->reasons |= KC_R_UNSUPPORTED;
        set_detail(info, _("unknown digest algorithm"));
        return 0;
    }
    /* PAdES puts the claimed time in /M, not in the CMS. */
    info->signing_time = r->pdf->m_time;
    dts_proof(recs, n, r->pdf->signed_end, &poe);
    return kc_cms_check_poe(r->cms, r->job.digest, r->job.digest_len, trust, opts, &poe, info, err);
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
        set_detail(info, _("A visible signature added after this one is itself indeterminate: nothing proves "
                           "its time, so what it shows cannot be told from a later change."));
        return 0;
    }
    info->reasons |= KC_R_MODIFIED;
    set_detail(info, _(why));
    return 0;
}

/* Every signature field of the PDF, in three passes over one array of
 * records: read each dictionary and its CMS or token; hash every signed
 * range in one pass over the file; then check the document timestamps
 * (they prove the time of the signatures before them), each signature's
 * CMS, and last the coverage of each signature, which depends on which
 * later signatures verified. */
static int verify_pdf(kc_verdict *v, int fd, uint64_t size, const kc_trust *trust,
                      const kc_verify_opts *opts, const kc_roles *roles, kc_hash_job *whole)
{
    kc_pdf_doc *doc = NULL;
    kc_pdf_sig *sigs = NULL;
    sig_rec *recs = NULL;
    kc_hash_job **jobs = NULL;
    bool *draw = NULL;
    GArray *verified = NULL, *provisional = NULL;
    kc_trust *dss_trust = NULL;
    size_t n = 0, n_begun = 0;
    kc_error e = {0};
    int rc = kc_pdf_open(&doc, fd, size, &e);
    if (rc == KC_ENOMEM)
        goto out;
    if (rc != 0) {
        rc = fail_doc(v, e.message);
        goto out;
    }
    kc_pdf_note *notes = NULL;
    size_t n_notes = 0;
    rc = kc_pdf_find_sigs_noted(doc, &sigs, &n, &notes, &n_notes, &e);
    if (rc == KC_ENOMEM)
        goto out;
    if (rc != 0) {
        rc = fail_doc(v, e.message);
        goto out;
    }
    /* The notes go to the verdict as they are: they never change a status. */
    for (size_t i = 0; i < n_notes; i++)
        kc_verdict_take_note(v, notes[i].code, notes[i].message);
    g_free(notes);
    /* The CRLs and OCSP responses of the document's own security store
     * condemn as the trust directory's do (pdf_dss.c). */
    rc = kc_pdf_dss_revocation(doc, trust, &dss_trust);
    if (rc == KC_ELIMIT) {
        rc = fail_doc(v, _("the document's security store (/DSS) holds more revocation data than kiemchung reads "
                           "(more than 512 streams, 64 MiB or 256 /VRI entries): a CRL past them could not be "
                           "read, so the signatures are not judged"));
        goto out;
    }
    if (rc != 0)
        goto out;
    if (dss_trust)
        trust = dss_trust;
    recs = g_new0(sig_rec, n);
    jobs = g_new(kc_hash_job *, n + 1);
    for (size_t i = 0; i < n; i++) {
        sig_rec *r = &recs[n_begun++];
        r->pdf = &sigs[i];
        r->is_dts = is_dts(&sigs[i]);
        jobs[i] = &r->job;
        if ((rc = r->is_dts ? dts_begin(r) : sig_begin(r, trust)) != 0)
            goto out;
    }
    /* The caller's digest of the whole file, in the same pass: it shares
     * the signatures' prefix (kc_verify_fd_sha256). */
    size_t nj = n;
    if (whole)
        jobs[nj++] = whole;
    /* A small file is already in memory, read whole by the PDF reader. */
    const unsigned char *data = kc_pdf_data(doc);
    rc = data ? kc_hash_ranges_mem(data, size, jobs, nj, &e) : kc_hash_ranges(fd, size, jobs, nj, &e);
    if (rc != 0) {
        rc = rc == KC_ENOMEM ? rc : fail_doc(v, e.message);
        goto out;
    }
    /* Document timestamps first: they prove the time of the signatures before them. */
    for (size_t i = 0; i < n; i++)
        if (recs[i].is_dts && (rc = dts_finish(&recs[i], doc, trust, opts, &e)) != 0)
            goto out;
    dts_expiry(recs, n, opts);
    for (size_t i = 0; i < n; i++)
        if (!recs[i].is_dts && (rc = sig_check(&recs[i], recs, n, trust, opts, &e)) != 0)
            goto out;
    /* Coverage last: what a later signature may show depends on whether it verified. */
    draw = g_new(bool, n ? n : 1);
    verified = verified_sigs(recs, n, false);
    provisional = verified_sigs(recs, n, true);
    for (size_t i = 0; i < n; i++) /* who may draw after whom depends on the roles */
        if (!recs[i].is_dts)
            classify(&recs[i].sig, roles);
    for (size_t i = 0; i < n; i++) {
        if (recs[i].is_dts)
            continue;
        may_draw_for(recs, n, i, draw);
        set_may_draw(verified, recs, n, draw);
        set_may_draw(provisional, recs, n, draw);
        if (recs[i].pdf->byterange_ok &&
            (rc = check_coverage(doc, recs[i].pdf, verified, provisional, &recs[i].sig, &e)) != 0)
            goto out;
        /* Classified above (who may draw after whom needed the roles), and
         * coverage changes nothing the role is read from: not again (a role
         * costs 28 k instructions, a roles file's match and the state body). */
        settle_sig(&recs[i].sig);
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
    return rc;
}

/* The detached signature of a document: the file p7s names, or (kc_verify_fd)
 * bytes the caller holds, data (len bytes; p7s then only names it). */
typedef struct detached {
    const char *p7s;
    const void *data;
    size_t len;
} detached;

/* buf (*len bytes and a NUL, malloc'd; taken) as DER: PEM ("-----BEGIN
 * ...-----") decoded, DER as it is; NULL with *why when the PEM is malformed. */
static unsigned char *p7s_der(char *buf, size_t *len, const char *name, char **why)
{
    if (*len > 11 && memcmp(buf, "-----BEGIN ", 11) == 0) {
        char *body = strchr(buf, '\n');
        char *end = body ? strstr(body, "-----END ") : NULL;
        gsize dlen = 0;
        guchar *der = NULL;
        if (end) {
            *end = '\0';
            der = g_base64_decode(body, &dlen);
        }
        free(buf);
        if (!dlen) {
            g_free(der);
            *why = g_strdup_printf(_("%s: malformed PEM"), name);
            return NULL;
        }
        *len = dlen;
        return der;
    }
    return (unsigned char *)buf;
}

unsigned char *kc_verify_read_p7s(const char *p7s, size_t *len, char **why)
{
    char *buf = NULL;
    if (kc_file_read(&buf, len, p7s, KC_P7S_MAX, NULL) != 0 || *len == 0) {
        *why = g_strdup_printf(_("%s: cannot read the detached signature"), p7s);
        free(buf);
        return NULL;
    }
    return p7s_der(buf, len, p7s, why);
}

/* d's signature as DER: the bytes the caller holds, else the file. */
static unsigned char *load_p7s(const detached *d, size_t *len, char **why)
{
    char *buf;
    if (!d->data)
        return kc_verify_read_p7s(d->p7s, len, why);
    if (d->len == 0 || d->len > KC_P7S_MAX) {
        *why = g_strdup_printf(_("%s: cannot read the detached signature"), d->p7s);
        return NULL;
    }
    buf = g_malloc(d->len + 1);
    memcpy(buf, d->data, d->len);
    buf[d->len] = '\0'; /* as kc_file_read ends it: the PEM search relies on it */
    *len = d->len;
    return p7s_der(buf, len, d->p7s, why);
}

static int verify_detached(kc_verdict *v, int fd, uint64_t size, const detached *p7s, const kc_trust *trust,
                           const kc_verify_opts *opts, const kc_roles *roles)
{
    size_t len = 0;
    char *why = NULL;
    kc_cms *cms = NULL;
    kc_error e = {0};
    int rc = 0;
    kc_sig_info sig = {0}, *info = &sig;
    info->kind = KC_SIG_DETACHED;
    info->covers_document = true; /* a detached signature is over every byte */
    unsigned char *der = load_p7s(p7s, &len, &why);
    if (!der) {
        info->reasons |= KC_R_CONTENTS;
        set_detail(info, why);
        goto out;
    }
    rc = kc_cms_parse_shared(&cms, der, len, trust, &e);
    if (rc == KC_ENOMEM)
        goto out;
    if (rc != 0) {
        rc = 0;
        info->reasons |= KC_R_CONTENTS;
        set_detail(info, e.message);
        goto out;
    }
    kc_hash_job job = {.md_name = kc_cms_digest_name(cms), .off = {0}, .len = {size}, .n_ranges = 1};
    kc_hash_job *jobs[] = {&job};
    rc = kc_hash_ranges(fd, size, jobs, 1, &e);
    if (rc != 0) {
        rc = rc == KC_ENOMEM ? rc : fail_doc(v, e.message);
        goto out;
    }
    info->signed_bytes = size;
    if (!job.ok) {
        info->reasons |= KC_R_UNSUPPORTED;
        set_detail(info, _("unknown digest algorithm"));
    } else {
        rc = kc_cms_check(cms, job.digest, job.digest_len, trust, opts, info, &e);
    }
out:
    finish_sig(info, roles);
    kc_verdict_take_sig(v, info);
    kc_cms_free(cms);
    free(der);
    g_free(why);
    return rc;
}

static bool looks_like_pdf(int fd)
{
    unsigned char head[1024];
    ssize_t n = pread(fd, head, sizeof head, 0);
    return n >= 8 && memmem(head, (size_t)n, "%PDF-", 5) != NULL;
}

/* What kc_verify_file and kc_verify_fd share: the document open at fd
 * (negative: it could not be opened, for the reason why), named name in the
 * verdict, with its detached signature p7s (NULL: none). */
static int examine(kc_verdict **out, const kc_trust *trust, const char *name, int fd, const char *why,
                   const detached *p7s, const kc_verify_opts *opts, kc_hash_job *whole, kc_error *err)
{
    static const kc_verify_opts defaults = {0};
    kc_verdict *v = NULL;
    kc_roles *own_roles = NULL;
    int rc = KC_ENOMEM;
    struct stat st;

    v = kc_verdict_new(name);
    opts = opts ? opts : &defaults;
    v->accept_claimed_time = opts->accept_claimed_time;
    const kc_roles *roles = opts->roles;
    if (!roles) {
        if (kc_roles_new(&own_roles, err) != 0)
            goto out;
        roles = own_roles;
    }
    if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        char *msg = g_strdup_printf(_("%s: cannot open: %s"), name, fd < 0 ? why : _("not a regular file"));
        rc = fail_doc(v, msg);
        g_free(msg);
        goto done;
    }
    bool is_pdf = looks_like_pdf(fd);
    rc = 0;
    if (whole)
        whole->len[0] = (uint64_t)st.st_size;
    if (is_pdf)
        rc = verify_pdf(v, fd, (uint64_t)st.st_size, trust, opts, roles, whole);
    if (rc == 0 && p7s && v->status != KC_STATUS_ERROR)
        rc = verify_detached(v, fd, (uint64_t)st.st_size, p7s, trust, opts, roles);
    if (rc == 0 && !is_pdf && !p7s)
        rc = fail_doc(v, _("not a PDF, and no detached signature (.p7s) beside it"));
done:
    if (rc != 0)
        goto out;
    kc_verdict_settle(v);
    *out = v;
    v = NULL;
out:
    kc_roles_free(own_roles);
    kc_verdict_free(v);
    return rc == KC_ENOMEM ? kc_error_oom(err) : rc;
}

int kc_verify_file(kc_verdict **out, const kc_trust *trust, const char *path,
                   const kc_verify_opts *opts, kc_error *err)
{
    if (!out || !trust || !path)
        return kc_error_set(err, KC_EINVAL, "kc_verify_file: NULL argument");
    /* O_NONBLOCK: opening a FIFO (a "document.pdf" that is a named pipe in a
     * folder being walked) would otherwise wait for a writer for ever; it is
     * refused as not a regular file, and regular files ignore the flag. */
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    const char *why = fd < 0 ? g_strerror(errno) : NULL;
    char *p7s = g_strconcat(path, ".p7s", NULL);
    detached det = {p7s, NULL, 0};
    int rc = examine(out, trust, path, fd, why, fd >= 0 && access(p7s, F_OK) == 0 ? &det : NULL, opts, NULL, err);
    if (fd >= 0)
        close(fd);
    g_free(p7s);
    return rc;
}

/* kc_verify_fd's body; whole (NULL: none) is one more hash job of the pass. */
static int examine_fd(kc_verdict **out, const kc_trust *trust, const char *name, int fd, const void *p7s,
                      size_t p7s_len, const kc_verify_opts *opts, kc_hash_job *whole, kc_error *err)
{
    char *p7s_name = g_strconcat(name, ".p7s", NULL);
    detached det = {p7s_name, p7s, p7s_len};
    int rc = examine(out, trust, name, fd, NULL, p7s ? &det : NULL, opts, whole, err);
    g_free(p7s_name);
    return rc;
}

int kc_verify_fd(kc_verdict **out, const kc_trust *trust, const char *name, int fd, const void *p7s,
                 size_t p7s_len, const kc_verify_opts *opts, kc_error *err)
{
    if (!out || !trust || !name || fd < 0)
        return kc_error_set(err, KC_EINVAL, "kc_verify_fd: NULL argument");
    return examine_fd(out, trust, name, fd, p7s, p7s_len, opts, NULL, err);
}

int kc_verify_fd_sha256(kc_verdict **out, const kc_trust *trust, const char *name, int fd, const void *p7s,
                        size_t p7s_len, const kc_verify_opts *opts, unsigned char sha256[32], bool *hashed,
                        kc_error *err)
{
    if (!out || !trust || !name || fd < 0 || !sha256 || !hashed)
        return kc_error_set(err, KC_EINVAL, "kc_verify_fd_sha256: NULL argument");
    kc_hash_job whole = {.md_name = "sha256", .off = {0}, .len = {0}, .n_ranges = 1};
    int rc = examine_fd(out, trust, name, fd, p7s, p7s_len, opts, &whole, err);
    *hashed = rc == 0 && whole.ok && whole.digest_len == 32;
    if (*hashed)
        memcpy(sha256, whole.digest, 32);
    return rc;
}
