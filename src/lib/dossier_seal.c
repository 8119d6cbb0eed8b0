/* dossier_seal.c: `kiemchung seal`: rewrites a dossier with an ASiC-E seal.
 *
 * One pass: every entry is copied into the new archive (same order, same
 * compression, same fixed time) and its SHA-256, taken on the way, must be
 * the one the bag's manifests record, or the seal is refused (a damaged
 * dossier must never get a valid-looking signature).  The manifest of those
 * digests and the signature over it are generated when the writer reaches
 * them, at the end.  A previous seal is replaced. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dossier_model.h"
#include "i18n.h"
#include "seal.h"
#include "util.h"
#include "zipio.h"

typedef struct seal_ctx {
    const kc_seal_opts *opts;
    int64_t t;
    GHashTable *expect;        /* entry → hex from manifest-sha256.txt and tagmanifest-sha256.txt */
    const char **names;
    unsigned char (*sha)[32];
    size_t n;
    char *manifest;
    size_t mlen;
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

static int gen_signature(void *ud, char **data, size_t *len, kc_error *err)
{
    seal_ctx *s = ud;
    unsigned char *der = NULL;
    int rc = kc_seal_sign(&der, len, s->manifest, s->mlen, s->opts, s->t, err);
    *data = (char *)der;
    return rc;
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

static void first_problem(void *ud, const char *path, const char *code, const char *message)
{
    char *first = ud;
    if (!first[0])
        snprintf(first, 512, "%s%s%s", path, *path ? ": " : "", message);
}

/* What must hold before the dossier is streamed: safe names, the ASiC
 * mimetype, every file listed by a manifest and every listed file there. */
static int preflight(kc_zr *zr, seal_ctx *s, int64_t *mtime, const char *path, kc_error *err)
{
    char first[512] = "", *text = NULL;
    size_t len = 0;
    kc_dossier *d = NULL;
    int rc = 0;

    if (kc_zr_vet(zr, NULL, first_problem, first) > 0 || !kc_zr_mimetype_ok(zr, first, sizeof first))
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
    }
    GHashTableIter it;
    gpointer key;
    g_hash_table_iter_init(&it, s->expect);
    while (rc == 0 && g_hash_table_iter_next(&it, &key, NULL))
        if (kc_zr_find(zr, key) < 0)
            rc = kc_error_set(err, KC_EFORMAT, _("%s cannot be sealed: %s is missing (run kiemchung check)"), path, (char *)key);
    /* The entries keep the dossier's own time, so sealing changes nothing
     * but META-INF. */
    int64_t at = kc_zr_find(zr, "dossier.json");
    if (rc == 0 && at >= 0 && kc_dm_new(&d, err) == 0 &&
        kc_zr_read_all(&text, &len, zr, (size_t)at, KC_TAG_MAX, err) == 0 && kc_dm_from_json(d, text, len, err) == 0 &&
        d->date) {
        GDateTime *dt = g_date_time_new_from_iso8601(d->date, NULL);
        if (dt) {
            *mtime = g_date_time_to_unix(dt);
            g_date_time_unref(dt);
        }
    }
    kc_error_clear(rc == 0 ? err : NULL);
    kc_dossier_free(d);
    free(text);
    return rc;
}

int kc_dossier_seal(const char *path, const kc_seal_opts *opts, kc_error *err)
{
    seal_ctx s = {opts, 0, NULL, NULL, NULL, 0, NULL, 0};
    kc_zr *zr = NULL;
    kc_zw *zw = NULL;
    entry_ctx *ec = NULL;
    unsigned char *probe = NULL;
    size_t plen = 0, n;
    uint64_t bytes = 0;
    int64_t mtime = 0;
    int rc;

    if (!path || !opts || !opts->cert || !opts->key)
        return kc_error_set(err, KC_EINVAL, "%s", _("sealing needs the dossier, a certificate and its key"));
    if ((rc = seal_time(opts, &s.t, err)) != 0)
        return rc;
    /* A wrong key or password should fail now, not after hashing gigabytes. */
    if ((rc = kc_seal_sign(&probe, &plen, "", 0, opts, s.t, err)) != 0)
        return rc;
    free(probe);
    if ((rc = kc_zr_open(&zr, path, err)) != 0)
        return rc;
    s.expect = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    if ((rc = preflight(zr, &s, &mtime, path, err)) != 0)
        goto out;
    n = kc_zr_count(zr);
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
    for (size_t i = 0; i < n; i++) {
        const kc_zr_entry *e = kc_zr_get(zr, i);
        if (e->is_dir || kc_seal_is_container_entry(e->name))
            continue;
        ec[s.n] = (entry_ctx){&s, s.n};
        s.names[s.n] = e->name;
        bytes += e->size;
        if ((rc = kc_zw_add_entry(zw, e->name, zr, i, NULL, e->method != 0, entry_done, &ec[s.n], err)) != 0)
            goto out;
        s.n++;
    }
    if ((rc = kc_zw_add_lazy(zw, KC_SEAL_MANIFEST, true, gen_manifest, &s, err)) != 0 ||
        (rc = kc_zw_add_lazy(zw, KC_SEAL_SIGNATURE, false, gen_signature, &s, err)) != 0)
        goto out;
    kc_zw_set_events(zw, opts->events, bytes, s.n);
    rc = kc_zw_commit(zw, err);
out:
    kc_zw_free(zw);
    kc_zr_free(zr);
    g_hash_table_destroy(s.expect);
    free(s.names);
    free(s.sha);
    free(ec);
    free(s.manifest);
    return rc;
}
