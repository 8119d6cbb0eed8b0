/* dossier_renew.c: `kiemchung seal --renew --tsa URL`: an archive timestamp
 * over a sealed dossier, so that it outlives its seal's timestamp authority
 * (a TSA key compromised or an algorithm broken years later).
 *
 * The form is ETSI EN 319 162-1's for ASiC-E with CAdES (clause 4.4.5 and
 * Annex A.7, as EU DSS writes it):
 *   META-INF/ASiCArchiveManifest.xml  an ASiCManifest whose SigReference is
 *                                     the new timestamp file, referencing with
 *                                     SHA-256 every file the seal covers, the
 *                                     seal's ASiCManifest001.xml and
 *                                     signature001.p7s, and every earlier
 *                                     archive manifest and timestamp;
 *   META-INF/timestampNNN.tst         an RFC 3161 token over that whole file
 *                                     (NNN one more than the highest there).
 * The newest archive manifest is always ASiCArchiveManifest.xml: renewing
 * again renames the previous one ASiCArchiveManifestNNN.xml (NNN one more
 * than the highest), whose own references are unchanged, and covers it.
 * The chain is checked by seal_archive.c.
 *
 * Before the new manifest covers it, the newest token not yet covered (the
 * seal's own, at the first renewal; else the previous archive timestamp)
 * gets the CRLs at hand of its authority's chain, current now, in its own
 * SignedData (seal_revdata.c): they show its authority was not revoked when
 * this renewal proves the token existed, after its certificate ends.
 *
 * The dossier must check clean first (a renewal of a changed dossier would
 * vouch for nothing); a seal that no longer verifies is renewed only with
 * --force.  The digests the check took are the ones the manifest lists, and
 * the copy compares each entry against them as it streams. */
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cms_internal.h" /* kc_cms_fmt_time */
#include "dossier_model.h"
#include "i18n.h"
#include "ltv.h"
#include "seal.h"
#include "seal_refresh.h"
#include "seal_run.h"
#include "tsa.h"
#include "util.h"
#include "zipio.h"

typedef struct renew_entry {
    const char *name;          /* as stored */
    const char *as;            /* as written (the previous archive manifest renamed) */
    const unsigned char *sha;  /* the check's digest */
} renew_entry;

/* The bytes of the newest token no archive timestamp covers yet, with the
 * CRLs of its authority's chain added. */
typedef struct renew_token {
    const char *name;          /* signature001.p7s or the newest timestampNNN.tst; NULL: none */
    unsigned char *data;
    size_t len;
    unsigned char sha[32];
} renew_token;

/* Which entry that is: the one the newest archive manifest names, else the
 * seal's signature (its token inside). */
static int newest_token_name(kc_zr *zr, const char **name, kc_error *err)
{
    int64_t at = kc_zr_find(zr, KC_ARCHIVE_MANIFEST);
    char *xml = NULL;
    size_t len = 0;
    kc_asic_doc doc = {0};
    int rc = 0;

    *name = KC_SEAL_SIGNATURE;
    if (at < 0)
        return 0;
    if ((rc = kc_zr_read_all(&xml, &len, zr, (size_t)at, KC_TAG_MAX, err)) != 0)
        return rc;
    *name = NULL;
    if (kc_asic_parse(&doc, xml, len) == 0 && doc.sig_uri && kc_zr_find(zr, doc.sig_uri) >= 0)
        for (size_t i = 0; i < kc_zr_count(zr) && !*name; i++)
            if (strcmp(kc_zr_get(zr, i)->name, doc.sig_uri) == 0)
                *name = kc_zr_get(zr, i)->name;
    kc_asic_doc_clear(&doc);
    free(xml);
    return 0;
}

/* The new CRLs of one refresh of validation/'s records at t, as GBytes, into more. */
static int doc_crls_at(GPtrArray *more, kc_zr *zr, GHashTable *expect, const kc_trust *trust, int64_t t,
                       GPtrArray *warnings, kc_error *err)
{
    kc_seal_refresh *fr = NULL;
    int rc = kc_seal_refresh_new(&fr, zr, expect, trust, t, true, warnings, err);

    for (size_t i = 0; rc == 0 && i < kc_seal_refresh_new_count(fr); i++) {
        size_t n = 0;
        const void *der = kc_seal_refresh_blob(fr, kc_seal_refresh_new_name(fr, i), &n);
        if (der)
            g_ptr_array_add(more, g_bytes_new(der, n));
    }
    kc_seal_refresh_free(fr);
    return rc;
}

/* rttime17: the CRLs at hand of the documents' chains (those validation/'s
 * records name) that are current now, or were at the seal's proven time,
 * and that validation/ lacks: `seal` brings validation/ up to its time
 * (seal_refresh.c), but the seal covers it, so a renewal keeps them in the
 * token it covers, beside its TSA's (ltv_verify.c reads them).  A document
 * sealed without a CRL of its CA current then, whose certificate still runs
 * at the renewal, rests on the CA's CRL of the renewal.  Warned only when a
 * document had no current CRL at the seal's time and none is at hand now:
 * a dossier sealed with current CRLs needs nothing from its renewals. */
static int doc_crls(GPtrArray *more, kc_seal_run *run, kc_zr *zr, const kc_check *chk, GHashTable *digests,
                    int64_t now, kc_error *err)
{
    const unsigned char *ix = g_hash_table_lookup(digests, KC_LTV_INDEX);
    int64_t sealed = kc_check_seal_proven_time(chk, NULL);
    GHashTable *expect = g_hash_table_new(g_str_hash, g_str_equal);
    GPtrArray *then = g_ptr_array_new_with_free_func(g_free), *w = g_ptr_array_new_with_free_func(g_free);
    char hex[65];
    int rc = 0;

    if (ix && kc_zr_find(zr, KC_LTV_INDEX) >= 0) {
        g_hash_table_insert(expect, (gpointer)KC_LTV_INDEX, kc_hex_encode(hex, ix, 32));
        if (sealed)
            rc = doc_crls_at(more, zr, expect, run->opts->trust, sealed, then, err);
        if (rc == 0)
            rc = doc_crls_at(more, zr, expect, run->opts->trust, now, w, err);
        for (guint i = 0; rc == 0 && (then->len || !sealed) && i < w->len; i++)
            g_ptr_array_add(run->warnings, g_strdup(w->pdata[i]));
    }
    g_ptr_array_free(then, TRUE);
    g_ptr_array_free(w, TRUE);
    g_hash_table_destroy(expect);
    return rc;
}

static int add_token_crls(renew_token *t, kc_seal_run *run, kc_zr *zr, const kc_check *chk, GHashTable *digests,
                          kc_error *err)
{
    const kc_seal_opts *o = run->opts;
    int64_t now = o->verify && o->verify->now ? o->verify->now : (int64_t)time(NULL);
    GPtrArray *more = g_ptr_array_new_with_free_func((GDestroyNotify)g_bytes_unref);
    char *raw = NULL;
    size_t rlen = 0;
    int rc;

    if ((rc = newest_token_name(zr, &t->name, err)) != 0 || !t->name ||
        (rc = doc_crls(more, run, zr, chk, digests, now, err)) != 0 ||
        (rc = kc_zr_read_all(&raw, &rlen, zr, (size_t)kc_zr_find(zr, t->name), 1u << 20, err)) != 0) {
        g_ptr_array_free(more, TRUE);
        return rc;
    }
    rc = strcmp(t->name, KC_SEAL_SIGNATURE) == 0
             ? kc_seal_add_token_crls(&t->data, &t->len, (unsigned char *)raw, rlen, o->trust, now, more,
                                      run->warnings, err)
             : kc_seal_token_add_crls(&t->data, &t->len, (unsigned char *)raw, rlen, o->trust, now, more,
                                      run->warnings, err);
    g_ptr_array_free(more, TRUE);
    free(raw);
    if (rc == 0 && EVP_Digest(t->data, t->len, t->sha, NULL, EVP_sha256(), NULL) != 1)
        rc = kc_error_oom(err);
    return rc;
}

static int same_bytes(void *ud, const unsigned char sha[32], uint64_t size, kc_error *err)
{
    renew_entry *e = ud;
    if (memcmp(sha, e->sha, 32) != 0)
        return kc_error_set(err, KC_EFORMAT, _("%s changed while the dossier was renewed"), e->name);
    return 0;
}

/* The check's problems that forbid renewing; the seal's own may be forced. */
static int judge_check(kc_seal_run *r, const kc_check *c, const char *path, kc_error *err)
{
    for (size_t i = 0; i < kc_check_problem_count(c); i++) {
        const kc_problem *p = kc_check_problem(c, i);
        bool seal = strcmp(p->code, "seal") == 0;
        if (!seal || !r->opts->force)
            return kc_error_set(err, seal ? KC_EINVAL : KC_EFORMAT,
                                seal ? _("%s cannot be renewed: %s%s%s (--force renews it anyway)")
                                     : _("%s cannot be renewed: %s%s%s (run kiemchung check)"),
                                path, p->path, *p->path ? ": " : "", p->message);
        g_ptr_array_add(r->warnings, g_strdup_printf(_("renewed despite this (--force): %s%s%s"), p->path,
                                                     *p->path ? ": " : "", p->message));
    }
    return 0;
}

/* rtzip16: the new token must not be dated before the newest one it covers
 * (the previous archive timestamp, else the seal's own): check finds such a
 * chain broken ("newer than the one that renews it") or the renewal proving
 * nothing, yet a TSA whose clock is behind was accepted, exit 0, not a word
 * (a dossier timestamped 2022-01-01, renewed 2023-01-01, renewed again at
 * "2022-06-01" then failed check).  Refused, or a warning when forced. */
static int renewal_in_order(kc_seal_run *r, const kc_check *c, const kc_ts_result *res, const char *path,
                            kc_error *err)
{
    int64_t newest = 0, prev;
    char was[32], now[32];
    size_t count = kc_check_archive_timestamps(c, &newest, NULL);
    prev = count ? newest : kc_check_seal_proven_time(c, NULL);
    int64_t got = res->latest > res->gen_time ? res->latest : res->gen_time;
    if (!prev || got >= prev)
        return 0;
    kc_cms_fmt_time(prev, was);
    kc_cms_fmt_time(res->gen_time, now);
    char *msg = g_strdup_printf(_("the timestamp authority dated the renewal %s, before the %s it covers (%s): a "
                                  "timestamp cannot be older than what it stamps (its clock is wrong), and kiemchung "
                                  "check would find the chain broken"),
                                now, count ? _("newest archive timestamp") : _("seal's timestamp"), was);
    int rc = 0;
    if (r->opts->force)
        g_ptr_array_add(r->warnings, g_strdup_printf(_("renewed despite this (--force): %s"), msg));
    else
        rc = kc_error_set(err, KC_EINVAL, _("%s cannot be renewed: %s (--force renews it anyway)"), path, msg);
    g_free(msg);
    return rc;
}

int kc_dossier_renew(const char *path, const kc_seal_opts *opts, kc_error *err)
{
    kc_check_opts copts = {NULL, opts->verify, opts->events, true, opts->catalog};
    kc_check *chk = NULL;
    GHashTable *digests = NULL;
    kc_seal_run *run = NULL;
    kc_zr *zr = NULL;
    kc_zw *zw = NULL;
    renew_entry *es = NULL;
    const char **names = NULL;
    unsigned char (*sha)[32] = NULL;
    char *manifest = NULL, *renamed = NULL, *tst = NULL, first[512];
    unsigned char *tok = NULL;
    size_t n = 0, ne = 0, toklen = 0;
    int64_t mtime = 0;
    int top_manifest = 0, top_tst = 0, rc;
    kc_ts_result res;
    renew_token newtok = {0};

    if (!opts->tsa)
        return kc_error_set(err, KC_EINVAL, "%s", _("renewing a seal needs a timestamp authority (--tsa URL)"));
    if ((rc = kc_seal_run_new(&run, opts, err)) != 0 ||
        (rc = kc_check_run_internal(&chk, &digests, path, opts->trust, &copts, err)) != 0)
        goto out;
    if (!kc_check_seal(chk)) {
        rc = kc_error_set(err, KC_EINVAL, _("%s is not sealed: seal it first (kiemchung seal --tsa URL)"), path);
        goto out;
    }
    if ((rc = judge_check(run, chk, path, err)) != 0 || (rc = kc_zr_open(&zr, path, err)) != 0)
        goto out;
    if (kc_seal_preflight(zr, first, sizeof first) != 0) {
        rc = kc_error_set(err, KC_EFORMAT, _("%s cannot be renewed: %s"), path, first);
        goto out;
    }
    kc_seal_run_learn(run, zr, &mtime);
    if ((rc = add_token_crls(&newtok, run, zr, chk, digests, err)) != 0)
        goto out;
    ne = kc_zr_count(zr);
    es = calloc(ne ? ne : 1, sizeof *es);
    names = calloc(ne ? ne : 1, sizeof *names);
    sha = calloc(ne ? ne : 1, sizeof *sha);
    if (!es || !names || !sha) {
        rc = kc_error_oom(err);
        goto out;
    }
    for (size_t i = 0; i < ne; i++) {
        const char *name = kc_zr_get(zr, i)->name;
        int k;
        if ((k = kc_seal_number(name, "META-INF/ASiCArchiveManifest", ".xml")) > top_manifest)
            top_manifest = k;
        if ((k = kc_seal_number(name, "META-INF/timestamp", ".tst")) > top_tst)
            top_tst = k;
    }
    if (top_tst >= 999 || top_manifest >= 999) {
        rc = kc_error_set(err, KC_ELIMIT, _("%s has been renewed 999 times: ASiC names no more timestamps"), path);
        goto out;
    }
    renamed = g_strdup_printf("META-INF/ASiCArchiveManifest%03d.xml", top_manifest + 1);
    tst = g_strdup_printf("META-INF/timestamp%03d.tst", top_tst + 1);
    /* Everything but mimetype is covered, the previous newest manifest under its new name. */
    for (size_t i = 0; i < ne; i++) {
        const kc_zr_entry *z = kc_zr_get(zr, i);
        const unsigned char *d = g_hash_table_lookup(digests, z->name);
        if (z->is_dir || strcmp(z->name, "mimetype") == 0)
            continue;
        if (!d) {
            rc = kc_error_set(err, KC_EFORMAT, _("%s cannot be renewed: %s could not be read"), path, z->name);
            goto out;
        }
        if (newtok.name && strcmp(z->name, newtok.name) == 0)
            d = newtok.sha; /* what is written: with its CRLs */
        es[i] = (renew_entry){z->name, strcmp(z->name, KC_ARCHIVE_MANIFEST) == 0 ? renamed : z->name, d};
        names[n] = es[i].as;
        memcpy(sha[n++], d, 32);
    }
    manifest = kc_asic_manifest(tst, KC_TST_MIME, names, (const unsigned char (*)[32])sha, n);
    if (!manifest) {
        rc = kc_error_oom(err);
        goto out;
    }
    if ((rc = kc_tsa_stamp(&tok, &toklen, &res, opts->tsa, (const unsigned char *)manifest, strlen(manifest),
                           opts->trust, opts->verify, err)) != 0 ||
        (rc = renewal_in_order(run, chk, &res, path, err)) != 0)
        goto out;
    run->ts_time = res.gen_time;
    run->ts_expires = res.tsa_expires;
    snprintf(run->tsa, sizeof run->tsa, "%s", res.tsa);
    if ((rc = kc_zw_new(&zw, path, true, mtime ? mtime : res.gen_time, err)) != 0 ||
        (rc = kc_zw_add_buffer(zw, "mimetype", KC_ASIC_MIMETYPE, strlen(KC_ASIC_MIMETYPE), false, err)) != 0)
        goto out;
    for (size_t i = 0; i < ne; i++) {
        const kc_zr_entry *z = kc_zr_get(zr, i);
        if (es[i].name && newtok.name && strcmp(es[i].name, newtok.name) == 0)
            rc = kc_zw_add_buffer(zw, es[i].as, newtok.data, newtok.len, z->method != 0, err);
        else if (es[i].name)
            rc = kc_zw_add_entry(zw, es[i].as, zr, i, NULL, z->method != 0, same_bytes, &es[i], err);
        if (rc != 0)
            goto out;
    }
    if ((rc = kc_zw_add_buffer(zw, KC_ARCHIVE_MANIFEST, manifest, strlen(manifest), true, err)) != 0 ||
        (rc = kc_zw_add_buffer(zw, tst, tok, toklen, false, err)) != 0)
        goto out;
    kc_zw_set_events(zw, opts->events, 0, n);
    if ((rc = kc_zw_commit(zw, err)) == 0) {
        kc_seal_run_done(run, kc_check_seal(chk), tst);
    }
out:
    kc_zw_free(zw);
    kc_zr_free(zr);
    kc_check_free(chk);
    if (digests)
        g_hash_table_destroy(digests);
    kc_seal_run_free(run);
    free(es);
    free(names);
    free(sha);
    free(manifest);
    free(tok);
    free(newtok.data);
    g_free(renamed);
    g_free(tst);
    return rc;
}
