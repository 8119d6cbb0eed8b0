/* dossier_seal.c: `kiemchung seal`: rewrites a dossier with an ASiC-E seal.
 *
 * First what must hold before anything is hashed: a dossier (safe names,
 * the ASiC mimetype, every file in a manifest), then the signer, opened once
 * (a token asks its PIN once) and vetted as `check` will judge the seal
 * (seal_sign.c): a certificate that check would reject is refused, unless
 * forced, and then every rule it breaks becomes a warning of the result.
 *
 * Then one pass: every entry is copied into the new archive (same order,
 * same compression, same fixed time) and its SHA-256, taken on the way, must
 * be the one the bag's manifests record, or the seal is refused (a damaged
 * dossier must never get a valid-looking signature).  The manifest of those
 * digests and the signature over it are generated when the writer reaches
 * them, at the end; with a TSA, the signature is timestamped there too, so a
 * TSA that fails leaves the dossier as it was.  A previous seal is replaced;
 * one renewed with archive timestamps, or one recording other digests than
 * the files have now (rtzip14), only when forced.
 * Renewal itself is dossier_renew.c. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/evp.h>

#include "cms_check.h"
#include "dossier_model.h"
#include "i18n.h"
#include "keys.h"
#include "ltv.h"
#include "seal.h"
#include "seal_refresh.h"
#include "seal_run.h"
#include "tsa.h"
#include "util.h"
#include "verdict.h"
#include "zipio.h"

typedef struct seal_ctx {
    const kc_seal_opts *opts;
    kc_seal_run *run;
    int64_t t;
    GHashTable *expect;        /* entry → hex from manifest-sha256.txt and tagmanifest-sha256.txt */
    const char **names;
    unsigned char (*sha)[32];
    size_t n;
    char *manifest;
    size_t mlen;
    kc_seal_refresh *refresh; /* the revocation data added, or NULL */
} seal_ctx;

typedef struct entry_ctx {
    seal_ctx *s;
    size_t slot;
} entry_ctx;

static int put_line(void *ud, const char *path, const char *hex, size_t line)
{
    g_hash_table_insert(ud, g_strdup(path), g_strdup(hex));
    return 0;
}

static int entry_done(void *ud, const unsigned char sha[32], uint64_t size, kc_error *err)
{
    entry_ctx *e = ud;
    const char *name = e->s->names[e->slot], *want = g_hash_table_lookup(e->s->expect, name);
    char hex[65];
    if (want && strcmp(want, kc_hex_encode(hex, sha, 32)) != 0)
        return kc_error_set(err, KC_EFORMAT, _("%s changed since the dossier was made; it cannot be sealed (run kiemchung check)"), name);
    memcpy(e->s->sha[e->slot], sha, 32);
    return 0;
}

static int gen_manifest(void *ud, char **data, size_t *len, kc_error *err)
{
    seal_ctx *s = ud;
    s->manifest = kc_seal_manifest(s->names, (const unsigned char (*)[32])s->sha, s->n);
    if (!s->manifest || !(*data = strdup(s->manifest)))
        return kc_error_oom(err);
    *len = s->mlen = strlen(s->manifest);
    return 0;
}

/* The signature over the manifest, timestamped when a TSA is given; the
 * token keeps the CRLs at hand of its authority's chain (seal_revdata.c). */
static int gen_signature(void *ud, char **data, size_t *len, kc_error *err)
{
    seal_ctx *s = ud;
    unsigned char *der = NULL, *sv = NULL, *tok = NULL, *stamped = NULL, *withcrl = NULL;
    size_t dlen = 0, svlen = 0, toklen = 0, slen = 0, wlen = 0;
    kc_ts_result res;
    int rc;

    if ((rc = kc_seal_sign(&der, &dlen, s->manifest, s->mlen, s->run->signer, s->opts->trust, s->t, err)) != 0)
        return rc;
    if (s->opts->tsa) {
        if ((rc = kc_seal_signature_value(&sv, &svlen, der, dlen, err)) != 0 ||
            (rc = kc_tsa_stamp(&tok, &toklen, &res, s->opts->tsa, sv, svlen, s->opts->trust, s->opts->verify, err)) != 0 ||
            (rc = kc_seal_token_add_crls(&withcrl, &wlen, tok, toklen, s->opts->trust, res.gen_time, NULL, NULL, err)) != 0 ||
            (rc = kc_seal_add_token(&stamped, &slen, der, dlen, withcrl, wlen, err)) != 0)
            goto out;
        s->run->ts_time = res.gen_time;
        s->run->ts_expires = res.tsa_expires;
        snprintf(s->run->tsa, sizeof s->run->tsa, "%s", res.tsa);
        free(der);
        der = stamped;
        dlen = slen;
        stamped = NULL;
    }
    if ((rc = kc_seal_run_vet_token(s->run, s->manifest, s->mlen, der, dlen, err)) != 0 ||
        (rc = kc_seal_run_describe(s->run, s->manifest, s->mlen, der, dlen, err)) != 0)
        goto out;
    *data = (char *)der;
    *len = dlen;
    der = NULL;
out:
    free(der);
    free(sv);
    free(tok);
    free(withcrl);
    free(stamped);
    return rc;
}

/* An entry whose bytes the seal writes itself (seal_refresh.c), in the
 * seal's manifest with their digest. */
static int add_bytes(seal_ctx *s, kc_zw *zw, const char *name, const void *data, size_t len, bool deflate,
                     kc_error *err)
{
    int rc = kc_zw_add_buffer(zw, name, data, len, deflate, err);
    if (rc == 0 && EVP_Digest(data, len, s->sha[s->n], NULL, EVP_sha256(), NULL) != 1)
        rc = kc_error_oom(err);
    if (rc == 0)
        s->names[s->n++] = name;
    return rc;
}

/* A CRL the refresh adds: DER, stored as ingest stores it. */
static int add_fresh(seal_ctx *s, kc_zw *zw, const char *name, kc_error *err)
{
    size_t len = 0;
    const void *p = kc_seal_refresh_blob(s->refresh, name, &len);
    return add_bytes(s, zw, name, p, len, false, err);
}

static int seal_time(const kc_seal_opts *opts, int64_t *t, kc_error *err)
{
    int64_t sde = -1;
    if (opts->time) {
        *t = opts->time;
    } else if (kc_source_date_epoch(&sde, err) != 0) {
        return KC_EINVAL;
    } else {
        *t = sde >= 0 ? sde : (int64_t)time(NULL);
    }
    return 0;
}

/* What must hold before the dossier is streamed: safe names, the ASiC
 * mimetype, every file listed by a manifest and every listed file there; no
 * archive timestamps unless forced.  Learns the dossier's communes and time. */
static int preflight(kc_zr *zr, seal_ctx *s, int64_t *mtime, const char *path, kc_error *err)
{
    char first[512] = "";
    char *text = NULL;
    size_t len = 0;
    int rc = 0;

    if (kc_seal_preflight(zr, first, sizeof first) != 0)
        return kc_error_set(err, KC_EFORMAT, _("%s cannot be sealed: %s"), path, first);
    static const char *const manifests[] = {"manifest-sha256.txt", "tagmanifest-sha256.txt"};
    for (size_t m = 0; m < 2 && rc == 0; m++) {
        int64_t at = kc_zr_find(zr, manifests[m]);
        if (at < 0)
            return kc_error_set(err, KC_EFORMAT, _("%s cannot be sealed: it has no %s (is it a kiemchung dossier?)"),
                                path, manifests[m]);
        if ((rc = kc_zr_read_all(&text, &len, zr, (size_t)at, KC_TAG_MAX, err)) == 0)
            rc = kc_bag_parse_manifest(text, len, manifests[m], put_line, s->expect, err);
        free(text);
        text = NULL;
    }
    for (size_t i = 0; rc == 0 && i < kc_zr_count(zr); i++) {
        const char *name = kc_zr_get(zr, i)->name;
        if (!kc_zr_get(zr, i)->is_dir && !kc_seal_is_container_entry(name) &&
            strcmp(name, "tagmanifest-sha256.txt") != 0 && !g_hash_table_contains(s->expect, name))
            rc = kc_error_set(err, KC_EFORMAT, _("%s cannot be sealed: %s is in no manifest (run kiemchung check)"), path, name);
        else if (kc_seal_is_archive_entry(name) && !s->opts->force)
            rc = kc_error_set(err, KC_EINVAL, _("%s is sealed and renewed (%s): sealing it again would drop its archive timestamps; renew it with --renew --tsa URL, or --force to seal it again"),
                              path, name);
    }
    /* rtzip14: replacing a seal that records other digests than the files
     * have now would put the new one over whatever changed since */
    char changed[512];
    if (rc == 0 && !s->opts->force && kc_seal_outdated(zr, changed, sizeof changed))
        rc = kc_error_set(err, KC_EFORMAT,
                          _("%s cannot be sealed again: its seal records another %s than the dossier holds now (changed, "
                            "added or taken out since it was sealed, the manifests made to agree): the new seal would "
                            "vouch for it; run kiemchung check (--force seals it as it is now)"),
                          path, changed);
    GHashTableIter it;
    gpointer key;
    g_hash_table_iter_init(&it, s->expect);
    while (rc == 0 && g_hash_table_iter_next(&it, &key, NULL))
        if (kc_zr_find(zr, key) < 0)
            rc = kc_error_set(err, KC_EFORMAT, _("%s cannot be sealed: %s is missing (run kiemchung check)"), path, (char *)key);
    if (rc == 0)
        kc_seal_run_learn(s->run, zr, mtime);
    return rc;
}

int kc_dossier_seal(const char *path, const kc_seal_opts *opts, kc_error *err)
{
    seal_ctx s = {opts, NULL, 0, NULL, NULL, NULL, 0, NULL, 0, NULL};
    kc_zr *zr = NULL;
    kc_zw *zw = NULL;
    entry_ctx *ec = NULL;
    size_t n;
    uint64_t bytes = 0;
    int64_t mtime = 0;
    int rc;

    if (path && opts && opts->renew)
        return kc_dossier_renew(path, opts, err);
    if (!path || !opts || !opts->key)
        return kc_error_set(err, KC_EINVAL, "%s", _("sealing needs the dossier and a key"));
    if ((rc = seal_time(opts, &s.t, err)) != 0)
        return rc;
    if ((rc = kc_zr_open(&zr, path, err)) != 0)
        return rc;
    if ((rc = kc_seal_run_new(&s.run, opts, err)) != 0)
        goto out;
    s.expect = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    if ((rc = preflight(zr, &s, &mtime, path, err)) != 0 || (rc = kc_seal_run_vet(s.run, s.t, err)) != 0)
        goto out;
    /* The documents' revocation data brought up to the sealing time, so
     * that the seal covers it (seal_refresh.c). */
    if ((rc = kc_seal_refresh_new(&s.refresh, zr, s.expect, opts->trust, s.t, false, s.run->warnings, err)) != 0) {
        char why[sizeof err->message];
        snprintf(why, sizeof why, "%s", err ? err->message : "?");
        kc_error_set(err, rc, _("%s cannot be sealed: %s"), path, why);
        goto out;
    }
    n = kc_zr_count(zr) + kc_seal_refresh_new_count(s.refresh);
    s.names = calloc(n ? n : 1, sizeof *s.names);
    s.sha = calloc(n ? n : 1, sizeof *s.sha);
    ec = calloc(n ? n : 1, sizeof *ec);
    if (!s.names || !s.sha || !ec) {
        rc = kc_error_oom(err);
        goto out;
    }
    if ((rc = kc_zw_new(&zw, path, true, mtime ? mtime : s.t, err)) != 0 ||
        (rc = kc_zw_add_buffer(zw, "mimetype", KC_ASIC_MIMETYPE, strlen(KC_ASIC_MIMETYPE), false, err)) != 0)
        goto out;
    size_t fresh = 0; /* the next new CRL to write, in the sorted order of validation/ */
    for (size_t i = 0; i < kc_zr_count(zr); i++) {
        const kc_zr_entry *e = kc_zr_get(zr, i);
        const char *repl;
        size_t rlen = 0;
        if (e->is_dir || kc_seal_is_container_entry(e->name))
            continue;
        while (fresh < kc_seal_refresh_new_count(s.refresh) && strncmp(e->name, KC_LTV_DIR, strlen(KC_LTV_DIR)) == 0 &&
               strcmp(kc_seal_refresh_new_name(s.refresh, fresh), e->name) < 0)
            if ((rc = add_fresh(&s, zw, kc_seal_refresh_new_name(s.refresh, fresh++), err)) != 0)
                goto out;
        if ((repl = kc_seal_refresh_replaced(s.refresh, e->name, &rlen))) {
            /* index.json was checked against the tag manifest, which is
             * rewritten from the digests every entry is checked against. */
            if ((rc = add_bytes(&s, zw, e->name, repl, rlen, e->method != 0, err)) != 0)
                goto out;
            continue;
        }
        ec[s.n] = (entry_ctx){&s, s.n};
        s.names[s.n] = e->name;
        bytes += e->size;
        if ((rc = kc_zw_add_entry(zw, e->name, zr, i, NULL, e->method != 0, entry_done, &ec[s.n], err)) != 0)
            goto out;
        s.n++;
    }
    while (fresh < kc_seal_refresh_new_count(s.refresh))
        if ((rc = add_fresh(&s, zw, kc_seal_refresh_new_name(s.refresh, fresh++), err)) != 0)
            goto out;
    if ((rc = kc_zw_add_lazy(zw, KC_SEAL_MANIFEST, true, gen_manifest, &s, err)) != 0 ||
        (rc = kc_zw_add_lazy(zw, KC_SEAL_SIGNATURE, false, gen_signature, &s, err)) != 0)
        goto out;
    kc_zw_set_events(zw, opts->events, bytes, s.n);
    s.run->crls_added = kc_seal_refresh_added(s.refresh);
    s.run->crls_stored = kc_seal_refresh_new_count(s.refresh);
    if ((rc = kc_zw_commit(zw, err)) == 0)
        kc_seal_run_done(s.run, NULL, NULL);
out:
    kc_zw_free(zw);
    kc_zr_free(zr);
    kc_seal_run_free(s.run);
    if (s.expect)
        g_hash_table_destroy(s.expect);
    free(s.names);
    free(s.sha);
    free(ec);
    free(s.manifest);
    kc_seal_refresh_free(s.refresh);
    return rc;
}
