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

#include "cms_check.h"
#include "hash.h"
#include "i18n.h"
#include "pdf.h"
#include "timestamp.h"
#include "util.h"
#include "verdict.h"

#define MAX_DETACHED (4u << 20) /* a .p7s larger than this is not a signature */

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

/* Role, validity, and the flags that follow from the reasons. */
static void finish_sig(kc_sig_info *info, const kc_roles *roles)
{
    /* A serial means something only with its issuer. */
    kc_signer_id who = {info->signer, info->title, info->organization, info->serial, info->fingerprint,
                        info->issuer};
    info->role = kc_roles_classify(roles, &who);
    if (info->reasons & (KC_R_BYTERANGE | KC_R_CONTENTS | KC_R_DIGEST_MISMATCH | KC_R_BAD_SIGNATURE |
                         KC_R_WEAK_ALGORITHM | KC_R_UNSUPPORTED | KC_R_NO_SIGNER_CERT))
        info->intact = false;
    info->valid = info->intact && info->trusted && info->covers_document && info->reasons == 0;
    /* Valid but for a proof of its time: neither valid nor invalid. */
    info->indeterminate = info->intact && info->covers_document &&
                          info->reasons == KC_R_NO_PROOF_OF_TIME;
}

/* ---- document timestamps ---------------------------------------------------- */

/* /SubFilter /ETSI.RFC3161 is a document timestamp whatever its /Type says. */
static bool is_dts(const kc_pdf_sig *s)
{
    return s->is_doc_timestamp || (s->subfilter && strcmp(s->subfilter, "ETSI.RFC3161") == 0);
}

/* Records the document timestamp s and prepares the hashing of its ranges
 * with its imprint's algorithm.  Returns 0 or KC_ENOMEM. */
static int dts_begin(kc_verdict *v, const kc_pdf_sig *s, kc_ts_token **tok, kc_hash_job *job)
{
    kc_timestamp_info *t = kc_verdict_add_timestamp(v);
    kc_error e = {0};
    if (!t || !(t->field = strdup(s->field)))
        return KC_ENOMEM;
    if (!s->byterange_ok || !s->contents_ok)
        return (t->detail = strdup(_(s->problem ? s->problem : N_("/Contents is missing")))) ? 0 : KC_ENOMEM;
    int rc = kc_ts_parse(tok, s->contents, s->contents_len, &e);
    if (rc == KC_ENOMEM)
        return rc;
    if (rc != 0)
        return (t->detail = strdup(e.message)) ? 0 : KC_ENOMEM;
    job->md_name = kc_ts_digest_name(*tok);
    job->off[0] = 0;
    job->len[0] = (uint64_t)s->byterange[1];
    job->off[1] = (uint64_t)s->byterange[2];
    job->len[1] = (uint64_t)s->byterange[3];
    job->n_ranges = job->md_name ? 2 : 0;
    return 0;
}

/* Verifies it like a signature timestamp, over its byte ranges, and checks
 * that nothing but signing came after it. */
static int dts_finish(kc_timestamp_info *t, kc_pdf_doc *doc, const kc_pdf_sig *s, const kc_ts_token *tok,
                      const kc_hash_job *job, const kc_trust *trust, const kc_verify_opts *opts, kc_error *err)
{
    kc_ts_result res;
    const char *why = NULL;
    int64_t now = opts->now ? opts->now : (int64_t)time(NULL);
    int rc = 0;

    if (!tok)
        return 0;
    if (!job->n_ranges || !job->ok) {
        free(t->detail);
        return (t->detail = strdup(_("unknown digest algorithm"))) ? 0 : KC_ENOMEM;
    }
    t->signed_bytes = job->len[0] + job->len[1];
    kc_ts_check(tok, NULL, 0, job->digest, job->digest_len, trust, opts, now, &res);
    t->gen_time = res.gen_time;
    if ((res.tsa[0] && !(t->tsa = strdup(res.tsa))) || (res.digest[0] && !(t->digest = strdup(res.digest))))
        return KC_ENOMEM;
    if ((rc = kc_pdf_check_coverage(doc, s, NULL, 0, &t->covers_document, &why, err)) != 0)
        return rc;
    t->valid = res.state == KC_TS_PROVES && t->covers_document;
    if (!t->valid && !(t->detail = strdup(res.state != KC_TS_PROVES ? res.why
                                          : why ? _(why) : _("the document was modified after signing"))))
        return KC_ENOMEM;
    return 0;
}

/* The earliest valid document timestamp that covers a signature whose signed
 * bytes end at signed_end: that signature's revision existed at its time. */
static void dts_proof(kc_verdict *v, const kc_pdf_sig *sigs, size_t n, const long *ts_at,
                      uint64_t signed_end, kc_poe *poe)
{
    memset(poe, 0, sizeof *poe);
    for (size_t j = 0; j < n; j++) {
        kc_timestamp_info *t = ts_at[j] >= 0 ? &v->timestamps[ts_at[j]] : NULL;
        if (!t || !t->valid || sigs[j].signed_end < signed_end)
            continue;
        t->proves++;
        if (!poe->time || t->gen_time < poe->time) {
            poe->time = t->gen_time;
            poe->source = KC_TIME_DOC_TIMESTAMP;
            poe->what = t->field;
        }
    }
}

/* The signatures that verified (dictionary sound, digest and signature
 * good, chain trusted: no reason at all so far), each held by one field:
 * what the coverage rule lets an earlier signature see drawn after it.
 * With `provisional`, also those that would verify but for a proof of their
 * time (indeterminate).  Document timestamps license nothing.  NULL only
 * when out of memory. */
static kc_pdf_verified *verified_sigs(const kc_verdict *v, size_t first, const kc_pdf_sig *sigs, size_t n,
                                      const long *ts_at, bool provisional, size_t *count)
{
    kc_pdf_verified *out = calloc(n ? n : 1, sizeof *out);
    *count = 0;
    for (size_t i = 0, k = first; out && i < n; i++) {
        if (ts_at[i] >= 0)
            continue;
        const kc_sig_info *info = &v->sigs[k++];
        bool good = info->reasons == 0 || (provisional && info->reasons == KC_R_NO_PROOF_OF_TIME);
        if (info->intact && (info->trusted || provisional) && good && sigs[i].byterange_ok && sigs[i].obj_num &&
            sigs[i].n_fields == 1)
            out[(*count)++] = (kc_pdf_verified){sigs[i].obj_num, sigs[i].field_num, sigs[i].signed_end};
    }
    return out;
}

/* Rule 4 for one signature.  When what was drawn after it is licensed only
 * by a later signature that is itself indeterminate (good, but its
 * certificate expired or was revoked since and nothing proves its time),
 * the earlier signature cannot be judged either: indeterminate, not
 * "modified".  Returns 0 or KC_ENOMEM. */
static int check_coverage(kc_pdf_doc *doc, const kc_pdf_sig *s, const kc_pdf_verified *verified,
                          size_t n_verified, const kc_pdf_verified *provisional, size_t n_provisional,
                          kc_sig_info *info, kc_error *err)
{
    const char *why = NULL, *why2 = NULL;
    bool covers = false;
    int rc = kc_pdf_check_coverage(doc, s, verified, n_verified, &info->covers_document, &why, err);
    if (rc != 0 || info->covers_document)
        return rc;
    if (n_provisional > n_verified &&
        (rc = kc_pdf_check_coverage(doc, s, provisional, n_provisional, &covers, &why2, err)) != 0)
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

static int verify_pdf(kc_verdict *v, int fd, uint64_t size, const kc_trust *trust,
                      const kc_verify_opts *opts, const kc_roles *roles)
{
    kc_pdf_doc *doc = NULL;
    kc_pdf_sig *sigs = NULL;
    size_t n = 0, first = v->n_sigs;
    kc_cms **cms = NULL;
    kc_hash_job *jobs = NULL;
    kc_ts_token **toks = NULL;
    long *ts_at = NULL; /* signature index → its document-timestamp record, or -1 */
    kc_poe poe;
    kc_pdf_verified *verified = NULL, *provisional = NULL;
    size_t n_verified = 0, n_provisional = 0;
    kc_error e = {0};
    int rc = kc_pdf_open(&doc, fd, size, &e);
    if (rc == KC_ENOMEM)
        goto out;
    if (rc != 0) {
        rc = fail_doc(v, e.message);
        goto out;
    }
    rc = kc_pdf_find_sigs(doc, &sigs, &n, &e);
    if (rc == KC_ENOMEM)
        goto out;
    if (rc != 0) {
        rc = fail_doc(v, e.message);
        goto out;
    }
    cms = calloc(n ? n : 1, sizeof *cms);
    jobs = calloc(n ? n : 1, sizeof *jobs);
    toks = calloc(n ? n : 1, sizeof *toks);
    ts_at = calloc(n ? n : 1, sizeof *ts_at);
    if (!cms || !jobs || !toks || !ts_at) {
        rc = KC_ENOMEM;
        goto out;
    }
    for (size_t i = 0; i < n; i++) {
        kc_pdf_sig *s = &sigs[i];
        /* Document timestamps prove time, not a signer: they do not count. */
        ts_at[i] = -1;
        if (is_dts(s)) {
            ts_at[i] = (long)v->n_timestamps;
            if ((rc = dts_begin(v, s, &toks[i], &jobs[i])) != 0)
                goto out;
            continue;
        }
        kc_sig_info *info = kc_verdict_add_sig(v);
        if (!info) {
            rc = KC_ENOMEM;
            goto out;
        }
        info->kind = KC_SIG_PDF;
        info->field = strdup(s->field);
        info->subfilter = s->subfilter ? strdup(s->subfilter) : NULL;
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
            int prc = kc_cms_parse_shared(&cms[i], s->contents, s->contents_len, trust, &ce);
            if (prc == KC_ENOMEM) {
                rc = prc;
                goto out;
            }
            if (prc != 0) {
                info->reasons |= KC_R_CONTENTS;
                set_detail(info, ce.message);
            }
        }
        if (cms[i] && s->byterange_ok) {
            jobs[i].md_name = kc_cms_digest_name(cms[i]);
            jobs[i].off[0] = 0;
            jobs[i].len[0] = (uint64_t)s->byterange[1];
            jobs[i].off[1] = (uint64_t)s->byterange[2];
            jobs[i].len[1] = (uint64_t)s->byterange[3];
            jobs[i].n_ranges = 2;
        }
    }
    /* A small file is already in memory, read whole by the PDF reader. */
    const unsigned char *data = kc_pdf_data(doc);
    rc = data ? kc_hash_ranges_mem(data, size, jobs, n, &e) : kc_hash_ranges(fd, size, jobs, n, &e);
    if (rc != 0) {
        rc = rc == KC_ENOMEM ? rc : fail_doc(v, e.message);
        goto out;
    }
    /* Document timestamps first: they prove the time of the signatures before them. */
    for (size_t i = 0; i < n; i++)
        if (ts_at[i] >= 0 &&
            (rc = dts_finish(&v->timestamps[ts_at[i]], doc, &sigs[i], toks[i], &jobs[i], trust, opts, &e)) != 0)
            goto out;
    for (size_t i = 0, k = first; i < n; i++) {
        if (ts_at[i] >= 0)
            continue;
        kc_sig_info *info = &v->sigs[k++];
        if (cms[i] && jobs[i].n_ranges) {
            info->signed_bytes = jobs[i].len[0] + jobs[i].len[1];
            if (!jobs[i].ok) {
                info->reasons |= KC_R_UNSUPPORTED;
                set_detail(info, _("unknown digest algorithm"));
            } else {
                /* PAdES puts the claimed time in /M, not in the CMS. */
                info->signing_time = sigs[i].m_time;
                dts_proof(v, sigs, n, ts_at, sigs[i].signed_end, &poe);
                rc = kc_cms_check_poe(cms[i], jobs[i].digest, jobs[i].digest_len, trust, opts, &poe, info, &e);
                if (rc != 0)
                    goto out;
            }
        } else {
            info->intact = false;
        }
    }
    /* Coverage last: what a later signature may show depends on whether it verified. */
    verified = verified_sigs(v, first, sigs, n, ts_at, false, &n_verified);
    provisional = verified_sigs(v, first, sigs, n, ts_at, true, &n_provisional);
    if (!verified || !provisional) {
        rc = KC_ENOMEM;
        goto out;
    }
    for (size_t i = 0, k = first; i < n; i++) {
        if (ts_at[i] >= 0)
            continue;
        kc_sig_info *info = &v->sigs[k++];
        if (sigs[i].byterange_ok &&
            (rc = check_coverage(doc, &sigs[i], verified, n_verified, provisional, n_provisional, info, &e)) != 0)
            goto out;
        finish_sig(info, roles);
    }
    rc = 0;
out:
    for (size_t i = 0; cms && i < n; i++)
        kc_cms_free(cms[i]);
    for (size_t i = 0; toks && i < n; i++)
        kc_ts_free(toks[i]);
    free(cms);
    free(jobs);
    free(toks);
    free(ts_at);
    free(verified);
    free(provisional);
    kc_pdf_sigs_free(sigs, n);
    kc_pdf_close(doc);
    return rc;
}

/* A .p7s in PEM ("-----BEGIN ...-----") or DER; returns DER. */
static unsigned char *load_p7s(const char *p7s, size_t *len, char **why)
{
    char *buf = NULL;
    if (kc_file_read(&buf, len, p7s, MAX_DETACHED, NULL) != 0 || *len == 0) {
        *why = g_strdup_printf(_("%s: cannot read the detached signature"), p7s);
        free(buf);
        return NULL;
    }
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
            *why = g_strdup_printf(_("%s: malformed PEM"), p7s);
            return NULL;
        }
        *len = dlen;
        return der;
    }
    return (unsigned char *)buf;
}

static int verify_detached(kc_verdict *v, int fd, uint64_t size, const char *p7s, const kc_trust *trust,
                           const kc_verify_opts *opts, const kc_roles *roles)
{
    size_t len = 0;
    char *why = NULL;
    kc_cms *cms = NULL;
    kc_error e = {0};
    int rc = 0;
    kc_sig_info *info = kc_verdict_add_sig(v);
    if (!info)
        return KC_ENOMEM;
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
    rc = kc_hash_ranges(fd, size, &job, 1, &e);
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

int kc_verify_file(kc_verdict **out, const kc_trust *trust, const char *path,
                   const kc_verify_opts *opts, kc_error *err)
{
    static const kc_verify_opts defaults = {0};
    kc_verdict *v = calloc(1, sizeof *v);
    kc_roles *own_roles = NULL;
    char *p7s = NULL;
    int fd = -1, rc = KC_ENOMEM;
    struct stat st;

    if (!out || !trust || !path) {
        free(v);
        return kc_error_set(err, KC_EINVAL, "kc_verify_file: NULL argument");
    }
    if (!v || !(v->path = strdup(path)))
        goto out;
    opts = opts ? opts : &defaults;
    v->accept_claimed_time = opts->accept_claimed_time;
    const kc_roles *roles = opts->roles;
    if (!roles) {
        if (kc_roles_new(&own_roles, err) != 0)
            goto out;
        roles = own_roles;
    }
    /* O_NONBLOCK: opening a FIFO (a "document.pdf" that is a named pipe in a
     * folder being walked) would otherwise wait for a writer for ever; it is
     * refused below as not a regular file, and regular files ignore the flag. */
    fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        char *msg = g_strdup_printf(_("%s: cannot open: %s"), path,
                                    fd < 0 ? g_strerror(errno) : _("not a regular file"));
        rc = fail_doc(v, msg);
        g_free(msg);
        goto done;
    }
    p7s = g_strconcat(path, ".p7s", NULL);
    bool has_p7s = access(p7s, F_OK) == 0;
    bool is_pdf = looks_like_pdf(fd);
    rc = 0;
    if (is_pdf)
        rc = verify_pdf(v, fd, (uint64_t)st.st_size, trust, opts, roles);
    if (rc == 0 && has_p7s && v->status != KC_STATUS_ERROR)
        rc = verify_detached(v, fd, (uint64_t)st.st_size, p7s, trust, opts, roles);
    if (rc == 0 && !is_pdf && !has_p7s)
        rc = fail_doc(v, _("not a PDF, and no detached signature (.p7s) beside it"));
done:
    if (rc != 0)
        goto out;
    kc_verdict_settle(v);
    *out = v;
    v = NULL;
out:
    if (fd >= 0)
        close(fd);
    g_free(p7s);
    kc_roles_free(own_roles);
    kc_verdict_free(v);
    return rc == KC_ENOMEM ? kc_error_oom(err) : rc;
}
