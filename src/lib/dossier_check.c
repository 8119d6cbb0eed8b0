/* dossier_check.c: reading a dossier back: kc_dossier_open for list, and
 * kc_dossier_check, which examines everything and reports every failing file,
 * not only the first: the zip and its names, mimetype, BagIt (bagit.txt,
 * Payload-Oxum, each manifest and tag-manifest hash, missing and extra files),
 * dossier.json against the payload, and the seal when there is one.
 *
 * Every entry is streamed once; the digests computed then serve all the
 * comparisons, the seal's included. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dossier_model.h"
#include "i18n.h"
#include "seal.h"
#include "verdict.h"
#include "zipio.h"

struct kc_check {
    kc_problem *p;
    size_t n, cap;
    size_t files;
    uint64_t bytes;
    kc_sig_info seal;
    bool sealed;
};

static int oom(kc_error *err) { return kc_error_set(err, KC_ENOMEM, "%s", _("out of memory")); }

static void problem(void *ud, const char *path, const char *code, const char *message)
{
    kc_check *c = ud;
    if (c->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 16;
        kc_problem *grown = realloc(c->p, cap * sizeof *grown);
        if (!grown)
            return; /* out of memory: the count still shows a failure below */
        c->p = grown;
        c->cap = cap;
    }
    c->p[c->n].path = strdup(path ? path : "");
    c->p[c->n].code = code;
    c->p[c->n].message = strdup(message);
    c->n++;
}

static void problemf(kc_check *c, const char *path, const char *code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void problemf(kc_check *c, const char *path, const char *code, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    problem(c, path, code, msg);
}

size_t kc_check_problem_count(const kc_check *c) { return c ? c->n : 0; }
const kc_problem *kc_check_problem(const kc_check *c, size_t i) { return c && i < c->n ? &c->p[i] : NULL; }
size_t kc_check_file_count(const kc_check *c) { return c ? c->files : 0; }
uint64_t kc_check_bytes(const kc_check *c) { return c ? c->bytes : 0; }
const kc_sig_info *kc_check_seal(const kc_check *c) { return c && c->sealed ? &c->seal : NULL; }

void kc_check_free(kc_check *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->n; i++) {
        free((char *)c->p[i].path);
        free((char *)c->p[i].message);
    }
    free(c->p);
    kc_sig_info_clear(&c->seal);
    free(c);
}

kc_check *kc_check_new_internal(void) { return calloc(1, sizeof(kc_check)); }
void kc_check_add_internal(kc_check *c, const char *path, const char *code, const char *message)
{
    problem(c, path, code, message);
}

/* ---- the dossier as read back (dossier_model.h) ------------------------------------------------------------ */

const kc_dossier_meta *kc_dossier_get_meta(const kc_dossier *d) { return d ? &d->meta : NULL; }
const char *kc_dossier_date(const kc_dossier *d) { return d && d->date ? d->date : ""; }
size_t kc_dossier_criterion_count(const kc_dossier *d) { return d ? d->ncrit : 0; }
size_t kc_dossier_file_count(const kc_dossier *d) { return d ? d->nfiles : 0; }

const kc_dossier_criterion *kc_dossier_get_criterion(const kc_dossier *d, size_t i)
{
    return d && i < d->ncrit ? &d->crit[i].pub : NULL;
}

const kc_dossier_file *kc_dossier_get_file(const kc_dossier *d, size_t i)
{
    return d && i < d->nfiles ? &d->files[i].pub : NULL;
}

char *kc_dossier_to_json(const kc_dossier *d)
{
    return d && d->json ? strdup(d->json) : NULL;
}

/* ---- opening for list ---------------------------------------------------------- */

int kc_dossier_open(kc_dossier **out, const char *path, kc_error *err)
{
    kc_zr *zr = NULL;
    kc_dossier *d = NULL;
    char *json = NULL;
    size_t len = 0;
    int64_t at;
    int rc;

    if (!out || !path)
        return kc_error_set(err, KC_EINVAL, "%s", _("no dossier given"));
    if ((rc = kc_zr_open(&zr, path, err)) != 0 || (rc = kc_dm_new(&d, err)) != 0)
        goto out;
    if ((at = kc_zr_find(zr, "dossier.json")) < 0) {
        rc = kc_error_set(err, KC_EFORMAT, _("%s is not a kiemchung dossier (no dossier.json)"), path);
        goto out;
    }
    if ((rc = kc_zr_read_all(&json, &len, zr, (size_t)at, KC_TAG_MAX, err)) != 0 ||
        (rc = kc_dm_from_json(d, json, len, err)) != 0)
        goto out;
    if (!(d->archive = strdup(path))) {
        rc = oom(err);
        goto out;
    }
    *out = d;
    d = NULL;
out:
    kc_dossier_free(d);
    kc_zr_free(zr);
    free(json);
    return rc;
}

int kc_dossier_read_report(char **out, size_t *len, const kc_dossier *d, kc_error *err)
{
    kc_zr *zr = NULL;
    int64_t at;
    int rc;
    *out = NULL;
    if (!d || !d->archive)
        return kc_error_set(err, KC_EINVAL, "%s", _("no dossier given"));
    if ((rc = kc_zr_open(&zr, d->archive, err)) != 0)
        return rc;
    if ((at = kc_zr_find(zr, KC_REPORT_ENTRY)) >= 0)
        rc = kc_zr_read_all(out, len, zr, (size_t)at, KC_TAG_MAX, err);
    kc_zr_free(zr);
    return rc;
}

/* ---- the check ------------------------------------------------------------------ */

typedef struct check_ctx {
    kc_check *c;
    kc_zr *zr;
    GHashTable *digest;      /* entry name → 32 bytes, for every entry hashed */
    GHashTable *manifest;    /* path → hex */
    GHashTable *tags;        /* tag file → hex */
} check_ctx;

static int put_line(void *ud, const char *path, const char *hex, size_t line)
{
    GHashTable *t = ud;
    g_hash_table_insert(t, g_strdup(path), g_strdup(hex));
    return 0;
}

static const unsigned char *digest_of(void *ud, const char *name)
{
    return g_hash_table_lookup(((check_ctx *)ud)->digest, name);
}

/* Reads a small tag file, reporting it when it is absent or unreadable. */
static char *tag_file(check_ctx *x, const char *name, size_t *len, bool required)
{
    kc_error e = {0};
    char *data = NULL;
    int64_t at = kc_zr_find(x->zr, name);
    if (at < 0) {
        if (required)
            problemf(x->c, name, "missing", "%s", _("missing: every dossier has this file"));
        return NULL;
    }
    if (kc_zr_read_all(&data, len, x->zr, (size_t)at, KC_TAG_MAX, &e) != 0)
        problem(x->c, name, e.code == KC_ELIMIT ? "limit" : "corrupt", e.message);
    return data;
}

static void load_manifest(check_ctx *x, const char *name, GHashTable *into)
{
    size_t len = 0;
    kc_error e = {0};
    char *text = tag_file(x, name, &len, true);
    if (text && kc_bag_parse_manifest(text, len, name, put_line, into, &e) != 0)
        problem(x->c, name, "bagit", e.message);
    free(text);
}

static void hex_of(char out[65], const unsigned char *sha)
{
    for (int i = 0; i < 32; i++)
        snprintf(out + 2 * i, 3, "%02x", sha[i]);
}

/* Streams every entry once, comparing against the manifests as it goes. */
static void hash_entries(check_ctx *x, const kc_check_opts *opts)
{
    const kc_dossier_events *ev = opts ? opts->events : NULL;
    uint64_t total = 0, done = 0;
    size_t n = kc_zr_count(x->zr);

    for (size_t i = 0; i < n; i++)
        total += kc_zr_get(x->zr, i)->size;
    for (size_t i = 0; i < n; i++) {
        const kc_zr_entry *e = kc_zr_get(x->zr, i);
        unsigned char sha[32];
        uint64_t size = 0;
        kc_error err = {0};
        char hex[65];
        bool payload = strncmp(e->name, "data/", 5) == 0;

        if (e->is_dir)
            continue;
        if (kc_zr_hash(sha, &size, x->zr, i, opts ? opts->limits : NULL, NULL, NULL, &err) != 0) {
            problem(x->c, e->name, err.code == KC_ELIMIT ? "limit" : "corrupt", err.message);
            continue;
        }
        g_hash_table_insert(x->digest, g_strdup(e->name), g_memdup2(sha, 32));
        hex_of(hex, sha);
        done += size;
        if (payload) {
            const char *want = g_hash_table_lookup(x->manifest, e->name);
            x->c->files++;
            x->c->bytes += size;
            if (!want)
                problemf(x->c, e->name, "extra", "%s", _("not in manifest-sha256.txt: added after the dossier was made"));
            else if (strcmp(want, hex) != 0)
                problemf(x->c, e->name, "changed", "%s", _("changed: its SHA-256 is not the one in manifest-sha256.txt"));
        } else if (!kc_seal_is_container_entry(e->name) && strcmp(e->name, "tagmanifest-sha256.txt") != 0) {
            const char *want = g_hash_table_lookup(x->tags, e->name);
            if (!want)
                problemf(x->c, e->name, "extra", "%s", _("not in tagmanifest-sha256.txt: added after the dossier was made"));
            else if (strcmp(want, hex) != 0)
                problemf(x->c, e->name, "changed", "%s", _("changed: its SHA-256 is not the one in tagmanifest-sha256.txt"));
        }
        if (ev && ev->progress) {
            kc_progress p = {"checking", done, total, i + 1, n, e->name};
            ev->progress(ev->ud, &p);
        }
    }
}

static int cmp_pstr(gconstpointer a, gconstpointer b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void check_missing(check_ctx *x, GHashTable *listed, const char *manifest)
{
    GHashTableIter it;
    gpointer key;
    GPtrArray *gone = g_ptr_array_new();
    g_hash_table_iter_init(&it, listed);
    while (g_hash_table_iter_next(&it, &key, NULL))
        if (kc_zr_find(x->zr, key) < 0)
            g_ptr_array_add(gone, key);
    g_ptr_array_sort(gone, cmp_pstr); /* report in a stable order */
    for (guint i = 0; i < gone->len; i++)
        problemf(x->c, gone->pdata[i], "missing", _("missing: listed in %s but not in the archive"), manifest);
    g_ptr_array_free(gone, TRUE);
}

static void check_bag(check_ctx *x)
{
    size_t len = 0;
    char *text = tag_file(x, "bagit.txt", &len, true), *oxum = NULL;
    uint64_t octets = 0, count = 0;

    if (text && (!strstr(text, "BagIt-Version: ") || !strstr(text, "Tag-File-Character-Encoding: UTF-8")))
        problemf(x->c, "bagit.txt", "bagit", "%s", _("not a BagIt declaration (BagIt-Version, Tag-File-Character-Encoding: UTF-8)"));
    free(text);
    text = tag_file(x, "bag-info.txt", &len, true);
    if (text && kc_bag_info_get(&oxum, text, "Payload-Oxum") == 0 && oxum) {
        unsigned long long o = 0, c = 0;
        for (size_t i = 0; i < kc_zr_count(x->zr); i++) {
            const kc_zr_entry *e = kc_zr_get(x->zr, i);
            if (!e->is_dir && strncmp(e->name, "data/", 5) == 0) {
                octets += e->size;
                count++;
            }
        }
        if (sscanf(oxum, "%llu.%llu", &o, &c) != 2 || o != octets || c != count)
            problemf(x->c, "bag-info.txt", "bagit", _("Payload-Oxum says %s, the payload is %llu bytes in %llu files"),
                     oxum, (unsigned long long)octets, (unsigned long long)count);
    } else if (text) {
        problemf(x->c, "bag-info.txt", "bagit", "%s", _("no Payload-Oxum"));
    }
    free(oxum);
    free(text);
}

/* dossier.json must describe exactly the payload, with the same digests. */
static void check_json(check_ctx *x)
{
    size_t len = 0;
    char *json = tag_file(x, "dossier.json", &len, true);
    kc_dossier *d = NULL;
    kc_error e = {0};

    if (!json)
        return;
    if (kc_dm_new(&d, &e) != 0 || kc_dm_from_json(d, json, len, &e) != 0) {
        problem(x->c, "dossier.json", "dossier-json", e.message);
        goto out;
    }
    for (size_t i = 0; i < d->nfiles; i++) {
        const kc_dm_file *f = &d->files[i];
        const unsigned char *sha = g_hash_table_lookup(x->digest, f->pub.path);
        int64_t at = kc_zr_find(x->zr, f->pub.path);
        if (at < 0)
            problemf(x->c, f->pub.path, "dossier-json", "%s", _("described in dossier.json but not in the archive"));
        else if (sha && (memcmp(sha, f->sha, 32) != 0 || kc_zr_get(x->zr, (size_t)at)->size != f->pub.size))
            problemf(x->c, f->pub.path, "dossier-json", "%s", _("its size or SHA-256 is not the one in dossier.json"));
    }
    for (size_t i = 0; i < kc_zr_count(x->zr); i++) {
        const kc_zr_entry *z = kc_zr_get(x->zr, i);
        if (!z->is_dir && strncmp(z->name, "data/", 5) == 0 && kc_dm_find_path(d, z->name) < 0)
            problemf(x->c, z->name, "dossier-json", "%s", _("not described in dossier.json"));
    }
out:
    kc_dossier_free(d);
    free(json);
}

static void check_seal(check_ctx *x, const kc_trust *trust, const kc_check_opts *opts)
{
    size_t mlen = 0, plen = 0;
    char *manifest = NULL, *p7s = NULL;
    GPtrArray *names = g_ptr_array_new();
    kc_error e = {0};
    bool has_m = kc_zr_find(x->zr, KC_SEAL_MANIFEST) >= 0, has_s = kc_zr_find(x->zr, KC_SEAL_SIGNATURE) >= 0;

    if (!has_m && !has_s)
        goto out;
    x->c->sealed = true;
    manifest = tag_file(x, KC_SEAL_MANIFEST, &mlen, true);
    p7s = tag_file(x, KC_SEAL_SIGNATURE, &plen, true);
    if (!manifest || !p7s)
        goto out;
    for (size_t i = 0; i < kc_zr_count(x->zr); i++) {
        const kc_zr_entry *z = kc_zr_get(x->zr, i);
        if (!z->is_dir && !kc_seal_is_container_entry(z->name))
            g_ptr_array_add(names, z->name);
    }
    if (kc_seal_verify(manifest, mlen, (const unsigned char *)p7s, plen, (const char *const *)names->pdata,
                       names->len, digest_of, x, trust, opts ? opts->verify : NULL, &x->c->seal, problem,
                       x->c, &e) != 0)
        problem(x->c, KC_SEAL_SIGNATURE, "seal", e.message);
out:
    g_ptr_array_free(names, TRUE);
    free(manifest);
    free(p7s);
}

static void vet_problem(void *ud, const char *path, const char *code, const char *message)
{
    check_ctx *x = ud;
    problem(x->c, path, code, message);
}

int kc_dossier_check(kc_check **out, const char *path, const kc_trust *trust,
                     const kc_check_opts *opts, kc_error *err)
{
    check_ctx x = {0};
    kc_error e = {0};
    char why[256];
    int rc;

    if (!out || !path)
        return kc_error_set(err, KC_EINVAL, "%s", _("no dossier given"));
    if (!(x.c = calloc(1, sizeof *x.c)))
        return oom(err);
    rc = kc_zr_open(&x.zr, path, &e);
    if (rc == KC_EFORMAT) {
        problem(x.c, "", "zip", e.message);
        goto done;
    }
    if (rc != 0) {
        kc_check_free(x.c);
        return kc_error_set(err, rc, "%s", e.message);
    }
    /* An archive over the limits is not streamed at all: that is what a zip
     * bomb wants. */
    size_t before = x.c->n;
    kc_zr_vet(x.zr, opts ? opts->limits : NULL, vet_problem, &x);
    for (size_t i = before; i < x.c->n; i++)
        if (strcmp(x.c->p[i].code, "limit") == 0)
            goto done;
    if (!kc_zr_mimetype_ok(x.zr, why, sizeof why))
        problem(x.c, "mimetype", "mimetype", why);
    for (size_t i = 0; i < kc_zr_count(x.zr); i++)
        if (!kc_zr_get(x.zr, i)->utf8_flagged)
            problemf(x.c, kc_zr_get(x.zr, i)->name, "zip", "%s",
                     _("a non-ASCII name without the zip UTF-8 flag: other tools will garble it"));
    x.digest = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    x.manifest = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    x.tags = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    check_bag(&x);
    load_manifest(&x, "manifest-sha256.txt", x.manifest);
    load_manifest(&x, "tagmanifest-sha256.txt", x.tags);
    hash_entries(&x, opts);
    check_missing(&x, x.manifest, "manifest-sha256.txt");
    check_missing(&x, x.tags, "tagmanifest-sha256.txt");
    check_json(&x);
    check_seal(&x, trust, opts);
done:
    if (x.digest)
        g_hash_table_destroy(x.digest);
    if (x.manifest)
        g_hash_table_destroy(x.manifest);
    if (x.tags)
        g_hash_table_destroy(x.tags);
    kc_zr_free(x.zr);
    *out = x.c;
    return 0;
}
